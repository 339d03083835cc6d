//! The runtime helpers a translation may need, where what the code tells the
//! engine is not enough to pick a plain operator. They are few, named after
//! what they do, and written once per output file, only when used.

use super::Support;

/// JavaScript helpers for code translated from Python.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsHelper {
    /// Python's `%`: the result takes the sign of the divisor, and a zero
    /// divisor raises.
    PyMod,
    /// Python's `/`: a zero divisor raises (JavaScript gives `Infinity` or
    /// `NaN`, which would go on silently).
    PyDiv,
    /// Python's `==`: lists, tuples, sets and dicts compare by value.
    PyEq,
    /// Python's ordering: numbers, strings, and lists element by element.
    PyCmp,
    /// Python's truthiness: empty strings, lists, sets and dicts are false.
    PyTruthy,
    /// Python's `range`, as an array.
    Range,
    /// Python's `zip`, as an array of arrays, as long as the shortest input.
    Zip,
    /// Python's `+` where the operands may be numbers, strings or lists.
    PyAdd,
    /// Python's `*` where an operand may be a string or list to repeat.
    PyMul,
    /// Python's `str()` of a value whose type is not known.
    PyStr,
    /// A `math` function that raises where JavaScript's gives `NaN` or
    /// `Infinity` from finite arguments (`math.pow` overflowing,
    /// `math.sqrt(-1)`, `math.log(0)`).
    PyMath,
    /// Python's `pow(base, exp, mod)` of ints: exact (BigInt) where
    /// `base ** exp` would pass 2^53, with the sign of `mod`, an inverse
    /// for a negative `exp`, and `ValueError` where Python raises one.
    PyPowMod,
    /// Python's `pow(base, exp)` of ints: exact (BigInt), a float for a
    /// negative `exp`, and a `RangeError` for an int result a JavaScript
    /// number cannot hold (past 2^53) rather than a rounded one.
    PyPowInt,
    /// Python's `a << b` and `a >> b` of ints: exact (BigInt), a
    /// `ValueError` for a negative count, and a `RangeError` for a result
    /// a JavaScript number cannot hold (past 2^53).
    PyShift,
    /// An int computed in BigInt, as a number: one a number cannot hold
    /// (past 2^53) throws `RangeError(PAST_2_53)`. Behind `pyPowInt` and
    /// `pyShift`.
    PyExactInt,
}

/// The message of the `RangeError` the JavaScript helpers throw for an int
/// past 2^53, where the translation's assumptions end. The verifier reads
/// it to leave such an input out (`verify::differential`).
pub const PAST_2_53: &str = "integer past 2^53";

