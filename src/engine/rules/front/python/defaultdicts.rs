//! `collections.defaultdict(factory)` held by a function's name, as a
//! dict: `d = defaultdict(list)` makes `{}`, and each statement that reads
//! `d[k]` is preceded by `if k not in d: d[k] = list()`, which inserts what
//! Python's read inserts, in the order it would. A defaultdict and a dict
//! differ where the object itself shows (`str()`, `copy()`, passed to a
//! function that reads a missing key) and where the insertion would move
//! (a read that may not run, or that runs after something else sees the
//! dict), so a name is taken for a defaultdict only where every use of it
//! in the function is one the two share: a read evaluated once before
//! anything else in its statement could see the dict, a store, `in`,
//! counting, iterating and the dict methods that do not read a missing key.

use tree_sitter::Node;

use super::super::super::{named_children, text};
use super::calls::iterated;

/// The methods a defaultdict shares with a dict: none reads a missing key
/// through `__missing__`.
const SHARED_METHODS: &[&str] = &["get", "items", "keys", "values", "pop"];

/// The built-in types a factory may name; each called with no argument
/// makes a fresh empty (or zero) value.
const FACTORY_TYPES: &[&str] = &["int", "float", "str", "list", "set", "dict"];

/// How a file names `collections.defaultdict`: names it imports it as,
/// and whether it imports the `collections` module itself.
pub(crate) struct DefaultDictNames<'a> {
    pub bound: &'a [String],
    pub module: bool,
}

/// What a defaultdict's factory makes for a missing key.
#[derive(Clone, Copy)]
pub(crate) enum Factory<'t> {
    /// A built-in type called with no argument (`int()` is `0`).
    Type(&'static str),
    /// A lambda of no parameter: its body, a literal or an empty
    /// container, evaluated afresh for each missing key.
    Lambda(Node<'t>),
}

impl DefaultDictNames<'_> {
    /// The factory of `call` when it makes a defaultdict: `defaultdict(f)`
    /// by a name the file binds to it, `f` a built-in type or a lambda of
    /// no parameter whose body is a literal or an empty container.
    pub(super) fn factory<'t>(&self, call: Node<'t>, src: &str) -> Option<Factory<'t>> {
        if call.kind() != "call" {
            return None;
        }
        let func = call.child_by_field_name("function")?;
        let named = match func.kind() {
            "identifier" => self.bound.iter().any(|b| b == text(func, src)),
            "attribute" => self.module && text(func, src) == "collections.defaultdict",
            _ => false,
        };
        let args = named_children(call.child_by_field_name("arguments")?);
        let [f] = args.as_slice() else {
            return None;
        };
        if !named {
            return None;
        }
        match f.kind() {
            "identifier" => FACTORY_TYPES
                .iter()
                .find(|t| **t == text(*f, src))
                .map(|t| Factory::Type(t)),
            "lambda" if f.child_by_field_name("parameters").is_none() => {
                let body = f.child_by_field_name("body")?;
                constant_value(body).then_some(Factory::Lambda(body))
            }
            _ => None,
        }
    }
}

/// Whether `node` makes the same fresh value each time it runs, with no
/// effect: a literal, or an empty list, dict or set display.
fn constant_value(node: Node) -> bool {
    match node.kind() {
        "integer" | "float" | "true" | "false" | "none" => true,
        "string" => named_children(node)
            .iter()
            .all(|c| c.kind() != "interpolation"),
        "list" | "dictionary" => named_children(node).is_empty(),
        _ => false,
    }
}

/// The names `body` binds to a defaultdict (`d = defaultdict(...)`), each
/// with the first use of it that a dict would not share, if any, and the
/// factories of its bindings.
pub(super) fn defaultdicts_in<'t>(
    body: Node<'t>,
    src: &str,
    names: &DefaultDictNames,
) -> Vec<(String, Option<Node<'t>>, Vec<Factory<'t>>)> {
    let mut found: Vec<(String, Vec<Factory<'t>>)> = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if let Some((name, factory)) = binding(node, src, names) {
            match found.iter_mut().find(|(n, _)| *n == name) {
                Some((_, fs)) => fs.push(factory),
                None => found.push((name, vec![factory])),
            }
        }
        stack.extend(named_children(node));
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let all: Vec<String> = found.iter().map(|(n, _)| n.clone()).collect();
    found
        .into_iter()
        .map(|(name, factories)| {
            let misuse = first_misuse(body, &name, &all, src, names);
            (name, misuse, factories)
        })
        .collect()
}

