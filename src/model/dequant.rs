//! Prefill's matmul: a prompt of many tokens multiplies every weight matrix
//! by many activation rows, which candle's quantized kernels do as one dot
//! product per (token, row) pair, reading and unpacking each weight block
//! once per token. Here a band of weight rows is unpacked once, into a small
//! per-thread buffer that stays in cache, and multiplied by all the tokens
//! at once: in bf16 by our own kernel where the CPU has AVX-512 BF16 (see
//! [`super::bf16`]); on the AVX2 path by our own kernels, in 16-bit
//! integers for Q8_0 and Q5_0 (`band_i16`) and in f32 for the rest
//! ([`super::band_avx2`]); elsewhere in f32 by `gemm`'s cache-blocked
//! kernel (the band unpacked 32 values per step on AVX2, see
//! [`super::unpack`]). No
//! unpacked copy of a whole matrix is ever made, so memory does not grow.

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};

use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{Device, Tensor};

use super::layout::{layout_of, Unpack};

/// Prompts at least this long take this path; shorter ones (and decode's
/// single token) stay on the quantized kernels, which read each weight once
/// at a fraction of the bytes and gain nothing from unpacking it.
pub const MIN_ROWS: usize = 16;

/// The most weight rows unpacked and multiplied per task (see
/// [`band_rows`] for how many): 256 rows of 896 values are
/// 896 KiB of f32, about a core's L2; fewer rows repack the activations more
/// often (measured: 128 rows was slower on Qwen2.5-0.5B's shapes). The
/// per-thread buffer is `BAND * cols` f32s, 5 MiB for its widest matrix.
const BAND: usize = 256;

