//! The server engine: units translated by OpenAI-compatible servers
//! (llama-server, vLLM, Ollama, LM Studio, hosted APIs) over HTTP, with the
//! model engine's prompts, checks, repair rounds and candidate ranking.
//! Every URL is probed before the first unit; requests that fail in a way
//! that may pass are retried with backoff; several URLs share the load by
//! outstanding requests, and one that keeps failing is rested.
//!
//! The client is blocking (ureq, rustls, proxies from the environment):
//! the pipeline already calls [`Engine::translate`] from a pool of worker
//! threads, one unit per worker, so a request is one blocking call on a
//! worker, and `concurrency` is the number of workers plus a count of
//! requests in flight. An async runtime would add a second scheduler and
//! its compile time for no more requests in flight than the workers give.

mod balance;
mod http;
mod retry;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::{
    prompt, Candidate, Engine, EngineError, ExplainRequest, Explanation, Translation,
    TranslationRequest,
};
use crate::config::ServerConfig;
use crate::lang::Lang;
use crate::model::{Message, ModelArgs, Sampling};
use crate::verify::Rejected;

use balance::Balancer;
use http::{CompletionRequest, Completions, Fault};
use retry::Permits;

/// `--engine server`'s options on the command line; each may also be set in
/// `[server]` of xlate.toml, and the command line wins. The sampling
/// settings (`--candidates`, `--temperature`, `--top-p`, `--seed`,
/// `--max-new-tokens`, `--repair-rounds`) are the model engine's.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct ServerArgs {
    /// Base URL of an OpenAI-compatible server, such as
    /// http://localhost:8080 (repeatable: requests are shared between
    /// them). (xlate.toml: [server] url)
    #[arg(long, value_name = "URL")]
    pub server_url: Vec<String>,
    /// The model to ask the server for (default: the only one it serves).
    /// (xlate.toml: [server] model)
    #[arg(long, value_name = "NAME")]
    pub server_model: Option<String>,
    /// The environment variable that holds the server's API key (the key
    /// itself is never written anywhere). (xlate.toml: [server] api-key-env)
    #[arg(long, value_name = "VAR")]
    pub api_key_env: Option<String>,
    /// Requests in flight at once, over all URLs (default: 4).
    /// (xlate.toml: [server] concurrency)
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Seconds one request may take (default: 300).
    /// (xlate.toml: [server] timeout)
    #[arg(long, value_name = "SECS")]
    pub request_timeout: Option<f64>,
    /// Times a failed request is sent again before its unit becomes a
    /// `TODO(xlate)` (default: 4). (xlate.toml: [server] retries)
    #[arg(long, value_name = "N")]
    pub retries: Option<usize>,
}

/// The server engine's settings, checked.
#[derive(Clone, Debug)]
pub struct ServerSettings {
    /// Base URLs, without a trailing `/` or `/v1`.
    pub urls: Vec<String>,
    /// None: the one model the servers serve.
    pub model: Option<String>,
    pub api_key_env: Option<String>,
    pub concurrency: usize,
    pub timeout: Duration,
    pub retries: usize,
    /// The first retry's wait; it doubles with each retry.
    pub backoff: Duration,
    pub candidates: usize,
    pub temperature: f64,
    pub top_p: f64,
    pub seed: u64,
    pub max_tokens: usize,
    pub repair_rounds: usize,
    /// false: each request asks llama-server not to reuse a cached prompt
    /// prefix (`"cache_prompt": false`); true sends nothing, since other
    /// servers, hosted APIs among them, refuse fields they do not know.
    pub cache_prompt: bool,
    /// Raised by Ctrl-C: requests in flight are abandoned, none is started.
    pub stop: Option<&'static AtomicBool>,
}

impl Default for ServerSettings {
    fn default() -> Self {
        let model = ModelArgs::default();
        ServerSettings {
            urls: Vec::new(),
            model: None,
            api_key_env: None,
            concurrency: 4,
            timeout: Duration::from_secs(300),
            retries: 4,
            backoff: Duration::from_secs(1),
            candidates: model.candidates,
            temperature: model.temperature,
            top_p: model.top_p,
            seed: model.seed,
            max_tokens: model.max_new_tokens,
            repair_rounds: model.repair_rounds,
            cache_prompt: true,
            stop: None,
        }
    }
}

