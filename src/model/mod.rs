//! A code LLM run inside the process with candle: finding and loading the
//! model (GGUF or safetensors, local or from the Hugging Face cache), its
//! tokenizer and chat template, our own forward pass with its own key-value
//! cache, decoding, and the `xlate model` commands. The engine that turns
//! units into prompts and answers into candidates is `engine::model`.

#[cfg(target_arch = "x86_64")]
mod band_avx2;
#[cfg(target_arch = "x86_64")]
mod band_i16;
pub mod bench;
pub mod bf16;
pub mod cli;
pub mod cpu;
pub mod dequant;
pub mod forward;
pub mod generate;
mod layout;
pub mod load;
pub mod matvec;
mod pages;
#[cfg(test)]
mod reference;
pub mod sample;
pub mod spm;
pub mod template;
pub mod threads;
pub mod tiny;
pub mod tokenizer;
mod unpack;

use std::path::PathBuf;

pub use forward::{Arch, Config, KvCache, Model};
pub use generate::{generate, Decoder, Generated, StopReason, StopRule};
pub use load::{load, load_weights, resolve, Loaded, ModelSource, ResolvedModel};
pub use sample::Sampling;
pub use template::{ChatTemplate, Message};
pub use tokenizer::Tokenizer;

/// The model a user gets without `--model`: small enough for a laptop's CPU,
/// good enough at code. About 1.1 GB on disk.
pub const DEFAULT_MODEL: &str =
    "hf:Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:qwen2.5-coder-1.5b-instruct-q4_k_m.gguf";

/// Why a model could not be found, loaded or run. Each message names the
/// file it is about, and what to do where there is something to do.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("{}: {message}", path.display())]
    File { path: PathBuf, message: String },
    #[error("{}: unsupported model: {what}", path.display())]
    Unsupported { path: PathBuf, what: String },
    /// A hub model that is not in the local cache; the message says what to
    /// download and where it goes.
    #[error("{0}")]
    NotCached(String),
    #[error("{0}")]
    Spec(String),
    #[error("model computation failed: {0}")]
    Candle(#[from] candle_core::Error),
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    #[error("chat template: {0}")]
    Template(String),
}

impl ModelError {
    pub(crate) fn file(path: impl Into<PathBuf>, message: impl std::fmt::Display) -> ModelError {
        ModelError::File {
            path: path.into(),
            message: message.to_string(),
        }
    }

    pub(crate) fn unsupported(path: impl Into<PathBuf>, what: impl Into<String>) -> ModelError {
        ModelError::Unsupported {
            path: path.into(),
            what: what.into(),
        }
    }
}

/// The model engine's options, as given on the command line.
#[derive(clap::Args, Clone, Debug)]
pub struct ModelArgs {
    /// The model: a GGUF file, a directory (safetensors with config.json and
    /// tokenizer.json, or one GGUF file), or `hf:ORG/REPO[:FILE]` from the
    /// Hugging Face cache. Never downloads. Default for `--engine model`:
    /// Qwen2.5-Coder-1.5B-Instruct Q4_K_M from the cache; `--engine auto`
    /// uses a model only when one is given. (xlate.toml: [model] model)
    #[arg(long, value_name = "MODEL")]
    pub model: Option<String>,
    /// Candidates per unit. 1 decodes greedily; more samples them with
    /// `--seed`, `--temperature` and `--top-p`, and the best by mean
    /// log-probability that passes the checks wins. 1 to 64.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = parse_candidates)]
    pub candidates: usize,
    /// Seed for sampling; the same seed gives the same candidates.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Sampling temperature, when `--candidates` is more than 1 (0 to 100;
    /// 0 decodes greedily).
    // Negative numbers read as values, so that `-1` gets the range's
    // message rather than "unexpected argument".
    #[arg(
        long,
        value_name = "T",
        default_value_t = 0.7,
        value_parser = parse_temperature,
        allow_negative_numbers = true
    )]
    pub temperature: f64,
    /// Nucleus sampling: keep the most likely tokens up to this probability
    /// mass (more than 0, at most 1).
    #[arg(long, value_name = "P", default_value_t = 0.95, value_parser = parse_top_p)]
    pub top_p: f64,
    /// Times to re-prompt with the parser's errors when no candidate passes.
    #[arg(long, value_name = "R", default_value_t = 1)]
    pub repair_rounds: usize,
    /// Threads for the model's computation (every pool candle uses).
    /// Default: the number of physical cores. 1 to 1024.
    #[arg(long, value_name = "N", value_parser = parse_threads)]
    pub threads: Option<usize>,
    /// Upper bound on generated tokens per unit; the bound used is derived
    /// from the unit's size, and never exceeds this.
    #[arg(long, value_name = "N", default_value_t = 2048, value_parser = parse_max_new_tokens)]
    pub max_new_tokens: usize,
    /// Sequences (candidates of units in flight) decoded together, 1 to 16:
    /// a decoding step reads every weight once however many sequences it
    /// advances. The output is the same for every value. Default: 4.
    /// (xlate.toml: [model] batch)
    #[arg(long, value_name = "N", value_parser = parse_batch)]
    pub batch: Option<usize>,
    /// The CPU kernels to use: avx512, avx2 or generic (candle's). Default:
    /// `XLATE_CPU`, else the best this CPU runs. A path the CPU lacks is
    /// refused.
    #[arg(long, value_name = "PATH", value_parser = cpu::parse)]
    pub cpu: Option<cpu::CpuPath>,
}

