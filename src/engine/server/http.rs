//! The server engine's wire: the OpenAI chat-completions request, the
//! answer parsed into a completion, and every way one exchange can go wrong,
//! sorted into faults worth retrying and faults that are final.

use std::time::Duration;

use serde_json::{json, Value};

use crate::model::Message;

/// Bodies larger than this are not read: no completion of one unit is
/// anywhere near, and a runaway server must not fill the memory.
const BODY_LIMIT: u64 = 16 << 20;

/// One HTTP exchange's answer, before its meaning is looked at.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    /// `Retry-After`, when the server sent one in seconds.
    pub retry_after: Option<Duration>,
    pub body: String,
}

/// What one request for one completion asks.
#[derive(Clone, Debug)]
pub(crate) struct CompletionRequest {
    pub model: String,
    pub messages: Vec<Message>,
    pub max_tokens: usize,
    /// None: greedy (temperature 0).
    pub sampling: Option<(f64, f64)>,
    pub seed: u64,
    /// Completions asked for (`n`): the candidates drawn from one prefill
    /// of the prompt. llama-server gives completion `i` the seed `seed +
    /// i`, as separate requests would have.
    pub n: usize,
    /// false: ask llama-server not to reuse a cached prompt prefix.
    pub cache_prompt: bool,
    /// Whether to ask for log-probabilities: only when there are candidates
    /// to rank by them. They are not free: llama-server turns `logprobs`
    /// into a softmax over the whole vocabulary for every generated token
    /// (152k entries for Qwen2.5), on the thread that schedules every slot,
    /// and a hosted API sends them back in the body.
    pub logprobs: bool,
}

impl CompletionRequest {
    /// The JSON body. `logprobs` is asked for when the request wants them
    /// and no server refused them (`refused`): servers that have them
    /// (llama-server, vLLM) let candidates be ranked; most others ignore
    /// the field. Only the chosen token's log-probability is used, so one
    /// alternative is asked for (`top_logprobs: 1`): without it
    /// llama-server ranks and sends 20 per token, and 0 would give none.
    pub fn body(&self, refused: bool) -> String {
        let (temperature, top_p) = self.sampling.unwrap_or((0.0, 1.0));
        let mut body = json!({
            "model": self.model,
            "messages": self.messages,
            "max_tokens": self.max_tokens,
            "temperature": temperature,
            "top_p": top_p,
            "seed": self.seed,
            "n": self.n.max(1),
            "stream": false,
        });
        if self.asks_logprobs(refused) {
            body["logprobs"] = json!(true);
            body["top_logprobs"] = json!(1);
        }
        if !self.cache_prompt {
            body["cache_prompt"] = json!(false);
        }
        body.to_string()
    }

    /// Whether the body asks for log-probabilities, given whether a server
    /// refused them.
    pub fn asks_logprobs(&self, refused: bool) -> bool {
        self.logprobs && !refused
    }
}

/// A completion the server gave.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Completion {
    pub text: String,
    /// Mean log-probability per generated token, when the server sent them.
    pub mean_logprob: Option<f64>,
    pub tokens_in: Option<usize>,
    /// Prompt tokens the server did not prefill because its prompt cache
    /// held them (`usage.prompt_tokens_details.cached_tokens`: llama-server,
    /// vLLM and hosted APIs with prompt caching send it).
    pub tokens_cached: Option<usize>,
    pub tokens_out: Option<usize>,
}

/// Why one request gave no completion.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Fault {
    /// Refused, reset, closed, not resolved: nothing usable came back.
    Connection(String),
    /// No whole answer within the timeout.
    Timeout,
    /// 429: the server is busy; it may say how long to wait.
    Busy(Option<Duration>),
    /// 5xx.
    ServerError(u16, String),
    /// The body was cut short, is not JSON, or is JSON of another shape.
    Garbled(String),
    /// A completion with no text.
    Empty,
    /// The model (or the server's filter) refused to answer.
    Refused(String),
    /// Another 4xx: the request itself is wrong (too long for the context,
    /// a bad key); sending it again would not help.
    Rejected(u16, String),
    /// Ctrl-C: the run is stopping.
    Cancelled,
}

impl Fault {
    /// Whether the server turned the request down for asking for
    /// log-probabilities (some hosted models do).
    pub fn refuses_logprobs(&self) -> bool {
        matches!(self, Fault::Rejected(400 | 422, message) if message.contains("logprobs"))
    }

