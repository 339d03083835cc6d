//! Running one side (the source or the translation) on all of a unit's
//! inputs, in one sandboxed process, and reading back what it printed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::lang::Lang;
use crate::sandbox::{Limit, Limits, Program, Sandbox};
use crate::verify::tree::{self, TreePlace};

use super::receiver::{MethodCall, Part};
use super::rust::{self, RustArgs};
use super::value::{truncate, Value};
use super::Input;

const PYTHON_HARNESS: &str = include_str!("harness.py");
const JAVASCRIPT_HARNESS: &str = include_str!("harness.js");

/// Loads the file under test as a dependency, not as the main module, so
/// that `if (require.main === module) main()` stays quiet; an ES module is
/// imported.
const JAVASCRIPT_LOADER: &str = "const file = process.argv[2];\nif (file.endsWith('.mjs')) { import('./' + file).catch((e) => { console.error(e); process.exit(1); }); } else { require('./' + file); }\n";

/// Imports the module at `argv[2]` (a path in the tree copy) by its URL:
/// node reads it as an ES module or as CommonJS as its tree says, and a
/// CommonJS module imported so is not `require.main`, so that `if
/// (require.main === module) main()` stays quiet.
const JAVASCRIPT_TREE_LOADER: &str = "import { pathToFileURL } from 'node:url';\nimport(pathToFileURL(process.argv[2]).href).catch((e) => { console.error(e); process.exit(1); });\n";

/// The module one side runs: its language and text, the function's name
/// (`name` or `Class.method`), and where the file sits in its tree.
#[derive(Clone, Copy, Debug)]
pub struct SideModule<'a> {
    pub lang: Lang,
    pub file: &'a str,
    pub name: &'a str,
    pub place: Option<TreePlace<'a>>,
    /// The translation's side, which gets the values the source saw:
    /// JavaScript's gets a Python dict as a `Map` that holds its string and
    /// integer keys as properties too (the rules engine writes dicts as
    /// `Map`s, other engines may write objects).
    pub translation: bool,
    /// A method called on a receiver built from each input's first
    /// arguments (`MethodCall::build_params`); the Rust side builds it as
    /// the call says, Python and JavaScript with their class's
    /// constructor.
    pub method: Option<&'a MethodCall>,
    /// Arguments that are a C-like enum's variants (position, enum name):
    /// Python and JavaScript pass the enum's member of that name.
    pub enums: &'a [(usize, String)],
}

/// The folder of a run's directory that holds the tree copy.
const TREE: &str = "tree";

/// What one side did.
#[derive(Clone, Debug, Default)]
pub struct SideRun {
    /// Why the file did not load (a syntax error, an exception at import).
    pub load_error: Option<String>,
    /// Why the function could not be found or called.
    pub name_error: Option<String>,
    /// The arguments of inputs given as example text, once evaluated.
    pub args: BTreeMap<usize, Vec<Value>>,
    /// What each input gave, by input index.
    pub results: BTreeMap<usize, Value>,
    /// The arguments as a call that returned left them (Python and
    /// JavaScript: a list changed in place is the caller's).
    pub after: BTreeMap<usize, Vec<Value>>,
    /// A method's receiver as the call left it: its fields, by name.
    pub state: BTreeMap<usize, Value>,
    /// Inputs whose example text could not be evaluated.
    pub skipped: BTreeMap<usize, String>,
    /// The limit that stopped the run.
    pub limit: Option<Limit>,
    /// The run ended early with no limit reached (a Rust stack overflow, a
    /// `process.exit`): the last line of its error output.
    pub crash: Option<String>,
}

impl SideRun {
    fn renumber(&mut self, index: impl Fn(usize) -> Option<usize>) {
        fn map<T>(items: &mut BTreeMap<usize, T>, index: &impl Fn(usize) -> Option<usize>) {
            *items = std::mem::take(items)
                .into_iter()
                .filter_map(|(p, v)| Some((index(p)?, v)))
                .collect();
        }
        map(&mut self.args, &index);
        map(&mut self.results, &index);
        map(&mut self.after, &index);
        map(&mut self.state, &index);
        map(&mut self.skipped, &index);
    }
}

