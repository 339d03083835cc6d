//! Rust's integer methods of the standard library, written with the IR's
//! operators.
//!
//! `wrapping_add`/`wrapping_sub` (of types of 32 bits or fewer) and
//! `wrapping_mul` (16 bits or fewer) are the exact result cut to the width
//! ([`Builtin::AsInt`]): JavaScript's numbers hold a sum of two 32-bit
//! values and a product of two 16-bit ones exactly, not a product of two
//! 32-bit ones nor a 64-bit sum past 2^53, so wider ones decline.
//! `saturating_add`/`saturating_sub` clamp the exact result to the type's
//! bounds. `checked_add`/`checked_sub`/`checked_mul` are `a + b if MIN <=
//! a + b <= MAX else None` (`checked_mul` of 32 bits or fewer: a wider
//! product may be past what JavaScript holds exactly while Rust has it).
//! `rem_euclid` of a signed type is `((a % b) + abs(b)) % abs(b)` and
//! `div_euclid` `a / b` moved by one where `a % b` is negative, with
//! Rust's truncating `/` and `%` (which panic on a zero divisor, as the
//! translations' do); of an unsigned type they are `%` and `/`. `signum`
//! compares with 0; `abs_diff` subtracts the smaller from the greater
//! (typed as the unsigned type of the width); `count_ones`,
//! `leading_zeros`, `trailing_zeros` and `is_power_of_two` read the binary
//! digits of the value as an unsigned one (a negative 64-bit one is past
//! what JavaScript holds: `rsUnsigned` throws for it).
//!
//! Operands read more than once (the test and the value of `checked_add`,
//! the divisor of `rem_euclid`...) must be names, fields or literals;
//! others decline. 128-bit types decline.

use tree_sitter::Node;

use super::Lower;
use crate::engine::rules::ir::{
    BinOp, Builtin, CmpOp, EqSem, Expr, ExprKind, IntTy, Lit, Method, OperandSem, Rounding,
    Truthiness, Ty,
};
use crate::engine::rules::Res;

/// The unsigned type of a width (`abs_diff`'s result).
fn unsigned_of(bits: u32) -> IntTy {
    match bits {
        8 => IntTy::U8,
        16 => IntTy::U16,
        32 => IntTy::U32,
        _ => IntTy::U64,
    }
}

