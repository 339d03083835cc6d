//! Calls of the unit's own functions made whole for Rust, before the
//! analysis types them: Rust has no default arguments, so a Rust function
//! takes every parameter and each call the unit makes of a function it
//! defines (itself, a nested function, a sibling) passes the defaults it
//! leaves out.
//!
//! **What callers outside the unit see.** The project's callee table
//! (`project::callees`) gives a function with default parameters every
//! parameter; the Python frontend passes the defaults a call from another
//! unit of the file leaves out (`Context::functions`), and a call from
//! another module that leaves one out is declined for its argument count.
//!
//! **Which defaults.** The Python frontend keeps only literals of immutable
//! values (numbers, strings, booleans, `None`); Python evaluates a default
//! once, at `def`, and for such a value passing it at every call is the same.
//! A parameter without a declared type takes the type of its literal
//! default (`n=10` is an `int`), as a caller that leaves it out passes
//! exactly that.

use std::collections::HashMap;

use super::super::ir::{
    for_each_child_mut, Block, Expr, ExprKind, FloatTy, Function, IntTy, Lit, StmtKind, Target, Ty,
};

/// Fills in the defaults that calls of the unit's functions leave out, and
/// types untyped parameters from their literal defaults. `ids` is the size
/// of the unit's id table; it grows by the literals added.
pub(crate) fn fill_default_arguments(functions: &mut [Function], ids: &mut usize) {
    let mut defaults: HashMap<String, Option<Vec<Option<Expr>>>> = HashMap::new();
    for f in functions.iter_mut() {
        collect(f, &mut defaults);
    }
    // A name defined twice (a nested function shadowing another) is left
    // alone: which definition a call reaches is the scope analysis's to say,
    // and a call with too few arguments is declined there.
    let defaults: HashMap<String, Vec<Option<Expr>>> = defaults
        .into_iter()
        .filter_map(|(name, d)| d.map(|d| (name, d)))
        .filter(|(_, d)| d.iter().any(Option::is_some))
        .collect();
    if defaults.is_empty() {
        return;
    }
    for f in functions.iter_mut() {
        function_calls(f, &defaults, ids);
    }
}

/// The type a literal default gives a parameter declared without one.
fn literal_ty(e: &Expr) -> Option<Ty> {
    match &e.kind {
        ExprKind::Lit(Lit::Int(_)) => Some(Ty::Int(IntTy::Unbounded)),
        ExprKind::Lit(Lit::Float(_)) => Some(Ty::Float(FloatTy::F64)),
        ExprKind::Lit(Lit::Str(_)) => Some(Ty::Str),
        ExprKind::Lit(Lit::Bool(_)) => Some(Ty::Bool),
        _ => None,
    }
}

fn collect(f: &mut Function, out: &mut HashMap<String, Option<Vec<Option<Expr>>>>) {
    for p in f.params.iter_mut() {
        if p.ty == Ty::Unknown {
            if let Some(t) = p.default.as_ref().and_then(literal_ty) {
                p.ty = t;
            }
        }
    }
    let params: Vec<Option<Expr>> = f.params.iter().map(|p| p.default.clone()).collect();
    out.entry(f.name.clone())
        .and_modify(|seen| *seen = None)
        .or_insert(Some(params));
    collect_block(&mut f.body, out);
}

fn collect_block(b: &mut Block, out: &mut HashMap<String, Option<Vec<Option<Expr>>>>) {
    for s in b.iter_mut() {
        match &mut s.kind {
            StmtKind::Def(f) => collect(f, out),
            StmtKind::If { branches, orelse } => {
                for (_, b) in branches.iter_mut() {
                    collect_block(b, out);
                }
                collect_block(orelse, out);
            }
            StmtKind::While { body, .. } => collect_block(body, out),
            StmtKind::For { body, orelse, .. } => {
                collect_block(body, out);
                collect_block(orelse, out);
            }
            _ => {}
        }
    }
}

fn function_calls(
    f: &mut Function,
    defaults: &HashMap<String, Vec<Option<Expr>>>,
    ids: &mut usize,
) {
    block_calls(&mut f.body, defaults, ids);
}

fn block_calls(b: &mut Block, d: &HashMap<String, Vec<Option<Expr>>>, ids: &mut usize) {
    for s in b.iter_mut() {
        match &mut s.kind {
            StmtKind::Assign { target, value } | StmtKind::AugAssign { target, value, .. } => {
                target_calls(target, d, ids);
                expr_calls(value, d, ids);
            }
            StmtKind::If { branches, orelse } => {
                for (t, b) in branches.iter_mut() {
                    expr_calls(t, d, ids);
                    block_calls(b, d, ids);
                }
                block_calls(orelse, d, ids);
            }
            StmtKind::While { test, body } => {
                expr_calls(test, d, ids);
                block_calls(body, d, ids);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                target_calls(target, d, ids);
                expr_calls(iter, d, ids);
                block_calls(body, d, ids);
                block_calls(orelse, d, ids);
            }
            StmtKind::Return(Some(e)) | StmtKind::Expr(e) | StmtKind::Assert(e, _) => {
                expr_calls(e, d, ids)
            }
            StmtKind::Def(f) => function_calls(f, d, ids),
            _ => {}
        }
    }
}

fn target_calls(t: &mut Target, d: &HashMap<String, Vec<Option<Expr>>>, ids: &mut usize) {
    match t {
        Target::Name { .. } => {}
        Target::Tuple(ts) => ts.iter_mut().for_each(|t| target_calls(t, d, ids)),
        Target::Index { value, index, .. } => {
            expr_calls(value, d, ids);
            expr_calls(index, d, ids);
        }
        Target::Attr { value, .. } => expr_calls(value, d, ids),
    }
}

fn expr_calls(e: &mut Expr, d: &HashMap<String, Vec<Option<Expr>>>, ids: &mut usize) {
    for_each_child_mut(e, |x| expr_calls(x, d, ids));
    let ExprKind::Call { func, args } = &mut e.kind else {
        return;
    };
    let Some(params) = d.get(func.as_str()) else {
        return;
    };
    if args.len() < params.len() {
        let missing = &params[args.len()..];
        // Only when every parameter left out has a default: otherwise the
        // count stays short and the analysis declines the call.
        if missing.iter().all(|p| p.as_ref().is_some_and(constant)) {
            for default in missing.iter().flatten() {
                args.push(fresh_copy(default, ids));
            }
        }
    }
}

/// Whether a default is a constant a call can pass again: a literal, or a
/// tuple, list, dict or set of constants (the frontend keeps a mutable one
/// only where the function never changes it).
fn constant(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(_) => true,
        ExprKind::Unary(_, x) => constant(x),
        ExprKind::Tuple(xs) | ExprKind::List(xs) | ExprKind::Set(xs) => xs.iter().all(constant),
        ExprKind::Dict(kvs) => kvs.iter().all(|(k, v)| constant(k) && constant(v)),
        _ => false,
    }
}

/// A copy of a default with new ids throughout, so the analysis types
/// each place it is passed on its own.
fn fresh_copy(e: &Expr, ids: &mut usize) -> Expr {
    let mut copy = e.clone();
    renumber(&mut copy, ids);
    copy
}

fn renumber(e: &mut Expr, ids: &mut usize) {
    e.id = super::super::ir::ExprId(*ids as u32);
    *ids += 1;
    for_each_child_mut(e, |x| renumber(x, ids));
}
