//! The decoding step: one new token for each of a few sequences, with the
//! work between the matrices (RMS norms, rotary positions, the cache write,
//! attention over the cached positions, the residual adds) in plain loops
//! over slices rather than candle ops.
//!
//! Decode is bound by reading the weights, and the matrices run on the
//! pool's threads; what runs between them runs on the calling thread while
//! the others wait. As candle ops, each of those small pieces allocated a
//! tensor and dispatched (about twenty of them per layer); here they are a
//! few passes over a few thousand values, and attention, the one piece that
//! grows with the sequence, is split by head over the pool.
//!
//! Every sequence is computed apart from the others, row by row, so its
//! logits are the same bits whatever sequences share the step (see
//! [`Model::forward_batch`]).

use candle_core::{CpuStorage, DType, Device, Storage, Tensor};

use super::{silu_times_values, KvCache, Linear, Model, RopeStyle};

impl Model {
    /// [`Model::forward_batch`]'s work, once its arguments are checked.
    pub(super) fn decode_step(
        &self,
        tokens: &[u32],
        caches: &mut [&mut KvCache],
    ) -> candle_core::Result<Vec<Vec<f32>>> {
        let c = &self.config;
        let rows = tokens.len();
        let eps = c.rms_eps as f32;
        for cache in caches.iter_mut() {
            cache.reserve(1)?;
        }
        let positions: Vec<usize> = caches.iter().map(|c| c.len).collect();
        let rotations: Vec<Rotation> = positions
            .iter()
            .map(|&at| Rotation::at(&c.inv_freq, at))
            .collect();
        let ids = Tensor::new(tokens, &Device::Cpu)?;
        let mut x = self.embed.forward(&ids)?.flatten_all()?.to_vec1::<f32>()?;
        let (q_width, kv_width) = (c.heads * c.head_dim, c.kv_heads * c.head_dim);
        let scale = (1.0 / (c.head_dim as f64).sqrt()) as f32;
        for (index, layer) in self.layers.iter().enumerate() {
            let h = rms_norm(&x, &layer.attn_norm, eps)?;
            let [mut q, mut k, v]: [Vec<f32>; 3] =
                Linear::decode_all(&[&layer.q, &layer.k, &layer.v], &h, rows)?
                    .try_into()
                    .expect("three projections");
            for (r, cache) in caches.iter_mut().enumerate() {
                let q = &mut q[r * q_width..(r + 1) * q_width];
                let k = &mut k[r * kv_width..(r + 1) * kv_width];
                rotations[r].apply(q, c.head_dim, c.rope_style);
                rotations[r].apply(k, c.head_dim, c.rope_style);
                // As the candle path scaled the queries before the scores.
                q.iter_mut().for_each(|q| *q *= scale);
                let v = &v[r * kv_width..(r + 1) * kv_width];
                cache.write_at(index, positions[r], k, v);
            }
            let y = self.attend_one(index, &q, caches, &positions);
            add(&mut x, &layer.o.decode(&y, rows)?);
            let h = rms_norm(&x, &layer.ffn_norm, eps)?;
            let [gate, up]: [Vec<f32>; 2] =
                Linear::decode_all(&[&layer.gate, &layer.up], &h, rows)?
                    .try_into()
                    .expect("two projections");
            add(
                &mut x,
                &layer.down.decode(&silu_times_values(&gate, &up), rows)?,
            );
        }
        for (cache, at) in caches.iter_mut().zip(&positions) {
            cache.len = at + 1;
        }
        let h = rms_norm(&x, &self.norm, eps)?;
        let logits = self.lm_head.decode(&h, rows)?;
        // One row's logits (600 KB for a 150k vocabulary) are returned as
        // computed, not copied.
        if rows == 1 {
            return Ok(vec![logits]);
        }
        Ok(logits
            .chunks_exact(logits.len() / rows)
            .map(<[f32]>::to_vec)
            .collect())
    }

    /// Attention of each row's one query (`q`: `rows` times `heads ·
    /// head_dim`, rotated and scaled) over its sequence's cached positions,
    /// this one's included; `rows` times `heads · head_dim` out.
    fn attend_one(
        &self,
        layer: usize,
        q: &[f32],
        caches: &[&mut KvCache],
        positions: &[usize],
    ) -> Vec<f32> {
        self.attend_rows(q, |row| caches[row].read(layer, positions[row] + 1))
    }

