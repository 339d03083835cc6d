//! Building an assembled output file with its target's toolchain, in a
//! temporary directory with a cleared environment and a time limit: Python
//! with `py_compile`, JavaScript with `node --check`, Rust with `rustc
//! --emit=metadata`. Each error comes back with the line of the file it
//! points at, so that the pipeline can hand it to the unit written there.
//!
//! The compilers above report every syntax and early error (duplicate
//! parameters included) without running anything; loading the module among
//! its neighbours, which runs its top-level code, is `super::load`'s.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use crate::lang::Lang;
use crate::sandbox::{find_in_path, Limits, Program, Sandbox};

/// How long one compiler run may take. Python and node answer in tens of
/// milliseconds; rustc in about a second for a small file, more on a busy
/// machine, which is not the translation's fault.
const LIMIT: Duration = Duration::from_secs(60);

/// Rust errors about names from outside the file (other modules, crates):
/// a file checked alone cannot resolve them, whoever translated it, so they
/// are no unit's fault. rustc goes on to check the rest of the file.
const OUTSIDE_THE_FILE: &[&str] = &["E0432", "E0433", "E0463", "E0583"];

/// One error the toolchain found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Line of the checked file (1-based); 0 when the toolchain named none.
    pub line: usize,
    /// The compiler's message, on one line.
    pub message: String,
}