impl ServerSettings {
    /// The settings from `[server]` of xlate.toml, the command line's
    /// server options and the model engine's sampling options. A sampling
    /// option on the command line wins over the file when it differs from
    /// its default (clap does not say whether a default was typed).
    pub fn resolve(
        file: &ServerConfig,
        cli: &ServerArgs,
        sampling: &ModelArgs,
    ) -> Result<ServerSettings, EngineError> {
        fn pick<T: PartialEq + Copy>(cli: T, default: T, file: Option<T>) -> T {
            if cli != default {
                cli
            } else {
                file.unwrap_or(default)
            }
        }
        let d = ModelArgs::default();
        let urls = if cli.server_url.is_empty() {
            file.url.clone()
        } else {
            cli.server_url.clone()
        };
        let seconds = |what: &str, value: f64| {
            if value.is_finite() && value > 0.0 && value < 1e9 {
                Ok(Duration::from_secs_f64(value))
            } else {
                Err(EngineError(format!(
                    "[server] {what} must be a positive number of seconds"
                )))
            }
        };
        let defaults = ServerSettings::default();
        let settings = ServerSettings {
            urls: urls
                .iter()
                .map(|u| normalise_url(u))
                .collect::<Result<_, _>>()?,
            model: cli.server_model.clone().or_else(|| file.model.clone()),
            api_key_env: cli.api_key_env.clone().or_else(|| file.api_key_env.clone()),
            concurrency: cli
                .concurrency
                .or(file.concurrency)
                .unwrap_or(defaults.concurrency),
            timeout: match cli.request_timeout.or(file.timeout) {
                Some(t) => seconds("timeout", t)?,
                None => defaults.timeout,
            },
            retries: cli.retries.or(file.retries).unwrap_or(defaults.retries),
            backoff: match file.backoff {
                Some(0.0) => Duration::ZERO,
                Some(b) => seconds("backoff", b)?,
                None => defaults.backoff,
            },
            candidates: pick(sampling.candidates, d.candidates, file.candidates),
            temperature: pick(sampling.temperature, d.temperature, file.temperature),
            top_p: pick(sampling.top_p, d.top_p, file.top_p),
            seed: pick(sampling.seed, d.seed, file.seed),
            max_tokens: pick(sampling.max_new_tokens, d.max_new_tokens, file.max_tokens),
            repair_rounds: pick(sampling.repair_rounds, d.repair_rounds, file.repair_rounds),
            cache_prompt: file.cache_prompt.unwrap_or(defaults.cache_prompt),
            stop: None,
        };
        Ok(settings)
    }

    /// Refuses settings the engine cannot run with; checked when the engine
    /// is built, so that a run with another engine is not stopped by them.
    fn check(&self) -> Result<(), EngineError> {
        if self.urls.is_empty() {
            return Err(EngineError(
                "the server engine needs a URL: `url` in [server] of xlate.toml, or --server-url"
                    .into(),
            ));
        }
        if self.concurrency == 0 {
            return Err(EngineError(
                "[server] concurrency must be at least 1".into(),
            ));
        }
        if self.candidates == 0 {
            return Err(EngineError("--candidates must be at least 1".into()));
        }
        if !(self.top_p > 0.0 && self.top_p <= 1.0) {
            return Err(EngineError("--top-p must be in (0, 1]".into()));
        }
        Ok(())
    }

    /// How candidates are drawn: the model engine's rule.
    pub fn sampling(&self) -> Sampling {
        ModelArgs {
            candidates: self.candidates,
            temperature: self.temperature,
            top_p: self.top_p,
            seed: self.seed,
            ..ModelArgs::default()
        }
        .sampling()
    }
}

/// A base URL as given, checked, without a trailing `/` or `/v1` (both
/// forms are common in servers' documentation).
fn normalise_url(url: &str) -> Result<String, EngineError> {
    let trimmed = url.trim().trim_end_matches('/');
    if !(trimmed.starts_with("http://") || trimmed.starts_with("https://")) {
        return Err(EngineError(format!(
            "[server] url `{url}` must start with http:// or https://"
        )));
    }
    let base = trimmed.strip_suffix("/v1").unwrap_or(trimmed);
    Ok(base.to_string())
}

