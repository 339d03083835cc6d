//! Judging one correct translation: its unmutated form and each of its
//! mutants go through differential testing against the source, and the
//! benchmark's own tests say which mutants fail to compile and which no
//! test tells from the original.
//!
//! The differential test and the tests are handed in as functions, so that
//! the counting can be tested without running anything.

use std::time::Instant;

use serde::Serialize;

use crate::eval::run::RunOutcome;
use crate::lang::Lang;
use crate::verify::differential::{Counterexample, DiffRequest, DiffSettings, DiffVerdict};

use super::generate::{self, MutateOptions, MutationKind};

/// The differential test: [`crate::verify::differential::differential`], or
/// a stand-in in tests.
pub type Differential<'a> = &'a (dyn Fn(&DiffRequest<'_>) -> DiffVerdict + Sync);

/// Runs a target file against the checks the benchmark has for it: its
/// tests, or (where it has none) only compiling and loading it.
pub type Oracle<'a> = &'a (dyn Fn(&str) -> OracleOutcome + Sync);

/// What the benchmark's own checks said of a target file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", content = "detail", rename_all = "snake_case")]
pub enum OracleOutcome {
    /// The tests passed (or, with no tests, the file compiled and loaded).
    Passed,
    /// A test failed, or the tests ran out of time.
    Failed(String),
    /// The file did not compile or load.
    Invalid(String),
    /// The checks could not be run at all (no temporary directory, say).
    Error(String),
}

impl From<RunOutcome> for OracleOutcome {
    fn from(outcome: RunOutcome) -> OracleOutcome {
        match outcome {
            RunOutcome::Passed => OracleOutcome::Passed,
            RunOutcome::Failed(detail) => OracleOutcome::Failed(detail),
            RunOutcome::Invalid(detail) => OracleOutcome::Invalid(detail),
            RunOutcome::Timeout { compiling: true } => {
                OracleOutcome::Error("compiling took too long".into())
            }
            RunOutcome::Timeout { compiling: false } => {
                OracleOutcome::Failed("the tests ran out of time".into())
            }
        }
    }
}

/// A translation known to be correct, with the source it came from.
#[derive(Clone, Debug)]
pub struct Subject {
    /// What it is, for the report: `task 12`, `inventory/pricing.py`.
    pub label: String,
    pub from: Lang,
    pub to: Lang,
    pub source_file: String,
    pub source_name: String,
    pub target_file: String,
    pub target_name: String,
    /// Whether the oracle runs real tests (a benchmark's), not only a
    /// compile and load: only then can a mutant be called equivalent.
    pub has_tests: bool,
}

/// What became of one mutant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "fate", rename_all = "snake_case")]
pub enum Fate {
    /// The differential test found inputs on which it differs from the source.
    Killed { counterexample: Counterexample },
    /// It does not compile or load; any verification level rejects it.
    KilledByCompile { detail: String },
    /// The differential test agreed with it on every input.
    Survived { inputs: usize },
    /// The differential test did not run it.
    Untested { why: String },
}

/// One mutant and its fate.
#[derive(Clone, Debug, Serialize)]
pub struct MutantResult {
    pub kind: MutationKind,
    pub line: usize,
    pub description: String,
    #[serde(flatten)]
    pub fate: Fate,
    /// Whether the benchmark's own tests reject it; `None` when the subject
    /// has no tests. A survivor the tests pass too is equivalent to the
    /// original, or the tests are as weak as the inputs.
    pub tests_kill: Option<bool>,
}

impl MutantResult {
    pub fn rejected(&self) -> bool {
        matches!(
            self.fate,
            Fate::Killed { .. } | Fate::KilledByCompile { .. }
        )
    }

    /// Survived, and the benchmark's tests do not tell it from the
    /// original either.
    pub fn equivalent_or_weak(&self) -> bool {
        matches!(self.fate, Fate::Survived { .. }) && self.tests_kill == Some(false)
    }
}

/// One subject judged.
#[derive(Clone, Debug, Serialize)]
pub struct UnitResult {
    pub label: String,
    /// The mutated function, in the target language.
    pub function: String,
    /// The verdict on the unmutated translation; anything but agreement or
    /// untested is a false alarm.
    pub baseline: DiffVerdict,
    /// Why there are no mutants, when there are none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub mutants: Vec<MutantResult>,
    /// Wall-clock time for the baseline and every mutant.
    pub seconds: f64,
}

impl UnitResult {
    pub fn false_alarm(&self) -> bool {
        matches!(self.baseline, DiffVerdict::Disagrees(_))
    }
}

/// Judges `subject`: the unmutated translation first (a disagreement there
/// is a false alarm, and its mutants would say nothing), then each mutant.
pub fn judge(
    subject: &Subject,
    mutate: &MutateOptions,
    settings: &DiffSettings,
    differential: Differential,
    oracle: Oracle,
) -> UnitResult {
    let started = Instant::now();
    let request = |target_file: &str| {
        differential(&DiffRequest {
            from: subject.from,
            to: subject.to,
            source_file: &subject.source_file,
            source_name: &subject.source_name,
            target_file,
            target_name: &subject.target_name,
            settings,
            source_place: None,
            target_place: None,
        })
    };
    let baseline = request(&subject.target_file);
    let mut result = UnitResult {
        label: subject.label.clone(),
        function: subject.target_name.clone(),
        baseline: baseline.clone(),
        note: None,
        mutants: Vec::new(),
        seconds: 0.0,
    };
    if let DiffVerdict::Disagrees(_) = baseline {
        result.note = Some("the unmutated translation is rejected: mutants not run".into());
        result.seconds = started.elapsed().as_secs_f64();
        return result;
    }
    let made = match generate::mutants(
        &subject.target_file,
        subject.to,
        &subject.target_name,
        mutate,
    ) {
        Ok(made) => made,
        Err(err) => {
            result.note = Some(format!("no mutants: {err}"));
            result.seconds = started.elapsed().as_secs_f64();
            return result;
        }
    };
    if made.is_empty() {
        result.note = Some("no mutants: nothing in the function to mutate".into());
    }
    for mutant in made {
        let checked = oracle(&mutant.text);
        let tests_kill = match (&checked, subject.has_tests) {
            (OracleOutcome::Passed, true) => Some(false),
            (OracleOutcome::Failed(_) | OracleOutcome::Invalid(_), true) => Some(true),
            _ => None,
        };
        let fate = match (checked, &baseline) {
            (OracleOutcome::Invalid(detail), _) => Fate::KilledByCompile { detail },
            // Its mutants would only repeat why the original was untested.
            (_, DiffVerdict::Untested { why }) => Fate::Untested {
                why: format!("the unmutated translation is untested: {why}"),
            },
            _ => match request(&mutant.text) {
                DiffVerdict::Disagrees(counterexample) => Fate::Killed { counterexample },
                DiffVerdict::Agrees { inputs } => Fate::Survived { inputs },
                DiffVerdict::Untested { why } => Fate::Untested { why },
            },
        };
        result.mutants.push(MutantResult {
            kind: mutant.kind,
            line: mutant.line,
            description: mutant.description,
            fate,
            tests_kill,
        });
    }
    result.seconds = started.elapsed().as_secs_f64();
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject() -> Subject {
        let file = "def f(a, b):\n    if a < b:\n        return b - a\n    return a - b\n";
        Subject {
            label: "task 1".into(),
            from: Lang::Python,
            to: Lang::Python,
            source_file: file.into(),
            source_name: "f".into(),
            target_file: file.into(),
            target_name: "f".into(),
            has_tests: true,
        }
    }

    /// Agrees with the original only: any other text is a disagreement,
    /// except the `<` → `<=` swap, which really is equivalent here.
    fn exact(request: &DiffRequest<'_>) -> DiffVerdict {
        if request.target_file == request.source_file || request.target_file.contains("a <= b") {
            DiffVerdict::Agrees { inputs: 5 }
        } else {
            DiffVerdict::Disagrees(Counterexample {
                inputs: "(1, 2)".into(),
                expected: "1".into(),
                got: "-1".into(),
            })
        }
    }

    #[test]
    fn kills_survivors_and_compile_failures_are_told_apart() {
        // The tests fail every mutant but one; one does not load.
        let oracle = |text: &str| {
            if text.contains("a <= b") {
                OracleOutcome::Passed
            } else if text.contains("b + a") {
                OracleOutcome::Invalid("SyntaxError".into())
            } else {
                OracleOutcome::Failed("AssertionError".into())
            }
        };
        let result = judge(
            &subject(),
            &MutateOptions::default(),
            &DiffSettings::default(),
            &exact,
            &oracle,
        );
        assert!(!result.false_alarm());
        assert_eq!(result.baseline, DiffVerdict::Agrees { inputs: 5 });
        let fate_of = |description: &str| {
            result
                .mutants
                .iter()
                .find(|m| m.description == description)
                .unwrap_or_else(|| panic!("no {description}: {:#?}", result.mutants))
        };
        let equivalent = fate_of("`<` → `<=`");
        assert_eq!(equivalent.fate, Fate::Survived { inputs: 5 });
        assert!(equivalent.equivalent_or_weak());
        assert!(!equivalent.rejected());
        let compile = fate_of("`-` → `+`");
        assert!(
            matches!(&compile.fate, Fate::KilledByCompile { detail } if detail == "SyntaxError"),
            "{compile:?}"
        );
        let killed = fate_of("negate the `if` condition");
        assert!(
            matches!(&killed.fate, Fate::Killed { counterexample } if counterexample.got == "-1")
        );
        assert_eq!(killed.tests_kill, Some(true));
        let rejected = result.mutants.iter().filter(|m| m.rejected()).count();
        assert_eq!(rejected + 1, result.mutants.len());
    }

    #[test]
    fn a_rejected_original_is_a_false_alarm_and_its_mutants_are_not_run() {
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let reject = |_: &DiffRequest<'_>| {
            calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            DiffVerdict::Disagrees(Counterexample {
                inputs: "(0, 0)".into(),
                expected: "0".into(),
                got: "1".into(),
            })
        };
        let oracle = |_: &str| OracleOutcome::Passed;
        let result = judge(
            &subject(),
            &MutateOptions::default(),
            &DiffSettings::default(),
            &reject,
            &oracle,
        );
        assert!(result.false_alarm());
        assert!(result.mutants.is_empty());
        assert_eq!(calls.load(std::sync::atomic::Ordering::SeqCst), 1);
        assert!(result.note.as_deref().unwrap_or("").contains("rejected"));
    }

    #[test]
    fn an_untested_original_leaves_its_mutants_untested_except_compile_failures() {
        let untested = |_: &DiffRequest<'_>| DiffVerdict::Untested {
            why: "reads the clock".into(),
        };
        let oracle = |text: &str| {
            if text.contains("b + a") {
                OracleOutcome::Invalid("does not load".into())
            } else {
                OracleOutcome::Passed
            }
        };
        let result = judge(
            &subject(),
            &MutateOptions::default(),
            &DiffSettings::default(),
            &untested,
            &oracle,
        );
        assert!(!result.false_alarm());
        assert!(!result.mutants.is_empty());
        for mutant in &result.mutants {
            match &mutant.fate {
                Fate::KilledByCompile { .. } => assert_eq!(mutant.description, "`-` → `+`"),
                Fate::Untested { why } => assert!(why.contains("reads the clock"), "{why}"),
                other => panic!("{other:?}"),
            }
        }
    }
}
