//! Running a tree: walk and split it, plan a job per file, translate the
//! jobs in parallel, write each output through the sink, and gather the
//! report.

use crate::emit::{self, Sink, WriteOutcome};
use crate::engine::Engine;
use crate::lang::Lang;
use crate::project::{self, ProjectSymbols};
use crate::report::{FileReport, Report, SkippedFile, UnitStatus};
use crate::units::{self, SegmentKind, SplitOptions};
use crate::verify::{toolchain, VerifyLevel};
use crate::walk::{self, Found};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::{translate_in_project, Batch, Settings};

/// One file of a tree, split (or why it could not be).
pub struct SplitResult {
    pub file: Found,
    pub lang: Lang,
    pub split: Result<units::SplitFile, String>,
}

/// Walks `root` and splits every source file in parallel (on the current
/// rayon pool), for `xlate units` and for measuring how fast splitting is.
/// Results are in path order.
pub fn split_tree(
    root: &Path,
    options: SplitOptions,
    max_file_size: u64,
) -> (Vec<SplitResult>, Vec<walk::WalkError>) {
    let listing = walk::walk(root);
    let sources: Vec<(Found, Lang)> = listing
        .files
        .into_iter()
        .filter_map(|f| f.lang.map(|lang| (f, lang)))
        .collect();
    let results = sources
        .into_par_iter()
        .map(|(file, lang)| {
            let split = walk::read_source(&file.abs, max_file_size)
                .map_err(|e| e.to_string())
                .and_then(|text| units::split(&text, lang, options).map_err(|e| e.to_string()));
            SplitResult { file, lang, split }
        })
        .collect();
    (results, listing.errors)
}

/// A source file to translate and where its translation goes.
#[derive(Clone, Debug)]
pub struct Job {
    pub file: Found,
    pub lang: Lang,
    /// Relative to the output directory.
    pub output: PathBuf,
    /// Why `output` is not the name the file would have had alone: another
    /// source of the run maps to that name (`add.cjs` beside `add.js`).
    pub clash: Option<String>,
    /// For a Rust file translated into another language: the build it is
    /// read as (see [`crate::cfg`]: its package's default features), found
    /// once when the run is planned; `None` for a file read as it is.
    pub build: Option<crate::cfg::Build>,
}

/// What a run will do: files to translate, files left as they are, and files
/// that cannot be listed or placed.
#[derive(Debug, Default)]
pub struct Plan {
    pub jobs: Vec<Job>,
    pub others: Vec<(Found, String)>,
    pub errors: Vec<SkippedFile>,
}

/// Walks `src` and decides, for each file, what happens to it.
pub fn plan(src: &Path, settings: &Settings, engines: &[Box<dyn Engine>]) -> Plan {
    let listing = walk::walk(src);
    let mut plan = Plan::default();
    for error in listing.errors {
        plan.errors.push(SkippedFile {
            path: emit::slash_path(&error.path),
            reason: error.reason,
            error: true,
            copied: false,
        });
    }
    let mut wanted: Vec<(Found, Lang, PathBuf)> = Vec::new();
    for file in listing.files {
        let Some(lang) = file.lang else {
            plan.others
                .push((file, "not a source file xlate knows".into()));
            continue;
        };
        if settings.from.is_some_and(|from| from != lang) {
            plan.others
                .push((file, format!("a {lang} file (--from limits the run)")));
            continue;
        }
        if lang == settings.to && !engines.iter().any(|e| e.supports(lang, settings.to)) {
            plan.others.push((file, format!("already {lang}")));
            continue;
        }
        // A pair no engine of the run translates is still planned: nothing
        // is lost, so its units are written as `TODO(xlate)` blocks that say
        // why (see `unsupported_pairs`).
        let output = project::output_path(&file.rel, lang, settings.to);
        wanted.push((file, lang, output));
    }
    plan.jobs = super::outputs::assign(wanted, settings.to);
    plan.jobs
        .par_iter_mut()
        .for_each(|job| job.build = build_of(job, settings.to));
    plan
}

