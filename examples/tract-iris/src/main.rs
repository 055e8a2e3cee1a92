//! The iris classifier (scikit-learn → ONNX → tract) as a BentoML-compatible HTTP service:
//! `cargo run --release -- --port 3000` in examples/tract-iris.
//!
//! `POST /classify`, `POST /classify_batch` (batchable: `--max-batch-size` (64) rows at most
//! a call, none waiting more than `--max-latency-ms` (10) for its batch) and
//! `POST /predict_proba`, plus the crate's `/docs.json`, probes and `GET /metrics`
//! (`ndarray_batch_rows{api="classify_batch"}` counts the rows of each batched call).
//!
//! ```sh
//! curl -X POST -H 'Content-Type: application/json' -d '[[5.1, 3.5, 1.4, 0.2]]' \
//!     http://127.0.0.1:3000/classify_batch
//! ```
//!
//! Options: `--host` (127.0.0.1), `--port` (3000; 0 picks a free port, the address bound is
//! logged as `HTTP listening on http://..`), `--model` (an ONNX file with the same interface;
//! default: `model/iris.onnx`, built in), `--max-batch-size` (64), `--max-latency-ms` (10),
//! `--max-concurrent-calls` (CPUs, the crate's default), `--max-concurrent-batches` (1, the
//! crate's default). SIGTERM or Ctrl-C drains and stops the server.

use std::time::Duration;

use ndarray_descriptor::batch::Batching;
use ndarray_descriptor::guard::{GuardConfig, Guards};
use ndarray_descriptor::serve::{Server, ServerConfig, shutdown_signal};
use tokio::net::TcpListener;
use tract_iris::IrisModel;

struct Options {
    host: String,
    port: u16,
    model: Option<std::path::PathBuf>,
    max_batch_size: usize,
    max_latency: Duration,
    max_concurrent_calls: Option<usize>,
    max_concurrent_batches: usize,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        host: "127.0.0.1".into(),
        port: 3000,
        model: None,
        max_batch_size: 64,
        max_latency: Duration::from_millis(10),
        max_concurrent_calls: None,
        max_concurrent_batches: 1,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let int = |v: &str| {
            v.parse::<usize>()
                .map_err(|_| format!("{flag}: not a whole number: {v:?}"))
        };
        match flag.as_str() {
            "--host" => o.host = value,
            "--port" => o.port = value.parse().map_err(|_| format!("bad port {value:?}"))?,
            "--model" => o.model = Some(value.into()),
            "--max-batch-size" => o.max_batch_size = int(&value)?,
            "--max-latency-ms" => o.max_latency = Duration::from_millis(int(&value)? as u64),
            "--max-concurrent-calls" => o.max_concurrent_calls = Some(int(&value)?),
            "--max-concurrent-batches" => o.max_concurrent_batches = int(&value)?,
            _ => {
                return Err(format!(
                    "unknown option {flag} (--host, --port, --model, --max-batch-size, \
                     --max-latency-ms, --max-concurrent-calls, --max-concurrent-batches)"
                ));
            }
        }
    }
    Ok(o)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let o = match options() {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("tract-iris: {msg}");
            std::process::exit(2);
        }
    };
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_writer(std::io::stderr)
        .init();
    let model = match &o.model {
        Some(path) => IrisModel::from_onnx(&std::fs::read(path)?)?,
        None => IrisModel::bundled()?,
    };
    let mut guard_config = GuardConfig::default();
    if let Some(n) = o.max_concurrent_calls {
        guard_config = guard_config.with_max_concurrent_calls(n);
    }
    let guards = Guards::new(guard_config);
    let batching = Batching::new()
        .max_batch_size(o.max_batch_size)
        .max_latency(o.max_latency)
        .max_concurrent_batches(o.max_concurrent_batches);
    let router = tract_iris::service(model.clone(), batching)?
        .with_guards(guards.clone())
        .router()?;
    tracing::info!(?model, ?batching, ?guards, "starting tract-iris");
    let http = TcpListener::bind((o.host.as_str(), o.port)).await?;
    Server::new(ServerConfig::default())
        .with_guards(guards)
        .http(http, router)
        .serve(shutdown_signal())
        .await?;
    Ok(())
}
