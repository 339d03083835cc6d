//! Type variables for the parameters nothing types: Python's "any value"
//! as a Rust generic (`def identity(x): return x` is `fn identity<T>(x: T)
//! -> T`).
//!
//! A parameter the source leaves untyped, whose uses ([`super::usage`])
//! allow more than one type and which inference leaves unknown, gets a
//! fresh [`Ty::Var`]. Inference then carries it like any type: a name it
//! is assigned to, a list it is appended to, a value returned, are of it.
//! It joins only itself, so a value of it meeting any other type (`x ==
//! 0`, `x + 1`, `x = 5`) declines as two unrelated types do; what the
//! backend cannot write for any type (truth, printing, arithmetic,
//! methods) declines there with its own reason. The backend writes the
//! generic parameter list with the bounds the body uses.

use std::collections::{HashMap, HashSet};

use super::super::ir::{
    for_each_expr, for_each_stmt, for_each_stmt_expr, Builtin, CmpOp, Expr, ExprKind, Function,
    Lit, LogicOp, Passing, StmtKind, Truthiness, Ty,
};
use super::Model;

/// Names for type variables, in order; a unit with more untyped
/// parameters numbers them past these.
const NAMES: [&str; 4] = ["T", "U", "V", "W"];

/// Whether each unknown part of the parameters' types gets a type variable
/// of its own, or all share one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sharing {
    /// The most general signature: a caller may pass values of unrelated
    /// types for `a` and `b`.
    Fresh,
    /// One variable for all, where the body mixes them (`a == b`, `[a,
    /// b]`, a graph's nodes as keys and in the lists of neighbours): the
    /// caller passes values of one type.
    Shared,
}