/// Why a file could not be checked (as opposed to failing the check).
#[derive(Debug, thiserror::Error)]
pub enum ToolchainError {
    #[error("`{program}` is not on the PATH: {lang} code is neither compiled nor run, so verification stops short for it")]
    Missing { program: &'static str, lang: Lang },
    #[error("cannot run `{program}`: {reason}")]
    Run { program: String, reason: String },
    #[error("`{program}` reached a limit of the sandbox: {limit}")]
    Limit { program: String, limit: String },
    /// The compiler gave up on the file for limits of its own (nesting
    /// too deep for its parser's stack): no line is at fault, and the
    /// source is as deep, so the file is left unjudged.
    #[error("`{program}` gave up on the file: {message}")]
    GaveUp { program: String, message: String },
}

/// Whether the toolchain of `lang` is there; the error says which program
/// is missing. Looked up once per process.
pub fn available(lang: Lang) -> Result<(), ToolchainError> {
    program(lang).map(|_| ())
}

/// The compiler of `lang`, resolved once. For Rust, the real `rustc` of the
/// sysroot: the rustup shim needs variables the cleared environment drops.
pub(crate) fn program(lang: Lang) -> Result<PathBuf, ToolchainError> {
    static FOUND: [OnceLock<Option<PathBuf>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let (slot, name) = match lang {
        Lang::Python => (&FOUND[0], "python3"),
        Lang::JavaScript => (&FOUND[1], "node"),
        Lang::Rust => (&FOUND[2], "rustc"),
    };
    let found = slot.get_or_init(|| {
        let on_path = find_in_path(name)?;
        if lang != Lang::Rust {
            return Some(on_path);
        }
        let sysroot = Command::new(&on_path)
            .args(["--print", "sysroot"])
            .output()
            .ok()?;
        let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
        let real = Path::new(&sysroot).join("bin/rustc");
        Some(if real.is_file() { real } else { on_path })
    });
    found.clone().ok_or(ToolchainError::Missing {
        program: name,
        lang,
    })
}

/// Builds `text`, a whole output file in `lang`, and returns the errors
/// found, in the order the toolchain gave them (none: it builds). Python
/// and node stop at their first error; rustc reports them all.
pub fn check(lang: Lang, text: &str) -> Result<Vec<Diagnostic>, ToolchainError> {
    let compiler = program(lang)?;
    let run_error = |reason: String| ToolchainError::Run {
        program: compiler.display().to_string(),
        reason,
    };
    let dir = Sandbox::temp_dir("xlate-check-").map_err(|e| run_error(e.to_string()))?;
    let here = dir.path();
    // Compiling runs none of the file's code (no build scripts or procedural
    // macros reach a lone rustc), so the plain sandbox will do: limits and
    // a cleared environment, without the namespaces' start-up cost.
    let limits = Limits {
        time: LIMIT,
        // A compiler's memory is not the translation's fault.
        memory: None,
        // rustc's JSON for a file full of errors runs long.
        output: 8 << 20,
        ..Limits::default()
    };
    let gave_up = |message: String| ToolchainError::GaveUp {
        program: compiler.display().to_string(),
        message,
    };
    let run = |file: &str, args: &[&str]| {
        std::fs::write(here.join(file), text).map_err(|e| run_error(e.to_string()))?;
        let program = Program::new(&compiler).args(args);
        let done = Sandbox::plain()
            .run(here, &program, &limits)
            .map_err(|e| run_error(e.to_string()))?;
        if let Some(limit) = &done.limit {
            return Err(ToolchainError::Limit {
                program: compiler.display().to_string(),
                limit: limit.to_string(),
            });
        }
        Ok(done)
    };
    match lang {
        Lang::Python => {
            // -I: no user site-packages, no PYTHON* variables.
            let done = run("module.py", &["-I", "-m", "py_compile", "module.py"])?;
            if done.success {
                return Ok(Vec::new());
            }
            let error = python_error(&done.stderr);
            if PYTHON_LIMITS.iter().any(|l| error.message.contains(l)) {
                return Err(gave_up(error.message));
            }
            Ok(vec![error])
        }
        Lang::JavaScript => {
            // An ES module is checked as one: node takes a `.js` file with
            // `export` in it as fine without looking further, and a script
            // must not be held to a module's strict mode.
            let file = if is_es_module(text) {
                "module.mjs"
            } else {
                "module.js"
            };
            let done = run(file, &["--check", file])?;
            if done.success {
                return Ok(Vec::new());
            }
            let error = javascript_error(&done.stderr);
            if error
                .message
                .starts_with("RangeError: Maximum call stack size exceeded")
            {
                return Err(gave_up(error.message));
            }
            Ok(vec![error])
        }
        Lang::Rust => {
            let done = run(
                "module.rs",
                &[
                    "--edition",
                    "2021",
                    "--crate-type",
                    "lib",
                    "--crate-name",
                    "xlate_check",
                    "--emit=metadata",
                    "--error-format=json",
                    // Unused code and style are not errors of a translation.
                    "-A",
                    "warnings",
                    "-o",
                    "module.rmeta",
                    "module.rs",
                ],
            )?;
            let (errors, outside) = rust_errors(&done.stderr);
            if errors.is_empty() && !done.success && outside == 0 {
                // No error, yet no success: rustc crashed (its stack, on
                // code nested too deep).
                let last = done.stderr.lines().rev().find(|l| !l.trim().is_empty());
                return Err(gave_up(last.unwrap_or("rustc failed").trim().to_string()));
            }
            // Errors about names from outside the file only: the rest of
            // it was checked and holds none.
            Ok(errors)
        }
    }
}

/// What CPython says when code is nested past its own limits.
const PYTHON_LIMITS: &[&str] = &[
    "too many nested parentheses",
    "RecursionError",
    "MemoryError",
    "too many statically nested blocks",
];

/// `File "module.py", line N` and the exception's last line.
fn python_error(stderr: &str) -> Diagnostic {
    let line = stderr
        .lines()
        .rev()
        .filter_map(|l| l.trim().strip_prefix("File \"module.py\", line "))
        .filter_map(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .find_map(|n| n.parse().ok())
        .unwrap_or(0);
    let message = stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("py_compile failed")
        .to_string();
    Diagnostic { line, message }
}

/// Whether JavaScript code is an ES module: a line opens with `import` or
/// `export` (a dynamic `import(...)` is allowed in scripts too).
fn is_es_module(text: &str) -> bool {
    text.lines().map(str::trim_start).any(|line| {
        let statement = |keyword: &str| {
            line.strip_prefix(keyword)
                .is_some_and(|rest| rest.starts_with([' ', '{', '*', '\t']))
        };
        statement("import") || statement("export")
    })
}

/// `…/module.js:N` on the first line, then the source line, a caret, and
/// `SyntaxError: message`.
fn javascript_error(stderr: &str) -> Diagnostic {
    let line = stderr
        .lines()
        .find_map(|l| {
            let (_, n) = l
                .trim()
                .rsplit_once(".js:")
                .or_else(|| l.rsplit_once(".mjs:"))?;
            n.parse().ok()
        })
        .unwrap_or(0);
    let message = stderr
        .lines()
        .map(str::trim)
        .find(|l| {
            l.split_once(':')
                .is_some_and(|(head, _)| head.ends_with("Error"))
        })
        .unwrap_or("node --check failed")
        .to_string();
    Diagnostic { line, message }
}

/// The errors of rustc's JSON diagnostics, each at its primary span's first
/// line in the checked file, less those about names from outside it, which
/// are counted apart.
fn rust_errors(stderr: &str) -> (Vec<Diagnostic>, usize) {
    let mut errors = Vec::new();
    let mut outside = 0;
    for line in stderr.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["level"] != "error" {
            continue;
        }
        let code = message["code"]["code"].as_str().unwrap_or_default();
        if OUTSIDE_THE_FILE.contains(&code) {
            outside += 1;
            continue;
        }
        let text = message["message"].as_str().unwrap_or_default();
        // rustc's closing line counts the errors; it is no error itself.
        if text.starts_with("aborting due to") {
            continue;
        }
        let primary = message["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|s| s["is_primary"] == true && s["file_name"] == "module.rs");
        let at = primary.and_then(|s| s["line_start"].as_u64()).unwrap_or(0);
        let message = if code.is_empty() {
            format!("error: {text}")
        } else {
            format!("error[{code}]: {text}")
        };
        errors.push(Diagnostic {
            line: at as usize,
            message,
        });
    }
    (errors, outside)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `check` where the toolchain is installed; says so and passes
    /// where it is not (CI fails instead, as the eval tests do).
    fn checked(lang: Lang, text: &str) -> Option<Vec<Diagnostic>> {
        match check(lang, text) {
            Ok(found) => Some(found),
            Err(ToolchainError::Missing { .. }) if std::env::var("CI").is_err() => {
                eprintln!("skipped: no {lang} toolchain");
                None
            }
            Err(err) => panic!("{err}"),
        }
    }

    // The defect of issue 13: `(_, _) => []` parses with tree-sitter, so it
    // was written as translated, but node refuses to load it.
    #[test]
    fn node_rejects_duplicate_parameters_at_their_line() {
        let js = "function ok() {\n  return 1;\n}\n\nfunction pairs(xs) {\n  return xs.map((_, _) => []);\n}\n";
        let Some(found) = checked(Lang::JavaScript, js) else {
            return;
        };
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 6);
        assert!(
            found[0]
                .message
                .contains("SyntaxError: Duplicate parameter name"),
            "{found:?}"
        );
        assert_eq!(
            checked(Lang::JavaScript, "function ok() {}\n"),
            Some(vec![])
        );
    }

    #[test]
    fn es_modules_are_checked_as_modules() {
        let js = "import { x } from './x.js';\nexport function f(a) {\n  return a + x;\n}\n";
        let Some(found) = checked(Lang::JavaScript, js) else {
            return;
        };
        assert!(found.is_empty(), "{found:?}");
        let bad = "export function f(a, a) {\n  return a;\n}\n";
        if let Some(found) = checked(Lang::JavaScript, bad) {
            assert_eq!(found.len(), 1, "{found:?}");
            assert_eq!(found[0].line, 1);
        }
    }

    // Regression: node's parser overflows its stack on code nested 5,000
    // deep (the source is as deep): that is no line's fault, and a unit
    // was turned down for it.
    #[test]
    fn a_compiler_that_gives_up_blames_no_line() {
        if available(Lang::JavaScript).is_err() || available(Lang::Python).is_err() {
            return;
        }
        let deep = format!("{}x{}", "(".repeat(5000), ")".repeat(5000));
        let js = format!("function f(x) {{\n  return {deep};\n}}\n");
        let err = check(Lang::JavaScript, &js).unwrap_err();
        assert!(matches!(err, ToolchainError::GaveUp { .. }), "{err}");
        let py = format!("def f(x):\n    return {deep}\n");
        let err = check(Lang::Python, &py).unwrap_err();
        assert!(
            err.to_string().contains("too many nested parentheses"),
            "{err}"
        );
    }

    #[test]
    fn python_errors_name_their_line() {
        let py = "def ok():\n    return 1\n\n\ndef f(a, a):\n    return a\n";
        let Some(found) = checked(Lang::Python, py) else {
            return;
        };
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 5);
        assert!(
            found[0].message.contains("duplicate argument 'a'"),
            "{found:?}"
        );
        assert_eq!(checked(Lang::Python, "import os\nx = 1\n"), Some(vec![]));
    }

    #[test]
    fn rust_errors_are_all_reported_and_outside_names_are_not() {
        let rs = "use crate::elsewhere::Thing;\n\npub fn ok() -> i32 {\n    1\n}\n\npub fn bad() -> i32 {\n    \"no\"\n}\n\npub fn worse(x: i32) -> String {\n    x\n}\n";
        let Some(found) = checked(Lang::Rust, rs) else {
            return;
        };
        let lines: Vec<usize> = found.iter().map(|d| d.line).collect();
        assert_eq!(lines, [8, 12], "{found:?}");
        assert!(found[0].message.starts_with("error[E0308]"), "{found:?}");
        assert_eq!(
            checked(Lang::Rust, "mod elsewhere;\npub fn f() {}\n"),
            Some(vec![])
        );
    }
}
