//! A BentoML-compatible `iris_classifier` service: `cargo run --example serve`.
//!
//! The model is built in: a fixed linear classifier over the four iris features (sepal length,
//! sepal width, petal length, petal width; float32, shape `(-1, 4)`), with a softmax for the
//! probabilities. Two APIs, served over HTTP (axum) and gRPC (tonic) at once:
//!
//! - `classify`: the class index per row (int64, shape `(-1,)`: 0 setosa, 1 versicolor,
//!   2 virginica), as BentoML's iris quickstart answers;
//! - `predict_proba`: the softmax probabilities (float32, shape `(-1, 3)`);
//! - `classify_batch`: `classify` as a batchable API (adaptive batching,
//!   `ndarray_descriptor::batch`), over HTTP and gRPC: concurrent requests are merged along
//!   their rows, at most 64 rows a call, none waiting more than 10 ms for its batch.
//!
//! HTTP on 127.0.0.1:3000: `POST /classify`, `POST /predict_proba` (JSON, octet-stream and npy
//! bodies), `GET /docs.json`, `/schema.json`, `/healthz`, `/livez`, `/readyz`. Built with the
//! `arrow` feature (`cargo run --features arrow --example serve`), the APIs also take and answer
//! Arrow IPC streams and `GET /spark_schema/classify` is the Spark schema of `classify`'s output
//! (what `scripts/spark-job.sh`'s pyspark job reads).
//! The same APIs are served over the Open Inference Protocol (KServe v2 / Triton), each a model
//! named after it with the input tensor `input` (FP32, `[-1, 4]`) and the output tensor
//! `output`: REST under `/v2` on the HTTP port (`POST /v2/models/classify/infer`, JSON or binary
//! tensor data; `GET /v2/models/classify` its metadata) and `inference.GRPCInferenceService` on
//! the gRPC port, so `tritonclient.http` / `tritonclient.grpc` call them unchanged.
//! Both APIs also take BentoML's current style, a JSON object with the tensor field `input`
//! (float32, `(-1, 4)`): `bentoml.SyncHTTPClient("http://127.0.0.1:3000").classify(input=x)`
//! works unchanged, as do BentoML's legacy clients (a body that is not a JSON object goes the
//! legacy way). gRPC `bentoml.grpc.v1.BentoService`
//! on 127.0.0.1:3001.
//!
//! For browsers: `GET /` is a page (`examples/serve.html`) that classifies iris rows over the
//! binary transport and draws a signal the server sends, with the client module
//! `clients/js/ndarray.js` served at `/clients/js/ndarray.js` (its types at `ndarray.d.ts`).
//! `GET /demo/array` is that signal, a damped sine wave: float32 of shape `(256,)` by default;
//! `?dtype=` float16, float32, float64, int16, int32 or int64 (integers: the wave × 1000,
//! rounded), `?n=` the length (at most 65536), `?order=big` big-endian bytes (else little), in the
//! format `Accept` asks for (JSON by default, raw bytes for `application/octet-stream`).
//!
//! ```sh
//! curl -X POST -H 'Content-Type: application/json' -d '[[5.1, 3.5, 1.4, 0.2]]' \
//!     http://127.0.0.1:3000/classify
//! curl -X POST -H 'Content-Type: application/json' -d '{"input": [[5.1, 3.5, 1.4, 0.2]]}' \
//!     http://127.0.0.1:3000/classify
//! ```
//!
//! The model runs on tokio's blocking pool (`blocking_api`), one call per CPU at a time, so
//! the async workers keep reading requests and answering probes while it computes; calls it has
//! measured to take under 50 µs (a few rows) run in place, where a hand-off would cost more. The server
//! is the crate's `serve::Server`: every request is bounded by the in-flight byte budget, the
//! model-call queue and the head, body and idle timeouts, and SIGTERM or Ctrl-C drains it
//! (`/readyz` 503, in-flight requests finish, exit 0 within the drain timeout).
//!
//! Options (flag, else environment variable, else default):
//! `--host` / `BENTOML_HOST` (127.0.0.1), `--port` / `BENTOML_PORT` (3000, HTTP),
//! `--grpc-port` / `BENTOML_GRPC_PORT` (3001), `--max-body-bytes` / `BENTOML_MAX_BODY_BYTES`
//! (67108864, both transports), `--cors-origins` / `BENTOML_CORS_ORIGINS` (none: only the page
//! served here may read the answers; `*` for any origin, or origins separated by commas, e.g.
//! `http://localhost:8080`). A port of 0 picks a free one; the addresses actually bound are
//! logged (`listening` lines). Logs go to stderr through `tracing`; `--log-level` /
//! `RUST_LOG` (info) sets the level.
//!
//! The serving guards (defaults and reasons in the README's serving table; durations as
//! `50us`, `250ms`, `30s` or `2m`): `--max-in-flight-bytes` (1073741824), `--max-concurrent-calls`
//! (CPUs), `--max-queued-calls` (100), `--queue-timeout` (1s), `--body-idle-timeout` (60s),
//! `--min-body-rate` (240, bytes/s; 0 = off), `--min-body-rate-grace` (5s),
//! `--max-inline-call` (50us; 0 = always the blocking pool),
//! `--header-read-timeout` (30s), `--idle-timeout` (75s), `--max-connections` (10000),
//! `--drain-timeout` (25s), `--unready-delay` (0s), `--max-concurrent-streams` (128).

