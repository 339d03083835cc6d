//! The benchmark run: each HumanEval-X task's source solution is translated
//! with the normal pipeline, as `xlate eval` does; a translation that passes
//! the task's own tests is correct, and it is judged with its mutants. A
//! source tree (the fixtures) has no tests: there each top-level function
//! of a translation that loads on its own is judged.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rayon::prelude::*;

use crate::emit;
use crate::engine::Engine;
use crate::eval::bench::{self, Task, TaskList};
use crate::eval::run::{self, RunError, RunOutcome, Runner};
use crate::eval::{self, EvalError};
use crate::lang::{self, Lang};
use crate::pipeline::{self, Settings};
use crate::report::UnitStatus;
use crate::signatures::{self, Signatures};
use crate::verify::differential::DiffSettings;
use crate::walk;

use super::generate::MutateOptions;
use super::judge::{self, Differential, OracleOutcome, Subject, UnitResult};
use super::report::{MutantsReport, Skipped};

/// A mutation benchmark run, checked.
#[derive(Clone, Debug)]
pub struct MutantsConfig {
    /// Where the translations come from.
    pub corpus: Corpus,
    pub from: Lang,
    pub to: Lang,
    /// The engine's name, as the report shows it.
    pub engine: String,
    /// Tasks (or files) judged in parallel.
    pub jobs: usize,
    /// Limit for one run of a task's tests.
    pub timeout: Duration,
    /// Where the Rust scratch crate is kept between runs.
    pub cache: PathBuf,
    pub mutate: MutateOptions,
    pub diff: DiffSettings,
}

/// The translations a run mutates.
#[derive(Clone, Debug)]
pub enum Corpus {
    /// A benchmark in the HumanEval-X format (`<language>.jsonl` files),
    /// and the tasks to take from it (all that both languages have if none).
    Bench {
        dir: PathBuf,
        tasks: Option<TaskList>,
    },
    /// A source tree. With no tests, a translation counts as correct when it
    /// compiles and loads on its own, and no mutant can be called
    /// equivalent; with an engine other than identity, a rejected original
    /// may be a wrong translation rather than a false alarm.
    Tree(PathBuf),
}

/// Runs the benchmark: translates the corpus, keeps the correct
/// translations, and judges each with `differential`, calling `on_unit` as
/// each is judged.
pub fn run(
    config: &MutantsConfig,
    engines: &[Box<dyn Engine>],
    differential: Differential,
    on_unit: &(dyn Fn(&UnitResult) + Sync),
) -> Result<MutantsReport, EvalError> {
    let (from, to) = (config.from, config.to);
    if !engines.iter().any(|e| e.supports(from, to)) {
        return Err(EvalError::Unsupported { from, to });
    }
    let mut report = match &config.corpus {
        Corpus::Bench { dir, tasks } => {
            run_bench(dir, tasks.as_ref(), config, engines, differential, on_unit)?
        }
        Corpus::Tree(root) => run_tree(root, config, engines, differential, on_unit)?,
    };
    // Judged in the order they finished; reported in task or path order.
    report.units.sort_by_cached_key(|u| natural_key(&u.label));
    report.skipped.sort_by_cached_key(|s| natural_key(&s.label));
    Ok(report)
}

/// `task 10` after `task 9`; paths in path order.
fn natural_key(label: &str) -> (Option<u64>, String) {
    let number = label.strip_prefix("task ").and_then(|n| n.parse().ok());
    match number {
        Some(number) => (Some(number), String::new()),
        None => (None, label.to_string()),
    }
}

/// A pool for the judging threads, with the engines' stack.
fn pool(jobs: usize) -> Result<rayon::ThreadPool, EvalError> {
    crate::depth::engine_pool(jobs.max(1)).map_err(|e| EvalError::Threads(e.to_string()))
}

/// A runner for `lang`, kept away from `hide` and the working directory.
fn runner(lang: Lang, config: &MutantsConfig, hide: &Path) -> Result<Runner, RunError> {
    let mut runner = Runner::new(lang, config.timeout, &config.cache)?;
    // Mutants are untrusted code as much as translations are.
    let mut hidden = vec![hide.to_path_buf()];
    hidden.extend(std::env::current_dir().ok());
    runner.isolate(&hidden);
    Ok(runner)
}