thread_local! {
    /// Each thread's unpacked band, reused from matrix to matrix.
    static SCRATCH: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
    /// Each thread's band as [`Kernel::Int16`] unpacks it: the panel of
    /// 16-bit weights and their scales.
    static PANEL: RefCell<(Vec<i16>, Vec<f32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// `x · qᵀ` for `x` `[tokens, cols]` and `q` `[rows, cols]`, giving
/// `[tokens, rows]`: with bf16 products where the CPU has AVX-512 BF16 (see
/// [`super::bf16`]), else in f32 over unpacked bands. `None` when
/// `q`'s layout is not one this unpacks (float layouts, which candle already
/// multiplies densely), leaving the caller to candle's kernels.
pub fn matmul_t(x: &Tensor, q: &QTensor) -> candle_core::Result<Option<Tensor>> {
    let (tokens, _) = x.dims2()?;
    let xs = x
        .to_dtype(candle_core::DType::F32)?
        .flatten_all()?
        .to_vec1::<f32>()?;
    let Some(out) = matmul_t_values(&xs, tokens, q)? else {
        return Ok(None);
    };
    let rows = out.len() / tokens.max(1);
    Ok(Some(Tensor::from_vec(out, (tokens, rows), &Device::Cpu)?))
}

/// [`matmul_t`] of `xs`, `tokens` rows one after another: `[tokens, rows]`
/// values, or `None` where `matmul_t` gives `None`.
pub fn matmul_t_values(
    xs: &[f32],
    tokens: usize,
    q: &QTensor,
) -> candle_core::Result<Option<Vec<f32>>> {
    // `--cpu generic` runs candle's quantized kernels only: `gemm` picks
    // AVX2 or AVX-512 code by itself, which that path promises not to.
    if super::cpu::active() == super::cpu::CpuPath::Generic {
        return Ok(None);
    }
    let Some(layout @ (_, block_values, block_bytes)) = layout_of(q.dtype()) else {
        return Ok(None);
    };
    let (rows, cols) = q.shape().dims2()?;
    if xs.len() != tokens * cols {
        candle_core::bail!(
            "matmul of {} values in {tokens} rows by a [{rows}, {cols}] weight",
            xs.len()
        );
    }
    if !cols.is_multiple_of(block_values) {
        return Ok(None);
    }
    let data = q.data()?;
    if data.len() != rows * (cols / block_values * block_bytes) {
        return Ok(None);
    }
    let bf16 = super::bf16::Blocks::new(q.dtype(), layout)
        .filter(|_| super::bf16::available())
        .and_then(|blocks| super::bf16::matmul_t(xs, tokens, &data, blocks, rows, cols));
    if bf16.is_some() {
        return Ok(bf16);
    }
    // candle's `to_float` unpacks a value at a time; AVX2 does 32.
    let layout = match super::unpack::avx2_unpack(q.dtype()) {
        Some(fast) => (fast, layout.1, layout.2),
        None => layout,
    };
    let kernel = Kernel::for_path(super::cpu::active(), q.dtype());
    Ok(band_products(xs, tokens, &data, layout, kernel, rows, cols))
}

/// The product of `xs` (`[tokens, cols]`) and the quantized matrix
/// `data` (`[rows, cols]` in blocks of `layout`): `[tokens, rows]`, each
/// band of weight rows writing its own columns of every token's row (the
/// product used to be built `[rows, tokens]`, a band a contiguous stretch,
/// and transposed by candle on the calling thread while the others
/// waited). `kernel` is chosen by the caller, on the calling thread, not
/// by each task: a test caps the path for its own thread only, and one
/// matrix's bands must all take the same kernel for its sums to be the
/// same from run to run. `None` if a band could not be unpacked.
fn band_products(
    xs: &[f32],
    tokens: usize,
    data: &[u8],
    (unpack, block_values, block_bytes): (Unpack, usize, usize),
    kernel: Kernel,
    rows: usize,
    cols: usize,
) -> Option<Vec<f32>> {
    let row_bytes = cols / block_values * block_bytes;
    let band = band_rows(rows, super::threads::current());
    // The int16 kernel's activations, quantized once for every band.
    #[cfg(target_arch = "x86_64")]
    let int16 = match kernel {
        // SAFETY: the kernel is chosen on the AVX2 path only, where the CPU
        // has AVX2.
        Kernel::Int16(_) => {
            Some(unsafe { super::band_i16::Activations::quantize(xs, tokens, cols) }?)
        }
        _ => None,
    };
    let mut out = vec![0f32; rows * tokens];
    let product = Product {
        kernel,
        unpack,
        row_bytes,
        cols,
        xs,
        #[cfg(target_arch = "x86_64")]
        int16,
        dst: Columns {
            ptr: out.as_mut_ptr(),
            rows,
            tokens,
        },
    };
    let bands: Vec<&[u8]> = data.chunks(band * row_bytes).collect();
    let failed = AtomicBool::new(false);
    // candle's barrier pool, not rayon: its workers spin between candle's own
    // kernels, and a second set of threads would fight them for the cores.
    candle_core::utils::barrier_pool().execute_chunked(bands.len(), |range| {
        for i in range {
            if !product.band(bands[i], i * band) {
                failed.store(true, Ordering::Relaxed);
            }
        }
    });
    (!failed.into_inner()).then_some(out)
}

/// What every band of one matrix's product shares: the kernel, the
/// weights' layout and width, the tokens, and the output.
struct Product<'a> {
    /// Off x86-64 always [`Kernel::Gemm`], which is not looked at.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    kernel: Kernel,
    unpack: Unpack,
    row_bytes: usize,
    cols: usize,
    xs: &'a [f32],
    /// `xs` quantized, for [`Kernel::Int16`].
    #[cfg(target_arch = "x86_64")]
    int16: Option<super::band_i16::Activations>,
    dst: Columns,
}

/// Which code multiplies a band by the tokens.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kernel {
    /// Ours in f32, on AVX2 + FMA ([`super::band_avx2`]).
    Avx2,
    /// Ours in 16-bit integers for Q8_0 and Q5_0 on AVX2
    /// ([`super::band_i16`]).
    #[cfg(target_arch = "x86_64")]
    Int16(super::band_i16::Format),
    /// `gemm`'s, which picks AVX2 or AVX-512 code by CPUID: on the AVX-512
    /// path only, and off x86-64.
    Gemm,
}

impl Kernel {
    fn for_path(path: super::cpu::CpuPath, dtype: GgmlDType) -> Kernel {
        match (path, dtype) {
            #[cfg(target_arch = "x86_64")]
            (super::cpu::CpuPath::Avx2, _) => match super::band_i16::Format::of(dtype) {
                Some(format) => Kernel::Int16(format),
                None => Kernel::Avx2,
            },
            #[cfg(not(target_arch = "x86_64"))]
            (super::cpu::CpuPath::Avx2, _) => Kernel::Avx2,
            _ => Kernel::Gemm,
        }
    }
}

/// [`band_products`]'s output, `[tokens, rows]` row-major, written by the
/// bands' tasks at once: each only the columns of its own weight rows.
struct Columns {
    ptr: *mut f32,
    rows: usize,
    tokens: usize,
}

// SAFETY: the tasks sharing a `Columns` write disjoint sets of its values
// (see `Product::band`), and nothing reads it until they are all done.
unsafe impl Sync for Columns {}

