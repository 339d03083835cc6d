//! Rust's tokens and token trees, as `macro_rules!` reads them: a
//! definition's rules and an invocation's arguments are token trees
//! (comments left out), matched token by token.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum TokKind {
    Ident,
    Lifetime,
    Literal,
    Punct,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Token {
    pub(super) kind: TokKind,
    pub(super) text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Delim {
    Paren,
    Bracket,
    Brace,
}

impl Token {
    fn new(kind: TokKind, text: &str) -> Token {
        Token {
            kind,
            text: text.to_string(),
        }
    }
}

impl Delim {
    const ALL: [Delim; 3] = [Delim::Paren, Delim::Bracket, Delim::Brace];

    pub(super) fn open(self) -> &'static str {
        match self {
            Delim::Paren => "(",
            Delim::Bracket => "[",
            Delim::Brace => "{",
        }
    }

    pub(super) fn close(self) -> &'static str {
        match self {
            Delim::Paren => ")",
            Delim::Bracket => "]",
            Delim::Brace => "}",
        }
    }
}

/// A token tree: one token, or a delimited group of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Tt {
    Token(Token),
    Group(Delim, Vec<Tt>),
}

impl Tt {
    pub(super) fn is_punct(&self, p: &str) -> bool {
        matches!(self, Tt::Token(t) if t.kind == TokKind::Punct && t.text == p)
    }

    pub(super) fn is_word(&self, w: &str) -> bool {
        matches!(self, Tt::Token(t) if t.kind == TokKind::Ident && t.text == w)
    }
}

/// The tokens of Rust source text, comments left out.
pub(super) fn lex(src: &str) -> Result<Vec<Token>, String> {
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
                out.push(Token::new(TokKind::Literal, &src[start..end]));
                i = end;
                continue;
            }
        }
        if c == b'b' && b.get(i + 1) == Some(&b'\'') {
            let Some(end) = char_end(b, i + 1) else {
                return Err("a byte literal that does not end".into());
            };
            out.push(Token::new(TokKind::Literal, &src[start..end]));
            i = end;
            continue;
        }
        if src[i..].starts_with("r#") && b.get(i + 2).is_some_and(|&c| ident_start(c)) {
            i += 2;
            while i < b.len() && ident_char(b[i]) {
                i += 1;
            }
            out.push(Token::new(TokKind::Ident, &src[start..i]));
            continue;
        }
        if ident_start(c) {
            while i < b.len() && ident_char(b[i]) {
                i += 1;
            }
            // Not splitting a character in two: bytes >= 0x80 all count.
            out.push(Token::new(TokKind::Ident, &src[start..i]));
            continue;
        }
        if c == b'"' {
            let Some(end) = string_end(b, i) else {
                return Err("a string that does not end".into());
            };
            out.push(Token::new(TokKind::Literal, &src[start..end]));
            i = end;
            continue;
        }
        if c == b'\'' {
            // A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a).
            if let Some(end) = char_end(b, i) {
                out.push(Token::new(TokKind::Literal, &src[start..end]));
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
            out.push(Token::new(TokKind::Lifetime, &src[start..i]));
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
            out.push(Token::new(TokKind::Literal, &src[start..i]));
            continue;
        }
        let p = PUNCTS
            .iter()
            .find(|p| src[i..].starts_with(**p))
            .map_or_else(|| &src[i..i + 1], |p| &src[i..i + p.len()]);
        if !p.is_ascii() {
            return Err(format!("a character Rust has no token for at byte {i}"));
        }
        out.push(Token::new(TokKind::Punct, p));
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
        let delim = |side: fn(Delim) -> &'static str| {
            Delim::ALL
                .into_iter()
                .find(|d| t.kind == TokKind::Punct && side(*d) == t.text)
        };
        let open = delim(Delim::open);
        if let Some(d) = open {
            stack.push((d, std::mem::take(&mut top)));
            continue;
        }
        let close = delim(Delim::close);
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

pub(super) fn parse_tts(src: &str) -> Result<Vec<Tt>, String> {
    trees(lex(src)?)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