impl JsHelper {
    pub fn name(self) -> &'static str {
        match self {
            JsHelper::PyMod => "pyMod",
            JsHelper::PyDiv => "pyDiv",
            JsHelper::PyEq => "pyEq",
            JsHelper::PyCmp => "pyCmp",
            JsHelper::PyTruthy => "pyTruthy",
            JsHelper::Range => "range",
            JsHelper::Zip => "zip",
            JsHelper::PyAdd => "pyAdd",
            JsHelper::PyMul => "pyMul",
            JsHelper::PyStr => "pyStr",
            JsHelper::PyMath => "pyMath",
            JsHelper::PyPowMod => "pyPowMod",
            JsHelper::PyPowInt => "pyPowInt",
            JsHelper::PyShift => "pyShift",
            JsHelper::PyExactInt => "pyExactInt",
        }
    }

    fn code(self) -> &'static str {
        match self {
            JsHelper::PyMod => {
                r#"// Python's %: the result has the sign of the divisor; % 0 raises.
// The remainder is moved by b only when its sign is wrong: `(a % b + b) % b`
// lost a tiny a to rounding (5e-18 % -16 gave 0, Python -16.0) and gave NaN
// for an infinite b. `!=` so that a BigInt 0n counts as zero too.
function pyMod(a, b) {
  if (Number(b) === 0) {
    throw new PyError("ZeroDivisionError", "integer division or modulo by zero");
  }
  const r = a % b;
  return r != 0 && r < 0 !== b < 0 ? r + b : r;
}
"#
            }
            JsHelper::PyDiv => {
                r#"// Python's /: dividing by zero raises, where JavaScript gives Infinity or NaN.
function pyDiv(a, b) {
  if (Number(b) === 0) {
    throw new PyError("ZeroDivisionError", "division by zero");
  }
  return a / b;
}
"#
            }
            JsHelper::PyEq => {
                r#"// Python's ==: lists, sets and dicts are equal when their contents are.
function pyEq(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => pyEq(x, b[i]));
  }
  if (a instanceof Set && b instanceof Set) {
    return a.size === b.size && [...a].every((x) => b.has(x));
  }
  if (a instanceof Map && b instanceof Map) {
    return a.size === b.size && [...a].every(([k, v]) => b.has(k) && pyEq(v, b.get(k)));
  }
  if (typeof a === "boolean") {
    a = Number(a);
  }
  if (typeof b === "boolean") {
    b = Number(b);
  }
  return a === b;
}
"#
            }
            JsHelper::PyCmp => {
                r#"// Python's ordering: numbers and strings as usual, lists element by element.
function pyCmp(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < a.length && i < b.length; i++) {
      const c = pyCmp(a[i], b[i]);
      if (c !== 0) {
        return c;
      }
    }
    return a.length - b.length;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
"#
            }
            JsHelper::PyTruthy => {
                r#"// Python's truthiness: empty strings, lists, sets and dicts are false.
function pyTruthy(x) {
  if (typeof x === "string" || Array.isArray(x)) {
    return x.length > 0;
  }
  if (x instanceof Set || x instanceof Map) {
    return x.size > 0;
  }
  if (typeof x === "number") {
    return x !== 0;
  }
  return x !== null && x !== undefined && x !== false;
}
"#
            }
            JsHelper::Range => {
                r#"// Python's range, as an array.
function range(start, stop, step = 1) {
  if (stop === undefined) {
    [start, stop] = [0, start];
  }
  if (step === 0) {
    throw new PyError("ValueError", "range() arg 3 must not be zero");
  }
  const out = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
    out.push(i);
  }
  return out;
}
"#
            }
            JsHelper::PyAdd => {
                r#"// Python's +: numbers add, strings and lists concatenate.
function pyAdd(a, b) {
  return Array.isArray(a) ? [...a, ...b] : a + b;
}
"#
            }
            JsHelper::PyMul => {
                r#"// Python's *: numbers multiply, a string or list times an int repeats, and
// anything else (a sequence times a float or a string) raises TypeError.
function pyMul(a, b) {
  const isNum = (v) => typeof v === "number" || typeof v === "boolean";
  if (isNum(a) && !isNum(b)) {
    [a, b] = [b, a];
  }
  if (typeof a === "string" || Array.isArray(a)) {
    if (!(typeof b === "boolean" || Number.isInteger(b))) {
      throw new PyError("TypeError", "can't multiply sequence by non-int");
    }
    const n = Math.max(Number(b), 0);
    return typeof a === "string" ? a.repeat(n) : Array.from({ length: n }, () => a).flat();
  }
  if (!isNum(a) || !isNum(b)) {
    throw new PyError("TypeError", "unsupported operand type(s) for *");
  }
  return a * b;
}
"#
            }
            JsHelper::PyStr => {
                r#"// Python's str() of None, booleans, numbers, strings and lists; a number
// that is a Python float prints with its fraction (2.0).
function pyStr(x, isFloat = false) {
  if (x === null || x === undefined) {
    return "None";
  }
  if (typeof x === "boolean") {
    return x ? "True" : "False";
  }
  if (typeof x === "number") {
    if (Number.isNaN(x)) {
      return "nan";
    }
    if (!Number.isFinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    if (Number.isInteger(x) && !(isFloat && Math.abs(x) >= 1e16)) {
      return isFloat ? (Object.is(x, -0) ? "-0.0" : x.toFixed(1)) : String(x);
    }
    const [mantissa, e] = x.toExponential().split("e");
    const exp = Number(e);
    if (exp < -4 || exp >= 16) {
      return mantissa + "e" + (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(2, "0");
    }
    return String(x);
  }
  if (Array.isArray(x)) {
    return "[" + x.map((v) => (typeof v === "string" ? pyRepr(v) : pyStr(v))).join(", ") + "]";
  }
  return String(x);
}

// Python's repr() of a string.
function pyRepr(s) {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const c of s) {
    const code = c.codePointAt(0);
    if (c === "\\" || c === q) {
      out += "\\" + c;
    } else if (c === "\n") {
      out += "\\n";
    } else if (c === "\r") {
      out += "\\r";
    } else if (c === "\t") {
      out += "\\t";
    } else if (code < 0x20 || code === 0x7f) {
      out += "\\x" + code.toString(16).padStart(2, "0");
    } else {
      out += c;
    }
  }
  return out + q;
}
"#
            }
            JsHelper::PyMath => {
                r#"// Python's math functions raise (math range error, math domain error)
// where JavaScript's give NaN or Infinity from finite arguments.
function pyMath(f, ...args) {
  const r = f(...args);
  if (!Number.isFinite(r) && args.every((a) => Number.isFinite(Number(a)))) {
    throw new RangeError("math range or domain error");
  }
  return r;
}
"#
            }
            JsHelper::PyPowInt => {
                r#"// Python's pow(base, exp) of ints, exactly: a negative exp gives a float
// (0 to a negative power raises); an int result past 2^53, which a number
// cannot hold, throws a RangeError where a rounded one would go on silently.
function pyPowInt(base, exp) {
  if (exp < 0) {
    if (base === 0) {
      throw new PyError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
    }
    return base ** exp;
  }
  const big = Math.abs(base) > 1 && exp > 53;
  return pyExactInt(big ? null : BigInt(base) ** BigInt(exp));
}
"#
            }
            JsHelper::PyShift => {
                r#"// Python's a << b (left) and a >> b of ints, exactly: a negative count
// raises; a left shift past 2^53, which a number cannot hold, throws a
// RangeError where JavaScript's << would cut the result to 32 bits. (A
// nonzero int shifted left past 53 bits is past 2^53: no BigInt is built.)
function pyShift(a, b, left) {
  if (b < 0) {
    throw new PyError("ValueError", "negative shift count");
  }
  if (left && a !== 0 && b > 53) {
    return pyExactInt(null);
  }
  return pyExactInt(left ? BigInt(a) << BigInt(b) : BigInt(a) >> BigInt(b));
}
"#
            }
            JsHelper::PyPowMod => {
                r#"// Python's pow(base, exp, mod) of ints, in BigInt so that no power passes
// 2^53: the result has the sign of mod, a negative exp raises the inverse of
// base modulo mod (ValueError where there is none), and mod 0 raises.
function pyPowMod(base, exp, mod) {
  const m = BigInt(mod);
  if (m === 0n) {
    throw new PyError("ValueError", "pow() 3rd argument cannot be 0");
  }
  const am = m < 0n ? -m : m;
  let b = ((BigInt(base) % am) + am) % am;
  let e = BigInt(exp);
  if (e < 0n) {
    let [r0, r1, s0, s1] = [b, am, 1n, 0n];
    while (r1 !== 0n) {
      const q = r0 / r1;
      [r0, r1] = [r1, r0 - q * r1];
      [s0, s1] = [s1, s0 - q * s1];
    }
    if (r0 !== 1n) {
      throw new PyError("ValueError", "base is not invertible for the given modulus");
    }
    b = ((s0 % am) + am) % am;
    e = -e;
  }
  let r = 1n % am;
  while (e > 0n) {
    if (e & 1n) {
      r = (r * b) % am;
    }
    b = (b * b) % am;
    e >>= 1n;
  }
  return Number(m < 0n && r !== 0n ? r - am : r);
}
"#
            }
            JsHelper::PyExactInt => {
                r#"// An int computed in BigInt, as a number, exactly: one past 2^53 (or
// null, known to be past it before it was built) throws a RangeError where
// a number would go on rounded.
function pyExactInt(r) {
  if (r === null || r > BigInt(Number.MAX_SAFE_INTEGER) || r < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError("integer past 2^53");
  }
  return Number(r);
}
"#
            }
            JsHelper::Zip => {
                r#"// Python's zip: tuples of the i-th elements, as long as the shortest input.
function zip(...arrays) {
  const n = arrays.length === 0 ? 0 : Math.min(...arrays.map((a) => a.length));
  return Array.from({ length: n }, (_, i) => arrays.map((a) => a[i]));
}
"#
            }
        }
    }

    fn deps(self) -> &'static [JsHelper] {
        match self {
            JsHelper::PyPowInt | JsHelper::PyShift => &[JsHelper::PyExactInt],
            _ => &[],
        }
    }

    /// Records the helper (and what it needs) and returns its name.
    pub fn use_in(self, support: &mut Support) -> &'static str {
        for dep in self.deps() {
            dep.use_in(support);
        }
        if self.code().contains("new PyError(") {
            support.add("helper:PyError", super::back::javascript::PY_ERROR);
        }
        support.add(&format!("helper:{}", self.name()), self.code());
        self.name()
    }
}

