//! Decode's matmul: one token's activations (or a few) times every row of
//! a quantized matrix, the step decode spends most of its time in. The
//! activations are quantized once per call to 8-bit blocks and each weight
//! row is read once, as stored, by a dot-product kernel for its layout and
//! the active CPU path (see [`super::cpu`]):
//!
//! - `avx512`: VNNI kernels (`vpdpbusd`) for Q8_0, Q5_0, Q4_K and Q6_K,
//!   two blocks per 512-bit multiply-add, scale products in vector lanes;
//! - `avx2`: `vpmaddubsw` kernels for Q8_0 and Q5_0, and for Q4_K and Q6_K
//!   against activations quantized per superblock (see [`avx2`]);
//! - `neon` (aarch64): Q8_0 and Q4_K (see [`neon`]);
//! - `generic`, and any other layout: candle's kernels.
//!
//! Rows are split over candle's barrier pool, as its own kernels are.

use std::sync::Mutex;

use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{Device, Tensor};

use super::cpu::CpuPath;

/// A kernel over consecutive rows of one matrix: row `r` of `bytes` (each
/// `row_bytes` long) times the activations `x`, into `out[r * stride]`.
/// One call per task rather than per row: each layout's row kernel is
/// inlined into its loop (see [`each_row`]), so its constants are set up
/// once per task, not once for each of the output layer's 151,936 rows.
type Rows = unsafe fn(&[u8], usize, &QuantizedRow, &mut [f32], usize);