/// Why a side could not be run at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SideError {
    /// The runtime or compiler is not installed.
    Missing(String),
    /// The harness program did not compile (Rust).
    Compile(String),
    /// The sandbox could not start it.
    Sandbox(String),
}

/// The sandbox every differential run uses: isolated where the system
/// allows it. Probing costs a process, so it is done once.
pub fn sandbox() -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| Sandbox::best(&[], &[]))
}

/// The real interpreter or compiler behind `PATH`'s shims (pyenv, rustup),
/// found once: a shim costs time on every start, and rustup's needs a
/// `HOME` that the sandbox replaces.
fn runtime(lang: Lang) -> Option<&'static PathBuf> {
    static PYTHON: OnceLock<Option<PathBuf>> = OnceLock::new();
    static NODE: OnceLock<Option<PathBuf>> = OnceLock::new();
    static RUSTC: OnceLock<Option<PathBuf>> = OnceLock::new();
    let ask = |program: &str, args: &[&str]| -> Option<PathBuf> {
        let out = std::process::Command::new(program)
            .args(args)
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success() && !text.is_empty()).then(|| PathBuf::from(text))
    };
    match lang {
        Lang::Python => PYTHON
            .get_or_init(|| ask("python3", &["-c", "import sys; print(sys.executable)"]))
            .as_ref(),
        Lang::JavaScript => NODE
            .get_or_init(|| crate::sandbox::find_in_path("node"))
            .as_ref(),
        Lang::Rust => RUSTC
            .get_or_init(|| {
                let sysroot = ask("rustc", &["--print", "sysroot"])?;
                let rustc = sysroot.join("bin/rustc");
                rustc.is_file().then_some(rustc)
            })
            .as_ref(),
    }
}

