//! What a run did, as data: per file and per unit the status, the engine and
//! the reasons for failures, with totals. Written as `xlate-report.json` in
//! the output directory and summarised on the terminal.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::units::SegmentKind;
use crate::verify::Verification;

/// The report's file name in the output directory.
pub const REPORT_FILE: &str = "xlate-report.json";

/// Bumped when the report's shape changes incompatibly.
pub const REPORT_VERSION: u32 = 1;

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Report {
    pub version: u32,
    /// The source language, when the run was limited to one.
    pub from: Option<Lang>,
    pub to: Option<Lang>,
    /// The `--engine` the run used.
    pub engine: String,
    /// Translated files, sorted by source path.
    pub files: Vec<FileReport>,
    /// Files not translated, sorted by path: other languages, and errors.
    pub skipped: Vec<SkippedFile>,
    pub totals: Totals,
    /// Cache use and engine calls over the run.
    #[serde(default)]
    pub cache: CacheStats,
    /// Files not translated because the run was interrupted (their previous
    /// entries, if any, are kept in `files`), sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interrupted: Vec<String>,
    /// Outputs of earlier runs whose source is gone (or no longer selected),
    /// kept until `--prune` removes them so that xlate still knows it wrote
    /// them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stale: Vec<FileReport>,
    /// What a reader of the summary must know about the run as a whole,
    /// such as a language pair no engine of the run translates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The folder `source` paths are relative to, absolute: the review page
    /// reads the sources from there. Absent in reports of older versions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_root: Option<String>,
    /// Cache use and engine calls of `--explain`'s explanations (their own
    /// entries in the cache).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanations: Option<CacheStats>,
    /// The formatter the outputs went through (`--format`), with its
    /// version: another formatter or version writes other outputs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formatter: Option<String>,
    /// Units marked as reviewed on the review page and read back with
    /// `xlate review OUT --import FILE`; kept from run to run.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reviewed: Vec<crate::review::ReviewMark>,
    /// Modules the translated tree imports from outside itself (standard
    /// libraries, third-party packages), with their counterparts in the
    /// target and how far those hold (see `data/stdlib.toml`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dependencies: Vec<crate::project::Dependency>,
    /// What the project table could not follow, as `path:line: message`:
    /// import cycles, imports of modules not in the tree, star and dynamic
    /// imports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub project: Vec<String>,
    /// Project files xlate wrote for the target (`package.json`,
    /// `pyproject.toml`, `__init__.py`, `Cargo.toml`), owned like outputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scaffold: Vec<ScaffoldEntry>,
    /// Whether the units' `millis` hold the engine time of the run
    /// (`--timings`). Without it they are 0, so that the same run writes
    /// the same report, byte for byte.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub timings: bool,
}

/// A project file xlate wrote.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ScaffoldEntry {
    /// Relative to the output directory, with `/` separators.
    pub output: String,
    /// BLAKE3 hash of the content as written, as for translated files.
    pub output_hash: String,
    /// A dry run (`--check`) found that it would change.
    #[serde(skip)]
    pub would_change: bool,
}