/// Defines a [`Rows`] kernel `$name` from a row kernel `$dot`. Given the
/// row kernel's target features as an attribute, the row kernel inlines.
macro_rules! each_row {
    ($(#[$attr:meta])* $vis:vis fn $name:ident = $dot:path) => {
        $(#[$attr])*
        $vis unsafe fn $name(
            bytes: &[u8],
            row_bytes: usize,
            x: &QuantizedRow,
            out: &mut [f32],
            stride: usize,
        ) {
            let rows = bytes.chunks_exact(row_bytes);
            for (y, row) in out.iter_mut().step_by(stride).zip(rows) {
                *y = $dot(row, x);
            }
        }
    };
}

#[cfg(target_arch = "x86_64")]
mod avx2;
#[cfg(target_arch = "x86_64")]
pub(super) use avx2::widen_q5_0 as widen_q5_0_avx2;
#[cfg(target_arch = "aarch64")]
mod neon;

/// Values per block (Q8_0 and Q5_0 alike), and each layout's bytes per
/// block: Q8_0 an f16 scale and 32 signed bytes; Q5_0 an f16 scale, 32 high
/// bits and 16 bytes of low nibbles.
const BLOCK: usize = 32;
const BLOCK_BYTES: usize = 34;
const Q5_0_BLOCK_BYTES: usize = 22;
/// K-quant superblocks: 256 values; Q4_K in 144 bytes (f16 scale and
/// minimum, 12 bytes of 6-bit sub-block scales and minimums, 128 of
/// nibbles), Q6_K in 210 (128 bytes of low nibbles, 64 of high bit pairs,
/// 16 signed scales, an f16 scale).
const SUPER: usize = 256;
const Q4K_BYTES: usize = 144;
const Q6K_BYTES: usize = 210;

/// Weight values per task handed to the threads: 64 rows of the 896-wide
/// matrices (about 10 µs on one core), fewer of the wider ones, so that the
/// thread that takes the last task keeps the other waiting only that long.
const VALUES_PER_TASK: usize = 64 * 896;

/// Whether the active CPU path (see [`super::cpu`]) runs any of our
/// kernels: every path but `generic`, on a CPU that has it.
pub fn available() -> bool {
    let path = super::cpu::active();
    path != CpuPath::Generic && path.supported()
}

/// Whether [`matvec`] multiplies matrices of `dtype` on the active path
/// (given a width of whole blocks, which every K-quant has, and a multiple
/// of 64 values for Q8_0 and Q5_0).
pub fn applies(dtype: GgmlDType) -> bool {
    available() && kernel(dtype, super::cpu::active()).is_some()
}

/// The name of the decode kernels on the active path, for reports.
pub fn name() -> &'static str {
    if !available() {
        return "candle";
    }
    match super::cpu::active() {
        CpuPath::Avx512 => "vnni",
        CpuPath::Avx2 => "avx2",
        CpuPath::Neon => "neon",
        CpuPath::Generic => "candle",
    }
}

/// A row kernel with what it reads: the values and bytes of one block of
/// its layout, and whether it takes the activations quantized per
/// superblock ([`QuantizedRow::supers`]) rather than per 32 values.
#[derive(Clone, Copy)]
struct Kernel {
    block_values: usize,
    block_bytes: usize,
    rows: Rows,
    supers: bool,
}

/// The kernel for rows of `dtype` on `path`; `None` for layouts the path
/// has no kernel for (on NEON: Q5_0, which the loader turns into Q8_0
/// there, and Q6_K, which goes to candle).
fn kernel(dtype: GgmlDType, path: CpuPath) -> Option<Kernel> {
    let kernel = |block_values, block_bytes, rows, supers| Kernel {
        block_values,
        block_bytes,
        rows,
        supers,
    };
    let blocks = |block_bytes, rows| kernel(BLOCK, block_bytes, rows, false);
    let supers = |block_bytes, rows| kernel(SUPER, block_bytes, rows, true);
    Some(match (path, dtype) {
        (CpuPath::Avx512, GgmlDType::Q8_0) => blocks(BLOCK_BYTES, rows_avx512_vnni),
        (CpuPath::Avx512, GgmlDType::Q5_0) => blocks(Q5_0_BLOCK_BYTES, rows_q5_0_avx512_vnni),
        // The AVX-512 K-quant kernels take the activations per 32 values.
        (CpuPath::Avx512, GgmlDType::Q4K) => kernel(SUPER, Q4K_BYTES, rows_q4k_avx512_vnni, false),
        (CpuPath::Avx512, GgmlDType::Q6K) => kernel(SUPER, Q6K_BYTES, rows_q6k_avx512_vnni, false),
        #[cfg(target_arch = "x86_64")]
        (CpuPath::Avx2, GgmlDType::Q8_0) => blocks(BLOCK_BYTES, avx2::rows_q8_0),
        #[cfg(target_arch = "x86_64")]
        (CpuPath::Avx2, GgmlDType::Q5_0) => blocks(Q5_0_BLOCK_BYTES, avx2::rows_q5_0),
        // Read as stored, so no repacked copy: candle's Q4_K tiles are a
        // third larger than the matrices, and decode reads every byte.
        #[cfg(target_arch = "x86_64")]
        (CpuPath::Avx2, GgmlDType::Q4K) => supers(Q4K_BYTES, avx2::rows_q4k),
        #[cfg(target_arch = "x86_64")]
        (CpuPath::Avx2, GgmlDType::Q6K) => supers(Q6K_BYTES, avx2::rows_q6k),
        #[cfg(target_arch = "aarch64")]
        (CpuPath::Neon, GgmlDType::Q8_0) => blocks(BLOCK_BYTES, neon::rows_q8_0),
        #[cfg(target_arch = "aarch64")]
        (CpuPath::Neon, GgmlDType::Q4K) => supers(Q4K_BYTES, neon::rows_q4k),
        _ => return None,
    })
}

/// One token's activations quantized as Q8_0 does, laid out for the
/// kernels: each value offset by 128 into an unsigned byte (`vpdpbusd`
/// multiplies unsigned by signed bytes), and each block's scale as f32.
struct QuantizedRow {
    shifted: Vec<u8>,
    scales: Vec<f32>,
    /// The sum of the (unscaled, unshifted) values of each 16 and of each
    /// 32, as f32: the AVX-512 K-quant kernels subtract each group's
    /// minimum, or offset, times these, and the AVX2 Q5_0 kernel its 16
    /// (so other targets never read them).
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    sums16: Vec<f32>,
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    sums32: Vec<f32>,
    /// The same values quantized per superblock, for the AVX2 and NEON
    /// K-quant kernels; empty unless a kernel of the call reads them.
    supers: SuperRow,
}

/// Activations quantized per 256 values, as llama.cpp's Q8_K: one f32
/// scale per superblock, so that a K-quant kernel can sum a whole
/// superblock in integers, weighting each sub-block by its integer scale,
/// and convert once.
#[derive(Default)]
struct SuperRow {
    /// Signed values in [-127, 127].
    values: Vec<i8>,
    /// Each superblock's step: value · scale ≈ activation.
    scales: Vec<f32>,
    /// The sum of each 16 values (at most 16 · 127 in magnitude), for the
    /// minimums and offsets the K-quants subtract.
    sums16: Vec<i16>,
}

/// Quantizes like candle's `BlockQ8_0::from_float` (scale amax / 127 kept
/// as f16, values rounded to the nearest step), so results match its
/// kernel's up to the order of the sums, when `blocks` is set; and per
/// superblock when `supers` is (and the row is whole superblocks). Each
/// costs a rounding per value, which decode pays on every matrix: the AVX2
/// `ffn_down` kernels read only the superblocks.
fn quantize(xs: &[f32], supers: bool, blocks: bool) -> QuantizedRow {
    let mut shifted = Vec::with_capacity(if blocks { xs.len() } else { 0 });
    let mut scales = Vec::with_capacity(xs.len() / BLOCK);
    #[cfg(target_arch = "x86_64")]
    if blocks && std::arch::is_x86_feature_detected!("avx2") {
        shifted.resize(xs.len() / BLOCK * BLOCK, 0);
        for (block, out) in xs.chunks_exact(BLOCK).zip(shifted.chunks_exact_mut(BLOCK)) {
            // SAFETY: the CPU has AVX2; both chunks are one whole block.
            let d = unsafe { avx2::quantize_block(block.as_ptr(), out.as_mut_ptr()) };
            scales.push(half::f16::from_f32(d).to_f32());
        }
    }
    let done = !shifted.is_empty();
    for block in xs.chunks_exact(BLOCK).take_while(|_| blocks && !done) {
        let amax = block.iter().fold(0f32, |m, x| m.max(x.abs()));
        let d = amax / 127.0;
        let inverse = if d != 0.0 { 1.0 / d } else { 0.0 };
        scales.push(half::f16::from_f32(d).to_f32());
        shifted.extend(
            block
                .iter()
                .map(|x| ((x * inverse).round() as i32 + 128).clamp(1, 255) as u8),
        );
    }
    let sums16: Vec<f32> = shifted
        .chunks_exact(16)
        .map(|group| group.iter().map(|&v| v as i32 - 128).sum::<i32>() as f32)
        .collect();
    let sums32 = sums16.chunks_exact(2).map(|p| p[0] + p[1]).collect();
    let supers = if supers && xs.len().is_multiple_of(SUPER) {
        quantize_supers(xs)
    } else {
        SuperRow::default()
    };
    QuantizedRow {
        shifted,
        scales,
        sums16,
        sums32,
        supers,
    }
}

/// [`SuperRow`] of `xs`, a whole number of superblocks: scale amax / 127
/// kept in f32 (llama.cpp's Q8_K does the same), values rounded to the
/// nearest step.
fn quantize_supers(xs: &[f32]) -> SuperRow {
    let mut row = SuperRow {
        values: Vec::with_capacity(xs.len()),
        scales: Vec::with_capacity(xs.len() / SUPER),
        sums16: Vec::with_capacity(xs.len() / 16),
    };
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        row.values.resize(xs.len() / SUPER * SUPER, 0);
        for (block, out) in xs
            .chunks_exact(SUPER)
            .zip(row.values.chunks_exact_mut(SUPER))
        {
            // SAFETY: the CPU has AVX2; both chunks are one whole superblock.
            let d = unsafe { avx2::quantize_super(block.as_ptr(), out.as_mut_ptr()) };
            row.scales.push(d);
        }
    }
    let done = !row.values.is_empty();
    for block in xs.chunks_exact(SUPER).take_while(|_| !done) {
        let amax = block.iter().fold(0f32, |m, x| m.max(x.abs()));
        let d = amax / 127.0;
        let inverse = if d != 0.0 { 1.0 / d } else { 0.0 };
        row.scales.push(d);
        row.values.extend(
            block
                .iter()
                .map(|x| ((x * inverse).round() as i32).clamp(-127, 127) as i8),
        );
    }
    row.sums16 = row
        .values
        .chunks_exact(16)
        .map(|group| group.iter().map(|&v| v as i16).sum())
        .collect();
    row
}

/// `x · qᵀ` for a few token rows `x` (`[tokens, cols]`) and a Q8_0, Q5_0,
/// Q4_K or Q6_K matrix `q` (`[rows, cols]`), giving `[tokens, rows]`. `None`
/// when this does not apply (another layout, a CPU without AVX-512 VNNI, a
/// width that is not whole blocks), leaving the caller to candle's kernels.
///
/// Every (token, row) pair is one dot product computed on its own, so a
/// token's result is the same bits whatever other tokens come with it.
pub fn matvec(x: &Tensor, q: &QTensor) -> candle_core::Result<Option<Tensor>> {
    Ok(matvec_many(x, &[q])?.map(|mut ys| ys.remove(0)))
}

