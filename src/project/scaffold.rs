//! The target's project files, written once next to the translated modules
//! and then owned like any output (a file edited since xlate wrote it is
//! never overwritten; `--check` lists one that would change): for
//! JavaScript a `package.json` (`"type": "module"`, `"exports"`, `"bin"`
//! for entry points, `"test": "node --test ..."`); for Python the
//! `__init__.py` files that make folders packages and a `pyproject.toml`
//! (scripts for entry points that define `main`); for Rust a `Cargo.toml`
//! and a `lib.rs` declaring the top-level modules (the layout only).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::ProjectSymbols;
use crate::lang::Lang;

/// One project file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaffoldFile {
    /// Relative to the output root.
    pub path: PathBuf,
    pub content: String,
}

/// A package name the target's registry accepts, from `name` (the
/// `[project]` name of `xlate.toml`, or the source folder's name).
pub fn package_name(name: &str, to: Lang) -> String {
    let mut out = String::new();
    for c in name.chars() {
        match to {
            // npm: lowercase, URL-safe.
            Lang::JavaScript if c.is_ascii_alphanumeric() || "-._".contains(c) => {
                out.push(c.to_ascii_lowercase())
            }
            Lang::Python | Lang::Rust if c.is_ascii_alphanumeric() || c == '_' || c == '-' => {
                out.push(c.to_ascii_lowercase())
            }
            _ => out.push('-'),
        }
    }
    let trimmed = out.trim_matches(|c| c == '-' || c == '.' || c == '_');
    if trimmed.is_empty() {
        "translated".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The package name the source project's own manifest at `root` gives:
/// `[package] name` of `Cargo.toml`, `[project] name` of `pyproject.toml`,
/// `"name"` of `package.json`. A manifest that cannot be read or parsed
/// gives none (the caller falls back to the folder's name).
pub fn manifest_name(root: &Path) -> Option<String> {
    let read = |file: &str| std::fs::read_to_string(root.join(file)).ok();
    let toml_name = |text: String, table: &str| {
        let value: toml::Table = toml::from_str(&text).ok()?;
        value.get(table)?.get("name")?.as_str().map(str::to_string)
    };
    read("Cargo.toml")
        .and_then(|t| toml_name(t, "package"))
        .or_else(|| read("pyproject.toml").and_then(|t| toml_name(t, "project")))
        .or_else(|| {
            let value: serde_json::Value = serde_json::from_str(&read("package.json")?).ok()?;
            value.get("name")?.as_str().map(str::to_string)
        })
        .filter(|n| !n.trim().is_empty())
}

/// The project files for the translated tree: none for a run within one
/// language or for a tree whose modules do not import each other (unless
/// `named`: the user named the project in `[project]`), and none whose path
/// a translated module already has.
pub fn files(table: &ProjectSymbols, name: &str, named: bool) -> Vec<ScaffoldFile> {
    let outputs: BTreeSet<&str> = table.modules.iter().map(|m| m.output.as_str()).collect();
    let translated: Vec<&super::Module> = table
        .modules
        .iter()
        .filter(|m| m.lang != table.to)
        .collect();
    if translated.is_empty() || (!table.is_project() && !named) {
        return Vec::new();
    }
    let name = package_name(name, table.to);
    let mut files = match table.to {
        Lang::JavaScript => vec![package_json(table, &translated, &name)],
        Lang::Python => python_files(table, &translated, &name, &outputs),
        Lang::Rust => rust_files(table, &translated, &name, &outputs),
    };
    files.retain(|f| !outputs.contains(crate::emit::slash_path(&f.path).as_str()));
    files
}

fn json(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn package_json(table: &ProjectSymbols, modules: &[&super::Module], name: &str) -> ScaffoldFile {
    // Test modules, and modules holding a Rust module's inline tests
    // (they register them when run as a program).
    let mut tests: Vec<&str> = modules
        .iter()
        .filter(|m| m.is_test || m.record.inline_tests)
        .map(|m| m.output.as_str())
        .collect();
    tests.sort();
    // The package's entry: a top-level package file, else a top-level
    // `index.js`.
    let mut roots: Vec<&str> = modules
        .iter()
        .filter(|m| !m.is_test)
        .map(|m| m.output.as_str())
        .filter(|o| o.ends_with("/index.js") && o.matches('/').count() == 1 || *o == "index.js")
        .collect();
    roots.sort();
    let bins: Vec<(String, &str)> = modules
        .iter()
        .filter(|m| m.record.entry.is_some() && !m.is_test)
        .map(|m| {
            let stem = Path::new(&m.output)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (stem, m.output.as_str())
        })
        .collect();
    let kind = if table.commonjs { "commonjs" } else { "module" };
    let mut text = format!(
        "{{\n  \"name\": {},\n  \"version\": \"0.1.0\",\n  \"type\": \"{kind}\",\n",
        json(name)
    );
    if let Some(root) = roots.first() {
        text.push_str(&format!("  \"exports\": {},\n", json(&format!("./{root}"))));
    }
    if !bins.is_empty() {
        let entries: Vec<String> = bins
            .iter()
            .map(|(stem, path)| format!("    {}: {}", json(stem), json(&format!("./{path}"))))
            .collect();
        text.push_str(&format!("  \"bin\": {{\n{}\n  }},\n", entries.join(",\n")));
    }
    let test = if tests.is_empty() {
        "node --test".to_string()
    } else {
        format!("node --test {}", tests.join(" "))
    };
    text.push_str(&format!(
        "  \"scripts\": {{\n    \"test\": {}\n  }}\n}}\n",
        json(&test)
    ));
    ScaffoldFile {
        path: PathBuf::from("package.json"),
        content: text,
    }
}

/// Every folder (relative, `/` separators, the root left out) that holds a
/// module among `outputs` of extension `ext`.
fn module_folders<'a>(outputs: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let mut folders = BTreeSet::new();
    for output in outputs {
        let mut dir = Path::new(output).parent();
        while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
            folders.insert(crate::emit::slash_path(d));
            dir = d.parent();
        }
    }
    folders
}

fn python_files(
    table: &ProjectSymbols,
    modules: &[&super::Module],
    name: &str,
    outputs: &BTreeSet<&str>,
) -> Vec<ScaffoldFile> {
    let _ = table;
    let mut files = Vec::new();
    for folder in module_folders(outputs.iter().copied().filter(|o| o.ends_with(".py"))) {
        let init = format!("{folder}/__init__.py");
        if !outputs.contains(init.as_str()) {
            files.push(ScaffoldFile {
                path: PathBuf::from(init),
                content: String::new(),
            });
        }
    }
    let mut scripts = Vec::new();
    for m in modules
        .iter()
        .filter(|m| m.record.entry.is_some() && !m.is_test)
    {
        if m.symbols.definitions.iter().any(|s| s.target == "main") {
            let dotted = super::imports::dotted_py(&m.output);
            let stem = dotted.rsplit('.').next().unwrap_or(&dotted).to_string();
            scripts.push(format!("{stem} = \"{dotted}:main\""));
        }
    }
    let mut text = format!(
        "[build-system]\nrequires = [\"setuptools>=61\"]\nbuild-backend = \"setuptools.build_meta\"\n\n\
         [project]\nname = \"{name}\"\nversion = \"0.1.0\"\nrequires-python = \">=3.9\"\n"
    );
    if !scripts.is_empty() {
        text.push_str(&format!("\n[project.scripts]\n{}\n", scripts.join("\n")));
    }
    text.push_str("\n# Tests: python3 -m unittest (from this folder)\n");
    files.push(ScaffoldFile {
        path: PathBuf::from("pyproject.toml"),
        content: text,
    });
    // A Rust module's inline tests are `@rust_test` functions of the
    // module; `unittest` discovers only `test*.py` files, so one at the
    // root loads those modules' tests through their `load_tests`.
    let inline: Vec<String> = modules
        .iter()
        .filter(|m| m.record.inline_tests && m.output.ends_with(".py"))
        .map(|m| super::imports::dotted_py(&m.output))
        .collect();
    if !inline.is_empty() {
        let imports: String = inline.iter().map(|d| format!("import {d}\n")).collect();
        let list: Vec<&str> = inline.iter().map(String::as_str).collect();
        files.push(ScaffoldFile {
            path: PathBuf::from("test_inline.py"),
            content: format!(
                "\"\"\"The inline `#[cfg(test)]` tests of the translated crate's modules.\"\"\"\n\n\
                 {imports}\n\n\
                 def load_tests(loader, tests, pattern):\n    \
                 for module in ({},):\n        \
                 tests.addTests(loader.loadTestsFromModule(module))\n    \
                 return tests\n",
                list.join(", ")
            ),
        });
    }
    files
}

fn rust_files(
    table: &ProjectSymbols,
    modules: &[&super::Module],
    name: &str,
    outputs: &BTreeSet<&str>,
) -> Vec<ScaffoldFile> {
    let crate_name = name.replace('-', "_");
    let bins: Vec<(String, &super::Module)> = modules
        .iter()
        .filter(|m| m.record.entry.is_some() && !m.is_test)
        .map(|m| {
            let stem = Path::new(&m.output)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (stem, *m)
        })
        .collect();
    let mut cargo = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\nname = \"{crate_name}\"\npath = \"src/lib.rs\"\n"
    );
    let mut files = Vec::new();
    for (stem, module) in &bins {
        let path = format!("src/bin/{stem}.rs");
        cargo.push_str(&format!(
            "\n[[bin]]\nname = \"{stem}\"\npath = \"{path}\"\n"
        ));
        files.push(ScaffoldFile {
            path: PathBuf::from(path),
            content: rust_bin(table, module, &crate_name),
        });
    }
    cargo.push_str("\n# No dependencies: `cargo build --offline` and `cargo test --offline`.\n");
    let lib = module_declarations(with_support_module(table, outputs.iter().copied()), "src");
    if table.shared_support {
        files.push(ScaffoldFile {
            path: PathBuf::from(super::crate_support::OUTPUT),
            content: super::crate_support::module_text(),
        });
    }
    files.push(ScaffoldFile {
        path: PathBuf::from("Cargo.toml"),
        content: cargo,
    });
    files.push(ScaffoldFile {
        path: PathBuf::from("src/lib.rs"),
        content: format!("//! The crate root: the module tree of the translated project.\n\n{lib}"),
    });
    files
}

