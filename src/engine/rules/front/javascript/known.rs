//! What JavaScript expressions of constants are where the source runs:
//! the module-level bindings the symbol table folds (`var INFINITY = 1 /
//! 0`, lodash's `var root = freeGlobal || freeSelf || Function('return
//! this')()`, underscore's `var hasEnumBug = !{toString:
//! null}.propertyIsEnumerable('toString')`), and the tests a unit's
//! frontend settles before lowering, leaving out the branch that never
//! runs (`symToStringTag && symToStringTag in Object(value)`).
//!
//! The environment is node's, where the verifier runs the source: `global`
//! is the global object, `self`, `window` and `document` are not defined,
//! and the built-ins are ES2023's. A [`Known`] value is one that never
//! changes once bound: a primitive, one of the built-ins by its path
//! (`Object.prototype.toString`), or a well-known symbol.

use tree_sitter::Node;

use crate::engine::rules::named_children;

/// A value an expression is known to have.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Known {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    /// One of node's built-in objects or functions, by its path
    /// (`globalThis`, `Symbol`, `Object.prototype`, `ArrayBuffer.isView`).
    Builtin(&'static str),
    /// A well-known symbol, by its path (`Symbol.toStringTag`).
    Symbol(&'static str),
    /// A global name node does not define (`self`): reading it throws a
    /// `ReferenceError`, and only `typeof` may ask for it.
    Absent,
}

/// node's built-in objects and functions a module may probe or alias, each
/// with what `typeof` gives for it. A path not listed is not known (its
/// member reads are not folded).
const BUILTINS: &[(&str, &str)] = &[
    ("globalThis", "object"),
    ("Math", "object"),
    ("JSON", "object"),
    ("Reflect", "object"),
    ("Intl", "object"),
    ("Atomics", "object"),
    ("Object", "function"),
    ("Array", "function"),
    ("Function", "function"),
    ("String", "function"),
    ("Number", "function"),
    ("Boolean", "function"),
    ("Symbol", "function"),
    ("BigInt", "function"),
    ("RegExp", "function"),
    ("Date", "function"),
    ("Error", "function"),
    ("TypeError", "function"),
    ("RangeError", "function"),
    ("SyntaxError", "function"),
    ("ReferenceError", "function"),
    ("Map", "function"),
    ("Set", "function"),
    ("WeakMap", "function"),
    ("WeakSet", "function"),
    ("Promise", "function"),
    ("Proxy", "function"),
    ("ArrayBuffer", "function"),
    ("SharedArrayBuffer", "function"),
    ("DataView", "function"),
    ("Int8Array", "function"),
    ("Uint8Array", "function"),
    ("Uint8ClampedArray", "function"),
    ("Int16Array", "function"),
    ("Uint16Array", "function"),
    ("Int32Array", "function"),
    ("Uint32Array", "function"),
    ("Float32Array", "function"),
    ("Float64Array", "function"),
    ("BigInt64Array", "function"),
    ("BigUint64Array", "function"),
    ("Buffer", "function"),
    ("parseInt", "function"),
    ("parseFloat", "function"),
    ("isNaN", "function"),
    ("isFinite", "function"),
    ("encodeURIComponent", "function"),
    ("decodeURIComponent", "function"),
    ("setTimeout", "function"),
    ("clearTimeout", "function"),
    ("setImmediate", "function"),
    ("queueMicrotask", "function"),
    ("Object.prototype", "object"),
    ("Array.prototype", "object"),
    ("String.prototype", "object"),
    ("Number.prototype", "object"),
    ("Boolean.prototype", "object"),
    ("Symbol.prototype", "object"),
    ("Function.prototype", "function"),
    ("RegExp.prototype", "object"),
    ("Date.prototype", "object"),
    ("Error.prototype", "object"),
    ("Map.prototype", "object"),
    ("Set.prototype", "object"),
    ("Promise.prototype", "object"),
    ("ArrayBuffer.prototype", "object"),
    ("DataView.prototype", "object"),
    ("Object.keys", "function"),
    ("Object.create", "function"),
    ("Object.defineProperty", "function"),
    ("Object.getPrototypeOf", "function"),
    ("Object.setPrototypeOf", "function"),
    ("Object.getOwnPropertyNames", "function"),
    ("Object.getOwnPropertySymbols", "function"),
    ("Object.assign", "function"),
    ("Object.entries", "function"),
    ("Object.values", "function"),
    ("Object.freeze", "function"),
    ("Object.is", "function"),
    ("Array.isArray", "function"),
    ("Array.from", "function"),
    ("Array.of", "function"),
    ("ArrayBuffer.isView", "function"),
    ("Number.isInteger", "function"),
    ("Number.isSafeInteger", "function"),
    ("Number.isFinite", "function"),
    ("Number.isNaN", "function"),
    ("Symbol.for", "function"),
    ("Date.now", "function"),
    ("Reflect.ownKeys", "function"),
    ("Buffer.isBuffer", "function"),
    ("Math.abs", "function"),
    ("Math.ceil", "function"),
    ("Math.floor", "function"),
    ("Math.max", "function"),
    ("Math.min", "function"),
    ("Math.pow", "function"),
    ("Math.random", "function"),
    ("Math.round", "function"),
    ("Math.sqrt", "function"),
    ("Math.trunc", "function"),
    ("Object.prototype.hasOwnProperty", "function"),
    ("Object.prototype.propertyIsEnumerable", "function"),
    ("Object.prototype.toString", "function"),
    ("Object.prototype.valueOf", "function"),
    ("Function.prototype.toString", "function"),
    ("Symbol.prototype.toString", "function"),
    ("Symbol.prototype.valueOf", "function"),
    ("Array.prototype.concat", "function"),
    ("Array.prototype.push", "function"),
    ("Array.prototype.slice", "function"),
    ("Array.prototype.splice", "function"),
];

/// The well-known symbols.
const SYMBOLS: &[&str] = &[
    "Symbol.asyncIterator",
    "Symbol.hasInstance",
    "Symbol.isConcatSpreadable",
    "Symbol.iterator",
    "Symbol.match",
    "Symbol.matchAll",
    "Symbol.replace",
    "Symbol.search",
    "Symbol.species",
    "Symbol.split",
    "Symbol.toPrimitive",
    "Symbol.toStringTag",
    "Symbol.unscopables",
];

/// Number constants of the built-ins.
const NUMBERS: &[(&str, f64)] = &[
    ("Number.MAX_SAFE_INTEGER", 9_007_199_254_740_991.0),
    ("Number.MIN_SAFE_INTEGER", -9_007_199_254_740_991.0),
    ("Number.MAX_VALUE", f64::MAX),
    ("Number.MIN_VALUE", 5e-324),
    ("Number.EPSILON", f64::EPSILON),
    ("Number.POSITIVE_INFINITY", f64::INFINITY),
    ("Number.NEGATIVE_INFINITY", f64::NEG_INFINITY),
    ("Number.NaN", f64::NAN),
];

/// Global names node does not define, which browsers do.
const ABSENT: &[&str] = &["self", "window", "document"];

/// What the global `name` is in node, where neither the module nor the
/// unit binds it.
pub(crate) fn environment(name: &str) -> Option<Known> {
    match name {
        "undefined" => Some(Known::Undefined),
        "NaN" => Some(Known::Number(f64::NAN)),
        "Infinity" => Some(Known::Number(f64::INFINITY)),
        "global" => Some(Known::Builtin("globalThis")),
        _ if ABSENT.contains(&name) => Some(Known::Absent),
        _ => builtin(name),
    }
}

/// The built-in, well-known symbol or number constant at `path`.
fn builtin(path: &str) -> Option<Known> {
    if let Some((p, _)) = BUILTINS.iter().find(|(p, _)| *p == path) {
        return Some(Known::Builtin(p));
    }
    if let Some(s) = SYMBOLS.iter().find(|s| **s == path) {
        return Some(Known::Symbol(s));
    }
    NUMBERS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, x)| Known::Number(*x))
}

