//! JavaScript expressions to Python expressions, chosen by the types of the
//! operands; and the loops, whose Python form depends on them.

use std::collections::HashSet;

use tree_sitter::Node;

use super::super::helpers::PyHelper;

use super::super::types::{arith, numeric, Ty};
use super::super::{children, named_children, Res};
use super::hints;
use super::{Binding, Scope, Tx};
use crate::symbols::py_name;

// Python operator precedence, higher binds tighter.
pub const PY_LAMBDA: u8 = 1;
pub const PY_IFEXP: u8 = 2;
pub const PY_OR: u8 = 3;
pub const PY_AND: u8 = 4;
pub const PY_NOT: u8 = 5;
pub const PY_CMP: u8 = 6;
pub const PY_ADD: u8 = 11;
pub const PY_MUL: u8 = 12;
pub const PY_UNARY: u8 = 13;
pub const PY_POW: u8 = 14;
pub const PY_CALL: u8 = 16;
pub const PY_ATOM: u8 = 17;

/// The precedence of a binary operator.
pub fn prec_of(op: &str) -> u8 {
    match op {
        "+" | "-" => PY_ADD,
        "*" | "/" | "//" | "%" => PY_MUL,
        "**" => PY_POW,
        _ => PY_CMP,
    }
}

/// A translated expression.
#[derive(Clone, Debug)]
pub struct Ex {
    pub code: String,
    pub prec: u8,
    pub ty: Ty,
    /// A newly made list (safe to sort or reverse in place).
    pub fresh: bool,
    /// A list whose order comes from a Python set, where JavaScript's would
    /// be insertion order.
    pub unordered: bool,
    /// `list(s)` of a string `s`, maybe reversed: `(s, reversed)`, so that
    /// joining it again can be written on the string.
    pub chars: Option<(String, bool)>,
}

impl Ex {
    pub fn new(code: impl Into<String>, prec: u8, ty: Ty) -> Ex {
        Ex {
            code: code.into(),
            prec,
            ty,
            fresh: false,
            unordered: false,
            chars: None,
        }
    }

    pub fn atom(code: impl Into<String>, ty: Ty) -> Ex {
        Ex::new(code, PY_ATOM, ty)
    }

    pub fn fresh(code: impl Into<String>, prec: u8, ty: Ty) -> Ex {
        Ex {
            fresh: true,
            ..Ex::new(code, prec, ty)
        }
    }
}

pub fn wrap(e: &Ex, min: u8) -> String {
    if e.prec < min {
        format!("({})", e.code)
    } else {
        e.code.clone()
    }
}

/// A Python string literal for `value`.
pub fn py_string(value: &str) -> String {
    let quote = if value.contains('"') && !value.contains('\'') {
        '\''
    } else {
        '"'
    };
    let mut s = String::new();
    s.push(quote);
    for c in value.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if c == quote => {
                s.push('\\');
                s.push(c);
            }
            c if (c as u32) < 0x20 || c == '\u{7f}' => s.push_str(&format!("\\x{:02x}", c as u32)),
            c => s.push(c),
        }
    }
    s.push(quote);
    s
}

/// Decodes a JavaScript string literal's escapes.
pub fn unescape(raw: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '0' if !chars.peek().is_some_and(|c| c.is_ascii_digit()) => out.push('\0'),
            'x' => {
                let mut v = 0;
                for _ in 0..2 {
                    v = v * 16 + chars.next()?.to_digit(16)?;
                }
                out.push(char::from_u32(v)?);
            }
            'u' => {
                let mut v = 0;
                if chars.peek() == Some(&'{') {
                    chars.next();
                    loop {
                        let c = chars.next()?;
                        if c == '}' {
                            break;
                        }
                        v = v * 16 + c.to_digit(16)?;
                    }
                } else {
                    for _ in 0..4 {
                        v = v * 16 + chars.next()?.to_digit(16)?;
                    }
                }
                out.push(char::from_u32(v)?);
            }
            '\n' => {}
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
            }
            c if c.is_ascii_digit() => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// The comparison operator that says the same with its sides swapped:
/// `a < b` is `b > a`. Other operators are their own mirror.
pub fn mirrored(op: &str) -> &str {
    match op {
        "<" => ">",
        ">" => "<",
        "<=" => ">=",
        ">=" => "<=",
        o => o,
    }
}

/// The value of a JavaScript number literal (`5`, `-5`, `1.5`, `0x1f`).
pub fn number_value(node: Node, src: &str) -> Option<f64> {
    match node.kind() {
        "number" => {
            let t: String = src[node.byte_range()]
                .chars()
                .filter(|c| *c != '_')
                .collect();
            let lower = t.to_ascii_lowercase();
            let int =
                |digits: &str, radix| i64::from_str_radix(digits, radix).ok().map(|v| v as f64);
            if let Some(h) = lower.strip_prefix("0x") {
                int(h, 16)
            } else if let Some(o) = lower.strip_prefix("0o") {
                int(o, 8)
            } else if let Some(b) = lower.strip_prefix("0b") {
                int(b, 2)
            } else if lower.len() > 1
                && lower.starts_with('0')
                && lower.chars().all(|c| c.is_ascii_digit())
            {
                None
            } else {
                lower.parse().ok()
            }
        }
        "unary_expression" => {
            let op = node.child_by_field_name("operator")?;
            let v = number_value(node.child_by_field_name("argument")?, src)?;
            match &src[op.byte_range()] {
                "-" => Some(-v),
                "+" => Some(v),
                _ => None,
            }
        }
        "parenthesized_expression" => number_value(*named_children(node).first()?, src),
        _ => None,
    }
}

