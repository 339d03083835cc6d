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
    if req.to == Lang::Rust {
        // A crate's program is `src/bin/NAME.rs`, written with the project
        // files (see `scaffold`); the module keeps a pointer to it.
        let body = &src[body.byte_range()];
        if body.trim() == "unittest.main()" {
            return Ok(Piece::default());
        }
        let stem = req.context.project.as_ref().map_or("main", |p| {
            std::path::Path::new(&p.output)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("main")
        });
        return Ok(Piece {
            text: format!("// The main check (line {line}) is the program src/bin/{stem}.rs.\n"),
            support: Vec::new(),
        });
    }
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
        // A Rust program's entry is its `fn main`, a unit of its own
        // ([`rust_main`]).
        Lang::Rust => Err(format!("entry point at line {line} in Rust glue")),
    }
}

/// The identifiers `node` mentions (not properties, not keyword names).
pub(super) fn referenced(node: Node, src: &str, lang: Lang) -> Vec<String> {
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
    let commonjs = req.context.project.as_ref().is_some_and(|p| p.commonjs);
    let check = if commonjs {
        "require.main === module"
    } else {
        "import.meta.url === pathToFileURL(process.argv[1]).href"
    };
    let mut piece = Piece {
        text: format!("if ({check}) {{\n{}\n}}\n", indent(&translated.text, "  ")),
        support: translated.support,
    };
    if !commonjs {
        piece.add_support(vec![SupportCode {
            key: "import node:url pathToFileURL".into(),
            code: "import { pathToFileURL } from \"node:url\";\n".into(),
        }]);
    }
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

// -- Rust → Python / JavaScript ----------------------------------------------

/// Translates a Rust unit that is the program's `fn main()`: the function,
/// with the command line (`std::env::args().collect()`), the exit
/// (`std::process::exit`) and printing (`println!`) standing in as
/// placeholder calls whose target names are the target's, followed by the
/// target's main check calling it. `None` when the unit is not `fn main()`.
/// Rust's `args()` starts with the program like Python's `sys.argv`; Node's
/// `process.argv` has `node` before it, hence `process.argv.slice(1)`.
pub fn rust_main(req: &TranslationRequest, direction: Direction) -> Result<Option<Piece>, String> {
    let src = req.source.strip_prefix('\u{feff}').unwrap_or(&req.source);
    let Some(tree) = crate::units::parse(src, Lang::Rust) else {
        return Ok(None);
    };
    let root = tree.root_node();
    let mut cursor = root.walk();
    let functions: Vec<Node> = root
        .named_children(&mut cursor)
        .filter(|n| n.kind() == "function_item")
        .collect();
    let [main] = functions.as_slice() else {
        return Ok(None);
    };
    if main
        .child_by_field_name("name")
        .is_none_or(|n| &src[n.byte_range()] != "main")
    {
        return Ok(None);
    }
    let line = req.first_line + main.start_position().row;
    let no_params = main
        .child_by_field_name("parameters")
        .is_some_and(|p| p.named_child_count() == 0);
    if !no_params || main.child_by_field_name("return_type").is_some() {
        return Err(format!(
            "`fn main` with parameters or a return type at line {line}"
        ));
    }
    let to_js = req.to == Lang::JavaScript;
    let refused = std::cell::Cell::new(None);
    let rewritten = rewrite(src, Lang::Rust, &|node, t| {
        let text: String = t[node.byte_range()]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        match node.kind() {
            "macro_invocation" => {
                let mac = node.child_by_field_name("macro")?;
                let args = {
                    let mut c = node.walk();
                    let found = node
                        .named_children(&mut c)
                        .find(|c| c.kind() == "token_tree");
                    found?
                };
                match &t[mac.byte_range()] {
                    "println" if args.named_child_count() > 0 => {
                        Some(format!("xlate_print(format!{})", &t[args.byte_range()]))
                    }
                    "println" => Some("xlate_print(String::new())".into()),
                    "print" | "eprint" | "eprintln" => {
                        refused.set(Some((
                            node.start_position().row,
                            "printing other than println!",
                        )));
                        None
                    }
                    _ => None,
                }
            }
            "call_expression" => {
                let f = node.child_by_field_name("function")?;
                let f: String = t[f.byte_range()]
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                if matches!(f.as_str(), "std::process::exit" | "process::exit") {
                    let args = node.child_by_field_name("arguments")?;
                    return Some(format!("xlate_exit{}", &t[args.byte_range()]));
                }
                let argv = [
                    "std::env::args().collect()",
                    "std::env::args().collect::<Vec<String>>()",
                    "std::env::args().collect::<Vec<_>>()",
                    "env::args().collect()",
                    "env::args().collect::<Vec<String>>()",
                    "env::args().collect::<Vec<_>>()",
                ];
                if argv.contains(&text.as_str()) {
                    return Some(
                        if to_js {
                            "xlate_argv(1)"
                        } else {
                            "xlate_argv()"
                        }
                        .into(),
                    );
                }
                if f.ends_with("env::args") {
                    refused.set(Some((
                        node.start_position().row,
                        "`std::env::args()` other than collected into a `Vec<String>`",
                    )));
                }
                None
            }
            _ => None,
        }
    })
    .ok_or_else(|| format!("`fn main` the parser gave up on at line {line}"))?;
    if let Some((row, what)) = refused.get() {
        return Err(format!("{what} at line {}", req.first_line + row));
    }
    let names: &[(&str, &str)] = if to_js {
        &[
            ("xlate_print", "console.log"),
            ("xlate_exit", "process.exit"),
            ("xlate_argv", "process.argv.slice"),
        ]
    } else {
        &[
            ("xlate_print", "print"),
            ("xlate_exit", "sys.exit"),
            ("xlate_argv", "sys.argv.copy"),
        ]
    };
    let mut sub = req.clone();
    sub.source = rewritten.clone();
    sub.kind = SegmentKind::Function;
    sub.context
        .names
        .extend(names.iter().map(|(a, b)| (a.to_string(), b.to_string())));
    let translated = direction(&sub)?;
    let mut piece = Piece {
        text: translated.text.trim_end_matches('\n').to_string(),
        support: translated.support,
    };
    if to_js && req.context.project.as_ref().is_some_and(|p| p.commonjs) {
        piece
            .text
            .push_str("\n\nif (require.main === module) {\n  main();\n}\n");
    } else if to_js {
        piece.text.push_str(
            "\n\nif (import.meta.url === pathToFileURL(process.argv[1]).href) {\n  main();\n}\n",
        );
        piece.add_support(vec![SupportCode {
            key: "import node:url pathToFileURL".into(),
            code: "import { pathToFileURL } from \"node:url\";\n".into(),
        }]);
    } else {
        piece
            .text
            .push_str("\n\n\nif __name__ == \"__main__\":\n    main()\n");
        if rewritten.contains("xlate_exit") || rewritten.contains("xlate_argv") {
            piece.add_support(vec![SupportCode {
                key: "import sys".into(),
                code: "import sys\n".into(),
            }]);
        }
    }
    Ok(Some(piece))
}
