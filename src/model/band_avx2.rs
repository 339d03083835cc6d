//! Prefill's f32 product of an unpacked band of weight rows by the prompt's
//! activations on AVX2 + FMA, our own where `gemm` would choose its kernel by
//! CPUID: on an AVX-512 machine capped at `--cpu avx2` it picked AVX-512
//! code, so the AVX2 path's prefill was neither what an AVX2 machine runs
//! nor what its figures claimed.
//!
//! Both operands are row-major along the shared dimension (a weight row, a
//! token's activations), so each output value is a dot product and nothing
//! is packed: a tile of three weight rows by four tokens keeps twelve
//! accumulators of eight lanes, and each step of eight columns loads three
//! weight vectors and four activation vectors for twelve multiply-adds
//! (sixteen registers). The columns go in stretches of [`KC`], so that a
//! tile's seven rows of a stretch stay in L1 while the tiles of a weight
//! triple pass over the tokens; the eight lanes of each accumulator are
//! summed once per stretch, four tokens' sums folded together by `vhaddps`.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// Columns per stretch: Qwen2.5-0.5B's 896-column matrices in one, its
/// 4,864-column `ffn_down` in five. A tile reads seven rows of a stretch
/// (28 KiB of f32 at most) and sums its accumulators once per stretch.
const KC: usize = 1024;

/// Weight rows and tokens per tile.
const ROWS: usize = 3;
const TOKENS: usize = 4;

/// Adds `w · xsᵀ` into `dst`: for weight row `i < band` (row-major, `cols`
/// values each, at `w`) and token `t < tokens` (`cols` values each, at
/// `xs`), `dst[t * stride + i] += Σₖ w[i][k] · xs[t][k]`.
///
/// # Safety
/// The CPU must have AVX2 and FMA; `cols` must be a multiple of 8; `w` must
/// hold `band * cols` values, `xs` `tokens * cols`, and `dst` must be valid
/// for reads and writes at every `t * stride + i` above, which no other
/// thread touches meanwhile.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub(super) unsafe fn add_product(
    w: &[f32],
    band: usize,
    xs: &[f32],
    tokens: usize,
    cols: usize,
    dst: *mut f32,
    stride: usize,
) {
    debug_assert!(cols.is_multiple_of(8));
    debug_assert!(w.len() >= band * cols && xs.len() >= tokens * cols);
    let (w, xs) = (w.as_ptr(), xs.as_ptr());
    let mut k0 = 0;
    while k0 < cols {
        let k1 = (k0 + KC).min(cols);
        let mut i = 0;
        while i < band {
            let rows = ROWS.min(band - i);
            let mut t = 0;
            while t < tokens {
                let take = TOKENS.min(tokens - t);
                let at = Tile {
                    w: w.add(i * cols),
                    xs: xs.add(t * cols),
                    cols,
                    k0,
                    k1,
                    dst: dst.add(t * stride + i),
                    stride,
                };
                match (rows, take) {
                    (3, 4) => at.run::<3, 4>(),
                    (3, 3) => at.run::<3, 3>(),
                    (3, 2) => at.run::<3, 2>(),
                    (3, _) => at.run::<3, 1>(),
                    (2, 4) => at.run::<2, 4>(),
                    (2, 3) => at.run::<2, 3>(),
                    (2, 2) => at.run::<2, 2>(),
                    (2, _) => at.run::<2, 1>(),
                    (_, 4) => at.run::<1, 4>(),
                    (_, 3) => at.run::<1, 3>(),
                    (_, 2) => at.run::<1, 2>(),
                    (_, _) => at.run::<1, 1>(),
                }
                t += take;
            }
            i += rows;
        }
        k0 = k1;
    }
}

/// One tile's operands: `R` weight rows from `w`, `T` tokens from `xs`,
/// columns `k0..k1`, sums added at `dst` (token `t`, row `r` at
/// `t * stride + r`).
#[cfg(target_arch = "x86_64")]
struct Tile {
    w: *const f32,
    xs: *const f32,
    cols: usize,
    k0: usize,
    k1: usize,
    dst: *mut f32,
    stride: usize,
}

