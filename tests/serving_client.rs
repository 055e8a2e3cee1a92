//! `client::Client` against real servers: `examples/serve.rs` in-process on ephemeral loopback
//! ports (every HTTP transport and both gRPC payloads), a scripted HTTP server for the error,
//! limit, timeout and retry paths, and a real `bentoml serve` of `tests/client_service.py`
//! when a Python with BentoML is found (`$NDARRAY_PYTHON`, else `.venv-ref/bin/python`); without
//! one the test prints `client vs bentoml: skipped (<why>)` and passes.

#[allow(dead_code)]
#[path = "../examples/serve.rs"]
mod example;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ndarray::{ArrayD, array};
use ndarray_descriptor::client::{Client, ClientConfig, GrpcPayload, Retry, Transport};
use ndarray_descriptor::{DType, DynArray, ErrorKind, Limits};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Setosa, virginica, versicolor... the rows the BentoML quickstart sends.
const ROWS: [[f32; 4]; 3] = [
    [5.1, 3.5, 1.4, 0.2],
    [6.4, 3.2, 4.5, 1.5],
    [6.3, 3.3, 6.0, 2.5],
];
const SHAPE_MESSAGE: &str =
    "NumpyNdarray: Expecting ndarray of shape \"(-1, 4)\", but \"(1, 3)\" was received.";
const DTYPE_MESSAGE: &str =
    "NumpyNdarray: Expecting ndarray of dtype \"float32\", but \"<U1\" was received.";

fn rows() -> DynArray {
    DynArray::from(ndarray::arr2(&ROWS).into_dyn())
}

fn short_row() -> DynArray {
    DynArray::from(array![[1.0f32, 2.0, 3.0]].into_dyn())
}

fn strings(v: &[&str]) -> DynArray {
    DynArray::from_strings(v, 0)
}

fn config(transport: Transport) -> ClientConfig {
    ClientConfig::default()
        .with_transport(transport)
        .with_timeout(Duration::from_secs(20))
}

/// The example's two servers (HTTP, gRPC) on ephemeral ports until `stop`.
struct Example {
    http: SocketAddr,
    grpc: SocketAddr,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Example {
    async fn start() -> Example {
        let http = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let grpc = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let (h, g) = (http.local_addr().unwrap(), grpc.local_addr().unwrap());
        let (stop, rx) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let stop = async move {
                let _ = rx.await;
            };
            example::run(http, grpc, Limits::default(), stop)
                .await
                .expect("example serves");
        });
        Example {
            http: h,
            grpc: g,
            stop,
            task,
        }
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("server stops")
            .expect("server task");
    }
}

