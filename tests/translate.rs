//! `xlate translate` end to end: round trips with the identity engine, bad
//! input, the guards on the output directory, exit codes and the report.

use std::fs;

use predicates::prelude::*;

use crate::util::{fixtures, read_tree, report, tree, xlate};

/// Fixture files with syntax errors: their broken units come back as
/// `TODO(xlate)` blocks instead of byte for byte.
const BROKEN: &[&str] = &[
    "legacy/half_written.py",
    "src/legacy/broken.js",
    "src/broken.rs",
];

fn round_trip(lang: &str) {
    let src = fixtures().join(lang);
    let out = tempfile::tempdir().unwrap();
    let assert = xlate()
        .args(["translate", "--engine", "identity", "--to", lang, "--out"])
        .arg(out.path())
        .arg(&src)
        .assert();
    // The broken fixture fails its broken units, so the run exits 1.
    assert.code(1);

    let inputs = read_tree(&src);
    let outputs: std::collections::BTreeMap<_, _> = read_tree(out.path()).into_iter().collect();
    assert!(!inputs.is_empty());
    for (rel, bytes) in &inputs {
        let written = outputs
            .get(rel)
            .unwrap_or_else(|| panic!("{rel} was not written"));
        if BROKEN.contains(&rel.as_str()) {
            let text = String::from_utf8(written.clone()).unwrap();
            assert!(
                text.contains("TODO(xlate): the source has a syntax error at"),
                "{rel}:\n{text}"
            );
            // Nothing is lost: every source line is still there, in or out
            // of a comment.
            for line in String::from_utf8(bytes.clone()).unwrap().lines() {
                assert!(text.contains(line.trim()), "{rel}: lost {line:?}");
            }
        } else {
            assert_eq!(
                String::from_utf8_lossy(written),
                String::from_utf8_lossy(bytes),
                "{rel} changed"
            );
        }
    }
    // Only the translations, the report and the review page were written.
    assert_eq!(outputs.len(), inputs.len() + 2);
    assert!(outputs.contains_key("xlate-review.html"));
    let report = report(out.path());
    assert_eq!(report["totals"]["file_errors"], 0);
    assert_eq!(report["totals"]["files_partial"], 1);
}

#[test]
fn identity_reproduces_python_fixtures() {
    round_trip("python");
}

#[test]
fn identity_reproduces_javascript_fixtures() {
    round_trip("javascript");
}

#[test]
fn identity_reproduces_rust_fixtures() {
    round_trip("rust");
}

