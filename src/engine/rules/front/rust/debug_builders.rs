//! The `Formatter`'s debug builders in a hand-written `fmt`:
//! `f.debug_struct("Name").field("a", &self.a).finish()`,
//! `f.debug_tuple("Name").field(&x).finish()`, `f.debug_list().entry(&x)
//! .finish()`, `f.debug_set().entry(&x).finish()`, as one chain ending in
//! `finish()` (or `finish_non_exhaustive()`, which adds `..`).
//!
//! Rust's text is exactly specified where the caller's format is not the
//! alternate `{:#?}`: `Name { a: 1, b: 2 }`, `Name(1, 2)`, `[1, 2]`, `{1,
//! 2}`, `Name { a: 1, .. }`, each value its own `{:?}`. The chain becomes
//! that text as one format (`f"Name {{ a: {self.a} }}"`), the text of the
//! `fmt` it is written in. The alternate form is never asked of it: the
//! `fmt` becomes `__repr__`/`toString`/Node's `inspect.custom`, which
//! take no flags, and the translated code declines `{:#?}` and any other
//! specification of a struct (`format`'s `struct value printed with ..`).
//! A value is taken where the targets print Rust's `{:?}` of it exactly:
//! an integer or `bool` (as `{}` prints it) and a C-like enum whose
//! `Debug` is derived (its variant's name). Any other value (a string or
//! `char`, which `Debug` quotes and escapes; a float; an `Option`; a
//! struct) is declined, naming its type, as are a builder bound to a name
//! (`let mut d = f.debug_list();`, the `Formatter` method declined by
//! `formatter_flag`), `entries(..)`, `debug_map` and a field name or
//! title that is not a string literal.

use tree_sitter::Node;

use super::{orderings, Lower, MethodCall};
use crate::engine::rules::ir::{Expr, ExprKind, FormatPart, Ty, ENUM_VARIANT_FIELD};
use crate::engine::rules::Res;

/// Which builder a chain starts from: what brackets its values and
/// whether each carries a name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Builder {
    /// `debug_struct("Name")`: `Name { a: 1, b: 2 }`, `Name` with none.
    Struct,
    /// `debug_tuple("Name")`: `Name(1, 2)`, `Name` with none.
    Tuple,
    /// `debug_list()`: `[1, 2]`.
    List,
    /// `debug_set()`: `{1, 2}`.
    Set,
}

impl Builder {
    fn of(method: &str) -> Option<Builder> {
        Some(match method {
            "debug_struct" => Builder::Struct,
            "debug_tuple" => Builder::Tuple,
            "debug_list" => Builder::List,
            "debug_set" => Builder::Set,
            _ => return None,
        })
    }

    /// The method adding one value, and how many arguments it takes.
    fn adder(self) -> (&'static str, usize) {
        match self {
            Builder::Struct => ("field", 2),
            Builder::Tuple => ("field", 1),
            Builder::List | Builder::Set => ("entry", 1),
        }
    }
}

/// Appends `s` to the text part at the end of `parts`, or as a new one.
fn push_text(parts: &mut Vec<FormatPart>, s: &str) {
    if let Some(FormatPart::Text(t)) = parts.last_mut() {
        t.push_str(s);
    } else {
        parts.push(FormatPart::Text(s.to_string()));
    }
}

