//! The model engine: a local code LLM (see [`crate::model`]) prompted once
//! per unit. One candidate is decoded greedily; several are sampled from one
//! prefill of the prompt, each scored by its mean log-probability; a repair
//! round shows the model the parser's complaint about its best answer.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;

use super::{
    prompt, Candidate, Engine, EngineError, ExplainRequest, Explanation, Translation,
    TranslationRequest,
};
use crate::lang::Lang;
use crate::model::forward::MAX_BATCH;
use crate::model::sample::Sampler;
use crate::model::{
    self, threads, Decoder, Generated, KvCache, Loaded, Message, ModelArgs, ModelError, StopRule,
};
use crate::verify::Rejected;

/// The model engine. The pipeline calls [`Engine::translate`] from several
/// workers at once; each call builds its prompt and sends it to one
/// scheduler thread, which owns all the model's work and answers when the
/// unit's candidates are decoded. The scheduler prefills newly arrived
/// prompts one at a time (a prompt is a matrix-matrix product that uses
/// every core already) and advances every prefilled sequence (each
/// candidate of each unit) by one token per step, up to `--batch` of them
/// in one [`model::Model::forward_batch`]: decode reads every weight once
/// per step whatever the number of rows, so a step over several sequences
/// costs little more than over one. A sequence decodes to the same bits
/// alone or in any batch, so which units share a step, which depends on
/// timing, never changes the output.
pub struct ModelEngine {
    loaded: Arc<Loaded>,
    args: ModelArgs,
    fingerprint: String,
    /// Requests for the scheduler; taken (closing the channel, which ends
    /// the scheduler) when the engine is dropped.
    requests: Option<mpsc::Sender<Request>>,
    scheduler: Option<JoinHandle<()>>,
    /// Off only to show, in tests, that reuse changes no output.
    reuse_prefixes: bool,
    stats: Arc<Counters>,
}

