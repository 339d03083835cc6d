//! `xlate eval`: how often translations are right. Each benchmark task's
//! source solution is translated with the normal pipeline, with the target
//! declaration as its signature, and the target language's tests are run
//! against the result. This module produces the data; the command line
//! prints it.

pub mod bench;
mod contract;
pub mod run;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;
use serde::Serialize;

use crate::engine::Engine;
use crate::lang::Lang;
use crate::pipeline::{self, Settings};
use crate::report::UnitStatus;
use crate::signatures::{self, Signatures};
use crate::units::{self, SegmentKind, SplitOptions};
use bench::{BenchError, Task, TaskList};
use run::{RunError, RunOutcome, Runner};

/// Default time limit for one task's tests, in seconds.
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;

/// An eval run, checked.
#[derive(Clone, Debug)]
pub struct EvalConfig {
    /// The benchmark directory, with `<language>.jsonl` files.
    pub bench: PathBuf,
    pub from: Lang,
    pub to: Lang,
    /// The engine's name, as the report shows it.
    pub engine: String,
    /// Only these tasks; all tasks both languages have if none.
    pub tasks: Option<TaskList>,
    /// Tasks run in parallel.
    pub jobs: usize,
    /// Limit for one task's tests.
    pub timeout: Duration,
    /// Where the Rust scratch crate is kept between runs.
    pub cache: PathBuf,
    /// Where to write each task's test program (or, for a declined task, its
    /// translation), to see why it did not pass.
    pub keep: Option<PathBuf>,
}

impl EvalConfig {
    /// Where the scratch crate lives unless told otherwise: the user's cache
    /// directory (or `$XLATE_CACHE_DIR`, as for the translation cache), so
    /// that its crates are fetched and built once.
    pub fn default_cache() -> PathBuf {
        crate::cache::dir_from_env().unwrap_or_else(|| {
            dirs::cache_dir()
                .unwrap_or_else(std::env::temp_dir)
                .join("xlate")
        })
    }
}

/// How one task ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Passed,
    /// The tests ran and failed.
    Failed,
    /// The translation did not compile or load.
    Invalid,
    /// The engine declined, or no candidate passed the checks: a
    /// `TODO(xlate)` block was written instead of code.
    Declined,
    Timeout,
    /// Left out: a canonical solution fails its own tests, or the source's
    /// declared types cannot give what the target's tests expect.
    Excluded,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Passed,
        Status::Failed,
        Status::Invalid,
        Status::Declined,
        Status::Timeout,
        Status::Excluded,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Invalid => "invalid",
            Status::Declined => "declined",
            Status::Timeout => "timeout",
            Status::Excluded => "excluded",
        }
    }
}

/// One task's result.
#[derive(Clone, Debug, Serialize)]
pub struct TaskResult {
    pub task: u32,
    pub status: Status,
    /// Why, in one line: the failing assertion, the compiler's error, the
    /// engine's reason; empty when it passed.
    pub detail: String,
}

/// Counts and scores of a run.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Summary {
    pub tasks: usize,
    pub passed: usize,
    pub failed: usize,
    pub invalid: usize,
    pub declined: usize,
    pub timeout: usize,
    pub excluded: usize,
    /// Tasks not excluded.
    pub valid: usize,
    /// Valid tasks the engine translated (not declined).
    pub attempted: usize,
    /// Passed over valid tasks.
    pub pass_at_1: f64,
    /// Passed over attempted tasks: how right the engine is when it answers.
    pub pass_at_1_attempted: f64,
    /// The excluded tasks, by number.
    pub excluded_tasks: Vec<u32>,
}

/// What an eval run found, for one direction.
#[derive(Clone, Debug, Serialize)]
pub struct EvalReport {
    pub from: Lang,
    pub to: Lang,
    pub engine: String,
    /// Whether the tests ran with no network and the benchmark and working
    /// folders hidden (Linux user namespaces); without, only in a temporary
    /// folder with a cleared environment.
    pub isolated: bool,
    /// Sorted by task number.
    pub tasks: Vec<TaskResult>,
    pub summary: Summary,
}

