//! Python expressions to JavaScript expressions, chosen by the types of the
//! operands.

use std::collections::HashSet;

use tree_sitter::Node;

use super::super::helpers::JsHelper;
use super::super::types::{arith, numeric, Ty};
use super::super::{children, named_children, Res};
use super::scope::target_names;
use super::{Binding, Scope, Tx};
use crate::symbols::js_name;

// JavaScript operator precedence, higher binds tighter.
pub const P_ASSIGN: u8 = 2;
pub const P_COND: u8 = 3;
pub const P_OR: u8 = 5;
pub const P_AND: u8 = 6;
pub const P_EQ: u8 = 10;
pub const P_REL: u8 = 11;
pub const P_ADD: u8 = 13;
pub const P_MUL: u8 = 14;
pub const P_EXP: u8 = 15;
pub const P_UNARY: u8 = 16;
pub const P_CALL: u8 = 18;
pub const P_ATOM: u8 = 19;

/// A translated expression.
#[derive(Clone, Debug)]
pub struct Ex {
    pub code: String,
    /// The precedence of its outermost operator.
    pub prec: u8,
    pub ty: Ty,
    /// An array whose order comes from iterating a set, which differs
    /// between the languages: only order-blind uses may take it.
    pub unordered: bool,
    /// A newly made array that nothing else refers to, which may be sorted
    /// or reversed in place.
    pub fresh: bool,
}

impl Ex {
    pub fn new(code: impl Into<String>, prec: u8, ty: Ty) -> Ex {
        Ex {
            code: code.into(),
            prec,
            ty,
            unordered: false,
            fresh: false,
        }
    }

    pub fn atom(code: impl Into<String>, ty: Ty) -> Ex {
        Ex::new(code, P_ATOM, ty)
    }

    /// A newly made array.
    pub fn fresh(code: impl Into<String>, prec: u8, ty: Ty) -> Ex {
        Ex {
            fresh: true,
            ..Ex::new(code, prec, ty)
        }
    }

    /// The array as a copy that may be changed in place.
    pub fn copy(&self) -> String {
        if self.fresh && matches!(self.ty, Ty::List(_) | Ty::Tuple(_)) {
            self.code.clone()
        } else {
            format!("[...{}]", wrap(self, P_ASSIGN))
        }
    }
}

/// The code of `e`, in parentheses if its operator binds looser than `min`.
pub fn wrap(e: &Ex, min: u8) -> String {
    if e.prec < min {
        format!("({})", e.code)
    } else {
        e.code.clone()
    }
}

/// The code of `e` as the object of a member access or call.
pub fn member(e: &Ex) -> String {
    if e.prec >= P_CALL && e.code.chars().all(|c| c.is_ascii_digit() || c == '_') {
        format!("({})", e.code)
    } else {
        wrap(e, P_CALL)
    }
}

/// A JavaScript string literal for `value`.
pub fn js_string(value: &str) -> String {
    let mut s = String::with_capacity(value.len() + 2);
    s.push('"');
    for c in value.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => s.push_str(&format!("\\x{:02x}", c as u32)),
            '\u{2028}' => s.push_str("\\u2028"),
            '\u{2029}' => s.push_str("\\u2029"),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

/// Text for the inside of a template literal.
fn template_text(value: &str) -> String {
    let mut s = String::new();
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' => s.push_str("\\`"),
            '\\' => s.push_str("\\\\"),
            '$' if chars.peek() == Some(&'{') => s.push_str("\\$"),
            '\r' => s.push_str("\\r"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {
                s.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => s.push(c),
        }
    }
    s
}

/// Decodes the escapes of a Python (non-raw) string literal's content.
pub fn unescape(raw: &str) -> Option<String> {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => {}
            '\\' => out.push('\\'),
            '\'' => out.push('\''),
            '"' => out.push('"'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '0'..='7' => {
                let mut v = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v)?);
            }
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v = 0u32;
                for _ in 0..n {
                    v = v * 16 + chars.next()?.to_digit(16)?;
                }
                out.push(char::from_u32(v)?);
            }
            'N' => return None,
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}

/// The value of an integer literal node (`3`, `-3`, `0x1f`), if it is one.
/// Whether `node` is a number literal other than zero (possibly negated
/// or parenthesized), so that dividing by it cannot raise.
fn nonzero_literal(node: Node, src: &str) -> bool {
    match node.kind() {
        "integer" => int_literal(node, src).is_some_and(|v| v != 0),
        "float" => src[node.byte_range()]
            .replace('_', "")
            .parse::<f64>()
            .is_ok_and(|v| v != 0.0),
        "unary_operator" => node
            .child_by_field_name("argument")
            .is_some_and(|a| nonzero_literal(a, src)),
        "parenthesized_expression" => node.named_child(0).is_some_and(|a| nonzero_literal(a, src)),
        _ => false,
    }
}

pub fn int_literal(node: Node, src: &str) -> Option<i64> {
    match node.kind() {
        "integer" => {
            let t: String = src[node.byte_range()]
                .chars()
                .filter(|c| *c != '_')
                .collect();
            let lower = t.to_ascii_lowercase();
            if let Some(h) = lower.strip_prefix("0x") {
                i64::from_str_radix(h, 16).ok()
            } else if let Some(o) = lower.strip_prefix("0o") {
                i64::from_str_radix(o, 8).ok()
            } else if let Some(b) = lower.strip_prefix("0b") {
                i64::from_str_radix(b, 2).ok()
            } else {
                lower.parse().ok()
            }
        }
        "unary_operator" => {
            let op = node.child_by_field_name("operator")?;
            let arg = node.child_by_field_name("argument")?;
            let v = int_literal(arg, src)?;
            match &src[op.byte_range()] {
                "-" => Some(-v),
                "+" => Some(v),
                _ => None,
            }
        }
        "parenthesized_expression" => int_literal(*named_children(node).first()?, src),
        _ => None,
    }
}

/// What a `for` loop iterates over.
pub struct Iter {
    pub code: String,
    pub elem: Ty,
}

