//! A fuzz target over splitting, checking and every engine direction, in
//! process (issue 11): generated Python, JavaScript and Rust that nests
//! thousands of levels deep, chains thousands of operators, and is made odd
//! on purpose (unterminated strings and brackets, CRLF, a byte-order mark,
//! non-ASCII names, NULs, very long lines, pieces of the other languages).
//! A stack overflow aborts the test binary; a panic anywhere, even one the
//! pipeline contains and reports as `the engine panicked`, fails the case.
//!
//! `cargo test` runs a few cases. To fuzz for longer:
//!
//! ```text
//! XLATE_FUZZ_SECONDS=600 cargo test --release --test tests fuzz:: -- --nocapture
//! ```
//!
//! `XLATE_FUZZ_CASES` sets the cases per round (default 6); with
//! `XLATE_FUZZ_SECONDS` rounds go on until that many seconds have passed.
//! `XLATE_FUZZ_LAST=FILE` writes each input to FILE before it runs, so the
//! input that killed a run (a stack overflow cannot be caught) is left behind;
//! `XLATE_FUZZ_TRACE` prints each input's size and depth and how long each
//! call on it took.
//! A summary of what was tried is printed at the end.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestError, TestRunner};

use xlate::depth::MAX_NESTING;
use xlate::engine::{self, Context, Engine, TranslationRequest};
use xlate::lang::Lang;
use xlate::pipeline::{translate_text, Settings};
use xlate::signatures::{self, Signatures};
use xlate::units::{self, SegmentKind, SplitOptions};
use xlate::verify;

/// Rendered inputs stop growing past this many bytes, so that one case stays
/// within seconds (a chain of 10,000 terms fits). Parsing is most of a case,
/// and on some broken text tree-sitter's error recovery takes time that
/// grows as the square of the length: 8,000 `lambda: [] *` in a row take
/// minutes to parse in a debug build.
const MAX_BYTES: usize = 64 * 1024;

/// Text is split as the other languages too only when it is smaller than
/// this: on deep foreign syntax (`{**{**...`, `f'{f'{...` read as
/// JavaScript) tree-sitter's error recovery takes time that grows as the
/// square of the depth, 20 s for 8,000 levels in a debug build.
const MAX_FOREIGN_BYTES: usize = 16 * 1024;

// -- What is generated -----------------------------------------------------

/// An expression, with indices into the tables of whatever language it is
/// written in (taken modulo their length), so one tree renders in any.
#[derive(Clone, Debug)]
enum Expr {
    Atom(usize),
    Unary(usize, Box<Expr>),
    Binary(Box<Expr>, usize, Box<Expr>),
    Wrap(usize, Box<Expr>),
    /// `e op e op ... e`, this many terms: long chains.
    Chain(Box<Expr>, usize, usize),
    /// A wrapper this many times around `e`: deep nesting.
    Nest(usize, Box<Expr>, usize),
}

/// A statement template with the expression in its hole.
#[derive(Clone, Debug)]
struct Stmt {
    template: usize,
    expr: Expr,
}

#[derive(Clone, Debug)]
enum Item {
    Function(Vec<Stmt>),
    /// Top-level code: glue.
    Top(Stmt),
    /// A class (a struct and its impl in Rust) with methods.
    Class(Vec<Vec<Stmt>>),
    /// A function whose statement sits inside this many nested blocks.
    Blocks(usize, Stmt),
    /// An odd fragment, as it is.
    Raw(usize),
}

/// A change that makes the text odd.
#[derive(Clone, Debug)]
enum Mutation {
    /// Puts an odd fragment at a point (a fraction of the length).
    Insert(u32, usize),
    /// Cuts the text at a point: unterminated everything.
    Truncate(u32),
    /// Removes up to this many characters from a point.
    Delete(u32, usize),
    /// Every line ending becomes CRLF.
    Crlf,
    /// A byte-order mark in front.
    Bom,
    /// A line of this many characters at the end.
    LongLine(usize),
}

#[derive(Clone, Debug)]
struct Input {
    lang: Lang,
    items: Vec<Item>,
    mutations: Vec<Mutation>,
    /// `--split-classes-over`.
    split_at: usize,
    /// Whether the same items, written in the target language, are given as
    /// the run's signatures.
    with_signatures: bool,
}

/// How many times a chain repeats or a nest wraps: mostly a few, sometimes
/// hundreds, around the engines' bound, or thousands.
fn count(max: usize) -> impl Strategy<Value = usize> {
    prop_oneof![
        8 => 1..4usize,
        3 => 4..64usize,
        2 => 64..(MAX_NESTING + 200),
        2 => (MAX_NESTING / 2 - 20)..(MAX_NESTING / 2 + 20),
        2 => (MAX_NESTING - 20)..(MAX_NESTING + 20),
        2 => (MAX_NESTING + 200)..max,
    ]
}

