//! The model engine through the real command line, on tiny random-weight
//! models written by `xlate model make-tiny`.

use std::path::{Path, PathBuf};

use tempfile::TempDir;

// Regression: this module had an `xlate()` of its own that left the cache
// at its default, so every `translate` here wrote into the user's
// `~/.cache/xlate`. The shared one gives the runs a cache of the test's own.
use crate::util::{fixtures, xlate};

/// The tiny models, with the tokenizer trained on the fixture trees.
pub(crate) fn tiny_models() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    xlate()
        .args(["model", "make-tiny"])
        .arg(dir.path())
        .arg("--corpus")
        .arg(fixtures())
        .assert()
        .success();
    dir
}

#[test]
fn bench_prints_name_format_threads_and_speeds() {
    let models = tiny_models();
    let out = xlate()
        .args(["model", "bench"])
        .arg(models.path().join("tiny-qwen2-q4_k_m.gguf"))
        .args([
            "--prompt-tokens",
            "16",
            "--gen-tokens",
            "4",
            "--threads",
            "1",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "model: tiny-qwen2 (random weights)");
    assert_eq!(lines[1], "format: GGUF Q4_K_M");
    assert_eq!(lines[2], "threads: 1");
    for (line, name) in lines[3..].iter().zip(["prefill", "decode"]) {
        let figure = line
            .strip_prefix(&format!("{name}: "))
            .and_then(|rest| rest.strip_suffix(" tok/s"))
            .unwrap_or_else(|| panic!("{line:?}"));
        assert!(figure.parse::<f64>().unwrap() > 0.0, "{line}");
    }
    assert!(lines[5].starts_with("kernels: kernels v"), "{out}");
    assert_eq!(lines.len(), 6);
}

/// The kernel paths this machine runs, by `--cpu` name: generic always,
/// avx2 and avx512 where `xlate` itself detects them (what the refusal of
/// a missing path prints tells).
fn supported_paths() -> Vec<&'static str> {
    ["avx512", "avx2", "generic"]
        .into_iter()
        .filter(|path| {
            xlate()
                .args(["model", "bench", "no-such-model.gguf", "--cpu", path])
                .output()
                .map(|o| !String::from_utf8_lossy(&o.stderr).contains("this CPU lacks"))
                .unwrap_or(false)
        })
        .collect()
}

/// `--cpu` and `XLATE_CPU` pick the kernels `xlate model bench` runs, and
/// it says which; the flag wins over the variable.
#[test]
fn bench_runs_and_names_every_cpu_path() {
    let models = tiny_models();
    let paths = supported_paths();
    assert!(paths.contains(&"generic"), "{paths:?}");
    for path in &paths {
        for (flag, env) in [(Some(*path), Some("bogus")), (None, Some(*path))] {
            let mut cmd = xlate();
            cmd.args(["model", "bench"])
                .arg(models.path().join("tiny-qwen2-q4_k_m.gguf"))
                .args(["--prompt-tokens", "20", "--gen-tokens", "2"])
                .args(["--repetitions", "1", "--threads", "1"]);
            if let Some(flag) = flag {
                cmd.args(["--cpu", flag]);
            }
            if let Some(env) = env {
                cmd.env("XLATE_CPU", env);
            }
            let out = cmd.assert().success().get_output().stdout.clone();
            let out = String::from_utf8(out).unwrap();
            let kernels = out.lines().last().unwrap_or_default();
            assert!(
                kernels.contains(&format!("cpu {path} prefill")),
                "{path}: {out}"
            );
            let decode = match *path {
                "avx512" => "decode vnni",
                "avx2" => "decode avx2",
                _ => "prefill candle decode candle",
            };
            assert!(kernels.ends_with(decode), "{path}: {kernels}");
        }
    }
}

