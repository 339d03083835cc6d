//! The JavaScript backend: IR to JavaScript text, with one precedence
//! table.
//!
//! Each operation is written by the meaning the IR records for it. Where
//! JavaScript's own construct differs on some input (an index past the end
//! gives `undefined` where Rust panics, `===` compares arrays by identity,
//! `parseInt` stops at the first non-digit), the backend proves the input
//! cannot occur (a loop counter over `0..v.len()` indexing `v`, which the
//! loop does not resize) or writes a small helper that keeps the source's
//! meaning and fails loudly. `let`/`const` go where every use of a name is
//! in scope: at its first assignment when that is in the block holding all
//! its uses, else at the top of that block.

use std::collections::{HashMap, HashSet};

use super::{decline, is_pure, Input, NonNegative};
use crate::engine::rules::analysis::infer::join;
use crate::engine::rules::helpers::JsHelper;
use crate::engine::rules::ir::gap::{self, Bridge, Fact, Gap};
use crate::engine::rules::ir::{
    calls_code, for_each_child, for_each_expr, for_each_stmt, for_each_stmt_expr, is_generator,
    BinOp, Block, Builtin, Class, Clause, CmpOp, CompKind, DivSem, EqSem, ErrorKind, Expr,
    ExprKind, FormatPart, Function, Functool, Handler, Impl, IntTy, Itertool, Lit, LogicOp, MathFn,
    Method, MethodKind, OperandSem, OutOfRange, Passing, Rounding, Stmt, StmtKind, Target,
    Truthiness, Ty, TypeKind, UnOp,
};
use crate::engine::rules::{Out, Res, Support, Translated};
use crate::lang::Lang;

mod exceptions;
mod impls;
mod module;
mod strings;

pub use module::write_module;

/// JavaScript's precedence levels, loosest first.
mod prec {
    pub const ASSIGN: u8 = 2;
    pub const COND: u8 = 3;
    pub const OR: u8 = 5;
    pub const AND: u8 = 6;
    pub const BIT_OR: u8 = 7;
    pub const BIT_XOR: u8 = 8;
    pub const BIT_AND: u8 = 9;
    pub const EQ: u8 = 10;
    pub const REL: u8 = 11;
    pub const SHIFT: u8 = 12;
    pub const ADD: u8 = 13;
    pub const MUL: u8 = 14;
    pub const POW: u8 = 15;
    pub const UNARY: u8 = 16;
    pub const MEMBER: u8 = 18;
    pub const ATOM: u8 = 19;
}

/// Globals and helpers the backend writes, which JavaScript code must not
/// bind (nor a keyword: [`Lang::keywords`]).
const GLOBALS: &[&str] = &[
    "undefined",
    "NaN",
    "Infinity",
    "Math",
    "String",
    "Number",
    "Array",
    "Set",
    "Map",
    "Error",
    "RangeError",
    "PyError",
    "Object",
    "console",
    "range",
    "zip",
    "pyEq",
    "rsAt",
    "rsIndex",
    "rsGet",
    "rsMax",
    "rsMin",
    "rsParseInt",
    "rsIndexOf",
    "pyLen",
    "pyBin",
    "pyIn",
    "pyAt",
    "pyItem",
    "pyKey",
    "pyUnpack",
    "pyUnpacked",
    "pyIter",
    "pyInt",
    "pyStr",
    "pyDiv",
    "pyMod",
    "pyCmp",
    "pyTruthy",
    "pyModAny",
    "pySubAny",
    "pyIndex",
    "pyHas",
    "pyIs",
    "pyRemove",
    "pyAdd",
    "pyMul",
    "pyRepr",
    "pyReduce",
    "pyTee",
    "pyProduct",
    "pyCombinations",
    "pyPermutations",
    "pyGroupBy",
    "pyCompress",
    "pyCycle",
    "pyGcd",
    "pyIntMath",
    "pyDictUpdate",
    "pyDictPop",
    "pyIsSubset",
    "pyInAny",
    "pyZipRow",
    "pyMap",
    "pyFilter",
    "pyZipIters",
    "pySetOf",
    "pyMulInt",
];

/// Whether an iterator's items hold iterators (`groupby`'s groups), which
/// reading the iterator on may end.
fn yields_iterators(t: &Ty) -> bool {
    match t {
        Ty::Iter(item) => match &**item {
            Ty::Iter(_) => true,
            Ty::Tuple(ts) => ts.iter().any(|t| matches!(t, Ty::Iter(_))),
            _ => false,
        },
        _ => false,
    }
}

/// Helpers this backend adds to the shared ones, each written once per
/// output file when used.
const RS_AT: &str = "// Rust's indexing: a position past either end panics.\nfunction rsAt(xs, i) {\n  if (!(i >= 0 && i < xs.length)) {\n    throw new RangeError(`index ${i} out of range for length ${xs.length}`);\n  }\n  return xs[i];\n}\n";
/// Rust's integer `/` and `%`: a zero divisor panics, where JavaScript gives
/// an infinity or NaN.
const RS_DIV: &str = "// Rust's `/` on integers: toward zero; a zero divisor panics.\nfunction rsDiv(a, b) {\n  if (b === 0) {\n    throw new RangeError(\"attempt to divide by zero\");\n  }\n  return Math.trunc(a / b);\n}\n";
const RS_REM: &str = "// Rust's `%` on integers: the dividend's sign; a zero divisor panics.\nfunction rsRem(a, b) {\n  if (b === 0) {\n    throw new RangeError(\"attempt to calculate the remainder with a divisor of zero\");\n  }\n  return a % b;\n}\n";
/// Rust's `<<` of a 64-bit integer, past the 32 bits JavaScript's shifts.
const RS_SHL64: &str = "// Rust's `<<` of a 64-bit integer: the bits past 64 dropped (no panic), the\n// result read signed or not; one a number does not hold exactly throws.\nfunction rsShl64(x, k, signed) {\n  const wide = BigInt(x) << BigInt(k);\n  const v = signed ? BigInt.asIntN(64, wide) : BigInt.asUintN(64, wide);\n  if (v > 9007199254740991n || v < -9007199254740991n) {\n    throw new RangeError(\"integer past 2^53\");\n  }\n  return Number(v);\n}\n";
const RS_INSERT_AT: &str = "// Rust's `insert`: a position past the end panics.\nfunction rsInsertAt(xs, i) {\n  if (!(i >= 0 && i <= xs.length)) {\n    throw new RangeError(`insertion index (is ${i}) should be <= len (is ${xs.length})`);\n  }\n  return i;\n}\n";
/// Python's `ord`: a string of one character (code point), else a
/// `TypeError`.
const PY_ORD: &str = "// Python's `ord`: the code point of a string of exactly one character.\nfunction pyOrd(s) {\n  const n = [...s].length;\n  if (n !== 1) {\n    throw new PyError(\"TypeError\", `ord() expected a character, but string of length ${n} found`);\n  }\n  return s.codePointAt(0);\n}\n";
const RS_AS_INT: &str = "// Rust's `as` from a float to an int: toward zero, saturated at the type's\n// bounds, NaN as 0.\nfunction rsAsInt(x, lo, hi) {\n  if (Number.isNaN(x)) {\n    return 0;\n  }\n  return Math.min(hi, Math.max(lo, Math.trunc(x)));\n}\n";
/// Rust's `split_whitespace` (`split_ascii_whitespace`) of a `str`.
const RS_SPLIT_WHITESPACE: &str = r#"// Rust's `split_whitespace`: the words between runs of Unicode White_Space
// (`\s` also takes `\ufeff` and leaves out `\x85`); ASCII's with `ascii`.
function rsSplitWhitespace(s, ascii = false) {
  const spaces = ascii
    ? /[\t\n\f\r ]+/
    : /[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
  return s.split(spaces).filter((w) => w.length > 0);
}
"#;
/// Rust's `lines` of a `str`.
const RS_LINES: &str = r#"// Rust's `str::lines`: split at `\n` and `\r\n` only, with no empty line
// after the last line ending.
function rsLines(s) {
  const parts = s.split("\n");
  const last = parts.pop();
  const lines = parts.map((p) => (p.endsWith("\r") ? p.slice(0, -1) : p));
  if (last !== "") lines.push(last);
  return lines;
}
"#;
/// Rust's copy of a `Copy` struct: an object of the same class (its
/// prototype) with the same own fields.
const RS_COPY_OBJECT: &str = "// Rust's copy of a `Copy` struct: an object of the same class with the same fields.\nfunction rsCopyObject(x) {\n  return Object.assign(Object.create(Object.getPrototypeOf(x)), x);\n}\n";
/// Rust's `unwrap()` of a computed `Option` (`null`; `undefined` too,
/// which no `Option` is, so that no slip passes as a value).
const RS_UNWRAP: &str = "// Rust's `Option::unwrap`: the value, or a panic (an error) on `None`.\nfunction rsUnwrap(x) {\n  if (x === null || x === undefined) {\n    throw new Error(\"called `Option::unwrap()` on a `None` value\");\n  }\n  return x;\n}\n";
const RS_UNSIGNED: &str = "// Rust's `x as u64` of a negative `x`: 2^64 or more, past the numbers\n// JavaScript holds exactly.\nfunction rsUnsigned(x) {\n  if (x < 0) {\n    throw new RangeError(`${x} as an unsigned 64-bit int is past 2^53`);\n  }\n  return x;\n}\n";
const RS_INDEX: &str = "// Rust's indexing for a store: a position past either end panics.\nfunction rsIndex(xs, i) {\n  if (!(i >= 0 && i < xs.length)) {\n    throw new RangeError(`index ${i} out of range for length ${xs.length}`);\n  }\n  return i;\n}\n";
const RS_GET: &str = "// Rust's `map[&key]`: a missing key panics.\nfunction rsGet(m, k) {\n  if (!m.has(k)) {\n    throw new RangeError(`key ${k} not in map`);\n  }\n  return m.get(k);\n}\n";
const RS_MAX: &str = "// Rust's `max()` of an iterator: `null` (None) when empty, or an error\n// when the caller unwraps it.\nfunction rsMax(xs, orNull) {\n  if (xs.length === 0) {\n    if (orNull) {\n      return null;\n    }\n    throw new RangeError(\"max of nothing\");\n  }\n  return xs.reduce((a, b) => (b >= a ? b : a));\n}\n";
const RS_MIN: &str = "// Rust's `min()` of an iterator: `null` (None) when empty, or an error\n// when the caller unwraps it.\nfunction rsMin(xs, orNull) {\n  if (xs.length === 0) {\n    if (orNull) {\n      return null;\n    }\n    throw new RangeError(\"min of nothing\");\n  }\n  return xs.reduce((a, b) => (b < a ? b : a));\n}\n";
const RS_PARSE_INT: &str = "// Rust's `parse::<integer>()` unwrapped: an optional sign and digits,\n// nothing else.\nfunction rsParseInt(s) {\n  if (!/^[+-]?[0-9]+$/.test(s)) {\n    throw new RangeError(`invalid digit in ${JSON.stringify(s)}`);\n  }\n  return Number(s);\n}\n";
const PY_INT: &str = "// Python's `int()` of a string: decimal digits with an optional sign and\n// surrounding whitespace, else an error.\nfunction pyInt(s) {\n  if (!/^\\s*[+-]?[0-9]+(_[0-9]+)*\\s*$/.test(s)) {\n    throw new PyError(\"ValueError\", `invalid literal for int() with base 10: ${JSON.stringify(s)}`);\n  }\n  return parseInt(s.replaceAll(\"_\", \"\"), 10);\n}\n";
const PY_STORE_AT: &str = "// Python's position for a store `xs[i] = v`: a negative index counts from\n// the end, and one past either end raises (JavaScript would add an element\n// or a property).\nfunction pyStoreAt(xs, i) {\n  const k = i < 0 ? xs.length + i : i;\n  if (!(k >= 0 && k < xs.length)) {\n    throw new PyError(\"IndexError\", \"list assignment index out of range\");\n  }\n  return k;\n}\n";
const PY_AT: &str = "// Python's `x[i]` of a value whose type the translation does not know: a\n// dict (`Map`) by key, a list, tuple or string by position, a negative one\n// from the end; a missing key or a position past either end raises.\nfunction pyAt(x, i) {\n  if (x instanceof Map) {\n    if (!x.has(i)) {\n      throw new PyError(\"KeyError\", String(i));\n    }\n    return x.get(i);\n  }\n  return pyItem(x, i);\n}\n";
const PY_KEY: &str = "// Python's `d[k]` of a dict: a missing key raises (a `Map` gives\n// `undefined`).\nfunction pyKey(d, k) {\n  if (!d.has(k)) {\n    throw new PyError(\"KeyError\", String(k));\n  }\n  return d.get(k);\n}\n";
const PY_UNPACK: &str = "// Python's unpacking `a, b = xs`: exactly as many items as names, else\n// ValueError (JavaScript's destructuring fills `undefined` or drops the rest).\nfunction pyUnpack(xs, n) {\n  const items = Array.isArray(xs) || typeof xs === \"string\" ? xs : [...xs];\n  if (items.length !== n) {\n    throw new PyError(\"ValueError\", `expected ${n} values to unpack, got ${items.length}`);\n  }\n  return items;\n}\n";
const PY_UNPACKED: &str = "// A loop `for a, b in xs`: each item unpacked as Python does (`pyUnpack`),\n// when the loop reaches it.\nfunction* pyUnpacked(xs, n) {\n  for (const x of xs) {\n    yield pyUnpack(x, n);\n  }\n}\n";
const PY_ITEM: &str = "// Python's `xs[i]` of a list, tuple or string: a negative index counts from\n// the end, and one past either end raises (JavaScript reads `undefined`).\nfunction pyItem(xs, i) {\n  const k = i < 0 ? xs.length + i : i;\n  if (!(k >= 0 && k < xs.length)) {\n    throw new PyError(\"IndexError\", \"index out of range\");\n  }\n  return xs[k];\n}\n";
const PY_IN: &str = "// Python's `x in c` of a container whose type the translation does not\n// know: a dict's keys, a set's items, a list's or tuple's items, or a\n// string's substrings.\nfunction pyIn(x, c) {\n  return c instanceof Map || c instanceof Set ? c.has(x) : c.includes(x);\n}\n";
const PY_BIN: &str = "// Python's `bin()`: `0b` and the binary digits, after a `-` for a negative\n// number.\nfunction pyBin(x) {\n  return (x < 0 ? \"-0b\" : \"0b\") + Math.abs(x).toString(2);\n}\n";
const PY_LEN: &str = "// Python's `len()` of a value whose type the translation does not know:\n// a dict (`Map`) or set counts its entries.\nfunction pyLen(x) {\n  return x instanceof Map || x instanceof Set ? x.size : x.length;\n}\n";
const PY_ITER: &str = "// What Python iterates in a value whose type the translation does not\n// know: a dict (`Map`) gives its keys.\nfunction pyIter(x) {\n  return x instanceof Map ? x.keys() : x;\n}\n";
const PY_LOOP_OVER: &str = "// A Python iterator (or an iterable passed for one) walked by `for ... of`: a\n// loop left early leaves the rest to be read on, as Python's does (JavaScript's\n// would close a generator).\nfunction pyLoopOver(xs) {\n  const it = (xs instanceof Map ? xs.keys() : xs)[Symbol.iterator]();\n  return { next: () => it.next(), [Symbol.iterator]() { return this; } };\n}\n";
const PY_ITER_OF: &str = "// Python's `iter(x)` of a value whose type the translation does not know: a\n// dict (`Map`) gives its keys; a value that is not iterable raises.\nfunction pyIterOf(x) {\n  if (x === null || x === undefined || typeof x[Symbol.iterator] !== \"function\") {\n    throw new TypeError(\"object is not iterable\");\n  }\n  return (x instanceof Map ? x.keys() : x)[Symbol.iterator]();\n}\n";
const PY_NEXT: &str = "// Python's `next(it)`: the next item, which must be there (`StopIteration`);\n// `next(it, d)` gives `d` instead.\nfunction pyNext(it, ...d) {\n  const r = it.next();\n  if (!r.done) {\n    return r.value;\n  }\n  if (d.length > 0) {\n    return d[0];\n  }\n  throw new PyError(\"StopIteration\", \"\");\n}\n";
const PY_ISLICE: &str = "// Python's `itertools.islice(xs, stop)` / `(xs, start, stop, step)`: the items\n// at `start`, `start + step`, ... below `stop` (`null`: no bound), reading\n// no item past the last one given; the bounds are checked at the call.\nfunction pyIslice(xs, ...given) {\n  const bounds = given.map((b) => (typeof b === \"boolean\" ? Number(b) : b));\n  const [start, stop, step] =\n    bounds.length === 1 ? [0, bounds[0], 1] : [bounds[0] ?? 0, bounds[1] ?? null, bounds[2] ?? 1];\n  const bound = (v) => v === null || (Number.isInteger(v) && v >= 0);\n  if (!bound(start) || !bound(stop)) {\n    throw new RangeError(\"Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.\");\n  }\n  if (!Number.isInteger(step) || step < 1) {\n    throw new RangeError(\"Step for islice() must be a positive integer or None.\");\n  }\n  const it = pyIterOf(xs);\n  return (function* () {\n    let seen = 0;\n    let next = start;\n    for (;;) {\n      for (; seen < next; seen++) {\n        if (it.next().done) {\n          return;\n        }\n      }\n      if (stop !== null && seen >= stop) {\n        return;\n      }\n      const r = it.next();\n      if (r.done) {\n        return;\n      }\n      seen++;\n      yield r.value;\n      next = stop !== null ? Math.min(next + step, stop) : next + step;\n    }\n  })();\n}\n";
const PY_COUNT: &str = "// Python's `itertools.count(start, step)`: start, start + step, ... for ever.\nfunction* pyCount(start = 0, step = 1) {\n  for (let n = start; ; n += step) {\n    yield n;\n  }\n}\n";
const PY_REPEAT: &str = "// Python's `itertools.repeat(x)`: `x` for ever, or `times` times.\nfunction* pyRepeat(x, times = Infinity) {\n  for (let i = 0; i < times; i++) {\n    yield x;\n  }\n}\n";
const PY_REPEAT_TIMES: &str = r#"// Python's `itertools.repeat(x, times)` where the type of `times` is not
// known: an int (a bool counts as 0 or 1), checked at the call, as Python
// checks it; a negative count repeats nothing.
function pyRepeatTimes(x, times) {
  const n = typeof times === "boolean" ? Number(times) : times;
  if (!Number.isInteger(n)) {
    throw new PyError("TypeError", "'times' must be an integer");
  }
  return pyRepeat(x, n);
}
"#;
const PY_CHAIN: &str = "// Python's `itertools.chain(*xss)`: the items of each iterable in turn, each\n// iterable reached only when the one before it ends.\nfunction* pyChain(...xss) {\n  for (const xs of xss) {\n    const it = pyIterOf(xs);\n    for (let r = it.next(); !r.done; r = it.next()) {\n      yield r.value;\n    }\n  }\n}\n";
const PY_CHAIN_FROM_ITERABLE: &str = "// Python's `itertools.chain.from_iterable(xss)`: the items of each iterable\n// `xss` gives, in turn.\nfunction pyChainFromIterable(xss) {\n  const outer = pyIterOf(xss);\n  return (function* () {\n    for (let o = outer.next(); !o.done; o = outer.next()) {\n      const it = pyIterOf(o.value);\n      for (let r = it.next(); !r.done; r = it.next()) {\n        yield r.value;\n      }\n    }\n  })();\n}\n";
const PY_TAKE_WHILE: &str = "// Python's `itertools.takewhile(pred, xs)`: the items up to the first that\n// fails `pred` (which is read, and dropped).\nfunction pyTakeWhile(pred, xs) {\n  const it = pyIterOf(xs);\n  return (function* () {\n    for (let r = it.next(); !r.done; r = it.next()) {\n      if (!pred(r.value)) {\n        return;\n      }\n      yield r.value;\n    }\n  })();\n}\n";
const PY_DROP_WHILE: &str = "// Python's `itertools.dropwhile(pred, xs)`: the items from the first that\n// fails `pred` on.\nfunction pyDropWhile(pred, xs) {\n  const it = pyIterOf(xs);\n  return (function* () {\n    let dropping = true;\n    for (let r = it.next(); !r.done; r = it.next()) {\n      if (dropping && pred(r.value)) {\n        continue;\n      }\n      dropping = false;\n      yield r.value;\n    }\n  })();\n}\n";
const PY_PAIRWISE: &str = "// Python's `itertools.pairwise(xs)`: each item with the one after it.\nfunction pyPairwise(xs) {\n  const it = pyIterOf(xs);\n  return (function* () {\n    const first = it.next();\n    if (first.done) {\n      return;\n    }\n    let prev = first.value;\n    for (let r = it.next(); !r.done; r = it.next()) {\n      yield [prev, r.value];\n      prev = r.value;\n    }\n  })();\n}\n";
const PY_ACCUMULATE: &str = "// Python's `itertools.accumulate(xs)` of numbers: the running sums.\nfunction pyAccumulate(xs) {\n  const it = pyIterOf(xs);\n  return (function* () {\n    let r = it.next();\n    if (r.done) {\n      return;\n    }\n    let total = r.value;\n    yield total;\n    for (r = it.next(); !r.done; r = it.next()) {\n      total += r.value;\n      yield total;\n    }\n  })();\n}\n";
const PY_COMPRESS: &str = "// Python's `itertools.compress(xs, selectors)`: the items whose selector is\n// true, until either runs out.\nfunction pyCompress(xs, selectors) {\n  const it = pyIterOf(xs);\n  const sel = pyIterOf(selectors);\n  return (function* () {\n    for (;;) {\n      const r = it.next();\n      if (r.done) {\n        return;\n      }\n      const s = sel.next();\n      if (s.done) {\n        return;\n      }\n      if (s.value) {\n        yield r.value;\n      }\n    }\n  })();\n}\n";
const PY_CYCLE: &str = "// Python's `itertools.cycle(xs)`: the items over and over, saved as first\n// read; nothing for no items.\nfunction pyCycle(xs) {\n  const it = pyIterOf(xs);\n  return (function* () {\n    const saved = [];\n    for (let r = it.next(); !r.done; r = it.next()) {\n      saved.push(r.value);\n      yield r.value;\n    }\n    while (saved.length > 0) {\n      yield* saved;\n    }\n  })();\n}\n";
/// Rust's derived `==` (see [`EqSem::Derived`]): objects of one class
/// field by field, arrays item by item, anything else by `===`.
const RS_EQ: &str = "// Rust's derived ==: objects of one class field by field, arrays item by item.\nfunction rsEq(a, b) {\n  if (Array.isArray(a)) {\n    return Array.isArray(b) && a.length === b.length && a.every((x, i) => rsEq(x, b[i]));\n  }\n  if (a !== null && typeof a === \"object\") {\n    if (b === null || typeof b !== \"object\" || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {\n      return false;\n    }\n    const keys = Object.keys(a);\n    return keys.length === Object.keys(b).length && keys.every((k) => rsEq(a[k], b[k]));\n  }\n  return a === b;\n}\n";

const PY_GROUP_BY: &str = "// Python's `itertools.groupby(xs, key)`: each run of items with equal keys\n// (Python's `==`) as the key and an iterator over the run; moving on to the\n// next run ends the one before, as Python's does.\nfunction pyGroupBy(xs, key) {\n  const it = pyIterOf(xs);\n  const keyOf = key ?? ((x) => x);\n  const unset = {};\n  const eq = (a, b) => a === b || (a !== unset && b !== unset && pyEq(a, b));\n  let tgtkey = unset;\n  let currkey = unset;\n  let currvalue = unset;\n  let id = null;\n  function* grouper(tgt, mine) {\n    while (id === mine && eq(currkey, tgt)) {\n      yield currvalue;\n      const r = it.next();\n      if (r.done) {\n        return;\n      }\n      currvalue = r.value;\n      currkey = keyOf(currvalue);\n    }\n  }\n  return (function* () {\n    for (;;) {\n      id = {};\n      while (eq(currkey, tgtkey)) {\n        const r = it.next();\n        if (r.done) {\n          return;\n        }\n        currvalue = r.value;\n        currkey = keyOf(currvalue);\n      }\n      tgtkey = currkey;\n      yield [currkey, grouper(tgtkey, id)];\n    }\n  })();\n}\n";
const PY_GCD: &str = "// Python's `math.gcd(*xs)` of integers: the greatest common divisor, never\n// negative (0 of none or of zeros).\nfunction pyGcd(...xs) {\n  let g = 0;\n  for (const x of xs) {\n    let a = g;\n    let b = Math.abs(x);\n    while (b !== 0) {\n      [a, b] = [b, a % b];\n    }\n    g = a;\n  }\n  return g;\n}\n";
const PY_INT_MATH: &str = "// Python's integer functions of `math` (`comb`, `perm`, `factorial`, `isqrt`):\n// a ValueError for a negative argument; a result past 2^53, which a number\n// does not hold exactly, throws rather than being rounded.\nfunction pyIntMath(name, n, k) {\n  if (n < 0 || (k !== undefined && k < 0)) {\n    throw new PyError(\"ValueError\", `${name}() not defined for negative values`);\n  }\n  const exact = (v) => {\n    if (v > Number.MAX_SAFE_INTEGER) {\n      throw new RangeError(`${name}() past 2^53`);\n    }\n    return v;\n  };\n  if (name === \"isqrt\") {\n    let r = Math.floor(Math.sqrt(n));\n    while (r * r > n) {\n      r--;\n    }\n    while ((r + 1) * (r + 1) <= n) {\n      r++;\n    }\n    return r;\n  }\n  if (name === \"comb\") {\n    if (k > n) {\n      return 0;\n    }\n    let r = 1;\n    for (let i = 1; i <= Math.min(k, n - k); i++) {\n      r = exact(r * (n - Math.min(k, n - k) + i)) / i;\n    }\n    return r;\n  }\n  const m = name === \"factorial\" || k === undefined ? n : k;\n  if (m > n) {\n    return 0;\n  }\n  let r = 1;\n  for (let i = n - m + 1; i <= n; i++) {\n    r = exact(r * i);\n  }\n  return r;\n}\n";
const PY_LOG: &str = r#"// Python's `math.log(x[, base])`, `math.log2(x)`, `math.log10(x)`: a number
// (a bool counts as 0 or 1) that is not positive raises ValueError, where
// JavaScript gives NaN or -Infinity; a base of 1 divides by zero. The
// logarithm is worked out in double-double arithmetic and rounded once
// (`Math.log` is off in the last bit for some arguments, `Math.log(3)` among
// them); `log10` by the C library's own formula. Against CPython on glibc:
// equal on all but about 1 in 7,000 arguments, where glibc misrounds.
function pyLog(name, x, base) {
  const real = (v) => {
    if (typeof v === "boolean") {
      v = Number(v);
    } else if (typeof v === "bigint") {
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new RangeError(`math.${name}() of an int past 2^53`);
      }
      v = Number(v);
    }
    if (typeof v !== "number") {
      throw new PyError("TypeError", "must be real number");
    }
    if (!(v > 0) && !Number.isNaN(v)) {
      throw new PyError("ValueError", "math domain error");
    }
    return v;
  };
  // Double-double arithmetic: a value as an unevaluated sum [hi, lo].
  const sum2 = (a, b) => {
    const s = a + b;
    const bb = s - a;
    return [s, a - (s - bb) + (b - bb)];
  };
  const split = (a) => {
    const c = 134217729 * a;
    const h = c - (c - a);
    return [h, a - h];
  };
  const add = (x, y) => {
    const [s, e] = sum2(x[0], y[0]);
    return sum2(s, e + x[1] + y[1]);
  };
  const mul = (x, y) => {
    const p = x[0] * y[0];
    const [ah, al] = split(x[0]);
    const [bh, bl] = split(y[0]);
    const e = ah * bh - p + ah * bl + al * bh + al * bl;
    return sum2(p, e + x[0] * y[1] + x[1] * y[0]);
  };
  const div = (x, y) => {
    const q = x[0] / y[0];
    const r = add(x, mul([-q, 0], y));
    const q2 = r[0] / y[0];
    const r2 = add(r, mul([-q2, 0], y));
    return add(sum2(q, q2), [r2[0] / y[0], 0]);
  };
  const LN2 = [0.6931471805599453, 2.3190468138462996e-17];
  const LN10 = [2.302585092994046, -2.1707562233822494e-16];
  // ln(v) = k ln 2 + ln m, m in [sqrt(1/2), sqrt(2)]: ln m = 2 atanh(s),
  // s = (m - 1) / (m + 1), by its series.
  // v as m 2^k, m in [1, 2) (a positive finite v).
  const exponent = (v) => {
    let k = 0;
    let m = v;
    if (m < 2.2250738585072014e-308) {
      m *= 2 ** 54;
      k -= 54;
    }
    const e = Math.min(Math.floor(Math.log2(m)), 1000);
    k += e;
    m /= 2 ** e;
    while (m >= 2) {
      m /= 2;
      k += 1;
    }
    while (m < 1) {
      m *= 2;
      k -= 1;
    }
    return [k, m];
  };
  const ln = (v) => {
    if (!Number.isFinite(v)) {
      return [v, 0];
    }
    let [k, m] = exponent(v);
    if (m > Math.SQRT2) {
      m /= 2;
      k += 1;
    }
    const s = div(sum2(m, -1), sum2(m, 1));
    const s2 = mul(s, s);
    let term = s;
    let total = s;
    for (let n = 3; n < 200 && term[0] !== 0; n += 2) {
      term = mul(term, s2);
      const t = div(term, [n, 0]);
      total = add(total, t);
      if (Math.abs(t[0]) < 1e-36 * Math.abs(total[0])) {
        break;
      }
    }
    return add(mul(LN2, [k, 0]), mul(total, [2, 0]));
  };
  const round = (d) => d[0] + d[1];
  const v = real(x);
  if (name === "log10" && Number.isFinite(v)) {
    // The C library's formula (fdlibm's): k log10(2) in two parts, and
    // log10(e) times the logarithm of the mantissa in [1/2, 2).
    let [k, m] = exponent(v);
    if (k < 0) {
      m /= 2;
      k += 1;
    }
    const z = k * 3.69423907715893078616e-13 + 4.34294481903251816668e-1 * round(ln(m));
    return z + k * 3.01029995663611771306e-1;
  }
  if (name === "log2" || name === "log10") {
    const l = ln(v);
    return Number.isFinite(l[0]) ? round(div(l, name === "log2" ? LN2 : LN10)) : l[0];
  }
  if (base === undefined) {
    return round(ln(v));
  }
  const num = round(ln(v));
  const den = round(ln(real(base)));
  if (den === 0) {
    throw new PyError("ZeroDivisionError", "float division by zero");
  }
  return num / den;
}
"#;
const PY_TEE: &str = "// Python's `itertools.tee(xs, n)`: `n` iterators over the same items, read\n// once from `xs` as the first of them asks for each; an item is kept until\n// every iterator has read it; none for `n == 0`, `xs` not read.\nfunction pyTee(xs, count) {\n  const n = typeof count === \"boolean\" ? Number(count) : count;\n  if (!Number.isInteger(n) || n < 0) {\n    throw new PyError(\"ValueError\", \"n must be an integer, zero or more\");\n  }\n  if (n === 0) {\n    return [];\n  }\n  const it = pyIterOf(xs);\n  const buffer = [];\n  let start = 0;\n  let done = false;\n  const positions = new Array(n).fill(0);\n  const one = function* (k) {\n    for (;;) {\n      if (positions[k] - start < buffer.length) {\n        const v = buffer[positions[k] - start];\n        positions[k]++;\n        while (buffer.length > 0 && Math.min(...positions) > start) {\n          buffer.shift();\n          start++;\n        }\n        yield v;\n      } else if (done) {\n        return;\n      } else {\n        const r = it.next();\n        if (r.done) {\n          done = true;\n        } else {\n          buffer.push(r.value);\n        }\n      }\n    }\n  };\n  return positions.map((_, k) => one(k));\n}\n";
const PY_PRODUCT: &str = "// Python's `itertools.product(*xss)`: the tuples of the cartesian product, the\n// last iterable's item changing fastest; each iterable is read whole first.\nfunction pyProduct(...xss) {\n  const pools = xss.map((xs) => Array.from(pyIterOf(xs)));\n  return (function* () {\n    if (pools.some((p) => p.length === 0)) {\n      return;\n    }\n    const idx = pools.map(() => 0);\n    for (;;) {\n      yield idx.map((i, k) => pools[k][i]);\n      let k = pools.length - 1;\n      while (k >= 0 && ++idx[k] === pools[k].length) {\n        idx[k] = 0;\n        k--;\n      }\n      if (k < 0) {\n        return;\n      }\n    }\n  })();\n}\n";
const PY_COMBINATIONS: &str = "// Python's `itertools.combinations(xs, r)`: the tuples of `r` items in the\n// order of their positions, in Python's order; the items are read first.\nfunction pyCombinations(xs, r) {\n  const pool = Array.from(pyIterOf(xs));\n  return (function* () {\n    const n = pool.length;\n    if (r > n) {\n      return;\n    }\n    const idx = Array.from({ length: r }, (_, i) => i);\n    yield idx.map((i) => pool[i]);\n    for (;;) {\n      let i = r - 1;\n      while (i >= 0 && idx[i] === i + n - r) {\n        i--;\n      }\n      if (i < 0) {\n        return;\n      }\n      idx[i]++;\n      for (let j = i + 1; j < r; j++) {\n        idx[j] = idx[j - 1] + 1;\n      }\n      yield idx.map((k) => pool[k]);\n    }\n  })();\n}\n";
const PY_PERMUTATIONS: &str = "// Python's `itertools.permutations(xs, r)`: the tuples of `r` items in every\n// order, in Python's order; the items are read first.\nfunction pyPermutations(xs, r) {\n  const pool = Array.from(pyIterOf(xs));\n  return (function* () {\n    const n = pool.length;\n    if (r > n) {\n      return;\n    }\n    const indices = Array.from({ length: n }, (_, i) => i);\n    const cycles = Array.from({ length: r }, (_, i) => n - i);\n    yield indices.slice(0, r).map((k) => pool[k]);\n    while (n > 0) {\n      let i = r - 1;\n      for (; i >= 0; i--) {\n        cycles[i]--;\n        if (cycles[i] === 0) {\n          indices.push(...indices.splice(i, 1));\n          cycles[i] = n - i;\n        } else {\n          const j = cycles[i];\n          [indices[i], indices[n - j]] = [indices[n - j], indices[i]];\n          yield indices.slice(0, r).map((k) => pool[k]);\n          break;\n        }\n      }\n      if (i < 0) {\n        return;\n      }\n    }\n  })();\n}\n";
const PY_REDUCE: &str = "// Python's `functools.reduce(f, xs[, initial])`: `f` folded over the items left\n// to right from `initial` (or the first item); a TypeError for no items and\n// no initial value.\nfunction pyReduce(f, xs, ...initial) {\n  const it = pyIterOf(xs);\n  let acc;\n  if (initial.length > 0) {\n    acc = initial[0];\n  } else {\n    const first = it.next();\n    if (first.done) {\n      throw new TypeError(\"reduce() of empty iterable with no initial value\");\n    }\n    acc = first.value;\n  }\n  for (let r = it.next(); !r.done; r = it.next()) {\n    acc = f(acc, r.value);\n  }\n  return acc;\n}\n";
const PY_GEN_EXPR: &str = "// A Python generator expression `(make(x) for x in xs if keep(x))`: `xs` made\n// an iterator at once, each item read only when the next one is asked for.\nfunction pyGenExpr(xs, keep, make) {\n  const it = pyIterOf(xs);\n  return (function* () {\n    for (let r = it.next(); !r.done; r = it.next()) {\n      if (keep === null || keep(r.value)) {\n        yield make(r.value);\n      }\n    }\n  })();\n}\n";
const PY_HASHABLE: &str = "// Items for a `Set` from Python values whose type the translation does not\n// know: a tuple (an array) is refused, since a `Set` tells equal arrays apart\n// where Python's set does not (a list, dict or set Python refuses too).\nfunction pyHashable(xs) {\n  const items = [...xs];\n  for (const x of items) {\n    if (Array.isArray(x) || x instanceof Map || x instanceof Set) {\n      throw new TypeError(\"set item of a compound type (a tuple is not supported)\");\n    }\n  }\n  return items;\n}\n";
const PY_MUL_INT: &str = r#"// Python's `a * b` of ints, exact: a product a number does not hold exactly
// (past 2^53) throws where the number would go on rounded (or `Infinity`).
function pyMulInt(a, b) {
  const r = a * b;
  if (!(Math.abs(r) <= Number.MAX_SAFE_INTEGER)) {
    throw new RangeError("integer past 2^53");
  }
  return r;
}
"#;
const PY_SET_OF: &str = r#"// Python's set of items whose type the translation does not know: a `Set`,
// or a `PyKeyedSet` where an item is a tuple (an array), which Python's set
// compares by value and a `Set` would tell apart by identity.
function pySetOf(xs) {
  const items = [...xs];
  for (const x of items) {
    if (x instanceof Map || x instanceof Set) {
      throw new PyError("TypeError", "unhashable type");
    }
  }
  return items.some((x) => Array.isArray(x)) ? new PyKeyedSet(items) : new Set(items);
}
"#;
const PY_DICT_KEY: &str = "// A key for a `Map` from a Python value whose type the translation does not\n// know: a tuple (an array) is refused, since a `Map` tells equal arrays apart\n// where Python's dict does not (a list, dict or set Python refuses too).\nfunction pyDictKey(k) {\n  if (Array.isArray(k) || k instanceof Map || k instanceof Set) {\n    throw new TypeError(\"dict key of a compound type (a tuple is not supported)\");\n  }\n  return k;\n}\n";
const PY_SUB_ANY: &str = "// Python's `-` of values whose types the translation does not know: numbers\n// (a bool counts as 0 or 1) subtract, two sets give the first's items the\n// second lacks, and anything else is refused.\nfunction pySubAny(a, b) {\n  const num = (v) => typeof v === \"number\" || typeof v === \"boolean\";\n  if (num(a) && num(b)) {\n    return a - b;\n  }\n  if (a instanceof Set && b instanceof Set) {\n    return new a.constructor([...a].filter((x) => !b.has(x)));\n  }\n  throw new PyError(\"TypeError\", \"unsupported operand type(s) for -\");\n}\n";
const PY_MOD_ANY: &str = "// Python's `%` of values whose types the translation does not know: numbers\n// (a bool counts as 0 or 1) take the divisor's sign, a zero divisor raises,\n// and anything else (`%` formatting of a string) is refused.\nfunction pyModAny(a, b) {\n  const num = (v) => typeof v === \"number\" || typeof v === \"boolean\";\n  if (!num(a) || !num(b)) {\n    throw new PyError(\"TypeError\", \"unsupported operand type(s) for %\");\n  }\n  if (Number(b) === 0) {\n    throw new PyError(\"ZeroDivisionError\", \"integer division or modulo by zero\");\n  }\n  const r = a % b;\n  return r != 0 && r < 0 !== b < 0 ? r + b : r;\n}\n";
const PY_IN_ANY: &str = r#"// Python's `x in c` where the types of neither are known: a dict's keys or a
// set's items (a plain `Map` or `Set` holds no tuple, see `pyDictKey`, and
// `True` is the key `1`), a string's substrings, or else the items of a list,
// tuple or iterator by Python's `==` (an iterator read only up to a match).
function pyInAny(x, c) {
  if (c instanceof Map || c instanceof Set) {
    if (c.constructor !== Map && c.constructor !== Set) {
      return c.has(x);
    }
    const k = pyDictKey(x);
    if (typeof k === "boolean") {
      return c.has(k) || c.has(Number(k));
    }
    return c.has(k) || (typeof k === "number" && (k === 0 || k === 1) && c.has(k === 1));
  }
  if (typeof c === "string") {
    if (typeof x !== "string") {
      throw new PyError("TypeError", "'in <string>' requires string as left operand");
    }
    return c.includes(x);
  }
  if (c === null || c === undefined || typeof c[Symbol.iterator] !== "function") {
    throw new PyError("TypeError", "argument is not iterable");
  }
  const it = c[Symbol.iterator]();
  for (let r = it.next(); !r.done; r = it.next()) {
    if (pyEq(r.value, x)) {
      return true;
    }
  }
  return false;
}
"#;
const PY_ZIP_ROW: &str = r#"// A row of Python's `zip(*rows)` whose type the translation does not know,
// read by `pyZipIters` as far as the shortest row goes, as Python's `zip`
// reads it (a dict gives its keys); a set is refused (Python's order is its
// hashing's).
function pyZipRow(x) {
  if (x instanceof Set) {
    throw new PyError("TypeError", "zip(*rows) of a set");
  }
  return x;
}
"#;
const PY_MAP: &str = r#"// Python's `map(f, it)` of an iterator: `f` of each item, as it is read.
function pyMap(f, xs) {
  const it = pyIterOf(xs);
  return (function* () {
    for (let r = it.next(); !r.done; r = it.next()) {
      yield f(r.value);
    }
  })();
}
"#;
const PY_FILTER: &str = r#"// Python's `filter(f, it)` of an iterator: the items `f` keeps, as read.
function pyFilter(f, xs) {
  const it = pyIterOf(xs);
  return (function* () {
    for (let r = it.next(); !r.done; r = it.next()) {
      if (f(r.value)) {
        yield r.value;
      }
    }
  })();
}
"#;
const PY_ZIP_ITERS: &str = r#"// Python's `zip(...)` of iterators: one item of each in turn, as read, up to
// the first that has none (the items read before it in that round are lost).
function pyZipIters(...xss) {
  const its = xss.map(pyIterOf);
  return (function* () {
    if (its.length === 0) {
      return;
    }
    for (;;) {
      const row = [];
      for (const it of its) {
        const r = it.next();
        if (r.done) {
          return;
        }
        row.push(r.value);
      }
      yield row;
    }
  })();
}
"#;
const PY_IS_SUBSET: &str = "// Python's `s.issubset(t)` of two sets.\nfunction pyIsSubset(s, t) {\n  for (const x of s) {\n    if (!t.has(x)) {\n      return false;\n    }\n  }\n  return true;\n}\n";
const PY_SET_UPDATE: &str = "// Python's `s.update(*xss)`: the items of each iterable added to the set in\n// turn (a dict gives its keys).\nfunction pySetUpdate(s, ...xss) {\n  for (const xs of xss) {\n    for (let it = pyIterOf(xs), r = it.next(); !r.done; r = it.next()) {\n      s.add(r.value);\n    }\n  }\n  return null;\n}\n";
const PY_LT: &str = r#"// Python's `<` on numbers, strings, and tuples of them item by item: the
// first items that are not equal decide, else the shorter is less. A NaN
// equals nothing, as NaN objects that are not the same object in Python.
const pyLt = (() => {
  const eq = (a, b) =>
    Array.isArray(a) && Array.isArray(b)
      ? a.length === b.length && a.every((x, i) => eq(x, b[i]))
      : a === b;
  const lt = (a, b) => {
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.min(a.length, b.length);
      for (let i = 0; i < n; i++) {
        if (!eq(a[i], b[i])) {
          return lt(a[i], b[i]);
        }
      }
      return a.length < b.length;
    }
    return a < b;
  };
  return lt;
})();
"#;
const PY_HEAP: &str = r#"// Python's `heapq` on a list: CPython's algorithm, comparing items by
// Python's `<` (`pyLt`).
const pyHeap = (() => {
  const lt = (a, b) => pyLt(a, b);
  const siftDown = (h, start, pos) => {
    const item = h[pos];
    while (pos > start) {
      const parentPos = (pos - 1) >> 1;
      const parent = h[parentPos];
      if (!lt(item, parent)) {
        break;
      }
      h[pos] = parent;
      pos = parentPos;
    }
    h[pos] = item;
  };
  const siftUp = (h, pos) => {
    const end = h.length;
    const start = pos;
    const item = h[pos];
    let child = 2 * pos + 1;
    while (child < end) {
      const right = child + 1;
      if (right < end && !lt(h[child], h[right])) {
        child = right;
      }
      h[pos] = h[child];
      pos = child;
      child = 2 * pos + 1;
    }
    h[pos] = item;
    siftDown(h, start, pos);
  };
  const empty = () => new PyError("IndexError", "index out of range");
  return {
    push(h, x) {
      h.push(x);
      siftDown(h, 0, h.length - 1);
      return null;
    },
    pop(h) {
      if (h.length === 0) {
        throw empty();
      }
      const last = h.pop();
      if (h.length === 0) {
        return last;
      }
      const top = h[0];
      h[0] = last;
      siftUp(h, 0);
      return top;
    },
    heapify(h) {
      for (let i = (h.length >> 1) - 1; i >= 0; i--) {
        siftUp(h, i);
      }
      return null;
    },
    pushpop(h, x) {
      if (h.length > 0 && lt(h[0], x)) {
        const top = h[0];
        h[0] = x;
        siftUp(h, 0);
        return top;
      }
      return x;
    },
    replace(h, x) {
      if (h.length === 0) {
        throw empty();
      }
      const top = h[0];
      h[0] = x;
      siftUp(h, 0);
      return top;
    },
  };
})();
"#;
const PY_BISECT: &str = r#"// Python's `bisect` on a sorted list: CPython's search, comparing by
// Python's `<` (`pyLt`).
const pyBisect = (() => {
  const lt = (a, b) => pyLt(a, b);
  // CPython reads a `hi` of -1 as the length, and an item past the end
  // raises IndexError.
  const bounds = (a, lo, hi) => {
    if (lo < 0) {
      throw new PyError("ValueError", "lo must be non-negative");
    }
    return [lo, hi === undefined || hi === -1 ? a.length : hi];
  };
  const at = (a, i) => {
    if (i >= a.length) {
      throw new PyError("IndexError", "list index out of range");
    }
    return a[i];
  };
  const left = (a, x, lo = 0, hi) => {
    [lo, hi] = bounds(a, lo, hi);
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (lt(at(a, mid), x)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  };
  const right = (a, x, lo = 0, hi) => {
    [lo, hi] = bounds(a, lo, hi);
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (lt(x, at(a, mid))) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  };
  return {
    left,
    right,
    insortLeft(a, x) {
      a.splice(left(a, x), 0, x);
      return null;
    },
    insortRight(a, x) {
      a.splice(right(a, x), 0, x);
      return null;
    },
  };
})();
"#;
const PY_DICT_POP: &str = "// Python's `d.pop(k)` and `d.pop(k, default)` (and `del d[k]`): the value\n// of `k`, taken out of the dict; a missing key gives `default`, or raises\n// where there is none.\nfunction pyDictPop(d, k, ...otherwise) {\n  if (!d.has(k)) {\n    if (otherwise.length > 0) {\n      return otherwise[0];\n    }\n    throw new PyError(\"KeyError\", String(k));\n  }\n  const v = d.get(k);\n  d.delete(k);\n  return v;\n}\n";
const PY_DICT_UPDATE: &str = r#"// Python's `d.update(other)`: a dict's entries, or else the items of an
// iterable of pairs (each exactly two values, else ValueError), stored in `d`
// in order; a plain `Map` refuses compound keys as `pyDictKey` does.
function pyDictUpdate(d, other) {
  const plain = d.constructor === Map;
  const fromMap = other instanceof Map;
  for (const pair of fromMap ? [...other.entries()] : pyIterOf(other)) {
    const [k, v] = fromMap ? pair : pyUnpack(pair, 2);
    d.set(plain ? pyDictKey(k) : k, v);
  }
  return null;
}
"#;
pub(crate) use exceptions::PY_ERROR;

const PY_INDEX: &str = "// Python's `index` of a list, tuple or string: the first position of a\n// value equal to `x` (of a substring, in a string), which must be there.\nfunction pyIndex(xs, x) {\n  const i = typeof xs === \"string\" ? xs.indexOf(x) : xs.findIndex((v) => pyEq(v, x));\n  if (i < 0) {\n    throw new PyError(\"ValueError\", \"value is not in the list\");\n  }\n  return i;\n}\n";
/// Python's conversion of a float to an int (`int()`, `math.floor`...):
/// NaN and the infinities raise, and -0 is 0.
const PY_INT_OF: &str = r#"// Python's int of a whole float: NaN and the infinities raise.
function pyIntOf(x) {
  if (Number.isNaN(x)) {
    throw new PyError("ValueError", "cannot convert float NaN to integer");
  }
  if (!Number.isFinite(x)) {
    throw new PyError("OverflowError", "cannot convert float infinity to integer");
  }
  return x + 0;
}
"#;
const PY_ROUND: &str = r#"// Python's `round()` of a float: the nearest int, halves to even.
function pyRound(x) {
  return pyIntOf(Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x));
}
"#;
/// Exact for the ints within 2^53 the engine assumes: the quotient of
/// two such ints is never rounded across a whole number.
const PY_DIVMOD: &str = r#"// Python's `divmod` of ints: the floored quotient, and the remainder with
// the divisor's sign.
function pyDivmod(a, b) {
  if (b === 0) {
    throw new PyError("ZeroDivisionError", "integer division or modulo by zero");
  }
  const q = Math.floor(a / b) + 0;
  return [q, a - q * b];
}
"#;
/// How a Python key is told apart from another: one text per value, the
/// same for `1`, `1.0` and `True` as Python's `==` (a `Map` compares arrays
/// by identity).
const PY_KEY_TEXT: &str = r#"// The text a dict key or set item is held under: equal Python values
// (`(1, "a")` made twice, `1` and `True`) have the same one.
function pyKeyText(k) {
  if (Array.isArray(k)) {
    return "(" + k.map(pyKeyText).join(",") + ")";
  }
  if (typeof k === "string") {
    return JSON.stringify(k);
  }
  if (typeof k === "boolean") {
    return k ? "1" : "0";
  }
  if (typeof k === "number") {
    return String(k + 0);
  }
  if (k === null) {
    return "None";
  }
  throw new PyError("TypeError", "unhashable type");
}
"#;
const PY_KEYED_MAP: &str = r#"// A Python dict whose keys are tuples: a `Map` by each key's text, keeping
// the first key made and the order keys came in.
class PyKeyedMap extends Map {
  constructor(entries = []) {
    super();
    for (const [k, v] of entries) {
      this.set(k, v);
    }
  }
  get(k) {
    const e = super.get(pyKeyText(k));
    return e === undefined ? undefined : e[1];
  }
  set(k, v) {
    const t = pyKeyText(k);
    const e = super.get(t);
    if (e === undefined) {
      super.set(t, [k, v]);
    } else {
      e[1] = v;
    }
    return this;
  }
  has(k) {
    return super.has(pyKeyText(k));
  }
  delete(k) {
    return super.delete(pyKeyText(k));
  }
  *keys() {
    for (const e of super.values()) yield e[0];
  }
  *values() {
    for (const e of super.values()) yield e[1];
  }
  *entries() {
    for (const e of super.values()) yield [e[0], e[1]];
  }
  [Symbol.iterator]() {
    return this.entries();
  }
  forEach(f, self) {
    for (const [k, v] of this.entries()) f.call(self, v, k, this);
  }
}
"#;
const PY_KEYED_SET: &str = r#"// A Python set of tuples: a `Set` by each item's text, keeping the first
// item made and the order items came in.
class PyKeyedSet extends Set {
  constructor(items = []) {
    super();
    this.items = new Map();
    for (const x of items) {
      this.add(x);
    }
  }
  add(x) {
    const t = pyKeyText(x);
    if (!this.items.has(t)) {
      this.items.set(t, x);
      super.add(t);
    }
    return this;
  }
  has(x) {
    return super.has(pyKeyText(x));
  }
  delete(x) {
    const t = pyKeyText(x);
    this.items.delete(t);
    return super.delete(t);
  }
  clear() {
    this.items.clear();
    super.clear();
  }
  *values() {
    for (const t of super.values()) yield this.items.get(t);
  }
  keys() {
    return this.values();
  }
  *entries() {
    for (const x of this.values()) yield [x, x];
  }
  [Symbol.iterator]() {
    return this.values();
  }
  forEach(f, self) {
    for (const x of this.values()) f.call(self, x, x, this);
  }
}
"#;
const PY_REMOVE: &str = "// Python's `remove`: the first item of a list equal to `x` (or a set's\n// item), which must be there.\nfunction pyRemove(xs, x) {\n  if (xs instanceof Set) {\n    if (!xs.delete(x)) {\n      throw new PyError(\"KeyError\", String(x));\n    }\n    return null;\n  }\n  const i = xs.findIndex((v) => pyEq(v, x));\n  if (i < 0) {\n    throw new PyError(\"ValueError\", \"list.remove(x): x not in list\");\n  }\n  xs.splice(i, 1);\n  return null;\n}\n";
const PY_IS: &str = "// Python's `a is b`: identity. Of two equal numbers or strings Python's\n// answer is the interpreter's (CPython shares small ints and some strings, not\n// others), which JavaScript cannot tell: refused; unequal ones are never one\n// object.\nfunction pyIs(a, b) {\n  const plain = (v) => typeof v === \"number\" || typeof v === \"string\";\n  if (plain(a) && a === b) {\n    throw new PyError(\"TypeError\", \"`is` of two equal numbers or strings: the interpreter's choice\");\n  }\n  return a === b;\n}\n";
const PY_HAS: &str = "// Python's `x in xs` of a list or tuple: some item equal to `x` by Python's\n// `==`.\nfunction pyHas(xs, x) {\n  return xs.some((v) => pyEq(v, x));\n}\n";
const RS_INDEX_OF: &str = "// Rust's `position(..).unwrap()`: the first index of a value, which must\n// be there.\nfunction rsIndexOf(xs, x) {\n  const i = xs.indexOf(x);\n  if (i < 0) {\n    throw new RangeError(\"value not found\");\n  }\n  return i;\n}\n";

