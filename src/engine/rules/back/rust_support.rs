//! The helpers Rust translations of Python call, written once per output
//! file: each bridges a gap of the semantic gap table (`ir::gap`) that no
//! Rust expression closes on its own. Integer helpers are written for the
//! one integer width a function uses.

use super::super::Support;
use crate::engine::SupportCode;

/// The helpers a translated crate declares once, in its support module
/// (`project::crate_support`), rather than in each file: by the key the
/// backend adds each under, with the name a file imports. A bound one file
/// writes (`T: JsPrimitive`) is then the bound another file's callee reads.
const CRATE_SHARED: &[(&str, &str)] = &[
    ("helper:JsPrimitive", "JsPrimitive"),
    (super::rust_dynamic::RUNTIME_KEY, "js"),
];

/// The name a file imports in place of the helper added under `key`, where
/// the crate shares that helper.
pub fn shared_name(key: &str) -> Option<&'static str> {
    CRATE_SHARED
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, name)| *name)
}

/// The code of the helpers a crate shares, in a fixed order.
pub fn crate_shared() -> Vec<SupportCode> {
    let mut support = Support {
        crate_shared: true,
        ..Support::default()
    };
    js_primitive(&mut support);
    support.add(
        super::rust_dynamic::RUNTIME_KEY,
        &super::rust_dynamic::runtime_module(true),
    );
    support.add(
        super::rust_dynamic::PRIMITIVE_KEY,
        super::rust_dynamic::PRIMITIVE_IMPL,
    );
    support.items
}

/// Python's `//` on integers: rounds toward negative infinity.
pub fn py_div(support: &mut Support, int: &str) -> String {
    let name = format!("py_div_{int}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's `//`: the quotient rounded toward negative infinity.\n\
             fn {name}(a: {int}, b: {int}) -> {int} {{\n    \
             let q = a / b;\n    \
             if a % b != 0 && ((a < 0) != (b < 0)) {{\n        q - 1\n    }} else {{\n        q\n    }}\n}}\n"
        ),
    );
    name
}

/// Python's `%` on integers: the result takes the divisor's sign.
pub fn py_mod(support: &mut Support, int: &str) -> String {
    let name = format!("py_mod_{int}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's `%`: the remainder with the divisor's sign.\n\
             fn {name}(a: {int}, b: {int}) -> {int} {{\n    \
             let r = a % b;\n    \
             if r != 0 && ((r < 0) != (b < 0)) {{\n        r + b\n    }} else {{\n        r\n    }}\n}}\n"
        ),
    );
    name
}

/// Python's `<<` on integers, which never overflows: a negative count
/// panics where Python raises `ValueError`, and a result that does not fit
/// the width panics where Python would give a wider integer.
pub fn py_shl(support: &mut Support, int: &str) -> String {
    let name = format!("py_shl_{int}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's `<<`: panics on a negative count and on a result the\n\
             /// integer type cannot hold (Python's integers have no width).\n\
             fn {name}(a: {int}, b: {int}) -> {int} {{\n    \
             let n = u32::try_from(b).expect(\"negative shift count\");\n    \
             let r = a.checked_shl(n).expect(\"shift past the integer width\");\n    \
             assert!(r >> n == a, \"shift overflows the integer width\");\n    \
             r\n}}\n"
        ),
    );
    name
}

/// Python's `>>` on integers: floor division by a power of two, so a count
/// past the width leaves the sign (`-1` or `0`); a negative count panics
/// where Python raises `ValueError`.
pub fn py_shr(support: &mut Support, int: &str) -> String {
    let name = format!("py_shr_{int}");
    // Unsigned values have no sign to keep.
    let past = if int.starts_with('u') {
        "0"
    } else {
        "if a < 0 { -1 } else { 0 }"
    };
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's `>>`: rounds toward negative infinity; panics on a\n\
             /// negative count.\n\
             fn {name}(a: {int}, b: {int}) -> {int} {{\n    \
             let n = u32::try_from(b).expect(\"negative shift count\");\n    \
             a.checked_shr(n).unwrap_or({past})\n}}\n"
        ),
    );
    name
}

