//! Prefill's unpacking on AVX2: the f32 bands of [`super::dequant`] unpack
//! a band of weight rows before every `gemm`, and candle's `to_float` does
//! that one value at a time (a shift, a mask and a conversion each, built
//! for the baseline x86-64 target). These do 32 values per step in
//! registers, for the four layouts llama.cpp's Q4_K_M and Q8_0 files hold,
//! with the same bit layouts as the decode kernels in
//! [`super::matvec`]'s `avx2` module. Each gives the same f32 values as
//! `to_float`, bit for bit where the arithmetic is the same (see the
//! tests).

use candle_core::quantized::GgmlDType;

use super::layout::Unpack;

/// The AVX2 unpacking function of `dtype`, where there is one and the CPU
/// has AVX2, FMA and F16C.
pub(super) fn avx2_unpack(dtype: GgmlDType) -> Option<Unpack> {
    if !super::cpu::CpuPath::Avx2.supported() {
        return None;
    }
    imp::unpack_of(dtype)
}

#[cfg(not(target_arch = "x86_64"))]
mod imp {
    use super::*;

    pub(super) fn unpack_of(_dtype: GgmlDType) -> Option<Unpack> {
        None
    }
}

#[cfg(target_arch = "x86_64")]
mod imp {
    use std::arch::x86_64::*;

    use super::*;
    use crate::model::matvec::{f16_at, q4k_scales_mins};

    /// Bytes per block: Q8_0, Q5_0 (32 values), Q4_K, Q6_K (256).
    const Q8_0_BYTES: usize = 34;
    const Q5_0_BYTES: usize = 22;
    const Q4K_BYTES: usize = 144;
    const Q6K_BYTES: usize = 210;

    pub(super) fn unpack_of(dtype: GgmlDType) -> Option<Unpack> {
        Some(match dtype {
            GgmlDType::Q8_0 => q8_0,
            GgmlDType::Q5_0 => q5_0,
            GgmlDType::Q4K => q4k,
            GgmlDType::Q6K => q6k,
            _ => return None,
        })
    }

    /// Whether `bytes` are whole blocks of `block_bytes` filling `out`
    /// with `block_values` each: the unpackers' one precondition.
    fn fits(bytes: &[u8], out: &[f32], block_bytes: usize, block_values: usize) -> bool {
        bytes.len().is_multiple_of(block_bytes)
            && bytes.len() / block_bytes * block_values == out.len()
            && super::super::cpu::CpuPath::Avx2.supported()
    }

    fn q8_0(bytes: &[u8], out: &mut [f32]) -> bool {
        if !fits(bytes, out, Q8_0_BYTES, 32) {
            return false;
        }
        // SAFETY: the CPU has AVX2, FMA and F16C and the sizes fit, as
        // `fits` checked.
        unsafe { q8_0_avx2(bytes, out) };
        true
    }

    fn q5_0(bytes: &[u8], out: &mut [f32]) -> bool {
        if !fits(bytes, out, Q5_0_BYTES, 32) {
            return false;
        }
        // SAFETY: as in `q8_0`.
        unsafe { q5_0_avx2(bytes, out) };
        true
    }

    fn q4k(bytes: &[u8], out: &mut [f32]) -> bool {
        if !fits(bytes, out, Q4K_BYTES, 256) {
            return false;
        }
        // SAFETY: as in `q8_0`.
        unsafe { q4k_avx2(bytes, out) };
        true
    }

    fn q6k(bytes: &[u8], out: &mut [f32]) -> bool {
        if !fits(bytes, out, Q6K_BYTES, 256) {
            return false;
        }
        // SAFETY: as in `q8_0`.
        unsafe { q6k_avx2(bytes, out) };
        true
    }

