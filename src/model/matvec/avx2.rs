//! Decode's dot products on AVX2 + FMA + F16C, the way llama.cpp's
//! `ggml_vec_dot_*_q8_*` do them: the activations are quantized once per
//! token (per 32 values for Q8_0 and Q5_0, per 256 with sums of each 16 for
//! the K-quants, see [`super::SuperRow`]), each weight row is read once, as
//! stored, and `vpmaddubsw` (unsigned by signed bytes into i16 pairs) then
//! `vpmaddwd` (into i32) do the multiplying. The K-quant kernels multiply by
//! the 6-bit sub-block scales in the integer domain and convert to f32 once
//! per superblock of 256 values (the first Q4_K kernel here converted
//! every 32, at 0.7x candle's). They are selected although candle's Q4_K
//! computes faster from cache: candle's repacks the matrix into tiles a
//! third larger, kept beside it, which costs memory and, in decode, where
//! each weight comes from DRAM once per token, bandwidth.

use std::arch::x86_64::*;

use super::{
    f16_at, q4k_scales_mins, QuantizedRow, BLOCK, BLOCK_BYTES, Q4K_BYTES, Q5_0_BLOCK_BYTES,
};
use super::{Q6K_BYTES, SUPER};

each_row!(#[target_feature(enable = "avx2,fma,f16c")] pub(super) fn rows_q8_0 = dot_q8_0);
each_row!(#[target_feature(enable = "avx2,fma,f16c")] pub(super) fn rows_q5_0 = dot_q5_0);
each_row!(#[target_feature(enable = "avx2,fma,f16c")] pub(super) fn rows_q4k = dot_q4k);
each_row!(#[target_feature(enable = "avx2,fma,f16c")] pub(super) fn rows_q6k = dot_q6k);

/// The sum of a vector's eight lanes.
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn hsum256(v: __m256) -> f32 {
    let quad = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps::<1>(v));
    hsum128(quad)
}

/// The sum of a vector's four lanes.
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn hsum128(quad: __m128) -> f32 {
    let pair = _mm_add_ps(quad, _mm_movehl_ps(quad, quad));
    _mm_cvtss_f32(_mm_add_ss(pair, _mm_movehdup_ps(pair)))
}

/// 32 signed bytes of `w` times 32 signed bytes of `x`, summed in fours
/// into eight i32 lanes. `vpmaddubsw` multiplies unsigned by signed bytes,
/// so `w`'s sign moves onto `x` (llama.cpp's trick); no pair sum overflows
/// i16, as the activations lie in [-127, 127].
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn dot_i8(w: __m256i, x: __m256i) -> __m256i {
    let pairs = _mm256_maddubs_epi16(_mm256_sign_epi8(w, w), _mm256_sign_epi8(x, w));
    _mm256_madd_epi16(pairs, _mm256_set1_epi16(1))
}

/// One Q8_0 row, block by block, read once; the activations unshifted
/// back to signed bytes.
///
/// # Safety
/// The CPU must have AVX2, FMA and F16C; `row` must hold `x.scales.len()`
/// Q8_0 blocks and `x.shifted` 32 bytes per block.
#[target_feature(enable = "avx2,fma,f16c")]
#[inline]
unsafe fn dot_q8_0(row: &[u8], x: &QuantizedRow) -> f32 {
    debug_assert_eq!(row.len(), x.scales.len() * BLOCK_BYTES);
    let flip = _mm256_set1_epi8(-128);
    let block = |b: usize| {
        let p = row.as_ptr().add(b * BLOCK_BYTES);
        let w = _mm256_loadu_si256(p.add(2).cast());
        let xv = _mm256_xor_si256(
            _mm256_loadu_si256(x.shifted.as_ptr().add(b * BLOCK).cast()),
            flip,
        );
        let scale = _mm256_set1_ps(f16_at(p) * *x.scales.get_unchecked(b));
        (_mm256_cvtepi32_ps(dot_i8(w, xv)), scale)
    };
    // Two blocks a step into two sums: one chain of multiply-adds waits on
    // each one's latency, which a row of 28 blocks (896 values) feels.
    let (mut even, mut odd) = (_mm256_setzero_ps(), _mm256_setzero_ps());
    let blocks = x.scales.len();
    let mut b = 0;
    while b + 1 < blocks {
        let (products, scale) = block(b);
        even = _mm256_fmadd_ps(products, scale, even);
        let (products, scale) = block(b + 1);
        odd = _mm256_fmadd_ps(products, scale, odd);
        b += 2;
    }
    if b < blocks {
        let (products, scale) = block(b);
        even = _mm256_fmadd_ps(products, scale, even);
    }
    hsum256(_mm256_add_ps(even, odd))
}

/// One Q5_0 row (an f16 scale, 32 fifth bits, 16 bytes of nibbles per 32
/// values; each value a nibble plus 16 times its bit, minus 16), widened in
/// registers so the matrix stays at 22 bytes per 32 values instead of the
/// 34 of its Q8_0 conversion. The values are kept unsigned (0-31) as
/// `vpmaddubsw`'s unsigned operand, so no `vpsignb` moves signs as in
/// [`dot_q8_0`] (the first kernel here widened to signed bytes, paid two
/// per block and summed in one chain of multiply-adds: it took 17-22% more
/// of Q4_K_M decode's time, measured as its share of `perf` samples against
/// the Q8_0 output matrix's in the same run); the 16 comes off as 16 times
/// the activations' sum of each 32. No pair overflows i16: 2·31·127.
///
/// Decode spends about half its time here on a Q4_K_M file, and unlike
/// [`dot_q8_0`] this kernel is bound by instructions, not memory, so four
/// blocks go a step: their eight-lane integer sums are folded by three
/// `vphaddd` into one vector of four blocks' halves, converted and scaled
/// once, with the four scales (and the offsets' weights) converted from
/// f16 together, where one block a step paid a conversion, a broadcast and
/// a multiply-add per block and the offsets in scalars.
///
/// # Safety
/// As [`dot_q8_0`], with `row` in Q5_0 blocks and `x.sums32` one sum per
/// block.
#[target_feature(enable = "avx2,fma,f16c")]
#[inline]
unsafe fn dot_q5_0(row: &[u8], x: &QuantizedRow) -> f32 {
    debug_assert_eq!(row.len(), x.scales.len() * Q5_0_BLOCK_BYTES);
    debug_assert_eq!(x.sums32.len(), x.scales.len());
    let flip = _mm256_set1_epi8(-128);
    let ones = _mm256_set1_epi16(1);
    // Block `b`'s products in eight i32 lanes.
    let products = |b: usize| {
        let w = widen_q5_0_unsigned(row.as_ptr().add(b * Q5_0_BLOCK_BYTES));
        let xv = _mm256_xor_si256(
            _mm256_loadu_si256(x.shifted.as_ptr().add(b * BLOCK).cast()),
            flip,
        );
        _mm256_madd_epi16(_mm256_maddubs_epi16(w, xv), ones)
    };
    let scale_bits = |b: usize| {
        let p = row.as_ptr().add(b * Q5_0_BLOCK_BYTES);
        u16::from_le_bytes([*p, *p.add(1)]) as i16
    };
    let mut sum = _mm256_setzero_ps();
    let mut offsets = _mm_setzero_ps();
    let blocks = x.scales.len();
    let mut b = 0;
    while b + 4 <= blocks {
        // Lanes 0-3 the low halves' sums of blocks b..b+4, lanes 4-7 the
        // high halves'.
        let folded = _mm256_hadd_epi32(
            _mm256_hadd_epi32(products(b), products(b + 1)),
            _mm256_hadd_epi32(products(b + 2), products(b + 3)),
        );
        let d = _mm_mul_ps(
            _mm_cvtph_ps(_mm_set_epi16(
                0,
                0,
                0,
                0,
                scale_bits(b + 3),
                scale_bits(b + 2),
                scale_bits(b + 1),
                scale_bits(b),
            )),
            _mm_loadu_ps(x.scales.as_ptr().add(b)),
        );
        sum = _mm256_fmadd_ps(_mm256_cvtepi32_ps(folded), _mm256_set_m128(d, d), sum);
        offsets = _mm_fmadd_ps(d, _mm_loadu_ps(x.sums32.as_ptr().add(b)), offsets);
        b += 4;
    }
    let mut tail = 0f32;
    while b < blocks {
        let d = f16_at(row.as_ptr().add(b * Q5_0_BLOCK_BYTES)) * *x.scales.get_unchecked(b);
        sum = _mm256_fmadd_ps(_mm256_cvtepi32_ps(products(b)), _mm256_set1_ps(d), sum);
        tail += d * *x.sums32.get_unchecked(b);
        b += 1;
    }
    hsum256(sum) - 16.0 * (hsum128(offsets) + tail)
}

/// One Q5_0 block's 32 low nibbles, in column order (0-15 the low nibbles
/// of its 16 bytes, 16-31 the high ones), and a mask of 0xFF in each byte
/// whose fifth bit (of the block's 32-bit high word) is set.
///
/// # Safety
/// The CPU must have AVX2; `p` must point at a whole block.
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn q5_0_parts(p: *const u8) -> (__m256i, __m256i) {
    let low_mask = _mm256_set1_epi8(0x0F);
    // Byte i of the spread word takes bit i of the 32: each 64-bit lane
    // repeats one of its four bytes, ORed with all bits but the one wanted
    // (llama.cpp's `bytes_from_bits_32`).
    let spread = _mm256_set_epi64x(
        0x0303_0303_0303_0303,
        0x0202_0202_0202_0202,
        0x0101_0101_0101_0101,
        0,
    );
    let bit_mask = _mm256_set1_epi64x(0x7fbf_dfef_f7fb_fdfe);
    let high = std::ptr::read_unaligned(p.add(2).cast::<u32>());
    let nibbles = _mm_loadu_si128(p.add(6).cast());
    let values = _mm256_and_si256(
        _mm256_inserti128_si256::<1>(
            _mm256_castsi128_si256(nibbles),
            _mm_srli_epi16::<4>(nibbles),
        ),
        low_mask,
    );
    let bits = _mm256_cmpeq_epi8(
        _mm256_or_si256(
            _mm256_shuffle_epi8(_mm256_set1_epi32(high as i32), spread),
            bit_mask,
        ),
        _mm256_set1_epi8(-1),
    );
    (values, bits)
}

/// One Q5_0 block's 32 values as unsigned bytes 0-31 (a nibble plus 16
/// times its fifth bit), without the −16.
///
/// # Safety
/// As [`q5_0_parts`].
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn widen_q5_0_unsigned(p: *const u8) -> __m256i {
    let (values, bits) = q5_0_parts(p);
    _mm256_or_si256(values, _mm256_and_si256(bits, _mm256_set1_epi8(16)))
}

/// One Q5_0 block's 32 values (a low nibble and a bit of the 32-bit high
/// word, minus 16) as signed bytes, in column order.
///
/// # Safety
/// As [`q5_0_parts`].
#[target_feature(enable = "avx2,fma,f16c")]
pub(in crate::model) unsafe fn widen_q5_0(p: *const u8) -> __m256i {
    let (values, bits) = q5_0_parts(p);
    // Without its fifth bit a value is nibble − 16, which as a signed byte
    // is the nibble with the high four bits set; with it, the nibble.
    _mm256_or_si256(
        values,
        _mm256_andnot_si256(bits, _mm256_set1_epi8(0xF0u8 as i8)),
    )
}

/// The `vpshufb` control that copies 16-bit lane `i` (of eight) of each
/// 128-bit half into every lane of it.
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn word_lane(i: i16) -> __m256i {
    _mm256_set1_epi16(((2 * i + 1) << 8) | (2 * i))
}

/// One Q4_K row against activations quantized per superblock: each value
/// is `d·scale·q − dmin·min` over sub-blocks of 32, `q` a nibble, so the
/// nibbles are `vpmaddubsw`'s unsigned operand (at most 2·15·127 per pair),
/// the pairs are weighted by the sub-block's scale with `vpmaddwd`, and
/// the whole superblock is summed in i32 before one conversion; the
/// minimums come off through the activations' sums of 32.
///
/// # Safety
/// As [`dot_q8_0`], with `row` in Q4_K superblocks and `x.supers` quantized
/// for as many.
#[target_feature(enable = "avx2,fma,f16c")]
#[inline]
unsafe fn dot_q4k(row: &[u8], x: &QuantizedRow) -> f32 {
    let k = &x.supers;
    debug_assert_eq!(row.len(), k.scales.len() * Q4K_BYTES);
    let low_mask = _mm256_set1_epi8(0x0F);
    let mut acc = _mm256_setzero_ps();
    let mut minimums = _mm_setzero_ps();
    for (sb, &dx) in k.scales.iter().enumerate() {
        let p = row.as_ptr().add(sb * Q4K_BYTES);
        let d = f16_at(p) * dx;
        let dmin = f16_at(p.add(2)) * dx;
        let (scales, mins) = q4k_scales_mins(p.add(4));
        // Eight scales in the low half, eight minimums in the high, as i16.
        let both = _mm256_cvtepu8_epi16(_mm_set_epi64x(mins as i64, scales as i64));
        let sums16 = _mm256_loadu_si256(k.sums16.as_ptr().add(sb * SUPER / 16).cast());
        let sums32 = _mm_hadd_epi16(
            _mm256_castsi256_si128(sums16),
            _mm256_extracti128_si256::<1>(sums16),
        );
        let weighted = _mm_madd_epi16(_mm256_extracti128_si256::<1>(both), sums32);
        minimums = _mm_fmadd_ps(_mm_set1_ps(dmin), _mm_cvtepi32_ps(weighted), minimums);
        let scales128 = _mm256_castsi256_si128(both);
        let scales = _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(scales128), scales128);
        let qs = p.add(16);
        let xs = k.values.as_ptr().add(sb * SUPER);
        let mut sum = _mm256_setzero_si256();
        for c in 0..4 {
            let nibbles = _mm256_loadu_si256(qs.add(32 * c).cast());
            // The low nibbles are sub-block 2c, the high ones 2c + 1.
            let low = _mm256_and_si256(nibbles, low_mask);
            let high = _mm256_and_si256(_mm256_srli_epi16::<4>(nibbles), low_mask);
            let xa = _mm256_loadu_si256(xs.add(64 * c).cast());
            let xb = _mm256_loadu_si256(xs.add(64 * c + 32).cast());
            let sa = _mm256_shuffle_epi8(scales, word_lane(2 * c as i16));
            let sb = _mm256_shuffle_epi8(scales, word_lane(2 * c as i16 + 1));
            let pa = _mm256_madd_epi16(sa, _mm256_maddubs_epi16(low, xa));
            let pb = _mm256_madd_epi16(sb, _mm256_maddubs_epi16(high, xb));
            sum = _mm256_add_epi32(sum, _mm256_add_epi32(pa, pb));
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sum), acc);
    }
    hsum256(acc) - hsum128(minimums)
}

/// One Q6_K row against activations quantized per superblock: each value
/// is `d·scale·(q − 32)` over groups of 16, `q` six bits (a nibble and a
/// bit pair), unsigned for `vpmaddubsw`; the 32 comes off as `vpmaddubsw`
/// of 32s against the same activations, before the signed 8-bit scales
/// weight each group in `vpmaddwd`.
///
/// # Safety
/// As [`dot_q4k`], with `row` in Q6_K superblocks.
#[target_feature(enable = "avx2,fma,f16c")]
#[inline]
unsafe fn dot_q6k(row: &[u8], x: &QuantizedRow) -> f32 {
    let k = &x.supers;
    debug_assert_eq!(row.len(), k.scales.len() * Q6K_BYTES);
    let low_mask = _mm256_set1_epi8(0x0F);
    let pair_mask = _mm256_set1_epi8(3);
    let thirty_twos = _mm256_set1_epi8(32);
    let mut acc = _mm256_setzero_ps();
    for (sb, &dx) in k.scales.iter().enumerate() {
        let p = row.as_ptr().add(sb * Q6K_BYTES);
        let (ql, qh, sc) = (p, p.add(128), p.add(192));
        let d = f16_at(p.add(208)) * dx;
        let xs = k.values.as_ptr().add(sb * SUPER);
        let mut sum = _mm256_setzero_si256();
        for half in 0..2 {
            let low_a = _mm256_loadu_si256(ql.add(64 * half).cast());
            let low_b = _mm256_loadu_si256(ql.add(64 * half + 32).cast());
            let h = _mm256_loadu_si256(qh.add(32 * half).cast());
            // Values 0-31 of the half take bits 0-1 of the high bytes,
            // 32-63 bits 2-3, 64-95 bits 4-5, 96-127 bits 6-7.
            let pair = |bits: __m256i| _mm256_slli_epi16::<4>(_mm256_and_si256(bits, pair_mask));
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
            // Sixteen scales for the superblock; this half's eight, two
            // per 32 values, as i16 lanes of eight each.
            let scales = _mm_loadl_epi64(sc.add(8 * half).cast());
            for (c, q) in q.into_iter().enumerate() {
                let xv = _mm256_loadu_si256(xs.add(128 * half + 32 * c).cast());
                let offset = _mm256_maddubs_epi16(thirty_twos, xv);
                let pairs = _mm256_sub_epi16(_mm256_maddubs_epi16(q, xv), offset);
                // Bytes 2c and 2c + 1 of the eight, eight times each.
                let pick = _mm_set_epi64x(
                    0x0101_0101_0101_0101 * (2 * c as i64 + 1),
                    0x0101_0101_0101_0101 * (2 * c as i64),
                );
                let group = _mm256_cvtepi8_epi16(_mm_shuffle_epi8(scales, pick));
                sum = _mm256_add_epi32(sum, _mm256_madd_epi16(group, pairs));
            }
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sum), acc);
    }
    hsum256(acc)
}

