//! Integer sign facts: which integer expressions are never negative, the
//! fact that lets a backend use the target's own division, remainder and
//! indexing where Python's differ only on negative numbers.
//!
//! A binding is non-negative when every value stored in it is; that is
//! computed to a fixed point from "all are" downwards, so a loop counter
//! that only ever grows keeps the fact.

use super::super::ir::{
    for_each_stmt_expr, try_blocks, BinOp, Block, Builtin, Expr, ExprKind, Function, Lit, StmtKind,
    Target,
};
use super::scope::{LocalId, Scopes};

/// Rounds before giving up (then nothing is non-negative).
const MAX_ROUNDS: usize = 16;

/// By [`LocalId`]: whether every value the binding holds is `>= 0`.
pub fn non_negative_locals(f: &Function, scopes: &Scopes, params: &[bool]) -> Vec<bool> {
    let mut facts = Facts {
        scopes,
        locals: scopes.locals.iter().map(|l| !l.is_param).collect(),
        changed: false,
    };
    // Declared unsigned parameters are facts from the start.
    for (p, nonneg) in f.params.iter().zip(params) {
        if let Some(l) = scopes.local_id(p.id) {
            facts.locals[l.0] = *nonneg;
        }
    }
    for _ in 0..MAX_ROUNDS {
        facts.changed = false;
        facts.block(&f.body);
        if !facts.changed {
            return facts.locals;
        }
    }
    vec![false; scopes.locals.len()]
}

struct Facts<'a> {
    scopes: &'a Scopes,
    locals: Vec<bool>,
    changed: bool,
}

impl Facts<'_> {
    fn falsify(&mut self, l: LocalId) {
        if self.locals[l.0] {
            self.locals[l.0] = false;
            self.changed = true;
        }
    }

    fn store(&mut self, t: &Target, nonneg: bool) {
        match t {
            Target::Name { id, .. } => {
                if let (Some(l), false) = (self.scopes.local_id(*id), nonneg) {
                    self.falsify(l);
                }
            }
            Target::Tuple(parts) => parts.iter().for_each(|p| self.store(p, false)),
            Target::Index { .. } | Target::Attr { .. } => {}
        }
    }

    fn block(&mut self, b: &Block) {
        for s in b {
            match &s.kind {
                StmtKind::Assign { target, value } => {
                    let n = self.expr(value);
                    self.store(target, n);
                }
                StmtKind::AugAssign { target, op, value } => {
                    let n = match target {
                        Target::Name { id, .. } => {
                            let held = self.scopes.local_id(*id).is_some_and(|l| self.locals[l.0]);
                            binary(*op, held, self.expr(value), divisor_positive(value))
                        }
                        _ => false,
                    };
                    self.store(target, n);
                }
                StmtKind::For {
                    target,
                    iter,
                    body,
                    orelse,
                } => {
                    self.iteration(target, iter);
                    self.block(body);
                    self.block(orelse);
                }
                StmtKind::If { branches, orelse } => {
                    for (_, b) in branches {
                        self.block(b);
                    }
                    self.block(orelse);
                }
                StmtKind::While { body, .. } => self.block(body),
                StmtKind::Def(f) => self.block(&f.body),
                StmtKind::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                } => {
                    for b in try_blocks(body, handlers, orelse, finally) {
                        self.block(b);
                    }
                }
                _ => {}
            }
            self.comprehensions(s);
        }
    }

    /// Comprehension variables and names assigned inside an expression
    /// (`(x := v)`), wherever they are in the statement.
    fn comprehensions(&mut self, s: &super::super::ir::Stmt) {
        let mut exprs: Vec<&Expr> = Vec::new();
        for_each_stmt_expr(s, |e| exprs.push(e));
        while let Some(e) = exprs.pop() {
            if let ExprKind::AssignName {
                name, id, value, ..
            } = &e.kind
            {
                let n = self.expr(value);
                let target = Target::Name {
                    name: name.clone(),
                    id: *id,
                };
                self.store(&target, n);
            }
            if let ExprKind::Comprehension { clauses, .. } = &e.kind {
                for c in clauses {
                    self.iteration(&c.target, &c.iter);
                }
            }
            if let ExprKind::Lambda { params, .. } = &e.kind {
                for (_, id) in params {
                    if let Some(l) = self.scopes.local_id(*id) {
                        self.falsify(l);
                    }
                }
            }
            super::super::ir::for_each_child(e, |c| exprs.push(c));
        }
    }

    /// A loop variable: non-negative over a `range` that starts at zero or
    /// more and counts up, and as `enumerate`'s counter.
    fn iteration(&mut self, target: &Target, iter: &Expr) {
        match &iter.kind {
            ExprKind::Builtin {
                op: Builtin::Range,
                args,
                ..
            } => {
                let n = match args.as_slice() {
                    [_] => true,
                    [start, _] => self.expr(start),
                    [start, _, step] => self.expr(start) && positive_literal(step),
                    _ => false,
                };
                self.store(target, n);
            }
            ExprKind::Builtin {
                op: Builtin::Enumerate,
                args,
                ..
            } if matches!(args.len(), 1 | 2) => match target {
                Target::Tuple(parts) if parts.len() == 2 => {
                    // The count starts at `start`, 0 where left out.
                    let from_nonneg = args.get(1).is_none_or(|k| self.expr(k));
                    self.store(&parts[0], from_nonneg);
                    self.store(&parts[1], false);
                }
                other => self.store(other, false),
            },
            _ => self.store(target, false),
        }
    }

    /// Whether an integer expression is never negative.
    fn expr(&self, e: &Expr) -> bool {
        non_negative(e, &|id| {
            self.scopes.local_id(id).is_some_and(|l| self.locals[l.0])
        })
    }
}

fn positive_literal(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Lit(Lit::Int(v)) if v > 0)
}

fn divisor_positive(e: &Expr) -> bool {
    positive_literal(e)
}

fn binary(op: BinOp, a: bool, b: bool, divisor_positive: bool) -> bool {
    match op {
        BinOp::Add(_) | BinOp::Mul(_) | BinOp::FloorDiv(_) | BinOp::Pow => a && b,
        // Python's `%` takes the divisor's sign.
        BinOp::Rem(super::super::ir::Rounding::Floor) => divisor_positive || b,
        BinOp::Rem(_) => a && b,
        BinOp::BitAnd => a || b,
        _ => false,
    }
}

/// Whether `e` is never negative, given which names are.
pub fn non_negative(e: &Expr, name: &dyn Fn(super::super::ir::ExprId) -> bool) -> bool {
    match &e.kind {
        ExprKind::Lit(Lit::Int(v)) => *v >= 0,
        ExprKind::Lit(Lit::Bool(_)) => true,
        ExprKind::Name(_) => name(e.id),
        ExprKind::Binary(op, a, b) => binary(
            *op,
            non_negative(a, name),
            non_negative(b, name),
            positive_literal(b),
        ),
        ExprKind::Builtin { op, args, .. } => match op {
            Builtin::Len | Builtin::Abs | Builtin::Ord => true,
            Builtin::Min => args.len() > 1 && args.iter().all(|a| non_negative(a, name)),
            Builtin::Max => args.len() > 1 && args.iter().any(|a| non_negative(a, name)),
            _ => false,
        },
        ExprKind::IfElse { then, orelse, .. } => {
            non_negative(then, name) && non_negative(orelse, name)
        }
        _ => false,
    }
}
