//! The model's tokenizer: built from the GGUF file's own metadata where we
//! can do that exactly (byte-level BPE through candle, SentencePiece-style
//! vocabularies with [`super::spm`]), else read from `tokenizer.json` beside
//! the weights; and the tokens that end a turn.

use std::path::Path;

use candle_core::quantized::gguf_file::{self, Value};
use candle_core::quantized::tokenizer::TokenizerFromGguf;
use serde_json::Value as Json;

use super::spm::Spm;
use super::ModelError;

/// Token texts that end an answer in the chat formats we know; those present
/// in a vocabulary stop generation, besides the model's declared EOS.
const END_TOKENS: &[&str] = &[
    "<|im_end|>",
    "<|endoftext|>",
    "<|eot_id|>",
    "<|end_of_text|>",
    "<|EOT|>",
    "<|end|>",
    "</s>",
];

/// GGUF pre-tokenizer names whose splitting rule candle's builder reproduces
/// (llama.cpp's names on the left, candle's on the right). Other names split
/// text differently, so we would produce token sequences the model never saw.
const GGUF_PRE_TOKENIZERS: &[(&str, &str)] = &[
    ("qwen2", "qwen2"),
    ("llama3", "llama3"),
    ("llama-bpe", "llama3"),
    ("llama-v3", "llama3"),
    ("smaug-bpe", "smaug-bpe"),
    ("gpt2", "gpt2"),
    ("default", "gpt2"),
];

/// The vocabulary and how it splits text.
enum Vocab {
    /// A Hugging Face tokenizer: from `tokenizer.json`, or rebuilt by candle
    /// from a byte-level BPE GGUF.
    Hf(Box<tokenizers::Tokenizer>),
    /// A SentencePiece-style GGUF vocabulary (`tokenizer.ggml.model =
    /// llama`), split as llama.cpp splits it.
    Spm(Spm),
}

impl Vocab {
    fn token_to_id(&self, text: &str) -> Option<u32> {
        match self {
            Vocab::Hf(t) => t.token_to_id(text),
            Vocab::Spm(t) => t.token_to_id(text),
        }
    }

    fn id_to_token(&self, id: u32) -> Option<String> {
        match self {
            Vocab::Hf(t) => t.id_to_token(id),
            Vocab::Spm(t) => t.id_to_token(id).map(str::to_string),
        }
    }
}

pub struct Tokenizer {
    vocab: Vocab,
    /// Ids that end generation.
    eos: Vec<u32>,
    bos: Option<u32>,
    /// Whether the model expects its BOS token first (Llama does, Qwen not).
    add_bos: bool,
}

fn tokenizer_error(path: &Path, e: impl std::fmt::Display) -> ModelError {
    ModelError::Tokenizer(format!("{}: {e}", path.display()))
}

impl Tokenizer {
    /// Wraps a tokenizer; `eos` are the ids that end a turn besides the
    /// [`END_TOKENS`] it has.
    pub fn new(
        inner: tokenizers::Tokenizer,
        eos: Vec<u32>,
        bos: Option<u32>,
        add_bos: bool,
    ) -> Tokenizer {
        Tokenizer::with_vocab(Vocab::Hf(Box::new(inner)), eos, bos, add_bos)
    }

    /// Wraps a SentencePiece-style vocabulary, as [`Tokenizer::new`].
    pub fn spm(spm: Spm, eos: Vec<u32>, bos: Option<u32>, add_bos: bool) -> Tokenizer {
        Tokenizer::with_vocab(Vocab::Spm(spm), eos, bos, add_bos)
    }

    fn with_vocab(vocab: Vocab, eos: Vec<u32>, bos: Option<u32>, add_bos: bool) -> Tokenizer {
        let mut eos = eos;
        eos.extend(END_TOKENS.iter().filter_map(|t| vocab.token_to_id(t)));
        eos.sort_unstable();
        eos.dedup();
        Tokenizer {
            vocab,
            eos,
            bos,
            add_bos,
        }
    }

