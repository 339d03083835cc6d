//! Decode's matmul for Q8_0 weights: one token's activations times every
//! row of a matrix, the step decode spends most of its time in. candle's
//! Q8_0 dot product is a 256-bit AVX2 loop that converts two f16 scales per
//! block of 32 values; on CPUs with AVX-512 VNNI this one takes two blocks
//! per 512-bit multiply-add (`vpdpbusd`) and keeps the scale products in
//! vector lanes. Rows are split over candle's barrier pool, as its own
//! kernels are.

use std::sync::Mutex;

use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{Device, Tensor};

/// Values per Q8_0 block, and its bytes: an f16 scale and 32 signed bytes.
const BLOCK: usize = 32;
const BLOCK_BYTES: usize = 34;

/// Output rows per task handed to the pool.
const ROWS_PER_TASK: usize = 64;

/// Whether this CPU runs [`matvec_q8_0`].
pub fn available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512dq")
            && is_x86_feature_detected!("avx512vnni")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// One token's activations quantized as Q8_0 does, laid out for the
/// kernel: each value offset by 128 into an unsigned byte (`vpdpbusd`
/// multiplies unsigned by signed bytes), and each block's scale as f32.
struct QuantizedRow {
    shifted: Vec<u8>,
    scales: Vec<f32>,
}

/// Quantizes like candle's `BlockQ8_0::from_float` (scale amax / 127 kept
/// as f16, values rounded to the nearest step), so results match its
/// kernel's up to the order of the sums.
fn quantize(xs: &[f32]) -> QuantizedRow {
    let mut shifted = Vec::with_capacity(xs.len());
    let mut scales = Vec::with_capacity(xs.len() / BLOCK);
    for block in xs.chunks_exact(BLOCK) {
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
    QuantizedRow { shifted, scales }
}

/// `x · qᵀ` for one row `x` (`[1, cols]`) and a Q8_0 matrix `q`
/// (`[rows, cols]`). `None` when this does not apply (another layout, a
/// CPU without AVX-512 VNNI, a width that is not whole blocks), leaving the
/// caller to candle's kernels.
pub fn matvec_q8_0(x: &Tensor, q: &QTensor) -> candle_core::Result<Option<Tensor>> {
    if q.dtype() != GgmlDType::Q8_0 || !available() {
        return Ok(None);
    }
    let (rows, cols) = q.shape().dims2()?;
    let (one, x_cols) = x.dims2()?;
    if one != 1 || x_cols != cols || !cols.is_multiple_of(2 * BLOCK) {
        return Ok(None);
    }
    let data = q.data()?;
    let row_bytes = cols / BLOCK * BLOCK_BYTES;
    if data.len() != rows * row_bytes {
        return Ok(None);
    }
    let xs = x.flatten_all()?.to_vec1::<f32>()?;
    let xq = quantize(&xs);
    let mut out = vec![0f32; rows];
    let tasks: Vec<Mutex<(&mut [f32], &[u8])>> = out
        .chunks_mut(ROWS_PER_TASK)
        .zip(data.chunks(ROWS_PER_TASK * row_bytes))
        .map(Mutex::new)
        .collect();
    candle_core::utils::barrier_pool().execute_chunked(tasks.len(), |range| {
        for task in &tasks[range] {
            // A poisoned lock means another task panicked; the pool passes
            // that panic on, so this one has nothing left to do.
            let Ok(mut task) = task.lock() else { return };
            let (dst, bytes) = &mut *task;
            for (y, row) in dst.iter_mut().zip(bytes.chunks_exact(row_bytes)) {
                // SAFETY: `available()` checked the CPU's features; the row
                // holds `cols / 32` whole blocks and `xq` as many.
                *y = unsafe { dot_avx512_vnni(row, &xq) };
            }
        }
    });
    drop(tasks);
    Ok(Some(Tensor::from_vec(out, (1, rows), &Device::Cpu)?))
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

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::quantized::QMatMul;
    use candle_core::Module;

    /// Our kernel against candle's Q8_0 kernel (which quantizes the
    /// activations the same way) and against the exact product of the
    /// dequantized weights.
    #[test]
    fn matches_candle_and_the_dequantized_product() {
        if !available() {
            eprintln!("no AVX-512 VNNI here: the kernel is not used, nothing to compare");
            return;
        }
        let (rows, cols) = (200, 896);
        let values = |n: usize, salt: usize| -> Vec<f32> {
            (0..n)
                .map(|i| (((i + salt) * 2654435761usize) % 1000) as f32 / 500.0 - 1.0)
                .collect()
        };
        let w = Tensor::from_vec(values(rows * cols, 0), (rows, cols), &Device::Cpu).unwrap();
        let x = Tensor::from_vec(values(cols, 3), (1, cols), &Device::Cpu).unwrap();
        let q = QTensor::quantize(&w, GgmlDType::Q8_0).unwrap();
        let ours = matvec_q8_0(&x, &q).unwrap().expect("a Q8_0 matrix");
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

    #[test]
    fn other_layouts_and_shapes_are_left_to_candle() {
        let w = Tensor::zeros((4, 64), candle_core::DType::F32, &Device::Cpu).unwrap();
        let x = Tensor::zeros((2, 64), candle_core::DType::F32, &Device::Cpu).unwrap();
        let q4 = QTensor::quantize(&w, GgmlDType::Q4_0).unwrap();
        assert!(matvec_q8_0(&x.narrow(0, 0, 1).unwrap(), &q4)
            .unwrap()
            .is_none());
        let q8 = QTensor::quantize(&w, GgmlDType::Q8_0).unwrap();
        assert!(matvec_q8_0(&x, &q8).unwrap().is_none());
    }
}