/// The checks every server passes: `classify` answers the classes of [`ROWS`] as int64, a
/// short row is refused before it is sent with the server's own message (and, sent anyway, the
/// server answers that message as a 400), and a string array fails the enforced dtype.
async fn classify_checks(url: &str, transport: Transport) {
    let client = Client::with_config(url, config(transport)).unwrap();
    let info = client.api("classify").await.unwrap();
    assert_eq!(info.input.dtype(), Some(DType::FLOAT32));
    assert_eq!(info.input.shape().unwrap().dims(), &[-1, 4]);
    assert!(info.input.enforce_dtype());
    assert_eq!(info.output.dtype(), Some(DType::INT64));
    // Twice: under Auto the second call may go another way than the first.
    for _ in 0..2 {
        let out = client.call("classify", rows()).await.unwrap();
        assert_eq!(out.dtype().name(), "int64");
        assert_eq!(
            out.as_array::<i64>().unwrap().as_slice(),
            Some(&[0, 1, 2][..])
        );
    }
    let typed: ArrayD<i64> = client
        .call_array("classify", ndarray::arr2(&ROWS).view())
        .await
        .unwrap();
    assert_eq!(typed.as_slice(), Some(&[0, 1, 2][..]));

    let err = client.call("classify", strings(&["a"])).await.unwrap_err();
    assert_eq!(
        (err.kind(), err.message()),
        (ErrorKind::BadInput, DTYPE_MESSAGE)
    );
    let unchecked = Client::with_config(url, config(transport).with_validate(false)).unwrap();
    let err = unchecked
        .call("classify", strings(&["a"]))
        .await
        .unwrap_err();
    if let Transport::Grpc(_) = transport {
        // Over gRPC a string array is refused by the v1 message (ndarray) or read as float32
        // bytes of the wrong shape (serialized_bytes): a bad input either way.
        assert_eq!(err.kind(), ErrorKind::BadInput, "{}", err.message());
    } else {
        assert_eq!(
            (err.kind(), err.message()),
            (ErrorKind::BadInput, DTYPE_MESSAGE)
        );
    }
    let err = client.call("nope", rows()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
}

#[tokio::test]
async fn example_over_every_http_transport() {
    let s = Example::start().await;
    let url = format!("http://{}", s.http);
    for t in [
        Transport::Auto,
        Transport::Json,
        Transport::Npy,
        Transport::OctetStream,
    ] {
        classify_checks(&url, t).await;
        let client = Client::with_config(&url, config(t)).unwrap();
        let names: Vec<String> = client
            .apis()
            .await
            .unwrap()
            .iter()
            .map(|a| a.name.clone())
            .collect();
        assert_eq!(
            names,
            ["classify", "classify_batch", "predict_proba"],
            "{t:?}"
        );
        let p = client.call("predict_proba", rows()).await.unwrap();
        assert_eq!(
            (p.dtype(), p.shape()),
            (DType::FLOAT32, &[3, 3][..]),
            "{t:?}"
        );
        // The example refuses a short row in its model function with BentoML's shape message.
        let unchecked = Client::with_config(&url, config(t).with_validate(false)).unwrap();
        let err = unchecked.call("classify", short_row()).await.unwrap_err();
        assert_eq!(
            (err.kind(), err.message()),
            (ErrorKind::BadInput, SHAPE_MESSAGE),
            "{t:?}"
        );
    }
    s.stop().await;
}

#[tokio::test]
async fn example_over_grpc() {
    let s = Example::start().await;
    let url = format!("http://{}", s.grpc);
    for payload in [GrpcPayload::Ndarray, GrpcPayload::SerializedBytes] {
        let t = Transport::Grpc(payload);
        classify_checks(&url, t).await;
        let client = Client::with_config(&url, config(t)).unwrap();
        let p = client.call("predict_proba", rows()).await.unwrap();
        assert_eq!((p.dtype(), p.shape()), (DType::FLOAT32, &[3, 3][..]));
        let unchecked = Client::with_config(&url, config(t).with_validate(false)).unwrap();
        let err = unchecked.call("classify", short_row()).await.unwrap_err();
        // serialized_bytes carries no shape: the server sees 3 flat float32s.
        let expected = match payload {
            GrpcPayload::Ndarray => SHAPE_MESSAGE.to_string(),
            _ => SHAPE_MESSAGE.replace("(1, 3)", "(3,)"),
        };
        assert_eq!(
            (err.kind(), err.message()),
            (ErrorKind::BadInput, &*expected)
        );
    }
    s.stop().await;
}

/// A scripted HTTP/1.1 server: `/docs.json` lists `classify` (as BentoML writes it), each
/// `POST` takes the next canned answer (`None`: never answer). One request per connection.
struct Scripted {
    addr: SocketAddr,
    posts: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

const DOCS: &str = r#"{"paths": {"/classify": {"post": {"x-bentoml-name": "classify",
  "requestBody": {"x-bentoml-io-descriptor": {"id": "bentoml.io.NumpyNdarray", "args": {"dtype": "float32", "shape": [-1, 4], "enforce_dtype": true, "enforce_shape": false}}},
  "responses": {"200": {"x-bentoml-io-descriptor": {"id": "bentoml.io.NumpyNdarray", "args": {"dtype": "int64", "shape": [-1], "enforce_dtype": false, "enforce_shape": false}}}}}}}}"#;

fn answer(status: &str, headers: &str, body: &str) -> Option<String> {
    Some(format!(
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
        body.len()
    ))
}

