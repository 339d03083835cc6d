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
use crate::incremental;
use crate::lang::Lang;
use crate::pipeline::{self, Batch, Event, Plan, RunOptions, Settings};
use crate::progress::{Progress, Verbosity};
use crate::report::Report;
use crate::select::{Selection, Shard};
use crate::signatures::Signatures;
use crate::units::{self, Segment, SplitOptions, DEFAULT_SPLIT_CLASSES_OVER};
use crate::walk::DEFAULT_MAX_FILE_SIZE;

pub use crate::exit::{
    FAILURES as EXIT_FAILURES, INTERRUPTED as EXIT_INTERRUPTED, OK as EXIT_OK, USAGE as EXIT_USAGE,
};

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
        error, 130 interrupted.",
    after_help = MAIN_EXAMPLES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Translate a file or tree into a mirrored output tree.
    #[command(after_help = TRANSLATE_EXAMPLES)]
    Translate(Box<TranslateArgs>),
    /// List the units of a file or tree.
    #[command(after_help = UNITS_EXAMPLES)]
    Units(UnitsArgs),
    /// Measure how often translations are right: translate a benchmark's
    /// solutions and run the target language's tests against them.
    #[command(after_help = EVAL_EXAMPLES)]
    Eval(Box<EvalArgs>),
    /// Measure how many planted bugs differential testing catches: mutate
    /// correct translations of a benchmark and test each mutant against
    /// its source.
    #[command(after_help = MUTANTS_EXAMPLES)]
    Mutants(Box<MutantsArgs>),
    /// Work with run reports (`xlate-report.json`).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Build the review page (`OUT/xlate-review.html`) again from a run's
    /// report, sources and outputs; read reviewed marks back into the report.
    #[command(after_help = REVIEW_EXAMPLES)]
    Review(ReviewArgs),
    /// Explain each unit of a file or tree in plain English (what it does,
    /// its inputs and outputs, anything surprising), with a model.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(Box<ExplainArgs>),
    /// Work with the model engine's models: measure their speed.
    Model(crate::model::cli::ModelCommand),
    /// Print a shell completion script to standard output.
    #[command(after_help = COMPLETIONS_EXAMPLES)]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to standard output, or write one page
    /// per command into a directory.
    #[command(after_help = MAN_EXAMPLES)]
    Man(ManArgs),
}

// Examples at the end of `--help`, as ripgrep and ast-grep show them: most
// people read the examples before the options.

const MAIN_EXAMPLES: &str = "\
Examples:
  xlate translate src/ --to js --out out/     translate a tree into JavaScript
  xlate units src/                            list the units xlate would translate
  xlate translate --help                      every option of a command, with examples";

const TRANSLATE_EXAMPLES: &str = "\
Examples:
  Translate a Python tree into JavaScript next to it:
    xlate translate src/ --to js --out ../src-js/
  Translate with the rules, then a local model for what they decline:
    xlate translate src/ --to js --out out/ --model ./qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
  Check in CI that a checked-in translation is up to date (exit 1 if not):
    xlate translate src/ --to rust --out translated/ --check
  Translate only part of a tree, and write a summary for the job page:
    xlate translate src/ --to js --out out/ --include 'app/**' --summary-md summary.md
  Share a tree between 4 CI jobs (this is job 2), then join their reports:
    xlate translate src/ --to js --out out/ --shard 2/4
    xlate report merge shard-*/xlate-report.json -o xlate-report.json";

const UNITS_EXAMPLES: &str = "\
Examples:
  List the units of a tree, one line each (tab-separated):
    xlate units src/
  Show the members of every class, not only of large ones:
    xlate units src/models.py --split-classes-over 0
  The units as JSON, files that cannot be split included (with an `error`):
    xlate units src/ --json";

const EVAL_EXAMPLES: &str = "\
Examples:
  Score the rules engine on HumanEval-X, Python to JavaScript:
    xlate eval --bench humaneval-x/ --from python --to javascript --engine rules
  Score a model on the first 20 tasks, keeping every test program:
    xlate eval --bench humaneval-x/ --from python --to rust --engine model \\
      --tasks 0-19 --json eval.json --keep eval-programs/";

const MUTANTS_EXAMPLES: &str = "\
Examples:
  Kill rate on Python translated to Python by the identity engine, tasks 0-40:
    xlate mutants --bench humaneval-x/ --from python --to python --engine identity --tasks 0-40
  The rules engine's JavaScript from Python, as JSON, failing under 90%:
    xlate mutants --bench humaneval-x/ --from python --to javascript --engine rules \\
      --json mutants.json --fail-under 90
  The fixtures' Python functions, translated by the identity engine:
    xlate mutants --tree fixtures/python --from python --to python --engine identity";

