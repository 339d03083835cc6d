//! What a mutation benchmark found: counts per mutation kind, false alarms,
//! time per unit; as data, as Markdown and as JSON.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;

use crate::lang::Lang;
use crate::verify::differential::DiffVerdict;

use super::generate::MutationKind;
use super::judge::{Fate, MutantResult, UnitResult};

/// Counts of mutants by fate.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Tally {
    pub mutants: usize,
    /// Rejected by the differential test.
    pub killed: usize,
    /// Rejected because they do not compile or load.
    pub killed_by_compile: usize,
    /// Accepted by the differential test.
    pub survived: usize,
    /// Of the survivors, those the benchmark's own tests pass too: no
    /// behaviour change, or none the tests see either.
    pub equivalent_or_weak: usize,
    /// Not run by the differential test (and not failing to compile).
    pub untested: usize,
    /// Rejected over all mutants (an untested mutant is not rejected).
    pub kill_rate: f64,
    /// Rejected over the mutants not known to be equivalent-or-weak: the
    /// figure the 90% is about.
    pub kill_rate_non_equivalent: f64,
    /// Rejected over the mutants neither equivalent-or-weak nor untested:
    /// how good the inputs are where inputs could be made at all.
    pub kill_rate_tested: f64,
}

impl Tally {
    fn add(&mut self, mutant: &MutantResult) {
        self.mutants += 1;
        match mutant.fate {
            Fate::Killed { .. } => self.killed += 1,
            Fate::KilledByCompile { .. } => self.killed_by_compile += 1,
            Fate::Survived { .. } => self.survived += 1,
            Fate::Untested { .. } => self.untested += 1,
        }
        if mutant.equivalent_or_weak() {
            self.equivalent_or_weak += 1;
        }
        let rejected = self.killed + self.killed_by_compile;
        self.kill_rate = ratio(rejected, self.mutants);
        self.kill_rate_non_equivalent = ratio(rejected, self.mutants - self.equivalent_or_weak);
        self.kill_rate_tested = ratio(
            rejected,
            self.mutants - self.equivalent_or_weak - self.untested,
        );
    }

    /// Survivors the benchmark's tests reject: what verification missed.
    pub fn missed(&self) -> usize {
        self.survived - self.equivalent_or_weak
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A task or file left out, and why: only correct translations are mutated.
#[derive(Clone, Debug, Serialize)]
pub struct Skipped {
    pub label: String,
    pub why: String,
}

/// The totals of a run.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct MutantsSummary {
    /// Correct translations judged.
    pub units: usize,
    /// Tasks or files left out (not translated, or not correct).
    pub skipped: usize,
    /// Unmutated correct translations the differential test rejected.
    pub false_alarms: usize,
    /// Unmutated translations the differential test did not run.
    pub untested_units: usize,
    pub total: Tally,
    pub by_kind: BTreeMap<MutationKind, Tally>,
    /// Mean wall-clock seconds per unit (its baseline and its mutants).
    pub seconds_per_unit: f64,
}

/// What a mutation benchmark found, for one direction.
#[derive(Clone, Debug, Serialize)]
pub struct MutantsReport {
    pub from: Lang,
    pub to: Lang,
    pub engine: String,
    pub units: Vec<UnitResult>,
    pub skipped: Vec<Skipped>,
    pub summary: MutantsSummary,
}

impl MutantsReport {
    pub fn new(
        from: Lang,
        to: Lang,
        engine: &str,
        units: Vec<UnitResult>,
        skipped: Vec<Skipped>,
    ) -> MutantsReport {
        let summary = summarize(&units, skipped.len());
        MutantsReport {
            from,
            to,
            engine: engine.to_string(),
            units,
            skipped,
            summary,
        }
    }

