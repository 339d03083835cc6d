//! Tests travel with the project: a `unittest.TestCase` class becomes a
//! `node:test` group (`describe`) of `test(...)` calls, and `test(...)` /
//! `describe(...)` registrations become `unittest.TestCase` classes, so the
//! translated project can be checked with its own tests (`node --test`,
//! `python3 -m unittest`).
//!
//! Each test body is translated by the language direction as a function,
//! with the assertions standing in as placeholder calls whose target names
//! are the target's assertions. Assertions map by meaning: `assertEqual`
//! (`==`, deep for lists and dicts) ↔ `assert.deepStrictEqual`;
//! `assertTrue(x)` ↔ `assert.ok(...)` with the source's truthiness made
//! explicit (`bool(x)`, `Boolean(x)`), since `[]` is false in Python and
//! true in JavaScript. Other assertions are declined, naming their line.

use tree_sitter::Node;

use super::entry::rewrite;
use super::glue::{Direction, Piece};
use crate::engine::rules::front::rust::attributes;
use crate::engine::{SupportCode, TranslationRequest};
use crate::lang::{to_snake_case, Lang};
use crate::units::SegmentKind;

/// The named children of `node` without its comments (`comment` in
/// Python and JavaScript; `line_comment` and `block_comment`, doc comments
/// among them, in Rust): a comment does nothing when the tests run.
fn named(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|c| !matches!(c.kind(), "comment" | "line_comment" | "block_comment"))
        .collect()
}

/// A request for one test body, as a function named `name`.
fn body_request(
    req: &TranslationRequest,
    source: String,
    first_line: usize,
    names: &[(&str, &str)],
) -> TranslationRequest {
    let mut sub = req.clone();
    sub.source = source;
    // The wrapper's header line is not in the file.
    sub.first_line = first_line.saturating_sub(1);
    sub.kind = SegmentKind::Function;
    sub.name = None;
    sub.context.signature = None;
    sub.context
        .names
        .extend(names.iter().map(|(a, b)| (a.to_string(), b.to_string())));
    sub
}

/// The body lines of a translated wrapper function (its header and, for
/// JavaScript, closing brace left out), without their common indent.
fn function_body(code: &str, lang: Lang) -> String {
    let lines: Vec<&str> = code.lines().collect();
    let Some(start) = lines
        .iter()
        .position(|l| l.starts_with("function ") || l.starts_with("def "))
    else {
        return String::new();
    };
    let end = match lang {
        Lang::JavaScript => lines.iter().rposition(|l| *l == "}").unwrap_or(lines.len()),
        _ => lines.len(),
    };
    let body = lines[start + 1..end.max(start + 1)].join("\n");
    crate::verify::dedent(&format!("{body}\n"))
}

// -- Python → JavaScript ------------------------------------------------------