const REVIEW_EXAMPLES: &str = "\
Examples:
  Build the page again (every translate run writes it too):
    xlate review out/
  Keep the units marked on the page (its \"Export reviewed\" button) in the report:
    xlate review out/ --import ~/Downloads/xlate-reviewed.json";

const EXPLAIN_EXAMPLES: &str = "\
Examples:
  Explain a tree's units with a local model, as Markdown:
    xlate explain src/ --model ./qwen2.5-coder-1.5b-instruct-q4_k_m.gguf
  With a server, as JSON, into a file:
    xlate explain src/app.py --server-url http://localhost:8080 --json -o explained.json
  Put the explanations on the review page of a translation:
    xlate translate src/ --to js --out out/ --model ./model.gguf --explain";

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A source file or tree.
    pub path: PathBuf,
    /// The engine that explains: model, server, or auto (the server when a
    /// URL is configured, else the model).
    #[arg(long, default_value = "auto")]
    pub engine: String,
    #[command(flatten)]
    pub model: crate::model::ModelArgs,
    #[command(flatten)]
    pub server: engine::ServerArgs,
    /// JSON instead of Markdown.
    #[arg(long)]
    pub json: bool,
    /// Write into this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Units explained at once (default: as many as the engine takes).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// The cache directory (default: the translation cache's; explanations
    /// have their own entries there).
    #[arg(long, value_name = "DIR")]
    pub cache: Option<PathBuf>,
    #[arg(long, conflicts_with = "cache")]
    pub no_cache: bool,
    /// Read settings ([model], [server], cache) from this file instead of
    /// the xlate.toml found from PATH upward.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// The output directory of a run (holding `xlate-report.json`).
    pub out: PathBuf,
    /// Reviewed marks exported by the page, to keep in the report.
    #[arg(long, value_name = "FILE")]
    pub import: Option<PathBuf>,
    /// An earlier run's report, to show what changed since.
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
}

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  xlate completions bash > ~/.local/share/bash-completion/completions/xlate
  xlate completions zsh > ~/.zfunc/_xlate        (with fpath+=~/.zfunc in .zshrc)
  xlate completions fish > ~/.config/fish/completions/xlate.fish
  xlate completions powershell >> $PROFILE";

const MAN_EXAMPLES: &str = "\
Examples:
  xlate man | man -l -
  xlate man --out /usr/local/share/man/man1";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `xlate.1` and one page per subcommand (`xlate-translate.1`,
    /// ...) into this directory instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
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
    /// The engine: auto (the rules engine, then a server or a model if one
    /// is configured), rules, model (a local code LLM), server (an
    /// OpenAI-compatible server, see --server-url), or identity (same
    /// language in and out, for testing). Default: auto. (xlate.toml: engine)
    #[arg(long)]
    pub engine: Option<String>,
    #[command(flatten)]
    pub model: crate::model::ModelArgs,
    #[command(flatten)]
    pub server: engine::ServerArgs,
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
    /// The translation cache directory (default: `$XLATE_CACHE_DIR`, else
    /// xlate under the user's cache directory, e.g. ~/.cache/xlate).
    /// (xlate.toml: cache)
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
    /// Run the target's usual formatter on each output before it is
    /// written (rustfmt, black, prettier); `--format=ruff` picks another.
    /// A formatter that is missing or fails leaves the output as
    /// translated. (xlate.toml: format = true, or a formatter's name)
    #[arg(
        long,
        value_name = "NAME",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "auto"
    )]
    pub format: Option<String>,
    /// Explain each unit in plain English with the run's model or server
    /// engine and show the explanations on the review page (cached like
    /// translations).
    #[arg(long)]
    pub explain: bool,
    /// Record each unit's engine time in the report and on the review
    /// page. Off by default: time varies from run to run, and without it
    /// the same run writes the same report, byte for byte.
    #[arg(long)]
    pub timings: bool,
    /// Do not format outputs, whatever xlate.toml says.
    #[arg(long, conflicts_with = "format")]
    pub no_format: bool,
    /// A file or directory of declarations in the target language that
    /// translated functions must match by name and parameter count (bare
    /// headers such as `fn f(x: i32) -> bool {` will do).
    /// (xlate.toml: signatures)
    #[arg(long, value_name = "FILE")]
    pub signatures: Option<PathBuf>,
    /// How far each translation is verified before it is written: off
    /// (reparsed only), compile (the output file is built with python3,
    /// node or rustc; a unit the compiler rejects is a TODO(xlate) block),
    /// or test (each function is also run against its source on the same
    /// inputs). Default: compile. (xlate.toml: verify)
    #[arg(long, value_name = "LEVEL")]
    pub verify: Option<crate::verify::VerifyLevel>,
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
    #[command(flatten)]
    pub server: engine::ServerArgs,
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

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("corpus").required(true).args(["bench", "tree"])))]
pub struct MutantsArgs {
    /// The benchmark directory: one `<language>.jsonl` per language, in the
    /// HumanEval-X format (task, declaration, canonical_solution, test).
    #[arg(long)]
    pub bench: Option<PathBuf>,
    /// A source tree instead of a benchmark (the fixtures): its `--from`
    /// files are translated, and each top-level function of a translation
    /// that loads on its own is mutated.
    #[arg(long, value_name = "DIR")]
    pub tree: Option<PathBuf>,
    /// The language translated from.
    #[arg(long)]
    pub from: Lang,
    /// The language translated into, whose functions are mutated.
    #[arg(long)]
    pub to: Lang,
    /// The engine that makes the translations: identity (same language in
    /// and out) or rules; only translations that pass the benchmark's tests
    /// are mutated.
    #[arg(long, default_value = "rules")]
    pub engine: String,
    /// Only these tasks: numbers and ranges, such as `0,2,10-20`.
    #[arg(long, conflicts_with = "tree")]
    pub tasks: Option<String>,
    /// At most this many mutants per function, picked with `--seed`.
    #[arg(long, default_value_t = crate::mutants::MutateOptions::default().cap)]
    pub max_mutants: usize,
    /// Seed of the pick of mutants (and of the differential test's inputs).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Write every unit's mutants, their fate and the summary as JSON.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Exit 1 when the kill rate over non-equivalent mutants is under this
    /// percentage, or when an unmutated translation is rejected.
    #[arg(long, value_name = "PERCENT")]
    pub fail_under: Option<f64>,
    /// Tasks judged in parallel (default: the number of CPUs).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Time limit for one run of a task's tests, and for each side of a
    /// differential test, in seconds.
    #[arg(long, default_value_t = eval::DEFAULT_TIMEOUT_SECS)]
    pub timeout: u64,
    /// Where the Rust scratch crate (rand, regex, md5) is built and kept
    /// (default: the user's cache directory, under `xlate/`).
    #[arg(long)]
    pub cache_dir: Option<PathBuf>,
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
    /// The server engine's settings: the command line's, with xlate.toml's
    /// `[server]` where the command line is silent.
    pub server: engine::ServerSettings,
    /// Whether and how outputs are formatted.
    pub format: crate::format::FormatChoice,
    /// `--explain`: explanations in the report and on the review page.
    pub explain: bool,
    /// `--timings`: each unit's engine time in the report.
    pub timings: bool,
}