/// `outputs` and, where the crate has one, its support module (see
/// [`super::crate_support`]).
fn with_support_module<'a>(
    table: &ProjectSymbols,
    outputs: impl Iterator<Item = &'a str>,
) -> impl Iterator<Item = &'a str> {
    let support = table.shared_support.then_some(super::crate_support::OUTPUT);
    outputs.chain(support)
}

/// `pub mod NAME;` for each module of the Rust files among `outputs` that
/// lives directly in `dir` (`dir/NAME.rs`, or `dir/NAME/mod.rs`), and for
/// a folder of modules without a `mod.rs` (JavaScript folders have no
/// package file) an inline `pub mod NAME { pub mod a; ... }`, whose
/// modules Cargo finds in `dir/NAME/` (no file is needed for the folder,
/// and a folder named `lib` does not clash with the crate root).
pub fn module_declarations<'a>(outputs: impl Iterator<Item = &'a str>, dir: &str) -> String {
    let rust: Vec<&str> = outputs.filter(|o| o.ends_with(".rs")).collect();
    declarations_in(&rust, dir, "")
}

/// [`module_declarations`] of `dir`, each line indented by `indent`. A
/// loop over folders would need a stack of the same depth: recursion is
/// bounded by the depth of the output paths.
fn declarations_in(outputs: &[&str], dir: &str, indent: &str) -> String {
    let prefix = format!("{dir}/");
    let mut names = BTreeSet::new();
    let mut folders = BTreeSet::new();
    for output in outputs {
        let Some(rest) = output.strip_prefix(&prefix) else {
            continue;
        };
        match rest.split_once('/') {
            // A folder is a module of its own file when it has a `mod.rs`.
            Some((folder, "mod.rs")) => {
                names.insert(folder.to_string());
            }
            Some((folder, _)) => {
                folders.insert(folder.to_string());
            }
            None => {
                names.insert(rest.strip_suffix(".rs").unwrap_or(rest).to_string());
            }
        }
    }
    // The crate root and bins are no modules; `mod.rs` is the folder's.
    names.retain(|n| n != "mod" && !(dir == "src" && matches!(n.as_str(), "lib" | "main")));
    let mut out = String::new();
    let mut all: BTreeSet<&String> = names.iter().collect();
    all.extend(folders.iter().filter(|f| !names.contains(*f)));
    for name in all {
        if names.contains(name) {
            out.push_str(&format!("{indent}pub mod {name};\n"));
            continue;
        }
        if dir == "src" && name == "bin" {
            continue;
        }
        let inner = declarations_in(outputs, &format!("{dir}/{name}"), &format!("{indent}    "));
        if !inner.is_empty() {
            out.push_str(&format!("{indent}pub mod {name} {{\n{inner}{indent}}}\n"));
        }
    }
    out
}

