//! Serving test under hostile clients: the example service (`examples/serve.rs`, run as its own
//! process so its memory and its signals are its own) as an attacker or an unlucky operator
//! meets it, over loopback sockets:
//!
//! - (a) 200 concurrent 50 MiB uploads held open: each is answered or refused (503 with
//!   `Retry-After`), the server's peak RSS stays within its in-flight budget plus a stated
//!   headroom, and a normal request meanwhile answers 200 quickly;
//!   a chunked body with no declared length is refused the same way once it outgrows the budget;
//! - (b) 2000 half-open request heads: all closed within the head timeout plus slack, normal
//!   requests answered meanwhile;
//!   past `--max-connections`, a new connection is closed at once and the open ones still work;
//! - (c) a body trickled at 2 B/s is cut by the minimum rate, a stalled one by the idle
//!   timeout, both with 408;
//! - (d) SIGTERM during 20 slow in-flight requests: `/readyz` 503 and gRPC health
//!   `NOT_SERVING` while draining, all 20 answered 200, exit 0 within the drain timeout; and a
//!   client that never finishes does not hold the exit past the drain timeout;
//! - (e) the gRPC side under the same budget: 60 streams declaring 50 MiB messages, those that
//!   do not fit refused with `RESOURCE_EXHAUSTED` before their bytes are read, a normal `Call`
//!   answered meanwhile, RSS bounded.
//!
//! (f), a `Servicer` whose `Limits` refuse a bigger `NDArray`, is a unit test in src/grpc.rs.
//!
//! A test binary of its own (`harness = false`): it runs the probes one after another, each
//! bounded in time, prints a line per probe and `hardening: N passed, M failed`. Run with the
//! environment variable `NDARRAY_HARDENING_SERVER` set, it is the example server itself.

#[allow(dead_code)]
#[path = "../examples/serve.rs"]
mod example;

use std::future::Future;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::pin::Pin;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use ndarray_descriptor::proto::v1::bento_service_client::BentoServiceClient;
use ndarray_descriptor::proto::v1::{NdArray, Request, request};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::timeout;

const CHILD: &str = "NDARRAY_HARDENING_SERVER";
const MIB: usize = 1 << 20;
const SMALL: &[u8] = b"[[5.1, 3.5, 1.4, 0.2]]";

type Probe = fn() -> Pin<Box<dyn Future<Output = Result<String, String>> + Send>>;

