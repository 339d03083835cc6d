//! Making mutants: small, plausible bugs planted in one function of a file,
//! one edit each, over its tree-sitter tree. A verifier that accepts a
//! mutant as a faithful translation of the original's source has missed a
//! bug; the share of mutants it rejects is its kill rate.
//!
//! Every mutant still parses and differs from the original text. The order
//! is deterministic (by position, then kind), and where a function offers
//! more mutants than the cap, a seeded selection picks them evenly across
//! kinds, so that a run is reproducible and every kind is measured.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use tree_sitter::Node;

use crate::lang::Lang;
use crate::signatures;
use crate::units;

/// The kinds of edit a mutant is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MutationKind {
    /// One operator replaced by its near neighbour: `+`/`-`, `*`/`/`,
    /// `<`/`<=`, `==`/`!=`, `and`/`or`, `+=`/`-=`.
    OperatorSwap,
    /// An integer literal `n` replaced by `n + 1` or `n - 1` (never below
    /// zero: a negative literal where an unsigned one stood only fails to
    /// compile, which says nothing about the verifier's tests).
    OffByOne,
    /// The two branches of an `if`/`else` or a conditional expression
    /// exchanged; an `if` with no plain `else` gets its condition negated.
    SwappedBranches,
    /// One statement removed from a block that keeps at least one other.
    DroppedStatement,
    /// Two neighbouring positional arguments of a call exchanged.
    SwappedArguments,
}

impl MutationKind {
    pub const ALL: [MutationKind; 5] = [
        MutationKind::OperatorSwap,
        MutationKind::OffByOne,
        MutationKind::SwappedBranches,
        MutationKind::DroppedStatement,
        MutationKind::SwappedArguments,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MutationKind::OperatorSwap => "operator_swap",
            MutationKind::OffByOne => "off_by_one",
            MutationKind::SwappedBranches => "swapped_branches",
            MutationKind::DroppedStatement => "dropped_statement",
            MutationKind::SwappedArguments => "swapped_arguments",
        }
    }
}

impl std::fmt::Display for MutationKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One mutant of a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mutant {
    pub kind: MutationKind,
    /// The line of the edit, 1-based, in the original file.
    pub line: usize,
    /// The edit in a few words: ``` `<` → `<=` ```, `drop `i += 1``.
    pub description: String,
    /// The whole file with the edit made.
    #[serde(skip)]
    pub text: String,
}

/// How many mutants to make, and how to pick them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MutateOptions {
    /// At most this many mutants per function.
    pub cap: usize,
    /// Seed of the selection when a function offers more than `cap`.
    pub seed: u64,
}

impl Default for MutateOptions {
    fn default() -> MutateOptions {
        MutateOptions {
            cap: 12,
            seed: 0x6d75_7461,
        }
    }
}

/// Why no mutants could be made of a function.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MutateError {
    #[error("the {0} parser gave up on the file")]
    Unparsable(Lang),
    /// Mutants of a file that does not parse could not be told to parse.
    #[error("the file has a syntax error at {0}")]
    SyntaxError(units::Position),
    #[error("no top-level function `{0}` in the file")]
    NoFunction(String),
}

/// An edit not yet checked: replace `range` of the file with `replacement`.
struct Edit {
    kind: MutationKind,
    range: Range<usize>,
    replacement: String,
    description: String,
}

