//! The rules engine from Python to Rust, construct by construct: each case
//! is a Python function, the Rust declaration it must match (as `xlate eval`
//! and `--signatures` give it) and inputs; the Python runs with `python3`,
//! the translation is compiled with `rustc` (all cases in one program, so
//! one compile) and run, and the results must agree on every input the
//! Python accepts. Where Python raises, Rust must panic.

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;
use xlate::lang::Lang;

use super::rules::translate;

/// A Python function, its Rust declaration, and inputs (a JSON array of
/// argument lists).
struct Case {
    name: &'static str,
    python: &'static str,
    rust: &'static str,
    inputs: &'static str,
}

const fn case(
    name: &'static str,
    python: &'static str,
    rust: &'static str,
    inputs: &'static str,
) -> Case {
    Case {
        name,
        python,
        rust,
        inputs,
    }
}

const PY_RUNNER: &str = r#"
import json, sys
def norm(v):
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    return v
out = []
for name, code, inputs in json.load(sys.stdin):
    ns = {}
    exec(code, ns)
    results = []
    for args in json.loads(inputs):
        try:
            results.append({"ok": norm(ns[name](*args))})
        except Exception as e:
            results.append({"error": type(e).__name__})
    out.append(results)
print(json.dumps(out))
"#;

/// The Rust program's prelude: results as JSON, panics caught.
const RS_PRELUDE: &str = r#"#![allow(warnings)]
pub trait J { fn j(&self) -> String; }
macro_rules! num { ($($t:ty),*) => { $(impl J for $t { fn j(&self) -> String { format!("{:?}", self) } })* } }
num!(i8, i16, i32, i64, isize, u8, u16, u32, u64, usize, f32, f64, bool);
impl J for String { fn j(&self) -> String { format!("{:?}", self) } }
impl J for &str { fn j(&self) -> String { format!("{:?}", self) } }
impl J for char { fn j(&self) -> String { format!("{:?}", self.to_string()) } }
impl J for () { fn j(&self) -> String { "null".into() } }
impl<T: J> J for Vec<T> { fn j(&self) -> String { format!("[{}]", self.iter().map(|x| x.j()).collect::<Vec<_>>().join(",")) } }
impl<T: J> J for Option<T> { fn j(&self) -> String { match self { Some(x) => x.j(), None => "null".into() } } }
impl<A: J, B: J> J for (A, B) { fn j(&self) -> String { format!("[{},{}]", self.0.j(), self.1.j()) } }
impl<A: J, B: J, C: J> J for (A, B, C) { fn j(&self) -> String { format!("[{},{},{}]", self.0.j(), self.1.j(), self.2.j()) } }
impl<A: J, B: J, C: J, D: J> J for (A, B, C, D) { fn j(&self) -> String { format!("[{},{},{},{}]", self.0.j(), self.1.j(), self.2.j(), self.3.j()) } }
pub fn catch(f: impl FnOnce() -> String + std::panic::UnwindSafe) -> String {
    match std::panic::catch_unwind(f) {
        Ok(v) => format!("{{\"ok\":{v}}}"),
        Err(_) => "{\"error\":\"panic\"}".to_string(),
    }
}
"#;

/// A JSON value as a Rust expression of the declared type.
fn rust_arg(v: &Value, ty: &str) -> String {
    let ty = ty.trim();
    if ty == "js::Value" {
        return js_value(v);
    }
    if let Some(inner) = ty.strip_prefix('&') {
        if inner.trim() == "str" {
            return format!("{:?}", v.as_str().expect("a string input"));
        }
        return format!("&{}", rust_arg(v, inner));
    }
    if let Some(inner) = ty.strip_prefix("Option<").and_then(|t| t.strip_suffix('>')) {
        // `None` names its item type, as an empty list does (below).
        return match v {
            Value::Null => format!("None::<{inner}>"),
            _ => format!("Some({})", rust_arg(v, inner)),
        };
    }
    if let Some(item) = ty.strip_prefix("Vec<").and_then(|t| t.strip_suffix('>')) {
        let items: Vec<String> = v
            .as_array()
            .expect("a list input")
            .iter()
            .map(|x| rust_arg(x, item))
            .collect();
        // An empty list names its item type: a generic function's
        // parameter takes it from the argument.
        if items.is_empty() {
            return format!("Vec::<{item}>::new()");
        }
        return format!("vec![{}]", items.join(", "));
    }
    match ty {
        "String" => format!("{:?}.to_string()", v.as_str().expect("a string input")),
        "char" => format!(
            "{:?}",
            v.as_str().and_then(|s| s.chars().next()).expect("a char")
        ),
        "f32" | "f64" => format!("{:?}_{ty}", v.as_f64().expect("a number")),
        "bool" => v.to_string(),
        _ => format!("{}_{ty}", v),
    }
}

