//! Splitting a source file into units (functions, classes, impls, ...) and the
//! glue between them, so that every byte of the file is in exactly one segment.
//!
//! What a unit is comes from the queries in `grammars/<lang>/`; this module
//! only knows the capture names they share (see `grammars/python/units.scm`).

use std::collections::HashSet;
use std::ops::Range;

use serde::{Deserialize, Serialize};
use tree_sitter::{Node, Parser, QueryCursor, StreamingIterator, Tree};

use crate::lang::Lang;

/// What a segment holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    /// Code between units: imports, constants, top-level statements, blank
    /// lines, and inside a split class its header and closing lines.
    Glue,
    Function,
    Class,
    Struct,
    Enum,
    Trait,
    Impl,
    Module,
    Macro,
    /// A method of a split class, impl or trait.
    Method,
    /// A field or static block of a split JavaScript class.
    Field,
}

/// Kinds that may stand in for each other across languages: a Python class
/// may become a Rust struct, but a function must stay a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Glue,
    Callable,
    Type,
    Module,
    Macro,
    Field,
}

impl SegmentKind {
    fn from_capture(name: &str) -> Option<SegmentKind> {
        let kind = name
            .strip_prefix("unit.")
            .or_else(|| name.strip_prefix("member."))?;
        Some(match kind {
            "function" => SegmentKind::Function,
            "class" => SegmentKind::Class,
            "struct" => SegmentKind::Struct,
            "enum" => SegmentKind::Enum,
            "trait" => SegmentKind::Trait,
            "impl" => SegmentKind::Impl,
            "module" => SegmentKind::Module,
            "macro" => SegmentKind::Macro,
            "method" => SegmentKind::Method,
            "field" => SegmentKind::Field,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            SegmentKind::Glue => "glue",
            SegmentKind::Function => "function",
            SegmentKind::Class => "class",
            SegmentKind::Struct => "struct",
            SegmentKind::Enum => "enum",
            SegmentKind::Trait => "trait",
            SegmentKind::Impl => "impl",
            SegmentKind::Module => "module",
            SegmentKind::Macro => "macro",
            SegmentKind::Method => "method",
            SegmentKind::Field => "field",
        }
    }

    pub fn is_unit(self) -> bool {
        self != SegmentKind::Glue
    }

    pub fn family(self) -> Family {
        match self {
            SegmentKind::Glue => Family::Glue,
            SegmentKind::Function | SegmentKind::Method => Family::Callable,
            SegmentKind::Class
            | SegmentKind::Struct
            | SegmentKind::Enum
            | SegmentKind::Trait
            | SegmentKind::Impl => Family::Type,
            SegmentKind::Module => Family::Module,
            SegmentKind::Macro => Family::Macro,
            SegmentKind::Field => Family::Field,
        }
    }
}

impl std::fmt::Display for SegmentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A place in a file, 1-based, the column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A contiguous piece of a file: a unit or glue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub kind: SegmentKind,
    /// The unit's name (`Trait for Type` for a Rust trait impl); none for glue.
    pub name: Option<String>,
    /// Byte range in the file.
    pub bytes: Range<usize>,
    /// First and last line, 1-based, inclusive.
    pub lines: (usize, usize),
    /// The first syntax error (ERROR or MISSING node) inside the segment.
    pub error: Option<Position>,
    /// The parts of a class split because it is too large for one request:
    /// glue (header, closing lines) and members, covering `bytes` exactly.
    /// Empty when the unit is whole.
    pub members: Vec<Segment>,
}

impl Segment {
    pub fn text<'a>(&self, file: &'a str) -> &'a str {
        &file[self.bytes.clone()]
    }
}

/// A file split into segments.
#[derive(Clone, Debug)]
pub struct SplitFile {
    pub lang: Lang,
    /// Segments in file order; their bytes concatenated give the whole file.
    pub segments: Vec<Segment>,
    /// Byte ranges of the file's import statements, in order.
    pub imports: Vec<Range<usize>>,
    /// The first syntax error in the file.
    pub first_error: Option<Position>,
}

