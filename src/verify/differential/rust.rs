//! Rust's side of the harness: reading the types of a signature, writing a
//! value as a Rust literal of such a type, and the `main` that calls the
//! function once per input (compiled with `rustc` in the sandbox).

use super::receiver::{Form, MethodCall};
use super::types::Ty;
use super::value::Value;
use super::Input;

/// The harness's encoders, appended to the file under test.
const ENCODE: &str = include_str!("harness_encode.rs");

/// A Rust type as far as the harness builds values of it.
#[derive(Clone, Debug, PartialEq)]
pub enum RustType {
    Int(&'static str),
    Float(&'static str),
    Bool,
    Char,
    /// `str`, behind a reference.
    Str,
    String,
    Unit,
    Ref {
        mutable: bool,
        inner: Box<RustType>,
    },
    Slice(Box<RustType>),
    Array(Box<RustType>, usize),
    Vec(Box<RustType>),
    VecDeque(Box<RustType>),
    Option(Box<RustType>),
    Tuple(Vec<RustType>),
    Map {
        ordered: bool,
        key: Box<RustType>,
        value: Box<RustType>,
    },
    Set {
        ordered: bool,
        item: Box<RustType>,
    },
    Boxed(Box<RustType>),
    /// A C-like enum of the file (variants without data), found by
    /// [`super::receiver::Types::resolve`]: its values are its variants.
    Enum {
        name: String,
        variants: Vec<String>,
    },
    /// `js::Value`, the rules engine's JavaScript value (a function
    /// written with JavaScript's values, `back::rust_dynamic`): any value
    /// the harness carries but a set is one.
    JsValue,
    /// Anything else (a struct, a generic, `impl Trait`), as written.
    Other(String),
}

const INTS: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
];

impl RustType {
    pub fn parse(text: &str) -> RustType {
        if text.trim() == "js::Value" {
            return RustType::JsValue;
        }
        let tokens = tokens(text);
        let mut at = 0;
        let ty = parse_type(&tokens, &mut at);
        if at == tokens.len() {
            ty
        } else {
            RustType::Other(text.to_string())
        }
    }

    /// The values to draw for it.
    pub fn ty(&self) -> Ty {
        match self {
            RustType::Int(name) => {
                let (min, max) = int_range(name);
                Ty::Int { min, max }
            }
            RustType::Float(_) => Ty::Float,
            RustType::Bool => Ty::Bool,
            RustType::Char => Ty::Char,
            RustType::Str | RustType::String => Ty::Str,
            RustType::Ref { inner, .. } | RustType::Boxed(inner) => inner.ty(),
            RustType::Slice(item)
            | RustType::Vec(item)
            | RustType::VecDeque(item)
            | RustType::Array(item, _) => Ty::List(Box::new(item.ty())),
            RustType::Option(inner) => Ty::Optional(Box::new(inner.ty())),
            RustType::Tuple(items) => Ty::Tuple(items.iter().map(RustType::ty).collect()),
            RustType::Map { key, value, .. } => Ty::Dict(Box::new(key.ty()), Box::new(value.ty())),
            RustType::Set { item, .. } => Ty::Set(Box::new(item.ty())),
            RustType::Unit => Ty::Unknown("()".into()),
            RustType::Enum { variants, .. } => Ty::Variant(variants.clone()),
            RustType::JsValue => Ty::Unknown("js::Value".into()),
            RustType::Other(text) => Ty::Unknown(text.clone()),
        }
    }

    /// Whether `f32` is inside: a value of this type carries single
    /// precision.
    pub fn holds_f32(&self) -> bool {
        match self {
            RustType::Float(name) => *name == "f32",
            RustType::Ref { inner, .. }
            | RustType::Boxed(inner)
            | RustType::Option(inner)
            | RustType::Slice(inner)
            | RustType::Vec(inner)
            | RustType::VecDeque(inner)
            | RustType::Array(inner, _)
            | RustType::Set { item: inner, .. } => inner.holds_f32(),
            RustType::Map { key, value, .. } => key.holds_f32() || value.holds_f32(),
            RustType::Tuple(items) => items.iter().any(RustType::holds_f32),
            RustType::Other(text) => text.contains("f32"),
            _ => false,
        }
    }