impl Known {
    /// JavaScript's truthiness of the value.
    pub(crate) fn truthy(&self) -> bool {
        match self {
            Known::Undefined | Known::Null | Known::Absent => false,
            Known::Bool(b) => *b,
            Known::Number(x) => *x != 0.0 && !x.is_nan(),
            Known::Str(s) => !s.is_empty(),
            Known::Builtin(_) | Known::Symbol(_) => true,
        }
    }

    /// What `typeof` gives for the value.
    fn type_of(&self) -> &'static str {
        match self {
            Known::Undefined | Known::Absent => "undefined",
            Known::Null => "object",
            Known::Bool(_) => "boolean",
            Known::Number(_) => "number",
            Known::Str(_) => "string",
            Known::Symbol(_) => "symbol",
            Known::Builtin(p) => BUILTINS
                .iter()
                .find(|(q, _)| q == p)
                .map_or("object", |(_, t)| t),
        }
    }

    /// The value as a module's constant is written (see
    /// [`crate::symbols::ModuleLiterals::constants`]): a primitive's
    /// literal, a built-in's or a symbol's path. `None` for
    /// [`Known::Absent`].
    pub(crate) fn text(&self) -> Option<String> {
        Some(match self {
            Known::Undefined => "undefined".into(),
            Known::Null => "null".into(),
            Known::Bool(b) => b.to_string(),
            Known::Number(x) => number_text(*x),
            Known::Str(s) => crate::engine::rules::back::javascript::js_string(s),
            Known::Builtin(p) | Known::Symbol(p) => (*p).to_string(),
            Known::Absent => return None,
        })
    }

    /// The value a constant's text (see [`Known::text`], or a literal as
    /// the module writes it) stands for.
    pub(crate) fn from_text(text: &str) -> Option<Known> {
        let text = text.trim();
        match text {
            "undefined" => return Some(Known::Undefined),
            "null" => return Some(Known::Null),
            "true" => return Some(Known::Bool(true)),
            "false" => return Some(Known::Bool(false)),
            "NaN" => return Some(Known::Number(f64::NAN)),
            "Infinity" => return Some(Known::Number(f64::INFINITY)),
            "-Infinity" => return Some(Known::Number(f64::NEG_INFINITY)),
            _ => {}
        }
        if let Some(quote) = text.chars().next().filter(|c| matches!(c, '\'' | '"')) {
            let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
            return super::unescape(inner).map(Known::Str);
        }
        if let Some(b) = builtin(text).filter(|b| !matches!(b, Known::Number(_))) {
            return Some(b);
        }
        match text.strip_prefix('-') {
            Some(rest) => number_of_text(rest.trim()).map(|x| Known::Number(-x)),
            None => number_of_text(text).map(Known::Number),
        }
    }
}

