//! Rust benchmarks travel as tests: a `#[bench] fn f(b: &mut Bencher)`
//! becomes the source of a plain test function, which [`super::tests`]
//! then translates as it translates a `#[test]` one.
//!
//! Under `cargo test` (not `cargo bench`) libtest runs each benchmark as a
//! test: `Bencher::iter` calls its closure once and times nothing. So the
//! translation is that run: `b.iter(|| body)` is `body` run once, as a
//! block (its value dropped), and `black_box(x)` is `x` (it only hides
//! `x` from the optimizer). Any other use of the `Bencher` (`b.bytes =
//! ..`), a closure with parameters or a `return` inside it, which would
//! leave the function instead of the closure, are declined, naming the
//! line.

use tree_sitter::Node;

use super::callees::named;
use super::entry::rewrite;
use crate::lang::Lang;

/// The paths `black_box` is called by.
const BLACK_BOX: &[&str] = &[
    "black_box",
    "test::black_box",
    "std::hint::black_box",
    "core::hint::black_box",
];

/// `src`, a `#[bench]` function (`function` its node in `src`'s tree), as
/// a test function without parameters that runs the benchmark once (see
/// the module). `first_line` is `src`'s first line in its file, for the
/// reasons.
pub fn as_test(src: &str, function: Node, first_line: usize) -> Result<String, String> {
    let line = |n: Node| first_line + n.start_position().row;
    let params = function
        .child_by_field_name("parameters")
        .ok_or_else(|| format!("benchmark without parameters at line {}", line(function)))?;
    let bencher = match named(params).as_slice() {
        [p] if is_bencher(
            &src[p
                .child_by_field_name("type")
                .map_or(0..0, |t| t.byte_range())],
        ) =>
        {
            match p.child_by_field_name("pattern") {
                Some(name) if name.kind() == "identifier" => src[name.byte_range()].to_string(),
                _ => return Err(format!("benchmark parameter at line {}", line(*p))),
            }
        }
        _ => {
            return Err(format!(
                "benchmark whose parameters are not one `&mut Bencher` at line {}",
                line(params)
            ))
        }
    };
    // `black_box(x)` first: the second pass replaces the closures that
    // hold most of them whole.
    let unboxed = rewrite(src, Lang::Rust, &|node, text| {
        let (callee, arg) = one_argument_call(node, text)?;
        if !BLACK_BOX.contains(&callee) {
            return None;
        }
        let arg_text = &text[arg.byte_range()];
        let statement = node
            .parent()
            .is_some_and(|p| p.kind() == "expression_statement");
        if statement && is_place(arg) {
            // `black_box(&mut x);` reads nothing: no statement at all
            // (its `;` stays, an empty statement).
            return Some(String::new());
        }
        Some(format!("({arg_text})"))
    })
    .ok_or_else(|| format!("benchmark the parser gave up on at line {first_line}"))?;
    let error = std::cell::RefCell::new(None::<String>);
    let fail = |n: Node, what: &str| {
        error
            .borrow_mut()
            .get_or_insert_with(|| format!("{what} at line {}", line(n)));
        Some(String::new())
    };
    let out = rewrite(&unboxed, Lang::Rust, &|node, text| {
        match node.kind() {
            "parameters" if node.parent().is_some_and(|p| p.kind() == "function_item") => {
                return Some("()".to_string())
            }
            "identifier" if text[node.byte_range()] == bencher => {
                return fail(node, "a use of the `Bencher` other than `iter`")
            }
            _ => {}
        }
        let (callee, closure) = one_argument_call(node, text)?;
        if callee != format!("{bencher}.iter") {
            return None;
        }
        if closure.kind() != "closure_expression" {
            return fail(node, "`Bencher::iter` of a value that is not a closure");
        }
        let takes = closure
            .child_by_field_name("parameters")
            .is_some_and(|p| !named(p).is_empty());
        if takes || holds_return(closure) {
            return fail(
                node,
                "`Bencher::iter` of a closure with parameters or a `return`",
            );
        }
        let body = closure.child_by_field_name("body")?;
        Some(dropped_value(body, text))
    })
    .ok_or_else(|| format!("benchmark the parser gave up on at line {first_line}"))?;
    match error.into_inner() {
        Some(e) => Err(format!("{e} (a benchmark runs as a test)")),
        None => Ok(out),
    }
}