    /// Whether every integer of `value` lies in the range this type
    /// declares for it, and nothing stands where a value is declared. A
    /// translation written to the declared types assumes its values fit
    /// them, so a result outside is one it is not expected to give. A
    /// shape that does not match says nothing (`true`).
    pub fn holds(&self, value: &Value) -> bool {
        let all = |item: &RustType, values: &[Value]| values.iter().all(|v| item.holds(v));
        match (self, value) {
            (RustType::Int(name), Value::Int(_)) => {
                let (min, max) = int_range(name);
                value.as_integer().is_some_and(|n| (min..=max).contains(&n))
            }
            (RustType::Int(name), Value::Number(f)) => {
                let (min, max) = int_range(name);
                f.fract() != 0.0 || (min as f64 <= *f && *f <= max as f64)
            }
            (RustType::Option(_), Value::None | Value::Undefined) => true,
            (RustType::Ref { inner, .. } | RustType::Boxed(inner) | RustType::Option(inner), _) => {
                inner.holds(value)
            }
            // Nothing where a value is declared: a source that falls off
            // its end (JavaScript's `undefined` from a function declared
            // to give a number) leaves the declared type.
            (
                RustType::Int(_)
                | RustType::Float(_)
                | RustType::Bool
                | RustType::Char
                | RustType::Str
                | RustType::String
                | RustType::Slice(_)
                | RustType::Vec(_)
                | RustType::VecDeque(_)
                | RustType::Array(..)
                | RustType::Tuple(_)
                | RustType::Map { .. }
                | RustType::Set { .. },
                Value::None | Value::Undefined,
            ) => false,
            (
                RustType::Slice(item)
                | RustType::Vec(item)
                | RustType::VecDeque(item)
                | RustType::Array(item, _)
                | RustType::Set { item, .. },
                Value::List(items) | Value::Tuple(items) | Value::Set(items),
            ) => all(item, items),
            (RustType::Tuple(types), Value::Tuple(items) | Value::List(items)) => {
                types.iter().zip(items).all(|(t, v)| t.holds(v))
            }
            (RustType::Map { key, value: of, .. }, Value::Dict(entries)) => {
                entries.iter().all(|(k, v)| key.holds(k) && of.holds(v))
            }
            _ => true,
        }
    }

    /// The type as Rust source, where it holds nothing read as
    /// [`RustType::Other`] (whose text is not always the type's).
    pub fn source(&self) -> Option<String> {
        let map = |ordered: bool, kind: &str| {
            let name = if ordered { "BTree" } else { "Hash" };
            format!("std::collections::{name}{kind}")
        };
        Some(match self {
            RustType::Int(name) | RustType::Float(name) => (*name).to_string(),
            RustType::Bool => "bool".into(),
            RustType::Char => "char".into(),
            RustType::Str => "str".into(),
            RustType::String => "String".into(),
            RustType::Unit => "()".into(),
            RustType::Ref { mutable, inner } => {
                let m = if *mutable { "mut " } else { "" };
                format!("&{m}{}", inner.source()?)
            }
            RustType::Slice(item) => format!("[{}]", item.source()?),
            RustType::Array(item, n) => format!("[{}; {n}]", item.source()?),
            RustType::Vec(item) => format!("Vec<{}>", item.source()?),
            RustType::VecDeque(item) => {
                format!("std::collections::VecDeque<{}>", item.source()?)
            }
            RustType::Option(inner) => format!("Option<{}>", inner.source()?),
            RustType::Tuple(items) => {
                let items: Option<Vec<String>> = items.iter().map(RustType::source).collect();
                format!("({},)", items?.join(", "))
            }
            RustType::Map {
                ordered,
                key,
                value,
            } => format!(
                "{}<{}, {}>",
                map(*ordered, "Map"),
                key.source()?,
                value.source()?
            ),
            RustType::Set { ordered, item } => {
                format!("{}<{}>", map(*ordered, "Set"), item.source()?)
            }
            RustType::Boxed(inner) => format!("Box<{}>", inner.source()?),
            RustType::Enum { name, .. } => name.clone(),
            RustType::JsValue => "js::Value".into(),
            RustType::Other(_) => return None,
        })
    }

