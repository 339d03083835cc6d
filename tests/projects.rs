//! Projects, not files: a tree translated with the rules engine becomes a
//! project of the target language that loads, runs its entry point and
//! passes its own translated tests (`npm test`'s script, `python3 -m
//! unittest`), with no network; a tree translated into its own language
//! stays byte for byte; and bad input (cycles, missing modules, star and
//! dynamic imports, clashing outputs, keyword folder names) gets a
//! deterministic result naming file and line, with nothing lost.

use std::fs;
use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::util::{fixtures, read_tree, report, tree, xlate};

/// Translates `src` with the rules engine into a new folder; returns the
/// folder, the exit code and stderr.
fn translate(src: &Path, to: &str) -> (tempfile::TempDir, i32, String) {
    let out = tempfile::tempdir().expect("a temporary folder");
    let output = xlate()
        .args([
            "translate",
            "--no-cache",
            "--engine",
            "rules",
            "--to",
            to,
            "--out",
        ])
        .arg(out.path())
        .arg(src)
        .output()
        .expect("xlate runs");
    (
        out,
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

/// Runs `program args` in `dir`; returns stdout, stderr and success.
fn run_in(dir: &Path, program: &str, args: &[&str]) -> (String, String, bool) {
    let output = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the program runs");
    (
        String::from_utf8_lossy(&output.stdout).to_string(),
        String::from_utf8_lossy(&output.stderr).to_string(),
        output.status.success(),
    )
}

fn unit_statuses(report: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for file in report["files"].as_array().expect("files") {
        for unit in file["units"].as_array().expect("units") {
            out.push((
                format!("{}:{}", file["source"].as_str().unwrap_or(""), unit["name"]),
                unit["status"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    out
}

#[test]
fn the_python_project_becomes_a_javascript_project_whose_tests_pass() {
    let src = fixtures().join("projects/python");
    let (out, code, stderr) = translate(&src, "javascript");
    let report = report(out.path());
    let failed: Vec<_> = unit_statuses(&report)
        .into_iter()
        .filter(|(_, s)| s != "translated")
        .collect();
    assert!(failed.is_empty(), "{failed:?}\n{stderr}");
    assert_eq!(code, 0, "{stderr}");

    // The project file: an ES module package whose test script runs the
    // translated tests.
    let package: Value = serde_json::from_str(
        &fs::read_to_string(out.path().join("package.json")).expect("a package.json"),
    )
    .expect("package.json is JSON");
    assert_eq!(package["type"], "module");
    assert_eq!(package["exports"], "./geometry/index.js");
    assert_eq!(package["bin"]["cli"], "./cli.js");
    let test_script = package["scripts"]["test"].as_str().expect("a test script");
    assert_eq!(
        test_script,
        "node --test tests/shapes.test.js tests/stats.test.js"
    );

    // Imports follow the tree: relative ES module paths, names as the
    // exporting module spells them, re-exports from the package file.
    let stats = fs::read_to_string(out.path().join("geometry/stats.js")).expect("stats.js");
    assert!(
        stats.contains("import { perimeter } from \"./shapes.js\";"),
        "{stats}"
    );
    assert!(stats.contains("export function mean(values) {"), "{stats}");
    let index = fs::read_to_string(out.path().join("geometry/index.js")).expect("index.js");
    assert!(
        index.contains("export { areaOfSquare, hypotenuse, perimeter };"),
        "{index}"
    );

    // `npm test` is this script; run it as npm would, from the project.
    let (stdout, stderr, ok) = run_in(out.path(), "sh", &["-c", test_script]);
    assert!(ok, "the translated tests fail:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("# pass 8") && stdout.contains("# fail 0"),
        "{stdout}"
    );

    // The entry point: same output and exit code as the source's, and
    // arguments counted from the same place (argv[0] differs).
    let (js, _, js_ok) = run_in(out.path(), "node", &["cli.js", "3", "4", "5"]);
    let (py, _, py_ok) = run_in(&src, "python3", &["cli.py", "3", "4", "5"]);
    assert!(js_ok && py_ok);
    assert_eq!(js, py);
    assert_eq!(js, "sides: 3, perimeter: 12, largest: 5\n");
    let usage = Command::new("node")
        .arg("cli.js")
        .current_dir(out.path())
        .output()
        .expect("node runs");
    assert_eq!(usage.status.code(), Some(2));

    // The dependencies section: the standard modules, with their status.
    let deps: Vec<(&str, &str)> = report["dependencies"]
        .as_array()
        .expect("dependencies")
        .iter()
        .map(|d| {
            (
                d["module"].as_str().unwrap_or(""),
                d["status"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        deps,
        [
            ("math", "sound"),
            ("sys", "partial"),
            ("unittest", "partial")
        ]
    );
}

#[test]
fn the_javascript_project_becomes_a_python_project_whose_tests_pass() {
    let src = fixtures().join("projects/javascript");
    let (out, code, stderr) = translate(&src, "python");
    assert_eq!(code, 0, "{stderr}");
    // Packages for every folder of modules, and a pyproject.toml.
    assert!(out.path().join("src/__init__.py").exists());
    assert_eq!(
        fs::read(out.path().join("test/__init__.py")).expect("an __init__.py"),
        b""
    );
    let pyproject = fs::read_to_string(out.path().join("pyproject.toml")).expect("pyproject");
    assert!(
        pyproject.contains("[project.scripts]\ncli = \"cli:main\""),
        "{pyproject}"
    );
    // Tests are named as unittest finds them, and are TestCase classes.
    let tests = fs::read_to_string(out.path().join("test/test_stats.py")).expect("test_stats.py");
    assert!(
        tests.contains("class TestStats(unittest.TestCase):"),
        "{tests}"
    );
    assert!(
        tests.contains("        self.assertEqual(mean([2, 4, 6]), 4)"),
        "{tests}"
    );

    let (stdout, stderr, ok) = run_in(out.path(), "python3", &["-m", "unittest"]);
    assert!(ok, "the translated tests fail:\n{stdout}\n{stderr}");
    assert!(
        stderr.contains("Ran 8 tests") && stderr.contains("\nOK"),
        "{stderr}"
    );

    let (py, _, py_ok) = run_in(out.path(), "python3", &["cli.py", "3", "4", "5"]);
    let (js, _, js_ok) = run_in(&src, "node", &["cli.js", "3", "4", "5"]);
    assert!(py_ok && js_ok);
    assert_eq!(py, js);
    let usage = Command::new("python3")
        .arg("cli.py")
        .current_dir(out.path())
        .output()
        .expect("python3 runs");
    assert_eq!(usage.status.code(), Some(2));
}

// Imports of a project translated into its own language are unchanged,
// and no project file is added: the identity round trip stays byte for
// byte.
#[test]
fn projects_translated_into_their_own_language_stay_byte_for_byte() {
    for (lang, to) in [("python", "py"), ("javascript", "js"), ("rust", "rs")] {
        let src = fixtures().join("projects").join(lang);
        let out = tempfile::tempdir().expect("a temporary folder");
        xlate()
            .args([
                "translate",
                "--no-cache",
                "--engine",
                "identity",
                "--to",
                to,
                "--out",
            ])
            .arg(out.path())
            .arg(&src)
            .assert()
            .success();
        let ext = match lang {
            "python" => ".py",
            "javascript" => ".js",
            _ => ".rs",
        };
        let sources: Vec<(String, Vec<u8>)> = read_tree(&src)
            .into_iter()
            .filter(|(rel, _)| rel.ends_with(ext))
            .collect();
        let outputs: Vec<(String, Vec<u8>)> = read_tree(out.path())
            .into_iter()
            .filter(|(rel, _)| !rel.starts_with("xlate-"))
            .collect();
        assert_eq!(outputs, sources, "{lang}");
    }
}

/// A tree with every kind of bad import.
fn bad_tree() -> tempfile::TempDir {
    tree(&[
        ("pkg/__init__.py", b"from .a import f\n"),
        (
            "pkg/a.py",
            b"from .b import g\nfrom .missing import x\n\n\ndef f():\n    return 1\n",
        ),
        (
            "pkg/b.py",
            b"from .a import f\nfrom pkg.c import *\nimport importlib\n\n\ndef g():\n    return f()\n\n\ndef load(name):\n    return importlib.import_module(name)\n",
        ),
        ("pkg/c.py", b"def h():\n    return 2\n\n\ndef _private():\n    return 3\n"),
    ])
}

#[test]
fn bad_imports_get_a_deterministic_result_naming_file_and_line() {
    let src = bad_tree();
    let (first, _, stderr) = translate(src.path(), "javascript");
    let (second, _, _) = translate(src.path(), "javascript");
    let messages: Vec<String> = report(first.path())["project"]
        .as_array()
        .expect("project messages")
        .iter()
        .map(|m| m.as_str().unwrap_or("").to_string())
        .collect();
    let expected = [
        "pkg/a.py:1: import cycle pkg/a.py → pkg/b.py → pkg/a.py",
        "pkg/a.py:2: import of `.missing`, which is not in the tree",
        "pkg/b.py:2: star import from `pkg.c`",
        "pkg/b.py:11: dynamic import (`importlib.import_module`)",
    ];
    assert_eq!(messages.len(), expected.len(), "{messages:#?}");
    for (m, e) in messages.iter().zip(expected) {
        assert!(m.starts_with(e), "{m}\nshould start with\n{e}");
        assert!(stderr.contains(m.as_str()), "not printed: {m}\n{stderr}");
    }
    // The same result on every run.
    let strip = |root: &Path| {
        read_tree(root)
            .into_iter()
            .filter(|(rel, _)| !rel.starts_with("xlate-"))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(first.path()), strip(second.path()));
    // Nothing lost: the missing import stays, commented, under its TODO;
    // the star import binds the public names; the cycle is still written.
    let a = fs::read_to_string(first.path().join("pkg/a.js")).expect("a.js");
    assert!(
        a.contains("// TODO(xlate): `.missing` is not a module of the tree (line 2)\n// from .missing import x"),
        "{a}"
    );
    assert!(a.contains("import { g } from \"./b.js\";"), "{a}");
    let b = fs::read_to_string(first.path().join("pkg/b.js")).expect("b.js");
    assert!(b.contains("import { h } from \"./c.js\";"), "{b}");
    assert!(b.contains("import { f } from \"./a.js\";"), "{b}");
    // ES modules allow this cycle (the functions are called later): the
    // package loads and runs.
    let (stdout, stderr, ok) = run_in(
        first.path(),
        "node",
        &[
            "--input-type=module",
            "-e",
            "import { f } from './pkg/index.js'; console.log(f());",
        ],
    );
    assert!(ok, "{stderr}");
    assert_eq!(stdout, "1\n");
}

// Regression: `lib/a.mjs` beside `lib/a.js` both mapped to `lib/a.py` and
// the second was dropped as an error; it now gets its own name, the report
// says why, and an import of it follows the new name.
#[test]
fn clashing_outputs_and_keyword_folders_are_reported_and_renamed() {
    let src = tree(&[
        ("class/util.js", b"export function twice(n) {\n  return n * 2;\n}\n"),
        ("main.js", b"import { twice } from \"./class/util.js\";\nimport { b } from \"./lib/a.mjs\";\n\nexport function four() {\n  return twice(2) + b;\n}\n"),
        ("lib/a.js", b"export const a = 1;\n"),
        ("lib/a.mjs", b"export const b = 2;\n"),
    ]);
    let (out, code, stderr) = translate(src.path(), "python");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("1 outputs renamed: another source has their natural name"),
        "{stderr}"
    );
    // Both sources are translated, each into its own file.
    let a = fs::read_to_string(out.path().join("lib/a.py")).expect("lib/a.py");
    assert!(a.contains("a = 1"), "{a}");
    let twin = fs::read_to_string(out.path().join("lib/a_mjs.py")).expect("lib/a_mjs.py");
    assert!(twin.contains("b = 2"), "{twin}");
    let report: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(out.path().join("xlate-report.json")).expect("a report"),
    )
    .expect("JSON");
    let files = report["files"].as_array().expect("files");
    let twin = files
        .iter()
        .find(|f| f["source"] == "lib/a.mjs")
        .expect("lib/a.mjs reported");
    assert_eq!(twin["output"], "lib/a_mjs.py");
    assert_eq!(
        twin["renamed"][0],
        "lib/a.mjs → lib/a_mjs.py (lib/a.py is the output of lib/a.js)"
    );
    assert!(
        report["skipped"].as_array().is_none_or(|s| s.is_empty()),
        "{report}"
    );
    // A folder named after a Python keyword gets a trailing underscore,
    // and the import follows it; the import of the twin follows its name.
    let main = fs::read_to_string(out.path().join("main.py")).expect("main.py");
    assert!(main.contains("from class_.util import twice"), "{main}");
    assert!(main.contains("a_mjs import b"), "{main}");
    let (stdout, stderr, ok) = run_in(
        out.path(),
        "python3",
        &["-c", "import main; print(main.four())"],
    );
    assert!(ok, "{stderr}");
    assert_eq!(stdout, "6\n");
}

// Regression: project files are outputs like the others: one edited since
// xlate wrote it is never overwritten, and `--check` is clean after a run.
#[test]
fn an_edited_project_file_is_kept_and_check_knows_the_project_files() {
    let src = fixtures().join("projects/python");
    let out = tempfile::tempdir().expect("a temporary folder");
    let run = |extra: &[&str]| {
        xlate()
            .args([
                "translate",
                "--no-cache",
                "--engine",
                "rules",
                "--to",
                "js",
                "--out",
            ])
            .arg(out.path())
            .args(extra)
            .arg(&src)
            .output()
            .expect("xlate runs")
    };
    assert!(run(&[]).status.success());
    let written = report(out.path())["scaffold"][0]["output"].clone();
    assert_eq!(written, "package.json");
    let check = run(&["--check"]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let package = out.path().join("package.json");
    let edited = fs::read_to_string(&package)
        .expect("package.json")
        .replace("0.1.0", "2.0.0");
    fs::write(&package, &edited).expect("an edit");
    let again = run(&[]);
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert_eq!(fs::read_to_string(&package).expect("package.json"), edited);
    assert!(
        stderr.contains("package.json: not written: it exists and xlate did not write it"),
        "{stderr}"
    );
}

/// Runs `program args` in `dir` through the sandbox (a time limit, and a
/// pids cgroup where the system gives one), with `env` added to its
/// cleared environment; returns stdout, stderr and success.
fn sandboxed(
    dir: &Path,
    program: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> (String, String, bool) {
    use xlate::sandbox::{Limits, Program, Sandbox};
    let mut run = Program::new(program).args(args);
    for (name, value) in env {
        run = run.env(name, value);
    }
    let limits = Limits {
        time: std::time::Duration::from_secs(300),
        // Compilers' needs are not the program's fault.
        memory: None,
        // The cap is on every file the program writes too: a linker
        // writes binaries of megabytes.
        output: 1 << 30,
        processes: 256,
    };
    let done = Sandbox::plain()
        .run(dir, &run, &limits)
        .expect("the sandbox runs the program");
    (done.stdout, done.stderr, done.success)
}

/// The statuses of units that were not translated, with their reasons.
fn not_translated(report: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for file in report["files"].as_array().expect("files") {
        for unit in file["units"].as_array().expect("units") {
            if unit["status"] != "translated" {
                out.push(format!(
                    "{}:{} {} {}",
                    file["source"].as_str().unwrap_or(""),
                    unit["name"],
                    unit["status"],
                    unit["reasons"]
                ));
            }
        }
    }
    out
}

#[test]
fn the_rust_crate_becomes_a_python_project_whose_tests_pass() {
    let src = fixtures().join("projects/rust");
    let (out, code, stderr) = translate(&src, "python");
    let report = report(out.path());
    let failed = not_translated(&report);
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    assert_eq!(code, 0, "{stderr}");

    // The crate root is the package file of its folder; the bin is a
    // script at the root; integration tests are unittest modules.
    let init = fs::read_to_string(out.path().join("src/__init__.py")).expect("src/__init__.py");
    assert!(
        init.contains("from src.shapes import area_of_square, hypotenuse, perimeter"),
        "{init}"
    );
    let stats = fs::read_to_string(out.path().join("src/stats.py")).expect("stats.py");
    assert!(
        stats.contains("from src.shapes import perimeter"),
        "{stats}"
    );
    let cli = fs::read_to_string(out.path().join("cli.py")).expect("cli.py");
    assert!(cli.contains("from src.stats import largest"), "{cli}");
    assert!(
        cli.contains("if __name__ == \"__main__\":\n    main()"),
        "{cli}"
    );
    let pyproject = fs::read_to_string(out.path().join("pyproject.toml")).expect("pyproject");
    // The package's name comes from the source's Cargo.toml.
    assert!(pyproject.contains("name = \"geometry\""), "{pyproject}");
    assert!(pyproject.contains("cli = \"cli:main\""), "{pyproject}");

    // The inline `#[cfg(test)]` module's tests stay in their module, and
    // a test module at the root loads them (issue 14).
    let shapes = fs::read_to_string(out.path().join("src/shapes.py")).expect("shapes.py");
    assert!(
        shapes.contains("@rust_test\ndef square_of_four():"),
        "{shapes}"
    );
    let inline = fs::read_to_string(out.path().join("test_inline.py")).expect("test_inline.py");
    assert!(inline.contains("import src.shapes\n"), "{inline}");

    let (stdout, stderr, ok) = sandboxed(out.path(), "python3", &["-m", "unittest", "-v"], &[]);
    assert!(ok, "the translated tests fail:\n{stdout}\n{stderr}");
    assert!(
        stderr.contains("Ran 9 tests") && stderr.contains("\nOK"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(perimeter_of_two_sides) ... ok"),
        "{stderr}"
    );
    // Each `#[test]` function is a test case under its own name.
    assert!(stderr.contains("(mean_of_three) ... ok"), "{stderr}");

    // The program: the Rust crate's output and exit codes.
    let (stdout, _, ok) = sandboxed(out.path(), "python3", &["cli.py", "3", "4", "5"], &[]);
    assert!(ok);
    assert_eq!(stdout, "sides: 3, perimeter: 12, largest: 5\n");
    let (stdout, _, ok) = sandboxed(out.path(), "python3", &["cli.py"], &[]);
    assert!(!ok);
    assert_eq!(stdout, "usage: cli SIDE...\n");
}

#[test]
fn the_rust_crate_becomes_a_javascript_project_whose_tests_pass() {
    let src = fixtures().join("projects/rust");
    let (out, code, stderr) = translate(&src, "javascript");
    let report = report(out.path());
    let failed = not_translated(&report);
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    assert_eq!(code, 0, "{stderr}");

    let package: Value = serde_json::from_str(
        &fs::read_to_string(out.path().join("package.json")).expect("a package.json"),
    )
    .expect("package.json is JSON");
    assert_eq!(package["name"], "geometry");
    assert_eq!(package["type"], "module");
    assert_eq!(package["bin"]["cli"], "./cli.js");
    let test_script = package["scripts"]["test"].as_str().expect("a test script");
    // `src/shapes.js` holds the inline `#[cfg(test)]` tests, registered
    // when it is run as a program (issue 14).
    assert_eq!(
        test_script,
        "node --test src/shapes.js tests/shapes.test.js tests/stats.test.js"
    );
    let shapes = fs::read_to_string(out.path().join("src/shapes.js")).expect("shapes.js");
    assert!(
        shapes.contains("test(\"perimeter_of_two_sides\", perimeterOfTwoSides);"),
        "{shapes}"
    );
    // `pub use` in the crate root passes names on; `pub fn` is exported.
    let index = fs::read_to_string(out.path().join("src/index.js")).expect("src/index.js");
    assert!(
        index.contains("export { areaOfSquare, hypotenuse, perimeter };"),
        "{index}"
    );
    let stats = fs::read_to_string(out.path().join("src/stats.js")).expect("stats.js");
    assert!(
        stats.contains("import { perimeter } from \"./shapes.js\";"),
        "{stats}"
    );
    assert!(stats.contains("export function mean(values) {"), "{stats}");

    let (stdout, stderr, ok) = sandboxed(out.path(), "sh", &["-c", test_script], &[]);
    assert!(ok, "the translated tests fail:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("# pass 9") && stdout.contains("# fail 0"),
        "{stdout}"
    );
    // Importing the library runs none of its tests.
    let (stdout, _, ok) = sandboxed(out.path(), "node", &["cli.js", "1"], &[]);
    assert!(ok);
    assert_eq!(stdout, "sides: 1, perimeter: 1, largest: 1\n");

    let (stdout, _, ok) = sandboxed(out.path(), "node", &["cli.js", "3", "4", "5"], &[]);
    assert!(ok);
    assert_eq!(stdout, "sides: 3, perimeter: 12, largest: 5\n");
    let (stdout, _, ok) = sandboxed(out.path(), "node", &["cli.js"], &[]);
    assert!(!ok);
    assert_eq!(stdout, "usage: cli SIDE...\n");
}

/// What `cargo` needs in the sandbox's cleared environment: rustup's
/// toolchains (the `cargo` on `PATH` is often rustup's proxy) and a
/// target folder outside the translated tree.
fn cargo_env(target: &Path) -> Vec<(String, String)> {
    let home = std::env::var("HOME").unwrap_or_default();
    let var = |name: &str, default: String| std::env::var(name).unwrap_or(default);
    vec![
        (
            "RUSTUP_HOME".into(),
            var("RUSTUP_HOME", format!("{home}/.rustup")),
        ),
        (
            "CARGO_HOME".into(),
            var("CARGO_HOME", format!("{home}/.cargo")),
        ),
        (
            "CARGO_TARGET_DIR".into(),
            target.to_string_lossy().into_owned(),
        ),
    ]
}

#[test]
fn the_python_project_becomes_a_crate_that_builds_and_passes_its_tests() {
    let src = fixtures().join("projects/python");
    let (out, code, stderr) = translate(&src, "rust");
    let report = report(out.path());
    let failed = not_translated(&report);
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    assert_eq!(code, 0, "{stderr}");

    // The module tree: packages are `mod.rs` files that declare their
    // modules and pass on what `__init__.py` imports.
    let lib = fs::read_to_string(out.path().join("src/lib.rs")).expect("src/lib.rs");
    assert!(lib.contains("pub mod cli;\npub mod geometry;\n"), "{lib}");
    let package = fs::read_to_string(out.path().join("src/geometry/mod.rs")).expect("mod.rs");
    assert!(
        package.starts_with("pub mod shapes;\npub mod stats;\n"),
        "{package}"
    );
    assert!(
        package
            .contains("pub use crate::geometry::shapes::{area_of_square, hypotenuse, perimeter};"),
        "{package}"
    );
    let stats = fs::read_to_string(out.path().join("src/geometry/stats.rs")).expect("stats.rs");
    assert!(
        stats.contains("use crate::geometry::shapes::perimeter;"),
        "{stats}"
    );
    // A call into another module is typed by the callee's annotations.
    assert!(stats.contains("perimeter(values.clone())"), "{stats}");
    // Integration tests import the library by the package's name.
    let tests = fs::read_to_string(out.path().join("tests/test_stats.rs")).expect("tests");
    assert!(tests.contains("use python::cli::summary;"), "{tests}");
    assert!(tests.contains("#[test]\nfn test_summary() {"), "{tests}");
    let cargo = fs::read_to_string(out.path().join("Cargo.toml")).expect("Cargo.toml");
    assert!(
        cargo.contains("[[bin]]\nname = \"cli\"\npath = \"src/bin/cli.rs\""),
        "{cargo}"
    );
    assert!(!cargo.contains("[dependencies]"), "{cargo}");

    let target = tempfile::tempdir().expect("a target folder");
    let env = cargo_env(target.path());
    let env: Vec<(&str, &str)> = env.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (_, stderr, ok) = sandboxed(
        out.path(),
        "cargo",
        &["build", "--offline", "-j", "1"],
        &env,
    );
    assert!(ok, "the crate does not build:\n{stderr}");
    let (stdout, stderr, ok) =
        sandboxed(out.path(), "cargo", &["test", "--offline", "-j", "1"], &env);
    assert!(ok, "the translated tests fail:\n{stdout}\n{stderr}");
    let passed: usize = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    assert_eq!(passed, 8, "{stdout}");

    // The program: the Python source's output and exit codes.
    let bin = target.path().join("debug/cli");
    let bin = bin.to_string_lossy();
    let (stdout, _, ok) = sandboxed(out.path(), &bin, &["3", "4", "5"], &[]);
    assert!(ok);
    assert_eq!(stdout, "sides: 3, perimeter: 12, largest: 5\n");
    let (stdout, _, ok) = sandboxed(out.path(), &bin, &[], &[]);
    assert!(!ok);
    assert_eq!(stdout, "usage: cli SIDE...\n");
}

// CommonJS both ways: a `require`/`module.exports` project becomes a
// Python project whose tests pass and whose program runs; that Python
// project, with `[project] module = "commonjs"`, becomes CommonJS again
// (`require`, `exports.NAME`, `"type": "commonjs"`) whose library tests
// pass under `node --test`.
#[test]
fn a_commonjs_project_goes_to_python_and_back_to_commonjs() {
    let src = fixtures().join("projects/commonjs");
    let (py, code, stderr) = translate(&src, "python");
    let failed = not_translated(&report(py.path()));
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    assert_eq!(code, 0, "{stderr}");
    let stats = fs::read_to_string(py.path().join("lib/stats.py")).expect("stats.py");
    assert!(
        stats.contains("from lib.shapes import perimeter"),
        "{stats}"
    );
    let (stdout, stderr, ok) = sandboxed(py.path(), "python3", &["-m", "unittest"], &[]);
    assert!(ok, "the translated tests fail:\n{stdout}\n{stderr}");
    assert!(
        stderr.contains("Ran 3 tests") && stderr.contains("\nOK"),
        "{stderr}"
    );
    let (stdout, _, ok) = sandboxed(py.path(), "python3", &["cli.py", "3", "4", "5"], &[]);
    assert!(ok);
    assert_eq!(stdout, "sides: 3, perimeter: 12, largest: 5\n");

    // Back, as configured. The first run's report is not a source.
    fs::write(
        py.path().join("xlate.toml"),
        "[project]\nmodule = \"commonjs\"\n",
    )
    .expect("an xlate.toml");
    for file in ["xlate-report.json", "xlate-review.html"] {
        let _ = fs::remove_file(py.path().join(file));
    }
    let (js, _, stderr) = translate(py.path(), "javascript");
    let package: Value = serde_json::from_str(
        &fs::read_to_string(js.path().join("package.json")).expect("a package.json"),
    )
    .expect("package.json is JSON");
    assert_eq!(package["type"], "commonjs", "{stderr}");
    let stats = fs::read_to_string(js.path().join("lib/stats.js")).expect("stats.js");
    assert!(
        stats.contains("const { perimeter } = require(\"./shapes.js\");"),
        "{stats}"
    );
    assert!(stats.contains("exports.largest = largest;"), "{stats}");
    assert!(!stats.contains("export "), "{stats}");
    let tests = fs::read_to_string(js.path().join("test/stats.test.js")).expect("tests");
    assert!(
        tests.contains("const { describe, test } = require(\"node:test\");"),
        "{tests}"
    );
    let (stdout, stderr, ok) = sandboxed(js.path(), "node", &["--test", "test/stats.test.js"], &[]);
    assert!(ok, "the tests fail:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("# pass 3") && stdout.contains("# fail 0"),
        "{stdout}"
    );
}

// `var f = require("./f")` of a module that sets `module.exports = f`
// (lodash's one function per file) binds the function: Python imports it
// from its module (it imported the module, and calling that raised
// "'module' object is not callable"); one whose function is not translated
// is left out with a note, so the importer still loads.
#[test]
fn a_required_function_is_imported_as_the_function() {
    let src = tree(&[
        ("lib/_easy.js", b"function easy(x) {\n  return x + 1;\n}\nmodule.exports = easy;\n"),
        ("lib/_hard.js", b"function hard(x) {\n  return x === null ? 1 : x === undefined ? 2 : 3;\n}\nmodule.exports = hard;\n"),
        (
            "lib/use.js",
            b"var easy = require('./_easy'),\n    hard = require('./_hard');\nfunction use(x) {\n  return easy(x) * 2;\n}\nmodule.exports = use;\n",
        ),
    ]);
    let (py, _, stderr) = translate(src.path(), "python");
    let usage = fs::read_to_string(py.path().join("lib/use.py")).expect("use.py");
    assert!(
        usage.contains("from lib._easy import easy"),
        "{usage}\n{stderr}"
    );
    assert!(
        usage.contains("# TODO(xlate): `hard` is not imported: hard is not translated"),
        "{usage}"
    );
    let (stdout, stderr, ok) = sandboxed(
        py.path(),
        "python3",
        &["-c", "from lib.use import use; print(use(1))"],
        &[],
    );
    assert!(ok, "{stderr}");
    assert_eq!(stdout, "4\n");
}

// A module-level binding of glue (`var getLength = baseProperty('length')`,
// lodash's way of making a function from another) is spelled as the
// symbol table spells it, in its module and in every importer: the glue
// had kept the JavaScript spelling while the module's functions and its
// importers read `get_length`, so calling them raised `NameError`.
#[test]
fn module_bindings_of_glue_are_spelled_as_their_readers_spell_them() {
    let src = tree(&[
        (
            "lib/_twice.js",
            b"function twice(k) {\n  return function(x) {\n    return x * k;\n  };\n}\nmodule.exports = twice;\n",
        ),
        (
            "lib/_double.js",
            b"var twice = require('./_twice');\n\nvar doubleIt = twice(2);\nvar extraAmount = 10;\n\nfunction plusExtra(x) {\n  return doubleIt(x) + extraAmount;\n}\n\nmodule.exports = doubleIt;\n",
        ),
        (
            "lib/use.js",
            b"var doubleIt = require('./_double');\n\nfunction use(x) {\n  return doubleIt(x) + 1;\n}\nmodule.exports = use;\n",
        ),
    ]);
    let (py, _, stderr) = translate(src.path(), "python");
    let glue = fs::read_to_string(py.path().join("lib/_double.py")).expect("_double.py");
    assert!(glue.contains("double_it = twice(2)"), "{glue}\n{stderr}");
    assert!(glue.contains("extra_amount = 10"), "{glue}");
    for (call, want) in [("use(4)", 9), ("use(-3)", -5)] {
        let (node_out, node_err, node_ok) = run_in(
            src.path(),
            "node",
            &[
                "-e",
                &format!("const use = require('./lib/use.js'); console.log({call})"),
            ],
        );
        assert!(node_ok, "{node_err}");
        assert_eq!(node_out.trim(), want.to_string());
        let (stdout, stderr, ok) = sandboxed(
            py.path(),
            "python3",
            &["-c", &format!("from lib.use import use; from lib._double import plus_extra; print({call}); print(plus_extra(1))")],
            &[],
        );
        assert!(ok, "{stderr}");
        assert_eq!(stdout, format!("{want}\n12\n"));
    }
}

// `export default <expression>` (`export default twice(2)`) binds
// `default` in the Python module, the name its importers import: the
// statement had been dropped while the glue counted as translated, so the
// importer did not load. Into Rust, a value computed from things that
// never change (`twice(2)` gives a closure) is the function `default`,
// which the importer uses under its name; node and the crate answer alike.
#[test]
fn a_default_export_of_an_expression_is_bound_where_importers_find_it() {
    let src = tree(&[
        ("package.json", b"{\"type\": \"module\"}\n"),
        (
            "twice.js",
            b"export default function twice(k) {\n  return function(x) {\n    return x * k;\n  };\n}\n",
        ),
        ("double.js", b"import twice from './twice.js';\n\nexport default twice(2);\n"),
        (
            "use.js",
            b"import doubleIt from './double.js';\n\nexport function use(x) {\n  return doubleIt(x) + 1;\n}\n",
        ),
    ]);
    let (py, _, stderr) = translate(src.path(), "python");
    let glue = fs::read_to_string(py.path().join("double.py")).expect("double.py");
    assert!(glue.contains("default = twice(2)"), "{glue}\n{stderr}");
    for (arg, want) in [(4, "9"), (-3, "-5")] {
        let (node_out, node_err, node_ok) = run_in(
            src.path(),
            "node",
            &[
                "--input-type=module",
                "-e",
                &format!("import {{ use }} from './use.js'; console.log(use({arg}))"),
            ],
        );
        assert!(node_ok, "{node_err}");
        assert_eq!(node_out.trim(), want);
        let (stdout, stderr, ok) = sandboxed(
            py.path(),
            "python3",
            &["-c", &format!("from use import use; print(use({arg}))")],
            &[],
        );
        assert!(ok, "{stderr}");
        assert_eq!(stdout.trim(), want);
    }
    let (rs, _, _) = translate(src.path(), "rust");
    let glue = fs::read_to_string(rs.path().join("src/double.rs")).expect("double.rs");
    assert!(glue.contains("pub fn default() -> js::Value {"), "{glue}");
    let user = fs::read_to_string(rs.path().join("src/use_.rs")).expect("use_.rs");
    assert!(user.contains("::default as double_it;"), "{user}");
}

// `[project] module = "commonjs"` for a Python project: the same project
// as ES modules would be, in CommonJS, tests and program included.
#[test]
fn a_python_project_becomes_commonjs_when_configured() {
    let src = tempfile::tempdir().expect("a source folder");
    for (rel, bytes) in read_tree(&fixtures().join("projects/python")) {
        let path = src.path().join(&rel);
        fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        fs::write(path, bytes).expect("a copy");
    }
    fs::write(
        src.path().join("xlate.toml"),
        "[project]\nname = \"geometry\"\nmodule = \"commonjs\"\n",
    )
    .expect("an xlate.toml");
    let (out, code, stderr) = translate(src.path(), "javascript");
    let failed = not_translated(&report(out.path()));
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    assert_eq!(code, 0, "{stderr}");
    let index = fs::read_to_string(out.path().join("geometry/index.js")).expect("index.js");
    assert!(
        index.contains("Object.assign(exports, { areaOfSquare, hypotenuse, perimeter });"),
        "{index}"
    );
    let cli = fs::read_to_string(out.path().join("cli.js")).expect("cli.js");
    assert!(cli.contains("if (require.main === module) {"), "{cli}");
    assert!(!cli.contains("import "), "{cli}");
    let package: Value = serde_json::from_str(
        &fs::read_to_string(out.path().join("package.json")).expect("a package.json"),
    )
    .expect("package.json is JSON");
    assert_eq!(package["type"], "commonjs");
    let test_script = package["scripts"]["test"].as_str().expect("a test script");
    let (stdout, stderr, ok) = sandboxed(out.path(), "sh", &["-c", test_script], &[]);
    assert!(ok, "the translated tests fail:\n{stdout}\n{stderr}");
    assert!(
        stdout.contains("# pass 8") && stdout.contains("# fail 0"),
        "{stdout}"
    );
    let (stdout, _, ok) = sandboxed(out.path(), "node", &["cli.js", "3", "4", "5"], &[]);
    assert!(ok);
    assert_eq!(stdout, "sides: 3, perimeter: 12, largest: 5\n");
}

/// `cargo run --offline --bin BIN -- ARGS` of the crate in `dir`, in the
/// sandbox: what it printed, and whether it succeeded.
fn cargo_run(dir: &Path, bin: &str, args: &[&str]) -> (String, bool) {
    let target = tempfile::tempdir().expect("a target folder");
    let env = cargo_env(target.path());
    let env: Vec<(&str, &str)> = env.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let mut argv = vec!["run", "-q", "--offline", "-j", "1", "--bin", bin, "--"];
    argv.extend(args);
    let (stdout, _, ok) = sandboxed(dir, "cargo", &argv, &env);
    (stdout, ok)
}

/// `cargo build --offline` and `cargo test --offline` of the crate in
/// `dir`, in the sandbox; returns the test output, and the counts of
/// tests passed and ignored.
fn cargo_test_counts(dir: &Path) -> (String, usize, usize) {
    let target = tempfile::tempdir().expect("a target folder");
    let env = cargo_env(target.path());
    let env: Vec<(&str, &str)> = env.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (_, stderr, ok) = sandboxed(dir, "cargo", &["build", "--offline", "-j", "1"], &env);
    assert!(ok, "the crate does not build:\n{stderr}");
    let (stdout, stderr, ok) = sandboxed(dir, "cargo", &["test", "--offline", "-j", "1"], &env);
    assert!(ok, "the translated tests fail:\n{stdout}\n{stderr}");
    let count = |what: &str| -> usize {
        stdout
            .lines()
            .filter_map(|l| l.strip_prefix("test result: ok. "))
            .filter_map(|l| {
                l.split("; ")
                    .find_map(|part| part.strip_suffix(what)?.trim().parse::<usize>().ok())
            })
            .sum()
    };
    let (passed, ignored) = (count(" passed"), count(" ignored"));
    (stdout, passed, ignored)
}

// JavaScript to Rust as a project (issue 14): the ES-module fixture
// becomes a crate (`Cargo.toml`, `src/lib.rs` with the module tree and the
// package file's re-exports as `pub use`, `use crate::...` for `import`,
// a bin for the main check, `node:test` tests as `#[test]` functions)
// that builds and passes its tests, and whose program prints what the
// source's prints (`console.log`, a template literal of floats written as
// JavaScript writes numbers).
#[test]
fn the_javascript_project_becomes_a_crate_that_builds_and_passes_its_tests() {
    let src = fixtures().join("projects/javascript");
    let (out, _code, stderr) = translate(&src, "rust");
    let report = report(out.path());
    let mut failed = not_translated(&report);
    failed.sort();
    let declined: Vec<&str> = failed
        .iter()
        .map(|f| f.split(' ').next().unwrap_or(""))
        .collect();
    assert!(declined.is_empty(), "{failed:#?}\n{stderr}");

    let lib = fs::read_to_string(out.path().join("src/lib.rs")).expect("src/lib.rs");
    assert!(
        lib.starts_with("pub mod cli;\npub mod shapes;\npub mod stats;\n"),
        "{lib}"
    );
    assert!(
        lib.contains("pub use crate::shapes::{area_of_square, hypotenuse, perimeter};"),
        "{lib}"
    );
    let stats = fs::read_to_string(out.path().join("src/stats.rs")).expect("stats.rs");
    assert!(stats.contains("use crate::shapes::perimeter;"), "{stats}");
    // A call into another module is typed by the callee's JSDoc.
    assert!(stats.contains("perimeter(values.clone())"), "{stats}");
    assert!(
        stats.contains("pub fn largest(values: Vec<f64>) -> f64"),
        "{stats}"
    );
    // A template literal of JSDoc numbers writes them as JavaScript does.
    let cli = fs::read_to_string(out.path().join("src/cli.rs")).expect("cli.rs");
    assert!(
        cli.contains(
            "pub fn summary(count: f64, total: f64, biggest: f64) -> String {\n    format!(\"sides: {}, perimeter: {}, largest: {}\", js_number_str(count)"
        ),
        "{cli}"
    );
    let tests = fs::read_to_string(out.path().join("tests/stats_test.rs")).expect("tests");
    assert!(
        tests.contains("use geometry::stats::{largest, mean};"),
        "{tests}"
    );
    assert!(tests.contains("#[test]\nfn test_stats_mean() {"), "{tests}");
    assert!(
        tests.contains("#[test]\nfn test_stats_summary() {"),
        "{tests}"
    );
    let cargo = fs::read_to_string(out.path().join("Cargo.toml")).expect("Cargo.toml");
    assert!(cargo.contains("name = \"geometry\""), "{cargo}");
    assert!(
        cargo.contains("[[bin]]\nname = \"cli\"\npath = \"src/bin/cli.rs\""),
        "{cargo}"
    );
    let bin = fs::read_to_string(out.path().join("src/bin/cli.rs")).expect("bin");
    assert!(bin.contains("geometry::cli::main(args)"), "{bin}");

    let (stdout, passed, ignored) = cargo_test_counts(out.path());
    assert_eq!((passed, ignored), (8, 0), "{stdout}");
    assert!(stdout.contains("test test_perimeter ... ok"), "{stdout}");
    assert!(
        stdout.contains("test test_stats_summary ... ok"),
        "{stdout}"
    );
    // The program prints what `node cli.js` does, and fails alike. Node
    // runs in a folder of its own: the sandbox writes there.
    let cli = src.join("cli.js");
    let cli = cli.to_str().expect("a UTF-8 path");
    let cwd = tempfile::tempdir().expect("a folder for node");
    for args in [&["3", "4", "5"][..], &[]] {
        let node_args: Vec<&str> = [cli].iter().chain(args).copied().collect();
        let (node, _, node_ok) = sandboxed(cwd.path(), "node", &node_args, &[]);
        assert_eq!(
            cargo_run(out.path(), "cli", args),
            (node, node_ok),
            "{args:?}"
        );
    }
}

// The CommonJS fixture (`require`, `module.exports`, a `lib/` folder with
// no package file) becomes a crate too: the folder is an inline `pub mod
// lib { ... }` (a `pub mod lib;` would be the crate root itself).
#[test]
fn the_commonjs_project_becomes_a_crate_that_builds_and_passes_its_tests() {
    let src = fixtures().join("projects/commonjs");
    let (out, _code, stderr) = translate(&src, "rust");
    let report = report(out.path());
    let mut failed = not_translated(&report);
    failed.sort();
    let declined: Vec<&str> = failed
        .iter()
        .map(|f| f.split(' ').next().unwrap_or(""))
        .collect();
    assert!(declined.is_empty(), "{failed:#?}\n{stderr}");
    let lib = fs::read_to_string(out.path().join("src/lib.rs")).expect("src/lib.rs");
    assert!(
        lib.contains("pub mod lib {\n    pub mod shapes;\n    pub mod stats;\n}\n"),
        "{lib}"
    );
    let tests = fs::read_to_string(out.path().join("tests/stats_test.rs")).expect("tests");
    assert!(
        tests.contains("use geometry_cjs::lib::stats::{largest, total};"),
        "{tests}"
    );
    let (stdout, passed, ignored) = cargo_test_counts(out.path());
    assert_eq!((passed, ignored), (3, 0), "{stdout}");
}

// Regression: in an import cycle, the module translated first imported
// names of the other before that one was translated, so an import of a
// name the other module then failed to translate was written, and the
// module did not load (autocfg's `lib.rs`, `use rustc::Rustc`). Such a
// module is now translated once more when the tree is done.
#[test]
fn both_modules_of_an_import_cycle_leave_out_what_the_other_did_not_translate() {
    let module = |other: &str, me: &str| {
        format!(
            "from .{other} import bad_{other}\n\n\ndef good_{me}():\n    return 1\n\n\n\
             def bad_{me}():\n    exec(\"x = 1\")\n"
        )
    };
    let (a, b) = (module("b", "a"), module("a", "b"));
    let src = tree(&[
        ("pkg/__init__.py", b""),
        ("pkg/a.py", a.as_bytes()),
        ("pkg/b.py", b.as_bytes()),
    ]);
    let (out, _code, stderr) = translate(src.path(), "javascript");
    for (file, other) in [("a", "b"), ("b", "a")] {
        let text = fs::read_to_string(out.path().join(format!("pkg/{file}.js"))).expect("module");
        assert!(
            text.starts_with(&format!(
                "// TODO(xlate): `bad_{other}` is not imported: bad_{other} is not translated in \
                 pkg/{other}.js\n"
            )),
            "{file}.js:\n{text}\n{stderr}"
        );
    }
    let report = report(out.path());
    for file in report["files"].as_array().expect("files") {
        assert_eq!(file["load"]["loads"], true, "{file}");
    }
}

/// Rust modules and ES modules may import each other; a Python module
/// that does `from b import f` at its top while `b` imports it back fails
/// to load (`cannot import name ... from partially initialized module`).
/// Modules on a cycle make those imports at their end, so that either
/// module can be imported first and calls across work.
#[test]
fn python_modules_on_an_import_cycle_load_in_either_order() {
    let rust = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"cyc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", b"pub mod a;\npub mod b;\n"),
        (
            "src/a.rs",
            b"use crate::b::Point;\n\npub fn origin() -> Point {\n    Point { x: 0, y: 0 }\n}\n\n\
              pub fn twice(n: i64) -> i64 {\n    n * 2\n}\n",
        ),
        (
            "src/b.rs",
            b"use crate::a::twice;\n\npub struct Point {\n    pub x: i64,\n    pub y: i64,\n}\n\n\
              pub fn scaled(p: &Point) -> Point {\n    Point { x: twice(p.x), y: twice(p.y) + 1 }\n}\n",
        ),
    ]);
    let javascript = tree(&[
        (
            "a.js",
            b"import { scaled } from './b.js';\n\nexport function twice(n) {\n  return n * 2;\n}\n\n\
              export function both(n) {\n  return scaled(n) + 1;\n}\n",
        ),
        (
            "b.js",
            b"import { twice } from './a.js';\n\nexport function scaled(n) {\n  return twice(n) + 3;\n}\n",
        ),
        ("package.json", b"{\"type\": \"module\"}\n"),
    ]);
    let cases = [
        (
            rust.path(),
            "src.a",
            "src.b",
            "print(b.scaled(a.origin()).y)",
            "1",
        ),
        (
            javascript.path(),
            "a",
            "b",
            "print(a.both(2), b.scaled(1))",
            "8 5",
        ),
    ];
    for (src, a, b, call, expected) in cases {
        let (out, code, stderr) = translate(src, "python");
        assert_eq!(code, 0, "{stderr}");
        let report = report(out.path());
        for file in report["files"].as_array().expect("files") {
            assert_eq!(file["load"]["loads"], true, "{file}");
        }
        for first in [a, b] {
            let script = format!("import {first}\nimport {a} as a\nimport {b} as b\n{call}");
            let run = Command::new("python3")
                .args(["-c", &script])
                .current_dir(out.path())
                .output()
                .expect("python3 runs");
            assert_eq!(
                String::from_utf8_lossy(&run.stdout).trim(),
                expected,
                "{first} first: {}\n{}",
                String::from_utf8_lossy(&run.stderr),
                read_tree(out.path())
                    .iter()
                    .map(|(p, t)| format!("== {p}\n{}", String::from_utf8_lossy(t)))
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
    }
}

/// A module that imports one module of a cycle loads the whole cycle, so
/// it is translated (and its load checked) after every module of that
/// cycle, not only the one it names: `c` imports `b`, which is on a cycle
/// with `d`, and `c` comes between them by path. And `use crate::util;`
/// where the crate root says `mod util;` names the module, not a name the
/// root exports (bstr's `use crate::{ascii, byteset}`).
#[test]
fn an_importer_of_a_cycle_waits_for_the_whole_cycle() {
    let src = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"cyc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", b"pub mod b;\npub mod c;\npub mod d;\nmod util;\n"),
        (
            "src/b.rs",
            b"use crate::d::two;\n#[allow(unused_imports)]\nuse crate::util;\n\npub fn one() -> i64 {\n    two() - 1\n}\n",
        ),
        (
            "src/c.rs",
            b"use crate::b::one;\n\npub fn four() -> i64 {\n    one() + 3\n}\n",
        ),
        (
            "src/d.rs",
            b"use crate::b::one;\n\npub fn two() -> i64 {\n    2\n}\n\n\
              pub fn three() -> i64 {\n    one() + two()\n}\n",
        ),
        ("src/util.rs", b"pub fn zero() -> i64 {\n    0\n}\n"),
    ]);
    for (to, run) in [
        (
            "javascript",
            [
                "node",
                "--input-type=module",
                "-e",
                "import { four } from './src/c.js'; import { three } from './src/d.js'; \
                 console.log(four(), three());",
            ],
        ),
        (
            "python",
            [
                "python3",
                "-c",
                "from src.c import four\nfrom src.d import three\nprint(four(), three())",
                "",
            ],
        ),
    ] {
        let (out, code, stderr) = translate(src.path(), to);
        assert_eq!(code, 0, "{to}: {stderr}");
        let report = report(out.path());
        for file in report["files"].as_array().expect("files") {
            assert_eq!(file["load"]["loads"], true, "{to}: {file}");
        }
        let args: Vec<&str> = run[1..].iter().copied().filter(|a| !a.is_empty()).collect();
        let ran = Command::new(run[0])
            .args(&args)
            .current_dir(out.path())
            .output()
            .expect("runs");
        assert_eq!(
            String::from_utf8_lossy(&ran.stdout).trim(),
            "4 3",
            "{to}: {}",
            String::from_utf8_lossy(&ran.stderr)
        );
    }
}

/// A glob import (`pub(crate) use crate::common_term::*;`, console's) is
/// written as the exporter's names listed: those not translated are left
/// out with a note, or the importer (an ES module) does not load.
#[test]
fn a_glob_import_leaves_out_what_was_not_translated() {
    let src = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"globs\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            b"mod common;\npub mod ext;\npub mod term;\npub use serde_json::*;\n",
        ),
        ("src/ext.rs", b"pub use serde::de::Deserializer;\n"),
        (
            "src/common.rs",
            b"pub fn one() -> i64 {\n    1\n}\n\npub extern \"C\" fn raw() -> i64 {\n    2\n}\n",
        ),
        (
            "src/term.rs",
            b"pub use crate::common::*;\n#[allow(unused_imports)]\nuse crate::ext::Deserializer;\n\
              #[allow(unused_imports)]\nuse crate::Value;\n\npub fn two() -> i64 {\n    one() + 1\n}\n",
        ),
    ]);
    // Names another module takes from a third-party crate (`pub use
    // serde::de::Deserializer;`, `pub use serde_json::*;`, toml_edit's
    // `toml_datetime`) are not in the target either: left out too.
    let (out, _code, stderr) = translate(src.path(), "python");
    let report_py = report(out.path());
    for file in report_py["files"].as_array().expect("files") {
        assert_eq!(file["load"]["loads"], true, "{file}\n{stderr}");
    }
    let (out, _code, stderr) = translate(src.path(), "javascript");
    let report = report(out.path());
    for file in report["files"].as_array().expect("files") {
        assert_eq!(file["load"]["loads"], true, "{file}\n{stderr}");
    }
    let term = fs::read_to_string(out.path().join("src/term.js")).expect("term.js");
    assert!(
        term.contains(
            "// TODO(xlate): `raw` is not imported: raw is not translated in src/common.js"
        ) && term.contains("import { one } from \"./common.js\";"),
        "{term}"
    );
}

/// A struct whose unit was not translated (its field names an item of
/// another file that was not) is not in the target, so a trait's `impl`
/// of it, which names nothing else that failed, is declined saying so,
/// rather than written to attach methods to a class that is not there
/// (toml_edit's `de/array.rs`, whose module then did not load).
#[test]
fn an_impl_of_a_struct_that_was_not_translated_is_declined() {
    let src = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"tr\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", b"pub mod arr;\npub mod item;\n"),
        (
            "src/item.rs",
            b"pub struct Item {\n    pub p: *const u8,\n}\n",
        ),
        (
            "src/arr.rs",
            b"pub trait Sized2 {\n    fn size(&self) -> i64;\n}\n\npub struct Arr {\n    \
              pub input: Vec<crate::item::Item>,\n}\n\nimpl Sized2 for Arr {\n    \
              fn size(&self) -> i64 {\n        1\n    }\n}\n",
        ),
    ]);
    for to in ["python", "javascript"] {
        let (out, _code, stderr) = translate(src.path(), to);
        let report = report(out.path());
        let arr = report["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|f| f["source"] == "src/arr.rs")
            .expect("arr.rs");
        assert_eq!(arr["load"]["loads"], true, "{to}: {arr}\n{stderr}");
        let reasons = arr["units"].to_string();
        assert!(
            reasons.contains("`impl` of `Arr`, whose declaration in the file is declined"),
            "{to}: {reasons}"
        );
    }
}

/// The modules of a cycle are translated again until they agree: `lib.rs`
/// (first by path) re-exports `pad` and `pad_with` of `utils.rs`, which
/// imports `lib.rs` back; `pad_with` is not translated, and with it
/// `pad`, its caller, once that is known. `lib.rs`'s import must leave
/// both out however late that is learnt (console's `pad_str`).
#[test]
fn the_modules_of_a_cycle_are_translated_again_until_they_agree() {
    let src = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"tc\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            b"mod utils;\npub use utils::{pad, pad_with};\n\npub fn width() -> i64 {\n    3\n}\n",
        ),
        (
            "src/utils.rs",
            b"use crate::width;\n\npub fn pad() -> i64 {\n    pad_with() + width()\n}\n\n\
              pub fn pad_with() -> i64 {\n    unsafe { std::mem::zeroed() }\n}\n",
        ),
    ]);
    for to in ["python", "javascript"] {
        let (out, _code, stderr) = translate(src.path(), to);
        let report = report(out.path());
        for file in report["files"].as_array().expect("files") {
            assert_eq!(file["load"]["loads"], true, "{to}: {file}\n{stderr}");
        }
    }
}

