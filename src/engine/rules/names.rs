//! Identifier conversion between the two languages' conventions.
//!
//! The conversion is a pure function of the source name, so every unit of a
//! file that mentions a name gets the same target name without knowing the
//! others. Constants (`MAX_LEN`) and class names (`Parser`) keep their
//! spelling, which both languages share; names that are reserved in the
//! target, or that would hide something the translation relies on, get a
//! trailing underscore.

use crate::lang::{to_camel_case, to_snake_case};

/// Words a JavaScript identifier cannot be, and globals a translation uses.
const JS_RESERVED: &[&str] = &[
    "arguments",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "eval",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "implements",
    "import",
    "in",
    "instanceof",
    "interface",
    "let",
    "new",
    "null",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "static",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "with",
    "yield",
    "NaN",
    "Infinity",
    // Globals the translation itself writes.
    "Array",
    "Boolean",
    "Error",
    "JSON",
    "Map",
    "Math",
    "Number",
    "Object",
    "Set",
    "String",
    "console",
    "parseFloat",
    "parseInt",
    // Helpers (see helpers.rs).
    "pyCmp",
    "pyEq",
    "pyMod",
    "pyTruthy",
    "range",
    "zip",
];

/// Python keywords, and builtins a translation calls by name.
const PY_RESERVED: &[&str] = &[
    "False",
    "None",
    "True",
    "and",
    "as",
    "assert",
    "async",
    "await",
    "break",
    "class",
    "continue",
    "def",
    "del",
    "elif",
    "else",
    "except",
    "finally",
    "for",
    "from",
    "global",
    "if",
    "import",
    "in",
    "is",
    "lambda",
    "nonlocal",
    "not",
    "or",
    "pass",
    "raise",
    "return",
    "try",
    "while",
    "with",
    "yield",
    // Builtins and modules the translation writes.
    "abs",
    "all",
    "any",
    "bin",
    "bool",
    "chr",
    "dict",
    "enumerate",
    "filter",
    "float",
    "format",
    "functools",
    "int",
    "isinstance",
    "len",
    "list",
    "map",
    "math",
    "max",
    "min",
    "next",
    "ord",
    "print",
    "range",
    "re",
    "reversed",
    "round",
    "set",
    "sorted",
    "str",
    "sum",
    "tuple",
    "zip",
    // Helpers (see helpers.rs).
    "js_add",
    "js_loose_eq",
    "js_number",
    "js_parse_int",
    "js_rem",
    "js_str",
    "js_strict_eq",
    "js_truthy",
];

/// Whether a name is spelled the same in both conventions: `MAX_LEN`,
/// `Parser`, `_`, `x`.
fn keeps_spelling(name: &str) -> bool {
    let core = name.trim_matches('_');
    if core.is_empty() {
        return true;
    }
    let is_constant = core
        .chars()
        .all(|c| c.is_uppercase() || c.is_ascii_digit() || c == '_')
        && core.chars().any(|c| c.is_uppercase());
    let is_class = core.chars().next().is_some_and(|c| c.is_uppercase());
    is_constant || is_class
}

/// The JavaScript spelling of a Python name.
pub fn js_name(py: &str) -> String {
    let name = if keeps_spelling(py) {
        py.to_string()
    } else {
        to_camel_case(py)
    };
    if JS_RESERVED.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// The Python spelling of a JavaScript name, or `None` when it cannot be one
/// (a `$` in it).
pub fn py_name(js: &str) -> Option<String> {
    if js.contains('$') {
        return None;
    }
    let name = if keeps_spelling(js) {
        js.to_string()
    } else {
        to_snake_case(js)
    };
    Some(if PY_RESERVED.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_names_become_camel_case() {
        assert_eq!(js_name("has_close_elements"), "hasCloseElements");
        assert_eq!(js_name("x"), "x");
        assert_eq!(js_name("MAX_LEN"), "MAX_LEN");
        assert_eq!(js_name("Parser"), "Parser");
        assert_eq!(js_name("_"), "_");
        assert_eq!(js_name("new"), "new_");
        assert_eq!(js_name("digitSum"), "digitSum");
        assert_eq!(js_name("range"), "range_");
    }

    #[test]
    fn javascript_names_become_snake_case() {
        assert_eq!(py_name("hasCloseElements").unwrap(), "has_close_elements");
        assert_eq!(py_name("len").unwrap(), "len_");
        assert_eq!(py_name("MAX_LEN").unwrap(), "MAX_LEN");
        assert_eq!(py_name("max_depth").unwrap(), "max_depth");
        assert_eq!(py_name("lambda").unwrap(), "lambda_");
        assert_eq!(py_name("$x"), None);
    }

    #[test]
    fn conversion_is_consistent() {
        for name in ["is_palindrome", "make_palindrome", "fib4", "sum2_numbers"] {
            assert_eq!(js_name(name), js_name(name));
            assert_eq!(py_name(&js_name(name)).unwrap(), name);
        }
    }
}
