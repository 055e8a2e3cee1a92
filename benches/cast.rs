//! `astype` on W1-shaped arrays (1000 × 784, an MNIST-sized batch): the cast `validate` runs
//! when a request's dtype differs from the descriptor's. Throughput is source bytes.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::{DType, DynArray, astype};

const SHAPE: [usize; 2] = [1000, 784];

fn w1<T>(f: impl Fn(usize) -> T) -> ArrayD<T> {
    let n = SHAPE[0] * SHAPE[1];
    ArrayD::from_shape_vec(IxDyn(&SHAPE), (0..n).map(f).collect()).expect("W1 shape")
}

fn bench(c: &mut Criterion) {
    let n = SHAPE[0] * SHAPE[1];
    let mut g = c.benchmark_group("astype_w1");

    let f64s = DynArray::from(w1(|i| (i as f64) * 0.37 - 1000.0));
    g.throughput(Throughput::Bytes((n * 8) as u64));
    g.bench_function("float64_to_float32", |b| {
        b.iter(|| astype(black_box(&f64s), DType::FLOAT32))
    });

    let i64s = DynArray::from(w1(|i| (i as i64) * 7919 - 3_000_000));
    g.bench_function("int64_to_int32", |b| {
        b.iter(|| astype(black_box(&i64s), DType::INT32))
    });

    let f32s = DynArray::from(w1(|i| (i as f32) * 0.5));
    g.throughput(Throughput::Bytes((n * 4) as u64));
    g.bench_function("float32_to_float64", |b| {
        b.iter(|| astype(black_box(&f32s), DType::FLOAT64))
    });

    // Numbers to text (a `str` descriptor meeting a numeric request): one String per element.
    g.sample_size(10);
    g.bench_function("float32_to_str", |b| {
        b.iter(|| astype(black_box(&f32s), DType::STR))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