/// The unit's functions, then its classes (`class X extends Y { ... }`).
pub fn write_with_classes(input: &Input, classes: &[Class]) -> Res<Translated> {
    write_with_impls(input, classes, &[])
}

/// [`write_with_classes`], then methods attached to classes of other
/// units (see [`Impl`]).
pub fn write_with_impls(input: &Input, classes: &[Class], impls: &[Impl]) -> Res<Translated> {
    let mut w = Writer::new(input, classes)?;
    for (i, f) in input.functions.iter().enumerate() {
        if i > 0 {
            w.out.blank();
        }
        w.function(f, i == 0)?;
    }
    for (i, c) in classes.iter().enumerate() {
        if i > 0 || !input.functions.is_empty() {
            w.out.blank();
        }
        w.class(c)?;
    }
    for (i, imp) in impls.iter().enumerate() {
        if i > 0 || !input.functions.is_empty() || !classes.is_empty() {
            w.out.blank();
        }
        w.impl_block(imp)?;
    }
    Ok(Translated {
        text: w.out.render("  "),
        support: w.support,
    })
}

impl<'a> Writer<'a> {
    /// A writer for the unit, or the decline of a dict or set key that a
    /// `Map` or `Set` would not tell apart as Python does.
    fn new(input: &'a Input<'a>, classes: &[Class]) -> Res<Writer<'a>> {
        // A `Map` or `Set` tells keys apart by identity where they are arrays
        // or objects; Python's dict and set by value (`d[(a, b)]`).
        for ty in input.types {
            let keyed = input.from == Lang::Python;
            if let Some((k, what)) = compound_key_but(ty, keyed).map(|k| (k, key_kind(ty))) {
                let line = input
                    .functions
                    .first()
                    .map(|f| f.line)
                    .or_else(|| classes.first().map(|c| c.line))
                    .unwrap_or(input.request.first_line);
                return decline(line, format!("{what} {k}"));
            }
        }
        let keyed_unit = input.from == Lang::Python && input.types.iter().any(keyed);
        if keyed_unit {
            keyed_origins(input, classes)?;
        }
        Ok(Writer {
            input,
            def_assigned: false,
            support: Support::default(),
            facts: NonNegative::default(),
            out: Out::default(),
            names: HashMap::new(),
            plan: Plan::default(),
            in_range: Vec::new(),
            has_key: Vec::new(),
            escaping: HashSet::new(),
            temps: 0,
            loops: Vec::new(),
            order_free: false,
            whole: false,
            underscore_read: false,
            class_method: false,
            keyed_unit,
        })
    }
}

/// Where a function's names are declared.
#[derive(Default, Clone)]
struct Plan {
    /// Names declared at their first assignment: the statement's id.
    at_assign: HashMap<String, usize>,
    /// Names declared (`let x;`) at the top of a block, by the block's id.
    at_block: HashMap<usize, Vec<String>>,
    /// Names that only loops bind, each in its own header.
    loop_only: HashSet<String>,
    /// Names written once (`const`).
    once: HashSet<String>,
}

struct Writer<'a> {
    input: &'a Input<'a>,
    /// Whether the nested function about to be written is assigned to its
    /// name, declared (`let f;`) at the top of a block, rather than
    /// declared itself (see the writing of [`StmtKind::Def`]).
    def_assigned: bool,
    /// Whether a class method (`static`, `this` the class) is being
    /// written.
    class_method: bool,
    support: Support,
    facts: NonNegative,
    out: Out,
    /// IR names and their JavaScript spelling, per function.
    names: HashMap<String, String>,
    plan: Plan,
    /// Counters proved to index a sequence in range where they are being
    /// written: the counter of a loop over `0..len(seq)` that does not
    /// resize `seq`.
    in_range: Vec<InRange>,
    /// (key name, dict name) pairs proved present where they are being
    /// written: the variable of a loop over the dict's keys, a key tested
    /// with `in`, a key stored earlier in the block.
    has_key: Vec<(String, String)>,
    /// The current function's names whose value another name, a container,
    /// a call or a nested function may also reach (see [`escaping`]): a
    /// loop cannot prove such a sequence keeps its length.
    escaping: HashSet<String>,
    /// Temporaries made so far (loop bounds).
    temps: usize,
    /// For each loop being written, innermost last: the label its `break`
    /// names, for a `for ... else` (whose `else` a `break` skips).
    loops: Vec<Option<String>>,
    /// Set by a consumer whose result does not depend on the order of the
    /// items it is given (`sorted`, `min`, `sum` of integers, a set), for
    /// the one [`Writer::array`] or [`Writer::iterable`] call that follows.
    order_free: bool,
    /// Set by a consumer that reads all of what it is given (`list`,
    /// `sorted`, `sum`), for the one [`Writer::array`] call that follows:
    /// the only place an iterator may be copied into an array, since a
    /// copy reads it to the end (forever, where it has no end) where
    /// `any`, `zip` or a loop left early would stop.
    whole: bool,
    /// The function being written reads `_` (see [`underscore_read`]).
    underscore_read: bool,
    /// The unit (from Python) has dicts or sets with tuple keys: every
    /// dict and set is keyed by value (see [`Writer::ctor`]).
    keyed_unit: bool,
}

/// What the planning walk records of each occurrence of a name.
struct Occurrence {
    block: usize,
    order: usize,
    kind: OccKind,
}

#[derive(PartialEq)]
enum OccKind {
    /// `name = value` directly in its block: statement id.
    Assign(usize),
    /// A loop binds it.
    LoopTarget,
    Write,
    Read,
}

/// Finds where each name is used, to plan its declaration.
struct Planner {
    occurrences: HashMap<String, Vec<Occurrence>>,
    parents: HashMap<usize, usize>,
    next_block: usize,
    order: usize,
}

impl Planner {
    fn block(&mut self, block: &Block, parent: Option<usize>, ids: &mut StmtIds) -> usize {
        let id = self.next_block;
        self.next_block += 1;
        if let Some(p) = parent {
            self.parents.insert(id, p);
        }
        for s in block {
            self.stmt(s, id, ids);
        }
        id
    }

    fn note(&mut self, name: &str, block: usize, kind: OccKind) {
        self.order += 1;
        self.occurrences
            .entry(name.to_string())
            .or_default()
            .push(Occurrence {
                block,
                order: self.order,
                kind,
            });
    }

    fn target(&mut self, t: &Target, block: usize, kind: fn() -> OccKind) {
        match t {
            Target::Name { name, .. } if name != "_" => self.note(name, block, kind()),
            Target::Name { .. } => {}
            Target::Tuple(ts) => ts.iter().for_each(|t| self.target(t, block, kind)),
            Target::Index { value, index, .. } => {
                self.expr(value, block);
                self.expr(index, block);
            }
            Target::Attr { value, .. } => self.expr(value, block),
        }
    }

    fn stmt(&mut self, s: &Stmt, block: usize, ids: &mut StmtIds) {
        let sid = ids.of(s);
        match &s.kind {
            StmtKind::Assign { target, value } => {
                self.expr(value, block);
                match target {
                    Target::Name { name, .. } if name != "_" => {
                        self.note(name, block, OccKind::Assign(sid))
                    }
                    t => self.target(t, block, || OccKind::Write),
                }
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.expr(value, block);
                self.target(target, block, || OccKind::Write);
            }
            StmtKind::If { branches, orelse } => {
                for (t, b) in branches {
                    self.expr(t, block);
                    self.block(b, Some(block), ids);
                }
                self.block(orelse, Some(block), ids);
            }
            StmtKind::While { test, body } => {
                self.expr(test, block);
                self.block(body, Some(block), ids);
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                self.expr(iter, block);
                self.target(target, block, || OccKind::LoopTarget);
                self.block(body, Some(block), ids);
                self.block(orelse, Some(block), ids);
            }
            // Regression: a name read only by a `yield` (`a = next(it)`
            // in a `try`, then `yield a`) was declared in the `try` block.
            StmtKind::Return(Some(e))
            | StmtKind::Expr(e)
            | StmtKind::Assert(e, _)
            | StmtKind::Yield { value: e, .. } => self.expr(e, block),
            StmtKind::Def(f) => {
                // A nested function's reads of outer names are uses where
                // it is defined.
                let mut inner = Planner {
                    occurrences: HashMap::new(),
                    parents: HashMap::new(),
                    next_block: 0,
                    order: 0,
                };
                let mut inner_ids = StmtIds::default();
                inner.block(&f.body, None, &mut inner_ids);
                let own: HashSet<&String> = f.params.iter().map(|p| &p.name).collect();
                // A name the nested function assigns is its own local (a
                // Python assignment and a Rust or JavaScript `let` both make
                // one), not a use of the outer name: counting it as a read
                // declared `let sum;` beside `function sum` (regression:
                // Rust closures `let sum = |xs| ... sum ...` to JavaScript).
                // Its own name in its body (a recursive call) is the
                // function it defines, not a read before the definition:
                // counting it declared `let f;` beside `function f`.
                for (name, occs) in &inner.occurrences {
                    let local = occs.iter().any(|o| o.kind != OccKind::Read);
                    if !own.contains(name) && !local && name != &f.name {
                        self.note(name, block, OccKind::Read);
                    }
                }
                self.note(&f.name, block, OccKind::Assign(sid));
            }
            // The writer's order: the body, each handler, `finally` where
            // there is one; the `else` block goes after the statement, in
            // its block.
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                self.block(body, Some(block), ids);
                for h in handlers {
                    self.block(&h.body, Some(block), ids);
                }
                if !finally.is_empty() {
                    self.block(finally, Some(block), ids);
                }
                for s in orelse {
                    self.stmt(s, block, ids);
                }
            }
            _ => {}
        }
    }

    fn expr(&mut self, e: &Expr, block: usize) {
        if let ExprKind::Name(n) = &e.kind {
            self.note(n, block, OccKind::Read);
        }
        if let ExprKind::Call { func, .. } = &e.kind {
            self.note(func, block, OccKind::Read);
        }
        for_each_child(e, |c| self.expr(c, block));
    }

    fn ancestors(&self, mut b: usize) -> Vec<usize> {
        let mut out = vec![b];
        while let Some(p) = self.parents.get(&b) {
            out.push(*p);
            b = *p;
        }
        out
    }

    fn plan(self, params: &HashSet<String>) -> Plan {
        let mut plan = Plan::default();
        for (name, occs) in &self.occurrences {
            if params.contains(name) {
                continue;
            }
            let writes = occs.iter().filter(|o| o.kind != OccKind::Read).count();
            if writes == 0 {
                // Read only: a name of the file, or a helper.
                continue;
            }
            if occs
                .iter()
                .all(|o| o.kind != OccKind::Write && !matches!(o.kind, OccKind::Assign(_)))
                && occs.iter().any(|o| o.kind == OccKind::LoopTarget)
                && !occs
                    .iter()
                    .any(|o| o.kind == OccKind::Read && !self.inside_loop_of(o, occs))
            {
                plan.loop_only.insert(name.clone());
                continue;
            }
            // The innermost block holding every occurrence.
            let mut common = self.ancestors(occs[0].block);
            for o in &occs[1..] {
                let anc: HashSet<usize> = self.ancestors(o.block).into_iter().collect();
                common.retain(|b| anc.contains(b));
            }
            let Some(&lca) = common.first() else {
                continue;
            };
            let first = occs.iter().min_by_key(|o| o.order);
            match first {
                Some(Occurrence {
                    block,
                    kind: OccKind::Assign(sid),
                    ..
                }) if *block == lca => {
                    plan.at_assign.insert(name.clone(), *sid);
                    if writes == 1 {
                        plan.once.insert(name.clone());
                    }
                }
                _ => plan.at_block.entry(lca).or_default().push(name.clone()),
            }
        }
        for names in plan.at_block.values_mut() {
            names.sort();
        }
        plan
    }

    /// Whether a read happens in a block below one where the name is a
    /// loop's target (approximately: some loop binds it in an ancestor).
    fn inside_loop_of(&self, read: &Occurrence, occs: &[Occurrence]) -> bool {
        let anc: HashSet<usize> = self.ancestors(read.block).into_iter().skip(1).collect();
        occs.iter()
            .any(|o| o.kind == OccKind::LoopTarget && anc.contains(&o.block))
    }
}

/// Ids for statements, by address, in the order first seen; the planner
/// and the writer walk the same tree, so they agree.
#[derive(Default)]
struct StmtIds {
    ids: HashMap<usize, usize>,
}

impl StmtIds {
    fn of(&mut self, s: &Stmt) -> usize {
        let key = s as *const Stmt as usize;
        let next = self.ids.len();
        *self.ids.entry(key).or_insert(next)
    }
}

