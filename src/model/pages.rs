//! Reading a GGUF file's quantized tensors into memory backed by huge
//! pages. Decode streams every weight once per token, hundreds of megabytes,
//! and with 4 KiB pages each page is a TLB miss and a stop for the hardware
//! prefetcher, which does not cross page boundaries: on the 2-core EPYC,
//! single-thread decode of the Q8_0 file took about 64 ms of CPU per token
//! in 4 KiB pages and about 24-40 in 2 MiB ones (glibc's
//! `glibc.malloc.hugetlb=1` tunable, loaded machine). llama.cpp's weights
//! are mapped from the page cache, whose large folios give it the same.
//! Linux with transparent huge pages in `madvise` mode (the common default)
//! only backs regions that ask, and only whole 2 MiB pages inside them, so
//! the tensors are read into one [`Arena`]: a buffer that starts on a 2 MiB
//! boundary, advised `MADV_HUGEPAGE` before its first write, holding the
//! tensors one after another. A buffer per tensor left the partial pages at
//! both ends of each in 4 KiB ones: 312 of the Q8_0 file's 523 MiB were in
//! huge pages that way, every small matrix (`attn_q`, `attn_k`) in none.
//! No copy beyond candle's own (which reads into a byte buffer and copies
//! that into blocks, so this peaks lower), and the same resident size.

use std::alloc::Layout;
use std::io::{Read, Seek, SeekFrom};
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::sync::Arc;

use candle_core::quantized::gguf_file::TensorInfo;
use candle_core::quantized::k_quants::{
    self, BlockQ2K, BlockQ3K, BlockQ4K, BlockQ4_0, BlockQ4_1, BlockQ5K, BlockQ5_0, BlockQ5_1,
    BlockQ6K, BlockQ8_0, BlockQ8_1, GgmlType,
};
use candle_core::quantized::{GgmlDType, QStorage, QTensor, QuantizedType};
use candle_core::{CpuStorage, Result};
use half::f16;

/// The size of a huge page on x86-64 and on aarch64 with 4 KiB pages.
const HUGE_PAGE: usize = 2 << 20;

/// Where each tensor starts in an arena: a cache line, so that no row
/// shares one with the tensor before it.
const TENSOR_ALIGN: usize = 64;

/// The quantized layouts read here; the rest (floats, which are small here
/// and which candle converts) go through candle's reader.
const LAYOUTS: [GgmlDType; 11] = [
    GgmlDType::Q4_0,
    GgmlDType::Q4_1,
    GgmlDType::Q5_0,
    GgmlDType::Q5_1,
    GgmlDType::Q8_0,
    GgmlDType::Q8_1,
    GgmlDType::Q2K,
    GgmlDType::Q3K,
    GgmlDType::Q4K,
    GgmlDType::Q5K,
    GgmlDType::Q6K,
];

/// The bytes of tensor `info`, if it is of a layout read here.
fn tensor_bytes(info: &TensorInfo) -> Option<usize> {
    let dtype = info.ggml_dtype;
    if !LAYOUTS.contains(&dtype) {
        return None;
    }
    let values: usize = info.shape.dims().iter().product();
    values
        .is_multiple_of(dtype.block_size())
        .then(|| values / dtype.block_size() * dtype.type_size())
}

/// One buffer for the quantized tensors of a file, filled in the order they
/// are read. It is sized from the file's tensor table and allocated at the
/// first tensor, so that opening a file for its metadata costs nothing.
pub(super) struct Arena {
    /// The layouts it holds: a tensor the loader converts and drops (Q5_0
    /// where no kernel of ours reads it) gets a buffer of its own, which
    /// is freed with it.
    keeps: Vec<GgmlDType>,
    capacity: usize,
    buffer: Option<Arc<Buffer>>,
    used: usize,
}