/// Prompts seen and prefill tokens skipped thanks to the scheduler's cache
/// of shared prompt prefixes.
#[derive(Debug, Default)]
struct Counters {
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
    /// Stops the scheduler, then says in one line what prefix reuse saved.
    fn drop(&mut self) {
        drop(self.requests.take());
        if let Some(scheduler) = self.scheduler.take() {
            // A scheduler that panicked has already failed its units.
            let _ = scheduler.join();
        }
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
    /// Finds and loads the model `args` name, sizing the thread pools first,
    /// and starts the scheduler.
    pub fn new(args: &ModelArgs) -> Result<ModelEngine, EngineError> {
        if let Some(n) = args.threads {
            threads::configure(n).map_err(EngineError)?;
        }
        // Before the model loads: the loader lays out weights for the path.
        model::cpu::select(args.cpu).map_err(|e| EngineError(e.to_string()))?;
        if args.candidates == 0 {
            return Err(EngineError("--candidates must be at least 1".into()));
        }
        if !(args.top_p > 0.0 && args.top_p <= 1.0) {
            return Err(EngineError("--top-p must be in (0, 1]".into()));
        }
        let batch = args.batch();
        if !(1..=MAX_BATCH).contains(&batch) {
            return Err(EngineError(format!(
                "--batch must be from 1 to {MAX_BATCH}"
            )));
        }
        let resolved = model::resolve(args.spec())?;
        let loaded = Arc::new(model::load(&resolved)?);
        if let Some(reason) = loaded.template.fallback_reason() {
            eprintln!(
                "xlate: {}: {reason}; using ChatML",
                resolved.path().display()
            );
        }
        let pool = threads::pool().map_err(EngineError)?;
        let fingerprint = fingerprint(&loaded, args);
        let stats = Arc::new(Counters::default());
        let (requests, inbox) = mpsc::channel();
        let scheduler = Scheduler {
            loaded: loaded.clone(),
            stats: stats.clone(),
            pool,
            batch,
            prefixes: HashMap::new(),
        };
        let scheduler = std::thread::Builder::new()
            .name("xlate-model-scheduler".into())
            .spawn(move || scheduler.run(inbox))
            .map_err(|e| EngineError(format!("cannot start the model's thread: {e}")))?;
        Ok(ModelEngine {
            loaded,
            args: args.clone(),
            fingerprint,
            requests: Some(requests),
            scheduler: Some(scheduler),
            reuse_prefixes: true,
            stats,
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
            prompts: self.stats.prompts.load(Ordering::Relaxed),
            tokens_saved: self.stats.tokens_saved.load(Ordering::Relaxed),
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
        } = &*self.loaded;
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
        } = &*self.loaded;
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
        let tokens_in = ids.len();
        let (reply, answer) = mpsc::channel();
        let stopped = || EngineError("the model's scheduler has stopped".into());
        self.requests
            .as_ref()
            .ok_or_else(stopped)?
            .send(Request {
                ids,
                prefix,
                rule,
                sampling,
                count,
                reply,
            })
            .map_err(|_| stopped())?;
        // The pipeline's worker waits here, on a channel, not on rayon: a
        // rayon wait would run other queued units on this stack meanwhile.
        let generated = answer.recv().map_err(|_| stopped())?.map_err(EngineError)?;
        let candidates = generated
            .into_iter()
            .map(|g| Candidate {
                text: format!("{opening}{}", g.text),
                score: Some(g.mean_logprob),
                tokens_out: Some(g.tokens.len()),
                support: Vec::new(),
            })
            .collect();
        let mut translation = Translation::candidates(candidates);
        translation.model = Some(info.name.clone());
        translation.tokens_in = Some(tokens_in);
        Ok(translation)
    }
}

impl ModelEngine {
    /// A plain-English explanation of a unit: one greedy answer to the
    /// explanation prompt, up to [`prompt::EXPLAIN_MAX_TOKENS`] (an
    /// explanation is read once; sampling several would cost the same
    /// again for nothing to rank them by).
    fn explain_unit(&self, request: &ExplainRequest) -> Result<Option<Explanation>, EngineError> {
        let Loaded {
            tokenizer,
            template,
            info,
            model,
        } = &*self.loaded;
        let messages = prompt::explanation(request);
        let ids = tokenizer.encode_prompt(&template.render(&messages)?)?;
        let context = model.config.context_length;
        if ids.len() + 16 > context {
            return Ok(None);
        }
        let prefix = if self.reuse_prefixes {
            self.shared_prefix(&messages, &ids)?
        } else {
            0
        };
        let tokens_in = ids.len();
        let (reply, answer) = mpsc::channel();
        let stopped = || EngineError("the model's scheduler has stopped".into());
        self.requests
            .as_ref()
            .ok_or_else(stopped)?
            .send(Request {
                ids,
                prefix,
                rule: StopRule {
                    max_new: prompt::EXPLAIN_MAX_TOKENS
                        .min(self.args.max_new_tokens)
                        .min(context - tokens_in),
                    at_closing_fence: false,
                },
                sampling: model::Sampling::Greedy,
                count: 1,
                reply,
            })
            .map_err(|_| stopped())?;
        let generated = answer.recv().map_err(|_| stopped())?.map_err(EngineError)?;
        Ok(generated.into_iter().next().map(|g| Explanation {
            text: g.text.trim().to_string(),
            model: Some(info.name.clone()),
            tokens_in: Some(tokens_in),
            tokens_out: Some(g.tokens.len()),
        }))
    }
}

/// A unit's prompt, sent to the scheduler.
struct Request {
    ids: Vec<u32>,
    /// Leading tokens of `ids` that other prompts share (0: none to reuse).
    prefix: usize,
    rule: StopRule,
    sampling: model::Sampling,
    /// Candidates to decode from the prompt.
    count: usize,
    /// Where the candidates go, in order, or why there are none.
    reply: mpsc::Sender<Result<Vec<Generated>, String>>,
}

/// The thread that runs the model (see [`ModelEngine`]).
struct Scheduler {
    loaded: Arc<Loaded>,
    stats: Arc<Counters>,
    /// The pool the model's float matmuls (gemm over rayon) run on, sized
    /// by `--threads`.
    pool: rayon::ThreadPool,
    /// Sequences decoded together at most.
    batch: usize,
    /// The key-value caches of prompt prefixes every unit shares (the chat
    /// template's opening and the system message, one per language pair),
    /// keyed by their token ids: computed once per run, forked per prompt.
    prefixes: HashMap<Vec<u32>, KvCache>,
}

/// A request being decoded.
struct InFlight {
    reply: mpsc::Sender<Result<Vec<Generated>, String>>,
    /// Each candidate's result, once decoded.
    done: Vec<Option<Generated>>,
}

/// One candidate of one request, being decoded.
struct Sequence<'a> {
    /// Its request's key in the scheduler's table of requests in flight.
    request: u64,
    /// Which candidate of the request.
    index: usize,
    cache: KvCache,
    sampler: Sampler,
    decoder: Decoder<'a>,
    /// The token chosen last, for the next step to feed the model.
    next: u32,
}

