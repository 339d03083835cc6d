//! The rules engine from JavaScript to Rust, construct by construct: each
//! case is a JavaScript function, the Rust declaration it must match (as
//! `xlate eval` and `--signatures` give it) and inputs; the JavaScript runs
//! with `node`, the translation is compiled with `rustc` (all cases in one
//! program, so one compile) and run, and the results must agree on every
//! input. Where JavaScript throws, Rust must panic.

use xlate::lang::Lang;

use super::rules::{run, same, translate};
use super::rules_rust::{compile_and_run, disagreements, RustCase};

/// A JavaScript function, its Rust declaration, and inputs (a JSON array of
/// argument lists).
struct Case {
    name: &'static str,
    js: &'static str,
    rust: &'static str,
    inputs: &'static str,
}

const fn case(
    name: &'static str,
    js: &'static str,
    rust: &'static str,
    inputs: &'static str,
) -> Case {
    Case {
        name,
        js,
        rust,
        inputs,
    }
}

/// The typed backend's decline of `js` (translated without a signature),
/// or `None` where the unit is written with JavaScript's values instead
/// (`back::rust_dynamic`), which takes what the typed backend declines. A
/// translation with Rust types fails the test.
fn typed_decline(js: &str) -> Option<String> {
    match translate(Lang::JavaScript, Lang::Rust, js, None) {
        Ok(code) if code.contains("-> js::Value {") => None,
        Ok(code) => panic!("expected a decline, got:\n{code}"),
        Err(reason) => Some(reason),
    }
}

/// Translates, runs both sides, and compares every result.
fn check(cases: &[Case]) {
    check_with(cases, true)
}

/// As [`check`], but translating without the target signature, as a tree
/// is translated: parameter types come from their uses, and the
/// declaration only types the inputs.
fn check_without_signature(cases: &[Case]) {
    check_with(cases, false)
}