/// The host of a base URL, without its port.
fn host_of(base: &str) -> &str {
    let rest = base.split_once("://").map_or(base, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or(rest);
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    if let Some(v6) = authority.strip_prefix('[') {
        return v6.split(']').next().unwrap_or(v6);
    }
    authority.split(':').next().unwrap_or(authority)
}

/// One server.
struct Endpoint {
    base: String,
    agent: ureq::Agent,
}

impl Endpoint {
    fn new(base: &str, timeout: Duration) -> Endpoint {
        let mut config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .user_agent(format!("xlate/{}", env!("CARGO_PKG_VERSION")));
        // A server on this machine is never reached through a proxy, even
        // when HTTP_PROXY is set without a NO_PROXY for it.
        if matches!(host_of(base), "localhost" | "127.0.0.1" | "::1") {
            config = config.proxy(None);
        }
        Endpoint {
            base: base.to_string(),
            agent: config.build().into(),
        }
    }
}

/// What the engine has done so far, for the progress line and the last
/// line of the run.
#[derive(Debug, Default)]
struct Counters {
    requests: AtomicUsize,
    in_flight: AtomicUsize,
    retries: AtomicUsize,
    tokens_out: AtomicUsize,
    /// Prompt tokens of the answered requests, as the servers counted them.
    tokens_in: AtomicUsize,
    /// Of those, the tokens the servers' prompt caches held.
    tokens_cached: AtomicUsize,
}

/// What the server engine has done so far.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ServerStats {
    pub requests: usize,
    pub in_flight: usize,
    pub retries: usize,
    pub tokens_out: usize,
    /// Prompt tokens of the answered requests, where the servers count them.
    pub tokens_in: usize,
    /// Of those, the tokens the servers did not prefill because their
    /// prompt caches held them: how much the prompts' shared prefix saves.
    pub tokens_cached: usize,
    /// Generated tokens per second since the engine started.
    pub tokens_per_second: f64,
    /// URLs resting after failing several times in a row.
    pub resting: usize,
}

/// The server engine (see the module's documentation).
pub struct ServerEngine {
    settings: ServerSettings,
    /// The model asked for, as the servers name it.
    model: String,
    endpoints: Vec<Endpoint>,
    /// The API key, read from the variable `api_key_env` names. Never
    /// printed: the engine has no `Debug`, and no message quotes it.
    key: Option<String>,
    balancer: Balancer,
    permits: Permits,
    counters: Counters,
    started: Instant,
    fingerprint: String,
    /// Set when a server refused `logprobs`: asked for no more.
    no_logprobs: AtomicBool,
    /// Set when a server refused `n` above 1 or answered fewer choices:
    /// candidates are asked for one request each from then on.
    no_n: AtomicBool,
}

/// The longest the start-up probe waits for one URL.
const PROBE_TIMEOUT: Duration = Duration::from_secs(30);

impl ServerEngine {
    /// Reads the API key, probes every URL (`GET /v1/models`) and picks the
    /// model: a URL that cannot be used stops the run here, before any unit.
    pub fn connect(settings: &ServerSettings) -> Result<ServerEngine, EngineError> {
        settings.check()?;
        let key = match &settings.api_key_env {
            Some(var) => match std::env::var(var) {
                Ok(key) if !key.trim().is_empty() => Some(key.trim().to_string()),
                _ => {
                    return Err(EngineError(format!(
                        "the environment variable {var} (named by api-key-env) is not set; \
                         it must hold the server's API key"
                    )))
                }
            },
            None => None,
        };
        let probe_timeout = settings.timeout.min(PROBE_TIMEOUT);
        let mut model = settings.model.clone();
        for base in &settings.urls {
            let endpoint = Endpoint::new(base, probe_timeout);
            let served = probe(&endpoint, key.as_deref(), settings.api_key_env.as_deref())?;
            let listed = || {
                if served.is_empty() {
                    "none".to_string()
                } else {
                    served.join(", ")
                }
            };
            match &model {
                // Ollama lists `name:latest` and answers to `name` too.
                Some(name)
                    if served
                        .iter()
                        .any(|m| m == name || *m == format!("{name}:latest")) => {}
                Some(name) => {
                    return Err(EngineError(format!(
                        "{base} does not serve the model `{name}` (it serves: {})",
                        listed()
                    )))
                }
                None if served.len() == 1 => model = Some(served[0].clone()),
                None => {
                    return Err(EngineError(format!(
                        "{base} serves {} models; name one with `model` in [server] of \
                         xlate.toml or --server-model (it serves: {})",
                        served.len(),
                        listed()
                    )))
                }
            }
        }
        let model = model.unwrap_or_default();
        Ok(ServerEngine::unprobed(settings, model, key))
    }