    /// `value` written as a Rust expression of this type; `None` where it
    /// does not fit (out of range, wrong shape, a type not built here).
    /// Where the value alone leaves the type open (`None`, an empty
    /// vector), the type is written too (`None::<i64>`), so that a
    /// generic function tested at `i64` infers its parameter.
    pub fn literal(&self, value: &Value) -> Option<String> {
        let all = |item: &RustType, values: &[Value]| -> Option<Vec<String>> {
            values.iter().map(|v| item.literal(v)).collect()
        };
        match (self, value) {
            (RustType::JsValue, _) => js_literal(value),
            (RustType::Int(name), _) => {
                let n = value.as_integer()?;
                let (min, max) = int_range(name);
                (min..=max).contains(&n).then(|| format!("({n}{name})"))
            }
            (RustType::Float(name), Value::Float(f) | Value::Number(f)) => Some(float(*f, name)),
            (RustType::Float(name), Value::Int(_)) => {
                let n = value.as_integer()?;
                Some(float(n as f64, name))
            }
            (RustType::Bool, Value::Bool(b)) => Some(b.to_string()),
            (RustType::Char, Value::Str(s)) => {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some(format!("{c:?}")),
                    _ => None,
                }
            }
            (RustType::Str, Value::Str(s)) => Some(format!("{s:?}")),
            (RustType::String, Value::Str(s)) => Some(format!("String::from({s:?})")),
            (RustType::Unit, Value::None) => Some("()".into()),
            (RustType::Ref { mutable, inner }, _) => {
                let inner_literal = match inner.as_ref() {
                    // `&str` is the literal itself; a slice is borrowed from
                    // a vector.
                    RustType::Str => return inner.literal(value),
                    RustType::Slice(item) => RustType::Vec(item.clone()).literal(value)?,
                    other => other.literal(value)?,
                };
                Some(if *mutable {
                    format!("&mut {inner_literal}")
                } else {
                    format!("&{inner_literal}")
                })
            }
            (RustType::Boxed(inner), _) => Some(format!("Box::new({})", inner.literal(value)?)),
            (RustType::Enum { name, variants }, Value::Str(variant))
                if variants.contains(variant) =>
            {
                Some(format!("{name}::{variant}"))
            }
            (
                RustType::Vec(item) | RustType::Slice(item),
                Value::List(values) | Value::Tuple(values),
            ) => Some(match (values.is_empty(), item.source()) {
                (true, Some(t)) => format!("Vec::<{t}>::new()"),
                _ => format!("vec![{}]", all(item, values)?.join(", ")),
            }),
            (RustType::VecDeque(item), Value::List(values) | Value::Tuple(values)) => {
                Some(format!(
                    "std::collections::VecDeque::from(vec![{}])",
                    all(item, values)?.join(", ")
                ))
            }
            (RustType::Array(item, n), Value::List(values) | Value::Tuple(values))
                if values.len() == *n =>
            {
                Some(format!("[{}]", all(item, values)?.join(", ")))
            }
            (RustType::Option(inner), Value::None) => Some(match inner.source() {
                Some(t) => format!("None::<{t}>"),
                None => "None".into(),
            }),
            (RustType::Option(inner), _) => Some(format!("Some({})", inner.literal(value)?)),
            (RustType::Tuple(types), Value::Tuple(values) | Value::List(values))
                if types.len() == values.len() =>
            {
                let items: Option<Vec<String>> = types
                    .iter()
                    .zip(values)
                    .map(|(t, v)| t.literal(v))
                    .collect();
                Some(format!("({},)", items?.join(", ")))
            }
            (
                RustType::Map {
                    ordered,
                    key,
                    value,
                },
                Value::Dict(entries),
            ) => {
                let map = if *ordered { "BTreeMap" } else { "HashMap" };
                let pairs: Option<Vec<String>> = entries
                    .iter()
                    .map(|(k, v)| Some(format!("({}, {})", key.literal(k)?, value.literal(v)?)))
                    .collect();
                Some(format!(
                    "std::collections::{map}::from([{}])",
                    pairs?.join(", ")
                ))
            }
            (RustType::Set { ordered, item }, Value::Set(values) | Value::List(values)) => {
                let set = if *ordered { "BTreeSet" } else { "HashSet" };
                Some(format!(
                    "std::collections::{set}::from([{}])",
                    all(item, values)?.join(", ")
                ))
            }
            _ => None,
        }
    }
}

fn float(f: f64, name: &str) -> String {
    if f.is_nan() {
        format!("{name}::NAN")
    } else if f.is_infinite() {
        let sign = if f < 0.0 { "-" } else { "" };
        format!("({sign}{name}::INFINITY)")
    } else {
        format!("({f:?}{name})")
    }
}

