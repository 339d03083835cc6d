//! `e?` of an `Option` in a function returning an `Option`
//! (`let line = self.lines.next()?;`): `e` is stored in a local before the
//! statement, which returns `None` when it is `None`, and the expression
//! reads the local. Of a `Result` (see `results`) in a function returning
//! a `Result` with the same error type: the `Err` pair is returned as it
//! is, and the expression reads the `Ok` value; where the error types
//! differ, the error goes through the `impl From` of the file that takes
//! it (declined where none does). A `Result`'s `unwrap()`
//! moves its test before the statement the same way.
//!
//! Moving `e` before its statement is sound only where Rust evaluates it
//! first: nothing the statement evaluates before `e` may run code or read
//! what `e` may change. So every operand evaluated before it (an earlier
//! argument, the left of an operator, a method's receiver) must be a
//! literal, a path, or a place (a name, `self`, a field chain) whose root
//! `e` does not name, while `e` calls no local closure, or arithmetic of
//! these but `/` and `%` (which cannot fail while values fit their types,
//! the engine's integer assumption). Declined inside
//! conditions, closures, `match` arms and macros, where `e` would not
//! always run or would run at another time.

use tree_sitter::Node;

use super::results::{self, NameRead};
use super::Lower;
use crate::engine::rules::ir::{CmpOp, Expr, ExprKind, Lit, StmtKind, Ty};
use crate::engine::rules::{children, named_children, Res};

impl<'s> Lower<'s> {
    /// `e?` of an `Option` or a `Result` (see the module's text).
    pub(super) fn try_operator(&mut self, n: Node) -> Res<Expr> {
        let Some(operand) = named_children(n).first().copied() else {
            return self.decline(n, "`?`");
        };
        let ret = self.current_return().unwrap_or(Ty::Unit);
        if !matches!(ret, Ty::Option(_) | Ty::Result(..)) {
            return self.decline(n, format!("`?` in a function returning {ret}"));
        }
        let line = self.line(n);
        let (r, ty) = self.hoist_operand(n, operand, "`?`")?;
        let (test, leave, value) = match (&ty, &ret) {
            (Ty::Option(inner), Ty::Option(_)) => {
                if matches!(**inner, Ty::Unit | Ty::Unknown | Ty::Var(_)) {
                    return self.decline(n, format!("`?` of an `Option` of {inner}"));
                }
                let tested = r.clone_read(self);
                let none = self.lit(Lit::None, ty.clone(), line);
                let test = self.compare(tested, CmpOp::Is, none);
                let leave = self.lit(Lit::None, ret.clone(), line);
                let value = r.clone_read(self);
                self.set_ty(&value, (**inner).clone());
                (test, leave, value)
            }
            (Ty::Result(_, e), Ty::Result(_, e2)) if e == e2 && e.is_known() => {
                // The `Err` pair is the function's result as it is.
                let tested = r.clone_read(self);
                let test = self.result_is(tested, results::ERR, true);
                let leave = r.clone_read(self);
                let read = r.clone_read(self);
                (test, leave, self.result_payload(read, results::OK))
            }
            (Ty::Result(_, e), Ty::Result(_, e2)) => {
                // `From::from(e)` of an `impl From` of the file.
                let tested = r.clone_read(self);
                let test = self.result_is(tested, results::ERR, true);
                let read = r.clone_read(self);
                let err = self.result_payload(read, results::ERR);
                let Some(converted) = self.convert_value(err, e2, n)? else {
                    return self
                        .decline(n, format!("`?` converting the error {e} to {e2} (`From`)"));
                };
                let leave = self.result_pair(results::ERR, converted, ret.clone(), line);
                let read = r.clone_read(self);
                (test, leave, self.result_payload(read, results::OK))
            }
            _ => return self.decline(n, format!("`?` of {ty} in a function returning {ret}")),
        };
        self.check_first(test, StmtKind::Return(Some(leave)), line);
        Ok(value)
    }

