//! JavaScript's values and operations, for Rust translated from JavaScript.
//!
//! Every operation follows the ECMAScript specification for the cases it
//! models. Where JavaScript would throw, the operation panics with the
//! error's name. Where the answer depends on something this runtime does not
//! model (a function's source text, an inherited data member, an object's
//! own `toString`), it panics with a message saying so: it never returns a
//! value JavaScript might not.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

// ---------------------------------------------------------------------------
// The value type
// ---------------------------------------------------------------------------

/// A plain object's own properties: (key, value) pairs in insertion order.
pub type Props = Vec<(Rc<str>, Value)>;

/// A function's body: it takes the arguments (no `this`) and returns a value.
pub type Function = dyn Fn(&[Value]) -> Value;

/// A JavaScript value. Arrays, objects and functions are shared references:
/// cloning one shares it, as assigning does in JavaScript.
#[derive(Clone)]
pub enum Value {
    /// JavaScript's `null`.
    Null,
    /// JavaScript's `undefined`: a missing argument, property or item.
    Undefined,
    /// A boolean.
    Bool(bool),
    /// A number (an IEEE double).
    Num(f64),
    /// A string (one that Rust can hold: no lone surrogate halves).
    Str(Rc<str>),
    /// An array (holes read as `Undefined`).
    Array(Rc<RefCell<Vec<Value>>>),
    /// A plain object's own properties, in insertion order.
    Object(Rc<RefCell<Props>>),
    /// A function, called with its arguments (no `this`).
    Func(Rc<Function>),
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_value(self, f, 0)
    }
}

/// Writes a value JSON-like; nesting past 32 levels (a cycle) shows as `...`.
fn debug_value(v: &Value, f: &mut fmt::Formatter<'_>, depth: usize) -> fmt::Result {
    if depth > 32 {
        return f.write_str("...");
    }
    match v {
        Value::Null => f.write_str("null"),
        Value::Undefined => f.write_str("undefined"),
        Value::Bool(b) => write!(f, "{b}"),
        Value::Num(x) if *x == 0.0 && x.is_sign_negative() => f.write_str("-0"),
        Value::Num(x) => f.write_str(&number_to_string(*x)),
        Value::Str(s) => write!(f, "{:?}", &**s),
        Value::Array(items) => {
            f.write_str("[")?;
            for (i, item) in items.borrow().iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                debug_value(item, f, depth + 1)?;
            }
            f.write_str("]")
        }
        Value::Object(props) => {
            f.write_str("{")?;
            for (i, (k, item)) in props.borrow().iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{:?}: ", &**k)?;
                debug_value(item, f, depth + 1)?;
            }
            f.write_str("}")
        }
        Value::Func(_) => f.write_str("[Function]"),
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&to_string(self))
    }
}

/// Numbers of each Rust type become a JavaScript number (an f64).
macro_rules! from_number {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(x: $t) -> Self {
                Value::Num(x as f64)
            }
        }
    )*};
}

from_number!(f64, i32, i64, usize);

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Str(Rc::from(s))
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Str(Rc::from(s))
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Self {
        array(items)
    }
}

// ---------------------------------------------------------------------------
// Constructors
// ---------------------------------------------------------------------------

/// An array literal `[a, b, ...]`.
pub fn array(items: Vec<Value>) -> Value {
    Value::Array(Rc::new(RefCell::new(items)))
}

/// An object literal `{k: v, ...}`; a later duplicate key replaces the
/// earlier value in place.
pub fn object(props: Vec<(&str, Value)>) -> Value {
    let obj = Value::Object(Rc::new(RefCell::new(Vec::with_capacity(props.len()))));
    for (k, v) in props {
        set_named(&obj, k, v);
    }
    obj
}

/// A function expression or arrow function.
pub fn func(f: impl Fn(&[Value]) -> Value + 'static) -> Value {
    Value::Func(Rc::new(f))
}

/// A function's parameter `i`: the argument, or `undefined` when missing.
pub fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::Undefined)
}

// ---------------------------------------------------------------------------
// Conversions
// ---------------------------------------------------------------------------

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Undefined => "undefined",
        Value::Bool(_) => "a boolean",
        Value::Num(_) => "a number",
        Value::Str(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
        Value::Func(_) => "a function",
    }
}

/// JavaScript's white space and line terminators (what `trim` removes).
fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\u{9}'..='\u{d}'
            | ' '
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{feff}'
    )
}

/// ToBoolean: whether a value counts as true in a condition (`!!v`).
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Null | Value::Undefined => false,
        Value::Bool(b) => *b,
        Value::Num(x) => !(*x == 0.0 || x.is_nan()),
        Value::Str(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) | Value::Func(_) => true,
    }
}

/// ToPrimitive: arrays become their string, objects "[object Object]".
fn to_primitive(v: &Value) -> Value {
    match v {
        Value::Array(_) => Value::from(to_string(v)),
        Value::Object(props) => {
            if props
                .borrow()
                .iter()
                .any(|(k, _)| &**k == "toString" || &**k == "valueOf")
            {
                panic!("an object with its own toString or valueOf converted: not modelled");
            }
            Value::from("[object Object]")
        }
        Value::Func(_) => {
            panic!("a function converted to a primitive: its source text is not modelled")
        }
        _ => v.clone(),
    }
}

/// ToNumber: the number a value converts to (`+v`, `Number(v)`).
pub fn to_number(v: &Value) -> f64 {
    match v {
        Value::Null => 0.0,
        Value::Undefined => f64::NAN,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Num(x) => *x,
        Value::Str(s) => string_to_number(s),
        _ => to_number(&to_primitive(v)),
    }
}

/// StringToNumber: a whole string (trimmed) as a numeric literal, else NaN.
fn string_to_number(s: &str) -> f64 {
    let t = s.trim_matches(is_js_space);
    if t.is_empty() {
        return 0.0;
    }
    let bytes = t.as_bytes();
    if bytes.len() >= 2 && bytes[0] == b'0' {
        let radix = match bytes[1] {
            b'x' | b'X' => 16,
            b'o' | b'O' => 8,
            b'b' | b'B' => 2,
            _ => 0,
        };
        if radix != 0 {
            let digits: Option<Vec<u32>> = t[2..].chars().map(|c| c.to_digit(radix)).collect();
            return match digits {
                Some(d) if !d.is_empty() => digits_value(&d, radix),
                _ => f64::NAN,
            };
        }
    }
    let (negative, body) = split_sign(t);
    let x = if body == "Infinity" {
        f64::INFINITY
    } else if !body.is_empty() && decimal_prefix_len(body) == body.len() {
        body.parse().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    };
    if negative {
        -x
    } else {
        x
    }
}

/// Splits an optional leading `+` or `-`; true when it was `-`.
fn split_sign(s: &str) -> (bool, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    }
}

/// The length of the longest prefix that is an unsigned decimal literal
/// (`12`, `1.5`, `.5`, `5.`, `1e3`, `1.5E-3`), 0 if none.
fn decimal_prefix_len(s: &str) -> usize {
    let b = s.as_bytes();
    let digits = |mut i: usize| {
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        i
    };
    let int_end = digits(0);
    let mut end = int_end;
    if end < b.len() && b[end] == b'.' {
        let frac_end = digits(end + 1);
        if int_end > 0 || frac_end > end + 1 {
            end = frac_end;
        }
    }
    if end == 0 {
        return 0;
    }
    if end < b.len() && (b[end] == b'e' || b[end] == b'E') {
        let mut i = end + 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_end = digits(i);
        if exp_end > i {
            end = exp_end;
        }
    }
    end
}

/// The value of digits in a radix, rounded as V8 rounds it: correctly for
/// radix 10 and powers of two, in 32-bit chunks otherwise.
fn digits_value(digits: &[u32], radix: u32) -> f64 {
    if radix == 10 {
        let text: String = digits
            .iter()
            .filter_map(|d| char::from_digit(*d, 10))
            .collect();
        return text.parse().unwrap_or(f64::NAN);
    }
    if radix.is_power_of_two() {
        // Keep at least 59 significant bits, the rest as a sticky bit, so
        // the one rounding (u64 to f64) is to nearest, ties to even.
        let bits = radix.trailing_zeros();
        let (mut m, mut exp, mut sticky) = (0u64, 0i32, false);
        for &d in digits {
            if m >> (64 - bits) == 0 {
                m = (m << bits) | u64::from(d);
            } else {
                exp += bits as i32;
                sticky |= d != 0;
            }
        }
        if sticky {
            m |= 1;
        }
        return if exp > 1100 {
            f64::INFINITY
        } else {
            m as f64 * 2f64.powi(exp)
        };
    }
    let limit = u32::MAX / 36;
    let (mut result, mut i) = (0.0f64, 0);
    while i < digits.len() {
        let (mut part, mut mult) = (0u32, 1u32);
        while i < digits.len() && mult * radix <= limit {
            part = part * radix + digits[i];
            mult *= radix;
            i += 1;
        }
        result = result * f64::from(mult) + f64::from(part);
    }
    result
}