/// Runs `name` of `file` on `inputs` (index, input), inside a copy of its
/// tree when `place` says where the file sits in one (Python and
/// JavaScript; Rust is compiled alone). For Rust, `types` are
/// the parameter types the literals are written for. With a `call_limit`
/// (Python and JavaScript), a call that runs past it is stopped and its
/// input skipped, so that one input the function never returns on does
/// not take the run's whole time limit with it.
pub fn run_side(
    module: &SideModule<'_>,
    inputs: &[(usize, Input)],
    rust_types: &[rust::RustType],
    limits: &Limits,
    call_limit: Option<std::time::Duration>,
) -> Result<SideRun, SideError> {
    let SideModule {
        lang,
        file,
        name,
        place,
        translation,
        method,
        enums,
    } = *module;
    let runtime = runtime(lang).ok_or_else(|| {
        SideError::Missing(match lang {
            Lang::Python => "python3 is not installed".into(),
            Lang::JavaScript => "node is not installed".into(),
            Lang::Rust => "rustc is not installed".into(),
        })
    })?;
    let dir = Sandbox::temp_dir("xlate-diff-").map_err(|e| SideError::Sandbox(e.to_string()))?;
    let here = dir.path();
    let write = |name: &str, text: &str| {
        std::fs::write(here.join(name), text).map_err(|e| SideError::Sandbox(e.to_string()))
    };
    // How many inputs the program runs (Rust leaves out those its types
    // cannot hold).
    let mut count = inputs.len();
    // Inside a copy of its tree, the module is written at its path there
    // (in `tree/`), among links to its neighbours.
    let in_tree = |text: &str| -> Result<Option<PathBuf>, SideError> {
        let Some(place) = place else {
            return Ok(None);
        };
        tree::place_module(place, text, &here.join(TREE))
            .map(Some)
            .map_err(|e| SideError::Sandbox(e.to_string()))
    };
    let program = match lang {
        Lang::Python => {
            let mut request = request(name, inputs, call_limit);
            add_receiver(&mut request, method, enums);
            match in_tree(file)? {
                Some(relative) => {
                    request["module"] = tree::python_module_name(&relative).into();
                    request["path"] = Path::new(TREE).join(relative).to_string_lossy().into();
                }
                None => write("unit.py", file)?,
            }
            write("harness.py", PYTHON_HARNESS)?;
            write("request.json", &request.to_string())?;
            Program::new(runtime)
                // -I: no user site-packages, no PYTHON* variables; -B: no
                // bytecode files. (Not -S: a unit may import an installed
                // package.)
                .args(["-I", "-B", "harness.py"])
                .env("PYTHONHASHSEED", "0")
                .env("PYTHONIOENCODING", "utf-8")
        }
        Lang::JavaScript => {
            let module = is_es_module(file);
            let resolve = javascript_resolver(name, method)
                .ok_or_else(|| SideError::Sandbox(format!("`{name}` is not a JavaScript name")))?;
            let mut request = request(name, inputs, call_limit);
            add_receiver(&mut request, method, enums);
            request["dicts"] = if translation { "maps" } else { "objects" }.into();
            let text = format!(
                "{file}\n;const __xlate_request = JSON.parse({});\n{resolve}\n{JAVASCRIPT_HARNESS}",
                serde_json::Value::String(request.to_string())
            );
            // An ES module in a `.js` file runs from a `.xlate.mjs` copy
            // beside it: node reads a `.js` file as CommonJS where the
            // package says so (`"type": "commonjs"`, or no type on an older
            // node), and its `import`s then do not parse.
            let copy = place
                .filter(|_| module)
                .map(|place| (place.root, es_module_copy(place.path)));
            let placed = match &copy {
                Some((root, path)) => {
                    tree::place_module(TreePlace { root, path }, &text, &here.join(TREE))
                        .map(Some)
                        .map_err(|e| SideError::Sandbox(e.to_string()))?
                }
                None => in_tree(&text)?,
            };
            match placed {
                Some(relative) => {
                    write(".xlate-diff.mjs", JAVASCRIPT_TREE_LOADER)?;
                    // Links stay where they are, so a neighbour importing
                    // the module gets the copy under test.
                    Program::new(runtime)
                        .arg("--preserve-symlinks")
                        .arg(".xlate-diff.mjs")
                        .arg(Path::new(TREE).join(relative))
                }
                None => {
                    let main = if module { "main.mjs" } else { "main.js" };
                    write(main, &text)?;
                    write("loader.js", JAVASCRIPT_LOADER)?;
                    Program::new(runtime).args(["loader.js", main])
                }
            }
        }
        Lang::Rust => {
            let function = name.replace('.', "::");
            let call = match method {
                Some(method) => rust::Call::Method(method),
                None => rust::Call::Function(&function),
            };
            let args: Vec<(usize, RustArgs)> = inputs
                .iter()
                .filter_map(|(i, input)| Some((*i, rust::args_for(input, rust_types)?)))
                .collect();
            count = args.len();
            compile_rust(runtime, here, file, place, call, &args, limits)?;
            Program::new(here.join("program"))
        }
    };
    let done = sandbox()
        .run(here, &program, limits)
        .map_err(|e| SideError::Sandbox(e.to_string()))?;
    let mut side = parse(&done.stdout);
    if lang != Lang::Rust {
        // The harness numbers inputs by their place in the request.
        side.renumber(|p| inputs.get(p).map(|(i, _)| *i));
    }
    side.limit = done.limit.clone();
    let loaded = done.stdout.contains("\nXLATE-LOADED");
    let error = last_error(&done.stderr);
    if !loaded && side.load_error.is_none() && side.limit.is_none() {
        side.load_error = Some(
            error
                .clone()
                .unwrap_or_else(|| "it exited while loading".into()),
        );
    }
    let finished = side.results.len() + side.skipped.len();
    let ended_early = loaded && side.name_error.is_none() && finished < count;
    if ended_early && side.limit.is_none() {
        side.crash = Some(error.unwrap_or_else(|| "it exited early".into()));
    }
    // Messages name files by their place in the run's temporary folder,
    // which differs on every run: the tree's own path is what is said.
    let tidy = |text: &mut Option<String>| {
        if let Some(text) = text.as_mut() {
            for prefix in [here.join(TREE), here.to_path_buf()] {
                let prefix = format!("{}/", prefix.display());
                *text = text
                    .replace(&format!("file://{prefix}"), "")
                    .replace(&prefix, "");
            }
        }
    };
    tidy(&mut side.load_error);
    tidy(&mut side.name_error);
    tidy(&mut side.crash);
    Ok(side)
}