    /// The engine for `model`, without looking at the servers first.
    fn unprobed(settings: &ServerSettings, model: String, key: Option<String>) -> ServerEngine {
        let fingerprint = fingerprint(settings, &model);
        // A URL that keeps failing is left alone long enough for a restart,
        // and never so long that a short run forgets it.
        let rest = settings
            .backoff
            .saturating_mul(16)
            .clamp(Duration::from_millis(100), Duration::from_secs(60));
        ServerEngine {
            endpoints: settings
                .urls
                .iter()
                .map(|u| Endpoint::new(u, settings.timeout))
                .collect(),
            balancer: Balancer::new(settings.urls.len(), rest),
            permits: Permits::new(settings.concurrency),
            settings: settings.clone(),
            model,
            key,
            counters: Counters::default(),
            started: Instant::now(),
            fingerprint,
            no_logprobs: AtomicBool::new(false),
            no_n: AtomicBool::new(false),
        }
    }

    /// Requests, retries, tokens and URLs resting so far.
    pub fn stats(&self) -> ServerStats {
        let c = &self.counters;
        let tokens_out = c.tokens_out.load(Ordering::Relaxed);
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        ServerStats {
            requests: c.requests.load(Ordering::Relaxed),
            in_flight: c.in_flight.load(Ordering::Relaxed),
            retries: c.retries.load(Ordering::Relaxed),
            tokens_out,
            tokens_in: c.tokens_in.load(Ordering::Relaxed),
            tokens_cached: c.tokens_cached.load(Ordering::Relaxed),
            tokens_per_second: tokens_out as f64 / seconds,
            resting: self.balancer.resting(),
        }
    }

    /// From now on, candidates are asked for one request each; says so
    /// once. `what`: what a server did with `n`.
    fn no_n(&self, what: &str) {
        if !self.no_n.swap(true, Ordering::Relaxed) {
            eprintln!(
                "xlate: server: a server {what} (`n`); candidates are asked for one \
                 request each"
            );
        }
    }

    fn stopping(&self) -> bool {
        self.settings.stop.is_some_and(|s| s.load(Ordering::SeqCst))
    }

