//! Which strict comparisons with `null` or `undefined` Python's one `None`
//! can stand for.
//!
//! JavaScript has two empty values, the targets one (`None`): `x === null`
//! is false for `undefined` and `x === undefined` false for `null`. Such a
//! comparison keeps its meaning where every empty value that can reach it
//! is of the kind it compares with. The values reaching a comparison of a
//! name are those of the stores to the name that may run before it (by
//! position in the unit, or anywhere where a loop holds both or a nested
//! function either): a `null` or an `undefined` (`void 0`, a declaration
//! without a value, a local read before its declaration) is of its kind, a
//! copy of another name brings that name's values there, a value that is
//! never empty (a number, an arithmetic result, an array) brings none, and
//! anything else (a call, a property, an element, a nested function's
//! parameter, a loop variable) may be either, so it declines. A value the
//! unit's caller passes for a parameter is of the kind the unit compares
//! it with (`None` stands for that kind there), so all comparisons reached
//! by one parameter's value must agree on the kind.

use std::collections::{BTreeSet, HashMap, HashSet};

use tree_sitter::Node;

use super::super::super::text;
use super::{is_function_node, reads_own_arguments};

/// JavaScript's two empty values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Empty {
    Null,
    Undefined,
}

/// Where a store or a read is: byte positions, the loops around it and
/// whether a nested function holds it (its run order is unknown).
#[derive(Clone, Debug)]
struct Place {
    start: usize,
    end: usize,
    loops: Vec<usize>,
    nested: bool,
}

impl Place {
    /// Whether a store here may run before a read at `read`.
    fn reaches(&self, read: &Place) -> bool {
        self.nested
            || read.nested
            || self.end <= read.start
            || self.loops.iter().any(|l| read.loops.contains(l))
    }
}

/// What a store puts in a name, as far as emptiness goes.
#[derive(Clone, Debug)]
enum Value {
    Empty(Empty),
    /// Never `null` nor `undefined`.
    Full,
    /// The value of another name, read at the place given.
    Copy(String, Place),
    /// Either, or neither: not known.
    Unknown,
}

/// How a name gets its first value.
#[derive(Clone, Debug)]
enum Origin {
    /// A parameter of the unit's function: from the caller.
    Caller,
    /// A local declared at this byte: `undefined` before it.
    Local(usize),
    /// Not declared in the unit (module-level, global) or a nested
    /// function's parameter: not known.
    Outside,
}

/// The empty values that reach a read.
#[derive(Default)]
struct Reaching {
    kinds: BTreeSet<Empty>,
    unknown: bool,
    /// Parameters whose caller's value reaches it.
    callers: BTreeSet<String>,
}

/// Stores and comparisons of a unit's function, by name.
#[derive(Default)]
struct Flow<'s> {
    src: &'s str,
    origins: HashMap<String, Origin>,
    stores: HashMap<String, Vec<(Place, Value)>>,
    /// `(name, kind, the comparison's place)`.
    compares: Vec<(String, Empty, Place)>,
}

/// The start bytes of the strict comparisons of a name with `null` or
/// `undefined` in `unit` (a function) that `None` keeps the meaning of.
pub(super) fn kept_comparisons(unit: Node, src: &str) -> HashSet<usize> {
    let mut flow = Flow {
        src,
        ..Flow::default()
    };
    let body = unit.child_by_field_name("body");
    // A function reading `arguments` takes any number of arguments: a
    // parameter its caller leaves out is `undefined`.
    let variadic = body.is_some_and(|b| reads_own_arguments(b, src));
    for p in params(unit) {
        match p.kind() {
            "identifier" => {
                let name = text(p, src).to_string();
                if variadic {
                    let at = flow.place(p, &[], true);
                    flow.store(&name, at, vec![Value::Empty(Empty::Undefined)]);
                }
                flow.origins.insert(name, Origin::Caller);
            }
            _ => flow.unknown_names(p, &[], false),
        }
    }
    if let Some(body) = body {
        flow.walk(body, &mut Vec::new(), false);
    }
    flow.decide()
}

/// The parameter nodes of a function (an arrow's lone one included).
fn params(f: Node) -> Vec<Node> {
    if let Some(p) = f.child_by_field_name("parameter") {
        return vec![p];
    }
    f.child_by_field_name("parameters")
        .map(|ps| {
            let mut c = ps.walk();
            ps.named_children(&mut c)
                .filter(|n| n.kind() != "comment")
                .collect()
        })
        .unwrap_or_default()
}

fn is_loop(n: Node) -> bool {
    matches!(
        n.kind(),
        "for_statement" | "for_in_statement" | "while_statement" | "do_statement"
    )
}

impl<'s> Flow<'s> {
    fn place(&self, n: Node, loops: &[usize], nested: bool) -> Place {
        Place {
            start: n.start_byte(),
            end: n.end_byte(),
            loops: loops.to_vec(),
            nested,
        }
    }

