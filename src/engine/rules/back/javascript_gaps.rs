//! The gaps between JavaScript and a target whose values compare and test
//! by value (Python), checked once over a function's IR with the
//! analysis's types before a backend prints it: where JavaScript's meaning
//! differs on the types the analysis found, the unit is declined, naming
//! the construct and line.
//!
//! The Rust backend makes these decisions where it prints each operation;
//! the Python backend was written for Rust sources, whose conditions are
//! bools and whose `+` never coerces, so for JavaScript sources the checks
//! run here first.

use super::super::analysis::Model;
use super::super::front::javascript::{Need, Obligation, CONSOLE_LOG};

use super::super::ir::{
    for_each_child, for_each_expr, for_each_stmt, for_each_stmt_expr, try_blocks, BinOp, Block,
    Builtin, CmpOp, EqSem, Expr, ExprKind, Function, Lit, LogicSem, Method, OperandSem, StmtKind,
    Truthiness, Ty,
};
use super::super::{Decline, Res};

/// Declines the first construct of `f` whose JavaScript meaning the
/// target's own construct would not keep.
pub fn check(f: &Function, model: &Model) -> Res<()> {
    Check { model }.block(&f.body)
}

/// Discharges the frontend's obligations on the values of `f` with the
/// analysis's types (those on values of other functions wait for theirs),
/// declining the first that the types do not prove.
pub fn obligations(f: &Function, model: &Model, obligations: &[Obligation]) -> Res<()> {
    let mut ids = Vec::new();
    for_each_stmt(&f.body, true, &mut |s| {
        for_each_stmt_expr(s, |e| for_each_expr(e, &mut |x| ids.push(x.id)))
    });
    for o in obligations.iter().filter(|o| ids.contains(&o.id)) {
        let ty = model
            .types
            .exprs
            .get(o.id.0 as usize)
            .cloned()
            .unwrap_or(Ty::Unknown);
        let holds = match o.need {
            Need::Char => ty == Ty::Char,
            Need::Number => matches!(ty, Ty::Int(_) | Ty::Float(_) | Ty::Number { .. }),
        };
        if !holds {
            return Err(Decline(o.decline.clone()));
        }
    }
    Ok(())
}

/// Whether `index` is `len(value) - k` of a name: a read the frontend
/// only lowers where `value` holds `k` items or more (a fixed read), so
/// the index is not negative.
pub(super) fn from_end_checked(value: &Expr, index: &Expr) -> bool {
    let ExprKind::Name(v) = &value.kind else {
        return false;
    };
    let ExprKind::Binary(BinOp::Sub, len, k) = &index.kind else {
        return false;
    };
    let of_value = matches!(&len.kind, ExprKind::Builtin { op: Builtin::Len, args, .. }
        if matches!(args.as_slice(), [a] if matches!(&a.kind, ExprKind::Name(n) if n == v)));
    of_value && matches!(k.kind, ExprKind::Lit(Lit::Int(k)) if k >= 1)
}

struct Check<'a> {
    model: &'a Model,
}

fn decline<T>(line: usize, what: impl std::fmt::Display) -> Res<T> {
    Err(Decline(format!("{what} at line {line}")))
}

/// Whether `===` (or `==`) of values of these types is Python's `is`:
/// JavaScript compares arrays, objects, sets and class instances by
/// identity. A tuple is not one (Python may share equal constant tuples).
pub fn identity_compare(sem: EqSem, a: &Ty, b: &Ty) -> bool {
    let object = |t: &Ty| matches!(t, Ty::List(_) | Ty::Dict(..) | Ty::Set(_) | Ty::Class(_));
    match sem {
        EqSem::Identity => {
            (object(a) || object(b)) && !matches!(a, Ty::Tuple(_)) && !matches!(b, Ty::Tuple(_))
        }
        EqSem::Loose => object(a) && object(b),
        _ => false,
    }
}

/// Whether one of two compared values is a string and the other a
/// number: JavaScript compares them as numbers (`"10" < 9` is false, `"1"
/// == 1` true) where Python's `<` raises and `==` is false, so the Python
/// backend compares them through the helpers that convert as JavaScript
/// does (`js_less`, `js_loose_eq`; `===` is false either way, through
/// `js_strict_eq`).
pub fn text_and_number(a: &Ty, b: &Ty) -> bool {
    let text = |t: &Ty| matches!(t, Ty::Str | Ty::Char);
    (text(a) && b.is_numeric()) || (text(b) && a.is_numeric())
}

