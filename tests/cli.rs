//! The command line's edges: `xlate units` output that tools read, option
//! ranges, config errors, backtraces, the cache when it cannot be written,
//! output names that are keywords, help examples, completions and man pages.

use std::fs;
use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::Stdio;

use crate::util::{report, tree, xlate};

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Regression: a newline in a file name split its units' tab-separated
/// lines in two, so a line-oriented reader saw a unit that does not exist.
#[test]
fn units_escape_newlines_and_tabs_in_file_names() {
    let src = tree(&[
        ("odd\nname.py", b"def f():\n    return 1\n"),
        ("tab\there.py", b"def g():\n    return 2\n"),
    ]);
    let output = xlate().arg("units").arg(src.path()).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stdout = stdout_of(&output);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "odd\\nname.py:1-2\tfunction\tf\t21 bytes",
            "tab\\there.py:1-2\tfunction\tg\t21 bytes",
        ],
        "{stdout}"
    );
    // Every line has the same four fields.
    assert!(lines.iter().all(|l| l.split('\t').count() == 4));
}

/// Regression: `--json` left out files that could not be read or split, so
/// a tool reading it took them for files without units.
#[test]
fn units_json_includes_the_files_that_failed() {
    let src = tree(&[
        ("a.py", b"def f():\n    return 1\n"),
        ("bad.py", b"def f():\n    return '\xff'\n"),
    ]);
    let output = xlate()
        .args(["units", "--json"])
        .arg(src.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let files: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let files = files.as_array().unwrap();
    assert_eq!(files.len(), 2, "{files:?}");
    assert_eq!(files[0]["path"], "a.py");
    assert!(files[0].get("error").is_none(), "{files:?}");
    assert_eq!(files[1]["path"], "bad.py");
    assert_eq!(files[1]["lang"], "python");
    assert_eq!(files[1]["units"], serde_json::json!([]));
    let error = files[1]["error"].as_str().unwrap();
    assert!(error.contains("invalid UTF-8"), "{error}");
    // And standard error still says it.
    assert!(stderr_of(&output).contains("bad.py: invalid UTF-8"));
}

/// Regression: `xlate units DIR | head` printed `xlate: Broken pipe (os error
/// 32)` and exited 2 once `head` had read its lines.
#[test]
fn units_into_a_closed_pipe_exit_quietly() {
    // Far more output than a pipe holds, so xlate is still writing when the
    // reader goes away.
    let mut source = String::new();
    for i in 0..4000 {
        source.push_str(&format!("def function_number_{i}():\n    return {i}\n\n"));
    }
    let src = tree(&[("many.py", source.as_bytes())]);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("xlate"))
        .arg("units")
        .arg(src.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("many.py:1-2\tfunction\tfunction_number_0"));
    // The reader is dropped here: the pipe is closed.
    let output = child.wait_with_output().unwrap();
    let stderr = stderr_of(&output);
    assert_eq!(stderr, "", "nothing on stderr for a closed pipe");
    assert_eq!(output.status.code(), Some(0));
}

/// Regression: a symbolic link loop given as the path said "no such file
/// or directory", which sent people looking for a file that is there.
#[cfg(unix)]
#[test]
fn a_symlink_loop_given_directly_is_named_as_one() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("loop");
    std::os::unix::fs::symlink(&link, &link).unwrap();
    let dangling = dir.path().join("dangling");
    std::os::unix::fs::symlink(dir.path().join("nothing"), &dangling).unwrap();
    let output = xlate().arg("units").arg(&link).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr_of(&output),
        format!(
            "xlate: {}: symbolic link loop (the link leads back to itself)\n",
            link.display()
        )
    );
    let output = xlate().arg("units").arg(&dangling).output().unwrap();
    assert_eq!(
        stderr_of(&output),
        format!(
            "xlate: {}: broken symbolic link (its target does not exist)\n",
            dangling.display()
        )
    );
    let output = xlate()
        .arg("units")
        .arg(dir.path().join("absent"))
        .output()
        .unwrap();
    assert!(stderr_of(&output).ends_with("absent: no such file or directory\n"));
}

