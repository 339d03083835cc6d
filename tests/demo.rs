//! The README's main job: the demo Python tree translated to JavaScript with
//! the default engine, no model, and the translation computing what the
//! source computes.

use std::process::Command;

use crate::util::{fixtures, xlate};

/// Calls made on both sides: (module, Python call, JavaScript call).
const CALLS: &[(&str, &str, &str)] = &[
    (
        "words",
        "words('Hello, World! hello')",
        "words('Hello, World! hello')",
    ),
    (
        "words",
        "unique_words('b a b c a')",
        "uniqueWords('b a b c a')",
    ),
    (
        "words",
        "longest_word('a abc ab xyz')",
        "longestWord('a abc ab xyz')",
    ),
    ("numbers", "mean([1.0, 2.0, 4.5])", "mean([1.0, 2.0, 4.5])"),
    ("numbers", "mean([])", "mean([])"),
    (
        "numbers",
        "buckets([-1, 0, 5, 10, -11], 5)",
        "buckets([-1, 0, 5, 10, -11], 5)",
    ),
    (
        "numbers",
        "running_total([1, 2, 3])",
        "runningTotal([1, 2, 3])",
    ),
    (
        "numbers",
        "[clamp(150), clamp(-5), clamp(50, 60, 70)]",
        "[clamp(150), clamp(-5), clamp(50, 60, 70)]",
    ),
    (
        "strings",
        "title_case('hello wORLD')",
        "titleCase('hello wORLD')",
    ),
    (
        "strings",
        "is_palindrome('A man, a plan, a canal: Panama')",
        "isPalindrome('A man, a plan, a canal: Panama')",
    ),
    ("strings", "is_palindrome('abc')", "isPalindrome('abc')"),
    (
        "strings",
        "initials(['ada', '', 'lovelace'])",
        "initials(['ada', '', 'lovelace'])",
    ),
    (
        "strings",
        "pad_table([['a', 'bb'], ['ccc', 'd']])",
        "padTable([['a', 'bb'], ['ccc', 'd']])",
    ),
];

/// JSON numbers compared as numbers: Python prints `0.0` where JavaScript
/// prints `0`.
fn normalize(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        other => other,
    }
}

fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().expect("runs");
    assert!(
        output.status.success(),
        "{program}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_demo_tree_translates_to_javascript_that_computes_the_same() {
    let src = fixtures().join("demo/python");
    let out = tempfile::tempdir().unwrap();
    // The default engine, as the README runs it.
    xlate()
        .args(["translate", "--to", "javascript", "--out"])
        .arg(out.path())
        .arg(&src)
        .assert()
        .success();
    for (module, py_call, js_call) in CALLS {
        let py = run(
            "python3",
            &[
                "-c",
                &format!("import json, sys; sys.path.insert(0, {:?}); from textkit.{module} import *; print(json.dumps({py_call}))", src.to_str().unwrap()),
            ],
        );
        let js_file = out.path().join(format!("textkit/{module}.js"));
        let js_source = std::fs::read_to_string(&js_file).unwrap();
        assert!(!js_source.contains("TODO(xlate)"), "{js_source}");
        let js = run(
            "node",
            &[
                "-e",
                &format!("{js_source}\nconsole.log(JSON.stringify({js_call}));"),
            ],
        );
        let py: serde_json::Value = serde_json::from_str(&py).unwrap();
        let js: serde_json::Value = serde_json::from_str(&js).unwrap();
        assert_eq!(normalize(js), normalize(py), "{module}: {js_call}");
    }
}