fn run_bench(
    dir: &Path,
    tasks: Option<&TaskList>,
    config: &MutantsConfig,
    engines: &[Box<dyn Engine>],
    differential: Differential,
    on_unit: &(dyn Fn(&UnitResult) + Sync),
) -> Result<MutantsReport, EvalError> {
    let (from, to) = (config.from, config.to);
    let sources = bench::load(dir, from)?;
    let targets = bench::load(dir, to)?;
    let available: Vec<u32> = sources
        .keys()
        .filter(|t| targets.contains_key(t))
        .copied()
        .collect();
    let numbers = match tasks {
        Some(list) => list
            .select(&available)
            .map_err(|task| EvalError::UnknownTask { task, from, to })?,
        None => available,
    };
    let mut runners = BTreeMap::new();
    for lang in [from, to] {
        if let std::collections::btree_map::Entry::Vacant(slot) = runners.entry(lang) {
            slot.insert(runner(lang, config, dir)?);
        }
    }
    let outcomes: Result<Vec<Result<UnitResult, Skipped>>, RunError> =
        pool(config.jobs)?.install(|| {
            numbers
                .par_iter()
                .map(|&number| {
                    let (source, target) = (&sources[&number], &targets[&number]);
                    let subject = match correct_translation(
                        source,
                        target,
                        dir,
                        config,
                        engines,
                        &runners[&from],
                        &runners[&to],
                    )? {
                        Ok(subject) => subject,
                        Err(why) => {
                            return Ok(Err(Skipped {
                                label: format!("task {number}"),
                                why,
                            }))
                        }
                    };
                    let prelude = eval::prelude(&target.declaration, to);
                    let runner = &runners[&to];
                    let oracle = |text: &str| -> OracleOutcome {
                        match runner.run(&run::program(to, prelude, text, &target.test)) {
                            Ok(outcome) => outcome.into(),
                            Err(err) => OracleOutcome::Error(err.to_string()),
                        }
                    };
                    let result = judge::judge(
                        &subject,
                        &config.mutate,
                        &config.diff,
                        differential,
                        &oracle,
                    );
                    on_unit(&result);
                    Ok(Ok(result))
                })
                .collect()
        });
    let (mut units, mut skipped) = (Vec::new(), Vec::new());
    for outcome in outcomes? {
        match outcome {
            Ok(unit) => units.push(unit),
            Err(skip) => skipped.push(skip),
        }
    }
    Ok(MutantsReport::new(from, to, &config.engine, units, skipped))
}

/// The task's translation, when it is correct: the source solution passes
/// its own tests, the engines translate every unit, and the translation
/// passes the target tests. Otherwise why not.
fn correct_translation(
    source: &Task,
    target: &Task,
    dir: &Path,
    config: &MutantsConfig,
    engines: &[Box<dyn Engine>],
    source_runner: &Runner,
    target_runner: &Runner,
) -> Result<Result<Subject, String>, RunError> {
    let (from, to) = (config.from, config.to);
    let source_file = source.solution();
    // A wrong source makes every comparison with it meaningless.
    let checked = source_runner.run(&run::program(from, "", &source_file, &source.test))?;
    if checked != RunOutcome::Passed {
        return Ok(Err(format!(
            "the {from} canonical solution fails its own tests: {checked:?}"
        )));
    }
    let mut settings = Settings::new(to);
    settings.from = Some(from);
    let origin = bench::file_of(dir, to);
    settings.signatures =
        Signatures::from_text(&target.declaration, to, &origin).unwrap_or_default();
    let path = PathBuf::from(format!("task_{}.{}", source.task, from.extension()));
    let translated = match pipeline::translate_text(&path, &source_file, from, &settings, engines) {
        Ok(translated) => translated,
        Err(err) => return Ok(Err(format!("not translated: {err}"))),
    };
    let declined = translated
        .units
        .iter()
        .flat_map(|u| u.walk())
        .any(|u| u.status == UnitStatus::Failed);
    if declined {
        return Ok(Err("not translated: a unit was declined".into()));
    }
    let prelude = eval::prelude(&target.declaration, to);
    let tested = target_runner.run(&run::program(to, prelude, &translated.text, &target.test))?;
    if tested != RunOutcome::Passed {
        return Ok(Err(format!(
            "the translation fails the {to} tests: {tested:?}"
        )));
    }
    let Some((source_name, target_name)) =
        entries(source, &source_file, from, target, &translated.text, to)
    else {
        return Ok(Err("no function in the task's declaration".into()));
    };
    Ok(Ok(Subject {
        label: format!("task {}", source.task),
        from,
        to,
        source_file: without_unused_crates(&source_file, from),
        source_name,
        target_file: without_unused_crates(&translated.text, to),
        target_name,
        has_tests: true,
    }))
}

/// The crates every HumanEval-X Rust declaration imports, used by few tasks.
const BENCH_CRATES: &[&str] = &["rand", "regex", "md5"];