fn check_with(cases: &[Case], signed: bool) {
    let mut failures = Vec::new();
    let mut kept = Vec::new();
    let mut translations = Vec::new();
    for c in cases {
        let signature = signed.then_some(c.rust);
        match translate(Lang::JavaScript, Lang::Rust, c.js, signature) {
            Ok(code) => {
                kept.push(c);
                translations.push(code);
            }
            Err(reason) => failures.push(format!("{}: declined: {reason}", c.name)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let js_cases: Vec<(String, String, String)> = kept
        .iter()
        .map(|c| (c.name.to_string(), c.js.to_string(), c.inputs.to_string()))
        .collect();
    let rust_cases: Vec<RustCase> = kept
        .iter()
        .zip(&translations)
        .map(|(c, code)| RustCase {
            name: c.name,
            declaration: c.rust,
            inputs: c.inputs,
            code,
        })
        .collect();
    assert_agree(&js_cases, &rust_cases);
}

/// Runs the JavaScript cases in node and their Rust translations (in the
/// same order) with rustc, and fails with every case whose results differ.
pub(crate) fn assert_agree(js_cases: &[(String, String, String)], rust_cases: &[RustCase]) {
    let expected = run(Lang::JavaScript, js_cases);
    let actual = compile_and_run(rust_cases);
    let mut failures = Vec::new();
    for (i, c) in rust_cases.iter().enumerate() {
        assert!(
            !expected[i].is_empty(),
            "{}: the case has no inputs",
            c.name
        );
        failures.extend(disagreements(
            "JavaScript",
            c.name,
            &expected[i],
            &actual[i],
            c.code,
            same,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn javascript_to_rust_agrees_on_every_construct() {
    let cases = [
        // `%` truncates toward zero, on integers and on floats.
        case("trunc_rem", "const trunc_rem = (a, b) => a % b;\n", "fn trunc_rem(a: i32, b: i32) -> i32 {", "[[7, 2], [-7, 2], [7, -2], [-7, -2]]"),
        case("float_rem", "const float_rem = (x) => x % 1.0;\n", "fn float_rem(x: f64) -> f64 {", "[[3.5], [-3.25], [2.0]]"),
        // `Math.pow(1, NaN)` and `1 ** Infinity` are NaN, where Rust's
        // `powf` gives 1.
        case("pow_nan", "function pow_nan(a, b) {\n  const p = Math.pow(a, (b / 0) * 0);\n  const q = a ** (b / 0);\n  return (p !== p) && (q !== q || a * a !== 1);\n}\n", "fn pow_nan(a: f64, b: f64) -> bool {", "[[1.0, 2.0], [-1.0, -3.0], [2.0, 3.0], [0.5, 1.0]]"),
        // `/` divides as floats; `Math.floor(a / b)` floors.
        case("halves", "function halves(a, b) {\n  return a / b;\n}\n", "fn halves(a: i32, b: i32) -> f64 {", "[[7, 2], [-7, 2], [6, 3]]"),
        case("floor_div", "const floor_div = (a, b) => Math.floor(a / b);\n", "fn floor_div(a: i32, b: i32) -> i32 {", "[[7, 2], [-7, 2], [7, -2], [6, 3]]"),
        // A counting `for` is a loop over a range; `+=` on numbers.
        case("total", "const total = (xs) => {\n  let s = 0;\n  for (let i = 0; i < xs.length; i++) {\n    s += xs[i];\n  }\n  return s;\n}\n", "fn total(xs: Vec<i32>) -> i32 {", "[[[1, 2, 3]], [[]]]"),
        // A counting loop with a step and an inclusive bound, counting down.
        case("countdown", "const countdown = (n) => {\n  const out = [];\n  for (let i = n; i >= 0; i -= 2) {\n    out.push(i);\n  }\n  return out;\n}\n", "fn countdown(n: i32) -> Vec<i32> {", "[[5], [0], [-1]]"),
        // A `for` whose condition is not a bound stays a `while`.
        case("isqrt", "const isqrt = (n) => {\n  let r = 0;\n  for (let i = 1; i * i <= n; i++) {\n    r = i;\n  }\n  return r;\n}\n", "fn isqrt(n: i32) -> i32 {", "[[0], [1], [15], [16]]"),
        // `do ... while` runs its body once before the test.
        case("digits", "const digits = (n) => {\n  let c = 0;\n  do {\n    c++;\n    n = Math.floor(n / 10);\n  } while (n > 0);\n  return c;\n}\n", "fn digits(n: i32) -> i32 {", "[[0], [7], [12345]]"),
        // `for...of`, `push`, `filter` and `map` (comprehensions).
        case("evens", "const evens = (xs) => xs.filter((x) => x % 2 === 0).map((x) => x * x);\n", "fn evens(xs: Vec<i32>) -> Vec<i32> {", "[[[1, 2, 3, 4, -2]], [[]]]"),
        case("positives", "function positives(xs) {\n  const out = [];\n  for (const x of xs) {\n    if (x > 0) out.push(x);\n  }\n  return out;\n}\n", "fn positives(xs: Vec<i32>) -> Vec<i32> {", "[[[1, -2, 3]], [[]]]"),
        // `for (const [i, x] of xs.entries())` and a callback's index.
        case("weighted", "const weighted = (xs) => {\n  let s = 0;\n  for (const [i, x] of xs.entries()) {\n    s += i * x;\n  }\n  return s + xs.map((x, i) => x - i).length;\n}\n", "fn weighted(xs: Vec<i32>) -> i32 {", "[[[4, 5, 6]], [[]]]"),
        // `some`/`every` are `any`/`all`.
        case("checks", "const checks = (xs) => xs.some((x) => x < 0) || xs.every((x) => x > 10);\n", "fn checks(xs: Vec<i32>) -> bool {", "[[[1, 2]], [[3, -1]], [[11, 12]], [[]]]"),
        // `reduce` to a sum.
        case("sum_twice", "const sum_twice = (xs) => xs.reduce((acc, x) => acc + x * 2, 0);\n", "fn sum_twice(xs: Vec<i32>) -> i32 {", "[[[1, 2, 3]], [[]]]"),
        // `forEach`: a `return` in the callback ends one round.
        case("skip_odd", "const skip_odd = (xs) => {\n  let s = 0;\n  xs.forEach((x) => {\n    if (x % 2 !== 0) return;\n    s += x;\n  });\n  return s;\n}\n", "fn skip_odd(xs: Vec<i32>) -> i32 {", "[[[1, 2, 3, 4]], [[]]]"),
        // Template literals print numbers and strings as JavaScript does.
        case("label", "const label = (n, s) => `${s}:${n * 2}!`;\n", "fn label(n: i32, s: &str) -> String {", "[[3, \"a\"], [-1, \"\"]]"),
        // String methods.
        case("shout", "const shout = (s) => s.trim().toUpperCase().split(' ').join('-');\n", "fn shout(s: &str) -> String {", "[[\" ab cd \"], [\"x\"]]"),
        case("probe", "const probe = (s) => s.includes('ab') && s.startsWith('x') || s.indexOf('b') === 2;\n", "fn probe(s: &str) -> bool {", "[[\"xab\"], [\"aab\"], [\"q\"]]"),
        // `split('')` gives the characters; a fresh array is reversed.
        case("palindrome", "const palindrome = (s) => s === s.split('').reverse().join('');\n", "fn palindrome(s: &str) -> bool {", "[[\"aba\"], [\"ab\"], [\"\"]]"),
        // `slice` clips and counts negative bounds from the end.
        case("middle", "const middle = (s) => s.slice(1, -1) + s.slice(-2);\n", "fn middle(s: &str) -> String {", "[[\"hello\"], [\"a\"], [\"\"]]"),
        // A comparator sort, and the default sort, which compares the
        // items as strings (`10` before `9`).
        case("down", "const down = (xs) => [...xs].sort((a, b) => b - a);\n", "fn down(xs: Vec<i32>) -> Vec<i32> {", "[[[3, 1, 2]], [[]]]"),
        case("as_text", "function as_text(xs) {\n  xs.sort();\n  return xs;\n}\n", "fn as_text(xs: Vec<i32>) -> Vec<i32> {", "[[[10, 9, 1, 100]], [[]]]"),
        // Character codes.
        case("shift", "const shift = (s) => {\n  let out = '';\n  for (let i = 0; i < s.length; i++) {\n    out += String.fromCharCode(((s.charCodeAt(i) - 97 + 1) % 26) + 97);\n  }\n  return out;\n}\n", "fn shift(s: &str) -> String {", "[[\"abz\"], [\"\"]]"),
        // `++`/`--` inside an expression: a statement before or after it.
        case("updates", "function updates(xs) {\n  var i = -1, s = 0, j = 0;\n  while (++i < xs.length) {\n    s += xs[i] * xs[j++];\n  }\n  return s + i + j;\n}\n", "fn updates(xs: Vec<i32>) -> i32 {", "[[[3, -1, 2]], [[]]]"),
        // `Infinity`, the width's constant (returned, it would not print as
        // JSON).
        case("lowest", "function lowest(xs) {\n  var best = Infinity;\n  for (const x of xs) {\n    if (x < best) best = x;\n  }\n  return best < Infinity ? best : -Infinity < best ? -1 : 0;\n}\n", "fn lowest(xs: Vec<f64>) -> f64 {", "[[[3.5, -1, 2]], [[]]]"),
        // `Math.max(...xs)`, `Math.min(a, b)`, `Math.abs`.
        case("spread", "const spread = (xs) => {\n  if (!xs.length) return 0;\n  return Math.max(...xs) - Math.min(xs[0], 0) + Math.abs(xs[xs.length - 1]);\n}\n", "fn spread(xs: Vec<i32>) -> i32 {", "[[[3, -1, 2]], [[5]], [[]]]"),
        // A fixed read guarded by an early return, and `at(-1)`.
        case("last", "const last = (xs) => {\n  if (xs.length === 0) return -1;\n  return xs.at(-1) + xs[0];\n}\n", "fn last(xs: Vec<i32>) -> i32 {", "[[[1, 2, 3]], [[]]]"),
        // Truthiness of numbers and strings; `!`; the conditional.
        case("truth", "const truth = (n, s) => (n && s ? 1 : !n ? 2 : 3);\n", "fn truth(n: i32, s: &str) -> i32 {", "[[1, \"a\"], [0, \"a\"], [5, \"\"]]"),
        // `===` on numbers compares values, integral or not.
        case("is_two", "const is_two = (x) => x === 2;\n", "fn is_two(x: f64) -> bool {", "[[2.0], [2.5]]"),
        // Destructuring swap.
        case("swap", "function swap(a, b) {\n  [a, b] = [b, a];\n  return a - b;\n}\n", "fn swap(a: i32, b: i32) -> i32 {", "[[1, 5]]"),
        // A nested arrow function.
        case("squares", "const squares = (xs) => {\n  const sq = (v) => v * v;\n  return xs.map((x) => sq(x));\n}\n", "fn squares(xs: Vec<i32>) -> Vec<i32> {", "[[[1, -2]], [[]]]"),
        // A block's `let` hiding a parameter is a variable of its own.
        case("hidden", "const hidden = (k) => {\n  let s = 0;\n  for (let i = 0; i < 3; i++) {\n    let k = i * 10;\n    s += k;\n  }\n  return s + k;\n}\n", "fn hidden(k: i32) -> i32 {", "[[1], [7]]"),
        // `parseInt` of an integer's digits.
        case("bump", "const bump = (s) => parseInt(s) + 1;\n", "fn bump(s: &str) -> i32 {", "[[\"12\"], [\"-3\"]]"),
        // `Set`s: `size`, `has`, `add`, and sorted copies (their order
        // never shows).
        case("distinct", "const distinct = (s) => new Set(s.toLowerCase()).size;\n", "fn distinct(s: &str) -> i32 {", "[[\"aAbB c\"], [\"\"]]"),
        case("unique", "const unique = (xs) => Array.from(new Set(xs)).sort((a, b) => a - b);\n", "fn unique(xs: Vec<i32>) -> Vec<i32> {", "[[[3, 1, 3, 10]], [[]]]"),
        // Regression: a comparator whose body is parenthesized,
        // `(a, b) => (a - b)`, was declined as an unknown comparator.
        case("paren_order", "const paren_order = (xs) => [...xs].sort((a, b) => (b - a)).concat([...xs].sort((a, b) => (a - b)));\n", "fn paren_order(xs: Vec<i32>) -> Vec<i32> {", "[[[3, 1, 20]], [[]]]"),
        // A `Vec<&str>` parameter: the body works on an owned copy, which
        // it may return as `Vec<String>`.
        case("longer", "const longer = (a, b) => {\n  const la = a.reduce((p, w) => p + w.length, 0);\n  const lb = b.reduce((p, w) => p + w.length, 0);\n  return la <= lb ? a : b;\n}\n", "fn longer(a: Vec<&str>, b: Vec<&str>) -> Vec<String> {", "[[[\"ab\", \"c\"], [\"xyzw\"]], [[], [\"q\"]], [[\"hello\"], []]]"),
        // `xs.splice(i, 1)` as a statement removes one item, counting a
        // negative `i` from the end.
        case("drop_at", "const drop_at = (xs, i) => {\n  xs.splice(i, 1);\n  xs.splice(-1, 1);\n  return xs;\n}\n", "fn drop_at(xs: Vec<i32>, i: i32) -> Vec<i32> {", "[[[1, 2, 3], 1], [[1, 2, 3], -2], [[5, 6], 0]]"),
        // A trailing parameter the body never reads, which the declaration
        // does not have, is dropped.
        case("first_sum", "const first_sum = (xs, unused) => {\n  let s = 0;\n  for (const x of xs) s += x;\n  return s;\n}\n", "fn first_sum(xs: Vec<i32>) -> i32 {", "[[[1, 2, 3]], [[]]]"),
        // A read that may be past the end, compared with a literal:
        // `undefined` equals none, so the read is guarded by the length.
        case("ends_y", "const ends_y = (s, xs) => {\n  let n = 0;\n  if (s.at(-1) == 'y' || s.at(-1) === 'Y') n += 1;\n  if (xs[1] !== 3) n += 10;\n  if (s[0] == 'a') n += 100;\n  return n;\n}\n", "fn ends_y(s: &str, xs: Vec<i32>) -> i32 {", "[[\"boy\", [1, 3]], [\"\", []], [\"aY\", [2]], [\"a\", [1, 4]]]"),
        // An array literal returned where the declaration returns a tuple.
        case("sum_prod", "const sum_prod = (xs) => {\n  let s = 0, p = 1;\n  for (const x of xs) {\n    s += x;\n    p *= x;\n  }\n  if (s > 100) return [0, 0];\n  return [s, p];\n}\n", "fn sum_prod(xs: Vec<i32>) -> (i32, i32) {", "[[[1, 2, 3]], [[]], [[99, 2]]]"),
        // After a `push`, the last item is there to read; `splice` of
        // `indexOf` removes it (or the last item when it is not found).
        case("alternate", "const alternate = (xs) => {\n  const res = [];\n  let sw = true;\n  while (xs.length) {\n    res.push(sw ? Math.min(...xs) : Math.max(...xs));\n    xs.splice(xs.indexOf(res.at(-1)), 1);\n    sw = !sw;\n  }\n  return res;\n}\n", "fn alternate(xs: Vec<i32>) -> Vec<i32> {", "[[[1, 2, 3, 4]], [[5, 5, 5]], [[]], [[-1, 7, 0]]]"),
        // A name that holds an array's length stands for it in guards and
        // fixed reads.
        case("last_item", "const last_item = (xs) => {\n  const n = xs.length;\n  if (n == 0) { return -1 }\n  return xs[n - 1] + (xs[n - 2] == 5 ? 100 : 0);\n}\n", "fn last_item(xs: Vec<i32>) -> i32 {", "[[[]], [[7]], [[5, 1]], [[4, 2, 9]]]"),
        // `s[i].charCodeAt()` of a string parameter: `s[i]` is one
        // character once its own read is known to be in range.
        case("last_code", "const last_code = (txt) => {\n  let len = txt.length;\n  if (len == 0) { return -1 }\n  let y = txt[len - 1].charCodeAt();\n  if (txt[len - 2] == ' ') { return y + 1000 }\n  return y;\n}\n", "fn last_code(txt: &str) -> i32 {", "[[\"\"], [\"a\"], [\"ab\"], [\"a b\"]]"),
        case("common", "const common = (a, b) => {\n  const seen = new Set();\n  for (const x of a) {\n    if (b.includes(x) && !seen.has(x)) seen.add(x);\n  }\n  return [...seen].sort();\n}\n", "fn common(a: Vec<i32>, b: Vec<i32>) -> Vec<i32> {", "[[[10, 2, 9, 2], [9, 2, 10]], [[], [1]]]"),
        // `toString(2)`: binary digits, a `-` before a negative number's.
        case("binary", "const binary = (n) => n.toString(2);\n", "fn binary(n: i32) -> String {", "[[5], [0], [-6]]"),
        // `throw` where Rust panics.
        case("checked", "const checked = (n) => {\n  if (n < 0) throw new Error('negative');\n  return n;\n}\n", "fn checked(n: i32) -> i32 {", "[[1], [-1]]"),
    ];
    check(&cases);
}

#[test]
fn javascript_to_rust_types_untyped_parameters_from_their_uses() {
    // As a tree is translated, without a signature: `text.toUpperCase()`
    // types a string, `i < n` with an integer counter an integer, an item
    // compared with a number a list of numbers.
    let cases = [
        case("shout", "function shout(text) {\n  return text.toUpperCase() + '!';\n}\n", "fn shout(text: String) -> String {", "[[\"ab\"], [\"\"]]"),
        case("evens", "function evens(n) {\n  const out = [];\n  for (let i = 0; i < n; i++) out.push(i * 2);\n  return out;\n}\n", "fn evens(n: i64) -> Vec<i64> {", "[[3], [0], [-2]]"),
    ];
    check_without_signature(&cases);
}

/// Parameters that nothing types are generic, as from Python, where the
/// body only moves, copies, counts and indexes their values: a value of
/// any type is the same in both languages then. The declaration only
/// types the inputs the harness passes, which instantiates the generic.
#[test]
fn javascript_to_rust_untyped_values_are_generic() {
    let cases = [
        case("identity", "function identity(value) {\n  return value;\n}\n", "fn identity(value: i64) -> i64 {", "[[1], [-3]]"),
        case("identity_words", "function identity_words(value) {\n  return value;\n}\n", "fn identity_words(value: String) -> String {", "[[\"a\"], [\"\"]]"),
        // JSDoc's `{Array}` of items of any type.
        case("first_n", "/**\n * @param {Array} array\n */\nfunction first_n(array, n) {\n  const out = [];\n  for (let i = 0; i < n && i < array.length; i++) {\n    out.push(array[i]);\n  }\n  return out;\n}\n", "fn first_n(array: Vec<String>, n: i64) -> Vec<String> {", "[[[\"a\", \"b\", \"c\"], 2], [[\"a\"], 5], [[], 1], [[\"x\"], -1]]"),
        case("reversed_copy", "function reversed_copy(xs) {\n  const out = [];\n  for (let i = xs.length - 1; i >= 0; i--) {\n    out.push(xs[i]);\n  }\n  return out;\n}\n", "fn reversed_copy(xs: Vec<f64>) -> Vec<f64> {", "[[[1.5, 2.0, -3.25]], [[]]]"),
    ];
    check_without_signature(&cases);
}

/// `||`/`&&` giving one of their operands (a number or a string):
/// JavaScript's `NaN` and `-0` are false, `''` too.
#[test]
fn javascript_to_rust_or_and_give_an_operand() {
    let cases = [
        case(
            "or_default",
            "function or_default(x) {\n  return x || 1.5;\n}\n",
            "fn or_default(x: f64) -> f64 {",
            "[[0.0], [2.0], [-0.0], [-3.5]]",
        ),
        case(
            "label",
            "function label(s) {\n  return s.trim() || 'none';\n}\n",
            "fn label(s: String) -> String {",
            "[[\"  \"], [\" a \"], [\"\"]]",
        ),
        case(
            "guarded",
            "function guarded(n, m) {\n  return n && n + m;\n}\n",
            "fn guarded(n: i32, m: i32) -> i32 {",
            "[[0, 3], [2, 3], [-2, 2]]",
        ),
    ];
    check(&cases);
}

/// `a || b` where `a` may be null gives `a`'s value where it is there and
/// true, else `b` (`array || []`, `n || 0`): never `null` where `b` is not.
/// A present but false value (`0`, `-0`, `NaN`, `""`) gives `b` too; an
/// array is true wherever it is there, even empty.
#[test]
fn javascript_to_rust_or_gives_a_present_value() {
    let cases = [
        case("items_or_empty", "function items_or_empty(array) {\n  return array || [];\n}\n", "fn items_or_empty(array: Option<Vec<i64>>) -> Vec<i64> {", "[[null], [[]], [[0, 2]]]"),
        case("count_or_empty", "function count_or_empty(array) {\n  var xs = array || [];\n  return xs.length;\n}\n", "fn count_or_empty(array: Option<Vec<String>>) -> i64 {", "[[null], [[]], [[\"\", \"a\"]]]"),
        case("int_or", "function int_or(n) {\n  return n || 5;\n}\n", "fn int_or(n: Option<i64>) -> i64 {", "[[null], [0], [-3], [7]]"),
        case("float_or", "function float_or(x, d) {\n  var h = x == null ? null : x / d;\n  return h || -1.5;\n}\n", "fn float_or(x: Option<f64>, d: f64) -> f64 {", "[[null, 1.0], [0.0, 0.0], [-0.0, 2.0], [0.0, 2.0], [3.0, 2.0]]"),
        case("name_or", "function name_or(s) {\n  return s || 'anon';\n}\n", "fn name_or(s: Option<String>) -> String {", "[[null], [\"\"], [\"x\"]]"),
        case("first_of", "function first_of(a, b) {\n  return a || b || 0;\n}\n", "fn first_of(a: Option<i64>, b: Option<i64>) -> i64 {", "[[null, null], [0, null], [null, 4], [0, 4], [2, 4]]"),
    ];
    check(&cases);
    // Nothing else typing it, the left of `|| []` is an array that may be
    // null.
    check_without_signature(&[case(
        "size_or_none",
        "function size_or_none(array) {\n  var xs = array || [];\n  return xs.length;\n}\n",
        "fn size_or_none(array: Option<Vec<i64>>) -> i64 {",
        "[[null], [[]], [[3, 0]]]",
    )]);
    // `xs = array || []` is `array` itself where it is there: a change
    // through `xs` shows in `array`, where Rust's `xs` is a copy.
    declines(
        "function f(array) {\n  var xs = array || [];\n  xs.push(1);\n  return array == null ? -1 : array.length;\n}\n",
        "fn f(array: Option<Vec<i64>>) -> i64 {",
        "shared by another name and changed in place",
    );
    // `a && b` where `a` may be null gives `null` or `b`: still declined.
    declines(
        "function f(array) {\n  return array && array.length;\n}\n",
        "fn f(array: Option<Vec<i64>>) -> Option<i64> {",
        "`and`/`or` giving a value that is not a bool",
    );
}

/// `while (n--)` with a `break` (lodash's `arrayEachRight`): the test reads
/// `n` and the body starts with `n -= 1`; only a false test updates after
/// the loop, a `break` leaves without (`n` is then the index it stopped
/// at, `-1` where the loop ran out).
#[test]
fn javascript_to_rust_breaks_out_of_a_postfix_update_loop() {
    let cases = [
        case("last_below", "function last_below(xs, k) {\n  var n = xs.length;\n  while (n--) {\n    if (xs[n] < k) {\n      break;\n    }\n  }\n  return n;\n}\n", "fn last_below(xs: Vec<i64>, k: i64) -> i64 {", "[[[1, 5, 7], 6], [[], 3], [[9, 9], 1], [[2], 5]]"),
        case("odd_sum_until", "function odd_sum_until(n, stop) {\n  var seen = 0;\n  while (n--) {\n    if (n % 2 == 0) {\n      continue;\n    }\n    if (n == stop) {\n      break;\n    }\n    seen += n;\n  }\n  return seen * 100 + n;\n}\n", "fn odd_sum_until(n: i64, stop: i64) -> i64 {", "[[6, 1], [6, -5], [0, 0], [3, 1]]"),
    ];
    check(&cases);
}

/// A parameter nothing else types that the body compares with `null` or
/// `undefined` is an `Option` of a type variable: the caller may pass the
/// empty value, which is `None` (the one empty kind the function tests),
/// and the test is `is_none()`. A value that is there, even a false one
/// (`0`, `""`), is `Some`. (`value === null` tells `null` from
/// `undefined`, which an `Option` does not: without a target signature it
/// is written with JavaScript's values, see `rules_js_values`.)
#[test]
fn javascript_to_rust_null_tested_parameters_are_options() {
    let cases = [
        case("is_nil", "function is_nil(value) {\n  return value == null;\n}\n", "fn is_nil(value: Option<i64>) -> bool {", "[[null], [0], [3]]"),
        case("present", "function present(value) {\n  return value != null;\n}\n", "fn present(value: Option<f64>) -> bool {", "[[null], [0.0], [-2.5]]"),
        case("or_else", "function or_else(value, fallback) {\n  if (value == null) {\n    return fallback;\n  }\n  return value;\n}\n", "fn or_else(value: Option<i64>, fallback: i64) -> Option<i64> {", "[[null, 4], [0, 4], [7, 4]]"),
        // Narrowed, compared with a value of its type: a primitive's `===`.
        case("eq_present", "function eq_present(a, b) {\n  if (a == null) {\n    return false;\n  }\n  return a === b;\n}\n", "fn eq_present(a: Option<i64>, b: i64) -> bool {", "[[null, 1], [1, 1], [2, 1]]"),
        case("nil_or_eq", "function nil_or_eq(a, b) {\n  return a == null || a === b;\n}\n", "fn nil_or_eq(a: Option<String>, b: String) -> bool {", "[[null, \"x\"], [\"x\", \"x\"], [\"y\", \"x\"]]"),
        // Narrowed, tested for truth: a primitive's truth.
        case("truth_present", "function truth_present(a) {\n  if (a == null) {\n    return 0;\n  }\n  return a ? 1 : 2;\n}\n", "fn truth_present(a: Option<f64>) -> i64 {", "[[null], [0.0], [-0.0], [2.5]]"),
        case("truth_or_nil", "function truth_or_nil(a) {\n  return a == null ? 0 : (a ? 1 : 2);\n}\n", "fn truth_or_nil(a: Option<String>) -> i64 {", "[[null], [\"\"], [\"x\"]]"),
        case("wrap", "function wrap(value) {\n  if (value != null) {\n    return [value];\n  }\n  return [];\n}\n", "fn wrap(value: Option<String>) -> Vec<Option<String>> {", "[[null], [\"\"], [\"x\"]]"),
    ];
    check_without_signature(&cases);
    // What a value of a type variable cannot do, an optional one cannot
    // either, where it is known present (narrowed: a `T`) or not: printing
    // declined. (`===` and truth of it are `JsPrimitive`'s, as for a `T`.)
    for js in [
        "function f(a) {\n  if (a == null) {\n    return '';\n  }\n  return String(a);\n}\n",
        "function f(a) {\n  return a == null ? '' : `${a}`;\n}\n",
    ] {
        if let Some(reason) = typed_decline(js) {
            assert!(reason.contains(" T at line "), "{js}: {reason}");
        }
    }
}

/// Narrowing after a null test: where the flow proves a parameter that
/// may be null present (the branch of `x != null`, the `else` of `x ==
/// null`, after `if (x == null) return ...;`, the right of `x &&`, the arm
/// of `?:` taken only then), its reads are of the value (`let Some(x) = x
/// else { .. }`, or the option unwrapped); a read the source dereferences
/// (`x.length`, `x[i]`) is unwrapped too, and panics where JavaScript
/// throws a TypeError. An array's truth is that it is there.
#[test]
fn javascript_to_rust_narrows_after_a_null_test() {
    let unsigned = [
        case("size_or_zero", "function size_or_zero(array) {\n  return array == null ? 0 : array.length;\n}\n", "fn size_or_zero(array: Option<Vec<i64>>) -> i64 {", "[[null], [[]], [[1, 2, 3]]]"),
        case("last", "function last(array) {\n  var length = array == null ? 0 : array.length;\n  return length ? array[length - 1] : undefined;\n}\n", "fn last(array: Option<Vec<i64>>) -> Option<i64> {", "[[null], [[]], [[4, 5]]]"),
        case("head_or", "function head_or(array, d) {\n  if (array == null) {\n    return d;\n  }\n  return array.length ? array[0] : d;\n}\n", "fn head_or(array: Option<Vec<i64>>, d: i64) -> i64 {", "[[null, 7], [[], 7], [[3, 4], 7]]"),
        case("count", "function count(array) {\n  return array ? array.length : 0;\n}\n", "fn count(array: Option<Vec<String>>) -> i64 {", "[[null], [[]], [[\"a\", \"\"]]]"),
        case("non_empty", "function non_empty(array) {\n  if (array && array.length) {\n    return true;\n  }\n  return false;\n}\n", "fn non_empty(array: Option<Vec<i64>>) -> bool {", "[[null], [[]], [[0]]]"),
        case("guarded_not", "function guarded_not(array) {\n  if (!array) {\n    return -1;\n  }\n  return array.length;\n}\n", "fn guarded_not(array: Option<Vec<i64>>) -> i64 {", "[[null], [[]], [[1, 2]]]"),
        // Read before the test: JavaScript throws on null, Rust panics.
        case("len_first", "function len_first(array) {\n  var n = array.length;\n  return array == null ? -1 : n;\n}\n", "fn len_first(array: Option<Vec<i64>>) -> i64 {", "[[null], [[]], [[1]]]"),
    ];
    check_without_signature(&unsigned);
    let signed = [
        case("shout", "function shout(s) {\n  return s == null ? \"\" : s.toUpperCase();\n}\n", "fn shout(s: Option<String>) -> String {", "[[null], [\"\"], [\"ab\"]]"),
        case("total", "function total(array) {\n  var t = 0;\n  if (array != null) {\n    for (var i = 0; i < array.length; i++) {\n      t += array[i];\n    }\n  }\n  return t;\n}\n", "fn total(array: Option<Vec<i64>>) -> i64 {", "[[null], [[]], [[1, 2, 3]]]"),
        case("plus_one", "function plus_one(n) {\n  return n == null ? 0 : n + 1;\n}\n", "fn plus_one(n: Option<i64>) -> i64 {", "[[null], [0], [-3]]"),
        case("both_sizes", "function both_sizes(a, b) {\n  if (a == null || b == null) {\n    return -1;\n  }\n  return a.length + b.length;\n}\n", "fn both_sizes(a: Option<Vec<i64>>, b: Option<String>) -> i64 {", "[[null, \"x\"], [[1], null], [[], \"\"], [[1, 2], \"abc\"]]"),
        case("until_null", "function until_null(array, k) {\n  var i = 0;\n  while (array != null && i < array.length && array[i] != k) {\n    i++;\n  }\n  return i;\n}\n", "fn until_null(array: Option<Vec<i64>>, k: i64) -> i64 {", "[[null, 1], [[], 1], [[3, 1, 2], 1], [[3], 1]]"),
    ];
    check(&signed);
    // A parameter assigned in the body is not narrowed: its reads stay
    // options, which a dereference declines.
    let js = "function f(array) {\n  if (array == null) {\n    array = [];\n  }\n  return array.length;\n}\n";
    if let Some(reason) = typed_decline(js) {
        assert!(reason.contains("at line "), "{reason}");
    }
}

/// JavaScript's store at an array's length appends (lodash's
/// `result[resIndex++] = value`); a store after a read of the same element
/// is plain. A `Vec`'s `xs[i] = v` panics at the length.
#[test]
fn javascript_to_rust_stores_at_the_length_append() {
    let cases = [
        case("append_all", "function append_all(xs, ys) {\n  var offset = xs.length;\n  for (var i = 0; i < ys.length; i++) {\n    xs[offset + i] = ys[i];\n  }\n  return xs;\n}\n", "fn append_all(xs: Vec<i32>, ys: Vec<i32>) -> Vec<i32> {", "[[[1, 2], [3, 4]], [[], [5]], [[1], []]]"),
        case("evens_only", "function evens_only(xs) {\n  const out = [];\n  let k = 0;\n  for (let i = 0; i < xs.length; i++) {\n    if (xs[i] % 2 === 0) {\n      out[k] = xs[i];\n      k++;\n    }\n  }\n  return out;\n}\n", "fn evens_only(xs: Vec<i32>) -> Vec<i32> {", "[[[1, 2, 4, 7, 8]], [[]], [[3]]]"),
        case("reverse_in_place", "function reverse_in_place(xs) {\n  let i = 0;\n  let j = xs.length - 1;\n  while (i < j) {\n    const t = xs[i];\n    xs[i] = xs[j];\n    xs[j] = t;\n    i++;\n    j--;\n  }\n  return xs;\n}\n", "fn reverse_in_place(xs: Vec<i32>) -> Vec<i32> {", "[[[1, 2, 3, 4]], [[5, 6, 7]], [[]]]"),
    ];
    check(&cases);
    // A store at a negative index sets a property, not an element.
    declines(
        "function f(xs) {\n  xs[-1] = 0;\n  return xs;\n}\n",
        "fn f(xs: Vec<i32>) -> Vec<i32> {",
        "negative index",
    );
}

/// `Array(n)` whose slots the loop after it fills from 0 up (lodash's
/// `result = Array(length); while (++index < length) result[index] = ..`)
/// is an empty `Vec` each store pushes onto; a negative length, a
/// `RangeError` in JavaScript, panics. Without a signature the array's
/// items are of a type variable (lodash's `arrayMap`, `baseTimes`).
#[test]
fn javascript_to_rust_fills_an_array_of_n_slots() {
    check(&[
        case("squares", "function squares(n) {\n  var out = Array(n);\n  for (var i = 0; i < n; i++) {\n    out[i] = i * i;\n  }\n  return out;\n}\n", "fn squares(n: i64) -> Vec<i64> {", "[[0], [1], [4], [-2]]"),
        case("doubled", "function doubled(xs) {\n  var index = -1,\n      length = xs.length,\n      result = Array(length);\n  while (++index < length) {\n    result[index] = xs[index] * 2;\n  }\n  return result;\n}\n", "fn doubled(xs: Vec<i64>) -> Vec<i64> {", "[[[]], [[1, 5, -3]]]"),
    ]);
    check_wrapped(&[
        Wrapped {
            js: "function array_map(array, iteratee) {\n  var index = -1,\n      length = array == null ? 0 : array.length,\n      result = Array(length);\n\n  while (++index < length) {\n    result[index] = iteratee(array[index], index, array);\n  }\n  return result;\n}\n",
            js_wrapper: "function array_map_case(xs) {\n  return array_map(xs, function(x, i) { return x * 10 + i; });\n}\n",
            rust_wrapper: "fn array_map_case(xs: Option<Vec<i64>>) -> Vec<i64> {\n    array_map(xs, |x: &i64, i, _| x * 10 + i)\n}",
            name: "array_map_case",
            inputs: "[[null], [[]], [[1, 2, 3]]]",
            written: "Vec::with_capacity(",
        },
        Wrapped {
            js: "function base_times(n, iteratee) {\n  var index = -1,\n      result = Array(n);\n\n  while (++index < n) {\n    result[index] = iteratee(index);\n  }\n  return result;\n}\n",
            js_wrapper: "function base_times_case(n) {\n  return base_times(n, function(i) { return i * i; });\n}\n",
            rust_wrapper: "fn base_times_case(n: i64) -> Vec<i64> {\n    base_times(n, |i| i * i)\n}",
            name: "base_times_case",
            inputs: "[[0], [3], [-1]]",
            written: "RangeError",
        },
    ]);
    // A `Vec` grows at its end: slots filled from the last down are not
    // its pushes.
    declines(
        "function f(n) {\n  var out = Array(n);\n  while (n--) {\n    out[n] = n;\n  }\n  return out;\n}\n",
        "fn f(n: i64) -> Vec<i64> {",
        "filled from its last slot down",
    );
    // Slots some of which the loop may leave empty stay declined.
    declines(
        "function f(n) {\n  var out = Array(n);\n  for (var i = 0; i < n; i++) {\n    if (i > 1) {\n      out[i] = i;\n    }\n  }\n  return out;\n}\n",
        "fn f(n: i64) -> Vec<i64> {",
        "not filled slot by slot",
    );
}

/// A JSDoc `{number}` parameter whose value indexes an array (itself or
/// through a local computed from it with integers, as lodash's `var index
/// = fromIndex - 1`) is an `i64`: JavaScript reads `undefined` at a
/// fractional index, so the function means an integral one. The inputs
/// keep to non-negative indexes, which the gap table assumes of reads.
#[test]
fn javascript_to_rust_a_number_that_indexes_is_an_integer() {
    let cases = [
        case("from_index", "/**\n * @param {Array} array\n * @param {number} fromIndex\n */\nfunction from_index(array, fromIndex) {\n  var index = fromIndex - 1,\n      length = array.length,\n      out = [];\n  while (++index < length) {\n    out.push(array[index]);\n  }\n  return out;\n}\n", "fn from_index(array: Vec<String>, fromIndex: i64) -> Vec<String> {", "[[[\"a\", \"b\", \"c\"], 1], [[\"a\"], 0], [[\"a\"], 3], [[], 0]]"),
        case("last_from", "/**\n * @param {Array} array\n * @param {number} fromIndex\n */\nfunction last_from(array, fromIndex) {\n  var index = fromIndex + 1;\n  while (index--) {\n    if (array[index] > 2) {\n      return index;\n    }\n  }\n  return index;\n}\n", "fn last_from(array: Vec<i64>, fromIndex: i64) -> i64 {", "[[[1, 5, 3], 2], [[1, 5, 3], 0], [[4], 0]]"),
    ];
    check_without_signature(&cases);
    // Halved too, the number may be fractional: its read stays declined.
    if let Some(reason) = typed_decline(
        "/**\n * @param {Array} xs\n * @param {number} at\n */\nfunction f(xs, at) {\n  return xs[at - 1] + at / 2;\n}\n",
    ) {
        assert!(reason.contains("index that is not an integer"), "{reason}");
    }
}

/// From JavaScript, a value of any type is declined where the body
/// sorts, hashes or finds it (`indexOf`), or compares arrays of it: `===`
/// and a `Set` compare objects by identity, `<` and the default `sort`
/// compare arrays as text, where Rust's `PartialEq`, `Ord` and `Hash` go by
/// value. (`===` and `<` of the values themselves are `JsPrimitive`: see
/// `javascript_to_rust_compares_values_of_any_primitive_type`.)
#[test]
fn javascript_to_rust_type_variables_decline_comparisons() {
    for js in [
        "function f(a, b) {\n  return [a] === [b];\n}\n",
        "function f(xs, ys) {\n  xs.push(1);\n  return xs === ys;\n}\n",
        "function f(xs) {\n  return xs.slice().sort();\n}\n",
        "function f(xs, x) {\n  return xs.indexOf(x) !== -1;\n}\n",
        // Compared as a primitive too: `indexOf` still needs Rust's `==`.
        "function f(xs, a, b) {\n  return a === b && xs.indexOf(a) !== -1;\n}\n",
        "function f(xs) {\n  return new Set(xs).size;\n}\n",
    ] {
        if let Some(reason) = typed_decline(js) {
            assert!(reason.contains("at line "), "{js}: {reason}");
        }
    }
    if let Some(reason) =
        typed_decline("function f(xs, ys) {\n  xs.push(1);\n  return xs === ys;\n}\n")
    {
        assert!(reason.contains("identity"), "{reason}");
    }
}

/// `===`, `!==` and `<` of two values of one type variable: JavaScript
/// compares numbers, strings and booleans by value, as Rust does, and
/// objects by identity, so the variable is bound by `JsPrimitive`, a trait
/// the output implements for the primitives only (a caller passing a `Vec`
/// fails to compile), whose `js_truthy` is JavaScript's truth. Lodash's
/// `strictIndexOf`, `eq`, `baseGt`, `baseIsNaN` and `compact` are of this
/// shape.
#[test]
fn javascript_to_rust_compares_values_of_any_primitive_type() {
    let cases = [
        case("index_of", "function index_of(array, value) {\n  var index = -1,\n      length = array.length;\n  while (++index < length) {\n    if (array[index] === value) {\n      return index;\n    }\n  }\n  return -1;\n}\n", "fn index_of(array: Vec<String>, value: String) -> i64 {", "[[[\"a\", \"b\", \"b\"], \"b\"], [[\"a\"], \"c\"], [[], \"a\"]]"),
        case("index_of_num", "function index_of_num(array, value) {\n  var index = -1,\n      length = array.length;\n  while (++index < length) {\n    if (array[index] === value) {\n      return index;\n    }\n  }\n  return -1;\n}\n", "fn index_of_num(array: Vec<f64>, value: f64) -> i64 {", "[[[1.5, -0.0, 2.0], 0.0], [[1.0], 2.0]]"),
        case("same_value", "function same_value(value, other) {\n  return value === other || (value !== value && other !== other);\n}\n", "fn same_value(value: i64, other: i64) -> bool {", "[[1, 1], [1, 2], [-3, -3]]"),
        case("greater", "function greater(value, other) {\n  return value > other;\n}\n", "fn greater(value: String, other: String) -> bool {", "[[\"b\", \"a\"], [\"a\", \"ab\"], [\"Z\", \"a\"], [\"\", \"\"]]"),
        case("greater_flag", "function greater_flag(value, other) {\n  return value > other;\n}\n", "fn greater_flag(value: bool, other: bool) -> bool {", "[[true, false], [false, true], [true, true]]"),
        // Truth of a value of any type, and `||`/`&&` giving one: a
        // primitive's (`0`, `NaN`, `""`, `false` are false), as lodash's
        // `compact` keeps the true items.
        case("compact", "function compact(array) {\n  var index = -1,\n      length = array == null ? 0 : array.length,\n      resIndex = 0,\n      result = [];\n  while (++index < length) {\n    var value = array[index];\n    if (value) {\n      result[resIndex++] = value;\n    }\n  }\n  return result;\n}\n", "fn compact(array: Option<Vec<f64>>) -> Vec<f64> {", "[[[0.0, 1.5, -0.0, 2.0]], [null], [[]]]"),
        case("compact_words", "function compact_words(array) {\n  var out = [];\n  for (var i = 0; i < array.length; i++) {\n    if (array[i]) out.push(array[i]);\n  }\n  return out;\n}\n", "fn compact_words(array: Vec<String>) -> Vec<String> {", "[[[\"\", \"a\", \"\", \"b\"]], [[]]]"),
        case("either", "function either(a, b) {\n  return a || b;\n}\n", "fn either(a: i64, b: i64) -> i64 {", "[[0, 3], [2, 3], [0, 0]]"),
        case("both", "function both(a, b) {\n  return a && b;\n}\n", "fn both(a: bool, b: bool) -> bool {", "[[true, false], [false, true], [true, true]]"),
        case("either_word", "function either_word(a, b) {\n  return a || b;\n}\n", "fn either_word(a: String, b: String) -> String {", "[[\"\", \"b\"], [\"a\", \"b\"]]"),
    ];
    check_without_signature(&cases);
    let code = translate(Lang::JavaScript, Lang::Rust, cases[2].js, None).unwrap_or_default();
    assert!(
        code.contains("fn same_value<T: JsPrimitive>(value: T, other: T) -> bool"),
        "{code}"
    );
    assert!(
        code.contains("pub trait JsPrimitive") && !code.contains("for Vec"),
        "{code}"
    );
}

/// Asserts that a unit is declined, naming the construct and a line.
// A number as text (`String(x)`, a template literal) is written as
// JavaScript writes it: no `.0`, `1e+21`, `1e-7`, and `0` for -0.
#[test]
fn javascript_to_rust_writes_numbers_as_javascript_does() {
    check(&[case(
        "number_text",
        "const number_text = (x) => `${x}|` + String(x / 4) + `|${x * 1e300 * 10}`;\n",
        "fn number_text(x: f64) -> String {",
        "[[3.0], [0.1], [-0.0], [1e21], [1.5e21], [1e-7], [1e-6], [4e-6], [123456789.125], [-2.5e-9], [1e300], [-7.0]]",
    )]);
}

fn declines(js: &str, signature: &str, construct: &str) {
    match translate(Lang::JavaScript, Lang::Rust, js, Some(signature)) {
        Ok(code) => panic!("expected a decline naming {construct}, got:\n{code}"),
        Err(reason) => assert!(
            reason.contains(construct) && reason.contains("at line "),
            "decline `{reason}` does not name {construct} and a line"
        ),
    }
}

#[test]
fn javascript_to_rust_declines_what_rust_cannot_match() {
    // `xs[0]` of an empty array is `undefined`, where Rust panics.
    declines(
        "const f = (xs) => xs[0];\n",
        "fn f(xs: Vec<i32>) -> i32 {",
        "may be past the end",
    );
    // `===` on arrays compares identity, Rust's `==` values.
    declines(
        "const f = (xs, ys) => xs === ys;\n",
        "fn f(xs: Vec<i32>, ys: Vec<i32>) -> bool {",
        "identity",
    );
    // An array is always true in JavaScript.
    declines(
        "const f = (xs) => (xs ? 1 : 0);\n",
        "fn f(xs: Vec<i32>) -> i32 {",
        "always true",
    );
    // `+` of a string and a number joins them as text.
    declines(
        "const f = (s, n) => s + n;\n",
        "fn f(s: String, n: i32) -> String {",
        "`+` on str and int",
    );
    // `*` on a string is a number in JavaScript, never a repetition.
    declines(
        "const f = (s, n) => s * n;\n",
        "fn f(s: String, n: i32) -> String {",
        "`*`",
    );
    // A parameter the declaration lacks is kept when the body reads it.
    declines(
        "const f = (xs, k) => xs.length + k;\n",
        "fn f(xs: Vec<i32>) -> i32 {",
        "signature with 1 parameters for 2",
    );
    // A function reading `arguments` takes any number of arguments.
    declines(
        "function f(a) {\n  return arguments.length;\n}\n",
        "fn f(a: i32) -> i32 {",
        "`arguments`",
    );
    // `Math.round` rounds halves up, unlike any Rust method.
    declines(
        "const f = (x) => Math.round(x);\n",
        "fn f(x: f64) -> i32 {",
        "`Math.round`",
    );
    // A closure assigning its function's variable (Python's `nonlocal`)
    // would borrow it mutably while it lives.
    declines(
        "function f(n) {\n  let s = 0;\n  function add(k) {\n    s += k;\n  }\n  add(n);\n  return s;\n}\n",
        "fn f(n: i32) -> i32 {",
        "nested function",
    );
}

/// A unit run through a wrapper written in each language (the harness
/// cannot pass or return a closure): the unit's JavaScript, the wrapper's
/// JavaScript and Rust, the wrapper's name and declaration, inputs.
struct Wrapped {
    js: &'static str,
    js_wrapper: &'static str,
    rust_wrapper: &'static str,
    name: &'static str,
    inputs: &'static str,
    /// What the translation must contain.
    written: &'static str,
}

/// Translates each unit without a signature, as a tree is, and compares
/// its wrapper's results in both languages.
fn check_wrapped(cases: &[Wrapped]) {
    let mut js_cases = Vec::new();
    let mut codes = Vec::new();
    for c in cases {
        let code = translate(Lang::JavaScript, Lang::Rust, c.js, None)
            .unwrap_or_else(|reason| panic!("{}: declined: {reason}", c.name));
        assert!(code.contains(c.written), "{}: {code}", c.name);
        js_cases.push((
            c.name.to_string(),
            format!("{}{}", c.js, c.js_wrapper),
            c.inputs.to_string(),
        ));
        codes.push(format!("{code}\n{}\n", c.rust_wrapper));
    }
    let rust_cases: Vec<RustCase> = cases
        .iter()
        .zip(&codes)
        .map(|(c, code)| RustCase {
            name: c.name,
            declaration: c.rust_wrapper,
            inputs: c.inputs,
            code,
        })
        .collect();
    assert_agree(&js_cases, &rust_cases);
}

/// A function returning a lambda without parameters (lodash's and
/// underscore's `constant`) returns `impl Fn() -> R`, a `move` closure
/// giving a copy of what it captured on each call; the wrappers call the
/// returned function twice.
#[test]
fn javascript_to_rust_returns_a_closure_without_parameters() {
    check_wrapped(&[
        Wrapped {
            js: "function constant(value) {\n  return function() {\n    return value;\n  };\n}\n",
            js_wrapper: "function constant_twice(x) {\n  var f = constant(x);\n  return [f(), f()];\n}\n",
            rust_wrapper: "fn constant_twice(x: String) -> Vec<String> {\n    let f = constant(x);\n    vec![f(), f()]\n}",
            name: "constant_twice",
            inputs: "[[\"a\"], [\"\"]]",
            written: "impl Fn() -> T",
        },
        Wrapped {
            js: "function doubled(n) {\n  return () => n * 2.5;\n}\n",
            js_wrapper: "function doubled_twice(x) {\n  var f = doubled(x);\n  return [f(), f()];\n}\n",
            rust_wrapper: "fn doubled_twice(x: f64) -> Vec<f64> {\n    let f = doubled(x);\n    vec![f(), f()]\n}",
            name: "doubled_twice",
            inputs: "[[1.0], [-3.0]]",
            written: "impl Fn() -> f64",
        },
        Wrapped {
            js: "function greeting(name) {\n  var text = 'hi ' + name.toUpperCase();\n  return function() {\n    return text;\n  };\n}\n",
            js_wrapper: "function greeting_twice(x) {\n  var f = greeting(x);\n  return [f(), f()];\n}\n",
            rust_wrapper: "fn greeting_twice(x: String) -> Vec<String> {\n    let f = greeting(x);\n    vec![f(), f()]\n}",
            name: "greeting_twice",
            inputs: "[[\"ann\"], [\"\"]]",
            written: "impl Fn() -> String",
        },
    ]);
}

/// A parameter the body only calls (lodash's `thru`, underscore's `tap`)
/// is `impl Fn(&T) -> U`, of the types of its call's arguments (numbers by
/// value, others borrowed), giving a value of a type variable of its own.
#[test]
fn javascript_to_rust_calls_a_function_parameter() {
    check_wrapped(&[
        Wrapped {
            js: "function thru(value, interceptor) {\n  return interceptor(value);\n}\n",
            js_wrapper: "function thru_case(x) {\n  return thru(x, function(v) { return v * 2.5; });\n}\n",
            rust_wrapper: "fn thru_case(x: f64) -> f64 {\n    thru(x, |v: &f64| v * 2.5)\n}",
            name: "thru_case",
            inputs: "[[1.0], [-3.0]]",
            written: "impl Fn(&T) -> U",
        },
        Wrapped {
            js: "function tap(obj, interceptor) {\n  interceptor(obj);\n  return obj;\n}\n",
            js_wrapper: "function tap_case(x) {\n  var seen = [];\n  var r = tap(x, function(v) { seen.push(v.length); });\n  return r + ':' + seen.join(',');\n}\n",
            rust_wrapper: "fn tap_case(x: String) -> String {\n    let seen = std::cell::RefCell::new(Vec::new());\n    let r = tap(x, |v: &String| seen.borrow_mut().push(v.len()));\n    let seen: Vec<String> = seen.borrow().iter().map(|n| n.to_string()).collect();\n    format!(\"{}:{}\", r, seen.join(\",\"))\n}",
            name: "tap_case",
            inputs: "[[\"abc\"], [\"\"]]",
            written: "impl Fn(&T) -> U",
        },
        Wrapped {
            js: "function scaled(n, f) {\n  var k = n * 2;\n  return [f(k), f(k + 1)];\n}\n",
            js_wrapper: "function scaled_case(n) {\n  return scaled(n, function(i) { return i * 10; });\n}\n",
            rust_wrapper: "fn scaled_case(n: i64) -> Vec<i64> {\n    scaled(n, |i| i * 10)\n}",
            name: "scaled_case",
            inputs: "[[1], [-3]]",
            written: "impl Fn(i64) -> T",
        },
    ]);
}

/// A callback called with an item of an array parameter of any type
/// (lodash's `arrayMap`, `arrayEach`) takes the item as `&T`, the index as
/// a number and the array as `&Vec<T>`, in the arity the body calls it
/// with.
#[test]
fn javascript_to_rust_calls_a_callback_with_items_of_any_type() {
    check_wrapped(&[
        Wrapped {
            js: "function array_map(array, iteratee) {\n  var index = -1, length = array.length, result = [];\n  while (++index < length) {\n    result.push(iteratee(array[index], index));\n  }\n  return result;\n}\n",
            js_wrapper: "function array_map_case(xs) {\n  return array_map(xs, function(x, i) { return x * 10 + i; });\n}\n",
            rust_wrapper: "fn array_map_case(xs: Vec<i64>) -> Vec<i64> {\n    array_map(xs, |x: &i64, i| x * 10 + i)\n}",
            name: "array_map_case",
            inputs: "[[[1, 2, 3]], [[]]]",
            written: "iteratee: impl Fn(&T, i64) -> U",
        },
        Wrapped {
            js: "function array_each(array, iteratee) {\n  var index = -1, length = array.length;\n  while (++index < length) {\n    iteratee(array[index], index, array);\n  }\n  return array;\n}\n",
            js_wrapper: "function array_each_case(xs) {\n  var seen = [];\n  var r = array_each(xs, function(x, i, a) { seen.push(x + i * a.length); });\n  return seen.concat(r);\n}\n",
            rust_wrapper: "fn array_each_case(xs: Vec<i64>) -> Vec<i64> {\n    let seen = std::cell::RefCell::new(Vec::new());\n    let r = array_each(xs, |x: &i64, i, a: &Vec<i64>| seen.borrow_mut().push(x + i * a.len() as i64));\n    let mut seen = seen.into_inner();\n    seen.extend(r);\n    seen\n}",
            name: "array_each_case",
            inputs: "[[[1, 2, 5]], [[]]]",
            written: "iteratee: impl Fn(&T, i64, &Vec<T>) -> U",
        },
    ]);
}

/// lodash's loops over an array that may be null (`length = array ==
/// null ? 0 : array.length`) with a callback: the array is
/// `Option<Vec<T>>`, read unwrapped in the loop, and a callback called only
/// for a truth value (`if (predicate(..))`, `iteratee(..) === false`)
/// gives a `bool`. Null and empty arrays among the inputs.
#[test]
fn javascript_to_rust_loops_over_an_array_that_may_be_null() {
    check_wrapped(&[
        Wrapped {
            js: "function array_some(array, predicate) {\n  var index = -1,\n      length = array == null ? 0 : array.length;\n\n  while (++index < length) {\n    if (predicate(array[index], index, array)) {\n      return true;\n    }\n  }\n  return false;\n}\n",
            js_wrapper: "function array_some_case(xs) {\n  return array_some(xs, function(x, i) { return x > i; });\n}\n",
            rust_wrapper: "fn array_some_case(xs: Option<Vec<i64>>) -> bool {\n    array_some(xs, |x: &i64, i, _| *x > i)\n}",
            name: "array_some_case",
            inputs: "[[null], [[]], [[0, 1]], [[0, 5]]]",
            written: "predicate: impl Fn(&T, i64, &Option<Vec<T>>) -> bool",
        },
        Wrapped {
            js: "function array_each(array, iteratee) {\n  var index = -1,\n      length = array == null ? 0 : array.length;\n\n  while (++index < length) {\n    if (iteratee(array[index], index, array) === false) {\n      break;\n    }\n  }\n  return array;\n}\n",
            js_wrapper: "function array_each_case(xs) {\n  var seen = [];\n  var r = array_each(xs, function(x) { seen.push(x); return x < 3; });\n  return seen.length * 100 + (r == null ? -1 : r.length);\n}\n",
            rust_wrapper: "fn array_each_case(xs: Option<Vec<i64>>) -> i64 {\n    let seen = std::cell::RefCell::new(Vec::new());\n    let r = array_each(xs, |x: &i64, _, _| { seen.borrow_mut().push(*x); *x < 3 });\n    let n = seen.borrow().len() as i64;\n    n * 100 + r.map_or(-1, |v| v.len() as i64)\n}",
            name: "array_each_case",
            inputs: "[[null], [[]], [[1, 5, 2]], [[1, 2]]]",
            written: "iteratee: impl Fn(&T, i64, &Option<Vec<T>>) -> bool",
        },
        // The item read into a local before the call: the callback is
        // typed once the array is (a second round of type variables).
        Wrapped {
            js: "function array_filter(array, predicate) {\n  var index = -1,\n      length = array == null ? 0 : array.length,\n      resIndex = 0,\n      result = [];\n\n  while (++index < length) {\n    var value = array[index];\n    if (predicate(value, index, array)) {\n      result[resIndex++] = value;\n    }\n  }\n  return result;\n}\n",
            js_wrapper: "function array_filter_case(xs) {\n  var kept = array_filter(xs, function(x, i) { return x > i; });\n  return kept.length * 1000 + (kept.length ? kept[kept.length - 1] : -1);\n}\n",
            rust_wrapper: "fn array_filter_case(xs: Option<Vec<i64>>) -> i64 {\n    let kept = array_filter(xs, |x: &i64, i, _| *x > i);\n    kept.len() as i64 * 1000 + kept.last().copied().unwrap_or(-1)\n}",
            name: "array_filter_case",
            inputs: "[[null], [[]], [[0, 1]], [[0, 5, 7, 1]]]",
            written: "predicate: impl Fn(&T, i64, &Option<Vec<T>>) -> bool",
        },
        Wrapped {
            js: "function find_at(array, predicate) {\n  var index = -1,\n      length = array == null ? 0 : array.length;\n\n  while (++index < length) {\n    var value = array[index];\n    if (predicate(value, index)) {\n      return index;\n    }\n  }\n  return -1;\n}\n",
            js_wrapper: "function find_at_case(xs) {\n  return find_at(xs, function(s) { return s.length > 1; });\n}\n",
            rust_wrapper: "fn find_at_case(xs: Option<Vec<String>>) -> i64 {\n    find_at(xs, |s: &String, _| s.chars().count() > 1)\n}",
            name: "find_at_case",
            inputs: "[[null], [[]], [[\"a\", \"\"]], [[\"a\", \"bc\", \"de\"]]]",
            written: "predicate: impl Fn(&T, i64) -> bool",
        },
    ]);
}

/// A returned function giving an array would give a copy on each call,
/// where JavaScript gives the one array its caller may change; one taking
/// parameters has nothing that types them. A called parameter is one
/// closure type.
#[test]
fn javascript_to_rust_declines_returned_closures_it_cannot_match() {
    for (js, construct) in [
        (
            "function f(n) {\n  var xs = [n];\n  return function() {\n    return xs;\n  };\n}\n",
            "each call would give a copy",
        ),
        (
            "function f(n) {\n  return function(k) {\n    return n + k;\n  };\n}\n",
            "lambda",
        ),
        // A called parameter takes the types of its first call's
        // arguments; a Rust closure has one signature.
        (
            "function f(g, s) {\n  return [g(s.length), g(s.toUpperCase())];\n}\n",
            "other types than its first call",
        ),
        // Called with different numbers of arguments, it has no type.
        (
            "function f(g, s) {\n  return [g(s.length), g(s, s)];\n}\n",
            "`g` whose type is unknown",
        ),
    ] {
        if let Some(reason) = typed_decline(js) {
            assert!(
                reason.contains(construct) && reason.contains("at line "),
                "decline `{reason}` does not name {construct} and a line"
            );
        }
    }
}
