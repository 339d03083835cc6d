//! Keyword arguments to user functions, resolved at lowering time: a call
//! `f(a, key=3)` becomes the positional call `f(a, <b's default>, 3)`, so
//! that no backend sees a keyword. The callee's parameters come from its
//! definition in the unit, or from the file's other units (the parameter
//! lists [`crate::engine::Context::functions`] hands over); a callee known
//! from neither is declined, as is every call Python would reject
//! (`TypeError`: an unknown or repeated keyword, a parameter left without a
//! value).
//!
//! **Evaluation order.** Python evaluates arguments left to right as
//! written; the positional call evaluates them in parameter order. Where
//! keywords are written out of parameter order and two or more of the
//! reordered values may have effects (a call, an operation that may
//! raise), the call is declined rather than reordered.
//!
//! **Defaults.** A left-out parameter gets its default, written again at
//! the call: the same value only for a default Python could evaluate at
//! `def` or at the call alike (a literal of an immutable value), so any
//! other default is declined there.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::super::super::ir::{Expr, ExprKind, UnOp};
use super::super::super::{named_children, text, Decline, Res};
use crate::lang::Lang;

/// What a call needs to know of a callee: its parameters in order.
#[derive(Clone, Debug)]
pub(super) struct Signature {
    pub params: Vec<ParamOutline>,
    /// The parameter list has `*args`, `**kwargs` or a `/` separator,
    /// which a keyword call is not resolved against.
    pub variadic: bool,
    /// It has `*args`.
    pub rest: bool,
    /// It has `**kwargs`.
    pub kwargs: bool,
    /// How many parameters a call may pass by position: those before a
    /// `*` separator (the rest are keyword-only), else all.
    pub positional: Option<usize>,
}

#[derive(Clone, Debug)]
pub(super) struct ParamOutline {
    pub name: String,
    /// The default's source text, where there is one.
    pub default: Option<String>,
}

/// The signature of a `parameters` node.
pub(super) fn signature(params: Node, src: &str) -> Signature {
    let mut out = Signature {
        params: Vec::new(),
        variadic: false,
        rest: false,
        kwargs: false,
        positional: None,
    };
    for p in named_children(params) {
        let (name, default) = match p.kind() {
            "identifier" => (Some(p), None),
            "typed_parameter" => (
                named_children(p)
                    .into_iter()
                    .find(|c| c.kind() == "identifier"),
                None,
            ),
            "default_parameter" | "typed_default_parameter" => (
                p.child_by_field_name("name")
                    .filter(|n| n.kind() == "identifier"),
                p.child_by_field_name("value"),
            ),
            "comment" => continue,
            "keyword_separator" => {
                out.positional = Some(out.params.len());
                continue;
            }
            _ => (None, None),
        };
        let splat = |n: Node| n.kind() == "list_splat_pattern";
        if splat(p) || named_children(p).first().is_some_and(|c| splat(*c)) {
            out.rest = true;
        }
        let double = |n: Node| n.kind() == "dictionary_splat_pattern";
        if double(p) || named_children(p).first().is_some_and(|c| double(*c)) {
            out.kwargs = true;
        }
        match name {
            Some(n) => out.params.push(ParamOutline {
                name: text(n, src).to_string(),
                default: default.map(|d| text(d, src).to_string()),
            }),
            None => out.variadic = true,
        }
    }
    out
}

/// The signatures of the functions a unit defines (top-level and nested,
/// methods apart), by name: a name defined twice is left out (which
/// definition a call reaches is the scope's to say), so its keyword calls
/// are declined.
pub(super) fn unit_signatures(root: Node, src: &str) -> HashMap<String, Option<Signature>> {
    let mut out: HashMap<String, Option<Signature>> = HashMap::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        for c in named_children(node) {
            match c.kind() {
                // Methods are called through their object, not by name.
                "class_definition" => continue,
                "function_definition" => {
                    if let (Some(name), Some(params)) = (
                        c.child_by_field_name("name"),
                        c.child_by_field_name("parameters"),
                    ) {
                        let sig = signature(params, src);
                        out.entry(text(name, src).to_string())
                            .and_modify(|s| *s = None)
                            .or_insert(Some(sig));
                    }
                    stack.push(c);
                }
                _ => stack.push(c),
            }
        }
    }
    out
}

