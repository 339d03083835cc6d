//! Deeply nested and very long code (issue 11): a stack overflow cannot be
//! caught, so before the fix a 1,500-term `+` chain aborted the whole run
//! (SIGABRT, no report, other outputs half written). Every walk over user
//! syntax must now finish: the rules engine declines a unit nested deeper
//! than it can follow, naming the nesting, and the rest of the file and the
//! run go on.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::util::{report, tree, xlate};

/// Terms of the `+` chains.
const TERMS: usize = 10_000;
/// Depth of the brackets, calls and blocks.
const DEPTH: usize = 5_000;
/// tree-sitter-python keeps its indentation levels in a fixed buffer, so
/// xlate does not parse Python indented more than 383 levels deep (see
/// `depth::MAX_PYTHON_INDENT_WIDTHS`): the nested `if`s go almost that deep,
/// with deep parentheses inside to pass the engine's bound.
const PYTHON_BLOCKS: usize = 380;

/// Names of the units of the sources below that nest too deep.
const DEEP_FUNCTIONS: &[&str] = &["chain", "parens", "lists", "calls", "blocks"];
/// Names of the plain functions around them, which must still translate.
const PLAIN_FUNCTIONS: &[&str] = &["ok", "ok2", "ok3"];

fn chain(terms: &[&str]) -> String {
    terms
        .iter()
        .cycle()
        .take(TERMS)
        .copied()
        .collect::<Vec<_>>()
        .join(" + ")
}

fn nest(open: &str, inner: &str, close: &str, depth: usize) -> String {
    format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
}

/// A Python file with every kind of deep code, in functions and at top
/// level, between plain functions.
fn python() -> String {
    let mut s = String::from("def ok(a):\n    return a + 1\n\n");
    s += &format!("def chain(x, y):\n    return {}\n\n", chain(&["x", "y"]));
    s += &format!(
        "def parens(x):\n    return {}\n\n",
        nest("(", "x", ")", DEPTH)
    );
    s += &format!(
        "def lists(x):\n    return {}\n\n",
        nest("[", "x", "]", DEPTH)
    );
    s += &format!(
        "def calls(x):\n    return {}\n\n",
        nest("abs(", "x", ")", DEPTH)
    );
    s += "def blocks(x):\n";
    for level in 1..=PYTHON_BLOCKS {
        s += &format!("{}if x:\n", " ".repeat(level));
    }
    s += &format!(
        "{}return {}\n\n",
        " ".repeat(PYTHON_BLOCKS + 1),
        nest("(", "x", ")", 300)
    );
    s += &format!("TOTAL = {}\n\n", chain(&["1"]));
    s += "def ok2(a):\n    return a * 2\n\n";
    s += &format!("NESTED = {}\n\n", nest("[", "1", "]", DEPTH));
    s += "def ok3(a):\n    return a - 1\n";
    s
}

/// The same for JavaScript. The blocks are on one line: written as a
/// `TODO(xlate)` block in a Python output, ten thousand comment lines would
/// take tree-sitter-python minutes to reparse.
fn javascript() -> String {
    let mut s = String::from("function ok(a) {\n  return a + 1;\n}\n\n");
    s += &format!(
        "function chain(x, y) {{\n  return {};\n}}\n\n",
        chain(&["x", "y"])
    );
    s += &format!(
        "function parens(x) {{\n  return {};\n}}\n\n",
        nest("(", "x", ")", DEPTH)
    );
    s += &format!(
        "function lists(x) {{\n  return {};\n}}\n\n",
        nest("[", "x", "]", DEPTH)
    );
    s += &format!(
        "function calls(x) {{\n  return {};\n}}\n\n",
        nest("Math.abs(", "x", ")", DEPTH)
    );
    s += &format!(
        "function blocks(x) {{\n  {}\n  return 0;\n}}\n\n",
        nest("if (x) { ", "return x;", " }", DEPTH)
    );
    s += &format!("const TOTAL = {};\n\n", chain(&["1"]));
    s += "function ok2(a) {\n  return a * 2;\n}\n\n";
    s += &format!("const NESTED = {};\n\n", nest("[", "1", "]", DEPTH));
    s += "function ok3(a) {\n  return a - 1;\n}\n";
    s
}

