//! Types of the fields of a unit's classes (`ir::Class`), from what the unit
//! stores in them, for the reads of those fields.
//!
//! Each function is analysed on its own, where a field reads as a value of
//! a type not known; this pass then types a field where every store into it
//! anywhere in the unit (on an object of its class, or of a type not known)
//! stores a value of one and the same type, and writes that type for every
//! read of the field on an object of the class. A store of a value whose
//! type is not known, or two stores of different types (an int and a
//! float), leave the field untyped: the backend then asks the value.

use std::collections::HashMap;

use super::super::ir::{
    for_each_child, for_each_stmt, for_each_stmt_expr, BinOp, Class, Expr, ExprKind, Function,
    MethodKind, StmtKind, Target, Ty,
};

/// Fills in `types` (by expression id) for the reads of fields.
pub fn type_fields(functions: &[Function], classes: &[Class], types: &mut [Ty]) {
    let all: Vec<&Function> =
        crate::engine::rules::ir::functions_and_methods(functions, classes).collect();
    // (class, field) -> the one type stored, or `None` once it is unsettled.
    let mut stored: HashMap<(String, String), Option<Ty>> = HashMap::new();
    let ty_of = |types: &[Ty], e: &Expr| types.get(e.id.index()).cloned().unwrap_or(Ty::Unknown);
    // A class attribute is what `self.n` reads until an instance binds its
    // own: its value's type is one the field may hold.
    for c in classes {
        // A property's getter computes what it reads: no store types it.
        for m in &c.methods {
            if matches!(m.kind, MethodKind::Getter | MethodKind::Setter) {
                stored.insert((c.name.clone(), m.function.name.clone()), None);
            }
        }
        for a in &c.attributes {
            let t = ty_of(types, &a.value);
            let known = (t != Ty::Unknown).then_some(t);
            stored.insert((c.name.clone(), a.name.clone()), known);
        }
    }
    for f in &all {
        for_each_stmt(&f.body, true, &mut |s| {
            let (target, value, changes_type) = match &s.kind {
                StmtKind::Assign { target, value } => (target, value, false),
                // `o.x /= 2` makes an int field a float; `**=` may too.
                StmtKind::AugAssign { target, value, op } => {
                    (target, value, matches!(op, BinOp::Div(_) | BinOp::Pow))
                }
                _ => return,
            };
            let Target::Attr { value: obj, name } = target else {
                return;
            };
            let vt = ty_of(types, value);
            let owners: Vec<String> = match ty_of(types, obj) {
                Ty::Class(c) => vec![c],
                // An object of a type not known may be of any class.
                Ty::Unknown => classes.iter().map(|c| c.name.clone()).collect(),
                _ => Vec::new(),
            };
            for owner in owners {
                let slot = stored
                    .entry((owner, name.clone()))
                    .or_insert(Some(vt.clone()));
                // `o.x += v` keeps the type only where it is the same.
                let same = slot.as_ref().is_some_and(|t| *t == vt);
                if !same || vt == Ty::Unknown || changes_type {
                    *slot = None;
                }
            }
        });
    }
    for f in &all {
        for_each_stmt(&f.body, true, &mut |s| {
            for_each_stmt_expr(s, |e| type_reads(e, &stored, types));
        });
    }
}

fn type_reads(e: &Expr, stored: &HashMap<(String, String), Option<Ty>>, types: &mut [Ty]) {
    if let ExprKind::ClassAttr { class, name } = &e.kind {
        if let Some(Some(t)) = stored.get(&(class.clone(), name.clone())) {
            if let Some(slot) = types.get_mut(e.id.index()) {
                *slot = t.clone();
            }
        }
    }
    if let ExprKind::Attr { value, name } = &e.kind {
        if let Some(Ty::Class(c)) = types.get(value.id.index()) {
            if let Some(Some(t)) = stored.get(&(c.clone(), name.clone())) {
                if let Some(slot) = types.get_mut(e.id.index()) {
                    *slot = t.clone();
                }
            }
        }
    }
    let mut children = Vec::new();
    for_each_child(e, |c| children.push(c));
    for c in children {
        type_reads(c, stored, types);
    }
}