/// Mutants of the top-level function `function` of `text`, a `lang` file.
pub fn mutants(
    text: &str,
    lang: Lang,
    function: &str,
    options: &MutateOptions,
) -> Result<Vec<Mutant>, MutateError> {
    if let Some((at, _)) = units::first_syntax_error(text, lang) {
        return Err(MutateError::SyntaxError(at));
    }
    let found = signatures::functions_in(text, lang).ok_or(MutateError::Unparsable(lang))?;
    let unit = found
        .into_iter()
        .find(|f| f.name == function)
        .ok_or_else(|| MutateError::NoFunction(function.to_string()))?;
    let tree = units::parse(text, lang).ok_or(MutateError::Unparsable(lang))?;
    // Tree offsets do not count a byte-order mark; the unit's bytes and the
    // edits do.
    let bom = text.len() - text.trim_start_matches('\u{feff}').len();
    let inside = unit.bytes.start.saturating_sub(bom)..unit.bytes.end.saturating_sub(bom);
    let mut edits = Vec::new();
    // Depth first with a stack of its own: the function may nest deeper
    // than a recursive walk's stack allows.
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.start_byte() >= inside.start && node.end_byte() <= inside.end {
            edits_at(node, text, bom, lang, &mut edits);
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node
            .children(&mut cursor)
            .filter(|c| c.start_byte() < inside.end && c.end_byte() > inside.start)
            .collect();
        stack.extend(children.into_iter().rev());
    }
    edits.sort_by(|a, b| {
        (a.range.start, a.kind, a.range.end, &a.replacement).cmp(&(
            b.range.start,
            b.kind,
            b.range.end,
            &b.replacement,
        ))
    });
    let mut made: Vec<Mutant> = Vec::new();
    for edit in edits {
        let mut mutated = String::with_capacity(text.len() + edit.replacement.len());
        mutated.push_str(&text[..edit.range.start]);
        mutated.push_str(&edit.replacement);
        mutated.push_str(&text[edit.range.end..]);
        if mutated == text || made.iter().any(|m| m.text == mutated) {
            continue;
        }
        if units::first_syntax_error(&mutated, lang).is_some() {
            continue;
        }
        made.push(Mutant {
            kind: edit.kind,
            line: units::position_of(text, edit.range.start).line,
            description: edit.description,
            text: mutated,
        });
    }
    Ok(select(made, function, options))
}

/// At most `options.cap` of `made`, taken in turn from each kind (each
/// kind's mutants shuffled with a seed drawn from `options.seed` and the
/// function's name), back in file order.
fn select(made: Vec<Mutant>, function: &str, options: &MutateOptions) -> Vec<Mutant> {
    if made.len() <= options.cap {
        return made;
    }
    let mut rng = SplitMix64(options.seed ^ fnv1a(function.as_bytes()));
    let mut groups: Vec<Vec<(usize, Mutant)>> = MutationKind::ALL
        .iter()
        .map(|kind| {
            made.iter()
                .enumerate()
                .filter(|(_, m)| m.kind == *kind)
                .map(|(i, m)| (i, m.clone()))
                .collect()
        })
        .collect();
    for group in &mut groups {
        // Fisher-Yates.
        for i in (1..group.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            group.swap(i, j);
        }
        group.reverse();
    }
    let mut picked: Vec<(usize, Mutant)> = Vec::with_capacity(options.cap);
    while picked.len() < options.cap {
        let before = picked.len();
        for group in &mut groups {
            if picked.len() == options.cap {
                break;
            }
            if let Some(next) = group.pop() {
                picked.push(next);
            }
        }
        if picked.len() == before {
            break;
        }
    }
    picked.sort_by_key(|(i, _)| *i);
    picked.into_iter().map(|(_, m)| m).collect()
}

