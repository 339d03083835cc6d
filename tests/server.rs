//! `--engine server` against a fault-injecting server written here: it
//! listens on 127.0.0.1 on a port the OS picks, answers in the OpenAI
//! format, and can be told to fail each way a real server fails (refused or
//! reset connections, timeouts, 429 with Retry-After, 5xx, truncated or
//! malformed bodies, empty or refused completions, answers cut mid-fence).

use std::collections::VecDeque;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::util::{report, tree};

/// What the server does with one chat-completions request.
#[derive(Clone, Debug, PartialEq)]
enum Behaviour {
    /// A JavaScript translation of the function the prompt names.
    Answer,
    /// This status, with a `Retry-After` header when given.
    Status(u16, Option<&'static str>),
    /// Answers only after this long (past the client's timeout).
    Hang(Duration),
    /// Closes the connection without a word.
    Reset,
    /// Promises a longer body than it sends, then closes.
    Truncated,
    /// 200 with a body that is not JSON.
    Malformed,
    /// A completion with no text.
    Empty,
    /// The model refuses.
    Refusal,
    /// This answer text, with `finish_reason` "length".
    CutOff(&'static str),
}

impl Behaviour {
    fn fails(&self) -> bool {
        !matches!(self, Behaviour::Answer | Behaviour::CutOff(_))
    }
}

/// One chat request as the server saw it.
#[derive(Clone, Debug)]
struct Seen {
    /// The function the prompt names, if any.
    unit: Option<String>,
    seed: u64,
    /// `top_logprobs` when the request asked for `logprobs` (0 when it
    /// named no count), None when it did not ask.
    top_logprobs: Option<u64>,
    /// Completions asked for (`n`).
    n: u64,
    authorization: Option<String>,
    behaviour: Behaviour,
    at: Instant,
}

#[derive(Default)]
struct State {
    /// Behaviours for the next chat requests, in order; then `Answer`.
    script: VecDeque<Behaviour>,
    /// Behaviours for requests about one unit, before the script.
    per_unit: Vec<(String, VecDeque<Behaviour>)>,
    /// Fail this share of requests (after the script), drawing from a
    /// seeded generator.
    random: Option<(f64, u64)>,
    /// Every chat request after the probe fails with 503.
    always_down: bool,
    /// Send `logprobs` to requests that ask for them: each seed's answer
    /// scored so that seed 2 is best.
    logprobs: bool,
    /// Answer 400 to requests that ask for `logprobs`, as some hosted
    /// models do.
    refuse_logprobs: bool,
    /// Answer `n` choices, choice `i` drawn with seed `seed + i`, as
    /// llama-server does; otherwise one, as Ollama does.
    honour_n: bool,
    /// Answer 400 to requests for more than one choice, as llama.cpp's
    /// server did before `n_cmpl`.
    refuse_n: bool,
    /// The key `Authorization: Bearer` must carry.
    key: Option<String>,
    /// What `GET /v1/models` answers (status, body); default: one model.
    models: Option<(u16, String)>,
    seen: Vec<Seen>,
    /// Chat requests being answered now, and the most there have been.
    in_flight: usize,
    most_in_flight: usize,
    /// Every chat request's conversation, flattened as a chat template
    /// would: a stand-in for llama-server's slot caches, which count as
    /// cached the longest prefix a new prompt shares with an earlier one.
    prompts: Vec<String>,
    probes: usize,
    /// Targets of the proxy tunnels (`CONNECT host:port`) opened to this
    /// server, when it stands in for a proxy.
    tunnels: Vec<String>,
}

/// The fault-injecting server.
#[derive(Clone)]
struct FaultServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
}

impl FaultServer {
    fn start() -> FaultServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a local port");
        let server = FaultServer {
            addr: listener.local_addr().expect("an address"),
            state: Arc::new(Mutex::new(State::default())),
        };
        let state = server.state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = state.clone();
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        server
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn with(&self, change: impl FnOnce(&mut State)) -> &FaultServer {
        change(&mut self.state.lock().unwrap());
        self
    }

    fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }
}

/// A chat request being answered; counted out of `State::in_flight` when
/// dropped.
struct InFlight<'a>(&'a Mutex<State>);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if let Ok(mut state) = self.0.lock() {
            state.in_flight -= 1;
        }
    }
}

