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

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use tree_sitter::{Node, Tree};

use crate::lang::Lang;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TokKind {
    Ident,
    Lifetime,
    Literal,
    Punct,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Token {
    kind: TokKind,
    text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Delim {
    Paren,
    Bracket,
    Brace,
}

impl Delim {
    fn open(self) -> &'static str {
        match self {
            Delim::Paren => "(",
            Delim::Bracket => "[",
            Delim::Brace => "{",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Delim::Paren => ")",
            Delim::Bracket => "]",
            Delim::Brace => "}",
        }
    }
}

/// A token tree: one token, or a delimited group of them.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tt {
    Token(Token),
    Group(Delim, Vec<Tt>),
}

impl Tt {
    fn is_punct(&self, p: &str) -> bool {
        matches!(self, Tt::Token(t) if t.kind == TokKind::Punct && t.text == p)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self, Tt::Token(t) if t.kind == TokKind::Ident && t.text == w)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RepOp {
    /// `*`
    Any,
    /// `+`
    Some,
    /// `?`
    Maybe,
}

/// A fragment specifier (`expr` of `$e:expr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frag {
    Ident,
    Lifetime,
    Literal,
    Tt,
    Block,
    Vis,
    Expr,
    Stmt,
    Ty,
    Path,
    Pat,
    PatParam,
    Meta,
    Item,
}

impl Frag {
    fn read(s: &str) -> Option<Frag> {
        Some(match s {
            "ident" => Frag::Ident,
            "lifetime" => Frag::Lifetime,
            "literal" => Frag::Literal,
            "tt" => Frag::Tt,
            "block" => Frag::Block,
            "vis" => Frag::Vis,
            "expr" | "expr_2021" => Frag::Expr,
            "stmt" => Frag::Stmt,
            "ty" => Frag::Ty,
            "path" => Frag::Path,
            "pat" => Frag::Pat,
            "pat_param" => Frag::PatParam,
            "meta" => Frag::Meta,
            "item" => Frag::Item,
            _ => return None,
        })
    }

    /// The tokens that end the fragment where they stand at its own level
    /// (Rust's follow sets, which a matcher must keep to).
    fn stops_at(self, t: &Tt) -> bool {
        let any = |ps: &[&str]| ps.iter().any(|p| t.is_punct(p));
        match self {
            Frag::Expr | Frag::Stmt | Frag::Meta => any(&[",", ";", "=>"]),
            Frag::Pat => any(&[",", "=>", "="]) || t.is_word("if") || t.is_word("in"),
            Frag::PatParam => any(&[",", "=>", "=", "|"]) || t.is_word("if") || t.is_word("in"),
            Frag::Ty | Frag::Path => {
                any(&[",", ";", "=>", "=", "|", ":", ">"])
                    || matches!(t, Tt::Group(Delim::Brace | Delim::Bracket, _))
                    || t.is_word("as")
                    || t.is_word("where")
            }
            _ => false,
        }
    }
}

/// One element of a rule's matcher.
#[derive(Clone, Debug)]
enum Matcher {
    Token(Token),
    Group(Delim, Vec<Matcher>),
    Frag(String, Frag),
    Rep(Vec<Matcher>, Option<Token>, RepOp),
}

/// One element of a rule's transcriber.
#[derive(Clone, Debug)]
enum Piece {
    Token(Token),
    Group(Delim, Vec<Piece>),
    Var(String),
    Rep(Vec<Piece>, Option<Token>),
}

#[derive(Clone, Debug)]
struct Rule {
    matcher: Vec<Matcher>,
    body: Vec<Piece>,
}

/// A `macro_rules!` definition, read.
#[derive(Clone, Debug)]
pub(crate) struct MacroDef {
    pub(crate) name: String,
    rules: Vec<Rule>,
}

/// What a variable of a matcher took: a fragment (its tokens and kind), or
/// one per round of the repetition it stands in.
#[derive(Clone, Debug)]
enum Binding {
    One(Vec<Tt>, Frag),
    Rounds(Vec<Binding>),
}

type Bindings = HashMap<String, Binding>;

/// An invocation's expansion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Expansion {
    /// The expansion as one line of Rust, with the byte ranges of the
    /// identifiers that came from the invocation's arguments (the rest is
    /// the macro's own text).
    Text {
        text: String,
        from_arguments: Vec<Range<usize>>,
    },
    /// Why the invocation is not expanded.
    Declined(String),
}

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