/// What the names an expression reads stand for, where it is.
pub(crate) struct Scope<'a> {
    /// The value a name (`root`, or a member of a module bound whole:
    /// `_setup.hasEnumBug`) is known to hold there; `None` where it is
    /// not known.
    pub name: &'a dyn Fn(&str) -> Option<Known>,
    /// Whether an identifier reads a value the translation makes (a
    /// binding of the unit's own): none of those carries a property keyed
    /// by a symbol, as the targets have no symbols.
    pub translated: &'a dyn Fn(Node) -> bool,
}

/// The value `node` (an expression of `text`) has, where evaluating it
/// has no effect and gives the same value every time; `None` otherwise.
pub(crate) fn fold(node: Node, text: &str, scope: &Scope) -> Option<Known> {
    fold_within(node, text, scope, FOLD_DEPTH)
}

/// How deep an expression [`fold`] reads: the probes and constants of real
/// modules are shallow, and a long chain (`a && b && ...`, thousands deep)
/// is given up on at once, so that settling each of its tests costs little
/// and no stack.
const FOLD_DEPTH: usize = 24;

/// [`fold`], reading at most `depth` levels down.
fn fold_within(node: Node, text: &str, scope: &Scope, depth: usize) -> Option<Known> {
    let depth = depth.checked_sub(1)?;
    let src = |n: Node| text.get(n.byte_range()).unwrap_or_default();
    let fold_in = |n: Node| fold_within(n, text, scope, depth);
    let field = |name: &str| node.child_by_field_name(name);
    let known = match node.kind() {
        "number" => Known::Number(number_of_text(src(node))?),
        "string" => Known::from_text(src(node))?,
        "true" => Known::Bool(true),
        "false" => Known::Bool(false),
        "null" => Known::Null,
        "undefined" => Known::Undefined,
        "identifier" => (scope.name)(src(node))?,
        "parenthesized_expression" => match named_children(node).as_slice() {
            [e] => fold_in(*e)?,
            _ => return None,
        },
        "unary_expression" => {
            let arg = field("argument")?;
            let op = src(field("operator")?);
            if op == "typeof" {
                // `typeof self` of a name node does not define is
                // `'undefined'`, where reading it throws.
                let x = match arg.kind() {
                    "identifier" => (scope.name)(src(arg))?,
                    _ => fold_in(arg)?,
                };
                return Some(Known::Str(x.type_of().to_string()));
            }
            let x = fold_in(arg)?;
            match (op, x) {
                ("!", x) => Known::Bool(!x.truthy()),
                ("void", _) => Known::Undefined,
                ("-", Known::Number(x)) => Known::Number(-x),
                ("+", Known::Number(x)) => Known::Number(x),
                ("~", Known::Number(x)) => Known::Number(f64::from(!int32(x))),
                _ => return None,
            }
        }
        "binary_expression" => {
            let op = src(field("operator")?);
            let left = field("left")?;
            let right = field("right")?;
            match op {
                "&&" | "||" | "??" => {
                    let a = fold_in(left)?;
                    let right_runs = match op {
                        "&&" => a.truthy(),
                        "||" => !a.truthy(),
                        _ => matches!(a, Known::Undefined | Known::Null),
                    };
                    return if right_runs { fold_in(right) } else { Some(a) };
                }
                "in" => return symbol_in(left, right, text, scope, depth),
                _ => {}
            }
            binary(op, fold_in(left)?, fold_in(right)?)?
        }
        "ternary_expression" => {
            let test = fold_in(field("condition")?)?;
            let live = if test.truthy() {
                field("consequence")?
            } else {
                field("alternative")?
            };
            fold_in(live)?
        }
        "member_expression" => {
            let object = field("object")?;
            let property = field("property")?;
            if property.kind() != "property_identifier" || field("optional_chain").is_some() {
                return None;
            }
            if object.kind() == "identifier" {
                if let Some(k) = (scope.name)(src(node)) {
                    return Some(k);
                }
            }
            match fold_in(object)? {
                Known::Builtin("globalThis") => environment(src(property))
                    .filter(|k| *k != Known::Absent && *k != Known::Undefined)?,
                Known::Builtin(p) => builtin(&format!("{p}.{}", src(property)))?,
                Known::Str(s) if src(property) == "length" => {
                    Known::Number(s.encode_utf16().count() as f64)
                }
                _ => return None,
            }
        }
        "call_expression" => call(node, text, scope, depth)?,
        _ => return None,
    };
    // Reading a name node does not define throws.
    (known != Known::Absent).then_some(known)
}

