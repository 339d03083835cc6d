//! Definite assignment: whether a function may read one of its locals on a
//! path where nothing has assigned it yet. The languages differ there:
//! Python raises `UnboundLocalError`, JavaScript reads `undefined` from a
//! hoisted `var`, and Rust refuses to compile. So the frontends decline
//! such a read, each naming what its language does (`--verify test` found
//! `strip_url_params1` returning `undefined` where Python raised, and a
//! `var` of a block read after it raising where JavaScript read
//! `undefined`).
//!
//! The analysis is the one compilers do, over the IR of one function: a
//! name is assigned after a statement when every path through the
//! statement assigns it; a loop's body may not run; a path that ends
//! (`return`, `raise`, `break`, `continue`) assigns everything, since
//! nothing after it runs. A handler of a `try` may start anywhere in its
//! body, so it starts from what was assigned before the `try`. Nested
//! functions check their own locals; their reads of the enclosing
//! function's run when they are called, which this does not follow, so
//! they are not checked here.

use std::collections::HashSet;

use crate::engine::rules::ir::{
    for_each_child, for_each_stmt, Block, Expr, ExprKind, Function, Line, Lit, Stmt, StmtKind,
    Target,
};

/// The first read (its name and line) of a local of `f` on a path where
/// nothing may have assigned it. With `hoisted_defs`, the functions
/// defined in `f`'s body are bound from its start (JavaScript's function
/// declarations); without, from their definition (Python's `def`).
pub fn unassigned_read(f: &Function, hoisted_defs: bool) -> Option<(String, Line)> {
    let mut locals = HashSet::new();
    bound_in(&f.body, &mut locals);
    // A `nonlocal` name is the enclosing function's, assigned there.
    for n in &f.nonlocal {
        locals.remove(n);
    }
    let mut assigned: HashSet<String> = f.params.iter().map(|p| p.name.clone()).collect();
    if hoisted_defs {
        assigned.extend(f.body.iter().filter_map(|s| match &s.kind {
            StmtKind::Def(d) => Some(d.name.clone()),
            _ => None,
        }));
    }
    let mut walk = Walk {
        locals: &locals,
        loops: Vec::new(),
    };
    walk.block(&f.body, &mut Some(assigned)).err()
}

/// Where the walk stops: the first read of a name not assigned there.
type Found = Result<(), (String, Line)>;

/// The names definitely assigned at a point; `None` where no path reaches
/// it (after a `return`), which every name is as good as.
type Assigned = Option<HashSet<String>>;

/// What both of two paths assign.
fn meet(a: Assigned, b: Assigned) -> Assigned {
    match (a, b) {
        (None, x) | (x, None) => x,
        (Some(a), Some(b)) => Some(a.intersection(&b).cloned().collect()),
    }
}

/// The names `block` binds, not counting nested functions' own.
fn bound_in(block: &Block, out: &mut HashSet<String>) {
    for_each_stmt(block, false, &mut |s| match &s.kind {
        StmtKind::Assign { target, .. }
        | StmtKind::AugAssign { target, .. }
        | StmtKind::For { target, .. } => out.extend(target.names().into_iter().map(String::from)),
        StmtKind::Def(d) => {
            out.insert(d.name.clone());
        }
        StmtKind::Try { handlers, .. } => {
            out.extend(handlers.iter().filter_map(|h| h.name.clone()))
        }
        _ => {}
    });
}

struct Walk<'a> {
    locals: &'a HashSet<String>,
    /// For each loop around the point, innermost last: what the paths
    /// that leave it by `break` have assigned.
    loops: Vec<Assigned>,
}

