//! The rules engine from Rust, construct by construct: each case is a Rust
//! function and inputs for it (JSON argument lists). All cases are compiled
//! together into one Rust program with `rustc`, which calls each function on
//! its inputs; the Python and JavaScript translations run on the same inputs
//! in one `python3` and one `node` process, and every result the Rust
//! program gives (it did not panic) must be the translation's too.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use xlate::engine::{self, Context, Outcome, TranslationRequest};
use xlate::lang::{to_camel_case, Lang};
use xlate::units::SegmentKind;
use xlate::verify;

use super::rules::{run, same};

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

/// Translates one Rust unit with the rules engine, helpers first.
fn translate(to: Lang, source: &str) -> Result<String, String> {
    let engines = engine::build("rules").expect("the rules engine exists");
    let request = TranslationRequest {
        from: Lang::Rust,
        to,
        kind: SegmentKind::Function,
        name: None,
        source: source.to_string(),
        path: PathBuf::from("case.rs"),
        first_line: 1,
        context: Context::default(),
    };
    let translation = engines[0].translate(&request).expect("the engine runs");
    match translation.outcome {
        Outcome::Declined(reason) => Err(reason),
        Outcome::Candidates(candidates) => {
            let c = &candidates[0];
            let accepted = verify::check(&c.text, to, SegmentKind::Function).unwrap_or_else(|e| {
                panic!("translation does not pass the checks: {e}\n{}", c.text)
            });
            let mut code = String::new();
            for s in &c.support {
                code.push_str(&s.code);
                code.push('\n');
            }
            code.push_str(&accepted.code);
            Ok(code)
        }
    }
}

/// The parameter types of `fn name(a: T, b: U) -> R`, as written.
fn parameter_types(source: &str) -> Vec<String> {
    let open = source.find('(').expect("a parameter list");
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
    if let Some(inner) = ty.strip_prefix('&') {
        let inner = inner.trim_start().strip_prefix("mut ").unwrap_or(inner);
        return match inner.trim() {
            "str" => rust_literal(v, "&'static str"),
            inner => format!("&{}", rust_literal(v, inner)),
        };
    }
    let inner_of = |prefix: &str| {
        ty.strip_prefix(prefix)
            .and_then(|t| t.strip_suffix('>').or_else(|| t.strip_suffix(']')))
            .map(str::to_string)
    };
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
        "&'static str" => serde_json::to_string(v).expect("str"),
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
impl<A: J, B: J> J for (A, B) { fn j(&self) -> String { format!("[{},{}]", self.0.j(), self.1.j()) } }
impl<A: J, B: J, C: J> J for (A, B, C) { fn j(&self) -> String { format!("[{},{},{}]", self.0.j(), self.1.j(), self.2.j()) } }
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

/// Translates every case into `to`, runs both sides and compares.
fn check(to: Lang, cases: &[Case]) {
    let expected = run_rust(cases);
    let mut targets = Vec::new();
    let mut failures = Vec::new();
    for c in cases {
        match translate(to, c.source) {
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
    assert!(failures.is_empty(), "cases declined:\n{}", failures.join("\n"));
    let actual = run(to, &targets);
    for (i, c) in cases.iter().enumerate() {
        let compared = expected[i].iter().filter(|r| r.get("ok").is_some()).count();
        if compared == 0 {
            failures.push(format!("{}: the source accepts none of the inputs", c.name));
        }
        assert_eq!(expected[i].len(), actual[i].len(), "{}: result count", c.name);
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

/// Asserts that a Rust unit is declined in both directions, naming the
/// construct and a line.
fn declines(source: &str, construct: &str) {
    for to in [Lang::Python, Lang::JavaScript] {
        match translate(to, source) {
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
        // Integer `/` truncates toward zero and `%` keeps the dividend's
        // sign: Python's `//` and `%` floor, so plain operators are wrong on
        // negatives.
        case(
            "int_div_rem",
            "pub fn int_div_rem(a: i32, b: i32) -> (i32, i32) {\n    (a / b, a % b)\n}",
            "[[7, 2], [-7, 2], [7, -2], [-7, -2], [0, 3], [1, 0]]",
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
fn rust_constructs_the_engine_does_not_know_are_declined_with_their_line() {
    declines(
        "fn f(x: i32) -> i32 {\n    unsafe { x }\n}",
        "`unsafe`",
    );
}
