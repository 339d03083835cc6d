//! The standard-library mapping table: which target import stands for a
//! source import of a standard module, and how far that holds. The table is
//! data (`data/stdlib.toml`), embedded at build time and read once.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;

/// How far an entry's counterpart holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every use the engines accept is translated exactly.
    Sound,
    /// Some uses map, the rest are declined or hold on common inputs only.
    Partial,
    /// No counterpart: a person must choose one.
    None,
}

/// One module of one direction.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub from: Lang,
    pub to: Lang,
    pub module: String,
    /// The target's import statements, one per line; empty when none.
    pub import: String,
    pub status: Status,
    pub note: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Table {
    python_stdlib: Vec<String>,
    node_builtins: Vec<String>,
    module: Vec<Entry>,
}

const TABLE: &str = include_str!("../../data/stdlib.toml");

fn table() -> &'static Table {
    static PARSED: OnceLock<Table> = OnceLock::new();
    PARSED.get_or_init(|| {
        // The table is part of the binary, and a test parses it: a broken
        // table cannot ship.
        toml::from_str(TABLE).unwrap_or_else(|e| panic!("data/stdlib.toml: {e}"))
    })
}

/// A JavaScript module specifier without its `node:` scheme.
fn bare(spec: &str) -> &str {
    spec.strip_prefix("node:").unwrap_or(spec)
}

/// The entry for `module` of `from` translated into `to`.
pub fn lookup(from: Lang, to: Lang, module: &str) -> Option<&'static Entry> {
    table().module.iter().find(|e| {
        e.from == from && e.to == to && (e.module == module || bare(&e.module) == bare(module))
    })
}

/// Whether `module` (as imported) belongs to `lang`'s standard library.
pub fn is_standard(lang: Lang, module: &str) -> bool {
    match lang {
        Lang::Python => {
            let top = module.split('.').next().unwrap_or(module);
            table().python_stdlib.iter().any(|m| m == top)
        }
        Lang::JavaScript => {
            module.starts_with("node:") || table().node_builtins.iter().any(|m| m == module)
        }
        Lang::Rust => {
            let top = module.split("::").next().unwrap_or(module);
            matches!(top, "std" | "core" | "alloc")
        }
    }
}

/// Every entry, for checks and documentation.
pub fn entries() -> &'static [Entry] {
    &table().module
}

/// Checks that no direction lists a module twice; returns the duplicates.
pub fn duplicates() -> Vec<String> {
    let mut seen = HashSet::new();
    entries()
        .iter()
        .filter(|e| !seen.insert((e.from, e.to, e.module.clone())))
        .map(|e| format!("{} → {}: {}", e.from, e.to, e.module))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_lists_each_module_once() {
        assert!(entries().len() > 20);
        assert_eq!(duplicates(), Vec::<String>::new());
        // Every import line an entry gives parses in its target language.
        for e in entries() {
            if !e.import.is_empty() {
                assert_eq!(
                    crate::units::first_syntax_error(&e.import, e.to),
                    None,
                    "{}",
                    e.module
                );
            }
        }
    }

    #[test]
    fn lookups_know_node_schemes_and_standard_modules() {
        let fs = lookup(Lang::JavaScript, Lang::Python, "fs").expect("fs listed as node:fs");
        assert_eq!(fs.status, Status::None);
        assert_eq!(
            lookup(Lang::Python, Lang::JavaScript, "os.path").map(|e| e.import.as_str()),
            Some("import path from \"node:path\";")
        );
        assert!(is_standard(Lang::Python, "collections.abc"));
        assert!(!is_standard(Lang::Python, "requests"));
        assert!(is_standard(Lang::JavaScript, "node:whatever"));
        assert!(is_standard(Lang::JavaScript, "path"));
        assert!(!is_standard(Lang::JavaScript, "lodash"));
    }
}