/// A Python index (negative counts from the end) as a position, panicking
/// where Python raises `IndexError`.
pub fn py_index(support: &mut Support, int: &str) -> String {
    let name = format!("py_index_{int}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// A Python index into a sequence of `len` items: negative ones count\n\
             /// from the end; out of range panics, as Python raises.\n\
             fn {name}(i: {int}, len: usize) -> usize {{\n    \
             let at = if i < 0 {{ i as i128 + len as i128 }} else {{ i as i128 }};\n    \
             match usize::try_from(at) {{\n        \
             Ok(at) if at < len => at,\n        \
             _ => panic!(\"index out of range\"),\n    }}\n}}\n"
        ),
    );
    name
}

/// A Python slice's bounds (negative count from the end, clipped to the
/// sequence) as a range of positions.
pub fn py_slice(support: &mut Support, int: &str) -> String {
    let name = format!("py_slice_{int}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// The positions a Python slice `[lower:upper]` of a sequence of `len`\n\
             /// items covers: negative bounds count from the end, and bounds past\n\
             /// either end are clipped.\n\
             fn {name}(lower: Option<{int}>, upper: Option<{int}>, len: usize) -> std::ops::Range<usize> {{\n    \
             let clip = |b: {int}| -> usize {{\n        \
             let b = b as i128;\n        \
             let at = if b < 0 {{ b + len as i128 }} else {{ b }};\n        \
             at.clamp(0, len as i128) as usize\n    }};\n    \
             let lo = lower.map_or(0, clip);\n    \
             let hi = upper.map_or(len, clip);\n    \
             lo..hi.max(lo)\n}}\n"
        ),
    );
    name
}

/// Python's `int(s)` on a string: surrounding whitespace and `_` between
/// digits allowed, anything else panics as Python raises `ValueError`.
pub fn py_int(support: &mut Support, int: &str) -> String {
    let name = format!("py_int_{int}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's `int()` of a string; a string that is not a number panics,\n\
             /// as Python raises `ValueError`.\n\
             fn {name}(s: &str) -> {int} {{\n    \
             match s.trim().replace('_', \"\").parse::<{int}>() {{\n        \
             Ok(v) => v,\n        \
             Err(_) => panic!(\"invalid literal for int(): {{s:?}}\"),\n    }}\n}}\n"
        ),
    );
    name
}

/// Python's int of a whole float (`int()`, `round()`, `math.floor`...):
/// NaN and the infinities raise in Python, and a value past the integer
/// width the translation assumes would be cut by `as`; each panics.
pub fn py_int_of(support: &mut Support, int: &str) -> String {
    let name = format!("py_int_of_{int}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's int of a whole float: NaN and the infinities raise, and a value\n\
             /// past `{int}` would not fit.\n\
             fn {name}(x: f64) -> {int} {{\n    \
             assert!(x.is_finite(), \"cannot convert float {{x}} to integer\");\n    \
             assert!(\n        x >= {int}::MIN as f64 && x < {int}::MAX as f64 + 1.0,\n        \"{{x}} does not fit {int}\"\n    );\n    \
             x as {int}\n}}\n"
        ),
    );
    name
}