impl Tx<'_> {
    /// An expression whose value's order must be kept.
    pub(super) fn expr(&mut self, node: Node) -> Res<Ex> {
        let e = self.expr_any_order(node)?;
        if e.unordered {
            return self.decline(node, "iteration order of a `set`");
        }
        self.lines.check_growth(node, &e.code)?;
        Ok(e)
    }

    /// An expression whose consumer does not care for the order of an array
    /// (`sorted`, `len`, `in`, `sum`...).
    pub(super) fn expr_any_order(&mut self, node: Node) -> Res<Ex> {
        match node.kind() {
            "identifier" => self.identifier(node),
            "integer" => {
                let Some(v) = int_literal(node, self.src) else {
                    return self.decline(node, "integer literal too large");
                };
                if v.unsigned_abs() > (1u64 << 53) {
                    return self.decline(node, "integer literal beyond 2**53");
                }
                let t = self.t(node);
                let lower = t.to_ascii_lowercase();
                let code = if lower.starts_with("0x")
                    || lower.starts_with("0o")
                    || lower.starts_with("0b")
                {
                    t.to_string()
                } else {
                    let trimmed = t.trim_start_matches('0');
                    if trimmed.is_empty() || trimmed.starts_with('_') {
                        "0".to_string()
                    } else {
                        trimmed.to_string()
                    }
                };
                Ok(Ex::atom(code, Ty::Nat))
            }
            "float" => {
                let t = self.t(node);
                if t.ends_with(['j', 'J']) {
                    return self.decline(node, "complex number");
                }
                Ok(Ex::atom(t, Ty::Float))
            }
            "true" => Ok(Ex::atom("true", Ty::Bool)),
            "false" => Ok(Ex::atom("false", Ty::Bool)),
            "none" => Ok(Ex::atom("null", Ty::None)),
            "string" => self.string(node),
            "concatenated_string" => {
                let parts = named_children(node);
                let mut all_plain = true;
                for p in &parts {
                    if self.is_fstring(*p) {
                        all_plain = false;
                    }
                }
                if all_plain {
                    let mut value = String::new();
                    for p in &parts {
                        value.push_str(&self.string_value(*p)?);
                    }
                    return Ok(Ex::atom(js_string(&value), Ty::Str));
                }
                let mut codes = Vec::new();
                for p in parts {
                    codes.push(self.string(p)?.code);
                }
                Ok(Ex::new(codes.join(" + "), P_ADD, Ty::Str))
            }
            "parenthesized_expression" => {
                let inner = named_children(node);
                match inner.as_slice() {
                    [e] => self.expr_any_order(*e),
                    _ => self.decline(node, "parenthesized expression"),
                }
            }
            "binary_operator" => {
                let left = node.child_by_field_name("left").expect("left");
                let right = node.child_by_field_name("right").expect("right");
                let op = self.t(node.child_by_field_name("operator").expect("operator"));
                let a = self.expr(left)?;
                let b = self.expr(right)?;
                self.binary(op, a, b, node)
            }
            "unary_operator" => {
                let arg = node.child_by_field_name("argument").expect("argument");
                let op = self.t(node.child_by_field_name("operator").expect("operator"));
                let a = self.expr(arg)?;
                if !numeric(&a.ty) {
                    return self.decline(node, format!("unary `{op}` on a {}", a.ty));
                }
                match op {
                    "-" => {
                        let ty = match a.ty {
                            Ty::Nat | Ty::Int | Ty::Bool => Ty::Int,
                            Ty::Float => Ty::Float,
                            _ => Ty::Num,
                        };
                        Ok(Ex::new(format!("-{}", wrap(&a, P_UNARY)), P_UNARY, ty))
                    }
                    "+" => Ok(a),
                    _ => self.decline(node, "bitwise `~`"),
                }
            }
            "not_operator" => {
                let c = self.cond(node)?;
                Ok(c)
            }
            "boolean_operator" => self.boolean_value(node),
            "comparison_operator" => self.comparison(node),
            "conditional_expression" => {
                let parts = named_children(node);
                let [a, c, b] = parts.as_slice() else {
                    return self.decline(node, "conditional expression");
                };
                let c = self.cond(*c)?;
                let a = self.expr(*a)?;
                let b = self.expr(*b)?;
                Ok(Ex::new(
                    format!(
                        "{} ? {} : {}",
                        wrap(&c, P_COND + 1),
                        wrap(&a, P_ASSIGN),
                        wrap(&b, P_ASSIGN)
                    ),
                    P_COND,
                    a.ty.join(&b.ty),
                ))
            }
            "call" => self.call(node),
            "attribute" => self.attribute(node),
            "subscript" => self.subscript(node),
            "list" => {
                let mut codes = Vec::new();
                let mut elem = Ty::Never;
                for item in named_children(node) {
                    if item.kind() == "list_splat" {
                        let inner = named_children(item)[0];
                        let v = self.expr(inner)?;
                        elem = elem.join(&v.ty.elem());
                        codes.push(format!("...{}", wrap(&v, P_ASSIGN)));
                    } else {
                        let v = self.expr(item)?;
                        elem = elem.join(&v.ty);
                        codes.push(wrap(&v, P_ASSIGN));
                    }
                }
                Ok(Ex::fresh(
                    format!("[{}]", codes.join(", ")),
                    P_ATOM,
                    Ty::list(elem),
                ))
            }
            "tuple" | "expression_list" => self.tuple_expr(node),
            "dictionary" => {
                let mut pairs = Vec::new();
                let mut kt = Ty::Never;
                let mut vt = Ty::Never;
                for item in named_children(node) {
                    if item.kind() != "pair" {
                        return self.decline(item, "`**` in a dict display");
                    }
                    let k = self.expr(item.child_by_field_name("key").expect("key"))?;
                    let v = self.expr(item.child_by_field_name("value").expect("value"))?;
                    if !is_key_type(&k.ty) {
                        return self.decline(item, format!("dict key of type {}", k.ty));
                    }
                    kt = kt.join(&k.ty);
                    vt = vt.join(&v.ty);
                    pairs.push(format!("[{}, {}]", k.code, wrap(&v, P_ASSIGN)));
                }
                let code = if pairs.is_empty() {
                    "new Map()".to_string()
                } else {
                    format!("new Map([{}])", pairs.join(", "))
                };
                Ok(Ex::new(code, P_CALL, Ty::dict(kt, vt)))
            }
            "set" => {
                let mut codes = Vec::new();
                let mut elem = Ty::Never;
                for item in named_children(node) {
                    let v = self.expr(item)?;
                    elem = elem.join(&v.ty);
                    codes.push(wrap(&v, P_ASSIGN));
                }
                self.check_hashable(&elem, node)?;
                Ok(Ex::new(
                    format!("new Set([{}])", codes.join(", ")),
                    P_CALL,
                    Ty::set(elem),
                ))
            }
            "list_comprehension" | "generator_expression" => {
                let (code, elem, unordered) = self.comprehension(node)?;
                let mut e = Ex::fresh(code, P_CALL, Ty::list(elem));
                e.unordered = unordered;
                Ok(e)
            }
            "set_comprehension" => {
                let (code, elem, _) = self.comprehension(node)?;
                self.check_hashable(&elem, node)?;
                Ok(Ex::new(format!("new Set({code})"), P_CALL, Ty::set(elem)))
            }
            "dictionary_comprehension" => {
                let (code, elem, unordered) = self.comprehension(node)?;
                if unordered {
                    return self.decline(node, "iteration order of a `set`");
                }
                let (k, v) = match elem {
                    Ty::Tuple(ts) if ts.len() == 2 => (ts[0].clone(), ts[1].clone()),
                    _ => (Ty::Unknown, Ty::Unknown),
                };
                Ok(Ex::new(format!("new Map({code})"), P_CALL, Ty::dict(k, v)))
            }
            "lambda" => self.lambda(node, &[]),
            "named_expression" => self.decline(node, "assignment expression (`:=`)"),
            "await" => self.decline(node, "`await`"),
            "yield" => self.decline(node, "`yield` (generator)"),
            "ellipsis" => self.decline(node, "`...`"),
            "list_splat" | "dictionary_splat" => self.decline(node, "unpacking here"),
            other => self.decline(node, format!("`{other}`")),
        }
    }

    fn identifier(&mut self, node: Node) -> Res<Ex> {
        let name = self.t(node);
        if let Some(b) = self.binding(name) {
            return Ok(Ex::atom(b.target.clone(), b.ty.clone().or_unknown()));
        }
        if self.imported.contains(name) {
            return self.decline(node, format!("`{name}`, imported from a module"));
        }
        if self.modules.contains(name) {
            return self.decline(node, format!("module `{name}` used as a value"));
        }
        if is_python_builtin(name) {
            return self.decline(node, format!("builtin `{name}` used as a value"));
        }
        Ok(Ex::atom(self.global_name(name), Ty::Unknown))
    }

    /// Whether the node is a name of module-level code (or of no scope of
    /// this unit): its value comes from code the unit does not show, which
    /// may have made it a `Map`.
    fn is_module_name(&self, node: Node) -> bool {
        if node.kind() != "identifier" {
            return false;
        }
        let name = self.t(node);
        match self.scopes.iter().rposition(|s| s.names.contains_key(name)) {
            None => true,
            Some(i) => !self.scopes[..=i].iter().any(|s| s.is_function),
        }
    }

    /// Declines indexing a module-level name whose type is unknown: it may
    /// be a dict (a `Map`), which `[]` and `.at()` do not read.
    fn check_indexed_base(&self, base: &Ex, value: Node, node: Node) -> Res<()> {
        if base.ty == Ty::Unknown && self.is_module_name(value) {
            return self.decline(
                node,
                format!(
                    "indexing `{}`, a module-level name of unknown type (it may be a dict)",
                    self.t(value)
                ),
            );
        }
        Ok(())
    }

    /// Whether the source has the name bound (so it is not a builtin).
    pub(super) fn is_bound(&self, name: &str) -> bool {
        self.binding(name).is_some()
    }

    pub(super) fn check_hashable(&self, elem: &Ty, node: Node) -> Res<()> {
        match elem {
            // A sequence may be a tuple (tuples of different lengths join
            // to one): as much compared by identity as a tuple.
            Ty::Tuple(_) | Ty::List(_) | Ty::Seq(_) | Ty::Set(_) | Ty::Dict(..) => self.decline(
                node,
                format!("set of {elem} (compared by identity in JavaScript)"),
            ),
            _ => Ok(()),
        }
    }

    /// A value used as a key of a dict (or looked up in a set), which a
    /// `Map` or `Set` finds by `SameValueZero`: tuples and lists would be
    /// compared by identity and never be found again, and `True` would not
    /// meet `1`.
    pub(super) fn check_key(&self, key: &Ty, node: Node) -> Res<()> {
        match key.strip_optional() {
            Ty::Tuple(_)
            | Ty::List(_)
            | Ty::Seq(_)
            | Ty::Set(_)
            | Ty::Dict(..)
            | Ty::Func(_)
            | Ty::Bool => self.decline(
                node,
                format!("dict key of type {key} (a `Map` compares it by identity)"),
            ),
            _ => Ok(()),
        }
    }

    fn is_fstring(&self, node: Node) -> bool {
        node.child(0)
            .is_some_and(|s| self.t(s).to_ascii_lowercase().contains('f'))
    }

    /// The value of a plain (not f-) string literal.
    pub(super) fn string_value(&self, node: Node) -> Res<String> {
        if node.kind() == "concatenated_string" {
            let mut v = String::new();
            for p in named_children(node) {
                v.push_str(&self.string_value(p)?);
            }
            return Ok(v);
        }
        let start = node.child(0).map(|s| self.t(s)).unwrap_or("");
        let prefix = start.trim_end_matches(['"', '\'']).to_ascii_lowercase();
        if prefix.contains('b') {
            return self.decline(node, "bytes literal");
        }
        if prefix.contains('f') {
            return self.decline(node, "f-string where a constant string is needed");
        }
        let raw = prefix.contains('r');
        let mut value = String::new();
        for part in children(node) {
            if part.kind() == "string_content" {
                let t = self.t(part);
                if raw {
                    value.push_str(t);
                } else {
                    match unescape(t) {
                        Some(v) => value.push_str(&v),
                        None => return self.decline(node, "string escape `\\N{...}`"),
                    }
                }
            } else if part.kind() == "interpolation" {
                return self.decline(node, "f-string where a constant string is needed");
            }
        }
        Ok(value)
    }

    fn string(&mut self, node: Node) -> Res<Ex> {
        if !self.is_fstring(node) {
            let v = self.string_value(node)?;
            return Ok(Ex::atom(js_string(&v), Ty::Str));
        }
        let start = node.child(0).map(|s| self.t(s)).unwrap_or("");
        let raw = start.to_ascii_lowercase().contains('r');
        let mut code = String::from("`");
        for part in children(node) {
            match part.kind() {
                "string_content" => {
                    let t = self.t(part).replace("{{", "{").replace("}}", "}");
                    let v = if raw {
                        t
                    } else {
                        match unescape(&t) {
                            Some(v) => v,
                            None => return self.decline(node, "string escape `\\N{...}`"),
                        }
                    };
                    code.push_str(&template_text(&v));
                }
                "interpolation" => {
                    let inner = part.child_by_field_name("expression").expect("expression");
                    if part.child_by_field_name("type_conversion").is_some() {
                        return self.decline(part, "f-string conversion (`!r`, `!s`)");
                    }
                    let v = self.expr(inner)?;
                    let spec = part
                        .child_by_field_name("format_specifier")
                        .map(|s| self.t(s).trim_start_matches(':').to_string());
                    // `{x=}` (self-documenting): the expression's text as
                    // written, up to the `=` and the blanks after it, then
                    // the value's `repr()` (its `str()` under a format spec).
                    let parts = children(part);
                    let echo = parts
                        .iter()
                        .position(|c| !c.is_named() && self.t(*c) == "=");
                    if let Some(eq) = echo {
                        let from = parts.first().map_or(part.start_byte(), |c| c.end_byte());
                        let to = parts
                            .get(eq + 1)
                            .map_or(part.end_byte(), |c| c.start_byte());
                        let label = &self.src[from..to];
                        if label.contains('\\') {
                            return self.decline(part, "f-string `=` with a backslash");
                        }
                        code.push_str(&template_text(label));
                    }
                    let piece = match spec {
                        Some(spec) if !spec.is_empty() => self.format_spec(&v, &spec, part)?,
                        _ if echo.is_some() => self.python_repr(v, part)?.code,
                        _ => self.python_str(v, part)?.code,
                    };
                    code.push_str("${");
                    code.push_str(&piece);
                    code.push('}');
                }
                _ => {}
            }
        }
        code.push('`');
        Ok(Ex::atom(code, Ty::Str))
    }

    /// `{x:.2f}` and friends, where JavaScript has the same thing.
    fn format_spec(&mut self, v: &Ex, spec: &str, node: Node) -> Res<String> {
        if let Some(digits) = spec
            .strip_prefix('.')
            .and_then(|s| s.strip_suffix('f'))
            .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
        {
            if v.ty.is_number() {
                return Ok(format!("{}.toFixed({digits})", member(v)));
            }
        }
        if let Ok(width) = spec.parse::<usize>() {
            // Numbers align right, strings left.
            if v.ty.is_int() {
                return Ok(format!("String({}).padStart({width})", v.code));
            }
            if v.ty == Ty::Str {
                return Ok(format!("{}.padEnd({width})", member(v)));
            }
        }
        self.decline(node, format!("format specification `:{spec}`"))
    }

    /// Python's `repr(x)`, where the type says what it prints: a string's
    /// quoted form, and `str()` for values whose two forms agree.
    fn python_repr(&mut self, v: Ex, node: Node) -> Res<Ex> {
        match &v.ty {
            Ty::Str => {
                self.helper(JsHelper::PyStr);
                Ok(Ex::new(format!("pyRepr({})", v.code), P_CALL, Ty::Str))
            }
            Ty::Nat | Ty::Int | Ty::Float | Ty::Num | Ty::Bool | Ty::None => {
                self.python_str(v, node)
            }
            Ty::List(e) if e.is_number() || **e == Ty::Str || **e == Ty::Bool => {
                self.python_str(v, node)
            }
            other => self.decline(node, format!("`repr()` of a {other}")),
        }
    }

    /// Python's `str(x)`, where the type says what it prints.
    pub(super) fn python_str(&mut self, v: Ex, node: Node) -> Res<Ex> {
        match v.ty.strip_optional() {
            Ty::Str if !matches!(v.ty, Ty::Optional(_)) => Ok(v),
            Ty::Nat | Ty::Int if !matches!(v.ty, Ty::Optional(_)) => {
                Ok(Ex::new(format!("String({})", v.code), P_CALL, Ty::Str))
            }
            Ty::Bool if !matches!(v.ty, Ty::Optional(_)) => Ok(Ex::new(
                format!("({} ? \"True\" : \"False\")", wrap(&v, P_COND + 1)),
                P_ATOM,
                Ty::Str,
            )),
            // An integral number from outside is an int (see the README).
            Ty::Num if !matches!(v.ty, Ty::Optional(_)) => {
                let f = self.helper(JsHelper::PyStr);
                Ok(Ex::new(format!("{f}({})", v.code), P_CALL, Ty::Str))
            }
            Ty::Float if !matches!(v.ty, Ty::Optional(_)) => {
                let f = self.helper(JsHelper::PyStr);
                Ok(Ex::new(format!("{f}({}, true)", v.code), P_CALL, Ty::Str))
            }
            Ty::Unknown | Ty::Optional(_) | Ty::None => {
                let f = self.helper(JsHelper::PyStr);
                Ok(Ex::new(format!("{f}({})", v.code), P_CALL, Ty::Str))
            }
            _ => self.decline(node, format!("`str()` of a {}", v.ty)),
        }
    }

    pub(super) fn tuple_expr(&mut self, node: Node) -> Res<Ex> {
        let mut codes = Vec::new();
        let mut tys = Vec::new();
        for item in named_children(node) {
            if item.kind() == "list_splat" {
                return self.decline(item, "starred expression in a tuple");
            }
            let v = self.expr(item)?;
            tys.push(v.ty.clone());
            codes.push(wrap(&v, P_ASSIGN));
        }
        Ok(Ex::fresh(
            format!("[{}]", codes.join(", ")),
            P_ATOM,
            Ty::Tuple(tys),
        ))
    }

    /// The items of a list display, if the node is one without splats.
    pub(super) fn literal_items(&mut self, node: Node) -> Res<Option<Vec<String>>> {
        if node.kind() != "list"
            || named_children(node)
                .iter()
                .any(|c| c.kind() == "list_splat")
        {
            return Ok(None);
        }
        let mut out = Vec::new();
        for item in named_children(node) {
            let v = self.expr(item)?;
            out.push(wrap(&v, P_ASSIGN));
        }
        Ok(Some(out))
    }

    // -- Operators --------------------------------------------------------

    pub(super) fn binary(&mut self, op: &str, a: Ex, b: Ex, node: Node) -> Res<Ex> {
        let ta = a.ty.strip_optional().clone();
        let tb = b.ty.strip_optional().clone();
        let num = |t: &Ty| t.is_number() || *t == Ty::Bool;
        // Python raises on a zero divisor where JavaScript goes on with
        // Infinity or NaN: only a literal divisor other than zero lets `/`,
        // `//` and `%` be written as plain operators.
        let divisor_nonzero = node
            .child_by_field_name("right")
            .is_some_and(|r| nonzero_literal(r, self.src));
        let plain = |op: &str, prec: u8, ty: Ty| {
            Ex::new(
                format!("{} {op} {}", wrap(&a, prec), wrap(&b, prec + 1)),
                prec,
                ty,
            )
        };
        match op {
            "+" => {
                if num(&ta) && num(&tb) || num(&ta) && !tb.is_known() || !ta.is_known() && num(&tb)
                {
                    return Ok(plain("+", P_ADD, arith("+", &ta, &tb)));
                }
                if ta == Ty::Str || tb == Ty::Str {
                    let other = if ta == Ty::Str { &tb } else { &ta };
                    if !matches!(other, Ty::Str | Ty::Unknown | Ty::Seq(_)) {
                        return self.decline(node, format!("`+` on a str and a {other}"));
                    }
                    return Ok(plain("+", P_ADD, Ty::Str));
                }
                if ta.is_array() || tb.is_array() {
                    let ok = |t: &Ty| t.is_array() || !t.is_known();
                    if !(ok(&ta) && ok(&tb)) {
                        return self.decline(node, format!("`+` on a {ta} and a {tb}"));
                    }
                    let ty = match (&ta, &tb) {
                        (Ty::Tuple(x), Ty::Tuple(y)) => {
                            Ty::Tuple(x.iter().chain(y.iter()).cloned().collect())
                        }
                        _ => Ty::list(ta.elem().join(&tb.elem())),
                    };
                    return Ok(Ex::atom(
                        format!("[...{}, ...{}]", wrap(&a, P_ASSIGN), wrap(&b, P_ASSIGN)),
                        ty,
                    ));
                }
                let both_open = |t: &Ty| matches!(t, Ty::Unknown | Ty::Never | Ty::Seq(_));
                if both_open(&ta) && both_open(&tb) {
                    let f = self.helper(JsHelper::PyAdd);
                    let ty = if ta == tb { ta.clone() } else { Ty::Unknown };
                    return Ok(Ex::new(format!("{f}({}, {})", a.code, b.code), P_CALL, ty));
                }
                self.decline(node, format!("`+` on a {} and a {}", a.ty, b.ty))
            }
            "-" => {
                if let (Ty::Set(x), Ty::Set(_)) = (&ta, &tb) {
                    return Ok(Ex::new(
                        format!(
                            "new Set([...{}].filter((x) => !{}.has(x)))",
                            wrap(&a, P_ASSIGN),
                            member(&b)
                        ),
                        P_CALL,
                        Ty::set((**x).clone()),
                    ));
                }
                if numeric(&ta) && numeric(&tb) {
                    return Ok(plain("-", P_ADD, arith("-", &ta, &tb)));
                }
                self.decline(node, format!("`-` on a {} and a {}", a.ty, b.ty))
            }
            "*" => {
                // A float times anything is arithmetic: only ints repeat.
                if num(&ta) && num(&tb)
                    || ta == Ty::Float && !tb.is_known()
                    || tb == Ty::Float && !ta.is_known()
                {
                    return Ok(plain("*", P_MUL, arith("*", &ta, &tb)));
                }
                let open = |t: &Ty| !t.is_known() || *t == Ty::Num;
                if open(&ta) && (open(&tb) || tb.is_int() || tb == Ty::Bool)
                    || open(&tb) && (ta.is_int() || ta == Ty::Bool)
                {
                    let f = self.helper(JsHelper::PyMul);
                    let ty = if ta.is_number() && tb.is_number() {
                        Ty::Num
                    } else {
                        Ty::Unknown
                    };
                    return Ok(Ex::new(format!("{f}({}, {})", a.code, b.code), P_CALL, ty));
                }
                let (seq, n, st) = if tb.is_int() || tb == Ty::Bool {
                    (&a, &b, &ta)
                } else if ta.is_int() || ta == Ty::Bool {
                    (&b, &a, &tb)
                } else {
                    return self.decline(node, format!("`*` on a {} and a {}", a.ty, b.ty));
                };
                let count = if n.ty == Ty::Nat {
                    n.code.clone()
                } else {
                    format!("Math.max({}, 0)", n.code)
                };
                match st {
                    Ty::Str => Ok(Ex::new(
                        format!("{}.repeat({count})", member(seq)),
                        P_CALL,
                        Ty::Str,
                    )),
                    Ty::List(_) => {
                        let ty = st.clone();
                        Ok(Ex::fresh(
                            format!(
                                "Array.from({{ length: {count} }}, () => {}).flat()",
                                seq.code
                            ),
                            P_CALL,
                            ty,
                        ))
                    }
                    Ty::Tuple(_) => Ok(Ex::fresh(
                        format!(
                            "Array.from({{ length: {count} }}, () => {}).flat()",
                            seq.code
                        ),
                        P_CALL,
                        Ty::list(st.elem()),
                    )),
                    _ => self.decline(node, format!("`*` on a {} and a {}", a.ty, b.ty)),
                }
            }
            "/" => {
                if numeric(&ta) && numeric(&tb) {
                    if divisor_nonzero {
                        return Ok(plain("/", P_MUL, Ty::Float));
                    }
                    let f = self.helper(JsHelper::PyDiv);
                    return Ok(Ex::new(
                        format!("{f}({}, {})", a.code, b.code),
                        P_CALL,
                        Ty::Float,
                    ));
                }
                self.decline(node, format!("`/` on a {} and a {}", a.ty, b.ty))
            }
            "//" => {
                if numeric(&ta) && numeric(&tb) {
                    let ty = match arith("-", &ta, &tb) {
                        Ty::Int if ta == Ty::Nat && tb == Ty::Nat => Ty::Nat,
                        Ty::Int => Ty::Int,
                        Ty::Float => Ty::Float,
                        _ => Ty::Num,
                    };
                    let quotient = if divisor_nonzero {
                        format!("{} / {}", wrap(&a, P_MUL), wrap(&b, P_MUL + 1))
                    } else {
                        let f = self.helper(JsHelper::PyDiv);
                        format!("{f}({}, {})", a.code, b.code)
                    };
                    return Ok(Ex::new(format!("Math.floor({quotient})"), P_CALL, ty));
                }
                self.decline(node, format!("`//` on a {} and a {}", a.ty, b.ty))
            }
            "%" => {
                if ta == Ty::Str {
                    return self.decline(node, "`%` string formatting");
                }
                if !(numeric(&ta) && numeric(&tb)) {
                    return self.decline(node, format!("`%` on a {} and a {}", a.ty, b.ty));
                }
                let right = node.child_by_field_name("right");
                // A divisor that is not negative (and not zero, or Python
                // would have raised) leaves no negative remainder.
                let divisor_positive = right
                    .and_then(|r| int_literal(r, self.src))
                    .is_some_and(|v| v > 0)
                    || tb == Ty::Nat;
                let ty = match arith("-", &ta, &tb) {
                    Ty::Int if divisor_positive => Ty::Nat,
                    t => t,
                };
                // Only a literal divisor is known not to be zero: `%` by a
                // zero that is not one raises in Python, so goes through
                // the helper.
                if ta == Ty::Nat && divisor_positive && divisor_nonzero {
                    return Ok(plain("%", P_MUL, ty));
                }
                let f = self.helper(JsHelper::PyMod);
                Ok(Ex::new(format!("{f}({}, {})", a.code, b.code), P_CALL, ty))
            }
            "**" => {
                if !(numeric(&ta) && numeric(&tb)) {
                    return self.decline(node, format!("`**` on a {} and a {}", a.ty, b.ty));
                }
                let exponent = node
                    .child_by_field_name("right")
                    .and_then(|r| int_literal(r, self.src));
                let exp_nat = exponent.is_some_and(|v| v >= 0);
                let ty = match (&ta, exp_nat) {
                    // A negative exponent makes a float of any number (`2 ** -1`).
                    _ if exponent.is_some_and(|v| v < 0) => Ty::Float,
                    (Ty::Nat, true) => Ty::Nat,
                    (Ty::Int, true) => Ty::Int,
                    _ if ta == Ty::Float || tb == Ty::Float => Ty::Float,
                    _ => Ty::Num,
                };
                Ok(Ex::new(
                    format!("{} ** {}", wrap(&a, P_CALL), wrap(&b, P_EXP)),
                    P_EXP,
                    ty,
                ))
            }
            "|" | "&" | "^" => {
                if let (Ty::Set(x), Ty::Set(_)) = (&ta, &tb) {
                    let code = match op {
                        "|" => format!(
                            "new Set([...{}, ...{}])",
                            wrap(&a, P_ASSIGN),
                            wrap(&b, P_ASSIGN)
                        ),
                        "&" => format!(
                            "new Set([...{}].filter((x) => {}.has(x)))",
                            wrap(&a, P_ASSIGN),
                            member(&b)
                        ),
                        _ => return self.decline(node, "`^` on sets"),
                    };
                    return Ok(Ex::new(code, P_CALL, Ty::set((**x).clone())));
                }
                self.decline(node, format!("bitwise `{op}`"))
            }
            _ => self.decline(node, format!("operator `{op}`")),
        }
    }

    /// `and`/`or` where the value (not only its truth) is used.
    fn boolean_value(&mut self, node: Node) -> Res<Ex> {
        let left = node.child_by_field_name("left").expect("left");
        let right = node.child_by_field_name("right").expect("right");
        let op = self.t(node.child_by_field_name("operator").expect("operator"));
        let a = self.expr(left)?;
        let b = self.expr(right)?;
        let (js, prec) = if op == "and" {
            ("&&", P_AND)
        } else {
            ("||", P_OR)
        };
        let ty = a.ty.join(&b.ty);
        // Numbers, strings, booleans and None are true and false alike in
        // both languages, and `&&`/`||` return an operand as Python does.
        if a.ty.strip_optional().is_primitive() || a.ty == Ty::None {
            return Ok(Ex::new(
                format!("{} {js} {}", wrap(&a, prec), wrap(&b, prec + 1)),
                prec,
                ty,
            ));
        }
        if self.is_pure(left) {
            let test = self.truthy(a.clone(), left)?;
            let code = if op == "and" {
                format!(
                    "{} ? {} : {}",
                    wrap(&test, P_COND + 1),
                    wrap(&b, P_ASSIGN),
                    wrap(&a, P_ASSIGN)
                )
            } else {
                format!(
                    "{} ? {} : {}",
                    wrap(&test, P_COND + 1),
                    wrap(&a, P_ASSIGN),
                    wrap(&b, P_ASSIGN)
                )
            };
            return Ok(Ex::new(code, P_COND, ty));
        }
        self.decline(node, format!("`{op}` on a {} whose value is used", a.ty))
    }

    /// A JavaScript condition that is true when Python would find the node
    /// true.
    pub(super) fn cond(&mut self, node: Node) -> Res<Ex> {
        match node.kind() {
            "not_operator" => {
                let arg = node.child_by_field_name("argument").expect("argument");
                if !matches!(
                    arg.kind(),
                    "not_operator" | "boolean_operator" | "comparison_operator"
                ) {
                    let e = self.expr_any_order(arg)?;
                    let empty = |prop: &str| {
                        Ex::new(format!("{}.{prop} === 0", member(&e)), P_EQ, Ty::Bool)
                    };
                    match &e.ty {
                        Ty::List(_) | Ty::Tuple(_) | Ty::Seq(_) => return Ok(empty("length")),
                        Ty::Set(_) | Ty::Dict(..) => return Ok(empty("size")),
                        _ => {}
                    }
                }
                let c = self.cond(arg)?;
                Ok(Ex::new(
                    format!("!{}", wrap(&c, P_UNARY)),
                    P_UNARY,
                    Ty::Bool,
                ))
            }
            "boolean_operator" => {
                let left = node.child_by_field_name("left").expect("left");
                let right = node.child_by_field_name("right").expect("right");
                let op = self.t(node.child_by_field_name("operator").expect("operator"));
                let a = self.cond(left)?;
                let b = self.cond(right)?;
                let (js, prec) = if op == "and" {
                    ("&&", P_AND)
                } else {
                    ("||", P_OR)
                };
                Ok(Ex::new(
                    format!("{} {js} {}", wrap(&a, prec), wrap(&b, prec + 1)),
                    prec,
                    Ty::Bool,
                ))
            }
            "parenthesized_expression" if named_children(node).len() == 1 => {
                self.cond(named_children(node)[0])
            }
            _ => {
                let e = self.expr_any_order(node)?;
                if e.unordered && !e.ty.is_array() {
                    return self.decline(node, "iteration order of a `set`");
                }
                self.truthy(e, node)
            }
        }
    }

    /// A JavaScript test of Python truthiness of a value.
    pub(super) fn truthy(&mut self, e: Ex, node: Node) -> Res<Ex> {
        match &e.ty {
            Ty::Bool | Ty::Nat | Ty::Int | Ty::Float | Ty::Num | Ty::Str | Ty::None => Ok(e),
            Ty::Optional(t) if t.is_primitive() => Ok(e),
            Ty::List(_) | Ty::Tuple(_) | Ty::Seq(_) => Ok(Ex::new(
                format!("{}.length > 0", member(&e)),
                P_REL,
                Ty::Bool,
            )),
            Ty::Set(_) | Ty::Dict(..) => {
                Ok(Ex::new(format!("{}.size > 0", member(&e)), P_REL, Ty::Bool))
            }
            Ty::Func(_) => self.decline(node, "truth value of a function"),
            _ => {
                let f = self.helper(JsHelper::PyTruthy);
                Ok(Ex::new(format!("{f}({})", e.code), P_CALL, Ty::Bool))
            }
        }
    }

    fn comparison(&mut self, node: Node) -> Res<Ex> {
        let mut operands = Vec::new();
        let mut ops = Vec::new();
        for (i, child) in children(node).into_iter().enumerate() {
            if node.field_name_for_child(i as u32) == Some("operators") {
                let t: Vec<&str> = self.t(child).split_whitespace().collect();
                ops.push(t.join(" "));
            } else if child.is_named() && child.kind() != "comment" {
                operands.push(child);
            }
        }
        if ops.len() + 1 != operands.len() {
            return self.decline(node, "comparison");
        }
        let mut parts = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            if i > 0 && !self.is_pure(operands[i]) {
                return self.decline(operands[i], "chained comparison with a side effect");
            }
            let part = self.compare(op, operands[i], operands[i + 1], node)?;
            parts.push(part);
        }
        if parts.len() == 1 {
            return Ok(parts.pop().expect("one part"));
        }
        let code = parts
            .iter()
            .map(|p| wrap(p, P_AND + 1))
            .collect::<Vec<_>>()
            .join(" && ");
        Ok(Ex::new(code, P_AND, Ty::Bool))
    }

    fn compare(&mut self, op: &str, left: Node, right: Node, node: Node) -> Res<Ex> {
        match op {
            "in" | "not in" => {
                let item = self.expr(left)?;
                let container = self.expr_any_order(right)?;
                let test = self.contains(item, container, right)?;
                if op == "in" {
                    Ok(test)
                } else {
                    Ok(Ex::new(
                        format!("!{}", wrap(&test, P_UNARY)),
                        P_UNARY,
                        Ty::Bool,
                    ))
                }
            }
            "is" | "is not" => {
                let a = self.expr(left)?;
                let b = self.expr(right)?;
                let js = if op == "is" { "===" } else { "!==" };
                Ok(Ex::new(
                    format!("{} {js} {}", wrap(&a, P_EQ), wrap(&b, P_EQ + 1)),
                    P_EQ,
                    Ty::Bool,
                ))
            }
            "==" | "!=" => {
                // `a % b == 0` is the same test in both languages.
                if let Some(e) = self.remainder_test(op, left, right)? {
                    return Ok(e);
                }
                let a = self.expr(left)?;
                let b = self.expr(right)?;
                self.equality(op == "==", a, b, node)
            }
            "<" | ">" | "<=" | ">=" => {
                let a = self.expr(left)?;
                let b = self.expr(right)?;
                let (ta, tb) = (a.ty.strip_optional(), b.ty.strip_optional());
                let num = |t: &Ty| t.is_number() || *t == Ty::Bool;
                let native = (num(ta) || !ta.is_known())
                    && (num(tb) || !tb.is_known())
                    && (num(ta) || num(tb))
                    || (*ta == Ty::Str || !ta.is_known())
                        && (*tb == Ty::Str || !tb.is_known())
                        && (*ta == Ty::Str || *tb == Ty::Str);
                if native {
                    return Ok(Ex::new(
                        format!("{} {op} {}", wrap(&a, P_REL), wrap(&b, P_REL + 1)),
                        P_REL,
                        Ty::Bool,
                    ));
                }
                if matches!(ta, Ty::Set(_) | Ty::Dict(..))
                    || matches!(tb, Ty::Set(_) | Ty::Dict(..))
                {
                    return self.decline(node, format!("`{op}` on sets or dicts"));
                }
                let f = self.helper(JsHelper::PyCmp);
                Ok(Ex::new(
                    format!("{f}({}, {}) {op} 0", a.code, b.code),
                    P_REL,
                    Ty::Bool,
                ))
            }
            _ => self.decline(node, format!("comparison `{op}`")),
        }
    }

    /// `x % k == 0` and `x % 2 == 1` on integers, which need no helper.
    fn remainder_test(&mut self, op: &str, left: Node, right: Node) -> Res<Option<Ex>> {
        let (rem, other) = if left.kind() == "binary_operator" {
            (left, right)
        } else if right.kind() == "binary_operator" {
            (right, left)
        } else {
            return Ok(None);
        };
        let Some(op_node) = rem.child_by_field_name("operator") else {
            return Ok(None);
        };
        if self.t(op_node) != "%" {
            return Ok(None);
        }
        let Some(want) = int_literal(other, self.src) else {
            return Ok(None);
        };
        let x = rem.child_by_field_name("left").expect("left");
        let k = rem.child_by_field_name("right").expect("right");
        let k_val = int_literal(k, self.src);
        // `x % k` by a `k` that may be zero raises in Python, where
        // JavaScript's NaN only compares unequal: that goes through pyMod.
        if !nonzero_literal(k, self.src) {
            return Ok(None);
        }
        let a = self.expr(x)?;
        let b = self.expr(k)?;
        if !(a.ty.strip_optional().is_number() || a.ty == Ty::Unknown) || !b.ty.is_number() {
            return Ok(None);
        }
        let eq = op == "==";
        let js_rem = format!("{} % {}", wrap(&a, P_MUL), wrap(&b, P_MUL + 1));
        if want == 0 {
            let js = if eq { "===" } else { "!==" };
            return Ok(Some(Ex::new(format!("{js_rem} {js} 0"), P_EQ, Ty::Bool)));
        }
        // An integer is odd when its remainder by 2 is not zero, whatever
        // its sign.
        if want == 1 && k_val == Some(2) && a.ty.strip_optional().is_int() {
            let js = if eq { "!==" } else { "===" };
            return Ok(Some(Ex::new(format!("{js_rem} {js} 0"), P_EQ, Ty::Bool)));
        }
        Ok(None)
    }

    pub(super) fn equality(&mut self, eq: bool, a: Ex, b: Ex, node: Node) -> Res<Ex> {
        let (js, not) = if eq { ("===", "") } else { ("!==", "!") };
        let (ta, tb) = (a.ty.strip_optional().clone(), b.ty.strip_optional().clone());
        let plain = |a: &Ex, b: &Ex| {
            Ex::new(
                format!("{} {js} {}", wrap(a, P_EQ), wrap(b, P_EQ + 1)),
                P_EQ,
                Ty::Bool,
            )
        };
        if a.ty == Ty::None || b.ty == Ty::None {
            return Ok(plain(&a, &b));
        }
        let num = |t: &Ty| t.is_number();
        let prim = |t: &Ty| t.is_number() || matches!(t, Ty::Str | Ty::Bool);
        if (ta == Ty::Bool && num(&tb)) || (tb == Ty::Bool && num(&ta)) {
            return self.decline(node, "`==` between a bool and a number");
        }
        if prim(&ta) && prim(&tb) {
            return Ok(plain(&a, &b));
        }
        // A number or string against a value of unknown type: `===` is
        // false exactly when Python's `==` is, but for `True == 1` and
        // `False == 0`.
        let zero_or_one = |e: &Ex| matches!(e.code.as_str(), "0" | "1");
        let bool_risk = (num(&ta) && !tb.is_known() || num(&tb) && !ta.is_known())
            && (zero_or_one(&a) || zero_or_one(&b));
        if !bool_risk
            && ((matches!(ta, Ty::Str) || num(&ta)) && !tb.is_known()
                || (matches!(tb, Ty::Str) || num(&tb)) && !ta.is_known()
                || matches!((&ta, &tb), (Ty::Str, Ty::Seq(_)) | (Ty::Seq(_), Ty::Str)))
        {
            return Ok(plain(&a, &b));
        }
        // `xs == []`.
        for (x, y) in [(&a, &b), (&b, &a)] {
            if y.code == "[]" && matches!(x.ty, Ty::List(_)) {
                let op = if eq { "===" } else { "!==" };
                return Ok(Ex::new(
                    format!("{}.length {op} 0", member(x)),
                    P_EQ,
                    Ty::Bool,
                ));
            }
        }
        let f = self.helper(JsHelper::PyEq);
        Ok(Ex::new(
            format!("{not}{f}({}, {})", a.code, b.code),
            if eq { P_CALL } else { P_UNARY },
            Ty::Bool,
        ))
    }

    /// `item in container`.
    fn contains(&mut self, item: Ex, container: Ex, node: Node) -> Res<Ex> {
        let call = |c: &Ex, m: &str, x: &Ex| {
            Ex::new(format!("{}.{m}({})", member(c), x.code), P_CALL, Ty::Bool)
        };
        match container.ty.strip_optional() {
            Ty::Str | Ty::Seq(_) => Ok(call(&container, "includes", &item)),
            Ty::List(_) | Ty::Tuple(_) => {
                let elem = container.ty.elem();
                if elem.is_primitive() || item.ty.is_primitive() {
                    Ok(call(&container, "includes", &item))
                } else {
                    let f = self.helper(JsHelper::PyEq);
                    Ok(Ex::new(
                        format!("{}.some((e) => {f}(e, {}))", member(&container), item.code),
                        P_CALL,
                        Ty::Bool,
                    ))
                }
            }
            Ty::Set(_) | Ty::Dict(..) => {
                self.check_key(&item.ty, node)?;
                Ok(call(&container, "has", &item))
            }
            _ => self.decline(node, format!("`in` on a {}", container.ty)),
        }
    }

    // -- Names, attributes, subscripts ------------------------------------

    fn attribute(&mut self, node: Node) -> Res<Ex> {
        let obj = node.child_by_field_name("object").expect("object");
        let attr = self.t(node.child_by_field_name("attribute").expect("attribute"));
        if obj.kind() == "identifier" && self.t(obj) == "math" && !self.is_bound("math") {
            return match attr {
                "pi" => Ok(Ex::atom("Math.PI", Ty::Float)),
                "e" => Ok(Ex::atom("Math.E", Ty::Float)),
                "tau" => Ok(Ex::new("2 * Math.PI", P_MUL, Ty::Float)),
                "inf" => Ok(Ex::atom("Infinity", Ty::Float)),
                "nan" => Ok(Ex::atom("NaN", Ty::Float)),
                _ => self.decline(node, format!("`math.{attr}`")),
            };
        }
        self.decline(node, format!("attribute `.{attr}`"))
    }

    fn subscript(&mut self, node: Node) -> Res<Ex> {
        let value = node.child_by_field_name("value").expect("value");
        let mut cursor = node.walk();
        let indexes: Vec<Node> = node
            .children_by_field_name("subscript", &mut cursor)
            .collect();
        let [index] = indexes.as_slice() else {
            return self.decline(node, "subscript with several indexes");
        };
        let index = *index;
        let base = self.expr(value)?;
        if index.kind() == "slice" {
            return self.slice(base, index, node);
        }
        self.check_indexed_base(&base, value, node)?;
        let bt = base.ty.strip_optional().clone();
        if let Ty::Dict(_, v) = &bt {
            let k = self.expr(index)?;
            self.check_key(&k.ty, node)?;
            return Ok(Ex::new(
                format!("{}.get({})", member(&base), k.code),
                P_CALL,
                (**v).clone().or_unknown(),
            ));
        }
        if matches!(bt, Ty::Set(_)) {
            return self.decline(node, "indexing a set");
        }
        let literal = int_literal(index, self.src);
        let elem = match (&bt, literal) {
            (Ty::Tuple(ts), Some(i)) => {
                let idx = if i < 0 { ts.len() as i64 + i } else { i };
                ts.get(idx as usize).cloned().unwrap_or(Ty::Unknown)
            }
            _ => bt.elem(),
        };
        let i = self.expr(index)?;
        // Python indexes only with ints: a number here is one.
        if !(i.ty.is_number() || i.ty == Ty::Bool || i.ty == Ty::Unknown && bt.is_sequence()) {
            return self.decline(node, format!("indexing a {} with a {}", base.ty, i.ty));
        }
        if !bt.is_sequence() && bt != Ty::Unknown {
            return self.decline(node, format!("indexing a {}", base.ty));
        }
        match literal {
            Some(v) if v < 0 => Ok(Ex::new(format!("{}.at({v})", member(&base)), P_CALL, elem)),
            _ if i.ty == Ty::Nat => Ok(Ex::new(
                format!("{}[{}]", member(&base), i.code),
                P_CALL,
                elem,
            )),
            _ => Ok(Ex::new(
                format!("{}.at({})", member(&base), i.code),
                P_CALL,
                elem,
            )),
        }
    }

    fn slice(&mut self, base: Ex, slice: Node, node: Node) -> Res<Ex> {
        // The slice's parts by position around the colons.
        let mut parts: [Option<Node>; 3] = [None, None, None];
        let mut at = 0;
        for child in children(slice) {
            if child.kind() == ":" {
                at += 1;
            } else if child.is_named() && at < 3 {
                parts[at] = Some(child).filter(|c| c.kind() != "none");
            }
        }
        let ty = match base.ty.strip_optional() {
            Ty::Str => Ty::Str,
            Ty::List(e) => Ty::List(e.clone()),
            Ty::Tuple(_) => Ty::list(base.ty.elem()),
            Ty::Seq(e) => Ty::Seq(e.clone()),
            Ty::Unknown => Ty::Unknown,
            other => return self.decline(node, format!("slicing a {other}")),
        };
        if let Some(step) = parts[2] {
            let Some(k) = int_literal(step, self.src) else {
                return self.decline(node, "slice with a step that is not a constant");
            };
            if parts[0].is_some() || parts[1].is_some() {
                return self.decline(node, "slice with bounds and a step");
            }
            let is_str = ty == Ty::Str;
            if !is_str && !matches!(ty, Ty::List(_)) {
                return self.decline(node, format!("slice with a step on a {}", base.ty));
            }
            let arr = base.copy();
            let code = match k {
                -1 => format!("{arr}.reverse()"),
                k if k > 1 => format!("{arr}.filter((_, i) => i % {k} === 0)"),
                1 => arr,
                _ => return self.decline(node, "slice with a negative step"),
            };
            let code = if is_str {
                format!("{code}.join(\"\")")
            } else {
                code
            };
            return Ok(Ex::fresh(code, P_CALL, ty));
        }
        let mut args = Vec::new();
        for p in parts[..2].iter() {
            match p {
                Some(n) => {
                    let v = self.expr(*n)?;
                    if !(v.ty.is_number() || v.ty == Ty::Unknown || v.ty == Ty::Bool) {
                        return self.decline(*n, format!("slice bound of type {}", v.ty));
                    }
                    args.push(Some(v.code));
                }
                None => args.push(None),
            }
        }
        let code = match (&args[0], &args[1]) {
            (None, None) => format!("{}.slice()", member(&base)),
            (Some(a), None) => format!("{}.slice({a})", member(&base)),
            (None, Some(b)) => format!("{}.slice(0, {b})", member(&base)),
            (Some(a), Some(b)) => format!("{}.slice({a}, {b})", member(&base)),
        };
        Ok(Ex::fresh(code, P_CALL, ty))
    }

    /// `target[index] = value` as a JavaScript expression.
    pub(super) fn subscript_assign(&mut self, target: Node, value: Ex, node: Node) -> Res<String> {
        let base_node = target.child_by_field_name("value").expect("value");
        let index = target.child_by_field_name("subscript").expect("subscript");
        if index.kind() == "slice" {
            return self.decline(target, "assignment to a slice");
        }
        let base = self.expr(base_node)?;
        match base.ty.strip_optional() {
            Ty::Dict(..) => {
                let k = self.expr(index)?;
                self.check_key(&k.ty, target)?;
                if base_node.kind() == "identifier" {
                    let name = self.t(base_node).to_string();
                    self.widen(&name, &Ty::dict(k.ty.clone(), value.ty.clone()), node)?;
                }
                Ok(format!("{}.set({}, {})", member(&base), k.code, value.code))
            }
            Ty::List(_) | Ty::Unknown => {
                self.check_indexed_base(&base, base_node, target)?;
                let i = self.expr(index)?;
                if base_node.kind() == "identifier" && matches!(base.ty, Ty::List(_)) {
                    let name = self.t(base_node).to_string();
                    self.widen(&name, &Ty::list(value.ty.clone()), node)?;
                }
                if let Some(v) = int_literal(index, self.src) {
                    if v < 0 {
                        if !self.is_pure(base_node) {
                            return self.decline(target, "negative index on an impure expression");
                        }
                        return Ok(format!(
                            "{}[{}.length - {}] = {}",
                            member(&base),
                            member(&base),
                            -v,
                            value.code
                        ));
                    }
                }
                if i.ty != Ty::Nat {
                    return self.decline(target, "assignment at an index that may be negative");
                }
                Ok(format!("{}[{}] = {}", member(&base), i.code, value.code))
            }
            other => self.decline(target, format!("item assignment on a {other}")),
        }
    }

    /// Whether evaluating the node twice is the same as once.
    pub(super) fn is_pure(&self, node: Node) -> bool {
        match node.kind() {
            "identifier" | "integer" | "float" | "true" | "false" | "none" => true,
            "string" => !named_children(node)
                .iter()
                .any(|c| c.kind() == "interpolation"),
            "attribute" => node
                .child_by_field_name("object")
                .is_some_and(|o| self.is_pure(o)),
            "subscript" => named_children(node).iter().all(|c| self.is_pure(*c)),
            "slice" => named_children(node).iter().all(|c| self.is_pure(*c)),
            "parenthesized_expression" | "unary_operator" | "binary_operator" => {
                named_children(node).iter().all(|c| self.is_pure(*c))
            }
            "call" => {
                // Builtins and string methods that only compute a value.
                let f = node.child_by_field_name("function");
                let pure_fn = f.is_some_and(|f| match f.kind() {
                    "identifier" => {
                        matches!(
                            self.t(f),
                            "len" | "ord" | "chr" | "abs" | "str" | "int" | "min" | "max"
                        ) && !self.is_bound(self.t(f))
                    }
                    "attribute" => {
                        let m = f
                            .child_by_field_name("attribute")
                            .map(|a| self.t(a))
                            .unwrap_or("");
                        matches!(m, "lower" | "upper" | "strip")
                            && f.child_by_field_name("object")
                                .is_some_and(|o| self.is_pure(o))
                    }
                    _ => false,
                });
                pure_fn
                    && node
                        .child_by_field_name("arguments")
                        .is_some_and(|a| named_children(a).iter().all(|c| self.is_pure(*c)))
            }
            _ => false,
        }
    }

    // -- Lambdas and comprehensions ---------------------------------------

    /// A lambda, its parameters typed by what the caller knows of them.
    pub(super) fn lambda(&mut self, node: Node, param_types: &[Ty]) -> Res<Ex> {
        let mut names = Vec::new();
        if let Some(params) = node.child_by_field_name("parameters") {
            for p in named_children(params) {
                if p.kind() != "identifier" {
                    return self.decline(p, "lambda parameter with a default or a star");
                }
                names.push(self.t(p).to_string());
            }
        }
        let body = node.child_by_field_name("body").expect("lambda body");
        let mut scope = Scope::default();
        let wanted: Vec<String> = names.iter().map(|n| js_name(n)).collect();
        let avoid = self.outer_targets(body, &names);
        let targets = super::super::unique_targets(&wanted, &vec![false; names.len()], &avoid);
        for (i, (n, t)) in names.iter().zip(&targets).enumerate() {
            let t = t.clone();
            scope.names.insert(
                n.clone(),
                Binding {
                    target: t,
                    ty: param_types.get(i).cloned().unwrap_or(Ty::Unknown),
                },
            );
        }
        scope.frozen = true;
        self.scopes.push(scope);
        let r = self.expr(body);
        self.scopes.pop();
        let b = r?;
        let params = format!("({})", targets.join(", "));
        Ok(Ex::new(
            format!("{params} => {}", wrap(&b, P_ASSIGN)),
            P_ASSIGN,
            Ty::Func(Box::new(b.ty)),
        ))
    }

    /// A comprehension as a JavaScript array expression: its code, the type
    /// of its elements, and whether its order comes from a set.
    pub(super) fn comprehension(&mut self, node: Node) -> Res<(String, Ty, bool)> {
        let body = node
            .child_by_field_name("body")
            .expect("comprehension body");
        let mut clauses: Vec<(Node, Vec<Node>)> = Vec::new();
        for part in named_children(node) {
            match part.kind() {
                "for_in_clause" => clauses.push((part, Vec::new())),
                "if_clause" => {
                    if let Some(last) = clauses.last_mut() {
                        last.1.push(named_children(part)[0]);
                    }
                }
                _ => {}
            }
        }
        let pushed = self.scopes.len();
        let r = self.comprehension_from(&clauses, body, node);
        self.scopes.truncate(pushed);
        r
    }

    fn comprehension_from(
        &mut self,
        clauses: &[(Node, Vec<Node>)],
        body: Node,
        node: Node,
    ) -> Res<(String, Ty, bool)> {
        let (clause, conds) = &clauses[0];
        if children(*clause).iter().any(|c| c.kind() == "async") {
            return self.decline(*clause, "`async for`");
        }
        let left = clause.child_by_field_name("left").expect("target");
        let right = clause.child_by_field_name("right").expect("iterable");
        let last = clauses.len() == 1;

        // `range(n)` with nothing to filter: Array.from.
        let source = self.array_source(right)?;
        let mut names = Vec::new();
        target_names(left, self.src, &mut |n| names.push(n.to_string()));
        if !matches!(left.kind(), "identifier" | "pattern_list" | "tuple_pattern") {
            return self.decline(left, "comprehension target that is not a name or names");
        }
        let elem = source.elem.clone();
        let tys = match left.kind() {
            "identifier" => vec![elem.clone()],
            _ => match super::unpack_types(&elem, names.len()) {
                Some(t) => t,
                None => return self.decline(left, "unpacking of unknown shape"),
            },
        };
        let mut scope = Scope {
            frozen: true,
            ..Scope::default()
        };
        // The whole comprehension: later clauses' names count as used from
        // outside, so they and this clause's cannot meet in one name.
        let wanted: Vec<String> = names.iter().map(|n| js_name(n)).collect();
        let avoid = self.outer_targets(node, &names);
        let targets = super::super::unique_targets(&wanted, &vec![false; names.len()], &avoid);
        for ((n, t), target) in names.iter().zip(tys).zip(&targets) {
            scope.names.insert(
                n.clone(),
                Binding {
                    target: target.clone(),
                    ty: t,
                },
            );
        }
        self.scopes.push(scope);
        let param = match left.kind() {
            "identifier" => format!("({})", targets[0]),
            _ => format!("([{}])", targets.join(", ")),
        };
        let mut code = source.code.clone();
        let mut cond_codes = Vec::new();
        for c in conds {
            let t = self.cond(*c)?;
            cond_codes.push(wrap(&t, P_AND + 1));
        }
        if !cond_codes.is_empty() {
            code = format!("{code}.filter({param} => {})", cond_codes.join(" && "));
        }
        let (code, elem) = if last {
            let b = if node.kind() == "dictionary_comprehension" {
                let k = self.expr(body.child_by_field_name("key").expect("key"))?;
                let v = self.expr(body.child_by_field_name("value").expect("value"))?;
                if !is_key_type(&k.ty) {
                    return self.decline(body, format!("dict key of type {}", k.ty));
                }
                Ex::atom(
                    format!("[{}, {}]", k.code, wrap(&v, P_ASSIGN)),
                    Ty::Tuple(vec![k.ty, v.ty]),
                )
            } else {
                self.expr(body)?
            };
            let identity = left.kind() == "identifier" && b.code == targets[0];
            if identity {
                (code, b.ty)
            } else if let (Some(n), true) = (&source.range_len, cond_codes.is_empty()) {
                // `Array.from` passes the element (always undefined) first;
                // its parameter must be neither the index's name (`(_, _)` is
                // a SyntaxError) nor one the body reads (it would hide it).
                let params = if !mentions_word(&b.code, &targets[0]) {
                    String::new()
                } else {
                    let element = (1..)
                        .map(|k| "_".repeat(k))
                        .find(|p| *p != targets[0] && !mentions_word(&b.code, p))
                        .expect("some run of underscores is free");
                    format!("{element}, {}", targets[0])
                };
                (
                    format!(
                        "Array.from({{ length: {n} }}, ({params}) => {})",
                        wrap(&b, P_ASSIGN)
                    ),
                    b.ty,
                )
            } else {
                (
                    format!("{code}.map({param} => {})", wrap(&b, P_ASSIGN)),
                    b.ty,
                )
            }
        } else {
            let (inner, elem, unordered) = self.comprehension_from(&clauses[1..], body, node)?;
            if unordered {
                return self.decline(node, "iteration order of a `set`");
            }
            (format!("{code}.flatMap({param} => {inner})"), elem)
        };
        Ok((code, elem, source.unordered))
    }

    /// An iterable as a JavaScript array, for comprehensions and the like.
    pub(super) fn array_source(&mut self, node: Node) -> Res<ArraySource> {
        if node.kind() == "call" {
            let f = node.child_by_field_name("function").expect("function");
            let args = node
                .child_by_field_name("arguments")
                .map(named_children)
                .unwrap_or_default();
            if f.kind() == "identifier" && !self.is_bound(self.t(f)) {
                match (self.t(f), args.as_slice()) {
                    ("range", [n]) if n.kind() != "keyword_argument" => {
                        let v = self.expr(*n)?;
                        let range = self.helper_free_range(&[*n])?;
                        return Ok(ArraySource {
                            code: range.0,
                            elem: range.1,
                            unordered: false,
                            range_len: Some(v.code),
                        });
                    }
                    ("range", _) => {
                        let (code, elem) = self.helper_free_range(&args)?;
                        return Ok(ArraySource::new(code, elem));
                    }
                    ("enumerate", [xs]) => {
                        let v = self.expr(*xs)?;
                        let arr = self.as_array(&v, *xs)?;
                        return Ok(ArraySource::new(
                            format!("{arr}.map((x, i) => [i, x])"),
                            Ty::Tuple(vec![Ty::Nat, v.ty.elem()]),
                        ));
                    }
                    _ => {}
                }
            }
        }
        let v = self.expr_any_order(node)?;
        let unordered = v.unordered || matches!(v.ty, Ty::Set(_));
        let elem = v.ty.elem();
        let code = match &v.ty {
            Ty::Dict(..) => format!("[...{}.keys()]", member(&v)),
            Ty::List(_) | Ty::Tuple(_) => v.code.clone(),
            _ => self.as_array(&v, node)?,
        };
        Ok(ArraySource {
            code,
            elem,
            unordered,
            range_len: None,
        })
    }

    /// The value as an array, spreading strings and sets.
    pub(super) fn as_array(&mut self, v: &Ex, node: Node) -> Res<String> {
        match v.ty.strip_optional() {
            Ty::List(_) | Ty::Tuple(_) => Ok(v.code.clone()),
            Ty::Str | Ty::Seq(_) | Ty::Set(_) | Ty::Unknown => {
                Ok(format!("[...{}]", wrap(v, P_ASSIGN)))
            }
            Ty::Dict(..) => Ok(format!("[...{}.keys()]", member(v))),
            other => self.decline(node, format!("iterating a {other}")),
        }
    }

    /// `range(...)` as an array: the helper.
    fn helper_free_range(&mut self, args: &[Node]) -> Res<(String, Ty)> {
        let mut codes = Vec::new();
        let mut nat = true;
        for (i, a) in args.iter().enumerate() {
            if a.kind() == "keyword_argument" {
                return self.decline(*a, "keyword argument to `range`");
            }
            let v = self.expr(*a)?;
            if !(v.ty.is_int() || v.ty == Ty::Bool || v.ty == Ty::Unknown || v.ty == Ty::Num) {
                return self.decline(*a, format!("`range` of a {}", v.ty));
            }
            if (args.len() == 1 || i == 0) && v.ty != Ty::Nat {
                nat = false;
            }
            if i == 2 && int_literal(*a, self.src).is_none_or(|s| s < 0) {
                nat = false;
            }
            codes.push(v.code);
        }
        if codes.is_empty() || codes.len() > 3 {
            return self.decline(
                args.first()
                    .copied()
                    .unwrap_or_else(|| panic!("range args")),
                "`range` arity",
            );
        }
        let f = self.helper(JsHelper::Range);
        Ok((
            format!("{f}({})", codes.join(", ")),
            if nat { Ty::Nat } else { Ty::Int },
        ))
    }

    /// The names a node reads (for loop-bound stability).
    pub(super) fn names_in(&self, node: Node, out: &mut HashSet<String>) {
        if node.kind() == "identifier" {
            out.insert(self.t(node).to_string());
        }
        for c in named_children(node) {
            if node.kind() == "attribute" && node.child_by_field_name("attribute") == Some(c) {
                continue;
            }
            self.names_in(c, out);
        }
    }
}

