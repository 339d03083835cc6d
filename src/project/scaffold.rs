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
    let _ = table;
    let mut tests: Vec<&str> = modules
        .iter()
        .filter(|m| m.is_test)
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
    let mut text = format!(
        "{{\n  \"name\": {},\n  \"version\": \"0.1.0\",\n  \"type\": \"module\",\n",
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
    files
}

fn rust_files(
    table: &ProjectSymbols,
    modules: &[&super::Module],
    name: &str,
    outputs: &BTreeSet<&str>,
) -> Vec<ScaffoldFile> {
    let _ = table;
    let crate_name = name.replace('-', "_");
    let mut top: BTreeSet<String> = BTreeSet::new();
    for output in outputs.iter().filter(|o| o.ends_with(".rs")) {
        let first = output.split('/').next().unwrap_or(output);
        let module = first.strip_suffix(".rs").unwrap_or(first);
        if !matches!(module, "lib" | "main" | "mod") {
            top.insert(module.to_string());
        }
    }
    let bins: Vec<&str> = modules
        .iter()
        .filter(|m| m.record.entry.is_some() && !m.is_test)
        .map(|m| m.output.as_str())
        .collect();
    let mut cargo = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[lib]\nname = \"{crate_name}\"\npath = \"lib.rs\"\n"
    );
    for bin in bins {
        let stem = Path::new(bin)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        cargo.push_str(&format!("\n[[bin]]\nname = \"{stem}\"\npath = \"{bin}\"\n"));
    }
    let lib: String = top.iter().map(|m| format!("pub mod {m};\n")).collect();
    vec![
        ScaffoldFile {
            path: PathBuf::from("Cargo.toml"),
            content: cargo,
        },
        ScaffoldFile {
            path: PathBuf::from("lib.rs"),
            content: format!("//! The crate root: one `mod` per top-level module of the translated tree.\n\n{lib}"),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_are_legal_for_their_registry() {
        assert_eq!(package_name("My Geometry", Lang::JavaScript), "my-geometry");
        assert_eq!(package_name("class", Lang::Python), "class");
        assert_eq!(package_name("%%%", Lang::Rust), "translated");
    }
}
