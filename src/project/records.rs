//! Module records: what one source file imports, from where, and what it
//! exports, read from its syntax tree once, before any unit is translated
//! (the shape of oxc's `module_record`). Resolution to other modules of the
//! tree happens in [`super::ProjectSymbols::build`]; this module only reads.

use std::collections::HashSet;
use std::ops::Range;

use serde::Serialize;
use tree_sitter::Node;

use crate::lang::Lang;

/// What one import statement brings in, as written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportRecord {
    /// Line of the statement (1-based).
    pub line: usize,
    /// Byte range of the whole statement in the file.
    #[serde(skip)]
    pub bytes: Range<usize>,
    /// The statement's text, for the `TODO(xlate)` comment that keeps it
    /// when it has no counterpart.
    #[serde(skip)]
    pub text: String,
    /// The module as written: `pkg.mod`, `..x` (Python), `./x.js`,
    /// `node:fs` (JavaScript), `crate::a::b` (Rust).
    pub spec: String,
    /// What the statement binds.
    pub bindings: Vec<Binding>,
    /// The statement re-exports what it imports (`export { a } from "./x.js"`,
    /// `export * from`, `pub use`).
    pub reexport: bool,
    /// CommonJS `require` rather than an ES module `import`.
    pub commonjs: bool,
    /// No statement of the source writes it: the module names an item of
    /// another module of its crate by path (`crate::Effects`,
    /// `super::dir_contains_target(..)`), and the target, whose names are
    /// not paths, must import it (see [`Reader::rust_paths`]). `text` is
    /// the path as written, `bytes` its first occurrence.
    #[serde(skip)]
    pub implied: bool,
}

/// One name an import binds in the importing module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Binding {
    pub imported: Imported,
    /// The local name (`c` in `from x import b as c`); for a star import, `*`.
    pub local: String,
    /// Byte offset of the local name in the file.
    #[serde(skip)]
    pub at: usize,
}

/// What of the other module a binding stands for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Imported {
    /// A named export (`from x import y`, `import { y }`).
    Name(String),
    /// The module itself (`import pkg.mod as m`, `import * as m`, `from
    /// pkg import mod` when `mod` is a module: resolution turns such a
    /// `Name` into this).
    Module,
    /// What `const m = require("./m")` gives: the module's `module.exports`,
    /// which is the function or class itself where the module sets
    /// `module.exports = f`, else the module.
    Required,
    /// The default export (`import d from "./x.js"`).
    Default,
    /// Every public name (`from x import *`, `export * from`).
    Star,
}

/// An export of a module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ExportRecord {
    /// The name other modules import it by (`default` for a default export).
    pub name: String,
    /// The local definition it stands for.
    pub local: String,
    pub line: usize,
}

/// Something about a module the table cannot follow, with its line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub line: usize,
    pub message: String,
}

/// Everything read from one file.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ModuleRecord {
    pub imports: Vec<ImportRecord>,
    /// Explicit exports; `None` where the language exports by convention
    /// (a Python module without `__all__`: every public top-level name).
    pub exports: Option<Vec<ExportRecord>>,
    /// Line of the entry point (`if __name__ == "__main__":`, a main
    /// check, `fn main`), if the module has one.
    pub entry: Option<usize>,
    /// The statements of a Python or JavaScript main check (without the
    /// braces), as written: a Rust target's
    /// `src/bin/NAME.rs` calls what they call.
    pub entry_body: Option<String>,
    /// The module uses CommonJS (`require`, `module.exports`).
    pub commonjs: bool,
    /// A Rust module with an inline `#[cfg(test)] mod NAME { ... }`: its
    /// tests are translated into the module, and the target's test run
    /// must reach them (see `scaffold`).
    pub inline_tests: bool,
    /// The line of `export default <expression>` (a default export that
    /// names no definition), if the module has one: when its glue is not
    /// translated, importers of the default must leave it out.
    pub anonymous_default: Option<usize>,
    /// Dynamic imports and other constructs the table cannot follow.
    pub findings: Vec<Finding>,
}

/// Reads the record of a file in `lang`. A file that does not parse has an
/// empty record (its units are flagged by the split).
pub fn read(text: &str, lang: Lang) -> ModuleRecord {
    let offset = text.len() - text.trim_start_matches('\u{feff}').len();
    let body = &text[offset..];
    let Some(tree) = crate::units::parse(body, lang) else {
        return ModuleRecord::default();
    };
    let mut reader = Reader {
        src: body,
        offset,
        record: ModuleRecord::default(),
    };
    let root = tree.root_node();
    match lang {
        Lang::Python => reader.python(root),
        Lang::JavaScript => reader.javascript(root),
        Lang::Rust => reader.rust(root),
    }
    reader.dynamic(root, lang);
    reader.record.findings.sort_by_key(|f| f.line);
    reader.record
}

struct Reader<'s> {
    src: &'s str,
    /// Bytes before `src` in the file (a byte-order mark).
    offset: usize,
    record: ModuleRecord,
}

fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect()
}

