//! Prefill's product of a band of Q8_0 or Q5_0 weight rows by the prompt's
//! activations in 16-bit integers on AVX2. The f32 band kernel
//! ([`super::band_avx2`]) is held to the FMA units' sixteen multiply-adds
//! a cycle; `vpmaddwd` multiplies sixteen pairs of 16-bit integers and adds
//! them in pairs, and with the `vpaddd` that accumulates it on other ports,
//! takes up to twice as many a cycle. These layouts' weights are small
//! integers with one scale per 32 (8 bits, and 5 less 16), so only the
//! activations are rounded.
//!
//! - **Activations**: each token's quantized per block of 32 values to
//!   16 bits ([`Activations`], scale `max |x| / 32767`): an error of at
//!   most 1/65534 of the block's largest value, where llama.cpp's AVX2
//!   build rounds them to 8 bits (1/254), and the decode kernels too.
//! - **Weights**: a band unpacked into a panel ([`unpack`]): groups of
//!   eight rows, each register eight rows by two columns (row in the lane,
//!   columns widened to 16 bits), so that one `vpmaddwd` with a token's two
//!   activations of those columns broadcast to every lane gives eight rows'
//!   partial sums.
//! - **Tiles**: eight rows by four tokens; a block's sixteen steps sum in
//!   32-bit integers (at most 16 · 2 · 128 · 32767 < 2²⁷), converted once
//!   and scaled by the weight block's and the activation block's scales
//!   into f32 sums.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// Values per block: Q8_0's, and the activations' quantization block.
const BLOCK: usize = 32;

/// The layouts this kernel multiplies: blocks of [`BLOCK`] small integers
/// after an f16 scale.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Format {
    /// An f16 scale and 32 signed bytes.
    Q8_0,
    /// An f16 scale, 32 high bits and 16 bytes of low nibbles; each value
    /// is its 5 bits less 16.
    Q5_0,
}

impl Format {
    pub(super) fn of(dtype: candle_core::quantized::GgmlDType) -> Option<Format> {
        use candle_core::quantized::GgmlDType;
        match dtype {
            GgmlDType::Q8_0 => Some(Format::Q8_0),
            GgmlDType::Q5_0 => Some(Format::Q5_0),
            _ => None,
        }
    }

    fn block_bytes(self) -> usize {
        match self {
            Format::Q8_0 => 34,
            Format::Q5_0 => 22,
        }
    }

    /// The 32 values of the block at `p` as signed bytes.
    ///
    /// # Safety
    /// The CPU must have AVX2, FMA and F16C; `p` must point at a whole block.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma,f16c")]
    #[inline]
    unsafe fn values(self, p: *const u8) -> __m256i {
        match self {
            Format::Q8_0 => _mm256_loadu_si256(p.add(2).cast()),
            Format::Q5_0 => super::matvec::widen_q5_0_avx2(p),
        }
    }
}

/// Rows per group of the panel (the lanes of a register).
pub(super) const GROUP: usize = 8;

/// 16-bit values of one group's block in the panel: 16 steps of 8 rows by
/// 2 columns.
pub(super) const GROUP_BLOCK: usize = GROUP * BLOCK;

/// Blocks per stretch: a group's panel of a stretch is 16 KiB, which stays
/// in L1 while the tiles of the group pass over the tokens.
const STRETCH: usize = 32;

/// Tokens per tile.
const TOKENS: usize = 4;

/// The prompt's activations quantized per block of [`BLOCK`] values to
/// 16 bits: `values[t * cols + k] · scales[t * blocks + k / 32]` is token
/// `t`'s value `k` to within 1/65534 of its block's largest.
pub(super) struct Activations {
    values: Vec<i16>,
    scales: Vec<f32>,
    tokens: usize,
    cols: usize,
}