impl SplitFile {
    /// The file's import statements, one per line, as context for engines.
    pub fn imports_text(&self, text: &str) -> String {
        let mut out = String::new();
        for range in &self.imports {
            out.push_str(text[range.clone()].trim_end());
            out.push('\n');
        }
        out
    }

    /// Every unit, with a split class's members in place of the class.
    pub fn units(&self) -> impl Iterator<Item = &Segment> {
        self.segments.iter().filter(|s| s.kind.is_unit())
    }
}

/// Knobs for splitting.
#[derive(Clone, Copy, Debug)]
pub struct SplitOptions {
    /// Classes, impls and traits larger than this many bytes are split into
    /// their members. See [`DEFAULT_SPLIT_CLASSES_OVER`].
    pub split_classes_over: usize,
}

/// 8 KiB of source is about 2,000 tokens for a code model. A request carries
/// the unit twice over (source in, translation out), plus context, so a unit
/// of that size keeps a request near 5,000 tokens: well inside the 32k context
/// of Qwen2.5-Coder, and short enough that one bad sample costs seconds, not
/// minutes, on a CPU. Most classes are smaller and keep their whole shape.
pub const DEFAULT_SPLIT_CLASSES_OVER: usize = 8 * 1024;

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            split_classes_over: DEFAULT_SPLIT_CLASSES_OVER,
        }
    }
}

/// Why a file could not be split.
#[derive(Debug, thiserror::Error)]
pub enum SplitError {
    #[error("the {0} parser gave up on this file")]
    ParserGaveUp(Lang),
    /// More indentation levels than tree-sitter-python's scanner can keep
    /// (see [`crate::depth::MAX_PYTHON_INDENT_WIDTHS`]).
    #[error(
        "indentation nested deeper than {} levels, more than the Python parser can follow",
        crate::depth::MAX_PYTHON_INDENT_WIDTHS
    )]
    IndentedTooDeep,
}

