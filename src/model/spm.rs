//! The SentencePiece-style tokenizer of Llama-, CodeLlama- and
//! Mistral-family GGUF files (`tokenizer.ggml.model = llama`), built from
//! the file's metadata as llama.cpp builds it (`llm_tokenizer_spm` in its
//! `src/llama-vocab.cpp`), so that such a file needs nothing beside it.
//!
//! What llama.cpp does, and so what this does: special tokens (control,
//! user-defined, unknown; longest first) are cut out of the text first and
//! become their ids; each remaining piece of text gets a leading space when
//! it starts the text or follows a special token (`add_space_prefix`), has
//! its spaces written as `▁`, and is split into characters that are merged
//! pair by pair, the pair whose merged text is the token of highest score
//! first (the leftmost among equals); a character no token covers becomes
//! its UTF-8 bytes' `<0xNN>` tokens. Generated ids decode back with `▁` as a
//! space and byte tokens reassembled into UTF-8.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};

use candle_core::quantized::gguf_file::{self, Value};

/// What a token is, from GGUF's `tokenizer.ggml.token_type` (llama.cpp's
/// `llama_token_type` numbering).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// 0, or a number llama.cpp does not know.
    Undefined,
    /// 1: a piece of text.
    Normal,
    /// 2: `<unk>`.
    Unknown,
    /// 3: `<s>`, `</s>`, chat markers: written in a prompt's text, never
    /// decoded into an answer.
    Control,
    /// 4: added by the model's makers; matched in text before splitting,
    /// and decoded as written.
    UserDefined,
    /// 5: reserved, never produced by splitting text.
    Unused,
    /// 6: `<0xNN>`, one byte of UTF-8 for characters no token covers.
    Byte,
}

impl TokenKind {
    fn from_gguf(n: i32) -> TokenKind {
        match n {
            1 => TokenKind::Normal,
            2 => TokenKind::Unknown,
            3 => TokenKind::Control,
            4 => TokenKind::UserDefined,
            5 => TokenKind::Unused,
            6 => TokenKind::Byte,
            _ => TokenKind::Undefined,
        }
    }

    /// The number GGUF stores for this kind.
    pub fn to_gguf(self) -> i32 {
        match self {
            TokenKind::Undefined => 0,
            TokenKind::Normal => 1,
            TokenKind::Unknown => 2,
            TokenKind::Control => 3,
            TokenKind::UserDefined => 4,
            TokenKind::Unused => 5,
            TokenKind::Byte => 6,
        }
    }

    /// Tokens cut out of the text before it is split.
    fn is_special(self) -> bool {
        matches!(
            self,
            TokenKind::Control | TokenKind::UserDefined | TokenKind::Unknown
        )
    }
}

/// Token texts that llama.cpp marks as control tokens whatever the file
/// says, because it takes them to end a turn (its "control-looking token"
/// override); they are then cut out of text like the others.
const END_OF_TURN_TEXTS: &[&str] = &[
    "<|eot_id|>",
    "<|im_end|>",
    "<|end|>",
    "<end_of_turn>",
    "<|endoftext|>",
    "</s>",
    "<|eom_id|>",
    "<EOT>",
    "_<EOT>",
    "<|end_of_text|>",
];

/// One token of the vocabulary.
#[derive(Clone, Debug)]
struct Piece {
    text: String,
    /// Higher merges first (SentencePiece's log-probability of the piece).
    score: f32,
    kind: TokenKind,
}

/// A SentencePiece-style vocabulary, ready to split text.
#[derive(Clone, Debug)]
pub struct Spm {
    pieces: Vec<Piece>,
    /// Token by text; where two tokens share a text, the later id, as in
    /// llama.cpp's map.
    by_text: HashMap<String, u32>,
    /// Ids of the special tokens, longest text first.
    specials: Vec<u32>,
    /// The `<0xNN>` token of each byte, where the vocabulary has one.
    bytes: Vec<Option<u32>>,
    /// Whether a piece of text that starts the text or follows a special
    /// token gets a leading space (GGUF `tokenizer.ggml.add_space_prefix`,
    /// true unless the file says otherwise).
    add_space_prefix: bool,
}

