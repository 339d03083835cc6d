//! Our own forward pass over candle tensors and quantized matmuls, with a
//! key-value cache the caller owns: a cache can be forked (several candidates
//! from one prompt), truncated (a prompt prefix shared by many units) and,
//! later, batched, none of which candle-transformers' models allow since they
//! keep their cache inside.
//!
//! Qwen2 and Llama are the same decoder: pre-norm blocks of grouped-query
//! attention with rotary positions and a SwiGLU feed-forward. What differs is
//! data the loader settles (biases on q/k/v, how RoPE pairs dimensions, tied
//! embeddings), so one [`Model`] with an [`Arch`] tag covers both, rather than
//! an enum of two identical payloads.

use std::sync::Arc;

use candle_core::quantized::{QMatMul, QTensor};
use candle_core::{DType, Device, Module, Tensor};

/// The architectures we run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arch {
    Qwen2,
    Llama,
}

impl Arch {
    pub fn name(self) -> &'static str {
        match self {
            Arch::Qwen2 => "qwen2",
            Arch::Llama => "llama",
        }
    }
}

/// How rotary embeddings pair the dimensions of a head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RopeStyle {
    /// Dimension i with i + d/2 (GPT-NeoX): Qwen2 everywhere, and Hugging
    /// Face Llama checkpoints.
    Halves,
    /// Dimension 2i with 2i + 1: Llama in GGUF, whose q/k weights the
    /// converter permuted to match.
    Interleaved,
}

/// The shape and constants of a model.
#[derive(Clone, Debug)]
pub struct Config {
    pub arch: Arch,
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub kv_heads: usize,
    pub head_dim: usize,
    pub vocab: usize,
    /// The longest sequence the model was trained for.
    pub context_length: usize,
    pub rms_eps: f64,
    pub rope_style: RopeStyle,
    /// The rotary frequency of each pair of dimensions (head_dim / 2 of
    /// them), with any supported scaling already applied.
    pub inv_freq: Vec<f64>,
}

impl Config {
    /// RoPE frequencies `base^(-2i/d)`, divided by `scale` (linear position
    /// scaling) and by a per-frequency factor where the model has them
    /// (Llama 3's scaling, stored in GGUF as `rope_freqs.weight`).
    pub fn rope_frequencies(
        head_dim: usize,
        base: f64,
        linear_scale: f64,
        factors: Option<&[f32]>,
    ) -> Vec<f64> {
        (0..head_dim / 2)
            .map(|i| {
                let f = 1.0 / base.powf(2.0 * i as f64 / head_dim as f64) / linear_scale;
                match factors {
                    Some(factors) => f / factors[i] as f64,
                    None => f,
                }
            })
            .collect()
    }
}

/// A projection: a weight kept as the file stored it (quantized, or f32 for
/// float checkpoints), and an optional bias.
#[derive(Debug)]
pub struct Linear {
    weight: QMatMul,
    bias: Option<Tensor>,
}

impl Linear {
    pub fn new(weight: QMatMul, bias: Option<Tensor>) -> Linear {
        Linear { weight, bias }
    }

    /// `x` is `[tokens, in]`. Many tokens (a prompt) multiply bands of the
    /// quantized weight unpacked to f32 (see [`super::dequant`]); few
    /// (decode) stay on quantized kernels: ours for Q8_0 where the CPU has
    /// AVX-512 VNNI (see [`super::matvec`]), else candle's.
    fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let banded = match &self.weight {
            QMatMul::QTensor(q) if x.rank() == 2 && x.dim(0)? >= super::dequant::MIN_ROWS => {
                super::dequant::matmul_t(x, q)?
            }
            QMatMul::QTensor(q) if x.rank() == 2 => super::matvec::matvec(x, q)?,
            _ => None,
        };
        let y = match banded {
            Some(y) => y,
            None => self.weight.forward(x)?,
        };
        match &self.bias {
            Some(b) => y.broadcast_add(b),
            None => Ok(y),
        }
    }
}

/// The token embedding table; quantized tables are dequantized a row at a
/// time, so a 150k-token vocabulary costs no f32 copy.
#[derive(Debug)]
pub enum Embedding {
    Quantized(Arc<QTensor>),
    Dense(Tensor),
}

impl Embedding {
    fn forward(&self, ids: &Tensor) -> candle_core::Result<Tensor> {
        match self {
            Embedding::Quantized(q) => q.embedding(ids),
            Embedding::Dense(t) => t.index_select(ids, 0),
        }
    }
}

/// One decoder block.
#[derive(Debug)]
pub struct Layer {
    pub attn_norm: Tensor,
    pub q: Linear,
    pub k: Linear,
    pub v: Linear,
    pub o: Linear,
    pub ffn_norm: Tensor,
    pub gate: Linear,
    pub up: Linear,
    pub down: Linear,
}