/// Regression: `--batch 0`, `--batch 99`, `--top-p 7`, `--candidates 0`
/// and `[model] batch = 99` were accepted by every engine but the model's.
#[test]
fn model_options_out_of_range_are_usage_errors_naming_the_range() {
    let src = tree(&[("a.py", b"x = 1\n")]);
    let out = tempfile::tempdir().unwrap();
    for (option, value, range) in [
        ("--batch", "0", "valid: 1 to 16"),
        ("--batch", "99", "valid: 1 to 16"),
        ("--top-p", "7", "valid: more than 0, at most 1"),
        ("--candidates", "0", "valid: 1 to 64"),
    ] {
        let output = xlate()
            .args(["translate", "--to", "py", "--engine", "identity", "--out"])
            .arg(out.path())
            .args([option, value])
            .arg(src.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{option} {value}");
        let stderr = stderr_of(&output);
        assert!(
            stderr.contains(option) && stderr.contains(range),
            "{option} {value}: {stderr}"
        );
        assert!(!out.path().join("a.py").exists());
    }
    let config = src.path().join("xlate.toml");
    fs::write(&config, "engine = \"identity\"\n[model]\nbatch = 99\n").unwrap();
    let output = xlate()
        .args(["translate", "--to", "py", "--out"])
        .arg(out.path())
        .arg(src.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr_of(&output),
        format!(
            "xlate: {}: line 3, column 9: [model] batch = 99 is out of range (valid: 1 to 16)\n",
            config.display()
        )
    );
}

/// Regression: an unknown engine in xlate.toml was reported without the
/// file's name, and config errors gave byte offsets.
#[test]
fn config_errors_name_the_file_line_and_column() {
    let src = tree(&[("a.py", b"x = 1\n")]);
    let out = tempfile::tempdir().unwrap();
    let config = src.path().join("xlate.toml");
    for (text, expected) in [
        (
            "to = \"py\"\nengine = \"gpt\"\n",
            "line 2, column 10: unknown engine `gpt` (known: identity, rules, model, server, auto)",
        ),
        (
            "to = \"py\"\noutput = \"x\"\n",
            "line 2, column 1: unknown field `output`",
        ),
    ] {
        fs::write(&config, text).unwrap();
        let output = xlate()
            .args(["translate", "--out"])
            .arg(out.path())
            .arg(src.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = stderr_of(&output);
        let expected = format!("xlate: {}: {expected}", config.display());
        assert!(
            stderr.starts_with(&expected),
            "{stderr}\nexpected: {expected}"
        );
        assert!(!stderr.contains("byte"), "{stderr}");
    }
}

/// Regression: with `RUST_BACKTRACE=1`, a malformed GGUF file printed a Rust
/// backtrace inside its error message.
#[test]
fn user_errors_carry_no_backtrace_whatever_rust_backtrace_says() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("broken.gguf");
    // GGUF's magic, then a version no reader knows: candle's parser turns
    // it down with an error that captures a backtrace when asked to.
    let mut bytes = b"GGUF".to_vec();
    bytes.extend_from_slice(&99u32.to_le_bytes());
    bytes.extend_from_slice(&[0; 64]);
    fs::write(&model, bytes).unwrap();
    for setting in ["1", "full"] {
        let output = xlate()
            .env("RUST_BACKTRACE", setting)
            .env_remove("RUST_LIB_BACKTRACE")
            .args(["model", "bench"])
            .arg(&model)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2));
        let stderr = stderr_of(&output);
        assert!(stderr.starts_with("xlate: "), "{stderr}");
        assert!(stderr.contains("broken.gguf"), "{stderr}");
        assert!(stderr.contains("unsupported magic/version"), "{stderr}");
        assert_eq!(
            stderr.lines().count(),
            1,
            "one line, no backtrace:\n{stderr}"
        );
    }
    // A developer who asks for library backtraces by name still gets them:
    // this is what the line above guards against.
    let output = xlate()
        .env("RUST_LIB_BACKTRACE", "1")
        .args(["model", "bench"])
        .arg(&model)
        .output()
        .unwrap();
    assert!(stderr_of(&output).lines().count() > 1, "{output:?}");
}

