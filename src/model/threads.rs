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