impl Arena {
    /// An arena for the tensors of `infos` whose layout `keeps` accepts.
    pub(super) fn for_tensors<'a>(
        infos: impl IntoIterator<Item = &'a TensorInfo>,
        keeps: impl Fn(GgmlDType) -> bool,
    ) -> Arena {
        let keeps: Vec<GgmlDType> = LAYOUTS.into_iter().filter(|d| keeps(*d)).collect();
        let capacity = infos
            .into_iter()
            .filter(|info| keeps.contains(&info.ggml_dtype))
            .filter_map(tensor_bytes)
            .fold(0usize, |sum, bytes| {
                sum.saturating_add(bytes.next_multiple_of(TENSOR_ALIGN))
            });
        Arena {
            keeps,
            capacity,
            buffer: None,
            used: 0,
        }
    }

    /// `bytes` for a tensor of layout `dtype`: the next ones of the arena
    /// where it holds that layout and has room, else a buffer of their own.
    fn take(&mut self, dtype: GgmlDType, bytes: usize) -> Result<(Arc<Buffer>, usize)> {
        let fits = self.used.saturating_add(bytes) <= self.capacity;
        if !self.keeps.contains(&dtype) || !fits {
            return Ok((Arc::new(Buffer::new(bytes)?), 0));
        }
        let buffer = match &self.buffer {
            Some(buffer) => buffer.clone(),
            None => self
                .buffer
                .insert(Arc::new(Buffer::new(self.capacity)?))
                .clone(),
        };
        let offset = self.used;
        self.used = (offset + bytes).next_multiple_of(TENSOR_ALIGN);
        Ok((buffer, offset))
    }
}

/// Zeroed memory that starts on a huge-page boundary and asked for huge
/// pages before it was first written.
pub(super) struct Buffer {
    ptr: NonNull<u8>,
    layout: Layout,
}

// SAFETY: the buffer is plain memory owned by this value; it is written only
// through a `Slab`'s `&mut self`, each slab over bytes no other slab covers.
unsafe impl Send for Buffer {}
// SAFETY: as above: shared references only read.
unsafe impl Sync for Buffer {}

impl Buffer {
    fn new(bytes: usize) -> Result<Buffer> {
        let layout = Layout::from_size_align(bytes.max(1), HUGE_PAGE)
            .map_err(|e| candle_core::Error::Msg(format!("a buffer of {bytes} bytes: {e}")))?;
        // SAFETY: the layout's size is not zero.
        let raw = unsafe { std::alloc::alloc(layout) };
        let ptr = NonNull::new(raw).ok_or_else(|| {
            candle_core::Error::Msg(format!("out of memory for {bytes} bytes of weights"))
        })?;
        advise_huge(ptr.as_ptr(), layout.size());
        // SAFETY: the allocation is `layout.size()` bytes; zeroing after the
        // advice is the first write, so the pages come in huge.
        unsafe { std::ptr::write_bytes(ptr.as_ptr(), 0, layout.size()) };
        Ok(Buffer { ptr, layout })
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout, freed once.
        unsafe { std::alloc::dealloc(self.ptr.as_ptr(), self.layout) }
    }
}

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

/// `blocks` blocks of type `T` at byte `offset` of a buffer: a tensor's
/// storage, as candle's `Vec<T>` is, over memory it shares with the
/// arena's other tensors.
struct Slab<T> {
    buffer: Arc<Buffer>,
    offset: usize,
    blocks: usize,
    block: PhantomData<T>,
}

impl<T: GgmlType> Slab<T> {
    fn as_slice(&self) -> &[T] {
        // SAFETY: `offset` is a multiple of `TENSOR_ALIGN` (at least any
        // block's alignment) and `blocks` blocks from it lie inside the
        // buffer (`Arena::take`); the bytes are initialized and any bytes
        // are a valid block (plain numbers: f16 scales, byte arrays).
        unsafe {
            std::slice::from_raw_parts(
                self.buffer.ptr.as_ptr().add(self.offset).cast::<T>(),
                self.blocks,
            )
        }
    }

    fn as_mut_slice(&mut self) -> &mut [T] {
        // SAFETY: as in `as_slice`; no other slab covers these bytes and
        // `&mut self` excludes other references through this one.
        unsafe {
            std::slice::from_raw_parts_mut(
                self.buffer.ptr.as_ptr().add(self.offset).cast::<T>(),
                self.blocks,
            )
        }
    }
}

/// As candle's `impl QuantizedType for Vec<T>`, over the slab's slice.
impl<T: GgmlType + Send + Sync> QuantizedType for Slab<T> {
    fn dtype(&self) -> GgmlDType {
        T::DTYPE
    }

    fn matmul_t(&self, mkn: (usize, usize, usize), lhs: &[f32], dst: &mut [f32]) -> Result<()> {
        k_quants::matmul(mkn, lhs, self.as_slice(), dst)
    }