impl TranslateConfig {
    pub fn from_args(args: &TranslateArgs) -> anyhow::Result<TranslateConfig> {
        check_given_path(&args.src)?;
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
            format,
            verify,
            glossary: _,
            model,
            server,
            project,
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
            verify: {
                let level = args.verify.or(verify).unwrap_or_default();
                crate::verify::level::VerifySettings {
                    // Modules are loaded among their neighbours where they
                    // are written; a run that writes nothing loads each
                    // alone.
                    outputs: (!args.dry_run && !args.check).then(|| out.clone()),
                    sources: source_copy(&args.src, level),
                    ..crate::verify::level::VerifySettings::at(level)
                }
            },
            project_name: project.name,
            project_module: project.module,
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
            server: engine::ServerSettings::resolve(&server, &args.server, &args.model)?,
            format: format_choice(args, format)?,
            explain: args.explain,
            timings: args.timings,
        })
    }
}

/// `--format[=NAME]` and `--no-format` over xlate.toml's `format`.
fn format_choice(
    args: &TranslateArgs,
    file: Option<crate::format::FormatChoice>,
) -> anyhow::Result<crate::format::FormatChoice> {
    use crate::format::FormatChoice;
    if args.no_format {
        return Ok(FormatChoice::Off);
    }
    match args.format.as_deref() {
        None => Ok(file.unwrap_or_default()),
        Some("auto") => Ok(FormatChoice::On(Vec::new())),
        Some(name) => Ok(FormatChoice::On(vec![name
            .parse()
            .map_err(|e: String| anyhow::anyhow!("--format: {e}"))?])),
    }
}

