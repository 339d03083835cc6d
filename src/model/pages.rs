//! Reading a GGUF tensor into memory backed by huge pages. Decode streams
//! every weight once per token, hundreds of megabytes, and with 4 KiB pages
//! each page is a TLB miss and a stop for the hardware prefetcher, which
//! does not cross page boundaries: on the 2-core EPYC, single-thread decode
//! of the Q8_0 file took about 64 ms of CPU per token in 4 KiB pages and
//! about 24-40 in 2 MiB ones (glibc's `glibc.malloc.hugetlb=1` tunable,
//! loaded machine). llama.cpp's weights are mapped from the page cache,
//! whose large folios give it the same. Linux with transparent huge pages
//! in `madvise` mode (the common default) only backs regions that ask, so
//! the weights are read straight into a buffer advised `MADV_HUGEPAGE`
//! before its first write: no copy beyond candle's own (which reads into a
//! byte buffer and copies that into blocks, so this peaks lower), and the
//! same resident size.

use std::io::{Read, Seek, SeekFrom};

use candle_core::quantized::gguf_file::TensorInfo;
use candle_core::quantized::k_quants::{
    BlockQ2K, BlockQ3K, BlockQ4K, BlockQ4_0, BlockQ4_1, BlockQ5K, BlockQ5_0, BlockQ5_1, BlockQ6K,
    BlockQ8_0, BlockQ8_1, GgmlType,
};
use candle_core::quantized::{GgmlDType, QStorage, QTensor};

/// The tensor `info` of a GGUF file whose tensor data starts at
/// `data_offset`, in a buffer advised to use huge pages; `None` for
/// layouts read the ordinary way (floats, which are small here and which
/// candle converts).
pub(super) fn read_tensor<R: Read + Seek>(
    reader: &mut R,
    info: &TensorInfo,
    data_offset: u64,
) -> candle_core::Result<Option<QTensor>> {
    let dims = info.shape.dims().to_vec();
    let start = data_offset.saturating_add(info.offset);
    macro_rules! read_as {
        ($block:ty) => {
            read_blocks::<$block, R>(reader, info.ggml_dtype, start, &dims)
        };
    }
    match info.ggml_dtype {
        GgmlDType::Q4_0 => read_as!(BlockQ4_0),
        GgmlDType::Q4_1 => read_as!(BlockQ4_1),
        GgmlDType::Q5_0 => read_as!(BlockQ5_0),
        GgmlDType::Q5_1 => read_as!(BlockQ5_1),
        GgmlDType::Q8_0 => read_as!(BlockQ8_0),
        GgmlDType::Q8_1 => read_as!(BlockQ8_1),
        GgmlDType::Q2K => read_as!(BlockQ2K),
        GgmlDType::Q3K => read_as!(BlockQ3K),
        GgmlDType::Q4K => read_as!(BlockQ4K),
        GgmlDType::Q5K => read_as!(BlockQ5K),
        GgmlDType::Q6K => read_as!(BlockQ6K),
        _ => Ok(None),
    }
}

/// The blocks of type `T` (layout `dtype`) holding a tensor of `dims` at
/// byte `start` of `reader`. `None` where candle's block type is not the
/// file's size (then candle's reader decides what to say).
fn read_blocks<T: GgmlType + Send + Sync + 'static, R: Read + Seek>(
    reader: &mut R,
    dtype: GgmlDType,
    start: u64,
    dims: &[usize],
) -> candle_core::Result<Option<QTensor>> {
    let values: usize = dims.iter().product();
    if std::mem::size_of::<T>() != dtype.type_size()
        || T::BLCK_SIZE != dtype.block_size()
        || !values.is_multiple_of(T::BLCK_SIZE)
    {
        return Ok(None);
    }
    let blocks = values / T::BLCK_SIZE;
    let bytes = blocks * std::mem::size_of::<T>();
    let file_size = reader.seek(SeekFrom::End(0))?;
    if (bytes as u64) > file_size.saturating_sub(start) {
        candle_core::bail!(
            "tensor needs {bytes} bytes at offset {start}, only {} remaining in file",
            file_size.saturating_sub(start)
        );
    }
    let mut data: Vec<T> = Vec::with_capacity(blocks);
    advise_huge(data.as_mut_ptr().cast(), bytes);
    // SAFETY: the capacity holds `blocks` blocks; every candle block type
    // is plain numbers (f16 scales, byte arrays), for which all-zero bytes
    // are a valid value, so after zeroing the length can cover them.
    unsafe {
        std::ptr::write_bytes(data.as_mut_ptr(), 0, blocks);
        data.set_len(blocks);
    }
    // SAFETY: `data` is `bytes` initialized bytes, and any bytes are a
    // valid block (see above), so it may be written as bytes.
    let raw = unsafe { std::slice::from_raw_parts_mut(data.as_mut_ptr().cast::<u8>(), bytes) };
    reader.seek(SeekFrom::Start(start))?;
    reader.read_exact(raw)?;
    Ok(Some(QTensor::new(QStorage::Cpu(Box::new(data)), dims)?))
}

