//! A generic callee's signature instantiated at one call: the type
//! variables of `fn eq<T: JsPrimitive>(value: T, other: T) -> bool` (a
//! scheme, in Hindley–Milner's words) are bound to the types the call's
//! arguments have, and the parameter and return types are the scheme's
//! with those types put in (as rustc's `instantiate` puts a call's
//! inferred arguments into a generic function's predicates).
//!
//! The callee's variables never reach the caller: a variable the
//! arguments leave unbound reads as unknown (so that the caller's own
//! analysis, and its own type variables, type the argument), and the
//! caller's types are never substituted again, so a caller's `T` and the
//! callee's `T` do not meet.

use std::collections::BTreeMap;

use super::super::ir::Ty;

/// The type each of a callee's type variables stands for at one call.
pub type Subst = BTreeMap<String, Ty>;

/// Two types one variable of the callee would stand for at one call.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    pub var: String,
    pub first: Ty,
    pub second: Ty,
}

/// Binds the variables of `scheme` to the parts of `actual` at their
/// places. An unknown part binds nothing yet; a part of another shape
/// binds nothing either (whether the argument converts is the backend's
/// to say). A variable met twice keeps the more known of its types where
/// one has unknown parts, and conflicts where both are known and differ.
pub fn unify(scheme: &Ty, actual: &Ty, subst: &mut Subst) -> Result<(), Conflict> {
    match (scheme, actual) {
        (_, Ty::Unknown) => Ok(()),
        (Ty::Var(v), _) => match subst.get(v) {
            None => {
                subst.insert(v.clone(), actual.clone());
                Ok(())
            }
            Some(old) if old == actual || !actual.is_known() => Ok(()),
            Some(old) if !old.is_known() => {
                subst.insert(v.clone(), actual.clone());
                Ok(())
            }
            Some(old) => Err(Conflict {
                var: v.clone(),
                first: old.clone(),
                second: actual.clone(),
            }),
        },
        (Ty::List(a), Ty::List(b))
        | (Ty::Set(a), Ty::Set(b))
        | (Ty::Option(a), Ty::Option(b))
        | (Ty::TupleOf(a), Ty::TupleOf(b))
        | (Ty::Iter(a), Ty::Iter(b)) => unify(a, b, subst),
        // A value passed where the callee takes `Option<T>`: the value is
        // the option's content.
        (Ty::Option(a), b) => unify(a, b, subst),
        (Ty::Dict(k, v), Ty::Dict(k2, v2)) | (Ty::Result(k, v), Ty::Result(k2, v2)) => {
            unify(k, k2, subst)?;
            unify(v, v2, subst)
        }
        (Ty::Tuple(xs), Ty::Tuple(ys)) if xs.len() == ys.len() => {
            for (x, y) in xs.iter().zip(ys) {
                unify(x, y, subst)?;
            }
            Ok(())
        }
        (Ty::Func(ps, r), Ty::Func(qs, s)) if ps.len() == qs.len() => {
            for (p, q) in ps.iter().zip(qs) {
                unify(p, q, subst)?;
            }
            unify(r, s, subst)
        }
        _ => Ok(()),
    }
}

/// `t` with the bound variables replaced by their types and the unbound
/// ones unknown.
pub fn substitute(t: &Ty, subst: &Subst) -> Ty {
    let s = |x: &Ty| Box::new(substitute(x, subst));
    match t {
        Ty::Var(v) => subst.get(v).cloned().unwrap_or(Ty::Unknown),
        Ty::List(x) => Ty::List(s(x)),
        Ty::Set(x) => Ty::Set(s(x)),
        Ty::Option(x) => Ty::Option(s(x)),
        Ty::TupleOf(x) => Ty::TupleOf(s(x)),
        Ty::Iter(x) => Ty::Iter(s(x)),
        Ty::Dict(k, v) => Ty::Dict(s(k), s(v)),
        Ty::Result(k, v) => Ty::Result(s(k), s(v)),
        Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(|x| substitute(x, subst)).collect()),
        Ty::Func(ps, r) => Ty::Func(ps.iter().map(|x| substitute(x, subst)).collect(), s(r)),
        other => other.clone(),
    }
}

/// The substitution a call with arguments of `args` gives a callee whose
/// parameters are of `params`.
pub fn instantiate(params: &[Ty], args: &[Ty]) -> Result<Subst, Conflict> {
    let mut subst = Subst::new();
    // Twice: a variable first met at an unknown part of one argument and
    // then known from a later one is checked against the earlier again.
    for _ in 0..2 {
        for (p, a) in params.iter().zip(args) {
            unify(p, a, &mut subst)?;
        }
    }
    Ok(subst)
}

#[cfg(test)]
mod tests {
    use super::super::super::ir::IntTy;
    use super::*;

    fn var(v: &str) -> Ty {
        Ty::Var(v.into())
    }

    #[test]
    fn arguments_bind_the_callees_variables() {
        // `fn first<T>(xs: Option<Vec<T>>, d: T) -> T` called with a
        // caller's own `Vec<T>` and a `T`: the callee's `T` is the
        // caller's, not confused with it.
        let params = [Ty::Option(Box::new(Ty::list(var("T")))), var("T")];
        let caller = var("T");
        let subst = instantiate(&params, &[Ty::list(caller.clone()), caller.clone()]);
        assert_eq!(subst.as_ref().map(|s| s.get("T")), Ok(Some(&caller)));
        let ints = instantiate(&params, &[Ty::list(Ty::Int(IntTy::I64)), Ty::Unknown]);
        let ints = ints.unwrap_or_default();
        assert_eq!(substitute(&var("T"), &ints), Ty::Int(IntTy::I64));
        // An unbound variable reads as unknown, never as the callee's own.
        assert_eq!(
            substitute(&Ty::list(var("U")), &ints),
            Ty::list(Ty::Unknown)
        );
    }

    #[test]
    fn one_variable_of_two_known_types_conflicts() {
        let params = [var("T"), var("T")];
        let got = instantiate(&params, &[Ty::Str, Ty::Int(IntTy::I64)]);
        assert_eq!(
            got.map_err(|c| c.var),
            Err("T".to_string()),
            "`eq(\"a\", 1)` has no one T"
        );
        let caller = instantiate(&params, &[var("T"), var("U")]);
        assert!(caller.is_err(), "two caller variables are two types");
        // A part still unknown gives way to the known type.
        let partial = instantiate(&params, &[Ty::list(Ty::Unknown), Ty::list(Ty::Str)]);
        assert_eq!(
            partial.map(|s| s.get("T").cloned()),
            Ok(Some(Ty::list(Ty::Str)))
        );
    }
}