    /// Attention of rows of queries (`q`: rows of `heads · head_dim`,
    /// rotated and scaled), row `r` over the keys and values `cached(r)`
    /// (each `[positions, kv_heads, head_dim]`); rows of `heads · head_dim`
    /// out. One task per (row, head) on the pool: each is the same
    /// arithmetic whichever thread runs it.
    pub(super) fn attend_rows<'a>(
        &self,
        q: &[f32],
        cached: impl Fn(usize) -> (&'a [f32], &'a [f32]) + Sync,
    ) -> Vec<f32> {
        let c = &self.config;
        let d = c.head_dim;
        let group = c.heads / c.kv_heads;
        let stride = c.kv_heads * d;
        let mut out = vec![0f32; q.len()];
        super::super::threads::for_each_chunk_mut(&mut out, d, |task, y| {
            let (row, head) = (task / c.heads, task % c.heads);
            let (keys, values) = cached(row);
            let head = Head {
                q: &q[task * d..(task + 1) * d],
                offset: head / group * d,
                stride,
            };
            head.attend(keys, values, y);
        });
        out
    }
}

/// One query head's view of a sequence's cache: its rotated, scaled query
/// and where its key-value head sits in each cached position.
struct Head<'a> {
    q: &'a [f32],
    /// The key-value head's first value within a position.
    offset: usize,
    /// Values per cached position (all key-value heads).
    stride: usize,
}

impl Head<'_> {
    /// Softmax-weighted sum of `values` by the query's scores against
    /// `keys` (positions one after another), into `y` (zeroed, head_dim
    /// long). With AVX2 where the CPU has it, whatever the `--cpu` path:
    /// Rust never fuses a multiply and an add unless asked (`mul_add`), so
    /// the wider vectors give the plain loops' bits, and every path
    /// computes attention alike.
    fn attend(&self, keys: &[f32], values: &[f32], y: &mut [f32]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU has AVX2.
            return unsafe { self.attend_avx2(keys, values, y) };
        }
        self.attend_plain(keys, values, y)
    }

    /// # Safety
    /// The CPU must have AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn attend_avx2(&self, keys: &[f32], values: &[f32], y: &mut [f32]) {
        self.attend_plain(keys, values, y)
    }

    /// Inlined into [`Head::attend_avx2`], so compiled for its features too.
    #[inline(always)]
    fn attend_plain(&self, keys: &[f32], values: &[f32], y: &mut [f32]) {
        let (offset, d) = (self.offset, y.len());
        let mut scores: Vec<f32> = keys
            .chunks_exact(self.stride)
            .map(|k| dot(self.q, &k[offset..offset + d]))
            .collect();
        softmax(&mut scores);
        for (&p, v) in scores.iter().zip(values.chunks_exact(self.stride)) {
            for (y, &v) in y.iter_mut().zip(&v[offset..offset + d]) {
                *y += p * v;
            }
        }
    }
}

impl Linear {
    /// `x` (`rows` rows one after another) times several weights, bias
    /// added: one pass of the pool over all of them where our kernels take
    /// them all (see [`super::super::matvec::matvec_rows`]), else each on
    /// its own through [`Linear::forward_decode`]. The same bits either way
    /// as `forward_decode` of each.
    fn decode_all(
        linears: &[&Linear],
        x: &[f32],
        rows: usize,
    ) -> candle_core::Result<Vec<Vec<f32>>> {
        let fused = match Linear::quantized(linears) {
            Some(qs) => super::super::matvec::matvec_rows(x, rows, &qs)?,
            None => None,
        };
        let Some(mut ys) = fused else {
            return linears.iter().map(|l| l.decode_candle(x, rows)).collect();
        };
        for (l, y) in linears.iter().zip(&mut ys) {
            if let Some(bias) = &l.bias {
                with_values(bias, |b| {
                    y.chunks_exact_mut(b.len()).for_each(|y| add(y, b));
                })?;
            }
        }
        Ok(ys)
    }

    /// [`Linear::decode_all`] of one weight.
    fn decode(&self, x: &[f32], rows: usize) -> candle_core::Result<Vec<f32>> {
        Ok(Linear::decode_all(&[self], x, rows)?.remove(0))
    }

    /// The weights our kernels do not take (float matrices, candle's
    /// kernels on the generic path), through tensors.
    fn decode_candle(&self, x: &[f32], rows: usize) -> candle_core::Result<Vec<f32>> {
        let x = Tensor::from_slice(x, (rows, x.len() / rows), &Device::Cpu)?;
        self.forward_decode(&x)?.flatten_all()?.to_vec1()
    }
}