/// Python's `int(s, base)` on a string, `base` from 2 to 36: surrounding
/// whitespace, a sign, the base's prefix (`0x` for 16, `0o` for 8, `0b`
/// for 2) and single `_` between digits, as Python reads them; anything
/// else panics, as Python raises `ValueError`.
pub fn py_int_radix(support: &mut Support, int: &str) -> String {
    let name = format!("py_int_radix_{int}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's `int()` of a string in a base; a string that is not a number\n\
             /// in it panics, as Python raises `ValueError`.\n\
             fn {name}(s: &str, base: u32) -> {int} {{\n    \
             let t = s.trim();\n    \
             let (sign, t) = match t.strip_prefix('-') {{\n        \
             Some(rest) => (\"-\", rest),\n        \
             None => (\"\", t.strip_prefix('+').unwrap_or(t)),\n    }};\n    \
             let prefix = match base {{\n        \
             2 => \"0b\",\n        8 => \"0o\",\n        16 => \"0x\",\n        _ => \"\",\n    }};\n    \
             let prefixed = !prefix.is_empty()\n        \
             && t.get(..2).is_some_and(|p| p.eq_ignore_ascii_case(prefix));\n    \
             let t = if prefixed {{ &t[2..] }} else {{ t }};\n    \
             // Python allows one `_` between digits, and one after a prefix.\n    \
             let parts: Vec<&str> = t.split('_').collect();\n    \
             let well_formed = parts.iter().enumerate().all(|(i, p)| {{\n        \
             (!p.is_empty() || (i == 0 && prefixed && parts.len() > 1))\n            \
             && p.chars().all(|c| c.is_ascii_alphanumeric())\n    }});\n    \
             let parsed = if well_formed {{\n        \
             {int}::from_str_radix(&format!(\"{{sign}}{{}}\", parts.concat()), base).ok()\n    \
             }} else {{\n        None\n    }};\n    \
             match parsed {{\n        \
             Some(v) => v,\n        \
             None => panic!(\"invalid literal for int() with base {{base}}: {{s:?}}\"),\n    }}\n}}\n"
        ),
    );
    name
}

/// Python's `pow(base, exp, mod)` on integers, worked in `i128` so that no
/// product overflows: the result has the sign of `mod`, a negative `exp`
/// takes the inverse of `base` modulo `mod` (a panic where there is none,
/// as Python raises `ValueError`), and a `mod` of 0 panics.
pub fn py_pow_mod(support: &mut Support, int: &str) -> String {
    let name = format!("py_pow_mod_{int}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's `pow(base, exp, mod)`: the result has the sign of `mod`; a\n\
             /// negative `exp` inverts `base` modulo `mod`; panics where Python raises.\n\
             fn {name}(base: {int}, exp: {int}, m: {int}) -> {int} {{\n    \
             let wide = |v: {int}| i128::try_from(v).expect(\"integer past i128\");\n    \
             let (m, mut e) = (wide(m), wide(exp));\n    \
             assert!(m != 0, \"pow() 3rd argument cannot be 0\");\n    \
             let am = m.abs();\n    \
             let mut b = wide(base).rem_euclid(am);\n    \
             if e < 0 {{\n        \
             let (mut r0, mut r1, mut s0, mut s1) = (b, am, 1_i128, 0_i128);\n        \
             while r1 != 0 {{\n            \
             let q = r0 / r1;\n            \
             (r0, r1) = (r1, r0 - q * r1);\n            \
             (s0, s1) = (s1, s0 - q * s1);\n        }}\n        \
             assert!(r0 == 1, \"base is not invertible for the given modulus\");\n        \
             b = s0.rem_euclid(am);\n        \
             e = -e;\n    }}\n    \
             let mut r = 1 % am;\n    \
             while e > 0 {{\n        \
             if e & 1 == 1 {{\n            r = r * b % am;\n        }}\n        \
             b = b * b % am;\n        \
             e >>= 1;\n    }}\n    \
             if m < 0 && r != 0 {{\n        r -= am;\n    }}\n    \
             {int}::try_from(r).expect(\"a remainder smaller than the modulus\")\n}}\n"
        ),
    );
    name
}

/// `math.gcd`: never negative.
pub fn py_gcd(support: &mut Support, int: &str) -> String {
    let name = format!("py_gcd_{int}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's `math.gcd`: the greatest common divisor, never negative.\n\
             fn {name}(a: {int}, b: {int}) -> {int} {{\n    \
             let (mut a, mut b) = (a.abs(), b.abs());\n    \
             while b != 0 {{\n        (a, b) = (b, a % b);\n    }}\n    a\n}}\n"
        ),
    );
    name
}

/// Python's `%` on floats: the remainder with the divisor's sign.
pub fn py_fmod(support: &mut Support, float: &str) -> String {
    let name = format!("py_mod_{float}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's `%` on floats: the remainder with the divisor's sign.\n\
             fn {name}(a: {float}, b: {float}) -> {float} {{\n    \
             if b == 0.0 {{\n        panic!(\"float modulo\");\n    }}\n    \
             let r = a % b;\n    \
             if r != 0.0 && ((r < 0.0) != (b < 0.0)) {{\n        r + b\n    }} else {{\n        r\n    }}\n}}\n"
        ),
    );
    name
}