/// Python helpers for code translated from JavaScript.
// Each variant names the JavaScript operation it stands for.
#[allow(clippy::enum_variant_names)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PyHelper {
    /// JavaScript's `/` on integers, whose integral quotient is a Python
    /// `int`.
    JsDiv,
    /// JavaScript's `String(x)`.
    JsStr,
    /// JavaScript's `xs.join(sep)`: items as `String()` writes them, null
    /// as nothing.
    JsJoin,
    /// JavaScript's `+`, which joins strings when either side is one.
    JsAdd,
    /// JavaScript's `Number(x)` of a string, boolean or null.
    JsNumber,
    /// JavaScript's `==`, which converts strings and booleans compared with
    /// numbers.
    JsLooseEq,
    /// JavaScript's `===`: arrays and objects equal only themselves.
    JsStrictEq,
    /// JavaScript's truth test: empty arrays are true, NaN is false.
    JsTruthy,
    /// JavaScript's `<` and `<=`: strings by character, anything else as
    /// numbers.
    JsLess,
    /// JavaScript's `**` and `Math.pow()` where a float or a negative
    /// exponent is possible: Infinity where Python raises.
    JsPow,
    /// JavaScript's `ToInt32`, what its bit operators make of each
    /// operand.
    JsInt32,
    /// JavaScript's `Math.max` and `Math.min`: of the arguments' numbers,
    /// NaN where one is NaN, `+0` above `-0`.
    JsMax,
    JsMin,
}

