//! The rules engine from Rust, construct by construct: each case is a Rust
//! function and inputs for it (JSON argument lists). All cases are compiled
//! together into one Rust program with `rustc`, which calls each function on
//! its inputs; the Python and JavaScript translations run on the same inputs
//! in one `python3` and one `node` process, and every result the Rust
//! program gives (it did not panic) must be the translation's too.

use std::process::Command;

use serde_json::Value;
use xlate::lang::{to_camel_case, Lang};

use super::rules::{run, same, translate};

/// A Rust function and the inputs to call it with (a JSON array of argument
/// lists).
struct Case {
    name: &'static str,
    source: &'static str,
    inputs: &'static str,
}

const fn case(name: &'static str, source: &'static str, inputs: &'static str) -> Case {
    Case {
        name,
        source,
        inputs,
    }
}

/// The parameter types of `fn name(a: T, b: U) -> R`, as written: the
/// first `pub fn` (a case may define macros before it).
fn parameter_types(source: &str) -> Vec<String> {
    let start = source.find("pub fn ").unwrap_or(0);
    let open = start + source[start..].find('(').expect("a parameter list");
    let mut depth = 0usize;
    let mut close = open;
    for (i, c) in source[open..].char_indices() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => {
                depth -= 1;
                if depth == 0 {
                    close = open + i;
                    break;
                }
            }
            _ => {}
        }
    }
    split_top_level(&source[open + 1..close])
        .into_iter()
        .map(|p| {
            let (_, ty) = p.split_once(':').expect("a typed parameter");
            ty.trim().to_string()
        })
        .collect()
}

/// `text` split at the commas outside brackets.
fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(text[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    if !text[start..].trim().is_empty() {
        parts.push(text[start..].trim().to_string());
    }
    parts
}

/// The Rust expression of type `ty` for the JSON value `v`.
fn rust_literal(v: &Value, ty: &str) -> String {
    let ty = ty.trim();
    // A lifetime changes no value: `&'a str` is written as `&str`.
    if let Some(rest) = ty.strip_prefix("&'") {
        let (_, inner) = rest.split_once(' ').expect("a type after the lifetime");
        return rust_literal(v, &format!("&{inner}"));
    }
    if ty == "&str" {
        return serde_json::to_string(v).expect("str");
    }
    if let Some(inner) = ty.strip_prefix('&') {
        let inner = inner.trim_start().strip_prefix("mut ").unwrap_or(inner);
        return format!("&{}", rust_literal(v, inner.trim()));
    }
    let inner_of = |prefix: &str| {
        ty.strip_prefix(prefix)
            .and_then(|t| t.strip_suffix('>').or_else(|| t.strip_suffix(']')))
            .map(str::to_string)
    };
    if let Some(inner) = inner_of("Option<") {
        return match v {
            Value::Null => "None".to_string(),
            v => format!("Some({})", rust_literal(v, &inner)),
        };
    }
    if let Some(elem) = inner_of("Vec<").or_else(|| inner_of("[")) {
        let items = v.as_array().expect("a list for a Vec");
        let items: Vec<String> = items.iter().map(|x| rust_literal(x, &elem)).collect();
        return format!("vec![{}]", items.join(", "));
    }
    if let Some(inner) = ty.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        let types = split_top_level(inner);
        let items = v.as_array().expect("a list for a tuple");
        let items: Vec<String> = items
            .iter()
            .zip(&types)
            .map(|(x, t)| rust_literal(x, t))
            .collect();
        return format!("({},)", items.join(", "));
    }
    match ty {
        "String" => format!("String::from({})", serde_json::to_string(v).expect("str")),
        "char" => {
            let s = v.as_str().expect("a one-character string for a char");
            format!("{:?}", s.chars().next().expect("a character"))
        }
        "f32" | "f64" => format!("({:?}{ty})", v.as_f64().expect("a number")),
        "bool" => v.to_string(),
        _ => format!("({v}{ty})"),
    }
}

/// What every generated program starts with: how results become JSON.
const RUST_PRELUDE: &str = r#"
#![allow(unused, non_snake_case, clippy::all)]
use std::collections::{HashMap, HashSet};
trait J { fn j(&self) -> String; }
macro_rules! num { ($($t:ty),*) => { $(impl J for $t { fn j(&self) -> String { format!("{}", self) } })* } }
num!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
impl J for f32 { fn j(&self) -> String { if self.is_finite() { format!("{:?}", *self as f64) } else { format!("\"{}\"", self) } } }
impl J for f64 { fn j(&self) -> String { if self.is_finite() { format!("{:?}", self) } else if self.is_nan() { "\"nan\"".into() } else if *self > 0.0 { "\"inf\"".into() } else { "\"-inf\"".into() } } }
impl J for bool { fn j(&self) -> String { format!("{}", self) } }
impl J for char { fn j(&self) -> String { format!("{:?}", self.to_string()) } }
impl J for String { fn j(&self) -> String { format!("{:?}", self) } }
impl J for &str { fn j(&self) -> String { format!("{:?}", self) } }
impl<T: J> J for Vec<T> { fn j(&self) -> String { format!("[{}]", self.iter().map(|x| x.j()).collect::<Vec<_>>().join(",")) } }
impl<T: J> J for Option<T> { fn j(&self) -> String { match self { Some(x) => x.j(), None => "null".into() } } }
macro_rules! tuple { ($($t:ident $i:tt),*) => { impl<$($t: J),*> J for ($($t,)*) { fn j(&self) -> String { let parts: Vec<String> = vec![$(self.$i.j()),*]; format!("[{}]", parts.join(",")) } } } }
tuple!(A 0, B 1);
tuple!(A 0, B 1, C 2);
tuple!(A 0, B 1, C 2, D 3);
tuple!(A 0, B 1, C 2, D 3, E 4);
tuple!(A 0, B 1, C 2, D 3, E 4, F 5);
fn run<T: J>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> String {
    match std::panic::catch_unwind(f) {
        Ok(v) => format!("{{\"ok\":{}}}", v.j()),
        Err(_) => "{\"error\":\"panic\"}".to_string(),
    }
}
"#;