impl Scripted {
    async fn start(script: Vec<Option<String>>) -> Scripted {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let posts = Arc::new(AtomicUsize::new(0));
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let counter = posts.clone();
        let task = tokio::spawn(async move {
            let mut held = Vec::new();
            // Bounded: no test here makes more than a few dozen connections.
            for _ in 0..64 {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let mut head = Vec::new();
                let mut buf = [0u8; 4096];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
                    match stream.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => head.extend_from_slice(&buf[..n]),
                    }
                }
                let reply = if head.starts_with(b"GET /docs.json") {
                    answer("200 OK", "", DOCS)
                } else {
                    counter.fetch_add(1, Ordering::SeqCst);
                    script.lock().unwrap().pop_front().flatten()
                };
                match reply {
                    Some(r) => {
                        let _ = stream.write_all(r.as_bytes()).await;
                        let _ = stream.shutdown().await;
                    }
                    // Hold the connection open without answering until the test ends.
                    None => held.push(stream),
                }
            }
        });
        Scripted { addr, posts, task }
    }

    fn client(&self, config: ClientConfig) -> Client {
        Client::with_config(&format!("http://{}", self.addr), config).unwrap()
    }
}

impl Drop for Scripted {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn quick_retry(n: u32) -> Retry {
    Retry {
        max_retries: n,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
    }
}

#[tokio::test]
async fn errors_limits_timeouts_and_retries() {
    let busy = || {
        answer(
            "503 Service Unavailable",
            "Retry-After: 0\r\n",
            "\"BentoService error handling API request: queue full\"",
        )
    };
    // A 503 is retried, with its Retry-After, until an answer comes.
    let s = Scripted::start(vec![busy(), busy(), answer("200 OK", "", "[0, 2]")]).await;
    let out = s
        .client(ClientConfig::default().with_retry(quick_retry(3)))
        .call("classify", rows())
        .await
        .unwrap();
    assert_eq!(out.as_array::<i64>().unwrap().as_slice(), Some(&[0, 2][..]));
    assert_eq!(s.posts.load(Ordering::SeqCst), 3);

    // Retries are bounded; the last 503 comes back typed.
    let s = Scripted::start(vec![busy(), busy(), busy()]).await;
    let err = s
        .client(ClientConfig::default().with_retry(quick_retry(2)))
        .call("classify", rows())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable);
    assert_eq!(err.message(), "queue full (Retry-After: 0 s)");
    assert!(err.is_retryable());
    assert_eq!(s.posts.load(Ordering::SeqCst), 3);

    // Client errors and 500s are not retried, and keep BentoML's message.
    let s = Scripted::start(vec![
        answer(
            "422 Unprocessable Entity",
            "",
            "\"BentoService error handling API request: Invalid dtype \\\"float33\\\"\"",
        ),
        answer(
            "500 Internal Server Error",
            "",
            "\"An error has occurred in BentoML user code when handling this request, find the error details in server logs\"",
        ),
        answer("200 OK", "", "{\"not\": \"an array\"}"),
        answer("200 OK", "", "[0, 2]"),
    ])
    .await;
    let c = s.client(ClientConfig::default().with_retry(quick_retry(3)));
    let err = c.call("classify", rows()).await.unwrap_err();
    assert_eq!(
        (err.kind(), err.message()),
        (ErrorKind::Unprocessable, "Invalid dtype \"float33\"")
    );
    let err = c.call("classify", rows()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Internal);
    assert!(
        err.message()
            .starts_with("An error has occurred in BentoML user code")
    );
    let err = c.call("classify", rows()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Internal, "{}", err.message());
    assert_eq!(s.posts.load(Ordering::SeqCst), 3);