/// A loaded model: weights and constants, immutable once built, so one model
/// can serve many caches.
#[derive(Debug)]
pub struct Model {
    pub config: Config,
    pub embed: Embedding,
    pub layers: Vec<Layer>,
    pub norm: Tensor,
    pub lm_head: Linear,
}

/// The keys and values of one sequence, for every layer: buffers of
/// `[kv_heads, capacity, head_dim]` filled from position 0 up to `len`.
#[derive(Debug)]
pub struct KvCache {
    layers: Vec<(Tensor, Tensor)>,
    len: usize,
    capacity: usize,
}

impl KvCache {
    /// An empty cache with room for `capacity` positions; it grows when a
    /// forward pass needs more.
    pub fn new(config: &Config, capacity: usize) -> candle_core::Result<KvCache> {
        let capacity = capacity.max(1);
        let shape = (config.kv_heads, capacity, config.head_dim);
        let layers = (0..config.layers)
            .map(|_| {
                Ok((
                    Tensor::zeros(shape, DType::F32, &Device::Cpu)?,
                    Tensor::zeros(shape, DType::F32, &Device::Cpu)?,
                ))
            })
            .collect::<candle_core::Result<_>>()?;
        Ok(KvCache {
            layers,
            len: 0,
            capacity,
        })
    }

    /// Positions filled.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Forgets every position from `len` on, keeping the ones before, so a
    /// shared prompt prefix is computed once.
    pub fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }

    /// An independent copy, for decoding several continuations of the same
    /// prompt. (A `Tensor` clone would share storage, and appends write in
    /// place.)
    pub fn fork(&self) -> candle_core::Result<KvCache> {
        let layers = self
            .layers
            .iter()
            .map(|(k, v)| Ok((k.copy()?, v.copy()?)))
            .collect::<candle_core::Result<_>>()?;
        Ok(KvCache {
            layers,
            len: self.len,
            capacity: self.capacity,
        })
    }

    /// Makes room for `extra` more positions, doubling the buffers as needed.
    pub fn reserve(&mut self, extra: usize) -> candle_core::Result<()> {
        let needed = self.len + extra;
        if needed <= self.capacity {
            return Ok(());
        }
        let capacity = needed.max(self.capacity * 2);
        for (k, v) in &mut self.layers {
            for buf in [k, v] {
                let (heads, _, dim) = buf.dims3()?;
                let bigger = Tensor::zeros((heads, capacity, dim), DType::F32, &Device::Cpu)?;
                if self.len > 0 {
                    bigger.slice_set(&buf.narrow(1, 0, self.len)?.contiguous()?, 1, 0)?;
                }
                *buf = bigger;
            }
        }
        self.capacity = capacity;
        Ok(())
    }

    /// Writes `k` and `v` (`[kv_heads, n, head_dim]`) of layer `layer` at
    /// position `at`, and returns views of the layer's keys and values up to
    /// `at + n`.
    fn write(
        &self,
        layer: usize,
        at: usize,
        k: &Tensor,
        v: &Tensor,
    ) -> candle_core::Result<(Tensor, Tensor)> {
        let (kbuf, vbuf) = &self.layers[layer];
        kbuf.slice_set(k, 1, at)?;
        vbuf.slice_set(v, 1, at)?;
        let n = k.dim(1)?;
        Ok((kbuf.narrow(1, 0, at + n)?, vbuf.narrow(1, 0, at + n)?))
    }
}

impl Model {
    /// Runs `tokens` through the model after what `cache` holds, appends
    /// their keys and values to it, and returns the logits of the last token.
    pub fn forward(&self, tokens: &[u32], cache: &mut KvCache) -> candle_core::Result<Vec<f32>> {
        let n = tokens.len();
        if n == 0 {
            candle_core::bail!("forward pass over no tokens");
        }
        if let Some(&bad) = tokens.iter().find(|&&t| t as usize >= self.config.vocab) {
            candle_core::bail!(
                "token id {bad} is outside the vocabulary ({})",
                self.config.vocab
            );
        }
        cache.reserve(n)?;
        let at = cache.len;
        let ids = Tensor::new(tokens, &Device::Cpu)?;
        let mut x = self.embed.forward(&ids)?; // [n, hidden]
        let rope = self.rope_tables(at, n)?;
        let mask = if n > 1 {
            Some(self.causal_mask(at, n)?)
        } else {
            None
        };
        for (i, layer) in self.layers.iter().enumerate() {
            let h = candle_nn::ops::rms_norm(&x, &layer.attn_norm, self.config.rms_eps as f32)?;
            let attn = self.attention(layer, i, &h, at, &rope, mask.as_ref(), cache)?;
            x = (x + attn)?;
            let h = candle_nn::ops::rms_norm(&x, &layer.ffn_norm, self.config.rms_eps as f32)?;
            let gate = candle_nn::ops::silu(&layer.gate.forward(&h)?)?;
            let ff = layer.down.forward(&(gate * layer.up.forward(&h)?)?)?;
            x = (x + ff)?;
        }
        cache.len = at + n;
        let last = x.narrow(0, n - 1, 1)?;
        let last = candle_nn::ops::rms_norm(&last, &self.norm, self.config.rms_eps as f32)?;
        self.lm_head.forward(&last)?.squeeze(0)?.to_vec1::<f32>()
    }

