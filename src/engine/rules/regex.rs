//! Regular expressions in the subset Python's `re` and JavaScript's
//! `RegExp` read alike: one parser per source syntax into a small AST, one
//! printer per target. The frontends keep a pattern in the IR in the
//! portable spelling ([`Regex::portable`]), which both backends parse back
//! with [`Syntax::Portable`] and print for their target.
//!
//! What the subset keeps exact, and why each declined piece differs:
//! - JavaScript without the `u` flag reads a string as UTF-16 units,
//!   Python as code points: `.`, negated classes (`[^a]`, `\D`, `\W`,
//!   `\S`) and surrogate escapes would match half a character in one and a
//!   whole one in the other, so a JavaScript pattern holding them is
//!   declined. The JavaScript printer always sets `u`, where JavaScript
//!   reads code points as Python does, so a Python pattern may hold them.
//! - `\d`, `\w`, `\s` are spelled as the explicit classes the source means
//!   (Python's `\d`, `\w` and `\b` follow its Unicode tables, which are not
//!   JavaScript's: declined unless `re.ASCII`).
//! - `$` is the end of the input in JavaScript; Python's also matches
//!   before a final `\n`: each is spelled out (`\Z`, `(?=\n?$)`).
//! - Case-insensitive matching is spelled out on ASCII letters (`[aA]`):
//!   JavaScript's `i` and Python's `re.I` fold non-ASCII letters
//!   differently (Python folds `K`, the Kelvin sign, onto `k`).
//! - Backreferences, lookbehind, named groups, inline flags, the flags
//!   `m`, `s`, `u`, `y`, `d` (and `re.M`, `re.S`, `re.X`) are declined.

use std::fmt::Write as _;

/// Which syntax a pattern is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// A JavaScript regex literal's pattern (no `u` flag): UTF-16 units.
    JavaScript,
    /// A JavaScript regex literal's pattern, for a target that matches by
    /// code points and refuses, at run time, a string with a character
    /// past the BMP wherever the pattern could read it differently (the
    /// runtime of `back::rust_dynamic`: `.`, a negated class, a class
    /// reaching the surrogates). On every other string units and code
    /// points are the same.
    JavaScriptBmp,
    /// A Python `re` pattern (a `str`): code points.
    Python,
    /// The module's own spelling, kept in the IR: JavaScript's syntax read
    /// with code point semantics.
    Portable,
}

/// The flags of a pattern, by meaning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Flags {
    pub ignore_case: bool,
    /// Python's `re.ASCII`: `\d`, `\w`, `\s`, `\b` over ASCII.
    pub ascii: bool,
}

/// A pattern, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regex {
    node: Node,
    groups: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    Empty,
    Char(char),
    /// A set of code point ranges, or its complement.
    Class {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
    /// The start of the input.
    Start,
    /// The end of the input.
    End,
    /// `\b` (or `\B` when `negated`) over ASCII word characters.
    WordBoundary {
        negated: bool,
    },
    Group {
        capture: bool,
        body: Box<Node>,
    },
    Lookahead {
        negated: bool,
        body: Box<Node>,
    },
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat {
        body: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
}

/// JavaScript's `\s`: WhiteSpace and LineTerminator.
const JS_SPACE: &[(char, char)] = &[
    ('\t', '\r'),
    (' ', ' '),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{feff}', '\u{feff}'),
];

/// Python's `\s` on a `str` pattern: the characters `str.isspace` accepts.
const PY_SPACE: &[(char, char)] = &[
    ('\t', '\r'),
    ('\u{1c}', ' '),
    ('\u{85}', '\u{85}'),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
];

/// Python's `\s` under `re.ASCII`.
const ASCII_SPACE: &[(char, char)] = &[('\t', '\r'), (' ', ' ')];
const DIGIT: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];

/// A reason a pattern is declined.
pub type Why = String;

struct Parser<'a> {
    chars: Vec<char>,
    at: usize,
    syntax: Syntax,
    flags: Flags,
    groups: usize,
    _src: &'a str,
}