/// The language pairs of a plan's jobs that no engine of the run
/// translates, in a stable order.
pub fn unsupported_pairs(plan: &Plan, engines: &[Box<dyn Engine>], to: Lang) -> Vec<(Lang, Lang)> {
    let mut pairs: Vec<(Lang, Lang)> = plan
        .jobs
        .iter()
        .map(|job| (job.lang, to))
        .filter(|&(from, to)| !engines.iter().any(|e| e.supports(from, to)))
        .collect();
    pairs.sort_by_key(|&(from, to)| (from.name(), to.name()));
    pairs.dedup();
    pairs
}

/// What the run's verification cannot do on this machine, said once per
/// run rather than once per file: a toolchain missing from the PATH, for the
/// target (those units stay `parsed`) and, under `--verify test`, for the
/// sources' languages (those units are `untested`).
pub fn verification_notes(plan: &Plan, settings: &Settings) -> Vec<String> {
    let level = settings.verify.level;
    if level == VerifyLevel::Off || plan.jobs.is_empty() {
        return Vec::new();
    }
    let mut langs = vec![settings.to];
    if level == VerifyLevel::Test {
        langs.extend(plan.jobs.iter().map(|job| job.lang));
    }
    langs.sort_by_key(|lang| lang.name());
    langs.dedup();
    langs
        .into_iter()
        .filter_map(|lang| toolchain::available(lang).err())
        .map(|err| err.to_string())
        .collect()
}

/// Something that happened to one file during a run, for progress output.
#[derive(Debug)]
pub enum Event<'a> {
    Translated {
        job: &'a Job,
        report: &'a FileReport,
        write: WriteOutcome,
    },
    Skipped(&'a SkippedFile),
}

/// Options of a tree run that are not about translation itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions<'a> {
    pub copy_other: bool,
    /// The cache, counters and stop flag; none for a plain run.
    pub batch: Option<&'a Batch<'a>>,
    /// The formatter outputs go through before they are written and
    /// hashed (`--format`); none for unformatted outputs.
    pub format: Option<&'a crate::format::Formatting>,
}

/// What became of one job.
pub(super) enum JobResult {
    Done(FileReport, WriteOutcome),
    Skipped(SkippedFile),
    /// Not started, or stopped between units: nothing was written.
    Interrupted,
}

/// Workers to run a plan with: `jobs`, or more where an engine wants more
/// units in flight (the model engine, which decodes them together; its
/// workers mostly wait on it).
pub fn workers(jobs: usize, engines: &[Box<dyn Engine>]) -> usize {
    engines
        .iter()
        .map(|e| e.concurrency())
        .fold(jobs.max(1), usize::max)
}

