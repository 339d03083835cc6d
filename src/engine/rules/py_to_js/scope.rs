//! What a Python function's body says about its names, before any code is
//! written: which names are its locals, where each must be declared in
//! JavaScript (`let`/`const` at the first assignment, in a `for` head, or
//! hoisted before a statement when Python's function scope is wider than a
//! JavaScript block), and what the uses of unannotated parameters say about
//! their types.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::super::types::Ty;
use super::super::{named_children, text};

/// Where a function's locals are declared.
#[derive(Debug, Default)]
pub struct DeclPlan {
    /// Assignment statement id → the names its `let`/`const` declares.
    pub on_stmt: HashMap<usize, Vec<String>>,
    /// Statement id → names declared with `let name;` right before it.
    pub before_stmt: HashMap<usize, Vec<String>>,
    /// `for` statements whose head declares the loop's targets.
    pub for_head: HashSet<usize>,
    /// Names written more than once (`let`, not `const`).
    pub reassigned: HashSet<String>,
}

#[derive(Clone, Debug)]
enum Kind {
    Read,
    /// A plain `name = ...` (or `a, b = ...`) statement.
    Assign(usize),
    /// A nested `def`.
    Def(usize),
    /// A `for` target.
    ForTarget(usize),
    /// Any other write (`+=`).
    Write,
}

#[derive(Clone, Debug)]
struct Occ {
    /// Where it happens, in evaluation order.
    pos: usize,
    /// From the function body down: (region, child) where a region is a
    /// block or a `for` statement and the child is what holds the occurrence.
    chain: Vec<(usize, usize)>,
    kind: Kind,
}

/// The names a piece of code binds in its own scope: assignment and `for`
/// targets, nested function names, `del` and `import` names. Nested
/// functions, lambdas and comprehensions have their own scopes and are not
/// entered.
pub fn assigned_names(node: Node, src: &str, out: &mut Vec<String>) {
    let push = |name: &str, out: &mut Vec<String>| {
        if !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    };
    match node.kind() {
        "function_definition" | "class_definition" => {
            if let Some(name) = node.child_by_field_name("name") {
                push(text(name, src), out);
            }
            return;
        }
        "lambda"
        | "list_comprehension"
        | "set_comprehension"
        | "dictionary_comprehension"
        | "generator_expression" => return,
        "assignment" | "augmented_assignment" => {
            if let Some(left) = node.child_by_field_name("left") {
                target_names(left, src, &mut |n| push(n, out));
            }
            if let Some(right) = node.child_by_field_name("right") {
                assigned_names(right, src, out);
            }
            return;
        }
        "for_statement" => {
            if let Some(left) = node.child_by_field_name("left") {
                target_names(left, src, &mut |n| push(n, out));
            }
        }
        "named_expression" => {
            if let Some(name) = node.child_by_field_name("name") {
                push(text(name, src), out);
            }
        }
        _ => {}
    }
    for child in named_children(node) {
        assigned_names(child, src, out);
    }
}

/// The plain names an assignment target binds (not `a[i]` or `a.b`).
pub fn target_names(target: Node, src: &str, f: &mut dyn FnMut(&str)) {
    match target.kind() {
        "identifier" => f(text(target, src)),
        "pattern_list"
        | "tuple_pattern"
        | "list_pattern"
        | "tuple"
        | "list"
        | "parenthesized_expression" => {
            for child in named_children(target) {
                target_names(child, src, f);
            }
        }
        "list_splat_pattern" => {
            for child in named_children(target) {
                target_names(child, src, f);
            }
        }
        _ => {}
    }
}

/// Scans a function body for the occurrences of its locals.
struct Scanner<'s> {
    src: &'s str,
    locals: &'s HashSet<String>,
    occs: HashMap<String, Vec<Occ>>,
    /// Names bound by the inner scope being scanned (lambda parameters,
    /// comprehension variables, a nested function's locals).
    bound: Vec<HashSet<String>>,
}

impl<'s> Scanner<'s> {
    fn occ(&mut self, name: &str, pos: usize, chain: &[(usize, usize)], kind: Kind) {
        if !self.locals.contains(name) || self.bound.iter().any(|b| b.contains(name)) {
            return;
        }
        self.occs.entry(name.to_string()).or_default().push(Occ {
            pos,
            chain: chain.to_vec(),
            kind,
        });
    }

    fn block(&mut self, block: Node, chain: &mut Vec<(usize, usize)>) {
        for stmt in named_children(block) {
            chain.push((block.id(), stmt.id()));
            self.stmt(stmt, chain);
            chain.pop();
        }
    }

