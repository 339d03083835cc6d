//! `From`/`Into` conversions: the `impl From<X> for T` blocks of a type,
//! and the `x.into()` calls and `impl Into<T>` parameters that use them.
//!
//! Rust picks one `from` per source type at compile time; the targets have
//! one namespace per class, so several `impl From<X> for T` become one
//! dispatching static `from` on `T`'s class that picks the branch by the
//! argument's kind at run time (`isinstance(v, AnsiColor)`, `v instanceof
//! AnsiColor`; an int is `isinstance(v, int)`, `typeof v === "number"`; a
//! tuple `isinstance(v, tuple)`, `Array.isArray(v)`), each branch being
//! one impl's `from` under a name of its own (`from_AnsiColor`). Every
//! `From` impl unit writes the same dispatcher, so whichever runs last
//! leaves it as it was. Rust's blanket `impl<T> From<T> for T` is the
//! dispatcher's first test: a `T` is returned as it is, which is what an
//! `impl Into<T>` parameter converted at entry needs. Two source types
//! the targets cannot tell apart at run time (`u8` and `u16`, both
//! numbers; a tuple and a `Vec`, both arrays in JavaScript) are declined.

use tree_sitter::Node;

use super::types::StructDef;
use super::Lower;
use crate::engine::rules::ir::{
    Builtin, ClassMethod, Expr, ExprKind, Function, Lit, MethodKind, Param, Passing, Stmt,
    StmtKind, Ty,
};
use crate::engine::rules::Res;

/// One `impl From<X> for T` of a type: the source type as written (the
/// key under which a later reading of the same impl replaces it) and as
/// read.
#[derive(Clone, Debug)]
pub(super) struct Conversion {
    pub text: String,
    pub source: Ty,
}

/// What the targets can tell of a value at run time, without its Rust
/// type: the order is the dispatcher's (a Python `bool` is an `int` too,
/// so it is tested first).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum RuntimeKind {
    /// An object of a class of the project (a struct or an enum).
    Class(String),
    Bool,
    /// Every integer and float: JavaScript keeps one number type.
    Number,
    /// `String`, `&str` and `char`: one string type in both targets.
    Str,
    /// Tuples, arrays and `Vec`s: JavaScript arrays all.
    Sequence,
}

impl RuntimeKind {
    /// The spelling [`Builtin::IsInstance`] takes for a Rust source.
    fn spelling(&self) -> String {
        match self {
            RuntimeKind::Class(c) => format!("class:{c}"),
            RuntimeKind::Bool => "bool".into(),
            RuntimeKind::Number => "number".into(),
            RuntimeKind::Str => "str".into(),
            RuntimeKind::Sequence => "sequence".into(),
        }
    }

    /// The suffix of the branch method's name (`from_AnsiColor`).
    fn suffix(&self) -> String {
        match self {
            RuntimeKind::Class(c) => c.clone(),
            RuntimeKind::Bool => "bool".into(),
            RuntimeKind::Number => "number".into(),
            RuntimeKind::Str => "str".into(),
            RuntimeKind::Sequence => "sequence".into(),
        }
    }

    fn described(&self) -> &'static str {
        match self {
            RuntimeKind::Class(_) => "objects of one class",
            RuntimeKind::Bool => "bools",
            RuntimeKind::Number => "numbers",
            RuntimeKind::Str => "strings",
            RuntimeKind::Sequence => "arrays in JavaScript",
        }
    }
}

fn runtime_kind(ty: &Ty) -> Option<RuntimeKind> {
    Some(match ty {
        Ty::Class(c) => RuntimeKind::Class(c.clone()),
        Ty::Bool => RuntimeKind::Bool,
        Ty::Int(_) | Ty::Float(_) => RuntimeKind::Number,
        Ty::Str | Ty::Char => RuntimeKind::Str,
        Ty::Tuple(_) | Ty::List(_) => RuntimeKind::Sequence,
        _ => return None,
    })
}

