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
    /// Sequences decoded together (each after its own copy of the prompt);
    /// decode speed is then their tokens together per second.
    pub batch: usize,
}

/// Tokens per second, each the mean over the repetitions.
#[derive(Clone, Copy, Debug)]
pub struct BenchResult {
    pub prefill: f64,
    pub decode: f64,
}

/// Prefills `prompt_tokens` ids in one forward pass, then decodes
/// `gen_tokens` one at a time after them, feeding back the greedy choice;
/// with a batch of several, every sequence starts from the prefilled
/// prompt and they advance together. One short untimed run first packs the
/// weights and touches their pages.
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
        decode += if options.batch <= 1 {
            let started = Instant::now();
            for _ in 0..options.gen_tokens {
                logits = model.forward(&[argmax(&logits)], &mut cache)?;
            }
            options.gen_tokens as f64 / started.elapsed().as_secs_f64()
        } else {
            decode_batch(model, &cache, &logits, options)?
        };
    }
    Ok(BenchResult {
        prefill: prefill / repetitions as f64,
        decode: decode / repetitions as f64,
    })
}

/// Decode speed of `options.batch` sequences from the same prompt (its
/// cache and logits), advancing together: their tokens per second.
fn decode_batch(
    model: &Model,
    prompt: &KvCache,
    logits: &[f32],
    options: BenchOptions,
) -> Result<f64, ModelError> {
    let vocab = model.config.vocab as u32;
    let mut caches = (0..options.batch)
        .map(|_| prompt.fork())
        .collect::<candle_core::Result<Vec<_>>>()?;
    // Each sequence its own first token, so their paths differ.
    let mut tokens: Vec<u32> = (0..options.batch as u32)
        .map(|i| (argmax(logits) + i) % vocab)
        .collect();
    let started = Instant::now();
    for _ in 0..options.gen_tokens {
        let mut refs: Vec<&mut KvCache> = caches.iter_mut().collect();
        let all = model.forward_batch(&tokens, &mut refs)?;
        tokens = all.iter().map(|l| argmax(l)).collect();
    }
    Ok((options.batch * options.gen_tokens) as f64 / started.elapsed().as_secs_f64())
}