/// The snippet of `name!(args)`'s expansion: `fn __m(){` and the rows
/// before the invocation's, then the expansion as one block.
/// Where an invocation stands: its source (0 the unit, `k + 1` snippet
/// `k`), start byte and row there, and how many expansions it is nested in.
struct Site {
    source: usize,
    start: usize,
    row: usize,
    depth: usize,
}

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
            let tt = crate::engine::rules::children(n)
                .into_iter()
                .find(|c| c.kind() == "token_tree");
            if let Some(tt) = tt {
                let inner = &src
                    [tt.start_byte() + 1..tt.end_byte().saturating_sub(1).max(tt.start_byte() + 1)];
                let row = tt.start_position().row;
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

/// The block an expansion's snippet holds.
pub(super) fn expansion_block(root: Node) -> Option<Node> {
    let f = crate::engine::rules::named_children(root)
        .into_iter()
        .find(|c| c.kind() == "function_item")?;
    let body = f.child_by_field_name("body")?;
    let stmt = crate::engine::rules::named_children(body)
        .into_iter()
        .next()?;
    let block = if stmt.kind() == "expression_statement" {
        crate::engine::rules::named_children(stmt)
            .into_iter()
            .next()?
    } else {
        stmt
    };
    (block.kind() == "block").then_some(block)
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
            let Some(tt) = crate::engine::rules::named_children(n)
                .into_iter()
                .find(|c| c.kind() == "token_tree")
            else {
                return Err((row, format!("`{name}!`")));
            };
            let args = &text
                [tt.start_byte() + 1..tt.end_byte().saturating_sub(1).max(tt.start_byte() + 1)];
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

// -- Reading tokens ---------------------------------------------------------

/// The tokens of Rust source text, comments left out.
fn lex(src: &str) -> Result<Vec<Token>, String> {
    const PUNCTS: [&str; 26] = [
        ">>=", "<<=", "...", "..=", "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=",
        "-=", "*=", "/=", "%=", "^=", "&=", "|=", "<<", ">>", "..", "##", "#!",
    ];
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let ident_start = |c: u8| c.is_ascii_alphabetic() || c == b'_' || c >= 0x80;
    let ident_char = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if src[i..].starts_with("//") {
            i = src[i..].find('\n').map_or(b.len(), |k| i + k);
            continue;
        }
        if src[i..].starts_with("/*") {
            let mut depth = 0usize;
            while i < b.len() {
                if src[i..].starts_with("/*") {
                    depth += 1;
                    i += 2;
                } else if src[i..].starts_with("*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            if depth != 0 {
                return Err("a comment that does not end".into());
            }
            continue;
        }
        // Raw strings and byte strings: r"..", r#".."#, b"..", br"..", c"..".
        let prefix = ["br", "rb", "cr", "r", "b", "c"]
            .into_iter()
            .find(|p| src[i..].starts_with(p) && matches!(b.get(i + p.len()), Some(b'"' | b'#')));
        if let Some(p) = prefix {
            let raw = p.contains('r');
            let mut j = i + p.len();
            let mut hashes = 0;
            while raw && b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) == Some(&b'"') && (raw || hashes == 0) {
                let end = if raw {
                    let close = format!("\"{}", "#".repeat(hashes));
                    src[j + 1..].find(&close).map(|k| j + 1 + k + close.len())
                } else {
                    string_end(b, j)
                };
                let Some(end) = end else {
                    return Err("a string that does not end".into());
                };
                out.push(Token {
                    kind: TokKind::Literal,
                    text: src[start..end].to_string(),
                });
                i = end;
                continue;
            }
        }
        if c == b'b' && b.get(i + 1) == Some(&b'\'') {
            let Some(end) = char_end(b, i + 1) else {
                return Err("a byte literal that does not end".into());
            };
            out.push(Token {
                kind: TokKind::Literal,
                text: src[start..end].to_string(),
            });
            i = end;
            continue;
        }
        if src[i..].starts_with("r#") && b.get(i + 2).is_some_and(|&c| ident_start(c)) {
            i += 2;
            while i < b.len() && ident_char(b[i]) {
                i += 1;
            }
            out.push(Token {
                kind: TokKind::Ident,
                text: src[start..i].to_string(),
            });
            continue;
        }
        if ident_start(c) {
            while i < b.len() && ident_char(b[i]) {
                i += 1;
            }
            // Not splitting a character in two: bytes >= 0x80 all count.
            out.push(Token {
                kind: TokKind::Ident,
                text: src[start..i].to_string(),
            });
            continue;
        }
        if c == b'"' {
            let Some(end) = string_end(b, i) else {
                return Err("a string that does not end".into());
            };
            out.push(Token {
                kind: TokKind::Literal,
                text: src[start..end].to_string(),
            });
            i = end;
            continue;
        }
        if c == b'\'' {
            // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
            if let Some(end) = char_end(b, i) {
                out.push(Token {
                    kind: TokKind::Literal,
                    text: src[start..end].to_string(),
                });
                i = end;
                continue;
            }
            i += 1;
            while i < b.len() && ident_char(b[i]) {
                i += 1;
            }
            if i == start + 1 {
                return Err("a stray `'`".into());
            }
            out.push(Token {
                kind: TokKind::Lifetime,
                text: src[start..i].to_string(),
            });
            continue;
        }
        if c.is_ascii_digit() {
            while i < b.len() && ident_char(b[i]) {
                // An exponent's sign: `1e-3`.
                if matches!(b[i], b'e' | b'E')
                    && !src[start..].starts_with("0x")
                    && matches!(b.get(i + 1), Some(b'+' | b'-'))
                {
                    i += 1;
                }
                i += 1;
            }
            // A fraction: `1.5`, not `1..2` nor `1.max(2)` nor `t.0.1`'s `0.1`
            // (which rustc reads as one token too).
            if b.get(i) == Some(&b'.')
                && b.get(i + 1).is_some_and(|c| c.is_ascii_digit())
                && !src[start..i].starts_with("0x")
            {
                i += 1;
                while i < b.len() && ident_char(b[i]) {
                    if matches!(b[i], b'e' | b'E') && matches!(b.get(i + 1), Some(b'+' | b'-')) {
                        i += 1;
                    }
                    i += 1;
                }
            } else if b.get(i) == Some(&b'.')
                && !matches!(b.get(i + 1), Some(b'.'))
                && !b.get(i + 1).is_some_and(|&c| ident_start(c))
            {
                // `1.` is a float.
                i += 1;
            }
            out.push(Token {
                kind: TokKind::Literal,
                text: src[start..i].to_string(),
            });
            continue;
        }
        let p = PUNCTS
            .iter()
            .find(|p| src[i..].starts_with(**p))
            .map_or_else(|| &src[i..i + 1], |p| &src[i..i + p.len()]);
        if !p.is_ascii() {
            return Err(format!("a character Rust has no token for at byte {i}"));
        }
        out.push(Token {
            kind: TokKind::Punct,
            text: p.to_string(),
        });
        i += p.len();
    }
    Ok(out)
}

/// The end (past the closing quote) of the string starting at `open`.
fn string_end(b: &[u8], open: usize) -> Option<usize> {
    let mut j = open + 1;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// The end of the char literal at `open` (its `'`), if it is one rather
/// than a lifetime.
fn char_end(b: &[u8], open: usize) -> Option<usize> {
    let mut j = open + 1;
    match b.get(j)? {
        b'\\' => {
            j += 1;
            if b.get(j) == Some(&b'u') {
                while j < b.len() && b[j] != b'}' {
                    j += 1;
                }
            }
            j += 1;
        }
        b'\'' => return None,
        c => {
            // One character, however many bytes it takes.
            let len = match c {
                0..=0x7f => 1,
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            j += len;
        }
    }
    (b.get(j) == Some(&b'\'')).then_some(j + 1)
}

/// Tokens into trees.
fn trees(tokens: Vec<Token>) -> Result<Vec<Tt>, String> {
    let mut stack: Vec<(Delim, Vec<Tt>)> = Vec::new();
    let mut top: Vec<Tt> = Vec::new();
    for t in tokens {
        let open = match t.text.as_str() {
            "(" if t.kind == TokKind::Punct => Some(Delim::Paren),
            "[" if t.kind == TokKind::Punct => Some(Delim::Bracket),
            "{" if t.kind == TokKind::Punct => Some(Delim::Brace),
            _ => None,
        };
        if let Some(d) = open {
            stack.push((d, std::mem::take(&mut top)));
            continue;
        }
        let close = match t.text.as_str() {
            ")" if t.kind == TokKind::Punct => Some(Delim::Paren),
            "]" if t.kind == TokKind::Punct => Some(Delim::Bracket),
            "}" if t.kind == TokKind::Punct => Some(Delim::Brace),
            _ => None,
        };
        if let Some(d) = close {
            let Some((open, outer)) = stack.pop() else {
                return Err(format!("an unmatched `{}`", d.close()));
            };
            if open != d {
                return Err(format!("`{}` closed by `{}`", open.open(), d.close()));
            }
            let inner = std::mem::replace(&mut top, outer);
            top.push(Tt::Group(d, inner));
            continue;
        }
        top.push(Tt::Token(t));
    }
    if let Some((d, _)) = stack.last() {
        return Err(format!("an unclosed `{}`", d.open()));
    }
    Ok(top)
}

fn parse_tts(src: &str) -> Result<Vec<Tt>, String> {
    trees(lex(src)?)
}

// -- Reading a definition ---------------------------------------------------

impl MacroDef {
    /// Reads `macro_rules! name { (matcher) => { body }; ... }`.
    pub(crate) fn read(src: &str) -> Result<MacroDef, String> {
        let tts = parse_tts(src)?;
        // Its attributes (`#[macro_export]`) change where it may be used,
        // not what it expands to.
        let mut start = 0;
        while tts.get(start).is_some_and(|t| t.is_punct("#"))
            && matches!(tts.get(start + 1), Some(Tt::Group(Delim::Bracket, _)))
        {
            start += 2;
        }
        let (name, rules) = match &tts[start..] {
            [Tt::Token(m), Tt::Token(bang), Tt::Token(name), Tt::Group(_, rules), rest @ ..]
                if m.text == "macro_rules"
                    && bang.text == "!"
                    && name.kind == TokKind::Ident
                    && rest.iter().all(|t| t.is_punct(";")) =>
            {
                (name.text.clone(), rules)
            }
            _ => return Err("a `macro_rules!` definition of another shape".into()),
        };
        let mut out = Vec::new();
        let mut k = 0;
        while k < rules.len() {
            let (Some(Tt::Group(_, m)), Some(arrow), Some(Tt::Group(_, body))) =
                (rules.get(k), rules.get(k + 1), rules.get(k + 2))
            else {
                return Err(format!(
                    "rule {} of `{name}!` is not `(..) => {{..}}`",
                    out.len() + 1
                ));
            };
            if !arrow.is_punct("=>") {
                return Err(format!("rule {} of `{name}!` has no `=>`", out.len() + 1));
            }
            out.push(Rule {
                matcher: matcher(m)?,
                body: pieces(body)?,
            });
            k += 3;
            if rules.get(k).is_some_and(|t| t.is_punct(";")) {
                k += 1;
            }
        }
        if out.is_empty() {
            return Err(format!("`{name}!` has no rules"));
        }
        Ok(MacroDef { name, rules: out })
    }
}

/// A repetition's separator and operator, after its group: `),*`, `)*`,
/// `);+`. Returns them and how many trees they took.
fn rep_tail(rest: &[Tt]) -> Result<(Option<Token>, RepOp, usize), String> {
    let op = |t: &Tt| match t {
        t if t.is_punct("*") => Some(RepOp::Any),
        t if t.is_punct("+") => Some(RepOp::Some),
        t if t.is_punct("?") => Some(RepOp::Maybe),
        _ => None,
    };
    match rest {
        [first, ..] if op(first).is_some() => Ok((None, op(first).unwrap_or(RepOp::Any), 1)),
        [Tt::Token(sep), second, ..]
            if op(second).is_some() && op(second) != Some(RepOp::Maybe) =>
        {
            Ok((Some(sep.clone()), op(second).unwrap_or(RepOp::Any), 2))
        }
        _ => Err("a repetition without `*`, `+` or `?`".into()),
    }
}

fn matcher(tts: &[Tt]) -> Result<Vec<Matcher>, String> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < tts.len() {
        match &tts[k] {
            t if t.is_punct("$") => match (tts.get(k + 1), tts.get(k + 2), tts.get(k + 3)) {
                (Some(Tt::Token(name)), Some(colon), Some(Tt::Token(frag)))
                    if name.kind == TokKind::Ident && colon.is_punct(":") =>
                {
                    let f = Frag::read(&frag.text)
                        .ok_or_else(|| format!("fragment `{}`", frag.text))?;
                    out.push(Matcher::Frag(name.text.clone(), f));
                    k += 4;
                }
                (Some(Tt::Group(Delim::Paren, inner)), _, _) => {
                    let (sep, op, took) = rep_tail(&tts[k + 2..])?;
                    out.push(Matcher::Rep(matcher(inner)?, sep, op));
                    k += 2 + took;
                }
                _ => return Err("a `$` in a matcher that is not `$x:frag` or `$(..)`".into()),
            },
            Tt::Token(t) => {
                out.push(Matcher::Token(t.clone()));
                k += 1;
            }
            Tt::Group(d, inner) => {
                out.push(Matcher::Group(*d, matcher(inner)?));
                k += 1;
            }
        }
    }
    Ok(out)
}

fn pieces(tts: &[Tt]) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < tts.len() {
        match &tts[k] {
            t if t.is_punct("$") => match tts.get(k + 1) {
                Some(Tt::Token(name)) if name.text == "crate" => {
                    out.push(Piece::Token(name.clone()));
                    k += 2;
                }
                Some(Tt::Token(name)) if name.kind == TokKind::Ident => {
                    out.push(Piece::Var(name.text.clone()));
                    k += 2;
                }
                Some(Tt::Group(Delim::Paren, inner)) => {
                    let (sep, _, took) = rep_tail(&tts[k + 2..])?;
                    out.push(Piece::Rep(pieces(inner)?, sep));
                    k += 2 + took;
                }
                _ => return Err("a `$` in a macro's body that is not `$x` or `$(..)`".into()),
            },
            Tt::Token(t) => {
                out.push(Piece::Token(t.clone()));
                k += 1;
            }
            Tt::Group(d, inner) => {
                out.push(Piece::Group(*d, pieces(inner)?));
                k += 1;
            }
        }
    }
    Ok(out)
}

// -- Matching ---------------------------------------------------------------

/// Matches `pats` against `tts` from `at`: the end it reached and what the
/// variables took, or `None`. With `whole`, only a match taking every
/// tree counts.
fn match_seq(pats: &[Matcher], tts: &[Tt], at: usize, whole: bool) -> Option<(usize, Bindings)> {
    let Some((first, rest)) = pats.split_first() else {
        return (!whole || at == tts.len()).then(|| (at, Bindings::new()));
    };
    match first {
        Matcher::Token(t) => match tts.get(at) {
            Some(Tt::Token(got)) if got.text == t.text => match_seq(rest, tts, at + 1, whole),
            _ => None,
        },
        Matcher::Group(d, inner) => match tts.get(at) {
            Some(Tt::Group(gd, got)) if gd == d => {
                let (_, mut binds) = match_seq(inner, got, 0, true)?;
                let (end, more) = match_seq(rest, tts, at + 1, whole)?;
                binds.extend(more);
                Some((end, binds))
            }
            _ => None,
        },
        Matcher::Frag(name, frag) => {
            let end = fragment_end(*frag, tts, at)?;
            let (end2, mut binds) = match_seq(rest, tts, end, whole)?;
            binds.insert(name.clone(), Binding::One(tts[at..end].to_vec(), *frag));
            Some((end2, binds))
        }
        Matcher::Rep(inner, sep, op) => {
            // As many rounds as match, then fewer while the rest fails.
            let mut rounds: Vec<(usize, Bindings)> = Vec::new();
            let mut pos = at;
            loop {
                if *op == RepOp::Maybe && !rounds.is_empty() {
                    break;
                }
                let mut p = pos;
                if let (Some(sep), false) = (sep, rounds.is_empty()) {
                    match tts.get(p) {
                        Some(Tt::Token(t)) if t.text == sep.text => p += 1,
                        _ => break,
                    }
                }
                match match_seq(inner, tts, p, false) {
                    // A round that takes nothing would repeat forever.
                    Some((end, b)) if end > p => {
                        rounds.push((end, b));
                        pos = end;
                    }
                    _ => break,
                }
            }
            let least = usize::from(*op == RepOp::Some);
            for n in (least..=rounds.len()).rev() {
                let end = if n == 0 { at } else { rounds[n - 1].0 };
                if let Some((end2, mut binds)) = match_seq(rest, tts, end, whole) {
                    for v in matcher_vars(inner) {
                        let got = rounds[..n]
                            .iter()
                            .map(|(_, b)| b.get(&v).cloned().unwrap_or(Binding::Rounds(Vec::new())))
                            .collect();
                        binds.insert(v, Binding::Rounds(got));
                    }
                    return Some((end2, binds));
                }
            }
            None
        }
    }
}

fn matcher_vars(pats: &[Matcher]) -> Vec<String> {
    let mut out = Vec::new();
    for p in pats {
        match p {
            Matcher::Frag(n, _) => out.push(n.clone()),
            Matcher::Group(_, inner) | Matcher::Rep(inner, _, _) => out.extend(matcher_vars(inner)),
            Matcher::Token(_) => {}
        }
    }
    out
}

/// Where a fragment of kind `frag` starting at `at` ends, if one starts
/// there.
fn fragment_end(frag: Frag, tts: &[Tt], at: usize) -> Option<usize> {
    let first = tts.get(at);
    match frag {
        Frag::Tt => first.map(|_| at + 1),
        Frag::Ident => match first? {
            Tt::Token(t) if t.kind == TokKind::Ident && t.text != "_" => Some(at + 1),
            _ => None,
        },
        Frag::Lifetime => match first? {
            Tt::Token(t) if t.kind == TokKind::Lifetime => Some(at + 1),
            _ => None,
        },
        Frag::Literal => {
            let k = if first?.is_punct("-") { at + 1 } else { at };
            match tts.get(k)? {
                Tt::Token(t) if t.kind == TokKind::Literal => Some(k + 1),
                t if t.is_word("true") || t.is_word("false") => Some(k + 1),
                _ => None,
            }
        }
        Frag::Block => matches!(first?, Tt::Group(Delim::Brace, _)).then_some(at + 1),
        Frag::Vis => {
            if !first.is_some_and(|t| t.is_word("pub")) {
                return Some(at);
            }
            match tts.get(at + 1) {
                Some(Tt::Group(Delim::Paren, _)) => Some(at + 2),
                _ => Some(at + 1),
            }
        }
        Frag::Item => (at < tts.len()).then_some(tts.len()),
        _ => {
            // Up to the first token at this level that may follow it (past
            // the first, which starts it: a type may be `[u8; 4]`); in a
            // type or path, `<..>` nests (`HashMap<K, V>`), and a name
            // after a name starts the next (`usize u8` are two types).
            let typed = matches!(frag, Frag::Ty | Frag::Path);
            let mut angle = 0usize;
            let mut k = at;
            while let Some(t) = tts.get(k) {
                if typed {
                    if t.is_punct("<") {
                        angle += 1;
                    } else if angle > 0 && (t.is_punct(">") || t.is_punct(">>")) {
                        angle = angle.saturating_sub(if t.is_punct(">>") { 2 } else { 1 });
                        k += 1;
                        continue;
                    }
                    let after_name = k > at
                        && matches!(&tts[k - 1], Tt::Token(p) if p.kind == TokKind::Ident
                            && !matches!(p.text.as_str(), "dyn" | "impl" | "mut" | "const" | "unsafe" | "extern" | "fn" | "for"));
                    if angle == 0
                        && after_name
                        && matches!(t, Tt::Token(n) if n.kind == TokKind::Ident)
                    {
                        break;
                    }
                }
                if angle == 0 && k > at && frag.stops_at(t) {
                    break;
                }
                k += 1;
            }
            (k > at).then_some(k)
        }
    }
}

// -- Writing the expansion --------------------------------------------------

/// A token of the expansion: its text, and whether it came from the
/// invocation's arguments.
struct Out {
    text: String,
    from_arguments: bool,
    ident: bool,
}

impl MacroDef {
    /// Expands an invocation whose token tree holds `args` (the text
    /// between its delimiters).
    pub(crate) fn expand(&self, args: &str) -> Expansion {
        let tts = match parse_tts(args) {
            Ok(t) => t,
            Err(e) => return Expansion::Declined(format!("`{}!` arguments: {e}", self.name)),
        };
        let Some((rule, binds)) = self
            .rules
            .iter()
            .find_map(|r| match_seq(&r.matcher, &tts, 0, true).map(|(_, b)| (r, b)))
        else {
            return Expansion::Declined(format!(
                "`{}!` with arguments no rule of it matches",
                self.name
            ));
        };
        let mut out = Vec::new();
        if let Err(e) = transcribe(&rule.body, &binds, &[], &mut out) {
            return Expansion::Declined(format!("`{}!`: {e}", self.name));
        }
        if out.len() > MAX_TOKENS {
            return Expansion::Declined(format!(
                "`{}!` expanding to more than {MAX_TOKENS} tokens",
                self.name
            ));
        }
        let mut text = String::new();
        let mut from_arguments = Vec::new();
        for (k, t) in out.iter().enumerate() {
            if k > 0 && spaced(&out[k - 1], t, out.get(k + 1)) {
                text.push(' ');
            }
            if t.from_arguments && t.ident {
                from_arguments.push(text.len()..text.len() + t.text.len());
            }
            text.push_str(&t.text);
        }
        Expansion::Text {
            text,
            from_arguments,
        }
    }
}

fn transcribe(
    body: &[Piece],
    binds: &Bindings,
    at: &[usize],
    out: &mut Vec<Out>,
) -> Result<(), String> {
    for p in body {
        if out.len() > MAX_TOKENS {
            return Ok(());
        }
        match p {
            Piece::Token(t) => out.push(Out {
                text: t.text.clone(),
                from_arguments: false,
                ident: t.kind == TokKind::Ident,
            }),
            Piece::Group(d, inner) => {
                out.push(punct(d.open()));
                transcribe(inner, binds, at, out)?;
                out.push(punct(d.close()));
            }
            Piece::Var(name) => {
                let Some(mut b) = binds.get(name) else {
                    // Not a variable of the matcher: `$x` stays as written
                    // (rustc would reject it; nothing to expand).
                    return Err(format!("`${name}`, no variable of the matcher"));
                };
                for &i in at {
                    if let Binding::Rounds(rounds) = b {
                        b = rounds.get(i).ok_or("a repetition shorter than its use")?;
                    }
                }
                let Binding::One(tts, frag) = b else {
                    return Err(format!(
                        "`${name}` used outside the repetition it repeats in"
                    ));
                };
                let parens = *frag == Frag::Expr && !is_one_operand(tts);
                if parens {
                    out.push(punct("("));
                }
                write_tts(tts, out);
                if parens {
                    out.push(punct(")"));
                }
            }
            Piece::Rep(inner, sep) => {
                let mut rounds: Option<usize> = None;
                for v in piece_vars(inner) {
                    let Some(mut b) = binds.get(&v) else {
                        continue;
                    };
                    for &i in at {
                        if let Binding::Rounds(r) = b {
                            b = r.get(i).ok_or("a repetition shorter than its use")?;
                        }
                    }
                    if let Binding::Rounds(r) = b {
                        match rounds {
                            Some(n) if n != r.len() => return Err(
                                "variables repeating a different number of times in one repetition"
                                    .into(),
                            ),
                            _ => rounds = Some(r.len()),
                        }
                    }
                }
                let Some(n) = rounds else {
                    return Err("a repetition that repeats no variable".into());
                };
                for i in 0..n {
                    if i > 0 {
                        if let Some(sep) = sep {
                            out.push(Out {
                                text: sep.text.clone(),
                                from_arguments: false,
                                ident: sep.kind == TokKind::Ident,
                            });
                        }
                    }
                    let mut deeper = at.to_vec();
                    deeper.push(i);
                    transcribe(inner, binds, &deeper, out)?;
                }
            }
        }
    }
    Ok(())
}

/// Whether the expansion writes a space between `prev` and `next`: as
/// rustfmt would (`usize::MIN`, `f(a, b)`, `x.len()`, `name!(..)`), so
/// that the text reads as written Rust does (the frontend reads some
/// paths by their text), and always between two words, which would join.
fn spaced(prev: &Out, next: &Out, after: Option<&Out>) -> bool {
    let word = |t: &Out| {
        t.text
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '\'' || c == '"')
    };
    if word(prev) && word(next) {
        return true;
    }
    // Not after `&`: `a & &b` would read `a && b`.
    if matches!(prev.text.as_str(), "::" | "." | "(" | "[" | "#") {
        return false;
    }
    match next.text.as_str() {
        "::" | "." | "," | ";" | ")" | "]" | "?" | ":" => false,
        "(" | "[" => !(word(prev) || matches!(prev.text.as_str(), ")" | "]" | ">" | "!")),
        "!" => !(word(prev) && after.is_some_and(|a| matches!(a.text.as_str(), "(" | "[" | "{"))),
        _ => true,
    }
}