use std::future::Future;

use axum::http::{HeaderMap, Uri, header};
use axum::response::{IntoResponse, Response};
use ndarray::{Array1, Array2, ArrayD, ArrayView2, Axis};
use std::time::Duration;

use ndarray_descriptor::batch::Batching;
use ndarray_descriptor::grpc::Servicer;
use ndarray_descriptor::guard::{GuardConfig, Guards};
use ndarray_descriptor::http::{Api, Cors, Format, HttpError, Service, TensorField};
use ndarray_descriptor::serve::{Server, ServerConfig, shutdown_signal};
use ndarray_descriptor::{
    ByteOrder, DType, DynArray, Error, Limits, NumpyNdarray, Result, format_tuple,
};
use tokio::net::TcpListener;

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

/// The validated input as a `(n, 4)` float32 matrix. The descriptors make any `same_kind` cast
/// but do not enforce the shape, so a flat `serialized_bytes` payload or a single row
/// `[5.1, 3.5, 1.4, 0.2]` is reshaped to `(-1, 4)`; what cannot be is refused here with
/// BentoML's shape message. An array `same_kind` cannot cast to float32 (strings), which
/// `predict_proba`'s descriptor lets through, is refused with BentoML's dtype message.
fn features(x: &DynArray) -> Result<ArrayView2<'_, f32>> {
    if x.dtype() != DType::FLOAT32 {
        return Err(Error::bad_input(format!(
            "NumpyNdarray: Expecting ndarray of dtype \"float32\", but \"{}\" was received.",
            x.dtype()
        )));
    }
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

fn classify(x: DynArray) -> Result<DynArray> {
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

fn predict_proba(x: DynArray) -> Result<DynArray> {
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
    cors: Option<Cors>,
    log_level: tracing::Level,
    guards: GuardConfig,
    server: ServerConfig,
}

/// `50us`, `250ms`, `30s`, `2m`; a bare number is seconds.
fn parse_duration(text: &str) -> std::result::Result<Duration, String> {
    let t = text.trim();
    let bad = || format!("invalid duration {text:?} (e.g. 50us, 250ms, 30s, 2m)");
    let (num, scale) = if let Some(n) = t.strip_suffix("us") {
        (n, 1e-6)
    } else if let Some(n) = t.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60.0)
    } else {
        (t, 1.0)
    };
    let v: f64 = num.trim().parse().map_err(|_| bad())?;
    Duration::try_from_secs_f64(v * scale).map_err(|_| bad())
}

/// The serving guards' and the server's flags: `(flag, apply)`.
type Knob = (
    &'static str,
    fn(&mut GuardConfig, &mut ServerConfig, &str) -> std::result::Result<(), String>,
);