    /// Whether the server turned the request down for asking for several
    /// completions (`n`): llama.cpp before `n_cmpl` said "Only one
    /// completion choice is allowed".
    pub fn refuses_n(&self) -> bool {
        let Fault::Rejected(400 | 422, message) = self else {
            return false;
        };
        let message = message.to_ascii_lowercase();
        message.contains("choice")
            || message.contains("n_cmpl")
            || ["`n`", "'n'", "\"n\"", " n ", " n=", "n must"]
                .iter()
                .any(|name| message.contains(name) || message.starts_with(name.trim_start()))
    }

    /// Whether sending the same request again may succeed.
    pub fn retryable(&self) -> bool {
        matches!(
            self,
            Fault::Connection(_)
                | Fault::Timeout
                | Fault::Busy(_)
                | Fault::ServerError(..)
                | Fault::Garbled(_)
                | Fault::Empty
        )
    }

    /// Whether the fault says something about the URL rather than about the
    /// request, so that a URL that keeps failing is rested.
    pub fn blames_server(&self) -> bool {
        matches!(
            self,
            Fault::Connection(_) | Fault::Timeout | Fault::ServerError(..) | Fault::Garbled(_)
        )
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fault::Connection(what) => write!(f, "connection failed: {what}"),
            Fault::Timeout => write!(f, "no answer within the timeout"),
            Fault::Busy(Some(wait)) => write!(
                f,
                "HTTP 429: the server is busy (Retry-After {}s)",
                wait.as_secs_f64()
            ),
            Fault::Busy(None) => write!(f, "HTTP 429: the server is busy"),
            Fault::ServerError(status, message) => write!(f, "HTTP {status}: {message}"),
            Fault::Garbled(what) => write!(f, "unreadable answer: {what}"),
            Fault::Empty => write!(f, "the server returned an empty completion"),
            Fault::Refused(what) => write!(f, "the model refused: {what}"),
            Fault::Rejected(status, message) => write!(f, "HTTP {status}: {message}"),
            Fault::Cancelled => write!(f, "cancelled: the run was interrupted"),
        }
    }
}

/// A ureq error as a fault: every transport error may be transient.
pub(crate) fn transport_fault(err: &ureq::Error) -> Fault {
    match err {
        ureq::Error::Timeout(_) => Fault::Timeout,
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => Fault::Timeout,
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
            Fault::Garbled(format!("the answer was cut short ({e})"))
        }
        other => Fault::Connection(other.to_string()),
    }
}

/// Sends one request and reads its whole answer, whatever its status.
pub(crate) fn exchange(
    agent: &ureq::Agent,
    url: &str,
    key: Option<&str>,
    body: Option<String>,
) -> Result<Reply, Fault> {
    let sent = match body {
        Some(body) => {
            let mut request = agent.post(url).header("Content-Type", "application/json");
            if let Some(key) = key {
                request = request.header("Authorization", format!("Bearer {key}"));
            }
            request.send(body)
        }
        None => {
            let mut request = agent.get(url);
            if let Some(key) = key {
                request = request.header("Authorization", format!("Bearer {key}"));
            }
            request.call()
        }
    };
    let mut response = sent.map_err(|e| transport_fault(&e))?;
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after);
    let body = response
        .body_mut()
        .with_config()
        .limit(BODY_LIMIT)
        .read_to_string()
        .map_err(|e| match transport_fault(&e) {
            // A body that breaks off is a garbled answer, not a dead server.
            Fault::Connection(what) => Fault::Garbled(format!("the answer was cut short ({what})")),
            other => other,
        })?;
    Ok(Reply {
        status,
        retry_after,
        body,
    })
}

/// `Retry-After` in seconds. The HTTP-date form is not worth a date parser
/// here: without it the usual backoff applies.
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let seconds: f64 = value.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

/// The error message in an OpenAI-style error body, or the start of the
/// body when it has none.
pub(crate) fn error_message(body: &str) -> String {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    let message = parsed.as_ref().and_then(|v| {
        v.pointer("/error/message")
            .or_else(|| v.get("error"))
            .or_else(|| v.get("message"))
            .and_then(Value::as_str)
    });
    match message {
        Some(m) => m.to_string(),
        None => {
            let text: String = body.trim().chars().take(200).collect();
            if text.is_empty() {
                "no message".to_string()
            } else {
                text
            }
        }
    }
}

/// The completions one request gave.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Completions {
    /// One per choice that has a usable text, in the choices' order; never
    /// empty. The request's prompt counts are on the first.
    pub answered: Vec<Completion>,
    /// Choices in the answer, failed ones included: fewer than `n` means
    /// the server does not honour `n` (Ollama answers one).
    pub choices: usize,
}

/// A chat-completions reply as its first completion, or the fault it shows.
#[cfg(test)]
pub(crate) fn completion(reply: &Reply) -> Result<Completion, Fault> {
    let mut all = completions(reply)?;
    Ok(all.answered.swap_remove(0))
}

