//! Runs that follow runs: what an earlier run left in the output directory
//! and what this run does about it. Outputs whose source is gone are stale:
//! listed, kept as xlate's until `--prune` removes them, and never removed
//! once edited by hand. `--check` asks whether the output tree is up to date.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::emit;
use crate::pipeline::Plan;
use crate::report::{FileReport, Report};
use crate::select::Selection;

/// Files an interrupted run did not get to keep their entries from the
/// previous report, so that the next run still knows their outputs are
/// xlate's to replace.
pub fn keep_previous_entries(report: &mut Report, previous: &Report) {
    for source in &report.interrupted {
        if let Some(entry) = previous.files.iter().find(|f| &f.source == source) {
            report.files.push(entry.clone());
        }
    }
    report.files.sort_by(|a, b| a.source.cmp(&b.source));
}

/// Outputs of earlier runs (listed in the previous report, as files or as
/// stale) that this run does not produce, whose source is no longer in the
/// selected tree. Only the current shard's share is considered: other
/// shards' files are not this run's business.
pub fn stale_outputs(
    previous: Report,
    plan: &Plan,
    selection: &Selection,
    report: &Report,
) -> Vec<FileReport> {
    let mut present = HashSet::new();
    for job in &plan.jobs {
        present.insert(emit::slash_path(&job.file.rel));
    }
    for (file, _) in &plan.others {
        present.insert(emit::slash_path(&file.rel));
    }
    for error in &plan.errors {
        present.insert(error.path.clone());
    }
    let produced: HashSet<&str> = report.files.iter().map(|f| f.output.as_str()).collect();
    // Where this run puts each source it translates: an earlier output of
    // the same source under another path (a rename rule changed, say
    // `class.py` now `class_.py`) is stale too.
    let planned: HashMap<String, String> = plan
        .jobs
        .iter()
        .map(|job| {
            (
                emit::slash_path(&job.file.rel),
                emit::slash_path(&job.output),
            )
        })
        .collect();
    let moved = |f: &FileReport| {
        planned
            .get(&f.source)
            .is_some_and(|output| *output != f.output)
    };
    let mut stale: Vec<FileReport> = previous
        .files
        .into_iter()
        .chain(previous.stale)
        .filter(|f| selection.in_shard(&f.source))
        .filter(|f| !produced.contains(f.output.as_str()))
        .filter(|f| !present.contains(&f.source) || moved(f))
        .collect();
    stale.sort_by(|a, b| a.output.cmp(&b.output));
    stale.dedup_by(|a, b| a.output == b.output);
    stale
}

/// What became of the stale outputs.
#[derive(Debug, Default)]
pub struct Pruned {
    /// Removed by `--prune`.
    pub removed: Vec<FileReport>,
    /// Still there, with why `--prune` left them (edited by hand, or the
    /// removal failed). They stay stale in the report: a later run must
    /// still know about them.
    pub refused: Vec<(FileReport, String)>,
    /// Still there because pruning was not asked for.
    pub listed: Vec<FileReport>,
}

impl Pruned {
    /// The outputs that stay stale, for the report.
    pub fn still_stale(&self) -> Vec<FileReport> {
        let mut stale: Vec<FileReport> = self
            .refused
            .iter()
            .map(|(f, _)| f.clone())
            .chain(self.listed.iter().cloned())
            .collect();
        stale.sort_by(|a, b| a.output.cmp(&b.output));
        stale
    }
}

/// Removes the stale outputs under `out` when `prune` is asked (and the run
/// writes), or only lists them.
pub fn settle_stale(out: &Path, stale: Vec<FileReport>, prune: bool) -> Pruned {
    let mut pruned = Pruned::default();
    if !prune {
        pruned.listed = stale;
        return pruned;
    }
    for file in stale {
        match remove_stale(out, &file) {
            Ok(()) => pruned.removed.push(file),
            Err(reason) => pruned.refused.push((file, reason)),
        }
    }
    pruned
}