/// ToString: the string a value converts to (`String(v)`, `"" + v`).
pub fn to_string(v: &Value) -> String {
    match v {
        Value::Null => "null".to_string(),
        Value::Undefined => "undefined".to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Num(x) => number_to_string(*x),
        Value::Str(s) => s.to_string(),
        Value::Array(items) => join_items(&items.borrow(), ","),
        Value::Object(_) | Value::Func(_) => to_string(&to_primitive(v)),
    }
}

/// Number.prototype.toString(): the shortest digits that round-trip, in
/// plain notation for 1e-7 < |x| < 1e21, else exponent notation.
pub fn number_to_string(x: f64) -> String {
    if x.is_nan() {
        return "NaN".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let sign = if x < 0.0 { "-" } else { "" };
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let n = exp.parse::<i32>().unwrap_or(0) + 1;
    let body = if k <= n && n <= 21 {
        digits + &"0".repeat((n - k) as usize)
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let e = n - 1;
        let e_sign = if e < 0 { '-' } else { '+' };
        let point = if k == 1 {
            String::new()
        } else {
            format!(".{}", &digits[1..])
        };
        format!("{}{point}e{e_sign}{}", &digits[..1], e.abs())
    };
    format!("{sign}{body}")
}

/// ToInt32: a number as a signed 32-bit integer (as `x | 0` does).
pub fn to_int32(x: f64) -> i32 {
    to_uint32(x) as i32
}

/// ToUint32: a number as an unsigned 32-bit integer (as `x >>> 0` does).
pub fn to_uint32(x: f64) -> u32 {
    if !x.is_finite() {
        return 0;
    }
    x.trunc().rem_euclid(4_294_967_296.0) as u32
}

/// ToIntegerOrInfinity: NaN to 0, otherwise truncated toward zero.
pub fn to_integer(x: f64) -> f64 {
    let t = x.trunc();
    if t == 0.0 || t.is_nan() {
        0.0
    } else {
        t
    }
}

// ---------------------------------------------------------------------------
// Operators
// ---------------------------------------------------------------------------

/// `a + b`: string concatenation if either side is (or converts to) a
/// string, else numeric addition.
pub fn add(a: &Value, b: &Value) -> Value {
    let (pa, pb) = (to_primitive(a), to_primitive(b));
    if matches!(pa, Value::Str(_)) || matches!(pb, Value::Str(_)) {
        Value::from(to_string(&pa) + &to_string(&pb))
    } else {
        Value::Num(to_number(&pa) + to_number(&pb))
    }
}

/// `a + b` of `++`: both converted to numbers, never concatenated.
pub fn add_numbers(a: &Value, b: &Value) -> Value {
    Value::Num(to_number(a) + to_number(b))
}

/// `a - b`.
pub fn sub(a: &Value, b: &Value) -> Value {
    Value::Num(to_number(a) - to_number(b))
}

/// `a * b`.
pub fn mul(a: &Value, b: &Value) -> Value {
    Value::Num(to_number(a) * to_number(b))
}

/// `a / b`.
pub fn div(a: &Value, b: &Value) -> Value {
    Value::Num(to_number(a) / to_number(b))
}

/// `a % b`: the remainder, with the sign of the dividend.
pub fn rem(a: &Value, b: &Value) -> Value {
    Value::Num(to_number(a) % to_number(b))
}

/// `a ** b` and `Math.pow(a, b)`.
pub fn pow(a: &Value, b: &Value) -> Value {
    let (x, y) = (to_number(a), to_number(b));
    if y.is_nan() || (x.abs() == 1.0 && y.is_infinite()) {
        return Value::Num(f64::NAN);
    }
    Value::Num(x.powf(y))
}

/// Unary `-a`.
pub fn neg(a: &Value) -> Value {
    Value::Num(-to_number(a))
}

/// Unary `+a`.
pub fn plus(a: &Value) -> Value {
    Value::Num(to_number(a))
}

/// `~a`.
pub fn bit_not(a: &Value) -> Value {
    Value::from(!to_int32(to_number(a)))
}

fn int32s(a: &Value, b: &Value) -> (i32, i32) {
    (to_int32(to_number(a)), to_int32(to_number(b)))
}

fn shift_count(b: &Value) -> u32 {
    to_uint32(to_number(b)) & 31
}

/// `a & b`.
pub fn bit_and(a: &Value, b: &Value) -> Value {
    let (x, y) = int32s(a, b);
    Value::from(x & y)
}

/// `a | b`.
pub fn bit_or(a: &Value, b: &Value) -> Value {
    let (x, y) = int32s(a, b);
    Value::from(x | y)
}

/// `a ^ b`.
pub fn bit_xor(a: &Value, b: &Value) -> Value {
    let (x, y) = int32s(a, b);
    Value::from(x ^ y)
}

/// `a << b`.
pub fn shl(a: &Value, b: &Value) -> Value {
    Value::from(to_int32(to_number(a)).wrapping_shl(shift_count(b)))
}

/// `a >> b` (sign-propagating).
pub fn shr(a: &Value, b: &Value) -> Value {
    Value::from(to_int32(to_number(a)) >> shift_count(b))
}

/// `a >>> b` (zero-filling).
pub fn ushr(a: &Value, b: &Value) -> Value {
    Value::Num(f64::from(to_uint32(to_number(a)) >> shift_count(b)))
}

// ---------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------

/// `a === b`. `Null === Null` is true: null and undefined are one value here.
pub fn strict_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) | (Value::Undefined, Value::Undefined) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Num(x), Value::Num(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::Func(x), Value::Func(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// SameValueZero (`includes`): `===` except that NaN equals NaN.
fn same_value_zero(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) if x.is_nan() && y.is_nan() => true,
        _ => strict_eq(a, b),
    }
}

fn is_reference(v: &Value) -> bool {
    matches!(v, Value::Array(_) | Value::Object(_) | Value::Func(_))
}

/// `a == b`: loose equality, converting between kinds.
pub fn loose_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null | Value::Undefined, Value::Null | Value::Undefined) => true,
        (Value::Null | Value::Undefined, _) | (_, Value::Null | Value::Undefined) => false,
        (Value::Bool(x), _) => loose_eq(&Value::from(i32::from(*x)), b),
        (_, Value::Bool(y)) => loose_eq(a, &Value::from(i32::from(*y))),
        (Value::Num(x), Value::Str(s)) | (Value::Str(s), Value::Num(x)) => {
            *x == string_to_number(s)
        }
        // A function's source text never reads as a number.
        (Value::Func(_), Value::Num(_)) | (Value::Num(_), Value::Func(_)) => false,
        _ if is_reference(a) && !is_reference(b) => loose_eq(&to_primitive(a), b),
        _ if is_reference(b) && !is_reference(a) => loose_eq(a, &to_primitive(b)),
        _ => strict_eq(a, b),
    }
}

/// IsLessThan: Some(a < b), or None when a NaN is involved.
fn less_than(a: &Value, b: &Value) -> Option<bool> {
    let (pa, pb) = (to_primitive(a), to_primitive(b));
    if let (Value::Str(x), Value::Str(y)) = (&pa, &pb) {
        return Some(x.encode_utf16().lt(y.encode_utf16()));
    }
    let (x, y) = (to_number(&pa), to_number(&pb));
    if x.is_nan() || y.is_nan() {
        None
    } else {
        Some(x < y)
    }
}

/// `a < b`.
pub fn lt(a: &Value, b: &Value) -> bool {
    less_than(a, b) == Some(true)
}

/// `a <= b`.
pub fn le(a: &Value, b: &Value) -> bool {
    less_than(b, a) == Some(false)
}

/// `a > b`.
pub fn gt(a: &Value, b: &Value) -> bool {
    less_than(b, a) == Some(true)
}

/// `a >= b`.
pub fn ge(a: &Value, b: &Value) -> bool {
    less_than(a, b) == Some(false)
}

// ---------------------------------------------------------------------------
// Type tests
// ---------------------------------------------------------------------------

/// `typeof v === "number"`.
pub fn is_number(v: &Value) -> bool {
    matches!(v, Value::Num(_))
}

/// `typeof v === "string"`.
pub fn is_string(v: &Value) -> bool {
    matches!(v, Value::Str(_))
}

/// `typeof v === "boolean"`.
pub fn is_boolean(v: &Value) -> bool {
    matches!(v, Value::Bool(_))
}

/// `typeof v === "function"`.
pub fn is_function(v: &Value) -> bool {
    matches!(v, Value::Func(_))
}

/// `Array.isArray(v)`.
pub fn is_array(v: &Value) -> bool {
    matches!(v, Value::Array(_))
}

/// `v == null`: whether v is null or undefined.
pub fn is_nullish(v: &Value) -> bool {
    matches!(v, Value::Null | Value::Undefined)
}

/// An array or a plain object (`typeof v === "object"`, null aside).
pub fn is_object(v: &Value) -> bool {
    matches!(v, Value::Array(_) | Value::Object(_))
}

