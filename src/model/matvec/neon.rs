//! Decode's dot products on aarch64 with baseline NEON (every aarch64 CPU
//! has it; the `dotprod` extension's `sdot` would halve the multiplies but
//! is not baseline): Q8_0 and Q4_K rows read once, as stored, against the
//! same quantized activations as the x86 kernels. `vmull_s8` widens byte
//! products to i16, `vpadalq_s16` adds their pairs into i32 lanes.

use std::arch::aarch64::*;

use super::{q4k_scales_mins, QuantizedRow, BLOCK, BLOCK_BYTES, Q4K_BYTES, SUPER};

/// The little-endian f16 at `p`, as f32.
///
/// # Safety
/// `p` must point at two readable bytes.
unsafe fn f16_at(p: *const u8) -> f32 {
    half::f16::from_bits(u16::from_le_bytes([*p, *p.add(1)])).to_f32()
}

each_row!(#[target_feature(enable = "neon")] pub(super) fn rows_q8_0 = dot_q8_0);
each_row!(#[target_feature(enable = "neon")] pub(super) fn rows_q4k = dot_q4k);

/// 16 signed bytes of `w` times 16 of `x`, the products' pairs added into
/// `acc`'s four i32 lanes. No pair overflows i16: |w·x| ≤ 128·127.
#[target_feature(enable = "neon")]
unsafe fn dot16(acc: int32x4_t, w: int8x16_t, x: int8x16_t) -> int32x4_t {
    let low = vmull_s8(vget_low_s8(w), vget_low_s8(x));
    let high = vmull_high_s8(w, x);
    vpadalq_s16(vpadalq_s16(acc, low), high)
}

/// One Q8_0 row, block by block; the activations unshifted back to signed
/// bytes.
///
/// # Safety
/// The CPU must have NEON; `row` must hold `x.scales.len()` Q8_0 blocks and
/// `x.shifted` 32 bytes per block.
#[target_feature(enable = "neon")]
#[inline]
unsafe fn dot_q8_0(row: &[u8], x: &QuantizedRow) -> f32 {
    debug_assert_eq!(row.len(), x.scales.len() * BLOCK_BYTES);
    let flip = vdupq_n_u8(0x80);
    let mut acc = vdupq_n_f32(0.0);
    for b in 0..x.scales.len() {
        let p = row.as_ptr().add(b * BLOCK_BYTES);
        let xs = x.shifted.as_ptr().add(b * BLOCK);
        let x0 = vreinterpretq_s8_u8(veorq_u8(vld1q_u8(xs), flip));
        let x1 = vreinterpretq_s8_u8(veorq_u8(vld1q_u8(xs.add(16)), flip));
        let w0 = vld1q_s8(p.add(2).cast());
        let w1 = vld1q_s8(p.add(18).cast());
        let sum = dot16(dot16(vdupq_n_s32(0), w0, x0), w1, x1);
        acc = vfmaq_n_f32(acc, vcvtq_f32_s32(sum), f16_at(p) * x.scales[b]);
    }
    vaddvq_f32(acc)
}

/// One Q4_K row against activations quantized per superblock: each value
/// is `d·scale·q − dmin·min` over sub-blocks of 32, `q` a nibble; each
/// sub-block's integer sum is weighted by its 6-bit scale in i32, and the
/// minimums come off through the activations' sums of 16.
///
/// # Safety
/// The CPU must have NEON; `row` must hold Q4_K superblocks and `x.supers`
/// be quantized for as many.
#[target_feature(enable = "neon")]
#[inline]
unsafe fn dot_q4k(row: &[u8], x: &QuantizedRow) -> f32 {
    let k = &x.supers;
    debug_assert_eq!(row.len(), k.scales.len() * Q4K_BYTES);
    let low_mask = vdupq_n_u8(0x0F);
    let mut total = 0f32;
    for (sb, &dx) in k.scales.iter().enumerate() {
        let p = row.as_ptr().add(sb * Q4K_BYTES);
        let d = f16_at(p) * dx;
        let dmin = f16_at(p.add(2)) * dx;
        let (scales, mins) = q4k_scales_mins(p.add(4));
        let (scales, mins) = (scales.to_le_bytes(), mins.to_le_bytes());
        let sums = &k.sums16[sb * SUPER / 16..(sb + 1) * SUPER / 16];
        let mut scaled = 0i32;
        let mut minimum = 0i32;
        let qs = p.add(16);
        let xs = k.values.as_ptr().add(sb * SUPER);
        for c in 0..4 {
            let mut low = vdupq_n_s32(0);
            let mut high = vdupq_n_s32(0);
            for half in 0..2 {
                let nibbles = vld1q_u8(qs.add(32 * c + 16 * half));
                let l = vreinterpretq_s8_u8(vandq_u8(nibbles, low_mask));
                let h = vreinterpretq_s8_u8(vshrq_n_u8::<4>(nibbles));
                low = dot16(low, l, vld1q_s8(xs.add(64 * c + 16 * half)));
                high = dot16(high, h, vld1q_s8(xs.add(64 * c + 32 + 16 * half)));
            }
            // The low nibbles are sub-block 2c, the high ones 2c + 1.
            scaled += scales[2 * c] as i32 * vaddvq_s32(low)
                + scales[2 * c + 1] as i32 * vaddvq_s32(high);
        }
        for (j, &m) in mins.iter().enumerate() {
            minimum += m as i32 * (sums[2 * j] as i32 + sums[2 * j + 1] as i32);
        }
        total += d * scaled as f32 - dmin * minimum as f32;
    }
    total
}