/// Whether a Rust function's text counts or slices bytes of a string, so
/// that its translation, which counts characters, assumes ASCII: a string
/// method giving or taking a byte position (`len`, `find`, `char_indices`,
/// `split_at`, `as_bytes`, ...) or a range index (`&s[i..]`). Read from the
/// text: `.len()` of a vector counts too, and leaves only the non-ASCII
/// strings of that function's inputs out.
pub fn counts_string_bytes(function_text: &str) -> bool {
    const BYTE_POSITIONS: &[&str] = &[
        ".len()",
        ".find(",
        ".rfind(",
        ".char_indices()",
        ".split_at(",
        ".as_bytes()",
        ".bytes()",
        ".is_char_boundary(",
        ".truncate(",
        ".split_off(",
    ];
    if BYTE_POSITIONS.iter().any(|m| function_text.contains(m)) {
        return true;
    }
    // An index by a range: `[a..b]`, `[..n]`, `[i..]`.
    function_text.split('[').skip(1).any(|after| {
        after
            .split(']')
            .next()
            .is_some_and(|inside| inside.contains(".."))
    })
}

fn int_range(name: &str) -> (i128, i128) {
    match name {
        "i8" => (i8::MIN.into(), i8::MAX.into()),
        "i16" => (i16::MIN.into(), i16::MAX.into()),
        "i32" => (i32::MIN.into(), i32::MAX.into()),
        "u8" => (0, u8::MAX.into()),
        "u16" => (0, u16::MAX.into()),
        "u32" => (0, u32::MAX.into()),
        "u64" | "usize" | "u128" => (0, u64::MAX.into()),
        _ => (i64::MIN.into(), i64::MAX.into()),
    }
}

fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if c == ':' && chars.peek() == Some(&':') {
            // Paths keep only their last segment: `std::collections::HashMap`.
            chars.next();
            word.clear();
            continue;
        }
        if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        if c == '\'' {
            // A lifetime: skip its name.
            while chars
                .peek()
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
            {
                chars.next();
            }
            continue;
        }
        if !c.is_whitespace() {
            out.push(c.to_string());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn parse_type(tokens: &[String], at: &mut usize) -> RustType {
    let Some(first) = tokens.get(*at).cloned() else {
        return RustType::Other(String::new());
    };
    *at += 1;
    let next = |at: &usize| tokens.get(*at).map(String::as_str);
    match first.as_str() {
        "&" => {
            let mutable = next(at) == Some("mut");
            if mutable {
                *at += 1;
            }
            let inner = parse_type(tokens, at);
            RustType::Ref {
                mutable,
                inner: Box::new(inner),
            }
        }
        "[" => {
            let item = parse_type(tokens, at);
            match next(at) {
                Some("]") => {
                    *at += 1;
                    RustType::Slice(Box::new(item))
                }
                Some(";") => {
                    *at += 1;
                    let n = next(at).and_then(|n| n.parse().ok());
                    *at += 1;
                    if next(at) == Some("]") {
                        *at += 1;
                    }
                    match n {
                        Some(n) => RustType::Array(Box::new(item), n),
                        None => RustType::Other("array".into()),
                    }
                }
                _ => RustType::Other("array".into()),
            }
        }
        "(" => {
            let mut items = Vec::new();
            while next(at).is_some_and(|t| t != ")") {
                items.push(parse_type(tokens, at));
                if next(at) == Some(",") {
                    *at += 1;
                }
            }
            *at += 1;
            if items.is_empty() {
                RustType::Unit
            } else {
                RustType::Tuple(items)
            }
        }
        name => {
            let mut args = Vec::new();
            if next(at) == Some("<") {
                *at += 1;
                while next(at).is_some_and(|t| t != ">") {
                    args.push(parse_type(tokens, at));
                    if next(at) == Some(",") {
                        *at += 1;
                    }
                }
                *at += 1;
            }
            let boxed = |t: &RustType| Box::new(t.clone());
            match (name, args.as_slice()) {
                (n, []) if INTS.contains(&n) => {
                    RustType::Int(INTS.iter().copied().find(|i| *i == n).unwrap_or("i64"))
                }
                ("f32", []) => RustType::Float("f32"),
                ("f64", []) => RustType::Float("f64"),
                ("bool", []) => RustType::Bool,
                ("char", []) => RustType::Char,
                ("str", []) => RustType::Str,
                ("String", []) => RustType::String,
                ("Vec", [item]) => RustType::Vec(boxed(item)),
                ("VecDeque", [item]) => RustType::VecDeque(boxed(item)),
                ("Option", [inner]) => RustType::Option(boxed(inner)),
                ("Box", [inner]) => RustType::Boxed(boxed(inner)),
                ("HashMap", [k, v]) | ("BTreeMap", [k, v]) => RustType::Map {
                    ordered: name == "BTreeMap",
                    key: boxed(k),
                    value: boxed(v),
                },
                ("HashSet", [item]) | ("BTreeSet", [item]) => RustType::Set {
                    ordered: name == "BTreeSet",
                    item: boxed(item),
                },
                _ => RustType::Other(name.to_string()),
            }
        }
    }
}

/// `value` as a `js::Value` expression: JavaScript's value that `JSON`-like
/// data stands for (a tuple and a list are arrays, a dict with string keys
/// an object). `None` for what has no such value (a set, a dict keyed by
/// another kind, an opaque value).
fn js_literal(value: &Value) -> Option<String> {
    let items = |xs: &[Value]| -> Option<String> {
        let xs: Option<Vec<String>> = xs.iter().map(js_literal).collect();
        Some(format!("js::array(vec![{}])", xs?.join(", ")))
    };
    Some(match value {
        Value::Int(_) => format!("js::Value::Num({:?})", value.as_integer()? as f64),
        Value::Float(x) | Value::Number(x) => {
            if x.is_finite() {
                format!("js::Value::Num({x:?})")
            } else if x.is_nan() {
                "js::Value::Num(f64::NAN)".into()
            } else if *x > 0.0 {
                "js::Value::Num(f64::INFINITY)".into()
            } else {
                "js::Value::Num(f64::NEG_INFINITY)".into()
            }
        }
        Value::Bool(b) => format!("js::Value::Bool({b})"),
        Value::Str(s) => format!("js::Value::from({s:?})"),
        Value::None => "js::Value::Null".into(),
        Value::Undefined => "js::Value::Undefined".into(),
        Value::List(xs) | Value::Tuple(xs) => items(xs)?,
        Value::Dict(entries) => {
            let props: Option<Vec<String>> = entries
                .iter()
                .map(|(k, v)| match k {
                    Value::Str(k) => Some(format!("({k:?}, {})", js_literal(v)?)),
                    _ => None,
                })
                .collect();
            format!("js::object(vec![{}])", props?.join(", "))
        }
        Value::Set(_) | Value::Exception { .. } | Value::Opaque(_) => return None,
    })
}

/// The harness's encoder of `js::Value`, appended where the file under
/// test writes JavaScript's values: as the JavaScript side encodes them.
const JS_ENCODER: &str = r#"
impl __xlate::Encode for js::Value {
    fn encode(&self, out: &mut String) {
        match self {
            js::Value::Undefined => out.push_str("{\"none\":\"undefined\"}"),
            js::Value::Null => out.push_str("{\"none\":null}"),
            js::Value::Bool(b) => out.push_str(if *b { "{\"bool\":true}" } else { "{\"bool\":false}" }),
            js::Value::Num(x) if x.is_nan() => out.push_str("{\"number\":\"nan\"}"),
            js::Value::Num(x) if x.is_infinite() => {
                out.push_str(if *x > 0.0 { "{\"number\":\"inf\"}" } else { "{\"number\":\"-inf\"}" })
            }
            js::Value::Num(x) => out.push_str(&format!("{{\"number\":{x:?}}}")),
            js::Value::Str(s) => {
                out.push_str("{\"str\":");
                __xlate::json_str(s, out);
                out.push('}');
            }
            js::Value::Array(items) => {
                out.push_str("{\"list\":[");
                for (i, item) in items.borrow().iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.encode(out);
                }
                out.push_str("]}");
            }
            js::Value::Object(props) => {
                out.push_str("{\"dict\":[");
                for (i, (k, v)) in props.borrow().iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str("[{\"str\":");
                    __xlate::json_str(k, out);
                    out.push_str("},");
                    v.encode(out);
                    out.push(']');
                }
                out.push_str("]}");
            }
            js::Value::Func(_) => out.push_str("{\"opaque\":\"function\"}"),
        }
    }
}
"#;

