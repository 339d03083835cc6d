//! Headless Chromium for the review page's tests and its benchmark
//! (`benches/review.rs` includes this file): finding the browser, loading a
//! page, and a synthetic run's output of many files to load.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A page is "ready" when its script has run to the end.
pub const READY: &str = "data-ready-ms=\"";

/// The Chromium on this machine, if any. Without one the browser tests say
/// `skipped:` and pass, except in CI (`CI=true`), where `.ci/run` installs it
/// and a missing browser is a failure rather than a silent skip.
pub fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|dir| dir.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but no chromium: .ci/run should have installed it"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
    }
    found
}

/// Loads `page` (with `hash`) in headless Chromium and returns the DOM after
/// its scripts ran. `extra` adds flags (a screenshot).
/// One Chromium at a time in this module. Regression: the page-speed test
/// measured 1.2 to 2.1 s when the other browser tests ran beside it on two
/// cores, and 0.46 to 0.59 s alone: it measured its neighbours.
static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

pub fn browse(browser: &Path, page: &Path, hash: &str, extra: &[String]) -> String {
    // A test that failed while holding the lock leaves it poisoned; the
    // browser is as usable as before.
    let _turn = ONE_BROWSER
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let profile = tempfile::tempdir().expect("a temporary folder");
    let url = format!("file://{}{hash}", page.display());
    let output = Command::new(browser)
        .args([
            "--headless",
            // Tests run as root in containers, where the sandbox cannot start.
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1400,1600",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium starts");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("the DOM is UTF-8")
}

/// Writes what a run over `count` Python files translated to JavaScript
/// leaves in `out` (8 two-line functions a file, every 50th file partial
/// with one failed unit): sources under `src`, outputs and the report under
/// `out`. Built directly, so that what is measured is the page, not
/// translation.
pub fn synthetic_run(src: &Path, out: &Path, count: usize) {
    let mut files = Vec::new();
    for i in 0..count {
        let folder = format!("pkg{}", i % 20);
        fs::create_dir_all(src.join(&folder)).expect("folder");
        fs::create_dir_all(out.join(&folder)).expect("folder");
        let mut py = String::new();
        let mut js = String::new();
        let mut units = Vec::new();
        for f in 0..8 {
            let line = f * 4 + 1;
            py.push_str(&format!(
                "def f{f}(a, b):\n    # add\n    return a + b * {f}\n\n"
            ));
            js.push_str(&format!(
                "function f{f}(a, b) {{\n  // add\n  return a + b * {f};\n}}\n"
            ));
            units.push(serde_json::json!({
                "kind": "function", "name": format!("f{f}"), "lines": [line, line + 2],
                "status": if i % 50 == 0 && f == 3 { "failed" } else { "translated" },
                "engine": "rules", "candidates": 1, "millis": 1
            }));
        }
        let rel = format!("{folder}/m{i}");
        fs::write(src.join(format!("{rel}.py")), py).expect("source");
        fs::write(out.join(format!("{rel}.js")), js).expect("output");
        files.push(serde_json::json!({
            "source": format!("{rel}.py"), "output": format!("{rel}.js"), "lang": "python",
            "status": if i % 50 == 0 { "partial" } else { "translated" },
            "units": units, "output_hash": ""
        }));
    }
    let report = serde_json::json!({
        "version": 1, "from": "python", "to": "javascript", "engine": "rules",
        "files": files, "skipped": [], "totals": {
            "files": count, "files_translated": count - count / 50,
            "files_partial": count / 50, "files_failed": 0, "files_skipped": 0,
            "file_errors": 0, "units": 8 * count, "units_translated": 8 * count - count / 50,
            "units_failed": count / 50
        },
        "source_root": src.to_string_lossy(),
    });
    fs::write(out.join("xlate-report.json"), report.to_string()).expect("report");
}

/// How long the page's script took to run to the end, in milliseconds, as
/// the page itself records it; none when it did not get there.
pub fn ready_ms(dom: &str) -> Option<u64> {
    dom.split(READY)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|ms| ms.parse().ok())
}