/// The size of a huge page on x86-64 and on aarch64 with 4 KiB pages.
const HUGE_PAGE: usize = 2 << 20;

/// Asks Linux to back the whole huge pages inside `len` bytes at `ptr` with
/// huge pages when they are first written. Advice only: where the kernel
/// has no transparent huge pages, or refuses, nothing changes.
fn advise_huge(ptr: *mut u8, len: usize) {
    let start = (ptr as usize).next_multiple_of(HUGE_PAGE);
    let end = (ptr as usize + len) / HUGE_PAGE * HUGE_PAGE;
    if end <= start {
        return;
    }
    #[cfg(target_os = "linux")]
    // SAFETY: the range lies inside an allocation this process owns;
    // `MADV_HUGEPAGE` changes how its pages are backed, not their contents.
    unsafe {
        libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{Device, Tensor};

    /// The tensor read into huge pages must hold the file's bytes and
    /// shape exactly as candle's reader gives them (a wrong offset, length
    /// or block type would show in the bytes or the dequantized values).
    #[test]
    fn reads_the_same_tensor_as_candle() {
        for dtype in [
            GgmlDType::Q8_0,
            GgmlDType::Q5_0,
            GgmlDType::Q4K,
            GgmlDType::Q6K,
        ] {
            // 3 MiB or more of Q8_0, so the buffer spans a whole huge page.
            let (rows, cols) = (96, 32 * 1024);
            let values: Vec<f32> = (0..rows * cols)
                .map(|i| ((i * 7919) % 1000) as f32 / 500.0 - 1.0)
                .collect();
            let w = Tensor::from_vec(values, (rows, cols), &Device::Cpu).unwrap();
            let q = QTensor::quantize(&w, dtype).unwrap();
            let bytes = q.data().unwrap().into_owned();
            // A file with 5 bytes before the tensor data, the tensor 3 in.
            let mut file = vec![0xAAu8; 8];
            file.extend_from_slice(&bytes);
            file.extend_from_slice(&[0x55; 4]);
            let info = TensorInfo {
                ggml_dtype: dtype,
                shape: (rows, cols).into(),
                offset: 3,
            };
            let mut reader = std::io::Cursor::new(file);
            let ours = read_tensor(&mut reader, &info, 5)
                .unwrap()
                .expect("a quantized layout");
            let theirs = info.read(&mut reader, 5, &Device::Cpu).unwrap();
            assert_eq!(ours.dtype(), dtype);
            assert_eq!(ours.shape().dims(), &[rows, cols]);
            assert!(ours.data().unwrap() == theirs.data().unwrap(), "{dtype:?}");
            assert!(ours.data().unwrap() == bytes.as_slice(), "{dtype:?}");
        }
    }

    /// A tensor running past the end of the file is an error, not a read
    /// of whatever follows (a truncated download).
    #[test]
    fn a_truncated_tensor_is_refused() {
        let info = TensorInfo {
            ggml_dtype: GgmlDType::Q8_0,
            shape: (4, 64).into(),
            offset: 0,
        };
        let mut reader = std::io::Cursor::new(vec![0u8; 4 * 2 * 34 - 1]);
        let err = read_tensor(&mut reader, &info, 0).unwrap_err();
        assert!(err.to_string().contains("remaining in file"), "{err}");
    }
}