/// Parses `text` as `lang`. The byte-order mark, if any, is left out of the
/// parse (tree-sitter would take it for a syntax error); node offsets are then
/// relative to the text after it.
pub fn parse(text: &str, lang: Lang) -> Option<Tree> {
    // Past this, tree-sitter-python's scanner writes beyond a buffer and
    // aborts the process: such text is not parsed at all.
    if lang == Lang::Python && !crate::depth::python_indentation_fits(text) {
        return None;
    }
    thread_local! {
        // One parser per language per thread: making a parser and loading
        // its grammar costs more than parsing a small file.
        static PARSERS: std::cell::RefCell<Vec<(Lang, Parser)>> = const {
            std::cell::RefCell::new(Vec::new())
        };
    }
    PARSERS.with(|parsers| {
        let mut parsers = parsers.borrow_mut();
        let index = match parsers.iter().position(|(l, _)| *l == lang) {
            Some(index) => index,
            None => {
                let mut parser = Parser::new();
                // The grammar and the tree-sitter library are built together
                // from the lock file; a version mismatch is a build bug.
                parser
                    .set_language(&lang.grammar())
                    .expect("grammar is compatible with the tree-sitter library");
                parsers.push((lang, parser));
                parsers.len() - 1
            }
        };
        parsers[index].1.parse(strip_bom(text), None)
    })
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Splits a file into segments. Files with syntax errors are split too; the
/// segments that hold an error say where the first one is.
pub fn split(text: &str, lang: Lang, options: SplitOptions) -> Result<SplitFile, SplitError> {
    if lang == Lang::Python && !crate::depth::python_indentation_fits(text) {
        return Err(SplitError::IndentedTooDeep);
    }
    let tree = parse(text, lang).ok_or(SplitError::ParserGaveUp(lang))?;
    let offset = text.len() - strip_bom(text).len();
    let lines = LineIndex::new(text);
    let errors: Vec<(usize, Position)> = error_offsets(tree.root_node(), offset)
        .into_iter()
        .map(|at| (at, lines.position(text, at)))
        .collect();
    let ctx = Ctx {
        text,
        offset,
        lines: &lines,
        errors: &errors,
    };

    let queries = lang.queries();
    let root = tree.root_node();
    // Top level: children of the root, and children of an ERROR node at the
    // root, where tree-sitter puts what follows a syntax error.
    let top_level = |n: Node| match n.parent() {
        Some(p) if p == root => true,
        Some(p) => p.is_error() && p.parent() == Some(root),
        None => false,
    };
    let found = collect(
        &queries.units,
        root,
        &ctx,
        Some(UNIT_START_DEPTH),
        top_level,
    );
    let imports = found
        .imports
        .iter()
        .map(|n| n.start_byte() + offset..n.end_byte() + offset)
        .collect();

    let mut units = Vec::new();
    for (node, kind, name) in found.units {
        let range = ctx.unit_range(node, &found.attach);
        let mut segment = ctx.segment(kind, name, range);
        let is_container = matches!(
            kind,
            SegmentKind::Class | SegmentKind::Impl | SegmentKind::Trait
        );
        if is_container && segment.bytes.len() > options.split_classes_over {
            segment.members = ctx.split_members(&queries.members, node, segment.bytes.clone());
        }
        units.push(segment);
    }

    Ok(SplitFile {
        lang,
        segments: ctx.interleave_glue(units, 0..text.len()),
        imports,
        first_error: errors.first().map(|&(_, pos)| pos),
    })
}

/// How deep below the root a match of `units.scm` may start: every pattern
/// is rooted at the node it keeps, a child of the root (depth 1) or of an
/// ERROR node at the root (depth 2). Without the bound the query matched
/// every method, nested function and comment of the file only for `keep` to
/// drop them, which was most of the time `xlate units` spent.
const UNIT_START_DEPTH: u32 = 2;

/// The same for `members.scm`, run on a class node: its patterns are rooted
/// at the class (Python, depth 0, or 1 under a decorator), its body (Rust,
/// depth 1) or its body under `export` (JavaScript, depth 1 or 2).
const MEMBER_START_DEPTH: u32 = 2;

/// What a query found among the children it is allowed to look at.
struct Found<'t> {
    /// Units in file order, one per node.
    units: Vec<(Node<'t>, SegmentKind, Option<String>)>,
    /// Ids of nodes that attach to the unit after them.
    attach: HashSet<usize>,
    imports: Vec<Node<'t>>,
}

fn collect<'t>(
    query: &tree_sitter::Query,
    root: Node<'t>,
    ctx: &Ctx,
    start_depth: Option<u32>,
    keep: impl Fn(Node<'t>) -> bool,
) -> Found<'t> {
    let names = query.capture_names();
    let mut found = Found {
        units: Vec::new(),
        attach: HashSet::new(),
        imports: Vec::new(),
    };
    let mut seen = HashSet::new();
    let mut cursor = QueryCursor::new();
    cursor.set_max_start_depth(start_depth);
    let mut matches = cursor.matches(query, root, strip_bom(ctx.text).as_bytes());
    while let Some(m) = matches.next() {
        let mut unit = None;
        let mut name = None;
        for capture in m.captures {
            let capture_name = names[capture.index as usize];
            if capture_name == "name" {
                name = Some(capture.node);
            } else if capture_name == "attach" {
                if keep(capture.node) {
                    found.attach.insert(capture.node.id());
                }
            } else if capture_name == "import" {
                if keep(capture.node) && seen.insert(capture.node.id()) {
                    found.imports.push(capture.node);
                }
            } else if let Some(kind) = SegmentKind::from_capture(capture_name) {
                unit = Some((capture.node, kind));
            }
        }
        if let Some((node, kind)) = unit {
            // A declaration with two function declarators matches twice.
            if keep(node) && seen.insert(node.id()) {
                let name = name.map(|n| ctx.node_text(n).to_string());
                let name = match (kind, node.child_by_field_name("trait")) {
                    (SegmentKind::Impl, Some(t)) => Some(format!(
                        "{} for {}",
                        ctx.node_text(t),
                        name.unwrap_or_default()
                    )),
                    _ => name,
                };
                found.units.push((node, kind, name));
            }
        }
    }
    found.units.sort_by_key(|(n, _, _)| n.start_byte());
    found.imports.sort_by_key(|n| n.start_byte());
    found
}

