//! The shape of a Python generator that Rust writes as an iterator: some
//! statements that do not yield, then one `while` or `for` loop whose body
//! yields, each `yield` at the top of the body or inside its `if`s (not in
//! a loop nested in it), and nothing after the loop. The iterator is a
//! `std::iter::from_fn` closure over the function's locals and a state:
//! `0` before the first item is asked for (Python runs none of the body
//! until then), `k` after the `k`th `yield` (the next item resumes with
//! what follows that `yield` in the same pass of the loop), and one past
//! the last when the generator has ended. Any other generator is declined:
//! a `yield` in a nested loop, `yield from`, a `try` (a `finally` around a
//! `yield` runs when the consumer stops) or a nested function.

use super::super::ir::{for_each_stmt, Block, Stmt, StmtKind};

/// A generator of the shape the module describes.
pub(super) struct Shape<'f> {
    /// The statements before the loop, none of which yields.
    pub pre: &'f [Stmt],
    /// The loop that yields: a `while` or a `for` without `else`.
    pub looped: &'f Stmt,
    /// Each `yield` of the loop's body, in the order written, with what
    /// runs after it in the same pass of the loop: the rest of its block,
    /// then the rest of each block around it, out to the loop's body.
    pub yields: Vec<(&'f Stmt, Vec<&'f [Stmt]>)>,
}

/// A statement that yields or holds one that does.
fn yields(s: &Stmt) -> bool {
    let mut found = false;
    for_each_stmt(std::slice::from_ref(s), false, &mut |s| {
        found |= matches!(s.kind, StmtKind::Yield { .. });
    });
    found
}

/// The shape of the generator whose body is `body`, or the line and reason
/// to decline it.
pub(super) fn shape(body: &Block, line: usize) -> Result<Shape<'_>, (usize, String)> {
    let mut refused = None;
    for_each_stmt(body, true, &mut |s| {
        let what = match &s.kind {
            StmtKind::Try { .. } => "`try` in a generator",
            StmtKind::Def(_) => "function nested in a generator",
            StmtKind::Yield { from: true, .. } => "`yield from` (a generator delegating)",
            _ => return,
        };
        if refused.is_none() {
            refused = Some((s.line, what));
        }
    });
    if let Some((line, what)) = refused {
        return Err((line, what.to_string()));
    }
    let other = |at: usize| {
        Err((
            at,
            "generator other than statements then one loop that yields".to_string(),
        ))
    };
    let Some((looped, pre)) = body.split_last() else {
        return other(line);
    };
    if let Some(s) = pre.iter().find(|s| yields(s)) {
        return other(s.line);
    }
    let inner = match &looped.kind {
        StmtKind::While { body, .. } => body,
        StmtKind::For { body, orelse, .. } if orelse.is_empty() => body,
        _ => return other(looped.line),
    };
    let mut found = Vec::new();
    walk(inner, &mut Vec::new(), &mut found)?;
    Ok(Shape {
        pre,
        looped,
        yields: found,
    })
}

/// Collects the yields of `block` (inside `around`, the rests of the
/// blocks around it, innermost first).
fn walk<'f>(
    block: &'f [Stmt],
    around: &mut Vec<&'f [Stmt]>,
    found: &mut Vec<(&'f Stmt, Vec<&'f [Stmt]>)>,
) -> Result<(), (usize, String)> {
    for (i, s) in block.iter().enumerate() {
        let rest = &block[i + 1..];
        match &s.kind {
            StmtKind::Yield { .. } => {
                let mut after = vec![rest];
                after.extend(around.iter().rev());
                found.push((s, after));
            }
            StmtKind::If { branches, orelse } => {
                around.push(rest);
                for b in branches.iter().map(|(_, b)| b).chain([orelse]) {
                    walk(b, around, found)?;
                }
                around.pop();
            }
            _ if yields(s) => {
                return Err((
                    s.line,
                    "`yield` inside a loop nested in a generator's loop".to_string(),
                ))
            }
            _ => {}
        }
    }
    Ok(())
}