/// [`matvec`] of the same rows `x` by several matrices, in one pass of the
/// thread pool: the queries, keys and values of a layer, say, whose
/// matrices are too small to keep both cores busy one at a time. `None`
/// unless every matrix applies.
pub fn matvec_many(x: &Tensor, qs: &[&QTensor]) -> candle_core::Result<Option<Vec<Tensor>>> {
    if !available() {
        return Ok(None);
    }
    let (tokens, _) = x.dims2()?;
    let xs = x.flatten_all()?.to_vec1::<f32>()?;
    let Some(ys) = matvec_rows(&xs, tokens, qs)? else {
        return Ok(None);
    };
    ys.into_iter()
        .map(|y| {
            let rows = y.len() / tokens;
            Tensor::from_vec(y, (tokens, rows), &Device::Cpu)
        })
        .collect::<candle_core::Result<_>>()
        .map(Some)
}

/// [`matvec_many`] over plain slices, for the decode step (see
/// `forward::step`), which keeps its activations out of tensors: `xs` is
/// `tokens` rows of activations one after another, and each matrix's
/// result is `[tokens, rows]`, row-major. The same bits as
/// [`matvec_many`].
pub fn matvec_rows(
    xs: &[f32],
    tokens: usize,
    qs: &[&QTensor],
) -> candle_core::Result<Option<Vec<Vec<f32>>>> {
    if !available() || tokens == 0 || !xs.len().is_multiple_of(tokens) {
        return Ok(None);
    }
    let path = super::cpu::active();
    let cols = xs.len() / tokens;
    // Each matrix's kernel, rows, bytes per row and bytes.
    let mut matrices = Vec::with_capacity(qs.len());
    let (mut supers, mut blocks) = (false, false);
    for q in qs {
        let Some(Kernel {
            block_values,
            block_bytes,
            rows: kernel_rows,
            supers: wants_supers,
        }) = kernel(q.dtype(), path)
        else {
            return Ok(None);
        };
        supers |= wants_supers;
        blocks |= !wants_supers;
        let (rows, q_cols) = q.shape().dims2()?;
        if q_cols != cols || !cols.is_multiple_of(block_values.max(2 * BLOCK)) {
            return Ok(None);
        }
        let data = q.data()?;
        let row_bytes = cols / block_values * block_bytes;
        if data.len() != rows * row_bytes {
            return Ok(None);
        }
        matrices.push((kernel_rows, rows, row_bytes, data));
    }
    let xq: Vec<QuantizedRow> = xs
        .chunks_exact(cols)
        .map(|xs| quantize(xs, supers, blocks))
        .collect();
    // Built transposed, `[rows, tokens]`: each weight row is read once, from
    // cache, for all the tokens.
    let mut outs: Vec<Vec<f32>> = matrices
        .iter()
        .map(|(_, rows, _, _)| vec![0f32; rows * tokens])
        .collect();
    let tasks: Vec<Task> = outs
        .iter_mut()
        .zip(&matrices)
        .flat_map(|(out, (kernel_rows, _, row_bytes, data))| {
            let rows = (VALUES_PER_TASK / cols).clamp(4, 64);
            out.chunks_mut(rows * tokens)
                .zip(data.chunks(rows * row_bytes))
                .map(|task| (*kernel_rows, *row_bytes, Mutex::new(task)))
        })
        .collect();
    super::threads::for_each_task(tasks.len(), |i| {
        let (kernel_rows, row_bytes, task) = &tasks[i];
        // A poisoned lock means another task panicked; the pool passes
        // that panic on, so this one has nothing left to do.
        let Ok(mut task) = task.lock() else { return };
        let (dst, bytes) = &mut *task;
        // `dst` is `[rows, tokens]`: token `t`'s column starts at `t`.
        for (t, xq) in xq.iter().enumerate() {
            // SAFETY: `available()` checked the CPU has the active path's
            // features, whose kernel this is; every row holds whole blocks
            // of `cols` values, as `xq` does.
            unsafe { kernel_rows(bytes, *row_bytes, xq, &mut dst[t..], tokens) };
        }
    });
    drop(tasks);
    Ok(Some(
        outs.into_iter().map(|out| transpose(out, tokens)).collect(),
    ))
}

/// `[rows, cols]` row-major to `[cols, rows]`; one column is already both.
fn transpose(m: Vec<f32>, cols: usize) -> Vec<f32> {
    if cols == 1 {
        return m;
    }
    (0..cols)
        .flat_map(|c| m.iter().skip(c).step_by(cols).copied())
        .collect()
}

/// A share of [`matvec_many`]'s work: a matrix's kernel and bytes per row,
/// and some of its rows with their stretch of the output, behind a lock only
/// this task takes (the pool hands out tasks by index, not by slice).
type Task<'a> = (Rows, usize, Mutex<(&'a mut [f32], &'a [u8])>);

/// [`dot_avx512_vnni`] for Q5_0 rows, which llama.cpp's Q4_K_M files use for
/// matrices whose rows are not a multiple of 256: each block's 5-bit values
/// (a low nibble and a bit of the 32-bit high word, minus 16) are widened to
/// signed bytes in registers, so the matrix stays at 22 bytes per 32 values.
///
/// # Safety
/// As [`dot_avx512_vnni`], with `row` in Q5_0 blocks.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx512vnni")]
#[inline]
unsafe fn dot_q5_0_avx512_vnni(row: &[u8], x: &QuantizedRow) -> f32 {
    use std::arch::x86_64::*;
    let blocks = x.scales.len();
    let bias = _mm512_set1_epi8(-128);
    let mut acc = _mm512_setzero_ps();
    let mut b = 0;
    while b + 1 < blocks {
        let pa = row.as_ptr().add(b * Q5_0_BLOCK_BYTES);
        let pb = pa.add(Q5_0_BLOCK_BYTES);
        let w = _mm512_inserti64x4::<1>(_mm512_castsi256_si512(widen_q5_0(pa)), widen_q5_0(pb));
        let xv = _mm512_loadu_si512(x.shifted.as_ptr().add(b * BLOCK).cast());
        let zero = _mm512_setzero_si512();
        let dot = _mm512_sub_epi32(
            _mm512_dpbusd_epi32(zero, xv, w),
            _mm512_dpbusd_epi32(zero, bias, w),
        );
        let da = half::f16::from_bits(u16::from_le_bytes([*pa, *pa.add(1)])).to_f32();
        let db = half::f16::from_bits(u16::from_le_bytes([*pb, *pb.add(1)])).to_f32();
        let scale = _mm512_insertf32x8::<1>(
            _mm512_set1_ps(da * x.scales[b]),
            _mm256_set1_ps(db * x.scales[b + 1]),
        );
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), scale, acc);
        b += 2;
    }
    _mm512_reduce_add_ps(acc)
}