    /// A block that belongs to a statement (`if` body, `while` body...).
    fn sub_block(&mut self, block: Option<Node>, chain: &mut Vec<(usize, usize)>) {
        if let Some(block) = block {
            self.block(block, chain);
        }
    }

    fn stmt(&mut self, stmt: Node, chain: &mut Vec<(usize, usize)>) {
        match stmt.kind() {
            "expression_statement" => {
                for expr in named_children(stmt) {
                    match expr.kind() {
                        "assignment" => self.assignment(stmt, expr, chain),
                        "augmented_assignment" => {
                            let left = expr.child_by_field_name("left");
                            if let Some(left) = left {
                                self.expr(left, chain);
                            }
                            if let Some(right) = expr.child_by_field_name("right") {
                                self.expr(right, chain);
                            }
                            if let Some(left) = left {
                                let src = self.src;
                                let mut names = Vec::new();
                                target_names(left, src, &mut |n| names.push(n.to_string()));
                                for n in names {
                                    self.occ(&n, stmt.end_byte(), chain, Kind::Write);
                                }
                            }
                        }
                        _ => self.expr(expr, chain),
                    }
                }
            }
            "if_statement" => {
                if let Some(c) = stmt.child_by_field_name("condition") {
                    self.expr(c, chain);
                }
                self.sub_block(stmt.child_by_field_name("consequence"), chain);
                let mut cursor = stmt.walk();
                let alternatives: Vec<Node> = stmt
                    .children_by_field_name("alternative", &mut cursor)
                    .collect();
                for alt in alternatives {
                    if let Some(c) = alt.child_by_field_name("condition") {
                        self.expr(c, chain);
                    }
                    let body = alt
                        .child_by_field_name("consequence")
                        .or_else(|| alt.child_by_field_name("body"));
                    self.sub_block(body, chain);
                }
            }
            "for_statement" => {
                if let Some(right) = stmt.child_by_field_name("right") {
                    self.expr(right, chain);
                }
                let after_iter = stmt
                    .child_by_field_name("right")
                    .map_or(stmt.start_byte(), |r| r.end_byte());
                if let Some(left) = stmt.child_by_field_name("left") {
                    chain.push((stmt.id(), left.id()));
                    let src = self.src;
                    let mut names = Vec::new();
                    target_names(left, src, &mut |n| names.push(n.to_string()));
                    for n in names {
                        self.occ(&n, after_iter, chain, Kind::ForTarget(stmt.id()));
                    }
                    // Subscript targets read their base.
                    if !matches!(left.kind(), "identifier" | "pattern_list" | "tuple_pattern") {
                        self.expr(left, chain);
                    }
                    chain.pop();
                }
                if let Some(body) = stmt.child_by_field_name("body") {
                    chain.push((stmt.id(), body.id()));
                    self.block(body, chain);
                    chain.pop();
                }
                if let Some(alt) = stmt.child_by_field_name("alternative") {
                    self.sub_block(alt.child_by_field_name("body"), chain);
                }
            }
            "while_statement" => {
                if let Some(c) = stmt.child_by_field_name("condition") {
                    self.expr(c, chain);
                }
                self.sub_block(stmt.child_by_field_name("body"), chain);
                if let Some(alt) = stmt.child_by_field_name("alternative") {
                    self.sub_block(alt.child_by_field_name("body"), chain);
                }
            }
            "function_definition" => {
                if let Some(name) = stmt.child_by_field_name("name") {
                    let n = text(name, self.src).to_string();
                    self.occ(&n, stmt.start_byte(), chain, Kind::Def(stmt.id()));
                }
                self.nested_function(stmt, chain);
            }
            "try_statement" | "with_statement" => {
                // Declined when translated; scan conservatively.
                for child in named_children(stmt) {
                    if child.kind() == "block" {
                        self.block(child, chain);
                    } else {
                        for grandchild in named_children(child) {
                            if grandchild.kind() == "block" {
                                self.block(grandchild, chain);
                            } else {
                                self.expr(grandchild, chain);
                            }
                        }
                    }
                }
            }
            _ => {
                for child in named_children(stmt) {
                    self.expr(child, chain);
                }
            }
        }
    }