/// A translated Rust file with the `mod` lines of its module tree: a
/// `mod.rs` (from a package file) declares the modules of its folder, and
/// a translated `src/lib.rs` those of `src/`, after its inner doc comments
/// (`//!` must come first).
pub fn with_module_declarations(table: &ProjectSymbols, output: &Path, text: String) -> String {
    let output = crate::emit::slash_path(output);
    // A translated crate root (from `index.js` or a root `__init__.py`)
    // declares the crate's top-level modules, as the scaffold's would.
    let dir = match output.strip_suffix("/mod.rs") {
        _ if output == "src/lib.rs" => "src",
        Some(dir) => dir,
        None => return text,
    };
    if table.to != Lang::Rust || super::rust_module_path(&output).is_none() {
        return text;
    }
    let outputs = with_support_module(table, table.modules.iter().map(|m| m.output.as_str()));
    let declarations = module_declarations(outputs, dir);
    if declarations.is_empty() {
        return text;
    }
    let head = text
        .split_inclusive('\n')
        .take_while(|l| l.starts_with("//!"))
        .map(str::len)
        .sum::<usize>();
    let (doc, rest) = text.split_at(head);
    let gap = if doc.is_empty() { "" } else { "\n" };
    let after = if rest.trim().is_empty() { "" } else { "\n" };
    format!(
        "{doc}{gap}{declarations}{after}{}",
        rest.trim_start_matches('\n')
    )
}

