//! Frontends: one per source language, each turning a unit's syntax tree
//! into the IR (`super::ir`) with the source language's meaning recorded
//! on every operation.

pub mod javascript;
pub mod python;
pub mod rust;

use tree_sitter::Node;

use super::ir::{Block, Stmt, StmtKind};

/// The name of the function that holds a unit of glue's top-level
/// statements (each frontend's `Lowered::module`): no identifier of any
/// source language, so no function of the program's.
pub const MODULE: &str = "<module>";

/// Whether `found` holds for `node` or a node inside it.
pub fn any_node(node: Node, found: impl FnMut(Node) -> bool) -> bool {
    first_node(node, found).is_some()
}

/// The first node, in source order, of `node` and those inside it for
/// which `found` holds (a stack, not recursion: a minified file nests
/// deep).
pub fn first_node<'t>(node: Node<'t>, mut found: impl FnMut(Node) -> bool) -> Option<Node<'t>> {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if found(n) {
            return Some(n);
        }
        let mut c = n.walk();
        let kids: Vec<Node> = n.children(&mut c).collect();
        stack.extend(kids.into_iter().rev());
    }
    None
}

/// A comment's lines, each the text after its marker: `# note` and
/// `// note` are ` note`; a block comment (`/* a\n * b */`) gives one
/// line per line, the leading `*` of its middle lines dropped.
pub fn comment_lines(raw: &str) -> Vec<String> {
    let raw = raw.trim_end();
    for marker in ["///", "//!", "//", "#"] {
        if let Some(rest) = raw.strip_prefix(marker) {
            return vec![rest.trim_end().to_string()];
        }
    }
    let Some(inner) = raw
        .strip_prefix("/**")
        .or_else(|| raw.strip_prefix("/*"))
        .and_then(|r| r.strip_suffix("*/"))
    else {
        return vec![format!(" {raw}")];
    };
    let lines: Vec<&str> = inner.lines().collect();
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let l = if i > 0 {
                let t = l.trim_start();
                t.strip_prefix('*').map_or(format!(" {t}"), str::to_string)
            } else {
                l.to_string()
            };
            l.trim_end().to_string()
        })
        .filter(|l| !l.trim().is_empty() || lines.len() == 1)
        .collect()
}

/// The comments inside `node` that no statement of a nested block holds:
/// those within an expression split over lines, or between a header and
/// its block. `is_block` says which nodes are blocks (lowered with their
/// own comments).
pub fn stray_comments(node: Node, src: &str, is_block: fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    let mut cursor = node.walk();
    let mut found = Vec::new();
    while let Some(n) = stack.pop() {
        for c in n.children(&mut cursor) {
            if c.is_extra() && c.kind().contains("comment") {
                if !leads_block(c, is_block) {
                    found.push(c);
                }
            } else if !is_block(c.kind()) {
                stack.push(c);
            }
        }
    }
    found.sort_by_key(|c| c.start_byte());
    for c in found {
        out.extend(comment_lines(&src[c.byte_range()]));
    }
    out
}

/// Whether `comment` stands on a line of its own just before a block
/// (after its header: `for x in xs:` then `# note` then the body), where
/// the parser puts it outside the block though it is the block's.
pub fn leads_block(comment: Node, is_block: fn(&str) -> bool) -> bool {
    let mut next = comment.next_sibling();
    while let Some(n) = next.filter(|n| n.is_extra()) {
        next = n.next_sibling();
    }
    let header_row = comment.parent().map(|p| p.start_position().row);
    next.is_some_and(|n| is_block(n.kind()))
        && header_row.is_some_and(|r| comment.start_position().row > r)
}

/// The comments [`leads_block`] gives to `block`, in order.
pub fn leading_block_comments(block: Node, src: &str, is_block: fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    let mut prev = block.prev_sibling();
    while let Some(c) = prev.filter(|c| c.is_extra() && c.kind().contains("comment")) {
        if leads_block(c, is_block) {
            found.push(c);
        }
        prev = c.prev_sibling();
    }
    found.reverse();
    found
        .into_iter()
        .flat_map(|c| comment_lines(&src[c.byte_range()]))
        .collect()
}

/// The comments of one block, handed to its statements as the frontend
/// lowers them in order: each statement takes those on the lines before it
/// and those inside it outside its own blocks; a comment on a statement's
/// last line stays after it; what is left at the end goes after the last
/// statement (or, in a block of comments alone, on a `Pass`).
pub struct BlockComments {
    pending: Vec<String>,
    last_row: Option<usize>,
    is_block: fn(&str) -> bool,
}

impl BlockComments {
    pub fn new(block: Node, src: &str, is_block: fn(&str) -> bool) -> BlockComments {
        BlockComments {
            pending: leading_block_comments(block, src, is_block),
            last_row: None,
            is_block,
        }
    }

    /// Whether `node` is a comment, which it then takes.
    pub fn take_comment(&mut self, node: Node, src: &str, out: &mut Block) -> bool {
        if !(node.is_extra() && node.kind().contains("comment")) {
            return false;
        }
        let lines = comment_lines(&src[node.byte_range()]);
        match out.last_mut() {
            Some(prev) if self.last_row == Some(node.start_position().row) => {
                prev.comments.after.extend(lines)
            }
            _ => self.pending.extend(lines),
        }
        true
    }

    /// Before statement `node` is lowered: the comments inside it that no
    /// block of its own holds (`own_header`: a nested function keeps its
    /// header's comments itself).
    pub fn before(&mut self, node: Node, src: &str, own_header: bool) {
        if !own_header {
            self.pending
                .extend(stray_comments(node, src, self.is_block));
        }
        self.last_row = Some(node.end_position().row);
    }

    /// After statement `node` was lowered into `out[start..]`: the first
    /// statement it gave takes the comments waiting.
    pub fn after(&mut self, out: &mut Block, start: usize) {
        if let Some(st) = out.get_mut(start) {
            st.comments.before.append(&mut self.pending);
        }
    }

    /// The end of the block, at `line`.
    pub fn finish(mut self, out: &mut Block, line: usize) {
        if self.pending.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(st) => st.comments.after.append(&mut self.pending),
            None => {
                let mut pass = Stmt::new(StmtKind::Pass, line);
                pass.comments.before = self.pending;
                out.push(pass);
            }
        }
    }
}