/// How a run used the cache, and how often it called engines.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CacheStats {
    /// False under `--no-cache`.
    pub enabled: bool,
    pub hits: usize,
    /// Lookups that found no sound entry (corrupt ones included).
    pub misses: usize,
    /// Entries found truncated or damaged, ignored and replaced.
    pub corrupt: usize,
    /// Entries that could not be stored (the run goes on without them).
    pub store_errors: usize,
    /// Why the first of them could not be, naming the cache directory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_error: Option<String>,
    /// Calls to engines' `translate` and `repair`.
    pub engine_calls: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct FileReport {
    /// Path relative to the source root, with `/` separators.
    pub source: String,
    /// Path relative to the output directory, with `/` separators.
    pub output: String,
    pub lang: Lang,
    pub status: FileStatus,
    pub units: Vec<UnitReport>,
    /// Problems that are not one unit's, such as an assembled file that does
    /// not parse.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// File or folder names of the output changed because they are keywords
    /// of the target (`class.js` → `class_.py`), each as `old → new (why)`:
    /// whoever imports the module must use the new name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed: Vec<String>,
    /// BLAKE3 hash of the output as written: a later run overwrites the file
    /// only while it still has this hash, so hand edits are never lost.
    pub output_hash: String,
    /// Whether the output module loads (Python imports it, node imports
    /// it), under `--verify compile` and `test`; absent when it was not
    /// loaded (`--verify off`, Rust, a toolchain missing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub load: Option<crate::verify::load::LoadResult>,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum FileStatus {
    /// Every unit translated.
    Translated,
    /// Some units translated, some written as `TODO(xlate)` blocks.
    Partial,
    /// No unit translated.
    Failed,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct UnitReport {
    pub kind: SegmentKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// First and last line in the source file.
    pub lines: (usize, usize),
    pub status: UnitStatus,
    /// The engine whose candidate was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine: Option<String>,
    /// Why engines declined or candidates were rejected; for a failed unit
    /// the first of these is the reason in its `TODO(xlate)` block.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reasons: Vec<String>,
    /// Candidates checked, over all engines and repair rounds.
    pub candidates: usize,
    /// Index of the winning candidate among those of its engine's round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub winner: Option<usize>,
    /// The winner's mean log-probability, for engines that give one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_in: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens_out: Option<usize>,
    /// Time spent in engines for this unit.
    pub millis: u64,
    /// Requests sent again after a server's fault.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retries: usize,
    /// For a class split into members: the skeleton is this unit, its
    /// members are here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<UnitReport>,
    /// Names this unit defines whose target name is not the natural one,
    /// because another definition of the file has that (see
    /// [`crate::symbols`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub renamed: Vec<Renamed>,
    /// For a translated unit: the untranslated definitions of the same file
    /// it uses, directly or through other translated units. Such a unit is
    /// written, but does not work until those are translated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on_failed: Vec<String>,
    /// What the unit does, in plain English, from `translate --explain`
    /// (see [`crate::explain`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// How far the written translation was verified (see
    /// [`crate::verify::level`]); for a unit the compiler or a
    /// counterexample turned down, why. Absent for other failed units and
    /// in reports written before verification levels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
}

/// A definition given another target name than its natural one.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Renamed {
    /// The name in the source.
    pub name: String,
    /// The name it has in the translation.
    pub to: String,
    /// Why the natural name was not used (`f112 is taken by f_1_12 (line 1)`).
    pub why: String,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum UnitStatus {
    Translated,
    /// Written as the original code in a `TODO(xlate)` comment.
    Failed,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
    /// True when the file was skipped because something went wrong (it
    /// counts for the exit code), false for files in other languages.
    pub error: bool,
    /// Whether `--copy-other` copied it across.
    #[serde(default)]
    pub copied: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Totals {
    pub files: usize,
    pub files_translated: usize,
    pub files_partial: usize,
    pub files_failed: usize,
    pub files_skipped: usize,
    pub file_errors: usize,
    pub units: usize,
    pub units_translated: usize,
    pub units_failed: usize,
    /// Translated units that use an untranslated unit of their file (they
    /// are among `units_translated`, but do not work yet).
    #[serde(default)]
    pub units_depending_on_failed: usize,
    /// Pieces of glue (imports, constants, top-level statements) written as
    /// `TODO(xlate)` blocks.
    #[serde(default)]
    pub glue_failed: usize,
    /// Requests the server engine sent again after a fault, all units.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub retries: usize,
    /// Units (not glue) by verification level (`compiled`, `tested`...),
    /// for the units that have one.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub verification: BTreeMap<String, usize>,
    /// Output modules a load was tried on (see [`FileReport::load`]).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub modules_load_checked: usize,
    /// Of those, the modules that load.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub modules_loaded: usize,
}

impl Totals {
    /// The units by verification level, in [`Verification::ORDER`]:
    /// `3 tested, 1 compiled, 1 disagrees`; none when no unit has one.
    pub fn verification_line(&self) -> Option<String> {
        let parts: Vec<String> = Verification::ORDER
            .iter()
            .filter_map(|level| {
                let n = *self.verification.get(*level)?;
                Some(format!("{n} {}", level.replace('_', " ")))
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// `4 of 5 modules load`; none when no module was loaded.
    pub fn load_line(&self) -> Option<String> {
        (self.modules_load_checked > 0).then(|| {
            format!(
                "{} of {} modules load",
                self.modules_loaded, self.modules_load_checked
            )
        })
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl UnitReport {
    /// A unit nothing has happened to yet: failed, with no reasons, until an
    /// engine's candidate passes.
    pub fn new(kind: SegmentKind, name: Option<String>, lines: (usize, usize)) -> UnitReport {
        UnitReport {
            kind,
            name,
            lines,
            status: UnitStatus::Failed,
            engine: None,
            reasons: Vec::new(),
            candidates: 0,
            winner: None,
            score: None,
            model: None,
            tokens_in: None,
            tokens_out: None,
            millis: 0,
            retries: 0,
            members: Vec::new(),
            renamed: Vec::new(),
            depends_on_failed: Vec::new(),
            explanation: None,
            verification: None,
        }
    }

    /// This unit and its members, flattened.
    pub fn walk(&self) -> impl Iterator<Item = &UnitReport> {
        std::iter::once(self).chain(self.members.iter())
    }
}

impl Report {
    /// Leaves the engine time of every unit out (0), that of the entries
    /// kept from earlier runs too: the time varies from run to run, and
    /// the report must not (see [`Report::timings`]).
    pub fn clear_timings(&mut self) {
        fn clear(unit: &mut UnitReport) {
            unit.millis = 0;
            unit.members.iter_mut().for_each(clear);
        }
        for file in self.files.iter_mut().chain(self.stale.iter_mut()) {
            file.units.iter_mut().for_each(clear);
        }
        self.timings = false;
    }

    /// Recomputes the totals from the files.
    pub fn compute_totals(&mut self) {
        let mut t = Totals {
            files: self.files.len(),
            ..Totals::default()
        };
        for file in &self.files {
            match file.status {
                FileStatus::Translated => t.files_translated += 1,
                FileStatus::Partial => t.files_partial += 1,
                FileStatus::Failed => t.files_failed += 1,
            }
            if let Some(load) = &file.load {
                t.modules_load_checked += 1;
                t.modules_loaded += usize::from(load.loads);
            }
            for unit in file.units.iter().flat_map(UnitReport::walk) {
                t.retries += unit.retries;
                // Glue is translated too, but people count functions and
                // classes; glue failures still show in the file's status.
                if unit.kind == SegmentKind::Glue {
                    t.glue_failed += usize::from(unit.status == UnitStatus::Failed);
                    continue;
                }
                t.units += 1;
                if let Some(level) = &unit.verification {
                    *t.verification.entry(level.name().to_string()).or_default() += 1;
                }
                match unit.status {
                    UnitStatus::Translated => t.units_translated += 1,
                    UnitStatus::Failed => t.units_failed += 1,
                }
                if unit.status == UnitStatus::Translated && !unit.depends_on_failed.is_empty() {
                    t.units_depending_on_failed += 1;
                }
            }
        }
        t.files_skipped = self.skipped.iter().filter(|s| !s.error).count();
        t.file_errors = self.skipped.iter().filter(|s| s.error).count();
        self.totals = t;
    }

    /// Whether anything failed: the exit code is 1 when so.
    pub fn has_failures(&self) -> bool {
        self.totals.file_errors > 0
            || self
                .files
                .iter()
                .any(|f| f.status != FileStatus::Translated)
    }

    /// The short summary printed at the end of a run.
    pub fn summary(&self) -> String {
        let t = &self.totals;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} files: {} translated, {} partial, {} failed; {} skipped, {} errors",
            t.files,
            t.files_translated,
            t.files_partial,
            t.files_failed,
            t.files_skipped,
            t.file_errors
        );
        let _ = write!(out, "{} units: {} translated", t.units, t.units_translated);
        if t.units_depending_on_failed > 0 {
            let _ = write!(
                out,
                " (of which {} depend on untranslated units)",
                t.units_depending_on_failed
            );
        }
        let _ = write!(out, ", {} failed", t.units_failed);
        if t.glue_failed > 0 {
            let _ = write!(out, "; {} pieces of glue failed", t.glue_failed);
        }
        if t.units_failed + t.glue_failed > 0 {
            let _ = write!(out, " (written as TODO(xlate) blocks)");
        }
        if t.retries > 0 {
            let _ = write!(out, "; {} requests retried", t.retries);
        }
        out.push('\n');
        if let Some(levels) = self.totals.verification_line() {
            let _ = writeln!(out, "verification: {levels}");
        }
        if let Some(loads) = self.totals.load_line() {
            let _ = writeln!(out, "{loads}");
        }
        let clash = |entry: &String| crate::pipeline::is_clash_rename(entry);
        let renamed = self
            .files
            .iter()
            .filter(|f| f.renamed.iter().any(|e| !clash(e)))
            .count();
        if renamed > 0 {
            let _ = writeln!(
                out,
                "{renamed} outputs renamed: their names are keywords or standard modules of the target (see `renamed` in the report)"
            );
        }
        let clashed = self
            .files
            .iter()
            .filter(|f| f.renamed.iter().any(clash))
            .count();
        if clashed > 0 {
            let _ = writeln!(
                out,
                "{clashed} outputs renamed: another source has their natural name (see `renamed` in the report)"
            );
        }
        let c = &self.cache;
        if c.store_errors > 0 {
            let _ = write!(
                out,
                "cache: {} files' translations not stored",
                c.store_errors
            );
            if let Some(why) = &c.store_error {
                let _ = write!(out, " ({why})");
            }
            out.push('\n');
        }
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        out
    }
}

/// Why reports cannot be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("nothing to merge")]
    Empty,
    #[error("{path} is in more than one report: do the shards overlap?")]
    Duplicate { path: String },
    #[error("the reports disagree on {what}: {first} and {other}")]
    Mismatch {
        what: &'static str,
        first: String,
        other: String,
    },
}

impl Report {
    /// Reads the report a run left in `out`, if there is a readable one.
    pub fn read_from(out: &std::path::Path) -> Option<Report> {
        let bytes = std::fs::read(out.join(REPORT_FILE)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Joins the reports of the shards of one run (`--shard K/N`) into the
    /// report of the whole: files and skipped files together, counts added.
    /// The shards must be of the same run (same languages and engine) and
    /// must not overlap.
    pub fn merge(reports: Vec<Report>) -> Result<Report, MergeError> {
        let mut reports = reports.into_iter();
        let mut merged = reports.next().ok_or(MergeError::Empty)?;
        for report in reports {
            let same = |what: &'static str, a: String, b: String| {
                if a == b {
                    Ok(())
                } else {
                    Err(MergeError::Mismatch {
                        what,
                        first: a,
                        other: b,
                    })
                }
            };
            same("the engine", merged.engine.clone(), report.engine.clone())?;
            same(
                "the target",
                format!("{:?}", merged.to),
                format!("{:?}", report.to),
            )?;
            same(
                "the source",
                format!("{:?}", merged.from),
                format!("{:?}", report.from),
            )?;
            if merged.formatter != report.formatter {
                let note = format!(
                    "shards formatted their outputs differently: {} and {}",
                    merged.formatter.as_deref().unwrap_or("no formatter"),
                    report.formatter.as_deref().unwrap_or("no formatter")
                );
                if !merged.notes.contains(&note) {
                    merged.notes.push(note);
                }
            }
            merged.files.extend(report.files);
            merged.skipped.extend(report.skipped);
            merged.interrupted.extend(report.interrupted);
            merged.stale.extend(report.stale);
            for note in report.notes {
                if !merged.notes.contains(&note) {
                    merged.notes.push(note);
                }
            }
            let (m, c) = (&mut merged.cache, &report.cache);
            m.enabled |= c.enabled;
            m.hits += c.hits;
            m.misses += c.misses;
            m.corrupt += c.corrupt;
            m.store_errors += c.store_errors;
            if m.store_error.is_none() {
                m.store_error.clone_from(&c.store_error);
            }
            m.engine_calls += c.engine_calls;
            merged.timings |= report.timings;
        }
        merged.files.sort_by(|a, b| a.source.cmp(&b.source));
        if let Some(pair) = merged.files.windows(2).find(|w| w[0].source == w[1].source) {
            return Err(MergeError::Duplicate {
                path: pair[0].source.clone(),
            });
        }
        // Every shard lists the same unsharded problems once each (a folder
        // that cannot be read, say): keep one of each.
        merged
            .skipped
            .sort_by(|a, b| (&a.path, &a.reason).cmp(&(&b.path, &b.reason)));
        merged.skipped.dedup();
        merged.interrupted.sort();
        merged.stale.sort_by(|a, b| a.output.cmp(&b.output));
        merged.compute_totals();
        Ok(merged)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(kind: SegmentKind, status: UnitStatus) -> UnitReport {
        UnitReport {
            status,
            candidates: 1,
            ..UnitReport::new(kind, None, (1, 1))
        }
    }

    #[test]
    fn clearing_timings_reaches_members_and_stale_entries() {
        let timed = |kind| UnitReport {
            millis: 7,
            ..unit(kind, UnitStatus::Translated)
        };
        let mut class = timed(SegmentKind::Class);
        class.members = vec![timed(SegmentKind::Method)];
        let file = FileReport {
            source: "a.py".into(),
            output: "a.js".into(),
            lang: Lang::Python,
            status: FileStatus::Translated,
            units: vec![timed(SegmentKind::Function), class],
            warnings: Vec::new(),
            renamed: Vec::new(),
            output_hash: String::new(),
            load: None,
        };
        let mut report = Report {
            files: vec![file.clone()],
            stale: vec![file],
            timings: true,
            ..Report::default()
        };
        report.clear_timings();
        let all = report.files.iter().chain(&report.stale);
        let millis: Vec<u64> = all
            .flat_map(|f| f.units.iter().flat_map(UnitReport::walk))
            .map(|u| u.millis)
            .collect();
        assert_eq!(millis, vec![0; 6]);
        assert!(!report.timings);
        let json = serde_json::to_string(&report).unwrap();
        assert!(!json.contains("timings"), "{json}");
    }

    #[test]
    fn totals_count_units_and_members_but_not_glue() {
        let mut class = unit(SegmentKind::Class, UnitStatus::Translated);
        class.members = vec![
            unit(SegmentKind::Method, UnitStatus::Translated),
            unit(SegmentKind::Method, UnitStatus::Failed),
        ];
        let mut report = Report {
            files: vec![FileReport {
                source: "a.py".into(),
                output: "a.js".into(),
                lang: Lang::Python,
                status: FileStatus::Partial,
                units: vec![unit(SegmentKind::Glue, UnitStatus::Translated), class],
                warnings: Vec::new(),
                renamed: Vec::new(),
                output_hash: String::new(),
                load: None,
            }],
            skipped: vec![
                SkippedFile {
                    path: "x.txt".into(),
                    reason: "not a source file".into(),
                    error: false,
                    copied: false,
                },
                SkippedFile {
                    path: "bad.py".into(),
                    reason: "binary file".into(),
                    error: true,
                    copied: false,
                },
            ],
            ..Report::default()
        };
        report.compute_totals();
        assert_eq!(report.totals.units, 3);
        assert_eq!(report.totals.units_failed, 1);
        assert_eq!(report.totals.files_partial, 1);
        assert_eq!(report.totals.files_skipped, 1);
        assert_eq!(report.totals.file_errors, 1);
        assert!(report.has_failures());
        let json = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
    }

    // Regression (issue 11, item 13): a unit that calls an untranslated unit
    // was counted as translated like any other, overstating what runs.
    #[test]
    fn units_depending_on_failed_units_are_counted_apart() {
        let mut uses = unit(SegmentKind::Function, UnitStatus::Translated);
        uses.depends_on_failed = vec!["g".into()];
        let mut report = Report {
            files: vec![FileReport {
                units: vec![
                    uses,
                    unit(SegmentKind::Function, UnitStatus::Failed),
                    unit(SegmentKind::Function, UnitStatus::Translated),
                ],
                status: FileStatus::Partial,
                ..file("a.py")
            }],
            ..Report::default()
        };
        report.compute_totals();
        assert_eq!(report.totals.units_translated, 2);
        assert_eq!(report.totals.units_depending_on_failed, 1);
        assert!(
            report.summary().contains(
                "3 units: 2 translated (of which 1 depend on untranslated units), 1 failed"
            ),
            "{}",
            report.summary()
        );
    }

    #[test]
    fn reports_without_renames_or_dependencies_still_read() {
        // A unit as reports before the symbol table wrote it.
        let old = r#"{"kind":"function","name":"f","lines":[1,2],"status":"translated","candidates":1,"millis":0}"#;
        let unit: UnitReport = serde_json::from_str(old).unwrap();
        assert!(unit.renamed.is_empty() && unit.depends_on_failed.is_empty());
        // Nor had they verification levels (issue 13): none is read.
        assert_eq!(unit.verification, None);
        let json = serde_json::to_string(&unit).unwrap();
        assert!(
            !json.contains("renamed")
                && !json.contains("depends_on_failed")
                && !json.contains("verification"),
            "{json}"
        );
    }

    #[test]
    fn units_are_counted_by_verification_level_glue_apart() {
        let level = |kind, status, level| UnitReport {
            verification: Some(level),
            ..unit(kind, status)
        };
        let mut report = Report {
            files: vec![FileReport {
                units: vec![
                    level(
                        SegmentKind::Glue,
                        UnitStatus::Translated,
                        Verification::Compiled,
                    ),
                    level(
                        SegmentKind::Function,
                        UnitStatus::Translated,
                        Verification::Untested {
                            why: "limit: time 10s".into(),
                        },
                    ),
                    level(
                        SegmentKind::Function,
                        UnitStatus::Translated,
                        Verification::Compiled,
                    ),
                    unit(SegmentKind::Function, UnitStatus::Failed),
                ],
                status: FileStatus::Partial,
                ..file("a.py")
            }],
            ..Report::default()
        };
        report.compute_totals();
        let counts: Vec<(&str, usize)> = report
            .totals
            .verification
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        assert_eq!(counts, [("compiled", 1), ("untested", 1)]);
        assert!(
            report
                .summary()
                .contains("\nverification: 1 untested, 1 compiled\n"),
            "{}",
            report.summary()
        );
        let json = serde_json::to_string(&report).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, report);
    }

    fn file(source: &str) -> FileReport {
        FileReport {
            source: source.into(),
            output: source.into(),
            lang: Lang::Python,
            status: FileStatus::Translated,
            units: vec![unit(SegmentKind::Function, UnitStatus::Translated)],
            warnings: Vec::new(),
            renamed: Vec::new(),
            output_hash: String::new(),
            load: None,
        }
    }

    #[test]
    fn shard_reports_merge_into_the_whole() {
        let shard = |files: &[&str], hits| {
            let mut r = Report {
                engine: "identity".into(),
                files: files.iter().map(|f| file(f)).collect(),
                cache: CacheStats {
                    enabled: true,
                    hits,
                    ..CacheStats::default()
                },
                ..Report::default()
            };
            r.compute_totals();
            r
        };
        let merged = Report::merge(vec![shard(&["b.py", "d.py"], 2), shard(&["a.py"], 5)]).unwrap();
        let sources: Vec<&str> = merged.files.iter().map(|f| f.source.as_str()).collect();
        assert_eq!(sources, ["a.py", "b.py", "d.py"]);
        assert_eq!(merged.totals.units, 3);
        assert_eq!(merged.cache.hits, 7);

        let err = Report::merge(vec![shard(&["a.py"], 0), shard(&["a.py"], 0)]).unwrap_err();
        assert!(err.to_string().contains("a.py"), "{err}");
        let mut other = shard(&["c.py"], 0);
        other.engine = "rules".into();
        let err = Report::merge(vec![shard(&["a.py"], 0), other]).unwrap_err();
        assert!(err.to_string().contains("identity and rules"), "{err}");
        assert!(Report::merge(Vec::new()).is_err());
    }
}
