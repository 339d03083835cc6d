//! The support module of a translated Rust crate (`src/xlate_support.rs`):
//! the helpers the rules backend would otherwise write into each output
//! file that needs them, declared once for the whole crate. A file that
//! declares its own `trait JsPrimitive` has a trait no other file's is, so
//! a caller's `T: JsPrimitive` could not be passed to another file's
//! generic callee bound by it; with one trait in the crate the bound is the
//! same on both sides (`use crate::xlate_support::JsPrimitive;`).
//!
//! The module exists for a translated project from JavaScript into Rust
//! (whose backend writes `JsPrimitive`), whatever the files translate to,
//! so that its presence and text do not depend on which units translate or
//! in which order. A single-file translation keeps its helpers inline.

use crate::engine::rules::back::rust_support;
use crate::engine::SupportCode;
use crate::lang::Lang;

use super::ProjectSymbols;

/// The module's name under the crate root.
pub const MODULE: &str = "xlate_support";

/// Its output path, beside `src/lib.rs`.
pub const OUTPUT: &str = "src/xlate_support.rs";

/// Whether the crate translated from `table` has the support module: a
/// project (modules importing each other) into Rust with a JavaScript
/// source, where no translated module already takes its path.
pub fn shares(table: &ProjectSymbols) -> bool {
    table.to == Lang::Rust
        && table.modules.iter().any(|m| m.lang == Lang::JavaScript)
        && !table
            .modules
            .iter()
            .any(|m| m.output == OUTPUT || m.output == "src/xlate_support/mod.rs")
        && table.is_project()
}

/// The module's text: each shared helper, in a fixed order.
pub fn module_text() -> String {
    let mut text = String::from(
        "//! The helpers the translated modules share: each is declared once for\n\
         //! the crate, so that a bound one file writes is the bound another reads.\n\n",
    );
    for (i, s) in rust_support::crate_shared().iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&s.code);
    }
    text
}

/// `support` with each helper the crate's support module declares
/// replaced by the import of it (`use crate::xlate_support::JsPrimitive;`).
pub fn imported(support: Vec<SupportCode>) -> Vec<SupportCode> {
    support
        .into_iter()
        .map(|s| match rust_support::shared_name(&s.key) {
            Some(name) => SupportCode {
                key: format!("path-import:use crate::{MODULE}::{name};"),
                code: format!("use crate::{MODULE}::{name};\n"),
            },
            None => s,
        })
        .collect()
}

/// `text`, one Rust output file, as the per-file compile check builds it:
/// where it imports from the support module, the module is appended inline
/// (at the end, so that the file's lines keep their numbers), since the
/// check compiles the file alone, as a crate root, and rustc stops before
/// typing a file whose trait bound names an import it cannot resolve.
pub fn for_check(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(&format!("use crate::{MODULE}::")) {
        return std::borrow::Cow::Borrowed(text);
    }
    let body: String = module_text()
        .lines()
        .filter(|l| !l.starts_with("//!"))
        .map(|l| format!("    {l}\n"))
        .collect();
    std::borrow::Cow::Owned(format!(
        "{text}\n#[allow(dead_code)]\nmod {MODULE} {{\n{body}}}\n"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_helpers_become_imports_and_the_module_declares_them() {
        let support = vec![
            SupportCode {
                key: "helper:JsPrimitive".into(),
                code: "pub trait JsPrimitive {}\n".into(),
            },
            SupportCode {
                key: "helper:py_div_i64".into(),
                code: "fn py_div_i64() {}\n".into(),
            },
        ];
        let out = imported(support);
        assert_eq!(out[0].code, "use crate::xlate_support::JsPrimitive;\n");
        assert_eq!(out[1].key, "helper:py_div_i64");
        let text = module_text();
        assert!(text.contains("pub trait JsPrimitive"), "{text}");
        assert!(text.contains("impl JsPrimitive for String"), "{text}");
        // The check's copy keeps the file's lines where they were.
        let file = "use crate::xlate_support::JsPrimitive;\nfn f() {}\n";
        let checked = for_check(file);
        assert!(checked.starts_with(file) && checked.contains("mod xlate_support {"));
        assert_eq!(for_check("fn f() {}\n"), "fn f() {}\n");
    }
}
