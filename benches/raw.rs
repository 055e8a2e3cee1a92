//! `serialized_bytes` decode and encode on the W1 workload (a 3,136,000-byte float32 payload,
//! 784,000 elements), against a plain `memcpy` (`Vec::extend_from_slice`) of the same buffer.
//!
//! Run with `cargo bench --bench raw`; criterion prints GB/s for each (`Throughput::Bytes`).
//! Before criterion runs, an interleaved comparison times memcpy, decode and encode in
//! alternation for a few hundred rounds and prints the median of the per-round ratios: on a
//! shared machine whose load drifts, that ratio is steadier than two separate criterion runs.
//!
//! Measured on the 2-core development machine at a quiet moment (criterion medians, GiB/s):
//! memcpy 12.2, decode 12.5 (1.03x memcpy), big-endian decode 11.6 (0.95x), encode 13.0,
//! encode into a reused buffer 12.1 (memcpy into one: 12.6), big-endian encode 5.5, npy decode
//! 10.5, npy encode 11.6; interleaved ratios 1.00x for both decode and encode. Under load the
//! criterion numbers swing by 2x, the interleaved ratios stayed within 0.99x-1.03x.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group};
use ndarray_descriptor::{ByteOrder, DType, Limits, npy, raw};

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

    let file = npy::encode(&arr).unwrap();
    g.bench_function("npy_decode", |b| {
        b.iter(|| black_box(npy::decode(black_box(&file), &limits).unwrap()))
    });
    g.bench_function("npy_encode", |b| {
        b.iter(|| black_box(npy::encode(black_box(&arr)).unwrap()))
    });
    g.finish();
}

fn time(f: &mut dyn FnMut()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Median per-round ratios against memcpy, each round timing every contender back to back.
fn interleaved() {
    let bytes = payload();
    let limits = Limits::default();
    let arr = raw::decode(&bytes, DType::FLOAT32, &limits).unwrap();
    let mut buf: Vec<u8> = Vec::with_capacity(W1_BYTES);
    let mut memcpy = || {
        let mut v: Vec<u8> = Vec::with_capacity(W1_BYTES);
        v.extend_from_slice(black_box(&bytes));
        black_box(v);
    };
    let mut decode = || {
        black_box(raw::decode(black_box(&bytes), DType::FLOAT32, &limits).unwrap());
    };
    let mut encode = || {
        black_box(raw::encode(black_box(&arr), ByteOrder::Little).unwrap());
    };
    let mut memcpy_reused = || {
        buf.clear();
        buf.extend_from_slice(black_box(&bytes));
        black_box(buf.len());
    };
    let (mut m, mut d, mut e, mut mr) = (vec![], vec![], vec![], vec![]);
    for _ in 0..300 {
        let tm = time(&mut memcpy).as_secs_f64();
        d.push(time(&mut decode).as_secs_f64() / tm);
        e.push(time(&mut encode).as_secs_f64() / tm);
        mr.push(time(&mut memcpy_reused).as_secs_f64() / tm);
        m.push(tm);
    }
    let gbs = W1_BYTES as f64 / median(m.clone()) / 1e9;
    println!(
        "interleaved W1 f32 (median of 300 rounds): memcpy {gbs:.2} GB/s; decode {:.2}x, \
         encode {:.2}x, reused-buffer memcpy {:.2}x the memcpy time",
        median(d),
        median(e),
        median(mr)
    );
}

criterion_group!(benches, bench);

fn main() {
    interleaved();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