/// The metadata keys this reads, for messages.
const TOKENS_KEY: &str = "tokenizer.ggml.tokens";
const SCORES_KEY: &str = "tokenizer.ggml.scores";
const TYPES_KEY: &str = "tokenizer.ggml.token_type";

impl Spm {
    /// From GGUF metadata (`tokenizer.ggml.tokens`, `.scores`,
    /// `.token_type`, `.add_space_prefix`), or why it cannot be built.
    pub fn from_gguf(content: &gguf_file::Content) -> Result<Spm, String> {
        let meta = &content.metadata;
        let array = |key: &str| -> Result<Option<&Vec<Value>>, String> {
            match meta.get(key) {
                None => Ok(None),
                Some(v) => v
                    .to_vec()
                    .map(Some)
                    .map_err(|_| format!("`{key}` is not an array")),
            }
        };
        let tokens = array(TOKENS_KEY)?.ok_or_else(|| format!("the GGUF has no `{TOKENS_KEY}`"))?;
        let scores = array(SCORES_KEY)?;
        let types = array(TYPES_KEY)?;
        for (key, list) in [(SCORES_KEY, scores), (TYPES_KEY, types)] {
            if let Some(list) = list {
                if list.len() < tokens.len() {
                    return Err(format!(
                        "`{key}` has {} entries for {} tokens",
                        list.len(),
                        tokens.len()
                    ));
                }
            }
        }
        let mut pieces = Vec::with_capacity(tokens.len());
        for (i, token) in tokens.iter().enumerate() {
            let text = token
                .to_string()
                .map_err(|_| format!("`{TOKENS_KEY}`[{i}] is not a string"))?;
            let score = match scores.map(|s| &s[i]) {
                None => 0.0,
                Some(Value::F32(f)) => *f,
                // llama.cpp also reads integer scores.
                Some(Value::I32(n)) => *n as f32,
                Some(_) => return Err(format!("`{SCORES_KEY}`[{i}] is not a number")),
            };
            let kind = match types.map(|t| &t[i]) {
                None => TokenKind::Normal,
                Some(v) => TokenKind::from_gguf(
                    v.to_i32()
                        .map_err(|_| format!("`{TYPES_KEY}`[{i}] is not a 32-bit integer"))?,
                ),
            };
            pieces.push(Piece {
                text: text.clone(),
                score,
                kind,
            });
        }
        let add_space_prefix = meta
            .get("tokenizer.ggml.add_space_prefix")
            .and_then(|v| v.to_bool().ok())
            .unwrap_or(true);
        Ok(Spm::new(pieces, add_space_prefix))
    }

    /// From tokens (text, score, kind) in id order.
    pub fn from_tokens(
        tokens: impl IntoIterator<Item = (String, f32, TokenKind)>,
        add_space_prefix: bool,
    ) -> Spm {
        let pieces = tokens
            .into_iter()
            .map(|(text, score, kind)| Piece { text, score, kind })
            .collect();
        Spm::new(pieces, add_space_prefix)
    }

    fn new(mut pieces: Vec<Piece>, add_space_prefix: bool) -> Spm {
        let mut by_text = HashMap::with_capacity(pieces.len());
        for (id, piece) in pieces.iter_mut().enumerate() {
            // llama.cpp names an empty token so that it cannot match text.
            if piece.text.is_empty() {
                piece.text = format!("[EMPTY_{id}]");
            }
            if END_OF_TURN_TEXTS.contains(&piece.text.as_str()) && piece.kind != TokenKind::Control
            {
                piece.kind = TokenKind::Control;
            }
            by_text.insert(piece.text.clone(), id as u32);
        }
        let mut specials: Vec<u32> = (0..pieces.len() as u32)
            .filter(|&id| pieces[id as usize].kind.is_special())
            .collect();
        // llama.cpp sorts by length only (unstably); among tokens of one
        // length the lower id goes first here, so that the order is fixed.
        specials.sort_by_key(|&id| std::cmp::Reverse(pieces[id as usize].text.len()));
        let mut bytes = vec![None; 256];
        for (b, slot) in bytes.iter_mut().enumerate() {
            // `<0xNN>`, else the byte itself as a one-character token.
            *slot = by_text.get(&format!("<0x{b:02X}>")).copied().or_else(|| {
                (b < 0x80)
                    .then(|| by_text.get(&(b as u8 as char).to_string()).copied())
                    .flatten()
            });
        }
        Spm {
            pieces,
            by_text,
            specials,
            bytes,
            add_space_prefix,
        }
    }

