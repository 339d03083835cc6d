//! The output directory: it never overlaps the source, it is checked
//! before any unit is translated, what killed runs left in it is swept, and
//! a pair no engine translates is still written, as `TODO(xlate)` blocks.

use std::fs;

use predicates::prelude::*;

use crate::util::{read_tree, report, tree, xlate};

/// Regression (hardening #2): `xlate translate p3/src --to python --out p3`
/// wrote `p3/src/util.py` into the source, and with `--force` replaced
/// `p3/src/a.py` by the translation of `p3/src/src/a.py`. An output
/// directory above the source is refused, however it is spelled, and the
/// source is left byte for byte as it was.
#[test]
fn an_output_directory_that_contains_the_source_is_refused() {
    let root = tree(&[
        ("p3/src/a.py", b"def a():\n    return 1\n"),
        ("p3/src/src/a.py", b"def a():\n    return 2\n"),
        ("p3/src/util.js", b"function util() { return 3; }\n"),
        ("p3/other.txt", b"x\n"),
    ]);
    let before = read_tree(root.path());
    let p3 = root.path().join("p3");
    let spellings = [
        p3.clone(),
        p3.join(""),                       // trailing slash
        p3.join("src/.."),                 // `..`
        p3.join("src/../../p3/./"),        // both
        root.path().join("p3/src/src/.."), // the source itself
    ];
    for out in &spellings {
        for force in [false, true] {
            let mut cmd = xlate();
            cmd.args([
                "translate",
                "--to",
                "python",
                "--engine",
                "rules",
                "--no-cache",
            ])
            .arg(p3.join("src"))
            .arg("--out")
            .arg(out);
            if force {
                cmd.arg("--force");
            }
            cmd.assert()
                .code(2)
                .stderr(predicate::str::contains("overlap"));
        }
    }
    assert_eq!(read_tree(root.path()), before, "the source tree changed");
}

/// Regression (hardening #2): a link that leads into the source, or a
/// source reached through a link, is the source all the same.
#[cfg(unix)]
#[test]
fn overlap_through_symbolic_links_is_refused() {
    let root = tree(&[("proj/src/a.py", b"x = 1\n")]);
    let before = read_tree(root.path());
    // --out link/out where link points into the source.
    std::os::unix::fs::symlink(root.path().join("proj/src"), root.path().join("link")).unwrap();
    // A source given through a link to it, with --out above the real one.
    std::os::unix::fs::symlink(root.path().join("proj/src"), root.path().join("alias")).unwrap();
    for (src, out) in [
        ("proj/src", "link/out"),
        ("alias", "proj"),
        ("proj/src", "link"),
    ] {
        xlate()
            .args(["translate", "--to", "javascript", "--no-cache", "--out"])
            .arg(root.path().join(out))
            .arg(root.path().join(src))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("overlap"));
    }
    fs::remove_file(root.path().join("link")).unwrap();
    fs::remove_file(root.path().join("alias")).unwrap();
    assert_eq!(read_tree(root.path()), before);
}

/// A single source file may sit in the output directory's folder, but its
/// own translation may never land on it (same language, same name): refused
/// before anything is translated.
#[test]
fn a_source_file_is_never_overwritten_by_its_own_output() {
    let dir = tree(&[("a.py", b"def f():\n    return 1\n")]);
    xlate()
        .args([
            "translate",
            "--to",
            "python",
            "--engine",
            "identity",
            "--no-cache",
            "--force",
        ])
        .arg(dir.path().join("a.py"))
        .arg("--out")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("inside the source"));
    assert_eq!(
        fs::read_to_string(dir.path().join("a.py")).unwrap(),
        "def f():\n    return 1\n"
    );
}

/// Regression (hardening #9): a bad `--out` (a file, a folder that cannot
/// be created) was found only after the whole tree was translated, and its
/// error was printed twice. Now: exit 2 before any unit, the OS error once.
#[test]
fn an_unusable_output_directory_stops_the_run_before_any_unit() {
    let src = tree(&[("a.py", b"def f():\n    return 1\n")]);
    let scratch = tree(&[("a-file", b"not a folder\n")]);
    let cases = [
        (scratch.path().join("a-file"), "not a directory"),
        (scratch.path().join("a-file/below"), "cannot write there"),
        ("/proc/xlate-out".into(), "cannot write there"),
    ];
    for (out, message) in cases {
        let run = xlate()
            .args(["translate", "--to", "javascript", "--no-cache", "--out"])
            .arg(&out)
            .arg(src.path())
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
        assert!(stderr.contains(message), "{}: {stderr}", out.display());
        // The run stopped before translating: no progress, no summary.
        assert!(!stderr.contains("units:"), "{stderr}");
        let os_errors = stderr.matches("(os error").count();
        assert!(os_errors <= 1, "the OS error is said once: {stderr}");
    }
    assert_eq!(
        fs::read_to_string(scratch.path().join("a-file")).unwrap(),
        "not a folder\n"
    );
}