/// Runs the command line and returns the process's exit code.
pub fn main() -> ExitCode {
    quiet_library_backtraces();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Translate(args) => translate(&args),
        Command::Units(args) => list_units(&args),
        Command::Eval(args) => run_eval(&args),
        Command::Mutants(args) => run_mutants(&args),
        Command::Report(ReportCommand::Merge(args)) => merge_reports(&args),
        Command::Review(args) => review(&args),
        Command::Explain(args) => explain(&args),
        Command::Model(command) => crate::model::cli::run(&command),
        Command::Completions(args) => print_completions(&args),
        Command::Man(args) => man_pages(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // The reader went away (`xlate units DIR | head`): nothing is wrong
        // that anyone could act on. Exit quietly and successfully, as
        // ripgrep and the programs that die of SIGPIPE appear to.
        Err(err) if is_broken_pipe(&err) => ExitCode::from(EXIT_OK),
        Err(err) => {
            // `{:#}`: the message and its causes on one line, never a
            // backtrace (those are `{:?}`'s).
            eprintln!("xlate: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// Regression: with `RUST_BACKTRACE=1` set, a malformed GGUF file printed a
/// Rust backtrace inside its message, because candle (like anyhow) captures
/// one into its errors whenever that variable asks, and candle's message
/// includes it. An error about the user's input is a message. Std reads
/// `RUST_LIB_BACKTRACE` before `RUST_BACKTRACE` for captured backtraces,
/// while panics (xlate's bugs, where a backtrace helps) read only
/// `RUST_BACKTRACE`: setting the first to 0 keeps panics' backtraces and
/// drops the errors' ones. A value the user set is left alone.
fn quiet_library_backtraces() {
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        // Safe to set here: nothing has started a thread yet.
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
}

/// Whether `err` comes from writing to a pipe whose reader has closed it.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause
                .downcast_ref::<serde_json::Error>()
                .is_some_and(|e| e.io_error_kind() == Some(std::io::ErrorKind::BrokenPipe))
    })
}

/// `xlate completions SHELL`. Generated into memory first: the generator
/// panics on a failed write, and a closed pipe is not a bug.
fn print_completions(args: &CompletionsArgs) -> anyhow::Result<u8> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "xlate", &mut script);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&script)?;
    stdout.flush()?;
    Ok(EXIT_OK)
}

/// `xlate man [--out DIR]`.
fn man_pages(args: &ManArgs) -> anyhow::Result<u8> {
    let command = <Cli as clap::CommandFactory>::command();
    let Some(dir) = &args.out else {
        let mut page = Vec::new();
        clap_mangen::Man::new(command).render(&mut page)?;
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&page)?;
        stdout.flush()?;
        return Ok(EXIT_OK);
    };
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    let mut stdout = std::io::stdout().lock();
    for (name, page) in man_page_list(command)? {
        let path = dir.join(format!("{name}.1"));
        emit::write_atomic(&path, &page)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        writeln!(stdout, "{}", path.display())?;
    }
    Ok(EXIT_OK)
}

/// The pages of a command and its visible subcommands, nested ones
/// included, each named as `man` looks it up: `xlate`, `xlate-translate`,
/// `xlate-report-merge`.
fn man_page_list(command: clap::Command) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    fn add(
        command: clap::Command,
        name: String,
        pages: &mut Vec<(String, Vec<u8>)>,
    ) -> std::io::Result<()> {
        let subcommands: Vec<clap::Command> = command
            .get_subcommands()
            .filter(|sub| !sub.is_hide_set() && sub.get_name() != "help")
            .cloned()
            .collect();
        let mut page = Vec::new();
        // The page's title is its file's name; the usage line it shows
        // needs the full command too. clap takes owned names only with its
        // `string` feature; leaking a few short names in a command that
        // prints and exits costs less than building clap twice.
        let title: &'static str = Box::leak(name.clone().into_boxed_str());
        let command = command.name(title).bin_name(name.replace('-', " "));
        clap_mangen::Man::new(command).render(&mut page)?;
        pages.push((name.clone(), page));
        for sub in subcommands {
            let sub_name = format!("{name}-{}", sub.get_name());
            add(sub, sub_name, pages)?;
        }
        Ok(())
    }
    let mut pages = Vec::new();
    add(command, "xlate".to_string(), &mut pages)?;
    Ok(pages)
}

/// Why a path given on the command line cannot be read, in the words of the
/// problem: `exists()` is false for a symbolic link loop and for a link to
/// nothing, and "no such file or directory" sent people looking for a file
/// that is there.
/// The copy of the source tree the differential harness runs source
/// modules in, under `--verify test` (see `verify::tree::SourceCopy`). A
/// copy that cannot be made is said once; each source module then runs
/// alone, as before there was a copy.
fn source_copy(
    src: &Path,
    level: crate::verify::VerifyLevel,
) -> Option<std::sync::Arc<crate::verify::tree::SourceCopy>> {
    if level != crate::verify::VerifyLevel::Test {
        return None;
    }
    match crate::verify::tree::SourceCopy::new(src) {
        Ok(copy) => {
            if copy.left_out > 0 {
                eprintln!(
                    "note: {} files of {} were not copied for testing (the copy's limits); modules that import them are not tested",
                    copy.left_out,
                    src.display()
                );
            }
            Some(std::sync::Arc::new(copy))
        }
        Err(e) => {
            eprintln!(
                "note: cannot copy {} to test its modules in their tree ({e}); each runs alone",
                src.display()
            );
            None
        }
    }
}

