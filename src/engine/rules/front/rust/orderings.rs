//! `std::cmp::Ordering` as the integers -1, 0 and 1.
//!
//! Rust's three orderings become the numbers a comparator of the targets
//! returns (`Less` is -1, `Equal` 0, `Greater` 1), typed `i8` in the IR:
//! `a.cmp(&b)` of integers, bools, chars and strings (which order in the
//! targets as in Rust) is `-1 if a < b else (0 if a == b else 1)`,
//! `partial_cmp` of those never being `None`; `Ordering::Less` is `-1`; a
//! `match` on an ordering compares with the numbers; `reverse()` negates;
//! `is_lt()` and its kin compare with 0; `a.cmp(&b).then(p)` is `-1 if a <
//! b else (p if a == b else 1)` and `o.then(p)` of a name `o if o != 0
//! else p`, `p` being an ordering whose evaluation has no effect. A type's own `fn cmp` (`impl Ord`) returns such a number.
//!
//! Declined: printing an ordering with `{:?}` (Rust writes `Less`, the
//! number would print; checked on every `i8` once the unit has met an
//! `Ordering`), `cmp` of operands that are neither names, fields nor
//! literals (they would be evaluated twice), of iterators, of other types
//! (floats have no `cmp`; tuples do not order alike in JavaScript), `then_with`, and
//! an ordering named bare after `use Ordering::*`.

use tree_sitter::Node;

use super::Lower;
use crate::engine::rules::ir::{CmpOp, EqSem, Expr, ExprKind, IntTy, Truthiness, Ty, UnOp};
use crate::engine::rules::Res;

/// The type an ordering has in the IR.
pub(super) const ORDERING: Ty = Ty::Int(IntTy::I8);

/// The number of `Ordering::Less` and its kin, by the path's text
/// (`Ordering::Less`, `std::cmp::Ordering::Greater`).
pub(super) fn ordering_number(path: &str) -> Option<i128> {
    let path = path.replace(' ', "");
    let (owner, variant) = path.rsplit_once("::")?;
    let owner_ok = matches!(
        owner,
        "Ordering" | "cmp::Ordering" | "std::cmp::Ordering" | "core::cmp::Ordering"
    );
    if !owner_ok {
        return None;
    }
    match variant {
        "Less" => Some(-1),
        "Equal" => Some(0),
        "Greater" => Some(1),
        _ => None,
    }
}

/// Whether a type's text names `std::cmp::Ordering`: by its path, or
/// bare where `use` lines bring it (`imported`).
pub(super) fn is_ordering_type(text: &str, imported: bool) -> bool {
    match text.replace(' ', "").as_str() {
        "Ordering" => imported,
        "cmp::Ordering" | "std::cmp::Ordering" | "core::cmp::Ordering" => true,
        _ => false,
    }
}

/// Whether a unit's `use` lines bring `std::cmp::Ordering` in by its
/// name (not `std::sync::atomic::Ordering`, which autocfg uses).
pub(super) fn imports_ordering(imports: &str) -> bool {
    imports.lines().any(|l| {
        let l = l.replace(' ', "");
        l.contains("cmp::") && l.contains("Ordering") && !l.contains("Ordering::")
    }) && !imports.contains("atomic")
}

impl<'s> Lower<'s> {
    /// Whether the unit names `Ordering` where no struct of that name is.
    pub(super) fn ordering_in_scope(&self) -> bool {
        !self.structs.contains_key("Ordering")
    }

    /// `Ordering::Less` as a value: -1 (and so on).
    pub(super) fn ordering_path(&mut self, n: Node) -> Option<Expr> {
        if !self.ordering_in_scope() {
            return None;
        }
        let text = self.text(n);
        if text.starts_with("Ordering") && !self.ordering_imported {
            return None;
        }
        let v = ordering_number(text)?;
        self.orderings_seen.set(true);
        let line = self.line(n);
        Some(self.int(v, ORDERING, line))
    }

    /// `Ordering::Less` in a pattern, on a value `v` that is an ordering:
    /// `v == -1`.
    pub(super) fn ordering_pattern(&mut self, pat: Node, v: Expr, ty: &Ty) -> Option<Expr> {
        let text = self.text(pat);
        if *ty != ORDERING
            || !self.ordering_in_scope()
            || (text.starts_with("Ordering") && !self.ordering_imported)
        {
            return None;
        }
        let number = ordering_number(self.text(pat))?;
        let line = self.line(pat);
        let lit = self.int(number, ORDERING, line);
        Some(self.compare(v, CmpOp::Eq(EqSem::Value), lit))
    }