/// Everything one split needs to turn nodes into segments.
struct Ctx<'a> {
    text: &'a str,
    /// Length of the byte-order mark, which the tree does not see.
    offset: usize,
    lines: &'a LineIndex,
    /// Start byte and position of every ERROR and MISSING node, in file order.
    errors: &'a [(usize, Position)],
}

impl Ctx<'_> {
    fn node_text(&self, node: Node) -> &str {
        &self.text[node.start_byte() + self.offset..node.end_byte() + self.offset]
    }

    /// A unit's bytes: the node, the comments and attributes right above it
    /// (no blank line between), and the indentation of its first line.
    fn unit_range(&self, node: Node, attach: &HashSet<usize>) -> Range<usize> {
        let mut start = node.start_byte();
        let mut prev = node.prev_sibling();
        while let Some(p) = prev {
            let gap = &strip_bom(self.text)[p.end_byte()..start];
            let adjacent = gap.trim().is_empty() && gap.matches('\n').count() <= 1;
            if !attach.contains(&p.id()) || !adjacent {
                break;
            }
            start = p.start_byte();
            prev = p.prev_sibling();
        }
        let start = start + self.offset;
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &self.text[line_start..start];
        let start = if indent.trim().is_empty() && line_start >= self.offset {
            line_start
        } else {
            start
        };
        start..node.end_byte() + self.offset
    }

    fn segment(&self, kind: SegmentKind, name: Option<String>, bytes: Range<usize>) -> Segment {
        // `errors` is in file order: the first at or after the start, if it
        // is inside. A scan from the front cost a file of many errors time
        // in the square of its size.
        let first = self.errors.partition_point(|(at, _)| *at < bytes.start);
        let error = self
            .errors
            .get(first)
            .filter(|(at, _)| bytes.contains(at) || (bytes.is_empty() && *at == bytes.start))
            .map(|&(_, pos)| pos);
        // Glue's lines are those of its code, not of the blank lines around
        // it, so that messages point at something.
        let (first, last) = match kind {
            SegmentKind::Glue => {
                let text = &self.text[bytes.clone()];
                let code = text.trim();
                if code.is_empty() {
                    (bytes.start, bytes.end.saturating_sub(1).max(bytes.start))
                } else {
                    let lead = text.len() - text.trim_start().len();
                    (bytes.start + lead, bytes.start + lead + code.len() - 1)
                }
            }
            _ if bytes.is_empty() => (bytes.start, bytes.start),
            _ => (bytes.start, bytes.end - 1),
        };
        Segment {
            kind,
            name,
            lines: (
                self.lines.position(self.text, first).line,
                self.lines.position(self.text, last).line,
            ),
            bytes,
            error,
            members: Vec::new(),
        }
    }

    /// Fills the gaps between `units` (sorted, disjoint, inside `whole`) with
    /// glue, so that the result covers `whole` exactly.
    fn interleave_glue(&self, units: Vec<Segment>, whole: Range<usize>) -> Vec<Segment> {
        let mut out = Vec::with_capacity(units.len() * 2 + 1);
        let mut at = whole.start;
        for unit in units {
            if unit.bytes.start > at {
                out.push(self.segment(SegmentKind::Glue, None, at..unit.bytes.start));
            }
            at = unit.bytes.end;
            out.push(unit);
        }
        if at < whole.end {
            out.push(self.segment(SegmentKind::Glue, None, at..whole.end));
        }
        out
    }

    /// The members of a large class, as segments covering `whole`; empty if
    /// the class has no members to split on.
    fn split_members(
        &self,
        query: &tree_sitter::Query,
        node: Node,
        whole: Range<usize>,
    ) -> Vec<Segment> {
        let Some(body) = class_body(node) else {
            return Vec::new();
        };
        let found = collect(query, node, self, Some(MEMBER_START_DEPTH), |n| {
            n.parent() == Some(body)
        });
        let members: Vec<Segment> = found
            .units
            .into_iter()
            .map(|(n, kind, name)| {
                let range = self.unit_range(n, &found.attach);
                self.segment(kind, name, range)
            })
            .collect();
        if members.is_empty() {
            return members;
        }
        self.interleave_glue(members, whole)
    }
}