impl Writer<'_> {
    fn ty(&self, e: &Expr) -> Ty {
        self.input.ty(e).clone()
    }

    fn helper(&mut self, name: &str, code: &str) {
        if code.contains("new PyError(") {
            self.support.add("helper:PyError", exceptions::PY_ERROR);
        }
        if code.contains("pyLt(") {
            self.support.add("helper:pyLt", PY_LT);
        }
        self.support.add(&format!("helper:{name}"), code);
    }

    /// Writes, before the function, one `const` per parameter whose
    /// default Python creates once at `def` and shares between calls
    /// (`cache={}`), and gives each such parameter's id the constant's
    /// name: JavaScript evaluates a default at each call, so the default
    /// names the one object. The constant sits where the `def` stood, so it
    /// is created when Python creates it (at module level, or each time an
    /// enclosing function runs). A class body has no such place: declined.
    fn hoist_created_defaults(
        &mut self,
        f: &Function,
        method: bool,
    ) -> Res<Vec<(crate::engine::rules::ir::ExprId, String)>> {
        let mut hoisted = Vec::new();
        // The parameters are named first: they keep their spellings, the
        // constants take others.
        for p in &f.params {
            self.name(&p.name);
        }
        for p in f.params.iter().filter(|p| p.default_once) {
            let Some(d) = &p.default else { continue };
            if method {
                return decline(
                    p.line,
                    format!("method default of `{}` created once and shared", p.name),
                );
            }
            let value = self.expr(d, prec::ASSIGN)?;
            // A key no Python name can be; the spelling is the function's
            // and the parameter's, and, like every name, not one the file
            // or the function has (see `name`).
            let key = format!("<default {}.{}>", f.name, p.name);
            let base = format!("{}_{}_default", f.name, p.name);
            let constant = self.name_spelled(&key, &base);
            self.out.line(format!("const {constant} = {value};"));
            hoisted.push((p.id, constant));
        }
        Ok(hoisted)
    }

    /// The JavaScript spelling of an IR name: camelCase, not reserved,
    /// not another name's.
    fn name(&mut self, n: &str) -> String {
        self.name_spelled(n, n)
    }

    /// [`Writer::name`] of `n`, spelled as `spelling` would be where `n`
    /// has no spelling yet.
    fn name_spelled(&mut self, n: &str, spelling: &str) -> String {
        if n == "_" {
            return "_".to_string();
        }
        if let Some(t) = self.names.get(n) {
            return t.clone();
        }
        // A name of the file (a module constant `_INT_MAX`) is spelled as
        // the symbol table spelled its definition, which the glue wrote;
        // camel-casing it here gave `_INTMAX`, a ReferenceError. A local
        // of the same name shadows it in both languages alike.
        let context = &self.input.request.context;
        if let Some((_, target)) = context
            .names
            .iter()
            .chain(&context.glossary)
            .find(|(source, _)| source == n)
        {
            let target = target.clone();
            self.names.insert(n.to_string(), target.clone());
            return target;
        }
        let base = crate::lang::to_camel_case(spelling);
        let base = if Lang::JavaScript.keywords().contains(&base.as_str())
            || GLOBALS.contains(&base.as_str())
            || crate::symbols::is_helper_name(Lang::JavaScript, &base)
        {
            format!("{base}_")
        } else {
            base
        };
        // Names of the file (its functions, classes, constants) as the
        // symbol table spells them are taken too: a local `valueX` beside
        // a module function `value_x` would otherwise hide it in
        // JavaScript where Python keeps the two apart.
        let context = &self.input.request.context;
        let taken: HashSet<&String> = self
            .names
            .values()
            .chain(
                context
                    .names
                    .iter()
                    .chain(&context.glossary)
                    .filter(|(source, _)| source != n)
                    .map(|(_, target)| target),
            )
            .collect();
        let chosen = std::iter::once(base.clone())
            .chain((2..).map(|k| format!("{base}{k}")))
            .find(|c| !taken.contains(c))
            .unwrap_or(base);
        self.names.insert(n.to_string(), chosen.clone());
        chosen
    }

    fn function(&mut self, f: &Function, first: bool) -> Res<()> {
        self.function_as(f, first, None)
    }

    /// A class: its methods as the IR's [`Class`] gives them, the
    /// constructor first, each written by the function machinery with the
    /// receiver as `this`.
    fn class(&mut self, c: &Class) -> Res<()> {
        let name = self.input.function_name(&c.name, Lang::JavaScript, false);
        let header = match &c.base {
            Some(b) => {
                let b = self.input.function_name(b, Lang::JavaScript, false);
                format!("class {name} extends {b} {{")
            }
            None => format!("class {name} {{"),
        };
        self.out.comments("//", &c.comments);
        self.out.line(header);
        self.out.depth += 1;
        let ordered = c
            .methods
            .iter()
            .filter(|m| m.kind == MethodKind::Constructor)
            .chain(
                c.methods
                    .iter()
                    .filter(|m| m.kind != MethodKind::Constructor),
            );
        for (i, m) in ordered.enumerate() {
            if i > 0 {
                self.out.blank();
            }
            let head = match m.kind {
                MethodKind::Constructor => "constructor".to_string(),
                MethodKind::Instance => method_name(&m.function.name, m.function.line)?,
                MethodKind::Static | MethodKind::OfClass => {
                    format!("static {}", method_name(&m.function.name, m.function.line)?)
                }
                MethodKind::Getter => {
                    format!("get {}", method_name(&m.function.name, m.function.line)?)
                }
                MethodKind::Setter => {
                    format!("set {}", method_name(&m.function.name, m.function.line)?)
                }
            };
            let receiver = (m.kind != MethodKind::Static).then_some(());
            // A class method's `this` is the class it was called on.
            self.class_method = m.kind == MethodKind::OfClass;
            let written = self.function_as(&m.function, false, Some((head, receiver.is_some())));
            self.class_method = false;
            written?;
        }
        self.out.depth -= 1;
        self.out.line("}");
        // Python finds a class attribute through the class and its
        // instances until an instance binds its own (`self.n += 1` does):
        // a property of the prototype is found and shadowed the same way.
        for a in &c.attributes {
            let value = self.expr(&a.value, prec::ASSIGN)?;
            self.out
                .line(format!("{name}.prototype.{} = {value};", a.name));
        }
        // A C-like enum's variants, each one object made once.
        for v in &c.variants {
            self.out
                .line(format!("{name}.{v} = Object.freeze(new {name}(\"{v}\"));"));
        }
        Ok(())
    }

    /// A function, or with `method` a method of a class: its head
    /// (`constructor`, `m`, `static m`) and whether its first parameter is
    /// the receiver, written `this`.
    fn function_as(
        &mut self,
        f: &Function,
        first: bool,
        method: Option<(String, bool)>,
    ) -> Res<()> {
        super::check_handler_names(f)?;
        if self.input.from == Lang::Python {
            super::check_late_binding(f)?;
        }
        let assigned = std::mem::take(&mut self.def_assigned);
        let nested = self.out.depth > 0 && method.is_none();
        let reads_underscore = underscore_read(f) || (nested && self.underscore_read);
        let saved_underscore = std::mem::replace(&mut self.underscore_read, reads_underscore);
        let saved_facts = std::mem::replace(&mut self.facts, NonNegative::of(f, self.input.types));
        let mut reached = escaping(f);
        if nested {
            // A nested function's loop also reads its enclosing function's
            // names.
            reached.extend(self.escaping.iter().cloned());
        }
        let saved_escaping = std::mem::replace(&mut self.escaping, reached);
        let saved_names = if nested {
            None
        } else {
            Some(std::mem::take(&mut self.names))
        };
        let name = if nested {
            self.name(&f.name)
        } else if method.is_some() {
            String::new()
        } else {
            self.input.function_name(&f.name, Lang::JavaScript, first)
        };
        let receiver = match &method {
            Some((_, true)) => f.params.first(),
            _ => None,
        };
        if let Some(r) = receiver {
            self.names.insert(r.name.clone(), "this".to_string());
        }
        let mut planner = Planner {
            occurrences: HashMap::new(),
            parents: HashMap::new(),
            next_block: 0,
            order: 0,
        };
        let mut ids = StmtIds::default();
        planner.block(&f.body, None, &mut ids);
        let params: HashSet<String> = f.params.iter().map(|p| p.name.clone()).collect();
        let saved_plan = std::mem::replace(&mut self.plan, planner.plan(&params));
        // The target signature, where there is one, fixes the function's
        // form and its parameters' names; parameters it has beyond the
        // source's are never read (callers may pass them).
        let signature = (first && !nested && method.is_none())
            .then_some(self.input.request.context.signature.as_deref())
            .flatten()
            .and_then(parse_signature);
        let mut extra = Vec::new();
        if let Some(sig) = &signature {
            if sig.params.len() < f.params.len() {
                return decline(
                    f.line,
                    format!(
                        "target signature with {} parameters for a function with {}",
                        sig.params.len(),
                        f.params.len()
                    ),
                );
            }
            for (p, target) in f.params.iter().zip(&sig.params) {
                self.names.insert(p.name.clone(), target.clone());
            }
            for (i, target) in sig.params.iter().enumerate().skip(f.params.len()) {
                // A key no Python name can be.
                self.names.insert(format!("<extra {i}>"), target.clone());
                extra.push(target.clone());
            }
        }
        let mut ps = Vec::new();
        let hoisted = self.hoist_created_defaults(f, method.is_some())?;
        for p in f.params.iter().skip(usize::from(receiver.is_some())) {
            let name = self.name(&p.name);
            if let Some((_, once)) = hoisted.iter().find(|(id, _)| *id == p.id) {
                ps.push(format!("{name} = {once}"));
                continue;
            }
            // JavaScript gives a default where the argument is left out
            // (`undefined`), as Python does; an explicit `None` (`null`)
            // stays.
            ps.push(match &p.default {
                // Python's `*args`: a tuple, read only where an array
                // reads the same (the frontend's obligation).
                None if p.passing == Passing::Rest => format!("...{name}"),
                // The frontend keeps defaults whose value is the same
                // evaluated at `def` or at each call (see its
                // `default_value`).
                Some(d)
                    if matches!(
                        d.kind,
                        ExprKind::Lit(_)
                            | ExprKind::Name(_)
                            | ExprKind::Tuple(_)
                            | ExprKind::List(_)
                            | ExprKind::Dict(_)
                            | ExprKind::Set(_)
                            | ExprKind::Unary(..)
                    ) || closed_lambda(d) =>
                {
                    format!("{name} = {}", self.expr(d, prec::ASSIGN)?)
                }
                Some(_) => return decline(p.line, "default argument that is not a constant"),
                None => name,
            });
        }
        ps.extend(extra);
        let arrow = signature.as_ref().and_then(|s| s.arrow.clone());
        let star = if is_generator(f) { "*" } else { "" };
        self.out.comments("//", &f.comments);
        match &arrow {
            _ if method.is_some() => {
                let head = match method.as_ref().map_or("", |(h, _)| h.as_str()) {
                    "constructor" if !star.is_empty() => {
                        return decline(f.line, "a constructor that yields")
                    }
                    h => match h.strip_prefix("static ") {
                        Some(m) => format!("static {star}{m}"),
                        None => format!("{star}{h}"),
                    },
                };
                self.out.line(format!("{head}({}) {{", ps.join(", ")))
            }
            Some(_) if !star.is_empty() => {
                return decline(
                    f.line,
                    "a generator where the target signature is an arrow function",
                )
            }
            Some(kind) => self
                .out
                .line(format!("{kind} {name} = ({}) => {{", ps.join(", "))),
            None if assigned => self.out.line(format!(
                "{name} = function{star} {name}({}) {{",
                ps.join(", ")
            )),
            None => self
                .out
                .line(format!("function{star} {name}({}) {{", ps.join(", "))),
        }
        let mut ids = StmtIds::default();
        let mut next_block = 0;
        let pep_479 = !star.is_empty()
            && self.input.from == Lang::Python
            && exceptions::may_raise_stop_iteration(f);
        if pep_479 {
            self.helper("PyError", exceptions::PY_ERROR);
            self.helper("pyGeneratorStop", exceptions::PY_GENERATOR_STOP);
            self.out.depth += 1;
            self.out.line("try {");
        }
        self.block(&f.body, &mut ids, &mut next_block)?;
        if pep_479 {
            self.out.line("} catch (e) {");
            self.out.line("  throw pyGeneratorStop(e);");
            self.out.line("}");
            self.out.depth -= 1;
        }
        self.out
            .line(if (arrow.is_some() || assigned) && method.is_none() {
                "};"
            } else {
                "}"
            });
        self.plan = saved_plan;
        self.underscore_read = saved_underscore;
        self.facts = saved_facts;
        self.escaping = saved_escaping;
        if let Some(names) = saved_names {
            self.names = names;
        }
        Ok(())
    }

    /// A block's statements, one level in. Block ids follow the planner's
    /// numbering (pre-order).
    fn block(&mut self, block: &Block, ids: &mut StmtIds, next_block: &mut usize) -> Res<()> {
        let id = *next_block;
        *next_block += 1;
        self.out.depth += 1;
        if let Some(names) = self.plan.at_block.get(&id).cloned() {
            for n in names {
                let n = self.name(&n);
                self.out.line(format!("let {n};"));
            }
        }
        let mark = self.has_key.len();
        for s in block {
            // A key stored earlier in the block stays until the key, the
            // dict or its size may change.
            let kept: Vec<(String, String)> = self.has_key.drain(mark..).collect();
            let one = std::slice::from_ref(s);
            self.has_key.extend(
                kept.into_iter()
                    .filter(|(k, d)| !assigns(one, k) && !assigns(one, d) && !resizes(one, d)),
            );
            let r = self.stmt(s, ids, next_block);
            if r.is_err() {
                self.has_key.truncate(mark);
            }
            r?;
            if let Some(fact) = self.stores_key(s) {
                self.has_key.push(fact);
            }
        }
        self.has_key.truncate(mark);
        self.out.depth -= 1;
        Ok(())
    }

    /// The (key, dict) pair a statement leaves present when it completes:
    /// `d[k] = v`; `if k not in d:` whose block stores `d[k]`; `if k in d:`
    /// whose `else` block stores it.
    fn stores_key(&self, s: &Stmt) -> Option<(String, String)> {
        match &s.kind {
            // An update reads the key first: it raised where it was not.
            StmtKind::Assign {
                target: Target::Index { value, index, .. },
                ..
            }
            | StmtKind::AugAssign {
                target: Target::Index { value, index, .. },
                ..
            } => match (&value.kind, &index.kind) {
                (ExprKind::Name(d), ExprKind::Name(k))
                    if matches!(self.ty(value), Ty::Dict(..)) && !self.escaping.contains(d) =>
                {
                    Some((k.clone(), d.clone()))
                }
                _ => None,
            },
            StmtKind::If { branches, orelse } => {
                let [(test, body)] = branches.as_slice() else {
                    return None;
                };
                let (k, d, negated) = key_test(test)?;
                let (storing, other) = if negated {
                    (body, orelse)
                } else {
                    (orelse, body)
                };
                let stored = storing.iter().enumerate().any(|(i, st)| {
                    self.stores_key(st) == Some((k.clone(), d.clone()))
                        && !assigns(&storing[i + 1..], &k)
                        && !assigns(&storing[i + 1..], &d)
                        && !resizes(&storing[i + 1..], &d)
                });
                let kept = !assigns(other, &k) && !assigns(other, &d) && !resizes(other, &d);
                (stored && kept && !self.escaping.contains(&d)).then_some((k, d))
            }
            _ => None,
        }
    }

    /// Whether `value[index]` of a dict reads a key proved present.
    fn proved_present(&self, value: &Expr, index: &Expr) -> bool {
        match (&value.kind, &index.kind) {
            (ExprKind::Name(d), ExprKind::Name(k)) => {
                self.has_key.iter().any(|(hk, hd)| hk == k && hd == d)
            }
            _ => false,
        }
    }

    /// A block run where a key is present (a branch of `k in d`, a loop
    /// over `d`'s keys): the fact holds in it unless the block may change
    /// the key, the dict or its size.
    fn block_with_key(
        &mut self,
        fact: Option<(String, String)>,
        body: &Block,
        ids: &mut StmtIds,
        next_block: &mut usize,
    ) -> Res<()> {
        let fact = fact.filter(|(k, d)| {
            !assigns(body, k)
                && !assigns(body, d)
                && !resizes(body, d)
                && !self.escaping.contains(d)
        });
        let pushed = fact.is_some();
        self.has_key.extend(fact);
        let r = self.block(body, ids, next_block);
        if pushed {
            self.has_key.pop();
        }
        r
    }

    /// A statement, with the comments around it.
    fn stmt(&mut self, s: &Stmt, ids: &mut StmtIds, next_block: &mut usize) -> Res<()> {
        self.out.comments("//", &s.comments.before);
        self.stmt_code(s, ids, next_block)?;
        self.out.comments("//", &s.comments.after);
        Ok(())
    }

    fn stmt_code(&mut self, s: &Stmt, ids: &mut StmtIds, next_block: &mut usize) -> Res<()> {
        let sid = ids.of(s);
        let line = s.line;
        match &s.kind {
            StmtKind::Assign {
                target: Target::Index {
                    value: m, index, ..
                },
                value,
            } if matches!(self.ty(m), Ty::Dict(..)) => {
                let unknown = self.unknown_key(&self.ty(m));
                let m = self.expr(m, prec::MEMBER)?;
                let k = self.expr(index, prec::ASSIGN)?;
                let k = self.checked_key(k, unknown);
                let v = self.expr(value, prec::ASSIGN)?;
                self.out.line(format!("{m}.set({k}, {v});"));
            }
            StmtKind::Assign { target, value } => {
                // Regression (corpora, `modular_inverse.py`): "`s, _, g =
                // ...` kept the last `_` as a name, which nothing
                // declared" (a `ReferenceError`); an assignment never
                // declares `_`, so it binds it only where nothing reads it.
                if self.underscore_read && binds_underscore(target) {
                    return decline(line, "`_` assigned and read");
                }
                let v = self.expr(value, prec::ASSIGN)?;
                let v = match self.unpack_count(target, &self.ty(value)) {
                    Some(n) => {
                        self.helper("pyUnpack", PY_UNPACK);
                        format!("pyUnpack({v}, {n})")
                    }
                    None => v,
                };
                let decl = match target {
                    Target::Name { name, .. } if self.plan.at_assign.get(name) == Some(&sid) => {
                        if self.plan.once.contains(name) {
                            "const "
                        } else {
                            "let "
                        }
                    }
                    _ => "",
                };
                let t = self.store_target(target, line)?;
                if t == "_" {
                    self.out.line(format!("{v};"));
                } else {
                    self.out.line(format!("{decl}{t} = {v};"));
                }
            }
            StmtKind::AugAssign { target, op, value } => {
                self.aug_assign(target, *op, value, line)?
            }
            StmtKind::If { branches, orelse } => {
                for (i, (test, body)) in branches.iter().enumerate() {
                    let t = self.test(test, false)?.0;
                    if i == 0 {
                        self.out.line(format!("if ({t}) {{"));
                    } else {
                        self.out.line(format!("}} else if ({t}) {{"));
                    }
                    let present = key_test(test).filter(|(_, _, negated)| !negated);
                    self.block_with_key(present.map(|(k, d, _)| (k, d)), body, ids, next_block)?;
                }
                if orelse.is_empty() {
                    // The planner numbered the empty `else` block too.
                    *next_block += 1;
                } else {
                    self.out.line("} else {");
                    // `if k not in d: ... else:` has the key.
                    let present = match branches.as_slice() {
                        [(test, _)] => key_test(test).filter(|(_, _, negated)| *negated),
                        _ => None,
                    };
                    self.block_with_key(present.map(|(k, d, _)| (k, d)), orelse, ids, next_block)?;
                }
                self.out.line("}");
            }
            StmtKind::While { test, body } => {
                let t = self.test(test, false)?.0;
                self.out.line(format!("while ({t}) {{"));
                self.loops.push(None);
                let r = self.block(body, ids, next_block);
                self.loops.pop();
                r?;
                self.out.line("}");
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
            } => {
                if orelse.is_empty() {
                    self.loops.push(None);
                    let r = self.for_loop(target, iter, body, ids, next_block, line);
                    self.loops.pop();
                    r?;
                    // The planner numbered the (empty) `else` block.
                    *next_block += 1;
                } else {
                    // `for ... else`: the loop in a labelled block that
                    // the loop's own `break`s leave, skipping the `else`
                    // part at its end.
                    self.temps += 1;
                    let label = format!("loop{}", self.temps);
                    self.out.line(format!("{label}: {{"));
                    self.out.depth += 1;
                    self.loops.push(Some(label));
                    let r = self.for_loop(target, iter, body, ids, next_block, line);
                    self.loops.pop();
                    r?;
                    self.out.depth -= 1;
                    self.block(orelse, ids, next_block)?;
                    self.out.line("}");
                }
            }
            StmtKind::Return(value) => match value {
                Some(v) => {
                    let v = self.expr(v, 0)?;
                    self.out.line(format!("return {v};"));
                }
                None => self.out.line("return;"),
            },
            StmtKind::Break => match self.loops.last() {
                Some(Some(label)) => {
                    let label = label.clone();
                    self.out.line(format!("break {label};"));
                }
                _ => self.out.line("break;"),
            },
            StmtKind::Continue => self.out.line("continue;"),
            StmtKind::Pass => {}
            StmtKind::Expr(e) => {
                let v = self.expr(e, 0)?;
                self.out.line(format!("{v};"));
            }
            // No frontend to JavaScript gives these (Python's `nonlocal`
            // is declined by its frontend).
            StmtKind::Def(f) if !f.nonlocal.is_empty() => {
                return decline(s.line, "nested function assigning a variable around it")
            }
            // A nested function a function defined before it reads (a
            // closure calling a sibling defined later) has its name
            // declared at the top of the block (`let f;`), where
            // `function f` would declare it twice: it is assigned there,
            // so that a call before the definition throws, as Python's
            // raises `NameError` (a Rust item is visible in its whole
            // block, called before it or not: left declared twice, which
            // the compile check declines).
            StmtKind::Def(f) => {
                self.def_assigned = self.input.from == Lang::Python
                    && self.plan.at_block.values().any(|ns| ns.contains(&f.name));
                self.function(f, false)?
            }
            StmtKind::Yield { value, from: false } => {
                let v = self.expr(value, prec::ASSIGN)?;
                self.out.line(format!("yield {v};"));
            }
            StmtKind::Yield { value, from: true } => {
                let v = self.iterable(value, line)?;
                self.out.line(format!("yield* {v};"));
            }
            StmtKind::Fail { kind, message } => {
                let m = message
                    .as_deref()
                    .map(js_string)
                    .unwrap_or_else(|| "\"panic\"".to_string());
                match kind {
                    ErrorKind::Error | ErrorKind::Other => {
                        self.out.line(format!("throw new Error({m});"))
                    }
                    ErrorKind::RangeError => self.out.line(format!("throw new RangeError({m});")),
                    k => {
                        self.helper("PyError", exceptions::PY_ERROR);
                        let class = k.python_class();
                        self.out
                            .line(format!("throw new PyError(\"{class}\", {m});"));
                    }
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finally,
            } => {
                self.check_try(body, handlers, orelse, finally, line)?;
                self.try_statement(body, handlers, finally, ids, next_block)?;
                for s in orelse {
                    self.stmt(s, ids, next_block)?;
                }
            }
            StmtKind::Assert(test, message) => {
                let t = self.test(test, true)?.0;
                let m = js_string(message.as_deref().unwrap_or("assertion failed"));
                self.out.line(format!("if ({t}) {{"));
                self.out.depth += 1;
                self.out.line(format!("throw new Error({m});"));
                self.out.depth -= 1;
                self.out.line("}");
            }
        }
        Ok(())
    }

    /// An assignment's left side.
    /// `try { } catch (e) { } finally { }`: a handler of some kinds runs
    /// where the error is a `PyError` of one of them; an error no handler
    /// names is thrown on.
    fn try_statement(
        &mut self,
        body: &Block,
        handlers: &[Handler],
        finally: &Block,
        ids: &mut StmtIds,
        next_block: &mut usize,
    ) -> Res<()> {
        self.out.line("try {");
        self.block(body, ids, next_block)?;
        if !handlers.is_empty() {
            let var = match handlers {
                [h] if h.kinds.is_empty() && h.name.is_none() => None,
                _ => Some(self.catch_name(handlers)),
            };
            match &var {
                Some(v) => self.out.line(format!("}} catch ({v}) {{")),
                None => self.out.line("} catch {"),
            }
            let var = var.unwrap_or_default();
            let all = handlers.last().is_some_and(|h| h.kinds.is_empty());
            if let [h] = handlers {
                if !h.kinds.is_empty() {
                    self.out.depth += 1;
                    let test = kind_test(&var, &h.kinds);
                    self.out.line(format!("if (!({test})) {{"));
                    self.out.line(format!("  throw {var};"));
                    self.out.line("}");
                    self.out.depth -= 1;
                }
                self.block(&h.body, ids, next_block)?;
            } else {
                self.out.depth += 1;
                for (i, h) in handlers.iter().enumerate() {
                    let open = if i == 0 { "if" } else { "} else if" };
                    if h.kinds.is_empty() {
                        self.out.line(if i == 0 { "{" } else { "} else {" });
                    } else {
                        self.out
                            .line(format!("{open} ({}) {{", kind_test(&var, &h.kinds)));
                    }
                    self.block(&h.body, ids, next_block)?;
                    if h.kinds.is_empty() {
                        break;
                    }
                }
                if !all {
                    self.out.line("} else {");
                    self.out.line(format!("  throw {var};"));
                }
                self.out.line("}");
                self.out.depth -= 1;
            }
        }
        if !finally.is_empty() {
            self.out.line("} finally {");
            self.block(finally, ids, next_block)?;
        }
        self.out.line("}");
        Ok(())
    }

    /// The `catch` binding: the handlers' one name, else one no handler
    /// reads.
    fn catch_name(&mut self, handlers: &[Handler]) -> String {
        if let Some(n) = handlers.iter().find_map(|h| h.name.clone()) {
            return self.name(&n);
        }
        let taken = |c: &str| {
            handlers
                .iter()
                .any(|h| crate::engine::rules::analysis::usage::mentions(&h.body, c))
        };
        let mut k = 0;
        loop {
            let c = if k == 0 {
                "e".to_string()
            } else {
                format!("e{k}")
            };
            if !taken(&c) {
                return c;
            }
            k += 1;
        }
    }

    fn store_target(&mut self, t: &Target, line: usize) -> Res<String> {
        Ok(match t {
            Target::Name { name, .. } => self.name(name),
            Target::Tuple(ts) => {
                let mut parts = Vec::new();
                let last_blank = self.last_underscore(ts);
                for (k, t) in ts.iter().enumerate() {
                    parts.push(match t {
                        Target::Name { name, .. } if name == "_" && Some(k) != last_blank => {
                            String::new()
                        }
                        t => self.store_target(t, line)?,
                    });
                }
                format!("[{}]", parts.join(", "))
            }
            Target::Index { value, index, sem } => {
                let vt = self.ty(value);
                self.bool_index(&vt, index, line)?;
                let v = self.expr(value, prec::MEMBER)?;
                let i = self.expr(index, 0)?;
                if matches!(vt, Ty::Dict(..)) {
                    return decline(line, "store into a map by index");
                }
                // Python's store into a value of unknown type: a dict's
                // (a `Map`'s) entry or a list's item, which JavaScript's
                // `x[i] = v` is neither (a property of a `Map`, an array
                // grown past its end).
                if sem.out_of_range == OutOfRange::Raises && !matches!(vt, Ty::List(_)) {
                    return decline(
                        line,
                        "a store at an index of a value that may not be a list",
                    );
                }
                if sem.out_of_range == OutOfRange::Raises
                    && matches!(vt, Ty::List(_))
                    && !self.proved_in_range(value, index)
                {
                    // Python raises past either end (and counts a negative
                    // index from the end) where JavaScript would add an
                    // element or a property: the position Python stores
                    // at, or its `IndexError`.
                    if !is_pure(value) {
                        return decline(line, "store at an index of a computed list");
                    }
                    self.helper("pyStoreAt", PY_STORE_AT);
                    let i = self.expr(index, prec::ASSIGN)?;
                    return Ok(format!("{v}[pyStoreAt({v}, {i})]"));
                }
                if sem.negative_from_end && !self.facts.holds(index, self.input.types) {
                    // `xs[-1] = v` stores at the end, where `xs[-1]` in
                    // JavaScript would add a property.
                    return match &index.kind {
                        ExprKind::Unary(UnOp::Neg, k)
                            if is_pure(value) && matches!(k.kind, ExprKind::Lit(Lit::Int(_))) =>
                        {
                            let k = self.expr(k, prec::ADD + 1)?;
                            Ok(format!("{v}[{v}.length - {k}]"))
                        }
                        ExprKind::Lit(Lit::Int(k)) if is_pure(value) && *k < 0 => {
                            Ok(format!("{v}[{v}.length - {}]", -k))
                        }
                        // Any other index of a list: the position Python
                        // stores at, or its `IndexError`.
                        _ if is_pure(value) && matches!(vt, Ty::List(_)) => {
                            self.helper("pyStoreAt", PY_STORE_AT);
                            let i = self.expr(index, prec::ASSIGN)?;
                            Ok(format!("{v}[pyStoreAt({v}, {i})]"))
                        }
                        _ => decline(line, "a store at an index that may count from the end"),
                    };
                }
                if sem.out_of_range == OutOfRange::Panics && !self.proved_in_range(value, index) {
                    if !is_pure(value) {
                        return decline(line, "store at an index of a computed list");
                    }
                    self.helper("rsIndex", RS_INDEX);
                    return Ok(format!("{v}[rsIndex({v}, {i})]"));
                }
                format!("{v}[{i}]")
            }
            Target::Attr { value, name } => {
                let v = self.object(value, line)?;
                format!("{v}.{name}")
            }
        })
    }

    fn aug_assign(&mut self, target: &Target, op: BinOp, value: &Expr, line: usize) -> Res<()> {
        if let Target::Name { name, id } = target {
            let tt = self
                .input
                .types
                .get(id.index())
                .cloned()
                .unwrap_or(Ty::Unknown);
            if matches!(tt, Ty::List(_)) && matches!(op, BinOp::Add(OperandSem::ByTypes)) {
                // Python's `xs += ys` extends the list in place (another
                // name for it sees the items); JavaScript's `+=` would
                // make a string.
                let t = self.name(name);
                let v = self.expr(value, prec::ASSIGN)?;
                self.out.line(format!("{t}.push(...{v});"));
                return Ok(());
            }
            // A name that may hold a list (its type is not known, or it
            // may be `None`): Python's `+=` and `*=` change the list in
            // place, where `x = x + y` would make a new one that another
            // name for the old one does not see. With a list on the right
            // only a list is accepted on the left; with a number or a
            // string on the right the left is of that kind; anything else
            // (a tuple, which extends a list but makes a new tuple) is
            // declined.
            if self.input.from == Lang::Python && may_hold_list(&tt) {
                let vt = self.ty(value);
                match op {
                    BinOp::Add(OperandSem::ByTypes) if matches!(vt, Ty::List(_)) => {
                        let t = self.name(name);
                        let v = self.expr(value, prec::ASSIGN)?;
                        self.out.line(format!("{t}.push(...{v});"));
                        return Ok(());
                    }
                    BinOp::Add(OperandSem::ByTypes)
                        if !(vt.is_numeric() || matches!(vt, Ty::Str | Ty::Char)) =>
                    {
                        return decline(
                            line,
                            format!("`+=` of {vt} to a name that may hold a list (Python extends it in place)"),
                        );
                    }
                    BinOp::Mul(OperandSem::ByTypes) => {
                        return decline(
                            line,
                            "`*=` of a name that may hold a list (Python repeats it in place)",
                        );
                    }
                    _ => {}
                }
            }
            // Python's `s -= t` of sets changes `s` in place (another name
            // for it sees it), where `x = x - y` would make a new one; with
            // a number on the right, `s` can only be a number.
            if op == BinOp::Sub && !tt.is_numeric() && !self.ty(value).is_numeric() {
                return decline(line, format!("update with Sub on {tt}"));
            }
            // An operator whose Python meaning needs more than JavaScript's
            // own (`//`, `%`, `/`, `*` repeating): `x = x op y`, written as
            // the expression is.
            let read = Expr {
                id: *id,
                kind: ExprKind::Name(name.clone()),
                line,
            };
            if let Some((v, _)) = self.python_binary(op, &read, value, line)? {
                let t = self.name(name);
                self.out.line(format!("{t} = {v};"));
                return Ok(());
            }
        }
        if let Target::Attr { value: obj, name } = target {
            // `o.x op= v` as `o.x = o.x op v` with Python's meaning of
            // `op`; the object is evaluated twice.
            if !is_pure(obj) {
                return decline(line, "update of an attribute of a computed object");
            }
            // Python's `+=` extends a list in place (another name for it
            // sees the items); a field's type is not known here.
            let vt = self.ty(value);
            if matches!(op, BinOp::Add(_) | BinOp::Mul(_))
                && !(vt.is_numeric() || matches!(vt, Ty::Str | Ty::Char))
            {
                return decline(line, "`+=` or `*=` of an attribute that may hold a list");
            }
            if op == BinOp::Sub && !vt.is_numeric() {
                return decline(line, "`-=` of an attribute that may hold a set");
            }
            let read = Expr {
                id: crate::engine::rules::ir::ExprId(u32::MAX),
                kind: ExprKind::Attr {
                    value: obj.clone(),
                    name: name.clone(),
                },
                line,
            };
            if let Some((v, _)) = self.python_binary(op, &read, value, line)? {
                let t = self.store_target(target, line)?;
                self.out.line(format!("{t} = {v};"));
                return Ok(());
            }
        }
        if let Target::Index {
            value: seq,
            index,
            sem,
        } = target
        {
            if matches!(self.ty(seq), Ty::Dict(..)) {
                // `m.set(k, m.get(k) + v)`: the key must be there; where
                // nothing proves it, the read raises (Python) or panics
                // (Rust) as the source's does.
                if !is_pure(seq) || !is_pure(index) {
                    return decline(line, "update of a map entry at a computed key");
                }
                let m = self.expr(seq, prec::MEMBER)?;
                let k = self.expr(index, 0)?;
                let read = match sem.out_of_range {
                    _ if self.proved_present(seq, index) => format!("{m}.get({k})"),
                    OutOfRange::Raises => {
                        self.helper("pyKey", PY_KEY);
                        format!("pyKey({m}, {k})")
                    }
                    OutOfRange::Panics => {
                        self.helper("rsGet", RS_GET);
                        format!("rsGet({m}, {k})")
                    }
                    OutOfRange::Undefined => format!("{m}.get({k})"),
                };
                let v = self.expr(value, prec::ADD + 1)?;
                let sym = self.aug_symbol(op, &self.ty(value), line)?;
                self.out.line(format!("{m}.set({k}, {read} {sym} {v});"));
                return Ok(());
            }
        }
        let t = self.store_target(target, line)?;
        let tt = match target {
            Target::Name { id, .. } => self
                .input
                .types
                .get(id.index())
                .cloned()
                .unwrap_or(Ty::Unknown),
            _ => self.ty(value),
        };
        // Rust's `/=` and `%=` of integers: a zero divisor panics.
        let int_rem = op == BinOp::Rem(Rounding::Trunc) && tt.is_int();
        if op == BinOp::FloorDiv(Rounding::Trunc) || int_rem {
            if self.divisor_needs_check(value) {
                let v = self.expr(value, prec::ASSIGN)?;
                let f = self.int_division_helper(op);
                self.out.line(format!("{t} = {f}({t}, {v});"));
                return Ok(());
            }
            if !int_rem {
                let v = self.expr(value, 0)?;
                self.out.line(format!("{t} = Math.trunc({t} / {v});"));
                return Ok(());
            }
        }
        if let (Lang::Rust, BinOp::Shl, Ty::Int(int)) = (self.input.from, op, &tt) {
            if let Some((64, signed)) = int.width() {
                let v = self.expr(value, prec::ASSIGN)?;
                let shifted = self.shl64(&t, &v, signed);
                self.out.line(format!("{t} = {shifted};"));
                return Ok(());
            }
        }
        if self.input.from == Lang::Rust
            && wide_fixed(&tt).is_some()
            && matches!(
                op,
                BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::Shr
            )
        {
            let v = self.expr(value, prec::UNARY)?;
            if let Some((done, _)) = wide_bitwise(op, &tt, &t, &v) {
                self.out.line(format!("{t} = {done};"));
                return Ok(());
            }
        }
        let sym = self.aug_symbol(op, &tt, line)?;
        let v = self.expr(value, prec::ASSIGN)?;
        self.out.line(format!("{t} {sym}= {v};"));
        Ok(())
    }

    fn aug_symbol(&self, op: BinOp, ty: &Ty, line: usize) -> Res<&'static str> {
        Ok(match op {
            // Numbers add and strings concatenate alike; a list would
            // become a string.
            BinOp::Add(_) if ty.is_numeric() || matches!(ty, Ty::Str | Ty::Char) => "+",
            // A set's difference, in Python, where JavaScript's `-` gives
            // NaN.
            BinOp::Sub if ty.is_numeric() => "-",
            BinOp::Mul(OperandSem::Numeric) => "*",
            BinOp::Mul(_) if ty.is_numeric() => "*",
            // Python's `/` raises on a zero divisor.
            BinOp::Div(DivSem::ByType | DivSem::Number) if ty.is_float() => "/",
            BinOp::Rem(Rounding::Trunc) => "%",
            // Python's power raises where JavaScript's gives `Infinity`
            // (`0 ** -1`, an overflowing float): a Python update goes
            // through `python_binary`, or is declined here.
            BinOp::Pow if ty.is_numeric() && self.input.from != Lang::Python => "**",
            // `<<=` of a narrower type would keep the bits past its width.
            BinOp::Shl if *ty == Ty::Int(IntTy::I32) => "<<",
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::Shr if fits_int32(ty) => match op
            {
                BinOp::BitAnd => "&",
                BinOp::BitOr => "|",
                BinOp::BitXor => "^",
                _ => ">>",
            },
            _ => return decline(line, format!("update with {op:?} on {ty}")),
        })
    }

    /// Whether `e` reads nothing the loop body changes, so evaluating it
    /// once or on every pass is the same.
    fn stable(&self, e: &Expr, body: &Block) -> bool {
        match &e.kind {
            ExprKind::Lit(_) => true,
            ExprKind::Name(n) => !assigns(body, n),
            ExprKind::Builtin {
                op: Builtin::Len,
                args,
                ..
            } => match args.as_slice() {
                [Expr {
                    kind: ExprKind::Name(n),
                    ..
                }] => !assigns(body, n) && !resizes(body, n) && !self.escaping.contains(n),
                _ => false,
            },
            ExprKind::Binary(_, a, b) => self.stable(a, body) && self.stable(b, body),
            _ => false,
        }
    }

    /// Whether every name `target` binds is bound only by loops, each
    /// declared in its loop's header (nested tuples too: `for ((a, b), c)
    /// in xs` declared none of them, and assigned globals).
    fn loop_only(&self, target: &Target) -> bool {
        match target {
            Target::Name { name, .. } => name == "_" || self.plan.loop_only.contains(name),
            Target::Tuple(ts) => ts.iter().all(|t| self.loop_only(t)),
            _ => false,
        }
    }

    fn for_loop(
        &mut self,
        target: &Target,
        iter: &Expr,
        body: &Block,
        ids: &mut StmtIds,
        next_block: &mut usize,
        line: usize,
    ) -> Res<()> {
        // `_` is never planned (nothing reads it): each loop declares its
        // own, or it was a global (a ReferenceError in a module).
        let loop_only = self.loop_only(target);
        // A counting loop over a range.
        let range = |e: &Expr| -> Option<(Option<Expr>, Expr)> {
            match &e.kind {
                ExprKind::Builtin {
                    op: Builtin::Range,
                    args,
                    ..
                } => match args.as_slice() {
                    [stop] => Some((None, stop.clone())),
                    [start, stop] => Some((Some(start.clone()), stop.clone())),
                    _ => None,
                },
                _ => None,
            }
        };
        // A counting loop, unless the body assigns the counter: Python's
        // next pass takes the range's next value whatever the body did,
        // where `i++` would count on from the assigned one.
        let counting = match target {
            Target::Name { name, .. } => !assigns(body, name),
            _ => false,
        };
        if let (Target::Name { name, .. }, Some((start, stop)), true) =
            (target, range(iter), counting)
        {
            let i = self.name(name);
            let decl = if loop_only { "let " } else { "" };
            let a = match &start {
                Some(s) => self.expr(s, prec::ASSIGN)?,
                None => "0".to_string(),
            };
            let b = if self.stable(&stop, body) {
                self.expr(&stop, prec::REL + 1)?
            } else {
                // Rust reads the bound once; JavaScript's test would read
                // it on every pass.
                self.temps += 1;
                let end = self.name(&format!("{name}_end{}", self.temps));
                let b = self.expr(&stop, prec::ASSIGN)?;
                self.out.line(format!("const {end} = {b};"));
                end
            };
            self.out
                .line(format!("for ({decl}{i} = {a}; {i} < {b}; {i}++) {{"));
            // The counter indexes `v` safely when the range is `0..len(v)`
            // (or starts higher) and the body does not resize `v`.
            let start_ok = start
                .as_ref()
                .is_none_or(|s| self.facts.holds(s, self.input.types));
            let mut pushed = false;
            if let Some((seq, up)) = length_less(&stop) {
                if start_ok
                    && !assigns(body, seq)
                    && !resizes(body, seq)
                    && !self.escaping.contains(seq)
                {
                    let down = match start.as_ref().map(|s| &s.kind) {
                        Some(ExprKind::Lit(Lit::Int(k))) => *k,
                        _ => 0,
                    };
                    self.in_range.push(InRange {
                        counter: name.clone(),
                        seq: seq.clone(),
                        up,
                        down,
                    });
                    pushed = true;
                }
            }
            let r = self.block(body, ids, next_block);
            if pushed {
                self.in_range.pop();
            }
            r?;
            self.out.line("}");
            return Ok(());
        }
        if let (
            Target::Name { name, .. },
            ExprKind::Builtin {
                op: Builtin::Reversed,
                args,
                ..
            },
            true,
        ) = (target, &iter.kind, counting)
        {
            if let Some((start, stop)) = args.first().and_then(range) {
                if start.as_ref().is_none_or(|s| self.stable(s, body)) {
                    let i = self.name(name);
                    let decl = if loop_only { "let " } else { "" };
                    let a = match &start {
                        Some(s) => self.expr(s, prec::REL + 1)?,
                        None => "0".to_string(),
                    };
                    let b = self.expr(&stop, prec::ADD)?;
                    self.out
                        .line(format!("for ({decl}{i} = {b} - 1; {i} >= {a}; {i}--) {{"));
                    self.block(body, ids, next_block)?;
                    self.out.line("}");
                    return Ok(());
                }
            }
        }
        let mut it = self.iterable(iter, line)?;
        let item = self.ty(iter).item().unwrap_or(Ty::Unknown);
        if let Some(n) = self.unpack_count(target, &item) {
            self.helper("pyUnpack", PY_UNPACK);
            self.helper("pyUnpacked", PY_UNPACKED);
            it = format!("pyUnpacked({it}, {n})");
        }
        let t = self.store_target(target, line)?;
        let decl = if loop_only { "const " } else { "" };
        // A target binding names declared before the loop beside names
        // only the loop binds (`for i, x in ...` after `i = -1`): the
        // latter are declared in a block around the loop, which was
        // assigning them undeclared (a ReferenceError in a module).
        let own: Vec<String> = if loop_only {
            Vec::new()
        } else {
            let names: Vec<&str> = target
                .names()
                .into_iter()
                .filter(|n| *n == "_" || self.plan.loop_only.contains(*n))
                .collect();
            let mut own: Vec<String> = names.into_iter().map(|n| self.name(n)).collect();
            own.sort();
            own.dedup();
            own
        };
        if !own.is_empty() {
            self.out.line("{");
            self.out.depth += 1;
            self.out.line(format!("let {};", own.join(", ")));
        }
        self.out.line(format!("for ({decl}{t} of {it}) {{"));
        let key = self.key_of_loop(target, iter);
        self.block_with_key(key, body, ids, next_block)?;
        self.out.line("}");
        if !own.is_empty() {
            self.out.depth -= 1;
            self.out.line("}");
        }
        Ok(())
    }

    /// How many names a Python unpacking (`a, b = v`, `for a, b in xs`)
    /// binds, where the value's type does not show that many items (a
    /// list, a value of unknown type): Python raises `ValueError` on
    /// another count, where JavaScript's destructuring fills `undefined`
    /// or drops the rest. `None` where no check is needed.
    fn unpack_count(&self, target: &Target, value: &Ty) -> Option<usize> {
        let Target::Tuple(parts) = target else {
            return None;
        };
        if self.input.from != Lang::Python {
            return None;
        }
        match value {
            Ty::Tuple(ts) if ts.len() == parts.len() => None,
            _ => Some(parts.len()),
        }
    }

    /// A loop's variable that is a key of the dict it walks: `for k in d`,
    /// `for k in d.keys()`, `for k, v in d.items()`.
    fn key_of_loop(&self, target: &Target, iter: &Expr) -> Option<(String, String)> {
        let (dict, key) = match (&iter.kind, target) {
            (
                ExprKind::Method {
                    recv,
                    method: Method::Items,
                    ..
                },
                Target::Tuple(parts),
            ) => (recv.as_ref(), parts.first()?),
            (
                ExprKind::Method {
                    recv,
                    method: Method::Keys,
                    ..
                },
                t,
            ) => (recv.as_ref(), t),
            (_, t) => (iter, t),
        };
        match (&dict.kind, key) {
            (ExprKind::Name(d), Target::Name { name, .. })
                if matches!(self.ty(dict), Ty::Dict(..)) =>
            {
                Some((name.clone(), d.clone()))
            }
            _ => None,
        }
    }

    /// Something `for ... of` can walk: what Python or Rust iterates.
    fn iterable(&mut self, e: &Expr, line: usize) -> Res<String> {
        let ty = self.ty(e);
        self.set_order(e, &ty, line)?;
        match &e.kind {
            // A generator just called (or an `itertools` helper's): nothing
            // else holds it.
            ExprKind::Call { .. }
            | ExprKind::CallMethod { .. }
            | ExprKind::CallStatic { .. }
            | ExprKind::Builtin {
                op: Builtin::Itertools(_),
                ..
            } if matches!(ty, Ty::Iter(_)) => self.expr(e, prec::ASSIGN),
            // A loop left early (`break`, `return`, an error) closes a
            // generator in JavaScript, where Python's leaves the rest to
            // be read on; `pyLoopOver` has no `return` to close it with.
            _ if matches!(ty, Ty::Iter(_)) => {
                self.helper("pyLoopOver", PY_LOOP_OVER);
                let x = self.expr(e, prec::ASSIGN)?;
                Ok(format!("pyLoopOver({x})"))
            }
            ExprKind::Builtin {
                op: Builtin::Enumerate,
                args,
                keywords,
            } if args.len() == 1 && keywords.is_empty() => {
                let a = self.array(&args[0], line)?;
                Ok(format!("{}.entries()", paren_member(&a)))
            }
            ExprKind::Method {
                recv,
                method: Method::Items,
                ..
            } if matches!(self.ty(recv), Ty::Dict(..)) => self.expr(recv, 0),
            ExprKind::Method {
                recv,
                method: m @ (Method::Keys | Method::Values),
                ..
            } => {
                let r = self.expr(recv, prec::MEMBER)?;
                Ok(format!(
                    "{r}.{}()",
                    if *m == Method::Keys { "keys" } else { "values" }
                ))
            }
            // A Python dict iterates its keys; a `Map` its entries.
            _ if matches!(ty, Ty::Dict(..))
                && !matches!(
                    e.kind,
                    ExprKind::Builtin { .. } | ExprKind::Comprehension { .. }
                ) =>
            {
                let m = self.expr(e, prec::MEMBER)?;
                Ok(format!("{m}.keys()"))
            }
            _ if matches!(
                ty,
                Ty::Str | Ty::Set(_) | Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_)
            ) && !matches!(
                e.kind,
                ExprKind::Builtin { .. } | ExprKind::Comprehension { .. }
            ) =>
            {
                self.expr(e, 0)
            }
            _ if ty == Ty::Unknown
                && self.input.from == Lang::Python
                && !matches!(
                    e.kind,
                    ExprKind::Builtin { .. } | ExprKind::Comprehension { .. }
                ) =>
            {
                self.helper("pyIter", PY_ITER);
                let x = self.expr(e, prec::ASSIGN)?;
                Ok(format!("pyIter({x})"))
            }
            _ => self.array(e, line),
        }
    }

    /// Python's `iter(x)`: a JavaScript iterator over what Python iterates
    /// in `x`, reading a list as Python's does (by position, seeing items
    /// appended meanwhile); an iterator is its own.
    fn iterator(&mut self, x: &Expr, line: usize) -> Res<String> {
        let ty = self.ty(x);
        self.set_order(x, &ty, line)?;
        Ok(match ty {
            Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Str => {
                format!("{}[Symbol.iterator]()", self.expr(x, prec::MEMBER)?)
            }
            Ty::Dict(..) => format!("{}.keys()", self.expr(x, prec::MEMBER)?),
            Ty::Set(_) => format!("{}.values()", self.expr(x, prec::MEMBER)?),
            // An iterator is its own; a parameter declared `Iterable`
            // may be a list.
            Ty::Iter(_) | Ty::Unknown => {
                self.helper("pyIterOf", PY_ITER_OF);
                format!("pyIterOf({})", self.expr(x, prec::ASSIGN)?)
            }
            other => return decline(line, format!("`iter` of {other}")),
        })
    }

    /// A call of an `itertools` function: its helper, a generator that
    /// reads the arguments' items as Python's does (`pyIterOf`), no
    /// further than the items asked for. A predicate is a lambda tested
    /// by Python's truthiness; the iterables' order is the source's (a
    /// set is declined where its order shows).
    fn itertool(&mut self, tool: Itertool, args: &[Expr], line: usize) -> Res<String> {
        let (name, code) = match tool {
            Itertool::Islice => ("pyIslice", PY_ISLICE),
            Itertool::Count => ("pyCount", PY_COUNT),
            Itertool::Repeat => ("pyRepeat", PY_REPEAT),
            Itertool::Chain => ("pyChain", PY_CHAIN),
            Itertool::ChainFromIterable => ("pyChainFromIterable", PY_CHAIN_FROM_ITERABLE),
            Itertool::TakeWhile => ("pyTakeWhile", PY_TAKE_WHILE),
            Itertool::DropWhile => ("pyDropWhile", PY_DROP_WHILE),
            Itertool::Pairwise => ("pyPairwise", PY_PAIRWISE),
            Itertool::Accumulate => ("pyAccumulate", PY_ACCUMULATE),
            Itertool::Tee => ("pyTee", PY_TEE),
            Itertool::Product => ("pyProduct", PY_PRODUCT),
            Itertool::Combinations => ("pyCombinations", PY_COMBINATIONS),
            Itertool::Permutations => ("pyPermutations", PY_PERMUTATIONS),
            Itertool::GroupBy => ("pyGroupBy", PY_GROUP_BY),
            Itertool::Compress => ("pyCompress", PY_COMPRESS),
            Itertool::Cycle => ("pyCycle", PY_CYCLE),
        };
        let numbers = |w: &Self, xs: &[Expr]| xs.iter().all(|a| w.ty(a).is_numeric());
        let settled = match tool {
            Itertool::Count => numbers(self, args),
            // A count whose type is not known: `pyRepeatTimes` checks it.
            Itertool::Repeat => args
                .get(1)
                .is_none_or(|n| self.ty(n).is_int() || self.ty(n) == Ty::Unknown),
            // `pyIslice` checks its bounds as Python does (an int, zero or
            // more, or `None`), so a bound of unknown type raises where
            // Python's would.
            Itertool::Islice => args.iter().skip(1).all(|b| {
                let t = self.ty(b);
                t.is_int()
                    || t == Ty::Unknown
                    || matches!(&t, Ty::Option(x) if x.is_int() || **x == Ty::Unknown)
                    || matches!(b.kind, ExprKind::Lit(Lit::None))
            }),
            Itertool::Accumulate => args
                .first()
                .is_some_and(|xs| self.ty(xs).item().is_some_and(|t| t.is_numeric())),
            // Python's truth of a float (`nan` is true) is not JavaScript's.
            Itertool::Compress => args.get(1).is_some_and(|s| {
                self.ty(s)
                    .item()
                    .is_some_and(|t| t == Ty::Bool || t.is_int())
            }),
            _ => true,
        };
        if !settled {
            return decline(line, format!("`{}` of these types", tool.spelling()));
        }
        let mut parts = Vec::new();
        for (i, a) in args.iter().enumerate() {
            let iterable = match tool {
                Itertool::Count | Itertool::Repeat => false,
                Itertool::Islice | Itertool::Tee | Itertool::GroupBy => i == 0,
                Itertool::Combinations | Itertool::Permutations => i == 0,
                Itertool::TakeWhile | Itertool::DropWhile => i == 1,
                _ => true,
            };
            let part = match (&a.kind, tool) {
                (ExprKind::Lambda { params, body }, Itertool::TakeWhile | Itertool::DropWhile) => {
                    let [(param, _)] = params.as_slice() else {
                        return decline(
                            line,
                            format!("`{}` with these arguments", tool.spelling()),
                        );
                    };
                    let p = self.name(param);
                    let test = self.test(body, false)?.0;
                    format!("({p}) => {test}")
                }
                _ if iterable => match self.lazy_generator(a, line)? {
                    Some(g) => g,
                    None => {
                        let ty = self.ty(a);
                        self.set_order(a, &ty, line)?;
                        self.expr(a, prec::ASSIGN)?
                    }
                },
                _ => self.expr(a, prec::ASSIGN)?,
            };
            parts.push(part);
        }
        if tool == Itertool::GroupBy {
            JsHelper::PyEq.use_in(&mut self.support);
        }
        if tool == Itertool::Repeat && args.get(1).is_some_and(|n| self.ty(n) == Ty::Unknown) {
            self.helper("pyRepeat", PY_REPEAT);
            self.helper("pyRepeatTimes", PY_REPEAT_TIMES);
            return Ok(format!("pyRepeatTimes({})", parts.join(", ")));
        }
        // `tee(xs)` is `tee(xs, 2)`.
        if tool == Itertool::Tee && parts.len() == 1 {
            parts.push("2".to_string());
        }
        self.helper("pyIterOf", PY_ITER_OF);
        self.helper(name, code);
        Ok(format!("{name}({})", parts.join(", ")))
    }

    /// `math.gcd` (`pyGcd`) and the integer functions of `math`
    /// (`pyIntMath`, by name): exact, or an error past 2^53.
    fn int_math(&mut self, op: Builtin, args: &[Expr]) -> Res<String> {
        let mut parts = Vec::new();
        for a in args {
            parts.push(self.expr(a, prec::ASSIGN)?);
        }
        let name = match op {
            Builtin::Math(MathFn::Comb) => "comb",
            Builtin::Math(MathFn::Perm) => "perm",
            Builtin::Math(MathFn::Factorial) => "factorial",
            Builtin::Math(MathFn::Isqrt) => "isqrt",
            _ => {
                self.helper("pyGcd", PY_GCD);
                return Ok(format!("pyGcd({})", parts.join(", ")));
            }
        };
        self.helper("pyIntMath", PY_INT_MATH);
        Ok(format!("pyIntMath(\"{name}\", {})", parts.join(", ")))
    }

    /// `math.prod(xs)`: the items folded from 1 by Python's `*` in
    /// Python's order (`pyReduce`; a set is declined where its order
    /// shows, as floats round by it): ints through `pyMulInt` (exact, or
    /// a throw past 2^53), floats by `*`, anything else through `pyMul`
    /// (a sequence repeated by an int, `TypeError` where Python raises it).
    fn math_prod(&mut self, args: &[Expr], line: usize) -> Res<String> {
        let [xs] = args else {
            return decline(line, "`math.prod()` with these arguments");
        };
        let item = self.ty(xs).item().unwrap_or(Ty::Unknown);
        let times = match item {
            Ty::Int(_) | Ty::Bool => {
                self.helper("pyMulInt", PY_MUL_INT);
                "pyMulInt".to_string()
            }
            Ty::Float(_) => "(a, b) => a * b".to_string(),
            _ => JsHelper::PyMul.use_in(&mut self.support).to_string(),
        };
        let xs = match self.lazy_generator(xs, line)? {
            Some(g) => g,
            None => {
                let ty = self.ty(xs);
                self.set_order(xs, &ty, line)?;
                self.expr(xs, prec::ASSIGN)?
            }
        };
        self.helper("pyIterOf", PY_ITER_OF);
        self.helper("pyReduce", PY_REDUCE);
        Ok(format!("pyReduce({times}, {xs}, 1)"))
    }

    /// `functools.reduce(f, xs[, initial])`: `pyReduce`, which reads the
    /// items in Python's order (`pyIterOf`; a set is declined where its
    /// order shows) and calls `f` with the running value and each item.
    fn reduce(&mut self, args: &[Expr], line: usize) -> Res<String> {
        let [f, xs, initial @ ..] = args else {
            return decline(line, "`functools.reduce()` with these arguments");
        };
        let f = self.expr(f, prec::ASSIGN)?;
        let xs = match self.lazy_generator(xs, line)? {
            Some(g) => g,
            None => {
                let ty = self.ty(xs);
                self.set_order(xs, &ty, line)?;
                self.expr(xs, prec::ASSIGN)?
            }
        };
        let mut parts = vec![f, xs];
        for i in initial {
            parts.push(self.expr(i, prec::ASSIGN)?);
        }
        self.helper("pyIterOf", PY_ITER_OF);
        self.helper("pyReduce", PY_REDUCE);
        Ok(format!("pyReduce({})", parts.join(", ")))
    }

    /// A generator expression where its reader may stop early (`next`,
    /// `itertools`): read lazily, as Python's is (`pyGenExpr`), where an
    /// array would read every item first. `None` for another expression.
    fn lazy_generator(&mut self, e: &Expr, line: usize) -> Res<Option<String>> {
        let ExprKind::Comprehension {
            kind: CompKind::Generator,
            elt,
            clauses,
            ..
        } = &e.kind
        else {
            return Ok(None);
        };
        let [clause] = clauses.as_slice() else {
            return decline(
                line,
                "a generator expression of several `for`s read in part",
            );
        };
        let mut xs = self.iterable(&clause.iter, line)?;
        let item = self.ty(&clause.iter).item().unwrap_or(Ty::Unknown);
        if let Some(n) = self.unpack_count(&clause.target, &item) {
            self.helper("pyUnpack", PY_UNPACK);
            self.helper("pyUnpacked", PY_UNPACKED);
            xs = format!("pyUnpacked({xs}, {n})");
        }
        let param = self.arrow_param(&clause.target, line)?;
        let keep = if clause.conditions.is_empty() {
            "null".to_string()
        } else {
            let mut tests = Vec::new();
            for c in &clause.conditions {
                tests.push(self.test(c, false)?.0);
            }
            let tests: Vec<String> = tests
                .into_iter()
                .map(|t| {
                    if clause.conditions.len() > 1 {
                        format!("({t})")
                    } else {
                        t
                    }
                })
                .collect();
            format!("({param}) => {}", tests.join(" && "))
        };
        let make = self.expr(elt, prec::ASSIGN)?;
        let make = if make.starts_with('{') {
            format!("({make})")
        } else {
            make
        };
        self.helper("pyIterOf", PY_ITER_OF);
        self.helper("pyGenExpr", PY_GEN_EXPR);
        Ok(Some(format!(
            "pyGenExpr({xs}, {keep}, ({param}) => {make})"
        )))
    }

    /// [`Writer::array`] for a consumer that reads every item (`list`,
    /// `sorted`, `sum`, `min`, `max`, `join`): an iterator may be copied.
    fn array_whole(&mut self, e: &Expr, line: usize) -> Res<String> {
        self.whole = true;
        let r = self.array(e, line);
        self.whole = false;
        r
    }

    /// The position of the `_` of a tuple target that keeps its name: the
    /// last (in Python `_` is a name like any other, and the last one bound
    /// wins; the earlier ones become holes, as a pattern may not bind a
    /// name twice), and none where the function never reads `_`.
    fn last_underscore(&self, ts: &[Target]) -> Option<usize> {
        if !self.underscore_read {
            return None;
        }
        ts.iter()
            .rposition(|t| matches!(t, Target::Name { name, .. } if name == "_"))
    }

    /// Whether a Python set item of type `ty` may be a tuple, which a
    /// `Set` would tell apart from an equal one by identity (see
    /// `pyHashable`).
    fn unknown_item(&self, ty: Ty) -> bool {
        self.input.from == Lang::Python && ty == Ty::Unknown
    }

    /// Adds `pySetOf` and what it builds on: a set of items of unknown type
    /// is a `PyKeyedSet` where one of them is a tuple.
    fn set_of_unknown_items(&mut self) {
        self.helper("pyKeyText", PY_KEY_TEXT);
        self.helper("PyKeyedSet", PY_KEYED_SET);
        self.helper("pySetOf", PY_SET_OF);
    }

    /// Whether a Python dict of type `ty` has keys of a type not known, so
    /// that a tuple could be one (see `pyDictKey`).
    fn unknown_key(&self, ty: &Ty) -> bool {
        matches!(ty, Ty::Dict(k, _) if self.unknown_item((**k).clone()))
    }

    /// The key expression `k` as a `Map` key: through `pyDictKey` where its
    /// type is not known (`unknown`).
    fn checked_key(&mut self, k: String, unknown: bool) -> String {
        if !unknown {
            return k;
        }
        self.helper("pyDictKey", PY_DICT_KEY);
        format!("pyDictKey({k})")
    }

    /// The class that holds a set (or a dict): JavaScript's own, or, in a
    /// unit whose keys are tuples (arrays, which a `Map` compares by
    /// identity), `PyKeyedSet`/`PyKeyedMap`, which compare them by value.
    fn ctor(&mut self, set: bool) -> &'static str {
        let plain = if set { "Set" } else { "Map" };
        // A set the types say holds ints may be the one a name of tuples
        // is bound to (`seen = set()`): in a unit with tuple keys, every
        // dict and set compares its keys by value.
        if !self.keyed_unit {
            return plain;
        }
        self.helper("pyKeyText", PY_KEY_TEXT);
        if plain == "Map" {
            self.helper("PyKeyedMap", PY_KEYED_MAP);
            "PyKeyedMap"
        } else {
            self.helper("PyKeyedSet", PY_KEYED_SET);
            "PyKeyedSet"
        }
    }

    /// An expression as an array (what comprehensions and spreads need).
    fn array(&mut self, e: &Expr, line: usize) -> Res<String> {
        let ty = self.ty(e);
        let whole = std::mem::take(&mut self.whole);
        self.set_order(e, &ty, line)?;
        match &e.kind {
            ExprKind::Builtin {
                op: Builtin::Range,
                args,
                ..
            } => {
                let name = JsHelper::Range.use_in(&mut self.support);
                let parts: Res<Vec<String>> =
                    args.iter().map(|a| self.expr(a, prec::ASSIGN)).collect();
                Ok(format!("{name}({})", parts?.join(", ")))
            }
            ExprKind::Builtin {
                op: Builtin::Reversed,
                args,
                ..
            } if args.len() == 1 => {
                let a = self.array(&args[0], line)?;
                Ok(format!("[...{a}].reverse()"))
            }
            ExprKind::Builtin {
                op: Builtin::Enumerate,
                args,
                keywords,
            } if args.len() == 1 && keywords.is_empty() => {
                // What reads all of `enumerate(it)` reads all of `it`.
                self.whole = whole;
                let a = self.array(&args[0], line)?;
                Ok(format!("[...{}.entries()]", paren_member(&a)))
            }
            // `enumerate(xs, start)`: positions counted from `start`, an
            // int (a float start would count in floats in Python too, but
            // print as one; the analysis must say int).
            ExprKind::Builtin {
                op: Builtin::Enumerate,
                args,
                keywords,
            } if args.len() == 2 && keywords.is_empty() && self.ty(&args[1]).is_int() => {
                let a = self.array(&args[0], line)?;
                let start = self.expr(&args[1], prec::ADD + 1)?;
                Ok(format!(
                    "{}.map((x, i) => [i + {start}, x])",
                    paren_member(&a)
                ))
            }
            // Regression (corpora, `regex_matching.py`): "`enumerate(s, 1)`
            // fell through to the expression printer, which asks for the
            // array again: a stack overflow". Other arities decline.
            ExprKind::Builtin {
                op: op @ (Builtin::Enumerate | Builtin::Reversed),
                ..
            } => decline(
                line,
                format!(
                    "`{}` with these arguments",
                    if *op == Builtin::Enumerate {
                        "enumerate"
                    } else {
                        "reversed"
                    }
                ),
            ),
            ExprKind::Builtin {
                op: Builtin::Zip,
                args,
                ..
            } if matches!(
                args.as_slice(),
                [Expr {
                    kind: ExprKind::Spread(_),
                    ..
                }]
            ) =>
            {
                self.zip_of_rows(&args[0], whole, line)
            }
            ExprKind::Builtin {
                op: Builtin::Zip,
                args,
                ..
            } if args.iter().any(|a| matches!(self.ty(a), Ty::Iter(_))) => {
                if !whole {
                    return decline(
                        line,
                        "an iterator copied where the source reads it only in part",
                    );
                }
                Ok(format!("[...{}]", self.lazy_zip(args)?))
            }
            ExprKind::Builtin {
                op: Builtin::Zip,
                args,
                ..
            } => {
                let name = JsHelper::Zip.use_in(&mut self.support);
                let parts: Res<Vec<String>> = args.iter().map(|a| self.array(a, line)).collect();
                Ok(format!("{name}({})", parts?.join(", ")))
            }
            ExprKind::Method {
                recv,
                method: Method::Items,
                ..
            } => {
                let r = self.expr(recv, 0)?;
                Ok(format!("[...{r}]"))
            }
            ExprKind::Method {
                recv,
                method: m @ (Method::Keys | Method::Values),
                ..
            } => {
                let r = self.expr(recv, prec::MEMBER)?;
                Ok(format!(
                    "[...{r}.{}()]",
                    if *m == Method::Keys { "keys" } else { "values" }
                ))
            }
            // A list, set or dict comprehension reads its `for` to the
            // end; a generator expression as far as its consumer does.
            ExprKind::Comprehension { kind, .. } => {
                self.whole = whole || *kind != CompKind::Generator;
                let r = self.comprehension(e, true);
                self.whole = false;
                r
            }
            _ if matches!(ty, Ty::Iter(_)) && whole => {
                Ok(format!("[...{}]", self.expr(e, prec::ASSIGN)?))
            }
            _ if matches!(ty, Ty::Iter(_)) => decline(
                line,
                "an iterator copied where the source reads it only in part",
            ),
            _ if matches!(ty, Ty::Str | Ty::Set(_)) => Ok(format!("[...{}]", self.expr(e, 0)?)),
            _ if matches!(ty, Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_)) => self.expr(e, 0),
            _ if matches!(ty, Ty::Dict(..)) => {
                let m = self.expr(e, prec::MEMBER)?;
                Ok(format!("[...{m}.keys()]"))
            }
            _ if ty == Ty::Unknown && self.input.from == Lang::Python => {
                self.helper("pyIter", PY_ITER);
                let x = self.expr(e, prec::ASSIGN)?;
                Ok(format!("[...pyIter({x})]"))
            }
            _ => decline(line, format!("iterating a value of type {ty}")),
        }
    }

    /// `map(f, it)` or `filter(f, it)` of an iterator: Python's are lazy,
    /// calling `f` on each item as their consumer reads it, and so are
    /// `pyMap` and `pyFilter` (a consumer that reads to the end copies
    /// them).
    fn lazy_map(&mut self, op: Builtin, f: &Expr, xs: &Expr, line: usize) -> Res<(String, u8)> {
        let (param, body) = one_parameter_lambda(op, f, line)?;
        let it = self.expr(xs, prec::ASSIGN)?;
        let p = self.name(param);
        let (name, code, body) = if op == Builtin::Filter {
            ("pyFilter", PY_FILTER, self.test(body, false)?.0)
        } else {
            ("pyMap", PY_MAP, self.expr(body, prec::ASSIGN)?)
        };
        let body = if body.starts_with('{') {
            format!("({body})")
        } else {
            body
        };
        self.helper("pyIterOf", PY_ITER_OF);
        self.helper(name, code);
        Ok((format!("{name}(({p}) => {body}, {it})"), prec::MEMBER))
    }

    /// `zip(a, b, ...)` where one of them is an iterator: Python's reads
    /// one item of each in turn as its consumer asks, and ends at the first
    /// that has none (the items read before it in that round are lost), as
    /// `pyZipIters` does.
    fn lazy_zip(&mut self, args: &[Expr]) -> Res<String> {
        let mut parts = Vec::new();
        for a in args {
            parts.push(self.expr(a, prec::ASSIGN)?);
        }
        self.helper("pyIterOf", PY_ITER_OF);
        self.helper("pyZipIters", PY_ZIP_ITERS);
        Ok(format!("pyZipIters({})", parts.join(", ")))
    }

    /// `zip(*rows)`: the rows spread into `zip`, where each row is an
    /// array or a string (read by position, as `zip` does) and the rows a
    /// list, tuple or iterator (JavaScript's spread reads it to the end,
    /// as Python's `*` does). Rows that are iterators or of unknown type
    /// (each may be an
    /// iterator, which `zip` reads only as far as the shortest row) are
    /// zipped lazily, copied only for a consumer that reads to the end
    /// (`whole`). Rows of other types are declined.
    fn zip_of_rows(&mut self, spread: &Expr, whole: bool, line: usize) -> Res<String> {
        let ExprKind::Spread(rows) = &spread.kind else {
            return decline(line, "`zip()` of these arguments");
        };
        let t = self.ty(rows);
        let outer = matches!(t, Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Iter(_));
        let row = t.item().unwrap_or(Ty::Unknown);
        let inner = matches!(row, Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Str);
        let python = self.input.from == Lang::Python;
        let lazy = (row == Ty::Unknown || matches!(row, Ty::Iter(_))) && python;
        if !(outer && (inner || lazy)) {
            return decline(line, format!("`zip(*rows)` of {t}"));
        }
        let r = self.expr(rows, prec::ASSIGN)?;
        if inner {
            let name = JsHelper::Zip.use_in(&mut self.support);
            return Ok(format!("{name}(...{r})"));
        }
        if !whole {
            return decline(
                line,
                "an iterator copied where the source reads it only in part",
            );
        }
        Ok(format!("[...{}]", self.lazy_zip_of_rows(&r)))
    }

    /// `zip(*rows)` of rows of unknown type, `r` written: Python's reads
    /// one item of each row in turn as its consumer asks (`pyZipIters`),
    /// each row checked first (`pyZipRow`).
    fn lazy_zip_of_rows(&mut self, r: &str) -> String {
        self.helper("pyZipRow", PY_ZIP_ROW);
        self.helper("pyIterOf", PY_ITER_OF);
        self.helper("pyZipIters", PY_ZIP_ITERS);
        format!("pyZipIters(...Array.from({r}, pyZipRow))")
    }

    /// The rows of `zip(*rows)` where they are iterators or of a type not
    /// known (see `lazy_zip_of_rows`), as a list, tuple or iterator of them.
    fn rows_of_unknown_type<'e>(&self, args: &'e [Expr]) -> Option<&'e Expr> {
        let [Expr {
            kind: ExprKind::Spread(rows),
            ..
        }] = args
        else {
            return None;
        };
        let t = self.ty(rows);
        let outer = matches!(t, Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Iter(_));
        let row = t.item().unwrap_or(Ty::Unknown);
        let lazy = row == Ty::Unknown || matches!(row, Ty::Iter(_));
        (outer && lazy && self.input.from == Lang::Python).then_some(&**rows)
    }

    /// Whether `index` is proved within `value`'s bounds here.
    /// Declines a set iterated where the order of its items shows: a
    /// Python set iterates in hash order, a `Set` in insertion order (the
    /// pair's gap table says which sources' order is unspecified anyway).
    /// Takes [`Writer::order_free`], handing it on to the one iteration
    /// inside a copy (`list(s)`, a comprehension) whose consumer does not
    /// care either.
    fn set_order(&mut self, e: &Expr, ty: &Ty, line: usize) -> Res<()> {
        let order_free = std::mem::take(&mut self.order_free);
        let must_keep = matches!(
            gap::bridge(self.input.from, Lang::JavaScript, Gap::SetOrder),
            Bridge::Obligation { .. } | Bridge::Decline
        );
        if matches!(ty, Ty::Set(_)) && !order_free && must_keep {
            return decline(line, "iteration order of a `set`");
        }
        self.order_free = order_free
            && matches!(
                e.kind,
                ExprKind::Builtin {
                    op: Builtin::ToList | Builtin::ToTuple,
                    ..
                } | ExprKind::Comprehension {
                    kind: CompKind::List | CompKind::Generator,
                    ..
                }
            );
        Ok(())
    }

    /// `len(v) - c - i` or `len(v) - i - c` (the position `i` counts from
    /// the end) for a counter `i` proved in range of `v`: in range when
    /// `c >= 1` takes it below the length and the loop's `up` slack keeps it
    /// from going below zero.
    fn proved_from_end(&self, v: &str, index: &Expr) -> bool {
        let ExprKind::Binary(BinOp::Sub, outer, last) = &index.kind else {
            return false;
        };
        let ExprKind::Binary(BinOp::Sub, len, middle) = &outer.kind else {
            return false;
        };
        let (i, c) = match (&middle.kind, &last.kind) {
            (ExprKind::Lit(Lit::Int(c)), ExprKind::Name(i))
            | (ExprKind::Name(i), ExprKind::Lit(Lit::Int(c))) => (i, *c),
            _ => return false,
        };
        if length_less(len).is_none_or(|(seq, k)| seq != v || k != 0) {
            return false;
        }
        self.in_range
            .iter()
            .rev()
            .any(|r| &r.counter == i && r.seq == v && c + r.down >= 1 && r.up + 1 - c >= 0)
    }

    /// Whether `value[index]` reads within the sequence: a loop counter
    /// the loop proves in range (`xs[i]`, and `xs[i + 1]` where the loop
    /// stops one short), or a position a tuple's type holds.
    fn proved_in_range(&self, value: &Expr, index: &Expr) -> bool {
        if let (Ty::Tuple(ts), ExprKind::Lit(Lit::Int(k))) = (self.ty(value), &index.kind) {
            return (0..ts.len() as i128).contains(k);
        }
        let ExprKind::Name(v) = &value.kind else {
            return false;
        };
        let (i, offset) = match &index.kind {
            ExprKind::Name(i) => (i, 0),
            ExprKind::Binary(op @ (BinOp::Add(_) | BinOp::Sub), a, b) => match (&a.kind, &b.kind) {
                (ExprKind::Name(i), ExprKind::Lit(Lit::Int(k))) => {
                    (i, if *op == BinOp::Sub { -k } else { *k })
                }
                _ => return self.proved_from_end(v, index),
            },
            _ => return self.proved_from_end(v, index),
        };
        self.in_range
            .iter()
            .rev()
            .any(|r| &r.counter == i && &r.seq == v && -r.down <= offset && offset <= r.up)
    }

    /// An expression, parenthesized when it binds looser than `min`.
    fn expr(&mut self, e: &Expr, min: u8) -> Res<String> {
        let (text, p) = self.expr_p(e)?;
        Ok(if p < min { format!("({text})") } else { text })
    }

    fn args(&mut self, args: &[Expr]) -> Res<String> {
        let parts: Res<Vec<String>> = args.iter().map(|a| self.expr(a, prec::ASSIGN)).collect();
        Ok(parts?.join(", "))
    }

    fn expr_p(&mut self, e: &Expr) -> Res<(String, u8)> {
        let line = e.line;
        let ty = self.ty(e);
        Ok(match &e.kind {
            ExprKind::ErrorMessage(n) => (format!("{}.message", self.name(n)), prec::MEMBER),
            // A number holds an integer past ±2^53 only where its digits
            // end in enough zero bits (`1 << 63`, a sentinel): any other
            // would be rounded where Python keeps every digit.
            ExprKind::Lit(Lit::Int(v)) if (*v as f64) as i128 != *v => {
                return decline(line, "integer literal too large")
            }
            ExprKind::Lit(l) => {
                let text = literal(l);
                // `-1` is a unary minus to JavaScript: `(-1) ** n` needs
                // its parentheses.
                let p = if text.starts_with('-') {
                    prec::UNARY
                } else {
                    prec::ATOM
                };
                (text, p)
            }
            ExprKind::Name(n) => (self.name(n), prec::ATOM),
            ExprKind::Unary(op, x) => match op {
                UnOp::Neg => (format!("-{}", self.expr(x, prec::UNARY)?), prec::UNARY),
                UnOp::Pos => (format!("+{}", self.expr(x, prec::UNARY)?), prec::UNARY),
                UnOp::BitNot if fits_int32(&ty) && !is_unsigned(&ty) => {
                    (format!("~{}", self.expr(x, prec::UNARY)?), prec::UNARY)
                }
                // Python's `~x` of an int is `-1 - x` whatever its width,
                // exact within the ±2^53 the engine assumes; JavaScript's
                // `~` cuts `x` to 32 bits first.
                UnOp::BitNot if self.input.from == Lang::Python && ty.is_int() => {
                    (format!("-1 - {}", self.expr(x, prec::ADD + 1)?), prec::ADD)
                }
                // Rust's `!` of an unsigned integer flips its bits within
                // its width: `x ^ 0xFF` and `x ^ 0xFFFF` stay within 32
                // bits, and `~x >>> 0` reads `~`'s 32 bits as unsigned.
                // (A wider one's result passes the ±2^53 a number holds.)
                UnOp::BitNot if self.input.from == Lang::Rust && ty == Ty::Int(IntTy::U8) => (
                    format!("{} ^ 255", self.expr(x, prec::BIT_XOR + 1)?),
                    prec::BIT_XOR,
                ),
                UnOp::BitNot if self.input.from == Lang::Rust && ty == Ty::Int(IntTy::U16) => (
                    format!("{} ^ 65535", self.expr(x, prec::BIT_XOR + 1)?),
                    prec::BIT_XOR,
                ),
                UnOp::BitNot if self.input.from == Lang::Rust && ty == Ty::Int(IntTy::U32) => (
                    format!("~{} >>> 0", self.expr(x, prec::UNARY)?),
                    prec::SHIFT,
                ),
                UnOp::BitNot => return decline(line, format!("`!` on {ty}")),
            },
            ExprKind::Not(x, Truthiness::Python) => self.test(x, true)?,
            ExprKind::Not(x, _) => (format!("!{}", self.expr(x, prec::UNARY)?), prec::UNARY),
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, &ty, line)?,
            ExprKind::Compare { first, rest } => self.compare(first, rest, line)?,
            ExprKind::Logic { op, operands, sem } => {
                if sem.yields_operand && !operands.iter().all(|o| self.ty(o) == Ty::Bool) {
                    return self.logic_operand(*op, operands, line);
                }
                let (sym, p) = match op {
                    LogicOp::And => ("&&", prec::AND),
                    LogicOp::Or => ("||", prec::OR),
                };
                let parts: Res<Vec<String>> =
                    operands.iter().map(|o| self.expr(o, p + 1)).collect();
                (parts?.join(&format!(" {sym} ")), p)
            }
            ExprKind::IfElse {
                test, then, orelse, ..
            } => {
                let (c, p) = self.test(test, false)?;
                let c = if p <= prec::COND { format!("({c})") } else { c };
                let t = self.expr(then, prec::ASSIGN)?;
                let o = self.expr(orelse, prec::ASSIGN)?;
                (format!("{c} ? {t} : {o}"), prec::COND)
            }
            // Spreading an array or a string gives its items (a string's
            // code points, as Python iterates it), an iterator the items
            // left in it (all read, as Python's `*it` reads them; an
            // iterable passed for one that is a `Map` gives its keys); a
            // set or a dict (a `Map` spreads its entries) is declined.
            ExprKind::Spread(x) => match self.ty(x) {
                Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Str => {
                    (format!("...{}", self.expr(x, prec::ASSIGN)?), prec::ASSIGN)
                }
                Ty::Iter(_) => {
                    self.helper("pyIter", PY_ITER);
                    let x = self.expr(x, prec::ASSIGN)?;
                    (format!("...pyIter({x})"), prec::ASSIGN)
                }
                t => return decline(line, format!("`*` argument of {t}")),
            },
            ExprKind::Call { func, args } => {
                let is_file_fn = self
                    .input
                    .functions
                    .iter()
                    .any(|f| &f.name == func && self.out.depth <= 1)
                    || self
                        .input
                        .request
                        .context
                        .names
                        .iter()
                        .any(|(s, _)| s == func);
                // Python's `print(str(x))` (see the Python frontend) where
                // the file has no `print` of its own: the string and a
                // newline on stdout, as `console.log` of a string writes
                // (regression: it was written `print(...)`, which loads
                // and then fails with a ReferenceError when called).
                // Rust's `println!` is that call too (a local named `print`
                // is no callee there; the frontend declines a file's).
                if let ("print", [arg], false) = (func.as_str(), args.as_slice(), is_file_fn) {
                    if (self.input.from == Lang::Python && !self.names.contains_key(func))
                        || self.input.from == Lang::Rust
                    {
                        let x = self.expr(arg, prec::ASSIGN)?;
                        return Ok((format!("console.log({x})"), prec::MEMBER));
                    }
                }
                // `print(..., end=e)` of another `end` (see the Python
                // frontend): the text and `e`, on the same stream
                // `console.log` writes to.
                if let ("print", [arg, end], false) = (func.as_str(), args.as_slice(), is_file_fn) {
                    if self.input.from == Lang::Python && !self.names.contains_key(func) {
                        let x = self.expr(arg, prec::ADD)?;
                        let e = self.expr(end, prec::ADD + 1)?;
                        return Ok((format!("process.stdout.write({x} + {e})"), prec::MEMBER));
                    }
                }
                let name = if is_file_fn && !self.names.contains_key(func) {
                    let first = self
                        .input
                        .functions
                        .first()
                        .is_some_and(|f| &f.name == func);
                    self.input.function_name(func, Lang::JavaScript, first)
                } else {
                    self.name(func)
                };
                (format!("{name}({})", self.args(args)?), prec::MEMBER)
            }
            ExprKind::Builtin { op, args, keywords } => {
                self.builtin(*op, args, keywords, &ty, line)?
            }
            ExprKind::Method {
                recv,
                method: Method::Sort,
                args,
                keywords,
            } if !keywords.is_empty() && args.is_empty() => {
                // `xs.sort(key=..., reverse=...)`.
                let Ty::List(item) = self.ty(recv) else {
                    return decline(line, "`sort` with keywords");
                };
                if keywords.iter().any(|(k, _)| k != "key" && k != "reverse") {
                    return decline(line, "`sort` with keywords");
                }
                let reverse = self.reverse_keyword(keywords, line)?;
                let key = keywords.iter().find(|(k, _)| k == "key").map(|(_, v)| v);
                let r = self.expr(recv, prec::MEMBER)?;
                let (a, b, cmp) = self.comparator(&item, key, reverse, line)?;
                (format!("{r}.sort(({a}, {b}) => {cmp})"), prec::MEMBER)
            }
            ExprKind::Method {
                recv,
                method,
                args,
                keywords,
            } => {
                if !keywords.is_empty() {
                    return decline(line, format!("`{}` with keywords", method.python_name()));
                }
                self.method(recv, *method, args, &ty, line)?
            }
            ExprKind::Index { value, index, sem } => {
                let vt = self.ty(value);
                self.bool_index(&vt, index, line)?;
                let v = self.expr(value, prec::MEMBER)?;
                let i = self.expr(index, 0)?;
                if matches!(vt, Ty::Dict(..)) {
                    if sem.out_of_range == OutOfRange::Panics {
                        self.helper("rsGet", RS_GET);
                        return Ok((format!("rsGet({v}, {i})"), prec::MEMBER));
                    }
                    // Python raises on a missing key where `get` gives
                    // `undefined`.
                    if sem.out_of_range == OutOfRange::Raises && !self.proved_present(value, index)
                    {
                        self.helper("pyKey", PY_KEY);
                        let v = self.expr(value, prec::ASSIGN)?;
                        let i = self.expr(index, prec::ASSIGN)?;
                        return Ok((format!("pyKey({v}, {i})"), prec::MEMBER));
                    }
                    return Ok((format!("{v}.get({i})"), prec::MEMBER));
                }
                if vt == Ty::Unknown && self.input.from == Lang::Python {
                    // A dict reads by key, a sequence by position.
                    self.helper("pyItem", PY_ITEM);
                    self.helper("pyAt", PY_AT);
                    let v = self.expr(value, prec::ASSIGN)?;
                    let i = self.expr(index, prec::ASSIGN)?;
                    return Ok((format!("pyAt({v}, {i})"), prec::MEMBER));
                }
                if let Bridge::Obligation {
                    fact: Fact::InRange,
                    otherwise: Some("pyItem"),
                } = gap::bridge(self.input.from, Lang::JavaScript, Gap::IndexOutOfRange)
                {
                    // Python raises past either end where JavaScript reads
                    // `undefined`: what no loop proves in range is read by
                    // `pyItem`, which raises too (and counts a negative
                    // index from the end).
                    if !self.proved_in_range(value, index) {
                        self.helper("pyItem", PY_ITEM);
                        let v = self.expr(value, prec::ASSIGN)?;
                        let i = self.expr(index, prec::ASSIGN)?;
                        return Ok((format!("pyItem({v}, {i})"), prec::MEMBER));
                    }
                    return Ok((format!("{v}[{i}]"), prec::MEMBER));
                }
                if sem.negative_from_end && !self.facts.holds(index, self.input.types) {
                    // `at` counts a negative index from the end, as Python.
                    return match gap::bridge(self.input.from, Lang::JavaScript, Gap::NegativeIndex)
                    {
                        Bridge::Obligation {
                            otherwise: Some("at"),
                            ..
                        } if matches!(
                            vt,
                            Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Str
                        ) =>
                        {
                            let i = self.expr(index, prec::ASSIGN)?;
                            Ok((format!("{v}.at({i})"), prec::MEMBER))
                        }
                        _ => decline(line, "an index that may count from the end"),
                    };
                }
                if sem.out_of_range != OutOfRange::Undefined {
                    // Past the end JavaScript gives `undefined`: the gap
                    // table says what keeps the source's error.
                    match gap::bridge(self.input.from, Lang::JavaScript, Gap::IndexOutOfRange) {
                        Bridge::Exact | Bridge::Assumed(Fact::InRange) => {}
                        Bridge::Obligation {
                            fact: Fact::InRange,
                            ..
                        } if self.proved_in_range(value, index) => {}
                        Bridge::Obligation {
                            otherwise: Some("rsAt"),
                            ..
                        }
                        | Bridge::Helper("rsAt") => {
                            self.helper("rsAt", RS_AT);
                            let v = self.expr(value, prec::ASSIGN)?;
                            return Ok((format!("rsAt({v}, {i})"), prec::MEMBER));
                        }
                        _ => return decline(line, "an index that may be past the end"),
                    }
                }
                (format!("{v}[{i}]"), prec::MEMBER)
            }
            ExprKind::Slice {
                value,
                lower,
                upper,
                step,
                sem,
            } => {
                let vt = self.ty(value);
                if let Some(st) = step {
                    if !matches!(st.kind, ExprKind::Lit(Lit::Int(-1)))
                        || lower.is_some()
                        || upper.is_some()
                    {
                        return decline(line, "slice with a step");
                    }
                    let v = self.expr(value, 0)?;
                    return Ok(if vt == Ty::Str {
                        (format!("[...{v}].reverse().join(\"\")"), prec::MEMBER)
                    } else {
                        (format!("[...{v}].reverse()"), prec::MEMBER)
                    });
                }
                // `slice` counts negative bounds from the end and clips
                // bounds past the ends, as Python's slices do.
                if sem.negative_from_end
                    && gap::bridge(self.input.from, Lang::JavaScript, Gap::SliceBounds)
                        != Bridge::Exact
                    && !self.lower_bounds_non_negative(lower, upper)
                {
                    return decline(line, "slice bounds that may count from the end");
                }
                let v = self.expr(value, prec::MEMBER)?;
                let l = match lower {
                    Some(l) => self.expr(l, prec::ASSIGN)?,
                    None => "0".to_string(),
                };
                match upper {
                    Some(u) => {
                        let u = self.expr(u, prec::ASSIGN)?;
                        (format!("{v}.slice({l}, {u})"), prec::MEMBER)
                    }
                    None if lower.is_none() => (format!("{v}.slice()"), prec::MEMBER),
                    None => (format!("{v}.slice({l})"), prec::MEMBER),
                }
            }
            ExprKind::List(xs) => (format!("[{}]", self.args(xs)?), prec::ATOM),
            ExprKind::Tuple(xs) => (format!("[{}]", self.args(xs)?), prec::ATOM),
            ExprKind::Set(xs) if xs.is_empty() => {
                (format!("new {}()", self.ctor(true)), prec::MEMBER)
            }
            ExprKind::Set(xs) if xs.iter().any(|x| self.unknown_item(self.ty(x))) => {
                self.set_of_unknown_items();
                let items = self.args(xs)?;
                (format!("pySetOf([{items}])"), prec::MEMBER)
            }
            ExprKind::Set(xs) => {
                let ctor = self.ctor(true);
                (format!("new {ctor}([{}])", self.args(xs)?), prec::MEMBER)
            }
            ExprKind::Dict(pairs) => {
                let mut parts = Vec::new();
                for (k, v) in pairs {
                    let unknown = self.unknown_item(self.ty(k));
                    let k = self.expr(k, prec::ASSIGN)?;
                    let k = self.checked_key(k, unknown);
                    parts.push(format!("[{k}, {}]", self.expr(v, prec::ASSIGN)?));
                }
                let ctor = self.ctor(false);
                if parts.is_empty() {
                    (format!("new {ctor}()"), prec::MEMBER)
                } else {
                    (format!("new {ctor}([{}])", parts.join(", ")), prec::MEMBER)
                }
            }
            ExprKind::Comprehension { kind, .. } => {
                // A set's items in any order make the same set.
                self.order_free = *kind == CompKind::Set;
                self.whole = *kind != CompKind::Generator;
                let arr = self.comprehension(e, false);
                self.whole = false;
                let arr = arr?;
                let unknown = self.unknown_item(self.ty(e).item().unwrap_or(Ty::Unknown));
                match kind {
                    CompKind::Set if unknown => {
                        self.set_of_unknown_items();
                        (format!("pySetOf({arr})"), prec::MEMBER)
                    }
                    CompKind::Set | CompKind::Dict => (
                        format!("new {}({arr})", self.ctor(*kind == CompKind::Set)),
                        prec::MEMBER,
                    ),
                    _ => (arr, prec::MEMBER),
                }
            }
            ExprKind::Format(parts) => (self.format(parts, line)?, prec::ATOM),
            ExprKind::Lambda { params, body } => {
                let ps: Vec<String> = params.iter().map(|(n, _)| self.name(n)).collect();
                let b = self.expr(body, prec::ASSIGN)?;
                (format!("({}) => {b}", ps.join(", ")), prec::ASSIGN)
            }
            ExprKind::Attr { value, name } => {
                if builtin_named(name) && !matches!(self.ty(value), Ty::Class(_)) {
                    return decline(
                        line,
                        format!("attribute `.{name}` of a value not known to be of a class"),
                    );
                }
                let v = self.object(value, line)?;
                (format!("{v}.{name}"), prec::MEMBER)
            }
            // Python finds it on the class or a base, as JavaScript finds
            // a property on the prototype's chain.
            // A Rust `impl`'s associated constant: a static of the class.
            ExprKind::ClassAttr { class, name } if self.input.from == Lang::Rust => {
                let c = self.input.function_name(class, Lang::JavaScript, false);
                (format!("{c}.{name}"), prec::MEMBER)
            }
            ExprKind::ClassAttr { class, name } => {
                let c = self.input.function_name(class, Lang::JavaScript, false);
                (format!("{c}.prototype.{name}"), prec::MEMBER)
            }
            ExprKind::Variant { class, name } => {
                let c = self.input.function_name(class, Lang::JavaScript, false);
                (format!("{c}.{name}"), prec::MEMBER)
            }
            ExprKind::CallMethod { recv, name, args } => {
                // A method of a user class named like a built-in type's
                // (`add`, `get`): only on an object known to be of a class.
                if builtin_named(name) && !matches!(self.ty(recv), Ty::Class(_)) {
                    return decline(
                        line,
                        format!("method `{name}` of a class, named like a built-in type's"),
                    );
                }
                let r = self.object(recv, line)?;
                let m = method_name(name, line)?;
                (format!("{r}.{m}({})", self.args(args)?), prec::MEMBER)
            }
            ExprKind::CallStatic {
                class,
                name,
                args,
                of_receiver,
            } => {
                let m = method_name(name, line)?;
                // Python's `self.m()` of a static method finds it on the
                // object's class, as `this.constructor` does.
                let c = if *of_receiver && self.class_method {
                    "this".to_string()
                } else if *of_receiver {
                    "this.constructor".to_string()
                } else {
                    self.input.function_name(class, Lang::JavaScript, false)
                };
                (format!("{c}.{m}({})", self.args(args)?), prec::MEMBER)
            }
            ExprKind::New { class, args } => {
                // `cls(...)` of a class method constructs the class it
                // was called on: its receiver, `this`.
                let c = match self.names.get(class) {
                    Some(this) if self.class_method && this == "this" => this.clone(),
                    _ => self.input.function_name(class, Lang::JavaScript, false),
                };
                (format!("new {c}({})", self.args(args)?), prec::MEMBER)
            }
            ExprKind::Super { method, args } => match method {
                None => (format!("super({})", self.args(args)?), prec::MEMBER),
                Some(m) => {
                    let m = method_name(m, line)?;
                    (format!("super.{m}({})", self.args(args)?), prec::MEMBER)
                }
            },
            // Python's `callable(x)` (the only one the Python frontend
            // writes; JavaScript is not translated to itself).
            ExprKind::TypeIs {
                value,
                kind: TypeKind::Function,
                ..
            } => (
                format!("typeof {} === \"function\"", self.expr(value, prec::UNARY)?),
                prec::EQ,
            ),
            ExprKind::TypeIs { kind, .. } => {
                return decline(line, format!("`typeof` test for '{}'", kind.js_name()))
            }
            ExprKind::Prop { name, .. } => return decline(line, format!("property `{name}`")),
            ExprKind::Object(_) => return decline(line, "object literal"),
            // Python's `(x := v)`; the value before an update (JavaScript's
            // `i++`) has no form of its own here.
            ExprKind::AssignName {
                name,
                value,
                old: false,
                ..
            } => {
                let n = self.name(name);
                let v = self.expr(value, prec::ASSIGN)?;
                (format!("({n} = {v})"), prec::ATOM)
            }
            ExprKind::AssignName { .. } => {
                return decline(line, "the value before an update inside an expression")
            }
        })
    }

    /// `max(a, b, ...)`/`min(a, b, ...)` of values not all known to be
    /// numbers (of unknown type, strings, sequences), ordered as Python
    /// orders them (`pyCmp`): each argument evaluated once, left to right,
    /// and the first of the greatest (least) kept, as Python keeps it, the
    /// value itself (a `True` stays a boolean, where `Math.max` gives 1).
    fn min_max_by_python_order(
        &mut self,
        is_max: bool,
        args: &[Expr],
        line: usize,
    ) -> Res<(String, u8)> {
        // The kind of value each argument is, where its type says: Python
        // orders numbers with numbers, strings with strings and sequences
        // with sequences only (it raises on the others).
        let kind = |t: &Ty| match t {
            t if t.is_numeric() || *t == Ty::Bool => Some(Some(0)),
            Ty::Str | Ty::Char => Some(Some(1)),
            Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) => Some(Some(2)),
            Ty::Unknown => Some(None),
            _ => None,
        };
        let kinds: Option<Vec<Option<u8>>> = args.iter().map(|a| kind(&self.ty(a))).collect();
        let one_kind = kinds.is_some_and(|ks| {
            let known: Vec<u8> = ks.into_iter().flatten().collect();
            known.windows(2).all(|w| w[0] == w[1])
        });
        if self.input.from != Lang::Python || !one_kind {
            return decline(line, "`min`/`max` of values that are not numbers");
        }
        let name = JsHelper::PyCmp.use_in(&mut self.support);
        let sym = if is_max { ">" } else { "<" };
        Ok((
            format!(
                "[{}].reduce((m, x) => ({name}(x, m) {sym} 0 ? x : m))",
                self.args(args)?
            ),
            prec::MEMBER,
        ))
    }

    /// The object of an attribute or of a user method's call: a value of a
    /// user class, or of a type not known (a built-in type's attributes
    /// are not JavaScript's), or `None`: `None.x` raises in Python, as
    /// `null.x` throws in JavaScript.
    fn object(&mut self, value: &Expr, line: usize) -> Res<String> {
        let vt = self.ty(value);
        let object = |t: &Ty| matches!(t, Ty::Unknown | Ty::Class(_));
        if !(object(&vt) || matches!(&vt, Ty::Option(t) if object(t))) {
            return decline(line, format!("attribute of a value of type {vt}"));
        }
        self.expr(value, prec::MEMBER)
    }

    /// The type `e` prints as. Python's `int ** int` is a float when the
    /// exponent is negative (`2 ** -1` is `0.5`, `1 ** -1` prints `1.0`),
    /// which the analysis's `int` does not say: unless the exponent is
    /// proved non-negative, such a power's type is not known here.
    fn printed_ty(&self, e: &Expr) -> Ty {
        let ty = self.ty(e);
        match &e.kind {
            // An int to a negative power is a float (`2 ** -1` is `0.5`).
            ExprKind::Binary(BinOp::Pow, _, exp)
                if ty.is_int()
                    && self.input.from == Lang::Python
                    && matches!(exp.kind, ExprKind::Lit(Lit::Int(v)) if v < 0) =>
            {
                Ty::Float(crate::engine::rules::ir::FloatTy::F64)
            }
            ExprKind::Binary(BinOp::Pow, _, exp)
                if ty.is_int()
                    && self.input.from == Lang::Python
                    && !self.facts.holds(exp, self.input.types) =>
            {
                Ty::Unknown
            }
            _ => ty,
        }
    }

    /// `e` as a JavaScript condition, true exactly when the source finds
    /// `e` true (false when `negate`). A Python value is tested by its
    /// type as the gap table bridges [`Gap::Truthiness`]: a list is true
    /// when it has items (`xs.length > 0`; an empty array is true in
    /// JavaScript), a number when it is not zero, a string when it is not
    /// empty; a value of a type not known goes through the helper.
    fn test(&mut self, e: &Expr, negate: bool) -> Res<(String, u8)> {
        match &e.kind {
            ExprKind::Not(x, Truthiness::Python) => return self.test(x, !negate),
            ExprKind::Logic { op, operands, sem } if sem.truthiness == Truthiness::Python => {
                // `not (a and b)` is `not a or not b`.
                let and = (*op == LogicOp::And) != negate;
                let (sym, p) = if and {
                    (" && ", prec::AND)
                } else {
                    (" || ", prec::OR)
                };
                let mut parts = Vec::new();
                for o in operands {
                    let (s, q) = self.test(o, negate)?;
                    parts.push(if q <= p { format!("({s})") } else { s });
                }
                return Ok((parts.join(sym), p));
            }
            _ => {}
        }
        let ty = self.ty(e);
        let python = self.input.from == Lang::Python;
        if !python || ty == Ty::Bool {
            let (s, p) = self.expr_p(e)?;
            return Ok(if negate {
                let s = if p < prec::UNARY { format!("({s})") } else { s };
                (format!("!{s}"), prec::UNARY)
            } else {
                (s, p)
            });
        }
        if let Some(t) = self.truth_by_type(e, &ty, negate)? {
            return Ok(t);
        }
        match gap::bridge(self.input.from, Lang::JavaScript, Gap::Truthiness) {
            Bridge::Obligation {
                otherwise: Some(_), ..
            }
            | Bridge::Helper(_) => {
                let name = JsHelper::PyTruthy.use_in(&mut self.support);
                let x = self.expr(e, prec::ASSIGN)?;
                Ok(if negate {
                    (format!("!{name}({x})"), prec::UNARY)
                } else {
                    (format!("{name}({x})"), prec::MEMBER)
                })
            }
            _ => decline(e.line, format!("a {ty} used as a condition")),
        }
    }

    /// Python's truthiness of `e` by its type, where the type settles it.
    fn truth_by_type(&mut self, e: &Expr, ty: &Ty, negate: bool) -> Res<Option<(String, u8)>> {
        let (cmp, member) = match ty {
            t if t.is_numeric() => (if negate { "===" } else { "!==" }, None),
            Ty::Str | Ty::Char => (if negate { "===" } else { "!==" }, None),
            Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) => {
                (if negate { "===" } else { ">" }, Some("length"))
            }
            Ty::Dict(..) | Ty::Set(_) => (if negate { "===" } else { ">" }, Some("size")),
            Ty::Option(inner) if is_pure(e) && !matches!(**inner, Ty::Option(_)) => {
                let x = self.expr(e, prec::EQ + 1)?;
                let Some((t, p)) = self.truth_by_type(e, inner, negate)? else {
                    return Ok(None);
                };
                let t = if p <= prec::AND { format!("({t})") } else { t };
                return Ok(Some(if negate {
                    (format!("{x} === null || {t}"), prec::OR)
                } else {
                    (format!("{x} !== null && {t}"), prec::AND)
                }));
            }
            _ => return Ok(None),
        };
        Ok(Some(match member {
            Some(m) => {
                let x = self.expr(e, prec::MEMBER)?;
                (format!("{x}.{m} {cmp} 0"), prec::EQ.min(prec::REL))
            }
            None => {
                let x = self.expr(e, prec::EQ + 1)?;
                let zero = if ty.is_numeric() { "0" } else { "\"\"" };
                (format!("{x} {cmp} {zero}"), prec::EQ)
            }
        }))
    }

    /// Python's `a or b` / `a and b` where the result is an operand, not a
    /// bool: `a || b` would test `a` by JavaScript's truthiness, so the
    /// first operand is tested by Python's and then given (it must be
    /// pure, as it is written twice).
    fn logic_operand(&mut self, op: LogicOp, operands: &[Expr], line: usize) -> Res<(String, u8)> {
        if gap::bridge(self.input.from, Lang::JavaScript, Gap::LogicOperand) != Bridge::Exact {
            return decline(line, "`and`/`or` giving an operand");
        }
        let [a, rest @ ..] = operands else {
            return decline(line, "`and`/`or`");
        };
        if rest.is_empty() {
            return self.expr_p(a);
        }
        if !is_pure(a) {
            return decline(line, "`and`/`or` giving a computed operand");
        }
        let (c, p) = self.test(a, op == LogicOp::And)?;
        let c = if p <= prec::COND { format!("({c})") } else { c };
        let x = self.expr(a, prec::ASSIGN)?;
        let (y, q) = self.logic_operand(op, rest, line)?;
        let y = if q < prec::ASSIGN {
            format!("({y})")
        } else {
            y
        };
        // `a or b`: `a` when it is true, else `b`; `a and b`: `a` when it is
        // false, else `b`.
        Ok((format!("{c} ? {x} : {y}"), prec::COND))
    }

    fn lower_bounds_non_negative(
        &self,
        lower: &Option<Box<Expr>>,
        upper: &Option<Box<Expr>>,
    ) -> bool {
        [lower, upper]
            .into_iter()
            .flatten()
            .all(|b| self.facts.holds(b, self.input.types))
    }

    /// Whether an integer `/` or `%` by `b` needs the helper that checks
    /// for a zero divisor: the pair's row for `/` by zero asks for one
    /// (Rust panics where JavaScript gives an infinity or NaN) and `b` is
    /// not a literal other than zero.
    fn divisor_needs_check(&self, b: &Expr) -> bool {
        let row = gap::bridge(self.input.from, Lang::JavaScript, Gap::TrueDivision);
        matches!(
            row,
            Bridge::Obligation {
                fact: Fact::NonZero,
                otherwise: Some(_),
            }
        ) && !non_zero_literal(b)
    }

    /// Declines a bool used as a position or a key of another type:
    /// Python reads `xs[True]` as `xs[1]` (and `d[True]` as `d[1]`), where
    /// JavaScript reads a property named `true` (a `Map` keeps `true` and
    /// `1` apart).
    fn bool_index(&self, container: &Ty, index: &Expr, line: usize) -> Res<()> {
        let bool_keys = matches!(container, Ty::Dict(k, _) if **k == Ty::Bool);
        if self.ty(index) == Ty::Bool && !bool_keys {
            return decline(line, "a bool as an index (Python reads it as 0 or 1)");
        }
        Ok(())
    }

    /// The helper for Rust's integer `/` (`rsDiv`) or `%` (`rsRem`) by a
    /// divisor that may be zero.
    fn int_division_helper(&mut self, op: BinOp) -> &'static str {
        if op == BinOp::FloorDiv(Rounding::Trunc) {
            self.helper("rsDiv", RS_DIV);
            "rsDiv"
        } else {
            self.helper("rsRem", RS_REM);
            "rsRem"
        }
    }

    /// Rust's `a << b` of a fixed-width int `t`, in JavaScript's 32-bit
    /// `<<`: exact for `i32`; cut to the width after it for the narrower
    /// types (a mask, or a sign extension by a shift pair) and read as
    /// unsigned for `u32` (`>>> 0`); the 64-bit types through `rsShl64`
    /// (see [`Writer::shl64`]); `i128`/`u128` are declined. (The count is
    /// below the width, as Rust's debug builds check.)
    fn fixed_shl(&mut self, t: IntTy, a: &Expr, b: &Expr, line: usize) -> Res<(String, u8)> {
        let x = self.expr(a, prec::SHIFT)?;
        let y = self.expr(b, prec::SHIFT + 1)?;
        Ok(match t.width() {
            Some((32, true)) => (format!("{x} << {y}"), prec::SHIFT),
            Some((32, false)) => (format!("({x} << {y}) >>> 0"), prec::SHIFT),
            Some((bits @ (8 | 16), false)) => (
                format!("({x} << {y}) & {}", (1u32 << bits) - 1),
                prec::BIT_AND,
            ),
            Some((bits @ (8 | 16), true)) => {
                let k = 32 - bits;
                (format!("({x} << {y}) << {k} >> {k}"), prec::SHIFT)
            }
            Some((64, signed)) => (self.shl64(&x, &y, signed), prec::MEMBER),
            _ => return decline(line, format!("Shl on {}", Ty::Int(t))),
        })
    }

    /// Rust's `x << k` of a 64-bit int: through `rsShl64`, which drops
    /// the bits past 64 as Rust does and throws on a result past the 2^53
    /// a number holds exactly, where the engine's assumption ends.
    fn shl64(&mut self, x: &str, y: &str, signed: bool) -> String {
        self.helper("rsShl64", RS_SHL64);
        format!("rsShl64({x}, {y}, {signed})")
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, ty: &Ty, line: usize) -> Res<(String, u8)> {
        if let Some(done) = self.python_binary(op, a, b, line)? {
            return Ok(done);
        }
        let (ta, tb) = (self.ty(a), self.ty(b));
        let (sym, p) = match op {
            BinOp::Add(_) if ta.is_numeric() && tb.is_numeric() => ("+", prec::ADD),
            BinOp::Add(_)
                if matches!(ta, Ty::Str | Ty::Char) && matches!(tb, Ty::Str | Ty::Char) =>
            {
                ("+", prec::ADD)
            }
            BinOp::Sub => ("-", prec::ADD),
            BinOp::Mul(_) if ta.is_numeric() && tb.is_numeric() => ("*", prec::MUL),
            BinOp::Mul(_) => {
                // `[x] * n` (Rust's `vec![x; n]` of a value that is copied).
                if let (ExprKind::List(items), true) = (&a.kind, tb.is_int() && !spread_in_list(a))
                {
                    if let [x] = items.as_slice() {
                        let n = self.expr(b, prec::ASSIGN)?;
                        let x = self.expr(x, prec::ASSIGN)?;
                        return Ok((format!("Array({n}).fill({x})"), prec::MEMBER));
                    }
                }
                return decline(line, format!("`*` between {ta} and {tb}"));
            }
            BinOp::Div(DivSem::ByType) if ta.is_float() || tb.is_float() => ("/", prec::MUL),
            // Rust's integer `/` and `%` panic on a zero divisor, where
            // JavaScript's give an infinity or NaN: a divisor that is not a
            // literal other than zero goes through the helper.
            BinOp::FloorDiv(Rounding::Trunc) | BinOp::Rem(Rounding::Trunc)
                if ta.is_int() && tb.is_int() && self.divisor_needs_check(b) =>
            {
                let f = self.int_division_helper(op);
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                return Ok((format!("{f}({x}, {y})"), prec::MEMBER));
            }
            BinOp::FloorDiv(Rounding::Trunc) if ta.is_int() && tb.is_int() => {
                let x = self.expr(a, prec::MUL)?;
                let y = self.expr(b, prec::MUL + 1)?;
                return Ok((format!("Math.trunc({x} / {y})"), prec::MEMBER));
            }
            BinOp::Rem(Rounding::Trunc) if ta.is_numeric() && tb.is_numeric() => ("%", prec::MUL),
            BinOp::Pow if ta.is_numeric() => {
                // The left operand of `**` may not be a unary expression.
                let x = self.expr(a, prec::UNARY + 1)?;
                let y = self.expr(b, prec::POW)?;
                return Ok((format!("{x} ** {y}"), prec::POW));
            }
            BinOp::BitAnd if fits_int32(ty) => ("&", prec::BIT_AND),
            // `x & m` with a mask `m` in [0, 2^31): JavaScript's `&` takes
            // an integer modulo 2^32, in two's complement as Python's `&`
            // does, which keeps every bit such a mask selects (of any
            // integer within the ±2^53 the engine assumes).
            BinOp::BitAnd if ta.is_int() && tb.is_int() && (small_mask(a) || small_mask(b)) => {
                ("&", prec::BIT_AND)
            }
            BinOp::BitOr if fits_int32(ty) => ("|", prec::BIT_OR),
            BinOp::BitXor if fits_int32(ty) => ("^", prec::BIT_XOR),
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor | BinOp::Shr
                if self.input.from == Lang::Rust && wide_fixed(ty).is_some() =>
            {
                let x = self.expr(a, prec::UNARY)?;
                let y = self.expr(b, prec::UNARY)?;
                if let Some(done) = wide_bitwise(op, ty, &x, &y) {
                    return Ok(done);
                }
                return decline(line, format!("{op:?} on {ta} and {tb}"));
            }
            // Rust's `<<` drops the bits shifted past the left operand's
            // width (no panic, even in debug builds), which a cast around
            // it does not change; `1 << 40` of literals (a constant's
            // value) is folded.
            BinOp::Shl => match (folded_shl(a, b, &ta), &ta) {
                (Some(v), _) => return Ok((v.to_string(), prec::ATOM)),
                (None, Ty::Int(t)) => return self.fixed_shl(*t, a, b, line),
                _ => return decline(line, format!("{op:?} on {ta} and {tb}")),
            },
            // Of `u8` and `u16` too: their values are not negative.
            BinOp::Shr if fits_int32(ty) => (">>", prec::SHIFT),
            _ => return decline(line, format!("{op:?} on {ta} and {tb}")),
        };
        let x = self.expr(a, p)?;
        let y = self.expr(b, p + 1)?;
        Ok((format!("{x} {sym} {y}"), p))
    }

    /// The operators whose Python meaning JavaScript's operator does not
    /// have on some operands: `+` of lists, `*` repeating, `/`, `//` and
    /// `%` (a zero divisor raises; `//` and `%` floor), set algebra. `None`
    /// leaves the operator to the common rules.
    fn python_binary(
        &mut self,
        op: BinOp,
        a: &Expr,
        b: &Expr,
        line: usize,
    ) -> Res<Option<(String, u8)>> {
        let (ta, tb) = (self.ty(a), self.ty(b));
        let seq = |t: &Ty| matches!(t, Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_));
        // Python's `+`, `-`, `/`, `//` and `**` with a number on one side
        // accept only a number (or a bool, which JavaScript's operators
        // also take as 0 or 1) on the other: an operand of unknown type is
        // one on every input the source accepts. (`*` repeats strings and
        // `%` formats them, so they need both types.)
        let one_unknown =
            (ta.is_numeric() && tb == Ty::Unknown) || (ta == Ty::Unknown && tb.is_numeric());
        let numeric_only = matches!(
            op,
            BinOp::Add(OperandSem::ByTypes)
                | BinOp::Sub
                | BinOp::Div(DivSem::True)
                | BinOp::FloorDiv(Rounding::Floor)
                | BinOp::Pow
        );
        let numbers = (ta.is_numeric() && tb.is_numeric()) || (one_unknown && numeric_only);
        // Python's `+` with a string on one side takes only a string on
        // the other.
        let text = |t: &Ty| matches!(t, Ty::Str | Ty::Char);
        let text_and_unknown = matches!(op, BinOp::Add(OperandSem::ByTypes))
            && ((text(&ta) && tb == Ty::Unknown) || (ta == Ty::Unknown && text(&tb)));
        let from = self.input.from;
        Ok(Some(match op {
            // Python's `&`, `|` and `^` of ints work on the whole number,
            // JavaScript's cut both operands to 32 bits: where nothing
            // proves both fit (then the common rules write the operator),
            // the operation runs on BigInts, exact for the ints within
            // ±2^53 the engine assumes, whose results stay within them.
            BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor
                if from == Lang::Python
                    && ta.is_int()
                    && tb.is_int()
                    && !(fits_int32(&ta) && fits_int32(&tb))
                    && !(op == BinOp::BitAnd && (small_mask(a) || small_mask(b))) =>
            {
                let sym = match op {
                    BinOp::BitAnd => "&",
                    BinOp::BitOr => "|",
                    _ => "^",
                };
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                (
                    format!("Number(BigInt({x}) {sym} BigInt({y}))"),
                    prec::MEMBER,
                )
            }
            // A product of ints: Python's is exact at any size, a number's
            // rounds past 2^53 (and reaches `Infinity`), so the product is
            // checked and one the number does not hold exactly throws, as
            // `pyPowInt` does, where the engine's assumption ends.
            BinOp::Mul(_)
                if from == Lang::Python
                    && ta.is_int()
                    && tb.is_int()
                    && !(small_int(&ta) && small_int(&tb)) =>
            {
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                self.helper("pyMulInt", PY_MUL_INT);
                (format!("pyMulInt({x}, {y})"), prec::MEMBER)
            }
            // Shifts of ints: JavaScript's `<<` and `>>` cut the value to
            // 32 bits and the count to 5. Python's `x >> k` is `x` divided
            // by 2^k, floored: with `k` a literal below 53 JavaScript's
            // division by that power of two is exact. Any other shift runs
            // on BigInts, exact, raising where Python raises (a negative
            // count) and where the result leaves the ±2^53 the engine
            // assumes.
            BinOp::Shl | BinOp::Shr if from == Lang::Python && ta.is_int() && tb.is_int() => {
                if let (BinOp::Shr, ExprKind::Lit(Lit::Int(k @ 0..=52))) = (op, &b.kind) {
                    let x = self.expr(a, prec::MUL)?;
                    (format!("Math.floor({x} / {})", 1u64 << k), prec::MEMBER)
                } else {
                    let name = JsHelper::PyShift.use_in(&mut self.support);
                    let x = self.expr(a, prec::ASSIGN)?;
                    let y = self.expr(b, prec::ASSIGN)?;
                    let left = op == BinOp::Shl;
                    (format!("{name}({x}, {y}, {left})"), prec::MEMBER)
                }
            }
            BinOp::Add(_) | BinOp::Sub if (one_unknown && numeric_only) || text_and_unknown => {
                let sym = if op == BinOp::Sub { "-" } else { "+" };
                let x = self.expr(a, prec::ADD)?;
                let y = self.expr(b, prec::ADD + 1)?;
                (format!("{x} {sym} {y}"), prec::ADD)
            }
            // An `int | float` to a power: an int's is exact in Python
            // (past 2^53 too), a float's rounds; JavaScript cannot tell
            // which it holds.
            BinOp::Pow
                if from == Lang::Python
                    && [&ta, &tb]
                        .iter()
                        .any(|t| matches!(t, Ty::Number { integral: false })) =>
            {
                return decline(line, format!("`**` of {ta} and {tb}"));
            }
            // Python's float power raises where it overflows, divides by
            // zero or would be complex; JavaScript's gives `Infinity` or
            // `NaN`, which the helper turns into an error.
            BinOp::Pow if from == Lang::Python && (ta.is_float() || tb.is_float()) => {
                let name = JsHelper::PyMath.use_in(&mut self.support);
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                (format!("{name}(Math.pow, {x}, {y})"), prec::MEMBER)
            }
            // An int to a power that may be negative: `0 ** -1` raises
            // ZeroDivisionError where JavaScript gives `Infinity`, which
            // the helper turns into an error.
            BinOp::Pow
                if from == Lang::Python
                    && ta.is_int()
                    && tb.is_int()
                    && !self.facts.holds(b, self.input.types) =>
            {
                let name = JsHelper::PyMath.use_in(&mut self.support);
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                (format!("{name}(Math.pow, {x}, {y})"), prec::MEMBER)
            }
            BinOp::Pow if one_unknown => {
                let x = self.expr(a, prec::UNARY + 1)?;
                let y = self.expr(b, prec::POW)?;
                (format!("{x} ** {y}"), prec::POW)
            }
            // A list or tuple that may be `None` too: spreading `null`
            // throws a TypeError where Python's `+` raises one.
            BinOp::Add(_) if from == Lang::Python && maybe_seq(&ta) && maybe_seq(&tb) => {
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                (format!("[...{x}, ...{y}]"), prec::ATOM)
            }
            BinOp::Add(_) if seq(&ta) && seq(&tb) => {
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                (format!("[...{x}, ...{y}]"), prec::ATOM)
            }
            BinOp::Mul(OperandSem::ByTypes)
                if (ta == Ty::Str && tb.is_int()) || (ta.is_int() && tb == Ty::Str) =>
            {
                let (s, n) = if ta == Ty::Str { (a, b) } else { (b, a) };
                let x = self.expr(s, prec::MEMBER)?;
                // `"ab" * -1` is `""`; `repeat` throws on a negative count.
                let count = if self.facts.holds(n, self.input.types) {
                    self.expr(n, prec::ASSIGN)?
                } else {
                    format!("Math.max(0, {})", self.expr(n, prec::ASSIGN)?)
                };
                (format!("{x}.repeat({count})"), prec::MEMBER)
            }
            BinOp::Mul(OperandSem::ByTypes)
                if matches!(&a.kind, ExprKind::List(xs) if xs.len() == 1 && !spread_in(xs))
                    && tb.is_int() =>
            {
                let ExprKind::List(xs) = &a.kind else {
                    return Ok(None);
                };
                let x = self.expr(&xs[0], prec::ASSIGN)?;
                // `[x] * -1` is `[]`; `Array(-1)` throws.
                let count = if self.facts.holds(b, self.input.types) {
                    self.expr(b, prec::ASSIGN)?
                } else {
                    format!("Math.max(0, {})", self.expr(b, prec::ASSIGN)?)
                };
                (format!("Array({count}).fill({x})"), prec::MEMBER)
            }
            BinOp::Div(DivSem::True) if numbers => self.quotient(a, b, line)?,
            BinOp::FloorDiv(Rounding::Floor) if numbers => {
                if gap::bridge(from, Lang::JavaScript, Gap::IntDivisionRounding) != Bridge::Exact {
                    return decline(line, "floor division");
                }
                let (q, _) = self.quotient(a, b, line)?;
                (format!("Math.floor({q})"), prec::MEMBER)
            }
            BinOp::Rem(Rounding::Floor) if numbers => {
                // JavaScript's `%` takes the dividend's sign: exact when both
                // are non-negative and the divisor is not zero (Python
                // raises on zero).
                let proved = self.facts.holds(a, self.input.types) && positive_literal(b);
                match gap::bridge(from, Lang::JavaScript, Gap::RemainderSign) {
                    Bridge::Obligation {
                        fact: Fact::NonNegative,
                        ..
                    } if proved => {
                        let x = self.expr(a, prec::MUL)?;
                        let y = self.expr(b, prec::MUL + 1)?;
                        (format!("{x} % {y}"), prec::MUL)
                    }
                    Bridge::Obligation {
                        otherwise: Some(_), ..
                    }
                    | Bridge::Helper(_) => {
                        let name = JsHelper::PyMod.use_in(&mut self.support);
                        let x = self.expr(a, prec::ASSIGN)?;
                        let y = self.expr(b, prec::ASSIGN)?;
                        (format!("{name}({x}, {y})"), prec::MEMBER)
                    }
                    _ => return decline(line, "`%` of numbers that may be negative"),
                }
            }
            // An operand whose type the analysis does not know: Python
            // chooses the operation by the values at run time, and so do
            // the helpers (numbers add or multiply, strings and lists
            // concatenate or repeat).
            BinOp::Add(OperandSem::ByTypes)
                if self.input.from == Lang::Python && (ta == Ty::Unknown || tb == Ty::Unknown) =>
            {
                let name = JsHelper::PyAdd.use_in(&mut self.support);
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                (format!("{name}({x}, {y})"), prec::MEMBER)
            }
            BinOp::Mul(OperandSem::ByTypes)
                if self.input.from == Lang::Python
                    && (ta == Ty::Unknown || tb == Ty::Unknown)
                    && [&ta, &tb].iter().all(|t| {
                        **t == Ty::Unknown || t.is_numeric() || seq(t) || **t == Ty::Str
                    }) =>
            {
                let name = JsHelper::PyMul.use_in(&mut self.support);
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                (format!("{name}({x}, {y})"), prec::MEMBER)
            }
            // `%` with an operand of unknown type, or a number that may
            // be `None`, and the other a number (or the same) is
            // arithmetic: the checked helper floors, raises on a zero
            // divisor and on `None`, as Python does. (A string on the
            // left would be `%` formatting: the helper refuses it.)
            BinOp::Rem(Rounding::Floor)
                if self.input.from == Lang::Python
                    && !(ta.is_numeric() && tb.is_numeric())
                    && number_or_unknown(&ta)
                    && number_or_unknown(&tb) =>
            {
                self.helper("pyModAny", PY_MOD_ANY);
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                (format!("pyModAny({x}, {y})"), prec::MEMBER)
            }
            // Regression (the pyjs7 helper): "`a - b` of two values of
            // unknown type was JavaScript's `-`, NaN for two sets where
            // Python takes their difference".
            BinOp::Sub
                if from == Lang::Python
                    && !numbers
                    && [&ta, &tb]
                        .iter()
                        .all(|t| t.is_numeric() || **t == Ty::Unknown) =>
            {
                self.helper("pySubAny", PY_SUB_ANY);
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                (format!("pySubAny({x}, {y})"), prec::MEMBER)
            }
            BinOp::Sub | BinOp::BitAnd | BinOp::BitOr
                if matches!(ta, Ty::Set(_)) && matches!(tb, Ty::Set(_)) =>
            {
                let x = self.expr(a, prec::ASSIGN)?;
                if op == BinOp::BitOr {
                    let y = self.expr(b, prec::ASSIGN)?;
                    let ctor = self.ctor(true);
                    return Ok(Some((
                        format!("new {ctor}([...{x}, ...{y}])"),
                        prec::MEMBER,
                    )));
                }
                if !is_pure(b) {
                    return decline(line, "set difference or intersection with a computed set");
                }
                let y = self.expr(b, prec::MEMBER)?;
                let keep = if op == BinOp::Sub { "!" } else { "" };
                let ctor = self.ctor(true);
                (
                    format!("new {ctor}([...{x}].filter((x) => {keep}{y}.has(x)))"),
                    prec::MEMBER,
                )
            }
            _ => return Ok(None),
        }))
    }

    /// `a / b` as Python's `/` means it: a zero divisor raises, so where
    /// the divisor is not a literal other than zero the helper checks it.
    fn quotient(&mut self, a: &Expr, b: &Expr, line: usize) -> Res<(String, u8)> {
        let non_zero = non_zero_literal(b);
        match gap::bridge(self.input.from, Lang::JavaScript, Gap::TrueDivision) {
            Bridge::Exact => {}
            Bridge::Obligation {
                fact: Fact::NonZero,
                ..
            } if non_zero => {}
            Bridge::Obligation {
                otherwise: Some(_), ..
            }
            | Bridge::Helper(_) => {
                let name = JsHelper::PyDiv.use_in(&mut self.support);
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                return Ok((format!("{name}({x}, {y})"), prec::MEMBER));
            }
            _ => return decline(line, "division by a number that may be zero"),
        }
        let x = self.expr(a, prec::MUL)?;
        let y = self.expr(b, prec::MUL + 1)?;
        Ok((format!("{x} / {y}"), prec::MUL))
    }

    fn compare(&mut self, first: &Expr, rest: &[(CmpOp, Expr)], line: usize) -> Res<(String, u8)> {
        let mut parts = Vec::new();
        let mut left = first;
        for (op, right) in rest {
            if rest.len() > 1 && !effect_free(left) && !std::ptr::eq(left, first) {
                return decline(line, "comparison chain with a computed middle");
            }
            parts.push(self.compare_one(left, *op, right, line)?);
            left = right;
        }
        if parts.len() == 1 {
            let (s, p) = parts.remove(0);
            return Ok((s, p));
        }
        let joined: Vec<String> = parts
            .into_iter()
            .map(|(s, p)| if p <= prec::AND { format!("({s})") } else { s })
            .collect();
        Ok((joined.join(" && "), prec::AND))
    }

    fn compare_one(&mut self, a: &Expr, op: CmpOp, b: &Expr, line: usize) -> Res<(String, u8)> {
        let (ta, tb) = (self.ty(a), self.ty(b));
        let primitive = |t: &Ty| t.is_numeric() || matches!(t, Ty::Bool | Ty::Str | Ty::Char);
        match op {
            CmpOp::Eq(EqSem::Derived) | CmpOp::NotEq(EqSem::Derived) => {
                self.helper("rsEq", RS_EQ);
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                let call = format!("rsEq({x}, {y})");
                Ok(if matches!(op, CmpOp::NotEq(_)) {
                    (format!("!{call}"), prec::UNARY)
                } else {
                    (call, prec::MEMBER)
                })
            }
            CmpOp::Eq(_) | CmpOp::NotEq(_) => {
                let neg = matches!(op, CmpOp::NotEq(_));
                let unwrap = |t: &Ty| match t {
                    Ty::Option(x) => (**x).clone(),
                    t => t.clone(),
                };
                // Python's list is never equal to a tuple, which `pyEq`
                // cannot tell apart (both are arrays). (A fixed `Ty::Tuple`
                // may be a list literal's record type, so only a tuple of
                // any length tells.)
                let tuple = |t: &Ty| matches!(t, Ty::TupleOf(_));
                let list = |e: &Expr, t: &Ty| {
                    matches!(t, Ty::List(_)) || matches!(e.kind, ExprKind::List(_))
                };
                if (list(a, &ta) && tuple(&tb)) || (tuple(&ta) && list(b, &tb)) {
                    return decline(line, format!("`==` between {ta} and {tb}"));
                }
                // Rust's `==` between a C-like enum's values, each one
                // object (the frontend declines it between structs).
                let rust_enum = self.input.from == Lang::Rust
                    && matches!((&ta, &tb), (Ty::Class(x), Ty::Class(y)) if x == y);
                if rust_enum || (primitive(&unwrap(&ta)) && primitive(&unwrap(&tb))) {
                    let sym = if neg { "!==" } else { "===" };
                    let x = self.expr(a, prec::EQ)?;
                    let y = self.expr(b, prec::EQ + 1)?;
                    return Ok((format!("{x} {sym} {y}"), prec::EQ));
                }
                let name = JsHelper::PyEq.use_in(&mut self.support);
                let x = self.expr(a, prec::ASSIGN)?;
                let y = self.expr(b, prec::ASSIGN)?;
                let call = format!("{name}({x}, {y})");
                Ok(if neg {
                    (format!("!{call}"), prec::UNARY)
                } else {
                    (call, prec::MEMBER)
                })
            }
            CmpOp::Lt | CmpOp::LtE | CmpOp::Gt | CmpOp::GtE => {
                let text = |t: &Ty| matches!(t, Ty::Str | Ty::Char);
                // Python orders a number only against numbers and a string
                // only against strings (else it raises), so an operand of
                // unknown type is of the other's kind on every input it
                // accepts.
                let python = self.input.from == Lang::Python;
                // Python orders `None` against nothing (it raises), so an
                // optional number is a number on every input it accepts.
                let (ta, tb) = match (&ta, &tb) {
                    (Ty::Option(x), _) if python && x.is_numeric() => ((**x).clone(), tb),
                    _ => (ta, tb),
                };
                let (ta, tb) = match (&ta, &tb) {
                    (_, Ty::Option(y)) if python && y.is_numeric() => (ta, (**y).clone()),
                    _ => (ta, tb),
                };
                let comparable = (ta.is_numeric() && tb.is_numeric())
                    || (text(&ta) && text(&tb))
                    || (python
                        && ((ta == Ty::Unknown && (tb.is_numeric() || text(&tb)))
                            || (tb == Ty::Unknown && (ta.is_numeric() || text(&ta)))));
                let seq = |t: &Ty| matches!(t, Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_));
                // Two operands of unknown type (or sequences): the helper
                // orders as Python does, numbers and strings as usual,
                // lists and tuples element by element.
                let unknown_pair =
                    python && (ta == Ty::Unknown || seq(&ta)) && (tb == Ty::Unknown || seq(&tb));
                if !comparable && ((seq(&ta) && seq(&tb)) || unknown_pair) {
                    // Python orders lists and tuples element by element.
                    let name = JsHelper::PyCmp.use_in(&mut self.support);
                    let x = self.expr(a, prec::ASSIGN)?;
                    let y = self.expr(b, prec::ASSIGN)?;
                    let sym = match op {
                        CmpOp::Lt => "<",
                        CmpOp::LtE => "<=",
                        CmpOp::Gt => ">",
                        _ => ">=",
                    };
                    return Ok((format!("{name}({x}, {y}) {sym} 0"), prec::REL));
                }
                if !comparable {
                    return decline(line, format!("ordering of {ta} and {tb}"));
                }
                let sym = match op {
                    CmpOp::Lt => "<",
                    CmpOp::LtE => "<=",
                    CmpOp::Gt => ">",
                    _ => ">=",
                };
                let x = self.expr(a, prec::REL)?;
                let y = self.expr(b, prec::REL + 1)?;
                Ok((format!("{x} {sym} {y}"), prec::REL))
            }
            CmpOp::In | CmpOp::NotIn => {
                let neg = op == CmpOp::NotIn;
                // `x in d.values()`: among the dict's values as now, by
                // `includes` where it compares as Python's `==` does, else
                // by Python's `==` (`pyHas`).
                if let ExprKind::Method {
                    recv,
                    method: Method::Values,
                    args,
                    keywords,
                } = &b.kind
                {
                    if let (Ty::Dict(_, v), true, true) = (
                        self.ty(recv),
                        args.is_empty() && keywords.is_empty(),
                        self.input.from == Lang::Python,
                    ) {
                        let d = self.expr(recv, prec::MEMBER)?;
                        let x = self.expr(a, prec::ASSIGN)?;
                        let call = if same_primitive(&v, &ta) {
                            format!("[...{d}.values()].includes({x})")
                        } else {
                            JsHelper::PyEq.use_in(&mut self.support);
                            self.helper("pyHas", PY_HAS);
                            format!("pyHas([...{d}.values()], {x})")
                        };
                        return Ok(if neg {
                            (format!("!{call}"), prec::UNARY)
                        } else {
                            (call, prec::MEMBER)
                        });
                    }
                }
                let y = self.expr(b, prec::MEMBER)?;
                let x = self.expr(a, prec::ASSIGN)?;
                // A Rust class in a container is a C-like enum's variant
                // (the frontend declines structs there): one object per
                // variant, found by identity as Rust finds it by `==`.
                let rust = self.input.from == Lang::Rust;
                let primitive = |t: &Ty| primitive(t) || (rust && matches!(t, Ty::Class(_)));
                let call = match &tb {
                    Ty::Str => format!("{y}.includes({x})"),
                    Ty::List(t) | Ty::TupleOf(t) if primitive(t) => format!("{y}.includes({x})"),
                    Ty::Tuple(ts) if ts.iter().all(primitive) => format!("{y}.includes({x})"),
                    Ty::Set(t) if primitive(t) => format!("{y}.has({x})"),
                    Ty::Dict(k, _) if primitive(k) => format!("{y}.has({x})"),
                    // Made here as a `PyKeyedSet` or `PyKeyedMap`
                    // (`keyed_origins`).
                    Ty::Set(k) | Ty::Dict(k, _)
                        if hashable_tuple(k) && self.input.from == Lang::Python =>
                    {
                        format!("{y}.has({x})")
                    }
                    // A container of a type not known: the helper asks it
                    // what it is (a value of a primitive type compares the
                    // same by `includes`/`has` as by Python's `==`).
                    Ty::Unknown if self.input.from == Lang::Python && primitive(&ta) => {
                        self.helper("pyIn", PY_IN);
                        let y = self.expr(b, prec::ASSIGN)?;
                        format!("pyIn({x}, {y})")
                    }
                    // A value of unknown type in a container of unknown
                    // type, or in a dict or set of unknown keys: the helper
                    // asks the container what it is, and compares as
                    // Python does.
                    Ty::Unknown | Ty::Set(_) | Ty::Dict(..)
                        if self.input.from == Lang::Python
                            && match &tb {
                                Ty::Set(k) | Ty::Dict(k, _) => **k == Ty::Unknown,
                                _ => true,
                            } =>
                    {
                        JsHelper::PyEq.use_in(&mut self.support);
                        self.helper("pyDictKey", PY_DICT_KEY);
                        self.helper("pyInAny", PY_IN_ANY);
                        let y = self.expr(b, prec::ASSIGN)?;
                        format!("pyInAny({x}, {y})")
                    }
                    // A list or tuple of items of other or unknown types:
                    // membership by Python's `==` (lists by value, `1 ==
                    // True`).
                    // (One that may be `None`: `xs.some` of `null`
                    // throws a TypeError where Python raises one.)
                    Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_)
                        if self.input.from == Lang::Python =>
                    {
                        JsHelper::PyEq.use_in(&mut self.support);
                        self.helper("pyHas", PY_HAS);
                        let y = self.expr(b, prec::ASSIGN)?;
                        format!("pyHas({y}, {x})")
                    }
                    Ty::Option(ref inner)
                        if self.input.from == Lang::Python
                            && matches!(**inner, Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_)) =>
                    {
                        JsHelper::PyEq.use_in(&mut self.support);
                        self.helper("pyHas", PY_HAS);
                        let y = self.expr(b, prec::ASSIGN)?;
                        format!("pyHas({y}, {x})")
                    }
                    _ => return decline(line, format!("membership in {tb}")),
                };
                Ok(if neg {
                    (format!("!{call}"), prec::UNARY)
                } else {
                    (call, prec::MEMBER)
                })
            }
            CmpOp::Is | CmpOp::IsNot => {
                // Python's `is` of ints, floats and strings is the
                // interpreter's choice (CPython shares small ints and some
                // strings, not others: `-19 is -19` of two values is
                // False), where `===` compares them by value. Where a side
                // is `None`, a bool literal or an object JavaScript holds
                // by reference (a list, dict, set, instance), `===` is
                // identity; where both may be numbers or strings the
                // helper refuses equal ones; where both are, the unit is
                // declined.
                let singleton =
                    |e: &Expr| matches!(e.kind, ExprKind::Lit(Lit::None | Lit::Bool(_)));
                fn by_reference(t: &Ty) -> bool {
                    match t {
                        Ty::List(_) | Ty::Dict(..) | Ty::Set(_) | Ty::Class(_) | Ty::Unit => true,
                        Ty::Option(inner) => by_reference(inner),
                        _ => false,
                    }
                }
                let plain = |t: &Ty| t.is_numeric() || matches!(t, Ty::Str | Ty::Char);
                let (ta, tb) = (self.ty(a), self.ty(b));
                if self.input.from == Lang::Python
                    && !(singleton(a) || singleton(b))
                    && !(by_reference(&ta) || by_reference(&tb))
                {
                    if plain(&ta) && plain(&tb) {
                        return decline(line, format!("`is` of {ta} and {tb}"));
                    }
                    self.helper("pyIs", PY_IS);
                    let x = self.expr(a, prec::ASSIGN)?;
                    let y = self.expr(b, prec::ASSIGN)?;
                    let not = if op == CmpOp::IsNot { "!" } else { "" };
                    return Ok((format!("{not}pyIs({x}, {y})"), prec::UNARY));
                }
                let sym = if op == CmpOp::Is { "===" } else { "!==" };
                let x = self.expr(a, prec::EQ)?;
                let y = self.expr(b, prec::EQ + 1)?;
                Ok((format!("{x} {sym} {y}"), prec::EQ))
            }
        }
    }

    /// A comprehension as an array: `xs.filter(..).map(..)`.
    fn comprehension(&mut self, e: &Expr, _as_array: bool) -> Res<String> {
        let ExprKind::Comprehension {
            elt,
            value,
            clauses,
            ..
        } = &e.kind
        else {
            return decline(e.line, "comprehension");
        };
        let item = Item {
            elt,
            value: value.as_deref(),
        };
        let [clause] = clauses.as_slice() else {
            // Several `for`s: each outer one a `flatMap` over the inner
            // ones, in Python's order (the first `for` outermost).
            self.whole = false;
            return self.nested_clauses(clauses, item, e.line);
        };
        if yields_iterators(&self.ty(&clause.iter)) {
            return self.comprehension_in_step(clause, item, e.line);
        }
        // What the caller set: whether the comprehension is read whole.
        let base = self.array(&clause.iter, e.line)?;
        let base = self.unpacked(clause, base);
        let param = self.arrow_param(&clause.target, e.line)?;
        let mut s = paren_member(&base);
        if !clause.conditions.is_empty() {
            let conds: Res<Vec<String>> = clause
                .conditions
                .iter()
                .map(|c| self.expr(c, prec::AND + 1))
                .collect();
            s = format!("{s}.filter(({param}) => {})", conds?.join(" && "));
        }
        let is_target = match (&elt.kind, &clause.target, value) {
            (ExprKind::Name(n), Target::Name { name, .. }, None) => n == name,
            _ => false,
        };
        if !is_target {
            let body = self.comprehension_item(item)?;
            s = format!("{s}.map(({param}) => {body})");
        } else if clause.conditions.is_empty() && !base.starts_with('[') && !base.contains('(') {
            // A copy, as the comprehension makes a new list.
            s = format!("[...{s}]");
        }
        Ok(s)
    }

    /// A comprehension over an iterator whose items are iterators that
    /// reading on ends (`groupby`'s groups): `Array.from` makes each item
    /// as it reads it, as Python's does, where an array of the items read
    /// first would hold ended groups.
    fn comprehension_in_step(&mut self, clause: &Clause, item: Item, line: usize) -> Res<String> {
        if !clause.conditions.is_empty() {
            return decline(line, "a filtered comprehension over iterators of iterators");
        }
        let xs = self.iterable(&clause.iter, line)?;
        let param = self.arrow_param(&clause.target, line)?;
        let body = self.comprehension_item(item)?;
        Ok(format!("Array.from({xs}, ({param}) => {body})"))
    }

    /// The arrow body that makes one item of a comprehension: a dict's
    /// `[key, value]` pair (the key first, as Python evaluates them, and
    /// checked as a display's keys are).
    fn comprehension_item(&mut self, item: Item) -> Res<String> {
        let Some(value) = item.value else {
            let body = self.expr(item.elt, prec::ASSIGN)?;
            return Ok(if body.starts_with('{') {
                format!("({body})")
            } else {
                body
            });
        };
        let unknown = self.unknown_item(self.ty(item.elt));
        let k = self.expr(item.elt, prec::ASSIGN)?;
        let k = self.checked_key(k, unknown);
        Ok(format!("[{k}, {}]", self.expr(value, prec::ASSIGN)?))
    }

    /// A comprehension's array of items, each unpacked as Python does where
    /// the clause unpacks items whose type does not show their count (see
    /// [`Writer::unpack_count`]).
    fn unpacked(&mut self, clause: &Clause, base: String) -> String {
        let item = self.ty(&clause.iter).item().unwrap_or(Ty::Unknown);
        match self.unpack_count(&clause.target, &item) {
            Some(n) => {
                self.helper("pyUnpack", PY_UNPACK);
                self.helper("pyUnpacked", PY_UNPACKED);
                format!("[...pyUnpacked({base}, {n})]")
            }
            None => base,
        }
    }

    /// The items of a comprehension of several `for` clauses, the first
    /// outermost, each filtered by its own conditions.
    fn nested_clauses(&mut self, clauses: &[Clause], item: Item, line: usize) -> Res<String> {
        let Some((clause, inner)) = clauses.split_first() else {
            return decline(line, "comprehension");
        };
        if yields_iterators(&self.ty(&clause.iter)) {
            return decline(
                line,
                "a comprehension of several `for`s over iterators of iterators",
            );
        }
        let base = self.array(&clause.iter, line)?;
        let base = self.unpacked(clause, base);
        let param = self.arrow_param(&clause.target, line)?;
        let mut s = paren_member(&base);
        if !clause.conditions.is_empty() {
            let conds: Res<Vec<String>> = clause
                .conditions
                .iter()
                .map(|c| self.expr(c, prec::AND + 1))
                .collect();
            s = format!("{s}.filter(({param}) => {})", conds?.join(" && "));
        }
        if inner.is_empty() {
            let body = self.comprehension_item(item)?;
            return Ok(format!("{s}.map(({param}) => {body})"));
        }
        let rest = self.nested_clauses(inner, item, line)?;
        Ok(format!("{s}.flatMap(({param}) => {rest})"))
    }

    fn arrow_param(&mut self, t: &Target, line: usize) -> Res<String> {
        Ok(match t {
            Target::Name { name, .. } => self.name(name),
            Target::Tuple(ts) => {
                let mut parts = Vec::new();
                let last_blank = self.last_underscore(ts);
                for (k, t) in ts.iter().enumerate() {
                    parts.push(match t {
                        Target::Name { name, .. } if name == "_" && Some(k) != last_blank => {
                            String::new()
                        }
                        t => self.arrow_param(t, line)?,
                    });
                }
                format!("[{}]", parts.join(", "))
            }
            Target::Index { .. } => return decline(line, "comprehension storing into an index"),
            Target::Attr { .. } => return decline(line, "comprehension storing into an attribute"),
        })
    }

    fn builtin(
        &mut self,
        op: Builtin,
        args: &[Expr],
        keywords: &[(String, Expr)],
        ty: &Ty,
        line: usize,
    ) -> Res<(String, u8)> {
        let arg_ty = match args.first() {
            Some(a) if op == Builtin::ToStr => self.printed_ty(a),
            Some(a) => self.ty(a),
            None => Ty::Unknown,
        };
        // The one argument of a built-in written for one: another (`int(s,
        // 16)`'s base) would be dropped, so it is declined.
        let one = |me: &mut Self, min: u8| -> Res<String> {
            match args {
                [a] => me.expr(a, min),
                [] => decline(line, format!("`{}` without an argument", op.spelling())),
                _ => decline(
                    line,
                    format!("`{}` of {} arguments", op.spelling(), args.len()),
                ),
            }
        };
        let or_null = keywords
            .iter()
            .any(|(k, v)| k == "default" && matches!(v.kind, ExprKind::Lit(Lit::None)));
        let ordering = matches!(op, Builtin::Sorted | Builtin::Min | Builtin::Max);
        if keywords
            .iter()
            .any(|(k, _)| k != "default" && !(ordering && (k == "key" || k == "reverse")))
        {
            return decline(line, format!("`{}` with keywords", op.spelling()));
        }
        let key = keywords.iter().find(|(k, _)| k == "key").map(|(_, v)| v);
        if let (Builtin::Min | Builtin::Max, Some(key)) = (op, key) {
            // The first of the least (greatest) by the key, as Python's;
            // `reduce` of nothing throws where Python raises.
            if keywords.iter().any(|(k, _)| k != "key") {
                return decline(line, format!("`{}` with these keywords", op.spelling()));
            }
            // Regression (corpora, `longest_non_repeat.py`): "`max(a, b,
            // key=len)` of two strings compared the strings, leaving the
            // key out": several arguments are the items.
            let (arr, item) = match args {
                [xs] => (
                    self.array_whole(xs, line)?,
                    self.ty(xs).item().unwrap_or(Ty::Unknown),
                ),
                [] => return decline(line, format!("`{}`", op.spelling())),
                several => {
                    let mut parts = Vec::new();
                    let mut item = Ty::Unknown;
                    for a in several {
                        item = join(&item, &self.ty(a)).unwrap_or(Ty::Unknown);
                        parts.push(self.expr(a, prec::ASSIGN)?);
                    }
                    (format!("[{}]", parts.join(", ")), item)
                }
            };
            let (a, b, cmp) = self.comparator(&item, Some(key), false, line)?;
            // Ties keep the earlier item, as Python's `min` and `max` do.
            let keep = if op == Builtin::Min { "<=" } else { ">=" };
            return Ok((
                format!(
                    "{}.reduce(({a}, {b}) => ({cmp} {keep} 0 ? {a} : {b}))",
                    paren_member(&arr)
                ),
                prec::MEMBER,
            ));
        }
        Ok(match op {
            Builtin::Pow
                if self.input.from == Lang::Python
                    && matches!(args.len(), 2 | 3)
                    && args.iter().all(|a| self.ty(a).is_int()) =>
            {
                let helper = if args.len() == 2 {
                    JsHelper::PyPowInt
                } else {
                    JsHelper::PyPowMod
                };
                let name = helper.use_in(&mut self.support);
                let parts = args
                    .iter()
                    .map(|a| self.expr(a, prec::ASSIGN))
                    .collect::<Res<Vec<_>>>()?;
                (format!("{name}({})", parts.join(", ")), prec::MEMBER)
            }
            Builtin::Map | Builtin::Filter if self.input.from == Lang::Python => {
                let [f, xs] = args else {
                    return decline(line, format!("`{}` of several iterables", op.spelling()));
                };
                if matches!(self.ty(xs), Ty::Iter(_)) {
                    return self.lazy_map(op, f, xs, line);
                }
                let item = self.ty(xs).item().unwrap_or(Ty::Unknown);
                match (&f.kind, op) {
                    // `map(str, xs)` of integers, `map(int, xs)` of strings.
                    (ExprKind::Name(n), Builtin::Map) if n == "str" && item.is_int() => {
                        let arr = self.array(xs, line)?;
                        return Ok((format!("{}.map(String)", paren_member(&arr)), prec::MEMBER));
                    }
                    (ExprKind::Name(n), Builtin::Map)
                        if n == "int" && matches!(item, Ty::Str | Ty::Char) =>
                    {
                        let arr = self.array(xs, line)?;
                        self.helper("pyInt", PY_INT);
                        return Ok((
                            format!("{}.map((s) => pyInt(s))", paren_member(&arr)),
                            prec::MEMBER,
                        ));
                    }
                    _ => {}
                }
                let (param, body) = one_parameter_lambda(op, f, line)?;
                let arr = self.array(xs, line)?;
                let p = self.name(param);
                let body = if op == Builtin::Filter {
                    // Kept where Python finds the lambda's value true.
                    self.test(body, false)?.0
                } else {
                    self.expr(body, prec::ASSIGN)?
                };
                let body = if body.starts_with('{') {
                    format!("({body})")
                } else {
                    body
                };
                let method = if op == Builtin::Filter {
                    "filter"
                } else {
                    "map"
                };
                (
                    format!("{}.{method}(({p}) => {body})", paren_member(&arr)),
                    prec::MEMBER,
                )
            }
            // `structuredClone` copies arrays, `Map`s and `Set`s whole,
            // keeping what the value shares as `deepcopy` does; values of
            // classes (whose prototype it drops) and `PyKeyedMap`s are
            // declined.
            Builtin::DeepCopy if plain_data(&arg_ty) && compound_key(&arg_ty).is_none() => (
                format!("structuredClone({})", one(self, prec::ASSIGN)?),
                prec::MEMBER,
            ),
            Builtin::DeepCopy => return decline(line, format!("`copy.deepcopy()` of {arg_ty}")),
            // A string's UTF-8 bytes, for a writer (see the IR's doc).
            Builtin::StrBytes => (
                format!("new TextEncoder().encode({})", one(self, prec::ASSIGN)?),
                prec::MEMBER,
            ),
            // An object of the same class with the same own fields: a
            // `Copy` struct's copy (see the IR's doc).
            Builtin::ShallowCopy => {
                self.helper("rsCopyObject", RS_COPY_OBJECT);
                (
                    format!("rsCopyObject({})", one(self, prec::ASSIGN)?),
                    prec::MEMBER,
                )
            }
            Builtin::Sorted => {
                let [xs] = args else {
                    return decline(line, "`sorted`");
                };
                // Without a key, items that sort as equal are equal.
                self.order_free = key.is_none();
                let arr = self.array_whole(xs, line)?;
                let item = self.ty(xs).item().unwrap_or(Ty::Unknown);
                let computed = keywords
                    .iter()
                    .find(|(k, _)| k == "reverse")
                    .map(|(_, v)| v)
                    .filter(|v| !matches!(v.kind, ExprKind::Lit(Lit::Bool(_))));
                let cmp = match computed {
                    // Python reads a computed `reverse=` once; the
                    // comparator reads it at each comparison, the same
                    // value where it has no effects, as the copy being
                    // sorted is not what it reads.
                    Some(r) if effect_free(r) => {
                        let (a, b, up) = self.comparator(&item, key, false, line)?;
                        let (_, _, down) = self.comparator(&item, key, true, line)?;
                        let (t, p) = self.test(r, false)?;
                        let t = if p <= prec::COND { format!("({t})") } else { t };
                        format!("({a}, {b}) => ({t} ? {down} : {up})")
                    }
                    Some(_) => return decline(line, "`reverse=` with effects"),
                    None => {
                        let reverse = self.reverse_keyword(keywords, line)?;
                        let (a, b, cmp) = self.comparator(&item, key, reverse, line)?;
                        format!("({a}, {b}) => {cmp}")
                    }
                };
                (format!("[...{arr}].sort({cmp})"), prec::MEMBER)
            }
            Builtin::ToBool if self.input.from == Lang::Python => {
                let Some(x) = args.first() else {
                    return decline(line, "`bool`");
                };
                self.test(x, false)?
            }
            Builtin::ToStr
                if self.input.from == Lang::Python
                    && !arg_ty.is_int()
                    && (py_str_float(&arg_ty).is_some()
                        || (arg_ty == Ty::Unknown
                            && args.first().is_some_and(|a| self.ty(a) == Ty::Unknown))) =>
            {
                // A value of unknown type prints as what it is at run
                // time; a float without a fraction prints as an int would
                // (`2` for `2.0`): JavaScript keeps no difference.
                // Python prints `True`, `2.0`, `None`.
                if arg_ty.is_float()
                    && gap::bridge(self.input.from, Lang::JavaScript, Gap::FloatToString)
                        == Bridge::Decline
                {
                    return decline(line, "`str` of a float");
                }
                let name = JsHelper::PyStr.use_in(&mut self.support);
                let x = one(self, prec::ASSIGN)?;
                let float = if arg_ty.is_float() { ", true" } else { "" };
                (format!("{name}({x}{float})"), prec::MEMBER)
            }
            Builtin::Len => {
                let x = one(self, prec::MEMBER)?;
                // Python's `len(None)` raises a TypeError, as reading
                // `.length` or `.size` of `null` throws one.
                let arg_ty = match arg_ty {
                    Ty::Option(inner)
                        if self.input.from == Lang::Python && *inner != Ty::Unknown =>
                    {
                        *inner
                    }
                    other => other,
                };
                match arg_ty {
                    Ty::Dict(..) | Ty::Set(_) => (format!("{x}.size"), prec::MEMBER),
                    Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Str => {
                        (format!("{x}.length"), prec::MEMBER)
                    }
                    // A Python value of a type not known: the helper asks
                    // the value what it is, so it is exact for each.
                    Ty::Unknown if self.input.from == Lang::Python => {
                        self.helper("pyLen", PY_LEN);
                        let x = one(self, prec::ASSIGN)?;
                        (format!("pyLen({x})"), prec::MEMBER)
                    }
                    _ => return decline(line, format!("length of {arg_ty}")),
                }
            }
            Builtin::Abs => (
                format!("Math.abs({})", one(self, prec::ASSIGN)?),
                prec::MEMBER,
            ),
            Builtin::Min | Builtin::Max => {
                let is_max = op == Builtin::Max;
                if args.len() >= 2 {
                    if !args.iter().all(|a| self.ty(a).is_numeric()) {
                        return self.min_max_by_python_order(is_max, args, line);
                    }
                    let f = if is_max { "Math.max" } else { "Math.min" };
                    (format!("{f}({})", self.args(args)?), prec::MEMBER)
                } else {
                    let Some(a) = args.first() else {
                        return decline(line, "`min`/`max`");
                    };
                    // `rsMax`/`rsMin` compare with `>=`/`<=`, which orders
                    // numbers and (BMP) strings as Python does, but tuples
                    // and lists as their text.
                    let item = self.ty(a).item().unwrap_or(Ty::Unknown);
                    if !(item.is_numeric() || matches!(item, Ty::Str | Ty::Char)) {
                        let sequences_or_unknown = matches!(
                            item,
                            Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Unknown
                        );
                        if self.input.from != Lang::Python
                            || !sequences_or_unknown
                            || !keywords.is_empty()
                        {
                            return decline(
                                line,
                                format!("`{}` of items of type {item}", op.spelling()),
                            );
                        }
                        // Python's order (`pyCmp`), the first of equal
                        // items kept; no items throw, as Python raises.
                        self.order_free = true;
                        let arr = self.array_whole(a, line)?;
                        let name = JsHelper::PyCmp.use_in(&mut self.support);
                        let sym = if is_max { ">" } else { "<" };
                        return Ok((
                            format!(
                                "{}.reduce((m, x) => ({name}(x, m) {sym} 0 ? x : m))",
                                paren_member(&arr)
                            ),
                            prec::MEMBER,
                        ));
                    }
                    self.order_free = true;
                    let arr = self.array_whole(a, line)?;
                    let (name, code) = if is_max {
                        ("rsMax", RS_MAX)
                    } else {
                        ("rsMin", RS_MIN)
                    };
                    self.helper(name, code);
                    // Regression: "`max(xs, default=0)` of no items threw,
                    // the default left out": `rsMax` gives `null` for no
                    // items, which no item of a settled number or string
                    // type is.
                    let default = keywords.iter().find(|(k, v)| {
                        k == "default" && !matches!(v.kind, ExprKind::Lit(Lit::None))
                    });
                    match default {
                        Some((_, d)) => {
                            let item = self.ty(a).item().unwrap_or(Ty::Unknown);
                            if !(item.is_numeric() || item == Ty::Str) {
                                return decline(
                                    line,
                                    format!(
                                        "`{}` with a default, of items that may be None",
                                        op.spelling()
                                    ),
                                );
                            }
                            // `??` beside `||` or `&&` needs parentheses.
                            let d = self.expr(d, prec::BIT_OR)?;
                            (format!("{name}({arr}, true) ?? {d}"), prec::OR - 1)
                        }
                        None => (format!("{name}({arr}, {or_null})"), prec::MEMBER),
                    }
                }
            }
            Builtin::Sum => {
                let Some(a) = args.first() else {
                    return decline(line, "`sum`");
                };
                // `+` adds numbers only: Python's `sum(rows, [])` joins
                // lists, where JavaScript's `+` would join their text.
                let item = self.ty(a).item().unwrap_or(Ty::Unknown);
                // `sum(rows, [])` joins lists: one level flattened.
                if let [_, start] = args {
                    if matches!(&start.kind, ExprKind::List(xs) if xs.is_empty())
                        && matches!(item, Ty::List(_))
                    {
                        let arr = self.array_whole(a, line)?;
                        return Ok((format!("{}.flat()", paren_member(&arr)), prec::MEMBER));
                    }
                }
                // A start value other than a number's would be joined to.
                let start = match args {
                    [_] => None,
                    [_, start] if self.ty(start).is_numeric() => Some(start),
                    _ => return decline(line, "`sum` with a start value that is not a number"),
                };
                if item == Ty::Unknown && self.input.from == Lang::Python {
                    // Items whose type only the running program knows:
                    // Python's `+` (`pyAdd`), which raises where Python's
                    // `0 + [..]` does.
                    self.order_free = false;
                    let arr = self.array_whole(a, line)?;
                    let name = JsHelper::PyAdd.use_in(&mut self.support);
                    let zero = match start {
                        Some(s) => self.expr(s, prec::ASSIGN)?,
                        None => "0".to_string(),
                    };
                    return Ok((
                        format!(
                            "{}.reduce((a, b) => {name}(a, b), {zero})",
                            paren_member(&arr)
                        ),
                        prec::MEMBER,
                    ));
                }
                // Bools add as 0 and 1 in both (`0 + true` is 1).
                if !(item.is_numeric() || item == Ty::Bool) {
                    return decline(line, format!("`sum` of items of type {item}"));
                }
                // Float sums depend on the order of their terms.
                self.order_free = self.ty(a).item().is_some_and(|t| t.is_int());
                let arr = self.array_whole(a, line)?;
                let zero = match start {
                    Some(s) => self.expr(s, prec::ASSIGN)?,
                    None if ty.is_float() => "0.0".to_string(),
                    None => "0".to_string(),
                };
                (
                    format!("{}.reduce((a, b) => a + b, {zero})", paren_member(&arr)),
                    prec::MEMBER,
                )
            }
            Builtin::Any | Builtin::All => {
                let Some(a) = args.first() else {
                    return decline(line, "`any`/`all`");
                };
                self.any_all(op == Builtin::Any, a, line)?
            }
            Builtin::Zip if self.rows_of_unknown_type(args).is_some() => {
                let rows = self.rows_of_unknown_type(args).cloned();
                let r = match rows {
                    Some(rows) => self.expr(&rows, prec::ASSIGN)?,
                    None => return decline(line, "`zip(*rows)`"),
                };
                (self.lazy_zip_of_rows(&r), prec::MEMBER)
            }
            Builtin::Zip if args.iter().any(|a| matches!(self.ty(a), Ty::Iter(_))) => {
                (self.lazy_zip(args)?, prec::MEMBER)
            }
            Builtin::Unwrap => {
                let [x] = args else {
                    return decline(line, "`unwrap()`");
                };
                self.helper("rsUnwrap", RS_UNWRAP);
                let x = self.expr(x, prec::ASSIGN)?;
                (format!("rsUnwrap({x})"), prec::MEMBER)
            }
            Builtin::Range | Builtin::Reversed | Builtin::Enumerate | Builtin::Zip => {
                let Some(a) = args.first() else {
                    return decline(line, format!("`{}`", op.spelling()));
                };
                let _ = a;
                let e = Expr {
                    id: args[0].id,
                    kind: ExprKind::Builtin {
                        op,
                        args: args.to_vec(),
                        keywords: Vec::new(),
                    },
                    line,
                };
                (self.array(&e, line)?, prec::MEMBER)
            }
            Builtin::ToList | Builtin::ToTuple => {
                let Some(a) = args.first() else {
                    return decline(line, "`list`");
                };
                let arr = self.array_whole(a, line)?;
                if arr.starts_with('[') || arr.contains("=>") {
                    (arr, prec::MEMBER)
                } else {
                    (format!("[...{arr}]"), prec::ATOM)
                }
            }
            Builtin::Iter if self.input.from == Lang::Python => {
                let [a] = args else {
                    return decline(line, "`iter`");
                };
                (self.iterator(a, line)?, prec::MEMBER)
            }
            Builtin::Next if self.input.from == Lang::Python => {
                let Some(it) = args.first() else {
                    return decline(line, "`next`");
                };
                let it = match self.lazy_generator(it, line)? {
                    Some(g) => g,
                    None if matches!(self.ty(it), Ty::Iter(_)) => self.expr(it, prec::ASSIGN)?,
                    None => return decline(line, format!("`next` of {arg_ty}")),
                };
                self.helper("pyNext", PY_NEXT);
                let rest = match args.get(1) {
                    Some(d) => format!(", {}", self.expr(d, prec::ASSIGN)?),
                    None => String::new(),
                };
                (format!("pyNext({it}{rest})"), prec::MEMBER)
            }
            Builtin::Itertools(tool) if self.input.from == Lang::Python => {
                (self.itertool(tool, args, line)?, prec::MEMBER)
            }
            // A symbol is equal to nothing but itself under every
            // comparison, as `object()` is (an empty object would be
            // equal to another by value, `pyEq`).
            // The pattern is kept in the portable spelling of the regex
            // module; printed with `u`, JavaScript reads code points as
            // Python does.
            Builtin::RegexSplit
            | Builtin::RegexTest
            | Builtin::RegexSub
            | Builtin::RegexFindAll => {
                let call = super::regex_call(op, args, line)?;
                let regex = call.regex;
                let s = self.expr(call.subject, prec::MEMBER)?;
                match (op, call.replacement) {
                    (Builtin::RegexTest, _) => (
                        format!("{}.test({s})", regex.javascript_literal("")),
                        prec::MEMBER,
                    ),
                    (Builtin::RegexSub, Some((repl, all))) => {
                        let flags = if all { "g" } else { "" };
                        (
                            format!(
                                "{s}.replace({}, {})",
                                regex.javascript_literal(flags),
                                js_string(repl)
                            ),
                            prec::MEMBER,
                        )
                    }
                    // `match` with `g` gives null where nothing matches.
                    (Builtin::RegexFindAll, _) => (
                        format!("({s}.match({}) ?? [])", regex.javascript_literal("g")),
                        prec::ATOM,
                    ),
                    _ => (
                        format!("{s}.split({})", regex.javascript_literal("")),
                        prec::MEMBER,
                    ),
                }
            }
            Builtin::Sentinel => ("Symbol(\"object\")".to_string(), prec::MEMBER),
            Builtin::Math(MathFn::Prod) if self.input.from == Lang::Python => {
                (self.math_prod(args, line)?, prec::MEMBER)
            }
            // Numbers, or values whose type `pyLog` checks as Python does.
            Builtin::Math(f @ (MathFn::Log | MathFn::Log2 | MathFn::Log10))
                if self.input.from == Lang::Python
                    && args.iter().all(|a| {
                        let t = self.ty(a);
                        t.is_numeric() || t == Ty::Bool || t == Ty::Unknown
                    }) =>
            {
                let name = match f {
                    MathFn::Log2 => "log2",
                    MathFn::Log10 => "log10",
                    _ => "log",
                };
                let mut parts = vec![format!("\"{name}\"")];
                for a in args {
                    parts.push(self.expr(a, prec::ASSIGN)?);
                }
                self.helper("pyLog", PY_LOG);
                (format!("pyLog({})", parts.join(", ")), prec::MEMBER)
            }
            // Integers only: Python's raise TypeError of a float.
            Builtin::Gcd | Builtin::Math(_)
                if self.input.from == Lang::Python && args.iter().all(|a| self.ty(a).is_int()) =>
            {
                (self.int_math(op, args)?, prec::MEMBER)
            }
            Builtin::Functools(Functool::Reduce) if self.input.from == Lang::Python => {
                (self.reduce(args, line)?, prec::MEMBER)
            }
            Builtin::ToSet | Builtin::ToDict if args.is_empty() => (
                format!("new {}()", self.ctor(op == Builtin::ToSet)),
                prec::MEMBER,
            ),
            // A dict from pairs (or from another dict, whose `Map` iterates
            // its entries).
            Builtin::ToDict if dict_source(&arg_ty) => {
                let a = one(self, prec::ASSIGN)?;
                // Pairs whose keys' type is not known: each key checked as
                // a store's is (a dict's keys were, when it was built).
                if matches!(&arg_ty, Ty::List(pair) if matches!(&**pair, Ty::Tuple(kv) if self.unknown_item(kv[0].clone())))
                {
                    self.helper("pyDictKey", PY_DICT_KEY);
                    let pairs =
                        format!("Array.from({a}, ([key, value]) => [pyDictKey(key), value])");
                    (format!("new Map({pairs})"), prec::MEMBER)
                } else {
                    (format!("new {}({a})", self.ctor(false)), prec::MEMBER)
                }
            }
            Builtin::Bin
                if arg_ty.is_int()
                    || (arg_ty == Ty::Unknown && self.input.from == Lang::Python) =>
            {
                // Python's `bin` takes only integers.
                self.helper("pyBin", PY_BIN);
                (format!("pyBin({})", one(self, prec::ASSIGN)?), prec::MEMBER)
            }
            Builtin::ToSet => {
                let Some(a) = args.first() else {
                    return decline(line, "`set`");
                };
                self.order_free = true;
                let unknown = self.unknown_item(self.ty(a).item().unwrap_or(Ty::Unknown));
                let arr = self.iterable(a, line)?;
                if unknown {
                    self.set_of_unknown_items();
                    (format!("pySetOf({arr})"), prec::MEMBER)
                } else {
                    (format!("new {}({arr})", self.ctor(true)), prec::MEMBER)
                }
            }
            // Python's `ord` of a string not known to hold one character
            // raises on another length, where `codePointAt(0)` reads the
            // first.
            Builtin::Ord if matches!(args, [x] if self.ty(x) != Ty::Char) => {
                self.helper("pyOrd", PY_ORD);
                (format!("pyOrd({})", one(self, prec::ASSIGN)?), prec::MEMBER)
            }
            Builtin::Ord => (
                format!("{}.codePointAt(0)", one(self, prec::MEMBER)?),
                prec::MEMBER,
            ),
            Builtin::AsInt => {
                let Some((x, bits, signed)) = super::python::wrap_args(args) else {
                    return decline(line, "`as` of an int");
                };
                if self.ty(x).is_float() {
                    let (lo, hi) = super::python::int_bounds(bits, signed);
                    let Bridge::Helper("rsAsInt") =
                        gap::bridge(self.input.from, Lang::JavaScript, Gap::FloatToInt)
                    else {
                        return decline(line, "an int from a float");
                    };
                    self.helper("rsAsInt", RS_AS_INT);
                    let v = self.expr(x, prec::ASSIGN)?;
                    return Ok((format!("rsAsInt({v}, {lo}, {hi})"), prec::MEMBER));
                }
                let fits = super::python::fits_when_non_negative(&self.ty(x), bits, signed);
                if fits && self.facts.holds(x, self.input.types) {
                    return self.expr_p(x);
                }
                let v = self.expr(x, prec::SHIFT)?;
                match (bits, signed) {
                    (32, true) => (format!("{v} | 0"), prec::BIT_OR),
                    (32, false) => (format!("{v} >>> 0"), prec::SHIFT),
                    (8 | 16, false) => (format!("{v} & {}", (1u32 << bits) - 1), prec::BIT_AND),
                    (8 | 16, true) => {
                        let k = 32 - bits;
                        (format!("{v} << {k} >> {k}"), prec::SHIFT)
                    }
                    // Within the ±2^53 a number holds exactly, every value
                    // fits a 64-bit signed type; a negative one cast to an
                    // unsigned type would be 2^64 or more, which is past
                    // it: `rsUnsigned` throws for it rather than give a
                    // wrong number.
                    (_, true) => return self.expr_p(x),
                    (_, false) => {
                        self.helper("rsUnsigned", RS_UNSIGNED);
                        (format!("rsUnsigned({})", self.expr(x, 0)?), prec::MEMBER)
                    }
                }
            }
            Builtin::Chr => (
                format!("String.fromCodePoint({})", one(self, prec::ASSIGN)?),
                prec::MEMBER,
            ),
            Builtin::ToInt => match arg_ty {
                Ty::Str | Ty::Char => {
                    let (name, code) =
                        match gap::bridge(self.input.from, Lang::JavaScript, Gap::ParseInt) {
                            Bridge::Helper("pyInt") => ("pyInt", PY_INT),
                            Bridge::Helper("rsParseInt") => ("rsParseInt", RS_PARSE_INT),
                            _ => return decline(line, "reading an integer from a string"),
                        };
                    self.helper(name, code);
                    (
                        format!("{name}({})", one(self, prec::ASSIGN)?),
                        prec::MEMBER,
                    )
                }
                // `int()` of an `int | float` truncates a float and keeps
                // an int; NaN and the infinities raise in Python.
                Ty::Float(_) | Ty::Number { integral: false }
                    if self.input.from == Lang::Python =>
                {
                    self.helper("pyIntOf", PY_INT_OF);
                    (
                        format!("pyIntOf(Math.trunc({}))", one(self, prec::ASSIGN)?),
                        prec::MEMBER,
                    )
                }
                Ty::Float(_) => (
                    format!("Math.trunc({})", one(self, prec::ASSIGN)?),
                    prec::MEMBER,
                ),
                Ty::Bool => (
                    format!("Number({})", one(self, prec::ASSIGN)?),
                    prec::MEMBER,
                ),
                t if t.is_int() => return self.expr_p(&args[0]),
                _ => return decline(line, format!("conversion of {arg_ty} to an integer")),
            },
            Builtin::ToFloat if arg_ty.is_numeric() => return self.expr_p(&args[0]),
            Builtin::ToStr if arg_ty.is_int() => (
                format!("String({})", one(self, prec::ASSIGN)?),
                prec::MEMBER,
            ),
            Builtin::ToStr if matches!(arg_ty, Ty::Str | Ty::Char) => return self.expr_p(&args[0]),
            // Python's `math.sqrt` of a negative number raises, where
            // JavaScript's gives NaN (regression: the IR path wrote
            // `Math.sqrt` for Python's).
            Builtin::Sqrt if self.input.from == Lang::Python => {
                let name = JsHelper::PyMath.use_in(&mut self.support);
                (
                    format!("{name}(Math.sqrt, {})", one(self, prec::ASSIGN)?),
                    prec::MEMBER,
                )
            }
            Builtin::Sqrt => (
                format!("Math.sqrt({})", one(self, prec::ASSIGN)?),
                prec::MEMBER,
            ),
            Builtin::Random => ("Math.random()".to_string(), prec::MEMBER),
            // Python's `math.floor`, `math.ceil` and `round()` of a float
            // raise on NaN and the infinities, where JavaScript's give them
            // back; of an int they give it.
            Builtin::Floor | Builtin::Ceil | Builtin::Round
                if self.input.from == Lang::Python && arg_ty.is_int() && args.len() == 1 =>
            {
                return self.expr_p(&args[0])
            }
            Builtin::Floor | Builtin::Ceil
                if self.input.from == Lang::Python && arg_ty.is_float() =>
            {
                self.helper("pyIntOf", PY_INT_OF);
                let f = if op == Builtin::Floor {
                    "floor"
                } else {
                    "ceil"
                };
                (
                    format!("pyIntOf(Math.{f}({}))", one(self, prec::ASSIGN)?),
                    prec::MEMBER,
                )
            }
            // Halves to even, as Python rounds (`Math.round` rounds them up).
            Builtin::Round if arg_ty.is_float() && args.len() == 1 => {
                self.helper("pyIntOf", PY_INT_OF);
                self.helper("pyRound", PY_ROUND);
                (
                    format!("pyRound({})", one(self, prec::ASSIGN)?),
                    prec::MEMBER,
                )
            }
            Builtin::DivMod if args.len() == 2 && args.iter().all(|a| self.ty(a).is_int()) => {
                self.helper("pyDivmod", PY_DIVMOD);
                (format!("pyDivmod({})", self.args(args)?), prec::MEMBER)
            }
            Builtin::Floor => (
                format!("Math.floor({})", one(self, prec::ASSIGN)?),
                prec::MEMBER,
            ),
            Builtin::IsInstance if self.input.from == Lang::Python => {
                return self.isinstance(args, line)
            }
            // A Rust `From` dispatcher's test of a value's kind (see
            // `front::rust::conversions`).
            Builtin::IsInstance if self.input.from == Lang::Rust => {
                let [x, kind] = args else {
                    return decline(line, "`isinstance`");
                };
                let ExprKind::Lit(Lit::Str(kind)) = &kind.kind else {
                    return decline(line, "`isinstance`");
                };
                let v = self.expr(x, prec::UNARY)?;
                let test = match kind.as_str() {
                    "bool" => format!("typeof {v} === \"boolean\""),
                    "number" => format!("typeof {v} === \"number\""),
                    "str" => format!("typeof {v} === \"string\""),
                    "sequence" => format!("Array.isArray({v})"),
                    k => match k.strip_prefix("class:") {
                        Some(c) => format!("{v} instanceof {c}"),
                        None => return decline(line, format!("`isinstance` of `{k}`")),
                    },
                };
                (test, prec::EQ)
            }
            Builtin::Ceil => (
                format!("Math.ceil({})", one(self, prec::ASSIGN)?),
                prec::MEMBER,
            ),
            other => return decline(line, format!("`{}` of {arg_ty}", other.spelling())),
        })
    }

    /// Python's `isinstance` of built-in types, by what JavaScript keeps of
    /// them: a bool is an int too; an int is a number without a fraction
    /// (JavaScript keeps no float `3.0` apart from the int `3`, so
    /// `float` alone, and `list` apart from `tuple`, are declined).
    fn isinstance(&mut self, args: &[Expr], line: usize) -> Res<(String, u8)> {
        let [x, names] = args else {
            return decline(line, "`isinstance()`");
        };
        let ExprKind::Lit(Lit::Str(names)) = &names.kind else {
            return decline(line, "`isinstance()`");
        };
        let names: Vec<&str> = names.split(',').collect();
        let v = self.expr(x, prec::UNARY)?;
        let number = names.contains(&"int") && names.contains(&"float");
        let mut tests = Vec::new();
        if number {
            tests.push(format!("typeof {v} === \"number\""));
        }
        for n in &names {
            tests.push(match *n {
                "int" | "float" if number => continue,
                "int" => format!("Number.isInteger({v})"),
                "bool" if names.contains(&"int") => continue,
                "bool" => format!("typeof {v} === \"boolean\""),
                "str" => format!("typeof {v} === \"string\""),
                "dict" => format!("{v} instanceof Map"),
                "set" => format!("{v} instanceof Set"),
                other => return decline(line, format!("`isinstance()` of `{other}`")),
            });
        }
        if names.contains(&"int") {
            tests.push(format!("typeof {v} === \"boolean\""));
        }
        // Each test reads the value again.
        if tests.len() > 1 && !is_pure(x) {
            return decline(line, "`isinstance()` of a computed value");
        }
        Ok(match tests.as_slice() {
            [one] => (one.clone(), prec::EQ),
            _ => (tests.join(" || "), prec::OR),
        })
    }

    /// A `reverse=` keyword: a literal `True` or `False`.
    fn reverse_keyword(&self, keywords: &[(String, Expr)], line: usize) -> Res<bool> {
        match keywords
            .iter()
            .find(|(k, _)| k == "reverse")
            .map(|(_, v)| &v.kind)
        {
            None => Ok(false),
            Some(ExprKind::Lit(Lit::Bool(b))) => Ok(*b),
            Some(_) => decline(line, "`reverse=` that is not a literal"),
        }
    }

    /// A comparator for `sort`: its two parameter names and its body, which
    /// orders values of type `item` (by `key`, a one-parameter lambda, when
    /// given) as Python's `sorted` does, descending when `reverse` (a
    /// stable sort by the reversed order keeps equal items in their order,
    /// as Python's `reverse=True` does).
    fn comparator(
        &mut self,
        item: &Ty,
        key: Option<&Expr>,
        reverse: bool,
        line: usize,
    ) -> Res<(String, String, String)> {
        let taken: HashSet<String> = self.names.values().cloned().collect();
        let fresh = |base: &str| -> String {
            std::iter::once(base.to_string())
                .chain((2..).map(|k| format!("{base}{k}")))
                .find(|c| !taken.contains(c))
                .unwrap_or_else(|| base.to_string())
        };
        let (a, b) = (fresh("a"), fresh("b"));
        let (ka, kb, kty) = match key {
            None => (a.clone(), b.clone(), item.clone()),
            Some(Expr {
                kind: ExprKind::Lambda { params, body },
                ..
            }) if params.len() == 1 => {
                // The key's body, once with each parameter in place of the
                // lambda's.
                let param = params[0].0.clone();
                let saved = self.names.get(&param).cloned();
                self.names.insert(param.clone(), a.clone());
                let ka = self.expr(body, prec::ADD + 1);
                self.names.insert(param.clone(), b.clone());
                let kb = self.expr(body, prec::ADD + 1);
                match saved {
                    Some(n) => self.names.insert(param, n),
                    None => self.names.remove(&param),
                };
                (ka?, kb?, self.ty(body))
            }
            Some(_) => return decline(line, "a `key=` that is not a one-parameter lambda"),
        };
        let (ka, kb) = if reverse { (kb, ka) } else { (ka, kb) };
        let cmp = if kty.is_numeric() {
            format!("{ka} - {kb}")
        } else if matches!(kty, Ty::Str | Ty::Char) {
            // Code point order, the same as UTF-16 order in the BMP.
            format!("({ka} < {kb} ? -1 : {ka} > {kb} ? 1 : 0)")
        } else if matches!(kty, Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Bool)
            || (kty == Ty::Unknown && self.input.from == Lang::Python)
        {
            // The helper orders numbers, strings, and lists and tuples
            // element by element: every kind of key Python's sort orders
            // (it raises on the others), so also a key whose type the
            // analysis did not settle.
            let name = JsHelper::PyCmp.use_in(&mut self.support);
            format!("{name}({ka}, {kb})")
        } else {
            return decline(line, format!("sorting by a {kty}"));
        };
        Ok((a, b, cmp))
    }

    /// `any(..)`/`all(..)` over a comprehension: `some`/`every`.
    fn any_all(&mut self, any: bool, a: &Expr, line: usize) -> Res<(String, u8)> {
        let method = if any { "some" } else { "every" };
        if let ExprKind::Comprehension {
            elt,
            clauses,
            value: None,
            ..
        } = &a.kind
        {
            if let [clause] = clauses.as_slice() {
                // Whether some (every) item passes does not depend on
                // their order.
                self.order_free = true;
                let base = self.array(&clause.iter, line)?;
                let param = self.arrow_param(&clause.target, line)?;
                let test = self.expr(elt, prec::AND + 1)?;
                let body = if clause.conditions.is_empty() {
                    test
                } else {
                    let conds: Res<Vec<String>> = clause
                        .conditions
                        .iter()
                        .map(|c| self.expr(c, prec::AND + 1))
                        .collect();
                    let conds = conds?.join(" && ");
                    if any {
                        format!("{conds} && {test}")
                    } else {
                        format!("!({conds}) || {test}")
                    }
                };
                // Items unpacked as Python does (see `unpack_count`), each
                // when the test reaches it: `some` and `every` stop early,
                // as `any` and `all` do. (`$x` is no Python name.)
                let item = self.ty(&clause.iter).item().unwrap_or(Ty::Unknown);
                let callback = match self.unpack_count(&clause.target, &item) {
                    Some(n) => {
                        self.helper("pyUnpack", PY_UNPACK);
                        format!("($x) => (({param}) => {body})(pyUnpack($x, {n}))")
                    }
                    None => format!("({param}) => {body}"),
                };
                return Ok((
                    format!("{}.{method}({callback})", paren_member(&base)),
                    prec::MEMBER,
                ));
            }
        }
        self.order_free = true;
        let arr = self.array(a, line)?;
        Ok((
            format!("{}.{method}((x) => x)", paren_member(&arr)),
            prec::MEMBER,
        ))
    }

    fn method(
        &mut self,
        recv: &Expr,
        method: Method,
        args: &[Expr],
        ty: &Ty,
        line: usize,
    ) -> Res<(String, u8)> {
        let mut rt = self.ty(recv);
        if rt == Ty::Unknown && self.input.from == Lang::Python {
            // A method only one built-in type has: the receiver is of that
            // type on every input Python accepts (it raises on others).
            if let Some(t @ Ty::Str) = crate::engine::rules::analysis::usage::receiver_type(method)
            {
                rt = t;
            }
        }
        if matches!(rt, Ty::Str | Ty::Char) {
            if let Some(out) = self.str_method(recv, method, args, line)? {
                return Ok(out);
            }
        }
        // A method named like a built-in type's of an object known to be
        // of a class (`stack.pop()`, `tree.insert(x)`): the class's, as
        // Python finds it on the object (a `del` of an item, which would be
        // the class's `__delitem__`, is not a method call).
        if matches!(rt, Ty::Class(_))
            && self.input.from == Lang::Python
            && Method::from_python(method.python_name()) == Some(method)
        {
            let r = self.object(recv, line)?;
            let m = method_name(method.python_name(), line)?;
            return Ok((format!("{r}.{m}({})", self.args(args)?), prec::MEMBER));
        }
        let r = self.expr(recv, prec::MEMBER)?;
        let a = self.args(args)?;
        let call = |m: &str| (format!("{r}.{m}({a})"), prec::MEMBER);
        Ok(match (method, &rt) {
            (Method::Append, Ty::List(_)) => call("push"),
            (Method::Extend, Ty::List(_)) => {
                let Some(x) = args.first() else {
                    return decline(line, "`extend`");
                };
                let x = self.expr(x, prec::ASSIGN)?;
                (format!("{r}.push(...{x})"), prec::MEMBER)
            }
            (Method::Insert, Ty::List(_)) => match args {
                // Rust's `insert` past the end panics, where `splice`
                // appends.
                [i, x] if self.input.from == Lang::Rust && !super::insert_in_range(recv, i) => {
                    if !matches!(recv.kind, ExprKind::Name(_)) {
                        return decline(line, "`insert` into a computed list");
                    }
                    let (i, x) = (self.expr(i, prec::ASSIGN)?, self.expr(x, prec::ASSIGN)?);
                    self.helper("rsInsertAt", RS_INSERT_AT);
                    (
                        format!("{r}.splice(rsInsertAt({r}, {i}), 0, {x})"),
                        prec::MEMBER,
                    )
                }
                [i, x] => {
                    let (i, x) = (self.expr(i, prec::ASSIGN)?, self.expr(x, prec::ASSIGN)?);
                    (format!("{r}.splice({i}, 0, {x})"), prec::MEMBER)
                }
                _ => return decline(line, "`insert`"),
            },
            (Method::Pop | Method::DelItem, Ty::List(_)) => match args {
                [] => {
                    // The list is read twice: a name, or an attribute of one
                    // (`self.items`).
                    let read_twice = match &recv.kind {
                        ExprKind::Name(_) => true,
                        ExprKind::Attr { value, .. } => matches!(value.kind, ExprKind::Name(_)),
                        _ => false,
                    };
                    if !read_twice {
                        return decline(line, "`pop` of a computed list");
                    }
                    self.helper("rsAt", RS_AT);
                    // `rsAt` checks the list is not empty before `pop`.
                    let r2 = self.expr(recv, prec::ASSIGN)?;
                    (
                        format!("(rsAt({r2}, {r2}.length - 1), {r}.pop())"),
                        prec::ATOM,
                    )
                }
                [i] => {
                    if !matches!(recv.kind, ExprKind::Name(_)) {
                        return decline(line, "`remove` from a computed list");
                    }
                    let i = self.expr(i, prec::ASSIGN)?;
                    // Regression: "Python's `xs.pop(-1)` raised": a
                    // negative position counts from the end in Python.
                    if self.input.from == Lang::Python {
                        self.helper("pyStoreAt", PY_STORE_AT);
                        (
                            format!("{r}.splice(pyStoreAt({r}, {i}), 1)[0]"),
                            prec::MEMBER,
                        )
                    } else {
                        self.helper("rsIndex", RS_INDEX);
                        (format!("{r}.splice(rsIndex({r}, {i}), 1)[0]"), prec::MEMBER)
                    }
                }
                _ => return decline(line, "`pop`"),
            },
            (Method::Sort, Ty::List(t))
                if args.is_empty() && !t.is_numeric() && !matches!(**t, Ty::Str | Ty::Char) =>
            {
                let (a, b, cmp) = self.comparator(t, None, false, line)?;
                (format!("{r}.sort(({a}, {b}) => {cmp})"), prec::MEMBER)
            }
            (Method::Sort, Ty::List(t)) if t.is_numeric() => {
                (format!("{r}.sort((a, b) => a - b)"), prec::MEMBER)
            }
            (Method::Sort, Ty::List(t)) if matches!(**t, Ty::Str | Ty::Char) => {
                // Rust orders strings by code point; JavaScript's default
                // sort by UTF-16 unit, the same in the BMP.
                (
                    format!("{r}.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))"),
                    prec::MEMBER,
                )
            }
            (Method::Reverse, Ty::List(_)) => call("reverse"),
            (Method::Copy, Ty::List(_)) => (format!("[...{r}]"), prec::ATOM),
            (Method::Copy, Ty::Dict(..) | Ty::Set(_)) => (
                format!("new {}({r})", self.ctor(matches!(rt, Ty::Set(_)))),
                prec::MEMBER,
            ),
            (Method::Copy, Ty::Str | Ty::Tuple(_) | Ty::TupleOf(_)) => return self.expr_p(recv),
            // A tuple looked up in a dict of other keys would be compared
            // by identity; a dict of tuple keys is a `PyKeyedMap`.
            (Method::Get, Ty::Dict(key, _))
                if args.first().is_some_and(|k| {
                    compound_key(&Ty::Set(Box::new(self.ty(k)))).is_some()
                        && !(hashable_tuple(key) && self.input.from == Lang::Python)
                }) =>
            {
                let k = args.first().map(|k| self.ty(k)).unwrap_or(Ty::Unknown);
                return decline(line, format!("dict key of type {k}"));
            }
            (Method::Get, Ty::Dict(..)) => match args {
                [k] => {
                    let k = self.expr(k, prec::ASSIGN)?;
                    (format!("{r}.get({k}) ?? null"), 4)
                }
                [k, d] => {
                    let k = self.expr(k, prec::ASSIGN)?;
                    // Regression: "`d.get(k, a or b)` wrote `?? a || b`, a
                    // SyntaxError": `??` beside `||` or `&&` needs
                    // parentheses.
                    let d = self.expr(d, prec::BIT_OR)?;
                    (format!("{r}.get({k}) ?? {d}"), 4)
                }
                _ => return decline(line, "`get`"),
            },
            (Method::Pop | Method::DelItem, Ty::Dict(key, _))
                if args.first().is_some_and(|k| {
                    compound_key(&Ty::Set(Box::new(self.ty(k)))).is_some()
                        && !(hashable_tuple(key) && self.input.from == Lang::Python)
                }) =>
            {
                let k = args.first().map(|k| self.ty(k)).unwrap_or(Ty::Unknown);
                return decline(line, format!("dict key of type {k}"));
            }
            // `clear()` gives `None`.
            (Method::Clear, Ty::List(_)) if args.is_empty() => {
                (format!("({r}.splice(0), null)"), prec::ATOM)
            }
            (Method::Clear, Ty::Dict(..) | Ty::Set(_)) if args.is_empty() => {
                (format!("({r}.clear(), null)"), prec::ATOM)
            }
            // Sets of items a `Set` tells apart as Python's `==` does.
            (Method::IsSubset, Ty::Set(item))
                if args.len() == 1
                    && match (&**item, self.ty(&args[0])) {
                        (Ty::Str | Ty::Char, Ty::Set(o)) => matches!(*o, Ty::Str | Ty::Char),
                        (Ty::Int(_), Ty::Set(o)) => o.is_int(),
                        _ => false,
                    } =>
            {
                self.helper("pyIsSubset", PY_IS_SUBSET);
                let r = self.expr(recv, prec::ASSIGN)?;
                (format!("pyIsSubset({r}, {a})"), prec::MEMBER)
            }
            // A set of strings against any iterable: a string equals only
            // a string in both languages, so a `Set` of the other's items
            // (`pyIterOf`: a dict's keys) answers as Python's.
            (Method::IsSubset, Ty::Set(item))
                if self.input.from == Lang::Python
                    && args.len() == 1
                    && matches!(**item, Ty::Str | Ty::Char) =>
            {
                self.helper("pyIterOf", PY_ITER_OF);
                self.helper("pyIsSubset", PY_IS_SUBSET);
                let r = self.expr(recv, prec::ASSIGN)?;
                (
                    format!("pyIsSubset({r}, new Set(pyIterOf({a})))"),
                    prec::MEMBER,
                )
            }
            // `discard` and `update` of a set of strings or numbers by
            // values of the same kind, which a `Set` tells apart as
            // Python's `==` does (a bool, equal to 0 or 1 in Python, is not).
            (Method::Discard, Ty::Set(item))
                if self.input.from == Lang::Python
                    && args.len() == 1
                    && same_primitive(item, &self.ty(&args[0])) =>
            {
                (format!("({r}.delete({a}), null)"), prec::ATOM)
            }
            (Method::Update, Ty::Set(item))
                if self.input.from == Lang::Python
                    && !args.is_empty()
                    && args.iter().all(|x| {
                        let t = self.ty(x);
                        !matches!(t, Ty::Unknown)
                            && t.item().is_some_and(|i| same_primitive(item, &i))
                    }) =>
            {
                self.helper("pyIterOf", PY_ITER_OF);
                self.helper("pySetUpdate", PY_SET_UPDATE);
                (format!("pySetUpdate({r}, {a})"), prec::MEMBER)
            }
            // `heapq` of a list whose items JavaScript orders as Python
            // does (`pyHeap`, CPython's algorithm: the same comparisons, so
            // the same list after each call).
            (
                Method::HeapPush
                | Method::HeapPop
                | Method::Heapify
                | Method::HeapPushPop
                | Method::HeapReplace,
                Ty::List(item),
            ) if self.input.from == Lang::Python && heap_orderable(item) => {
                let f = match method {
                    Method::HeapPush => "push",
                    Method::HeapPop => "pop",
                    Method::Heapify => "heapify",
                    Method::HeapPushPop => "pushpop",
                    _ => "replace",
                };
                self.helper("pyHeap", PY_HEAP);
                let r = self.expr(recv, prec::ASSIGN)?;
                let rest = if args.is_empty() {
                    String::new()
                } else {
                    format!(", {a}")
                };
                (format!("pyHeap.{f}({r}{rest})"), prec::MEMBER)
            }
            // `bisect` of a sorted list of such items, by the same
            // comparisons as CPython's (`lo`, `hi` ints; a negative `lo`
            // raises ValueError).
            (
                Method::BisectLeft | Method::BisectRight | Method::InsortLeft | Method::InsortRight,
                Ty::List(item),
            ) if self.input.from == Lang::Python
                && heap_orderable(item)
                && args.first().is_some_and(|x| heap_orderable(&self.ty(x)))
                && args[1..].iter().all(|b| self.ty(b).is_int()) =>
            {
                let f = match method {
                    Method::BisectLeft => "left",
                    Method::BisectRight => "right",
                    Method::InsortLeft => "insortLeft",
                    _ => "insortRight",
                };
                self.helper("pyBisect", PY_BISECT);
                let r = self.expr(recv, prec::ASSIGN)?;
                (format!("pyBisect.{f}({r}, {a})"), prec::MEMBER)
            }
            (Method::IsInteger, Ty::Float(_)) if args.is_empty() => {
                let r = self.expr(recv, prec::ASSIGN)?;
                (format!("Number.isInteger({r})"), prec::MEMBER)
            }
            (Method::DelItem, Ty::Dict(..)) if args.len() == 1 => {
                self.helper("pyDictPop", PY_DICT_POP);
                let r = self.expr(recv, prec::ASSIGN)?;
                (format!("pyDictPop({r}, {a})"), prec::MEMBER)
            }
            (Method::Pop, Ty::Dict(..)) if (1..=2).contains(&args.len()) => {
                self.helper("pyDictPop", PY_DICT_POP);
                let r = self.expr(recv, prec::ASSIGN)?;
                (format!("pyDictPop({r}, {a})"), prec::MEMBER)
            }
            (Method::Add, Ty::Set(_))
                if args.first().is_some_and(|x| self.unknown_item(self.ty(x))) =>
            {
                self.helper("pyHashable", PY_HASHABLE);
                let x = self.args(args)?;
                (format!("{r}.add(...pyHashable([{x}]))"), prec::MEMBER)
            }
            (Method::Add, Ty::Set(_)) => call("add"),
            (Method::Update, Ty::Dict(..)) if args.len() == 1 => {
                self.helper("pyIterOf", PY_ITER_OF);
                self.helper("pyUnpack", PY_UNPACK);
                self.helper("pyDictKey", PY_DICT_KEY);
                self.helper("pyDictUpdate", PY_DICT_UPDATE);
                (format!("pyDictUpdate({r}, {a})"), prec::ATOM)
            }
            (Method::Upper, Ty::Str | Ty::Char) => call("toUpperCase"),
            // `a`-`z` only: `toUpperCase` would change `é` too.
            (Method::AsciiUpper, Ty::Str | Ty::Char) => (
                format!("{r}.replace(/[a-z]+/g, (m) => m.toUpperCase())"),
                prec::MEMBER,
            ),
            (Method::AsciiLower, Ty::Str | Ty::Char) => (
                format!("{r}.replace(/[A-Z]+/g, (m) => m.toLowerCase())"),
                prec::MEMBER,
            ),
            (Method::Lower, Ty::Str | Ty::Char) => call("toLowerCase"),
            // Python's `strip(chars)` takes the characters to strip;
            // `trim` takes none.
            (Method::Strip | Method::LStrip | Method::RStrip, _) if !args.is_empty() => {
                return decline(
                    line,
                    format!("`{}` of given characters", method.python_name()),
                )
            }
            (Method::Strip, Ty::Str) => call("trim"),
            (Method::LStrip, Ty::Str) => call("trimStart"),
            (Method::RStrip, Ty::Str) => call("trimEnd"),
            (Method::Split | Method::Find, _) if args.len() > 1 => {
                return decline(
                    line,
                    format!("`{}` with a count or bounds", method.python_name()),
                )
            }
            (Method::Find, Ty::Str) => call("indexOf"),
            // The last place of a substring (`rfind(sub)`, one argument).
            (Method::RFind, Ty::Str) if args.len() == 1 => call("lastIndexOf"),
            (Method::Count, Ty::Str) => match args {
                [sub @ Expr {
                    kind: ExprKind::Lit(Lit::Str(lit)),
                    ..
                }] if !lit.is_empty() => {
                    // Non-overlapping occurrences, as Python counts them.
                    let sub = self.expr(sub, prec::ASSIGN)?;
                    (format!("{r}.split({sub}).length - 1"), prec::ADD)
                }
                _ => return decline(line, "`count` of a string that is not a literal"),
            },
            (Method::Count, Ty::List(t))
                if (t.is_numeric() || matches!(**t, Ty::Str | Ty::Char | Ty::Bool))
                    && args.len() == 1 =>
            {
                let x = self.expr(&args[0], prec::EQ + 1)?;
                if !is_pure(&args[0]) {
                    return decline(line, "`count` of a computed value");
                }
                (format!("{r}.filter((v) => v === {x}).length"), prec::MEMBER)
            }
            (Method::Split, Ty::Str) if args.is_empty() => (
                format!("{r}.split(/\\s+/).filter((w) => w.length > 0)"),
                prec::MEMBER,
            ),
            (Method::Split, Ty::Str) => call("split"),
            (Method::RustLines, Ty::Str) if args.is_empty() => {
                self.helper("rsLines", RS_LINES);
                (format!("rsLines({r})"), prec::ATOM)
            }
            (Method::RustSplitWhitespace | Method::RustSplitAsciiWhitespace, Ty::Str)
                if args.is_empty() =>
            {
                self.helper("rsSplitWhitespace", RS_SPLIT_WHITESPACE);
                let ascii = if method == Method::RustSplitAsciiWhitespace {
                    ", true"
                } else {
                    ""
                };
                (format!("rsSplitWhitespace({r}{ascii})"), prec::ATOM)
            }
            (Method::StartsWith, Ty::Str) => call("startsWith"),
            // Python pads to `n` characters with one fill character;
            // `padEnd`/`padStart` count UTF-16 units (the same within the
            // Basic Multilingual Plane, as assumed) and would repeat a
            // longer fill, so the fill must be a one-character literal and
            // the width an int.
            (Method::LJust | Method::RJust, Ty::Str)
                if matches!(args.len(), 1 | 2)
                    && self.ty(&args[0]).is_int()
                    && args.get(1).is_none_or(
                        |f| matches!(&f.kind, ExprKind::Lit(Lit::Str(c)) if c.chars().count() == 1),
                    ) =>
            {
                call(if method == Method::LJust {
                    "padEnd"
                } else {
                    "padStart"
                })
            }
            (Method::EndsWith, Ty::Str) => call("endsWith"),
            (Method::Join, Ty::Str) => {
                let Some(xs) = args.first() else {
                    return decline(line, "`join`");
                };
                let arr = self.array(xs, line)?;
                (format!("{}.join({r})", paren_member(&arr)), prec::MEMBER)
            }
            // Python's `index` raises ValueError: `pyIndex` below.
            (Method::Index, Ty::List(t))
                if self.input.from != Lang::Python
                    && (t.is_numeric() || matches!(**t, Ty::Str | Ty::Char | Ty::Bool)) =>
            {
                self.helper("rsIndexOf", RS_INDEX_OF);
                (format!("rsIndexOf({r}, {a})"), prec::MEMBER)
            }
            // `index` of a list, tuple or string whose items' types are not
            // known, and `remove` from a list (or a set) of any items: the
            // helpers compare as Python's `==` does and raise where Python
            // raises (the value is not there).
            (
                Method::Index,
                Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) | Ty::Str | Ty::Unknown,
            ) if self.input.from == Lang::Python && args.len() == 1 => {
                JsHelper::PyEq.use_in(&mut self.support);
                self.helper("pyIndex", PY_INDEX);
                let r = self.expr(recv, prec::ASSIGN)?;
                (format!("pyIndex({r}, {a})"), prec::MEMBER)
            }
            (Method::Remove, Ty::List(_) | Ty::Set(_) | Ty::Unknown)
                if self.input.from == Lang::Python && args.len() == 1 =>
            {
                JsHelper::PyEq.use_in(&mut self.support);
                self.helper("pyRemove", PY_REMOVE);
                let r = self.expr(recv, prec::ASSIGN)?;
                (format!("pyRemove({r}, {a})"), prec::MEMBER)
            }
            _ => {
                return decline(
                    line,
                    format!("`{}` of {rt} giving {ty}", method.python_name()),
                )
            }
        })
    }

    /// A template literal.
    fn format(&mut self, parts: &[FormatPart], line: usize) -> Res<String> {
        let mut s = String::from("`");
        for p in parts {
            match p {
                FormatPart::Text(t) => {
                    s.push_str(
                        &t.replace('\\', "\\\\")
                            .replace('`', "\\`")
                            .replace("${", "\\${"),
                    );
                }
                FormatPart::Value { expr, spec } => {
                    let ty = self.printed_ty(expr);
                    if self.input.from == Lang::Python && spec.is_none() {
                        // A template literal prints integers and strings
                        // as `str()` does; booleans, floats and `None` go
                        // through Python's `str()`.
                        if ty.is_int() || matches!(ty, Ty::Str | Ty::Char) {
                            let v = self.expr(expr, 0)?;
                            s.push_str(&format!("${{{v}}}"));
                            continue;
                        }
                        // A value of unknown type prints as `str()` of it
                        // does (an int to a power of unknown sign, an int
                        // or a float, stays declined).
                        let unknown = ty == Ty::Unknown && self.ty(expr) == Ty::Unknown;
                        let Some(float) = py_str_float(&ty).or(unknown.then_some(false)) else {
                            return decline(line, format!("a {ty} in a format string"));
                        };
                        if float
                            && gap::bridge(self.input.from, Lang::JavaScript, Gap::FloatToString)
                                == Bridge::Decline
                        {
                            return decline(line, "a float in a format string");
                        }
                        let name = JsHelper::PyStr.use_in(&mut self.support);
                        let v = self.expr(expr, prec::ASSIGN)?;
                        let float = if float { ", true" } else { "" };
                        s.push_str(&format!("${{{name}({v}{float})}}"));
                        continue;
                    }
                    if ty.is_float() {
                        return decline(
                            line,
                            match spec {
                                Some(sp) => format!("format specification `:{sp}` of a float"),
                                None => "a float in a format string".to_string(),
                            },
                        );
                    }
                    match spec.as_deref() {
                        None => {
                            let v = self.expr(expr, 0)?;
                            s.push_str(&format!("${{{v}}}"));
                        }
                        Some(sp @ ("b" | "o" | "x" | "X")) => {
                            let radix = match sp {
                                "b" => 2,
                                "o" => 8,
                                _ => 16,
                            };
                            let v = self.expr(expr, prec::SHIFT + 1)?;
                            // Rust prints a negative number's two's
                            // complement at its width.
                            let value = match ty {
                                Ty::Int(IntTy::I32) => format!("({v} >>> 0)"),
                                Ty::Int(
                                    IntTy::U8 | IntTy::U16 | IntTy::U32 | IntTy::Usize | IntTy::U64,
                                ) => self.expr(expr, prec::MEMBER)?,
                                _ => return decline(line, format!("`{{:{sp}}}` of {ty}")),
                            };
                            let upper = if sp == "X" { ".toUpperCase()" } else { "" };
                            s.push_str(&format!("${{{value}.toString({radix}){upper}}}"));
                        }
                        Some(sp) => return decline(line, format!("format specification `{sp}`")),
                    }
                }
            }
        }
        s.push('`');
        Ok(s)
    }
}

