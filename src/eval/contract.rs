//! Whether a task's source and target agree on the function's contract, as
//! far as the source's declared types tell: a Rust source that returns
//! `i32` answers `-1` where the Python tests of the same problem expect
//! `None`, and a right translation of it fails them. Such a task says
//! nothing about a translator, like one whose canonical solution fails its
//! own tests, so it is left out with the reason.

use crate::lang::Lang;

/// Why the source's declared return type cannot give what the target's
/// tests expect, if it cannot. Only a Rust source declares its types.
pub fn mismatch(
    source_declaration: &str,
    from: Lang,
    target_test: &str,
    to: Lang,
) -> Option<String> {
    if from != Lang::Rust {
        return None;
    }
    let returns = rust_return_type(source_declaration)?;
    let absent = match to {
        Lang::Python => &["None"][..],
        Lang::JavaScript => &["null", "undefined"][..],
        Lang::Rust => &[][..],
    };
    let mentioned = absent.iter().find(|word| mentions(target_test, word));
    if let Some(word) = mentioned {
        if !returns.contains("Option") {
            return Some(format!(
                "the contracts differ: the {from} source returns `{returns}`, which has no \
                 value for the `{word}` the {to} tests expect"
            ));
        }
    }
    let is_sequence = returns.starts_with("Vec<") || returns.starts_with('[');
    if to == Lang::Python && is_sequence && compares_with_tuple(target_test) {
        return Some(format!(
            "the contracts differ: the {from} source returns `{returns}`, a list, and the \
             {to} tests compare the result with a tuple, which no list equals"
        ));
    }
    None
}

/// The return type of the last function header in a Rust declaration
/// (`fn f(x: i32) -> Vec<i32> {` gives `Vec<i32>`); `()` when it has none.
fn rust_return_type(declaration: &str) -> Option<String> {
    let header = &declaration[declaration.rfind("fn ")?..];
    let body = header.find('{').unwrap_or(header.len());
    let header = &header[..body];
    Some(match header.rfind("->") {
        Some(arrow) => header[arrow + 2..].trim().to_string(),
        None => "()".to_string(),
    })
}

/// Whether `word` occurs in `text` as a whole identifier.
fn mentions(text: &str, word: &str) -> bool {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$'))
        .any(|w| w == word)
}

/// Whether a Python test compares something with a tuple literal:
/// `== (a, b)`, `== (a,)` or `== ()`.
fn compares_with_tuple(test: &str) -> bool {
    let mut rest = test;
    while let Some(at) = rest.find("==") {
        let after = rest[at + 2..].trim_start();
        rest = &rest[at + 2..];
        let Some(inner) = after.strip_prefix('(') else {
            continue;
        };
        let mut depth = 0usize;
        let mut comma = false;
        for c in inner.chars() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' if depth == 0 => {
                    // `()` is the empty tuple; `(x)` is x.
                    if comma || inner.starts_with(')') {
                        return true;
                    }
                    break;
                }
                ')' | ']' | '}' => depth = depth.saturating_sub(1),
                ',' if depth == 0 => comma = true,
                _ => {}
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEXT_SMALLEST: &str = "use std::cmp;\n\nfn next_smallest(lst:Vec<i32>) -> i32{\n";

    // Regression: Rust sources that answer a sentinel (`-1`, `vec![0, 1]`)
    // where the target's tests expect `None`/`null` were counted as failed
    // translations, though the translation did what the source does.
    #[test]
    fn a_sentinel_where_the_target_expects_no_value_is_a_mismatch() {
        let py = "assert next_smallest([]) == None\n";
        let why = mismatch(NEXT_SMALLEST, Lang::Rust, py, Lang::Python).unwrap();
        assert!(
            why.contains("returns `i32`") && why.contains("`None`"),
            "{why}"
        );
        let js = "console.assert(nextSmallest([]) === null)\n";
        let why = mismatch(NEXT_SMALLEST, Lang::Rust, js, Lang::JavaScript).unwrap();
        assert!(why.contains("`null`"), "{why}");
        // An `Option` can be `None`.
        let optional = "fn next_smallest(lst: Vec<i32>) -> Option<i32> {\n";
        assert_eq!(mismatch(optional, Lang::Rust, py, Lang::Python), None);
        // Tests that expect values only: no mismatch.
        let plain = "assert next_smallest([1, 2]) == 2\n";
        assert_eq!(
            mismatch(NEXT_SMALLEST, Lang::Rust, plain, Lang::Python),
            None
        );
        // Untyped sources say nothing.
        let source = "def next_smallest(lst):\n";
        assert_eq!(mismatch(source, Lang::Python, js, Lang::JavaScript), None);
    }

    #[test]
    fn a_list_where_python_expects_a_tuple_is_a_mismatch() {
        let source = "fn bf(a: &str, b: &str) -> Vec<String> {\n";
        for test in [
            "assert bf(\"a\", \"b\") == (\"x\", \"y\"), \"First\"\n",
            "assert bf(\"a\", \"b\") == (\"x\",)\n",
            "assert bf(\"a\", \"a\") == ()\n",
        ] {
            let why = mismatch(source, Lang::Rust, test, Lang::Python).unwrap();
            assert!(why.contains("tuple"), "{why}");
        }
        // A parenthesized value is not a tuple; a list literal is a list.
        for test in [
            "assert len(bf(\"a\", \"b\")) == (1 + 1)\n",
            "assert bf(\"a\", \"b\") == [\"x\", \"y\"]\n",
        ] {
            assert_eq!(mismatch(source, Lang::Rust, test, Lang::Python), None);
        }
    }
}