/// The body of a class, impl or trait, looking through Python decorators and
/// JavaScript `export`.
fn class_body(node: Node) -> Option<Node> {
    // A loop, not recursion: every walk over user syntax must be safe on any
    // nesting (see `crate::depth`).
    let mut node = node;
    loop {
        if let Some(body) = node.child_by_field_name("body") {
            return Some(body);
        }
        node = node
            .child_by_field_name("definition")
            .or_else(|| node.child_by_field_name("declaration"))?;
    }
}

/// The start byte (in file offsets) of every ERROR and MISSING node, in file
/// order.
fn error_offsets(root: Node, offset: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if !root.has_error() {
        return out;
    }
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            out.push(node.start_byte() + offset);
            continue;
        }
        let mut cursor = node.walk();
        let children: Vec<Node> = node
            .children(&mut cursor)
            .filter(|c| c.has_error())
            .collect();
        stack.extend(children.into_iter().rev());
    }
    out.sort_unstable();
    out
}

/// Maps byte offsets to line and column.
struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn position(&self, text: &str, byte: usize) -> Position {
        let line = self.starts.partition_point(|&s| s <= byte).max(1);
        let start = self.starts[line - 1];
        let byte = byte.min(text.len());
        let column = text
            .get(start..byte)
            .map_or(byte - start, |s| s.chars().count())
            + 1;
        Position { line, column }
    }
}

/// Position of byte `at` in `text`, 1-based with the column in characters.
pub fn position_of(text: &str, at: usize) -> Position {
    LineIndex::new(text).position(text, at)
}