    /// The table per kind, the false alarms, the time, then every mutant
    /// that was not rejected and every false alarm, with why.
    pub fn render(&self) -> String {
        let s = &self.summary;
        let mut out = format!(
            "{} {} → {}: {} correct translations, {} mutants\n\n",
            self.engine, self.from, self.to, s.units, s.total.mutants
        );
        out.push_str(
            "| kind | mutants | killed | by compile | survived | equivalent-or-weak | untested | kill rate | non-equivalent | tested |\n\
             | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
        );
        let row = |out: &mut String, name: &str, t: &Tally| {
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} | {} | {} | {} | {:.1}% | {:.1}% | {:.1}% |",
                t.mutants,
                t.killed,
                t.killed_by_compile,
                t.survived,
                t.equivalent_or_weak,
                t.untested,
                100.0 * t.kill_rate,
                100.0 * t.kill_rate_non_equivalent,
                100.0 * t.kill_rate_tested
            );
        };
        for (kind, tally) in &s.by_kind {
            row(&mut out, kind.name(), tally);
        }
        row(&mut out, "all", &s.total);
        let _ = writeln!(
            out,
            "\nfalse alarms: {} of {} unmutated translations ({} untested)\ntime: {:.2} s per unit\nskipped: {}",
            s.false_alarms, s.units, s.untested_units, s.seconds_per_unit, s.skipped
        );
        for unit in &self.units {
            match &unit.baseline {
                DiffVerdict::Disagrees(counterexample) => {
                    let _ = writeln!(
                        out,
                        "{} {}: false alarm: {counterexample}",
                        unit.label, unit.function
                    );
                }
                DiffVerdict::Untested { why } => {
                    let _ = writeln!(out, "{} {}: untested: {why}", unit.label, unit.function);
                }
                DiffVerdict::Agrees { .. } => {}
            }
            if let Some(note) = &unit.note {
                let _ = writeln!(out, "{} {}: {note}", unit.label, unit.function);
            }
            // Under an untested original, the unit's line above says why
            // its mutants are untested.
            let baseline_untested = matches!(unit.baseline, DiffVerdict::Untested { .. });
            for mutant in unit.mutants.iter().filter(|m| !m.rejected()) {
                let what = match &mutant.fate {
                    Fate::Untested { .. } if baseline_untested => continue,
                    Fate::Survived { inputs } if mutant.equivalent_or_weak() => {
                        format!("survived {inputs} inputs (equivalent-or-weak: the tests pass it)")
                    }
                    Fate::Survived { inputs } => format!("survived {inputs} inputs"),
                    Fate::Untested { why } => format!("untested: {why}"),
                    Fate::Killed { .. } | Fate::KilledByCompile { .. } => continue,
                };
                let _ = writeln!(
                    out,
                    "{}:{}: {}: {}: {what}",
                    unit.label, mutant.line, mutant.kind, mutant.description
                );
            }
        }
        for skipped in &self.skipped {
            let _ = writeln!(out, "{}: skipped: {}", skipped.label, skipped.why);
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

fn summarize(units: &[UnitResult], skipped: usize) -> MutantsSummary {
    let mut summary = MutantsSummary {
        units: units.len(),
        skipped,
        false_alarms: units.iter().filter(|u| u.false_alarm()).count(),
        untested_units: units
            .iter()
            .filter(|u| matches!(u.baseline, DiffVerdict::Untested { .. }))
            .count(),
        ..MutantsSummary::default()
    };
    for mutant in units.iter().flat_map(|u| &u.mutants) {
        summary.total.add(mutant);
        summary.by_kind.entry(mutant.kind).or_default().add(mutant);
    }
    summary.seconds_per_unit = if units.is_empty() {
        0.0
    } else {
        units.iter().map(|u| u.seconds).sum::<f64>() / units.len() as f64
    };
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::differential::Counterexample;

    fn mutant(kind: MutationKind, fate: Fate, tests_kill: Option<bool>) -> MutantResult {
        MutantResult {
            kind,
            line: 3,
            description: "`<` → `<=`".into(),
            fate,
            tests_kill,
        }
    }

    #[test]
    fn rates_leave_out_equivalent_mutants_and_count_untested_ones() {
        let killed = || Fate::Killed {
            counterexample: Counterexample {
                inputs: "(1,)".into(),
                expected: "1".into(),
                got: "2".into(),
            },
        };
        let unit = |baseline, mutants| UnitResult {
            label: "task 0".into(),
            function: "f".into(),
            baseline,
            note: None,
            mutants,
            seconds: 2.0,
        };
        let units = vec![
            unit(
                DiffVerdict::Agrees { inputs: 9 },
                vec![
                    mutant(MutationKind::OperatorSwap, killed(), Some(true)),
                    mutant(MutationKind::OperatorSwap, killed(), Some(false)),
                    mutant(
                        MutationKind::OperatorSwap,
                        Fate::Survived { inputs: 9 },
                        Some(false),
                    ),
                    mutant(
                        MutationKind::OffByOne,
                        Fate::KilledByCompile {
                            detail: "E0308".into(),
                        },
                        Some(true),
                    ),
                    mutant(
                        MutationKind::OffByOne,
                        Fate::Survived { inputs: 9 },
                        Some(true),
                    ),
                ],
            ),
            unit(
                DiffVerdict::Untested {
                    why: "no inputs".into(),
                },
                vec![mutant(
                    MutationKind::OffByOne,
                    Fate::Untested {
                        why: "no inputs".into(),
                    },
                    Some(true),
                )],
            ),
            unit(
                DiffVerdict::Disagrees(Counterexample {
                    inputs: "()".into(),
                    expected: "1".into(),
                    got: "1.0".into(),
                }),
                vec![],
            ),
        ];
        let report = MutantsReport::new(Lang::Python, Lang::JavaScript, "rules", units, vec![]);
        let s = &report.summary;
        assert_eq!((s.units, s.false_alarms, s.untested_units), (3, 1, 1));
        assert_eq!(s.total.mutants, 6);
        assert_eq!(s.total.killed, 2);
        assert_eq!(s.total.killed_by_compile, 1);
        assert_eq!(s.total.survived, 2);
        assert_eq!(s.total.equivalent_or_weak, 1);
        assert_eq!(s.total.missed(), 1);
        assert_eq!(s.total.untested, 1);
        assert!((s.total.kill_rate - 0.5).abs() < 1e-9);
        assert!((s.total.kill_rate_non_equivalent - 0.6).abs() < 1e-9);
        assert!((s.total.kill_rate_tested - 0.75).abs() < 1e-9);
        let swaps = &s.by_kind[&MutationKind::OperatorSwap];
        assert_eq!(
            (swaps.mutants, swaps.killed, swaps.equivalent_or_weak),
            (3, 2, 1)
        );
        assert!((swaps.kill_rate_non_equivalent - 1.0).abs() < 1e-9);
        let off = &s.by_kind[&MutationKind::OffByOne];
        assert!((off.kill_rate - 1.0 / 3.0).abs() < 1e-9);
        assert!((s.seconds_per_unit - 2.0).abs() < 1e-9);
        let text = report.render();
        assert!(
            text.contains("| operator_swap | 3 | 2 | 0 | 1 | 1 | 0 | 66.7% | 100.0% | 100.0% |"),
            "{text}"
        );
        assert!(
            text.contains("| all | 6 | 2 | 1 | 2 | 1 | 1 | 50.0% | 60.0% | 75.0% |"),
            "{text}"
        );
        assert!(text.contains("false alarms: 1 of 3"), "{text}");
        assert!(
            text.contains("task 0 f: false alarm: on (): expected 1, got 1.0"),
            "{text}"
        );
        assert!(
            text.contains("task 0:3: off_by_one: `<` → `<=`: survived 9 inputs\n"),
            "{text}"
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["summary"]["by_kind"]["off_by_one"]["mutants"], 3);
        assert_eq!(json["units"][0]["mutants"][0]["fate"], "killed");
        assert_eq!(json["units"][0]["mutants"][0]["counterexample"]["got"], "2");
    }
}