fn check_given_path(path: &Path) -> anyhow::Result<()> {
    let err = match std::fs::metadata(path) {
        Ok(_) => return Ok(()),
        Err(err) => err,
    };
    let shown = path.display();
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if err.raw_os_error() == Some(libc::ELOOP) {
        bail!("{shown}: symbolic link loop (the link leads back to itself)");
    }
    if err.kind() == std::io::ErrorKind::NotFound {
        if is_link {
            bail!("{shown}: broken symbolic link (its target does not exist)");
        }
        bail!("{shown}: no such file or directory");
    }
    bail!("{shown}: {err}");
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
    // Before the output directory is touched: nothing to explain with.
    if config.explain && crate::explain::unconfigured(&config.engine, &config.model, &config.server)
    {
        bail!("--explain: {}", crate::explain::NO_EXPLAINER);
    }
    let writes_nothing = config.dry_run || config.check;
    // Before any engine is built (a model takes seconds to load) and before
    // any unit is translated: an output directory that cannot be used ends
    // the run now, with exit 2.
    let previous = Report::read_from(&config.out);
    let out = OutputDir::open(&config.out, &config.src, config.force, writes_nothing)?;
    if out.swept() > 0 && config.verbosity > Verbosity::Quiet {
        eprintln!(
            "xlate: removed {} temporary files left in {} by a run that was killed",
            out.swept(),
            config.out.display()
        );
    }
    let server = engine::ServerSettings {
        stop: Some(&STOP),
        ..config.server.clone()
    };
    let engines = engine::build_with_server(&config.engine, &config.model, &server)?;
    if config.explain && crate::explain::explainer(&engines).is_none() {
        bail!("--explain: {}", crate::explain::NO_EXPLAINER);
    }
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
    let mut plan = pipeline::plan(&config.src, &config.settings, &engines);
    select_plan(&mut plan, &config.selection);
    // What the engines of this run cannot translate is still written, as
    // `TODO(xlate)` blocks; the summary says once which engine would do it.
    let mut notes: Vec<String> = pipeline::unsupported_pairs(&plan, &engines, config.settings.to)
        .into_iter()
        .map(|(from, to)| {
            format!(
                "no engine of this run ({}) translates {from} to {to}: those units are \
                 TODO(xlate) blocks; {}",
                engines
                    .iter()
                    .map(|e| e.name())
                    .collect::<Vec<_>>()
                    .join(", "),
                engine::who_translates(from, to)
            )
        })
        .collect();
    // A toolchain missing for --verify: said once, in the summary's notes,
    // not once a file.
    notes.extend(pipeline::verification_notes(&plan, &config.settings));
    // Which CPU kernels the model ran on (`--cpu`, `XLATE_CPU`): answers can
    // differ between paths in the last bits of the logits.
    if engines.iter().any(|e| e.name() == "model") {
        notes.push(format!("the model ran on {}", crate::model::kernels()));
    }
    // No output may land inside the source, whatever the paths look like:
    // checked for every planned output before the first unit, and again on
    // every write.
    let copies = plan.others.iter().filter(|_| config.copy_other);
    for rel in plan
        .jobs
        .iter()
        .map(|job| &job.output)
        .chain(copies.map(|(file, _)| &file.rel))
    {
        out.guard(&config.out.join(rel))?;
    }
    if let Some(path) = &config.summary_md {
        out.guard(path)?;
    }
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
    let formatting =
        crate::format::Formatting::resolve(&config.format, config.settings.to, &config.out);
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
        progress.set_activity(engine::activity(&engines));
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
                format: Some(&formatting),
            },
            &config.engine,
            &on_event,
        )
    });
    progress.finish();
    warn_cache_not_written(&report.cache);
    report.formatter = formatting.label();
    // Said once: the summary prints the run's notes; under --quiet, which
    // has no summary, the notice is printed here instead (like the cache's).
    for notice in formatting.notices() {
        if config.verbosity == Verbosity::Quiet {
            eprintln!("xlate: {notice}");
        }
        notes.push(notice.to_string());
    }
    let interrupted = !report.interrupted.is_empty();
    if let Some(previous) = &previous {
        incremental::keep_previous_entries(&mut report, previous);
    }
    let stale = previous
        .clone()
        .map(|p| incremental::stale_outputs(p, &plan, &config.selection, &report))
        .unwrap_or_default();
    let pruned = incremental::settle_stale(&config.out, stale, config.prune && !writes_nothing);
    if config.verbosity > Verbosity::Quiet {
        for file in &pruned.removed {
            eprintln!(
                "removed {} (its source {} is gone)",
                file.output, file.source
            );
        }
    }
    for (file, reason) in &pruned.refused {
        eprintln!("{}: not removed: {reason}", file.output);
    }
    if config.verbosity > Verbosity::Quiet || config.check {
        for file in &pruned.listed {
            eprintln!(
                "stale: {} (its source {} is gone or no longer selected; --prune removes it)",
                file.output, file.source
            );
        }
    }
    report.stale = pruned.still_stale();
    report.notes = notes;
    // What the project table could not follow, each naming its file and
    // line (import cycles, missing modules, star and dynamic imports).
    if config.verbosity > Verbosity::Quiet {
        for message in &report.project {
            eprintln!("{message}");
        }
    }
    report.compute_totals();

    if let Some(path) = &config.summary_md {
        emit::write_atomic(path, crate::summary::markdown(&report).as_bytes())
            .with_context(|| format!("{}: cannot write the summary", path.display()))?;
    }
    if config.check {
        let mut changed = changed.into_inner().unwrap_or_default();
        changed.extend(
            report
                .scaffold
                .iter()
                .filter(|s| s.would_change)
                .map(|s| s.output.clone()),
        );
        if config.copy_other {
            changed.extend(incremental::changed_copies(&plan, &config.out));
        }
        changed.sort();
        let verdict = incremental::CheckVerdict {
            changed,
            stale: report.stale.len(),
            file_errors: report.totals.file_errors,
        };
        for path in &verdict.changed {
            eprintln!("would change: {path}");
        }
        // Outputs written through another formatter (or none) differ for
        // that reason alone: say it, or the list above looks like a bug.
        if let Some(previous) = previous.as_ref().filter(|_| !verdict.changed.is_empty()) {
            if previous.formatter != report.formatter {
                let name = |f: &Option<String>| f.clone().unwrap_or_else(|| "no formatter".into());
                eprintln!(
                    "note: the outputs were formatted with {}, this run formats with {}",
                    name(&previous.formatter),
                    name(&report.formatter)
                );
            }
        }
        if interrupted {
            return Ok(EXIT_INTERRUPTED);
        }
        if verdict.up_to_date() {
            if config.verbosity > Verbosity::Quiet {
                eprintln!("up to date: {} files", report.files.len());
            }
            return Ok(EXIT_OK);
        }
        eprintln!(
            "not up to date: {} outputs would change, {} stale, {} file errors",
            verdict.changed.len(),
            verdict.stale,
            verdict.file_errors
        );
        return Ok(EXIT_FAILURES);
    }
    if config.timings {
        report.timings = true;
    } else {
        report.clear_timings();
    }
    crate::review::prepare_report(&mut report, &config.src, previous.as_ref());
    if config.explain && !config.dry_run {
        explain_run(&mut report, &config, &engines, cache.as_ref(), &pool);
    }
    out.write_report(&report)
        .context("cannot write the report")?;
    if !config.dry_run {
        if let Err(err) = crate::review::write_page(out.root(), &report, previous.as_ref()) {
            eprintln!("xlate: no review page: {err}");
        }
    }
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