/// `name` and its factory when `node` is `name = defaultdict(...)` (an
/// annotation, as everywhere, is not checked).
pub(super) fn binding<'t>(
    node: Node<'t>,
    src: &str,
    names: &DefaultDictNames,
) -> Option<(String, Factory<'t>)> {
    if node.kind() != "assignment" {
        return None;
    }
    let left = node.child_by_field_name("left")?;
    let right = node.child_by_field_name("right")?;
    if left.kind() != "identifier" {
        return None;
    }
    let factory = names.factory(right, src)?;
    Some((text(left, src).to_string(), factory))
}

fn first_misuse<'t>(
    body: Node<'t>,
    name: &str,
    all: &[String],
    src: &str,
    names: &DefaultDictNames,
) -> Option<Node<'t>> {
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier"
            && text(node, src) == name
            && !shared_use(node, all, src, names)
        {
            return Some(node);
        }
        stack.extend(named_children(node));
    }
    None
}

/// Whether the use `node` of a defaultdict's name is one a dict shares.
fn shared_use(node: Node, all: &[String], src: &str, names: &DefaultDictNames) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    let is_field = |n: Node, field: &str| n.child_by_field_name(field) == Some(node);
    match parent.kind() {
        // Bound to a defaultdict again.
        "assignment" if is_field(parent, "left") => binding(parent, src, names).is_some(),
        "subscript" if is_field(parent, "value") => {
            let Some(key) = parent.child_by_field_name("subscript") else {
                return false;
            };
            pure(key) && (stored(parent) || eligible_read(parent, all, src))
        }
        // `d.items()`: the receiver of a method's call that reads no
        // missing key.
        "attribute" if is_field(parent, "object") => {
            let method = parent
                .child_by_field_name("attribute")
                .map_or("", |a| text(a, src));
            SHARED_METHODS.contains(&method)
                && parent.parent().is_some_and(|c| {
                    c.kind() == "call" && c.child_by_field_name("function") == Some(parent)
                })
        }
        // `dict(d)`: a plain dict of the same items, as Python's copy is.
        "argument_list" if named_children(parent).len() == 1 => {
            let copied = parent.parent().is_some_and(|c| {
                c.kind() == "call"
                    && c.child_by_field_name("function")
                        .is_some_and(|f| f.kind() == "identifier" && text(f, src) == "dict")
            });
            copied || iterated(node, src)
        }
        _ => iterated(node, src),
    }
}

/// Whether a key is evaluated with no effect and the same value twice:
/// names, literals, attributes, tuples, items and slices of those.
fn pure(node: Node) -> bool {
    match node.kind() {
        "identifier" | "integer" | "float" | "true" | "false" | "none" => true,
        "string" => named_children(node)
            .iter()
            .all(|c| c.kind() != "interpolation"),
        "attribute" => node.child_by_field_name("object").is_some_and(pure),
        "tuple" | "parenthesized_expression" | "slice" => {
            named_children(node).into_iter().all(pure)
        }
        // An item or a slice: read twice, the same value (a missing one
        // raises before the statement would reach the read, which nothing
        // with an effect precedes, see `eligible_read`).
        "subscript" => {
            node.child_by_field_name("value").is_some_and(pure)
                && node.child_by_field_name("subscript").is_some_and(pure)
        }
        "unary_operator" => named_children(node)
            .iter()
            .all(|c| matches!(c.kind(), "integer" | "float")),
        _ => false,
    }
}

/// Whether the element `d[k]` is stored into or deleted as a whole (not
/// read): the left side of an assignment or a `del`. An update (`d[k] +=
/// 1`) reads it first, so it is a read.
fn stored(sub: Node) -> bool {
    sub.parent().is_some_and(|p| match p.kind() {
        "assignment" => p.child_by_field_name("left") == Some(sub),
        "delete_statement" => true,
        _ => false,
    })
}