/// The parameter types of a Rust declaration, as written.
/// A JSON value as the `js::Value` JavaScript's `JSON.parse` would give
/// (`rust_dynamic`'s runtime).
fn js_value(v: &Value) -> String {
    match v {
        Value::Null => "js::Value::Null".into(),
        Value::Bool(b) => format!("js::Value::Bool({b})"),
        Value::Number(n) => format!("js::Value::Num({:?})", n.as_f64().expect("a number")),
        Value::String(s) => format!("js::Value::from({s:?})"),
        Value::Array(xs) => format!(
            "js::array(vec![{}])",
            xs.iter().map(js_value).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(props) => format!(
            "js::object(vec![{}])",
            props
                .iter()
                .map(|(k, x)| format!("({k:?}, {})", js_value(x)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn param_types(decl: &str) -> Vec<String> {
    // The parameters run from the first `(` to its matching `)`.
    let open = decl.find('(').map_or(decl.len(), |i| i + 1);
    let mut level = 1i32;
    let close = decl[open..]
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '(' => level += 1,
                ')' => level -= 1,
                _ => {}
            }
            level == 0
        })
        .map_or(decl.len(), |(i, _)| open + i);
    let inside = &decl[open..close];
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    let bytes = inside.as_bytes();
    for (i, c) in inside.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(inside[start..i].to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < bytes.len() {
        out.push(inside[start..].to_string());
    }
    out.iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.split_once(':').map_or("", |(_, t)| t).trim().to_string())
        .collect()
}

fn run_python(cases: &[&Case]) -> Vec<Vec<Value>> {
    let payload: Vec<(String, String, String)> = cases
        .iter()
        .map(|c| {
            (
                c.name.to_string(),
                c.python.to_string(),
                c.inputs.to_string(),
            )
        })
        .collect();
    let mut child = Command::new("python3")
        .args(["-c", PY_RUNNER])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(serde_json::to_string(&payload).expect("json").as_bytes())
        .expect("write cases");
    let out = child.wait_with_output().expect("python3 finishes");
    assert!(
        out.status.success(),
        "python3: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("python3 prints JSON")
}

/// Compiles the translations into one program and runs every input.
fn run_rust(cases: &[&Case], translations: &[String]) -> Vec<Vec<Value>> {
    let items: Vec<RustCase> = cases
        .iter()
        .zip(translations)
        .map(|(c, code)| RustCase {
            name: c.name,
            declaration: c.rust,
            inputs: c.inputs,
            code,
        })
        .collect();
    compile_and_run(&items)
}

/// A translation to Rust to run: its function's name and declaration,
/// inputs (a JSON array of argument lists) and its code.
pub(crate) struct RustCase<'a> {
    pub name: &'a str,
    pub declaration: &'a str,
    pub inputs: &'a str,
    pub code: &'a str,
}

/// Compiles translations into one program (one `rustc` run) and calls
/// each on its inputs: per case, `{"ok": value}` or `{"error": "panic"}`.
pub(crate) fn compile_and_run(cases: &[RustCase]) -> Vec<Vec<Value>> {
    let mut program = String::from(RS_PRELUDE);
    let mut main = String::from("fn main() {\n    std::panic::set_hook(Box::new(|_| {}));\n    let mut all: Vec<String> = Vec::new();\n");
    for (i, c) in cases.iter().enumerate() {
        let code = c.code;
        let types = param_types(c.declaration);
        let inputs: Value = serde_json::from_str(c.inputs).expect("inputs are JSON");
        let mut calls = Vec::new();
        for args in inputs.as_array().expect("a list of argument lists") {
            let args: Vec<String> = args
                .as_array()
                .expect("an argument list")
                .iter()
                .zip(&types)
                .map(|(v, t)| rust_arg(v, t))
                .collect();
            calls.push(format!("catch(|| {}({}).j())", c.name, args.join(", ")));
        }
        program.push_str(&format!(
            "mod case{i} {{\nuse super::{{catch, J}};\n{code}\npub fn run() -> String {{ format!(\"[{{}}]\", [{}].join(\",\")) }}\n}}\n",
            calls.join(", ")
        ));
        main.push_str(&format!("    all.push(case{i}::run());\n"));
    }
    main.push_str("    println!(\"[{}]\", all.join(\",\"));\n}\n");
    program.push_str(&main);
    let dir = tempfile::tempdir().expect("a temporary directory");
    let src = dir.path().join("cases.rs");
    std::fs::write(&src, &program).expect("write the program");
    let bin = dir.path().join("cases");
    let compiled = Command::new("rustc")
        .args(["--edition", "2021", "-o"])
        .arg(&bin)
        .arg(&src)
        .output()
        .expect("rustc runs");
    assert!(
        compiled.status.success(),
        "the translations do not compile:\n{}\n--- program:\n{program}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let out = Command::new(&bin).output().expect("the program runs");
    assert!(out.status.success(), "the program failed");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "program output: {e}: {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Where the source's results and Rust's differ, one message per input:
/// where the source threw or raised, Rust must have panicked. `same`
/// compares two results.
pub(crate) fn disagreements(
    source: &str,
    name: &str,
    expected: &[Value],
    actual: &[Value],
    translation: &str,
    same: fn(&Value, &Value) -> bool,
) -> Vec<String> {
    let mut found = Vec::new();
    for (j, (want, got)) in expected.iter().zip(actual).enumerate() {
        let agree = match (want.get("ok"), got.get("ok")) {
            (Some(w), Some(g)) => same(w, g),
            (None, None) => true,
            _ => false,
        };
        if !agree {
            found.push(format!(
                "{name} input #{j}: {source} gave {want}, Rust gave {got}\n--- translation:\n{translation}"
            ));
        }
    }
    found
}

/// Deep equality, numbers by value (`2.0` is `2`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x - y).abs() <= 1e-9 * x.abs().max(1.0)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        _ => a == b,
    }
}

/// Translates, runs both sides, and compares every result.
fn check(cases: &[Case]) {
    check_with(cases, true)
}

/// As [`check`], but translating without the target signature, as a tree
/// is translated: the types come from annotations, defaults and uses, and
/// the declaration only types the inputs.
fn check_without_signature(cases: &[Case]) {
    check_with(cases, false)
}

fn check_with(cases: &[Case], signed: bool) {
    let mut failures = Vec::new();
    let mut kept = Vec::new();
    let mut translations = Vec::new();
    for c in cases {
        let signature = signed.then_some(c.rust);
        match translate(Lang::Python, Lang::Rust, c.python, signature) {
            Ok(code) => {
                kept.push(c);
                translations.push(code);
            }
            Err(reason) => failures.push(format!("{}: declined: {reason}", c.name)),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let expected = run_python(&kept);
    let actual = run_rust(&kept, &translations);
    for (i, c) in kept.iter().enumerate() {
        let compared = expected[i].iter().filter(|r| r.get("ok").is_some()).count();
        assert!(
            compared > 0,
            "{}: Python accepts none of the inputs",
            c.name
        );
        failures.extend(disagreements(
            "Python",
            c.name,
            &expected[i],
            &actual[i],
            &translations[i],
            same,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn python_to_rust_agrees_on_every_construct() {
    let cases = [
        // Python's `//` and `%` floor on negative numbers (a helper), and
        // are Rust's own operators where both sides are non-negative.
        case("floor_div", "def floor_div(a, b):\n    return a // b, a % b\n", "fn floor_div(a: i32, b: i32) -> (i32, i32) {", "[[7, 2], [-7, 2], [7, -2], [-7, -2], [1, 0]]"),
        // A nested function that appends to its parameter takes it `&mut`:
        // the caller's list changes, as Python's does.
        case("lend", "def lend(n: int):\n    ys = [n]\n    def add(xs, k):\n        xs.append(k)\n    add(ys, 1)\n    add(ys, n)\n    return ys\n", "fn lend(n: i64) -> Vec<i64> {", "[[0], [5], [-2]]"),
        // A row built, then appended, and bound to a new list at the next
        // turn: the push may move it (nothing uses the old list after).
        case("build_rows", "def build_rows(n: int, m: int):\n    grid = []\n    for i in range(n):\n        row = []\n        for j in range(m):\n            row.append(i * j)\n        grid.append(row)\n    return grid\n", "fn build_rows(n: i64, m: i64) -> Vec<Vec<i64>> {", "[[2, 3], [0, 1], [3, 0]]"),
        case("digits", "def digits(n):\n    out = []\n    while n > 0:\n        out.append(n % 10)\n        n = n // 10\n    return out\n", "fn digits(n: i32) -> Vec<i32> {", "[[1234], [0], [7]]"),
        // Python's float `%` takes the divisor's sign too.
        case("fmod", "def fmod(x, y):\n    return x % y\n", "fn fmod(x: f64, y: f64) -> f64 {", "[[3.5, 1.0], [-3.25, 1.0], [3.5, -2.0], [1.0, 0.0]]"),
        // `/` always gives a float.
        case("mean", "def mean(xs):\n    return sum(xs) / len(xs)\n", "fn mean(xs: Vec<i32>) -> f64 {", "[[[1, 2]], [[5]], [[]]]"),
        // Negative indexes count from the end; past the end raises.
        case("pick", "def pick(xs, i):\n    return xs[i] + xs[-1]\n", "fn pick(xs: Vec<i64>, i: i64) -> i64 {", "[[[1, 2, 3], 0], [[1, 2, 3], -1], [[1, 2, 3], -3], [[1, 2, 3], 3], [[1, 2, 3], -4]]"),
        // Slices clip their bounds, count negatives from the end, reverse.
        case("slices", "def slices(xs, a, b):\n    return xs[a:b] + xs[:a] + xs[::-1]\n", "fn slices(xs: Vec<i32>, a: i32, b: i32) -> Vec<i32> {", "[[[1, 2, 3, 4], 1, 3], [[1, 2, 3, 4], -2, 10], [[1, 2, 3, 4], 3, 1], [[], 0, 5]]"),
        case("text_slices", "def text_slices(s: str) -> str:\n    return s[1:] + s[:-1] + s[::-1]\n", "fn text_slices(s: &str) -> String {", "[[\"héllo\"], [\"\"], [\"a\"]]"),
        // Strings are measured and indexed in characters, not bytes.
        // `round()` halves to even; a float that is NaN, infinite or past
        // the width panics where Python raises (or would need a wider int).
        case("whole", "import math\n\ndef whole(x: float, k: int):\n    big = x * 1e308 * 10\n    y = x if k == 0 else (big if k == 1 else big - big)\n    return round(y), int(y), math.floor(y), math.ceil(y)\n", "fn whole(x: f64, k: i64) -> (i64, i64, i64, i64) {", "[[2.5, 0], [-2.5, 0], [-0.5, 0], [-3.7, 0], [1.0, 1], [1.0, 2]]"),
        case("chars", "def chars(s):\n    return len(s), s[0], s[-1], s.find('l')\n", "fn chars(s: String) -> (i32, char, char, i32) {", "[[\"héllo\"], [\"x\"], [\"\"]]"),
        // String methods.
        case("words", "def words(s):\n    return ' '.join(w.upper() for w in s.split())\n", "fn words(s: &str) -> String {", "[[\"  a bc  d \"], [\"\"]]"),
        case("fields", "def fields(s):\n    return [f.strip() for f in s.split(',') if f]\n", "fn fields(s: &str) -> Vec<String> {", "[[\"a, b,,c \"], [\"\"], [\",\"]]"),
        case("tests", "def tests(s):\n    n = 0\n    for c in s:\n        if c.isdigit() or c.isupper():\n            n += 1\n    return n, s.replace('a', 'o'), s.startswith('ab'), s.count('a')\n", "fn tests(s: &str) -> (i32, String, bool, i32) {", "[[\"abA1aa\"], [\"\"], [\"ab\"]]"),
        // Characters: comparison with a one-character literal, `ord`/`chr`.
        case("shift", "def shift(s):\n    out = ''\n    for c in s:\n        if c == ' ':\n            out += c\n        else:\n            out += chr((ord(c) - ord('a') + 1) % 26 + ord('a'))\n    return out\n", "fn shift(s: &str) -> String {", "[[\"abz y\"], [\"\"]]"),
        // Comprehensions, `sum`, `min`, `max`, `sorted` with `key`/`reverse`.
        case("evens", "def evens(xs):\n    return [x * x for x in xs if x % 2 == 0]\n", "fn evens(xs: Vec<i32>) -> Vec<i32> {", "[[[1, 2, 3, 4, -2]], [[]]]"),
        case("stats", "def stats(xs):\n    return min(xs), max(xs), sum(x for x in xs if x > 0)\n", "fn stats(xs: Vec<i64>) -> (i64, i64, i64) {", "[[[3, -1, 2]], [[5]], [[]]]"),
        case("ordered", "def ordered(xs):\n    return sorted(xs, reverse=True) + sorted(xs, key=lambda x: abs(x))\n", "fn ordered(xs: Vec<i32>) -> Vec<i32> {", "[[[3, -1, 2, -3, 1]], [[]]]"),
        case("by_length", "def by_length(ws):\n    return sorted(ws, key=lambda w: len(w))\n", "fn by_length(ws: Vec<String>) -> Vec<String> {", "[[[\"ccc\", \"a\", \"bb\", \"d\"]]]"),
        case("floats", "def floats(xs):\n    return max(xs) - min(xs) + abs(xs[0])\n", "fn floats(xs: Vec<f64>) -> f64 {", "[[[1.5, -2.0, 3.25]], [[]]]"),
        // `any`/`all`, `enumerate`, `zip`, `reversed`, `range` with a step.
        case("checks", "def checks(xs):\n    return any(x < 0 for x in xs), all(xs[i] <= xs[i + 1] for i in range(len(xs) - 1))\n", "fn checks(xs: Vec<i32>) -> (bool, bool) {", "[[[1, 2, 3]], [[3, -1]], [[]]]"),
        case("pairs", "def pairs(xs, ys):\n    out = []\n    for i, (x, y) in enumerate(zip(xs, ys)):\n        out.append(i * x + y)\n    for k in range(10, 0, -3):\n        out.append(k)\n    for x in reversed(xs):\n        out.append(x)\n    return out\n", "fn pairs(xs: Vec<i32>, ys: Vec<i32>) -> Vec<i32> {", "[[[1, 2, 3], [4, 5]], [[], [1]]]"),
        // Truthiness of numbers, strings and lists; chained comparisons.
        case("truth", "def truth(n, s, xs):\n    if n and s and not xs:\n        return 1\n    return 0 if 0 < n <= 10 else 2\n", "fn truth(n: i32, s: String, xs: Vec<i32>) -> i32 {", "[[1, \"a\", []], [0, \"a\", []], [5, \"\", [1]], [11, \"a\", [1]]]"),
        // Membership in strings, lists, tuples written out and dicts.
        case("member", "def member(c, xs):\n    d = {'a': 1}\n    return c in 'aeiou', c in ('x', 'y'), len(c) in xs, c in d\n", "fn member(c: &str, xs: Vec<i32>) -> (bool, bool, bool, bool) {", "[[\"a\", [1]], [\"y\", [2]], [\"zz\", []]]"),
        // `for ... else`, `break`, `continue`, `while`.
        case("first_factor", "def first_factor(n):\n    for i in range(2, n):\n        if n % i == 0:\n            break\n    else:\n        return n\n    return i\n", "fn first_factor(n: i32) -> i32 {", "[[15], [13], [4]]"),
        case("collatz", "def collatz(n):\n    steps = 0\n    while n != 1:\n        if n % 2 == 0:\n            n //= 2\n            continue\n        n = 3 * n + 1\n        steps += 1\n    return steps\n", "fn collatz(n: i64) -> i64 {", "[[6], [1], [27]]"),
        // A name first set in a branch and read after it.
        case("branch_name", "def branch_name(x):\n    if x > 0:\n        sign = 'plus'\n    else:\n        sign = 'minus'\n    return sign\n", "fn branch_name(x: i32) -> String {", "[[1], [-1]]"),
        // Nested functions, typed from their calls.
        case("outer", "def outer(xs):\n    def twice(v):\n        return v * 2\n    return [twice(x) for x in xs]\n", "fn outer(xs: Vec<i32>) -> Vec<i32> {", "[[[1, -2]], [[]]]"),
        // `None` for an optional result, and falling off the end.
        case("find_long", "def find_long(ws):\n    if not ws:\n        return None\n    for w in ws:\n        if len(w) > 2:\n            return w\n    return None\n", "fn find_long(ws: Vec<String>) -> Option<String> {", "[[[\"ab\", \"abc\"]], [[]], [[\"a\"]]]"),
        // List methods, dict stores and reads, sets.
        case("lists", "def lists(xs):\n    ys = list(xs)\n    ys.insert(0, 9)\n    ys.remove(9)\n    ys.sort()\n    ys.reverse()\n    last = ys.pop()\n    return ys, last, ys.count(3), xs.index(3)\n", "fn lists(xs: Vec<i32>) -> (Vec<i32>, i32, i32, i32) {", "[[[3, 1, 3, 2]], [[1]]]"),
        // Regression: the search's closure named its item `x`, which hid
        // the parameter `x` (`*x == x.clone()` held for every item).
        case("find_x", "def find_x(ws, x):\n    ws.remove(x)\n    return ws.index(x) * 10 + ws.count(x)\n", "fn find_x(ws: Vec<String>, x: String) -> i64 {", "[[[\"a\", \"b\", \"c\", \"b\"], \"b\"], [[\"b\", \"a\"], \"b\"]]"),
        // Regression: closures' own names (`|v|`, `|a, b|`) hid locals of
        // those names that the needle or the sort key reads.
        case("hidden_names", "def hidden_names(ws, v, a):\n    return v in ws, sorted(ws, key=lambda w: abs(len(w) - a)), sorted(ws, key=lambda w: abs(len(w) - a), reverse=True)\n", "fn hidden_names(ws: Vec<String>, v: String, a: i64) -> (bool, Vec<String>, Vec<String>) {", "[[[\"abc\", \"a\", \"ab\"], \"zz\", 2], [[], \"a\", 0], [[\"a\"], \"a\", 5]]"),
        case("counts", "def counts(s):\n    d = {}\n    for c in s:\n        d[c] = d.get(c, 0) + 1\n    best = 0\n    for c in s:\n        if d[c] > best:\n            best = d[c]\n    return best\n", "fn counts(s: &str) -> i32 {", "[[\"abcab\"], [\"\"]]"),
        case("distinct", "def distinct(xs):\n    seen = set()\n    out = []\n    for x in xs:\n        if x not in seen:\n            seen.add(x)\n            out.append(x)\n    return out\n", "fn distinct(xs: Vec<i32>) -> Vec<i32> {", "[[[1, 2, 1, 3, 2]], [[]]]"),
        // Conversions, `round` (halves to even), `**`, f-strings.
        case("convert", "def convert(s, x):\n    return int(s) + round(x) + 2 ** 3, str(len(s)) + f\"<{s}>{x:.2f}\"\n", "fn convert(s: &str, x: f64) -> (i32, String) {", "[[\"12\", 2.5], [\" 7 \", 3.5], [\"x\", 1.0]]"),
        // `bin`, with Python's sign and prefix, sliced.
        case("binary", "def binary(n):\n    return bin(n), bin(n)[2:].count('1')\n", "fn binary(n: i32) -> (String, i32) {", "[[5], [0], [-6]]"),
        // Unpacking a list: Python raises unless the counts match.
        case("halves", "def halves(s):\n    a, b = s.split('/')\n    return int(a) * 10 + int(b)\n", "fn halves(s: &str) -> i32 {", "[[\"1/2\"], [\"3/4/5\"], [\"7\"]]"),
        // Sets are iterated only where the order cannot show.
        case("uniq", "def uniq(xs):\n    return sorted(set(xs)), len(set(xs)), max(set(xs))\n", "fn uniq(xs: Vec<i32>) -> (Vec<i32>, i32, i32) {", "[[[3, 1, 3, 2]], [[1]]]"),
        // Membership in a tuple held in a name; `ord` of a string, which
        // Python refuses unless it is one character.
        case("in_tuple", "def in_tuple(s):\n    vowels = ('a', 'e')\n    odd = (1, 3)\n    return [c in vowels for c in s], len(s) in odd, ord(s)\n", "fn in_tuple(s: &str) -> (Vec<bool>, bool, i32) {", "[[\"a\"], [\"bea\"], [\"\"]]"),
        // Indexing a computed list or string computes it once; `ord` of a
        // computed string.
        case("last_word", "def last_word(s):\n    w = s.split(' ')[-1]\n    return w, s.upper()[0], len(w) == 1 and ord(w.lower()) > 100\n", "fn last_word(s: &str) -> (String, char, bool) {", "[[\"ab c\"], [\"xy Z\"], [\"\"], [\"q\"]]"),
        // `reverse=` computed when it runs.
        case("sort_by_parity", "def sort_by_parity(xs):\n    return sorted(xs, reverse=len(xs) % 2 == 0)\n", "fn sort_by_parity(xs: Vec<i32>) -> Vec<i32> {", "[[[2, 3, 1]], [[2, 1]], [[]]]"),
        // A chained comparison with a computed middle evaluates it once.
        case("lower_letter", "def lower_letter(s):\n    return len(s) == 1 and 97 <= ord(s.lower()[0]) <= 122\n", "fn lower_letter(s: &str) -> bool {", "[[\"A\"], [\"1\"], [\"ab\"]]"),
        // Strings repeated, lists concatenated, `+=` on strings and lists.
        case("grow", "def grow(s, n):\n    out = s * n\n    xs = [1] * n + [2]\n    xs += [3]\n    out += '!'\n    return out, xs\n", "fn grow(s: String, n: i32) -> (String, Vec<i32>) {", "[[\"ab\", 2], [\"x\", 0], [\"y\", -1]]"),
        // A parameter the function changes, and swapping by unpacking.
        case("swap", "def swap(a, b):\n    a, b = b, a\n    a += 1\n    return a, b\n", "fn swap(a: i32, b: i32) -> (i32, i32) {", "[[1, 2]]"),
        // A borrowed `&f32` and `&Vec` parameter.
        case("borrowed", "def borrowed(x, xs):\n    return x * len(xs)\n", "fn borrowed(x: &f32, xs: &Vec<f32>) -> f32 {", "[[1.5, [1.0, 2.0]]]"),
    ];
    check(&cases);
}

#[test]
fn python_to_rust_defaults_shifts_and_optional_annotations() {
    let cases = [
        // Default arguments: the Rust function takes every parameter, and
        // the unit's calls (of a nested function, of itself) pass the
        // defaults they leave out.
        case("scaled", "def scaled(xs, factor=3):\n    def bump(x, by=1, twice=False):\n        if twice:\n            return (x + by) * 2\n        return x + by\n    return [bump(x) * factor + bump(x, 5) + bump(x, 2, True) for x in xs]\n", "fn scaled(xs: Vec<i64>, factor: i64) -> Vec<i64> {", "[[[1, -2], 3], [[], 1], [[4], 0]]"),
        case("count_down", "def count_down(n, acc=0):\n    if n <= 0:\n        return acc\n    return count_down(n - 1, acc + n)\n", "fn count_down(n: i64, acc: i64) -> i64 {", "[[4, 0], [0, 7], [3, -1]]"),
        // Python's `<<` never overflows and `>>` floors; a negative count
        // raises (Rust panics), and `>>` past the width leaves the sign.
        case("shr", "def shr(a, b):\n    return a >> b\n", "fn shr(a: i64, b: i64) -> i64 {", "[[-5, 1], [5, 100], [-5, 100], [-1, 63], [40, 3], [3, -1]]"),
        case("shl", "def shl(a, b):\n    return a << b\n", "fn shl(a: i64, b: i64) -> i64 {", "[[1, 3], [-5, 1], [1, 62], [-1, 63], [3, -1], [0, 0]]"),
        // A store and an update at an index computed from the list itself
        // (the index is taken before the list is borrowed to change it),
        // and `_` as a loop variable twice (not a `mut` binding).
        case("bump_last", "def bump_last(xs):\n    xs[-1] = xs[-1] + 1\n    xs[len(xs) - 2] += xs[0]\n    for _ in range(2):\n        xs.append(0)\n    for _ in range(1):\n        xs.append(1)\n    return xs\n", "fn bump_last(xs: Vec<i64>) -> Vec<i64> {", "[[[1, 2, 3]], [[5]], [[]]]"),
        // Swapping elements by unpacking: the values are taken whole, then
        // each element stored in turn, its index read when it is stored.
        case("bubble", "def bubble(xs):\n    n = len(xs)\n    for i in range(n):\n        for j in range(n - 1 - i):\n            if xs[j] > xs[j + 1]:\n                xs[j], xs[j + 1] = xs[j + 1], xs[j]\n    return xs\n", "fn bubble(xs: Vec<i64>) -> Vec<i64> {", "[[[3, 1, 2, -5]], [[]], [[1]]]"),
        case("swap_ends", "def swap_ends(ws):\n    ws[0], ws[-1] = ws[-1], ws[0]\n    return ws\n", "fn swap_ends(ws: Vec<String>) -> Vec<String> {", "[[[\"a\", \"b\", \"c\"]], [[\"x\"]], [[]]]"),
        case("store_order", "def store_order(xs, k):\n    xs[k], k = k, 0\n    k, xs[k] = 2, 9\n    return xs, k\n", "fn store_order(xs: Vec<i64>, k: i64) -> (Vec<i64>, i64) {", "[[[5, 6, 7], 1], [[5, 6, 7], -1], [[5], 0], [[5, 6, 7], 3]]"),
        case("pow2", "def pow2(n):\n    x = 1\n    while n > 0:\n        x <<= 1\n        n -= 1\n    return x\n", "fn pow2(n: i64) -> i64 {", "[[0], [10], [62]]"),
        // `float("inf")` is the width's infinity.
        case("smallest", "def smallest(xs):\n    best = float(\"inf\")\n    for x in xs:\n        if x < best:\n            best = x\n    return best if best < float(\"inf\") else -1.0\n", "fn smallest(xs: Vec<f64>) -> f64 {", "[[[1.5, -2.0]], [[]]]"),
        // A deque used as a queue is a `Vec`: `popleft` removes the first
        // item (panicking on an empty one, where Python raises).
        case("deque_bfs", "from collections import deque\n\n\ndef deque_bfs(adj, n):\n    seen = [False] * n\n    order = []\n    queue = deque([0])\n    while queue:\n        v = queue.popleft()\n        if not seen[v]:\n            seen[v] = True\n            order.append(v)\n            for w in adj[v]:\n                queue.appendleft(w)\n    return order\n", "fn deque_bfs(adj: Vec<Vec<i64>>, n: i64) -> Vec<i64> {", "[[[[1, 2], [2], [0]], 3], [[[]], 1]]"),
        // `p = arr` where nothing reads `arr` after (HumanEval's
        // `sort_array`): a copy and the list itself read the same.
        case("alias_read_once", "def alias_read_once(arr):\n    p = arr\n    p.append(0)\n    p.sort()\n    return p\n", "fn alias_read_once(arr: Vec<i64>) -> Vec<i64> {", "[[[3, -1, 2]], [[]]]"),
        // `a = b = v` of a value copied alike in both languages.
        case("chained", "def chained(xs):\n    lo = hi = xs[0]\n    for x in xs:\n        lo = min(lo, x)\n        hi = max(hi, x)\n    return hi - lo\n", "fn chained(xs: Vec<i64>) -> i64 {", "[[[3, -4, 10]], [[5]]]"),
    ];
    check(&cases);
    // As a tree is translated, without a signature: an untyped parameter
    // takes its literal default's type, and `X | None` is `Option<X>`.
    let unsigned = [
        case("repeat_text", "def repeat_text(s: str, times=2, sep='-') -> str:\n    return sep.join([s] * times)\n", "fn repeat_text(s: String, times: i64, sep: String) -> String {", "[[\"ab\", 3, \"+\"], [\"x\", 0, \",\"]]"),
        case("first_or", "def first_or(xs: list[int], d: int | None = None) -> int | None:\n    if xs:\n        return xs[0]\n    return d\n", "fn first_or(xs: Vec<i64>, d: Option<i64>) -> Option<i64> {", "[[[4, 5], 1], [[], 2], [[], null]]"),
        // Untyped parameters take the one type their uses allow:
        // `s.upper()` a string's, `range(n)` an integer's.
        case("count_upper", "def count_upper(s, n):\n    total = 0\n    for i in range(n):\n        total += len(s.upper())\n    return total\n", "fn count_upper(s: String, n: i64) -> i64 {", "[[\"ab\", 3], [\"\", 2], [\"x\", -1]]"),
        case("tail_sum", "def tail_sum(xs: list[int], start=1) -> int:\n    def part(ys, i=0):\n        return sum(ys[i:])\n    return part(xs, start) + part(xs)\n", "fn tail_sum(xs: Vec<i64>, start: i64) -> i64 {", "[[[1, 2, 3], 1], [[5], 0], [[], 2]]"),
    ];
    check_without_signature(&unsigned);
}

// Keyword arguments to user functions are resolved against the callee's
// parameters at lowering: the Rust call passes every argument in
// parameter order, the defaults a call leaves out among them.
#[test]
fn python_to_rust_resolves_keyword_arguments() {
    let signed = [
        case("kw_nested", "def kw_nested(n):\n    def tag(s: str, sep: str = \":\", end: str = \"!\") -> str:\n        return s + sep + end\n    def scale(x: int, factor: int = 2, offset: int = 0) -> int:\n        return x * factor + offset\n    return tag(str(scale(n, offset=1)), end=\"?\") + tag(s=str(scale(factor=3, x=n)), sep=\"-\")\n", "fn kw_nested(n: i64) -> String {", "[[1], [-4], [0]]"),
    ];
    check(&signed);
    // Defaults that are not literals, passed by the calls that leave them
    // out: a list never changed, `str()`.
    let defaults = [
        case("nested_defaults", "def nested_defaults(n):\n    def f(a: int, xs: list[int] = [1, 2], s: str = str()) -> int:\n        return a + sum(xs) + len(s)\n    return f(n) + f(n, [5]) * 10 + f(n, s=\"ab\") * 100\n", "fn nested_defaults(n: i64) -> i64 {", "[[1], [-4], [0]]"),
    ];
    check(&defaults);
    // A function calling itself with keywords, as a tree is translated
    // (untyped parameters typed by their literal defaults).
    let unsigned = [
        case("kw_count", "def kw_count(n: int, step=1, acc=0) -> int:\n    if n <= 0:\n        return acc\n    return kw_count(n - step, acc=acc + n)\n", "fn kw_count(n: i64, step: i64, acc: i64) -> i64 {", "[[4, 1, 0], [0, 2, 7], [5, 2, 1]]"),
    ];
    check_without_signature(&unsigned);
}

#[test]
fn python_to_rust_powers_bases_counts_asserts_and_none_guards() {
    let cases = [
        // `pow(a, b, m)`: the sign of `m`, a negative `b` inverting `a`
        // modulo `m` (raising where it cannot), `m` of 0 raising; no
        // overflow on the way for a large modulus.
        case("pow_mod", "def pow_mod(a, b, m):\n    return pow(a, b, m)\n", "fn pow_mod(a: i64, b: i64, m: i64) -> i64 {", "[[4, 13, 497], [3, 2, -5], [-7, 3, 10], [5, 0, 1], [5, 0, -1], [3, -1, 7], [3, -2, -7], [2, -1, 4], [2, 5, 0], [123456789, 987654321, 1000000007], [0, -1, 1]]"),
        // `pow(a, b)` is `a ** b` (here with `b` proved non-negative).
        case("order_of", "def order_of(a, n):\n    for i in range(1, n):\n        if pow(a, i) % n == 1:\n            return i\n    return -1\n", "fn order_of(a: i64, n: i64) -> i64 {", "[[2, 7], [3, 7], [2, 4], [-3, 5]]"),
        // `int(s, base)`: whitespace, a sign, the base's prefix and single
        // `_` between digits as Python reads them; the rest raises.
        case("from_base", "def from_base(s, t):\n    return int(s, 16) * 100 + int(t, 2)\n", "fn from_base(s: &str, t: &str) -> i64 {", "[[\"ff\", \"101\"], [\" -0x1F \", \"0b1_0\"], [\"f_f\", \"+1\"], [\"0X_f\", \"-0\"], [\"g\", \"1\"], [\"\", \"1\"], [\"1__0\", \"1\"], [\"_1\", \"1\"], [\"++1\", \"1\"], [\"1\", \"2\"], [\"0x\", \"1\"], [\"1_\", \"1\"], [\"- 1\", \"1\"]]"),
        // `enumerate(xs, start)` counts from `start`, given by position or
        // by keyword, evaluated once.
        case("numbered", "def numbered(xs, k):\n    out = []\n    for i, x in enumerate(xs, 2):\n        out.append(i * len(x))\n    for i, x in enumerate(xs, start=k - 1):\n        out.append(i)\n    return out + [j for j, _ in enumerate(xs[1:], -3)]\n", "fn numbered(xs: Vec<String>, k: i64) -> Vec<i64> {", "[[[\"ab\", \"c\", \"\"], 0], [[], 5], [[\"xyz\"], -4]]"),
        // A character among characters and one-character strings
        // written out.
        case("char_among", "def char_among(s, t):\n    out = []\n    for a, b in zip(s, t):\n        out.append(b in (a, '.') and a not in ('x', 'y'))\n    return out\n", "fn char_among(s: &str, t: &str) -> Vec<bool> {", "[[\"axyb\", \"a.yc\"], [\"\", \"q\"]]"),
        // `assert` with a message (braces in it are not a format).
        case("fib_checked", "def fib_checked(n):\n    assert n >= 0, 'n must be {non-negative}'\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n", "fn fib_checked(n: i64) -> i64 {", "[[10], [0], [-1]]"),
    ];
    check(&cases);
    // `is None` on an annotated parameter that cannot be None: a test
    // the Rust signature makes constant (a known-false branch is left
    // out, a known-true one is the `else`).
    let unsigned = [
        case("none_guard", "def none_guard(s: str, xs: list[int]) -> int:\n    if s is None or xs is None:\n        return -1\n    elif not (xs is not None):\n        return -2\n    elif s is not None and len(s) > 3:\n        return 5\n    return len(s) + len(xs)\n", "fn none_guard(s: String, xs: Vec<i64>) -> i64 {", "[[\"ab\", [1]], [\"abcd\", []], [\"\", []]]"),
        case("none_true", "def none_true(s: str) -> int:\n    if s is not None:\n        return len(s)\n    elif len(s) > 2:\n        return 2\n    return 0\n", "fn none_true(s: String) -> i64 {", "[[\"ab\"], [\"\"]]"),
        case("present", "def present(s: str) -> bool:\n    return s is not None and len(s) > 0\n", "fn present(s: String) -> bool {", "[[\"ab\"], [\"\"]]"),
    ];
    check_without_signature(&unsigned);
}

/// A Python class with a function that uses it, one unit: the class is a
/// `struct` with an `impl` (`new`, `&self` and `&mut self` methods, static
/// methods), the function makes objects, calls methods and reads fields.
#[test]
fn python_classes_to_rust_agree() {
    let unsigned = [
        // Fields typed from the constructor's values and the method's
        // stores; `&mut self` where a method changes the object (through
        // another method, too), `&self` where it only reads it; a static
        // method through the class; a string field read by value.
        case("use_counter", "class Counter:\n    \"\"\"Counts.\"\"\"\n\n    def __init__(self, start: int, step: int):\n        self.count = start\n        self.step = step\n        self.history = [start]\n        self.label = \"c\"\n\n    def bump(self, n: int) -> int:\n        self.count += n * self.step\n        self.history.append(self.count)\n        return self.count\n\n    def bump_twice(self, n: int):\n        self.bump(n)\n        self.bump(n)\n\n    def total(self) -> int:\n        return self.count + self.size() + Counter.scale(2)\n\n    def size(self) -> int:\n        return len(self.history)\n\n    @staticmethod\n    def scale(k: int) -> int:\n        return k * 10\n\n\ndef use_counter(a: int, b: int):\n    c = Counter(a, 2)\n    c.bump(b)\n    c.bump_twice(3)\n    d = Counter(b, 1)\n    d.count = 7\n    d.history[0] = 4\n    return (c.count + c.history[-1], c.total(), d.total() - len(d.history) + d.history[0], c.label + d.label)\n", "fn use_counter(a: i64, b: i64) -> (i64, i64, i64, String) {", "[[1, 2], [-5, 0]]"),
        // Union-find: list fields changed through their items, a
        // recursive method, a constructor computing its fields.
        case("components", "class DisjointSet:\n    def __init__(self, size: int) -> None:\n        self.parent = list(range(size))\n        self.size = [1] * size\n\n    def merge_set(self, node1: int, node2: int) -> None:\n        node1 = self.find_set(node1)\n        node2 = self.find_set(node2)\n        if node1 == node2:\n            return\n        if self.size[node1] < self.size[node2]:\n            self.parent[node1] = node2\n            self.size[node2] += self.size[node1]\n        else:\n            self.parent[node2] = node1\n            self.size[node1] += self.size[node2]\n\n    def find_set(self, node: int) -> int:\n        if self.parent[node] != node:\n            self.parent[node] = self.find_set(self.parent[node])\n        return self.parent[node]\n\n\ndef components(n: int, pairs: list[list[int]]) -> int:\n    ds = DisjointSet(n)\n    for p in pairs:\n        ds.merge_set(p[0], p[1])\n    roots = 0\n    for i in range(n):\n        if ds.find_set(i) == i:\n            roots += 1\n    return roots\n", "fn components(n: i64, pairs: Vec<Vec<i64>>) -> i64 {", "[[5, [[0, 1], [3, 4], [1, 0]]], [3, []], [2, [[0, 5]]]]"),
        // A record of plain fields, and a class with no constructor.
        case("best_item", "class Item:\n    def __init__(self, value: int, weight: int) -> None:\n        self.value = value\n        self.weight = weight\n\n\nclass Scale:\n    def ratio(self, a: int, b: int) -> float:\n        return a / b\n\n\ndef best_item(v: int, w: int) -> float:\n    item = Item(v, w)\n    return Scale().ratio(item.value, item.weight)\n", "fn best_item(v: i64, w: i64) -> f64 {", "[[6, 3], [1, 0]]"),
        // A list field typed by what the methods append to it and store
        // in it, a dict field by what they store in it.
        case("use_stack", "class Stack:\n    def __init__(self):\n        self.items = []\n        self.seen = {}\n        self.size = 0\n\n    def push(self, x: int):\n        self.items.append(x)\n        self.seen[x] = self.size\n        self.size += 1\n\n    def take(self) -> int:\n        self.size -= 1\n        return self.items.pop()\n\n    def bump_top(self, by: int):\n        self.items[-1] = self.items[-1] + by\n\n    def is_empty(self) -> bool:\n        return self.size == 0\n\n\ndef use_stack(xs: list[int]) -> int:\n    s = Stack()\n    for x in xs:\n        s.push(x * 2)\n    s.bump_top(1)\n    top = s.take() if not s.is_empty() else -1\n    return top * 100 + s.size * 10 + len(s.seen)\n", "fn use_stack(xs: Vec<i64>) -> i64 {", "[[[1, 2, 3]], [[]], [[5, 5]]]"),
    ];
    check_without_signature(&unsigned);
}

/// Parameters the source leaves untyped and nothing types are generic:
/// each its own type variable where the body keeps them apart, one shared
/// where it compares or mixes them, with the bounds the body uses. The
/// declaration only types the inputs the harness passes, which
/// instantiates the generic.
#[test]
fn python_to_rust_untyped_parameters_are_generic() {
    let unsigned = [
        case("identity", "def identity(x):\n    return x\n", "fn identity(x: i64) -> i64 {", "[[1], [-3]]"),
        case("identity_words", "def identity_words(x):\n    return x\n", "fn identity_words(x: String) -> String {", "[[\"a\"], [\"\"]]"),
        // Two variables: the caller's two types stay apart.
        case("swapped", "def swapped(a, b):\n    return (b, a)\n", "fn swapped(a: i64, b: String) -> (String, i64) {", "[[1, \"x\"]]"),
        // Ordered, so one variable, `PartialOrd`.
        case("larger", "def larger(a, b):\n    if a < b:\n        return b\n    return a\n", "fn larger(a: String, b: String) -> String {", "[[\"ab\", \"b\"], [\"b\", \"ab\"], [\"\", \"\"]]"),
        // Iterated, so a list of the variable; `==` of two of its values.
        case("count_equal", "def count_equal(xs, x):\n    n = 0\n    for y in xs:\n        if y == x:\n            n += 1\n    return n\n", "fn count_equal(xs: Vec<f64>, x: f64) -> i64 {", "[[[1.5, 2.0, 1.5], 1.5], [[], 0.0]]"),
        // In a set: `Hash + Eq`.
        case("distinct_count", "def distinct_count(a, b, c):\n    seen = set()\n    seen.add(a)\n    seen.add(b)\n    seen.add(c)\n    return len(seen)\n", "fn distinct_count(a: String, b: String, c: String) -> i64 {", "[[\"a\", \"b\", \"a\"], [\"x\", \"x\", \"x\"]]"),
        // Sorted (`Ord`), measured, and searched with `==`: an item named
        // like the closure's parameter is the caller's `x`.
        case("sorted_drop", "def sorted_drop(xs, x):\n    ys = sorted(xs)\n    ys.remove(x)\n    return ys, len(xs), ys.count(x)\n", "fn sorted_drop(xs: Vec<String>, x: String) -> (Vec<String>, i64, i64) {", "[[[\"b\", \"a\", \"b\"], \"b\"], [[\"c\", \"a\"], \"c\"], [[\"a\"], \"z\"]]"),
        // Appended to a list the function returns.
        case("keep_new", "def keep_new(xs):\n    out = []\n    for x in xs:\n        if x not in out:\n            out.append(x)\n    return out\n", "fn keep_new(xs: Vec<i64>) -> Vec<i64> {", "[[[3, 1, 3, 2, 1]], [[]]]"),
    ];
    check_without_signature(&unsigned);
}

/// A graph as a dict of lists of `Any`: its nodes are keys and items of
/// the lists alike, so one shared variable, hashed (`Hash + Eq`) and
/// copied (`Clone`). (The harness has no dict inputs, so the signature is
/// checked as written; the corpora's `dfs_traverse` compiles.)
#[test]
fn python_to_rust_untyped_graph_is_generic_over_its_nodes() {
    let python = "def reach(graph: dict[Any, list[Any]], start: Any) -> set[Any]:\n    seen = set()\n    todo = [start]\n    while todo:\n        node = todo.pop()\n        if node not in seen:\n            seen.add(node)\n            for nxt in graph[node]:\n                todo.append(nxt)\n    return seen\n";
    let code = match translate(Lang::Python, Lang::Rust, python, None) {
        Ok(code) => code,
        Err(reason) => panic!("declined: {reason}"),
    };
    assert!(
        code.contains("fn reach<T: Clone + Eq + std::hash::Hash>(graph: std::collections::HashMap<T, Vec<T>>, start: T) -> std::collections::HashSet<T>"),
        "{code}"
    );
}

/// Asserts that a unit translated without a target signature is declined,
/// naming the construct and a line.
// A float as text (`str(x)`, an f-string) is written as Python writes
// it: `3.0`, `1e+16`, `1e-05`, `-0.0`, `inf`.
#[test]
fn python_to_rust_writes_floats_as_python_does() {
    check(&[case(
        "float_text",
        "def float_text(x: float) -> str:\n    return str(x) + '|' + f'{x / 4}|{x * 1e300 * 10}'\n",
        "fn float_text(x: f64) -> String {",
        "[[3.0], [0.1], [-0.0], [1e16], [1e15], [1e-5], [0.0001], [4e-4], [123456789.125], [-2.5e-9], [1e300], [-7.0]]",
    )]);
}

fn declines_unsigned(python: &str, construct: &str) {
    match translate(Lang::Python, Lang::Rust, python, None) {
        Ok(code) => panic!("expected a decline naming {construct}, got:\n{code}"),
        Err(reason) => assert!(
            reason.contains(construct) && reason.contains("at line "),
            "decline `{reason}` does not name {construct} and a line"
        ),
    }
}

/// `or`/`and` giving one of their operands (a number or a string): the
/// first that decides, each evaluated once and only where needed.
#[test]
fn python_to_rust_or_and_give_an_operand() {
    check(&[
        case(
            "pick",
            "def pick(n: int, d: int) -> int:\n    return n or d\n",
            "fn pick(n: i64, d: i64) -> i64 {",
            "[[0, 5], [3, 5], [-1, 0], [0, 0]]",
        ),
        case(
            "name_or",
            "def name_or(s: str, t: str) -> str:\n    r = s or t\n    return r + s\n",
            "fn name_or(s: String, t: String) -> String {",
            "[[\"\", \"x\"], [\"a\", \"x\"], [\"\", \"\"]]",
        ),
        // Python's NaN is true; `and` gives the first false operand.
        case(
            "both",
            "def both(a: float, b: float) -> float:\n    return a and b\n",
            "fn both(a: f64, b: f64) -> f64 {",
            "[[0.0, 2.5], [1.5, 2.5], [-0.0, 3.0], [1.0, 0.0]]",
        ),
        case(
            "first_nonzero",
            "def first_nonzero(a: int, b: int, c: int) -> int:\n    return (a - 1) or b or c\n",
            "fn first_nonzero(a: i64, b: i64, c: i64) -> i64 {",
            "[[1, 0, 7], [1, 4, 7], [3, 4, 7], [1, 0, 0]]",
        ),
        case(
            "len_or",
            "def len_or(xs: list[int], d: int) -> int:\n    return len(xs) and d\n",
            "fn len_or(xs: Vec<i64>, d: i64) -> i64 {",
            "[[[], 4], [[1, 2], 4]]",
        ),
    ]);
}

/// What a value of a type variable cannot be in Rust, whatever type the
/// caller gives it.
#[test]
fn python_to_rust_type_variables_decline_what_any_type_cannot() {
    // Printing differs by type (`True` against `true`, float digits).
    declines_unsigned("def f(x):\n    return str(x)\n", "`str` of T");
    // The caller's type may be an `Option`: not a constant.
    declines_unsigned(
        "def f(x):\n    if x is None:\n        return 0\n    return 1\n",
        "`None` test of a value of type variable T",
    );
    declines_unsigned(
        "def f(x):\n    if x:\n        return 1\n    return 0\n",
        "truth value of T",
    );
    declines_unsigned("def f(x):\n    return x + 1\n", "`+` on T and int");
    // Python's `x == 0` is False for a string; Rust's needs one type.
    declines_unsigned("def f(x):\n    return x == 0\n", "comparison of T and int");
    // A nested `fn` cannot name the enclosing function's generics.
    declines_unsigned(
        "def f(x):\n    def g(y):\n        return y\n    return g(x)\n",
        "nested function `g` over a value of type variable T",
    );
}

/// What a Rust struct cannot be without changing what the program does.
#[test]
fn python_classes_to_rust_decline_what_structs_do_not_share() {
    let with_driver = |class: &str| format!("{class}\n\ndef f(n: int) -> int:\n    return n\n");
    let cases = [
        // Python's objects are shared: `b = a` is the same object, and a
        // Rust copy would not see `b`'s changes.
        ("class P:\n    def __init__(self, x: int):\n        self.x = x\n\n\ndef g(n: int) -> int:\n    a = P(n)\n    b = a\n    b.x = 1\n    return a.x\n".to_string(), "shared by another name"),
        // A list field returned is the object's own list.
        (with_driver("class S:\n    def __init__(self):\n        self.items = [0]\n\n    def all(self) -> list[int]:\n        return self.items\n"), "read as a value"),
        // A list argument kept in a field is the caller's list.
        (with_driver("class S:\n    def __init__(self, items: list[int]):\n        self.items = items\n"), "Python shares with where it came from"),
        // A new list of the caller's lists: Python's items are those lists.
        (with_driver("class Z:\n    def __init__(self, v1: list[int], v2: list[int]):\n        self.queue = [lst for lst in (v1, v2) if lst]\n"), "field `queue` set to items Python shares"),
        // A method that changes its list argument changes the caller's.
        ("class S:\n    def fill(self, out: list[int]):\n        out.append(1)\n\n\ndef g(xs: list[int]) -> int:\n    S().fill(xs)\n    return len(xs)\n".to_string(), "parameter `out` changed in place"),
        // The object itself as a value.
        (with_driver("class S:\n    def me(self):\n        return self\n"), "`self` used as a value"),
        (with_driver("class B:\n    pass\n\n\nclass S(B):\n    pass\n"), "inheriting from `B`"),
        (with_driver("class S:\n    n = 0\n"), "class attribute `n`"),
        (with_driver("class S:\n    def __repr__(self) -> str:\n        return \"S\"\n"), "method `__repr__`"),
        (with_driver("class S:\n    def __init__(self):\n        self.k = 1\n\n    @property\n    def k2(self) -> int:\n        return self.k\n"), "property `k2`"),
        // A recursive class needs `Option<Box<..>>` (and sharing
        // `Rc<RefCell<..>>`): not written yet.
        (with_driver("class Node:\n    def __init__(self, v: int):\n        self.v = v\n        self.next = None\n"), "field `next` whose type is not settled"),
        (with_driver("class Pair:\n    def __init__(self, v: int):\n        self.v = v\n\n\nclass Holder:\n    def __init__(self, v: int):\n        self.pair = Pair(v)\n"), "field `pair` holding an object"),
        // Part of a field is the object's own: the row returned, and a
        // loop's `r`, are the field's rows themselves.
        (with_driver("class S:\n    def __init__(self, n: int):\n        self.grid = [[n]]\n\n    def row(self) -> list[int]:\n        return self.grid[0]\n"), "field `self.grid[0]` of list[int] read as a value"),
        (with_driver("class S:\n    def __init__(self, n: int):\n        self.grid = [[n]]\n\n    def rows(self) -> int:\n        for r in self.grid:\n            r.append(1)\n        return len(self.grid[0])\n"), "`r`, an item of the list it iterates, changed in place"),
        // A field hides the method of its name in Python, where Rust keeps
        // both (the frontend declines it).
        (with_driver("class S:\n    def __init__(self, n: int):\n        self.size = n\n\n    def size(self) -> int:\n        return 1\n"), "method `size` used as a value"),
        // A field only a method sets: the struct needs it from `new`.
        (with_driver("class S:\n    def __init__(self):\n        self.a = 1\n\n    def later(self):\n        self.z = 2\n        self.b = 3\n"), "field `b` that the constructor does not set"),
        // A constructor that does more than set fields.
        (with_driver("class S:\n    def __init__(self, n: int):\n        self.a = n\n        self.b = self.a + 1\n"), "constructor setting `b`"),
    ];
    for (python, construct) in cases {
        match translate(Lang::Python, Lang::Rust, &python, None) {
            Ok(code) => panic!("expected a decline naming {construct}, got:\n{code}"),
            Err(reason) => assert!(
                reason.contains(construct) && reason.contains("at line "),
                "decline `{reason}` does not name {construct} and a line"
            ),
        }
    }
}

/// Asserts that a unit is declined, naming the construct and a line.
fn declines(python: &str, signature: &str, construct: &str) {
    match translate(Lang::Python, Lang::Rust, python, Some(signature)) {
        Ok(code) => panic!("expected a decline naming {construct}, got:\n{code}"),
        Err(reason) => assert!(
            reason.contains(construct) && reason.contains("at line "),
            "decline `{reason}` does not name {construct} and a line"
        ),
    }
}

#[test]
fn python_to_rust_declines_what_rust_cannot_match() {
    // A set's iteration order differs between Python and Rust.
    declines(
        "def f(xs):\n    return [x for x in set(xs)]\n",
        "fn f(xs: Vec<i32>) -> Vec<i32> {",
        "iterating a set",
    );
    // Python's `b = a` is the list `a` itself, Rust's a copy: where
    // either is changed in place the two differ.
    declines(
        "def f(xs):\n    a = b = []\n    for x in xs:\n        a.append(x)\n    return len(b)\n",
        "fn f(xs: Vec<i64>) -> i64 {",
        "shared by another name and changed in place",
    );
    // Python's `r` is the item itself (of a list of lists), in a loop and
    // out of one.
    declines(
        "def f(grid: list[list[int]]) -> int:\n    for r in grid:\n        r.append(1)\n    return len(grid[0])\n",
        "fn f(grid: Vec<Vec<i64>>) -> i64 {",
        "`r`, an item of the list it iterates, changed in place",
    );
    declines(
        "def f(grid: list[list[int]]) -> int:\n    r = grid[0]\n    r.append(1)\n    return len(grid[0])\n",
        "fn f(grid: Vec<Vec<i64>>) -> i64 {",
        "`r`, an item of a collection, changed in place",
    );
    declines(
        "def f(xs):\n    b = xs\n    b.append(1)\n    return len(xs)\n",
        "fn f(xs: Vec<i64>) -> i64 {",
        "shared by another name and changed in place",
    );
    // Read once, but in a loop: each pass's `b` is the list the last one
    // changed.
    declines(
        "def f(xs, n):\n    t = 0\n    for i in range(n):\n        b = xs\n        b.append(i)\n        t += len(b)\n    return t\n",
        "fn f(xs: Vec<i64>, n: i64) -> i64 {",
        "shared by another name and changed in place",
    );
    // Regression (the pyrs7 helper): "`grid.append(row)` then
    // `row.append(n)` pushed a copy": Python's `grid` holds `row` itself.
    declines(
        "def f(n: int) -> list[list[int]]:\n    grid = []\n    row = []\n    grid.append(row)\n    row.append(n)\n    return grid\n",
        "fn f(n: i64) -> Vec<Vec<i64>> {",
        "`row` copied where Python shares it",
    );
    // The same list appended at each turn and changed by the next.
    declines(
        "def f(xs: list[int]) -> list[list[int]]:\n    out = []\n    cur = []\n    for x in xs:\n        cur.append(x)\n        out.append(cur)\n    return out\n",
        "fn f(xs: Vec<i64>) -> Vec<Vec<i64>> {",
        "`cur` copied where Python shares it",
    );
    // A parameter changed in place is `&mut`, so the caller sees the
    // change as in Python; one also rebound is declined (a `*xs =` would
    // be needed; one returned is given back, see
    // `python_to_rust_gives_back_lists_changed_in_place_and_returned`).
    let code = translate(
        Lang::Python,
        Lang::Rust,
        "def add_one(xs: list[int]) -> None:\n    xs.append(1)\n",
        None,
    );
    assert!(
        code.as_ref()
            .is_ok_and(|c| c.contains("fn add_one(xs: &mut Vec<i64>)")),
        "{code:?}"
    );
    for (source, what) in [
        (
            "def f(xs: list[int]) -> int:\n    xs.append(1)\n    xs = [2]\n    return len(xs)\n",
            "parameter `xs` changed in place and rebound, returned",
        ),
        // Regression (`--verify test` on the corpora): `xs += ys` of a list
        // changes it in place, as `extend` does; it was written `mut xs:
        // Vec<i64>`, a copy its caller never saw changed (algorithms'
        // `get_factors`, whose nested `_factor` gathers into `res`).
        (
            "def add_one(xs: list[int]) -> None:\n    xs += [1]\n",
            "parameter `xs` changed in place and rebound, returned",
        ),
        (
            "def f(n: int) -> list[list[int]]:\n    def g(i: int, m: int, res: list[list[int]]) -> list[list[int]]:\n        if i < m:\n            res += [[i]]\n            g(i + 1, m, res)\n        return res\n    return g(0, n, [])\n",
            "parameter `res` changed in place and rebound, returned",
        ),
    ] {
        match translate(Lang::Python, Lang::Rust, source, None) {
            Ok(code) => panic!("expected a decline, got:\n{code}"),
            Err(reason) => assert!(reason.contains(what), "{reason}"),
        }
    }
    // A deque shows itself where it is printed.
    declines(
        "from collections import deque\n\n\ndef f(xs):\n    q = deque(xs)\n    return str(q)\n",
        "fn f(xs: Vec<i64>) -> String {",
        "deque `q` used other than as a queue",
    );
    // Rust has no variadic functions: `*args` is declined by name.
    declines(
        "def f(*xs: int) -> int:\n    return len(xs)\n",
        "fn f(xs: Vec<i64>) -> i64 {",
        "`*xs` (variadic parameter)",
    );
    // `str()` of a bool prints differently (`True` against `true`); a
    // float's goes through `py_float_str`.
    declines(
        "def f(x):\n    return str(x)\n",
        "fn f(x: bool) -> String {",
        "`str` of bool",
    );
    // A dict's iteration order is its insertion order in Python, none in
    // Rust's `HashMap`.
    declines(
        "def f(d: dict):\n    return [k for k in d.keys()]\n",
        "fn f(d: HashMap<i32, i32>) -> Vec<i32> {",
        "iterating a dict",
    );
    // An exponent that may be negative gives a float in Python.
    declines(
        "def f(a, b):\n    return a ** b\n",
        "fn f(a: i32, b: i32) -> i32 {",
        "exponent that may be negative",
    );
    // So does `pow(a, b)`, which is `a ** b`.
    declines(
        "def f(a, b):\n    return pow(a, b)\n",
        "fn f(a: i32, b: i32) -> i32 {",
        "exponent that may be negative",
    );
    // `pow` of floats and a modulus: Python raises a `TypeError`.
    declines(
        "def f(a, b):\n    return pow(a, 2, b)\n",
        "fn f(a: f64, b: i64) -> f64 {",
        "`pow()` with these arguments",
    );
    // Base 0 reads the base from a prefix; a base held in a name is not
    // known to be in 2..=36.
    declines(
        "def f(s):\n    return int(s, 0)\n",
        "fn f(s: &str) -> i64 {",
        "base that is not a literal from 2 to 36",
    );
    declines(
        "def f(s, b):\n    return int(s, b)\n",
        "fn f(s: &str, b: i64) -> i64 {",
        "base that is not a literal from 2 to 36",
    );
    // A start that is not an integer (Python raises a `TypeError`).
    declines(
        "def f(xs, k):\n    return [i for i, _ in enumerate(xs, k)]\n",
        "fn f(xs: Vec<i64>, k: f64) -> Vec<i64> {",
        "`enumerate()` from a start of float",
    );
    // A message computed at run time.
    declines(
        "def f(n):\n    assert n > 0, f'bad {n}'\n    return n\n",
        "fn f(n: i64) -> i64 {",
        "`assert` with a message that is not a literal",
    );
    // `is None` of a value that is computed rather than named stays
    // declined (its effects would be left out).
    declines(
        "def f(xs):\n    return len(xs) is None\n",
        "fn f(xs: Vec<i64>) -> bool {",
        "`is None` on a value that cannot be None",
    );
    // Nor on a parameter whose default is `None` (`x: int = None`): a
    // call that leaves it out gives it `None` whatever the annotation says.
    declines(
        "def f(a: int, x: int = None) -> int:\n    if x is None:\n        x = a\n    return x + 1\n",
        "fn f(a: i64, x: i64) -> i64 {",
        "`is None` on a value that cannot be None",
    );
    // A name that holds a list and then an int has no one Rust type.
    declines(
        "def f(n):\n    n = [n]\n    return len(n)\n",
        "fn f(n: i32) -> i32 {",
        "name `n` holding both",
    );
    // Exceptions are not translated: Rust has none to catch.
    declines(
        "def f(s):\n    try:\n        return int(s)\n    except ValueError:\n        return 0\n",
        "fn f(s: &str) -> i32 {",
        "`try` (Rust has no exceptions to catch; a panic is not one) at line 2",
    );
    // A loop that stores into the list it iterates: Python's loop sees the
    // change, Rust's borrow of the list forbids it.
    declines(
        "def f(xs):\n    for x in xs:\n        xs[0] = x\n    return xs\n",
        "fn f(xs: Vec<i32>) -> Vec<i32> {",
        "changes the list it iterates",
    );
    // A loop that appends to the list it iterates.
    declines(
        "def f(xs):\n    for x in xs:\n        xs.append(x)\n    return xs\n",
        "fn f(xs: Vec<i32>) -> Vec<i32> {",
        "changes the list it iterates",
    );
}

/// Translates a Python module as a tree is, each top-level function its
/// own unit (calls across units typed by the project's callee table), and
/// returns the Rust module.
fn translate_module(python: &str) -> String {
    let src = crate::util::tree(&[("m.py", python.as_bytes())]);
    let out = tempfile::tempdir().expect("a temporary folder");
    let run = crate::util::xlate()
        .args(["translate", "--no-cache", "--engine", "rules"])
        .args(["--to", "rust", "--verify", "off", "--out"])
        .arg(out.path())
        .arg(src.path())
        .output()
        .expect("xlate runs");
    let report = std::fs::read_to_string(out.path().join("xlate-report.json"))
        .unwrap_or_else(|e| panic!("no report ({e}): {}", String::from_utf8_lossy(&run.stderr)));
    assert!(
        !report.contains("\"failed\""),
        "a unit was not translated: {report}"
    );
    std::fs::read_to_string(out.path().join("src/m.rs")).expect("the Rust module")
}

/// Runs functions of the module `python` and of its Rust translation on
/// the same inputs, and compares: (name, Rust declaration, inputs) each.
fn check_module(python: &'static str, calls: &[(&'static str, &'static str, &'static str)]) {
    let rust = translate_module(python);
    let cases: Vec<Case> = calls
        .iter()
        .map(|(name, decl, inputs)| case(name, python, decl, inputs))
        .collect();
    let kept: Vec<&Case> = cases.iter().collect();
    let expected = run_python(&kept);
    let translations = vec![rust.clone(); kept.len()];
    let actual = run_rust(&kept, &translations);
    let mut failures = Vec::new();
    for (i, c) in kept.iter().enumerate() {
        failures.extend(disagreements(
            "Python",
            c.name,
            &expected[i],
            &actual[i],
            &rust,
            same,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A function of another unit that changes its list argument in place is
/// `&mut` in its callers' view too: they lend their own list (`let mut`),
/// a caller's parameter passed on is itself lent on (`sort_on`), and an
/// element stored through a `&mut` parameter at an index that reads the
/// list (`grid[i][len(grid[i]) - 1]`, `i` of either sign) compiles.
#[test]
fn python_to_rust_lends_lists_to_functions_of_other_units() {
    let python = "def bubble(xs: list[int]) -> None:\n    n = len(xs)\n    for i in range(n):\n        for j in range(n - 1 - i):\n            if xs[j] > xs[j + 1]:\n                xs[j], xs[j + 1] = xs[j + 1], xs[j]\n\n\n\
def sort_on(xs: list[int]) -> None:\n    bubble(xs)\n\n\n\
def sorted_copy(values: list[int]) -> list[int]:\n    out = []\n    for v in values:\n        out.append(v)\n    sort_on(out)\n    return out\n\n\n\
def mark(grid: list[list[int]], i: int) -> None:\n    grid[i][len(grid[i]) - 1] = -grid[i][0]\n\n\n\
def marked(n: int, at: int) -> list[list[int]]:\n    grid = [[k, k + 1, k + 2] for k in range(n)]\n    mark(grid, at)\n    return grid\n";
    check_module(
        python,
        &[
            (
                "sorted_copy",
                "fn sorted_copy(values: Vec<i64>) -> Vec<i64> {",
                "[[[3, 1, 2]], [[]], [[5, 5, -1, 0]]]",
            ),
            (
                "marked",
                "fn marked(n: i64, at: i64) -> Vec<Vec<i64>> {",
                "[[3, 1], [3, -1], [2, 5]]",
            ),
        ],
    );
}

/// Python keeps an int where a Rust `f64` would convert it: the caller of
/// these sees `0` or `-1`, not `0.0` or `-1.0` (and an int past 2^53
/// exactly). Without a target signature declaring the float, declined.
#[test]
fn python_to_rust_declines_ints_a_float_would_change() {
    declines_unsigned(
        "def f(xs: list[float]) -> float:\n    total = 0\n    for x in xs:\n        total += x\n    return total\n",
        "int stored into `total`",
    );
    declines_unsigned(
        "def f(x: float) -> float:\n    if x < 0:\n        return -1\n    return x / 2\n",
        "int returned where the function's result is a float",
    );
    declines_unsigned(
        "def f(x: float) -> float:\n    return -1 if x < 0 else x / 2\n",
        "int returned where the function's result is a float",
    );
    declines_unsigned(
        "def f(a: int, b: int) -> tuple[float, float]:\n    s, t = 1, 0\n    while b != 0:\n        q = a / b\n        a, b = b, a - q * b\n        s, t = t, s - q * t\n    return s, t\n",
        "int stored into `s`",
    );
    // Arithmetic mixing the two is a float in Python too.
    let mixed = "def f(x: float, n: int) -> float:\n    total = 0.0\n    total += n\n    return x * 2 + total\n";
    assert!(translate(Lang::Python, Lang::Rust, mixed, None).is_ok());
}

/// Python's `&` and `|` of two comparisons are bools (`True & True` is
/// `True`), not the ints of the bit operations: as a condition and as a
/// value.
#[test]
fn python_to_rust_bit_operations_of_comparisons_are_bools() {
    check_without_signature(&[
        case("both_one", "def both_one(a: int, n: int) -> bool:\n    return (a == 1) & (n == 1)\n", "fn both_one(a: i64, n: i64) -> bool {", "[[1, 1], [1, 2], [0, 1]]"),
        case("order", "def order(a: int, n: int) -> int:\n    if (a == 1) | (n < a):\n        return 1\n    return 0\n", "fn order(a: i64, n: i64) -> i64 {", "[[1, 5], [3, 2], [2, 5]]"),
    ]);
}

/// A function that changes its list in place and returns it takes the
/// list by value and gives it back (`fn bubble_sort(mut array: Vec<i64>)
/// -> Vec<i64>`); its callers, in the unit (`merge_sort`'s recursion on
/// slices) and in other units (through the callee table's `mut array`),
/// move a list nothing else reads again: a fresh one or a local at its
/// last use.
#[test]
fn python_to_rust_gives_back_lists_changed_in_place_and_returned() {
    let python = "def bubble_sort(array: list[int]) -> list[int]:\n    n = len(array)\n    for i in range(n):\n        for j in range(n - 1 - i):\n            if array[j] > array[j + 1]:\n                array[j], array[j + 1] = array[j + 1], array[j]\n    return array\n\n\n\
def _merge(left: list[int], right: list[int], merged: list[int]) -> None:\n    i = 0\n    j = 0\n    while i < len(left) and j < len(right):\n        if left[i] <= right[j]:\n            merged[i + j] = left[i]\n            i += 1\n        else:\n            merged[i + j] = right[j]\n            j += 1\n    while i < len(left):\n        merged[i + j] = left[i]\n        i += 1\n    while j < len(right):\n        merged[i + j] = right[j]\n        j += 1\n\n\n\
def merge_sort(array: list[int]) -> list[int]:\n    if len(array) <= 1:\n        return array\n    mid = len(array) // 2\n    left = merge_sort(array[:mid])\n    right = merge_sort(array[mid:])\n    _merge(left, right, array)\n    return array\n\n\n\
def stutter(stack: list[int]) -> list[int]:\n    storage: list[int] = []\n    for _ in range(len(stack)):\n        storage.append(stack.pop())\n    for _ in range(len(storage)):\n        val = storage.pop()\n        stack.append(val)\n        stack.append(val)\n    return stack\n\n\n\
def both_sorts(values: list[int]) -> list[int]:\n    work = list(values)\n    first = bubble_sort(work)\n    first.append(0)\n    second = merge_sort([v * 2 for v in first])\n    return stutter(second)\n";
    let rust = translate_module(python);
    for expected in [
        "fn bubble_sort(mut array: Vec<i64>) -> Vec<i64>",
        "fn merge_sort(mut array: Vec<i64>) -> Vec<i64>",
        "bubble_sort(work)",
    ] {
        assert!(rust.contains(expected), "{expected} in:\n{rust}");
    }
    check_module(
        python,
        &[
            (
                "merge_sort",
                "fn merge_sort(array: Vec<i64>) -> Vec<i64> {",
                "[[[3, 1, 2]], [[]], [[5, 5, -1, 0, 9, 2]]]",
            ),
            (
                "stutter",
                "fn stutter(stack: Vec<i64>) -> Vec<i64> {",
                "[[[3, 7, 1]], [[]]]",
            ),
            (
                "both_sorts",
                "fn both_sorts(values: Vec<i64>) -> Vec<i64> {",
                "[[[3, 1, 2]], [[]], [[4, -4, 0]]]",
            ),
        ],
    );
    // Python's caller sees its list changed through any other path to it:
    // a name read after the call, a `&mut` parameter's list (the caller's
    // caller's), an item of another list.
    for (source, what) in [
        (
            "def f(xs: list[int]) -> int:\n    def sort_in(a: list[int]) -> list[int]:\n        a.sort()\n        return a\n    work = list(xs)\n    out = sort_in(work)\n    return work[0] + out[-1]\n",
            "`work` given to `sort_in`, which changes it in place and returns it, and used after",
        ),
        (
            "def f(xs: list[int]) -> None:\n    def sort_in(a: list[int]) -> list[int]:\n        a.sort()\n        return a\n    sort_in(xs)\n",
            "`xs` given to `sort_in`",
        ),
        (
            "def f(grid: list[list[int]]) -> int:\n    def sort_in(a: list[int]) -> list[int]:\n        a.sort()\n        return a\n    g = [list(r) for r in grid]\n    sort_in(g[0])\n    return g[0][0]\n",
            "call of `sort_in`, which changes a list in place and returns it, with a value that is not a local",
        ),
    ] {
        match translate(Lang::Python, Lang::Rust, source, None) {
            Ok(code) => panic!("expected a decline, got:\n{code}"),
            Err(reason) => assert!(reason.contains(what), "{reason}"),
        }
    }
}

/// A local list that only a function of another unit fills takes that
/// function's parameter type (`result = []` lent to `_collect(out:
/// list[str], ...)` is a `Vec<String>`), and a lent list that another
/// argument reads (`_swap_ends(work, len(work) - 1)`) has that argument
/// computed first, as Python does (the lent name computes nothing).
#[test]
fn python_to_rust_types_lent_lists_by_their_callee() {
    let python = "def _collect(out: list[str], word: str, n: int) -> None:\n    if n == 0:\n        out.append(word)\n        return\n    for c in \"ab\":\n        _collect(out, word + c, n - 1)\n\n\n\
def words(n: int) -> list[str]:\n    result = []\n    _collect(result, \"\", n)\n    return result\n\n\n\
def _swap_ends(xs: list[int], last: int) -> None:\n    xs[0], xs[last] = xs[last], xs[0]\n\n\n\
def swapped(values: list[int]) -> list[int]:\n    work = list(values)\n    if work:\n        _swap_ends(work, len(work) - 1)\n    return work\n";
    check_module(
        python,
        &[
            (
                "words",
                "fn words(n: i64) -> Vec<String> {",
                "[[0], [2], [3]]",
            ),
            (
                "swapped",
                "fn swapped(values: Vec<i64>) -> Vec<i64> {",
                "[[[1, 2, 3]], [[]], [[7]]]",
            ),
        ],
    );
}

/// A local's annotation types what its value leaves unknown (`buckets:
/// list[list[int]] = [[] for _ in range(n)]`, `found: int | None =
/// None`), but not int from float: `t: float = 0` holds an int in Python
/// until a float is added. A method changing an element at an index read
/// from the list itself (`buckets[x % n].append(x)` checks the index
/// against `buckets.len()`) computes the index before borrowing the list.
#[test]
fn python_to_rust_reads_local_annotations() {
    check_without_signature(&[
        case("bucket_sort", "def bucket_sort(arr: list[int], n: int) -> list[int]:\n    buckets: list[list[int]] = [[] for _ in range(n)]\n    for x in arr:\n        buckets[x % n].append(x)\n    out: list[int] = []\n    for b in buckets:\n        out.extend(sorted(b))\n    return out\n", "fn bucket_sort(arr: Vec<i64>, n: i64) -> Vec<i64> {", "[[[5, -3, 2, 8, 2], 3], [[], 2], [[1], 0]]"),
        case("first_over", "def first_over(xs: list[int], k: int):\n    found: int | None = None\n    for x in xs:\n        if x > k:\n            found = x\n            break\n    return found\n", "fn first_over(xs: Vec<i64>, k: i64) -> Option<i64> {", "[[[1, 5, 9], 4], [[], 0], [[3], 3]]"),
        case("int_total", "def int_total(xs: list[int]) -> str:\n    t: float = 0\n    for x in xs:\n        t += x\n    return str(t)\n", "fn int_total(xs: Vec<i64>) -> String {", "[[[1, 2]], [[]]]"),
    ]);
}

/// A tree node `@dataclass` and functions of other units that read trees
/// (`Option<&Node>` parameters, `let Some(root) = root else { .. }` after
/// an `is None` guard, `root.left.as_deref()` passed on, calls across
/// units). The trees come from a builder written by hand on each side:
/// building nodes is not translated yet.
const TREE_MODULE: &str = "from __future__ import annotations\n\nfrom dataclasses import dataclass\n\n\n\
@dataclass\nclass Node:\n    \"\"\"A binary tree node.\"\"\"\n\n    val: int = 0\n    left: Node | None = None\n    right: Node | None = None\n\n\n\
def depth(root: Node | None) -> int:\n    if root is None:\n        return 0\n    return 1 + max(depth(root.left), depth(root.right))\n\n\n\
def balanced(root: Node | None) -> bool:\n    if not root:\n        return True\n    return abs(depth(root.left) - depth(root.right)) <= 1 and balanced(root.left) and balanced(root.right)\n\n\n\
def has_path_sum(root: Node | None, total: int) -> bool:\n    if root is None:\n        return False\n    if root.left is None and root.right is None and root.val == total:\n        return True\n    total -= root.val\n    return has_path_sum(root.left, total) or has_path_sum(root.right, total)\n\n\n\
def leaf_value(root: Node) -> int:\n    if not root.left and not root.right:\n        return root.val\n    return -1\n\n\n\
def same(p: Node | None, q: Node | None) -> bool:\n    if p is None and q is None:\n        return True\n    if p is not None and q is not None and p.val == q.val:\n        return same(p.left, q.left) and same(p.right, q.right)\n    return False\n\n\n\
def count(root: Node | None) -> int:\n    if root:\n        return 1 + count(root.left) + count(root.right)\n    return 0\n\n\n\
def path_sums(root: Node | None) -> list[int]:\n    if root is None:\n        return []\n    out: list[int] = []\n    stack: list[tuple[Node, int]] = [(root, root.val)]\n    while stack:\n        node, total = stack.pop()\n        if node.left is None and node.right is None:\n            out.append(total)\n        if node.left is not None:\n            stack.append((node.left, total + node.left.val))\n        if node.right:\n            stack.append((node.right, total + node.right.val))\n    return out\n";

const TREE_HARNESS_PY: &str = "\n\ndef _insert(node, v):\n    if node is None:\n        return Node(v)\n    if v < node.val:\n        node.left = _insert(node.left, v)\n    else:\n        node.right = _insert(node.right, v)\n    return node\n\n\n\
def from_list(xs):\n    root = None\n    for x in xs:\n        root = _insert(root, x)\n    return root\n\n\n\
def t_depth(xs):\n    return depth(from_list(xs))\n\n\n\
def t_balanced(xs):\n    return balanced(from_list(xs))\n\n\n\
def t_path(xs, total):\n    return has_path_sum(from_list(xs), total)\n\n\n\
def t_leaf(v):\n    return leaf_value(Node(v))\n\n\n\
def t_same(xs, ys):\n    return same(from_list(xs), from_list(ys))\n\n\n\
def t_count(xs):\n    return count(from_list(xs))\n\n\n\
def t_sums(xs):\n    return path_sums(from_list(xs))\n";

const TREE_HARNESS_RS: &str = "\nfn insert(node: Option<Box<Node>>, v: i64) -> Option<Box<Node>> {\n    match node {\n        None => Some(Box::new(Node::new(v, None, None))),\n        Some(mut n) => {\n            if v < n.val {\n                n.left = insert(n.left.take(), v);\n            } else {\n                n.right = insert(n.right.take(), v);\n            }\n            Some(n)\n        }\n    }\n}\n\
fn from_list(xs: Vec<i64>) -> Option<Box<Node>> {\n    let mut root = None;\n    for x in xs {\n        root = insert(root, x);\n    }\n    root\n}\n\
pub fn t_depth(xs: Vec<i64>) -> i64 {\n    depth(from_list(xs).as_deref())\n}\n\
pub fn t_balanced(xs: Vec<i64>) -> bool {\n    balanced(from_list(xs).as_deref())\n}\n\
pub fn t_path(xs: Vec<i64>, total: i64) -> bool {\n    has_path_sum(from_list(xs).as_deref(), total)\n}\n\
pub fn t_leaf(v: i64) -> i64 {\n    leaf_value(&Node::new(v, None, None))\n}\n\
pub fn t_same(xs: Vec<i64>, ys: Vec<i64>) -> bool {\n    same(from_list(xs).as_deref(), from_list(ys).as_deref())\n}\n\
pub fn t_count(xs: Vec<i64>) -> i64 {\n    count(from_list(xs).as_deref())\n}\n\
pub fn t_sums(xs: Vec<i64>) -> Vec<i64> {\n    path_sums(from_list(xs).as_deref())\n}\n";

#[test]
fn python_to_rust_reads_trees_of_a_dataclass() {
    let rust = translate_module(TREE_MODULE);
    // The dataclass is a struct whose children each node owns; readers
    // borrow.
    assert!(
        rust.contains("pub left: Option<Box<Node>>,")
            && rust.contains("#[derive(Clone, Debug, PartialEq)]"),
        "{rust}"
    );
    assert!(rust.contains("(root: Option<&Node>) -> i64 {"), "{rust}");
    assert!(rust.contains("let Some(root) = root else {"), "{rust}");
    assert!(rust.contains("depth(root.left.as_deref())"), "{rust}");
    assert!(
        rust.contains("fn leaf_value(root: &Node) -> i64 {")
            && rust.contains("if let (Some(p), Some(q)) = (p, q) {")
            && rust.contains("if let Some(root) = root {")
            && rust.contains("if let Some(left) = node.left.as_deref() {")
            && rust.contains("Vec<(&Node, i64)>"),
        "{rust}"
    );
    let python: &'static str =
        Box::leak(format!("{TREE_MODULE}{TREE_HARNESS_PY}").into_boxed_str());
    let code = format!("{rust}{TREE_HARNESS_RS}");
    let cases = [
        case(
            "t_depth",
            python,
            "fn t_depth(xs: Vec<i64>) -> i64 {",
            "[[[]], [[5]], [[5, 3, 8, 1, 4, 9, 0]], [[1, 2, 3, 4]]]",
        ),
        case(
            "t_balanced",
            python,
            "fn t_balanced(xs: Vec<i64>) -> bool {",
            "[[[]], [[5, 3, 8, 1, 4, 9]], [[1, 2, 3]], [[2, 1, 3, 4, 5]]]",
        ),
        case(
            "t_path",
            python,
            "fn t_path(xs: Vec<i64>, total: i64) -> bool {",
            "[[[], 0], [[5, 3, 8, 1], 9], [[5, 3, 8, 1], 13], [[5, 3, 8], 8], [[5], 5]]",
        ),
        case(
            "t_leaf",
            python,
            "fn t_leaf(v: i64) -> i64 {",
            "[[3], [-7]]",
        ),
        case("t_same", python, "fn t_same(xs: Vec<i64>, ys: Vec<i64>) -> bool {", "[[[], []], [[1], []], [[2, 1, 3], [2, 1, 3]], [[2, 1, 3], [2, 3, 1]], [[2, 1], [2, 3]], [[5, 4], [5, 4, 6]]]"),
        case("t_count", python, "fn t_count(xs: Vec<i64>) -> i64 {", "[[[]], [[4, 2, 6, 1]]]"),
        case("t_sums", python, "fn t_sums(xs: Vec<i64>) -> Vec<i64> {", "[[[]], [[5]], [[5, 3, 8, 1, 4, 9, 7]]]"),
    ];
    let kept: Vec<&Case> = cases.iter().collect();
    let expected = run_python(&kept);
    let actual = run_rust(&kept, &vec![code.clone(); kept.len()]);
    let mut failures = Vec::new();
    for (i, c) in kept.iter().enumerate() {
        failures.extend(disagreements(
            "Python",
            c.name,
            &expected[i],
            &actual[i],
            &code,
            same,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The reasons a module translated as a tree gives for its units.
fn module_declines(python: &str) -> Vec<String> {
    let src = crate::util::tree(&[("m.py", python.as_bytes())]);
    let out = tempfile::tempdir().expect("a temporary folder");
    crate::util::xlate()
        .args(["translate", "--no-cache", "--engine", "rules"])
        .args(["--to", "rust", "--verify", "off", "--out"])
        .arg(out.path())
        .arg(src.path())
        .output()
        .expect("xlate runs");
    crate::util::first_file_reasons(out.path())
}

/// Python shares nodes by reference, a `Box` is owned once: whatever
/// changes a node, holds one other than as a parameter, builds one, or
/// reads a field of what may be `None` is declined by name.
#[test]
fn python_to_rust_declines_what_borrowed_tree_nodes_cannot_do() {
    let node = "from __future__ import annotations\n\nfrom dataclasses import dataclass\n\n\n\
@dataclass\nclass Node:\n    val: int = 0\n    left: Node | None = None\n    right: Node | None = None\n\n\n";
    let cases = [
        // A change the caller would see through its own reference.
        (
            "def cut(root: Node) -> None:\n    root.left = None\n",
            "change to a tree node",
        ),
        (
            "def swap(root: Node) -> None:\n    root.left, root.right = root.right, root.left\n",
            "change to a tree node",
        ),
        // Returning a node would need it owned; a list of nodes holds
        // nodes, not what may be None.
        (
            "def same(root: Node) -> Node:\n    return root\n",
            "returning a tree node",
        ),
        (
            "def keep(root: Node | None) -> int:\n    xs: list[Node] = [root]\n    return len(xs)\n",
            "which may be None, as a node",
        ),
        // Identity has no counterpart in a borrow's `==` (by fields).
        (
            "def ident(a: Node, b: Node) -> bool:\n    return a is b\n",
            "`is` with something other than `None`",
        ),
        (
            "def make(v: int) -> int:\n    n = Node(v)\n    return n.val\n",
            "call of `Node`",
        ),
        // No guard: `root` may be None.
        (
            "def val(root: Node | None) -> int:\n    return root.val\n",
            "field of a node that may be None",
        ),
        (
            "def step(root: Node | None) -> int:\n    root = root.left\n    return 0\n",
            "holding a tree node rebound",
        ),
        // Only parameters (never rebound) are unwrapped by a guard: a
        // local rebound after `let Some(cur) = cur` would set the shadow.
        (
            "def walk(root: Node | None) -> int:\n    cur = root\n    if cur is None:\n        return 0\n    return cur.val\n",
            "field of a node that may be None",
        ),
    ];
    for (function, construct) in cases {
        let reasons = module_declines(&format!("{node}{function}"));
        assert!(
            reasons
                .iter()
                .any(|r| r.contains(construct) && r.contains("at line ")),
            "{function}: expected a decline naming {construct}, got {reasons:?}"
        );
    }
}

/// What a dataclass does that its struct does not is declined: methods,
/// decorator arguments, a field of a type without a counterpart; a float
/// field leaves `PartialEq` out (tuples compare NaN equal to itself).
#[test]
fn python_to_rust_dataclasses_decline_what_a_struct_does_not_match() {
    let head = "from dataclasses import dataclass\n\n\n";
    let reasons = module_declines(&format!("{head}@dataclass\nclass P:\n    x: int = 0\n\n    def norm(self) -> int:\n        return self.x\n"));
    assert!(
        reasons.iter().any(|r| r.contains("method of a dataclass")),
        "{reasons:?}"
    );
    let reasons = module_declines(&format!(
        "{head}@dataclass(frozen=True)\nclass P:\n    x: int = 0\n"
    ));
    assert!(
        reasons.iter().any(|r| r.contains("decorator `@dataclass`")),
        "{reasons:?}"
    );
    let reasons = module_declines(&format!("{head}@dataclass\nclass P:\n    xs: list[int]\n"));
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("dataclass field of type")),
        "{reasons:?}"
    );
    let rust = translate_module(&format!(
        "{head}@dataclass\nclass P:\n    x: float = 0.0\n    n: int = 1\n"
    ));
    assert!(
        rust.contains("#[derive(Clone, Debug)]\npub struct P {"),
        "{rust}"
    );
    // JavaScript's `===` on objects is identity, the dataclass's `==` is
    // by fields: still declined there.
    let (_dir, out) = {
        let src = crate::util::tree(&[(
            "m.py",
            format!("{head}@dataclass\nclass P:\n    x: int = 0\n")
                .into_bytes()
                .as_slice(),
        )]);
        let out = tempfile::tempdir().expect("a temporary folder");
        crate::util::xlate()
            .args(["translate", "--no-cache", "--engine", "rules"])
            .args(["--to", "javascript", "--verify", "off", "--out"])
            .arg(out.path())
            .arg(src.path())
            .output()
            .expect("xlate runs");
        (src, out)
    };
    let reasons = crate::util::first_file_reasons(out.path());
    assert!(
        reasons.iter().any(|r| r.contains("decorator `@dataclass`")),
        "{reasons:?}"
    );
}

/// A plain tree node class (`__init__` storing annotated parameters, and
/// literals under an annotation) as the dataclass is: a struct whose
/// `new` takes the parameters, read by the same borrowed functions; a
/// linked list whose `next` starts as `None` too. The functions are
/// `TREE_MODULE`'s, on trees built by hand on each side.
const PLAIN_NODES: &str = "from __future__ import annotations\n\n\n\
class Node:\n    \"\"\"A binary tree node.\"\"\"\n\n    def __init__(self, val: int, left: Node | None = None, right: Node | None = None) -> None:\n        self.val = val\n        self.left = left\n        self.right = right\n\n\n\
class Cell:\n    def __init__(self, value: int) -> None:\n        self.value = value\n        self.next: Cell | None = None\n        self.mark: int = -1\n";

const LIST_READERS: &str = "\n\ndef total(head: Cell | None) -> int:\n    if head is None:\n        return 0\n    return head.value + total(head.next)\n\n\n\
def last(head: Cell) -> int:\n    if head.next is not None:\n        return last(head.next)\n    return head.value + head.mark\n";

const LIST_HARNESS_PY: &str = "\n\ndef cells(xs):\n    head = None\n    for x in reversed(xs):\n        c = Cell(x)\n        c.next = head\n        head = c\n    return head\n\n\n\
def t_total(xs):\n    return total(cells(xs))\n\n\n\
def t_last(xs):\n    return last(cells(xs))\n";

const LIST_HARNESS_RS: &str = "\nfn cells(xs: Vec<i64>) -> Option<Box<Cell>> {\n    let mut head = None;\n    for x in xs.into_iter().rev() {\n        let mut c = Cell::new(x);\n        c.next = head;\n        head = Some(Box::new(c));\n    }\n    head\n}\n\
pub fn t_total(xs: Vec<i64>) -> i64 {\n    total(cells(xs).as_deref())\n}\n\
pub fn t_last(xs: Vec<i64>) -> i64 {\n    last(cells(xs).as_deref().expect(\"a list\"))\n}\n";

#[test]
fn python_to_rust_reads_trees_of_a_plain_node_class() {
    let readers = TREE_MODULE
        .split_once("\n\n\ndef depth")
        .map(|(_, rest)| format!("\n\ndef depth{rest}"))
        .expect("the tree readers");
    let module = format!("{PLAIN_NODES}{readers}{LIST_READERS}");
    let rust = translate_module(&module);
    // No `PartialEq`: a plain class's `==` is identity.
    assert!(
        rust.contains("#[derive(Clone, Debug)]\npub struct Node {")
            && rust.contains("pub left: Option<Box<Node>>,")
            && rust.contains(
                "pub fn new(val: i64, left: Option<Box<Node>>, right: Option<Box<Node>>) -> Self {"
            ),
        "{rust}"
    );
    assert!(
        rust.contains("pub fn new(value: i64) -> Self {")
            && rust.contains("Self { value, next: None, mark: -1 }"),
        "{rust}"
    );
    assert!(
        rust.contains("fn depth(root: Option<&Node>) -> i64 {")
            && rust.contains("fn total(head: Option<&Cell>) -> i64 {")
            && rust.contains("fn last(head: &Cell) -> i64 {"),
        "{rust}"
    );
    let python: &'static str =
        Box::leak(format!("{module}{TREE_HARNESS_PY}{LIST_HARNESS_PY}").into_boxed_str());
    let code = format!("{rust}{TREE_HARNESS_RS}{LIST_HARNESS_RS}");
    let cases = [
        case(
            "t_depth",
            python,
            "fn t_depth(xs: Vec<i64>) -> i64 {",
            "[[[]], [[5]], [[5, 3, 8, 1, 4, 9, 0]], [[1, 2, 3, 4]]]",
        ),
        case(
            "t_balanced",
            python,
            "fn t_balanced(xs: Vec<i64>) -> bool {",
            "[[[]], [[5, 3, 8, 1, 4, 9]], [[1, 2, 3]]]",
        ),
        case(
            "t_path",
            python,
            "fn t_path(xs: Vec<i64>, total: i64) -> bool {",
            "[[[], 0], [[5, 3, 8, 1], 9], [[5, 3, 8, 1], 13], [[5], 5]]",
        ),
        case(
            "t_leaf",
            python,
            "fn t_leaf(v: i64) -> i64 {",
            "[[3], [-7]]",
        ),
        case(
            "t_same",
            python,
            "fn t_same(xs: Vec<i64>, ys: Vec<i64>) -> bool {",
            "[[[], []], [[2, 1, 3], [2, 1, 3]], [[2, 1, 3], [2, 3, 1]]]",
        ),
        case(
            "t_count",
            python,
            "fn t_count(xs: Vec<i64>) -> i64 {",
            "[[[]], [[4, 2, 6, 1]]]",
        ),
        case(
            "t_sums",
            python,
            "fn t_sums(xs: Vec<i64>) -> Vec<i64> {",
            "[[[]], [[5, 3, 8, 1, 4, 9, 7]]]",
        ),
        case(
            "t_total",
            python,
            "fn t_total(xs: Vec<i64>) -> i64 {",
            "[[[]], [[4]], [[1, 2, 3, -9]]]",
        ),
        case(
            "t_last",
            python,
            "fn t_last(xs: Vec<i64>) -> i64 {",
            "[[[4]], [[1, 2, 3, -9]]]",
        ),
    ];
    let kept: Vec<&Case> = cases.iter().collect();
    let expected = run_python(&kept);
    let actual = run_rust(&kept, &vec![code.clone(); kept.len()]);
    let mut failures = Vec::new();
    for (i, c) in kept.iter().enumerate() {
        failures.extend(disagreements(
            "Python",
            c.name,
            &expected[i],
            &actual[i],
            &code,
            same,
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A plain node class's `==` is identity, which borrowed nodes have no
/// counterpart for: comparing its nodes (`==`, `in`) is declined by name,
/// as are the dataclass path's changes, returns and builds. A class whose
/// `__init__` computes a field, or leaves a field's type unsaid, is not a
/// node struct: the class path declines it as before.
#[test]
fn python_to_rust_declines_what_plain_tree_nodes_cannot_do() {
    let node = "from __future__ import annotations\n\n\n\
class Node:\n    def __init__(self, val: int) -> None:\n        self.val = val\n        self.next: Node | None = None\n\n\n";
    let cases = [
        (
            "def same(a: Node, b: Node) -> bool:\n    return a == b\n",
            "comparing nodes of `Node` (identity in Python)",
        ),
        (
            "def seen(a: Node, b: Node) -> bool:\n    xs: list[Node] = [b]\n    return a in xs\n",
            "comparing nodes of `Node` (identity in Python)",
        ),
        (
            "def at(a: Node, b: Node) -> int:\n    xs: list[Node] = [a, b]\n    return xs.index(b)\n",
            "comparing nodes of `Node` (identity in Python)",
        ),
        (
            "def cut(head: Node) -> None:\n    head.next = None\n",
            "change to a tree node",
        ),
        (
            "def same(head: Node) -> Node:\n    return head\n",
            "returning a tree node",
        ),
        (
            "def make(v: int) -> int:\n    n = Node(v)\n    return n.val\n",
            "call of `Node`",
        ),
    ];
    for (function, construct) in cases {
        let reasons = module_declines(&format!("{node}{function}"));
        assert!(
            reasons
                .iter()
                .any(|r| r.contains(construct) && r.contains("at line ")),
            "{function}: expected a decline naming {construct}, got {reasons:?}"
        );
    }
    for class in [
        "class Node:\n    def __init__(self, val) -> None:\n        self.val = val\n        self.next = None\n",
        "class Node:\n    def __init__(self, val: int) -> None:\n        self.val = val * 2\n        self.next: Node | None = None\n",
    ] {
        let reasons = module_declines(class);
        assert!(
            reasons.iter().any(|r| r.contains("field `")),
            "{class}: expected the class path's decline, got {reasons:?}"
        );
    }
}

/// `cur = nxt` ending a loop's body that binds `nxt` to a new list before
/// anything else mentions either name: Python's two names hold one list
/// only until `nxt` is bound anew, so the copy is the same list (a
/// breadth-first walk's `queue = level`). Where `nxt` is read after the
/// loop, the copy would differ: declined.
#[test]
fn python_to_rust_hands_a_list_on_at_the_end_of_a_loop() {
    check_without_signature(&[case(
        "levels",
        "def levels(n: int) -> list[int]:\n    cur = [1]\n    while len(cur) < n:\n        nxt = []\n        for x in cur:\n            nxt.append(x + 1)\n        nxt.append(0)\n        cur = nxt\n    return cur\n",
        "fn levels(n: i64) -> Vec<i64> {",
        "[[0], [1], [4]]",
    )]);
    declines_unsigned(
        "def kept(n: int) -> list[int]:\n    a = []\n    b = []\n    for i in range(n):\n        a = [i]\n        b = a\n    a.append(9)\n    return b\n",
        "shared by another name and changed in place",
    );
}

/// A `try` around one lookup that may miss, with a handler of the error a
/// miss raises, is an `if` on whether the lookup hits: a list index in
/// Python's range (negative ones count from the end), a dict key present.
#[test]
fn python_to_rust_turns_a_guarded_lookup_into_an_if() {
    check_without_signature(&[
        case(
            "columns",
            "def columns(matrix: list[list[int]]) -> list[list[int]]:\n    result: list[list[int]] = []\n    for row in reversed(matrix):\n        for i, elem in enumerate(row):\n            try:\n                result[i].append(elem)\n            except IndexError:\n                result.insert(i, [])\n                result[i].append(elem)\n    return result\n",
            "fn columns(matrix: Vec<Vec<i64>>) -> Vec<Vec<i64>> {",
            "[[[[1, 2, 3], [4, 5, 6]]], [[[1], [2, 3], []]], [[]]]",
        ),
        case(
            "at_or",
            "def at_or(xs: list[int], i: int, fallback: int) -> int:\n    try:\n        v = xs[i]\n    except IndexError:\n        v = fallback\n    return v * 2\n",
            "fn at_or(xs: Vec<i64>, i: i64, fallback: i64) -> i64 {",
            "[[[1, 2, 3], 0, 9], [[1, 2, 3], 2, 9], [[1, 2, 3], 3, 9], [[1, 2, 3], -1, 9], [[1, 2, 3], -3, 9], [[1, 2, 3], -4, 9], [[], 0, 7], [[4], -1, 0]]",
        ),
        case(
            "edge_or",
            "def edge_or(xs: list[int]) -> int:\n    try:\n        return xs[-2]\n    except (IndexError, ValueError):\n        pass\n    try:\n        return xs[1] + 100\n    except IndexError:\n        return -1\n",
            "fn edge_or(xs: Vec<i64>) -> i64 {",
            "[[[1, 2, 3]], [[1, 2]], [[5]], [[]]]",
        ),
        case(
            "tally",
            "def tally(words: list[str], step: int) -> list[int]:\n    counts: dict[str, int] = {}\n    for w in words:\n        try:\n            counts[w] += step * 2\n        except KeyError:\n            counts[w] = step\n    return [counts[w] for w in words]\n",
            "fn tally(words: Vec<String>, step: i64) -> Vec<i64> {",
            "[[[\"a\", \"b\", \"a\", \"a\"], 1], [[], 3], [[\"x\"], -2]]",
        ),
        case(
            "price",
            "def price(keys: list[str], k: str) -> int:\n    d: dict[str, int] = {}\n    for key in keys:\n        d[key] = len(key)\n    try:\n        return d[k]\n    except KeyError:\n        return -1\n",
            "fn price(keys: Vec<String>, k: String) -> i64 {",
            "[[[\"ab\", \"c\"], \"ab\"], [[\"ab\"], \"b\"], [[], \"\"]]",
        ),
    ]);
    // Anything else in the body might raise what the handler catches (a
    // second index, a call), the handler catches another error than the
    // lookup's, or the error is bound: declined.
    for python in [
        "def f(xs: list[int], ys: list[int], i: int) -> int:\n    try:\n        xs[i].append(ys[i])\n    except IndexError:\n        return 0\n    return 1\n",
        "def f(xs: list[int], i: int) -> int:\n    try:\n        v = xs[i]\n        w = xs[i + 1]\n    except IndexError:\n        return 0\n    return v + w\n",
        "def f(xs: list[int], i: int) -> int:\n    try:\n        return xs[i]\n    except KeyError:\n        return 0\n",
        "def f(d: dict[str, int], k: str) -> int:\n    try:\n        return d[k]\n    except IndexError:\n        return 0\n",
        "def f(d: dict[str, int], k: str) -> int:\n    try:\n        return d[k]\n    except KeyError as e:\n        return 0\n",
        "def f(d: dict[str, int], k: str) -> int:\n    try:\n        return d[k]\n    except KeyError:\n        return 0\n    finally:\n        print(k)\n",
        "def f(xs: list[int], i: int) -> int:\n    try:\n        return xs[len(xs) - i]\n    except IndexError:\n        return 0\n",
        "def f(s: str) -> int:\n    try:\n        return int(s)\n    except ValueError:\n        return 0\n",
    ] {
        declines_unsigned(python, "`try`");
    }
}

/// `del xs[i]` and `del d[k]` remove the item as `pop` does, raising
/// (panicking) alike on a position out of range or a missing key; a
/// negative position counts from the end. `d.pop(k)` and `d.pop(k, v)`.
#[test]
fn python_to_rust_deletes_items_and_pops_keys() {
    check_without_signature(&[
        case(
            "drop_at",
            "def drop_at(xs: list[int], i: int) -> list[int]:\n    del xs[i]\n    return xs\n",
            "fn drop_at(xs: Vec<i64>, i: i64) -> Vec<i64> {",
            "[[[1, 2, 3], 0], [[1, 2, 3], 2], [[1, 2, 3], -1], [[1, 2, 3], -3], [[1, 2, 3], 3], [[1, 2, 3], -4], [[], 0]]",
        ),
        case(
            "drop_key",
            "def drop_key(keys: list[str], k: str) -> list[int]:\n    d: dict[str, int] = {}\n    for key in keys:\n        d[key] = len(key)\n    del d[k]\n    return [d.get(key, -1) for key in keys] + [len(d)]\n",
            "fn drop_key(keys: Vec<String>, k: String) -> Vec<i64> {",
            "[[[\"ab\", \"c\"], \"ab\"], [[\"ab\", \"c\"], \"c\"], [[\"ab\"], \"x\"], [[], \"\"]]",
        ),
        case(
            "pop_key",
            "def pop_key(keys: list[str], k: str, strict: bool) -> list[int]:\n    d: dict[str, int] = {}\n    for key in keys:\n        d[key] = len(key)\n    got = d.pop(k, 0)\n    if strict:\n        got += d.pop(k)\n    return [got, len(d)]\n",
            "fn pop_key(keys: Vec<String>, k: String, strict: bool) -> Vec<i64> {",
            "[[[\"ab\", \"c\"], \"ab\", false], [[\"ab\"], \"x\", false], [[\"ab\"], \"ab\", true], [[], \"\", false]]",
        ),
    ]);
    for (python, construct) in [
        (
            "def f(xs: list[int]) -> list[int]:\n    del xs[:2]\n    return xs\n",
            "`del` of a slice",
        ),
        (
            "def f(xs: list[int]) -> int:\n    n = len(xs)\n    del xs\n    return n\n",
            "`del` of other than an item",
        ),
    ] {
        declines_unsigned(python, construct);
    }
}

/// `x in d.values()`: whether some value is `x`, whatever order the
/// values come in (iterating them is declined).
#[test]
fn python_to_rust_tests_membership_among_a_dicts_values() {
    check_without_signature(&[case(
        "has_value",
        "def has_value(keys: list[str], v: int, w: str) -> list[bool]:\n    d: dict[str, int] = {}\n    names: dict[int, str] = {}\n    for key in keys:\n        d[key] = len(key) * 2\n        names[len(key)] = key\n    return [v in d.values(), w not in names.values(), w[0] in names.values()]\n",
        "fn has_value(keys: Vec<String>, v: i64, w: String) -> Vec<bool> {",
        "[[[\"ab\", \"c\"], 4, \"c\"], [[\"ab\", \"c\"], 1, \"ab\"], [[], 0, \"x\"], [[\"x\"], 2, \"\"]]",
    )]);
    declines_unsigned(
        "def f(d: dict[str, int]) -> list[int]:\n    return [v for v in d.values()]\n",
        "iterating a dict",
    );
}

/// Functions of other units that take a dict or a set: one changed in
/// place is lent (`&mut`), so the caller sees the change as Python's does;
/// one only read is passed by value (the caller's copy where it reads its
/// own after); a new empty one (`f({}, [])`) is a new one of the callee's
/// type, lent.
#[test]
fn python_to_rust_passes_dicts_and_sets_to_functions_of_other_units() {
    let python = "def record(seen: dict[str, int], word: str, marks: set[int]) -> None:\n    seen[word] = seen.get(word, 0) + 1\n    marks.add(len(word))\n\n\n\
def total(seen: dict[str, int]) -> int:\n    return len(seen) * 10 + seen.get('a', 0) + seen.get('bb', 0) * 100\n\n\n\
def tally(words: list[str]) -> list[int]:\n    seen: dict[str, int] = {}\n    marks: set[int] = set()\n    for w in words:\n        record(seen, w, marks)\n    return [total(seen), len(seen), len(marks), seen.get('a', -1)]\n\n\n\
def fill(d: dict[str, int], out: list[int], words: list[str]) -> int:\n    for w in words:\n        d[w] = len(w)\n        out.append(len(d))\n    return len(d) * 100 + sum(out)\n\n\n\
def seeded(words: list[str]) -> int:\n    return fill({}, [], words)\n";
    // `seeded` lends `fill` a new empty dict and list of the types it takes.
    check_module(
        python,
        &[
            (
                "tally",
                "fn tally(words: Vec<String>) -> Vec<i64> {",
                "[[[\"a\", \"bb\", \"a\"]], [[]], [[\"x\", \"y\", \"zz\"]]]",
            ),
            (
                "seeded",
                "fn seeded(words: Vec<String>) -> i64 {",
                "[[[\"a\", \"bb\", \"a\"]], [[]]]",
            ),
        ],
    );
}

/// A dict's keys, values or items where the order they come in cannot
/// show: `sorted` without `key=` (of anything but floats), `min`/`max`,
/// `sum` of integers, `len`, `any`/`all`. Sorting under a `key=` keeps ties
/// in the order given: declined (for a set too).
#[test]
fn python_to_rust_reads_a_dict_where_its_order_cannot_show() {
    check_without_signature(&[case(
        "views",
        "def views(keys: list[str]) -> list[int]:\n    d: dict[str, int] = {}\n    for key in keys:\n        d[key] = len(key) * 3 - 4\n    if not d:\n        return []\n    order = [d[k] for k in sorted(d)]\n    return order + [max(d.values()), len(min(d)), len(d)] + [sum(d.values())] + sorted(d.values()) + [v for _, v in sorted(d.items())]\n",
        "fn views(keys: Vec<String>) -> Vec<i64> {",
        "[[[\"ab\", \"c\", \"zzz\", \"a\"]], [[]], [[\"q\"]]]",
    )]);
    for python in [
        "def f(d: dict[str, int]) -> list[str]:\n    return sorted(d, key=lambda k: d[k])\n",
        "def f(s: set[str]) -> list[str]:\n    return sorted(s, key=len)\n",
        "def f(d: dict[str, float]) -> list[float]:\n    return sorted(d.values())\n",
    ] {
        declines_unsigned(python, "iterating a");
    }
}

/// A generator of statements then one loop that yields (see the backend's
/// `rust_generator`) is a lazy `impl Iterator`: what follows a `yield`
/// runs when the next item is asked for, `continue` after a `yield`, a
/// `break` or `return` ends it, a consumer that stops early never runs
/// the rest (`first_two` stops before `xs[i]` would raise), and a list it
/// changes in place is lent (`&mut`) while it lives. Other units call it
/// by its signature (`list(g(..))`, `for x in g(..)`).
#[test]
fn python_to_rust_generators_are_lazy_iterators() {
    let python = "from typing import Generator, Iterator\n\n\n\
def evens(n: int) -> Iterator[int]:\n    i = 0\n    while i < n:\n        if i % 2 == 0:\n            yield i\n            i += 1\n            continue\n        i += 1\n\n\n\
def tags(words: list[str]) -> Iterator[str]:\n    count = 0\n    for w in words:\n        if w == 'stop':\n            break\n        count += 1\n        yield w + str(count)\n        if count > 2:\n            yield 'many'\n\n\n\
def upto(xs: list[int], limit: int) -> Iterator[int]:\n    for x in xs:\n        if x > limit:\n            return\n        yield x * 2\n\n\n\
def risky(xs: list[int]) -> Iterator[int]:\n    i = 0\n    while True:\n        yield xs[i]\n        i += 1\n\n\n\
def josephus(items: list[int], skip: int) -> Generator[int, None, None]:\n    skip = skip - 1\n    index = 0\n    remaining = len(items)\n    while remaining > 0:\n        index = (skip + index) % remaining\n        yield items.pop(index)\n        remaining -= 1\n\n\n\
def collect(n: int) -> list[int]:\n    return list(evens(n))\n\n\n\
def total(n: int) -> int:\n    t = 0\n    for x in evens(n):\n        t += x\n        if t > 20:\n            break\n    return t\n\n\n\
def tagged(words: list[str]) -> list[str]:\n    return list(tags(words))\n\n\n\
def doubled(xs: list[int], limit: int) -> list[int]:\n    return list(upto(xs, limit))\n\n\n\
def first_two(xs: list[int]) -> int:\n    t = 0\n    n = 0\n    for x in risky(xs):\n        t += x\n        n += 1\n        if n == 2:\n            break\n    return t\n\n\n\
def order(n: int, k: int) -> list[int]:\n    xs = list(range(1, n + 1))\n    return list(josephus(xs, k))\n\n\n\
def chunks(xs: list[int], n: int) -> Iterator[list[int]]:\n    if n <= 0:\n        return\n    yield [len(xs)]\n    buf = []\n    for x in xs:\n        buf.append(x)\n        if len(buf) == n:\n            yield buf\n            buf = []\n    if buf:\n        yield buf\n        buf = []\n    yield [-1]\n\n\n\
def chunked(xs: list[int], n: int) -> list[list[int]]:\n    return list(chunks(xs, n))\n\n\n\
def pair(a: int) -> Iterator[int]:\n    yield a\n    if a > 0:\n        yield a * 2\n    yield -a\n\n\n\
def paired(a: int) -> list[int]:\n    return list(pair(a))\n";
    check_module(
        python,
        &[
            (
                "collect",
                "fn collect(n: i64) -> Vec<i64> {",
                "[[0], [1], [7], [-3]]",
            ),
            ("total", "fn total(n: i64) -> i64 {", "[[3], [12], [40]]"),
            (
                "tagged",
                "fn tagged(words: Vec<String>) -> Vec<String> {",
                "[[[\"a\", \"stop\", \"b\"]], [[\"a\", \"b\", \"c\", \"d\"]], [[]]]",
            ),
            (
                "doubled",
                "fn doubled(xs: Vec<i64>, limit: i64) -> Vec<i64> {",
                "[[[1, 2, 9, 3], 5], [[], 0], [[7], 1]]",
            ),
            (
                "first_two",
                "fn first_two(xs: Vec<i64>) -> i64 {",
                "[[[1, 2]], [[4, 5, 6]], [[5]], [[]]]",
            ),
            (
                "order",
                "fn order(n: i64, k: i64) -> Vec<i64> {",
                "[[9, 3], [1, 1], [5, 2], [0, 4], [6, 0]]",
            ),
            (
                "chunked",
                "fn chunked(xs: Vec<i64>, n: i64) -> Vec<Vec<i64>> {",
                "[[[1, 2, 3, 4, 5], 2], [[1, 2], 2], [[], 3], [[1], 0]]",
            ),
            (
                "paired",
                "fn paired(a: i64) -> Vec<i64> {",
                "[[3], [0], [-2]]",
            ),
        ],
    );
}

/// An untyped generator is generic: its locals of the type variable start
/// as `Default::default()` (`T: Default`); it loops over `enumerate` of a
/// list, taking the items when the loop starts. (No other unit has its
/// signature, so the consumer is written by hand on both sides.)
#[test]
fn python_to_rust_generic_generators_loop_over_enumerate() {
    let generator =
        "def alternate(xs, y):\n    for i, x in enumerate(xs):\n        if x == y:\n            yield i\n";
    let code = match translate(Lang::Python, Lang::Rust, generator, None) {
        Ok(code) => code,
        Err(reason) => panic!("declined: {reason}"),
    };
    assert!(code.contains("Default"), "{code}");
    let c = case(
        "every_other",
        "def alternate(xs, y):\n    for i, x in enumerate(xs):\n        if x == y:\n            yield i\n\n\n\
def every_other(words: list[str], w: str) -> list[int]:\n    return list(alternate(words, w))\n",
        "fn every_other(words: Vec<String>, w: String) -> Vec<i64> {",
        "[[[\"a\", \"b\", \"a\"], \"a\"], [[], \"a\"], [[\"x\", \"y\"], \"y\"]]",
    );
    let rust = format!(
        "{code}\npub fn every_other(words: Vec<String>, w: String) -> Vec<i64> {{ alternate(words, w).collect() }}\n"
    );
    let expected = run_python(&[&c]);
    let actual = run_rust(&[&c], std::slice::from_ref(&rust));
    let failures = disagreements("Python", c.name, &expected[0], &actual[0], &rust, same);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Generators of other shapes are declined: a `yield` in a nested loop,
/// `yield from`, a `try` (a `finally` around a `yield` runs when the
/// consumer stops), statements after the loop.
#[test]
fn python_to_rust_declines_generators_of_other_shapes() {
    for (python, construct) in [
        (
            "def f(n: int) -> Iterator[int]:\n    for i in range(n):\n        for j in range(i):\n            yield j\n",
            "`yield` in a loop other than",
        ),
        (
            "def f(xs: list[list[int]]) -> Iterator[list[int]]:\n    for x in xs:\n        yield x\n",
            "`yield` of a list, dict or set the generator keeps",
        ),
        (
            "def f(n: int) -> Iterator[list[int]]:\n    buf = []\n    for i in range(n):\n        buf.append(i)\n        yield buf\n",
            "`yield` of a list, dict or set the generator keeps",
        ),
        (
            "def f(xs: list[int]) -> Iterator[int]:\n    yield from xs\n",
            "`yield from`",
        ),
        (
            "def f(n: int) -> Iterator[int]:\n    try:\n        for i in range(n):\n            yield i\n    finally:\n        print('done')\n",
            "`try` in a generator",
        ),
        (
            "def f(n: int) -> Iterator[int]:\n    for i in range(n):\n        yield i\n    while n > 0:\n        yield n\n        n -= 1\n",
            "`yield` in a loop other than",
        ),
    ] {
        declines_unsigned(python, construct);
    }
}

// Regression: "`s.split()` and `s.strip()` were Rust's `split_whitespace`
// and `trim`", which keep U+001C to U+001F (Python's white space has
// them); and "`isdigit`, `isalpha` and `isalnum` were Rust's
// `is_ascii_digit`, `is_alphabetic` and `is_alphanumeric`", which answer
// otherwise on `'²'`, `'٣'` and `'Ⅷ'`.
#[test]
fn python_to_rust_keeps_pythons_character_classes() {
    check(&[
        case(
            "py_white_space",
            "def py_white_space(s: str) -> list[str]:\n    t = \"\\x1c\" + s + \"\\x1f \"\n    return (t + \"x\\x1dy\").split() + [t.strip() + \"|\" + str(len(t.lstrip())) + str(len(t.rstrip())) + (\"space\" if t.isspace() else \"\")]\n",
            "fn py_white_space(s: String) -> Vec<String> {",
            r#"[["a b"], [" "], [""]]"#,
        ),
        case(
            "py_ascii_classes",
            "def py_ascii_classes(s: str) -> list[bool]:\n    return [s.isdigit(), s.isalpha(), s.isalnum(), s.isspace()] + [c.isdigit() or c.isupper() for c in s]\n",
            "fn py_ascii_classes(s: String) -> Vec<bool> {",
            r#"[["123"], ["abC"], ["a1"], [" \t"], [""], ["a-b"]]"#,
        ),
    ]);
    // Outside ASCII Python's classes are not Rust's: the translation
    // panics rather than answer otherwise.
    let python =
        "def classes(s: str) -> list[bool]:\n    return [s.isdigit(), s.isalpha(), s.isalnum()]\n";
    let declaration = "fn classes(s: String) -> Vec<bool> {";
    let code = translate(Lang::Python, Lang::Rust, python, Some(declaration)).expect("translated");
    let got = compile_and_run(&[RustCase {
        name: "classes",
        declaration,
        inputs: r#"[["12"], ["\u00b2"], ["\u0663"], ["\u2167"], ["ab"]]"#,
        code: &code,
    }]);
    let panicked: Vec<bool> = got[0].iter().map(|r| r.get("error").is_some()).collect();
    assert_eq!(
        panicked,
        [false, true, true, true, false],
        "{got:?}\n{code}"
    );
}
