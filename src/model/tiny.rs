//! Tiny random-weight models for tests (no real weights can be downloaded
//! where tests run): a byte-level BPE tokenizer trained on code, Qwen2 and
//! Llama GGUF files in float and quantized types, and a Hugging Face style
//! safetensors checkpoint. `xlate model make-tiny DIR` writes them all.
//!
//! The weights are noise, so the text is noise; what they are good for is
//! exercising every path from file to logits, and decoding that must be
//! rejected by the checks.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use candle_core::quantized::gguf_file::{self, Value};
use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{DType, Device, Tensor};
use serde_json::{json, Value as Json};
use tokenizers::models::bpe::{BpeTrainerBuilder, BPE};
use tokenizers::normalizers::unicode::NFC;
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::pre_tokenizers::sequence::Sequence;
use tokenizers::pre_tokenizers::split::{Split, SplitPattern};
use tokenizers::{AddedToken, SplitDelimiterBehavior, TokenizerBuilder};

use super::forward::Arch;
use super::sample::Rng;
use super::spm::TokenKind;
use super::template::QWEN25_TEMPLATE;

/// Qwen2's pre-tokenizer regex, as candle rebuilds it from GGUF metadata
/// (`tokenizer.ggml.pre = qwen2`), so that the trained tokenizer and the one
/// rebuilt from our GGUF files split text alike.
const QWEN2_SPLIT: &str = r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

pub const SPECIAL_TOKENS: [&str; 3] = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

/// Tokens in the trained vocabulary, special ones included.
const VOCAB_SIZE: usize = 640;

/// A sample of code in the three languages, so the tokenizer learns merges
/// for code whatever else it is given.
const BUILTIN_CORPUS: &str = r#"
import os
from typing import List, Optional

class Inventory:
    """Items in stock, by name."""

    def __init__(self, items: Optional[List[str]] = None):
        self.items = list(items or [])

    def add(self, name: str, count: int = 1) -> None:
        for _ in range(count):
            self.items.append(name)

    def total(self) -> int:
        return len(self.items)

def parse_price(text):
    if not text:
        raise ValueError("empty price")
    return round(float(text.strip().lstrip("$")), 2)

export function formatPrice(cents) {
  const dollars = Math.floor(cents / 100);
  return `$${dollars}.${String(cents % 100).padStart(2, "0")}`;
}

class Cart {
  constructor() { this.items = []; }
  add(item) { this.items.push(item); return this; }
  get total() { return this.items.reduce((sum, i) => sum + i.price, 0); }
}

module.exports = { formatPrice, Cart };

use std::collections::HashMap;

pub struct Shape { pub width: f64, pub height: f64 }

impl Shape {
    pub fn area(&self) -> f64 { self.width * self.height }
}

pub fn count_words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text.split_whitespace() {
        *counts.entry(word.to_lowercase()).or_insert(0) += 1;
    }
    counts
}
"#;

/// The shape of a tiny model and the types its tensors are stored in.
#[derive(Clone, Debug)]
pub struct TinySpec {
    pub arch: Arch,
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub kv_heads: usize,
    pub ffn: usize,
    /// The q/k/v/o/gate/up matrices.
    pub matrices: GgmlDType,
    /// `ffn_down` and the output (Q4_K_M keeps these in Q6_K).
    pub down: GgmlDType,
    pub embedding: GgmlDType,
    /// A separate output matrix rather than the embedding table (tied).
    pub untied_output: bool,
    /// Llama 3 style per-frequency RoPE factors (`rope_freqs.weight`).
    pub rope_factors: bool,
    /// `general.file_type`, as llama.cpp numbers it.
    pub file_type: u32,
    pub seed: u64,
}

impl TinySpec {
    /// Qwen2-shaped, every tensor in f32.
    pub fn qwen2_f32() -> TinySpec {
        TinySpec {
            arch: Arch::Qwen2,
            hidden: 64,
            layers: 2,
            heads: 4,
            kv_heads: 2,
            ffn: 128,
            matrices: GgmlDType::F32,
            down: GgmlDType::F32,
            embedding: GgmlDType::F32,
            untied_output: false,
            rope_factors: false,
            file_type: 0,
            seed: 1,
        }
    }