/// The signature of a parameter list given as text (`(a, b=1)`), as the
/// file's symbol table hands it over for a function of another unit.
pub(super) fn signature_of_text(params: &str) -> Option<Signature> {
    let def = format!("def f{params}:\n    pass\n");
    let tree = crate::units::parse(&def, Lang::Python)?;
    let root = tree.root_node();
    if root.has_error() {
        return None;
    }
    let f = named_children(root)
        .into_iter()
        .find(|n| n.kind() == "function_definition")?;
    Some(signature(f.child_by_field_name("parameters")?, &def))
}

/// Whether evaluating `e` can have no effect another argument could see
/// or order: a literal, a name, a negated number, an attribute of one, a
/// tuple or list of them.
pub(super) fn without_effects(e: &Expr) -> bool {
    match &e.kind {
        ExprKind::Lit(_) | ExprKind::Name(_) => true,
        ExprKind::Unary(UnOp::Neg, x) => matches!(x.kind, ExprKind::Lit(_)),
        ExprKind::Attr { value, .. } => without_effects(value),
        ExprKind::List(xs) | ExprKind::Tuple(xs) => xs.iter().all(without_effects),
        _ => false,
    }
}

/// Whether a default's source text is one the call may write again in
/// place of Python's value computed at `def`: a literal of an immutable
/// value (a number, maybe negated, a string without interpolation, a
/// boolean, `None`), a tuple of them, a module constant, or a list, dict
/// or set of constants (see the arm).
pub(super) fn repeatable_default(node: Node, src: &str) -> bool {
    if folded_int(node, src).is_some() {
        return true;
    }
    match node.kind() {
        "integer" | "float" | "true" | "false" | "none" => true,
        "string" => !named_children(node)
            .iter()
            .any(|c| c.kind() == "interpolation"),
        "unary_operator" => {
            text(node, src).starts_with('-')
                && named_children(node)
                    .iter()
                    .all(|c| matches!(c.kind(), "integer" | "float"))
        }
        "tuple" => named_children(node)
            .iter()
            .all(|c| repeatable_default(*c, src)),
        // A list, dict or set of constants: fresh at each call where
        // Python shares one, which the callee's definition allows only
        // where its body never changes it (the frontend's
        // `default_value`); into JavaScript, where the callee shares one
        // it may change, never (`lower_default`).
        "list" | "set" => named_children(node)
            .iter()
            .all(|c| repeatable_default(*c, src)),
        "dictionary" => named_children(node).iter().all(|p| {
            p.kind() == "pair"
                && named_children(*p)
                    .iter()
                    .all(|c| repeatable_default(*c, src))
        }),
        // A module constant, by its spelling: a parameter list names
        // only module-level names.
        "identifier" => {
            let n = text(node, src);
            n.chars().any(|c| c.is_ascii_uppercase()) && !n.chars().any(|c| c.is_ascii_lowercase())
        }
        "parenthesized_expression" => named_children(node)
            .first()
            .is_some_and(|c| repeatable_default(*c, src)),
        _ => false,
    }
}

/// The value of a default that is an integer expression of integer
/// literals (`1 << 63`, `2**31 - 1`, `-(1 << 10)`): Python computes it once
/// at `def`, the same int at every call, so a call or a target's default
/// may be the value itself, where writing the expression again would run
/// it on the target's numbers (a JavaScript shift past 2^53 throws). Only
/// `+ - * ** << >> & | ^ ~` on ints, folded exactly (`None` where i128
/// overflows, or where Python gives a float or raises: a negative power
/// or shift count), and only a value a double holds exactly, which a
/// number literal of each target then is (2^63 is, 2^63 - 1 is not).
pub(super) fn folded_int(node: Node, src: &str) -> Option<i128> {
    let v = fold_int(node, src)?;
    // Rounded to a double and back: the same value only where exact.
    (v as f64 as i128 == v).then_some(v)
}

