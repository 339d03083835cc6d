//! Running a test program: Python with `python3`, JavaScript with `node`,
//! Rust compiled with `rustc --test` against a cached scratch crate's `rand`,
//! `regex` and `md5`. Translated code is untrusted: each program runs in
//! [`crate::sandbox`], in its own temporary directory, under its limits.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::lang::Lang;
use crate::sandbox::{find_in_path, Limits, Program, Sandbox, SandboxError};

/// What running a test program gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    Passed,
    /// The program loaded, and a test failed; the first line that says so.
    Failed(String),
    /// The program did not compile or load.
    Invalid(String),
    /// The time limit was reached (`compiling` says in which step).
    Timeout {
        compiling: bool,
    },
}

/// Why tests could not be run at all (as opposed to failing).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Sandbox(#[from] SandboxError),
    #[error("`{program}` is not on the PATH; it runs the {lang} tests")]
    Missing { program: &'static str, lang: Lang },
    #[error("cannot use a temporary directory: {0}")]
    TempDir(std::io::Error),
    #[error("cannot prepare the Rust scratch crate in {dir}: {reason}")]
    RustCrate { dir: PathBuf, reason: String },
}

/// Printed by a Python or JavaScript program once its code has loaded and
/// before its tests start, to tell a test failure from a load failure.
const LOADED: &str = "xlate-eval: code loaded";

/// How many lines of a runner's output a detail may quote.
const DETAIL_CHARS: usize = 300;

/// Runs the test programs of one language.
#[derive(Clone, Debug)]
pub struct Runner {
    lang: Lang,
    /// For Rust: the compiler and the libraries the tests may use.
    rust: Option<RustLibraries>,
    /// Limit for running the tests (and, for Rust, for compiling them).
    pub timeout: Duration,
    /// Where the tests run: plain until [`Runner::isolate`].
    sandbox: Sandbox,
}

/// The crates of the Rust scratch crate, built once.
#[derive(Clone, Debug)]
struct RustLibraries {
    rustc: PathBuf,
    deps: PathBuf,
    /// `--extern name=path` for each crate the tests may name.
    externs: Vec<(String, PathBuf)>,
}

/// The crates HumanEval-X's Rust declarations `use`, at the versions whose
/// API they were written against (rand 0.8: `thread_rng`, `gen_range`).
const RUST_CRATES: &[(&str, &str)] = &[("rand", "0.8"), ("regex", "1"), ("md5", "0.7")];

impl Runner {
    /// A runner for `lang`. For Rust, this builds the scratch crate in
    /// `cache` the first time (fetching its crates from crates.io) and
    /// reuses it, offline, after.
    pub fn new(lang: Lang, timeout: Duration, cache: &Path) -> Result<Runner, RunError> {
        if let Some(program) = runtime_of(lang).filter(|p| find_in_path(p).is_none()) {
            // Otherwise every task would end as invalid, its canonical
            // solution included, and the run would say nothing useful.
            return Err(RunError::Missing { program, lang });
        }
        let rust = match lang {
            Lang::Rust => Some(RustLibraries::prepare(&cache.join("eval-rust"))?),
            Lang::Python | Lang::JavaScript => None,
        };
        Ok(Runner {
            lang,
            rust,
            timeout,
            sandbox: Sandbox::plain(),
        })
    }

    /// From now on, runs tests with no network, a read-only file system
    /// outside their directory, and `folders` (the source tree, the
    /// benchmark) hidden behind empty ones (see [`Sandbox::isolated`]).
    /// Returns false, and changes nothing, where the system does not allow
    /// it.
    pub fn isolate(&mut self, folders: &[PathBuf]) -> bool {
        let needed: Vec<PathBuf> = runtime_of(self.lang)
            .and_then(find_in_path)
            .into_iter()
            .collect();
        match Sandbox::isolated(folders, &needed) {
            Ok(sandbox) => {
                self.sandbox = sandbox;
                true
            }
            Err(_) => false,
        }
    }

