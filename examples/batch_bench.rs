//! The adaptive batching benchmark's server (`scripts/bench-batch.sh` drives it):
//! `cargo run --release --example batch_bench -- --port 3000`.
//!
//! One model, served over HTTP as two APIs of service `batch_bench` (float32 rows of 4 in, the
//! int64 class per row out, as the iris example's `classify`):
//!
//! - `POST /classify`: plain, one model call per request;
//! - `POST /classify_batch`: the same model, batchable
//!   (`Batching::new().max_batch_size(64).max_latency(10 ms)`): concurrent requests are
//!   merged along their rows into one call.
//!
//! The model sleeps `--fixed-ms` (2) plus `--per-row-us` (20) per row of its input with
//! `std::thread::sleep` on tokio's blocking pool, then answers the iris example's linear
//! classes. Sleeping, not spinning: it stands for an accelerator call, which takes wall time but
//! not the server's CPU, the case batching is for. A spinning model on this benchmark's 2-core
//! machine would also compete with the HTTP work and the load generator for the same cores,
//! and would measure that contention rather than the batcher.
//!
//! Calls go through the model-call gate like every `blocking_api` call: at most
//! `--max-concurrent-calls` (default: the number of CPUs, the crate's default) run at once.
//! `GET /metrics` has `ndarray_batch_rows{api="classify_batch"}`, the rows of each batched
//! call. The address bound is logged (`HTTP listening on http://..`; `--port 0` picks a free
//! port); SIGTERM or Ctrl-C drains and stops the server.
//!
//! Options: `--host` (127.0.0.1), `--port` (3000), `--fixed-ms` (2), `--per-row-us` (20),
//! `--max-batch-size` (64), `--max-latency-ms` (10), `--max-concurrent-calls` (CPUs),
//! `--max-concurrent-batches` (1, the crate's default), `--stagger` (1/3, the crate's default:
//! `Batching::stagger`, a fraction from 0 to 1).

use std::time::Duration;

use ndarray::{Array1, ArrayView2, Axis};
use ndarray_descriptor::batch::Batching;
use ndarray_descriptor::guard::{GuardConfig, Guards};
use ndarray_descriptor::http::{Api, Service};
use ndarray_descriptor::serve::{Server, ServerConfig, shutdown_signal};
use ndarray_descriptor::{DType, DynArray, Error, NumpyNdarray, Result};
use tokio::net::TcpListener;

/// Class scores `W · x + b`, as examples/serve.rs: a small petal is class 0.
const WEIGHTS: [[f32; 4]; 3] = [
    [0.0, 0.0, -3.0, -3.0],
    [0.0, 0.0, 0.0, 0.0],
    [0.0, 0.0, 3.0, 3.0],
];
const BIAS: [f32; 3] = [15.0, 0.0, -21.0];

struct Options {
    host: String,
    port: u16,
    fixed: Duration,
    per_row: Duration,
    max_batch_size: usize,
    max_latency: Duration,
    max_concurrent_calls: Option<usize>,
    max_concurrent_batches: usize,
    stagger: Option<f64>,
}