/// Fills a cache directory's pack folders (`v<FORMAT>/00` .. `ff`) with
/// regular files, so no pack can be stored: a read-only cache that stays
/// read-only for root too, whom mode bits do not stop.
fn unwritable_cache(dir: &Path) {
    let root = dir.join(format!("v{}", xlate::cache::FORMAT));
    fs::create_dir_all(&root).unwrap();
    for i in 0..=255u8 {
        fs::write(root.join(format!("{i:02x}")), b"").unwrap();
    }
}

/// Regression: when the cache could not be written, nothing said so: every
/// run translated everything again.
#[test]
fn a_cache_that_cannot_be_written_is_reported_once() {
    let src = tree(&[
        ("a.py", b"def f():\n    return 1\n"),
        ("b.py", b"def g():\n    return 2\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let cache = tempfile::tempdir().unwrap();
    unwritable_cache(cache.path());
    let output = xlate()
        .args(["translate", "--to", "py", "--engine", "identity", "--out"])
        .arg(out.path())
        .arg("--cache")
        .arg(cache.path())
        .arg(src.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stderr = stderr_of(&output);
    let warning = format!("xlate: cannot write the cache {}: ", cache.path().display());
    assert_eq!(stderr.matches(&warning).count(), 1, "{stderr}");
    assert!(
        stderr.contains("; translations of this run are not cached\n"),
        "{stderr}"
    );
    let summary = format!(
        "cache: 2 files' translations not stored (cannot write the cache {}: ",
        cache.path().display()
    );
    assert!(stderr.contains(&summary), "{stderr}");
    let report = report(out.path());
    assert_eq!(report["cache"]["store_errors"], 2);
    let why = report["cache"]["store_error"].as_str().unwrap();
    assert!(why.starts_with("cannot write the cache "), "{why}");
    // The outputs are written all the same.
    assert_eq!(
        fs::read(out.path().join("a.py")).unwrap(),
        b"def f():\n    return 1\n"
    );

    // A cache that can be written says nothing of the kind.
    let good = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = xlate()
        .args(["translate", "--to", "py", "--engine", "identity", "--out"])
        .arg(out.path())
        .arg("--cache")
        .arg(good.path())
        .arg(src.path())
        .output()
        .unwrap();
    assert!(!stderr_of(&output).contains("cannot write the cache"));
    let report = crate::util::report(out.path());
    assert_eq!(report["cache"]["store_errors"], 0);
    assert!(report["cache"].get("store_error").is_none());
}

/// The modes of every pack file under `dir`.
#[cfg(unix)]
fn pack_modes(dir: &Path) -> Vec<u32> {
    use std::os::unix::fs::PermissionsExt as _;
    let mut modes = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                modes.push(fs::metadata(&path).unwrap().permissions().mode() & 0o777);
            }
        }
    }
    modes
}

/// Regression: packs were created with mode 0600 whatever the umask, so a
/// CI cache shared between users could be read only by whoever wrote each.
#[cfg(unix)]
#[test]
fn cache_packs_follow_the_umask() {
    let src = tree(&[("a.py", b"def f():\n    return 1\n")]);
    for (umask, mode) in [("022", 0o644), ("002", 0o664), ("077", 0o600)] {
        let cache = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask} && exec \"$@\""))
            .arg("sh")
            .arg(assert_cmd::cargo::cargo_bin("xlate"))
            .args([
                "translate",
                "-q",
                "--to",
                "py",
                "--engine",
                "identity",
                "--out",
            ])
            .arg(out.path())
            .arg("--cache")
            .arg(cache.path())
            .arg(src.path())
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(pack_modes(cache.path()), [mode], "umask {umask}");
        // Outputs too (they were always 0644).
        use std::os::unix::fs::PermissionsExt as _;
        let written = fs::metadata(out.path().join("a.py")).unwrap();
        assert_eq!(written.permissions().mode() & 0o777, mode, "umask {umask}");
    }
}