fn expr() -> impl Strategy<Value = Expr> {
    let leaf = any::<usize>().prop_map(Expr::Atom);
    leaf.prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            (any::<usize>(), inner.clone()).prop_map(|(op, e)| Expr::Unary(op, Box::new(e))),
            (inner.clone(), any::<usize>(), inner.clone()).prop_map(|(a, op, b)| Expr::Binary(
                Box::new(a),
                op,
                Box::new(b)
            )),
            (any::<usize>(), inner.clone()).prop_map(|(w, e)| Expr::Wrap(w, Box::new(e))),
            (inner.clone(), any::<usize>(), count(12_000)).prop_map(|(e, op, n)| Expr::Chain(
                Box::new(e),
                op,
                n
            )),
            (any::<usize>(), inner, count(6_000)).prop_map(|(w, e, n)| Expr::Nest(
                w,
                Box::new(e),
                n
            )),
        ]
    })
}

fn stmt() -> impl Strategy<Value = Stmt> {
    (any::<usize>(), expr()).prop_map(|(template, expr)| Stmt { template, expr })
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        4 => prop::collection::vec(stmt(), 1..4).prop_map(Item::Function),
        2 => stmt().prop_map(Item::Top),
        1 => prop::collection::vec(prop::collection::vec(stmt(), 1..3), 1..3).prop_map(Item::Class),
        2 => (count(6_000), stmt()).prop_map(|(n, s)| Item::Blocks(n, s)),
        1 => any::<usize>().prop_map(Item::Raw),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        4 => (any::<u32>(), any::<usize>()).prop_map(|(at, f)| Mutation::Insert(at, f)),
        1 => any::<u32>().prop_map(Mutation::Truncate),
        1 => (any::<u32>(), 1..40usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        1 => Just(Mutation::Crlf),
        1 => Just(Mutation::Bom),
        1 => (1_000..120_000usize).prop_map(Mutation::LongLine),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    (
        prop::sample::select(Lang::ALL.to_vec()),
        prop::collection::vec(item(), 1..5),
        // Most inputs are well formed, so that they reach the engines
        // (a unit with a syntax error is not translated at all).
        prop_oneof![
            3 => Just(Vec::new()),
            2 => prop::collection::vec(mutation(), 1..4),
        ],
        prop_oneof![Just(usize::MAX), 0..20_000usize],
        any::<bool>(),
    )
        .prop_map(
            |(lang, items, mutations, split_at, with_signatures)| Input {
                lang,
                items,
                mutations,
                split_at,
                with_signatures,
            },
        )
}

// -- Writing it in each language ---------------------------------------------

/// Fragments that make text odd, in any language.
const ODD: &[&str] = &[
    "\"unterminated",
    "'",
    "\"\"\"",
    "`${",
    "/*",
    "*/",
    "#",
    "//",
    "\\",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\u{feff}",
    "\r",
    "\r\n",
    "\t",
    "\0",
    "\u{202e}",
    "\u{2028}",
    "\x0c",
    "é",
    "ß",
    "变量",
    "😀",
    "\u{10ffff}",
    "ñame = 1\n",
    "def",
    "function",
    "fn",
    "=>",
    "::",
    "@dec\n",
    "async ",
    "await ",
    "yield ",
    "\"\\N{BULLET}\"",
    "r#\"",
    "b'",
    "0x",
    "1e",
    "...",
    ";;;;",
    "\n\n\n",
    "    ",
    "class ",
    "impl X for Y {",
    "macro_rules! m { () => {} }\n",
    "export default ",
    "import os\n",
    "from typing import List\n",
    "use std::fmt;\n",
    "'\\u{ZZ}'",
    "f'{x!r:>{w}}'",
    "/[a-z]+/gu",
    "#!/usr/bin/env node\n",
];

struct Syntax {
    lang: Lang,
    atoms: &'static [&'static str],
    binary: &'static [&'static str],
    unary: &'static [&'static str],
    /// Wrappers: open, close.
    wraps: &'static [(&'static str, &'static str)],
    /// Statement templates; `@` is the expression, `\n` a new line at the
    /// statement's indentation.
    stmts: &'static [&'static str],
    /// Top-level statement templates.
    tops: &'static [&'static str],
    /// Nested blocks: open, close.
    blocks: &'static [(&'static str, &'static str)],
}