/// Regression (hardening #7): temporary files of a run killed with SIGKILL
/// stayed in the output folder for good. A run sweeps xlate's own abandoned
/// temporary files, and nothing else.
#[test]
fn temporary_files_of_killed_runs_are_swept() {
    let src = tree(&[("a.py", b"def f():\n    return 1\n")]);
    // A process id that cannot be alive: above the kernel's maximum.
    let dead = "4194999";
    let out = tree(&[
        (&format!("pkg/.xlate-tmp-{dead}-Ab12Cd"), b"half writ"),
        (&format!(".xlate-tmp-{dead}-Zz99zz"), b"half"),
        // A live writer's file (this test's own process) stays.
        (
            &format!(".xlate-tmp-{}-Live00", std::process::id()),
            b"in flight",
        ),
        // Files that only look alike are the user's.
        (".xlate-tmpfile-notes", b"mine"),
        ("pkg/xlate-tmp-1-x", b"mine"),
    ]);
    xlate()
        .args(["translate", "--to", "javascript", "--no-cache", "--out"])
        .arg(out.path())
        .arg(src.path())
        .assert()
        .success()
        .stderr(predicate::str::contains("removed 2 temporary files"));
    let names: Vec<String> = read_tree(out.path()).into_iter().map(|(n, _)| n).collect();
    assert!(!names.iter().any(|n| n.contains(dead)), "{names:?}");
    for kept in [
        format!(".xlate-tmp-{}-Live00", std::process::id()),
        ".xlate-tmpfile-notes".to_string(),
        "pkg/xlate-tmp-1-x".to_string(),
        "a.js".to_string(),
    ] {
        assert!(names.contains(&kept), "{kept} is gone: {names:?}");
    }
}

/// Regression (hardening #6): `--to rust` with the default engine wrote
/// nothing (`0/0 files`, exit 1). Nothing is lost: every file is mirrored,
/// each unit a `TODO(xlate)` block that says why, and the summary names the
/// engine that would translate it.
#[test]
fn a_pair_no_engine_translates_is_written_as_todo_blocks() {
    // The identity engine translates no pair of two languages.
    let src = tree(&[
        (
            "calc.js",
            b"function add(a, b) {\n  return a + b;\n}\n\nfunction neg(a) {\n  return -a;\n}\n",
        ),
        ("lib/util.js", b"function twice(x) {\n  return 2 * x;\n}\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let run = xlate()
        .args(["translate", "--to", "rust", "--engine", "identity"])
        .args(["--no-cache", "--out"])
        .arg(out.path())
        .arg(src.path())
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(stderr.contains("2 files"), "{stderr}");
    assert!(
        stderr.contains("note: no engine of this run (identity) translates javascript to rust")
            && stderr.contains("the rules engine translates javascript to rust (--engine rules)"),
        "{stderr}"
    );
    // A crate keeps its modules under `src/`.
    let calc = fs::read_to_string(out.path().join("src/calc.rs")).unwrap();
    assert!(
        calc.contains("// TODO(xlate): no engine of this run translates javascript to rust"),
        "{calc}"
    );
    for line in [
        "// function add(a, b) {",
        "//   return a + b;",
        "// function neg(a) {",
    ] {
        assert!(calc.contains(line), "{line} lost:\n{calc}");
    }
    let util = fs::read_to_string(out.path().join("src/lib/util.rs")).unwrap();
    assert!(util.contains("//   return 2 * x;"), "{util}");
    let report = report(out.path());
    assert_eq!(report["totals"]["files"], 2);
    assert_eq!(report["totals"]["units_failed"], 3);
    assert!(report["notes"][0]
        .as_str()
        .unwrap()
        .contains("translates javascript to rust"));
}