/// `translate --explain`: explanations into the report, after the run (a
/// unit is explained whatever became of its translation: a reviewer reads
/// failed ones too).
fn explain_run(
    report: &mut Report,
    config: &TranslateConfig,
    engines: &[Box<dyn engine::Engine>],
    cache: Option<&Cache>,
    pool: &rayon::ThreadPool,
) {
    let Some(engine) = crate::explain::explainer(engines) else {
        return;
    };
    let explainer = crate::explain::Explainer::new(engine, cache);
    let root = PathBuf::from(
        report
            .source_root
            .clone()
            .unwrap_or_else(|| crate::review::source_root_of(&config.src)),
    );
    let (failed, first) = pool.install(|| {
        crate::explain::explain_report(
            report,
            &root,
            &explainer,
            config.settings.split,
            config.settings.max_file_size,
        )
    });
    if failed > 0 {
        report.notes.push(format!(
            "--explain: {failed} units not explained (first: {})",
            first.unwrap_or_default()
        ));
    }
    report.explanations = Some(explainer.stats());
}

/// `xlate explain PATH`.
fn explain(args: &ExplainArgs) -> anyhow::Result<u8> {
    check_given_path(&args.path)?;
    if args.jobs == Some(0) {
        bail!("--jobs must be at least 1");
    }
    let loaded = if args.no_config {
        None
    } else {
        match args.config.clone().or_else(|| config::find(&args.path)) {
            Some(path) => Some(Loaded::read(&path)?),
            None => None,
        }
    };
    let file = loaded.map(|l| l.file).unwrap_or_default();
    let model = crate::model::ModelArgs {
        model: args.model.model.clone().or(file.model.model),
        batch: args.model.batch.or(file.model.batch),
        ..args.model.clone()
    };
    let server = engine::ServerSettings::resolve(&file.server, &args.server, &args.model)?;
    // `scripted`, for tests, is not named.
    if !["auto", "model", "server", "scripted"].contains(&args.engine.as_str()) {
        bail!(
            "--engine {}: explanations come from `model` or `server` (or `auto`)",
            args.engine
        );
    }
    if crate::explain::unconfigured(&args.engine, &model, &server) {
        bail!("{}", crate::explain::NO_EXPLAINER);
    }
    let engines = engine::build_with_server(&args.engine, &model, &server)?;
    let Some(engine) = crate::explain::explainer(&engines) else {
        bail!("{}", crate::explain::NO_EXPLAINER);
    };
    let cache = if args.no_cache {
        None
    } else {
        let dir = match args.cache.clone().or(file.cache) {
            Some(dir) => dir,
            None => Cache::default_dir()?,
        };
        match Cache::open(&dir) {
            Ok(cache) => Some(cache),
            Err(err) => {
                eprintln!("xlate: running without the cache: {err}");
                None
            }
        }
    };
    let explainer = crate::explain::Explainer::new(engine, cache.as_ref());
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let pool = depth::engine_pool(pipeline::workers(jobs, &engines))
        .context("cannot start worker threads")?;
    let split = SplitOptions {
        split_classes_over: file
            .split_classes_over
            .unwrap_or(DEFAULT_SPLIT_CLASSES_OVER),
    };
    let max_size = file.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE);
    let files =
        pool.install(|| crate::explain::explain_tree(&args.path, &explainer, split, max_size));
    let stats = explainer.stats();
    warn_cache_not_written(&stats);
    let text = if args.json {
        let mut json = serde_json::to_vec_pretty(&serde_json::json!({
            "engine": engine.name(),
            "files": files,
            "cache": stats,
        }))?;
        json.push(b'\n');
        json
    } else {
        crate::explain::markdown(&files).into_bytes()
    };
    match &args.out {
        Some(path) => emit::write_atomic(path, &text)
            .with_context(|| format!("{}: cannot write", path.display()))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(&text)?;
            stdout.flush()?;
        }
    }
    let units: Vec<_> = files.iter().flat_map(|f| &f.units).collect();
    let failed = units.iter().filter(|u| u.explanation.is_none()).count()
        + files.iter().filter(|f| f.error.is_some()).count();
    eprintln!(
        "explained {} units of {} files ({} not explained); cache: {} hits, {} misses, {} engine calls",
        units.len() - units.iter().filter(|u| u.explanation.is_none()).count(),
        files.len(),
        failed,
        stats.hits,
        stats.misses,
        stats.engine_calls
    );
    Ok(if failed > 0 { EXIT_FAILURES } else { EXIT_OK })
}