    /// The empty kind `n` is, if it is `null`, `undefined` or `void` of a
    /// literal.
    fn empty(&self, n: Node) -> Option<Empty> {
        match n.kind() {
            "null" => Some(Empty::Null),
            "undefined" => Some(Empty::Undefined),
            "identifier" if text(n, self.src) == "undefined" => Some(Empty::Undefined),
            "unary_expression"
                if n.child_by_field_name("operator")
                    .is_some_and(|o| text(o, self.src) == "void") =>
            {
                Some(Empty::Undefined)
            }
            "parenthesized_expression" => n.named_child(0).and_then(|c| self.empty(c)),
            _ => None,
        }
    }

    /// What storing `value` (read at `loops`/`nested`) puts in a name.
    fn value(&self, value: Node, loops: &[usize], nested: bool) -> Vec<Value> {
        if let Some(k) = self.empty(value) {
            return vec![Value::Empty(k)];
        }
        let field = |f: &str| value.child_by_field_name(f);
        match value.kind() {
            "parenthesized_expression" => match value.named_child(0) {
                Some(c) => self.value(c, loops, nested),
                None => vec![Value::Unknown],
            },
            "identifier" => vec![Value::Copy(
                text(value, self.src).to_string(),
                self.place(value, loops, nested),
            )],
            "number" | "string" | "template_string" | "true" | "false" | "array" | "object"
            | "regex" | "new_expression" | "update_expression" | "class" => vec![Value::Full],
            _ if is_function_node(value) => vec![Value::Full],
            "unary_expression" => vec![Value::Full],
            "binary_expression" => {
                let op = field("operator").map_or("", |o| text(o, self.src));
                if matches!(op, "&&" | "||" | "??") {
                    let mut out = Vec::new();
                    for f in ["left", "right"] {
                        match field(f) {
                            Some(n) => out.extend(self.value(n, loops, nested)),
                            None => out.push(Value::Unknown),
                        }
                    }
                    out
                } else {
                    vec![Value::Full]
                }
            }
            "ternary_expression" => {
                let mut out = Vec::new();
                for f in ["consequence", "alternative"] {
                    match field(f) {
                        Some(n) => out.extend(self.value(n, loops, nested)),
                        None => out.push(Value::Unknown),
                    }
                }
                out
            }
            "assignment_expression" => match field("right") {
                Some(r) => self.value(r, loops, nested),
                None => vec![Value::Unknown],
            },
            "sequence_expression" => {
                let last = value.named_child(value.named_child_count().saturating_sub(1));
                match last {
                    Some(l) => self.value(l, loops, nested),
                    None => vec![Value::Unknown],
                }
            }
            _ => vec![Value::Unknown],
        }
    }

    fn store(&mut self, name: &str, at: Place, values: Vec<Value>) {
        let stores = self.stores.entry(name.to_string()).or_default();
        for v in values {
            stores.push((at.clone(), v));
        }
    }

    /// Every name a pattern (or a nested function's parameter) binds
    /// gets an unknown value.
    fn unknown_names(&mut self, pattern: Node, loops: &[usize], nested: bool) {
        let mut stack = vec![pattern];
        while let Some(n) = stack.pop() {
            if n.kind() == "identifier" {
                let name = text(n, self.src).to_string();
                let at = self.place(pattern, loops, nested);
                self.store(&name, at, vec![Value::Unknown]);
            }
            let mut c = n.walk();
            stack.extend(n.named_children(&mut c));
        }
    }