/// Removes a stale output, but only while it is as xlate wrote it: a file
/// edited by hand is someone's work.
fn remove_stale(out: &Path, file: &FileReport) -> Result<(), String> {
    if file.output.split('/').any(|c| c == ".." || c.is_empty()) {
        return Err("the report names a path outside the output directory".into());
    }
    let path = out.join(&file.output);
    match std::fs::read(&path) {
        Ok(bytes) if emit::content_hash(&bytes) == file.output_hash => {
            std::fs::remove_file(&path).map_err(|e| e.to_string())?;
        }
        Ok(_) => return Err("edited since xlate wrote it; left in place".into()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e.to_string()),
    }
    // Folders left empty go too, up to the output directory.
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// Copies (`--copy-other`) that would change: copies are not translations
/// and send no event that says whether they would change.
pub fn changed_copies(plan: &Plan, out: &Path) -> Vec<String> {
    // A copy gives way to a translation with the same path (see
    // `pipeline::run`): that output is the translation's to judge.
    let translated: HashSet<&Path> = plan.jobs.iter().map(|job| job.output.as_path()).collect();
    let mut changed = Vec::new();
    for (file, _) in plan
        .others
        .iter()
        .filter(|(f, _)| !translated.contains(f.rel.as_path()))
    {
        let source = std::fs::read(&file.abs).ok();
        if source.is_none() || std::fs::read(out.join(&file.rel)).ok() != source {
            changed.push(emit::slash_path(&file.rel));
        }
    }
    changed
}

/// `--check`'s verdict: whether the output tree is up to date.
#[derive(Debug)]
pub struct CheckVerdict {
    /// Outputs that would change, sorted.
    pub changed: Vec<String>,
    pub stale: usize,
    pub file_errors: usize,
}

impl CheckVerdict {
    pub fn up_to_date(&self) -> bool {
        self.changed.is_empty() && self.stale == 0 && self.file_errors == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;
    use crate::report::FileStatus;

    fn stale_file(output: &str, content: &[u8]) -> FileReport {
        FileReport {
            source: "gone.py".into(),
            output: output.into(),
            lang: Lang::Python,
            status: FileStatus::Translated,
            units: Vec::new(),
            warnings: Vec::new(),
            output_hash: emit::content_hash(content),
            load: None,
            renamed: Vec::new(),
        }
    }

    /// Regression: a stale output that `--prune` refused to remove (edited
    /// by hand) dropped out of the report, so the next run forgot it.
    #[test]
    fn a_refused_prune_stays_stale() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("kept.js"), "edited by hand").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/gone.js"), "as written").unwrap();
        let stale = vec![
            stale_file("kept.js", b"as written"),
            stale_file("sub/gone.js", b"as written"),
        ];
        let pruned = settle_stale(dir.path(), stale, true);
        assert_eq!(pruned.removed.len(), 1);
        assert_eq!(pruned.removed[0].output, "sub/gone.js");
        assert!(!dir.path().join("sub").exists(), "empty folders go too");
        let still: Vec<_> = pruned.still_stale().into_iter().map(|f| f.output).collect();
        assert_eq!(still, ["kept.js"]);
        assert!(
            pruned.refused[0].1.contains("edited"),
            "{:?}",
            pruned.refused
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("kept.js")).unwrap(),
            "edited by hand"
        );
    }

    /// An output whose source is still there but now goes elsewhere (a
    /// rename rule changed: `class.py` became `class_.py`) was never listed
    /// as stale, so the old file stayed for good.
    #[test]
    fn an_output_whose_source_moved_is_stale() {
        use crate::pipeline::Job;
        use crate::walk::Found;
        let job = |rel: &str, output: &str| Job {
            file: Found {
                rel: rel.into(),
                abs: rel.into(),
                lang: Some(Lang::JavaScript),
            },
            lang: Lang::JavaScript,
            output: output.into(),
            clash: None,
            build: None,
        };
        let plan = Plan {
            jobs: vec![job("class.js", "class_.py"), job("a.js", "a.py")],
            ..Plan::default()
        };
        let mut old = stale_file("class.py", b"x");
        old.source = "class.js".into();
        let mut same = stale_file("a.py", b"y");
        same.source = "a.js".into();
        let previous = Report {
            files: vec![old, same],
            ..Report::default()
        };
        // This run was interrupted before `a.js`: its output is not
        // produced, but it is where it belongs, so it is not stale.
        let mut report = Report::default();
        let mut moved = stale_file("class_.py", b"x");
        moved.source = "class.js".into();
        report.files.push(moved);
        let selection = Selection::new(&[], &[], None).unwrap();
        let stale = stale_outputs(previous, &plan, &selection, &report);
        let stale: Vec<&str> = stale.iter().map(|f| f.output.as_str()).collect();
        assert_eq!(stale, ["class.py"]);
    }

    #[test]
    fn without_prune_stale_outputs_are_only_listed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.js"), "x").unwrap();
        let pruned = settle_stale(dir.path(), vec![stale_file("a.js", b"x")], false);
        assert!(dir.path().join("a.js").exists());
        assert_eq!(pruned.still_stale().len(), 1);
    }

    #[test]
    fn a_report_cannot_prune_outside_the_output_directory() {
        let dir = tempfile::tempdir().unwrap();
        let pruned = settle_stale(dir.path(), vec![stale_file("../x.js", b"x")], true);
        assert_eq!(pruned.refused.len(), 1);
    }
}