/// Compiles the cases into one program, runs it, and returns each case's
/// results (`{"ok": value}` or `{"error": "panic"}`) per input.
fn run_rust(cases: &[Case]) -> Vec<Vec<Value>> {
    let mut program = String::from(RUST_PRELUDE);
    let mut main = String::from(
        "fn main() {\n    std::panic::set_hook(Box::new(|_| {}));\n    let mut out: Vec<String> = Vec::new();\n",
    );
    for (i, c) in cases.iter().enumerate() {
        program.push_str(&format!(
            "mod case{i} {{\n    use super::*;\n{}\n}}\n",
            c.source
        ));
        let types = parameter_types(c.source);
        let inputs: Vec<Value> = serde_json::from_str(c.inputs).expect("inputs are JSON");
        let calls: Vec<String> = inputs
            .iter()
            .map(|args| {
                let args = args.as_array().expect("an argument list");
                assert_eq!(args.len(), types.len(), "{}: argument count", c.name);
                let args: Vec<String> = args
                    .iter()
                    .zip(&types)
                    .map(|(a, t)| rust_literal(a, t))
                    .collect();
                format!("run(|| case{i}::{}({}))", c.name, args.join(", "))
            })
            .collect();
        main.push_str(&format!(
            "    out.push(format!(\"[{{}}]\", [{}].join(\",\")));\n",
            calls.join(", ")
        ));
    }
    main.push_str("    println!(\"[{}]\", out.join(\",\"));\n}\n");
    program.push_str(&main);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let src = dir.path().join("cases.rs");
    let bin = dir.path().join("cases");
    std::fs::write(&src, &program).expect("write the program");
    // Debug assertions on: arithmetic overflow panics, as in a debug build,
    // so an input that overflows is one the source does not accept.
    let compiled = Command::new("rustc")
        .args(["--edition", "2021", "-C", "debug-assertions=on", "-o"])
        .arg(&bin)
        .arg(&src)
        .output()
        .expect("rustc runs");
    assert!(
        compiled.status.success(),
        "the cases do not compile:\n{}\n{program}",
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

/// Compiles `lib` with a `main` that calls `println!(println_args)`, in
/// `dir`, runs it, and gives what it printed, trimmed: what the
/// translations must print.
fn run_main(dir: &std::path::Path, lib: &str, println_args: &str) -> String {
    let program = dir.join("main.rs");
    std::fs::write(
        &program,
        format!("{lib}\nfn main() {{\n    println!({println_args});\n}}\n"),
    )
    .expect("write the program");
    let bin = dir.join("main");
    let compiled = Command::new("rustc")
        .args(["--edition", "2021", "-o"])
        .arg(&bin)
        .arg(&program)
        .output()
        .expect("rustc runs");
    assert!(
        compiled.status.success(),
        "{}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let ran = Command::new(&bin).output().expect("the program runs");
    String::from_utf8_lossy(&ran.stdout).trim().to_string()
}

/// Translates every case into `to`, runs both sides and compares.
fn check(to: Lang, cases: &[Case]) {
    let expected = run_rust(cases);
    let mut targets = Vec::new();
    let mut failures = Vec::new();
    for c in cases {
        match translate(Lang::Rust, to, c.source, None) {
            Ok(code) => {
                let name = match to {
                    Lang::JavaScript => to_camel_case(c.name),
                    _ => c.name.to_string(),
                };
                targets.push((name, code, c.inputs.to_string()));
            }
            Err(reason) => failures.push(format!("{}: declined: {reason}", c.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "cases declined:\n{}",
        failures.join("\n")
    );
    let actual = run(to, &targets);
    for (i, c) in cases.iter().enumerate() {
        let compared = expected[i].iter().filter(|r| r.get("ok").is_some()).count();
        if compared == 0 {
            failures.push(format!("{}: the source accepts none of the inputs", c.name));
        }
        assert_eq!(
            expected[i].len(),
            actual[i].len(),
            "{}: result count",
            c.name
        );
        for (j, (want, got)) in expected[i].iter().zip(&actual[i]).enumerate() {
            // An input on which Rust panics is one the source does not
            // accept: what the translation does with it is not compared.
            if want.get("error").is_some() {
                continue;
            }
            if !same(want, got) {
                failures.push(format!(
                    "{} input #{j}: Rust gave {want}, translation gave {got}\n--- translation:\n{}",
                    c.name, targets[i].1
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Like [`check`], for constructs whose panics must carry over: where Rust
/// panics on an input, the translation must raise or throw too (a wrong
/// value in place of a panic is the worst outcome), and the other inputs
/// must give Rust's values.
fn check_panics(to: Lang, cases: &[Case]) {
    check(to, cases);
    let expected = run_rust(cases);
    let targets: Vec<(String, String, String)> = cases
        .iter()
        .map(|c| {
            let code = translate(Lang::Rust, to, c.source, None).expect("translated by check");
            let name = match to {
                Lang::JavaScript => to_camel_case(c.name),
                _ => c.name.to_string(),
            };
            (name, code, c.inputs.to_string())
        })
        .collect();
    let actual = run(to, &targets);
    let mut failures = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let panics = expected[i]
            .iter()
            .filter(|r| r.get("error").is_some())
            .count();
        if panics == 0 {
            failures.push(format!("{}: Rust panics on none of the inputs", c.name));
        }
        for (j, (want, got)) in expected[i].iter().zip(&actual[i]).enumerate() {
            if want.get("error").is_some() && got.get("error").is_none() {
                failures.push(format!(
                    "{} input #{j}: Rust panics, the translation gave {got}\n--- translation:\n{}",
                    c.name, targets[i].1
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Constructs that panic on some inputs in Rust, each with such inputs.
fn panicking_cases() -> Vec<Case> {
    vec![
        // Integer `/` and `%` by zero panic; JavaScript's operators give an
        // infinity or NaN, so a divisor that may be zero goes through
        // `rsDiv`/`rsRem` (a literal divisor other than zero does not).
        case(
            "divide_by",
            "pub fn divide_by(a: i32, b: i32) -> (i32, i32, i32, i32) {\n    (a / b, a % b, a / 2, a % 3)\n}",
            "[[7, 2], [-7, 2], [7, -3], [7, 0], [0, 0]]",
        ),
        // The compound forms, `/=` and `%=`.
        case(
            "divide_in_place",
            "pub fn divide_in_place(a: u32, b: u32) -> u32 {\n    let mut x = a;\n    x /= b;\n    let mut y = a;\n    y %= b;\n    x + y\n}",
            "[[17, 5], [3, 7], [9, 0]]",
        ),
        // `insert` past the end panics, where Python's `insert` and
        // JavaScript's `splice` append (`rs_insert`, `rsInsertAt`); at 0 or
        // at `len()` it cannot.
        case(
            "insert_at",
            "pub fn insert_at(v: Vec<i32>, i: usize) -> Vec<i32> {\n    let mut w = v.clone();\n    w.insert(i, 9);\n    w.insert(0, 8);\n    w.insert(w.len(), 7);\n    w\n}",
            "[[[1, 2, 3], 1], [[1, 2, 3], 3], [[1, 2, 3], 5], [[], 0], [[], 1]]",
        ),
        // Reading past the end and `unwrap()` of `None` panic.
        case(
            "read_past_end",
            "pub fn read_past_end(v: Vec<i32>, i: usize) -> i32 {\n    let last = v.iter().copied().max();\n    v[i] + last.unwrap()\n}",
            "[[[1, 2, 3], 2], [[1, 2, 3], 3], [[], 0]]",
        ),
        // `unwrap()` of an `Err` panics.
        case(
            "unwrap_err",
            "pub fn unwrap_err(s: String) -> u32 {\n    let n = s.len() as u32;\n    let r: Result<u32, String> = if s.is_empty() { Err(s) } else { Ok(1) };\n    let a = r.unwrap();\n    a + half(n + 1).unwrap()\n}\nfn half(k: u32) -> Result<u32, u32> {\n    if k % 2 == 0 { Ok(k / 2) } else { Err(k) }\n}",
            r#"[["a"], [""], ["ab"], ["abc"]]"#,
        ),
        // `assert_eq!` of two `Result`s that differ panics.
        case(
            "result_assert_fails",
            "pub fn result_assert_fails(k: i32) -> i32 {\n    assert_eq!(half(k), Ok(1));\n    k\n}\nfn half(k: i32) -> Result<i32, String> {\n    if k % 2 == 0 { Ok(k / 2) } else { Err(format!(\"{} is odd\", k)) }\n}",
            "[[2], [4], [3]]",
        ),
        // `rem_euclid` and `div_euclid` by zero panic.
        case(
            "euclid_by",
            "pub fn euclid_by(a: i32, b: i32, u: u32, v: u32) -> (i32, i32, u32, u32) {\n    (a.rem_euclid(b), a.div_euclid(b), u.rem_euclid(v), u.div_euclid(v))\n}",
            "[[-7, 2, 7, 2], [-7, 0, 7, 2], [7, 2, 7, 0], [0, 0, 0, 0]]",
        ),
    ]
}

/// Asserts that a Rust unit is declined in both directions, naming the
/// construct and a line.
fn declines(source: &str, construct: &str) {
    for to in [Lang::Python, Lang::JavaScript] {
        match translate(Lang::Rust, to, source, None) {
            Ok(code) => panic!("expected a decline naming {construct}, got:\n{code}"),
            Err(reason) => assert!(
                reason.contains(construct) && reason.contains("at line "),
                "decline `{reason}` does not name {construct} and a line"
            ),
        }
    }
}

/// The constructs, shared by both directions.
fn cases() -> Vec<Case> {
    vec![
        // `len` of a string counts UTF-8 bytes (`é` 2, `日` 3, `😀` 4), and
        // `chars().count()` code points (`😀` one, where JavaScript's
        // `length` has two UTF-16 units).
        case(
            "string_lengths",
            "pub fn string_lengths(s: &str, t: String) -> (usize, usize, bool, usize, (usize, usize, usize)) {\n    let both = s.len() + t.len();\n    (s.len(), t.len(), t.is_empty(), s.chars().count(), (both, \"é\".len() + \"ab\".len(), t.chars().count()))\n}",
            r#"[["abc", ""], ["é", "日本"], ["😀", "a😀é"], ["", "x"], ["naïve 日本 😀", "😀😀"]]"#,
        ),
        // A string the function slices by byte is assumed ASCII: its
        // `len()` stays `len(s)` / `s.length`.
        case(
            "sliced_by_byte",
            "pub fn sliced_by_byte(s: &str) -> (usize, String) {\n    let mut out = String::new();\n    for i in 0..s.len() {\n        if i % 2 == 0 {\n            out.push_str(s.get(i..i + 1).unwrap());\n        }\n    }\n    (s.len(), out)\n}",
            r#"[["abcde"], [""], ["x"]]"#,
        ),
        // `as` between ints cuts a value the type cast to does not hold
        // (no panic); a widening one changes nothing.
        case(
            "casts_cut_to_the_width",
            "pub fn casts_cut_to_the_width(a: i32, b: i64, c: u16) -> (u32, u8, i8, i16, (i32, u16, i64)) {\n    (a as u32, b as u8, b as i8, a as i16, (b as i32, a as u16, c as i64))\n}",
            "[[-1, 300, 65535], [2147483647, -129, 0], [-2147483648, 9007199254740991, 40000], [70000, -1, 1]]",
        ),
        // `<<` drops the bits shifted past the left operand's width (no
        // panic, even with debug assertions) and a signed result's top bit
        // is its sign; a cast around the shift does not widen it.
        case(
            "shifts_keep_the_width",
            "pub fn shifts_keep_the_width(a: u8, b: i32, c: u32, n: u32) -> (u8, i32, u32, i64, i16) {\n    let n = n % 8;\n    (a << n, b << (n + 24), c << (n + 24), (1i8 << 7) as i64 + (3u8 << 7) as i64, (a as i16) << (n + 8))\n}",
            "[[3, 1, 1, 7], [255, -1, 4294967295, 1], [0, 2147483647, 5, 0], [129, -8, 2, 4]]",
        ),
        // A literal on the left of `<<` is an `i32` whatever the shift
        // amount's type (`1 << 31` is negative), not a `usize`.
        case(
            "shifted_literal_is_i32",
            "pub fn shifted_literal_is_i32(n: usize) -> i64 {\n    (1 << (n % 32)) as i64\n}",
            "[[0], [5], [31], [63]]",
        ),
        // `!` of an unsigned integer flips its bits within its width
        // (`!0u32` is 4294967295, not -1); of a signed one it is `-1 - x`.
        case(
            "not_keeps_the_width",
            "pub fn not_keeps_the_width(a: u8, b: u16, c: u32, d: i32) -> (u8, u16, u32, i32, u32) {\n    (!a, !b, !c, !d, !!c)\n}",
            "[[0, 0, 0, 0], [255, 65535, 4294967295, -1], [5, 300, 2147483648, 2147483647], [128, 1, 1, -2147483648]]",
        ),
        // Integer `/` truncates toward zero and `%` keeps the dividend's
        // sign: Python's `//` and `%` floor, so plain operators are wrong on
        // negatives.
        case(
            "int_div_rem",
            "pub fn int_div_rem(a: i32, b: i32) -> (i32, i32) {\n    (a / b, a % b)\n}",
            "[[7, 2], [-7, 2], [7, -2], [-7, -2], [0, 3], [1, 0]]",
        ),
        // `%` on floats is C's fmod; `x % 2 == 1` is false for negative odd
        // numbers in Rust (the remainder is -1).
        case(
            "rem_tests",
            "pub fn rem_tests(x: i32, f: f64) -> (bool, bool, f64) {\n    (x % 2 == 1, x % 3 == 0, f % 1.0)\n}",
            "[[3, 2.5], [-3, -2.5], [6, 0.0], [-6, 7.25]]",
        ),
        // Compound assignments, including `/=` on integers.
        case(
            "compound",
            "pub fn compound(mut a: i64, b: i64) -> i64 {\n    a += b;\n    a *= 3;\n    a -= 1;\n    a /= 2;\n    a %= 1000;\n    a\n}",
            "[[5, 2], [-5, 2], [0, -9]]",
        ),
        // Casts: int to float, float to int (truncation), char to int and back.
        case(
            "casts",
            "pub fn casts(n: i32, x: f64, c: char) -> (f64, i32, u32, char) {\n    (n as f64 / 2.0, x as i32, c as u32, (c as u8 + 1) as char)\n}",
            "[[3, 2.7, \"a\"], [-3, -2.7, \"Y\"]]",
        ),
        // A float cast to an int truncates toward zero and saturates at the
        // type's bounds; NaN gives 0.
        case(
            "float_casts",
            "pub fn float_casts(x: f64) -> (u8, i32, i64, u32) {\n    (x as u8, x as i32, (x as i8) as i64, (x / 0.0) as u32)\n}",
            "[[300.7], [-5.5], [2.9], [1e10], [-1e10], [0.0], [200.0]]",
        ),
        // A char cast to an int narrower than its code point keeps the low
        // bits (`'€' as u8` is 172).
        case(
            "char_casts",
            "pub fn char_casts(c: char) -> (u8, i8, u16, u32) {\n    (c as u8, c as i8, c as u16, c as u32)\n}",
            "[[\"a\"], [\"é\"], [\"€\"], [\"😀\"]]",
        ),
        // Ranges: exclusive, inclusive, reversed; the bound is read once.
        case(
            "ranges",
            "pub fn ranges(n: i32) -> Vec<i32> {\n    let mut out = vec![];\n    for i in 0..n {\n        out.push(i);\n    }\n    for i in (1..=n).rev() {\n        out.push(i * 10);\n    }\n    let mut m = 3;\n    for _ in 0..m {\n        m += 1;\n        out.push(m);\n    }\n    out\n}",
            "[[0], [3], [-2]]",
        ),
        // Indexing in a loop over `0..len`, and at computed positions.
        case(
            "indexing",
            "pub fn indexing(v: Vec<i32>) -> i32 {\n    let mut s = 0;\n    for i in 1..v.len() {\n        s += v[i] * v[i - 1];\n    }\n    s + v[0]\n}",
            "[[[1, 2, 3]], [[5]], [[]]]",
        ),
        // Iterator chains: filter, map, collect, sum, count, any, all.
        case(
            "chains",
            "pub fn chains(v: Vec<i32>) -> (Vec<i32>, i32, usize, bool, bool) {\n    let evens: Vec<i32> = v.iter().filter(|x| *x % 2 == 0).map(|x| x * 10).collect();\n    let total: i32 = v.iter().sum();\n    let n = v.iter().filter(|&&x| x > 1).count();\n    (evens, total, n, v.iter().any(|x| *x < 0), v.iter().all(|&x| x != 3))\n}",
            "[[[1, 2, 3, 4]], [[]], [[-2, 5]]]",
        ),
        // `fold` becomes a loop; `max`/`min` of an iterator; `position`.
        case(
            "fold_max",
            "pub fn fold_max(v: Vec<i32>) -> (i32, i32, i32, usize) {\n    let s = v.iter().fold(0, |acc, x| acc + x * 2);\n    let hi = *v.iter().max().unwrap();\n    let lo = *v.iter().min().unwrap();\n    let at = v.iter().position(|&x| x == hi).unwrap();\n    (s, hi, lo, at)\n}",
            "[[[3, 9, -4, 9]], [[7]], [[]]]",
        ),
        // `max()` without `unwrap` is an Option: None of nothing.
        case(
            "max_option",
            "pub fn max_option(v: Vec<i32>) -> Option<i32> {\n    v.iter().max().copied()\n}",
            "[[[3, 9, -4]], [[]]]",
        ),
        // Strings: chars, nth, len (ASCII), push, push_str, rev, contains.
        case(
            "strings",
            "pub fn strings(s: &str) -> (String, usize, bool, String) {\n    let mut out = String::new();\n    for c in s.chars() {\n        if c.is_uppercase() {\n            out.push(c.to_ascii_lowercase());\n        } else {\n            out.push_str(\"-\");\n        }\n    }\n    let rev: String = s.chars().rev().collect();\n    (out, s.len(), s.contains('a'), rev)\n}",
            "[[\"aBcD\"], [\"\"], [\"xyz\"]]",
        ),
        // `to_ascii_uppercase`/`to_ascii_lowercase` change `a`-`z` (`A`-`Z`)
        // only: `é` and `ß` stay as they are (Python's `upper` and
        // JavaScript's `toUpperCase` would change them).
        case(
            "ascii_case",
            "pub fn ascii_case(s: &str) -> (String, String, String) {\n    let mut firsts = String::new();\n    for c in s.chars() {\n        firsts.push(c.to_ascii_uppercase());\n    }\n    (s.to_ascii_uppercase(), s.to_ascii_lowercase(), firsts)\n}",
            "[[\"aBcD\"], [\"\"], [\"éÉßx Z\"]]",
        ),
        // Float `/` and `%` by zero give an infinity or NaN, as in Rust
        // (`ieee_divide`, `rs_frem`), where Python's operators raise; by a
        // non-zero literal they are Python's own.
        case(
            "float_by_zero",
            "pub fn float_by_zero(a: f64, b: f64) -> (f64, f64, f64) {\n    (a / b, a % b, a / 2.0)\n}",
            "[[1.5, 0.0], [-1.5, 0.0], [0.0, 0.0], [7.5, -2.0], [-7.5, 2.0]]",
        ),
        // Stable sorts by a key: `sort_by_key`, `Reverse`, and a
        // comparator comparing one key of each side (`b`'s first: down).
        case(
            "sorts_by_key",
            "pub fn sorts_by_key(v: Vec<i32>, w: Vec<String>) -> (Vec<i32>, Vec<i32>, Vec<String>, Vec<String>) {\n    let mut a = v.clone();\n    a.sort_by_key(|x| x.abs());\n    let mut b = v.clone();\n    b.sort_by_key(|&x| std::cmp::Reverse(x % 3));\n    let mut c = w.clone();\n    c.sort_by(|x, y| x.len().cmp(&y.len()));\n    let mut d = w.clone();\n    d.sort_by(|p, q| q.len().cmp(&p.len()));\n    (a, b, c, d)\n}",
            "[[[3, -1, 2, -3, 1, 0], [\"bb\", \"a\", \"ccc\", \"dd\", \"e\"]], [[], []]]",
        ),
        // `chars().nth(i).unwrap()` reads a character; out of range panics.
        case(
            "nth_char",
            "pub fn nth_char(s: &str, i: usize) -> char {\n    s.chars().nth(i).unwrap()\n}",
            "[[\"hello\", 1], [\"hello\", 9]]",
        ),
        // Splitting, trimming, case, `starts_with`, `replace`, `join`.
        case(
            "string_methods",
            "pub fn string_methods(s: &str) -> (Vec<String>, String, bool, String, String) {\n    let words: Vec<String> = s.split_whitespace().map(|w| w.to_uppercase()).collect();\n    let parts: Vec<&str> = s.trim().split(' ').collect();\n    (words, parts.join(\"|\"), s.starts_with(\"a\"), s.replace(\"a\", \"o\"), s.trim_end().to_string())\n}",
            "[[\"a b  c \"], [\"  banana\"], [\"\"]]",
        ),
        // `split_whitespace` splits at Unicode `White_Space` (`\u{85}`, not
        // `\u{1c}` as Python's `split()` does, nor `\u{feff}` as
        // JavaScript's `\s` does); `split_ascii_whitespace` at ASCII's (not
        // `\u{b}`, nor `\u{a0}`).
        case(
            "whitespace_kinds",
            "pub fn whitespace_kinds(s: &str) -> (usize, usize, usize, usize, (usize, usize, usize)) {\n    let t = format!(\"{}\\u{1c}{}\\u{85}{}\\u{feff}{}\", s, s, s, s);\n    (t.split_whitespace().count(), \"a\\u{1c}b\".split_whitespace().count(), \"a\\u{85}b\\u{3000}c\".split_whitespace().count(), \"a\\u{feff}b\".split_whitespace().count(), (\"a\\u{b}b\".split_ascii_whitespace().count(), \"a\\u{a0}b \\tc\".split_ascii_whitespace().count(), s.split_ascii_whitespace().count()))\n}",
            r#"[["x y"], [""], ["  "]]"#,
        ),
        // `s.repeat(n)` (Python's `s * n`, JavaScript's `repeat`).
        case(
            "str_repeat",
            "pub fn str_repeat(s: &str, n: usize) -> (String, usize) {\n    let r = s.repeat(n);\n    (format!(\"[{}]\", r), \"ab\".repeat(n + 1).len())\n}",
            r#"[["ab", 3], ["", 5], ["é", 0], ["x", 1]]"#,
        ),
        // `MAX`, `MIN` and `BITS` of the primitive integer types are the
        // literals they stand for (`BITS` a `u32`; `usize` 64 bits wide).
        case(
            "int_type_constants",
            "pub fn int_type_constants(a: i32, b: u8) -> (bool, bool, u8, u32, (u32, i16, u16, i8)) {\n    (a == i32::MAX, i32::MIN < a, u8::MAX - b, u32::BITS + usize::BITS + i8::BITS, (u32::MAX, i16::MIN, u16::MAX / 3, i8::MIN))\n}",
            "[[2147483647, 0], [-2147483648, 255], [0, 7]]",
        ),
        // `lines()` splits at `\n` and `\r\n` only (a lone `\r` stays inside
        // a line, where Python's `splitlines` splits, as at `\u{b}`,
        // `\u{85}` or `\u{2028}`), with no empty line after a final ending;
        // in a chain, a `for` loop and `count`.
        case(
            "lines_at_newlines_only",
            "pub fn lines_at_newlines_only(s: &str) -> (Vec<String>, usize, Vec<usize>) {\n    let all: Vec<String> = s.lines().map(|l| l.to_string()).collect();\n    let mut full = 0;\n    for line in s.lines() {\n        if !line.is_empty() {\n            full += 1;\n        }\n    }\n    let lens: Vec<usize> = s.lines().map(|l| l.len()).collect();\n    (all, full + s.lines().count() * 100, lens)\n}",
            r#"[[""], ["\n"], ["a"], ["a\n"], ["a\r\nb\r\n"], ["a\r"], ["x\r\ny\rz\r"], ["a\n\nb\n\n"], ["a\rb\tc\r\nd\re"], ["\r\n\r\n"]]"#,
        ),
        // `format!` with positions, names and a binary of a negative i32
        // (two's complement at its width).
        case(
            "formats",
            "pub fn formats(n: i32, s: &str) -> String {\n    format!(\"{}-{s}-{0}-{:b}-{}\", n, n, n > 0)\n}",
            "[[5, \"x\"], [-3, \"yz\"], [0, \"\"]]",
        ),
        // Vectors: push, pop, remove, insert, sort, reverse, dedup, swap,
        // contains, extend, clone (a copy, not an alias).
        case(
            "vectors",
            "pub fn vectors(v: Vec<i32>) -> (Vec<i32>, Vec<i32>, bool) {\n    let mut w = v.clone();\n    w.push(4);\n    w.sort();\n    w.dedup();\n    w.insert(0, 99);\n    let first = w.remove(0);\n    w.reverse();\n    w.swap(0, 1);\n    let mut x = v.clone();\n    x.extend(vec![first]);\n    let last = x.pop().unwrap();\n    x.push(last + 1);\n    (w, x, v.contains(&4))\n}",
            "[[[3, 1, 3, 2]], [[4, 4]]]",
        ),
        // `vec![vec![0; n]; m]` makes m separate rows.
        case(
            "grid",
            "pub fn grid(n: usize, m: usize) -> Vec<Vec<i32>> {\n    let mut g = vec![vec![0; n]; m];\n    if m > 0 && n > 0 {\n        g[0][0] = 1;\n    }\n    g\n}",
            "[[2, 3], [0, 2], [1, 1]]",
        ),
        // Maps: `entry().or_insert()`, `get`, `contains_key`, `insert`.
        case(
            "maps",
            "pub fn maps(v: Vec<i32>) -> Vec<i32> {\n    let mut m: HashMap<i32, i32> = HashMap::new();\n    for x in &v {\n        *m.entry(*x).or_insert(0) += 1;\n    }\n    m.insert(100, 7);\n    let mut out = vec![];\n    for x in &v {\n        if m.contains_key(x) && m.get(x) == Some(&1) {\n            out.push(*x);\n        }\n    }\n    out.push(*m.get(&100).unwrap_or(&0));\n    out.push(m[&100]);\n    out\n}",
            "[[[1, 2, 2, 3]], [[]]]",
        ),
        // Sets: insert, contains, len; `collect` into a set.
        case(
            "sets",
            "pub fn sets(s: &str) -> (usize, bool) {\n    let mut seen: HashSet<char> = HashSet::new();\n    for c in s.chars() {\n        seen.insert(c);\n    }\n    let lower: HashSet<char> = s.chars().map(|c| c.to_ascii_lowercase()).collect();\n    (seen.len() + lower.len(), seen.contains(&'a'))\n}",
            "[[\"aAbB\"], [\"\"]]",
        ),
        // `match` on integers and chars: literals, `|`, ranges, guards.
        case(
            "matching",
            "pub fn matching(n: i32, c: char) -> i32 {\n    let a = match n {\n        0 => 10,\n        1 | 2 => 20,\n        3..=9 => 30,\n        x if x < 0 => -x,\n        _ => 0,\n    };\n    let b = match c {\n        'a' => 1,\n        _ => 2,\n    };\n    a + b\n}",
            "[[0, \"a\"], [2, \"b\"], [5, \"a\"], [-4, \"z\"], [50, \"a\"]]",
        ),
        // Options: `Some`, `None`, `if let`, `is_some`, `match` on them.
        case(
            "options",
            "pub fn options(v: Vec<i32>) -> (Option<i32>, bool, i32) {\n    let mut best: Option<i32> = None;\n    for x in v.iter() {\n        if *x > 0 {\n            best = Some(*x);\n        }\n    }\n    let mut doubled = 0;\n    if let Some(b) = best {\n        doubled = b * 2;\n    }\n    let extra = match best {\n        Some(b) => b + 1,\n        None => -1,\n    };\n    (best, best.is_some(), doubled + extra)\n}",
            "[[[1, -2, 3]], [[-1]], [[]]]",
        ),
        // Loops: `while`, `loop` with `break`, `continue`; `if` as a value.
        case(
            "loops",
            "pub fn loops(mut n: i32) -> i32 {\n    let mut steps = 0;\n    loop {\n        if n <= 1 {\n            break;\n        }\n        n = if n % 2 == 0 { n / 2 } else { 3 * n + 1 };\n        steps += 1;\n    }\n    let mut k = 0;\n    while k < 10 {\n        k += 1;\n        if k % 3 == 0 {\n            continue;\n        }\n        steps += 1;\n    }\n    steps\n}",
            "[[6], [1], [27]]",
        ),
        // A block-scoped `let` that shadows an outer name: Python and
        // JavaScript functions have one scope, so the inner one is renamed.
        case(
            "shadowing",
            "pub fn shadowing(n: i32) -> i32 {\n    let x = n;\n    let mut total = 0;\n    for i in 0..3 {\n        let x = i * 100;\n        total += x;\n    }\n    let i = 7;\n    total + x + i\n}",
            "[[1], [-5]]",
        ),
        // Closures bound with `let` become functions; a nested `fn` too.
        case(
            "closures",
            "pub fn closures(v: Vec<i32>) -> (i32, i32) {\n    let k = 3;\n    let scale = |x: i32| x * k;\n    let total = |xs: &Vec<i32>| {\n        let mut s = 0;\n        for x in xs {\n            s += x;\n        }\n        s\n    };\n    fn square(x: i32) -> i32 {\n        x * x\n    }\n    (scale(total(&v)), square(v.len() as i32))\n}",
            "[[[1, 2]], [[]]]",
        ),
        // Tuples: fields, destructuring, `enumerate`, `zip`.
        case(
            "tuples",
            "pub fn tuples(v: Vec<i32>, w: Vec<i32>) -> (i32, i32) {\n    let mut best = (0, 0);\n    for (i, x) in v.iter().enumerate() {\n        if *x > best.1 {\n            best = (i as i32, *x);\n        }\n    }\n    let mut dot = 0;\n    for (a, b) in v.iter().zip(w.iter()) {\n        dot += a * b;\n    }\n    (best.0 + best.1, dot)\n}",
            "[[[1, 5, 2], [1, 1, 1]], [[], [3]]]",
        ),
        // Slices of strings and vectors, `parse`, `to_digit`, `to_string`.
        case(
            "slices_parse",
            "pub fn slices_parse(s: &str) -> (String, i32, u32, String) {\n    let head = &s[0..2];\n    let n = s[2..].parse::<i32>().unwrap();\n    let d = s.chars().last().unwrap().to_digit(10).unwrap();\n    (head.to_string(), n, d, (n * 2).to_string())\n}",
            "[[\"ab12\"], [\"xy-7\"], [\"q\"]]",
        ),
        // Float methods: abs, sqrt, floor (a float in Rust), powi, fract.
        case(
            "floats",
            "pub fn floats(x: f64) -> (f64, f64, f64, f64, bool) {\n    (x.abs(), x.abs().sqrt(), x.floor(), x.powi(2), x.fract() == 0.0)\n}",
            "[[2.25], [-3.5], [4.0]]",
        ),
        // Integer methods and paths: abs, pow, max/min, `i32::abs`.
        case(
            "ints",
            "pub fn ints(a: i32, b: i32) -> (i32, i32, i32, i32, bool) {\n    (a.abs(), a.pow(2), a.max(b), std::cmp::min(a, b) + i32::abs(b), a.is_positive())\n}",
            "[[-3, 4], [5, -6]]",
        ),
        // `sort_by_key`-free sorting of strings, and `iter().rev()`.
        case(
            "sorting",
            "pub fn sorting(v: Vec<String>) -> Vec<String> {\n    let mut w = v.clone();\n    w.sort();\n    w.iter().rev().cloned().collect()\n}",
            "[[[\"b\", \"a\", \"c\"]], [[]]]",
        ),
        // Tuples of integers and strings order alike in the three
        // languages, field by field; equal tuples are indistinguishable, so
        // `sort_unstable` sorts as a stable sort does.
        case(
            "sort_tuples",
            "pub fn sort_tuples(v: Vec<i32>, w: Vec<String>) -> Vec<(i32, String)> {\n    let mut p = Vec::new();\n    for (i, x) in v.iter().enumerate() {\n        p.push((x % 3, w[i % w.len()].clone()));\n    }\n    p.sort_unstable();\n    let mut q = p.clone();\n    q.sort();\n    q.reverse();\n    p.extend(q);\n    p\n}",
            "[[[5, -3, 4, 1, 2, 7], [\"b\", \"a\", \"ab\"]], [[], [\"x\"]]]",
        ),
        // Equality of vectors is by value.
        case(
            "vec_eq",
            "pub fn vec_eq(a: Vec<i32>, b: Vec<i32>) -> bool {\n    let mut c = a.clone();\n    c.reverse();\n    a == b || c == b\n}",
            "[[[1, 2], [1, 2]], [[1, 2], [2, 1]], [[1], [3]]]",
        ),
        // Regression: `iter().rev().take(k)` became `reversed(v)[:k]`, and a
        // Python reversed iterator cannot be sliced (TypeError).
        case(
            "rev_take",
            "pub fn rev_take(v: Vec<i32>, k: i32) -> (Vec<i32>, Vec<i32>) {\n    let a: Vec<i32> = v.iter().rev().take(k as usize).cloned().collect();\n    let b: Vec<i32> = v.iter().rev().skip(1).cloned().collect();\n    (a, b)\n}",
            "[[[1, 2, 3], 2], [[], 1], [[4, 5], 0], [[7], 3]]",
        ),
        // `unwrap()` of a name: a hoisted check raises where Rust panics.
        case(
            "unwrap_name",
            "pub fn unwrap_name(k: Option<i32>, d: i32) -> (i32, i32) {\n    let mut best: Option<i32> = None;\n    if d > 0 {\n        best = Some(d * 3);\n    }\n    let b = k.unwrap() * 2;\n    let c = best.expect(\"positive\") + 1;\n    (b + best.unwrap(), c)\n}",
            "[[4, 1], [null, 1], [4, 0], [-2, 5]]",
        ),
        // A `const fn` computes the same at run time.
        case(
            "const_fn",
            "pub const fn const_fn(x: u32, y: u32) -> u32 {\n    if x > y { x - y } else { y - x }\n}",
            "[[3, 5], [9, 2], [0, 0]]",
        ),
        // Rust's character classes are not Python's: `is_alphabetic` has
        // letter numbers and combining marks, `is_ascii_*` only ASCII,
        // `is_whitespace` not U+001C (Python's `isspace` has it).
        case(
            "char_classes",
            "pub fn char_classes(c: char) -> Vec<bool> {\n    vec![c.is_ascii_alphabetic(), c.is_ascii_digit(), c.is_ascii_alphanumeric(), c.is_ascii_uppercase(), c.is_ascii_lowercase(), c.is_ascii_whitespace(), c.is_whitespace(), c.is_numeric(), c.is_digit(10)]\n}",
            r#"[["a"], ["\u00e9"], ["Z"], ["7"], ["\u0663"], ["\u00b2"], [" "], ["\u000b"], ["\u001c"], ["\u0085"], ["\u2160"], ["_"]]"#,
        ),
        // Python's per-character `isupper`/`islower` are Rust's Uppercase
        // and Lowercase properties (`\u00aa` is lowercase, not Ll).
        case(
            "cased_chars",
            "pub fn cased_chars(c: char) -> (bool, bool) {\n    (c.is_uppercase(), c.is_lowercase())\n}",
            r#"[["a"], ["Q"], ["\u00aa"], ["\u2160"], ["\u01c5"], ["1"]]"#,
        ),
        // Lifetime parameters only guide the borrow checker: the function
        // is the same without them.
        case(
            "longest",
            "pub fn longest<'a, 'b: 'a, 'c>(a: &'a str, b: &'b str, v: &'c [i32]) -> (&'a str, i32) {\n    let s = if a.len() >= b.len() { a } else { b };\n    (s, v.iter().sum())\n}",
            r#"[["ab", "c", [1, 2]], ["", "xyz", []], ["same", "size", [5]]]"#,
        ),
        // A struct is a class whose constructor stores every field; its
        // literal lists them in declared order (a shorthand or written in
        // another order, of names and literals); an associated function is
        // called on the class, a `&self` method on the object, `Self` is
        // the struct.
        case(
            "struct_point",
            "pub fn struct_point(a: i64, b: i64) -> (i64, i64, i64) {\n    let p = Point::new(a, b);\n    let q = Point { y: b, x: 3 };\n    let r = p.add(&q);\n    (r.norm1(), r.x, Point::origin().y)\n}\n#[derive(Clone, Copy, PartialEq, Debug)]\npub struct Point {\n    pub x: i64,\n    pub y: i64,\n}\nimpl Point {\n    /// A point.\n    pub fn new(x: i64, y: i64) -> Self {\n        Point { x, y }\n    }\n    fn origin() -> Point {\n        Self { x: 0, y: 0 }\n    }\n    pub fn norm1(&self) -> i64 {\n        self.x.abs() + self.y.abs()\n    }\n    pub fn add(&self, o: &Point) -> Point {\n        Point::new(self.x + o.x, self.y + o.y)\n    }\n}",
            "[[1, 2], [-5, 7], [0, 0]]",
        ),
        // A `&mut self` method changes the object in place, as a write to a
        // field of a non-`Copy` struct does; a `self` method moves it.
        case(
            "struct_counter",
            "pub fn struct_counter(steps: Vec<i32>) -> (i32, usize, i32) {\n    let mut c = Counter { total: 0, seen: Vec::new() };\n    for s in steps {\n        c.bump(s);\n    }\n    c.total -= 1;\n    let n = c.seen.len();\n    (c.total, n, c.finish())\n}\npub struct Counter {\n    total: i32,\n    seen: Vec<i32>,\n}\nimpl Counter {\n    fn bump(&mut self, by: i32) {\n        self.total += by;\n        self.seen.push(by);\n        if self.seen.len() > 2 {\n            self.total *= 2;\n        }\n    }\n    fn finish(self) -> i32 {\n        self.total + self.seen.iter().sum::<i32>()\n    }\n}",
            "[[[1, 2, 3]], [[]], [[-4]]]",
        ),
        // Tuple structs' fields are `_0`, `_1`; a unit struct has none. A
        // `repr` is a layout only unsafe code sees.
        case(
            "tuple_struct",
            "pub fn tuple_struct(a: i32, s: &str) -> (i32, String, bool) {\n    let mut w = Wrap(a, s.to_string());\n    w.0 += 1;\n    let _m = Marker;\n    (w.0, w.twice(), Marker.yes())\n}\n#[repr(C)]\nstruct Wrap(i32, String);\nstruct Marker;\nimpl Wrap {\n    fn twice(&self) -> String {\n        format!(\"{}{}\", self.1, self.1)\n    }\n}\nimpl Marker {\n    fn yes(&self) -> bool {\n        true\n    }\n}",
            r#"[[1, "ab"], [-3, ""]]"#,
        ),
        // A trait's methods, and `Default`'s `default`, are attached to the
        // class as an inherent impl's are; the trait itself, all signatures,
        // has no code.
        case(
            "trait_shapes",
            "pub fn trait_shapes(w: i64, h: i64) -> (i64, i64, String, i64) {\n    let r = Rect { w, h };\n    let d = Rect::default();\n    let s = r.scaled(2);\n    (r.area(), d.area(), r.describe(), s.area())\n}\n/// Something with an area.\npub trait Shape {\n    /// Width times height.\n    fn area(&self) -> i64;\n    fn describe(&self) -> String;\n}\npub struct Rect {\n    w: i64,\n    h: i64,\n}\nimpl Rect {\n    fn scaled(&self, k: i64) -> Rect {\n        Rect { w: self.w * k, h: self.h * k }\n    }\n}\nimpl Shape for Rect {\n    fn area(&self) -> i64 {\n        self.w * self.h\n    }\n    fn describe(&self) -> String {\n        format!(\"{}x{}\", self.w, self.h)\n    }\n}\nimpl Default for Rect {\n    fn default() -> Self {\n        Rect { w: 1, h: 3 }\n    }\n}",
            "[[2, 5], [-1, 0]]",
        ),
        // An `impl Display` is `__str__`/`toString`: each result of `fmt` is
        // one `write!` or `write_str`, and `{}`/`to_string()` print through
        // it.
        case(
            "display_text",
            "pub fn display_text(a: i32, b: i32) -> (String, String, String) {\n    let p = Pair { a, b };\n    (format!(\"<{}>\", p), p.to_string(), Label.to_string())\n}\npub struct Pair {\n    a: i32,\n    b: i32,\n}\nimpl std::fmt::Display for Pair {\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n        if self.a < self.b {\n            write!(f, \"({}, {})\", self.a, self.b)\n        } else {\n            write!(f, \"[{}]\", self.a - self.b)\n        }\n    }\n}\npub struct Label;\nimpl std::fmt::Display for Label {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> Result<(), std::fmt::Error> {\n        f.write_str(\"label\")\n    }\n}",
            "[[1, 2], [5, -3], [0, 0]]",
        ),
        // A `fmt` that writes in steps (`f.write_str(a)?`, `write!(f, ..)?`,
        // a value's own `x.fmt(f)?`, then `Ok(())`) builds its text in a
        // local; a local named like the `Formatter` after the writes is
        // another name (regression guard: it must not overwrite the text).
        // `-> impl Display + Copy` is the struct the body returns (or
        // `self`, of the `impl`'s own).
        case(
            "display_in_steps",
            r#"use std::fmt::Display as _;
pub fn display_in_steps(n: u8, s: &str) -> (String, String, String) {
    let w = Steps { n, word: s.to_string() };
    let b = Bits(n);
    let shown = Shown(n / 2);
    (format!("<{}>", w), w.to_string(), format!("[{}]{}", b.render(), shown.itself()))
}
pub struct Steps {
    n: u8,
    word: String,
}
impl std::fmt::Display for Steps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.n == 0 {
            return f.write_str("none");
        }
        for i in 0..self.n % 4 {
            f.write_str("-")?;
            write!(f, "{}:{}", i, self.word)?;
        }
        self.n.fmt(f)?;
        let f = self.n as u32 * 2;
        if f > 12 {
            return Ok(());
        }
        Ok(())
    }
}
#[derive(Clone, Copy)]
pub struct Bits(u8);
impl Bits {
    pub fn render(self) -> impl std::fmt::Display + Copy {
        Shown(self.0)
    }
}
#[derive(Clone, Copy)]
struct Shown(u8);
impl Shown {
    fn itself(self) -> impl std::fmt::Display {
        self
    }
}
impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "b{}", self.0)?;
        Ok(())
    }
}"#,
            "[[0, \"a\"], [3, \"xy\"], [6, \"q\"], [9, \"\"]]",
        ),
        // `mut self` of a `Copy` struct whose body stores into `self`'s
        // fields works on a copy of the caller's value (regression guard:
        // without it `e.insert(..)` would change `e`, and `s.bold()` the
        // `flags` that `s` and `t` share, and the first items differ).
        case(
            "copy_receiver",
            r#"pub fn copy_receiver(a: u16, b: u16) -> (u16, u16, u16, u16, u16, u16) {
    let e = Flags(a);
    let f = e.insert(Flags(b));
    let g = f.remove(Flags(a)).insert(Flags(4));
    let s = Pen { flags: e, width: b % 90 };
    let t = s.bold().widen(30);
    (e.0, f.0, g.0, s.flags.0, t.flags.0, s.width * 1000 + t.width)
}
#[derive(Clone, Copy)]
pub struct Flags(u16);
impl Flags {
    pub const fn insert(mut self, other: Flags) -> Self {
        self.0 |= other.0;
        self
    }
    pub fn remove(mut self, other: Flags) -> Self {
        self.0 &= !other.0;
        return self;
    }
}
#[derive(Clone, Copy)]
pub struct Pen {
    flags: Flags,
    width: u16,
}
impl Pen {
    fn bold(mut self) -> Self {
        self.flags = self.flags.insert(Flags(1));
        self
    }
    fn widen(mut self, by: u16) -> Pen {
        self.width += by;
        if self.width > 100 {
            self.width = 100;
        }
        self
    }
}"#,
            "[[2, 8], [0, 0], [65535, 1], [6, 96]]",
        ),
        // `let mut q = p;` of a `Copy` struct followed by stores into `q`'s
        // fields copies `p` at the binding (regression guard: without it
        // `p.x` and `Pt::ORIGIN.y` would change with `q` and `r`).
        case(
            "copy_local",
            r#"pub fn copy_local(a: i32, b: i32) -> (i32, i32, i32, i32, i32) {
    let p = Pt { x: a, y: b };
    let mut q = p;
    q.x += 10;
    for _ in 0..3 {
        q.y -= 1;
    }
    let mut r = Pt::ORIGIN;
    r.y = a;
    (p.x, p.y, q.x * 100 + q.y, r.y, Pt::ORIGIN.y)
}
#[derive(Clone, Copy)]
pub struct Pt {
    x: i32,
    y: i32,
}
impl Pt {
    const ORIGIN: Pt = Pt { x: 0, y: 0 };
}"#,
            "[[1, 2], [-5, 0], [7, 7]]",
        ),
        // A unit struct under `#[cfg(doctest)]` (a README's doctest
        // holder) exists only for rustdoc: its empty class stands beside
        // the function and changes nothing.
        case(
            "doctest_holder",
            r#"pub fn doctest_holder(a: i32) -> i32 {
    a + 1
}
/// ```
/// assert_eq!(1 + 1, 2);
/// ```
#[cfg(doctest)]
pub struct ReadmeDoctests;"#,
            "[[1], [-3]]",
        ),
        // A `&mut self` method of a `Copy` struct returns the new value,
        // and `place op= v` stores it back (regression guard: `g` and `s`
        // share `f`'s and `e`'s objects, which an in-place write would
        // change; `t` shares `s`'s until `t |= ..`).
        case(
            "copy_update",
            r#"pub fn copy_update(a: u16, b: u16) -> (u16, u16, u16, u16, u16, u16) {
    let e = Bits(a);
    let mut f = e;
    f |= Bits(b);
    let g = f;
    f -= Bits(a);
    let s = Brush { bits: e, size: b % 50 };
    let mut t = s;
    t |= Bits(4);
    t -= Bits(1);
    let u = t.with(Bits(8));
    (e.0, f.0, g.0, s.bits.0 * 100 + s.size, t.bits.0 * 1000 + t.size, u.bits.0)
}
#[derive(Clone, Copy)]
pub struct Bits(u16);
impl Bits {
    pub const fn insert(mut self, other: Bits) -> Self {
        self.0 |= other.0;
        self
    }
    pub fn remove(mut self, other: Bits) -> Self {
        self.0 &= !other.0;
        self
    }
}
impl std::ops::BitOrAssign for Bits {
    fn bitor_assign(&mut self, other: Self) {
        *self = self.insert(other);
    }
}
impl std::ops::SubAssign for Bits {
    fn sub_assign(&mut self, other: Self) {
        *self = self.remove(other);
    }
}
#[derive(Clone, Copy)]
pub struct Brush {
    bits: Bits,
    size: u16,
}
impl std::ops::BitOrAssign<Bits> for Brush {
    fn bitor_assign(&mut self, other: Bits) {
        self.bits |= other;
        self.size += 1;
    }
}
impl std::ops::SubAssign<Bits> for Brush {
    fn sub_assign(&mut self, other: Bits) {
        self.bits -= other;
    }
}
impl Brush {
    fn with(mut self, other: Bits) -> Self {
        self.bits |= other;
        self
    }
}"#,
            "[[2, 8], [0, 0], [65535, 1], [6, 96], [1, 1]]",
        ),
        // An `impl`'s associated constants are static attributes of the
        // class (`Effects.BOLD`), one object shared by every use, which
        // is exact for a `Copy` struct: a `mut self` method changes a copy
        // (regression guard: `ITALIC.insert(..)` must leave `ITALIC` as it
        // was for the last item).
        case(
            "associated_consts",
            r#"pub fn associated_consts(a: u16) -> (u16, u16, bool, bool, u16) {
    let e = Effects::new().insert(Effects::BOLD);
    let f = Effects::ITALIC.insert(Effects(a));
    (e.0, f.0, Effects::new().is_plain(), f.is_plain(), Effects::ITALIC.0 + Effects::LIMIT)
}
#[derive(Clone, Copy)]
pub struct Effects(u16);
impl Effects {
    /// No effects.
    const PLAIN: Self = Effects(0);
    pub const BOLD: Self = Effects(1 << 0);
    pub const ITALIC: Self = Effects(1 << 2);
    const LIMIT: u16 = 40;
    pub const fn new() -> Self {
        Self::PLAIN
    }
    pub const fn is_plain(self) -> bool {
        self.0 == Self::PLAIN.0
    }
    pub const fn insert(mut self, other: Effects) -> Self {
        self.0 |= other.0;
        self
    }
}"#,
            "[[0], [3], [64]]",
        ),
        // `for x in it` over a struct with an `impl Iterator` calls its
        // `next` until `None`; `continue` calls it again, and a local named
        // `iterator` beside the loop keeps its value. The iterable may be
        // any value whose struct type the frontend knows: a method of a
        // tuple field of `self` (anstyle's `self.0.index_iter()`), of a
        // call's result, an associated function's result.
        case(
            "for_over_iterator_struct",
            r#"pub fn for_over_iterator_struct(n: u32) -> (u32, u32, u32) {
    let outer = Outer(Holder(n));
    let mut more = outer.sum();
    for x in Holder::new(n + 2).evens() {
        more += x;
    }
    for x in Evens::upto(n) {
        more += 10 * x;
    }
    let iterator = 100;
    let mut total = 0;
    let h = Holder(n);
    for x in h.evens() {
        if x == 4 {
            continue;
        }
        total += x;
    }
    let it = Evens { at: 1, end: n };
    let mut count = 0;
    for _ in it {
        count += 1;
    }
    (total + iterator, count, more)
}
pub struct Outer(Holder);
impl Outer {
    fn sum(&self) -> u32 {
        let mut s = 0;
        for x in self.0.evens() {
            s += x;
        }
        s
    }
}
pub struct Evens {
    at: u32,
    end: u32,
}
impl Evens {
    fn upto(end: u32) -> Self {
        Evens { at: 0, end }
    }
}
impl Iterator for Evens {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        while self.at < self.end {
            let v = self.at;
            self.at += 1;
            if v % 2 == 0 {
                return Some(v);
            }
        }
        None
    }
}
pub struct Holder(u32);
impl Holder {
    fn new(n: u32) -> Holder {
        Holder(n)
    }
    fn evens(&self) -> Evens {
        Evens { at: 0, end: self.0 }
    }
}"#,
            "[[0], [1], [7], [12]]",
        ),
        // A method named like a Python builtin (`next`) is defined and
        // called under one name. (Regression: the class stored it as
        // `next_` while every call read `.next()`.)
        case(
            "method_next",
            r#"pub fn method_next(k: i32) -> (i32, i32) {
    let mut t = Ticker { n: k };
    let a = t.twice();
    (a, t.next())
}
pub struct Ticker {
    n: i32,
}
impl Ticker {
    fn next(&mut self) -> i32 {
        self.n += 1;
        self.n
    }
    fn twice(&mut self) -> i32 {
        self.next();
        self.next()
    }
}"#,
            "[[0], [-5]]",
        ),
        // A method named like a Python keyword (`From`'s `from`) is stored
        // and called as `from_` in Python, under its name in JavaScript.
        case(
            "method_from",
            r#"pub fn method_from(a: i32, b: i32) -> (i32, i32) {
    let p = Pt::from((a, b));
    (p.x, p.lambda())
}
pub struct Pt {
    x: i32,
    y: i32,
}
impl From<(i32, i32)> for Pt {
    fn from(t: (i32, i32)) -> Self {
        Pt { x: t.0, y: t.1 }
    }
}
impl Pt {
    fn lambda(&self) -> i32 {
        self.x * self.y
    }
}"#,
            "[[2, 3], [-1, 4]]",
        ),
        // A C-like enum is a class whose variants are each one object of
        // it: `==` is identity, `{:?}` prints the variant's name, `match`
        // tests each arm's variants in turn, `clone()` is the value itself
        // and `default()` the `#[default]` variant.
        case(
            "enum_light",
            r#"pub fn enum_light(k: i32, b: bool) -> (String, String, bool, bool, String) {
    let c = if k == 0 {
        Light::Red
    } else if k == 1 {
        Light::Amber
    } else {
        Light::Green
    };
    let n = c.next_light();
    let copy = c.clone();
    let same = n == copy.next_light();
    let d = Light::default();
    (
        format!("{:?}", c),
        format!("{:?}-{:?}", n, d),
        same,
        c != n && d == Light::Amber,
        describe(n, b),
    )
}
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum Light {
    Red,
    #[default]
    Amber,
    Green,
}
impl Light {
    fn next_light(self) -> Light {
        match self {
            Self::Red => Light::Green,
            Light::Green => Light::Amber,
            Light::Amber => Self::Red,
        }
    }
    fn is_stop(&self) -> bool {
        match *self {
            Light::Red | Light::Amber => true,
            _ => false,
        }
    }
}
fn describe(l: Light, b: bool) -> String {
    if l.is_stop() && b {
        "stop".to_string()
    } else {
        "go".to_string()
    }
}"#,
            "[[0, true], [1, true], [2, true], [2, false], [7, true]]",
        ),
        // A type parameter bound by one closure trait (in the list or a
        // `where` clause), `impl Fn` and `&dyn Fn` parameters and an
        // `impl Fn` result: the closures passed are called as Rust calls
        // them (a `FnMut` one pushing to a vector it captures).
        case(
            "closure_parameters",
            r#"pub fn closure_parameters(v: Vec<i32>, k: i32) -> (i32, Vec<i32>, i32, bool) {
    let doubled = apply(|x: i32| x * 2, k) + twice(&|x: i32| x - 1, k);
    let mut seen = Vec::new();
    each(&v, |x: i32| seen.push(x + k));
    let add = adder(k);
    (doubled, seen, add(3), any_of(&v, |x: i32| x > k))
}
fn apply<F: Fn(i32) -> i32>(f: F, x: i32) -> i32 {
    f(x) + f(1)
}
fn twice(f: &dyn Fn(i32) -> i32, x: i32) -> i32 {
    f(f(x))
}
fn each<F>(v: &[i32], mut f: F)
where
    F: FnMut(i32),
{
    for x in v {
        f(*x);
    }
}
fn adder(k: i32) -> impl Fn(i32) -> i32 {
    move |x: i32| x + k
}
fn any_of(v: &[i32], f: impl Fn(i32) -> bool) -> bool {
    for x in v {
        if f(*x) {
            return true;
        }
    }
    false
}"#,
            "[[[], 0], [[1, 2, 3], 2], [[-5, 7], -1], [[4], 1000]]",
        ),
        // An enum with data: tuple, struct and unit variants built (a
        // struct variant's fields written out of order), matched with
        // bindings, `..` and `_`, in `impl` methods through `self` and
        // `&self`, by `if let` (a `mut` binding is a copy), built by a
        // `From` impl, compared with a unit variant, and cloned.
        case(
            "enum_with_data",
            r#"pub fn enum_with_data(k: u32, a: i32, b: i32) -> (i32, u32, i32, bool, i32, u32) {
    let s = Shape::make(k, a, b);
    let moved = match s {
        Shape::Move(x, y) => x - y,
        Shape::Rect { w, .. } => w as i32,
        Shape::Tagged(Tag::A, _) => 7,
        _ => -1,
    };
    let t = Shape::from((a, b));
    let mut inside = if let Shape::Move(mut x, _) = t {
        x += 1;
        x
    } else {
        0
    };
    if let Shape::Rect { h, w: _ } = s {
        inside += h as i32;
    } else if let Shape::Tagged(tag, Some(n)) = s {
        inside += n as i32;
    }
    let c = s.clone();
    (moved, c.area(), s.dx(), s == Shape::Dot, inside, s.tag_value())
}
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Tag {
    A,
    B,
}
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    Dot,
    Move(i32, i32),
    Rect { w: u32, h: u32 },
    Label(&'static str),
    Tagged(Tag, Option<u8>),
}
impl Shape {
    fn make(k: u32, a: i32, b: i32) -> Shape {
        if k % 5 == 0 {
            Shape::Dot
        } else if k % 5 == 1 {
            Shape::Move(a, b)
        } else if k % 5 == 2 {
            Shape::Rect { h: k, w: 3 }
        } else if k % 5 == 3 {
            Self::Label("h\u{e9}llo")
        } else {
            let n = if a > 0 { Some(a as u8) } else { None };
            Shape::Tagged(if a > b { Tag::A } else { Tag::B }, n)
        }
    }
    fn area(self) -> u32 {
        match self {
            Shape::Dot => 0,
            Shape::Move(..) => 1,
            Shape::Rect { w, h } => w * h,
            Shape::Label(s) => s.len() as u32,
            Shape::Tagged(_, n) => 2,
        }
    }
    fn dx(&self) -> i32 {
        match self {
            Self::Move(x, _) => *x,
            Self::Rect { w, .. } => *w as i32,
            _ => -1,
        }
    }
    fn tag_value(&self) -> u32 {
        match *self {
            Shape::Tagged(Tag::B, _) => 10,
            Shape::Tagged(t, n) => {
                if t == Tag::A {
                    20
                } else {
                    30
                }
            }
            _ => 0,
        }
    }
}
impl From<(i32, i32)> for Shape {
    fn from(p: (i32, i32)) -> Self {
        Shape::Move(p.0, p.1)
    }
}"#,
            "[[0, 1, 2], [1, 5, 9], [2, 0, 0], [3, 1, 1], [4, 9, 2], [4, -3, 2], [9, 300, 1], [6, -2147483648, 1]]",
        ),
        // `as` from a C-like enum to an int is the variant's discriminant
        // (written, or one more than the variant before, from 0), cut to
        // the type as an int cast cuts (`-2` of a `#[repr(i8)]` enum as
        // `u8` is 254); `<<` of the `u8` keeps eight bits.
        case(
            "enum_as_int",
            r#"pub fn enum_as_int(k: u8) -> (u8, i16, u8, usize, i64) {
    let l = if k == 0 {
        Level::Low
    } else if k == 1 {
        Level::Mid
    } else {
        Level::High
    };
    let p = if k % 2 == 0 { Plain::A } else { Plain::C };
    (
        ((l as u8) << 4) | p as u8,
        l as i16,
        Level::Mid as u8,
        p as usize + Plain::B as usize,
        Flags::Wide as i64 + Flags::Hex as i64,
    )
}
#[derive(Clone, Copy, PartialEq)]
#[repr(i8)]
pub enum Level {
    Low = -2,
    Mid,
    High = 0x3_f,
}
#[derive(Clone, Copy)]
pub enum Plain {
    A,
    B,
    C,
}
pub enum Flags {
    Hex = 0x10,
    Wide = 1_000_000,
}"#,
            "[[0], [1], [2], [3]]",
        ),
        // A `match` inside an expression (a closure's body, an operand)
        // is a conditional expression per arm, its arms evaluated only
        // when chosen; a name pattern and a guard read the scrutinee, and
        // `Some(x)` binds `x` to the value itself.
        case(
            "match_inside_expressions",
            r#"pub fn match_inside_expressions(s: String, k: i32) -> (String, i32, usize, i32) {
    let m: String = s
        .chars()
        .map(|c| match c {
            'A'..='Z' | 'a'..='z' => c,
            '0'..='9' => '#',
            _ => '_',
        })
        .collect();
    let v = 1 + match k {
        0 => 10,
        n if n < 0 => n * 3,
        _ => {
            100 / k
        }
    };
    let w = m.len() * match v { 11 => 2, _ => 1 };
    let o = if k > 5 { Some(k) } else { None };
    let z = 2 * match o {
        Some(x) => x - 1,
        None => 0,
    };
    (m, v, w, z)
}"#,
            r#"[["aZ0 -é", 0], ["", -4], ["x_Y", 7], ["", 2147483647]]"#,
        ),
        // Variants as keys: each one object, hashed by identity.
        case(
            "enum_keys",
            r#"pub fn enum_keys(ks: Vec<i32>) -> (usize, i32, bool) {
    let mut seen: HashSet<Side> = HashSet::new();
    let mut count: HashMap<Side, i32> = HashMap::new();
    for k in ks {
        let s = if k % 2 == 0 { Side::Left } else { Side::Right };
        seen.insert(s);
        let c = count.get(&s).copied().unwrap_or(0);
        count.insert(s, c + 1);
    }
    (seen.len(), count.get(&Side::Left).copied().unwrap_or(0), seen.contains(&Side::Right))
}
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Side {
    Left,
    Right,
}"#,
            "[[[]], [[1, 2, 4]], [[3, 5]]]",
        ),
        // A field named `name`: every JavaScript function has that
        // property, an object only when given one.
        case(
            "named_field",
            r#"pub fn named_field(k: i32) -> (String, i32, String) {
    let mut t = Tag { name: format!("t{}", k), size: k };
    t.name = format!("{}!", t.name);
    (t.name.clone(), t.size, t.label())
}
struct Tag {
    name: String,
    size: i32,
}
impl Tag {
    fn label(&self) -> String {
        format!("{}:{}", self.name, self.size)
    }
}"#,
            "[[0], [7], [-3]]",
        ),
        // Associated types of trait `impl`s (`type Item = u32;`, `type
        // Output = Pair;`) name `Self::Item` and `Self::Output` in the
        // signatures; the methods are the class's, called by name.
        case(
            "assoc_types",
            r#"use std::ops::Add;
pub fn assoc_types(n: u32) -> (Vec<u32>, u32) {
    let mut c = Countdown { left: n };
    let mut out = Vec::new();
    loop {
        match c.next() {
            Some(v) => out.push(v),
            None => break,
        }
    }
    let p = Pair { a: n, b: 1 };
    let q = Pair { a: 2, b: 3 };
    let s = p.add(q);
    (out, s.a * 10 + s.b)
}
struct Countdown {
    left: u32,
}
impl Iterator for Countdown {
    type Item = u32;
    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        Some(self.left)
    }
}
struct Pair {
    a: u32,
    b: u32,
}
impl Add for Pair {
    type Output = Pair;
    fn add(self, other: Pair) -> Self::Output {
        Pair {
            a: self.a + other.a,
            b: self.b + other.b,
        }
    }
}"#,
            "[[0], [3], [5]]",
        ),
        // `unwrap()`/`expect()` of a computed `Option` (a method's or a
        // function's result): the value, or an error raised on `None`
        // where Rust panics (`rs_unwrap`, `rsUnwrap`), evaluated in place.
        case(
            "unwrap_computed",
            r#"pub fn unwrap_computed(k: i32) -> (i32, i32, i32) {
    let b = Bag { items: vec![k, k + 1, 7] };
    let first = b.find(k).unwrap();
    let second = b.find(k + 1).expect("present");
    let third = if k > 0 { b.find(7).unwrap() } else { first_even(vec![k, 3]).unwrap() };
    (first + second, third, first_even(b.items.clone()).unwrap())
}
fn first_even(v: Vec<i32>) -> Option<i32> {
    for x in v {
        if x % 2 == 0 {
            return Some(x);
        }
    }
    None
}
struct Bag {
    items: Vec<i32>,
}
impl Bag {
    fn find(&self, x: i32) -> Option<i32> {
        let mut i = 0;
        for v in self.items.iter() {
            if *v == x {
                return Some(i);
            }
            i += 1;
        }
        None
    }
}"#,
            "[[1], [2], [0], [-3], [6]]",
        ),
        // Explicit discriminants (`#[repr(u8)]`, out of declaration
        // order): seen only by casts, which are declined, so the variants
        // are the objects of any C-like enum.
        case(
            "enum_discriminants",
            r#"pub fn enum_discriminants(k: u8) -> (String, bool, String) {
    let s = if k == 0 {
        Mode::Ground
    } else if k < 10 {
        Mode::Escape
    } else {
        Mode::Anywhere
    };
    let next = match s {
        Mode::Ground => Mode::Escape,
        Mode::Escape => Mode::Anywhere,
        Mode::Anywhere => Mode::default(),
    };
    (format!("{:?}", s), next == Mode::Ground, format!("{:?}", next))
}
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
#[repr(u8)]
pub enum Mode {
    Anywhere = 0,
    #[default]
    Ground = 12,
    Escape = 3,
}"#,
            "[[0], [4], [200]]",
        ),
        // `enumerate()` of a struct of the file with an `impl Iterator`:
        // the loop over its `next`, counting from 0 (a `continue` counts
        // too); `h.iter()` of a struct whose own `impl` declares `iter`
        // is that method, not a standard iterator; an `impl` for `&'a
        // Holder` gives `Holder` its method.
        case(
            "enumerate_struct_iter",
            r#"pub fn enumerate_struct_iter(n: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let c = Countdown { left: n };
    for (i, x) in c.enumerate() {
        if i == 1 {
            continue;
        }
        out.push(i as u32 * 100 + x);
    }
    let h = Holder { n };
    for (i, x) in h.iter().enumerate() {
        out.push(i as u32 * 10 + x + 1000);
    }
    let it = (&h).into_iter();
    for x in it {
        out.push(x + 5000);
    }
    out
}
pub struct Holder {
    n: u32,
}
impl Holder {
    pub fn iter(&self) -> Countdown {
        Countdown { left: self.n }
    }
}
impl<'a> IntoIterator for &'a Holder {
    type Item = u32;
    type IntoIter = Countdown;
    fn into_iter(self) -> Countdown {
        self.iter()
    }
}
pub struct Countdown {
    left: u32,
}
impl Iterator for Countdown {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.left == 0 {
            None
        } else {
            self.left -= 1;
            Some(self.left)
        }
    }
}"#,
            "[[0], [1], [4]]",
        ),
        // `==` and `!=` of structs and enums with data whose `PartialEq`
        // is derived all the way down compare by value, field by field:
        // nested structs, an option of an enum with data (a struct variant
        // too), a C-like enum, a string; a hand-written `PartialEq<Mark>`
        // whose `eq` compares with a derived `==` (anstyle's `impl
        // PartialEq<Effects> for Style`).
        case(
            "derived_eq",
            r#"pub fn derived_eq(a: u8, b: u8) -> Vec<bool> {
    let p = pen(a, b);
    let q = pen(b, a);
    let same = pen(a, b);
    let plain = Pen { ink: None, mark: Mark(a, Tag::Dim), name: String::from("p") };
    let reset = Pen { ink: Some(Ink::Reset), mark: Mark(a, Tag::Dim), name: String::from("p") };
    let named = Some(Ink::Named { tag: if a > b { Tag::Bold } else { Tag::Dim } });
    vec![
        p == same,
        p == q,
        p != q,
        plain == reset,
        p.ink == q.ink,
        p.mark != same.mark,
        named == Some(Ink::Named { tag: Tag::Dim }),
        reset.ink == Some(Ink::Reset),
        plain.eq(&Mark(a, Tag::Dim)),
        p.eq(&Mark(b, Tag::Bold)),
    ]
}
fn pen(a: u8, b: u8) -> Pen {
    let tag = if a > b { Tag::Bold } else { Tag::Dim };
    Pen { ink: Some(Ink::Rgb(a, b)), mark: Mark(b, tag), name: format!("{}", a) }
}
#[derive(Clone, PartialEq)]
pub struct Pen {
    ink: Option<Ink>,
    mark: Mark,
    name: String,
}
impl PartialEq<Mark> for Pen {
    fn eq(&self, other: &Mark) -> bool {
        self.mark == *other
    }
}
#[derive(Clone, Copy, PartialEq)]
pub struct Mark(u8, Tag);
#[derive(Clone, Copy, PartialEq)]
pub enum Tag {
    Bold,
    Dim,
}
#[derive(Clone, Copy, PartialEq)]
pub enum Ink {
    Reset,
    Rgb(u8, u8),
    Named { tag: Tag },
}"#,
            "[[1, 2], [3, 3], [5, 0]]",
        ),
        // Several `impl From<X> for Color` are one dispatching `from`,
        // picking the impl by the argument's kind (an object of a class, a
        // number, a tuple); `x.into()` where the type wanted is declared,
        // and an `impl Into<Color>` parameter converted at entry (a
        // `Color` passes as it is). `Fixed` and `Rgb` are declared after
        // the impls that name them. `let c = c.into()` of such a
        // parameter, with no type declared, is the bound's conversion, the
        // `Color` the parameter already is.
        case(
            "from_dispatch",
            r#"pub fn from_dispatch(k: u8, r: u8) -> Vec<u32> {
    let a = Color::from(Tint::Warm);
    let b: Color = k.into();
    let c = Color::from((r, k, 1));
    let d = level(if k > 3 { Tint::Cold } else { Tint::Warm });
    let e = untyped(k) + untyped((r, 0, 2)) + untyped(Tint::Cold);
    vec![a.code(), b.code(), c.code(), d, level(k), level((1, 2, r)), level(a), e]
}
fn level(c: impl Into<Color>) -> u32 {
    let c: Color = c.into();
    c.code()
}
fn untyped(c: impl Into<Color>) -> u32 {
    let c = c.into();
    c.code()
}
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tint {
    Warm,
    Cold,
}
#[derive(Clone, Copy)]
pub enum Color {
    Named(Tint),
    Fixed(Fixed),
    Rgb(Rgb),
}
impl Color {
    fn code(self) -> u32 {
        match self {
            Color::Named(t) => {
                if t == Tint::Warm {
                    1
                } else {
                    2
                }
            }
            Color::Fixed(f) => 10 + f.0 as u32,
            Color::Rgb(c) => c.0 as u32 * 100 + c.1 as u32 * 10 + c.2 as u32,
        }
    }
}
impl From<Tint> for Color {
    fn from(t: Tint) -> Self {
        Color::Named(t)
    }
}
impl From<u8> for Color {
    fn from(n: u8) -> Self {
        Color::Fixed(n.into())
    }
}
impl From<(u8, u8, u8)> for Color {
    fn from(t: (u8, u8, u8)) -> Self {
        Self::Rgb(t.into())
    }
}
#[derive(Clone, Copy)]
pub struct Fixed(pub u8);
impl From<u8> for Fixed {
    fn from(n: u8) -> Self {
        Fixed(n)
    }
}
#[derive(Clone, Copy)]
pub struct Rgb(pub u8, pub u8, pub u8);
impl From<(u8, u8, u8)> for Rgb {
    fn from(t: (u8, u8, u8)) -> Self {
        Rgb(t.0, t.1, t.2)
    }
}"#,
            "[[5, 3], [0, 9], [200, 1]]",
        ),
        // `std::cmp::Ordering` as -1/0/1: `cmp` of ints and strings, a
        // `match` on an ordering, `==` with a path, `reverse`, `then`,
        // `is_gt`, `sort_by` with `cmp`, and a struct's own `impl Ord`
        // (with the `impl PartialOrd` whose `partial_cmp` is `Some(cmp)`).
        case(
            "orderings",
            r#"use std::cmp::Ordering;
pub fn orderings(a: i32, b: i32, s: String, t: String) -> (i32, bool, i32, Vec<i32>, i32, (bool, bool)) {
    let o = a.cmp(&b);
    let n = match o {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    };
    let words = s.cmp(&t) == Ordering::Less;
    let mut v = vec![a, b, 3, -2];
    v.sort_by(|x, y| y.cmp(x));
    let r = match o.reverse() {
        Ordering::Less => 10,
        _ => 20,
    };
    let chained = match a.cmp(&b).then(s.cmp(&t)) {
        Ordering::Greater => 1,
        Ordering::Less => -1,
        Ordering::Equal => 0,
    };
    let p = Version { major: a, minor: b };
    let q = Version { major: b, minor: a };
    let later = p.cmp(&q).is_gt();
    let same = p.partial_cmp(&q).unwrap() == Ordering::Equal;
    (n, words, r, v, chained, (later, same))
}
#[derive(PartialEq, Eq)]
struct Version {
    major: i32,
    minor: i32,
}
impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.major.cmp(&other.major).then(self.minor.cmp(&other.minor))
    }
}"#,
            r#"[[1, 2, "a", "b"], [3, 3, "b", "a"], [5, -1, "x", "x"], [2, 2, "é", "e"], [4, 4, "q", "q"]]"#,
        ),
        // `Default::default()` and `T::default()`: a struct's derived
        // `Default` (every field's default), a struct's own `impl
        // Default`, and the standard types' (0, "", an empty `Vec`).
        case(
            "defaults",
            r#"pub fn defaults(k: i64) -> (i64, String, usize, bool, i64, u32) {
    let c: Counter = Default::default();
    let d = Counter::default();
    let s = Settings::default();
    let n: i64 = Default::default();
    let v: Vec<u32> = Vec::default();
    let z = u32::default();
    (c.n + d.n + n + k, c.name.clone(), v.len() + c.items.len(), c.on, s.level, z + s.size)
}
#[derive(Default)]
struct Counter {
    n: i64,
    name: String,
    items: Vec<u8>,
    on: bool,
}
struct Settings {
    level: i64,
    size: u32,
}
impl Default for Settings {
    fn default() -> Self {
        Settings { level: 3, size: 7 }
    }
}"#,
            "[[0], [5], [-2]]",
        ),
        // `clone()` of a struct whose file has its own `impl Clone`: that
        // method makes the copy, which later changes to the original do
        // not reach.
        case(
            "own_clone",
            r#"pub fn own_clone(k: u32) -> (u32, u32, usize, usize) {
    let mut a = Tally { total: k, seen: vec![k] };
    let b = a.clone();
    a.total += 1;
    a.seen.push(5);
    (a.total, b.total, a.seen.len(), b.seen.len())
}
struct Tally {
    total: u32,
    seen: Vec<u32>,
}
impl Clone for Tally {
    fn clone(&self) -> Self {
        Tally {
            total: self.total,
            seen: self.seen.clone(),
        }
    }
}"#,
            "[[0], [4]]",
        ),
        // Generic `impl`s and enums, their type parameters erased: a
        // generic enum (`Slot<T>`), an `impl` of one instance of an erased
        // struct (`impl Holder<u8>`; another instance's `impl` declares
        // another name), an `impl` whose parameter only the trait's
        // arguments name (`impl<K> Pick<K> for Bag`), and a generic trait.
        case(
            "generic_impls",
            r#"pub fn generic_impls(a: u32, n: usize) -> (usize, Vec<u32>, usize, (usize, usize, u32)) {
    let s: Slot<u32> = if n > 0 { Slot::Full(a, n) } else { Slot::Empty };
    let c = s.count();
    let e: Slot<String> = Slot::Empty;
    let h: Holder<u8> = Holder { v: vec![1, 2, 3], tag: 7 };
    let w = Holder { v: vec!["x".to_string()], tag: a };
    let g = Bag { items: vec![a, a + 1] };
    (c, s.take(), e.count(), (h.size() + w.words(), g.pick(5u8) + g.pick("k") + h.pick(n), w.tag))
}
pub enum Slot<T> {
    Full(T, usize),
    Empty,
}
impl<T> Slot<T> {
    pub fn count(&self) -> usize {
        match self {
            Slot::Full(_, n) => *n,
            Slot::Empty => 0,
        }
    }
    pub fn take(self) -> Vec<T> {
        let mut out = Vec::new();
        match self {
            Slot::Full(x, _) => out.push(x),
            Slot::Empty => {}
        }
        out
    }
}
pub trait Pick<K> {
    fn pick(&self, k: K) -> usize;
}
pub struct Holder<T> {
    v: Vec<T>,
    tag: u32,
}
impl Holder<u8> {
    pub fn size(&self) -> usize {
        self.v.len() * 10
    }
}
impl Holder<String> {
    pub fn words(&self) -> usize {
        self.v.len() * 100
    }
}
impl<T, K> Pick<K> for Holder<T> {
    fn pick(&self, _k: K) -> usize {
        self.v.len() + 1000
    }
}
pub struct Bag {
    items: Vec<u32>,
}
impl<K> Pick<K> for Bag {
    fn pick(&self, _k: K) -> usize {
        self.items.len()
    }
}"#,
            "[[4, 2], [9, 0]]",
        ),
        // Traits' default methods: the trait is a class holding them, and
        // each `impl` copies those it does not write onto its class (the
        // impl's own `label` and `doubled` win); a default method calling
        // a required one (`self.area()`) or another default (`self.label()`)
        // dispatches to the object's, and an empty `impl Tagged for Circle
        // {}` gives `Circle` the default `tag`.
        case(
            "trait_defaults",
            r#"pub fn trait_defaults(w: i64, h: i64) -> (String, String, i64, String, i64) {
    let r = Rect { w, h };
    let s = Square(w);
    let c = Circle;
    (r.describe(), s.describe(), s.doubled(), c.describe(), r.doubled() + c.tag())
}
/// Something with an area.
pub trait Shape {
    fn area(&self) -> i64;
    /// Its name.
    fn label(&self) -> String {
        "shape".to_string()
    }
    fn describe(&self) -> String {
        format!("{} of {}", self.label(), self.area())
    }
    fn doubled(&self) -> i64 {
        self.area() * 2
    }
}
pub trait Tagged {
    fn tag(&self) -> i64 {
        7
    }
}
pub struct Rect {
    w: i64,
    h: i64,
}
pub struct Square(i64);
pub struct Circle;
impl Shape for Rect {
    fn area(&self) -> i64 {
        self.w * self.h
    }
}
impl Shape for Square {
    fn area(&self) -> i64 {
        self.0 * self.0
    }
    fn label(&self) -> String {
        "square".to_string()
    }
    fn doubled(&self) -> i64 {
        -1
    }
}
impl Shape for Circle {
    fn area(&self) -> i64 {
        3
    }
    fn label(&self) -> String {
        "circle".to_string()
    }
}
impl Tagged for Circle {}"#,
            "[[2, 3], [0, -4]]",
        ),
        // A `use` inside a function body (a nested function's too) writes
        // nothing; the names it brings are called as the file's `use`
        // lines' are (`max`, `min` of `std::cmp`).
        case(
            "body_uses",
            "pub fn body_uses(a: i32, b: i32) -> (i32, i32) {\n    use std::cmp::max;\n    fn low(a: i32, b: i32) -> i32 {\n        use std::cmp::min;\n        min(a, b)\n    }\n    (max(a, b), low(a, b))\n}",
            "[[1, 2], [5, -3], [0, 0]]",
        ),
        // Parameters bound by a pattern: `_` (not read), a tuple and `&` a
        // tuple (unpacked at entry, `mut` items too); a nested tuple in a
        // `let` keeps its parentheses in Python (`(a, _), c = t`).
        case(
            "tuple_parameters",
            "pub fn tuple_parameters((a, b): (i32, i32), &(x, mut y): &(u8, u8), _: &str, _: bool, t: ((i64, bool), i64)) -> (i32, u8, i64) {\n    y += 1;\n    let ((p, _), q) = t;\n    (a - b, x + y, p + q)\n}",
            r#"[[[1, 2], [3, 4], "s", true, [[5, false], 6]], [[-7, 0], [0, 0], "", false, [[0, true], -1]]]"#,
        ),
        // Trait impls for primitive types, `str` and slices: each method a
        // function of its trait, type and name, called where the
        // receiver's Rust type is that type (`u8` and `u32` apart: `a << 1`
        // keeps 8 bits in one, 32 in the other), by a method call, the
        // type's path (`u8::shifted(a)`), the trait's (`Width::shifted(b)`),
        // `<u32 as Width>::bits(&b)` and `Self::` inside an impl; an
        // associated function (`u32::made(a)`) too.
        case(
            "primitive_impls",
            r#"pub fn primitive_impls(a: u8, b: u32, s: &str, v: Vec<u8>, x: f64, c: char) -> (u32, u32, usize, usize, f64, (usize, u32, u32)) {
    let wide = a.shifted() as u32 + b.shifted();
    let both = u8::shifted(a) as u32 + Width::shifted(b);
    let n = s.weight() + v.weight();
    (wide, both, n, c.bits() + a.bits(), x.halved(), (<u32 as Width>::bits(&b), u32::made(a), b.twice_shifted()))
}
pub trait Width {
    fn bits(&self) -> usize;
    fn shifted(self) -> Self;
}
impl Width for u8 {
    fn bits(&self) -> usize {
        8
    }
    fn shifted(self) -> Self {
        self << 1
    }
}
impl Width for u32 {
    fn bits(&self) -> usize {
        32
    }
    fn shifted(self) -> Self {
        self << 1
    }
}
impl Width for char {
    fn bits(&self) -> usize {
        if *self == 'a' { 1 } else { self.len_utf8() * 10 }
    }
    fn shifted(self) -> Self {
        self
    }
}
pub trait Weight {
    fn weight(&self) -> usize;
}
impl Weight for str {
    fn weight(&self) -> usize {
        self.len() * 2
    }
}
impl Weight for [u8] {
    fn weight(&self) -> usize {
        let mut t = 0;
        for x in self.iter() {
            t += *x as usize;
        }
        t
    }
}
pub trait Halve {
    fn halved(self) -> f64;
}
impl Halve for f64 {
    fn halved(self) -> f64 {
        self / 2.0
    }
}
pub trait Made {
    fn made(a: u8) -> u32;
    fn twice_shifted(self) -> u32;
}
impl Made for u32 {
    fn made(a: u8) -> u32 {
        a as u32 * 1000
    }
    fn twice_shifted(self) -> u32 {
        Self::shifted(self).shifted()
    }
}"#,
            r#"[[200, 4000000000, "ab", [1, 2, 3], 5.0, "a"], [1, 7, "", [], -1.5, "z"], [255, 0, "日本", [255], 0.0, "é"], [3, 9, "x", [0], 2.5, "😀"], [4, 1, "y", [7], 1.0, "日"]]"#,
        ),
        // `impl From<X> for u8` (`X` an enum or struct of the file): its
        // `from` a function of `X` and the type (`_from_MatchKind_u8`),
        // which `u8::from(kind)` and `kind.into()` into a place of
        // declared type call.
        case(
            "primitive_conversions",
            r#"pub fn primitive_conversions(k: u8) -> u32 {
    let kind = if k == 0 { MatchKind::Standard } else if k == 1 { MatchKind::LeftmostLongest } else { MatchKind::LeftmostFirst };
    let a: u8 = kind.into();
    let b = u8::from(kind);
    let t = Tag(k as u32);
    let c: u64 = t.into();
    a as u32 + b as u32 * 10 + c as u32 * 100
}
#[derive(Clone, Copy)]
pub enum MatchKind {
    Standard,
    LeftmostLongest,
    LeftmostFirst,
}

