//! The helpers Rust translations of Python call, written once per output
//! file: each bridges a gap of the semantic gap table (`ir::gap`) that no
//! Rust expression closes on its own. Integer helpers are written for the
//! one integer width a function uses.

use super::super::Support;

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