impl Lower<'_> {
    /// `finish()` or `finish_non_exhaustive()` of a chain of a debug
    /// builder's methods on the `Formatter`: the text Rust writes; `None`
    /// where the call is no such chain.
    pub(super) fn debug_builder(&mut self, mc: &MethodCall) -> Res<Option<Expr>> {
        let Some(formatter) = self.formatter.clone() else {
            return Ok(None);
        };
        let non_exhaustive = match mc.name.as_str() {
            "finish" => false,
            "finish_non_exhaustive" => true,
            _ => return Ok(None),
        };
        if !mc.args.is_empty() || mc.turbofish.is_some() {
            return Ok(None);
        }
        // The links from the `finish` down to the `Formatter`'s method.
        let mut links = Vec::new();
        let mut recv = mc.recv;
        let root = loop {
            let Some(link) = self.method_call(recv) else {
                return Ok(None);
            };
            if link.recv.kind() == "identifier"
                && self.text(link.recv) == formatter
                && self.lookup(&formatter).is_none()
            {
                break link;
            }
            recv = link.recv;
            links.push(link);
        };
        let Some(builder) = Builder::of(&root.name) else {
            return Ok(None);
        };
        links.reverse();
        if non_exhaustive && !matches!(builder, Builder::Struct | Builder::Tuple) {
            return self.decline(
                mc.node,
                format!("`finish_non_exhaustive()` of `{}`", root.name),
            );
        }
        let title = match (builder, root.args.as_slice()) {
            (Builder::Struct | Builder::Tuple, [name]) => self.literal_text(*name)?,
            (Builder::List | Builder::Set, []) => String::new(),
            _ => {
                return self.decline(root.node, format!("`{}` with these arguments", root.name));
            }
        };
        let mut parts = Vec::new();
        push_text(&mut parts, &title);
        let (adder, arity) = builder.adder();
        for (i, link) in links.iter().enumerate() {
            if link.name != adder || link.args.len() != arity || link.turbofish.is_some() {
                return self.decline(
                    link.node,
                    format!("`{}` of a `{}` builder", link.name, root.name),
                );
            }
            let open = match (builder, i) {
                (Builder::Struct, 0) => " { ",
                (Builder::Tuple, 0) => "(",
                (Builder::List, 0) => "[",
                (Builder::Set, 0) => "{",
                _ => ", ",
            };
            push_text(&mut parts, open);
            if builder == Builder::Struct {
                let name = self.literal_text(link.args[0])?;
                push_text(&mut parts, &format!("{name}: "));
            }
            let value = self.debug_value(link.args[arity - 1])?;
            parts.push(value);
        }
        let close = match (builder, links.is_empty(), non_exhaustive) {
            (Builder::Struct, true, true) => " { .. }",
            (Builder::Struct, false, true) => ", .. }",
            (Builder::Struct, false, false) => " }",
            (Builder::Tuple, true, true) => "(..)",
            (Builder::Tuple, false, true) => ", ..)",
            (Builder::Tuple, false, false) => ")",
            (Builder::Struct | Builder::Tuple, true, false) => "",
            (Builder::List, true, _) => "[]",
            (Builder::List, false, _) => "]",
            (Builder::Set, true, _) => "{}",
            (Builder::Set, false, _) => "}",
        };
        push_text(&mut parts, close);
        let line = self.line(mc.node);
        Ok(Some(self.mk(ExprKind::Format(parts), Ty::Str, line)))
    }

    /// A string literal's text (a builder's title or a field's name).
    fn literal_text(&mut self, n: Node) -> Res<String> {
        if !matches!(n.kind(), "string_literal" | "raw_string_literal") {
            return self.decline(n, "a debug builder's name that is not a string literal");
        }
        self.string_value(n)
    }

    /// A value a builder is given (`&self.a`, `self.size()`): Rust's
    /// `{:?}` of it, where the targets print exactly that.
    fn debug_value(&mut self, n: Node) -> Res<FormatPart> {
        // `&x` prints as `x` does.
        let inner = match n.kind() {
            "reference_expression" if !self.text(n).starts_with("&mut") => {
                n.child_by_field_name("value").unwrap_or(n)
            }
            _ => n,
        };
        let value = self.expr(inner)?;
        let ty = self.ty(&value);
        if ty == orderings::ORDERING && self.orderings_seen.get() {
            return self.decline(
                n,
                "`{:?}` of an `i8` where it may be an `Ordering` (Rust prints its name, the targets a number)",
            );
        }
        if ty.is_int() || ty == Ty::Bool {
            return Ok(FormatPart::Value {
                expr: value,
                spec: None,
            });
        }
        // A C-like enum's derived `Debug` writes its variant's name; one
        // written by hand (in this file or another) may write another.
        let derived_enum = self.is_enum(&ty) && self.def_of(&ty).is_some_and(|d| d.derived_debug);
        if derived_enum {
            let line = value.line;
            let name = self.mk(
                ExprKind::Attr {
                    value: Box::new(value),
                    name: ENUM_VARIANT_FIELD.to_string(),
                },
                Ty::Str,
                line,
            );
            return Ok(FormatPart::Value {
                expr: name,
                spec: None,
            });
        }
        self.decline(
            n,
            format!("`{{:?}}` of a value of type {ty} in a debug builder"),
        )
    }
}