    /// Qwen2-shaped with Q8_0 matrices.
    pub fn qwen2_q8_0() -> TinySpec {
        TinySpec {
            matrices: GgmlDType::Q8_0,
            down: GgmlDType::Q8_0,
            embedding: GgmlDType::Q8_0,
            file_type: 7,
            ..TinySpec::qwen2_f32()
        }
    }

    /// Qwen2-shaped in Q4_K_M's mix; k-quants need rows of 256 values.
    pub fn qwen2_q4_k_m() -> TinySpec {
        TinySpec {
            hidden: 256,
            ffn: 512,
            matrices: GgmlDType::Q4K,
            down: GgmlDType::Q6K,
            embedding: GgmlDType::Q6K,
            file_type: 15,
            ..TinySpec::qwen2_f32()
        }
    }

    /// Llama-shaped: no biases, an output matrix of its own, RoPE factors;
    /// Q5_0 matrices as llama.cpp's fallback for rows k-quants cannot hold.
    pub fn llama_q5_0() -> TinySpec {
        TinySpec {
            arch: Arch::Llama,
            matrices: GgmlDType::Q5_0,
            untied_output: true,
            rope_factors: true,
            file_type: 8,
            ..TinySpec::qwen2_q8_0()
        }
    }

    fn head_dim(&self) -> usize {
        self.hidden / self.heads
    }
}

/// Trains the tiny byte-level BPE tokenizer on the built-in sample and the
/// text files under `corpus` (files or directories).
pub fn train_tokenizer(corpus: &[PathBuf]) -> Result<tokenizers::Tokenizer, String> {
    let mut texts = vec![BUILTIN_CORPUS.to_string()];
    for path in corpus {
        collect_texts(path, &mut texts);
    }
    let pre = Sequence::new(vec![
        Split::new(
            SplitPattern::Regex(QWEN2_SPLIT.to_string()),
            SplitDelimiterBehavior::Isolated,
            false,
        )
        .map_err(|e| e.to_string())?
        .into(),
        ByteLevel::new(false, false, false).into(),
    ]);
    let mut tokenizer = TokenizerBuilder::new()
        .with_model(BPE::default())
        .with_normalizer(Some(NFC))
        .with_pre_tokenizer(Some(pre))
        .with_post_processor(Some(ByteLevel::new(false, false, false)))
        .with_decoder(Some(ByteLevel::new(false, false, false)))
        .build()
        .map_err(|e| e.to_string())?;
    let mut trainer = BpeTrainerBuilder::new()
        .vocab_size(VOCAB_SIZE)
        .min_frequency(2)
        .show_progress(false)
        .special_tokens(
            SPECIAL_TOKENS
                .iter()
                .map(|t| AddedToken::from(*t, true))
                .collect(),
        )
        .initial_alphabet(ByteLevel::alphabet().into_iter().collect())
        .build();
    tokenizer
        .train(&mut trainer, texts.iter())
        .map_err(|e| e.to_string())?;
    Ok(tokenizer.into())
}

fn collect_texts(path: &Path, texts: &mut Vec<String>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for entry in entries {
            collect_texts(&entry, texts);
        }
    } else if let Ok(text) = std::fs::read_to_string(path) {
        texts.push(text);
    }
}