/// An iterable as an array.
pub struct ArraySource {
    pub code: String,
    pub elem: Ty,
    pub unordered: bool,
    /// For `range(n)`: `n`, so the comprehension can use `Array.from`.
    pub range_len: Option<String>,
}

impl ArraySource {
    fn new(code: String, elem: Ty) -> ArraySource {
        ArraySource {
            code,
            elem,
            unordered: false,
            range_len: None,
        }
    }
}

/// Dict keys that a `Map` compares as Python does: numbers and strings.
/// (Tuples would be compared by identity; booleans would not meet `1`.)
pub fn is_key_type(t: &Ty) -> bool {
    matches!(t, Ty::Str | Ty::Nat | Ty::Int | Ty::Num | Ty::Float)
}

/// Python's builtin functions and types.
pub fn is_python_builtin(name: &str) -> bool {
    matches!(
        name,
        "abs"
            | "all"
            | "any"
            | "ascii"
            | "bin"
            | "bool"
            | "breakpoint"
            | "bytearray"
            | "bytes"
            | "callable"
            | "chr"
            | "classmethod"
            | "compile"
            | "complex"
            | "delattr"
            | "dict"
            | "dir"
            | "divmod"
            | "enumerate"
            | "eval"
            | "exec"
            | "filter"
            | "float"
            | "format"
            | "frozenset"
            | "getattr"
            | "globals"
            | "hasattr"
            | "hash"
            | "help"
            | "hex"
            | "id"
            | "input"
            | "int"
            | "isinstance"
            | "issubclass"
            | "iter"
            | "len"
            | "list"
            | "locals"
            | "map"
            | "max"
            | "memoryview"
            | "min"
            | "next"
            | "object"
            | "oct"
            | "open"
            | "ord"
            | "pow"
            | "print"
            | "property"
            | "range"
            | "repr"
            | "reversed"
            | "round"
            | "set"
            | "setattr"
            | "slice"
            | "sorted"
            | "staticmethod"
            | "str"
            | "sum"
            | "super"
            | "tuple"
            | "type"
            | "vars"
            | "zip"
            | "__import__"
            | "Exception"
            | "ValueError"
            | "TypeError"
            | "KeyError"
            | "IndexError"
    )
}