/// What the program calls: a function (`f`, `Type::f`), or a method on a
/// receiver it builds.
#[derive(Clone, Copy, Debug)]
pub enum Call<'a> {
    Function(&'a str),
    Method(&'a MethodCall),
}

/// The program: the file (its own `main`, if any, renamed out of the way),
/// the encoders, and a `main` calling `call` once per input:
/// `literals[i]` holds input i's arguments as Rust expressions; an
/// input given as example text passes the text's expressions verbatim and
/// reports them back (`XLATE-ARGS`). A method's receiver is built from the
/// first arguments, and, where its fields can be encoded, reported after
/// the call (`XLATE-STATE`).
pub fn program(
    file: &str,
    call: Call<'_>,
    inputs: &[(usize, RustArgs)],
    enum_encoders: &str,
) -> String {
    // The file's own code reads `js::Value` (the support module inlined
    // below holds the type too, which a file importing only
    // `JsPrimitive` does not name).
    let reads_js = file.contains("js::Value");
    // A file importing the crate's support module (`js`, `JsPrimitive`)
    // has it inline, as its own compile check does.
    let file = crate::project::crate_support::for_check(file)
        .replace("fn main(", "fn __xlate_original_main(");
    let mut main = String::from(
        "\nfn main() {\n    __xlate::quiet_panics();\n    __xlate::emit(\"XLATE-LOADED\");\n",
    );
    for (index, args) in inputs {
        let body = match (args, call) {
            (RustArgs::Literals(literals), Call::Function(call)) => {
                format!("__xlate::encode(&({call}({})))", literals.join(", "))
            }
            (RustArgs::Literals(literals), Call::Method(method)) => {
                let split = method.build_params.len().min(literals.len());
                let (build, rest) = literals.split_at(split);
                let called = match method.form {
                    Form::Plain => format!(
                        "__r.{}({})",
                        method.method,
                        method.args_expr(rest).join(", ")
                    ),
                    Form::Display => "__r.to_string()".to_string(),
                    Form::Debug => "format!(\"{:?}\", __r)".to_string(),
                };
                let state = if method.state {
                    format!("__xlate::emit(&format!(\"XLATE-STATE {index} {{}}\", __xlate::encode(&__r)));\n")
                } else {
                    String::new()
                };
                format!(
                    "#[allow(unused_mut)]\nlet mut __r = {};\nlet __v = __xlate::encode(&({called}));\n{state}__v",
                    method.build.expr(&mut build.iter())
                )
            }
            (RustArgs::Text(exprs), call) => {
                let call = match call {
                    Call::Function(call) => call.to_string(),
                    // Examples of a method are not passed (its inputs are
                    // values); a call stays well-formed.
                    Call::Method(method) => method.method.clone(),
                };
                let mut body = String::new();
                for (i, expr) in exprs.iter().enumerate() {
                    body.push_str(&format!("let __a{i} = {expr};\n"));
                }
                let encoded: Vec<String> = (0..exprs.len())
                    .map(|i| format!("__xlate::encode(&__a{i})"))
                    .collect();
                let names: Vec<String> = (0..exprs.len()).map(|i| format!("__a{i}")).collect();
                body.push_str(&format!(
                    "let __args: Vec<String> = vec![{}];\n__xlate::emit(&format!(\"XLATE-ARGS {index} [{{}}]\", __args.join(\",\")));\n__xlate::encode(&({call}({})))",
                    encoded.join(", "),
                    names.join(", ")
                ));
                body
            }
        };
        main.push_str(&format!(
            "    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {{\n{body}\n    }})) {{\n        Ok(v) => __xlate::emit(&format!(\"XLATE-RESULT {index} {{v}}\")),\n        Err(_) => __xlate::emit(&format!(\"XLATE-RESULT {index} {{}}\", __xlate::panicked())),\n    }}\n"
        ));
    }
    main.push_str("}\n");
    // A function taking or returning a C-like enum of the file (or one
    // its modules declare) reports its variants by name.
    let encoders = match call {
        Call::Method(method) => method.encoders.as_str(),
        Call::Function(_) => enum_encoders,
    };
    let js = if reads_js { JS_ENCODER } else { "" };
    format!("{file}\n{ENCODE}\n{encoders}{js}{main}")
}

/// One input's arguments on the Rust side.
#[derive(Clone, Debug)]
pub enum RustArgs {
    /// Built from values and the parameter types.
    Literals(Vec<String>),
    /// An example's argument expressions, as the documentation wrote them.
    Text(Vec<String>),
}

/// The arguments of `input` for parameters of `types`, if every one fits.
pub fn args_for(input: &Input, types: &[RustType]) -> Option<RustArgs> {
    match input {
        Input::Values(values) => {
            if values.len() != types.len() {
                return None;
            }
            let literals: Option<Vec<String>> = types
                .iter()
                .zip(values)
                .map(|(t, v)| t.literal(v))
                .collect();
            literals.map(RustArgs::Literals)
        }
        Input::Text(text) => Some(RustArgs::Text(super::inputs::split_args(text))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_types_parse() {
        assert_eq!(RustType::parse("i32"), RustType::Int("i32"));
        assert_eq!(
            RustType::parse("&'a [u8]"),
            RustType::Ref {
                mutable: false,
                inner: Box::new(RustType::Slice(Box::new(RustType::Int("u8"))))
            }
        );
        assert_eq!(
            RustType::parse("std::collections::HashMap<String, Vec<f64>>"),
            RustType::Map {
                ordered: false,
                key: Box::new(RustType::String),
                value: Box::new(RustType::Vec(Box::new(RustType::Float("f64"))))
            }
        );
        assert_eq!(
            RustType::parse("(i64, Option<char>)"),
            RustType::Tuple(vec![
                RustType::Int("i64"),
                RustType::Option(Box::new(RustType::Char))
            ])
        );
        assert_eq!(
            RustType::parse("[i32; 3]"),
            RustType::Array(Box::new(RustType::Int("i32")), 3)
        );
        assert!(matches!(
            RustType::parse("impl Fn(i32)"),
            RustType::Other(_)
        ));
        assert!(matches!(RustType::parse("T"), RustType::Other(_)));
    }

    #[test]
    fn literals_follow_the_parameter_type() {
        let ints = Value::List(vec![Value::int(-1), Value::int(2)]);
        assert_eq!(
            RustType::parse("&[i64]").literal(&ints).as_deref(),
            Some("&vec![(-1i64), (2i64)]")
        );
        assert_eq!(
            RustType::parse("Vec<f64>").literal(&ints).as_deref(),
            Some("vec![(-1.0f64), (2.0f64)]")
        );
        assert_eq!(
            RustType::parse("&str")
                .literal(&Value::str("a\"é"))
                .as_deref(),
            Some("\"a\\\"é\"")
        );
        assert_eq!(
            RustType::parse("Option<String>")
                .literal(&Value::None)
                .as_deref(),
            Some("None::<String>")
        );
        // Values that leave the type open carry it: a generic function
        // tested at `i64` (`fn is_nil<T>(v: Option<T>)`) infers `T`.
        assert_eq!(
            RustType::parse("Option<Vec<i64>>")
                .literal(&Value::None)
                .as_deref(),
            Some("None::<Vec<i64>>")
        );
        let empty = Value::List(Vec::new());
        assert_eq!(
            RustType::parse("&[(i64, String)]")
                .literal(&empty)
                .as_deref(),
            Some("&Vec::<(i64, String,)>::new()")
        );
        assert_eq!(
            RustType::parse("Vec<Point>").literal(&empty).as_deref(),
            Some("vec![]")
        );
        // Out of range for the type, or the wrong shape: no literal.
        assert_eq!(RustType::parse("u8").literal(&Value::int(-1)), None);
        assert_eq!(RustType::parse("i32").literal(&Value::Float(0.5)), None);
        assert_eq!(RustType::parse("[i32; 3]").literal(&ints), None);
        assert_eq!(RustType::parse("Point").literal(&ints), None);
    }

    #[test]
    fn byte_positions_of_strings_are_read_from_the_text() {
        assert!(counts_string_bytes("fn f(s: &str) -> usize { s.len() }"));
        assert!(counts_string_bytes("fn f(s: &str) -> &str { &s[1..] }"));
        assert!(counts_string_bytes(
            "fn f(s: &str) -> Option<usize> { s.find('a') }"
        ));
        assert!(!counts_string_bytes(
            "fn f(s: &str) -> usize { s.chars().count() }"
        ));
        assert!(!counts_string_bytes("fn f(v: [i32; 3]) -> i32 { v[0] }"));
    }
}