/// Gives the unknown parts of the parameters `model` leaves untyped
/// (`unknown`, `list[unknown]`, `dict[unknown, list[unknown]]`) type
/// variables, named so that no name of the unit is shadowed; returns
/// whether it gave any (the function is then analysed again). A
/// parameter of unknown type that the body uses as a sequence (see
/// [`sequence_names`]) is a list of a type variable: `Vec<T>` is what the
/// Rust backend iterates, indexes and measures, and a caller with another
/// iterable (a string, a dict, a generator) fails to compile rather than
/// running differently. A parameter the body calls (`interceptor(value)`)
/// is a function of its first call's argument types (once they are known)
/// giving a value of a variable of its own. With `optional_when_tested`
/// (JavaScript, whose caller may pass `null` or `undefined` for any
/// parameter), a parameter of otherwise unknown type that the body
/// compares with the empty value (see [`null_tested_names`]) is an
/// `Option` of a type variable: `None` is the one empty kind the function
/// tests (the frontend keeps `=== null` only where no empty value of the
/// other kind reaches it), and the test is `is_none()`, not the constant
/// it would be for a value of a plain type variable.
pub fn type_variables(
    f: &mut Function,
    model: &Model,
    sharing: Sharing,
    optional_when_tested: bool,
) -> bool {
    let taken = names_in(f);
    let mut fresh = (0..)
        .map(|i: usize| match NAMES.get(i) {
            Some(n) => (*n).to_string(),
            None => format!("T{}", i - NAMES.len() + 1),
        })
        .filter(|n| !taken.contains(n));
    // A later round (see `rules::generic`) shares the variable the first
    // gave.
    let mut given_before = Vec::new();
    f.params
        .iter()
        .for_each(|p| vars_in(&p.ty, &mut given_before));
    let shared = match sharing {
        Sharing::Shared => given_before.into_iter().next().or_else(|| fresh.next()),
        Sharing::Fresh => None,
    };
    let mut next = || shared.clone().or_else(|| fresh.next());
    let iterated = sequence_names(f);
    let called = called_names(f);
    let (tested, truth_tested, for_truth) = if optional_when_tested {
        (
            null_tested_names(f),
            truth_tested_names(f),
            called_for_truth(f),
        )
    } else {
        (HashSet::new(), HashSet::new(), HashSet::new())
    };
    let mut given = false;
    // The caller's variable given for each placeholder of a callee's.
    let mut placeholders = HashMap::new();
    for p in f.params.iter_mut() {
        if p.passing == Passing::Rest || p.ty.is_known() || called.contains_key(&p.name) {
            continue;
        }
        let Some(l) = model.scopes.local_id(p.id) else {
            continue;
        };
        let mut ty = model.local_ty(l).clone();
        if ty == Ty::Unknown && iterated.contains(&p.name) {
            ty = Ty::list(Ty::Unknown);
        }
        // Passed to another module's generic function as a list (or
        // another shape): of that shape, its unknown parts variables (all
        // known where the call's other arguments bind the callee's: a
        // `Vec<i64>` for `indexOf(array, 7)`). Not one the body tests for
        // the empty value, which its caller may pass (the shape has no
        // room for it).
        let null_tested = tested.contains(&p.name) || truth_tested.contains(&p.name);
        if ty == Ty::Unknown && !null_tested {
            if let Some(shape) = model.types.passed_as.get(&l) {
                if let Some(t) = placeholders_as_vars(shape, &mut placeholders, &mut next) {
                    p.ty = t;
                    given = true;
                }
                continue;
            }
        }
        // JavaScript's arrays and objects are always true: testing the
        // truth of one (`array ? array.length : 0`) tests it for null.
        let always_true = matches!(ty, Ty::List(_) | Ty::Dict(..) | Ty::Set(_));
        let tested = (tested.contains(&p.name) || (always_true && truth_tested.contains(&p.name)))
            && !matches!(ty, Ty::Option(_));
        if ty.is_known() && !tested {
            continue;
        }
        // The uses type the value where it is there (`array.length`,
        // read after the test: see `super::narrow`).
        if tested {
            ty = Ty::Option(Box::new(ty));
        }
        if let Some(t) = with_vars(&ty, &mut next) {
            p.ty = t;
            given = true;
        }
    }
    // A parameter only called (`interceptor(value)`) is a function of the
    // call's argument types, giving a value of a type variable of its own.
    let typed: Vec<(String, Ty)> = f
        .params
        .iter()
        .map(|p| (p.name.clone(), p.ty.clone()))
        .collect();
    for p in f.params.iter_mut() {
        let Some(args) = called.get(&p.name) else {
            continue;
        };
        if p.passing == Passing::Rest || p.ty.is_known() {
            continue;
        }
        let Some(l) = model.scopes.local_id(p.id) else {
            continue;
        };
        if model.local_ty(l) != &Ty::Unknown || model.scopes.called_param(&p.name) != Some(l) {
            continue;
        }
        let arg_tys: Option<Vec<Ty>> = args
            .iter()
            .map(|a| {
                let param_ty = |e: &Expr| match &e.kind {
                    ExprKind::Name(n) => typed.iter().find(|(name, _)| name == n).map(|(_, t)| t),
                    _ => None,
                };
                // An item of a list parameter just given a type variable
                // (`iteratee(array[index], index)`) is of that variable;
                // the analysis ran before the variable was given.
                let t = match &a.kind {
                    ExprKind::Name(_) => {
                        param_ty(a).cloned().unwrap_or_else(|| model.ty(a).clone())
                    }
                    // So is one of a list that may be null: the read
                    // dereferences it (see `super::narrow`).
                    ExprKind::Index { value, .. } => match param_ty(value) {
                        Some(Ty::List(item)) => (**item).clone(),
                        Some(Ty::Option(list)) if matches!(**list, Ty::List(_)) => {
                            list.item().unwrap_or(Ty::Unknown)
                        }
                        _ => model.ty(a).clone(),
                    },
                    _ => model.ty(a).clone(),
                };
                t.is_known().then_some(t)
            })
            .collect();
        if let (Some(arg_tys), true) = (&arg_tys, for_truth.contains(&p.name)) {
            p.ty = Ty::Func(arg_tys.clone(), Box::new(Ty::Bool));
            given = true;
            continue;
        }
        let (Some(arg_tys), Some(r)) = (arg_tys, next()) else {
            continue;
        };
        p.ty = Ty::Func(arg_tys, Box::new(Ty::Var(r)));
        given = true;
    }
    given
}

