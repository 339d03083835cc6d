//! `macro_rules!`: a definition's rules read, an invocation's tokens
//! matched against them, and the expansion written as Rust text for the
//! frontend to parse and lower as if the source had spelt it out.
//!
//! As rustc does, the rules are tried in order and the first whose
//! matcher takes all of the invocation's tokens is expanded. A matcher's
//! `$x:frag` takes one fragment: a token tree, an identifier, a literal,
//! a block, or an expression, type, pattern or path, which runs to the
//! first token at its own level that may follow it (`,`, `;`, `=>`, and
//! for types and patterns `=`, `|`, `:` and the rest of Rust's follow
//! sets), the rules Rust's follow sets exist to make unambiguous. A
//! repetition `$( ... ) sep op` takes as many rounds as it can, giving
//! rounds back where the rest of the matcher needs them.
//!
//! What is not expanded is declined, never guessed, saying why: no rule
//! matching, an expansion that does not parse as statements or an
//! expression (where the reading above cut a fragment where Rust would
//! not), variables of one repetition repeating unequally, an expansion
//! larger or nested deeper than [`MAX_TOKENS`] and [`MAX_DEPTH`]. An
//! expression fragment is written in parentheses, since Rust substitutes
//! it as one expression (`$a * 2` of `1 + 1` is 4); one used twice is
//! evaluated twice, as in Rust. Hygiene: Rust keeps a local the macro's
//! own text binds apart from a name of the same spelling in its
//! arguments, which the expanded text would join, so where the two meet
//! the macro's own uses are renamed ([`hygienic`]).

mod rules;
mod tokens;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tree_sitter::{Node, Tree};

use crate::lang::Lang;

pub(crate) use rules::{Expansion, MacroDef};
use tokens::{lex, TokKind};

/// The most tokens one expansion may hold, and the most expansions a
/// unit's macros may nest: a recursive macro that does not end, or one
/// whose output doubles at each step, is declined at these bounds rather
/// than run until memory runs out.
pub(crate) const MAX_TOKENS: usize = 20_000;
pub(crate) const MAX_DEPTH: usize = 32;
/// The most snippets (arguments and expansions) one unit's macros make,
/// and the most text they may hold together: macros that each expand to
/// many invocations of others are bounded too.
const MAX_SNIPPETS: usize = 4_000;
const MAX_SNIPPET_BYTES: usize = 4 << 20;

// -- A unit's macros ------------------------------------------------------

/// The `macro_rules!` definitions a unit may expand: its file's that it
/// invokes (the request's context), then those of its own text, each with
/// where it starts in the unit (`None` for the file's, which come before
/// it), read or with why not.
#[derive(Default)]
pub(super) struct Definitions {
    defs: Vec<(String, Option<usize>, Result<MacroDef, String>)>,
}

impl Definitions {
    /// The definition `name!` at byte `start` of source `source` (0: the
    /// unit) stands for: the last one before it, as `macro_rules!` names
    /// are in scope from their definition on.
    fn lookup(&self, name: &str, source: usize, start: usize) -> Option<&Result<MacroDef, String>> {
        self.defs
            .iter()
            .rev()
            .find(|(n, at, _)| n == name && (source > 0 || at.is_none_or(|a| a < start)))
            .map(|(_, _, d)| d)
    }
}

/// The standard library's macros that are `macro_rules!` macros there too,
/// as std defines them: expanded as the file's are, and shadowed by a
/// definition of the same name.
const STD_MACROS: &[&str] = &["macro_rules! matches {
    ($expression:expr, $pattern:pat $(if $guard:expr)? $(,)?) => {
        match $expression {
            $pattern $(if $guard)? => true,
            _ => false
        }
    };
}"];