/// A trained tokenizer as GGUF metadata: every token by id, the merges, and
/// which tokens are special.
fn tokenizer_metadata(tokenizer: &tokenizers::Tokenizer, pre: &str) -> Vec<(String, Value)> {
    let json: Json = tokenizer
        .to_string(false)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Json::Null);
    let vocab = tokenizer.get_vocab(true);
    let mut tokens = vec![String::new(); vocab.len()];
    for (token, id) in &vocab {
        tokens[*id as usize] = token.clone();
    }
    // Merges are "a b" strings in older files, ["a", "b"] pairs in newer.
    let merges: Vec<Value> = json["model"]["merges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| match m {
            Json::String(s) => Some(s.clone()),
            Json::Array(pair) => Some(format!("{} {}", pair[0].as_str()?, pair[1].as_str()?)),
            _ => None,
        })
        .map(Value::String)
        .collect();
    let types = tokens
        .iter()
        .map(|t| {
            Value::I32(if SPECIAL_TOKENS.contains(&t.as_str()) {
                3
            } else {
                1
            })
        })
        .collect();
    let id = |t: &str| Value::U32(tokenizer.token_to_id(t).unwrap_or(0));
    vec![
        ("tokenizer.ggml.model".into(), Value::String("gpt2".into())),
        ("tokenizer.ggml.pre".into(), Value::String(pre.into())),
        (
            "tokenizer.ggml.tokens".into(),
            Value::Array(tokens.into_iter().map(Value::String).collect()),
        ),
        ("tokenizer.ggml.token_type".into(), Value::Array(types)),
        ("tokenizer.ggml.merges".into(), Value::Array(merges)),
        ("tokenizer.ggml.eos_token_id".into(), id("<|im_end|>")),
        ("tokenizer.ggml.bos_token_id".into(), id("<|endoftext|>")),
        (
            "tokenizer.ggml.padding_token_id".into(),
            id("<|endoftext|>"),
        ),
        ("tokenizer.ggml.add_bos_token".into(), Value::Bool(false)),
    ]
}

/// Random weights under GGUF names, in f32, rounded through bf16 so the
/// safetensors checkpoint (bf16) holds exactly the same values.
fn random_weights(spec: &TinySpec, vocab: usize) -> candle_core::Result<Vec<(String, Tensor)>> {
    let mut rng = Rng::new(spec.seed);
    let mut normal = |shape: &[usize], std: f64, mean: f64| -> candle_core::Result<Tensor> {
        let n: usize = shape.iter().product();
        let values: Vec<f32> = (0..n)
            .map(|_| {
                // Box-Muller.
                let (u1, u2) = (rng.next_f64().max(1e-12), rng.next_f64());
                let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
                (mean + std * z) as f32
            })
            .collect();
        Tensor::from_vec(values, shape, &Device::Cpu)?
            .to_dtype(DType::BF16)?
            .to_dtype(DType::F32)
    };
    let (h, hd) = (spec.hidden, spec.head_dim());
    let (q_rows, kv_rows) = (spec.heads * hd, spec.kv_heads * hd);
    let matrix_std = |fan_in: usize| 1.0 / (fan_in as f64).sqrt();
    let mut weights = vec![(
        "token_embd.weight".to_string(),
        // Large enough that the logits are not all alike.
        normal(&[vocab, h], 3.0 / (h as f64).sqrt(), 0.0)?,
    )];
    for i in 0..spec.layers {
        let p = |n: &str| format!("blk.{i}.{n}");
        weights.push((p("attn_norm.weight"), normal(&[h], 0.1, 1.0)?));
        weights.push((
            p("attn_q.weight"),
            normal(&[q_rows, h], matrix_std(h), 0.0)?,
        ));
        weights.push((
            p("attn_k.weight"),
            normal(&[kv_rows, h], matrix_std(h), 0.0)?,
        ));
        weights.push((
            p("attn_v.weight"),
            normal(&[kv_rows, h], matrix_std(h), 0.0)?,
        ));
        if spec.arch == Arch::Qwen2 {
            weights.push((p("attn_q.bias"), normal(&[q_rows], 0.1, 0.0)?));
            weights.push((p("attn_k.bias"), normal(&[kv_rows], 0.1, 0.0)?));
            weights.push((p("attn_v.bias"), normal(&[kv_rows], 0.1, 0.0)?));
        }
        weights.push((
            p("attn_output.weight"),
            normal(&[h, q_rows], matrix_std(q_rows), 0.0)?,
        ));
        weights.push((p("ffn_norm.weight"), normal(&[h], 0.1, 1.0)?));
        weights.push((
            p("ffn_gate.weight"),
            normal(&[spec.ffn, h], matrix_std(h), 0.0)?,
        ));
        weights.push((
            p("ffn_up.weight"),
            normal(&[spec.ffn, h], matrix_std(h), 0.0)?,
        ));
        weights.push((
            p("ffn_down.weight"),
            normal(&[h, spec.ffn], matrix_std(spec.ffn), 0.0)?,
        ));
    }
    weights.push(("output_norm.weight".into(), normal(&[h], 0.1, 1.0)?));
    if spec.untied_output {
        weights.push((
            "output.weight".into(),
            normal(&[vocab, h], 3.0 / (h as f64).sqrt(), 0.0)?,
        ));
    }
    if spec.rope_factors {
        let factors: Vec<f32> = (0..hd / 2).map(|i| 1.0 + i as f32 / 4.0).collect();
        weights.push((
            "rope_freqs.weight".into(),
            Tensor::from_vec(factors, hd / 2, &Device::Cpu)?,
        ));
    }
    Ok(weights)
}

