//! A `Display` impl's `fmt` that writes its text in steps: `f.write_str(a)?;
//! write!(f, "{}", b)?; self.x.fmt(f)?; Ok(())`.
//!
//! The `Formatter` becomes a local string holding the text written so far:
//! each write as a statement (its `?` kept no error, since writing to a
//! string cannot fail) appends to it, and `Ok(())` as a result returns it.
//! A `fmt` whose every result is one write (`write!(f, "({})", x)`) keeps
//! the plainer form of [`super::types`], the write's text as the result.
//! What the targets cannot carry is declined: the `Formatter`'s flags
//! (`f.alternate()`, the `{:#}` of a caller; `f.width()`), a write inside a
//! closure, `x.fmt(f)` where another formatting trait (`Debug`) may be
//! the one in scope.

use tree_sitter::Node;

use super::{Lower, MethodCall};
use crate::engine::rules::ir::{
    BinOp, Block, Expr, ExprKind, FormatPart, Lit, OperandSem, StmtKind, Ty,
};
use crate::engine::rules::{named_children, Res};

/// The formatting traits besides `Display` whose method is `fmt`: with one
/// of them imported, `x.fmt(f)` may be its method, not `Display`'s.
const OTHER_FORMAT_TRAITS: [&str; 8] = [
    "Debug", "LowerHex", "UpperHex", "Octal", "Binary", "LowerExp", "UpperExp", "Pointer",
];

/// The key the text written so far is bound under in the method's scope:
/// no Rust name, so no name of the source finds it.
pub(super) const WRITTEN: &str = "<written>";

impl<'s> Lower<'s> {
    /// Whether a `fmt` body writes in steps: a `?` or an `Ok(..)` in it,
    /// which the one-result form cannot lower (its results are strings).
    pub(super) fn writes_in_steps(&self, body: Node) -> bool {
        let mut stack = vec![body];
        while let Some(n) = stack.pop() {
            if n.kind() == "try_expression" {
                return true;
            }
            if n.kind() == "call_expression"
                && n.child_by_field_name("function")
                    .is_some_and(|f| self.text(f) == "Ok")
            {
                return true;
            }
            stack.extend(named_children(n));
        }
        false
    }

    /// The target name of the text written so far, inside a `fmt` that
    /// writes in steps.
    fn written(&self) -> Option<String> {
        self.lookup(WRITTEN).map(|l| l.target.clone())
    }

    /// A write to the `Formatter` or `Ok(())` as a statement (`result`
    /// false) or as the body's result: lowered into `out`, `true`; `false`
    /// for anything else, or outside a `fmt` that writes in steps.
    pub(super) fn formatter_step(&mut self, e: Node, result: bool, out: &mut Block) -> Res<bool> {
        let Some(written) = self.written() else {
            return Ok(false);
        };
        let inner = match e.kind() {
            "try_expression" => match named_children(e).first() {
                Some(i) => *i,
                None => return Ok(false),
            },
            _ => e,
        };
        let line = self.line(e);
        let in_closure = self.inline > 0 || !self.closure_depth.is_empty();
        if result && !in_closure && self.is_ok_unit(inner) {
            let text = self.name_expr(&written, Ty::Str, line);
            out.push(self.stmt(StmtKind::Return(Some(text)), line));
            return Ok(true);
        }
        let Some(text) = self.formatter_text(inner)? else {
            return Ok(false);
        };
        if in_closure {
            return self.decline(e, "a write to the `Formatter` inside a closure");
        }
        out.extend(std::mem::take(&mut self.pre));
        let target = self.name_target(written.clone(), Ty::Str);
        out.push(self.stmt(
            StmtKind::AugAssign {
                target,
                op: BinOp::Add(OperandSem::ByTypes),
                value: text,
            },
            line,
        ));
        if result {
            let text = self.name_expr(&written, Ty::Str, line);
            out.push(self.stmt(StmtKind::Return(Some(text)), line));
        }
        Ok(true)
    }

    /// `Ok(())`.
    fn is_ok_unit(&self, n: Node) -> bool {
        n.kind() == "call_expression"
            && n.child_by_field_name("function")
                .is_some_and(|f| self.text(f) == "Ok")
            && n.child_by_field_name("arguments")
                .is_some_and(|a| self.text(a).replace(' ', "") == "(())")
    }

    /// The text a write to the `Formatter` writes: `write!(f, ..)`,
    /// `f.write_str(s)`, `x.fmt(f)`; `None` for another expression.
    fn formatter_text(&mut self, n: Node) -> Res<Option<Expr>> {
        if n.kind() == "macro_invocation"
            && self.macro_name(n)? == "write"
            && self.writes_to_formatter(n)?
        {
            return self.format(n, 1).map(Some);
        }
        let Some(mc) = self.method_call(n) else {
            return Ok(None);
        };
        if let Some(text) = self.formatter_write_str(&mc)? {
            // Recorded as a result by `formatter_write_str`; here it is a
            // step, appended.
            self.formatter_writes.retain(|w| *w != text.id);
            return Ok(Some(text));
        }
        if let Some(text) = self.debug_builder(&mc)? {
            return Ok(Some(text));
        }
        self.delegated_fmt(&mc)
    }