/// `v instanceof C` of JavaScript's constructor named `ctor`: only
/// arrays, plain objects and functions are made here, so `Object`,
/// `Function` and `Array` alone hold of any value.
pub fn instance_of(v: &Value, ctor: &str) -> bool {
    match ctor {
        "Object" => matches!(v, Value::Array(_) | Value::Object(_) | Value::Func(_)),
        "Function" => matches!(v, Value::Func(_)),
        "Array" => matches!(v, Value::Array(_)),
        _ => false,
    }
}

/// `typeof v === kind`.
pub fn is_typeof(v: &Value, kind: &str) -> bool {
    type_name(v) == kind
}

/// The name `typeof v` gives.
fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Undefined => "undefined",
        Value::Null | Value::Array(_) | Value::Object(_) => "object",
        Value::Bool(_) => "boolean",
        Value::Num(_) => "number",
        Value::Str(_) => "string",
        Value::Func(_) => "function",
    }
}

// ---------------------------------------------------------------------------
// Strings as UTF-16
// ---------------------------------------------------------------------------

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Units `from..to` of a string; panics if a cut splits a surrogate pair.
fn utf16_slice(s: &str, from: usize, to: usize) -> String {
    let units: Vec<u16> = s.encode_utf16().collect();
    let to = to.min(units.len());
    let from = from.min(to);
    String::from_utf16(&units[from..to]).unwrap_or_else(|_| {
        panic!("a string cut inside a surrogate pair: Rust strings cannot hold half of one")
    })
}

/// The unit at index i as a one-unit string, or None past the end.
fn unit_at(s: &str, i: usize) -> Option<String> {
    s.encode_utf16().nth(i).map(|u| {
        String::from_utf16(&[u]).unwrap_or_else(|_| {
            panic!("half of a surrogate pair read from a string: Rust strings cannot hold it")
        })
    })
}

/// Converts a byte offset (at a char boundary) to a UTF-16 offset.
fn utf16_offset(s: &str, byte: usize) -> usize {
    utf16_len(&s[..byte])
}

// ---------------------------------------------------------------------------
// Properties and elements
// ---------------------------------------------------------------------------

/// Members every object inherits from Object.prototype.
const OBJECT_MEMBERS: &str = "constructor hasOwnProperty isPrototypeOf propertyIsEnumerable \
    toLocaleString toString valueOf __proto__ __defineGetter__ __defineSetter__ \
    __lookupGetter__ __lookupSetter__";

/// Members of Array.prototype.
const ARRAY_MEMBERS: &str = "at concat copyWithin entries every fill filter find findIndex \
    findLast findLastIndex flat flatMap forEach includes indexOf join keys lastIndexOf map pop \
    push reduce reduceRight reverse shift slice some sort splice toReversed toSorted toSpliced \
    unshift values with";

/// Members of String.prototype.
const STRING_MEMBERS: &str = "anchor at big blink bold charAt charCodeAt codePointAt concat \
    endsWith fixed fontcolor fontsize includes indexOf isWellFormed italics lastIndexOf link \
    localeCompare match matchAll normalize padEnd padStart repeat replace replaceAll search \
    slice small split startsWith strike sub substr substring sup toLocaleLowerCase \
    toLocaleUpperCase toLowerCase toUpperCase toWellFormed trim trimEnd trimLeft trimRight \
    trimStart";

/// Members of Number.prototype.
const NUMBER_MEMBERS: &str = "toExponential toFixed toPrecision";

/// Members of Function.prototype and a function's own properties.
const FUNCTION_MEMBERS: &str = "apply arguments bind call caller length name prototype";

/// Whether `name` is in a space-separated member list.
fn is_member(list: &str, name: &str) -> bool {
    list.split(' ').any(|m| m == name)
}

/// The inherited members that are no methods.
const DATA_MEMBERS: &str = "constructor __proto__ arguments caller length name prototype";

/// An inherited member read as a value (`typeof o.valueOf`), from the
/// prototype `owner` (`Object.prototype`, `Array.prototype`): a method is a
/// function value, the same on every read of it from that prototype (as
/// `[].push === [1].push` in JavaScript), that stops when called, as no
/// call gives it its receiver there (`var f = o.valueOf; f()`). A data
/// member (`constructor`) is not modelled.
fn inherited(owner: &'static str, name: &str) -> Value {
    if is_member(DATA_MEMBERS, name) {
        panic!("inherited member '{name}' read as a property: not modelled");
    }
    thread_local! {
        static METHODS: RefCell<Vec<(&'static str, String, Value)>> = const { RefCell::new(Vec::new()) };
    }
    METHODS.with(|methods| {
        if let Some((_, _, f)) = methods
            .borrow()
            .iter()
            .find(|(o, n, _)| *o == owner && n == name)
        {
            return f.clone();
        }
        let what = format!("{owner}.{name}");
        let f = Value::Func(Rc::new(move |_: &[Value]| -> Value {
            panic!("TypeError: {what} called without its receiver: not modelled")
        }));
        methods
            .borrow_mut()
            .push((owner, name.to_string(), f.clone()));
        f
    })
}

/// The prototype a value of `kind`'s inherited member `name` comes from:
/// `own` names the members its own prototype has (past those every
/// object inherits from Object.prototype).
fn owner_of(name: &str, own: &str, prototype: &'static str) -> Option<&'static str> {
    if is_member(own, name) {
        Some(prototype)
    } else if is_member(OBJECT_MEMBERS, name) {
        Some("Object.prototype")
    } else {
        None
    }
}

/// `x.valueOf()`: an object's own `valueOf` called, else what
/// Object.prototype's and the primitives' give: the value itself.
pub fn value_of(x: &Value) -> Value {
    match x {
        Value::Null | Value::Undefined => no_method(x, "valueOf"),
        Value::Object(props) => {
            let own = props
                .borrow()
                .iter()
                .find(|(k, _)| &**k == "valueOf")
                .map(|(_, f)| f.clone());
            match own {
                Some(f) => call(&f, &[]),
                None => x.clone(),
            }
        }
        _ => x.clone(),
    }
}

/// A property key as a string (ToPropertyKey).
fn property_key(key: &Value) -> String {
    to_string(key)
}

/// The array index a key names ("0".."4294967294" in canonical form).
fn array_index(key: &str) -> Option<usize> {
    let canonical =
        key == "0" || (!key.starts_with('0') && key.bytes().all(|b| b.is_ascii_digit()));
    match key.parse::<u64>() {
        Ok(i) if canonical && i < 4_294_967_295 => usize::try_from(i).ok(),
        _ => None,
    }
}

/// The array index a key value names, without building a string for numbers.
fn index_of_key(key: &Value) -> Result<usize, String> {
    if let Value::Num(x) = key {
        if x.fract() == 0.0 && *x >= 0.0 && *x < 4_294_967_295.0 {
            return Ok(*x as usize);
        }
    }
    let name = property_key(key);
    array_index(&name).ok_or(name)
}

/// `obj[key]`: an element, a character, or an own property.
pub fn get(obj: &Value, key: &Value) -> Value {
    match obj {
        Value::Null | Value::Undefined => {
            panic!("TypeError: cannot read properties of {}", kind(obj))
        }
        Value::Array(items) => match index_of_key(key) {
            Ok(i) => items.borrow().get(i).cloned().unwrap_or(Value::Undefined),
            Err(name) if name == "length" => Value::from(items.borrow().len()),
            Err(name) => owner_of(
                &name,
                &format!("{ARRAY_MEMBERS} toString toLocaleString"),
                "Array.prototype",
            )
            .map_or(Value::Undefined, |o| inherited(o, &name)),
        },
        Value::Str(s) => match index_of_key(key) {
            Ok(i) => unit_at(s, i).map_or(Value::Undefined, Value::from),
            Err(name) if name == "length" => Value::from(utf16_len(s)),
            Err(name) => owner_of(
                &name,
                &format!("{STRING_MEMBERS} toString valueOf"),
                "String.prototype",
            )
            .map_or(Value::Undefined, |o| inherited(o, &name)),
        },
        Value::Object(props) => {
            let name = property_key(key);
            if let Some((_, v)) = props.borrow().iter().find(|(k, _)| **k == *name) {
                return v.clone();
            }
            owner_of(&name, "", "Object.prototype")
                .map_or(Value::Undefined, |o| inherited(o, &name))
        }
        // A number's, a boolean's or a function's property: `undefined`
        // unless the prototype (or, for a function, the function itself)
        // has it.
        _ => {
            let name = property_key(key);
            let (members, prototype) = match obj {
                Value::Num(_) => (
                    format!("{NUMBER_MEMBERS} toString valueOf toLocaleString"),
                    "Number.prototype",
                ),
                Value::Bool(_) => ("toString valueOf".to_string(), "Boolean.prototype"),
                _ => (format!("{FUNCTION_MEMBERS} toString"), "Function.prototype"),
            };
            owner_of(&name, &members, prototype).map_or(Value::Undefined, |o| inherited(o, &name))
        }
    }
}

/// `==` on values is JavaScript's `===`.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        strict_eq(self, other)
    }
}