    /// An operand `cmp` may read twice: a name, `self`, a field of one of
    /// those or a literal, behind any `&` or `*`.
    pub(super) fn read_twice(&self, n: Node) -> bool {
        let n = self.strip_refs(n);
        match n.kind() {
            "identifier" | "self" => true,
            "integer_literal" | "char_literal" | "string_literal" | "boolean_literal" => true,
            "field_expression" => n
                .child_by_field_name("value")
                .is_some_and(|v| self.read_twice(v)),
            "unary_expression" => n
                .named_child(0)
                .is_some_and(|v| self.text(n).starts_with('*') && self.read_twice(v)),
            "parenthesized_expression" => n.named_child(0).is_some_and(|v| self.read_twice(v)),
            _ => false,
        }
    }

    /// `a.cmp(&b)` (`partial_cmp` too, which is never `None` for these
    /// types) of values that order in the targets as in Rust: `None`
    /// where the receiver is of another type (a struct's own `cmp`).
    pub(super) fn compare_values(
        &mut self,
        recv: Node,
        other: Node,
        partial: bool,
        then: Option<Node>,
        n: Node,
    ) -> Res<Option<Expr>> {
        if self.is_iterator(recv) {
            // `Iterator::cmp`, item by item (bit-set's `self.iter().cmp(other)`).
            return self.decline(n, "`cmp` of an iterator");
        }
        if !self.read_twice(recv) || !self.read_twice(other) {
            return self.decline(
                n,
                "`cmp` of a computed operand (the comparison reads each operand twice)",
            );
        }
        let a = self.expr(recv)?;
        let ty = self.ty(&a);
        if !matches!(ty, Ty::Int(_) | Ty::Bool | Ty::Char | Ty::Str) {
            if matches!(ty, Ty::Float(_) | Ty::Tuple(_) | Ty::List(_)) {
                let what = if partial { "partial_cmp" } else { "cmp" };
                return self.decline(n, format!("`{what}` of {ty}"));
            }
            return Ok(None);
        }
        self.orderings_seen.set(true);
        let line = self.line(n);
        let b = self.expr_expecting(other, Some(&ty))?;
        let bt = self.ty(&b);
        if !(bt == ty
            || (ty.is_int() && bt.is_int())
            || matches!((&ty, &bt), (Ty::Str | Ty::Char, Ty::Str | Ty::Char)))
        {
            return self.decline(n, format!("`cmp` of {ty} with {bt}"));
        }
        let a2 = self.expr(recv)?;
        let b2 = self.expr_expecting(other, Some(&ty))?;
        let less = self.compare(a, CmpOp::Lt, b);
        let equal = self.compare(a2, CmpOp::Eq(EqSem::Value), b2);
        let minus = self.int(-1, ORDERING, line);
        let zero = match then {
            Some(p) => self.expr_expecting(p, Some(&ORDERING))?,
            None => self.int(0, ORDERING, line),
        };
        let one = self.int(1, ORDERING, line);
        let inner = self.if_else(equal, zero, one, line);
        let value = self.if_else(less, minus, inner, line);
        if partial {
            let t = Ty::Option(Box::new(ORDERING));
            self.set_ty(&value, t);
        }
        Ok(Some(value))
    }

    fn if_else(&mut self, test: Expr, then: Expr, orelse: Expr, line: usize) -> Expr {
        self.mk(
            ExprKind::IfElse {
                test: Box::new(test),
                truthiness: Truthiness::Bool,
                then: Box::new(then),
                orelse: Box::new(orelse),
            },
            ORDERING,
            line,
        )
    }