impl Activations {
    /// `xs` (`tokens` rows of `cols` values, `cols` whole blocks) quantized;
    /// `None` if the sizes do not fit. A block holding a NaN gets a NaN
    /// scale, so that the products it enters are NaN, as in f32 (one
    /// holding an infinity makes them NaN too).
    ///
    /// # Safety
    /// The CPU must have AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    pub(super) unsafe fn quantize(xs: &[f32], tokens: usize, cols: usize) -> Option<Activations> {
        if !cols.is_multiple_of(BLOCK) || xs.len() != tokens * cols {
            return None;
        }
        let mut values = vec![0i16; xs.len()];
        let mut scales = vec![0f32; xs.len() / BLOCK];
        let magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fff_ffff));
        for (b, (block, out)) in xs
            .chunks_exact(BLOCK)
            .zip(values.chunks_exact_mut(BLOCK))
            .enumerate()
        {
            let p = block.as_ptr();
            let v = [0, 8, 16, 24].map(|i| _mm256_loadu_ps(p.add(i)));
            let a = v.map(|v| _mm256_and_ps(v, magnitude));
            let max = _mm256_max_ps(_mm256_max_ps(a[0], a[1]), _mm256_max_ps(a[2], a[3]));
            let nan = v.iter().fold(_mm256_setzero_ps(), |acc, v| {
                _mm256_or_ps(acc, _mm256_cmp_ps::<_CMP_UNORD_Q>(*v, *v))
            });
            let max4 = _mm_max_ps(_mm256_castps256_ps128(max), _mm256_extractf128_ps::<1>(max));
            let max2 = _mm_max_ps(max4, _mm_movehl_ps(max4, max4));
            let amax = _mm_cvtss_f32(_mm_max_ss(max2, _mm_shuffle_ps::<1>(max2, max2)));
            scales[b] = if _mm256_movemask_ps(nan) != 0 {
                f32::NAN
            } else {
                amax / 32767.0
            };
            // A block of zeros, or one so small (subnormal) that the
            // inverse overflows, is rounded to zeros.
            let inv = 32767.0 / amax;
            let inv = _mm256_set1_ps(if amax > 0.0 && inv.is_finite() {
                inv
            } else {
                0.0
            });
            // Rounded to nearest (MXCSR's default), |x| · inv ≤ 32767; the
            // packs saturate anyway. `packs` interleaves 128-bit halves,
            // which the permute puts back in order.
            let i = v.map(|v| _mm256_cvtps_epi32(_mm256_mul_ps(v, inv)));
            let lo = _mm256_permute4x64_epi64::<0xD8>(_mm256_packs_epi32(i[0], i[1]));
            let hi = _mm256_permute4x64_epi64::<0xD8>(_mm256_packs_epi32(i[2], i[3]));
            let o = out.as_mut_ptr();
            _mm256_storeu_si256(o.cast(), lo);
            _mm256_storeu_si256(o.add(16).cast(), hi);
        }
        Some(Activations {
            values,
            scales,
            tokens,
            cols,
        })
    }
}

/// The 16-bit values and f32 scales a band of `band` rows unpacks into:
/// `groups · blocks` of [`GROUP_BLOCK`] values, and as many of [`GROUP`]
/// scales.
pub(super) fn panel_sizes(band: usize, cols: usize) -> (usize, usize) {
    let blocks = band.div_ceil(GROUP) * (cols / BLOCK);
    (blocks * GROUP_BLOCK, blocks * GROUP)
}

/// Unpacks `bytes`, whole rows of `cols` values in `format`, into `panel` and
/// `scales` (sized by [`panel_sizes`]): group `g`'s block `b` at
/// `(g · blocks + b) · GROUP_BLOCK`, step `s` (columns `2s`, `2s + 1`) of
/// it as eight lanes of two values, row `r` in lane `r`; its scales at
/// `(g · blocks + b) · GROUP`. Rows past the band in its last group are
/// zeros. False if the sizes do not fit.
///
/// # Safety
/// The CPU must have AVX2, FMA and F16C.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma,f16c")]
pub(super) unsafe fn unpack(
    format: Format,
    bytes: &[u8],
    cols: usize,
    panel: &mut [i16],
    scales: &mut [f32],
) -> bool {
    let blocks = cols / BLOCK;
    let block_bytes = format.block_bytes();
    let row_bytes = blocks * block_bytes;
    if !cols.is_multiple_of(BLOCK) || row_bytes == 0 || !bytes.len().is_multiple_of(row_bytes) {
        return false;
    }
    let band = bytes.len() / row_bytes;
    if (panel.len(), scales.len()) != panel_sizes(band, cols) {
        return false;
    }
    let (out, d) = (panel.as_mut_ptr(), scales.as_mut_ptr());
    for g in 0..band.div_ceil(GROUP) {
        let rows = GROUP.min(band - g * GROUP);
        for b in 0..blocks {
            let at = g * blocks + b;
            // Each row's block widened: columns 0..16 and 16..32, as eight
            // 32-bit lanes of two columns each.
            let mut lo = [_mm256_setzero_si256(); GROUP];
            let mut hi = [_mm256_setzero_si256(); GROUP];
            // The eight f16 scales (zeros past the band), converted together.
            let mut halves = [0u16; GROUP];
            for r in 0..rows {
                let p = bytes
                    .as_ptr()
                    .add((g * GROUP + r) * row_bytes + b * block_bytes);
                let q = format.values(p);
                lo[r] = _mm256_cvtepi8_epi16(_mm256_castsi256_si128(q));
                hi[r] = _mm256_cvtepi8_epi16(_mm256_extracti128_si256::<1>(q));
                halves[r] = u16::from_le(p.cast::<u16>().read_unaligned());
            }
            let halves = _mm_loadu_si128(halves.as_ptr().cast());
            _mm256_storeu_ps(d.add(at * GROUP), _mm256_cvtph_ps(halves));
            let block = out.add(at * GROUP_BLOCK);
            store_transposed(block, &lo);
            store_transposed(block.add(GROUP_BLOCK / 2), &hi);
        }
    }
    true
}