    /// The limits of a test run.
    fn limits(&self) -> Limits {
        Limits {
            time: self.timeout,
            ..Limits::default()
        }
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Runs `program` (code and tests, from [`program`]) in a fresh
    /// temporary directory.
    pub fn run(&self, program: &str) -> Result<RunOutcome, RunError> {
        let dir = Sandbox::temp_dir("xlate-eval-")?;
        let here = dir.path();
        let file = here.join(format!("main.{}", self.lang.extension()));
        std::fs::write(&file, program).map_err(RunError::TempDir)?;
        let outcome = match (&self.lang, &self.rust) {
            (Lang::Python, _) => {
                // -I: ignore the user's site-packages and PYTHON* variables.
                let command = Program::new("python3")
                    .args(["-I", "main.py"])
                    .env("PYTHONHASHSEED", "0");
                self.script(&command, here)?
            }
            (Lang::JavaScript, _) => self.script(&Program::new("node").arg("main.js"), here)?,
            (Lang::Rust, Some(libraries)) => self.rust(libraries, here)?,
            (Lang::Rust, None) => {
                return Err(RunError::RustCrate {
                    dir: here.to_path_buf(),
                    reason: "the runner was built without its libraries".into(),
                })
            }
        };
        Ok(outcome.map_detail(|d| d.replace(&here.display().to_string(), ".")))
    }

    /// A Python or JavaScript program: it printed [`LOADED`] if its code
    /// loaded, so a failure before that is a load failure.
    fn script(&self, command: &Program, dir: &Path) -> Result<RunOutcome, RunError> {
        let done = self.sandbox.run(dir, command, &self.limits())?;
        if let Some(limit) = timed_out_or(&done) {
            return Ok(limit);
        }
        let loaded = done.stderr.contains(LOADED);
        if done.success {
            return Ok(if loaded {
                RunOutcome::Passed
            } else {
                RunOutcome::Invalid("the program exited before its tests ran".into())
            });
        }
        let detail = error_line(&done.stderr, self.lang);
        Ok(if loaded {
            RunOutcome::Failed(detail)
        } else {
            RunOutcome::Invalid(detail)
        })
    }

    fn rust(&self, libraries: &RustLibraries, dir: &Path) -> Result<RunOutcome, RunError> {
        let mut compile = Program::new(&libraries.rustc).args([
            "--edition",
            "2021",
            "--test",
            "--crate-name",
            "task",
            // Warnings are not the test's business, and benchmark code has
            // many (unused imports in every declaration).
            "-A",
            "warnings",
            "-o",
            "task",
            "main.rs",
            "-L",
        ]);
        compile = compile.arg(format!("dependency={}", libraries.deps.display()));
        for (name, path) in &libraries.externs {
            compile = compile
                .arg("--extern")
                .arg(format!("{name}={}", path.display()));
        }
        // Compiling takes seconds where running takes milliseconds; a slow
        // compile on a busy machine is not the translation's fault. It runs
        // outside the namespaces, as it did before the sandbox had them: the
        // compiler reads the scratch crate, which may sit in a hidden folder.
        let limits = Limits {
            time: self.timeout.max(Duration::from_secs(60)),
            memory: None,
            output: 1 << 30,
            // The compiler's threads count where a pids cgroup counts.
            processes: 512,
        };
        let compiled = Sandbox::plain().run(dir, &compile, &limits)?;
        if compiled.limit.is_some() {
            return Ok(RunOutcome::Timeout { compiling: true });
        }
        if !compiled.success {
            return Ok(RunOutcome::Invalid(error_line(
                &compiled.stderr,
                Lang::Rust,
            )));
        }
        let test = Program::new(dir.join("task")).args(["--test-threads", "1", "-q"]);
        let done = self.sandbox.run(dir, &test, &self.limits())?;
        if let Some(limit) = timed_out_or(&done) {
            return Ok(limit);
        }
        if done.success {
            return Ok(RunOutcome::Passed);
        }
        let output = format!("{}\n{}", done.stdout, done.stderr);
        Ok(RunOutcome::Failed(error_line(&output, Lang::Rust)))
    }
}

impl RunOutcome {
    fn map_detail(self, f: impl Fn(&str) -> String) -> RunOutcome {
        match self {
            RunOutcome::Failed(d) => RunOutcome::Failed(f(&d)),
            RunOutcome::Invalid(d) => RunOutcome::Invalid(f(&d)),
            other => other,
        }
    }
}

/// `Math.random` as a fixed sequence (mulberry32 from a constant seed).
const SEEDED_RANDOM: &str = "Math.random = (() => { let s = 0x2545f491; return () => { s = (s + 0x6d2b79f5) | 0; let t = Math.imul(s ^ (s >>> 15), 1 | s); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; })();";

/// The test program: the target's imports, the code under test, and the
/// tests. Import lines of `code` that `prelude` already has are dropped, since
/// Rust refuses a name imported twice.
pub fn program(lang: Lang, prelude: &str, code: &str, test: &str) -> String {
    let imports: Vec<&str> = prelude
        .lines()
        .map(str::trim)
        .filter(|l| is_import(l, lang))
        .collect();
    let code: String = code
        .split_inclusive('\n')
        .filter(|line| !imports.contains(&line.trim()))
        .collect();
    match lang {
        // Some tests draw their inputs at random (HumanEval's `find_zero`):
        // the generators are seeded, so that a run's result is the same on
        // every run (an unseeded draw made the JavaScript canonical solution
        // fail its own test now and then, and the task left the count).
        Lang::Python => format!(
            "{prelude}\n{code}\n\nimport sys as _xlate_sys\nimport random as _xlate_random\n_xlate_random.seed(0)\n_xlate_sys.stderr.write({LOADED:?} + \"\\n\")\n_xlate_sys.stderr.flush()\n\n{test}\n"
        ),
        Lang::JavaScript => format!(
            // In Node, console.assert only prints; the tests count on it
            // throwing.
            "console.assert = (condition, ...message) => {{ if (!condition) {{ throw new Error('assertion failed' + (message.length ? ': ' + message.join(' ') : '')); }} }};\n{prelude}\n{code}\n\nprocess.stderr.write({LOADED:?} + \"\\n\");\n{SEEDED_RANDOM}\n\n{test}\n"
        ),
        Lang::Rust => format!("{prelude}\n{code}\n\n{test}\n"),
    }
}

fn is_import(line: &str, lang: Lang) -> bool {
    match lang {
        Lang::Python => line.starts_with("import ") || line.starts_with("from "),
        Lang::JavaScript => line.starts_with("import ") || line.contains("require("),
        Lang::Rust => line.starts_with("use ") || line.starts_with("extern crate "),
    }
}

/// The line of a runner's output that best says what went wrong, with the
/// line of the test that failed where the runner prints it.
fn error_line(output: &str, lang: Lang) -> String {
    let lines: Vec<&str> = output
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains(LOADED))
        .collect();
    let picked = match lang {
        Lang::Python => python_error(&lines),
        Lang::JavaScript => javascript_error(&lines),
        Lang::Rust => rust_error(&lines),
    };
    let mut line = picked.unwrap_or_else(|| "no output".to_string());
    if line.len() > DETAIL_CHARS {
        let mut end = DETAIL_CHARS;
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        line.truncate(end);
        line.push_str("...");
    }
    line
}