const KNOBS: &[Knob] = &[
    ("--max-in-flight-bytes", |g, _, v| {
        g.max_in_flight_bytes = int(v)?;
        Ok(())
    }),
    ("--max-concurrent-calls", |g, _, v| {
        *g = g.with_max_concurrent_calls(int(v)?);
        Ok(())
    }),
    ("--max-queued-calls", |g, _, v| {
        g.max_queued_calls = int(v)?;
        Ok(())
    }),
    ("--queue-timeout", |g, _, v| {
        g.queue_timeout = parse_duration(v)?;
        Ok(())
    }),
    ("--body-idle-timeout", |g, _, v| {
        g.body_idle_timeout = parse_duration(v)?;
        Ok(())
    }),
    ("--min-body-rate", |g, _, v| {
        g.min_body_rate = int(v)? as u64;
        Ok(())
    }),
    ("--min-body-rate-grace", |g, _, v| {
        g.min_body_rate_grace = parse_duration(v)?;
        Ok(())
    }),
    ("--max-inline-call", |g, _, v| {
        g.max_inline_call = parse_duration(v)?;
        Ok(())
    }),
    ("--header-read-timeout", |_, s, v| {
        s.header_read_timeout = parse_duration(v)?;
        Ok(())
    }),
    ("--idle-timeout", |_, s, v| {
        s.idle_timeout = parse_duration(v)?;
        Ok(())
    }),
    ("--max-connections", |_, s, v| {
        s.max_connections = int(v)?;
        Ok(())
    }),
    ("--drain-timeout", |_, s, v| {
        s.drain_timeout = parse_duration(v)?;
        Ok(())
    }),
    ("--unready-delay", |_, s, v| {
        s.unready_delay = parse_duration(v)?;
        Ok(())
    }),
    ("--max-concurrent-streams", |_, s, v| {
        s.max_concurrent_streams = u32::try_from(int(v)?).map_err(|_| format!("too big: {v}"))?;
        Ok(())
    }),
];

fn int(v: &str) -> std::result::Result<usize, String> {
    v.trim()
        .replace('_', "")
        .parse()
        .map_err(|_| format!("invalid number {v:?}"))
}

fn options() -> std::result::Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let env = |name: &str| std::env::var(name).ok();
    let (mut guards, mut server) = (GuardConfig::default(), ServerConfig::default());
    let (mut host, mut port, mut grpc_port, mut max_body, mut cors, mut level) = (
        env("BENTOML_HOST"),
        env("BENTOML_PORT"),
        env("BENTOML_GRPC_PORT"),
        env("BENTOML_MAX_BODY_BYTES"),
        env("BENTOML_CORS_ORIGINS"),
        env("RUST_LOG"),
    );
    while let Some(flag) = args.next() {
        let slot = match flag.as_str() {
            "--host" => &mut host,
            "--port" => &mut port,
            "--grpc-port" => &mut grpc_port,
            "--max-body-bytes" => &mut max_body,
            "--cors-origins" => &mut cors,
            "--log-level" => &mut level,
            "-h" | "--help" => {
                let knobs: Vec<_> = KNOBS.iter().map(|(f, _)| format!("[{f} V]")).collect();
                return Err(format!(
                    "usage: serve [--host H] [--port P] [--grpc-port P] [--max-body-bytes N] \
                     [--cors-origins '*'|ORIGIN,...] [--log-level L] {}",
                    knobs.join(" ")
                ));
            }
            other => match KNOBS.iter().find(|(f, _)| *f == other) {
                Some((_, apply)) => {
                    let v = args.next().ok_or(format!("{flag} needs a value"))?;
                    apply(&mut guards, &mut server, &v).map_err(|e| format!("{flag}: {e}"))?;
                    continue;
                }
                None => return Err(format!("unknown flag {other} (try --help)")),
            },
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
        cors: cors
            .filter(|c| !c.trim().is_empty())
            .map(|c| Cors::parse(&c).map_err(|e| e.message().to_string()))
            .transpose()?,
        log_level: level
            .map_or(Ok(tracing::Level::INFO), |l| l.parse())
            .map_err(|_| "invalid log level (error, warn, info, debug, trace)".to_string())?,
        guards,
        server,
    })
}

/// `classify` enforces its input dtype (any other dtype is refused with BentoML's message);
/// `predict_proba` does not, so every dtype numpy's `same_kind` casts to float32 (bool, the
/// integers, float16, float64) is cast and accepted.
fn descriptors() -> Result<[(&'static str, NumpyNdarray, NumpyNdarray); 2]> {
    let input = NumpyNdarray::builder()
        .dtype(DType::FLOAT32)
        .shape([-1, 4])
        .enforce_dtype(true)
        .build()?;
    let proba_input = NumpyNdarray::builder()
        .dtype(DType::FLOAT32)
        .shape([-1, 4])
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
        ("classify", input, classes),
        ("predict_proba", proba_input, proba),
    ])
}