/// Translates a `unittest.TestCase` class; `None` when the class is not one.
pub fn python_test_class(
    req: &TranslationRequest,
    direction: Direction,
) -> Result<Option<Piece>, String> {
    let src = req.source.strip_prefix('\u{feff}').unwrap_or(&req.source);
    let Some(tree) = crate::units::parse(src, Lang::Python) else {
        return Ok(None);
    };
    let Some(class) = named(tree.root_node())
        .into_iter()
        .find(|n| n.kind() == "class_definition")
    else {
        return Ok(None);
    };
    let is_test_case = class.child_by_field_name("superclasses").is_some_and(|s| {
        let t = &src[s.byte_range()];
        t == "(unittest.TestCase)" || t == "(TestCase)"
    });
    if !is_test_case {
        return Ok(None);
    }
    let line = |n: Node| req.first_line + n.start_position().row;
    let name = class
        .child_by_field_name("name")
        .map(|n| &src[n.byte_range()])
        .unwrap_or("Tests");
    let target = req.context.target_name(name).unwrap_or(name);
    let Some(body) = class.child_by_field_name("body") else {
        return Ok(None);
    };
    let mut piece = Piece::default();
    let mut tests = Vec::new();
    let setup = python_setup(src, body, &line)?;
    for item in named(body) {
        match item.kind() {
            "expression_statement" if named(item).first().is_some_and(|s| s.kind() == "string") => {
            }
            "function_definition" => {
                let method = item
                    .child_by_field_name("name")
                    .map(|n| &src[n.byte_range()])
                    .unwrap_or("");
                if method == "setUp" && setup.is_some() {
                    continue;
                }
                if !method.starts_with("test") {
                    return Err(format!(
                        "`{method}` in test class {name} at line {} (only test methods are \
                         translated; setUp and helpers are not yet)",
                        line(item)
                    ));
                }
                let params = item
                    .child_by_field_name("parameters")
                    .map(|p| src[p.byte_range()].replace(' ', ""))
                    .unwrap_or_default();
                if params != "(self)" {
                    return Err(format!(
                        "test method `{method}` with parameters at line {}",
                        line(item)
                    ));
                }
                let Some(block) = item.child_by_field_name("body") else {
                    continue;
                };
                let kids = named(block);
                let (Some(first), Some(last)) = (kids.first(), kids.last()) else {
                    continue;
                };
                let start = src[..first.start_byte()].rfind('\n').map_or(0, |i| i + 1);
                let mut text = crate::verify::dedent(&src[start..last.end_byte()]);
                let mut first_line = line(*first);
                if let Some(setup) = &setup {
                    // `setUp` runs before each test: its statements open
                    // the test's body, blank lines keeping the test's own
                    // on their lines of the file.
                    if setup.last_line >= first_line {
                        return Err(format!(
                            "`setUp` after test method `{method}` at line {}",
                            line(item)
                        ));
                    }
                    let gap = "\n".repeat(first_line - setup.last_line - 1);
                    text = format!("{}\n{gap}{text}", setup.text.trim_end());
                    first_line = setup.first_line;
                }
                let text = python_assertions(&text)
                    .ok_or_else(|| format!("test method `{method}` at line {}", line(item)))?;
                let text = match &setup {
                    Some(setup) => setup.attributes_as_locals(&text).map_err(|row| {
                        format!(
                            "an attribute `setUp` assigns used in a nested function at line {}",
                            first_line + row
                        )
                    })?,
                    None => text,
                };
                if let Some(offset) = text.find("self") {
                    let row = text[..offset].matches('\n').count();
                    return Err(format!(
                        "`self` other than an assertion in a test at line {}",
                        first_line + row
                    ));
                }
                if req.to == Lang::Rust {
                    // A `#[test]` function of its own: Python's `assert`
                    // becomes `assert!`, which the Rust backend writes.
                    let text = rust_asserts(&text)
                        .ok_or_else(|| format!("test method `{method}` at line {}", line(item)))?;
                    let source = format!(
                        "def {method}():\n{}\n",
                        crate::verify::indent(text.trim_end(), "    ")
                    );
                    let translated = direction(&body_request(req, source, first_line, &[]))?;
                    piece.add_support(translated.support);
                    tests.push((method.to_string(), translated.text));
                    continue;
                }
                let source = format!(
                    "def xlate_test():\n{}\n",
                    crate::verify::indent(text.trim_end(), "    ")
                );
                let translated = direction(&body_request(
                    req,
                    source,
                    first_line,
                    &[
                        ("xlate_assert_equal", "assert.deepStrictEqual"),
                        ("xlate_assert_not_equal", "assert.notDeepStrictEqual"),
                        ("xlate_assert_ok", "assert.ok"),
                    ],
                ))?;
                piece.add_support(translated.support);
                tests.push((
                    method.to_string(),
                    function_body(&translated.text, Lang::JavaScript),
                ));
            }
            _ => {
                return Err(format!(
                    "a statement other than a test method in test class {name} at line {}",
                    line(item)
                ))
            }
        }
    }
    if req.to == Lang::Rust {
        // An integration test is a crate of `#[test]` functions; the class
        // stays as a marker type of its name (a class unit comes back as a
        // type, with free functions).
        let mut text = format!(
            "/// `{name}`, a `unittest.TestCase`: its tests are the `#[test]` functions below.\n\
             #[allow(dead_code)]\npub struct {target};\n\n"
        );
        for (i, (_, code)) in tests.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            text.push_str("#[test]\n");
            text.push_str(code.trim_end_matches('\n'));
            text.push('\n');
        }
        piece.text = text;
        return Ok(Some(piece));
    }
    let mut text = format!("class {target} {{\n  static {{\n    describe({name:?}, () => {{\n");
    for (i, (method, body)) in tests.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&format!("      test({method:?}, () => {{\n"));
        text.push_str(&crate::verify::indent(
            body.trim_end_matches('\n'),
            "        ",
        ));
        text.push_str("\n      });\n");
    }
    text.push_str("    });\n  }\n}\n");
    piece.text = text;
    piece.add_support(vec![SupportCode {
        key: "import node:test".into(),
        code: "import { describe, test } from \"node:test\";\nimport assert from \"node:assert/strict\";\n"
            .into(),
    }]);
    Ok(Some(piece))
}

/// A test class's `setUp(self)`: its body, which each test runs first
/// (unittest makes a new object for each test, so the attributes `setUp`
/// assigns are the test's own, as locals are).
struct Setup {
    /// The body's statements, dedented.
    text: String,
    /// The lines of the file of the body's first and last statements.
    first_line: usize,
    last_line: usize,
    /// The attributes of `self` the body assigns at its top level
    /// (`self.tree = BST()`), each with the local that stands for it.
    attributes: Vec<(String, String)>,
}

impl Setup {
    /// `text` with `self.name` of each attribute `setUp` assigns written as
    /// its local; `Err` (the row) where a nested function or class uses
    /// one, whose `self.name = ...` would bind a local of its own.
    fn attributes_as_locals(&self, text: &str) -> Result<String, usize> {
        let nested = std::cell::Cell::new(None);
        let out = rewrite(text, Lang::Python, &|node, t| {
            if matches!(
                node.kind(),
                "function_definition" | "class_definition" | "lambda"
            ) {
                let inner = &t[node.byte_range()];
                if self
                    .attributes
                    .iter()
                    .any(|(a, _)| inner.contains(&format!("self.{a}")))
                    && nested.get().is_none()
                {
                    nested.set(Some(node.start_position().row));
                }
                return None;
            }
            if node.kind() != "attribute" {
                return None;
            }
            let object = node.child_by_field_name("object")?;
            let attr = &t[node.child_by_field_name("attribute")?.byte_range()];
            if &t[object.byte_range()] != "self" {
                return None;
            }
            self.attributes
                .iter()
                .find(|(a, _)| a == attr)
                .map(|(_, local)| local.clone())
        })
        .ok_or(0usize)?;
        match nested.get() {
            Some(row) => Err(row),
            None => Ok(out),
        }
    }
}

