//! JSON request decoding throughput on the shared workloads (W1: float32 (1000, 784); W4:
//! float32 (1, 4), one small request). The workloads are made by
//! `scripts/bench-reference.sh` / `../shared/bench/make_workloads.py` into `target/ndbench`
//! (or `NDBENCH_DIR`); a missing file skips its benchmark.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray_descriptor::{DType, Limits, NumpyNdarray, json};

fn workload(name: &str) -> Option<Vec<u8>> {
    let dir = std::env::var_os("NDBENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/ndbench"));
    std::fs::read(dir.join(name)).ok()
}

fn bench(c: &mut Criterion) {
    let limits = Limits::default();
    let mut g = c.benchmark_group("json_decode");
    for (name, dtype) in [
        ("W1", DType::FLOAT32),
        ("W2", DType::FLOAT64),
        ("W3", DType::INT64),
    ] {
        let Some(body) = workload(&format!("{name}.json")) else {
            eprintln!("skipping {name}: no {name}.json workload");
            continue;
        };
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| json::decode(black_box(&body), Some(dtype), &limits).unwrap())
        });
    }
    if let Some(body) = workload("W4.json") {
        let desc = NumpyNdarray::builder()
            .dtype(DType::FLOAT32)
            .shape([-1, 4])
            .build()
            .unwrap();
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_function("W4", |b| {
            b.iter(|| json::decode(black_box(&body), Some(DType::FLOAT32), &limits).unwrap())
        });
        g.bench_function("W4_from_json", |b| {
            b.iter(|| desc.from_json(black_box(&body)).unwrap())
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