const PYTHON: Syntax = Syntax {
    lang: Lang::Python,
    atoms: &[
        "x",
        "y",
        "1",
        "0",
        "-1",
        "0x1F",
        "1_000",
        "1.5",
        "1e308",
        "1j",
        "'s'",
        "\"é\\n\"",
        "f'{x}'",
        "f'{x:>{y}}'",
        "b'x'",
        "r'\\d'",
        "None",
        "True",
        "False",
        "[]",
        "{}",
        "()",
        "ñame",
        "变量",
        "x.y",
        "x[0]",
        "x[1:2]",
        "len(x)",
        "...",
        "'''tri'''",
        "\"\\N{BULLET}\"",
        "9223372036854775807",
        "99999999999999999999",
        "-9223372036854775808",
        "2**53",
        "'😀'",
        "\"\\x00\"",
        "lambda: 0",
        "x.items()",
        "str(x)",
        "range(10)",
        "{1, 2}",
        "{'a': 1}",
        "[1, 2, 3]",
        "(1,)",
        "print",
    ],
    binary: &[
        "+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "and", "or", "<", "<=",
        "==", "!=", ">", ">=", "in", "not in", "is", "is not", "@",
    ],
    unary: &["-", "+", "~", "not "],
    wraps: &[
        ("(", ")"),
        ("[", "]"),
        ("{", "}"),
        ("f(", ")"),
        ("len(", ")"),
        ("abs(", ")"),
        ("str(", ")"),
        ("int(", ")"),
        ("sorted(", ")"),
        ("list(", ")"),
        ("set(", ")"),
        ("min(x, ", ")"),
        ("max(", ", 1)"),
        ("sum(", ")"),
        ("any(", ")"),
        ("round(", ")"),
        ("lambda: ", ""),
        ("lambda a: ", ""),
        ("x if ", " else y"),
        ("1 if x else ", ""),
        ("(", " for i in x)"),
        ("[", " for i in range(3)]"),
        ("[i for i in ", "]"),
        ("{", ": 1}"),
        ("f'{", "}'"),
        ("not ", ""),
        ("-", ""),
        ("(", ",)"),
        ("x[", "]"),
        ("(", ").upper()"),
        ("(", ").split(',')"),
        ("print(", ")"),
        ("isinstance(", ", int)"),
        ("'-'.join(", ")"),
        ("(", ")[0]"),
        ("(", ").x"),
        ("[*", "]"),
        ("{**", "}"),
    ],
    stmts: &[
        "return @",
        "x = @",
        "x += @",
        "y = x = @",
        "if @:\n    pass",
        "if x:\n    return @\nelif y:\n    pass\nelse:\n    pass",
        "while @:\n    break",
        "for i in @:\n    pass\nelse:\n    pass",
        "assert @",
        "print(@)",
        "raise ValueError(@)",
        "@",
        "y = [@ for i in x]",
        "del x[@]",
        "x[0] = @",
        "x.y = @",
        "global g\ng = @",
        "yield @",
        "with open(@) as fh:\n    pass",
        "try:\n    x = @\nexcept Exception as e:\n    pass\nfinally:\n    pass",
        "x, y = @, 1",
        "match @:\n    case 1:\n        pass\n    case _:\n        pass",
        "def inner(a=@):\n    return a",
        "class K:\n    v = @",
        "\"\"\"Doc.\"\"\"\nreturn @",
        "nonlocal x\nx = @",
    ],
    tops: &[
        "X = @",
        "print(@)",
        "if __name__ == '__main__':\n    f0(@)",
        "import os\nY = @",
        "@",
    ],
    blocks: &[
        ("if x:", ""),
        ("while x:", ""),
        ("for i in x:", ""),
        ("with x:", ""),
        ("try:", ""),
        ("def g():", ""),
    ],
};