    pub fn len(&self) -> usize {
        self.pieces.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    pub fn token_to_id(&self, text: &str) -> Option<u32> {
        self.by_text.get(text).copied()
    }

    pub fn id_to_token(&self, id: u32) -> Option<&str> {
        self.pieces.get(id as usize).map(|p| p.text.as_str())
    }

    pub fn kind(&self, id: u32) -> Option<TokenKind> {
        self.pieces.get(id as usize).map(|p| p.kind)
    }

    /// Token ids for `text`, special tokens written in it included, with no
    /// BOS (the caller adds it): llama.cpp's `tokenize(text, add_special =
    /// false, parse_special = true)`. Fails only when a character needs a
    /// byte token the vocabulary lacks.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>, String> {
        let mut ids = Vec::new();
        // Whether the previous fragment was a special token, or there was
        // none: the next text gets its space prefix.
        let mut after_special = true;
        for fragment in self.partition(text) {
            match fragment {
                Fragment::Token(id) => {
                    ids.push(id);
                    after_special = true;
                }
                Fragment::Text(piece) => {
                    let mut escaped = String::with_capacity(piece.len() + 4);
                    if self.add_space_prefix && after_special {
                        escaped.push('▁');
                    }
                    for c in piece.chars() {
                        escaped.push(if c == ' ' { '▁' } else { c });
                    }
                    self.split(&escaped, &mut ids)?;
                    after_special = false;
                }
            }
        }
        Ok(ids)
    }