/// What runs of a conditional whose test is known: `c ? a : b`, `a && b`,
/// `a || b` (`live` is the operand whose value it gives) and `if (c) a
/// else b` (`live` is the statement that runs, if any).
pub(crate) struct Settled<'t> {
    pub live: Option<Node<'t>>,
    /// The part that never runs.
    pub dead: Option<Node<'t>>,
}

/// The parts of the conditional `node` that run and that never do, where
/// its test is known; `None` otherwise, and for an `if` whose branch that
/// never runs declares a `var` or a function, which the whole function
/// binds.
pub(crate) fn settle<'t>(node: Node<'t>, text: &str, scope: &Scope) -> Option<Settled<'t>> {
    let field = |name: &str| node.child_by_field_name(name);
    let test = |n: Node| fold(n, text, scope).map(|k| k.truthy());
    match node.kind() {
        "ternary_expression" | "if_statement" => {
            let yes = field("consequence")?;
            let no = match node.kind() {
                "if_statement" => field("alternative").and_then(|a| a.named_child(0)),
                _ => Some(field("alternative")?),
            };
            let (live, dead) = if test(field("condition")?)? {
                (Some(yes), no)
            } else {
                (no, Some(yes))
            };
            if dead.is_some_and(declares_for_function) {
                return None;
            }
            Some(Settled { live, dead })
        }
        "binary_expression" => {
            let op = text.get(field("operator")?.byte_range())?;
            if !matches!(op, "&&" | "||") {
                return None;
            }
            let (left, right) = (field("left")?, field("right")?);
            Some(if test(left)? == (op == "&&") {
                Settled {
                    live: Some(right),
                    dead: None,
                }
            } else {
                Settled {
                    live: Some(left),
                    dead: Some(right),
                }
            })
        }
        _ => None,
    }
}