/// The values `--candidates` takes.
pub const CANDIDATES: std::ops::RangeInclusive<usize> = 1..=64;
/// The values `--batch` (and xlate.toml's `[model] batch`) take: a
/// decoding step holds at most [`forward::MAX_BATCH`] sequences.
pub const BATCH: std::ops::RangeInclusive<usize> = 1..=forward::MAX_BATCH;
/// The values `--threads` takes.
pub const THREADS: std::ops::RangeInclusive<usize> = 1..=1024;
/// The values `--max-new-tokens` takes: a bound of 0 would end every answer
/// before it starts; above the largest context of a supported model it
/// means nothing.
pub const MAX_NEW_TOKENS: std::ops::RangeInclusive<usize> = 1..=131_072;

// Regression: `--batch 0`, `--batch 99`, `--top-p 7` and `--candidates 0`
// were accepted (and, with an engine that does not use the model, never
// checked at all). clap runs these parsers, so a value out of range is a
// usage error (exit 2) that names the range, whatever the engine.

/// A whole number in `range`; the message names the range.
pub fn count_in(text: &str, range: std::ops::RangeInclusive<usize>) -> Result<usize, String> {
    let (lo, hi) = (*range.start(), *range.end());
    let n: usize = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a whole number (valid: {lo} to {hi})"))?;
    if range.contains(&n) {
        Ok(n)
    } else {
        Err(format!("{n} is out of range (valid: {lo} to {hi})"))
    }
}

fn parse_candidates(text: &str) -> Result<usize, String> {
    count_in(text, CANDIDATES)
}

fn parse_batch(text: &str) -> Result<usize, String> {
    count_in(text, BATCH)
}

fn parse_threads(text: &str) -> Result<usize, String> {
    count_in(text, THREADS)
}

fn parse_max_new_tokens(text: &str) -> Result<usize, String> {
    count_in(text, MAX_NEW_TOKENS)
}

fn parse_top_p(text: &str) -> Result<f64, String> {
    let p: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number (valid: more than 0, at most 1)"))?;
    if p > 0.0 && p <= 1.0 {
        Ok(p)
    } else {
        Err(format!(
            "{p} is out of range (valid: more than 0, at most 1)"
        ))
    }
}

fn parse_temperature(text: &str) -> Result<f64, String> {
    let t: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number (valid: 0 to 100)"))?;
    // NaN fails both comparisons, so it is refused too.
    if (0.0..=100.0).contains(&t) {
        Ok(t)
    } else {
        Err(format!("{t} is out of range (valid: 0 to 100)"))
    }
}

impl Default for ModelArgs {
    /// The same values as the command line's defaults.
    fn default() -> Self {
        ModelArgs {
            model: None,
            candidates: 1,
            seed: 0,
            temperature: 0.7,
            top_p: 0.95,
            repair_rounds: 1,
            threads: None,
            max_new_tokens: 2048,
            batch: None,
            cpu: None,
        }
    }
}

/// Bumped whenever a kernel's arithmetic changes, so cached model answers
/// computed with the old one are not reused.
pub const KERNELS_VERSION: u32 = 6;

/// The kernels the model runs with on the active CPU path (see [`cpu`]),
/// for the engine's fingerprint, the report and `xlate model bench`:
/// greedy answers can differ in the last bits between the bf16 and f32
/// prefill, and between our decode kernels and candle's.
pub fn kernels() -> String {
    let path = cpu::active();
    format!(
        "kernels v{KERNELS_VERSION} cpu {path} prefill {} decode {}",
        if path == cpu::CpuPath::Generic {
            "candle"
        } else if bf16::available() {
            "bf16"
        } else if path == cpu::CpuPath::Avx2 {
            "int16 q8_0 q5_0 f32"
        } else {
            "f32 gemm"
        },
        matvec::name(),
    )
}

/// Sequences decoded together without `--batch`; see the README's
/// "Batched decoding" for the measurement behind it.
pub const DEFAULT_BATCH: usize = 4;

impl ModelArgs {
    /// Sequences decoded together.
    pub fn batch(&self) -> usize {
        self.batch.unwrap_or(DEFAULT_BATCH)
    }