/// Translates the crate at `src` into Python and JavaScript, each wholly
/// (exit 0, every unit), runs a script at the output's root there
/// (`python`'s as `main.py`, `javascript`'s as `main.mjs`), which must
/// print `expected`, and gives `also` each target's output folder.
fn crate_runs_in_both(
    src: &Path,
    python: &str,
    javascript: &str,
    expected: &str,
    also: &dyn Fn(&str, &Path),
) {
    for (to, program, name, script) in [
        ("python", "python3", "main.py", python),
        ("javascript", "node", "main.mjs", javascript),
    ] {
        let (out, code, stderr) = translate(src, to);
        let failed = not_translated(&report(out.path()));
        assert!(failed.is_empty(), "{to}: {failed:#?}\n{stderr}");
        assert_eq!(code, 0, "{to}: {stderr}");
        also(to, out.path());
        fs::write(out.path().join(name), script).expect("the script");
        let (stdout, stderr, ok) = run_in(out.path(), program, &[name]);
        assert!(ok, "{to}: {stderr}");
        assert_eq!(stdout.trim(), expected, "{to}");
    }
}

/// A `Result` made in one module is matched and `?`-ed in another: its
/// pair's tag is a string, not a class of one module, so a `match` in
/// `lib.rs` (`src/__init__.py`, `src/index.js`) reads what `parse.rs`
/// returned.
#[test]
fn a_result_made_in_one_module_is_matched_in_another() {
    let src = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"res\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            b"pub mod parse;\n\npub fn sum(a: &str, b: &str) -> Result<u32, String> {\n    \
              let x = parse::digit(a)?;\n    let y = parse::digit(b)?;\n    Ok(x + y)\n}\n\n\
              pub fn describe(a: &str, b: &str) -> String {\n    match sum(a, b) {\n        \
              Ok(n) => format!(\"sum {}\", n),\n        Err(e) => e,\n    }\n}\n",
        ),
        (
            "src/parse.rs",
            b"pub fn digit(s: &str) -> Result<u32, String> {\n    if s == \"1\" {\n        \
              Ok(1)\n    } else if s == \"2\" {\n        Ok(2)\n    } else {\n        \
              Err(format!(\"not a digit: {}\", s))\n    }\n}\n",
        ),
    ]);
    crate_runs_in_both(
        src.path(),
        "from src import describe\nprint('|'.join([describe('1', '2'), describe('x', '1'), describe('2', 'y')]))\n",
        "import { describe } from './src/index.js';\nconsole.log([describe('1', '2'), describe('x', '1'), describe('2', 'y')].join('|'));\n",
        "sum 3|not a digit: x|not a digit: y",
        &|_, _| {},
    );
}

