//! The model engine: a local code LLM (see [`crate::model`]) prompted once
//! per unit. One candidate is decoded greedily; several are sampled from one
//! prefill of the prompt, each scored by its mean log-probability; a repair
//! round shows the model the parser's complaint about its best answer.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use super::{Candidate, Engine, EngineError, Translation, TranslationRequest};
use crate::lang::Lang;
use crate::model::sample::Sampler;
use crate::model::{
    self, generate, prompt, threads, KvCache, Loaded, Message, ModelArgs, ModelError, StopRule,
};
use crate::verify::Rejected;

pub struct ModelEngine {
    loaded: Loaded,
    args: ModelArgs,
    fingerprint: String,
    /// One translation at a time: the model uses every thread already, and
    /// the barrier pool under candle's kernels serves one caller at a time.
    busy: Mutex<()>,
    /// The pool the model's float matmuls (gemm over rayon) run on, sized by
    /// `--threads`, whatever pool the pipeline calls us from.
    pool: rayon::ThreadPool,
    /// The key-value caches of prompt prefixes every unit shares (the chat
    /// template's opening and the system message, one per language pair),
    /// keyed by their token ids: computed once per run, forked per prompt.
    prefixes: Mutex<HashMap<Vec<u32>, KvCache>>,
    /// Off only to show, in tests, that reuse changes no output.
    reuse_prefixes: bool,
    /// Prompts seen and prefill tokens skipped thanks to [`Self::prefixes`].
    prompts: AtomicUsize,
    tokens_saved: AtomicUsize,
}

/// What prompt-prefix reuse saved over a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrefixStats {
    pub prompts: usize,
    /// Prefill tokens not computed because a cached prefix covered them.
    pub tokens_saved: usize,
}

impl Drop for ModelEngine {
    /// One line on what prefix reuse saved, once the run is over.
    fn drop(&mut self) {
        let stats = self.prefix_stats();
        if stats.tokens_saved > 0 {
            eprintln!(
                "xlate: model: reused a shared prompt prefix: {} prefill tokens saved over {} \
                 prompts ({:.1} per prompt)",
                stats.tokens_saved,
                stats.prompts,
                stats.tokens_saved as f64 / stats.prompts as f64
            );
        }
    }
}

impl From<ModelError> for EngineError {
    fn from(e: ModelError) -> Self {
        EngineError(e.to_string())
    }
}

impl ModelEngine {
    /// Finds and loads the model `args` name, sizing the thread pools first.
    pub fn new(args: &ModelArgs) -> Result<ModelEngine, EngineError> {
        if let Some(n) = args.threads {
            threads::configure(n).map_err(EngineError)?;
        }
        if args.candidates == 0 {
            return Err(EngineError("--candidates must be at least 1".into()));
        }
        if !(args.top_p > 0.0 && args.top_p <= 1.0) {
            return Err(EngineError("--top-p must be in (0, 1]".into()));
        }
        let resolved = model::resolve(args.spec())?;
        let loaded = model::load(&resolved)?;
        if let Some(reason) = loaded.template.fallback_reason() {
            eprintln!(
                "xlate: {}: {reason}; using ChatML",
                resolved.path().display()
            );
        }
        let pool = threads::pool().map_err(EngineError)?;
        let fingerprint = fingerprint(&loaded, args);
        Ok(ModelEngine {
            loaded,
            args: args.clone(),
            fingerprint,
            busy: Mutex::new(()),
            pool,
            prefixes: Mutex::new(HashMap::new()),
            reuse_prefixes: true,
            prompts: AtomicUsize::new(0),
            tokens_saved: AtomicUsize::new(0),
        })
    }

    /// The same engine computing every prompt from its first token.
    pub fn without_prefix_reuse(mut self) -> ModelEngine {
        self.reuse_prefixes = false;
        self
    }

    /// Prompts answered so far and the prefill tokens prefix reuse saved.
    pub fn prefix_stats(&self) -> PrefixStats {
        PrefixStats {
            prompts: self.prompts.load(Ordering::Relaxed),
            tokens_saved: self.tokens_saved.load(Ordering::Relaxed),
        }
    }

    /// How many leading tokens of `ids`, the prompt of `messages`, every
    /// prompt with the same system message shares: the token ids two probe
    /// conversations with that system message agree on. Found per prompt
    /// from the prompt alone, so the split (and the output) never depends
    /// on which units ran before. Zero when there is nothing to share.
    fn shared_prefix(&self, messages: &[Message], ids: &[u32]) -> Result<usize, ModelError> {
        let Some(system) = messages.first().filter(|m| m.role == "system") else {
            return Ok(0);
        };
        let Loaded {
            tokenizer,
            template,
            ..
        } = &self.loaded;
        let probe = |user: &str| -> Result<Vec<u32>, ModelError> {
            tokenizer
                .encode_prompt(&template.render(&[system.clone(), Message::new("user", user)])?)
        };
        let (a, b) = (probe("A")?, probe("B")?);
        let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
        // The prompt must start with exactly those tokens, and keep at least
        // one of its own for the forward pass that gives its logits.
        if common < ids.len() && ids[..common] == a[..common] {
            Ok(common)
        } else {
            Ok(0)
        }
    }