/// `f` of the values of a weight vector (a norm's scales, a bias), read in
/// place where it is contiguous f32, as the loaders leave them.
pub(super) fn with_values<R>(t: &Tensor, f: impl FnOnce(&[f32]) -> R) -> candle_core::Result<R> {
    {
        let (storage, layout) = t.storage_and_layout();
        if let (Storage::Cpu(CpuStorage::F32(data)), Some((start, end))) =
            (&*storage, layout.contiguous_offsets())
        {
            return Ok(f(&data[start..end]));
        }
    }
    Ok(f(&t.to_dtype(DType::F32)?.flatten_all()?.to_vec1()?))
}

/// RMS norm of each row of `x` (rows as long as `weight`), as candle's
/// `rms_norm` computes it: the mean square in f32, then `x / rms · weight`.
fn rms_norm(x: &[f32], weight: &Tensor, eps: f32) -> candle_core::Result<Vec<f32>> {
    with_values(weight, |w| {
        let mut out = vec![0f32; x.len()];
        for (out, x) in out.chunks_exact_mut(w.len()).zip(x.chunks_exact(w.len())) {
            rms_norm_row(x, w, eps, out);
        }
        out
    })
}

/// [`rms_norm`] of one row `x` into `out`.
pub(super) fn rms_norm_row(x: &[f32], w: &[f32], eps: f32, out: &mut [f32]) {
    let sum2: f32 = x.iter().map(|&v| v * v).sum();
    let m = (sum2 / w.len() as f32 + eps).sqrt();
    for ((y, &x), &w) in out.iter_mut().zip(x).zip(w) {
        *y = x / m * w;
    }
}

/// The cosines and sines of one position, one per pair of dimensions,
/// computed in f64 as the candle path's tables are.
pub(super) struct Rotation {
    cos: Vec<f32>,
    sin: Vec<f32>,
}

impl Rotation {
    pub(super) fn at(inv_freq: &[f64], position: usize) -> Rotation {
        let angles = || inv_freq.iter().map(|f| position as f64 * f);
        Rotation {
            cos: angles().map(|a| a.cos() as f32).collect(),
            sin: angles().map(|a| a.sin() as f32).collect(),
        }
    }

    /// Rotates each head (`head_dim` values) of `x` in place, pairing
    /// dimensions as candle's `rope` (halves) and `rope_i` (interleaved) do,
    /// with their expressions.
    pub(super) fn apply(&self, x: &mut [f32], head_dim: usize, style: RopeStyle) {
        let half = head_dim / 2;
        for head in x.chunks_exact_mut(head_dim) {
            for (i, (&cos, &sin)) in self.cos.iter().zip(&self.sin).enumerate().take(half) {
                let (a, b) = match style {
                    RopeStyle::Halves => (i, i + half),
                    RopeStyle::Interleaved => (2 * i, 2 * i + 1),
                };
                let (x1, x2) = (head[a], head[b]);
                head[a] = x1 * cos - x2 * sin;
                head[b] = x1 * sin + x2 * cos;
            }
        }
    }
}

/// The dot product of two equal-length slices, in eight running sums so
/// that it vectorizes (a single sum would have to keep its order).
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut sums = [0f32; 8];
    let (a8, b8) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a8
        .remainder()
        .iter()
        .zip(b8.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (a, b) in a8.zip(b8) {
        for ((s, &x), &y) in sums.iter_mut().zip(a).zip(b) {
            *s += x * y;
        }
    }
    sums.iter().sum::<f32>() + tail
}

/// Softmax in place, as candle's `softmax_last_dim`: exponentials of the
/// differences from the maximum, divided by their sum.
#[inline(always)]
fn softmax(xs: &mut [f32]) {
    let max = xs.iter().fold(f32::NEG_INFINITY, |m, &x| m.max(x));
    let mut sum = 0f32;
    for x in xs.iter_mut() {
        *x = (*x - max).exp();
        sum += *x;
    }
    xs.iter_mut().for_each(|x| *x /= sum);
}

/// `x += y`, element by element: the residual adds and the biases.
pub(super) fn add(x: &mut [f32], y: &[f32]) {
    for (x, &y) in x.iter_mut().zip(y) {
        *x += y;
    }
}