impl PyHelper {
    pub fn name(self) -> &'static str {
        match self {
            PyHelper::JsDiv => "js_div",
            PyHelper::JsStr => "js_str",
            PyHelper::JsJoin => "js_join",
            PyHelper::JsAdd => "js_add",
            PyHelper::JsNumber => "js_number",
            PyHelper::JsLooseEq => "js_loose_eq",
            PyHelper::JsStrictEq => "js_strict_eq",
            PyHelper::JsTruthy => "js_truthy",
            PyHelper::JsLess => "js_less",
            PyHelper::JsPow => "js_pow",
            PyHelper::JsInt32 => "js_int32",
            PyHelper::JsMax => "js_max",
            PyHelper::JsMin => "js_min",
        }
    }

    fn code(self) -> &'static str {
        match self {
            PyHelper::JsDiv => {
                r#"def js_div(a, b):
    """JavaScript's /: a quotient with an integral value is an int (6 / 3 is 2),
    and a zero divisor gives Infinity or NaN instead of raising."""
    if b == 0:
        if a == 0 or a != a:
            return float("nan")
        negative_zero = str(b).startswith("-")
        return float("-inf") if (a < 0) != negative_zero else float("inf")
    q = a / b
    # Past 2**53 a quotient is no longer an int in JavaScript's sense, and
    # a Python int there grows exactly where JavaScript overflows to
    # Infinity (find_zero: `int too large to convert to float`).
    return int(q) if q.is_integer() and abs(q) <= 2**53 else q
"#
            }
            PyHelper::JsMax => {
                r#"def js_max(*xs):
    """JavaScript's Math.max: the largest of the arguments' numbers, NaN if one is NaN, -Infinity of none; 0 above -0."""
    ns = [js_number(x) for x in xs]
    if any(n != n for n in ns):
        return float("nan")
    return max(ns, key=lambda n: (n, str(n)[:1] != "-"), default=float("-inf"))
"#
            }
            PyHelper::JsMin => {
                r#"def js_min(*xs):
    """JavaScript's Math.min: the smallest of the arguments' numbers, NaN if one is NaN, Infinity of none; -0 below 0."""
    ns = [js_number(x) for x in xs]
    if any(n != n for n in ns):
        return float("nan")
    return min(ns, key=lambda n: (n, str(n)[:1] != "-"), default=float("inf"))
"#
            }
            PyHelper::JsInt32 => {
                r#"def js_int32(x):
    """JavaScript's ToInt32: the number x (a boolean 0 or 1, a float truncated, null 0) as a 32-bit signed int."""
    if x is None:
        return 0
    if isinstance(x, bool) or not isinstance(x, int):
        x = js_number(x)
        if x != x or x in (float("inf"), float("-inf")):
            return 0
        x = int(x)
    x &= 0xFFFFFFFF
    return x - 0x100000000 if x >= 0x80000000 else x
"#
            }
            PyHelper::JsPow => {
                r#"def js_pow(a, b):
    """JavaScript's ** on numbers: a result past the float range is Infinity,
    and 0 ** -n is Infinity, where Python raises OverflowError and
    ZeroDivisionError; a negative base to a fractional power is NaN, where
    Python gives a complex number, and so are 1 ** NaN and 1 ** Infinity,
    where Python gives 1."""
    if b != b or (abs(a) == 1 and b in (float("inf"), float("-inf"))):
        return float("nan")
    try:
        r = a ** b
    except (OverflowError, ZeroDivisionError):
        odd = float(b).is_integer() and int(b) % 2 == 1
        negative = str(a).startswith("-")
        return float("-inf") if negative and odd else float("inf")
    return float("nan") if isinstance(r, complex) else r
"#
            }
            PyHelper::JsJoin => {
                r#"def js_join(xs, sep):
    """JavaScript's xs.join(sep): items as String() writes them, null as nothing."""
    return sep.join("" if x is None else js_str(x) for x in xs)
"#
            }
            PyHelper::JsStr => {
                r#"def js_str(x):
    """JavaScript's String(x): of null "null" and of undefined "undefined", which None cannot tell apart."""
    if x is None:
        raise TypeError("String() of null or undefined: Python's None is both")
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, (list, tuple)):
        return ",".join("" if v is None else js_str(v) for v in x)
    if isinstance(x, dict):
        return "[object Object]"
    if isinstance(x, float):
        if x != x:
            return "NaN"
        if x in (float("inf"), float("-inf")):
            return "Infinity" if x > 0 else "-Infinity"
        if x == int(x) and abs(x) < 1e21:
            return str(int(x))
        mantissa, _, exp = repr(abs(x)).partition("e")
        whole, _, frac = mantissa.partition(".")
        digits = (whole + frac).lstrip("0")
        n = len(whole) + int(exp or 0) - (len(whole + frac) - len(digits))
        digits = digits.rstrip("0")
        k = len(digits)
        if k <= n <= 21:
            text = digits + "0" * (n - k)
        elif 0 < n <= 21:
            text = digits[:n] + "." + digits[n:]
        elif -6 < n <= 0:
            text = "0." + "0" * -n + digits
        else:
            e = n - 1
            text = digits[0] + ("." + digits[1:] if k > 1 else "") + ("e+" if e >= 0 else "e-") + str(abs(e))
        return ("-" if x < 0 else "") + text
    return str(x)
"#
            }
            PyHelper::JsAdd => {
                r#"def js_add(a, b):
    """JavaScript's +: joins as strings when either side is a string or array, else adds."""
    if isinstance(a, (str, list)) or isinstance(b, (str, list)):
        return js_str(a) + js_str(b)
    return a + b
"#
            }
            PyHelper::JsNumber => {
                r#"def js_number(x):
    """JavaScript's Number(x): of null 0 and of undefined NaN, which None cannot tell apart."""
    if x is None:
        raise TypeError("Number() of null or undefined: Python's None is both")
    if isinstance(x, bool):
        return int(x)
    if isinstance(x, list):
        x = js_str(x)
    if isinstance(x, (dict, set)) or callable(x):
        return float("nan")
    if not isinstance(x, str):
        return x
    s = x.strip()
    if not s:
        return 0
    if s.lstrip("+-") == "Infinity":
        return float("-inf") if s.startswith("-") else float("inf")
    try:
        if s[:2].lower() in ("0x", "0o", "0b"):
            return int(s, 0)
        if "_" in s or not all(c in "0123456789+-.eE" for c in s):
            return float("nan")
        v = float(s)
    except ValueError:
        return float("nan")
    return int(v) if v == int(v) else v
"#
            }
            PyHelper::JsLooseEq => {
                r#"def js_loose_eq(a, b):
    """JavaScript's ==: null equals only null, and a string or boolean met with a number becomes one."""
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (list, dict, set)) and isinstance(b, (list, dict, set)):
        return a is b
    if isinstance(a, (dict, set)) or isinstance(b, (dict, set)):
        return False
    a = js_str(a) if isinstance(a, list) else a
    b = js_str(b) if isinstance(b, list) else b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    return js_number(a) == js_number(b)
