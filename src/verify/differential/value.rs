//! The one value mapping every harness speaks: a tagged JSON value that
//! crosses between Python, JavaScript and Rust, how two values compare, and
//! how a value is written back in a language's own notation for a
//! counterexample.
//!
//! On the wire each value is a JSON object with one key, its kind:
//! `{"int": "-12"}` (arbitrary precision, as a decimal string), `{"float":
//! 2.5}` (`"nan"`, `"inf"`, `"-inf"` as strings), `{"number": 3}` (a
//! JavaScript number, which has no int/float kind), `{"bool": true}`,
//! `{"str": "é"}`, `{"none": null}`, `{"list": [..]}`, `{"tuple": [..]}`,
//! `{"dict": [[key, value], ..]}` (entries in order), `{"set": [..]}`,
//! `{"exc": {"kind": "ValueError", "message": ".."}}` and `{"opaque": "Name"}`
//! (an object the mapping does not cover).

use serde_json::json;

use crate::lang::Lang;

/// A value returned, raised or passed by one side.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An integer, as its decimal digits with an optional `-`.
    Int(String),
    Float(f64),
    /// A JavaScript number: integral or not, it is one type.
    Number(f64),
    Bool(bool),
    Str(String),
    /// Python `None`, JavaScript `null`, Rust `None` and `()`.
    None,
    /// JavaScript `undefined`: the same as `None` between languages, told
    /// apart from `null` only when both sides are JavaScript.
    Undefined,
    List(Vec<Value>),
    Tuple(Vec<Value>),
    Dict(Vec<(Value, Value)>),
    Set(Vec<Value>),
    /// Raised (Python), thrown (JavaScript), a panic or an `Err` (Rust).
    Exception {
        kind: String,
        message: String,
    },
    /// A value of a kind the mapping does not cover (a class instance, a
    /// function); it compares with nothing.
    Opaque(String),
}

/// A wire value that is not one of the kinds above.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a tagged value: {0}")]
pub struct ValueError(pub String);

impl Value {
    /// Whether an opaque value (a class instance, a function) is anywhere
    /// in this one: such a value cannot be passed to the other language.
    pub fn holds_opaque(&self) -> bool {
        self.any_inside(|v| matches!(v, Value::Opaque(_)))
    }

    /// Whether a string inside holds a character past ASCII.
    pub fn holds_non_ascii(&self) -> bool {
        self.any_inside(|v| matches!(v, Value::Str(s) if !s.is_ascii()))
    }

    /// Whether `found` holds for this value or one inside it.
    fn any_inside(&self, found: impl Fn(&Value) -> bool) -> bool {
        // A stack, not recursion: values come from the programs run.
        let mut stack = vec![self];
        while let Some(value) = stack.pop() {
            if found(value) {
                return true;
            }
            match value {
                Value::List(items) | Value::Tuple(items) | Value::Set(items) => stack.extend(items),
                Value::Dict(pairs) => stack.extend(pairs.iter().flat_map(|(k, v)| [k, v])),
                _ => {}
            }
        }
        false
    }

    pub fn int(n: i64) -> Value {
        Value::Int(n.to_string())
    }

    pub fn str(s: &str) -> Value {
        Value::Str(s.to_string())
    }

    /// The tagged JSON form.
    pub fn to_json(&self) -> serde_json::Value {
        let float = |f: f64| {
            if f.is_nan() {
                json!("nan")
            } else if f.is_infinite() {
                json!(if f > 0.0 { "inf" } else { "-inf" })
            } else {
                json!(f)
            }
        };
        let all = |items: &[Value]| items.iter().map(Value::to_json).collect::<Vec<_>>();
        match self {
            Value::Int(digits) => json!({ "int": digits }),
            Value::Float(f) => json!({ "float": float(*f) }),
            Value::Number(f) => json!({ "number": float(*f) }),
            Value::Bool(b) => json!({ "bool": b }),
            Value::Str(s) => json!({ "str": s }),
            Value::None => json!({ "none": null }),
            Value::Undefined => json!({ "none": "undefined" }),
            Value::List(items) => json!({ "list": all(items) }),
            Value::Tuple(items) => json!({ "tuple": all(items) }),
            Value::Set(items) => json!({ "set": all(items) }),
            Value::Dict(entries) => json!({
                "dict": entries
                    .iter()
                    .map(|(k, v)| json!([k.to_json(), v.to_json()]))
                    .collect::<Vec<_>>()
            }),
            Value::Exception { kind, message } => {
                json!({ "exc": { "kind": kind, "message": message } })
            }
            Value::Opaque(name) => json!({ "opaque": name }),
        }
    }