/// The statement a read `d[k]` runs in, where it runs exactly once each
/// time the statement does: reached through operators, calls, attributes
/// and displays only (not a lambda, comprehension, conditional, the right
/// of `and`/`or`, a chained comparison), in a statement that evaluates it
/// before its body (an `if`'s condition, a `for`'s iterable).
pub(super) fn read_statement(sub: Node) -> Option<Node> {
    let mut child = sub;
    loop {
        let parent = child.parent()?;
        let is_field = |field: &str| parent.child_by_field_name(field) == Some(child);
        match parent.kind() {
            "attribute" if is_field("object") => {}
            "call"
            | "argument_list"
            | "keyword_argument"
            | "binary_operator"
            | "unary_operator"
            | "not_operator"
            | "parenthesized_expression"
            | "expression_list"
            | "tuple"
            | "list"
            | "subscript" => {}
            "comparison_operator" if named_children(parent).len() == 2 => {}
            "boolean_operator" if is_field("left") => {}
            "assignment" if is_field("right") || is_field("left") => {
                return parent
                    .parent()
                    .filter(|s| s.kind() == "expression_statement")
            }
            "augmented_assignment" => {
                return parent
                    .parent()
                    .filter(|s| s.kind() == "expression_statement")
            }
            "expression_statement" | "return_statement" => return Some(parent),
            "if_statement" if is_field("condition") => return Some(parent),
            "for_statement" if is_field("right") => return Some(parent),
            _ => return None,
        }
        child = parent;
    }
}

/// Whether `d[k]`'s insertion can move before its statement: it runs
/// once each time the statement does, and nothing in the statement that
/// runs before it can see the dict (a call, another use of a
/// defaultdict's name than a read of an item).
fn eligible_read(sub: Node, all: &[String], src: &str) -> bool {
    let Some(stmt) = read_statement(sub) else {
        return false;
    };
    let mut stack = vec![stmt];
    while let Some(node) = stack.pop() {
        if matches!(node.kind(), "block" | "lambda") {
            continue;
        }
        if runs_before(node, sub, stmt) {
            let sees = match node.kind() {
                "call" => true,
                "identifier" if all.iter().any(|n| n == text(node, src)) => {
                    let read = node.parent().is_some_and(|p| {
                        p.kind() == "subscript" && p.child_by_field_name("value") == Some(node)
                    });
                    !read
                }
                _ => false,
            };
            if sees {
                return false;
            }
        }
        stack.extend(named_children(node));
    }
    true
}

/// Whether `node` runs before the read `sub` in `stmt`, taking source
/// order as the order of evaluation, but an assignment's right side first.
fn runs_before(node: Node, sub: Node, stmt: Node) -> bool {
    let assignment = named_children(stmt)
        .into_iter()
        .find(|a| a.kind() == "assignment");
    if let Some(a) = assignment {
        let within = |n: Node, part: Option<Node>| {
            part.is_some_and(|p| n.start_byte() >= p.start_byte() && n.end_byte() <= p.end_byte())
        };
        let (left, right) = (
            a.child_by_field_name("left"),
            a.child_by_field_name("right"),
        );
        if within(sub, left) && within(node, right) {
            return true;
        }
        if within(sub, right) && within(node, left) {
            return false;
        }
    }
    node.end_byte() <= sub.start_byte()
}

/// The reads `d[k]` of a defaultdict that `stmt` itself runs (not those
/// in its blocks), in the order it runs them (an assignment's right side
/// first): each the element read, the dict's name and the key.
pub(super) fn reads_of<'t>(
    stmt: Node<'t>,
    all: &[String],
    src: &str,
) -> Vec<(Node<'t>, String, Node<'t>)> {
    let mut reads = Vec::new();
    let mut stack = vec![stmt];
    while let Some(node) = stack.pop() {
        if matches!(node.kind(), "block" | "lambda") {
            continue;
        }
        if node.kind() == "subscript" && !stored(node) && read_statement(node) == Some(stmt) {
            if let (Some(value), Some(key)) = (
                node.child_by_field_name("value"),
                node.child_by_field_name("subscript"),
            ) {
                if value.kind() == "identifier" && all.iter().any(|n| n == text(value, src)) {
                    reads.push((node, text(value, src).to_string(), key));
                }
            }
        }
        let mut kids = named_children(node);
        kids.reverse();
        stack.extend(kids);
    }
    // Source order, but an assignment's right side runs before its left.
    let right = named_children(stmt)
        .into_iter()
        .find(|a| a.kind() == "assignment")
        .and_then(|a| a.child_by_field_name("right"));
    let in_right = |n: Node| {
        right.is_some_and(|r| n.start_byte() >= r.start_byte() && n.end_byte() <= r.end_byte())
    };
    let (mut first, rest): (Vec<_>, Vec<_>) = reads.into_iter().partition(|r| in_right(r.0));
    first.extend(rest);
    first
}
