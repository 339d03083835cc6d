//! The benchmark run: each HumanEval-X task's source solution is translated
//! with the normal pipeline, as `xlate eval` does; a translation that passes
//! the task's own tests is correct, and it is judged with its mutants.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use rayon::prelude::*;

use crate::engine::Engine;
use crate::eval::bench::{self, Task, TaskList};
use crate::eval::run::{self, RunError, RunOutcome, Runner};
use crate::eval::{self, EvalError};
use crate::lang::Lang;
use crate::pipeline::{self, Settings};
use crate::report::UnitStatus;
use crate::signatures::{self, Signatures};
use crate::verify::differential::DiffSettings;

use super::generate::MutateOptions;
use super::judge::{self, Differential, OracleOutcome, Subject, UnitResult};
use super::report::{MutantsReport, Skipped};

/// A mutation benchmark run, checked.
#[derive(Clone, Debug)]
pub struct MutantsConfig {
    /// The benchmark directory, with `<language>.jsonl` files.
    pub bench: PathBuf,
    pub from: Lang,
    pub to: Lang,
    /// The engine's name, as the report shows it.
    pub engine: String,
    /// Only these tasks; all tasks both languages have if none.
    pub tasks: Option<TaskList>,
    /// Tasks judged in parallel.
    pub jobs: usize,
    /// Limit for one run of a task's tests.
    pub timeout: Duration,
    /// Where the Rust scratch crate is kept between runs.
    pub cache: PathBuf,
    pub mutate: MutateOptions,
    pub diff: DiffSettings,
}

/// Runs the benchmark: translates every task, keeps the correct
/// translations, and judges each with `differential`.
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
    // Mutants are untrusted code as much as translations are.
    let mut hide = vec![config.bench.clone()];
    hide.extend(std::env::current_dir().ok());
    for runner in runners.values_mut() {
        runner.isolate(&hide);
    }
    let pool = crate::depth::engine_pool(config.jobs.max(1))
        .map_err(|e| EvalError::Threads(e.to_string()))?;
    let outcomes: Result<Vec<Result<UnitResult, Skipped>>, RunError> = pool.install(|| {
        numbers
            .par_iter()
            .map(|&number| {
                let (source, target) = (&sources[&number], &targets[&number]);
                let subject = match correct_translation(
                    source,
                    target,
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
    let origin = bench::file_of(&config.bench, to);
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
    let (Some(source_name), Some(target_name)) = (
        entry_point(&source.declaration, from),
        entry_point(&target.declaration, to),
    ) else {
        return Ok(Err("no function in the task's declaration".into()));
    };
    Ok(Ok(Subject {
        label: format!("task {}", source.task),
        from,
        to,
        source_file,
        source_name,
        target_file: translated.text,
        target_name,
        has_tests: true,
    }))
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