/// A small, well-mixed generator (Steele, Lea and Flood's SplitMix64): the
/// selection needs reproducibility, not cryptographic strength.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// FNV-1a, stable across runs and platforms (std's hasher is not promised
/// to be).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The edits that `node` itself offers (its children are visited apart).
fn edits_at<'t>(node: Node<'t>, text: &'t str, bom: usize, lang: Lang, edits: &mut Vec<Edit>) {
    let range = |n: Node<'t>| n.start_byte() + bom..n.end_byte() + bom;
    let source = |n: Node<'t>| -> &'t str { &text[n.start_byte() + bom..n.end_byte() + bom] };
    let mut push = |kind, range: Range<usize>, replacement: String, description: String| {
        edits.push(Edit {
            kind,
            range,
            replacement,
            description,
        })
    };
    let kind = node.kind();
    // Operators: the `operator` field of binary and compound assignment
    // nodes, and each of a Python comparison's `operators`.
    let operator_nodes: Vec<Node> = match kind {
        "binary_operator"
        | "boolean_operator"
        | "binary_expression"
        | "augmented_assignment"
        | "augmented_assignment_expression"
        | "compound_assignment_expr" => node.child_by_field_name("operator").into_iter().collect(),
        "comparison_operator" => {
            let mut cursor = node.walk();
            node.children_by_field_name("operators", &mut cursor)
                .collect()
        }
        _ => Vec::new(),
    };
    for operator in operator_nodes {
        let old = source(operator);
        if let Some(new) = swapped_operator(old, lang) {
            push(
                MutationKind::OperatorSwap,
                range(operator),
                new.to_string(),
                format!("`{old}` → `{new}`"),
            );
        }
    }
    match (lang, kind) {
        (Lang::Python, "integer")
        | (Lang::JavaScript, "number")
        | (Lang::Rust, "integer_literal") => {
            let literal = source(node);
            let digits_end = literal
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(literal.len());
            let (digits, suffix) = literal.split_at(digits_end);
            // Only plain decimal integers (a Rust suffix such as `usize`
            // kept): `0x1f`, `1e3`, `1_000` and floats are left alone.
            let plain = !digits.is_empty()
                && (suffix.is_empty()
                    || (lang == Lang::Rust && suffix.chars().all(|c| c.is_ascii_alphanumeric())));
            if let (true, Ok(n)) = (plain, digits.parse::<u64>()) {
                let mut neighbours = vec![n.checked_add(1)];
                if n > 0 {
                    neighbours.push(Some(n - 1));
                }
                for m in neighbours.into_iter().flatten() {
                    push(
                        MutationKind::OffByOne,
                        range(node),
                        format!("{m}{suffix}"),
                        format!("`{literal}` → `{m}{suffix}`"),
                    );
                }
            }
        }
        _ => {}
    }
    branch_edits(node, lang, &source, &range, &mut push);
    if is_block(node, lang) {
        drop_edits(node, text, bom, lang, &mut push);
    }
    if matches!(kind, "call" | "call_expression") {
        argument_edits(node, lang, &source, &range, &mut push);
    }
}

/// The operator that replaces `old`, if it is one that is mutated.
fn swapped_operator(old: &str, lang: Lang) -> Option<&'static str> {
    Some(match old {
        "+" => "-",
        "-" => "+",
        "*" => "/",
        // Python's `/` makes a float of two ints where `*` keeps an int:
        // either way a changed value.
        "/" => "*",
        "//" => "*",
        "%" if lang == Lang::Python => "//",
        "%" => "/",
        "<" => "<=",
        "<=" => "<",
        ">" => ">=",
        ">=" => ">",
        "==" => "!=",
        "!=" => "==",
        "===" => "!==",
        "!==" => "===",
        "and" => "or",
        "or" => "and",
        "&&" => "||",
        "||" => "&&",
        "+=" => "-=",
        "-=" => "+=",
        "*=" => "/=",
        "/=" => "*=",
        _ => return None,
    })
}

type Push<'p> = dyn FnMut(MutationKind, Range<usize>, String, String) + 'p;

