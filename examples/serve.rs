//! A BentoML-compatible `iris_classifier` service: `cargo run --example serve`.
//!
//! The model is built in: a fixed linear classifier over the four iris features (sepal length,
//! sepal width, petal length, petal width; float32, shape `(-1, 4)`), with a softmax for the
//! probabilities. Two APIs, served over HTTP (axum) and gRPC (tonic) at once:
//!
//! - `classify`: the class index per row (int64, shape `(-1,)`: 0 setosa, 1 versicolor,
//!   2 virginica), as BentoML's iris quickstart answers;
//! - `predict_proba`: the softmax probabilities (float32, shape `(-1, 3)`).
//!
//! HTTP on 127.0.0.1:3000: `POST /classify`, `POST /predict_proba` (JSON, octet-stream and npy
//! bodies), `GET /docs.json`, `/healthz`, `/livez`, `/readyz`. gRPC `bentoml.grpc.v1.BentoService`
//! on 127.0.0.1:3001.
//!
//! ```sh
//! curl -X POST -H 'Content-Type: application/json' -d '[[5.1, 3.5, 1.4, 0.2]]' \
//!     http://127.0.0.1:3000/classify
//! ```
//!
//! Options (flag, else environment variable, else default):
//! `--host` / `BENTOML_HOST` (127.0.0.1), `--port` / `BENTOML_PORT` (3000, HTTP),
//! `--grpc-port` / `BENTOML_GRPC_PORT` (3001), `--max-body-bytes` / `BENTOML_MAX_BODY_BYTES`
//! (67108864, both transports). A port of 0 picks a free one; the addresses actually bound are
//! logged (`listening` lines). Logs go to stderr through `tracing`; `--log-level` /
//! `RUST_LOG` (info) sets the level.

use std::future::Future;

use ndarray::{Array1, Array2, ArrayView2, Axis};
use ndarray_descriptor::grpc::Servicer;
use ndarray_descriptor::http::{Api, Service};
use ndarray_descriptor::{DType, DynArray, Error, Limits, NumpyNdarray, Result, format_tuple};
use tokio::net::TcpListener;
use tonic::transport::server::TcpIncoming;

const SERVICE: &str = "iris_classifier";

/// Class scores `W · x + b`: only the petal measurements matter (a small petal is setosa, a
/// large one virginica), which separates the classic iris samples.
const WEIGHTS: [[f32; 4]; 3] = [
    [0.0, 0.0, -3.0, -3.0],
    [0.0, 0.0, 0.0, 0.0],
    [0.0, 0.0, 3.0, 3.0],
];
const BIAS: [f32; 3] = [15.0, 0.0, -21.0];

fn logits(x: ArrayView2<'_, f32>) -> Array2<f32> {
    let w = Array2::from_shape_fn((3, 4), |(i, j)| WEIGHTS[i][j]);
    let b = Array1::from_iter(BIAS);
    x.dot(&w.t()) + &b
}

/// The validated input as a `(n, 4)` float32 matrix. The descriptor enforces the dtype (any
/// `same_kind` cast is made) but not the shape, so a flat `serialized_bytes` payload or a single
/// row `[5.1, 3.5, 1.4, 0.2]` is reshaped to `(-1, 4)`; what cannot be is refused here with
/// BentoML's shape message.
fn features(x: &DynArray) -> Result<ArrayView2<'_, f32>> {
    let matrix = x
        .as_array::<f32>()
        .and_then(|a| a.view().into_dimensionality().ok())
        .filter(|m: &ArrayView2<'_, f32>| m.ncols() == 4);
    matrix.ok_or_else(|| {
        Error::bad_input(format!(
            "NumpyNdarray: Expecting ndarray of shape \"(-1, 4)\", but \"{}\" was received.",
            format_tuple(x.shape().iter().map(|&d| d as i64))
        ))
    })
}

async fn classify(x: DynArray) -> Result<DynArray> {
    let scores = logits(features(&x)?);
    let classes = scores.map_axis(Axis(1), |row| {
        // The first of equal maxima, as numpy's argmax.
        let mut best = 0;
        for (i, &v) in row.iter().enumerate() {
            if v > row[best] {
                best = i;
            }
        }
        best as i64
    });
    Ok(DynArray::from(classes.into_dyn()))
}

async fn predict_proba(x: DynArray) -> Result<DynArray> {
    let mut p = logits(features(&x)?);
    for mut row in p.rows_mut() {
        let max = row.fold(f32::NEG_INFINITY, |m, &v| m.max(v));
        row.mapv_inplace(|v| (v - max).exp());
        let sum = row.sum();
        row.mapv_inplace(|v| v / sum);
    }
    Ok(DynArray::from(p.into_dyn()))
}

struct Options {
    host: String,
    port: u16,
    grpc_port: u16,
    max_body_bytes: usize,
    log_level: tracing::Level,
}