/// The parameters the function calls (`interceptor(value)`), with the
/// arguments of their first call; a name called with different numbers of
/// arguments is left out.
fn called_names(f: &Function) -> std::collections::HashMap<String, Vec<Expr>> {
    let params: HashSet<&str> = f.params.iter().map(|p| p.name.as_str()).collect();
    let mut calls: std::collections::HashMap<String, Vec<Expr>> = Default::default();
    let mut mixed = HashSet::new();
    for_each_stmt(&f.body, false, &mut |s| {
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                if let ExprKind::Call { func, args } = &x.kind {
                    if !params.contains(func.as_str()) {
                        return;
                    }
                    let first = calls.entry(func.clone()).or_insert_with(|| args.clone());
                    if first.len() != args.len() {
                        mixed.insert(func.clone());
                    }
                }
            })
        })
    });
    calls.retain(|n, _| !mixed.contains(n));
    calls
}

/// `t`, a shape a parameter is passed as (see `infer::Types::passed_as`),
/// with each callee placeholder replaced by the caller's variable given for
/// it in `given` (a new one the first time) and each unknown part by a new
/// variable; function types included.
fn placeholders_as_vars(
    t: &Ty,
    given: &mut HashMap<String, String>,
    next: &mut impl FnMut() -> Option<String>,
) -> Option<Ty> {
    let mut go = |x: &Ty| placeholders_as_vars(x, given, next);
    Some(match t {
        Ty::Var(v) if v.contains(super::infer::PLACEHOLDER) => {
            if let Some(mine) = given.get(v) {
                Ty::Var(mine.clone())
            } else {
                let mine = next()?;
                given.insert(v.clone(), mine.clone());
                Ty::Var(mine)
            }
        }
        Ty::Unknown => Ty::Var(next()?),
        Ty::List(x) => Ty::list(go(x)?),
        Ty::Set(x) => Ty::Set(Box::new(go(x)?)),
        Ty::Option(x) => Ty::Option(Box::new(go(x)?)),
        Ty::TupleOf(x) => Ty::TupleOf(Box::new(go(x)?)),
        Ty::Dict(k, v) => Ty::Dict(Box::new(go(k)?), Box::new(go(v)?)),
        Ty::Tuple(ts) => Ty::Tuple(ts.iter().map(&mut go).collect::<Option<Vec<_>>>()?),
        Ty::Func(ps, r) => {
            let ps = ps.iter().map(&mut go).collect::<Option<Vec<_>>>()?;
            Ty::Func(ps, Box::new(go(r)?))
        }
        other => other.clone(),
    })
}

/// `t` with each unknown part a type variable from `next`; `None` where
/// the names run out.
fn with_vars(t: &Ty, next: &mut impl FnMut() -> Option<String>) -> Option<Ty> {
    Some(match t {
        Ty::Unknown => Ty::Var(next()?),
        Ty::List(x) => Ty::list(with_vars(x, next)?),
        Ty::Set(x) => Ty::Set(Box::new(with_vars(x, next)?)),
        Ty::Option(x) => Ty::Option(Box::new(with_vars(x, next)?)),
        Ty::TupleOf(x) => Ty::TupleOf(Box::new(with_vars(x, next)?)),
        Ty::Dict(k, v) => Ty::Dict(Box::new(with_vars(k, next)?), Box::new(with_vars(v, next)?)),
        Ty::Tuple(ts) => Ty::Tuple(
            ts.iter()
                .map(|t| with_vars(t, next))
                .collect::<Option<Vec<_>>>()?,
        ),
        other => other.clone(),
    })
}