/// A chat-completions reply as its completions, or the fault it shows: that
/// of its first choice when no choice has a text.
pub(crate) fn completions(reply: &Reply) -> Result<Completions, Fault> {
    match reply.status {
        200..=299 => {}
        429 => return Err(Fault::Busy(reply.retry_after)),
        500..=599 => return Err(Fault::ServerError(reply.status, error_message(&reply.body))),
        status => return Err(Fault::Rejected(status, error_message(&reply.body))),
    }
    let value: Value =
        serde_json::from_str(&reply.body).map_err(|e| Fault::Garbled(format!("not JSON ({e})")))?;
    let mut choices: Vec<&Value> = match value.get("choices").and_then(Value::as_array) {
        Some(choices) if !choices.is_empty() => choices.iter().collect(),
        _ => {
            return Err(match value.get("error") {
                Some(_) => Fault::ServerError(reply.status, error_message(&reply.body)),
                None => Fault::Garbled("no `choices` in the answer".to_string()),
            })
        }
    };
    // Servers may send the choices out of order; `index` is the seed's.
    choices.sort_by_key(|c| c.get("index").and_then(Value::as_u64).unwrap_or(0));
    let count = |name: &str| {
        value
            .pointer(&format!("/usage/{name}"))
            .and_then(Value::as_u64)
            .map(|n| n as usize)
    };
    let single = choices.len() == 1;
    let mut answered = Vec::new();
    let mut first_fault = None;
    for choice in &choices {
        match choice_completion(choice) {
            Ok(mut completion) => {
                // One choice: the usage is its own. Several: each counts its
                // tokens by their log-probabilities, where sent.
                if single {
                    completion.tokens_out = count("completion_tokens").or(completion.tokens_out);
                }
                answered.push(completion);
            }
            Err(fault) => {
                first_fault.get_or_insert(fault);
            }
        }
    }
    let Some(first) = answered.first_mut() else {
        return Err(first_fault.unwrap_or(Fault::Empty));
    };
    first.tokens_in = count("prompt_tokens");
    first.tokens_cached = count("prompt_tokens_details/cached_tokens");
    if !single {
        // The usage is the choices' total for OpenAI and vLLM, the first
        // choice's alone for llama-server, whose log-probabilities in turn
        // leave out tokens that end inside a UTF-8 character: at least the
        // usage's count is counted, once.
        let per_choice: usize = answered.iter().filter_map(|c| c.tokens_out).sum();
        let usage = count("completion_tokens").unwrap_or(0);
        if usage > per_choice {
            let first = &mut answered[0];
            first.tokens_out = Some(first.tokens_out.unwrap_or(0) + usage - per_choice);
        }
    }
    Ok(Completions {
        answered,
        choices: choices.len(),
    })
}

/// One choice of an answer as a completion (without the request's prompt
/// counts), or the fault it shows.
fn choice_completion(choice: &Value) -> Result<Completion, Fault> {
    let finish = choice.get("finish_reason").and_then(Value::as_str);
    let refusal = choice
        .pointer("/message/refusal")
        .and_then(Value::as_str)
        .filter(|r| !r.trim().is_empty());
    if let Some(refusal) = refusal {
        return Err(Fault::Refused(refusal.to_string()));
    }
    if finish == Some("content_filter") {
        return Err(Fault::Refused(
            "stopped by the server's content filter".into(),
        ));
    }
    let text = match choice.pointer("/message/content") {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Null) | None => String::new(),
        Some(_) => return Err(Fault::Garbled("`content` is not a string".to_string())),
    };
    if text.trim().is_empty() {
        return Err(Fault::Empty);
    }
    let logprobs: Option<Vec<f64>> = choice
        .pointer("/logprobs/content")
        .and_then(Value::as_array)
        .map(|tokens| {
            tokens
                .iter()
                .filter_map(|t| t.get("logprob").and_then(Value::as_f64))
                .collect()
        });
    let mean_logprob = logprobs
        .as_ref()
        .filter(|l| !l.is_empty())
        .map(|l| l.iter().sum::<f64>() / l.len() as f64);
    Ok(Completion {
        text,
        mean_logprob,
        tokens_in: None,
        tokens_cached: None,
        tokens_out: logprobs.map(|l| l.len()),
    })
}

