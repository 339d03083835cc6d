//! `xlate model bench`: prefill and decode speed on token ids, so it runs on
//! any model file, one whose tokenizer is a placeholder included.

use std::time::Instant;

use super::forward::{KvCache, Model};
use super::sample::argmax;
use super::ModelError;

/// What to measure.
#[derive(Clone, Copy, Debug)]
pub struct BenchOptions {
    pub prompt_tokens: usize,
    pub gen_tokens: usize,
    pub repetitions: usize,
}

/// Tokens per second, each the mean over the repetitions.
#[derive(Clone, Copy, Debug)]
pub struct BenchResult {
    pub prefill: f64,
    pub decode: f64,
}

/// Prefills `prompt_tokens` ids in one forward pass, then decodes
/// `gen_tokens` one at a time after them, feeding back the greedy choice.
/// One short untimed run first packs the weights and touches their pages.
pub fn bench(model: &Model, options: BenchOptions) -> Result<BenchResult, ModelError> {
    let vocab = model.config.vocab;
    // Spread over the vocabulary, the same every run.
    let prompt: Vec<u32> = (0..options.prompt_tokens.max(1))
        .map(|i| ((i * 7919 + 13) % vocab) as u32)
        .collect();
    let capacity = prompt.len() + options.gen_tokens + 1;
    let mut warm = KvCache::new(&model.config, capacity)?;
    let logits = model.forward(&prompt[..prompt.len().min(8)], &mut warm)?;
    model.forward(&[argmax(&logits)], &mut warm)?;

    let repetitions = options.repetitions.max(1);
    let (mut prefill, mut decode) = (0.0, 0.0);
    for _ in 0..repetitions {
        let mut cache = KvCache::new(&model.config, capacity)?;
        let started = Instant::now();
        let mut logits = model.forward(&prompt, &mut cache)?;
        prefill += prompt.len() as f64 / started.elapsed().as_secs_f64();
        let started = Instant::now();
        for _ in 0..options.gen_tokens {
            logits = model.forward(&[argmax(&logits)], &mut cache)?;
        }
        decode += options.gen_tokens as f64 / started.elapsed().as_secs_f64();
    }
    Ok(BenchResult {
        prefill: prefill / repetitions as f64,
        decode: decode / repetitions as f64,
    })
}