    fn matmul_t_f16(&self, mkn: (usize, usize, usize), lhs: &[f16], dst: &mut [f16]) -> Result<()> {
        k_quants::matmul_f16(mkn, lhs, self.as_slice(), dst)
    }

    fn embedding(&self, ids: &[u32], rows: usize, hidden: usize) -> Result<CpuStorage> {
        if !hidden.is_multiple_of(T::BLCK_SIZE) || self.blocks != rows * (hidden / T::BLCK_SIZE) {
            candle_core::bail!(
                "quantized embedding of {rows} rows of {hidden} over {} blocks of {}",
                self.blocks,
                T::BLCK_SIZE
            )
        }
        let row_blocks = hidden / T::BLCK_SIZE;
        let blocks = self.as_slice();
        let mut out = vec![0f32; ids.len() * hidden];
        for (dst, &id) in out.chunks_exact_mut(hidden).zip(ids) {
            let row = id as usize;
            if row >= rows {
                candle_core::bail!("embedding id {row} is out of range for {rows} rows")
            }
            T::to_float(&blocks[row * row_blocks..(row + 1) * row_blocks], dst);
        }
        Ok(CpuStorage::F32(out))
    }

    fn dequantize(&self, elem_count: usize) -> Result<CpuStorage> {
        let mut ys = vec![0.0f32; elem_count];
        T::to_float(self.as_slice(), &mut ys);
        Ok(CpuStorage::F32(ys))
    }

    fn storage_size_in_bytes(&self) -> usize {
        self.blocks * std::mem::size_of::<T>()
    }

    fn as_ptr(&self) -> *const u8 {
        self.as_slice().as_ptr().cast()
    }

    fn block_size(&self) -> usize {
        T::BLCK_SIZE
    }

    fn from_float(&mut self, xs: &[f32]) {
        T::from_float(xs, self.as_mut_slice())
    }

    fn from_float_imatrix(&mut self, xs: &[f32], imatrix_weights: &[f32], n_per_row: usize) {
        T::from_float_imatrix(xs, self.as_mut_slice(), imatrix_weights, n_per_row)
    }

    fn size(&self) -> usize {
        self.storage_size_in_bytes()
    }
}