impl From<MatchKind> for u8 {
    fn from(src: MatchKind) -> Self {
        match src {
            MatchKind::Standard => 0,
            MatchKind::LeftmostLongest => 1,
            MatchKind::LeftmostFirst => 2,
        }
    }
}

pub struct Tag(pub u32);

impl From<Tag> for u64 {
    fn from(t: Tag) -> Self {
        t.0 as u64 * 3
    }
}"#,
            "[[0], [1], [2], [7]]",
        ),
        // Attributes that change nothing that runs: a lint level on a
        // statement, `#[inline]` on a nested function, `#[non_exhaustive]`
        // and `#[must_use]` on a struct.
        case(
            "inert_attributes",
            "#[non_exhaustive]\n#[must_use]\npub struct Level {\n    pub n: i32,\n}\n\npub fn inert_attributes(n: i32) -> i32 {\n    #[inline]\n    fn twice(x: i32) -> i32 {\n        x * 2\n    }\n    #[allow(clippy::let_and_return)]\n    let m = Level { n: twice(n) };\n    m.n + 1\n}",
            "[[1], [-4]]",
        ),
        // Integer methods of the standard library at their edges:
        // `wrapping_*` cut the exact result to the width (no panic),
        // `saturating_*` clamp it to the type's bounds, `checked_*` give
        // `None` past them.
        case(
            "int_wrapping",
            "pub fn int_wrapping(a: i32, b: u8, c: i16, d: u32) -> (i32, i32, u8, u8, i16, (u32, u8, i16, u32)) {\n    (a.wrapping_add(7), a.wrapping_sub(a), b.wrapping_add(200), b.wrapping_mul(b), c.wrapping_mul(c), (d.wrapping_add(d), b.wrapping_sub(1), c.wrapping_add(c), d.wrapping_sub(5)))\n}",
            "[[2147483647, 255, 32767, 4294967295], [-2147483648, 0, -32768, 0], [5, 100, 300, 7], [-1, 1, -1, 2147483648]]",
        ),
        case(
            "int_saturating",
            "pub fn int_saturating(a: i32, b: u8, c: usize, d: i16) -> (i32, i32, u8, u8, usize, (u32, i16, i16)) {\n    (a.saturating_add(a), a.saturating_sub(1000), b.saturating_add(100), b.saturating_sub(100), c.saturating_sub(3), ((c as u32).saturating_add(4294967295), d.saturating_sub(d), d.saturating_sub(5)))\n}",
            "[[2147483647, 200, 0, 0], [-2147483648, 50, 2, -9], [-5, 100, 10, 32767], [1073741824, 0, 3, -32768]]",
        ),
        case(
            "int_checked",
            "pub fn int_checked(a: i32, b: u8, c: usize, k: u8) -> (Option<i32>, Option<i32>, Option<u8>, Option<u8>, Option<usize>, Option<u8>) {\n    (a.checked_add(a), a.checked_mul(3), b.checked_add(k), b.checked_sub(k), c.checked_sub(2), b.checked_mul(k))\n}",
            "[[2147483647, 200, 0, 100], [-2147483648, 50, 2, 0], [-5, 100, 10, 3], [1073741824, 0, 3, 255], [715827882, 16, 1, 16]]",
        ),
        // `rem_euclid` is never negative and `div_euclid` the quotient
        // that goes with it, of negative dividends and divisors too.
        case(
            "int_euclid",
            "pub fn int_euclid(a: i32, b: i32, u: u32, v: u32) -> (i32, i32, u32, u32, i32, i32) {\n    (a.rem_euclid(b), a.div_euclid(b), u.rem_euclid(v), u.div_euclid(v), a.rem_euclid(3), (a - 1).rem_euclid(b))\n}",
            "[[7, 2, 7, 2], [-7, 2, 0, 3], [7, -2, 9, 9], [-7, -2, 1, 5], [0, 5, 3, 1], [-6, 3, 4, 4], [-1, -2147483648, 8, 3]]",
        ),
        // A truncated remainder compared with zero by `<` is not the
        // floored one (`-7 % 2 < 0` holds in Rust, `-7 % 2` is 1 in
        // Python); by `==` it is.
        case(
            "rem_below_zero",
            "pub fn rem_below_zero(a: i32, b: i32) -> (bool, bool, bool) {\n    (a % b < 0, a % b == 0, 0 > a % b)\n}",
            "[[-7, 2], [7, 2], [7, -2], [-6, 3], [0, 5]]",
        ),
        // `to_digit` of radixes 10, 16 and 36 (upper-case letters are
        // digits too), and the ASCII hex digits and punctuation.
        case(
            "char_digits",
            "pub fn char_digits(c: char) -> (Option<u32>, Option<u32>, Option<u32>, bool, bool, bool) {\n    (c.to_digit(10), c.to_digit(16), c.to_digit(36), c.to_digit(2).is_some(), c.is_ascii_hexdigit(), c.is_ascii_punctuation())\n}",
            r#"[["0"], ["7"], ["9"], ["a"], ["F"], ["z"], ["Z"], ["!"], ["~"], [" "], ["é"], ["1"], ["g"], ["_"], ["/"], [":"], ["@"], ["["], ["`"], ["{"]]"#,
        ),
        // `first()` and `last()` as `Option`s: `None` of an empty `Vec`.
        case(
            "ends_of",
            "pub fn ends_of(v: Vec<i32>, s: Vec<String>) -> (i32, i32, usize, bool) {\n    let f = match v.first() {\n        Some(x) => *x,\n        None => -1,\n    };\n    let mut l = 0;\n    let last = v.last();\n    if let Some(y) = last {\n        l = *y * 2;\n    }\n    let n = match s.last() {\n        Some(t) => t.len(),\n        None => 0,\n    };\n    (f, l, n, v.first().is_none())\n}",
            r#"[[[1, 2, 3], ["a", "bcd"]], [[], []], [[-5], ["xy"]]]"#,
        ),
        // `strip_prefix`/`strip_suffix` of a string or char pattern give
        // `None` where it is not there (an empty pattern always is).
        case(
            "strip_affixes",
            "pub fn strip_affixes(s: &str, p: &str) -> (String, String, bool, usize) {\n    let a = match s.strip_prefix(p) {\n        Some(r) => r.to_string(),\n        None => \"none\".to_string(),\n    };\n    let b = match s.strip_suffix(p) {\n        Some(r) => r.to_string(),\n        None => \"none\".to_string(),\n    };\n    let c = s.strip_prefix('-').is_some();\n    let n = match s.strip_suffix(\"!\") {\n        Some(r) => r.len(),\n        None => 99,\n    };\n    (a, b, c, n)\n}",
            r#"[["-abc!", "-a"], ["abc", "bc"], ["", ""], ["ab", "abc"], ["-!", "!"], ["aa", "a"]]"#,
        ),
        // `find`/`rfind` give Rust's byte offset (`é` is 2 bytes, `日`
        // 3, `😀` 4), `None` where the pattern is not there; an empty
        // pattern is found at 0 (`find`) and at the end (`rfind`).
        case(
            "find_bytes",
            "pub fn find_bytes(s: &str, p: &str) -> (Option<usize>, Option<usize>, Option<usize>, Option<usize>) {\n    (s.find(p), s.rfind(p), s.find('b'), s.rfind('é'))\n}",
            r#"[["abcab", "ab"], ["", ""], ["xyz", "q"], ["héb", "b"], ["日本b日", "日"], ["é😀bé", "😀"], ["ab", ""]]"#,
        ),
        // Bits of the value as an unsigned one (a negative `i32`'s top
        // bit set), `signum` and `abs_diff` (an unsigned result).
        case(
            "int_bits",
            "pub fn int_bits(a: u32, b: i32, c: u8, e: i32) -> (u32, u32, u32, u32, (u32, u32, bool, bool), (u32, i32, u32, u32, u32)) {\n    (a.count_ones(), b.count_ones(), a.leading_zeros(), b.leading_zeros(), (a.trailing_zeros(), c.trailing_zeros(), a.is_power_of_two(), c.is_power_of_two()), (c.leading_zeros(), b.signum(), a.abs_diff(7), b.abs_diff(e), b.trailing_zeros()))\n}",
            "[[0, 0, 0, 0], [1, -1, 255, -7], [4294967295, -2147483648, 128, 2147483647], [2147483648, 12, 6, 0], [40, 2147483647, 1, -1]]",
        ),
        // A block's `const` items are in scope in all of it (used before
        // the line declaring them), a constant may read one declared
        // before it, and an inner block's constant shadows an outer one.
        case(
            "block_constants",
            "pub fn block_constants(n: u32) -> (u32, u32, u32) {\n    let first = n * SCALE;\n    const BASE: u32 = 7;\n    const SCALE: u32 = BASE + 1;\n    let inner = {\n        const BASE: u32 = 100;\n        n + BASE\n    };\n    (first, inner, n + BASE)\n}",
            "[[0], [3], [1000]]",
        ),
        // `if let` of a computed value (a call, `pop`, `max`) stores it in
        // a local first; after an `else`, only when the tests before fail
        // (the rest of the chain is an `if` inside the `else`).
        case(
            "if_let_computed",
            r#"pub fn if_let_computed(v: Vec<i32>, k: i32) -> (i32, i32, i32, i32) {
    let mut v = v;
    let mut popped = 0;
    if let Some(x) = v.pop() {
        popped = x;
    }
    let x = 5;
    let first = if let Some(x) = half(k) {
        x
    } else if let Some(x) = v.last() {
        *x + 100
    } else {
        -1
    };
    let mut n = 0;
    if v.is_empty() {
        n = 1;
    } else if let Some(m) = v.iter().max() {
        n = *m;
    }
    let s = if let Shape::Move(a, b) = shape(k) { a - b } else { 0 };
    let mut w = vec![k];
    let t = if k > 3 { 1 } else if let Some(y) = w.pop() { y } else { 2 };
    (popped, first + x, n, s + t * 10 + w.len() as i32 * 100)
}
enum Shape {
    Dot,
    Move(i32, i32),
}
fn shape(k: i32) -> Shape {
    if k > 2 { Shape::Move(k, 2) } else { Shape::Dot }
}
fn half(k: i32) -> Option<i32> {
    if k % 2 == 0 { Some(k / 2) } else { None }
}"#,
            "[[[1, 2, 3], 4], [[], 3], [[7], 1], [[5, 9, 2], 6]]",
        ),
        // `unsafe` code is lowered as safe code; `get_unchecked` and
        // `unwrap_unchecked` (undefined where the checked forms panic)
        // raise there.
        case(
            "unsafe_blocks",
            r#"pub fn unsafe_blocks(v: Vec<u32>, i: usize) -> (u32, u32, u32) {
    let a = unsafe { v.get_unchecked(i % v.len()) };
    let b = unsafe {
        let j = (i + 1) % v.len();
        pick(&v, j)
    };
    let mut c = 0;
    unsafe {
        c += *v.get_unchecked(0);
        c += v.last().copied().unwrap_unchecked();
    }
    (*a, b, c)
}
pub unsafe fn pick(v: &[u32], i: usize) -> u32 {
    *v.get_unchecked(i) + 1
}"#,
            "[[[1, 2, 3], 4], [[7], 0], [[5, 9], 1]]",
        ),
        // `e?` of an `Option` stores `e` in a local before its statement,
        // which returns `None` when it is `None` (in a loop too, and after
        // an operand that `e` does not name).
        case(
            "option_try",
            r#"pub fn option_try(v: Vec<i32>, k: i32) -> (Option<i32>, Option<i32>, Option<usize>) {
    let mut w = v.clone();
    (second_sum(&v), pops(&mut w, k), find_twice(&v, k))
}
fn second_sum(v: &[i32]) -> Option<i32> {
    let a = v.first()?;
    let b = *v.last()? + 1;
    Some(a + b)
}
fn pops(w: &mut Vec<i32>, k: i32) -> Option<i32> {
    let mut total = 0;
    for _ in 0..k {
        total += w.pop()?;
    }
    Some(total + half(k)?)
}
fn half(k: i32) -> Option<i32> {
    if k % 2 == 0 { Some(k / 2) } else { None }
}
fn find_twice(v: &[i32], k: i32) -> Option<usize> {
    let i = index_of(v, k)?;
    let j = index_of(v, k + 1)?;
    Some(i + j)
}
fn index_of(v: &[i32], k: i32) -> Option<usize> {
    for i in 0..v.len() {
        if v[i] == k {
            return Some(i);
        }
    }
    None
}"#,
            "[[[1, 2, 3], 2], [[], 0], [[4], 1], [[5, 6, 7, 8], 3], [[2, 3], 0]]",
        ),
        // `let Some(x) = e else { .. };` runs the `else` block (which
        // leaves) where `e` is `None`; a loop's `else` may `continue`.
        case(
            "let_else",
            "pub fn let_else(v: Vec<i32>, k: usize) -> (i32, i32) {\n    let mut skipped = 0;\n    let mut total = 0;\n    for i in 0..k {\n        let Some(x) = v.get(i).copied() else {\n            skipped += 1;\n            continue;\n        };\n        total += x;\n    }\n    let Some(last) = v.last() else {\n        return (total, -skipped);\n    };\n    (total + *last, skipped)\n}",
            "[[[1, 2, 3], 2], [[], 3], [[4, 5], 4], [[7], 0]]",
        ),
        // The local a computed scrutinee is stored in takes a name no
        // binding has (a local `matched` stays itself).
        case(
            "shadowed_match",
            "pub fn shadowed_match(k: i32) -> i32 {\n    let matched = 100;\n    let r = match k + 1 {\n        1 => 10,\n        _ => 20,\n    };\n    matched + r\n}",
            "[[0], [5]]",
        ),
        // `Result` is a pair of its variant's name and value: `Ok`/`Err`,
        // `match` arms and `if let` of them, `?` (the `Err` pair returned
        // as it is), `is_ok`/`is_err`, `ok()`, `unwrap_or`, `unwrap()`.
        case(
            "results",
            r#"pub fn results(s: String, t: String) -> (i64, i64, bool, i64, i64) {
    let a = match sum_digits(&s, &t) {
        Ok(v) => v as i64,
        Err(e) => -(e.len() as i64),
    };
    let b = if let Ok(d) = parse_digit(&t) { d as i64 } else { -1 };
    let r = parse_digit(&s);
    let c = r.is_ok() && !r.is_err();
    let d1 = r.unwrap_or(7) as i64;
    let d2 = match parse_digit(&t).ok() {
        Some(x) => x as i64,
        None => 0,
    };
    let d = d1 * 10 + d2 + parse_digit(&t).unwrap_or(5) as i64 * 100;
    let e = if s.is_empty() {
        0
    } else {
        let q = parse_digit(&s[..1]).unwrap_or(9);
        q as i64
    };
    let f = if b >= 0 && a >= 0 {
        let u = sum_digits(&s, &t).unwrap();
        u as i64
    } else {
        -2
    };
    (a, b, c, d, e + f * 10)
}
fn sum_digits(s: &str, t: &str) -> Result<u32, String> {
    let x = parse_digit(s)?;
    let y = parse_digit(t)?;
    if x + y > 12 {
        return Err(String::from("too big"));
    }
    Ok(x + y)
}
fn parse_digit(s: &str) -> Result<u32, String> {
    if s.len() != 1 {
        return Err(format!("bad length {}", s.len()));
    }
    let c = s.chars().nth(0).unwrap();
    match c.to_digit(10) {
        Some(d) => Ok(d),
        None => Err("not a digit".to_string()),
    }
}"#,
            r#"[["3", "4"], ["9", "8"], ["x", "1"], ["", "5"], ["12", "3"], ["7", "y"]]"#,
        ),
        // `while let` of `Some(x)` and `Ok(x)`: the value is computed at
        // the top of each round (after `continue` too), and the loop ends
        // where it is not the variant.
        case(
            "while_let",
            r#"pub fn while_let(v: Vec<i32>, k: i32) -> (i32, usize, i32) {
    let mut stack = v.clone();
    let mut total = 0;
    while let Some(top) = stack.pop() {
        if top == k {
            continue;
        }
        if top < 0 {
            break;
        }
        total += top;
    }
    let mut n = 0;
    let mut steps = 0;
    while let Ok(next) = step(n) {
        n = next;
        steps += 1;
    }
    (total, stack.len(), n * 100 + steps)
}
fn step(n: i32) -> Result<i32, String> {
    if n >= 5 { Err(String::from("done")) } else { Ok(n + 2) }
}"#,
            "[[[1, 2, 3], 2], [[], 0], [[4, -1, 5], 9], [[7, 7], 7]]",
        ),
        // `Ok(())`, `Ok(_)` and `Err(_)` match without binding, in `match`
        // arms, `if let` and `while let`.
        case(
            "ok_unit",
            r#"pub fn ok_unit(a: i32, b: i32) -> (i32, i32, i32) {
    let x = match check(a) {
        Ok(()) => 1,
        Err(_) => 2,
    };
    let y = if let Ok(_) = check(b) { 10 } else { 20 };
    let mut n = a;
    let mut k = 0;
    while let Ok(()) = check(n) {
        n -= 3;
        k += 1;
    }
    (x, y, k)
}
fn check(a: i32) -> Result<(), String> {
    if a > 0 { Ok(()) } else { Err(format!("{} is not positive", a)) }
}"#,
            "[[1, -1], [-2, 5], [10, 0]]",
        ),
        // `if let Some(_)` tests without binding.
        case(
            "some_any",
            "pub fn some_any(v: Vec<i32>) -> i32 {\n    if let Some(_) = v.first() {\n        1\n    } else {\n        0\n    }\n}",
            "[[[]], [[4]]]",
        ),
        // A `&mut` parameter of a struct that is not `Copy` changes the
        // caller's object in place (its fields, its `&mut self` methods).
        case(
            "mut_struct_param",
            "pub fn mut_struct_param(steps: Vec<i32>) -> (i32, usize) {\n    let mut t = Tally { total: 0, seen: Vec::new() };\n    for s in steps {\n        record(&mut t, s);\n    }\n    (t.total, t.seen.len())\n}\npub struct Tally {\n    total: i32,\n    seen: Vec<i32>,\n}\nimpl Tally {\n    fn note(&mut self, s: i32) {\n        self.seen.push(s);\n    }\n}\nfn record(t: &mut Tally, s: i32) {\n    t.total += s;\n    if s > 0 {\n        t.note(s);\n    }\n}",
            "[[[1, -2, 3]], [[]]]",
        ),
        // `assert_eq!`/`assert_ne!` of `Result`s compare variant and value.
        case(
            "result_asserts",
            "pub fn result_asserts(k: i32) -> i32 {\n    assert_eq!(half(k * 2), Ok(k));\n    assert_ne!(half(k * 2 + 1), Ok(k));\n    assert_eq!(half(1), Err(String::from(\"1 is odd\")));\n    k\n}\nfn half(k: i32) -> Result<i32, String> {\n    if k % 2 == 0 { Ok(k / 2) } else { Err(format!(\"{} is odd\", k)) }\n}",
            "[[0], [5], [-3]]",
        ),
        // `?` converting the error through an `impl From` of the file.
        case(
            "converted",
            r#"pub fn converted(s: String) -> (u32, String) {
    match load(&s) {
        Ok(n) => (n, String::new()),
        Err(e) => (0, e.describe()),
    }
}
pub struct LoadError {
    code: u32,
}
impl LoadError {
    fn describe(&self) -> String {
        format!("code {}", self.code)
    }
}
impl From<String> for LoadError {
    fn from(m: String) -> Self {
        LoadError { code: m.len() as u32 }
    }
}
fn digit(s: &str) -> Result<u32, String> {
    if s == "7" { Ok(7) } else { Err(format!("bad {}", s)) }
}
fn load(s: &str) -> Result<u32, LoadError> {
    let d = digit(s)?;
    Ok(d * 2)
}"#,
            r#"[["7"], ["x"], ["abc"]]"#,
        ),
        // A method of the struct another function returns (`mk().m()`),
        // and of a callee's `Err` value.
        case(
            "callee_struct",
            "pub fn callee_struct(k: u32) -> (String, String) {\n    (mk(k).describe(), g(k))\n}\npub struct E {\n    code: u32,\n}\nimpl E {\n    fn describe(&self) -> String {\n        format!(\"code {}\", self.code)\n    }\n}\nfn mk(k: u32) -> E {\n    E { code: k }\n}\nfn mkr(k: u32) -> Result<u32, E> {\n    if k > 2 { Ok(k) } else { Err(E { code: k * 10 }) }\n}\nfn g(k: u32) -> String {\n    match mkr(k) {\n        Ok(n) => format!(\"ok {}\", n),\n        Err(e) => e.describe(),\n    }\n}",
            "[[1], [5]]",
        ),
        // A receiver with a lifetime (`&'a self`) is the plain `&self`.
        case(
            "receiver_lifetime",
            "pub fn receiver_lifetime(a: i32, b: i32) -> (i32, i32) {\n    let mut s = Span { lo: a, hi: b };\n    s.widen(2);\n    (s.width(), s.lo)\n}\npub struct Span {\n    lo: i32,\n    hi: i32,\n}\nimpl<'a> Span {\n    fn width<'b>(&'b self) -> i32 {\n        self.hi - self.lo\n    }\n    fn widen(&'a mut self, k: i32) {\n        self.lo -= k;\n        self.hi += k;\n    }\n}",
            "[[1, 5], [-3, 0]]",
        ),
        // `macro_rules!`: each invocation expanded where it stands, the
        // first rule that matches; an expression fragment stays one
        // operand (`square!(a + 1)`), repetitions with separators and a
        // trailing comma, a macro expanding to another's invocation.
        case(
            "macro_expressions",
            r#"macro_rules! square {
    ($x:expr) => {
        $x * $x
    };
}
macro_rules! sum {
    () => { 0 };
    ($first:expr $(, $rest:expr)* $(,)?) => {
        $first $(+ $rest)*
    };
}
macro_rules! sum_squares {
    ($($x:expr),*) => { sum!($(square!($x)),*) };
}
pub fn macro_expressions(a: i64, b: i64) -> (i64, i64, i64, i64, i64) {
    (square!(a + 1), sum!(a, b, 10,), sum!(), sum_squares!(a, b - 1), 1 + square!(b) * 2)
}"#,
            "[[1, 2], [-3, 0], [7, -4]]",
        ),
        // Statements: the expansion's stand among the caller's, so a `let`
        // of a name the arguments give binds it for the caller, while the
        // macro's own locals (`t`, `v`, `diff`) stay apart from the
        // caller's names of the same spelling, as Rust's hygiene keeps them.
        case(
            "macro_statements",
            r#"macro_rules! check_close {
    ($a:expr, $b:expr) => {{
        let diff = $a - $b;
        if diff.abs() > 3 {
            panic!("not close");
        }
    }};
}
macro_rules! clamp_to {
    ($v:expr, $lo:expr, $hi:expr) => {{
        let v = $v;
        if v < $lo { $lo } else if v > $hi { $hi } else { v }
    }};
}
macro_rules! set_twice {
    ($name:ident, $value:expr) => {
        let t = $value;
        let $name = t * 2;
    };
}
pub fn macro_statements(v: i64, w: i64) -> (i64, i64, i64, i64) {
    let diff = 100;
    check_close!(v, v + 1);
    let c = clamp_to!(v, 0, v + 1);
    let t = 7;
    set_twice!(x, w + t);
    let d = clamp_to!(w * 2, -5, 5);
    (diff, c, x + t, d)
}"#,
            "[[3, 1], [-2, 9], [0, -1]]",
        ),
        // A macro defined in the function that uses it, with an `ident`
        // fragment it assigns and a `+` repetition.
        case(
            "macro_in_function",
            r#"pub fn macro_in_function(xs: Vec<i64>) -> i64 {
    macro_rules! add_all {
        ($acc:ident; $($e:expr),+) => { $($acc += $e;)+ };
    }
    let mut total = 0;
    for x in xs.iter() {
        add_all!(total; *x, 1);
    }
    total
}"#,
            "[[[1, 2, 3]], [[]]]",
        ),
        // Fragments other than expressions: a type after `=>`, token trees
        // picked by a keyword of the matcher.
        case(
            "macro_fragments",
            r#"macro_rules! widen {
    ($v:expr => $t:ty) => { $v as $t };
}
macro_rules! pick {
    (first $a:tt $b:tt) => { $a };
    (second $a:tt $b:tt) => { $b };
}
pub fn macro_fragments(a: i32, b: u8) -> (i64, i32, u8) {
    let w = widen!(a => i64) * 3;
    (w, pick!(first a b), pick!(second a b))
}"#,
            "[[5, 2], [-7, 255]]",
        ),
        // Macros that write items, expanded before the items are read, as
        // rustc does: methods into an `impl`, functions at the top level
        // (a repetition of them), called by the code around them.
        case(
            "macro_items",
            r#"macro_rules! getter {
    ($name:ident, $bit:expr) => {
        fn $name(&self) -> bool {
            self.bits & (1 << $bit) != 0
        }
    };
}
macro_rules! square_fns {
    ($($name:ident: $t:ty),*) => {
        $(
            fn $name(x: $t) -> $t {
                x * x
            }
        )*
    };
}
pub fn macro_items(k: i32) -> (bool, bool, i64, i32) {
    let f = Flags { bits: k };
    (f.low(), f.second(), square_i64(k as i64), square_i32(k - 3))
}
pub struct Flags {
    bits: i32,
}
impl Flags {
    getter!(low, 0);
    getter!(second, 1);
}
square_fns!(square_i64: i64, square_i32: i32);"#,
            "[[3], [2], [-8]]",
        ),
        // `impl Error` without methods writes nothing: its methods are
        // std's defaults (a call of one is declined as undeclared).
        case(
            "error_impl",
            r#"pub fn error_impl(code: u32) -> String {
    let e = ParseError { code };
    format!("{}", e)
}
#[derive(Debug)]
pub struct ParseError {
    code: u32,
}
impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "error {}", self.code)
    }
}
impl std::error::Error for ParseError {}"#,
            "[[1], [404]]",
        ),
        // A trait of signatures with an associated type: the trait has no
        // code, and each `impl` names its own type.
        case(
            "assoc_output",
            r#"pub fn assoc_output(k: u32) -> u64 {
    let w = Wide { n: k };
    w.widen() + 1
}
pub trait Widen {
    type Output;
    fn widen(&self) -> Self::Output;
}
pub struct Wide {
    n: u32,
}
impl Widen for Wide {
    type Output = u64;
    fn widen(&self) -> u64 {
        self.n as u64 * 2
    }
}"#,
            "[[1], [7]]",
        ),
        // `size_of::<T>()` of a primitive type: its size, a constant
        // (`usize` 64 bits wide).
        case(
            "size_of_types",
            r#"pub fn size_of_types(k: usize) -> (usize, usize, usize, usize) {
    use std::mem;
    const WORD: usize = core::mem::size_of::<usize>();
    (std::mem::size_of::<u32>() * k, WORD, mem::size_of::<char>(), std::mem::size_of::<i128>() + k)
}"#,
            "[[0], [3]]",
        ),
        // A macro's own locals renamed apart from the caller's keep the
        // fields their shorthand names (`P { v, w }` is `P { v: v_1, .. }`).
        case(
            "macro_shorthand",
            r#"pub struct P {
    v: i64,
    w: i64,
}
macro_rules! make_p {
    ($v:expr) => {{
        let v = $v + 1;
        let w = v * 2;
        P { v, w }
    }};
}
pub fn macro_shorthand(v: i64) -> (i64, i64, i64) {
    let w = 100;
    let p = make_p!(v);
    let q = make_p!(w);
    (p.v, p.w, q.v + q.w + v + w)
}"#,
            "[[1], [-4]]",
        ),
        // `matches!`, a `macro_rules!` macro in std too, expanded as std
        // defines it: ranges, alternatives, a guard.
        case(
            "matches_macro",
            r#"pub fn matches_macro(k: i32, c: char) -> (bool, bool, bool) {
    let small = matches!(k, 0..=9);
    (small, matches!(c, 'a' | 'e' | 'i'), matches!(k, x if x % 2 == 0))
}"#,
            r#"[[3, "a"], [12, "b"], [-4, "i"]]"#,
        ),
        // An enum's variants holding values a write changes in place (a
        // `Vec`, a struct): the enum owns them, and a write through a
        // `match` binding changes the enum's own, as Rust's does.
        case(
            "enum_holding_owned",
            r#"pub struct Cell {
    pub n: i64,
}
pub enum Node {
    Leaf(Cell),
    Many(Vec<i64>),
    Empty,
}
fn total(node: &Node) -> i64 {
    match node {
        Node::Leaf(c) => c.n,
        Node::Many(v) => v.iter().sum(),
        Node::Empty => -1,
    }
}
pub fn enum_holding_owned(k: i64) -> (i64, i64, i64) {
    let mut a = Node::Leaf(Cell { n: k });
    let items = vec![k, 1];
    let mut b = Node::Many(items);
    let c = Node::Empty;
    if let Node::Leaf(c) = &mut a {
        c.n += 2;
    }
    for x in [3, k] {
        match &mut b {
            Node::Many(v) => v.push(x),
            _ => {}
        }
    }
    (total(&a), total(&b), total(&c))
}"#,
            "[[1], [-5]]",
        ),
        // A variant named as a Python keyword (`None`, `True`):
        // `Slot.None_` in Python, whose tag stays `None`.
        case(
            "keyword_variant",
            r#"#[derive(Debug, Default)]
pub enum Slot {
    #[default]
    None,
    One(i64),
    True,
}
pub fn keyword_variant(k: i64) -> (i64, bool, bool) {
    let s = if k > 0 { Slot::One(k) } else if k < 0 { Slot::True } else { Slot::default() };
    let n = match &s {
        Slot::None => 0,
        Slot::One(v) => *v,
        Slot::True => -1,
    };
    let t = Slot::None;
    (n, matches!(t, Slot::None), matches!(s, Slot::None))
}"#,
            "[[0], [4], [-2]]",
        ),
        // `&`, `|`, `^` and `>>` of `u32` past 2^31 and of the 64-bit
        // types past 2^32 (JavaScript's operators give 32 bits, signed),
        // and their updates; `>>` of a `u8`; `<<` of the 64-bit types
        // (within the 2^53 a number holds).
        case(
            "wide_bit_operators",
            r#"pub fn wide_bit_operators(a: u32, b: u32, x: u64, y: i64) -> ((u32, u32, u32, u32, u32), (u64, u64, u64), (i64, i64, u8), (u64, u64, i64)) {
    let mut m = a;
    m |= 0x8000_0000;
    m >>= 1;
    let mut w = x;
    w ^= 0xff_ffff_ffff;
    let c = b as u8;
    let mut s = x >> 20;
    s <<= 3;
    ((a & b, a | b, a ^ b, a >> 3, m), (x & 0xff_ffff_ffff, x | (x >> 7), w), (y >> 2, y & -16, c >> 1), (s, (x >> 12) << 8, (y >> 20) << 5))
}"#,
            "[[4294967295, 2863311530, 4503599627370495, -1234567890123], [2147483648, 1, 123456789012, 77]]",
        ),
    ]
}