fn options() -> std::result::Result<Options, String> {
    let mut o = Options {
        host: "127.0.0.1".into(),
        port: 3000,
        fixed: Duration::from_millis(2),
        per_row: Duration::from_micros(20),
        max_batch_size: 64,
        max_latency: Duration::from_millis(10),
        max_concurrent_calls: None,
        max_concurrent_batches: 1,
        stagger: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let int = |v: &str| {
            v.parse::<u64>()
                .map_err(|_| format!("{flag}: not a whole number: {v:?}"))
        };
        match flag.as_str() {
            "--host" => o.host = value,
            "--port" => {
                o.port = u16::try_from(int(&value)?).map_err(|_| format!("bad port {value}"))?
            }
            "--fixed-ms" => o.fixed = Duration::from_millis(int(&value)?),
            "--per-row-us" => o.per_row = Duration::from_micros(int(&value)?),
            "--max-batch-size" => o.max_batch_size = int(&value)? as usize,
            "--max-latency-ms" => o.max_latency = Duration::from_millis(int(&value)?),
            "--max-concurrent-calls" => o.max_concurrent_calls = Some(int(&value)? as usize),
            "--max-concurrent-batches" => o.max_concurrent_batches = int(&value)? as usize,
            "--stagger" => {
                let f = value
                    .parse::<f64>()
                    .ok()
                    .filter(|f| (0.0..=1.0).contains(f))
                    .ok_or_else(|| format!("--stagger: not a fraction from 0 to 1: {value:?}"))?;
                o.stagger = Some(f);
            }
            _ => {
                return Err(format!(
                    "unknown option {flag} (--host, --port, --fixed-ms, --per-row-us, \
                     --max-batch-size, --max-latency-ms, --max-concurrent-calls, \
                     --max-concurrent-batches, --stagger)"
                ));
            }
        }
    }
    Ok(o)
}

/// The model: sleep `fixed + per_row · rows`, then the class of each row.
fn model(x: &DynArray, fixed: Duration, per_row: Duration) -> Result<DynArray> {
    let m: ArrayView2<'_, f32> = x
        .as_array::<f32>()
        .and_then(|a| a.view().into_dimensionality().ok())
        .filter(|m: &ArrayView2<'_, f32>| m.ncols() == 4)
        .ok_or_else(|| Error::bad_input("expecting float32 rows of 4 (shape (-1, 4))"))?;
    let rows = u32::try_from(m.nrows()).unwrap_or(u32::MAX);
    std::thread::sleep(fixed + per_row.saturating_mul(rows));
    let classes = m.map_axis(Axis(1), |row| {
        let mut best = 0;
        let mut best_score = f32::NEG_INFINITY;
        for (i, (w, b)) in WEIGHTS.iter().zip(BIAS).enumerate() {
            let score = w.iter().zip(row).map(|(w, x)| w * x).sum::<f32>() + b;
            if score > best_score {
                best = i;
                best_score = score;
            }
        }
        best as i64
    });
    Ok(DynArray::from(Array1::from(classes.to_vec()).into_dyn()))
}

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let o = match options() {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("batch_bench: {msg}");
            std::process::exit(2);
        }
    };
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_writer(std::io::stderr)
        .init();
    let mut guard_config = GuardConfig::default();
    if let Some(n) = o.max_concurrent_calls {
        guard_config = guard_config.with_max_concurrent_calls(n);
    }
    let guards = Guards::new(guard_config);
    let input = NumpyNdarray::builder()
        .dtype(DType::FLOAT32)
        .shape([-1, 4])
        .enforce_dtype(true)
        .build()?;
    let output = NumpyNdarray::builder()
        .dtype(DType::INT64)
        .shape([-1])
        .build()?;
    let batching = Batching::new()
        .max_batch_size(o.max_batch_size)
        .max_latency(o.max_latency)
        .max_concurrent_batches(o.max_concurrent_batches);
    let batching = match o.stagger {
        Some(f) => batching.stagger(f),
        None => batching,
    };
    let (fixed, per_row) = (o.fixed, o.per_row);
    let router = Service::new("batch_bench")
        .with_guards(guards.clone())
        .blocking_api(
            Api::new("classify", input.clone(), output.clone()),
            move |x: DynArray| model(&x, fixed, per_row),
        )
        .blocking_api(
            Api::new("classify_batch", input, output).with_batching(batching),
            move |x: DynArray| model(&x, fixed, per_row),
        )
        .router()?;
    tracing::info!(
        fixed = ?o.fixed,
        per_row = ?o.per_row,
        batching = ?batching,
        guards = ?guards,
        "starting batch_bench"
    );
    let http = TcpListener::bind((o.host.as_str(), o.port)).await?;
    Server::new(ServerConfig::default())
        .with_guards(guards)
        .http(http, router)
        .serve(shutdown_signal())
        .await?;
    Ok(())
}
