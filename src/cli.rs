//! The command line: clap structs that stay close to what users type, the
//! checked settings built from them, and the subcommands that drive the
//! pipeline and print what it returns.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use anyhow::{bail, Context as _};
use clap::{Args, Parser, Subcommand};

use crate::cache::Cache;
use crate::config::{self, FileConfig, Loaded};
use crate::depth;
use crate::emit::{self, OutputDir, WriteOutcome};
use crate::engine;
use crate::eval::{self, EvalConfig};
use crate::lang::Lang;
use crate::pipeline::{self, Batch, Event, Plan, RunOptions, Settings};
use crate::progress::{Progress, Verbosity};
use crate::report::{FileReport, Report};
use crate::select::{Selection, Shard};
use crate::signatures::Signatures;
use crate::units::{self, Segment, SplitOptions, DEFAULT_SPLIT_CLASSES_OVER};
use crate::walk::DEFAULT_MAX_FILE_SIZE;

/// Exit code: everything was translated.
pub const EXIT_OK: u8 = 0;
/// Exit code: some unit failed, or some file could not be processed.
pub const EXIT_FAILURES: u8 = 1;
/// Exit code: the command line or configuration is wrong.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: interrupted (Ctrl-C or SIGTERM), as shells report a SIGINT.
pub const EXIT_INTERRUPTED: u8 = 130;

#[derive(Debug, Parser)]
#[command(
    name = "xlate",
    version,
    about = "Translate whole source trees between programming languages.",
    long_about = "Translate whole source trees between Python, JavaScript and Rust. \
        Each file is split into units with tree-sitter, each unit is translated by an \
        engine and reparsed with the target grammar before anything is written.\n\n\
        Exit codes: 0 everything translated, 1 some unit failed or some file could not \
        be processed (with --check: some output would change), 2 usage or configuration \
        error, 130 interrupted."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Translate a file or tree into a mirrored output tree.
    Translate(Box<TranslateArgs>),
    /// List the units of a file or tree.
    Units(UnitsArgs),
    /// Measure how often translations are right: translate a benchmark's
    /// solutions and run the target language's tests against them.
    Eval(Box<EvalArgs>),
    /// Work with run reports (`xlate-report.json`).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Work with the model engine's models: measure their speed.
    Model(crate::model::cli::ModelCommand),
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Join the reports of the shards of one run (`--shard K/N`) into one.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shards' reports.
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// Where to write the merged report.
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Also write a Markdown summary of the merged report.
    #[arg(long, value_name = "FILE")]
    pub summary_md: Option<PathBuf>,
}