/// One Q5_0 block's 32 values (a low nibble and a bit of the 32-bit high
/// word, minus 16) as signed bytes, in column order.
///
/// # Safety
/// The CPU must have AVX-512 BW and VL; `p` must point at a whole block.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl")]
pub(super) unsafe fn widen_q5_0(p: *const u8) -> std::arch::x86_64::__m256i {
    use std::arch::x86_64::*;
    let high = u32::from_le_bytes([*p.add(2), *p.add(3), *p.add(4), *p.add(5)]);
    let nibbles = _mm_loadu_si128(p.add(6).cast());
    let low_mask = _mm_set1_epi8(0x0F);
    // Values 0-15 are the low nibbles, 16-31 the high ones.
    let low = _mm_and_si128(nibbles, low_mask);
    let upper = _mm_and_si128(_mm_srli_epi16::<4>(nibbles), low_mask);
    let values = _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(low), upper);
    let fifth = _mm256_maskz_set1_epi8(high, 0x10);
    _mm256_sub_epi8(_mm256_or_si256(values, fifth), _mm256_set1_epi8(16))
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn dot_q5_0_avx512_vnni(_row: &[u8], _x: &QuantizedRow) -> f32 {
    unreachable!("available() is false off x86-64")
}

/// [`dot_avx512_vnni`] for Q4_K rows (`ffn_down` in llama.cpp's Q4_K_M
/// files), read as stored: each value is `d·scale·q − dmin·min` over 32
/// values, with `q` a nibble, so `vpdpbusd` takes the nibbles as its
/// unsigned operand against the signed activations, and each sub-block's
/// minimum comes off through the activations' sums.
///
/// # Safety
/// As [`dot_avx512_vnni`], with `row` in Q4_K superblocks.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx512vnni")]
#[inline]
unsafe fn dot_q4k_avx512_vnni(row: &[u8], x: &QuantizedRow) -> f32 {
    use std::arch::x86_64::*;
    let low_mask = _mm256_set1_epi8(0x0F);
    let flip = _mm512_set1_epi8(-128);
    let mut acc = _mm512_setzero_ps();
    let mut minimums = _mm256_setzero_ps();
    for sb in 0..row.len() / Q4K_BYTES {
        let p = row.as_ptr().add(sb * Q4K_BYTES);
        let d = _mm256_set1_ps(f16_at(p));
        let dmin = _mm256_set1_ps(f16_at(p.add(2)));
        let (scales, mins) = q4k_scales_mins(p.add(4));
        let bytes8 = |v: u64| _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_cvtsi64_si128(v as i64)));
        let block = sb * SUPER / BLOCK;
        let sx = _mm256_loadu_ps(x.scales.as_ptr().add(block));
        // Per sub-block: d·scale·sx, and dmin·min·sx·Σx.
        let step = _mm256_mul_ps(_mm256_mul_ps(d, bytes8(scales)), sx);
        let sums = _mm256_loadu_ps(x.sums32.as_ptr().add(block));
        minimums = _mm256_fmadd_ps(
            _mm256_mul_ps(_mm256_mul_ps(dmin, bytes8(mins)), sx),
            sums,
            minimums,
        );
        let step = _mm512_castps256_ps512(step);
        let qs = p.add(16);
        for c in 0..4 {
            let nibbles = _mm256_loadu_si256(qs.add(32 * c).cast());
            let low = _mm256_and_si256(nibbles, low_mask);
            let high = _mm256_and_si256(_mm256_srli_epi16::<4>(nibbles), low_mask);
            let w = _mm512_inserti64x4::<1>(_mm512_castsi256_si512(low), high);
            let xv = _mm512_xor_si512(
                _mm512_loadu_si512(x.shifted.as_ptr().add(sb * SUPER + 64 * c).cast()),
                flip,
            );
            let dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), w, xv);
            // Lanes 0-7 are sub-block 2c, lanes 8-15 sub-block 2c + 1.
            let lanes = _mm512_set_epi32(
                2 * c as i32 + 1,
                2 * c as i32 + 1,
                2 * c as i32 + 1,
                2 * c as i32 + 1,
                2 * c as i32 + 1,
                2 * c as i32 + 1,
                2 * c as i32 + 1,
                2 * c as i32 + 1,
                2 * c as i32,
                2 * c as i32,
                2 * c as i32,
                2 * c as i32,
                2 * c as i32,
                2 * c as i32,
                2 * c as i32,
                2 * c as i32,
            );
            let scale = _mm512_permutexvar_ps(lanes, step);
            acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), scale, acc);
        }
    }
    _mm512_reduce_add_ps(acc) - reduce256(minimums)
}

/// The eight 6-bit scales and the eight 6-bit minimums of a Q4_K
/// superblock, from the 12 bytes at `packed` as ggml packs them, one byte
/// each: sub-block `j`'s in byte `j` of each word.
///
/// # Safety
/// `packed` must point at 12 readable bytes.
pub(super) unsafe fn q4k_scales_mins(packed: *const u8) -> (u64, u64) {
    let word = |i: usize| u32::from_le_bytes(std::ptr::read_unaligned(packed.add(i).cast()));
    let (a, b, c) = (word(0), word(4), word(8));
    let scales = (a & 0x3f3f_3f3f) as u64
        | ((((c & 0x0f0f_0f0f) | (((a >> 6) & 0x0303_0303) << 4)) as u64) << 32);
    let mins = (b & 0x3f3f_3f3f) as u64
        | (((((c >> 4) & 0x0f0f_0f0f) | (((b >> 6) & 0x0303_0303) << 4)) as u64) << 32);
    (scales, mins)
}