/// The server's entry point; `tests/serving_hardening.rs` runs this same `main` as a child process.
#[tokio::main]
pub async fn main() -> std::result::Result<(), Box<dyn std::error::Error>> {
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
    let settings = Settings {
        limits,
        cors: opts.cors,
        guards: opts.guards,
        server: opts.server,
    };
    serve(http, grpc, settings, shutdown_signal()).await
}

/// Everything the service is configured with.
pub struct Settings {
    /// Per-request decoding limits.
    pub limits: Limits,
    /// Origins allowed to call from a browser.
    pub cors: Option<Cors>,
    /// The in-flight budget, model-call gate and body deadlines.
    pub guards: GuardConfig,
    /// Connection-level timeouts, caps and the drain.
    pub server: ServerConfig,
}

/// Serve the iris service on the two bound listeners (HTTP, gRPC) until `stop` completes.
/// `tests/serving.rs` runs this same function on ephemeral ports.
pub async fn run(
    http: TcpListener,
    grpc: TcpListener,
    limits: Limits,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    run_with(http, grpc, limits, None, stop).await
}

/// [`run`] answering cross-origin requests from `cors`'s origins (on every HTTP route).
pub async fn run_with(
    http: TcpListener,
    grpc: TcpListener,
    limits: Limits,
    cors: Option<Cors>,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let settings = Settings {
        limits,
        cors,
        guards: GuardConfig::default(),
        server: ServerConfig::default(),
    };
    serve(http, grpc, settings, stop).await
}