/// The name a `From` impl's `from` has on the class where the type has
/// several: `from_` and its source's kind.
pub(super) fn branch_name(source: &Ty) -> Option<String> {
    runtime_kind(source).map(|k| format!("from_{}", k.suffix()))
}

/// `From<X>` of an `impl` header's trait: the node of `X`.
pub(super) fn from_source<'t>(trait_node: Node<'t>, src: &str) -> Option<Node<'t>> {
    if trait_node.kind() != "generic_type" {
        return None;
    }
    let base = trait_node.child_by_field_name("type")?;
    let base_text = &src[base.byte_range()];
    if base_text.rsplit("::").next() != Some("From") {
        return None;
    }
    match super::types::type_arguments(trait_node.child_by_field_name("type_arguments")?).as_slice()
    {
        [one] => Some(*one),
        _ => None,
    }
}

impl<'s> Lower<'s> {
    /// The source type of `impl From<X> for S`, where `item` is one.
    pub(super) fn source_of_from_impl(&self, item: Node<'s>) -> Option<Node<'s>> {
        from_source(item.child_by_field_name("trait")?, self.src)
    }

    /// Whether `def` has one dispatching `from` (two `From` impls or more).
    pub(super) fn dispatches(def: &StructDef) -> bool {
        def.conversions.len() >= 2
    }

    /// The branches of `def`'s dispatching `from`, in the order it tests
    /// them; declined (at `node`) where two sources are one kind at run
    /// time or one is of a kind the targets do not tell.
    fn branches(&self, def: &StructDef, node: Node) -> Res<Vec<(RuntimeKind, Conversion)>> {
        let mut out: Vec<(RuntimeKind, Conversion)> = Vec::new();
        for c in &def.conversions {
            let Some(kind) = runtime_kind(&c.source) else {
                return self.decline(
                    node,
                    format!(
                        "`impl From<{}> for {}` beside other `From` impls: no run-time test of the targets tells a {} apart",
                        c.text, def.name, c.source
                    ),
                );
            };
            if kind == RuntimeKind::Class(def.name.clone()) {
                return self.decline(node, format!("`impl From<{0}> for {0}`", def.name));
            }
            if let Some((_, other)) = out.iter().find(|(k, _)| *k == kind) {
                return self.decline(
                    node,
                    format!(
                        "`impl From<{}> for {2}` beside `impl From<{}> for {2}`: the targets cannot tell their values apart at run time (both {3})",
                        c.text,
                        other.text,
                        def.name,
                        kind.described()
                    ),
                );
            }
            out.push((kind, c.clone()));
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// Checks that `def`'s `From` impls can be told apart, and names the
    /// branch method of the impl from `source`.
    pub(super) fn branch_of(&self, def: &StructDef, source: &Ty, node: Node) -> Res<String> {
        self.branches(def, node)?;
        match branch_name(source) {
            Some(n) if !def.methods.iter().any(|m| m.name == n) => Ok(n),
            Some(n) => self.decline(
                node,
                format!("`impl From` of `{}` beside a method named `{n}`", def.name),
            ),
            None => self.decline(node, format!("`impl From<{source}> for {}`", def.name)),
        }
    }

    /// The dispatching `from` of `def`: its own class's value as it is,
    /// then each impl's branch by the argument's kind.
    pub(super) fn dispatcher(&mut self, def: &StructDef, node: Node) -> Res<ClassMethod> {
        let branches = self.branches(def, node)?;
        let line = self.line(node);
        let class = def.name.clone();
        let value = "value".to_string();
        let param = self.param(value.clone(), Ty::Unknown, Passing::Owned, line);
        let mut arms = vec![(RuntimeKind::Class(class.clone()), None)];
        for (kind, c) in branches {
            arms.push((kind, Some(c.source)));
        }
        let mut tests = Vec::new();
        for (kind, source) in arms {
            let v = self.name_expr(&value, Ty::Unknown, line);
            let spelled = self.lit(Lit::Str(kind.spelling()), Ty::Str, line);
            let test = self.builtin(Builtin::IsInstance, vec![v, spelled], Ty::Bool, line);
            let result = match source {
                None => self.name_expr(&value, Ty::Class(class.clone()), line),
                Some(source) => {
                    let arg = self.name_expr(&value, source.clone(), line);
                    let name = branch_name(&source).unwrap_or_default();
                    self.mk(
                        ExprKind::CallStatic {
                            class: class.clone(),
                            name,
                            args: vec![arg],
                            of_receiver: false,
                        },
                        Ty::Class(class.clone()),
                        line,
                    )
                }
            };
            tests.push((test, vec![Stmt::new(StmtKind::Return(Some(result)), line)]));
        }
        let fail = Stmt::new(
            StmtKind::Fail {
                kind: crate::engine::rules::ir::ErrorKind::TypeError,
                message: Some(format!("no `From` impl of `{class}` takes this value")),
            },
            line,
        );
        let body = vec![Stmt::new(
            StmtKind::If {
                branches: tests,
                orelse: vec![fail],
            },
            line,
        )];
        Ok(ClassMethod {
            kind: MethodKind::Static,
            function: Function {
                name: "from".into(),
                params: vec![param],
                ret: Ty::Class(class),
                body,
                line,
                comments: vec![" xlate: one `from` for every `impl From` of the type, picked by the value's kind".into()],
                nonlocal: Vec::new(),
                declared: Vec::new(),
            },
        })
    }

    /// `x.into()` where the type wanted is a class of the file with `From`
    /// impls: `T::from(x)`, or `x` itself where it is a `T` already.
    pub(super) fn conversion_call(
        &mut self,
        recv: Node,
        wanted: &Ty,
        n: Node,
    ) -> Res<Option<Expr>> {
        if self.conversions_to(wanted).is_none() {
            return Ok(None);
        }
        let v = self.expr(recv)?;
        self.convert_value(v, wanted, n)
    }

    /// The class `wanted` names and its declaration, where the file has
    /// `impl From`s for it.
    fn conversions_to(&self, wanted: &Ty) -> Option<(String, StructDef)> {
        let Ty::Class(class) = wanted else {
            return None;
        };
        let def = self.structs.get(class)?;
        (!def.conversions.is_empty()).then(|| (class.clone(), def.clone()))
    }

    /// `T::from(v)` of a lowered value, `T` a class with `impl From`s of
    /// the file (see `conversion_call`); `None` where it has none.
    pub(super) fn convert_value(&mut self, v: Expr, wanted: &Ty, n: Node) -> Res<Option<Expr>> {
        let Some((class, def)) = self.conversions_to(wanted) else {
            return Ok(None);
        };
        let class = &class;
        let vt = self.ty(&v);
        if vt == *wanted {
            return Ok(Some(v));
        }
        let takes = match runtime_kind(&vt) {
            Some(k) if Self::dispatches(&def) => {
                self.branches(&def, n)?;
                def.conversions
                    .iter()
                    .any(|c| runtime_kind(&c.source) == Some(k.clone()))
            }
            // One impl: its source, or an integer literal Rust typed as
            // that impl's integer.
            _ => def
                .conversions
                .iter()
                .any(|c| c.source == vt || (c.source.is_int() && vt.is_int())),
        };
        if !takes {
            return self.decline(
                n,
                format!("`into()` of {vt} into `{class}`, which no `impl From` of the file takes"),
            );
        }
        let line = self.line(n);
        let name = if Self::dispatches(&def) {
            "from".to_string()
        } else {
            // The one `impl From`'s `from`, which the class has as it is.
            match def.methods.iter().find(|m| m.name == "from") {
                Some(sig) => match super::types::method_name(&def, sig) {
                    Some(n) => n,
                    None => return self.decline(n, "`from` named like a field"),
                },
                None => return self.decline(n, format!("`into()` into `{class}`")),
            }
        };
        Ok(Some(self.mk(
            ExprKind::CallStatic {
                class: class.clone(),
                name,
                args: vec![v],
                of_receiver: false,
            },
            wanted.clone(),
            line,
        )))
    }

    /// `impl Into<T>` as a parameter's type: `T`, where `T` is `String`
    /// (whose sources are strings already) or a class whose `from`
    /// dispatches (and takes a `T` too). `None` for any other trait.
    pub(super) fn parameter_into_type(&self, node: Node) -> Option<Res<Ty>> {
        if node.kind() != "abstract_type" {
            return None;
        }
        let t = node.child_by_field_name("trait")?;
        if t.kind() != "generic_type" {
            return None;
        }
        let base = self.text(t.child_by_field_name("type")?);
        if base.rsplit("::").next() != Some("Into") {
            return None;
        }
        let args = super::types::type_arguments(t.child_by_field_name("type_arguments")?);
        let [one] = args.as_slice() else {
            return Some(self.decline(node, format!("type `{}`", self.text(node))));
        };
        Some((|| {
            let ty = self.owned_type(*one)?;
            match &ty {
                Ty::Str => Ok(ty),
                Ty::Class(c) if self.structs.get(c).is_some_and(Self::dispatches) => Ok(ty),
                _ => self.decline(
                    node,
                    format!(
                        "type `{}` (only `Into<String>` and `Into<T>` of a type with several `impl From` of the file are converted)",
                        self.text(node)
                    ),
                ),
            }
        })())
    }

    /// The statements converting `impl Into<T>` parameters at entry
    /// (`p = T.from(p)`), for each parameter of `item` declared so.
    pub(super) fn entry_conversions(&mut self, params: &[(Node, Param)]) -> Vec<Stmt> {
        let mut out = Vec::new();
        for (ty_node, p) in params {
            let Ty::Class(class) = &p.ty else { continue };
            // A writer (`impl std::io::Write`) is taken as it is.
            if ty_node.kind() != "abstract_type" || class == super::writer::WRITER {
                continue;
            }
            let line = p.line;
            let v = self.name_expr(&p.name, Ty::Unknown, line);
            let call = self.mk(
                ExprKind::CallStatic {
                    class: class.clone(),
                    name: "from".into(),
                    args: vec![v],
                    of_receiver: false,
                },
                p.ty.clone(),
                line,
            );
            out.push(self.assign_name(p.name.clone(), p.ty.clone(), call, line));
        }
        out
    }
}

/// Whether a parameter's type is `impl Into<T>`, the one bound of the
/// value (the parameter is converted to its `T` at entry).
pub(super) fn is_into_bound(node: Node, src: &str) -> bool {
    if node.kind() != "abstract_type" {
        return false;
    }
    let Some(t) = node.child_by_field_name("trait") else {
        return false;
    };
    t.kind() == "generic_type"
        && t.child_by_field_name("type")
            .and_then(|b| src.get(b.byte_range()))
            .is_some_and(|b| b.rsplit("::").next() == Some("Into"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::ir::{FloatTy, IntTy};

    /// Sources the targets tell apart at run time get branches of their
    /// own; sources of one kind share one name, which is what makes two
    /// of them a decline.
    #[test]
    fn branches_are_named_by_the_kind_the_targets_test() {
        let name = |t: Ty| branch_name(&t);
        assert_eq!(
            name(Ty::Class("AnsiColor".into())).as_deref(),
            Some("from_AnsiColor")
        );
        assert_eq!(name(Ty::Int(IntTy::U8)), name(Ty::Int(IntTy::U16)));
        assert_eq!(name(Ty::Int(IntTy::U8)), name(Ty::Float(FloatTy::F64)));
        assert_eq!(name(Ty::Char), name(Ty::Str));
        assert_eq!(
            name(Ty::Tuple(vec![Ty::Int(IntTy::U8)])),
            name(Ty::list(Ty::Int(IntTy::U8)))
        );
        assert_ne!(name(Ty::Bool), name(Ty::Int(IntTy::U8)));
        assert_eq!(name(Ty::Option(Box::new(Ty::Bool))), None);
        // A bool is tested before a number: Python's `bool` is an `int`.
        assert!(RuntimeKind::Bool < RuntimeKind::Number);
    }
}
