//! A `macro_rules!` definition: its rules read, an invocation's tokens
//! matched against them, and the expansion transcribed as Rust text (see
//! the module above for what is expanded where).

use std::collections::HashMap;
use std::ops::Range;

use super::tokens::{parse_tts, Delim, TokKind, Token, Tt};
use super::MAX_TOKENS;

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