/// Stores the 8×8 transpose of `rows` (32-bit lanes) at `out`: vector `s`
/// holds lane `s` of every row, row `r` in lane `r`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
#[inline]
unsafe fn store_transposed(out: *mut i16, rows: &[__m256i; GROUP]) {
    let t: [__m256i; 8] = std::array::from_fn(|i| {
        let (a, b) = (rows[i / 2 * 2], rows[i / 2 * 2 + 1]);
        if i % 2 == 0 {
            _mm256_unpacklo_epi32(a, b)
        } else {
            _mm256_unpackhi_epi32(a, b)
        }
    });
    // t[0]: rows 0, 1 at lanes 0, 1 | 4, 5; t[1]: lanes 2, 3 | 6, 7; ...
    let u: [__m256i; 8] = std::array::from_fn(|i| {
        let (pair, half) = (i / 4, i % 4);
        let (a, b) = (t[pair * 4 + half / 2], t[pair * 4 + 2 + half / 2]);
        if half % 2 == 0 {
            _mm256_unpacklo_epi64(a, b)
        } else {
            _mm256_unpackhi_epi64(a, b)
        }
    });
    // u[0..4]: rows 0..4 at lanes 0 | 4, 1 | 5, 2 | 6, 3 | 7; u[4..8] rows 4..8.
    for s in 0..4 {
        let low = _mm256_permute2x128_si256::<0x20>(u[s], u[4 + s]);
        let high = _mm256_permute2x128_si256::<0x31>(u[s], u[4 + s]);
        _mm256_storeu_si256(out.add(16 * s).cast(), low);
        _mm256_storeu_si256(out.add(16 * (s + 4)).cast(), high);
    }
}

/// Adds `w · xsᵀ` into `dst`: for weight row `i < band` of the panel (as
/// [`unpack`] wrote it) and token `t` of `xs`,
/// `dst[t * stride + i] += Σₖ w[i][k] · xs[t][k]`.
///
/// # Safety
/// The CPU must have AVX2 and FMA; `panel` and `scales` must be sized by
/// [`panel_sizes`] for `band` rows of `xs.cols` values, and `dst` valid for
/// reads and writes at every `t * stride + i` above, which no other thread
/// touches meanwhile.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn add_product(
    panel: &[i16],
    scales: &[f32],
    band: usize,
    xs: &Activations,
    dst: *mut f32,
    stride: usize,
) {
    let blocks = xs.cols / BLOCK;
    debug_assert_eq!((panel.len(), scales.len()), panel_sizes(band, xs.cols));
    let mut b0 = 0;
    while b0 < blocks {
        let b1 = (b0 + STRETCH).min(blocks);
        for g in 0..band.div_ceil(GROUP) {
            let rows = GROUP.min(band - g * GROUP);
            let mut t = 0;
            while t < xs.tokens {
                let take = TOKENS.min(xs.tokens - t);
                let at = Tile {
                    panel: panel.as_ptr().add(g * blocks * GROUP_BLOCK),
                    scales: scales.as_ptr().add(g * blocks * GROUP),
                    xs: xs.values.as_ptr().add(t * xs.cols),
                    xd: xs.scales.as_ptr().add(t * blocks),
                    cols: xs.cols,
                    b0,
                    b1,
                    rows,
                    dst: dst.add(t * stride + g * GROUP),
                    stride,
                };
                match take {
                    4 => at.run::<4>(),
                    3 => at.run::<3>(),
                    2 => at.run::<2>(),
                    _ => at.run::<1>(),
                }
                t += take;
            }
        }
        b0 = b1;
    }
}

