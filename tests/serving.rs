//! The example service over real sockets: `examples/serve.rs`'s own `run` on ephemeral
//! loopback ports, called as clients call it — raw HTTP/1.1 requests for every content type
//! and error path, and tonic's generated `BentoServiceClient` for `Call` and
//! `ServiceMetadata`. `python_clients` repeats the calls with BentoML's Python clients when a
//! Python with them is found, and says so when not.

#[allow(dead_code)]
#[path = "../examples/serve.rs"]
mod example;

use std::net::SocketAddr;
use std::time::Duration;

use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::http::Cors;
use ndarray_descriptor::proto::v1::bento_service_client::BentoServiceClient;
use ndarray_descriptor::proto::v1::{
    NdArray, Request, ServiceMetadataRequest, nd_array, request, response,
};
use ndarray_descriptor::{DynArray, Limits, npy};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tonic::Code;
use tonic::transport::Channel;

/// The iris rows the BentoML quickstart sends: setosa, versicolor, virginica.
const ROWS: [[f32; 4]; 3] = [
    [5.1, 3.5, 1.4, 0.2],
    [6.4, 3.2, 4.5, 1.5],
    [6.3, 3.3, 6.0, 2.5],
];
const ROWS_JSON: &str = "[[5.1, 3.5, 1.4, 0.2], [6.4, 3.2, 4.5, 1.5], [6.3, 3.3, 6.0, 2.5]]";

mod in_process;
use in_process::{HttpResponse, Server, http};

impl Server {
    async fn grpc_client(&self) -> BentoServiceClient<Channel> {
        BentoServiceClient::new(self.channel().await)
    }
}

async fn post(addr: SocketAddr, path: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
    http(addr, "POST", path, headers, body).await
}

fn rows_le() -> Vec<u8> {
    ROWS.iter()
        .flatten()
        .flat_map(|v| v.to_le_bytes())
        .collect()
}

/// BentoML's 4xx body for `message`.
fn bentoml_error(message: &str) -> String {
    serde_json::to_string(&format!(
        "BentoService error handling API request: {message}"
    ))
    .unwrap()
}

#[tokio::test]
async fn http_json_like_bentoml() {
    let s = Server::start(Limits::default()).await;
    let ct = [("Content-Type", "application/json")];
    let r = post(s.http, "/classify", &ct, ROWS_JSON.as_bytes()).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.text(), "[0, 1, 2]");
    // curl -d sends application/x-www-form-urlencoded; BentoML reads the body as JSON anyway.
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let r = post(s.http, "/classify", &form, b"[5.1, 3.5, 1.4, 0.2]").await;
    assert_eq!((r.status, r.text()), (200, "[0]"));
    // ints cast to float32 (same_kind); float output widened as Python prints it
    let r = post(s.http, "/predict_proba", &[], b"[[5, 3, 1, 0]]").await;
    assert_eq!(r.status, 200);
    let p: Value = serde_json::from_slice(&r.body).unwrap();
    let row = p[0].as_array().unwrap();
    assert_eq!(row.len(), 3);
    assert!(row[0].as_f64().unwrap() > 0.99);
    assert!(r.text().starts_with("[[0.99"), "{}", r.text());
    s.stop().await;
}