impl Regex {
    /// Parses `pattern` written in `syntax` under `flags`, or says why it
    /// is outside the subset.
    pub fn parse(pattern: &str, syntax: Syntax, flags: Flags) -> Result<Regex, Why> {
        let mut p = Parser {
            chars: pattern.chars().collect(),
            at: 0,
            syntax,
            flags,
            groups: 0,
            _src: pattern,
        };
        let node = p.alternation()?;
        if p.at < p.chars.len() {
            return Err(format!("unbalanced `{}` in a pattern", p.chars[p.at]));
        }
        Ok(Regex {
            node,
            groups: p.groups,
        })
    }

    /// The pattern that matches `text` itself (JavaScript's
    /// `s.replace("-", ...)`).
    pub fn literal(text: &str) -> Regex {
        Regex {
            node: Node::Concat(text.chars().map(Node::Char).collect()),
            groups: 0,
        }
    }

    /// The pattern held to match at the start (`re.match`), and to the
    /// end too (`re.fullmatch`) when `to_end`.
    pub fn anchored(self, to_end: bool) -> Regex {
        let mut items = vec![
            Node::Start,
            Node::Group {
                capture: false,
                body: Box::new(self.node),
            },
        ];
        if to_end {
            items.push(Node::End);
        }
        Regex {
            node: Node::Concat(items),
            groups: self.groups,
        }
    }

    /// Parses a pattern kept in the IR.
    pub fn portable_parse(pattern: &str) -> Result<Regex, Why> {
        Regex::parse(pattern, Syntax::Portable, Flags::default())
    }

    /// How many capturing groups the pattern has.
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// Whether the pattern may match the empty string (where `split`,
    /// `sub` and `findall` step differently in the two languages).
    pub fn may_match_empty(&self) -> bool {
        self.node.min_len() == 0
    }

    /// Whether a capturing group sits in a node repeated more than once:
    /// JavaScript forgets its text at each new round, Python keeps the
    /// last one that took part (`(?:(a)|b)+` on "ab").
    pub fn captures_repeat(&self) -> bool {
        fn has_capture(n: &Node) -> bool {
            match n {
                Node::Group { capture, body } => *capture || has_capture(body),
                Node::Lookahead { body, .. } | Node::Repeat { body, .. } => has_capture(body),
                Node::Concat(xs) | Node::Alt(xs) => xs.iter().any(has_capture),
                _ => false,
            }
        }
        fn walk(n: &Node) -> bool {
            match n {
                Node::Repeat { body, max, .. } => {
                    (*max != Some(1) && has_capture(body)) || walk(body)
                }
                Node::Group { body, .. } | Node::Lookahead { body, .. } => walk(body),
                Node::Concat(xs) | Node::Alt(xs) => xs.iter().any(walk),
                _ => false,
            }
        }
        walk(&self.node)
    }

    /// The spelling kept in the IR.
    pub fn portable(&self) -> String {
        self.javascript()
    }

    /// The pattern for Python's `re` (no flags needed).
    pub fn python(&self) -> String {
        let mut out = String::new();
        self.node.print(&mut out, Syntax::Python);
        out
    }

    /// The pattern for a JavaScript regex literal with the `u` flag
    /// (between the slashes).
    pub fn javascript(&self) -> String {
        let mut out = String::new();
        self.node.print(&mut out, Syntax::JavaScript);
        if out.is_empty() {
            out.push_str("(?:)");
        }
        out
    }

    /// A Python string literal holding [`Regex::python`].
    pub fn python_literal(&self) -> String {
        format!("r\"{}\"", self.python())
    }

    /// A JavaScript regex literal of the pattern with `flags` after `u`.
    pub fn javascript_literal(&self, flags: &str) -> String {
        format!("/{}/{flags}u", self.javascript())
    }
}

impl Node {
    fn min_len(&self) -> u64 {
        match self {
            Node::Empty
            | Node::Start
            | Node::End
            | Node::WordBoundary { .. }
            | Node::Lookahead { .. } => 0,
            Node::Char(_) | Node::Class { .. } => 1,
            Node::Group { body, .. } => body.min_len(),
            Node::Concat(xs) => xs.iter().map(Node::min_len).sum(),
            Node::Alt(xs) => xs.iter().map(Node::min_len).min().unwrap_or(0),
            Node::Repeat { body, min, .. } => body.min_len() * u64::from(*min),
        }
    }

