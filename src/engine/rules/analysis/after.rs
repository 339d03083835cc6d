//! Whether a name is used again after a point of a function, before it is
//! bound anew: the question a target that copies where the source shares
//! must ask. Python's `grid.append(row)` puts the list `row` itself into
//! `grid`, so a later `row.append(1)` shows in `grid`; a Rust translation
//! pushes a copy, which it may do only where `row` is not used after the
//! push (or is first bound to a new list, as the next turn of a loop
//! that builds rows does).
//!
//! A walk over the function's statements in order, as
//! [`super::definite`]'s, with one flag: whether the point has been
//! passed on the path walked. Branches join by "either", a loop's body is
//! walked twice (its second turn sees what its first left), and a path
//! that ends (`return`, `raise`) leaves nothing to use the name.

use crate::engine::rules::ir::{
    for_each_expr, for_each_stmt_expr, Block, Expr, ExprId, Stmt, StmtKind, Target,
};

use super::usage::{mentions, mentions_expr};

/// Whether `name` may be mentioned on a path from the expression `at`
/// (in `body`) before an assignment binds it anew.
pub fn mentioned_after(body: &Block, at: ExprId, name: &str) -> bool {
    let mut walk = Walk {
        at,
        name,
        found: false,
    };
    walk.block(body, false);
    walk.found
}

struct Walk<'a> {
    at: ExprId,
    name: &'a str,
    found: bool,
}

impl Walk<'_> {
    /// Walks `b` with `passed` on entry; gives it on exit.
    fn block(&mut self, b: &Block, mut passed: bool) -> bool {
        for s in b {
            passed = self.stmt(s, passed);
        }
        passed
    }

    fn holds_at(&self, e: &Expr) -> bool {
        let mut found = false;
        for_each_expr(e, &mut |x| found = found || x.id == self.at);
        found
    }

    /// A test or iterable read with `passed`: a mention found, or the
    /// point itself.
    fn header(&mut self, e: &Expr, passed: bool) -> bool {
        if passed && mentions_expr(e, self.name) {
            self.found = true;
        }
        passed || self.holds_at(e)
    }

    fn stmt(&mut self, s: &Stmt, passed: bool) -> bool {
        if self.found {
            return true;
        }
        match &s.kind {
            StmtKind::If { branches, orelse } => {
                let mut out = false;
                let mut before = passed;
                for (test, body) in branches {
                    before = self.header(test, before);
                    out |= self.block(body, before);
                }
                out | self.block(orelse, before)
            }
            StmtKind::While { test, body } => {
                let first = self.header(test, passed);
                let once = self.block(body, first);
                let again = self.header(test, first || once);
                let twice = self.block(body, again);
                first || once || twice
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                let start = self.header(iter, passed);
                // Each turn binds the loop's names anew.
                let rebinds = target.names().contains(&self.name);
                let turn = |p: bool| p && !rebinds;
                let once = self.block(body, turn(start));
                let twice = self.block(body, turn(start || once));
                let done = start || once || twice;
                self.block(orelse, done)
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                let after_body = self.block(body, passed);
                // A handler may start anywhere in the body.
                let any = passed || after_body || mentions_at(body, self.at);
                let mut out = self.block(orelse, after_body);
                for h in handlers {
                    out |= self.block(&h.body, any);
                }
                self.block(finally, out || any)
            }
            StmtKind::Def(d) => {
                // A nested function may run any time after its `def`.
                if passed && mentions(&d.body, self.name) {
                    self.found = true;
                }
                passed
            }
            StmtKind::Return(_) | StmtKind::Fail { .. } => {
                if passed && mentions(std::slice::from_ref(s), self.name) {
                    self.found = true;
                }
                false
            }
            StmtKind::Assign {
                target: Target::Name { name, .. },
                value,
            } if name == self.name && !mentions_expr(value, self.name) => {
                // Bound anew (the point may be in the value: `row = f(row)`
                // gives the old list away and binds another).
                false
            }
            _ => {
                if passed && mentions(std::slice::from_ref(s), self.name) {
                    self.found = true;
                }
                passed || mentions_at(std::slice::from_ref(s), self.at)
            }
        }
    }
}

/// Whether the expression `at` is in `b`'s statements (nested blocks too).
fn mentions_at(b: &[Stmt], at: ExprId) -> bool {
    let mut found = false;
    crate::engine::rules::ir::for_each_stmt(b, true, &mut |s| {
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| found = found || x.id == at);
        })
    });
    found
}