/// Whether `dict(x)` of a value of type `ty` is `new Map(x)`: a dict, or
/// a list of pairs.
fn dict_source(ty: &Ty) -> bool {
    match ty {
        Ty::Dict(..) => true,
        Ty::List(item) => matches!(&**item, Ty::Tuple(ts) if ts.len() == 2),
        _ => false,
    }
}

/// Whether evaluating `e` twice gives the same value as once and changes
/// nothing: names, literals, operators, and built-in functions and methods
/// that do not change their receiver (a comparison chain's middle operand
/// is evaluated once in the source, twice in the `&&` it becomes).
fn effect_free(e: &Expr) -> bool {
    let here = match &e.kind {
        ExprKind::Call { .. }
        | ExprKind::Lambda { .. }
        | ExprKind::Comprehension { .. }
        | ExprKind::AssignName { .. } => false,
        ExprKind::Method { method, .. } => !method.mutates(),
        _ => true,
    };
    let mut children = true;
    for_each_child(e, |c| children = children && effect_free(c));
    here && children
}

/// Whether a function reads the name `_` (a loop's or a comprehension's
/// variable, which the loop declares; an assignment never declares it).
fn underscore_read(f: &Function) -> bool {
    let mut read = false;
    for_each_stmt(&f.body, true, &mut |s| {
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                read |= matches!(&x.kind, ExprKind::Name(n) if n == "_");
            })
        })
    });
    read
}