    /// The text cut at every special token, longest tokens first: each
    /// token in turn is looked for in the text that no earlier token took.
    fn partition<'t>(&self, text: &'t str) -> Vec<Fragment<'t>> {
        let mut fragments = if text.is_empty() {
            Vec::new()
        } else {
            vec![Fragment::Text(text)]
        };
        for &id in &self.specials {
            let needle = self.pieces[id as usize].text.as_str();
            if !fragments
                .iter()
                .any(|f| matches!(f, Fragment::Text(t) if t.contains(needle)))
            {
                continue;
            }
            let mut cut = Vec::with_capacity(fragments.len() + 2);
            for fragment in fragments {
                let Fragment::Text(mut rest) = fragment else {
                    cut.push(fragment);
                    continue;
                };
                while let Some(at) = rest.find(needle) {
                    if at > 0 {
                        cut.push(Fragment::Text(&rest[..at]));
                    }
                    cut.push(Fragment::Token(id));
                    rest = &rest[at + needle.len()..];
                }
                if !rest.is_empty() {
                    cut.push(Fragment::Text(rest));
                }
            }
            fragments = cut;
        }
        fragments
    }

    /// Splits escaped text into tokens: llama.cpp's bigram merge.
    fn split(&self, text: &str, ids: &mut Vec<u32>) -> Result<(), String> {
        // One symbol per character, chained; a merged symbol grows over its
        // right neighbour, which is emptied and unchained.
        let mut symbols: Vec<Symbol> = Vec::new();
        for (start, c) in text.char_indices() {
            let index = symbols.len() as isize;
            symbols.push(Symbol {
                start,
                len: c.len_utf8(),
                prev: index - 1,
                next: index + 1,
            });
        }
        let Some(last) = symbols.last_mut() else {
            return Ok(());
        };
        last.next = -1;
        let mut queue = BinaryHeap::new();
        let push =
            |queue: &mut BinaryHeap<Bigram>, symbols: &[Symbol], left: isize, right: isize| {
                if left < 0 || right < 0 {
                    return;
                }
                let (l, r) = (&symbols[left as usize], &symbols[right as usize]);
                let merged = &text[l.start..l.start + l.len + r.len];
                if let Some(&id) = self.by_text.get(merged) {
                    queue.push(Bigram {
                        left: left as usize,
                        right: right as usize,
                        score: self.pieces[id as usize].score,
                        len: merged.len(),
                    });
                }
            };
        for i in 1..symbols.len() as isize {
            push(&mut queue, &symbols, i - 1, i);
        }
        while let Some(bigram) = queue.pop() {
            let (left, right) = (bigram.left, bigram.right);
            // A pair that an earlier merge broke up is stale.
            if symbols[left].len == 0
                || symbols[right].len == 0
                || symbols[left].len + symbols[right].len != bigram.len
            {
                continue;
            }
            symbols[left].len += symbols[right].len;
            symbols[right].len = 0;
            let next = symbols[right].next;
            symbols[left].next = next;
            if next >= 0 {
                symbols[next as usize].prev = left as isize;
            }
            push(&mut queue, &symbols, symbols[left].prev, left as isize);
            push(&mut queue, &symbols, left as isize, next);
        }
        let mut i = 0isize;
        while i >= 0 {
            let symbol = &symbols[i as usize];
            let piece = &text[symbol.start..symbol.start + symbol.len];
            // Every merge forms a token, so only a character can be missing
            // from the vocabulary (llama.cpp's `rev_merge` branch for a
            // merged symbol that is not a token is never taken).
            match self.by_text.get(piece) {
                Some(&id) => ids.push(id),
                None => {
                    for &b in piece.as_bytes() {
                        ids.push(self.bytes[b as usize].ok_or_else(|| {
                            format!(
                                "the vocabulary has no token for the byte 0x{b:02X} of {piece:?}"
                            )
                        })?);
                    }
                }
            }
            i = symbol.next;
        }
        Ok(())
    }

    /// The text of ids, as llama.cpp's `token_to_piece` gives it without
    /// special tokens: control and unknown tokens are left out, `▁` is a
    /// space, byte tokens are reassembled into UTF-8 (a sequence that is
    /// not UTF-8 becomes U+FFFD). The leading space of the first token is
    /// kept: answers are decoded as the continuation of a prompt.
    pub fn decode(&self, ids: &[u32]) -> String {
        let mut bytes = Vec::new();
        for &id in ids {
            let Some(piece) = self.pieces.get(id as usize) else {
                continue;
            };
            match piece.kind {
                TokenKind::Normal => bytes.extend(piece.text.replace('▁', " ").as_bytes()),
                TokenKind::UserDefined => bytes.extend(piece.text.as_bytes()),
                TokenKind::Byte => bytes.extend(byte_of(&piece.text)),
                TokenKind::Control
                | TokenKind::Unknown
                | TokenKind::Unused
                | TokenKind::Undefined => {}
            }
        }
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// The byte of a `<0xNN>` token's text (none for a malformed one).
fn byte_of(text: &str) -> Option<u8> {
    text.strip_prefix("<0x")
        .and_then(|t| t.strip_suffix('>'))
        .and_then(|hex| u8::from_str_radix(hex, 16).ok())
}

/// A stretch of the text to split, or a special token cut out of it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fragment<'t> {
    Text(&'t str),
    Token(u32),
}

/// A stretch of the escaped text, chained to its neighbours by index (-1:
/// none).
#[derive(Clone, Copy, Debug)]
struct Symbol {
    start: usize,
    /// Bytes; 0 once merged into its left neighbour.
    len: usize,
    prev: isize,
    next: isize,
}

/// Two neighbouring symbols whose joined text is a token.
#[derive(Debug)]
struct Bigram {
    left: usize,
    right: usize,
    /// The joined token's score.
    score: f32,
    /// The joined text's length in bytes, to tell a stale pair.
    len: usize,
}

/// The highest score first, then the leftmost pair (llama.cpp's
/// comparator, scores compared with `<` and `==`).
impl Ord for Bigram {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .partial_cmp(&other.score)
            .unwrap_or(Ordering::Equal)
            .then_with(|| other.left.cmp(&self.left))
    }
}

impl PartialOrd for Bigram {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Bigram {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Bigram {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vocabulary small enough to follow by hand: `<unk> <s> </s>`, the
    /// bytes, then pieces with the scores given.
    fn vocab(pieces: &[(&str, f32)], add_space_prefix: bool) -> Spm {
        let mut tokens = vec![
            ("<unk>".to_string(), 0.0, TokenKind::Unknown),
            ("<s>".to_string(), 0.0, TokenKind::Control),
            ("</s>".to_string(), 0.0, TokenKind::Control),
        ];
        tokens.extend((0..=255u8).map(|b| (format!("<0x{b:02X}>"), 0.0, TokenKind::Byte)));
        tokens.extend(
            pieces
                .iter()
                .map(|(t, s)| (t.to_string(), *s, TokenKind::Normal)),
        );
        Spm::from_tokens(tokens, add_space_prefix)
    }