    /// Sends one request to endpoint `index` and waits for its answer; with
    /// a stop flag, on a thread of its own so that Ctrl-C abandons it at
    /// once (the thread ends with its timeout, or with the process).
    fn send(&self, index: usize, body: &str) -> Result<http::Reply, Fault> {
        let endpoint = &self.endpoints[index];
        let url = format!("{}/v1/chat/completions", endpoint.base);
        let Some(stop) = self.settings.stop else {
            return http::exchange(
                &endpoint.agent,
                &url,
                self.key.as_deref(),
                Some(body.into()),
            );
        };
        let (agent, key, body) = (endpoint.agent.clone(), self.key.clone(), body.to_string());
        let (tx, rx) = mpsc::channel();
        std::thread::Builder::new()
            .name("xlate-server-request".into())
            .spawn(move || {
                let _ = tx.send(http::exchange(&agent, &url, key.as_deref(), Some(body)));
            })
            .map_err(|e| Fault::Connection(format!("cannot start a thread: {e}")))?;
        loop {
            if stop.load(Ordering::SeqCst) {
                return Err(Fault::Cancelled);
            }
            match rx.recv_timeout(Duration::from_millis(20)) {
                Ok(reply) => return reply,
                Err(mpsc::RecvTimeoutError::Timeout) => continue,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(Fault::Connection(
                        "the request's thread ended without an answer".into(),
                    ))
                }
            }
        }
    }

    /// One request's completions (`request.n` of them asked for), retried
    /// while its faults may pass and retries are left; `retries` counts the
    /// requests sent again.
    fn complete(
        &self,
        request: &CompletionRequest,
        unit_seed: u64,
        retries: &mut usize,
    ) -> Result<Completions, Fault> {
        let stop = self.settings.stop;
        let mut avoid = None;
        loop {
            let refused = self.no_logprobs.load(Ordering::Relaxed);
            let logprobs = request.asks_logprobs(refused);
            let body = request.body(refused);
            let permit = self
                .permits
                .acquire(request.n, stop)
                .ok_or(Fault::Cancelled)?;
            let pick = self.balancer.pick(avoid);
            if !retry::sleep(pick.wait, stop) {
                self.balancer.done(pick.index, false, None);
                return Err(Fault::Cancelled);
            }
            self.counters.requests.fetch_add(1, Ordering::Relaxed);
            self.counters.in_flight.fetch_add(1, Ordering::Relaxed);
            let result = self
                .send(pick.index, &body)
                .and_then(|reply| http::completions(&reply));
            self.counters.in_flight.fetch_sub(1, Ordering::Relaxed);
            drop(permit);
            let fault = match result {
                Ok(completions) => {
                    self.balancer.done(pick.index, false, None);
                    let counters = &self.counters;
                    for completion in &completions.answered {
                        for (count, counter) in [
                            (completion.tokens_out, &counters.tokens_out),
                            (completion.tokens_in, &counters.tokens_in),
                            (completion.tokens_cached, &counters.tokens_cached),
                        ] {
                            counter.fetch_add(count.unwrap_or(0), Ordering::Relaxed);
                        }
                    }
                    return Ok(completions);
                }
                Err(fault) => fault,
            };
            let busy_for = match &fault {
                Fault::Busy(Some(wait)) => Some((*wait).min(retry::MAX_RETRY_AFTER)),
                _ => None,
            };
            self.balancer
                .done(pick.index, fault.blames_server(), busy_for);
            if logprobs && fault.refuses_logprobs() {
                // Sent again without them (not a retry); candidates keep
                // their order from here on.
                if !self.no_logprobs.swap(true, Ordering::Relaxed) {
                    eprintln!(
                        "xlate: server: {} does not give log-probabilities; candidates are \
                         tried in order",
                        self.endpoints[pick.index].base
                    );
                }
                continue;
            }
            if !fault.retryable() || *retries >= self.settings.retries || self.stopping() {
                return Err(fault);
            }
            // After a 429 with Retry-After the URL rests that long, and the
            // next pick waits for it unless another URL is awake.
            let wait = match busy_for {
                Some(_) => Duration::ZERO,
                None => retry::backoff(self.settings.backoff, *retries as u32, unit_seed),
            };
            *retries += 1;
            self.counters.retries.fetch_add(1, Ordering::Relaxed);
            avoid = Some(pick.index);
            if !retry::sleep(wait, stop) {
                return Err(Fault::Cancelled);
            }
        }
    }

    /// Asks for a conversation's answer. Candidates come from one request
    /// (`n`), so the server prefills the prompt once for all of them
    /// (llama-server copies the prefilled slot to the others, each drawing
    /// with seed `seed + i`); a server that refuses `n` or answers fewer
    /// choices is asked for the others one request each, in parallel, each
    /// with its own seed, from then on for every unit.
    fn answer(
        &self,
        request: &TranslationRequest,
        messages: Vec<Message>,
    ) -> Result<Translation, EngineError> {
        let sampling = match self.settings.sampling() {
            Sampling::Greedy => None,
            Sampling::TopP {
                temperature, top_p, ..
            } => Some((temperature, top_p)),
        };
        let count = if sampling.is_some() {
            self.settings.candidates
        } else {
            1
        };
        // No tokenizer for the server's model here: two bytes per token
        // over-counts the source, so the budget errs on the generous side.
        let max_tokens =
            prompt::token_budget(request.source.len().div_ceil(2), self.settings.max_tokens);
        let unit_seed = super::model::fnv1a(
            format!("{}:{}", request.path.display(), request.first_line).as_bytes(),
        );
        // Candidates `index..index + n` from one request.
        let ask = |index: usize, n: usize| {
            let mut retries = 0;
            let result = self.complete(
                &CompletionRequest {
                    model: self.model.clone(),
                    messages: messages.clone(),
                    max_tokens,
                    sampling,
                    seed: self.settings.seed.wrapping_add(index as u64),
                    n,
                    cache_prompt: self.settings.cache_prompt,
                    // One candidate has nothing to be ranked against.
                    logprobs: count > 1,
                },
                retry::splitmix64(unit_seed ^ index as u64),
                &mut retries,
            );
            (result, retries)
        };
        let mut results: Vec<(Result<Completions, Fault>, usize)> = Vec::new();
        // Candidates asked for so far.
        let mut asked = 0;
        if count > 1 && !self.no_n.load(Ordering::Relaxed) {
            match ask(0, count) {
                (Err(fault), _) if fault.refuses_n() => {
                    self.no_n("refused to give several completions in one request")
                }
                (Ok(completions), retries) => {
                    if completions.choices < count {
                        self.no_n("gave fewer completions than one request asked for");
                    }
                    asked = completions.choices.clamp(1, count);
                    results.push((Ok(completions), retries));
                }
                (Err(fault), retries) => {
                    asked = count;
                    results.push((Err(fault), retries));
                }
            }
        }
        match count - asked {
            0 => {}
            1 => results.push(ask(asked, 1)),
            _ => std::thread::scope(|scope| {
                let handles: Vec<_> = (asked..count)
                    .map(|i| scope.spawn(move || ask(i, 1)))
                    .collect();
                results.extend(handles.into_iter().map(|h| {
                    h.join().unwrap_or_else(|_| {
                        (
                            Err(Fault::Connection("a request's thread panicked".into())),
                            0,
                        )
                    })
                }));
            }),
        }
        let retries = results.iter().map(|(_, r)| r).sum();
        let mut candidates = Vec::new();
        let mut faults = Vec::new();
        let mut tokens_in = None;
        for (result, _) in results {
            match result {
                Ok(completions) => {
                    for c in completions.answered {
                        if let Some(n) = c.tokens_in {
                            *tokens_in.get_or_insert(0) += n;
                        }
                        candidates.push(Candidate {
                            text: c.text,
                            score: c.mean_logprob,
                            tokens_out: c.tokens_out,
                            support: Vec::new(),
                        });
                    }
                }
                Err(fault) => faults.push(fault),
            }
        }
        let mut translation = match faults.first() {
            Some(fault) if candidates.is_empty() => {
                let mut t = Translation::declined(if fault.retryable() {
                    format!("gave up after {retries} retries: {fault}")
                } else {
                    fault.to_string()
                });
                // A refusal or a request the server finds wrong gets the same
                // answer next time; anything else may pass in another run.
                t.retry_later = !matches!(
                    fault,
                    Fault::Refused(_) | Fault::Rejected(400 | 413 | 422, _)
                );
                t
            }
            _ => Translation::candidates(candidates),
        };
        translation.model = Some(self.model.clone());
        translation.tokens_in = tokens_in;
        translation.retries = retries;
        Ok(translation)
    }
}