const JAVASCRIPT: Syntax = Syntax {
    lang: Lang::JavaScript,
    atoms: &[
        "x",
        "y",
        "1",
        "0",
        "-1",
        "0x1F",
        "1_000",
        "1.5",
        "1e309",
        "1n",
        "'s'",
        "\"é\\n\"",
        "`t${x}`",
        "/re/g",
        "null",
        "undefined",
        "NaN",
        "Infinity",
        "[]",
        "{}",
        "this",
        "ñame",
        "变量",
        "x.y",
        "x?.y",
        "x[0]",
        "x.length",
        "new Map()",
        "new Set([1])",
        "'😀'",
        "\"\\u{1F600}\"",
        "9007199254740993",
        "() => 0",
        "Math.PI",
        "typeof x",
        "[1, 2, 3]",
        "({a: 1})",
        "arguments",
        "import.meta",
        "super.x",
        "#p in x",
    ],
    binary: &[
        "+",
        "-",
        "*",
        "/",
        "%",
        "**",
        "<<",
        ">>",
        ">>>",
        "&",
        "|",
        "^",
        "&&",
        "||",
        "??",
        "<",
        "<=",
        "==",
        "===",
        "!=",
        "!==",
        ">",
        ">=",
        "in",
        "instanceof",
        ",",
    ],
    unary: &[
        "-", "+", "!", "~", "typeof ", "void ", "delete ", "await ", "++", "--",
    ],
    wraps: &[
        ("(", ")"),
        ("[", "]"),
        ("f(", ")"),
        ("Math.abs(", ")"),
        ("Math.max(1, ", ")"),
        ("String(", ")"),
        ("Number(", ")"),
        ("parseInt(", ")"),
        ("JSON.stringify(", ")"),
        ("Array.from(", ")"),
        ("() => ", ""),
        ("(a) => { return ", "; }"),
        ("x ? ", " : y"),
        ("x ? y : ", ""),
        ("{a: ", "}"),
        ("`${", "}`"),
        ("[...", "]"),
        ("x.map((v) => ", ")"),
        ("x.filter((v) => ", ")"),
        ("new Set(", ")"),
        ("(", ").toUpperCase()"),
        ("(", ").length"),
        ("(", ")[0]"),
        ("x[", "]"),
        ("!", ""),
        ("-", ""),
        ("console.log(", ")"),
        ("function () { return ", "; }"),
        ("new Array(", ")"),
        ("Object.keys(", ")"),
    ],
    stmts: &[
        "return @;",
        "let v = @;",
        "const c = @;",
        "var w = @;",
        "x = @;",
        "x += @;",
        "x[0] = @;",
        "if (@) {\n  return 1;\n} else if (x) {\n} else {\n}",
        "while (@) {\n  break;\n}",
        "for (const i of @) {\n}",
        "for (const k in @) {\n}",
        "for (let i = 0; i < @; i++) {\n  continue;\n}",
        "switch (@) {\n  case 1:\n    break;\n  default:\n}",
        "throw new Error(@);",
        "@;",
        "console.log(@);",
        "try {\n  x = @;\n} catch (e) {\n} finally {\n}",
        "do {\n} while (@);",
        "const [a, b] = @;",
        "const {a, b} = @;",
        "label: for (;;) { break label; }\nreturn @;",
        "/** @param {number[][]} x */\nreturn @;",
    ],
    tops: &[
        "const X = @;",
        "let Y = @;",
        "console.log(@);",
        "export const Z = @;",
        "module.exports = @;",
        "@;",
    ],
    blocks: &[
        ("if (x) {", "}"),
        ("while (x) {", "}"),
        ("{", "}"),
        ("for (;;) {", "}"),
        ("try {", "} catch (e) {}"),
        ("(() => {", "})();"),
    ],
};

const RUST: Syntax = Syntax {
    lang: Lang::Rust,
    atoms: &[
        "x",
        "y",
        "1",
        "0",
        "-1",
        "0x1F",
        "1_000u64",
        "1.5f32",
        "1e308",
        "\"s\"",
        "\"é\\n\"",
        "r#\"raw\"#",
        "'c'",
        "b'x'",
        "true",
        "None",
        "vec![]",
        "x.y",
        "x[0]",
        "ñame",
        "&x",
        "x.len()",
        "'😀'",
        "i64::MAX",
        "()",
        "[1, 2, 3]",
        "(1,)",
        "|a| a",
        "Self::C",
        "x as i64",
        "loop {}",
        "unsafe { x }",
        "'a'",
    ],
    binary: &[
        "+", "-", "*", "/", "%", "<<", ">>", "&", "|", "^", "&&", "||", "==", "!=", "<", "<=", ">",
        ">=", "..", "..=",
    ],
    unary: &["-", "!", "*", "&", "&mut "],
    wraps: &[
        ("(", ")"),
        ("[", "]"),
        ("f(", ")"),
        ("Some(", ")"),
        ("Box::new(", ")"),
        ("{ ", " }"),
        ("if x { ", " } else { 0 }"),
        ("|| ", ""),
        ("vec![", "]"),
        ("match x { _ => ", " }"),
        ("loop { break ", "; }"),
        ("(", ")?"),
        ("(", ").abs()"),
        ("(", ").0"),
        ("x[", "]"),
        ("format!(\"{}\", ", ")"),
        ("-", ""),
        ("!", ""),
        ("&", ""),
        ("async { ", " }"),
    ],
    stmts: &[
        "return @;",
        "let v = @;",
        "let mut w: i64 = @;",
        "x = @;",
        "x += @;",
        "if @ {\n}",
        "while @ {\n    break;\n}",
        "for i in @ {\n}",
        "match @ {\n    _ => {}\n}",
        "@;",
        "println!(\"{}\", @);",
        "let v: Vec<i64> = vec![@];",
        "@",
    ],
    tops: &[
        "const C: i64 = @;",
        "static S: i64 = @;",
        "type T = [u8; @];",
        "#[cfg(test)]\nconst D: i64 = @;",
    ],
    blocks: &[
        ("{", "}"),
        ("if x {", "}"),
        ("loop {", "}"),
        ("unsafe {", "}"),
        ("match x { _ => {", "} }"),
    ],
};

