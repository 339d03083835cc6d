//! Imports and exports across the tree: the target statement that stands
//! for each import statement of the source, written from the project table
//! (where the module's output lies, and the target name of every name it
//! imports), and the `export` marks a JavaScript target needs.
//!
//! Python → JavaScript (ES modules): `from .x import y` → `import { y } from
//! "./x.js";`, `import pkg.mod as m` and `from pkg import mod` → `import *
//! as m from "./pkg/mod.js";`, a star import → the exporter's names listed.
//! In a package file (`__init__.py`), what it imports it also re-exports.
//!
//! JavaScript → Python: `import { a, b as c } from "./x.js"` → `from x
//! import a, b as c` (absolute from the output root: the translated project
//! runs from there), `import * as m` → `import x as m`, a default import →
//! the exporter's default definition under the local name, `const m =
//! require("./m")` as `import * as m`, and re-exports (`export { a } from`,
//! `export * from`) as imports, which Python modules pass on.

use std::path::{Component, Path};

use super::stdlib::{self, Status};
use super::{BindingTarget, Imported, ProjectSymbols, Resolved};
use crate::lang::Lang;

/// The target code of import `k` of module `i`: statements, or a
/// `TODO(xlate)` comment naming what has no counterpart (with the original
/// statement, so nothing is lost). Empty when the target needs nothing.
pub fn target_code(table: &ProjectSymbols, i: usize, k: usize) -> String {
    let module = &table.modules[i];
    let import = &module.record.imports[k];
    let to = table.to;
    // The original statement stays, commented out: nothing is lost.
    let todo = |why: String| {
        let comment = to.line_comment();
        let original: Vec<String> = import
            .text
            .lines()
            .map(|l| format!("{comment} {l}"))
            .collect();
        format!("{comment} TODO(xlate): {why}\n{}", original.join("\n"))
    };
    match &module.resolved[k] {
        Resolved::Project(from) => project_import(table, i, k, *from),
        Resolved::Missing => todo(format!(
            "`{}` is not a module of the tree (line {})",
            import.spec, import.line
        )),
        // The backends import what the code they write uses from the
        // target's standard library; a `use std::...` line needs none, and
        // Rust code names `std` by its paths.
        Resolved::Standard
            if (module.lang == Lang::Rust || to == Lang::Rust)
                && stdlib::lookup(module.lang, to, &import.spec).is_none() =>
        {
            String::new()
        }
        Resolved::Standard => match stdlib::lookup(module.lang, to, &import.spec) {
            Some(entry) if entry.status != Status::None => entry.import.clone(),
            Some(entry) => todo(format!(
                "no {} counterpart for `{}`: {}",
                to.display_name(),
                import.spec,
                entry.note
            )),
            None => todo(format!(
                "no {} counterpart known for the standard module `{}` (add one to \
                 data/stdlib.toml)",
                to.display_name(),
                import.spec
            )),
        },
        Resolved::External => todo(format!(
            "third-party module `{}`: install a {} counterpart and import it here",
            import.spec,
            to.display_name()
        )),
    }
}

fn project_import(table: &ProjectSymbols, i: usize, k: usize, from: usize) -> String {
    match table.to {
        Lang::JavaScript => javascript_import(table, i, k, from),
        Lang::Python => python_import(table, i, k, from),
        Lang::Rust => rust_import(table, i, k, from),
    }
}

/// The importer's target name for one of its own names.
fn local_target(table: &ProjectSymbols, i: usize, local: &str) -> String {
    table.modules[i]
        .symbols
        .target_of(local)
        .map(str::to_string)
        .unwrap_or_else(|| table.natural(local, table.modules[i].lang))
}