/// The tensor `info` of a GGUF file whose tensor data starts at
/// `data_offset`, read into `arena`; `None` for layouts read the ordinary
/// way (see [`LAYOUTS`]).
pub(super) fn read_tensor<R: Read + Seek>(
    reader: &mut R,
    info: &TensorInfo,
    data_offset: u64,
    arena: &mut Arena,
) -> Result<Option<QTensor>> {
    let start = data_offset.saturating_add(info.offset);
    macro_rules! read_as {
        ($block:ty) => {
            read_blocks::<$block, R>(reader, info, start, arena)
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

/// The blocks of type `T` holding tensor `info` at byte `start` of
/// `reader`. `None` where candle's block type is not the file's size or the
/// values are not whole blocks (then candle's reader decides what to say).
fn read_blocks<T: GgmlType + Send + Sync + 'static, R: Read + Seek>(
    reader: &mut R,
    info: &TensorInfo,
    start: u64,
    arena: &mut Arena,
) -> Result<Option<QTensor>> {
    let dtype = info.ggml_dtype;
    if std::mem::size_of::<T>() != dtype.type_size() || T::BLCK_SIZE != dtype.block_size() {
        return Ok(None);
    }
    let Some(bytes) = tensor_bytes(info) else {
        return Ok(None);
    };
    let file_size = reader.seek(SeekFrom::End(0))?;
    if (bytes as u64) > file_size.saturating_sub(start) {
        candle_core::bail!(
            "tensor needs {bytes} bytes at offset {start}, only {} remaining in file",
            file_size.saturating_sub(start)
        );
    }
    let (buffer, offset) = arena.take(dtype, bytes)?;
    let mut slab = Slab::<T> {
        buffer,
        offset,
        blocks: bytes / std::mem::size_of::<T>(),
        block: PhantomData,
    };
    // SAFETY: the slab's blocks are `bytes` initialized bytes of its own
    // (see `Slab::as_mut_slice`), and any bytes are a valid block, so they
    // may be written as bytes.
    let raw = unsafe {
        let blocks = slab.as_mut_slice();
        std::slice::from_raw_parts_mut(blocks.as_mut_ptr().cast::<u8>(), bytes)
    };
    reader.seek(SeekFrom::Start(start))?;
    reader.read_exact(raw)?;
    Ok(Some(QTensor::new(
        QStorage::Cpu(Box::new(slab)),
        info.shape.dims(),
    )?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::dequantized;
    use candle_core::{Device, Tensor};

    /// The bytes of a `rows` by `cols` tensor quantized as `dtype`.
    fn quantized(dtype: GgmlDType, rows: usize, cols: usize) -> Vec<u8> {
        let values: Vec<f32> = (0..rows * cols)
            .map(|i| ((i * 7919) % 1000) as f32 / 500.0 - 1.0)
            .collect();
        let w = Tensor::from_vec(values, (rows, cols), &Device::Cpu).unwrap();
        let q = QTensor::quantize(&w, dtype).unwrap();
        q.data().unwrap().into_owned()
    }

    /// Tensors read into one arena must each hold the file's bytes and
    /// shape exactly as candle's reader gives them (a wrong offset, length
    /// or block type would show in the bytes or the dequantized values),
    /// one after another in a buffer that starts on a huge page; a layout
    /// the arena does not keep gets a buffer of its own.
    #[test]
    fn reads_the_same_tensors_as_candle_into_one_arena() {
        // 3 MiB or more of Q8_0, so the buffer spans a whole huge page,
        // and a small odd-sized one after it.
        let shapes = [
            (GgmlDType::Q8_0, 96, 32 * 1024),
            (GgmlDType::Q5_0, 3, 96),
            (GgmlDType::Q4K, 5, 512),
            (GgmlDType::Q6K, 7, 256),
        ];
        // A file with 5 bytes before the tensor data, each tensor 3 bytes
        // after the one before.
        let mut file = vec![0xAAu8; 5];
        let mut infos = Vec::new();
        for (dtype, rows, cols) in shapes {
            file.extend_from_slice(&[0x55; 3]);
            let bytes = quantized(dtype, rows, cols);
            infos.push((
                TensorInfo {
                    ggml_dtype: dtype,
                    shape: (rows, cols).into(),
                    offset: (file.len() - 5) as u64,
                },
                bytes.clone(),
            ));
            file.extend_from_slice(&bytes);
        }
        let mut arena =
            Arena::for_tensors(infos.iter().map(|(info, _)| info), |d| d != GgmlDType::Q5_0);
        let mut reader = std::io::Cursor::new(file);
        let mut starts = Vec::new();
        for (info, bytes) in &infos {
            let ours = read_tensor(&mut reader, info, 5, &mut arena)
                .unwrap()
                .expect("a quantized layout");
            let theirs = info.read(&mut reader, 5, &Device::Cpu).unwrap();
            let dtype = info.ggml_dtype;
            assert_eq!(ours.dtype(), dtype);
            assert_eq!(ours.shape().dims(), info.shape.dims());
            assert!(ours.data().unwrap() == theirs.data().unwrap(), "{dtype:?}");
            assert!(ours.data().unwrap() == bytes.as_slice(), "{dtype:?}");
            assert_eq!(dequantized(&ours), dequantized(&theirs), "{dtype:?}");
            starts.push(ours.data().unwrap().as_ptr() as usize);
        }
        let arena_start = arena.buffer.as_ref().map(|b| b.ptr.as_ptr() as usize);
        assert_eq!(arena_start, Some(starts[0]));
        assert_eq!(starts[0] % HUGE_PAGE, 0);
        let q8_bytes = infos[0].1.len();
        assert_eq!(
            starts[2],
            starts[0] + q8_bytes.next_multiple_of(TENSOR_ALIGN)
        );
        assert!(starts[1] < starts[0] || starts[1] >= starts[0] + arena.capacity);
        assert_eq!(arena.used, arena.capacity);
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
        let mut arena = Arena::for_tensors([&info], |_| true);
        let mut reader = std::io::Cursor::new(vec![0u8; 4 * 2 * 34 - 1]);
        let err = read_tensor(&mut reader, &info, 0, &mut arena).unwrap_err();
        assert!(err.to_string().contains("remaining in file"), "{err}");
    }
}
