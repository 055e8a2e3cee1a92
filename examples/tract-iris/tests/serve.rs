//! The service over HTTP on a loopback socket: iris rows posted to `classify`,
//! `classify_batch` (concurrently, so batches form) and `predict_proba`, and a bad shape.

use std::net::SocketAddr;
use std::time::Duration;

use ndarray_descriptor::batch::Batching;
use ndarray_descriptor::guard::{GuardConfig, Guards};
use ndarray_descriptor::serve::{Server, ServerConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tract_iris::IrisModel;

/// One HTTP/1.1 POST on its own connection: (status, body).
async fn post(addr: SocketAddr, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let req = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), s.read_to_end(&mut answer))
        .await
        .expect("an answer within 30 s")
        .unwrap();
    let text = String::from_utf8(answer).expect("a UTF-8 answer");
    let (head, body) = text.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    // Chunked bodies are not expected for these small JSON answers.
    assert!(
        !head
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked"),
        "{head}"
    );
    (status, body.to_string())
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_rows_over_http() {
    let guards = Guards::new(GuardConfig::default());
    let batching = Batching::new()
        .max_batch_size(8)
        .max_latency(Duration::from_millis(20));
    let router = tract_iris::service(IrisModel::bundled().unwrap(), batching)
        .unwrap()
        .with_guards(guards.clone())
        .router()
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(
        Server::new(ServerConfig::default())
            .with_guards(guards)
            .http(listener, router)
            .serve(async {
                let _ = stop_rx.await;
            }),
    );

    // setosa, versicolor, virginica (rows 0, 50 and 100 of load_iris).
    let rows = "[[5.1, 3.5, 1.4, 0.2], [7.0, 3.2, 4.7, 1.4], [6.3, 3.3, 6.0, 2.5]]";
    for path in ["/classify", "/classify_batch"] {
        let (status, body) = post(addr, path, rows).await;
        assert_eq!(
            (status, json(&body)),
            (200, serde_json::json!([0, 1, 2])),
            "{path}"
        );
    }

    // One row per request, 24 at once: each answer is its own row's class.
    let one = [
        "[[5.1, 3.5, 1.4, 0.2]]",
        "[[7.0, 3.2, 4.7, 1.4]]",
        "[[6.3, 3.3, 6.0, 2.5]]",
    ];
    let calls: Vec<_> = (0..24)
        .map(|i| {
            tokio::spawn(async move { (i % 3, post(addr, "/classify_batch", one[i % 3]).await) })
        })
        .collect();
    for call in calls {
        let (class, (status, body)) = call.await.unwrap();
        assert_eq!((status, json(&body)), (200, serde_json::json!([class])));
    }

    let (status, body) = post(addr, "/predict_proba", "[[5.1, 3.5, 1.4, 0.2]]").await;
    assert_eq!(status, 200, "{body}");
    let p: Vec<Vec<f64>> = serde_json::from_str(&body).unwrap();
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].len(), 3);
    // scikit-learn's predict_proba for row 0 (model/reference.json).
    assert!(
        (p[0][0] - 1.0).abs() < 1e-5 && p[0][1] < 1e-5 && p[0][2] < 1e-5,
        "{body}"
    );

    let (status, body) = post(addr, "/classify_batch", "[[5.1, 3.5, 1.4]]").await;
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("(-1, 4)"), "{body}");

    stop_tx.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .expect("the server stops")
        .unwrap()
        .unwrap();
}