/// Whether an assignment's target binds `_`.
fn binds_underscore(t: &Target) -> bool {
    match t {
        Target::Name { name, .. } => name == "_",
        Target::Tuple(ts) => ts.iter().any(binds_underscore),
        Target::Index { .. } | Target::Attr { .. } => false,
    }
}

/// Whether the `pyStr` helper prints a value of type `ty` as Python's
/// `str()` does, and if so whether it must be told the value is a float
/// (`2.0`, which JavaScript cannot tell from `2`).
fn py_str_float(ty: &Ty) -> Option<bool> {
    match ty {
        Ty::Float(_) => Some(true),
        t if t.is_int() => Some(false),
        Ty::Bool | Ty::Str | Ty::Char | Ty::Unit => Some(false),
        Ty::Option(inner) if !matches!(**inner, Ty::Option(_)) => {
            py_str_float(inner).filter(|float| !float)
        }
        _ => None,
    }
}

/// A JavaScript function signature the unit must match: its name, its
/// parameters' names, and its form.
/// What one step of a comprehension makes: an item, or a dict's key and
/// value.
#[derive(Clone, Copy)]
struct Item<'e> {
    elt: &'e Expr,
    value: Option<&'e Expr>,
}

struct JsSignature {
    params: Vec<String>,
    /// `const`/`let`/`var` for `const f = (...) => {`, `None` for
    /// `function f(...) {`.
    arrow: Option<String>,
}

