//! Lists given back: a Python function that changes its list parameter in
//! place and returns it (`def bubble_sort(array): ...; return array`) hands
//! its caller the very list the caller passed. Rust's nearest is a function
//! that takes the list by value and returns it (`fn bubble_sort(mut array:
//! Vec<i64>) -> Vec<i64>`): the caller moves its list in and gets it back.
//! That is the same only where the caller does not read its own name (or
//! any other path to the list) again after the call, since Python's would
//! see the change and Rust's has given the list away; so a caller passes a
//! name at its last use (moved) or a list nothing else holds (a display, a
//! comprehension, a slice), and anything else is declined.

use std::collections::HashSet;

use super::super::analysis::scope::LocalId;
use super::super::analysis::Model;
use super::super::ir::{for_each_stmt, Block, Builtin, Expr, ExprKind, Function, StmtKind};

/// The parameters of `f` and of its nested functions that are given back:
/// changed in place (in `changed`), never rebound, and returned by name.
/// A method's parameters are left out (`receiver`), as the caller's list
/// may be a field of another object.
pub(super) fn given_back(
    f: &Function,
    model: &Model,
    changed: &HashSet<LocalId>,
    receiver: bool,
) -> HashSet<LocalId> {
    let mut out = HashSet::new();
    if receiver {
        return out;
    }
    let mut functions = vec![f];
    for_each_stmt(&f.body, true, &mut |s| {
        if let StmtKind::Def(d) = &s.kind {
            functions.push(d);
        }
    });
    for g in functions {
        for p in &g.params {
            let Some(l) = model.scopes.local_id(p.id) else {
                continue;
            };
            let local = &model.scopes.locals[l.0];
            if changed.contains(&l)
                && local.stores == 0
                && !local.captured_by_function
                && returns_name(&g.body, &p.name)
            {
                out.insert(l);
            }
        }
    }
    out
}

/// Whether a `return` of `body` (not of nested functions) gives `name`.
pub(super) fn returns_name(body: &Block, name: &str) -> bool {
    let mut found = false;
    for_each_stmt(body, false, &mut |s| {
        if let StmtKind::Return(Some(v)) = &s.kind {
            found |= matches!(&v.kind, ExprKind::Name(n) if n == name);
        }
    });
    found
}

/// Whether `e` makes a new list that nothing else holds, so a function
/// that changes it and gives it back changes nothing the caller sees.
pub(super) fn is_fresh_list(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::List(_) | ExprKind::Comprehension { .. } | ExprKind::Slice { .. } => true,
        ExprKind::Builtin { op, .. } => matches!(op, Builtin::ToList | Builtin::Sorted),
        _ => false,
    }
}
