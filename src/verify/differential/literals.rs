//! The literals a function's own text names: the ints it compares against
//! and indexes with, the strings and characters it looks for. Inputs drawn
//! around them reach the code behind those comparisons, which values drawn
//! from the types alone rarely do (a string of random letters has no `(`
//! for a parenthesis counter to count, an int drawn at random is seldom
//! the `3` a branch tests for).

use tree_sitter::{Node, Parser};

use crate::lang::Lang;

/// Ints of at most this magnitude are kept: larger ones are constants
/// (a modulus, a limit) that a random draw would not reach usefully.
const MAX_INT: i128 = 10_000;
/// Strings longer than this are messages or docstrings, not values the
/// function compares its input against.
const MAX_STRING: usize = 12;
/// At most this many of each kind, in order of appearance.
const MAX_EACH: usize = 12;

/// The literal values of one function.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Literals {
    /// Integer literals, in order of first appearance.
    pub ints: Vec<i128>,
    /// String and character literals (their contents, escapes left out).
    pub strings: Vec<String>,
}

impl Literals {
    /// The characters of the string literals, each once: what random
    /// strings are made of, besides the usual alphabet.
    pub fn chars(&self) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in self.strings.iter().flat_map(|s| s.chars()) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

/// The literals of `function_text` (one function, as written in `lang`).
pub fn literals(lang: Lang, function_text: &str) -> Literals {
    let mut parser = Parser::new();
    let mut found = Literals::default();
    if parser.set_language(&lang.grammar()).is_err() {
        return found;
    }
    let Some(tree) = parser.parse(function_text, None) else {
        return found;
    };
    collect(lang, tree.root_node(), function_text, &mut found, 0);
    found
}

/// Deep enough for any function body a person writes; past it the tree is
/// left unread rather than the stack risked.
const MAX_DEPTH: usize = 200;

fn collect(lang: Lang, node: Node<'_>, text: &str, found: &mut Literals, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let source = |n: Node<'_>| text.get(n.byte_range()).unwrap_or("");
    match (lang, node.kind()) {
        (Lang::Python, "integer")
        | (Lang::JavaScript, "number")
        | (Lang::Rust, "integer_literal") => {
            if let Some(n) = int_value(source(node)) {
                if n.abs() <= MAX_INT && !found.ints.contains(&n) && found.ints.len() < MAX_EACH {
                    found.ints.push(n);
                }
            }
            return;
        }
        (Lang::Python, "string")
        | (Lang::JavaScript, "string")
        | (Lang::Rust, "string_literal") => {
            // A docstring is a statement of its own, not a value.
            let docstring = node
                .parent()
                .is_some_and(|p| p.kind() == "expression_statement");
            if !docstring {
                if let Some(content) = string_content(node, text) {
                    push_string(found, content);
                }
            }
            return;
        }
        (Lang::Rust, "char_literal") => {
            let raw = source(node);
            let inner = raw.strip_prefix('\'').and_then(|r| r.strip_suffix('\''));
            if let Some(inner) = inner.filter(|i| !i.contains('\\')) {
                push_string(found, inner.to_string());
            }
            return;
        }
        _ => {}
    }
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        collect(lang, child, text, found, depth + 1);
    }
}

fn push_string(found: &mut Literals, content: String) {
    if content.chars().count() <= MAX_STRING
        && !content.contains('\n')
        && !found.strings.contains(&content)
        && found.strings.len() < MAX_EACH
    {
        found.strings.push(content);
    }
}

/// The contents of a string literal with no escapes, interpolation or
/// prefix (`f"..."`, `b"..."`, `r"..."`): those are left out.
fn string_content(node: Node<'_>, text: &str) -> Option<String> {
    let raw = text.get(node.byte_range())?;
    let quote = raw.chars().next()?;
    if !matches!(quote, '"' | '\'') || raw.contains('\\') {
        return None;
    }
    let quotes: String = raw.chars().take_while(|c| *c == quote).collect();
    // `''` is the empty string, `'''x'''` a triple-quoted one.
    let width = if quotes.len() >= 3 { 3 } else { 1 };
    let inner = raw.get(width..raw.len().checked_sub(width)?)?;
    Some(inner.to_string())
}

/// A decimal integer literal's value (`1_000`, `7u8`, `3i64` included);
/// hex, octal, binary and floats are left out.
fn int_value(raw: &str) -> Option<i128> {
    let digits: String = raw.chars().filter(|c| *c != '_').collect();
    // A Rust type suffix (`7u8`, `3i64`, `2usize`) or a JavaScript bigint's `n`.
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let (number, suffix) = digits.split_at(end);
    let suffix_ok = suffix.is_empty()
        || suffix == "n"
        || (suffix.starts_with(['i', 'u'])
            && suffix[1..].chars().all(|c| c.is_ascii_alphanumeric()));
    if number.is_empty() || !suffix_ok || (number.len() > 1 && number.starts_with('0')) {
        return None;
    }
    number.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_literals_leave_out_docstrings_and_escapes() {
        let py = "def depth(s: str) -> int:\n    \"\"\"Deepest nesting.\"\"\"\n    d = 0\n    for c in s:\n        if c == '(':\n            d += 1\n        elif c == \")\":\n            d -= 1\n        elif c == '\\n':\n            return -3\n    return d * 1000000\n";
        let found = literals(Lang::Python, py);
        assert_eq!(found.ints, vec![0, 1, 3]);
        assert_eq!(found.strings, vec!["(", ")"]);
        assert_eq!(found.chars(), vec!['(', ')']);
    }

    #[test]
    fn javascript_and_rust_literals() {
        let js = "const f = (s, n) => s.split(' ').length > 2 && n % 10 === 7;";
        let found = literals(Lang::JavaScript, js);
        assert_eq!(found.ints, vec![2, 10, 7]);
        assert_eq!(found.strings, vec![" "]);
        let rs = "fn f(s: &str) -> usize { s.chars().filter(|c| *c == 'a' || \"xyz\".contains(*c)).count() + 4usize + 0x10 }";
        let found = literals(Lang::Rust, rs);
        assert_eq!(found.ints, vec![4]);
        assert_eq!(found.strings, vec!["a", "xyz"]);
    }
}
