//! Syntax highlighting for the review page, from the highlight queries the
//! grammar crates ship (`HIGHLIGHTS_QUERY`): the same grammars that split
//! the units, so no second parser and no new dependency. The result is data
//! (token offsets and a class per token), never HTML: the page builds its
//! elements from it with `textContent`, so highlighting cannot open a hole
//! for markup in the code.

use std::sync::OnceLock;

use tree_sitter::{Query, QueryCursor, StreamingIterator};

use crate::lang::Lang;

/// The classes the page colours, in the order of their index in the tokens.
/// A capture such as `function.method` takes the class of its first part;
/// captures outside this list (`variable`, `punctuation`, ...) stay plain.
pub const CLASSES: &[&str] = &[
    "keyword",
    "string",
    "comment",
    "number",
    "function",
    "type",
    "constant",
    "property",
    "attribute",
    "escape",
    "constructor",
    "label",
];

/// Beyond this size a file is shown without colours: parsing and querying a
/// generated megabyte file would slow the whole run for little use.
const MAX_HIGHLIGHT_BYTES: usize = 512 * 1024;

fn query_source(lang: Lang) -> &'static str {
    match lang {
        Lang::Python => tree_sitter_python::HIGHLIGHTS_QUERY,
        Lang::JavaScript => tree_sitter_javascript::HIGHLIGHT_QUERY,
        Lang::Rust => tree_sitter_rust::HIGHLIGHTS_QUERY,
    }
}

/// The compiled query of a language and, per capture index, its class.
/// Compiled once per language: building a query takes milliseconds.
struct Highlighter {
    query: Query,
    class_of_capture: Vec<Option<u8>>,
}

fn highlighter(lang: Lang) -> Option<&'static Highlighter> {
    static CELLS: [OnceLock<Option<Highlighter>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let index = match lang {
        Lang::Python => 0,
        Lang::JavaScript => 1,
        Lang::Rust => 2,
    };
    CELLS[index]
        .get_or_init(|| {
            // A query that does not compile against the grammar costs the
            // colours, not the page.
            let query = Query::new(&lang.grammar(), query_source(lang)).ok()?;
            let class_of_capture = query
                .capture_names()
                .iter()
                .map(|name| {
                    let head = name.split('.').next().unwrap_or(name);
                    CLASSES
                        .iter()
                        .position(|c| *c == head)
                        .and_then(|i| u8::try_from(i).ok())
                })
                .collect();
            Some(Highlighter {
                query,
                class_of_capture,
            })
        })
        .as_ref()
}

/// Per line of `text`, its tokens as flat triples `[start, end, class]`,
/// offsets in UTF-16 code units from the line's start (what JavaScript's
/// `slice` counts). Lines are split on `\n` as the page splits them.
pub fn highlight(text: &str, lang: Lang) -> Vec<Vec<u32>> {
    let line_count = text.split('\n').count();
    let mut lines = vec![Vec::new(); line_count];
    if text.len() > MAX_HIGHLIGHT_BYTES {
        return lines;
    }
    let Some(hl) = highlighter(lang) else {
        return lines;
    };
    let Some(tree) = crate::units::parse(text, lang) else {
        return lines;
    };
    // Byte spans with a class, outermost and earliest pattern first: the
    // first capture of a node wins, as in tree-sitter-highlight, and spans
    // inside one already taken are dropped.
    let mut spans: Vec<(usize, usize, u8)> = Vec::new();
    let mut cursor = QueryCursor::new();
    let mut captures = cursor.captures(&hl.query, tree.root_node(), text.as_bytes());
    let mut taken_until = 0;
    while let Some((m, index)) = captures.next() {
        let capture = m.captures[*index];
        let Some(Some(class)) = hl.class_of_capture.get(capture.index as usize).copied() else {
            continue;
        };
        let range = capture.node.byte_range();
        if range.start < taken_until || range.is_empty() {
            continue;
        }
        taken_until = range.end;
        spans.push((range.start, range.end, class));
    }
    // Bytes to (line, UTF-16 column), walking the text once.
    let mut spans = spans.into_iter().peekable();
    let (mut line, mut col16) = (0usize, 0u32);
    let mut open: Option<(u32, u8, usize)> = None; // (start column, class, end byte)
    for (at, ch) in text.char_indices() {
        if let Some((start, class, end)) = open {
            if at >= end {
                lines[line].extend([start, col16, u32::from(class)]);
                open = None;
            }
        }
        while open.is_none() {
            match spans.peek() {
                Some(&(start, end, class)) if start <= at => {
                    spans.next();
                    if end > at {
                        open = Some((col16, class, end));
                    }
                }
                _ => break,
            }
        }
        if ch == '\n' {
            if let Some((start, class, end)) = open {
                if col16 > start {
                    lines[line].extend([start, col16, u32::from(class)]);
                }
                open = Some((0, class, end));
            }
            line += 1;
            col16 = 0;
        } else {
            col16 += ch.len_utf16() as u32;
        }
    }
    if let Some((start, class, _)) = open {
        if col16 > start && line < lines.len() {
            lines[line].extend([start, col16, u32::from(class)]);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str) -> u32 {
        CLASSES.iter().position(|c| *c == name).unwrap() as u32
    }

    #[test]
    fn every_language_has_a_working_highlight_query() {
        for lang in [Lang::Python, Lang::JavaScript, Lang::Rust] {
            assert!(highlighter(lang).is_some(), "{lang:?}");
        }
    }

    #[test]
    fn tokens_are_per_line_in_utf16_columns() {
        // "é" is 2 bytes but 1 UTF-16 unit: byte offsets would shift the
        // colours of everything after it on the line.
        let lines = highlight("x = 'é'  # note\ndef f():\n    return 1\n", Lang::Python);
        assert_eq!(lines.len(), 4);
        assert!(
            lines[0].chunks(3).any(|t| t == [4, 7, class("string")]),
            "{lines:?}"
        );
        assert!(
            lines[0].chunks(3).any(|t| t == [9, 15, class("comment")]),
            "{lines:?}"
        );
        assert!(
            lines[1].chunks(3).any(|t| t == [0, 3, class("keyword")]),
            "{lines:?}"
        );
    }

    #[test]
    fn multi_line_tokens_are_cut_at_line_ends() {
        let lines = highlight("/* a\nbc */ let x = 1;\n", Lang::JavaScript);
        assert_eq!(&lines[0][..3], &[0, 4, class("comment")]);
        assert_eq!(&lines[1][..3], &[0, 5, class("comment")]);
    }
}