impl<'s> Lower<'s> {
    /// `recv.name(args)` of an integer of type `t` (`recv` lowered from
    /// `recv_node`): `None` where `name` is not one of this module's.
    pub(super) fn int_std_method(
        &mut self,
        recv_node: Node,
        recv: Expr,
        t: IntTy,
        name: &str,
        args: &[Node],
        n: Node,
    ) -> Res<Option<Expr>> {
        let known = matches!(
            (name, args.len()),
            (
                "wrapping_add"
                    | "wrapping_sub"
                    | "wrapping_mul"
                    | "saturating_add"
                    | "saturating_sub"
                    | "checked_add"
                    | "checked_sub"
                    | "checked_mul"
                    | "rem_euclid"
                    | "div_euclid"
                    | "abs_diff",
                1
            ) | (
                "signum" | "count_ones" | "leading_zeros" | "trailing_zeros" | "is_power_of_two",
                0
            )
        );
        if !known {
            return Ok(None);
        }
        let Some((bits, signed)) = t.width().filter(|(b, _)| *b <= 64) else {
            return self.decline(n, format!("`{name}` of {t:?}, a 128-bit integer"));
        };
        let Some((lo, hi)) = t.range() else {
            return self.decline(n, format!("`{name}` of an unbounded integer"));
        };
        let line = self.line(n);
        let rt = Ty::Int(t);
        // The exact intermediate: a signed type wider than the operands'
        // (so no backend takes it for one that fits, or for an unsigned
        // one that cannot go below zero).
        let wide = Ty::Int(if bits <= 32 { IntTy::I64 } else { IntTy::I128 });
        let arg = |me: &mut Self, exp: &Ty| -> Res<Expr> {
            let a = me.strip_refs(args[0]);
            me.expr_expecting(a, Some(exp))
        };
        let twice = |me: &Self, node: Node| me.read_twice(node);
        let op_of = |name: &str| {
            if name.ends_with("_add") {
                BinOp::Add(OperandSem::Numeric)
            } else if name.ends_with("_sub") {
                BinOp::Sub
            } else {
                BinOp::Mul(OperandSem::Numeric)
            }
        };
        let e = match name {
            "wrapping_add" | "wrapping_sub" | "wrapping_mul" => {
                let limit = if name == "wrapping_mul" { 16 } else { 32 };
                if bits > limit {
                    return self.decline(
                        n,
                        format!("`{name}` of a {bits}-bit integer (JavaScript's numbers hold 53 bits exactly)"),
                    );
                }
                let b = arg(self, &rt)?;
                let exact = self.binary(op_of(name), recv, b, wide);
                self.cut_to_width(exact, bits, signed, rt, line)
            }
            "saturating_add" | "saturating_sub" | "checked_add" | "checked_sub" | "checked_mul" => {
                if name == "checked_mul" && bits > 32 {
                    return self.decline(
                        n,
                        format!("`{name}` of a {bits}-bit integer (JavaScript's numbers hold 53 bits exactly)"),
                    );
                }
                // The bounds the exact result may pass: an unsigned sum
                // is never below zero, an unsigned difference never above
                // the receiver.
                let (need_lo, need_hi) = match (signed, op_of(name)) {
                    (false, BinOp::Add(_)) => (false, true),
                    (false, BinOp::Sub) => (true, false),
                    _ => (true, true),
                };
                // A 64-bit type's greatest value is past what a JavaScript
                // number holds exactly.
                if need_hi && bits == 64 {
                    return self.decline(
                        n,
                        format!("`{name}` of a {bits}-bit integer (JavaScript's numbers hold 53 bits exactly)"),
                    );
                }
                if name.starts_with("saturating") {
                    let b = arg(self, &rt)?;
                    let mut e = self.binary(op_of(name), recv, b, wide.clone());
                    if need_hi {
                        let top = self.int(hi, rt.clone(), line);
                        e = self.builtin(Builtin::Min, vec![e, top], wide.clone(), line);
                    }
                    if need_lo {
                        let bottom = self.int(lo, rt.clone(), line);
                        e = self.builtin(Builtin::Max, vec![e, bottom], wide, line);
                    }
                    self.set_ty(&e, rt);
                    e
                } else {
                    if !twice(self, recv_node) || !twice(self, args[0]) {
                        return self.decline(
                            n,
                            format!("`{name}` of an operand that is not a name, field or literal"),
                        );
                    }
                    let b = arg(self, &rt)?;
                    let tested = self.binary(op_of(name), recv, b, wide.clone());
                    let a2 = self.expr(recv_node)?;
                    let b2 = arg(self, &rt)?;
                    let value = self.binary(op_of(name), a2, b2, rt.clone());
                    let mut links = Vec::new();
                    let first = if need_lo {
                        links.push((CmpOp::LtE, tested));
                        self.int(lo, rt.clone(), line)
                    } else {
                        tested
                    };
                    if need_hi {
                        let top = self.int(hi, rt.clone(), line);
                        links.push((CmpOp::LtE, top));
                    }
                    let test = self.mk(
                        ExprKind::Compare {
                            first: Box::new(first),
                            rest: links,
                        },
                        Ty::Bool,
                        line,
                    );
                    let none = self.lit(Lit::None, Ty::Option(Box::new(rt.clone())), line);
                    self.either(test, value, none, Ty::Option(Box::new(rt)), line)
                }
            }
            "rem_euclid" | "div_euclid" if !signed => {
                let b = arg(self, &rt)?;
                let op = if name == "rem_euclid" {
                    BinOp::Rem(Rounding::Trunc)
                } else {
                    BinOp::FloorDiv(Rounding::Trunc)
                };
                self.binary(op, recv, b, rt)
            }
            "rem_euclid" => {
                if !twice(self, args[0]) {
                    return self.decline(
                        n,
                        format!("`{name}` of a divisor that is not a name, field or literal"),
                    );
                }
                let b = arg(self, &rt)?;
                let r = self.binary(BinOp::Rem(Rounding::Trunc), recv, b, wide.clone());
                let b2 = arg(self, &rt)?;
                let abs_b = self.builtin(Builtin::Abs, vec![b2], wide.clone(), line);
                let up = self.binary(BinOp::Add(OperandSem::Numeric), r, abs_b, wide.clone());
                let b3 = arg(self, &rt)?;
                let abs_b = self.builtin(Builtin::Abs, vec![b3], wide, line);
                self.binary(BinOp::Rem(Rounding::Trunc), up, abs_b, rt)
            }
            "div_euclid" => {
                if !twice(self, recv_node) || !twice(self, args[0]) {
                    return self.decline(
                        n,
                        format!("`{name}` of an operand that is not a name, field or literal"),
                    );
                }
                // `a % b < 0`: the quotient toward zero is one past the
                // Euclidean one, on the side of `b`'s sign.
                let b = arg(self, &rt)?;
                let r = self.binary(BinOp::Rem(Rounding::Trunc), recv, b, rt.clone());
                let zero = self.int(0, rt.clone(), line);
                let negative = self.compare(r, CmpOp::Lt, zero);
                let quotient = |me: &mut Self| -> Res<Expr> {
                    let a = me.expr(recv_node)?;
                    let b = arg(me, &rt)?;
                    Ok(me.binary(BinOp::FloorDiv(Rounding::Trunc), a, b, wide.clone()))
                };
                let b = arg(self, &rt)?;
                let zero = self.int(0, rt.clone(), line);
                let b_positive = self.compare(b, CmpOp::Gt, zero);
                let q = quotient(self)?;
                let one = self.int(1, rt.clone(), line);
                let down = self.binary(BinOp::Sub, q, one, rt.clone());
                let q = quotient(self)?;
                let one = self.int(1, rt.clone(), line);
                let up = self.binary(BinOp::Add(OperandSem::Numeric), q, one, rt.clone());
                let moved = self.either(b_positive, down, up, rt.clone(), line);
                let q = quotient(self)?;
                self.set_ty(&q, rt.clone());
                self.either(negative, moved, q, rt, line)
            }
            "signum" => {
                if !twice(self, recv_node) {
                    return self.decline(
                        n,
                        "`signum` of a value that is not a name, field or literal",
                    );
                }
                let zero = self.int(0, rt.clone(), line);
                let positive = self.compare(recv, CmpOp::Gt, zero);
                let a = self.expr(recv_node)?;
                let zero = self.int(0, rt.clone(), line);
                let negative = self.compare(a, CmpOp::Lt, zero);
                let one = self.int(1, rt.clone(), line);
                let minus_one = self.int(-1, rt.clone(), line);
                let zero = self.int(0, rt.clone(), line);
                let rest = self.either(negative, minus_one, zero, rt.clone(), line);
                self.either(positive, one, rest, rt, line)
            }
            "abs_diff" => {
                if !twice(self, recv_node) || !twice(self, args[0]) {
                    return self.decline(
                        n,
                        "`abs_diff` of an operand that is not a name, field or literal",
                    );
                }
                let out = Ty::Int(unsigned_of(bits));
                let b = arg(self, &rt)?;
                let greater = self.compare(recv, CmpOp::Gt, b);
                let a = self.expr(recv_node)?;
                let b = arg(self, &rt)?;
                let down = self.binary(BinOp::Sub, a, b, wide.clone());
                let a = self.expr(recv_node)?;
                let b = arg(self, &rt)?;
                let up = self.binary(BinOp::Sub, b, a, wide);
                self.either(greater, down, up, out, line)
            }
            _ => {
                // The binary digits of the value as an unsigned one.
                if !twice(self, recv_node) {
                    return self.decline(
                        n,
                        format!("`{name}` of a value that is not a name, field or literal"),
                    );
                }
                let u32_ty = Ty::Int(IntTy::U32);
                let digits = |me: &mut Self, e: Expr| -> Expr {
                    let unsigned = if signed {
                        me.cut_to_width(e, bits, false, Ty::Int(unsigned_of(bits)), line)
                    } else {
                        e
                    };
                    me.builtin(Builtin::Bin, vec![unsigned], Ty::Str, line)
                };
                let ones = |me: &mut Self, e: Expr| -> Expr {
                    let d = digits(me, e);
                    let one = me.lit(Lit::Str("1".into()), Ty::Str, line);
                    me.method(d, Method::Count, vec![one], Ty::Int(IntTy::U32))
                };
                match name {
                    "count_ones" => ones(self, recv),
                    "is_power_of_two" => {
                        if signed {
                            return self.decline(n, "`is_power_of_two` of a signed integer");
                        }
                        let c = ones(self, recv);
                        let one = self.int(1, u32_ty, line);
                        self.compare(c, CmpOp::Eq(EqSem::Value), one)
                    }
                    _ => {
                        // Zero has no digit 1: all `bits` are zeros.
                        let zero = self.int(0, rt.clone(), line);
                        let is_zero = self.compare(recv, CmpOp::Eq(EqSem::Value), zero);
                        let all = self.int(i128::from(bits), u32_ty.clone(), line);
                        let a = self.expr(recv_node)?;
                        let d = digits(self, a);
                        let len = self.builtin(Builtin::Len, vec![d], u32_ty.clone(), line);
                        let counted = if name == "leading_zeros" {
                            // The digits follow `0b`.
                            let w = self.int(i128::from(bits) + 2, u32_ty.clone(), line);
                            self.binary(BinOp::Sub, w, len, u32_ty.clone())
                        } else {
                            // After the last `1`, every digit is a zero.
                            let a = self.expr(recv_node)?;
                            let d = digits(self, a);
                            let one = self.lit(Lit::Str("1".into()), Ty::Str, line);
                            let last =
                                self.method(d, Method::RFind, vec![one], Ty::Int(IntTy::I64));
                            let after = self.binary(BinOp::Sub, len, last, Ty::Int(IntTy::I64));
                            let one = self.int(1, Ty::Int(IntTy::I64), line);
                            self.binary(BinOp::Sub, after, one, u32_ty.clone())
                        };
                        self.either(is_zero, all, counted, u32_ty, line)
                    }
                }
            }
        };
        Ok(Some(e))
    }

