//! Loading an output module the way its users will, after it compiles:
//! Python imports it, node imports it (an ES module or a CommonJS one, as
//! written). The compilers of `toolchain` run none of the module's code;
//! loading runs its top-level code, and with it the modules it imports,
//! which is where a wrong translation of glue, a decorator or a default
//! argument shows.
//!
//! A module imports its neighbours, so it is loaded inside a copy of the
//! output tree: a fresh temporary directory that mirrors the tree with
//! links (the folders on the module's path are real, every other entry is
//! a link to the output tree) and holds the module's current text at its
//! output path. Modules are translated callees first, so what a module
//! imports from the tree is written by the time it is loaded. Everything
//! runs in the sandbox (`crate::sandbox`), isolated where the system allows
//! it; where it does not, a module whose code reads files, the network, the
//! clock or randomness (what the differential harness will not run either)
//! is not loaded at all.

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::differential::effects;
use super::toolchain::{self, ToolchainError};
use super::tree::{clean_relative, mirror, python_module_name};
use crate::lang::Lang;
use crate::sandbox::{Limits, Program, Sandbox};

/// How long one load may take: top-level code is meant to define things,
/// not compute; a module that takes longer is reported, not blamed.
const LIMIT: Duration = Duration::from_secs(20);

/// What a loader prints before its one-line account of a failure.
const MARK: &str = "xlate-load\t";

/// Whether an output module loaded, and if not, why: the per-module
/// result of the report (`load` on each file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadResult {
    /// It was imported and its top-level code ran to the end.
    pub loads: bool,
    /// The exception it raised, on one line (`ValueError: ...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The line of the module the exception was raised at, when the
    /// traceback points into the module.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// A module it imports that could not be found (a package that is not
    /// installed, a neighbour that was not written): no unit's fault.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing: Option<String>,
}

impl LoadResult {
    /// The unit-level account of a failure that a unit can be blamed for:
    /// an exception raised at a line of the module, other than a failed
    /// import (the import statement is the tree's glue, and what it lacks
    /// is elsewhere).
    pub fn blamable(&self) -> Option<toolchain::Diagnostic> {
        let line = self.line.filter(|&l| l > 0)?;
        let error = self.error.as_deref()?;
        if self.loads || self.missing.is_some() || is_import_error(error) {
            return None;
        }
        Some(toolchain::Diagnostic {
            line,
            message: format!("it does not load: {error}"),
        })
    }
}

/// Errors about imports: a name or module the importer looked for and did
/// not find, which the module's own lines cannot fix.
pub fn is_import_error(error: &str) -> bool {
    [
        "ImportError",
        "ModuleNotFoundError",
        "ERR_MODULE_NOT_FOUND",
        "does not provide an export named",
        // An ES module importing names from a CommonJS one.
        "Named export",
        "Cannot find module",
        "Cannot find package",
    ]
    .iter()
    .any(|sign| error.contains(sign))
}

/// One module to load.
pub struct LoadRequest<'a> {
    pub lang: Lang,
    /// The output tree the module belongs to, if it is on disk (not under
    /// `--dry-run`): its neighbours are taken from there.
    pub root: Option<&'a Path>,
    /// The module's path relative to the output root.
    pub path: &'a Path,
    /// The module's text as it would be written.
    pub text: &'a str,
}

/// The sandbox loads run in: isolated where the system allows it, found
/// once (probing costs a process).
fn sandbox() -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| Sandbox::best(&[], &[]))
}