    fn print(&self, out: &mut String, to: Syntax) {
        match self {
            Node::Empty => {}
            Node::Char(c) => print_char(out, *c, false, to),
            Node::Class { negated, ranges } => {
                out.push('[');
                if *negated {
                    out.push('^');
                }
                for &(lo, hi) in ranges {
                    print_char(out, lo, true, to);
                    if hi != lo {
                        if u32::from(hi) > u32::from(lo) + 1 {
                            out.push('-');
                        }
                        print_char(out, hi, true, to);
                    }
                }
                out.push(']');
            }
            Node::Start => out.push('^'),
            Node::End => out.push_str(if to == Syntax::Python { "\\Z" } else { "$" }),
            // JavaScript's `\b` without `i` and `u`... and with `u` but no
            // `i` is over ASCII; Python's needs `(?a:)`.
            Node::WordBoundary { negated } => {
                let b = if *negated { "\\B" } else { "\\b" };
                if to == Syntax::Python {
                    let _ = write!(out, "(?a:{b})");
                } else {
                    out.push_str(b);
                }
            }
            Node::Group { capture, body } => {
                out.push_str(if *capture { "(" } else { "(?:" });
                body.print(out, to);
                out.push(')');
            }
            Node::Lookahead { negated, body } => {
                out.push_str(if *negated { "(?!" } else { "(?=" });
                body.print(out, to);
                out.push(')');
            }
            Node::Concat(xs) => {
                for x in xs {
                    x.print(out, to);
                }
            }
            Node::Alt(xs) => {
                for (i, x) in xs.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    x.print(out, to);
                }
            }
            Node::Repeat {
                body,
                min,
                max,
                greedy,
            } => {
                body.print(out, to);
                match (min, max) {
                    (0, None) => out.push('*'),
                    (1, None) => out.push('+'),
                    (0, Some(1)) => out.push('?'),
                    (m, None) => {
                        let _ = write!(out, "{{{m},}}");
                    }
                    (m, Some(n)) if m == n => {
                        let _ = write!(out, "{{{m}}}");
                    }
                    (m, Some(n)) => {
                        let _ = write!(out, "{{{m},{n}}}");
                    }
                }
                if !greedy {
                    out.push('?');
                }
            }
        }
    }
}

/// One character of a pattern, escaped where it would not stand for
/// itself (in a class when `in_class`). JavaScript's `u` mode allows only
/// the syntax characters (and `-` in a class, `/`) to be escaped.
fn print_char(out: &mut String, c: char, in_class: bool, to: Syntax) {
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\x0b' => out.push_str("\\v"),
        '\x0c' => out.push_str("\\f"),
        '^' | '$' | '\\' | '.' | '*' | '+' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '|'
        | '/' => {
            out.push('\\');
            out.push(c);
        }
        '-' if in_class => out.push_str("\\-"),
        // Python's raw string literal holds the pattern: `"` is escaped
        // (an identity escape to `re`).
        '"' if to == Syntax::Python => out.push_str("\\\""),
        c if c.is_ascii_graphic() || c == ' ' => out.push(c),
        c if u32::from(c) < 0x100 => {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        }
        c if u32::from(c) < 0x10000 => {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        }
        c if to == Syntax::Python => {
            let _ = write!(out, "\\U{:08x}", u32::from(c));
        }
        c => {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        }
    }
}

/// `ranges` sorted, overlapping and adjacent ones merged.
fn normalize(mut ranges: Vec<(char, char)>) -> Vec<(char, char)> {
    ranges.sort();
    let mut out: Vec<(char, char)> = Vec::new();
    for (lo, hi) in ranges {
        if let Some(last) = out.last_mut() {
            if u32::from(lo) <= u32::from(last.1) + 1 {
                if hi > last.1 {
                    last.1 = hi;
                }
                continue;
            }
        }
        out.push((lo, hi));
    }
    out
}

