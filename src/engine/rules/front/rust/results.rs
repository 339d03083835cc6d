//! `Result<T, E>` as a value: a pair of its variant's name and its value,
//! `("Ok", v)` / `("Err", e)` (a Python tuple, a JavaScript array). The
//! name is a string, not a class, so a value made in one module tests the
//! same in another, and the pair is a value of its own: it is stored,
//! passed, returned and matched as Rust's is.
//!
//! Taken: `Ok(v)` and `Err(e)`; `match` arms and `if let` of `Ok(x)` /
//! `Err(x)` (a name, `_` or `()` inside); `e?` where the function returns
//! a `Result` of the same error type, or of one with an `impl From` of
//! the file for it (see `question`); `is_ok()`, `is_err()`;
//! `unwrap()`/`expect(..)` (an error where Rust panics); `ok()`, `err()`
//! and `unwrap_or(d)` (a computed `Result` into a local first, as `?`
//! does; `d` a name, field or literal); `assert_eq!` and `assert_ne!` of
//! two holding plain values. Declined: `==`, printing and hashing a
//! `Result` (a pair compares, prints and hashes otherwise), `?` that
//! converts the error through a `From` the file does not declare, the
//! combinators (`map`, `and_then`, ...), and type aliases of `Result`
//! (`io::Result<T>`, but for a writer's, see `writer`).

use tree_sitter::Node;

use super::Lower;
use crate::engine::rules::ir::{
    CmpOp, EqSem, ErrorKind, Expr, ExprKind, IntTy, Lit, LogicOp, Stmt, StmtKind, Truthiness, Ty,
};
use crate::engine::rules::Res;

/// The names of `Result`'s variants, as the pair's first item.
pub(super) const OK: &str = "Ok";
pub(super) const ERR: &str = "Err";

impl<'s> Lower<'s> {
    /// `Result<T, E>` (`std::result::Result` too) where the unit declares
    /// no type of that name; an alias with one argument (`io::Result<T>`)
    /// is not this.
    pub(super) fn result_type(&self, base: &str, args: Node) -> Res<Option<Ty>> {
        let std = matches!(
            base,
            "Result" | "std::result::Result" | "core::result::Result" | "result::Result"
        );
        if !std || self.struct_type("Result").is_some() {
            return Ok(None);
        }
        match super::types::type_arguments(args).as_slice() {
            [t, e] => Ok(Some(Ty::Result(
                Box::new(self.owned_type(*t)?),
                Box::new(self.owned_type(*e)?),
            ))),
            _ => Ok(None),
        }
    }

    /// `Ok(v)` / `Err(e)`: the pair, typed by what is expected where known.
    pub(super) fn result_variant(
        &mut self,
        variant: &str,
        args: &[Node],
        n: Node,
        exp: Option<&Ty>,
    ) -> Res<Expr> {
        let [a] = args else {
            return self.decline(n, format!("`{variant}`"));
        };
        let (ok_exp, err_exp) = match exp {
            Some(Ty::Result(t, e)) => (Some((**t).clone()), Some((**e).clone())),
            _ => (None, None),
        };
        let wanted = if variant == OK {
            ok_exp.clone()
        } else {
            err_exp.clone()
        };
        let v = self.expr_expecting(*a, wanted.as_ref())?;
        let vt = self.ty(&v);
        let ty = if variant == OK {
            Ty::Result(Box::new(vt), Box::new(err_exp.unwrap_or(Ty::Unknown)))
        } else {
            Ty::Result(Box::new(ok_exp.unwrap_or(Ty::Unknown)), Box::new(vt))
        };
        let line = self.line(n);
        Ok(self.result_pair(variant, v, ty, line))
    }

    /// The pair `(variant, v)`, a value of the `Result` type `ty`.
    pub(super) fn result_pair(&mut self, variant: &str, v: Expr, ty: Ty, line: usize) -> Expr {
        let tag = self.lit(Lit::Str(variant.to_string()), Ty::Str, line);
        self.mk(ExprKind::Tuple(vec![tag, v]), ty, line)
    }

    /// `r[0] == "Ok"` (or `!=`): whether `r`, a `Result` read by `read`,
    /// is the variant.
    pub(super) fn result_is(&mut self, r: Expr, variant: &str, is: bool) -> Expr {
        let line = r.line;
        let Ty::Result(t, e) = self.ty(&r) else {
            return r;
        };
        self.set_ty(&r, Ty::Tuple(vec![Ty::Str, merge_payload(&t, &e)]));
        let zero = self.int(0, Ty::Int(IntTy::Usize), line);
        let tag = self.index_read(r, zero, Ty::Str, line);
        let name = self.lit(Lit::Str(variant.to_string()), Ty::Str, line);
        let op = if is {
            CmpOp::Eq(EqSem::Value)
        } else {
            CmpOp::NotEq(EqSem::Value)
        };
        self.compare(tag, op, name)
    }