/// Rows per band for a matrix of `rows` rows on `threads` threads: at most
/// [`BAND`], in a number of bands that is a multiple of the threads, of
/// near-equal size (a multiple of 8 rows, `gemm`'s row step). Bands of
/// [`BAND`] rows left Qwen2.5-0.5B's 896-row matrices in four bands, 256
/// rows for each but the last (128), so that of two threads one did 512
/// rows while the other did 384, and its 128-row key and value matrices in
/// one band, which one thread did alone.
fn band_rows(rows: usize, threads: usize) -> usize {
    let bands = rows.div_ceil(BAND).next_multiple_of(threads.max(1));
    rows.div_ceil(bands).next_multiple_of(8).clamp(1, BAND)
}

impl Product<'_> {
    /// Unpacks the weight rows in `bytes` into this thread's scratch band and
    /// writes their products with every token to columns `first..` of `dst`.
    fn band(&self, bytes: &[u8], first: usize) -> bool {
        let Product {
            unpack,
            row_bytes,
            cols,
            xs,
            ref dst,
            ..
        } = *self;
        let band = bytes.len() / row_bytes;
        let tokens = dst.tokens;
        if first + band > dst.rows || xs.len() != tokens * cols {
            return false;
        }
        #[cfg(target_arch = "x86_64")]
        if let (Kernel::Int16(format), Some(acts)) = (self.kernel, &self.int16) {
            return PANEL.with(|panel| {
                let (values, scales) = &mut *panel.borrow_mut();
                let (n, m) = super::band_i16::panel_sizes(band, cols);
                values.resize(n, 0);
                scales.resize(m, 0.0);
                // SAFETY: the int16 kernel runs on the AVX2 path only, where
                // the CPU has AVX2, FMA and F16C; the panel is sized by
                // `panel_sizes` and unpacked from this band's rows (checked
                // by `unpack`); value (i, t) goes to `t * rows + first +
                // i`, inside `dst` and in this band's own columns (checked
                // above), which start at zero (`band_products`).
                unsafe {
                    if !super::band_i16::unpack(format, bytes, cols, values, scales) {
                        return false;
                    }
                    super::band_i16::add_product(
                        values,
                        scales,
                        band,
                        acts,
                        dst.ptr.add(first),
                        dst.rows,
                    );
                }
                true
            });
        }
        SCRATCH.with(|scratch| {
            let mut w = scratch.borrow_mut();
            w.resize(BAND * cols, 0.0);
            let w = &mut w[..band * cols];
            if !unpack(bytes, w) {
                return false;
            }
            #[cfg(target_arch = "x86_64")]
            if self.kernel == Kernel::Avx2 {
                // SAFETY: the AVX2 path runs only where the CPU has AVX2 and FMA;
                // `cols` is whole blocks of 32; `w` is `[band, cols]`, `xs`
                // `[tokens, cols]`; value (i, t) goes to `t * rows + first + i`,
                // inside `dst` and in this band's own columns (checked above),
                // which start at zero (`band_products`).
                unsafe {
                    super::band_avx2::add_product(
                        w,
                        band,
                        xs,
                        tokens,
                        cols,
                        dst.ptr.add(first),
                        dst.rows,
                    )
                };
                return true;
            }
            // SAFETY: `w` is `[band, cols]` row-major, `xs` is `[tokens, cols]`
            // row-major read as its transpose `[cols, tokens]`, and the product
            // `[band, tokens]` goes to `dst` read as its transpose, value (i, t)
            // at `t * rows + first + i`: inside `dst` (`first + band <= rows`,
            // checked above) and in columns `first..first + band`, which no
            // other band writes. `gemm` reads and writes nothing else.
            unsafe {
                gemm::gemm(
                    band,
                    tokens,
                    cols,
                    dst.ptr.add(first),
                    dst.rows as isize,
                    1,
                    false,
                    w.as_ptr(),
                    1,
                    cols as isize,
                    xs.as_ptr(),
                    cols as isize,
                    1,
                    0.0,
                    1.0,
                    false,
                    false,
                    false,
                    gemm::Parallelism::None,
                );
            }
            true
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::pseudo_random;
    use super::*;
    use candle_core::quantized::GgmlDType;

    /// The f32 banded product must match candle's dequantize-then-matmul,
    /// for every layout the loader keeps quantized, with a row count that
    /// leaves a partial last band.
    /// Bands split each matrix evenly between the threads, and never
    /// exceed the scratch buffer's rows.
    #[test]
    fn bands_split_the_rows_evenly_between_threads() {
        // Qwen2.5-0.5B's shapes on two threads: four bands of 224 rows,
        // two of 64, twenty of 248 (the last 152).
        assert_eq!(band_rows(896, 2), 224);
        assert_eq!(band_rows(128, 2), 64);
        assert_eq!(band_rows(4864, 2), 248);
        // One thread: as few bands as before, of even size.
        assert_eq!(band_rows(896, 1), 224);
        assert_eq!(band_rows(1024, 1), BAND);
        for rows in [1, 7, 8, 100, 255, 256, 257, 896, 4864, 151_936] {
            for threads in 1..=8 {
                let band = band_rows(rows, threads);
                assert!(
                    (1..=BAND).contains(&band),
                    "{rows} rows, {threads} threads: {band}"
                );
                // No band is larger than a thread's even share of the
                // rows (rounded up to 8), so every thread can get one.
                let share = rows.div_ceil(threads).next_multiple_of(8);
                assert!(band <= share, "{rows} rows, {threads} threads: {band}");
            }
        }
    }

    #[test]
    fn matches_dequantized_matmul() {
        let (rows, cols, tokens) = (300, 512, 20);
        let w =
            Tensor::from_vec(pseudo_random(rows * cols, 0), (rows, cols), &Device::Cpu).unwrap();
        let x = Tensor::from_vec(
            pseudo_random(tokens * cols, 7),
            (tokens, cols),
            &Device::Cpu,
        )
        .unwrap();
        for dtype in [
            GgmlDType::Q4_0,
            GgmlDType::Q5_0,
            GgmlDType::Q8_0,
            GgmlDType::Q4K,
            GgmlDType::Q5K,
            GgmlDType::Q6K,
        ] {
            let q = QTensor::quantize(&w, dtype).unwrap();
            let xs = x.flatten_all().unwrap().to_vec1::<f32>().unwrap();
            let layout = layout_of(dtype).unwrap();
            let data = q.data().unwrap();
            let kernel = Kernel::for_path(super::super::cpu::active(), dtype);
            let ours = band_products(&xs, tokens, &data, layout, kernel, rows, cols).unwrap();
            let dense = q.dequantize(&Device::Cpu).unwrap();
            let theirs = x.matmul(&dense.t().unwrap()).unwrap();
            let theirs = theirs.flatten_all().unwrap().to_vec1::<f32>().unwrap();
            for (a, b) in ours.iter().zip(&theirs) {
                assert!(
                    (a - b).abs() <= 1e-3 * (1.0 + b.abs()),
                    "{dtype:?}: {a} vs {b}"
                );
            }
        }
    }

    /// Whichever path this CPU takes, `matmul_t` gives `[tokens, rows]` close
    /// to the exact product (bf16 rounding included).
    #[test]
    fn matmul_t_is_close_to_the_exact_product() {
        let (rows, cols, tokens) = (100, 256, 17);
        let w =
            Tensor::from_vec(pseudo_random(rows * cols, 3), (rows, cols), &Device::Cpu).unwrap();
        let x = Tensor::from_vec(
            pseudo_random(tokens * cols, 5),
            (tokens, cols),
            &Device::Cpu,
        )
        .unwrap();
        for dtype in [GgmlDType::Q8_0, GgmlDType::Q4K] {
            let q = QTensor::quantize(&w, dtype).unwrap();
            let ours = matmul_t(&x, &q).unwrap().expect("a quantized layout");
            assert_eq!(ours.dims(), &[tokens, rows]);
            let dense = q.dequantize(&Device::Cpu).unwrap();
            let exact = x.matmul(&dense.t().unwrap()).unwrap();
            let error = (ours - &exact).unwrap().abs().unwrap().max_all().unwrap();
            let scale = exact.abs().unwrap().max_all().unwrap();
            let (error, scale) = (
                error.to_scalar::<f32>().unwrap(),
                scale.to_scalar::<f32>().unwrap(),
            );
            assert!(error <= 1e-2 * scale, "{dtype:?}: error {error} of {scale}");
        }
    }

    #[test]
    fn float_layouts_are_left_to_candle() {
        let w = Tensor::zeros((4, 32), candle_core::DType::F32, &Device::Cpu).unwrap();
        let q = QTensor::quantize(&w, GgmlDType::F32).unwrap();
        let x = Tensor::zeros((2, 32), candle_core::DType::F32, &Device::Cpu).unwrap();
        assert!(matmul_t(&x, &q).unwrap().is_none());
    }
}