    fn texts(spm: &Spm, ids: &[u32]) -> Vec<String> {
        ids.iter()
            .map(|&id| spm.id_to_token(id).unwrap_or("?").to_string())
            .collect()
    }

    #[test]
    fn the_best_scored_pair_merges_first_and_the_leftmost_among_equals() {
        // "abc": `ab` and `bc` both exist; `bc` scores higher, so `a`+`bc`.
        let spm = vocab(
            &[
                ("a", -1.0),
                ("b", -1.0),
                ("c", -1.0),
                ("ab", -5.0),
                ("bc", -2.0),
            ],
            false,
        );
        assert_eq!(texts(&spm, &spm.encode("abc").unwrap()), ["a", "bc"]);
        // Equal scores: the left pair first.
        let spm = vocab(
            &[
                ("a", -1.0),
                ("b", -1.0),
                ("c", -1.0),
                ("ab", -2.0),
                ("bc", -2.0),
            ],
            false,
        );
        assert_eq!(texts(&spm, &spm.encode("abc").unwrap()), ["ab", "c"]);
    }

    #[test]
    fn spaces_become_the_marker_with_a_prefix_at_the_start_and_after_specials() {
        let spm = vocab(&[("▁", -1.0), ("▁a", -2.0), ("a", -3.0)], true);
        assert_eq!(texts(&spm, &spm.encode("a  a").unwrap()), ["▁a", "▁", "▁a"]);
        // After `</s>`, the text starts again with a space.
        assert_eq!(
            texts(&spm, &spm.encode("a</s>a").unwrap()),
            ["▁a", "</s>", "▁a"]
        );
        let plain = vocab(&[("▁", -1.0), ("▁a", -2.0), ("a", -3.0)], false);
        assert_eq!(texts(&plain, &plain.encode("a a").unwrap()), ["a", "▁a"]);
        assert!(spm.encode("").unwrap().is_empty());
    }

    /// Guards against characters missing from the vocabulary being dropped
    /// or turned into `<unk>`: llama.cpp writes their UTF-8 bytes.
    #[test]
    fn a_character_no_token_covers_is_its_bytes_and_decodes_back() {
        let spm = vocab(&[("▁", -1.0), ("x", -1.0), ("é", -1.0)], false);
        let ids = spm.encode("x🦀é").unwrap();
        assert_eq!(
            texts(&spm, &ids),
            ["x", "<0xF0>", "<0x9F>", "<0xA6>", "<0x80>", "é"]
        );
        assert_eq!(spm.decode(&ids), "x🦀é");
        // Control tokens are not decoded; the marker is a space.
        let ids = spm.encode("</s>x x").unwrap();
        assert_eq!(spm.decode(&ids), "x x");
    }

    #[test]
    fn longer_special_tokens_are_cut_out_first() {
        let mut tokens: Vec<(String, f32, TokenKind)> = vec![
            ("<unk>".into(), 0.0, TokenKind::Unknown),
            ("<".into(), -1.0, TokenKind::Normal),
            ("<|a|>".into(), 0.0, TokenKind::UserDefined),
            ("<|a|><|b|>".into(), 0.0, TokenKind::Control),
            ("<|b|>".into(), 0.0, TokenKind::Control),
        ];
        tokens.extend((0..=255u8).map(|b| (format!("<0x{b:02X}>"), 0.0, TokenKind::Byte)));
        let spm = Spm::from_tokens(tokens, false);
        let ids = spm.encode("<|a|><|b|><|b|><|a|>").unwrap();
        assert_eq!(texts(&spm, &ids), ["<|a|><|b|>", "<|b|>", "<|a|>"]);
        assert_eq!(spm.decode(&ids), "<|a|>", "only the user-defined is text");
    }

    /// Guards against a vocabulary without byte tokens panicking where
    /// llama.cpp would abort: the caller gets the reason.
    #[test]
    fn a_missing_byte_token_is_an_error_naming_the_byte() {
        let spm = Spm::from_tokens([("a".to_string(), 0.0, TokenKind::Normal)], false);
        let err = spm.encode("aé").unwrap_err();
        assert!(err.contains("0xC3"), "{err}");
    }
}