/// Reads the file's definitions (`context`) and those in the unit.
pub(super) fn definitions(context: &[String], src: &str, root: Node) -> Definitions {
    let mut defs = Vec::new();
    for text in STD_MACROS
        .iter()
        .copied()
        .chain(context.iter().map(String::as_str))
    {
        if let Some(name) = definition_name(text) {
            defs.push((name, None, MacroDef::read(text)));
        }
    }
    let mut stack = vec![root];
    let mut found = Vec::new();
    while let Some(n) = stack.pop() {
        if n.kind() == "macro_definition" {
            let text = &src[n.byte_range()];
            if let Some(name) = definition_name(text) {
                found.push((name, Some(n.start_byte()), MacroDef::read(text)));
            }
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    found.sort_by_key(|(_, at, _)| *at);
    defs.extend(found);
    Definitions { defs }
}

/// The name a `macro_rules!` definition's text defines.
pub(crate) fn definition_name(text: &str) -> Option<String> {
    let toks = lex(text).ok()?;
    let k = toks.iter().position(|t| t.text == "macro_rules")?;
    match (toks.get(k + 1), toks.get(k + 2)) {
        (Some(bang), Some(name)) if bang.text == "!" && name.kind == TokKind::Ident => {
            Some(name.text.clone())
        }
        _ => None,
    }
}

/// A unit's macro invocations made parsable: each one's arguments as a
/// call `__m(args)` (`__m([items])` for `vec!`) in a snippet of their own,
/// and each `macro_rules!` macro's expansion as a block `{ .. }`, on the
/// same row as in the source so that lines stay right. Snippet `k` is
/// source `k + 1`, source 0 the unit; both tables are keyed by (source,
/// start byte of the invocation).
#[derive(Default)]
pub(super) struct Snippets {
    pub(super) texts: Vec<(String, Tree)>,
    pub(super) of: HashMap<(usize, usize), usize>,
    /// The snippet of each expansion, or why the invocation is not
    /// expanded.
    pub(super) expansions: HashMap<(usize, usize), Result<usize, String>>,
}

enum Job {
    /// A built-in macro's arguments, as a parsable snippet's text.
    Arguments(String),
    /// A `macro_rules!` macro: its name, its arguments' text and row, and
    /// how many expansions it is nested in.
    Expand(String, String, usize, usize),
}

pub(super) fn snippets(src: &str, root: Node, defs: &Definitions) -> Snippets {
    let mut out = Snippets::default();
    let mut pending: Vec<(usize, usize, Job)> = Vec::new();
    collect(src, root, 0, 0, defs, &mut pending);
    // The names the code around each source's invocations spells: the
    // unit's, and a snippet's with those of the unit.
    let unit = unit_words(src, root);
    let mut taken: Vec<HashSet<String>> = vec![unit.clone()];
    // The bytes of the snippets made so far, but the newlines that keep
    // their rows the source's.
    let mut total = 0usize;
    let content = |text: &str| text.bytes().filter(|&b| b != b'\n').count();
    while let Some((source, start, job)) = pending.pop() {
        if out.texts.len() >= MAX_SNIPPETS || total > MAX_SNIPPET_BYTES {
            if let Job::Expand(name, ..) = job {
                let why = format!(
                    "`{name}!`: more than {MAX_SNIPPETS} macro invocations or {} MiB of their text in one unit",
                    MAX_SNIPPET_BYTES >> 20
                );
                out.expansions.insert((source, start), Err(why));
            }
            continue;
        }
        match job {
            Job::Arguments(text) => {
                let Some(tree) = parsed(&text) else {
                    continue;
                };
                let k = out.texts.len();
                out.of.insert((source, start), k);
                collect(&text, tree.root_node(), k + 1, 0, defs, &mut pending);
                let mut around = words(&text);
                around.extend(unit.iter().cloned());
                taken.push(around);
                total += content(&text);
                out.texts.push((text, tree));
            }
            Job::Expand(name, args, row, depth) => {
                let at = Site {
                    source,
                    start,
                    row,
                    depth,
                };
                match expansion(&name, &args, &at, defs, &taken[source]) {
                    Ok((text, tree)) => {
                        let k = out.texts.len();
                        out.expansions.insert((source, start), Ok(k));
                        collect(
                            &text,
                            tree.root_node(),
                            k + 1,
                            depth + 1,
                            defs,
                            &mut pending,
                        );
                        let mut around = words(&text);
                        around.extend(unit.iter().cloned());
                        taken.push(around);
                        total += content(&text);
                        out.texts.push((text, tree));
                    }
                    Err(why) => {
                        out.expansions.insert((source, start), Err(why));
                    }
                }
            }
        }
    }
    out
}

/// The words of a text (runs of letters, digits and `_`): every name it
/// may spell, and some it does not (in strings and comments), which only
/// renames more.
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The words of the unit's text outside its `macro_rules!` definitions:
/// the names the code around an invocation may spell.
fn unit_words(src: &str, root: Node) -> HashSet<String> {
    let mut kept = String::with_capacity(src.len());
    let mut at = 0;
    let mut stack = vec![root];
    let mut definitions = Vec::new();
    while let Some(n) = stack.pop() {
        if n.kind() == "macro_definition" {
            definitions.push(n.byte_range());
            continue;
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    definitions.sort_by_key(|r| r.start);
    for r in definitions {
        kept.push_str(&src[at..r.start]);
        kept.push(' ');
        at = r.end;
    }
    kept.push_str(&src[at..]);
    words(&kept)
}

/// Text that parses as Rust without an error, parsed.
fn parsed(text: &str) -> Option<Tree> {
    let tree = crate::units::parse(text, Lang::Rust)?;
    let root = tree.root_node();
    (!root.has_error() && crate::depth::check(root).is_ok()).then_some(tree)
}

/// Where an invocation stands: its source (0 the unit, `k + 1` snippet
/// `k`), start byte and row there, and how many expansions it is nested in.
struct Site {
    source: usize,
    start: usize,
    row: usize,
    depth: usize,
}

/// The snippet of `name!(args)`'s expansion: `fn __m(){` and the rows
/// before the invocation's, then the expansion as one block.
fn expansion(
    name: &str,
    args: &str,
    at: &Site,
    defs: &Definitions,
    taken: &HashSet<String>,
) -> Result<(String, Tree), String> {
    let Site {
        source,
        start,
        row,
        depth,
    } = *at;
    if depth >= MAX_DEPTH {
        return Err(format!(
            "`{name}!` nested in more than {MAX_DEPTH} macro expansions"
        ));
    }
    let def = match defs.lookup(name, source, start) {
        Some(Ok(def)) => def,
        Some(Err(why)) => return Err(format!("`{name}!`, whose definition is not read: {why}")),
        None => return Err(format!("`{name}!`")),
    };
    let (text, from_arguments) = match def.expand(args) {
        Expansion::Text {
            text,
            from_arguments,
        } => (text, from_arguments),
        Expansion::Declined(why) => return Err(why),
    };
    let prefix = format!("fn __m(){{{}{{ ", "\n".repeat(row));
    let shifted: Vec<Range<usize>> = from_arguments
        .iter()
        .map(|r| r.start + prefix.len()..r.end + prefix.len())
        .collect();
    let snippet = format!("{prefix}{text} }}}}");
    let unparsed =
        || format!("`{name}!` expanding to what does not parse as statements or an expression");
    let tree = parsed(&snippet).ok_or_else(unparsed)?;
    match hygienic(tree.root_node(), &snippet, &shifted, taken) {
        Some(renamed) => {
            let tree = parsed(&renamed).ok_or_else(unparsed)?;
            Ok((renamed, tree))
        }
        None => Ok((snippet, tree)),
    }
}

/// The invocations under `root` (not inside other invocations, whose own
/// snippets are searched in turn).
fn collect(
    src: &str,
    root: Node,
    source: usize,
    depth: usize,
    defs: &Definitions,
    out: &mut Vec<(usize, usize, Job)>,
) {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == "macro_invocation" {
            let name_node = n.child_by_field_name("macro");
            let name = name_node.map_or("", |m| &src[m.byte_range()]);
            if let Some((inner, row)) = arguments(src, n) {
                let plain = name_node.is_some_and(|m| m.kind() == "identifier");
                if plain && defs.lookup(name, source, n.start_byte()).is_some() {
                    out.push((
                        source,
                        n.start_byte(),
                        Job::Expand(name.to_string(), inner.to_string(), row, depth),
                    ));
                    continue;
                }
                let (open, close) = if name == "vec" {
                    ("__m([", "])")
                } else {
                    ("__m(", ")")
                };
                let text = format!("fn __m(){{{}{open}{inner}{close};}}", "\n".repeat(row));
                out.push((source, n.start_byte(), Job::Arguments(text)));
            }
            continue;
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
}

/// The expression a snippet's `fn __m` holds first: a built-in macro's
/// `__m(args)` call, or an expansion's block.
pub(super) fn snippet_expression(root: Node) -> Option<Node> {
    use crate::engine::rules::named_children;
    let f = named_children(root)
        .into_iter()
        .find(|c| c.kind() == "function_item")?;
    let body = f.child_by_field_name("body")?;
    let stmt = named_children(body).into_iter().next()?;
    if stmt.kind() == "expression_statement" {
        named_children(stmt).into_iter().next()
    } else {
        Some(stmt)
    }
}

/// The block an expansion's snippet holds.
pub(super) fn expansion_block(root: Node) -> Option<Node> {
    snippet_expression(root).filter(|b| b.kind() == "block")
}

/// The text between the delimiters of an invocation's token tree, and
/// the row the tree starts on.
fn arguments<'s>(src: &'s str, invocation: Node) -> Option<(&'s str, usize)> {
    let tt = crate::engine::rules::named_children(invocation)
        .into_iter()
        .find(|c| c.kind() == "token_tree")?;
    let inner =
        src.get(tt.start_byte() + 1..tt.end_byte().saturating_sub(1).max(tt.start_byte() + 1))?;
    Some((inner, tt.start_position().row))
}

/// The invocations of `macro_rules!` macros of `root` that stand where
/// items do (the top level, the body of an `impl`, a trait or a module):
/// each node, with its end (past a `;` that closes it).
fn item_invocations<'t>(src: &str, root: Node<'t>, defs: &Definitions) -> Vec<(Node<'t>, usize)> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        let mut c = n.walk();
        let kids: Vec<Node> = n.children(&mut c).collect();
        for (k, kid) in kids.iter().enumerate() {
            // At the top level, `m!(..);` is read as a statement.
            let kid = match kid.kind() {
                "expression_statement" => match crate::engine::rules::named_children(*kid)[..] {
                    [only] if only.kind() == "macro_invocation" => only,
                    _ => continue,
                },
                "macro_invocation" => *kid,
                _ => continue,
            };
            let name = kid
                .child_by_field_name("macro")
                .filter(|m| m.kind() == "identifier");
            if name.is_some_and(|m| defs.lookup(&src[m.byte_range()], 1, 0).is_some()) {
                let end = match kids.get(k + 1) {
                    Some(next) if matches!(next.kind(), ";" | "empty_statement") => next.end_byte(),
                    _ => kids[k].end_byte(),
                };
                out.push((kid, end));
            }
        }
        stack.extend(kids.iter().filter(|k| {
            matches!(
                k.kind(),
                "impl_item" | "trait_item" | "mod_item" | "declaration_list"
            )
        }));
    }
    out.sort_by_key(|(n, _)| n.start_byte());
    out
}

/// Whether a unit holds an invocation of a `macro_rules!` macro where
/// items stand (see [`expand_items`]).
pub(crate) fn has_item_invocations(context: &[String], src: &str) -> bool {
    let Some(tree) = crate::units::parse(src, Lang::Rust) else {
        return false;
    };
    let defs = definitions(context, src, tree.root_node());
    !item_invocations(src, tree.root_node(), &defs).is_empty()
}

/// `src` with each invocation of a `macro_rules!` macro that stands where
/// items do replaced by the items it expands to, as rustc expands it
/// before reading the items: on the invocation's first row, the rows it
/// took kept as blank lines, so that every other line keeps its number.
/// Expansions that invoke macros there in turn are expanded too, up to
/// [`MAX_DEPTH`] rounds. `Ok(None)` where there is no such invocation;
/// `Err((row, why))` where one is not expanded. Locals of the items'
/// bodies are the items' own, so no hygiene is needed here.
pub(crate) fn expand_items(
    context: &[String],
    src: &str,
    root: Node,
) -> Result<Option<String>, (usize, String)> {
    let mut text = src.to_string();
    let mut changed = false;
    let mut tree: Option<Tree> = None;
    for _ in 0..MAX_DEPTH {
        let round_root = tree.as_ref().map_or(root, Tree::root_node);
        let defs = definitions(context, &text, round_root);
        let found = item_invocations(&text, round_root, &defs);
        if found.is_empty() {
            return Ok(changed.then_some(text));
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (n, end) in found {
            let row = n.start_position().row;
            let name = n
                .child_by_field_name("macro")
                .map_or("", |m| &text[m.byte_range()]);
            let Some((args, _)) = arguments(&text, n) else {
                return Err((row, format!("`{name}!`")));
            };
            let expansion = match defs.lookup(name, 1, 0) {
                Some(Ok(def)) => def.expand(args),
                Some(Err(why)) => {
                    return Err((
                        row,
                        format!("`{name}!`, whose definition is not read: {why}"),
                    ))
                }
                None => return Err((row, format!("`{name}!`"))),
            };
            let items = match expansion {
                Expansion::Text { text, .. } => text,
                Expansion::Declined(why) => return Err((row, why)),
            };
            out.push_str(&text[at..n.start_byte()]);
            out.push_str(&items);
            out.push_str(&"\n".repeat(text[n.start_byte()..end].matches('\n').count()));
            at = end;
        }
        out.push_str(&text[at..]);
        if out.len() > MAX_SNIPPET_BYTES {
            return Err((
                0,
                format!(
                    "macros expanding to more than {} MiB of items",
                    MAX_SNIPPET_BYTES >> 20
                ),
            ));
        }
        let parsed_out = crate::units::parse(&out, Lang::Rust)
            .ok_or((0, "an expansion the Rust parser gave up on".to_string()))?;
        if parsed_out.root_node().has_error() {
            let row =
                crate::units::first_syntax_error(&out, Lang::Rust).map_or(0, |(p, _)| p.line - 1);
            return Err((
                row,
                "macro expanding to what does not parse as items".to_string(),
            ));
        }
        text = out;
        tree = Some(parsed_out);
        changed = true;
    }
    Err((
        0,
        format!("macros expanding to items nested more than {MAX_DEPTH} deep"),
    ))
}

/// The one expression an expansion's block holds, if it holds no
/// statements.
pub(super) fn only_expression(block: Node) -> Option<Node> {
    let items: Vec<Node> = crate::engine::rules::named_children(block)
        .into_iter()
        .filter(|c| !matches!(c.kind(), "line_comment" | "block_comment"))
        .collect();
    match items.as_slice() {
        // A `match`, `if` or block ends a statement without a `;`: the
        // parser reads one alone as a statement, but it is the value (a
        // block's, where it holds one expression alone: `{{ $a }}`).
        [only] if only.kind() == "expression_statement" => {
            let inner = crate::engine::rules::named_children(*only);
            match inner.as_slice() {
                [e] if e.end_byte() == only.end_byte() && e.kind() == "block" => {
                    only_expression(*e)
                }
                [e] if e.end_byte() == only.end_byte() => Some(*e),
                _ => None,
            }
        }
        [only] if only.kind() == "block" => only_expression(*only),
        [only] if only.kind() != "let_declaration" => Some(*only),
        _ => None,
    }
}

// -- Hygiene ----------------------------------------------------------------

/// Rust keeps a local the macro's own text binds (in a `let`, a closure's,
/// a `for` loop's or a `match` arm's pattern) apart from every name of the
/// same spelling outside it: the invocation's arguments and the code
/// around it. The expansion's statements stand among the caller's (a
/// `let` whose name the arguments give is the caller's binding, as in
/// Rust), so where one of the macro's own locals is spelt as a name of
/// `taken` (the words of the source around the invocation) or of the
/// arguments, the macro's uses of it are renamed to a name neither spells
/// (`v` to `v_1`), as rustc's hygiene tells them apart: the text renamed,
/// or `None` where nothing clashes. `root` is `text` parsed;
/// `from_arguments` the ranges of the arguments' identifiers.
pub(crate) fn hygienic(
    root: Node,
    text: &str,
    from_arguments: &[Range<usize>],
    taken: &HashSet<String>,
) -> Option<String> {
    let argument_names: Vec<&str> = from_arguments.iter().map(|r| &text[r.clone()]).collect();
    let is_argument = |n: Node| from_arguments.iter().any(|r| r.start == n.start_byte());
    let clashes = |name: &str| argument_names.contains(&name) || taken.contains(name);
    let mut clashing: Vec<&str> = Vec::new();
    let mut own: Vec<Node> = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        let pattern = match n.kind() {
            "let_declaration" | "let_condition" | "for_expression" => {
                n.child_by_field_name("pattern")
            }
            "match_pattern" | "closure_parameters" => Some(n),
            _ => None,
        };
        if let Some(p) = pattern {
            let mut inner = vec![p];
            while let Some(m) = inner.pop() {
                let name = &text[m.byte_range()];
                // `S { v }` binds `v` too.
                if matches!(m.kind(), "identifier" | "shorthand_field_identifier")
                    && !is_argument(m)
                    && clashes(name)
                    && !clashing.contains(&name)
                {
                    clashing.push(name);
                }
                let mut c = m.walk();
                inner.extend(m.children(&mut c));
            }
        }
        if matches!(n.kind(), "identifier" | "shorthand_field_identifier") && !is_argument(n) {
            let path_or_macro = n.parent().is_some_and(|p| {
                matches!(p.kind(), "scoped_identifier" | "macro_invocation")
                    && p.child_by_field_name("name")
                        .or(p.child_by_field_name("macro"))
                        == Some(n)
            });
            if !path_or_macro {
                own.push(n);
            }
        }
        let mut c = n.walk();
        stack.extend(n.children(&mut c));
    }
    if clashing.is_empty() {
        return None;
    }
    let spelt = words(text);
    let renamed: HashMap<&str, String> = clashing
        .iter()
        .map(|&name| {
            let fresh = (1..)
                .map(|k| format!("{name}_{k}"))
                .find(|f| !spelt.contains(f) && !taken.contains(f))
                .unwrap_or_else(|| format!("{name}_"));
            (name, fresh)
        })
        .collect();
    own.retain(|n| renamed.contains_key(&text[n.byte_range()]));
    own.sort_by_key(|n| n.start_byte());
    let mut out = String::with_capacity(text.len() + 8 * own.len());
    let mut at = 0;
    for n in own {
        out.push_str(&text[at..n.start_byte()]);
        let name = &text[n.byte_range()];
        // A shorthand field (`S { v }`, built or matched) keeps its field.
        let shorthand = n.kind() == "shorthand_field_identifier"
            || n.parent()
                .is_some_and(|p| p.kind() == "shorthand_field_initializer");
        if shorthand {
            out.push_str(name);
            out.push_str(": ");
        }
        out.push_str(&renamed[name]);
        at = n.end_byte();
    }
    out.push_str(&text[at..]);
    Some(out)
}