fn syntax(lang: Lang) -> &'static Syntax {
    match lang {
        Lang::Python => &PYTHON,
        Lang::JavaScript => &JAVASCRIPT,
        Lang::Rust => &RUST,
    }
}

fn pick<T: Copy>(table: &[T], i: usize) -> T {
    table[i % table.len()]
}

impl Syntax {
    fn expr(&self, e: &Expr, out: &mut String) {
        match e {
            Expr::Atom(a) => out.push_str(pick(self.atoms, *a)),
            Expr::Unary(op, e) => {
                out.push_str(pick(self.unary, *op));
                self.expr(e, out);
            }
            Expr::Binary(a, op, b) => {
                self.expr(a, out);
                out.push(' ');
                out.push_str(pick(self.binary, *op));
                out.push(' ');
                self.expr(b, out);
            }
            Expr::Wrap(w, e) => {
                let (open, close) = pick(self.wraps, *w);
                out.push_str(open);
                self.expr(e, out);
                out.push_str(close);
            }
            Expr::Chain(e, op, n) => {
                let op = pick(self.binary, *op);
                for i in 0..*n {
                    if i > 0 {
                        out.push(' ');
                        out.push_str(op);
                        out.push(' ');
                    }
                    self.expr(e, out);
                    if out.len() > MAX_BYTES {
                        break;
                    }
                }
            }
            Expr::Nest(w, e, n) => {
                let (open, close) = pick(self.wraps, *w);
                // As many levels as fit, closed as many times as opened.
                let levels = (*n).min(MAX_BYTES / (open.len() + close.len()).max(1));
                for _ in 0..levels {
                    out.push_str(open);
                }
                self.expr(e, out);
                for _ in 0..levels {
                    out.push_str(close);
                }
            }
        }
    }

    /// A statement at `indent`, every line of it indented.
    fn stmt(&self, s: &Stmt, templates: &[&str], indent: &str, out: &mut String) {
        let template = pick(templates, s.template);
        let mut e = String::new();
        self.expr(&s.expr, &mut e);
        let text = template.replacen('@', &e, 1);
        for line in text.split('\n') {
            out.push_str(indent);
            out.push_str(line);
            out.push('\n');
        }
    }

    fn function(&self, name: &str, body: &[Stmt], indent: &str, method: bool, out: &mut String) {
        let inner = format!("{indent}{}", self.indent_unit());
        match self.lang {
            Lang::Python => {
                let this = if method { "self, " } else { "" };
                out.push_str(&format!("{indent}def {name}({this}x, y):\n"));
            }
            Lang::JavaScript if method => out.push_str(&format!("{indent}{name}(x, y) {{\n")),
            Lang::JavaScript => out.push_str(&format!("{indent}function {name}(x, y) {{\n")),
            Lang::Rust => {
                let this = if method { "&self, " } else { "" };
                out.push_str(&format!(
                    "{indent}fn {name}({this}x: i64, y: i64) -> i64 {{\n"
                ));
            }
        }
        for s in body {
            self.stmt(s, self.stmts, &inner, out);
        }
        if self.lang != Lang::Python {
            out.push_str(&format!("{indent}}}\n"));
        }
    }