/// A port with nothing listening on it.
fn dead_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    if let Some(target) = line.strip_prefix("CONNECT ") {
        // Standing in for a proxy: open the tunnel, then serve the request
        // that comes through it as if it had been sent here directly.
        let target = target.split_whitespace().next().unwrap_or("").to_string();
        let mut header = String::new();
        while reader.read_line(&mut header).unwrap_or(0) > 0 && header.trim_end() != "" {
            header.clear();
        }
        state.lock().unwrap().tunnels.push(target);
        if reader
            .get_mut()
            .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
            .is_err()
        {
            return;
        }
        line.clear();
        if reader.read_line(&mut line).is_err() {
            return;
        }
    }
    let mut parts = line.split_whitespace();
    let (method, path) = (
        parts.next().unwrap_or("").to_string(),
        parts.next().unwrap_or("").to_string(),
    );
    let mut length = 0;
    let mut authorization = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 {
            return;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').unwrap_or((header, ""));
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.trim().parse().unwrap_or(0),
            "authorization" => authorization = Some(value.trim().to_string()),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let mut stream = reader.into_inner();
    let key = state.lock().unwrap().key.clone();
    if let Some(key) = key {
        if authorization.as_deref() != Some(&format!("Bearer {key}")) {
            respond(
                &mut stream,
                401,
                &[],
                r#"{"error": {"message": "invalid api key"}}"#,
            );
            return;
        }
    }
    if method == "GET" && path == "/v1/models" {
        let reply = {
            let mut state = state.lock().unwrap();
            state.probes += 1;
            state.models.clone()
        };
        let (status, body) = reply.unwrap_or((
            200,
            json!({"object": "list", "data": [{"id": "test-model", "object": "model"}]})
                .to_string(),
        ));
        respond(&mut stream, status, &[], &body);
        return;
    }
    if method != "POST" || path != "/v1/chat/completions" {
        respond(&mut stream, 404, &[], "not found");
        return;
    }
    let request: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let prompt = request["messages"][1]["content"].as_str().unwrap_or("");
    let unit = prompt
        .split_once("function `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(name, _)| name.to_string());
    let seed = request["seed"].as_u64().unwrap_or(0);
    let top_logprobs =
        (request["logprobs"] == true).then(|| request["top_logprobs"].as_u64().unwrap_or(0));
    let n = request["n"].as_u64().unwrap_or(1);
    let to_rust = request["messages"][0]["content"]
        .as_str()
        .is_some_and(|system| system.contains("to Rust"));
    let flat: String = request["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| format!("<{}>{}\n", m["role"], m["content"].as_str().unwrap_or("")))
        .collect();
    let (behaviour, logprobs, cached, choices) = {
        let mut state = state.lock().unwrap();
        // In bytes: the share is what matters, not the tokenizer.
        let cached = state
            .prompts
            .iter()
            .map(|earlier| {
                earlier
                    .bytes()
                    .zip(flat.bytes())
                    .take_while(|(a, b)| a == b)
                    .count()
            })
            .max()
            .unwrap_or(0);
        state.prompts.push(flat.clone());
        if state.refuse_n && n > 1 {
            drop(state);
            respond(
                &mut stream,
                400,
                &[],
                r#"{"error": {"message": "Only one completion choice is allowed"}}"#,
            );
            return;
        }
        if state.refuse_logprobs && request.get("logprobs").is_some() {
            drop(state);
            respond(
                &mut stream,
                400,
                &[],
                r#"{"error": {"message": "logprobs is not supported with this model"}}"#,
            );
            return;
        }
        let scripted = unit.as_ref().and_then(|u| {
            state
                .per_unit
                .iter_mut()
                .find(|(name, _)| name == u)
                .and_then(|(_, script)| script.pop_front())
        });
        let behaviour = match scripted.or_else(|| state.script.pop_front()) {
            Some(b) => b,
            None if state.always_down => Behaviour::Status(503, None),
            None => match &mut state.random {
                Some((share, rng)) => {
                    *rng = splitmix(*rng);
                    let draw = (*rng >> 11) as f64 / (1u64 << 53) as f64;
                    if draw < *share {
                        let faults = [
                            Behaviour::Status(500, None),
                            Behaviour::Status(503, None),
                            Behaviour::Status(429, Some("0")),
                            Behaviour::Reset,
                            Behaviour::Truncated,
                            Behaviour::Malformed,
                            Behaviour::Empty,
                            Behaviour::Hang(Duration::from_millis(1500)),
                        ];
                        faults[(*rng % faults.len() as u64) as usize].clone()
                    } else {
                        Behaviour::Answer
                    }
                }
                None => Behaviour::Answer,
            },
        };
        state.seen.push(Seen {
            unit: unit.clone(),
            seed,
            top_logprobs,
            n,
            authorization,
            behaviour: behaviour.clone(),
            at: Instant::now(),
        });
        state.in_flight += 1;
        state.most_in_flight = state.most_in_flight.max(state.in_flight);
        let choices = if state.honour_n { n.max(1) } else { 1 };
        (
            behaviour,
            state.logprobs && top_logprobs.is_some(),
            cached,
            choices,
        )
    };
    // Counted out when the answer has been sent (or the connection dropped).
    let _in_flight = InFlight(state);

    let name = unit.unwrap_or_else(|| "glue".to_string());
    // The answer's choices, choice `i` written by `text(seed + i)`.
    let completion = |text: &dyn Fn(u64) -> String, finish: &str| {
        let choices: Vec<Value> = (0..choices)
            .map(|i| {
                let seed = seed + i;
                let mut choice = json!({
                    "index": i,
                    "message": {"role": "assistant", "content": text(seed)},
                    "finish_reason": finish,
                });
                if logprobs {
                    // Seed 2 is the most likely, then 1, then 0.
                    let logprob = -3.0 + seed as f64;
                    choice["logprobs"] = json!({"content": [
                        {"token": "a", "logprob": logprob},
                        {"token": "b", "logprob": logprob},
                    ]});
                }
                choice
            })
            .collect();
        let generated = 10 * choices.len();
        json!({
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": "test-model",
            "choices": choices,
            "usage": {
                "prompt_tokens": flat.len(),
                "completion_tokens": generated,
                "total_tokens": flat.len() + generated,
                "prompt_tokens_details": {"cached_tokens": cached},
            },
        })
        .to_string()
    };
    match behaviour {
        Behaviour::Answer if to_rust => {
            let text =
                |seed| format!("```rust\nfn {name}(x: i64) -> i64 {{\n    x + {seed}\n}}\n```");
            respond(&mut stream, 200, &[], &completion(&text, "stop"));
        }
        Behaviour::Answer => {
            let text = |seed| {
                format!("```javascript\nfunction {name}(x) {{\n  return x + {seed};\n}}\n```")
            };
            respond(&mut stream, 200, &[], &completion(&text, "stop"));
        }
        Behaviour::CutOff(text) => respond(
            &mut stream,
            200,
            &[],
            &completion(&|_| text.to_string(), "length"),
        ),
        Behaviour::Status(status, retry_after) => {
            let headers: Vec<(&str, &str)> = retry_after
                .map(|r| ("Retry-After", r))
                .into_iter()
                .collect();
            respond(
                &mut stream,
                status,
                &headers,
                r#"{"error": {"message": "injected fault"}}"#,
            );
        }
        Behaviour::Hang(wait) => {
            std::thread::sleep(wait);
            let text = |_| format!("```javascript\nfunction {name}(x) {{\n  return x;\n}}\n```");
            respond(&mut stream, 200, &[], &completion(&text, "stop"));
        }
        Behaviour::Reset => drop(stream),
        Behaviour::Truncated => {
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\
                  Connection: close\r\n\r\n{\"choices\": [{\"message\": ",
            );
        }
        Behaviour::Malformed => respond(&mut stream, 200, &[], "<html>502 Bad Gateway</html>"),
        Behaviour::Empty => respond(
            &mut stream,
            200,
            &[],
            &completion(&|_| String::new(), "stop"),
        ),
        Behaviour::Refusal => {
            let body = json!({"choices": [{"index": 0, "finish_reason": "stop",
                "message": {"role": "assistant", "content": null,
                            "refusal": "I will not translate this."}}]});
            respond(&mut stream, 200, &[], &body.to_string());
        }
    }
}

fn respond(stream: &mut TcpStream, status: u16, headers: &[(&str, &str)], body: &str) {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    head += "\r\n";
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body.as_bytes());
}

fn splitmix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Python functions `f0`..`f{n-1}`, one file.
fn functions(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("def {n}(x):\n    return x + 1\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A source tree with `files` of `per_file` functions each, and an
/// xlate.toml whose `[server]` table holds `server` (TOML lines).
fn project(files: usize, per_file: usize, server: &str) -> tempfile::TempDir {
    let mut contents = Vec::new();
    for f in 0..files {
        let names: Vec<String> = (0..per_file).map(|u| format!("f{f}u{u}")).collect();
        contents.push((format!("src/m{f}.py"), functions(&names)));
    }
    contents.push(("xlate.toml".to_string(), format!("[server]\n{server}\n")));
    let files: Vec<(&str, &[u8])> = contents
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_bytes()))
        .collect();
    tree(&files)
}

/// Settings that keep tests fast (short waits, a short timeout), with
/// `more` (TOML lines) replacing those it names.
fn fast(server: &FaultServer, more: &str) -> String {
    let url = format!("url = \"{}\"", server.url());
    let mut lines: Vec<&str> = [
        url.as_str(),
        "backoff = 0.001",
        "timeout = 0.5",
        "retries = 3",
        "concurrency = 2",
    ]
    .into_iter()
    .filter(|line| {
        let key = line.split(' ').next().unwrap_or("");
        !more.lines().any(|m| m.split(' ').next() == Some(key))
    })
    .collect();
    lines.extend(more.lines());
    lines.join("\n")
}

/// `xlate translate` with the server engine, from `dir/src` to `dir/out`,
/// with no proxy from the environment.
fn translate(dir: &Path) -> assert_cmd::Command {
    assert_cmd::Command::from_std(translate_std(dir))
}

fn translate_std(dir: &Path) -> std::process::Command {
    translate_with(dir, "server", "javascript")
}

fn translate_with(dir: &Path, engine: &str, to: &str) -> std::process::Command {
    let mut cmd = crate::util::xlate_std();
    for var in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        cmd.env_remove(var);
    }
    cmd.args(["translate", "--engine", engine, "--to", to])
        .arg("--out")
        .arg(dir.join("out"))
        .arg("--cache")
        .arg(dir.join("cache"))
        .arg(dir.join("src"));
    cmd
}