/// The first function a target signature declares (a whole declaration or
/// a bare header); `None` where it declares none the backend can read.
fn parse_signature(sig: &str) -> Option<JsSignature> {
    // A whole declaration parses as it is; a bare header needs closing.
    let whole = crate::engine::rules::without_bom(sig)
        .trim_end()
        .to_string();
    let code = if crate::units::first_syntax_error(&whole, Lang::JavaScript).is_none() {
        whole
    } else {
        format!("{whole}\n}};\n")
    };
    let tree = crate::units::parse(&code, Lang::JavaScript)?;
    let text = |n: tree_sitter::Node| crate::engine::rules::text(n, &code).to_string();
    let params_of = |f: tree_sitter::Node| -> Option<Vec<String>> {
        if let Some(p) = f.child_by_field_name("parameter") {
            return Some(vec![text(p)]);
        }
        let params = f.child_by_field_name("parameters")?;
        let mut out = Vec::new();
        for p in crate::engine::rules::named_children(params) {
            match p.kind() {
                "identifier" => out.push(text(p)),
                "assignment_pattern" => out.push(text(p.child_by_field_name("left")?)),
                _ => return None,
            }
        }
        Some(out)
    };
    for item in crate::engine::rules::named_children(tree.root_node()) {
        let item = if item.kind() == "export_statement" {
            item.child_by_field_name("declaration")?
        } else {
            item
        };
        match item.kind() {
            "function_declaration" => {
                return Some(JsSignature {
                    params: params_of(item)?,
                    arrow: None,
                })
            }
            "lexical_declaration" | "variable_declaration" => {
                let kind = text(item.child(0)?);
                let decl = crate::engine::rules::named_children(item)
                    .into_iter()
                    .find(|c| c.kind() == "variable_declarator")?;
                let value = decl.child_by_field_name("value")?;
                if !matches!(value.kind(), "arrow_function" | "function_expression") {
                    continue;
                }
                return Some(JsSignature {
                    params: params_of(value)?,
                    arrow: Some(kind),
                });
            }
            _ => {}
        }
    }
    None
}

