//! Types of parameters the source does not declare, read from uses that
//! only one type accepts: `s.lower()` is only a string's, `xs.append(x)`
//! only a list's, `range(n)` takes only an integer.
//!
//! Only conclusive uses count: `len(x)`, `x[i]` and `for v in x` accept
//! strings, lists, tuples and dicts alike, and `x % 2` formats a string, so
//! they say nothing. A parameter used as two different types keeps its
//! unknown type, and the backend that needs it declines. Directions whose
//! target signature types the parameters (Python to Rust) do not need this;
//! a dynamically typed target (JavaScript) gets its declaration without
//! types, so Python to JavaScript reads the uses before inference runs.

use std::collections::HashMap;

use super::super::ir::{
    for_each_child, Block, Builtin, Expr, ExprKind, Function, IntTy, Method, StmtKind, Target, Ty,
};

/// Sets the type of each parameter of `f` (and of the functions nested in
/// it) that declares none and whose uses agree on one.
pub fn type_parameters(f: &mut Function) {
    let mut uses = Uses::default();
    uses.block(&f.body);
    for p in f.params.iter_mut() {
        if p.ty != Ty::Unknown {
            continue;
        }
        if let Some(Some(ty)) = uses.by_name.get(&p.name) {
            p.ty = ty.clone();
        }
    }
    for s in f.body.iter_mut() {
        nested(s);
    }
}

fn nested(s: &mut super::super::ir::Stmt) {
    match &mut s.kind {
        StmtKind::Def(inner) => type_parameters(inner),
        StmtKind::If { branches, orelse } => {
            for (_, b) in branches {
                b.iter_mut().for_each(nested);
            }
            orelse.iter_mut().for_each(nested);
        }
        StmtKind::While { body, .. } => body.iter_mut().for_each(nested),
        StmtKind::For { body, orelse, .. } => {
            body.iter_mut().for_each(nested);
            orelse.iter_mut().for_each(nested);
        }
        _ => {}
    }
}

/// What each name's uses show: `Some(ty)` while they agree, `None` once
/// two disagree.
#[derive(Default)]
struct Uses {
    by_name: HashMap<String, Option<Ty>>,
}

impl Uses {
    fn note(&mut self, holder: &Expr, ty: Ty) {
        let ExprKind::Name(n) = &holder.kind else {
            return;
        };
        let entry = self.by_name.entry(n.clone()).or_insert(Some(ty.clone()));
        if entry.as_ref().is_some_and(|t| *t != ty) {
            *entry = None;
        }
    }

    /// A name bound again inside the function (a loop variable, an
    /// assignment) may hold something else there: its uses say nothing
    /// about the parameter.
    fn rebound(&mut self, t: &Target) {
        match t {
            Target::Name { name, .. } => {
                self.by_name.insert(name.clone(), None);
            }
            Target::Tuple(ts) => ts.iter().for_each(|t| self.rebound(t)),
            Target::Index { value, index, .. } => {
                self.expr(value);
                self.expr(index);
            }
        }
    }

    fn block(&mut self, b: &Block) {
        for s in b {
            match &s.kind {
                StmtKind::Assign { target, value } | StmtKind::AugAssign { target, value, .. } => {
                    self.expr(value);
                    self.rebound(target);
                }
                StmtKind::If { branches, orelse } => {
                    for (t, b) in branches {
                        self.expr(t);
                        self.block(b);
                    }
                    self.block(orelse);
                }
                StmtKind::While { test, body } => {
                    self.expr(test);
                    self.block(body);
                }
                StmtKind::For {
                    target,
                    iter,
                    body,
                    orelse,
                } => {
                    self.expr(iter);
                    self.rebound(target);
                    self.block(body);
                    self.block(orelse);
                }
                StmtKind::Return(Some(e)) | StmtKind::Expr(e) | StmtKind::Assert(e) => self.expr(e),
                // A nested function's parameters are its own.
                StmtKind::Def(_) => {}
                _ => {}
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Method { recv, method, .. } => {
                if let Some(ty) = receiver_type(*method) {
                    self.note(recv, ty);
                }
            }
            ExprKind::Builtin {
                op: Builtin::Range,
                args,
                ..
            } => {
                for a in args {
                    self.note(a, Ty::Int(IntTy::Unbounded));
                }
            }
            ExprKind::Lambda { params, .. } => {
                for (n, _) in params {
                    self.by_name.insert(n.clone(), None);
                }
            }
            ExprKind::Comprehension { clauses, .. } => {
                for c in clauses {
                    self.rebound(&c.target);
                }
            }
            _ => {}
        }
        for_each_child(e, |c| self.expr(c));
    }
}

/// The one type that has `method`, for methods only one built-in type
/// has (bytes aside, which the frontend does not lower).
pub fn receiver_type(method: Method) -> Option<Ty> {
    use Method::*;
    Some(match method {
        Upper | Lower | Strip | LStrip | RStrip | Split | Join | Replace | StartsWith
        | EndsWith | Find | IsDigit | IsAlpha | IsAlnum | IsUpper | IsLower | IsSpace
        | SwapCase | Capitalize => Ty::Str,
        Append | Extend | Insert | Sort | Reverse => Ty::list(Ty::Unknown),
        Keys | Values | Items | Get => Ty::Dict(Box::new(Ty::Unknown), Box::new(Ty::Unknown)),
        Add => Ty::Set(Box::new(Ty::Unknown)),
        // `pop`, `remove`, `count`, `index`, `copy` belong to several types.
        Pop | Remove | Count | Index | Copy => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rules::front::python::lower;
    use crate::engine::{Context, TranslationRequest};
    use crate::lang::Lang;
    use crate::units::SegmentKind;

    fn params(source: &str) -> Vec<Ty> {
        let req = TranslationRequest {
            from: Lang::Python,
            to: Lang::JavaScript,
            kind: SegmentKind::Function,
            name: None,
            source: source.to_string(),
            path: "unit.py".into(),
            first_line: 1,
            context: Context::default(),
        };
        let mut lowered = lower(&req).expect("lowered");
        let f = &mut lowered.functions[0];
        type_parameters(f);
        f.params.iter().map(|p| p.ty.clone()).collect()
    }

    // Only a use one type accepts types a parameter: `len(x)` does not.
    #[test]
    fn conclusive_uses_type_parameters() {
        assert_eq!(
            params("def f(s, xs, n, m):\n    xs.append(len(m))\n    return s.lower() * len(range(n))\n"),
            [Ty::Str, Ty::list(Ty::Unknown), Ty::Int(IntTy::Unbounded), Ty::Unknown]
        );
    }

    // Regression: a parameter rebound to another value, or used as two
    // types, must keep its unknown type rather than take one use's.
    #[test]
    fn rebound_or_disagreeing_parameters_stay_unknown() {
        assert_eq!(
            params("def f(s, t):\n    s = 3\n    t.append(1)\n    return t.lower()\n"),
            [Ty::Unknown, Ty::Unknown]
        );
    }
}