    /// From the GGUF metadata, or `tokenizer.json` beside the file when the
    /// metadata describes a tokenizer we cannot rebuild exactly.
    pub fn from_gguf(
        path: &Path,
        content: &mut gguf_file::Content,
    ) -> Result<Tokenizer, ModelError> {
        let meta = &content.metadata;
        let id = |key: &str| meta.get(key).and_then(|v| v.to_u32().ok());
        let sentencepiece = matches!(
            meta.get("tokenizer.ggml.model").and_then(|v| v.to_string().ok()),
            Some(m) if m == "llama"
        );
        let add_bos = meta
            .get("tokenizer.ggml.add_bos_token")
            .and_then(|v| v.to_bool().ok())
            // llama.cpp's default for SentencePiece vocabularies.
            .unwrap_or(sentencepiece);
        if sentencepiece {
            let spm = Spm::from_gguf(content).map_err(|e| tokenizer_error(path, e))?;
            // llama.cpp's defaults for SentencePiece vocabularies: <s> is 1
            // and </s> is 2 unless the file says otherwise.
            let eos = id("tokenizer.ggml.eos_token_id").unwrap_or(2);
            let bos = id("tokenizer.ggml.bos_token_id").unwrap_or(1);
            let tokens = spm.len();
            let known = |id: u32| (id as usize) < tokens;
            return Ok(Tokenizer::spm(
                spm,
                [eos].into_iter().filter(|&id| known(id)).collect(),
                Some(bos).filter(|&id| known(id)),
                add_bos,
            ));
        }
        let eos = id("tokenizer.ggml.eos_token_id");
        let bos = id("tokenizer.ggml.bos_token_id");
        match Self::gguf_pre_tokenizer(content) {
            Ok(pre) => {
                // candle knows some pre-tokenizers by their older names only.
                content.metadata.insert(
                    "tokenizer.ggml.pre".to_string(),
                    Value::String(pre.to_string()),
                );
                let inner = tokenizers::Tokenizer::from_gguf(content)
                    .map_err(|e| tokenizer_error(path, e))?;
                Ok(Tokenizer::new(
                    inner,
                    eos.into_iter().collect(),
                    bos,
                    add_bos,
                ))
            }
            Err(why) => {
                let dir = path.parent().unwrap_or(Path::new("."));
                if dir.join("tokenizer.json").is_file() {
                    let mut tokenizer = Tokenizer::from_dir(dir)?;
                    tokenizer.eos.extend(eos);
                    tokenizer.eos.sort_unstable();
                    tokenizer.eos.dedup();
                    return Ok(tokenizer);
                }
                Err(ModelError::unsupported(
                    path,
                    format!(
                        "{why}; put the model's tokenizer.json (from its Hugging Face \
                         repository) beside the file"
                    ),
                ))
            }
        }
    }