/// Regression: `class.js` was written as `class.py`, which no `import` can
/// name, and nothing said so.
#[test]
fn outputs_named_after_keywords_are_renamed_and_reported() {
    let function = b"function f(a) {\n  return a;\n}\n";
    let src = tree(&[
        ("class.js", function),
        ("import/def.js", function),
        ("util.js", function),
    ]);
    let out = tempfile::tempdir().unwrap();
    let output = xlate()
        .args(["translate", "--to", "py", "--engine", "rules", "--out"])
        .arg(out.path())
        .arg(src.path())
        .output()
        .unwrap();
    assert!(output.status.code().is_some_and(|c| c <= 1), "{output:?}");
    assert!(out.path().join("class_.py").is_file());
    assert!(out.path().join("import_/def_.py").is_file());
    assert!(!out.path().join("class.py").exists());
    assert!(!out.path().join("import").exists());
    let report = report(out.path());
    let files = report["files"].as_array().unwrap();
    let by_source = |source: &str| {
        files
            .iter()
            .find(|f| f["source"] == source)
            .unwrap_or_else(|| panic!("{source} in {files:?}"))
    };
    assert_eq!(by_source("class.js")["output"], "class_.py");
    assert_eq!(
        by_source("class.js")["renamed"],
        serde_json::json!(["class → class_ (`class` is a python keyword)"])
    );
    assert_eq!(
        by_source("import/def.js")["renamed"],
        serde_json::json!([
            "import → import_ (`import` is a python keyword)",
            "def → def_ (`def` is a python keyword)"
        ])
    );
    assert!(by_source("util.js").get("renamed").is_none());
    assert!(
        stderr_of(&output).contains(
            "2 outputs renamed: their names are keywords or standard modules of the target"
        ),
        "{}",
        stderr_of(&output)
    );
}

