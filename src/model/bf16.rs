//! Prefill's matmul on CPUs with AVX-512 BF16: weights and activations
//! rounded to bfloat16 and multiplied with `vdpbf16ps`, which does 32
//! multiply-adds per instruction into f32 sums, twice what an f32 FMA does.
//!
//! A band of weight rows is unpacked from its quantized blocks straight into
//! a per-thread buffer of bf16 *panels*: 16 rows side by side, each vector
//! holding one pair of neighbouring columns of all 16 rows. The kernel keeps
//! a tile of 32 rows by up to 12 tokens in 24 registers, loads two panel
//! vectors per column pair and broadcasts each token's pair of activations
//! against them, so every instruction is a multiply-add and the sums never
//! leave registers until the tile is done. Its output is `[tokens, rows]`
//! with no transpose.
//!
//! bf16 keeps 8 bits of mantissa: a weight or activation is off by at most
//! 2^-9 of itself, well under what 4- to 8-bit quantization already costs,
//! and the sums are f32. (llama.cpp's prefill rounds activations to 8-bit
//! integers instead.)

use std::cell::RefCell;

use candle_core::quantized::GgmlDType;

/// Rows per panel: one vector's lanes.
const PANEL: usize = 16;
/// Rows per tile: two panels.
const TILE_ROWS: usize = 2 * PANEL;
/// Tokens per tile: 2 × 12 accumulators, two panel vectors and a broadcast
/// fit the 32 vector registers.
// Read only by the x86-64 kernel; other targets never run it.
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
const TILE_TOKENS: usize = 12;
/// Packed bytes a band aims for: a few hundred KiB stays in a core's L2
/// while every token tile streams through it.
const BAND_BYTES: usize = 384 * 1024;

