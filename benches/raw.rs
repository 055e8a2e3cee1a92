//! `serialized_bytes` decode and encode on the W1 workload (a 3,136,000-byte float32 payload,
//! 784,000 elements), against a plain `memcpy` (`Vec::extend_from_slice`) of the same buffer.
//!
//! Run with `cargo bench --bench raw`; criterion prints GB/s for each (`Throughput::Bytes`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray_descriptor::{ByteOrder, DType, Limits, raw};

const W1_BYTES: usize = 3_136_000;

fn payload() -> Vec<u8> {
    (0..W1_BYTES / 4)
        .flat_map(|i| ((i as f32) * 0.5 - 1000.0).to_le_bytes())
        .collect()
}

fn bench(c: &mut Criterion) {
    let bytes = payload();
    let limits = Limits::default();
    let mut g = c.benchmark_group("raw_w1_f32");
    g.throughput(Throughput::Bytes(W1_BYTES as u64));

    g.bench_function("memcpy_extend_from_slice", |b| {
        b.iter(|| {
            let mut v: Vec<u8> = Vec::with_capacity(W1_BYTES);
            v.extend_from_slice(black_box(&bytes));
            black_box(v)
        })
    });
    g.bench_function("decode_le_native", |b| {
        b.iter(|| black_box(raw::decode(black_box(&bytes), DType::FLOAT32, &limits).unwrap()))
    });
    let be = DType::FLOAT32.with_byteorder(ByteOrder::Big);
    g.bench_function("decode_be_swapped", |b| {
        b.iter(|| black_box(raw::decode(black_box(&bytes), be, &limits).unwrap()))
    });

    let arr = raw::decode(&bytes, DType::FLOAT32, &limits).unwrap();
    g.bench_function("encode_le_native", |b| {
        b.iter(|| black_box(raw::encode(black_box(&arr), ByteOrder::Little).unwrap()))
    });
    let mut buf = Vec::with_capacity(W1_BYTES);
    g.bench_function("memcpy_reused_buffer", |b| {
        b.iter(|| {
            buf.clear();
            buf.extend_from_slice(black_box(&bytes));
            black_box(buf.len())
        })
    });
    g.bench_function("encode_into_reused_buffer", |b| {
        b.iter(|| {
            buf.clear();
            raw::encode_into(black_box(&arr), ByteOrder::Little, &mut buf).unwrap();
            black_box(buf.len())
        })
    });
    g.bench_function("encode_be_swapped", |b| {
        b.iter(|| black_box(raw::encode(black_box(&arr), ByteOrder::Big).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
