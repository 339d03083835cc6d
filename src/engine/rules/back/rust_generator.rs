//! The shape of a Python generator that Rust writes as an iterator:
//! statements, at most one `while` or `for` loop whose body yields, and
//! statements after it, each `yield` at the top of its part (the loop's
//! body) or inside its `if`s, not in another loop. The iterator is a
//! `std::iter::from_fn` closure over the function's locals and a state:
//! `0` before the first item is asked for (Python runs none of the body
//! until then), `k` after the `k`th `yield` (the next item resumes with
//! what follows that `yield` in its part, in the same pass of the loop),
//! one past the last when the generator has ended, and one more when the
//! loop has ended and the statements after it run. Any other generator is
//! declined: a `yield` in a second loop or a nested one, `yield from`, a
//! `try` (a `finally` around a `yield` runs when the consumer stops) or a
//! nested function.

use super::super::ir::{for_each_stmt, Block, Stmt, StmtKind};

/// A generator of the shape the module describes.
pub(super) struct Shape<'f> {
    /// The statements before the loop (all of them without one).
    pub pre: &'f [Stmt],
    /// The loop that yields: a `while` or a `for` without `else`.
    pub looped: Option<&'f Stmt>,
    /// The statements after the loop.
    pub post: &'f [Stmt],
    /// Each `yield`, in the order written, with the part it is in and
    /// what runs after it in the same pass of the part (of the loop): the
    /// rest of its block, then the rest of each block around it, out to
    /// the part.
    pub yields: Vec<Resume<'f>>,
}

/// The part of a generator's body a `yield` is in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Part {
    Pre,
    Loop,
    Post,
}

/// A `yield` and where the next item resumes.
pub(super) struct Resume<'f> {
    pub at: &'f Stmt,
    pub part: Part,
    pub after: Vec<&'f [Stmt]>,
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
pub(super) fn shape(body: &Block) -> Result<Shape<'_>, (usize, String)> {
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
    let at = body
        .iter()
        .position(|s| matches!(s.kind, StmtKind::While { .. } | StmtKind::For { .. }) && yields(s));
    let (pre, looped, post) = match at {
        Some(k) => (&body[..k], Some(&body[k]), &body[k + 1..]),
        None => (&body[..], None, &body[body.len()..]),
    };
    let mut found = Vec::new();
    walk(pre, Part::Pre, &mut Vec::new(), &mut found)?;
    if let Some(l) = looped {
        let inner = match &l.kind {
            StmtKind::While { body, .. } => body,
            StmtKind::For { body, orelse, .. } if orelse.is_empty() => body,
            _ => return Err((l.line, "`for ... else` in a generator".to_string())),
        };
        walk(inner, Part::Loop, &mut Vec::new(), &mut found)?;
    }
    walk(post, Part::Post, &mut Vec::new(), &mut found)?;
    Ok(Shape {
        pre,
        looped,
        post,
        yields: found,
    })
}

/// Collects the yields of `block` (inside `around`, the rests of the
/// blocks around it, outermost first).
fn walk<'f>(
    block: &'f [Stmt],
    part: Part,
    around: &mut Vec<&'f [Stmt]>,
    found: &mut Vec<Resume<'f>>,
) -> Result<(), (usize, String)> {
    for (i, s) in block.iter().enumerate() {
        let rest = &block[i + 1..];
        match &s.kind {
            StmtKind::Yield { .. } => {
                let mut after = vec![rest];
                after.extend(around.iter().rev());
                found.push(Resume { at: s, part, after });
            }
            StmtKind::If { branches, orelse } => {
                around.push(rest);
                for b in branches.iter().map(|(_, b)| b).chain([orelse]) {
                    walk(b, part, around, found)?;
                }
                around.pop();
            }
            _ if yields(s) => {
                return Err((
                    s.line,
                    "`yield` in a loop other than the generator's one loop".to_string(),
                ))
            }
            _ => {}
        }
    }
    Ok(())
}