    // Answers are bounded: by their declared length before reading, by the decoder's limits.
    let s = Scripted::start(vec![
        answer("200 OK", "", &format!("[{}0]", "0, ".repeat(100))),
        answer("200 OK", "", &format!("[{}0]", "0, ".repeat(100))),
    ])
    .await;
    let small = Limits::default()
        .with_max_body_bytes(2048)
        .with_max_elements(10);
    let err = s
        .client(ClientConfig::default().with_limits(small.with_max_body_bytes(100)))
        .call("classify", rows())
        .await
        .unwrap_err();
    // /docs.json itself is over 100 bytes (its declared length is refused).
    assert_eq!(err.kind(), ErrorKind::LimitExceeded, "{}", err.message());
    let err = s
        .client(ClientConfig::default().with_limits(small))
        .call("classify", rows())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::LimitExceeded, "{}", err.message());

    // No answer: a timeout, not retried.
    let s = Scripted::start(vec![None, None]).await;
    let start = Instant::now();
    let err = s
        .client(
            ClientConfig::default()
                .with_timeout(Duration::from_millis(300))
                .with_retry(quick_retry(3)),
        )
        .call("classify", rows())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(s.posts.load(Ordering::SeqCst), 1);

    // Nothing listening: a connect error, retried, then Unavailable.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let err = Client::with_config(
        &format!("http://127.0.0.1:{port}"),
        ClientConfig::default().with_retry(quick_retry(2)),
    )
    .unwrap()
    .apis()
    .await
    .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable, "{}", err.message());
}

/// A Python whose BentoML can serve `tests/client_service.py`.
fn python() -> Result<std::path::PathBuf, String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let py = std::env::var_os("NDARRAY_PYTHON")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join(".venv-ref/bin/python"));
    let ok = Command::new(&py)
        .args(["-c", "import numpy, bentoml"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Ok(py)
    } else {
        Err(format!(
            "no Python with numpy and bentoml at {}: run scripts/python-clients.sh or set NDARRAY_PYTHON",
            py.display()
        ))
    }
}

/// `bentoml <command> client_service:svc` on a free loopback port, in its own process group,
/// which is killed when this is dropped.
struct Bento {
    child: std::process::Child,
    port: u16,
}

impl Bento {
    fn start(py: &std::path::Path, command: &str) -> Bento {
        use std::os::unix::process::CommandExt;
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::env::temp_dir().join(format!("client-vs-bentoml-{port}.log"));
        let log = std::fs::File::create(log).unwrap();
        let child = Command::new(py)
            .args([
                "-m",
                "bentoml",
                command,
                "client_service:svc",
                "--working-dir",
            ])
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests"))
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .process_group(0)
            .spawn()
            .expect("bentoml starts");
        Bento { child, port }
    }
}