    /// The model to load: the one given, else [`DEFAULT_MODEL`].
    pub fn spec(&self) -> &str {
        self.model.as_deref().unwrap_or(DEFAULT_MODEL)
    }

    /// How candidates are drawn: greedily for one, sampled for more.
    pub fn sampling(&self) -> Sampling {
        if self.candidates <= 1 || self.temperature <= 0.0 {
            Sampling::Greedy
        } else {
            Sampling::TopP {
                temperature: self.temperature,
                top_p: self.top_p,
                seed: self.seed,
            }
        }
    }
}

#[cfg(test)]
mod model_tests;

/// Values spread over [-1, 1), the same on every run, for the kernels'
/// tests: `n` of them, shifted along the sequence by `salt`.
#[cfg(test)]
fn pseudo_random(n: usize, salt: usize) -> Vec<f32> {
    (0..n)
        .map(|i| (((i + salt) * 2654435761usize) % 1000) as f32 / 500.0 - 1.0)
        .collect()
}

/// A quantized tensor's values, dequantized and flattened, for the tests
/// that compare two tensors value by value.
#[cfg(test)]
fn dequantized(t: &candle_core::quantized::QTensor) -> Vec<f32> {
    t.dequantize(&candle_core::Device::Cpu)
        .and_then(|dense| dense.flatten_all())
        .and_then(|flat| flat.to_vec1::<f32>())
        .unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        model: ModelArgs,
    }

    #[test]
    fn defaults_match_the_command_line() {
        let parsed = Cli::parse_from(["xlate"]).model;
        let default = ModelArgs::default();
        assert_eq!(format!("{parsed:?}"), format!("{default:?}"));
        assert_eq!(parsed.sampling(), Sampling::Greedy);
    }

    #[test]
    fn the_kernels_named_are_the_ones_this_cpu_runs() {
        let named = kernels();
        assert_eq!(named.contains("prefill bf16"), bf16::available(), "{named}");
        assert_eq!(
            named.contains("decode vnni"),
            matvec::available() && cpu::active() == cpu::CpuPath::Avx512,
            "{named}"
        );
        assert!(named.contains(&format!("cpu {}", cpu::active())), "{named}");
    }

    /// Each path names itself and its kernels, so that answers cached on
    /// one path are not reused on another.
    #[test]
    fn every_path_names_different_kernels() {
        let named: Vec<String> = cpu::supported()
            .into_iter()
            .map(|p| cpu::with_path(p, kernels))
            .collect();
        for (i, a) in named.iter().enumerate() {
            for b in &named[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert!(
            named
                .iter()
                .any(|k| k.contains("cpu generic prefill candle decode candle")),
            "{named:?}"
        );
        if cpu::CpuPath::Avx2.supported() {
            assert!(
                named
                    .iter()
                    .any(|k| k.contains("cpu avx2 prefill int16 q8_0 q5_0 f32 decode avx2")),
                "{named:?}"
            );
        }
    }

    /// Regression: `--batch 0`, `--batch 99`, `--top-p 7` and `--candidates
    /// 0` were accepted.
    #[test]
    fn model_options_out_of_range_are_refused_naming_the_range() {
        for (args, range) in [
            (&["--batch", "0"][..], "valid: 1 to 16"),
            (&["--batch", "99"][..], "valid: 1 to 16"),
            (&["--candidates", "0"][..], "valid: 1 to 64"),
            (&["--top-p", "7"][..], "more than 0, at most 1"),
            (&["--top-p", "0"][..], "more than 0, at most 1"),
            (&["--temperature", "-1"][..], "valid: 0 to 100"),
            (&["--temperature", "NaN"][..], "valid: 0 to 100"),
            (&["--threads", "0"][..], "valid: 1 to 1024"),
            (&["--max-new-tokens", "0"][..], "valid: 1 to 131072"),
            (&["--batch", "x"][..], "not a whole number"),
        ] {
            let err = Cli::try_parse_from(std::iter::once("xlate").chain(args.iter().copied()))
                .err()
                .unwrap_or_else(|| panic!("{args:?} was accepted"));
            assert_eq!(err.exit_code(), 2, "{args:?}");
            let text = err.to_string();
            assert!(text.contains(range), "{args:?}: {text}");
            assert!(text.contains(args[0]), "{args:?}: {text}");
        }
        let ok = Cli::parse_from([
            "xlate",
            "--batch",
            "16",
            "--top-p",
            "1",
            "--candidates",
            "3",
        ]);
        assert_eq!(
            (ok.model.batch, ok.model.top_p, ok.model.candidates),
            (Some(16), 1.0, 3)
        );
    }

    #[test]
    fn several_candidates_are_sampled() {
        let args = Cli::parse_from(["xlate", "--candidates", "3", "--seed", "7"]).model;
        assert_eq!(
            args.sampling(),
            Sampling::TopP {
                temperature: 0.7,
                top_p: 0.95,
                seed: 7
            }
        );
    }
}