#[test]
fn rust_to_python_agrees_on_every_construct() {
    check(Lang::Python, &cases());
}

#[test]
fn rust_to_javascript_agrees_on_every_construct() {
    check(Lang::JavaScript, &cases());
}

#[test]
fn rust_to_python_raises_where_rust_panics() {
    check_panics(Lang::Python, &panicking_cases());
}

#[test]
fn rust_to_javascript_throws_where_rust_panics() {
    check_panics(Lang::JavaScript, &panicking_cases());
}

/// Shifts JavaScript's 32-bit `<<` cannot take (of `u64`, and `<<=` of a
/// narrower type) still keep Rust's width in Python.
/// `len()` of a string is its UTF-8 bytes, written plainly where the
/// string is an ASCII literal or one the function slices by byte.
#[test]
fn string_len_counts_bytes_and_stays_plain_where_it_may() {
    let source = "pub fn f(s: &str, t: &str) -> usize {\n    s.len() + t.len() + \"ab\".len() + t.get(0..1).unwrap().len()\n}";
    let py = translate(Lang::Rust, Lang::Python, source, None).expect("translated");
    assert!(py.contains("len(s.encode())"), "{py}");
    assert!(
        py.contains("len(t) +") && py.contains("len(\"ab\")"),
        "{py}"
    );
    let js = translate(Lang::Rust, Lang::JavaScript, source, None).expect("translated");
    assert!(
        js.contains("rsUtf8Len(s)") && js.contains("t.length"),
        "{js}"
    );
}

