//! `--engine server` against a real llama-server (llama.cpp), run only when
//! `XLATE_LLAMA_SERVER` names the `llama-server` binary
//! (`../shared/tools/build_llama_peer.sh DIR` builds
//! `DIR/build/bin/llama-server`). The model is `XLATE_LLAMA_MODEL` (such as
//! that script's `DIR/qwen05-q4km.gguf`), else the tiny random-weight Llama
//! with a SentencePiece vocabulary of `xlate::model::tiny`, which answers in
//! a second even on a busy machine. Random weights answer noise: the test
//! asserts on the protocol, the concurrency, the `TODO(xlate)` blocks and
//! the report, not on translations.

use std::io::{Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::util::{report, tree, xlate_std};

/// A llama-server this test started, stopped when dropped.
struct LlamaServer {
    child: Child,
    port: u16,
    /// Its log, for the message of a failing test.
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl LlamaServer {
    /// `llama-server -m MODEL --parallel 4 -t 2`, on a free local port,
    /// once it answers `/health`.
    fn start(bin: &Path, model: &Path) -> LlamaServer {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let dir = tempfile::tempdir().expect("a temporary folder");
        let log = dir.path().join("llama-server.log");
        let out = std::fs::File::create(&log).expect("a log file");
        let child = Command::new(bin)
            .arg("-m")
            .arg(model)
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--parallel", "4", "-t", "2", "-c", "8192", "--metrics"])
            .stdout(out.try_clone().expect("a log file"))
            .stderr(out)
            .stdin(Stdio::null())
            .spawn()
            .expect("llama-server starts");
        let mut server = LlamaServer {
            child,
            port,
            log,
            _dir: dir,
        };
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("llama-server exited ({status}):\n{}", server.log_text());
            }
            if get(port, "/health").is_some_and(|(status, _)| status == 200) {
                return server;
            }
            assert!(
                Instant::now() < deadline,
                "llama-server not ready after 300 s:\n{}",
                server.log_text()
            );
            std::thread::sleep(Duration::from_millis(250));
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log_text(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(40).collect();
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    }

    /// One of llama-server's Prometheus figures (`llamacpp:NAME`).
    fn metric(&self, name: &str) -> f64 {
        let (_, body) = get(self.port, "/metrics").expect("/metrics answers");
        body.lines()
            .find_map(|l| l.strip_prefix(&format!("llamacpp:{name} ")))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in\n{body}"))
    }
}

impl Drop for LlamaServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plain HTTP GET on this machine: (status, body), or None when nothing
/// answers yet.
fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply).ok()?;
    let status = reply.split_whitespace().nth(1)?.parse().ok()?;
    let body = reply.split_once("\r\n\r\n").map(|(_, b)| b.to_string())?;
    Some((status, body))
}

