//! `xlate mutants` end to end, on a one-task benchmark of its own: the
//! unmutated translation must be accepted, a mutant that changes behaviour
//! killed with a counterexample, and a truly equivalent one left alive.

use std::fs;
use std::path::Path;

use crate::util::xlate;
use serde_json::Value;

/// `|a - b|`, written with a branch. Its `<` → `<=` mutant is equivalent
/// (at `a == b` both branches give 0); negating the condition is not.
const TASK: &str = r#"{"task": 0, "declaration": "def distance(a: int, b: int) -> int:\n", "canonical_solution": "    if a < b:\n        return b - a\n    return a - b\n", "test": "def check(f):\n    assert f(1, 3) == 2\n    assert f(5, 2) == 3\n    assert f(4, 4) == 0\n\ncheck(distance)\n"}"#;

fn run(bench: &Path, json: &Path) -> (Value, String) {
    let output = xlate()
        .args(["mutants", "--bench"])
        .arg(bench)
        .args([
            "--from", "python", "--to", "python", "--engine", "identity", "--json",
        ])
        .arg(json)
        .output()
        .expect("xlate runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value =
        serde_json::from_slice(&fs::read(json).expect("the JSON report")).expect("JSON");
    (report, stdout)
}

#[test]
fn mutants_of_a_correct_translation_are_killed_and_the_original_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let bench = dir.path().join("bench");
    fs::create_dir(&bench).unwrap();
    fs::write(bench.join("python.jsonl"), format!("{TASK}\n")).unwrap();
    let (report, stdout) = run(&bench, &dir.path().join("mutants.json"));
    let summary = &report["summary"];
    assert_eq!(summary["units"], 1, "{stdout}");
    assert_eq!(summary["false_alarms"], 0, "{stdout}");
    let unit = &report["units"][0];
    assert_eq!(unit["function"], "distance");
    assert_eq!(unit["baseline"]["verdict"], "agrees", "{stdout}");
    let mutants = unit["mutants"].as_array().expect("mutants");
    let find = |description: &str| {
        mutants
            .iter()
            .find(|m| m["description"] == description)
            .unwrap_or_else(|| panic!("no `{description}` in {stdout}"))
    };
    let negated = find("negate the `if` condition");
    assert_eq!(negated["fate"], "killed", "{stdout}");
    assert_eq!(negated["kind"], "swapped_branches");
    assert_eq!(negated["line"], 2);
    assert!(negated["counterexample"]["inputs"].is_string(), "{negated}");
    assert_ne!(
        negated["counterexample"]["expected"],
        negated["counterexample"]["got"]
    );
    assert_eq!(negated["tests_kill"], true);
    let equivalent = find("`<` → `<=`");
    assert_eq!(equivalent["fate"], "survived", "{stdout}");
    assert_eq!(equivalent["tests_kill"], false);
    assert_eq!(summary["total"]["equivalent_or_weak"], 1, "{stdout}");
    // Every other mutant changes what the function returns somewhere.
    for mutant in mutants.iter().filter(|m| m["description"] != "`<` → `<=`") {
        assert_eq!(mutant["fate"], "killed", "{mutant}\n{stdout}");
    }
    assert_eq!(summary["total"]["kill_rate_non_equivalent"], 1.0);
    assert!(
        stdout.contains("false alarms: 0 of 1 unmutated translations"),
        "{stdout}"
    );
    assert!(stdout.contains("| all | "), "{stdout}");
}

#[test]
fn a_benchmark_or_a_tree_is_required_and_tasks_need_a_benchmark() {
    let output = xlate()
        .args(["mutants", "--from", "python", "--to", "python"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--bench"), "{stderr}");
    let output = xlate()
        .args(["mutants", "--tree", "fixtures/python", "--tasks", "0-4"])
        .args(["--from", "python", "--to", "python"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--tasks"), "{stderr}");
}
