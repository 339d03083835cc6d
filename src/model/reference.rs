//! A plain reference forward pass for tests: every weight dequantized to
//! f64, loops instead of kernels, the whole sequence recomputed at once, no
//! cache. Slow and obviously right, so our forward pass can be compared with
//! it on the tiny models.
//!
//! It reads its configuration (shape, RoPE pairing and frequencies, norm
//! epsilon) from the GGUF file with its own code, not from the loader under
//! test: a reference that borrowed the loader's `Config` would follow the
//! loader into any mistake it made there, and the comparison would stay
//! green.

use std::path::Path;

use candle_core::quantized::gguf_file::{self, Value};
use candle_core::Device;

/// How RoPE pairs a head's dimensions, as llama.cpp's
/// `llama_model_rope_type` decides it by architecture.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Pairing {
    /// NEOX: dimension `i` with `i + d/2` (Qwen2).
    Halves,
    /// NORM: dimension `2i` with `2i + 1` (Llama, whose q/k rows
    /// llama.cpp's converter permuted for it).
    Adjacent,
}

/// What the reference needs to know about a model, read from its GGUF
/// metadata and tensors.
#[derive(Debug)]
struct Shape {
    layers: usize,
    heads: usize,
    kv_heads: usize,
    head_dim: usize,
    eps: f64,
    pairing: Pairing,
    /// The rotary frequency of each pair of dimensions.
    inv_freq: Vec<f64>,
}

fn number(content: &gguf_file::Content, key: &str) -> Option<f64> {
    Some(match content.metadata.get(key)? {
        Value::U8(v) => f64::from(*v),
        Value::U16(v) => f64::from(*v),
        Value::U32(v) => f64::from(*v),
        Value::U64(v) => *v as f64,
        Value::I32(v) => f64::from(*v),
        Value::I64(v) => *v as f64,
        Value::F32(v) => f64::from(*v),
        Value::F64(v) => *v,
        other => panic!("{key}: not a number: {other:?}"),
    })
}

impl Shape {
    /// Panics on anything this reference does not implement, so that a
    /// test model it cannot follow fails loudly instead of comparing two
    /// wrong answers.
    fn read(w: &mut Weights) -> Shape {
        let content = &w.content;
        let arch = match content.metadata.get("general.architecture") {
            Some(Value::String(arch)) => arch.clone(),
            other => panic!("general.architecture: {other:?}"),
        };
        let pairing = match arch.as_str() {
            "qwen2" => Pairing::Halves,
            "llama" => Pairing::Adjacent,
            other => panic!("the reference does not know architecture {other}"),
        };
        let key = |k: &str| format!("{arch}.{k}");
        let required =
            |k: &str| number(content, &key(k)).unwrap_or_else(|| panic!("{} is missing", key(k)));
        let hidden = required("embedding_length") as usize;
        let heads = required("attention.head_count") as usize;
        let kv_heads =
            number(content, &key("attention.head_count_kv")).map_or(heads, |v| v as usize);
        let head_dim = hidden / heads;
        for scaling in [
            "rope.scaling.type",
            "rope.scaling.factor",
            "rope.scale_linear",
        ] {
            assert!(
                !content.metadata.contains_key(&key(scaling)),
                "the reference implements no RoPE scaling, and the model has {}",
                key(scaling)
            );
        }
        let base = number(content, &key("rope.freq_base")).unwrap_or(10_000.0);
        // Llama 3's per-frequency factors divide each frequency.
        let factors = w.vector("rope_freqs.weight");
        let inv_freq = (0..head_dim / 2)
            .map(|i| {
                let f = base.powf(-2.0 * i as f64 / head_dim as f64);
                factors.as_ref().map_or(f, |factors| f / factors[i])
            })
            .collect();
        let content = &w.content;
        Shape {
            layers: number(content, &key("block_count")).expect("block_count") as usize,
            heads,
            kv_heads,
            head_dim,
            eps: number(content, &key("attention.layer_norm_rms_epsilon"))
                .expect("the norm's epsilon"),
            pairing,
            inv_freq,
        }
    }
}

struct Weights {
    content: gguf_file::Content,
    file: std::fs::File,
}

impl Weights {
    /// A tensor as rows of f64.
    fn get(&mut self, name: &str) -> Option<Vec<Vec<f64>>> {
        self.content.tensor_infos.get(name)?;
        let t = self
            .content
            .tensor(&mut self.file, name, &Device::Cpu)
            .ok()?
            .dequantize(&Device::Cpu)
            .ok()?;
        let t = if t.rank() == 1 {
            t.unsqueeze(0).ok()?
        } else {
            t
        };
        let rows = t.to_vec2::<f32>().ok()?;
        Some(
            rows.into_iter()
                .map(|r| r.into_iter().map(f64::from).collect())
                .collect(),
        )
    }

    fn vector(&mut self, name: &str) -> Option<Vec<f64>> {
        self.get(name).map(|mut rows| rows.remove(0))
    }
}

fn matvec(w: &[Vec<f64>], x: &[f64]) -> Vec<f64> {
    w.iter()
        .map(|row| row.iter().zip(x).map(|(a, b)| a * b).sum())
        .collect()
}