/// A crate is translated as cargo builds it by default: the items whose
/// `#[cfg(..)]` its default features (and what they enable), a 64-bit
/// target, hold are translated, and the versions the build leaves out are
/// kept as comments, so that `which()` is the `std` one, not whichever
/// came last in the file.
#[test]
fn code_under_cfg_is_translated_as_the_default_features_build_it() {
    let src = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"cfgs\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
              [features]\ndefault = [\"std\"]\nstd = [\"alloc\"]\nalloc = []\nextra = []\n",
        ),
        (
            "src/lib.rs",
            b"pub mod util;\n\npub struct Counter {\n    pub n: u32,\n    #[cfg(feature = \"alloc\")]\n    pub step: u32,\n}\n\n\
              impl Counter {\n    pub fn new(n: u32) -> Counter {\n        Counter { n, step: util::two() }\n    }\n\
              \n    #[cfg(feature = \"alloc\")]\n    pub fn next(&self) -> u32 {\n        self.n * self.step\n    }\n\
              \n    #[cfg(not(feature = \"alloc\"))]\n    pub fn next(&self) -> u32 {\n        0\n    }\n}\n\n\
              #[cfg(feature = \"std\")]\npub fn which() -> String {\n    String::from(\"std\")\n}\n\n\
              #[cfg(not(feature = \"std\"))]\npub fn which() -> String {\n    String::from(\"core\")\n}\n\n\
              #[cfg(all(target_pointer_width = \"64\", not(feature = \"extra\")))]\npub fn width() -> u32 {\n    64\n}\n\n\
              #[cfg(any(target_pointer_width = \"32\", feature = \"extra\"))]\npub fn width() -> u32 {\n    32\n}\n",
        ),
        ("src/util.rs", b"pub fn two() -> u32 {\n    2\n}\n"),
    ]);
    crate_runs_in_both(
        src.path(),
        "from src import which, width, Counter\nprint(which(), Counter.new(21).next(), width())\n",
        "import { which, width, Counter } from './src/index.js';\nconsole.log(which(), Counter.new(21).next(), width());\n",
        "std 42 64",
        &|to, out| {
            let file = if to == "python" { "src/__init__.py" } else { "src/index.js" };
            let text = fs::read_to_string(out.join(file)).expect("the module");
            // Nothing is lost: the versions left out are there as comments.
            for left_out in [
                "xlate: not in the build translated: #[cfg(not(feature = \"alloc\"))]",
                "xlate: not in the build translated: #[cfg(not(feature = \"std\"))]",
                "String::from(\"core\")",
                "xlate: not in the build translated: #[cfg(any(target_pointer_width = \"32\", feature = \"extra\"))]",
            ] {
                assert!(text.contains(left_out), "{to}: {left_out} in\n{text}");
            }
        },
    );
}