/// The binary and model the test runs with (and the folder of a model
/// written for it), or None to skip it.
fn configured() -> Option<(PathBuf, PathBuf, Option<tempfile::TempDir>)> {
    let bin = std::env::var_os("XLATE_LLAMA_SERVER")?;
    if let Some(model) = std::env::var_os("XLATE_LLAMA_MODEL") {
        return Some((bin.into(), model.into(), None));
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let model = dir.path().join("tiny-llama-spm.gguf");
    xlate::model::tiny::write_spm_gguf(&model, &xlate::model::tiny::TinySpec::llama_q5_0())
        .expect("the tiny model is written");
    Some((bin.into(), model, Some(dir)))
}

/// Four Python functions in two files (units of one file are translated
/// one after another, so two files with two candidates each keep four
/// requests in flight), each name unique so that the output can be searched
/// for it.
fn fixture() -> tempfile::TempDir {
    let function = |name: &str| {
        format!("def {name}(values, limit):\n    return [v * 2 for v in values if v < limit]\n")
    };
    let file = |f: usize| {
        (0..2)
            .map(|u| function(&format!("f{f}u{u}")))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let (a, b) = (file(0), file(1));
    tree(&[("src/m0.py", a.as_bytes()), ("src/m1.py", b.as_bytes())])
}

/// Guards against the engine working only with the fault-injecting server
/// of `server.rs`: against llama.cpp's own server, every unit asks for
/// both candidates in one request (`n`), four slots busy at a time, the
/// answers' token counts are the server's, and every unit ends translated
/// or as a `TODO(xlate)` naming why, once.
#[test]
fn a_real_llama_server_answers_four_at_a_time_and_every_unit_is_accounted_for() {
    let Some((bin, model, _written)) = configured() else {
        eprintln!("skipped: set XLATE_LLAMA_SERVER (and XLATE_LLAMA_MODEL) to run it");
        return;
    };
    let server = LlamaServer::start(&bin, &model);
    let (_, models) = get(server.port, "/v1/models").expect("/v1/models answers");
    let models: Value = serde_json::from_str(&models).expect("JSON");
    let served = models["data"][0]["id"]
        .as_str()
        .expect("a model id")
        .to_string();
    let dir = fixture();
    let out = dir.path().join("out");
    let output = xlate_std()
        .args(["translate", "--engine", "server", "--to", "rust"])
        .args([
            "--server-url",
            &server.url(),
            "--concurrency",
            "4",
            "-j",
            "4",
        ])
        .args(["--max-new-tokens", "16", "--repair-rounds", "0"])
        .args(["--candidates", "2", "--temperature", "0.8"])
        .args(["--request-timeout", "600", "--retries", "1"])
        .arg("--out")
        .arg(&out)
        .arg("--cache")
        .arg(dir.path().join("cache"))
        .arg(dir.path().join("src"))
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .output()
        .expect("xlate runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let context = || format!("{stderr}\n--- llama-server:\n{}", server.log_text());
    // Noise does not parse as Rust: units fail, and the run says so.
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}", context());
    // llama-server gives log-probabilities: candidates are ranked by them.
    assert!(
        !stderr.contains("does not give log-probabilities"),
        "{}",
        context()
    );
    let report = report(&out);
    let mut todo = 0;
    for f in 0..2 {
        // A Python tree translated to Rust becomes a crate: its modules
        // are under src/.
        let text = std::fs::read_to_string(out.join(format!("src/m{f}.rs"))).expect("an output");
        for u in 0..2 {
            let name = format!("f{f}u{u}");
            let translated = text.matches(&format!("fn {name}(")).count();
            let todos = text.matches(&format!("// def {name}(")).count();
            assert_eq!(translated + todos, 1, "{name} in\n{text}");
            todo += todos;
        }
        assert_eq!(
            text.matches("TODO(xlate)").count(),
            report["files"][f]["units"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|u| u["status"] != "translated")
                .count(),
            "{text}"
        );
    }
    assert_eq!(report["totals"]["units"], 4);
    assert_eq!(
        report["totals"]["units_translated"].as_u64(),
        Some(4 - todo as u64)
    );
    let units: Vec<&Value> = report["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|f| f["units"].as_array().into_iter().flatten())
        .collect();
    for unit in &units {
        assert_eq!(unit["model"], served.as_str(), "{unit}");
        assert_eq!(unit["candidates"], 2, "{unit}");
        assert!(unit["tokens_in"].as_u64().unwrap_or(0) > 50, "{unit}");
        if unit["status"] == "translated" {
            assert_eq!(unit["engine"], "server", "{unit}");
        } else {
            // Each candidate's rejection, named by engine and candidate (in
            // the order they were tried: best log-probability first).
            let mut reasons: Vec<&str> = unit["reasons"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            reasons.sort_unstable();
            assert_eq!(reasons.len(), 2, "{unit}");
            assert!(
                reasons[0].starts_with("server candidate 0: ")
                    && reasons[1].starts_with("server candidate 1: "),
                "{unit}"
            );
        }
    }
    // The protocol: one request per unit for both candidates (`n`; a
    // llama-server without `n_cmpl` gets one request per candidate after
    // the first unit's), no retries, and the tokens the engine counted are
    // those the server generated.
    let line = stderr
        .lines()
        .find(|l| l.starts_with("xlate: server: "))
        .unwrap_or_else(|| panic!("no summary line:\n{}", context()));
    let requests = if stderr.contains("(`n`)") {
        ["8", "9"].as_slice()
    } else {
        ["4"].as_slice()
    };
    assert!(
        requests
            .iter()
            .any(|n| line.starts_with(&format!("xlate: server: {n} requests, 0 retries, "))),
        "{line}"
    );
    let generated: usize = line
        .split(" retries, ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no token count in {line}"));
    let predicted = server.metric("tokens_predicted_total");
    if requests == ["4"] {
        // With `n`, llama-server's usage counts the first choice alone, and
        // the other choices are counted by their log-probabilities, which
        // leave out tokens ending inside a UTF-8 character (this model
        // writes noise bytes): never more than the server generated, and
        // at least its first choices' share.
        assert!(
            generated as f64 <= predicted && generated as f64 >= predicted / 2.0,
            "{generated} of {predicted}: {line}"
        );
    } else {
        assert_eq!(generated as f64, predicted, "{line}");
    }
    assert!(generated > 0 && generated <= 8 * 16, "{line}");
    // The concurrency: with four requests in flight, llama-server decoded
    // several sequences per step.
    let busy = server.metric("n_busy_slots_per_decode");
    assert!(busy > 1.5, "{busy} busy slots per decode\n{}", context());
    eprintln!("{line}; llama-server: {busy:.2} busy slots per decode");
}