/// Finds the first syntax error in `text` parsed as `lang`, if any, with the
/// text of the offending node (cut short).
pub fn first_syntax_error(text: &str, lang: Lang) -> Option<(Position, String)> {
    let Some(tree) = parse(text, lang) else {
        return Some((Position { line: 1, column: 1 }, "parser gave up".into()));
    };
    let offset = text.len() - strip_bom(text).len();
    let &at = error_offsets(tree.root_node(), offset).first()?;
    let mut node = tree
        .root_node()
        .descendant_for_byte_range(at - offset, at - offset)?;
    while !(node.is_error() || node.is_missing()) {
        match node.parent() {
            Some(p) => node = p,
            None => break,
        }
    }
    let what = if node.is_missing() {
        format!("missing `{}`", node.kind())
    } else {
        let snippet: String = text[at..node.end_byte() + offset]
            .chars()
            .take(40)
            .collect();
        format!("unexpected `{}`", snippet.trim())
    };
    Some((position_of(text, at), what))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_default(text: &str, lang: Lang) -> SplitFile {
        split(text, lang, SplitOptions::default()).unwrap()
    }

    fn concat(text: &str, segments: &[Segment]) -> String {
        segments.iter().map(|s| s.text(text)).collect()
    }

    fn kinds(file: &SplitFile) -> Vec<(SegmentKind, Option<&str>)> {
        file.segments
            .iter()
            .map(|s| (s.kind, s.name.as_deref()))
            .collect()
    }

    #[test]
    fn python_functions_classes_and_glue() {
        let text = "import os\n\nX = 1\n\n# helper\n@cache\ndef f(a):\n    return a\n\n\nclass C(Base):\n    def m(self):\n        pass\n";
        let file = split_default(text, Lang::Python);
        assert_eq!(concat(text, &file.segments), text);
        assert_eq!(
            kinds(&file),
            vec![
                (SegmentKind::Glue, None),
                (SegmentKind::Function, Some("f")),
                (SegmentKind::Glue, None),
                (SegmentKind::Class, Some("C")),
                (SegmentKind::Glue, None),
            ]
        );
        // The comment and decorator stay with the function they sit on.
        let f = &file.segments[1];
        assert!(f.text(text).starts_with("# helper\n@cache\ndef f"));
        assert_eq!(f.lines, (5, 8));
        assert_eq!(file.imports_text(text), "import os\n");
    }

    #[test]
    fn a_blank_line_detaches_a_comment() {
        let text = "# license\n\ndef f():\n    pass\n";
        let file = split_default(text, Lang::Python);
        assert_eq!(file.segments[0].text(text), "# license\n\n");
        assert!(file.segments[1].text(text).starts_with("def f"));
    }

    #[test]
    fn syntax_errors_are_flagged_with_position() {
        let text = "def ok():\n    return 1\n\ndef broken(:\n    return 2\n";
        let file = split_default(text, Lang::Python);
        assert_eq!(concat(text, &file.segments), text);
        let first = file.first_error.expect("an error");
        assert_eq!(first.line, 4);
        let ok = file
            .units()
            .find(|u| u.name.as_deref() == Some("ok"))
            .unwrap();
        assert_eq!(ok.error, None);
        assert!(file.segments.iter().any(|s| s.error.is_some()));
    }

    #[test]
    fn error_position_counts_characters() {
        // `é` is two bytes; the error column must count it as one.
        let text = "x = 'é' +\n";
        let (pos, _) = first_syntax_error(text, Lang::Python).unwrap();
        assert_eq!(pos.line, 1);
        let file = split_default(text, Lang::Python);
        assert_eq!(file.first_error.unwrap().line, 1);
    }

    #[test]
    fn bom_is_kept_in_glue_and_not_parsed() {
        let text = "\u{feff}def f():\n    pass\n";
        let file = split_default(text, Lang::Python);
        assert_eq!(concat(text, &file.segments), text);
        assert_eq!(file.first_error, None);
        assert_eq!(file.segments[0].kind, SegmentKind::Glue);
        assert_eq!(file.segments[0].text(text), "\u{feff}");
        assert_eq!(file.segments[1].name.as_deref(), Some("f"));
    }

    #[test]
    fn javascript_arrow_functions_exports_and_classes() {
        let text = "import x from 'y';\nconst add = (a, b) => a + b;\nexport function g() {}\n/** doc */\nexport class K { #p = 1; m() {} }\nconst n = 3;\n";
        let file = split_default(text, Lang::JavaScript);
        assert_eq!(concat(text, &file.segments), text);
        let units: Vec<_> = file
            .units()
            .map(|u| (u.kind, u.name.clone().unwrap()))
            .collect();
        assert_eq!(
            units,
            vec![
                (SegmentKind::Function, "add".to_string()),
                (SegmentKind::Function, "g".to_string()),
                (SegmentKind::Class, "K".to_string()),
            ]
        );
        let k = file.units().nth(2).unwrap();
        assert!(k.text(text).starts_with("/** doc */\nexport class"));
    }

    #[test]
    fn rust_items_with_docs_and_attributes() {
        let text = "use std::fmt;\n\n/// A point.\n#[derive(Debug)]\npub struct P { x: i32 }\n\nimpl fmt::Display for P {\n    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { Ok(()) }\n}\n\nmacro_rules! m { () => {} }\n";
        let file = split_default(text, Lang::Rust);
        assert_eq!(concat(text, &file.segments), text);
        let units: Vec<_> = file
            .units()
            .map(|u| (u.kind, u.name.clone().unwrap()))
            .collect();
        assert_eq!(
            units,
            vec![
                (SegmentKind::Struct, "P".to_string()),
                (SegmentKind::Impl, "fmt::Display for P".to_string()),
                (SegmentKind::Macro, "m".to_string()),
            ]
        );
        assert!(file
            .units()
            .next()
            .unwrap()
            .text(text)
            .starts_with("/// A point.\n#[derive"));
    }

    #[test]
    fn large_classes_are_split_into_members() {
        let text = "class C:\n    \"\"\"Doc.\"\"\"\n    x = 1\n\n    def a(self):\n        return 1\n\n    @staticmethod\n    def b():\n        return 2\n";
        let options = SplitOptions {
            split_classes_over: 10,
        };
        let file = split(text, Lang::Python, options).unwrap();
        let class = file.units().next().unwrap();
        assert_eq!(concat(text, &class.members), class.text(text));
        let members: Vec<_> = class
            .members
            .iter()
            .map(|m| (m.kind, m.name.as_deref()))
            .collect();
        assert_eq!(
            members,
            vec![
                (SegmentKind::Glue, None),
                (SegmentKind::Method, Some("a")),
                (SegmentKind::Glue, None),
                (SegmentKind::Method, Some("b")),
            ]
        );
        // Members start at the beginning of their line, indentation included.
        assert!(class.members[3].text(text).starts_with("    @staticmethod"));
        // Below the threshold the class stays whole.
        let whole = split_default(text, Lang::Python);
        assert!(whole.units().next().unwrap().members.is_empty());
    }

    #[test]
    fn nested_functions_are_part_of_their_parent() {
        let text = "def outer():\n    def inner():\n        pass\n    return inner\n";
        let file = split_default(text, Lang::Python);
        assert_eq!(file.units().count(), 1);
    }

    #[test]
    fn empty_and_whitespace_files() {
        for text in ["", "\n\n", "   "] {
            for lang in Lang::ALL {
                let file = split_default(text, lang);
                assert_eq!(concat(text, &file.segments), text);
                assert!(file.segments.iter().all(|s| !s.bytes.is_empty()));
            }
        }
    }

    /// What `collect` keeps, in comparable form: units with their ranges,
    /// kinds and names, attached node ids (sorted) and import ranges.
    type Kept = (
        Vec<(usize, usize, SegmentKind, Option<String>)>,
        Vec<usize>,
        Vec<(usize, usize)>,
    );

    fn kept(found: Found) -> Kept {
        let mut attach: Vec<usize> = found.attach.into_iter().collect();
        attach.sort_unstable();
        (
            found
                .units
                .into_iter()
                .map(|(n, kind, name)| (n.start_byte(), n.end_byte(), kind, name))
                .collect(),
            attach,
            found
                .imports
                .into_iter()
                .map(|n| (n.start_byte(), n.end_byte()))
                .collect(),
        )
    }

    /// Runs both queries of `lang` on `text` with the start depth bounded,
    /// as `split` does, and unbounded, and checks that they keep the same
    /// nodes, for the file and for every container in it.
    fn assert_bounds_keep_everything(text: &str, lang: Lang) {
        let Some(tree) = parse(text, lang) else {
            return;
        };
        let lines = LineIndex::new(text);
        let ctx = Ctx {
            text,
            offset: text.len() - strip_bom(text).len(),
            lines: &lines,
            errors: &[],
        };
        let queries = lang.queries();
        let root = tree.root_node();
        let top_level = |n: Node| match n.parent() {
            Some(p) if p == root => true,
            Some(p) => p.is_error() && p.parent() == Some(root),
            None => false,
        };
        let bounded = collect(
            &queries.units,
            root,
            &ctx,
            Some(UNIT_START_DEPTH),
            top_level,
        );
        let unbounded = collect(&queries.units, root, &ctx, None, top_level);
        let containers: Vec<Node> = bounded.units.iter().map(|(n, _, _)| *n).collect();
        assert_eq!(kept(bounded), kept(unbounded), "{lang} units of {text:?}");
        for node in containers {
            let Some(body) = class_body(node) else {
                continue;
            };
            let member = |n: Node| n.parent() == Some(body);
            let bounded = collect(
                &queries.members,
                node,
                &ctx,
                Some(MEMBER_START_DEPTH),
                member,
            );
            let unbounded = collect(&queries.members, node, &ctx, None, member);
            assert_eq!(kept(bounded), kept(unbounded), "{lang} members of {text:?}");
        }
    }

    #[test]
    fn bounded_query_depth_keeps_every_unit_of_the_fixtures() {
        // Guards the start-depth bounds of the queries (added for speed): a
        // pattern rooted deeper than the bound would lose its units
        // silently, so every fixture is split both ways.
        fn visit(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    visit(&path, files);
                } else {
                    files.push(path);
                }
            }
        }
        let mut files = Vec::new();
        visit(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut files,
        );
        let mut checked = 0;
        for path in files {
            let (Some(lang), Ok(text)) = (Lang::from_path(&path), std::fs::read_to_string(&path))
            else {
                continue;
            };
            assert_bounds_keep_everything(&text, lang);
            checked += 1;
        }
        assert!(checked >= 10, "only {checked} fixture sources found");
        // Nested and decorated classes, an export, an ERROR node at the top.
        let cases = [
            (Lang::Python, "@d\nclass A:\n    # c\n    @s\n    def m(self):\n        class N:\n            def n(self): pass\n    class I:\n        def i(self): pass\n\nif x:\n    def hidden(): pass\n"),
            (Lang::Python, "def ok(): pass\n)\ndef after(): pass\nimport os\n"),
            (Lang::JavaScript, "export class K { /** d */ m() { class L { n() {} } } static { } #p = 1; }\nfunction f() { function g() {} }\n"),
            (Lang::Rust, "impl T for U {\n    /// d\n    #[inline]\n    fn a() { fn b() {} }\n}\nmod m { fn c() {} }\ntrait R { fn s(&self); }\n"),
        ];
        for (lang, text) in cases {
            assert_bounds_keep_everything(text, lang);
        }
    }

    mod property {
        use super::*;
        use proptest::prelude::*;

        /// Code-shaped text: fragments of all three languages, shuffled, so
        /// the parsers see both valid items and every kind of breakage.
        fn code() -> impl Strategy<Value = String> {
            let pieces = prop::sample::select(vec![
                "def f(a, b):\n",
                "    return a\n",
                "class C:\n",
                "    x = 1\n",
                "@dec\n",
                "# c\n",
                "function g() {",
                "}",
                "const h = () => 1;\n",
                "class K {",
                "m() {}",
                "fn r() {}\n",
                "impl T for U {",
                "/// doc\n",
                "#[test]\n",
                "struct S;\n",
                "\n",
                "\r\n",
                "\t",
                "é",
                "\u{feff}",
                "(",
                ")",
                "'",
                "\"",
                "/*",
                "*/",
                "{",
                ";",
                "async def a():\n    await x\n",
                "export default 1;\n",
                "mod m {}\n",
            ]);
            prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
        }

        proptest! {
            #[test]
            fn segments_cover_every_byte_once(text in code(), split_at in 1usize..200) {
                for lang in Lang::ALL {
                    let options = SplitOptions { split_classes_over: split_at };
                    let file = split(&text, lang, options).unwrap();
                    prop_assert_eq!(&concat(&text, &file.segments), &text);
                    for s in &file.segments {
                        if !s.members.is_empty() {
                            prop_assert_eq!(concat(&text, &s.members), s.text(&text));
                        }
                    }
                }
            }

            #[test]
            fn bounded_query_depth_keeps_every_unit(text in code()) {
                for lang in Lang::ALL {
                    assert_bounds_keep_everything(&text, lang);
                }
            }

            #[test]
            fn arbitrary_text_is_covered(text in "\\PC*") {
                for lang in Lang::ALL {
                    let file = split_default(&text, lang);
                    prop_assert_eq!(&concat(&text, &file.segments), &text);
                }
            }
        }
    }
}