/// Pipeline workers for `concurrency` requests in flight: one waiting for
/// each slot beside the one whose request is in flight.
fn workers_for(concurrency: usize) -> usize {
    concurrency.saturating_mul(2)
}

/// Probes one URL: the ids of the models it serves, or why it cannot be used.
fn probe(
    endpoint: &Endpoint,
    key: Option<&str>,
    key_env: Option<&str>,
) -> Result<Vec<String>, EngineError> {
    let base = &endpoint.base;
    let url = format!("{base}/v1/models");
    let reply = http::exchange(&endpoint.agent, &url, key, None)
        .map_err(|fault| EngineError(format!("cannot reach {base}: {fault}")))?;
    match reply.status {
        200..=299 => {}
        401 | 403 => {
            return Err(EngineError(match key_env {
                Some(var) => format!(
                    "{base} refused the API key in the environment variable {var} \
                     (HTTP {}): {}",
                    reply.status,
                    http::error_message(&reply.body)
                ),
                None => format!(
                    "{base} wants an API key (HTTP {}): put it in an environment variable \
                     and name the variable with `api-key-env` in [server] of xlate.toml \
                     (or --api-key-env)",
                    reply.status
                ),
            }))
        }
        status => {
            return Err(EngineError(format!(
                "{base} is not an OpenAI-compatible server: GET /v1/models answered HTTP \
                 {status}"
            )))
        }
    }
    http::model_ids(&reply)
        .map_err(|what| EngineError(format!("{base} is not an OpenAI-compatible server: {what}")))
}

/// What can change the engine's output: the model, the prompt and how
/// candidates are drawn. Not the URLs: any server with the model answers
/// alike, so a cache is shared between them.
fn fingerprint(settings: &ServerSettings, model: &str) -> String {
    format!(
        "server|model {model}|{}|candidates {}|repair {}|max {}|prompt v{}",
        settings.sampling().describe(),
        settings.candidates,
        settings.repair_rounds,
        settings.max_tokens,
        prompt::PROMPT_VERSION,
    )
}