/// Serve with every setting given; the guards are this server's own (one budget and one
/// model-call gate for its HTTP and gRPC sides).
pub async fn serve(
    http: TcpListener,
    grpc: TcpListener,
    settings: Settings,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::result::Result<(), Box<dyn std::error::Error>> {
    let guards = Guards::new(settings.guards);
    let (router, servicer) = iris_service(settings.limits, settings.cors, guards.clone())?;
    tracing::info!(service = SERVICE, guards = ?guards, "starting");
    Server::new(settings.server)
        .with_guards(guards)
        .http(http, router)
        .grpc(grpc, servicer)
        .serve(stop)
        .await?;
    Ok(())
}

/// The HTTP router and the gRPC servicer of `iris_classifier`: the same two APIs on both, and
/// over HTTP the browser page and its demo array too.
pub fn iris_service(
    limits: Limits,
    cors: Option<Cors>,
    guards: Guards,
) -> Result<(axum::Router, Servicer)> {
    let [(c_name, c_in, c_out), (p_name, p_in, p_out)] = descriptors()?;
    let mut service = Service::new(SERVICE).with_guards(guards.clone()).with_oip();
    if let Some(cors) = cors {
        service = service.with_cors(cors);
    }
    let router = page_routes().merge(
        service
            .blocking_api(
                Api::new(c_name, c_in.clone(), c_out.clone())
                    .with_tensor_fields([TensorField::new("input", c_in.clone())])
                    .with_limits(limits),
                classify,
            )
            .blocking_api(
                Api::new("classify_batch", c_in.clone(), c_out.clone())
                    .with_tensor_fields([TensorField::new("input", c_in.clone())])
                    .with_limits(limits)
                    .with_batching(batching()),
                classify,
            )
            .blocking_api(
                Api::new(p_name, p_in.clone(), p_out.clone())
                    .with_tensor_fields([TensorField::new("input", p_in.clone())])
                    .with_limits(limits),
                predict_proba,
            )
            .router()?,
    );
    let servicer = Servicer::new(SERVICE)
        .with_oip()
        .with_limits(limits)
        .with_guards(guards)
        .blocking_api(c_name, c_in.clone(), c_out.clone(), classify)
        .blocking_api("classify_batch", c_in, c_out, classify)
        .with_batching("classify_batch", batching())
        .blocking_api(p_name, p_in, p_out, predict_proba);
    Ok((router, servicer))
}

/// `classify_batch`'s batching, over HTTP and gRPC: at most 64 rows a call, no request
/// waiting more than 10 ms for its batch.
fn batching() -> Batching {
    Batching::new()
        .max_batch_size(64)
        .max_latency(Duration::from_millis(10))
}

/// The page, the client module it imports, and the array it draws.
fn page_routes() -> axum::Router {
    use axum::routing::get;
    let file = |content_type: &'static str, body: &'static str| {
        get(move || async move {
            (
                [
                    (header::CONTENT_TYPE, content_type),
                    (header::CACHE_CONTROL, "no-cache"),
                ],
                body,
            )
        })
    };
    axum::Router::new()
        .route("/", file("text/html; charset=utf-8", PAGE))
        .route(
            "/clients/js/ndarray.js",
            file("text/javascript; charset=utf-8", CLIENT_JS),
        )
        .route(
            "/clients/js/ndarray.d.ts",
            file("text/plain; charset=utf-8", CLIENT_TYPES),
        )
        .route("/demo/array", get(demo_array))
        // Browsers ask for it on every page load; "none" beats a 404 in the console.
        .route(
            "/favicon.ico",
            get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
}

const PAGE: &str = include_str!("serve.html");
const CLIENT_JS: &str = include_str!("../clients/js/ndarray.js");
const CLIENT_TYPES: &str = include_str!("../clients/js/ndarray.d.ts");

/// Longest `GET /demo/array` signal (`?n=`).
const DEMO_MAX_LEN: usize = 65_536;

/// `GET /demo/array[?dtype=..&n=..&order=big]`: a damped sine wave, in the format `Accept`
/// asks for. Big-endian bytes let a client's byte swap be tested against a known signal.
async fn demo_array(uri: Uri, headers: HeaderMap) -> Response {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    match demo_signal(uri.query().unwrap_or("")) {
        Ok(arr) => {
            // No dtype or shape to enforce: the array is encoded as it is, byte order included.
            let api = Api::new("demo_array", NumpyNdarray::new(), NumpyNdarray::new());
            api.encode(Format::from_accept(accept), arr)
                .unwrap_or_else(|e| HttpError(e).into_response())
        }
        Err(e) => HttpError(e).into_response(),
    }
}

/// The demo signal `sin(2π·i/64)·exp(-i/n)` for the query's dtype, length and byte order.
fn demo_signal(query: &str) -> Result<DynArray> {
    let (mut dtype, mut n, mut order) = ("float32", 256, ByteOrder::Little);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        match key {
            "dtype" => dtype = value,
            "n" => {
                n = value
                    .parse()
                    .ok()
                    .filter(|&n| n <= DEMO_MAX_LEN)
                    .ok_or_else(|| {
                        Error::bad_input(format!("n must be 0..={DEMO_MAX_LEN}, got {value:?}"))
                    })?
            }
            "order" => {
                order = match value {
                    "big" | ">" => ByteOrder::Big,
                    "little" | "<" => ByteOrder::Little,
                    _ => {
                        return Err(Error::bad_input(format!(
                            "order must be little or big, got {value:?}"
                        )));
                    }
                }
            }
            _ => return Err(Error::bad_input(format!("unknown query parameter {key:?}"))),
        }
    }
    let wave = (0..n).map(|i| {
        let t = i as f64;
        (std::f64::consts::TAU * t / 64.0).sin() * (-t / n as f64).exp()
    });
    let ints = wave.clone().map(|v| (v * 1000.0).round());
    let arr = match dtype {
        "float16" => DynArray::from(vec_d(wave.map(half::f16::from_f64))),
        "float32" => DynArray::from(vec_d(wave.map(|v| v as f32))),
        "float64" => DynArray::from(vec_d(wave)),
        "int16" => DynArray::from(vec_d(ints.map(|v| v as i16))),
        "int32" => DynArray::from(vec_d(ints.map(|v| v as i32))),
        "int64" => DynArray::from(vec_d(ints.map(|v| v as i64))),
        other => {
            return Err(Error::bad_input(format!(
                "dtype must be float16, float32, float64, int16, int32 or int64, got {other:?}"
            )));
        }
    };
    Ok(arr.with_byteorder(order))
}

fn vec_d<T>(values: impl Iterator<Item = T>) -> ArrayD<T> {
    Array1::from_iter(values).into_dyn()
}