/// Compiles the Rust harness program to `program`; without the example
/// inputs if they keep it from compiling (a doc test may use names the
/// file does not have). A file of a tree is compiled at its place there,
/// among its neighbours (so that a crate root's `mod error;` finds
/// `error.rs`), in its package's edition.
fn compile_rust(
    rustc: &std::path::Path,
    dir: &std::path::Path,
    file: &str,
    place: Option<TreePlace<'_>>,
    call: rust::Call<'_>,
    args: &[(usize, RustArgs)],
    limits: &Limits,
) -> Result<(), SideError> {
    // Compiling takes far longer than running, and the compiler is not the
    // code under test: a wider time limit, and no memory limit.
    let compile_limits = Limits {
        time: limits.time.max(std::time::Duration::from_secs(60)),
        memory: None,
        output: 256 << 20,
        // The compiler's and linker's threads count where a pids cgroup
        // counts.
        processes: 512,
    };
    let edition = place.map_or_else(|| "2021".to_string(), tree::rust_edition);
    let enum_encoders = match call {
        rust::Call::Function(_) => super::receiver::Types::read_in(file, place).enum_encoders(),
        rust::Call::Method(_) => String::new(),
    };
    let attempt = |args: &[(usize, RustArgs)]| -> Result<Result<(), String>, SideError> {
        let text = rust::program(file, call, args, &enum_encoders);
        let main = match place {
            Some(place) => tree::place_module(place, &text, &dir.join(TREE))
                .map(|relative| Path::new(TREE).join(relative)),
            None => std::fs::write(dir.join("main.rs"), text).map(|()| PathBuf::from("main.rs")),
        }
        .map_err(|e| SideError::Sandbox(e.to_string()))?;
        let compile = Program::new(rustc)
            .args([
                "--edition",
                &edition,
                "-A",
                "warnings",
                "-C",
                "debuginfo=0",
                "-o",
                "program",
            ])
            .arg(main);
        let done = sandbox()
            .run(dir, &compile, &compile_limits)
            .map_err(|e| SideError::Sandbox(e.to_string()))?;
        if let Some(limit) = done.limit {
            return Err(SideError::Compile(format!(
                "limit: {limit} while compiling"
            )));
        }
        Ok(if done.success {
            Ok(())
        } else {
            Err(first_rustc_error(&done.stderr))
        })
    };
    match attempt(args)? {
        Ok(()) => Ok(()),
        Err(error) => {
            let generated: Vec<(usize, RustArgs)> = args
                .iter()
                .filter(|(_, a)| matches!(a, RustArgs::Literals(_)))
                .cloned()
                .collect();
            if generated.len() == args.len() || generated.is_empty() {
                return Err(SideError::Compile(error));
            }
            attempt(&generated)?.map_err(SideError::Compile)
        }
    }
}

fn first_rustc_error(stderr: &str) -> String {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("error"))
        .or_else(|| stderr.lines().find(|l| !l.trim().is_empty()))
        .unwrap_or("rustc failed");
    truncate(line.trim(), 300)
}