    fn assignment(&mut self, stmt: Node, assign: Node, chain: &mut Vec<(usize, usize)>) {
        if let Some(right) = assign.child_by_field_name("right") {
            if right.kind() == "assignment" {
                // `a = b = 0`: declined when translated.
                self.expr(right, chain);
            } else {
                self.expr(right, chain);
            }
        }
        if let Some(left) = assign.child_by_field_name("left") {
            let plain = is_plain_target(left);
            let src = self.src;
            let mut names = Vec::new();
            target_names(left, src, &mut |n| names.push(n.to_string()));
            for n in &names {
                let kind = if plain {
                    Kind::Assign(stmt.id())
                } else {
                    Kind::Write
                };
                self.occ(n, stmt.end_byte(), chain, kind);
            }
            if !plain {
                self.target_reads(left, chain);
            }
        }
    }

    /// The reads inside an assignment target: `a[i] = ...` reads `a` and `i`.
    fn target_reads(&mut self, target: Node, chain: &mut Vec<(usize, usize)>) {
        match target.kind() {
            "identifier" => {}
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" => {
                for child in named_children(target) {
                    self.target_reads(child, chain);
                }
            }
            _ => self.expr(target, chain),
        }
    }

    fn nested_function(&mut self, def: Node, chain: &mut Vec<(usize, usize)>) {
        let mut bound = HashSet::new();
        if let Some(params) = def.child_by_field_name("parameters") {
            for p in named_children(params) {
                if let Some(name) = param_name(p, self.src) {
                    bound.insert(name.to_string());
                }
                if let Some(default) = p.child_by_field_name("value") {
                    self.expr(default, chain);
                }
            }
        }
        if let Some(body) = def.child_by_field_name("body") {
            let mut locals = Vec::new();
            assigned_names(body, self.src, &mut locals);
            bound.extend(locals);
            self.bound.push(bound);
            self.reads_in(body, chain);
            self.bound.pop();
        }
    }

    /// Every read under `node`, all counted at the current chain.
    fn reads_in(&mut self, node: Node, chain: &mut Vec<(usize, usize)>) {
        match node.kind() {
            "function_definition" => self.nested_function(node, chain),
            _ if is_expression_scope(node.kind()) => self.expr(node, chain),
            "identifier" => {
                let n = text(node, self.src).to_string();
                self.occ(&n, node.start_byte(), chain, Kind::Read);
            }
            "attribute" => {
                if let Some(obj) = node.child_by_field_name("object") {
                    self.reads_in(obj, chain);
                }
            }
            "keyword_argument" => {
                if let Some(v) = node.child_by_field_name("value") {
                    self.reads_in(v, chain);
                }
            }
            _ => {
                for child in named_children(node) {
                    self.reads_in(child, chain);
                }
            }
        }
    }

    fn expr(&mut self, node: Node, chain: &mut Vec<(usize, usize)>) {
        match node.kind() {
            "identifier" => {
                let n = text(node, self.src).to_string();
                self.occ(&n, node.start_byte(), chain, Kind::Read);
            }
            "attribute" => {
                if let Some(obj) = node.child_by_field_name("object") {
                    self.expr(obj, chain);
                }
            }
            "keyword_argument" => {
                if let Some(v) = node.child_by_field_name("value") {
                    self.expr(v, chain);
                }
            }
            "lambda" => {
                let mut bound = HashSet::new();
                if let Some(params) = node.child_by_field_name("parameters") {
                    for p in named_children(params) {
                        if let Some(name) = param_name(p, self.src) {
                            bound.insert(name.to_string());
                        }
                        if let Some(default) = p.child_by_field_name("value") {
                            self.expr(default, chain);
                        }
                    }
                }
                self.bound.push(bound);
                if let Some(body) = node.child_by_field_name("body") {
                    self.expr(body, chain);
                }
                self.bound.pop();
            }
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => {
                let parts = named_children(node);
                let mut bound = HashSet::new();
                let mut first = true;
                for part in &parts {
                    if part.kind() == "for_in_clause" {
                        if first {
                            if let Some(right) = part.child_by_field_name("right") {
                                self.expr(right, chain);
                            }
                            first = false;
                        }
                        if let Some(left) = part.child_by_field_name("left") {
                            target_names(left, self.src, &mut |n| {
                                bound.insert(n.to_string());
                            });
                        }
                    }
                }
                self.bound.push(bound);
                let mut first = true;
                for part in &parts {
                    match part.kind() {
                        "for_in_clause" => {
                            if !first {
                                if let Some(right) = part.child_by_field_name("right") {
                                    self.expr(right, chain);
                                }
                            }
                            first = false;
                        }
                        _ => self.expr(*part, chain),
                    }
                }
                self.bound.pop();
            }
            _ => {
                for child in named_children(node) {
                    self.expr(child, chain);
                }
            }
        }
    }
}

fn is_expression_scope(kind: &str) -> bool {
    matches!(
        kind,
        "lambda"
            | "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression"
    )
}