impl Drop for Bento {
    fn drop(&mut self) {
        // The whole group: BentoML's arbiter and its workers.
        let group = format!("-{}", self.child.id());
        'signals: for signal in ["-TERM", "-KILL"] {
            let _ = Command::new("kill")
                .args([signal, "--", &group])
                .stderr(Stdio::null())
                .status();
            for _ in 0..100 {
                if let Ok(Some(_)) = self.child.try_wait() {
                    break 'signals;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        // Workers of the group that outlive the arbiter go too.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
    }
}

/// Wait (at most 90 s) until `GET /readyz` answers 200.
async fn ready(url: &str) -> bool {
    let start = Instant::now();
    let addr = url.trim_start_matches("http://").to_string();
    while start.elapsed() < Duration::from_secs(90) {
        if let Ok(mut s) = tokio::net::TcpStream::connect(&addr).await {
            let req = format!("GET /readyz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
            let mut buf = Vec::new();
            let read = async {
                s.write_all(req.as_bytes()).await?;
                s.read_to_end(&mut buf).await
            };
            if tokio::time::timeout(Duration::from_secs(5), read)
                .await
                .is_ok()
                && buf.starts_with(b"HTTP/1.1 200")
            {
                return true;
            }
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    false
}

#[tokio::test]
async fn client_vs_bentoml() {
    let py = match python() {
        Ok(py) => py,
        Err(why) => {
            println!("client vs bentoml: skipped ({why})");
            return;
        }
    };
    let bento = Bento::start(&py, "serve");
    let url = format!("http://127.0.0.1:{}", bento.port);
    assert!(ready(&url).await, "bentoml serve ready within 90 s");
    for t in [Transport::Auto, Transport::Json] {
        classify_checks(&url, t).await;
        let client = Client::with_config(&url, config(t)).unwrap();
        let names: Vec<String> = client
            .apis()
            .await
            .unwrap()
            .iter()
            .map(|a| a.name.clone())
            .collect();
        assert_eq!(
            names,
            ["classify", "fail", "predict_proba", "strict", "upper"]
        );

        // float64 out, as BentoML's JSON gives it.
        let p = client.call("predict_proba", rows()).await.unwrap();
        assert_eq!((p.dtype(), p.shape()), (DType::FLOAT64, &[3, 3][..]));
        let p = p.as_array::<f64>().unwrap();
        assert_eq!(p[[0, 0]], 0.9999628310878291);
        for row in p.rows() {
            assert!((row.sum() - 1.0).abs() < 1e-12);
        }

        // enforce_shape: refused here and there with the same message.
        let err = client.call("strict", short_row()).await.unwrap_err();
        assert_eq!(
            (err.kind(), err.message()),
            (ErrorKind::BadInput, SHAPE_MESSAGE)
        );
        let unchecked = Client::with_config(&url, config(t).with_validate(false)).unwrap();
        let err = unchecked.call("strict", short_row()).await.unwrap_err();
        assert_eq!(
            (err.kind(), err.message()),
            (ErrorKind::BadInput, SHAPE_MESSAGE)
        );
        let doubled = client.call("strict", rows()).await.unwrap();
        assert_eq!(doubled.as_array::<f32>().unwrap()[[0, 0]], 10.2);

        // Strings both ways.
        let up = client.call("upper", strings(&["ab", "c"])).await.unwrap();
        let up: Vec<&str> = up.as_strings().unwrap().iter().collect();
        assert_eq!(up, ["AB", "C"]);

        // A model that raises: BentoML's 500 body.
        let err = client.call("fail", rows()).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Internal);
        assert_eq!(
            err.message(),
            "An error has occurred in BentoML user code when handling this request, find the error details in server logs"
        );
    }
    drop(bento);
    println!("client vs bentoml: HTTP passed (auto and json transports, 5 APIs)");
    grpc_vs_bentoml(&py).await;
}

/// `bentoml serve-grpc` needs grpcio-health-checking and opentelemetry-instrumentation-grpc;
/// where they are present the same calls go over gRPC.
async fn grpc_vs_bentoml(py: &std::path::Path) {
    let has = Command::new(py)
        .args([
            "-c",
            "import grpc_health.v1, opentelemetry.instrumentation.grpc",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has {
        println!(
            "client vs bentoml grpc: skipped (bentoml serve-grpc needs grpcio-health-checking and \
             opentelemetry-instrumentation-grpc, which this Python lacks)"
        );
        return;
    }
    let bento = Bento::start(py, "serve-grpc");
    let url = format!("http://127.0.0.1:{}", bento.port);
    let client = Client::with_config(&url, config(Transport::Grpc(GrpcPayload::Ndarray))).unwrap();
    // No HTTP /readyz here: wait for the metadata call (90 s at most).
    let start = Instant::now();
    let apis = loop {
        match client.apis().await {
            Ok(apis) => break apis,
            // BentoML 1.4.39 with grpcio 1.85 and opentelemetry-instrumentation-grpc 0.66b1:
            // the instrumented servicer context is abstract, so every call fails in BentoML.
            Err(e)
                if e.kind() == ErrorKind::Internal && e.message().contains("abort_with_status") =>
            {
                println!(
                    "client vs bentoml grpc: skipped (BentoML's gRPC server fails every call with this \
                     Python's packages: {})",
                    e.message()
                );
                return;
            }
            Err(_) if start.elapsed() < Duration::from_secs(90) => {
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => panic!("bentoml serve-grpc never answered: {e}"),
        }
    };
    assert_eq!(apis.len(), 5);
    match client.call("classify", rows()).await {
        Ok(out) => {
            assert_eq!(
                out.as_array::<i64>().unwrap().as_slice(),
                Some(&[0, 1, 2][..])
            );
            classify_checks(&url, Transport::Grpc(GrpcPayload::Ndarray)).await;
            println!("client vs bentoml grpc: passed");
        }
        Err(e) => panic!("bentoml grpc classify: {e}"),
    }
}