fn run(cmd: &mut assert_cmd::Command) -> (i32, String) {
    let output = cmd.output().expect("xlate runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_fault_that_may_pass_is_retried_and_counted_in_the_report() {
    let server = FaultServer::start();
    server.with(|s| {
        s.script = VecDeque::from([
            Behaviour::Status(500, None),
            Behaviour::Status(503, None),
            Behaviour::Status(429, Some("0")),
            Behaviour::Reset,
            Behaviour::Truncated,
            Behaviour::Malformed,
            Behaviour::Empty,
            Behaviour::Hang(Duration::from_millis(1500)),
        ])
    });
    let dir = project(1, 1, &fast(&server, "retries = 8"));
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    let out = read(dir.path(), "out/m0.js");
    assert!(
        out.contains("function f0u0(x) {\n  return x + 0;\n}"),
        "{out}"
    );
    let report = report(&dir.path().join("out"));
    let unit = &report["files"][0]["units"][0];
    assert_eq!(unit["status"], "translated");
    assert_eq!(unit["retries"], 8, "{unit}");
    assert_eq!(unit["engine"], "server");
    assert_eq!(unit["model"], "test-model");
    assert_eq!(report["totals"]["retries"], 8);
    assert!(stderr.contains("8 requests retried"), "{stderr}");
    // The last progress line has the engine's figures.
    assert!(
        stderr.contains("; server: 0 requests in flight, ")
            && stderr.contains(" tokens/s, 8 retries"),
        "{stderr}"
    );
    assert_eq!(server.seen().len(), 9);
}

/// Guards against a server outage being cached as the unit's translation:
/// the unit whose retries are spent is a `TODO(xlate)` naming the fault,
/// and the next run asks the server again.
#[test]
fn a_unit_whose_retries_are_spent_is_a_todo_and_is_tried_again_next_run() {
    let server = FaultServer::start();
    // The file's last unit fails: an earlier one would change the context
    // (names already chosen) of those after it, and with it their cache keys.
    server.with(|s| {
        s.per_unit = vec![(
            "f0u1".into(),
            VecDeque::from(vec![Behaviour::Status(503, None); 4]),
        )]
    });
    let dir = project(1, 2, &fast(&server, "concurrency = 1"));
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 1, "{stderr}");
    let out = read(dir.path(), "out/m0.js");
    assert!(
        out.contains("// TODO(xlate): server: gave up after 3 retries: HTTP 503: injected fault"),
        "{out}"
    );
    assert!(out.contains("// def f0u1(x):"), "{out}");
    assert!(out.contains("function f0u0(x)"), "{out}");
    let report = report(&dir.path().join("out"));
    assert_eq!(report["files"][0]["units"][1]["retries"], 3);
    assert_eq!(report["totals"]["units_failed"], 1);

    let before = server.seen().len();
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    let asked: Vec<_> = server.seen()[before..]
        .iter()
        .map(|s| s.unit.clone().unwrap_or_default())
        .collect();
    // f0u0 comes from the cache; only the failed unit is asked again.
    assert_eq!(asked, ["f0u1"]);
    assert!(read(dir.path(), "out/m0.js").contains("function f0u1(x)"));
}