/// `<`, `<=`, `>` and `>=` on values are JavaScript's.
impl PartialOrd for Value {
    fn partial_cmp(&self, other: &Value) -> Option<std::cmp::Ordering> {
        if lt(self, other) {
            Some(std::cmp::Ordering::Less)
        } else if gt(self, other) {
            Some(std::cmp::Ordering::Greater)
        } else if le(self, other) && ge(self, other) {
            Some(std::cmp::Ordering::Equal)
        } else {
            None
        }
    }

    fn lt(&self, other: &Value) -> bool {
        lt(self, other)
    }

    fn le(&self, other: &Value) -> bool {
        le(self, other)
    }

    fn gt(&self, other: &Value) -> bool {
        gt(self, other)
    }

    fn ge(&self, other: &Value) -> bool {
        ge(self, other)
    }
}

// ---------------------------------------------------------------------------
// Values for functions written with Rust types
// ---------------------------------------------------------------------------

/// A value a Rust `Option` stands for: `None` for null and undefined.
pub fn option(v: Value) -> Option<Value> {
    match v {
        Value::Null | Value::Undefined => None,
        v => Some(v),
    }
}

/// `Symbol.prototype.toString.call(x)` and the like: no value here is a
/// symbol, so JavaScript's `TypeError`.
pub fn not_a_symbol(x: &Value, method: &str) -> Value {
    panic!(
        "TypeError: {method} requires that 'this' be a Symbol, not {}",
        kind(x)
    )
}

/// An array's items, for a function written with Rust types that takes a
/// `Vec`: a copy, as that translation takes it by value and changes none
/// of the caller's (a hole reads `undefined`); a value that is no array
/// panics, as that translation assumed one.
pub fn as_vec(v: &Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items.borrow().clone(),
        _ => panic!(
            "TypeError: {} passed where the callee takes an array",
            kind(v)
        ),
    }
}

/// [`as_vec`] of an array, `None` for `null` and `undefined`.
pub fn option_vec(v: &Value) -> Option<Vec<Value>> {
    match v {
        Value::Null | Value::Undefined => None,
        _ => Some(as_vec(v)),
    }
}

/// An `Option` a function written with Rust types returned, as a value:
/// `None` stood for `null` or `undefined`, which that translation does not
/// tell apart, so it panics.
pub fn from_option(o: Option<Value>) -> Value {
    match o {
        Some(v) => v,
        None => panic!("None returned for null or undefined: the callee's translation does not tell them apart"),
    }
}

/// A number, for a function written to take one; any other value panics.
pub fn as_number(v: &Value) -> f64 {
    match v {
        Value::Num(x) => *x,
        _ => panic!("{} passed where a function takes a number", kind(v)),
    }
}

/// An integral number, for a function written to take an integer; any
/// other value panics.
pub fn as_i64(v: &Value) -> i64 {
    match v {
        Value::Num(x) if x.fract() == 0.0 && x.abs() <= 9_007_199_254_740_992.0 => *x as i64,
        _ => panic!("{} passed where a function takes an integer", kind(v)),
    }
}

/// A boolean, for a function written to take one; any other value panics.
pub fn as_bool(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        _ => panic!("{} passed where a function takes a boolean", kind(v)),
    }
}

/// A string, for a function written to take one; any other value panics.
pub fn as_string(v: &Value) -> String {
    match v {
        Value::Str(s) => s.to_string(),
        _ => panic!("{} passed where a function takes a string", kind(v)),
    }
}

/// The arguments `f.apply(receiver, xs)` passes, as an array
/// (CreateListFromArrayLike): an array's items, an object's by its
/// `length`, none for null and undefined; a TypeError for anything else.
pub fn argument_list(xs: &Value) -> Value {
    match xs {
        Value::Null | Value::Undefined => array(Vec::new()),
        Value::Array(_) => xs.clone(),
        Value::Object(_) | Value::Func(_) => {
            let n = to_length(to_number(&get_named(xs, "length")));
            array((0..n).map(|i| get(xs, &Value::from(i))).collect())
        }
        _ => panic!("TypeError: CreateListFromArrayLike called on non-object"),
    }
}

/// ToLength: an integer from 0 to 2^53 - 1.
fn to_length(x: f64) -> usize {
    let n = to_integer(x);
    if n <= 0.0 {
        0
    } else {
        n.min(9_007_199_254_740_991.0) as usize
    }
}

/// The arguments of a call spreading an iterable (`f(a, ...xs)`): `fixed`,
/// then an array's items or a string's code points.
pub fn spread(mut fixed: Vec<Value>, xs: &Value) -> Vec<Value> {
    let mut at = 0;
    while let Some(x) = next_of(xs, &mut at) {
        fixed.push(x);
    }
    fixed
}

/// `typeof v`; null and undefined panic (`'object'` and `'undefined'`).
pub fn type_of(v: &Value) -> Value {
    Value::from(match v {
        Value::Null => "object",
        Value::Undefined => "undefined",
        Value::Bool(_) => "boolean",
        Value::Num(_) => "number",
        Value::Str(_) => "string",
        Value::Array(_) | Value::Object(_) => "object",
        Value::Func(_) => "function",
    })
}

/// `Object.prototype.toString.call(v)`: `[object Array]` and the like;
/// null and undefined panic (`[object Null]`, `[object Undefined]`).
pub fn object_tag(v: &Value) -> Value {
    let tag = match v {
        Value::Null => "Null",
        Value::Undefined => "Undefined",
        Value::Bool(_) => "Boolean",
        Value::Num(_) => "Number",
        Value::Str(_) => "String",
        Value::Array(_) => "Array",
        Value::Object(_) => "Object",
        Value::Func(_) => "Function",
    };
    Value::from(format!("[object {tag}]"))
}

/// `Object(v)`: an object, array or function itself; a new empty object
/// for null and undefined; a primitive's wrapper object panics (not
/// modelled).
pub fn to_object(v: &Value) -> Value {
    match v {
        Value::Null | Value::Undefined => object(Vec::new()),
        Value::Array(_) | Value::Object(_) | Value::Func(_) => v.clone(),
        _ => panic!("Object() of {}: wrapper objects are not modelled", kind(v)),
    }
}

/// `Array(n)`: `n` slots where `n` is a number (each written before it
/// is read, where the translation makes one), else an array of `n`.
pub fn new_array(n: &Value) -> Value {
    match n {
        Value::Num(x) if x.fract() == 0.0 && *x >= 0.0 && *x < 4_294_967_296.0 => {
            array(vec![Value::Undefined; *x as usize])
        }
        Value::Num(_) => panic!("RangeError: Invalid array length"),
        v => array(vec![v.clone()]),
    }
}

/// `key in obj`, its own property or an inherited one; `wrap` is `key in
/// Object(obj)`, where a primitive is wrapped and null or undefined are
/// `{}`, instead of a `TypeError`.
pub fn has_property(obj: &Value, key: &Value, wrap: bool) -> bool {
    let name = property_key(key);
    let inherited = |members: &str| is_member(members, &name) || is_member(OBJECT_MEMBERS, &name);
    match obj {
        Value::Object(props) => props.borrow().iter().any(|(k, _)| **k == *name) || inherited(""),
        Value::Array(items) => {
            array_index(&name)
                .is_some_and(|i| i < items.borrow().len() && !is_hole(&items.borrow()[i]))
                || name == "length"
                || inherited(ARRAY_MEMBERS)
        }
        Value::Func(_) => inherited(FUNCTION_MEMBERS),
        _ if !wrap => panic!("TypeError: `in` of {}", kind(obj)),
        Value::Null | Value::Undefined => inherited(""),
        Value::Str(s) => {
            array_index(&name).is_some_and(|i| i < utf16_len(s))
                || name == "length"
                || inherited(STRING_MEMBERS)
        }
        Value::Num(_) => inherited(NUMBER_MEMBERS),
        Value::Bool(_) => inherited(""),
    }
}

/// `Array.prototype.slice.call(x, start, end)`: an array of the items
/// (of an array) or UTF-16 units (of a string) from `start` to `end`.
pub fn proto_slice(x: &Value, start: Option<&Value>, end: Option<&Value>) -> Value {
    match x {
        Value::Str(_) => {
            let units = slice(x, start, end);
            let mut out = Vec::new();
            let mut at = 0;
            while let Some(u) = unit_at(str_of(&units, "slice"), at) {
                out.push(Value::from(u));
                at += 1;
            }
            array(out)
        }
        Value::Array(_) => slice(x, start, end),
        Value::Null | Value::Undefined => {
            panic!("TypeError: Array.prototype.slice called on {}", kind(x))
        }
        // A function's `length` counts its parameters: not modelled.
        Value::Func(_) => panic!("Array.prototype.slice of a function: not modelled"),
        _ => array(Vec::new()),
    }
}

/// A variable a closure shares with the function that made it.
pub type Cell = Rc<RefCell<Value>>;