/// The same for Rust, which no engine but identity translates yet.
fn rust() -> String {
    let mut s = String::from("fn ok(a: i64) -> i64 {\n    a + 1\n}\n\n");
    s += &format!(
        "fn chain(x: i64, y: i64) -> i64 {{\n    {}\n}}\n\n",
        chain(&["x", "y"])
    );
    s += &format!(
        "fn parens(x: i64) -> i64 {{\n    {}\n}}\n\n",
        nest("(", "x", ")", DEPTH)
    );
    s += &format!(
        "fn lists(x: i64) -> i64 {{\n    {}[0]\n}}\n\n",
        nest("[", "x", "]", DEPTH)
    );
    s += &format!(
        "fn calls(x: i64) -> i64 {{\n    {}\n}}\n\n",
        nest("abs(", "x", ")", DEPTH)
    );
    s += &format!(
        "fn blocks(x: bool) -> i64 {{\n    {}\n}}\n\n",
        nest("if x { ", "1", " } else { 0 }", DEPTH)
    );
    s += &format!("const TOTAL: i64 = {};\n\n", chain(&["1"]));
    s += "fn ok2(a: i64) -> i64 {\n    a * 2\n}\n\n";
    s += &format!("static NESTED: i64 = {};\n\n", nest("(", "1", ")", DEPTH));
    s += "fn ok3(a: i64) -> i64 {\n    a - 1\n}\n";
    s
}