/// Loads one module. `Ok(None)`: it was not loaded, for the reason given
/// (Rust has no load apart from its build; a module with effects where the
/// sandbox cannot isolate it). An `Err` is a run that could not be made.
pub fn load(request: &LoadRequest) -> Result<Result<LoadResult, String>, ToolchainError> {
    if request.lang == Lang::Rust {
        return Ok(Err("a Rust module loads when it builds".to_string()));
    }
    if !sandbox().is_isolated() {
        if let Some(effect) = effects::untestable(request.lang, request.text) {
            return Ok(Err(format!(
                "not loaded: it {effect}, and the sandbox cannot isolate it on this system"
            )));
        }
    }
    toolchain::available(request.lang)?;
    let runtime = toolchain::program(request.lang)?;
    let run_error = |reason: String| ToolchainError::Run {
        program: runtime.display().to_string(),
        reason,
    };
    let dir = Sandbox::temp_dir("xlate-load-").map_err(|e| run_error(e.to_string()))?;
    let here = dir.path();
    let relative = clean_relative(request.path)
        .ok_or_else(|| run_error(format!("{} is no relative path", request.path.display())))?;
    // Links must name absolute paths: they are read from the copy.
    if let Some(root) = request.root.and_then(|r| std::fs::canonicalize(r).ok()) {
        mirror(&root, &relative, here).map_err(|e| run_error(e.to_string()))?;
    }
    let module = here.join(&relative);
    if let Some(parent) = module.parent() {
        std::fs::create_dir_all(parent).map_err(|e| run_error(e.to_string()))?;
    }
    std::fs::write(&module, request.text).map_err(|e| run_error(e.to_string()))?;
    let program = match request.lang {
        Lang::Python => {
            let loader = here.join(".xlate-load.py");
            std::fs::write(&loader, PYTHON_LOADER).map_err(|e| run_error(e.to_string()))?;
            // -I: no user site-packages, no PYTHON* variables; -B: no
            // bytecode written into the copy.
            Program::new(&runtime)
                .args(["-I", "-B"])
                .arg(&loader)
                .arg(python_module_name(&relative))
                .arg(&module)
        }
        Lang::JavaScript => {
            let loader = here.join(".xlate-load.mjs");
            std::fs::write(&loader, NODE_LOADER).map_err(|e| run_error(e.to_string()))?;
            // Links stay where they are, so a neighbour that imports this
            // module gets the copy being loaded, not the tree's old one.
            Program::new(&runtime)
                .arg("--preserve-symlinks")
                .arg(&loader)
                .arg(&module)
        }
        Lang::Rust => unreachable!("returned above"),
    };
    let limits = Limits {
        time: LIMIT,
        ..Limits::default()
    };
    let done = sandbox()
        .run(here, &program, &limits)
        .map_err(|e| run_error(e.to_string()))?;
    if let Some(limit) = &done.limit {
        return Ok(Ok(LoadResult {
            loads: false,
            error: Some(format!("limit: {limit}")),
            ..LoadResult::default()
        }));
    }
    if done.success {
        return Ok(Ok(LoadResult {
            loads: true,
            ..LoadResult::default()
        }));
    }
    Ok(Ok(failure(&done.stdout, &done.stderr, here)))
}

/// The loader's account of a failure, with the temporary directory's path
/// taken out of messages; the last lines of stderr when the loader itself
/// did not get to say (the runtime crashed).
fn failure(stdout: &str, stderr: &str, here: &Path) -> LoadResult {
    let here = here.display().to_string();
    let tidy = |text: &str| {
        text.replace(&format!("file://{here}/"), "")
            .replace(&format!("{here}/"), "")
            .trim()
            .to_string()
    };
    let Some(account) = stdout.lines().rev().find_map(|l| l.strip_prefix(MARK)) else {
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("the runtime failed without a message");
        return LoadResult {
            loads: false,
            error: Some(tidy(last)),
            ..LoadResult::default()
        };
    };
    let mut fields = account.splitn(3, '\t');
    let line = fields.next().and_then(|n| n.trim().parse::<usize>().ok());
    let missing = fields.next().map(tidy).filter(|m| !m.is_empty());
    let error = fields.next().map(tidy).filter(|m| !m.is_empty());
    LoadResult {
        loads: false,
        error: Some(error.unwrap_or_else(|| "it raised".to_string())),
        line: line.filter(|&l| l > 0),
        missing,
    }
}

/// Imports `argv[1]` with the copy of the tree first on `sys.path` (the
/// tree's imports are absolute from its root), and on failure prints the
/// exception, the last line of `argv[2]` in its traceback, and a missing
/// module's name.
const PYTHON_LOADER: &str = r#"import os, sys, traceback
sys.path.insert(0, os.getcwd())
name, target = sys.argv[1], os.path.realpath(sys.argv[2])
try:
    __import__(name)
except BaseException as e:
    line = 0
    for frame in traceback.extract_tb(e.__traceback__):
        if frame.filename and os.path.realpath(frame.filename) == target:
            line = frame.lineno or 0
    if isinstance(e, SyntaxError) and e.filename and os.path.realpath(e.filename) == target:
        line = e.lineno or 0
    missing = e.name if isinstance(e, ModuleNotFoundError) and e.name else ""
    message = traceback.format_exception_only(type(e), e)[-1].strip()
    print("\nxlate-load\t%d\t%s\t%s" % (line, missing, " ".join(message.split())))
    sys.stdout.flush()
    os._exit(3)
"#;