/// [`folded_int`] before the check that a double holds the value.
fn fold_int(node: Node, src: &str) -> Option<i128> {
    let operator = |n: Node| Some(text(n.child_by_field_name("operator")?, src));
    match node.kind() {
        "integer" => int_literal(text(node, src)),
        "parenthesized_expression" => match named_children(node).as_slice() {
            [inner] => fold_int(*inner, src),
            _ => None,
        },
        "unary_operator" => {
            let x = fold_int(node.child_by_field_name("argument")?, src)?;
            match operator(node)? {
                "-" => x.checked_neg(),
                "+" => Some(x),
                "~" => Some(!x),
                _ => None,
            }
        }
        "binary_operator" => {
            let a = fold_int(node.child_by_field_name("left")?, src)?;
            let b = fold_int(node.child_by_field_name("right")?, src)?;
            let count = u32::try_from(b).ok();
            match operator(node)? {
                "+" => a.checked_add(b),
                "-" => a.checked_sub(b),
                "*" => a.checked_mul(b),
                "**" => a.checked_pow(count?),
                "<<" => a.checked_mul(1i128.checked_shl(count.filter(|k| *k < 127)?)?),
                // An arithmetic shift floors, as Python's does.
                ">>" => Some(a >> count?.min(127)),
                "&" => Some(a & b),
                "|" => Some(a | b),
                "^" => Some(a ^ b),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The value of a Python integer literal (`1_000`, `0x1F`, `0o17`,
/// `0b101`); `None` past i128.
pub(super) fn int_literal(t: &str) -> Option<i128> {
    let t = t.replace('_', "");
    if let Some(h) = t.strip_prefix("0x").or(t.strip_prefix("0X")) {
        i128::from_str_radix(h, 16).ok()
    } else if let Some(o) = t.strip_prefix("0o").or(t.strip_prefix("0O")) {
        i128::from_str_radix(o, 8).ok()
    } else if let Some(b) = t.strip_prefix("0b").or(t.strip_prefix("0B")) {
        i128::from_str_radix(b, 2).ok()
    } else {
        t.parse().ok()
    }
}

/// Arranges a call's arguments in parameter order: `args` positional as
/// written, `keywords` by name in the order written, and the defaults the
/// call leaves out as `default(text)` lowers them; a call on `line` that
/// cannot be arranged is declined.
pub(super) fn arrange(
    func: &str,
    sig: &Signature,
    args: Vec<Expr>,
    keywords: Vec<(String, Expr)>,
    line: usize,
    default: impl FnMut(&str) -> Res<Expr>,
) -> Res<Vec<Expr>> {
    arranged(func, sig, args, keywords, default)
        .map_err(|why| Decline(format!("{why} at line {line}")))?
}

/// [`arrange`]: `Err` is what to decline without its line; `Ok(Err)` a
/// default's own decline.
fn arranged(
    func: &str,
    sig: &Signature,
    args: Vec<Expr>,
    keywords: Vec<(String, Expr)>,
    mut default: impl FnMut(&str) -> Res<Expr>,
) -> Result<Res<Vec<Expr>>, String> {
    if sig.variadic {
        return Err(format!(
            "keyword argument to `{func}`, which takes `*args`, `**kwargs` or a `/` separator"
        ));
    }
    if args.len() > sig.positional.unwrap_or(sig.params.len()) {
        return Err(format!(
            "call of `{func}` with {} positional arguments for {}",
            args.len(),
            sig.positional.unwrap_or(sig.params.len())
        ));
    }
    let mut slots: Vec<Option<Expr>> = args.into_iter().map(Some).collect();
    slots.resize_with(sig.params.len(), || None);
    let mut positions = Vec::new();
    let mut effects = 0;
    for (name, value) in keywords {
        let Some(at) = sig.params.iter().position(|p| p.name == name) else {
            return Err(format!(
                "keyword argument `{name}` that `{func}` does not take"
            ));
        };
        if slots[at].is_some() {
            return Err(format!("argument `{name}` given twice to `{func}`"));
        }
        if !without_effects(&value) {
            effects += 1;
        }
        positions.push(at);
        slots[at] = Some(value);
    }
    if effects > 1 && positions.windows(2).any(|w| w[0] > w[1]) {
        return Err(format!(
            "keyword arguments to `{func}` out of parameter order with effects"
        ));
    }
    let mut out = Vec::with_capacity(slots.len());
    for (slot, p) in slots.into_iter().zip(&sig.params) {
        match (slot, &p.default) {
            (Some(e), _) => out.push(e),
            (None, Some(d)) => match default(d) {
                Ok(e) => out.push(e),
                Err(declined) => return Ok(Err(declined)),
            },
            (None, None) => {
                return Err(format!(
                    "call of `{func}` without its argument `{}`",
                    p.name
                ))
            }
        }
    }
    Ok(Ok(out))
}

/// The built-in functions that only iterate or count an argument, so that
/// a tuple and an array passed to them give the same.
const ITERATING_BUILTINS: &[&str] = &[
    "len",
    "sum",
    "min",
    "max",
    "sorted",
    "list",
    "tuple",
    "set",
    "any",
    "all",
    "enumerate",
    "zip",
    "reversed",
    "map",
    "filter",
];

/// The first use of `name` in `body` that reads the rest parameter other
/// than by iterating it, indexing it (not slicing: a slice of a tuple is a
/// tuple), counting it or testing it for emptiness, or that binds the name
/// again: where Python's
/// tuple and JavaScript's array could differ (`==` against a tuple,
/// `str()`, `+`).
pub(super) fn rest_misuse<'t>(body: Node<'t>, name: &str, src: &str) -> Option<Node<'t>> {
    rest_misuse_passing(body, name, src, &|_| false)
}

/// [`rest_misuse`], where `*name` may also be passed on whole, by
/// position, to a function `passes_to` accepts: a function of another
/// unit, translated without knowing its caller, reads a tuple as the
/// translation reads every tuple, as an array.
pub(super) fn rest_misuse_passing<'t>(
    body: Node<'t>,
    name: &str,
    src: &str,
    passes_to: &dyn Fn(&str) -> bool,
) -> Option<Node<'t>> {
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        let read = |n: Node| iterated(n, src) || passed_on(n, src, passes_to);
        if node.kind() == "identifier" && text(node, src) == name && !read(node) {
            return Some(node);
        }
        stack.extend(named_children(node));
    }
    None
}