impl Scheduler {
    /// Serves requests until the engine closes the channel.
    fn run(mut self, inbox: mpsc::Receiver<Request>) {
        let loaded = self.loaded.clone();
        let mut flights: HashMap<u64, InFlight> = HashMap::new();
        let mut arrived: VecDeque<Request> = VecDeque::new();
        let mut active: Vec<Sequence> = Vec::new();
        let mut waiting: VecDeque<Sequence> = VecDeque::new();
        let mut next_key = 0u64;
        loop {
            if arrived.is_empty() && active.is_empty() && waiting.is_empty() {
                match inbox.recv() {
                    Ok(request) => arrived.push_back(request),
                    Err(_) => return,
                }
            }
            arrived.extend(inbox.try_iter());
            // Prefill while the batch has room, oldest request first.
            while active.len() + waiting.len() < self.batch {
                let Some(request) = arrived.pop_front() else {
                    break;
                };
                let key = next_key;
                next_key += 1;
                match contained(|| self.prefill(&loaded, &request, key)) {
                    Ok((sequences, finished)) => {
                        let mut flight = InFlight {
                            reply: request.reply,
                            done: (0..request.count).map(|_| None).collect(),
                        };
                        for (index, generated) in finished {
                            flight.done[index] = Some(generated);
                        }
                        flights.insert(key, flight);
                        waiting.extend(sequences);
                        reply_if_done(&mut flights, key);
                    }
                    Err(message) => {
                        let _ = request.reply.send(Err(message));
                    }
                }
            }
            while active.len() < self.batch {
                match waiting.pop_front() {
                    Some(sequence) => active.push(sequence),
                    None => break,
                }
            }
            if active.is_empty() {
                continue;
            }
            let failed = match contained(|| self.step(&loaded, &mut active)) {
                Ok(failed) => failed,
                // A step that failed as a whole fails every request in it.
                Err(message) => active
                    .iter()
                    .map(|s| (s.request, message.clone()))
                    .collect(),
            };
            for (key, message) in failed {
                if let Some(flight) = flights.remove(&key) {
                    let _ = flight.reply.send(Err(message));
                }
            }
            // Sequences whose request failed go; finished ones report.
            let mut kept = Vec::with_capacity(active.len());
            for sequence in active.drain(..) {
                let Some(flight) = flights.get_mut(&sequence.request) else {
                    continue;
                };
                if !sequence.decoder.is_done() {
                    kept.push(sequence);
                    continue;
                }
                let key = sequence.request;
                match sequence.decoder.finish() {
                    Ok(generated) => {
                        flight.done[sequence.index] = Some(generated);
                        reply_if_done(&mut flights, key);
                    }
                    Err(e) => {
                        if let Some(flight) = flights.remove(&key) {
                            let _ = flight.reply.send(Err(e.to_string()));
                        }
                    }
                }
            }
            active = kept;
            waiting.retain(|s| flights.contains_key(&s.request));
        }
    }