/// An expression fragment that needs no parentheses to stay one operand:
/// a single token (a name, a literal) or a delimited group.
fn is_one_operand(tts: &[Tt]) -> bool {
    matches!(
        tts,
        [Tt::Token(_)] | [Tt::Group(Delim::Paren | Delim::Bracket, _)]
    )
}

fn punct(p: &str) -> Out {
    Out {
        text: p.to_string(),
        from_arguments: false,
        ident: false,
    }
}

fn write_tts(tts: &[Tt], out: &mut Vec<Out>) {
    for t in tts {
        match t {
            Tt::Token(t) => out.push(Out {
                text: t.text.clone(),
                from_arguments: true,
                ident: t.kind == TokKind::Ident,
            }),
            Tt::Group(d, inner) => {
                out.push(punct(d.open()));
                write_tts(inner, out);
                out.push(punct(d.close()));
            }
        }
    }
}

fn piece_vars(pieces: &[Piece]) -> Vec<String> {
    let mut out = Vec::new();
    for p in pieces {
        match p {
            Piece::Var(n) => out.push(n.clone()),
            Piece::Group(_, inner) | Piece::Rep(inner, _) => out.extend(piece_vars(inner)),
            Piece::Token(_) => {}
        }
    }
    out
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
                if m.kind() == "identifier"
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
        if n.kind() == "identifier" && !is_argument(n) {
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
        out.push_str(&renamed[&text[n.byte_range()]]);
        at = n.end_byte();
    }
    out.push_str(&text[at..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(def: &str, args: &str) -> String {
        let m = MacroDef::read(def).unwrap_or_else(|e| panic!("{e}: {def}"));
        match m.expand(args) {
            Expansion::Text { text, .. } => text,
            Expansion::Declined(why) => format!("declined: {why}"),
        }
    }

    #[test]
    fn tokens_of_every_kind_are_read() {
        let toks = lex("r#\"a\"b\"# b'x' '\\n' 'a x::<u8>() 1.5e-3 1..2 t.0 >>= // c\n /* d /* e */ */ \"s\\\"\"").unwrap();
        let texts: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "r#\"a\"b\"#",
                "b'x'",
                "'\\n'",
                "'a",
                "x",
                "::",
                "<",
                "u8",
                ">",
                "(",
                ")",
                "1.5e-3",
                "1",
                "..",
                "2",
                "t",
                ".",
                "0",
                ">>=",
                "\"s\\\"\""
            ]
        );
        assert_eq!(toks[3].kind, TokKind::Lifetime);
    }

    #[test]
    fn the_first_matching_rule_is_expanded_and_expressions_keep_their_precedence() {
        let def = "macro_rules! double { () => { 0 }; ($a:expr) => { $a * 2 }; }";
        assert_eq!(expand(def, ""), "0");
        assert_eq!(expand(def, "1 + 1"), "(1 + 1) * 2");
        assert_eq!(expand(def, "x"), "x * 2");
    }

    #[test]
    fn repetitions_expand_round_by_round() {
        let def = "macro_rules! sum { ($($x:expr),* $(,)?) => { 0 $(+ $x)* }; }";
        assert_eq!(expand(def, "1, a.len(), 3,"), "0 + 1 + (a.len()) + 3");
        let nested = "macro_rules! pairs { ($($k:ident => [$($v:literal)*]);*) => { $( $(f($k, $v);)* )* }; }";
        assert_eq!(
            expand(nested, "a => [1 2]; b => [3]"),
            "f(a, 1); f(a, 2); f(b, 3);"
        );
    }

    #[test]
    fn types_take_their_angle_brackets_and_patterns_stop_at_their_follow_set() {
        let def = "macro_rules! m { ($t:ty, $p:pat => $e:expr) => { let v: $t = match $e { $p => 1, _ => 0 }; }; }";
        let types = "macro_rules! m { ($($t:ty)+; $u:ty) => { $(f::<$t>();)+ g::<$u>(); }; }";
        assert_eq!(
            expand(types, "usize u8; [u8; 4]"),
            "f::< usize >(); f::< u8 >(); g::< [u8; 4] >();"
        );
        assert_eq!(
            expand(def, "HashMap<u8, Vec<u8>>, Some(_) => x"),
            "let v: HashMap < u8, Vec < u8 >> = match x { Some(_) => 1, _ => 0 };"
        );
    }

    #[test]
    fn what_cannot_be_expanded_says_why() {
        let def = "macro_rules! m { ($a:ident) => { $a }; }";
        assert!(expand(def, "1 + 2").contains("no rule of it matches"));
        let unequal = "macro_rules! z { ($($a:ident)*; $($b:ident)*) => { $(($a, $b))* }; }";
        assert!(expand(unequal, "x y; z").contains("different number of times"));
        assert!(MacroDef::read("macro_rules! m { ($a) => {}; }").is_err());
    }

    #[test]
    fn expansion_is_bounded() {
        let def = "macro_rules! many { ($($a:tt)*) => { $($a $a $a $a $a $a $a $a $a $a)* }; }";
        let args = "x ".repeat(5_000);
        assert!(expand(def, &args).contains("more than"));
    }
}
