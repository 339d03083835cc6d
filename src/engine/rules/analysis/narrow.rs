//! Narrowing after a test for the empty value: the reads of a parameter
//! that may be `None` (JavaScript's `null`/`undefined`, Python's `None`)
//! that see the value itself, not the option.
//!
//! A read is of the value where the flow proves it present: in the branch
//! a test (`x != null`, `x`, `!x`, `&&`, `||` of such tests) takes only
//! when it is, after an `if` whose branch for the empty value leaves the
//! block (`if (x == null) return 0;`), in the arm of a conditional
//! expression or the operand of `&&`/`||` evaluated only then. A read
//! whose value the source dereferences (`x.length`, `x[i]`, `x.slice()`)
//! is of the value too: the source raises there on the empty value (a
//! `TypeError`), and the Rust translation, which unwraps it, panics.
//!
//! Only parameters the function never assigns or changes in place are
//! narrowed: a fact about one then holds wherever the test's branch
//! runs, in loops and closures alike. Inference types such a read as the
//! option's item ([`super::infer`]); the Rust backend writes it unwrapped.

use std::collections::HashSet;

use super::super::ir::{
    for_each_child, for_each_stmt_expr, try_blocks, Builtin, CmpOp, Expr, ExprId, ExprKind,
    Function, Lit, LogicOp, Stmt, StmtKind,
};
use super::scope::{LocalId, Scopes};

/// The reads of `f`'s never-assigned parameters (and those of the
/// functions nested in it) that see a present value, by expression id.
pub fn present_reads(f: &Function, scopes: &Scopes) -> HashSet<ExprId> {
    let mut walk = Walk {
        scopes,
        found: HashSet::new(),
        in_try: false,
    };
    walk.block(&f.body, &mut Vec::new());
    walk.found
}

struct Walk<'a> {
    scopes: &'a Scopes,
    found: HashSet<ExprId>,
    /// Inside a `try`: a dereference there may be caught, which a panic
    /// is not, so it proves nothing.
    in_try: bool,
}

impl Walk<'_> {
    /// The parameter `e` reads, if it is one that is never assigned.
    fn param(&self, e: &Expr) -> Option<LocalId> {
        let ExprKind::Name(_) = e.kind else {
            return None;
        };
        self.scopes.local_id(e.id).filter(|l| {
            let local = &self.scopes.locals[l.0];
            local.is_param && local.stores == 0 && !local.mutated
        })
    }

    /// The parameters present when `test` is true (`true`) or false.
    fn facts(&self, test: &Expr, when: bool) -> Vec<LocalId> {
        match &test.kind {
            ExprKind::Compare { first, rest } => {
                let [(op, second)] = rest.as_slice() else {
                    return Vec::new();
                };
                let empty = |e: &Expr| matches!(e.kind, ExprKind::Lit(Lit::None));
                let tested = if empty(second) {
                    &**first
                } else if empty(first) {
                    second
                } else {
                    return Vec::new();
                };
                let present_when = match op {
                    CmpOp::NotEq(_) | CmpOp::IsNot => true,
                    CmpOp::Eq(_) | CmpOp::Is => false,
                    _ => return Vec::new(),
                };
                match self.param(tested) {
                    Some(l) if present_when == when => vec![l],
                    _ => Vec::new(),
                }
            }
            // A true value is not the empty one.
            ExprKind::Name(_) if when => self.param(test).into_iter().collect(),
            ExprKind::Not(x, _) => self.facts(x, !when),
            ExprKind::Logic { op, operands, .. } => {
                // All of `a && b` true, or all of `a || b` false.
                if (*op == LogicOp::And) == when {
                    operands.iter().flat_map(|o| self.facts(o, when)).collect()
                } else {
                    Vec::new()
                }
            }
            _ => Vec::new(),
        }
    }

    fn block(&mut self, b: &[Stmt], present: &mut Vec<LocalId>) {
        let mark = present.len();
        for s in b {
            self.stmt(s, present);
        }
        present.truncate(mark);
    }

    fn stmt(&mut self, s: &Stmt, present: &mut Vec<LocalId>) {
        match &s.kind {
            StmtKind::If { branches, orelse } => {
                let mark = present.len();
                let mut all_leave = true;
                for (test, body) in branches {
                    self.expr(test, present, false);
                    let facts = self.facts(test, true);
                    let before = present.len();
                    present.extend(facts);
                    self.block(body, present);
                    present.truncate(before);
                    present.extend(self.facts(test, false));
                    all_leave &= leaves(body);
                }
                self.block(orelse, present);
                let after_else = present.split_off(mark);
                // The rest of the block runs only where every branch fell
                // through: after `if (x == null) return;`, `x` is there.
                if all_leave {
                    present.extend(after_else);
                } else if let ([(test, body)], true) = (branches.as_slice(), leaves(orelse)) {
                    if !leaves(body) {
                        present.extend(self.facts(test, true));
                    }
                }
            }
            StmtKind::While { test, body } => {
                self.expr(test, present, false);
                let mark = present.len();
                present.extend(self.facts(test, true));
                self.block(body, present);
                present.truncate(mark);
            }
            StmtKind::For { body, orelse, .. } => {
                for_each_stmt_expr(s, |e| self.expr(e, present, false));
                self.block(body, present);
                self.block(orelse, present);
            }
            StmtKind::Def(d) => self.block(&d.body, present),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                let was = std::mem::replace(&mut self.in_try, true);
                for b in try_blocks(body, handlers, orelse, finally) {
                    self.block(b, present);
                }
                self.in_try = was;
            }
            _ => for_each_stmt_expr(s, |e| self.expr(e, present, false)),
        }
    }

    /// Walks `e`; `deref`: the source dereferences its value.
    fn expr(&mut self, e: &Expr, present: &mut Vec<LocalId>, deref: bool) {
        match &e.kind {
            ExprKind::Name(_) => {
                if let Some(l) = self.param(e) {
                    if present.contains(&l) || (deref && !self.in_try) {
                        self.found.insert(e.id);
                    }
                }
            }
            ExprKind::Logic { op, operands, .. } => {
                let mark = present.len();
                for o in operands {
                    self.expr(o, present, false);
                    // The next operand runs only where this one was true
                    // (`&&`) or false (`||`).
                    present.extend(self.facts(o, *op == LogicOp::And));
                }
                present.truncate(mark);
            }
            ExprKind::IfElse {
                test, then, orelse, ..
            } => {
                self.expr(test, present, false);
                for (arm, when) in [(then, true), (orelse, false)] {
                    let mark = present.len();
                    present.extend(self.facts(test, when));
                    self.expr(arm, present, false);
                    present.truncate(mark);
                }
            }
            ExprKind::Attr { value, .. }
            | ExprKind::Method { recv: value, .. }
            | ExprKind::CallMethod { recv: value, .. }
            | ExprKind::Index { value, .. }
            | ExprKind::Slice { value, .. } => {
                for_each_child(e, |c| self.expr(c, present, std::ptr::eq(c, &**value)));
            }
            // `x.length`.
            ExprKind::Builtin {
                op: Builtin::Len,
                args,
                ..
            } if args.len() == 1 => self.expr(&args[0], present, true),
            _ => for_each_child(e, |c| self.expr(c, present, false)),
        }
    }
}

/// Whether a block never falls through to what follows it: it ends in
/// `return`, `throw`, `break` or `continue`.
fn leaves(b: &[Stmt]) -> bool {
    matches!(
        b.last().map(|s| &s.kind),
        Some(StmtKind::Return(_) | StmtKind::Fail { .. } | StmtKind::Break | StmtKind::Continue)
    )
}
