//! The scripted engine, for tests: its candidates and repairs are read from
//! a file, so that the pipeline's selection, ranking and repair logic can
//! be tested without a model. Not for users: `--engine scripted` is not
//! listed, and takes its script from `$XLATE_SCRIPT`.
//!
//! The script holds one JSON object a line:
//!
//! ```text
//! {"unit": "f", "candidates": ["def f(): ...", "..."], "scores": [-0.1, -0.5], "repairs": ["..."]}
//! ```
//!
//! A request takes the first line not used yet whose `unit` is its unit's
//! name, else the first unused line without a `unit`. Each repair asked for
//! that unit takes the line's next repair (one candidate). Glue with no line
//! of its own translates to nothing; a unit with none is declined. Every
//! request and repair is recorded, and written as JSON lines to
//! `$XLATE_SCRIPT_LOG` when that is set, so that a test can read what the
//! engine was shown.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::{
    Candidate, Engine, EngineError, ExplainRequest, Explanation, Translation, TranslationRequest,
};
use crate::lang::Lang;
use crate::units::SegmentKind;
use crate::verify::Rejected;

/// The variable naming the script for `--engine scripted`.
pub const SCRIPT_ENV: &str = "XLATE_SCRIPT";
/// The variable naming the file the engine logs its requests to.
pub const LOG_ENV: &str = "XLATE_SCRIPT_LOG";

/// One line of a script.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptLine {
    /// The unit this line answers; any unit when absent.
    #[serde(default)]
    pub unit: Option<String>,
    pub candidates: Vec<String>,
    /// Scores of the candidates, in the same order; none when absent.
    #[serde(default)]
    pub scores: Vec<f64>,
    /// What each repair round answers, in order.
    #[serde(default)]
    pub repairs: Vec<String>,
    /// What `explain` answers for this line's unit (`--explain`).
    #[serde(default)]
    pub explanation: Option<String>,
}

/// What the engine was asked, as recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "call", rename_all = "snake_case")]
pub enum ScriptCall {
    Translate {
        unit: Option<String>,
        kind: SegmentKind,
    },
    Repair {
        unit: Option<String>,
        /// The code turned down, and why, as the engine was told.
        code: String,
        reason: String,
    },
    Explain {
        unit: Option<String>,
    },
}

/// The engine.
#[derive(Debug)]
pub struct Scripted {
    lines: Vec<ScriptLine>,
    /// The script's hash, for cache keys.
    hash: String,
    state: Mutex<State>,
    log: Option<PathBuf>,
}

#[derive(Debug, Default)]
struct State {
    used: Vec<bool>,
    /// Per unit name: its line and the repairs it has taken.
    taken: Vec<(Option<String>, usize, usize)>,
    calls: Vec<ScriptCall>,
}

impl Scripted {
    /// Reads the script at `path`.
    pub fn from_file(path: &Path) -> Result<Scripted, EngineError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| EngineError(format!("{}: cannot read the script: {e}", path.display())))?;
        Scripted::parse(&text).map_err(|e| EngineError(format!("{}: {e}", path.display())))
    }

    /// The engine of `--engine scripted`: the script `$XLATE_SCRIPT`, and
    /// its log `$XLATE_SCRIPT_LOG` if set.
    pub fn from_env() -> Result<Scripted, EngineError> {
        let path = std::env::var_os(SCRIPT_ENV)
            .ok_or_else(|| EngineError(format!("the scripted engine needs ${SCRIPT_ENV}")))?;
        let mut engine = Scripted::from_file(Path::new(&path))?;
        engine.log = std::env::var_os(LOG_ENV).map(PathBuf::from);
        Ok(engine)
    }

    /// A script from its text.
    pub fn parse(text: &str) -> Result<Scripted, String> {
        let mut lines = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let parsed: ScriptLine =
                serde_json::from_str(line).map_err(|e| format!("line {}: {e}", i + 1))?;
            lines.push(parsed);
        }
        Ok(Scripted {
            state: Mutex::new(State {
                used: vec![false; lines.len()],
                ..State::default()
            }),
            lines,
            hash: blake3::hash(text.as_bytes()).to_hex().to_string(),
            log: None,
        })
    }

    /// What the engine was asked so far, in order.
    pub fn calls(&self) -> Vec<ScriptCall> {
        self.state
            .lock()
            .map(|s| s.calls.clone())
            .unwrap_or_default()
    }

    fn record(&self, state: &mut State, call: ScriptCall) {
        if let Some(path) = &self.log {
            use std::io::Write as _;
            let line = serde_json::to_string(&call).unwrap_or_default();
            // A log that cannot be written fails the test that reads it.
            if let Ok(mut file) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
            {
                let _ = writeln!(file, "{line}");
            }
        }
        state.calls.push(call);
    }
}

fn candidates(texts: &[String], scores: &[f64]) -> Translation {
    Translation::candidates(
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| Candidate {
                text: text.clone(),
                score: scores.get(i).copied(),
                ..Candidate::default()
            })
            .collect(),
    )
}

impl Engine for Scripted {
    fn name(&self) -> &str {
        "scripted"
    }

    fn fingerprint(&self) -> String {
        format!("scripted {}", self.hash)
    }

    fn supports(&self, _: Lang, _: Lang) -> bool {
        true
    }