/// [`dot_avx512_vnni`] for Q6_K rows: each value is `d·scale·(q − 32)`
/// over 16 values, with `q` six bits (a nibble and a bit pair), unsigned
/// for `vpdpbusd`; the 32 comes off through the activations' sums.
///
/// # Safety
/// As [`dot_avx512_vnni`], with `row` in Q6_K superblocks.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx512vnni")]
#[inline]
unsafe fn dot_q6k_avx512_vnni(row: &[u8], x: &QuantizedRow) -> f32 {
    use std::arch::x86_64::*;
    let low_mask = _mm512_set1_epi8(0x0F);
    let pair_mask = _mm512_set1_epi8(3);
    let flip = _mm512_set1_epi8(-128);
    // Each activation block's scale, for its two groups of 16.
    let twice = _mm512_set_epi32(7, 7, 6, 6, 5, 5, 4, 4, 3, 3, 2, 2, 1, 1, 0, 0);
    let mut acc = _mm512_setzero_ps();
    let mut offsets = _mm512_setzero_ps();
    for sb in 0..row.len() / Q6K_BYTES {
        let p = row.as_ptr().add(sb * Q6K_BYTES);
        let (ql, qh, sc) = (p, p.add(128), p.add(192));
        let d = f16_at(p.add(208));
        let block = sb * SUPER / BLOCK;
        let sx = _mm512_permutexvar_ps(
            twice,
            _mm512_castps256_ps512(_mm256_loadu_ps(x.scales.as_ptr().add(block))),
        );
        // d·scale·sx for each group of 16.
        let group = _mm512_mul_ps(
            _mm512_mul_ps(
                _mm512_set1_ps(d),
                _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(sc.cast()))),
            ),
            sx,
        );
        offsets = _mm512_fmadd_ps(
            group,
            _mm512_loadu_ps(x.sums16.as_ptr().add(sb * SUPER / 16)),
            offsets,
        );
        for half in 0..2 {
            let low = _mm512_loadu_si512(ql.add(64 * half).cast());
            let h = _mm256_loadu_si256(qh.add(32 * half).cast());
            let h = _mm512_inserti64x4::<1>(_mm512_castsi256_si512(h), h);
            // Values 0-31 take bits 0-1 of the high bytes, 32-63 bits 2-3,
            // 64-95 bits 4-5, 96-127 bits 6-7.
            let h01 = _mm512_mask_srli_epi16::<2>(h, 0xFFFF_0000, h);
            let h23 = _mm512_srli_epi16::<4>(h01);
            let first = _mm512_or_si512(
                _mm512_and_si512(low, low_mask),
                _mm512_slli_epi16::<4>(_mm512_and_si512(h01, pair_mask)),
            );
            let second = _mm512_or_si512(
                _mm512_and_si512(_mm512_srli_epi16::<4>(low), low_mask),
                _mm512_slli_epi16::<4>(_mm512_and_si512(h23, pair_mask)),
            );
            for (c, w) in [first, second].into_iter().enumerate() {
                let chunk = 2 * half + c;
                let xv = _mm512_xor_si512(
                    _mm512_loadu_si512(x.shifted.as_ptr().add(sb * SUPER + 64 * chunk).cast()),
                    flip,
                );
                let dot = _mm512_dpbusd_epi32(_mm512_setzero_si512(), w, xv);
                // Four lanes per group of 16: groups 4·chunk to 4·chunk + 3.
                let g = 4 * chunk as i32;
                let lanes = _mm512_set_epi32(
                    g + 3,
                    g + 3,
                    g + 3,
                    g + 3,
                    g + 2,
                    g + 2,
                    g + 2,
                    g + 2,
                    g + 1,
                    g + 1,
                    g + 1,
                    g + 1,
                    g,
                    g,
                    g,
                    g,
                );
                let scale = _mm512_permutexvar_ps(lanes, group);
                acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), scale, acc);
            }
        }
    }
    _mm512_reduce_add_ps(acc) - 32.0 * _mm512_reduce_add_ps(offsets)
}

/// The sum of eight lanes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512vl")]
unsafe fn reduce256(v: std::arch::x86_64::__m256) -> f32 {
    use std::arch::x86_64::*;
    _mm512_reduce_add_ps(_mm512_zextps256_ps512(v))
}