/// The storage type of a GGUF tensor in `spec`.
fn gguf_type(spec: &TinySpec, name: &str, shape: &[usize]) -> GgmlDType {
    if shape.len() < 2 {
        return GgmlDType::F32;
    }
    if name == "token_embd.weight" {
        spec.embedding
    } else if name.ends_with("ffn_down.weight") || name == "output.weight" {
        spec.down
    } else {
        spec.matrices
    }
}

/// Writes a GGUF model of `spec` with `tokenizer`'s vocabulary; `template`
/// is its chat template, if it is to have one.
pub fn write_gguf(
    path: &Path,
    spec: &TinySpec,
    tokenizer: &tokenizers::Tokenizer,
    template: Option<&str>,
) -> candle_core::Result<()> {
    let pre = match spec.arch {
        Arch::Qwen2 => "qwen2",
        Arch::Llama => "llama-bpe",
    };
    write_gguf_with(
        path,
        spec,
        tokenizer.get_vocab_size(true),
        tokenizer_metadata(tokenizer, pre),
        template,
    )
}

/// Writes a GGUF model of `spec` with the SentencePiece-style vocabulary
/// of [`spm_vocab`] (`tokenizer.ggml.model = llama`, as Llama-, CodeLlama-
/// and Mistral-family files have), with no template: a tokenizer from
/// metadata alone, which llama.cpp also reads.
pub fn write_spm_gguf(path: &Path, spec: &TinySpec) -> candle_core::Result<()> {
    let vocab = spm_vocab();
    let id = |text: &str| vocab.iter().position(|(t, _, _)| t == text).unwrap_or(0) as u32;
    let metadata = vec![
        ("tokenizer.ggml.model".into(), Value::String("llama".into())),
        (
            "tokenizer.ggml.tokens".into(),
            Value::Array(
                vocab
                    .iter()
                    .map(|(t, _, _)| Value::String(t.clone()))
                    .collect(),
            ),
        ),
        (
            "tokenizer.ggml.scores".into(),
            Value::Array(vocab.iter().map(|(_, s, _)| Value::F32(*s)).collect()),
        ),
        (
            "tokenizer.ggml.token_type".into(),
            Value::Array(
                vocab
                    .iter()
                    .map(|(_, _, k)| Value::I32(k.to_gguf()))
                    .collect(),
            ),
        ),
        ("tokenizer.ggml.bos_token_id".into(), Value::U32(id("<s>"))),
        ("tokenizer.ggml.eos_token_id".into(), Value::U32(id("</s>"))),
        (
            "tokenizer.ggml.unknown_token_id".into(),
            Value::U32(id("<unk>")),
        ),
        ("tokenizer.ggml.add_bos_token".into(), Value::Bool(true)),
        ("tokenizer.ggml.add_eos_token".into(), Value::Bool(false)),
    ];
    write_gguf_with(path, spec, vocab.len(), metadata, None)
}