/// A traceback ends with the exception; a bare `assert` gives only
/// `AssertionError`, so the source line of the last frame goes with it.
fn python_error(lines: &[&str]) -> Option<String> {
    let last = *lines.last()?;
    if last.contains(':') {
        return Some(last.to_string());
    }
    let frame = lines.iter().rposition(|l| l.starts_with("File \""));
    match frame.and_then(|f| lines.get(f + 1)) {
        Some(source) if *source != last && !source.starts_with('^') => {
            Some(format!("{last}: {source}"))
        }
        _ => Some(last.to_string()),
    }
}

/// Node prints the source line and a caret first, then `Error: message`,
/// then the stack, whose first frame outside `console.assert` is the test.
fn javascript_error(lines: &[&str]) -> Option<String> {
    let at = lines.iter().position(|l| {
        l.split_once(':')
            .is_some_and(|(head, _)| head.ends_with("Error"))
    });
    let Some(at) = at else {
        return lines.first().map(|l| l.to_string());
    };
    let frame = lines[at + 1..]
        .iter()
        .find(|l| l.starts_with("at ") && !l.starts_with("at console.assert"));
    Some(match frame {
        Some(frame) => format!("{} ({frame})", lines[at]),
        None => lines[at].to_string(),
    })
}

/// rustc's first `error` line; or a panic's message, which follows its
/// location, with the `left:` and `right:` of a failed `assert_eq!`.
fn rust_error(lines: &[&str]) -> Option<String> {
    let at = lines
        .iter()
        .position(|l| l.starts_with("error") || l.contains("panicked at"));
    let Some(at) = at else {
        return lines.last().map(|l| l.to_string());
    };
    if !(lines[at].contains("panicked at") && lines[at].ends_with(':')) {
        return Some(lines[at].to_string());
    }
    let mut message = lines.get(at + 1).unwrap_or(&lines[at]).to_string();
    for side in lines[at + 1..]
        .iter()
        .skip(1)
        .take(2)
        .filter(|l| l.starts_with("left:") || l.starts_with("right:"))
    {
        message.push_str(", ");
        message.push_str(side);
    }
    Some(message)
}

