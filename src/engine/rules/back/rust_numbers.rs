//! Python's ints that a Rust `f64` would change. Python never converts an
//! int to a float by itself: `product = 0` before `product += v` of floats,
//! or `return -1` from a `-> float` function, leaves an int where no float
//! was added, and the caller sees `0`, not `0.0` (printed differently,
//! exact past 2^53). A Rust local or result has one type, so where the
//! analysis joins such an int into a float the function is declined rather
//! than written with the int converted. Arithmetic that mixes the two is
//! not concerned: Python's result is a float there too.

use super::super::analysis::Model;
use super::super::ir::{for_each_stmt, Expr, ExprKind, Function, StmtKind, Target, Ty};

/// The first place of `f` (not of its nested functions, which are checked
/// as they are written) where an int is stored into a float local or
/// returned as the float `ret` (or a float part of a tuple): its line and
/// what it is.
pub(super) fn int_kept_as_float(f: &Function, model: &Model, ret: &Ty) -> Option<(usize, String)> {
    let mut found = None;
    for_each_stmt(&f.body, false, &mut |s| {
        if found.is_some() {
            return;
        }
        match &s.kind {
            StmtKind::Assign { target, value } => {
                if let Some(name) = stored_int(target, value, model) {
                    found = Some((
                        s.line,
                        format!(
                            "int stored into `{name}`, a float elsewhere (Python keeps the int)"
                        ),
                    ));
                }
            }
            StmtKind::Return(Some(v)) if int_into(v, ret, model) => {
                found = Some((
                    s.line,
                    "int returned where the function's result is a float elsewhere (Python \
                     keeps the int)"
                        .to_string(),
                ));
            }
            _ => {}
        }
    });
    found
}

/// Whether `v` (an int, a tuple display or a conditional with one) becomes the float
/// `want` (or a float part of it).
fn int_into(v: &Expr, want: &Ty, model: &Model) -> bool {
    match (&v.kind, want) {
        (ExprKind::Tuple(items), Ty::Tuple(wants)) if items.len() == wants.len() => {
            items.iter().zip(wants).any(|(x, w)| int_into(x, w, model))
        }
        // `-1 if bad else x / 2`: either branch may be the value.
        (ExprKind::IfElse { then, orelse, .. }, _) => {
            int_into(then, want, model) || int_into(orelse, want, model)
        }
        (_, Ty::Float(_)) => is_int(model.ty(v)),
        _ => false,
    }
}

fn is_int(t: &Ty) -> bool {
    t.is_int() || *t == Ty::Bool
}

/// The name of a float local that `target = value` stores an int into
/// (`x = 0`, `a, b = 1, 0`).
fn stored_int(target: &Target, value: &Expr, model: &Model) -> Option<String> {
    match (target, &value.kind) {
        (Target::Name { name, id }, _) => {
            let l = model.scopes.local_id(*id)?;
            int_into(value, model.local_ty(l), model).then(|| name.clone())
        }
        (Target::Tuple(ts), ExprKind::Tuple(vs)) if ts.len() == vs.len() => {
            ts.iter().zip(vs).find_map(|(t, v)| stored_int(t, v, model))
        }
        _ => None,
    }
}
