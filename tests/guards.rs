//! Tests of the safety mechanisms that nothing else would miss if they
//! broke: the cache's checksum, the refusal of an output inside the source
//! reached through a symbolic link, and the cache directory a test run
//! uses. Each was broken on purpose once to see its test fail.

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::util::{report, tree, xlate, xlate_std};

/// Every pack file under a cache directory.
fn packs(cache: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(cache, &mut out);
    out.sort();
    out
}

/// Regression guard for the checksum in each pack's header: every damaged
/// pack the cache's own tests try also breaks the JSON, which parsing alone
/// would catch. Here the pack stays valid JSON with a translation edited
/// (`x + 1` into `x + 9`), as a disk error in the right byte or a hand edit
/// would leave it; only the checksum tells, and the edited code must not
/// reach the output.
#[test]
fn a_pack_edited_into_other_valid_json_is_not_used() {
    let src = tree(&[("a.py", b"def f(x):\n    return x + 1\n")]);
    let work = tempfile::tempdir().unwrap();
    let cache = work.path().join("cache");
    let run = |out: &str| {
        let out = work.path().join(out);
        xlate()
            .args(["translate", "--engine", "identity", "--to", "py", "--out"])
            .arg(&out)
            .arg("--cache")
            .arg(&cache)
            .arg(src.path())
            .assert()
            .success();
        let code = fs::read_to_string(out.join("a.py")).unwrap();
        (code, report(&out)["cache"].clone())
    };
    let (code, first) = run("first");
    assert_eq!(code, "def f(x):\n    return x + 1\n");
    assert_eq!(
        (first["hits"].as_u64(), first["corrupt"].as_u64()),
        (Some(0), Some(0))
    );

    let found = packs(&cache);
    assert_eq!(found.len(), 1, "{found:?}");
    let pack = fs::read_to_string(&found[0]).unwrap();
    assert_eq!(pack.matches("x + 1").count(), 1, "{pack}");
    let edited = pack.replace("x + 1", "x + 9");
    let (_header, body) = edited.split_once('\n').expect("a header line");
    serde_json::from_str::<serde_json::Value>(body).expect("the edited pack is still JSON");
    fs::write(&found[0], &edited).unwrap();

    let (code, stats) = run("second");
    assert_eq!(
        code, "def f(x):\n    return x + 1\n",
        "the edited pack was used"
    );
    assert_eq!(stats["corrupt"].as_u64(), Some(1), "{stats}");
    assert_eq!(stats["hits"].as_u64(), Some(0), "{stats}");
    // The damaged pack was replaced by a good one.
    let (code, stats) = run("third");
    assert_eq!(code, "def f(x):\n    return x + 1\n");
    assert_eq!(stats["hits"], first["misses"], "{stats}");
    assert_eq!(stats["corrupt"].as_u64(), Some(0), "{stats}");
}

/// Regression guard for the symbolic link resolution in the `--out` check:
/// `--out LINK/out`, where LINK points into the source tree, names a folder
/// inside the source that the plain path does not show, and must be
/// refused like the plain one.
#[cfg(unix)]
#[test]
fn out_through_a_symlink_into_the_source_is_refused() {
    let src = tree(&[("a.py", b"x = 1\n")]);
    let elsewhere = tempfile::tempdir().unwrap();
    let link = elsewhere.path().join("link");
    std::os::unix::fs::symlink(src.path(), &link).unwrap();
    for out in [link.join("out"), link.clone()] {
        xlate()
            .args([
                "translate",
                "--engine",
                "identity",
                "--to",
                "py",
                "--no-cache",
            ])
            .arg("--out")
            .arg(&out)
            .arg(src.path())
            .assert()
            .code(2)
            .stderr(predicate::str::contains("overlap"));
    }
    let names: Vec<String> = fs::read_dir(src.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["a.py"], "nothing was written into the source");
}

/// Where a run without `--cache` keeps its cache: `$XLATE_CACHE_DIR` first,
/// else `xlate` under the user's cache directory. The variable is how the
/// tests (see `util::xlate`) keep every run away from `~/.cache/xlate`.
#[test]
fn the_default_cache_is_xlate_cache_dir_then_the_users() {
    let src = tree(&[("a.py", b"def f(x):\n    return x + 1\n")]);
    let work = tempfile::tempdir().unwrap();
    let (named, home, xdg) = (
        work.path().join("named"),
        work.path().join("home"),
        work.path().join("xdg"),
    );
    fs::create_dir(&home).unwrap();
    let run = |xlate_cache_dir: Option<&Path>, out: &str| {
        let mut cmd = xlate_std();
        cmd.env("HOME", &home).env("XDG_CACHE_HOME", &xdg);
        match xlate_cache_dir {
            Some(dir) => cmd.env(xlate::cache::CACHE_DIR_ENV, dir),
            None => cmd.env_remove(xlate::cache::CACHE_DIR_ENV),
        };
        assert_cmd::Command::from_std(cmd)
            .args(["translate", "--engine", "identity", "--to", "py", "--out"])
            .arg(work.path().join(out))
            .arg(src.path())
            .assert()
            .success();
    };
    run(Some(&named), "one");
    assert_eq!(packs(&named).len(), 1, "XLATE_CACHE_DIR was not used");
    assert!(packs(&named)[0].starts_with(named.join("v2")));
    assert!(!xdg.exists(), "the user's cache directory was not touched");
    assert_eq!(fs::read_dir(&home).unwrap().count(), 0);

    run(None, "two");
    assert_eq!(packs(&xdg.join("xlate")).len(), 1);
    // Empty counts as unset (a CI file may write `XLATE_CACHE_DIR: ""`).
    fs::remove_dir_all(&xdg).unwrap();
    run(Some(Path::new("")), "three");
    assert_eq!(packs(&xdg.join("xlate")).len(), 1);
    assert_eq!(fs::read_dir(&home).unwrap().count(), 0);
}

/// Regression guard: `tests/model.rs` started `xlate` through an
/// `assert_cmd::Command` of its own, without the test cache, and wrote into
/// the user's `~/.cache/xlate`. Every test starts `xlate` through
/// `util::xlate()` (or `util::xlate_std()`), which points the default cache
/// at a temporary folder.
#[test]
fn every_test_starts_xlate_with_the_test_cache() {
    // Split so that this file does not find itself.
    let needle = concat!("Command::", "cargo_bin(");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut offenders = Vec::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("util.rs") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.contains(needle) {
                offenders.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "start xlate with crate::util::xlate(), which gives it a cache of the \
         test run's own:\n{}",
        offenders.join("\n")
    );
}