impl Tx<'_> {
    pub(super) fn expr(&mut self, node: Node) -> Res<Ex> {
        let e = self.expr_any_order(node)?;
        if e.unordered {
            return self.decline(node, "iteration order of a `Set` turned into a Python set");
        }
        self.lines.check_growth(node, &e.code)?;
        Ok(e)
    }

    pub(super) fn expr_any_order(&mut self, node: Node) -> Res<Ex> {
        match node.kind() {
            "identifier" => self.identifier(node),
            "number" => self.number(node),
            "string" => {
                let raw: String = children(node)
                    .iter()
                    .filter(|c| matches!(c.kind(), "string_fragment" | "escape_sequence"))
                    .map(|c| self.t(*c))
                    .collect();
                match unescape(&raw) {
                    Some(v) => Ok(Ex::atom(py_string(&v), Ty::Str)),
                    None => self.decline(node, "string escape"),
                }
            }
            "template_string" => self.template(node),
            "true" => Ok(Ex::atom("True", Ty::Bool)),
            "false" => Ok(Ex::atom("False", Ty::Bool)),
            "null" => Ok(Ex::atom("None", Ty::None)),
            "undefined" => Ok(Ex::atom("None", Ty::None)),
            "parenthesized_expression" => {
                let inner = named_children(node);
                match inner.as_slice() {
                    [e] => self.expr_any_order(*e),
                    _ => self.decline(node, "comma expression"),
                }
            }
            "binary_expression" => self.binary_expression(node),
            "unary_expression" => self.unary(node),
            "ternary_expression" => {
                let c = self.cond(node.child_by_field_name("condition").expect("condition"))?;
                let a = self.expr(
                    node.child_by_field_name("consequence")
                        .expect("consequence"),
                )?;
                let b = self.expr(
                    node.child_by_field_name("alternative")
                        .expect("alternative"),
                )?;
                Ok(Ex::new(
                    format!(
                        "{} if {} else {}",
                        wrap(&a, PY_OR),
                        wrap(&c, PY_OR),
                        wrap(&b, PY_IFEXP)
                    ),
                    PY_IFEXP,
                    a.ty.join(&b.ty),
                ))
            }
            "call_expression" => self.call(node),
            "member_expression" => self.member(node),
            "subscript_expression" => self.subscript(node),
            "array" => {
                if let [only] = named_children(node).as_slice() {
                    // `[...x]` is `list(x)`; of a set, in insertion order.
                    if only.kind() == "spread_element" {
                        let inner = self.iterable_arg(named_children(*only)[0])?;
                        if inner.fresh {
                            return Ok(inner);
                        }
                        let mut e = Ex::fresh(
                            format!("list({})", inner.code),
                            PY_CALL,
                            Ty::list(inner.ty.elem()),
                        );
                        e.unordered = inner.unordered;
                        if inner.ty == Ty::Str {
                            e.chars = Some((wrap(&inner, PY_CALL), false));
                        }
                        return Ok(e);
                    }
                }
                let mut codes = Vec::new();
                let mut elem = Ty::Never;
                for item in named_children(node) {
                    if item.kind() == "spread_element" {
                        let v = self.expr_any_order(named_children(item)[0])?;
                        if v.unordered {
                            return self
                                .decline(item, "spreading a `Set` (the order differs in Python)");
                        }
                        elem = elem.join(&v.ty.elem());
                        codes.push(format!("*{}", wrap(&v, PY_CALL)));
                    } else {
                        let v = self.expr(item)?;
                        elem = elem.join(&v.ty);
                        codes.push(wrap(&v, PY_IFEXP));
                    }
                }
                Ok(Ex::fresh(
                    format!("[{}]", codes.join(", ")),
                    PY_ATOM,
                    Ty::list(elem),
                ))
            }
            "object" => {
                if named_children(node).is_empty() {
                    return Ok(Ex::atom("{}", Ty::dict(Ty::Never, Ty::Never)));
                }
                self.decline(node, "object literal")
            }
            "new_expression" => self.new_expression(node),
            "arrow_function" | "function_expression" => self.lambda(node, &[]),
            "assignment_expression" | "augmented_assignment_expression" => {
                self.decline(node, "assignment inside an expression")
            }
            "update_expression" => self.decline(node, "`++`/`--` inside an expression"),
            "sequence_expression" => self.decline(node, "comma expression"),
            "regex" => self.decline(node, "regular expression"),
            "await_expression" => self.decline(node, "`await`"),
            "spread_element" => self.decline(node, "spread here"),
            "this" => self.decline(node, "`this`"),
            other => self.decline(node, format!("`{other}`")),
        }
    }

    fn identifier(&mut self, node: Node) -> Res<Ex> {
        let name = self.t(node);
        if let Some(b) = self.lookup(name, node)? {
            return Ok(Ex::atom(b.target, b.ty.or_unknown()));
        }
        match name {
            "undefined" => Ok(Ex::atom("None", Ty::None)),
            "Infinity" => {
                self.import("import math");
                Ok(Ex::new("math.inf", PY_CALL, Ty::Float))
            }
            "NaN" => {
                self.import("import math");
                Ok(Ex::new("math.nan", PY_CALL, Ty::Float))
            }
            "Math" | "Number" | "String" | "Array" | "Object" | "JSON" | "console" | "Set"
            | "Map" | "parseInt" | "parseFloat" | "isNaN" | "Symbol" | "Date" | "RegExp"
            | "Promise" | "require" | "process" | "window" | "document" | "globalThis"
            | "arguments" => self.decline(node, format!("`{name}` used as a value")),
            _ => Ok(Ex::atom(self.global_name(node, name)?, Ty::Unknown)),
        }
    }

    fn number(&mut self, node: Node) -> Res<Ex> {
        let t = self.t(node);
        if t.ends_with('n') {
            return self.decline(node, "BigInt literal");
        }
        let Some(v) = number_value(node, self.src) else {
            return self.decline(node, "number literal");
        };
        let lower = t.to_ascii_lowercase();
        let radix = lower.starts_with("0x") || lower.starts_with("0o") || lower.starts_with("0b");
        // A number written with a fraction or an exponent (`-1.0`, `1e3`)
        // is a Python float: as an int, the arithmetic it enters would be
        // integer arithmetic (`x / 2` exact, a loop that halves an
        // interval never reaching its bound) where JavaScript's is not.
        let written_float = !radix && (lower.contains('.') || lower.contains('e'));
        if !written_float && v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_992.0 {
            let code = if radix {
                t.to_string()
            } else {
                format!("{}", v as i64)
            };
            return Ok(Ex::atom(code, Ty::Nat));
        }
        if !v.is_finite() {
            return self.decline(node, "number literal too large");
        }
        let code = if t.starts_with('.') {
            format!("0{t}")
        } else {
            t.to_string()
        };
        Ok(Ex::atom(code.replace('_', ""), Ty::Float))
    }

    fn template(&mut self, node: Node) -> Res<Ex> {
        let mut parts: Vec<(bool, String)> = Vec::new();
        let mut all_literal = true;
        for part in children(node) {
            match part.kind() {
                "string_fragment" | "escape_sequence" => {
                    let Some(v) = unescape(self.t(part)) else {
                        return self.decline(node, "string escape");
                    };
                    parts.push((false, v));
                }
                "template_substitution" => {
                    all_literal = false;
                    let inner = named_children(part);
                    let [e] = inner.as_slice() else {
                        return self.decline(part, "template substitution");
                    };
                    let v = self.expr(*e)?;
                    let code = self.stringify(v, *e)?;
                    parts.push((true, code));
                }
                _ => {}
            }
        }
        let literal: String = parts.iter().filter(|p| !p.0).map(|p| p.1.clone()).collect();
        if all_literal {
            return Ok(Ex::atom(py_string(&literal), Ty::Str));
        }
        // An f-string; expressions inside must not hold its quote or a
        // backslash (before Python 3.12).
        let exprs: Vec<&String> = parts.iter().filter(|p| p.0).map(|p| &p.1).collect();
        let quote = if exprs.iter().any(|e| e.contains('"')) {
            '\''
        } else {
            '"'
        };
        if exprs.iter().any(|e| e.contains(quote) || e.contains('\\')) {
            return self.decline(
                node,
                "template literal with quotes inside its substitutions",
            );
        }
        let mut s = format!("f{quote}");
        for (is_expr, v) in &parts {
            if *is_expr {
                s.push('{');
                s.push_str(v);
                s.push('}');
            } else {
                let lit = py_string(v);
                let inner = &lit[1..lit.len() - 1];
                let inner = if lit.starts_with(quote) {
                    inner.to_string()
                } else {
                    // Re-quote for the f-string's quote.
                    py_quote_body(v, quote)
                };
                s.push_str(&inner.replace('{', "{{").replace('}', "}}"));
            }
        }
        s.push(quote);
        Ok(Ex::atom(s, Ty::Str))
    }

    /// Python code that prints a value the way JavaScript's `String()` does,
    /// where the type says that is `str()` (or nothing, for strings).
    pub(super) fn stringify(&mut self, v: Ex, node: Node) -> Res<String> {
        match v.ty {
            Ty::Str => Ok(v.code),
            // Integral numbers are ints, which print alike.
            Ty::Nat | Ty::Int => Ok(format!("str({})", v.code)),
            Ty::Func(_) | Ty::Dict(..) | Ty::Set(_) => {
                self.decline(node, format!("a {} turned into a string", v.ty))
            }
            _ => {
                let f = self.helper(PyHelper::JsStr);
                Ok(format!("{f}({})", v.code))
            }
        }
    }

    fn unary(&mut self, node: Node) -> Res<Ex> {
        let op = self.t(node.child_by_field_name("operator").expect("operator"));
        let arg = node.child_by_field_name("argument").expect("argument");
        match op {
            "!" => {
                let c = self.cond(node)?;
                Ok(c)
            }
            "-" => {
                if number_value(node, self.src).is_some() && arg.kind() == "number" {
                    let v = self.number(arg)?;
                    let ty = if v.ty == Ty::Nat { Ty::Int } else { v.ty };
                    return Ok(Ex::new(format!("-{}", v.code), PY_UNARY, ty));
                }
                let v = self.expr(arg)?;
                if !numeric(&v.ty) {
                    return self.decline(node, format!("`-` on a {}", v.ty));
                }
                let ty = match v.ty {
                    Ty::Nat | Ty::Int | Ty::Bool => Ty::Int,
                    Ty::Float => Ty::Float,
                    _ => Ty::Num,
                };
                Ok(Ex::new(format!("-{}", wrap(&v, PY_UNARY)), PY_UNARY, ty))
            }
            "+" => {
                let v = self.expr(arg)?;
                if v.ty.is_number() {
                    return Ok(v);
                }
                self.decline(node, format!("`+` on a {}", v.ty))
            }
            "typeof" => self.decline(node, "`typeof` outside a comparison"),
            other => self.decline(node, format!("`{other}`")),
        }
    }

    fn binary_expression(&mut self, node: Node) -> Res<Ex> {
        let op = self.t(node.child_by_field_name("operator").expect("operator"));
        let left = node.child_by_field_name("left").expect("left");
        let right = node.child_by_field_name("right").expect("right");
        match op {
            "&&" | "||" => self.logical_value(op, left, right, node),
            "??" => {
                if !self.is_pure(left) {
                    return self.decline(node, "`??` on an expression with side effects");
                }
                let a = self.expr(left)?;
                let b = self.expr(right)?;
                Ok(Ex::new(
                    format!(
                        "{} if {} is not None else {}",
                        wrap(&a, PY_OR),
                        wrap(&a, PY_CMP + 1),
                        wrap(&b, PY_IFEXP)
                    ),
                    PY_IFEXP,
                    a.ty.strip_optional().join(&b.ty),
                ))
            }
            "===" | "!==" | "==" | "!=" => self.equality(op, left, right, node),
            "<" | ">" | "<=" | ">=" => {
                let a = self.expr(left)?;
                let b = self.expr(right)?;
                let (ta, tb) = (a.ty.strip_optional(), b.ty.strip_optional());
                let num = |t: &Ty| t.is_number() || *t == Ty::Bool;
                let ok = (num(ta) || !ta.is_known())
                    && (num(tb) || !tb.is_known())
                    && (num(ta) || num(tb))
                    || (*ta == Ty::Str || !ta.is_known())
                        && (*tb == Ty::Str || !tb.is_known())
                        && (*ta == Ty::Str || *tb == Ty::Str);
                if !ok {
                    let coerces =
                        ta.is_number() && *tb == Ty::Str || *ta == Ty::Str && tb.is_number();
                    let object = |t: &Ty| matches!(t, Ty::Dict(..) | Ty::Set(_) | Ty::Func(_));
                    if coerces || object(ta) || object(tb) {
                        return self
                            .decline(node, format!("`{op}` between a {} and a {}", a.ty, b.ty));
                    }
                    // Values of unknown kind: the helper compares as `<` does.
                    let f = self.helper(PyHelper::JsLess);
                    let code = match op {
                        "<" => format!("{f}({}, {})", a.code, b.code),
                        ">" => format!("{f}({}, {})", b.code, a.code),
                        "<=" => format!("{f}({}, {}, True)", a.code, b.code),
                        _ => format!("{f}({}, {}, True)", b.code, a.code),
                    };
                    return Ok(Ex::new(code, PY_CALL, Ty::Bool));
                }
                Ok(Ex::new(
                    format!("{} {op} {}", wrap(&a, PY_CMP + 1), wrap(&b, PY_CMP + 1)),
                    PY_CMP,
                    Ty::Bool,
                ))
            }
            "in" => {
                let k = self.expr(left)?;
                let d = self.expr(right)?;
                match d.ty.strip_optional() {
                    Ty::Dict(kt, _) => {
                        self.check_key(&k, kt, node)?;
                        Ok(Ex::new(
                            format!("{} in {}", wrap(&k, PY_CMP + 1), wrap(&d, PY_CMP + 1)),
                            PY_CMP,
                            Ty::Bool,
                        ))
                    }
                    t => self.decline(node, format!("`in` on a {t}")),
                }
            }
            "instanceof" => self.decline(node, "`instanceof`"),
            "/" if self.is_trunc_division(left, right) => {
                // `(a - a % b) / b` is integer division rounding toward zero.
                let inner = strip_parens(left);
                let a = self.expr(inner.child_by_field_name("left").expect("left"))?;
                let b = self.expr(right)?;
                if !(numeric(&a.ty) && numeric(&b.ty)) {
                    return self.decline(node, format!("`/` on a {} and a {}", a.ty, b.ty));
                }
                let b_positive =
                    number_value(right, self.src).is_some_and(|v| v > 0.0) || b.ty == Ty::Nat;
                if a.ty == Ty::Nat && b_positive {
                    return Ok(Ex::new(
                        format!("{} // {}", wrap(&a, PY_MUL), wrap(&b, PY_MUL + 1)),
                        PY_MUL,
                        Ty::Nat,
                    ));
                }
                Ok(Ex::new(
                    format!("int({} / {})", wrap(&a, PY_MUL), wrap(&b, PY_MUL + 1)),
                    PY_CALL,
                    Ty::Int,
                ))
            }
            _ => {
                let a = self.expr(left)?;
                let b = self.expr(right)?;
                self.binary(op, a, b, node, Some(right))
            }
        }
    }

    /// Whether `left / right` is `(a - a % b) / b`.
    fn is_trunc_division(&self, left: Node, right: Node) -> bool {
        let l = strip_parens(left);
        if !is_op(l, "-", self.src) {
            return false;
        }
        let a = l.child_by_field_name("left").expect("left");
        let rem = strip_parens(l.child_by_field_name("right").expect("right"));
        if !is_op(rem, "%", self.src) {
            return false;
        }
        let ra = rem.child_by_field_name("left").expect("left");
        let rb = rem.child_by_field_name("right").expect("right");
        self.t(strip_parens(a)) == self.t(strip_parens(ra))
            && self.t(strip_parens(rb)) == self.t(strip_parens(right))
            && self.is_pure(a)
            && self.is_pure(right)
    }

    /// Dict keys must keep one kind: JavaScript objects turn keys into
    /// strings, so `1` and `"1"` would meet there but not in Python.
    pub(super) fn check_key(&self, k: &Ex, kt: &Ty, node: Node) -> Res<()> {
        let known = kt.strip_optional();
        let kind = |t: &Ty| {
            if t.is_number() {
                1
            } else if *t == Ty::Str {
                2
            } else {
                0
            }
        };
        if !(k.ty.is_number() || k.ty == Ty::Str || !k.ty.is_known()) {
            return self.decline(node, format!("object key of type {}", k.ty));
        }
        if known.is_known() && k.ty.is_known() && kind(known) != kind(&k.ty) {
            return self.decline(node, "object keys of different types");
        }
        Ok(())
    }

    /// Arithmetic and `+`.
    pub(super) fn binary(
        &mut self,
        op: &str,
        a: Ex,
        b: Ex,
        node: Node,
        right: Option<Node>,
    ) -> Res<Ex> {
        let ta = a.ty.strip_optional().clone();
        let tb = b.ty.strip_optional().clone();
        let p = prec_of(op);
        let plain =
            |op: &str, ty: Ty| Ex::new(format!("{} {op} {}", wrap(&a, p), wrap(&b, p + 1)), p, ty);
        match op {
            "+" => {
                let num = |t: &Ty| t.is_number() || *t == Ty::Bool;
                if num(&ta) && num(&tb) {
                    return Ok(plain("+", arith("+", &ta, &tb)));
                }
                if ta == Ty::Str && tb == Ty::Str {
                    return Ok(plain("+", Ty::Str));
                }
                if ta == Ty::Str || tb == Ty::Str {
                    // The other side is turned into a string.
                    let (sa, sb) = if ta == Ty::Str {
                        (a.code.clone(), self.stringify(b.clone(), node)?)
                    } else {
                        (self.stringify(a.clone(), node)?, b.code.clone())
                    };
                    let sa = if ta == Ty::Str { wrap(&a, p) } else { sa };
                    let sb = if tb == Ty::Str { wrap(&b, p + 1) } else { sb };
                    return Ok(Ex::new(format!("{sa} + {sb}"), p, Ty::Str));
                }
                if matches!(ta, Ty::Dict(..) | Ty::Set(_) | Ty::Func(_))
                    || matches!(tb, Ty::Dict(..) | Ty::Set(_) | Ty::Func(_))
                {
                    return self.decline(node, format!("`+` on a {} and a {}", a.ty, b.ty));
                }
                // Strings, arrays or numbers: the helper does what `+` does.
                let f = self.helper(PyHelper::JsAdd);
                let ty = if ta.is_array() || tb.is_array() {
                    Ty::Str
                } else {
                    Ty::Unknown
                };
                Ok(Ex::new(format!("{f}({}, {})", a.code, b.code), PY_CALL, ty))
            }
            "-" | "*" | "/" | "%" | "**" => {
                if !(numeric(&ta) && numeric(&tb)) {
                    return self.decline(node, format!("`{op}` on a {} and a {}", a.ty, b.ty));
                }
                match op {
                    // JavaScript prints `6 / 3` as `2`, and an integral
                    // number stands for a Python int (see the README):
                    // Python's `/` would make it the float `2.0`.
                    "/" => {
                        let f = self.helper(PyHelper::JsDiv);
                        Ok(Ex::new(
                            format!("{f}({}, {})", a.code, b.code),
                            PY_CALL,
                            Ty::Num,
                        ))
                    }
                    "%" => {
                        let divisor_positive = right
                            .and_then(|r| number_value(r, self.src))
                            .is_some_and(|v| v > 0.0);
                        let ty = match arith("-", &ta, &tb) {
                            Ty::Int if ta == Ty::Nat => Ty::Nat,
                            t => t,
                        };
                        // Only a divisor known not to be zero: JavaScript's
                        // `% 0` is NaN where Python's raises.
                        if ta == Ty::Nat && divisor_positive {
                            return Ok(plain("%", ty));
                        }
                        let f = self.helper(PyHelper::JsRem);
                        Ok(Ex::new(format!("{f}({}, {})", a.code, b.code), PY_CALL, ty))
                    }
                    "**" => {
                        let exp_nat = right
                            .and_then(|r| number_value(r, self.src))
                            .is_some_and(|v| v >= 0.0 && v.fract() == 0.0)
                            || tb == Ty::Nat;
                        let ty = match (&ta, exp_nat) {
                            (Ty::Nat, true) => Ty::Nat,
                            (Ty::Int, true) => Ty::Int,
                            _ if ta == Ty::Float || tb == Ty::Float => Ty::Float,
                            _ => Ty::Num,
                        };
                        // An int power of an int is exact in Python; any
                        // other may overflow or divide by zero, which
                        // JavaScript answers with Infinity (see `js_pow`).
                        if !(ta.is_int() && exp_nat) {
                            let f = self.helper(PyHelper::JsPow);
                            return Ok(Ex::new(
                                format!("{f}({}, {})", a.code, b.code),
                                PY_CALL,
                                ty,
                            ));
                        }
                        Ok(Ex::new(
                            format!("{} ** {}", wrap(&a, PY_POW + 1), wrap(&b, PY_UNARY)),
                            PY_POW,
                            ty,
                        ))
                    }
                    _ => Ok(plain(op, arith(op, &ta, &tb))),
                }
            }
            _ => self.decline(node, format!("operator `{op}`")),
        }
    }

    /// `a && b`, `a || b` where the value is used.
    fn logical_value(&mut self, op: &str, left: Node, right: Node, node: Node) -> Res<Ex> {
        let a = self.expr(left)?;
        let b = self.expr(right)?;
        let py = if op == "&&" { "and" } else { "or" };
        let prec = if op == "&&" { PY_AND } else { PY_OR };
        // Numbers, strings, booleans and null are true and false alike.
        let prim = |t: &Ty| t.strip_optional().is_primitive() || *t == Ty::None;
        if prim(&a.ty) {
            return Ok(Ex::new(
                format!("{} {py} {}", wrap(&a, prec), wrap(&b, prec + 1)),
                prec,
                a.ty.join(&b.ty),
            ));
        }
        self.decline(node, format!("`{op}` on a {} whose value is used", a.ty))
    }

    /// A Python condition true when JavaScript finds the node true.
    pub(super) fn cond(&mut self, node: Node) -> Res<Ex> {
        match node.kind() {
            "parenthesized_expression" if named_children(node).len() == 1 => {
                self.cond(named_children(node)[0])
            }
            "unary_expression"
                if node
                    .child_by_field_name("operator")
                    .is_some_and(|o| self.t(o) == "!") =>
            {
                let arg = node.child_by_field_name("argument").expect("argument");
                let c = self.cond(arg)?;
                // `not (a == b)` reads better as `a != b`.
                if let Some(flipped) = negate_comparison(&c.code) {
                    if c.prec == PY_CMP {
                        return Ok(Ex::new(flipped, PY_CMP, Ty::Bool));
                    }
                }
                Ok(Ex::new(
                    format!("not {}", wrap(&c, PY_NOT)),
                    PY_NOT,
                    Ty::Bool,
                ))
            }
            "binary_expression" => {
                let op = self.t(node.child_by_field_name("operator").expect("operator"));
                if op == "&&" || op == "||" {
                    let a = self.cond(node.child_by_field_name("left").expect("left"))?;
                    let b = self.cond(node.child_by_field_name("right").expect("right"))?;
                    let (py, prec) = if op == "&&" {
                        ("and", PY_AND)
                    } else {
                        ("or", PY_OR)
                    };
                    return Ok(Ex::new(
                        format!("{} {py} {}", wrap(&a, prec), wrap(&b, prec + 1)),
                        prec,
                        Ty::Bool,
                    ));
                }
                let e = self.expr(node)?;
                self.truthy(e, node)
            }
            _ => {
                let e = self.expr(node)?;
                self.truthy(e, node)
            }
        }
    }

    pub(super) fn truthy(&mut self, e: Ex, node: Node) -> Res<Ex> {
        match e.ty.strip_optional() {
            Ty::Bool | Ty::Nat | Ty::Int | Ty::Float | Ty::Num | Ty::Str | Ty::None => Ok(e),
            Ty::List(_) | Ty::Tuple(_) | Ty::Dict(..) | Ty::Set(_) | Ty::Func(_) => Ok(Ex::new(
                format!("{} is not None", wrap(&e, PY_CMP + 1)),
                PY_CMP,
                Ty::Bool,
            )),
            Ty::Unknown | Ty::Seq(_) | Ty::Never => {
                let f = self.helper(PyHelper::JsTruthy);
                Ok(Ex::new(format!("{f}({})", e.code), PY_CALL, Ty::Bool))
            }
            t => self.decline(node, format!("truth value of a {t}")),
        }
    }

    fn equality(&mut self, op: &str, left: Node, right: Node, node: Node) -> Res<Ex> {
        let eq = matches!(op, "===" | "==");
        let strict = op.len() == 3;
        // `typeof x === "number"`.
        for (t, other) in [(left, right), (right, left)] {
            if t.kind() == "unary_expression"
                && t.child_by_field_name("operator")
                    .is_some_and(|o| self.t(o) == "typeof")
                && other.kind() == "string"
            {
                return self.typeof_test(t, other, eq, node);
            }
        }
        // `JSON.stringify(a) === JSON.stringify(b)`: deep equality.
        if let (Some(a), Some(b)) = (self.json_arg(left), self.json_arg(right)) {
            let a = self.expr(a)?;
            let b = self.expr(b)?;
            let py = if eq { "==" } else { "!=" };
            return Ok(Ex::new(
                format!("{} {py} {}", wrap(&a, PY_CMP + 1), wrap(&b, PY_CMP + 1)),
                PY_CMP,
                Ty::Bool,
            ));
        }
        // `x % k === 0`.
        if let Some(e) = self.remainder_test(eq, left, right)? {
            return Ok(e);
        }
        // `s[0] == "a"` or `s.at(-1) === "y"` on a string: a one-character
        // slice is "" where JavaScript reads undefined, and neither equals a
        // non-empty string.
        for (read, lit) in [(left, right), (right, left)] {
            if let Some(code) = self.char_read_as_slice(read, lit)? {
                let other = self.expr(lit)?;
                let py = if eq { "==" } else { "!=" };
                return Ok(Ex::new(
                    format!("{code} {py} {}", other.code),
                    PY_CMP,
                    Ty::Bool,
                ));
            }
        }
        let a = self.expr(left)?;
        let b = self.expr(right)?;
        if strict {
            self.strict_equality(eq, a, b, node)
        } else {
            self.loose_equality(eq, a, b, node)
        }
    }

    fn json_arg<'t>(&self, node: Node<'t>) -> Option<Node<'t>> {
        if node.kind() != "call_expression" {
            return None;
        }
        let f = node.child_by_field_name("function")?;
        if self.t(f) != "JSON.stringify" {
            return None;
        }
        let args = named_children(node.child_by_field_name("arguments")?);
        match args.as_slice() {
            [a] => Some(*a),
            _ => None,
        }
    }

    fn typeof_test(&mut self, t: Node, name: Node, eq: bool, node: Node) -> Res<Ex> {
        let arg = t.child_by_field_name("argument").expect("argument");
        if !self.is_pure(arg) {
            return self.decline(node, "`typeof` of an expression with side effects");
        }
        let v = self.expr(arg)?;
        let x = wrap(&v, PY_CALL);
        let kind: String = children(name)
            .iter()
            .filter(|c| c.kind() == "string_fragment")
            .map(|c| self.t(*c))
            .collect();
        let test = match kind.as_str() {
            "number" => format!("isinstance({x}, (int, float)) and not isinstance({x}, bool)"),
            "string" => format!("isinstance({x}, str)"),
            "boolean" => format!("isinstance({x}, bool)"),
            other => return self.decline(node, format!("`typeof` test for \"{other}\"")),
        };
        let prec = if test.contains(" and ") {
            PY_AND
        } else {
            PY_CALL
        };
        if eq {
            Ok(Ex::new(test, prec, Ty::Bool))
        } else {
            Ok(Ex::new(format!("not ({test})"), PY_NOT, Ty::Bool))
        }
    }

    /// `x % k === 0` (same test in both languages) and `x % 2 === 1` on
    /// numbers known not to be negative.
    fn remainder_test(&mut self, eq: bool, left: Node, right: Node) -> Res<Option<Ex>> {
        let (rem, other) = if is_op(left, "%", self.src) {
            (left, right)
        } else if is_op(right, "%", self.src) {
            (right, left)
        } else {
            return Ok(None);
        };
        if number_value(other, self.src) != Some(0.0) {
            return Ok(None);
        }
        let rem = strip_parens(rem);
        // By a divisor that may be zero, `x % k === 0` is false in
        // JavaScript (NaN) where Python's `%` raises: js_rem, through the
        // general path.
        let divisor = rem.child_by_field_name("right").expect("right");
        if number_value(divisor, self.src).is_none_or(|k| k == 0.0) {
            return Ok(None);
        }
        let x = self.expr(rem.child_by_field_name("left").expect("left"))?;
        let k = self.expr(rem.child_by_field_name("right").expect("right"))?;
        if !(numeric(&x.ty) && numeric(&k.ty)) {
            return Ok(None);
        }
        // `x % 1 === 0` asks whether `x` is whole, which a Python float
        // like 3.0 is in JavaScript's eyes but not in Python's.
        if number_value(rem.child_by_field_name("right").expect("right"), self.src) == Some(1.0)
            && !x.ty.is_int()
        {
            return self.decline(
                rem,
                "integrality test `% 1` on a value that may be a Python float",
            );
        }
        let py = if eq { "==" } else { "!=" };
        Ok(Some(Ex::new(
            format!("{} % {} {py} 0", wrap(&x, PY_MUL), wrap(&k, PY_MUL + 1)),
            PY_CMP,
            Ty::Bool,
        )))
    }

    pub(super) fn strict_equality(&mut self, eq: bool, a: Ex, b: Ex, node: Node) -> Res<Ex> {
        let (is, py) = if eq { ("is", "==") } else { ("is not", "!=") };
        let cmp = |op: &str, a: &Ex, b: &Ex| {
            Ex::new(
                format!("{} {op} {}", wrap(a, PY_CMP + 1), wrap(b, PY_CMP + 1)),
                PY_CMP,
                Ty::Bool,
            )
        };
        if a.ty == Ty::None {
            return Ok(cmp(is, &b, &a));
        }
        if b.ty == Ty::None {
            return Ok(cmp(is, &a, &b));
        }
        let (ta, tb) = (a.ty.strip_optional(), b.ty.strip_optional());
        let kind = |t: &Ty| {
            if t.is_number() {
                Some(1)
            } else if *t == Ty::Str {
                Some(2)
            } else if *t == Ty::Bool {
                Some(3)
            } else {
                None
            }
        };
        match (kind(ta), kind(tb)) {
            (Some(x), Some(y)) if x == y => Ok(cmp(py, &a, &b)),
            // A number and a string are never equal in either language.
            (Some(1), Some(2)) | (Some(2), Some(1)) => Ok(cmp(py, &a, &b)),
            (Some(_), Some(_)) => self.decline(node, "`===` between a boolean and a number"),
            // A number against a value of unknown type: Python's `==` agrees
            // with `===` except that `True == 1` and `False == 0`.
            (Some(1), None) | (None, Some(1))
                if (!ta.is_known() || !tb.is_known()) && !is_zero_or_one(&a, &b) =>
            {
                Ok(cmp(py, &a, &b))
            }
            (Some(2), None) | (None, Some(2)) if !ta.is_known() || !tb.is_known() => {
                Ok(cmp(py, &a, &b))
            }
            _ if matches!(ta, Ty::List(_) | Ty::Dict(..) | Ty::Set(_))
                || matches!(tb, Ty::List(_) | Ty::Dict(..) | Ty::Set(_)) =>
            {
                Ok(cmp(is, &a, &b))
            }
            _ => {
                let f = self.helper(PyHelper::JsStrictEq);
                let not = if eq { "" } else { "not " };
                Ok(Ex::new(
                    format!("{not}{f}({}, {})", a.code, b.code),
                    if eq { PY_CALL } else { super::expr::PY_NOT },
                    Ty::Bool,
                ))
            }
        }
    }

    fn loose_equality(&mut self, eq: bool, a: Ex, b: Ex, node: Node) -> Res<Ex> {
        let (is, py) = if eq { ("is", "==") } else { ("is not", "!=") };
        let cmp = |op: &str, a: &Ex, b: &Ex| {
            Ex::new(
                format!("{} {op} {}", wrap(a, PY_CMP + 1), wrap(b, PY_CMP + 1)),
                PY_CMP,
                Ty::Bool,
            )
        };
        // `x == null` is true for null and undefined: both are None.
        if a.ty == Ty::None {
            return Ok(cmp(is, &b, &a));
        }
        if b.ty == Ty::None {
            return Ok(cmp(is, &a, &b));
        }
        let (ta, tb) = (a.ty.strip_optional(), b.ty.strip_optional());
        let same = ta.is_number() && tb.is_number()
            || *ta == Ty::Str && *tb == Ty::Str
            || *ta == Ty::Bool && *tb == Ty::Bool;
        if same {
            return Ok(cmp(py, &a, &b));
        }
        let open = |t: &Ty| !t.is_known();
        if (open(ta) && (tb.is_number() || *tb == Ty::Str))
            || (open(tb) && (ta.is_number() || *ta == Ty::Str))
        {
            return Ok(cmp(py, &a, &b));
        }
        if matches!(ta, Ty::List(_) | Ty::Dict(..) | Ty::Set(_))
            && matches!(tb, Ty::List(_) | Ty::Dict(..) | Ty::Set(_))
        {
            return Ok(cmp(is, &a, &b));
        }
        if ta.is_number() && *tb == Ty::Str || *ta == Ty::Str && tb.is_number() {
            return self.decline(
                node,
                format!(
                    "`==` between a {} and a {} (JavaScript converts one)",
                    a.ty, b.ty
                ),
            );
        }
        let _ = node;
        let f = self.helper(PyHelper::JsLooseEq);
        let not = if eq { "" } else { "not " };
        Ok(Ex::new(
            format!("{not}{f}({}, {})", a.code, b.code),
            if eq { PY_CALL } else { PY_NOT },
            Ty::Bool,
        ))
    }

    // -- Member access and subscripts ------------------------------------

    fn member(&mut self, node: Node) -> Res<Ex> {
        let obj = node.child_by_field_name("object").expect("object");
        let prop = self.t(node.child_by_field_name("property").expect("property"));
        if node.child_by_field_name("optional_chain").is_some() || self.t(node).contains("?.") {
            return self.decline(node, "optional chaining (`?.`)");
        }
        let obj_text = self.t(obj);
        match (obj_text, prop) {
            ("Math", "PI") => {
                self.import("import math");
                return Ok(Ex::new("math.pi", PY_CALL, Ty::Float));
            }
            ("Math", "E") => {
                self.import("import math");
                return Ok(Ex::new("math.e", PY_CALL, Ty::Float));
            }
            ("Number", "MAX_SAFE_INTEGER") => return Ok(Ex::atom("9007199254740991", Ty::Nat)),
            ("Number", "MIN_SAFE_INTEGER") => {
                return Ok(Ex::new("-9007199254740991", PY_UNARY, Ty::Int))
            }
            ("Number", "POSITIVE_INFINITY") => {
                self.import("import math");
                return Ok(Ex::new("math.inf", PY_CALL, Ty::Float));
            }
            ("Number", "NEGATIVE_INFINITY") => {
                self.import("import math");
                return Ok(Ex::new("-math.inf", PY_UNARY, Ty::Float));
            }
            _ => {}
        }
        let v = self.expr_any_order(obj)?;
        match prop {
            "length" => match v.ty.strip_optional() {
                Ty::Str | Ty::List(_) | Ty::Tuple(_) | Ty::Seq(_) | Ty::Unknown => {
                    Ok(Ex::new(format!("len({})", v.code), PY_CALL, Ty::Nat))
                }
                t => self.decline(node, format!("`.length` of a {t}")),
            },
            "size" => match v.ty.strip_optional() {
                Ty::Set(_) | Ty::Dict(..) => {
                    Ok(Ex::new(format!("len({})", v.code), PY_CALL, Ty::Nat))
                }
                t => self.decline(node, format!("`.size` of a {t}")),
            },
            _ => self.decline(node, format!("property `.{prop}`")),
        }
    }

    fn subscript(&mut self, node: Node) -> Res<Ex> {
        let obj = node.child_by_field_name("object").expect("object");
        let index = node.child_by_field_name("index").expect("index");
        if self.t(node).contains("?.") {
            return self.decline(node, "optional chaining (`?.`)");
        }
        let v = self.expr(obj)?;
        let i = self.expr(index)?;
        match v.ty.strip_optional() {
            Ty::Dict(k, val) => {
                self.check_key(&i, k, node)?;
                Ok(Ex::new(
                    format!("{}.get({})", wrap(&v, PY_CALL), i.code),
                    PY_CALL,
                    (**val).clone().or_unknown(),
                ))
            }
            Ty::Str | Ty::List(_) | Ty::Tuple(_) | Ty::Seq(_) | Ty::Unknown => {
                if !(i.ty.is_int() || i.ty == Ty::Num || i.ty == Ty::Unknown && v.ty.is_sequence())
                {
                    return self.decline(node, format!("index of type {}", i.ty));
                }
                self.check_fixed_read(obj, index, node)?;
                self.check_index_sign(index, &i, node)?;
                Ok(Ex::new(
                    format!("{}[{}]", wrap(&v, PY_CALL), i.code),
                    PY_CALL,
                    v.ty.elem(),
                ))
            }
            t => self.decline(node, format!("indexing a {t}")),
        }
    }

    /// A read at a fixed position (`xs[0]`, `xs[xs.length - 1]`,
    /// `xs.at(-1)`) gives `undefined` in JavaScript when the array is too
    /// short, where Python raises: it needs an earlier length guard.
    pub(super) fn check_fixed_read(&self, obj: Node, index: Node, node: Node) -> Res<()> {
        let name = self.t(strip_parens(obj));
        let at = node.start_byte();
        let literal_array_len = self.literal_len(obj);
        let needed = if let Some(v) = number_value(index, self.src) {
            if v < 0.0 {
                // `.at(-k)`.
                -v as i64
            } else {
                v as i64 + 1
            }
        } else {
            let idx = strip_parens(index);
            // `xs.length - k`, or `n - k` with `n` holding it.
            let from_end = is_op(idx, "-", self.src)
                && self
                    .length_of(idx.child_by_field_name("left").expect("left"))
                    .is_some_and(|x| x == name);
            if !from_end {
                return Ok(());
            }
            match number_value(idx.child_by_field_name("right").expect("right"), self.src) {
                Some(k) => k as i64,
                None => return Ok(()),
            }
        };
        if literal_array_len.is_some_and(|n| n >= needed) || self.known_length(name, needed, at) {
            return Ok(());
        }
        self.decline(
            node,
            format!(
                "read of `{}` that may be past the end (JavaScript gives undefined)",
                self.t(node)
            ),
        )
    }

    /// `s[k]`, `s[s.length - k]` or `s.at(k)` of a string, read as a slice,
    /// when compared with a non-empty string literal `lit`.
    fn char_read_as_slice(&mut self, read: Node, lit: Node) -> Res<Option<String>> {
        if lit.kind() != "string" || self.t(lit).len() <= 2 {
            return Ok(None);
        }
        let read = strip_parens(read);
        let (obj, index) = match read.kind() {
            "subscript_expression" => (
                read.child_by_field_name("object").expect("object"),
                read.child_by_field_name("index").expect("index"),
            ),
            "call_expression" => {
                let f = read.child_by_field_name("function").expect("function");
                let args = read
                    .child_by_field_name("arguments")
                    .map(named_children)
                    .unwrap_or_default();
                match (f.kind(), args.as_slice()) {
                    ("member_expression", [a])
                        if f.child_by_field_name("property")
                            .is_some_and(|p| self.t(p) == "at") =>
                    {
                        (f.child_by_field_name("object").expect("object"), *a)
                    }
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        // Only fixed positions need it.
        if self.check_fixed_read(obj, index, read).is_ok() {
            return Ok(None);
        }
        let s = self.expr(obj)?;
        if s.ty != Ty::Str {
            return Ok(None);
        }
        let name = self.t(strip_parens(obj));
        let start = if let Some(v) = number_value(index, self.src) {
            v as i64
        } else {
            let idx = strip_parens(index);
            match number_value(idx.child_by_field_name("right").expect("right"), self.src) {
                Some(k)
                    if self.t(strip_parens(idx.child_by_field_name("left").expect("left")))
                        == format!("{name}.length") =>
                {
                    -(k as i64)
                }
                _ => return Ok(None),
            }
        };
        let sw = wrap(&s, PY_CALL);
        Ok(Some(match start {
            -1 => format!("{sw}[-1:]"),
            k if k < 0 => format!("{sw}[{k}:{}]", k + 1),
            k => format!("{sw}[{k}:{}]", k + 1),
        }))
    }

    /// The length of an array or string literal bound once to a name.
    fn literal_len(&self, obj: Node) -> Option<i64> {
        let obj = strip_parens(obj);
        match obj.kind() {
            "string" => Some(
                unescape(&self.t(obj)[1..self.t(obj).len() - 1])?
                    .chars()
                    .count() as i64,
            ),
            _ => None,
        }
    }

    /// `target[index] = value` as a Python statement.
    pub(super) fn subscript_assign(&mut self, target: Node, value: Ex, node: Node) -> Res<String> {
        let obj = target.child_by_field_name("object").expect("object");
        let index = target.child_by_field_name("index").expect("index");
        let v = self.expr(obj)?;
        let i = self.expr(index)?;
        match v.ty.strip_optional().clone() {
            Ty::Dict(k, _) => {
                self.check_key(&i, &k, node)?;
                if obj.kind() == "identifier" {
                    let n = self.t(obj).to_string();
                    self.widen(&n, &Ty::dict(i.ty.clone(), value.ty.clone()), node)?;
                }
                Ok(format!(
                    "{}[{}] = {}",
                    wrap(&v, PY_CALL),
                    i.code,
                    value.code
                ))
            }
            Ty::List(_) | Ty::Unknown | Ty::Seq(_) => {
                if !(i.ty.is_int() || i.ty == Ty::Num) {
                    return self.decline(node, format!("index of type {}", i.ty));
                }
                if obj.kind() == "identifier" {
                    let n = self.t(obj).to_string();
                    self.widen(&n, &Ty::list(value.ty.clone()), node)?;
                }
                Ok(format!(
                    "{}[{}] = {}",
                    wrap(&v, PY_CALL),
                    i.code,
                    value.code
                ))
            }
            t => self.decline(node, format!("element assignment on a {t}")),
        }
    }

    /// Whether evaluating the node twice is the same as once.
    pub(super) fn is_pure(&self, node: Node) -> bool {
        match node.kind() {
            "identifier" | "number" | "string" | "true" | "false" | "null" | "undefined" => true,
            "member_expression" => node
                .child_by_field_name("object")
                .is_some_and(|o| self.is_pure(o)),
            "subscript_expression"
            | "parenthesized_expression"
            | "binary_expression"
            | "unary_expression" => named_children(node).iter().all(|c| self.is_pure(*c)),
            "call_expression" => {
                // Methods that only read.
                let Some(f) = node.child_by_field_name("function") else {
                    return false;
                };
                let pure_method = f.kind() == "member_expression"
                    && f.child_by_field_name("property").is_some_and(|p| {
                        matches!(
                            self.t(p),
                            "charCodeAt"
                                | "at"
                                | "toLowerCase"
                                | "toUpperCase"
                                | "slice"
                                | "indexOf"
                                | "includes"
                        )
                    })
                    && f.child_by_field_name("object")
                        .is_some_and(|o| self.is_pure(o));
                let pure_math = f.kind() == "member_expression" && self.t(f).starts_with("Math.");
                (pure_method || pure_math)
                    && node.child_by_field_name("arguments").is_some_and(|a| {
                        named_children(a).iter().all(|c| {
                            if c.kind() == "spread_element" {
                                named_children(*c).iter().all(|s| self.is_pure(*s))
                            } else {
                                self.is_pure(*c)
                            }
                        })
                    })
            }
            _ => false,
        }
    }

    // -- Functions as values ----------------------------------------------

    /// An arrow function or function expression as a lambda; its parameters
    /// typed by the caller.
    pub(super) fn lambda(&mut self, node: Node, param_types: &[Ty]) -> Res<Ex> {
        let params = hints::callback_params(node);
        let body = node.child_by_field_name("body").expect("body");
        let body_expr = self.single_expression_body(body)?;
        let mut scope = Scope {
            frozen: true,
            ..Scope::default()
        };
        let mut own = Vec::new();
        let mut wanted = Vec::new();
        for p in &params {
            if p.kind() != "identifier" {
                return self.decline(*p, "callback parameter that is not a name");
            }
            let n = self.t(*p).to_string();
            let Some(t) = py_name(&n) else {
                return self.decline(*p, format!("name `{n}` that Python cannot spell"));
            };
            own.push(n);
            wanted.push(t);
        }
        // `(_, _) => ...` is legal JavaScript but not a legal lambda, and a
        // parameter must not hide a name the body uses from outside.
        let avoid = self.outer_targets(body, &own);
        let names = super::super::unique_targets(&wanted, &vec![false; own.len()], &avoid);
        for (i, (n, t)) in own.into_iter().zip(&names).enumerate() {
            let t = t.clone();
            scope.names.insert(
                n,
                Binding {
                    target: t,
                    ty: param_types.get(i).cloned().unwrap_or(Ty::Unknown),
                },
            );
        }
        self.scopes.push(scope);
        self.no_hoist += 1;
        let r = self.expr(body_expr);
        self.no_hoist -= 1;
        self.scopes.pop();
        let b = r?;
        let head = if names.is_empty() {
            "lambda".to_string()
        } else {
            format!("lambda {}", names.join(", "))
        };
        Ok(Ex::new(
            format!("{head}: {}", wrap(&b, PY_IFEXP)),
            PY_LAMBDA,
            Ty::Func(Box::new(b.ty)),
        ))
    }

    /// The expression an arrow body stands for: itself, or the value of a
    /// block that is only `return expr;`.
    pub(super) fn single_expression_body<'t>(&self, body: Node<'t>) -> Res<Node<'t>> {
        if body.kind() != "statement_block" {
            return Ok(body);
        }
        let stmts = named_children(body);
        match stmts.as_slice() {
            [r] if r.kind() == "return_statement" => match named_children(*r).first() {
                Some(e) => Ok(*e),
                None => self.decline(body, "callback that returns nothing"),
            },
            _ => self.decline(body, "callback with statements"),
        }
    }

    /// Evaluates `body` (an expression of a callback) with its parameters
    /// bound to given Python names and types; for comprehensions.
    pub(super) fn with_bound(
        &mut self,
        bound: &[(String, String, Ty)],
        body: Node,
        as_cond: bool,
    ) -> Res<Ex> {
        let mut scope = Scope {
            frozen: true,
            ..Scope::default()
        };
        for (js, py, ty) in bound {
            scope.names.insert(
                js.clone(),
                Binding {
                    target: py.clone(),
                    ty: ty.clone(),
                },
            );
        }
        self.scopes.push(scope);
        let r = if as_cond {
            self.cond(body)
        } else {
            self.expr(body)
        };
        self.scopes.pop();
        r
    }

    // -- Loops ------------------------------------------------------------

    pub(super) fn for_statement(&mut self, stmt: Node, out: &mut super::Out) -> Res<()> {
        let init = stmt.child_by_field_name("initializer");
        let cond = stmt
            .child_by_field_name("condition")
            .filter(|c| c.kind() != "empty_statement" && c.kind() != ";");
        let cond = cond.map(|c| {
            if c.kind() == "expression_statement" {
                named_children(c).first().copied().unwrap_or(c)
            } else {
                c
            }
        });
        let update = stmt.child_by_field_name("increment");
        let body = stmt.child_by_field_name("body").expect("body");
        if let Some(head) = self.range_head(init, cond, update, body)? {
            out.line(head.0);
            self.fscope().blocks.push(head.1);
            let r = self.loop_body(body, None, out);
            self.fscope().blocks.pop();
            self.fscope().lower_bounds.pop();
            return r;
        }
        // The general form: a `while` loop. A function in the body that
        // reads the loop's own `let` would see a binding per iteration in
        // JavaScript, one variable in Python.
        if let Some(i) = init.filter(|i| i.kind() == "lexical_declaration") {
            let mut names = Vec::new();
            hints::declared_names(i, self.src, &mut names);
            if names.iter().any(|n| self.captured_in(body, n)) {
                return self.decline(stmt, "loop variable captured by a function");
            }
        }
        self.fscope().blocks.push(HashSet::new());
        let r = (|| -> Res<()> {
            if let Some(i) = init.filter(|i| i.kind() != "empty_statement") {
                self.stmt(i, out)?;
            }
            let c = match cond {
                Some(c) => self.cond(c)?.code,
                None => "True".to_string(),
            };
            let mut updates = Vec::new();
            if let Some(u) = update {
                let parts = if u.kind() == "sequence_expression" {
                    named_children(u)
                } else {
                    vec![u]
                };
                for p in parts {
                    let mut tmp = super::Out::default();
                    self.expression_statement(p, &mut tmp)?;
                    updates.extend(tmp.lines.into_iter().map(|(_, l)| l));
                }
            }
            out.line(format!("while {c}:"));
            // A counter that only goes up keeps its first value as a bound.
            let counter = self.counting_up(init, update, body);
            let pushed = counter.is_some();
            if let Some(b) = counter {
                self.fscope().lower_bounds.push(b);
            }
            let r = self.loop_body(body, Some(updates), out);
            if pushed {
                self.fscope().lower_bounds.pop();
            }
            r
        })();
        self.fscope().blocks.pop();
        r
    }

    /// `for (let i = a; i < b; i++)` as `for i in range(a, b):`, when the
    /// counter is not written in the body and the bound does not change:
    /// the loop's first line and the names its block declares.
    fn range_head(
        &mut self,
        init: Option<Node>,
        cond: Option<Node>,
        update: Option<Node>,
        body: Node,
    ) -> Res<Option<(String, HashSet<String>)>> {
        let (Some(init), Some(cond), Some(update)) = (init, cond, update) else {
            return Ok(None);
        };
        if init.kind() != "lexical_declaration" {
            return Ok(None);
        }
        let decls: Vec<Node> = named_children(init)
            .into_iter()
            .filter(|d| d.kind() == "variable_declarator")
            .collect();
        let [decl] = decls.as_slice() else {
            return Ok(None);
        };
        let name_node = decl.child_by_field_name("name").expect("name");
        let Some(start) = decl.child_by_field_name("value") else {
            return Ok(None);
        };
        if name_node.kind() != "identifier" {
            return Ok(None);
        }
        let var = self.t(name_node).to_string();
        // The step.
        let step: i64 = match update.kind() {
            "update_expression" => {
                let arg = update.child_by_field_name("argument").expect("argument");
                if self.t(arg) != var {
                    return Ok(None);
                }
                if self.t(update).contains("++") {
                    1
                } else {
                    -1
                }
            }
            "augmented_assignment_expression" => {
                let left = update.child_by_field_name("left").expect("left");
                let right = update.child_by_field_name("right").expect("right");
                let op = self.t(update.child_by_field_name("operator").expect("operator"));
                let Some(k) =
                    number_value(right, self.src).filter(|k| k.fract() == 0.0 && *k > 0.0)
                else {
                    return Ok(None);
                };
                if self.t(left) != var {
                    return Ok(None);
                }
                match op {
                    "+=" => k as i64,
                    "-=" => -(k as i64),
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        // The condition: `i < b`, `i <= b`, `i > b`, `i >= b`.
        let cond = strip_parens(cond);
        if cond.kind() != "binary_expression" {
            return Ok(None);
        }
        let op = self.t(cond.child_by_field_name("operator").expect("operator"));
        let (l, r) = (
            cond.child_by_field_name("left").expect("left"),
            cond.child_by_field_name("right").expect("right"),
        );
        let (op, bound) = if self.t(l) == var {
            (op, r)
        } else if self.t(r) == var {
            (mirrored(op), l)
        } else {
            return Ok(None);
        };
        let up = matches!(op, "<" | "<=");
        if !matches!(op, "<" | "<=" | ">" | ">=") || up != (step > 0) {
            return Ok(None);
        }
        // The counter must be the loop's own.
        let mut assigned = HashSet::new();
        hints::assigned_names(body, self.src, &mut assigned);
        if assigned.contains(&var) || !self.stable(bound, body) || self.captured_in(body, &var) {
            return Ok(None);
        }
        let s = self.expr(start)?;
        let b = self.expr(bound)?;
        // Python's range takes ints only.
        if !(s.ty.is_int() && b.ty.is_int()) {
            return Ok(None);
        }
        self.check_shadowing(&var, decl.to_owned(), false)?;
        let ty = if step > 0 {
            if s.ty == Ty::Nat {
                Ty::Nat
            } else {
                Ty::Int
            }
        } else if b.ty == Ty::Nat
            || (op == ">" && number_value(bound, self.src).is_some_and(|v| v >= -1.0))
        {
            Ty::Nat
        } else {
            Ty::Int
        };
        self.widen(&var, &ty, decl.to_owned())?;
        let target = self.assign_target_name_unchecked(&var);
        let stop = match op {
            "<" | ">" => b.code.clone(),
            "<=" => plus_one(&b, 1),
            _ => plus_one(&b, -1),
        };
        let args = if step == 1 && s.code == "0" {
            stop
        } else if step == 1 {
            format!("{}, {stop}", s.code)
        } else {
            format!("{}, {stop}, {step}", s.code)
        };
        let lower = if step > 0 {
            self.lower_bound_of(start, &s)
        } else {
            match (number_value(bound, self.src), op) {
                (Some(v), ">") => Some(v as i64 + 1),
                (Some(v), _) => Some(v as i64),
                (None, ">") if b.ty == Ty::Nat => Some(1),
                (None, _) if b.ty == Ty::Nat => Some(0),
                _ => None,
            }
        };
        if let Some(l) = lower {
            self.fscope().lower_bounds.push((var.clone(), l));
        } else {
            self.fscope().lower_bounds.push((var.clone(), i64::MIN));
        }
        let mut block = HashSet::new();
        block.insert(var);
        Ok(Some((format!("for {target} in range({args}):"), block)))
    }

    /// The least value an expression can have, when its form says: a
    /// literal, `x + c` with `x` not negative, or anything not negative.
    fn lower_bound_of(&self, node: Node, v: &Ex) -> Option<i64> {
        if let Some(n) = number_value(node, self.src) {
            return Some(n as i64);
        }
        let node = strip_parens(node);
        if is_op(node, "+", self.src) {
            let r = node.child_by_field_name("right").expect("right");
            if let Some(c) = number_value(r, self.src) {
                let l = node.child_by_field_name("left").expect("left");
                let lb = self.lower_bound(self.t(l)).unwrap_or(0);
                if self.lower_bound(self.t(l)).is_some() || v.ty == Ty::Nat {
                    return Some(lb + c as i64);
                }
            }
        }
        (v.ty == Ty::Nat).then_some(0)
    }

    /// The lower bound a counting loop gives a name, if it is one.
    pub(super) fn lower_bound(&self, name: &str) -> Option<i64> {
        let idx = self.function_scope_idx()?;
        self.scopes[idx]
            .lower_bounds
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, l)| *l)
            .filter(|l| *l != i64::MIN)
    }

    /// An index JavaScript reads as `undefined` when negative, where Python
    /// counts from the end: it must be known not to be negative.
    pub(super) fn check_index_sign(&self, index: Node, i: &Ex, node: Node) -> Res<()> {
        if i.ty == Ty::Nat || number_value(index, self.src).is_some() {
            return Ok(());
        }
        let index = strip_parens(index);
        if index.kind() == "identifier" && self.lower_bound(self.t(index)).is_some_and(|l| l >= 0) {
            return Ok(());
        }
        if is_op(index, "-", self.src) {
            let l = strip_parens(index.child_by_field_name("left").expect("left"));
            let r = index.child_by_field_name("right").expect("right");
            if let Some(k) = number_value(r, self.src) {
                if l.kind() == "identifier"
                    && self.lower_bound(self.t(l)).is_some_and(|b| b >= k as i64)
                {
                    return Ok(());
                }
                // `xs.length - k`: checked as a fixed position.
                if self.t(l).ends_with(".length") || self.length_of(l).is_some() {
                    return Ok(());
                }
            }
        }
        self.decline(
            node,
            format!(
                "index `{}` that may be negative (JavaScript reads undefined, Python counts from the end)",
                self.t(index)
            ),
        )
    }

    /// `let i = <number>` counted up by `i++` or `i += k`, and not written
    /// in the body: `(i, first value)`.
    fn counting_up(
        &self,
        init: Option<Node>,
        update: Option<Node>,
        body: Node,
    ) -> Option<(String, i64)> {
        let init = init?;
        if init.kind() != "lexical_declaration" {
            return None;
        }
        let decls: Vec<Node> = named_children(init)
            .into_iter()
            .filter(|d| d.kind() == "variable_declarator")
            .collect();
        let [decl] = decls.as_slice() else {
            return None;
        };
        let name = self.t(decl.child_by_field_name("name")?).to_string();
        let first = number_value(decl.child_by_field_name("value")?, self.src)?;
        let update = update?;
        let up = match update.kind() {
            "update_expression" => self.t(update).contains("++"),
            "augmented_assignment_expression" => {
                self.t(update.child_by_field_name("operator")?) == "+="
                    && number_value(update.child_by_field_name("right")?, self.src)
                        .is_some_and(|k| k > 0.0)
            }
            _ => false,
        };
        let mut assigned = HashSet::new();
        hints::assigned_names(body, self.src, &mut assigned);
        (up && !assigned.contains(&name)).then_some((name, first as i64))
    }

    fn assign_target_name_unchecked(&self, name: &str) -> String {
        self.scopes
            .iter()
            .rev()
            .find_map(|s| s.names.get(name))
            .map(|b| b.target.clone())
            .unwrap_or_else(|| py_name(name).unwrap_or_else(|| name.to_string()))
    }

    /// Whether a function inside `body` uses `name` (and would see
    /// JavaScript's per-iteration binding).
    fn captured_in(&self, body: Node, name: &str) -> bool {
        fn walk(tx: &Tx, n: Node, name: &str, inside: bool) -> bool {
            let inside = inside
                || matches!(
                    n.kind(),
                    "arrow_function" | "function_expression" | "function_declaration"
                );
            if inside && n.kind() == "identifier" && tx.t(n) == name {
                return true;
            }
            named_children(n)
                .into_iter()
                .any(|c| walk(tx, c, name, inside))
        }
        walk(self, body, name, false)
    }

    /// Whether an expression keeps its value while `body` runs.
    fn stable(&self, expr: Node, body: Node) -> bool {
        let mut names = HashSet::new();
        super::identifiers(expr, self.src, &mut names);
        let mut assigned = HashSet::new();
        hints::assigned_names(body, self.src, &mut assigned);
        if names.iter().any(|n| assigned.contains(n)) {
            return false;
        }
        if !self.only_reads(expr) {
            return false;
        }
        names.iter().all(|n| !self.mutated_in(n, body))
    }

    fn only_reads(&self, node: Node) -> bool {
        match node.kind() {
            "call_expression" => {
                let ok = node.child_by_field_name("function").is_some_and(|f| {
                    let t = self.t(f);
                    t.starts_with("Math.")
                });
                ok && named_children(node).iter().all(|c| self.only_reads(*c))
            }
            "assignment_expression" | "augmented_assignment_expression" | "update_expression" => {
                false
            }
            _ => named_children(node).iter().all(|c| self.only_reads(*c)),
        }
    }

    /// Whether `name` may change in place in `node`: a mutating method, an
    /// element or length assignment, or passing it to a function.
    fn mutated_in(&self, name: &str, node: Node) -> bool {
        match node.kind() {
            "call_expression" => {
                if let Some(f) = node.child_by_field_name("function") {
                    if f.kind() == "member_expression" {
                        let obj = f.child_by_field_name("object");
                        let prop = f
                            .child_by_field_name("property")
                            .map(|p| self.t(p))
                            .unwrap_or("");
                        if obj.is_some_and(|o| self.t(o) == name)
                            && matches!(
                                prop,
                                "push"
                                    | "pop"
                                    | "shift"
                                    | "unshift"
                                    | "splice"
                                    | "sort"
                                    | "reverse"
                                    | "fill"
                            )
                        {
                            return true;
                        }
                    }
                    if !self.t(f).starts_with("Math.") {
                        if let Some(args) = node.child_by_field_name("arguments") {
                            if named_children(args).iter().any(|a| self.t(*a) == name) {
                                return true;
                            }
                        }
                    }
                }
            }
            "assignment_expression" | "augmented_assignment_expression" => {
                if let Some(left) = node.child_by_field_name("left") {
                    if left.kind() != "identifier" && self.t(left).starts_with(name) {
                        return true;
                    }
                }
            }
            _ => {}
        }
        named_children(node)
            .iter()
            .any(|c| self.mutated_in(name, *c))
    }

    pub(super) fn for_in_statement(&mut self, stmt: Node, out: &mut super::Out) -> Res<()> {
        let is_of = stmt
            .child_by_field_name("operator")
            .is_some_and(|o| self.t(o) == "of");
        if !is_of {
            return self.decline(
                stmt,
                "`for ... in` (keys are strings, in a different order)",
            );
        }
        let left = stmt.child_by_field_name("left").expect("left");
        let right = stmt.child_by_field_name("right").expect("right");
        let body = stmt.child_by_field_name("body").expect("body");
        let declares = stmt.child_by_field_name("kind").is_some();
        if self.captured_in(body, self.t(left)) && declares {
            return self.decline(stmt, "loop variable captured by a function");
        }
        // What is iterated.
        let (iter_code, elem, pair_shape) = self.iteration(right)?;
        let mut names: Vec<(Node, Ty)> = Vec::new();
        let target_code = match left.kind() {
            "identifier" => {
                names.push((left, elem.clone()));
                None
            }
            "array_pattern" => {
                let parts = named_children(left);
                let tys = match (&elem, pair_shape) {
                    (Ty::Tuple(ts), _) if ts.len() == parts.len() => ts.clone(),
                    (Ty::List(e), _) => vec![(**e).clone(); parts.len()],
                    _ => return self.decline(left, "destructuring loop variable of unknown shape"),
                };
                if parts.iter().any(|p| p.kind() != "identifier") {
                    return self.decline(left, "nested destructuring");
                }
                for (p, t) in parts.iter().zip(tys) {
                    names.push((*p, t));
                }
                Some(parts.len())
            }
            _ => return self.decline(left, "loop variable that is not a name"),
        };
        let mut block = HashSet::new();
        let mut codes = Vec::new();
        let over_chars = elem == Ty::Str && names.len() == 1;
        for (n, t) in &names {
            let name = self.t(*n).to_string();
            if over_chars {
                self.fscope().single_chars.insert(name.clone());
            }
            if declares {
                self.check_shadowing(&name, *n, false)?;
                block.insert(name.clone());
            }
            self.widen(&name, t, *n)?;
            codes.push(self.assign_target_name_unchecked(&name));
        }
        let _ = target_code;
        out.line(format!("for {} in {iter_code}:", codes.join(", ")));
        self.fscope().blocks.push(block);
        let r = self.loop_body(body, None, out);
        self.fscope().blocks.pop();
        r
    }

    /// The Python iterable for `for (x of right)`: its code, element type,
    /// and whether elements are pairs.
    fn iteration(&mut self, right: Node) -> Res<(String, Ty, bool)> {
        // `xs.entries()` → enumerate.
        if right.kind() == "call_expression" {
            if let Some(f) = right.child_by_field_name("function") {
                if f.kind() == "member_expression" {
                    let prop = f
                        .child_by_field_name("property")
                        .map(|p| self.t(p))
                        .unwrap_or("");
                    let obj = f.child_by_field_name("object").expect("object");
                    let no_args = right
                        .child_by_field_name("arguments")
                        .is_some_and(|a| named_children(a).is_empty());
                    if no_args && matches!(prop, "entries" | "keys" | "values") {
                        let v = self.expr_any_order(obj)?;
                        match (v.ty.strip_optional(), prop) {
                            (Ty::List(e), "entries") => {
                                return Ok((
                                    format!("enumerate({})", v.code),
                                    Ty::Tuple(vec![Ty::Nat, (**e).clone().or_unknown()]),
                                    true,
                                ))
                            }
                            (Ty::Dict(k, val), "entries") => {
                                return Ok((
                                    format!("{}.items()", wrap(&v, PY_CALL)),
                                    Ty::Tuple(vec![
                                        (**k).clone().or_unknown(),
                                        (**val).clone().or_unknown(),
                                    ]),
                                    true,
                                ))
                            }
                            (Ty::Dict(k, _), "keys") => {
                                return Ok((v.code, (**k).clone().or_unknown(), false))
                            }
                            (Ty::Dict(_, val), "values") => {
                                return Ok((
                                    format!("{}.values()", wrap(&v, PY_CALL)),
                                    (**val).clone().or_unknown(),
                                    false,
                                ))
                            }
                            _ => {}
                        }
                    }
                }
            }
        }
        let v = self.expr_any_order(right)?;
        if v.unordered {
            return self.decline(
                right,
                "iteration over a `Set` (the order differs in Python)",
            );
        }
        match v.ty.strip_optional() {
            Ty::Str | Ty::List(_) | Ty::Tuple(_) | Ty::Seq(_) => {
                let code = match &v.chars {
                    Some((s, false)) => s.clone(),
                    _ => v.code.clone(),
                };
                Ok((code, v.ty.elem(), false))
            }
            Ty::Dict(k, val) => Ok((
                format!("{}.items()", wrap(&v, PY_CALL)),
                Ty::Tuple(vec![
                    (**k).clone().or_unknown(),
                    (**val).clone().or_unknown(),
                ]),
                true,
            )),
            Ty::Set(_) => self.decline(
                right,
                "iteration over a `Set` (the order differs in Python)",
            ),
            t => self.decline(right, format!("iteration over a {t}")),
        }
    }
}

/// Whether either side is the literal 0 or 1, which Python's `==` finds
/// equal to `False` and `True`.
fn is_zero_or_one(a: &Ex, b: &Ex) -> bool {
    let lit = |e: &Ex| matches!(e.code.as_str(), "0" | "1" | "-0");
    lit(a) || lit(b)
}

fn is_op(node: Node, op: &str, src: &str) -> bool {
    let node = strip_parens(node);
    node.kind() == "binary_expression"
        && node
            .child_by_field_name("operator")
            .is_some_and(|o| &src[o.byte_range()] == op)
}

pub fn strip_parens(node: Node) -> Node {
    let mut n = node;
    while n.kind() == "parenthesized_expression" {
        match named_children(n).as_slice() {
            [inner] => n = *inner,
            _ => break,
        }
    }
    n
}

/// `b + 1` or `b - 1`, folding constants.
fn plus_one(b: &Ex, delta: i64) -> String {
    if let Ok(v) = b.code.parse::<i64>() {
        return (v + delta).to_string();
    }
    if delta > 0 {
        format!("{} + {delta}", wrap(b, PY_ADD))
    } else {
        format!("{} - {}", wrap(b, PY_ADD), -delta)
    }
}

/// `a == b` → `a != b` and the like, for `not (...)`.
fn negate_comparison(code: &str) -> Option<String> {
    for (op, neg) in [
        (" == ", " != "),
        (" != ", " == "),
        (" is not ", " is "),
        (" is ", " is not "),
        (" not in ", " in "),
        (" in ", " not in "),
    ] {
        if code.matches(op).count() == 1
            && !code.contains(" and ")
            && !code.contains(" or ")
            && !code.contains('(')
        {
            if op == " is " && code.contains(" is not ")
                || op == " in " && code.contains(" not in ")
            {
                continue;
            }
            return Some(code.replacen(op, neg, 1));
        }
    }
    None
}

/// The inside of a string literal quoted with `quote`.
fn py_quote_body(value: &str, quote: char) -> String {
    let mut s = String::new();
    for c in value.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if c == quote => {
                s.push('\\');
                s.push(c);
            }
            c if (c as u32) < 0x20 => s.push_str(&format!("\\x{:02x}", c as u32)),
            c => s.push(c),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_escapes_are_decoded() {
        assert_eq!(unescape(r"a\nb\u0041\u{1F600}\x41").unwrap(), "a\nbA😀A");
        assert_eq!(unescape(r"\d").unwrap(), "d");
        assert_eq!(unescape(r"\07"), None);
    }

    #[test]
    fn python_strings_pick_their_quote() {
        assert_eq!(py_string("it's"), "\"it's\"");
        assert_eq!(py_string("say \"hi\""), "'say \"hi\"'");
        assert_eq!(py_string("a\\b\n"), "\"a\\\\b\\n\"");
    }

    #[test]
    fn number_literals_have_values() {
        let src = "[1.0, -2, 0x10, .5, 1e3]";
        let tree = crate::units::parse(src, crate::lang::Lang::JavaScript).unwrap();
        let array = tree
            .root_node()
            .named_child(0)
            .unwrap()
            .named_child(0)
            .unwrap();
        let values: Vec<Option<f64>> = named_children(array)
            .into_iter()
            .map(|n| number_value(n, src))
            .collect();
        assert_eq!(
            values,
            [Some(1.0), Some(-2.0), Some(16.0), Some(0.5), Some(1000.0)]
        );
    }

    #[test]
    fn comparisons_are_negated_in_place() {
        assert_eq!(negate_comparison("a == b").as_deref(), Some("a != b"));
        assert_eq!(
            negate_comparison("x is not None").as_deref(),
            Some("x is None")
        );
        assert_eq!(negate_comparison("c not in s").as_deref(), Some("c in s"));
        assert_eq!(negate_comparison("f(a == b)"), None);
    }
}
