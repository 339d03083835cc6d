//! Python's `try` around one lookup that may miss: `try: x = a[i] except
//! IndexError: ...`, `try: return d[k] except KeyError: ...`,
//! `try: groups[k].append(v) except KeyError: ...`, `try: counts[k] += 1
//! except KeyError: ...`. Rust has no exceptions, but such a `try` is an
//! `if` on whether the lookup hits (`i` in Python's range of the list, `k`
//! a key of the dict) when nothing else in the body can raise what the
//! handler catches or run before the lookup: the body is the lookup's
//! single statement, the lookup is what it evaluates first (through
//! operators: `xs[i] + 1`), its holder is a name and its index free of
//! calls (both are read twice, by the test and by the body), and whatever
//! else the statement evaluates is names, literals and operators on them
//! (no call, index or attribute, which a property could make a call). A
//! method called on the element is one that raises no lookup error
//! (`append`, `extend`, `insert`, `add`). Any other `try` is declined.

use super::super::ir::{Block, Expr, ExprKind, IndexSem, Method, OutOfRange, StmtKind, Target};

/// The lookup a guarded `try` body makes: the list or dict read and the
/// index or key it is read at.
pub(super) struct Lookup<'a> {
    pub holder: &'a Expr,
    pub index: &'a Expr,
    /// Whether a negative index counts from the end.
    pub from_end: bool,
}

/// The one lookup of a `try` body of the shapes the module describes, or
/// `None` for any other body.
pub(super) fn lookup_of(body: &Block) -> Option<Lookup<'_>> {
    let [s] = body.as_slice() else {
        return None;
    };
    let (lookup, rest): (&Expr, Vec<&Expr>) = match &s.kind {
        // `x = a[i]`: the name is bound only after the read.
        StmtKind::Assign {
            target: Target::Name { .. },
            value,
        } => (value, Vec::new()),
        // `return a[i]`.
        StmtKind::Return(Some(value)) => (value, Vec::new()),
        // `a[i].append(v)`: the element is read before `v` is evaluated.
        StmtKind::Expr(Expr {
            kind:
                ExprKind::Method {
                    recv,
                    method: Method::Append | Method::Extend | Method::Insert | Method::Add,
                    args,
                    keywords,
                },
            ..
        }) if keywords.is_empty() => (recv.as_ref(), args.iter().collect()),
        // `d[k] += v`: `d[k]` is read first, then `v` evaluated.
        StmtKind::AugAssign {
            target: Target::Index { value, index, sem },
            value: v,
            ..
        } => {
            if !raises(sem) || !plain(value) || !quiet(index) || !quiet(v) {
                return None;
            }
            return Some(Lookup {
                holder: value,
                index,
                from_end: sem.negative_from_end,
            });
        }
        _ => return None,
    };
    let mut rest = rest;
    let (lookup, after) = first_evaluated(lookup);
    rest.extend(after);
    let ExprKind::Index { value, index, sem } = &lookup.kind else {
        return None;
    };
    if !raises(sem) || !plain(value) || !quiet(index) || !rest.into_iter().all(quiet) {
        return None;
    }
    Some(Lookup {
        holder: value,
        index,
        from_end: sem.negative_from_end,
    })
}

/// Whether a lookup that misses raises (Python's), which is what the
/// handler catches.
fn raises(sem: &IndexSem) -> bool {
    sem.out_of_range == OutOfRange::Raises
}

/// The operand of `e` that Python evaluates first, through operators
/// (`xs[i] + 1`, `-xs[i]`), and the operands evaluated after it.
fn first_evaluated(e: &Expr) -> (&Expr, Vec<&Expr>) {
    match &e.kind {
        ExprKind::Binary(_, a, b) => {
            let (first, mut after) = first_evaluated(a);
            after.push(b);
            (first, after)
        }
        ExprKind::Unary(_, x) => first_evaluated(x),
        _ => (e, Vec::new()),
    }
}

/// A name: read again by the test without effect.
fn plain(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Name(_))
}

/// An expression that calls nothing and looks nothing up, so raises no
/// `IndexError` or `KeyError` and reads the same twice: names, literals,
/// and operators on them (an operator on the types the analysis settled
/// is the built-in one; `/` and `%` may raise `ZeroDivisionError`, which
/// the handler does not catch, and Rust panics there as Python raises).
fn quiet(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(_) | ExprKind::Name(_) => true,
        ExprKind::Unary(_, x) => quiet(x),
        ExprKind::Binary(_, a, b) => quiet(a) && quiet(b),
        ExprKind::Tuple(xs) | ExprKind::List(xs) => xs.iter().all(quiet),
        _ => false,
    }
}
