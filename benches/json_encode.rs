//! JSON response encoding throughput on the shared workloads (W1: float32 (1000, 784); W2:
//! float64 (1000000,); W3: int64 (1000, 1000); W4: float32 (1, 4), one small response; W5:
//! `<U8` (10000,); W6: bool (1000, 1000)). The arrays are read from the raw `W*.bin` files that
//! `scripts/bench-reference.sh` writes into `target/ndbench` (or `NDBENCH_DIR`); a missing file
//! skips its benchmark. Throughput is in elements; the body size is printed once per workload
//! so MB/s can be derived.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::json::{self, EncodeOptions, JsonStyle};
use ndarray_descriptor::{DType, DynArray, NumpyNdarray};

fn workload(name: &str) -> Option<Vec<u8>> {
    let dir = std::env::var_os("NDBENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/ndbench"));
    std::fs::read(dir.join(format!("{name}.bin"))).ok()
}

fn array<T: ndarray_descriptor::Element, const N: usize>(
    bytes: &[u8],
    shape: &[usize],
    read: impl Fn([u8; N]) -> T,
) -> Option<DynArray> {
    let data = bytes
        .chunks_exact(N)
        .map(|c| read(c.try_into().unwrap()))
        .collect();
    ArrayD::from_shape_vec(IxDyn(shape), data)
        .ok()
        .map(DynArray::from)
}

/// The workload arrays, as the handler would hand them to the encoder.
fn arrays() -> Vec<(&'static str, DynArray)> {
    let mut v = Vec::new();
    let mut add = |name: &'static str, a: Option<DynArray>| match a {
        Some(a) => v.push((name, a)),
        None => eprintln!("skipping {name}: no {name}.bin workload"),
    };
    let w = |n| workload(n);
    add(
        "W1",
        w("W1").and_then(|b| array(&b, &[1000, 784], f32::from_le_bytes)),
    );
    add(
        "W2",
        w("W2").and_then(|b| array(&b, &[1_000_000], f64::from_le_bytes)),
    );
    add(
        "W3",
        w("W3").and_then(|b| array(&b, &[1000, 1000], i64::from_le_bytes)),
    );
    add(
        "W4",
        w("W4").and_then(|b| array(&b, &[1, 4], f32::from_le_bytes)),
    );
    add(
        "W5",
        w("W5").and_then(|b| {
            let strings: Vec<String> = b
                .chunks_exact(32)
                .map(|c| {
                    c.chunks_exact(4)
                        .filter_map(|u| char::from_u32(u32::from_le_bytes(u.try_into().unwrap())))
                        .filter(|&ch| ch != '\0')
                        .collect()
                })
                .collect();
            let a = ArrayD::from_shape_vec(IxDyn(&[strings.len()]), strings).ok()?;
            Some(DynArray::from_strings(a, 8))
        }),
    );
    add(
        "W6",
        w("W6").and_then(|b| array(&b, &[1000, 1000], |[x]: [u8; 1]| x != 0)),
    );
    v
}

fn bench(c: &mut Criterion) {
    let compact = EncodeOptions::new().with_style(JsonStyle::Compact);
    let mut g = c.benchmark_group("json_encode");
    for (name, arr) in arrays() {
        let reference = json::encode(&arr).unwrap();
        let short = json::encode_using(&arr, &compact).unwrap();
        eprintln!(
            "{name}: {} elements, reference body {} bytes, compact body {} bytes",
            arr.len(),
            reference.len(),
            short.len()
        );
        g.throughput(Throughput::Elements(arr.len() as u64));
        let mut out = Vec::new();
        g.bench_function(format!("{name}/reference"), |b| {
            b.iter(|| {
                out.clear();
                json::encode_into(black_box(&arr), &mut out).unwrap();
                out.len()
            })
        });
        g.bench_function(format!("{name}/compact"), |b| {
            b.iter(|| {
                out.clear();
                json::encode_into_using(black_box(&arr), &compact, &mut out).unwrap();
                out.len()
            })
        });
        if name == "W1" || name == "W4" {
            // A fresh body per response, as a server hands it on.
            g.bench_function(format!("{name}/encode_new_vec"), |b| {
                b.iter(|| json::encode(black_box(&arr)).unwrap())
            });
        }
        if name == "W4" {
            let desc = NumpyNdarray::builder()
                .dtype(DType::FLOAT32)
                .shape([-1, 4])
                .build()
                .unwrap();
            g.bench_function("W4/to_json", |b| {
                b.iter(|| desc.to_json(black_box(arr.clone())).unwrap())
            });
        }
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
