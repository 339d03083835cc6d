//! JavaScript's `try` in Python: which operations may stand in a `try`
//! body whose `catch` becomes `except Exception`.
//!
//! **Soundness.** JavaScript's `catch` catches every error, and so does
//! `except Exception` of every error a translated function raises; they
//! behave alike only where each operation of the body fails in Python
//! exactly when it fails in JavaScript. Outside a `try` the engine accepts
//! documented differences (an index past the end gives `undefined` in
//! JavaScript where Python raises, a division by zero gives `Infinity`);
//! inside one such a difference would run the handler where JavaScript
//! goes on. So the body may hold only operations that cannot fail on the
//! types the analysis gave them, `throw`, and reads of an object's field
//! (which fail in both languages on `null`); anything else is declined.

use super::Writer;
use crate::engine::rules::ir::{
    for_each_expr, for_each_stmt, for_each_stmt_expr, BinOp, Builtin, CmpOp, Expr, ExprKind,
    FormatPart, Handler, Lit, Method, Stmt, StmtKind, Target, Ty,
};
use crate::engine::rules::Res;

fn text(t: &Ty) -> bool {
    matches!(t, Ty::Str | Ty::Char)
}

impl Writer<'_> {
    /// Declines a `try` whose body holds an operation that may fail in
    /// Python where JavaScript goes on, or whose handler reads a message
    /// that is not the one JavaScript gives.
    pub(super) fn check_try(&self, body: &[Stmt], handlers: &[Handler]) -> Res<()> {
        if handlers.is_empty() {
            return Ok(());
        }
        let reads_message = handlers.iter().any(|h| {
            let mut found = false;
            for_each_stmt(&h.body, true, &mut |s| {
                for_each_stmt_expr(s, |e| {
                    for_each_expr(e, &mut |x| {
                        found |= matches!(x.kind, ExprKind::ErrorMessage(_));
                    })
                })
            });
            found
        });
        let mut problem: Option<(usize, String)> = None;
        for_each_stmt(body, false, &mut |s| {
            if problem.is_some() {
                return;
            }
            if let Some(what) = self.stmt_problem(s, reads_message) {
                problem = Some((s.line, what));
                return;
            }
            for_each_stmt_expr(s, |e| {
                for_each_expr(e, &mut |x| {
                    if problem.is_none() {
                        if let Some(what) = self.expr_problem(x, reads_message) {
                            problem = Some((x.line, what));
                        }
                    }
                })
            });
        });
        match problem {
            Some((line, what)) => super::decline(
                line,
                format!(
                    "{what} in a `try` body (Python may raise where JavaScript goes on, which \
                     the `catch` would see)"
                ),
            ),
            None => Ok(()),
        }
    }

    fn stmt_problem(&self, s: &Stmt, reads_message: bool) -> Option<String> {
        match &s.kind {
            StmtKind::Fail { message, .. } if reads_message && message.is_none() => {
                Some("`throw` of a message that is not a literal".into())
            }
            StmtKind::Assign { target, .. } | StmtKind::AugAssign { target, .. } => match target {
                Target::Name { .. } | Target::Attr { .. } => None,
                _ => Some("a store by index or destructuring".into()),
            },
            StmtKind::For { iter, target, .. } => {
                let known = matches!(self.ty(iter), Ty::List(_) | Ty::Str);
                (!known || !matches!(target, Target::Name { .. }))
                    .then(|| "a loop over a value of a type not known".into())
            }
            StmtKind::Assert(..) => Some("an assertion".into()),
            _ => None,
        }
    }

    fn expr_problem(&self, e: &Expr, reads_message: bool) -> Option<String> {
        let ty = |x: &Expr| self.ty(x);
        let fine = match &e.kind {
            ExprKind::Lit(_)
            | ExprKind::Name(_)
            | ExprKind::ErrorMessage(_)
            | ExprKind::Not(..)
            | ExprKind::Logic { .. }
            | ExprKind::IfElse { .. }
            | ExprKind::List(_)
            | ExprKind::Tuple(_)
            | ExprKind::AssignName { .. } => true,
            ExprKind::Format(parts) => parts.iter().all(|p| {
                matches!(
                    p,
                    FormatPart::Text(_) | FormatPart::Value { spec: None, .. }
                )
            }),
            ExprKind::Unary(_, x) => ty(x).is_numeric(),
            ExprKind::Binary(op, a, b) => {
                let numbers = ty(a).is_numeric() && ty(b).is_numeric();
                match op {
                    BinOp::Add(_) => numbers || (text(&ty(a)) && text(&ty(b))),
                    BinOp::Sub | BinOp::Mul(_) => numbers,
                    // JavaScript gives `Infinity` or `NaN` for a zero
                    // divisor, Python raises.
                    BinOp::Div(_) | BinOp::FloorDiv(_) | BinOp::Rem(_) => {
                        numbers && matches!(b.kind, ExprKind::Lit(Lit::Int(v)) if v != 0)
                    }
                    BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => {
                        ty(a).is_int() && ty(b).is_int()
                    }
                    _ => false,
                }
            }
            ExprKind::Compare { first, rest } => {
                let mut left = ty(first);
                rest.iter().all(|(op, right)| {
                    let r = ty(right);
                    let ok = match op {
                        CmpOp::Eq(_) | CmpOp::NotEq(_) | CmpOp::Is | CmpOp::IsNot => true,
                        CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => {
                            (left.is_numeric() && r.is_numeric()) || (text(&left) && text(&r))
                        }
                        CmpOp::In | CmpOp::NotIn => false,
                    };
                    left = r;
                    ok
                })
            }
            ExprKind::Builtin { op, args, .. } => {
                let arg = args.first().map_or(Ty::Unknown, ty);
                match op {
                    Builtin::Len => matches!(arg, Ty::List(_) | Ty::Str),
                    Builtin::ToStr => true,
                    Builtin::Abs => arg.is_numeric(),
                    _ => false,
                }
            }
            ExprKind::Method {
                recv, method, args, ..
            } => {
                let rt = ty(recv);
                match method {
                    Method::Upper
                    | Method::Lower
                    | Method::AsciiUpper
                    | Method::AsciiLower
                    | Method::Strip
                    | Method::RustLines => text(&rt),
                    Method::StartsWith | Method::EndsWith => {
                        text(&rt) && args.iter().all(|a| text(&ty(a)))
                    }
                    Method::Append => matches!(rt, Ty::List(_)),
                    _ => false,
                }
            }
            // `null.x` throws in JavaScript and raises in Python; the
            // messages differ.
            ExprKind::Attr { value, .. } => match ty(value) {
                Ty::Class(_) => true,
                Ty::Option(inner) => matches!(*inner, Ty::Class(_)) && !reads_message,
                _ => false,
            },
            _ => false,
        };
        (!fine).then(|| match &e.kind {
            ExprKind::Call { func, .. } => format!("call of `{func}`"),
            ExprKind::Index { .. } => "an index".into(),
            _ => "an operation that may fail differently".into(),
        })
    }
}