/// A `TODO(xlate)` line for a binding whose definition (in module `m`)
/// was not translated: it is left out of the import, so the importer still
/// loads, and only the code that uses it fails.
fn untranslated(
    table: &ProjectSymbols,
    importer: usize,
    from: usize,
    binding: &super::Binding,
    m: usize,
) -> Option<String> {
    let name = match &binding.imported {
        Imported::Name(n) => n.clone(),
        // `require` of a module that sets `module.exports = f` (the only
        // `require` that names a definition).
        Imported::Default | Imported::Required => "default".to_string(),
        _ => return None,
    };
    let (origin, local) = table
        .export_origin(from, &name, 0)
        .unwrap_or((m, name.clone()));
    // A name the module never binds where the table can see it (toolz's
    // `curried/operator.py` fills its namespace with `locals().update`)
    // would make the whole importer fail (`ImportError`, an unresolved
    // `use`, an ES module that does not link): it is left out as well.
    // Only where the table read the module's names (the split succeeded)
    // and no star import binds names it cannot list.
    let origin_module = &table.modules[origin];
    // A value computed at its first use is the function `default` there.
    let value = origin_module.symbols.fixed_of(&local) == Some(crate::symbols::Fixed::Value);
    if table.to == Lang::Rust && local == "default" && !value {
        // `export default <expression>` names nothing a crate can `use`.
        return Some(format!(
            "// TODO(xlate): `{}` is not imported: the default export of {} is an expression, \
             which has no Rust name",
            binding.local, origin_module.output
        ));
    }
    // An alias of a built-in (`var isArray = Array.isArray`) declares
    // nothing in Rust, nor elsewhere unless an `export` declares it: the
    // importer's units call the built-in. A constant is read as its
    // literal into Rust, where its glue is written as comments.
    if table.read_in_place(origin, &local) {
        let symbols = &origin_module.symbols;
        let (meaning, how) = match symbols.prototype_of(&local) {
            Some(meaning) => (meaning, "calls as the built-in"),
            None => (
                symbols.constant_of(&local).unwrap_or_default(),
                "reads as that value",
            ),
        };
        return Some(format!(
            "{} xlate: `{}` is not imported: {} binds it to `{meaning}`, which the code here {how}",
            table.to.line_comment(),
            binding.local,
            origin_module.output
        ));
    }
    let read =
        !origin_module.symbols.definitions.is_empty() || !origin_module.record.imports.is_empty();
    if read
        && name != "default"
        && !table.binds(origin, &local)
        && !table.star_may_bind(origin, &local)
        && table.submodule(origin, &local).is_none()
    {
        return Some(format!(
            "{} TODO(xlate): `{}` is not imported: {} does not define {} where xlate can see it",
            table.to.line_comment(),
            binding.local,
            origin_module.output,
            local
        ));
    }
    table.is_failed(origin, &local).then(|| {
        // Mentioned only in branches that never run (see
        // `symbols::js_dead_parts`): nothing that runs misses it.
        let (marker, still) = if table.modules[importer]
            .symbols
            .mentioned_only_where_dead(&binding.local)
        {
            ("xlate", ", and no code here that runs uses it")
        } else {
            ("TODO(xlate)", "")
        };
        format!(
            "{} {marker}: `{}` is not imported: {} is not translated in {}{still}",
            table.to.line_comment(),
            binding.local,
            local,
            table.modules[origin].output
        )
    })
}

/// Names grouped by the module they come from, in first-seen order, so
/// that one statement imports all the names of one module.
#[derive(Default)]
struct Groups(Vec<(usize, Vec<String>)>);

impl Groups {
    fn add(&mut self, module: usize, entry: String) {
        match self.0.iter_mut().find(|(m, _)| *m == module) {
            Some((_, entries)) => {
                if !entries.contains(&entry) {
                    entries.push(entry)
                }
            }
            None => self.0.push((module, vec![entry])),
        }
    }
}