    /// `x.fmt(f)` with the `Formatter` of the `fmt` being lowered: the text
    /// `x` displays, as `format!("{}", x)` gives it. `None` where the call
    /// is no such delegation.
    pub(super) fn delegated_fmt(&mut self, mc: &MethodCall) -> Res<Option<Expr>> {
        let Some(formatter) = self.formatter.clone() else {
            return Ok(None);
        };
        let [arg] = mc.args.as_slice() else {
            return Ok(None);
        };
        if mc.name != "fmt"
            || arg.kind() != "identifier"
            || self.text(*arg) != formatter
            || self.lookup(&formatter).is_some()
            || mc.turbofish.is_some()
        {
            return Ok(None);
        }
        if self.debug_fmt {
            return self.delegated_debug_fmt(mc);
        }
        if self.imports_other_format_trait() {
            return self.decline(
                mc.node,
                "`fmt(f)` with a formatting trait other than `Display` imported",
            );
        }
        let value = self.expr(mc.recv)?;
        let ty = self.ty(&value);
        let shown = match &ty {
            Ty::Int(_) | Ty::Str | Ty::Char | Ty::Bool => true,
            Ty::Class(_) => {
                self.displays(&ty)
                    && self
                        .def_of(&ty)
                        .is_some_and(|d| !d.methods.iter().any(|m| m.name == "fmt"))
            }
            _ => false,
        };
        if !shown {
            return self.decline(mc.node, format!("`fmt(f)` of a value of type {ty}"));
        }
        let line = self.line(mc.node);
        let part = FormatPart::Value {
            expr: value,
            spec: None,
        };
        Ok(Some(self.mk(ExprKind::Format(vec![part]), Ty::Str, line)))
    }

    /// `x.fmt(f)` inside a `Debug` impl's `fmt`: `Debug`'s or `Display`'s
    /// (whichever is imported; both would make the call ambiguous), which
    /// print integers and `bool`s alike, as `format!("{}", x)` does.
    /// Declined for any other value (`Debug` quotes a string) and where
    /// another formatting trait (`LowerHex`) is imported.
    fn delegated_debug_fmt(&mut self, mc: &MethodCall) -> Res<Option<Expr>> {
        let uses = &self.use_lines;
        let other = uses.contains("fmt::*")
            || OTHER_FORMAT_TRAITS
                .iter()
                .filter(|t| **t != "Debug")
                .any(|t| {
                    uses.split(|c: char| !c.is_alphanumeric() && c != '_')
                        .any(|w| w == *t)
                });
        if other {
            return self.decline(
                mc.node,
                "`fmt(f)` with a formatting trait other than `Debug` and `Display` imported",
            );
        }
        let value = self.expr(mc.recv)?;
        let ty = self.ty(&value);
        if !matches!(ty, Ty::Int(_) | Ty::Bool) {
            return self.decline(
                mc.node,
                format!("`fmt(f)` in an `impl Debug` of a value of type {ty}"),
            );
        }
        let line = self.line(mc.node);
        let part = FormatPart::Value {
            expr: value,
            spec: None,
        };
        Ok(Some(self.mk(ExprKind::Format(vec![part]), Ty::Str, line)))
    }

    /// Whether the unit or its file imports a formatting trait other than
    /// `Display`, or all of `fmt`'s names.
    fn imports_other_format_trait(&self) -> bool {
        let uses = &self.use_lines;
        uses.contains("fmt::*")
            || OTHER_FORMAT_TRAITS.iter().any(|t| {
                uses.split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| w == *t)
            })
    }

    /// The empty text a `fmt` that writes in steps starts from, bound
    /// under [`WRITTEN`] in the method's scope: its assignment.
    pub(super) fn start_written(&mut self, formatter: &str, line: usize) -> Block {
        let target = self.bind(formatter, Ty::Str);
        if let Some(scope) = self.scopes.last_mut() {
            if let Some(local) = scope.names.remove(formatter) {
                scope.names.insert(WRITTEN.to_string(), local);
            }
        }
        let empty = self.lit(Lit::Str(String::new()), Ty::Str, line);
        vec![self.assign_name(target, Ty::Str, empty, line)]
    }

    /// A write to the `Formatter` whose text is a value (not a statement or
    /// the result) in a `fmt` that writes in steps: declined, since the
    /// text written before it would be lost.
    pub(super) fn no_write_as_value(&self, n: Node) -> Res<()> {
        if self.written().is_some() {
            return self.decline(n, "a write to the `Formatter` used as a value");
        }
        Ok(())
    }

    /// A method of the `Formatter` other than a write (`f.alternate()`,
    /// `f.width()`): the flags of the caller's format (`{:#}`, `{:>5}`),
    /// which `__str__`/`toString` are not given, so declined by name.
    pub(super) fn formatter_flag(&self, mc: &MethodCall) -> Res<()> {
        let Some(formatter) = self.formatter.as_deref() else {
            return Ok(());
        };
        if mc.recv.kind() == "identifier"
            && self.text(mc.recv) == formatter
            && self.lookup(formatter).is_none()
        {
            return self.decline(
                mc.node,
                format!(
                    "`{formatter}.{}()` of the `Formatter` (the flags of the caller's format are not carried)",
                    mc.name
                ),
            );
        }
        Ok(())
    }
}
