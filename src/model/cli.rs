//! `xlate model`: the model engine's own commands.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, Subcommand};

use super::bench::{bench, BenchOptions};
use super::{cpu, kernels, load_weights, resolve, threads, tiny};
use crate::exit;

#[derive(Debug, Args)]
pub struct ModelCommand {
    #[command(subcommand)]
    pub command: ModelSubcommand,
}

#[derive(Debug, Subcommand)]
pub enum ModelSubcommand {
    /// Measure a model's prefill and decode speed, in tokens per second.
    /// Feeds token ids, so it needs no working tokenizer.
    Bench(BenchArgs),
    /// Write tiny random-weight models and their tokenizer into DIR, for
    /// tests.
    #[command(hide = true)]
    MakeTiny(MakeTinyArgs),
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    /// The model, as for `--model`.
    pub model: String,
    /// Tokens in the prompt, prefilled in one pass.
    #[arg(long, default_value_t = 128)]
    pub prompt_tokens: usize,
    /// Tokens decoded one by one after the prompt.
    #[arg(long, default_value_t = 64)]
    pub gen_tokens: usize,
    /// Threads (default: the number of physical cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Timed runs; the figures are their means.
    #[arg(long, default_value_t = 3)]
    pub repetitions: usize,
    /// Sequences decoded together, as the engine's `--batch`; decode is
    /// then their tokens together per second.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=16))]
    pub batch: u64,
    /// The CPU kernels, as the engine's `--cpu`: avx512, avx2 or generic.
    #[arg(long, value_name = "PATH", value_parser = cpu::parse)]
    pub cpu: Option<cpu::CpuPath>,
}

#[derive(Debug, Args)]
pub struct MakeTinyArgs {
    pub dir: PathBuf,
    /// Files or directories of text to train the tokenizer on, besides a
    /// built-in sample of code.
    #[arg(long)]
    pub corpus: Vec<PathBuf>,
}

pub fn run(command: &ModelCommand) -> anyhow::Result<u8> {
    match &command.command {
        ModelSubcommand::Bench(args) => run_bench(args),
        ModelSubcommand::MakeTiny(args) => {
            let written = tiny::write_all(&args.dir, &args.corpus)
                .with_context(|| format!("{}: cannot write the tiny models", args.dir.display()))?;
            for path in written {
                println!("{}", path.display());
            }
            Ok(exit::OK)
        }
    }
}

fn run_bench(args: &BenchArgs) -> anyhow::Result<u8> {
    if let Some(n) = args.threads {
        threads::configure(n).map_err(anyhow::Error::msg)?;
    }
    cpu::select(args.cpu)?;
    let resolved = resolve(&args.model)?;
    let (model, info) = load_weights(&resolved)?;
    let pool = threads::pool().map_err(anyhow::Error::msg)?;
    let options = BenchOptions {
        prompt_tokens: args.prompt_tokens,
        gen_tokens: args.gen_tokens,
        repetitions: args.repetitions,
        batch: args.batch as usize,
    };
    let result = pool.install(|| bench(&model, options))?;
    println!("model: {}", info.name);
    println!("format: {}", info.format);
    println!("threads: {}", threads::current());
    if args.batch > 1 {
        println!("batch: {}", args.batch);
    }
    println!("prefill: {:.1} tok/s", result.prefill);
    println!("decode: {:.1} tok/s", result.decode);
    println!("kernels: {}", kernels());
    Ok(exit::OK)
}
