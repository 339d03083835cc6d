//! `--format`: outputs go through the target's formatter before they are
//! written and hashed, `--check` stays exact, the source is never touched,
//! and a formatter that is missing or fails changes nothing but a notice.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{read_tree, report, tree, xlate};

const MESSY_RUST: &str =
    "fn add(a:i32,b:i32)->i32{a+b}\n\nfn  main( ) { println!(\"{}\",add(1,2)); }\n";
const TIDY_RUST: &str =
    "fn add(a: i32, b: i32) -> i32 {\n    a + b\n}\n\nfn main() {\n    println!(\"{}\", add(1, 2));\n}\n";

/// A formatter on the PATH, or `None` after saying `skipped:` (a failure
/// under `CI=true`, where `.ci/run` installs them).
fn installed(program: &str) -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {program} is not installed: .ci/run should have installed it"
        );
        eprintln!("skipped: {program} is not installed");
    }
    found
}

/// Runs `program args` on `text` and returns what it prints.
fn run_formatter(program: &Path, args: &[&str], text: &str) -> String {
    use std::io::Write as _;
    let mut child = Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the formatter starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("it finishes");
    assert!(out.status.success(), "{program:?} failed on {text}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn format_runs_rustfmt_before_the_hash_and_check_stays_exact() {
    if installed("rustfmt").is_none() {
        return;
    }
    let src = tree(&[("m.rs", MESSY_RUST.as_bytes())]);
    let before = read_tree(src.path());
    let out = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = xlate();
        cmd.arg("translate")
            .arg(src.path())
            .args([
                "--to",
                "rust",
                "--engine",
                "identity",
                "--no-cache",
                "--out",
            ])
            .arg(out.path())
            .args(extra);
        cmd.output().unwrap()
    };
    let first = run(&["--format"]);
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let written = fs::read_to_string(out.path().join("m.rs")).unwrap();
    assert_eq!(written, TIDY_RUST);
    let r = report(out.path());
    assert!(
        r["formatter"].as_str().unwrap().starts_with("rustfmt "),
        "{}",
        r["formatter"]
    );
    // The hash is of the file as written, formatted.
    assert_eq!(
        r["files"][0]["output_hash"],
        blake3::hash(TIDY_RUST.as_bytes()).to_hex().as_str()
    );
    // Formatting reads standard input and writes standard output: the
    // source tree is exactly as it was.
    assert_eq!(read_tree(src.path()), before);

    // --check with --format: up to date.
    let check = run(&["--format", "--check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("up to date: 1 files"), "{stderr}");
    // Without it the outputs would change, and the run says why.
    let check = run(&["--check"]);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("would change: m.rs"), "{stderr}");
    assert!(
        stderr.contains("formatted with rustfmt") && stderr.contains("formats with no formatter"),
        "{stderr}"
    );
    // `format = true` in xlate.toml does what `--format` does, and
    // `--no-format` overrides it.
    fs::write(src.path().join("xlate.toml"), "format = true\n").unwrap();
    let check = run(&["--check"]);
    assert_eq!(check.status.code(), Some(0), "{check:?}");
    let check = run(&["--check", "--no-format"]);
    assert_eq!(check.status.code(), Some(1), "{check:?}");
    assert_eq!(
        fs::read_to_string(out.path().join("m.rs")).unwrap(),
        TIDY_RUST
    );
}

/// A directory holding a fake `rustfmt` that answers `--version` and fails
/// on every file, as rustfmt does on text it cannot parse.
fn failing_rustfmt() -> tempfile::TempDir {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rustfmt");
    fs::write(
        &path,
        "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'rustfmt 0.0.0-fake'; exit 0; fi\n\
         cat >/dev/null\necho 'error: expected one of `)` or `,`' >&2\nexit 1\n",
    )
    .unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
    dir
}

/// Regression guard for "says so once": a formatter that fails on every
/// file must leave each output exactly as translated and produce one line
/// for the run, not one per file.
#[test]
fn a_failing_formatter_leaves_outputs_as_translated_and_says_so_once() {
    let src = tree(&[("a.rs", MESSY_RUST.as_bytes()), ("b.rs", b"fn  b( ) {}\n")]);
    let fake = failing_rustfmt();
    let path = std::env::join_paths(std::iter::once(fake.path().to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = xlate()
        .env("PATH", &path)
        .arg("translate")
        .arg(src.path())
        .args([
            "--to",
            "rust",
            "--engine",
            "identity",
            "--no-cache",
            "--format",
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(stderr.matches("could not format").count(), 1, "{stderr}");
    assert!(
        stderr.contains("rustfmt could not format 2 files (first: a.rs: error: expected one of"),
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(out.path().join("a.rs")).unwrap(),
        MESSY_RUST
    );
    let r = report(out.path());
    assert!(
        r["notes"].to_string().contains("could not format 2 files"),
        "{}",
        r["notes"]
    );
}

#[test]
fn a_missing_formatter_writes_outputs_unformatted_and_says_so_once() {
    let src = tree(&[("a.rs", MESSY_RUST.as_bytes()), ("b.rs", b"fn  b( ) {}\n")]);
    let empty = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = xlate()
        .env("PATH", empty.path())
        .arg("translate")
        .arg(src.path())
        // Quiet: no summary, whose notes say it otherwise; still said once.
        .args([
            "-q",
            "--to",
            "rust",
            "--engine",
            "identity",
            "--no-cache",
            "--format",
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(
        stderr.matches("rustfmt is not installed").count(),
        1,
        "{stderr}"
    );
    assert_eq!(
        fs::read_to_string(out.path().join("a.rs")).unwrap(),
        MESSY_RUST
    );
    assert!(report(out.path())["formatter"].is_null());
}

#[test]
fn an_unknown_formatter_is_a_usage_error() {
    let src = tree(&[("a.rs", b"fn a() {}\n")]);
    let out = tempfile::tempdir().unwrap();
    let output = xlate()
        .arg("translate")
        .arg(src.path())
        .args(["--to", "rust", "--format=gofmt", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown formatter `gofmt`"), "{stderr}");
}

/// Translates `source` (file `name`) to `to` with and without `format`,
/// returning (unformatted, formatted, report of the formatted run).
fn translate_both(name: &str, source: &str, to: &str, format: &str) -> (String, String, String) {
    let src = tree(&[(name, source.as_bytes())]);
    let outputs: Vec<(String, serde_json::Value)> = ["--no-format", format]
        .iter()
        .map(|flag| {
            let out = tempfile::tempdir().unwrap();
            xlate()
                .arg("translate")
                .arg(src.path())
                .args(["--to", to, "--no-cache", flag, "--out"])
                .arg(out.path())
                .output()
                .unwrap();
            let r = report(out.path());
            let file = r["files"][0]["output"].as_str().unwrap().to_string();
            (fs::read_to_string(out.path().join(file)).unwrap(), r)
        })
        .collect();
    (
        outputs[0].0.clone(),
        outputs[1].0.clone(),
        outputs[1].1["formatter"].as_str().unwrap_or("").to_string(),
    )
}

const JS_SOURCE: &str = "function add(a,b){return a+b}\n\nfunction total(xs){ let t = 0; for (const x of xs) { t = t + x } return t }\n";
const PY_SOURCE: &str = "def add(a, b):\n    return a + b\n\ndef pick(x):\n    if x > 1:\n        return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23]\n    return []\n";

#[test]
fn black_and_ruff_format_python_outputs() {
    for (program, flag, args) in [
        ("black", "--format", &["-q", "-"][..]),
        ("ruff", "--format=ruff", &["format", "-"][..]),
    ] {
        let Some(path) = installed(program) else {
            continue;
        };
        let (plain, formatted, formatter) = translate_both("a.js", JS_SOURCE, "python", flag);
        assert!(formatter.starts_with(program), "{formatter}");
        assert_ne!(
            plain, formatted,
            "{program} changed nothing: the test proves nothing"
        );
        // What was written is the formatter's fixed point.
        assert_eq!(
            run_formatter(&path, args, &formatted),
            formatted,
            "{program}"
        );
        assert!(formatted.contains("def add(a, b):"), "{formatted}");
    }
}

#[test]
fn prettier_formats_javascript_outputs() {
    let Some(path) = installed("prettier") else {
        return;
    };
    let (plain, formatted, formatter) = translate_both("a.py", PY_SOURCE, "js", "--format");
    assert!(formatter.starts_with("prettier "), "{formatter}");
    assert_ne!(plain, formatted);
    assert_eq!(
        run_formatter(&path, &["--stdin-filepath", "a.js"], &formatted),
        formatted
    );
    // The long list is wrapped, as prettier wraps lines over 80 columns.
    assert!(formatted.contains("    return [\n"), "{formatted}");
}