    /// A method of an ordering already lowered (`o.reverse()`, `o.is_lt()`):
    /// `None` where `name` is none of them.
    pub(super) fn ordering_method(
        &mut self,
        recv: Expr,
        name: &str,
        args: &[Node],
        n: Node,
    ) -> Res<Option<Expr>> {
        let line = self.line(n);
        let op = match (name, args) {
            ("is_lt", []) => CmpOp::Lt,
            ("is_le", []) => CmpOp::LtE,
            ("is_gt", []) => CmpOp::Gt,
            ("is_ge", []) => CmpOp::GtE,
            ("is_eq", []) => CmpOp::Eq(EqSem::Value),
            ("is_ne", []) => CmpOp::NotEq(EqSem::Value),
            ("reverse", []) => {
                return Ok(Some(self.mk(
                    ExprKind::Unary(UnOp::Neg, Box::new(recv)),
                    ORDERING,
                    line,
                )))
            }
            ("then_with", _) => return self.decline(n, "`then_with` of an `Ordering`"),
            _ => return Ok(None),
        };
        let zero = self.int(0, ORDERING, line);
        Ok(Some(self.compare(recv, op, zero)))
    }

    /// `a.cmp(&b).then(p)` (`p` an ordering evaluated without effects):
    /// `-1 if a < b else (p if a == b else 1)`; `o.then(p)` of a name `o`:
    /// `o if o != 0 else p`. `None` where `recv` is no ordering.
    pub(super) fn ordering_then(&mut self, recv: Node, other: Node, n: Node) -> Res<Option<Expr>> {
        if !self.orderings_seen.get() && !self.text(recv).contains("cmp") {
            return Ok(None);
        }
        if !self.pure_ordering(other) {
            return self.decline(
                n,
                "`then` of an ordering computed with effects (Rust evaluates it before `then`)",
            );
        }
        let inner = self.strip_refs(recv);
        if let Some(mc) = self.method_call(inner) {
            if let ("cmp", [b]) = (mc.name.as_str(), mc.args.as_slice()) {
                return self.compare_values(mc.recv, *b, false, Some(other), n);
            }
        }
        if !self.read_twice(recv) {
            return self.decline(
                n,
                "`then` of a computed ordering (it would be evaluated twice)",
            );
        }
        let line = self.line(n);
        let a = self.expr(recv)?;
        if self.ty(&a) != ORDERING {
            return Ok(None);
        }
        let zero = self.int(0, ORDERING, line);
        let test = self.compare(a, CmpOp::NotEq(EqSem::Value), zero);
        let a2 = self.expr(recv)?;
        let b = self.expr_expecting(other, Some(&ORDERING))?;
        Ok(Some(self.if_else(test, a2, b, line)))
    }

    /// An ordering whose evaluation has no effect, so that evaluating it
    /// only where it decides is Rust's eager `then(p)`: a path
    /// (`Ordering::Less`), a name, or a `cmp` (and its `then`s) of such
    /// operands.
    fn pure_ordering(&self, n: Node) -> bool {
        let n = self.strip_refs(n);
        if n.kind() == "scoped_identifier" || self.read_twice(n) {
            return true;
        }
        match self.method_call(n) {
            Some(mc) => match (mc.name.as_str(), mc.args.as_slice()) {
                ("cmp", [b]) => self.read_twice(mc.recv) && self.read_twice(*b),
                ("then", [b]) => self.pure_ordering(mc.recv) && self.pure_ordering(*b),
                ("reverse", []) => self.pure_ordering(mc.recv),
                _ => false,
            },
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orderings_are_named_by_their_paths_and_numbered_as_comparators_are() {
        assert_eq!(ordering_number("Ordering::Less"), Some(-1));
        assert_eq!(ordering_number("std::cmp::Ordering::Equal"), Some(0));
        assert_eq!(ordering_number("core::cmp::Ordering :: Greater"), Some(1));
        // Another enum's variant of the same name is no ordering.
        assert_eq!(ordering_number("Order::Less"), None);
        assert_eq!(ordering_number("atomic::Ordering::Relaxed"), None);
        assert!(is_ordering_type("std::cmp::Ordering", false));
        assert!(!is_ordering_type("Ordering", false));
        assert!(is_ordering_type("Ordering", true));
    }

    /// autocfg imports `std::sync::atomic::Ordering`, whose `Relaxed` is
    /// no comparison's result.
    #[test]
    fn only_the_comparison_ordering_is_imported_by_name() {
        assert!(imports_ordering("use std::cmp::Ordering;\n"));
        assert!(imports_ordering("use core::cmp::{self, Ordering};\n"));
        assert!(!imports_ordering(
            "use std::sync::atomic::{AtomicUsize, Ordering};\n"
        ));
        assert!(!imports_ordering("use std::cmp::Ordering::Less;\n"));
        assert!(!imports_ordering("use std::cmp::max;\n"));
    }
}