/// Whether `e` is an integer literal above zero.
fn positive_literal(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Lit(Lit::Int(v)) if v > 0)
}

/// `a << b` of two integer literals, as Rust computes it in the fixed-width
/// type `ty` (the bits shifted past the width are dropped, the top bit of a
/// signed type is its sign), where the shift is less than the width and
/// the value lies within ±2^53, which a number holds exactly.
fn folded_shl(a: &Expr, b: &Expr, ty: &Ty) -> Option<i128> {
    let (ExprKind::Lit(Lit::Int(x)), ExprKind::Lit(Lit::Int(n))) = (&a.kind, &b.kind) else {
        return None;
    };
    let Ty::Int(t) = ty else {
        return None;
    };
    let (bits, signed) = t.width().filter(|(bits, _)| *bits <= 64)?;
    let n = u32::try_from(*n).ok().filter(|n| *n < bits)?;
    if x.unsigned_abs() >= 1 << 64 {
        return None;
    }
    let modulus = 1i128 << bits;
    let mut v = (x << n).rem_euclid(modulus);
    if signed && v >= modulus / 2 {
        v -= modulus;
    }
    (v.unsigned_abs() <= 1 << 53).then_some(v)
}

/// Whether the type is one of Rust's unsigned integers.
fn is_unsigned(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::Int(IntTy::U8 | IntTy::U16 | IntTy::U32 | IntTy::U64 | IntTy::U128 | IntTy::Usize)
    )
}