/// An item under a `#[cfg(..)]` the build does not settle (`unix`) is
/// declined, not translated as if every build had it.
#[test]
fn code_under_a_cfg_the_build_does_not_settle_is_declined() {
    let src = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"cfgu\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            b"#[cfg(unix)]\npub fn sep() -> char {\n    '/'\n}\n\n#[cfg(windows)]\npub fn sep() -> char {\n    '\\\\'\n}\n\n\
              pub struct P {\n    pub x: u32,\n}\n\nimpl P {\n    #[cfg(unix)]\n    pub fn get(&self) -> u32 {\n        self.x\n    }\n}\n",
        ),
    ]);
    for to in ["python", "javascript"] {
        let (out, code, _) = translate(src.path(), to);
        let failed = not_translated(&report(out.path()));
        assert_eq!(code, 1, "{to}");
        assert_eq!(failed.len(), 3, "{to}: {failed:#?}");
        assert!(
            failed.iter().all(|f| f.contains("attribute `#[cfg(")),
            "{to}: {failed:#?}"
        );
    }
}

/// A Rust glob import binds what its module's public names say: a name
/// the module declares only inside another crate's macro (ppv-lite86's
/// `soft.rs`, `zerocopy::cryptocorrosion_derive_traits! { pub struct x2
/// .. }`) is not taken to be there because the module has a glob import
/// of the crate's own `types`, so its importer leaves it out and loads.
#[test]
fn a_name_a_rust_glob_import_does_not_bind_is_left_out_of_imports() {
    let src = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"sg\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        ("src/lib.rs", b"pub mod soft;\npub mod types;\npub mod user;\n"),
        ("src/types.rs", b"pub fn width() -> u32 {\n    4\n}\n"),
        (
            "src/soft.rs",
            b"use crate::types::*;\n\nother::derive_traits! {\n    pub struct Pair(pub u32, pub u32);\n}\n",
        ),
        (
            "src/user.rs",
            b"use crate::soft::Pair;\nuse crate::types::width;\n\npub fn total() -> u32 {\n    width() + 1\n}\n",
        ),
    ]);
    for (to, user) in [("python", "src/user.py"), ("javascript", "src/user.js")] {
        let (out, _, stderr) = translate(src.path(), to);
        let text = fs::read_to_string(out.path().join(user)).expect("user");
        assert!(
            text.contains("`Pair` is not imported"),
            "{to}: {text}\n{stderr}"
        );
        let report = report(out.path());
        for file in report["files"].as_array().expect("files") {
            assert_eq!(file["load"]["loads"], true, "{to}: {file}");
        }
    }
}

/// A type with `impl Deref` is no struct the rules engine translates
/// (Rust calls `deref` where the source shows no call): each other `impl`
/// of it is declined saying so, not as "not a struct of the file"
/// (toml_edit's `Key`).
#[test]
fn an_impl_of_a_type_with_impl_deref_is_declined_saying_so() {
    let src = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"dr\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            b"pub struct S {\n    x: String,\n}\n\nimpl std::ops::Deref for S {\n    type Target = str;\n\n    \
              fn deref(&self) -> &str {\n        &self.x\n    }\n}\n\nimpl Clone for S {\n    \
              fn clone(&self) -> Self {\n        S { x: self.x.clone() }\n    }\n}\n",
        ),
    ]);
    for to in ["python", "javascript"] {
        let (out, _, _) = translate(src.path(), to);
        let failed = not_translated(&report(out.path()));
        assert!(
            failed.iter().any(|f| f.contains("Clone for S")
                && f.contains("`impl` of `S`, a type with `impl Deref`")),
            "{to}: {failed:#?}"
        );
    }
}

/// A JavaScript comment between imports becomes Rust line comments: a
/// JSDoc `/** */` header or a `/*! */` banner kept as it was would be a
/// Rust doc comment, which does not compile with no item after it, and a
/// `/*` inside a block comment would open a nested one in Rust.
#[test]
fn javascript_header_comments_become_rust_line_comments_that_compile() {
    let src = tree(&[
        (
            "util.js",
            b"/**\n * @license MIT\n */\n/*! banner: a /* b */\n/// three slashes\n\
             //! bang\nconst { twice } = require('./twice');\n",
        ),
        (
            "twice.js",
            b"function twice(x) {\n  return 2 * x;\n}\nmodule.exports = { twice };\n",
        ),
    ]);
    let (out, code, stderr) = translate(src.path(), "rust");
    let report = report(out.path());
    let failed = not_translated(&report);
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    assert_eq!(code, 0, "{stderr}");
    let util = fs::read_to_string(out.path().join("src/util.rs")).expect("src/util.rs");
    assert!(
        util.starts_with("// @license MIT\n// ! banner: a /* b\n// / three slashes\n// ! bang\n"),
        "{util}"
    );
}

/// A temporary source tree holding the package `pkg`: `a.py`, `b.py` (which
/// defines `use`), and an `__init__.py` that exports `use`.
fn package_using(a: &str, b: &str) -> tempfile::TempDir {
    let src = tempfile::tempdir().expect("a temporary folder");
    let pkg = src.path().join("pkg");
    fs::create_dir_all(&pkg).expect("pkg");
    fs::write(pkg.join("__init__.py"), "from .b import use\n").expect("init");
    fs::write(pkg.join("a.py"), a).expect("a.py");
    fs::write(pkg.join("b.py"), b).expect("b.py");
    src
}

/// `use(arg)` of the package `pkg` in `src` (python3) and of its
/// translation in `out` (node), which must print the same JSON: that JSON.
fn use_in_node_and_python(src: &Path, out: &Path, arg: i64) -> String {
    let (js, js_err, js_ok) = run_in(
        out,
        "node",
        &[
            "--input-type=module",
            "-e",
            &format!(
                "import {{ use }} from './pkg/index.js'; console.log(JSON.stringify(use({arg})));"
            ),
        ],
    );
    assert!(js_ok, "{js_err}");
    let (py, py_err, py_ok) = run_in(
        src,
        "python3",
        &[
            "-c",
            &format!("import json; from pkg import use; print(json.dumps(use({arg}), separators=(',', ':')))"),
        ],
    );
    assert!(py_ok, "{py_err}");
    assert_eq!(js, py);
    js.trim().to_string()
}

/// Keyword arguments to a function of another module are resolved against
/// its parameters, as the project table hands them over (issue 14): the
/// call is made positional with the defaults it leaves out, and the
/// translated package answers as the source does.
#[test]
fn keyword_calls_into_another_module_are_resolved_by_its_parameters() {
    let src = package_using(
        "def scale(x, factor=2, offset=0):\n    return x * factor + offset\n",
        "from .a import scale\n\n\ndef use(x):\n    return [scale(x, offset=1), scale(factor=3, x=x), scale(x)]\n",
    );
    let (out, code, stderr) = translate(src.path(), "javascript");
    assert_eq!(code, 0, "{stderr}");
    let b = fs::read_to_string(out.path().join("pkg/b.js")).expect("b.js");
    assert!(
        b.contains("scale(x, 2, 1), scale(x, 3, 0), scale(x)"),
        "{b}"
    );
    assert_eq!(
        use_in_node_and_python(src.path(), out.path(), 5),
        "[11,15,10]"
    );
}

/// `*args` passed on whole to a function of another unit (of the file or
/// of another module), which reads it as it reads any tuple.
#[test]
fn rest_parameters_are_passed_on_to_functions_of_other_units() {
    let src = package_using(
        "def total(xs):\n    out = 0\n    for x in xs:\n        out += x\n    return out\n",
        "from .a import total\n\n\ndef size(xs):\n    return len(xs) * 10\n\n\ndef gather(*args):\n    return [size(args), total(args)]\n\n\ndef use(n):\n    return [gather(), gather(n), gather(1, 2, n)]\n",
    );
    let (out, code, stderr) = translate(src.path(), "javascript");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        use_in_node_and_python(src.path(), out.path(), 4),
        "[[0,0],[10,4],[30,7]]"
    );
}

/// `f(a, *xs)` spreads a list, tuple or string into the `*args` of a
/// function of another module that takes exactly the positional
/// parameters passed before it: every item lands in `*args` in both
/// languages, however many. A callee with a default the spread could fill,
/// or a set (whose order Python does not keep), stays declined.
#[test]
fn spread_arguments_fill_the_rest_parameter_of_another_modules_function() {
    let src = package_using(
        "def total(first, *rest):\n    out = first\n    for x in rest:\n        out = out + x\n    return out\n\n\ndef count(*items):\n    return len(items)\n\n\ndef pick(a, b=1, *more):\n    return a + b + len(more)\n",
        "from .a import total, count, pick\n\n\ndef use(n):\n    xs = list(range(n))\n    return [total(100, *xs), count(*xs), count(*'h\u{e9}llo'), count(*[x * 2 for x in xs]), total(1, *(2, 3))]\n\n\ndef bad(n):\n    return pick(1, *[n])\n\n\ndef bad_set(n):\n    return count(*{n})\n",
    );
    let (out, code, stderr) = translate(src.path(), "javascript");
    assert_eq!(code, 1, "two units are declined: {stderr}");
    assert!(
        stderr.contains("function bad not translated: rules declined: `*` or `**` argument")
            && stderr.contains("`*` argument of set"),
        "{stderr}"
    );
    let b = fs::read_to_string(out.path().join("pkg/b.js")).expect("b.js");
    assert!(b.contains("total(100, ...xs)"), "{b}");
    assert_eq!(
        use_in_node_and_python(src.path(), out.path(), 4),
        "[106,4,5,4,6]"
    );
    assert_eq!(
        use_in_node_and_python(src.path(), out.path(), 0),
        "[100,0,5,0,6]"
    );
}

/// A default that names a module-level binding (a sentinel
/// `_marker = object()`, a string, a function; of the module or imported
/// from another) is read at each call in JavaScript and once at `def` in
/// Python: the same object, as nothing binds the name again. Calls that
/// leave the argument out, pass None or pass a value answer as in Python
/// (None is `null`, which a JavaScript default does not replace). A name
/// the module binds again, any such default of a nested function, and one
/// a parameter's name hides in JavaScript, stay declined.
#[test]
fn defaults_naming_module_bindings_are_read_in_place() {
    let src = package_using(
        "_marker = object()\nno_default = '__no__default__'\n\n\ndef first(xs, default=_marker):\n    for x in xs:\n        return x\n    if default is _marker:\n        return 'missing'\n    return default\n\n\ndef get(xs, i, default=no_default):\n    if i < len(xs):\n        return xs[i]\n    if default == no_default:\n        return 'none given'\n    return default\n\n\ndef double(x):\n    return 2 * x\n\n\ndef apply(xs, f=double):\n    return [f(x) for x in xs]\n",
        "from .a import first, get, apply, _marker\n\n\ndef last(xs, default=_marker):\n    if not xs:\n        return 'missing' if default is _marker else default\n    return xs[-1]\n\n\ndef use(n):\n    xs = list(range(n))\n    return [first(xs), first([]), first([], None), first([], 7), get(xs, 1), get(xs, n), get(xs, n, None), get(xs, n, 3), apply(xs), last([]), last([], None), last(xs)]\n",
    );
    fs::write(
        src.path().join("pkg/c.py"),
        "N = 1\nN = N + 1\n_m = object()\n\n\ndef bump(a=N):\n    return a\n\n\ndef outer(n):\n    _m = n\n\n    def inner(a=_m):\n        return a\n    _m = n + 1\n    return inner()\n\n\ndef shadow(_m, d=_m):\n    return d\n",
    )
    .expect("c.py");
    let (out, code, stderr) = translate(src.path(), "javascript");
    assert_eq!(code, 1, "c.py is declined: {stderr}");
    // A nested `def`'s name may be the enclosing function's local, which
    // changes between `def` and the call (Python's `outer(1)` is 1).
    assert!(
        stderr.contains("default `N`, a name bound again")
            && stderr.contains("default `_m` of a nested function")
            && stderr.contains("default `_m`, also a parameter"),
        "{stderr}"
    );
    let a = fs::read_to_string(out.path().join("pkg/a.js")).expect("a.js");
    assert!(
        a.contains("Symbol(\"object\")") && a.contains("f = double"),
        "{a}"
    );
    assert_eq!(
        use_in_node_and_python(src.path(), out.path(), 3),
        "[0,\"missing\",null,7,1,\"none given\",null,3,[0,2,4],\"missing\",null,2]"
    );
}

/// A generator of another module (or of another unit of the file) gives an
/// iterator: its callers copy it into an array only where Python reads it
/// to the end (`list`, `sum`, a list comprehension), and read it lazily
/// where Python stops early (`zip` with an endless generator reads as far
/// as its shortest argument: `pyZipIters`).
#[test]
fn generators_of_other_modules_are_read_as_iterators() {
    let src = package_using(
        "def count(k):\n    while True:\n        yield k\n        k += 1\n\n\ndef evens(n):\n    for i in range(n):\n        yield 2 * i\n\n\ndef total(n):\n    return sum(evens(n))\n",
        "from .a import count, evens, total\n\n\ndef use(n):\n    return [[x + 1 for x in evens(n)], total(n), list(evens(n)), pairs()]\n\n\ndef pairs():\n    return list(zip(count(0), [1, 2]))\n",
    );
    let (out, code, stderr) = translate(src.path(), "javascript");
    assert_eq!(code, 0, "every unit is translated: {stderr}");
    assert_eq!(
        use_in_node_and_python(src.path(), out.path(), 4),
        "[[1,3,5,7],12,[0,2,4,6],[[0,1],[1,2]]]"
    );
}