/// `ranges` with the other case of each ASCII letter added, or None where
/// a range holds a non-ASCII character with cases.
fn with_ascii_cases(ranges: &[(char, char)]) -> Option<Vec<(char, char)>> {
    let mut out = ranges.to_vec();
    for &(lo, hi) in ranges {
        if u32::from(hi) >= 0x80 {
            let has_case = (u32::from(lo).max(0x80)..=u32::from(hi))
                .filter_map(char::from_u32)
                .any(|c| c.is_lowercase() || c.is_uppercase());
            if has_case {
                return None;
            }
        }
        let ascii_hi = if u32::from(hi) >= 0x80 { '\x7f' } else { hi };
        for c in lo..=ascii_hi {
            if c.is_ascii_lowercase() {
                let u = c.to_ascii_uppercase();
                out.push((u, u));
            } else if c.is_ascii_uppercase() {
                let l = c.to_ascii_lowercase();
                out.push((l, l));
            }
        }
    }
    Some(normalize(out))
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn next(&mut self) -> Result<char, Why> {
        let c = self
            .peek()
            .ok_or("a pattern that ends inside an escape or class")?;
        self.at += 1;
        Ok(c)
    }

    fn js(&self) -> bool {
        self.syntax != Syntax::Python
    }

    /// Whether the pattern's `.` and negated classes would read UTF-16
    /// units (a JavaScript source).
    fn by_units(&self) -> bool {
        self.syntax == Syntax::JavaScript
    }

    /// Whether a character past the BMP in the pattern itself is declined
    /// (two UTF-16 units in JavaScript).
    fn bmp_only(&self) -> bool {
        matches!(self.syntax, Syntax::JavaScript | Syntax::JavaScriptBmp)
    }

    fn alternation(&mut self) -> Result<Node, Why> {
        let mut alts = vec![self.concat()?];
        while self.eat('|') {
            alts.push(self.concat()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self) -> Result<Node, Why> {
        let mut items = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let atom = self.quantified(atom)?;
            items.push(atom);
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(items),
        })
    }

    /// `{m}`, `{m,}`, `{m,n}` at the cursor (after the `{`), or None.
    fn braces(&mut self) -> Option<(u32, Option<u32>)> {
        let start = self.at;
        let number = |p: &mut Self| {
            let from = p.at;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.at += 1;
            }
            let digits: String = p.chars[from..p.at].iter().collect();
            digits.parse::<u32>().ok()
        };
        let result = (|| {
            let min = number(self)?;
            if self.eat('}') {
                return Some((min, Some(min)));
            }
            if !self.eat(',') {
                return None;
            }
            if self.eat('}') {
                return Some((min, None));
            }
            let max = number(self)?;
            self.eat('}').then_some((min, Some(max)))
        })();
        if result.is_none() {
            self.at = start;
        }
        result
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, Why> {
        let (min, max) = match self.peek() {
            Some('*') => (0, None),
            Some('+') => (1, None),
            Some('?') => (0, Some(1)),
            Some('{') => {
                self.at += 1;
                match self.braces() {
                    Some(b) => {
                        self.at -= 1;
                        b
                    }
                    None => return Err("a `{` that is not a quantifier".into()),
                }
            }
            _ => return Ok(atom),
        };
        self.at += 1;
        if matches!(
            atom,
            Node::Start
                | Node::End
                | Node::WordBoundary { .. }
                | Node::Lookahead { .. }
                | Node::Empty
        ) {
            return Err("a quantifier on an assertion".into());
        }
        if max.is_some_and(|max| max < min) {
            return Err("a quantifier `{m,n}` with n < m".into());
        }
        let greedy = !self.eat('?');
        if matches!(self.peek(), Some('*' | '+' | '?' | '{')) {
            return Err("a quantifier after a quantifier (possessive in Python)".into());
        }
        Ok(Node::Repeat {
            body: Box::new(atom),
            min,
            max,
            greedy,
        })
    }

    fn class_node(&self, negated: bool, ranges: Vec<(char, char)>) -> Result<Node, Why> {
        let ranges = if self.flags.ignore_case {
            with_ascii_cases(&ranges).ok_or(
                "case-insensitive matching of non-ASCII letters (the two languages fold them differently)",
            )?
        } else {
            normalize(ranges)
        };
        if negated && self.by_units() {
            return Err("a negated class (it matches one UTF-16 unit in JavaScript, one code point in Python)".into());
        }
        Ok(Node::Class { negated, ranges })
    }

    fn char_node(&self, c: char) -> Result<Node, Why> {
        if self.flags.ignore_case && (c.is_lowercase() || c.is_uppercase()) {
            if !c.is_ascii() {
                return Err("case-insensitive matching of non-ASCII letters (the two languages fold them differently)".into());
            }
            return self.class_node(false, vec![(c, c)]);
        }
        Ok(Node::Char(c))
    }

    fn atom(&mut self) -> Result<Node, Why> {
        let c = self.next()?;
        match c {
            '(' => {
                let node = if self.eat('?') {
                    match self.next()? {
                        ':' => Node::Group {
                            capture: false,
                            body: Box::new(self.alternation()?),
                        },
                        '=' | '!' => {
                            let negated = self.chars[self.at - 1] == '!';
                            Node::Lookahead {
                                negated,
                                body: Box::new(self.alternation()?),
                            }
                        }
                        '<' if matches!(self.peek(), Some('=' | '!')) => {
                            return Err("lookbehind".into())
                        }
                        '<' | 'P' => return Err("a named group".into()),
                        _ => return Err("inline flags or a group extension `(?...)`".into()),
                    }
                } else {
                    self.groups += 1;
                    Node::Group {
                        capture: true,
                        body: Box::new(self.alternation()?),
                    }
                };
                if !self.eat(')') {
                    return Err("an unclosed group".into());
                }
                Ok(node)
            }
            ')' => Err("unbalanced `)` in a pattern".into()),
            '[' => self.class(),
            // JavaScript's `.` leaves out its four line terminators.
            '.' if self.syntax == Syntax::JavaScriptBmp => Ok(Node::Class {
                negated: true,
                ranges: normalize(vec![('\n', '\n'), ('\r', '\r'), ('\u{2028}', '\u{2029}')]),
            }),
            '.' => {
                if self.by_units() {
                    Err(
                        "`.` (it matches one UTF-16 unit in JavaScript, one code point in Python)"
                            .into(),
                    )
                } else {
                    Ok(Node::Class {
                        negated: true,
                        ranges: vec![('\n', '\n')],
                    })
                }
            }
            '^' => Ok(Node::Start),
            '$' if self.js() => Ok(Node::End),
            // Python's `$` also matches before a final newline.
            '$' => Ok(Node::Lookahead {
                negated: false,
                body: Box::new(Node::Concat(vec![
                    Node::Repeat {
                        body: Box::new(Node::Char('\n')),
                        min: 0,
                        max: Some(1),
                        greedy: true,
                    },
                    Node::End,
                ])),
            }),
            '*' | '+' | '?' => Err("a quantifier with nothing before it".into()),
            '{' => Err("a `{` that is not a quantifier".into()),
            '\\' => self.escape(false),
            c if (c as u32) > 0xffff && self.bmp_only() => {
                Err("a character outside the BMP (two UTF-16 units in JavaScript)".into())
            }
            c => self.char_node(c),
        }
    }

    /// The ranges of `\d`, `\w`, `\s` in the source's meaning.
    fn shorthand(&self, e: char) -> Result<&'static [(char, char)], Why> {
        let python = self.syntax == Syntax::Python;
        Ok(match e.to_ascii_lowercase() {
            'd' if python && !self.flags.ascii => {
                return Err("Python's `\\d` (Unicode digits, whose tables differ from JavaScript's; re.ASCII makes it 0-9)".into())
            }
            'w' if python && !self.flags.ascii => {
                return Err("Python's `\\w` (Unicode letters, whose tables differ from JavaScript's; re.ASCII makes it ASCII)".into())
            }
            'd' => DIGIT,
            'w' => WORD,
            's' if python && self.flags.ascii => ASCII_SPACE,
            's' if python => PY_SPACE,
            _ => JS_SPACE,
        })
    }

    /// An escape after `\`: outside a class, a node; inside one, a
    /// one-character class item (the caller reads `Node::Char`) or a
    /// class of ranges.
    fn escape(&mut self, in_class: bool) -> Result<Node, Why> {
        let e = self.next()?;
        let python = self.syntax == Syntax::Python;
        let ch = |c: char| -> Result<Node, Why> { Ok(Node::Char(c)) };
        match e {
            'd' | 'w' | 's' => {
                let ranges = self.shorthand(e)?.to_vec();
                Ok(Node::Class {
                    negated: false,
                    ranges,
                })
            }
            'D' | 'W' | 'S' => {
                if in_class {
                    return Err(format!("`\\{e}` in a class"));
                }
                let ranges = self.shorthand(e)?.to_vec();
                self.class_node(true, ranges)
            }
            'b' if in_class => {
                if python {
                    ch('\x08')
                } else {
                    Err("`\\b` in a class".into())
                }
            }
            'b' | 'B' => {
                if python && !self.flags.ascii {
                    return Err("Python's `\\b` (it reads Unicode word characters; re.ASCII makes it ASCII)".into());
                }
                Ok(Node::WordBoundary { negated: e == 'B' })
            }
            'A' if python && !in_class => Ok(Node::Start),
            'Z' if python && !in_class => Ok(Node::End),
            't' => ch('\t'),
            'n' => ch('\n'),
            'r' => ch('\r'),
            'f' => ch('\x0c'),
            'v' => ch('\x0b'),
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => ch('\0'),
            '1'..='9' | '0' => Err("a backreference or octal escape".into()),
            'x' => {
                let c = self.hex(2)?;
                ch(c)
            }
            'u' if self.peek() == Some('{') => {
                if self.syntax == Syntax::Portable {
                    self.at += 1;
                    let from = self.at;
                    while self.peek().is_some_and(|c| c != '}') {
                        self.at += 1;
                    }
                    let digits: String = self.chars[from..self.at].iter().collect();
                    self.at += 1;
                    let c = u32::from_str_radix(&digits, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .ok_or("a bad `\\u{...}` escape")?;
                    ch(c)
                } else {
                    Err("`\\u{...}` (a code point escape JavaScript reads only with `u`)".into())
                }
            }
            'u' => {
                let c = self.hex(4)?;
                ch(c)
            }
            'U' if python => {
                let c = self.hex(8)?;
                ch(c)
            }
            c if c.is_ascii_punctuation() => ch(c),
            c => Err(format!("the escape `\\{c}`")),
        }
    }

    fn hex(&mut self, n: usize) -> Result<char, Why> {
        let mut v = 0u32;
        for _ in 0..n {
            let d = self
                .next()?
                .to_digit(16)
                .ok_or("a short hexadecimal escape")?;
            v = v * 16 + d;
        }
        char::from_u32(v).ok_or_else(|| "an escape of a surrogate (half a character)".into())
    }

    fn class(&mut self) -> Result<Node, Why> {
        let negated = self.eat('^');
        if self.peek() == Some(']') {
            return Err("an empty class or `]` first in a class (read differently)".into());
        }
        let mut ranges: Vec<(char, char)> = Vec::new();
        loop {
            let c = self.next()?;
            let item = match c {
                ']' => break,
                // JavaScript (without `v`) reads `[` in a class as itself,
                // as the printers spell it (escaped); Python may one day
                // read it as a nested set.
                '[' if self.syntax == Syntax::Python => {
                    return Err("`[` in a class (a set operation in later Python)".into())
                }
                '\\' => self.escape(true)?,
                c if (c as u32) > 0xffff && self.bmp_only() => {
                    return Err(
                        "a character outside the BMP (two UTF-16 units in JavaScript)".into(),
                    )
                }
                c => Node::Char(c),
            };
            match item {
                Node::Char(lo) => {
                    // A range `lo-hi`, unless the `-` is last.
                    if self.peek() == Some('-') && self.chars.get(self.at + 1) != Some(&']') {
                        self.at += 1;
                        let hi = match self.next()? {
                            '\\' => match self.escape(true)? {
                                Node::Char(hi) => hi,
                                _ => return Err("a range to a class".into()),
                            },
                            '[' if self.syntax == Syntax::Python => {
                                return Err(
                                    "`[` in a class (a set operation in later Python)".into()
                                )
                            }
                            hi => hi,
                        };
                        if hi < lo {
                            return Err("a range out of order".into());
                        }
                        if (hi as u32) > 0xffff && self.bmp_only() {
                            return Err(
                                "a character outside the BMP (two UTF-16 units in JavaScript)"
                                    .into(),
                            );
                        }
                        ranges.push((lo, hi));
                    } else {
                        if c == '-' && self.peek() == Some('-') {
                            return Err("`--` in a class (a set operation in later Python)".into());
                        }
                        ranges.push((lo, lo));
                    }
                }
                Node::Class {
                    negated: false,
                    ranges: rs,
                } => {
                    if self.peek() == Some('-') && self.chars.get(self.at + 1) != Some(&']') {
                        return Err("a range from a class".into());
                    }
                    ranges.extend(rs);
                }
                _ => return Err("a class item outside the subset".into()),
            }
        }
        if ranges.iter().any(|&(lo, hi)| {
            (0xd800..=0xdfff).contains(&(lo as u32)) || (lo as u32) < 0xd800 && (hi as u32) > 0xdfff
        }) && self.by_units()
        {
            return Err("a class over surrogates (UTF-16 units in JavaScript)".into());
        }
        self.class_node(negated, ranges)
    }
}

