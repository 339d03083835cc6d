//! Helpers shared by the integration tests.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `xlate` binary built for these tests.
/// The default cache lives in a folder of this test binary's own, so tests
/// neither read the user's `~/.cache/xlate` nor leave entries in it.
pub fn xlate() -> Command {
    let mut cmd = Command::cargo_bin("xlate").expect("the xlate binary is built");
    cmd.env("XDG_CACHE_HOME", test_cache_home());
    cmd
}

fn test_cache_home() -> &'static Path {
    static HOME: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    HOME.get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
        .path()
}

/// The crate's `fixtures/` folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Writes `files` (relative path, content) under a new temporary folder.
pub fn tree(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (rel, content) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        fs::write(&path, content).expect("a file");
    }
    dir
}

/// Every file under `root`, relative, sorted, with its bytes.
pub fn read_tree(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walk(root) {
        let rel = entry
            .strip_prefix(root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        out.push((rel, fs::read(&entry).expect("readable")));
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).expect("a folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The report a run wrote into `out`.
pub fn report(out: &Path) -> serde_json::Value {
    let text = fs::read_to_string(out.join("xlate-report.json")).expect("a report");
    serde_json::from_str(&text).expect("the report is JSON")
}