    fn indent_unit(&self) -> &'static str {
        match self.lang {
            Lang::Python => "    ",
            Lang::JavaScript => "  ",
            Lang::Rust => "    ",
        }
    }

    fn item(&self, index: usize, item: &Item, out: &mut String) {
        match item {
            Item::Function(body) => self.function(&format!("f{index}"), body, "", false, out),
            Item::Top(s) => self.stmt(s, self.tops, "", out),
            Item::Class(methods) => {
                let (open, inner, close) = match self.lang {
                    Lang::Python => (format!("class C{index}:\n"), "    ", ""),
                    Lang::JavaScript => (format!("class C{index} {{\n"), "  ", "}\n"),
                    Lang::Rust => (
                        format!("struct C{index};\n\nimpl C{index} {{\n"),
                        "    ",
                        "}\n",
                    ),
                };
                out.push_str(&open);
                for (j, body) in methods.iter().enumerate() {
                    self.function(&format!("m{j}"), body, inner, true, out);
                }
                out.push_str(close);
            }
            Item::Blocks(n, s) => {
                let (open, close) = pick(self.blocks, index);
                // Python's blocks are indented one space a level, which
                // makes the text grow as the square of the depth: 700
                // levels is some 250 KB. The others' blocks are on one
                // line: a failed unit is written as a comment block, and
                // tree-sitter-python reparses thousands of comment lines
                // in quadratic time.
                let mut body = String::new();
                match self.lang {
                    Lang::Python => {
                        let n = (*n).min(700);
                        for level in 1..=n {
                            body.push_str(&" ".repeat(level));
                            body.push_str(open);
                            body.push('\n');
                        }
                        self.stmt(s, &["x = @"], &" ".repeat(n + 1), &mut body);
                        body.push_str(&format!(" return {close}0\n"));
                    }
                    Lang::JavaScript | Lang::Rust => {
                        let n = (*n).min(MAX_BYTES / (open.len() + close.len() + 2));
                        body.push_str(&format!("{} ", open.repeat(n)));
                        let mut inner = String::new();
                        self.stmt(s, &["x = @;"], "", &mut inner);
                        body.push_str(inner.trim_end());
                        body.push_str(&format!(" {}\n", close.repeat(n)));
                    }
                }
                match self.lang {
                    Lang::Python => out.push_str(&format!("def b{index}(x):\n{body}")),
                    Lang::JavaScript => {
                        out.push_str(&format!("function b{index}(x) {{\n{body}  return 0;\n}}\n"))
                    }
                    Lang::Rust => {
                        out.push_str(&format!("fn b{index}(x: i64) -> i64 {{\n{body}    0\n}}\n"))
                    }
                }
            }
            Item::Raw(f) => out.push_str(pick(ODD, *f)),
        }
    }

    fn program(&self, items: &[Item]) -> String {
        let mut out = String::new();
        for (i, item) in items.iter().enumerate() {
            self.item(i, item, &mut out);
            out.push('\n');
        }
        out
    }
}

/// The character boundary nearest below `fraction` of the way through.
fn point(text: &str, fraction: u32) -> usize {
    let mut at = (text.len() as u64 * fraction as u64 / u32::MAX as u64) as usize;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(mut text: String, mutations: &[Mutation]) -> String {
    for m in mutations {
        match m {
            Mutation::Insert(at, f) => {
                let at = point(&text, *at);
                text.insert_str(at, pick(ODD, *f));
            }
            Mutation::Truncate(at) => {
                let at = point(&text, *at);
                text.truncate(at);
            }
            Mutation::Delete(at, n) => {
                let at = point(&text, *at);
                let end = text[at..]
                    .char_indices()
                    .nth(*n)
                    .map_or(text.len(), |(i, _)| at + i);
                text.replace_range(at..end, "");
            }
            Mutation::Crlf => text = text.replace('\n', "\r\n"),
            Mutation::Bom => text.insert(0, '\u{feff}'),
            Mutation::LongLine(n) => {
                text.push_str("z = 'é");
                text.push_str(&"é".repeat(*n / 2));
                text.push_str("'\n");
            }
        }
    }
    text
}

impl Input {
    fn source(&self) -> String {
        mutate(syntax(self.lang).program(&self.items), &self.mutations)
    }
}

// -- Running it ---------------------------------------------------------------

/// What the fuzzing tried, for its closing summary.
#[derive(Default)]
struct Tally {
    cases: AtomicUsize,
    bytes: AtomicUsize,
    max_bytes: AtomicUsize,
    max_depth: AtomicUsize,
    max_line: AtomicUsize,
    /// Inputs deeper than the engines' bound.
    too_deep: AtomicUsize,
    /// Inputs with a syntax error.
    broken: AtomicUsize,
    units_translated: AtomicUsize,
    units_failed: AtomicUsize,
    /// Units declined for their nesting.
    declined_deep: AtomicUsize,
    by_lang: [AtomicUsize; 3],
    slowest_ms: AtomicUsize,
}

fn tally() -> &'static Tally {
    static TALLY: OnceLock<Tally> = OnceLock::new();
    TALLY.get_or_init(Tally::default)
}