/// A run stopped by a limit: a timeout as before; any other limit (memory,
/// output, processes) is a failure of the program that says which.
fn timed_out_or(done: &crate::sandbox::Execution) -> Option<RunOutcome> {
    match done.limit.as_ref()? {
        crate::sandbox::Limit::Time(_) => Some(RunOutcome::Timeout { compiling: false }),
        other => Some(RunOutcome::Failed(format!("limit: {other}"))),
    }
}

impl RustLibraries {
    /// Builds (or finds built) the scratch crate in `dir` and collects the
    /// paths of its libraries. Offline first; crates.io only when the crates
    /// are not in Cargo's cache yet.
    fn prepare(dir: &Path) -> Result<RustLibraries, RunError> {
        let fail = |reason: String| RunError::RustCrate {
            dir: dir.to_path_buf(),
            reason,
        };
        std::fs::create_dir_all(dir.join("src")).map_err(|e| fail(e.to_string()))?;
        let mut manifest = String::from(
            "[package]\nname = \"xlate-eval-rust\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n",
        );
        for (name, version) in RUST_CRATES {
            manifest.push_str(&format!("{name} = \"{version}\"\n"));
        }
        write_if_changed(&dir.join("Cargo.toml"), &manifest).map_err(|e| fail(e.to_string()))?;
        write_if_changed(&dir.join("src/lib.rs"), "").map_err(|e| fail(e.to_string()))?;
        let build = |offline: bool| {
            let mut cargo = Command::new("cargo");
            cargo
                .current_dir(dir)
                .args(["build", "--quiet", "--message-format=json"])
                .env("CARGO_TARGET_DIR", dir.join("target"));
            if offline {
                cargo.arg("--offline");
            }
            cargo.output()
        };
        let output = match build(true) {
            Ok(out) if out.status.success() => out,
            _ => build(false).map_err(|e| fail(format!("cannot run cargo: {e}")))?,
        };
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            return Err(fail(format!("cargo build failed: {}", stderr.trim())));
        }
        let mut externs = Vec::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if message["reason"] != "compiler-artifact" {
                continue;
            }
            let name = message["target"]["name"].as_str().unwrap_or_default();
            if !RUST_CRATES
                .iter()
                .any(|(crate_name, _)| *crate_name == name)
            {
                continue;
            }
            let rlib = message["filenames"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|f| f.as_str())
                .find(|f| f.ends_with(".rlib"));
            if let Some(rlib) = rlib {
                externs.push((name.to_string(), PathBuf::from(rlib)));
            }
        }
        externs.sort();
        externs.dedup_by(|a, b| a.0 == b.0);
        if externs.len() != RUST_CRATES.len() {
            return Err(fail(format!(
                "cargo built {} of the crates {}",
                externs.len(),
                RUST_CRATES
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        // The compiler that built the crates, called directly so that the
        // cleared environment needs no rustup variables.
        let sysroot = Command::new("rustc")
            .current_dir(dir)
            .args(["--print", "sysroot"])
            .output()
            .map_err(|e| fail(format!("cannot run rustc: {e}")))?;
        let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
        let rustc = Path::new(&sysroot).join("bin/rustc");
        if !rustc.exists() {
            return Err(fail(format!("no rustc in the sysroot {sysroot}")));
        }
        Ok(RustLibraries {
            rustc,
            deps: dir.join("target/debug/deps"),
            externs,
        })
    }
}

/// The interpreter that runs a language's tests, if it has one.
fn runtime_of(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Python => Some("python3"),
        Lang::JavaScript => Some("node"),
        Lang::Rust => None,
    }
}

/// Leaves the file alone when it already holds `content`, so that Cargo
/// does not rebuild for a new modification time.
fn write_if_changed(path: &Path, content: &str) -> std::io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    std::fs::write(path, content)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: "the floor from Python to JavaScript failed in CI with 73
    /// passed: task 32's JavaScript test draws with `Math.random`, and the
    /// canonical solution failed its own test on that draw". Both
    /// languages' test programs draw the same numbers on every run.
    #[test]
    fn test_programs_draw_the_same_random_numbers_every_run() {
        for (lang, program_name, test) in [
            (
                Lang::JavaScript,
                "node",
                "console.log(Math.random(), Math.random());",
            ),
            (
                Lang::Python,
                "python3",
                "import random\nprint(random.random(), random.random())",
            ),
        ] {
            let text = program(lang, "", "", test);
            let flag = if lang == Lang::JavaScript { "-e" } else { "-c" };
            let draw = || {
                let out = std::process::Command::new(program_name)
                    .args([flag, &text])
                    .output()
                    .expect("the interpreter runs");
                String::from_utf8_lossy(&out.stdout).into_owned()
            };
            let first = draw();
            let numbers: Vec<f64> = first
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            assert_eq!(numbers.len(), 2, "{first}");
            assert!(numbers.iter().all(|n| (0.0..1.0).contains(n)) && numbers[0] != numbers[1]);
            assert_eq!(draw(), first, "{lang}");
        }
    }

    fn python() -> Runner {
        Runner {
            lang: Lang::Python,
            rust: None,
            timeout: Duration::from_secs(20),
            sandbox: Sandbox::plain(),
        }
    }

    #[test]
    fn imports_of_the_prelude_are_not_repeated() {
        let out = program(
            Lang::Rust,
            "use rand::Rng;\n",
            "use rand::Rng;\nuse std::fmt;\nfn f() {}\n",
            "#[test] fn t() {}",
        );
        assert_eq!(out.matches("use rand::Rng;").count(), 1, "{out}");
        assert!(out.contains("use std::fmt;"));
    }

    #[test]
    fn python_outcomes_are_told_apart() {
        let runner = python();
        let run =
            |code: &str, test: &str| runner.run(&program(Lang::Python, "", code, test)).unwrap();
        assert_eq!(
            run("def f(x):\n    return x\n", "assert f(1) == 1\n"),
            RunOutcome::Passed
        );
        match run("def f(x):\n    return x\n", "assert f(1) == 2\n") {
            RunOutcome::Failed(detail) => assert_eq!(detail, "AssertionError: assert f(1) == 2"),
            other => panic!("{other:?}"),
        }
        match run("def f(x):\n    return (\n", "assert f(1) == 1\n") {
            RunOutcome::Invalid(detail) => assert!(detail.contains("SyntaxError"), "{detail}"),
            other => panic!("{other:?}"),
        }
        match run("import no_such_module_xlate\n", "pass\n") {
            RunOutcome::Invalid(detail) => {
                assert!(detail.contains("no_such_module_xlate"), "{detail}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn javascript_assertions_throw() {
        let runner = Runner {
            lang: Lang::JavaScript,
            ..python()
        };
        let run = |test: &str| {
            runner
                .run(&program(
                    Lang::JavaScript,
                    "",
                    "const f = (x) => x;\n",
                    test,
                ))
                .unwrap()
        };
        assert_eq!(run("console.assert(f(1) === 1)\n"), RunOutcome::Passed);
        match run("console.assert(f(1) === 2)\n") {
            RunOutcome::Failed(detail) => assert!(detail.contains("assertion failed"), "{detail}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_program_that_runs_too_long_is_killed() {
        let runner = Runner {
            timeout: Duration::from_millis(500),
            ..python()
        };
        // A child that ignores its parent's death must go too.
        let code = "import subprocess, sys\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\nwhile True:\n    pass\n";
        assert_eq!(
            runner.run(&program(Lang::Python, "", code, "")).unwrap(),
            RunOutcome::Timeout { compiling: false }
        );
    }

    #[test]
    fn the_environment_is_cleared() {
        // Cargo gives the test process CARGO_* variables; the program must
        // not see them. (A pyenv shim may add its own PYENV_* ones.)
        assert!(std::env::var_os("CARGO_PKG_NAME").is_some());
        let outcome = python()
            .run(&program(
                Lang::Python,
                "",
                "import os\n",
                "leaked = [k for k in os.environ if k.startswith(('CARGO', 'RUST'))]\nassert not leaked, leaked\nassert os.environ['HOME'] == os.getcwd()\n",
            ))
            .unwrap();
        assert_eq!(outcome, RunOutcome::Passed);
    }

    #[test]
    fn isolated_tests_see_no_network_and_no_hidden_folder() {
        let secret = tempfile::tempdir().unwrap();
        std::fs::write(secret.path().join("source.py"), "x = 1\n").unwrap();
        let mut runner = python();
        if !runner.isolate(&[secret.path().to_path_buf()]) {
            eprintln!("skipped: user namespaces are not available here");
            return;
        }
        let dir = secret.path().canonicalize().unwrap();
        let test = format!(
            "import os, socket\nassert os.listdir({dir:?}) == [], os.listdir({dir:?})\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=2)\n    raise SystemExit('network reached')\nexcept OSError:\n    pass\n",
            dir = dir.display().to_string()
        );
        let outcome = runner.run(&program(Lang::Python, "", "", &test)).unwrap();
        assert_eq!(outcome, RunOutcome::Passed);
        // Outside, the file is still there: hiding is a mount in the test's
        // namespace, not a change to the tree.
        assert!(secret.path().join("source.py").exists());
    }

    #[test]
    fn details_quote_the_failing_check() {
        let rust = "running 1 test\nF\nfailures:\n\n---- tests::t stdout ----\n\nthread 'tests::t' panicked at main.rs:9:9:\nassertion `left == right` failed\n  left: 1\n right: 2\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            error_line(rust, Lang::Rust),
            "assertion `left == right` failed, left: 1, right: 2"
        );
        let rustc = "error[E0425]: cannot find value `x` in this scope\n --> main.rs:2:5\n";
        assert_eq!(
            error_line(rustc, Lang::Rust),
            "error[E0425]: cannot find value `x` in this scope"
        );
        let node = "/tmp/x/main.js:1\nconsole.assert = (c) => { throw new Error('assertion failed'); };\n                                ^\n\nError: assertion failed\n    at console.assert (/tmp/x/main.js:1:40)\n    at testF (/tmp/x/main.js:9:11)\n";
        assert_eq!(
            error_line(node, Lang::JavaScript),
            "Error: assertion failed (at testF (/tmp/x/main.js:9:11))"
        );
        let long = "x".repeat(DETAIL_CHARS * 2);
        assert_eq!(error_line(&long, Lang::Python).len(), DETAIL_CHARS + 3);
    }
}