/// A shared variable holding `v`.
pub fn cell(v: Value) -> Cell {
    Rc::new(RefCell::new(v))
}

/// The value a shared variable holds.
pub fn load(c: &Cell) -> Value {
    c.borrow().clone()
}

/// Stores `v` in a shared variable.
pub fn store(c: &Cell, v: Value) {
    *c.borrow_mut() = v;
}

/// `obj.name`.
pub fn get_named(obj: &Value, name: &str) -> Value {
    get(obj, &Value::from(name))
}

/// `obj[key] = value`: sets an element (growing the array, holes reading as
/// undefined) or an object's property.
pub fn set(obj: &Value, key: &Value, value: Value) {
    match obj {
        Value::Null | Value::Undefined => {
            panic!("TypeError: cannot set properties of {}", kind(obj))
        }
        Value::Array(items) => match index_of_key(key) {
            Ok(i) => {
                let mut items = items.borrow_mut();
                if i >= items.len() {
                    items.resize(i + 1, Value::Undefined);
                }
                items[i] = value;
            }
            Err(name) => panic!("property '{name}' of an array set: not modelled"),
        },
        Value::Object(props) => {
            let name = property_key(key);
            if name == "__proto__" {
                panic!("__proto__ set: prototypes are not modelled");
            }
            let mut props = props.borrow_mut();
            match props.iter_mut().find(|(k, _)| **k == *name) {
                Some((_, v)) => *v = value,
                None => props.push((Rc::from(name), value)),
            }
        }
        _ => panic!("a property of {} set: not modelled", kind(obj)),
    }
}

/// `obj.name = value`.
pub fn set_named(obj: &Value, name: &str, value: Value) {
    set(obj, &Value::from(name), value);
}

/// `Object.prototype.hasOwnProperty.call(obj, key)`.
pub fn has_own(obj: &Value, key: &Value) -> bool {
    match obj {
        Value::Null | Value::Undefined => {
            panic!("TypeError: cannot convert {} to an object", kind(obj))
        }
        Value::Object(props) => {
            let name = property_key(key);
            props.borrow().iter().any(|(k, _)| **k == *name)
        }
        Value::Array(items) => match index_of_key(key) {
            Ok(i) => i < items.borrow().len() && !is_hole(&items.borrow()[i]),
            Err(name) => name == "length",
        },
        Value::Str(s) => match index_of_key(key) {
            Ok(i) => i < utf16_len(s),
            Err(name) => name == "length",
        },
        Value::Func(_) => panic!("own properties of a function (length, name) read: not modelled"),
        Value::Num(_) | Value::Bool(_) => false,
    }
}

/// Whether an array's item may be a hole (`Array(n)`'s empty slot, a
/// store past the end): one is `undefined` when read, like a stored
/// `undefined`, but has no key. The two are not told apart, so asking
/// whether the key is there panics.
fn is_hole(item: &Value) -> bool {
    if matches!(item, Value::Undefined) {
        panic!("an array's item that is undefined or a hole asked for its key: not told apart");
    }
    false
}

/// The own enumerable (key, value) pairs in JavaScript's order.
fn entries(obj: &Value) -> Vec<(String, Value)> {
    match obj {
        Value::Null | Value::Undefined => {
            panic!("TypeError: cannot convert {} to an object", kind(obj))
        }
        Value::Object(props) => {
            let props = props.borrow();
            let mut indexed: Vec<(usize, &(Rc<str>, Value))> = props
                .iter()
                .filter_map(|p| array_index(&p.0).map(|i| (i, p)))
                .collect();
            indexed.sort_by_key(|(i, _)| *i);
            let named = props.iter().filter(|p| array_index(&p.0).is_none());
            indexed
                .into_iter()
                .map(|(_, p)| p)
                .chain(named)
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect()
        }
        Value::Array(items) => items
            .borrow()
            .iter()
            .enumerate()
            .filter(|(_, v)| !is_hole(v))
            .map(|(i, v)| (i.to_string(), v.clone()))
            .collect(),
        Value::Str(s) => (0..utf16_len(s))
            .map(|i| {
                (
                    i.to_string(),
                    unit_at(s, i).map_or(Value::Undefined, Value::from),
                )
            })
            .collect(),
        // Functions here never get properties of their own.
        Value::Num(_) | Value::Bool(_) | Value::Func(_) => Vec::new(),
    }
}

/// The own enumerable keys, in JavaScript's order.
fn key_list(obj: &Value) -> Vec<Value> {
    match obj {
        Value::Str(s) => (0..utf16_len(s))
            .map(|i| Value::from(i.to_string()))
            .collect(),
        _ => entries(obj)
            .into_iter()
            .map(|(k, _)| Value::from(k))
            .collect(),
    }
}

/// `Object.keys(obj)`: index keys in numeric order, then the others in
/// insertion order.
pub fn keys(obj: &Value) -> Value {
    array(key_list(obj))
}

/// The keys `for (k in obj)` visits, read before the loop: those of
/// `Object.keys` (plain objects and arrays inherit no enumerable keys);
/// none for null or undefined.
pub fn keys_in(obj: &Value) -> Vec<Value> {
    if is_nullish(obj) {
        Vec::new()
    } else {
        key_list(obj)
    }
}

/// One step of `for (x of xs)`: the item at position `at` (an array's
/// element, re-reading the length each step; a string's code point), then
/// `at` moves past it; None at the end.
pub fn next_of(iterable: &Value, at: &mut usize) -> Option<Value> {
    match iterable {
        Value::Array(items) => {
            let item = items.borrow().get(*at).cloned()?;
            *at += 1;
            Some(item)
        }
        Value::Str(s) => {
            let c = s.get(*at..)?.chars().next()?;
            *at += c.len_utf8();
            Some(Value::from(c.to_string()))
        }
        _ => panic!("TypeError: {} is not iterable", kind(iterable)),
    }
}

/// `Object.values(obj)`, in the order of `Object.keys`.
pub fn values(obj: &Value) -> Value {
    array(entries(obj).into_iter().map(|(_, v)| v).collect())
}

/// `v.length`.
pub fn length(v: &Value) -> Value {
    get_named(v, "length")
}

/// `f(...args)`.
pub fn call(f: &Value, args: &[Value]) -> Value {
    match f {
        Value::Func(f) => f(args),
        _ => panic!("TypeError: {} is not a function", kind(f)),
    }
}

// ---------------------------------------------------------------------------
// Array methods
// ---------------------------------------------------------------------------

fn items_of<'a>(v: &'a Value, method: &str) -> &'a Rc<RefCell<Vec<Value>>> {
    match v {
        Value::Array(items) => items,
        _ => no_method(v, method),
    }
}

fn no_method(v: &Value, method: &str) -> ! {
    match v {
        Value::Null | Value::Undefined => {
            panic!(
                "TypeError: cannot read properties of {} (reading '{method}')",
                kind(v)
            )
        }
        _ => panic!("TypeError: {method} on {} is not a function", kind(v)),
    }
}

/// `arr.push(...items)`: appends, returning the new length.
pub fn push(arr: &Value, items: &[Value]) -> Value {
    let mut v = items_of(arr, "push").borrow_mut();
    v.extend_from_slice(items);
    Value::from(v.len())
}

/// `arr.pop()`: removes and returns the last element (undefined if empty).
pub fn pop(arr: &Value) -> Value {
    items_of(arr, "pop")
        .borrow_mut()
        .pop()
        .unwrap_or(Value::Undefined)
}

/// `arr.shift()`: removes and returns the first element (undefined if empty).
pub fn shift(arr: &Value) -> Value {
    let mut v = items_of(arr, "shift").borrow_mut();
    if v.is_empty() {
        Value::Undefined
    } else {
        v.remove(0)
    }
}

/// `arr.unshift(...items)`: prepends, returning the new length.
pub fn unshift(arr: &Value, items: &[Value]) -> Value {
    let mut v = items_of(arr, "unshift").borrow_mut();
    v.splice(0..0, items.iter().cloned());
    Value::from(v.len())
}

/// `recv.indexOf(x)` on an array (by `===`) or a string (in UTF-16 units).
pub fn index_of(recv: &Value, x: &Value) -> Value {
    match recv {
        Value::Array(items) => {
            let found = items.borrow().iter().position(|v| strict_eq(v, x));
            found.map_or(Value::from(-1), Value::from)
        }
        Value::Str(s) => s
            .find(&*to_string(x))
            .map_or(Value::from(-1), |b| Value::from(utf16_offset(s, b))),
        _ => no_method(recv, "indexOf"),
    }
}

/// `recv.lastIndexOf(x)` on an array (by `===`) or a string.
pub fn last_index_of(recv: &Value, x: &Value) -> Value {
    match recv {
        Value::Array(items) => {
            let found = items.borrow().iter().rposition(|v| strict_eq(v, x));
            found.map_or(Value::from(-1), Value::from)
        }
        Value::Str(s) => s
            .rfind(&*to_string(x))
            .map_or(Value::from(-1), |b| Value::from(utf16_offset(s, b))),
        _ => no_method(recv, "lastIndexOf"),
    }
}