#[test]
fn retry_after_is_honoured_over_the_backoff() {
    let server = FaultServer::start();
    server.with(|s| s.script = VecDeque::from([Behaviour::Status(429, Some("1"))]));
    let dir = project(1, 1, &fast(&server, ""));
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    let waited = seen[1].at - seen[0].at;
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
}

#[test]
fn a_refused_completion_is_final_and_says_so() {
    let server = FaultServer::start();
    server.with(|s| s.script = VecDeque::from([Behaviour::Refusal]));
    let dir = project(1, 1, &fast(&server, ""));
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 1, "{stderr}");
    let out = read(dir.path(), "out/m0.js");
    assert!(
        out.contains("TODO(xlate): server declined: the model refused: I will not translate"),
        "{out}"
    );
    assert_eq!(server.seen().len(), 1, "a refusal is not retried");
}

#[test]
fn an_answer_cut_mid_fence_is_checked_and_repaired_when_it_does_not_parse() {
    let server = FaultServer::start();
    server.with(|s| {
        s.per_unit = vec![
            // Whole code, closing fence missing: it parses, it is kept.
            (
                "f0u0".into(),
                VecDeque::from([Behaviour::CutOff(
                    "```javascript\nfunction f0u0(x) {\n  return x + 7;\n}\n",
                )]),
            ),
            // Cut inside the code: the parser rejects it, a repair round
            // asks again.
            (
                "f0u1".into(),
                VecDeque::from([Behaviour::CutOff(
                    "```javascript\nfunction f0u1(x) {\n  return (x",
                )]),
            ),
        ]
    });
    let dir = project(1, 2, &fast(&server, ""));
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    let out = read(dir.path(), "out/m0.js");
    assert!(out.contains("return x + 7;"), "{out}");
    assert!(
        out.contains("function f0u1(x) {\n  return x + 0;\n}"),
        "{out}"
    );
    let report = report(&dir.path().join("out"));
    let units = &report["files"][0]["units"];
    assert_eq!(units[0]["candidates"], 1);
    assert_eq!(units[1]["candidates"], 2, "{}", units[1]);
    let repair = server
        .seen()
        .iter()
        .filter(|s| s.unit.as_deref() == Some("f0u1"))
        .count();
    assert_eq!(repair, 2);
}

#[test]
fn candidates_are_ranked_by_logprob_and_kept_in_order_without() {
    for (logprobs, winner) in [(true, 2), (false, 0)] {
        let server = FaultServer::start();
        server.with(|s| s.logprobs = logprobs);
        let dir = project(
            1,
            1,
            &fast(&server, "candidates = 3\ntemperature = 0.8\nseed = 0"),
        );
        let (code, stderr) = run(&mut translate(dir.path()));
        assert_eq!(code, 0, "{stderr}");
        let out = read(dir.path(), "out/m0.js");
        assert!(out.contains(&format!("return x + {winner};")), "{out}");
        let seen = server.seen();
        let mut seeds: Vec<u64> = seen.iter().map(|s| s.seed).collect();
        seeds.sort();
        assert_eq!(seeds, [0, 1, 2], "one request per candidate, each its seed");
        // Candidates to rank: each asks for the chosen tokens'
        // log-probabilities and one alternative, not llama-server's 20.
        assert!(seen.iter().all(|s| s.top_logprobs == Some(1)), "{seen:?}");
        let unit = &report(&dir.path().join("out"))["files"][0]["units"][0];
        assert_eq!(unit["winner"], winner, "{unit}");
        if logprobs {
            assert_eq!(unit["score"], -1.0);
        } else {
            assert!(unit.get("score").is_none(), "{unit}");
        }
    }
}