/// Whether `node` declares a `var` or a function outside the functions
/// nested in it: a name the enclosing function binds (hoisted), even where
/// `node` never runs.
fn declares_for_function(node: Node) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "variable_declaration" | "function_declaration" | "generator_function_declaration" => {
                return true
            }
            "function_expression"
            | "arrow_function"
            | "function"
            | "generator_function"
            | "method_definition"
            | "class_body" => continue,
            _ => {}
        }
        stack.extend(named_children(n));
    }
    false
}

/// A call whose result is known: `Math.pow` of numbers, an object
/// literal's `propertyIsEnumerable` or `hasOwnProperty` of a literal key
/// (its own, enumerable keys are those it writes), and `Function('return
/// this')()`, the global object.
fn call(node: Node, text: &str, scope: &Scope, depth: usize) -> Option<Known> {
    let fold = |n: Node, text: &str, scope: &Scope| fold_within(n, text, scope, depth);
    let src = |n: Node| text.get(n.byte_range()).unwrap_or_default();
    let f = node.child_by_field_name("function")?;
    let args = node.child_by_field_name("arguments")?;
    if args.kind() != "arguments" {
        return None;
    }
    let args = named_children(args);
    if f.kind() == "call_expression" {
        let inner = f.child_by_field_name("function")?;
        let body = named_children(f.child_by_field_name("arguments")?);
        let [body] = body.as_slice() else { return None };
        let is_function = fold(inner, text, scope) == Some(Known::Builtin("Function"));
        let returns_this = Known::from_text(src(*body)) == Some(Known::Str("return this".into()));
        return (is_function && returns_this && args.is_empty())
            .then_some(Known::Builtin("globalThis"));
    }
    if f.kind() != "member_expression" {
        return None;
    }
    let object = f.child_by_field_name("object")?;
    let method = src(f.child_by_field_name("property")?);
    let object = match object.kind() {
        "parenthesized_expression" => object.named_child(0)?,
        _ => object,
    };
    if object.kind() == "object" && matches!(method, "propertyIsEnumerable" | "hasOwnProperty") {
        let [key] = args.as_slice() else { return None };
        let Known::Str(key) = fold(*key, text, scope)? else {
            return None;
        };
        let mut keys = Vec::new();
        for pair in named_children(object) {
            // Only `key: value` pairs of plain keys (no spread, method,
            // computed key) say which keys the object has.
            let k = pair.child_by_field_name("key")?;
            if pair.kind() != "pair" {
                return None;
            }
            keys.push(match k.kind() {
                "property_identifier" => src(k).to_string(),
                "string" => match Known::from_text(src(k))? {
                    Known::Str(s) => s,
                    _ => return None,
                },
                _ => return None,
            });
        }
        return Some(Known::Bool(keys.contains(&key)));
    }
    if fold(f, text, scope)? == Known::Builtin("Math.pow") {
        let [a, b] = args.as_slice() else { return None };
        let (Known::Number(a), Known::Number(b)) = (fold(*a, text, scope)?, fold(*b, text, scope)?)
        else {
            return None;
        };
        return Some(Known::Number(js_pow(a, b)));
    }
    None
}