/// `recv.includes(x)` on an array (NaN finds NaN) or a string (substring).
pub fn includes(recv: &Value, x: &Value) -> bool {
    match recv {
        Value::Array(items) => items.borrow().iter().any(|v| same_value_zero(v, x)),
        Value::Str(s) => s.contains(&*to_string(x)),
        _ => no_method(recv, "includes"),
    }
}

/// A relative index argument (slice's): negative counts from the end,
/// clamped to 0..=len; `None` gives `default`.
fn relative_index(arg: Option<&Value>, len: usize, default: usize) -> usize {
    let Some(arg) = arg else { return default };
    let rel = to_integer(to_number(arg));
    if rel < 0.0 {
        (len as f64 + rel).max(0.0) as usize
    } else {
        rel.min(len as f64) as usize
    }
}

/// `recv.slice(start, end)` on an array or a string (by UTF-16 units).
pub fn slice(recv: &Value, start: Option<&Value>, end: Option<&Value>) -> Value {
    // slice(a, undefined) ends at the end; slice(a, null) at 0.
    let end = end.filter(|v| !matches!(v, Value::Undefined));
    // slice(undefined) and slice(null) both start at 0.
    let start = start.filter(|v| !is_nullish(v));
    match recv {
        Value::Array(items) => {
            let items = items.borrow();
            let from = relative_index(start, items.len(), 0);
            let to = relative_index(end, items.len(), items.len());
            array(items[from..to.max(from)].to_vec())
        }
        Value::Str(s) => {
            let len = utf16_len(s);
            let from = relative_index(start, len, 0);
            let to = relative_index(end, len, len);
            Value::from(utf16_slice(s, from, to.max(from)))
        }
        _ => no_method(recv, "slice"),
    }
}

/// Array.prototype.join's body: null/undefined elements are "".
fn join_items(items: &[Value], sep: &str) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|v| {
            if is_nullish(v) {
                String::new()
            } else {
                to_string(v)
            }
        })
        .collect();
    parts.join(sep)
}

/// `arr.join(sep)`, "," by default.
pub fn join(arr: &Value, sep: Option<&Value>) -> Value {
    let items = items_of(arr, "join");
    let sep = match sep {
        None => ",".to_string(),
        Some(Value::Undefined) => ",".to_string(),
        Some(s) => to_string(s),
    };
    let joined = join_items(&items.borrow(), &sep);
    Value::from(joined)
}

/// `recv.concat(...items)`: a new array (array arguments spread one level)
/// or a new string.
pub fn concat(recv: &Value, items: &[Value]) -> Value {
    match recv {
        Value::Array(first) => {
            let mut out = first.borrow().clone();
            for item in items {
                match item {
                    Value::Array(more) => out.extend(more.borrow().iter().cloned()),
                    _ => out.push(item.clone()),
                }
            }
            array(out)
        }
        Value::Str(s) => {
            let mut out = s.to_string();
            for item in items {
                out += &to_string(item);
            }
            Value::from(out)
        }
        _ => no_method(recv, "concat"),
    }
}

/// `arr.reverse()`: reverses in place and returns the same array.
pub fn reverse(arr: &Value) -> Value {
    items_of(arr, "reverse").borrow_mut().reverse();
    arr.clone()
}

// ---------------------------------------------------------------------------
// String methods
// ---------------------------------------------------------------------------

fn str_of<'a>(v: &'a Value, method: &str) -> &'a str {
    match v {
        Value::Str(s) => s,
        _ => no_method(v, method),
    }
}

/// `s.toUpperCase()`.
pub fn to_upper_case(s: &Value) -> Value {
    Value::from(str_of(s, "toUpperCase").to_uppercase())
}

/// `s.toLowerCase()`.
pub fn to_lower_case(s: &Value) -> Value {
    Value::from(str_of(s, "toLowerCase").to_lowercase())
}

/// `s.trim()`: removes white space and line terminators at both ends.
pub fn trim(s: &Value) -> Value {
    Value::from(str_of(s, "trim").trim_matches(is_js_space))
}

/// `s.trimStart()`.
pub fn trim_start(s: &Value) -> Value {
    Value::from(str_of(s, "trimStart").trim_start_matches(is_js_space))
}

/// `s.trimEnd()`.
pub fn trim_end(s: &Value) -> Value {
    Value::from(str_of(s, "trimEnd").trim_end_matches(is_js_space))
}

/// `s.startsWith(x)`.
pub fn starts_with(s: &Value, x: &Value) -> bool {
    str_of(s, "startsWith").starts_with(&*to_string(x))
}

/// `s.endsWith(x)`.
pub fn ends_with(s: &Value, x: &Value) -> bool {
    str_of(s, "endsWith").ends_with(&*to_string(x))
}

/// A position argument where undefined and null both mean 0.
fn position(v: &Value) -> f64 {
    if is_nullish(v) {
        0.0
    } else {
        to_integer(to_number(v))
    }
}

/// `s.repeat(n)`; a negative or infinite count is a RangeError.
pub fn repeat(s: &Value, n: &Value) -> Value {
    let s = str_of(s, "repeat");
    let count = position(n);
    if count < 0.0 || count.is_infinite() {
        panic!(
            "RangeError: invalid count value: {}",
            number_to_string(count)
        );
    }
    Value::from(s.repeat(count as usize))
}

/// `s.split(sep)` with a string separator ("" splits into UTF-16 units).
pub fn split(s: &Value, sep: &Value) -> Value {
    let s = str_of(s, "split");
    let parts: Vec<Value> = match sep {
        // split(undefined) gives [s]; split(null) splits on "null".
        Value::Undefined => vec![Value::from(s)],
        _ => {
            let sep = to_string(sep);
            if sep.is_empty() {
                (0..utf16_len(s))
                    .map(|i| Value::from(unit_at(s, i).unwrap_or_default()))
                    .collect()
            } else {
                s.split(&*sep).map(Value::from).collect()
            }
        }
    };
    array(parts)
}

/// `s.charAt(i)`: the UTF-16 unit at i, or "" out of range.
pub fn char_at(s: &Value, i: &Value) -> Value {
    let s = str_of(s, "charAt");
    let i = position(i);
    let unit = if i >= 0.0 {
        unit_at(s, i as usize)
    } else {
        None
    };
    Value::from(unit.unwrap_or_default())
}

/// `s.charCodeAt(i)`: the UTF-16 unit at i as a number, or NaN.
pub fn char_code_at(s: &Value, i: &Value) -> Value {
    let s = str_of(s, "charCodeAt");
    let i = position(i);
    let unit = if i >= 0.0 {
        s.encode_utf16().nth(i as usize)
    } else {
        None
    };
    Value::Num(unit.map_or(f64::NAN, f64::from))
}

/// `s.substring(start, end)`: NaN and negatives are 0, the bounds are
/// clamped to the length and swapped if start > end.
pub fn substring(s: &Value, start: &Value, end: Option<&Value>) -> Value {
    let s = str_of(s, "substring");
    let len = utf16_len(s);
    let clamp = |x: f64| x.clamp(0.0, len as f64) as usize;
    let from = clamp(position(start));
    let to = match end {
        None => len,
        Some(Value::Undefined) => len,
        Some(e) => clamp(to_integer(to_number(e))),
    };
    Value::from(utf16_slice(s, from.min(to), from.max(to)))
}

// ---------------------------------------------------------------------------
// Global functions
// ---------------------------------------------------------------------------

/// `String(v)`.
pub fn string_of(v: &Value) -> Value {
    Value::from(to_string(v))
}

/// `Number(v)`.
pub fn number_of(v: &Value) -> Value {
    Value::Num(to_number(v))
}

/// The global `isNaN(v)`: whether v converts to NaN.
pub fn is_nan(v: &Value) -> bool {
    to_number(v).is_nan()
}

/// The global `isFinite(v)`: whether `Number(v)` is finite.
pub fn is_finite(v: &Value) -> bool {
    to_number(v).is_finite()
}

/// `parseInt(s, radix)`: the integer at the start of a string.
pub fn parse_int(s: &Value, radix: Option<&Value>) -> Value {
    // parseInt(x, undefined) and parseInt(x, null) both mean radix 0.
    let mut r = radix.map_or(0, |r| {
        if is_nullish(r) {
            0
        } else {
            to_int32(to_number(r))
        }
    });
    if r != 0 && !(2..=36).contains(&r) {
        return Value::Num(f64::NAN);
    }
    let text = to_string(s);
    let (negative, mut body) = split_sign(text.trim_start_matches(is_js_space));
    if r == 0 || r == 16 {
        if let Some(rest) = body.strip_prefix("0x").or_else(|| body.strip_prefix("0X")) {
            body = rest;
            r = 16;
        }
    }
    let radix = if r == 0 { 10 } else { r as u32 };
    let digits: Vec<u32> = body.chars().map_while(|c| c.to_digit(radix)).collect();
    if digits.is_empty() {
        return Value::Num(f64::NAN);
    }
    let x = digits_value(&digits, radix);
    Value::Num(if negative { -x } else { x })
}