/// The request a Python or JavaScript harness reads.
fn request(
    name: &str,
    inputs: &[(usize, Input)],
    call_limit: Option<std::time::Duration>,
) -> serde_json::Value {
    // The harness numbers inputs by position; `run_side` maps them back.
    let items: Vec<serde_json::Value> = inputs
        .iter()
        .map(|(_, input)| match input {
            Input::Text(text) => serde_json::json!({ "text": text }),
            Input::Values(values) => {
                serde_json::json!({ "args": values.iter().map(Value::to_json).collect::<Vec<_>>() })
            }
        })
        .collect();
    let call_limit_ms = call_limit.map(|limit| limit.as_millis().max(1) as u64);
    serde_json::json!({ "name": name, "inputs": items, "call_limit_ms": call_limit_ms })
}

/// Where an ES module's copy runs from: `lib/m.js` as `lib/m.xlate.mjs`
/// (an `.mjs` file stays where it is).
fn es_module_copy(path: &Path) -> PathBuf {
    if path.extension().is_some_and(|e| e == "mjs") {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.xlate.mjs"))
}

/// Tells a Python or JavaScript harness how many of each input's first
/// arguments build the receiver, and which arguments name enum variants.
fn add_receiver(
    request: &mut serde_json::Value,
    method: Option<&MethodCall>,
    enums: &[(usize, String)],
) {
    if let Some(method) = method {
        request["receiver"] = method.build_params.len().into();
        if nests(method) {
            request["build"] = method.build.spec();
        }
        if method.builds_args() {
            request["shapes"] = method.args.iter().map(|p| p.spec()).collect();
        }
    }
    if !enums.is_empty() {
        request["enums"] = enums
            .iter()
            .map(|(at, name)| (at.to_string(), serde_json::Value::from(name.as_str())))
            .collect::<serde_json::Map<String, serde_json::Value>>()
            .into();
    }
}

/// Whether a value of another type is built inside `method`'s receiver.
fn nests(method: &MethodCall) -> bool {
    method
        .build
        .parts
        .iter()
        .any(|p| matches!(p, Part::Built { .. }))
}

/// The classes a nested build names (`Point` in `new Rect(new Point(0,
/// 1), 2)`), outermost first.
fn built_classes(spec: &serde_json::Value, out: &mut Vec<String>) {
    if let Some(class) = spec["new"].as_str() {
        if !out.iter().any(|c| c == class) {
            out.push(class.to_string());
        }
    }
    if let Some(parts) = spec["args"].as_array() {
        for part in parts {
            built_classes(part, out);
        }
    }
}

/// An ES module: it imports or exports at the top level; in a minified
/// file (underscore's `underscore-esm-min.js`) the `export{..}` follows a
/// `;` on one long line.
fn is_es_module(file: &str) -> bool {
    file.lines().any(|l| {
        let l = l.trim_start();
        (l.starts_with("import ") && (l.contains(" from ") || l.contains('\'') || l.contains('"')))
            || l.starts_with("export ")
            || l.starts_with("export{")
            || l.contains(";export{")
            || l.contains("}export{")
    })
}

/// `__xlate_resolve` for `name` or `Class.method` (static, or on an
/// instance made with no arguments; with `receiver`, on one made with
/// each input's first `receiver` arguments, and left in
/// `globalThis.__xlate_receiver` for the harness to report). `None` for a
/// name that is not an identifier path, which must not reach the program's
/// text.
fn javascript_resolver(name: &str, method: Option<&MethodCall>) -> Option<String> {
    let identifier = |s: &str| {
        let mut chars = s.chars();
        chars
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
            && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
    };
    match name.split_once('.') {
        None if identifier(name) => Some(format!("const __xlate_resolve = () => {name};")),
        Some((owner, method_name))
            if identifier(owner) && identifier(method_name) && method.is_some() =>
        {
            // The receiver is built from each call's first arguments; where
            // values of other classes are built inside it or an argument,
            // those classes are named in the program (checked as
            // identifiers) and the shapes passed as data.
            let call = method?;
            let build = nests(call).then(|| call.build.spec());
            let shapes = call
                .builds_args()
                .then(|| serde_json::Value::from_iter(call.args.iter().map(|p| p.spec())));
            let mut classes = Vec::new();
            for spec in build.iter().chain(shapes.iter().flat_map(|s| s.as_array()).flatten()) {
                built_classes(spec, &mut classes);
            }
            if !classes.iter().all(|c| identifier(c)) {
                return None;
            }
            let known: Vec<String> = classes
                .iter()
                .map(|c| format!("{c}: typeof {c} === 'undefined' ? undefined : {c}"))
                .collect();
            let data = |v: Option<serde_json::Value>| v.map_or("null".to_string(), |v| v.to_string());
            let (build, shapes) = (data(build), data(shapes));
            let n = call.build_params.len();
            Some(format!(
                "const __xlate_resolve = () => {{ const K = {{ {} }}; const B = {build}, S = {shapes}; \
                 const make = (s, a, i, C) => {{ if (s === null) return [a[i], i + 1]; const v = []; for (const p of s.args) {{ const [x, j] = make(p, a, i); v.push(x); i = j; }} return [new (C || K[s.new])(...v), i]; }}; \
                 return (...a) => {{ let o, i; if (B) [o, i] = make(B, a, 0, {owner}); else {{ o = new {owner}(...a.slice(0, {n})); i = {n}; }} globalThis.__xlate_receiver = o; \
                 let r = []; if (S) for (const p of S) {{ const [x, j] = make(p, a, i); r.push(x); i = j; }} else r = a.slice(i); return o.{method_name}(...r); }}; }};",
                known.join(", ")
            ))
        }
        Some((owner, method)) if identifier(owner) && identifier(method) => Some(format!(
            "const __xlate_resolve = () => {{ const C = {owner}; if (typeof C.{method} === 'function') return C.{method}.bind(C); const o = new C(); return o.{method}.bind(o); }};"
        )),
        _ => None,
    }
}

/// Reads the harness's tagged lines. Indices are positions in the request.
fn parse(stdout: &str) -> SideRun {
    let mut side = SideRun::default();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("XLATE-") else {
            continue;
        };
        let (tag, rest) = rest.split_once(' ').unwrap_or((rest, ""));
        let indexed = || -> Option<(usize, &str)> {
            let (index, rest) = rest.split_once(' ')?;
            Some((index.parse().ok()?, rest))
        };
        match tag {
            "LOAD-ERROR" => {
                side.load_error = Some(
                    serde_json::from_str(rest)
                        .ok()
                        .and_then(|json| Value::from_json(&json).ok())
                        .map(|v| v.render(Lang::Python).replacen("raises ", "", 1))
                        .unwrap_or_else(|| rest.to_string()),
                )
            }
            "NAME-ERROR" => side.name_error = Some(rest.to_string()),
            "SKIP" => {
                if let Some((i, why)) = indexed() {
                    side.skipped.insert(i, why.to_string());
                }
            }
            "STATE" => {
                if let Some((i, json)) = indexed() {
                    if let Some(value) = serde_json::from_str(json)
                        .ok()
                        .and_then(|json| Value::from_json(&json).ok())
                    {
                        side.state.insert(i, value);
                    }
                }
            }
            "ARGS" | "AFTER" => {
                if let Some((i, json)) = indexed() {
                    let args = serde_json::from_str::<Vec<serde_json::Value>>(json)
                        .ok()
                        .and_then(|items| items.iter().map(|v| Value::from_json(v).ok()).collect());
                    if let Some(args) = args {
                        let into = if tag == "ARGS" {
                            &mut side.args
                        } else {
                            &mut side.after
                        };
                        into.insert(i, args);
                    }
                }
            }
            "RESULT" => {
                if let Some((i, json)) = indexed() {
                    let value = serde_json::from_str(json)
                        .ok()
                        .and_then(|json| Value::from_json(&json).ok())
                        .unwrap_or_else(|| Value::Opaque("unreadable result".into()));
                    side.results.insert(i, value);
                }
            }
            _ => {}
        }
    }
    side
}