fn options() -> std::result::Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let env = |name: &str| std::env::var(name).ok();
    let (mut host, mut port, mut grpc_port, mut max_body, mut level) = (
        env("BENTOML_HOST"),
        env("BENTOML_PORT"),
        env("BENTOML_GRPC_PORT"),
        env("BENTOML_MAX_BODY_BYTES"),
        env("RUST_LOG"),
    );
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--host" => &mut host,
            "--port" => &mut port,
            "--grpc-port" => &mut grpc_port,
            "--max-body-bytes" => &mut max_body,
            "--log-level" => &mut level,
            "-h" | "--help" => {
                return Err("usage: serve [--host H] [--port P] [--grpc-port P] \
                            [--max-body-bytes N] [--log-level L]"
                    .into());
            }
            other => return Err(format!("unknown flag {other} (try --help)")),
        };
        *slot = Some(args.next().ok_or(format!("{flag} needs a value"))?);
    }
    let num = |v: Option<String>, default: usize, what: &str| {
        v.map_or(Ok(default), |s| {
            s.trim().parse().map_err(|_| format!("invalid {what}: {s}"))
        })
    };
    let port16 = |v, default: u16, what| -> std::result::Result<u16, String> {
        u16::try_from(num(v, usize::from(default), what)?).map_err(|_| format!("{what} too big"))
    };
    Ok(Options {
        host: host.unwrap_or_else(|| "127.0.0.1".into()),
        port: port16(port, 3000, "port")?,
        grpc_port: port16(grpc_port, 3001, "gRPC port")?,
        max_body_bytes: num(max_body, Limits::default().max_body_bytes, "body limit")?,
        log_level: level
            .map_or(Ok(tracing::Level::INFO), |l| l.parse())
            .map_err(|_| "invalid log level (error, warn, info, debug, trace)".to_string())?,
    })
}

fn descriptors() -> Result<[(&'static str, NumpyNdarray, NumpyNdarray); 2]> {
    let input = NumpyNdarray::builder()
        .dtype(DType::FLOAT32)
        .shape([-1, 4])
        .enforce_dtype(true)
        .build()?;
    let classes = NumpyNdarray::builder()
        .dtype(DType::INT64)
        .shape([-1])
        .build()?;
    let proba = NumpyNdarray::builder()
        .dtype(DType::FLOAT32)
        .shape([-1, 3])
        .build()?;
    Ok([
        ("classify", input.clone(), classes),
        ("predict_proba", input, proba),
    ])
}

#[tokio::main]
async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
    let opts = match options() {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("{msg}");
            std::process::exit(2);
        }
    };
    tracing_subscriber::fmt()
        .with_max_level(opts.log_level)
        .with_writer(std::io::stderr)
        .init();
    let limits = Limits::default().with_max_body_bytes(opts.max_body_bytes);
    let http = TcpListener::bind((opts.host.as_str(), opts.port)).await?;
    let grpc = TcpListener::bind((opts.host.as_str(), opts.grpc_port)).await?;
    run(http, grpc, limits, shutdown()).await
}

/// Serve the iris service on the two bound listeners (HTTP, gRPC) until `stop` completes.
/// `tests/serve.rs` runs this same function on ephemeral ports.
pub async fn run(
    http: TcpListener,
    grpc: TcpListener,
    limits: Limits,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let (router, servicer) = iris_service(limits)?;
    tracing::info!(
        service = SERVICE,
        "HTTP listening on http://{}",
        http.local_addr()?
    );
    tracing::info!(
        service = SERVICE,
        "gRPC listening on {}",
        grpc.local_addr()?
    );
    // One stop signal for both servers.
    let (tx, rx) = tokio::sync::watch::channel(());
    tokio::spawn(async move {
        stop.await;
        let _ = tx.send(());
    });
    let stopped = |mut rx: tokio::sync::watch::Receiver<()>| async move {
        let _ = rx.changed().await;
    };
    let http = axum::serve(http, router).with_graceful_shutdown(stopped(rx.clone()));
    let grpc = tonic::transport::Server::builder()
        .add_service(servicer.into_server())
        .serve_with_incoming_shutdown(TcpIncoming::from(grpc), stopped(rx));
    let (h, g) = tokio::join!(http, grpc);
    h?;
    g?;
    tracing::info!("stopped");
    Ok(())
}

/// The HTTP router and the gRPC servicer of `iris_classifier`: the same two APIs on both.
pub fn iris_service(limits: Limits) -> Result<(axum::Router, Servicer)> {
    let [(c_name, c_in, c_out), (p_name, p_in, p_out)] = descriptors()?;
    let router = Service::new(SERVICE)
        .api(
            Api::new(c_name, c_in.clone(), c_out.clone()).with_limits(limits),
            classify,
        )
        .api(
            Api::new(p_name, p_in.clone(), p_out.clone()).with_limits(limits),
            predict_proba,
        )
        .router()?;
    let servicer = Servicer::new(SERVICE)
        .with_limits(limits)
        .api(c_name, c_in, c_out, classify)
        .api(p_name, p_in, p_out, predict_proba);
    Ok((router, servicer))
}

async fn shutdown() {
    // Without a signal handler (rare), run until killed.
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}