    #[allow(clippy::too_many_arguments)] // the pieces of one attention call
    fn attention(
        &self,
        layer: &Layer,
        index: usize,
        h: &Tensor,
        at: usize,
        (cos, sin): &(Tensor, Tensor),
        mask: Option<&Tensor>,
        cache: &KvCache,
    ) -> candle_core::Result<Tensor> {
        let c = &self.config;
        let n = h.dim(0)?;
        let group = c.heads / c.kv_heads;
        let heads_first = |t: Tensor, heads: usize| -> candle_core::Result<Tensor> {
            t.reshape((1, n, heads, c.head_dim))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = heads_first(layer.q.forward(h)?, c.heads)?;
        let k = heads_first(layer.k.forward(h)?, c.kv_heads)?;
        let v = heads_first(layer.v.forward(h)?, c.kv_heads)?.squeeze(0)?;
        let (q, k) = match c.rope_style {
            RopeStyle::Halves => (
                candle_nn::rotary_emb::rope(&q, cos, sin)?,
                candle_nn::rotary_emb::rope(&k, cos, sin)?,
            ),
            RopeStyle::Interleaved => (
                candle_nn::rotary_emb::rope_i(&q, cos, sin)?,
                candle_nn::rotary_emb::rope_i(&k, cos, sin)?,
            ),
        };
        let (keys, values) = cache.write(index, at, &k.squeeze(0)?, &v)?;
        // The query heads that share a key-value head sit next to each other,
        // so [heads, n, d] reshapes for free into [kv_heads, group * n, d]:
        // one batched matmul per key-value head, no repeated keys.
        let q =
            (q.reshape((c.kv_heads, group * n, c.head_dim))? * (1.0 / (c.head_dim as f64).sqrt()))?;
        let scores = q.matmul(&keys.t()?)?; // [kv_heads, group * n, positions]
        let scores = match mask {
            Some(mask) => scores.broadcast_add(mask)?,
            None => scores,
        };
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let y = probs.matmul(&values)?; // [kv_heads, group * n, d]
        let y = y
            .reshape((c.heads, n, c.head_dim))?
            .transpose(0, 1)?
            .reshape((n, c.heads * c.head_dim))?;
        layer.o.forward(&y)
    }

    /// Cosines and sines for positions `at..at + n`, `[n, head_dim / 2]`,
    /// computed in f64 for exact positions however long the sequence.
    fn rope_tables(&self, at: usize, n: usize) -> candle_core::Result<(Tensor, Tensor)> {
        let freqs = &self.config.inv_freq;
        let mut cos = Vec::with_capacity(n * freqs.len());
        let mut sin = Vec::with_capacity(n * freqs.len());
        for pos in at..at + n {
            for f in freqs {
                let angle = pos as f64 * f;
                cos.push(angle.cos() as f32);
                sin.push(angle.sin() as f32);
            }
        }
        Ok((
            Tensor::from_vec(cos, (n, freqs.len()), &Device::Cpu)?,
            Tensor::from_vec(sin, (n, freqs.len()), &Device::Cpu)?,
        ))
    }

    /// The additive mask for `n` new tokens after `at` cached ones, in the
    /// grouped layout of [`Model::attention`]: row `g * n + i` is token `i`
    /// of some head, which sees positions up to `at + i`.
    fn causal_mask(&self, at: usize, n: usize) -> candle_core::Result<Tensor> {
        let group = self.config.heads / self.config.kv_heads;
        let total = at + n;
        let mut mask = Vec::with_capacity(group * n * total);
        for _ in 0..group {
            for i in 0..n {
                mask.extend((0..total).map(|j| if j <= at + i { 0f32 } else { f32::NEG_INFINITY }));
            }
        }
        Tensor::from_vec(mask, (group * n, total), &Device::Cpu)
    }
}

#[cfg(test)]
impl Model {
    /// Replaces every quantized matrix by its f32 values, so tests can tell
    /// the error of the quantized kernels from that of everything else.
    pub fn dequantize_all(&mut self) -> candle_core::Result<()> {
        let linears = self
            .layers
            .iter_mut()
            .flat_map(|l| {
                [
                    &mut l.q,
                    &mut l.k,
                    &mut l.v,
                    &mut l.o,
                    &mut l.gate,
                    &mut l.up,
                    &mut l.down,
                ]
            })
            .chain([&mut self.lm_head]);
        for linear in linears {
            if let QMatMul::QTensor(q) = &linear.weight {
                linear.weight = QMatMul::Tensor(q.dequantize(&Device::Cpu)?);
            }
        }
        Ok(())
    }
}