    /// `e` cut to `bits` (Rust's `as` of an int), typed `ty`.
    fn cut_to_width(&mut self, e: Expr, bits: u32, signed: bool, ty: Ty, line: usize) -> Expr {
        let b = self.int(i128::from(bits), Ty::Int(IntTy::U32), line);
        let s = self.lit(Lit::Bool(signed), Ty::Bool, line);
        self.builtin(Builtin::AsInt, vec![e, b, s], ty, line)
    }

    /// `then if test else orelse`.
    pub(super) fn either(
        &mut self,
        test: Expr,
        then: Expr,
        orelse: Expr,
        ty: Ty,
        line: usize,
    ) -> Expr {
        self.mk(
            ExprKind::IfElse {
                test: Box::new(test),
                truthiness: Truthiness::Bool,
                then: Box::new(then),
                orelse: Box::new(orelse),
            },
            ty,
            line,
        )
    }
}

/// Rust's ASCII punctuation: `!` to `/`, `:` to `@`, `[` to `` ` `` and
/// `{` to `~`.
const ASCII_PUNCTUATION: &str = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
const ASCII_HEXDIGITS: &str = "0123456789abcdefABCDEF";
const DIGITS: &str = "0123456789abcdefghijklmnopqrstuvwxyz";

impl<'s> Lower<'s> {
    /// `recv.name(args)` of a `char`: `is_ascii_hexdigit()` and
    /// `is_ascii_punctuation()` test membership in the ASCII characters
    /// they name; `to_digit(radix)` of a literal radix from 2 to 36 is the
    /// place of the lowered character among the radix's digits, `None`
    /// where it is not one of them (upper-case letters are digits too).
    /// `None` where `name` is not one of these.
    pub(super) fn char_std_method(
        &mut self,
        recv_node: Node,
        recv: Expr,
        name: &str,
        args: &[Node],
        n: Node,
    ) -> Res<Option<Expr>> {
        let line = self.line(n);
        let member_of = |me: &mut Self, c: Expr, set: &str| -> Expr {
            let set = me.lit(Lit::Str(set.to_string()), Ty::Str, line);
            me.compare(c, CmpOp::In, set)
        };
        Ok(Some(match (name, args) {
            ("is_ascii_hexdigit", []) => member_of(self, recv, ASCII_HEXDIGITS),
            ("is_ascii_punctuation", []) => member_of(self, recv, ASCII_PUNCTUATION),
            ("to_digit", [radix]) => {
                let radix = match self.text(*radix).parse::<usize>() {
                    Ok(r) if (2..=36).contains(&r) => r,
                    _ => {
                        return self.decline(
                            n,
                            "`to_digit` of a radix that is not a literal from 2 to 36",
                        )
                    }
                };
                if !self.read_twice(recv_node) {
                    return self.decline(
                        n,
                        "`to_digit` of a value that is not a name, field or literal",
                    );
                }
                let lower = &DIGITS[..radix];
                let accepted = format!(
                    "{lower}{}",
                    lower.get(10..).unwrap_or("").to_ascii_uppercase()
                );
                let test = member_of(self, recv, &accepted);
                let c = self.expr(recv_node)?;
                let lowered = self.method(c, Method::AsciiLower, Vec::new(), Ty::Char);
                let table = self.lit(Lit::Str(lower.to_string()), Ty::Str, line);
                let digit = self.method(table, Method::Find, vec![lowered], Ty::Int(IntTy::U32));
                let out = Ty::Option(Box::new(Ty::Int(IntTy::U32)));
                let none = self.lit(Lit::None, out.clone(), line);
                self.either(test, digit, none, out, line)
            }
            _ => return Ok(None),
        }))
    }
}

