//! The verification rounds: candidates turned down by the compiler or
//! by a counterexample, the next candidate or a repair taking their
//! place, and the level each written unit reaches.

use super::*;
use crate::engine::scripted::{ScriptCall, Scripted};
use crate::engine::{Engine, EngineError, Translation, TranslationRequest};
use crate::lang::Lang;
use crate::report::{FileStatus, UnitStatus};
use crate::verify::differential::Counterexample;
use crate::verify::differential::{DiffRequest, DiffVerdict};
use crate::verify::level::VerifySettings;

use crate::verify::{toolchain, Rejected, Verification, VerifyLevel};
use std::path::Path;

const SOURCE: &str = "def f(xs):\n    return [[] for _ in xs]\n";

/// Stands in for the differential harnesses: a translation whose file
/// says `WRONG` disagrees, one that says `FEWER` agrees on fewer inputs.
fn fake_tester(request: &DiffRequest<'_>) -> DiffVerdict {
    assert_eq!(request.source_file, SOURCE);
    assert_eq!((request.source_name, request.target_name), ("f", "f"));
    if request.target_file.contains("WRONG") {
        DiffVerdict::Disagrees(Counterexample {
            inputs: "([1, 2],)".into(),
            expected: "[[], []]".into(),
            got: "'WRONG'".into(),
        })
    } else if request.target_file.contains("FEWER") {
        DiffVerdict::Agrees { inputs: 3 }
    } else {
        DiffVerdict::Agrees { inputs: 9 }
    }
}

fn run(script: &str, level: VerifyLevel) -> Option<(TranslatedFile, Vec<ScriptCall>)> {
    if toolchain::available(Lang::JavaScript).is_err() {
        eprintln!("skipped: no node");
        return None;
    }
    let engine = std::sync::Arc::new(Scripted::parse(script).expect("a script"));
    let mut settings = Settings::new(Lang::JavaScript);
    settings.verify = VerifySettings::at(level);
    settings.verify.tester = fake_tester;
    let engines: Vec<Box<dyn Engine>> = vec![Box::new(Shared(engine.clone()))];
    let out = translate_text(Path::new("t.py"), SOURCE, Lang::Python, &settings, &engines)
        .expect("it splits");
    Some((out, engine.calls()))
}

/// The scripted engine behind an `Arc`, so the test keeps a handle on
/// what it was asked.
struct Shared(std::sync::Arc<Scripted>);

impl Engine for Shared {
    fn name(&self) -> &str {
        self.0.name()
    }
    fn supports(&self, from: Lang, to: Lang) -> bool {
        self.0.supports(from, to)
    }
    fn translate(&self, request: &TranslationRequest) -> Result<Translation, EngineError> {
        self.0.translate(request)
    }
    fn repair_rounds(&self) -> usize {
        self.0.repair_rounds()
    }
    fn repair(
        &self,
        request: &TranslationRequest,
        rejected: &[Rejected],
    ) -> Result<Option<Translation>, EngineError> {
        self.0.repair(request, rejected)
    }
}

const DUPLICATE: &str = "function f(xs) {\n  return xs.map((_, _) => []);\n}";
const RIGHT: &str = "function f(xs) {\n  return xs.map(() => []);\n}";

fn script(candidates: &[&str], repairs: &[&str]) -> String {
    serde_json::json!({"unit": "f", "candidates": candidates, "repairs": repairs}).to_string()
}

// The defect of issue 13: `(_, _) => []` parses, so it was written as
// translated, though node refuses to load the file.
#[test]
fn a_candidate_the_compiler_refuses_gives_way_to_the_next() {
    let Some((out, calls)) = run(&script(&[DUPLICATE, RIGHT], &[]), VerifyLevel::Compile) else {
        return;
    };
    assert_eq!(out.text, format!("{RIGHT}\n"));
    let unit = &out.units[0];
    assert_eq!(unit.status, UnitStatus::Translated);
    assert_eq!(unit.winner, Some(1));
    assert_eq!(unit.verification, Some(Verification::Compiled));
    assert_eq!(unit.reasons.len(), 1, "{:?}", unit.reasons);
    assert!(
        unit.reasons[0].starts_with(
            "scripted candidate 0: does not compile: SyntaxError: Duplicate parameter name"
        ),
        "{:?}",
        unit.reasons
    );
    assert_eq!(calls.len(), 1, "no repair was needed: {calls:?}");
}