/// A replacement template, by meaning: text and group references.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplPart {
    Text(String),
    /// A group's text (0: the whole match); "" where it did not take part.
    Group(usize),
}

/// Parses a JavaScript replacement string for a pattern with `groups`
/// capturing groups.
pub fn js_replacement(s: &str, groups: usize) -> Result<Vec<ReplPart>, Why> {
    let chars: Vec<char> = s.chars().collect();
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '$' {
            text.push(c);
            continue;
        }
        match chars.get(i) {
            Some('$') => {
                text.push('$');
                i += 1;
            }
            Some('&') => {
                flush(&mut parts, &mut text);
                parts.push(ReplPart::Group(0));
                i += 1;
            }
            Some('`' | '\'') => return Err("the replacement's `$`` or `$'`".into()),
            Some('<') => return Err("the replacement's `$<`".into()),
            Some(d) if d.is_ascii_digit() => {
                let one = d.to_digit(10).map_or(0, |d| d as usize);
                let two = chars
                    .get(i + 1)
                    .and_then(|d| d.to_digit(10))
                    .map(|d2| one * 10 + d2 as usize);
                match two {
                    Some(n) if n >= 1 && n <= groups => {
                        flush(&mut parts, &mut text);
                        parts.push(ReplPart::Group(n));
                        i += 2;
                    }
                    _ if one >= 1 && one <= groups => {
                        flush(&mut parts, &mut text);
                        parts.push(ReplPart::Group(one));
                        i += 1;
                    }
                    _ => return Err("a replacement's `$n` naming no group".into()),
                }
            }
            _ => text.push('$'),
        }
    }
    flush(&mut parts, &mut text);
    Ok(parts)
}

