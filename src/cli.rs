//! The command line: clap structs that stay close to what users type, the
//! checked settings built from them, and the subcommands that drive the
//! pipeline and print what it returns.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use clap::{Args, Parser, Subcommand};

use crate::emit::{self, OutputDir, WriteOutcome};
use crate::engine;
use crate::eval::{self, EvalConfig};
use crate::lang::Lang;
use crate::pipeline::{self, Event, RunOptions, Settings};
use crate::signatures::Signatures;
use crate::units::{self, Segment, SplitOptions, DEFAULT_SPLIT_CLASSES_OVER};
use crate::walk::DEFAULT_MAX_FILE_SIZE;

/// Exit code: everything was translated.
pub const EXIT_OK: u8 = 0;
/// Exit code: some unit failed, or some file could not be processed.
pub const EXIT_FAILURES: u8 = 1;
/// Exit code: the command line or configuration is wrong.
pub const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "xlate",
    version,
    about = "Translate whole source trees between programming languages.",
    long_about = "Translate whole source trees between Python, JavaScript and Rust. \
        Each file is split into units with tree-sitter, each unit is translated by an \
        engine and reparsed with the target grammar before anything is written.\n\n\
        Exit codes: 0 everything translated, 1 some unit failed or some file could not \
        be processed, 2 usage or configuration error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Translate a file or tree into a mirrored output tree.
    Translate(TranslateArgs),
    /// List the units of a file or tree.
    Units(UnitsArgs),
    /// Measure how often translations are right: translate a benchmark's
    /// solutions and run the target language's tests against them.
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub struct TranslateArgs {
    /// The source file or directory. It is never modified.
    pub src: PathBuf,
    /// The target language (python/py, javascript/js, rust/rs).
    #[arg(long)]
    pub to: Lang,
    /// The output directory; must not be inside the source tree.
    #[arg(long)]
    pub out: PathBuf,
    /// Translate only files in this language (default: every language xlate
    /// knows).
    #[arg(long)]
    pub from: Option<Lang>,
    /// The engine: identity (same language in and out, for testing).
    #[arg(long, default_value = "identity")]
    pub engine: String,
    /// Files translated in parallel (default: the number of CPUs).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Translate, check and report, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite files in the output directory that xlate did not write.
    #[arg(long)]
    pub force: bool,
    /// Copy files that are not translated (other languages, assets) across
    /// unchanged.
    #[arg(long)]
    pub copy_other: bool,
    /// Skip files larger than this many bytes.
    #[arg(long, default_value_t = DEFAULT_MAX_FILE_SIZE)]
    pub max_file_size: u64,
    /// Split classes, impls and traits larger than this many bytes into
    /// their members, translated one by one.
    #[arg(long, default_value_t = DEFAULT_SPLIT_CLASSES_OVER)]
    pub split_classes_over: usize,
    /// A file or directory of declarations in the target language that
    /// translated functions must match by name and parameter count (bare
    /// headers such as `fn f(x: i32) -> bool {` will do).
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
    #[arg(long, default_value = "identity")]
    pub engine: String,
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

/// A translate run, checked: what the pipeline and the emitters see.
#[derive(Debug)]
pub struct TranslateConfig {
    pub src: PathBuf,
    pub out: PathBuf,
    pub settings: Settings,
    pub engine: String,
    pub jobs: usize,
    pub dry_run: bool,
    pub force: bool,
    pub copy_other: bool,
}

impl TranslateConfig {
    pub fn from_args(args: &TranslateArgs) -> anyhow::Result<TranslateConfig> {
        if !args.src.exists() {
            bail!("{}: no such file or directory", args.src.display());
        }
        if args.jobs == Some(0) {
            bail!("--jobs must be at least 1");
        }
        refuse_out_inside_src(&args.src, &args.out)?;
        let signatures = match &args.signatures {
            Some(path) => Signatures::load(path, args.to)?,
            None => Signatures::default(),
        };
        let settings = Settings {
            from: args.from,
            to: args.to,
            split: SplitOptions {
                split_classes_over: args.split_classes_over,
            },
            max_file_size: args.max_file_size,
            signatures,
        };
        Ok(TranslateConfig {
            src: args.src.clone(),
            out: args.out.clone(),
            settings,
            engine: args.engine.clone(),
            jobs: args
                .jobs
                .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
            dry_run: args.dry_run,
            force: args.force,
            copy_other: args.copy_other,
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
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("xlate: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn translate(args: &TranslateArgs) -> anyhow::Result<u8> {
    let config = TranslateConfig::from_args(args)?;
    let engines = engine::build(&config.engine)?;
    let out = OutputDir::open(&config.out, config.force, config.dry_run);
    let plan = pipeline::plan(&config.src, &config.settings, &engines);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.jobs)
        .build()
        .context("cannot start worker threads")?;
    let on_event = |event: Event| print_event(&event, config.dry_run);
    let report = pool.install(|| {
        pipeline::run(
            &plan,
            &config.settings,
            &engines,
            &out,
            RunOptions {
                copy_other: config.copy_other,
            },
            &config.engine,
            &on_event,
        )
    });
    out.write_report(&report)
        .context("cannot write the report")?;
    eprint!("{}", report.summary());
    if !config.dry_run {
        eprintln!(
            "report: {}",
            out.root().join(crate::report::REPORT_FILE).display()
        );
    }
    Ok(if report.has_failures() {
        EXIT_FAILURES
    } else {
        EXIT_OK
    })
}

/// One line on stderr for each file that needs a person's attention, so that
/// problems show as they happen; the summary comes at the end.
fn print_event(event: &Event, dry_run: bool) {
    let mut err = std::io::stderr().lock();
    match event {
        Event::Translated { job, report, write } => {
            for unit in report.units.iter().flat_map(|u| u.walk()) {
                if unit.status == crate::report::UnitStatus::Failed {
                    let reason = unit.reasons.first().map_or("", String::as_str);
                    let what = match &unit.name {
                        Some(name) => format!("{} {name}", unit.kind),
                        None => unit.kind.to_string(),
                    };
                    let _ = writeln!(
                        err,
                        "{}:{}: {what} not translated: {reason}",
                        job.file.rel.display(),
                        unit.lines.0,
                    );
                }
            }
            for warning in &report.warnings {
                let _ = writeln!(err, "{}: {warning}", job.file.rel.display());
            }
            if dry_run && *write == WriteOutcome::DryRun {
                let _ = writeln!(err, "would write {}", job.output.display());
            }
        }
        Event::Skipped(skipped) if skipped.error => {
            let _ = writeln!(err, "{}: {}", skipped.path, skipped.reason);
        }
        Event::Skipped(_) => {}
    }
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
    let engines = engine::build(&config.engine)?;
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