/// Options of `xlate translate`. Those marked "(xlate.toml: key)" may also
/// be set in the config file; the command line wins.
#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// The source file or directory. It is never modified.
    pub src: PathBuf,
    /// The target language (python/py, javascript/js, rust/rs). (xlate.toml: to)
    #[arg(long)]
    pub to: Option<Lang>,
    /// The output directory; must not be inside the source tree. (xlate.toml: out)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Translate only files in this language (default: every language xlate
    /// knows). (xlate.toml: from)
    #[arg(long)]
    pub from: Option<Lang>,
    /// The engine: auto (the rules engine, then a model if one is
    /// configured), rules, model (a local code LLM), or identity (same
    /// language in and out, for testing). Default: auto. (xlate.toml: engine)
    #[arg(long)]
    pub engine: Option<String>,
    #[command(flatten)]
    pub model: crate::model::ModelArgs,
    /// Files translated in parallel (default: the number of CPUs; the model
    /// engine raises it to fill its `--batch`). (xlate.toml: jobs)
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Translate, check and report, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write nothing; exit 1 if any output would change (listing which) or
    /// an output is stale, 0 if the output tree is up to date. For CI.
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
    /// Overwrite files in the output directory that xlate did not write.
    #[arg(long)]
    pub force: bool,
    /// Copy files that are not translated (other languages, assets) across
    /// unchanged. (xlate.toml: copy-other)
    #[arg(long)]
    pub copy_other: bool,
    /// Remove outputs of earlier runs whose source is gone (or no longer
    /// selected); without it they are only listed.
    #[arg(long)]
    pub prune: bool,
    /// Skip files larger than this many bytes (default: 1 MiB).
    /// (xlate.toml: max-file-size)
    #[arg(long)]
    pub max_file_size: Option<u64>,
    /// Split classes, impls and traits larger than this many bytes into
    /// their members, translated one by one (default: 8 KiB).
    /// (xlate.toml: split-classes-over)
    #[arg(long)]
    pub split_classes_over: Option<usize>,
    /// The config file (default: the nearest xlate.toml in the source
    /// directory or above it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore any xlate.toml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// The translation cache directory (default: xlate under the user's
    /// cache directory, e.g. ~/.cache/xlate). (xlate.toml: cache)
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    /// Neither read nor write the translation cache.
    #[arg(long, conflicts_with = "cache")]
    pub no_cache: bool,
    /// Take only share K of N of the files (1 <= K <= N), by a hash of each
    /// file's path: N CI jobs with 1/N .. N/N translate a tree between them.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// Translate only files matching this glob (relative to the source;
    /// repeatable; replaces xlate.toml's include).
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Leave out files matching this glob (repeatable; replaces
    /// xlate.toml's exclude).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Write a Markdown summary (totals, folders, failures) for a CI job page.
    #[arg(long, value_name = "FILE")]
    pub summary_md: Option<PathBuf>,
    /// Print only errors.
    #[arg(long, short = 'q', conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print a line for every file.
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// A file or directory of declarations in the target language that
    /// translated functions must match by name and parameter count (bare
    /// headers such as `fn f(x: i32) -> bool {` will do).
    /// (xlate.toml: signatures)
    #[arg(long, value_name = "FILE")]
    pub signatures: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct UnitsArgs {
    /// A file or directory.
    pub path: PathBuf,
    /// Print JSON instead of one line per unit.
    #[arg(long)]
    pub json: bool,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Show the members of classes larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_SPLIT_CLASSES_OVER)]
    pub split_classes_over: usize,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The benchmark directory: one `<language>.jsonl` per language, in the
    /// HumanEval-X format (task, declaration, canonical_solution, test).
    #[arg(long)]
    pub bench: PathBuf,
    /// The language translated from.
    #[arg(long)]
    pub from: Lang,
    /// The language translated into, whose tests are run.
    #[arg(long)]
    pub to: Lang,
    /// The engine, as for `xlate translate`.
    #[arg(long, default_value = "auto")]
    pub engine: String,
    #[command(flatten)]
    pub model: crate::model::ModelArgs,
    /// Only these tasks: numbers and ranges, such as `0,2,10-20`.
    #[arg(long)]
    pub tasks: Option<String>,
    /// Write every task's status and detail, and the summary, as JSON.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Tasks run in parallel (default: the number of CPUs).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Time limit for one task's tests, in seconds.
    #[arg(long, default_value_t = eval::DEFAULT_TIMEOUT_SECS)]
    pub timeout: u64,
    /// Where the Rust scratch crate (rand, regex, md5) is built and kept
    /// (default: the user's cache directory, under `xlate/`).
    #[arg(long)]
    pub cache_dir: Option<PathBuf>,
    /// Write each task's test program (the translation with the tests; for
    /// a declined task, the translation) into this directory, to see why a
    /// task did not pass.
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
}