fn engines(name: &str) -> &'static [Box<dyn Engine>] {
    static RULES: OnceLock<Vec<Box<dyn Engine>>> = OnceLock::new();
    static IDENTITY: OnceLock<Vec<Box<dyn Engine>>> = OnceLock::new();
    let cell = if name == "rules" { &RULES } else { &IDENTITY };
    cell.get_or_init(|| engine::build(name).expect("the engine exists"))
}

/// Depth of the deepest node (a cursor walk: this test must not recurse
/// over the tree either).
fn tree_depth(text: &str, lang: Lang) -> usize {
    let Some(tree) = units::parse(text, lang) else {
        return 0;
    };
    let mut cursor = tree.walk();
    let (mut depth, mut max) = (0usize, 0usize);
    loop {
        if cursor.goto_first_child() {
            depth += 1;
            max = max.max(depth);
            continue;
        }
        loop {
            if depth == 0 {
                return max;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            cursor.goto_parent();
            depth -= 1;
        }
    }
}

/// With `XLATE_FUZZ_TRACE` set, prints how long each call took.
struct Timer(String, Instant);

impl Drop for Timer {
    fn drop(&mut self) {
        if std::env::var_os("XLATE_FUZZ_TRACE").is_some() {
            eprintln!("  {:>8.3?} {}", self.1.elapsed(), self.0);
        }
    }
}

/// Runs `call`, turning a panic into a failed case that names the call.
fn no_panic<T>(what: &str, call: impl FnOnce() -> T) -> Result<T, TestCaseError> {
    let _timer = Timer(what.to_string(), Instant::now());
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        TestCaseError::fail(format!("{what} panicked: {message}"))
    })
}

fn check(input: &Input) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let result = check_text(input);
    let ms = started.elapsed().as_millis() as usize;
    tally().slowest_ms.fetch_max(ms, Ordering::Relaxed);
    result
}