/// The line of a runtime's error output that says what went wrong.
fn last_error(stderr: &str) -> Option<String> {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("at ") && !l.starts_with("Node.js v"))
        .collect();
    // Node prints the error after the source line and a caret; Python's
    // traceback ends with it; a Rust abort says "thread ... overflowed".
    let picked = lines
        .iter()
        .rev()
        .find(|l| l.contains("Error") || l.contains("overflow") || l.contains("panicked"))
        .or(lines.last())?;
    Some(truncate(picked, 300))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_lines_are_read_and_other_output_ignored() {
        let out = "\nXLATE-LOADED\nhello from the function\nXLATE-ARGS 0 [{\"int\":\"3\"}]\nnoise\nXLATE-RESULT 0 {\"list\":[{\"int\":\"1\"}]}\nXLATE-SKIP 1 NameError: x\nXLATE-RESULT 2 not json\n";
        let side = parse(out);
        assert_eq!(side.args[&0], vec![Value::int(3)]);
        assert_eq!(side.results[&0], Value::List(vec![Value::int(1)]));
        assert_eq!(side.skipped[&1], "NameError: x");
        assert_eq!(side.results[&2], Value::Opaque("unreadable result".into()));
    }

    #[test]
    fn javascript_names_are_checked_before_they_reach_code() {
        assert!(javascript_resolver("sum", None).is_some());
        assert!(javascript_resolver("Stack.push", None).is_some());
        let types = super::super::receiver::Types::read(
            "struct Stack { n: i64 }\nstruct Pair { a: Stack, b: i64 }\n",
        );
        let push = types
            .method_call(
                "Stack",
                "push",
                "fn push(&mut self, x: i64) {}",
                &[("x".into(), "i64".into())],
                &|_| None,
            )
            .expect("a receiver");
        assert!(javascript_resolver("Stack.push", Some(&push))
            .is_some_and(|r| r.contains("new Stack(...a.slice(0, 1))")));
        // A receiver with a value of another class inside it names that
        // class in the program.
        let sum = types
            .method_call("Pair", "sum", "fn sum(&self) -> i64 {}", &[], &|_| None)
            .expect("a receiver");
        assert!(
            javascript_resolver("Pair.sum", Some(&sum)).is_some_and(|r| r
                .contains("Stack: typeof Stack === 'undefined' ? undefined : Stack")
                && r.contains(r#"{"args":[{"args":[null],"new":"Stack"},null],"new":"Pair"}"#))
        );
        assert!(javascript_resolver("f); process.exit(1); (g", None).is_none());
    }

    #[test]
    fn an_es_module_runs_from_an_mjs_copy() {
        assert_eq!(
            es_module_copy(Path::new("lib/m.js")),
            PathBuf::from("lib/m.xlate.mjs")
        );
        assert_eq!(es_module_copy(Path::new("m.mjs")), PathBuf::from("m.mjs"));
    }

    #[test]
    fn es_modules_are_told_from_scripts() {
        assert!(is_es_module(
            "import { x } from './x.js';\nexport function f() {}\n"
        ));
        assert!(!is_es_module("const x = require('x');\nfunction f() {}\n"));
        // Regression: a minified ES module (underscore-esm-min.js) was run
        // as CommonJS: "SyntaxError: Unexpected token 'export'".
        assert!(is_es_module(
            "var a=1;function f(){return a}export{f as g};\n"
        ));
    }
}
