//! Python binds one variable for a whole loop and its closures read it
//! late: a lambda or nested `def` made in a loop reads the loop variable's
//! value when it is called, the last one once the loop is over
//! (`[lambda: i for i in range(3)]` gives three functions returning 2).
//! JavaScript's `for (const i of ..)` and `for (let i ..)`, a `map`
//! callback's parameter and Rust's closures each bind a fresh variable per
//! round (0, 1 and 2). So, from Python to the others and from JavaScript
//! to Python, a closure made in a loop that reads the loop variable is
//! declined unless it runs before the loop moves on: the `key=` of
//! `sorted`, `min`, `max` and `list.sort`.

use std::collections::HashSet;

use super::super::ir::{
    for_each_expr, for_each_stmt, for_each_stmt_expr, Builtin, Expr, ExprKind, Function, Method,
    StmtKind, Target,
};
use super::super::Res;
use super::decline;

/// Declines a closure of `f` that reads the variable of a loop it is made
/// in (a `for` statement's or a comprehension's), where it may run later.
pub fn check_late_binding(f: &Function) -> Res<()> {
    let eager = eager_lambdas(f);
    let mut found: Option<(usize, String)> = None;
    let mut note = |line: usize, name: &str| {
        if found.is_none() {
            found = Some((line, name.to_string()));
        }
    };
    for_each_stmt(&f.body, true, &mut |s| {
        // A `for` statement: closures anywhere in its body.
        if let StmtKind::For { target, body, .. } = &s.kind {
            let names = target_names(target);
            for_each_stmt(body, false, &mut |inner| {
                if let StmtKind::Def(d) = &inner.kind {
                    if let Some(n) = names.iter().find(|n| function_reads(d, n)) {
                        note(d.line, n);
                    }
                }
                for_each_stmt_expr(inner, |e| {
                    for_each_expr(e, &mut |x| {
                        if let Some(n) = late_read(x, &names, &eager) {
                            note(x.line, &n);
                        }
                    })
                });
            });
        }
        // Comprehensions: closures in their items, conditions and later
        // clauses.
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                if let ExprKind::Comprehension {
                    elt,
                    value,
                    clauses,
                    ..
                } = &x.kind
                {
                    let mut names = Vec::new();
                    for c in clauses {
                        names.extend(target_names(&c.target));
                    }
                    let mut parts: Vec<&Expr> = vec![elt];
                    parts.extend(value.as_deref());
                    for c in clauses {
                        parts.extend(&c.conditions);
                    }
                    parts.extend(clauses.iter().skip(1).map(|c| &c.iter));
                    for p in parts {
                        for_each_expr(p, &mut |y| {
                            if let Some(n) = late_read(y, &names, &eager) {
                                note(y.line, &n);
                            }
                        });
                    }
                }
            })
        });
    });
    match found {
        Some((line, name)) => decline(
            line,
            format!(
                "a closure reading the loop variable `{name}` (Python binds one for the \
                 whole loop, JavaScript and Rust one per round)"
            ),
        ),
        None => Ok(()),
    }
}

/// The loop variable `e` reads where `e` is a lambda not known to run
/// within the round.
fn late_read(e: &Expr, names: &[String], eager: &HashSet<*const Expr>) -> Option<String> {
    let ExprKind::Lambda { params, body } = &e.kind else {
        return None;
    };
    if eager.contains(&(e as *const Expr)) {
        return None;
    }
    names
        .iter()
        .filter(|n| !params.iter().any(|(p, _)| p == *n))
        .find(|n| reads(body, n))
        .cloned()
}

/// The lambdas that run before their call returns: the `key=` of
/// `sorted`, `min`, `max` and `list.sort`.
fn eager_lambdas(f: &Function) -> HashSet<*const Expr> {
    let mut eager = HashSet::new();
    for_each_stmt(&f.body, true, &mut |s| {
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                let keywords = match &x.kind {
                    ExprKind::Builtin {
                        op: Builtin::Sorted | Builtin::Min | Builtin::Max,
                        keywords,
                        ..
                    }
                    | ExprKind::Method {
                        method: Method::Sort,
                        keywords,
                        ..
                    } => keywords,
                    _ => return,
                };
                for (k, v) in keywords {
                    if k == "key" {
                        eager.insert(v as *const Expr);
                    }
                }
            })
        });
    });
    eager
}

fn target_names(t: &Target) -> Vec<String> {
    match t {
        Target::Name { name, .. } => vec![name.clone()],
        Target::Tuple(ts) => ts.iter().flat_map(target_names).collect(),
        _ => Vec::new(),
    }
}

fn reads(e: &Expr, name: &str) -> bool {
    let mut found = false;
    for_each_expr(e, &mut |x| {
        if matches!(&x.kind, ExprKind::Name(n) if n == name) {
            found = true;
        }
    });
    found
}

/// Whether a nested function reads `name` from outside: it mentions it and
/// has no parameter of that name.
fn function_reads(d: &Function, name: &str) -> bool {
    if d.params.iter().any(|p| p.name == name) {
        return false;
    }
    let mut found = false;
    for_each_stmt(&d.body, true, &mut |s| {
        for_each_stmt_expr(s, |e| {
            if reads(e, name) {
                found = true;
            }
        })
    });
    found
}