/// `parseFloat(s)`: the decimal number (or Infinity) at the start of a string.
pub fn parse_float(s: &Value) -> Value {
    if is_nullish(s) {
        // "null" and "undefined" both parse as NaN.
        return Value::Num(f64::NAN);
    }
    let text = to_string(s);
    let (negative, body) = split_sign(text.trim_start_matches(is_js_space));
    let len = decimal_prefix_len(body);
    let x = if body.starts_with("Infinity") {
        f64::INFINITY
    } else if len > 0 {
        body[..len].parse().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    };
    Value::Num(if negative { -x } else { x })
}

// ---------------------------------------------------------------------------
// Math
// ---------------------------------------------------------------------------

/// `Math.floor(x)`.
pub fn floor(x: &Value) -> Value {
    Value::Num(to_number(x).floor())
}

/// `Math.ceil(x)`.
pub fn ceil(x: &Value) -> Value {
    Value::Num(to_number(x).ceil())
}

/// `Math.trunc(x)`.
pub fn trunc(x: &Value) -> Value {
    Value::Num(to_number(x).trunc())
}

/// `Math.abs(x)`.
pub fn abs(x: &Value) -> Value {
    Value::Num(to_number(x).abs())
}

/// `Math.sqrt(x)`.
pub fn sqrt(x: &Value) -> Value {
    Value::Num(to_number(x).sqrt())
}

/// `Math.sign(x)`: -1, 1, or x itself for ±0 and NaN.
pub fn sign(x: &Value) -> Value {
    let x = to_number(x);
    Value::Num(if x == 0.0 || x.is_nan() {
        x
    } else {
        x.signum()
    })
}

/// `Math.round(x)`: to the nearest integer, halves toward +Infinity.
pub fn round(x: &Value) -> Value {
    let x = to_number(x);
    if !x.is_finite() || x.fract() == 0.0 {
        return Value::Num(x);
    }
    let f = x.floor();
    let r = if x - f >= 0.5 { f + 1.0 } else { f };
    Value::Num(if r == 0.0 && x < 0.0 { -0.0 } else { r })
}

/// `Math.max(...args)`: -Infinity with no arguments, NaN if any is NaN.
pub fn max(args: &[Value]) -> Value {
    let mut best = f64::NEG_INFINITY;
    for x in args.iter().map(to_number) {
        if x.is_nan() || best.is_nan() {
            best = f64::NAN;
        } else if x > best || (x == 0.0 && best == 0.0 && best.is_sign_negative()) {
            best = x;
        }
    }
    Value::Num(best)
}

/// `Math.min(...args)`: Infinity with no arguments, NaN if any is NaN.
pub fn min(args: &[Value]) -> Value {
    let mut best = f64::INFINITY;
    for x in args.iter().map(to_number) {
        if x.is_nan() || best.is_nan() {
            best = f64::NAN;
        } else if x < best || (x == 0.0 && best == 0.0 && x.is_sign_negative()) {
            best = x;
        }
    }
    Value::Num(best)
}

// ---------------------------------------------------------------------------
// Regular expressions
// ---------------------------------------------------------------------------
//
// Patterns arrive in xlate's portable spelling: JavaScript's syntax, read by
// code points, holding nothing JavaScript (by UTF-16 units) would match
// differently; case folding and `\d`, `\w`, `\s` are already spelled out as
// classes. This is a backtracking matcher with JavaScript's rules: the left
// alternative first, greedy or lazy repetition, an empty round of a
// repetition refused once its minimum is met, lookahead that is not
// backtracked into, and each round of a repetition forgetting the groups
// inside it.

/// A parsed pattern.
enum Re {
    Char(char),
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    Start,
    End,
    /// `\b`, or `\B` when negated, over ASCII word characters.
    WordBoundary(bool),
    /// A group, capturing into the slot given.
    Group(Option<usize>, Box<Re>),
    /// `(?=..)`, or `(?!..)` when negated.
    Look(bool, Box<Re>),
    Concat(Vec<Re>),
    Alt(Vec<Re>),
    Repeat {
        body: Box<Re>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
        /// The capture slots inside the body.
        slots: std::ops::Range<usize>,
    },
}

/// Whether `re` may match a string past the BMP otherwise than JavaScript
/// does, which reads it as UTF-16 units: a negated class (`.`, `[^a]`,
/// `\D`) or a class reaching the surrogates takes one unit of a pair
/// there, one character here.
fn reads_units(re: &Re) -> bool {
    match re {
        Re::Class { negated, ranges } => {
            *negated || ranges.iter().any(|r| u32::from(r.1) >= 0xd800)
        }
        Re::Group(_, r) | Re::Look(_, r) => reads_units(r),
        Re::Repeat { body, .. } => reads_units(body),
        Re::Concat(rs) | Re::Alt(rs) => rs.iter().any(reads_units),
        Re::Char(_) | Re::Start | Re::End | Re::WordBoundary(_) => false,
    }
}

/// The characters of `s` for matching `re`; panics where `re` would read a
/// character past the BMP otherwise than JavaScript (see [`reads_units`]).
fn pattern_input(re: &Re, s: &str) -> Vec<char> {
    let chars: Vec<char> = s.chars().collect();
    if chars.iter().any(|c| u32::from(*c) > 0xffff) && reads_units(re) {
        panic!(
            "a pattern that reads UTF-16 units (`.`, a negated class) on a string with a \
             character past U+FFFF, which JavaScript reads as two units"
        );
    }
    chars
}

/// A pattern xlate wrote and its capture count; panics on anything outside
/// the portable spelling (which xlate never writes).
fn parse_pattern(pattern: &str) -> (Re, usize) {
    let mut p = ReParser {
        chars: pattern.chars().collect(),
        at: 0,
        groups: 0,
    };
    let re = p.alternation();
    if p.at != p.chars.len() {
        p.fail();
    }
    (re, p.groups)
}

struct ReParser {
    chars: Vec<char>,
    at: usize,
    groups: usize,
}

impl ReParser {
    fn fail(&self) -> ! {
        let text: String = self.chars.iter().collect();
        panic!(
            "a pattern outside xlate's portable spelling: {text:?} at {}",
            self.at
        )
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> char {
        let Some(c) = self.peek() else { self.fail() };
        self.at += 1;
        c
    }

    fn eat(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        if self.chars[self.at.min(self.chars.len())..]
            .iter()
            .take(n)
            .copied()
            .eq(s.chars())
        {
            self.at += n;
            true
        } else {
            false
        }
    }

    fn alternation(&mut self) -> Re {
        let mut alts = vec![self.sequence()];
        while self.eat("|") {
            alts.push(self.sequence());
        }
        if alts.len() == 1 {
            alts.pop().unwrap_or(Re::Concat(Vec::new()))
        } else {
            Re::Alt(alts)
        }
    }

    fn sequence(&mut self) -> Re {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let first_slot = self.groups + 1;
            let atom = self.atom();
            items.push(self.quantified(atom, first_slot));
        }
        Re::Concat(items)
    }

    fn quantified(&mut self, atom: Re, first_slot: usize) -> Re {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.at += 1;
                let min = self.number();
                let max = if self.eat(",") {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number())
                    }
                } else {
                    Some(min)
                };
                if self.next() != '}' {
                    self.fail();
                }
                self.at -= 1;
                (min, max)
            }
            _ => return atom,
        };
        self.at += 1;
        let greedy = !self.eat("?");
        Re::Repeat {
            body: Box::new(atom),
            min,
            max,
            greedy,
            slots: first_slot..self.groups + 1,
        }
    }

    fn number(&mut self) -> u32 {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        let digits: String = self.chars[start..self.at].iter().collect();
        digits.parse().unwrap_or_else(|_| self.fail())
    }

    fn atom(&mut self) -> Re {
        match self.next() {
            '^' => Re::Start,
            '$' => Re::End,
            '(' => {
                let kind = if self.eat("?:") {
                    None
                } else if self.eat("?=") {
                    Some(false)
                } else if self.eat("?!") {
                    Some(true)
                } else {
                    self.groups += 1;
                    let slot = self.groups;
                    let body = self.alternation();
                    self.close();
                    return Re::Group(Some(slot), Box::new(body));
                };
                let body = Box::new(self.alternation());
                self.close();
                match kind {
                    None => Re::Group(None, body),
                    Some(negated) => Re::Look(negated, body),
                }
            }
            '[' => self.class(),
            '\\' => match self.peek() {
                Some('b') => {
                    self.at += 1;
                    Re::WordBoundary(false)
                }
                Some('B') => {
                    self.at += 1;
                    Re::WordBoundary(true)
                }
                _ => Re::Char(self.escape()),
            },
            '.' | '*' | '+' | '?' | '{' | ')' | ']' | '}' => self.fail(),
            c => Re::Char(c),
        }
    }

    fn close(&mut self) {
        if self.next() != ')' {
            self.fail();
        }
    }

    /// The character an escape stands for (after its `\`).
    fn escape(&mut self) -> char {
        let c = self.next();
        match c {
            't' => '\t',
            'n' => '\n',
            'r' => '\r',
            'v' => '\x0b',
            'f' => '\x0c',
            'x' => self.hex(2),
            'u' if self.eat("{") => {
                let start = self.at;
                while self.peek().is_some_and(|c| c != '}') {
                    self.at += 1;
                }
                let digits: String = self.chars[start..self.at].iter().collect();
                self.at += 1;
                u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or_else(|| self.fail())
            }
            'u' => self.hex(4),
            c if c.is_ascii_alphanumeric() => self.fail(),
            c => c,
        }
    }

    fn hex(&mut self, n: usize) -> char {
        let mut v = 0;
        for _ in 0..n {
            v = v * 16 + self.next().to_digit(16).unwrap_or_else(|| self.fail());
        }
        char::from_u32(v).unwrap_or_else(|| self.fail())
    }

    fn class(&mut self) -> Re {
        let negated = self.eat("^");
        let mut ranges = Vec::new();
        loop {
            let lo = match self.next() {
                ']' => break,
                '\\' => self.escape(),
                c => c,
            };
            let hi = if self.peek() == Some('-') && self.chars.get(self.at + 1) != Some(&']') {
                self.at += 1;
                match self.next() {
                    '\\' => self.escape(),
                    c => c,
                }
            } else {
                lo
            };
            ranges.push((lo, hi));
        }
        Re::Class { negated, ranges }
    }
}

