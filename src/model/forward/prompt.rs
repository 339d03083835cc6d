//! Prefill: a prompt of many tokens through the model, with every piece of
//! a layer shared by the model's threads.
//!
//! The matrices (bands of unpacked weights, see [`super::super::dequant`])
//! ran on both threads, but on candle's ops the rest of a layer did not:
//! the transposed copies around attention and the key-value cache, the
//! mask, the output transposes of the matrices, and the norms, RoPE,
//! softmax and attention's own products, which ran on a rayon pool of
//! their own while candle's barrier pool was still spinning for its next
//! task, two sets of threads on the same cores. Here the activations stay
//! in plain vectors, row after row (`[tokens, width]`), which is also the
//! cache's layout; everything runs as tasks of candle's barrier pool, and
//! attention is the decode step's (see [`super::step`]), one task per
//! (token, head), each query over the positions up to its own.

use candle_core::quantized::QMatMul;
use candle_core::{Device, Tensor};

use super::step::{add, rms_norm_row, with_values, Rotation};
use super::{silu_times_values, KvCache, Linear, Model};
use crate::model::threads::for_each_chunk_mut;

/// Rows per task of the row-wise passes (norms, RoPE, adds): a few tasks
/// per thread for a prompt of a hundred tokens.
const ROWS: usize = 8;

impl Model {
    /// [`Model::forward`] of a prompt of at least
    /// [`super::super::dequant::MIN_ROWS`] tokens: appends their keys and
    /// values to `cache` and returns the logits of the last one.
    pub(super) fn forward_prompt(
        &self,
        tokens: &[u32],
        cache: &mut KvCache,
    ) -> candle_core::Result<Vec<f32>> {
        let c = &self.config;
        let n = tokens.len();
        self.check_vocabulary(tokens)?;
        cache.reserve(n)?;
        let at = cache.len;
        let eps = c.rms_eps as f32;
        let ids = Tensor::new(tokens, &Device::Cpu)?;
        let mut x = self.embed.forward(&ids)?.flatten_all()?.to_vec1::<f32>()?;
        let rotations: Vec<Rotation> = (at..at + n)
            .map(|position| Rotation::at(&c.inv_freq, position))
            .collect();
        let (q_width, kv_width) = (c.heads * c.head_dim, c.kv_heads * c.head_dim);
        let scale = (1.0 / (c.head_dim as f64).sqrt()) as f32;
        for (index, layer) in self.layers.iter().enumerate() {
            let h = rms_norm_rows(&x, &layer.attn_norm, eps)?;
            let mut q = layer.q.prefill(&h, n)?;
            let mut k = layer.k.prefill(&h, n)?;
            let v = layer.v.prefill(&h, n)?;
            let rotate = |xs: &mut [f32], width: usize, scale: Option<f32>| {
                for_each_row(xs, width, |t, row| {
                    rotations[t].apply(row, c.head_dim, c.rope_style);
                    // As the candle path scaled the queries after RoPE.
                    if let Some(scale) = scale {
                        row.iter_mut().for_each(|q| *q *= scale);
                    }
                });
            };
            rotate(&mut q, q_width, Some(scale));
            rotate(&mut k, kv_width, None);
            cache.write_at(index, at, &k, &v);
            let y = self.attend_prompt(index, &q, cache, at);
            add_rows(&mut x, &layer.o.prefill(&y, n)?);
            let h = rms_norm_rows(&x, &layer.ffn_norm, eps)?;
            let gate = layer.gate.prefill(&h, n)?;
            let up = layer.up.prefill(&h, n)?;
            add_rows(
                &mut x,
                &layer.down.prefill(&silu_times_values(&gate, &up), n)?,
            );
        }
        cache.len = at + n;
        let last = &x[(n - 1) * c.hidden..];
        let h = with_values(&self.norm, |w| {
            let mut h = vec![0f32; w.len()];
            rms_norm_row(last, w, eps, &mut h);
            h
        })?;
        let h = Tensor::from_vec(h, (1, c.hidden), &Device::Cpu)?;
        self.lm_head.forward(&h)?.squeeze(0)?.to_vec1::<f32>()
    }

    /// Attention of the `n` new tokens' queries (`q`: `[n, heads ·
    /// head_dim]`, rotated and scaled), the token at `at + t` over the
    /// cached positions `0..=at + t` of layer `layer`: `[n, heads ·
    /// head_dim]` out, one task per (token, head).
    fn attend_prompt(&self, layer: usize, q: &[f32], cache: &KvCache, at: usize) -> Vec<f32> {
        self.attend_rows(q, |token| cache.read(layer, at + token + 1))
    }
}

impl Linear {
    /// `x` (`tokens` rows one after another) times the weight, bias added:
    /// bands of the weight unpacked where [`super::super::dequant`] takes
    /// its layout, else candle's kernels through [`Linear::forward`].
    fn prefill(&self, x: &[f32], tokens: usize) -> candle_core::Result<Vec<f32>> {
        let banded = match &self.weight {
            QMatMul::QTensor(q) => super::super::dequant::matmul_t_values(x, tokens, q)?,
            _ => None,
        };
        let Some(mut y) = banded else {
            let x = Tensor::from_slice(x, (tokens, x.len() / tokens.max(1)), &Device::Cpu)?;
            return self.forward(&x)?.flatten_all()?.to_vec1();
        };
        if let Some(bias) = &self.bias {
            with_values(bias, |b| {
                for_each_row(&mut y, b.len(), |_, row| add(row, b))
            })?;
        }
        Ok(y)
    }
}

/// `f(t, row)` for each row `t` of `xs` (rows `width` long), [`ROWS`] rows
/// per task of the pool.
fn for_each_row(xs: &mut [f32], width: usize, f: impl Fn(usize, &mut [f32]) + Sync) {
    if width == 0 {
        return;
    }
    for_each_chunk_mut(xs, ROWS * width, |i, rows| {
        for (r, row) in rows.chunks_exact_mut(width).enumerate() {
            f(i * ROWS + r, row);
        }
    });
}

/// `x += y`, in pieces shared by the pool: the residual adds.
fn add_rows(x: &mut [f32], y: &[f32]) {
    /// Values per task.
    const CHUNK: usize = 8192;
    for_each_chunk_mut(x, CHUNK, |i, x| add(x, &y[i * CHUNK..]));
}

/// The RMS norm of each row of `x` (rows as long as `weight`), as the
/// decode step's, rows shared by the pool.
fn rms_norm_rows(x: &[f32], weight: &Tensor, eps: f32) -> candle_core::Result<Vec<f32>> {
    with_values(weight, |w| {
        let width = w.len();
        let mut out = vec![0f32; x.len()];
        for_each_row(&mut out, width, |t, row| {
            rms_norm_row(&x[t * width..(t + 1) * width], w, eps, row);
        });
        out
    })
}