impl<'s> Lower<'s> {
    /// `v.first()` and `v.last()` of a `Vec` or slice as an `Option`:
    /// `v[0] if len(v) > 0 else None` (`v[len(v) - 1]`), and `v.pop()`
    /// (`v.pop() if len(v) > 0 else None`); the receiver is
    /// read twice, so it must be a name or a field, and an item that is
    /// itself `None` (an `Option`, `()`) or of a type the unit does not
    /// know would not tell `Some(None)` from `None`. `None` where `name`
    /// is not one of these.
    pub(super) fn list_std_method(
        &mut self,
        recv_node: Node,
        recv: Expr,
        name: &str,
        args: &[Node],
        n: Node,
    ) -> Res<Option<Expr>> {
        if let ("get", [i]) = (name, args) {
            return self.list_get(recv_node, recv, *i, n);
        }
        if !matches!((name, args), ("first" | "last" | "pop", [])) {
            return Ok(None);
        }
        let Ty::List(item) = self.ty(&recv) else {
            return Ok(None);
        };
        let item = *item;
        if matches!(item, Ty::Option(_) | Ty::Unit | Ty::Unknown | Ty::Var(_)) {
            return self.decline(n, format!("`{name}()` of a list of {item}"));
        }
        if !self.read_twice(recv_node) {
            return self.decline(
                n,
                format!("`{name}()` of a value that is not a name or field"),
            );
        }
        let line = self.line(n);
        let usize_ty = Ty::Int(IntTy::Usize);
        let len = self.builtin(Builtin::Len, vec![recv], usize_ty.clone(), line);
        let zero = self.int(0, usize_ty.clone(), line);
        let test = self.compare(len, CmpOp::Gt, zero);
        let v = self.expr(recv_node)?;
        if name == "pop" {
            let out = Ty::Option(Box::new(item.clone()));
            let pop = self.method(v, Method::Pop, Vec::new(), item);
            let none = self.lit(Lit::None, out.clone(), line);
            return Ok(Some(self.either(test, pop, none, out, line)));
        }
        let index = if name == "first" {
            self.int(0, usize_ty, line)
        } else {
            let again = self.expr(recv_node)?;
            let len = self.builtin(Builtin::Len, vec![again], usize_ty.clone(), line);
            let one = self.int(1, usize_ty.clone(), line);
            self.binary(BinOp::Sub, len, one, usize_ty)
        };
        Ok(Some(self.item_if(test, v, index, item, line)))
    }