/// Capture slots: (start, end) in characters, slot 0 the whole match.
type Slots = Vec<Option<(usize, usize)>>;

/// A continuation: what must match after a node, from a position.
type Then<'k> = dyn FnMut(usize, &mut Slots) -> bool + 'k;

fn is_ascii_word(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
}

struct Matcher<'s> {
    s: &'s [char],
}

impl Matcher<'_> {
    fn at(&self, re: &Re, i: usize, slots: &mut Slots, then: &mut Then) -> bool {
        match re {
            Re::Char(c) => self.s.get(i) == Some(c) && then(i + 1, slots),
            Re::Class { negated, ranges } => match self.s.get(i) {
                Some(c) => {
                    let inside = ranges.iter().any(|(lo, hi)| lo <= c && c <= hi);
                    inside != *negated && then(i + 1, slots)
                }
                None => false,
            },
            Re::Start => i == 0 && then(i, slots),
            Re::End => i == self.s.len() && then(i, slots),
            Re::WordBoundary(negated) => {
                let before = i > 0 && is_ascii_word(self.s.get(i - 1));
                let boundary = before != is_ascii_word(self.s.get(i));
                boundary != *negated && then(i, slots)
            }
            Re::Group(None, body) => self.at(body, i, slots, then),
            Re::Group(Some(slot), body) => {
                let slot = *slot;
                self.at(body, i, slots, &mut |j, slots: &mut Slots| {
                    let old = slots[slot];
                    slots[slot] = Some((i, j));
                    if then(j, slots) {
                        return true;
                    }
                    slots[slot] = old;
                    false
                })
            }
            Re::Look(negated, body) => {
                let mut inner = slots.clone();
                let found = self.at(body, i, &mut inner, &mut |_, _| true);
                match (found, *negated) {
                    (true, false) => {
                        let saved = std::mem::replace(slots, inner);
                        if then(i, slots) {
                            return true;
                        }
                        *slots = saved;
                        false
                    }
                    (false, true) => then(i, slots),
                    _ => false,
                }
            }
            Re::Concat(items) => self.sequence(items, i, slots, then),
            Re::Alt(alts) => alts.iter().any(|alt| self.at(alt, i, slots, then)),
            Re::Repeat {
                body,
                min,
                max,
                greedy,
                slots: inner,
            } => self.repeat(body, (*min, *max, *greedy), inner, 0, i, slots, then),
        }
    }

    fn sequence(&self, items: &[Re], i: usize, slots: &mut Slots, then: &mut Then) -> bool {
        match items.split_first() {
            None => then(i, slots),
            Some((first, rest)) => self.at(first, i, slots, &mut |j, slots: &mut Slots| {
                self.sequence(rest, j, slots, then)
            }),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &self,
        body: &Re,
        bounds: (u32, Option<u32>, bool),
        inner: &std::ops::Range<usize>,
        count: u32,
        i: usize,
        slots: &mut Slots,
        then: &mut Then,
    ) -> bool {
        let (min, max, greedy) = bounds;
        // A repeated single character (`\s+`, `[a-z]*`) steps without
        // recursing: each round takes one character and holds no group,
        // so the rounds are told apart by their count alone, and a long
        // input takes no stack.
        if count == 0 {
            if let Re::Char(_) | Re::Class { .. } = body {
                let one = |at: usize| self.at(body, at, &mut Vec::new(), &mut |_, _| true);
                let limit = max.map_or(usize::MAX, |m| m as usize);
                let mut n = 0;
                while n < limit && i + n < self.s.len() && one(i + n) {
                    n += 1;
                }
                let min = min as usize;
                if n < min {
                    return false;
                }
                return if greedy {
                    (min..=n).rev().any(|k| then(i + k, slots))
                } else {
                    (min..=n).any(|k| then(i + k, slots))
                };
            }
        }
        if max == Some(count) {
            return then(i, slots);
        }
        if count >= min && !greedy && then(i, slots) {
            return true;
        }
        // One more round, its groups forgotten first.
        let saved: Vec<_> = slots[inner.clone()].to_vec();
        for slot in &mut slots[inner.clone()] {
            *slot = None;
        }
        let more = self.at(body, i, slots, &mut |j, slots: &mut Slots| {
            (j != i || count < min)
                && self.repeat(body, bounds, inner, count.saturating_add(1), j, slots, then)
        });
        if more {
            return true;
        }
        slots[inner.clone()].clone_from_slice(&saved);
        count >= min && greedy && then(i, slots)
    }
}

/// The first match of a pattern in `s` at or after `from`: its slots.
fn find_match(re: &Re, groups: usize, s: &[char], from: usize) -> Option<Slots> {
    let m = Matcher { s };
    (from..=s.len()).find_map(|start| {
        let mut slots: Slots = vec![None; groups + 1];
        let mut end = None;
        m.at(re, start, &mut slots, &mut |j, _| {
            end = Some(j);
            true
        })
        .then(|| {
            slots[0] = end.map(|e| (start, e));
            slots
        })
    })
}

/// `/p/.test(s)` on a string.
pub fn regex_test(s: &Value, pattern: &str) -> bool {
    let (re, groups) = parse_pattern(pattern);
    let chars = pattern_input(&re, str_of(s, "test"));
    find_match(&re, groups, &chars, 0).is_some()
}

/// `s.replace(/p/, r)`, every match when `all` (`/p/g`). The replacement
/// is in the portable spelling: `$$` is `$`, `$&` the match, `$NN` (two
/// digits) a group ("" where it took no part). The pattern never matches
/// the empty string.
pub fn regex_replace(s: &Value, pattern: &str, replacement: &str, all: bool) -> Value {
    let (re, groups) = parse_pattern(pattern);
    let chars = pattern_input(&re, str_of(s, "replace"));
    let text = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    let mut out = String::new();
    let mut at = 0;
    while let Some(slots) = find_match(&re, groups, &chars, at) {
        // The pattern never matches the empty string; stop if it did.
        let Some((start, end)) = slots[0].filter(|(a, b)| a < b) else {
            break;
        };
        out.push_str(&text(at, start));
        let mut r = replacement.chars().peekable();
        while let Some(c) = r.next() {
            if c != '$' {
                out.push(c);
                continue;
            }
            match r.next() {
                Some('$') => out.push('$'),
                Some('&') => out.push_str(&text(start, end)),
                Some(d) => {
                    let n = d.to_digit(10).unwrap_or(0) * 10
                        + r.next().and_then(|d| d.to_digit(10)).unwrap_or(0);
                    if let Some(Some((a, b))) = slots.get(n as usize) {
                        out.push_str(&text(*a, *b));
                    }
                }
                None => out.push('$'),
            }
        }
        at = end;
        if !all {
            break;
        }
    }
    out.push_str(&text(at, chars.len()));
    Value::from(out)
}

/// `s.split(/p/)` for a pattern with no group that never matches the empty
/// string.
pub fn regex_split(s: &Value, pattern: &str) -> Value {
    let (re, groups) = parse_pattern(pattern);
    let chars = pattern_input(&re, str_of(s, "split"));
    let mut parts = Vec::new();
    let mut at = 0;
    while let Some(slots) = find_match(&re, groups, &chars, at) {
        let Some((start, end)) = slots[0].filter(|(a, b)| a < b) else {
            break;
        };
        parts.push(Value::from(chars[at..start].iter().collect::<String>()));
        at = end;
    }
    parts.push(Value::from(chars[at..].iter().collect::<String>()));
    array(parts)
}