/// `sym in Object(x)` of a well-known symbol and a value the translation
/// makes: false, as no such value has a property keyed by a symbol, and
/// `Object(x)` is an object for every `x`.
fn symbol_in(left: Node, right: Node, text: &str, scope: &Scope, depth: usize) -> Option<Known> {
    let fold = |n: Node, text: &str, scope: &Scope| fold_within(n, text, scope, depth);
    let Known::Symbol(_) = fold(left, text, scope)? else {
        return None;
    };
    if right.kind() != "call_expression" {
        return None;
    }
    let f = right.child_by_field_name("function")?;
    let args = named_children(right.child_by_field_name("arguments")?);
    let [x] = args.as_slice() else { return None };
    let wraps = fold(f, text, scope) == Some(Known::Builtin("Object"));
    (wraps && x.kind() == "identifier" && (scope.translated)(*x)).then_some(Known::Bool(false))
}

/// A binary operator of two known values, where the result is known
/// without converting between kinds.
fn binary(op: &str, a: Known, b: Known) -> Option<Known> {
    let bool_of = |b: bool| Some(Known::Bool(b));
    match op {
        "===" => return bool_of(strict_equal(&a, &b)),
        "!==" => return bool_of(!strict_equal(&a, &b)),
        "==" => return loose_equal(&a, &b).map(Known::Bool),
        "!=" => return loose_equal(&a, &b).map(|e| Known::Bool(!e)),
        _ => {}
    }
    if let (Known::Str(a), Known::Str(b)) = (&a, &b) {
        return (op == "+").then(|| Known::Str(format!("{a}{b}")));
    }
    let (Known::Number(a), Known::Number(b)) = (a, b) else {
        return None;
    };
    let shift = (int32(b) as u32) & 31;
    Some(Known::Number(match op {
        "+" => a + b,
        "-" => a - b,
        "*" => a * b,
        "/" => a / b,
        "%" => a % b,
        "**" => js_pow(a, b),
        "|" => f64::from(int32(a) | int32(b)),
        "&" => f64::from(int32(a) & int32(b)),
        "^" => f64::from(int32(a) ^ int32(b)),
        "<<" => f64::from(int32(a).wrapping_shl(shift)),
        ">>" => f64::from(int32(a) >> shift),
        ">>>" => f64::from((int32(a) as u32) >> shift),
        "<" => return bool_of(a < b),
        "<=" => return bool_of(a <= b),
        ">" => return bool_of(a > b),
        ">=" => return bool_of(a >= b),
        _ => return None,
    }))
}

/// `a === b`.
fn strict_equal(a: &Known, b: &Known) -> bool {
    match (a, b) {
        (Known::Number(a), Known::Number(b)) => a == b,
        _ => a == b,
    }
}

/// `a == b` where it converts nothing: the two empty values equal each
/// other and nothing else, values of one kind compare as `===` does.
fn loose_equal(a: &Known, b: &Known) -> Option<bool> {
    let empty = |k: &Known| matches!(k, Known::Undefined | Known::Null);
    if empty(a) || empty(b) {
        return Some(empty(a) && empty(b));
    }
    (std::mem::discriminant(a) == std::mem::discriminant(b)).then(|| strict_equal(a, b))
}

/// ToInt32 of a number.
fn int32(x: f64) -> i32 {
    if x.is_finite() {
        (x.trunc().rem_euclid(4_294_967_296.0) as u32) as i32
    } else {
        0
    }
}

/// `a ** b` as JavaScript gives it (NaN for `1 ** Infinity`, where Rust
/// gives 1).
fn js_pow(a: f64, b: f64) -> f64 {
    if b.is_nan() || (a.abs() == 1.0 && b.is_infinite()) {
        f64::NAN
    } else {
        a.powf(b)
    }
}