/// Parses a Python replacement template (the string's value) for a
/// pattern with `groups` capturing groups.
pub fn python_replacement(s: &str, groups: usize) -> Result<Vec<ReplPart>, Why> {
    let chars: Vec<char> = s.chars().collect();
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    let group = |n: usize, parts: &mut Vec<ReplPart>, text: &mut String| -> Result<(), Why> {
        if n > groups {
            return Err("a replacement's group reference naming no group".into());
        }
        flush(parts, text);
        parts.push(ReplPart::Group(n));
        Ok(())
    };
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '\\' {
            text.push(c);
            continue;
        }
        let e = chars
            .get(i)
            .copied()
            .ok_or("a replacement ending in `\\`")?;
        i += 1;
        match e {
            '\\' => text.push('\\'),
            'n' => text.push('\n'),
            't' => text.push('\t'),
            'r' => text.push('\r'),
            'g' => {
                if chars.get(i) != Some(&'<') {
                    return Err("a replacement's bad `\\g`".into());
                }
                let close = chars[i..]
                    .iter()
                    .position(|c| *c == '>')
                    .ok_or("a replacement's bad `\\g<`")?;
                let name: String = chars[i + 1..i + close].iter().collect();
                let n = name
                    .parse::<usize>()
                    .map_err(|_| "a replacement's named group reference")?;
                group(n, &mut parts, &mut text)?;
                i += close + 1;
            }
            '1'..='9' if !chars.get(i).is_some_and(|c| c.is_ascii_digit()) => {
                group(
                    e.to_digit(10).map_or(0, |d| d as usize),
                    &mut parts,
                    &mut text,
                )?;
            }
            _ => return Err(format!("the replacement escape `\\{e}`")),
        }
    }
    flush(&mut parts, &mut text);
    Ok(parts)
}