/// The class's `setUp(self)`, if it has one: `Err` where its attributes
/// would not be locals (`self` passed on, or a local's name taken).
fn python_setup(
    src: &str,
    body: Node,
    line: &dyn Fn(Node) -> usize,
) -> Result<Option<Setup>, String> {
    let Some(def) = named(body).into_iter().find(|item| {
        item.kind() == "function_definition"
            && item
                .child_by_field_name("name")
                .is_some_and(|n| &src[n.byte_range()] == "setUp")
    }) else {
        return Ok(None);
    };
    let params = def
        .child_by_field_name("parameters")
        .map(|p| src[p.byte_range()].replace(' ', ""))
        .unwrap_or_default();
    if params != "(self)" {
        return Err(format!("`setUp` with parameters at line {}", line(def)));
    }
    let Some(block) = def.child_by_field_name("body") else {
        return Ok(None);
    };
    let kids = named(block);
    let (Some(first), Some(last)) = (kids.first(), kids.last()) else {
        return Ok(None);
    };
    let mut attributes = Vec::new();
    for stmt in &kids {
        let Some(assign) = named(*stmt)
            .into_iter()
            .next()
            .filter(|a| stmt.kind() == "expression_statement" && a.kind() == "assignment")
        else {
            continue;
        };
        let Some(left) = assign.child_by_field_name("left") else {
            continue;
        };
        let (Some(object), Some(attr)) = (
            left.child_by_field_name("object"),
            left.child_by_field_name("attribute"),
        ) else {
            continue;
        };
        if left.kind() != "attribute" || &src[object.byte_range()] != "self" {
            continue;
        }
        let attr = &src[attr.byte_range()];
        let local = format!("setup_{attr}");
        if src.contains(&local) {
            return Err(format!(
                "`setUp`'s attribute `{attr}` at line {}, whose local `{local}` the class names",
                line(*stmt)
            ));
        }
        if !attributes.iter().any(|(a, _): &(String, String)| a == attr) {
            attributes.push((attr.to_string(), local));
        }
    }
    let start = src[..first.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    Ok(Some(Setup {
        text: crate::verify::dedent(&src[start..last.end_byte()]),
        first_line: line(*first),
        last_line: line(*last) + (last.end_position().row - last.start_position().row),
        attributes,
    }))
}

/// `self.assertEqual(a, b)` → `xlate_assert_equal(a, b)`, and so on; `None`
/// when an assertion has no mapping here.
fn python_assertions(text: &str) -> Option<String> {
    let unknown = std::cell::Cell::new(false);
    let out = rewrite(text, Lang::Python, &|node, t| {
        if node.kind() != "call" {
            return None;
        }
        let f = node.child_by_field_name("function")?;
        let name = t[f.byte_range()].strip_prefix("self.assert")?;
        let args = node.child_by_field_name("arguments")?;
        let items: Vec<&str> = named(args).iter().map(|a| &t[a.byte_range()]).collect();
        Some(match (name, items.as_slice()) {
            ("Equal", [a, b]) => format!("xlate_assert_equal({a}, {b})"),
            ("NotEqual", [a, b]) => format!("xlate_assert_not_equal({a}, {b})"),
            ("True", [x]) => format!("xlate_assert_ok(bool({x}))"),
            ("False", [x]) => format!("xlate_assert_ok(not ({x}))"),
            ("In", [a, b]) => format!("xlate_assert_ok({a} in {b})"),
            ("NotIn", [a, b]) => format!("xlate_assert_ok({a} not in {b})"),
            ("IsNone", [x]) => format!("xlate_assert_ok({x} is None)"),
            ("IsNotNone", [x]) => format!("xlate_assert_ok({x} is not None)"),
            _ => {
                unknown.set(true);
                return None;
            }
        })
    })?;
    (!unknown.get()).then_some(out)
}

/// The placeholder assertions of [`python_assertions`] as Python `assert`
/// statements (`xlate_assert_equal(a, b)` → `assert a == b`), for a target
/// whose backend writes `assert` (Rust's `assert!`); `None` when one is not
/// a statement of its own.
fn rust_asserts(text: &str) -> Option<String> {
    let misplaced = std::cell::Cell::new(false);
    let out = rewrite(text, Lang::Python, &|node, t| {
        if node.kind() != "call" {
            return None;
        }
        let f = &t[node.child_by_field_name("function")?.byte_range()];
        let op = match f {
            "xlate_assert_equal" => "==",
            "xlate_assert_not_equal" => "!=",
            "xlate_assert_ok" => "",
            _ => return None,
        };
        if node
            .parent()
            .is_none_or(|p| p.kind() != "expression_statement")
        {
            misplaced.set(true);
            return None;
        }
        let args = node.child_by_field_name("arguments")?;
        let items: Vec<&str> = named(args).iter().map(|a| &t[a.byte_range()]).collect();
        match (op, items.as_slice()) {
            ("", [x]) => Some(format!("assert {x}")),
            (op, [a, b]) if !op.is_empty() => Some(format!("assert ({a}) {op} ({b})")),
            _ => {
                misplaced.set(true);
                None
            }
        }
    })?;
    (!misplaced.get()).then_some(out)
}

// -- JavaScript → Python ------------------------------------------------------

/// Whether a statement is a test registration: `test(...)`, `it(...)` or
/// `describe(...)` with a name and a function.
pub fn is_registration(stmt: Node, src: &str) -> bool {
    named(stmt).first().is_some_and(|call| {
        call.kind() == "call_expression"
            && call
                .child_by_field_name("function")
                .is_some_and(|f| matches!(&src[f.byte_range()], "test" | "it" | "describe"))
    })
}

/// One test: its group (a `describe` name, if any), name and body block.
struct Case<'t> {
    group: Option<String>,
    name: String,
    body: Node<'t>,
}