fn javascript_import(table: &ProjectSymbols, i: usize, k: usize, from: usize) -> String {
    let module = &table.modules[i];
    let import = &module.record.imports[k];
    // A package file (`__init__.py`, `mod.rs`, a crate's `lib.rs`) passes
    // on what it imports; so does a `pub use` anywhere.
    let is_package = Path::new(&module.output)
        .file_stem()
        .is_some_and(|s| s == table.to.package_stem())
        && !import.implied
        || import.reexport;
    let mut namespaces = Vec::new();
    let mut notes = Vec::new();
    let mut named = Groups::default();
    let mut reexported: Vec<String> = Vec::new();
    for binding in &import.bindings {
        let local = local_target(table, i, &binding.local);
        match (&binding.imported, table.binding_target(from, binding)) {
            (Imported::Star, _) => {
                // Python binds every public name: list them, so the
                // JavaScript module binds the same ones.
                for name in table.public_names(from) {
                    // What was not translated is left out, as for a name
                    // imported by name (console's `pub(crate) use
                    // crate::common_term::*;` listed a declined
                    // `clear_chars`, and the importer did not load).
                    let one = super::Binding {
                        imported: Imported::Name(name.clone()),
                        local: name.clone(),
                        at: binding.at,
                    };
                    if let Some(note) = untranslated(table, i, from, &one, from) {
                        notes.push(note);
                        continue;
                    }
                    let (m, target) = match table.export_origin(from, &name, 0) {
                        Some((m, local)) => (m, table.target_in(m, &local)),
                        None => (from, table.target_in(from, &name)),
                    };
                    reexported.push(target.clone());
                    named.add(m, target);
                }
            }
            (_, BindingTarget::Module(m)) => {
                namespaces.push(format!(
                    "import * as {local} from \"{}\";",
                    specifier_js(&module.output, &table.modules[m].output)
                ));
                reexported.push(local);
            }
            (_, BindingTarget::Name(m, target)) => {
                if let Some(note) = untranslated(table, i, from, binding, m) {
                    notes.push(note);
                    continue;
                }
                named.add(m, alias_js(&target, &local));
                reexported.push(local);
            }
        }
    }
    let mut lines: Vec<String> = named
        .0
        .iter()
        .map(|(m, entries)| {
            format!(
                "import {{ {} }} from \"{}\";",
                entries.join(", "),
                specifier_js(&module.output, &table.modules[*m].output)
            )
        })
        .collect();
    lines.extend(namespaces);
    lines.extend(notes);
    if is_package && !reexported.is_empty() {
        // A package file's imports are its API: pass them on.
        reexported.sort();
        reexported.dedup();
        lines.push(if table.commonjs {
            format!("Object.assign(exports, {{ {} }});", reexported.join(", "))
        } else {
            format!("export {{ {} }};", reexported.join(", "))
        });
    }
    let code = lines.join("\n");
    if table.commonjs {
        commonjs(&code)
    } else {
        code
    }
}

/// ES module `import` lines of `code` as CommonJS `require` calls; other
/// lines unchanged. `import { a, b as c } from "m";` → `const { a, b: c } =
/// require("m");`, `import * as m from "m";` and `import d from "m";` →
/// `const m = require("m");` (a CommonJS module's default is its exports).
pub fn commonjs(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for line in code.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        match require_of(body) {
            Some(req) => {
                out.push_str(&req);
                out.push_str(end);
            }
            None => out.push_str(line),
        }
    }
    out
}

fn require_of(line: &str) -> Option<String> {
    let rest = line.strip_prefix("import ")?.strip_suffix(';')?;
    let (what, from) = rest.rsplit_once(" from ")?;
    let what = what.trim();
    if let Some(names) = what.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
        let names: Vec<String> = names
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| match n.split_once(" as ") {
                Some((a, b)) => format!("{a}: {b}"),
                None => n.to_string(),
            })
            .collect();
        return Some(format!(
            "const {{ {} }} = require({from});",
            names.join(", ")
        ));
    }
    let local = what.strip_prefix("* as ").unwrap_or(what);
    (!local.contains([',', '{', ' '])).then(|| format!("const {local} = require({from});"))
}

fn alias_js(target: &str, local: &str) -> String {
    if target == local {
        target.to_string()
    } else {
        format!("{target} as {local}")
    }
}