    /// `operand` (of `n`, a `?` or an `unwrap()`) where a test of it is
    /// moved before its statement: a name as it is, anything else stored
    /// in a local first. Declined where moving the test (and the value)
    /// first could change what the statement does (see the module's
    /// text). Gives the read of the name and the operand's type.
    pub(super) fn hoist_operand(
        &mut self,
        n: Node,
        operand: Node,
        what: &str,
    ) -> Res<(NameRead, Ty)> {
        self.hoist_checks(n, operand, what)?;
        let value = self.expr(operand)?;
        Ok(self.hoist_value(n, value))
    }

    /// Declines where a test of `operand` may not move before the
    /// statement holding `n` (see `hoist_operand`).
    pub(super) fn hoist_checks(&self, n: Node, operand: Node, what: &str) -> Res<()> {
        if self.source != 0 {
            return self.decline(n, format!("{what} inside a macro's arguments"));
        }
        if !self.closure_depth.is_empty() || self.inline > 0 {
            return self.decline(n, format!("{what} inside a closure"));
        }
        if self.no_hoist > 0 {
            return self.decline(
                n,
                format!("{what} inside a condition or the right of `&&`/`||`"),
            );
        }
        if let Some(before) = self.evaluated_before(n, operand) {
            return self.decline(
                before,
                format!("{what} after an operand that may run code or change what it reads"),
            );
        }
        Ok(())
    }

    /// `value` (lowered from the operand of `n`) as a name: itself, or a
    /// local it is stored in before the statement.
    pub(super) fn hoist_value(&mut self, n: Node, value: Expr) -> (NameRead, Ty) {
        let line = self.line(n);
        let ty = self.ty(&value);
        if let ExprKind::Name(name) = &value.kind {
            return (NameRead::new(name.clone(), ty.clone(), line), ty);
        }
        let base = self.try_local_name(n);
        let local = self.bind_temp(&base, ty.clone());
        let assign = self.assign_name(local.clone(), ty.clone(), value, line);
        self.pre.push(assign);
        (NameRead::new(local, ty.clone(), line), ty)
    }

    /// The local's name: the one `let x = e?;` binds, else `value`.
    fn try_local_name(&self, n: Node) -> String {
        n.parent()
            .filter(|p| p.kind() == "let_declaration")
            .and_then(|p| p.child_by_field_name("pattern"))
            .filter(|p| p.kind() == "identifier")
            .map_or_else(|| "value".to_string(), |p| self.text(p).to_string())
    }