/// The names the function uses as a sequence: iterates (`for x in name`,
/// a comprehension's `for x in name`), passes where an iterable goes
/// (`len`, `sorted`, `enumerate`, `zip`, `set`, `list`, `any`, ...), indexes
/// or slices, or gives where it is true in place of an array (JavaScript's
/// `array || []`).
fn sequence_names(f: &Function) -> HashSet<String> {
    let mut names = HashSet::new();
    let mut add = |e: &Expr| {
        if let ExprKind::Name(n) = &e.kind {
            names.insert(n.clone());
        }
    };
    for_each_stmt(&f.body, false, &mut |s| {
        if let StmtKind::For { iter, .. } = &s.kind {
            add(iter);
        }
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| match &x.kind {
                ExprKind::Comprehension { clauses, .. } => {
                    clauses.iter().for_each(|c| add(&c.iter));
                }
                ExprKind::Builtin { op, args, .. } => iterables(*op, args).for_each(&mut add),
                ExprKind::Index { value, .. } | ExprKind::Slice { value, .. } => add(value),
                // JavaScript's `array || []`: an array where it is there.
                ExprKind::Logic {
                    op: LogicOp::Or,
                    operands,
                    sem,
                } if sem.truthiness == Truthiness::JavaScript => {
                    if let Some((last, rest)) = operands.split_last() {
                        if matches!(last.kind, ExprKind::List(_)) {
                            rest.iter().for_each(&mut add);
                        }
                    }
                }
                _ => {}
            })
        })
    });
    names
}

/// The expressions the function takes the truth of: a test of `if`,
/// `while` or `?:`, an operand of `!`, `&&` or `||`.
fn truth_tested(f: &Function) -> Vec<&Expr> {
    fn add<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
        out.push(e);
        match &e.kind {
            ExprKind::Not(x, _) => add(x, out),
            ExprKind::Logic { operands, .. } => operands.iter().for_each(|o| add(o, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for_each_stmt(&f.body, false, &mut |s| {
        match &s.kind {
            StmtKind::If { branches, .. } => branches.iter().for_each(|(t, _)| add(t, &mut out)),
            StmtKind::While { test, .. } => add(test, &mut out),
            _ => {}
        }
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| match &x.kind {
                ExprKind::IfElse { test, .. } => add(test, &mut out),
                ExprKind::Not(..) | ExprKind::Logic { .. } => add(x, &mut out),
                _ => {}
            })
        })
    });
    out
}

/// The names the function takes the truth of (see [`truth_tested`]).
fn truth_tested_names(f: &Function) -> HashSet<String> {
    truth_tested(f)
        .into_iter()
        .filter_map(|e| match &e.kind {
            ExprKind::Name(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

/// The parameters the function calls only for a truth value: every call
/// is a test (see [`truth_tested`]) or compared with `true` or `false`
/// (lodash's `predicate(value, index, array)`, `iteratee(..) === false`).
/// A function giving a `bool` is what such a call asks of the caller.
fn called_for_truth(f: &Function) -> HashSet<String> {
    let mut tested: HashSet<*const Expr> = truth_tested(f)
        .into_iter()
        .map(|e| e as *const Expr)
        .collect();
    let mut calls: Vec<(&str, *const Expr)> = Vec::new();
    for_each_stmt(&f.body, false, &mut |s| {
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| match &x.kind {
                ExprKind::Call { func, .. } => calls.push((func.as_str(), x as *const Expr)),
                ExprKind::Compare { first, rest } => {
                    if let [(CmpOp::Eq(_) | CmpOp::NotEq(_), second)] = rest.as_slice() {
                        let boolean = |e: &Expr| matches!(e.kind, ExprKind::Lit(Lit::Bool(_)));
                        if boolean(second) {
                            tested.insert(&**first as *const Expr);
                        } else if boolean(first) {
                            tested.insert(second as *const Expr);
                        }
                    }
                }
                _ => {}
            })
        })
    });
    let untested: HashSet<&str> = calls
        .iter()
        .filter(|(_, e)| !tested.contains(e))
        .map(|(n, _)| *n)
        .collect();
    calls
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !untested.contains(n))
        .map(str::to_string)
        .collect()
}