fn main() {
    if std::env::var_os(CHILD).is_some() {
        if let Err(e) = example::main() {
            eprintln!("server failed: {e}");
            std::process::exit(1);
        }
        return;
    }
    let probes: [(&str, Probe, u64); 8] = [
        ("a_uploads_held_open", || Box::pin(uploads_held_open()), 240),
        (
            "a_chunked_outgrows_budget",
            || Box::pin(chunked_outgrows_budget()),
            60,
        ),
        ("b_half_open_heads", || Box::pin(half_open_heads()), 120),
        ("b_connection_cap", || Box::pin(connection_cap()), 60),
        ("c_slow_bodies", || Box::pin(slow_bodies()), 60),
        ("d_sigterm_drains", || Box::pin(sigterm_drains()), 90),
        ("d_drain_deadline", || Box::pin(drain_deadline()), 60),
        ("e_grpc_budget", || Box::pin(grpc_budget()), 240),
    ];
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (mut passed, mut failed) = (0, 0);
    for (name, probe, secs) in probes {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let start = Instant::now();
        let outcome = rt.block_on(async {
            timeout(Duration::from_secs(secs), probe())
                .await
                .unwrap_or_else(|_| Err(format!("did not finish within {secs} s")))
        });
        let took = start.elapsed().as_secs_f64();
        match outcome {
            Ok(detail) => {
                passed += 1;
                println!("hardening {name}: ok in {took:.1} s: {detail}");
            }
            Err(why) => {
                failed += 1;
                println!("hardening {name}: FAILED in {took:.1} s: {why}");
            }
        }
    }
    println!("hardening: {passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}

/// The example server in a child process, on ephemeral loopback ports.
struct Server {
    child: std::process::Child,
    http: SocketAddr,
    grpc: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(flags: &[&str]) -> Result<Server, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let mut child = Command::new(exe)
            .env(CHILD, "1")
            .env("NO_COLOR", "1")
            .args(["--host", "127.0.0.1", "--port", "0", "--grpc-port", "0"])
            .args(["--log-level", "info"])
            .args(flags)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let stderr = child.stderr.take().ok_or("no stderr")?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        {
            let log = log.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    for (tag, what) in [("HTTP listening on http://", 0), ("gRPC listening on ", 1)]
                    {
                        if let Some(rest) = line.split(tag).nth(1) {
                            let addr = rest.split_whitespace().next().unwrap_or("");
                            if let Ok(a) = addr.parse::<SocketAddr>() {
                                let _ = tx.send((what, a));
                            }
                        }
                    }
                    if let Ok(mut l) = log.lock() {
                        l.push(line);
                    }
                }
            });
        }
        let (mut http, mut grpc) = (None, None);
        while http.is_none() || grpc.is_none() {
            match rx.recv_timeout(Duration::from_secs(30)) {
                Ok((0, a)) => http = Some(a),
                Ok((_, a)) => grpc = Some(a),
                Err(_) => {
                    let _ = child.kill();
                    return Err(format!(
                        "the server did not report its addresses: {:?}",
                        log.lock().map(|l| l.clone()).unwrap_or_default()
                    ));
                }
            }
        }
        Ok(Server {
            child,
            http: http.unwrap_or_else(|| unreachable!()),
            grpc: grpc.unwrap_or_else(|| unreachable!()),
            log,
        })
    }

    /// (VmRSS, VmHWM) in bytes, from /proc.
    fn rss(&self) -> Result<(usize, usize), String> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .map_err(|e| format!("cannot read the server's /proc status: {e}"))?;
        let field = |name: &str| {
            status
                .lines()
                .find_map(|l| l.strip_prefix(name))
                .and_then(|v| v.split_whitespace().next()?.parse::<usize>().ok())
                .map(|kib| kib * 1024)
                .ok_or(format!("no {name} in /proc status"))
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }

    fn sigterm(&self) -> Result<(), String> {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .map_err(|e| format!("kill: {e}"))?
            .success();
        if ok {
            Ok(())
        } else {
            Err("kill -TERM failed".into())
        }
    }

    /// Wait up to `limit` for the process to exit; its status and how long it took.
    async fn wait_exit(&mut self, limit: Duration) -> Result<(i32, Duration), String> {
        let start = Instant::now();
        while start.elapsed() < limit {
            if let Some(st) = self.child.try_wait().map_err(|e| e.to_string())? {
                return Ok((st.code().unwrap_or(-1), start.elapsed()));
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        Err(format!("still running {limit:?} after SIGTERM"))
    }

    fn log_tail(&self) -> String {
        let l = self.log.lock().map(|l| l.clone()).unwrap_or_default();
        l[l.len().saturating_sub(5)..].join(" | ")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A response read off a raw connection.
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

/// Read one response head (and a body of its `Content-Length`) from `s`.
async fn read_answer(s: &mut TcpStream, limit: Duration) -> Result<Answer, String> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_string();
            let status = head
                .split(' ')
                .nth(1)
                .and_then(|c| c.parse().ok())
                .ok_or(format!("bad status line: {head}"))?;
            let len = head
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            let mut body = buf[end + 4..].to_vec();
            while body.len() < len {
                let n = tokio::time::timeout_at(deadline, s.read(&mut chunk))
                    .await
                    .map_err(|_| "response body timed out".to_string())?
                    .map_err(|e| e.to_string())?;
                if n == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..n]);
            }
            return Ok(Answer { status, head, body });
        }
        let n = tokio::time::timeout_at(deadline, s.read(&mut chunk))
            .await
            .map_err(|_| format!("no response within {limit:?}"))?
            .map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err(format!(
                "connection closed before a response ({} bytes read)",
                buf.len()
            ));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

fn head(method: &str, path: &str, len: usize, extra: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {len}\r\n{extra}\r\n"
    )
}