/// A number's text as the JavaScript frontend reads a literal constant:
/// digits, `Infinity` or `NaN`.
pub(crate) fn number_text(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else if x == x.trunc()
        && x.abs() < 9_007_199_254_740_992.0
        && !(x == 0.0 && x.is_sign_negative())
    {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

/// A JavaScript number literal's value, read as the frontend reads one
/// (none for a legacy octal literal, or an integer past 2^53).
pub(crate) fn number_of_text(text: &str) -> Option<f64> {
    use crate::engine::rules::ir::{ExprKind, Lit};
    match super::number_literal(text).ok()? {
        ExprKind::Lit(Lit::Int(v)) => Some(v as f64),
        ExprKind::Lit(Lit::Float(x)) => Some(x),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    /// The value of the expression `expr`, where `names` are known and
    /// `x` is a value of the translation.
    fn value(expr: &str, names: &[(&str, Known)]) -> Option<Known> {
        let text = format!("({expr});");
        let tree = crate::units::parse(&text, Lang::JavaScript).expect("a parse");
        let statement = tree.root_node().named_child(0).expect("a statement");
        let node = statement.named_child(0).expect("an expression");
        let name = |n: &str| {
            names
                .iter()
                .find(|(k, _)| *k == n)
                .map(|(_, v)| v.clone())
                .or_else(|| environment(n))
        };
        let translated = |n: Node| text.get(n.byte_range()) == Some("x");
        let scope = Scope {
            name: &name,
            translated: &translated,
        };
        fold(node, &text, &scope)
    }

    #[test]
    fn probes_of_the_environment_give_what_node_gives() {
        let global = Known::Builtin("globalThis");
        let free_global =
            "typeof global == 'object' && global && global.Object === Object && global";
        assert_eq!(value(free_global, &[]), Some(global.clone()));
        // `self` is not defined: `typeof` says so, reading it would throw.
        assert_eq!(
            value(
                "typeof self == 'object' && self && self.Object === Object && self",
                &[]
            ),
            Some(Known::Bool(false))
        );
        assert_eq!(value("self", &[]), None);
        assert_eq!(value("self || 1", &[]), None);
        assert_eq!(
            value("Function('return this')()", &[]),
            Some(global.clone())
        );
        let root = [("root", global)];
        assert_eq!(value("root.Symbol", &root), Some(Known::Builtin("Symbol")));
        let symbol = [("Symbol", Known::Builtin("Symbol"))];
        assert_eq!(
            value("Symbol ? Symbol.toStringTag : undefined", &symbol),
            Some(Known::Symbol("Symbol.toStringTag"))
        );
        assert_eq!(
            value("!{toString: null}.propertyIsEnumerable('toString')", &[]),
            Some(Known::Bool(false))
        );
        assert_eq!(value("({a: 1, ...o}).hasOwnProperty('b')", &[]), None);
        assert_eq!(
            value(
                "typeof ArrayBuffer !== 'undefined' && ArrayBuffer.isView",
                &[]
            ),
            Some(Known::Builtin("ArrayBuffer.isView"))
        );
        assert_eq!(
            value("Math.pow(2, 53) - 1", &[]),
            Some(Known::Number(9_007_199_254_740_991.0))
        );
        // An unknown member or call is not guessed.
        assert_eq!(value("Object.fromEntries", &[]), None);
        assert_eq!(value("f()", &[]), None);
    }

    #[test]
    fn a_symbol_is_in_no_value_of_the_translation() {
        let tag = [("tag", Known::Symbol("Symbol.toStringTag"))];
        assert_eq!(
            value("tag && tag in Object(x)", &tag),
            Some(Known::Bool(false))
        );
        // `y` is no binding of the unit's own; `x` alone may be a primitive,
        // where `in` throws.
        assert_eq!(value("tag in Object(y)", &tag), None);
        assert_eq!(value("tag in x", &tag), None);
    }

    #[test]
    fn equality_converts_nothing() {
        assert_eq!(value("null == undefined", &[]), Some(Known::Bool(true)));
        assert_eq!(value("null === undefined", &[]), Some(Known::Bool(false)));
        assert_eq!(value("NaN === NaN", &[]), Some(Known::Bool(false)));
        assert_eq!(value("1 == '1'", &[]), None);
        assert_eq!(value("'a' + 'b' === 'ab'", &[]), Some(Known::Bool(true)));
    }

    #[test]
    fn texts_read_back_as_their_values() {
        for k in [
            Known::Undefined,
            Known::Null,
            Known::Bool(false),
            Known::Number(-0.5),
            Known::Number(f64::INFINITY),
            Known::Str("it's \"q\"\n\\\u{7f}\u{2028}".into()),
            Known::Builtin("Object.prototype"),
            Known::Symbol("Symbol.iterator"),
        ] {
            let text = k.text().expect("a text");
            assert_eq!(Known::from_text(&text), Some(k), "{text}");
        }
        assert_eq!(Known::Absent.text(), None);
    }
}