fn collect<'t>(
    call: Node<'t>,
    src: &str,
    group: Option<String>,
    line0: usize,
    out: &mut Vec<Case<'t>>,
) -> Result<(), String> {
    let line = line0 + call.start_position().row;
    let f = call
        .child_by_field_name("function")
        .map(|f| &src[f.byte_range()])
        .unwrap_or("");
    let args = call
        .child_by_field_name("arguments")
        .map(named)
        .unwrap_or_default();
    let [title, func] = args.as_slice() else {
        return Err(format!(
            "`{f}` with other than a name and a function at line {line}"
        ));
    };
    let title = &src[title.byte_range()];
    let title = title
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .or_else(|| title.strip_prefix('\'').and_then(|t| t.strip_suffix('\'')))
        .ok_or_else(|| format!("test name that is not a plain string at line {line}"))?;
    if !matches!(func.kind(), "arrow_function" | "function_expression")
        || func
            .child_by_field_name("parameters")
            .is_some_and(|p| !named(p).is_empty())
    {
        return Err(format!(
            "`{f}` whose function takes arguments or is not inline at line {line}"
        ));
    }
    let Some(body) = func
        .child_by_field_name("body")
        .filter(|b| b.kind() == "statement_block")
    else {
        return Err(format!("`{f}` with an expression body at line {line}"));
    };
    if f == "describe" {
        if group.is_some() {
            return Err(format!("nested `describe` at line {line}"));
        }
        for stmt in named(body) {
            let Some(inner) = named(stmt)
                .first()
                .copied()
                .filter(|_| is_registration(stmt, src))
            else {
                return Err(format!(
                    "a statement other than a test in `describe` at line {}",
                    line0 + stmt.start_position().row
                ));
            };
            collect(inner, src, Some(title.to_string()), line0, out)?;
        }
        return Ok(());
    }
    out.push(Case {
        group,
        name: title.to_string(),
        body,
    });
    Ok(())
}

/// A Python identifier from a test title: `area of a square` →
/// `area_of_a_square`.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(to_snake_case)
        .collect();
    words.join("_")
}