#[test]
fn rust_to_python_shifts_keep_the_width_of_wide_and_updated_ints() {
    check(
        Lang::Python,
        &[case(
            "wide_shifts",
            "pub fn wide_shifts(a: u64, b: i64, c: i16, n: u32) -> (u64, i64, i16) {\n    let n = n % 64;\n    let mut c = c;\n    c <<= n % 16;\n    (a << n, b << n, c)\n}",
            "[[3, 3, 3, 63], [18446744073709551615, -1, -1, 1], [1, 9223372036854775807, 255, 9]]",
        )],
    );
}

/// `!` of the unsigned types wider than JavaScript's 32-bit operators keeps
/// Rust's width in Python.
#[test]
fn rust_to_python_not_keeps_the_width_of_wide_unsigned_ints() {
    check(
        Lang::Python,
        &[case(
            "wide_not",
            "pub fn wide_not(a: u64, b: usize, c: u128) -> (u64, usize, u128) {\n    (!a, !b, !c)\n}",
            "[[0, 0, 0], [18446744073709551615, 1, 5], [1, 18446744073709551615, 0]]",
        )],
    );
}

#[test]
fn rust_std_methods_decline_where_the_targets_may_differ() {
    // JavaScript's numbers hold 53 bits: a 64-bit wrapping sum, a 32-bit
    // product and a 64-bit type's greatest value are past them.
    declines(
        "fn f(a: u64) -> u64 {\n    a.wrapping_mul(31)\n}",
        "`wrapping_mul` of a 64-bit integer",
    );
    declines(
        "fn f(a: i32) -> i32 {\n    a.wrapping_mul(31)\n}",
        "`wrapping_mul` of a 32-bit integer",
    );
    declines(
        "fn f(a: u64) -> u64 {\n    a.wrapping_add(1)\n}",
        "`wrapping_add` of a 64-bit integer",
    );
    declines(
        "fn f(a: i64) -> i64 {\n    a.saturating_add(1)\n}",
        "`saturating_add` of a 64-bit integer",
    );
    declines(
        "fn f(a: usize) -> Option<usize> {\n    a.checked_add(1)\n}",
        "`checked_add` of a 64-bit integer",
    );
    // `e?` moves `e` before its statement, so what the statement
    // evaluates before it must not see the difference, and it must run
    // each time the statement does.
    declines(
        "fn f(v: &mut Vec<i32>) -> Option<i32> {\n    Some(v.len() as i32 + v.pop()?)\n}",
        "`?` after an operand that may run code or change what it reads",
    );
    declines(
        "pub struct C {\n    n: i32,\n}\nimpl C {\n    fn bump(&mut self) -> Option<i32> {\n        self.n += 1;\n        Some(self.n)\n    }\n    fn f(&mut self) -> Option<i32> {\n        Some(self.n + self.bump()?)\n    }\n}",
        "`?` after an operand that may run code or change what it reads",
    );
    // A `Copy` receiver is read before `e?` runs, which may change it.
    declines(
        "pub struct S {\n    count: i32,\n    items: Vec<i32>,\n}\nimpl S {\n    fn next(&mut self) -> Option<i32> {\n        self.count += 10;\n        self.items.pop()\n    }\n    fn f(&mut self) -> Option<i32> {\n        Some(self.count.max(self.next()?))\n    }\n}",
        "`?` after an operand that may run code or change what it reads",
    );
    declines(
        "fn f(v: Vec<i32>, n: i32) -> Option<i32> {\n    if n > 0 && v.first()? > &0 {\n        return Some(1);\n    }\n    None\n}",
        "`?` inside a condition",
    );
    declines(
        "fn f(v: Vec<Vec<i32>>) -> Option<i32> {\n    let s: Vec<i32> = v.iter().map(|w| w.first()? + 1).collect();\n    Some(s[0])\n}",
        "`?` inside a closure",
    );
    declines(
        "fn f(v: Vec<i32>) -> i32 {\n    let a = v.first()?;\n    *a\n}",
        "`?` in a function returning",
    );
    declines(
        "fn f(v: Vec<(i32, i32)>) -> i32 {\n    let Some((a, b)) = v.first() else {\n        return 0;\n    };\n    a + b\n}",
        "`let ... else` other than `let Some(x) = e else`",
    );
    // A `Result` is a pair: `==` and printing would compare and print the
    // pair; `?` that converts the error runs a `From` the engine does not
    // see.
    declines(
        "fn f(a: Result<i32, String>, b: Result<i32, String>) -> bool {\n    a == b\n}",
        "`==`",
    );
    declines(
        "fn f(a: Result<i32, String>) -> String {\n    format!(\"{:?}\", a)\n}",
        "struct value printed",
    );
    declines(
        "fn f(a: Result<Vec<i32>, u8>, b: Result<Vec<i32>, u8>) {\n    assert_eq!(a, b);\n}",
        "`assert_eq!` of `Result`s holding values compared otherwise",
    );
    // `?` converting the error through a `From` the file does not declare.
    declines(
        "fn f(a: Result<i32, u8>) -> Result<i32, u32> {\n    let x = a?;\n    Ok(x)\n}",
        "`?` converting the error",
    );
    declines(
        "fn f(a: Result<i32, u8>) -> i32 {\n    a.map(|x| x + 1).unwrap_or(0)\n}",
        "iterating a value of type result",
    );
    // A `Copy` struct's `&mut self` methods give back the new value, which
    // a `&mut` parameter could not hand on to the caller.
    declines(
        "#[derive(Clone, Copy)]\npub struct C {\n    x: i32,\n}\nfn f(c: &mut C) {\n    c.x += 1;\n}",
        "`&mut` parameter of type C",
    );
    // A block's constant is bound first, as a local: a nested `fn` would
    // not see it, a constant read before its declaration would be
    // unbound, and as a pattern it compares where the local would bind.
    declines(
        "fn f(n: u32) -> u32 {\n    const K: u32 = 3;\n    fn g(n: u32) -> u32 {\n        n + K\n    }\n    g(n)\n}",
        "`const` item in a block with a nested `fn`",
    );
    declines(
        "fn f(n: u32) -> u32 {\n    const A: u32 = B + 1;\n    const B: u32 = 2;\n    n + A\n}",
        "`const` reading a constant declared after it",
    );
    declines(
        "fn f(n: u32) -> u32 {\n    const K: u32 = 3;\n    match n {\n        K => 1,\n        _ => 0,\n    }\n}",
        "a block's `const` used as a pattern",
    );
    // Operands read twice must be names, fields or literals.
    declines(
        "fn f(v: Vec<i32>) -> Option<i32> {\n    v[0].checked_add(1)\n}",
        "`checked_add` of an operand that is not a name, field or literal",
    );
    declines(
        "fn f(a: i32) -> i32 {\n    a.div_euclid(a + 1)\n}",
        "`div_euclid` of an operand that is not a name, field or literal",
    );
    declines(
        "fn f(a: i128) -> i128 {\n    a.rem_euclid(3)\n}",
        "a 128-bit integer",
    );
    declines(
        "fn f(v: Vec<Option<i32>>) -> bool {\n    v.first().is_some()\n}",
        "`first()` of a list of",
    );
    declines(
        "fn f(s: &str) -> Option<usize> {\n    s.find(char::is_whitespace)\n}",
        "`find` of an operand that is not a name, field or literal",
    );
    declines(
        "fn f(s: &str) -> bool {\n    s.strip_prefix(|c: char| c.is_ascii_digit()).is_some()\n}",
        "`strip_prefix` of an operand that is not a name, field or literal",
    );
    declines(
        "fn f(c: char, r: u32) -> Option<u32> {\n    c.to_digit(r)\n}",
        "`to_digit` of a radix that is not a literal from 2 to 36",
    );
}

#[test]
fn rust_constructs_the_engine_does_not_know_are_declined_with_their_line() {
    declines(
        "extern \"C\" fn f(x: i32) -> i32 {\n    x\n}",
        "`extern \"C\"` function",
    );
    // `u128::MAX` is past the `i128` the engine's integers hold.
    declines("fn f() -> u128 {\n    u128::MAX\n}", "`u128::MAX`");
    // `lines()` of bytes is `BufRead`'s (items `io::Result<String>`), not
    // `str`'s.
    declines(
        "fn f(b: &[u8]) -> usize {\n    b.lines().count()\n}",
        "method `lines` of list[u8]",
    );
    // An `impl` for `&'a S` gives `S` its methods; one for `&'a mut S`
    // (whose methods may change the caller's struct) does not.
    declines(
        "pub struct S(Vec<u8>);\nimpl<'a> IntoIterator for &'a mut S {\n    type Item = &'a mut u8;\n    type IntoIter = std::slice::IterMut<'a, u8>;\n    fn into_iter(self) -> Self::IntoIter {\n        self.0.iter_mut()\n    }\n}",
        "`impl` for `&'a mut S`, a `&mut` reference",
    );
    declines(
        "pub struct C(u8);\nimpl Iterator for C {\n    type Item = u8;\n    fn next(&mut self) -> Option<u8> {\n        None\n    }\n}\nfn f(c: C) -> u8 {\n    let mut s = 0;\n    for (_, x) in c.enumerate() {\n        s += x;\n    }\n    s\n}",
        "`enumerate()` of an iterator struct bound other than to `(i, x)`",
    );
    // `==` of structs is by value only where `PartialEq` is derived all
    // the way down: not of a float field (`NaN`; Python's `==` of lists
    // takes an item as equal to itself), nor of a hand-written `eq`.
    declines(
        "#[derive(PartialEq)]\npub struct P(f64);\nfn f(a: P, b: P) -> bool {\n    a == b\n}",
        "`==` between struct values",
    );
    declines(
        "pub struct P(u8);\nimpl PartialEq for P {\n    fn eq(&self, o: &P) -> bool {\n        self.0 % 2 == o.0 % 2\n    }\n}\nfn f(a: P, b: P) -> bool {\n    a != b\n}",
        "`!=` between struct values",
    );
    declines(
        "#[derive(PartialEq)]\npub struct Q(u8);\n#[derive(PartialEq)]\npub struct P(Q, Inner);\npub struct Inner(u8);\nfn f(a: P, b: P) -> bool {\n    a == b\n}",
        "`==` between struct values",
    );
    // `.into()` with no type declared is the parameter itself only while
    // the name is the `impl Into<T>` parameter: a shadowing `W`'s
    // `.into()` may be any `From<W>`, which Rust infers from the use.
    declines(
        "pub struct W(pub u8);\nimpl From<u8> for W {\n    fn from(x: u8) -> Self {\n        W(x)\n    }\n}\nimpl From<bool> for W {\n    fn from(x: bool) -> Self {\n        W(x as u8)\n    }\n}\nfn f(w: impl Into<W>) -> u8 {\n    let w: W = w.into();\n    let v = w.into();\n    g(v)\n}\nfn g(w: W) -> u8 {\n    w.0\n}",
        "method `into` of `W`",
    );
    // A type parameter is erased (see
    // `a_generic_function_is_translated_with_its_type_parameters_erased`):
    // a value of it may be an integer of any width or a struct, so what
    // asks for its type is declined; a static call through it picks an
    // `impl` by the type.
    declines(
        "fn f<T: Clone + Default>(x: T) -> T {\n    x.clone()\n}",
        "`clone()` of T",
    );
    declines(
        "fn f<B>(n: usize) -> usize\nwhere\n    B: BitBlock,\n{\n    n / B::bits()\n}",
        "call to `B::bits`",
    );
    // Two bounds, one of them a closure trait: not only called.
    declines(
        "fn f<F: Fn(i32) -> i32 + Copy>(g: F) -> i32 {\n    g(1)\n}",
        "calling `g`, which is not a function",
    );
    declines(
        "fn f<const N: usize>(x: [u8; N]) -> usize {\n    N\n}",
        "generic function: `const N: usize`",
    );
    declines(
        "fn f(x: impl Into<u32>) -> u32 {\n    x.into()\n}",
        "type `impl Into<u32>`",
    );
    // The Alphabetic property has no Python test (`isalpha` is the
    // letters); JavaScript has it.
    let alphabetic = "fn f(c: char) -> bool {\n    c.is_alphabetic()\n}";
    let reason = translate(Lang::Rust, Lang::Python, alphabetic, None)
        .expect_err("`is_alphabetic` is declined to Python");
    assert!(
        reason.contains("`is_alphabetic` (the Alphabetic property"),
        "{reason}"
    );
    let js = translate(Lang::Rust, Lang::JavaScript, alphabetic, None).expect("translated");
    assert!(js.contains(r"/^\p{Alphabetic}$/u.test(c)"), "{js}");
    declines("fn f(x: &mut i32) {\n    *x += 1;\n}", "`&mut` parameter");
    // Objects are references: a `Copy` struct copied by `let q = p;` and
    // then written would be written through both names.
    let copy_point = "#[derive(Clone, Copy)]\nstruct P {\n    x: i32,\n}\n";
    // `let mut q = p;` then stores into `q` copies `p` at the binding
    // (case `copy_local`), where `q` is not shared after it: here `r`
    // holds it whole.
    declines(
        &format!(
            "fn f(p: P) -> i32 {{\n    let mut q = p;\n    let r = q;\n    q.x = 1;\n    r.x\n}}\n{copy_point}"
        ),
        "store into a field of a `Copy` struct",
    );
    // Inside a loop the `let` would copy once per round: taken only
    // directly in the function's body.
    declines(
        &format!(
            "fn f(p: P) -> i32 {{\n    let mut t = 0;\n    for _ in 0..2 {{\n        let mut q = p;\n        q.x += 1;\n        t += q.x;\n    }}\n    t\n}}\n{copy_point}"
        ),
        "store into a field of a `Copy` struct",
    );
    // Only a unit struct is taken under `#[cfg(doctest)]` (case
    // `doctest_holder`): one with fields may stand beside another item of
    // its name under `#[cfg(not(doctest))]`.
    declines(
        "#[cfg(doctest)]\nstruct S {\n    x: i32,\n}",
        "attribute `#[cfg(doctest)]` of a struct",
    );
    // A `&mut self` method of a `Copy` struct returns the new value (case
    // `copy_update`), which leaves no room for a result or an early
    // `return`, and is reached only through its operator (`p |= q`): a
    // call by name would drop the value.
    declines(
        &format!(
            "{copy_point}impl P {{\n    fn set(&mut self) -> i32 {{\n        self.x = 1;\n        self.x\n    }}\n}}"
        ),
        "`&mut self` method of a `Copy` struct with a result",
    );
    declines(
        &format!(
            "{copy_point}impl P {{\n    fn set(&mut self, v: i32) {{\n        if v < 0 {{\n            return;\n        }}\n        self.x = v;\n    }}\n}}"
        ),
        "`return` in a `&mut self` method of a `Copy` struct",
    );
    declines(
        &format!(
            "{copy_point}impl P {{\n    fn set(&mut self) {{\n        self.x = 1;\n    }}\n}}\nfn f(mut p: P) -> i32 {{\n    p.set();\n    p.x\n}}"
        ),
        "`&mut self` method `set` of a `Copy` struct",
    );
    // With stores into its fields the method works on a copy, which must
    // stay unshared: `self` whole as a method's receiver is declined.
    declines(
        &format!(
            "{copy_point}impl P {{\n    fn get(&self) -> i32 {{\n        self.x\n    }}\n    fn bump(&mut self) {{\n        self.x = 1;\n        self.x = self.get();\n    }}\n}}"
        ),
        "`self` used whole in a `&mut self` method of a `Copy` struct",
    );
    // `v[i] |= q` reads and stores the place twice: a name or a field
    // chain only.
    declines(
        &format!(
            "{copy_point}impl std::ops::AddAssign for P {{\n    fn add_assign(&mut self, o: P) {{\n        self.x += o.x;\n    }}\n}}\nfn f(mut v: Vec<P>, q: P) -> i32 {{\n    v[0] += q;\n    v[0].x\n}}"
        ),
        "`+=` of a struct into a computed place",
    );
    // A `mut self` method works on a fresh copy of `self`, which must stay
    // unshared while its fields change: `self` used whole (bound, passed,
    // a method's receiver) is declined, as is a store into a field of a
    // field, which the copy shares with the caller's value.
    declines(
        &format!(
            "{copy_point}impl P {{\n    fn twice(mut self) -> (P, P) {{\n        let a = self;\n        self.x = 1;\n        (a, self)\n    }}\n}}"
        ),
        "`self` used whole in a `mut self` method of a `Copy` struct",
    );
    declines(
        &format!(
            "{copy_point}impl P {{\n    fn get(&self) -> i32 {{\n        self.x\n    }}\n    fn bump(mut self) -> i32 {{\n        self.x = 1;\n        self.get()\n    }}\n}}"
        ),
        "`self` used whole in a `mut self` method of a `Copy` struct",
    );
    // An associated constant is one object shared by every use: a value
    // that may be changed in place (a `Vec`, a non-`Copy` struct) is not.
    declines(
        "struct S {\n    n: i32,\n}\nimpl S {\n    const EMPTY: Vec<i32> = Vec::new();\n    fn n(&self) -> i32 {\n        self.n\n    }\n}",
        "associated `const EMPTY` of type",
    );
    declines(
        &format!(
            "{copy_point}#[derive(Clone, Copy)]\nstruct Q {{\n    p: P,\n}}\nimpl Q {{\n    fn set(mut self) -> Q {{\n        self.p.x = 1;\n        self\n    }}\n}}"
        ),
        "store into a field of a `Copy` struct",
    );
    // Objects compare, hash and print by identity.
    declines(
        &format!("fn f(p: P, q: P) -> bool {{\n    p == q\n}}\n{copy_point}"),
        "`==` between struct values",
    );
    declines(
        &format!("fn f(p: P) -> String {{\n    format!(\"{{:?}}\", p)\n}}\n{copy_point}"),
        "struct value printed",
    );
    declines(
        &format!("fn f(p: P) -> HashSet<P> {{\n    HashSet::new()\n}}\n{copy_point}"),
        "key of struct type",
    );
    declines(
        &format!("fn f(p: P) -> P {{\n    p.clone()\n}}\n{copy_point}"),
        "method `clone` of `P`",
    );
    // A `const` parameter changes the type's values (not erased).
    declines(
        "struct S<const N: usize> {\n    x: u32,\n}",
        "generic struct: parameter `const N: usize`",
    );
    // Rust calls `drop` at the end of a scope, where the source shows no
    // call.
    declines(
        "struct S {\n    x: i32,\n}\nimpl Drop for S {\n    fn drop(&mut self) {\n        self.x = 0;\n    }\n}",
        "`impl Drop`",
    );
    // An inherent method wins over a trait's of the same name in Rust; the
    // class has one namespace.
    let two_m = "struct S {\n    x: i32,\n}\ntrait T {\n    fn m(&self) -> i32;\n}\nimpl S {\n    fn m(&self) -> i32 {\n        1\n    }\n}\nimpl T for S {\n    fn m(&self) -> i32 {\n        2\n    }\n}\n";
    declines(two_m, "which another `impl` of `S` declares too");
    // A default method reaches the implementing type's associated
    // functions only through `Self::`, which the trait does not know.
    declines(
        "trait T {\n    fn m() -> i32 {\n        1\n    }\n}",
        "default associated function `m` of a trait",
    );
    // `fmt` may read the formatter's flags, which the targets' `__str__`/
    // `toString` are not given (writing more than once is translated: see
    // the case `display_in_steps`).
    let display = "struct D;\nimpl std::fmt::Display for D {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {\n        f.write_str(\"d\")\n    }\n}\n";
    declines(
        &format!("{display}fn g(d: D) -> String {{\n    format!(\"{{:?}}\", d)\n}}"),
        "struct value printed with `{:?}`",
    );
    declines(
        "struct D;\nimpl std::fmt::Display for D {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {\n        write!(f, \"a\")?;\n        if f.width().is_some() {\n            return Ok(());\n        }\n        write!(f, \"b\")\n    }\n}",
        "`f.width()` of the `Formatter`",
    );
    // Regression: a write whose value is dropped wrote text the method
    // would not return.
    declines(
        "struct D;\nimpl std::fmt::Display for D {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {\n        write!(f, \"a\");\n        f.write_str(\"b\")\n    }\n}",
        "`fmt` writing other than as its result",
    );
    declines(
        "struct S {\n    x: i32,\n}\nfn f(b: S) -> S {\n    S { ..b }\n}",
        "`..base` in a struct literal",
    );
    declines(
        "fn f(v: Vec<i32>) -> Result<i32, String> {\n    let x = g(&v).map_err(|e| e + \"!\")?;\n    Ok(x)\n}\nfn g(v: &[i32]) -> Result<i32, String> {\n    Ok(v[0])\n}",
        "method `map_err` of a `Result`",
    );
    // Rust prints `1.0` as `1`; Python as `1.0`.
    declines(
        "fn f(x: f64) -> String {\n    format!(\"{}\", x)\n}",
        "float",
    );
    // Reversing a mapped iterator would run the map in another order.
    declines(
        "fn f(v: Vec<i32>) -> Vec<i32> {\n    v.iter().map(|x| x + 1).rev().collect()\n}",
        "`rev()` after `map`",
    );
    declines("fn f(v: Vec<i32>) -> i32 {\n    let mut n = 0;\n    'outer: for x in v {\n        n += x;\n        break 'outer;\n    }\n    n\n}", "label");
    // The check `unwrap()` of a name hoists would run before the test.
    declines(
        "fn f(x: Option<i32>, c: bool) -> i32 {\n    if c && x.unwrap() > 0 {\n        1\n    } else {\n        0\n    }\n}",
        "`unwrap()` of an `Option` held in a name, inside a condition",
    );
    declines(
        "fn f(v: Vec<Option<i32>>) -> Vec<i32> {\n    v.iter().map(|x| x.unwrap()).collect()\n}",
        "inside a condition or closure",
    );
}

/// Regression: an iterator adapter's name with arguments the chain rules do
/// not take (`Option::take()`, `map()` with none) sent `method_expr` and
/// `chain` into each other on the same call without end; the stack overflow
/// aborted the whole run (insta's `src/output.rs`, `last_char.take()`).
/// The enum forms the targets' objects do not behave like: an order of
/// variants, their discriminants, data, a variant changed in place.
#[test]
fn rust_enum_forms_the_rules_do_not_take_are_declined() {
    let ordered =
        "#[derive(Clone, Copy, PartialEq, PartialOrd, Eq, Ord)]\nenum E {\n    A,\n    B,\n}\n";
    declines(
        &format!("fn f(a: E, b: E) -> bool {{\n    a < b\n}}\n{ordered}"),
        "`<` between enum values",
    );
    declines(
        &format!(
            "fn f(a: E, b: E) -> bool {{\n    a.cmp(&b) == std::cmp::Ordering::Less\n}}\n{ordered}"
        ),
        "method `cmp` of `E`",
    );
    declines(
        &format!("fn f(a: E, b: E) -> E {{\n    a.max(b)\n}}\n{ordered}"),
        "method `max` of `E`",
    );
    declines(
        &format!("fn f(a: E, b: E) -> E {{\n    std::cmp::max(a, b)\n}}\n{ordered}"),
        "`max` of struct or enum values",
    );
    declines(
        &format!("fn f(mut v: Vec<E>) -> Vec<E> {{\n    v.sort();\n    v\n}}\n{ordered}"),
        "`sort` of E",
    );
    // A negative discriminant as `u128` (no `i128` of the frontend holds
    // the value).
    declines(
        "fn f(a: E) -> u128 {\n    a as u128\n}\n#[repr(i8)]\nenum E {\n    A = -1,\n}\n",
        "`as` from E to u128",
    );
    declines(
        &format!(
            "{ordered}impl E {{\n    fn flip(&mut self) {{\n        *self = E::B;\n    }}\n}}"
        ),
        "`&mut self` method of an enum",
    );
    // An enum with data: what its objects cannot do as Rust's values do.
    let data = "#[derive(Clone, Copy, Debug, PartialEq)]\nenum D {\n    A(i32),\n    B { x: i32 },\n    C,\n}\n";
    // A copy of an enum holding a value a write could change in place
    // would share it where Rust's clone has its own.
    declines(
        "#[derive(Clone)]\nenum E {\n    A(Vec<i32>),\n    B,\n}\nfn f(e: &E) -> E {\n    e.clone()\n}",
        "copy of struct values",
    );
    declines(
        "#[derive(Clone)]\nenum E {\n    A(Vec<i32>),\n    B,\n}\nfn f(e: E) -> Vec<E> {\n    vec![e; 3]\n}",
        "`[x; n]` of struct values",
    );
    // `==` of an enum with data is by value where its `PartialEq` is
    // derived all the way down (case `derived_eq`); not over a float.
    declines(
        "#[derive(Clone, Copy, PartialEq)]\nenum F {\n    A(f64),\n    B,\n}\nfn f(a: F, b: F) -> bool {\n    a == b\n}",
        "`==` between values of F, an enum with data",
    );
    declines(
        &format!("fn f(a: D) -> String {{\n    format!(\"{{:?}}\", a)\n}}\n{data}"),
        "struct value printed",
    );
    declines(
        &format!("fn f(v: Vec<D>, a: D) -> bool {{\n    v.contains(&a)\n}}\n{data}"),
        "`contains` of a struct value",
    );
    declines(
        &format!("fn f(a: D, b: D) {{\n    assert_eq!(a, b);\n}}\n{data}"),
        "`assert_eq!` of D values",
    );
    // The guard would read names the arm binds before they are bound.
    declines(
        &format!("fn f(a: D) -> i32 {{\n    match a {{\n        D::A(x) if x > 0 => x,\n        _ => 0,\n    }}\n}}\n{data}"),
        "guard of an arm that binds a variant's values",
    );
    declines(
        &format!("fn f(a: Option<D>) -> i32 {{\n    match a {{\n        Some(D::A(x)) => x,\n        _ => 0,\n    }}\n}}\n{data}"),
        "pattern inside `Some`",
    );
    declines(
        &format!("fn f(a: (D, i32)) -> i32 {{\n    match a.0 {{\n        D::A(1..=5) => 1,\n        _ => 0,\n    }}\n}}\n{data}"),
        "pattern `1..=5` inside a variant's",
    );
    declines(
        &format!(
            "fn f(v: Vec<i32>) -> Vec<D> {{\n    v.into_iter().map(D::A).collect()\n}}\n{data}"
        ),
        "function passed by name",
    );
    // A generic enum is erased, but a copy of one holding a parameter's
    // value (which may be a `Vec`) shares it, and an `Option` of the
    // parameter is declined as anywhere.
    declines(
        "#[derive(Clone)]\nenum E<T> {\n    A,\n    B(T),\n}\nfn f(e: &E<Vec<u8>>) -> E<Vec<u8>> {\n    e.clone()\n}",
        "copy of struct values",
    );
    declines(
        "enum E<T> {\n    A(Option<T>),\n}",
        "`Option` of the type parameter `T`",
    );
    // `from` is `from_` in Python: a class with both is declined.
    declines(
        "struct S {\n    x: i32,\n}\nimpl S {\n    fn from(x: i32) -> S {\n        S { x }\n    }\n    fn from_(x: i32) -> S {\n        S { x }\n    }\n}",
        "method named `from",
    );
    declines(
        "enum E {\n    A = 1 << 2,\n    B = 2,\n}",
        "explicit discriminant of variant `A`",
    );
    declines(
        "#[derive(Serialize)]\nenum E {\n    A,\n}",
        "derive `Serialize` of an enum",
    );
    // `use E::*` lets a pattern name a variant bare, which a binding
    // pattern would not test.
    declines(
        "use E::*;\nfn f(e: E) -> i32 {\n    match e {\n        A => 1,\n        B => 2,\n    }\n}\nenum E {\n    A,\n    B,\n}",
        "variant `A` named bare in a pattern",
    );
    // A derived `Debug` of a variant ignores width and fill; `{}` needs
    // an `impl Display`.
    declines(
        &format!("fn f(a: E) -> String {{\n    format!(\"{{:>4?}}\", a)\n}}\n{ordered}"),
        "enum value printed with `{:>4?}`",
    );
    declines(
        &format!("fn f(a: E) -> String {{\n    format!(\"{{}}\", a)\n}}\n{ordered}"),
        "enum value printed with `{}`",
    );
}

#[test]
fn adapter_names_the_chain_rules_do_not_take_are_declined_not_recursed() {
    declines(
        "fn f(s: &str) -> bool {\n    let mut last = None;\n    for c in s.chars() {\n        if last.take() == Some('\\r') {\n            return true;\n        }\n        last = Some(c);\n    }\n    false\n}",
        "`take()` with 0 arguments",
    );
    declines(
        "fn f(v: Vec<i32>) -> Vec<i32> {\n    v.iter().map().collect()\n}",
        "`map()` with 0 arguments",
    );
    declines(
        "fn f(v: Vec<i32>) -> usize {\n    v.iter().skip(1, 2).count()\n}",
        "`skip()` with 2 arguments",
    );
}

/// Generated Rust nested `depth` levels deep, one unit per kind of nesting:
/// blocks, expressions, closures, `match` arms, types and macros.
fn deeply_nested_units(depth: usize) -> Vec<(&'static str, String)> {
    let nest = |open: &str, inner: &str, close: &str| {
        format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
    };
    vec![
        (
            "blocks",
            format!("fn f() -> i32 {{\n    {}\n}}", nest("{ ", "1", " }")),
        ),
        (
            "expressions",
            format!(
                "fn f(x: i32) -> i32 {{\n    {}\n}}",
                nest("(x + ", "1", ")")
            ),
        ),
        (
            "closures",
            format!(
                "fn f() -> i32 {{\n    let g = {};\n    1\n}}",
                nest("|x: i32| ", "x", "")
            ),
        ),
        (
            "match arms",
            format!(
                "fn f(x: i32) -> i32 {{\n    {}\n}}",
                nest("match x { 0 => ", "1", ", _ => 2 }")
            ),
        ),
        (
            "types",
            format!(
                "fn f(v: {}) -> usize {{\n    v.len()\n}}",
                nest("Vec<", "i32", ">")
            ),
        ),
        (
            "macros",
            format!(
                "fn f() -> usize {{\n    {}.len()\n}}",
                nest("vec![", "1", "]")
            ),
        ),
    ]
}