/// Regression: a cache that could not be written (read-only, full, owned by
/// another user) was silent, so every CI run paid for every translation
/// again without anyone knowing why. Said once, whatever the verbosity, and
/// after the progress bar is gone; the count is in the summary and report.
fn warn_cache_not_written(cache: &crate::report::CacheStats) {
    if let Some(why) = &cache.store_error {
        eprintln!("xlate: {why}; translations of this run are not cached");
    }
}

/// Leaves out of a plan the files the selection (globs, shard) does not take.
fn select_plan(plan: &mut Plan, selection: &Selection) {
    let take = |rel: &Path| selection.contains(&emit::slash_path(rel));
    plan.jobs.retain(|job| take(&job.file.rel));
    plan.others.retain(|(file, _)| take(&file.rel));
    plan.errors.retain(|error| selection.contains(&error.path));
}

fn review(args: &ReviewArgs) -> anyhow::Result<u8> {
    let mut report = crate::review::read_report(&args.out)?;
    let previous = match &args.previous {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
            Some(
                serde_json::from_slice::<Report>(&bytes)
                    .with_context(|| format!("{}: not an xlate report", path.display()))?,
            )
        }
        None => None,
    };
    if let Some(marks) = &args.import {
        let count = crate::review::import_marks(&mut report, marks)?;
        let mut json = serde_json::to_vec_pretty(&report)?;
        json.push(b'\n');
        let path = args.out.join(crate::report::REPORT_FILE);
        emit::write_atomic(&path, &json)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        eprintln!("xlate: {count} reviewed units read into the report");
    }
    let path = crate::review::write_page(&args.out, &report, previous.as_ref())?;
    eprintln!("review page: {}", path.display());
    Ok(EXIT_OK)
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
    let server = engine::ServerSettings::resolve(&Default::default(), &args.server, &args.model)?;
    let engines = engine::build_with_server(&config.engine, &args.model, &server)?;
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