/// What `GET /v1/models` says: the ids of the models served, or why the
/// server is not one this engine can use.
pub(crate) fn model_ids(reply: &Reply) -> Result<Vec<String>, String> {
    let value: Value = serde_json::from_str(&reply.body).map_err(|_| {
        format!(
            "GET /v1/models answered HTTP {} with something that is not JSON",
            reply.status
        )
    })?;
    let data = value
        .get("data")
        .and_then(Value::as_array)
        .ok_or_else(|| "GET /v1/models answered JSON without a `data` list".to_string())?;
    Ok(data
        .iter()
        .filter_map(|m| m.get("id").and_then(Value::as_str).map(str::to_string))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(body: Value) -> Reply {
        Reply {
            status: 200,
            retry_after: None,
            body: body.to_string(),
        }
    }

    #[test]
    fn a_completion_with_logprobs_gets_their_mean_and_the_token_counts() {
        let reply = ok(json!({
            "choices": [{
                "message": {"role": "assistant", "content": "```rust\nfn f() {}\n```"},
                "finish_reason": "stop",
                "logprobs": {"content": [{"token": "a", "logprob": -1.0}, {"token": "b", "logprob": -0.5}]}
            }],
            "usage": {"prompt_tokens": 40, "completion_tokens": 2,
                      "prompt_tokens_details": {"cached_tokens": 31}}
        }));
        let c = completion(&reply).unwrap();
        assert_eq!(c.text, "```rust\nfn f() {}\n```");
        assert_eq!(c.mean_logprob, Some(-0.75));
        assert_eq!((c.tokens_in, c.tokens_out), (Some(40), Some(2)));
        assert_eq!(c.tokens_cached, Some(31));
    }

    /// Guards against the candidates of one request (`n`) being mixed up
    /// or counted twice: each keeps its choice's index (and so its seed),
    /// an empty one is left out, the prompt is counted once.
    #[test]
    fn several_choices_are_completions_in_index_order_with_the_prompt_counted_once() {
        let choice = |index: u64, text: &str, logprob: f64| {
            json!({
                "index": index,
                "message": {"role": "assistant", "content": text},
                "logprobs": {"content": [{"token": "a", "logprob": logprob}]},
            })
        };
        let reply = ok(json!({
            "choices": [choice(2, "two", -0.2), choice(0, "zero", -0.5), choice(1, " ", -1.0)],
            "usage": {"prompt_tokens": 40, "completion_tokens": 3,
                      "prompt_tokens_details": {"cached_tokens": 31}}
        }));
        let all = completions(&reply).unwrap();
        assert_eq!(all.choices, 3);
        let texts: Vec<&str> = all.answered.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(texts, ["zero", "two"]);
        assert_eq!(all.answered[1].mean_logprob, Some(-0.2));
        let counts: Vec<_> = all
            .answered
            .iter()
            .map(|c| (c.tokens_in, c.tokens_cached, c.tokens_out))
            .collect();
        // The usage's 3 tokens are more than the answered choices' 2: the
        // difference goes on the first (the empty choice generated too).
        assert_eq!(
            counts,
            [(Some(40), Some(31), Some(2)), (None, None, Some(1))]
        );
        // Without per-choice counts, the request's total goes on the first.
        let plain = ok(json!({
            "choices": [{"index": 0, "message": {"content": "a"}},
                        {"index": 1, "message": {"content": "b"}}],
            "usage": {"prompt_tokens": 40, "completion_tokens": 7}
        }));
        let all = completions(&plain).unwrap();
        let out: Vec<_> = all.answered.iter().map(|c| c.tokens_out).collect();
        assert_eq!(out, [Some(7), None]);
        // No choice with a text: the first choice's fault.
        let none =
            ok(json!({"choices": [{"message": {"content": ""}}, {"message": {"content": null}}]}));
        assert_eq!(completions(&none).unwrap_err(), Fault::Empty);
    }

    /// Guards against falling back to one request per candidate on any
    /// 400 (a prompt too long for the context is not about `n`).
    #[test]
    fn a_refusal_of_n_is_told_from_other_refusals() {
        let rejected = |m: &str| Fault::Rejected(400, m.to_string());
        assert!(rejected("Only one completion choice is allowed").refuses_n());
        assert!(rejected("`n` must be 1 for this model").refuses_n());
        assert!(rejected("n must be at most 1").refuses_n());
        assert!(!rejected("the request exceeds the available context size").refuses_n());
        assert!(!rejected("logprobs is not supported with this model").refuses_n());
        assert!(!Fault::ServerError(500, "choice".into()).refuses_n());
    }

    #[test]
    fn a_completion_without_logprobs_has_no_score() {
        let reply = ok(json!({"choices": [{"message": {"content": "x = 1"}}]}));
        let c = completion(&reply).unwrap();
        assert_eq!((c.mean_logprob, c.tokens_out), (None, None));
        assert_eq!(c.tokens_cached, None);
    }

    #[test]
    fn faults_are_sorted_into_retryable_and_final() {
        let status = |status: u16, body: &str, retry_after: Option<Duration>| {
            completion(&Reply {
                status,
                retry_after,
                body: body.to_string(),
            })
            .unwrap_err()
        };
        let busy = status(429, "", Some(Duration::from_secs(2)));
        assert_eq!(busy, Fault::Busy(Some(Duration::from_secs(2))));
        let down = status(503, r#"{"error": {"message": "loading model"}}"#, None);
        assert_eq!(down, Fault::ServerError(503, "loading model".into()));
        let too_long = status(400, r#"{"error": "context too long"}"#, None);
        assert_eq!(too_long, Fault::Rejected(400, "context too long".into()));
        let garbled = status(200, "{\"choices\": [", None);
        assert!(matches!(garbled, Fault::Garbled(_)), "{garbled:?}");
        let shape = status(200, "{\"id\": 1}", None);
        assert!(matches!(shape, Fault::Garbled(_)), "{shape:?}");
        let empty = status(
            200,
            r#"{"choices": [{"message": {"content": "  "}}]}"#,
            None,
        );
        assert_eq!(empty, Fault::Empty);
        let refused = status(
            200,
            r#"{"choices": [{"message": {"content": null, "refusal": "I can't help"}}]}"#,
            None,
        );
        assert_eq!(refused, Fault::Refused("I can't help".into()));
        for retried in [&busy, &down, &garbled, &shape, &empty] {
            assert!(retried.retryable(), "{retried:?}");
        }
        for last in [&too_long, &refused, &Fault::Cancelled] {
            assert!(!last.retryable(), "{last:?}");
        }
        // Busy is the server's load, not its health: it does not rest a URL
        // on its own (Retry-After does).
        assert!(!busy.blames_server() && down.blames_server());
    }

    #[test]
    fn retry_after_is_read_in_seconds_and_dates_are_left_to_the_backoff() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after(" 0.5 "), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }

    #[test]
    fn the_models_list_gives_ids_and_other_shapes_say_what_came() {
        let ids = model_ids(&ok(
            json!({"object": "list", "data": [{"id": "a"}, {"id": "b"}]}),
        ));
        assert_eq!(ids.unwrap(), vec!["a", "b"]);
        let html = Reply {
            status: 200,
            retry_after: None,
            body: "<html>hello</html>".into(),
        };
        assert!(model_ids(&html).unwrap_err().contains("not JSON"));
        assert!(model_ids(&ok(json!({"models": []})))
            .unwrap_err()
            .contains("`data`"));
    }

    #[test]
    fn the_body_asks_for_one_greedy_completion_and_logprobs_only_to_rank() {
        let request = CompletionRequest {
            model: "m".into(),
            messages: vec![Message::new("user", "hi")],
            max_tokens: 100,
            sampling: None,
            seed: 7,
            n: 1,
            cache_prompt: true,
            logprobs: true,
        };
        let body: Value = serde_json::from_str(&request.body(false)).unwrap();
        assert_eq!(body["model"], "m");
        assert_eq!(body["messages"][0]["content"], "hi");
        assert_eq!(body["temperature"], 0.0);
        assert_eq!(
            (body["seed"].as_u64(), body["n"].as_u64()),
            (Some(7), Some(1))
        );
        // Guards against llama-server's default of 20 alternatives per
        // token (`top_logprobs` absent), ranked and sent for nothing: only
        // the chosen token's log-probability is read.
        assert_eq!(
            (&body["logprobs"], &body["top_logprobs"]),
            (&json!(true), &json!(1))
        );
        // A server refused them: asked for no more.
        let body: Value = serde_json::from_str(&request.body(true)).unwrap();
        assert!(body.get("logprobs").is_none(), "{body}");
        assert!(body.get("top_logprobs").is_none(), "{body}");
        // Guards against paying for log-probabilities with nothing to rank.
        let single = CompletionRequest {
            logprobs: false,
            ..request.clone()
        };
        assert!(!single.asks_logprobs(false));
        let body: Value = serde_json::from_str(&single.body(false)).unwrap();
        assert!(body.get("logprobs").is_none(), "{body}");
        // Guards against hosted APIs refusing a field they do not know: the
        // llama-server extension is sent only when it is turned off.
        assert!(body.get("cache_prompt").is_none(), "{body}");
        let uncached = CompletionRequest {
            cache_prompt: false,
            ..request
        };
        let body: Value = serde_json::from_str(&uncached.body(false)).unwrap();
        assert_eq!(body["cache_prompt"], false);
    }
}