/// Whether this CPU runs this kernel.
pub fn available() -> bool {
    // Only on the AVX-512 path: `--cpu avx2` caps prefill at f32 on AVX2.
    #[cfg(target_arch = "x86_64")]
    {
        super::cpu::active() == super::cpu::CpuPath::Avx512
            && is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512vl")
            && is_x86_feature_detected!("avx512bf16")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// How a weight matrix's blocks are unpacked, with the values and bytes of
/// one block (from the layout's own description, see
/// [`super::layout::layout_of`]).
#[derive(Clone, Copy)]
pub struct Blocks {
    // Read only by the x86-64 kernel; other targets never run it.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    kind: Kind,
    values: usize,
    bytes: usize,
}

#[derive(Clone, Copy)]
enum Kind {
    /// Unpacked in registers, 32 values at a time.
    Q8_0,
    Q5_0,
    Q4K,
    Q6K,
    /// Any other layout, through its own unpacking function.
    // Read only by the x86-64 kernel; other targets never run it.
    #[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
    Other(super::layout::Unpack),
}

impl Blocks {
    /// `dtype`'s blocks, unpacked by `layout` (its unpacking function, and
    /// values and bytes per block) unless the kernel has its own way.
    /// `None` for blocks that are not whole groups of 32 values.
    pub fn new(
        dtype: GgmlDType,
        (unpack, values, bytes): (super::layout::Unpack, usize, usize),
    ) -> Option<Blocks> {
        let kind = match dtype {
            GgmlDType::Q8_0 => Kind::Q8_0,
            GgmlDType::Q5_0 => Kind::Q5_0,
            GgmlDType::Q4K => Kind::Q4K,
            GgmlDType::Q6K => Kind::Q6K,
            _ => Kind::Other(unpack),
        };
        (values > 0 && values.is_multiple_of(32)).then_some(Blocks {
            kind,
            values,
            bytes,
        })
    }
}

thread_local! {
    /// Each thread's packed band, and the f32 rows `Kind::Other` unpacks
    /// into on the way.
    static SCRATCH: RefCell<(Vec<u32>, Vec<f32>)> = const { RefCell::new((Vec::new(), Vec::new())) };
}

/// The output, written by several threads at once, each to its own rows.
struct Out(*mut f32);
// SAFETY: every task writes a disjoint set of output columns (its band's
// rows), and the buffer outlives the pool call that uses it.
unsafe impl Sync for Out {}

impl Out {
    /// A method, not a field read, so closures capture the whole `Out`.
    fn at(&self, offset: usize) -> *mut f32 {
        self.0.wrapping_add(offset)
    }
}

/// `x · wᵀ` for `xs` `[tokens, cols]` and the quantized matrix `data`
/// (`[rows, cols]` in `blocks`), giving `[tokens, rows]`. `None` when the
/// CPU lacks the kernel's features or the shapes do not fit the blocks
/// (the caller falls back).
pub fn matmul_t(
    xs: &[f32],
    tokens: usize,
    data: &[u8],
    blocks: Blocks,
    rows: usize,
    cols: usize,
) -> Option<Vec<f32>> {
    let row_bytes = cols / blocks.values * blocks.bytes;
    if !available()
        || !cols.is_multiple_of(blocks.values)
        || xs.len() != tokens * cols
        || data.len() != rows * row_bytes
    {
        return None;
    }
    // SAFETY: `available()` checked the CPU's features.
    let x = unsafe { to_bf16_pairs(xs) };
    let pool = candle_core::utils::barrier_pool();
    let threads = pool.n_workers() + 1;
    // As many rows as fill BAND_BYTES, but at least two bands per thread
    // when the matrix allows, so both cores get work on narrow matrices.
    let by_cache = (BAND_BYTES / (2 * cols)).max(1);
    let by_threads = rows.div_ceil(2 * threads);
    let band = by_cache.min(by_threads).div_ceil(TILE_ROWS).max(1) * TILE_ROWS;
    // Not zeroed: the bands' tiles write every element once.
    let mut out: Vec<f32> = Vec::with_capacity(tokens * rows);
    let dst = Out(out.as_mut_ptr());
    pool.execute_chunked(rows.div_ceil(band), |range| {
        for index in range {
            let first = index * band;
            let n = band.min(rows - first);
            // SAFETY: the features were checked; the band's rows are within
            // `data`; `x` is `[tokens, cols / 2]` pairs; this task alone
            // writes output columns `first..first + n`.
            unsafe {
                multiply_band(
                    &data[first * row_bytes..(first + n) * row_bytes],
                    blocks,
                    cols,
                    &x,
                    tokens,
                    dst.at(first),
                    rows,
                    n,
                )
            }
        }
    });
    // SAFETY: the bands cover rows `0..rows` and each writes its rows of
    // every token (see `multiply_band`); a panicking task never gets here.
    unsafe { out.set_len(tokens * rows) };
    Some(out)
}

/// Rounds activations to bf16, two to a `u32` (the lower column in the low
/// half), as the kernel broadcasts them.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512bf16")]
unsafe fn to_bf16_pairs(xs: &[f32]) -> Vec<u32> {
    use std::arch::x86_64::*;
    let len = xs.len() / 2;
    let mut out: Vec<u32> = Vec::with_capacity(len);
    let chunks = xs.len() / 32;
    for c in 0..chunks {
        let lo = _mm512_loadu_ps(xs.as_ptr().add(c * 32));
        let hi = _mm512_loadu_ps(xs.as_ptr().add(c * 32 + 16));
        let v = std::mem::transmute::<__m512bh, __m512i>(_mm512_cvtne2ps_pbh(hi, lo));
        _mm512_storeu_si512(out.as_mut_ptr().add(c * 16).cast(), v);
    }
    for i in chunks * 16..len {
        let pair = [xs[2 * i], xs[2 * i + 1]].map(|v| half::bf16::from_f32(v).to_bits() as u32);
        out.as_mut_ptr().add(i).write(pair[0] | pair[1] << 16);
    }
    // Every element was written, by the vector loop or the tail.
    out.set_len(len);
    out
}

/// Packs `n` weight rows (whole blocks of `bytes`) into this thread's band
/// of panels and multiplies them by every token, writing `out[t * stride +
/// r]` for the band's rows `r < n`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512bf16")]
#[allow(clippy::too_many_arguments)] // the pieces of one band's product
unsafe fn multiply_band(
    bytes: &[u8],
    blocks: Blocks,
    cols: usize,
    x: &[u32],
    tokens: usize,
    out: *mut f32,
    stride: usize,
    n: usize,
) {
    let pairs = cols / 2;
    let panel_len = pairs * PANEL;
    let panels = n.div_ceil(TILE_ROWS) * 2;
    SCRATCH.with(|scratch| {
        let (packed, rows_f32) = &mut *scratch.borrow_mut();
        packed.resize(panels * panel_len, 0);
        let row_bytes = bytes.len() / n;
        for p in 0..panels {
            let first = p * PANEL;
            let count = PANEL.min(n.saturating_sub(first));
            let start = first.min(n) * row_bytes;
            pack_panel(
                &bytes[start..start + count * row_bytes],
                row_bytes,
                count,
                blocks,
                cols,
                &mut packed[p * panel_len..(p + 1) * panel_len],
                rows_f32,
            );
        }
        let mut t = 0;
        while t < tokens {
            let m = TILE_TOKENS.min(tokens - t);
            for tile in 0..panels / 2 {
                let w = packed.as_ptr().add(2 * tile * panel_len);
                let rows = (n - tile * TILE_ROWS).min(TILE_ROWS);
                let o = out.add(t * stride + tile * TILE_ROWS);
                let xt = x.as_ptr().add(t * pairs);
                tile_for(m, w, panel_len, xt, pairs, o, stride, rows);
            }
            t += m;
        }
    });
}

/// Calls the tile kernel compiled for `m` tokens.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512bf16")]
#[allow(clippy::too_many_arguments)]
unsafe fn tile_for(
    m: usize,
    w: *const u32,
    panel_len: usize,
    x: *const u32,
    pairs: usize,
    out: *mut f32,
    stride: usize,
    rows: usize,
) {
    macro_rules! dispatch {
        ($($n:literal)*) => {
            match m {
                $($n => tile::<$n>(w, panel_len, x, pairs, out, stride, rows),)*
                _ => unreachable!("a tile has 1 to {TILE_TOKENS} tokens"),
            }
        };
    }
    dispatch!(1 2 3 4 5 6 7 8 9 10 11 12)
}

/// 32 rows (two panels at `w`, `panel_len` apart) times `N` tokens (rows of
/// `pairs` bf16 pairs at `x`), summed over every column pair; writes the
/// first `rows` rows of each token's output row.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512bf16")]
#[inline]
unsafe fn tile<const N: usize>(
    w: *const u32,
    panel_len: usize,
    x: *const u32,
    pairs: usize,
    out: *mut f32,
    stride: usize,
    rows: usize,
) {
    use std::arch::x86_64::*;
    let mut low = [_mm512_setzero_ps(); N];
    let mut high = [_mm512_setzero_ps(); N];
    let (w0, w1) = (w, w.add(panel_len));
    for k in 0..pairs {
        let a =
            std::mem::transmute::<__m512i, __m512bh>(_mm512_loadu_si512(w0.add(k * PANEL).cast()));
        let b =
            std::mem::transmute::<__m512i, __m512bh>(_mm512_loadu_si512(w1.add(k * PANEL).cast()));
        for j in 0..N {
            let v = std::mem::transmute::<__m512i, __m512bh>(_mm512_set1_epi32(
                *x.add(j * pairs + k) as i32,
            ));
            low[j] = _mm512_dpbf16_ps(low[j], a, v);
            high[j] = _mm512_dpbf16_ps(high[j], b, v);
        }
    }
    let mask = |skip: usize| -> __mmask16 {
        let keep = rows.saturating_sub(skip).min(PANEL);
        ((1u32 << keep) - 1) as __mmask16
    };
    let (m0, m1) = (mask(0), mask(PANEL));
    for j in 0..N {
        let o = out.add(j * stride);
        _mm512_mask_storeu_ps(o, m0, low[j]);
        _mm512_mask_storeu_ps(o.add(PANEL), m1, high[j]);
    }
}

/// Unpacks `count` (up to 16) rows into one panel: `dst[k * 16 + r]` holds
/// columns `2k` and `2k + 1` of row `r` as bf16; missing rows are zero.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512bf16")]
unsafe fn pack_panel(
    bytes: &[u8],
    row_bytes: usize,
    count: usize,
    blocks: Blocks,
    cols: usize,
    dst: &mut [u32],
    rows_f32: &mut Vec<f32>,
) {
    use std::arch::x86_64::*;
    let mut v = [_mm512_setzero_si512(); PANEL];
    let Blocks {
        kind,
        values,
        bytes: block_bytes,
    } = blocks;
    match kind {
        Kind::Other(unpack) => {
            rows_f32.resize(PANEL * values, 0.0);
            for b in 0..cols / values {
                for r in 0..count {
                    let p = r * row_bytes + b * block_bytes;
                    // The layout and size were checked by the caller; a
                    // failure here leaves zeros, which the tests would see.
                    unpack(
                        &bytes[p..p + block_bytes],
                        &mut rows_f32[r * values..(r + 1) * values],
                    );
                }
                for sub in 0..values / 32 {
                    for (r, vector) in v.iter_mut().enumerate() {
                        let f = rows_f32.as_ptr().add(r * values + sub * 32);
                        *vector = if r < count {
                            std::mem::transmute::<__m512bh, __m512i>(_mm512_cvtne2ps_pbh(
                                _mm512_loadu_ps(f.add(16)),
                                _mm512_loadu_ps(f),
                            ))
                        } else {
                            _mm512_setzero_si512()
                        };
                    }
                    transpose(&mut v);
                    store(&v, b * values + sub * 32, dst);
                }
            }
        }
        Kind::Q8_0 | Kind::Q5_0 | Kind::Q4K | Kind::Q6K => {
            // Blocks of 32 values hold one group of 32; superblocks eight.
            let groups = values / 32;
            for b in 0..cols / 32 {
                let offset = b / groups * block_bytes;
                let group = b % groups;
                for (r, vector) in v.iter_mut().enumerate() {
                    let p = bytes.as_ptr().add(r * row_bytes + offset);
                    *vector = match kind {
                        _ if r >= count => _mm512_setzero_si512(),
                        Kind::Q8_0 => q8_0_bf16(p),
                        Kind::Q5_0 => q5_0_bf16(p),
                        Kind::Q4K => q4k_bf16(p, group),
                        Kind::Q6K => q6k_bf16(p, group),
                        Kind::Other(_) => unreachable!("unpacked by the other arm"),
                    };
                }
                transpose(&mut v);
                store(&v, b * 32, dst);
            }
        }
    }
}

/// Stores a transposed group of 32 columns starting at `column`: its 16
/// column pairs, each a vector over the panel's rows.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn store(v: &[std::arch::x86_64::__m512i; PANEL], column: usize, dst: &mut [u32]) {
    use std::arch::x86_64::*;
    let base = column / 2 * PANEL;
    assert!(base + PANEL * PANEL <= dst.len());
    for (e, vector) in v.iter().enumerate() {
        _mm512_storeu_si512(dst.as_mut_ptr().add(base + e * PANEL).cast(), *vector);
    }
}

/// One Q8_0 block (an f16 scale and 32 signed bytes) as 32 bf16 values.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512bf16")]
unsafe fn q8_0_bf16(p: *const u8) -> std::arch::x86_64::__m512i {
    use std::arch::x86_64::*;
    let q = _mm256_loadu_si256(p.add(2).cast());
    scaled_bf16(q, super::matvec::f16_at(p))
}

/// One Q5_0 block as 32 bf16 values.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512bf16")]
unsafe fn q5_0_bf16(p: *const u8) -> std::arch::x86_64::__m512i {
    scaled_bf16(super::matvec::widen_q5_0(p), super::matvec::f16_at(p))
}

/// Values `32 · group` to `32 · group + 31` of a Q4_K superblock (see
/// `matvec::dot_q4k_avx512_vnni` for the layout) as bf16: `d·scale·q −
/// dmin·min` for the group's 6-bit scale and minimum and 4-bit `q`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512bf16")]
unsafe fn q4k_bf16(p: *const u8, group: usize) -> std::arch::x86_64::__m512i {
    use std::arch::x86_64::*;
    let d = super::matvec::f16_at(p);
    let dmin = super::matvec::f16_at(p.add(2));
    let (scales, mins) = super::matvec::q4k_scales_mins(p.add(4));
    let (scale, min) = ((scales >> (8 * group)) as u8, (mins >> (8 * group)) as u8);
    // Groups 2j and 2j + 1 are the low and high nibbles of bytes 32j..32j + 32.
    let nibbles = _mm256_loadu_si256(p.add(16 + 32 * (group / 2)).cast());
    let nibbles = if group % 2 == 1 {
        _mm256_srli_epi16::<4>(nibbles)
    } else {
        nibbles
    };
    let q = _mm256_and_si256(nibbles, _mm256_set1_epi8(0x0F));
    let step = _mm512_set1_ps(d * scale as f32);
    let offset = _mm512_set1_ps(dmin * min as f32);
    let lo = _mm512_fmsub_ps(
        _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm256_castsi256_si128(q))),
        step,
        offset,
    );
    let hi = _mm512_fmsub_ps(
        _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm256_extracti128_si256::<1>(q))),
        step,
        offset,
    );
    std::mem::transmute::<__m512bh, __m512i>(_mm512_cvtne2ps_pbh(hi, lo))
}