fn rms_norm(x: &[f64], w: &[f64], eps: f64) -> Vec<f64> {
    let scale = 1.0 / (x.iter().map(|v| v * v).sum::<f64>() / x.len() as f64 + eps).sqrt();
    x.iter().zip(w).map(|(v, w)| v * scale * w).collect()
}

fn rope(head: &mut [f64], pos: usize, shape: &Shape) {
    let d = head.len();
    for (i, f) in shape.inv_freq.iter().enumerate() {
        let (sin, cos) = (pos as f64 * f).sin_cos();
        let (a, b) = match shape.pairing {
            Pairing::Halves => (i, i + d / 2),
            Pairing::Adjacent => (2 * i, 2 * i + 1),
        };
        let (x, y) = (head[a], head[b]);
        head[a] = x * cos - y * sin;
        head[b] = x * sin + y * cos;
    }
}

/// The logits after the last of `tokens`, for the GGUF model at `path`.
pub fn logits(path: &Path, tokens: &[u32]) -> Vec<f32> {
    let mut file = std::fs::File::open(path).expect("model file");
    let content = gguf_file::Content::read(&mut file).expect("GGUF");
    let mut w = Weights { content, file };
    let shape = Shape::read(&mut w);
    let c = &shape;
    let (hd, group) = (c.head_dim, c.heads / c.kv_heads);
    let embed = w.get("token_embd.weight").expect("embeddings");
    let mut xs: Vec<Vec<f64>> = tokens.iter().map(|&t| embed[t as usize].clone()).collect();
    for l in 0..c.layers {
        let mut get = |n: &str| w.get(&format!("blk.{l}.{n}"));
        let (wq, wk, wv, wo) = (
            get("attn_q.weight").unwrap(),
            get("attn_k.weight").unwrap(),
            get("attn_v.weight").unwrap(),
            get("attn_output.weight").unwrap(),
        );
        let bias = |b: Option<Vec<Vec<f64>>>, n: usize| b.map_or(vec![0.0; n], |mut r| r.remove(0));
        let bq = bias(get("attn_q.bias"), c.heads * hd);
        let bk = bias(get("attn_k.bias"), c.kv_heads * hd);
        let bv = bias(get("attn_v.bias"), c.kv_heads * hd);
        let attn_norm = get("attn_norm.weight").unwrap().remove(0);
        let ffn_norm = get("ffn_norm.weight").unwrap().remove(0);
        let (gate, up, down) = (
            get("ffn_gate.weight").unwrap(),
            get("ffn_up.weight").unwrap(),
            get("ffn_down.weight").unwrap(),
        );
        let add =
            |a: Vec<f64>, b: &[f64]| -> Vec<f64> { a.iter().zip(b).map(|(x, y)| x + y).collect() };
        let (mut qs, mut ks, mut vs) = (Vec::new(), Vec::new(), Vec::new());
        for (pos, x) in xs.iter().enumerate() {
            let h = rms_norm(x, &attn_norm, c.eps);
            let mut q = add(matvec(&wq, &h), &bq);
            let mut k = add(matvec(&wk, &h), &bk);
            for head in q.chunks_mut(hd).chain(k.chunks_mut(hd)) {
                rope(head, pos, c);
            }
            qs.push(q);
            ks.push(k);
            vs.push(add(matvec(&wv, &h), &bv));
        }
        for (t, x) in xs.iter_mut().enumerate() {
            let mut out = vec![0.0; c.heads * hd];
            for head in 0..c.heads {
                let kv = head / group;
                let q = &qs[t][head * hd..(head + 1) * hd];
                let scores: Vec<f64> = (0..=t)
                    .map(|s| {
                        let k = &ks[s][kv * hd..(kv + 1) * hd];
                        q.iter().zip(k).map(|(a, b)| a * b).sum::<f64>() / (hd as f64).sqrt()
                    })
                    .collect();
                let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let weights: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
                let total: f64 = weights.iter().sum();
                for (s, weight) in weights.iter().enumerate() {
                    for i in 0..hd {
                        out[head * hd + i] += weight / total * vs[s][kv * hd + i];
                    }
                }
            }
            *x = add(matvec(&wo, &out), x);
            let h = rms_norm(x, &ffn_norm, c.eps);
            let act: Vec<f64> = matvec(&gate, &h)
                .iter()
                .zip(matvec(&up, &h))
                .map(|(g, u)| g / (1.0 + (-g).exp()) * u)
                .collect();
            *x = add(matvec(&down, &act), x);
        }
    }
    let norm = w.vector("output_norm.weight").unwrap();
    let last = rms_norm(xs.last().unwrap(), &norm, c.eps);
    let output = w.get("output.weight").unwrap_or(embed);
    matvec(&output, &last)
        .into_iter()
        .map(|v| v as f32)
        .collect()
}

/// `|a - b| / |b|` over whole vectors.
pub fn relative_error(a: &[f32], b: &[f32]) -> f64 {
    assert_eq!(a.len(), b.len());
    let diff: f64 = a
        .iter()
        .zip(b)
        .map(|(x, y)| (*x as f64 - *y as f64).powi(2))
        .sum();
    let norm: f64 = b.iter().map(|y| (*y as f64).powi(2)).sum();
    (diff / norm).sqrt()
}