    /// Reads the tagged JSON form.
    pub fn from_json(json: &serde_json::Value) -> Result<Value, ValueError> {
        let bad = || ValueError(truncate(&json.to_string(), 120));
        let object = json.as_object().filter(|o| o.len() == 1).ok_or_else(bad)?;
        let Some((kind, inner)) = object.iter().next() else {
            return Err(bad());
        };
        let items = |inner: &serde_json::Value| -> Result<Vec<Value>, ValueError> {
            inner
                .as_array()
                .ok_or_else(bad)?
                .iter()
                .map(Value::from_json)
                .collect()
        };
        let float = |inner: &serde_json::Value| -> Result<f64, ValueError> {
            match inner {
                serde_json::Value::Number(n) => n.as_f64().ok_or_else(bad),
                serde_json::Value::String(s) => match s.as_str() {
                    "nan" => Ok(f64::NAN),
                    "inf" => Ok(f64::INFINITY),
                    "-inf" => Ok(f64::NEG_INFINITY),
                    _ => Err(bad()),
                },
                _ => Err(bad()),
            }
        };
        Ok(match kind.as_str() {
            "int" => {
                let digits = match inner {
                    serde_json::Value::String(s) => s.clone(),
                    serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => n.to_string(),
                    _ => return Err(bad()),
                };
                let body = digits.strip_prefix('-').unwrap_or(&digits);
                if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(bad());
                }
                Value::Int(normalize_int(&digits))
            }
            "float" => Value::Float(float(inner)?),
            "number" => Value::Number(float(inner)?),
            "bool" => Value::Bool(inner.as_bool().ok_or_else(bad)?),
            "str" => Value::Str(inner.as_str().ok_or_else(bad)?.to_string()),
            "none" if inner.as_str() == Some("undefined") => Value::Undefined,
            "none" => Value::None,
            "list" => Value::List(items(inner)?),
            "tuple" => Value::Tuple(items(inner)?),
            "set" => Value::Set(items(inner)?),
            "dict" => {
                let mut entries = Vec::new();
                for entry in inner.as_array().ok_or_else(bad)? {
                    match entry.as_array().map(Vec::as_slice) {
                        Some([k, v]) => entries.push((Value::from_json(k)?, Value::from_json(v)?)),
                        _ => return Err(bad()),
                    }
                }
                Value::Dict(entries)
            }
            "exc" => Value::Exception {
                kind: inner["kind"].as_str().unwrap_or("Error").to_string(),
                message: inner["message"].as_str().unwrap_or_default().to_string(),
            },
            "opaque" => Value::Opaque(inner.as_str().unwrap_or("object").to_string()),
            _ => return Err(bad()),
        })
    }

    pub fn is_exception(&self) -> bool {
        matches!(self, Value::Exception { .. })
    }

    /// The value as an `i128`, if it is an integer (or an integral
    /// JavaScript number) that fits.
    pub fn as_integer(&self) -> Option<i128> {
        match self {
            Value::Int(digits) => digits.parse().ok(),
            Value::Number(f) if f.fract() == 0.0 && f.abs() < 2f64.powi(53) => Some(*f as i128),
            _ => None,
        }
    }

    /// Written in `lang`'s notation, as a reader of that language would
    /// write the literal (or, for an exception, what happened).
    pub fn render(&self, lang: Lang) -> String {
        let all = |items: &[Value]| {
            items
                .iter()
                .map(|v| v.render(lang))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (self, lang) {
            (Value::Int(digits), _) => digits.clone(),
            (Value::Float(f), _) => render_float(*f, lang),
            (Value::Number(f), Lang::JavaScript) => render_number(*f),
            (Value::Number(f), _) if f.fract() == 0.0 && f.abs() < 2f64.powi(53) => {
                format!("{}", *f as i64)
            }
            (Value::Number(f), _) => render_float(*f, lang),
            (Value::Bool(b), Lang::Python) => if *b { "True" } else { "False" }.to_string(),
            (Value::Bool(b), _) => b.to_string(),
            (Value::Str(s), Lang::Python) => python_repr(s),
            (Value::Str(s), _) => format!("{s:?}"),
            (Value::None, Lang::Python) => "None".to_string(),
            (Value::None, Lang::JavaScript) => "null".to_string(),
            (Value::Undefined, Lang::JavaScript) => "undefined".to_string(),
            (Value::Undefined, _) => "None".to_string(),
            (Value::None, Lang::Rust) => "None".to_string(),
            (Value::List(items), Lang::Rust) => format!("vec![{}]", all(items)),
            (Value::List(items), _) => format!("[{}]", all(items)),
            (Value::Tuple(items), Lang::JavaScript) => format!("[{}]", all(items)),
            (Value::Tuple(items), _) if items.len() == 1 => format!("({},)", all(items)),
            (Value::Tuple(items), _) => format!("({})", all(items)),
            (Value::Set(items), Lang::Python) if items.is_empty() => "set()".to_string(),
            (Value::Set(items), Lang::Python) => format!("{{{}}}", all(items)),
            (Value::Set(items), Lang::JavaScript) => format!("new Set([{}])", all(items)),
            (Value::Set(items), Lang::Rust) => format!("HashSet::from([{}])", all(items)),
            (Value::Dict(entries), _) => {
                let pairs = |sep: &str, open: &str, close: &str| {
                    entries
                        .iter()
                        .map(|(k, v)| {
                            format!("{open}{}{sep}{}{close}", k.render(lang), v.render(lang))
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                match lang {
                    Lang::Python => format!("{{{}}}", pairs(": ", "", "")),
                    Lang::JavaScript if entries.iter().all(|(k, _)| matches!(k, Value::Str(_))) => {
                        format!("{{{}}}", pairs(": ", "", ""))
                    }
                    Lang::JavaScript => format!("new Map([{}])", pairs(", ", "[", "]")),
                    Lang::Rust => format!("HashMap::from([{}])", pairs(", ", "(", ")")),
                }
            }
            (Value::Exception { kind, message }, _) => {
                let verb = match lang {
                    Lang::Python => "raises",
                    Lang::JavaScript => "throws",
                    Lang::Rust if kind == "Err" => return format!("Err({message})"),
                    Lang::Rust => "panics",
                };
                let message = truncate(message, 160);
                if message.is_empty() {
                    format!("{verb} {kind}")
                } else {
                    format!("{verb} {kind}: {message}")
                }
            }
            (Value::Opaque(name), _) => format!("<{name}>"),
        }
    }
}

/// How two values compare, given which languages they came from.
#[derive(Clone, Copy, Debug)]
pub struct Comparison {
    /// One side is JavaScript: its arrays stand for tuples too, and its
    /// object keys are strings.
    pub javascript: bool,
    /// Both sides are JavaScript: `undefined` and `null` are told apart
    /// (a function that falls off its end against one that returns null).
    pub both_javascript: bool,
    /// A Rust side declares `f32`: its floats carry 24 bits, and agree
    /// with the other side's doubles within what single precision keeps.
    pub single_precision: bool,
}

impl Comparison {
    pub fn between(a: Lang, b: Lang) -> Comparison {
        Comparison {
            javascript: a == Lang::JavaScript || b == Lang::JavaScript,
            both_javascript: a == Lang::JavaScript && b == Lang::JavaScript,
            single_precision: false,
        }
    }

    /// The same comparison, with floats compared at `f32`'s precision.
    pub fn in_single_precision(self, single: bool) -> Comparison {
        Comparison {
            single_precision: single,
            ..self
        }
    }

    /// Whether `got` behaves like `expected`. `None` when they cannot be
    /// compared (an opaque value on either side).
    pub fn agree(self, expected: &Value, got: &Value) -> Option<bool> {
        use Value::*;
        Some(match (expected, got) {
            (Opaque(_), _) | (_, Opaque(_)) => return Option::None,
            // Both raised: kinds differ across languages (ZeroDivisionError,
            // a panic, RangeError), so raising is what is compared.
            (Exception { .. }, Exception { .. }) => true,
            (Exception { .. }, _) | (_, Exception { .. }) => false,
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b))
            | (Number(a), Number(b))
            | (Float(a), Number(b))
            | (Number(a), Float(b)) => {
                // A JavaScript number has no kind: it stands for an int or
                // a float of the other side, compared by value (an int
                // exactly, below).
                if self.single_precision {
                    single_floats_agree(*a, *b)
                } else {
                    floats_agree(*a, *b)
                }
            }
            (Int(_), Number(n)) | (Number(n), Int(_)) => {
                let int = if let Int(_) = expected { expected } else { got };
                int_agrees_with_number(int, *n)
            }
            (Bool(a), Bool(b)) => a == b,
            (Str(a), Str(b)) => a == b,
            (None, None) | (Undefined, Undefined) => true,
            (None, Undefined) | (Undefined, None) => !self.both_javascript,
            (List(a), List(b)) | (Tuple(a), Tuple(b)) => self.all_agree(a, b)?,
            (List(a), Tuple(b)) | (Tuple(a), List(b)) if self.javascript => self.all_agree(a, b)?,
            (Set(a), Set(b)) | (Set(a), List(b)) | (List(a), Set(b))
                if matches!(expected, Set(_)) || matches!(got, Set(_)) =>
            {
                // A Python set read back from a translation that made it
                // an array still holds the same members; compare unordered.
                a.len() == b.len()
                    && a.iter()
                        .all(|x| b.iter().any(|y| self.agree(x, y) == Some(true)))
            }
            (Dict(a), Dict(b)) => {
                a.len() == b.len()
                    && a.iter().all(|(k, v)| {
                        b.iter()
                            .find(|(k2, _)| self.keys_agree(k, k2))
                            .is_some_and(|(_, v2)| self.agree(v, v2) == Some(true))
                    })
            }
            _ => false,
        })
    }

    fn all_agree(self, a: &[Value], b: &[Value]) -> Option<bool> {
        if a.len() != b.len() {
            return Some(false);
        }
        for (x, y) in a.iter().zip(b) {
            if !self.agree(x, y)? {
                return Some(false);
            }
        }
        Some(true)
    }

    /// A JavaScript object's keys are strings: `{1: 'a'}` in Python is
    /// `{"1": "a"}` there.
    fn keys_agree(self, a: &Value, b: &Value) -> bool {
        if self.agree(a, b) == Some(true) {
            return true;
        }
        self.javascript
            && match (a, b) {
                (Value::Str(s), other) | (other, Value::Str(s)) => {
                    other.as_integer().is_some_and(|n| n.to_string() == *s)
                }
                _ => false,
            }
    }
}

/// Relative tolerance 1e-9 (absolute near zero); NaN agrees with NaN.
fn floats_agree(a: f64, b: f64) -> bool {
    if a.is_nan() || b.is_nan() {
        return a.is_nan() && b.is_nan();
    }
    if a.is_infinite() || b.is_infinite() {
        return a == b;
    }
    let scale = a.abs().max(b.abs());
    (a - b).abs() <= 1e-9 * scale || (a - b).abs() <= 1e-12
}

/// As [`floats_agree`], for a side computing in `f32` (24 bits, about 7
/// digits): relative tolerance 1e-5, absolute below 1 (rounding errors of
/// a few operations on values near 1 stay within it; a wrong operation
/// does not).
fn single_floats_agree(a: f64, b: f64) -> bool {
    if a.is_nan() || b.is_nan() || a.is_infinite() || b.is_infinite() {
        return floats_agree(a, b);
    }
    let scale = a.abs().max(b.abs()).max(1.0);
    (a - b).abs() <= 1e-5 * scale
}

/// An int and a JavaScript number: exactly, where the number holds the int
/// exactly (within 2^53); beyond, JavaScript cannot do better than a float.
fn int_agrees_with_number(int: &Value, n: f64) -> bool {
    let Value::Int(digits) = int else {
        return false;
    };
    if n.fract() != 0.0 {
        return false;
    }
    match digits.parse::<i128>() {
        Ok(i) if i.unsigned_abs() <= 1 << 53 => n.abs() <= 2f64.powi(53) && i == n as i128,
        _ => digits.parse::<f64>().is_ok_and(|f| floats_agree(f, n)),
    }
}

fn normalize_int(digits: &str) -> String {
    let (sign, body) = match digits.strip_prefix('-') {
        Some(body) => ("-", body),
        None => ("", digits),
    };
    let body = body.trim_start_matches('0');
    if body.is_empty() {
        "0".to_string()
    } else {
        format!("{sign}{body}")
    }
}

fn render_float(f: f64, lang: Lang) -> String {
    if f.is_nan() {
        return match lang {
            Lang::Python => "nan".into(),
            Lang::JavaScript => "NaN".into(),
            Lang::Rust => "f64::NAN".into(),
        };
    }
    if f.is_infinite() {
        let sign = if f < 0.0 { "-" } else { "" };
        return match lang {
            Lang::Python => format!("{sign}inf"),
            Lang::JavaScript => format!("{sign}Infinity"),
            Lang::Rust => format!("{sign}f64::INFINITY"),
        };
    }
    // `{:?}` keeps the `.0` of an integral float, as Python and Rust print.
    format!("{f:?}")
}

fn render_number(f: f64) -> String {
    if f.is_nan() || f.is_infinite() {
        return render_float(f, Lang::JavaScript);
    }
    if f.fract() == 0.0 && f.abs() < 1e21 {
        return format!("{}", f as i128);
    }
    format!("{f}")
}

/// Python's `repr` of a string: single quotes unless the text holds one.
fn python_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::new();
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn py_js() -> Comparison {
        Comparison::between(Lang::Python, Lang::JavaScript)
    }

    fn py_rs() -> Comparison {
        Comparison::between(Lang::Python, Lang::Rust)
    }

    #[test]
    fn undefined_is_null_except_between_two_javascript_sides() {
        // Regression: `longest` with its `if (... strings.length == 0)
        // return null;` dropped falls off its end (undefined); the
        // benchmark's `=== null` test tells them apart, the harness did not.
        let js_js = Comparison::between(Lang::JavaScript, Lang::JavaScript);
        assert_eq!(js_js.agree(&Value::None, &Value::Undefined), Some(false));
        assert_eq!(
            js_js.agree(&Value::Undefined, &Value::Undefined),
            Some(true)
        );
        assert_eq!(py_js().agree(&Value::None, &Value::Undefined), Some(true));
        let wire = Value::Undefined.to_json();
        assert_eq!(Value::from_json(&wire), Ok(Value::Undefined));
        assert_eq!(Value::Undefined.render(Lang::JavaScript), "undefined");
        assert_eq!(Value::Undefined.render(Lang::Python), "None");
    }

    #[test]
    fn the_wire_form_round_trips() {
        let value = Value::Dict(vec![
            (
                Value::str("é"),
                Value::List(vec![Value::int(-3), Value::Float(2.5)]),
            ),
            (
                Value::Tuple(vec![Value::Bool(true), Value::None]),
                Value::Set(vec![Value::Number(f64::INFINITY)]),
            ),
            (
                Value::Int("123456789012345678901234567890".into()),
                Value::Exception {
                    kind: "ValueError".into(),
                    message: "bad".into(),
                },
            ),
        ]);
        assert_eq!(Value::from_json(&value.to_json()).unwrap(), value);
        let nan = Value::from_json(&json!({"float": "nan"})).unwrap();
        assert!(matches!(nan, Value::Float(f) if f.is_nan()));
        assert!(Value::from_json(&json!({"int": "12a"})).is_err());
        assert!(Value::from_json(&json!({"int": "1", "str": "x"})).is_err());
        assert_eq!(
            Value::from_json(&json!({"int": "-007"})).unwrap(),
            Value::int(-7)
        );
    }

    #[test]
    fn int_and_float_stay_distinct_between_typed_languages() {
        // Guards against reading Python's 2640.0 as the int 2640: a Rust
        // translation returning an i64 there is a different result.
        assert_eq!(
            py_rs().agree(&Value::Float(2640.0), &Value::int(2640)),
            Some(false)
        );
        assert_eq!(
            py_rs().agree(&Value::int(2640), &Value::Float(2640.0)),
            Some(false)
        );
        assert_eq!(
            py_rs().agree(&Value::int(2640), &Value::int(2640)),
            Some(true)
        );
    }

    #[test]
    fn a_javascript_number_compares_by_value() {
        // JavaScript has one number type: 2640 stands for Python's 2640.0
        // too, but never for a fraction where Python gave an int.
        assert_eq!(
            py_js().agree(&Value::Float(2640.0), &Value::Number(2640.0)),
            Some(true)
        );
        assert_eq!(
            py_js().agree(&Value::int(2640), &Value::Number(2640.0)),
            Some(true)
        );
        assert_eq!(
            py_js().agree(&Value::int(3), &Value::Number(3.5)),
            Some(false)
        );
        assert_eq!(
            py_js().agree(&Value::int(-4), &Value::Number(-3.0)),
            Some(false)
        );
        assert_eq!(
            py_js().agree(&Value::Bool(true), &Value::Number(1.0)),
            Some(false)
        );
    }

    #[test]
    fn a_side_in_single_precision_agrees_within_what_f32_keeps() {
        // Regression (the mutation benchmark's false alarm on
        // `mean_absolute_deviation`, declared `-> f32`): 2/3 in f32 against
        // Python's double.
        let two_thirds = f64::from(2.0f32 / 3.0);
        assert_eq!(
            py_rs().agree(&Value::Float(2.0 / 3.0), &Value::Float(two_thirds)),
            Some(false)
        );
        let single = py_rs().in_single_precision(true);
        assert_eq!(
            single.agree(&Value::Float(2.0 / 3.0), &Value::Float(two_thirds)),
            Some(true)
        );
        assert_eq!(
            single.agree(
                &Value::List(vec![Value::Float(1e6 / 3.0)]),
                &Value::List(vec![Value::Float(f64::from(1e6f32 / 3.0))])
            ),
            Some(true)
        );
        // A wrong operation is still wrong at single precision.
        assert_eq!(
            single.agree(&Value::Float(0.6666), &Value::Float(0.6667)),
            Some(false)
        );
        assert_eq!(
            single.agree(&Value::Float(f64::NAN), &Value::Float(0.0)),
            Some(false)
        );
    }

    #[test]
    fn floats_agree_within_a_relative_tolerance() {
        let c = py_rs();
        assert_eq!(
            c.agree(&Value::Float(0.1 + 0.2), &Value::Float(0.3)),
            Some(true)
        );
        assert_eq!(
            c.agree(&Value::Float(1e20), &Value::Float(1e20 + 1e12)),
            Some(false)
        );
        assert_eq!(
            c.agree(&Value::Float(f64::NAN), &Value::Float(f64::NAN)),
            Some(true)
        );
        assert_eq!(
            c.agree(&Value::Float(1.0), &Value::Float(1.000001)),
            Some(false)
        );
    }

    #[test]
    fn exceptions_agree_by_being_raised() {
        let raised = |kind: &str| Value::Exception {
            kind: kind.into(),
            message: String::new(),
        };
        assert_eq!(
            py_rs().agree(&raised("IndexError"), &raised("panic")),
            Some(true)
        );
        assert_eq!(
            py_rs().agree(&raised("IndexError"), &Value::None),
            Some(false)
        );
        assert_eq!(
            py_js().agree(&Value::None, &raised("TypeError")),
            Some(false)
        );
    }

    #[test]
    fn containers_map_across_languages() {
        let pair = Value::Tuple(vec![Value::int(1), Value::str("a")]);
        let array = Value::List(vec![Value::Number(1.0), Value::str("a")]);
        assert_eq!(py_js().agree(&pair, &array), Some(true));
        // Between Python and Rust a tuple is a tuple, a list a Vec.
        let vec = Value::List(vec![Value::int(1), Value::str("a")]);
        assert_eq!(py_rs().agree(&pair, &vec), Some(false));
        let dict = Value::Dict(vec![
            (Value::int(1), Value::str("a")),
            (Value::int(2), Value::str("b")),
        ]);
        let object = Value::Dict(vec![
            (Value::str("2"), Value::str("b")),
            (Value::str("1"), Value::str("a")),
        ]);
        assert_eq!(py_js().agree(&dict, &object), Some(true));
        assert_eq!(py_rs().agree(&dict, &object), Some(false));
        let set = Value::Set(vec![Value::int(1), Value::int(2)]);
        let reordered = Value::Set(vec![Value::int(2), Value::int(1)]);
        assert_eq!(py_rs().agree(&set, &reordered), Some(true));
        assert_eq!(
            py_rs().agree(
                &Value::List(vec![Value::int(1)]),
                &Value::Opaque("X".into())
            ),
            None
        );
    }

    #[test]
    fn values_render_in_each_language() {
        let value = Value::List(vec![
            Value::str("it's"),
            Value::None,
            Value::Bool(true),
            Value::Float(2640.0),
        ]);
        assert_eq!(value.render(Lang::Python), "[\"it's\", None, True, 2640.0]");
        assert_eq!(
            value.render(Lang::JavaScript),
            "[\"it's\", null, true, 2640.0]"
        );
        assert_eq!(
            value.render(Lang::Rust),
            "vec![\"it's\", None, true, 2640.0]"
        );
        assert_eq!(Value::Number(2640.0).render(Lang::JavaScript), "2640");
        assert_eq!(Value::str("a").render(Lang::Python), "'a'");
        let raised = Value::Exception {
            kind: "ZeroDivisionError".into(),
            message: "division by zero".into(),
        };
        assert_eq!(
            raised.render(Lang::Python),
            "raises ZeroDivisionError: division by zero"
        );
    }
}
