//! How the quantized layouts' blocks are laid out and unpacked: one table
//! for every kernel that reads weights block by block (prefill's f32 bands
//! and its bf16 kernel).

use candle_core::quantized::k_quants::{
    BlockQ2K, BlockQ3K, BlockQ4K, BlockQ4_0, BlockQ4_1, BlockQ5K, BlockQ5_0, BlockQ5_1, BlockQ6K,
    BlockQ8K, BlockQ8_0, BlockQ8_1,
};
use candle_core::quantized::{GgmlDType, GgmlType};

/// Unpacks whole blocks of one layout from raw bytes into f32 values.
pub(super) type Unpack = fn(&[u8], &mut [f32]) -> bool;

/// The unpacking function of a quantized layout, with the values and bytes
/// of one of its blocks.
pub(super) fn layout_of(dtype: GgmlDType) -> Option<(Unpack, usize, usize)> {
    fn entry<B: GgmlType>() -> (Unpack, usize, usize) {
        (unpack::<B>, B::BLCK_SIZE, std::mem::size_of::<B>())
    }
    Some(match dtype {
        GgmlDType::Q4_0 => entry::<BlockQ4_0>(),
        GgmlDType::Q4_1 => entry::<BlockQ4_1>(),
        GgmlDType::Q5_0 => entry::<BlockQ5_0>(),
        GgmlDType::Q5_1 => entry::<BlockQ5_1>(),
        GgmlDType::Q8_0 => entry::<BlockQ8_0>(),
        GgmlDType::Q8_1 => entry::<BlockQ8_1>(),
        GgmlDType::Q2K => entry::<BlockQ2K>(),
        GgmlDType::Q3K => entry::<BlockQ3K>(),
        GgmlDType::Q4K => entry::<BlockQ4K>(),
        GgmlDType::Q5K => entry::<BlockQ5K>(),
        GgmlDType::Q6K => entry::<BlockQ6K>(),
        GgmlDType::Q8K => entry::<BlockQ8K>(),
        GgmlDType::F32 | GgmlDType::F16 | GgmlDType::BF16 => return None,
    })
}

/// Unpacks the blocks of type `B` in `bytes` into `out`. False when the bytes
/// are not whole, aligned blocks filling `out` exactly.
fn unpack<B: GgmlType>(bytes: &[u8], out: &mut [f32]) -> bool {
    let size = std::mem::size_of::<B>();
    if size == 0
        || !bytes.len().is_multiple_of(size)
        || bytes.len() / size * B::BLCK_SIZE != out.len()
        || !(bytes.as_ptr() as usize).is_multiple_of(std::mem::align_of::<B>())
    {
        return false;
    }
    // SAFETY: length and alignment were checked just above, and the block
    // types are plain `repr(C)` structs of integers and f16s, valid for any
    // bit pattern: candle reads its own storage this way.
    let blocks: &[B] =
        unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<B>(), bytes.len() / size) };
    B::to_float(blocks, out);
    true
}