    /// `r[1]`: the value of `r` (a `Result`) as the variant's type.
    pub(super) fn result_payload(&mut self, r: Expr, variant: &str) -> Expr {
        let line = r.line;
        let Ty::Result(t, e) = self.ty(&r) else {
            return r;
        };
        let ty = if variant == OK { *t } else { *e };
        self.set_ty(&r, Ty::Tuple(vec![Ty::Str, ty.clone()]));
        let one = self.int(1, Ty::Int(IntTy::Usize), line);
        self.index_read(r, one, ty, line)
    }

    /// A pattern `Ok(x)` / `Err(x)` of a `match` arm on the `Result` in
    /// `scrut`: the test, and `x` bound to the value first in the arm.
    pub(super) fn result_pattern(
        &mut self,
        pat: Node,
        scrut: &str,
        sty: &Ty,
        binds: &mut Vec<Stmt>,
    ) -> Res<Expr> {
        let variant = self.text(self.child(pat, "type")?);
        let line = self.line(pat);
        let r = self.name_expr(scrut, sty.clone(), line);
        let test = self.result_is(r, variant, true);
        let kids: Vec<Node> = super::pattern_children(pat).into_iter().skip(1).collect();
        match kids.as_slice() {
            [sub] if is_ignored(*sub) => {}
            [sub] if sub.kind() == "identifier" => {
                self.binding_identifier(*sub)?;
                let r = self.name_expr(scrut, sty.clone(), line);
                let value = self.result_payload(r, variant);
                let ty = self.ty(&value);
                let target = self.bind(self.text(*sub), ty.clone());
                binds.push(self.assign_name(target, ty, value, line));
            }
            _ => return self.decline(pat, format!("pattern inside `{variant}`")),
        }
        Ok(test)
    }

    /// `r.unwrap()` / `r.expect(..)` of a `Result` (`recv`, lowered to
    /// `value`): `r` (a computed one into a local first, see
    /// `hoist_operand`) is tested before the statement, which fails as
    /// Rust panics where it is an `Err`; the value is its `Ok` value.
    pub(super) fn result_unwrap(&mut self, recv: Node, value: Expr, n: Node) -> Res<Expr> {
        self.hoist_checks(n, recv, "`unwrap()` of a `Result`")?;
        let line = self.line(n);
        let (r, _) = self.hoist_value(n, value);
        let tested = r.clone_read(self);
        let test = self.result_is(tested, ERR, true);
        let fail = StmtKind::Fail {
            kind: ErrorKind::Error,
            message: Some("called `Result::unwrap()` on an `Err` value".to_string()),
        };
        self.check_first(test, fail, line);
        let read = r.clone_read(self);
        Ok(self.result_payload(read, OK))
    }

    /// The methods of a `Result` other than `unwrap`/`expect` (see the
    /// module's text); `None` where `recv` is not a `Result`.
    pub(super) fn result_method(
        &mut self,
        recv_node: Node,
        recv: Expr,
        name: &str,
        args: &[Node],
        n: Node,
    ) -> Res<Option<Expr>> {
        let ty = self.ty(&recv);
        let Ty::Result(t, e) = &ty else {
            return Ok(None);
        };
        let line = self.line(n);
        match (name, args) {
            ("is_ok" | "is_err", []) => {
                let variant = if name == "is_ok" { OK } else { ERR };
                Ok(Some(self.result_is(recv, variant, true)))
            }
            ("ok" | "err", []) | ("unwrap_or", [_]) => {
                let variant = if name == "err" { ERR } else { OK };
                let item = if variant == OK {
                    (**t).clone()
                } else {
                    (**e).clone()
                };
                if matches!(item, Ty::Option(_) | Ty::Unit | Ty::Unknown | Ty::Var(_)) {
                    return self.decline(n, format!("`{name}()` of a `Result` of {item}"));
                }
                // The pair is read twice: a name or field as it is,
                // anything else stored in a local first.
                let (first, again) = if self.read_twice(recv_node) {
                    let again = self.expr(recv_node)?;
                    (recv, again)
                } else {
                    self.hoist_checks(n, recv_node, &format!("`{name}()` of a `Result`"))?;
                    let (r, _) = self.hoist_value(n, recv);
                    (r.clone_read(self), r.clone_read(self))
                };
                let test = self.result_is(first, variant, true);
                let value = self.result_payload(again, variant);
                let (orelse, out) = match args {
                    [d] => {
                        // Rust evaluates the default first either way.
                        if !self.read_twice(*d) {
                            return self.decline(
                                *d,
                                "`unwrap_or` default that is not a name, field or literal",
                            );
                        }
                        (self.expr_e(*d, Some(&item))?, item)
                    }
                    _ => {
                        let out = Ty::Option(Box::new(item));
                        (self.lit(Lit::None, out.clone(), line), out)
                    }
                };
                Ok(Some(self.either(test, value, orelse, out, line)))
            }
            _ => self.decline(n, format!("method `{name}` of a `Result`")),
        }
    }
}