    fn translate(&self, request: &TranslationRequest) -> Result<Translation, EngineError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| EngineError("the script's state is poisoned".into()))?;
        self.record(
            &mut state,
            ScriptCall::Translate {
                unit: request.name.clone(),
                kind: request.kind,
            },
        );
        let named = (0..self.lines.len()).find(|&i| {
            !state.used[i] && request.name.is_some() && self.lines[i].unit == request.name
        });
        let found = named.or_else(|| {
            (0..self.lines.len()).find(|&i| !state.used[i] && self.lines[i].unit.is_none())
        });
        let Some(i) = found.filter(|_| request.kind != SegmentKind::Glue || named.is_some()) else {
            return Ok(if request.kind == SegmentKind::Glue {
                candidates(&[String::new()], &[])
            } else {
                Translation::declined("the script has no line for this unit")
            });
        };
        state.used[i] = true;
        state.taken.push((request.name.clone(), i, 0));
        let line = &self.lines[i];
        Ok(candidates(&line.candidates, &line.scores))
    }

    /// When some line of the script has an explanation.
    fn explains(&self) -> bool {
        self.lines.iter().any(|l| l.explanation.is_some())
    }

    /// The explanation of the first line for the unit's name that has one
    /// (used or not: explaining is not translating).
    fn explain(&self, request: &ExplainRequest) -> Result<Option<Explanation>, EngineError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| EngineError("the script's state is poisoned".into()))?;
        self.record(
            &mut state,
            ScriptCall::Explain {
                unit: request.name.clone(),
            },
        );
        Ok(self
            .lines
            .iter()
            .filter(|l| l.unit.is_some() && l.unit == request.name)
            .find_map(|l| l.explanation.clone())
            .map(|text| Explanation {
                text,
                model: None,
                tokens_in: None,
                tokens_out: None,
            }))
    }

    fn repair_rounds(&self) -> usize {
        self.lines
            .iter()
            .map(|l| l.repairs.len())
            .max()
            .unwrap_or(0)
    }

    fn repair(
        &self,
        request: &TranslationRequest,
        rejected: &[Rejected],
    ) -> Result<Option<Translation>, EngineError> {
        let mut state = self
            .state
            .lock()
            .map_err(|_| EngineError("the script's state is poisoned".into()))?;
        let first = rejected.first();
        self.record(
            &mut state,
            ScriptCall::Repair {
                unit: request.name.clone(),
                code: first.map(|r| r.code.clone()).unwrap_or_default(),
                reason: first.map(|r| r.reason.to_string()).unwrap_or_default(),
            },
        );
        let Some(taken) = state
            .taken
            .iter_mut()
            .rev()
            .find(|(unit, _, _)| *unit == request.name)
        else {
            return Ok(None);
        };
        let line = &self.lines[taken.1];
        let Some(repair) = line.repairs.get(taken.2) else {
            return Ok(None);
        };
        taken.2 += 1;
        Ok(Some(candidates(std::slice::from_ref(repair), &[])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Context, Outcome};

    fn request(name: Option<&str>, kind: SegmentKind) -> TranslationRequest {
        TranslationRequest {
            from: Lang::Python,
            to: Lang::JavaScript,
            kind,
            name: name.map(str::to_string),
            source: String::new(),
            path: "a.py".into(),
            first_line: 1,
            context: Context::default(),
        }
    }

    fn texts(t: Translation) -> Vec<String> {
        match t.outcome {
            Outcome::Candidates(c) => c.into_iter().map(|c| c.text).collect(),
            Outcome::Declined(why) => vec![format!("declined: {why}")],
        }
    }

    #[test]
    fn lines_answer_their_unit_then_in_order() {
        let engine = Scripted::parse(
            r#"{"candidates": ["any 1"]}
{"unit": "g", "candidates": ["g 1", "g 2"], "scores": [-1.0, -0.5], "repairs": ["g fixed"]}
{"candidates": ["any 2"]}
"#,
        )
        .unwrap();
        let f = request(Some("f"), SegmentKind::Function);
        let g = request(Some("g"), SegmentKind::Function);
        assert_eq!(texts(engine.translate(&g).unwrap()), ["g 1", "g 2"]);
        assert_eq!(texts(engine.translate(&f).unwrap()), ["any 1"]);
        assert_eq!(texts(engine.translate(&f).unwrap()), ["any 2"]);
        assert_eq!(
            texts(engine.translate(&f).unwrap()),
            ["declined: the script has no line for this unit"]
        );
        // Glue with no line of its own becomes nothing.
        let glue = request(None, SegmentKind::Glue);
        assert_eq!(texts(engine.translate(&glue).unwrap()), [""]);
        assert_eq!(engine.repair_rounds(), 1);
        let rejected = Rejected {
            candidate: 0,
            code: "g 1".into(),
            reason: crate::verify::Rejection::Compile {
                message: "SyntaxError: x".into(),
            },
        };
        let repaired = engine.repair(&g, std::slice::from_ref(&rejected)).unwrap();
        assert_eq!(texts(repaired.unwrap()), ["g fixed"]);
        assert!(engine.repair(&g, &[rejected]).unwrap().is_none());
        let calls = engine.calls();
        assert_eq!(calls.len(), 7);
        assert_eq!(
            calls[5],
            ScriptCall::Repair {
                unit: Some("g".into()),
                code: "g 1".into(),
                reason: "does not compile: SyntaxError: x".into()
            }
        );
    }

    #[test]
    fn a_bad_script_names_its_line() {
        let err = Scripted::parse("{\"candidates\": []}\n{\"candidate\": 1}\n").unwrap_err();
        assert!(err.starts_with("line 2:"), "{err}");
    }
}