    /// Runs a conversation and returns the candidates for its answer.
    fn answer(
        &self,
        request: &TranslationRequest,
        messages: &[Message],
    ) -> Result<Translation, EngineError> {
        let Loaded {
            model,
            tokenizer,
            template,
            info,
        } = &self.loaded;
        let opening = prompt::answer_prefix(request.to);
        let text = template.render(messages)? + &opening;
        let ids = tokenizer.encode_prompt(&text)?;
        let prefix = if self.reuse_prefixes {
            self.shared_prefix(messages, &ids)?
        } else {
            0
        };
        let source_tokens = tokenizer.encode(&request.source)?.len();
        let context = model.config.context_length;
        if ids.len() + 16 > context {
            return Ok(Translation::declined(format!(
                "the prompt takes {} tokens, more than the model's context of {context}",
                ids.len()
            )));
        }
        let max_new =
            prompt::token_budget(source_tokens, self.args.max_new_tokens).min(context - ids.len());
        let rule = StopRule {
            max_new,
            at_closing_fence: true,
        };
        let sampling = self.args.sampling();
        let count = match sampling {
            model::Sampling::Greedy => 1,
            model::Sampling::TopP { .. } => self.args.candidates,
        };
        // The pipeline calls from rayon workers, and a worker that waits on
        // rayon (our pool, or gemm's parallel loops) runs other queued jobs
        // meanwhile: another unit, which would block on `busy`, held lower
        // on the same stack. A plain thread of our own waits without that.
        let candidates = std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let _busy = self.busy.lock().unwrap_or_else(|e| e.into_inner());
                    self.pool
                        .install(|| self.decode(&ids, prefix, rule, sampling, count, &opening))
                })
                .join()
        })
        .map_err(|_| EngineError("the model's thread panicked".into()))??;
        let mut translation = Translation::candidates(candidates);
        translation.model = Some(info.name.clone());
        translation.tokens_in = Some(ids.len());
        Ok(translation)
    }

    /// Prefills the prompt once (its first `prefix` tokens from the cache of
    /// prefixes) and decodes `count` candidates from it.
    #[allow(clippy::too_many_arguments)] // the pieces of one decoding call
    fn decode(
        &self,
        ids: &[u32],
        prefix: usize,
        rule: StopRule,
        sampling: model::Sampling,
        count: usize,
        opening: &str,
    ) -> Result<Vec<Candidate>, ModelError> {
        let Loaded {
            model, tokenizer, ..
        } = &self.loaded;
        self.prompts.fetch_add(1, Ordering::Relaxed);
        let capacity = ids.len() + rule.max_new;
        let mut prompt_cache = if prefix > 0 {
            let mut prefixes = self.prefixes.lock().unwrap_or_else(|e| e.into_inner());
            let key = &ids[..prefix];
            let cache = match prefixes.get(key) {
                Some(cache) => {
                    self.tokens_saved.fetch_add(prefix, Ordering::Relaxed);
                    cache.fork()?
                }
                None => {
                    let mut cache = KvCache::new(&model.config, prefix)?;
                    model.forward(key, &mut cache)?;
                    let fork = cache.fork()?;
                    prefixes.insert(key.to_vec(), cache);
                    fork
                }
            };
            cache
        } else {
            KvCache::new(&model.config, capacity)?
        };
        prompt_cache.reserve(capacity - prompt_cache.len())?;
        let logits = model.forward(&ids[prefix..], &mut prompt_cache)?;
        let mut prompt_cache = Some(prompt_cache);
        let mut candidates = Vec::with_capacity(count);
        for index in 0..count {
            // The last candidate may consume the prompt's cache.
            let mut cache = if index + 1 == count {
                prompt_cache
                    .take()
                    .expect("taken only by the last candidate")
            } else {
                prompt_cache
                    .as_ref()
                    .expect("kept until the last candidate")
                    .fork()?
            };
            let mut sampler = Sampler::new(sampling, index as u64);
            let generated = generate(tokenizer, logits.clone(), &mut sampler, rule, |token| {
                Ok(model.forward(&[token], &mut cache)?)
            })?;
            candidates.push(Candidate {
                text: format!("{opening}{}", generated.text),
                score: Some(generated.mean_logprob),
                tokens_out: Some(generated.tokens.len()),
                support: Vec::new(),
            });
        }
        Ok(candidates)
    }
}

/// What can change the engine's output: the model files, how candidates are
/// drawn, the prompt's version and the chat template.
fn fingerprint(loaded: &Loaded, args: &ModelArgs) -> String {
    format!(
        "model|{}|{}|{}|candidates {}|repair {}|max {}|prompt v{}|template {:016x}",
        loaded.info.identity,
        loaded.info.format,
        args.sampling().describe(),
        args.candidates,
        args.repair_rounds,
        args.max_new_tokens,
        prompt::PROMPT_VERSION,
        fnv1a(loaded.template.source().as_bytes()),
    )
}

/// A hash whose value never changes between builds (unlike std's), for keys
/// that outlive the process.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Engine for ModelEngine {
    fn name(&self) -> &str {
        "model"
    }

    fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    fn supports(&self, _from: Lang, _to: Lang) -> bool {
        true
    }

    fn translate(&self, request: &TranslationRequest) -> Result<Translation, EngineError> {
        self.answer(request, &prompt::translation(request))
    }

    fn repair_rounds(&self) -> usize {
        self.args.repair_rounds
    }

    fn repair(
        &self,
        request: &TranslationRequest,
        rejected: &[Rejected],
    ) -> Result<Option<Translation>, EngineError> {
        // The best-ranked answer comes first; its errors are the ones worth
        // showing.
        match rejected.first() {
            Some(best) => self
                .answer(request, &prompt::repair(request, best))
                .map(Some),
            None => Ok(None),
        }
    }
}