/// A closure's body as a block statement whose value is dropped: `{ x;
/// }` of an expression `x`, and a block's tail expression given its `;`.
fn dropped_value(body: Node, text: &str) -> String {
    let whole = &text[body.byte_range()];
    if body.kind() != "block" {
        return format!("{{ {whole}; }}");
    }
    match named(body).last() {
        Some(tail)
            if !tail.kind().ends_with("statement")
                && !tail.kind().ends_with("declaration")
                && !tail.kind().ends_with("comment") =>
        {
            let at = tail.end_byte() - body.start_byte();
            format!("{};{}", &whole[..at], &whole[at..])
        }
        _ => whole.to_string(),
    }
}

/// `&mut Bencher` or `&mut test::Bencher`.
fn is_bencher(ty: &str) -> bool {
    let t: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
    matches!(t.as_str(), "&mutBencher" | "&muttest::Bencher")
}

/// `f(x)`: the callee's text (`test::black_box`, `b.iter`) and `x`.
fn one_argument_call<'t>(node: Node<'t>, text: &'t str) -> Option<(&'t str, Node<'t>)> {
    if node.kind() != "call_expression" {
        return None;
    }
    let callee = node.child_by_field_name("function")?;
    match named(node.child_by_field_name("arguments")?).as_slice() {
        [arg] => Some((&text[callee.byte_range()], *arg)),
        _ => None,
    }
}

/// `x`, `&x`, `&mut x`, `self.x`: reading it changes nothing.
fn is_place(n: Node) -> bool {
    match n.kind() {
        "identifier" | "self" => true,
        "reference_expression" => n.child_by_field_name("value").is_some_and(is_place),
        "field_expression" => n.child_by_field_name("value").is_some_and(is_place),
        _ => false,
    }
}

fn holds_return(n: Node) -> bool {
    n.kind() == "return_expression" || named(n).into_iter().any(holds_return)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bench(src: &str) -> Result<String, String> {
        let tree = crate::units::parse(src, Lang::Rust).expect("parses");
        let f = named(tree.root_node())
            .into_iter()
            .find(|n| n.kind() == "function_item")
            .expect("a function");
        as_test(src, f, 1)
    }

    #[test]
    fn iter_runs_the_closure_once_and_black_box_is_its_value() {
        let src = "fn f(b: &mut Bencher) {\n    let v = black_box(3);\n    b.iter(|| {\n        black_box(&v);\n        test::black_box(v + 1)\n    })\n}";
        assert_eq!(
            bench(src).expect("a test"),
            "fn f() {\n    let v = (3);\n    {\n        ;\n        (v + 1);\n    }\n}"
        );
    }

    #[test]
    fn other_uses_of_the_bencher_are_declined_with_their_line() {
        for (src, want) in [
            (
                "fn f(b: &mut Bencher) {\n    b.iter(|| 1);\n    b.bytes = 8;\n}",
                "a use of the `Bencher` other than `iter` at line 3",
            ),
            (
                "fn f(b: &mut Bencher) {\n    b.iter(|| {\n        return;\n    });\n}",
                "`Bencher::iter` of a closure with parameters or a `return` at line 2",
            ),
            (
                "fn f(b: &mut Bencher, n: u32) {\n}",
                "benchmark whose parameters are not one `&mut Bencher` at line 1",
            ),
        ] {
            let got = bench(src).expect_err("declined");
            assert!(got.starts_with(want), "{got}");
        }
    }
}
