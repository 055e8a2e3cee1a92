//! Protobuf `NDArray` throughput on the W1 (float32 (1000, 784), packed fixed32) and W3
//! (int64 (1000, 1000), packed varints) workloads, next to a plain memcpy of the same bytes.
//!
//! The workloads are read from `$NDBENCH_DIR` (default `target/ndbench`, then
//! `../main/target/ndbench`: `scripts/bench-reference.sh` writes them there); without the files
//! the same shapes and value ranges are generated here and encoded by the crate.
//!
//! Measured on the shared 2-core box under load (release, one run, with the reference's
//! `anchors.py` run right after): memcpy of W1 4.8 GiB/s; W1 decode 5.7 GiB/s (1.2x memcpy,
//! the reference 17 MB/s); W1 encode 6.2 GiB/s into a reused buffer, 5.0 GiB/s into a new
//! `Vec` (reference 9.8 MB/s); W3 decode 428 MiB/s (reference 32 MB/s, 14x). Compare ratios
//! from one run only: absolute figures on this machine move by 2x with the load.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::{DynArray, Limits, proto};

fn bench_dir() -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("NDBENCH_DIR").map(PathBuf::from),
        Some(root.join("target/ndbench")),
        Some(root.join("../main/target/ndbench")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|d| d.join("W1.pb").is_file())
}

/// xorshift64*: deterministic stand-in values when the workload files are absent.
fn rng(seed: u64) -> impl FnMut() -> u64 {
    let mut s = seed;
    move || {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        s.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn workload(name: &str) -> Vec<u8> {
    if let Some(dir) = bench_dir()
        && let Ok(bytes) = std::fs::read(dir.join(format!("{name}.pb")))
    {
        return bytes;
    }
    let arr = match name {
        "W1" => {
            let mut r = rng(1);
            let v: Vec<f32> = (0..784_000)
                .map(|_| (r() >> 40) as f32 / (1u64 << 24) as f32)
                .collect();
            DynArray::from(ArrayD::from_shape_vec(IxDyn(&[1000, 784]), v).expect("shape"))
        }
        _ => {
            let mut r = rng(3);
            let v: Vec<i64> = (0..1_000_000)
                .map(|_| (r() % 2_000_000) as i64 - 1_000_000)
                .collect();
            DynArray::from(ArrayD::from_shape_vec(IxDyn(&[1000, 1000]), v).expect("shape"))
        }
    };
    proto::encode(&arr).expect("encodable")
}

fn proto(c: &mut Criterion) {
    let limits = Limits::default();
    let w1 = workload("W1");
    let w3 = workload("W3");
    let w1_arr = proto::decode(&w1, &limits).expect("W1 decodes");
    let mut group = c.benchmark_group("proto");

    group.throughput(Throughput::Bytes(w1.len() as u64));
    group.bench_function("memcpy W1 bytes (to_vec)", |b| {
        b.iter(|| black_box(black_box(&w1).to_vec()))
    });
    let mut dst = vec![0u8; w1.len()];
    group.bench_function("memcpy W1 bytes (reused buffer)", |b| {
        b.iter(|| {
            dst.copy_from_slice(black_box(&w1));
            black_box(&dst);
        })
    });
    group.bench_function("decode W1 float32", |b| {
        b.iter(|| black_box(proto::decode(black_box(&w1), &limits).expect("decodes")))
    });
    let mut out = Vec::with_capacity(w1.len());
    group.bench_function("encode W1 float32 (reused buffer)", |b| {
        b.iter(|| {
            out.clear();
            proto::encode_into(black_box(&w1_arr), &mut out).expect("encodes");
            black_box(&out);
        })
    });
    group.bench_function("encode W1 float32 (new Vec)", |b| {
        b.iter(|| black_box(proto::encode(black_box(&w1_arr)).expect("encodes")))
    });

    group.throughput(Throughput::Bytes(w3.len() as u64));
    group.bench_function("decode W3 int64 varints", |b| {
        b.iter(|| black_box(proto::decode(black_box(&w3), &limits).expect("decodes")))
    });
    group.finish();
}

criterion_group!(benches, proto);
criterion_main!(benches);
