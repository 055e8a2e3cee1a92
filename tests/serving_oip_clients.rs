//! Real Open Inference Protocol clients against the example service: `examples/serve.rs`'s own
//! `run` on ephemeral loopback ports, called by Triton's `tritonclient` (http and grpc) and the
//! `kserve` SDK through `tests/oip_clients.py`. That script checks health, server and model
//! metadata, every datatype `predict_proba` takes through `same_kind` in both REST encodings
//! (JSON and the binary tensor data extension) and over gRPC, the refusals (dtype, shape,
//! unknown model), and compares every answer with the model rule in numpy and with what the
//! same server's BentoML route answers for the same rows.
//!
//! The Python is `$NDARRAY_OIP_PYTHON`, else `target/oip-venv/bin/python`, which
//! `scripts/oip-clients.sh` sets up (`.ci/run` runs it first); without one that imports numpy
//! and tritonclient the test prints `oip clients: skipped (<why>)` and passes.

#[allow(dead_code)]
#[path = "../examples/serve.rs"]
mod example;

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use ndarray_descriptor::Limits;
use tokio::net::TcpListener;

/// A Python with numpy and tritonclient[http,grpc], or why there is none.
fn python() -> Result<PathBuf, String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let py = std::env::var_os("NDARRAY_OIP_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/oip-venv/bin/python"));
    let status = std::process::Command::new(&py)
        .args(["-c", "import numpy, tritonclient.http, tritonclient.grpc"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match status {
        Ok(s) if s.success() => Ok(py),
        _ => Err(format!(
            "no Python with numpy and tritonclient[http,grpc] at {}: run scripts/oip-clients.sh \
             or set NDARRAY_OIP_PYTHON",
            py.display()
        )),
    }
}

#[tokio::test]
async fn oip_clients() {
    let py = match python() {
        Ok(py) => py,
        Err(why) => {
            println!("oip clients: skipped ({why})");
            return;
        }
    };
    let http = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let grpc = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (http_addr, grpc_addr) = (http.local_addr().unwrap(), grpc.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let stop = async move {
            let _ = rx.await;
        };
        if let Err(e) = example::run(http, grpc, Limits::default(), stop).await {
            panic!("server failed: {e}");
        }
    });
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oip_clients.py");
    let out = tokio::process::Command::new(&py)
        .arg(script)
        .args(["--target", "ndarray-descriptor"])
        .args(["--http", &http_addr.to_string()])
        .args(["--grpc", &grpc_addr.to_string()])
        .kill_on_drop(true)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(300), out)
        .await
        .expect("the OIP client checks finish within 300 s")
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success() && stdout.contains(" passed, 0 failed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = tx.send(());
    tokio::time::timeout(Duration::from_secs(10), server)
        .await
        .expect("server stops")
        .expect("server task");
}
