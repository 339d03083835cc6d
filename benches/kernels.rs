//! The model's matrix kernels on one thread, in multiply-adds per second
//! (criterion's "elements"), on every CPU path this machine runs (see
//! `xlate::model::cpu`): prefill's product of a 128-token prompt by a
//! weight matrix (bf16 on the AVX-512 path where the CPU has AVX-512 BF16,
//! our 16-bit integer bands for Q8_0 and Q5_0 and f32 bands for the rest on
//! AVX2, f32 `gemm` bands on NEON, candle's quantized kernel on generic) and
//! decode's product of one token by it (ours where the path has a kernel
//! for the layout, else candle's), for each layout a llama.cpp Q4_K_M or
//! Q8_0 file of Qwen2.5-0.5B holds, in that model's shapes. Each benchmark
//! is named `PATH LAYOUT ROWSxCOLS, N tokens (KERNEL)`.
//! `cargo bench --bench kernels`; one path's rows only:
//! `cargo bench --bench kernels -- '^kernels/avx2 '`, one layout's:
//! `cargo bench --bench kernels -- Q4K`.
//!
//! Time is the process's CPU time, not the wall clock: on a machine other
//! work keeps busy, wall time measures the scheduler's share (the figures
//! swung tenfold with the load), CPU time what the kernel costs; on a quiet
//! machine with one thread the two agree.

use std::sync::Arc;

use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{Device, Module, Tensor};
use criterion::measurement::{Measurement, ValueFormatter};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use xlate::model::{cpu, dequant, kernels, matvec, threads};

fn kernels_on_every_path(c: &mut Criterion<CpuTime>) {
    threads::configure(1).expect("the first model work in this process");
    // (layout, rows, columns): gate/up and the attention matrices are
    // 4864 × 896 and 896 × 896 in Q5_0 or Q8_0; ffn_down 896 × 4864 in Q4_K
    // or Q6_K.
    let shapes = [
        (GgmlDType::Q8_0, 4864, 896),
        (GgmlDType::Q5_0, 4864, 896),
        (GgmlDType::Q4K, 896, 4864),
        (GgmlDType::Q6K, 896, 4864),
    ];
    let mut group = c.benchmark_group("kernels");
    group.sample_size(20);
    for path in cpu::supported() {
        // The process-wide path: the benchmarks run one after another.
        cpu::set(path);
        eprintln!("{path}: {}", kernels());
        let bf16_prefill = kernels().contains("prefill bf16");
        for (dtype, rows, cols) in shapes {
            let w = Tensor::randn(0f32, 1.0, (rows, cols), &Device::Cpu).unwrap();
            let q = QTensor::quantize(&w, dtype).unwrap();
            // The loader's conversion where the path has no Q5_0 kernel.
            let q = if dtype == GgmlDType::Q5_0 && !matvec::applies(dtype) {
                QTensor::quantize(&q.dequantize(&Device::Cpu).unwrap(), GgmlDType::Q8_0).unwrap()
            } else {
                q
            };
            let q = Arc::new(q);
            // What runs where our kernels do not apply.
            let candle = QMatMul::from_arc(q.clone()).unwrap();
            for tokens in [128, 1] {
                let x = Tensor::randn(0f32, 1.0, (tokens, cols), &Device::Cpu).unwrap();
                let ours = if tokens == 1 {
                    matvec::matvec(&x, &q).unwrap().is_some()
                } else {
                    dequant::matmul_t(&x, &q).unwrap().is_some()
                };
                let kernel = match (ours, tokens) {
                    (false, _) => "candle".to_string(),
                    (true, 1) => format!("ours, {}", matvec::name()),
                    (true, _) if path == cpu::CpuPath::Avx512 && bf16_prefill => {
                        "ours, bf16 bands".to_string()
                    }
                    (true, _)
                        if path == cpu::CpuPath::Avx2
                            && matches!(q.dtype(), GgmlDType::Q8_0 | GgmlDType::Q5_0) =>
                    {
                        "ours, int16 bands".to_string()
                    }
                    (true, _) => "ours, f32 bands".to_string(),
                };
                group.throughput(Throughput::Elements((rows * cols * tokens) as u64));
                let name = format!(
                    "{path} {dtype:?} {rows}x{cols}, {tokens} tokens ({kernel}, {:?} stored)",
                    q.dtype()
                );
                group.bench_function(name, |b| {
                    b.iter(|| {
                        let ours = if tokens == 1 {
                            matvec::matvec(&x, &q).unwrap()
                        } else {
                            dequant::matmul_t(&x, &q).unwrap()
                        };
                        ours.unwrap_or_else(|| candle.forward(&x).unwrap())
                    })
                });
            }
        }
    }
    group.finish();
}

/// The CPU time of the whole process (every thread), in nanoseconds.
struct CpuTime;

/// Now, on the process's CPU clock.
fn cpu_now() -> std::time::Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec to write; the clock always exists.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut t) };
    std::time::Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

impl Measurement for CpuTime {
    type Intermediate = std::time::Duration;
    type Value = std::time::Duration;

    fn start(&self) -> Self::Intermediate {
        cpu_now()
    }
    fn end(&self, start: Self::Intermediate) -> Self::Value {
        cpu_now().saturating_sub(start)
    }
    fn add(&self, a: &Self::Value, b: &Self::Value) -> Self::Value {
        *a + *b
    }
    fn zero(&self) -> Self::Value {
        std::time::Duration::ZERO
    }
    fn to_f64(&self, value: &Self::Value) -> f64 {
        value.as_nanos() as f64
    }
    fn formatter(&self) -> &dyn ValueFormatter {
        &CpuTimeFormatter
    }
}

/// Nanoseconds of CPU time, and throughputs per CPU second.
struct CpuTimeFormatter;

impl ValueFormatter for CpuTimeFormatter {
    fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
        let (factor, unit) = match typical {
            t if t < 1e3 => (1.0, "ns"),
            t if t < 1e6 => (1e-3, "µs"),
            t if t < 1e9 => (1e-6, "ms"),
            _ => (1e-9, "s"),
        };
        values.iter_mut().for_each(|v| *v *= factor);
        unit
    }

    fn scale_throughputs(
        &self,
        _typical: f64,
        throughput: &Throughput,
        values: &mut [f64],
    ) -> &'static str {
        let (count, unit) = match *throughput {
            Throughput::Bytes(n) | Throughput::BytesDecimal(n) => (n, "GB/s (CPU)"),
            Throughput::Elements(n) => (n, "Gelem/s (CPU)"),
        };
        values.iter_mut().for_each(|v| *v = count as f64 / *v);
        unit
    }

    fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
        "ns"
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().with_measurement(CpuTime);
    targets = kernels_on_every_path
}
criterion_main!(benches);
