//! The model engine: a local code LLM (see [`crate::model`]) prompted once
//! per unit. One candidate is decoded greedily; several are sampled from one
//! prefill of the prompt, each scored by its mean log-probability; a repair
//! round shows the model the parser's complaint about its best answer.

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
        })
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
                        .install(|| self.decode(&ids, rule, sampling, count, &opening))
                })
                .join()
        })
        .map_err(|_| EngineError("the model's thread panicked".into()))??;
        let mut translation = Translation::candidates(candidates);
        translation.model = Some(info.name.clone());
        translation.tokens_in = Some(ids.len());
        Ok(translation)
    }

    /// Prefills the prompt once and decodes `count` candidates from it.
    fn decode(
        &self,
        ids: &[u32],
        rule: StopRule,
        sampling: model::Sampling,
        count: usize,
        opening: &str,
    ) -> Result<Vec<Candidate>, ModelError> {
        let Loaded {
            model, tokenizer, ..
        } = &self.loaded;
        let mut prompt_cache = KvCache::new(&model.config, ids.len() + rule.max_new)?;
        let logits = model.forward(ids, &mut prompt_cache)?;
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
