//! The model's own time per call, without HTTP or batching: tract's plan on 1, 8 and 64 rows
//! (the plain API's call, and the batched API's calls), iris rows repeated.
//!
//! `cargo bench --bench model` in examples/tract-iris.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ndarray::Array2;
use tract_iris::IrisModel;

fn model(c: &mut Criterion) {
    let model = IrisModel::bundled().unwrap();
    let rows = [
        [5.1f32, 3.5, 1.4, 0.2],
        [7.0, 3.2, 4.7, 1.4],
        [6.3, 3.3, 6.0, 2.5],
    ];
    let mut group = c.benchmark_group("tract_iris");
    for n in [1usize, 8, 64] {
        let x = Array2::from_shape_fn((n, 4), |(i, j)| rows[i % 3][j]);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("run/{n}"), |b| {
            b.iter(|| black_box(model.run(black_box(x.view())).unwrap()))
        });
    }
    group.finish();
}

criterion_group!(benches, model);
criterion_main!(benches);