#[test]
fn a_unit_nothing_compiles_for_is_a_todo_block_with_the_message() {
    let Some((out, _)) = run(&script(&[DUPLICATE], &[]), VerifyLevel::Compile) else {
        return;
    };
    assert!(
        out.text
            .starts_with("// TODO(xlate): does not compile: SyntaxError: Duplicate parameter name"),
        "{}",
        out.text
    );
    assert!(!out.text.contains("(_, _)"), "{}", out.text);
    let unit = &out.units[0];
    assert_eq!(unit.status, UnitStatus::Failed);
    match &unit.verification {
        Some(Verification::DoesNotCompile { message }) => {
            assert!(message.contains("Duplicate parameter name"), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(out.status(), FileStatus::Failed);
}

#[test]
fn a_repair_is_shown_the_compiler_message() {
    let Some((out, calls)) = run(&script(&[DUPLICATE], &[RIGHT]), VerifyLevel::Compile) else {
        return;
    };
    assert_eq!(out.text, format!("{RIGHT}\n"));
    assert_eq!(out.units[0].verification, Some(Verification::Compiled));
    assert_eq!(out.units[0].candidates, 2);
    match &calls[..] {
        [ScriptCall::Translate { .. }, ScriptCall::Repair { code, reason, .. }] => {
            assert_eq!(code, DUPLICATE);
            assert!(
                reason.starts_with("does not compile: SyntaxError: Duplicate parameter name"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn without_verification_the_parse_checks_decide() {
    let Some((out, _)) = run(&script(&[DUPLICATE, RIGHT], &[]), VerifyLevel::Off) else {
        return;
    };
    assert_eq!(out.text, format!("{DUPLICATE}\n"));
    assert_eq!(out.units[0].verification, Some(Verification::Parsed));
    // The first candidate that passes is enough: the second is not
    // even checked.
    assert_eq!(out.units[0].candidates, 1);
}

// An error inside a split class's member is that member's, not its
// class's: the rest of the class is kept.
#[test]
fn an_error_in_a_member_is_laid_at_the_member() {
    if toolchain::available(Lang::JavaScript).is_err() {
        return;
    }
    let source = "class C:\n    def a(self):\n        return 1\n\n    def b(self, xs):\n        return [[] for _ in xs]\n";
    let script = [
        serde_json::json!({"unit": "C", "candidates": ["class C {\n  /* xlate:member 0 */\n\n  /* xlate:member 1 */\n}"]}),
        serde_json::json!({"unit": "a", "candidates": ["a() {\n  return 1;\n}"]}),
        serde_json::json!({"unit": "b", "candidates": ["b(xs) {\n  return xs.map((_, _) => []);\n}"]}),
    ];
    let text: Vec<String> = script.iter().map(|l| l.to_string()).collect();
    let engine = Scripted::parse(&text.join("\n")).expect("a script");
    let mut settings = Settings::new(Lang::JavaScript);
    settings.verify = VerifySettings::at(VerifyLevel::Compile);
    settings.split.split_classes_over = 0;
    let engines: Vec<Box<dyn Engine>> = vec![Box::new(engine)];
    let out = translate_text(Path::new("t.py"), source, Lang::Python, &settings, &engines)
        .expect("it splits");
    let class = &out.units[0];
    assert_eq!(class.status, UnitStatus::Translated, "{:?}", out.units);
    assert_eq!(class.verification, Some(Verification::Compiled));
    assert_eq!(class.members.len(), 2);
    assert_eq!(class.members[0].verification, Some(Verification::Compiled));
    assert_eq!(class.members[1].status, UnitStatus::Failed);
    assert!(
        matches!(&class.members[1].verification, Some(Verification::DoesNotCompile { message }) if message.contains("Duplicate parameter name")),
        "{:?}",
        class.members[1]
    );
    assert!(
        out.text.contains("  a() {\n    return 1;\n  }"),
        "{}",
        out.text
    );
    assert!(
        out.text
            .contains("  // TODO(xlate): does not compile: SyntaxError: Duplicate parameter name"),
        "{}",
        out.text
    );
}

const WRONG: &str = "function f(xs) {\n  return 'WRONG';\n}";

#[test]
fn a_candidate_that_disagrees_gives_way_to_one_that_agrees() {
    let Some((out, calls)) = run(&script(&[WRONG, RIGHT], &[]), VerifyLevel::Test) else {
        return;
    };
    assert_eq!(out.text, format!("{RIGHT}\n"));
    let unit = &out.units[0];
    assert_eq!(unit.winner, Some(1));
    assert_eq!(
        unit.verification,
        Some(Verification::Tested { agreeing: 9 })
    );
    assert_eq!(
        unit.reasons,
        ["scripted candidate 0: disagrees with its source on ([1, 2],): expected [[], []], got 'WRONG'"]
    );
    assert_eq!(calls.len(), 1, "{calls:?}");
}

#[test]
fn candidates_agreeing_on_more_inputs_win_over_better_scores() {
    let fewer = "function f(xs) {\n  // FEWER\n  return xs.map(() => []);\n}";
    let script =
        serde_json::json!({"unit": "f", "candidates": [fewer, RIGHT], "scores": [-0.1, -2.0]})
            .to_string();
    let Some((out, _)) = run(&script, VerifyLevel::Test) else {
        return;
    };
    assert_eq!(out.text, format!("{RIGHT}\n"));
    assert_eq!(out.units[0].winner, Some(1));
    assert_eq!(
        out.units[0].verification,
        Some(Verification::Tested { agreeing: 9 })
    );
}

#[test]
fn a_repair_is_shown_the_counterexample_and_a_unit_all_disagree_on_is_a_todo() {
    let Some((out, calls)) = run(&script(&[WRONG], &[WRONG]), VerifyLevel::Test) else {
        return;
    };
    match &calls[..] {
        [ScriptCall::Translate { .. }, ScriptCall::Repair { reason, .. }] => assert_eq!(
            reason,
            "disagrees with its source on ([1, 2],): expected [[], []], got 'WRONG'"
        ),
        other => panic!("{other:?}"),
    }
    assert!(
        out.text.starts_with("// TODO(xlate): disagrees with its source on ([1, 2],): expected [[], []], got 'WRONG'\n"),
        "{}",
        out.text
    );
    let unit = &out.units[0];
    assert_eq!(unit.status, UnitStatus::Failed);
    assert_eq!(
        unit.verification,
        Some(Verification::Disagrees {
            counterexample: Counterexample {
                inputs: "([1, 2],)".into(),
                expected: "[[], []]".into(),
                got: "'WRONG'".into(),
            }
        })
    );
}

/// Regression: "end byte index 1445 is not a char boundary" — a unit whose
/// code ends in a character of several bytes (a TODO block quoting `€`)
/// panicked the run when a diagnostic was traced to its line.
#[test]
fn a_diagnostic_is_blamed_on_a_unit_that_ends_inside_a_character() {
    use super::assemble::{Pass, Place};
    use super::rounds::blame;
    let pass = Pass {
        text: "a\n// €".to_string(),
        reports: Vec::new(),
        places: vec![Place {
            ordinal: 7,
            bytes: 2.."a\n// €".len(),
        }],
    };
    let diagnostic = toolchain::Diagnostic {
        line: 2,
        message: "it does not load".to_string(),
    };
    let (blamed, unplaced) = blame(&[diagnostic], &pass);
    assert_eq!(blamed, vec![(7, "it does not load".to_string())]);
    assert!(unplaced.is_empty(), "{unplaced:?}");
}