/// Whether a display's items spread a sequence (`[x, *xs]`): it holds
/// as many items as that sequence gives, not one per item written.
fn spread_in(items: &[Expr]) -> bool {
    items.iter().any(|i| matches!(i.kind, ExprKind::Spread(_)))
}

/// [`spread_in`] of a list display.
fn spread_in_list(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::List(items) if spread_in(items))
}

/// Whether `e` is an integer literal in [0, 2^31): a mask whose bits all
/// lie below JavaScript's 32-bit sign bit.
fn small_mask(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Lit(Lit::Int(v)) if (0..1 << 31).contains(&v))
}

/// Whether an int of the type is within ±2^16, so that a product of two
/// is exact in a number.
fn small_int(ty: &Ty) -> bool {
    matches!(ty, Ty::Int(IntTy::I8 | IntTy::I16 | IntTy::U8 | IntTy::U16))
}

/// Whether a value of this type is a number, `None` or a number, or of a
/// type not known.
fn number_or_unknown(ty: &Ty) -> bool {
    match ty {
        Ty::Unknown => true,
        Ty::Option(inner) => inner.is_numeric(),
        _ => ty.is_numeric(),
    }
}

/// Whether a value of this type is a list or tuple, or `None` or one.
fn maybe_seq(ty: &Ty) -> bool {
    match ty {
        Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_) => true,
        Ty::Option(inner) => matches!(**inner, Ty::List(_) | Ty::Tuple(_) | Ty::TupleOf(_)),
        _ => false,
    }
}

/// Whether a name of this type may hold a Python list: its type is not
/// known, or it is an optional list (`None` raises on `+=`, as `push` of
/// `null` throws).
fn may_hold_list(ty: &Ty) -> bool {
    match ty {
        Ty::Unknown | Ty::Var(_) | Ty::List(_) => true,
        Ty::Option(inner) => may_hold_list(inner),
        _ => false,
    }
}

/// A Rust fixed-width int type wider than the ints JavaScript's bitwise
/// operators give back signed (`u32` and the 64-bit types), as its width.
fn wide_fixed(ty: &Ty) -> Option<u32> {
    match ty {
        Ty::Int(IntTy::U32) => Some(32),
        Ty::Int(IntTy::U64 | IntTy::Usize | IntTy::I64 | IntTy::Isize) => Some(64),
        _ => None,
    }
}

/// Rust's `&`, `|`, `^` and `>>` of a [`wide_fixed`] type, of operands
/// written at unary precedence. Of `u32`: the operator, then `>>> 0`, which
/// reads the 32 bits it gives unsigned (`>>>` itself for `>>`). Of the
/// 64-bit types: `&`, `|` and `^` on BigInts, exact for the ints within
/// ±2^53 the engine assumes (their results stay within them, and a
/// negative `i64` is two's complement in both), and `>>` as
/// `Math.floor(x / 2 ** k)`, exact there too and arithmetic for a negative
/// value as Rust's. (A count is below the width, as Rust's debug builds
/// check.)
fn wide_bitwise(op: BinOp, ty: &Ty, x: &str, y: &str) -> Option<(String, u8)> {
    let sym = match op {
        BinOp::BitAnd => "&",
        BinOp::BitOr => "|",
        BinOp::BitXor => "^",
        BinOp::Shr => ">>",
        _ => return None,
    };
    Some(match (wide_fixed(ty)?, op) {
        (32, BinOp::Shr) => (format!("{x} >>> {y}"), prec::SHIFT),
        (32, _) => (format!("({x} {sym} {y}) >>> 0"), prec::SHIFT),
        (_, BinOp::Shr) => (format!("Math.floor({x} / 2 ** {y})"), prec::MEMBER),
        _ => (
            format!("Number(BigInt({x}) {sym} BigInt({y}))"),
            prec::MEMBER,
        ),
    })
}

/// Whether JavaScript's 32-bit bitwise operators are exact on the type.
fn fits_int32(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::Int(IntTy::I8 | IntTy::I16 | IntTy::I32 | IntTy::U8 | IntTy::U16)
    )
}

/// The first key or set item type in `ty` that is not a primitive: a
/// tuple, list, set or dict.
/// Whether values of `ty` are made of lists, tuples, dicts, sets,
/// strings, numbers, booleans and `None` only.
fn plain_data(ty: &Ty) -> bool {
    match ty {
        Ty::Int(_) | Ty::Float(_) | Ty::Bool | Ty::Str | Ty::Char => true,
        Ty::Option(x) | Ty::List(x) | Ty::TupleOf(x) | Ty::Set(x) => plain_data(x),
        Ty::Tuple(ts) => ts.iter().all(plain_data),
        Ty::Dict(k, v) => plain_data(k) && plain_data(v),
        _ => false,
    }
}

fn compound_key(ty: &Ty) -> Option<&Ty> {
    compound_key_but(ty, false)
}

/// The first key of a dict or item of a set in `ty` that a `Map` or `Set`
/// would compare by identity; with `keyed`, a tuple of values compared by
/// value is not one (it is held by `PyKeyedMap`/`PyKeyedSet`).
fn compound_key_but(ty: &Ty, keyed: bool) -> Option<&Ty> {
    let compound = |k: &Ty| {
        matches!(
            k,
            Ty::Tuple(_) | Ty::TupleOf(_) | Ty::List(_) | Ty::Set(_) | Ty::Dict(..)
        ) && !(keyed && hashable_tuple(k))
    };
    match ty {
        Ty::Dict(k, v) if compound(k) => Some(k),
        Ty::Dict(k, v) => compound_key_but(k, keyed).or_else(|| compound_key_but(v, keyed)),
        Ty::Set(k) if compound(k) => Some(k),
        Ty::Set(k) | Ty::List(k) | Ty::Option(k) | Ty::TupleOf(k) => compound_key_but(k, keyed),
        Ty::Tuple(ts) => ts.iter().find_map(|t| compound_key_but(t, keyed)),
        _ => None,
    }
}

/// Whether `ty` is, or holds, a dict or set with tuple keys.
fn keyed(ty: &Ty) -> bool {
    match ty {
        Ty::Dict(k, v) => hashable_tuple(k) || keyed(v),
        Ty::Set(k) => hashable_tuple(k),
        Ty::List(t) | Ty::Option(t) | Ty::TupleOf(t) => keyed(t),
        Ty::Tuple(ts) => ts.iter().any(keyed),
        _ => false,
    }
}

/// A unit with dicts or sets whose keys are tuples makes every dict and
/// set a `PyKeyedMap` or `PyKeyedSet` ([`Writer::ctor`]); one made
/// elsewhere (a parameter, another function's result, an attribute) may be
/// a `Map` or `Set` that compares the tuples by identity, so it is
/// declined. What the unit reads must be made here: a display, a
/// comprehension, `set()`, `dict()`, a copy, a set operation, or a local
/// name assigned one.
fn keyed_origins(input: &Input, classes: &[Class]) -> Res<()> {
    let ty = |id: crate::engine::rules::ir::ExprId| {
        input.types.get(id.index()).cloned().unwrap_or(Ty::Unknown)
    };
    let functions: Vec<&Function> =
        crate::engine::rules::ir::functions_and_methods(input.functions, classes).collect();
    let mut params = HashSet::new();
    let mut locals = HashSet::new();
    let mut stmts = Vec::new();
    for f in &functions {
        for p in &f.params {
            if keyed(&ty(p.id)) || keyed(&p.ty) {
                return decline(
                    p.line,
                    format!(
                        "parameter `{}`, a dict or set with tuple keys made elsewhere",
                        p.name
                    ),
                );
            }
            params.insert(p.name.as_str());
        }
        crate::engine::rules::ir::for_each_stmt(&f.body, true, &mut |st| {
            match &st.kind {
                StmtKind::Assign {
                    target: Target::Name { name, .. },
                    ..
                } => {
                    locals.insert(name.as_str());
                }
                StmtKind::Def(d) => params.extend(d.params.iter().map(|p| p.name.as_str())),
                _ => {}
            }
            stmts.push(st);
        });
    }
    let made_here = |e: &Expr| match &e.kind {
        ExprKind::Name(n) => locals.contains(n.as_str()) && !params.contains(n.as_str()),
        ExprKind::Set(_)
        | ExprKind::Dict(_)
        | ExprKind::List(_)
        | ExprKind::Tuple(_)
        | ExprKind::Comprehension { .. }
        | ExprKind::IfElse { .. }
        | ExprKind::Binary(..) => true,
        ExprKind::Builtin { op, .. } => matches!(op, Builtin::ToSet | Builtin::ToDict),
        ExprKind::Method { method, .. } => *method == Method::Copy,
        _ => false,
    };
    let elsewhere = |e: &Expr| decline(e.line, "a dict or set with tuple keys made elsewhere");
    for st in stmts {
        // What a name of such a type is bound to, whatever its own type
        // (`seen = g.visited` of an untyped `g`).
        if let StmtKind::Assign {
            target: Target::Name { id, .. },
            value,
        }
        | StmtKind::AugAssign {
            target: Target::Name { id, .. },
            value,
            ..
        } = &st.kind
        {
            if keyed(&ty(*id)) && !made_here(value) {
                return elsewhere(value);
            }
        }
        let mut first = Ok(());
        crate::engine::rules::ir::for_each_stmt_expr(st, |e| {
            crate::engine::rules::ir::for_each_expr(e, &mut |e| {
                if first.is_ok() && keyed(&ty(e.id)) && !made_here(e) {
                    first = elsewhere(e);
                }
            })
        });
        first?;
    }
    Ok(())
}

/// A tuple of numbers, strings, booleans and `None` (or of such tuples),
/// of a fixed length or any:
/// Python compares it by value as a key, and `pyKeyText` writes it as one
/// text for each value.
fn hashable_tuple(ty: &Ty) -> bool {
    fn item(t: &Ty) -> bool {
        match t {
            Ty::Int(_) | Ty::Float(_) | Ty::Number { .. } | Ty::Bool | Ty::Str | Ty::Char => true,
            Ty::Option(t) => item(t),
            t => hashable_tuple(t),
        }
    }
    match ty {
        Ty::Tuple(ts) => !ts.is_empty() && ts.iter().all(item),
        Ty::TupleOf(t) => item(t),
        _ => false,
    }
}

/// How a decline names the compound key `compound_key` found in `ty`.
fn key_kind(ty: &Ty) -> &'static str {
    match ty {
        Ty::Dict(k, _)
            if matches!(
                **k,
                Ty::Tuple(_) | Ty::TupleOf(_) | Ty::List(_) | Ty::Set(_) | Ty::Dict(..)
            ) =>
        {
            "dict key of type"
        }
        Ty::Set(k)
            if matches!(
                **k,
                Ty::Tuple(_) | Ty::TupleOf(_) | Ty::List(_) | Ty::Set(_) | Ty::Dict(..)
            ) =>
        {
            "set of sequences, items of type"
        }
        Ty::Dict(k, _) if compound_key(k).is_some() => key_kind(k),
        Ty::Dict(_, v) => key_kind(v),
        Ty::Set(t) | Ty::List(t) | Ty::Option(t) | Ty::TupleOf(t) => key_kind(t),
        Ty::Tuple(ts) => ts
            .iter()
            .find(|t| compound_key(t).is_some())
            .map_or("dict key of type", key_kind),
        _ => "dict key of type",
    }
}

/// Whether a name is a method of a Python built-in type (`count`, `add`):
/// an attribute or method of that name is a user class's only on an object
/// known to be of one.
fn builtin_named(name: &str) -> bool {
    Method::from_python(name).is_some()
        || crate::engine::rules::front::python::BUILTIN_METHODS.contains(&name)
}

/// A user method's name in JavaScript: the source's, which every unit
/// spells alike (a call in one unit reaches a method defined in another).
fn method_name(name: &str, line: usize) -> Res<String> {
    match name {
        "constructor" | "__proto__" | "prototype" => {
            decline(line, format!("method named `{name}`"))
        }
        _ => Ok(name.to_string()),
    }
}

fn paren_member(a: &str) -> String {
    let needs = a.contains(' ') && !(a.starts_with('[') && a.ends_with(']')) && !a.ends_with(')');
    if needs {
        format!("({a})")
    } else {
        a.to_string()
    }
}

/// Whether a block (at any depth, nested functions aside) assigns to
/// `name`.
fn assigns(block: &[Stmt], name: &str) -> bool {
    fn target_is(t: &Target, name: &str) -> bool {
        match t {
            Target::Name { name: n, .. } => n == name,
            Target::Tuple(ts) => ts.iter().any(|t| target_is(t, name)),
            Target::Index { .. } | Target::Attr { .. } => false,
        }
    }
    let mut found = false;
    for_each_stmt(block, false, &mut |s| {
        found = found
            || match &s.kind {
                StmtKind::Assign { target, .. }
                | StmtKind::AugAssign { target, .. }
                | StmtKind::For { target, .. } => target_is(target, name),
                _ => false,
            }
    });
    found
}

/// `k in d` (`negated` false) or `k not in d` (true) of two names: the key's
/// name, the container's (a dict, where the caller asks).
fn key_test(test: &Expr) -> Option<(String, String, bool)> {
    let ExprKind::Compare { first, rest } = &test.kind else {
        return None;
    };
    let [(op, container)] = rest.as_slice() else {
        return None;
    };
    let negated = match op {
        CmpOp::In => false,
        CmpOp::NotIn => true,
        _ => return None,
    };
    match (&first.kind, &container.kind) {
        (ExprKind::Name(k), ExprKind::Name(d)) => Some((k.clone(), d.clone(), negated)),
        _ => None,
    }
}

/// A loop counter proved to index `seq` in range: the loop runs from
/// `down` (or more) to `len(seq) - up`, so `seq[counter + k]` is in range
/// for `-down <= k <= up`.
struct InRange {
    counter: String,
    seq: String,
    up: i128,
    down: i128,
}

/// `len(seq)` or `len(seq) - k` (`k >= 0` a literal): the sequence's name and
/// `k`.
fn length_less(stop: &Expr) -> Option<(&String, i128)> {
    let (len, k) = match &stop.kind {
        ExprKind::Binary(BinOp::Sub, a, b) => match &b.kind {
            ExprKind::Lit(Lit::Int(k)) if *k >= 0 => (a.as_ref(), *k),
            _ => return None,
        },
        _ => (stop, 0),
    };
    match &len.kind {
        ExprKind::Builtin {
            op: Builtin::Len,
            args,
            ..
        } => match args.as_slice() {
            [Expr {
                kind: ExprKind::Name(seq),
                ..
            }] => Some((seq, k)),
            _ => None,
        },
        _ => None,
    }
}

/// The names of `f` whose value may be reached another way than by the
/// name itself: assigned to or from another name (an alias), passed to a
/// function or method, put in a container, held by a conditional value,
/// or mentioned by a nested function. Only the receiver of a method, the
/// arguments of a built-in, an indexed or sliced value, an operand and an
/// iterable leave a name as it is.
fn escaping(f: &Function) -> HashSet<String> {
    let mut out = HashSet::new();
    // A generator's caller runs between its items, holding what it passed
    // and what it was given: a proof about them lasts only to a `yield`.
    if is_generator(f) {
        out.extend(f.params.iter().map(|p| p.name.clone()));
    }
    let names = |e: &Expr, out: &mut HashSet<String>| {
        if let ExprKind::Name(n) = &e.kind {
            out.insert(n.clone());
        }
    };
    for_each_stmt(&f.body, false, &mut |s| {
        match &s.kind {
            StmtKind::Def(d) => {
                for_each_stmt(&d.body, true, &mut |s| {
                    for_each_stmt_expr(s, |e| for_each_expr(e, &mut |x| names(x, &mut out)))
                });
                return;
            }
            StmtKind::Yield { value, .. } => names(value, &mut out),
            // `ys = xs`, `m[k] = xs`, `self.items = xs`: the value has
            // another way in.
            StmtKind::Assign { target, value } | StmtKind::AugAssign { target, value, .. } => {
                if let ExprKind::Name(v) = &value.kind {
                    out.insert(v.clone());
                    if let Target::Name { name, .. } = target {
                        out.insert(name.clone());
                    }
                }
            }
            _ => {}
        }
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |parent| match &parent.kind {
                ExprKind::Method { args, keywords, .. } => {
                    args.iter().for_each(|a| names(a, &mut out));
                    keywords.iter().for_each(|(_, a)| names(a, &mut out));
                }
                ExprKind::Comprehension { elt, value, .. } => {
                    names(elt, &mut out);
                    if let Some(v) = value {
                        names(v, &mut out);
                    }
                }
                ExprKind::Builtin { .. }
                | ExprKind::Index { .. }
                | ExprKind::Slice { .. }
                | ExprKind::Unary(..)
                | ExprKind::Not(..)
                | ExprKind::Binary(..)
                | ExprKind::Compare { .. }
                | ExprKind::Format(_)
                | ExprKind::Attr { .. } => {}
                _ => for_each_child(parent, |c| names(c, &mut out)),
            })
        });
    });
    out
}

/// Whether a block may change the length of the list (or dict) named
/// `name`: a method that adds or removes items called on it, or a nested
/// function (which the block may call).
fn resizes(block: &[Stmt], name: &str) -> bool {
    let mut found = false;
    for_each_stmt(block, false, &mut |s| {
        if matches!(s.kind, StmtKind::Def(_)) {
            found = true;
        }
        for_each_stmt_expr(s, |e| {
            for_each_expr(e, &mut |x| {
                if let ExprKind::Method { recv, method, .. } = &x.kind {
                    found = found
                        || matches!(
                            method,
                            Method::Append
                                | Method::Extend
                                | Method::Insert
                                | Method::Pop
                                | Method::DelItem
                                | Method::Remove
                                | Method::SpliceOne
                        ) && matches!(&recv.kind, ExprKind::Name(n) if n == name);
                }
            })
        });
    });
    found
}

fn literal(l: &Lit) -> String {
    match l {
        Lit::Int(v) => v.to_string(),
        Lit::Float(v) if v.is_nan() => "NaN".to_string(),
        Lit::Float(v) if v.is_infinite() => {
            if *v > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
        }
        Lit::Float(v) => format!("{v:?}"),
        Lit::Str(s) => js_string(s),
        Lit::Bool(b) => b.to_string(),
        Lit::None => "null".to_string(),
    }
}

/// A lambda whose body reads only its own parameters: created again at
/// each call (as JavaScript evaluates a default), it differs from
/// Python's one object only in identity.
fn closed_lambda(e: &Expr) -> bool {
    let ExprKind::Lambda { params, body } = &e.kind else {
        return false;
    };
    let mut closed = true;
    for_each_expr(body, &mut |x| match &x.kind {
        ExprKind::Name(n) => closed &= params.iter().any(|(p, _)| p == n),
        ExprKind::Lambda { .. } | ExprKind::Comprehension { .. } => closed = false,
        _ => closed &= !calls_code(x),
    });
    closed
}

/// `e` is a `PyError` of one of `kinds`.
fn kind_test(var: &str, kinds: &[ErrorKind]) -> String {
    let names: Vec<String> = kinds
        .iter()
        .map(|k| format!("\"{}\"", k.python_class()))
        .collect();
    match names.as_slice() {
        [one] => format!("{var} instanceof PyError && {var}.kind === {one}"),
        _ => format!(
            "{var} instanceof PyError && [{}].includes({var}.kind)",
            names.join(", ")
        ),
    }
}

/// A JavaScript string literal.
pub fn js_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The parameter and body of `map`'s or `filter`'s function, which must be
/// a lambda of one parameter.
fn one_parameter_lambda(op: Builtin, f: &Expr, line: usize) -> Res<(&String, &Expr)> {
    let ExprKind::Lambda { params, body } = &f.kind else {
        return decline(
            line,
            format!("`{}` of a function that is not a lambda", op.spelling()),
        );
    };
    let [(param, _)] = params.as_slice() else {
        return decline(
            line,
            format!("`{}` of a lambda of several parameters", op.spelling()),
        );
    };
    Ok((param, body))
}

/// Whether values of types `a` and `b` are told apart by a JavaScript
/// `Set` as Python's `==` tells them: strings (a character is one) with
/// strings, ints with ints or floats (a bool, equal to 0 or 1 in Python,
/// is neither; of two floats, a `Set` takes every NaN for one, Python
/// tells NaN objects apart).
fn same_primitive(a: &Ty, b: &Ty) -> bool {
    let text = |t: &Ty| matches!(t, Ty::Str | Ty::Char);
    let number = |t: &Ty| t.is_int() || t.is_float();
    (text(a) && text(b)) || (number(a) && number(b) && (a.is_int() || b.is_int()))
}

/// Whether JavaScript's `<` on items of type `t` (tuples item by item, as
/// `pyHeap` compares them) is Python's: numbers, bools, strings (code point
/// order, UTF-16 order in the BMP), and tuples and lists of those. Python
/// compares objects by their own `__eq__` and `__lt__`: declined.
fn heap_orderable(t: &Ty) -> bool {
    match t {
        Ty::Int(_) | Ty::Float(_) | Ty::Bool | Ty::Str | Ty::Char => true,
        Ty::Tuple(ts) => !ts.is_empty() && ts.iter().all(heap_orderable),
        Ty::TupleOf(t) | Ty::List(t) => heap_orderable(t),
        _ => false,
    }
}

/// A divisor that is a literal other than zero: no helper is needed to
/// check it.
fn non_zero_literal(e: &Expr) -> bool {
    matches!(e.kind, ExprKind::Lit(Lit::Int(v)) if v != 0)
        || matches!(e.kind, ExprKind::Lit(Lit::Float(v)) if v != 0.0)
}