    /// The first operand its statement evaluates before `n` that could
    /// make moving `n` first change what happens (see the module's text);
    /// `n` itself where it sits in a place that does not always evaluate
    /// it once, before the rest of the statement.
    fn evaluated_before<'t>(&self, n: Node<'t>, operand: Node) -> Option<Node<'t>> {
        let mut cur = n;
        loop {
            let parent = cur.parent()?;
            match parent.kind() {
                "block" | "expression_statement" | "return_expression" => return None,
                "let_declaration" => {
                    let is_value = parent
                        .child_by_field_name("value")
                        .is_some_and(|v| v.id() == cur.id());
                    return (!is_value).then_some(n);
                }
                // A `match`'s scrutinee and a `for`'s iterable are
                // evaluated once, first.
                "match_expression" | "for_expression"
                    if parent
                        .child_by_field_name("value")
                        .is_some_and(|v| v.id() == cur.id()) => {}
                "closure_expression" | "if_expression" | "match_expression" | "match_arm"
                | "while_expression" | "loop_expression" | "for_expression"
                | "macro_invocation" | "token_tree" | "let_condition" | "let_chain" => {
                    return Some(n)
                }
                "binary_expression" => {
                    let op = parent.child_by_field_name("operator").map(|o| self.text(o));
                    if matches!(op, Some("&&" | "||"))
                        && parent
                            .child_by_field_name("right")
                            .is_some_and(|r| r.id() == cur.id())
                    {
                        return Some(n);
                    }
                }
                _ => {}
            }
            // `place = e?` and `place op= e?`: the place is not read before
            // `e?` (Rust evaluates a plain assignment's value first, and a
            // compound one's place only borrows).
            let assigned = matches!(
                parent.kind(),
                "assignment_expression" | "compound_assignment_expr"
            ) && parent
                .child_by_field_name("right")
                .is_some_and(|r| r.id() == cur.id());
            for sibling in named_children(parent) {
                if sibling.start_byte() >= cur.start_byte() {
                    break;
                }
                let inert = if assigned {
                    self.place_root(sibling).is_some()
                } else {
                    self.inert(sibling, operand)
                };
                if !inert {
                    return Some(sibling);
                }
            }
            cur = parent;
        }
    }

    /// Whether evaluating `n` before `operand` instead of after gives the
    /// same: a literal, a path, the function a call names, or a place (a
    /// name, `self`, a field chain) whose root `operand` does not name,
    /// where `operand` calls no local closure (which could change it).
    fn inert(&self, n: Node, operand: Node) -> bool {
        match n.kind() {
            "integer_literal"
            | "float_literal"
            | "boolean_literal"
            | "char_literal"
            | "string_literal"
            | "raw_string_literal"
            | "unit_expression"
            | "scoped_identifier"
            | "field_identifier"
            | "type_arguments"
            | "primitive_type"
            | "type_identifier"
            | "generic_type"
            | "scoped_type_identifier" => true,
            "identifier" if is_callee(n) => self.lookup(self.text(n)).is_none(),
            // `x.m(e?)`: the receiver, read (a `Copy` one by value) before
            // `e?` runs.
            "field_expression" if is_callee(n) => n
                .child_by_field_name("value")
                .is_some_and(|v| self.inert(v, operand)),
            "reference_expression" | "parenthesized_expression" | "type_cast_expression" => {
                named_children(n)
                    .first()
                    .is_some_and(|v| self.inert(*v, operand))
            }
            // Arithmetic and comparisons of such operands, which cannot
            // fail while values fit their types (the engine's integer
            // assumption); `/` and `%` may divide by zero.
            "binary_expression" => {
                let op = n.child_by_field_name("operator").map(|o| self.text(o));
                !matches!(op, Some("/" | "%") | None)
                    && named_children(n).iter().all(|c| self.inert(*c, operand))
            }
            "unary_expression" => {
                !self.text(n).starts_with('*')
                    && named_children(n).iter().all(|c| self.inert(*c, operand))
            }
            _ => self.place_root(n).is_some_and(|root| {
                !names(operand, self.src).any(|m| m == root)
                    && !names_called(operand, self.src).any(|f| self.lookup(f).is_some())
            }),
        }
    }

    /// The name a place starts from (`x` of `x.a.b`, `self`).
    fn place_root<'n>(&self, n: Node<'n>) -> Option<&'s str> {
        match n.kind() {
            "identifier" | "self" => Some(self.text(n)),
            "field_expression" => self.place_root(n.child_by_field_name("value")?),
            _ => None,
        }
    }
}

/// The identifiers (and `self`s) in `n`'s subtree.
fn names<'a>(n: Node<'a>, src: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    descendants(n)
        .into_iter()
        .filter(|m| matches!(m.kind(), "identifier" | "self"))
        .map(move |m| &src[m.byte_range()])
}

/// The names `n`'s subtree calls as functions (`f` of `f(x)`).
fn names_called<'a>(n: Node<'a>, src: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    descendants(n)
        .into_iter()
        .filter(|m| m.kind() == "call_expression")
        .filter_map(|m| m.child_by_field_name("function"))
        .filter(|f| f.kind() == "identifier")
        .map(move |f| &src[f.byte_range()])
}

/// Whether `n` is the function a call calls (`f` of `f(..)`, `x.m` of
/// `x.m(..)`).
fn is_callee(n: Node) -> bool {
    n.parent().is_some_and(|p| {
        p.kind() == "call_expression"
            && p.child_by_field_name("function")
                .is_some_and(|f| f.id() == n.id())
    })
}

/// The nodes of `n`'s subtree.
fn descendants(n: Node) -> Vec<Node> {
    let mut found = Vec::new();
    let mut stack = vec![n];
    while let Some(m) = stack.pop() {
        found.push(m);
        stack.extend(children(m));
    }
    found
}
