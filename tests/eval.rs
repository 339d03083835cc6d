//! `xlate eval` on a few tasks of the development benchmark: the identity
//! engine must pass them all, an engine that writes wrong bodies must fail
//! them, and each other status must be told apart.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::util::xlate;
use serde_json::Value;

use xlate::engine::{Candidate, Engine, EngineError, Identity, Translation, TranslationRequest};
use xlate::eval::{self, EvalConfig, Status};
use xlate::lang::Lang;
use xlate::units::SegmentKind;

/// Whether this is a CI run (`CI=true`, as GitHub Actions and most CI
/// services set it): there a test that cannot run is a failure, not a skip.
fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Reports that a test cannot run because `what`. Regression: these tests
/// used to return early and pass when the benchmark was missing or the Rust
/// scratch crate could not be built, so a CI job that lost its benchmark
/// reported green having evaluated nothing. In CI that panics; elsewhere it
/// says `skipped: ...` on stderr.
fn skip(what: &str) {
    if in_ci() {
        panic!("{what}, and CI=true: a test that cannot run must not pass");
    }
    // Written to the stream itself: the test harness captures `eprintln!`
    // of a passing test, which would hide the skip.
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "skipped: {what}");
}

/// The benchmark, if this checkout sits beside `shared/` as in the project's
/// workspace; see [`skip`] for when it does not.
fn bench() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(BENCH);
    if dir.join("python.jsonl").is_file() {
        Some(dir)
    } else {
        skip(&format!("{BENCH} not found"));
        None
    }
}

/// Where the benchmark is, from the crate's folder.
const BENCH: &str = "../shared/benchmarks/humaneval-x";

/// Where the Rust scratch crate is built for these tests: under `target/`,
/// so that it is built once, not per run, and not in the user's cache.
fn eval_cache() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("xlate-eval-cache")
}

/// Whether the Rust scratch crate can be built (the first time, its crates
/// come from crates.io); see [`skip`] for when it cannot.
fn rust_available() -> bool {
    let runner = eval::run::Runner::new(Lang::Rust, Duration::from_secs(20), &eval_cache());
    if let Err(err) = &runner {
        skip(&format!("the Rust scratch crate cannot be built: {err}"));
    }
    runner.is_ok()
}

/// Runs the CLI and returns its JSON report and its standard output.
fn eval_cli(bench: &Path, from: &str, to: &str, tasks: &str) -> (Value, String) {
    eval_with(bench, "identity", from, to, Some(tasks))
}

/// [`eval_cli`] with any engine, on the given tasks or on all of them.
fn eval_with(
    bench: &Path,
    engine: &str,
    from: &str,
    to: &str,
    tasks: Option<&str>,
) -> (Value, String) {
    eval_with_env(bench, engine, from, to, tasks, &[])
}

/// [`eval_with`], with environment variables set for xlate (an engine's
/// internal switch).
fn eval_with_env(
    bench: &Path,
    engine: &str,
    from: &str,
    to: &str,
    tasks: Option<&str>,
    env: &[(&str, &str)],
) -> (Value, String) {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("eval.json");
    let mut cmd = xlate();
    cmd.envs(env.iter().copied());
    cmd.args(["eval", "--engine", engine, "--bench"])
        .arg(bench)
        .args(["--from", from, "--to", to]);
    if let Some(tasks) = tasks {
        cmd.args(["--tasks", tasks]);
    }
    let output = cmd
        .arg("--json")
        .arg(&json)
        .arg("--cache-dir")
        .arg(eval_cache())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (report, stdout)
}

