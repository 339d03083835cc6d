//! Target names: unique per target scope, chosen once per module by the
//! symbol table, recorded in the report when not the natural ones; and
//! translated units that use untranslated ones, reported as such. Every
//! translation here is run (with `node` or `python3`) and its results
//! compared with the source's.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::{report, tree, xlate};

/// Translates the single file `name` with the rules engine; returns the
/// output folder, the run's stderr and its exit code.
fn translate(name: &str, source: &str, to: &str) -> (tempfile::TempDir, String, i32) {
    let src = tree(&[(name, source.as_bytes())]);
    let out = tempfile::tempdir().expect("a temporary folder");
    let output = xlate()
        .args(["translate", "--no-cache", "--engine", "rules", "--to", to])
        .arg("--out")
        .arg(out.path())
        .arg(src.path())
        .output()
        .expect("xlate runs");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    (out, stderr, output.status.code().unwrap_or(-1))
}

/// Runs the file with `program` and `code` appended; returns what it printed.
fn run(program: &str, file: &Path, code: &str) -> String {
    run_text(
        program,
        &fs::read_to_string(file).expect("the translation is written"),
        code,
    )
}

/// Runs `text` with `program` and `code` appended; returns what it printed.
fn run_text(program: &str, text: &str, code: &str) -> String {
    let arg = if program == "node" { "-e" } else { "-c" };
    let output = Command::new(program)
        .arg(arg)
        .arg(format!("{text}\n{code}\n"))
        .output()
        .expect("the interpreter runs");
    assert!(
        output.status.success(),
        "{program} failed: {}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// The report's units of the only file, by name.
fn unit<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["files"][0]["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["name"] == name)
        .unwrap_or_else(|| panic!("no unit {name} in {report:#}"))
}

const PY_ALIKE: &str = "\
def f_1_12():
    return 112


def f_11_2():
    return 1102


def get_value():
    return \"snake\"


def getValue():
    return \"camel\"


def calls():
    return [f_1_12(), f_11_2(), get_value(), getValue()]
";

// Regression (issue 11): `f_1_12` and `f_11_2` both became `f112`, and
// `get_value` and `getValue` both `getValue`: exit 0, and calls went to the
// wrong function.
#[test]
fn python_names_that_convert_alike_stay_apart_in_javascript() {
    let expected = run_text(
        "python3",
        PY_ALIKE,
        "import json; print(json.dumps(calls(), separators=(',', ':')))",
    );
    assert_eq!(expected, r#"[112,1102,"snake","camel"]"#);
    let (out, stderr, code) = translate("m.py", PY_ALIKE, "javascript");
    assert_eq!(code, 0, "{stderr}");
    let js = out.path().join("m.js");
    let got = run("node", &js, "console.log(JSON.stringify(calls()))");
    assert_eq!(got, expected, "{}", fs::read_to_string(&js).unwrap());

    let report = report(out.path());
    assert_eq!(
        unit(&report, "f_11_2")["renamed"],
        serde_json::json!([{"name": "f_11_2", "to": "f_11_2", "why": "f112 is taken by f_1_12 (line 1)"}])
    );
    assert_eq!(
        unit(&report, "get_value")["renamed"],
        serde_json::json!([{"name": "get_value", "to": "get_value", "why": "getValue is taken by getValue (line 13)"}])
    );
    // Names that got their natural spelling carry no rename.
    assert!(
        unit(&report, "f_1_12").get("renamed").is_none(),
        "{report:#}"
    );
    assert!(
        unit(&report, "getValue").get("renamed").is_none(),
        "{report:#}"
    );
}

const JS_ALIKE: &str = "\
function getValue() {
  return \"camel\";
}

function get_value() {
  return \"snake\";
}

const MAX_ITEMS = 2;
const maxItems = 3;
const max_items = 4;

function callsCamel() {
  return getValue();
}

function callsSnake() {
  return get_value();
}

function items() {
  return MAX_ITEMS * 100 + maxItems * 10 + max_items;
}
";

// Regression (issue 11): the reverse, from JavaScript to Python:
// `getValue` and `get_value` both became `get_value`, `maxItems` and
// `max_items` both `max_items`.
#[test]
fn javascript_names_that_convert_alike_stay_apart_in_python() {
    let print = "[callsCamel(), callsSnake(), items()]";
    let expected = run_text(
        "node",
        JS_ALIKE,
        &format!("console.log(JSON.stringify({print}))"),
    );
    assert_eq!(expected, r#"["camel","snake",234]"#);
    let (out, stderr, code) = translate("m.js", JS_ALIKE, "python");
    assert_eq!(code, 0, "{stderr}");
    let py = out.path().join("m.py");
    let got = run(
        "python3",
        &py,
        "import json; print(json.dumps([calls_camel(), calls_snake(), items()], separators=(',', ':')))",
    );
    assert_eq!(got, expected, "{}", fs::read_to_string(&py).unwrap());
    let report = report(out.path());
    assert_eq!(
        unit(&report, "getValue")["renamed"][0]["why"],
        "get_value is taken by get_value (line 5)"
    );
    // Glue constants are renamed too, and the report says so.
    let glue_renames: Vec<&Value> = report["files"][0]["units"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["kind"] == "glue")
        .flat_map(|u| u["renamed"].as_array().into_iter().flatten())
        .collect();
    assert_eq!(
        glue_renames,
        [
            &serde_json::json!({"name": "maxItems", "to": "maxItems", "why": "max_items is taken by max_items (line 11)"})
        ],
        "{report:#}"
    );
}

// Regression (issue 11): `[[] for _ in range(key)]` became
// `Array.from({ length: key }, (_, _) => [])`, a SyntaxError, while the
// report said translated.
#[test]
fn a_comprehension_over_underscore_gives_javascript_that_loads() {
    let py = "\
def grid(key):
    return [[] for _ in range(key)]


def doubled(n):
    return [_ * 2 for _ in range(n)]
";
    let (out, stderr, code) = translate("m.py", py, "javascript");
    assert_eq!(code, 0, "{stderr}");
    let js = out.path().join("m.js");
    let check = Command::new("node")
        .arg("--check")
        .arg(&js)
        .output()
        .expect("node runs");
    assert!(
        check.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&check.stderr),
        fs::read_to_string(&js).unwrap()
    );
    let got = run(
        "node",
        &js,
        "console.log(JSON.stringify([grid(3), doubled(3)]))",
    );
    assert_eq!(got, "[[[],[],[]],[0,2,4]]");
}

// Regression (issue 11): a local whose JavaScript name is the one a
// module-level name it uses gets must not hide that name.
#[test]
fn a_local_does_not_hide_a_module_name_it_uses() {
    let py = "\
def value_x():
    return 1


def f():
    valueX = 5
    return valueX + value_x()


def g(valueX):
    return [valueX + value_x() for value_x_ in range(1)]
";
    let (out, stderr, code) = translate("m.py", py, "javascript");
    assert_eq!(code, 0, "{stderr}");
    let js = out.path().join("m.js");
    let got = run("node", &js, "console.log(JSON.stringify([f(), g(2)]))");
    assert_eq!(got, "[6,[3]]", "{}", fs::read_to_string(&js).unwrap());
}

// Regression (issue 11, item 13): a unit that calls a unit the engine
// could not translate was reported translated like any other, so the totals
// overstated what runs.
#[test]
fn units_that_use_an_untranslated_unit_are_reported_and_counted_apart() {
    let py = "\
def helper(xs):
    return eval(xs)


def uses(xs):
    return list(helper(xs))


def indirect(xs):
    return uses(xs)


def alone():
    return 1
";
    let src = tree(&[("m.py", py.as_bytes())]);
    let out = tempfile::tempdir().expect("a temporary folder");
    let md = out.path().join("summary.md");
    let output = xlate()
        .args([
            "translate",
            "--no-cache",
            "--engine",
            "rules",
            "--to",
            "javascript",
        ])
        .arg("--summary-md")
        .arg(&md)
        .arg("--out")
        .arg(out.path().join("js"))
        .arg(src.path())
        .output()
        .expect("xlate runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let report = report(&out.path().join("js"));
    assert_eq!(unit(&report, "helper")["status"], "failed");
    let uses = unit(&report, "uses");
    assert_eq!(uses["status"], "translated", "{report:#}");
    assert_eq!(uses["depends_on_failed"], serde_json::json!(["helper"]));
    assert!(
        uses["reasons"]
            .as_array()
            .unwrap()
            .contains(&Value::from("depends on untranslated helper (line 1)")),
        "{uses:#}"
    );
    let indirect = unit(&report, "indirect");
    assert_eq!(indirect["depends_on_failed"], serde_json::json!(["helper"]));
    assert!(
        indirect["reasons"]
            .as_array()
            .unwrap()
            .contains(&Value::from(
                "depends on untranslated helper (line 1) through uses"
            )),
        "{indirect:#}"
    );
    assert!(unit(&report, "alone").get("depends_on_failed").is_none());
    assert_eq!(report["totals"]["units_translated"], 3);
    assert_eq!(report["totals"]["units_depending_on_failed"], 2);
    assert!(
        stderr
            .contains("4 units: 3 translated (of which 2 depend on untranslated units), 1 failed"),
        "{stderr}"
    );
    let md = fs::read_to_string(&md).expect("the summary is written");
    assert!(
        md.contains("| of which depend on untranslated units | 2 |"),
        "{md}"
    );
}