fn flush(parts: &mut Vec<ReplPart>, text: &mut String) {
    if !text.is_empty() {
        parts.push(ReplPart::Text(std::mem::take(text)));
    }
}

/// The replacement in the portable spelling kept in the IR (JavaScript's,
/// with two-digit group numbers so no digit after one is misread).
pub fn portable_replacement(parts: &[ReplPart]) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            ReplPart::Text(t) => out.push_str(&t.replace('$', "$$")),
            ReplPart::Group(0) => out.push_str("$&"),
            ReplPart::Group(n) => {
                let _ = write!(out, "${n:02}");
            }
        }
    }
    out
}

/// The replacement as Python's `re.sub` template reads it (the string's
/// value).
pub fn python_template(parts: &[ReplPart]) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            ReplPart::Text(t) => out.push_str(&t.replace('\\', "\\\\")),
            ReplPart::Group(n) => {
                let _ = write!(out, "\\g<{n}>");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(p: &str) -> Result<Regex, Why> {
        Regex::parse(p, Syntax::JavaScript, Flags::default())
    }

    fn py(p: &str) -> Result<Regex, Why> {
        Regex::parse(p, Syntax::Python, Flags::default())
    }

    #[test]
    fn spells_javascript_classes_for_python() {
        let r = js(r"^\d+$").unwrap();
        assert_eq!(r.python(), r"^[0-9]+\Z");
        assert_eq!(r.javascript(), r"^[0-9]+$");
        let r = js(r"\w|\b").unwrap();
        assert_eq!(r.python(), r"[0-9A-Z_a-z]|(?a:\b)");
    }

    #[test]
    fn round_trips_through_the_portable_spelling() {
        for p in [
            r"^(?:0|[1-9]\d*)$",
            r"a{2,3}?b\.c[\-x]",
            r"\s+",
            r"(a)(?!b)",
        ] {
            let r = js(p).unwrap();
            let back = Regex::portable_parse(&r.portable()).unwrap();
            assert_eq!(back, r, "{p}");
        }
        let r = py(r"a.$").unwrap();
        let back = Regex::portable_parse(&r.portable()).unwrap();
        assert_eq!(back.python(), r.python());
        assert_eq!(r.javascript(), r"a[^\n](?=\n?$)");
    }

    #[test]
    fn ignore_case_is_spelled_on_ascii() {
        let flags = Flags {
            ignore_case: true,
            ascii: false,
        };
        let r = Regex::parse("a[b-c]1", Syntax::JavaScript, flags).unwrap();
        assert_eq!(r.javascript(), "[Aa][BCbc]1");
        assert!(Regex::parse("é", Syntax::JavaScript, flags).is_err());
    }

    #[test]
    fn declines_what_reads_differently() {
        for p in [
            r".",
            r"[^a]",
            r"\1",
            r"(?<=a)",
            r"(?<n>a)",
            r"a{,2}",
            r"\D",
            r"[]",
            r"\u{1F600}",
            r"\ud83d",
        ] {
            assert!(js(p).is_err(), "{p}");
        }
        for p in [r"\d", r"\w", r"\b", r"(?P<n>a)", r"(?i)a", r"a*+"] {
            assert!(py(p).is_err(), "{p}");
        }
        assert!(py(r"[^a].").is_ok());
    }

    #[test]
    fn replacements() {
        let parts = js_replacement("<$1$$$&$12>", 1).unwrap();
        assert_eq!(portable_replacement(&parts), "<$01$$$&$012>");
        assert_eq!(python_template(&parts), r"<\g<1>$\g<0>\g<1>2>");
        assert!(js_replacement("$2", 1).is_err());
        assert!(js(r"(?:(a)|b)+").unwrap().captures_repeat());
        assert!(!js(r"(a)?(b+)").unwrap().captures_repeat());
        let parts = python_replacement(r"\1-\\\g<0>", 1).unwrap();
        assert_eq!(portable_replacement(&parts), "$01-\\$&");
        let back = js_replacement(&portable_replacement(&parts), 1).unwrap();
        assert_eq!(back, parts);
    }
}