/// Imports `argv[2]` (node reads it as an ES module or CommonJS by its
/// syntax), and on failure prints the error, the first line of the module
/// in its stack, and a module that could not be found.
const NODE_LOADER: &str = r#"import { pathToFileURL } from 'node:url';
const file = process.argv[2];
const url = pathToFileURL(file).href;
try {
  await import(url);
} catch (e) {
  // ES modules' frames name the file's URL, CommonJS ones its path.
  let line = 0;
  const stack = String((e && e.stack) || '');
  for (const l of stack.split('\n')) {
    const name = [url, file].find((n) => l.includes(n + ':'));
    if (name) { line = parseInt(l.slice(l.indexOf(name + ':') + name.length + 1), 10) || 0; break; }
  }
  let missing = '';
  if (e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND')) {
    const m = /Cannot find (?:module|package) '([^']+)'/.exec(String(e.message));
    missing = m ? m[1] : '?';
  }
  const text = String((e && e.message) || e).split('\n')[0];
  const message = (e && e.name ? e.name + ': ' : '') + text;
  process.stdout.write('\nxlate-load\t' + line + '\t' + missing + '\t' + message.replace(/\s+/g, ' ') + '\n');
  process.exitCode = 3;
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn loaded(lang: Lang, root: Option<&Path>, path: &str, text: &str) -> Option<LoadResult> {
        if toolchain::available(lang).is_err() {
            eprintln!("skipped: no {lang} toolchain");
            return None;
        }
        let request = LoadRequest {
            lang,
            root,
            path: Path::new(path),
            text,
        };
        match load(&request) {
            Ok(Ok(result)) => Some(result),
            Ok(Err(why)) => {
                eprintln!("not loaded: {why}");
                None
            }
            Err(err) => panic!("{err}"),
        }
    }

    #[test]
    fn a_python_module_that_raises_names_its_line() {
        let text = "def ok():\n    return 1\n\n\nx = {}['missing']\n";
        let Some(result) = loaded(Lang::Python, None, "pkg/m.py", text) else {
            return;
        };
        assert!(!result.loads);
        assert_eq!(result.line, Some(5), "{result:?}");
        assert_eq!(result.error.as_deref(), Some("KeyError: 'missing'"));
        let blamed = result.blamable().expect("a line to blame");
        assert_eq!(blamed.line, 5);
        assert_eq!(blamed.message, "it does not load: KeyError: 'missing'");
    }

    #[test]
    fn a_missing_import_is_reported_not_blamed() {
        let text = "import no_such_module_xlate\n\n\ndef f():\n    return 1\n";
        let Some(result) = loaded(Lang::Python, None, "m.py", text) else {
            return;
        };
        assert!(!result.loads);
        assert_eq!(result.missing.as_deref(), Some("no_such_module_xlate"));
        assert_eq!(result.blamable(), None);
        let js = "import { g } from './nowhere.js';\nexport function f() {\n  return g();\n}\n";
        let Some(result) = loaded(Lang::JavaScript, None, "m.js", js) else {
            return;
        };
        assert!(!result.loads);
        assert_eq!(result.missing.as_deref(), Some("nowhere.js"), "{result:?}");
        assert_eq!(result.blamable(), None);
    }

    // Neighbours come from the output tree: a module importing one loads
    // only if the tree is mirrored around it (and the tree's old copy of
    // the module itself gives way to the text being loaded).
    #[test]
    fn neighbours_come_from_the_output_tree() {
        let Ok(root) = tempfile::tempdir() else {
            return;
        };
        let pkg = root.path().join("pkg");
        if std::fs::create_dir_all(&pkg).is_err() {
            return;
        }
        let wrote = std::fs::write(pkg.join("helper.py"), "VALUE = 2\n").is_ok()
            && std::fs::write(pkg.join("m.py"), "raise ValueError('old copy')\n").is_ok()
            && std::fs::write(pkg.join("helper.js"), "export const VALUE = 2;\n").is_ok();
        assert!(wrote);
        let py = "from pkg.helper import VALUE\n\nDOUBLE = VALUE * 2\n";
        if let Some(result) = loaded(Lang::Python, Some(root.path()), "pkg/m.py", py) {
            assert_eq!(
                result,
                LoadResult {
                    loads: true,
                    ..LoadResult::default()
                }
            );
        }
        let js = "import { VALUE } from './helper.js';\nexport const DOUBLE = VALUE * 2;\n";
        if let Some(result) = loaded(Lang::JavaScript, Some(root.path()), "pkg/m.js", js) {
            assert!(result.loads, "{result:?}");
        }
        // The same module alone: its neighbour is missing.
        if let Some(result) = loaded(Lang::Python, None, "pkg/m.py", py) {
            assert_eq!(result.missing.as_deref(), Some("pkg.helper"), "{result:?}");
        }
    }

    #[test]
    fn a_javascript_module_that_throws_names_its_line() {
        let js = "export function ok() {\n  return 1;\n}\n\nconst x = null;\nexport const y = x.field;\n";
        let Some(result) = loaded(Lang::JavaScript, None, "m.js", js) else {
            return;
        };
        assert!(!result.loads);
        assert_eq!(result.line, Some(6), "{result:?}");
        assert!(
            result
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with("TypeError: Cannot read properties of null")),
            "{result:?}"
        );
        // CommonJS, as written; its stack names the file's path, not a URL.
        let cjs = "function f() {\n  return 1;\n}\nmodule.exports = { f };\n";
        if let Some(result) = loaded(Lang::JavaScript, None, "c.js", cjs) {
            assert!(result.loads, "{result:?}");
        }
        let throwing = "class C {\n  static X = null.x;\n}\nmodule.exports = { C };\n";
        if let Some(result) = loaded(Lang::JavaScript, None, "c.js", throwing) {
            assert_eq!(result.line, Some(2), "{result:?}");
        }
    }
}