impl<'s> Lower<'s> {
    /// `assert_eq!(a, b)` / `assert_ne!` of two `Result`s (`a`, `b`
    /// lowered): each stored in a local before the statement, in order,
    /// and compared variant by variant (`a[0] == "Ok" and b[0] == "Ok" and
    /// a[1] == b[1] or ...`: a JavaScript array compares by identity).
    /// Only values that compare by value in both targets (numbers,
    /// strings, `char`, `bool`, `()`) are taken; `None` where `a` is not a
    /// `Result`.
    pub(super) fn result_assert_eq(
        &mut self,
        a: Expr,
        b: Expr,
        equal: bool,
        e: Node,
    ) -> Res<Option<Expr>> {
        let Ty::Result(t, err) = self.ty(&a) else {
            return Ok(None);
        };
        let plain = |ty: &Ty| matches!(ty, Ty::Int(_) | Ty::Str | Ty::Char | Ty::Bool | Ty::Unit);
        if !plain(&t) || !plain(&err) || !matches!(self.ty(&b), Ty::Result(..)) {
            return self.decline(
                e,
                "`assert_eq!` of `Result`s holding values compared otherwise",
            );
        }
        if !self.pre.is_empty() {
            return self.decline(e, "`assert_eq!` of `Result`s computed in steps");
        }
        let line = self.line(e);
        let ty = Ty::Result(t.clone(), err.clone());
        let mut reads = Vec::new();
        for (v, base) in [(a, "left"), (b, "right")] {
            let local = self.bind_temp(base, ty.clone());
            let assign = self.assign_name(local.clone(), ty.clone(), v, line);
            self.pre.push(assign);
            reads.push(NameRead::new(local, ty.clone(), line));
        }
        let mut arms = Vec::new();
        for variant in [OK, ERR] {
            let mut tests = Vec::new();
            for r in &reads {
                let read = r.clone_read(self);
                tests.push(self.result_is(read, variant, true));
            }
            let payload = if variant == OK { &*t } else { &*err };
            if *payload != Ty::Unit {
                let x = reads[0].clone_read(self);
                let x = self.result_payload(x, variant);
                let y = reads[1].clone_read(self);
                let y = self.result_payload(y, variant);
                tests.push(self.compare(x, CmpOp::Eq(EqSem::Value), y));
            }
            arms.push(self.mk(
                ExprKind::Logic {
                    op: LogicOp::And,
                    operands: tests,
                    sem: super::RUST_LOGIC,
                },
                Ty::Bool,
                line,
            ));
        }
        let same = self.mk(
            ExprKind::Logic {
                op: LogicOp::Or,
                operands: arms,
                sem: super::RUST_LOGIC,
            },
            Ty::Bool,
            line,
        );
        if equal {
            return Ok(Some(same));
        }
        Ok(Some(self.mk(
            ExprKind::Not(Box::new(same), Truthiness::Bool),
            Ty::Bool,
            line,
        )))
    }
}

/// A read of a value held in a name, made again for each use.
pub(super) struct NameRead {
    name: String,
    ty: Ty,
    line: usize,
}

impl NameRead {
    pub(super) fn new(name: String, ty: Ty, line: usize) -> NameRead {
        NameRead { name, ty, line }
    }

    pub(super) fn clone_read(&self, lower: &mut Lower) -> Expr {
        lower.name_expr(&self.name, self.ty.clone(), self.line)
    }
}

/// Whether a pattern inside `Ok(..)`/`Err(..)` matches any value without
/// binding one: `_`, or `()` (the one value of `()`).
pub(super) fn is_ignored(sub: Node) -> bool {
    sub.kind() == "_"
        || (matches!(
            sub.kind(),
            "unit_expression" | "unit_type" | "tuple_pattern"
        ) && sub.named_child_count() == 0)
}

/// The type the pair's second item has in a test that reads only its
/// first: either variant's.
fn merge_payload(t: &Ty, e: &Ty) -> Ty {
    if t == e {
        t.clone()
    } else {
        Ty::Unknown
    }
}