/// Guards against asking for log-probabilities with nothing to rank:
/// llama-server computes a softmax over the whole vocabulary for every
/// generated token of a request that asks, on the thread that schedules
/// all its slots. One greedy candidate asks for none, even from a server
/// that has them, and its unit has no score.
#[test]
fn one_candidate_asks_for_no_logprobs() {
    let server = FaultServer::start();
    server.with(|s| s.logprobs = true);
    let dir = project(2, 2, &fast(&server, ""));
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    let seen = server.seen();
    assert_eq!(seen.len(), 4, "one request per unit: {seen:?}");
    assert!(seen.iter().all(|s| s.top_logprobs.is_none()), "{seen:?}");
    let report = report(&dir.path().join("out"));
    for file in report["files"].as_array().expect("files") {
        for unit in file["units"].as_array().expect("units") {
            assert_eq!(unit["status"], "translated", "{unit}");
            assert!(unit.get("score").is_none(), "{unit}");
        }
    }
}

/// The engine runs two workers per request it may have in flight, so that
/// a slot the server frees is asked again while the worker that used it
/// checks its answer; guards against those workers sending more requests
/// than `concurrency` (a server's slots), and against fewer.
#[test]
fn requests_in_flight_fill_the_concurrency_and_never_pass_it() {
    let server = FaultServer::start();
    server.with(|s| {
        s.script = (0..8)
            .map(|_| Behaviour::Hang(Duration::from_millis(300)))
            .collect()
    });
    let dir = project(8, 1, &fast(&server, "concurrency = 3\ntimeout = 30"));
    let (code, stderr) = run(translate(dir.path()).args(["-j", "1"]));
    assert_eq!(code, 0, "{stderr}");
    let state = server.state.lock().unwrap();
    assert_eq!(state.seen.len(), 8, "one request per unit");
    assert_eq!(state.most_in_flight, 3, "{stderr}");
    assert_eq!(state.in_flight, 0);
}

/// Guards against candidates each paying for the prompt's prefill: a
/// server that honours `n` (llama-server copies the prefilled slot to the
/// others) is asked once per unit for all of them, each drawn with its own
/// seed, and they are ranked as if asked for apart.
#[test]
fn candidates_come_from_one_request_where_the_server_honours_n() {
    let server = FaultServer::start();
    server.with(|s| {
        s.logprobs = true;
        s.honour_n = true;
    });
    let dir = project(
        2,
        1,
        &fast(&server, "candidates = 3\ntemperature = 0.8\nseed = 0"),
    );
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("(`n`)"), "{stderr}");
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "one request per unit: {seen:?}");
    assert!(
        seen.iter()
            .all(|s| (s.n, s.seed, s.top_logprobs) == (3, 0, Some(1))),
        "{seen:?}"
    );
    let report = report(&dir.path().join("out"));
    for (f, file) in report["files"]
        .as_array()
        .expect("files")
        .iter()
        .enumerate()
    {
        let unit = &file["units"][0];
        assert_eq!(
            (unit["candidates"].as_u64(), unit["winner"].as_u64()),
            (Some(3), Some(2)),
            "{unit}"
        );
        assert_eq!(unit["score"], -1.0, "{unit}");
        let out = read(dir.path(), &format!("out/m{f}.js"));
        assert!(out.contains("return x + 2;"), "{out}");
    }
}

/// Guards against losing candidates on servers without `n`: one that
/// answers a single choice (Ollama) or refuses the request (llama.cpp
/// before `n_cmpl`) gets the other candidates as requests of their own,
/// with their seeds, and every later unit asks that way from the start.
#[test]
fn a_server_without_n_is_asked_for_each_candidate_apart() {
    for refuse in [false, true] {
        let server = FaultServer::start();
        server.with(|s| s.refuse_n = refuse);
        let dir = project(
            1,
            2,
            &fast(
                &server,
                "candidates = 3\ntemperature = 0.8\nseed = 0\nconcurrency = 1",
            ),
        );
        let (code, stderr) = run(translate(dir.path()).args(["-j", "1"]));
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stderr.matches("(`n`)").count(), 1, "said once: {stderr}");
        let seen = server.seen();
        let asked: Vec<(u64, u64)> = seen.iter().map(|s| (s.n, s.seed)).collect();
        // The first unit's request for three: refused (not seen) or
        // answered with one choice; then seeds 1 and 2 apart (or all three).
        let first: &[(u64, u64)] = if refuse { &[] } else { &[(3, 0)] };
        let apart: &[(u64, u64)] = if refuse {
            &[(1, 0), (1, 1), (1, 2)]
        } else {
            &[(1, 1), (1, 2)]
        };
        let mut head = asked[..first.len() + apart.len()].to_vec();
        head[first.len()..].sort_unstable();
        assert_eq!(head, [first, apart].concat(), "refuse {refuse}: {asked:?}");
        let mut second = asked[first.len() + apart.len()..].to_vec();
        second.sort_unstable();
        assert_eq!(
            second,
            [(1, 0), (1, 1), (1, 2)],
            "refuse {refuse}: {asked:?}"
        );
        let report = report(&dir.path().join("out"));
        for unit in report["files"][0]["units"].as_array().expect("units") {
            assert_eq!(unit["candidates"], 3, "{unit}");
        }
    }
}