// Underscore's layout: `_setup.js` exports aliases of built-in methods,
// `rest.js` calls `slice.call(..)` through the one it imports, and
// `last.js` calls `rest` with fewer arguments than it has parameters. The
// Python modules all load (the aliases' declarations stay declined, so no
// module imports a name `_setup.py` lacks), and give what node gives.
#[test]
fn javascript_aliases_of_built_in_methods_and_short_calls_work_across_modules() {
    let src = tree(&[
        ("package.json", b"{\"type\": \"module\"}\n"),
        (
            "_setup.js",
            b"export var ArrayProto = Array.prototype, ObjProto = Object.prototype;\n\
              export var slice = ArrayProto.slice,\n    hasOwnProperty = ObjProto.hasOwnProperty;\n",
        ),
        (
            "rest.js",
            b"import { slice } from './_setup.js';\n\n\
              export default function rest(array, n, guard) {\n  return slice.call(array, n == null || guard ? 1 : n);\n}\n",
        ),
        (
            "last.js",
            b"import rest from './rest.js';\nimport { hasOwnProperty } from './_setup.js';\n\n\
              export function last(array, n, guard) {\n  if (array == null || array.length < 1) return n == null || guard ? void 0 : [];\n  if (n == null || guard) return array[array.length - 1];\n  return rest(array, Math.max(0, array.length - n));\n}\n\n\
              export function has(obj, key) {\n  return obj != null && hasOwnProperty.call(obj, key);\n}\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "python");
    let rest = fs::read_to_string(out.path().join("rest.py")).expect("rest.py");
    assert!(
        rest.contains("def rest(array, n, guard=None):"),
        "{rest}\n{stderr}"
    );
    let (py, py_err, py_ok) = run_in(
        out.path(),
        "python3",
        &[
            "-c",
            "import json\nfrom last import last, has\nfrom rest import rest\n\
             print(json.dumps([last([1, 2, 3], 2, None), last([1, 2, 3], None, None), rest([1, 2, 3], 2), rest('abc', -2), has({'a': 1}, 'a'), has([1], 0), has([1], 1)], separators=(',', ':')))",
        ],
    );
    let (js, js_err, js_ok) = run_in(
        src.path(),
        "node",
        &[
            "--input-type=module",
            "-e",
            "import { last, has } from './last.js';\nimport rest from './rest.js';\n\
             console.log(JSON.stringify([last([1, 2, 3], 2, null), last([1, 2, 3], null, null), rest([1, 2, 3], 2), rest('abc', -2), has({a: 1}, 'a'), has([1], 0), has([1], 1)]));",
        ],
    );
    assert!(py_ok, "{py_err}");
    assert!(js_ok, "{js_err}");
    assert_eq!(py, js);
}

// Underscore's CommonJS layout: `_setup.js` exports aliases of built-in
// methods by `exports.slice = slice`, and `rest.js` calls them through the
// module it requires whole (`_setup.slice.call(..)`). A module that
// assigns such a member keeps its call declined.
#[test]
fn javascript_aliases_reached_through_a_required_module_are_built_in_methods() {
    let src = tree(&[
        (
            "_setup.js",
            b"var ArrayProto = Array.prototype, ObjProto = Object.prototype;
              var slice = ArrayProto.slice,
    hasOwnProperty = ObjProto.hasOwnProperty;
              exports.slice = slice;
exports.hasOwnProperty = hasOwnProperty;
",
        ),
        (
            "rest.js",
            b"var _setup = require('./_setup.js');

              function rest(array, n, guard) {
  return _setup.slice.call(array, n == null || guard ? 1 : n);
}

              module.exports = rest;
",
        ),
        (
            "has.js",
            b"var _setup = require('./_setup.js');

              function has(obj, key) {
  return obj != null && _setup.hasOwnProperty.call(obj, key);
}

              module.exports = has;
",
        ),
        (
            "patched.js",
            b"var _setup = require('./_setup.js');

              _setup.slice = function(xs) { return xs; };

              function first(xs) {
  return _setup.slice.call(xs, 1);
}

              module.exports = first;
",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "python");
    let patched = fs::read_to_string(out.path().join("patched.py")).expect("patched.py");
    assert!(
        patched.contains("rules declined: method `call`"),
        "{patched}\n{stderr}"
    );
    let (py, py_err, py_ok) = run_in(
        out.path(),
        "python3",
        &[
            "-c",
            "import json\nfrom rest import rest\nfrom has import has\n\
             print(json.dumps([rest([1, 2, 3], 2, None), rest([1, 2, 3], None, None), rest('abc', -2, None), rest([4, 5], None, True), has({'a': 1}, 'a'), has({'a': 1}, 'b'), has([1], 0), has([1], 1), has(None, 'a')], separators=(',', ':')))",
        ],
    );
    let (js, js_err, js_ok) = run_in(
        src.path(),
        "node",
        &[
            "-e",
            "const rest = require('./rest.js');\nconst has = require('./has.js');\n\
             console.log(JSON.stringify([rest([1, 2, 3], 2, null), rest([1, 2, 3], null, null), rest('abc', -2, null), rest([4, 5], null, true), has({a: 1}, 'a'), has({a: 1}, 'b'), has([1], 0), has([1], 1), has(null, 'a')]));",
        ],
    );
    assert!(py_ok, "{py_err}");
    assert!(js_ok, "{js_err}");
    assert_eq!(py, js);
}

// Lodash's layout: `flatten.js` requires `_baseFlatten.js` and calls it
// with fewer arguments than it has parameters; the required function's
// trailing parameters default to `None`.
#[test]
fn javascript_functions_required_and_called_short_take_none_for_the_rest() {
    let src = tree(&[
        (
            "a.js",
            b"function base(array, depth, predicate) {\n  return predicate == null ? array.length + depth : 0;\n}\nmodule.exports = base;\n",
        ),
        (
            "b.js",
            b"var base = require('./a');\nfunction flat(array) {\n  return base(array, 1);\n}\nmodule.exports = flat;\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "python");
    let a = fs::read_to_string(out.path().join("a.py")).expect("a.py");
    assert!(a.contains("predicate=None):"), "{a}\n{stderr}");
    let (py, py_err, py_ok) = run_in(
        out.path(),
        "python3",
        &["-c", "from b import flat\nprint(flat([1, 2]))"],
    );
    let (js, js_err, js_ok) = run_in(
        src.path(),
        "node",
        &["-e", "console.log(require('./b.js')([1, 2]))"],
    );
    assert!(py_ok, "{py_err}");
    assert!(js_ok, "{js_err}");
    assert_eq!(py, js);
}

// A callback is called with the arguments its caller chooses: `each`
// passes `(item, index, list)`, and JavaScript drops those past a
// callback's parameters where Python raises. Every function the project
// reads as a value takes them (`*_`): one required from another module,
// a nested one and a lambda; one only called by name keeps its signature.
#[test]
fn javascript_functions_read_as_values_take_the_arguments_past_their_parameters() {
    let src = tree(&[
        (
            "each.js",
            b"function each(xs, f) {\n  var out = [];\n  for (var i = 0; i < xs.length; i++) {\n    if (f(xs[i], i, xs)) out.push(xs[i]);\n  }\n  return out;\n}\nmodule.exports = each;\n",
        ),
        (
            "isPos.js",
            b"function isPos(x) {\n  return x > 0;\n}\nmodule.exports = isPos;\n",
        ),
        (
            "twice.js",
            b"function twice(x) {\n  return x * 2;\n}\nmodule.exports = twice;\n",
        ),
        (
            "use.js",
            b"var each = require('./each'),\n    isPos = require('./isPos'),\n    twice = require('./twice');\n\
              function use(xs) {\n  var big = (x) => x > twice(1);\n  return [each(xs, isPos), each(xs, big), each(xs, function (x) { return x < 0; })];\n}\nmodule.exports = use;\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "python");
    let read = |name: &str| fs::read_to_string(out.path().join(name)).unwrap_or_default();
    assert!(
        read("is_pos.py").contains("def is_pos(x: int, *_):"),
        "{}\n{stderr}",
        read("is_pos.py")
    );
    assert!(
        read("twice.py").contains("def twice(x: int):"),
        "{}",
        read("twice.py")
    );
    let (py, py_err, py_ok) = run_in(
        out.path(),
        "python3",
        &["-c", "import json\nfrom use import use\nprint(json.dumps(use([3, -1, 1, 0, 5]), separators=(',', ':')))"],
    );
    let (js, js_err, js_ok) = run_in(
        src.path(),
        "node",
        &[
            "-e",
            "console.log(JSON.stringify(require('./use.js')([3, -1, 1, 0, 5])))",
        ],
    );
    assert!(py_ok, "{py_err}\n{}", read("use.py"));
    assert!(js_ok, "{js_err}");
    assert_eq!(py, js);
}

// `Math.random()` is `random.random()`: both draw a float uniformly from
// [0, 1), so underscore's `random(min, max)` gives the same set of values
// over many draws (`--verify test` marks such a unit untestable). The module
// `random.js` is `random_.py`: a `random.py` run from its folder is what
// its own `import random` would find.
#[test]
fn javascript_math_random_draws_the_same_values_and_modules_do_not_shadow_the_standard_ones() {
    let src = tree(&[(
        "random.js",
        b"function random(min, max) {\n  if (max == null) {\n    max = min;\n    min = 0;\n  }\n  return min + Math.floor(Math.random() * (max - min + 1));\n}\nmodule.exports = random;\n",
    )]);
    let (out, _, stderr) = translate(src.path(), "python");
    let py_module = fs::read_to_string(out.path().join("random_.py")).unwrap_or_default();
    assert!(
        py_module.contains("random.random()"),
        "{py_module}\n{stderr}"
    );
    let (py, py_err, py_ok) = run_in(
        out.path(),
        "python3",
        &[
            "-c",
            "from random_ import random_\nprint(sorted({random_(3, 6) for _ in range(2000)}))",
        ],
    );
    let (js, js_err, js_ok) = run_in(
        src.path(),
        "node",
        &["-e", "const r = require('./random.js'); const s = new Set(); for (let i = 0; i < 2000; i++) s.add(r(3, 6)); console.log(JSON.stringify([...s].sort()).replace(/,/g, ', '))"],
    );
    assert!(py_ok, "{py_err}");
    assert!(js_ok, "{js_err}");
    assert_eq!(py, js);
    let report = fs::read_to_string(out.path().join("xlate-report.json")).unwrap_or_default();
    assert!(
        report.contains("`random` is a python standard module"),
        "{report}"
    );
    // Rust's standard library has no random numbers.
    let (rust_out, _, _) = translate(src.path(), "rust");
    let report = fs::read_to_string(rust_out.path().join("xlate-report.json")).unwrap_or_default();
    assert!(
        report.contains("random numbers (Rust's standard library has none)"),
        "{report}"
    );
}

// A `unittest.TestCase` with `setUp`: each test starts with `setUp`'s
// statements, its attributes as the test's own locals, as unittest makes a
// fresh object per test (one test empties the stack another counts, which
// a `setUp` run once for the class would break). Both the Python tests and
// the translated `node --test` pass, each test once; a `setUp` whose
// attribute a nested function uses is declined naming it.
#[test]
fn a_python_test_class_with_set_up_runs_it_before_each_test() {
    let src = tree(&[
        (
            "stack.py",
            b"class Stack:\n    def __init__(self):\n        self.count = 0\n        self.total = 0\n\n    def push(self, x: int):\n        self.count += 1\n        self.total += x\n\n    def take(self) -> int:\n        self.count -= 1\n        return self.total\n\n    def size(self) -> int:\n        return self.count\n",
        ),
        (
            "test_stack.py",
            b"import unittest\n\nfrom stack import Stack\n\n\nclass TestStack(unittest.TestCase):\n    def setUp(self):\n        self.stack = Stack()\n        self.stack.push(1)\n        self.stack.push(2)\n        self.top = 2\n\n    def test_pop_empties(self):\n        self.assertEqual(self.stack.take(), self.top + 1)\n        self.stack.take()\n        self.assertEqual(self.stack.size(), 0)\n\n    def test_size(self):\n        self.assertEqual(self.stack.size(), 2)\n        self.top = 5\n        self.stack.push(self.top)\n        self.assertEqual(self.stack.take(), 8)\n\n\nclass TestNested(unittest.TestCase):\n    def setUp(self):\n        self.n = 1\n\n    def test_nested(self):\n        def bump():\n            self.n = 2\n        bump()\n        self.assertEqual(self.n, 2)\n",
        ),
    ]);
    let (stdout, stderr, ok) = sandboxed(
        src.path(),
        "python3",
        &["-m", "unittest", "test_stack"],
        &[],
    );
    assert!(ok, "the source's tests fail:\n{stdout}\n{stderr}");
    assert!(stderr.contains("Ran 3 tests"), "{stderr}");
    let (js, _, stderr) = translate(src.path(), "javascript");
    let failed = not_translated(&report(js.path()));
    assert!(
        failed.len() == 1
            && failed[0].contains("TestNested")
            && failed[0].contains("used in a nested function at line 30"),
        "{failed:#?}\n{stderr}"
    );
    let tests = fs::read_to_string(js.path().join("stack.test.js")).expect("stack.test.js");
    assert!(tests.contains("const setupStack = new Stack();"), "{tests}");
    let (stdout, stderr, ok) = sandboxed(js.path(), "node", &["--test", "stack.test.js"], &[]);
    assert!(
        ok,
        "the translated tests fail:\n{stdout}\n{stderr}\n{tests}"
    );
    assert!(
        stdout.contains("# pass 2") && stdout.contains("# fail 0"),
        "{stdout}"
    );
}

/// Two Rust packages in one tree, the second using the first's library
/// (`use geo_core::{..}`), which defines its struct in a module of its own
/// (`mod shapes; pub use shapes::Point;`): the struct's fields and methods
/// are known where other modules and crates import it (issues 12 and 14),
/// and the translated packages answer as the crates do.
#[test]
fn structs_of_other_modules_and_sibling_crates_are_known_where_imported() {
    let src = tempfile::tempdir().expect("a temporary folder");
    let files: [(&str, &str); 5] = [
        (
            "core/Cargo.toml",
            "[package]\nname = \"geo-core\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "core/src/lib.rs",
            "mod shapes;\npub use shapes::Point;\n\npub fn origin() -> Point {\n    Point::new(0, 0)\n}\n\npub fn farther(a: &Point, b: &Point) -> bool {\n    a.norm1() > b.norm1()\n}\n",
        ),
        (
            "core/src/shapes.rs",
            "#[derive(Clone, Debug, PartialEq)]\npub struct Point {\n    pub x: i64,\n    pub y: i64,\n}\n\nimpl Point {\n    pub fn new(x: i64, y: i64) -> Point {\n        Point { x, y }\n    }\n\n    pub fn norm1(&self) -> i64 {\n        self.x.abs() + self.y.abs()\n    }\n}\n",
        ),
        (
            "app/Cargo.toml",
            "[package]\nname = \"geo-app\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "app/src/lib.rs",
            "use geo_core::{farther, origin, Point};\n\npub fn manhattan(a: &Point, b: &Point) -> i64 {\n    let d = Point::new(a.x - b.x, a.y - b.y);\n    d.norm1()\n}\n\npub fn report(n: i64) -> String {\n    let a = Point::new(n + 1, -3);\n    let b = origin();\n    format!(\"{} {} {} {}\", a.x, manhattan(&a, &b), farther(&a, &b), a.y == b.y)\n}\n",
        ),
    ];
    for (path, text) in files {
        let path = src.path().join(path);
        fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        fs::write(path, text).expect("source");
    }
    let inputs = [3, -7, 0, -1];

    // The crates, built with rustc and called from a driver.
    let build = tempfile::tempdir().expect("a temporary folder");
    let b = build.path().to_string_lossy().to_string();
    let rustc = |args: &[&str]| {
        let (_, err, ok) = run_in(src.path(), "rustc", args);
        assert!(ok, "{err}");
    };
    rustc(&[
        "--edition=2021",
        "--crate-type=lib",
        "--crate-name=geo_core",
        "core/src/lib.rs",
        "--out-dir",
        &b,
    ]);
    let core = format!("geo_core={b}/libgeo_core.rlib");
    rustc(&[
        "--edition=2021",
        "--crate-type=lib",
        "--crate-name=geo_app",
        "app/src/lib.rs",
        "--extern",
        &core,
        "--out-dir",
        &b,
    ]);
    let calls: Vec<String> = inputs.iter().map(|n| format!("report({n})")).collect();
    let driver = format!(
        "fn main() {{\n{}}}\n",
        calls
            .iter()
            .map(|c| format!("    println!(\"{{}}\", geo_app::{c});\n"))
            .collect::<String>()
    );
    fs::write(build.path().join("main.rs"), driver).expect("driver");
    let app = format!("geo_app={b}/libgeo_app.rlib");
    let main = format!("{b}/main");
    rustc(&[
        "--edition=2021",
        &format!("{b}/main.rs"),
        "--extern",
        &app,
        "-L",
        &b,
        "-o",
        &main,
    ]);
    let (expected, err, ok) = run_in(src.path(), &main, &[]);
    assert!(ok, "{err}");
    assert_eq!(expected.lines().next(), Some("4 7 true false"));

    let (py, code, stderr) = translate(src.path(), "python");
    assert_eq!(code, 0, "{stderr}");
    let failed = not_translated(&report(py.path()));
    assert!(failed.is_empty(), "{failed:#?}");
    let app_py = fs::read_to_string(py.path().join("app/src/__init__.py")).expect("app");
    assert!(app_py.contains("from core.src import "), "{app_py}");
    let (out, err, ok) = print_calls(py.path(), "python", "app.src", &calls);
    assert!(ok, "{err}");
    assert_eq!(
        out.replace("True", "true").replace("False", "false"),
        expected
    );

    let (js, code, stderr) = translate(src.path(), "javascript");
    assert_eq!(code, 0, "{stderr}");
    let failed = not_translated(&report(js.path()));
    assert!(failed.is_empty(), "{failed:#?}");
    let (out, err, ok) = print_calls(js.path(), "javascript", "./app/src/index.js", &calls);
    assert!(ok, "{err}");
    assert_eq!(out, expected);
}

/// Runs `calls` (expressions of `report`, which `module` exports) in the
/// translated project `dir`, printing each: stdout, stderr and success.
fn print_calls(dir: &Path, to: &str, module: &str, calls: &[String]) -> (String, String, bool) {
    if to == "python" {
        let prints: String = calls.iter().map(|c| format!("print({c}); ")).collect();
        let code = format!("from {module} import report; {prints}");
        return run_in(dir, "python3", &["-c", &code]);
    }
    let logs: String = calls
        .iter()
        .map(|c| format!("console.log({c}); "))
        .collect();
    let code = format!("import {{ report }} from '{module}'; {logs}");
    run_in(dir, "node", &["--input-type=module", "-e", &code])
}

/// A crate with one library function and a `benches/bench.rs` whose
/// `#[bench]` functions check what their closures compute.
fn bench_crate(expected: u32) -> tempfile::TempDir {
    let src = tempfile::tempdir().expect("a temporary folder");
    let root = src.path();
    fs::create_dir_all(root.join("src")).expect("src");
    fs::create_dir_all(root.join("benches")).expect("benches");
    fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"counting\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .expect("Cargo.toml");
    fs::write(
        root.join("src/lib.rs"),
        "pub fn triple(n: u32) -> u32 {\n    n * 3\n}\n",
    )
    .expect("lib.rs");
    fs::write(
        root.join("benches/bench.rs"),
        format!(
            "#![feature(test)]\n\nextern crate counting;\nextern crate test;\n\nuse counting::triple;\nuse test::{{black_box, Bencher}};\n\n#[bench]\nfn bench_triple(b: &mut Bencher) {{\n    let n = black_box(4);\n    let mut runs = 0;\n    b.iter(|| {{\n        runs += 1;\n        let t = triple(n);\n        black_box(&t);\n        assert_eq!(t + runs, {expected});\n        t\n    }});\n    assert_eq!(runs, 1);\n}}\n\n#[bench]\nfn bench_sum(b: &mut test::Bencher) {{\n    let v = vec![1, 2, 3];\n    b.iter(|| v.iter().sum::<i32>())\n}}\n"
        ),
    )
    .expect("bench.rs");
    src
}

// Benchmarks travel as tests (issue 14): under `cargo test` libtest runs
// a `#[bench]` function once, its `Bencher::iter` closure once (the
// assertions inside run, `runs` ends at 1); `black_box(x)` is `x`. The
// translated bench modules run under `unittest` and `node --test`, and a
// wrong expectation inside the closure fails them (the closure runs).
#[test]
fn rust_benches_become_tests_that_run_each_closure_once() {
    for (expected, passes) in [(13, true), (12, false)] {
        let src = bench_crate(expected);
        for to in ["python", "javascript"] {
            let (out, _, stderr) = translate(src.path(), to);
            let failed = not_translated(&report(out.path()));
            assert!(failed.is_empty(), "{to}: {failed:#?}\n{stderr}");
            let (stdout, stderr, ok) = if to == "python" {
                let bench =
                    fs::read_to_string(out.path().join("benches/bench.py")).expect("bench.py");
                assert!(bench.contains("@rust_test\ndef bench_triple():"), "{bench}");
                sandboxed(
                    out.path(),
                    "python3",
                    &["-m", "unittest", "-v", "benches.bench"],
                    &[],
                )
            } else {
                let bench =
                    fs::read_to_string(out.path().join("benches/bench.js")).expect("bench.js");
                assert!(bench.contains("test(\"bench_sum\", benchSum);"), "{bench}");
                sandboxed(out.path(), "node", &["--test", "benches/bench.js"], &[])
            };
            assert_eq!(ok, passes, "{to}:\n{stdout}\n{stderr}");
            if passes && to == "python" {
                assert!(stderr.contains("Ran 2 tests"), "{stderr}");
            }
            if passes && to == "javascript" {
                assert!(stdout.contains("# pass 2"), "{stdout}");
            }
        }
    }
}

/// A crate whose inline `#[cfg(test)]` module carries line, block and
/// doc comments around its tests, checking `triple(4) == expected`, and a
/// test with attributes that change nothing when it runs (a lint level,
/// `#[cfg_attr(miri, ignore)]`); with `extra` added to the test module's
/// items.
fn commented_tests_crate(expected: u32, extra: &str) -> tempfile::TempDir {
    let src = tempfile::tempdir().expect("a temporary folder");
    let root = src.path();
    fs::create_dir_all(root.join("src")).expect("src");
    fs::write(
        root.join("Cargo.toml"),
        "[package]\nname = \"counting\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    )
    .expect("Cargo.toml");
    fs::write(root.join("src/lib.rs"), "pub mod counting;\n").expect("lib.rs");
    fs::write(
        root.join("src/counting.rs"),
        format!(
            "pub fn triple(n: u32) -> u32 {{\n    n * 3\n}}\n\n#[cfg(test)]\nmod tests {{\n    // The cases of `triple`.\n    use super::*;\n{extra}\n    /* Four: a small case. */\n    /// Three times four.\n    #[test]\n    // between the attribute and the function\n    fn triple_of_four() {{\n        assert_eq!(triple(4), {expected});\n    }}\n\n    #[test]\n    #[allow(clippy::identity_op)]\n    #[cfg_attr(miri, ignore)]\n    fn triple_of_zero() {{\n        assert_eq!(triple(0), 0);\n    }}\n    // The end.\n}}\n"
        ),
    )
    .expect("counting.rs");
    src
}

/// `commented_tests_crate`'s tests pass under `rustc --test` as `passes`
/// says, and so do its translations' `count` tests under `python3 -m
/// unittest` and `node --test`.
fn tests_run_as_rustc_says(src: &Path, expected: u32, passes: bool, count: usize) {
    let build = tempfile::tempdir().expect("a temporary folder");
    let binary = build.path().join("counting_tests");
    let binary_arg = binary.to_string_lossy().to_string();
    let (_, err, ok) = run_in(
        src,
        "rustc",
        &[
            "--edition=2021",
            "--test",
            "src/counting.rs",
            "-o",
            &binary_arg,
        ],
    );
    assert!(ok, "{err}");
    let rust = Command::new(&binary).output().expect("the Rust tests run");
    assert_eq!(
        rust.status.success(),
        passes,
        "rustc --test, expected {expected}"
    );
    for to in ["python", "javascript"] {
        let (out, _, stderr) = translate(src, to);
        let failed = not_translated(&report(out.path()));
        assert!(failed.is_empty(), "{to}: {failed:#?}\n{stderr}");
        let (stdout, stderr, ok) = if to == "python" {
            sandboxed(out.path(), "python3", &["-m", "unittest", "-v"], &[])
        } else {
            sandboxed(out.path(), "node", &["--test", "src/counting.js"], &[])
        };
        assert_eq!(ok, passes, "{to}:\n{stdout}\n{stderr}");
        if to == "python" {
            assert!(stderr.contains(&format!("Ran {count} tests")), "{stderr}");
        } else if passes {
            assert!(stdout.contains(&format!("# pass {count}")), "{stdout}");
        }
    }
}

// Comments in an inline test module (regression: a `line_comment`
// declined the whole module) and a test's lint and Miri attributes do
// nothing: the module's tests are translated, and pass or fail as `rustc
// --test` says they do.
#[test]
fn comments_in_a_rust_test_module_are_left_out_and_its_tests_run() {
    for (expected, passes) in [(12, true), (13, false)] {
        let src = commented_tests_crate(expected, "");
        tests_run_as_rustc_says(src.path(), expected, passes, 2);
    }
}

// `macro_rules!` macros are expanded where they are invoked: one of the
// file, in a function of another unit, and one of the test module, named
// like an assertion (`assert_triple!`), in a test; the macro's own `got`
// stays apart from the test's. The tests pass or fail as `rustc --test`
// says they do.
#[test]
fn macros_of_a_file_and_of_its_test_module_are_expanded_where_invoked() {
    let macros = "    macro_rules! assert_triple {\n        ($n:expr, $want:expr) => {\n            let got = triple($n);\n            assert_eq!(got, $want);\n        };\n    }\n\n    #[test]\n    fn triple_by_macro() {\n        let got = 5;\n        assert_triple!(2, 6);\n        assert_triple!(sextuple(1) / 2, 9);\n        assert_eq!(got, 5);\n    }\n";
    for (expected, passes) in [(12, true), (13, false)] {
        let src = commented_tests_crate(expected, macros);
        let path = src.path().join("src/counting.rs");
        let text = fs::read_to_string(&path).expect("counting.rs");
        fs::write(
            &path,
            format!("macro_rules! twice {{\n    ($x:expr) => {{\n        $x + $x\n    }};\n}}\n\npub fn sextuple(n: u32) -> u32 {{\n    twice!(triple(n))\n}}\n\n{text}"),
        )
        .expect("counting.rs");
        tests_run_as_rustc_says(src.path(), expected, passes, 3);
    }
}

// Macros that write items: methods into an `impl` (a unit of their own),
// functions at the top level (glue); another module imports and calls
// both, which the symbol table knows from the file as expanded.
#[test]
fn methods_and_functions_a_macro_writes_are_called_from_other_units() {
    let src = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"flags\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/flags.rs",
            b"macro_rules! getter {\n    ($doc:meta, $name:ident, $bit:expr) => {\n        #[$doc]\n        \
              pub fn $name(&self) -> bool {\n            self.bits & (1 << $bit) != 0\n        }\n    };\n}\n\n\
              macro_rules! square_fns {\n    ($($name:ident: $t:ty),*) => {\n        $(\n            \
              pub fn $name(x: $t) -> $t {\n                x * x\n            }\n        )*\n    };\n}\n\n\
              pub struct Flags {\n    bits: i32,\n}\n\nimpl Flags {\n    pub fn new(bits: i32) -> Flags {\n        \
              Flags { bits }\n    }\n\n    getter!(doc = \"The low bit.\", low, 0);\n    \
              getter!(doc = \"The second bit.\", second, 1);\n}\n\n\
              square_fns!(square_i32: i32, square_i64: i64);\n",
        ),
        (
            "src/lib.rs",
            b"pub mod flags;\n\nuse flags::{square_i32, square_i64, Flags};\n\n\
              pub fn both(k: i32) -> String {\n    let f = Flags::new(k);\n    \
              format!(\"{} {} {} {}\", f.low(), f.second(), square_i32(k), square_i64(2))\n}\n",
        ),
    ]);
    crate_runs_in_both(
        src.path(),
        "from src import both\nprint('|'.join([both(3), both(2)]).replace('True', 'true').replace('False', 'false'))\n",
        "import { both } from './src/index.js';\nconsole.log([both(3), both(2)].join('|'));\n",
        "true true 9 4|false true 4 4",
        &|_, _| {},
    );
}

// Rust 2018's layout: a module of its own file with children in a
// folder of its name (`src/shape.rs`, `src/shape/square.rs`). In Python
// a module `shape.py` beside a folder `shape/` would hide the folder, so
// `shape.rs` becomes the package file `shape/__init__.py`; in JavaScript
// `shape.js` stays beside `shape/`.
#[test]
fn a_rust_module_with_children_in_its_folder_is_a_python_package() {
    let src = tree(&[
        (
            "Cargo.toml",
            b"[package]\nname = \"shapes\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            b"pub mod shape;\n\npub fn total(k: u32) -> u32 {\n    shape::double(k) + shape::square::sq(k)\n}\n",
        ),
        (
            "src/shape.rs",
            b"pub mod square;\n\npub fn double(k: u32) -> u32 {\n    square::sq(1) * k * 2\n}\n",
        ),
        ("src/shape/square.rs", b"pub fn sq(k: u32) -> u32 {\n    k * k\n}\n"),
    ]);
    crate_runs_in_both(
        src.path(),
        "from src import total\nprint(total(3))\n",
        "import { total } from './src/index.js';\nconsole.log(total(3));\n",
        "15",
        &|to, out| {
            let module = if to == "python" {
                "src/shape/__init__.py"
            } else {
                "src/shape.js"
            };
            assert!(out.join(module).is_file(), "{to}: no {module}");
        },
    );
}

// An item of a test module other than a test, a helper or a `use` line
// (a `const`) is still declined, with its line, as is a test attribute
// that changes what runs (`#[ignore]`).
#[test]
fn a_const_in_a_rust_test_module_is_declined_with_its_line() {
    for (extra, reason) in [
        (
            "    const FOUR: u32 = 4;\n",
            "`const item` in the test module at line 9",
        ),
        (
            "    #[test]\n    #[ignore]\n    fn skipped() {}\n",
            "test attribute `#[ignore]` at line 11",
        ),
    ] {
        let src = commented_tests_crate(12, extra);
        for to in ["python", "javascript"] {
            let (out, _, stderr) = translate(src.path(), to);
            let failed = not_translated(&report(out.path()));
            assert!(
                failed.len() == 1 && failed[0].contains(reason),
                "{to}: {failed:#?}\n{stderr}"
            );
        }
    }
}

/// Items of other modules named by path, with no `use` (issue 12):
/// `crate::Effects` (re-exported by `lib.rs`), `crate::effect::Effects`
/// (the same item by its module), `super::shade` (the parent module's),
/// `geo::calc::level` (through a `mod`). The target imports each once,
/// from the defining module, and the translated packages answer as the
/// crate does. A unit that binds the path's name itself (a parameter
/// `shade`) keeps the path and is declined.
#[test]
fn items_named_by_path_are_imported_from_their_modules() {
    let src = tempfile::tempdir().expect("a temporary folder");
    let files: [(&str, &str); 6] = [
        (
            "Cargo.toml",
            "[package]\nname = \"paint\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
        ),
        (
            "src/lib.rs",
            "mod effect;\nmod geo;\nmod style;\n\npub use effect::Effects;\npub use style::Style;\n\npub fn report(n: u16) -> String {\n    let s = crate::style::Style::new();\n    let t = s.with_bits(n);\n    let e = t.get_effects();\n    let lv = geo::calc::level(n);\n    format!(\"{} {}\", e.bits(), lv)\n}\n",
        ),
        (
            "src/effect.rs",
            "#[derive(Copy, Clone, Debug, PartialEq, Eq)]\npub struct Effects(u16);\n\nimpl Effects {\n    pub fn new() -> Self {\n        Effects(0)\n    }\n\n    pub fn bold() -> Self {\n        Effects(1)\n    }\n\n    pub fn insert(self, other: Effects) -> Self {\n        Effects(self.0 | other.0)\n    }\n\n    pub fn bits(&self) -> u16 {\n        self.0\n    }\n}\n",
        ),
        (
            "src/style.rs",
            "#[derive(Copy, Clone, Debug, PartialEq, Eq)]\npub struct Style {\n    effects: crate::Effects,\n    weight: u16,\n}\n\nimpl Style {\n    pub fn new() -> Self {\n        Style {\n            effects: crate::Effects::new(),\n            weight: 0,\n        }\n    }\n\n    pub fn bold(self) -> Self {\n        Style {\n            effects: self.effects.insert(crate::effect::Effects::bold()),\n            weight: self.weight + 1,\n        }\n    }\n\n    pub fn with_bits(self, n: u16) -> Self {\n        if n % 2 == 1 {\n            self.bold()\n        } else {\n            self\n        }\n    }\n\n    pub fn get_effects(self) -> crate::Effects {\n        self.effects\n    }\n}\n",
        ),
        (
            "src/geo/mod.rs",
            "pub mod calc;\n\npub fn shade(w: u16) -> u16 {\n    w * 10\n}\n",
        ),
        (
            "src/geo/calc.rs",
            "pub fn level(n: u16) -> u16 {\n    super::shade(n) + 1\n}\n\n#[allow(dead_code)]\npub fn clash(shade: u16) -> u16 {\n    super::shade(shade)\n}\n",
        ),
    ];
    for (path, text) in files {
        let path = src.path().join(path);
        fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
        fs::write(path, text).expect("source");
    }
    let inputs = [3, 4, 0];

    // The crate, built with rustc and called from a driver.
    let build = tempfile::tempdir().expect("a temporary folder");
    let b = build.path().to_string_lossy().to_string();
    let (_, err, ok) = run_in(
        src.path(),
        "rustc",
        &[
            "--edition=2021",
            "--crate-type=lib",
            "--crate-name=paint",
            "src/lib.rs",
            "--out-dir",
            &b,
        ],
    );
    assert!(ok, "{err}");
    let calls: Vec<String> = inputs.iter().map(|n| format!("report({n})")).collect();
    let driver = format!(
        "fn main() {{\n{}}}\n",
        calls
            .iter()
            .map(|c| format!("    println!(\"{{}}\", paint::{c});\n"))
            .collect::<String>()
    );
    fs::write(build.path().join("main.rs"), driver).expect("driver");
    let main = format!("{b}/main");
    let (_, err, ok) = run_in(
        src.path(),
        "rustc",
        &[
            "--edition=2021",
            &format!("{b}/main.rs"),
            "--extern",
            &format!("paint={b}/libpaint.rlib"),
            "-o",
            &main,
        ],
    );
    assert!(ok, "{err}");
    let (expected, err, ok) = run_in(src.path(), &main, &[]);
    assert!(ok, "{err}");
    assert_eq!(expected.lines().next(), Some("1 31"));

    let declined_only_clash = |failed: Vec<String>| {
        assert_eq!(failed.len(), 1, "{failed:#?}");
        assert!(
            failed[0].contains("clash") && failed[0].contains("super::shade"),
            "{failed:#?}"
        );
    };

    // Exit code 1: a unit (`clash`) is not translated.
    let (py, code, stderr) = translate(src.path(), "python");
    assert_eq!(code, 1, "{stderr}");
    declined_only_clash(not_translated(&report(py.path())));
    let style = fs::read_to_string(py.path().join("src/style.py")).expect("style");
    // Two paths to one item: one import, from the defining module.
    assert_eq!(
        style.matches("from src.effect import Effects").count(),
        1,
        "{style}"
    );
    let calc = fs::read_to_string(py.path().join("src/geo/calc.py")).expect("calc");
    assert!(calc.contains("from src.geo import shade"), "{calc}");
    let (out, err, ok) = print_calls(py.path(), "python", "src", &calls);
    assert!(ok, "{err}");
    assert_eq!(out, expected);

    let (js, code, stderr) = translate(src.path(), "javascript");
    assert_eq!(code, 1, "{stderr}");
    declined_only_clash(not_translated(&report(js.path())));
    let index = fs::read_to_string(js.path().join("src/index.js")).expect("index");
    assert!(
        index.contains("import { level } from \"./geo/calc.js\";"),
        "{index}"
    );
    let (out, err, ok) = print_calls(js.path(), "javascript", "./src/index.js", &calls);
    assert!(ok, "{err}");
    assert_eq!(out, expected);

    // Where the item's `impl` is not translated (a call of
    // `std::mem::zeroed` declines `impl Effects`; an associated constant did before they
    // were translated), the struct is still a type other files
    // know from its declaration (`struct Style`, whose field is an
    // `Effects`, is translated), and a unit calling a method of that
    // `impl` declines on the method. (Regression: the failed `impl`
    // marked the struct itself untranslated, and two files whose `impl`s
    // named each other's structs waited on each other: anstyle's `Color`
    // and `Style`.)
    let effect = src.path().join("src/effect.rs");
    let text = fs::read_to_string(&effect).expect("effect");
    fs::write(
        &effect,
        text.replace(
            "impl Effects {\n",
            "impl Effects {\n    pub fn odd(&self) -> u16 {\n        unsafe { std::mem::zeroed() }\n    }\n\n",
        ),
    )
    .expect("effect");
    let (py, code, stderr) = translate(src.path(), "python");
    assert_eq!(code, 1, "{stderr}");
    let failed = not_translated(&report(py.path()));
    assert!(
        failed.iter().any(|f| f.contains("src/style.rs")
            && f.contains("`Effects::new`, not a method the file declares at line 10")),
        "{failed:#?}"
    );
    assert!(
        !failed.iter().any(|f| f.contains("is not translated")),
        "{failed:#?}"
    );
    let style = fs::read_to_string(py.path().join("src/style.py")).expect("style");
    assert!(style.contains("class Style:"), "{style}");
}

/// A JavaScript function of another module that its translation makes
/// generic (`function repeatValue(value, times)` is `fn repeat_value<T:
/// Clone>(value: T, times: i64) -> Vec<T>`) is called from a caller's
/// translation with its type variable instantiated at the arguments: the
/// caller's untyped value as the caller's own `T` (its `Clone` carried
/// over), a string, a number; node and the Rust crate, built with rustc,
/// answer alike. A call whose arguments give one variable two types
/// (`pairOf(n + 1, 'x')`, of `fn pair_of<T: Clone>(a: T, b: T)`) is
/// written with JavaScript's values, the variable `js::Value`, and the
/// new `Vec` it returns an array.
#[test]
fn javascript_callers_instantiate_a_generic_callee_of_another_module() {
    let src = tree(&[
        (
            "repeat.js",
            b"function repeatValue(value, times) {\n  var result = [];\n  for (var i = 0; i < times; i++) {\n    result.push(value);\n  }\n  return result;\n}\n\
              function pairOf(a, b) {\n  return [a, b];\n}\nmodule.exports = { repeatValue, pairOf };\n",
        ),
        (
            "calls.js",
            b"var { repeatValue, pairOf } = require('./repeat');\n\n\
              function twice(value) {\n  return repeatValue(value, 2);\n}\n\n\
              function threeWords(word) {\n  return repeatValue(word.toUpperCase(), 3).join('-');\n}\n\n\
              function countOf(n) {\n  return repeatValue(n + 1, n).length;\n}\n\n\
              function mixed(n) {\n  return pairOf(n + 1, 'x');\n}\n\
              module.exports = { twice, threeWords, countOf, mixed };\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let failed = not_translated(&report(out.path()));
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    let calls = fs::read_to_string(out.path().join("src/calls.rs")).expect("src/calls.rs");
    assert!(
        calls.contains("pub fn twice<T: Clone>(value: T) -> Vec<T> {"),
        "{calls}"
    );
    let cases = [
        ("twice(5)", "twice(5)"),
        ("twice('x')", "twice(String::from(\"x\"))"),
        ("threeWords('ab')", "three_words(String::from(\"ab\"))"),
        ("countOf(3)", "count_of(3)"),
        ("countOf(0)", "count_of(0)"),
        (
            "mixed(4)",
            "mixed(translated::xlate_support::js::Value::Num(4.0))",
        ),
    ];
    node_and_crate_print(
        src.path(),
        out.path(),
        &cases,
        "[5,5]\n[\"x\",\"x\"]\n\"AB-AB-AB\"\n3\n0\n[5,\"x\"]\n",
    );
}

/// A JavaScript project into Rust declares `JsPrimitive` once, in the
/// crate's support module (`src/xlate_support.rs`), which each file
/// imports: a caller's own type variable passed to another file's callee
/// bound by `JsPrimitive` (`same(array[i], value)` of `fn same<T:
/// JsPrimitive>`) takes the one trait's bound, and the crate builds; node
/// and the crate answer alike. A call giving the callee's variable two
/// types (`same(n + 1, 'x')`) is written with JavaScript's values, the
/// variable `js::Value`, whose `JsPrimitive` the support module declares.
#[test]
fn javascript_callers_share_the_crates_js_primitive_with_callees_of_other_files() {
    let src = tree(&[
        (
            "same.js",
            b"function same(value, other) {\n  return value === other;\n}\nmodule.exports = same;\n",
        ),
        (
            "calls.js",
            b"var same = require('./same');\n\n\
              function indexOfValue(array, value) {\n  for (var i = 0; i < array.length; i++) {\n    if (same(array[i], value)) {\n      return i;\n    }\n  }\n  return -1;\n}\n\n\
              function mixed(n) {\n  return same(n + 1, 'x');\n}\n\
              module.exports = { indexOfValue, mixed };\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let failed = not_translated(&report(out.path()));
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    let calls = fs::read_to_string(out.path().join("src/calls.rs")).expect("src/calls.rs");
    let same = fs::read_to_string(out.path().join("src/same.rs")).expect("src/same.rs");
    let lib = fs::read_to_string(out.path().join("src/lib.rs")).expect("src/lib.rs");
    let support =
        fs::read_to_string(out.path().join("src/xlate_support.rs")).expect("src/xlate_support.rs");
    for file in [&calls, &same] {
        assert!(
            file.contains("use crate::xlate_support::JsPrimitive;")
                && !file.contains("trait JsPrimitive"),
            "{file}"
        );
    }
    assert!(
        calls.contains("pub fn index_of_value<T: JsPrimitive>(array: Vec<T>, value: T) -> i64"),
        "{calls}"
    );
    assert!(lib.contains("pub mod xlate_support;"), "{lib}");
    assert_eq!(
        support.matches("pub trait JsPrimitive").count(),
        1,
        "{support}"
    );
    let cases = [
        (
            "indexOfValue([3, 5, 7], 7)",
            "index_of_value(vec![3, 5, 7], 7)",
        ),
        (
            "indexOfValue([3, 5, 7], 4)",
            "index_of_value(vec![3, 5, 7], 4)",
        ),
        (
            "indexOfValue(['a', 'b'], 'b')",
            "index_of_value(vec![\"a\".to_string(), \"b\".to_string()], \"b\".to_string())",
        ),
        (
            "mixed(4)",
            "mixed(translated::xlate_support::js::Value::Num(4.0))",
        ),
    ];
    let (js, rust) = node_and_crate(src.path(), out.path(), &cases);
    assert_eq!(rust, js);
    assert_eq!(js, "2\n-1\n1\nfalse\n");
}

/// The callee table is computed in the import graph's order: a callee
/// that itself calls another module's callee (`indexOfValue` calling
/// `same`) is translated alone with that callee's signature, so it has a
/// signature of its own (`fn index_of_value<T: JsPrimitive>(array: Vec<T>,
/// value: T) -> i64`) that its callers instantiate; a parameter passed
/// only to it takes the shape the callee takes it as (`array` a `Vec`, of
/// the caller's own variable or of the type another argument gives).
/// node and the crate built with rustc answer alike. Two modules
/// importing each other (`ping`, `pong`) cannot be ordered: their calls of
/// each other are declined naming the cycle.
#[test]
fn javascript_callee_signatures_follow_the_import_graph() {
    let src = tree(&[
        (
            "same.js",
            b"function same(value, other) {\n  return value === other;\n}\nmodule.exports = same;\n",
        ),
        (
            "indexOfValue.js",
            b"var same = require('./same');\n\n\
              function indexOfValue(array, value) {\n  for (var i = 0; i < array.length; i++) {\n    if (same(array[i], value)) {\n      return i;\n    }\n  }\n  return -1;\n}\n\
              module.exports = indexOfValue;\n",
        ),
        (
            "ping.js",
            b"var pong = require('./pong');\nfunction ping(n) {\n  return n > 0 ? pong(n - 1) : 0;\n}\nmodule.exports = ping;\n",
        ),
        (
            "pong.js",
            b"var ping = require('./ping');\nfunction pong(n) {\n  return n > 0 ? ping(n - 1) : 1;\n}\nmodule.exports = pong;\n",
        ),
        (
            "calls.js",
            b"var indexOfValue = require('./indexOfValue');\n\n\
              function positionOf(array, value) {\n  return indexOfValue(array, value);\n}\n\n\
              function hasSeven(array) {\n  return indexOfValue(array, 7) > -1;\n}\n\
              function guarded(array) {\n  return array == null ? -1 : indexOfValue(array, 7);\n}\n\
              module.exports = { positionOf, hasSeven, guarded };\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let failed = not_translated(&report(out.path()));
    let cycle = "whose signature the import cycle ping.js → pong.js → ping.js leaves unknown";
    // `guarded` tests `array` for null, which its caller may pass: not
    // typed by the callee's `Vec` (no room for null there), it is written
    // with JavaScript's values, handing the callee a copy of the array's
    // items (the callee changes none).
    assert!(
        failed.len() == 2
            && failed[0].starts_with("ping.js:\"ping\"")
            && failed[0].contains(&format!("call of `pong`, {cycle} at line 3"))
            && failed[1].starts_with("pong.js:\"pong\"")
            && failed[1].contains(&format!("call of `ping`, {cycle} at line 3")),
        "{failed:#?}\n{stderr}"
    );
    let calls = fs::read_to_string(out.path().join("src/calls.rs")).expect("src/calls.rs");
    assert!(
        calls.contains("pub fn position_of<T: JsPrimitive>(array: Vec<T>, value: T) -> i64")
            && calls.contains("pub fn has_seven(array: Vec<i64>) -> bool"),
        "{calls}"
    );
    let cases = [
        ("positionOf([1, 2, 3], 2)", "position_of(vec![1, 2, 3], 2)"),
        ("positionOf([1, 2, 3], 4)", "position_of(vec![1, 2, 3], 4)"),
        (
            "positionOf(['a', 'b'], 'b')",
            "position_of(vec![\"a\".to_string(), \"b\".to_string()], \"b\".to_string())",
        ),
        ("hasSeven([5, 7])", "has_seven(vec![5, 7])"),
        ("hasSeven([])", "has_seven(vec![])"),
        ("guarded([7])", "guarded(translated::xlate_support::js::array(vec![translated::xlate_support::js::Value::Num(7.0)]))"),
        ("guarded(null)", "guarded(translated::xlate_support::js::Value::Null)"),
    ];
    let (js, rust) = node_and_crate(src.path(), out.path(), &cases);
    assert_eq!(rust, js);
    assert_eq!(js, "1\n-1\n1\ntrue\nfalse\n0\n-1\n");
}

/// A callee whose translation takes a function (`function
/// mapValues(array, iteratee)` is `fn map_values<T, U>(array: Vec<T>,
/// iteratee: impl Fn(&T, i64) -> U) -> Vec<U>`) has that signature in
/// the callee table, its `impl Fn` read as a function type over the
/// callee's variables; a caller passing its own function parameter on
/// (`mapAll(array, f)`) instantiates it, its `f` of the same type, lent
/// (`&f`), and a lambda is a closure whose argument types the callee's
/// bound gives (`|x, i| { let x = x.clone(); x * 10 + i }`). node and the
/// crate built with rustc, given the same function, answer alike. A
/// function the callee would lend numbers that the caller's own `impl Fn`
/// takes by value, and a lambda whose body does arithmetic on the caller's
/// type variable, are not typed, and with JavaScript's values the call of
/// a callee taking a `Vec` is declined.
#[test]
fn javascript_callers_pass_functions_to_a_callee_of_another_module() {
    let src = tree(&[
        (
            "mapValues.js",
            b"function mapValues(array, iteratee) {\n  var result = [];\n  for (var i = 0; i < array.length; i++) {\n    result.push(iteratee(array[i], i));\n  }\n  return result;\n}\nmodule.exports = mapValues;\n",
        ),
        (
            "calls.js",
            b"var mapValues = require('./mapValues');\n\n\
              function mapAll(array, f) {\n  return mapValues(array, f);\n}\n\n\
              function tens(array) {\n  return mapValues(array, function(x) { return x * 10; });\n}\n\
              function labels(n) {\n  return mapValues([n, n + 1], function(x, i) { return x * 10 + i; });\n}\n\
              function mapInts(f) {\n  return mapValues([1, 2, 3], f);\n}\n\
              module.exports = { mapAll, tens, labels, mapInts };\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let failed = not_translated(&report(out.path()));
    // Written with JavaScript's values instead, both would pass the callee
    // a function that is not one of the project's by name (a lambda, a
    // parameter), whose number of parameters is not known: declined.
    let passing = "call of `mapValues`, passing a function to `impl Fn(&T, i64) -> U`";
    assert!(
        failed.len() == 2
            && failed[0].starts_with("calls.js:\"tens\"")
            && failed[0].contains(&format!("{passing} at line 8"))
            && failed[1].starts_with("calls.js:\"mapInts\"")
            && failed[1].contains(&format!("{passing} at line 14")),
        "{failed:#?}\n{stderr}"
    );
    let calls = fs::read_to_string(out.path().join("src/calls.rs")).expect("src/calls.rs");
    assert!(
        calls.contains(
            "pub fn map_all<T: Clone, U: Clone>(array: Vec<T>, f: impl Fn(&T, i64) -> U) -> Vec<U> {\n    map_values(array.clone(), &f)\n}"
        ) && calls.contains("|x, i| { let x = x.clone(); x * 10 + i }"),
        "{calls}"
    );
    let cases = [
        (
            "mapAll([1, 2, 3], (x, i) => x * 10 + i)",
            "map_all(vec![1, 2, 3], |x: &i64, i: i64| x * 10 + i)",
        ),
        (
            "mapAll(['a', 'b'], (s, i) => s + i)",
            "map_all(vec![\"a\".to_string(), \"b\".to_string()], |s: &String, i: i64| format!(\"{s}{i}\"))",
        ),
        ("labels(4)", "labels(4)"),
    ];
    node_and_crate_print(
        src.path(),
        out.path(),
        &cases,
        "[10,21,32]\n[\"a0\",\"b1\"]\n[40,51]\n",
    );
}

/// Python → Rust reads the same callee table: a function its annotations
/// do not type has the signature of its own translation (`def pair(a,
/// b)` is `fn pair<T: Clone>(a: T, b: T) -> Vec<T>`), which a caller of
/// another module instantiates at its arguments (its own `T`, a
/// `String`); python3 and the crate built with rustc answer alike, and a
/// call giving `T` two types is declined naming it.
#[test]
fn python_callers_instantiate_a_generic_callee_of_another_module() {
    let src = tree(&[
        ("pairs.py", b"def pair(a, b):\n    return [a, b]\n"),
        (
            "calls.py",
            b"from pairs import pair\n\n\ndef twice(x):\n    return pair(x, x)\n\n\n\
              def shout(s: str) -> list[str]:\n    return pair(s.upper(), s)\n\n\n\
              def mixed(n: int):\n    return pair(n, \"x\")\n",
        ),
        ("app.py", b"from calls import shout, twice\n"),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let failed = not_translated(&report(out.path()));
    assert!(
        failed.len() == 1
            && failed[0].contains("\"mixed\"")
            && failed[0].contains(
                "call of `pair` whose type parameter `T` would be both int and str at line 13"
            ),
        "{failed:#?}\n{stderr}"
    );
    let cases = [
        ("twice(5)", "twice(5)"),
        ("twice('x')", "twice(String::from(\"x\"))"),
        ("shout('ab')", "shout(String::from(\"ab\"))"),
    ];
    let script = cases
        .iter()
        .map(|(py, _)| format!("print(json.dumps(calls.{py}))\n"))
        .collect::<String>();
    let (py, err, ok) = run_in(
        src.path(),
        "python3",
        &["-c", &format!("import json\nimport calls\n{script}")],
    );
    assert!(ok, "{err}");
    let rust = run_calls_crate(out.path(), &cases.map(|(_, rs)| rs));
    let compact = |s: &str| s.replace(' ', "");
    assert_eq!(compact(&rust), compact(&py));
    assert_eq!(compact(&py), "[5,5]\n[\"x\",\"x\"]\n[\"AB\",\"ab\"]\n");
}

/// Each `(js, rs)` call, of `calls.js` under node (its result as JSON)
/// and of the translated crate's `calls` module (its `{:?}`): what each
/// printed, a line a call.
fn node_and_crate(src: &Path, out: &Path, cases: &[(&str, &str)]) -> (String, String) {
    let script = cases
        .iter()
        .map(|(js, _)| format!("console.log(JSON.stringify(m.{js}));"))
        .collect::<String>();
    let (js, err, ok) = run_in(
        src,
        "node",
        &["-e", &format!("const m = require('./calls.js');{script}")],
    );
    assert!(ok, "{err}");
    let calls: Vec<&str> = cases.iter().map(|(_, rs)| *rs).collect();
    (js, run_calls_crate(out, &calls))
}

/// Cases built with `format!`, borrowed as [`node_and_crate`] takes them.
fn borrowed(cases: &[(String, String)]) -> Vec<(&str, &str)> {
    cases
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}

/// As [`node_and_crate`], for an ES module `calls.mjs`.
fn node_and_crate_module(src: &Path, out: &Path, cases: &[(&str, &str)]) -> (String, String) {
    let script = cases
        .iter()
        .map(|(js, _)| format!("console.log(JSON.stringify(m.{js}));"))
        .collect::<String>();
    let (js, err, ok) = run_in(
        src,
        "node",
        &[
            "--input-type=module",
            "-e",
            &format!("import * as m from './calls.mjs';{script}"),
        ],
    );
    assert!(ok, "{err}");
    let calls: Vec<&str> = cases.iter().map(|(_, rs)| *rs).collect();
    (js, run_calls_crate(out, &calls))
}

/// Runs [`node_and_crate`] and checks that both printed `want`, spaces
/// aside (node's `JSON.stringify` and the value's `Debug` space lists
/// differently).
fn node_and_crate_print(src: &Path, out: &Path, cases: &[(&str, &str)], want: &str) {
    let (js, rust) = node_and_crate(src, out, cases);
    let compact = |s: &str| s.replace(' ', "");
    assert_eq!(compact(&rust), compact(&js));
    assert_eq!(compact(&js), want);
}

/// Builds the translated crate at `out` (`src/lib.rs`) with rustc and runs
/// a program printing `{:?}` of each call in `calls` (paths under the
/// crate's `calls` module): the lines it printed.
fn run_calls_crate(out: &Path, calls: &[&str]) -> String {
    let build = tempfile::tempdir().expect("a temporary folder");
    let b = build.path().to_string_lossy().to_string();
    let lib = fs::read_to_string(out.join("src/calls.rs")).unwrap_or_default();
    let (_, err, ok) = run_in(
        out,
        "rustc",
        &[
            "--edition=2021",
            "--crate-type=lib",
            "--crate-name=translated",
            "src/lib.rs",
            "--out-dir",
            &b,
        ],
    );
    assert!(ok, "{err}\n{lib}");
    let driver = calls
        .iter()
        .map(|rs| format!("    println!(\"{{:?}}\", translated::calls::{rs});\n"))
        .collect::<String>();
    fs::write(
        build.path().join("main.rs"),
        format!("fn main() {{\n{driver}}}\n"),
    )
    .expect("driver");
    let main = format!("{b}/main");
    let (_, err, ok) = run_in(
        build.path(),
        "rustc",
        &[
            "--edition=2021",
            "main.rs",
            "--extern",
            &format!("translated={b}/libtranslated.rlib"),
            "-o",
            &main,
        ],
    );
    assert!(ok, "{err}");
    let (rust, err, ok) = run_in(build.path(), &main, &[]);
    assert!(ok, "{err}");
    rust
}

/// Across CommonJS modules, as underscore's are laid out: a value another
/// module computes from an imported function that returns a closure
/// (`var getLength = shallowProperty('length'); module.exports =
/// getLength;`) is read through the function of its name, and a module
/// bound whole gives its constants and its aliases of built-ins
/// (`_setup.MAX`, `_setup._isNaN(n)`). node and the crate built with rustc
/// answer alike.
#[test]
fn javascript_module_values_cross_commonjs_modules() {
    let src = tree(&[
        ("setup.js", b"var MAX = Math.pow(2, 53) - 1;\nvar _isNaN = isNaN;\n\nexports.MAX = MAX;\nexports._isNaN = _isNaN;\n"),
        ("props.js", b"function shallowProperty(key) {\n  return function(obj) {\n    return obj == null ? void 0 : obj[key];\n  };\n}\n\nmodule.exports = shallowProperty;\n"),
        ("getLength.js", b"var shallowProperty = require('./props');\n\nvar getLength = shallowProperty('length');\n\nmodule.exports = getLength;\n"),
        ("calls.js", b"var _setup = require('./setup');\nvar getLength = require('./getLength');\n\n\
              function describe(value) {\n  var n = getLength(value);\n  return [String(n), _setup._isNaN(n), n <= _setup.MAX];\n}\n\n\
              module.exports = { describe };\n"),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let failed = not_translated(&report(out.path()));
    assert!(
        !failed
            .iter()
            .any(|f| f.contains("describe") || f.contains("getLength")),
        "{failed:#?}\n{stderr}"
    );
    let value = "translated::xlate_support::js";
    let cases = [
        (
            "describe('abc')".to_string(),
            format!("describe({value}::Value::from(\"abc\"))"),
        ),
        (
            "describe({})".to_string(),
            format!("describe({value}::object(vec![]))"),
        ),
        (
            "describe(null)".to_string(),
            format!("describe({value}::Value::Null)"),
        ),
    ];
    let cases = borrowed(&cases);
    node_and_crate_print(
        src.path(),
        out.path(),
        &cases,
        "[\"3\",false,true]\n[\"undefined\",true,false]\n[\"undefined\",true,false]\n",
    );
}

/// A constant another module exports (`var LIMIT = 2 * 3 + 1`, folded) is
/// read as its value by a function written with JavaScript's values, and
/// not imported into Rust, where its glue is written as comments. node
/// and the crate built with rustc answer alike.
#[test]
fn an_imported_constant_is_read_as_its_value() {
    let src = tree(&[
        ("limits.js", b"var LIMIT = 2 * 3 + 1;\n\nfunction unused() {\n  return 1;\n}\n\nmodule.exports = { LIMIT, unused };\n"),
        ("calls.js", b"const { LIMIT } = require('./limits');\n\nfunction under(n) {\n  return n < LIMIT ? 'under' : 'over';\n}\n\nmodule.exports = { under };\n"),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let failed = not_translated(&report(out.path()));
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    let calls = fs::read_to_string(out.path().join("src/calls.rs")).expect("src/calls.rs");
    assert!(
        calls.contains("js::Value::Num(7.0)") && !calls.contains("use crate::limits"),
        "{calls}"
    );
    let value = "translated::xlate_support::js::Value";
    let six = format!("under({value}::Num(6.0))");
    let seven = format!("under({value}::from(\"7\"))");
    let cases = [("under(6)", six.as_str()), ("under('7')", seven.as_str())];
    let (js, rust) = node_and_crate(src.path(), out.path(), &cases);
    assert_eq!(rust, js);
    assert_eq!(js, "\"under\"\n\"over\"\n");
}

/// An alias of a built-in another module binds with CommonJS (lodash's
/// `var isArray = Array.isArray; module.exports = isArray;`) is written as
/// nothing, and its importers call the built-in: into Python they do not
/// import it either, so their module loads.
#[test]
fn an_imported_alias_of_a_builtin_is_not_imported_into_python() {
    let src = tree(&[
        ("isArray.js", b"var isArray = Array.isArray;\n\nmodule.exports = isArray;\n"),
        ("cast.js", b"var isArray = require('./isArray');\n\nfunction castArray(value) {\n  return isArray(value) ? value : [value];\n}\n\nmodule.exports = castArray;\n"),
    ]);
    let (out, _, stderr) = translate(src.path(), "python");
    let failed = not_translated(&report(out.path()));
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    let (printed, err, ok) = run_in(
        out.path(),
        "python3",
        &[
            "-c",
            "import cast; print(cast.cast_array(1), cast.cast_array([2]))",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(printed.trim(), "[1] [2]");
}

/// Into Python, which has no `isNaN`, a call through the module's alias
/// of it is declined as a call of `isNaN` is, rather than written as a
/// call of a name nothing binds (the glue binding the alias is written as
/// nothing); an alias of `Math.max` is called as `Math.max` is.
#[test]
fn an_alias_of_a_javascript_global_is_declined_where_the_target_has_none() {
    let src = tree(&[
        ("nan.js", b"var _isNaN = isNaN,\n    nativeMax = Math.max;\n\nfunction bad(x) {\n  return _isNaN(x);\n}\n\nfunction most(a, b) {\n  return nativeMax(a, b);\n}\n\nmodule.exports = { bad, most };\n"),
        ("other.js", b"var nan = require('./nan');\n\nfunction worst(x) {\n  return nan.most(x, 1);\n}\n\nmodule.exports = worst;\n"),
    ]);
    let (out, _, stderr) = translate(src.path(), "python");
    let failed = not_translated(&report(out.path()));
    assert!(
        failed
            .iter()
            .any(|f| f.contains("bad") && f.contains("`isNaN()`"))
            && !failed.iter().any(|f| f.contains("\"most\"")),
        "{failed:#?}\n{stderr}"
    );
    let py = fs::read_to_string(out.path().join("nan.py")).expect("nan.py");
    let code_calls_alias = py
        .lines()
        .any(|l| !l.trim_start().starts_with('#') && l.contains("_isNaN("));
    assert!(py.contains("js_max(a, b)") && !code_calls_alias, "{py}");
}

/// A module's values that read nothing that changes (`var getLength =
/// shallowProperty('length')`, a closure from a function that returns
/// one) are each a function of their name computing the value once, at
/// its first use; functions read and call them. A value computed from
/// something that may change (an array another function fills) is no such
/// value, nor is one beside it in glue the translation cannot write whole;
/// a function reading either is declined. node and the crate built with
/// rustc answer alike.
#[test]
fn javascript_module_values_are_computed_at_their_first_use() {
    let src = tree(&[
        (
            "pair.js",
            b"function pair(a, b) {\n  return [a, b];\n}\n\nmodule.exports = pair;\n",
        ),
        (
            "calls.js",
            b"var pair = require('./pair');\nvar MAX = Math.pow(2, 53) - 1;\n\n\
              function shallowProperty(key) {\n  return function(obj) {\n    return obj == null ? void 0 : obj[key];\n  };\n}\n\n\
              function sizeCheck(getSize) {\n  return function(collection) {\n    var size = getSize(collection);\n    return typeof size == 'number' && size >= 0 && size <= MAX;\n  };\n}\n\n\
              var getLength = shallowProperty('length');\nvar isArrayLike = sizeCheck(getLength),\n    named = shallowProperty('name') || getLength;\n\n\
              function remember(x) {\n  seen.push(x);\n  return count;\n}\n\n\
              var seen = [];\nvar count = seen.length,\n    flag = shallowProperty('flag');\n\n\
              function flagOf(x) {\n  return flag(x);\n}\n\n\
              function describe(value) {\n  return pair(isArrayLike(value), isArrayLike(value) ? getLength(value) : -1);\n}\n\n\
              module.exports = { describe, named, remember, flagOf };\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let r = report(out.path());
    let failed = not_translated(&r);
    // `count` reads an array that `remember` fills, and `remember` reads
    // `seen`: neither is a value computed once. `flag` would be, but the
    // glue binding it binds `seen` too, which is not written.
    assert!(
        failed.iter().any(|f| f.contains("remember"))
            && failed.iter().any(|f| f.contains("flagOf"))
            && !failed.iter().any(|f| f.contains("describe")),
        "{failed:#?}\n{stderr}"
    );
    let calls = fs::read_to_string(out.path().join("src/calls.rs")).expect("src/calls.rs");
    assert!(
        calls.contains("pub fn get_length() -> js::Value {")
            && calls.contains("pub fn is_array_like() -> js::Value {")
            && calls.contains("thread_local!")
            && !calls.contains("pub fn count() -> js::Value {"),
        "{calls}"
    );
    let value = "translated::xlate_support::js";
    let cases = [
        ("describe([1, 2])".to_string(), format!("describe({value}::array(vec![{value}::Value::Num(1.0), {value}::Value::Num(2.0)]))")),
        ("describe('abc')".to_string(), format!("describe({value}::Value::from(\"abc\"))")),
        ("describe(null)".to_string(), format!("describe({value}::Value::Null)")),
        ("describe({ length: -1 })".to_string(), format!("describe({value}::object(vec![(\"length\", {value}::Value::Num(-1.0))]))")),
    ];
    let cases = borrowed(&cases);
    node_and_crate_print(
        src.path(),
        out.path(),
        &cases,
        "[true,2]\n[true,3]\n[false,-1]\n[false,-1]\n",
    );
}

/// Probes of the environment settle as they do in node, where the source
/// runs: lodash's `root` (`freeGlobal || freeSelf || Function('return
/// this')()`) is the global object, `root.Symbol` the built-in and
/// `Symbol.toStringTag` a symbol no value of the translation carries;
/// underscore's `hasEnumBug` is false. A test they settle keeps only the
/// branch that runs, so a function calling an untranslated one only there
/// is translated, imports nothing it never reaches and depends on nothing
/// (in ES modules, through a constant imported by name, and in CommonJS,
/// through a module bound whole). node and the crate answer alike.
#[test]
fn probes_of_the_environment_leave_out_the_branches_that_never_run() {
    let src = tree(&[
        (
            "_root.js",
            b"var freeGlobal = typeof global == 'object' && global && global.Object === Object && global;\n\
              var freeSelf = typeof self == 'object' && self && self.Object === Object && self;\n\
              var root = freeGlobal || freeSelf || Function('return this')();\n\nmodule.exports = root;\n",
        ),
        ("_Symbol.js", b"var root = require('./_root');\n\nvar Symbol = root.Symbol;\n\nmodule.exports = Symbol;\n"),
        (
            "_rawTag.js",
            b"var Symbol = require('./_Symbol');\nvar symToStringTag = Symbol ? Symbol.toStringTag : undefined;\n\n\
              function rawTag(value) {\n  var tag = value[symToStringTag];\n  value[symToStringTag] = undefined;\n  return tag;\n}\n\nmodule.exports = rawTag;\n",
        ),
        (
            "_setup.js",
            b"var hasEnumBug = !{toString: null}.propertyIsEnumerable('toString');\n\
              var supportsArrayBuffer = typeof ArrayBuffer !== 'undefined';\n\
              var nonEnumerableProps = ['valueOf', 'toString'];\n\n\
              exports.hasEnumBug = hasEnumBug;\nexports.supportsArrayBuffer = supportsArrayBuffer;\n\
              exports.nonEnumerableProps = nonEnumerableProps;\n",
        ),
        (
            "calls.js",
            b"var Symbol = require('./_Symbol'),\n    rawTag = require('./_rawTag'),\n    _setup = require('./_setup');\n\
              const { supportsArrayBuffer } = require('./_setup');\n\
              var objectProto = Object.prototype;\nvar nativeObjectToString = objectProto.toString;\n\
              var symToStringTag = Symbol ? Symbol.toStringTag : undefined;\n\n\
              function tagOf(value) {\n  if (value == null) {\n    return value === undefined ? '[object Undefined]' : '[object Null]';\n  }\n\
              \x20 return (symToStringTag && symToStringTag in Object(value))\n    ? rawTag(value)\n    : nativeObjectToString.call(value);\n}\n\n\
              function keysOf(obj) {\n  var keys = [];\n  for (var key in obj) keys.push(key);\n  if (_setup.hasEnumBug) rawTag(obj);\n\
              \x20 return supportsArrayBuffer ? keys : rawTag(keys);\n}\n\n\
              module.exports = { tagOf, keysOf };\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let r = report(out.path());
    let failed = not_translated(&r);
    // `_setup.js`'s glue binds an array, which no Rust translation keeps:
    // its constants are read where they are used all the same.
    assert!(
        failed.len() == 2
            && failed[0].contains("rawTag")
            && failed[1].starts_with("_setup.js:null"),
        "{failed:#?}\n{stderr}"
    );
    let calls_report = r["files"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["source"] == "calls.js"))
        .expect("calls.js in the report");
    assert!(
        !calls_report.to_string().contains("depends on untranslated"),
        "{calls_report}"
    );
    let calls = fs::read_to_string(out.path().join("src/calls.rs")).expect("src/calls.rs");
    assert!(
        !calls.contains("raw_tag(") && calls.contains("no code here that runs uses it"),
        "{calls}"
    );
    let value = "translated::xlate_support::js";
    let cases = [
        ("tagOf(null)".to_string(), format!("tag_of({value}::Value::Null)")),
        ("tagOf([1])".to_string(), format!("tag_of({value}::array(vec![{value}::Value::Num(1.0)]))")),
        ("tagOf('a')".to_string(), format!("tag_of({value}::Value::from(\"a\"))")),
        ("keysOf({ a: 1, toString: 2 })".to_string(), format!("keys_of({value}::object(vec![(\"a\", {value}::Value::Num(1.0)), (\"toString\", {value}::Value::Num(2.0))]))")),
    ];
    let cases = borrowed(&cases);
    node_and_crate_print(
        src.path(),
        out.path(),
        &cases,
        "\"[objectNull]\"\n\"[objectArray]\"\n\"[objectString]\"\n[\"a\",\"toString\"]\n",
    );
}

/// An ES module's `export default <expression>` of a value computed from
/// things that never change (underscore's `export default
/// shallowProperty('length')`) is the function `default` giving it, which
/// importers `use` under their name; its glue of regular expressions is
/// written as comments, the patterns read where they are used. node and
/// the crate answer alike.
#[test]
fn an_es_modules_default_value_is_imported_into_rust() {
    let src = tree(&[
        (
            "shallowProperty.mjs",
            b"export default function shallowProperty(key) {\n  return function(obj) {\n    return obj == null ? void 0 : obj[key];\n  };\n}\n",
        ),
        (
            "getLength.mjs",
            b"import shallowProperty from './shallowProperty.mjs';\n\nexport default shallowProperty('length');\n",
        ),
        (
            "calls.mjs",
            b"import getLength from './getLength.mjs';\nvar reSpace = /\\s/;\n\n\
              export function size(obj) {\n  var n = getLength(obj);\n  return typeof n == 'number' ? n : reSpace.test(String(obj));\n}\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let failed = not_translated(&report(out.path()));
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    let length =
        fs::read_to_string(out.path().join("src/get_length.rs")).expect("src/get_length.rs");
    assert!(
        length.contains("pub fn default() -> js::Value {"),
        "{length}"
    );
    let calls = fs::read_to_string(out.path().join("src/calls.rs")).expect("src/calls.rs");
    assert!(calls.contains("::default as get_length;"), "{calls}");
    let value = "translated::xlate_support::js";
    let cases = [
        (
            "size([1, 2])".to_string(),
            format!(
                "size({value}::array(vec![{value}::Value::Num(1.0), {value}::Value::Num(2.0)]))"
            ),
        ),
        (
            "size('a b')".to_string(),
            format!("size({value}::Value::from(\"a b\"))"),
        ),
        (
            "size({})".to_string(),
            format!("size({value}::object(vec![]))"),
        ),
    ];
    let cases = borrowed(&cases);
    let (js, rust) = node_and_crate_module(src.path(), out.path(), &cases);
    let compact = |s: &str| s.replace(' ', "");
    assert_eq!(compact(&rust), compact(&js));
    assert_eq!(compact(&js), "2\n3\ntrue\n");
}

/// A function written with JavaScript's values calls one written with
/// Rust types that takes an array and a function (lodash's `arrayMap`,
/// `Option<Vec<T>>` and `impl Fn(&T, i64, &Option<Vec<T>>) -> U`): the
/// array's items are passed, and the function, which takes one argument,
/// as a closure giving it the item; the new array comes back as a value.
/// A method of Symbol.prototype called on a value throws, as none is a
/// symbol. node and the crate answer alike.
#[test]
fn javascript_values_pass_arrays_and_functions_to_typed_callees() {
    let src = tree(&[
        (
            "arrayMap.js",
            b"function arrayMap(array, iteratee) {\n  var index = -1,\n      length = array == null ? 0 : array.length,\n      result = Array(length);\n\n\
              \x20 while (++index < length) {\n    result[index] = iteratee(array[index], index, array);\n  }\n  return result;\n}\n\nmodule.exports = arrayMap;\n",
        ),
        (
            "calls.js",
            b"var arrayMap = require('./arrayMap'),\n    arrayPush = require('./arrayPush');\n\
              var symbolProto = Symbol ? Symbol.prototype : undefined,\n    symbolToString = symbolProto ? symbolProto.toString : undefined;\n\n\
              function baseToString(value) {\n  if (typeof value == 'string') {\n    return value;\n  }\n\
              \x20 if (Array.isArray(value)) {\n    return arrayMap(value, baseToString) + '';\n  }\n\
              \x20 if (value === 7) {\n    return symbolToString ? symbolToString.call(value) : '';\n  }\n  return (value + '');\n}\n\n\
              function text(value) {\n  try {\n    return baseToString(value);\n  } catch (e) {\n    return 'threw';\n  }\n}\n\n\
              function pushed(xs) {\n  var ys = xs;\n  return arrayPush(ys, [1]);\n}\n\n\
              module.exports = { baseToString };\n",
        ),
        (
            "arrayPush.js",
            b"function arrayPush(array, values) {\n  var index = -1,\n      length = values.length,\n      offset = array.length;\n\n\
              \x20 while (++index < length) {\n    array[offset + index] = values[index];\n  }\n  return array;\n}\n\nmodule.exports = arrayPush;\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let r = report(out.path());
    let failed = not_translated(&r);
    // `try` is declined with JavaScript's values, and a call of a typed
    // callee that changes the array it takes (a copy would hide the
    // change); the rest is translated.
    assert!(
        failed.len() == 2
            && failed.iter().any(|f| f.contains("text"))
            && failed
                .iter()
                .any(|f| f.contains("pushed") && f.contains("changes the array it takes")),
        "{failed:#?}\n{stderr}"
    );
    let map = fs::read_to_string(out.path().join("src/array_map.rs")).expect("src/array_map.rs");
    assert!(map.contains("Option<Vec<T>>"), "{map}");
    let value = "translated::xlate_support::js";
    let nested = format!("{value}::array(vec![{value}::Value::Num(1.0), {value}::array(vec![{value}::Value::from(\"a\"), {value}::Value::Null]), {value}::Value::Bool(true)])");
    let cases = [
        (
            "baseToString([1, ['a', null], true])".to_string(),
            format!("base_to_string({nested})"),
        ),
        (
            "baseToString(2.5)".to_string(),
            format!("base_to_string({value}::Value::Num(2.5))"),
        ),
    ];
    let cases = borrowed(&cases);
    node_and_crate_print(
        src.path(),
        out.path(),
        &cases,
        "\"1,a,null,true\"\n\"2.5\"\n",
    );
}

/// A module whose glue no Rust translation keeps (it binds an array) but
/// which binds aliases of built-ins its functions call as the built-ins:
/// each function is translated, alone for its callers' signatures too,
/// and depends on no glue.
#[test]
fn a_modules_functions_call_each_other_past_its_glue() {
    let src = tree(&[(
        "one.js",
        b"export function one() {\n  return 1;\n}\n",
    ), (
        "bundle.js",
        b"import { one } from './one.js';\nvar ObjProto = Object.prototype;\nvar hasOwnProperty = ObjProto.hasOwnProperty;\nvar nonEnumerableProps = ['valueOf'];\n\n\
          function has$1(obj, key) {\n  return obj != null && hasOwnProperty.call(obj, key);\n}\n\n\
          function keys$(obj) {\n  return has$1(obj, 'a') ? ['a'] : [];\n}\n\nexport { has$1, keys$, nonEnumerableProps };\n",
    )]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let r = report(out.path());
    let failed = not_translated(&r);
    assert!(
        failed.len() == 1 && failed[0].starts_with("bundle.js:null"),
        "{failed:#?}\n{stderr}"
    );
    // The export of the array depends on its glue; the functions on none.
    let bundle = r["files"]
        .as_array()
        .and_then(|fs| fs.iter().find(|f| f["source"] == "bundle.js"))
        .expect("bundle.js in the report");
    let functions: Vec<&serde_json::Value> = bundle["units"]
        .as_array()
        .expect("units")
        .iter()
        .filter(|u| u["kind"] == "function")
        .collect();
    assert!(
        functions.len() == 2 && functions.iter().all(|u| u.get("reasons").is_none()),
        "{r}"
    );
    let code = fs::read_to_string(out.path().join("src/bundle.rs")).expect("src/bundle.rs");
    assert!(code.contains("has_1(obj.clone()"), "{code}");
}

/// A bundle's names with `$` (`has$1`, `keys$`), which Rust cannot
/// spell, are defined and called by their Rust names.
#[test]
fn javascript_names_with_a_dollar_are_called_by_their_rust_names() {
    // A second module makes the output a crate.
    let src = tree(&[("one.js", b"function one() {\n  return 1;\n}\n\nmodule.exports = one;\n"), (
        "calls.js",
        b"var one = require('./one');\n\nfunction has$1(obj, key) {\n  return obj != null && Object.prototype.hasOwnProperty.call(obj, key);\n}\n\n\
          function keys$(obj) {\n  return has$1(obj, 'a') ? ['a', one()] : [];\n}\n\nmodule.exports = { keys$ };\n",
    )]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let failed = not_translated(&report(out.path()));
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    let value = "translated::xlate_support::js";
    let cases = [(
        "keys$({ a: 1 })".to_string(),
        format!("keys_({value}::object(vec![(\"a\", {value}::Value::Num(1.0))]))"),
    )];
    let cases = borrowed(&cases);
    node_and_crate_print(src.path(), out.path(), &cases, "[\"a\",1]\n");
}

/// A function written with JavaScript's values reads its module's literal
/// constants (`var undefinedTag = '[object Undefined]'`, bound once and
/// never assigned) as the literals, and those computed from them (`1 / 0`,
/// `MAX >>> 1`, `Math.pow(2, 53) - 1`) as their values, since no Rust translation keeps the
/// glue that binds them; it tells `null` from `undefined`, calls another
/// module's function written so, and calls another module's alias of
/// `Array.isArray`, and its own of `Math.max`, `Math.floor`,
/// `Object.keys` and `isNaN`, as the built-ins (called, tested, held in a
/// local and called through it). node and the crate built with rustc
/// answer alike.
#[test]
fn javascript_values_read_the_modules_literal_constants() {
    let src = tree(&[
        (
            "tags.js",
            b"var undefinedTag = '[object Undefined]',\n    nullTag = '[object Null]';\nvar MAX = 9007199254740991,\n    INFINITY = 1 / 0,\n    HALF = MAX >>> 1,\n    BIG = Math.pow(2, 53) - 1;\n\n\
              function tagOf(value) {\n  if (value == null) {\n    return value === undefined ? undefinedTag : nullTag;\n  }\n  return value > MAX ? 'big' : value === INFINITY ? 'inf' : typeof value + (HALF - 2147483646) + (BIG - MAX);\n}\n\
              module.exports = tagOf;\n",
        ),
        ("isArray.js", b"var isArray = Array.isArray;\n\nmodule.exports = isArray;\n"),
        (
            "calls.js",
            b"var tagOf = require('./tags'),\n    isArray = require('./isArray');\nvar nativeMax = Math.max,\n    nativeFloor = Math.floor,\n    nativeKeys = Object.keys,\n    _isNaN = isNaN;\n\n\
              function describe(value) {\n  var keys = nativeKeys ? nativeKeys(value && typeof value == 'object' ? value : {}) : null;\n  var check = _isNaN;\n  return [tagOf(value), tagOf(), isArray(value), nativeMax(tagOf(value).length, 7), nativeFloor(2.5), _isNaN(value), keys, [check(value), check('1')]];\n}\n\
              module.exports = { describe };\n",
        ),
    ]);
    let (out, _, stderr) = translate(src.path(), "rust");
    let failed = not_translated(&report(out.path()));
    assert!(failed.is_empty(), "{failed:#?}\n{stderr}");
    let tags = fs::read_to_string(out.path().join("src/tags.rs")).expect("src/tags.rs");
    assert!(
        tags.contains("pub fn tag_of(value: js::Value) -> js::Value {")
            && tags.contains("js::Value::from(\"[object Undefined]\")"),
        "{tags}"
    );
    let value = "translated::xlate_support::js::Value";
    let null = format!("describe({value}::Null)");
    let two = format!("describe({value}::Num(2.0))");
    let text = format!("describe({value}::from(\"x\"))");
    let cases = [
        ("describe(null)", null.as_str()),
        ("describe(2)", two.as_str()),
        ("describe('x')", text.as_str()),
        (
            "describe([])",
            "describe(translated::xlate_support::js::array(vec![]))",
        ),
    ];
    node_and_crate_print(src.path(), out.path(), &cases, "[\"[objectNull]\",\"[objectUndefined]\",false,13,2,false,[],[false,false]]\n[\"number10\",\"[objectUndefined]\",false,8,2,false,[],[false,false]]\n[\"string10\",\"[objectUndefined]\",false,8,2,true,[],[true,false]]\n[\"object10\",\"[objectUndefined]\",true,8,2,false,[],[false,false]]\n");
}