/// Issue 12's promise that no input crashes the process: each walk the
/// Rust frontend, the analysis, the backends and the printers make recurses
/// per level, so 10,000 levels (far past what a debug build's stack holds)
/// must be declined by the depth check before any walk starts, naming the
/// nesting and its line, in both directions.
#[test]
fn rust_nested_ten_thousand_levels_deep_is_declined_naming_the_depth() {
    for (kind, source) in deeply_nested_units(10_000) {
        // The parameter's type is on the signature's line; the rest nest
        // in the body.
        let line = if kind == "types" { 1 } else { 2 };
        for to in [Lang::Python, Lang::JavaScript] {
            match translate(Lang::Rust, to, &source, None) {
                Ok(_) => panic!("{kind} to {to:?}: translated 10,000 levels"),
                Err(reason) => assert!(
                    reason.contains(&format!("nested deeper than 1000 levels at line {line}")),
                    "{kind} to {to:?}: decline `{reason}` does not name the depth and line"
                ),
            }
        }
    }
}

/// `impl Error` without methods writes nothing (test case `error_impl`),
/// so a call of one of std's default methods on the type is declined as
/// undeclared rather than written as a call the class does not answer.
#[test]
fn a_default_method_of_std_error_is_declined_where_called() {
    declines(
        "use std::error::Error;\n#[derive(Debug)]\npub struct E;\nimpl std::fmt::Display for E {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {\n        write!(f, \"e\")\n    }\n}\nimpl Error for E {}\npub fn f(e: E) -> bool {\n    e.source().is_none()\n}",
        "method `source` of `E`",
    );
}

/// What `macro_rules!` expansion does not take is declined, naming the
/// macro and why: statements where a value is wanted inside an expression,
/// a macro that expands to itself without end (bounded, not run until
/// memory runs out), a definition the expander does not read.
#[test]
fn macro_expansions_the_rules_do_not_take_are_declined() {
    for (source, construct) in [
        (
            "macro_rules! twice {\n    ($x:expr) => {{ let y = $x; y * 2 }};\n}\npub fn f(a: i64) -> i64 {\n    1 + twice!(a)\n}",
            "`twice!` expanding to statements, used as a value inside an expression",
        ),
        (
            "macro_rules! forever {\n    ($x:expr) => { forever!($x) + 1 };\n}\npub fn f(a: i64) -> i64 {\n    forever!(a)\n}",
            "`forever!` nested in more than 32 macro expansions",
        ),
        (
            "pub fn f(a: i64) -> i64 {\n    a\n}\nmacro_rules! odd {\n    ($x) => { $x };\n}",
            "`macro_rules!` definition: a `$` in a matcher",
        ),
    ] {
        declines(source, construct);
    }
}

/// What the targets cannot follow of `From` dispatch, `Default` and
/// `Ordering` is declined, naming it: two `From` sources that are both
/// numbers at run time, `Default::default()` of a type nothing declares
/// (Rust infers it from later uses), and `{:?}` of an ordering (Rust
/// prints `Less`, the integer standing for it would print `-1`).
#[test]
fn formatter_uses_the_targets_cannot_carry_are_declined() {
    // `{:#}` reaches `fmt` as a flag of the `Formatter`, which
    // `__str__`/`toString` are not given.
    declines(
        "struct A;\nimpl std::fmt::Display for A {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {\n        if f.alternate() {\n            f.write_str(\"#\")?;\n        }\n        Ok(())\n    }\n}\nfn show() -> String {\n    A.to_string()\n}",
        "`f.alternate()` of the `Formatter`",
    );
    // With `Debug` imported, `x.fmt(f)` may be `Debug`'s.
    declines(
        "use std::fmt::Debug;\nstruct A(u8);\nimpl std::fmt::Display for A {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {\n        self.0.fmt(f)?;\n        Ok(())\n    }\n}\nfn show() -> String {\n    A(1).to_string()\n}",
        "`fmt(f)` with a formatting trait other than `Display` imported",
    );
    // A write kept as a value, in a `fmt` that writes in steps: the text
    // written before it would be lost.
    declines(
        "struct A;\nimpl std::fmt::Display for A {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {\n        f.write_str(\"a\")?;\n        let r = write!(f, \"b\");\n        r?;\n        Ok(())\n    }\n}\nfn show() -> String {\n    A.to_string()\n}",
        "a write to the `Formatter` used as a value",
    );
    // `impl Iterator` is no struct of the file the targets could name.
    declines(
        "fn evens(n: u32) -> impl Iterator<Item = u32> {\n    (0..n).filter(|x| x % 2 == 0)\n}",
        "type `impl Iterator<Item = u32>`",
    );
}

#[test]
fn from_impls_defaults_and_orderings_the_targets_cannot_follow_are_declined() {
    declines(
        "struct W(u32);\nimpl From<u8> for W {\n    fn from(x: u8) -> Self {\n        W(x as u32)\n    }\n}\nimpl From<u16> for W {\n    fn from(x: u16) -> Self {\n        W(x as u32)\n    }\n}\n",
        "`impl From<u16> for W` beside `impl From<u8> for W`: the targets cannot tell their values apart at run time (both numbers)",
    );
    declines(
        "fn zero() -> i64 {\n    let mut total = Default::default();\n    total += 5;\n    total\n}",
        "`Default::default()` of a type the unit does not declare",
    );
    declines(
        "struct P {\n    x: i32,\n}\nfn zero() -> i32 {\n    let p: P = Default::default();\n    p.x\n}",
        "`P::default()`, which has no `impl Default` or `#[derive(Default)]`",
    );
    declines(
        "use std::cmp::Ordering;\nfn show(a: i32, b: i32) -> String {\n    let o: Ordering = a.cmp(&b);\n    format!(\"{:?}\", o)\n}",
        "`{:?}` of an `i8` where it may be an `Ordering`",
    );
    declines(
        "use std::cmp::Ordering;\n#[derive(Debug)]\nstruct R {\n    o: Ordering,\n}\nfn show(a: i32, b: i32) -> String {\n    let r = R { o: a.cmp(&b) };\n    format!(\"{:?}\", r)\n}",
        "struct value printed",
    );
    declines(
        "fn f(a: f64, b: f64) -> bool {\n    a.partial_cmp(&b).is_some()\n}",
        "`partial_cmp` of float",
    );
    // `Iterator::cmp` compares item by item: no `<` of the targets does.
    declines(
        "fn f(a: Vec<i32>, b: Vec<i32>) -> bool {\n    a.iter().cmp(b.iter()) == std::cmp::Ordering::Less\n}",
        "`cmp` of an iterator",
    );
}

/// Two `impl From<..> for W` of one file (from `u8` and from the enum
/// `K`, which the targets tell apart at run time) are one dispatching
/// `from` on `W`: both units are translated, and `W::from(..)`, `.into()`
/// and an `impl Into<W>` parameter pick the impl by the argument's kind,
/// a `W` passing as it is. (Was: each unit declined as a clash of `from`,
/// "method `from`, which another `impl` of `W` declares too".)
#[test]
fn several_from_impls_of_one_type_dispatch_on_the_argument() {
    let lib = "pub struct W(pub u8);\n\n#[derive(Clone, Copy)]\npub enum K {\n    A,\n    B,\n}\n\nimpl From<u8> for W {\n    fn from(x: u8) -> Self {\n        W(x)\n    }\n}\n\nimpl From<K> for W {\n    fn from(k: K) -> Self {\n        match k {\n            K::A => W(100),\n            K::B => W(101),\n        }\n    }\n}\n\npub fn level(w: impl Into<W>) -> u8 {\n    let w: W = w.into();\n    w.0\n}\n\npub fn demo(x: u8) -> Vec<u8> {\n    let a = W::from(x);\n    let b: W = K::B.into();\n    let c = W::from(K::A);\n    vec![a.0, b.0, c.0, level(x), level(K::B), level(W(9))]\n}\n";
    let (dir, src) = crate_of(lib);
    let want = run_main(dir.path(), lib, "\"{:?}\", demo(7)").replace(", ", ",");
    assert_eq!(want, "[7,101,100,7,101,9]");
    translate_and_run(
        dir.path(),
        &src,
        "6 units: 6 translated",
        &[
            (
                "py",
                "pkg",
                "import json, pkg\nprint(json.dumps(pkg.demo(7), separators=(',', ':')))\n",
            ),
            ("js", "js", "\nconsole.log(JSON.stringify(demo(7)));\n"),
        ],
        &want,
    );
}

/// An `impl Debug`'s `fmt` is the text it writes, as a `Display` impl's:
/// Python's `__repr__` (what `repr` calls) and Node's
/// `util.inspect.custom` (what `console.log` calls); `x.fmt(f)` of an
/// integer there is `Debug`'s, which prints it as `{}` does.
#[test]
fn a_debug_impl_is_repr_and_node_inspect() {
    let lib = "use std::fmt::{self, Debug};\n\npub struct Bits(pub u8);\n\nimpl Debug for Bits {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {\n        write!(f, \"Bits(\")?;\n        self.0.fmt(f)?;\n        let mut v = self.0;\n        let mut i = 0;\n        while v > 0 {\n            if v % 2 == 1 {\n                write!(f, \":{}\", i)?;\n            }\n            v /= 2;\n            i += 1;\n        }\n        write!(f, \")\")\n    }\n}\n";
    let (dir, src) = crate_of(lib);
    let want = run_main(dir.path(), lib, "\"{:?}\", Bits(37)");
    assert_eq!(want, "Bits(37:0:2:5)");
    translate_and_run(
        dir.path(),
        &src,
        "2 units: 2 translated",
        &[
            ("py", "pkg", "import pkg\nprint(repr(pkg.Bits(37)))\n"),
            ("js", "js", "\nconsole.log(new Bits(37));\n"),
        ],
        &want,
    );
    // `Debug` of a string quotes it: not the `{}` text.
    declines(
        "use std::fmt::{self, Debug};\npub struct N(String);\nimpl Debug for N {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {\n        self.0.fmt(f)?;\n        Ok(())\n    }\n}",
        "`fmt(f)` in an `impl Debug` of a value of type str",
    );
}

/// A writer (`&mut dyn std::io::Write`) in a method returning
/// `std::io::Result<()>`: `write.write_all(s.as_bytes())?` is the target
/// writer's `write` of the string's UTF-8 bytes (a Python binary file, a
/// JavaScript object with a synchronous `write(Uint8Array)`) and `Ok(())`
/// the plain return; run on `io.BytesIO` and an object collecting the
/// bytes, the text written is Rust's. The `impl` also holds an associated
/// constant and a `mut self` method (anstyle's `impl Effects`).
#[test]
fn a_writer_parameter_is_an_object_with_a_write_method() {
    let lib = "#[derive(Clone, Copy)]\npub struct Marks(pub u8);\n\nimpl Marks {\n    pub const ONE: Self = Marks(1);\n\n    pub fn add(mut self, other: Marks) -> Self {\n        self.0 += other.0;\n        self\n    }\n\n    pub fn write_to(self, write: &mut dyn std::io::Write) -> std::io::Result<()> {\n        for i in 0..self.0 {\n            if i % 2 == 0 {\n                write.write_all(\"\u{e9}\".as_bytes())?;\n            } else {\n                let s = format!(\"{}\", i);\n                write.write_all(s.as_bytes())?;\n            }\n        }\n        Ok(())\n    }\n}\n";
    let (dir, src) = crate_of(lib);
    let want = run_main(
        dir.path(),
        lib,
        "\"{}\", { let mut out = Vec::new(); Marks(4).add(Marks::ONE).write_to(&mut out).unwrap(); String::from_utf8(out).unwrap() }",
    );
    assert_eq!(want, "\u{e9}1\u{e9}3\u{e9}");
    translate_and_run(
        dir.path(),
        &src,
        "2 units: 2 translated",
        &[
            (
                "py",
                "pkg",
                "import io, pkg\nb = io.BytesIO()\npkg.Marks(4).add(pkg.Marks.ONE).write_to(b)\nprint(b.getvalue().decode())\n",
            ),
            (
                "js",
                "js",
                "\nconst bytes = [];\nnew Marks(4).add(Marks.ONE).write_to({ write(b) { bytes.push(...b); } });\nconsole.log(new TextDecoder().decode(new Uint8Array(bytes)));\n",
            ),
        ],
        &want,
    );
    // A writer taken by value (`impl std::io::Write`) is the object as it
    // is (regression guard: not converted as an `impl Into<T>` is).
    let owned = "fn emit(mut w: impl std::io::Write) -> std::io::Result<()> {\n    w.write_all(\"a\".as_bytes())?;\n    Ok(())\n}";
    let py = translate(Lang::Rust, Lang::Python, owned, None).expect("translated");
    assert!(
        py.contains("w.write(\"a\".encode())") && !py.contains("from"),
        "{py}"
    );
    let js = translate(Lang::Rust, Lang::JavaScript, owned, None).expect("translated");
    assert!(
        js.contains("w.write(new TextEncoder().encode(\"a\"))") && !js.contains("from"),
        "{js}"
    );
    // Only `write_all(..)?` of a writer is taken: a call of a function
    // returning `std::io::Result` would have its `Result` read or dropped,
    // which an exception does not give.
    declines(
        "fn emit(w: &mut dyn std::io::Write) -> std::io::Result<()> {\n    w.write_all(\"a\".as_bytes())?;\n    Ok(())\n}\nfn twice(w: &mut dyn std::io::Write) {\n    let _ = emit(w);\n}",
        "call of a function returning `std::io::Result`",
    );
    declines(
        "fn emit(w: &mut dyn std::io::Write) -> std::io::Result<()> {\n    w.flush()?;\n    Ok(())\n}",
        "`?` of other than a writer's `write_all`",
    );
}

/// An enum, its `impl` and the functions using it are units of their own:
/// each learns the enum from the symbol table, and the modules written run
/// as the Rust source does.
#[test]
fn an_enum_reaches_the_functions_of_other_units() {
    let (dir, src) = crate_of("#[derive(Clone, Copy, Debug, PartialEq, Eq)]\npub enum Dir {\n    N,\n    E,\n    S,\n    W,\n}\n\nimpl Dir {\n    pub fn turn(self) -> Dir {\n        match self {\n            Dir::N => Dir::E,\n            Dir::E => Dir::S,\n            Dir::S => Dir::W,\n            Dir::W => Dir::N,\n        }\n    }\n}\n\npub fn walk(steps: u32) -> String {\n    let mut d = Dir::N;\n    for _ in 0..steps {\n        d = d.turn();\n    }\n    format!(\"{:?}\", d)\n}\n\npub fn start() -> Dir {\n    Dir::E\n}\n\npub fn is_vertical(d: Dir) -> bool {\n    d == Dir::N || d == Dir::S\n}\n");
    // walk(0), walk(1), walk(2), walk(5), is_vertical(start()),
    // is_vertical(Dir::S) as Rust gives them.
    let want = r#"["N","E","S","E",false,true]"#;
    translate_and_run(
        dir.path(),
        &src,
        "5 units: 5 translated",
        &[
            ("py", "pkg", "import json, pkg\nprint(json.dumps([pkg.walk(0), pkg.walk(1), pkg.walk(2), pkg.walk(5), pkg.is_vertical(pkg.start()), pkg.is_vertical(pkg.Dir.S)], separators=(',', ':')))\n"),
            ("js", "js", "\nconsole.log(JSON.stringify([walk(0), walk(1), walk(2), walk(5), isVertical(start()), isVertical(Dir.S)]));\n"),
        ],
        want,
    );
}