/// One tile's operands: a group's panel and scales, `T` tokens' values and
/// scales from `xs` and `xd`, blocks `b0..b1`, sums of the group's first
/// `rows` rows added at `dst` (token `t`, row `r` at `t * stride + r`).
#[cfg(target_arch = "x86_64")]
struct Tile {
    panel: *const i16,
    scales: *const f32,
    xs: *const i16,
    xd: *const f32,
    cols: usize,
    b0: usize,
    b1: usize,
    rows: usize,
    dst: *mut f32,
    stride: usize,
}

#[cfg(target_arch = "x86_64")]
impl Tile {
    /// # Safety
    /// As [`add_product`], for this tile's group, tokens and blocks.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    unsafe fn run<const T: usize>(&self) {
        let blocks = self.cols / BLOCK;
        let mut sums = [_mm256_setzero_ps(); T];
        for b in self.b0..self.b1 {
            let w = self.panel.add(b * GROUP_BLOCK);
            let mut acc = [_mm256_setzero_si256(); T];
            for s in 0..BLOCK / 2 {
                let wv = _mm256_loadu_si256(w.add(s * 2 * GROUP).cast());
                for (t, acc) in acc.iter_mut().enumerate() {
                    let pair = self.xs.add(t * self.cols + b * BLOCK + 2 * s);
                    let x = _mm256_set1_epi32(pair.cast::<i32>().read_unaligned());
                    *acc = _mm256_add_epi32(*acc, _mm256_madd_epi16(wv, x));
                }
            }
            let wd = _mm256_loadu_ps(self.scales.add(b * GROUP));
            for (t, (sum, acc)) in sums.iter_mut().zip(acc).enumerate() {
                let scale = _mm256_mul_ps(wd, _mm256_set1_ps(*self.xd.add(t * blocks + b)));
                *sum = _mm256_fmadd_ps(_mm256_cvtepi32_ps(acc), scale, *sum);
            }
        }
        for (t, sum) in sums.iter().enumerate() {
            let out = self.dst.add(t * self.stride);
            if self.rows == GROUP {
                _mm256_storeu_ps(out, _mm256_add_ps(_mm256_loadu_ps(out), *sum));
            } else {
                let mut lanes = [0f32; GROUP];
                _mm256_storeu_ps(lanes.as_mut_ptr(), *sum);
                for (r, lane) in lanes.iter().take(self.rows).enumerate() {
                    *out.add(r) += lane;
                }
            }
        }
    }
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;
    use candle_core::quantized::{GgmlDType, QTensor};
    use candle_core::{Device, Tensor};

    fn supported() -> bool {
        ["avx2", "fma", "f16c"].iter().all(|f| match *f {
            "avx2" => is_x86_feature_detected!("avx2"),
            "fma" => is_x86_feature_detected!("fma"),
            _ => is_x86_feature_detected!("f16c"),
        })
    }

    /// `rows` rows of `cols` pseudo-random values quantized to `dtype` by
    /// candle: the bytes, and the values they stand for.
    fn quantized_rows(
        dtype: GgmlDType,
        rows: usize,
        cols: usize,
        seed: usize,
    ) -> (Vec<u8>, Vec<f32>) {
        let w = super::super::pseudo_random(rows * cols, seed);
        let w = Tensor::from_vec(w, (rows, cols), &Device::Cpu).unwrap();
        let q = QTensor::quantize(&w, dtype).unwrap();
        let values = q.dequantize(&Device::Cpu).unwrap();
        let values = values.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        (q.data().unwrap().to_vec(), values)
    }

    /// Every token count that leaves a remainder, a band that leaves a
    /// partial group, one stretch and several, against the plain sum in
    /// f64 of the weights times the unrounded activations; values already
    /// in `dst` are added to, and values outside the band are left alone.
    #[test]
    fn adds_the_product_of_every_shape() {
        if !supported() {
            eprintln!("skipped: this CPU has no AVX2, FMA and F16C");
            return;
        }
        let value = |seed: usize| ((seed * 7919 + 13) % 1021) as f32 / 511.0 - 1.0;
        let shapes = [
            (7, 9, 64),
            (8, 4, 896),
            (13, 6, 2080),
            (1, 1, 32),
            (17, 13, 1056),
        ];
        for ((band, tokens, cols), dtype) in shapes
            .into_iter()
            .flat_map(|shape| [(shape, GgmlDType::Q8_0), (shape, GgmlDType::Q5_0)])
        {
            let format = Format::of(dtype).unwrap();
            let (bytes, w) = quantized_rows(dtype, band, cols, band);
            let mut xs: Vec<f32> = (0..tokens * cols).map(|i| value(i + 5)).collect();
            // One block a thousand times larger than the rest: scales are
            // per block, so its neighbours keep their precision.
            xs[..BLOCK].iter_mut().for_each(|x| *x *= 1000.0);
            let (values, scales) = panel_sizes(band, cols);
            let (mut panel, mut d) = (vec![0i16; values], vec![0f32; scales]);
            // SAFETY: features checked above; sizes from `panel_sizes`; `dst`
            // holds `tokens * stride` values and the product writes at
            // 2..band + 2 of each token's row.
            let stride = band + 4;
            let mut dst: Vec<f32> = (0..tokens * stride).map(|i| i as f32).collect();
            unsafe {
                assert!(unpack(format, &bytes, cols, &mut panel, &mut d));
                let acts = Activations::quantize(&xs, tokens, cols).unwrap();
                add_product(&panel, &d, band, &acts, dst.as_mut_ptr().add(2), stride);
            }
            for t in 0..tokens {
                for j in 0..stride {
                    let before = (t * stride + j) as f32;
                    let got = dst[t * stride + j];
                    if j < 2 || j >= band + 2 {
                        assert_eq!(got, before, "token {t}, column {j} outside the band");
                        continue;
                    }
                    let i = j - 2;
                    let terms = (0..cols).map(|k| w[i * cols + k] as f64 * xs[t * cols + k] as f64);
                    let exact: f64 = terms.clone().sum();
                    let size: f64 = terms.map(f64::abs).sum();
                    let want = before as f64 + exact;
                    assert!(
                        (got as f64 - want).abs() <= 1e-4 * (1.0 + size + before as f64),
                        "{dtype:?} {band}x{tokens}x{cols}: row {i}, token {t}: {got} vs {want}"
                    );
                }
            }
        }
    }

    /// Quantized activations stand for their values to within 1/65534 of
    /// the block's largest; an all-zero block is zeros with scale 0, and a
    /// NaN makes its block's scale NaN.
    #[test]
    fn activations_round_within_their_block() {
        if !supported() {
            eprintln!("skipped: this CPU has no AVX2, FMA and F16C");
            return;
        }
        let mut xs: Vec<f32> = (0..4 * 64)
            .map(|i| ((i * 37) % 101) as f32 - 50.0)
            .collect();
        xs[64..96].iter_mut().for_each(|x| *x = 0.0);
        xs[200] = f32::NAN;
        // A subnormal block, whose inverse scale overflows: zeros.
        xs[96..128].iter_mut().for_each(|x| *x = 1e-40);
        // SAFETY: features checked above.
        let q = unsafe { Activations::quantize(&xs, 4, 64) }.unwrap();
        for (b, block) in xs.chunks(BLOCK).enumerate() {
            let d = q.scales[b];
            if b == 200 / BLOCK {
                assert!(d.is_nan(), "block {b}");
                continue;
            }
            if b == 3 {
                continue; // the subnormal block, below
            }
            let amax = block.iter().fold(0f32, |m, x| m.max(x.abs()));
            for (k, x) in block.iter().enumerate() {
                let got = q.values[b * BLOCK + k] as f32 * d;
                assert!(
                    (got - x).abs() <= amax / 65534.0 * 1.001,
                    "block {b}: {got} vs {x}"
                );
            }
        }
        assert!(q.values[64..96].iter().all(|&v| v == 0) && q.scales[2] == 0.0);
        assert!(q.values[96..128].iter().all(|&v| v == 0));
        assert!(unsafe { Activations::quantize(&xs, 4, 63) }.is_none());
    }
}