/// `text` without its imports of [`BENCH_CRATES`] that nothing else in it
/// names. The differential harness compiles a file with no crates beside
/// std, so every HumanEval-X Rust task failed to compile there (`unresolved
/// import rand`) and went untested, though few use the crates they import.
fn without_unused_crates(text: &str, lang: Lang) -> String {
    if lang != Lang::Rust {
        return text.to_string();
    }
    let words = |line: &str| -> Vec<String> {
        line.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let is_crate_import = |line: &str| {
        let line = line.trim();
        BENCH_CRATES.iter().any(|name| {
            line.strip_prefix("use ").is_some_and(|rest| {
                rest.starts_with(name) && rest[name.len()..].starts_with([':', ';'])
            })
        })
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut kept = String::with_capacity(text.len());
    for (index, line) in lines.iter().enumerate() {
        if is_crate_import(line) {
            let names: Vec<String> = words(line).into_iter().filter(|w| w != "use").collect();
            let used = lines.iter().enumerate().any(|(other, text)| {
                other != index
                    && !is_crate_import(text)
                    && words(text).iter().any(|w| names.contains(w))
            });
            if !used {
                continue;
            }
        }
        kept.push_str(line);
    }
    kept
}

fn run_tree(
    root: &Path,
    config: &MutantsConfig,
    engines: &[Box<dyn Engine>],
    differential: Differential,
    on_unit: &(dyn Fn(&UnitResult) + Sync),
) -> Result<MutantsReport, EvalError> {
    let (from, to) = (config.from, config.to);
    let runner = runner(to, config, root)?;
    // Only compiling and loading: a tree has no tests to run.
    let oracle = |text: &str| -> OracleOutcome {
        // A byte-order mark is only one at the start of the file, and the
        // test program puts a line before it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match runner.run(&run::program(to, "", text, "")) {
            Ok(outcome) => outcome.into(),
            Err(err) => OracleOutcome::Error(err.to_string()),
        }
    };
    let listing = walk::walk(root);
    let files: Vec<walk::Found> = listing
        .files
        .into_iter()
        .filter(|f| f.lang == Some(from))
        .collect();
    let mut skipped: Vec<Skipped> = listing
        .errors
        .into_iter()
        .map(|e| Skipped {
            label: emit::slash_path(&e.path),
            why: e.reason,
        })
        .collect();
    let per_file: Vec<(Vec<UnitResult>, Vec<Skipped>)> = pool(config.jobs)?.install(|| {
        files
            .par_iter()
            .map(|file| {
                let label = emit::slash_path(&file.rel);
                let subjects = match tree_subjects(file, &label, config, engines, &oracle) {
                    Ok(subjects) => subjects,
                    Err(why) => return (Vec::new(), vec![Skipped { label, why }]),
                };
                let mut units = Vec::new();
                let mut left_out = Vec::new();
                for subject in subjects {
                    match subject {
                        Ok(subject) => {
                            let result = judge::judge(
                                &subject,
                                &config.mutate,
                                &config.diff,
                                differential,
                                &oracle,
                            );
                            on_unit(&result);
                            units.push(result);
                        }
                        Err(skip) => left_out.push(skip),
                    }
                }
                (units, left_out)
            })
            .collect()
    });
    let mut units = Vec::new();
    for (judged, left_out) in per_file {
        units.extend(judged);
        skipped.extend(left_out);
    }
    Ok(MutantsReport::new(from, to, &config.engine, units, skipped))
}

/// The top-level functions of one file of a tree, each with its
/// translation, when the translated file compiles and loads on its own;
/// a function whose unit the engines declined is left out with why.
fn tree_subjects(
    file: &walk::Found,
    label: &str,
    config: &MutantsConfig,
    engines: &[Box<dyn Engine>],
    oracle: &(dyn Fn(&str) -> OracleOutcome + Sync),
) -> Result<Vec<Result<Subject, Skipped>>, String> {
    let (from, to) = (config.from, config.to);
    let source_file = walk::read_source(&file.abs, walk::DEFAULT_MAX_FILE_SIZE)
        .map_err(|e| format!("cannot read: {e}"))?;
    let mut settings = Settings::new(to);
    settings.from = Some(from);
    let translated = pipeline::translate_text(&file.rel, &source_file, from, &settings, engines)
        .map_err(|e| format!("not translated: {e}"))?;
    match oracle(&translated.text) {
        OracleOutcome::Passed => {}
        OracleOutcome::Failed(why) | OracleOutcome::Invalid(why) | OracleOutcome::Error(why) => {
            return Err(format!("the translation does not load on its own: {why}"))
        }
    }
    let sources = signatures::functions_in(&source_file, from).ok_or("the parser gave up")?;
    let targets = signatures::functions_in(&translated.text, to).ok_or("the parser gave up")?;
    let mut subjects = Vec::new();
    for function in sources {
        let skip = |why: String| {
            Err(Skipped {
                label: format!("{label} {}", function.name),
                why,
            })
        };
        let declined = translated.units.iter().any(|u| {
            u.name.as_deref() == Some(function.name.as_str()) && u.status == UnitStatus::Failed
        });
        if declined {
            subjects.push(skip("not translated: the engines declined it".into()));
            continue;
        }
        let key = lang::to_snake_case(&function.name);
        let Some(target) = targets.iter().find(|t| lang::to_snake_case(&t.name) == key) else {
            subjects.push(skip("no function of that name in the translation".into()));
            continue;
        };
        subjects.push(Ok(Subject {
            label: label.to_string(),
            from,
            to,
            source_file: source_file.clone(),
            source_name: function.name.clone(),
            target_file: translated.text.clone(),
            target_name: target.name.clone(),
            has_tests: false,
        }));
    }
    Ok(subjects)
}

/// The function under test in the source and in its translation. Each
/// task's declaration ends with it, except a Rust one's, which ends at its
/// first function: a helper where the task has two (task 10's
/// `is_palindrome_10` before `make_palindrome`). So the name comes from a
/// declaration in another language where there is one, and each side's
/// function is the one of its text named alike (`makePalindrome` is
/// `make_palindrome`).
fn entries(
    source: &Task,
    source_text: &str,
    from: Lang,
    target: &Task,
    target_text: &str,
    to: Lang,
) -> Option<(String, String)> {
    let anchor = if from == Lang::Rust && to != Lang::Rust {
        entry_point(&target.declaration, to)?
    } else {
        entry_point(&source.declaration, from)?
    };
    let key = lang::to_snake_case(&anchor);
    let named = |text: &str, lang: Lang| {
        signatures::functions_in(text, lang)?
            .into_iter()
            .map(|f| f.name)
            .find(|name| lang::to_snake_case(name) == key)
    };
    Some((named(source_text, from)?, named(target_text, to)?))
}

/// The function a task's tests call: the last one its declaration declares
/// (helpers come before it).
fn entry_point(declaration: &str, lang: Lang) -> Option<String> {
    let completed = signatures::complete(declaration, lang);
    signatures::functions_in(&completed, lang)?
        .pop()
        .map(|f| f.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_benchmark_crates_are_not_imported() {
        // Regression: every HumanEval-X Rust task imports rand, regex and
        // md5, which the differential harness cannot link: all went untested.
        let rs = "use std::cmp::max;\nuse rand::Rng;\nuse regex::Regex;\nuse md5;\n\nfn f(s: &str) -> bool {\n    Regex::new(s).is_ok()\n}\n";
        assert_eq!(
            without_unused_crates(rs, Lang::Rust),
            "use std::cmp::max;\nuse regex::Regex;\n\nfn f(s: &str) -> bool {\n    Regex::new(s).is_ok()\n}\n"
        );
        let py = "import rand\n";
        assert_eq!(without_unused_crates(py, Lang::Python), py);
    }

    #[test]
    fn a_rust_task_is_tested_on_the_function_the_other_side_declares() {
        // Regression: the mutation benchmark compared Rust's
        // `is_palindrome_10` (the end of task 10's Rust declaration) with
        // the Python translation's `make_palindrome`: a false alarm.
        let rust = Task {
            declaration: "fn is_palindrome_10(str: &str) -> bool {\n".into(),
            ..Task::default()
        };
        let python = Task {
            declaration: "def is_palindrome(s: str) -> bool:\n    return s == s[::-1]\n\n\ndef make_palindrome(string: str) -> str:\n".into(),
            ..Task::default()
        };
        let source = "fn is_palindrome_10(str: &str) -> bool { true }\nfn make_palindrome(str: &str) -> String { String::new() }\n";
        let translation = "def is_palindrome_10(str):\n    return True\n\n\ndef make_palindrome(str):\n    return ''\n";
        assert_eq!(
            entries(
                &rust,
                source,
                Lang::Rust,
                &python,
                translation,
                Lang::Python
            ),
            Some(("make_palindrome".into(), "make_palindrome".into()))
        );
        let js = "function makePalindrome(str) {\n  return '';\n}\n";
        assert_eq!(
            entries(
                &python,
                "def make_palindrome(string: str) -> str:\n    return ''\n",
                Lang::Python,
                &rust,
                js,
                Lang::JavaScript
            ),
            Some(("make_palindrome".into(), "makePalindrome".into()))
        );
    }

    #[test]
    fn the_entry_point_is_the_last_declared_function() {
        let py = "def is_palindrome(s: str) -> bool:\n    return s == s[::-1]\n\n\ndef make_palindrome(string: str) -> str:\n";
        assert_eq!(
            entry_point(py, Lang::Python).as_deref(),
            Some("make_palindrome")
        );
        let js = "const truncateNumber = (number) => {\n";
        assert_eq!(
            entry_point(js, Lang::JavaScript).as_deref(),
            Some("truncateNumber")
        );
        let rs = "\nuse std::cmp::max;\n\nfn truncate_number(number: &f32) -> f32{\n";
        assert_eq!(
            entry_point(rs, Lang::Rust).as_deref(),
            Some("truncate_number")
        );
    }
}