/// Arrays and objects: always true, compared by identity, printed with
/// commas in JavaScript.
fn is_object(t: &Ty) -> bool {
    matches!(
        t,
        Ty::List(_) | Ty::Dict(..) | Ty::Set(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Class(_)
    )
}

impl Check<'_> {
    fn block(&self, b: &Block) -> Res<()> {
        for s in b {
            match &s.kind {
                StmtKind::If { branches, orelse } => {
                    for (test, body) in branches {
                        self.test(test)?;
                        self.expr(test)?;
                        self.block(body)?;
                    }
                    self.block(orelse)?;
                }
                StmtKind::While { test, body } => {
                    self.test(test)?;
                    self.expr(test)?;
                    self.block(body)?;
                }
                StmtKind::For {
                    iter, body, orelse, ..
                } => {
                    self.ordered(iter)?;
                    self.expr(iter)?;
                    self.block(body)?;
                    self.block(orelse)?;
                }
                StmtKind::Assign { value, .. } | StmtKind::AugAssign { value, .. } => {
                    self.expr(value)?
                }
                StmtKind::Return(Some(e)) | StmtKind::Expr(e) | StmtKind::Assert(e, _) => {
                    self.expr(e)?
                }
                StmtKind::Yield { value, from } => {
                    if *from {
                        self.ordered(value)?;
                    }
                    self.expr(value)?
                }
                StmtKind::Def(inner) => self.block(&inner.body)?,
                StmtKind::Try {
                    body,
                    handlers,
                    orelse,
                    finally,
                } => {
                    for b in try_blocks(body, handlers, orelse, finally) {
                        self.block(b)?;
                    }
                }
                StmtKind::Return(None)
                | StmtKind::Break
                | StmtKind::Continue
                | StmtKind::Pass
                | StmtKind::Fail { .. } => {}
            }
        }
        Ok(())
    }

    /// A value used as a condition: an array is always true in
    /// JavaScript, false when empty in Python.
    fn test(&self, e: &Expr) -> Res<()> {
        let t = self.model.ty(e);
        if !t.is_known() {
            // The Python backend tests it with `js_truthy` where it is a
            // condition, and declines `&&`/`||` giving such a value.
            return Ok(());
        }
        if is_object(t) {
            return decline(e.line, format!("truth value of {t} (always true)"));
        }
        // A float (whose `NaN` is false in JavaScript, true in Python) is
        // tested with `js_truthy`, as a value of unknown type is.
        Ok(())
    }

    /// A value iterated where the order shows: a JavaScript `Set` keeps
    /// insertion order, a Python set its hash order.
    fn ordered(&self, iter: &Expr) -> Res<()> {
        if matches!(self.model.ty(iter), Ty::Set(_)) {
            return decline(iter.line, "iteration order of a Set");
        }
        Ok(())
    }

    fn expr(&self, e: &Expr) -> Res<()> {
        let ty = |x: &Expr| self.model.ty(x).clone();
        match &e.kind {
            ExprKind::Comprehension { clauses, .. } => {
                for c in clauses {
                    self.ordered(&c.iter)?;
                }
            }
            ExprKind::Builtin {
                op: Builtin::ToList | Builtin::Enumerate | Builtin::Zip,
                args,
                ..
            } => {
                for a in args {
                    self.ordered(a)?;
                }
            }
            // `console.log` writes arrays and objects otherwise than
            // `String()` does (`[ 1, 2 ]`), and a float's -0 as `-0`
            // where `String()` gives `0`.
            ExprKind::Call { func, args } if func == CONSOLE_LOG => {
                let printed = match args.as_slice() {
                    [Expr {
                        kind:
                            ExprKind::Builtin {
                                op: Builtin::ToStr,
                                args,
                                ..
                            },
                        ..
                    }] => args.first().map(ty),
                    _ => None,
                };
                if printed.as_ref().is_some_and(|t| t.is_float()) {
                    return decline(e.line, "`console.log` of a number that may be -0");
                }
                if !printed.is_some_and(|t| {
                    matches!(
                        t,
                        Ty::Int(_) | Ty::Number { .. } | Ty::Bool | Ty::Str | Ty::Char
                    )
                }) {
                    return decline(
                        e.line,
                        "`console.log` of a value that may not be a number, string or bool",
                    );
                }
            }
            ExprKind::Not(x, Truthiness::JavaScript) => self.test(x)?,
            ExprKind::IfElse {
                test,
                truthiness: Truthiness::JavaScript,
                ..
            } => self.test(test)?,
            ExprKind::Logic {
                operands,
                sem:
                    LogicSem {
                        truthiness: Truthiness::JavaScript,
                        ..
                    },
                ..
            } => {
                for o in operands {
                    self.test(o)?;
                }
            }
            ExprKind::Binary(BinOp::Add(OperandSem::Coercing), a, b) => {
                let (ta, tb) = (ty(a), ty(b));
                let text = |t: &Ty| matches!(t, Ty::Str | Ty::Char);
                // `undefined + 1` is NaN and `null + 1` is 1; Python's
                // `None + 1` raises, and `js_add` cannot tell them apart.
                if matches!(ta, Ty::Option(_)) || matches!(tb, Ty::Option(_)) {
                    return decline(e.line, format!("`+` on {ta} and {tb}"));
                }
                // One of unknown type: the Python backend's `js_add`.
                let open = !ta.is_known() || !tb.is_known();
                if !open
                    && (text(&ta) != text(&tb)
                        || !(text(&ta) || (ta.is_numeric() && tb.is_numeric())))
                {
                    return decline(e.line, format!("`+` on {ta} and {tb}"));
                }
            }
            ExprKind::Compare { first, rest } => {
                let mut left = first.as_ref();
                for (op, right) in rest {
                    let (tl, tr) = (ty(left), ty(right));
                    // What JavaScript compares depends on the types.
                    let with_none = [left, right]
                        .iter()
                        .any(|x| matches!(x.kind, ExprKind::Lit(Lit::None)));
                    let known = tl.is_known() && tr.is_known();
                    // An equality or order of values of unknown type: the
                    // Python backend's helpers compare as JavaScript does.
                    let bridged = rest.len() == 1
                        && matches!(
                            op,
                            CmpOp::Eq(_)
                                | CmpOp::NotEq(_)
                                | CmpOp::Lt
                                | CmpOp::LtE
                                | CmpOp::Gt
                                | CmpOp::GtE
                        )
                        || (matches!(op, CmpOp::In | CmpOp::NotIn) && tr == Ty::Str);
                    if !known && !with_none && !bridged {
                        return decline(e.line, format!("comparison of {tl} and {tr}"));
                    }
                    match op {
                        // Python's `is` (`identity_compare`): `===` of an
                        // object, `==` of two (of an object and a primitive
                        // JavaScript converts the object).
                        // `x == null` of an array or object is `x is None`
                        // (the frontend declines `=== null`).
                        CmpOp::Eq(sem) | CmpOp::NotEq(sem)
                            if (is_object(&tl) || is_object(&tr))
                                && !with_none
                                && !identity_compare(*sem, &tl, &tr) =>
                        {
                            return decline(e.line, "`===` on arrays or objects (identity)")
                        }
                        // A string with a number, alone: the helpers
                        // (`text_and_number`); in a chain, or `in`,
                        // declined.
                        _ if text_and_number(&tl, &tr)
                            && (rest.len() > 1 || matches!(op, CmpOp::In | CmpOp::NotIn)) =>
                        {
                            return decline(e.line, format!("comparison of {tl} and {tr}"))
                        }
                        // `===` of two values that may each be `None`:
                        // `null === undefined` is false, and `None` is both
                        // (a read past the end beside a `null`).
                        CmpOp::Eq(EqSem::Identity) | CmpOp::NotEq(EqSem::Identity)
                            if matches!(tl, Ty::Option(_))
                                && matches!(tr, Ty::Option(_))
                                && !with_none =>
                        {
                            return decline(
                                e.line,
                                "`===` of two values that may be null or undefined",
                            )
                        }
                        // `includes` of a value that may be `undefined`
                        // finds `null` too where Python's `in` finds `None`.
                        CmpOp::In | CmpOp::NotIn if matches!(tl, Ty::Option(_)) => {
                            return decline(e.line, "`includes` of a value that may be undefined")
                        }
                        // `includes` finds an array in an array by identity.
                        CmpOp::In | CmpOp::NotIn if is_object(&tl) => {
                            return decline(e.line, "`includes` of an array (identity)")
                        }
                        _ => {}
                    }
                    left = right;
                }
            }
            // An array's `indexOf` compares with `===`: by value on
            // numbers and strings alike, where Python's `==` also finds
            // `1` among bools.
            ExprKind::Method {
                recv,
                method: Method::Find,
                args,
                ..
            } if ty(recv) != Ty::Str => {
                let item = ty(recv).item();
                let same_kind = match (item, args.as_slice()) {
                    (Some(i), [x]) => {
                        let x = ty(x);
                        let number =
                            |t: &Ty| matches!(t, Ty::Int(_) | Ty::Float(_) | Ty::Number { .. });
                        (number(&i) && number(&x))
                            || (matches!(i, Ty::Str | Ty::Char) && matches!(x, Ty::Str | Ty::Char))
                    }
                    _ => false,
                };
                if !same_kind {
                    return decline(
                        e.line,
                        "`indexOf` on an array of values that may not be numbers or strings",
                    );
                }
            }
            // Python's `rjust` takes an integer width only.
            ExprKind::Method {
                method: Method::RJust | Method::LJust,
                args,
                ..
            } if !args.first().is_some_and(|w| ty(w).is_int()) => {
                return decline(
                    e.line,
                    "`padStart` or `padEnd` to a width that may not be an integer",
                )
            }
            _ => {}
        }
        let mut r = Ok(());
        for_each_child(e, |c| {
            if r.is_ok() {
                r = self.expr(c);
            }
        });
        r
    }
}