/// Why an eval could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error(transparent)]
    Bench(#[from] BenchError),
    #[error(transparent)]
    Run(#[from] RunError),
    #[error("task {task} is not in both {from} and {to} of the benchmark")]
    UnknownTask { task: u32, from: Lang, to: Lang },
    #[error("no engine of this run translates {from} to {to}")]
    Unsupported { from: Lang, to: Lang },
    #[error("cannot start worker threads: {0}")]
    Threads(String),
    #[error("{path}: cannot write: {source}")]
    Keep {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Runs an eval: checks the canonical solutions, translates the rest with
/// `engines`, runs the tests.
pub fn evaluate(config: &EvalConfig, engines: &[Box<dyn Engine>]) -> Result<EvalReport, EvalError> {
    evaluate_with_progress(config, engines, &|_| {})
}

/// [`evaluate`], calling `on_task` as each task finishes (in the order they
/// finish, which varies; the report is sorted).
pub fn evaluate_with_progress(
    config: &EvalConfig,
    engines: &[Box<dyn Engine>],
    on_task: &(dyn Fn(&TaskResult) + Sync),
) -> Result<EvalReport, EvalError> {
    let (from, to) = (config.from, config.to);
    if !engines.iter().any(|e| e.supports(from, to)) {
        return Err(EvalError::Unsupported { from, to });
    }
    let sources = bench::load(&config.bench, from)?;
    let targets = bench::load(&config.bench, to)?;
    let available: Vec<u32> = sources
        .keys()
        .filter(|t| targets.contains_key(t))
        .copied()
        .collect();
    let numbers = match &config.tasks {
        Some(list) => list
            .select(&available)
            .map_err(|task| EvalError::UnknownTask { task, from, to })?,
        None => available,
    };
    let mut runners = BTreeMap::new();
    for lang in [from, to] {
        if let std::collections::btree_map::Entry::Vacant(slot) = runners.entry(lang) {
            slot.insert(Runner::new(lang, config.timeout, &config.cache)?);
        }
    }
    // The tests run untrusted code: keep it away from the benchmark and from
    // the tree xlate was started in.
    let mut hide = vec![config.bench.clone()];
    hide.extend(std::env::current_dir().ok());
    let mut isolated = true;
    for runner in runners.values_mut() {
        isolated &= runner.isolate(&hide);
    }
    // The tasks are translated on these threads: a stack sized for the
    // engines' walks over syntax (see `depth::ENGINE_STACK_SIZE`).
    let pool = crate::depth::engine_pool(config.jobs.max(1))
        .map_err(|e| EvalError::Threads(e.to_string()))?;
    if let Some(dir) = &config.keep {
        std::fs::create_dir_all(dir).map_err(|source| EvalError::Keep {
            path: dir.clone(),
            source,
        })?;
    }
    let results: Result<Vec<TaskResult>, EvalError> = pool.install(|| {
        numbers
            .par_iter()
            .map(|&number| {
                let source = &sources[&number];
                let target = &targets[&number];
                let (source_runner, runner) = (&runners[&from], &runners[&to]);
                let result = match canonical_failure(source, target, source_runner, runner)? {
                    Some(detail) => TaskResult {
                        task: number,
                        status: Status::Excluded,
                        detail,
                    },
                    None => match contract::mismatch(source, from, target, to) {
                        Some(detail) => TaskResult {
                            task: number,
                            status: Status::Excluded,
                            detail,
                        },
                        None => evaluate_task(source, target, config, engines, runner)?,
                    },
                };
                on_task(&result);
                Ok(result)
            })
            .collect()
    });
    let mut tasks = results?;
    tasks.sort_by_key(|t| t.task);
    let summary = summarize(&tasks);
    Ok(EvalReport {
        from,
        to,
        engine: config.engine.clone(),
        isolated,
        tasks,
        summary,
    })
}

/// Why a task's canonical solutions do not pass their own tests, if they
/// do not: such a task says nothing about a translation.
fn canonical_failure(
    source: &Task,
    target: &Task,
    source_runner: &Runner,
    target_runner: &Runner,
) -> Result<Option<String>, RunError> {
    let mut checks = vec![(source, source_runner)];
    if target_runner.lang() != source_runner.lang() {
        checks.push((target, target_runner));
    }
    for (task, runner) in checks {
        let program = run::program(runner.lang(), "", &task.solution(), &task.test);
        let why = match runner.run(&program)? {
            RunOutcome::Passed => continue,
            RunOutcome::Failed(d) | RunOutcome::Invalid(d) => d,
            RunOutcome::Timeout { .. } => "it timed out".to_string(),
        };
        return Ok(Some(format!(
            "the {} canonical solution fails its own tests: {why}",
            runner.lang()
        )));
    }
    Ok(None)
}

/// Translates one task and runs its target tests.
fn evaluate_task(
    source: &Task,
    target: &Task,
    config: &EvalConfig,
    engines: &[Box<dyn Engine>],
    runner: &Runner,
) -> Result<TaskResult, EvalError> {
    let number = source.task;
    let result = |status, detail: String| TaskResult {
        task: number,
        status,
        detail,
    };
    let mut settings = Settings::new(config.to);
    settings.from = Some(config.from);
    let origin = bench::file_of(&config.bench, config.to);
    // A declaration that cannot be read leaves the task without a signature;
    // the tests will still say whether the translation fits them.
    settings.signatures =
        Signatures::from_text(&target.declaration, config.to, &origin).unwrap_or_default();
    alias_entry_point(&mut settings.signatures, source, config.from, target);
    let path = PathBuf::from(format!("task_{number}.{}", config.from.extension()));
    let translated = match pipeline::translate_text(
        &path,
        &source.solution(),
        config.from,
        &settings,
        engines,
    ) {
        Ok(translated) => translated,
        Err(err) => return Ok(result(Status::Declined, err.to_string())),
    };
    let keep = |text: &str| match &config.keep {
        Some(dir) => {
            let path = dir.join(format!("task_{number}.{}", config.to.extension()));
            crate::emit::write_atomic(&path, text.as_bytes())
                .map_err(|source| EvalError::Keep { path, source })
        }
        None => Ok(()),
    };
    let describe = |u: &crate::report::UnitReport| {
        format!(
            "{} {}: {}",
            u.kind,
            u.name.as_deref().unwrap_or("-"),
            u.reasons.join("; ")
        )
    };
    let (failed_glue, failed_units): (Vec<_>, Vec<_>) = translated
        .units
        .iter()
        .flat_map(|u| u.walk())
        .filter(|u| u.status == UnitStatus::Failed)
        .partition(|u| u.kind == SegmentKind::Glue);
    if !failed_units.is_empty() {
        keep(&translated.text)?;
        let reasons: Vec<String> = failed_units.into_iter().map(describe).collect();
        return Ok(result(Status::Declined, reasons.join(" | ")));
    }
    // Glue written as a TODO block (an import with no counterpart, say) may
    // not matter to the tests: run them, and say so if they do not pass.
    let glue_note = if failed_glue.is_empty() {
        String::new()
    } else {
        let reasons: Vec<String> = failed_glue.into_iter().map(describe).collect();
        format!(" (not translated: {})", reasons.join(" | "))
    };
    let result = |status, detail: String| {
        let detail = if status == Status::Passed {
            detail
        } else {
            format!("{detail}{glue_note}")
        };
        result(status, detail)
    };
    let program = run::program(
        config.to,
        prelude(&target.declaration, config.to),
        &translated.text,
        &target.test,
    );
    keep(&program)?;
    Ok(match runner.run(&program)? {
        RunOutcome::Passed => result(Status::Passed, String::new()),
        RunOutcome::Failed(detail) => result(Status::Failed, detail),
        RunOutcome::Invalid(detail) => result(Status::Invalid, detail),
        RunOutcome::Timeout { compiling } => result(
            Status::Timeout,
            if compiling {
                "compiling took too long".into()
            } else {
                format!("the tests ran over {:?}", config.timeout)
            },
        ),
    })
}

/// Makes the source's entry point find the target's when the benchmark
/// spells them differently (a Rust `sort_array_1` whose JavaScript tests
/// call `sortArray`): without this the translation keeps the source's name,
/// which the target's tests do not call. The entry point of a declaration
/// is its last function (helpers come first); the alias is made only when
/// the target's tests call the target's entry point and never the source's
/// name, and the source's tests call the source's entry point, so that a
/// declaration that holds only a helper (the tests calling a function it
/// does not name) gives no alias.
fn alias_entry_point(signatures: &mut Signatures, source: &Task, from: Lang, target: &Task) {
    let origin = PathBuf::from(format!("task_{}.{}", source.task, from.extension()));
    let Ok(declared) = Signatures::from_text(&source.declaration, from, &origin) else {
        return;
    };
    let (Some(source_entry), Some(target_entry)) = (declared.last(), signatures.last()) else {
        return;
    };
    let calls = |name: &str| mentions(&target.test, name);
    let source_calls = |name: &str| mentions(&source.test, name);
    if calls(&source_entry.name) || !calls(&target_entry.name) || !source_calls(&source_entry.name)
    {
        return;
    }
    let target_name = target_entry.name.clone();
    signatures.alias(&source_entry.name, &target_name);
}

/// Whether `text` holds an identifier that is `name` under the naming
/// conventions (`sortArray` for `sort_array`).
fn mentions(text: &str, name: &str) -> bool {
    let key = crate::lang::to_snake_case(name);
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .any(|word| !word.is_empty() && crate::lang::to_snake_case(word) == key)
}

/// What precedes the first function in a target declaration: its imports
/// (`from typing import List`, Rust `use` lines), which the tests expect in
/// scope.
pub fn prelude(declaration: &str, lang: Lang) -> &str {
    // A bare header parses as an error; with a dummy body it is a function.
    let completed = signatures::complete(declaration, lang);
    let first_unit = units::split(&completed, lang, SplitOptions::default())
        .ok()
        .and_then(|split| split.units().next().map(|u| u.bytes.start));
    match first_unit {
        Some(start) if declaration.is_char_boundary(start) => &declaration[..start],
        // No function found: nothing is known to be safe to copy.
        _ => "",
    }
}

fn summarize(tasks: &[TaskResult]) -> Summary {
    let count = |status| tasks.iter().filter(|t| t.status == status).count();
    let mut summary = Summary {
        tasks: tasks.len(),
        passed: count(Status::Passed),
        failed: count(Status::Failed),
        invalid: count(Status::Invalid),
        declined: count(Status::Declined),
        timeout: count(Status::Timeout),
        excluded: count(Status::Excluded),
        excluded_tasks: tasks
            .iter()
            .filter(|t| t.status == Status::Excluded)
            .map(|t| t.task)
            .collect(),
        ..Summary::default()
    };
    summary.valid = summary.tasks - summary.excluded;
    summary.attempted = summary.valid - summary.declined;
    summary.pass_at_1 = ratio(summary.passed, summary.valid);
    summary.pass_at_1_attempted = ratio(summary.passed, summary.attempted);
    summary
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

impl EvalReport {
    /// The header of [`EvalReport::table_row`], in Markdown.
    pub fn table_header() -> String {
        "| engine | from | to | tasks | passed | failed | invalid | declined | timeout | excluded | pass@1 | pass@1 attempted |\n\
         | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
            .to_string()
    }

    /// This direction as a Markdown table row; pass@1 over valid tasks, and
    /// over attempted ones.
    pub fn table_row(&self) -> String {
        let s = &self.summary;
        format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.1}% | {:.1}% |\n",
            self.engine,
            self.from,
            self.to,
            s.tasks,
            s.passed,
            s.failed,
            s.invalid,
            s.declined,
            s.timeout,
            s.excluded,
            100.0 * s.pass_at_1,
            100.0 * s.pass_at_1_attempted
        )
    }

    /// The table, then one line per task that did not pass, with why.
    pub fn render(&self) -> String {
        let mut out = Self::table_header();
        out.push_str(&self.table_row());
        let s = &self.summary;
        let _ = writeln!(
            out,
            "\npass@1 {}/{} valid tasks, {}/{} attempted",
            s.passed, s.valid, s.passed, s.attempted
        );
        for task in self.tasks.iter().filter(|t| t.status != Status::Passed) {
            let _ = writeln!(
                out,
                "task {}: {}: {}",
                task.task,
                task.status.name(),
                task.detail
            );
        }
        out
    }

    /// Writes the report as JSON.
    pub fn write_json(&self, path: &Path) -> std::io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        text.push('\n');
        crate::emit::write_atomic(path, text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prelude_is_what_precedes_the_first_function() {
        let rust = "\nuse rand::Rng;\nuse md5;\n\nfn f(x: i32) -> bool{\n";
        assert_eq!(prelude(rust, Lang::Rust), "\nuse rand::Rng;\nuse md5;\n\n");
        let py = "from typing import List\n\n\ndef f(x: List[int]) -> int:\n";
        assert_eq!(prelude(py, Lang::Python), "from typing import List\n\n\n");
        // A helper before the header belongs to the code, not the prelude.
        let js = "const h = (s) => {\n  return s;\n}\n\nconst f = (s) => {\n";
        assert_eq!(prelude(js, Lang::JavaScript), "");
    }

    // Regression: a Rust source `fn sort_array_1` translated for tests that
    // call `sortArray` kept its own name (ReferenceError in every test).
    #[test]
    fn a_source_entry_point_spelled_differently_finds_the_target_declaration() {
        let task = |declaration: &str, test: &str| Task {
            task: 116,
            declaration: declaration.into(),
            canonical_solution: String::new(),
            test: test.into(),
        };
        let source = task(
            "use std::cmp;\n\nfn sort_array_1(arr: Vec<i32>) -> Vec<i32> {\n",
            "assert!(sort_array_1(vec![1]) == vec![1]);",
        );
        let declaration = "const h = (x) => {\n  return x;\n}\nconst sortArray = (arr) => {\n";
        let target = task(declaration, "console.assert(sortArray([1]) === 1)");
        let origin = PathBuf::from("javascript.jsonl");
        let load = || Signatures::from_text(declaration, Lang::JavaScript, &origin).unwrap();
        let mut signatures = load();
        assert!(signatures.find("sort_array_1").is_none());
        alias_entry_point(&mut signatures, &source, Lang::Rust, &target);
        assert_eq!(signatures.find("sort_array_1").unwrap().name, "sortArray");
        // The helper keeps its own declaration.
        assert_eq!(signatures.find("h").unwrap().name, "h");

        // A declaration of a helper only, the tests calling a function it
        // does not declare: no alias, or the source's entry point would
        // take the helper's name.
        let mut signatures = load();
        let target = task(declaration, "console.assert(makeSorted([1]) === 1)");
        alias_entry_point(&mut signatures, &source, Lang::Rust, &target);
        assert!(signatures.find("sort_array_1").is_none());
        // A source declaration of a helper only (its tests call a function
        // defined in the solution): no alias either.
        let mut signatures = load();
        let helper = task(
            &source.declaration,
            "assert!(make_sorted(vec![1]) == vec![1]);",
        );
        let target = task(declaration, "console.assert(sortArray([1]) === 1)");
        alias_entry_point(&mut signatures, &helper, Lang::Rust, &target);
        assert!(signatures.find("sort_array_1").is_none());
    }

    #[test]
    fn scores_count_valid_and_attempted_tasks() {
        let task = |task, status| TaskResult {
            task,
            status,
            detail: String::new(),
        };
        let summary = summarize(&[
            task(0, Status::Passed),
            task(2, Status::Failed),
            task(4, Status::Declined),
            task(6, Status::Excluded),
            task(8, Status::Passed),
        ]);
        assert_eq!(summary.valid, 4);
        assert_eq!(summary.attempted, 3);
        assert_eq!(summary.pass_at_1, 0.5);
        assert!((summary.pass_at_1_attempted - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(summary.excluded_tasks, vec![6]);
        assert_eq!(summarize(&[]).pass_at_1, 0.0);
    }
}
