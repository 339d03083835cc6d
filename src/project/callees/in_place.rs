//! Which parameters of a module's Python functions are changed in place
//! (`xs.append(x)`, `xs[i] = v`, `xs += ys`, or `xs` passed on to a
//! function of the module that changes it): the Rust backend writes those
//! `&mut`, so the signature a caller in another unit is given must say so
//! too. Read from the syntax tree, as the rest of the table is; where this
//! reading and the backend's analysis disagree the caller's code does not
//! compile, so a miss declines the caller, never changes its meaning.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

/// Methods that change the list, dict or set they are called on.
const CHANGING: &[&str] = &[
    "append",
    "appendleft",
    "clear",
    "difference_update",
    "discard",
    "extend",
    "insert",
    "intersection_update",
    "pop",
    "popitem",
    "popleft",
    "remove",
    "reverse",
    "setdefault",
    "sort",
    "symmetric_difference_update",
    "update",
    "add",
];

/// What one function does to its parameters.
#[derive(Debug, Default)]
pub struct Changes {
    /// The parameters' names, in order.
    params: Vec<String>,
    /// The parameters (by position) the body changes itself.
    direct: HashSet<usize>,
    /// A parameter passed to a function of the module: (its position, the
    /// callee, the callee's parameter by position or by keyword).
    passed: Vec<(usize, String, Slot)>,
    /// The parameters (by position) a `return` of the function itself
    /// gives by name (`return xs`).
    returned: HashSet<usize>,
    /// The parameters (by position) assigned anew (`xs = ...`).
    rebound: HashSet<usize>,
}

impl Changes {
    /// The parameters (by position) that, if changed in place, are given
    /// back: returned by name and never rebound. The Rust backend takes
    /// them by value and returns them (`mut xs: Vec<T>`), so the caller
    /// moves its list in (`back::rust_given_back`).
    pub fn given_back(&self) -> HashSet<usize> {
        self.returned.difference(&self.rebound).copied().collect()
    }
}

/// Where an argument lands in the callee's parameter list.
#[derive(Debug)]
enum Slot {
    Position(usize),
    Keyword(String),
}

/// The changes of the function `def` (a `function_definition`) makes to
/// its parameters, nested functions included (they change the same list).
pub fn changes(def: Node, src: &str) -> Changes {
    let t = |n: Node| &src[n.byte_range()];
    let mut out = Changes::default();
    if let Some(list) = def.child_by_field_name("parameters") {
        let mut cursor = list.walk();
        for p in list.named_children(&mut cursor) {
            let ident = match p.kind() {
                "identifier" => Some(p),
                "typed_parameter" => p.named_child(0),
                _ => p.child_by_field_name("name"),
            };
            out.params
                .push(ident.map_or(String::new(), |n| t(n).to_string()));
        }
    }
    let Some(body) = def.child_by_field_name("body") else {
        return out;
    };
    let param = |n: Node| {
        let name = t(root_of(n)?);
        out.params.iter().position(|p| p == name)
    };
    let mut direct = HashSet::new();
    let mut passed = Vec::new();
    let mut rebound = HashSet::new();
    // An explicit stack: a body may nest any number of times.
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
        match n.kind() {
            "call" => {
                let Some(func) = n.child_by_field_name("function") else {
                    continue;
                };
                match func.kind() {
                    "attribute" => {
                        let changing = func
                            .child_by_field_name("attribute")
                            .is_some_and(|m| CHANGING.contains(&t(m)));
                        if let (true, Some(i)) =
                            (changing, func.child_by_field_name("object").and_then(param))
                        {
                            direct.insert(i);
                        }
                    }
                    "identifier" => {
                        let Some(args) = n.child_by_field_name("arguments") else {
                            continue;
                        };
                        let mut inner = args.walk();
                        for (j, a) in args.named_children(&mut inner).enumerate() {
                            let (value, slot) = if a.kind() == "keyword_argument" {
                                let (Some(k), Some(v)) = (
                                    a.child_by_field_name("name"),
                                    a.child_by_field_name("value"),
                                ) else {
                                    continue;
                                };
                                (v, Slot::Keyword(t(k).to_string()))
                            } else {
                                (a, Slot::Position(j))
                            };
                            if value.kind() != "identifier" {
                                continue;
                            }
                            if let Some(i) = param(value) {
                                passed.push((i, t(func).to_string(), slot));
                            }
                        }
                    }
                    _ => {}
                }
            }
            "assignment" | "augmented_assignment" | "delete_statement" => {
                let target = match n.kind() {
                    "delete_statement" => n.named_child(0),
                    _ => n.child_by_field_name("left"),
                };
                let Some(target) = target else {
                    continue;
                };
                if n.kind() == "assignment" && target.kind() == "identifier" {
                    rebound.extend(param(target));
                }
                // `xs += ys` changes the list itself.
                if n.kind() == "augmented_assignment" && target.kind() == "identifier" {
                    direct.extend(param(target));
                }
                // Stores into items: `xs[i] = v`, `xs[i], xs[j] = ...`,
                // `del xs[i]`.
                let mut targets = vec![target];
                while let Some(x) = targets.pop() {
                    if x.kind() == "subscript" {
                        direct.extend(param(x));
                    } else if matches!(
                        x.kind(),
                        "pattern_list" | "tuple_pattern" | "list_pattern" | "expression_list"
                    ) {
                        let mut inner = x.walk();
                        targets.extend(x.named_children(&mut inner));
                    }
                }
            }
            _ => {}
        }
    }
    out.direct = direct;
    out.passed = passed;
    out.rebound = rebound;
    out.returned = returned_names(body, src)
        .iter()
        .filter_map(|n| out.params.iter().position(|p| p == n))
        .collect();
    out
}

/// The names `return` statements of `body` give (`return xs`), not those
/// of nested functions or lambdas.
fn returned_names(body: Node, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "function_definition" | "lambda" | "class_definition" => continue,
            "return_statement" => {
                if let Some(v) = n.named_child(0).filter(|v| v.kind() == "identifier") {
                    out.push(src[v.byte_range()].to_string());
                }
            }
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    out
}

/// The name a place is rooted at: `xs` of `xs`, `xs[i]` and `xs[i][j]`.
fn root_of(mut n: Node) -> Option<Node> {
    loop {
        match n.kind() {
            "identifier" => return Some(n),
            "subscript" => n = n.child_by_field_name("value")?,
            _ => return None,
        }
    }
}

/// The parameters each function changes, its own changes and those of
/// the functions it passes them to, to a fixed point (`sort(xs)` calling
/// `swap(xs, i, j)` changes `xs`).
pub fn settle(changes: HashMap<String, Changes>) -> HashMap<String, HashSet<usize>> {
    let mut out: HashMap<String, HashSet<usize>> = changes
        .iter()
        .map(|(name, c)| (name.clone(), c.direct.clone()))
        .collect();
    loop {
        let mut more = Vec::new();
        for (name, c) in &changes {
            for (i, callee, slot) in &c.passed {
                let Some(target) = changes.get(callee) else {
                    continue;
                };
                let j = match slot {
                    Slot::Position(j) => Some(*j),
                    Slot::Keyword(k) => target.params.iter().position(|p| p == k),
                };
                let lent = j.is_some_and(|j| out.get(callee).is_some_and(|s| s.contains(&j)));
                if lent && !out.get(name).is_some_and(|s| s.contains(i)) {
                    more.push((name.clone(), *i));
                }
            }
        }
        if more.is_empty() {
            return out;
        }
        for (name, i) in more {
            out.entry(name).or_default().insert(i);
        }
    }
}