/// Runs a plan: translates every job in parallel (on the current rayon
/// pool), hands each output to `out` as it is done, and returns the report
/// (not yet written). `on_event` sees every file as it finishes.
pub fn run(
    plan: &Plan,
    settings: &Settings,
    engines: &[Box<dyn Engine>],
    out: &dyn Sink,
    options: RunOptions,
    engine_name: &str,
    on_event: &(dyn Fn(Event) + Sync),
) -> Report {
    let plain = Batch::default();
    let batch = options.batch.unwrap_or(&plain);
    let table = project_table(plan, settings);
    // Callees first: modules in waves, each wave after the modules it
    // imports, so that an import leaves out what its module could not
    // translate. Within a wave, in parallel. Results are put back in plan
    // order below.
    let waves: Vec<Vec<usize>> = match &table {
        Some(t) => t.waves(),
        None => vec![(0..plan.jobs.len()).collect()],
    };
    // A module on an import cycle is translated before some of the modules
    // it imports, so its imports cannot leave out what those fail to
    // translate, and its load check may find them not written yet. Once
    // every module of its cycle is done, the cycle is settled (see
    // `settle_cycle`), and each of its modules is announced once, with its
    // final result.
    let deferred: Vec<usize> = (0..plan.jobs.len())
        .filter(|&k| table.as_ref().is_some_and(|t| t.on_cycle(k)))
        .collect();
    let translate = |k: usize| -> JobResult {
        let result = run_job(
            &plan.jobs[k],
            settings,
            engines,
            out,
            batch,
            options.format,
            table.as_ref(),
        );
        if let (Some(table), JobResult::Done(report, _)) = (&table, &result) {
            record_failures(table, report);
        }
        result
    };
    let announce = |k: usize, result: &JobResult| match result {
        JobResult::Done(report, write) => on_event(Event::Translated {
            job: &plan.jobs[k],
            report,
            write: *write,
        }),
        JobResult::Skipped(skipped) => on_event(Event::Skipped(skipped)),
        JobResult::Interrupted => {}
    };
    let mut ordered: Vec<(usize, JobResult)> = Vec::with_capacity(plan.jobs.len());
    // For each module on a cycle, what the other modules of its cycle were
    // known to fail to translate when it was last translated.
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let mut settled = vec![false; plan.jobs.len()];
    for wave in waves {
        let done: Vec<(usize, JobResult, usize)> = wave
            .par_iter()
            .map(|&k| {
                let before = table.as_ref().map_or(0, |t| t.cycle_failures(k));
                let result = translate(k);
                if deferred.binary_search(&k).is_err() {
                    announce(k, &result);
                }
                (k, result, before)
            })
            .collect();
        for (k, result, before) in done {
            seen.insert(k, before);
            ordered.push((k, result));
        }
        let Some(t) = &table else {
            continue;
        };
        // The modules of a cycle are settled once all of them are done,
        // before the next wave: the modules that import one of them come
        // in later waves, and load them as they are finally written.
        let finished: HashSet<usize> = ordered.iter().map(|(k, _)| *k).collect();
        let ready: Vec<usize> = deferred
            .iter()
            .copied()
            .filter(|&k| !settled[k] && t.cycle_of(k).iter().all(|m| finished.contains(m)))
            .collect();
        if ready.is_empty() {
            continue;
        }
        let mut group: Vec<&mut (usize, JobResult)> = ordered
            .iter_mut()
            .filter(|(k, _)| ready.binary_search(k).is_ok())
            .collect();
        settle_cycle(&mut group, t, &translate, &mut seen);
        for entry in &group {
            announce(entry.0, &entry.1);
        }
        for k in ready {
            settled[k] = true;
        }
    }
    if let Some(root) = settings.verify.outputs.as_deref() {
        ordered.par_iter_mut().for_each(|(k, result)| {
            load_again_if_written_since(&plan.jobs[*k], result, settings.to, root)
        });
    }
    let mut slots: Vec<Option<JobResult>> = (0..plan.jobs.len()).map(|_| None).collect();
    for (k, result) in ordered {
        slots[k] = Some(result);
    }
    let results: Vec<JobResult> = slots
        .into_iter()
        .map(|r| r.unwrap_or(JobResult::Interrupted))
        .collect();

    let mut report = Report {
        version: crate::report::REPORT_VERSION,
        from: settings.from,
        to: Some(settings.to),
        engine: engine_name.to_string(),
        ..Report::default()
    };
    for (job, result) in plan.jobs.iter().zip(results) {
        match result {
            JobResult::Done(file, _) => report.files.push(file),
            JobResult::Skipped(skipped) => report.skipped.push(skipped),
            JobResult::Interrupted => report.interrupted.push(emit::slash_path(&job.file.rel)),
        }
    }
    for error in &plan.errors {
        on_event(Event::Skipped(error));
        report.skipped.push(error.clone());
    }
    let outputs: std::collections::HashMap<&Path, &Job> = if options.copy_other {
        plan.jobs
            .iter()
            .map(|job| (job.output.as_path(), job))
            .collect()
    } else {
        Default::default()
    };
    for (file, reason) in &plan.others {
        let mut skipped = SkippedFile {
            path: emit::slash_path(&file.rel),
            reason: reason.clone(),
            error: false,
            copied: false,
        };
        // A copy whose path is a translation's output (`a.py` kept as it
        // is next to `a.js` translated into `a.py`) would replace the
        // translation, or fail on it, in turns from run to run: the
        // translation is what was asked for, so the copy gives way.
        if let Some(job) = outputs.get(file.rel.as_path()) {
            skipped.reason = format!(
                "not copied: its path is the output of {}",
                emit::slash_path(&job.file.rel)
            );
            skipped.error = true;
        } else if options.copy_other {
            let copied = std::fs::read(&file.abs)
                .map_err(|e| e.to_string())
                .and_then(|bytes| out.put(&file.rel, &bytes).map_err(|e| e.to_string()));
            match copied {
                Ok(_) => skipped.copied = true,
                Err(err) => {
                    skipped.reason = format!("could not copy: {err}");
                    skipped.error = true;
                }
            }
        }
        on_event(Event::Skipped(&skipped));
        report.skipped.push(skipped);
    }
    report.files.sort_by(|a, b| a.source.cmp(&b.source));
    report.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    report.interrupted.sort();
    report.cache = batch.counters.stats(batch.cache.is_some());
    if let Some(table) = &table {
        report.dependencies = table.dependencies.clone();
        report.project = table.diagnostics.iter().map(|d| d.to_string()).collect();
        project::mark_cross_file_dependencies(&mut report, table);
        write_scaffold(&mut report, table, plan, settings, out);
    }
    report.compute_totals();
    report
}