/// Whether `node` is a positional argument of a call of a function named
/// as one `passes_to` accepts.
fn passed_on(node: Node, src: &str, passes_to: &dyn Fn(&str) -> bool) -> bool {
    node.parent()
        .filter(|p| p.kind() == "argument_list")
        .and_then(|p| p.parent())
        .filter(|c| c.kind() == "call")
        .and_then(|c| c.child_by_field_name("function"))
        .is_some_and(|f| f.kind() == "identifier" && passes_to(text(f, src)))
}

pub(super) fn iterated(node: Node, src: &str) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    let is_field = |field: &str| parent.child_by_field_name(field) == Some(node);
    match parent.kind() {
        "subscript" => {
            is_field("value")
                && parent
                    .child_by_field_name("subscript")
                    .is_some_and(|s| s.kind() != "slice")
                && !stored_into(parent)
        }
        "for_statement" | "for_in_clause" => is_field("right"),
        // Tested for emptiness: Python's truthiness by the sequence type.
        "not_operator" => true,
        // `zip(*xs)`: the rows read one by one, by position.
        "list_splat" => parent
            .parent()
            .filter(|a| a.kind() == "argument_list" && named_children(*a).len() == 1)
            .and_then(|a| a.parent())
            .filter(|c| c.kind() == "call")
            .and_then(|c| c.child_by_field_name("function"))
            .is_some_and(|f| f.kind() == "identifier" && text(f, src) == "zip"),
        // `then if xs else orelse`.
        "conditional_expression" => named_children(parent).get(1) == Some(&node),
        "if_statement" | "elif_clause" | "while_statement" => is_field("condition"),
        "comparison_operator" => {
            let operands = named_children(parent);
            operands.len() == 2
                && operands[1] == node
                && matches!(
                    text(parent, src)[operands[0].end_byte() - parent.start_byte()
                        ..node.start_byte() - parent.start_byte()]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .as_slice(),
                    ["in"] | ["not", "in"]
                )
        }
        "argument_list" => {
            let Some(func) = parent
                .parent()
                .filter(|c| c.kind() == "call")
                .and_then(|c| c.child_by_field_name("function"))
            else {
                return false;
            };
            match func.kind() {
                "identifier" => ITERATING_BUILTINS.contains(&text(func, src)),
                // `sep.join(args)`.
                "attribute" => func
                    .child_by_field_name("attribute")
                    .is_some_and(|a| text(a, src) == "join"),
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether an element `node` (`xs[i]`) is stored into or deleted: the
/// left side of an assignment, an update or a `for`, whole or inside an
/// unpacking, or a `del`.
fn stored_into(node: Node) -> bool {
    let mut at = node;
    while let Some(parent) = at.parent() {
        match parent.kind() {
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "parenthesized_expression"
            | "list_splat_pattern" => at = parent,
            "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause" => {
                return parent.child_by_field_name("left") == Some(at)
            }
            "delete_statement" => return true,
            _ => return false,
        }
    }
    false
}

/// The names a unit uses other than by calling them or defining a
/// function of that name (a parameter, a local, an argument): a call of
/// one by name may not reach the function of the file so named, so its
/// keyword arguments are not resolved against that function.
pub(super) fn names_used_otherwise(root: Node, src: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.kind() == "identifier" {
            let called = node.parent().is_some_and(|p| {
                let field = |f: &str| p.child_by_field_name(f) == Some(node);
                (p.kind() == "call" && field("function"))
                    || (p.kind() == "function_definition" && field("name"))
                    || (p.kind() == "keyword_argument" && field("name"))
                    || (p.kind() == "attribute" && field("attribute"))
            });
            if !called {
                out.insert(text(node, src).to_string());
            }
        }
        stack.extend(named_children(node));
    }
    out
}

/// The names a unit binds anywhere (an assignment, a `for` or `with`
/// target, a parameter, `except ... as`, a definition, a `global`, a
/// pattern's capture): an imported name the unit reads is the import only
/// where the unit binds it nowhere, since which binding a read reaches is
/// the scopes' to say. An import of a module the frontend knows binds the
/// names to what they are, and is left out.
pub(super) fn names_bound(root: Node, src: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    // Each node with whether it lies in a `case` pattern (its nearest
    // `case_pattern` or `case_clause` ancestor is a pattern): carried down,
    // not found by climbing from each identifier, which took time
    // quadratic in the nesting depth.
    let mut stack = vec![(root, false)];
    while let Some((node, in_pattern)) = stack.pop() {
        if imports_known_module(node, src) {
            continue;
        }
        if node.kind() == "identifier" && (in_pattern || binds(node)) {
            out.insert(text(node, src).to_string());
        }
        let inner = match node.kind() {
            "case_pattern" => true,
            "case_clause" => false,
            _ => in_pattern,
        };
        stack.extend(named_children(node).into_iter().map(|n| (n, inner)));
    }
    out
}

/// Whether `node` imports from a module whose names the frontend reads as
/// what they are (`from operator import add`, `import functools`,
/// `import string`, `from contextlib import suppress`, `import heapq`,
/// `import bisect`).
fn imports_known_module(node: Node, src: &str) -> bool {
    let module = match node.kind() {
        "import_from_statement" => node.child_by_field_name("module_name"),
        "import_statement" => match named_children(node).as_slice() {
            [only] if only.kind() == "dotted_name" => Some(*only),
            _ => None,
        },
        _ => None,
    };
    module.is_some_and(|m| {
        matches!(
            text(m, src),
            "math" | "operator" | "functools" | "string" | "contextlib" | "re" | "heapq" | "bisect"
        )
    })
}

/// Whether the identifier `node` is a binding of its name.
fn binds(node: Node) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    let field = |f: &str| parent.child_by_field_name(f) == Some(node);
    stored_into(node)
        || matches!(
            parent.kind(),
            "parameters"
                | "lambda_parameters"
                | "typed_parameter"
                | "list_splat_pattern"
                | "dictionary_splat_pattern"
                | "as_pattern_target"
                | "global_statement"
                | "nonlocal_statement"
                | "aliased_import"
                | "dotted_name"
        )
        || (matches!(
            parent.kind(),
            "default_parameter"
                | "typed_default_parameter"
                | "function_definition"
                | "class_definition"
                | "named_expression"
        ) && field("name"))
}