/// Regression guard for the refusal: an unknown path, in the flag or the
/// variable, and a path this CPU lacks are usage errors (exit 2) naming
/// what the CPU has, never kernels that would fault on an illegal
/// instruction.
#[test]
fn an_unknown_or_missing_cpu_path_is_refused() {
    let models = tiny_models();
    let model = models.path().join("tiny-qwen2-q8_0.gguf");
    let unknown = xlate()
        .args(["model", "bench"])
        .arg(&model)
        .args(["--cpu", "sse9"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let unknown = String::from_utf8(unknown).unwrap();
    assert!(unknown.contains("unknown CPU path `sse9`"), "{unknown}");
    assert!(unknown.contains("this CPU has:"), "{unknown}");
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("m.py"), "def f(x):\n    return x\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    let env = xlate()
        .arg("translate")
        .arg(src.path())
        .args(["--to", "javascript", "--engine", "model", "--model"])
        .arg(&model)
        .arg("--out")
        .arg(out.path())
        .env("XLATE_CPU", "sse9")
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let env = String::from_utf8(env).unwrap();
    assert!(env.contains("XLATE_CPU: unknown CPU path `sse9`"), "{env}");
    let supported = supported_paths();
    for missing in ["avx512", "avx2"]
        .into_iter()
        .filter(|p| !supported.contains(p))
    {
        let err = xlate()
            .arg("translate")
            .arg(src.path())
            .args(["--to", "javascript", "--engine", "model", "--model"])
            .arg(&model)
            .args(["--cpu", missing, "--out"])
            .arg(out.path())
            .assert()
            .code(2)
            .get_output()
            .stderr
            .clone();
        let err = String::from_utf8(err).unwrap();
        assert!(err.contains(&format!("this CPU lacks {missing}")), "{err}");
        assert!(err.contains("it has:"), "{err}");
    }
}

/// Greedy output is the same on every run of a path, on every path this
/// CPU runs (each path may differ from the others in the last bits of the
/// logits, so only runs of one path are compared).
#[test]
fn greedy_output_is_the_same_on_every_run_of_every_cpu_path() {
    let models = tiny_models();
    let src = tempfile::tempdir().unwrap();
    std::fs::write(
        src.path().join("m.py"),
        "def double(x):\n    return 2 * x\n\n\ndef odd(xs):\n    return [x async for x in xs]\n",
    )
    .unwrap();
    for path in supported_paths() {
        let run = || -> String {
            let out = tempfile::tempdir().unwrap();
            xlate()
                .arg("translate")
                .arg(src.path())
                .args(["--to", "javascript", "--engine", "model", "--model"])
                .arg(models.path().join("tiny-qwen2-q4_k_m.gguf"))
                .args([
                    "--max-new-tokens",
                    "12",
                    "--no-cache",
                    "--repair-rounds",
                    "0",
                ])
                .args(["--cpu", path, "--out"])
                .arg(out.path())
                .assert()
                .code(1);
            let report = std::fs::read_to_string(out.path().join("xlate-report.json")).unwrap();
            let mut report: serde_json::Value = serde_json::from_str(&report).unwrap();
            // The report names the path and its kernels.
            let notes = report["notes"].to_string();
            assert!(notes.contains("the model ran on kernels v"), "{notes}");
            assert!(notes.contains(&format!("cpu {path} prefill")), "{notes}");
            let mut units = Vec::new();
            for unit in report["files"][0]["units"].as_array_mut().unwrap() {
                unit.as_object_mut().unwrap().remove("millis");
                units.push(unit.clone());
            }
            serde_json::to_string_pretty(&units).unwrap()
        };
        let (first, again) = (run(), run());
        assert!(first.contains("\"tokens_out\""), "{path}: {first}");
        assert_eq!(first, again, "{path}");
    }
}

/// `--batch` decodes several sequences together and says so.
#[test]
fn bench_decodes_a_batch() {
    let models = tiny_models();
    let out = xlate()
        .args(["model", "bench"])
        .arg(models.path().join("tiny-qwen2-q8_0.gguf"))
        .args(["--prompt-tokens", "8", "--gen-tokens", "4", "--batch", "3"])
        .args(["--repetitions", "1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[3], "batch: 3", "{out}");
    assert!(
        lines[5].starts_with("decode: ") && lines[5].ends_with(" tok/s"),
        "{out}"
    );
    xlate()
        .args(["model", "bench"])
        .arg(models.path().join("tiny-qwen2-q8_0.gguf"))
        .args(["--batch", "17"])
        .assert()
        .code(2);
}

#[test]
fn bench_names_what_to_download_for_a_model_not_in_the_cache() {
    let cache = tempfile::tempdir().unwrap();
    xlate()
        .env("HF_HUB_CACHE", cache.path())
        .args(["model", "bench", "hf:Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "huggingface-cli download Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF \
             qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        ));
}

/// A random model writes noise: every unit must be turned down by the
/// checks and kept, line for line, in a TODO(xlate) block; and the report
/// must say what the model did. (Rust as the target: noise such as `EEEE`
/// is a valid expression statement in Python or JavaScript glue.)
#[test]
fn random_model_output_is_rejected_and_nothing_is_lost() {
    let models = tiny_models();
    let src = tempfile::tempdir().unwrap();
    let source = std::fs::read_to_string(fixtures().join("python/inventory/pricing.py")).unwrap();
    std::fs::write(src.path().join("pricing.py"), &source).unwrap();
    let out = tempfile::tempdir().unwrap();
    xlate()
        .arg("translate")
        .arg(src.path())
        .args(["--to", "rust", "--engine", "model", "--model"])
        .arg(models.path().join("tiny-qwen2-q8_0.gguf"))
        .args(["--max-new-tokens", "12", "--threads", "2"])
        .arg("--out")
        .arg(out.path())
        .assert()
        .code(1);
    // Python modules go under the crate's `src/`.
    let output = std::fs::read_to_string(out.path().join("src/pricing.rs")).unwrap();
    assert!(
        output.contains("// TODO(xlate): model candidate 0:"),
        "{output}"
    );
    for line in source.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            output.contains(&format!("// {line}")),
            "lost {line:?}:\n{output}"
        );
    }
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("xlate-report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report["engine"], "model");
    let units = report["files"][0]["units"].as_array().unwrap();
    assert_eq!(units.len(), 6, "{report}");
    for unit in units {
        assert_eq!(unit["status"], "failed", "{unit}");
        assert_eq!(unit["model"], "tiny-qwen2 (random weights)");
        // One candidate, then one repair round.
        assert_eq!(unit["candidates"], 2, "{unit}");
        assert!(unit["tokens_in"].as_u64().unwrap() > 100, "{unit}");
        let tokens_out = unit["tokens_out"].as_u64().unwrap();
        assert!(tokens_out > 0 && tokens_out <= 24, "{unit}");
        assert!(unit["millis"].as_u64().is_some());
    }
}

/// The whole path on every fixture tree, from the safetensors checkpoint
/// and with several sampled candidates.
#[test]
fn translate_with_the_model_engine_runs_on_a_fixture_tree() {
    let models = tiny_models();
    let out = tempfile::tempdir().unwrap();
    xlate()
        .arg("translate")
        .arg(fixtures().join("rust"))
        .args(["--to", "python", "--engine", "model", "--model"])
        .arg(models.path().join("tiny-qwen2-safetensors"))
        .args(["--max-new-tokens", "8", "--candidates", "2", "--seed", "5"])
        .args(["--repair-rounds", "0", "--out"])
        .arg(out.path())
        .assert()
        .code(1);
    let report = std::fs::read_to_string(out.path().join("xlate-report.json")).unwrap();
    let report: serde_json::Value = serde_json::from_str(&report).unwrap();
    let files = report["files"].as_array().unwrap();
    assert!(
        files.iter().any(|f| f["output"] == "src/shapes.py"),
        "{report}"
    );
    let sampled = files
        .iter()
        .flat_map(|f| f["units"].as_array().unwrap())
        .find(|u| u["model"].is_string())
        .expect("a unit the model saw");
    assert_eq!(sampled["candidates"], 2, "{sampled}");
    assert!(out.path().join("src/shapes.py").is_file());
}

/// `--engine auto` runs the rules engine and, with a model configured in
/// xlate.toml, the model engine after it for what the rules decline.
#[test]
fn auto_puts_a_configured_model_after_the_rules() {
    let models = tiny_models();
    let src = tempfile::tempdir().unwrap();
    std::fs::write(
        src.path().join("m.py"),
        "def double(x):\n    return 2 * x\n\n\ndef odd(xs):\n    return [x async for x in xs]\n",
    )
    .unwrap();
    std::fs::copy(
        models.path().join("tiny-qwen2-q8_0.gguf"),
        src.path().join("tiny.gguf"),
    )
    .unwrap();
    let config = src.path().join("xlate.toml");
    std::fs::write(&config, "[model]\nmodel = \"tiny.gguf\"\n").unwrap();
    let out = tempfile::tempdir().unwrap();
    xlate()
        .arg("translate")
        .arg(src.path().join("m.py"))
        .args(["--to", "javascript", "--max-new-tokens", "8", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(out.path())
        .assert()
        // The async comprehension reaches the model, whose noise fails.
        .code(1);
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.path().join("xlate-report.json")).unwrap(),
    )
    .unwrap();
    let units = report["files"][0]["units"].as_array().unwrap();
    let engines: Vec<&str> = units.iter().filter_map(|u| u["engine"].as_str()).collect();
    assert!(engines.contains(&"rules"), "{report}");
    // Some unit reached the model: it carries the model's name.
    assert!(
        units
            .iter()
            .any(|u| u["model"] == "tiny-qwen2 (random weights)"),
        "{report}"
    );
}

/// Which units share a decoding step depends on timing; the output must
/// not: the same tree translated with `--batch 1` and `--batch 4` (several
/// files in flight, two sampled candidates each, a repair round) gives the
/// same files and the same unit results, byte for byte.
#[test]
fn the_batch_size_changes_no_output() {
    let models = tiny_models();
    let run = |batch: &str| -> (TempDir, String) {
        let out = tempfile::tempdir().unwrap();
        let assert = xlate()
            .arg("translate")
            .arg(fixtures().join("python"))
            .args(["--to", "javascript", "--engine", "model", "--model"])
            .arg(models.path().join("tiny-qwen2-q8_0.gguf"))
            .args(["--max-new-tokens", "10", "--candidates", "2", "--seed", "3"])
            .args(["--repair-rounds", "1", "--no-cache", "--jobs", "1"])
            .args(["--batch", batch, "--out"])
            .arg(out.path())
            .assert()
            .code(1);
        let stderr = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        (out, stderr)
    };
    let (one, one_stderr) = run("1");
    let (four, four_stderr) = run("4");
    // Prefix reuse works with batching as without.
    for stderr in [&one_stderr, &four_stderr] {
        assert!(stderr.contains("reused a shared prompt prefix"), "{stderr}");
    }
    let tree = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walk(dir)
            .into_iter()
            .filter(|p| !p.ends_with("xlate-report.json") && !p.ends_with("xlate-review.html"))
            .map(|p| {
                (
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    };
    let (a, b) = (tree(one.path()), tree(four.path()));
    assert!(a.len() >= 8, "{a:?}");
    assert_eq!(a, b);
    // The reports agree on every unit, timings aside.
    let units = |dir: &Path| -> String {
        let report = std::fs::read_to_string(dir.join("xlate-report.json")).unwrap();
        let mut report: serde_json::Value = serde_json::from_str(&report).unwrap();
        let files = report["files"].as_array_mut().unwrap();
        let mut units = Vec::new();
        for file in files {
            for unit in file["units"].as_array_mut().unwrap() {
                unit.as_object_mut().unwrap().remove("millis");
                units.push(unit.clone());
            }
        }
        serde_json::to_string_pretty(&units).unwrap()
    };
    let (a, b) = (units(one.path()), units(four.path()));
    assert!(a.contains("\"tokens_out\""), "{a}");
    assert_eq!(a, b);
}

/// Every file under `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}
