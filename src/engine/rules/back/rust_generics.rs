//! The generic parameter list of a Rust function whose parameters are of a
//! type variable ([`Ty::Var`]): `<T: Clone + PartialEq>`, with the bounds
//! the body uses and no others, so any caller's type that supports what
//! the Python function does to its values instantiates it.
//!
//! What each bound keeps of Python:
//! - `PartialEq` where the body compares values of the variable with `==`,
//!   `!=` or `in`: both sides are of the one type, so Rust's `==` is
//!   Python's (Python's `1 == "1"` across types never arises).
//! - `PartialOrd` where it orders them (`<`): Python raises on unordered
//!   mixed types, which one type excludes; floats' NaN compares false in
//!   both.
//! - `Ord` where it sorts them (`sorted`, `.sort()`): Python's sort by `<`
//!   is stable, as Rust's `sort` is; floats have no `Ord` and fail to
//!   compile. `min`/`max` of them stay declined: Python's `max` keeps the
//!   first of equal values, Rust's the last.
//! - `Hash + Eq` where a set or dict key holds them: floats have neither,
//!   so a caller with floats fails to compile, loudly, where Python
//!   hashes them.
//! - `Clone` where the body copies a value (Python shares the object; the
//!   function cannot change a value of a type variable, so a copy reads
//!   the same).
//! - `JsPrimitive` (JavaScript sources only) where the body compares
//!   values of one variable (`===`, `<`) or tests one for truth: a trait
//!   the output implements for numbers, strings and booleans, which
//!   JavaScript compares by value, and not for objects, which it compares
//!   by identity.
//!
//! Printing a value of a type variable (`str(x)`, an f-string) is declined
//! before this point: `Display` differs by type from Python's `str`
//! (`true` against `True`, float digits).

use std::collections::{BTreeMap, BTreeSet};

use super::super::analysis::generics::vars_in;
use super::super::analysis::Model;
use super::super::ir::Ty;

/// A trait a generic parameter is bound by, in the order written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Bound {
    Clone,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    /// A generator's local of the variable, declared before its first
    /// store (see `rust_generator`).
    Default,
    /// Values a JavaScript function compares or tests for truth: a
    /// primitive, which JavaScript compares and tests by value as Rust
    /// does (the trait `rust_support::js_primitive` writes).
    JsPrimitive,
}

impl Bound {
    pub(super) fn name(self) -> &'static str {
        match self {
            Bound::Clone => "Clone",
            Bound::PartialEq => "PartialEq",
            Bound::Eq => "Eq",
            Bound::PartialOrd => "PartialOrd",
            Bound::Ord => "Ord",
            Bound::Hash => "std::hash::Hash",
            Bound::Default => "Default",
            Bound::JsPrimitive => "JsPrimitive",
        }
    }
}

/// The bounds each type variable needs, as the writer finds uses.
#[derive(Default)]
pub(super) struct Bounds(BTreeMap<String, BTreeSet<Bound>>);

impl Bounds {
    /// Records that every type variable in `t` needs `b`.
    pub(super) fn need(&mut self, t: &Ty, b: Bound) {
        let mut vars = Vec::new();
        vars_in(t, &mut vars);
        for v in vars {
            self.0.entry(v).or_default().insert(b);
        }
    }

    /// The type variables of `params` (in order), each with the bounds
    /// the body needs of it. `copies`: whether the body copies any value
    /// (`.clone()`, `.cloned()`), which then may be one of them.
    pub(super) fn resolve(mut self, params: &[Ty], model: &Model, copies: bool) -> Resolved {
        let mut vars = Vec::new();
        for t in params {
            vars_in(t, &mut vars);
        }
        if !vars.is_empty() {
            for t in model.types.exprs.iter().chain(&model.types.locals) {
                self.hashed(t);
            }
        }
        let mut out = Vec::new();
        for v in vars {
            let mut bs = self.0.remove(&v).unwrap_or_default();
            if copies {
                bs.insert(Bound::Clone);
            }
            // A trait's supertraits go without saying: `Ord: Eq +
            // PartialOrd`, `Eq: PartialEq`.
            if bs.contains(&Bound::Ord) {
                bs.remove(&Bound::Eq);
                bs.remove(&Bound::PartialOrd);
                bs.remove(&Bound::PartialEq);
            }
            if bs.contains(&Bound::Eq) {
                bs.remove(&Bound::PartialEq);
            }
            // `JsPrimitive: Clone + ..`. Its `PartialEq` and `PartialOrd`
            // stay: another use needing them (`indexOf`, `includes`, whose
            // `NaN` differs) is still declined by `compared`.
            if bs.contains(&Bound::JsPrimitive) {
                bs.remove(&Bound::Clone);
            }
            out.push((v, bs));
        }
        Resolved(out)
    }

    /// Records `Hash + Eq` for the type variables a set or a dict's key
    /// holds anywhere in `t`.
    fn hashed(&mut self, t: &Ty) {
        match t {
            Ty::Set(x) => {
                self.need(x, Bound::Hash);
                self.need(x, Bound::Eq);
                self.hashed(x);
            }
            Ty::Dict(k, v) => {
                self.need(k, Bound::Hash);
                self.need(k, Bound::Eq);
                self.hashed(k);
                self.hashed(v);
            }
            Ty::List(x) | Ty::Option(x) | Ty::TupleOf(x) | Ty::Iter(x) => self.hashed(x),
            Ty::Result(a, b) => {
                self.hashed(a);
                self.hashed(b);
            }
            Ty::Tuple(ts) => ts.iter().for_each(|t| self.hashed(t)),
            Ty::Func(ps, r) => {
                ps.iter().for_each(|t| self.hashed(t));
                self.hashed(r);
            }
            _ => {}
        }
    }
}

/// The type variables of a function with their bounds, in order.
pub(super) struct Resolved(Vec<(String, BTreeSet<Bound>)>);

impl Resolved {
    /// The first variable with a bound other than `Clone` and
    /// `JsPrimitive`, and that bound: where the source is JavaScript,
    /// comparing, ordering and hashing a value of any type differ from
    /// Rust's (`===` and `Set` compare objects by identity, `<` and the
    /// default `sort` compare arrays as text), so only copying, and
    /// comparing values the bound `JsPrimitive` keeps to primitives, are
    /// the same.
    pub(super) fn compared(&self) -> Option<(&str, Bound)> {
        self.0.iter().find_map(|(v, bs)| {
            bs.iter()
                .find(|b| !matches!(b, Bound::Clone | Bound::JsPrimitive))
                .map(|b| (v.as_str(), *b))
        })
    }

    /// `<T: ..., U>`, or the empty string where there are no variables.
    pub(super) fn parameter_list(&self) -> String {
        if self.0.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|(v, bs)| {
                let names: Vec<&str> = bs.iter().map(|b| b.name()).collect();
                if names.is_empty() {
                    v.clone()
                } else {
                    format!("{v}: {}", names.join(" + "))
                }
            })
            .collect();
        format!("<{}>", parts.join(", "))
    }
}