/// With a fifth of the requests failing at random (every kind of fault),
/// every unit ends translated or a `TODO(xlate)`, none is lost, none is
/// written twice, and the report's retries are the faults that were retried.
#[test]
fn a_fifth_of_requests_failing_loses_no_unit_and_writes_none_twice() {
    let server = FaultServer::start();
    server.with(|s| s.random = Some((0.2, 15)));
    let (files, per_file) = (6, 10);
    // One retry: with a fifth of requests failing, a few units give up, so
    // both endings are seen.
    let dir = project(
        files,
        per_file,
        &fast(&server, "concurrency = 4\nretries = 1"),
    );
    let (code, stderr) = run(translate(dir.path()).args(["-j", "4"]));
    assert!(code == 0 || code == 1, "{stderr}");
    let report = report(&dir.path().join("out"));
    let mut gave_up = 0;
    for f in 0..files {
        let out = read(dir.path(), &format!("out/m{f}.js"));
        for u in 0..per_file {
            let name = format!("f{f}u{u}");
            let translated = out.matches(&format!("function {name}(")).count();
            let todo = out.matches(&format!("// def {name}(")).count();
            assert_eq!(translated + todo, 1, "{name} in\n{out}");
            gave_up += todo;
        }
    }
    assert_eq!(report["totals"]["units"], files * per_file);
    assert_eq!(
        report["totals"]["units_translated"].as_u64().unwrap() as usize,
        files * per_file - gave_up
    );
    let seen = server.seen();
    let failures = seen.iter().filter(|s| s.behaviour.fails()).count();
    assert!(failures > 0, "the fault injection injected nothing");
    // Each fault is retried except the last of a unit that gave up.
    let retries = report["totals"]["retries"].as_u64().unwrap_or(0) as usize;
    assert_eq!(retries, failures - gave_up, "{stderr}");
    assert!(
        stderr.contains(&format!("{retries} requests retried")),
        "{stderr}"
    ); // Shown with --nocapture: the figures of this run.
    eprintln!("{stderr}");
}

#[test]
fn several_urls_share_the_work_and_one_that_keeps_failing_is_rested() {
    let (good, bad) = (FaultServer::start(), FaultServer::start());
    bad.with(|s| s.always_down = true);
    let dir = project(
        2,
        6,
        &format!(
            "url = [\"{}\", \"{}\"]\nbackoff = 0.1\ntimeout = 2\nretries = 5\nconcurrency = 2",
            good.url(),
            bad.url()
        ),
    );
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    let report = report(&dir.path().join("out"));
    assert_eq!(report["totals"]["units_translated"], 12);
    let (answered, failed) = (good.seen().len(), bad.seen().len());
    assert_eq!(answered, 12);
    assert!(failed >= 1, "the second URL was never tried");
    // Rested after three failures in a row, it is tried again only after its
    // rest, not once per unit.
    assert!(
        failed < 12,
        "{failed} requests went to the URL that is down"
    );
    assert_eq!(
        report["totals"]["retries"].as_u64().unwrap() as usize,
        failed
    );

    // Two healthy URLs share even a light load.
    let (a, b) = (FaultServer::start(), FaultServer::start());
    let dir = project(
        1,
        4,
        &format!(
            "url = [\"{}\", \"{}/v1/\"]\nconcurrency = 1",
            a.url(),
            b.url()
        ),
    );
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!((a.seen().len(), b.seen().len()), (2, 2));
}

/// Proxies come from the environment: a server named by a host this
/// machine cannot resolve is reached through the proxy `HTTP_PROXY` names,
/// the probe and every request through a tunnel to that host.
#[test]
fn a_proxy_from_the_environment_carries_every_request() {
    let proxy = FaultServer::start();
    let dir = project(
        1,
        2,
        "url = \"http://llm.invalid:8080\"\nbackoff = 0.001\ntimeout = 5\nretries = 1",
    );
    let mut cmd = translate_std(dir.path());
    cmd.env("HTTP_PROXY", proxy.url())
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let out = read(dir.path(), "out/m0.js");
    assert!(out.contains("function f0u0(x) {"), "{out}");
    let state = proxy.state.lock().unwrap();
    assert_eq!(state.probes, 1);
    assert_eq!(state.seen.len(), 2);
    assert!(
        !state.tunnels.is_empty() && state.tunnels.iter().all(|t| t == "llm.invalid:8080"),
        "{:?}",
        state.tunnels
    );
}

#[test]
fn a_wrong_url_stops_the_run_before_any_unit() {
    let url = format!("http://127.0.0.1:{}", dead_port());
    let dir = project(1, 1, &format!("url = \"{url}\""));
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("cannot reach {url}")), "{stderr}");
    assert!(!dir.path().join("out/m0.js").exists());
}

#[test]
fn a_server_that_is_not_openai_compatible_stops_the_run() {
    let server = FaultServer::start();
    server.with(|s| s.models = Some((404, "<html>no</html>".into())));
    let dir = project(1, 1, &fast(&server, ""));
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("is not an OpenAI-compatible server: GET /v1/models answered HTTP 404"),
        "{stderr}"
    );
    server.with(|s| s.models = Some((200, "<html>hello</html>".into())));
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not JSON"), "{stderr}");
    assert!(server.seen().is_empty(), "no unit was sent");
}

#[test]
fn a_model_the_server_does_not_have_stops_the_run_naming_those_it_has() {
    let server = FaultServer::start();
    let dir = project(1, 1, &fast(&server, "model = \"gpt-9\""));
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("does not serve the model `gpt-9` (it serves: test-model)"),
        "{stderr}"
    );
    assert!(server.seen().is_empty());
}