/// The text [`spm_vocab`] learns its pieces from: code in the three
/// languages and words outside ASCII, so that merges form multi-byte
/// pieces; its own text, so that the expected token ids committed with the
/// tests do not move when the BPE sample above does.
const SPM_CORPUS: &str = r#"def total(items):
    return sum(item.price for item in items if item.price > 0)

class Parser:
    def __init__(self, text):
        self.text = text
        self.position = 0

function total(items) {
  return items.filter((item) => item.price > 0).reduce((sum, item) => sum + item.price, 0);
}

pub fn total(items: &[Item]) -> f64 {
    items.iter().filter(|item| item.price > 0.0).map(|item| item.price).sum()
}

// café naïve façade über straße 日本語 日本 — “quoted”
"#;

/// A SentencePiece-style vocabulary for tests, in id order (text, score,
/// kind), laid out as Llama's: `<unk>`, `<s>`, `</s>`, the 256 byte tokens;
/// then ChatML's markers (control), a user-defined and an unused token; the
/// characters of [`SPM_CORPUS`] (newlines and tabs are left to byte
/// tokens, as in Llama's), then up to 300 merges learned from it by
/// frequency. Merges score by rank, three to a score, so that equal scores
/// occur and the leftmost-pair rule is exercised.
pub fn spm_vocab() -> Vec<(String, f32, TokenKind)> {
    let mut vocab: Vec<(String, f32, TokenKind)> = vec![
        ("<unk>".into(), 0.0, TokenKind::Unknown),
        ("<s>".into(), 0.0, TokenKind::Control),
        ("</s>".into(), 0.0, TokenKind::Control),
    ];
    vocab.extend((0..=255u8).map(|b| (format!("<0x{b:02X}>"), 0.0, TokenKind::Byte)));
    vocab.push(("<|im_start|>".into(), 0.0, TokenKind::Control));
    vocab.push(("<|im_end|>".into(), 0.0, TokenKind::Control));
    vocab.push(("<sep>".into(), 0.0, TokenKind::UserDefined));
    vocab.push(("<unused0>".into(), 0.0, TokenKind::Unused));
    // Words as SentencePiece sees them: a space marker starts each one.
    let mut words: Vec<Vec<String>> = Vec::new();
    for line in SPM_CORPUS.lines() {
        let escaped = format!("▁{}", line.replace(' ', "▁"));
        let mut word = Vec::new();
        // A run of spaces stays with the word after it, so that pieces of
        // indentation are learned too.
        for c in escaped.chars() {
            if c == '▁' && word.last().is_some_and(|p: &String| p != "▁") {
                words.push(std::mem::take(&mut word));
            }
            word.push(c.to_string());
        }
        words.push(word);
    }
    let mut chars: Vec<&String> = words.iter().flatten().collect();
    chars.sort();
    chars.dedup();
    let chars: Vec<String> = chars.into_iter().cloned().collect();
    let first_merge = -1.0;
    for (i, c) in chars.iter().enumerate() {
        // Characters score below every merge, as in Llama's vocabulary.
        vocab.push((c.clone(), -1000.0 - i as f32, TokenKind::Normal));
    }
    for rank in 0..300 {
        let mut counts: HashMap<(String, String), usize> = HashMap::new();
        for word in &words {
            for pair in word.windows(2) {
                *counts
                    .entry((pair[0].clone(), pair[1].clone()))
                    .or_default() += 1;
            }
        }
        // The most frequent pair; the smallest text among equals, so that
        // the vocabulary is the same on every run.
        let Some(((a, b), count)) = counts
            .into_iter()
            .max_by(|(p, n), (q, m)| n.cmp(m).then_with(|| q.cmp(p)))
        else {
            break;
        };
        if count < 2 {
            break;
        }
        let merged = format!("{a}{b}");
        for word in &mut words {
            let mut i = 0;
            while i + 1 < word.len() {
                if word[i] == a && word[i + 1] == b {
                    word[i] = merged.clone();
                    word.remove(i + 1);
                }
                i += 1;
            }
        }
        if !vocab.iter().any(|(t, _, _)| *t == merged) {
            vocab.push((merged, first_merge - (rank / 3) as f32, TokenKind::Normal));
        }
    }
    vocab
}