    /// Stores 32 byte values `q` (signed) at `out` as `q·scale + bias`, the
    /// first 16 with `a`'s scale and bias, the last 16 with `b`'s.
    #[target_feature(enable = "avx2,fma,f16c")]
    unsafe fn store32(out: *mut f32, q: __m256i, a: (__m256, __m256), b: (__m256, __m256)) {
        let halves = [_mm256_castsi256_si128(q), _mm256_extracti128_si256::<1>(q)];
        for (h, half) in halves.into_iter().enumerate() {
            let (scale, bias) = if h == 0 { a } else { b };
            for e in 0..2 {
                let eight = if e == 0 {
                    half
                } else {
                    _mm_srli_si128::<8>(half)
                };
                let v = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(eight));
                _mm256_storeu_ps(out.add(16 * h + 8 * e), _mm256_fmadd_ps(v, scale, bias));
            }
        }
    }

    #[target_feature(enable = "avx2,fma,f16c")]
    unsafe fn q8_0_avx2(bytes: &[u8], out: &mut [f32]) {
        let zero = _mm256_setzero_ps();
        for (b, block) in bytes.chunks_exact(Q8_0_BYTES).enumerate() {
            let p = block.as_ptr();
            let d = _mm256_set1_ps(f16_at(p));
            let q = _mm256_loadu_si256(p.add(2).cast());
            store32(out.as_mut_ptr().add(32 * b), q, (d, zero), (d, zero));
        }
    }

    #[target_feature(enable = "avx2,fma,f16c")]
    unsafe fn q5_0_avx2(bytes: &[u8], out: &mut [f32]) {
        let zero = _mm256_setzero_ps();
        for (b, block) in bytes.chunks_exact(Q5_0_BYTES).enumerate() {
            let p = block.as_ptr();
            let d = _mm256_set1_ps(f16_at(p));
            let q = crate::model::matvec::widen_q5_0_avx2(p);
            store32(out.as_mut_ptr().add(32 * b), q, (d, zero), (d, zero));
        }
    }

    #[target_feature(enable = "avx2,fma,f16c")]
    unsafe fn q4k_avx2(bytes: &[u8], out: &mut [f32]) {
        let low_mask = _mm256_set1_epi8(0x0F);
        for (sb, block) in bytes.chunks_exact(Q4K_BYTES).enumerate() {
            let p = block.as_ptr();
            let d = f16_at(p);
            let dmin = f16_at(p.add(2));
            let (scales, mins) = q4k_scales_mins(p.add(4));
            let (scales, mins) = (scales.to_le_bytes(), mins.to_le_bytes());
            // Sub-block j: d·scale·q − dmin·min.
            let sub = |j: usize| {
                let scale = _mm256_set1_ps(d * scales[j] as f32);
                let bias = _mm256_set1_ps(-dmin * mins[j] as f32);
                (scale, bias)
            };
            let o = out.as_mut_ptr().add(256 * sb);
            for c in 0..4 {
                let nibbles = _mm256_loadu_si256(p.add(16 + 32 * c).cast());
                let low = _mm256_and_si256(nibbles, low_mask);
                let high = _mm256_and_si256(_mm256_srli_epi16::<4>(nibbles), low_mask);
                let (a, b) = (sub(2 * c), sub(2 * c + 1));
                store32(o.add(64 * c), low, a, a);
                store32(o.add(64 * c + 32), high, b, b);
            }
        }
    }

    #[target_feature(enable = "avx2,fma,f16c")]
    unsafe fn q6k_avx2(bytes: &[u8], out: &mut [f32]) {
        let low_mask = _mm256_set1_epi8(0x0F);
        let pair_mask = _mm256_set1_epi8(3);
        let thirty_two = _mm256_set1_epi8(32);
        let zero = _mm256_setzero_ps();
        for (sb, block) in bytes.chunks_exact(Q6K_BYTES).enumerate() {
            let p = block.as_ptr();
            let (ql, qh, sc) = (p, p.add(128), p.add(192));
            let d = f16_at(p.add(208));
            let o = out.as_mut_ptr().add(256 * sb);
            for half in 0..2 {
                let low_a = _mm256_loadu_si256(ql.add(64 * half).cast());
                let low_b = _mm256_loadu_si256(ql.add(64 * half + 32).cast());
                let h = _mm256_loadu_si256(qh.add(32 * half).cast());
                let pair =
                    |bits: __m256i| _mm256_slli_epi16::<4>(_mm256_and_si256(bits, pair_mask));
                let q = [
                    _mm256_or_si256(_mm256_and_si256(low_a, low_mask), pair(h)),
                    _mm256_or_si256(
                        _mm256_and_si256(low_b, low_mask),
                        pair(_mm256_srli_epi16::<2>(h)),
                    ),
                    _mm256_or_si256(
                        _mm256_and_si256(_mm256_srli_epi16::<4>(low_a), low_mask),
                        pair(_mm256_srli_epi16::<4>(h)),
                    ),
                    _mm256_or_si256(
                        _mm256_and_si256(_mm256_srli_epi16::<4>(low_b), low_mask),
                        pair(_mm256_srli_epi16::<6>(h)),
                    ),
                ];
                for (c, q) in q.into_iter().enumerate() {
                    let g = 8 * half + 2 * c;
                    let a = _mm256_set1_ps(d * *sc.add(g).cast::<i8>() as f32);
                    let b = _mm256_set1_ps(d * *sc.add(g + 1).cast::<i8>() as f32);
                    store32(
                        o.add(128 * half + 32 * c),
                        _mm256_sub_epi8(q, thirty_two),
                        (a, zero),
                        (b, zero),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::layout::layout_of;
    use super::*;

    /// Each AVX2 unpacker against candle's `to_float` on random bytes (every
    /// nibble, bit pair and 6-bit scale) with ordinary f16 scales: a swapped
    /// nibble or a scale taken from the wrong sub-block would put wrong
    /// weights under every prefill on the AVX2 path.
    #[test]
    fn avx2_unpacking_matches_candles() {
        if !super::super::cpu::CpuPath::Avx2.supported() {
            return;
        }
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for dtype in [
            GgmlDType::Q8_0,
            GgmlDType::Q5_0,
            GgmlDType::Q4K,
            GgmlDType::Q6K,
        ] {
            let ours = avx2_unpack(dtype).expect("an AVX2 unpacker");
            let (theirs, values, bytes_per) = layout_of(dtype).unwrap();
            let blocks = 24;
            // Aligned as candle's block structs want.
            let mut words = vec![0u64; (blocks * bytes_per).div_ceil(8)];
            // SAFETY: `words` holds at least `blocks * bytes_per` bytes.
            let bytes = unsafe {
                std::slice::from_raw_parts_mut(words.as_mut_ptr().cast::<u8>(), blocks * bytes_per)
            };
            for b in bytes.iter_mut() {
                *b = next() as u8;
            }
            let f16_at: &[usize] = match dtype {
                GgmlDType::Q4K => &[0, 2],
                GgmlDType::Q6K => &[208],
                _ => &[0],
            };
            for (i, block) in bytes.chunks_exact_mut(bytes_per).enumerate() {
                for &at in f16_at {
                    let scale = [0.0f32, 0.5, -1.25, 3.0e-3, 700.0][(i + at) % 5];
                    block[at..at + 2].copy_from_slice(&half::f16::from_f32(scale).to_le_bytes());
                }
            }
            let mut a = vec![0f32; blocks * values];
            let mut b = vec![1f32; blocks * values];
            assert!(ours(bytes, &mut a), "{dtype:?}");
            assert!(theirs(bytes, &mut b), "{dtype:?}");
            for (block, (xs, ys)) in a.chunks(values).zip(b.chunks(values)).enumerate() {
                // FMA rounds once where to_float rounds twice, which shows
                // where a scale and a minimum nearly cancel: bound the
                // difference by the block's largest value.
                let size = ys.iter().fold(1f32, |m, y| m.max(y.abs()));
                for (i, (x, y)) in xs.iter().zip(ys).enumerate() {
                    assert!(
                        (x - y).abs() <= 1e-6 * size,
                        "{dtype:?} block {block} value {i}: {x} vs {y}"
                    );
                }
            }
            // A size that is not whole blocks is refused, not read past.
            assert!(!ours(&bytes[1..], &mut a[..(blocks - 1) * values]));
        }
    }
}