/// A string literal's content, when it is a plain one.
fn string_content(node: Node, src: &str) -> Option<String> {
    if !matches!(node.kind(), "string") {
        return None;
    }
    let t = &src[node.byte_range()];
    let inner = t
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .or_else(|| t.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')))?;
    (!inner.contains('\\')).then(|| inner.to_string())
}

impl<'s> Reader<'s> {
    fn t(&self, node: Node) -> &'s str {
        &self.src[node.byte_range()]
    }

    fn line(&self, node: Node) -> usize {
        node.start_position().row + 1
    }

    fn bytes(&self, node: Node) -> Range<usize> {
        node.start_byte() + self.offset..node.end_byte() + self.offset
    }

    fn binding(&self, imported: Imported, local: Node) -> Binding {
        Binding {
            imported,
            local: self.t(local).to_string(),
            at: local.start_byte() + self.offset,
        }
    }

    fn finding(&mut self, node: Node, message: impl Into<String>) {
        let line = self.line(node);
        self.record.findings.push(Finding {
            line,
            message: message.into(),
        });
    }

    // -- Python -------------------------------------------------------------

    fn python(&mut self, root: Node) {
        let mut all: Option<Vec<ExportRecord>> = None;
        for stmt in named(root) {
            match stmt.kind() {
                "import_statement" => {
                    for name in named(stmt) {
                        let (module, alias) = match name.kind() {
                            "aliased_import" => (
                                name.child_by_field_name("name"),
                                name.child_by_field_name("alias"),
                            ),
                            _ => (Some(name), None),
                        };
                        let Some(module) = module else { continue };
                        let spec = self.t(module).to_string();
                        // `import a.b` binds `a`, the top package, not the
                        // module `a.b`: only the alias form binds the module.
                        let binding = match alias {
                            Some(alias) => self.binding(Imported::Module, alias),
                            None if spec.contains('.') => {
                                self.finding(
                                    name,
                                    format!(
                                        "`import {spec}` binds the package `{}`: write \
                                         `import {spec} as NAME` to import the module",
                                        spec.split('.').next().unwrap_or_default()
                                    ),
                                );
                                self.binding(Imported::Module, module)
                            }
                            None => self.binding(Imported::Module, module),
                        };
                        self.record.imports.push(ImportRecord {
                            line: self.line(stmt),
                            bytes: self.bytes(stmt),
                            text: self.t(stmt).to_string(),
                            spec,
                            bindings: vec![binding],
                            reexport: false,
                            commonjs: false,
                            implied: false,
                        });
                    }
                }
                "import_from_statement" => {
                    let Some(module) = stmt.child_by_field_name("module_name") else {
                        continue;
                    };
                    let spec = self.t(module).to_string();
                    let mut bindings = Vec::new();
                    let mut cursor = stmt.walk();
                    let names: Vec<Node> =
                        stmt.children_by_field_name("name", &mut cursor).collect();
                    for name in names {
                        let (original, local) = match name.kind() {
                            "aliased_import" => (
                                name.child_by_field_name("name"),
                                name.child_by_field_name("alias"),
                            ),
                            _ => (Some(name), Some(name)),
                        };
                        if let (Some(original), Some(local)) = (original, local) {
                            bindings.push(
                                self.binding(Imported::Name(self.t(original).to_string()), local),
                            );
                        }
                    }
                    if named(stmt).iter().any(|c| c.kind() == "wildcard_import") {
                        self.finding(
                            stmt,
                            format!(
                                "star import from `{spec}`: the names it binds are listed \
                                 from the module's exports"
                            ),
                        );
                        bindings.push(Binding {
                            imported: Imported::Star,
                            local: "*".into(),
                            at: stmt.start_byte() + self.offset,
                        });
                    }
                    self.record.imports.push(ImportRecord {
                        line: self.line(stmt),
                        bytes: self.bytes(stmt),
                        text: self.t(stmt).to_string(),
                        spec,
                        bindings,
                        reexport: false,
                        commonjs: false,
                        implied: false,
                    });
                }
                "if_statement" if is_python_main_guard(stmt, self.src) => {
                    self.record.entry = Some(self.line(stmt));
                    self.record.entry_body = stmt
                        .child_by_field_name("consequence")
                        .map(|body| self.t(body).trim().to_string());
                }
                "expression_statement" => {
                    if let Some(list) = self.python_all(stmt) {
                        all = Some(list);
                    }
                }
                _ => {}
            }
        }
        self.record.exports = all;
    }

    /// `__all__ = ["a", "b"]`: the module's explicit exports.
    fn python_all(&mut self, stmt: Node) -> Option<Vec<ExportRecord>> {
        let assign = named(stmt).into_iter().next()?;
        if assign.kind() != "assignment" {
            return None;
        }
        let left = assign.child_by_field_name("left")?;
        if self.t(left) != "__all__" {
            return None;
        }
        let right = assign.child_by_field_name("right")?;
        if !matches!(right.kind(), "list" | "tuple") {
            self.finding(stmt, "`__all__` that is not a list of strings");
            return None;
        }
        let mut out = Vec::new();
        for item in named(right) {
            match string_content(item, self.src) {
                Some(name) => out.push(ExportRecord {
                    name: name.clone(),
                    local: name,
                    line: self.line(item),
                }),
                None => self.finding(item, "an entry of `__all__` that is not a plain string"),
            }
        }
        Some(out)
    }

    // -- JavaScript ---------------------------------------------------------

    fn javascript(&mut self, root: Node) {
        let mut exports = Vec::new();
        for stmt in named(root) {
            match stmt.kind() {
                "import_statement" => {
                    let Some(source) = stmt
                        .child_by_field_name("source")
                        .and_then(|s| string_content(s, self.src))
                    else {
                        continue;
                    };
                    let mut bindings = Vec::new();
                    for clause in named(stmt)
                        .into_iter()
                        .filter(|c| c.kind() == "import_clause")
                    {
                        for part in named(clause) {
                            match part.kind() {
                                "identifier" => {
                                    bindings.push(self.binding(Imported::Default, part))
                                }
                                "namespace_import" => {
                                    if let Some(id) = named(part).into_iter().next() {
                                        bindings.push(self.binding(Imported::Module, id));
                                    }
                                }
                                "named_imports" => {
                                    for spec in named(part) {
                                        let name = spec.child_by_field_name("name");
                                        let alias = spec.child_by_field_name("alias").or(name);
                                        if let (Some(name), Some(alias)) = (name, alias) {
                                            let imported = self.t(name).to_string();
                                            let imported = if imported == "default" {
                                                Imported::Default
                                            } else {
                                                Imported::Name(imported)
                                            };
                                            bindings.push(self.binding(imported, alias));
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                    }
                    self.record.imports.push(ImportRecord {
                        line: self.line(stmt),
                        bytes: self.bytes(stmt),
                        text: self.t(stmt).to_string(),
                        spec: source,
                        bindings,
                        reexport: false,
                        commonjs: false,
                        implied: false,
                    });
                }
                "export_statement" => self.js_export(stmt, &mut exports),
                "lexical_declaration" | "variable_declaration" => self.js_require(stmt),
                "expression_statement" => self.js_commonjs_export(stmt, &mut exports),
                "if_statement" if is_js_main_guard(stmt, self.src) => {
                    self.record.entry = Some(self.line(stmt));
                    // The block's statements, without its braces.
                    self.record.entry_body = stmt.child_by_field_name("consequence").map(|body| {
                        let text = self.t(body).trim();
                        text.strip_prefix('{')
                            .and_then(|t| t.strip_suffix('}'))
                            .unwrap_or(text)
                            .trim()
                            .to_string()
                    });
                }
                _ => {}
            }
        }
        self.record.exports = Some(exports);
    }

    fn js_export(&mut self, stmt: Node, exports: &mut Vec<ExportRecord>) {
        let line = self.line(stmt);
        let is_default = {
            let mut cursor = stmt.walk();
            let found = stmt.children(&mut cursor).any(|c| c.kind() == "default");
            found
        };
        if let Some(decl) = stmt.child_by_field_name("declaration") {
            for name in declared_names(decl, self.src) {
                exports.push(ExportRecord {
                    name: if is_default {
                        "default".into()
                    } else {
                        name.clone()
                    },
                    local: name,
                    line,
                });
            }
            return;
        }
        if is_default {
            // `export default NAME;`, or an anonymous value.
            let local = stmt
                .child_by_field_name("value")
                .filter(|v| v.kind() == "identifier")
                .map(|v| self.t(v).to_string());
            match local {
                Some(local) => exports.push(ExportRecord {
                    name: "default".into(),
                    local,
                    line,
                }),
                None => {
                    self.record.anonymous_default = Some(line);
                    self.finding(stmt, "default export of an expression without a name")
                }
            }
            return;
        }
        let source = stmt
            .child_by_field_name("source")
            .and_then(|s| string_content(s, self.src));
        let mut bindings = Vec::new();
        let clause = named(stmt)
            .into_iter()
            .find(|c| c.kind() == "export_clause");
        match clause {
            Some(clause) => {
                for spec in named(clause) {
                    let Some(name) = spec.child_by_field_name("name") else {
                        continue;
                    };
                    let alias = spec.child_by_field_name("alias").unwrap_or(name);
                    let local = self.t(name).to_string();
                    exports.push(ExportRecord {
                        name: self.t(alias).to_string(),
                        local: local.clone(),
                        line,
                    });
                    if source.is_some() {
                        bindings.push(self.binding(Imported::Name(local), name));
                    }
                }
            }
            None if source.is_some() => bindings.push(Binding {
                imported: Imported::Star,
                local: "*".into(),
                at: stmt.start_byte() + self.offset,
            }),
            None => {}
        }
        if let Some(source) = source {
            self.record.imports.push(ImportRecord {
                line,
                bytes: self.bytes(stmt),
                text: self.t(stmt).to_string(),
                spec: source,
                bindings,
                reexport: true,
                commonjs: false,
                implied: false,
            });
        }
    }

    /// `const x = require("./x")`, `const { a, b: c } = require("./x")`.
    fn js_require(&mut self, stmt: Node) {
        for decl in named(stmt) {
            let Some(value) = decl.child_by_field_name("value") else {
                continue;
            };
            let Some(spec) = require_literal(value, self.src) else {
                continue;
            };
            let Some(name) = decl.child_by_field_name("name") else {
                continue;
            };
            let mut bindings = Vec::new();
            match name.kind() {
                "identifier" => bindings.push(self.binding(Imported::Required, name)),
                "object_pattern" => {
                    for prop in named(name) {
                        match prop.kind() {
                            "shorthand_property_identifier_pattern" => bindings
                                .push(self.binding(Imported::Name(self.t(prop).to_string()), prop)),
                            "pair_pattern" => {
                                let key = prop.child_by_field_name("key");
                                let value = prop.child_by_field_name("value");
                                if let (Some(key), Some(value)) = (key, value) {
                                    bindings.push(
                                        self.binding(
                                            Imported::Name(self.t(key).to_string()),
                                            value,
                                        ),
                                    );
                                }
                            }
                            _ => self.finding(prop, "a `require` pattern the table cannot read"),
                        }
                    }
                }
                _ => self.finding(name, "a `require` pattern the table cannot read"),
            }
            self.record.commonjs = true;
            self.record.imports.push(ImportRecord {
                line: self.line(stmt),
                bytes: self.bytes(stmt),
                text: self.t(stmt).to_string(),
                spec,
                bindings,
                reexport: false,
                commonjs: true,
                implied: false,
            });
        }
    }

    /// `module.exports = { a, b }`, `module.exports = f`, `exports.a = ...`.
    fn js_commonjs_export(&mut self, stmt: Node, exports: &mut Vec<ExportRecord>) {
        let Some(assign) = named(stmt).into_iter().next() else {
            return;
        };
        if assign.kind() != "assignment_expression" {
            return;
        }
        let (Some(left), Some(right)) = (
            assign.child_by_field_name("left"),
            assign.child_by_field_name("right"),
        ) else {
            return;
        };
        let line = self.line(stmt);
        let target = self.t(left);
        if target == "module.exports" {
            self.record.commonjs = true;
            match right.kind() {
                "object" => {
                    for prop in named(right) {
                        let (name, local) = match prop.kind() {
                            "shorthand_property_identifier" => {
                                (self.t(prop).to_string(), self.t(prop).to_string())
                            }
                            "pair" => {
                                let key = prop.child_by_field_name("key");
                                let value = prop.child_by_field_name("value");
                                match (key, value) {
                                    (Some(k), Some(v)) if v.kind() == "identifier" => {
                                        (self.t(k).to_string(), self.t(v).to_string())
                                    }
                                    _ => {
                                        self.finding(prop, "an export the table cannot follow");
                                        continue;
                                    }
                                }
                            }
                            _ => {
                                self.finding(prop, "an export the table cannot follow");
                                continue;
                            }
                        };
                        exports.push(ExportRecord { name, local, line });
                    }
                }
                "identifier" => exports.push(ExportRecord {
                    name: "default".into(),
                    local: self.t(right).to_string(),
                    line,
                }),
                _ => self.finding(stmt, "`module.exports` of an expression"),
            }
        } else if let Some(name) = target
            .strip_prefix("module.exports.")
            .or_else(|| target.strip_prefix("exports."))
        {
            self.record.commonjs = true;
            let local = if right.kind() == "identifier" {
                self.t(right).to_string()
            } else {
                name.to_string()
            };
            exports.push(ExportRecord {
                name: name.to_string(),
                local,
                line,
            });
        }
    }

    // -- Rust ---------------------------------------------------------------

    fn rust(&mut self, root: Node) {
        let mut exports = Vec::new();
        for item in named(root) {
            let public = named(item)
                .first()
                .is_some_and(|c| c.kind() == "visibility_modifier");
            match item.kind() {
                "use_declaration" => {
                    let Some(arg) = item.child_by_field_name("argument") else {
                        continue;
                    };
                    // One record per module the tree names: `use
                    // crate::{a::f, b::{g, h as k}}` imports from `crate::a`
                    // and from `crate::b`.
                    let mut leaves = Vec::new();
                    self.use_leaves(arg, "", &mut leaves);
                    let mut by_spec: Vec<(String, Vec<Binding>)> = Vec::new();
                    for (spec, binding) in leaves {
                        match by_spec.iter_mut().find(|(s, _)| *s == spec) {
                            Some((_, bindings)) => bindings.push(binding),
                            None => by_spec.push((spec, vec![binding])),
                        }
                    }
                    for (spec, bindings) in by_spec {
                        self.record.imports.push(ImportRecord {
                            line: self.line(item),
                            bytes: self.bytes(item),
                            text: self.t(item).to_string(),
                            spec,
                            bindings,
                            reexport: public,
                            commonjs: false,
                            implied: false,
                        });
                    }
                }
                "mod_item"
                    if item.child_by_field_name("body").is_some()
                        && item
                            .prev_named_sibling()
                            .is_some_and(|a| self.t(a).replace(' ', "") == "#[cfg(test)]") =>
                {
                    self.record.inline_tests = true;
                }
                "mod_item" if item.child_by_field_name("body").is_none() => {
                    if let Some(name) = item.child_by_field_name("name") {
                        self.record.imports.push(ImportRecord {
                            line: self.line(item),
                            bytes: self.bytes(item),
                            text: self.t(item).to_string(),
                            spec: format!("self::{}", self.t(name)),
                            bindings: vec![self.binding(Imported::Module, name)],
                            reexport: public,
                            commonjs: false,
                            implied: false,
                        });
                    }
                }
                "function_item" => {
                    if let Some(name) = item.child_by_field_name("name") {
                        if self.t(name) == "main" {
                            self.record.entry = Some(self.line(item));
                        }
                        if public {
                            exports.push(ExportRecord {
                                name: self.t(name).to_string(),
                                local: self.t(name).to_string(),
                                line: self.line(item),
                            });
                        }
                    }
                }
                _ if public => {
                    if let Some(name) = item.child_by_field_name("name") {
                        exports.push(ExportRecord {
                            name: self.t(name).to_string(),
                            local: self.t(name).to_string(),
                            line: self.line(item),
                        });
                    }
                }
                _ => {}
            }
        }
        self.record.exports = Some(exports);
        self.rust_paths(root);
    }

    /// The items of other modules the file names by path rather than
    /// bringing them in with `use` (`crate::Effects`, `crate::style::Style`,
    /// `super::dir_contains_target(..)`, `anstyle::Color` in an example):
    /// one implied import each, of the item's module, which resolution
    /// keeps only where that module is another of the tree. The item is the
    /// path's first segment after its root that starts with a capital (a
    /// type, an enum, a constant: `crate::Effects::new` names `Effects`),
    /// else its last (a function); what that module does not define is
    /// left to resolution too. A path whose item's name the file defines is
    /// not imported (the target would need two bindings of one name): its
    /// units decline as before; one a `use` binds too, or two paths to
    /// items of one name, the table checks lead to one item. Paths inside
    /// an inline module (where `super` is another module), in `use` lines,
    /// in attributes and in macro arguments (tokens) are not read.
    fn rust_paths(&mut self, root: Node) {
        // A `mod x;` binds no name in the target (importers name the
        // module), and `x::f` is a path into it.
        let mut bound: HashSet<String> = self
            .record
            .imports
            .iter()
            .flat_map(|i| &i.bindings)
            .filter(|b| b.imported != Imported::Module)
            .map(|b| b.local.clone())
            .collect();
        // The file's own definitions: an item of another module named
        // like one would need two bindings of one name. (One a `use`
        // binds too is the table's to check: the same item is fine.)
        let mut defined: HashSet<String> = HashSet::new();
        for item in named(root).into_iter().filter(|i| i.kind() != "mod_item") {
            if let Some(name) = item.child_by_field_name("name") {
                defined.insert(self.t(name).to_string());
            }
        }
        bound.extend(defined.iter().cloned());
        // (module path, item, path as written, its node) in source order.
        let mut found: Vec<(String, String, String, Node)> = Vec::new();
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            match node.kind() {
                "use_declaration" | "attribute_item" | "inner_attribute_item" => continue,
                "mod_item" if node.child_by_field_name("body").is_some() => continue,
                "scoped_identifier" | "scoped_type_identifier" => {
                    if let Some(path) = self.item_path(node, &bound, &defined) {
                        found.push(path);
                        continue;
                    }
                }
                _ => {}
            }
            let mut cursor = node.walk();
            let children: Vec<Node> = node.named_children(&mut cursor).collect();
            stack.extend(children.into_iter().rev());
        }
        // One import per path as written (`crate::Effects` and
        // `crate::effect::Effects` are two, which the table checks lead to
        // one item).
        let mut seen: Vec<&str> = Vec::new();
        let mut first: Vec<(String, String, String, Node)> = Vec::new();
        for (spec, name, text, node) in &found {
            if !seen.contains(&text.as_str()) {
                seen.push(text);
                first.push((spec.clone(), name.clone(), text.clone(), *node));
            }
        }
        for (spec, name, text, node) in first {
            // No statement binds it: its binding is at the end of the
            // file, outside every unit, so that each mention is a use and
            // no unit counts as its definition (one that fails would
            // otherwise mark the units that name it as depending on it).
            let at = self.offset + self.src.len();
            self.record.imports.push(ImportRecord {
                line: self.line(node),
                bytes: self.bytes(node),
                text,
                spec,
                bindings: vec![Binding {
                    imported: Imported::Name(name.clone()),
                    local: name,
                    at,
                }],
                reexport: false,
                commonjs: false,
                implied: true,
            });
        }
    }

    /// The item a path (a `scoped_identifier` or `scoped_type_identifier`
    /// not inside another) names, as (module path, item, the path up to
    /// the item as written without spaces, the node of that part), when
    /// its root is `crate`, `self`, `super` or a name the file does not
    /// bind (a module of the crate or a crate: resolution decides) and
    /// each segment is a plain name.
    fn item_path<'t>(
        &self,
        node: Node<'t>,
        bound: &HashSet<String>,
        defined: &HashSet<String>,
    ) -> Option<(String, String, String, Node<'t>)> {
        // Segments from the last to the root, each with the node that
        // ends with it.
        let mut segments: Vec<(&'s str, Node<'t>)> = Vec::new();
        let mut at = node;
        loop {
            match at.kind() {
                "scoped_identifier" | "scoped_type_identifier" => {
                    let name = at.child_by_field_name("name")?;
                    if !matches!(name.kind(), "identifier" | "type_identifier") {
                        return None;
                    }
                    segments.push((self.t(name), at));
                    at = at.child_by_field_name("path")?;
                }
                "crate" | "self" | "super" => {
                    segments.push((self.t(at), at));
                    break;
                }
                // A module of the crate or another crate (lower case by
                // convention; `Self::`, an enum's variants are not).
                "identifier"
                    if self.t(at).starts_with(|c: char| c.is_ascii_lowercase())
                        && !bound.contains(self.t(at)) =>
                {
                    segments.push((self.t(at), at));
                    break;
                }
                _ => return None,
            }
        }
        segments.reverse();
        let item = (1..segments.len())
            .find(|&k| segments[k].0.starts_with(|c: char| c.is_ascii_uppercase()))
            .unwrap_or(segments.len() - 1);
        let (name, end) = segments[item];
        if item == 0 || defined.contains(name) {
            return None;
        }
        let spec: Vec<&str> = segments[..item].iter().map(|(s, _)| *s).collect();
        let text: String = self.t(end).split_whitespace().collect();
        Some((spec.join("::"), name.to_string(), text, end))
    }

    /// The leaves of a `use` tree under `prefix`: (the module path, the
    /// binding). `a::b::c` binds `c` of `a::b`; `a::b::*` every public name
    /// of `a::b`; `a::{self, c}` binds the module `a` and `c` of it.
    fn use_leaves(&self, node: Node, prefix: &str, out: &mut Vec<(String, Binding)>) {
        // A stack, not recursion: use lists may nest thousands deep. Items
        // go on it in reverse, so that leaves come out in source order.
        let mut stack = vec![(node, prefix.to_string())];
        while let Some((node, prefix)) = stack.pop() {
            self.use_leaf(node, &prefix, out, &mut stack);
        }
    }

    /// One node of a `use` tree under `prefix`: its leaf into `out`, or its
    /// children (with their prefix) onto `stack`.
    fn use_leaf<'t>(
        &self,
        node: Node<'t>,
        prefix: &str,
        out: &mut Vec<(String, Binding)>,
        stack: &mut Vec<(Node<'t>, String)>,
    ) {
        let join = |a: &str, b: &str| {
            if a.is_empty() {
                b.to_string()
            } else {
                format!("{a}::{b}")
            }
        };
        match node.kind() {
            "scoped_use_list" => {
                let path = node
                    .child_by_field_name("path")
                    .map_or(prefix.to_string(), |p| join(prefix, self.t(p)));
                if let Some(list) = node.child_by_field_name("list") {
                    stack.push((list, path));
                }
            }
            "use_list" => {
                for item in named(node).into_iter().rev() {
                    stack.push((item, prefix.to_string()));
                }
            }
            "use_wildcard" => {
                let path = named(node)
                    .first()
                    .map_or(prefix.to_string(), |p| join(prefix, self.t(*p)));
                out.push((
                    path,
                    Binding {
                        imported: Imported::Star,
                        local: "*".into(),
                        at: node.start_byte() + self.offset,
                    },
                ));
            }
            "use_as_clause" => {
                let (Some(path), Some(alias)) = (
                    node.child_by_field_name("path"),
                    node.child_by_field_name("alias"),
                ) else {
                    return;
                };
                let full = join(prefix, self.t(path));
                let (module, last) = full.rsplit_once("::").unwrap_or(("", full.as_str()));
                out.push((
                    module.to_string(),
                    self.binding(Imported::Name(last.to_string()), alias),
                ));
            }
            "self" => {
                // `a::{self}`: the module `a`, bound by its last name.
                let last = prefix.rsplit("::").next().unwrap_or(prefix).to_string();
                out.push((
                    prefix.to_string(),
                    Binding {
                        imported: Imported::Module,
                        local: last,
                        at: node.start_byte() + self.offset,
                    },
                ));
            }
            "identifier" | "scoped_identifier" | "crate" | "super" => {
                let full = join(prefix, self.t(node));
                let (module, last) = match full.rsplit_once("::") {
                    Some((m, l)) => (m.to_string(), l.to_string()),
                    None => (full.clone(), full.clone()),
                };
                // The name's own node, for its offset.
                let at = node
                    .child_by_field_name("name")
                    .unwrap_or(node)
                    .start_byte()
                    + self.offset;
                out.push((
                    module,
                    Binding {
                        imported: Imported::Name(last.clone()),
                        local: last,
                        at,
                    },
                ));
            }
            _ => {}
        }
    }

    // -- Anywhere -----------------------------------------------------------

    /// Imports whose module is computed (`importlib.import_module(name)`,
    /// `__import__`, `require(variable)`, `import(...)`) and imports inside
    /// functions: the table cannot follow them, so each is named.
    fn dynamic(&mut self, root: Node, lang: Lang) {
        // (node, whether its parent is the root): `Node::parent` walks
        // down from the root each time, which made deep files quadratic.
        let mut stack = vec![(root, false)];
        while let Some((node, top_level)) = stack.pop() {
            match (lang, node.kind()) {
                (Lang::Python, "call") => {
                    let f = node.child_by_field_name("function").map(|f| self.t(f));
                    if matches!(f, Some("__import__" | "importlib.import_module")) {
                        let f = f.unwrap_or_default().to_string();
                        self.finding(
                            node,
                            format!(
                                "dynamic import (`{f}`): the module is not known before the run"
                            ),
                        );
                    }
                }
                (Lang::Python, "import_statement" | "import_from_statement") if !top_level => {
                    self.finding(
                        node,
                        "import inside a block: left to the engine of its unit",
                    );
                }
                (Lang::JavaScript, "call_expression") => {
                    let f = node.child_by_field_name("function");
                    match f.map(|f| (f.kind(), self.t(f))) {
                        Some(("import", _)) => self.finding(
                            node,
                            "dynamic import (`import()`): the module is not known before the run",
                        ),
                        Some((_, "require")) if require_literal(node, self.src).is_none() => self
                            .finding(
                                node,
                                "dynamic import (`require` of a computed name): the module is \
                                 not known before the run",
                            ),
                        _ => {}
                    }
                }
                _ => {}
            }
            let is_root = node.id() == root.id();
            let mut cursor = node.walk();
            let kids: Vec<Node> = node.children(&mut cursor).collect();
            stack.extend(kids.into_iter().rev().map(|k| (k, is_root)));
        }
    }
}

/// The literal module of `require("x")`, or `None` when `node` is not one.
pub(crate) fn require_literal(node: Node, src: &str) -> Option<String> {
    if node.kind() != "call_expression" {
        return None;
    }
    let f = node.child_by_field_name("function")?;
    if &src[f.byte_range()] != "require" {
        return None;
    }
    let args = node.child_by_field_name("arguments")?;
    let args = named(args);
    match args.as_slice() {
        [one] => string_content(*one, src),
        _ => None,
    }
}

/// The names a JavaScript declaration binds.
fn declared_names(decl: Node, src: &str) -> Vec<String> {
    match decl.kind() {
        "function_declaration" | "generator_function_declaration" | "class_declaration" => decl
            .child_by_field_name("name")
            .map(|n| vec![src[n.byte_range()].to_string()])
            .unwrap_or_default(),
        "lexical_declaration" | "variable_declaration" => named(decl)
            .into_iter()
            .filter_map(|d| d.child_by_field_name("name"))
            .filter(|n| n.kind() == "identifier")
            .map(|n| src[n.byte_range()].to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// `if __name__ == "__main__":` (either quote, either order).
pub(crate) fn is_python_main_guard(stmt: Node, src: &str) -> bool {
    let Some(cond) = stmt.child_by_field_name("condition") else {
        return false;
    };
    let squashed: String = src[cond.byte_range()]
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '\'' { '"' } else { c })
        .collect();
    squashed == "__name__==\"__main__\"" || squashed == "\"__main__\"==__name__"
}

/// `if (require.main === module)` or an ES module main check comparing
/// `import.meta.url` with the script `process.argv[1]` names.
pub(crate) fn is_js_main_guard(stmt: Node, src: &str) -> bool {
    let Some(cond) = stmt.child_by_field_name("condition") else {
        return false;
    };
    let squashed: String = src[cond.byte_range()]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let squashed = squashed.trim_start_matches('(').trim_end_matches(')');
    matches!(
        squashed,
        "require.main===module" | "module===require.main" | "require.main==module"
    ) || (squashed.contains("import.meta.url") && squashed.contains("process.argv[1]"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_imports_all_and_entry_are_read() {
        let src = "import os.path as osp\nfrom .shapes import area, perimeter as per\nfrom . import stats\n__all__ = [\"main\"]\n\ndef main():\n    pass\n\nif __name__ == '__main__':\n    main()\n";
        let r = read(src, Lang::Python);
        assert_eq!(r.imports.len(), 3);
        assert_eq!(r.imports[0].spec, "os.path");
        assert_eq!(r.imports[0].bindings[0].local, "osp");
        assert_eq!(r.imports[0].bindings[0].imported, Imported::Module);
        assert_eq!(r.imports[1].spec, ".shapes");
        assert_eq!(
            r.imports[1].bindings[1].imported,
            Imported::Name("perimeter".into())
        );
        assert_eq!(r.imports[1].bindings[1].local, "per");
        assert_eq!(r.imports[2].spec, ".");
        let exports = r.exports.expect("__all__ read");
        assert_eq!(exports[0].name, "main");
        assert_eq!(r.entry, Some(9));
    }

    #[test]
    fn javascript_imports_exports_and_commonjs_are_read() {
        let src = "import def, { a, b as c } from \"./x.js\";\nimport * as ns from \"./y.js\";\nexport function f() {}\nexport { f as g };\nexport { h } from \"./z.js\";\nexport default f;\n";
        let r = read(src, Lang::JavaScript);
        assert_eq!(r.imports.len(), 3);
        let b = &r.imports[0].bindings;
        assert_eq!(b[0].imported, Imported::Default);
        assert_eq!(
            (b[2].imported.clone(), b[2].local.as_str()),
            (Imported::Name("b".into()), "c")
        );
        assert_eq!(r.imports[1].bindings[0].imported, Imported::Module);
        assert!(r.imports[2].reexport);
        let names: Vec<(String, String)> = r
            .exports
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.name, e.local))
            .collect();
        assert_eq!(
            names,
            [
                ("f".to_string(), "f".to_string()),
                ("g".into(), "f".into()),
                ("h".into(), "h".into()),
                ("default".into(), "f".into())
            ]
        );
        let cjs = read(
            "const { a, b: c } = require(\"./x\");\nconst m = require(name);\nmodule.exports = { a };\nif (require.main === module) { main(); }\n",
            Lang::JavaScript,
        );
        assert!(cjs.commonjs);
        assert_eq!(cjs.imports.len(), 1);
        assert_eq!(cjs.imports[0].bindings[1].local, "c");
        assert_eq!(cjs.entry, Some(4));
        assert!(cjs.findings[0].message.contains("dynamic import"));
        assert_eq!(cjs.findings[0].line, 2);
    }

    // Regression: `use a::{b, c}` was read as a star import of `a`, so
    // the names it binds were not followed across modules.
    #[test]
    fn rust_use_trees_are_read_per_module() {
        let r = read(
            "use crate::{a::f, b::{g, h as k}};\nuse std::f64::consts::PI;\npub use shapes::*;\n",
            Lang::Rust,
        );
        // (spec, (imported, local) bindings, re-exported)
        type Read = (String, Vec<(Imported, String)>, bool);
        let read: Vec<Read> = r
            .imports
            .iter()
            .map(|i| {
                (
                    i.spec.clone(),
                    i.bindings
                        .iter()
                        .map(|b| (b.imported.clone(), b.local.clone()))
                        .collect(),
                    i.reexport,
                )
            })
            .collect();
        let name = |n: &str| Imported::Name(n.to_string());
        assert_eq!(
            read,
            [
                (
                    "crate::a".to_string(),
                    vec![(name("f"), "f".to_string())],
                    false
                ),
                (
                    "crate::b".to_string(),
                    vec![(name("g"), "g".to_string()), (name("h"), "k".to_string())],
                    false
                ),
                (
                    "std::f64::consts".to_string(),
                    vec![(name("PI"), "PI".to_string())],
                    false
                ),
                (
                    "shapes".to_string(),
                    vec![(Imported::Star, "*".to_string())],
                    true
                ),
            ]
        );
        // Both imports of the first statement are on its line.
        assert_eq!((r.imports[0].line, r.imports[1].line), (1, 1));
    }

    // Items of other modules named by path are implied imports of their
    // modules, one per path as written; not a path whose item the file
    // defines, one inside an inline module, a `use` line or a macro, or
    // one whose root the file binds by `use`.
    #[test]
    fn rust_paths_to_items_are_implied_imports() {
        let r = read(
            "use other::shapes;\nmod geo;\n\nstruct Local;\n\n\
             fn f(s: crate::Style) -> crate::style::Style {\n    \
             let a = crate::Effects::new();\n    let b = super::shade(1);\n    \
             let c = geo::calc::level(2);\n    let d = crate::Local;\n    \
             let e = shapes::area(3);\n    let g = std::mem::take(&mut x);\n    \
             assert!(crate::h());\n    s\n}\n\nmod inner {\n    fn g() { super::f(); }\n}\n",
            Lang::Rust,
        );
        let implied: Vec<(String, String, String, usize)> = r
            .imports
            .iter()
            .filter(|i| i.implied)
            .map(|i| {
                let Imported::Name(name) = &i.bindings[0].imported else {
                    panic!("a name");
                };
                (i.spec.clone(), name.clone(), i.text.clone(), i.line)
            })
            .collect();
        let row = |spec: &str, name: &str, text: &str, line: usize| {
            (spec.to_string(), name.to_string(), text.to_string(), line)
        };
        assert_eq!(
            implied,
            [
                row("crate", "Style", "crate::Style", 6),
                row("crate::style", "Style", "crate::style::Style", 6),
                row("crate", "Effects", "crate::Effects", 7),
                row("super", "shade", "super::shade", 8),
                row("geo::calc", "level", "geo::calc::level", 9),
                row("std::mem", "take", "std::mem::take", 12),
            ]
        );
    }

    // The table is read before any engine's depth bound, on the caller's
    // stack: a use list nested thousands deep is walked with a stack of
    // its own, and its leaf comes out with the whole path.
    #[test]
    fn a_deep_use_tree_is_read_without_recursion() {
        const DEPTH: usize = 3_000;
        let src = format!("use {}x{};\n", "a::{".repeat(DEPTH), "}".repeat(DEPTH));
        let r = read(&src, Lang::Rust);
        let spec = vec!["a"; DEPTH].join("::");
        assert_eq!(r.imports.len(), 1);
        assert_eq!(r.imports[0].spec, spec);
        assert_eq!(r.imports[0].bindings[0].local, "x");
    }

    #[test]
    fn dynamic_imports_are_findings_with_lines() {
        let py = read(
            "import importlib\n\ndef load(n):\n    return importlib.import_module(n)\n",
            Lang::Python,
        );
        assert_eq!(py.findings.len(), 1);
        assert_eq!(py.findings[0].line, 4);
        let js = read(
            "async function f(n) { return import(n); }\n",
            Lang::JavaScript,
        );
        assert!(js.findings[0].message.contains("import()"));
    }
}