/// Values `32 · group` to `32 · group + 31` of a Q6_K superblock (see
/// `matvec::dot_q6k_avx512_vnni` for the layout) as bf16: `d·scale·(q −
/// 32)`, one scale per 16 values.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512bf16")]
unsafe fn q6k_bf16(p: *const u8, group: usize) -> std::arch::x86_64::__m512i {
    use std::arch::x86_64::*;
    let (half, c) = (group / 4, group % 4);
    // Low nibbles or high nibbles of 32 bytes of `ql`, and a bit pair of each
    // of 32 bytes of `qh`.
    let ql = _mm256_loadu_si256(p.add(64 * half + 32 * (c % 2)).cast());
    let ql = if c >= 2 {
        _mm256_srli_epi16::<4>(ql)
    } else {
        ql
    };
    let qh = _mm256_loadu_si256(p.add(128 + 32 * half).cast());
    let qh = match c {
        0 => qh,
        1 => _mm256_srli_epi16::<2>(qh),
        2 => _mm256_srli_epi16::<4>(qh),
        _ => _mm256_srli_epi16::<6>(qh),
    };
    let q = _mm256_or_si256(
        _mm256_and_si256(ql, _mm256_set1_epi8(0x0F)),
        _mm256_slli_epi16::<4>(_mm256_and_si256(qh, _mm256_set1_epi8(3))),
    );
    let q = _mm256_sub_epi8(q, _mm256_set1_epi8(32));
    let d = super::matvec::f16_at(p.add(208));
    let scales = p.add(192 + 8 * half + 2 * c).cast::<i8>();
    let lo = _mm512_mul_ps(
        _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm256_castsi256_si128(q))),
        _mm512_set1_ps(d * *scales as f32),
    );
    let hi = _mm512_mul_ps(
        _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm256_extracti128_si256::<1>(q))),
        _mm512_set1_ps(d * *scales.add(1) as f32),
    );
    std::mem::transmute::<__m512bh, __m512i>(_mm512_cvtne2ps_pbh(hi, lo))
}

