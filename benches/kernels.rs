//! The model's matrix kernels on one thread, in multiply-adds per second
//! (criterion's "elements"): prefill's product of a 128-token prompt by a
//! weight matrix (bf16 where the CPU has AVX-512 BF16, else f32 `gemm`
//! bands) and decode's product of one token by it, for each layout a
//! llama.cpp Q4_K_M or Q8_0 file of Qwen2.5-0.5B holds, in that model's
//! shapes; candle's kernel where ours do not apply on this CPU.
//! `cargo bench --bench kernels`.

use std::sync::Arc;

use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{Device, Module, Tensor};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use xlate::model::{dequant, matvec, threads};

fn kernels(c: &mut Criterion) {
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
    for (dtype, rows, cols) in shapes {
        let w = Tensor::randn(0f32, 1.0, (rows, cols), &Device::Cpu).unwrap();
        let q = Arc::new(QTensor::quantize(&w, dtype).unwrap());
        // What runs where our kernels do not apply (another CPU).
        let candle = QMatMul::from_arc(q.clone()).unwrap();
        for tokens in [128, 1] {
            let x = Tensor::randn(0f32, 1.0, (tokens, cols), &Device::Cpu).unwrap();
            group.throughput(Throughput::Elements((rows * cols * tokens) as u64));
            let name = format!("{dtype:?} {rows}x{cols}, {tokens} tokens");
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
    group.finish();
}

criterion_group!(benches, kernels);
criterion_main!(benches);
