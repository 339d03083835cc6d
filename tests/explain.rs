//! Explanations: `xlate explain PATH` and `translate --explain`, with the
//! tiny random-weight models (their words are noise; what is tested is the
//! mechanism: every unit gets the model's answer, a second run takes them
//! from the cache and calls no model, the report and the page carry them).

use std::fs;

use crate::model::tiny_models;
use crate::util::{report, tree, xlate};

const SOURCE: &str =
    "def double(x):\n    return 2 * x\n\n\ndef odd(xs):\n    return [x async for x in xs]\n";

fn explain_json(args: &[&str], dir: &std::path::Path) -> (Option<i32>, serde_json::Value, String) {
    let output = xlate()
        .arg("explain")
        .args(args)
        .arg("--json")
        .current_dir(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let json = serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null);
    (output.status.code(), json, stderr)
}

#[test]
fn without_a_model_explain_says_what_to_configure() {
    let t = tree(&[("src/m.py", SOURCE.as_bytes())]);
    for args in [
        &["explain", "src"][..],
        &["explain", "src", "--engine", "model"][..],
        &[
            "translate",
            "src",
            "--to",
            "js",
            "--out",
            "out",
            "--explain",
        ][..],
    ] {
        let output = xlate().args(args).current_dir(t.path()).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        for needle in ["--model", "--server-url", "xlate.toml"] {
            assert!(stderr.contains(needle), "{args:?}: {stderr}");
        }
        // Refused before anything was written.
        assert!(!t.path().join("out").exists());
    }
}

#[test]
fn explain_asks_the_model_once_per_unit_and_then_the_cache() {
    let models = tiny_models();
    let t = tree(&[("src/m.py", SOURCE.as_bytes())]);
    let model = models.path().join("tiny-qwen2-q8_0.gguf");
    let model = model.to_str().unwrap();
    let cache = t.path().join("cache");
    let cache = cache.to_str().unwrap();
    let args = [
        "src",
        "--model",
        model,
        "--max-new-tokens",
        "6",
        "--cache",
        cache,
    ];
    let (code, first, stderr) = explain_json(&args, t.path());
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(first["engine"], "model");
    let units = first["files"][0]["units"].as_array().unwrap();
    let names: Vec<&str> = units.iter().map(|u| u["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["double", "odd"]);
    for unit in units {
        let e = &unit["explanation"];
        assert_eq!(e["model"], "tiny-qwen2 (random weights)", "{unit}");
        // The model's own answer, within the budget asked.
        let tokens = e["tokens_out"].as_u64().unwrap();
        assert!((1..=6).contains(&tokens), "{unit}");
        assert!(e["tokens_in"].as_u64().unwrap() > 50, "{unit}");
    }
    assert_eq!(first["cache"]["engine_calls"], 2, "{}", first["cache"]);
    assert_eq!(first["cache"]["misses"], 2);
    assert!(stderr.contains("explained 2 units of 1 files"), "{stderr}");

    // Again: every explanation from the cache, the model never asked.
    let (code, second, _) = explain_json(&args, t.path());
    assert_eq!(code, Some(0));
    assert_eq!(second["cache"]["engine_calls"], 0, "{}", second["cache"]);
    assert_eq!(second["cache"]["hits"], 2);
    assert_eq!(second["files"], first["files"]);

    // Markdown by default: a heading per file and per unit.
    let output = xlate()
        .arg("explain")
        .args(args)
        .current_dir(t.path())
        .output()
        .unwrap();
    let md = String::from_utf8(output.stdout).unwrap();
    assert!(
        md.starts_with("# m.py\n\n## function `double` (lines 1–2)\n\n"),
        "{md}"
    );
    assert!(md.contains("## function `odd` (lines 5–6)"), "{md}");
}

#[test]
fn translate_explain_puts_explanations_in_the_report_and_caches_them() {
    let models = tiny_models();
    let t = tree(&[("src/m.py", SOURCE.as_bytes())]);
    let model = models.path().join("tiny-qwen2-q8_0.gguf");
    let run = || {
        xlate()
            .args([
                "translate",
                "src",
                "--to",
                "js",
                "--out",
                "out",
                "--explain",
            ])
            .args(["--max-new-tokens", "6", "--repair-rounds", "0", "--model"])
            .arg(&model)
            .args(["--cache", "cache"])
            .current_dir(t.path())
            .output()
            .unwrap()
    };
    let output = run();
    // `odd` reaches the model, whose noise fails: exit 1, page and report
    // written all the same.
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let r = report(&t.path().join("out"));
    let units = r["files"][0]["units"].as_array().unwrap();
    let explained: Vec<&str> = units
        .iter()
        .filter_map(|u| u["explanation"].as_str())
        .collect();
    assert_eq!(explained.len(), 2, "{r}");
    assert_eq!(
        r["explanations"]["engine_calls"], 2,
        "{}",
        r["explanations"]
    );
    // The page carries them, in its data (shown in the browser test).
    let page = fs::read_to_string(t.path().join("out/xlate-review.html")).unwrap();
    assert_eq!(page.matches("\"explanation\":\"").count(), 2);

    let output = run();
    assert_eq!(output.status.code(), Some(1));
    let again = report(&t.path().join("out"));
    assert_eq!(again["explanations"]["engine_calls"], 0);
    assert_eq!(again["explanations"]["hits"], 2);
    let units_again = again["files"][0]["units"].as_array().unwrap();
    for (a, b) in units.iter().zip(units_again) {
        assert_eq!(a["explanation"], b["explanation"]);
    }
}