fn python_import(table: &ProjectSymbols, i: usize, k: usize, from: usize) -> String {
    let module = &table.modules[i];
    let import = &module.record.imports[k];
    let mut lines = Vec::new();
    let mut names = Groups::default();
    for binding in &import.bindings {
        let local = local_target(table, i, &binding.local);
        match (&binding.imported, table.binding_target(from, binding)) {
            (Imported::Star, _) => {
                lines.push(format!(
                    "from {} import *",
                    dotted_py(&table.modules[from].output)
                ));
            }
            (_, BindingTarget::Module(m)) => {
                let dotted = dotted_py(&table.modules[m].output);
                lines.push(match dotted.rsplit_once('.') {
                    Some((package, last)) if last == local => {
                        format!("from {package} import {last}")
                    }
                    _ if dotted == local => format!("import {dotted}"),
                    _ => format!("import {dotted} as {local}"),
                });
            }
            (_, BindingTarget::Name(m, target)) => {
                if let Some(note) = untranslated(table, i, from, binding, m) {
                    lines.push(note);
                    continue;
                }
                let entry = if target == local {
                    target
                } else {
                    format!("{target} as {local}")
                };
                names.add(m, entry);
            }
        }
    }
    let mut out: Vec<String> = names
        .0
        .iter()
        .map(|(m, entries)| {
            format!(
                "from {} import {}",
                dotted_py(&table.modules[*m].output),
                entries.join(", ")
            )
        })
        .collect();
    out.extend(lines);
    if import.bindings.is_empty() {
        // `import "./setup.js"`: run for its effects.
        out.push(format!("import {}", dotted_py(&table.modules[from].output)));
    }
    out.join("\n")
}

/// A Python import as `use` lines of the crate: `from .shapes import
/// perimeter` → `use crate::geometry::shapes::perimeter;` in the library,
/// `use geometry::geometry::shapes::perimeter;` (the package's name first)
/// in an integration test or a bin, each a crate of its own. A package
/// file (`mod.rs`) passes on what it imports (`pub use`).
fn rust_import(table: &ProjectSymbols, i: usize, k: usize, from: usize) -> String {
    let module = &table.modules[i];
    let import = &module.record.imports[k];
    let in_library = super::rust_module_path(&module.output).is_some();
    let package = table
        .package
        .as_deref()
        .map(|p| super::scaffold::package_name(p, Lang::Rust).replace('-', "_"))
        .unwrap_or_else(|| "translated".to_string());
    let path_of = |m: usize| -> Option<String> {
        let path = super::rust_module_path(&table.modules[m].output)?;
        Some(if in_library {
            path
        } else {
            path.replacen("crate", &package, 1)
        })
    };
    // A package file (`mod.rs`, the crate root) passes on what it
    // imports; so does a re-export anywhere (`export { a } from`).
    let visibility = if import.reexport
        || Path::new(&module.output)
            .file_stem()
            .is_some_and(|s| s == "mod")
        || module.output == "src/lib.rs"
    {
        "pub "
    } else {
        ""
    };
    let mut lines = Vec::new();
    let mut names = Groups::default();
    for binding in &import.bindings {
        let local = local_target(table, i, &binding.local);
        match (&binding.imported, table.binding_target(from, binding)) {
            (Imported::Star, _) => match path_of(from) {
                Some(path) => lines.push(format!("{visibility}use {path}::*;")),
                None => lines.push(format!(
                    "// TODO(xlate): `{}` is not in the library",
                    import.spec
                )),
            },
            (_, BindingTarget::Module(m)) => match path_of(m) {
                Some(path) => {
                    let last = path.rsplit("::").next().unwrap_or(&path);
                    lines.push(if last == local {
                        format!("{visibility}use {path};")
                    } else {
                        format!("{visibility}use {path} as {local};")
                    });
                }
                None => lines.push(format!(
                    "// TODO(xlate): `{}` is not in the library",
                    import.spec
                )),
            },
            (_, BindingTarget::Name(m, target)) => {
                if let Some(note) = untranslated(table, i, from, binding, m) {
                    lines.push(note);
                    continue;
                }
                names.add(m, alias_rust(&target, &local));
            }
        }
    }
    let mut out: Vec<String> = Vec::new();
    for (m, entries) in &names.0 {
        match path_of(*m) {
            Some(path) if entries.len() == 1 => {
                out.push(format!("{visibility}use {path}::{};", entries[0]))
            }
            Some(path) => out.push(format!(
                "{visibility}use {path}::{{{}}};",
                entries.join(", ")
            )),
            None => out.push(format!(
                "// TODO(xlate): {} come from {}, which is not in the library",
                entries.join(", "),
                table.modules[*m].output
            )),
        }
    }
    out.extend(lines);
    out.join("\n")
}

