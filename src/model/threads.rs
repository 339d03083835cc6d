//! `--threads`: candle's CPU work runs on pools sized once, when first used:
//! its own barrier pool for quantized matmuls and element-wise kernels
//! (`CANDLE_NUM_THREADS`, else `RAYON_NUM_THREADS`), its private rayon pool
//! (`RAYON_NUM_THREADS`), and whatever rayon pool the caller runs in, on
//! which `gemm` runs float matmuls with `RAYON_NUM_THREADS` threads. We set
//! both variables before any model work, and run the model inside a rayon
//! pool of that size (see [`pool`]).

/// Sizes candle's pools to `threads`. Must run before the first tensor
/// operation of the process; fails if a pool already has another size.
pub fn configure(threads: usize) -> Result<(), String> {
    let threads = threads.max(1);
    // Setting variables races with C code reading the environment; this runs
    // before the model engine starts any thread.
    std::env::set_var("RAYON_NUM_THREADS", threads.to_string());
    std::env::set_var("CANDLE_NUM_THREADS", threads.to_string());
    let sizes = [
        ("candle's barrier pool", current()),
        (
            "candle's matmul threads",
            candle_core::utils::get_num_threads(),
        ),
    ];
    for (pool, size) in sizes {
        if size != threads {
            return Err(format!(
                "--threads {threads}: {pool} already runs {size} threads (set --threads before \
                 any model work, or RAYON_NUM_THREADS and CANDLE_NUM_THREADS in the environment)"
            ));
        }
    }
    Ok(())
}

/// The threads candle's kernels use.
pub fn current() -> usize {
    candle_core::utils::barrier_pool().n_workers() + 1
}

/// A rayon pool of [`current`] threads for the model's work: `gemm`
/// parallelizes float matmuls over the pool it is called in, which would
/// otherwise be the caller's (the pipeline's, sized by `--jobs`).
pub fn pool() -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(current())
        .thread_name(|i| format!("xlate-model-{i}"))
        .build()
        .map_err(|e| format!("cannot start the model's threads: {e}"))
}

/// Runs `task(i)` for every `i` in `0..n` on candle's barrier pool, each
/// thread taking the next index from one shared counter until none is left.
///
/// candle's `execute_chunked` hands out about an eighth of a thread's share
/// at a time, so the last grab of a large matrix (the output layer's: 150
/// tasks of 64 rows) can leave one core idle for half a millisecond while the
/// other finishes it, on every matrix of every decoded token; one task at a
/// time bounds that wait by the cost of one task, which the caller sizes.
/// The pool is entered through `execute_chunked` with one item per thread
/// only so that a call from inside the pool runs inline, as candle's own do.
pub fn for_each_task(n: usize, task: impl Fn(usize) + Sync) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    candle_core::utils::barrier_pool().execute_chunked(current(), |_| loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if i >= n {
            break;
        }
        task(i);
    });
}

/// Runs `task(i, chunk)` for each `chunk` of `data` cut into pieces of
/// `size` values (the last one shorter), `i` counting them, on candle's
/// barrier pool as [`for_each_task`] hands them out. Each thread writes
/// only the pieces it took, so the result is the same whichever thread
/// took which.
pub fn for_each_chunk_mut<T: Send>(
    data: &mut [T],
    size: usize,
    task: impl Fn(usize, &mut [T]) + Sync,
) {
    // The pool hands out indices, not slices: each piece behind a lock that
    // only the thread taking its index takes. A poisoned lock means another
    // task panicked, which the pool passes on.
    let chunks: Vec<std::sync::Mutex<&mut [T]>> = data
        .chunks_mut(size.max(1))
        .map(std::sync::Mutex::new)
        .collect();
    for_each_task(chunks.len(), |i| {
        if let Ok(mut chunk) = chunks[i].lock() {
            task(i, &mut chunk);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every piece is visited once with its own index, whatever the number
    /// of pieces against the threads (fewer, as many, more, a short last
    /// one), and an empty slice runs nothing.
    #[test]
    fn each_chunk_is_visited_once_with_its_index() {
        for (len, size) in [(0, 4), (1, 4), (3, 1), (7, 3), (64, 8), (1000, 7), (5, 100)] {
            let mut data = vec![0usize; len];
            for_each_chunk_mut(&mut data, size, |i, chunk| {
                for (j, x) in chunk.iter_mut().enumerate() {
                    *x += i * size + j + 1;
                }
            });
            let expected: Vec<usize> = (1..=len).collect();
            assert_eq!(data, expected, "{len} values in pieces of {size}");
        }
    }
}