/// `x`, `a, b` or `(a, b)`: targets a `let` can declare.
fn is_plain_target(left: Node) -> bool {
    match left.kind() {
        "identifier" => true,
        "pattern_list" | "tuple_pattern" => named_children(left)
            .iter()
            .all(|c| c.kind() == "identifier"),
        _ => false,
    }
}

/// The name a parameter binds.
pub fn param_name<'s>(param: Node, src: &'s str) -> Option<&'s str> {
    match param.kind() {
        "identifier" => Some(text(param, src)),
        "typed_parameter" => named_children(param)
            .into_iter()
            .find(|c| c.kind() == "identifier")
            .map(|n| text(n, src)),
        "default_parameter" | "typed_default_parameter" => {
            param.child_by_field_name("name").map(|n| text(n, src))
        }
        "list_splat_pattern" | "dictionary_splat_pattern" => named_children(param)
            .into_iter()
            .find(|c| c.kind() == "identifier")
            .map(|n| text(n, src)),
        _ => None,
    }
}

/// Kinds of nodes that are loops.
fn is_loop(kind: &str) -> bool {
    matches!(kind, "for_statement" | "while_statement")
}

/// Plans where each local of a function body is declared.
pub fn plan(body: Node, src: &str, locals: &HashSet<String>) -> DeclPlan {
    let mut scanner = Scanner {
        src,
        locals,
        occs: HashMap::new(),
        bound: Vec::new(),
    };
    let mut chain = Vec::new();
    scanner.block(body, &mut chain);

    // Node kinds by id, to tell loops apart.
    let mut kinds: HashMap<usize, &'static str> = HashMap::new();
    collect_kinds(body, &mut kinds);

    let mut plan = DeclPlan::default();
    let mut names: Vec<(&String, &Vec<Occ>)> = scanner.occs.iter().collect();
    names.sort_by_key(|(_, occs)| occs.iter().map(|o| o.pos).min());
    for (name, occs) in names {
        let writes = occs
            .iter()
            .filter(|o| !matches!(o.kind, Kind::Read))
            .count();
        if writes > 1 {
            plan.reassigned.insert(name.clone());
        }
        if writes == 0 {
            continue;
        }
        // The deepest region every occurrence is in.
        let mut depth = 0;
        loop {
            let region = occs[0].chain.get(depth).map(|c| c.0);
            if region.is_none()
                || occs
                    .iter()
                    .any(|o| o.chain.get(depth).map(|c| c.0) != region)
            {
                // Regions differ at `depth`: the common one is above.
                depth = depth.saturating_sub(1);
                break;
            }
            let child = occs[0].chain[depth].1;
            if occs.iter().any(|o| o.chain[depth].1 != child) {
                break;
            }
            depth += 1;
        }
        let first = occs
            .iter()
            .min_by_key(|o| o.pos)
            .expect("a name with writes has occurrences");
        let Some(&(region, child)) = first.chain.get(depth) else {
            continue;
        };
        match first.kind {
            Kind::ForTarget(for_id) if for_id == region => {
                plan.for_head.insert(for_id);
                continue;
            }
            Kind::Assign(stmt) if stmt == child && kinds.get(&region) == Some(&"block") => {
                plan.on_stmt.entry(stmt).or_default().push(name.clone());
                continue;
            }
            Kind::Def(stmt) if stmt == child => continue,
            _ => {}
        }
        // Hoist: before the outermost loop on the way, or else before the
        // statement that holds the first occurrence.
        let mut at = (region, child);
        for &(r, c) in &first.chain[..=depth] {
            if kinds.get(&c).is_some_and(|k| is_loop(k)) {
                at = (r, c);
                break;
            }
        }
        // A hoist target must be a statement in a block.
        if kinds.get(&at.0) != Some(&"block") {
            // The region is a `for` statement: hoist before the loop itself.
            if let Some(pos) = first.chain.iter().position(|&(r, _)| r == at.0) {
                if pos > 0 {
                    at = first.chain[pos - 1];
                }
            }
        }
        plan.before_stmt.entry(at.1).or_default().push(name.clone());
    }
    // A `for` head declares all its targets or none: a `let [i, c]` whose
    // `i` lives on after the loop (or is a parameter) would hide the outer
    // `i`, which the loop must assign. Hoist the names it would declare.
    let heads: Vec<usize> = plan.for_head.iter().copied().collect();
    for for_id in heads {
        let all = for_targets(body, for_id, src);
        let own: Vec<String> = all
            .iter()
            .filter(|n| {
                locals.contains(*n)
                    && !plan.on_stmt.values().any(|v| v.contains(n))
                    && !plan.before_stmt.values().any(|v| v.contains(n))
            })
            .cloned()
            .collect();
        if own.len() != all.len() {
            plan.for_head.remove(&for_id);
            plan.before_stmt.entry(for_id).or_default().extend(own);
        }
    }
    // An assignment that declares some of its names but not others cannot
    // use `let`: hoist the names it would declare.
    let partial: Vec<usize> = plan.on_stmt.keys().copied().collect();
    for stmt in partial {
        let declared = &plan.on_stmt[&stmt];
        let all = targets_of_stmt(body, stmt, src);
        if all.len() != declared.len() {
            let names = plan.on_stmt.remove(&stmt).unwrap_or_default();
            plan.before_stmt.entry(stmt).or_default().extend(names);
        }
    }
    plan
}