    /// Prefills a request's prompt once (its first `prefix` tokens from the
    /// cache of prefixes) and chooses each candidate's first token: the
    /// sequences to decode, and the candidates already finished.
    #[allow(clippy::type_complexity)] // two lists, named by the doc line
    fn prefill<'a>(
        &mut self,
        loaded: &'a Loaded,
        request: &Request,
        key: u64,
    ) -> Result<(Vec<Sequence<'a>>, Vec<(usize, Generated)>), ModelError> {
        let Loaded {
            model, tokenizer, ..
        } = loaded;
        let Request {
            ids,
            prefix,
            rule,
            sampling,
            count,
            ..
        } = request;
        let prefix = *prefix;
        self.stats.prompts.fetch_add(1, Ordering::Relaxed);
        let capacity = ids.len() + rule.max_new;
        let mut prompt_cache = if prefix > 0 {
            let key = &ids[..prefix];
            match self.prefixes.get(key) {
                Some(cache) => {
                    self.stats.tokens_saved.fetch_add(prefix, Ordering::Relaxed);
                    cache.fork()?
                }
                None => {
                    let mut cache = KvCache::new(&model.config, prefix)?;
                    self.pool.install(|| model.forward(key, &mut cache))?;
                    let fork = cache.fork()?;
                    self.prefixes.insert(key.to_vec(), cache);
                    fork
                }
            }
        } else {
            KvCache::new(&model.config, capacity)?
        };
        prompt_cache.reserve(capacity - prompt_cache.len())?;
        let logits = self
            .pool
            .install(|| model.forward(&ids[prefix..], &mut prompt_cache))?;
        let mut prompt_cache = Some(prompt_cache);
        let mut sequences = Vec::with_capacity(*count);
        let mut finished = Vec::new();
        for index in 0..*count {
            let mut sampler = Sampler::new(*sampling, index as u64);
            let mut decoder = Decoder::new(tokenizer, *rule);
            let Some(next) = decoder.step(&mut sampler, &logits)? else {
                finished.push((index, decoder.finish()?));
                continue;
            };
            // The last candidate may consume the prompt's cache.
            let cache = if index + 1 == *count {
                prompt_cache
                    .take()
                    .expect("taken only by the last candidate")
            } else {
                prompt_cache
                    .as_ref()
                    .expect("kept until the last candidate")
                    .fork()?
            };
            sequences.push(Sequence {
                request: key,
                index,
                cache,
                sampler,
                decoder,
                next,
            });
        }
        Ok((sequences, finished))
    }

    /// Advances every active sequence by one token; returns the requests
    /// that failed and why.
    fn step(
        &self,
        loaded: &Loaded,
        active: &mut [Sequence],
    ) -> Result<Vec<(u64, String)>, ModelError> {
        let tokens: Vec<u32> = active.iter().map(|s| s.next).collect();
        let mut caches: Vec<&mut KvCache> = active.iter_mut().map(|s| &mut s.cache).collect();
        let logits = self
            .pool
            .install(|| loaded.model.forward_batch(&tokens, &mut caches))?;
        let mut failed = Vec::new();
        for (sequence, logits) in active.iter_mut().zip(logits) {
            match sequence.decoder.step(&mut sequence.sampler, &logits) {
                Ok(Some(token)) => sequence.next = token,
                Ok(None) => {}
                Err(e) => failed.push((sequence.request, e.to_string())),
            }
        }
        Ok(failed)
    }
}

/// Sends a request its candidates once every one is decoded.
fn reply_if_done(flights: &mut HashMap<u64, InFlight>, key: u64) {
    if !flights
        .get(&key)
        .is_some_and(|f| f.done.iter().all(Option::is_some))
    {
        return;
    }
    if let Some(flight) = flights.remove(&key) {
        let generated = flight.done.into_iter().flatten().collect();
        let _ = flight.reply.send(Ok(generated));
    }
}

/// Runs a piece of the scheduler's work so that a panic or an error in it
/// becomes a message for the requests it concerns, and the scheduler goes on
/// serving the others.
fn contained<T>(work: impl FnOnce() -> Result<T, ModelError>) -> Result<T, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(result) => result.map_err(|e| e.to_string()),
        Err(panic) => Err(format!(
            "the model panicked: {}",
            panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_string())
        )),
    }
}

/// What can change the engine's output: the model files, the kernels that
/// compute it (they round differently, so a cache shared between machines
/// must not hand one CPU's answers to another), how candidates are drawn,
/// the prompt's version and the chat template.
fn fingerprint(loaded: &Loaded, args: &ModelArgs) -> String {
    format!(
        "model|{}|{}|{}|{}|candidates {}|repair {}|max {}|prompt v{}|template {:016x}",
        loaded.info.identity,
        loaded.info.format,
        model::kernels(),
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
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
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

    /// Enough units to fill a batch with their candidates, and one more
    /// whose prompt is ready when a unit finishes.
    fn concurrency(&self) -> usize {
        let per_unit = match self.args.sampling() {
            model::Sampling::Greedy => 1,
            model::Sampling::TopP { .. } => self.args.candidates,
        };
        self.args.batch().div_ceil(per_unit) + 1
    }

    fn repair_rounds(&self) -> usize {
        self.args.repair_rounds
    }

    fn explains(&self) -> bool {
        true
    }

    fn explain(&self, request: &ExplainRequest) -> Result<Option<Explanation>, EngineError> {
        self.explain_unit(request)
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