impl Walk<'_> {
    fn block(&mut self, block: &Block, at: &mut Assigned) -> Found {
        for s in block {
            self.stmt(s, at)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt, at: &mut Assigned) -> Found {
        match &s.kind {
            StmtKind::Assign { target, value } => {
                self.expr(value, at)?;
                self.target(target, at, None)?;
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.target(target, at, Some(s.line))?;
                self.expr(value, at)?;
            }
            StmtKind::Expr(e) | StmtKind::Assert(e, _) | StmtKind::Yield { value: e, .. } => {
                self.expr(e, at)?
            }
            StmtKind::Return(value) => {
                if let Some(e) = value {
                    self.expr(e, at)?;
                }
                *at = None;
            }
            StmtKind::Fail { .. } | StmtKind::Continue => *at = None,
            StmtKind::Break => {
                if let Some(exits) = self.loops.last_mut() {
                    *exits = meet(exits.take(), at.clone());
                }
                *at = None;
            }
            StmtKind::Pass => {}
            StmtKind::Def(d) => {
                if let Some(set) = at {
                    set.insert(d.name.clone());
                }
            }
            StmtKind::If { branches, orelse } => {
                let mut out: Assigned = None;
                let mut rest = at.clone();
                for (test, body) in branches {
                    self.expr(test, &mut rest)?;
                    let mut taken = rest.clone();
                    self.block(body, &mut taken)?;
                    out = meet(out, taken);
                }
                self.block(orelse, &mut rest)?;
                *at = meet(out, rest);
            }
            StmtKind::While { test, body } => {
                self.expr(test, at)?;
                let mut inside = at.clone();
                let exits = self.in_loop(body, &mut inside)?;
                // `while True:` ends only by `break`.
                let forever = matches!(test.kind, ExprKind::Lit(Lit::Bool(true)));
                *at = if forever {
                    exits
                } else {
                    meet(at.take(), exits)
                };
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.expr(iter, at)?;
                let mut inside = at.clone();
                self.target(target, &mut inside, None)?;
                let exits = self.in_loop(body, &mut inside)?;
                // `else` runs when the loop ends without `break`, maybe
                // after no turn at all.
                let mut after = at.clone();
                self.block(orelse, &mut after)?;
                *at = meet(after, exits);
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                let before = at.clone();
                let mut done = at.clone();
                self.block(body, &mut done)?;
                self.block(orelse, &mut done)?;
                for h in handlers {
                    let mut caught = before.clone();
                    if let (Some(set), Some(name)) = (&mut caught, &h.name) {
                        set.insert(name.clone());
                    }
                    self.block(&h.body, &mut caught)?;
                    done = meet(done, caught);
                }
                // `finally` may run after an error anywhere in the body.
                let mut last = before;
                self.block(finally, &mut last)?;
                *at = match (done, last) {
                    (Some(d), Some(l)) => Some(d.union(&l).cloned().collect()),
                    _ => None,
                };
            }
        }
        Ok(())
    }

    /// Walks a loop's body from `inside`; gives what the paths leaving it
    /// by `break` assigned.
    fn in_loop(&mut self, body: &Block, inside: &mut Assigned) -> Result<Assigned, (String, Line)> {
        self.loops.push(None);
        let r = self.block(body, inside);
        let exits = self.loops.pop().flatten();
        r.map(|()| exits)
    }

    /// A store: the parts of an element or attribute target are read
    /// first; `read` (the statement's line) for `+=`, which reads the
    /// name it stores.
    fn target(&mut self, t: &Target, at: &mut Assigned, read: Option<Line>) -> Found {
        match t {
            Target::Name { name, .. } => {
                if let Some(line) = read {
                    self.name(name, at, line)?;
                }
                if let Some(set) = at {
                    set.insert(name.clone());
                }
            }
            Target::Tuple(ts) => {
                for t in ts {
                    self.target(t, at, read)?;
                }
            }
            Target::Index { value, index, .. } => {
                self.expr(value, at)?;
                self.expr(index, at)?;
            }
            Target::Attr { value, .. } => self.expr(value, at)?,
        }
        Ok(())
    }

    /// The reads of `e` in evaluation order; the names `(x := v)` binds
    /// where every evaluation of `e` runs it are assigned after it (not
    /// those behind `and`/`or`, in one branch of a conditional, in a later
    /// link of a comparison chain, a comprehension or a lambda).
    fn expr(&self, e: &Expr, at: &mut Assigned) -> Found {
        match &e.kind {
            ExprKind::Name(n) => self.name(n, at, e.line),
            ExprKind::AssignName { name, value, .. } => {
                self.expr(value, at)?;
                if let Some(set) = at {
                    set.insert(name.clone());
                }
                Ok(())
            }
            ExprKind::Logic { operands, .. } => {
                let Some((first, rest)) = operands.split_first() else {
                    return Ok(());
                };
                self.expr(first, at)?;
                // Each later operand runs after the ones before it, if at all.
                let mut later = at.clone();
                rest.iter().try_for_each(|o| self.expr(o, &mut later))
            }
            ExprKind::IfElse {
                test, then, orelse, ..
            } => {
                self.expr(test, at)?;
                let mut a = at.clone();
                self.expr(then, &mut a)?;
                let mut b = at.clone();
                self.expr(orelse, &mut b)?;
                *at = meet(a, b);
                Ok(())
            }
            ExprKind::Compare { first, rest } => {
                self.expr(first, at)?;
                let Some(((_, second), more)) = rest.split_first() else {
                    return Ok(());
                };
                self.expr(second, at)?;
                let mut later = at.clone();
                more.iter().try_for_each(|(_, x)| self.expr(x, &mut later))
            }
            // A comprehension's own names are bound by its clauses, in
            // order; the first iterable is read outside it.
            ExprKind::Comprehension {
                elt,
                value,
                clauses,
                ..
            } => {
                let mut inner = at.clone();
                for c in clauses {
                    self.expr(&c.iter, &mut inner)?;
                    if let Some(set) = &mut inner {
                        set.extend(c.target.names().into_iter().map(String::from));
                    }
                    for cond in &c.conditions {
                        self.expr(cond, &mut inner.clone())?;
                    }
                }
                self.expr(elt, &mut inner.clone())?;
                value
                    .as_ref()
                    .map_or(Ok(()), |v| self.expr(v, &mut inner.clone()))
            }
            ExprKind::Lambda { params, body } => {
                let mut inner = at.clone();
                if let Some(set) = &mut inner {
                    set.extend(params.iter().map(|(p, _)| p.clone()));
                }
                self.expr(body, &mut inner)
            }
            _ => {
                let mut r = Ok(());
                for_each_child(e, |c| {
                    if r.is_ok() {
                        r = self.expr(c, at);
                    }
                });
                r
            }
        }
    }

    fn name(&self, name: &str, at: &Assigned, line: Line) -> Found {
        match at {
            Some(set) if self.locals.contains(name) && !set.contains(name) => {
                Err((name.to_string(), line))
            }
            _ => Ok(()),
        }
    }
}
