//! Requests/s of one-row calls from `client::Client` at a fixed number of concurrent tasks
//! (`scripts/bench-client.sh` runs it beside BentoML's own Python client):
//!
//! ```sh
//! cargo run --release --example client_bench -- --url http://127.0.0.1:3000 \
//!     [--concurrency 32] [--seconds 10] [--warmup 2] [--transport auto|json|npy]
//! ```
//!
//! Prints one line, `rust client <transport>: N requests in S s = R req/s, E errors`. Every
//! answer is checked (class 0 for the setosa row); a wrong one counts as an error.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use ndarray_descriptor::DynArray;
use ndarray_descriptor::client::{Client, ClientConfig, Transport};

fn flag(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn number(name: &str, default: u64) -> u64 {
    flag(name).map_or(default, |v| {
        v.parse().unwrap_or_else(|_| {
            eprintln!("{name} takes a whole number");
            std::process::exit(2)
        })
    })
}

#[tokio::main]
async fn main() {
    let url = flag("--url").unwrap_or_else(|| "http://127.0.0.1:3000".into());
    let concurrency = number("--concurrency", 32).clamp(1, 1024);
    let seconds = number("--seconds", 10).clamp(1, 600);
    let warmup = number("--warmup", 2).min(60);
    let name = flag("--transport").unwrap_or_else(|| "auto".into());
    let transport = match name.as_str() {
        "auto" => Transport::Auto,
        "json" => Transport::Json,
        "npy" => Transport::Npy,
        other => {
            eprintln!("unknown transport {other:?}");
            std::process::exit(2)
        }
    };
    let config = ClientConfig::default()
        .with_transport(transport)
        .with_timeout(Duration::from_secs(10));
    let client = Client::with_config(&url, config).expect("client");
    let row = DynArray::from(ndarray::array![[5.1f32, 3.5, 1.4, 0.2]].into_dyn());
    client.apis().await.expect("the service lists its APIs");

    let run = |secs: u64| {
        let (client, row) = (client.clone(), row.clone());
        async move {
            let (done, errors) = (Arc::new(AtomicU64::new(0)), Arc::new(AtomicU64::new(0)));
            let end = Instant::now() + Duration::from_secs(secs);
            let start = Instant::now();
            let tasks: Vec<_> = (0..concurrency)
                .map(|_| {
                    let (client, row) = (client.clone(), row.clone());
                    let (done, errors) = (done.clone(), errors.clone());
                    tokio::spawn(async move {
                        while Instant::now() < end {
                            let ok = matches!(
                                client.call("classify", row.clone()).await,
                                Ok(out) if out.as_array::<i64>().and_then(|a| a.as_slice().map(|s| s == [0])) == Some(true)
                            );
                            let counter = if ok { &done } else { &errors };
                            counter.fetch_add(1, Ordering::Relaxed);
                        }
                    })
                })
                .collect();
            for t in tasks {
                let _ = t.await;
            }
            let elapsed = start.elapsed().as_secs_f64();
            (
                done.load(Ordering::Relaxed),
                errors.load(Ordering::Relaxed),
                elapsed,
            )
        }
    };
    if warmup > 0 {
        run(warmup).await;
    }
    let (n, errors, elapsed) = run(seconds).await;
    println!(
        "rust client {name}: {n} requests in {elapsed:.1} s = {:.0} req/s, {errors} errors",
        n as f64 / elapsed
    );
}