/// A translate run, checked: what the pipeline and the emitters see. Built
/// from the command line and the config file, the command line winning.
#[derive(Debug)]
pub struct TranslateConfig {
    pub src: PathBuf,
    pub out: PathBuf,
    pub settings: Settings,
    pub engine: String,
    pub jobs: usize,
    pub dry_run: bool,
    /// `--check`: write nothing, fail if the output tree is not up to date.
    pub check: bool,
    pub force: bool,
    pub copy_other: bool,
    pub prune: bool,
    /// None: `--no-cache`.
    pub cache: Option<PathBuf>,
    pub selection: Selection,
    pub summary_md: Option<PathBuf>,
    pub verbosity: Verbosity,
    /// The config file used, if any.
    pub config_file: Option<PathBuf>,
    /// The model engine's settings: the command line's, with xlate.toml's
    /// `[model]` where the command line is silent.
    pub model: crate::model::ModelArgs,
}

impl TranslateConfig {
    pub fn from_args(args: &TranslateArgs) -> anyhow::Result<TranslateConfig> {
        if !args.src.exists() {
            bail!("{}: no such file or directory", args.src.display());
        }
        let loaded = if args.no_config {
            None
        } else {
            match args.config.clone().or_else(|| config::find(&args.src)) {
                Some(path) => Some(Loaded::read(&path)?),
                None => None,
            }
        };
        let file = loaded.as_ref().map(|l| l.file.clone()).unwrap_or_default();
        let FileConfig {
            from,
            to,
            out,
            engine,
            jobs,
            include,
            exclude,
            signatures,
            cache,
            copy_other,
            max_file_size,
            split_classes_over,
            glossary: _,
            model,
        } = file;
        let named = |what: &str| match &loaded {
            Some(l) => format!(
                "{what} (or `{}` in {})",
                what.trim_start_matches("--"),
                l.path.display()
            ),
            None => format!(
                "{what} (or `{}` in an xlate.toml)",
                what.trim_start_matches("--")
            ),
        };
        let Some(to) = args.to.or(to) else {
            bail!("the target language is missing: give {}", named("--to"));
        };
        let Some(out) = args.out.clone().or(out) else {
            bail!("the output directory is missing: give {}", named("--out"));
        };
        let jobs = args.jobs.or(jobs);
        if jobs == Some(0) {
            bail!("--jobs must be at least 1");
        }
        refuse_out_inside_src(&args.src, &out)?;
        let pick = |cli: &[String], file: Vec<String>| {
            if cli.is_empty() {
                file
            } else {
                cli.to_vec()
            }
        };
        let selection = Selection::new(
            &pick(&args.include, include),
            &pick(&args.exclude, exclude),
            args.shard,
        )?;
        let cache = if args.no_cache {
            None
        } else {
            match args.cache.clone().or(cache) {
                Some(dir) => Some(dir),
                None => Some(Cache::default_dir()?),
            }
        };
        let signatures = match args.signatures.clone().or(signatures) {
            Some(path) => Signatures::load(&path, to)?,
            None => Signatures::default(),
        };
        let settings = Settings {
            from: args.from.or(from),
            to,
            split: SplitOptions {
                split_classes_over: args
                    .split_classes_over
                    .or(split_classes_over)
                    .unwrap_or(DEFAULT_SPLIT_CLASSES_OVER),
            },
            max_file_size: args
                .max_file_size
                .or(max_file_size)
                .unwrap_or(DEFAULT_MAX_FILE_SIZE),
            signatures,
            glossary: loaded.as_ref().map(Loaded::glossary).unwrap_or_default(),
        };
        let verbosity = if args.quiet {
            Verbosity::Quiet
        } else if args.verbose {
            Verbosity::Verbose
        } else {
            Verbosity::Normal
        };
        Ok(TranslateConfig {
            src: args.src.clone(),
            out,
            settings,
            engine: args
                .engine
                .clone()
                .or(engine)
                .unwrap_or_else(|| "auto".to_string()),
            jobs: jobs
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
            dry_run: args.dry_run,
            check: args.check,
            force: args.force,
            copy_other: args.copy_other || copy_other.unwrap_or(false),
            prune: args.prune,
            cache,
            selection,
            summary_md: args.summary_md.clone(),
            verbosity,
            config_file: loaded.map(|l| l.path),
            model: crate::model::ModelArgs {
                model: args.model.model.clone().or(model.model),
                batch: args.model.batch.or(model.batch),
                ..args.model.clone()
            },
        })
    }
}