    /// `v[index] if test else None`, an `Option` of `item`.
    fn item_if(&mut self, test: Expr, v: Expr, index: Expr, item: Ty, line: usize) -> Expr {
        let at = self.index_read(v, index, item.clone(), line);
        let out = Ty::Option(Box::new(item));
        let none = self.lit(Lit::None, out.clone(), line);
        self.either(test, at, none, out, line)
    }
}

impl<'s> Lower<'s> {
    /// `v.get(i)` of a `Vec` or slice as an `Option`: `v[i] if i <
    /// len(v) else None` (`i` is a `usize`, never below 0). Both are read
    /// twice, so they must be names, fields or literals; a range (a
    /// slice's `get`) and items that are `Option`s are declined. `None`
    /// where the receiver is not a list.
    fn list_get(&mut self, recv_node: Node, recv: Expr, i: Node, n: Node) -> Res<Option<Expr>> {
        let Ty::List(item) = self.ty(&recv) else {
            return Ok(None);
        };
        let item = *item;
        let i = self.strip_refs(i);
        if i.kind() == "range_expression" {
            return self.decline(n, "`get` of a range, as an `Option`");
        }
        if matches!(item, Ty::Option(_) | Ty::Unit | Ty::Unknown | Ty::Var(_)) {
            return self.decline(n, format!("`get()` of a list of {item}"));
        }
        if !self.read_twice(recv_node) || !self.read_twice(i) {
            return self.decline(
                n,
                "`get()` of a list or index that is not a name, field or literal",
            );
        }
        let line = self.line(n);
        let usize_ty = Ty::Int(IntTy::Usize);
        let index = self.expr_e(i, Some(&usize_ty))?;
        let len = self.builtin(Builtin::Len, vec![recv], usize_ty.clone(), line);
        let test = self.compare(index, CmpOp::Lt, len);
        let v = self.expr(recv_node)?;
        let index = self.expr_e(i, Some(&usize_ty))?;
        Ok(Some(self.item_if(test, v, index, item, line)))
    }