fn write_gguf_with(
    path: &Path,
    spec: &TinySpec,
    vocab: usize,
    tokenizer: Vec<(String, Value)>,
    template: Option<&str>,
) -> candle_core::Result<()> {
    let arch = spec.arch.name();
    let key = |k: &str| format!("{arch}.{k}");
    let mut metadata: Vec<(String, Value)> = vec![
        ("general.architecture".into(), Value::String(arch.into())),
        (
            "general.name".into(),
            Value::String(format!("tiny-{arch} (random weights)")),
        ),
        ("general.file_type".into(), Value::U32(spec.file_type)),
        (key("context_length"), Value::U32(4096)),
        (key("embedding_length"), Value::U32(spec.hidden as u32)),
        (key("block_count"), Value::U32(spec.layers as u32)),
        (key("feed_forward_length"), Value::U32(spec.ffn as u32)),
        (key("attention.head_count"), Value::U32(spec.heads as u32)),
        (
            key("attention.head_count_kv"),
            Value::U32(spec.kv_heads as u32),
        ),
        (key("attention.layer_norm_rms_epsilon"), Value::F32(1e-6)),
        (
            key("rope.freq_base"),
            Value::F32(match spec.arch {
                Arch::Qwen2 => 1_000_000.0,
                Arch::Llama => 10_000.0,
            }),
        ),
    ];
    metadata.extend(tokenizer);
    if let Some(template) = template {
        metadata.push((
            "tokenizer.chat_template".into(),
            Value::String(template.into()),
        ));
    }
    let tensors = random_weights(spec, vocab)?
        .into_iter()
        .map(|(name, t)| {
            let dtype = gguf_type(spec, &name, t.dims());
            Ok((name, QTensor::quantize(&t, dtype)?))
        })
        .collect::<candle_core::Result<Vec<_>>>()?;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let metadata: Vec<(&str, &Value)> = metadata.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let tensors: Vec<(&str, &QTensor)> = tensors.iter().map(|(k, v)| (k.as_str(), v)).collect();
    gguf_file::write(&mut file, &metadata, &tensors)?;
    std::io::Write::flush(&mut file)?;
    Ok(())
}