/// Constants (`const`, and `static` without `mut`) are module-level names
/// of the target, written from the glue that declares them (beside an
/// `extern crate` line, which needs no counterpart), and the functions of
/// other units read them with their declared types: the modules written
/// give what the Rust source gives.
#[test]
fn constants_are_module_names_the_functions_read() {
    let lib = "//! Constants.\nextern crate alloc;\n\n/// The most parameters.\npub(crate) const MAX_PARAMS: usize = 3;\npub static GREETING: &str = \"hi\";\nconst HALF: f64 = 0.5;\nconst NEG: i32 = -7;\nconst LOUD: bool = true;\n\npub fn greet(n: usize) -> String {\n    let mut s = String::new();\n    for _ in 0..n.min(MAX_PARAMS) {\n        s.push_str(GREETING);\n    }\n    if LOUD {\n        s.push('!');\n    }\n    s\n}\n\npub fn scaled(x: f64) -> f64 {\n    x * HALF + NEG as f64\n}\n";
    let (dir, src) = crate_of(lib);
    // The same calls in Rust, to say what the translations must print.
    let want = run_main(
        dir.path(),
        lib,
        "\"[{:?},{:?},{:?},{:?}]\", greet(0), greet(2), greet(9), scaled(3.0)",
    );
    assert_eq!(want, r#"["!","hihi!","hihihi!",-5.5]"#);
    translate_and_run(
        dir.path(),
        &src,
        " translated, 0 failed\n",
        &[
            ("py", "pkg", "import json, pkg\nprint(json.dumps([pkg.greet(0), pkg.greet(2), pkg.greet(9), pkg.scaled(3.0)], separators=(',', ':')))\n"),
            ("js", "js", "\nconsole.log(JSON.stringify([greet(0), greet(2), greet(9), scaled(3.0)]));\n"),
        ],
        &want,
    );
}

/// A `static mut` may be assigned by any function: a module-level name of
/// the target would not be the one place Rust's is, so its glue is declined.
#[test]
fn a_static_mut_is_declined() {
    let (dir, src) = crate_of("static mut COUNT: u32 = 0;\n\npub fn one() -> u32 {\n    1\n}\n");
    for to in ["py", "js"] {
        let log = rules_log(to, &[], &dir.path().join(to), &src);
        assert!(
            log.contains("rules declined: `static mut` at line 1"),
            "{to}: {log}"
        );
    }
}

/// A generic struct with a default type parameter (`struct Blocks<B =
/// u32>`) is translated as that one instance: its fields, an `impl` of the
/// default (`impl Blocks<u32>`), the generic `impl<B: Copy> Blocks<B>`
/// and a trait's (`Default`) all at `u32`, and the functions using them
/// (each a unit of its own) give what Rust gives.
#[test]
fn a_generic_struct_is_translated_at_its_default_type() {
    let lib = GENERIC_BLOCKS;
    let (dir, src) = crate_of(lib);
    let want = run_main(
        dir.path(),
        lib,
        "\"[{:?},{:?},{:?}]\", demo(0), demo(5), demo(4294967295)",
    )
    .replace(", ", ",");
    assert_eq!(
        want,
        "[[4294967295,0,0,64],[4294967290,40,40,64],[0,4294967288,4294967288,64]]"
    );
    translate_and_run(
        dir.path(),
        &src,
        "5 units: 5 translated",
        &[
            ("py", "pkg", "import json, pkg\nprint(json.dumps([pkg.demo(0), pkg.demo(5), pkg.demo(4294967295)], separators=(',', ':')))\n"),
            ("js", "js", "\nconsole.log(JSON.stringify([demo(0), demo(5), demo(4294967295)]));\n"),
        ],
        &want,
    );
}

/// A struct generic over a block type, used at its default.
const GENERIC_BLOCKS: &str = "#[cfg_attr(feature = \"serde\", derive(Serialize, Deserialize))]\npub struct Blocks<B = u32> {\n    storage: Vec<B>,\n    nbits: usize,\n}\n\nimpl Blocks<u32> {\n    pub fn new() -> Self {\n        Blocks {\n            storage: Vec::new(),\n            nbits: 0,\n        }\n    }\n\n    pub fn push_word(&mut self, w: u32) {\n        self.storage.push(!w);\n        self.nbits += 32;\n    }\n}\n\nimpl<B: Copy> Blocks<B> {\n    pub fn len(&self) -> usize {\n        self.nbits\n    }\n\n    pub fn block(&self, i: usize) -> B {\n        self.storage[i]\n    }\n\n    pub fn put(&mut self, b: B) {\n        self.storage.push(b);\n        self.nbits += 32;\n    }\n}\n\nimpl<B: Copy> Default for Blocks<B> {\n    fn default() -> Self {\n        Blocks {\n            storage: Vec::new(),\n            nbits: 0,\n        }\n    }\n}\n\npub fn demo(x: u32) -> Vec<u32> {\n    let mut b = Blocks::new();\n    b.push_word(x);\n    b.put(x << 3);\n    let mut d: Blocks = Blocks::default();\n    d.put(b.block(1));\n    vec![b.block(0), b.block(1), d.block(0), b.len() as u32]\n}\n";

/// Inside `impl<B: Block> Bits<B>` translated at `B = u32`, `B::bits()`,
/// `B::zero()` and `B::one()` are the methods of the file's `impl Block for
/// u32`, and `B::bytes()` the trait's default method with `Self` that type,
/// each inlined (one expression, no parameters); `!B::zero()` is all ones of
/// 32 bits, and `B::one() << n` a `u32` shift. (Regression: a literal on
/// the left of `<<` took the right operand's type, `usize`.)
#[test]
fn calls_through_a_bound_reach_the_trait_impl_of_the_default_type() {
    let (dir, src) = crate_of(BOUND_CALLS);
    let want = run_main(
        dir.path(),
        BOUND_CALLS,
        "\"[{:?},{:?},{:?}]\", demo(0, 0), demo(64, 1), demo(100, 6)",
    )
    .replace(", ", ",");
    assert_eq!(
        want,
        "[[8,4294967295,2,2147483648],[10,2,4294967295,4294967295],[11,4294967295,128,32]]"
    );
    translate_and_run(
        dir.path(),
        &src,
        // The trait's `impl Block for u32` is the functions of its methods
        // (see `primitive_impls`); the trait, with a default associated
        // function, is declined.
        "5 units: 4 translated",
        &[
            ("py", "pkg", "import json, pkg\nprint(json.dumps([pkg.demo(0, 0), pkg.demo(64, 1), pkg.demo(100, 6)], separators=(',', ':')))\n"),
            ("js", "js", "\nconsole.log(JSON.stringify([demo(0, 0), demo(64, 1), demo(100, 6)]));\n"),
        ],
        &want,
    );
}

/// A trait, its `impl` for `u32`, and a struct generic over it.
const BOUND_CALLS: &str = "pub trait Block: Copy + core::ops::Not<Output = Self> + core::ops::Shl<usize, Output = Self> {\n    fn bits() -> usize;\n    fn bytes() -> usize {\n        Self::bits() / 8\n    }\n    fn zero() -> Self;\n    fn one() -> Self;\n}\n\nimpl Block for u32 {\n    fn bits() -> usize {\n        32\n    }\n    fn zero() -> Self {\n        0\n    }\n    fn one() -> Self {\n        1\n    }\n}\n\npub struct Bits<B = u32> {\n    storage: Vec<B>,\n    nbits: usize,\n}\n\nimpl<B: Block> Bits<B> {\n    pub fn words(&self) -> usize {\n        self.nbits / B::bits() + self.storage.len() * B::bytes()\n    }\n\n    pub fn full(&self, i: usize) -> B {\n        if i % 2 == 0 {\n            !B::zero()\n        } else {\n            B::one() << (i % B::bits())\n        }\n    }\n}\n\npub fn demo(n: usize, i: usize) -> Vec<u32> {\n    let b: Bits = Bits {\n        storage: vec![0, 1],\n        nbits: n,\n    };\n    vec![b.words() as u32, b.full(i), b.full(i + 1), b.full(i + 31)]\n}\n";

/// A call through a bound whose trait has no impl for the default type in
/// the file, or that names no method of one, is declined at its line.
#[test]
fn calls_through_a_bound_the_engine_cannot_place_are_declined() {
    let lib = BOUND_CALLS.replace("impl Block for u32", "impl Block for u8")
        + "\nimpl<B: Block> Bits<B> {\n    pub fn first(&self) -> B {\n        B::from_first(self.storage[0])\n    }\n}\n";
    let (dir, src) = crate_of(&lib);
    let log = rules_log("py", &[], &dir.path().join("py"), &src);
    for want in [
        "rules declined: call to `B::bits`, no method of an impl for `u32` of its bound the unit sees at line 29",
        "rules declined: call to `B::from_first`, no method of an impl for `u32` of its bound the unit sees at line 51",
    ] {
        assert!(log.contains(want), "no `{want}` in:\n{log}");
    }
}

/// Another instance of a generic struct than its default and a value
/// whose instance Rust infers from its use are declined, each naming its
/// line.
#[test]
fn other_instances_of_a_generic_struct_are_declined() {
    let lib = format!(
        "{GENERIC_BLOCKS}\npub fn narrow() -> usize {{\n    let b: Blocks<u8> = Blocks::default();\n    b.len()\n}}\n\npub fn turbofish() -> usize {{\n    Blocks::<u16>::default().len()\n}}\n\npub fn inferred(x: u8) -> usize {{\n    let mut b = Blocks::default();\n    b.put(x);\n    b.len()\n}}\n\npub struct Pair<T> {{\n    a: T,\n    b: T,\n}}\n\npub trait Block: Copy {{\n    fn count_ones(self) -> usize;\n}}\n\nimpl Block for u32 {{\n    fn count_ones(self) -> usize {{\n        7\n    }}\n}}\n\nimpl<B: Block> Blocks<B> {{\n    pub fn ones(&self, i: usize) -> usize {{\n        self.storage[i].count_ones()\n    }}\n}}\n"
    );
    let (dir, src) = crate_of(&lib);
    for to in ["py", "js"] {
        let log = rules_log(to, &[], &dir.path().join(to), &src);
        for want in [
            "narrow not translated: rules declined: `Blocks<u8>`, an instance of `Blocks<B>` other than its default (the one translated) at line 55",
            "turbofish not translated: rules declined: `Blocks::<u16>`, an instance of `Blocks<B>` other than its default (the one translated) at line 60",
            "inferred not translated: rules declined: `Blocks` of a generic struct built where Rust infers its instance (only the default instance is translated: give the value a declared type) at line 64",
            // Inside `impl<B: Block>`, `count_ones` of a `B` is `Block`'s
            // (7 here), not `u32`'s own.
            "impl Blocks<B> not translated: rules declined: method `count_ones` of a u32, the type of a parameter whose bound is a trait the engine does not resolve at line 86",
            // `Pair<T>`, without a default, is erased (see
            // `a_generic_struct_without_defaults_is_translated_with_its_parameters_erased`).
            // `impl Block for u32` is its method's function (see
            // `primitive_impls`).
            "12 units: 8 translated",
        ] {
            assert!(log.contains(want), "{to}: no `{want}` in:\n{log}");
        }
    }
}

/// A generic struct whose type parameters have no default (`struct
/// Pair<T>`, `struct Labelled<K, V>`) is translated with them erased:
/// its `impl`s only store, move and return the values, so one class
/// serves every instance; the caller's declared types (`let first: u32 =
/// *q.first()`) give the values their type back.
#[test]
fn a_generic_struct_without_defaults_is_translated_with_its_parameters_erased() {
    let (dir, src) = crate_of(ERASED_PAIR);
    let want = run_main(
        dir.path(),
        ERASED_PAIR,
        "\"[{:?},{:?},{:?}]\", demo(4, 9), demo(0, 4294967295), words(\"ab\", 3)",
    )
    .replace(", ", ",")
    .replace('(', "[")
    .replace(')', "]");
    assert_eq!(want, "[[5,9,1,2],[1,4294967295,0,2],[\"AB\",4]]");
    let call = "[demo(4, 9), demo(0, 4294967295), words(\"ab\", 3)]";
    translate_and_run(
        dir.path(),
        &src,
        "6 units: 6 translated",
        &[
            (
                "py",
                "pkg",
                &format!(
                    "import json, pkg\nprint(json.dumps({}, separators=(',', ':')))\n",
                    call.replace("demo", "pkg.demo")
                        .replace("words", "pkg.words")
                ),
            ),
            (
                "js",
                "js",
                &format!("\nconsole.log(JSON.stringify({call}));\n"),
            ),
        ],
        &want,
    );
}

/// Two generic structs without defaults and the functions using them.
const ERASED_PAIR: &str = "pub struct Pair<T> {\n    a: T,\n    b: T,\n    swaps: usize,\n}\n\nimpl<T: Copy> Pair<T> {\n    pub fn new(a: T, b: T) -> Pair<T> {\n        Pair { a, b, swaps: 0 }\n    }\n\n    pub fn swapped(&self) -> Pair<T> {\n        Pair {\n            a: self.b,\n            b: self.a,\n            swaps: self.swaps + 1,\n        }\n    }\n\n    pub fn first(&self) -> &T {\n        &self.a\n    }\n\n    pub fn put(&mut self, x: T) -> T {\n        let old = self.b;\n        self.b = x;\n        old\n    }\n}\n\npub struct Labelled<K, V> {\n    key: K,\n    items: Vec<V>,\n}\n\nimpl<K, V> Labelled<K, V> {\n    pub fn push(&mut self, v: V) -> usize {\n        self.items.push(v);\n        self.items.len()\n    }\n\n    pub fn key(&self) -> &K {\n        &self.key\n    }\n}\n\npub fn demo(x: u32, y: u32) -> Vec<u32> {\n    let p = Pair::new(x, y);\n    let r = p.swapped();\n    let mut q = r.swapped();\n    let first: u32 = *q.first();\n    let old: u32 = q.put(x / 3);\n    vec![first + 1, old, q.b, q.swaps as u32]\n}\n\npub fn words(name: &str, n: u32) -> (String, usize) {\n    let mut l: Labelled<String, u32> = Labelled {\n        key: name.to_string(),\n        items: Vec::new(),\n    };\n    for i in 0..n {\n        l.push(i);\n    }\n    let k: &String = l.key();\n    (k.to_uppercase(), l.push(n))\n}\n";

/// What an erased type parameter's value cannot do, since its meaning
/// depends on the type: each declined, naming the construct and its line.
/// The parameter may stand for a struct, so what is declined on struct
/// values (`contains`, which compares by identity; a copy of a `Vec`,
/// which shares the items) is declined on it too.
#[test]
fn operations_on_an_erased_type_parameter_are_declined() {
    let lib = "pub struct Cell<B> {\n    v: B,\n    w: B,\n}\n\nimpl<B: Copy + PartialEq> Cell<B> {\n    pub fn same(&self) -> bool {\n        self.v == self.w\n    }\n}\n\nimpl<B: Copy + core::ops::Not<Output = B>> Cell<B> {\n    pub fn flip(&self) -> B {\n        !self.v\n    }\n}\n\nimpl<B: Clone> Cell<B> {\n    pub fn dup(&self) -> B {\n        self.v.clone()\n    }\n}\n\nimpl<B: Copy> Cell<B> {\n    pub fn maybe(&self) -> Option<B> {\n        None\n    }\n}\n\nimpl<B: Copy> Cell<B> {\n    pub fn some(&self) -> usize {\n        let o = Some(self.v);\n        o.iter().count()\n    }\n}\n\nimpl<B: Copy + Into<u64>> Cell<B> {\n    pub fn wide(&self) -> u64 {\n        self.v as u64\n    }\n}\n\nimpl<B: PartialEq> Cell<B> {\n    pub fn has(&self, xs: &Vec<B>) -> bool {\n        xs.contains(&self.v)\n    }\n}\n\nimpl<B: Clone> Cell<B> {\n    pub fn copies(&self, xs: &Vec<B>) -> Vec<B> {\n        xs.clone()\n    }\n}\n";
    let (dir, src) = crate_of(lib);
    for to in ["py", "js"] {
        let log = rules_log(to, &[], &dir.path().join(to), &src);
        for want in [
            "rules declined: `==` between values of type B and B, a type parameter at line 8",
            "rules declined: `!` on B at line 14",
            "rules declined: `clone()` of B at line 20",
            "rules declined: `Option` of the type parameter `B` at line 25",
            "rules declined: a value of type optional[B], an `Option` of a type parameter at line 32",
            "rules declined: `as` from B to u64 at line 39",
            "rules declined: `contains` of a struct value at line 45",
            "rules declined: copy of struct values at line 51",
            "9 units: 1 translated",
        ] {
            assert!(log.contains(want), "{to}: no `{want}` in:\n{log}");
        }
    }
}

/// Generic `impl`s are erased as generic structs are (see the case
/// `generic_impls`), but what depends on the type argument is declined,
/// naming it and its line: a blanket `impl` for every type (numbers and
/// strings have no class to hold its methods), a `const` parameter, a
/// static call through the parameter, a `From` impl whose source is a
/// parameter (Rust's `S::from(s)` of an `S` may be the standard
/// `impl<T> From<T> for T`), and one method name two instances' `impl`s declare (Rust picks
/// the one of the value's instance).
#[test]
fn what_a_generic_impl_asks_of_its_type_is_declined() {
    declines(
        "pub trait Grow {\n    fn grow(&self) -> usize;\n}\nimpl<T: Copy> Grow for T {\n    fn grow(&self) -> usize {\n        1\n    }\n}",
        "blanket `impl` for every type `T`",
    );
    declines(
        "pub struct S {\n    n: usize,\n}\nimpl<T, const N: usize> From<[T; N]> for S {\n    fn from(_a: [T; N]) -> Self {\n        S { n: N }\n    }\n}",
        "generic `impl`: `const N: usize`",
    );
    declines(
        "pub struct Bits<T> {\n    v: T,\n}\nimpl<T: Default> Bits<T> {\n    pub fn zero() -> T {\n        T::default()\n    }\n}",
        "call to `T::default`",
    );
    declines(
        "pub struct Wrap {\n    n: u32,\n}\nimpl<V: Into<u32>> From<V> for Wrap {\n    fn from(v: V) -> Self {\n        Wrap { n: v.into() }\n    }\n}",
        "`impl From<V>` of a type parameter",
    );
    declines(
        "pub struct H<T> {\n    v: Vec<T>,\n}\nimpl H<u8> {\n    pub fn size(&self) -> usize {\n        self.v.len()\n    }\n}\nimpl H<u16> {\n    pub fn size(&self) -> usize {\n        self.v.len() * 2\n    }\n}",
        "which another `impl` of `H` declares too",
    );
    declines(
        "pub trait Lanes<const N: usize> {\n    fn n(&self) -> usize;\n}",
        "generic trait: `const N: usize`",
    );
}

/// What a trait's default method cannot know is declined, naming it and
/// its line: a call through `Self::` (the implementing type's own), a
/// default the `impl`'s type also has from another `impl` (Rust prefers
/// the inherent one; the class has one namespace), and a `&mut self`
/// default copied onto a `Copy` struct (whose `&mut self` methods return
/// the new value instead).
#[test]
fn what_a_default_method_cannot_know_is_declined() {
    declines(
        "pub trait Make {\n    fn new() -> Self;\n    fn twice(&self) -> Vec<Self> where Self: Sized {\n        vec![Self::new(), Self::new()]\n    }\n}",
        "`Self::new` in a trait's default method",
    );
    declines(
        "pub trait Show {\n    fn show(&self) -> i32 {\n        1\n    }\n}\npub struct S;\nimpl S {\n    pub fn show(&self) -> i32 {\n        2\n    }\n}\nimpl Show for S {}\n",
        "method `show`, which another `impl` of `S` declares too",
    );
    declines(
        "pub trait Bump {\n    fn set(&mut self, v: i32);\n    fn bump(&mut self) {\n        self.set(1);\n    }\n}\n#[derive(Clone, Copy)]\npub struct C {\n    v: i32,\n}\nimpl Bump for C {\n    fn set(&mut self, v: i32) {\n        self.v = v;\n    }\n}\n",
        "for a `Copy` struct or an enum",
    );
}

/// A generic function's type parameters other than closures are erased,
/// as a generic struct's: `pick`, `swap_pair`, `count_all` and the method
/// `tag` only move, store and return their values, so one function serves
/// every instance (here called with `u32`, `&str` and `u8` values).
#[test]
fn a_generic_function_is_translated_with_its_type_parameters_erased() {
    let (dir, src) = crate_of(ERASED_FUNCTIONS);
    let want = run_main(
        dir.path(),
        ERASED_FUNCTIONS,
        "\"[{:?},{:?},{:?},{:?}]\", pick(&[1u32, 2, 3], 4), swap_pair((1u32, \"a\")), count_all(vec![1u32, 2]), Stack { items: vec![5, 6] }.tag(7u8)",
    )
    .replace(", ", ",")
    .replace('(', "[")
    .replace(')', "]");
    assert_eq!(want, "[2,[\"a\",1],2,[[7,5],[7,6]]]");
    let call =
        "[pick([1, 2, 3], 4), swap_pair([1, \"a\"]), count_all([1, 2]), new Stack([5, 6]).tag(7)]";
    translate_and_run(
        dir.path(),
        &src,
        "5 units: 5 translated",
        &[
            (
                "py",
                "pkg",
                &format!(
                    "import json, pkg\nprint(json.dumps({}, separators=(',', ':')))\n",
                    call.replace("new Stack", "pkg.Stack")
                        .replace("pick", "pkg.pick")
                        .replace("swap_pair", "pkg.swap_pair")
                        .replace("count_all", "pkg.count_all")
                ),
            ),
            (
                "js",
                "js",
                &format!(
                    "\nconsole.log(JSON.stringify({}));\n",
                    call.replace("swap_pair", "swapPair")
                        .replace("count_all", "countAll")
                ),
            ),
        ],
        &want,
    );
    // What asks for the type is declined, naming it and the line.
    let lib = "pub fn same<T: PartialEq>(a: T, b: T) -> bool {\n    a == b\n}\n\npub fn flip<B: Copy + core::ops::Not<Output = B>>(b: B) -> B {\n    !b\n}\n\npub fn zero<B: Default>() -> B {\n    B::default()\n}\n\npub fn n<const N: usize>() -> usize {\n    N\n}\n";
    let (dir, src) = crate_of(lib);
    for to in ["py", "js"] {
        let log = rules_log(to, &[], &dir.path().join(to), &src);
        for want in [
            "rules declined: `==` between values of type T and T, a type parameter at line 2",
            "rules declined: `!` on B at line 6",
            "rules declined: call to `B::default` at line 10",
            "rules declined: generic function: `const N: usize` at line 13",
        ] {
            assert!(log.contains(want), "{to}: no `{want}` in:\n{log}");
        }
    }
}

/// Generic functions and a generic method.
const ERASED_FUNCTIONS: &str = "pub fn pick<T: Copy>(v: &[T], i: usize) -> T {\n    v[i % v.len()]\n}\n\npub fn swap_pair<A, B>(p: (A, B)) -> (B, A) {\n    let (a, b) = p;\n    (b, a)\n}\n\npub fn count_all<T>(v: Vec<T>) -> usize {\n    let mut n = 0;\n    for _x in v {\n        n += 1;\n    }\n    n\n}\n\npub struct Stack {\n    pub items: Vec<u32>,\n}\n\nimpl Stack {\n    pub fn tag<T: Copy>(&self, t: T) -> Vec<(T, u32)> {\n        self.items.iter().map(|x| (t, *x)).collect()\n    }\n}\n";

/// A struct with a lifetime parameter may hold a shared reference (read
/// only, so a shared object or a copy reads alike), not a `&mut` one:
/// writes through it reach the borrowed place in Rust, and a stored number
/// of the targets is a copy.
#[test]
fn a_struct_holding_a_mut_reference_is_declined() {
    declines(
        "pub struct Counter<'a> {\n    n: &'a mut u32,\n}",
        "field of type `&'a mut u32`",
    );
    declines(
        "pub struct Slot<'a>(Option<&'a mut Vec<u8>>);",
        "field of type `&'a mut Vec<u8>`",
    );
    for to in [Lang::Python, Lang::JavaScript] {
        let shared = translate(
            Lang::Rust,
            to,
            "pub struct View<'a> {\n    items: &'a Vec<u8>,\n    at: usize,\n}",
            None,
        );
        assert!(shared.is_ok(), "{to:?}: {shared:?}");
    }
}

/// Translates the crate at `src` with the rules engine to Python (into
/// `dir/pkg`, a package) and to JavaScript (`dir/js/index.js`), checks the
/// summary says `summary`, then runs each `(to, out, script)`: the Python
/// script with `dir` as its folder, the JavaScript one appended to the
/// module; each must print `want`.
fn translate_and_run(
    dir: &std::path::Path,
    src: &std::path::Path,
    summary: &str,
    runs: &[(&str, &str, &str)],
    want: &str,
) {
    translate_with_and_run(dir, src, &[], summary, runs, want);
}

/// [`translate_and_run`] with `extra` options for xlate.
fn translate_with_and_run(
    dir: &std::path::Path,
    src: &std::path::Path,
    extra: &[&str],
    summary: &str,
    runs: &[(&str, &str, &str)],
    want: &str,
) {
    for (to, out_name, run) in runs {
        let out = dir.join(out_name);
        let log = rules_log(to, extra, &out, src);
        assert!(log.contains(summary), "{to}: {log}");
        let ran = if *to == "py" {
            Command::new("python3")
                .args(["-c", run])
                .current_dir(dir)
                .output()
                .expect("python3 runs")
        } else {
            let code = std::fs::read_to_string(out.join("index.js")).expect("the module");
            let script = dir.join("run.js");
            std::fs::write(&script, code + run).expect("write the script");
            Command::new("node")
                .arg(&script)
                .output()
                .expect("node runs")
        };
        assert_eq!(
            String::from_utf8_lossy(&ran.stdout).trim(),
            want,
            "{to}: {}",
            String::from_utf8_lossy(&ran.stderr)
        );
    }
}

/// A temporary folder holding a crate's `src/lib.rs` with `lib` in it:
/// the folder (removed when dropped) and the `src` path.
/// Translates `src` with the rules engine to `to` (`py`, `js`) into
/// `out`, with `extra` options; gives what it printed, both streams.
fn rules_log(to: &str, extra: &[&str], out: &std::path::Path, src: &std::path::Path) -> String {
    let run = super::util::xlate()
        .args(["translate", "--engine", "rules", "--no-cache"])
        .args(extra)
        .args(["--to", to, "--out"])
        .arg(out)
        .arg(src)
        .output()
        .expect("xlate runs");
    String::from_utf8_lossy(&run.stdout).to_string() + &String::from_utf8_lossy(&run.stderr)
}

fn crate_of(lib: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let src = dir.path().join("src");
    std::fs::create_dir(&src).expect("src folder");
    std::fs::write(src.join("lib.rs"), lib).expect("write the source");
    (dir, src)
}

/// Structs that name each other across units: `impl<'a> Cursor<'a>` reads
/// `Cursor`, which holds a `&Words` its unit does not mention (the symbol
/// table gives the declarations a declaration names, too); `Words::cursor`
/// returns `Cursor<'_>` (a lifetime only: the struct `Cursor`), declared
/// after `Words`; and `impl Eq for Words {}` has no methods, so nothing to
/// write but a comment. (Regression: the `impl` of `Cursor` was declined
/// as "not a struct of the file", `Cursor<'_>` as type `'_`, and `impl
/// Eq` failed as an empty translation.)
#[test]
fn structs_naming_each_other_lifetimes_and_an_empty_impl_eq_are_translated() {
    let lib = "pub struct Words {\n    items: Vec<u32>,\n}\n\npub struct Cursor<'a> {\n    words: &'a Words,\n    at: usize,\n}\n\nimpl Words {\n    pub fn new(n: u32) -> Words {\n        let mut items = Vec::new();\n        for i in 0..n {\n            items.push(i);\n        }\n        Words { items }\n    }\n\n    pub fn cursor(&self) -> Cursor<'_> {\n        Cursor { words: self, at: 0 }\n    }\n}\n\nimpl<'a> Cursor<'a> {\n    pub fn take(&mut self) -> u32 {\n        let v = self.words.items[self.at];\n        self.at += 1;\n        v\n    }\n}\n\nimpl PartialEq for Words {\n    fn eq(&self, other: &Words) -> bool {\n        self.items.len() == other.items.len()\n    }\n}\n\nimpl Eq for Words {}\n\npub fn demo(n: u32, m: u32) -> Vec<u32> {\n    let w = Words::new(n);\n    let mut c = w.cursor();\n    let a = c.take();\n    let b = c.take();\n    let same = if w.eq(&Words::new(m)) { 1 } else { 0 };\n    vec![a, b, same]\n}\n";
    let (dir, src) = crate_of(lib);
    let want =
        run_main(dir.path(), lib, "\"[{:?},{:?}]\", demo(2, 2), demo(5, 4)").replace(", ", ",");
    assert_eq!(want, "[[0,1,1],[0,1,0]]");
    translate_and_run(
        dir.path(),
        &src,
        "7 units: 7 translated",
        &[
            ("py", "pkg", "import json, pkg\nprint(json.dumps([pkg.demo(2, 2), pkg.demo(5, 4)], separators=(',', ':')))\n"),
            ("js", "js", "\nconsole.log(JSON.stringify([demo(2, 2), demo(5, 4)]));\n"),
        ],
        &want,
    );
}

/// An `impl` without methods of a trait with default methods copies those
/// methods from the trait's class (see the case `trait_defaults`); where
/// the trait's unit is not translated (here split into its methods), the
/// copy fails as the module loads, so the `impl` is not translated either.
/// An `impl` without methods of a trait the file does not declare (whose
/// default methods are not translated) is declined. An `impl` split into its
/// methods (larger than --split-classes-over) is translated method by
/// method (see `a_split_impl_is_translated_method_by_method`). (Regression:
/// both were written as nothing and failed as empty translations.)
#[test]
fn empty_impls_of_traits_with_defaults_and_split_impls_are_declined() {
    let (dir, src) = crate_of("pub struct W {\n    n: u32,\n}\n\npub trait Named {\n    fn name(&self) -> u32;\n}\n\npub trait Loud {\n    fn loud(&self) -> u32 {\n        1\n    }\n}\n\nimpl Named for W {\n    fn name(&self) -> u32 {\n        self.n\n    }\n}\n\nimpl Loud for W {}\n\nimpl W {\n    pub fn get(&self) -> u32 {\n        self.n\n    }\n\n    pub fn twice(&self) -> u32 {\n        self.n * 2\n    }\n}\n\nimpl Iterator for W {}\n");
    for to in ["py", "js"] {
        let log = rules_log(
            to,
            &["--split-classes-over", "60"],
            &dir.path().join(to),
            &src,
        );
        assert!(
            log.contains("impl Loud for W not translated: rules candidate 0: does not compile: it does not load"),
            "{to}: {log}"
        );
        assert!(
            log.contains("rules declined: `impl Iterator` without methods (its default methods are not translated) at line 33"),
            "{to}: {log}"
        );
        assert!(!log.contains("impl W not translated"), "{to}: {log}");
        assert!(!log.contains("empty translation"), "{to}: {log}");
    }
}

/// An `impl` larger than --split-classes-over comes to the engine as a
/// skeleton and one request per method: each method is translated as an
/// `impl` of the skeleton's header holding it alone (it knows the struct's
/// fields and the other methods from the file's table), and the skeleton
/// writes a marker line where each method goes, then what the `impl`
/// writes besides its methods (the associated constant `STEP`, after the
/// methods, as a whole `impl` writes it). A trait `impl` of a trait of
/// signatures only is split the same way. (Regression: the rules engine
/// declined the skeleton and every method.)
#[test]
fn a_split_impl_is_translated_method_by_method() {
    let lib = "pub struct Counter {\n    n: i64,\n    hits: u32,\n}\n\npub trait Area { fn area(&self) -> i64; fn scaled(&self, k: i64) -> i64; }\n\nimpl Counter {\n    pub const STEP: i64 = 3;\n\n    /// Starts at `n`.\n    pub fn new(n: i64) -> Counter {\n        Counter { n, hits: 0 }\n    }\n\n    pub fn bump(&mut self) -> i64 {\n        self.n += Self::STEP;\n        self.hits += 1;\n        self.n\n    }\n\n    pub fn twice(&self) -> i64 {\n        self.n * 2\n    }\n\n    #[inline]\n    pub fn both(&self) -> i64 {\n        self.twice() + Counter::from_pair(1, 2).n\n    }\n\n    pub fn from_pair(a: i64, b: i64) -> Self {\n        Self::new(a * 10 + b)\n    }\n}\n\nimpl Area for Counter {\n    fn area(&self) -> i64 {\n        self.n * self.n\n    }\n\n    fn scaled(&self, k: i64) -> i64 {\n        self.area() * k + self.hits as i64\n    }\n}\n\npub fn demo(n: i64) -> Vec<i64> {\n    let mut c = Counter::new(n);\n    let a = c.bump();\n    let b = c.bump();\n    vec![a, b, c.twice(), c.both(), c.area(), c.scaled(2), Counter::STEP]\n}\n";
    let (dir, src) = crate_of(lib);
    let want = run_main(dir.path(), lib, "\"[{:?},{:?}]\", demo(4), demo(-2)").replace(", ", ",");
    assert_eq!(want, "[[7,10,20,32,100,202,3],[1,4,8,20,16,34,3]]");
    translate_with_and_run(
        dir.path(),
        &src,
        &["--split-classes-over", "100"],
        "12 units: 12 translated",
        &[
            ("py", "pkg", "import json, pkg\nprint(json.dumps([pkg.demo(4), pkg.demo(-2)], separators=(',', ':')))\n"),
            ("js", "js", "\nconsole.log(JSON.stringify([demo(4), demo(-2)]));\n"),
        ],
        &want,
    );
}

/// A method of a split `impl` the engine declines costs only that method:
/// its siblings are translated and attached to the class, it is a TODO
/// with its reason, and a caller after it in the file (`peek_plus`) or in
/// another module of the crate (`peeked`) declines, as for a method of an
/// `impl` that was not translated in another module (the tables leave out
/// the method alone); a caller of a sibling (`twice_plus`, `doubled`) is
/// translated. A split `impl` of a trait with
/// default methods is declined: which defaults its methods leave to the
/// trait (to be copied onto the class after them) is known to no unit.
#[test]
fn a_declined_method_of_a_split_impl_costs_that_method_and_its_callers() {
    let counter = "pub struct Counter {\n    pub n: i64,\n}\n\npub trait Loud { fn level(&self) -> i64; fn loud(&self) -> i64 { self.level() + 1 } }\n\nimpl Counter {\n    pub fn new(n: i64) -> Counter {\n        Counter { n }\n    }\n\n    pub fn peek(&self) -> i64 {\n        let p: *const i64 = &self.n;\n        unsafe { *p }\n    }\n\n    pub fn twice(&self) -> i64 {\n        self.n * 2\n    }\n}\n\nimpl Loud for Counter {\n    fn level(&self) -> i64 {\n        let base = self.n + 100;\n        base * 2\n    }\n}\n\npub fn peek_plus(c: &Counter) -> i64 {\n    c.peek() + 1\n}\n\npub fn twice_plus(c: &Counter) -> i64 {\n    c.twice() + 1\n}\n";
    let uses = "use crate::counter::Counter;\n\npub fn doubled(n: i64) -> i64 {\n    Counter::new(n).twice()\n}\n\npub fn peeked(n: i64) -> i64 {\n    Counter::new(n).peek()\n}\n";
    let (dir, src) = crate_of("pub mod counter;\npub mod uses;\n");
    std::fs::write(src.join("counter.rs"), counter).expect("write counter.rs");
    std::fs::write(src.join("uses.rs"), uses).expect("write uses.rs");
    // The Rust, as a program of the same modules.
    let rs = dir.path().join("rs");
    std::fs::create_dir(&rs).expect("rs folder");
    std::fs::write(rs.join("counter.rs"), counter).expect("write counter.rs");
    std::fs::write(rs.join("uses.rs"), uses).expect("write uses.rs");
    let main = "#[allow(dead_code)]\nmod counter;\n#[allow(dead_code)]\nmod uses;\n\nfn main() {\n    println!(\"{} {} {}\", uses::doubled(4), uses::doubled(-7), counter::twice_plus(&counter::Counter::new(5)));\n}\n";
    std::fs::write(rs.join("main.rs"), main).expect("write main.rs");
    let compiled = Command::new("rustc")
        .args(["--edition", "2021", "-o"])
        .arg(rs.join("main"))
        .arg(rs.join("main.rs"))
        .output()
        .expect("rustc runs");
    assert!(
        compiled.status.success(),
        "{}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let ran = Command::new(rs.join("main"))
        .output()
        .expect("the program runs");
    let want = String::from_utf8_lossy(&ran.stdout).trim().to_string();
    assert_eq!(want, "8 -14 11");
    for to in ["py", "js"] {
        let out = dir.path().join(to);
        let log = rules_log(to, &["--split-classes-over", "100"], &out, &src);
        for line in [
            "counter.rs:12: method peek not translated: rules declined: type `*const i64` at line 13",
            "counter.rs:22: impl Loud for Counter not translated: rules declined: split `impl` of a trait with default methods",
            "counter.rs:29: function peek_plus not translated: rules declined: method `peek` of `Counter`, not one its `impl` blocks declare at line 30",
            "uses.rs:7: function peeked not translated: rules declined: method `peek` of `Counter`, not one its `impl` blocks declare at line 8",
            "11 units: 7 translated, 4 failed",
        ] {
            assert!(log.contains(line), "{to}: {line}\n{log}");
        }
        let ran = if to == "py" {
            Command::new("python3")
                .args([
                    "-c",
                    "from uses import doubled\nfrom counter import Counter, twice_plus\nprint(doubled(4), doubled(-7), twice_plus(Counter.new(5)))",
                ])
                .current_dir(&out)
                .output()
                .expect("python3 runs")
        } else {
            let script = out.join("run.mjs");
            std::fs::write(
                &script,
                "import { doubled } from \"./uses.js\";\nimport { Counter, twicePlus } from \"./counter.js\";\nconsole.log(doubled(4), doubled(-7), twicePlus(Counter.new(5)));\n",
            )
            .expect("write the script");
            Command::new("node")
                .arg(&script)
                .output()
                .expect("node runs")
        };
        assert_eq!(
            String::from_utf8_lossy(&ran.stdout).trim(),
            want,
            "{to}: {}",
            String::from_utf8_lossy(&ran.stderr)
        );
    }
}

/// A generic associated type is declined; so is a method of a trait `impl`
/// named like a field of its struct (the targets call it by that name,
/// which the object's field would hide), and an inherent one whose name
/// with a `_` added is taken too.
#[test]
fn generic_associated_types_and_methods_named_like_fields_are_declined() {
    declines(
        "struct S {\n    n: u32,\n}\ntrait T {\n    type It<'a>;\n    fn get(&self) -> u32;\n}\nimpl T for S {\n    type It<'a> = &'a u32;\n    fn get(&self) -> u32 {\n        self.n\n    }\n}\n",
        "generic associated type",
    );
    declines(
        "struct C {\n    next: u32,\n}\nimpl Iterator for C {\n    type Item = u32;\n    fn next(&mut self) -> Option<u32> {\n        None\n    }\n}\n",
        "method `next` named like a field",
    );
    declines(
        "struct S {\n    len: usize,\n    len_: usize,\n}\nimpl S {\n    fn len(&self) -> usize {\n        self.len + self.len_\n    }\n}\n",
        "method `len` named like a field",
    );
    for to in ["py", "js"] {
        let (dir, src) = crate_of("pub struct P {\n    len: usize,\n    len_: usize,\n}\n\nimpl P {\n    pub fn len(&self) -> usize {\n        self.len\n    }\n}\n\npub fn size(p: &P) -> usize {\n    p.len()\n}\n");
        let log = rules_log(to, &[], &dir.path().join(to), &src);
        assert!(
            log.contains(
                "rules declined: method `len` of `P`, named like one of its fields at line 13"
            ),
            "{to}: {log}"
        );
    }
}

/// An inherent method named like a field of its struct (`fn len(&self)`
/// beside `len: usize`) is the method `len_` in the targets, defined and
/// called so across units (an instance method, and an associated function
/// called by its path), while the field keeps its name. (Before, both the
/// `impl` and every call were declined: anstyle-parse's `Params::len`.)
#[test]
fn methods_named_like_fields_are_renamed_across_units() {
    let lib = "pub struct P {\n    len: usize,\n    step: u8,\n}\n\nimpl P {\n    pub fn new(n: usize) -> P {\n        P { len: n, step: 1 }\n    }\n\n    pub fn len(&self) -> usize {\n        self.len\n    }\n\n    pub fn step(n: u8) -> u8 {\n        n * 3\n    }\n\n    pub fn grow(&mut self) {\n        self.len += self.len();\n        self.step = P::step(self.step);\n    }\n}\n\npub fn demo(n: usize) -> Vec<usize> {\n    let mut p = P::new(n);\n    p.grow();\n    p.grow();\n    vec![p.len(), p.len, p.step as usize, P::step(2) as usize]\n}\n";
    let (dir, src) = crate_of(lib);
    let want = run_main(dir.path(), lib, "\"[{:?},{:?}]\", demo(0), demo(5)").replace(", ", ",");
    assert_eq!(want, "[[0,0,9,6],[20,20,9,6]]");
    translate_and_run(
        dir.path(),
        &src,
        "3 units: 3 translated",
        &[
            ("py", "pkg", "import json, pkg\nprint(json.dumps([pkg.demo(0), pkg.demo(5)], separators=(',', ':')))\n"),
            ("js", "js", "\nconsole.log(JSON.stringify([demo(0), demo(5)]));\n"),
        ],
        &want,
    );
}

/// `unwrap()` of a computed `Option` whose item the targets could not
/// tell from `None` (`()`) is declined.
#[test]
fn unwrap_of_a_computed_option_of_unit_is_declined() {
    declines(
        "fn g(b: bool) -> Option<()> {\n    if b {\n        Some(())\n    } else {\n        None\n    }\n}\nfn f(b: bool) -> i32 {\n    g(b).unwrap();\n    1\n}\n",
        "`unwrap()` of a computed",
    );
}

/// An `impl` of a struct of the file whose declaration is declined (a
/// `&mut` field) says so, not that the file has no such struct.
/// (Regression: bit-set's `impl BitSet<B>`, whose struct holds a
/// `BitVec<B>`, read "not a struct of the file".)
#[test]
fn an_impl_of_a_declined_struct_says_the_struct_is_declined() {
    let (dir, src) = crate_of("pub struct S {\n    p: &'static mut u32,\n}\n\nimpl S {\n    pub fn one(&self) -> u32 {\n        1\n    }\n}\n");
    for to in ["py", "js"] {
        let log = rules_log(to, &[], &dir.path().join(to), &src);
        assert!(
            log.contains("rules declined: `impl` of `S`, whose declaration in the file is declined at line 5"),
            "{to}: {log}"
        );
    }
}

/// `println!` is the text and a newline on standard output (`print(..)`,
/// `console.log(..)` of one string), `println!()` an empty line; a local
/// named `print` does not hide Python's. The program's whole output is
/// compared with the Rust program's.
#[test]
fn println_writes_the_line_rust_writes() {
    let lib = "pub fn shout(k: i32) -> i32 {\n    let print = k + 1;\n    println!(\"k={} print={}\", k, print);\n    println!();\n    println!(\"[{}]\", k * 2);\n    print\n}\n";
    let (dir, src) = crate_of(lib);
    let want = run_main(dir.path(), lib, "\"{}\", shout(2)");
    assert_eq!(want, "k=2 print=3\n\n[4]\n3");
    translate_and_run(
        dir.path(),
        &src,
        "1 units: 1 translated",
        &[
            ("py", "pkg", "import pkg\nprint(pkg.shout(2))\n"),
            ("js", "js", "\nconsole.log(shout(2));\n"),
        ],
        &want,
    );
}

/// `print!` (no newline), `eprintln!`, and `println!` in a file with a
/// function named `print` are declined.
#[test]
fn printing_the_rules_do_not_write_is_declined() {
    declines("fn f() {\n    print!(\"a\");\n}\n", "printing");
    declines("fn f() {\n    eprintln!(\"a\");\n}\n", "printing");
    declines(
        "fn print(x: i32) -> i32 {\n    x\n}\nfn f() {\n    println!(\"a\");\n}\n",
        "`println!` in a file with a function named `print`",
    );
}

/// Fields named like a property every JavaScript object has (`toString`,
/// `hasOwnProperty`) or one that arrays and strings have (`length`, which
/// helpers read) are declined; `name`, a property of functions only, is not
/// (see the `named_field` case).
#[test]
fn fields_named_like_object_properties_are_declined() {
    for field in ["length", "toString", "hasOwnProperty", "constructor"] {
        declines(
            &format!(
                "struct S {{\n    {field}: i32,\n}}\nfn f(s: S) -> i32 {{\n    s.{field}\n}}\n"
            ),
            &format!("field named `{field}`"),
        );
    }
}

/// A `match` inside an expression is declined where a conditional
/// expression per arm would not read as Rust's: a computed scrutinee (read
/// once per arm), an arm of statements.
/// Rust 2015's `'a'...'z'` is the inclusive range `'a'..='z'`.
#[test]
fn match_inside_expressions_the_rules_do_not_take_are_declined() {
    declines(
        "fn f(k: i32) -> i32 {\n    1 + match k * 2 {\n        0 => 1,\n        _ => 2,\n    }\n}\n",
        "`match` of a computed value used as a value inside an expression",
    );
    declines(
        "fn f(k: i32) -> i32 {\n    1 + match k {\n        0 => {\n            let a = 2;\n            a\n        }\n        _ => 2,\n    }\n}\n",
        "`match` arm with statements",
    );
    let src = |range: &str| {
        format!("fn f(c: char) -> bool {{\n    match c {{\n        '0'{range}'9' => true,\n        _ => false,\n    }}\n}}\n")
    };
    for to in [Lang::Python, Lang::JavaScript] {
        let old = translate(Lang::Rust, to, &src("..."), None);
        assert!(old.is_ok(), "{old:?}");
        assert_eq!(old, translate(Lang::Rust, to, &src("..="), None));
    }
}

/// A capitalised name in a refutable pattern that is no constant the unit
/// knows may be one `use`d from elsewhere (or a unit struct), which Rust
/// compares with: declined, where a binding would match anything; so is a
/// constant of a type the targets would not compare by value.
#[test]
fn patterns_that_may_name_a_constant_are_declined() {
    declines(
        "fn f(x: i32) -> i32 {\n    match x {\n        MAX => 1,\n        _ => 0,\n    }\n}\n",
        "pattern `MAX`, which may name a constant",
    );
    declines(
        "fn f(x: Option<i32>) -> i32 {\n    if let Some(MAX) = x {\n        1\n    } else {\n        0\n    }\n}\n",
        "pattern `MAX`, which may name a constant",
    );
    declines(
        "fn f(x: Option<i32>) -> i32 {\n    match x {\n        Some(MAX) => 1,\n        _ => 0,\n    }\n}\n",
        "pattern `MAX`, which may name a constant",
    );
}

/// A constant of the file in a pattern is compared with (`LIMIT => ..` is
/// `x == LIMIT`), in a statement `match` and inside an expression; a
/// lowercase name binds; a constant of a tuple type is declined.
/// (Regression: `LIMIT` bound the scrutinee and matched everything.)
#[test]
fn constants_in_patterns_are_compared_with() {
    let lib = "pub fn demo(x: i32, c: char) -> (i32, i32, i32) {\n    let a = match x {\n        LIMIT => 1,\n        0 | FLOOR => 2,\n        other => other * 10,\n    };\n    let b = 1 + match c {\n        MARK => 5,\n        _ => 6,\n    };\n    let d = match x {\n        n if n > LIMIT => n - LIMIT,\n        _ => 0,\n    };\n    (a, b, d)\n}\n\nconst LIMIT: i32 = 5;\nconst FLOOR: i32 = -5;\nconst MARK: char = '%';\n";
    let (dir, src) = crate_of(lib);
    let calls = "demo(5, '%'), demo(3, 'a'), demo(-5, '%'), demo(0, 'b'), demo(9, 'c')";
    let want = run_main(
        dir.path(),
        lib,
        &format!("\"[{{:?}},{{:?}},{{:?}},{{:?}},{{:?}}]\", {calls}"),
    )
    .replace(", ", ",")
    .replace('(', "[")
    .replace(')', "]");
    assert_eq!(want, "[[1,6,0],[30,7,0],[2,6,0],[2,7,0],[90,7,4]]");
    let js_calls = calls.replace('\'', "\"");
    translate_and_run(
        dir.path(),
        &src,
        "1 units: 1 translated",
        &[
            ("py", "pkg", &format!("import json, pkg\nfrom pkg import demo\nprint(json.dumps([{js_calls}], separators=(',', ':')))\n")),
            ("js", "js", &format!("\nconsole.log(JSON.stringify([{js_calls}]));\n")),
        ],
        &want,
    );
    let (dir, src) = crate_of("const P: (i32, i32) = (1, 2);\n\npub fn f(x: (i32, i32)) -> i32 {\n    match x {\n        P => 1,\n        _ => 0,\n    }\n}\n");
    for to in ["py", "js"] {
        let log = rules_log(to, &[], &dir.path().join(to), &src);
        assert!(
            log.contains(
                "rules declined: pattern `P`, which may name a constant, not bind a name at line 5"
            ),
            "{to}: {log}"
        );
    }
}

/// A `use` inside a function counts for its block only: one bringing a
/// name the unit or its file also gives (a function, an import), which
/// other blocks mean by it, is declined, as is a rename with `as`.
#[test]
fn body_uses_the_unit_may_read_otherwise_are_declined() {
    declines(
        "fn max(a: i32, b: i32) -> i32 {\n    a - b\n}\n\npub fn top(a: i32, b: i32) -> i32 {\n    use std::cmp::max;\n    max(a, b)\n}\n",
        "`use` inside a function bringing `max`, a name the unit or its file also has",
    );
    declines(
        "pub fn top(a: i32, b: i32) -> i32 {\n    use std::cmp::max as min;\n    min(a, b)\n}\n",
        "`use` inside a function renaming with `as`",
    );
}

/// A file-level `use` renaming a leaf with `as` brings neither name as the
/// standard item: `min` here is `max`. (Regression: the call was written
/// as Python's and JavaScript's minimum.)
#[test]
fn a_use_renamed_with_as_is_not_the_standard_item() {
    let lib =
        "use std::cmp::max as min;\n\npub fn top(a: i32, b: i32) -> i32 {\n    min(a, b)\n}\n";
    let (dir, src) = crate_of(lib);
    for to in ["py", "js"] {
        let out = dir.path().join(format!("out-{to}"));
        let log = rules_log(to, &[], &out, &src);
        assert!(
            log.contains("rules declined: call to `min` at line 4"),
            "{to}: {log}"
        );
    }
}

/// Parameter patterns the rules do not take: a struct pattern, a nested
/// tuple (its unpacking is not checked), a tuple pattern of a type that is
/// no tuple of its length.
#[test]
fn parameter_patterns_the_rules_do_not_take_are_declined() {
    declines(
        "pub struct P {\n    pub x: i32,\n}\npub fn f(P { x }: P) -> i32 {\n    x\n}\n",
        "parameter pattern",
    );
    declines(
        "pub fn f(((a, b), c): ((i32, i32), i32)) -> i32 {\n    a + b + c\n}\n",
        "parameter pattern",
    );
}

/// An attribute that keeps or drops code by the build (`#[cfg(..)]`) is
/// declined where it stands, in a function or on a struct.
#[test]
fn cfg_attributes_are_declined() {
    declines(
        "pub fn f() -> bool {\n    #[cfg(windows)]\n    let on = true;\n    #[cfg(not(windows))]\n    let on = false;\n    on\n}\n",
        "attribute `#[cfg(windows)]` inside a function",
    );
    declines(
        "#[cfg(feature = \"std\")]\npub struct S {\n    pub n: i32,\n}\n",
        "attribute `#[cfg(feature = \"std\")]` of a struct",
    );
    // On a function and on a method: each used to be passed over, as if
    // every build had the item.
    declines(
        "#[cfg(unix)]\npub fn f() -> i32 {\n    1\n}\n",
        "attribute `#[cfg(unix)]` at line 1",
    );
    declines(
        "pub struct S {\n    pub n: i32,\n}\nimpl S {\n    #[cfg(unix)]\n    pub fn n(&self) -> i32 {\n        self.n\n    }\n}\n",
        "attribute `#[cfg(unix)]` in an `impl`",
    );
}

/// The names of the tests that failed, from the output of a Rust test
/// binary (`test tests::name ... FAILED`), of `python3 -m unittest -v`
/// (`(name) ... FAIL`) or of `node --test` (`not ok 3 - name`), sorted.
fn failed_tests(output: &str) -> Vec<String> {
    let mut failed: Vec<String> = output
        .lines()
        .filter_map(|l| {
            if let Some(rest) = l.strip_prefix("test ") {
                // `tests::name ... FAILED`, or `tests::name - should panic
                // ... FAILED` for a `#[should_panic]` test.
                let name = rest.strip_suffix(" ... FAILED")?;
                let name = name.strip_suffix(" - should panic").unwrap_or(name);
                return Some(name.rsplit("::").next().unwrap_or(name).to_string());
            }
            if let Some(rest) = l.strip_prefix("not ok ") {
                return rest.split_once(" - ").map(|(_, n)| n.trim().to_string());
            }
            let (name, verdict) = l.split_once(") ... ")?;
            let name = name.rsplit('(').next()?;
            matches!(verdict, "FAIL" | "ERROR").then(|| name.to_string())
        })
        .collect();
    failed.sort();
    failed
}

/// `#[should_panic]` tests pass where their body panics and fail where it
/// returns, in the translations as under `rustc --test`: a `panic!` with a
/// message, an index past the end and no panic at all, run by `unittest`
/// and `node --test`. `expected = ".."` checks the panic's message, which
/// the translations do not carry (`panic!("negative: {}", n)` raises with
/// no message), so it is declined.
#[test]
fn should_panic_tests_pass_where_the_body_panics() {
    let lib = "pub fn checked(n: i32) -> i32 {\n    if n < 0 {\n        panic!(\"negative: {}\", n);\n    }\n    n * 2\n}\n\npub fn pick(v: &[i32], i: usize) -> i32 {\n    v[i]\n}\n\n#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn doubles() {\n        assert_eq!(checked(2), 4);\n    }\n\n    #[test]\n    #[should_panic]\n    fn panics_on_negative() {\n        checked(-1);\n    }\n\n    #[test]\n    #[should_panic]\n    fn does_not_panic() {\n        checked(3);\n    }\n\n    #[test]\n    #[should_panic]\n    #[allow(unused_must_use)]\n    fn index_past_end() {\n        pick(&[1, 2], 5);\n    }\n\n    #[test]\n    #[should_panic]\n    fn a_failed_assertion() {\n        assert_eq!(checked(1), 3);\n    }\n}\n";
    let (dir, src) = crate_of(lib);
    let bin = dir.path().join("tests_bin");
    let compiled = Command::new("rustc")
        .args(["--edition", "2021", "--test", "-o"])
        .arg(&bin)
        .arg(src.join("lib.rs"))
        .output()
        .expect("rustc runs");
    assert!(
        compiled.status.success(),
        "{}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let ran = Command::new(&bin).output().expect("the tests run");
    let want = failed_tests(&String::from_utf8_lossy(&ran.stdout));
    assert_eq!(want, ["does_not_panic"]);

    let log = rules_log("py", &[], &dir.path().join("pkg"), &src);
    assert!(log.contains("3 units: 3 translated"), "{log}");
    let ran = Command::new("python3")
        .args(["-m", "unittest", "-v", "pkg"])
        .current_dir(dir.path())
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&ran.stderr);
    assert!(stderr.contains("Ran 5 tests"), "{stderr}");
    assert_eq!(failed_tests(&stderr), want, "{stderr}");

    let out = dir.path().join("js");
    let log = rules_log("js", &[], &out, &src);
    assert!(log.contains("3 units: 3 translated"), "{log}");
    let ran = Command::new("node")
        .arg("--test")
        .arg(out.join("index.js"))
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&ran.stdout);
    assert!(stdout.contains("# tests 5"), "{stdout}");
    assert_eq!(failed_tests(&stdout), want, "{stdout}");

    // The message `expected` names is not carried: declined, naming why.
    let with_message = lib.replace(
        "#[should_panic]\n    fn panics_on_negative",
        "#[should_panic(expected = \"negative: -1\")]\n    fn panics_on_negative",
    );
    std::fs::write(src.join("lib.rs"), with_message).expect("write the source");
    let log = rules_log("py", &[], &dir.path().join("pkg2"), &src);
    assert!(log.contains("the panic's message is not carried"), "{log}");
}

/// A hand-written `impl Debug` building its text with the `Formatter`'s
/// debug builders (`debug_struct`, `debug_tuple`, `debug_list`,
/// `debug_set`, `finish_non_exhaustive`), as its only write or in steps:
/// `repr` in Python and `console.log` in Node print Rust's `{:?}` text.
/// Each value is an integer, a `bool` or a C-like enum with a derived
/// `Debug`, whose `{:?}` the targets print exactly.
#[test]
fn debug_builders_write_rusts_debug_text() {
    let lib = "use std::fmt;\n\n#[derive(Clone, Copy, Debug, PartialEq)]\npub enum Kind {\n    Data,\n    Code,\n}\n\npub struct Cache {\n    pub level: u8,\n    pub size: u32,\n    pub shared: bool,\n    pub kind: Kind,\n}\n\nimpl Cache {\n    pub fn ways(&self) -> u32 {\n        self.size / 64\n    }\n}\n\nimpl fmt::Debug for Cache {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {\n        f.debug_struct(\"Cache\")\n            .field(\"level\", &self.level)\n            .field(\"size\", &self.size)\n            .field(\"ways\", &self.ways())\n            .field(\"shared\", &self.shared)\n            .field(\"kind\", &self.kind)\n            .finish()\n    }\n}\n\npub struct Pair(pub i64, pub i64);\n\nimpl fmt::Debug for Pair {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {\n        if self.0 == self.1 {\n            return f.debug_tuple(\"Same\").field(&self.0).finish();\n        }\n        f.debug_tuple(\"Pair\").field(&self.0).field(&self.1).finish()\n    }\n}\n\npub struct Hidden {\n    pub a: u16,\n}\n\nimpl fmt::Debug for Hidden {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {\n        write!(f, \"<\")?;\n        f.debug_struct(\"Hidden\").field(\"a\", &self.a).finish_non_exhaustive()?;\n        f.debug_list().entry(&self.a).entry(&(self.a + 1)).finish()?;\n        f.debug_set().finish()?;\n        f.debug_tuple(\"Unit\").finish()?;\n        f.debug_struct(\"Empty\").finish_non_exhaustive()?;\n        write!(f, \">\")\n    }\n}\n";
    let (dir, src) = crate_of(lib);
    let want = run_main(
        dir.path(),
        lib,
        "\"{:?}\\n{:?}\\n{:?}\\n{:?}\", Cache { level: 2, size: 4096, shared: true, kind: Kind::Code }, Pair(3, -4), Pair(7, 7), Hidden { a: 9 }",
    );
    assert_eq!(
        want,
        "Cache { level: 2, size: 4096, ways: 64, shared: true, kind: Code }\nPair(3, -4)\nSame(7)\n<Hidden { a: 9, .. }[9, 10]{}UnitEmpty { .. }>"
    );
    translate_and_run(
        dir.path(),
        &src,
        "8 units: 8 translated",
        &[
            (
                "py",
                "pkg",
                "from pkg import *\nprint(repr(Cache(2, 4096, True, Kind.Code)))\nprint(repr(Pair(3, -4)))\nprint(repr(Pair(7, 7)))\nprint(repr(Hidden(9)))\n",
            ),
            (
                "js",
                "js",
                "\nconsole.log(new Cache(2, 4096, true, Kind.Code));\nconsole.log(new Pair(3, -4));\nconsole.log(new Pair(7, 7));\nconsole.log(new Hidden(9));\n",
            ),
        ],
        &want,
    );
}

/// What the debug builders do not take: a value whose `{:?}` the targets
/// do not print as Rust does (a string, which `Debug` quotes and escapes;
/// a float; an enum whose `Debug` is written by hand), a builder bound to
/// a name, `entries`, and a field name that is not a literal.
#[test]
fn debug_builder_values_the_targets_cannot_print_are_declined() {
    let head = "use std::fmt;\npub struct S {\n    pub a: String,\n    pub x: f64,\n    pub v: Vec<u8>,\n}\nimpl fmt::Debug for S {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {\n";
    let tail = "\n    }\n}\n";
    for (body, construct) in [
        (
            "f.debug_struct(\"S\").field(\"a\", &self.a).finish()",
            "`{:?}` of a value of type str in a debug builder",
        ),
        (
            "f.debug_tuple(\"S\").field(&self.x).finish()",
            "`{:?}` of a value of type float in a debug builder",
        ),
        (
            "let mut d = f.debug_list();\n        d.entry(&1);\n        d.finish()",
            "`f.debug_list()` of the `Formatter`",
        ),
        (
            "f.debug_list().entries(self.v.iter()).finish()",
            "`entries` of a `debug_list` builder",
        ),
        (
            "let n = \"a\";\n        f.debug_struct(\"S\").field(n, &1).finish()",
            "a debug builder's name that is not a string literal",
        ),
    ] {
        declines(&format!("{head}        {body}{tail}"), construct);
    }
    // An enum with its own `Debug` may print other than its variant's name.
    declines(
        "use std::fmt;\n#[derive(Clone, Copy)]\npub enum K {\n    A,\n}\nimpl fmt::Debug for K {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {\n        write!(f, \"k\")\n    }\n}\npub struct S {\n    pub k: K,\n}\nimpl fmt::Debug for S {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {\n        f.debug_tuple(\"S\").field(&self.k).finish()\n    }\n}\n",
        "`{:?}` of a value of type K in a debug builder",
    );
    // Nor is its `{:?}` in a `format!` the variant's name (it was, wrongly).
    declines(
        "use std::fmt;\n#[derive(Clone, Copy)]\npub enum K {\n    A,\n}\nimpl fmt::Debug for K {\n    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {\n        write!(f, \"k\")\n    }\n}\npub fn show(k: K) -> String {\n    format!(\"{:?}\", k)\n}\n",
        "`{:?}` of an enum without `#[derive(Debug)]`",
    );
}

/// Where the impl a call reaches is not chosen by the receiver's Rust type
/// alone, the call is declined: through a type parameter's bound (the
/// impl chosen by the type argument, erased in the targets), a default
/// method of the trait (not written by the impl), and an impl for a type
/// this rule does not model (a reference), with a `&mut self` method
/// (a number is passed by value).
#[test]
fn calls_of_primitive_impls_not_chosen_statically_are_declined() {
    let impls = "pub trait Width {\n    fn bits(&self) -> usize;\n    fn twice(&self) -> usize {\n        self.bits() * 2\n    }\n}\nimpl Width for u8 {\n    fn bits(&self) -> usize {\n        8\n    }\n}\n";
    declines(
        &format!("pub fn generic<T: Width>(x: T) -> usize {{\n    x.bits()\n}}\n{impls}"),
        "method `bits` of T",
    );
    declines(
        &format!("pub fn default_method(a: u8) -> usize {{\n    a.bits() + a.twice()\n}}\n{impls}"),
        "default method `twice` of `Width` called on a value of type u8",
    );
    declines(
        "pub trait Width {\n    fn bits(&self) -> usize;\n}\nimpl Width for &u16 {\n    fn bits(&self) -> usize {\n        16\n    }\n}\n",
        "`impl` of a type that is not a plain name",
    );
    declines(
        "pub trait Bump {\n    fn bump(&mut self);\n}\nimpl Bump for u32 {\n    fn bump(&mut self) {\n        *self += 1;\n    }\n}\n",
        "`&mut self` method of an `impl` for u32",
    );
    // Only `From<X>` of a plain type name is told apart by its argument.
    declines(
        "impl From<Option<u8>> for u32 {\n    fn from(x: Option<u8>) -> Self {\n        7\n    }\n}\n",
        "`impl From<Option<u8>> for u32`, of a trait with arguments",
    );
    declines(
        "pub fn literal() -> usize {\n    5.bits()\n}\npub trait Width {\n    fn bits(&self) -> usize;\n}\nimpl Width for i32 {\n    fn bits(&self) -> usize {\n        8\n    }\n}\n",
        "method `bits` of a literal without a suffix",
    );
}

/// The crate of `values_of_types_the_engine_does_not_model_are_held_opaquely`:
/// a struct holding a `PathBuf`, an `AtomicUsize` and an `Option` of an
/// `Rc<RefCell<..>>` besides a bool and a number, an enum with a `PathBuf`
/// payload, and functions that store, move, pass on, return and take out
/// of an `Option` those values, reading only the modelled fields.
const OPAQUE_LIB: &str = r#"use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;
use std::sync::atomic::AtomicUsize;

pub struct Holder {
    path: PathBuf,
    shared: Option<Rc<RefCell<Vec<u8>>>>,
    hits: AtomicUsize,
    on: bool,
    n: u32,
}

impl Holder {
    pub fn make(path: PathBuf, hits: AtomicUsize, on: bool, n: u32) -> Holder {
        Holder { path, shared: None, hits, on, n }
    }

    pub fn is_on(&self) -> bool {
        self.on
    }

    pub fn weight(&self) -> u32 {
        let shared = &self.shared;
        if let Some(s) = shared {
            self.n * 2
        } else {
            self.n
        }
    }

    pub fn share(&mut self, s: Rc<RefCell<Vec<u8>>>) {
        self.shared = Some(s);
    }

    pub fn relabel(mut self, path: PathBuf) -> Holder {
        self.path = path;
        self.on = !self.on;
        self
    }

    pub fn path(&self) -> &PathBuf {
        &self.path
    }
}

pub fn flag(h: &Holder) -> bool {
    h.is_on() && h.n > 1
}

pub fn pass_on(h: Holder, p: PathBuf) -> Holder {
    let q = p;
    h.relabel(q)
}

pub fn pick(a: PathBuf, b: PathBuf, first: bool) -> (PathBuf, bool) {
    if first {
        (a, true)
    } else {
        (b, false)
    }
}

pub fn shared_weight(h: &Holder) -> u32 {
    match &h.shared {
        Some(s) => h.n + 1,
        None => h.n,
    }
}

pub enum Source {
    File(PathBuf),
    Stdin,
}

pub fn source(p: PathBuf, file: bool) -> Source {
    if file {
        Source::File(p)
    } else {
        Source::Stdin
    }
}

pub fn is_file(s: &Source) -> bool {
    match s {
        Source::File(_) => true,
        Source::Stdin => false,
    }
}

pub fn file_of(s: Source) -> Option<PathBuf> {
    match s {
        Source::File(p) => Some(p),
        Source::Stdin => None,
    }
}
"#;

/// Values of types the engine does not model (another crate's or a
/// standard type it does not read) are held opaquely: stored in fields,
/// moved, passed on, returned, put in and taken out of an `Option` and a
/// variant's payload, while the methods read the modelled fields beside
/// them. The drivers build the opaque values themselves (a translation
/// constructs none): Rust with `PathBuf::from`, Python and JavaScript with
/// plain objects, and the path returned is the one passed in (`is`,
/// `===`).
/// A `Result` holding a type held opaquely flows where one of the same
/// types is expected (it was declined as a mismatch of opaque types).
#[test]
fn a_result_of_an_opaque_type_flows_where_the_same_result_is_expected() {
    let source = "use std::path::PathBuf;\n\npub fn first_ok(a: Result<PathBuf, String>, b: Result<PathBuf, String>) -> Result<PathBuf, String> {\n    let chosen = if a.is_ok() { a } else { b };\n    let path = chosen?;\n    Ok(path)\n}\n";
    for to in [Lang::Python, Lang::JavaScript] {
        let code = translate(Lang::Rust, to, source, None).expect("translated");
        assert!(code.contains("\"Err\""), "{code}");
    }
}

#[test]
fn values_of_types_the_engine_does_not_model_are_held_opaquely() {
    let (dir, src) = crate_of(OPAQUE_LIB);
    let want = run_main(
        dir.path(),
        OPAQUE_LIB,
        r#""{}", {
        let mut h = Holder::make(PathBuf::from("a"), AtomicUsize::new(3), true, 4);
        let mut out = vec![flag(&h).to_string(), h.weight().to_string(), shared_weight(&h).to_string()];
        h.share(Rc::new(RefCell::new(vec![1])));
        out.push(h.weight().to_string());
        out.push(shared_weight(&h).to_string());
        let (p, first) = pick(PathBuf::from("x"), PathBuf::from("y"), false);
        let h2 = pass_on(h, p);
        out.push(h2.is_on().to_string());
        out.push(first.to_string());
        out.push(flag(&h2).to_string());
        out.push((h2.path() == &PathBuf::from("y")).to_string());
        let f = source(PathBuf::from("z"), true);
        out.push(is_file(&f).to_string());
        out.push(is_file(&source(PathBuf::from("z"), false)).to_string());
        out.push((file_of(f) == Some(PathBuf::from("z"))).to_string());
        out.push(file_of(Source::Stdin).is_none().to_string());
        format!("[{}]", out.join(","))
    }"#,
    );
    assert_eq!(
        want,
        "[true,4,4,8,5,false,false,false,true,true,false,true,true]"
    );
    translate_and_run(
        dir.path(),
        &src,
        "10 units: 10 translated",
        &[
            (
                "py",
                "pkg",
                "import json, pkg\nx, y, z = object(), object(), object()\nh = pkg.Holder.make(object(), object(), True, 4)\nout = [pkg.flag(h), h.weight(), pkg.shared_weight(h)]\nh.share(object())\nout += [h.weight(), pkg.shared_weight(h)]\np, first = pkg.pick(x, y, False)\nh2 = pkg.pass_on(h, p)\nout += [h2.is_on(), first, pkg.flag(h2), h2.path_() is y]\nf = pkg.source(z, True)\nout += [pkg.is_file(f), pkg.is_file(pkg.source(z, False)), pkg.file_of(f) is z, pkg.file_of(pkg.Source.Stdin) is None]\nprint(json.dumps(out, separators=(',', ':')))\n",
            ),
            (
                "js",
                "js",
                "\nconst [x, y, z] = [{}, {}, {}];\nconst h = Holder.make({}, {}, true, 4);\nconst out = [flag(h), h.weight(), sharedWeight(h)];\nh.share({});\nout.push(h.weight(), sharedWeight(h));\nconst [p, first] = pick(x, y, false);\nconst h2 = passOn(h, p);\nout.push(h2.is_on(), first, flag(h2), h2.path_() === y);\nconst f = source(z, true);\nout.push(isFile(f), isFile(source(z, false)), fileOf(f) === z, fileOf(Source.Stdin) === null);\nconsole.log(JSON.stringify(out));\n",
            ),
        ],
        &want,
    );
}

