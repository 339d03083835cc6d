//! `--threads`: candle's CPU work runs on three pools, each sized once, when
//! first used: its own barrier pool for quantized matmuls and element-wise
//! kernels (`CANDLE_NUM_THREADS`, else `RAYON_NUM_THREADS`), its private
//! rayon pool (`RAYON_NUM_THREADS`), and rayon's global pool, on which
//! `gemm` runs float matmuls with `RAYON_NUM_THREADS` threads. Setting both
//! variables and building the global pool before any model work sizes all
//! of them.

/// Sizes every pool candle uses to `threads`. Must run before the first
/// tensor operation of the process; fails if a pool already has another size.
pub fn configure(threads: usize) -> Result<(), String> {
    let threads = threads.max(1);
    // Setting variables races with threads reading the environment; this
    // runs before the model engine starts any.
    std::env::set_var("RAYON_NUM_THREADS", threads.to_string());
    std::env::set_var("CANDLE_NUM_THREADS", threads.to_string());
    // An error here means the global pool exists already; its size is
    // checked below.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build_global();
    let sizes = [
        ("rayon's global pool", rayon::current_num_threads()),
        (
            "candle's barrier pool",
            candle_core::utils::barrier_pool().n_workers() + 1,
        ),
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

/// The threads candle's quantized kernels use now.
pub fn current() -> usize {
    candle_core::utils::barrier_pool().n_workers() + 1
}
