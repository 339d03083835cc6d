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

use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{Device, Module, Tensor};

mod prompt;
mod step;

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
    /// quantized weight unpacked to bf16 or f32 (see [`super::dequant`]);
    /// few (decode) stay on quantized kernels: ours for Q8_0, Q5_0, Q4_K and
    /// Q6_K on the AVX-512 and AVX2 paths, Q8_0 and Q4_K on
    /// NEON (see [`super::matvec`]), else candle's.
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
        self.add_bias(y)
    }

    /// `x` is `[rows, in]`, one decoded token per sequence: like
    /// [`Linear::forward`] of one row, for each row, bit for bit, whatever
    /// rows come with it (see [`Model::forward_batch`]). So never the
    /// prefill path, whose numerics differ; and a kernel that does not
    /// compute rows apart gets one row at a time.
    fn forward_decode(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        let rows = x.dim(0)?;
        if rows > 1 && !self.rows_independent() {
            let ys = (0..rows)
                .map(|r| self.forward_decode(&x.narrow(0, r, 1)?))
                .collect::<candle_core::Result<Vec<_>>>()?;
            return Tensor::cat(&ys, 0);
        }
        let fast = match &self.weight {
            QMatMul::QTensor(q) => super::matvec::matvec(x, q)?,
            _ => None,
        };
        let y = match fast {
            Some(y) => y,
            None => self.weight.forward(x)?,
        };
        self.add_bias(y)
    }

    /// Whether one call over several rows (up to [`MAX_BATCH`]) gives each
    /// row the bits that a call over that row alone gives, as
    /// `model_tests::a_batch_decodes_each_sequence_as_alone` checks on every
    /// format. Ours (see [`super::matvec::applies`]) compute every (row,
    /// token) pair apart. On x86-64 candle's quantized kernels do too,
    /// whatever the count, except its Q6_K (a compact kernel for one row,
    /// repacked tiles for more, whose sums differ in the last bits) and its
    /// AMX Q4_K kernel (32 rows or more, hence the cap). Float matrices go to
    /// `gemm`, whose kernels depend on the shape; on ARM candle picks kernels
    /// by row count too.
    fn rows_independent(&self) -> bool {
        match &self.weight {
            QMatMul::QTensor(q) => {
                super::matvec::applies(q.dtype())
                    || (cfg!(target_arch = "x86_64") && q.dtype() != GgmlDType::Q6K)
            }
            QMatMul::Tensor(_) | QMatMul::TensorF16(_) => false,
        }
    }

    /// `x` times several weights (a layer's queries, keys and values; its
    /// gate and up projections), for fewer rows than the prefill path takes:
    /// one pass of the thread pool over all the matrices where our kernels
    /// take them all, since each alone is too small to keep every core busy
    /// and each pass ends at a barrier. The same bits as [`Linear::forward`]
    /// gives for each, which is what runs otherwise.
    fn forward_all(linears: &[&Linear], x: &Tensor) -> candle_core::Result<Vec<Tensor>> {
        let fused = match Linear::quantized(linears) {
            Some(qs) if x.rank() == 2 && x.dim(0)? < super::dequant::MIN_ROWS => {
                super::matvec::matvec_many(x, &qs)?
            }
            _ => None,
        };
        match fused {
            Some(ys) => linears.iter().zip(ys).map(|(l, y)| l.add_bias(y)).collect(),
            None => linears.iter().map(|l| l.forward(x)).collect(),
        }
    }

    /// The linears' quantized matrices, or `None` unless all are.
    fn quantized<'a>(linears: &[&'a Linear]) -> Option<Vec<&'a QTensor>> {
        linears
            .iter()
            .map(|l| match &l.weight {
                QMatMul::QTensor(q) => Some(&**q),
                _ => None,
            })
            .collect()
    }

    fn add_bias(&self, y: Tensor) -> candle_core::Result<Tensor> {
        match &self.bias {
            Some(b) => y.broadcast_add(b),
            None => Ok(y),
        }
    }
}

/// The most sequences [`Model::forward_batch`] takes at once: past 31 rows
/// candle switches Q4_K to another kernel (AMX tiles, where the CPU has
/// them), whose sums differ from one row's.
pub const MAX_BATCH: usize = 16;

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

/// The keys and values of one sequence, for every layer, in plain vectors
/// position after position (`[positions, kv_heads, head_dim]`), so the
/// decode step (see [`step`]) reads and appends them in place; prefill
/// writes through one copy and reads them back as tensors.
#[derive(Clone, Debug)]
pub struct KvCache {
    /// Each layer's keys and values; each holds at least `len` positions
    /// (more after a truncation, or a pass that failed half-way, which the
    /// next write overwrites).
    layers: Vec<(Vec<f32>, Vec<f32>)>,
    len: usize,
    /// Values per position of one layer's keys (or values): kv_heads ·
    /// head_dim.
    stride: usize,
}