/// The run's last line about the servers: requests, retries, tokens, and
/// how much of the prompts the servers' caches held, where they say.
fn summary(stats: &ServerStats) -> String {
    let mut text = format!(
        "{} requests, {} retries, {} tokens generated ({:.1} tokens/s)",
        stats.requests, stats.retries, stats.tokens_out, stats.tokens_per_second
    );
    if stats.tokens_in > 0 {
        text += &format!(
            ", {} prompt tokens ({:.0}% from the servers' prompt caches)",
            stats.tokens_in,
            100.0 * stats.tokens_cached as f64 / stats.tokens_in as f64
        );
    }
    text
}

impl Drop for ServerEngine {
    /// Says in one line what the servers did.
    fn drop(&mut self) {
        let stats = self.stats();
        if stats.requests > 0 {
            eprintln!("xlate: server: {}", summary(&stats));
        }
    }
}

impl Engine for ServerEngine {
    fn name(&self) -> &str {
        "server"
    }

    fn fingerprint(&self) -> String {
        self.fingerprint.clone()
    }

    fn supports(&self, _from: Lang, _to: Lang) -> bool {
        true
    }

    fn translate(&self, request: &TranslationRequest) -> Result<Translation, EngineError> {
        self.answer(request, prompt::translation(request))
    }

    /// Two workers per request the servers may have in flight: while one
    /// worker checks an answer, builds the next prompt or writes its file,
    /// another already waits for the permit, so a slot the server frees is
    /// asked again at once instead of idling through the client's work
    /// (the permits still hold the requests in flight to `concurrency`).
    fn concurrency(&self) -> usize {
        workers_for(self.settings.concurrency)
    }

    fn activity(&self) -> Option<String> {
        let s = self.stats();
        let mut text = format!(
            "server: {} requests in flight, {:.1} tokens/s, {} retries",
            s.in_flight, s.tokens_per_second, s.retries
        );
        if s.resting > 0 {
            text += &format!(", {} URLs resting", s.resting);
        }
        Some(text)
    }

    fn repair_rounds(&self) -> usize {
        self.settings.repair_rounds
    }

    fn explains(&self) -> bool {
        true
    }

    /// One greedy completion of the explanation prompt, retried like a
    /// translation's.
    fn explain(&self, request: &ExplainRequest) -> Result<Option<Explanation>, EngineError> {
        let unit_seed = super::model::fnv1a(request.source.as_bytes());
        let mut retries = 0;
        let completion = self
            .complete(
                &CompletionRequest {
                    model: self.model.clone(),
                    messages: prompt::explanation(request),
                    max_tokens: prompt::EXPLAIN_MAX_TOKENS,
                    sampling: None,
                    seed: self.settings.seed,
                    n: 1,
                    cache_prompt: self.settings.cache_prompt,
                    logprobs: false,
                },
                unit_seed,
                &mut retries,
            )
            .map_err(|fault| EngineError(format!("server: {fault}")))?
            .answered
            .swap_remove(0);
        Ok(Some(Explanation {
            text: completion.text.trim().to_string(),
            model: Some(self.model.clone()),
            tokens_in: completion.tokens_in,
            tokens_out: completion.tokens_out,
        }))
    }