/// The same route in BentoML's current style: a JSON object with the tensor field `input`
/// (pydantic-shaped errors, `/schema.json`), while a legacy body on it is answered as before.
#[tokio::test]
async fn http_current_style_beside_legacy() {
    let s = Server::start(Limits::default()).await;
    let json = [("content-type", "application/json")];
    let body = format!("{{\"input\": {ROWS_JSON}}}");
    let r = post(s.http, "/classify", &json, body.as_bytes()).await;
    assert_eq!((r.status, r.text()), (200, "[0, 1, 2]"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    let r = post(s.http, "/classify", &json, br#" {"input": [1, 2, 3]}"#).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.text(),
        r#"{"error":"1 validation error for Input","detail":[{"type":"value_error","loc":["input"],"msg":"Value error, cannot reshape array of size 3 into shape (4)","url":"https://errors.pydantic.dev/2.14/v/value_error"}]}"#
    );
    let r = post(s.http, "/classify", &json, ROWS_JSON.as_bytes()).await;
    assert_eq!((r.status, r.text()), (200, "[0, 1, 2]"));
    let r = post(s.http, "/classify", &json, b"[[1, 2, 3]]").await;
    assert_eq!(r.status, 400);
    assert!(
        r.text()
            .starts_with("\"BentoService error handling API request: ")
    );
    let r = http(s.http, "GET", "/schema.json", &[], b"").await;
    assert_eq!(r.status, 200);
    let schema: Value = serde_json::from_slice(&r.body).unwrap();
    assert_eq!(schema["name"], "iris_classifier");
    assert_eq!(
        schema["routes"][0]["input"]["properties"]["input"],
        json!({"dim": -4, "dtype": "float32", "format": "numpy-array", "shape": [-1, 4],
               "title": "Input", "type": "tensor"})
    );
    assert_eq!(schema["routes"][2]["name"], "predict_proba");
    // The batchable API says so; the others do not.
    assert_eq!(schema["routes"][1]["name"], "classify_batch");
    assert_eq!(schema["routes"][1]["batchable"], true);
    assert_eq!(schema["routes"][0]["batchable"], false);
    s.stop().await;
}

#[tokio::test]
async fn http_octet_stream_and_npy() {
    let s = Server::start(Limits::default()).await;
    let raw = [("Content-Type", "application/octet-stream")];
    // dtype and shape from the descriptor: float32, (-1, 4) inferred from 48 bytes
    let r = post(s.http, "/classify", &raw, &rows_le()).await;
    assert_eq!((r.status, r.text()), (200, "[0, 1, 2]"));
    // big-endian float64 described by the headers
    let be: Vec<u8> = ROWS
        .iter()
        .flatten()
        .flat_map(|&v| f64::from(v).to_be_bytes())
        .collect();
    let hdrs = [
        ("Content-Type", "application/octet-stream"),
        ("X-Numpy-Dtype", ">f8"),
        ("X-Numpy-Shape", "3,4"),
    ];
    let r = post(s.http, "/classify", &hdrs, &be).await;
    assert_eq!((r.status, r.text()), (200, "[0, 1, 2]"));
    // X-Numpy-Byteorder overrides the descriptor dtype's native order
    let be32: Vec<u8> = ROWS
        .iter()
        .flatten()
        .flat_map(|v| v.to_be_bytes())
        .collect();
    let hdrs = [
        ("Content-Type", "application/octet-stream"),
        ("X-Numpy-Byteorder", "big"),
    ];
    let r = post(s.http, "/classify", &hdrs, &be32).await;
    assert_eq!((r.status, r.text()), (200, "[0, 1, 2]"));
    // octet-stream answer, described by the same headers
    let hdrs = [
        ("Content-Type", "application/octet-stream"),
        ("Accept", "application/octet-stream"),
    ];
    let r = post(s.http, "/classify", &hdrs, &rows_le()).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/octet-stream"));
    assert_eq!(r.header("x-numpy-dtype"), Some("<i8"));
    assert_eq!(r.header("x-numpy-shape"), Some("3"));
    assert_eq!(r.header("x-numpy-byteorder"), Some("little"));
    let want: Vec<u8> = [0i64, 1, 2].iter().flat_map(|v| v.to_le_bytes()).collect();
    assert_eq!(r.body, want);
    // .npy in, .npy out
    let arr = DynArray::from(
        ArrayD::from_shape_vec(IxDyn(&[3, 4]), ROWS.iter().flatten().copied().collect()).unwrap(),
    );
    let hdrs = [
        ("Content-Type", "application/x-npy"),
        ("Accept", "application/x-npy"),
    ];
    let r = post(s.http, "/classify", &hdrs, &npy::encode(&arr).unwrap()).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/x-npy"));
    let out = npy::decode(&r.body, &Limits::default()).unwrap();
    assert_eq!(out.shape(), &[3]);
    assert_eq!(
        out.as_array::<i64>()
            .unwrap()
            .iter()
            .copied()
            .collect::<Vec<_>>(),
        vec![0, 1, 2]
    );
    s.stop().await;
}

/// Request headers, body, expected status, expected exact body (when the message is BentoML's).
type ErrorCase = (
    Vec<(&'static str, &'static str)>,
    Vec<u8>,
    u16,
    Option<String>,
);

#[tokio::test]
async fn http_errors_like_bentoml() {
    let s = Server::start(Limits::default().with_max_body_bytes(1024)).await;
    let cases: Vec<ErrorCase> = vec![
        // shape the model cannot take
        (
            vec![],
            b"[[1, 2, 3]]".to_vec(),
            400,
            Some(bentoml_error(
                "NumpyNdarray: Expecting ndarray of shape \"(-1, 4)\", but \"(1, 3)\" was received.",
            )),
        ),
        // enforce_dtype: strings are not same_kind-castable to float32
        (
            vec![],
            br#"[["a", "b", "c", "d"]]"#.to_vec(),
            400,
            Some(bentoml_error(
                "NumpyNdarray: Expecting ndarray of dtype \"float32\", but \"<U1\" was received.",
            )),
        ),
        // not JSON (the reference answers 500 here; a typed 400 in this crate)
        (vec![], b"[[1, 2,".to_vec(), 400, None),
        // an invalid dtype spelling: 422, as BentoML answers an invalid dtype
        (
            vec![
                ("Content-Type", "application/octet-stream"),
                ("X-Numpy-Dtype", "float33"),
            ],
            rows_le(),
            422,
            Some(bentoml_error(
                "Invalid dtype \"float33\": data type 'float33' not understood",
            )),
        ),
        // a byte count that is not a whole number of float32
        (
            vec![("Content-Type", "application/octet-stream")],
            vec![0u8; 7],
            400,
            None,
        ),
        // a shape header the bytes do not fit
        (
            vec![
                ("Content-Type", "application/octet-stream"),
                ("X-Numpy-Shape", "5,4"),
            ],
            rows_le(),
            400,
            None,
        ),
        (
            vec![
                ("Content-Type", "application/octet-stream"),
                ("X-Numpy-Shape", "three"),
            ],
            rows_le(),
            400,
            None,
        ),
        // a truncated .npy file
        (
            vec![("Content-Type", "application/x-npy")],
            b"\x93NUMPY\x01\x00".to_vec(),
            400,
            None,
        ),
        // over the body limit (1024 bytes here)
        (vec![], vec![b' '; 2000], 400, None),
    ];
    for (i, (headers, body, status, want)) in cases.into_iter().enumerate() {
        let r = post(s.http, "/classify", &headers, &body).await;
        assert_eq!(r.status, status, "case {i}: {}", r.text());
        assert_eq!(
            r.header("content-type"),
            Some("application/json"),
            "case {i}"
        );
        let text: String = serde_json::from_slice(&r.body).expect("a JSON string body");
        assert!(
            text.starts_with("BentoService error handling API request: "),
            "case {i}: {text}"
        );
        if let Some(want) = want {
            assert_eq!(r.text(), want, "case {i}");
        }
    }
    let r = post(s.http, "/nope", &[], ROWS_JSON.as_bytes()).await;
    assert_eq!(r.status, 404);
    s.stop().await;
}

#[tokio::test]
async fn http_docs_and_probes() {
    let s = Server::start(Limits::default()).await;
    for probe in ["/healthz", "/livez", "/readyz"] {
        let r = http(s.http, "GET", probe, &[], b"").await;
        assert_eq!((r.status, r.text()), (200, "\n"), "{probe}");
    }
    let r = http(s.http, "GET", "/docs.json", &[], b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    let mut ours: Value = serde_json::from_slice(&r.body).unwrap();
    // What BentoML 1.4.39 serves for the same service (tests/fixtures/serve/make_docs.py),
    // less its generated README text.
    let mut reference: Value =
        serde_json::from_str(include_str!("fixtures/serve/iris_docs.json")).unwrap();
    for doc in [&mut ours, &mut reference] {
        doc["info"].as_object_mut().unwrap().remove("description");
    }
    // The batchable `classify_batch` is this example's own (the reference has no batchable
    // API); it is documented as `classify` is.
    let batch = ours["paths"]
        .as_object_mut()
        .unwrap()
        .remove("/classify_batch")
        .expect("classify_batch is documented");
    assert_eq!(
        batch["post"]["requestBody"],
        ours["paths"]["/classify"]["post"]["requestBody"]
    );
    if let Some(schemas) = ours["components"]["schemas"].as_object_mut() {
        schemas.retain(|k, _| !k.starts_with("classify_batch"));
    }
    assert_eq!(ours, reference);
    assert_eq!(
        ours["paths"]["/classify"]["post"]["requestBody"]["x-bentoml-io-descriptor"],
        json!({"id": "bentoml.io.NumpyNdarray", "args": {
            "dtype": "float32", "shape": [-1, 4], "enforce_dtype": true, "enforce_shape": false}})
    );
    s.stop().await;
}

#[tokio::test]
async fn http_page_and_client_module() {
    let s = Server::start(Limits::default()).await;
    let r = http(s.http, "GET", "/", &[], b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(
        r.text().contains(r#"from "./clients/js/ndarray.js""#),
        "the page imports the client module"
    );
    let r = http(s.http, "GET", "/clients/js/ndarray.js", &[], b"").await;
    assert_eq!(r.status, 200);
    // Browsers refuse to run a module served with another type.
    assert_eq!(
        r.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert_eq!(r.text(), include_str!("../clients/js/ndarray.js"));
    let r = http(s.http, "GET", "/favicon.ico", &[], b"").await;
    assert_eq!(r.status, 204);
    s.stop().await;
}

/// `sin(2π·i/64)·exp(-i/n)`: the demo signal of the example.
fn wave(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| (std::f64::consts::TAU * i as f64 / 64.0).sin() * (-(i as f64) / n as f64).exp())
        .collect()
}

#[tokio::test]
async fn http_demo_array_in_both_byte_orders() {
    let s = Server::start(Limits::default()).await;
    let raw = [("Accept", "application/octet-stream")];
    let want: Vec<f32> = wave(8).into_iter().map(|v| v as f32).collect();
    let r = http(s.http, "GET", "/demo/array?n=8&order=big", &raw, b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-numpy-dtype"), Some(">f4"));
    assert_eq!(r.header("x-numpy-shape"), Some("8"));
    assert_eq!(r.header("x-numpy-byteorder"), Some("big"));
    let be: Vec<u8> = want.iter().flat_map(|v| v.to_be_bytes()).collect();
    assert_eq!(r.body, be);
    let r = http(s.http, "GET", "/demo/array?n=8", &raw, b"").await;
    assert_eq!(r.header("x-numpy-dtype"), Some("<f4"));
    assert_eq!(r.header("x-numpy-byteorder"), Some("little"));
    let le: Vec<u8> = want.iter().flat_map(|v| v.to_le_bytes()).collect();
    assert_eq!(r.body, le);
    let r = http(
        s.http,
        "GET",
        "/demo/array?dtype=int64&n=3&order=big",
        &raw,
        b"",
    )
    .await;
    assert_eq!(r.header("x-numpy-dtype"), Some(">i8"));
    // Integers are the wave × 1000, rounded: 0, sin(π/32)·e^(-1/3), sin(π/16)·e^(-2/3).
    let thousandths: Vec<i64> = wave(3)
        .iter()
        .map(|v| (v * 1000.0).round() as i64)
        .collect();
    assert_eq!(thousandths, [0, 70, 100]);
    let ints: Vec<u8> = thousandths.iter().flat_map(|v| v.to_be_bytes()).collect();
    assert_eq!(r.body, ints);
    // JSON unless asked otherwise, as every API here.
    let r = http(s.http, "GET", "/demo/array?dtype=int16&n=3", &[], b"").await;
    assert_eq!((r.status, r.text()), (200, "[0, 70, 100]"));
    for bad in ["dtype=complex64", "n=65537", "n=x", "order=middle", "x=1"] {
        let r = http(s.http, "GET", &format!("/demo/array?{bad}"), &[], b"").await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text());
    }
    s.stop().await;
}

#[tokio::test]
async fn http_cors_for_listed_origins() {
    let page = "http://page.example:8080";
    let cors = Cors::origins([page]).unwrap();
    let s = Server::start_with(Limits::default(), Some(cors)).await;
    // The preflight a browser sends before an octet-stream POST with X-Numpy-* headers.
    let preflight = [
        ("Origin", page),
        ("Access-Control-Request-Method", "POST"),
        (
            "Access-Control-Request-Headers",
            "content-type,x-numpy-dtype,x-numpy-shape,x-numpy-byteorder",
        ),
    ];
    let r = http(s.http, "OPTIONS", "/classify", &preflight, b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some(page));
    let methods = r.header("access-control-allow-methods").unwrap_or("");
    assert!(methods.contains("POST"), "{methods}");
    let allowed = r.header("access-control-allow-headers").unwrap_or("");
    for h in [
        "content-type",
        "x-numpy-dtype",
        "x-numpy-shape",
        "x-numpy-byteorder",
    ] {
        assert!(allowed.contains(h), "{h} in {allowed}");
    }
    assert_eq!(r.header("access-control-max-age"), Some("600"));
    // The answer, errors included, lets the page's script read the X-Numpy-* headers.
    let post_headers = [
        ("Origin", page),
        ("Content-Type", "application/octet-stream"),
        ("Accept", "application/octet-stream"),
    ];
    let r = post(s.http, "/classify", &post_headers, &rows_le()).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), Some(page));
    let exposed = r.header("access-control-expose-headers").unwrap_or("");
    for h in ["x-numpy-dtype", "x-numpy-shape", "x-numpy-byteorder"] {
        assert!(exposed.contains(h), "{h} in {exposed}");
    }
    let r = post(s.http, "/classify", &post_headers, &rows_le()[..12]).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.header("access-control-allow-origin"), Some(page));
    // Another origin gets no grant (the browser then hides the answer from its script).
    let other = [("Origin", "http://evil.example")];
    let r = post(s.http, "/classify", &other, ROWS_JSON.as_bytes()).await;
    assert_eq!(r.header("access-control-allow-origin"), None);
    s.stop().await;
    // Without --cors-origins: same-origin only.
    let s = Server::start(Limits::default()).await;
    let r = http(s.http, "OPTIONS", "/classify", &preflight, b"").await;
    assert_eq!(r.header("access-control-allow-origin"), None);
    s.stop().await;
}

fn float_rows() -> NdArray {
    NdArray {
        dtype: nd_array::DType::DtypeFloat as i32,
        shape: vec![3, 4],
        float_values: ROWS.iter().flatten().copied().collect(),
        ..Default::default()
    }
}

fn classes(resp: tonic::Response<ndarray_descriptor::proto::v1::Response>) -> (Vec<i32>, Vec<i64>) {
    match resp.into_inner().content {
        Some(response::Content::Ndarray(a)) => {
            assert_eq!(a.dtype, nd_array::DType::DtypeInt64 as i32);
            (a.shape, a.int64_values)
        }
        other => panic!("not an ndarray: {other:?}"),
    }
}

#[tokio::test]
async fn grpc_call_and_metadata() {
    let s = Server::start(Limits::default()).await;
    let mut client = s.grpc_client().await;
    let call = |content| Request {
        api_name: "classify".into(),
        content: Some(content),
    };
    let resp = client
        .call(call(request::Content::Ndarray(float_rows())))
        .await
        .unwrap();
    assert_eq!(classes(resp), (vec![3], vec![0, 1, 2]));
    // serialized_bytes: np.frombuffer with the input dtype, reshaped to (-1, 4)
    let resp = client
        .call(call(request::Content::SerializedBytes(rows_le().into())))
        .await
        .unwrap();
    assert_eq!(classes(resp), (vec![3], vec![0, 1, 2]));
    // The batchable API answers the same rows the same, alone or merged with other calls.
    let mut batched = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let mut client = client.clone();
        let mut req = call(request::Content::Ndarray(float_rows()));
        req.api_name = "classify_batch".into();
        batched.spawn(async move { client.call(req).await.unwrap() });
    }
    while let Some(resp) = batched.join_next().await {
        assert_eq!(classes(resp.unwrap()), (vec![3], vec![0, 1, 2]));
    }

    let md = client
        .service_metadata(ServiceMetadataRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(md.name, "iris_classifier");
    let names: Vec<_> = md.apis.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["classify", "classify_batch", "predict_proba"]);
    let input = md.apis[0].input.as_ref().unwrap();
    assert_eq!(
        input.descriptor_id.as_deref(),
        Some("bentoml.io.NumpyNdarray")
    );
    assert!(
        input
            .attributes
            .as_ref()
            .unwrap()
            .fields
            .contains_key("args")
    );
    s.stop().await;
}

#[tokio::test]
async fn grpc_errors_like_bentoml() {
    let s = Server::start(Limits::default().with_max_body_bytes(4096)).await;
    let mut client = s.grpc_client().await;
    let strings = NdArray {
        dtype: nd_array::DType::DtypeString as i32,
        shape: vec![4],
        string_values: ["a", "b", "c", "d"].map(String::from).to_vec(),
        ..Default::default()
    };
    let cases = [
        (
            "nope",
            Some(request::Content::Ndarray(float_rows())),
            Code::InvalidArgument,
            Some("given 'api_name' is not defined in iris_classifier"),
        ),
        (
            "classify",
            None,
            Code::InvalidArgument,
            Some("\"field\" cannot be empty."),
        ),
        (
            "classify",
            Some(request::Content::Text("x".into())),
            Code::InvalidArgument,
            Some(
                "'NumpyNdarray' accepts one of the following fields: 'ndarray,serialized_bytes' got 'text' instead.",
            ),
        ),
        (
            "classify",
            Some(request::Content::Ndarray(strings)),
            Code::InvalidArgument,
            Some("NumpyNdarray: Expecting ndarray of dtype \"float32\", but \"<U1\" was received."),
        ),
        (
            "classify",
            Some(request::Content::SerializedBytes(vec![0u8; 7].into())),
            Code::InvalidArgument,
            None,
        ),
        (
            "classify",
            Some(request::Content::SerializedBytes(vec![0u8; 12].into())),
            Code::InvalidArgument,
            Some(
                "NumpyNdarray: Expecting ndarray of shape \"(-1, 4)\", but \"(3,)\" was received.",
            ),
        ),
    ];
    for (i, (api, content, code, message)) in cases.into_iter().enumerate() {
        let err = client
            .call(Request {
                api_name: api.into(),
                content,
            })
            .await
            .unwrap_err();
        assert_eq!(err.code(), code, "case {i}: {}", err.message());
        if let Some(m) = message {
            assert_eq!(err.message(), m, "case {i}");
        }
    }
    // Over the message size limit (4096 bytes here): tonic refuses it before decoding, with
    // OUT_OF_RANGE (grpcio, under BentoML, says RESOURCE_EXHAUSTED).
    let big = Request {
        api_name: "classify".into(),
        content: Some(request::Content::SerializedBytes(vec![0u8; 8192].into())),
    };
    let err = client.call(big).await.unwrap_err();
    assert_eq!(err.code(), Code::OutOfRange, "{}", err.message());
    s.stop().await;
}

/// A Python with numpy, requests, grpcio and bentoml: `$NDARRAY_PYTHON`, else the reference
/// venv that scripts/bench-reference.sh and scripts/python-clients.sh set up.
fn python() -> Option<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = std::env::var_os("NDARRAY_PYTHON")
        .map(std::path::PathBuf::from)
        .into_iter()
        .chain([root.join(".venv-ref/bin/python")]);
    candidates.into_iter().find(|py| {
        std::process::Command::new(py)
            .args([
                "-c",
                "import numpy, requests, grpc, bentoml.grpc.v1.service_pb2_grpc",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

#[tokio::test]
async fn python_clients() {
    let Some(py) = python() else {
        println!(
            "python clients: skipped (no Python with numpy, requests, grpcio and bentoml 1.4: \
             run scripts/python-clients.sh or set NDARRAY_PYTHON)"
        );
        return;
    };
    let s = Server::start(Limits::default()).await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/serve_clients.py");
    let out = tokio::process::Command::new(&py)
        .arg(script)
        .arg(format!("http://{}", s.http))
        .arg(s.grpc.to_string())
        .output();
    let out = tokio::time::timeout(Duration::from_secs(120), out)
        .await
        .expect("python clients finish")
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    s.stop().await;
}

/// One model slot and one queue place shared by HTTP and gRPC: while a slow call runs, a second
/// waits out its queue deadline (503 with `Retry-After`), a third finds the queue full and is
/// shed at once, and a gRPC call meanwhile gets `UNAVAILABLE`; once the slot is free, calls
/// run again.
#[tokio::test]
async fn the_model_gate_sheds_over_both_transports() {
    use ndarray_descriptor::Result;
    use ndarray_descriptor::guard::{GuardConfig, Guards};

    async fn slow(x: DynArray) -> Result<DynArray> {
        // A long call for a body `[1]`, an instant one otherwise.
        if x.len() == 1 {
            tokio::time::sleep(Duration::from_millis(1500)).await;
        }
        Ok(x)
    }
    let guards = Guards::new(
        GuardConfig::default()
            .with_max_concurrent_calls(1)
            .with_max_queued_calls(1)
            .with_queue_timeout(Duration::from_millis(300)),
    );
    let (addr, grpc_addr, tx, server) = echo_server(guards.clone(), slow).await;
    let running = tokio::spawn(async move { post(addr, "/echo", &[], b"[1]").await });
    while guards.gate().running() == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let queued = tokio::spawn(async move { post(addr, "/echo", &[], b"[2, 3]").await });
    while guards.gate().queued() == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let shed = post(addr, "/echo", &[], b"[4, 5]").await;
    assert_eq!(shed.status, 503);
    assert_eq!(shed.header("retry-after"), Some("1"));
    assert!(shed.text().contains("queue is full"), "{}", shed.text());
    let channel = Channel::from_shared(format!("http://{grpc_addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let err = BentoServiceClient::new(channel.clone())
        .call(Request {
            api_name: "echo".into(),
            content: Some(request::Content::Ndarray(NdArray {
                dtype: 1,
                shape: vec![2],
                float_values: vec![1.0, 2.0],
                ..Default::default()
            })),
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::Unavailable, "{}", err.message());
    let queued = queued.await.unwrap();
    assert_eq!(queued.status, 503);
    assert!(queued.text().contains("queue timeout"), "{}", queued.text());
    let running = running.await.unwrap();
    assert_eq!((running.status, running.text()), (200, "[1]"));
    assert_eq!((guards.gate().running(), guards.gate().queued()), (0, 0));
    assert_eq!(
        guards.budget().in_flight(),
        0,
        "every request's bytes released"
    );
    let again = post(addr, "/echo", &[], b"[6, 7]").await;
    assert_eq!((again.status, again.text()), (200, "[6, 7]"));
    let _ = tx.send(());
    server.await.unwrap().unwrap();
}

/// A request's bytes leave the in-flight budget when its client goes away: mid-body over HTTP,
/// mid-message over gRPC.
#[tokio::test]
async fn the_budget_is_released_when_clients_disconnect() {
    use ndarray_descriptor::Result;
    use ndarray_descriptor::guard::{GuardConfig, Guards};

    async fn echo(x: DynArray) -> Result<DynArray> {
        Ok(x)
    }
    let guards = Guards::new(GuardConfig::default());
    let (addr, grpc_addr, tx, server) = echo_server(guards.clone(), echo).await;
    let wait_for = |want: fn(usize) -> bool, what: &'static str| {
        let guards = guards.clone();
        async move {
            for _ in 0..500 {
                if want(guards.budget().in_flight()) {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            panic!("{what}: {} bytes in flight", guards.budget().in_flight());
        }
    };

    // HTTP: 10 MB declared, 1 MB sent, then the client leaves.
    let mut s = TcpStream::connect(addr).await.unwrap();
    let head = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n";
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(&vec![b' '; 1_000_000]).await.unwrap();
    wait_for(|n| n >= 10_000_000, "the declared length is reserved").await;
    drop(s);
    wait_for(|n| n == 0, "released after the HTTP client left").await;

    // gRPC: a message declaring 10 MB, 1 MB of it sent, then the connection dropped.
    let tcp = TcpStream::connect(grpc_addr).await.unwrap();
    let (client, conn) = h2::client::handshake(tcp).await.unwrap();
    let conn = tokio::spawn(conn);
    let mut client = client.ready().await.unwrap();
    let req = http::Request::post("/bentoml.grpc.v1.BentoService/Call")
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .body(())
        .unwrap();
    let (_resp, mut send) = client.send_request(req, false).unwrap();
    let mut msg = vec![0u8];
    msg.extend_from_slice(&10_000_000u32.to_be_bytes());
    msg.resize(1_000_000, 0);
    send.send_data(msg.into(), false).unwrap();
    wait_for(|n| n >= 10_000_000, "the declared message is reserved").await;
    drop((send, client));
    conn.abort();
    wait_for(|n| n == 0, "released after the gRPC client left").await;

    let _ = tx.send(());
    server.await.unwrap().unwrap();
}

/// An `echo` API over HTTP and gRPC under `guards`, served by `serve::Server` on ephemeral
/// ports: (HTTP address, gRPC address, stop, server task).
async fn echo_server<F, Fut>(
    guards: ndarray_descriptor::guard::Guards,
    handler: F,
) -> (
    SocketAddr,
    SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
)
where
    F: Fn(DynArray) -> Fut + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = ndarray_descriptor::Result<DynArray>> + Send + 'static,
{
    use ndarray_descriptor::NumpyNdarray;
    use ndarray_descriptor::grpc::Servicer;
    use ndarray_descriptor::http::{Api, Service};
    use ndarray_descriptor::serve::{Server as Serve, ServerConfig};
    let api = Api::new("echo", NumpyNdarray::new(), NumpyNdarray::new());
    let router = Service::new("echo")
        .with_guards(guards.clone())
        .api(api, handler.clone())
        .router()
        .unwrap();
    let servicer = Servicer::new("echo").with_guards(guards.clone()).api(
        "echo",
        NumpyNdarray::new(),
        NumpyNdarray::new(),
        handler,
    );
    let http_l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let grpc_l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let (addr, grpc_addr) = (http_l.local_addr().unwrap(), grpc_l.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(
        Serve::new(ServerConfig::default())
            .with_guards(guards)
            .http(http_l, router)
            .grpc(grpc_l, servicer)
            .serve(async move {
                let _ = rx.await;
            }),
    );
    (addr, grpc_addr, tx, server)
}

/// `GET /metrics` after a good and a bad request, over both transports: BentoML's families and
/// labels, the refusal and decode counters, and no series for paths the service does not own.
#[tokio::test]
async fn metrics_count_requests_like_bentoml() {
    let s = Server::start(Limits::default()).await;
    let ct = [("Content-Type", "application/json")];
    assert_eq!(
        post(s.http, "/classify", &ct, b"[[5.1, 3.5, 1.4, 0.2]]")
            .await
            .status,
        200
    );
    assert_eq!(
        post(s.http, "/classify", &ct, b"[[5.1, 3.5, 1.4]]")
            .await
            .status,
        400
    );
    assert_eq!(
        http(s.http, "GET", "/random-1234", &[], b"").await.status,
        404
    );
    let mut client = s.grpc_client().await;
    client
        .call(Request {
            api_name: "classify".into(),
            content: Some(request::Content::Ndarray(NdArray {
                dtype: 1,
                shape: vec![1, 4],
                float_values: vec![5.1, 3.5, 1.4, 0.2],
                ..Default::default()
            })),
        })
        .await
        .unwrap();
    let r = http(s.http, "GET", "/metrics", &[], b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    let text = r.text();
    let labels = |endpoint: &str, code: u16| {
        format!(
            "{{endpoint=\"{endpoint}\",http_response_code=\"{code}\",service_name=\"iris_classifier\",service_version=\"not available\"}}"
        )
    };
    for line in [
        format!("bentoml_api_server_request_total{} 1", labels("/classify", 200)),
        format!("bentoml_api_server_request_total{} 1", labels("/classify", 400)),
        format!("bentoml_api_server_request_total{} 1", labels("other", 404)),
        format!("bentoml_api_server_request_duration_seconds_count{} 1", labels("/classify", 200)),
        "bentoml_api_server_request_total{api_name=\"classify\",http_response_code=\"200\",service_name=\"iris_classifier\",service_version=\"not available\"} 1".to_string(),
        "bentoml_api_server_request_in_progress{endpoint=\"/classify\",service_name=\"iris_classifier\",service_version=\"not available\"} 0".to_string(),
        "ndarray_decoded_elements_total{dtype=\"float32\",transport=\"json\"} 7".to_string(),
        "ndarray_decoded_elements_total{dtype=\"float32\",transport=\"proto\"} 4".to_string(),
        "ndarray_inflight_bytes 0".to_string(),
    ] {
        assert!(text.lines().any(|l| l == line), "no {line:?} in\n{text}");
    }
    assert!(!text.contains("random-1234"), "a stray path is not a label");
    assert!(text.contains("# TYPE bentoml_api_server_request_duration_seconds histogram"));
    s.stop().await;
}

/// An idle HTTP/2 connection is closed with a GOAWAY after the idle timeout, and an idle HTTP/1
/// one is dropped.
#[tokio::test]
async fn idle_connections_are_closed() {
    use ndarray_descriptor::guard::{GuardConfig, Guards};
    use ndarray_descriptor::serve::{Server as Serve, ServerConfig};

    let guards = Guards::new(GuardConfig::default());
    let (http_l, grpc_l) = (
        TcpListener::bind("127.0.0.1:0").await.unwrap(),
        TcpListener::bind("127.0.0.1:0").await.unwrap(),
    );
    let (addr, grpc_addr) = (http_l.local_addr().unwrap(), grpc_l.local_addr().unwrap());
    let (router, servicer) =
        example::iris_service(Limits::default(), None, guards.clone()).unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(
        Serve::new(
            ServerConfig::default()
                .with_idle_timeout(Duration::from_millis(400))
                .with_header_read_timeout(Duration::from_millis(400)),
        )
        .with_guards(guards)
        .http(http_l, router)
        .grpc(grpc_l, servicer)
        .serve(async move {
            let _ = rx.await;
        }),
    );
    // HTTP/2: a client that says hello and then nothing; the server's frames up to the close
    // must include a GOAWAY (type 7), so a request racing the close is refused, not cut.
    let mut h2c = TcpStream::connect(grpc_addr).await.unwrap();
    h2c.write_all(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\0\0\0\x04\0\0\0\0\0")
        .await
        .unwrap();
    let mut frames = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), async {
        let _ = h2c.read_to_end(&mut frames).await;
    })
    .await
    .expect("the idle HTTP/2 connection is closed within 5 s");
    let mut types = Vec::new();
    let mut at = 0;
    while at + 9 <= frames.len() {
        let len = (usize::from(frames[at]) << 16)
            | (usize::from(frames[at + 1]) << 8)
            | usize::from(frames[at + 2]);
        types.push(frames[at + 3]);
        at += 9 + len;
    }
    assert!(
        types.contains(&7),
        "no GOAWAY among the frame types {types:?}"
    );
    // HTTP/1: a kept-alive connection left idle is closed.
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /livez HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = stream.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    let closed = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
        .await
        .expect("the idle HTTP/1 connection is closed within 5 s");
    assert!(matches!(closed, Ok(0) | Err(_)));
    let _ = tx.send(());
    server.await.unwrap().unwrap();
}

/// Batch inference over HTTP (feature `arrow`): a Spark-style stream of several record batches
/// in, `to_arrow`'s batch out as a stream, the Spark schema from its route, and the errors.
#[cfg(feature = "arrow")]
#[tokio::test]
async fn http_arrow_ipc_streams() {
    use std::sync::Arc;

    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float32Type, Int64Type};
    use arrow_array::{ArrayRef, Float64Array, RecordBatch};
    use ndarray_descriptor::arrow;

    const ARROW: &str = "application/vnd.apache.arrow.stream";
    // Spark sends doubles, one column per feature, in batches of its own size.
    let batch = |rows: &[[f32; 4]]| {
        let cols = (0..4).map(|j| {
            let col: ArrayRef = Arc::new(Float64Array::from(
                rows.iter().map(|r| f64::from(r[j])).collect::<Vec<_>>(),
            ));
            (format!("f{j}"), col)
        });
        RecordBatch::try_from_iter(cols).unwrap()
    };
    let batches = [batch(&ROWS[..2]), batch(&ROWS[2..]), batch(&ROWS)];
    let mut w = arrow_ipc::writer::StreamWriter::try_new(Vec::new(), &batches[0].schema()).unwrap();
    for b in &batches {
        w.write(b).unwrap();
    }
    w.finish().unwrap();
    let body = w.into_inner().unwrap();

    let s = Server::start(Limits::default()).await;
    let hdrs = [("Content-Type", ARROW), ("Accept", ARROW)];
    let r = post(s.http, "/classify", &hdrs, &body).await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.header("content-type"), Some(ARROW));
    let out = arrow::from_ipc_stream(&r.body).unwrap();
    assert_eq!(out.schema().field(0).name(), "output");
    let classes: Vec<i64> = out.column(0).as_primitive::<Int64Type>().values().to_vec();
    assert_eq!(classes, [0, 1, 2, 0, 1, 2]);
    // JSON answers to the same body, and an N-d answer as a fixed-shape tensor column.
    let r = post(s.http, "/classify", &[("Content-Type", ARROW)], &body).await;
    assert_eq!((r.status, r.text()), (200, "[0, 1, 2, 0, 1, 2]"));
    let r = post(s.http, "/predict_proba", &hdrs, &body).await;
    assert_eq!(r.status, 200);
    let out = arrow::from_ipc_stream(&r.body).unwrap();
    let field = out.schema().field(0).clone();
    assert_eq!(
        field
            .metadata()
            .get("ARROW:extension:name")
            .map(String::as_str),
        Some(arrow::TENSOR_EXTENSION_NAME)
    );
    let proba = arrow::from_record_batch(&out).unwrap();
    assert_eq!(proba.shape(), &[6, 3]);
    let p = proba.as_array::<f32>().unwrap();
    assert!(p[[5, 2]] > 0.5, "{p:?}");
    let _ = out
        .column(0)
        .as_fixed_size_list()
        .values()
        .as_primitive::<Float32Type>();

    // The Spark schema of each API, as the job reads it.
    let r = http(s.http, "GET", "/spark_schema/classify", &[], b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.text(),
        r#"{"fields":[{"metadata":{},"name":"out","nullable":false,"type":"long"}],"type":"struct"}"#
    );
    let r = http(s.http, "GET", "/spark_schema/predict_proba", &[], b"").await;
    assert_eq!(r.status, 400);
    assert!(r.text().contains("multidimensional"), "{}", r.text());

    // A malformed stream is the client's 400, in BentoML's error body.
    let r = post(s.http, "/classify", &hdrs, &body[..body.len() - 40]).await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(
        r.text()
            .starts_with("\"BentoService error handling API request: Arrow IPC"),
        "{}",
        r.text()
    );
    let r = post(s.http, "/classify", &hdrs, b"\xff\xff\xff\xffnot arrow").await;
    assert_eq!(r.status, 400);
    // Columns that are not 4 features: the model's shape message.
    let bad = batch(&ROWS);
    let bad = bad.project(&[0, 1, 2]).unwrap();
    let r = post(
        s.http,
        "/classify",
        &hdrs,
        &arrow::to_ipc_stream(&bad).unwrap(),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.text().contains("(-1, 4)"), "{}", r.text());
    s.stop().await;

    // Over the body limit: refused before the body is read.
    let s = Server::start(Limits::default().with_max_body_bytes(body.len() - 1)).await;
    let r = post(s.http, "/classify", &hdrs, &body).await;
    assert_eq!(r.status, 400);
    assert!(r.text().contains("exceeds the limit"), "{}", r.text());
    s.stop().await;
}

/// `classify_batch` (the batchable `classify`): concurrent requests, legacy and current style,
/// of one to three rows, each answered exactly as `classify` answers the same rows; an empty
/// batch of rows and a malformed body as `classify` answers them.
#[tokio::test]
async fn http_batchable_api_answers_each_request_its_rows() {
    let s = Server::start(Limits::default()).await;
    let rows = |i: usize| -> String {
        let n = 1 + i % 3;
        let rows: Vec<String> = (0..n)
            .map(|r| {
                let k = (i + r) % 7;
                format!("[{}.1, 3.5, {}.4, {}.2]", 4 + k % 3, k % 6, k % 3)
            })
            .collect();
        format!("[{}]", rows.join(", "))
    };
    let mut tasks = Vec::new();
    for i in 0..32 {
        let addr = s.http;
        tasks.push(tokio::spawn(async move {
            let body = if i % 2 == 0 {
                rows(i)
            } else {
                format!("{{\"input\": {}}}", rows(i))
            };
            let ct = [("Content-Type", "application/json")];
            let batched = post(addr, "/classify_batch", &ct, body.as_bytes()).await;
            let single = post(addr, "/classify", &ct, body.as_bytes()).await;
            (i, batched, single)
        }));
    }
    for t in tasks {
        let (i, batched, single) = t.await.unwrap();
        assert_eq!(batched.status, 200, "{i}: {}", batched.text());
        assert_eq!(batched.text(), single.text(), "request {i}");
    }
    for body in [&b"[]"[..], b"[[1, 2, 3]]", b"7"] {
        let b = post(s.http, "/classify_batch", &[], body).await;
        let c = post(s.http, "/classify", &[], body).await;
        assert_eq!((b.status, b.text()), (c.status, c.text()));
    }
    s.stop().await;
}