    /// The name of candle's pre-tokenizer for this GGUF, or why there is none.
    fn gguf_pre_tokenizer(content: &gguf_file::Content) -> Result<&'static str, String> {
        let get = |key: &str| {
            content
                .metadata
                .get(key)
                .and_then(|v| v.to_string().ok())
                .map(String::as_str)
        };
        match get("tokenizer.ggml.model") {
            Some("gpt2") => {}
            Some(model) => {
                return Err(format!(
                    "the GGUF's tokenizer is of type `{model}`, which xlate cannot build from \
                     metadata (only byte-level BPE, `gpt2`, and SentencePiece, `llama`)"
                ))
            }
            None => return Err("the GGUF has no tokenizer".into()),
        }
        let pre = get("tokenizer.ggml.pre").unwrap_or("default");
        GGUF_PRE_TOKENIZERS
            .iter()
            .find(|(name, _)| *name == pre)
            .map(|(_, candle)| *candle)
            .ok_or_else(|| {
                format!(
                    "the GGUF's pre-tokenizer `{pre}` is not one xlate rebuilds exactly \
                     (known: {})",
                    GGUF_PRE_TOKENIZERS
                        .iter()
                        .map(|(n, _)| *n)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
    }

    /// From `tokenizer.json`, with the end and start tokens that
    /// `tokenizer_config.json` and `generation_config.json` name.
    pub fn from_dir(dir: &Path) -> Result<Tokenizer, ModelError> {
        let path = dir.join("tokenizer.json");
        if !path.is_file() {
            return Err(ModelError::file(
                &path,
                "missing: the model's tokenizer.json must be beside its weights",
            ));
        }
        let inner =
            tokenizers::Tokenizer::from_file(&path).map_err(|e| tokenizer_error(&path, e))?;
        let read = |name: &str| -> Json {
            std::fs::read_to_string(dir.join(name))
                .ok()
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or(Json::Null)
        };
        let config = read("tokenizer_config.json");
        let generation = read("generation_config.json");
        // A token is named as a string, or as {"content": ...}.
        let token_text = |v: &Json| -> Option<String> {
            v.as_str()
                .or_else(|| v["content"].as_str())
                .map(str::to_string)
        };
        let mut eos: Vec<u32> = match &generation["eos_token_id"] {
            Json::Number(n) => n.as_u64().map(|n| n as u32).into_iter().collect(),
            Json::Array(list) => list
                .iter()
                .filter_map(|n| n.as_u64())
                .map(|n| n as u32)
                .collect(),
            _ => Vec::new(),
        };
        eos.extend(token_text(&config["eos_token"]).and_then(|t| inner.token_to_id(&t)));
        let bos = token_text(&config["bos_token"]).and_then(|t| inner.token_to_id(&t));
        let add_bos = config["add_bos_token"].as_bool().unwrap_or(false);
        Ok(Tokenizer::new(inner, eos, bos, add_bos))
    }

    /// Token ids for a rendered prompt. Special tokens written in the text
    /// (`<|im_start|>`) become their ids; the BOS token is put first when the
    /// model wants it and the template did not write it.
    pub fn encode_prompt(&self, text: &str) -> Result<Vec<u32>, ModelError> {
        let mut ids = self.encode(text)?;
        if let (true, Some(bos)) = (self.add_bos, self.bos) {
            if ids.first() != Some(&bos) {
                ids.insert(0, bos);
            }
        }
        Ok(ids)
    }

    /// Token ids for plain text.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>, ModelError> {
        match &self.vocab {
            Vocab::Hf(t) => t
                .encode(text, false)
                .map(|e| e.get_ids().to_vec())
                .map_err(|e| ModelError::Tokenizer(e.to_string())),
            Vocab::Spm(t) => t.encode(text).map_err(ModelError::Tokenizer),
        }
    }

    /// The text of generated ids, special tokens left out.
    pub fn decode(&self, ids: &[u32]) -> Result<String, ModelError> {
        match &self.vocab {
            Vocab::Hf(t) => t
                .decode(ids, true)
                .map_err(|e| ModelError::Tokenizer(e.to_string())),
            Vocab::Spm(t) => Ok(t.decode(ids)),
        }
    }

    pub fn is_eos(&self, id: u32) -> bool {
        self.eos.binary_search(&id).is_ok()
    }

    pub fn eos_ids(&self) -> &[u32] {
        &self.eos
    }

    /// Tokens, special ones included.
    pub fn vocab_size(&self) -> usize {
        match &self.vocab {
            Vocab::Hf(t) => t.get_vocab_size(true),
            Vocab::Spm(t) => t.len(),
        }
    }

    /// The BOS token's text, for templates that write it.
    pub fn bos_text(&self) -> String {
        self.bos
            .and_then(|id| self.vocab.id_to_token(id))
            .unwrap_or_default()
    }

    /// The model's first end token's text, for templates that write it.
    pub fn eos_text(&self) -> String {
        self.eos
            .iter()
            .filter_map(|&id| self.vocab.id_to_token(id))
            .next()
            .unwrap_or_default()
    }
}