/// Writes a Qwen2 Hugging Face checkpoint of `spec` into `dir`: bf16
/// safetensors, config, tokenizer and its config with the chat template.
pub fn write_safetensors(
    dir: &Path,
    spec: &TinySpec,
    tokenizer: &tokenizers::Tokenizer,
) -> candle_core::Result<()> {
    std::fs::create_dir_all(dir)?;
    let vocab = tokenizer.get_vocab_size(true);
    let hf_name = |gguf: &str| -> Option<String> {
        Some(match gguf {
            "token_embd.weight" => "model.embed_tokens.weight".into(),
            "output_norm.weight" => "model.norm.weight".into(),
            "output.weight" => "lm_head.weight".into(),
            other => {
                let rest = other.strip_prefix("blk.")?;
                let (i, name) = rest.split_once('.')?;
                let hf = match name {
                    "attn_norm.weight" => "input_layernorm.weight",
                    "ffn_norm.weight" => "post_attention_layernorm.weight",
                    "attn_q.weight" => "self_attn.q_proj.weight",
                    "attn_k.weight" => "self_attn.k_proj.weight",
                    "attn_v.weight" => "self_attn.v_proj.weight",
                    "attn_q.bias" => "self_attn.q_proj.bias",
                    "attn_k.bias" => "self_attn.k_proj.bias",
                    "attn_v.bias" => "self_attn.v_proj.bias",
                    "attn_output.weight" => "self_attn.o_proj.weight",
                    "ffn_gate.weight" => "mlp.gate_proj.weight",
                    "ffn_up.weight" => "mlp.up_proj.weight",
                    "ffn_down.weight" => "mlp.down_proj.weight",
                    _ => return None,
                };
                format!("model.layers.{i}.{hf}")
            }
        })
    };
    let mut tensors = HashMap::new();
    for (name, t) in random_weights(spec, vocab)? {
        if let Some(hf) = hf_name(&name) {
            tensors.insert(hf, t.to_dtype(DType::BF16)?);
        }
    }
    candle_core::safetensors::save(&tensors, dir.join("model.safetensors"))?;
    let id = |t: &str| tokenizer.token_to_id(t).unwrap_or(0);
    let config = json!({
        "architectures": ["Qwen2ForCausalLM"],
        "model_type": "qwen2",
        "hidden_act": "silu",
        "hidden_size": spec.hidden,
        "intermediate_size": spec.ffn,
        "num_hidden_layers": spec.layers,
        "num_attention_heads": spec.heads,
        "num_key_value_heads": spec.kv_heads,
        "vocab_size": vocab,
        "max_position_embeddings": 4096,
        "sliding_window": 4096,
        "max_window_layers": spec.layers,
        "use_sliding_window": false,
        "rms_norm_eps": 1e-6,
        "rope_theta": 1_000_000.0,
        "tie_word_embeddings": !spec.untied_output,
        "torch_dtype": "bfloat16",
        "bos_token_id": id("<|endoftext|>"),
        "eos_token_id": id("<|im_end|>"),
    });
    let tokenizer_config = json!({
        "chat_template": QWEN25_TEMPLATE,
        "eos_token": "<|im_end|>",
        "bos_token": null,
        "add_bos_token": false,
    });
    let generation = json!({ "eos_token_id": [id("<|im_end|>"), id("<|endoftext|>")] });
    let write = |name: &str, value: &Json| -> std::io::Result<()> {
        std::fs::write(dir.join(name), serde_json::to_string_pretty(value)?)
    };
    write("config.json", &config)?;
    write("tokenizer_config.json", &tokenizer_config)?;
    write("generation_config.json", &generation)?;
    tokenizer
        .save(dir.join("tokenizer.json"), true)
        .map_err(candle_core::Error::wrap)?;
    Ok(())
}

/// Writes every tiny model into `dir`, and returns the paths written: the
/// tokenizer, `tiny-qwen2-{f32,q8_0,q4_k_m}.gguf`, `tiny-llama-q5_0.gguf`,
/// `tiny-llama-spm-q5_0.gguf` (a SentencePiece-style vocabulary, which
/// llama.cpp also loads) and the checkpoint directory
/// `tiny-qwen2-safetensors`.
pub fn write_all(dir: &Path, corpus: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let tokenizer = train_tokenizer(corpus).map_err(anyhow::Error::msg)?;
    let tokenizer_path = dir.join("tokenizer.json");
    tokenizer
        .save(&tokenizer_path, true)
        .map_err(anyhow::Error::msg)?;
    let mut written = vec![tokenizer_path];
    for (name, spec, template) in [
        (
            "tiny-qwen2-f32.gguf",
            TinySpec::qwen2_f32(),
            Some(QWEN25_TEMPLATE),
        ),
        (
            "tiny-qwen2-q8_0.gguf",
            TinySpec::qwen2_q8_0(),
            Some(QWEN25_TEMPLATE),
        ),
        (
            "tiny-qwen2-q4_k_m.gguf",
            TinySpec::qwen2_q4_k_m(),
            Some(QWEN25_TEMPLATE),
        ),
        // No template: the engine falls back to ChatML.
        ("tiny-llama-q5_0.gguf", TinySpec::llama_q5_0(), None),
    ] {
        let path = dir.join(name);
        write_gguf(&path, &spec, &tokenizer, template)?;
        written.push(path);
    }
    let spm = dir.join("tiny-llama-spm-q5_0.gguf");
    write_spm_gguf(&spm, &TinySpec::llama_q5_0())?;
    written.push(spm);
    let checkpoint = dir.join("tiny-qwen2-safetensors");
    write_safetensors(&checkpoint, &TinySpec::qwen2_f32(), &tokenizer)?;
    written.push(checkpoint);
    Ok(written)
}