/// Python's white space (`str.isspace`, what `split()` and `strip()` take
/// away): Rust's `char::is_whitespace` and U+001C to U+001F.
pub fn py_is_space(support: &mut Support) -> &'static str {
    let name = "py_is_space";
    support.add(
        &format!("helper:{name}"),
        "/// Python's white space (`str.isspace`): Rust's and U+001C to U+001F.\n\
         fn py_is_space(c: char) -> bool {\n    \
         c.is_whitespace() || ('\\u{1c}'..='\\u{1f}').contains(&c)\n}\n",
    );
    name
}

/// Python's `isdigit`, `isalpha` or `isalnum` of one character (`test` is
/// the method's name, `ascii` the `char` method that is exact on ASCII). Python's classes of other characters
/// are not Rust's (`'²'.isdigit()`, `'Ⅷ'.isalpha()` is false where
/// `is_alphabetic` is true), so a character outside ASCII panics rather
/// than give another answer.
pub fn py_char_class(support: &mut Support, test: &str, ascii: &str) -> String {
    let name = format!("py_{test}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's `str.{test}` of one character, on ASCII; Python's classes of\n\
             /// other characters differ from Rust's, so one panics.\n\
             fn {name}(c: char) -> bool {{\n    \
             if !c.is_ascii() {{\n        \
             panic!(\"{test} of the non-ASCII character {{c:?}}: the translation knows ASCII's classes only\");\n    \
             }}\n    \
             c.{ascii}()\n}}\n"
        ),
    );
    name
}

/// JavaScript's `**` and `Math.pow` on numbers: NaN for `1 ** NaN` and
/// `(±1) ** ±Infinity`, where Rust's `powf` gives 1 (as C's `pow` does).
pub fn js_powf(support: &mut Support, float: &str) -> String {
    let name = format!("js_pow_{float}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// JavaScript's `**`: NaN for `1 ** NaN` and `(±1) ** ±Infinity`, where\n\
             /// `powf` gives 1.\n\
             fn {name}(a: {float}, b: {float}) -> {float} {{\n    \
             if b.is_nan() || (a.abs() == 1.0 && b.is_infinite()) {{\n        \
             return {float}::NAN;\n    }}\n    \
             a.powf(b)\n}}\n"
        ),
    );
    name
}

/// Python's `/`: a zero divisor raises `ZeroDivisionError`, where a float
/// division gives an infinity or NaN.
pub fn py_truediv(support: &mut Support, float: &str) -> String {
    let name = format!("py_truediv_{float}");
    support.add(
        &format!("helper:{name}"),
        &format!(
            "/// Python's `/`: division by zero panics, as Python raises.\n\
             fn {name}(a: {float}, b: {float}) -> {float} {{\n    \
             if b == 0.0 {{\n        panic!(\"division by zero\");\n    }}\n    \
             a / b\n}}\n"
        ),
    );
    name
}