fn run_mutants(args: &MutantsArgs) -> anyhow::Result<u8> {
    if args.jobs == Some(0) {
        bail!("--jobs must be at least 1");
    }
    if args.timeout == 0 {
        bail!("--timeout must be at least 1 second");
    }
    if args.max_mutants == 0 {
        bail!("--max-mutants must be at least 1");
    }
    let tasks = match &args.tasks {
        Some(list) => Some(eval::bench::TaskList::parse(list).map_err(anyhow::Error::msg)?),
        None => None,
    };
    let corpus = match (&args.bench, &args.tree) {
        (Some(dir), _) if !dir.is_dir() => bail!("{}: not a benchmark directory", dir.display()),
        (Some(dir), _) => crate::mutants::Corpus::Bench {
            dir: dir.clone(),
            tasks,
        },
        (None, Some(root)) => {
            check_given_path(root)?;
            crate::mutants::Corpus::Tree(root.clone())
        }
        // clap requires one of the two.
        (None, None) => bail!("give --bench or --tree"),
    };
    let mut mutate = crate::mutants::MutateOptions {
        cap: args.max_mutants,
        ..Default::default()
    };
    let mut diff = crate::verify::differential::DiffSettings {
        time_limit: std::time::Duration::from_secs(args.timeout),
        ..Default::default()
    };
    if let Some(seed) = args.seed {
        mutate.seed = seed;
        diff.seed = seed;
    }
    let config = crate::mutants::MutantsConfig {
        corpus,
        from: args.from,
        to: args.to,
        engine: args.engine.clone(),
        jobs: args
            .jobs
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())),
        timeout: std::time::Duration::from_secs(args.timeout),
        cache: args
            .cache_dir
            .clone()
            .unwrap_or_else(EvalConfig::default_cache),
        mutate,
        diff,
    };
    let engines = engine::build(&config.engine)?;
    // One line per unit as it finishes, so a long run shows it is alive.
    let on_unit = |unit: &crate::mutants::UnitResult| {
        let rejected = unit.mutants.iter().filter(|m| m.rejected()).count();
        eprintln!(
            "{}: {rejected}/{} mutants rejected ({:.1} s)",
            unit.label,
            unit.mutants.len(),
            unit.seconds
        );
    };
    let report = crate::mutants::run(
        &config,
        &engines,
        &crate::verify::differential::differential,
        &on_unit,
    )?;
    print!("{}", report.render());
    if let Some(path) = &args.json {
        report
            .write_json(path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let summary = &report.summary;
    let under = args
        .fail_under
        .is_some_and(|floor| 100.0 * summary.total.kill_rate_non_equivalent < floor);
    Ok(
        if under || summary.false_alarms > 0 && args.fail_under.is_some() {
            EXIT_FAILURES
        } else {
            EXIT_OK
        },
    )
}

fn list_units(args: &UnitsArgs) -> anyhow::Result<u8> {
    check_given_path(&args.path)?;
    let options = SplitOptions {
        split_classes_over: args.split_classes_over,
    };
    let (results, errors) = pipeline::split_tree(&args.path, options, args.max_file_size);
    let mut failed = false;
    let mut files = Vec::new();
    for error in &errors {
        let path = emit::slash_path(&error.path);
        eprintln!("{}: {}", escape_field(&path), error.reason);
        files.push(UnitsFile::failed(path, None, &error.reason));
        failed = true;
    }
    for result in results {
        match result.split {
            Ok(split) => files.push(UnitsFile::new(&result.file.rel, result.lang, &split)),
            Err(reason) => {
                let path = emit::slash_path(&result.file.rel);
                eprintln!("{}: {reason}", escape_field(&path));
                files.push(UnitsFile::failed(path, Some(result.lang), &reason));
                failed = true;
            }
        }
    }
    // Regression: `--json` left out the files that could not be split, so
    // a tool reading it took an unreadable file for one with no units.
    files.sort_by(|a, b| a.path.cmp(&b.path));
    // Stdout flushes at every line break; a tree's listing is tens of
    // thousands of lines, which unbuffered cost one write(2) each.
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &files)?;
        writeln!(stdout)?;
    } else {
        for file in &files {
            file.print(&mut stdout)?;
        }
    }
    stdout.flush()?;
    Ok(if failed { EXIT_FAILURES } else { EXIT_OK })
}

/// A file as `xlate units` shows it.
#[derive(serde::Serialize)]
struct UnitsFile {
    path: String,
    /// None for a path the walk could not list (its language is unknown).
    #[serde(skip_serializing_if = "Option::is_none")]
    lang: Option<Lang>,
    units: Vec<UnitsEntry>,
    /// The first syntax error anywhere in the file, glue included.
    first_error: Option<units::Position>,
    /// Why the file could not be read or split (its units are then empty);
    /// the same line goes to standard error.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// A path as a field of a tab-separated line. Regression: a newline (or a
/// tab) in a file name split one unit's line in two, so `cut` and `awk`
/// read a unit that does not exist. Backslash, tab, newline and carriage
/// return are written as `\\`, `\t`, `\n` and `\r`, the escapes of the
/// IANA tab-separated format that `mlr` and others read.
fn escape_field(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['\\', '\t', '\n', '\r']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
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
            lang: Some(lang),
            units: split.units().map(UnitsEntry::new).collect(),
            first_error: split.first_error,
            error: None,
        }
    }

    fn failed(path: String, lang: Option<Lang>, reason: &str) -> UnitsFile {
        UnitsFile {
            path,
            lang,
            units: Vec::new(),
            first_error: None,
            error: Some(reason.to_string()),
        }
    }

    /// The file's lines; nothing for a file that failed, which standard
    /// error has already named.
    fn print(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let path = escape_field(&self.path);
        for unit in &self.units {
            unit.print(out, &path, "")?;
        }
        if let Some(error) = self.first_error {
            if self.units.iter().all(|u| u.error.is_none()) {
                writeln!(out, "{path}: syntax error at {error} (outside any unit)")?;
            }
        }
        Ok(())
    }
}