#[cfg(target_arch = "x86_64")]
impl Tile {
    /// # Safety
    /// As [`add_product`], for this tile's rows, tokens and columns.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    unsafe fn run<const R: usize, const T: usize>(&self) {
        // Token by token, each token's accumulators row by row.
        let mut acc = [[_mm256_setzero_ps(); R]; T];
        let mut k = self.k0;
        while k < self.k1 {
            let mut wv = [_mm256_setzero_ps(); R];
            for (r, v) in wv.iter_mut().enumerate() {
                *v = _mm256_loadu_ps(self.w.add(r * self.cols + k));
            }
            for (t, sums) in acc.iter_mut().enumerate() {
                let x = _mm256_loadu_ps(self.xs.add(t * self.cols + k));
                for (sum, w) in sums.iter_mut().zip(&wv) {
                    *sum = _mm256_fmadd_ps(*w, x, *sum);
                }
            }
            k += 8;
        }
        for r in 0..R {
            let sums = sums_of_four(&acc.map(|sums| sums[r]));
            let mut lanes = [0f32; 4];
            _mm_storeu_ps(lanes.as_mut_ptr(), sums);
            for (t, sum) in lanes.iter().take(T).enumerate() {
                *self.dst.add(t * self.stride + r) += sum;
            }
        }
    }
}

/// The sums of the eight lanes of up to four vectors, in the lanes of one
/// (missing vectors sum to 0): two rounds of `vhaddps` pair the lanes of
/// each 128-bit half, and the halves are added.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline]
unsafe fn sums_of_four<const T: usize>(v: &[__m256; T]) -> __m128 {
    let at = |t: usize| if t < T { v[t] } else { _mm256_setzero_ps() };
    let pairs = _mm256_hadd_ps(_mm256_hadd_ps(at(0), at(1)), _mm256_hadd_ps(at(2), at(3)));
    _mm_add_ps(
        _mm256_castps256_ps128(pairs),
        _mm256_extractf128_ps::<1>(pairs),
    )
}

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;

    /// Every tile shape (rows and tokens that leave remainders of one, two
    /// and three), one stretch and several, against the plain sum in f64;
    /// values already in `dst` are added to, and values outside the
    /// product's columns are left alone.
    #[test]
    fn adds_the_product_of_every_shape() {
        if !(is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma")) {
            eprintln!("skipped: this CPU has no AVX2 and FMA");
            return;
        }
        let value = |seed: usize| ((seed * 7919 + 13) % 1021) as f32 / 511.0 - 1.0;
        for (band, tokens, cols) in [
            (7, 9, 64),
            (3, 4, 896),
            (5, 6, 2056),
            (1, 1, 8),
            (9, 13, 1032),
        ] {
            let w: Vec<f32> = (0..band * cols).map(value).collect();
            let xs: Vec<f32> = (0..tokens * cols).map(|i| value(i + 5)).collect();
            // Two columns more than the band on each side, pre-filled.
            let stride = band + 4;
            let mut dst: Vec<f32> = (0..tokens * stride).map(|i| i as f32).collect();
            // SAFETY: checked features; `dst` holds `tokens * stride` values
            // and the product writes at 2.. band + 2 of each token's row.
            unsafe { add_product(&w, band, &xs, tokens, cols, dst.as_mut_ptr().add(2), stride) };
            for t in 0..tokens {
                for j in 0..stride {
                    let before = (t * stride + j) as f32;
                    let got = dst[t * stride + j];
                    if j < 2 || j >= band + 2 {
                        assert_eq!(got, before, "token {t}, column {j} outside the band");
                        continue;
                    }
                    let i = j - 2;
                    let exact: f64 = (0..cols)
                        .map(|k| w[i * cols + k] as f64 * xs[t * cols + k] as f64)
                        .sum();
                    let want = before as f64 + exact;
                    assert!(
                        (got as f64 - want).abs() <= 1e-4 * (1.0 + want.abs()),
                        "{band}x{tokens}x{cols}: row {i}, token {t}: {got} vs {want}"
                    );
                }
            }
        }
    }
}
