//! Whether a task's source and target agree on the function's contract, as
//! far as the declared types tell: a Rust source that returns `i32`
//! answers `-1` where the Python tests of the same problem expect `None`,
//! and a right translation of it fails them. Such a task says nothing
//! about a translator, like one whose canonical solution fails its own
//! tests, so it is left out with the reason.

use super::bench::Task;
use crate::lang::Lang;

/// Why the source's contract cannot give what the target's tests expect,
/// if it cannot.
pub fn mismatch(source: &Task, from: Lang, target: &Task, to: Lang) -> Option<String> {
    match from {
        Lang::Rust => rust_mismatch(&source.declaration, &target.test, to),
        Lang::JavaScript => javascript_mismatch(&target.declaration, &target.test, to),
        Lang::Python => None,
    }
}

/// JavaScript has no tuple: where several values come back, an array
/// does, which is a list in Python. A Python declaration that says it
/// returns a tuple lets a translator write one; one that says nothing,
/// while its tests compare the result with a tuple, asks for what the
/// source's contract does not hold.
fn javascript_mismatch(target_declaration: &str, target_test: &str, to: Lang) -> Option<String> {
    let annotated = python_return_annotation(target_declaration).is_some();
    (to == Lang::Python && !annotated && compares_with_tuple(target_test)).then(|| {
        "the contracts differ: JavaScript has no tuple, and the Python declaration does \
         not say the result is one, while its tests compare it with a tuple, which no \
         list equals"
            .to_string()
    })
}

/// The return annotation of the last `def` of a Python declaration
/// (`def f(x: int) -> Tuple[int, int]:` gives `Tuple[int, int]`).
fn python_return_annotation(declaration: &str) -> Option<&str> {
    let header = &declaration[declaration.rfind("def ")?..];
    let open = header.find('(')?;
    let mut depth = 0usize;
    let close = header[open..].char_indices().find_map(|(i, c)| {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
        None
    })?;
    let rest = &header[close + 1..];
    let rest = rest.split_once(':').map_or(rest, |(r, _)| r);
    rest.trim().strip_prefix("->").map(str::trim)
}

/// Why a Rust source's declared return type cannot give what the
/// target's tests expect, if it cannot.
fn rust_mismatch(source_declaration: &str, target_test: &str, to: Lang) -> Option<String> {
    let from = Lang::Rust;
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

    fn task(declaration: &str, test: &str) -> Task {
        Task {
            declaration: declaration.to_string(),
            test: test.to_string(),
            ..Task::default()
        }
    }

    /// `mismatch` of a Rust source's declaration and a target's test.
    fn rust(declaration: &str, test: &str, to: Lang) -> Option<String> {
        mismatch(&task(declaration, ""), Lang::Rust, &task("", test), to)
    }

    const NEXT_SMALLEST: &str = "use std::cmp;\n\nfn next_smallest(lst:Vec<i32>) -> i32{\n";

    // Regression: Rust sources that answer a sentinel (`-1`, `vec![0, 1]`)
    // where the target's tests expect `None`/`null` were counted as failed
    // translations, though the translation did what the source does.
    #[test]
    fn a_sentinel_where_the_target_expects_no_value_is_a_mismatch() {
        let py = "assert next_smallest([]) == None\n";
        let why = rust(NEXT_SMALLEST, py, Lang::Python).unwrap();
        assert!(
            why.contains("returns `i32`") && why.contains("`None`"),
            "{why}"
        );
        let js = "console.assert(nextSmallest([]) === null)\n";
        let why = rust(NEXT_SMALLEST, js, Lang::JavaScript).unwrap();
        assert!(why.contains("`null`"), "{why}");
        // An `Option` can be `None`.
        let optional = "fn next_smallest(lst: Vec<i32>) -> Option<i32> {\n";
        assert_eq!(rust(optional, py, Lang::Python), None);
        // Tests that expect values only: no mismatch.
        let plain = "assert next_smallest([1, 2]) == 2\n";
        assert_eq!(rust(NEXT_SMALLEST, plain, Lang::Python), None);
        // Untyped sources say nothing.
        let source = "def next_smallest(lst):\n";
        assert_eq!(
            mismatch(
                &task(source, ""),
                Lang::Python,
                &task("", js),
                Lang::JavaScript
            ),
            None
        );
    }

    // Regression: `bf` returns an array of planets in JavaScript; its Python
    // tests compare the result with a tuple its declaration does not name.
    #[test]
    fn a_javascript_array_where_python_tests_expect_an_undeclared_tuple_is_a_mismatch() {
        let js = task("const bf = (planet1, planet2) => {\n", "");
        let test = "assert bf(\"a\", \"b\") == (\"x\", \"y\"), \"First\"\n";
        let bare = task("def bf(planet1, planet2):\n", test);
        let why = mismatch(&js, Lang::JavaScript, &bare, Lang::Python).unwrap();
        assert!(why.contains("tuple"), "{why}");
        // A declared tuple a translator can write.
        let declared = "def f(xs: List[int]) -> Tuple[int, int]:\n";
        assert_eq!(python_return_annotation(declared), Some("Tuple[int, int]"));
        assert_eq!(
            mismatch(&js, Lang::JavaScript, &task(declared, test), Lang::Python),
            None
        );
        // Tests that compare with lists ask for what an array gives.
        let lists = task("def bf(planet1, planet2):\n", "assert bf(1, 2) == [1]\n");
        assert_eq!(mismatch(&js, Lang::JavaScript, &lists, Lang::Python), None);
        assert_eq!(python_return_annotation("def f(x: int):\n"), None);
    }

    #[test]
    fn a_list_where_python_expects_a_tuple_is_a_mismatch() {
        let source = "fn bf(a: &str, b: &str) -> Vec<String> {\n";
        for test in [
            "assert bf(\"a\", \"b\") == (\"x\", \"y\"), \"First\"\n",
            "assert bf(\"a\", \"b\") == (\"x\",)\n",
            "assert bf(\"a\", \"a\") == ()\n",
        ] {
            let why = rust(source, test, Lang::Python).unwrap();
            assert!(why.contains("tuple"), "{why}");
        }
        // A parenthesized value is not a tuple; a list literal is a list.
        for test in [
            "assert len(bf(\"a\", \"b\")) == (1 + 1)\n",
            "assert bf(\"a\", \"b\") == [\"x\", \"y\"]\n",
        ] {
            assert_eq!(rust(source, test, Lang::Python), None);
        }
    }
}
