//! The runtime helpers a translation may need, where what the code tells the
//! engine is not enough to pick a plain operator. They are few, named after
//! what they do, and written once per output file, only when used.

use super::Support;

/// JavaScript helpers for code translated from Python.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsHelper {
    /// Python's `%`: the result takes the sign of the divisor.
    PyMod,
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
}

impl JsHelper {
    pub fn name(self) -> &'static str {
        match self {
            JsHelper::PyMod => "pyMod",
            JsHelper::PyEq => "pyEq",
            JsHelper::PyCmp => "pyCmp",
            JsHelper::PyTruthy => "pyTruthy",
            JsHelper::Range => "range",
            JsHelper::Zip => "zip",
            JsHelper::PyAdd => "pyAdd",
            JsHelper::PyMul => "pyMul",
            JsHelper::PyStr => "pyStr",
        }
    }

    fn code(self) -> &'static str {
        match self {
            JsHelper::PyMod => {
                r#"// Python's %: the result has the sign of the divisor.
function pyMod(a, b) {
  return ((a % b) + b) % b;
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
                r#"// Python's *: numbers multiply, a string or list times an int repeats.
function pyMul(a, b) {
  const isNum = (v) => typeof v === "number" || typeof v === "boolean";
  if (isNum(a) && !isNum(b)) {
    [a, b] = [b, a];
  }
  if (typeof a === "string") {
    return a.repeat(Math.max(Number(b), 0));
  }
  if (Array.isArray(a)) {
    return Array.from({ length: Math.max(Number(b), 0) }, () => a).flat();
  }
  return a * b;
}
"#
            }
            JsHelper::PyStr => {
                r#"// Python's str() of None, booleans, numbers, strings and lists.
function pyStr(x) {
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
    if (Number.isInteger(x)) {
      return String(x);
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
            JsHelper::Zip => {
                r#"// Python's zip: tuples of the i-th elements, as long as the shortest input.
function zip(...arrays) {
  const n = Math.min(...arrays.map((a) => a.length));
  return Array.from({ length: n }, (_, i) => arrays.map((a) => a[i]));
}
"#
            }
        }
    }

    fn deps(self) -> &'static [JsHelper] {
        &[]
    }

    /// Records the helper (and what it needs) and returns its name.
    pub fn use_in(self, support: &mut Support) -> &'static str {
        for dep in self.deps() {
            dep.use_in(support);
        }
        support.add(&format!("helper:{}", self.name()), self.code());
        self.name()
    }
}

/// Python helpers for code translated from JavaScript.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PyHelper {
    /// JavaScript's `%`: the remainder takes the sign of the dividend.
    JsRem,
}

impl PyHelper {
    pub fn name(self) -> &'static str {
        match self {
            PyHelper::JsRem => "js_rem",
        }
    }

    fn code(self) -> &'static str {
        match self {
            PyHelper::JsRem => {
                r#"def js_rem(a, b):
    """JavaScript's %: the remainder has the sign of the dividend."""
    r = abs(a) % abs(b)
    return -r if a < 0 else r
"#
            }
        }
    }

    pub fn use_in(self, support: &mut Support) -> &'static str {
        support.add(&format!("helper:{}", self.name()), self.code());
        self.name()
    }
}

/// Records a Python import (`import math`, `from typing import List`).
pub fn py_import(support: &mut Support, line: &str) {
    support.add(line, &format!("{line}\n"));
}