    fn walk(&mut self, n: Node, loops: &mut Vec<usize>, nested: bool) {
        let src = self.src;
        match n.kind() {
            "variable_declarator" => {
                if let Some(name) = n.child_by_field_name("name") {
                    if name.kind() == "identifier" {
                        let id = text(name, src).to_string();
                        self.origins
                            .entry(id.clone())
                            .or_insert(Origin::Local(n.start_byte()));
                        let values = match n.child_by_field_name("value") {
                            Some(v) => self.value(v, loops, nested),
                            None => vec![Value::Empty(Empty::Undefined)],
                        };
                        let at = self.place(n, loops, nested);
                        self.store(&id, at, values);
                    } else {
                        self.unknown_names(name, loops, nested);
                    }
                }
            }
            "assignment_expression" | "augmented_assignment_expression" => {
                if let (Some(left), Some(right)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) {
                    let op = n
                        .child_by_field_name("operator")
                        .map_or("=", |o| text(o, src));
                    if left.kind() == "identifier" {
                        let values = if matches!(op, "=" | "&&=" | "||=" | "??=") {
                            self.value(right, loops, nested)
                        } else {
                            vec![Value::Full]
                        };
                        let at = self.place(n, loops, nested);
                        self.store(text(left, src), at, values);
                    } else if matches!(left.kind(), "array_pattern" | "object_pattern") {
                        self.unknown_names(left, loops, nested);
                    }
                }
            }
            "for_in_statement" => {
                loops.push(n.id());
                if let Some(left) = n.child_by_field_name("left") {
                    self.unknown_names(left, loops, nested);
                    if left.kind() == "identifier" {
                        self.origins
                            .entry(text(left, src).to_string())
                            .or_insert(Origin::Local(n.start_byte()));
                    }
                }
                self.children(n, loops, nested);
                loops.pop();
                return;
            }
            "catch_clause" => {
                if let Some(p) = n.child_by_field_name("parameter") {
                    self.unknown_names(p, loops, nested);
                }
            }
            "binary_expression" => self.compare(n, loops, nested),
            _ if is_function_node(n) => {
                for p in params(n) {
                    self.unknown_names(p, loops, true);
                    let mut stack = vec![p];
                    while let Some(q) = stack.pop() {
                        if q.kind() == "identifier" {
                            self.origins
                                .entry(text(q, src).to_string())
                                .or_insert(Origin::Outside);
                        }
                        let mut c = q.walk();
                        stack.extend(q.named_children(&mut c));
                    }
                }
                if let Some(body) = n.child_by_field_name("body") {
                    self.walk(body, loops, true);
                }
                return;
            }
            _ if is_loop(n) => {
                loops.push(n.id());
                self.children(n, loops, nested);
                loops.pop();
                return;
            }
            _ => {}
        }
        self.children(n, loops, nested);
    }

    fn children(&mut self, n: Node, loops: &mut Vec<usize>, nested: bool) {
        let mut c = n.walk();
        let kids: Vec<Node> = n.named_children(&mut c).collect();
        for k in kids {
            self.walk(k, loops, nested);
        }
    }

    /// Records `x === null`, `undefined !== x` and the like.
    fn compare(&mut self, n: Node, loops: &[usize], nested: bool) {
        let op = n
            .child_by_field_name("operator")
            .map_or("", |o| text(o, self.src));
        if !matches!(op, "===" | "!==") {
            return;
        }
        let (Some(l), Some(r)) = (
            n.child_by_field_name("left"),
            n.child_by_field_name("right"),
        ) else {
            return;
        };
        let (name, kind) = match (self.empty(l), self.empty(r)) {
            (None, Some(k)) if l.kind() == "identifier" => (l, k),
            (Some(k), None) if r.kind() == "identifier" => (r, k),
            _ => return,
        };
        let at = self.place(n, loops, nested);
        self.compares
            .push((text(name, self.src).to_string(), kind, at));
    }

    /// The empty values reaching a read of `name` at `read`.
    fn reaching(&self, name: &str, read: &Place, seen: &mut HashSet<(String, usize)>) -> Reaching {
        let mut out = Reaching::default();
        match self.origins.get(name) {
            Some(Origin::Caller) => {
                out.callers.insert(name.to_string());
            }
            Some(Origin::Local(at)) => {
                if read.nested || read.start < *at {
                    out.kinds.insert(Empty::Undefined);
                }
            }
            Some(Origin::Outside) | None => out.unknown = true,
        }
        for (i, (at, value)) in self.stores.get(name).into_iter().flatten().enumerate() {
            if !at.reaches(read) || !seen.insert((name.to_string(), i)) {
                continue;
            }
            match value {
                Value::Empty(k) => {
                    out.kinds.insert(*k);
                }
                Value::Full => {}
                Value::Unknown => out.unknown = true,
                Value::Copy(other, from) => {
                    let r = self.reaching(other, from, seen);
                    out.kinds.extend(r.kinds);
                    out.unknown |= r.unknown;
                    out.callers.extend(r.callers);
                }
            }
        }
        out
    }

    /// The comparisons every reaching empty value agrees with.
    fn decide(&self) -> HashSet<usize> {
        let reached: Vec<Reaching> = self
            .compares
            .iter()
            .map(|(name, _, at)| self.reaching(name, at, &mut HashSet::new()))
            .collect();
        // The kinds each parameter's caller value is compared with.
        let mut asked: HashMap<&str, BTreeSet<Empty>> = HashMap::new();
        for ((_, kind, _), r) in self.compares.iter().zip(&reached) {
            for p in &r.callers {
                asked.entry(p).or_default().insert(*kind);
            }
        }
        self.compares
            .iter()
            .zip(&reached)
            .filter(|((_, kind, _), r)| {
                !r.unknown
                    && r.kinds.iter().all(|k| k == kind)
                    && r.callers
                        .iter()
                        .all(|p| asked.get(p.as_str()).is_some_and(|k| k.len() == 1))
            })
            .map(|((_, _, at), _)| at.start)
            .collect()
    }
}
