//! The Markdown summary of a run (`--summary-md`), fit for a CI job page:
//! totals, a table per folder, and each failure with its reason.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::report::{FileStatus, Report, UnitStatus};
use crate::verify::Verification;

/// Counts for one folder of the source tree.
#[derive(Default)]
struct FolderCounts {
    files: usize,
    translated: usize,
    partial: usize,
    failed: usize,
    units: usize,
    units_failed: usize,
}

/// Renders `report` as Markdown.
pub fn markdown(report: &Report) -> String {
    let t = &report.totals;
    let mut out = String::new();
    let to = report.to.map_or("?".to_string(), |l| l.to_string());
    let _ = writeln!(out, "## xlate: translation to {to} ({})\n", report.engine);
    let _ = writeln!(out, "| | count |\n|---|---:|");
    for (what, n) in [
        ("files", t.files),
        ("files translated", t.files_translated),
        ("files partly translated", t.files_partial),
        ("files not translated", t.files_failed),
        ("files skipped (other languages)", t.files_skipped),
        ("file errors", t.file_errors),
        ("units", t.units),
        ("units translated", t.units_translated),
        (
            "of which depend on untranslated units",
            t.units_depending_on_failed,
        ),
        ("units left as TODO(xlate)", t.units_failed),
        ("pieces of glue left as TODO(xlate)", t.glue_failed),
    ] {
        let _ = writeln!(out, "| {what} | {n} |");
    }
    if !t.verification.is_empty() {
        let _ = writeln!(out, "\n### Verification\n\n| level | units |\n|---|---:|");
        for level in Verification::ORDER {
            if let Some(n) = t.verification.get(*level) {
                let _ = writeln!(out, "| {} | {n} |", level.replace('_', " "));
            }
        }
    }
    if let Some(loads) = t.load_line() {
        let _ = writeln!(out, "\n**Modules**: {loads} (imported in the sandbox).");
        let failing: Vec<_> = report
            .files
            .iter()
            .filter_map(|f| Some((f, f.load.as_ref().filter(|l| !l.loads)?)))
            .collect();
        // A long list is in the report; the summary names the first few.
        const LISTED: usize = 20;
        for (file, load) in failing.iter().take(LISTED) {
            let why = load.error.as_deref().unwrap_or("it raised");
            let _ = writeln!(out, "- `{}` does not load: {why}", file.output);
        }
        if failing.len() > LISTED {
            let _ = writeln!(
                out,
                "- and {} more (see `load` in the report)",
                failing.len() - LISTED
            );
        }
    }
    let c = &report.cache;
    if c.enabled {
        let _ = writeln!(
            out,
            "\nCache: {} hits, {} misses ({} damaged entries replaced); {} engine calls.",
            c.hits, c.misses, c.corrupt, c.engine_calls
        );
    } else {
        let _ = writeln!(out, "\nCache off; {} engine calls.", c.engine_calls);
    }
    for note in &report.notes {
        let _ = writeln!(out, "\n**Note**: {note}");
    }
    if !report.interrupted.is_empty() {
        let _ = writeln!(
            out,
            "\n**Interrupted**: {} files were not translated; run again to resume.",
            report.interrupted.len()
        );
    }

    let mut folders: BTreeMap<&str, FolderCounts> = BTreeMap::new();
    for file in &report.files {
        let folder = file.source.rsplit_once('/').map_or(".", |(dir, _)| dir);
        let counts = folders.entry(folder).or_default();
        counts.files += 1;
        match file.status {
            FileStatus::Translated => counts.translated += 1,
            FileStatus::Partial => counts.partial += 1,
            FileStatus::Failed => counts.failed += 1,
        }
        for unit in file.units.iter().flat_map(|u| u.walk()) {
            if unit.kind.is_unit() {
                counts.units += 1;
                if unit.status == UnitStatus::Failed {
                    counts.units_failed += 1;
                }
            }
        }
    }
    if !folders.is_empty() {
        let _ = writeln!(
            out,
            "\n### By folder\n\n| folder | files | translated | partial | failed | units | units failed |\n|---|---:|---:|---:|---:|---:|---:|"
        );
        for (folder, c) in &folders {
            let _ = writeln!(
                out,
                "| `{folder}` | {} | {} | {} | {} | {} | {} |",
                c.files, c.translated, c.partial, c.failed, c.units, c.units_failed
            );
        }
    }

    let mut failures = Vec::new();
    for file in &report.files {
        for unit in file.units.iter().flat_map(|u| u.walk()) {
            if unit.status == UnitStatus::Failed {
                let reason = unit.reasons.first().map_or("", String::as_str);
                failures.push(format!(
                    "- `{}:{}` {} `{}`: {}",
                    file.source,
                    unit.lines.0,
                    unit.kind,
                    unit.name.as_deref().unwrap_or("-"),
                    escape(reason)
                ));
            }
        }
        for warning in &file.warnings {
            failures.push(format!("- `{}`: {}", file.source, escape(warning)));
        }
    }
    for skipped in report.skipped.iter().filter(|s| s.error) {
        failures.push(format!("- `{}`: {}", skipped.path, escape(&skipped.reason)));
    }
    if !failures.is_empty() {
        let _ = writeln!(out, "\n### Failures\n");
        for line in failures {
            let _ = writeln!(out, "{line}");
        }
    }
    let mut dependents = Vec::new();
    for file in &report.files {
        for unit in file.units.iter().flat_map(|u| u.walk()) {
            if unit.status == UnitStatus::Translated && !unit.depends_on_failed.is_empty() {
                dependents.push(format!(
                    "- `{}:{}` {} `{}` uses {}",
                    file.source,
                    unit.lines.0,
                    unit.kind,
                    unit.name.as_deref().unwrap_or("-"),
                    unit.depends_on_failed
                        .iter()
                        .map(|n| format!("`{}`", escape(n)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    if !dependents.is_empty() {
        let _ = writeln!(out, "\n### Translated, but using untranslated units\n");
        for line in dependents {
            let _ = writeln!(out, "{line}");
        }
    }
    if !report.stale.is_empty() {
        let _ = writeln!(
            out,
            "\n### Stale outputs (source gone; remove with `--prune`)\n"
        );
        for file in &report.stale {
            let _ = writeln!(out, "- `{}` (from `{}`)", file.output, file.source);
        }
    }
    out
}

/// Reasons quote code; keep them on one line and out of Markdown's way.
fn escape(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
        .replace('<', "&lt;")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::report::{FileReport, SkippedFile, UnitReport};
    use crate::units::SegmentKind;

    fn unit(name: &str, status: UnitStatus, reason: Option<&str>) -> UnitReport {
        UnitReport {
            status,
            reasons: reason.map(|r| vec![r.to_string()]).unwrap_or_default(),
            candidates: 1,
            ..UnitReport::new(SegmentKind::Function, Some(name.into()), (3, 4))
        }
    }

    #[test]
    fn summary_has_totals_folders_and_failures() {
        let file = |source: &str, units: Vec<UnitReport>, status| FileReport {
            source: source.into(),
            output: source.into(),
            lang: Lang::Python,
            status,
            units,
            warnings: Vec::new(),
            renamed: Vec::new(),
            output_hash: String::new(),
            load: None,
        };
        let mut report = Report {
            to: Some(Lang::JavaScript),
            engine: "rules".into(),
            files: vec![
                file(
                    "pkg/a.py",
                    vec![
                        UnitReport {
                            depends_on_failed: vec!["bad".into()],
                            ..unit("ok", UnitStatus::Translated, None)
                        },
                        unit(
                            "bad",
                            UnitStatus::Failed,
                            Some("rules declined: `yield` | x"),
                        ),
                    ],
                    FileStatus::Partial,
                ),
                file(
                    "pkg/b.py",
                    vec![unit("ok", UnitStatus::Translated, None)],
                    FileStatus::Translated,
                ),
                file("top.py", vec![], FileStatus::Translated),
            ],
            skipped: vec![SkippedFile {
                path: "bin.py".into(),
                reason: "not UTF-8".into(),
                error: true,
                copied: false,
            }],
            ..Report::default()
        };
        report.compute_totals();
        let md = markdown(&report);
        assert!(
            md.contains("## xlate: translation to javascript (rules)"),
            "{md}"
        );
        assert!(md.contains("| units left as TODO(xlate) | 1 |"), "{md}");
        assert!(md.contains("| `pkg` | 2 | 1 | 1 | 0 | 3 | 1 |"), "{md}");
        assert!(md.contains("| `.` | 1 | 1 | 0 | 0 | 0 | 0 |"), "{md}");
        assert!(
            md.contains("- `pkg/a.py:3` function `bad`: rules declined: `yield` \\| x"),
            "{md}"
        );
        assert!(md.contains("- `bin.py`: not UTF-8"), "{md}");
        // Issue 11, item 13: units that call an untranslated unit are
        // counted and listed apart.
        assert!(
            md.contains("| of which depend on untranslated units | 1 |"),
            "{md}"
        );
        assert!(
            md.contains("- `pkg/a.py:3` function `ok` uses `bad`"),
            "{md}"
        );
        // No unit has a verification level: no table for it.
        assert!(!md.contains("### Verification"), "{md}");
    }

    #[test]
    fn summary_counts_units_by_verification_level() {
        let with = |name: &str, status, level| UnitReport {
            verification: Some(level),
            ..unit(name, status, None)
        };
        let mut report = Report {
            to: Some(Lang::JavaScript),
            files: vec![FileReport {
                source: "a.py".into(),
                output: "a.js".into(),
                lang: Lang::Python,
                status: FileStatus::Partial,
                units: vec![
                    with(
                        "f",
                        UnitStatus::Translated,
                        Verification::Tested { agreeing: 5 },
                    ),
                    with(
                        "g",
                        UnitStatus::Translated,
                        Verification::Tested { agreeing: 2 },
                    ),
                    with("h", UnitStatus::Translated, Verification::Compiled),
                    with(
                        "k",
                        UnitStatus::Failed,
                        Verification::DoesNotCompile {
                            message: "SyntaxError: x".into(),
                        },
                    ),
                ],
                warnings: Vec::new(),
                renamed: Vec::new(),
                output_hash: String::new(),
                load: None,
            }],
            ..Report::default()
        };
        report.compute_totals();
        let md = markdown(&report);
        assert!(
            md.contains("| level | units |\n|---|---:|\n| tested | 2 |\n| compiled | 1 |\n| does not compile | 1 |\n"),
            "{md}"
        );
        assert!(
            report
                .summary()
                .contains("verification: 2 tested, 1 compiled, 1 does not compile\n"),
            "{}",
            report.summary()
        );
    }
}