/// A float as the source language writes it: Python's `str()`/`repr()`
/// and f-strings, or JavaScript's `String()` and template literals. Both
/// print the shortest digits that read back as the same float, as Rust's
/// `{}` and `{:e}` do; they differ in where they switch to an exponent, in
/// how they spell it, and in whether an integral float keeps its `.0`.
/// `name` is the helper the gap table names (`py_float_str` or
/// `js_number_str`); `None` for another.
pub fn float_str(support: &mut Support, name: &str) -> Option<String> {
    let (doc, body) = match name {
        "js_number_str" => (
            "JavaScript's `String()` of a number: `1e+21`, `1e-7`, `0`, `3`, `Infinity`.",
            "if x.is_nan() {\n        return \"NaN\".to_string();\n    }\n    \
             if x.is_infinite() {\n        return if x > 0.0 { \"Infinity\" } else { \"-Infinity\" }.to_string();\n    }\n    \
             if x == 0.0 {\n        return \"0\".to_string();\n    }\n    \
             if (1e-6..1e21).contains(&x.abs()) {\n        return format!(\"{x}\");\n    }\n    \
             let s = format!(\"{x:e}\");\n    \
             match s.split_once('e') {\n        \
             Some((m, e)) if !e.starts_with('-') => format!(\"{m}e+{e}\"),\n        \
             _ => s,\n    }",
        ),
        "py_float_str" => (
            "Python's `str()` of a float: `3.0`, `1e+16`, `1e-05`, `-0.0`, `inf`, `nan`.",
            "if x.is_nan() {\n        return \"nan\".to_string();\n    }\n    \
             if x.is_infinite() {\n        return if x > 0.0 { \"inf\" } else { \"-inf\" }.to_string();\n    }\n    \
             let s = format!(\"{x:e}\");\n    \
             let (m, e) = s.split_once('e').unwrap_or((s.as_str(), \"0\"));\n    \
             let exp: i32 = e.parse().unwrap_or(0);\n    \
             if x != 0.0 && !(-4..16).contains(&exp) {\n        \
             let sign = if exp < 0 { '-' } else { '+' };\n        \
             return format!(\"{m}e{sign}{:02}\", exp.abs());\n    }\n    \
             let fixed = format!(\"{x}\");\n    \
             if fixed.contains('.') {\n        fixed\n    } else {\n        fixed + \".0\"\n    }",
        ),
        _ => return None,
    };
    support.add(
        &format!("helper:{name}"),
        &format!("/// {doc}\nfn {name}(x: f64) -> String {{\n    {body}\n}}\n"),
    );
    Some(name.to_string())
}

/// The bound of a type variable whose values a JavaScript function
/// compares (`===`, `!==`, `<`) or tests for truth: JavaScript compares a number, a string or
/// a boolean by value, as Rust's `==` and `<` do, but an object or an
/// array by identity (`===`) or as text (`<`). The trait is implemented
/// for the primitives only, so a caller passing a `Vec` or a struct fails
/// to compile rather than comparing by value. Strings order alike under
/// the stated assumption that they stay in the Basic Multilingual Plane
/// (JavaScript orders UTF-16 units, Rust bytes of UTF-8, i.e. code
/// points). `Option` has no impl: JavaScript's `null < 1` converts `null`
/// to `0`. An object is always true, a primitive by its value
/// (`js_truthy`).
pub fn js_primitive(support: &mut Support) -> &'static str {
    support.add(
        "helper:JsPrimitive",
        "/// A JavaScript primitive (a number, a string, a boolean): `===` and `<`\n\
         /// compare it by value, as Rust's `==` and `<` do, and its truth is\n\
         /// JavaScript's. Objects and arrays, which JavaScript compares by identity\n\
         /// or as text, have no impl.\n\
         pub trait JsPrimitive: Clone + PartialEq + PartialOrd {\n    \
         /// JavaScript's truth: `0`, `-0`, `NaN`, `\"\"` and `false` are false.\n    \
         fn js_truthy(&self) -> bool;\n}\n\
         impl JsPrimitive for i64 {\n    fn js_truthy(&self) -> bool {\n        *self != 0\n    }\n}\n\
         impl JsPrimitive for i32 {\n    fn js_truthy(&self) -> bool {\n        *self != 0\n    }\n}\n\
         impl JsPrimitive for f64 {\n    fn js_truthy(&self) -> bool {\n        *self != 0.0 && !self.is_nan()\n    }\n}\n\
         impl JsPrimitive for bool {\n    fn js_truthy(&self) -> bool {\n        *self\n    }\n}\n\
         impl JsPrimitive for char {\n    fn js_truthy(&self) -> bool {\n        true\n    }\n}\n\
         impl JsPrimitive for String {\n    fn js_truthy(&self) -> bool {\n        !self.is_empty()\n    }\n}\n\
         impl JsPrimitive for &str {\n    fn js_truthy(&self) -> bool {\n        !self.is_empty()\n    }\n}\n",
    );
    "JsPrimitive"
}