/// Two sources whose outputs would be the same file (`class.js` is written
/// as `class_.py`, and so is `class_.js`) must not overwrite one another,
/// and neither may be lost: the second, in path order, gets a numbered
/// name that the report explains.
#[test]
fn sources_that_would_share_an_output_do_not_merge() {
    let src = tree(&[
        ("class.js", b"function f() {\n  return 1;\n}\n"),
        ("class_.js", b"function g() {\n  return 2;\n}\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let output = xlate()
        .args(["translate", "--to", "py", "--engine", "rules", "--out"])
        .arg(out.path())
        .arg(src.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    // Both are translated, each into its own file: the first in path order
    // keeps the name, the second is numbered and says why.
    let report = report(out.path());
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{files:?}");
    assert_eq!(files[0]["source"], "class.js");
    assert_eq!(files[0]["output"], "class_.py");
    assert_eq!(files[1]["source"], "class_.js");
    assert_eq!(files[1]["output"], "class__2.py");
    assert_eq!(
        files[1]["renamed"][0],
        "class_.js → class__2.py (class_.py is the output of class.js)"
    );
    let first = fs::read_to_string(out.path().join("class_.py")).unwrap();
    let second = fs::read_to_string(out.path().join("class__2.py")).unwrap();
    assert!(
        first.contains("def f()") && second.contains("def g()"),
        "{first}\n{second}"
    );
}

/// Regression: with `--copy-other`, `a.py` (already Python, copied) and
/// `a.js` (translated into `a.py`) both went to `a.py`: the copy failed on
/// the translation in one run and replaced it in the next.
#[test]
fn a_copy_does_not_replace_a_translation_with_its_path() {
    let python = b"def kept():\n    return 0\n";
    let src = tree(&[
        ("a.py", python),
        ("a.js", b"function f() {\n  return 1;\n}\n"),
        ("notes.txt", b"copied\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    for run in 0..2 {
        let output = xlate()
            .args([
                "translate",
                "--to",
                "py",
                "--engine",
                "rules",
                "--copy-other",
                "--out",
            ])
            .arg(out.path())
            .arg(src.path())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "run {run}: {output:?}");
        let written = fs::read_to_string(out.path().join("a.py")).unwrap();
        assert!(written.contains("def f("), "run {run}: {written}");
        assert_eq!(fs::read(out.path().join("notes.txt")).unwrap(), b"copied\n");
        let report = report(out.path());
        let skipped = report["skipped"].as_array().unwrap();
        let a = skipped.iter().find(|s| s["path"] == "a.py").unwrap();
        assert_eq!(a["reason"], "not copied: its path is the output of a.js");
        assert_eq!(a["error"], true);
        assert_eq!(a["copied"], false);
    }
}

/// Same language in and out: the tree is mirrored byte for byte, keyword
/// names included, and nothing is reported as renamed.
#[test]
fn identity_round_trips_keep_keyword_names() {
    let text = b"def f():\n    return 1\n";
    let src = tree(&[("class.py", text), ("import/def.py", text)]);
    let out = tempfile::tempdir().unwrap();
    xlate()
        .args(["translate", "--to", "py", "--engine", "identity", "--out"])
        .arg(out.path())
        .arg(src.path())
        .assert()
        .code(0);
    assert_eq!(fs::read(out.path().join("class.py")).unwrap(), text);
    assert_eq!(fs::read(out.path().join("import/def.py")).unwrap(), text);
    let report = report(out.path());
    for file in report["files"].as_array().unwrap() {
        assert!(file.get("renamed").is_none(), "{file}");
    }
}

/// Minified code round trips byte for byte too: units sharing a line stay
/// on it (regression: a translation between languages starts each unit on
/// a line of its own, and the identity run did so too).
#[test]
fn identity_round_trips_keep_units_that_share_a_line() {
    let text = b"function f(){return 1}function g(){return 2}\n";
    let src = tree(&[("m.js", text)]);
    let out = tempfile::tempdir().unwrap();
    xlate()
        .args(["translate", "--to", "js", "--engine", "identity", "--out"])
        .arg(out.path())
        .arg(src.path())
        .assert()
        .code(0);
    assert_eq!(fs::read(out.path().join("m.js")).unwrap(), text);
}

/// Regression: `--help` showed no examples.
#[test]
fn help_shows_examples() {
    for (command, example) in [
        (
            "translate",
            "xlate translate src/ --to rust --out translated/ --check",
        ),
        ("units", "xlate units src/ --json"),
        (
            "eval",
            "xlate eval --bench humaneval-x/ --from python --to javascript --engine rules",
        ),
    ] {
        for flag in ["-h", "--help"] {
            let output = xlate().args([command, flag]).output().unwrap();
            assert!(output.status.success());
            let help = stdout_of(&output);
            assert!(help.contains("Examples:"), "{command} {flag}:\n{help}");
            assert!(help.contains(example), "{command} {flag}:\n{help}");
        }
    }
    let help = stdout_of(&xlate().arg("--help").output().unwrap());
    assert!(
        help.contains("Examples:") && help.contains("completions"),
        "{help}"
    );
}

/// Regression: there were no shell completions.
#[test]
fn completions_are_printed_for_each_shell() {
    for (shell, marker) in [
        ("bash", "_xlate()"),
        ("zsh", "#compdef xlate"),
        ("fish", "complete -c xlate"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let output = xlate().args(["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}");
        let script = stdout_of(&output);
        assert!(script.contains(marker), "{shell}:\n{script}");
        // Subcommands and options are in it.
        assert!(script.contains("translate"), "{shell}");
        assert!(script.contains("split-classes-over"), "{shell}");
    }
    let output = xlate().args(["completions", "tcsh"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr_of(&output).contains("bash"));
}

/// Regression: there was no man page.
#[test]
fn man_pages_are_printed_or_written() {
    let output = xlate().arg("man").output().unwrap();
    assert!(output.status.success());
    let page = stdout_of(&output);
    assert!(page.contains(".TH xlate 1"), "{page}");
    assert!(page.contains("translate"), "{page}");

    let dir = tempfile::tempdir().unwrap();
    let output = xlate()
        .args(["man", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for expected in [
        "xlate.1",
        "xlate-translate.1",
        "xlate-units.1",
        "xlate-report-merge.1",
        "xlate-model-bench.1",
        "xlate-completions.1",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    // Hidden commands (test helpers) get no page.
    assert!(!names.iter().any(|n| n.contains("make-tiny")), "{names:?}");
    let translate = fs::read_to_string(dir.path().join("xlate-translate.1")).unwrap();
    assert!(translate.contains(".TH xlate-translate 1"), "{translate}");
    assert!(translate.contains("\\-\\-dry\\-run"), "{translate}");
}