/// One request on a fresh connection; the status and how long it took.
async fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: &[u8],
) -> Result<(Answer, Duration), String> {
    let start = Instant::now();
    let mut s = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let req = head(method, path, body.len(), "Connection: close\r\n");
    s.write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    s.write_all(body).await.map_err(|e| e.to_string())?;
    let a = read_answer(&mut s, Duration::from_secs(20)).await?;
    Ok((a, start.elapsed()))
}

/// A normal `/classify` during an attack: 200 with setosa, in under `within`.
async fn normal_request(addr: SocketAddr, within: Duration) -> Result<Duration, String> {
    let (a, took) = request(addr, "POST", "/classify", SMALL).await?;
    if a.status != 200 || a.body != b"[0]" {
        return Err(format!(
            "normal request answered {} {:?}",
            a.status,
            String::from_utf8_lossy(&a.body)
        ));
    }
    if took > within {
        return Err(format!("normal request took {took:?} (limit {within:?})"));
    }
    Ok(took)
}

fn mib(bytes: usize) -> String {
    format!("{:.0} MiB", bytes as f64 / MIB as f64)
}

// --- (a) ---------------------------------------------------------------------------------

const BUDGET: usize = 256 * MIB;
/// What the server may hold beyond its budget: its own code, runtime and allocator (its
/// baseline RSS is measured and added on top), hyper's per-connection read buffers for the
/// 200 connections (about 8 KiB each while a head is read), allocator slack of the freed
/// bodies, and the 408/503 answers.
const HEADROOM: usize = 64 * MIB;

/// One 50 MiB upload: the head with `Expect: 100-continue`, then (if the server says go) all
/// but the last 16 bytes, held until `release`, then the rest. The final status.
async fn upload(
    addr: SocketAddr,
    body: Arc<Vec<u8>>,
    holding: Arc<AtomicUsize>,
    refused: Arc<AtomicUsize>,
    mut release: watch::Receiver<bool>,
) -> Result<u16, String> {
    let mut s = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let req = head(
        "POST",
        "/classify",
        body.len(),
        "Connection: close\r\nExpect: 100-continue\r\n",
    );
    s.write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let first = read_answer(&mut s, Duration::from_secs(60)).await?;
    if first.status != 100 {
        if first.status == 503 && !first.head.to_ascii_lowercase().contains("retry-after: 1") {
            return Err(format!("503 without Retry-After: {}", first.head));
        }
        refused.fetch_add(1, Ordering::SeqCst);
        return Ok(first.status);
    }
    let cut = body.len() - 16;
    s.write_all(&body[..cut]).await.map_err(|e| e.to_string())?;
    holding.fetch_add(1, Ordering::SeqCst);
    let _ = release.wait_for(|r| *r).await;
    s.write_all(&body[cut..]).await.map_err(|e| e.to_string())?;
    let a = read_answer(&mut s, Duration::from_secs(60)).await?;
    Ok(a.status)
}