impl KvCache {
    /// An empty cache with room for `capacity` positions; it grows when a
    /// forward pass needs more.
    pub fn new(config: &Config, capacity: usize) -> candle_core::Result<KvCache> {
        let stride = config.kv_heads * config.head_dim;
        let room = capacity.max(1) * stride;
        let layers = (0..config.layers)
            .map(|_| (Vec::with_capacity(room), Vec::with_capacity(room)))
            .collect();
        Ok(KvCache {
            layers,
            len: 0,
            stride,
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
    /// prompt.
    pub fn fork(&self) -> candle_core::Result<KvCache> {
        Ok(self.clone())
    }

    /// Makes room for `extra` more positions, so that appending them does
    /// not move the buffers mid-pass.
    pub fn reserve(&mut self, extra: usize) -> candle_core::Result<()> {
        let needed = (self.len + extra) * self.stride;
        for (k, v) in &mut self.layers {
            for buf in [k, v] {
                buf.truncate(self.len * self.stride);
                buf.reserve(needed.saturating_sub(buf.len()));
            }
        }
        Ok(())
    }

    /// Writes the keys and values `k` and `v` of some positions (each
    /// `[positions, kv_heads, head_dim]`) of layer `layer` from position
    /// `at` on, dropping whatever the layer held from `at` on.
    fn write_at(&mut self, layer: usize, at: usize, k: &[f32], v: &[f32]) {
        let (keys, values) = &mut self.layers[layer];
        for (buf, new) in [(keys, k), (values, v)] {
            buf.truncate(at * self.stride);
            buf.extend_from_slice(new);
        }
    }

    /// Layer `layer`'s keys and values of positions `0..len`, each
    /// `[positions, kv_heads, head_dim]`.
    fn read(&self, layer: usize, len: usize) -> (&[f32], &[f32]) {
        let (keys, values) = &self.layers[layer];
        let n = len * self.stride;
        (&keys[..n], &values[..n])
    }

    /// Writes `k` and `v` (`[kv_heads, n, head_dim]`) of layer `layer` at
    /// position `at`, and returns the layer's keys and values up to
    /// `at + n` as tensors `[kv_heads, positions, head_dim]`, for prefill's
    /// matmuls.
    fn write(
        &mut self,
        layer: usize,
        at: usize,
        k: &Tensor,
        v: &Tensor,
    ) -> candle_core::Result<(Tensor, Tensor)> {
        let positions_first = |t: &Tensor| -> candle_core::Result<Vec<f32>> {
            t.transpose(0, 1)?.flatten_all()?.to_vec1()
        };
        let (new_k, new_v) = (positions_first(k)?, positions_first(v)?);
        self.write_at(layer, at, &new_k, &new_v);
        let total = at + k.dim(1)?;
        let (keys, values) = self.read(layer, total);
        let (heads, _, dim) = k.dims3()?;
        let heads_first = |xs: &[f32]| -> candle_core::Result<Tensor> {
            Tensor::from_slice(xs, (total, heads, dim), &Device::Cpu)?
                .transpose(0, 1)?
                .contiguous()
        };
        Ok((heads_first(keys)?, heads_first(values)?))
    }
}

impl Model {
    /// Runs `tokens` through the model after what `cache` holds, appends
    /// their keys and values to it, and returns the logits of the last token.
    /// One token is a decoding step (see [`step`]), the same one
    /// [`Model::forward_batch`] takes; a prompt of [`super::dequant::MIN_ROWS`]
    /// tokens or more runs on plain vectors shared by the threads (see
    /// [`prompt`]); a shorter one on candle's ops.
    pub fn forward(&self, tokens: &[u32], cache: &mut KvCache) -> candle_core::Result<Vec<f32>> {
        match tokens {
            &[token] => Ok(self.forward_batch(&[token], &mut [cache])?.remove(0)),
            _ if tokens.len() >= super::dequant::MIN_ROWS => self.forward_prompt(tokens, cache),
            _ => self.forward_candle(tokens, cache),
        }
    }

    /// [`Model::forward`] on candle's tensor ops, for any number of tokens:
    /// how short prompts run. (Decoding and long prompts ran this way too;
    /// the tests compare the decode step and the prompt path with it.)
    pub(crate) fn forward_candle(
        &self,
        tokens: &[u32],
        cache: &mut KvCache,
    ) -> candle_core::Result<Vec<f32>> {
        let n = tokens.len();
        if n == 0 {
            candle_core::bail!("forward pass over no tokens");
        }
        self.check_vocabulary(tokens)?;
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
            let [gate, up]: [Tensor; 2] = Linear::forward_all(&[&layer.gate, &layer.up], &h)?
                .try_into()
                .expect("two projections");
            let ff = layer.down.forward(&silu_times(&gate, &up)?)?;
            x = (x + ff)?;
        }
        cache.len = at + n;
        let last = x.narrow(0, n - 1, 1)?;
        let last = candle_nn::ops::rms_norm(&last, &self.norm, self.config.rms_eps as f32)?;
        self.lm_head.forward(&last)?.squeeze(0)?.to_vec1::<f32>()
    }

    /// One new token for each of several sequences, `tokens[i]` after what
    /// `caches[i]` holds (each at its own position): appends their keys and
    /// values and returns each sequence's logits, in order.
    ///
    /// Decode is bound by reading the weights, so the projections and the
    /// feed-forward run once over all the rows, reading each weight row once
    /// for every sequence; norms, rotary positions and attention are per
    /// sequence (see [`step`]). A sequence's logits are the same bits whether
    /// it is decoded alone or with others: the matrix kernels compute every
    /// row apart (see `Linear::forward_decode`), and everything else is per
    /// row. Decoding then never depends on which units happen to be in
    /// flight together.
    pub fn forward_batch(
        &self,
        tokens: &[u32],
        caches: &mut [&mut KvCache],
    ) -> candle_core::Result<Vec<Vec<f32>>> {
        let b = tokens.len();
        if b != caches.len() {
            candle_core::bail!("{b} tokens for {} caches", caches.len());
        }
        if b == 0 {
            return Ok(Vec::new());
        }
        if b > MAX_BATCH {
            candle_core::bail!("{b} sequences in one batch, more than {MAX_BATCH}");
        }
        self.check_vocabulary(tokens)?;
        self.decode_step(tokens, caches)
    }

    fn check_vocabulary(&self, tokens: &[u32]) -> candle_core::Result<()> {
        match tokens.iter().find(|&&t| t as usize >= self.config.vocab) {
            Some(&bad) => candle_core::bail!(
                "token id {bad} is outside the vocabulary ({})",
                self.config.vocab
            ),
            None => Ok(()),
        }
    }

    #[allow(clippy::too_many_arguments)] // the pieces of one attention call
    fn attention(
        &self,
        layer: &Layer,
        index: usize,
        h: &Tensor,
        at: usize,
        rope: &(Tensor, Tensor),
        mask: Option<&Tensor>,
        cache: &mut KvCache,
    ) -> candle_core::Result<Tensor> {
        let [q, k, v]: [Tensor; 3] = Linear::forward_all(&[&layer.q, &layer.k, &layer.v], h)?
            .try_into()
            .expect("three projections");
        let y = self.attend(index, (q, k, v), at, rope, mask, cache)?;
        layer.o.forward(&y)
    }

    /// Attention of `n` tokens of one sequence given their projections
    /// (`[n, heads * head_dim]` queries, `[n, kv_heads * head_dim]` keys and
    /// values), up to the output projection: rotates queries and keys to
    /// their positions `at..at + n`, appends keys and values to `cache`, and
    /// returns `[n, heads * head_dim]`.
    fn attend(
        &self,
        index: usize,
        (q, k, v): (Tensor, Tensor, Tensor),
        at: usize,
        (cos, sin): &(Tensor, Tensor),
        mask: Option<&Tensor>,
        cache: &mut KvCache,
    ) -> candle_core::Result<Tensor> {
        let c = &self.config;
        let n = q.dim(0)?;
        let group = c.heads / c.kv_heads;
        let heads_first = |t: Tensor, heads: usize| -> candle_core::Result<Tensor> {
            t.reshape((1, n, heads, c.head_dim))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = heads_first(q, c.heads)?;
        let k = heads_first(k, c.kv_heads)?;
        let v = heads_first(v, c.kv_heads)?.squeeze(0)?;
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
        y.reshape((c.heads, n, c.head_dim))?
            .transpose(0, 1)?
            .reshape((n, c.heads * c.head_dim))
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

/// [`silu_times_values`] of two tensors of one shape.
fn silu_times(gate: &Tensor, up: &Tensor) -> candle_core::Result<Tensor> {
    if gate.shape() != up.shape() {
        candle_core::bail!("gate {:?} and up {:?} differ", gate.shape(), up.shape());
    }
    let g = gate.flatten_all()?.to_vec1::<f32>()?;
    let u = up.flatten_all()?.to_vec1::<f32>()?;
    Tensor::from_vec(silu_times_values(&g, &u), gate.shape(), &Device::Cpu)
}

/// `silu(gate) · up`, element by element (the feed-forward's gating), in one
/// pass shared by the model's threads. As candle's `silu` and product were,
/// but those were two passes and two allocations on the calling thread,
/// while the pool's other threads waited for the next matrix.
fn silu_times_values(g: &[f32], u: &[f32]) -> Vec<f32> {
    /// Values per task: a few tasks for one token's 4,864.
    const CHUNK: usize = 1024;
    let mut out = vec![0f32; g.len().min(u.len())];
    super::threads::for_each_chunk_mut(&mut out, CHUNK, |i, out| {
        let (g, u) = (&g[i * CHUNK..], &u[i * CHUNK..]);
        for ((y, &g), &u) in out.iter_mut().zip(g).zip(u) {
            // candle's f32 SiLU, the same expression.
            *y = g / (1.0 + (-g).exp()) * u;
        }
    });
    out
}