/// One block of 32 activations quantized as [`super::quantize`] does (step
/// amax / 127, values rounded half away from zero, as `f32::round`, and
/// clamped to ±127), written offset by 128 into `out`; returns the step.
/// Per value the scalar loop paid a `roundf` call (the x86-64 baseline has
/// no rounding instruction), on every matrix of every decoded token.
///
/// # Safety
/// The CPU must have AVX2; `block` must hold 32 values and `out` room for 32.
#[target_feature(enable = "avx2,fma,f16c")]
pub(super) unsafe fn quantize_block(block: *const f32, out: *mut u8) -> f32 {
    let d = largest_magnitude(block, 1) / 127.0;
    let shifted = _mm256_xor_si256(round_32(block, inverse_of(d)), _mm256_set1_epi8(-128));
    _mm256_storeu_si256(out.cast(), shifted);
    d
}

/// One superblock of 256 activations quantized as
/// [`super::quantize_supers`] does (one step, amax / 127, for all 256,
/// rounded and clamped as [`quantize_block`]) into `out`; returns the step.
/// The scalar loop's `roundf` calls, 4,864 for each `ffn_down` input, were a
/// fifth of what decode's calling thread did between matrices.
///
/// # Safety
/// The CPU must have AVX2; `block` must hold 256 values and `out` room for
/// 256.
#[target_feature(enable = "avx2,fma,f16c")]
pub(super) unsafe fn quantize_super(block: *const f32, out: *mut i8) -> f32 {
    let d = largest_magnitude(block, SUPER / 32) / 127.0;
    let inverse = inverse_of(d);
    for i in 0..SUPER / 32 {
        _mm256_storeu_si256(out.add(32 * i).cast(), round_32(block.add(32 * i), inverse));
    }
    d
}

