//! What a JavaScript function body says about its names before any code is
//! written: the names it declares (Python has one scope per function where
//! JavaScript has one per block), and what the uses of parameters without a
//! known type say their types are.
//!
//! JavaScript accepts any value anywhere, so a translation must assume what
//! its inputs are. Where neither the target signature's annotations nor
//! JSDoc say, the engine takes the type the code treats a parameter as:
//! compared with or computed with numbers, a number; given string methods, a
//! string; given array methods, an array. A parameter the code treats two
//! ways gets no type.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::super::types::Ty;
use super::super::{named_children, text};

pub const STR_METHODS: &[&str] = &[
    "charAt",
    "charCodeAt",
    "codePointAt",
    "endsWith",
    "localeCompare",
    "match",
    "padEnd",
    "padStart",
    "repeat",
    "replace",
    "replaceAll",
    "split",
    "startsWith",
    "substring",
    "substr",
    "toLowerCase",
    "toUpperCase",
    "trim",
    "trimEnd",
    "trimStart",
];

pub const ARRAY_METHODS: &[&str] = &[
    "every",
    "fill",
    "filter",
    "find",
    "findIndex",
    "flat",
    "flatMap",
    "forEach",
    "join",
    "map",
    "pop",
    "push",
    "reduce",
    "reverse",
    "shift",
    "some",
    "sort",
    "splice",
    "unshift",
];

#[derive(Clone, Copy, Debug, Default)]
struct Facts {
    num: bool,
    str_: bool,
    seq: bool,
    array: bool,
}

struct Hints<'s> {
    src: &'s str,
    params: HashSet<String>,
    /// Names standing for elements of a path (loop and callback variables),
    /// or for a path itself (`let i = n` counting down from `n`).
    aliases: HashMap<String, String>,
    facts: HashMap<String, Facts>,
    /// Pairs of paths compared or computed together, which have the same
    /// kind: `i < x` with `i` a number makes `x` one.
    same: Vec<(String, String)>,
    /// Names only ever changed by `++`, `--`, `+= k` and `-= k` after their
    /// declaration: they keep the kind of their first value.
    counters: HashSet<String>,
    /// Names declared or bound in more than one place (two loops, two
    /// callbacks) not all standing for the same path.
    rebound: HashSet<String>,
    /// Every (name, path) a binding made an alias, to find the names above.
    candidates: Vec<(String, String)>,
}

fn is_number_literal(node: Node) -> bool {
    match node.kind() {
        "number" => true,
        "unary_expression" => node
            .child_by_field_name("argument")
            .is_some_and(is_number_literal),
        "parenthesized_expression" => named_children(node)
            .first()
            .is_some_and(|n| is_number_literal(*n)),
        _ => false,
    }
}