/// The process ended by itself, with a status of its own (0 or 1), not
/// killed by a signal.
fn exited_normally(output: &Output, what: &str) -> i32 {
    let code = output.status.code().unwrap_or_else(|| {
        panic!(
            "{what}: killed by a signal ({:?})\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert!(
        code == 0 || code == 1,
        "{what}: exit {code}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    code
}

fn translate(src: &Path, engine: &str, to: &str, out: &Path) -> Output {
    xlate()
        .args([
            "translate",
            "--no-cache",
            "--engine",
            engine,
            "--to",
            to,
            "--out",
        ])
        .arg(out)
        .arg(src)
        .output()
        .expect("xlate runs")
}

/// The units of the one file of a report, by name (glue as `glue:N`, in
/// order).
fn units(report: &Value) -> Vec<(String, Value)> {
    let mut glue = 0;
    report["files"][0]["units"]
        .as_array()
        .expect("units in the report")
        .iter()
        .map(|u| {
            let name = match u["name"].as_str() {
                Some(name) => name.to_string(),
                None => {
                    glue += 1;
                    format!("glue:{glue}")
                }
            };
            (name, u.clone())
        })
        .collect()
}

/// Runs the rules engine between Python and JavaScript on a deep file.
fn rules_decline_the_deep_units(file: &str, source: String, to: &str, plain_marker: &str) {
    let src = tree(&[(file, source.as_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let output = translate(src.path(), "rules", to, out.path());
    assert_eq!(exited_normally(&output, file), 1, "the deep units fail");
    let report = report(out.path());
    let units = units(&report);
    let names: Vec<&str> = units.iter().map(|(n, _)| n.as_str()).collect();
    // Deep functions and deep top-level code (the two glue segments).
    for name in DEEP_FUNCTIONS.iter().copied().chain(["glue:1", "glue:2"]) {
        let (_, unit) = units
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{file}: no unit {name} in {names:?}"));
        assert_eq!(unit["status"], "failed", "{file}: {name}: {unit}");
        let reason = unit["reasons"][0].as_str().unwrap_or_default();
        assert!(
            reason.contains("nested deeper than 1000 levels at line"),
            "{file}: {name}: {reason}"
        );
    }
    for name in PLAIN_FUNCTIONS {
        let (_, unit) = units
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{file}: no unit {name} in {names:?}"));
        assert_eq!(unit["status"], "translated", "{file}: {name}: {unit}");
    }
    let written = std::fs::read_to_string(
        out.path()
            .join(Path::new(file).with_extension(if to == "python" { "py" } else { "js" })),
    )
    .expect("the translation is written");
    assert!(written.contains(plain_marker), "{written:.400}");
    assert!(written.contains("TODO(xlate)"));
}

/// The identity engine and `xlate units` follow no recursion: the deep
/// file comes back byte for byte, and every unit is listed.
fn identity_and_units_survive(file: &str, source: String, lang: &str) {
    let src = tree(&[(file, source.as_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let output = translate(src.path(), "identity", lang, out.path());
    assert_eq!(exited_normally(&output, file), 0);
    let report = report(out.path());
    assert_eq!(report["totals"]["units_failed"], 0, "{report}");
    let written = std::fs::read(out.path().join(file)).expect("the output is written");
    assert!(written == source.as_bytes(), "{file} changed");

    let output = xlate()
        .arg("units")
        .arg(src.path())
        .output()
        .expect("xlate runs");
    assert_eq!(exited_normally(&output, file), 0);
    let listing = String::from_utf8(output.stdout).unwrap();
    for name in DEEP_FUNCTIONS.iter().chain(PLAIN_FUNCTIONS) {
        assert!(
            listing.contains(&format!("\t{name}\t")),
            "{name} missing:\n{listing}"
        );
    }
}

#[test]
fn deep_python_is_declined_by_rules_not_a_crash() {
    rules_decline_the_deep_units("d.py", python(), "javascript", "function ok3(a)");
}

#[test]
fn deep_javascript_is_declined_by_rules_not_a_crash() {
    rules_decline_the_deep_units("d.js", javascript(), "python", "def ok3(");
}

#[test]
fn deep_python_survives_identity_and_units() {
    identity_and_units_survive("d.py", python(), "python");
}

#[test]
fn deep_javascript_survives_identity_and_units() {
    identity_and_units_survive("d.js", javascript(), "javascript");
}

#[test]
fn deep_rust_survives_identity_and_units() {
    identity_and_units_survive("d.rs", rust(), "rust");
}

#[test]
fn deep_python_is_declined_by_the_rust_rules_not_a_crash() {
    // Python to Rust runs on the typed IR: its frontend checks the depth
    // before walking, as every frontend does.
    rust_rules_decline_the_deep_units("d.py", python());
}

#[test]
fn deep_javascript_is_declined_by_the_rust_rules_not_a_crash() {
    // JavaScript to Rust runs on the typed IR too: the JavaScript
    // frontend checks the depth before walking.
    rust_rules_decline_the_deep_units("d.js", javascript());
}

/// Translated to Rust by the rules engine, each deep unit of `file` fails
/// with the depth named, and the run ends normally.
fn rust_rules_decline_the_deep_units(file: &str, source: String) {
    let src = tree(&[(file, source.as_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let output = translate(src.path(), "rules", "rust", out.path());
    assert_eq!(exited_normally(&output, file), 1, "the deep units fail");
    let report = report(out.path());
    let units = units(&report);
    for name in DEEP_FUNCTIONS {
        let (_, unit) = units
            .iter()
            .find(|(n, _)| n == name)
            .unwrap_or_else(|| panic!("{file}: no unit {name}"));
        assert_eq!(unit["status"], "failed", "{file}: {name}: {unit}");
        let reason = unit["reasons"][0].as_str().unwrap_or_default();
        assert!(
            reason.contains("nested deeper than 1000 levels at line"),
            "{file}: {name}: {reason}"
        );
    }
}

#[test]
fn deep_rust_is_declined_by_rules_not_a_crash() {
    rules_decline_the_deep_units("d.rs", rust(), "python", "def ok3(a");
    rules_decline_the_deep_units("d.rs", rust(), "javascript", "function ok3(a)");
}

#[test]
fn the_issue_reproduction_no_longer_aborts_the_run() {
    // Issue 11, verbatim: `def d(x, y): return x + y + ...` with 1,500
    // terms, next to an ordinary file that must still be translated.
    let deep = format!(
        "def d(x, y): return {}\n",
        ["x", "y"].repeat(750).join(" + ")
    );
    let src = tree(&[
        ("d.py", deep.as_bytes()),
        ("e.py", b"def e(a):\n    return a + 1\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let output = translate(src.path(), "rules", "javascript", out.path());
    assert_eq!(exited_normally(&output, "d.py"), 1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("d.py:1: function d not translated: rules declined: expression nested deeper than 1000 levels at line 1"),
        "{stderr}"
    );
    let report = report(out.path());
    assert_eq!(report["totals"]["files"], 2);
    assert_eq!(report["totals"]["units_translated"], 1, "{report}");
    let e = std::fs::read_to_string(out.path().join("e.js")).unwrap();
    assert!(e.contains("function e(a)"), "{e}");
}

#[test]
fn python_indented_past_its_parser_is_a_file_error_not_an_abort() {
    // Regression (found by `fuzz`): 600 nested blocks with a string open at
    // the deepest made tree-sitter-python's scanner write past its state
    // buffer, a failed assertion (SIGABRT) in a debug build. Such a file is
    // now refused before it is parsed, and the run goes on.
    let mut s = String::from("def blocks(x):\n");
    for level in 1..=600 {
        s += &format!("{}if x:\n", " ".repeat(level));
    }
    s += &format!("{}return 'open\n", " ".repeat(601));
    for engine in ["rules", "identity"] {
        let to = if engine == "rules" {
            "javascript"
        } else {
            "python"
        };
        let src = tree(&[
            ("b.py", s.as_bytes()),
            ("c.py", b"def c(a):\n    return a\n"),
        ]);
        let out = tempfile::tempdir().unwrap();
        let output = translate(src.path(), engine, to, out.path());
        assert_eq!(exited_normally(&output, "b.py"), 1);
        let report = report(out.path());
        assert_eq!(report["skipped"][0]["path"], "b.py", "{report}");
        let reason = report["skipped"][0]["reason"].as_str().unwrap_or_default();
        assert!(
            reason.contains("indentation nested deeper than 383 levels"),
            "{reason}"
        );
        assert_eq!(report["totals"]["units_translated"], 1, "{report}");
    }
    let output = xlate()
        .arg("units")
        .arg(tree(&[("b.py", s.as_bytes())]).path())
        .output()
        .expect("xlate runs");
    let code = exited_normally(&output, "b.py");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        code == 1 && stderr.contains("indentation nested deeper"),
        "{code}: {stderr}"
    );
}

#[test]
fn a_long_nullish_chain_translates_without_doubling() {
    // Regression (found by `fuzz`): `a ?? b` is written `a if a is not None
    // else b`, so each link of a `??` chain doubled the code; 40 links
    // asked for gigabytes and the process was killed. A chain is now
    // nested from the right, each link written once: it translates, in a
    // size that grows with its length.
    let long = vec!["a"; 40].join(" ?? ");
    let short = ["a"; 4].join(" ?? ");
    let source = format!(
        "function f(a) {{\n  return {long};\n}}\n\nfunction g(a) {{\n  return {short};\n}}\n"
    );
    let src = tree(&[("q.js", source.as_bytes())]);
    let out = tempfile::tempdir().unwrap();
    let output = translate(src.path(), "rules", "python", out.path());
    assert_eq!(exited_normally(&output, "q.js"), 0);
    let report = report(out.path());
    let units = units(&report);
    assert_eq!(units[0].1["status"], "translated", "{report}");
    assert_eq!(units[1].1["status"], "translated", "{report}");
    let written = std::fs::read_to_string(out.path().join("q.py")).expect("q.py");
    assert!(written.len() < 20 * source.len(), "{written:.400}");
}

#[test]
fn a_top_level_return_is_declined_not_a_panic() {
    // Regression (found by `fuzz`): tree-sitter-python takes `return` at top
    // level for a statement, and the rules engine panicked on it.
    let src = tree(&[("r.py", b"return 0\n\n\ndef ok(a):\n    return a\n")]);
    let out = tempfile::tempdir().unwrap();
    let output = translate(src.path(), "rules", "javascript", out.path());
    assert_eq!(exited_normally(&output, "r.py"), 1);
    let report = report(out.path());
    let units = units(&report);
    let reason = units[0].1["reasons"][0].as_str().unwrap_or_default();
    assert!(reason.contains("`return` outside a function"), "{reason}");
    assert_eq!(units[1].1["status"], "translated", "{report}");
}

#[test]
fn the_rules_engine_reads_a_source_that_starts_with_a_byte_order_mark() {
    // Regression (found by `fuzz`): node offsets count from after the mark,
    // and the engine sliced the text with the mark, off by three bytes.
    use xlate::engine::{self, Outcome, TranslationRequest};
    use xlate::lang::Lang;
    use xlate::units::SegmentKind;
    let engines = engine::build("rules").unwrap();
    for (from, to, source) in [
        (Lang::Python, Lang::JavaScript, "\u{feff}x = 1 + 2\n"),
        (Lang::JavaScript, Lang::Python, "\u{feff}const x = 1 + 2;\n"),
    ] {
        let request = TranslationRequest {
            from,
            to,
            kind: SegmentKind::Glue,
            name: None,
            source: source.into(),
            path: "b".into(),
            first_line: 1,
            context: engine::Context {
                imports: source.into(),
                ..engine::Context::default()
            },
        };
        let translation = engines[0].translate(&request).unwrap();
        match translation.outcome {
            Outcome::Candidates(c) => assert!(c[0].text.contains("x = 1 + 2"), "{}", c[0].text),
            Outcome::Declined(reason) => panic!("{from}: {reason}"),
        }
    }
}