fn collect_kinds(node: Node, kinds: &mut HashMap<usize, &'static str>) {
    kinds.insert(node.id(), node.kind());
    for child in named_children(node) {
        if matches!(
            child.kind(),
            "function_definition" | "lambda" | "class_definition"
        ) {
            kinds.insert(child.id(), child.kind());
            continue;
        }
        collect_kinds(child, kinds);
    }
}

/// The node with id `id` under `node`.
fn find(node: Node, id: usize) -> Option<Node> {
    if node.id() == id {
        return Some(node);
    }
    for child in named_children(node) {
        if child.start_byte() <= node.end_byte() {
            if let Some(found) = find(child, id) {
                return Some(found);
            }
        }
    }
    None
}

/// The names the target of the `for` statement with id `stmt` binds.
fn for_targets(body: Node, stmt: usize, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(left) = find(body, stmt).and_then(|f| f.child_by_field_name("left")) {
        target_names(left, src, &mut |n| {
            if !out.iter().any(|o| o == n) {
                out.push(n.to_string());
            }
        });
    }
    out
}

/// The plain names assigned by the statement with id `stmt`.
fn targets_of_stmt(body: Node, stmt: usize, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(node) = find(body, stmt) {
        for expr in named_children(node) {
            if let Some(left) = expr.child_by_field_name("left") {
                target_names(left, src, &mut |n| out.push(n.to_string()));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// What uses say about unannotated parameters.

const STR_METHODS: &[&str] = &[
    "capitalize",
    "casefold",
    "center",
    "endswith",
    "find",
    "format",
    "isalnum",
    "isalpha",
    "isdecimal",
    "isdigit",
    "islower",
    "isnumeric",
    "isspace",
    "istitle",
    "isupper",
    "join",
    "ljust",
    "lower",
    "lstrip",
    "partition",
    "replace",
    "rfind",
    "rjust",
    "rsplit",
    "rstrip",
    "split",
    "splitlines",
    "startswith",
    "strip",
    "swapcase",
    "title",
    "upper",
    "zfill",
];
const LIST_METHODS: &[&str] = &[
    "append", "extend", "insert", "pop", "remove", "sort", "reverse", "copy", "clear",
];
const DICT_METHODS: &[&str] = &["keys", "values", "items", "get", "setdefault", "update"];
const SET_METHODS: &[&str] = &[
    "add",
    "discard",
    "union",
    "intersection",
    "difference",
    "issubset",
    "issuperset",
];

#[derive(Clone, Copy, Debug, Default)]
struct Facts {
    num: bool,
    str_: bool,
    seq: bool,
    list: bool,
    dict: bool,
    set: bool,
}

struct Hints<'s> {
    src: &'s str,
    params: HashSet<String>,
    /// Names bound in more than one place (two loops, two comprehensions,
    /// a loop and an assignment) not all standing for the same path.
    rebound: HashSet<String>,
    /// Every (name, path) a binding made an alias, to find the names above.
    candidates: Vec<(String, String)>,
    /// Loop variables standing for the elements of a path.
    aliases: HashMap<String, String>,
    /// Facts by path: `p` for a parameter, `p[]` for its elements.
    facts: HashMap<String, Facts>,
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
            "subscript" => {
                let value = node.child_by_field_name("value")?;
                let index = node.child_by_field_name("subscript")?;
                if index.kind() == "slice" {
                    return self.path(value);
                }
                let base = self.path(value)?;
                Some(format!("{base}[]"))
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

    fn walk(&mut self, node: Node) {
        match node.kind() {
            "for_statement" | "for_in_clause" => {
                if let (Some(left), Some(right)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) {
                    self.fact(right, |f| f.seq = true);
                    if left.kind() == "identifier" {
                        if let Some(p) = self.path(right) {
                            let name = text(left, self.src).to_string();
                            self.candidates.push((name.clone(), format!("{p}[]")));
                            if !self.params.contains(&name) && !self.rebound.contains(&name) {
                                self.aliases.insert(name, format!("{p}[]"));
                            }
                        }
                    }
                }
            }
            "call" => {
                let func = node.child_by_field_name("function");
                let args = node
                    .child_by_field_name("arguments")
                    .map(named_children)
                    .unwrap_or_default();
                // `filter(lambda x: ..., xs)`, `map(...)`, `sorted(xs, key=lambda x: ...)`:
                // the lambda's parameter stands for the elements of `xs`.
                if let Some(func) = func.filter(|f| f.kind() == "identifier") {
                    let lambda_and_source = match (text(func, self.src), args.as_slice()) {
                        ("filter" | "map", [f, xs]) if f.kind() == "lambda" => Some((*f, *xs)),
                        ("sorted" | "min" | "max", [xs, rest @ ..]) => rest
                            .iter()
                            .find(|a| a.kind() == "keyword_argument")
                            .and_then(|k| k.child_by_field_name("value"))
                            .filter(|v| v.kind() == "lambda")
                            .map(|l| (l, *xs)),
                        _ => None,
                    };
                    if let Some((lambda, xs)) = lambda_and_source {
                        let params = lambda
                            .child_by_field_name("parameters")
                            .map(named_children)
                            .unwrap_or_default();
                        if let ([p], Some(path)) = (params.as_slice(), self.path(xs)) {
                            if p.kind() == "identifier" {
                                let name = text(*p, self.src).to_string();
                                self.candidates.push((name.clone(), format!("{path}[]")));
                                if !self.params.contains(&name) && !self.rebound.contains(&name) {
                                    self.aliases.insert(name, format!("{path}[]"));
                                }
                            }
                        }
                    }
                }
                if let Some(func) = func {
                    match func.kind() {
                        "identifier" => match text(func, self.src) {
                            "len" | "sorted" | "reversed" | "enumerate" => {
                                if let Some(a) = args.first() {
                                    self.fact(*a, |f| f.seq = true);
                                }
                            }
                            "range" | "abs" | "chr" | "bin" | "hex" | "oct" => {
                                for a in &args {
                                    self.fact(*a, |f| f.num = true);
                                }
                            }
                            "ord" => {
                                if let Some(a) = args.first() {
                                    self.fact(*a, |f| f.str_ = true);
                                }
                            }
                            _ => {}
                        },
                        "attribute" => {
                            if let (Some(obj), Some(attr)) = (
                                func.child_by_field_name("object"),
                                func.child_by_field_name("attribute"),
                            ) {
                                let m = text(attr, self.src);
                                if STR_METHODS.contains(&m) {
                                    self.fact(obj, |f| f.str_ = true);
                                } else if LIST_METHODS.contains(&m) {
                                    self.fact(obj, |f| f.list = true);
                                } else if DICT_METHODS.contains(&m) {
                                    self.fact(obj, |f| f.dict = true);
                                } else if SET_METHODS.contains(&m) {
                                    self.fact(obj, |f| f.set = true);
                                } else if m == "index" || m == "count" {
                                    self.fact(obj, |f| f.seq = true);
                                }
                                if text(obj, self.src) == "math" {
                                    for a in &args {
                                        self.fact(*a, |f| f.num = true);
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            "subscript" => {
                if let (Some(value), Some(index)) = (
                    node.child_by_field_name("value"),
                    node.child_by_field_name("subscript"),
                ) {
                    if index.kind() == "string" {
                        self.fact(value, |f| f.dict = true);
                    } else {
                        self.fact(value, |f| f.seq = true);
                    }
                }
            }
            "binary_operator" => {
                let op = node
                    .child_by_field_name("operator")
                    .map(|o| text(o, self.src))
                    .unwrap_or("");
                if let (Some(l), Some(r)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) {
                    match op {
                        "-" | "/" | "//" | "**" => {
                            // `-` on sets is the difference; numbers otherwise.
                            self.fact(l, |f| f.num = true);
                            self.fact(r, |f| f.num = true);
                        }
                        "%" => {
                            self.fact(r, |f| f.num = true);
                            if is_number_literal(r) {
                                self.fact(l, |f| f.num = true);
                            }
                        }
                        "+" | "*" => {
                            for (a, b) in [(l, r), (r, l)] {
                                if is_number_literal(b) && op == "+" {
                                    self.fact(a, |f| f.num = true);
                                } else if b.kind() == "string" && op == "+" {
                                    self.fact(a, |f| f.str_ = true);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            "unary_operator" => {
                if let Some(a) = node.child_by_field_name("argument") {
                    self.fact(a, |f| f.num = true);
                }
            }
            "comparison_operator" => {
                let operands = named_children(node);
                let ops: Vec<&str> = {
                    let mut cursor = node.walk();
                    node.children_by_field_name("operators", &mut cursor)
                        .map(|o| text(o, self.src))
                        .collect()
                };
                for (i, op) in ops.iter().enumerate() {
                    let (Some(a), Some(b)) = (operands.get(i), operands.get(i + 1)) else {
                        continue;
                    };
                    if matches!(*op, "<" | ">" | "<=" | ">=") {
                        for (x, y) in [(*a, *b), (*b, *a)] {
                            if is_number_literal(y) {
                                self.fact(x, |f| f.num = true);
                            } else if y.kind() == "string" {
                                self.fact(x, |f| f.str_ = true);
                            }
                        }
                    }
                    if (*op == "in" || *op == "not in") && b.kind() == "string" {
                        self.fact(*a, |f| f.str_ = true);
                    }
                }
            }
            _ => {}
        }
        for child in named_children(node) {
            self.walk(child);
        }
    }

    fn ty(&self, path: &str, depth: usize) -> Ty {
        let f = self.facts.get(path).copied().unwrap_or_default();
        let elem = if depth < 2 {
            self.ty(&format!("{path}[]"), depth + 1)
        } else {
            Ty::Unknown
        };
        let containers = [f.str_, f.list, f.dict, f.set]
            .iter()
            .filter(|b| **b)
            .count();
        if f.num && (containers > 0 || f.seq) || containers > 1 {
            return Ty::Unknown;
        }
        if f.num {
            Ty::Num
        } else if f.str_ {
            Ty::Str
        } else if f.list {
            Ty::list(elem)
        } else if f.dict {
            Ty::dict(Ty::Unknown, Ty::Unknown)
        } else if f.set {
            Ty::set(elem)
        } else if f.seq {
            Ty::seq(elem)
        } else {
            Ty::Unknown
        }
    }
}

fn is_number_literal(node: Node) -> bool {
    match node.kind() {
        "integer" | "float" => true,
        "unary_operator" => node
            .child_by_field_name("argument")
            .is_some_and(is_number_literal),
        _ => false,
    }
}

/// What the uses of each parameter in `params` say about its type. The
/// parameters must not be assigned in the body other than by augmented
/// assignment (`n //= 10`), which keeps a value's kind.
pub fn param_hints(body: Node, src: &str, params: &[String]) -> HashMap<String, Ty> {
    let mut counts = HashMap::new();
    count_bindings(body, src, &mut counts);
    let mut hints = Hints {
        src,
        params: params.iter().cloned().collect(),
        rebound: HashSet::new(),
        candidates: Vec::new(),
        aliases: HashMap::new(),
        facts: HashMap::new(),
    };
    // Two rounds: aliases found late in the first still count, and names
    // bound to different things lose theirs.
    hints.walk(body);
    hints.rebound = rebound_names(&counts, &hints.candidates);
    hints.facts.clear();
    hints.aliases.clear();
    hints.walk(body);
    params.iter().map(|p| (p.clone(), hints.ty(p, 0))).collect()
}

/// Names bound more than once where not every binding makes them stand
/// for the same path.
fn rebound_names(
    counts: &HashMap<String, usize>,
    candidates: &[(String, String)],
) -> HashSet<String> {
    counts
        .iter()
        .filter(|(name, n)| {
            let mine: Vec<&String> = candidates
                .iter()
                .filter(|(c, _)| c == *name)
                .map(|(_, p)| p)
                .collect();
            **n > 1 && (mine.len() != **n || mine.iter().any(|p| *p != mine[0]))
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// How many places bind each name anywhere in a body, nested scopes
/// included: assignment and loop targets, comprehension variables, lambda
/// and nested function parameters.
fn count_bindings(node: Node, src: &str, counts: &mut HashMap<String, usize>) {
    let bump = |n: &str, counts: &mut HashMap<String, usize>| {
        *counts.entry(n.to_string()).or_default() += 1;
    };
    match node.kind() {
        "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
            if let Some(left) = node.child_by_field_name("left") {
                let mut names = Vec::new();
                target_names(left, src, &mut |n| names.push(n.to_string()));
                for n in names {
                    bump(&n, counts);
                }
            }
        }
        "lambda" | "function_definition" => {
            if let Some(params) = node.child_by_field_name("parameters") {
                for p in named_children(params) {
                    if let Some(n) = param_name(p, src) {
                        bump(n, counts);
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

/// The element type that the uses say a parameter of a known container type
/// holds.
pub fn refine(declared: &Ty, hinted: &Ty) -> Ty {
    match (declared, hinted) {
        (Ty::Unknown, h) => h.clone(),
        (Ty::List(e), Ty::List(h) | Ty::Seq(h)) if **e == Ty::Unknown => Ty::list((**h).clone()),
        (Ty::Set(e), Ty::Set(h) | Ty::Seq(h)) if **e == Ty::Unknown => Ty::set((**h).clone()),
        (d, _) => d.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Statement text and the names declared on or before it.
    type Placed = Vec<(String, Vec<String>)>;

    /// The plan for the body of the first function in `src`: names declared
    /// on statements, names declared before them, and `for` heads.
    fn plan_of(src: &str) -> (Placed, Placed, usize) {
        let tree = crate::units::parse(src, crate::lang::Lang::Python).unwrap();
        let def = named_children(tree.root_node())[0];
        let body = def.child_by_field_name("body").unwrap();
        let mut names = Vec::new();
        assigned_names(body, src, &mut names);
        let locals: HashSet<String> = names.into_iter().collect();
        let plan = plan(body, src, &locals);
        let mut by_id = HashMap::new();
        fn index<'a>(n: Node<'a>, src: &str, out: &mut HashMap<usize, String>) {
            out.insert(
                n.id(),
                text(n, src).lines().next().unwrap_or("").to_string(),
            );
            for c in named_children(n) {
                index(c, src, out);
            }
        }
        index(body, src, &mut by_id);
        let mut on: Vec<(String, Vec<String>)> = plan
            .on_stmt
            .iter()
            .map(|(id, n)| (by_id[id].clone(), n.clone()))
            .collect();
        let mut before: Vec<(String, Vec<String>)> = plan
            .before_stmt
            .iter()
            .map(|(id, n)| (by_id[id].clone(), n.clone()))
            .collect();
        on.sort();
        before.sort();
        (on, before, plan.for_head.len())
    }

    #[test]
    fn a_name_is_declared_where_first_assigned() {
        let (on, before, heads) = plan_of("def f(n):\n    total = 0\n    for i in range(n):\n        total += i\n    return total\n");
        assert_eq!(on, [("total = 0".to_string(), vec!["total".to_string()])]);
        assert!(before.is_empty());
        assert_eq!(heads, 1);
    }

    #[test]
    fn a_name_first_set_in_a_branch_is_hoisted() {
        let (on, before, _) = plan_of(
            "def f(c):\n    if c:\n        x = 1\n    else:\n        x = 2\n    return x\n",
        );
        assert!(on.is_empty(), "{on:?}");
        assert_eq!(before, [("if c:".to_string(), vec!["x".to_string()])]);
    }

    #[test]
    fn a_name_read_before_set_in_a_loop_is_hoisted_out_of_the_loop() {
        let (_, before, _) = plan_of("def f(xs):\n    for x in xs:\n        if x:\n            print(prev)\n        prev = x\n");
        assert_eq!(
            before,
            [("for x in xs:".to_string(), vec!["prev".to_string()])]
        );
    }

    /// Regression: `i` over `lst` in one comprehension and over a `range` in
    /// another made `lst`'s elements look like numbers.
    #[test]
    fn a_name_bound_to_two_things_gives_no_hints() {
        let src = "def f(lst):\n    a = [i for i in lst]\n    b = [i - 1 for i in range(3)]\n    return a, b\n";
        let tree = crate::units::parse(src, crate::lang::Lang::Python).unwrap();
        let def = named_children(tree.root_node())[0];
        let body = def.child_by_field_name("body").unwrap();
        assert_eq!(
            param_hints(body, src, &["lst".into()])["lst"],
            Ty::seq(Ty::Unknown)
        );
    }

    #[test]
    fn uses_give_parameters_types() {
        let src = "def f(s, xs, n):\n    for x in xs:\n        n = n\n    return s.upper(), x + 1, n - 1\n";
        let tree = crate::units::parse(src, crate::lang::Lang::Python).unwrap();
        let def = named_children(tree.root_node())[0];
        let body = def.child_by_field_name("body").unwrap();
        let hints = param_hints(body, src, &["s".into(), "xs".into()]);
        assert_eq!(hints["s"], Ty::Str);
        assert_eq!(hints["xs"], Ty::seq(Ty::Num));
    }
}