/// Guards against the API key leaking: it travels only in the header, and
/// neither the messages, the report nor the cache hold it.
#[test]
fn a_refused_key_names_its_variable_and_the_key_appears_nowhere() {
    let server = FaultServer::start();
    server.with(|s| s.key = Some("sekret-key-42".into()));
    let dir = project(1, 1, &fast(&server, "api-key-env = \"XLATE_TEST_KEY\""));
    let (code, stderr) = run(translate(dir.path()).env("XLATE_TEST_KEY", "wrong-key-17"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("XLATE_TEST_KEY"), "{stderr}");
    assert!(stderr.contains("HTTP 401"), "{stderr}");
    assert!(!stderr.contains("wrong-key-17"), "{stderr}");

    let (code, stderr) = run(translate(dir.path()).env_remove("XLATE_TEST_KEY"));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("XLATE_TEST_KEY") && stderr.contains("not set"),
        "{stderr}"
    );

    let (code, stderr) = run(translate(dir.path()).env("XLATE_TEST_KEY", "sekret-key-42"));
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        server.seen()[0].authorization.as_deref(),
        Some("Bearer sekret-key-42")
    );
    assert!(!stderr.contains("sekret-key-42"));
    for (rel, bytes) in crate::util::read_tree(dir.path()) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("sekret-key-42"),
            "the key is in {rel}"
        );
    }
}

/// Guards against Ctrl-C waiting out a hung request: the request is
/// abandoned at once, the file is not written, and the next run resumes
/// from the cache (the unit answered before the interrupt is not asked
/// again).
#[test]
fn ctrl_c_cancels_a_hung_request_and_the_next_run_resumes_from_the_cache() {
    let server = FaultServer::start();
    server.with(|s| {
        s.per_unit = vec![(
            "f0u1".into(),
            VecDeque::from([Behaviour::Hang(Duration::from_secs(60))]),
        )]
    });
    let dir = project(
        1,
        2,
        &format!("url = \"{}\"\ntimeout = 120\nconcurrency = 1", server.url()),
    );
    let mut child = translate_std(dir.path())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while !server
        .seen()
        .iter()
        .any(|s| s.unit.as_deref() == Some("f0u1"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "f0u1 never asked"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = i32::try_from(child.id()).unwrap();
    // SAFETY: signals our own child process, by its id.
    unsafe { libc::kill(pid, libc::SIGINT) };
    let interrupted = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            interrupted.elapsed() < Duration::from_secs(10),
            "the run waited for the hung request"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(130));
    assert!(
        !dir.path().join("out/m0.js").exists(),
        "an interrupted file was written"
    );

    let before = server.seen().len();
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    let asked: Vec<_> = server.seen()[before..]
        .iter()
        .map(|s| s.unit.clone().unwrap_or_default())
        .collect();
    assert_eq!(asked, ["f0u1"]);
    let out = read(dir.path(), "out/m0.js");
    assert!(
        out.contains("function f0u0(x)") && out.contains("function f0u1(x)"),
        "{out}"
    );
}

/// `xlate eval --engine server` takes the same options on its command line.
#[test]
fn eval_runs_with_the_server_engine_and_its_options() {
    if std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no node to run the JavaScript tests");
        return;
    }
    let server = FaultServer::start();
    server.with(|s| {
        s.per_unit = vec![(
            "add".into(),
            VecDeque::from([
                Behaviour::Status(502, None),
                Behaviour::CutOff("```javascript\nfunction add(x, y) {\n  return x + y;\n}\n```"),
            ]),
        )];
    });
    let python = json!({"task": 0, "declaration": "def add(x, y):\n",
        "canonical_solution": "    return x + y\n", "test": ""});
    let javascript = json!({"task": 0, "declaration": "\nconst add = (x, y) => {\n",
        "canonical_solution": "  return x + y;\n}\n",
        "test": "const testAdd = () => {\n  console.assert(add(1, 2) === 3)\n}\n\ntestAdd()\n"});
    let bench = tree(&[
        ("python.jsonl", format!("{python}\n").as_bytes()),
        ("javascript.jsonl", format!("{javascript}\n").as_bytes()),
    ]);
    let json_out = bench.path().join("eval.json");
    // Regression: this test started xlate without the test run's cache,
    // writing into the user's ~/.cache/xlate.
    let mut cmd = crate::util::xlate_std();
    cmd.args(["eval", "--engine", "server", "--bench"])
        .arg(bench.path())
        .args(["--from", "python", "--to", "javascript", "--json"])
        .arg(&json_out)
        .args([
            "--server-url",
            &server.url(),
            "--server-model",
            "test-model",
        ])
        .args([
            "--retries",
            "2",
            "--request-timeout",
            "5",
            "--concurrency",
            "1",
        ]);
    for var in ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"] {
        cmd.env_remove(var);
    }
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let report: Value = serde_json::from_str(&std::fs::read_to_string(&json_out).unwrap()).unwrap();
    assert_eq!(report["tasks"][0]["status"], "passed", "{report}\n{stderr}");
    let asked: Vec<_> = server.seen().iter().map(|s| s.behaviour.clone()).collect();
    assert_eq!(
        asked[0],
        Behaviour::Status(502, None),
        "the fault was retried"
    );
}