fn check_text(input: &Input) -> Result<(), TestCaseError> {
    let text = input.source();
    let lang = input.lang;
    if std::env::var_os("XLATE_FUZZ_TRACE").is_some() {
        eprintln!(
            "case: {lang} {} bytes, depth {}",
            text.len(),
            tree_depth(&text, lang)
        );
    }
    if let Some(path) = std::env::var_os("XLATE_FUZZ_LAST") {
        let _ = std::fs::write(path, &text);
    }
    let t = tally();
    t.cases.fetch_add(1, Ordering::Relaxed);
    t.by_lang[Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0)]
        .fetch_add(1, Ordering::Relaxed);
    t.bytes.fetch_add(text.len(), Ordering::Relaxed);
    t.max_bytes.fetch_max(text.len(), Ordering::Relaxed);
    let longest = text.split('\n').map(str::len).max().unwrap_or(0);
    t.max_line.fetch_max(longest, Ordering::Relaxed);
    let depth = tree_depth(&text, lang);
    t.max_depth.fetch_max(depth, Ordering::Relaxed);
    if depth > MAX_NESTING {
        t.too_deep.fetch_add(1, Ordering::Relaxed);
    }
    let path = Path::new(match lang {
        Lang::Python => "fuzz.py",
        Lang::JavaScript => "fuzz.js",
        Lang::Rust => "fuzz.rs",
    });

    // Splitting, as every language: parsers also see text not theirs.
    let options = SplitOptions {
        split_classes_over: input.split_at,
    };
    for as_lang in Lang::ALL {
        if as_lang != lang && text.len() > MAX_FOREIGN_BYTES {
            continue;
        }
        let split = no_panic("split", || units::split(&text, as_lang, options))?;
        if let Ok(split) = split {
            let covered: String = split.segments.iter().map(|s| s.text(&text)).collect();
            prop_assert_eq!(covered.len(), text.len(), "segments cover the file");
            if as_lang == lang && split.first_error.is_some() {
                t.broken.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    // The candidate checks and the signature reader, on the text as it is.
    for kind in [SegmentKind::Function, SegmentKind::Method] {
        let _ = no_panic("verify::check", || verify::check(&text, lang, kind))?;
    }
    no_panic("signatures::functions_in", || {
        signatures::functions_in(&text, lang)
    })?;
    let _ = no_panic("Signatures::from_text", || {
        Signatures::from_text(&text, lang, path)
    })?;

    // The pipeline, into every language, with every engine that could run.
    for to in Lang::ALL {
        let mut settings = Settings::new(to);
        settings.split = options;
        if input.with_signatures {
            // The same items written in the target language: declarations
            // with the names of the source's functions, as deep as they are.
            let declarations = syntax(to).program(&input.items);
            if let Ok(signatures) = Signatures::from_text(&declarations, to, Path::new("sig")) {
                settings.signatures = signatures;
            }
        }
        let mut names = vec!["rules"];
        if to == lang {
            names.push("identity");
        }
        for name in names {
            let what = format!("translate_text {lang} to {to} with {name}");
            let result = no_panic(&what, || {
                translate_text(path, &text, lang, &settings, engines(name))
            })?;
            let Ok(file) = result else { continue };
            for unit in file.units.iter().flat_map(|u| u.walk()) {
                for reason in &unit.reasons {
                    prop_assert!(
                        !reason.contains("panicked"),
                        "{}: {} {:?}: {}",
                        what,
                        unit.kind,
                        unit.name,
                        reason
                    );
                    if reason.contains("nested deeper than") {
                        t.declined_deep.fetch_add(1, Ordering::Relaxed);
                    }
                }
                match unit.status {
                    xlate::report::UnitStatus::Translated => &t.units_translated,
                    _ => &t.units_failed,
                }
                .fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    // The rules engine on the whole text as one unit of every kind, with
    // the text as its imports and a deep declaration as its signature.
    let rules = &engines("rules")[0];
    for to in Lang::ALL {
        if !rules.supports(lang, to) {
            continue;
        }
        for kind in [SegmentKind::Function, SegmentKind::Glue] {
            let request = TranslationRequest {
                from: lang,
                to,
                kind,
                name: Some("f0".into()),
                source: text.clone(),
                path: path.to_path_buf(),
                first_line: 1,
                context: Context {
                    imports: text.clone(),
                    signature: input
                        .with_signatures
                        .then(|| syntax(to).program(&input.items)),
                    ..Context::default()
                },
            };
            no_panic("rules on the whole text", || rules.translate(&request))?
                .map_err(|e| TestCaseError::fail(format!("the rules engine failed: {e}")))?;
        }
    }
    Ok(())
}

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn fuzz_split_verify_and_every_engine_direction() {
    let cases = env_number("XLATE_FUZZ_CASES").unwrap_or(6) as u32;
    let budget = env_number("XLATE_FUZZ_SECONDS").map(Duration::from_secs);
    let config = Config {
        cases,
        // Inputs are printed below; a regressions file would need the
        // source path, which a runner built by hand does not know.
        failure_persistence: None,
        max_shrink_iters: 256,
        ..Config::default()
    };
    let started = Instant::now();
    let mut rounds = 0;
    let summary = |rounds: usize| {
        let t = tally();
        let n = |a: &AtomicUsize| a.load(Ordering::Relaxed);
        eprintln!(
            "fuzz: {} inputs in {rounds} rounds and {:.0?} (python {}, javascript {}, rust {}); \
             {} bytes in all, the largest {} bytes, the longest line {} bytes; \
             deepest tree {} levels, {} inputs deeper than {MAX_NESTING}; {} with syntax errors; \
             units {} translated, {} failed, {} declined for nesting; the slowest input {} ms",
            n(&t.cases),
            started.elapsed(),
            n(&t.by_lang[0]),
            n(&t.by_lang[1]),
            n(&t.by_lang[2]),
            n(&t.bytes),
            n(&t.max_bytes),
            n(&t.max_line),
            n(&t.max_depth),
            n(&t.too_deep),
            n(&t.broken),
            n(&t.units_translated),
            n(&t.units_failed),
            n(&t.declined_deep),
            n(&t.slowest_ms),
        );
    };
    loop {
        rounds += 1;
        // A runner counts its cases: each round needs a new one (with a new
        // random seed).
        let mut runner = TestRunner::new(config.clone());
        match runner.run(&input(), |input| check(&input)) {
            Ok(()) => {}
            Err(TestError::Fail(reason, input)) => {
                let text = input.source();
                let _ = std::fs::write(std::env::temp_dir().join("xlate-fuzz-failure.txt"), &text);
                panic!(
                    "{reason}\n{} input, {} bytes (all of it in {}):\n{:.2000}",
                    input.lang,
                    text.len(),
                    std::env::temp_dir()
                        .join("xlate-fuzz-failure.txt")
                        .display(),
                    text
                );
            }
            Err(e) => panic!("{e}"),
        }
        // Long runs report as they go, so that a run cut short still says
        // what it tried.
        let done = budget.is_none_or(|b| started.elapsed() >= b);
        if budget.is_some() || done {
            summary(rounds);
        }
        if done {
            break;
        }
    }
}