fn alias_rust(target: &str, local: &str) -> String {
    if target == local {
        target.to_string()
    } else {
        format!("{target} as {local}")
    }
}

/// The specifier of `to` (an output path) as imported from the output
/// file `from`: relative, starting with `./` or `../`.
pub fn specifier_js(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = Path::new(from)
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(n) => n.to_str(),
            _ => None,
        })
        .collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let (to_dir, file) = to_parts.split_at(to_parts.len().saturating_sub(1));
    let common = from_dir
        .iter()
        .zip(to_dir)
        .take_while(|(a, b)| a == b)
        .count();
    let mut parts: Vec<&str> = vec![".."; from_dir.len() - common];
    parts.extend(&to_dir[common..]);
    parts.extend(file);
    let joined = parts.join("/");
    if joined.starts_with("..") {
        joined
    } else {
        format!("./{joined}")
    }
}

/// The module name of an output Python file, from the output root.
pub fn dotted_py(output: &str) -> String {
    super::python_dotted(Path::new(output))
}

/// Marks the definitions of `code` (JavaScript) named in `exports` with
/// `export`: `function f(` → `export function f(`, and so for `class`,
/// `const`, `let`. Returns the code and the names it could not mark (the
/// caller exports those with an `export { }` list).
pub fn mark_exports(code: &str, exports: &[String]) -> (String, Vec<String>) {
    let mut missing: Vec<String> = exports.to_vec();
    let mut out = String::with_capacity(code.len() + 16 * exports.len());
    for line in code.split_inclusive('\n') {
        let declared = declared_js(line);
        match declared {
            Some(name) if missing.iter().any(|m| m == name) => {
                missing.retain(|m| m != name);
                out.push_str("export ");
                out.push_str(line);
            }
            _ => out.push_str(line),
        }
    }
    (out, missing)
}

/// The name a line (at column 0) declares, if it starts a declaration.
fn declared_js(line: &str) -> Option<&str> {
    let rest = [
        "async function* ",
        "async function ",
        "function* ",
        "function ",
        "class ",
        "const ",
        "let ",
        "var ",
    ]
    .iter()
    .find_map(|kw| line.strip_prefix(kw))?;
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .unwrap_or(rest.len());
    (end > 0).then(|| &rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specifiers_are_relative_to_the_importer() {
        assert_eq!(specifier_js("pkg/a.js", "pkg/b.js"), "./b.js");
        assert_eq!(specifier_js("tests/a.test.js", "pkg/b.js"), "../pkg/b.js");
        assert_eq!(specifier_js("cli.js", "pkg/index.js"), "./pkg/index.js");
        assert_eq!(specifier_js("a/b/c.js", "a/d.js"), "../d.js");
        assert_eq!(dotted_py("src/shapes.py"), "src.shapes");
        assert_eq!(dotted_py("pkg/__init__.py"), "pkg");
    }

    #[test]
    fn es_imports_become_requires() {
        let code = "import { a, b as c } from \"./x.js\";\nimport * as m from \"node:path\";\nimport assert from \"node:assert/strict\";\nconst keep = 1;\n";
        assert_eq!(
            commonjs(code),
            "const { a, b: c } = require(\"./x.js\");\nconst m = require(\"node:path\");\nconst assert = require(\"node:assert/strict\");\nconst keep = 1;\n"
        );
        // A form with no one-line `require` stays as it is.
        let mixed = "import d, { e } from \"./y.js\";";
        assert_eq!(commonjs(mixed), mixed);
    }

    #[test]
    fn exports_are_marked_on_their_declarations() {
        let code = "/** doc */\nfunction area(s) {\n  return s;\n}\nconst PI2 = 6;\n";
        let (marked, missing) = mark_exports(code, &["area".into(), "PI2".into(), "gone".into()]);
        assert_eq!(
            marked,
            "/** doc */\nexport function area(s) {\n  return s;\n}\nexport const PI2 = 6;\n"
        );
        assert_eq!(missing, ["gone"]);
        // An inner declaration (indented) is not the module's.
        let (marked, _) = mark_exports("function f() {\n  const area = 1;\n}\n", &["area".into()]);
        assert!(!marked.contains("export"));
    }
}