    fn repair(
        &self,
        request: &TranslationRequest,
        rejected: &[Rejected],
    ) -> Result<Option<Translation>, EngineError> {
        match rejected.first() {
            Some(best) => self
                .answer(request, prompt::repair(request, best))
                .map(Some),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_trailing_slash_and_v1_and_must_be_http() {
        assert_eq!(normalise_url("http://h:8080/").unwrap(), "http://h:8080");
        assert_eq!(
            normalise_url("https://api.x.com/v1/").unwrap(),
            "https://api.x.com"
        );
        assert!(normalise_url("localhost:8080").is_err());
        assert_eq!(host_of("http://127.0.0.1:8080/x"), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:8080"), "::1");
        assert_eq!(host_of("https://user:pw@example.com"), "example.com");
    }

    /// Guards against an option of ours clashing with another flattened
    /// into the same command (clap panics at start-up then).
    #[test]
    fn the_server_options_fit_beside_the_others() {
        use clap::CommandFactory as _;
        crate::cli::Cli::command().debug_assert();
    }

    #[test]
    fn the_fingerprint_holds_model_and_sampling_not_the_url() {
        let a = ServerSettings {
            urls: vec!["http://127.0.0.1:1".into()],
            ..ServerSettings::default()
        };
        let b = ServerSettings {
            urls: vec!["http://127.0.0.1:2".into(), "http://127.0.0.1:3".into()],
            ..ServerSettings::default()
        };
        assert_eq!(fingerprint(&a, "m"), fingerprint(&b, "m"));
        assert_ne!(fingerprint(&a, "m"), fingerprint(&a, "other"));
        let sampled = ServerSettings {
            candidates: 3,
            ..a.clone()
        };
        assert_ne!(fingerprint(&a, "m"), fingerprint(&sampled, "m"));
        assert!(fingerprint(&a, "m").contains(&format!("prompt v{}", prompt::PROMPT_VERSION)));
    }

    #[test]
    fn the_file_fills_what_the_command_line_leaves_at_its_default() {
        let file = ServerConfig {
            url: vec!["http://a:1/v1".into()],
            model: Some("m".into()),
            candidates: Some(3),
            temperature: Some(0.2),
            retries: Some(9),
            cache_prompt: Some(false),
            ..ServerConfig::default()
        };
        let cli = ServerArgs {
            retries: Some(1),
            ..ServerArgs::default()
        };
        let sampling = ModelArgs {
            temperature: 0.5,
            ..ModelArgs::default()
        };
        let s = ServerSettings::resolve(&file, &cli, &sampling).unwrap();
        assert_eq!(s.urls, ["http://a:1"]);
        assert_eq!((s.candidates, s.temperature, s.retries), (3, 0.5, 1));
        assert!(!s.cache_prompt);
        let toml: crate::config::ServerConfig = toml::from_str("cache-prompt = false").unwrap();
        assert_eq!(toml.cache_prompt, Some(false));
        let zero = ServerArgs {
            concurrency: Some(0),
            ..ServerArgs::default()
        };
        let zero = ServerSettings::resolve(&file, &zero, &sampling).unwrap();
        let err = ServerEngine::connect(&zero).err().unwrap();
        assert!(err.to_string().contains("concurrency"), "{err}");
        let no_url = ServerSettings::default();
        let err = ServerEngine::connect(&no_url).err().unwrap();
        assert!(err.to_string().contains("needs a URL"), "{err}");
    }

    // Issue 15: the last line says how much of the prompts the servers'
    // prompt caches held, and says nothing of it where they do not count.
    #[test]
    fn the_summary_gives_the_share_of_prompt_tokens_from_the_caches() {
        let stats = ServerStats {
            requests: 4,
            in_flight: 0,
            retries: 1,
            tokens_out: 40,
            tokens_in: 1000,
            tokens_cached: 615,
            tokens_per_second: 2.0,
            resting: 0,
        };
        assert_eq!(
            summary(&stats),
            "4 requests, 1 retries, 40 tokens generated (2.0 tokens/s), 1000 prompt tokens \
             (62% from the servers' prompt caches)"
        );
        let uncounted = ServerStats {
            tokens_in: 0,
            tokens_cached: 0,
            ..stats
        };
        assert_eq!(
            summary(&uncounted),
            "4 requests, 1 retries, 40 tokens generated (2.0 tokens/s)"
        );
    }

    /// Guards against a unit lost to a dead server: its retries are spent,
    /// it is declined with the reason and the count, and marked to be tried
    /// again in a later run rather than cached as a failure.
    #[test]
    fn a_refused_connection_is_retried_then_declined_for_a_later_run() {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let settings = ServerSettings {
            urls: vec![format!("http://127.0.0.1:{port}")],
            retries: 2,
            backoff: Duration::from_millis(1),
            timeout: Duration::from_secs(5),
            ..ServerSettings::default()
        };
        let engine = ServerEngine::unprobed(&settings, "m".into(), None);
        let request = TranslationRequest {
            from: Lang::Python,
            to: Lang::Rust,
            kind: crate::units::SegmentKind::Function,
            name: Some("f".into()),
            source: "def f():\n    pass\n".into(),
            path: "a.py".into(),
            first_line: 1,
            context: Default::default(),
        };
        let t = engine.translate(&request).unwrap();
        let super::super::Outcome::Declined(reason) = &t.outcome else {
            panic!("not declined: {:?}", t.outcome);
        };
        assert!(
            reason.starts_with("gave up after 2 retries: connection failed"),
            "{reason}"
        );
        assert_eq!(t.retries, 2);
        assert!(t.retry_later);
        assert_eq!(engine.stats().requests, 3);
        // The progress line's part: in flight, tokens per second, retries.
        let activity = engine.activity().unwrap_or_default();
        assert!(
            activity.starts_with("server: 0 requests in flight, 0.0 tokens/s, 2 retries"),
            "{activity}"
        );
    }
}