/// Writes the target's project files (see [`project::scaffold`]) through
/// the sink, so they are owned like outputs: one edited since xlate wrote
/// it, or not written by xlate, is left as it is and named in the report.
pub(super) fn write_scaffold(
    report: &mut Report,
    table: &ProjectSymbols,
    plan: &Plan,
    settings: &Settings,
    out: &dyn Sink,
) {
    let name = project_name(plan, settings);
    for file in project::scaffold::files(table, &name, settings.project_name.is_some()) {
        let output = emit::slash_path(&file.path);
        match out.put(&file.path, file.content.as_bytes()) {
            Ok(write) => report.scaffold.push(crate::report::ScaffoldEntry {
                output,
                output_hash: emit::content_hash(file.content.as_bytes()),
                would_change: write == WriteOutcome::DryRun,
            }),
            Err(emit::EmitError::NotOurs { .. }) => report.project.push(format!(
                "{output}: not written: it exists and xlate did not write it, or it was \
                 edited since (--force replaces it)"
            )),
            Err(err) => report.project.push(format!("{output}: not written: {err}")),
        }
    }
}

/// The project's name: `[project] name` of `xlate.toml`, else the name the
/// source's own manifest gives (`Cargo.toml`, `pyproject.toml`,
/// `package.json`), else the source root's folder name.
fn project_name(plan: &Plan, settings: &Settings) -> String {
    if let Some(name) = &settings.project_name {
        return name.clone();
    }
    let Some(root) = plan.jobs.first().map(source_root) else {
        return String::new();
    };
    project::scaffold::manifest_name(&root).unwrap_or_else(|| {
        std::fs::canonicalize(&root)
            .ok()
            .and_then(|r| r.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default()
    })
}

/// The source root: a job's absolute path less its relative one.
fn source_root(job: &Job) -> PathBuf {
    let mut root = job.file.abs.clone();
    for _ in job.file.rel.components() {
        root.pop();
    }
    root
}

/// The build a Rust file translated into `to`, another language, is read
/// as; `None` for any other file.
fn build_of(job: &Job, to: Lang) -> Option<crate::cfg::Build> {
    (job.lang == Lang::Rust && to != Lang::Rust)
        .then(|| crate::cfg::Build::for_file(&job.file.abs, &source_root(job)))
}

/// The text a job's units are read from: as its build reads it (see
/// [`Job::build`]), or as it is.
fn build_view(job: &Job, text: String) -> String {
    match &job.build {
        Some(build) => crate::cfg::view(&text, build).unwrap_or(text),
        None => text,
    }
}

/// The Rust packages of the tree: each planned `src/lib.rs` whose folder
/// holds a `Cargo.toml` that names its package.
fn rust_crates(plan: &Plan) -> Vec<project::RustCrate> {
    let mut crates: Vec<project::RustCrate> = plan
        .jobs
        .iter()
        .filter(|job| job.lang == Lang::Rust && job.file.rel.ends_with("src/lib.rs"))
        .filter_map(|job| {
            let package = job.file.abs.parent()?.parent()?;
            if !package.join("Cargo.toml").is_file() {
                return None;
            }
            Some(project::RustCrate {
                name: project::scaffold::manifest_name(package)?,
                library: emit::slash_path(&job.file.rel),
            })
        })
        .collect();
    crates.sort_by(|a, b| (&a.name, &a.library).cmp(&(&b.name, &b.library)));
    // Two packages of one name: neither is chosen.
    let names: Vec<String> = crates.iter().map(|c| c.name.clone()).collect();
    crates.retain(|c| names.iter().filter(|n| **n == c.name).count() == 1);
    crates
}

/// The tree's symbol table, for a run that translates between languages
/// (within one, files are copied and imports stay as they are). Files that
/// cannot be read are left out here and reported by their job.
pub(super) fn project_table(plan: &Plan, settings: &Settings) -> Option<ProjectSymbols> {
    if plan.jobs.iter().all(|job| job.lang == settings.to) {
        return None;
    }
    let texts: Vec<Option<String>> = plan
        .jobs
        .par_iter()
        .map(|job| {
            walk::read_source(&job.file.abs, settings.max_file_size)
                .ok()
                .map(|text| build_view(job, text))
        })
        .collect();
    let inputs: Vec<project::Input> = plan
        .jobs
        .iter()
        .zip(&texts)
        .map(|(job, text)| project::Input {
            source: &job.file.rel,
            output: &job.output,
            lang: job.lang,
            text: text.as_deref().unwrap_or(""),
        })
        .collect();
    let name = project_name(plan, settings);
    let crates = rust_crates(plan);
    let mut table = ProjectSymbols::build_tree(
        &inputs,
        settings.to,
        &settings.glossary,
        Some(&name),
        &crates,
    );
    table.commonjs = settings.to == Lang::JavaScript
        && match settings.project_module {
            Some(crate::config::ModuleSystem::Commonjs) => true,
            Some(crate::config::ModuleSystem::Esm) => false,
            None => table.sources_use_commonjs(),
        };
    Some(table)
}

/// Translates the modules of a cycle again (their units from the cache)
/// until they agree with each other. A module of a cycle is translated
/// before some of the modules it imports, so its imports were written
/// before those knew what they fail to translate, and its load check may
/// have found them not written yet; and translating one again can change
/// what it fails to translate (a function whose callee failed), which the
/// others' imports must follow. Each round translates again the modules
/// whose cycle failed more since their last translation, and those that did
/// not load for an import and were loaded before another module of the
/// cycle was written again; the rounds end when nothing changes (at most
/// one per module and one more: what fails only grows).
fn settle_cycle(
    group: &mut [&mut (usize, JobResult)],
    table: &ProjectSymbols,
    translate: &(dyn Fn(usize) -> JobResult + Sync),
    seen: &mut HashMap<usize, usize>,
) {
    // When each was last translated, counted in translations of the
    // group: 0 for the first translation, in its wave.
    let mut clock = 0usize;
    let mut at: HashMap<usize, usize> = HashMap::new();
    let mut last_change = 0usize;
    for round in 0..=group.len() {
        let mut changed = false;
        for entry in group.iter_mut() {
            let k = entry.0;
            if !matches!(entry.1, JobResult::Done(..)) {
                continue;
            }
            let now = table.cycle_failures(k);
            let grew = seen.get(&k).is_none_or(|&before| before != now);
            // Loaded before another module of the cycle was written again.
            let stale = round == 0 || at.get(&k).copied().unwrap_or(0) < last_change;
            if grew || stale && load_failed_on_imports(&entry.1) {
                seen.insert(k, now);
                clock += 1;
                at.insert(k, clock);
                last_change = clock;
                entry.1 = translate(k);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Loads a Python module again, as it is written, where its load check
/// found a module of the output tree missing that is there now: loading a
/// module runs its package's `__init__.py`, which imports every module of
/// the package, though the module imports none of them (`assert.py` of a
/// crate whose `lib.rs` declares `mod cmd;`), so the waves of the import
/// graph do not order them.
fn load_again_if_written_since(job: &Job, result: &mut JobResult, to: Lang, root: &Path) {
    let JobResult::Done(report, write) = result else {
        return;
    };
    let Some(missing) = report.load.as_ref().and_then(|l| l.missing.clone()) else {
        return;
    };
    if *write == WriteOutcome::DryRun || to != Lang::Python {
        return;
    }
    let module = root.join(missing.replace('.', "/"));
    if !module.with_extension("py").is_file() && !module.join("__init__.py").is_file() {
        return;
    }
    let Ok(text) = std::fs::read_to_string(root.join(&job.output)) else {
        return;
    };
    let request = crate::verify::load::LoadRequest {
        lang: Lang::Python,
        root: Some(root),
        path: &job.output,
        text: &text,
    };
    if let Ok(Ok(load)) = crate::verify::load::load(&request) {
        report.load = Some(load);
    }
}

/// Whether the job's module did not load for want of a module or a name
/// it imports (see [`crate::verify::load::is_import_error`]).
fn load_failed_on_imports(result: &JobResult) -> bool {
    let JobResult::Done(report, _) = result else {
        return false;
    };
    report.load.as_ref().is_some_and(|l| {
        !l.loads
            && (l.missing.is_some()
                || l.error
                    .as_deref()
                    .is_some_and(crate::verify::load::is_import_error))
    })
}

/// Records in the tree's table what `report`'s file could not translate,
/// so that its importers leave those names out.
fn record_failures(table: &ProjectSymbols, report: &FileReport) {
    // An `impl` names its struct, whose declaration is another unit: what
    // its failure takes away is its methods, not the struct.
    table.record_failures(
        &report.source,
        report
            .units
            .iter()
            .filter(|u| u.status == UnitStatus::Failed && u.kind != SegmentKind::Impl)
            .filter_map(|u| u.name.clone()),
    );
    // Of an `impl` split into its methods, each method not translated:
    // the others are the class's.
    let impls: Vec<(usize, usize)> = report
        .units
        .iter()
        .filter(|u| u.kind == SegmentKind::Impl)
        .flat_map(|u| {
            let members = u
                .members
                .iter()
                .filter(|m| m.status == UnitStatus::Failed && m.kind == SegmentKind::Method);
            (u.status == UnitStatus::Failed)
                .then_some(u)
                .into_iter()
                .chain(members)
        })
        .map(|u| u.lines)
        .collect();
    if !impls.is_empty() {
        table.record_failed_impls(&report.source, &impls);
    }
    // Glue has no name: what its lines define.
    let glue: Vec<(usize, usize)> = report
        .units
        .iter()
        .filter(|u| u.status == UnitStatus::Failed && u.name.is_none())
        .map(|u| u.lines)
        .collect();
    if !glue.is_empty() {
        table.record_failed_lines(&report.source, &glue);
    }
}

pub(super) fn run_job(
    job: &Job,
    settings: &Settings,
    engines: &[Box<dyn Engine>],
    out: &dyn Sink,
    batch: &Batch,
    format: Option<&crate::format::Formatting>,
    table: Option<&ProjectSymbols>,
) -> JobResult {
    if batch.stopping() {
        return JobResult::Interrupted;
    }
    let skipped = |reason: String| {
        JobResult::Skipped(SkippedFile {
            path: emit::slash_path(&job.file.rel),
            reason,
            error: true,
            copied: false,
        })
    };
    let text = match walk::read_source(&job.file.abs, settings.max_file_size) {
        Ok(text) => build_view(job, text),
        Err(e) => return skipped(e.to_string()),
    };
    let translated = match translate_in_project(
        &job.file.rel,
        &text,
        job.lang,
        settings,
        engines,
        batch,
        table,
    ) {
        Ok(translated) => translated,
        Err(e) => return skipped(e.to_string()),
    };
    if translated.interrupted {
        return JobResult::Interrupted;
    }
    // Formatted before it is written and hashed: `--check` then compares
    // what a formatting run writes, and the hash is of the file on disk.
    let status = translated.status();
    // A Rust package file declares its folder's modules.
    let text = match table {
        Some(table) => {
            project::scaffold::with_module_declarations(table, &job.output, translated.text)
        }
        None => translated.text,
    };
    let text = match format {
        Some(format) => format.apply(&job.output, text),
        None => text,
    };
    let write = match out.put(&job.output, text.as_bytes()) {
        Ok(write) => write,
        Err(e) => return skipped(e.to_string()),
    };
    let report = FileReport {
        source: emit::slash_path(&job.file.rel),
        output: emit::slash_path(&job.output),
        lang: job.lang,
        status,
        output_hash: emit::content_hash(text.as_bytes()),
        units: translated.units,
        warnings: translated.warnings,
        renamed: emit::keyword_renames(&job.file.rel, job.lang, settings.to)
            .into_iter()
            .chain(job.clash.clone())
            .collect(),
        load: translated.load,
    };
    JobResult::Done(report, write)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::FileStatus;
    use crate::verify::load::LoadResult;

    fn done(missing: &str) -> JobResult {
        JobResult::Done(
            FileReport {
                source: "pkg/a.rs".into(),
                output: "pkg/a.py".into(),
                lang: Lang::Rust,
                status: FileStatus::Translated,
                units: Vec::new(),
                warnings: Vec::new(),
                renamed: Vec::new(),
                output_hash: String::new(),
                load: Some(LoadResult {
                    loads: false,
                    error: Some(format!("ModuleNotFoundError: No module named '{missing}'")),
                    line: None,
                    missing: Some(missing.into()),
                }),
            },
            WriteOutcome::Written,
        )
    }

    fn load(result: &JobResult) -> Option<LoadResult> {
        match result {
            JobResult::Done(report, _) => report.load.clone(),
            _ => None,
        }
    }

    // A module whose check ran before a neighbour of the tree was written
    // is loaded again once it is; one whose missing module is not of the
    // tree (a package not installed) keeps its result.
    #[test]
    fn a_module_is_loaded_again_once_the_module_it_missed_is_written() {
        if toolchain::available(Lang::Python).is_err() {
            eprintln!("skipped: python3 is not installed");
            return;
        }
        let out = tempfile::tempdir().expect("a temporary folder");
        std::fs::create_dir_all(out.path().join("pkg")).expect("pkg");
        std::fs::write(
            out.path().join("pkg/__init__.py"),
            "from pkg.b import two\n",
        )
        .expect("init");
        std::fs::write(out.path().join("pkg/a.py"), "def one():\n    return 1\n").expect("a");
        let job = Job {
            file: Found {
                rel: PathBuf::from("pkg/a.rs"),
                abs: out.path().join("pkg/a.rs"),
                lang: Some(Lang::Rust),
            },
            lang: Lang::Rust,
            output: PathBuf::from("pkg/a.py"),
            clash: None,
            build: None,
        };
        let mut result = done("pkg.b");
        load_again_if_written_since(&job, &mut result, Lang::Python, out.path());
        assert_eq!(
            load(&result).map(|l| l.loads),
            Some(false),
            "pkg.b is not written yet"
        );
        std::fs::write(out.path().join("pkg/b.py"), "def two():\n    return 2\n").expect("b");
        load_again_if_written_since(&job, &mut result, Lang::Python, out.path());
        assert_eq!(load(&result).map(|l| l.loads), Some(true));
        let mut elsewhere = done("requests");
        load_again_if_written_since(&job, &mut elsewhere, Lang::Python, out.path());
        assert_eq!(
            load(&elsewhere).and_then(|l| l.missing),
            Some("requests".into())
        );
    }
}