impl Hints<'_> {
    fn path(&self, node: Node) -> Option<String> {
        match node.kind() {
            "identifier" => {
                let name = text(node, self.src);
                if let Some(p) = self.aliases.get(name) {
                    return Some(p.clone());
                }
                self.params.contains(name).then(|| name.to_string())
            }
            "subscript_expression" => {
                let object = node.child_by_field_name("object")?;
                Some(format!("{}[]", self.path(object)?))
            }
            "call_expression" => {
                // `xs.at(i)` is an element too.
                let f = node.child_by_field_name("function")?;
                if f.kind() != "member_expression" {
                    return None;
                }
                let prop = f.child_by_field_name("property")?;
                if text(prop, self.src) == "at" {
                    let obj = f.child_by_field_name("object")?;
                    return Some(format!("{}[]", self.path(obj)?));
                }
                None
            }
            "parenthesized_expression" => self.path(*named_children(node).first()?),
            _ => None,
        }
    }

    fn fact(&mut self, node: Node, f: impl FnOnce(&mut Facts)) {
        if let Some(p) = self.path(node) {
            f(self.facts.entry(p).or_default());
        }
    }

    fn alias(&mut self, name_node: Node, path: String) {
        if name_node.kind() == "identifier" {
            let name = text(name_node, self.src).to_string();
            self.candidates.push((name.clone(), path.clone()));
            if !self.params.contains(&name) && !self.rebound.contains(&name) {
                self.aliases.insert(name, path);
            }
        }
    }

    fn walk(&mut self, node: Node) {
        match node.kind() {
            "variable_declarator" => {
                // `let i = n` where `i` is only counted up or down.
                if let (Some(name), Some(value)) = (
                    node.child_by_field_name("name"),
                    node.child_by_field_name("value"),
                ) {
                    if let Some(p) = self.path(value) {
                        let n = text(name, self.src).to_string();
                        if self.counters.contains(&n) {
                            self.alias(name, p);
                        }
                    }
                }
            }
            "for_in_statement" => {
                let is_of = node
                    .child_by_field_name("operator")
                    .is_some_and(|o| text(o, self.src) == "of");
                if let (true, Some(left), Some(right)) = (
                    is_of,
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) {
                    self.fact(right, |f| f.seq = true);
                    if let Some(p) = self.path(right) {
                        self.alias(left, format!("{p}[]"));
                    }
                }
            }
            "member_expression" => {
                if let (Some(obj), Some(prop)) = (
                    node.child_by_field_name("object"),
                    node.child_by_field_name("property"),
                ) {
                    let name = text(prop, self.src);
                    if name == "length" {
                        self.fact(obj, |f| f.seq = true);
                    } else if STR_METHODS.contains(&name) {
                        self.fact(obj, |f| f.str_ = true);
                    } else if ARRAY_METHODS.contains(&name) {
                        self.fact(obj, |f| f.array = true);
                    } else if matches!(
                        name,
                        "slice" | "indexOf" | "includes" | "at" | "lastIndexOf"
                    ) {
                        self.fact(obj, |f| f.seq = true);
                    } else if name == "toFixed" {
                        self.fact(obj, |f| f.num = true);
                    }
                }
            }
            "call_expression" => {
                if let (Some(func), Some(args)) = (
                    node.child_by_field_name("function"),
                    node.child_by_field_name("arguments"),
                ) {
                    let args = named_children(args);
                    if func.kind() == "member_expression" {
                        let obj = func.child_by_field_name("object");
                        let prop = func
                            .child_by_field_name("property")
                            .map(|p| text(p, self.src))
                            .unwrap_or("");
                        let obj_text = obj.map(|o| text(o, self.src)).unwrap_or("");
                        if obj_text == "Math" {
                            for a in &args {
                                let a = if a.kind() == "spread_element" {
                                    // `Math.max(...xs)`: the elements are numbers.
                                    match named_children(*a).first() {
                                        Some(inner) => {
                                            if let Some(p) = self.path(*inner) {
                                                self.facts
                                                    .entry(format!("{p}[]"))
                                                    .or_default()
                                                    .num = true;
                                            }
                                            continue;
                                        }
                                        None => continue,
                                    }
                                } else {
                                    *a
                                };
                                self.fact(a, |f| f.num = true);
                            }
                        }
                        if prop == "toString" && !args.is_empty() {
                            if let Some(o) = obj {
                                self.fact(o, |f| f.num = true);
                            }
                        }
                        // Callbacks: their first parameter is an element.
                        if matches!(
                            prop,
                            "map"
                                | "filter"
                                | "forEach"
                                | "some"
                                | "every"
                                | "find"
                                | "findIndex"
                                | "flatMap"
                        ) {
                            if let (Some(o), Some(cb)) = (obj, args.first()) {
                                if let Some(p) = self.path(o) {
                                    if let Some(first) = callback_params(*cb).first() {
                                        self.alias(*first, format!("{p}[]"));
                                    }
                                }
                            }
                        }
                        if prop == "reduce" {
                            if let (Some(o), Some(cb)) = (obj, args.first()) {
                                if let Some(p) = self.path(o) {
                                    if let Some(second) = callback_params(*cb).get(1) {
                                        self.alias(*second, format!("{p}[]"));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            "subscript_expression" => {
                if let (Some(obj), Some(index)) = (
                    node.child_by_field_name("object"),
                    node.child_by_field_name("index"),
                ) {
                    if index.kind() != "string" {
                        self.fact(obj, |f| f.seq = true);
                    }
                }
            }
            "binary_expression" => {
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| text(o, self.src))
                    .unwrap_or("");
                if let (Some(l), Some(r)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) {
                    match op {
                        "-" | "*" | "/" | "%" | "**" => {
                            self.fact(l, |f| f.num = true);
                            self.fact(r, |f| f.num = true);
                        }
                        // Not `+`: `x + 1` concatenates when `x` is a string.
                        "<" | ">" | "<=" | ">=" => {
                            if let (Some(a), Some(b)) = (self.path(l), self.path(r)) {
                                self.same.push((a, b));
                            }
                            for (a, b) in [(l, r), (r, l)] {
                                if is_number_literal(b) {
                                    self.fact(a, |f| f.num = true);
                                } else if matches!(b.kind(), "string" | "template_string") {
                                    self.fact(a, |f| f.str_ = true);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            "augmented_assignment_expression" => {
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| text(o, self.src))
                    .unwrap_or("");
                if matches!(op, "-=" | "*=" | "/=" | "%=") {
                    if let Some(r) = node.child_by_field_name("right") {
                        self.fact(r, |f| f.num = true);
                    }
                }
            }
            "unary_expression" => {
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| text(o, self.src))
                    .unwrap_or("");
                if op == "-" {
                    if let Some(a) = node.child_by_field_name("argument") {
                        self.fact(a, |f| f.num = true);
                    }
                }
            }
            _ => {}
        }
        for child in named_children(node) {
            self.walk(child);
        }
    }

    /// Spreads number and string facts across paths of the same kind.
    fn propagate(&mut self) {
        for _ in 0..4 {
            for (a, b) in self.same.clone() {
                let fa = self.facts.get(&a).copied().unwrap_or_default();
                let fb = self.facts.get(&b).copied().unwrap_or_default();
                let merged = Facts {
                    num: fa.num || fb.num,
                    str_: fa.str_ || fb.str_,
                    ..Facts::default()
                };
                for p in [&a, &b] {
                    let f = self.facts.entry(p.clone()).or_default();
                    f.num |= merged.num;
                    f.str_ |= merged.str_;
                }
            }
        }
    }

    fn ty(&self, path: &str, depth: usize) -> Ty {
        let f = self.facts.get(path).copied().unwrap_or_default();
        let elem = if depth < 2 {
            self.ty(&format!("{path}[]"), depth + 1)
        } else {
            Ty::Unknown
        };
        if f.num && (f.str_ || f.seq || f.array) || f.str_ && f.array {
            return Ty::Unknown;
        }
        if f.num {
            Ty::Num
        } else if f.str_ {
            Ty::Str
        } else if f.array {
            Ty::list(elem)
        } else if f.seq {
            Ty::seq(elem)
        } else {
            Ty::Unknown
        }
    }
}

/// The parameters of an arrow function or function expression.
pub fn callback_params(f: Node) -> Vec<Node> {
    if !matches!(f.kind(), "arrow_function" | "function_expression") {
        return Vec::new();
    }
    if let Some(p) = f.child_by_field_name("parameter") {
        return vec![p];
    }
    f.child_by_field_name("parameters")
        .map(named_children)
        .unwrap_or_default()
}

/// What the uses of each parameter say about its type. Parameters that the
/// body assigns (other than by `+=` and the like) are left out.
pub fn param_hints(body: Node, src: &str, params: &[String]) -> HashMap<String, Ty> {
    let mut counters = HashSet::new();
    counted_names(body, src, &mut counters);
    let mut counts = HashMap::new();
    count_bindings(body, src, &mut counts);
    let mut hints = Hints {
        src,
        params: params.iter().cloned().collect(),
        aliases: HashMap::new(),
        facts: HashMap::new(),
        same: Vec::new(),
        counters,
        rebound: HashSet::new(),
        candidates: Vec::new(),
    };
    hints.walk(body);
    hints.rebound = counts
        .iter()
        .filter(|(name, n)| {
            let mine: Vec<&String> = hints
                .candidates
                .iter()
                .filter(|(c, _)| c == *name)
                .map(|(_, p)| p)
                .collect();
            **n > 1 && (mine.len() != **n || mine.iter().any(|p| *p != mine[0]))
        })
        .map(|(name, _)| name.clone())
        .collect();
    hints.facts.clear();
    hints.same.clear();
    hints.aliases.clear();
    hints.walk(body);
    hints.propagate();
    params.iter().map(|p| (p.clone(), hints.ty(p, 0))).collect()
}

/// Names whose only writes after their declaration are `++`, `--`, `+=`
/// and `-=` of a number literal.
fn counted_names(body: Node, src: &str, out: &mut HashSet<String>) {
    fn walk(n: Node, src: &str, ok: &mut HashMap<String, bool>) {
        match n.kind() {
            "update_expression" => {
                if let Some(a) = n.child_by_field_name("argument") {
                    ok.entry(text(a, src).to_string()).or_insert(true);
                }
            }
            "augmented_assignment_expression" => {
                let left = n
                    .child_by_field_name("left")
                    .map(|l| text(l, src).to_string());
                let op = n
                    .child_by_field_name("operator")
                    .map(|o| text(o, src))
                    .unwrap_or("");
                let by_number = n
                    .child_by_field_name("right")
                    .is_some_and(is_number_literal);
                if let Some(l) = left {
                    let e = ok.entry(l).or_insert(true);
                    *e &= matches!(op, "+=" | "-=") && by_number;
                }
            }
            "assignment_expression" => {
                if let Some(l) = n.child_by_field_name("left") {
                    ok.insert(text(l, src).to_string(), false);
                }
            }
            _ => {}
        }
        for c in named_children(n) {
            walk(c, src, ok);
        }
    }
    let mut ok = HashMap::new();
    walk(body, src, &mut ok);
    let mut declared = Vec::new();
    declared_names(body, src, &mut declared);
    for d in declared {
        if ok.get(&d).copied().unwrap_or(true) {
            out.insert(d);
        }
    }
}

/// How many places bind each name anywhere in a body, nested functions
/// included: declarations, `for` heads, callback and function parameters,
/// plain assignments.
fn count_bindings(node: Node, src: &str, counts: &mut HashMap<String, usize>) {
    let mut bump = |n: &str| {
        *counts.entry(n.to_string()).or_default() += 1;
    };
    match node.kind() {
        "variable_declarator" => {
            if let Some(n) = node.child_by_field_name("name") {
                pattern_names(n, src, &mut bump);
            }
        }
        "for_in_statement" => {
            if let Some(left) = node.child_by_field_name("left") {
                pattern_names(left, src, &mut bump);
            }
        }
        "assignment_expression" => {
            if let Some(left) = node.child_by_field_name("left") {
                pattern_names(left, src, &mut bump);
            }
        }
        "arrow_function" | "function_expression" | "function_declaration" => {
            for p in callback_params(node) {
                pattern_names(p, src, &mut bump);
            }
            if node.kind() == "function_declaration" {
                if let Some(params) = node.child_by_field_name("parameters") {
                    for p in named_children(params) {
                        pattern_names(p, src, &mut bump);
                    }
                }
            }
        }
        _ => {}
    }
    for c in named_children(node) {
        count_bindings(c, src, counts);
    }
}

/// Names a function body declares (`let`, `const`, `var`, nested
/// `function`, `for` heads), not entering nested functions.
pub fn declared_names(node: Node, src: &str, out: &mut Vec<String>) {
    let push = |n: &str, out: &mut Vec<String>| {
        if !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    };
    match node.kind() {
        "function_declaration" | "generator_function_declaration" | "class_declaration" => {
            if let Some(n) = node.child_by_field_name("name") {
                push(text(n, src), out);
            }
            return;
        }
        "arrow_function" | "function_expression" | "generator_function" | "class" => return,
        "variable_declarator" => {
            if let Some(n) = node.child_by_field_name("name") {
                pattern_names(n, src, &mut |name| push(name, out));
            }
        }
        "for_in_statement" if node.child_by_field_name("kind").is_some() => {
            if let Some(left) = node.child_by_field_name("left") {
                pattern_names(left, src, &mut |name| push(name, out));
            }
        }
        _ => {}
    }
    for child in named_children(node) {
        declared_names(child, src, out);
    }
}

/// The names a binding pattern binds.
pub fn pattern_names(node: Node, src: &str, f: &mut dyn FnMut(&str)) {
    match node.kind() {
        "identifier" | "shorthand_property_identifier_pattern" => f(text(node, src)),
        "array_pattern" | "object_pattern" | "pair_pattern" | "rest_pattern"
        | "assignment_pattern" => {
            for c in named_children(node) {
                if node.kind() == "pair_pattern" && node.child_by_field_name("key") == Some(c) {
                    continue;
                }
                if node.kind() == "assignment_pattern"
                    && node.child_by_field_name("right") == Some(c)
                {
                    continue;
                }
                pattern_names(c, src, f);
            }
        }
        _ => {}
    }
}

/// Names assigned (not declared) anywhere in a node, not entering nested
/// functions: `x = ...`, `x += ...`, `x++`.
pub fn assigned_names(node: Node, src: &str, out: &mut HashSet<String>) {
    match node.kind() {
        "arrow_function" | "function_expression" | "function_declaration" => return,
        "assignment_expression" | "augmented_assignment_expression" => {
            if let Some(left) = node.child_by_field_name("left") {
                pattern_names(left, src, &mut |n| {
                    out.insert(n.to_string());
                });
                if left.kind() == "parenthesized_expression" {
                    for c in named_children(left) {
                        pattern_names(c, src, &mut |n| {
                            out.insert(n.to_string());
                        });
                    }
                }
            }
        }
        "update_expression" => {
            if let Some(a) = node.child_by_field_name("argument") {
                if a.kind() == "identifier" {
                    out.insert(text(a, src).to_string());
                }
            }
        }
        "for_in_statement" if node.child_by_field_name("kind").is_none() => {
            if let Some(left) = node.child_by_field_name("left") {
                pattern_names(left, src, &mut |n| {
                    out.insert(n.to_string());
                });
            }
        }
        _ => {}
    }
    for child in named_children(node) {
        assigned_names(child, src, out);
    }
}

/// Names assigned with `=` a value that may be of another kind than
/// before: anything but arithmetic on numbers (`n = n % 10`,
/// `n = (n - n % 10) / 10`, `x = Math.floor(x / 2)`).
pub fn retyping_assignments(node: Node, src: &str, out: &mut HashSet<String>) {
    match node.kind() {
        "arrow_function" | "function_expression" | "function_declaration" => return,
        "assignment_expression" => {
            if let (Some(left), Some(right)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) {
                if !is_arithmetic(right, src) {
                    pattern_names(left, src, &mut |n| {
                        out.insert(n.to_string());
                    });
                }
            }
        }
        "for_in_statement" if node.child_by_field_name("kind").is_none() => {
            if let Some(left) = node.child_by_field_name("left") {
                pattern_names(left, src, &mut |n| {
                    out.insert(n.to_string());
                });
            }
        }
        _ => {}
    }
    for child in named_children(node) {
        retyping_assignments(child, src, out);
    }
}

fn is_arithmetic(node: Node, src: &str) -> bool {
    match node.kind() {
        "parenthesized_expression" => named_children(node)
            .first()
            .is_some_and(|n| is_arithmetic(*n, src)),
        "binary_expression" => node
            .child_by_field_name("operator")
            .is_some_and(|o| matches!(text(o, src), "-" | "*" | "/" | "%")),
        "call_expression" => node.child_by_field_name("function").is_some_and(|f| {
            matches!(
                text(f, src),
                "Math.floor" | "Math.trunc" | "Math.ceil" | "Math.round" | "Math.abs"
            )
        }),
        "unary_expression" => node
            .child_by_field_name("operator")
            .is_some_and(|o| text(o, src) == "-"),
        _ => false,
    }
}