async fn uploads_held_open() -> Result<String, String> {
    let budget = BUDGET.to_string();
    let server = Server::start(&["--max-in-flight-bytes", &budget])?;
    let (baseline, _) = server.rss()?;
    // A valid body of 50 MiB: one iris row, then spaces (JSON allows trailing whitespace).
    let mut body = SMALL.to_vec();
    body.resize(50 * MIB, b' ');
    let body = Arc::new(body);
    let (holding, refused) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (release_tx, release) = watch::channel(false);
    let clients: Vec<_> = (0..200)
        .map(|_| {
            tokio::spawn(upload(
                server.http,
                body.clone(),
                holding.clone(),
                refused.clone(),
                release.clone(),
            ))
        })
        .collect();
    let start = Instant::now();
    while holding.load(Ordering::SeqCst) + refused.load(Ordering::SeqCst) < 200 {
        if start.elapsed() > Duration::from_secs(120) {
            return Err(format!(
                "after 120 s only {} holding and {} refused; server: {}",
                holding.load(Ordering::SeqCst),
                refused.load(Ordering::SeqCst),
                server.log_tail()
            ));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let during = normal_request(server.http, Duration::from_secs(2)).await?;
    let (rss, _) = server.rss()?;
    let held = holding.load(Ordering::SeqCst);
    let _ = release_tx.send(true);
    let mut statuses = std::collections::BTreeMap::new();
    for c in clients {
        let st = c.await.map_err(|e| e.to_string())??;
        *statuses.entry(st).or_insert(0usize) += 1;
    }
    let (_, peak) = server.rss()?;
    let bound = baseline + BUDGET + HEADROOM;
    let admitted_max = BUDGET / (50 * MIB);
    if held == 0 || held > admitted_max {
        return Err(format!(
            "{held} uploads admitted; the budget fits 1..={admitted_max}"
        ));
    }
    if statuses.keys().any(|s| *s != 200 && *s != 503) || statuses.get(&200) != Some(&held) {
        return Err(format!("statuses {statuses:?} ({held} admitted)"));
    }
    if peak > bound {
        return Err(format!(
            "peak RSS {} over baseline {} + budget {} + headroom {}",
            mib(peak),
            mib(baseline),
            mib(BUDGET),
            mib(HEADROOM)
        ));
    }
    Ok(format!(
        "{held} admitted (answered 200), {} refused 503 + Retry-After; RSS while held {}, \
         peak {} (baseline {}, bound {}); a normal request meanwhile took {:.1} ms",
        statuses.get(&503).copied().unwrap_or(0),
        mib(rss),
        mib(peak),
        mib(baseline),
        mib(bound),
        during.as_secs_f64() * 1e3
    ))
}

/// A chunked body (no declared length) is admitted, then refused with 503 mid-stream once it
/// outgrows the budget; the server keeps answering afterwards.
async fn chunked_outgrows_budget() -> Result<String, String> {
    let server = Server::start(&["--max-in-flight-bytes", &(8 * MIB).to_string()])?;
    let mut s = TcpStream::connect(server.http)
        .await
        .map_err(|e| e.to_string())?;
    let req = "POST /classify HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n";
    s.write_all(req.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let (mut rd, mut wr) = s.into_split();
    let sent = Arc::new(AtomicUsize::new(0));
    let writer = {
        let sent = sent.clone();
        tokio::spawn(async move {
            let mut chunk = format!("{:x}\r\n", MIB).into_bytes();
            chunk.resize(chunk.len() + MIB, b' ');
            chunk.extend_from_slice(b"\r\n");
            // Up to 64 MiB, far past the 8 MiB budget; stops when the server stops reading.
            for _ in 0..64 {
                if wr.write_all(&chunk).await.is_err() {
                    return;
                }
                sent.fetch_add(MIB, Ordering::SeqCst);
            }
        })
    };
    let mut buf = vec![0u8; 4096];
    let n = timeout(Duration::from_secs(30), rd.read(&mut buf))
        .await
        .map_err(|_| "no answer within 30 s".to_string())?
        .map_err(|e| e.to_string())?;
    writer.abort();
    let text = String::from_utf8_lossy(&buf[..n]).to_string();
    if !text.starts_with("HTTP/1.1 503") || !text.to_ascii_lowercase().contains("retry-after: 1") {
        return Err(format!("answer: {text:?}"));
    }
    let sent = sent.load(Ordering::SeqCst);
    normal_request(server.http, Duration::from_secs(1)).await?;
    Ok(format!(
        "503 + Retry-After after {} of chunked body against an 8 MiB budget",
        mib(sent)
    ))
}

// --- (b) ---------------------------------------------------------------------------------

async fn half_open_heads() -> Result<String, String> {
    let head_timeout = Duration::from_secs(2);
    let server = Server::start(&["--header-read-timeout", "2s"])?;
    let opened = Instant::now();
    let mut conns = Vec::with_capacity(2000);
    for _ in 0..2000 {
        let mut s = TcpStream::connect(server.http)
            .await
            .map_err(|e| format!("connect: {e}"))?;
        s.write_all(b"POST /classify HTTP/1.1\r\nHost: localhost\r\nContent-Le")
            .await
            .map_err(|e| e.to_string())?;
        conns.push(s);
    }
    let open_took = opened.elapsed();
    // Not closed early: the last ten opened, well inside their head timeout, are still open.
    for s in conns.iter_mut().rev().take(10) {
        let mut b = [0u8; 16];
        if timeout(Duration::from_millis(5), s.read(&mut b))
            .await
            .is_ok()
        {
            return Err("a half-open connection was closed before the head timeout".into());
        }
    }
    let mut worst = Duration::ZERO;
    for _ in 0..10 {
        worst = worst.max(normal_request(server.http, Duration::from_secs(1)).await?);
    }
    // Every connection must see the server close it by the head timeout plus slack.
    let slack = Duration::from_secs(3);
    let deadline = tokio::time::Instant::from_std(opened) + open_took + head_timeout + slack;
    let closed = Arc::new(AtomicUsize::new(0));
    let waits: Vec<_> = conns
        .into_iter()
        .map(|mut s| {
            let closed = closed.clone();
            tokio::spawn(async move {
                let mut b = [0u8; 1024];
                loop {
                    match tokio::time::timeout_at(deadline, s.read(&mut b)).await {
                        Ok(Ok(0)) | Ok(Err(_)) => {
                            closed.fetch_add(1, Ordering::SeqCst);
                            return;
                        }
                        Ok(Ok(_)) => continue, // a 408 answer before the close
                        Err(_) => return,
                    }
                }
            })
        })
        .collect();
    for w in waits {
        let _ = w.await;
    }
    let closed = closed.load(Ordering::SeqCst);
    if closed != 2000 {
        return Err(format!(
            "{closed} of 2000 half-open connections closed within {:?}",
            open_took + head_timeout + slack
        ));
    }
    normal_request(server.http, Duration::from_secs(1)).await?;
    Ok(format!(
        "2000 opened in {:.1} s, all closed within the 2 s head timeout + 3 s slack; 10 normal \
         requests meanwhile, slowest {:.1} ms",
        open_took.as_secs_f64(),
        worst.as_secs_f64() * 1e3
    ))
}

async fn connection_cap() -> Result<String, String> {
    let server = Server::start(&["--max-connections", "50"])?;
    let mut open = Vec::new();
    for _ in 0..50 {
        open.push(
            TcpStream::connect(server.http)
                .await
                .map_err(|e| e.to_string())?,
        );
    }
    // Give the server time to accept all 50 before the one over the cap.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut over = TcpStream::connect(server.http)
        .await
        .map_err(|e| e.to_string())?;
    let _ = over
        .write_all(head("POST", "/classify", SMALL.len(), "").as_bytes())
        .await;
    let mut b = [0u8; 64];
    match timeout(Duration::from_secs(2), over.read(&mut b)).await {
        Ok(Ok(0)) | Ok(Err(_)) => {}
        Ok(Ok(n)) => return Err(format!("the connection over the cap got {n} bytes")),
        Err(_) => return Err("the connection over the cap is still open after 2 s".into()),
    }
    // A connection under the cap still answers, and a freed slot is usable again.
    let first = &mut open[0];
    first
        .write_all(head("POST", "/classify", SMALL.len(), "").as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    first.write_all(SMALL).await.map_err(|e| e.to_string())?;
    let a = read_answer(first, Duration::from_secs(5)).await?;
    if a.status != 200 {
        return Err(format!("an open connection answered {}", a.status));
    }
    open.truncate(40);
    tokio::time::sleep(Duration::from_millis(300)).await;
    normal_request(server.http, Duration::from_secs(1)).await?;
    Ok("the 51st connection closed at once; open ones answer; freed slots are reused".into())
}

// --- (c) ---------------------------------------------------------------------------------

/// Send a 1000-byte body's first `burst` bytes, then one byte every `every`; the answer and
/// when it came.
async fn slow_body(
    addr: SocketAddr,
    burst: usize,
    every: Duration,
) -> Result<(Answer, Duration), String> {
    let mut s = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let start = Instant::now();
    s.write_all(head("POST", "/classify", 1000, "").as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let (mut rd, mut wr) = s.into_split();
    let body = vec![b' '; 1000];
    let writer = tokio::spawn(async move {
        let _ = wr.write_all(&body[..burst]).await;
        for i in burst..body.len() {
            tokio::time::sleep(every).await;
            if wr.write_all(&body[i..i + 1]).await.is_err() {
                return;
            }
        }
    });
    let mut buf = Vec::new();
    let got = timeout(Duration::from_secs(30), rd.read_to_end(&mut buf)).await;
    writer.abort();
    got.map_err(|_| "no answer within 30 s".to_string())?
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or(format!("no response, only {text:?}"))?;
    let body = text
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or("")
        .as_bytes()
        .to_vec();
    Ok((
        Answer {
            status,
            head: text,
            body,
        },
        start.elapsed(),
    ))
}

async fn slow_bodies() -> Result<String, String> {
    let server = Server::start(&[
        "--min-body-rate",
        "240",
        "--min-body-rate-grace",
        "2s",
        "--body-idle-timeout",
        "3s",
    ])?;
    // 2 bytes/s: below 240 B/s once the 2 s grace is over.
    let (trickle, t1) = slow_body(server.http, 0, Duration::from_millis(500)).await?;
    // 600 bytes at once (enough for 2 + 600/240 = 4.5 s of rate), then nothing: the 3 s idle
    // timeout comes first.
    let (stall, t2) = slow_body(server.http, 600, Duration::from_secs(3600)).await?;
    for (what, a, t, within, word) in [
        ("trickle", &trickle, t1, Duration::from_secs(4), "too slow"),
        ("stall", &stall, t2, Duration::from_secs(5), "stalled"),
    ] {
        if a.status != 408 || !String::from_utf8_lossy(&a.body).contains(word) {
            return Err(format!(
                "{what}: {} {:?}",
                a.status,
                String::from_utf8_lossy(&a.body)
            ));
        }
        if t > within {
            return Err(format!("{what}: cut after {t:?}, limit {within:?}"));
        }
    }
    normal_request(server.http, Duration::from_secs(1)).await?;
    Ok(format!(
        "2 B/s body cut with 408 after {:.1} s (grace 2 s), stalled body after {:.1} s (idle 3 s)",
        t1.as_secs_f64(),
        t2.as_secs_f64()
    ))
}

// --- (d) ---------------------------------------------------------------------------------

/// A valid `(50, 4)` body sent in four pieces `gap` apart, after `started` is bumped.
async fn slow_request(
    addr: SocketAddr,
    started: Arc<AtomicUsize>,
    gap: Duration,
) -> Result<Answer, String> {
    let row = "[5.1, 3.5, 1.4, 0.2]";
    let body = format!("[{}]", vec![row; 50].join(", ")).into_bytes();
    let mut s = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    s.write_all(head("POST", "/classify", body.len(), "").as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let quarter = body.len() / 4;
    s.write_all(&body[..quarter])
        .await
        .map_err(|e| e.to_string())?;
    started.fetch_add(1, Ordering::SeqCst);
    for i in 1..4 {
        tokio::time::sleep(gap).await;
        let end = if i == 3 {
            body.len()
        } else {
            quarter * (i + 1)
        };
        s.write_all(&body[quarter * i..end])
            .await
            .map_err(|e| format!("piece {i}: {e}"))?;
    }
    read_answer(&mut s, Duration::from_secs(20)).await
}

/// `grpc.health.v1.Health/Check` for the server as a whole (`""`) or one service.
async fn grpc_health(addr: SocketAddr) -> Result<i32, String> {
    grpc_health_of(addr, "").await
}

async fn grpc_health_of(addr: SocketAddr, service: &str) -> Result<i32, String> {
    use tonic_health::pb::HealthCheckRequest;
    use tonic_health::pb::health_client::HealthClient;
    let channel = tonic::transport::Channel::from_shared(format!("http://{addr}"))
        .map_err(|e| e.to_string())?
        .connect()
        .await
        .map_err(|e| format!("gRPC connect: {e}"))?;
    let resp = HealthClient::new(channel)
        .check(HealthCheckRequest {
            service: service.to_string(),
        })
        .await
        .map_err(|e| format!("health check: {e}"))?;
    Ok(resp.into_inner().status)
}

async fn sigterm_drains() -> Result<String, String> {
    let mut server = Server::start(&["--unready-delay", "1s", "--drain-timeout", "10s"])?;
    let serving = grpc_health(server.grpc).await?;
    let (ready, _) = request(server.http, "GET", "/readyz", b"").await?;
    if serving != 1 || ready.status != 200 {
        return Err(format!("before: health {serving}, readyz {}", ready.status));
    }
    // Both gRPC services the example serves are reported by name.
    for service in [
        "bentoml.grpc.v1.BentoService",
        "inference.GRPCInferenceService",
    ] {
        let status = grpc_health_of(server.grpc, service).await?;
        if status != 1 {
            return Err(format!("before: health of {service} {status}"));
        }
    }
    let started = Arc::new(AtomicUsize::new(0));
    let clients: Vec<_> = (0..20)
        .map(|_| {
            tokio::spawn(slow_request(
                server.http,
                started.clone(),
                Duration::from_millis(500),
            ))
        })
        .collect();
    while started.load(Ordering::SeqCst) < 20 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let term = Instant::now();
    server.sigterm()?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (unready, _) = request(server.http, "GET", "/readyz", b"").await?;
    let not_serving = grpc_health(server.grpc).await?;
    if unready.status != 503 || not_serving != 2 {
        return Err(format!(
            "while draining: readyz {} (want 503), health {not_serving} (want 2, NOT_SERVING)",
            unready.status
        ));
    }
    let oip = grpc_health_of(server.grpc, "inference.GRPCInferenceService").await?;
    if oip != 2 {
        return Err(format!(
            "while draining: health of inference.GRPCInferenceService {oip} (want 2)"
        ));
    }
    let mut ok = 0;
    for c in clients {
        let a = c.await.map_err(|e| e.to_string())??;
        if a.status != 200 {
            return Err(format!("an in-flight request answered {}", a.status));
        }
        ok += 1;
    }
    let (code, _) = server.wait_exit(Duration::from_secs(12)).await?;
    let exited = term.elapsed();
    if code != 0 {
        return Err(format!("exit status {code}: {}", server.log_tail()));
    }
    Ok(format!(
        "readyz 503 and health NOT_SERVING while draining; {ok}/20 in-flight answered 200; exit 0 \
         {:.2} s after SIGTERM (unready delay 1 s, drain timeout 10 s)",
        exited.as_secs_f64()
    ))
}

async fn drain_deadline() -> Result<String, String> {
    let mut server = Server::start(&["--drain-timeout", "2s"])?;
    // A body that never finishes (the body timeouts are the defaults, 60 s), an idle
    // connection, and a half-open head.
    let mut stuck = TcpStream::connect(server.http)
        .await
        .map_err(|e| e.to_string())?;
    stuck
        .write_all(head("POST", "/classify", 1000, "").as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    stuck
        .write_all(b"[[5.1,")
        .await
        .map_err(|e| e.to_string())?;
    let mut idle = TcpStream::connect(server.http)
        .await
        .map_err(|e| e.to_string())?;
    let mut half = TcpStream::connect(server.http)
        .await
        .map_err(|e| e.to_string())?;
    half.write_all(b"GET /readyz HTTP/1.1\r\n")
        .await
        .map_err(|e| e.to_string())?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let term = Instant::now();
    server.sigterm()?;
    // Idle and half-open connections are closed at once, not at the deadline.
    let mut b = [0u8; 64];
    for (what, s) in [("idle", &mut idle), ("half-open", &mut half)] {
        match timeout(Duration::from_secs(1), s.read(&mut b)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {}
            Ok(Ok(n)) => return Err(format!("{what} connection got {n} bytes")),
            Err(_) => return Err(format!("{what} connection still open 1 s after SIGTERM")),
        }
    }
    let closed_at = term.elapsed();
    let (code, _) = server.wait_exit(Duration::from_secs(6)).await?;
    let exited = term.elapsed();
    if code != 0 {
        return Err(format!("exit status {code}"));
    }
    if exited > Duration::from_secs(4) {
        return Err(format!("exit {exited:?} after SIGTERM, drain timeout 2 s"));
    }
    Ok(format!(
        "idle and half-open connections closed {:.0} ms after SIGTERM; with a body that never \
         finishes, exit 0 after {:.2} s (drain timeout 2 s)",
        closed_at.as_secs_f64() * 1e3,
        exited.as_secs_f64()
    ))
}

// --- (e) ---------------------------------------------------------------------------------

async fn grpc_budget() -> Result<String, String> {
    let budget = BUDGET.to_string();
    let server = Server::start(&["--max-in-flight-bytes", &budget])?;
    let (baseline, _) = server.rss()?;
    let declared = 50 * MIB;
    // Each admitted stream sends 45 MiB of its 50 MiB message and holds the rest back.
    let payload = Bytes::from(vec![0u8; 45 * MIB]);
    let mut prefix = vec![0u8];
    prefix.extend_from_slice(&(declared as u32).to_be_bytes());
    let prefix = Bytes::from(prefix);
    let mut conns = Vec::new();
    let mut streams = Vec::new();
    for _ in 0..6 {
        let tcp = TcpStream::connect(server.grpc)
            .await
            .map_err(|e| e.to_string())?;
        let (client, conn) = h2::client::handshake(tcp)
            .await
            .map_err(|e| format!("h2 handshake: {e}"))?;
        conns.push(tokio::spawn(conn));
        for _ in 0..10 {
            let mut client = client.clone().ready().await.map_err(|e| e.to_string())?;
            let req = http::Request::post("/bentoml.grpc.v1.BentoService/Call")
                .header("content-type", "application/grpc")
                .header("te", "trailers")
                .body(())
                .map_err(|e| e.to_string())?;
            let (resp, mut send) = client
                .send_request(req, false)
                .map_err(|e| format!("send_request: {e}"))?;
            send.send_data(prefix.clone(), false)
                .map_err(|e| e.to_string())?;
            send.send_data(payload.clone(), false)
                .map_err(|e| e.to_string())?;
            streams.push((resp, send));
        }
    }
    // Refused streams answer at once; admitted ones wait for the bytes held back.
    let mut refused = 0;
    let mut pending = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    for (resp, send) in streams {
        match tokio::time::timeout_at(deadline, resp).await {
            Ok(Ok(r)) => {
                let status = r
                    .headers()
                    .get("grpc-status")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("")
                    .to_string();
                if status != "8" {
                    return Err(format!("a stream answered grpc-status {status:?}, want 8"));
                }
                refused += 1;
            }
            Ok(Err(e)) => return Err(format!("stream error: {e}")),
            Err(_) => pending.push(send),
        }
    }
    let admitted = pending.len();
    let normal = Instant::now();
    let channel = tonic::transport::Channel::from_shared(format!("http://{}", server.grpc))
        .map_err(|e| e.to_string())?
        .connect()
        .await
        .map_err(|e| e.to_string())?;
    let reply = BentoServiceClient::new(channel)
        .call(Request {
            api_name: "classify".into(),
            content: Some(request::Content::Ndarray(NdArray {
                dtype: 1,
                shape: vec![1, 4],
                float_values: vec![5.1, 3.5, 1.4, 0.2],
                ..Default::default()
            })),
        })
        .await;
    let normal = normal.elapsed();
    reply.map_err(|e| format!("a normal Call during the attack: {e}"))?;
    let (rss, peak) = server.rss()?;
    let bound = baseline + BUDGET + HEADROOM;
    if admitted == 0 || admitted > BUDGET / declared || refused + admitted != 60 {
        return Err(format!("{admitted} streams admitted, {refused} refused"));
    }
    if peak > bound {
        return Err(format!("peak RSS {} over {}", mib(peak), mib(bound)));
    }
    drop(pending);
    for c in conns {
        c.abort();
    }
    Ok(format!(
        "{refused} of 60 streams refused RESOURCE_EXHAUSTED before their bytes were read, \
         {admitted} held; RSS {} (peak {}, bound {}); a normal Call meanwhile took {:.1} ms",
        mib(rss),
        mib(peak),
        mib(bound),
        normal.as_secs_f64() * 1e3
    ))
}