fn statuses(report: &Value) -> Vec<(u64, String)> {
    report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["task"].as_u64().unwrap(),
                t["status"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn identity_passes(lang: &str, tasks: &str, expected: &[u64]) {
    let Some(bench) = bench() else { return };
    let (report, stdout) = eval_cli(&bench, lang, lang, tasks);
    let passed: Vec<(u64, String)> = expected.iter().map(|&t| (t, "passed".into())).collect();
    assert_eq!(statuses(&report), passed, "{stdout}");
    assert_eq!(report["from"], lang);
    assert_eq!(report["engine"], "identity");
    assert_eq!(report["summary"]["pass_at_1"], 1.0);
    let n = expected.len();
    assert!(
        stdout.contains(&format!(
            "| identity | {lang} | {lang} | {n} | {n} | 0 | 0 | 0 | 0 | 0 | 100.0% | 100.0% |"
        )),
        "{stdout}"
    );
}

#[test]
fn identity_passes_python_tasks() {
    // 10 and 38 carry a helper function in the declaration.
    identity_passes("python", "0,2,10,38", &[0, 2, 10, 38]);
}

#[test]
fn identity_passes_javascript_tasks() {
    identity_passes("javascript", "0,10,38", &[0, 10, 38]);
}

#[test]
fn identity_passes_rust_tasks() {
    // 10: the declaration's header is a helper, the tested function is in
    // the canonical solution. Builds the scratch crate on the first run.
    if rust_available() {
        identity_passes("rust", "0,10", &[0, 10]);
    }
}

#[test]
fn a_task_whose_canonical_solution_fails_is_excluded_and_named() {
    let Some(bench) = bench() else { return };
    // Python 142 is a known defect of the benchmark.
    let (report, stdout) = eval_cli(&bench, "python", "python", "0,142");
    assert_eq!(
        statuses(&report),
        vec![(0, "passed".into()), (142, "excluded".into())]
    );
    let detail = report["tasks"][1]["detail"].as_str().unwrap();
    assert!(
        detail.contains("python canonical solution fails"),
        "{detail}"
    );
    assert_eq!(report["summary"]["valid"], 1);
    assert_eq!(
        report["summary"]["excluded_tasks"],
        serde_json::json!([142])
    );
    assert!(stdout.contains("task 142: excluded:"), "{stdout}");
}

#[test]
fn unknown_tasks_and_benchmarks_are_named() {
    let Some(bench) = bench() else { return };
    let output = xlate()
        .args(["eval", "--engine", "identity", "--bench"])
        .arg(&bench)
        .args(["--from", "py", "--to", "py", "--tasks", "1"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("task 1 is not in both"), "{stderr}");

    let empty = tempfile::tempdir().unwrap();
    let output = xlate()
        .args(["eval", "--bench"])
        .arg(empty.path())
        .args(["--from", "py", "--to", "js", "--engine", "identity"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no engine of this run translates python to javascript"),
        "{stderr}"
    );
}

/// What the test engine does to the function the tests call.
#[derive(Clone, Copy)]
enum Fault {
    /// The declared header with a body that returns the wrong thing.
    WrongBody,
    /// Code that parses but cannot load (Python: a missing module).
    Unloadable,
    /// Declines the function.
    Decline,
    /// Declines glue (imports), translates functions as they are.
    DeclineGlue,
}

/// The identity engine, except for functions that have a declaration.
struct Faulty(Fault);

impl Engine for Faulty {
    fn name(&self) -> &str {
        "faulty"
    }

    fn supports(&self, from: Lang, to: Lang) -> bool {
        from == to
    }

    fn translate(&self, request: &TranslationRequest) -> Result<Translation, EngineError> {
        if let (Fault::DeclineGlue, SegmentKind::Glue) = (self.0, request.kind) {
            return Ok(Translation::declined("no glue"));
        }
        let signature = request.context.signature.as_deref();
        let (Some(signature), SegmentKind::Function) = (signature, request.kind) else {
            return Identity.translate(request);
        };
        let body = match (self.0, request.to) {
            (Fault::Decline, _) => return Ok(Translation::declined("not today")),
            (Fault::DeclineGlue, _) => return Identity.translate(request),
            (Fault::Unloadable, Lang::Python) => {
                "\n    return None\n\nimport no_such_module_xlate\n"
            }
            (Fault::Unloadable, _) => unreachable!("only Python is tested for this"),
            (Fault::WrongBody, Lang::Python) => "\n    return None\n",
            (Fault::WrongBody, Lang::JavaScript) => "\n  return null;\n}\n",
            (Fault::WrongBody, Lang::Rust) => "\n    Default::default()\n}\n",
        };
        Ok(Translation::candidates(vec![Candidate {
            text: format!("{signature}{body}"),
            ..Candidate::default()
        }]))
    }
}

fn eval_library(lang: Lang, tasks: &[u32], fault: Fault) -> Vec<(u32, Status, String)> {
    let Some(bench) = bench() else {
        return Vec::new();
    };
    let config = EvalConfig {
        bench,
        from: lang,
        to: lang,
        engine: "faulty".into(),
        tasks: Some(tasks.to_vec().into()),
        jobs: 2,
        timeout: Duration::from_secs(20),
        cache: eval_cache(),
        keep: None,
    };
    let engines: Vec<Box<dyn Engine>> = vec![Box::new(Faulty(fault))];
    let report = eval::evaluate(&config, &engines).unwrap();
    report
        .tasks
        .into_iter()
        .map(|t| (t.task, t.status, t.detail))
        .collect()
}

#[test]
fn wrong_bodies_fail_their_tests() {
    for (lang, tasks) in [
        (Lang::Python, &[0, 2, 4][..]),
        (Lang::JavaScript, &[0, 2, 4][..]),
        (Lang::Rust, &[0][..]),
    ] {
        if lang == Lang::Rust && !rust_available() {
            continue;
        }
        for (task, status, detail) in eval_library(lang, tasks, Fault::WrongBody) {
            assert_eq!(status, Status::Failed, "{lang} task {task}: {detail}");
            assert!(!detail.is_empty(), "{lang} task {task}");
        }
    }
}

#[test]
fn unloadable_code_is_invalid_and_declined_units_are_declined() {
    for (task, status, detail) in eval_library(Lang::Python, &[0, 2], Fault::Unloadable) {
        assert_eq!(status, Status::Invalid, "task {task}: {detail}");
        assert!(detail.contains("no_such_module_xlate"), "{detail}");
    }
    for (task, status, detail) in eval_library(Lang::Python, &[0], Fault::Decline) {
        assert_eq!(status, Status::Declined, "task {task}: {detail}");
        assert!(detail.contains("not today"), "{detail}");
    }
    // Task 0 starts with `from typing import List`: glue left as a TODO
    // block does not decline the task, and here the tests do not need it.
    let results = eval_library(Lang::Python, &[0], Fault::DeclineGlue);
    if !results.is_empty() {
        assert_eq!(results[0].1, Status::Passed, "{}", results[0].2);
    }
}

/// Answers each declared function with the target's canonical solution, as
/// a perfect engine would, and drops the source's glue.
struct Oracle {
    /// Target solutions by function name, snake_case.
    solutions: std::collections::HashMap<String, String>,
}

impl Engine for Oracle {
    fn name(&self) -> &str {
        "oracle"
    }

    fn supports(&self, _: Lang, _: Lang) -> bool {
        true
    }

    fn translate(&self, request: &TranslationRequest) -> Result<Translation, EngineError> {
        let key = request.name.as_deref().map(xlate::lang::to_snake_case);
        let text = match key.and_then(|k| self.solutions.get(&k)) {
            // Declining without a signature proves the declaration was
            // found across naming conventions and handed over.
            Some(_) if request.context.signature.is_none() => {
                return Ok(Translation::declined("no signature"))
            }
            Some(solution) => solution.clone(),
            None if request.kind == SegmentKind::Glue => String::new(),
            None => return Ok(Translation::declined("no solution")),
        };
        Ok(Translation::candidates(vec![Candidate {
            text,
            ..Candidate::default()
        }]))
    }
}

#[test]
fn across_languages_a_right_answer_passes() {
    // Regression: the target's imports must be in scope once (Rust refuses
    // a `use` twice), and names must match across naming conventions.
    let Some(bench) = bench() else { return };
    for to in [Lang::JavaScript, Lang::Rust] {
        if to == Lang::Rust && !rust_available() {
            continue;
        }
        let targets = xlate::eval::bench::load(&bench, to).unwrap();
        let mut solutions = std::collections::HashMap::new();
        for task in [0, 2, 4] {
            let target = &targets[&task];
            let found = xlate::signatures::functions_in(&target.solution(), to).unwrap();
            let last = found.last().expect("a function");
            solutions.insert(xlate::lang::to_snake_case(&last.name), target.solution());
        }
        let config = EvalConfig {
            bench: bench.clone(),
            from: Lang::Python,
            to,
            engine: "oracle".into(),
            tasks: Some(vec![0, 2, 4].into()),
            jobs: 2,
            timeout: Duration::from_secs(20),
            cache: eval_cache(),
            keep: None,
        };
        let engines: Vec<Box<dyn Engine>> = vec![Box::new(Oracle { solutions })];
        let report = eval::evaluate(&config, &engines).unwrap();
        for task in &report.tasks {
            assert_eq!(
                task.status,
                Status::Passed,
                "{to} task {}: {}",
                task.task,
                task.detail
            );
        }
        assert_eq!(report.summary.passed, 3);
    }
}

#[test]
fn kept_programs_hold_the_translation_and_the_tests() {
    let Some(bench) = bench() else { return };
    let dir = tempfile::tempdir().unwrap();
    let keep = dir.path().join("programs");
    let output = xlate()
        .args(["eval", "--engine", "identity", "--bench"])
        .arg(&bench)
        .args([
            "--from", "python", "--to", "python", "--tasks", "0", "--keep",
        ])
        .arg(&keep)
        .arg("--cache-dir")
        .arg(eval_cache())
        .output()
        .unwrap();
    assert!(output.status.success());
    let program = std::fs::read_to_string(keep.join("task_0.py")).unwrap();
    assert!(program.contains("def has_close_elements("), "{program}");
    assert!(program.contains("check(has_close_elements)"), "{program}");
    // The declaration's import is there once: the translation's own copy
    // is dropped.
    assert_eq!(program.matches("from typing import List").count(), 1);
}

/// The rules engine's floor on the development split: what it reached is
/// guarded, so that a change that passes fewer tasks, or gets one wrong,
/// cannot land. Raise the floors when the engine passes more.
fn rules_floor(from: &str, to: &str, passed_at_least: u64) {
    rules_floor_failing_at_most(from, to, passed_at_least, 0, &[]);
}

/// [`rules_floor`], allowing `failed_at_most` failed tasks where a
/// task's source and target disagree in a way the eval cannot tell from
/// the declarations (each named at its test).
fn rules_floor_failing_at_most(
    from: &str,
    to: &str,
    passed_at_least: u64,
    failed_at_most: u64,
    env: &[(&str, &str)],
) {
    let Some(bench) = bench() else { return };
    let (report, stdout) = eval_with_env(&bench, "rules", from, to, None, env);
    let summary = &report["summary"];
    let failed = summary["failed"].as_u64().unwrap();
    assert!(
        failed <= failed_at_most,
        "{failed} tasks translated wrongly (at most {failed_at_most}):\n{stdout}"
    );
    assert_eq!(
        summary["invalid"], 0,
        "output that does not load:\n{stdout}"
    );
    let passed = summary["passed"].as_u64().unwrap();
    assert!(
        passed >= passed_at_least,
        "{from} to {to}: {passed} tasks passed, the floor is {passed_at_least}:\n{stdout}"
    );
}

#[test]
fn the_rules_engine_keeps_its_floor_from_python_to_javascript() {
    // On the typed IR since the pairwise translator was deleted (it passed
    // 73; the IR path 74).
    rules_floor("python", "javascript", 74);
}

/// JavaScript to Python on the typed IR (frontend, analysis, backend).
#[test]
fn the_rules_engine_keeps_its_floor_from_javascript_to_python() {
    rules_floor("javascript", "python", 70);
}

/// Python to Rust on the typed IR reached 62 tasks with none failed or
/// invalid; its Rust output is compiled with the benchmark's tests.
#[test]
fn the_rules_engine_keeps_its_floor_from_python_to_rust() {
    rules_floor("python", "rust", 62);
}

/// JavaScript to Rust on the typed IR reached 57 tasks with none failed or
/// invalid; its Rust output is compiled with the benchmark's tests.
#[test]
fn the_rules_engine_keeps_its_floor_from_javascript_to_rust() {
    rules_floor("javascript", "rust", 57);
}

/// Rust to Python on the typed IR reached 70 tasks. One fails for a reason
/// outside the translation: 92's Rust takes `f64` where the Python tests
/// tell `3` from `3.0`, which no declared type shows. Tasks whose Rust
/// returns a sentinel or a list where the tests want `None` or a tuple are
/// excluded by the eval (regression: they counted as failed translations).
#[test]
fn the_rules_engine_keeps_its_floor_from_rust_to_python() {
    rules_floor_failing_at_most("rust", "python", 70, 1, &[]);
}

/// Rust to JavaScript on the typed IR reached 72 tasks with none failed or
/// invalid (regression: Rust functions named differently from the
/// target's, `sort_array_1` for `sortArray`, kept their names and failed).
#[test]
fn the_rules_engine_keeps_its_floor_from_rust_to_javascript() {
    rules_floor("rust", "javascript", 72);
}