/// `src/bin/NAME.rs` for a Python or JavaScript module with a main check:
/// a `fn main` that does what the check's body does, calling the library's
/// translation of the module. The bodies read are the usual ones (`main()`,
/// `main(sys.argv[1:])` or `main(process.argv.slice(2))`, each maybe in
/// `sys.exit(...)` or `process.exit(...)`); another body, or
/// a `main` that was not translated, gives a `fn main` that stops with a
/// `todo!` naming what is left to do, so the package still builds.
fn rust_bin(table: &ProjectSymbols, module: &super::Module, crate_name: &str) -> String {
    let source = &module.source;
    let body: String = module
        .record
        .entry_body
        .as_deref()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let path = super::rust_module_path(&module.output)
        .map(|p| p.replacen("crate", crate_name, 1))
        .unwrap_or_else(|| crate_name.to_string());
    let index = table.module(source).map(|(i, _)| i);
    let main_translated = module.symbols.target_of("main").is_some()
        && !index.is_some_and(|i| table.is_failed(i, "main"));
    // One statement, in either source language (a JavaScript one may end
    // with `;`).
    let statement = body.strip_suffix(';').unwrap_or(&body);
    let (exits, call) = match ["sys.exit(", "process.exit("]
        .iter()
        .find_map(|exit| statement.strip_prefix(exit))
        .and_then(|b| b.strip_suffix(')'))
    {
        Some(inner) => (true, inner.to_string()),
        None => (false, statement.to_string()),
    };
    let args = match call.as_str() {
        "main()" => Some(""),
        // The translation's parameter is owned (`Vec<String>`). Node's
        // `process.argv` starts with `node` itself: its `slice(2)` is
        // Python's `sys.argv[1:]`.
        "main(sys.argv[1:])" | "main(process.argv.slice(2))" => Some("args"),
        "main(sys.argv)" | "main(process.argv.slice(1))" => Some("argv"),
        _ => None,
    };
    let header = format!("//! The command line of `{source}`: its main check as a program.\n\n");
    let (Some(args), true) = (args, main_translated) else {
        let why = if main_translated || args.is_none() {
            format!("its main check (`{body}`) is not one xlate writes as a `fn main`")
        } else {
            "its `main` was not translated".to_string()
        };
        return format!(
            "{header}fn main() {{\n    // TODO(xlate): the entry point of {source}: {why}.\n    todo!(\"the entry point of {source}\");\n}}\n"
        );
    };
    let mut text = format!("{header}fn main() {{\n");
    match args {
        "args" => {
            text.push_str("    let args: Vec<String> = std::env::args().skip(1).collect();\n")
        }
        "argv" => text.push_str("    let argv: Vec<String> = std::env::args().collect();\n"),
        _ => {}
    }
    if exits {
        text.push_str(&format!(
            "    std::process::exit({path}::main({args}) as i32);\n"
        ));
    } else {
        text.push_str(&format!("    {path}::main({args});\n"));
    }
    text.push_str("}\n");
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_declarations_follow_the_files_of_a_folder() {
        let outputs = [
            "src/cli.rs",
            "src/geometry/mod.rs",
            "src/geometry/shapes.rs",
            "src/geometry/deep/x.rs",
            "src/bin/cli.rs",
            "tests/t.rs",
        ];
        assert_eq!(
            module_declarations(outputs.iter().copied(), "src"),
            "pub mod cli;\npub mod geometry;\n"
        );
        // `deep` has no `mod.rs` (a JavaScript folder has no package
        // file): its modules are declared inline, where Cargo finds them.
        assert_eq!(
            module_declarations(outputs.iter().copied(), "src/geometry"),
            "pub mod deep {\n    pub mod x;\n}\npub mod shapes;\n"
        );
        // Regression: a JavaScript folder `lib/` became `pub mod lib;`,
        // which Cargo reads as the crate root itself; inline, it is not.
        let cjs = [
            "src/lib/shapes.rs",
            "src/lib/stats.rs",
            "src/cli.rs",
            "src/lib.rs",
        ];
        assert_eq!(
            module_declarations(cjs.iter().copied(), "src"),
            "pub mod cli;\npub mod lib {\n    pub mod shapes;\n    pub mod stats;\n}\n"
        );
    }

    #[test]
    fn package_names_are_legal_for_their_registry() {
        assert_eq!(package_name("My Geometry", Lang::JavaScript), "my-geometry");
        assert_eq!(package_name("class", Lang::Python), "class");
        assert_eq!(package_name("%%%", Lang::Rust), "translated");
    }
}