/// Writing into the source tree would translate the translations on the next
/// run, and could overwrite sources.
fn refuse_out_inside_src(src: &Path, out: &Path) -> anyhow::Result<()> {
    let src = src
        .canonicalize()
        .with_context(|| format!("{}: cannot resolve", src.display()))?;
    let out = canonicalize_lenient(out)?;
    if src.is_dir() && out.starts_with(&src) {
        bail!(
            "--out {} is inside the source tree {}; choose a directory outside it",
            out.display(),
            src.display()
        );
    }
    if out == src {
        bail!("--out is the source file itself");
    }
    Ok(())
}

/// Canonicalizes a path that may not exist yet: its nearest existing
/// ancestor, then the rest as written.
fn canonicalize_lenient(path: &Path) -> anyhow::Result<PathBuf> {
    let absolute =
        std::path::absolute(path).with_context(|| format!("{}: cannot resolve", path.display()))?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .with_context(|| format!("{}: cannot resolve", existing.display()))?;
    out.extend(rest.iter().rev());
    Ok(out)
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Translate(args) => translate(&args),
        Command::Units(args) => list_units(&args),
        Command::Eval(args) => run_eval(&args),
        Command::Report(ReportCommand::Merge(args)) => merge_reports(&args),
        Command::Model(command) => crate::model::cli::run(&command),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("xlate: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Set by the Ctrl-C / SIGTERM handler: start no new unit.
static STOP: AtomicBool = AtomicBool::new(false);

/// The first Ctrl-C (or SIGTERM) asks the run to stop starting units and to
/// write what it has; a second one ends the process at once (what is
/// written is still whole: every write is atomic).
fn install_interrupt_handler() {
    let result = ctrlc::set_handler(|| {
        if STOP.swap(true, Ordering::SeqCst) {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
        eprintln!("xlate: interrupted; finishing what is in flight (again to quit now)");
    });
    if let Err(err) = result {
        // Without the handler a signal ends the run the hard way, which
        // loses no written file either; say so and go on.
        eprintln!("xlate: cannot catch Ctrl-C: {err}");
    }
}

fn translate(args: &TranslateArgs) -> anyhow::Result<u8> {
    let config = TranslateConfig::from_args(args)?;
    let engines = engine::build_with(&config.engine, &config.model)?;
    // A cache that cannot be opened costs time, not correctness: say so and
    // translate without it.
    let cache = config
        .cache
        .as_ref()
        .and_then(|dir| match Cache::open(dir) {
            Ok(cache) => Some(cache),
            Err(err) => {
                eprintln!("xlate: running without the cache: {err}");
                None
            }
        });
    let previous = Report::read_from(&config.out);
    let writes_nothing = config.dry_run || config.check;
    let out = OutputDir::open(&config.out, config.force, writes_nothing);
    let mut plan = pipeline::plan(&config.src, &config.settings, &engines);
    select_plan(&mut plan, &config.selection);
    // Engines recurse over each unit's syntax: their threads get a stack
    // sized for the deepest tree they accept (see `depth::ENGINE_STACK_SIZE`).
    let pool = depth::engine_pool(pipeline::workers(config.jobs, &engines))
        .context("cannot start worker threads")?;
    install_interrupt_handler();
    let batch = Batch {
        cache: cache.as_ref(),
        stop: Some(&STOP),
        ..Batch::default()
    };
    let progress = Progress::new(
        plan.jobs.len(),
        config.verbosity,
        std::io::stderr().is_terminal(),
        config.dry_run,
    );
    // Outputs that would change, for --check.
    let changed = Mutex::new(Vec::new());
    let on_event = |event: Event| {
        if let Event::Translated { job, write, .. } = &event {
            if *write == WriteOutcome::DryRun {
                if let Ok(mut changed) = changed.lock() {
                    changed.push(emit::slash_path(&job.output));
                }
            }
        }
        progress.event(&event);
    };
    let mut report = pool.install(|| {
        pipeline::run(
            &plan,
            &config.settings,
            &engines,
            &out,
            RunOptions {
                copy_other: config.copy_other,
                batch: Some(&batch),
            },
            &config.engine,
            &on_event,
        )
    });
    progress.finish();
    let interrupted = !report.interrupted.is_empty();
    if let Some(previous) = &previous {
        keep_previous_entries(&mut report, previous);
    }
    let stale = previous
        .map(|p| stale_outputs(p, &plan, &config.selection, &report))
        .unwrap_or_default();
    let mut stale_left = Vec::new();
    if config.prune && !writes_nothing {
        for file in stale {
            match prune(&config.out, &file) {
                Ok(()) => {
                    if config.verbosity > Verbosity::Quiet {
                        eprintln!(
                            "removed {} (its source {} is gone)",
                            file.output, file.source
                        );
                    }
                }
                Err(reason) => eprintln!("{}: not removed: {reason}", file.output),
            }
        }
    } else {
        stale_left = stale;
    }
    if config.verbosity > Verbosity::Quiet || config.check {
        for file in &stale_left {
            eprintln!(
                "stale: {} (its source {} is gone or no longer selected; --prune removes it)",
                file.output, file.source
            );
        }
    }
    report.stale = stale_left;
    report.compute_totals();

    if let Some(path) = &config.summary_md {
        emit::write_atomic(path, crate::summary::markdown(&report).as_bytes())
            .with_context(|| format!("{}: cannot write the summary", path.display()))?;
    }
    if config.check {
        let mut changed = changed.into_inner().unwrap_or_default();
        if config.copy_other {
            // Copies are not translations and send no event that says
            // whether they would change: compare them here.
            for (file, _) in &plan.others {
                let source = std::fs::read(&file.abs).ok();
                if source.is_none() || std::fs::read(config.out.join(&file.rel)).ok() != source {
                    changed.push(emit::slash_path(&file.rel));
                }
            }
        }
        changed.sort();
        for path in &changed {
            eprintln!("would change: {path}");
        }
        let errors = report.totals.file_errors;
        if interrupted {
            return Ok(EXIT_INTERRUPTED);
        }
        if changed.is_empty() && report.stale.is_empty() && errors == 0 {
            if config.verbosity > Verbosity::Quiet {
                eprintln!("up to date: {} files", report.files.len());
            }
            return Ok(EXIT_OK);
        }
        eprintln!(
            "not up to date: {} outputs would change, {} stale, {} file errors",
            changed.len(),
            report.stale.len(),
            errors
        );
        return Ok(EXIT_FAILURES);
    }
    out.write_report(&report)
        .context("cannot write the report")?;
    if config.verbosity > Verbosity::Quiet {
        eprint!("{}", report.summary());
        let c = &report.cache;
        if c.enabled {
            eprintln!(
                "cache: {} hits, {} misses, {} engine calls",
                c.hits, c.misses, c.engine_calls
            );
        }
        if !config.dry_run {
            eprintln!(
                "report: {}",
                out.root().join(crate::report::REPORT_FILE).display()
            );
        }
    }
    if interrupted {
        eprintln!(
            "xlate: interrupted: {} files not translated; run again to resume (translated units are cached)",
            report.interrupted.len()
        );
        return Ok(EXIT_INTERRUPTED);
    }
    Ok(if report.has_failures() {
        EXIT_FAILURES
    } else {
        EXIT_OK
    })
}

/// Leaves out of a plan the files the selection (globs, shard) does not take.
fn select_plan(plan: &mut Plan, selection: &Selection) {
    let take = |rel: &Path| selection.contains(&emit::slash_path(rel));
    plan.jobs.retain(|job| take(&job.file.rel));
    plan.others.retain(|(file, _)| take(&file.rel));
    plan.errors.retain(|error| selection.contains(&error.path));
}

/// Files an interrupted run did not get to keep their entries from the
/// previous report, so that the next run still knows their outputs are
/// xlate's to replace.
fn keep_previous_entries(report: &mut Report, previous: &Report) {
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
fn stale_outputs(
    previous: Report,
    plan: &Plan,
    selection: &Selection,
    report: &Report,
) -> Vec<FileReport> {
    let mut present = std::collections::HashSet::new();
    for job in &plan.jobs {
        present.insert(emit::slash_path(&job.file.rel));
    }
    for (file, _) in &plan.others {
        present.insert(emit::slash_path(&file.rel));
    }
    for error in &plan.errors {
        present.insert(error.path.clone());
    }
    let produced: std::collections::HashSet<&str> =
        report.files.iter().map(|f| f.output.as_str()).collect();
    let mut stale: Vec<FileReport> = previous
        .files
        .into_iter()
        .chain(previous.stale)
        .filter(|f| selection.in_shard(&f.source))
        .filter(|f| !present.contains(&f.source) && !produced.contains(f.output.as_str()))
        .collect();
    stale.sort_by(|a, b| a.output.cmp(&b.output));
    stale.dedup_by(|a, b| a.output == b.output);
    stale
}

/// Removes a stale output, but only while it is as xlate wrote it: a file
/// edited by hand is someone's work.
fn prune(out: &Path, file: &FileReport) -> Result<(), String> {
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

fn merge_reports(args: &MergeArgs) -> anyhow::Result<u8> {
    let mut reports = Vec::new();
    for path in &args.reports {
        let bytes =
            std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
        let report: Report = serde_json::from_slice(&bytes)
            .with_context(|| format!("{}: not an xlate report", path.display()))?;
        reports.push(report);
    }
    let merged = Report::merge(reports)?;
    let mut json = serde_json::to_vec_pretty(&merged)?;
    json.push(b'\n');
    emit::write_atomic(&args.out, &json)
        .with_context(|| format!("{}: cannot write", args.out.display()))?;
    if let Some(path) = &args.summary_md {
        emit::write_atomic(path, crate::summary::markdown(&merged).as_bytes())
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    eprint!("{}", merged.summary());
    Ok(if merged.has_failures() {
        EXIT_FAILURES
    } else {
        EXIT_OK
    })
}

fn run_eval(args: &EvalArgs) -> anyhow::Result<u8> {
    if args.jobs == Some(0) {
        bail!("--jobs must be at least 1");
    }
    if args.timeout == 0 {
        bail!("--timeout must be at least 1 second");
    }
    if !args.bench.is_dir() {
        bail!("{}: not a benchmark directory", args.bench.display());
    }
    let tasks = match &args.tasks {
        Some(list) => Some(eval::bench::TaskList::parse(list).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let config = EvalConfig {
        bench: args.bench.clone(),
        from: args.from,
        to: args.to,
        engine: args.engine.clone(),
        tasks,
        jobs: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        timeout: std::time::Duration::from_secs(args.timeout),
        cache: args
            .cache_dir
            .clone()
            .unwrap_or_else(EvalConfig::default_cache),
        keep: args.keep.clone(),
    };
    let engines = engine::build_with(&config.engine, &args.model)?;
    // One line per task as it finishes, so a long run shows it is alive.
    let on_task = |task: &eval::TaskResult| {
        eprintln!("task {}: {}", task.task, task.status.name());
    };
    let report = eval::evaluate_with_progress(&config, &engines, &on_task)?;
    if !report.isolated {
        eprintln!(
            "xlate: note: user namespaces are not available: the tests ran with network \
             access and could read your files"
        );
    }
    print!("{}", report.render());
    if let Some(path) = &args.json {
        report
            .write_json(path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    Ok(EXIT_OK)
}

fn list_units(args: &UnitsArgs) -> anyhow::Result<u8> {
    if !args.path.exists() {
        bail!("{}: no such file or directory", args.path.display());
    }
    let options = SplitOptions {
        split_classes_over: args.split_classes_over,
    };
    let (results, errors) = pipeline::split_tree(&args.path, options, args.max_file_size);
    let mut failed = false;
    for error in &errors {
        eprintln!("{}: {}", error.path.display(), error.reason);
        failed = true;
    }
    let mut files = Vec::new();
    for result in results {
        match result.split {
            Ok(split) => files.push(UnitsFile::new(&result.file.rel, result.lang, &split)),
            Err(reason) => {
                eprintln!("{}: {reason}", result.file.rel.display());
                failed = true;
            }
        }
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &files)?;
        writeln!(stdout)?;
    } else {
        for file in &files {
            file.print(&mut stdout)?;
        }
    }
    Ok(if failed { EXIT_FAILURES } else { EXIT_OK })
}

/// A file as `xlate units` shows it.
#[derive(serde::Serialize)]
struct UnitsFile {
    path: String,
    lang: Lang,
    units: Vec<UnitsEntry>,
    /// The first syntax error anywhere in the file, glue included.
    first_error: Option<units::Position>,
}

#[derive(serde::Serialize)]
struct UnitsEntry {
    kind: units::SegmentKind,
    name: Option<String>,
    lines: (usize, usize),
    bytes: usize,
    error: Option<units::Position>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    members: Vec<UnitsEntry>,
}

impl UnitsEntry {
    fn new(segment: &Segment) -> UnitsEntry {
        UnitsEntry {
            kind: segment.kind,
            name: segment.name.clone(),
            lines: segment.lines,
            bytes: segment.bytes.len(),
            error: segment.error,
            members: segment
                .members
                .iter()
                .filter(|m| m.kind.is_unit())
                .map(UnitsEntry::new)
                .collect(),
        }
    }

    fn print(
        &self,
        out: &mut impl std::io::Write,
        path: &str,
        prefix: &str,
    ) -> std::io::Result<()> {
        let name = self.name.as_deref().unwrap_or("-");
        write!(
            out,
            "{path}:{}-{}\t{}\t{prefix}{name}\t{} bytes",
            self.lines.0, self.lines.1, self.kind, self.bytes
        )?;
        if let Some(error) = self.error {
            write!(out, "\tsyntax error at {error}")?;
        }
        writeln!(out)?;
        for member in &self.members {
            member.print(out, path, &format!("{prefix}{name}."))?;
        }
        Ok(())
    }
}

impl UnitsFile {
    fn new(rel: &Path, lang: Lang, split: &units::SplitFile) -> UnitsFile {
        UnitsFile {
            path: emit::slash_path(rel),
            lang,
            units: split.units().map(UnitsEntry::new).collect(),
            first_error: split.first_error,
        }
    }

    fn print(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        for unit in &self.units {
            unit.print(out, &self.path, "")?;
        }
        if let Some(error) = self.first_error {
            if self.units.iter().all(|u| u.error.is_none()) {
                writeln!(
                    out,
                    "{}: syntax error at {error} (outside any unit)",
                    self.path
                )?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_inside_src_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir(&src).unwrap();
        let err = refuse_out_inside_src(&src, &src.join("out/deeper")).unwrap_err();
        assert!(err.to_string().contains("inside the source tree"), "{err}");
        assert!(refuse_out_inside_src(&src, &src).is_err());
        assert!(refuse_out_inside_src(&src, &dir.path().join("out")).is_ok());
        // A sibling whose name starts with the source's is not inside it.
        assert!(refuse_out_inside_src(&src, &dir.path().join("src-out")).is_ok());
    }
}