    /// `s.strip_prefix(p)` and `s.strip_suffix(p)` of a string and a
    /// string or `char` pattern, as `Option`s: `s.removeprefix(p) if
    /// s.startswith(p) else None`. Both are read twice, so they must be
    /// names, fields or literals; other patterns (closures, arrays of
    /// chars) decline. `None` where `name` is not one of these.
    pub(super) fn str_std_method(
        &mut self,
        recv_node: Node,
        recv: Expr,
        name: &str,
        args: &[Node],
        n: Node,
    ) -> Res<Option<Expr>> {
        if let ("find" | "rfind", [_]) = (name, args) {
            return self.str_find(recv_node, recv, name, args[0], n).map(Some);
        }
        let (test_method, cut) = match (name, args) {
            ("strip_prefix", [_]) => (Method::StartsWith, Method::RemovePrefix),
            ("strip_suffix", [_]) => (Method::EndsWith, Method::RemoveSuffix),
            _ => return Ok(None),
        };
        let (pattern, p) = self.str_pattern(recv_node, args[0], name, n)?;
        let line = self.line(n);
        let test = self.method(recv, test_method, vec![p], Ty::Bool);
        let s = self.expr(recv_node)?;
        let p = self.expr(pattern)?;
        let rest = self.method(s, cut, vec![p], Ty::Str);
        let out = Ty::Option(Box::new(Ty::Str));
        let none = self.lit(Lit::None, out.clone(), line);
        Ok(Some(self.either(test, rest, none, out, line)))
    }
}

impl<'s> Lower<'s> {
    /// The pattern argument of a `str` method that reads its receiver and
    /// pattern twice (a test, then the result): the pattern's node and its
    /// value, a string or a `char`; declined otherwise.
    fn str_pattern<'t>(
        &mut self,
        recv_node: Node<'t>,
        arg: Node<'t>,
        name: &str,
        n: Node<'t>,
    ) -> Res<(Node<'t>, Expr)> {
        let pattern = self.strip_refs(arg);
        if !self.read_twice(recv_node) || !self.read_twice(pattern) {
            return self.decline(
                n,
                format!("`{name}` of an operand that is not a name, field or literal"),
            );
        }
        let p = self.expr(pattern)?;
        if !matches!(self.ty(&p), Ty::Str | Ty::Char) {
            return self.decline(
                n,
                format!("`{name}` with a pattern that is not a string or char"),
            );
        }
        Ok((pattern, p))
    }

    /// `s.find(p)` and `s.rfind(p)` of a string or `char` pattern: Rust's
    /// byte offset, exactly: the UTF-8 length of the text before the
    /// target's own (character or UTF-16) position, `None` where `p` is
    /// not in `s` (`Utf8Len(s[:s.find(p)]) if p in s else None`).
    fn str_find(
        &mut self,
        recv_node: Node,
        recv: Expr,
        name: &str,
        arg: Node,
        n: Node,
    ) -> Res<Expr> {
        let (pattern, p) = self.str_pattern(recv_node, arg, name, n)?;
        let line = self.line(n);
        let test = self.compare(p, CmpOp::In, recv);
        let s = self.expr(recv_node)?;
        let p = self.expr(pattern)?;
        let method = if name == "find" {
            Method::Find
        } else {
            Method::RFind
        };
        let at = self.method(s, method, vec![p], Ty::Int(IntTy::I64));
        let s = self.expr(recv_node)?;
        let before = self.mk(
            ExprKind::Slice {
                value: Box::new(s),
                lower: None,
                upper: Some(Box::new(at)),
                step: None,
                sem: super::RUST_SLICE,
            },
            Ty::Str,
            line,
        );
        let usize_ty = Ty::Int(IntTy::Usize);
        let bytes = self.method(before, Method::Utf8Len, Vec::new(), usize_ty.clone());
        let out = Ty::Option(Box::new(usize_ty));
        let none = self.lit(Lit::None, out.clone(), line);
        Ok(self.either(test, bytes, none, out, line))
    }
}