/// 32 signed bytes times `scale`, as bf16.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512bw,avx512vl,avx512bf16")]
unsafe fn scaled_bf16(q: std::arch::x86_64::__m256i, scale: f32) -> std::arch::x86_64::__m512i {
    use std::arch::x86_64::*;
    let d = _mm512_set1_ps(scale);
    let lo = _mm512_mul_ps(
        _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm256_castsi256_si128(q))),
        d,
    );
    let hi = _mm512_mul_ps(
        _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm256_extracti128_si256::<1>(q))),
        d,
    );
    std::mem::transmute::<__m512bh, __m512i>(_mm512_cvtne2ps_pbh(hi, lo))
}

/// Transposes 16 vectors of 16 `u32`s: afterwards `v[e]` lane `r` is what
/// `v[r]` lane `e` was.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn transpose(v: &mut [std::arch::x86_64::__m512i; 16]) {
    use std::arch::x86_64::*;
    // Within each 128-bit lane: 2×2 blocks of 32 bits, then of 64 bits.
    let mut t = [_mm512_setzero_si512(); 16];
    for i in 0..8 {
        t[2 * i] = _mm512_unpacklo_epi32(v[2 * i], v[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_epi32(v[2 * i], v[2 * i + 1]);
    }
    let mut u = [_mm512_setzero_si512(); 16];
    for g in 0..4 {
        let b = 4 * g;
        u[b] = _mm512_unpacklo_epi64(t[b], t[b + 2]);
        u[b + 1] = _mm512_unpackhi_epi64(t[b], t[b + 2]);
        u[b + 2] = _mm512_unpacklo_epi64(t[b + 1], t[b + 3]);
        u[b + 3] = _mm512_unpackhi_epi64(t[b + 1], t[b + 3]);
    }
    // Now u[4g + m], 128-bit lane l, holds column 4l + m of rows 4g..4g + 4;
    // two rounds of 128-bit shuffles gather each column's four pieces.
    for m in 0..4 {
        let a = _mm512_shuffle_i32x4::<0x44>(u[m], u[4 + m]);
        let b = _mm512_shuffle_i32x4::<0xEE>(u[m], u[4 + m]);
        let c = _mm512_shuffle_i32x4::<0x44>(u[8 + m], u[12 + m]);
        let d = _mm512_shuffle_i32x4::<0xEE>(u[8 + m], u[12 + m]);
        v[m] = _mm512_shuffle_i32x4::<0x88>(a, c);
        v[4 + m] = _mm512_shuffle_i32x4::<0xDD>(a, c);
        v[8 + m] = _mm512_shuffle_i32x4::<0x88>(b, d);
        v[12 + m] = _mm512_shuffle_i32x4::<0xDD>(b, d);
    }
}

#[cfg(not(target_arch = "x86_64"))]
unsafe fn to_bf16_pairs(_xs: &[f32]) -> Vec<u32> {
    unreachable!("available() is false off x86-64")
}

#[cfg(not(target_arch = "x86_64"))]
#[allow(clippy::too_many_arguments)]
unsafe fn multiply_band(
    _bytes: &[u8],
    _blocks: Blocks,
    _cols: usize,
    _x: &[u32],
    _tokens: usize,
    _out: *mut f32,
    _stride: usize,
    _n: usize,
) {
    unreachable!("available() is false off x86-64")
}

#[cfg(test)]
mod tests {
    use super::super::pseudo_random;
    use super::*;
    use candle_core::quantized::QTensor;
    use candle_core::{Device, Tensor};

    fn bf16(v: f32) -> f64 {
        half::bf16::from_f32(v).to_f64()
    }

    /// The kernel must compute exactly Σ bf16(w)·bf16(x), up to the order
    /// of its f32 sums, for every layout: the rounding is the only error it
    /// may add. Shapes leave a partial panel (300 rows is 18 panels and 12
    /// rows), a partial tile of tokens (20 = 12 + 8) and, with one token,
    /// the smallest tile.
    #[test]
    fn computes_the_bf16_product_of_every_layout() {
        if !available() {
            eprintln!("no AVX-512 BF16 here: the kernel is not used, nothing to compare");
            return;
        }
        let (rows, cols) = (300, 512);
        let w =
            Tensor::from_vec(pseudo_random(rows * cols, 0), (rows, cols), &Device::Cpu).unwrap();
        for tokens in [20, 1] {
            let xs = pseudo_random(tokens * cols, 7);
            for dtype in [
                GgmlDType::Q8_0,
                GgmlDType::Q5_0,
                GgmlDType::Q4_0,
                GgmlDType::Q4K,
                GgmlDType::Q5K,
                GgmlDType::Q6K,
            ] {
                let q = QTensor::quantize(&w, dtype).unwrap();
                let layout = super::super::layout::layout_of(dtype).unwrap();
                let blocks = Blocks::new(dtype, layout).unwrap();
                let data = q.data().unwrap();
                let ours = matmul_t(&xs, tokens, &data, blocks, rows, cols).unwrap();
                let dense = q
                    .dequantize(&Device::Cpu)
                    .unwrap()
                    .flatten_all()
                    .unwrap()
                    .to_vec1::<f32>()
                    .unwrap();
                for t in 0..tokens {
                    for r in 0..rows {
                        let (mut exact, mut size) = (0f64, 0f64);
                        for c in 0..cols {
                            let p = bf16(dense[r * cols + c]) * bf16(xs[t * cols + c]);
                            exact += p;
                            size += p.abs();
                        }
                        let got = ours[t * rows + r] as f64;
                        assert!(
                            (got - exact).abs() <= 1e-5 * size,
                            "{dtype:?}, token {t}, row {r}: {got} vs {exact}"
                        );
                    }
                }
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn transposes_sixteen_by_sixteen() {
        if !available() {
            return;
        }
        use std::arch::x86_64::*;
        let mut v = [unsafe { _mm512_setzero_si512() }; 16];
        for (r, vector) in v.iter_mut().enumerate() {
            let lanes: [u32; 16] = std::array::from_fn(|e| (r * 100 + e) as u32);
            *vector = unsafe { std::mem::transmute::<[u32; 16], __m512i>(lanes) };
        }
        unsafe { transpose(&mut v) };
        for (e, vector) in v.iter().enumerate() {
            let lanes = unsafe { std::mem::transmute::<__m512i, [u32; 16]>(*vector) };
            let want: [u32; 16] = std::array::from_fn(|r| (r * 100 + e) as u32);
            assert_eq!(lanes, want, "column {e}");
        }
    }

    #[test]
    fn widths_that_are_not_whole_blocks_are_refused() {
        let w = Tensor::zeros((4, 256), candle_core::DType::F32, &Device::Cpu).unwrap();
        let q = QTensor::quantize(&w, GgmlDType::Q8_0).unwrap();
        let data = q.data().unwrap();
        // 256 columns of data read as 200: the sizes disagree.
        let blocks = Blocks::new(
            GgmlDType::Q8_0,
            super::super::layout::layout_of(GgmlDType::Q8_0).unwrap(),
        )
        .unwrap();
        assert!(matmul_t(&[0.0; 200], 1, &data, blocks, 4, 200).is_none());
    }
}