/// The little-endian f16 at `p`, as f32, with F16C's conversion (the
/// `half` crate's is a function call, which these loops would pay per
/// block).
///
/// # Safety
/// The CPU must have F16C (every AVX-512 CPU does); `p` must point at two
/// readable bytes.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "f16c")]
#[inline]
pub(super) unsafe fn f16_at(p: *const u8) -> f32 {
    use std::arch::x86_64::*;
    let bits = u16::from_le_bytes([*p, *p.add(1)]);
    _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(bits as i32)))
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn dot_q4k_avx512_vnni(_row: &[u8], _x: &QuantizedRow) -> f32 {
    unreachable!("available() is false off x86-64")
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn dot_q6k_avx512_vnni(_row: &[u8], _x: &QuantizedRow) -> f32 {
    unreachable!("available() is false off x86-64")
}

/// The dot product of one Q8_0 row with the quantized activations, two
/// blocks per step.
///
/// # Safety
/// The CPU must have AVX-512 F, BW, DQ and VNNI; `row` must hold
/// `x.scales.len()` blocks (an even number) and `x.shifted` 32 bytes per
/// block.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vnni")]
#[inline]
unsafe fn dot_avx512_vnni(row: &[u8], x: &QuantizedRow) -> f32 {
    use std::arch::x86_64::*;
    let blocks = x.scales.len();
    let bias = _mm512_set1_epi8(-128); // 0x80: 128 as an unsigned byte
    let mut acc = _mm512_setzero_ps();
    let mut b = 0;
    while b + 1 < blocks {
        let pa = row.as_ptr().add(b * BLOCK_BYTES);
        let pb = pa.add(BLOCK_BYTES);
        let w = _mm512_inserti64x4::<1>(
            _mm512_castsi256_si512(_mm256_loadu_si256(pa.add(2).cast())),
            _mm256_loadu_si256(pb.add(2).cast()),
        );
        let xv = _mm512_loadu_si512(x.shifted.as_ptr().add(b * BLOCK).cast());
        // (x + 128)·w − 128·Σw = x·w, per 4-byte group, in 32-bit lanes:
        // lanes 0-7 sum block b, lanes 8-15 block b + 1.
        let zero = _mm512_setzero_si512();
        let dot = _mm512_sub_epi32(
            _mm512_dpbusd_epi32(zero, xv, w),
            _mm512_dpbusd_epi32(zero, bias, w),
        );
        let da = half::f16::from_bits(u16::from_le_bytes([*pa, *pa.add(1)])).to_f32();
        let db = half::f16::from_bits(u16::from_le_bytes([*pb, *pb.add(1)])).to_f32();
        let scale = _mm512_insertf32x8::<1>(
            _mm512_set1_ps(da * x.scales[b]),
            _mm256_set1_ps(db * x.scales[b + 1]),
        );
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(dot), scale, acc);
        b += 2;
    }
    _mm512_reduce_add_ps(acc)
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn dot_avx512_vnni(_row: &[u8], _x: &QuantizedRow) -> f32 {
    unreachable!("available() is false off x86-64")
}

// The AVX-512 kernels over rows, each row kernel inlined (off x86-64 they
// are the stubs above, never called).
each_row!(
    #[cfg_attr(target_arch = "x86_64", target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx512vnni"))]
    fn rows_avx512_vnni = dot_avx512_vnni
);
each_row!(
    #[cfg_attr(target_arch = "x86_64", target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx512vnni"))]
    fn rows_q5_0_avx512_vnni = dot_q5_0_avx512_vnni
);
each_row!(
    #[cfg_attr(target_arch = "x86_64", target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx512vnni"))]
    fn rows_q4k_avx512_vnni = dot_q4k_avx512_vnni
);
each_row!(
    #[cfg_attr(target_arch = "x86_64", target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx512vnni"))]
    fn rows_q6k_avx512_vnni = dot_q6k_avx512_vnni
);

#[cfg(test)]
mod tests {
    use super::super::cpu::{self, with_path};
    use super::super::layout::layout_of;
    use super::super::pseudo_random as values;
    use super::*;
    use candle_core::quantized::QMatMul;
    use candle_core::Module;

    /// The paths on this CPU with kernels of ours for `dtype`: each test runs
    /// on all of them, so the AVX2 kernels are checked on AVX-512 machines
    /// too.
    fn paths_for(dtype: GgmlDType) -> Vec<CpuPath> {
        cpu::supported()
            .into_iter()
            .filter(|p| with_path(*p, || applies(dtype)))
            .collect()
    }

    /// On an x86-64 CPU with AVX2, at least that path has kernels for these
    /// layouts: a test that silently compared nothing would pass forever.
    fn expect_some(paths: &[CpuPath]) {
        if CpuPath::Avx2.supported() {
            assert!(!paths.is_empty(), "no path of ours ran on an AVX2 CPU");
        }
    }

    /// Our kernel against candle's Q8_0 kernel (which quantizes the
    /// activations the same way) and against the exact product of the
    /// dequantized weights.
    #[test]
    fn matches_candle_and_the_dequantized_product() {
        let paths = paths_for(GgmlDType::Q8_0);
        expect_some(&paths);
        for path in paths {
            with_path(path, matches_candle_and_the_dequantized_product_on);
        }
    }

    fn matches_candle_and_the_dequantized_product_on() {
        let (rows, cols) = (200, 896);
        let w = Tensor::from_vec(values(rows * cols, 0), (rows, cols), &Device::Cpu).unwrap();
        // Three tokens: the kernel reads each row once for all of them.
        let x = Tensor::from_vec(values(3 * cols, 3), (3, cols), &Device::Cpu).unwrap();
        let q = QTensor::quantize(&w, GgmlDType::Q8_0).unwrap();
        let ours = matvec(&x, &q).unwrap().expect("a Q8_0 matrix");
        let ours = ours.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let candle = QMatMul::from_qtensor(QTensor::quantize(&w, GgmlDType::Q8_0).unwrap())
            .unwrap()
            .forward(&x)
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        let exact = x
            .matmul(&q.dequantize(&Device::Cpu).unwrap().t().unwrap())
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        let scale = exact.iter().fold(0f32, |m, v| m.max(v.abs()));
        for i in 0..rows {
            assert!(
                (ours[i] - candle[i]).abs() <= 1e-4 * scale,
                "row {i}: {} vs candle {}",
                ours[i],
                candle[i]
            );
            assert!(
                (ours[i] - exact[i]).abs() <= 2e-2 * scale,
                "row {i}: {} vs exact {}",
                ours[i],
                exact[i]
            );
        }
    }

    /// Q5_0 rows must give the values of the same matrix converted to Q8_0
    /// (the conversion is exact), block for block.
    #[test]
    fn q5_0_rows_match_their_q8_0_conversion() {
        // AVX-512 and AVX2 have a Q5_0 kernel; elsewhere the loader converts.
        let paths = paths_for(GgmlDType::Q5_0);
        expect_some(&paths);
        for path in paths {
            with_path(path, q5_0_rows_match_their_q8_0_conversion_on);
        }
    }

    fn q5_0_rows_match_their_q8_0_conversion_on() {
        // 28 blocks a row, as the model's; 30, which the kernels' steps of
        // four blocks leave a remainder of (`matvec` takes even counts).
        for cols in [896, 960] {
            q5_0_rows_of_width_match_their_q8_0_conversion(cols);
        }
    }

    fn q5_0_rows_of_width_match_their_q8_0_conversion(cols: usize) {
        let rows = 70;
        let w = Tensor::from_vec(values(rows * cols, 0), (rows, cols), &Device::Cpu).unwrap();
        let x = w.narrow(0, 5, 1).unwrap();
        let q5 = QTensor::quantize(&w, GgmlDType::Q5_0).unwrap();
        let q8 = QTensor::quantize(&q5.dequantize(&Device::Cpu).unwrap(), GgmlDType::Q8_0).unwrap();
        let a = matvec(&x, &q5).unwrap().expect("Q5_0 is ours");
        let b = matvec(&x, &q8).unwrap().expect("Q8_0 is ours");
        let exact = x
            .matmul(&q5.dequantize(&Device::Cpu).unwrap().t().unwrap())
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        let a = a.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let b = b.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let scale = exact.iter().fold(0f32, |m, v| m.max(v.abs()));
        for i in 0..rows {
            assert!(
                (a[i] - b[i]).abs() <= 2e-2 * scale,
                "row {i} of {cols} columns: {} vs q8 {}",
                a[i],
                b[i]
            );
            assert!(
                (a[i] - exact[i]).abs() <= 2e-2 * scale,
                "row {i}: {} vs exact {}",
                a[i],
                exact[i]
            );
        }
    }

    /// The K-quant kernels must compute exactly the dequantized weights
    /// times the activations as the kernel quantized them (values and
    /// scales), up to the order of the f32 sums: any slip in unpacking the
    /// nibbles, bit pairs, scales or minimums shows as a large error.
    /// Through `matvec`, so the per-superblock activations are asked for
    /// where the kernel reads them.
    #[test]
    fn k_quant_rows_match_the_plain_sum_over_quantized_activations() {
        let mut ran = 0;
        for path in cpu::supported() {
            with_path(path, || {
                for dtype in [GgmlDType::Q4K, GgmlDType::Q6K, GgmlDType::Q8_0] {
                    if applies(dtype) {
                        plain_sum_over_quantized_activations(dtype);
                        ran += 1;
                    }
                }
            });
        }
        // All three on AVX2.
        if CpuPath::Avx2.supported() {
            assert!(ran >= 3, "only {ran} kernels compared");
        }
    }

    /// `dtype`'s kernel on the active path against the exact sum.
    fn plain_sum_over_quantized_activations(dtype: GgmlDType) {
        let (rows, cols, tokens) = (40, 512, 2);
        let w = Tensor::from_vec(values(rows * cols, 1), (rows, cols), &Device::Cpu).unwrap();
        let xs = values(tokens * cols, 9);
        let x = Tensor::from_vec(xs.clone(), (tokens, cols), &Device::Cpu).unwrap();
        let found = kernel(dtype, cpu::active()).expect("applies");
        let q = QTensor::quantize(&w, dtype).unwrap();
        let ours = matvec(&x, &q).unwrap().expect("a kernel of ours");
        assert_eq!(ours.dims(), &[tokens, rows]);
        let ours = ours.flatten_all().unwrap().to_vec1::<f32>().unwrap();
        let dense = q
            .dequantize(&Device::Cpu)
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1::<f32>()
            .unwrap();
        for t in 0..tokens {
            let xq = quantize(&xs[t * cols..(t + 1) * cols], found.supers, !found.supers);
            let activations = as_kernel_reads(&xq, found.supers);
            for r in 0..rows {
                let (exact, size) = plain_dot(&dense[r * cols..(r + 1) * cols], &activations);
                let got = ours[t * rows + r] as f64;
                assert!(
                    (got - exact).abs() <= 1e-5 * size,
                    "{dtype:?} token {t} row {r}: {got} vs {exact}"
                );
            }
        }
    }

    /// The activations as a kernel multiplies them: per 32 values or per
    /// superblock, each quantized value times its scale.
    fn as_kernel_reads(xq: &QuantizedRow, supers: bool) -> Vec<f64> {
        if supers {
            assert!(!xq.supers.values.is_empty(), "not quantized per superblock");
            xq.supers
                .values
                .iter()
                .enumerate()
                .map(|(i, &v)| v as f64 * xq.supers.scales[i / SUPER] as f64)
                .collect()
        } else {
            xq.shifted
                .iter()
                .enumerate()
                .map(|(i, &v)| (v as f64 - 128.0) * xq.scales[i / BLOCK] as f64)
                .collect()
        }
    }

    /// The plain reference: Σ w·x in f64, and Σ |w·x|, the scale of the
    /// rounding an f32 sum in another order may differ by.
    fn plain_dot(w: &[f32], x: &[f64]) -> (f64, f64) {
        assert_eq!(w.len(), x.len());
        w.iter().zip(x).fold((0.0, 0.0), |(sum, size), (&w, &x)| {
            (sum + w as f64 * x, size + (w as f64 * x).abs())
        })
    }

    /// A small deterministic generator (xorshift), so the random blocks
    /// below are the same on every run.
    struct Bits(u64);

    impl Bits {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    /// The AVX2 activation quantizer must give the scalar loop's bytes and
    /// steps: it replaced `roundf` calls with a nudge and a truncation,
    /// which would round ties (k + 0.5) toward zero, or 0.49999997 up, if
    /// the nudge were a whole half; and its packing reorders lanes.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn vector_activation_quantizing_matches_the_scalar_rounding() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        // amax 127 makes the step exactly 1, so these land on ties and
        // just below them.
        let mut xs: Vec<f32> = vec![
            127.0,
            -126.5,
            0.5,
            -0.5,
            1.5,
            -2.5,
            0.499_999_97,
            -0.499_999_97,
            126.49999,
            0.0,
            -0.0,
            3.0,
        ];
        // The rest of the first block zeros, so its amax stays 127.
        xs.resize(BLOCK, 0.0);
        let mut bits = Bits(0x2545_f491_4f6c_dd1d);
        while xs.len() < 4 * BLOCK {
            let unit = (bits.next() >> 40) as f32 / (1u64 << 24) as f32;
            xs.push((unit - 0.5) * 300.0);
        }
        // A block of zeros: step 0, every byte 128.
        xs.extend([0.0; BLOCK]);
        for block in xs.chunks_exact(BLOCK) {
            let amax = block.iter().fold(0f32, |m, x| m.max(x.abs()));
            let d = amax / 127.0;
            let inverse = if d != 0.0 { 1.0 / d } else { 0.0 };
            let scalar: Vec<u8> = block
                .iter()
                .map(|x| ((x * inverse).round() as i32 + 128).clamp(1, 255) as u8)
                .collect();
            let mut vector = [0u8; BLOCK];
            // SAFETY: the CPU has AVX2 (checked above); one whole block each.
            let step = unsafe { avx2::quantize_block(block.as_ptr(), vector.as_mut_ptr()) };
            assert_eq!(step, d);
            assert_eq!(vector.as_slice(), scalar.as_slice(), "block {block:?}");
        }
        // The tie cases by value, not only as equal to the scalar loop.
        let mut first = [0u8; BLOCK];
        // SAFETY: as above.
        unsafe { avx2::quantize_block(xs.as_ptr(), first.as_mut_ptr()) };
        let signed: Vec<i32> = first[..9].iter().map(|&b| b as i32 - 128).collect();
        assert_eq!(signed, [127, -127, 1, -1, 2, -3, 0, 0, 126]);
    }

    /// The AVX2 superblock quantizer (one step for 256 values) must give
    /// the scalar loop's values and steps, ties included.
    #[cfg(target_arch = "x86_64")]
    #[test]
    fn vector_superblock_quantizing_matches_the_scalar_rounding() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        // amax 127 makes the step exactly 1: ties and values just below.
        let mut xs: Vec<f32> = vec![127.0, -126.5, 0.5, -0.5, 1.5, -2.5, 0.499_999_97, 126.49999];
        xs.resize(SUPER, 0.0);
        let mut bits = Bits(0x2545_f491_4f6c_dd1d);
        while xs.len() < 3 * SUPER {
            let unit = (bits.next() >> 40) as f32 / (1u64 << 24) as f32;
            xs.push((unit - 0.5) * 300.0);
        }
        xs.extend([0.0; SUPER]);
        let row = quantize_supers(&xs);
        for (i, block) in xs.chunks_exact(SUPER).enumerate() {
            let amax = block.iter().fold(0f32, |m, x| m.max(x.abs()));
            let d = amax / 127.0;
            let inverse = if d != 0.0 { 1.0 / d } else { 0.0 };
            let scalar: Vec<i8> = block
                .iter()
                .map(|x| ((x * inverse).round() as i32).clamp(-127, 127) as i8)
                .collect();
            assert_eq!(row.scales[i], d);
            assert_eq!(&row.values[i * SUPER..(i + 1) * SUPER], scalar.as_slice());
        }
        assert_eq!(&row.values[..8], [127, -127, 1, -1, 2, -3, 0, 126]);
        let sums: Vec<i16> = row
            .values
            .chunks_exact(16)
            .map(|g| g.iter().map(|&v| v as i16).sum())
            .collect();
        assert_eq!(row.sums16, sums);
    }

    /// The f16 block scales the random rows take in turn: zero (a block of
    /// zeros), the smallest subnormal, the largest finite value, negatives,
    /// and ordinary ones.
    const EDGE_SCALES: [f32; 8] = [0.0, 5.960_464_5e-8, 65504.0, -1.0, 1.0, 0.013, -0.37, 2.5];

    /// `rows` rows of `blocks` random blocks of `dtype`: every quantized
    /// byte random (so every nibble, bit pair, 6-bit scale and minimum, and
    /// Q6_K's signed scales, -128 included, occur), and the f16 scales from
    /// [`EDGE_SCALES`], mixed.
    fn random_rows(dtype: GgmlDType, rows: usize, blocks: usize, bits: &mut Bits) -> Vec<u8> {
        let (_, _, block_bytes) = layout_of(dtype).expect("a quantized layout");
        // Where each block keeps its f16 scales.
        let f16_offsets: &[usize] = match dtype {
            GgmlDType::Q8_0 | GgmlDType::Q5_0 => &[0],
            GgmlDType::Q4K => &[0, 2],
            GgmlDType::Q6K => &[208],
            other => panic!("no random blocks for {other:?}"),
        };
        let mut bytes: Vec<u8> = (0..rows * blocks * block_bytes)
            .map(|_| bits.next() as u8)
            .collect();
        for (i, block) in bytes.chunks_exact_mut(block_bytes).enumerate() {
            for (j, &at) in f16_offsets.iter().enumerate() {
                let scale = EDGE_SCALES[(i + 3 * j + (bits.next() % 3) as usize) % 8];
                // Q4_K's minimum is subtracted: keep it non-negative, as
                // quantizers write it, but let it be zero or huge.
                let scale = if j == 1 { scale.abs() } else { scale };
                block[at..at + 2].copy_from_slice(&half::f16::from_f32(scale).to_le_bytes());
            }
        }
        bytes
    }

    /// Activations with a superblock of zeros (scale 0), one value far
    /// above the rest, and the rest random in [-1, 1].
    fn edge_activations(cols: usize, bits: &mut Bits) -> Vec<f32> {
        let mut xs: Vec<f32> = (0..cols)
            .map(|_| (bits.next() % 2001) as f32 / 1000.0 - 1.0)
            .collect();
        xs[..SUPER.min(cols)].fill(0.0);
        if cols > SUPER {
            xs[SUPER + 7] = -300.0;
        }
        xs
    }

    /// `dtype`'s blocks as candle dequantizes them (`to_float`, through
    /// [`layout_of`]): the plain reference's weights.
    fn dequantize_blocks(dtype: GgmlDType, bytes: &[u8], values: usize) -> Vec<f32> {
        let (unpack, _, _) = layout_of(dtype).expect("a quantized layout");
        // `unpack` wants the blocks aligned as candle's structs are.
        let mut aligned = vec![0u64; bytes.len().div_ceil(8)];
        // SAFETY: `aligned` holds at least `bytes.len()` bytes.
        let view = unsafe {
            std::slice::from_raw_parts_mut(aligned.as_mut_ptr().cast::<u8>(), bytes.len())
        };
        view.copy_from_slice(bytes);
        let mut out = vec![0f32; values];
        assert!(unpack(view, &mut out), "{dtype:?} blocks did not unpack");
        out
    }

    /// Every kernel of every path this CPU runs, called directly on random
    /// blocks with edge scales (see [`random_rows`], [`edge_activations`]),
    /// against the plain reference: the blocks dequantized by candle, times
    /// the activations as the kernel quantized them, in f64. Guards the bit
    /// unpacking of each layout (a swapped nibble, a misplaced scale or
    /// fifth bit, an i16 overflow in `vpmaddubsw` at the extreme values)
    /// on the AVX2 path as much as the AVX-512 one.
    #[test]
    fn every_kernel_matches_the_plain_reference_on_random_blocks() {
        let mut ran = Vec::new();
        for path in cpu::supported() {
            for dtype in [
                GgmlDType::Q8_0,
                GgmlDType::Q5_0,
                GgmlDType::Q4K,
                GgmlDType::Q6K,
            ] {
                if let Some(found) = kernel(dtype, path) {
                    kernel_matches_the_plain_reference(path, dtype, found);
                    ran.push((path, dtype));
                }
            }
        }
        if CpuPath::Avx2.supported() {
            for dtype in [
                GgmlDType::Q8_0,
                GgmlDType::Q5_0,
                GgmlDType::Q4K,
                GgmlDType::Q6K,
            ] {
                assert!(
                    ran.contains(&(CpuPath::Avx2, dtype)),
                    "no AVX2 kernel for {dtype:?} ran: {ran:?}"
                );
            }
        }
    }

    fn kernel_matches_the_plain_reference(path: CpuPath, dtype: GgmlDType, found: Kernel) {
        let mut bits = Bits(0x9e37_79b9_7f4a_7c15 ^ dtype as u64);
        // 4864 values: ffn_down's rows, 19 superblocks or 152 blocks.
        let (rows, cols) = (24, 4864);
        let blocks = cols / found.block_values;
        let bytes = random_rows(dtype, rows, blocks, &mut bits);
        let dense = dequantize_blocks(dtype, &bytes, rows * cols);
        let row_bytes = blocks * found.block_bytes;
        for salt in 0..3 {
            let xs = edge_activations(cols, &mut bits);
            let xs = if salt == 2 { vec![0.0; cols] } else { xs };
            let xq = quantize(&xs, found.supers, !found.supers);
            let activations = as_kernel_reads(&xq, found.supers);
            // Every other output, so the stride is checked too.
            let mut out = vec![f32::NAN; 2 * rows];
            // SAFETY: `kernel` gave these rows for this path, which the CPU
            // supports; the rows are whole blocks of `cols` values and `xq`
            // is quantized as the kernel reads it.
            unsafe { (found.rows)(&bytes, row_bytes, &xq, &mut out, 2) };
            assert!(out.iter().skip(1).step_by(2).all(|y| y.is_nan()));
            for r in 0..rows {
                let got = out[2 * r];
                let (exact, size) = plain_dot(&dense[r * cols..(r + 1) * cols], &activations);
                assert!(
                    (got as f64 - exact).abs() <= 1e-5 * size + 1e-30,
                    "{dtype:?} on {path} row {r} activations {salt}: {got} vs {exact}"
                );
            }
        }
    }

    /// The generic path runs none of our kernels, whatever the CPU.
    #[test]
    fn the_generic_path_leaves_every_layout_to_candle() {
        with_path(CpuPath::Generic, || {
            let w = Tensor::zeros((4, 256), candle_core::DType::F32, &Device::Cpu).unwrap();
            let x = Tensor::zeros((1, 256), candle_core::DType::F32, &Device::Cpu).unwrap();
            for dtype in [
                GgmlDType::Q8_0,
                GgmlDType::Q4K,
                GgmlDType::Q6K,
                GgmlDType::Q5_0,
            ] {
                assert!(!applies(dtype), "{dtype:?}");
                let q = QTensor::quantize(&w, dtype).unwrap();
                assert!(matvec(&x, &q).unwrap().is_none(), "{dtype:?}");
            }
            assert_eq!(name(), "candle");
        });
    }

    #[test]
    fn other_layouts_and_shapes_are_left_to_candle() {
        let w = Tensor::zeros((4, 64), candle_core::DType::F32, &Device::Cpu).unwrap();
        let x = Tensor::zeros((2, 64), candle_core::DType::F32, &Device::Cpu).unwrap();
        let q4 = QTensor::quantize(&w, GgmlDType::Q4_1).unwrap();
        assert!(matvec(&x.narrow(0, 0, 1).unwrap(), &q4).unwrap().is_none());
        let q8 = QTensor::quantize(&w, GgmlDType::Q8_0).unwrap();
        let narrow = Tensor::zeros((1, 32), candle_core::DType::F32, &Device::Cpu).unwrap();
        assert!(matvec(&narrow, &q8).unwrap().is_none());
    }
}
