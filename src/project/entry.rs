//! Entry points: `if __name__ == "__main__":` ↔ the ES module main check
//! (`import.meta.url === pathToFileURL(process.argv[1]).href`) or, for
//! CommonJS sources, `require.main === module`; and the command-line
//! arguments, whose first items differ: Python's `sys.argv` is `[script,
//! ...args]`, Node's `process.argv` is `[node, script, ...args]`. So
//! `sys.argv` ↔ `process.argv.slice(1)`, `sys.argv[1:]` ↔
//! `process.argv.slice(2)`, `sys.exit` ↔ `process.exit`.
//!
//! The body of the block is translated by the language direction, with the
//! argument and exit names standing in as placeholders whose target names
//! are the target's expressions.

use tree_sitter::Node;

use super::glue::{Direction, Piece};
use crate::engine::{SupportCode, TranslationRequest};
use crate::lang::Lang;
use crate::units::SegmentKind;

/// Translates the main guard `stmt` of glue `src`.
pub fn translate(
    stmt: Node,
    src: &str,
    req: &TranslationRequest,
    direction: Direction,
) -> Result<Piece, String> {
    let line = req.first_line + stmt.start_position().row;
    if stmt.child_by_field_name("alternative").is_some() {
        return Err(format!("`else` after the main check at line {line}"));
    }
    let Some(body) = stmt.child_by_field_name("consequence") else {
        return Err(format!("main check without a body at line {line}"));
    };
    // An entry point that calls an untranslated function would fail as
    // soon as the program starts: it stays a TODO block until that
    // function is translated.
    if let Some(project) = &req.context.project {
        let mentioned = referenced(body, src, req.from);
        if let Some(name) = project.unavailable.iter().find(|n| mentioned.contains(n)) {
            return Err(format!(
                "the entry point at line {line} calls `{name}`, which is not translated"
            ));
        }
    }
    let (text, body_line) = block_text(body, src, req);
    match req.from {
        Lang::Python => python_to_javascript(&text, body_line, req, direction),
        Lang::JavaScript => javascript_to_python(&text, body_line, req, direction),
        Lang::Rust => Err(format!(
            "entry point at line {line}: not translated from Rust yet"
        )),
    }
}

/// The identifiers `node` mentions (not properties, not keyword names).
fn referenced(node: Node, src: &str, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if crate::symbols::is_reference(n, lang) {
            out.push(src[n.byte_range()].to_string());
        }
        let mut cursor = n.walk();
        stack.extend(n.children(&mut cursor));
    }
    out
}

/// The statements of a block, dedented, and the file line of its first.
fn block_text(block: Node, src: &str, req: &TranslationRequest) -> (String, usize) {
    let mut cursor = block.walk();
    let kids: Vec<Node> = block.named_children(&mut cursor).collect();
    let (Some(first), Some(last)) = (kids.first(), kids.last()) else {
        return (String::new(), req.first_line + block.start_position().row);
    };
    let line_start = src[..first.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    let text = crate::verify::dedent(&src[line_start..last.end_byte()]);
    (
        format!("{}\n", text.trim_end()),
        req.first_line + first.start_position().row,
    )
}

/// Replaces, in `text` (in `lang`), each node `pick` gives a replacement
/// for (outermost first; a replaced node's children are not visited).
pub fn rewrite(
    text: &str,
    lang: Lang,
    pick: &dyn Fn(Node, &str) -> Option<String>,
) -> Option<String> {
    let tree = crate::units::parse(text, lang)?;
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if let Some(replacement) = pick(node, text) {
            edits.push((node.byte_range(), replacement));
            continue;
        }
        let mut cursor = node.walk();
        let kids: Vec<Node> = node.children(&mut cursor).collect();
        stack.extend(kids.into_iter().rev());
    }
    let mut out = text.to_string();
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    Some(out)
}

fn sub(
    req: &TranslationRequest,
    source: String,
    first_line: usize,
    names: &[(&str, &str)],
) -> TranslationRequest {
    let mut sub = req.clone();
    sub.source = source;
    sub.first_line = first_line;
    sub.kind = SegmentKind::Glue;
    sub.name = None;
    sub.context
        .names
        .extend(names.iter().map(|(a, b)| (a.to_string(), b.to_string())));
    sub
}

fn indent(text: &str, by: &str) -> String {
    crate::verify::indent(text.trim_end_matches('\n'), by)
}

fn python_to_javascript(
    body: &str,
    line: usize,
    req: &TranslationRequest,
    direction: Direction,
) -> Result<Piece, String> {
    // `unittest.main()`: `node --test` runs the tests of the module itself.
    if body.trim() == "unittest.main()" {
        return Ok(Piece::default());
    }
    let rewritten = rewrite(body, Lang::Python, &|node, t| {
        let text = &t[node.byte_range()];
        match node.kind() {
            "subscript" if text.replace(' ', "") == "sys.argv[1:]" => Some("xlate_args".into()),
            "attribute" if text == "sys.argv" => Some("xlate_argv".into()),
            "attribute" if text == "sys.exit" => Some("xlate_exit".into()),
            _ => None,
        }
    })
    .ok_or_else(|| format!("main check the parser gave up on at line {line}"))?;
    let translated = direction(&sub(
        req,
        rewritten,
        line,
        &[
            ("xlate_args", "process.argv.slice(2)"),
            ("xlate_argv", "process.argv.slice(1)"),
            ("xlate_exit", "process.exit"),
        ],
    ))?;
    let mut piece = Piece {
        text: format!(
            "if (import.meta.url === pathToFileURL(process.argv[1]).href) {{\n{}\n}}\n",
            indent(&translated.text, "  ")
        ),
        support: translated.support,
    };
    piece.add_support(vec![SupportCode {
        key: "import node:url pathToFileURL".into(),
        code: "import { pathToFileURL } from \"node:url\";\n".into(),
    }]);
    Ok(piece)
}

fn javascript_to_python(
    body: &str,
    line: usize,
    req: &TranslationRequest,
    direction: Direction,
) -> Result<Piece, String> {
    let rewritten = rewrite(body, Lang::JavaScript, &|node, t| {
        let text: String = t[node.byte_range()]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        match node.kind() {
            "call_expression" if text == "process.argv.slice(2)" => Some("xlateArgs".into()),
            "call_expression" if text == "process.argv.slice(1)" => Some("xlateArgv".into()),
            "member_expression" if text == "process.argv" => Some("xlateNodeArgv".into()),
            "member_expression" if text == "process.exit" => Some("xlateExit".into()),
            _ => None,
        }
    })
    .ok_or_else(|| format!("main check the parser gave up on at line {line}"))?;
    let uses_sys = rewritten.contains("xlateArg")
        || rewritten.contains("xlateExit")
        || rewritten.contains("xlateNodeArgv");
    let translated = direction(&sub(
        req,
        rewritten,
        line,
        &[
            ("xlateArgs", "sys.argv[1:]"),
            ("xlateArgv", "list(sys.argv)"),
            ("xlateNodeArgv", "[sys.executable, *sys.argv]"),
            ("xlateExit", "sys.exit"),
        ],
    ))?;
    let body = if translated.text.trim().is_empty() {
        "pass".to_string()
    } else {
        translated.text
    };
    let mut piece = Piece {
        text: format!("if __name__ == \"__main__\":\n{}\n", indent(&body, "    ")),
        support: translated.support,
    };
    if uses_sys {
        piece.add_support(vec![SupportCode {
            key: "import sys".into(),
            code: "import sys\n".into(),
        }]);
    }
    Ok(piece)
}