/// Swapped branches of an `if`/`else` or a conditional expression, or a
/// negated condition where there is no plain `else` to swap with.
fn branch_edits<'t>(
    node: Node<'t>,
    lang: Lang,
    source: &dyn Fn(Node<'t>) -> &'t str,
    range: &dyn Fn(Node<'t>) -> Range<usize>,
    push: &mut Push,
) {
    let swap = |push: &mut Push, a: Node<'t>, b: Node<'t>, what: &str| {
        let (x, y) = (source(a), source(b));
        if x == y {
            return;
        }
        // Two edits in one: `a` and `b` do not overlap, and `a` comes
        // first, so the text between them stays as it was.
        let whole = range(a).start..range(b).end;
        let between = &source_between(source, a, b, range);
        push(
            MutationKind::SwappedBranches,
            whole,
            format!("{y}{between}{x}"),
            format!("swap the branches of the {what}"),
        );
    };
    match (lang, node.kind()) {
        (Lang::Python, "if_statement")
        | (Lang::JavaScript, "if_statement")
        | (Lang::Rust, "if_expression") => {
            let mut cursor = node.walk();
            let alternatives: Vec<Node> = node
                .children_by_field_name("alternative", &mut cursor)
                .collect();
            let plain_else = match alternatives.as_slice() {
                [only] if only.kind() == "else_clause" => match lang {
                    Lang::Python => only.child_by_field_name("body"),
                    // JavaScript's `else if` and Rust's `else if` are an
                    // `if` inside the else clause: not a plain else.
                    _ => only
                        .named_child(0)
                        .filter(|n| !matches!(n.kind(), "if_statement" | "if_expression")),
                },
                _ => None,
            };
            let consequence = node.child_by_field_name("consequence");
            let condition = node.child_by_field_name("condition");
            match (consequence, plain_else) {
                (Some(then), Some(otherwise)) => swap(push, then, otherwise, "`if`"),
                _ => {
                    let Some(condition) = condition else { return };
                    // `if let` has no condition to negate.
                    if matches!(condition.kind(), "let_condition" | "let_chain") {
                        return;
                    }
                    let old = source(condition);
                    let new = match lang {
                        Lang::Python => format!("not ({old})"),
                        // The condition keeps its parentheses: `(!(c))`.
                        Lang::JavaScript => format!("(!{old})"),
                        Lang::Rust => format!("!({old})"),
                    };
                    push(
                        MutationKind::SwappedBranches,
                        range(condition),
                        new,
                        "negate the `if` condition".to_string(),
                    );
                }
            }
        }
        (Lang::Python, "conditional_expression") => {
            // `a if c else b`: the named children are a, c, b.
            if let (Some(a), Some(b)) = (node.named_child(0), node.named_child(2)) {
                swap(push, a, b, "conditional expression");
            }
        }
        (Lang::JavaScript, "ternary_expression") => {
            if let (Some(a), Some(b)) = (
                node.child_by_field_name("consequence"),
                node.child_by_field_name("alternative"),
            ) {
                swap(push, a, b, "conditional expression");
            }
        }
        _ => {}
    }
}

fn source_between<'t>(
    source: &dyn Fn(Node<'t>) -> &'t str,
    a: Node<'t>,
    b: Node<'t>,
    range: &dyn Fn(Node<'t>) -> Range<usize>,
) -> String {
    // The text of a node's parent spans both; cut the gap out of it.
    let Some(parent) = common_ancestor(a, b) else {
        return String::new();
    };
    let outer = range(parent);
    let text = source(parent);
    let gap = range(a).end - outer.start..range(b).start - outer.start;
    text.get(gap).unwrap_or_default().to_string()
}

fn common_ancestor<'t>(a: Node<'t>, b: Node<'t>) -> Option<Node<'t>> {
    let mut node = a.parent();
    while let Some(n) = node {
        if n.start_byte() <= b.start_byte() && n.end_byte() >= b.end_byte() {
            return Some(n);
        }
        node = n.parent();
    }
    None
}

/// Whether `node` is a block of statements.
fn is_block(node: Node, lang: Lang) -> bool {
    matches!(
        (lang, node.kind()),
        (Lang::Python, "block") | (Lang::JavaScript, "statement_block") | (Lang::Rust, "block")
    )
}

fn is_comment(node: Node) -> bool {
    matches!(node.kind(), "comment" | "line_comment" | "block_comment")
}

/// One statement dropped from a block that has more than one. A Python
/// docstring is not dropped: the program would behave the same.
fn drop_edits(block: Node, text: &str, bom: usize, lang: Lang, push: &mut Push) {
    let mut cursor = block.walk();
    let statements: Vec<Node> = block
        .named_children(&mut cursor)
        .filter(|n| !is_comment(*n) && n.kind() != "label")
        .collect();
    if statements.len() < 2 {
        return;
    }
    let last = statements.len() - 1;
    for (index, statement) in statements.into_iter().enumerate() {
        let start = statement.start_byte() + bom;
        let end = statement.end_byte() + bom;
        if lang == Lang::Python && is_docstring(statement) {
            continue;
        }
        if lang == Lang::Rust && index == last && drops_the_value(statement, block) {
            continue;
        }
        // The whole line when the statement has it to itself, so that no
        // blank line with stray indentation is left behind.
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
        let alone =
            text[line_start..start].trim().is_empty() && text[end..line_end].trim().is_empty();
        let cut = if alone {
            line_start..line_end
        } else {
            start..end
        };
        let shown: String = text[start..end]
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(40)
            .collect();
        push(
            MutationKind::DroppedStatement,
            cut,
            String::new(),
            format!("drop `{}`", shown.trim()),
        );
    }
}

/// Whether dropping `statement`, the last of a Rust `block`, drops the
/// block's value: its tail expression, or the `return` ending a function.
/// Such a mutant never compiles (the types no longer match), so it would
/// only measure the compiler.
fn drops_the_value(statement: Node, block: Node) -> bool {
    let is_statement = matches!(
        statement.kind(),
        "expression_statement" | "let_declaration" | "empty_statement"
    ) || statement.kind().ends_with("_item");
    if !is_statement {
        return true;
    }
    // An `if` or `match` with no semicolon is parsed as a statement, yet
    // it is the block's value; a loop's value is `()`.
    let child = statement.named_child(0);
    let bare = statement.kind() == "expression_statement"
        && statement
            .child(statement.child_count().saturating_sub(1))
            .is_some_and(|c| c.kind() != ";")
        && child.is_some_and(|c| {
            !matches!(
                c.kind(),
                "for_expression" | "while_expression" | "loop_expression"
            )
        });
    if bare {
        return true;
    }
    let ends_function = block
        .parent()
        .is_some_and(|p| matches!(p.kind(), "function_item" | "closure_expression"));
    let returns = child.is_some_and(|n| n.kind() == "return_expression");
    ends_function && returns
}

fn is_docstring(statement: Node) -> bool {
    statement.kind() == "expression_statement"
        && statement.named_child_count() == 1
        && statement
            .named_child(0)
            .is_some_and(|n| n.kind() == "string")
}

/// Functions whose arguments may come in either order: swapping them is
/// no bug, and a verifier that lets it pass is right to.
const COMMUTATIVE: &[&str] = &[
    "max",
    "min",
    "math.gcd",
    "gcd",
    "Math.max",
    "Math.min",
    "std::cmp::max",
    "std::cmp::min",
    "cmp::max",
    "cmp::min",
    "math.hypot",
    "Math.hypot",
];

/// Two neighbouring positional arguments of a call exchanged.
fn argument_edits<'t>(
    call: Node<'t>,
    lang: Lang,
    source: &dyn Fn(Node<'t>) -> &'t str,
    range: &dyn Fn(Node<'t>) -> Range<usize>,
    push: &mut Push,
) {
    let (Some(function), Some(arguments)) = (
        call.child_by_field_name("function"),
        call.child_by_field_name("arguments"),
    ) else {
        return;
    };
    if COMMUTATIVE.contains(&source(function)) {
        return;
    }
    let mut cursor = arguments.walk();
    let positional: Vec<Node> = arguments
        .named_children(&mut cursor)
        .filter(|n| !is_comment(*n))
        .collect();
    // Keyword and spread arguments end the positional ones (Python's
    // `f(a, b, key=k)`): swapping a keyword argument changes nothing.
    let positional: Vec<Node> = positional
        .into_iter()
        .take_while(|n| {
            !matches!(
                (lang, n.kind()),
                (
                    Lang::Python,
                    "keyword_argument" | "list_splat" | "dictionary_splat"
                ) | (Lang::JavaScript, "spread_element")
            )
        })
        .collect();
    for pair in positional.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (x, y) = (source(a), source(b));
        if x == y {
            continue;
        }
        let between = source_between(source, a, b, range);
        push(
            MutationKind::SwappedArguments,
            range(a).start..range(b).end,
            format!("{y}{between}{x}"),
            format!("swap `{}` and `{}`", short(x), short(y)),
        );
    }
}

fn short(text: &str) -> String {
    let first = text.lines().next().unwrap_or_default();
    if first.chars().count() > 24 || first.len() < text.len() {
        let cut: String = first.chars().take(24).collect();
        format!("{cut}...")
    } else {
        first.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PY: &str = "\
import math


def helper(x):
    return x + 1


def f(xs, n):
    \"\"\"Counts.\"\"\"
    total = 0
    for x in xs:
        if x < n and x != 3:
            total += x * 2
        else:
            total -= 1
    best = max(total, 0)
    return pow(best, 2) if best > 0 else helper(n)
";

    const JS: &str = "\
const helper = (x) => x + 1;

const f = (xs, n) => {
  let total = 0;
  for (const x of xs) {
    if (x < n && x !== 3) {
      total += x * 2;
    } else {
      total -= 1;
    }
  }
  const best = Math.max(total, 0);
  return best > 0 ? Math.pow(best, 2) : helper(n);
};
";

    const RS: &str = "\
fn helper(x: i64) -> i64 {
    x + 1
}

fn f(xs: Vec<i64>, n: i64) -> i64 {
    let mut total = 0;
    for x in xs {
        if x < n && x != 3 {
            total += x * 2;
        } else {
            total -= 1;
        }
    }
    let best = std::cmp::max(total, 0);
    if best > 0 { i64::pow(best, 2u32) } else { helper(n) }
}
";

    fn all(text: &str, lang: Lang) -> Vec<Mutant> {
        let options = MutateOptions {
            cap: usize::MAX,
            ..MutateOptions::default()
        };
        mutants(text, lang, "f", &options).unwrap()
    }

    #[test]
    fn every_kind_gives_parsing_mutants_in_every_language() {
        for (text, lang) in [(PY, Lang::Python), (JS, Lang::JavaScript), (RS, Lang::Rust)] {
            let made = all(text, lang);
            for kind in MutationKind::ALL {
                assert!(
                    made.iter().any(|m| m.kind == kind),
                    "{lang}: no {kind} mutant among {:#?}",
                    made.iter().map(|m| &m.description).collect::<Vec<_>>()
                );
            }
            for mutant in &made {
                assert_ne!(mutant.text, text, "{lang}: {}", mutant.description);
                assert_eq!(
                    units::first_syntax_error(&mutant.text, lang),
                    None,
                    "{lang}: {} does not parse:\n{}",
                    mutant.description,
                    mutant.text
                );
            }
            let mut texts: Vec<&str> = made.iter().map(|m| m.text.as_str()).collect();
            texts.sort_unstable();
            texts.dedup();
            assert_eq!(texts.len(), made.len(), "{lang}: two mutants are the same");
        }
    }

    #[test]
    fn only_the_named_function_is_mutated() {
        for (text, lang, untouched) in [
            (PY, Lang::Python, "def helper(x):\n    return x + 1\n"),
            (JS, Lang::JavaScript, "const helper = (x) => x + 1;\n"),
            (RS, Lang::Rust, "fn helper(x: i64) -> i64 {\n    x + 1\n}\n"),
        ] {
            for mutant in all(text, lang) {
                assert!(
                    mutant.text.contains(untouched),
                    "{lang}: {} touched the helper",
                    mutant.description
                );
                assert!(
                    mutant.line >= 4,
                    "{lang}: {} at line {}",
                    mutant.description,
                    mutant.line
                );
            }
        }
    }

    #[test]
    fn edits_are_the_ones_described() {
        let made = all(PY, Lang::Python);
        let find = |description: &str| {
            made.iter()
                .find(|m| m.description == description)
                .unwrap_or_else(|| panic!("no `{description}` among {made:#?}"))
        };
        let lt = find("`<` → `<=`");
        assert_eq!(lt.kind, MutationKind::OperatorSwap);
        assert_eq!(lt.line, 12);
        assert!(lt.text.contains("if x <= n and x != 3:"));
        assert!(find("`and` → `or`").text.contains("if x < n or x != 3:"));
        assert!(find("`+=` → `-=`").text.contains("total -= x * 2"));
        assert!(find("`2` → `3`").text.contains("total += x * 3"));
        assert!(find("`0` → `1`").text.contains("total = 1\n"));
        // No negative literal is made.
        assert!(!made.iter().any(|m| m.description.contains("`-1`")));
        let swapped = find("swap the branches of the `if`");
        assert!(
            swapped.text.contains(
                "        if x < n and x != 3:\n            total -= 1\n        else:\n            total += x * 2\n"
            ),
            "{}",
            swapped.text
        );
        let ternary = find("swap the branches of the conditional expression");
        assert!(ternary
            .text
            .contains("return helper(n) if best > 0 else pow(best, 2)"));
        let dropped = find("drop `total = 0`");
        assert!(dropped
            .text
            .contains("\"\"\"Counts.\"\"\"\n    for x in xs:"));
        assert!(find("swap `best` and `2`").text.contains("pow(2, best)"));
        // The docstring is never dropped, and `max` is commutative.
        assert!(!made.iter().any(|m| m.description.contains("Counts")));
        assert!(!made.iter().any(|m| m.description.contains("swap `total`")));
    }

    #[test]
    fn an_if_without_else_gets_its_condition_negated() {
        let cases = [
            (
                Lang::Python,
                "def f(x):\n    if x > 1:\n        return 1\n    return 0\n",
                "if not (x > 1):",
            ),
            (
                Lang::JavaScript,
                "function f(x) {\n  if (x > 1) return 1;\n  return 0;\n}\n",
                "if (!(x > 1))",
            ),
            (
                Lang::Rust,
                "fn f(x: i32) -> i32 {\n    if x > 1 { return 1; }\n    0\n}\n",
                "if !(x > 1) {",
            ),
        ];
        for (lang, text, negated) in cases {
            let made = all(text, lang);
            let found = made
                .iter()
                .find(|m| m.description == "negate the `if` condition")
                .unwrap_or_else(|| panic!("{lang}: {made:#?}"));
            assert!(found.text.contains(negated), "{lang}: {}", found.text);
        }
    }

    #[test]
    fn rust_mutants_keep_the_value_of_a_block() {
        // Regression: dropping a Rust function's tail expression or final
        // `return` made mutants that could only fail to compile, which
        // measured the compiler instead of the tests.
        let made = all(RS, Lang::Rust);
        assert!(!made
            .iter()
            .any(|m| m.description.starts_with("drop `if best")));
        assert!(made
            .iter()
            .any(|m| m.description == "drop `let best = std::cmp::max(total, 0);`"));
        let text = "fn f(x: i32) -> i32 {\n    let y = x + 1;\n    return y;\n}\n";
        let made = all(text, Lang::Rust);
        assert!(
            !made.iter().any(|m| m.description == "drop `return y;`"),
            "{made:#?}"
        );
        assert!(made
            .iter()
            .any(|m| m.description == "drop `let y = x + 1;`"));
    }

    #[test]
    fn selection_is_capped_seeded_and_deterministic() {
        let options = MutateOptions { cap: 6, seed: 7 };
        let first = mutants(RS, Lang::Rust, "f", &options).unwrap();
        let again = mutants(RS, Lang::Rust, "f", &options).unwrap();
        assert_eq!(first, again);
        assert_eq!(first.len(), 6);
        // Taken in turn from each kind: five kinds, six picks.
        for kind in MutationKind::ALL {
            assert!(
                first.iter().any(|m| m.kind == kind),
                "no {kind}: {first:#?}"
            );
        }
        // In file order.
        assert!(first.windows(2).all(|w| w[0].line <= w[1].line));
        let other = mutants(RS, Lang::Rust, "f", &MutateOptions { cap: 6, seed: 8 }).unwrap();
        assert_ne!(first, other, "the seed changes the selection");
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let options = MutateOptions::default();
        assert_eq!(
            mutants("def f(:\n", Lang::Python, "f", &options),
            Err(MutateError::SyntaxError(units::Position {
                line: 1,
                column: 7
            }))
        );
        assert_eq!(
            mutants("def g():\n    return 1\n", Lang::Python, "f", &options),
            Err(MutateError::NoFunction("f".into()))
        );
        // A function with nothing to mutate has no mutants.
        assert_eq!(
            mutants("def f():\n    pass\n", Lang::Python, "f", &options),
            Ok(vec![])
        );
    }
}