#[test]
fn identity_reproduces_split_classes() {
    // Every class split into its members, translated and put back.
    let src = fixtures().join("python/inventory");
    let out = tempfile::tempdir().unwrap();
    xlate()
        .args([
            "translate",
            "--to",
            "py",
            "--engine",
            "identity",
            "--split-classes-over",
            "1",
            "--out",
        ])
        .arg(out.path())
        .arg(&src)
        .assert()
        .success();
    assert_eq!(read_tree(&src), {
        let mut written = read_tree(out.path());
        written.retain(|(rel, _)| rel != "xlate-report.json" && rel != "xlate-review.html");
        written
    });
    let report = report(out.path());
    let models = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["source"] == "models.py")
        .unwrap();
    let warehouse = models["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "Warehouse")
        .unwrap();
    let members: Vec<&str> = warehouse["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(members, ["__init__", "add", "size", "merge", "find"]);
}

#[test]
fn bad_input_is_named_and_the_run_goes_on() {
    let big = "x = 1\n".repeat(100);
    let src = tree(&[
        ("good.py", b"def f():\n    return 1\n"),
        ("latin1.py", b"s = '\xe9t\xe9'\n"),
        ("binary.py", b"\x7fELF\x00\x01\x02"),
        ("big.py", big.as_bytes()),
        ("empty.py", b""),
        ("bom_crlf.py", b"\xef\xbb\xbfdef g():\r\n    return 2\r\n"),
        ("tabs.py", b"def h():\n\tif True:\n\t\treturn 3\n"),
        (
            "unicode.py",
            "def größe(wörter):\n    return len(wörter)\n".as_bytes(),
        ),
    ]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        src.path().join("nowhere.py"),
        src.path().join("dangling.py"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    xlate()
        .args([
            "translate",
            "--to",
            "python",
            "--engine",
            "identity",
            "--max-file-size",
            "300",
            "--out",
        ])
        .arg(out.path())
        .arg(src.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "latin1.py: invalid UTF-8 at line 1",
        ))
        .stderr(predicate::str::contains("binary.py: binary file"))
        .stderr(predicate::str::contains(
            "big.py: 600 bytes is over the limit of 300 bytes",
        ));
    for ok in [
        "good.py",
        "empty.py",
        "bom_crlf.py",
        "tabs.py",
        "unicode.py",
    ] {
        assert_eq!(
            fs::read(out.path().join(ok)).unwrap(),
            fs::read(src.path().join(ok)).unwrap(),
            "{ok}"
        );
    }
    for bad in ["latin1.py", "binary.py", "big.py"] {
        assert!(!out.path().join(bad).exists(), "{bad} was written");
    }
    let report = report(out.path());
    let skipped: Vec<(&str, bool)> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["path"].as_str().unwrap(), s["error"].as_bool().unwrap()))
        .collect();
    assert!(skipped.contains(&("latin1.py", true)), "{skipped:?}");
    #[cfg(unix)]
    assert!(
        skipped.iter().any(|(p, e)| p.contains("dangling") && *e),
        "{skipped:?}"
    );
    assert_eq!(report["totals"]["files_translated"], 5);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_and_the_run_goes_on() {
    let src = tree(&[("pkg/a.py", b"def a():\n    pass\n")]);
    std::os::unix::fs::symlink(src.path().join("pkg"), src.path().join("pkg/again")).unwrap();
    let out = tempfile::tempdir().unwrap();
    xlate()
        .args(["translate", "--to", "py", "--engine", "identity", "--out"])
        .arg(out.path())
        .arg(src.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("symbolic link loop"));
    assert!(out.path().join("pkg/a.py").exists());
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let src = tree(&[("secret.py", b"x = 1\n"), ("open.py", b"y = 2\n")]);
    let secret = src.path().join("secret.py");
    fs::set_permissions(&secret, fs::Permissions::from_mode(0o000)).unwrap();
    let out = tempfile::tempdir().unwrap();
    // Regression: root reads mode-000 files, and CI runs as root, where this
    // test used to return early and test nothing. As root, xlate runs as
    // `nobody` instead, who cannot read the file.
    let (mut cmd, _copy) = if crate::util::running_as_root() {
        crate::util::xlate_as_nobody(&[src.path()], &[out.path()])
    } else {
        (xlate(), None)
    };
    cmd.args([
        "translate",
        "--no-cache",
        "--to",
        "py",
        "--engine",
        "identity",
    ])
    .arg("--out")
    .arg(out.path())
    .arg(src.path())
    .assert()
    .code(1)
    .stderr(predicate::str::contains("secret.py: cannot read"));
    assert_eq!(fs::read(out.path().join("open.py")).unwrap(), b"y = 2\n");
}

#[test]
fn usage_errors_exit_2() {
    let src = tree(&[("a.py", b"x = 1\n")]);
    // --out inside the source tree.
    xlate()
        .args(["translate", "--to", "py", "--out"])
        .arg(src.path().join("out"))
        .arg(src.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "the output directory is inside the source",
        ));
    assert!(!src.path().join("out").exists());
    // An unknown language, an unknown engine, a missing source.
    xlate()
        .args(["translate", "--to", "cobol", "--out", "x", "y"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language `cobol`"));
    let out = tempfile::tempdir().unwrap();
    xlate()
        .args(["translate", "--to", "py", "--engine", "magic", "--out"])
        .arg(out.path())
        .arg(src.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown engine `magic`"));
    xlate()
        .args(["translate", "--to", "py", "--out"])
        .arg(out.path())
        .arg(src.path().join("missing"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file or directory"));
}

#[test]
fn foreign_files_in_the_output_are_kept_without_force() {
    let src = tree(&[("a.py", b"x = 1\n")]);
    let out = tree(&[("a.py", b"hand written\n")]);
    let run = |force: bool| {
        let mut cmd = xlate();
        cmd.args(["translate", "--to", "py", "--engine", "identity", "--out"])
            .arg(out.path())
            .arg(src.path());
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
    };
    run(false)
        .code(1)
        .stderr(predicate::str::contains("was not written by xlate"));
    assert_eq!(
        fs::read_to_string(out.path().join("a.py")).unwrap(),
        "hand written\n"
    );
    run(true).success();
    assert_eq!(
        fs::read_to_string(out.path().join("a.py")).unwrap(),
        "x = 1\n"
    );
    // Now the file is xlate's: a plain run may rewrite it.
    run(false).success();
}

#[test]
fn other_languages_are_listed_and_copied_on_request() {
    let src = tree(&[
        ("app.py", b"def f():\n    pass\n"),
        ("README.md", b"# hi\n"),
        ("web/app.js", b"function g() {}\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    xlate()
        .args([
            "translate",
            "--to",
            "py",
            "--from",
            "py",
            "--engine",
            "identity",
            "--out",
        ])
        .arg(out.path())
        .arg(src.path())
        .assert()
        .success();
    assert!(!out.path().join("README.md").exists());
    let skipped = report(out.path())["skipped"].clone();
    assert_eq!(skipped.as_array().unwrap().len(), 2, "{skipped}");
    assert_eq!(skipped[0]["path"], "README.md");
    assert_eq!(skipped[0]["error"], false);

    xlate()
        .args([
            "translate",
            "--to",
            "py",
            "--from",
            "py",
            "--engine",
            "identity",
            "--copy-other",
            "--out",
        ])
        .arg(out.path())
        .arg(src.path())
        .assert()
        .success();
    assert_eq!(fs::read(out.path().join("README.md")).unwrap(), b"# hi\n");
    assert_eq!(
        fs::read(out.path().join("web/app.js")).unwrap(),
        b"function g() {}\n"
    );
}

#[test]
fn a_language_the_engine_cannot_translate_is_kept_as_todo_blocks() {
    let src = tree(&[("lib.rs", b"fn f() {}\n")]);
    let out = tempfile::tempdir().unwrap();
    xlate()
        .args(["translate", "--to", "py", "--engine", "identity", "--out"])
        .arg(out.path())
        .arg(src.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "note: no engine of this run (identity) translates rust to python",
        ));
    // A crate's `lib.rs` becomes its package's `__init__.py`.
    let text = fs::read_to_string(out.path().join("__init__.py")).unwrap();
    assert!(
        text.contains("# TODO(xlate): no engine of this run"),
        "{text}"
    );
    assert!(text.contains("# fn f() {}"), "{text}");
}

#[test]
fn dry_run_writes_nothing() {
    let src = tree(&[("a.py", b"x = 1\n")]);
    let parent = tempfile::tempdir().unwrap();
    let out = parent.path().join("out");
    xlate()
        .args([
            "translate",
            "--to",
            "py",
            "--engine",
            "identity",
            "--dry-run",
            "--out",
        ])
        .arg(&out)
        .arg(src.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("would write a.py"));
    assert!(!out.exists());
}

#[test]
fn output_is_the_same_on_every_run_and_jobs_count() {
    let src = fixtures().join("javascript");
    let runs: Vec<Vec<(String, Vec<u8>)>> = ["1", "4"]
        .iter()
        .map(|jobs| {
            let out = tempfile::tempdir().unwrap();
            xlate()
                .args([
                    "translate",
                    "--to",
                    "js",
                    "--engine",
                    "identity",
                    "--jobs",
                    jobs,
                    "--out",
                ])
                .arg(out.path())
                .arg(&src)
                .assert()
                .code(1);
            let mut files = read_tree(out.path());
            // The report and the review page hold timings; everything else
            // must match.
            files.retain(|(rel, _)| rel != "xlate-report.json" && rel != "xlate-review.html");
            files
        })
        .collect();
    assert_eq!(runs[0], runs[1]);
}

#[test]
fn a_single_file_can_be_translated() {
    let src = tree(&[("one.py", b"def f():\n    return 1\n")]);
    let out = tempfile::tempdir().unwrap();
    xlate()
        .args([
            "translate",
            "--to",
            "python",
            "--engine",
            "identity",
            "--out",
        ])
        .arg(out.path())
        .arg(src.path().join("one.py"))
        .assert()
        .success()
        .stderr(predicate::str::contains("1 units: 1 translated, 0 failed"));
    assert_eq!(
        fs::read(out.path().join("one.py")).unwrap(),
        b"def f():\n    return 1\n"
    );
    let report = report(out.path());
    assert_eq!(report["files"][0]["units"][0]["engine"], "identity");
    assert_eq!(report["files"][0]["status"], "translated");
}
