//! `Default::default()` and `T::default()`: the value Rust's `Default`
//! gives a type, written out where the type is known.
//!
//! A standard type's default is a literal or an empty container (`0`,
//! `false`, `""`, `[]`, `{}`, `None`); a type of the project calls its
//! `impl Default`'s `default`, takes its `#[default]` variant, or, for a
//! `#[derive(Default)]` struct, is built from each field's default. A
//! type the unit does not declare (or whose type Rust infers from where
//! the value goes, which is unknown here) is declined.

use tree_sitter::Node;

use super::types::{method_name, Receiver};
use super::Lower;
use crate::engine::rules::ir::{Expr, ExprKind, Lit, Ty};
use crate::engine::rules::Res;

/// The standard types whose `T::default()` this module writes, by the
/// name a path gives them.
pub(super) fn std_default_type(owner: &str) -> Option<Ty> {
    Some(match owner {
        // The 128-bit integers and `char` are left out.
        "i128" | "u128" | "char" => return None,
        "String" => Ty::Str,
        "Vec" => Ty::list(Ty::Unknown),
        "HashMap" => Ty::Dict(Box::new(Ty::Unknown), Box::new(Ty::Unknown)),
        "HashSet" => Ty::Set(Box::new(Ty::Unknown)),
        _ => Ty::rust_primitive(owner)?,
    })
}

impl<'s> Lower<'s> {
    /// The default of `ty`, or a decline at `n` naming the type.
    pub(super) fn default_value(&mut self, ty: &Ty, n: Node) -> Res<Expr> {
        let line = self.line(n);
        Ok(match ty {
            Ty::Int(_) => self.int(0, ty.clone(), line),
            Ty::Float(_) => self.lit(Lit::Float(0.0), ty.clone(), line),
            Ty::Bool => self.lit(Lit::Bool(false), Ty::Bool, line),
            Ty::Str => self.lit(Lit::Str(String::new()), Ty::Str, line),
            Ty::List(_) => self.mk(ExprKind::List(Vec::new()), ty.clone(), line),
            Ty::Dict(..) => self.mk(ExprKind::Dict(Vec::new()), ty.clone(), line),
            Ty::Set(_) => self.mk(ExprKind::Set(Vec::new()), ty.clone(), line),
            Ty::Option(_) => self.lit(Lit::None, ty.clone(), line),
            Ty::Tuple(ts) => {
                let mut items = Vec::new();
                for t in ts {
                    items.push(self.default_value(t, n)?);
                }
                self.mk(ExprKind::Tuple(items), ty.clone(), line)
            }
            Ty::Class(class) => return self.class_default(class, n),
            Ty::Unknown => {
                return self.decline(
                    n,
                    "`Default::default()` of a type the unit does not declare",
                )
            }
            other => return self.decline(n, format!("`Default::default()` of {other}")),
        })
    }

    /// The default of a class of the project: its `impl Default`'s
    /// `default()`, its `#[default]` variant, or a `#[derive(Default)]`
    /// struct's fields' defaults.
    fn class_default(&mut self, class: &str, n: Node) -> Res<Expr> {
        let line = self.line(n);
        let Some(def) = self.structs.get(class).cloned() else {
            return self.decline(
                n,
                format!("`Default::default()` of `{class}`, a type the unit does not declare"),
            );
        };
        let ty = Ty::Class(class.to_string());
        if let Some(sig) = def
            .methods
            .iter()
            .find(|m| m.name == "default" && m.receiver == Receiver::None && m.params.is_empty())
        {
            if def.clashes.iter().any(|c| c == "default") {
                return self.decline(n, format!("`{class}::default`, which two `impl`s declare"));
            }
            let Some(name) = method_name(&def, sig) else {
                return self.decline(n, format!("`{class}::default`, named like a field"));
            };
            return Ok(self.mk(
                ExprKind::CallStatic {
                    class: class.to_string(),
                    name,
                    args: Vec::new(),
                    of_receiver: false,
                },
                ty,
                line,
            ));
        }
        if let Some(v) = &def.default_variant {
            return Ok(self.mk(
                ExprKind::Variant {
                    class: class.to_string(),
                    name: v.clone(),
                },
                ty,
                line,
            ));
        }
        if def.derived_default && def.variants.is_none() {
            let mut args = Vec::new();
            for (_, t) in &def.fields {
                args.push(self.default_value(t, n)?);
            }
            return Ok(self.mk(
                ExprKind::New {
                    class: class.to_string(),
                    args,
                },
                ty,
                line,
            ));
        }
        self.decline(
            n,
            format!("`{class}::default()`, which has no `impl Default` or `#[derive(Default)]`"),
        )
    }

    /// `Default::default()`, `T::default()` and `S::default()` of a
    /// derived `Default`: `None` where the path is another call.
    pub(super) fn default_call(
        &mut self,
        owner: &str,
        fname: &str,
        args: &[Node],
        n: Node,
        exp: Option<&Ty>,
    ) -> Res<Option<Expr>> {
        if fname != "default" || !args.is_empty() {
            return Ok(None);
        }
        if owner == "Default" {
            let ty = exp.cloned().unwrap_or(Ty::Unknown);
            return self.default_value(&ty, n).map(Some);
        }
        if let Some(t) = std_default_type(owner) {
            // `Vec::default()` to a place of declared type takes its item.
            let ty = match exp {
                Some(e) if std::mem::discriminant(e) == std::mem::discriminant(&t) => e.clone(),
                _ => t,
            };
            return self.default_value(&ty, n).map(Some);
        }
        // A struct of the file deriving `Default`; an `impl Default` is a
        // method the struct's static call reaches.
        match self.struct_type(owner) {
            Some(Ty::Class(c))
                if self.structs.get(&c).is_some_and(|d| {
                    d.derived_default && !d.methods.iter().any(|m| m.name == "default")
                }) =>
            {
                self.class_default(&c, n).map(Some)
            }
            _ => Ok(None),
        }
    }
}