/// Whether `word` appears in JavaScript `code` as a whole identifier (a
/// mention inside a string counts too, which only costs a longer name).
fn mentions_word(code: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    code.match_indices(word).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_identifiers_are_found_and_parts_are_not() {
        assert!(mentions_word("_ * 2", "_"));
        assert!(mentions_word("f(x, _)", "_"));
        assert!(!mentions_word("__x + y_", "_"));
        assert!(!mentions_word("[]", "_"));
        assert!(!mentions_word("$_", "_"));
    }

    #[test]
    fn python_escapes_are_decoded() {
        assert_eq!(unescape(r"a\nb\t\\").unwrap(), "a\nb\t\\");
        assert_eq!(unescape(r"\x41\u00e9\101").unwrap(), "AéA");
        assert_eq!(unescape(r"\d").unwrap(), "\\d");
        assert_eq!(unescape(r"\N{DASH}"), None);
    }

    #[test]
    fn javascript_strings_are_escaped() {
        assert_eq!(js_string("a\"b\\\n"), r#""a\"b\\\n""#);
        assert_eq!(js_string("\u{1}"), r#""\x01""#);
        assert_eq!(template_text("`${x}`"), "\\`\\${x}\\`");
    }

    #[test]
    fn integer_literals_have_values() {
        let src = "x = [3, -3, 0x1f, 1_000, (7)]";
        let tree = crate::units::parse(src, crate::lang::Lang::Python).unwrap();
        let list = tree
            .root_node()
            .descendant_for_byte_range(4, 4)
            .and_then(|n| n.parent())
            .unwrap();
        let values: Vec<Option<i64>> = named_children(list)
            .into_iter()
            .map(|n| int_literal(n, src))
            .collect();
        assert_eq!(values, [Some(3), Some(-3), Some(31), Some(1000), Some(7)]);
    }

    #[test]
    fn parentheses_follow_precedence() {
        let sum = Ex::new("a + b", P_ADD, Ty::Int);
        assert_eq!(wrap(&sum, P_MUL), "(a + b)");
        assert_eq!(wrap(&sum, P_ADD), "a + b");
        assert_eq!(member(&Ex::atom("5", Ty::Nat)), "(5)");
        assert_eq!(member(&Ex::atom("xs", Ty::Unknown)), "xs");
    }
}
