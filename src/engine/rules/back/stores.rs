//! JavaScript's store into an array element, `xs[i] = v`, in targets
//! whose lists cannot grow by a store.
//!
//! JavaScript grows the array where `i` is its length (`result[n++] = v`,
//! lodash's way of appending) and leaves holes past it; Python's `xs[i] = v`
//! raises `IndexError` for both, and Rust's panics. A store is written
//! plainly where the same element was read just before it (the read would
//! have failed first); otherwise the backend writes one that appends at
//! the length (Python's `js_set`, Rust's `push`) and fails further on, as
//! a hole has no counterpart.

use crate::engine::rules::ir::{for_each_expr, for_each_stmt_expr, BinOp, Expr, ExprKind, Lit};
use crate::engine::rules::ir::{Stmt, StmtKind, Target};

/// Whether the store `block[k]` (an assignment to `xs[i]` of a name `xs`
/// and an index of names, ints, `+` and `-`) is at an element that exists:
/// its own value reads `xs[i]`, or a statement before it in the block
/// does, with no statement between that could change `xs`'s length or the
/// names in `i` (an assignment to them, any call, any statement that is
/// not an assignment or an expression).
pub(super) fn element_exists(block: &[Stmt], k: usize) -> bool {
    let Some(StmtKind::Assign {
        target: Target::Index { value, index, .. },
        value: stored,
    }) = block.get(k).map(|s| &s.kind)
    else {
        return false;
    };
    let ExprKind::Name(xs) = &value.kind else {
        return false;
    };
    let mut names = Vec::new();
    if !simple_index(index, &mut names) {
        return false;
    }
    let reads = |e: &Expr| reads_at(e, xs, index);
    if reads(stored) {
        return true;
    }
    for s in block[..k].iter().rev() {
        let mut read = false;
        let mut calls = false;
        for_each_stmt_expr(s, |e| {
            read |= reads(e);
            for_each_expr(e, &mut |e| {
                calls |= matches!(
                    e.kind,
                    ExprKind::Call { .. }
                        | ExprKind::CallMethod { .. }
                        | ExprKind::Method { .. }
                        | ExprKind::Lambda { .. }
                );
            });
        });
        let assigned = match &s.kind {
            StmtKind::Assign { target, .. } | StmtKind::AugAssign { target, .. } => {
                binds_any(target, xs, &names)
            }
            _ => return false,
        };
        if calls || assigned {
            return false;
        }
        if read {
            return true;
        }
    }
    false
}

/// Whether `e` reads the element `holder[index]` (a name and an index of
/// names, ints, `+` and `-`): a store there after `e` is evaluated is at
/// an element that exists (the read would have failed first).
pub(super) fn reads_element(e: &Expr, holder: &Expr, index: &Expr) -> bool {
    match &holder.kind {
        ExprKind::Name(xs) => simple_index(index, &mut Vec::new()) && reads_at(e, xs, index),
        _ => false,
    }
}

/// Whether `e` reads `xs[index]`.
fn reads_at(e: &Expr, xs: &str, index: &Expr) -> bool {
    let mut found = false;
    for_each_expr(e, &mut |e| {
        if let ExprKind::Index {
            value, index: i, ..
        } = &e.kind
        {
            found |= matches!(&value.kind, ExprKind::Name(n) if n == xs) && same(i, index);
        }
    });
    found
}

/// Whether `e` is made of names, ints, `+` and `-` only (collecting the
/// names).
fn simple_index(e: &Expr, names: &mut Vec<String>) -> bool {
    match &e.kind {
        ExprKind::Name(n) => {
            names.push(n.clone());
            true
        }
        ExprKind::Lit(Lit::Int(_)) => true,
        ExprKind::Binary(BinOp::Add(_) | BinOp::Sub, a, b) => {
            simple_index(a, names) && simple_index(b, names)
        }
        _ => false,
    }
}

/// Whether two simple indexes are written alike.
fn same(a: &Expr, b: &Expr) -> bool {
    match (&a.kind, &b.kind) {
        (ExprKind::Name(x), ExprKind::Name(y)) => x == y,
        (ExprKind::Lit(Lit::Int(x)), ExprKind::Lit(Lit::Int(y))) => x == y,
        (ExprKind::Binary(o, a1, b1), ExprKind::Binary(p, a2, b2)) => {
            std::mem::discriminant(o) == std::mem::discriminant(p) && same(a1, a2) && same(b1, b2)
        }
        _ => false,
    }
}

/// Whether storing to `target` rebinds `xs` or one of `names`.
fn binds_any(target: &Target, xs: &str, names: &[String]) -> bool {
    match target {
        Target::Name { name, .. } => name == xs || names.contains(name),
        Target::Tuple(ts) => ts.iter().any(|t| binds_any(t, xs, names)),
        Target::Index { .. } | Target::Attr { .. } => false,
    }
}
