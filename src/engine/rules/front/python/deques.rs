//! `collections.deque` used as a queue, as a list: `deque()` and
//! `deque(xs)` make a list, `q.popleft()` is `q.pop(0)` and
//! `q.appendleft(x)` is `q.insert(0, x)`, which raise and change the
//! sequence as the deque's do. A deque and a list differ where the object
//! itself shows (`str()`, `==` against a list, passed to a function that
//! may do either), so a name is taken for a deque only where every use of
//! it in the function is one the two share: the queue methods, indexing,
//! iterating, counting and testing for emptiness.

use tree_sitter::Node;

use super::super::super::{named_children, text};
use super::calls::iterated;

/// The methods a deque shares with a list (or has as a list's, renamed).
const QUEUE_METHODS: &[&str] = &["append", "appendleft", "extend", "pop", "popleft"];

/// How a file names `collections.deque`: names it imports it as, and
/// whether it imports the `collections` module itself.
pub(crate) struct DequeNames<'a> {
    pub bound: &'a [String],
    pub module: bool,
}

impl DequeNames<'_> {
    /// Whether `call` makes a deque: `deque()` or `deque(xs)`, by a name
    /// the file binds to it, no `maxlen`.
    pub(super) fn makes_deque(&self, call: Node, src: &str) -> bool {
        let (Some(func), Some(args)) = (
            call.child_by_field_name("function"),
            call.child_by_field_name("arguments"),
        ) else {
            return false;
        };
        let named = match func.kind() {
            "identifier" => self.bound.iter().any(|b| b == text(func, src)),
            "attribute" => self.module && text(func, src) == "collections.deque",
            _ => false,
        };
        let args = named_children(args);
        named
            && args.len() <= 1
            && args.iter().all(|a| {
                !matches!(
                    a.kind(),
                    "keyword_argument" | "list_splat" | "dictionary_splat"
                )
            })
    }
}

/// The names `body` binds to a deque (`q = deque(...)`), each with the
/// first use of it that a list would not share, if any.
pub(super) fn deques_in<'t>(
    body: Node<'t>,
    src: &str,
    names: &DequeNames,
) -> Vec<(String, Option<Node<'t>>)> {
    let mut found: Vec<String> = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if let Some(name) = deque_binding(node, src, names) {
            if !found.contains(&name) {
                found.push(name);
            }
        }
        stack.extend(named_children(node));
    }
    found.sort();
    found
        .into_iter()
        .map(|name| {
            let misuse = first_misuse(body, &name, src, names);
            (name, misuse)
        })
        .collect()
}

/// `name` when `node` is `name = deque(...)`.
fn deque_binding(node: Node, src: &str, names: &DequeNames) -> Option<String> {
    // An annotation (`q: deque[int] = deque()`) is not checked.
    if node.kind() != "assignment" {
        return None;
    }
    let left = node.child_by_field_name("left")?;
    let right = node.child_by_field_name("right")?;
    (left.kind() == "identifier" && right.kind() == "call" && names.makes_deque(right, src))
        .then(|| text(left, src).to_string())
}

fn first_misuse<'t>(body: Node<'t>, name: &str, src: &str, names: &DequeNames) -> Option<Node<'t>> {
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier" && text(node, src) == name && !shared_use(node, src, names) {
            return Some(node);
        }
        stack.extend(named_children(node));
    }
    None
}

/// Whether the use `node` of a deque's name is one a list shares.
fn shared_use(node: Node, src: &str, names: &DequeNames) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    let is_field = |n: Node, field: &str| n.child_by_field_name(field) == Some(node);
    match parent.kind() {
        // Bound to a deque again.
        "assignment" if is_field(parent, "left") => deque_binding(parent, src, names).is_some(),
        // `q.popleft()`: the receiver of a queue method's call.
        "attribute" if is_field(parent, "object") => {
            let method = parent
                .child_by_field_name("attribute")
                .map_or("", |a| text(a, src));
            QUEUE_METHODS.contains(&method)
                && parent
                    .parent()
                    .is_some_and(|c| c.kind() == "call" && is_field_of(c, "function", parent))
        }
        // `while q and ...`: an operand of `and`/`or` that is only tested.
        "boolean_operator" => tested(parent),
        _ => iterated(node, src),
    }
}

/// Whether the value of `node` is only tested for truth: it is the
/// condition of an `if`, `elif` or `while`, the operand of `not`, or an
/// operand of `and`/`or` that is itself only tested.
fn tested(node: Node) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    match parent.kind() {
        "boolean_operator" | "parenthesized_expression" => tested(parent),
        "not_operator" => true,
        "if_statement" | "elif_clause" | "while_statement" => {
            parent.child_by_field_name("condition") == Some(node)
        }
        _ => false,
    }
}

fn is_field_of(node: Node, field: &str, child: Node) -> bool {
    node.child_by_field_name(field) == Some(child)
}