"#
            }
            PyHelper::JsStrictEq => {
                r#"def js_strict_eq(a, b):
    """JavaScript's ===: arrays and objects equal only themselves, booleans never equal numbers."""
    if isinstance(a, (list, dict, set)) or isinstance(b, (list, dict, set)):
        return a is b
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return a == b
"#
            }
            PyHelper::JsLess => {
                r#"def js_less(a, b, or_equal=False):
    """JavaScript's < (or <=): strings by character, anything else as numbers."""
    if not (isinstance(a, str) and isinstance(b, str)):
        a, b = js_number(a), js_number(b)
    return a <= b if or_equal else a < b
"#
            }
            PyHelper::JsTruthy => {
                r#"def js_truthy(x):
    """JavaScript's truth test: arrays and objects are true, NaN is false."""
    if isinstance(x, (list, dict, set)):
        return True
    return bool(x) and x == x
"#
            }
        }
    }

    fn deps(self) -> &'static [PyHelper] {
        match self {
            PyHelper::JsAdd | PyHelper::JsJoin => &[PyHelper::JsStr],
            PyHelper::JsLooseEq => &[PyHelper::JsStr, PyHelper::JsNumber],
            PyHelper::JsNumber => &[PyHelper::JsStr],
            PyHelper::JsLess | PyHelper::JsInt32 | PyHelper::JsMax | PyHelper::JsMin => {
                &[PyHelper::JsNumber]
            }
            _ => &[],
        }
    }

    pub fn use_in(self, support: &mut Support) -> &'static str {
        for dep in self.deps() {
            dep.use_in(support);
        }
        support.add(&format!("helper:{}", self.name()), self.code());
        self.name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verifier matches `PAST_2_53` to tell the engine's own stop from a
    /// wrong result, so the one helper that throws it must spell it so, and
    /// the helpers whose ints may pass 2^53 must go through that one.
    #[test]
    fn the_past_2_53_stop_is_thrown_in_one_place_with_the_verifiers_message() {
        let thrown = format!("throw new RangeError(\"{PAST_2_53}\")");
        assert!(JsHelper::PyExactInt.code().contains(&thrown));
        for helper in [JsHelper::PyPowInt, JsHelper::PyShift] {
            assert!(!helper.code().contains("RangeError("), "{}", helper.name());
            assert!(helper.code().contains("pyExactInt("), "{}", helper.name());
            assert_eq!(helper.deps(), [JsHelper::PyExactInt]);
        }
    }
}