/// `--engine auto` is the rules engine, then the server engine when a URL
/// is configured: a unit the rules decline (here untyped Python to Rust)
/// goes to the server.
#[test]
fn auto_is_the_rules_then_the_configured_server() {
    let server = FaultServer::start();
    let dir = project(1, 2, &fast(&server, ""));
    let output = translate_with(dir.path(), "auto", "rust").output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    // Python modules go under the crate's `src/`.
    let out = read(dir.path(), "out/src/m0.rs");
    assert!(
        out.contains("fn f0u0(x: i64) -> i64 {\n    x + 0\n}"),
        "{out}"
    );
    assert_eq!(server.seen().len(), 2);
    let unit = &report(&dir.path().join("out"))["files"][0]["units"][0];
    assert_eq!(unit["engine"], "server");
    // Python to JavaScript: the rules engine translates these units itself.
    let output = translate_with(dir.path(), "auto", "javascript")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        server.seen().len(),
        2,
        "the rules engine's units went to the server"
    );
    assert_eq!(
        report(&dir.path().join("out"))["files"][0]["units"][0]["engine"],
        "rules"
    );
}

/// Guards against a server that refuses `logprobs` failing every unit: the
/// engine stops asking for them and sends the request again, uncounted.
#[test]
fn a_server_that_refuses_logprobs_is_asked_without_them() {
    let server = FaultServer::start();
    server.with(|s| s.refuse_logprobs = true);
    let dir = project(
        1,
        3,
        &fast(
            &server,
            "concurrency = 1\ncandidates = 2\ntemperature = 0.8",
        ),
    );
    let (code, stderr) = run(&mut translate(dir.path()));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("does not give log-probabilities"),
        "{stderr}"
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 6, "one request per candidate reached the model");
    assert!(seen.iter().all(|s| s.top_logprobs.is_none()), "{seen:?}");
    assert!(report(&dir.path().join("out"))["totals"]
        .get("retries")
        .is_none());
}

/// `xlate explain` with the server engine (from xlate.toml's `[server]`):
/// one greedy request per unit, retried through a fault like a
/// translation's, and a second run answered from the cache alone.
#[test]
fn explain_asks_the_server_once_per_unit_and_retries_its_faults() {
    let server = FaultServer::start();
    server.with(|s| s.script = VecDeque::from([Behaviour::Status(503, None)]));
    let dir = project(1, 2, &fast(&server, ""));
    let explain = || {
        let mut cmd = crate::util::xlate_std();
        for var in ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"] {
            cmd.env_remove(var);
        }
        cmd.args(["explain", "--json", "--cache"])
            .arg(dir.path().join("cache"))
            .arg(dir.path().join("src"));
        cmd.output().expect("xlate runs")
    };
    let output = explain();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["engine"], "server");
    let units = json["files"][0]["units"].as_array().expect("units");
    assert_eq!(units.len(), 2, "{json}");
    for unit in units {
        let name = unit["name"].as_str().expect("a name");
        let text = unit["explanation"]["text"]
            .as_str()
            .expect("an explanation");
        // The fake server answers about the unit the prompt names.
        assert!(text.contains(&format!("function {name}(x)")), "{text}");
        assert_eq!(unit["explanation"]["model"], "test-model");
    }
    let seen = server.seen();
    // Two units, one 503 retried; greedy, so one request per unit.
    assert_eq!(seen.len(), 3, "{seen:?}");
    assert!(seen.iter().all(|s| s.seed == 0), "{seen:?}");
    let output = explain();
    assert_eq!(output.status.code(), Some(0));
    let again: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(again["cache"]["engine_calls"], 0, "{}", again["cache"]);
    assert_eq!(server.seen().len(), 3, "the cache answered");
}

// Issue 15: the prompt put the unit's name before the instructions, so a
// server's prompt cache could reuse only the system message, about a third
// of each prompt, and the server engine was 1.35x a naive client on
// llama-server. Every unit's prompt now starts with everything that does
// not depend on the unit; the engine adds up what the servers' caches held
// and says it in its last line. Against a server that counts a prompt's
// longest prefix shared with any earlier one as cached (as llama-server's
// slots and prompt cache do), most of every prompt after the first is.
#[test]
fn most_of_each_prompt_is_a_prefix_the_servers_cache_already_holds() {
    let server = FaultServer::start();
    let dir = project(4, 3, &fast(&server, "concurrency = 1"));
    let (code, stderr) = run(translate(dir.path()).args(["-j", "1"]));
    assert_eq!(code, 0, "{stderr}");
    let prompts = server.state.lock().unwrap().prompts.clone();
    assert_eq!(prompts.len(), 12, "one request per unit");
    let total: usize = prompts.iter().map(String::len).sum();
    let line = stderr
        .lines()
        .find(|l| l.starts_with("xlate: server: 12 requests"))
        .unwrap_or_else(|| panic!("no summary line in\n{stderr}"));
    assert!(
        line.contains(&format!(", {total} prompt tokens (")),
        "the prompt tokens are the servers' counts, added up: {line}"
    );
    let share: f64 = line
        .split(" prompt tokens (")
        .nth(1)
        .and_then(|rest| rest.split('%').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no share in {line}"));
    assert!(
        share >= 60.0,
        "only {share}% of the prompts was cached: {line}"
    );
    // The first prompt of each file shares everything up to the file's
    // name with the earlier files' prompts, and the other units of the file
    // their file's part too.
    let first = &prompts[0];
    let at = first.find("File: `").expect("a File section");
    for prompt in &prompts[1..] {
        assert_eq!(prompt[..at], first[..at]);
    }
}