/// The largest magnitude among `groups` groups of 32 values at `values`.
///
/// # Safety
/// The CPU must have AVX2; `values` must hold `32 * groups` values.
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn largest_magnitude(values: *const f32, groups: usize) -> f32 {
    let sign = _mm256_set1_ps(-0.0);
    let mut most = _mm256_setzero_ps();
    for i in 0..4 * groups {
        most = _mm256_max_ps(
            most,
            _mm256_andnot_ps(sign, _mm256_loadu_ps(values.add(8 * i))),
        );
    }
    let quad = _mm_max_ps(
        _mm256_castps256_ps128(most),
        _mm256_extractf128_ps::<1>(most),
    );
    let pair = _mm_max_ps(quad, _mm_movehl_ps(quad, quad));
    _mm_cvtss_f32(_mm_max_ss(pair, _mm_movehdup_ps(pair)))
}

/// `1 / d` in every lane, or 0 for a step of 0 (all values 0).
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn inverse_of(d: f32) -> __m256 {
    _mm256_set1_ps(if d != 0.0 { 1.0 / d } else { 0.0 })
}

/// 32 values times `inverse`, rounded half away from zero and clamped to
/// ±127, as signed bytes in order.
///
/// # Safety
/// The CPU must have AVX2; `values` must hold 32 values.
#[target_feature(enable = "avx2,fma,f16c")]
unsafe fn round_32(values: *const f32, inverse: __m256) -> __m256i {
    let sign = _mm256_set1_ps(-0.0);
    // Half away from zero: add just under a half with the value's sign,
    // then truncate (a whole half would round 0.49999997 up).
    let half = _mm256_set1_ps(0.499_999_97);
    let q = [0, 8, 16, 24].map(|i| {
        let scaled = _mm256_mul_ps(_mm256_loadu_ps(values.add(i)), inverse);
        let nudged = _mm256_add_ps(scaled, _mm256_or_ps(half, _mm256_and_ps(sign, scaled)));
        let whole = _mm256_cvttps_epi32(nudged);
        _mm256_max_epi32(
            _mm256_min_epi32(whole, _mm256_set1_epi32(127)),
            _mm256_set1_epi32(-127),
        )
    });
    // Packing works within 128-bit halves; the permute puts the 32 back in
    // order.
    let words = [
        _mm256_packs_epi32(q[0], q[1]),
        _mm256_packs_epi32(q[2], q[3]),
    ];
    let bytes = _mm256_packs_epi16(words[0], words[1]);
    _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7))
}