/// The names the function compares with the empty value (`x == null`,
/// `x !== undefined`, Python's `x is None`).
fn null_tested_names(f: &Function) -> HashSet<String> {
    let mut names = HashSet::new();
    let empty = |e: &Expr| matches!(e.kind, ExprKind::Lit(Lit::None));
    for_each_stmt(&f.body, false, &mut |s| {
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                let ExprKind::Compare { first, rest } = &x.kind else {
                    return;
                };
                let [(op, second)] = rest.as_slice() else {
                    return;
                };
                if !matches!(
                    op,
                    CmpOp::Is | CmpOp::IsNot | CmpOp::Eq(_) | CmpOp::NotEq(_)
                ) {
                    return;
                }
                for (a, b) in [(&**first, second), (second, &**first)] {
                    if let (ExprKind::Name(n), true) = (&a.kind, empty(b)) {
                        names.insert(n.clone());
                    }
                }
            })
        })
    });
    names
}

/// The arguments of a built-in that it takes as iterables.
fn iterables(op: Builtin, args: &[Expr]) -> impl Iterator<Item = &Expr> {
    let from = match op {
        Builtin::Min | Builtin::Max if args.len() == 1 => 0,
        Builtin::Len
        | Builtin::Sum
        | Builtin::Sorted
        | Builtin::Reversed
        | Builtin::Any
        | Builtin::All
        | Builtin::Enumerate
        | Builtin::Zip
        | Builtin::ToList
        | Builtin::ToSet
        | Builtin::ToTuple => 0,
        Builtin::Map | Builtin::Filter => 1,
        _ => args.len(),
    };
    let to = match op {
        Builtin::Zip | Builtin::Map => args.len(),
        _ => (from + 1).min(args.len()),
    };
    args.get(from..to).unwrap_or_default().iter()
}

/// Every name the unit reads or defines, so that a type variable never
/// takes a class's or function's name.
fn names_in(f: &Function) -> HashSet<String> {
    let mut names: HashSet<String> = f.params.iter().map(|p| p.name.clone()).collect();
    // The variables an earlier round gave.
    let mut vars = Vec::new();
    f.params.iter().for_each(|p| vars_in(&p.ty, &mut vars));
    names.extend(vars);
    names.insert(f.name.clone());
    for_each_stmt(&f.body, true, &mut |s| {
        if let StmtKind::Def(d) = &s.kind {
            names.insert(d.name.clone());
        }
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                if let ExprKind::Name(n) = &x.kind {
                    names.insert(n.clone());
                }
            })
        })
    });
    names
}

/// The type variables in `t`, each once, in order of appearance.
pub fn vars_in(t: &Ty, out: &mut Vec<String>) {
    match t {
        Ty::Var(n) if !out.contains(n) => out.push(n.clone()),
        Ty::Var(_) => {}
        Ty::List(x) | Ty::Set(x) | Ty::Option(x) | Ty::TupleOf(x) | Ty::Iter(x) => vars_in(x, out),
        Ty::Dict(k, v) | Ty::Result(k, v) => {
            vars_in(k, out);
            vars_in(v, out);
        }
        Ty::Tuple(ts) => ts.iter().for_each(|t| vars_in(t, out)),
        Ty::Func(ps, r) => {
            ps.iter().for_each(|t| vars_in(t, out));
            vars_in(r, out);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vars_are_found_once_in_order() {
        let t = Ty::Tuple(vec![
            Ty::list(Ty::Var("U".into())),
            Ty::Dict(Box::new(Ty::Var("T".into())), Box::new(Ty::Var("U".into()))),
        ]);
        let mut out = Vec::new();
        vars_in(&t, &mut out);
        assert_eq!(out, ["U", "T"]);
    }
}