/// Every operation that would read, compare, print, copy, iterate or build
/// a value of a type held opaque is declined at its line, naming the type;
/// so are a struct's derived `==`, `clone()`, `{:?}` and `Default` where a
/// field is of such a type, a `clone()` of an enum whose payload is, a value of a modelled type passed where an
/// opaque type (perhaps an alias of it) is declared and back, and a
/// `&mut` parameter of one (`*r = v` would not reach the caller).
#[test]
fn operations_on_values_held_opaquely_are_declined() {
    let held = "#[derive(Clone, Debug, PartialEq, Default)]\npub struct H {\n    p: std::path::PathBuf,\n    on: bool,\n}\n";
    for (source, construct) in [
        ("fn f(p: std::path::PathBuf) -> bool {\n    p.exists()\n}", "method `exists` of `std::path::PathBuf` at line 2"),
        ("fn f(a: std::path::PathBuf, b: std::path::PathBuf) -> bool {\n    a == b\n}", "a comparison of a value of type `std::path::PathBuf`"),
        ("fn f(a: (std::path::PathBuf, u8), b: (std::path::PathBuf, u8)) -> bool {\n    a == b\n}", "a comparison of a value of type tuple[`std::path::PathBuf`, u8]"),
        ("fn f(a: std::path::PathBuf) -> (std::path::PathBuf, std::path::PathBuf) {\n    (a.clone(), a)\n}", "`clone()` of `std::path::PathBuf`"),
        ("fn f(a: std::path::PathBuf) -> String {\n    a.to_string()\n}", "`to_string()` of `std::path::PathBuf`"),
        ("fn f(a: std::path::PathBuf) -> String {\n    format!(\"{:?}\", a)\n}", "`{:?}`"),
        ("fn f(v: Vec<std::path::PathBuf>) -> usize {\n    let mut n = 0;\n    for p in v.iter() {\n        n += 1;\n    }\n    n\n}", "iterating of a value of type list[`std::path::PathBuf`]"),
        ("fn f(v: Vec<std::path::PathBuf>, p: std::path::PathBuf) -> bool {\n    v.contains(&p)\n}", "of a value of type `std::path::PathBuf`"),
        ("fn f() -> std::path::PathBuf {\n    std::path::PathBuf::new()\n}", "call to `std::path::PathBuf::new`"),
        ("fn f(a: std::sync::atomic::AtomicUsize) -> usize {\n    a.load(std::sync::atomic::Ordering::SeqCst)\n}", "method `load` of `std::sync::atomic::AtomicUsize`"),
        ("fn f(mut a: std::path::PathBuf, mut b: std::path::PathBuf) -> std::path::PathBuf {\n    std::mem::swap(&mut a, &mut b);\n    a\n}", "`std::mem::swap`"),
        ("fn f(r: &mut std::path::PathBuf, v: std::path::PathBuf) {\n    *r = v;\n}", "assignment through a reference"),
        ("fn f(b: Bytes) -> Vec<u8> {\n    b\n}", "a value of type `Bytes` where list[u8] is expected"),
        ("fn f(b: Vec<u8>) -> Bytes {\n    b\n}", "a value of type list[u8] where `Bytes` is expected"),
        ("fn f(b: Box<u8>) -> u8 {\n    *b\n}", "a value of type `Box<u8>` where u8 is expected"),
        (&format!("{held}fn f(h: H) -> bool {{\n    h.clone().on\n}}"), "method `clone` of `H`"),
        (&format!("{held}fn f(h: H, g: H) -> bool {{\n    h == g\n}}"), "`==` between struct values"),
        (&format!("{held}fn f(h: H) -> String {{\n    format!(\"{{:?}}\", h)\n}}"), "struct value printed"),
        (&format!("{held}fn f() -> bool {{\n    H::default().on\n}}"), "`Default::default()` of `std::path::PathBuf`"),
        // A copy of an enum whose payload is held opaque would share it.
        ("#[derive(Clone)]\npub enum S {\n    File(std::path::PathBuf),\n    Stdin,\n}\nfn f(s: &S) -> S {\n    s.clone()\n}", "copy of struct values at line 7"),
    ] {
        declines(source, construct);
    }
}