fn class_name(title: &str) -> String {
    let mut out = String::from("Test");
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(c) = chars.next() {
            out.extend(c.to_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// Translates consecutive test registrations into `unittest` classes: one
/// per `describe`, and one for the tests outside any, named after the file.
pub fn javascript_tests(
    calls: &[Node],
    src: &str,
    req: &TranslationRequest,
    direction: Direction,
) -> Result<Piece, String> {
    let mut cases = Vec::new();
    for stmt in calls {
        if let Some(call) = named(*stmt).first() {
            collect(*call, src, None, req.first_line, &mut cases)?;
        }
    }
    let stem = std::path::Path::new(
        &req.context
            .project
            .as_ref()
            .map_or("", |p| p.output.as_str()),
    )
    .file_stem()
    .map(|s| s.to_string_lossy().trim_start_matches("test_").to_string())
    .unwrap_or_default();
    if req.to == Lang::Rust {
        return javascript_tests_to_rust(&cases, src, req, direction);
    }
    let mut piece = Piece::default();
    let mut classes: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for case in &cases {
        let line = req.first_line + case.body.start_position().row;
        let kids = named(case.body);
        let text = match (kids.first(), kids.last()) {
            (Some(first), Some(last)) => {
                let start = src[..first.start_byte()].rfind('\n').map_or(0, |i| i + 1);
                crate::verify::dedent(&src[start..last.end_byte()])
            }
            _ => String::new(),
        };
        let text = javascript_assertions(&text).ok_or_else(|| {
            format!("an assertion with no unittest counterpart in the test at line {line}")
        })?;
        let source = format!(
            "function xlateTest() {{\n{}\n}}\n",
            crate::verify::indent(text.trim_end(), "  ")
        );
        let translated = direction(&body_request(
            req,
            source,
            line + 1,
            &[
                ("xlateAssertEqual", "self.assertEqual"),
                ("xlateAssertNotEqual", "self.assertNotEqual"),
                ("xlateAssertTrue", "self.assertTrue"),
            ],
        ))?;
        piece.add_support(translated.support);
        let mut body = function_body(&translated.text, Lang::Python);
        if body.trim().is_empty() {
            body = "pass\n".into();
        }
        let class = class_name(case.group.as_deref().unwrap_or(&stem));
        let index = match classes.iter().position(|(c, _)| *c == class) {
            Some(i) => i,
            None => {
                classes.push((class, Vec::new()));
                classes.len() - 1
            }
        };
        let methods = &mut classes[index].1;
        let base = format!("test_{}", slug(&case.name));
        let method = std::iter::once(base.clone())
            .chain((2..).map(|k| format!("{base}_{k}")))
            .find(|m| !methods.iter().any(|(have, _)| have == m))
            .unwrap_or(base);
        methods.push((method, body));
    }
    let mut text = String::new();
    for (i, (class, methods)) in classes.iter().enumerate() {
        if i > 0 {
            text.push_str("\n\n");
        }
        text.push_str(&format!("class {class}(unittest.TestCase):\n"));
        for (j, (method, body)) in methods.iter().enumerate() {
            if j > 0 {
                text.push('\n');
            }
            text.push_str(&format!("    def {method}(self):\n"));
            text.push_str(&crate::verify::indent(
                body.trim_end_matches('\n'),
                "        ",
            ));
            text.push('\n');
        }
    }
    piece.text = text;
    piece.add_support(vec![SupportCode {
        key: "import unittest".into(),
        code: "import unittest\n".into(),
    }]);
    Ok(piece)
}

/// Test registrations as `#[test]` functions of an integration test: one
/// per test, named after its title (a `describe` group's name first, as
/// Rust has no groups), its body translated as a JavaScript function whose
/// assertions are checks that throw ([`javascript_checks`]), which the Rust
/// backend writes as `panic!`.
fn javascript_tests_to_rust(
    cases: &[Case],
    src: &str,
    req: &TranslationRequest,
    direction: Direction,
) -> Result<Piece, String> {
    let mut piece = Piece::default();
    let mut names: Vec<String> = Vec::new();
    let mut text = String::new();
    for case in cases {
        let line = req.first_line + case.body.start_position().row;
        let kids = named(case.body);
        let body = match (kids.first(), kids.last()) {
            (Some(first), Some(last)) => {
                let start = src[..first.start_byte()].rfind('\n').map_or(0, |i| i + 1);
                crate::verify::dedent(&src[start..last.end_byte()])
            }
            _ => String::new(),
        };
        let name_of = |base: String| {
            std::iter::once(base.clone())
                .chain((2..).map(|k| format!("{base}_{k}")))
                .find(|n| !names.contains(n))
                .unwrap_or(base)
        };
        // A test that calls a function that was not translated would panic
        // in its `todo!` stub: it is kept, ignored with the reason, and
        // its source kept as a comment, so `cargo test` passes and says so.
        let unavailable = req.context.project.as_ref().and_then(|p| {
            let mentioned = super::entry::referenced(case.body, src, Lang::JavaScript);
            p.unavailable
                .iter()
                .find(|n| mentioned.contains(n))
                .cloned()
        });
        if let Some(missing) = unavailable {
            let name = name_of(test_name(case));
            let original: String = src[case.body.byte_range()]
                .lines()
                .map(|l| format!("// {l}\n"))
                .collect();
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(&format!(
                "// TODO(xlate): `{missing}` is not translated; the test at line {line}:\n{original}\
                 #[test]\n#[ignore = \"`{missing}` is not translated\"]\nfn {name}() {{\n    \
                 todo!(\"`{missing}` is not translated\");\n}}\n"
            ));
            names.push(name);
            continue;
        }
        let body = javascript_checks(&body, line).ok_or_else(|| {
            format!("an assertion with no Rust counterpart in the test at line {line}")
        })?;
        let name = name_of(test_name(case));
        let source = format!(
            "function {name}() {{\n{}\n}}\n",
            crate::verify::indent(body.trim_end(), "  ")
        );
        let translated = direction(&body_request(req, source, line + 1, &[]))?;
        piece.add_support(translated.support);
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str("#[test]\n");
        text.push_str(translated.text.trim_end_matches('\n'));
        text.push('\n');
        names.push(name);
    }
    piece.text = text;
    Ok(piece)
}

/// A `#[test]` function's name from a test's title (a `describe` group's
/// name first, as Rust has no groups): `stats` / `mean of nothing` →
/// `test_stats_mean_of_nothing`.
fn test_name(case: &Case) -> String {
    let title = match &case.group {
        Some(group) => format!("{group} {}", case.name),
        None => case.name.clone(),
    };
    // `test_` first: a test titled after the function it tests
    // (`perimeter`) would shadow it.
    format!("test_{}", slug(&title))
}

/// `assert.strictEqual(a, b);` → `if (a !== b) { throw new Error("..."); }`,
/// `assert.ok(x)` → `if (!x) { throw ... }`, and so on, for a target with
/// no assertion library (Rust: the throw is a `panic!`); `None` when an
/// assertion has no mapping here.
fn javascript_checks(text: &str, line: usize) -> Option<String> {
    let unknown = std::cell::Cell::new(false);
    let out = rewrite(text, Lang::JavaScript, &|node, t| {
        if node.kind() != "expression_statement" {
            return None;
        }
        let call = named(node).first().copied()?;
        if call.kind() != "call_expression" {
            return None;
        }
        let f = &t[call.child_by_field_name("function")?.byte_range()];
        let which = match f {
            "assert" => "ok",
            _ => f.strip_prefix("assert.")?,
        };
        let args = call.child_by_field_name("arguments")?;
        let items: Vec<&str> = named(args).iter().map(|a| &t[a.byte_range()]).collect();
        let row = line + node.start_position().row;
        let (failing, what) = match (which, items.as_slice()) {
            ("strictEqual" | "deepStrictEqual" | "equal" | "deepEqual", [a, b]) => {
                (format!("({a}) !== ({b})"), "values differ")
            }
            ("notStrictEqual" | "notDeepStrictEqual", [a, b]) => {
                (format!("({a}) === ({b})"), "values are equal")
            }
            ("ok", [x]) => (format!("!({x})"), "condition is false"),
            _ => {
                unknown.set(true);
                return None;
            }
        };
        Some(format!(
            "if ({failing}) {{\n  throw new Error(\"assertion failed at line {row}: {what}\");\n}}"
        ))
    })?;
    (!unknown.get()).then_some(out)
}

/// `assert.strictEqual(a, b)` → `xlateAssertEqual(a, b)`, and so on; `None`
/// when an assertion has no mapping here.
fn javascript_assertions(text: &str) -> Option<String> {
    let unknown = std::cell::Cell::new(false);
    let out = rewrite(text, Lang::JavaScript, &|node, t| {
        if node.kind() != "call_expression" {
            return None;
        }
        let f = &t[node.child_by_field_name("function")?.byte_range()];
        let args = node.child_by_field_name("arguments")?;
        let items: Vec<&str> = named(args).iter().map(|a| &t[a.byte_range()]).collect();
        let which = match f {
            "assert" => "ok",
            _ => f.strip_prefix("assert.")?,
        };
        Some(match (which, items.as_slice()) {
            ("strictEqual" | "deepStrictEqual" | "equal" | "deepEqual", [a, b]) => {
                format!("xlateAssertEqual({a}, {b})")
            }
            ("notStrictEqual" | "notDeepStrictEqual", [a, b]) => {
                format!("xlateAssertNotEqual({a}, {b})")
            }
            ("ok", [x]) => format!("xlateAssertTrue(Boolean({x}))"),
            _ => {
                unknown.set(true);
                return None;
            }
        })
    })?;
    (!unknown.get()).then_some(out)
}

// -- Rust → Python / JavaScript ----------------------------------------------

/// The `load_tests` of a Python module translated from Rust tests: each
/// function marked `@rust_test` (a Rust `#[test]` function; it keeps its
/// name, which the module's symbol table chose) is a test case of its own,
/// in the order defined.
const PYTHON_LOAD_TESTS: &str = "\n\n_RUST_TESTS = []\n\n\ndef rust_test(function):\n    \"\"\"Marks a Rust `#[test]` function: `load_tests` runs it.\"\"\"\n    _RUST_TESTS.append(function)\n    return function\n\n\ndef load_tests(loader, tests, pattern):\n    for function in _RUST_TESTS:\n        tests.addTest(unittest.FunctionTestCase(function))\n    return tests\n";

/// Translates an inline `#[cfg(test)] mod tests { use super::*; #[test] fn
/// ... }` into the module's own tests: each `#[test]` function as
/// [`rust_test`] writes it (Python: `@rust_test` functions the module's
/// `load_tests` runs; the project's `test_inline.py` loads the module),
/// a helper function as a function; `use` lines need nothing, since the
/// tests live in the module they test. In JavaScript the registrations are
/// made only when the module is run as a program (`node --test src/x.js`,
/// which `package.json`'s test script lists), so that importing the
/// library runs no tests. `None` when the unit is not such a module.
pub fn rust_inline_tests(
    req: &TranslationRequest,
    direction: Direction,
) -> Result<Option<Piece>, String> {
    let src = req.source.strip_prefix('\u{feff}').unwrap_or(&req.source);
    let Some(tree) = crate::units::parse(src, Lang::Rust) else {
        return Ok(None);
    };
    let items = named(tree.root_node());
    let Some(module) = items.iter().find(|n| n.kind() == "mod_item") else {
        return Ok(None);
    };
    let is_cfg_test = items.iter().any(|n| {
        n.kind() == "attribute_item" && src[n.byte_range()].replace(' ', "") == "#[cfg(test)]"
    });
    let Some(body) = module.child_by_field_name("body").filter(|_| is_cfg_test) else {
        return Ok(None);
    };
    let mut piece = Piece::default();
    let mut texts: Vec<String> = Vec::new();
    let mut registrations: Vec<String> = Vec::new();
    let mut pending: Option<usize> = None;
    // The module's `macro_rules!` definitions so far: in scope for the
    // functions after them, which expand their invocations.
    let mut macros: Vec<String> = Vec::new();
    for item in named(body) {
        let line = req.first_line + item.start_position().row;
        match item.kind() {
            "use_declaration" => {}
            "macro_definition" => {
                pending = None;
                macros.push(src[item.byte_range()].to_string());
            }
            "attribute_item" => {
                pending.get_or_insert(item.start_byte());
            }
            "function_item" => {
                let start = pending.take().unwrap_or(item.start_byte());
                let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
                let mut sub = req.clone();
                sub.source =
                    crate::verify::dedent(&format!("{}\n", &src[line_start..item.end_byte()]));
                sub.first_line = req.first_line + tree_row(src, line_start);
                sub.kind = SegmentKind::Function;
                sub.context.macros.extend(macros.iter().cloned());
                sub.name = item
                    .child_by_field_name("name")
                    .map(|n| src[n.byte_range()].to_string());
                let translated = match rust_test(&sub, direction)? {
                    Some(p) => p,
                    None => {
                        let p = direction(&sub)?;
                        Piece {
                            text: p.text,
                            support: p.support,
                        }
                    }
                };
                piece.add_support(translated.support);
                let mut text = String::new();
                for l in translated.text.lines() {
                    if req.to == Lang::JavaScript && l.starts_with("test(") {
                        registrations.push(l.to_string());
                    } else {
                        text.push_str(l);
                        text.push('\n');
                    }
                }
                texts.push(text);
            }
            _ => {
                return Err(format!(
                    "`{}` in the test module at line {line} (test functions, helpers and \
                     `use` lines are translated)",
                    item.kind().replace('_', " ")
                ))
            }
        }
    }
    let mut text = texts.join("\n");
    if !registrations.is_empty() {
        let commonjs = req.context.project.as_ref().is_some_and(|p| p.commonjs);
        let check = if commonjs {
            "require.main === module".to_string()
        } else {
            piece.add_support(vec![SupportCode {
                key: "import node:url pathToFileURL".into(),
                code: "import { pathToFileURL } from \"node:url\";\n".into(),
            }]);
            "import.meta.url === pathToFileURL(process.argv[1]).href".to_string()
        };
        text.push_str(&format!(
            "\n// The tests run when the module is run: `node --test` lists it.\nif ({check}) {{\n"
        ));
        for r in &registrations {
            text.push_str(&format!("  {r}\n"));
        }
        text.push_str("}\n");
    }
    piece.text = text;
    Ok(Some(piece))
}

/// The row (0-based) of byte `at` in `src`.
fn tree_row(src: &str, at: usize) -> usize {
    src[..at].matches('\n').count()
}

/// Whether a test function's attribute changes nothing when `cargo test`
/// runs the test: one that changes nothing anywhere (a lint level,
/// `#[rustfmt::skip]`, `#[inline]`: see the rules' `is_inert`),
/// `#[cfg(test)]` (true wherever tests run) and `#[cfg_attr(miri,
/// ignore)]` (which skips the test under Miri only). `#[should_panic]`,
/// `#[ignore]` and other `cfg`s are not.
fn inert_test_attribute(attribute: &str) -> bool {
    if attributes::is_inert(attribute) {
        return true;
    }
    let Some(inner) = attributes::outer_attribute(attribute) else {
        return false;
    };
    matches!(inner.as_str(), "cfg(test)" | "cfg_attr(miri,ignore)")
        || (inner.starts_with("cfg_attr(miri,ignore=")
            && inner.ends_with(')')
            && !inner[21..].contains(','))
}

/// `#[should_panic]`: the test passes where its body panics, whatever the
/// message. The panics the targets raise for Rust's (`panic!`, a failed
/// `assert!`, an index past the end) are exceptions of several classes
/// whose messages are not Rust's (`panic!("negative: {}", n)` raises with
/// no message), so any exception is the panic, and `expected = "..."`,
/// which checks the message, is not taken (nor `#[should_panic =
/// "..."]`, its short form).
fn is_should_panic(attribute: &str) -> bool {
    let a: String = attribute.chars().filter(|c| !c.is_whitespace()).collect();
    a == "#[should_panic]"
}

/// The decorator a `#[should_panic]` test wears under `@rust_test`: the
/// test passes where the function raises (a translated panic, whatever
/// its class) and fails where it returns. The wrapper keeps the test's
/// name, which `unittest` reports.
const PYTHON_SHOULD_PANIC: &str = "\n\ndef rust_should_panic(function):\n    \"\"\"Marks a Rust `#[should_panic]` test: it passes where the function raises.\"\"\"\n\n    def expect_panic():\n        try:\n            function()\n        except Exception:\n            return\n        raise AssertionError(f\"{function.__name__} did not panic\")\n\n    expect_panic.__name__ = function.__name__\n    expect_panic.__qualname__ = function.__qualname__\n    return expect_panic\n";

/// Translates a `#[test]` function of a Rust unit (or a `#[bench]` one,
/// as [`super::benches`] makes it a test): into a
/// `unittest.TestCase` class with one `test_` method (Python), or a
/// `node:test` `test(...)` registration (JavaScript). `None` when the unit
/// is not a test function. `assert_eq!`, `assert_ne!` and `assert!` map to
/// the runner's assertions, so a failure says what differed.
pub fn rust_test(req: &TranslationRequest, direction: Direction) -> Result<Option<Piece>, String> {
    let src = req.source.strip_prefix('\u{feff}').unwrap_or(&req.source);
    let Some(tree) = crate::units::parse(src, Lang::Rust) else {
        return Ok(None);
    };
    let items = named(tree.root_node());
    let Some(function) = items.iter().find(|n| n.kind() == "function_item") else {
        return Ok(None);
    };
    let attributes: Vec<&str> = items
        .iter()
        .filter(|n| n.kind() == "attribute_item")
        .map(|n| &src[n.byte_range()])
        .collect();
    let bench = attributes.contains(&"#[bench]");
    if !attributes.contains(&"#[test]") && !bench {
        return Ok(None);
    }
    let line = req.first_line + function.start_position().row;
    let should_panic = !bench && attributes.iter().any(|a| is_should_panic(a));
    // The attributes taken: the test's own, inert ones, and a plain
    // `#[should_panic]` of a test.
    let taken = |a: &str| {
        matches!(a, "#[test]" | "#[bench]")
            || inert_test_attribute(a)
            || (should_panic && is_should_panic(a))
    };
    if let Some(other) = attributes.iter().find(|a| !taken(a)) {
        // (A `#[bench]` is run once as a test; a panic it should give is
        // not read.)
        if other.starts_with("#[should_panic") && !bench {
            return Err(format!(
                "test attribute `{other}` at line {line} (the panic's message is not carried, \
                 so only a plain #[should_panic] is translated)"
            ));
        }
        return Err(format!(
            "test attribute `{other}` at line {line} (only plain #[test] functions are \
             translated)"
        ));
    }
    let name = function
        .child_by_field_name("name")
        .map(|n| &src[n.byte_range()])
        .unwrap_or("test");
    let as_test;
    let src = if bench {
        as_test = super::benches::as_test(src, *function, req.first_line)?;
        as_test.as_str()
    } else {
        src
    };
    let unknown = std::cell::Cell::new(None);
    // The test's own `macro_rules!` macros are expanded where they stand
    // (their assertions are the frontend's), whatever their names.
    let own_macros: Vec<String> = req
        .context
        .macros
        .iter()
        .filter_map(|m| crate::engine::rules::macro_name(m))
        .collect();
    let is_own = |name: &str| {
        own_macros.iter().any(|m| m == name) || src.contains(&format!("macro_rules! {name}"))
    };
    let rewritten = rewrite(src, Lang::Rust, &|node, t| {
        if node.kind() != "macro_invocation" {
            return None;
        }
        let mac = node.child_by_field_name("macro")?;
        let args = named(node).into_iter().find(|c| c.kind() == "token_tree")?;
        let placeholder = match &t[mac.byte_range()] {
            "assert_eq" => "xlate_assert_equal",
            "assert_ne" => "xlate_assert_not_equal",
            "assert" => "xlate_assert_ok",
            other if is_own(other) => return None,
            other if other.starts_with("assert") || other.starts_with("debug_assert") => {
                unknown.set(Some(node.start_position().row));
                return None;
            }
            _ => return None,
        };
        Some(format!("{placeholder}{}", &t[args.byte_range()]))
    })
    .ok_or_else(|| format!("test the parser gave up on at line {line}"))?;
    if let Some(row) = unknown.get() {
        return Err(format!(
            "an assertion other than assert!, assert_eq!, assert_ne! at line {}",
            req.first_line + row
        ));
    }
    // A unit that is a function must come back as functions: the test is
    // its function, registered apart from it. Python's `unittest` finds
    // module-level `test_` functions through the module's `load_tests`
    // (assertions are `assert` statements); `node:test` is given the
    // function by name (assertions are `node:assert`'s).
    let mut sub = req.clone();
    sub.kind = SegmentKind::Function;
    sub.context.signature = None;
    if bench {
        sub.source = src.to_string();
    }
    if req.to == Lang::JavaScript {
        sub.source = rewritten;
        sub.context.names.extend(
            [
                ("xlate_assert_equal", "assert.deepStrictEqual"),
                ("xlate_assert_not_equal", "assert.notDeepStrictEqual"),
                ("xlate_assert_ok", "assert.ok"),
            ]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string())),
        );
    }
    let translated = direction(&sub)?;
    let mut piece = Piece {
        text: translated.text,
        support: translated.support,
    };
    let header = piece
        .text
        .lines()
        .position(|l| l.starts_with("def ") || l.starts_with("function "));
    let Some(header) = header else {
        return Err(format!(
            "test `{name}` at line {line}: no function came back"
        ));
    };
    let mut lines: Vec<String> = piece.text.lines().map(str::to_string).collect();
    match req.to {
        Lang::Python => {
            if should_panic {
                lines.insert(header, "@rust_should_panic".to_string());
                piece.add_support(vec![SupportCode {
                    key: "rust tests should_panic".into(),
                    code: PYTHON_SHOULD_PANIC.into(),
                }]);
            }
            lines.insert(header, "@rust_test".to_string());
            piece.text = lines.join("\n") + "\n";
            piece.add_support(vec![
                SupportCode {
                    key: "import unittest".into(),
                    code: "import unittest\n".into(),
                },
                SupportCode {
                    key: "rust tests load_tests".into(),
                    code: PYTHON_LOAD_TESTS.into(),
                },
            ]);
        }
        _ => {
            let function = lines[header]
                .strip_prefix("function ")
                .and_then(|rest| rest.split('(').next())
                .unwrap_or(name)
                .to_string();
            let registered = if should_panic {
                // `assert.throws` passes where the function throws
                // anything: a translated panic, whatever its class.
                format!("() => assert.throws({function})")
            } else {
                function
            };
            piece.text = format!("{}\ntest({name:?}, {registered});\n", lines.join("\n"));
            piece.add_support(vec![SupportCode {
                key: "import node:test".into(),
                code: "import { describe, test } from \"node:test\";\nimport assert from \"node:assert/strict\";\n"
                    .into(),
            }]);
        }
    }
    Ok(Some(piece))
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn assertions_map_by_meaning() {
        assert_eq!(
            python_assertions("self.assertEqual(f(1), [1])\nself.assertTrue(xs)\n").as_deref(),
            Some("xlate_assert_equal(f(1), [1])\nxlate_assert_ok(bool(xs))\n")
        );
        // An assertion with no mapping is refused, not dropped.
        assert_eq!(python_assertions("self.assertRaises(E, f)\n"), None);
        assert_eq!(
            javascript_assertions("assert.strictEqual(f(1), 2);\nassert.ok(xs);\n").as_deref(),
            Some("xlateAssertEqual(f(1), 2);\nxlateAssertTrue(Boolean(xs));\n")
        );
        assert_eq!(javascript_assertions("assert.throws(() => f());\n"), None);
    }

    // Attributes that change what runs (or whether it runs) are not
    // inert; a lint level or Miri's `ignore` is.
    #[test]
    fn only_attributes_that_change_nothing_at_run_time_are_inert() {
        for a in [
            "#[allow(clippy::redundant_clone, clippy::clone_on_copy)]",
            "#[ warn(unused) ]",
            "#[cfg(test)]",
            "#[cfg_attr(miri, ignore)]",
            "#[cfg_attr(miri, ignore = \"too slow\")]",
            "#[rustfmt::skip]",
        ] {
            assert!(inert_test_attribute(a), "{a}");
        }
        for a in [
            "#[should_panic]",
            "#[should_panic(expected = \"x\")]",
            "#[ignore]",
            "#[cfg(feature = \"std\")]",
            "#[cfg(not(test))]",
            "#[cfg_attr(miri, should_panic)]",
            "#[cfg_attr(miri, ignore, should_panic)]",
            "#[allow(unused)] #[ignore]",
            "#[allow(a)] #[allow(b)]",
        ] {
            assert!(!inert_test_attribute(a), "{a}");
        }
    }

    // A `#[should_panic]` that checks the message is not the plain one:
    // the translated panics do not carry Rust's message.
    #[test]
    fn only_a_plain_should_panic_is_taken() {
        assert!(is_should_panic("#[should_panic]"));
        assert!(is_should_panic("#[ should_panic ]"));
        for a in [
            "#[should_panic(expected = \"negative\")]",
            "#[should_panic = \"negative\"]",
            "#[cfg_attr(miri, should_panic)]",
        ] {
            assert!(!is_should_panic(a), "{a}");
        }
    }

    #[test]
    fn test_titles_become_identifiers() {
        assert_eq!(slug("area of a square"), "area_of_a_square");
        assert_eq!(slug("parsesCSV lines!"), "parses_csv_lines");
        assert_eq!(class_name("shapes"), "TestShapes");
        assert_eq!(class_name("mean and median"), "TestMeanAndMedian");
    }
}
