//! The Open Inference Protocol over real sockets against `examples/serve.rs`'s own router and
//! servicer on ephemeral loopback ports: REST (JSON data flat and nested, binary tensor data in
//! and out) as raw HTTP/1.1 requests, and gRPC through tonic's generated
//! `GrpcInferenceServiceClient` (raw and typed contents). Every answer is compared with the
//! BentoML routes' answer for the same rows, errors included.

#[allow(dead_code)]
#[path = "../examples/serve.rs"]
mod example;

use half::f16;
use ndarray_descriptor::Limits;
use ndarray_descriptor::oip::inference::grpc_inference_service_client::GrpcInferenceServiceClient;
use ndarray_descriptor::oip::inference::model_infer_request::{
    InferInputTensor, InferRequestedOutputTensor,
};
use ndarray_descriptor::oip::inference::{
    InferTensorContents, ModelInferRequest, ModelMetadataRequest, ModelReadyRequest,
    ServerLiveRequest, ServerMetadataRequest, ServerReadyRequest,
};
use ndarray_descriptor::proto::v1::bento_service_client::BentoServiceClient;
use ndarray_descriptor::proto::v1::{Request, request, response};
use serde_json::{Value, json};
use tonic::Code;

/// Setosa, versicolor, virginica, and a row whose features are whole numbers (so every integer
/// and bool datatype carries it exactly).
const ROWS: [[f32; 4]; 4] = [
    [5.1, 3.5, 1.4, 0.2],
    [6.4, 3.2, 4.5, 1.5],
    [6.3, 3.3, 6.0, 2.5],
    [5.0, 3.0, 5.0, 2.0],
];

mod in_process;
use in_process::{HttpResponse, Server, http};

impl HttpResponse {
    fn json(&self) -> Value {
        let end = self
            .header("inference-header-content-length")
            .map_or(self.body.len(), |n| n.parse().unwrap());
        serde_json::from_slice(&self.body[..end])
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    /// The binary data after the JSON part.
    fn binary(&self) -> &[u8] {
        let end: usize = self
            .header("inference-header-content-length")
            .unwrap()
            .parse()
            .unwrap();
        &self.body[end..]
    }
}

/// A numeric datatype the models accept through `same_kind`, with its element writer.
struct Typed {
    datatype: &'static str,
    numpy: &'static str,
    itemsize: usize,
    le: fn(f32) -> Vec<u8>,
    json: fn(f32) -> Value,
}

fn typed() -> Vec<Typed> {
    macro_rules! int {
        ($dt:literal, $np:literal, $t:ty) => {
            Typed {
                datatype: $dt,
                numpy: $np,
                itemsize: std::mem::size_of::<$t>(),
                le: |v| (v as $t).to_le_bytes().to_vec(),
                json: |v| json!(v as $t),
            }
        };
    }
    vec![
        Typed {
            datatype: "BOOL",
            numpy: "bool",
            itemsize: 1,
            le: |v| vec![u8::from(v != 0.0)],
            json: |v| json!(v != 0.0),
        },
        int!("UINT8", "uint8", u8),
        int!("UINT16", "uint16", u16),
        int!("UINT32", "uint32", u32),
        int!("UINT64", "uint64", u64),
        int!("INT8", "int8", i8),
        int!("INT16", "int16", i16),
        int!("INT32", "int32", i32),
        int!("INT64", "int64", i64),
        Typed {
            datatype: "FP16",
            numpy: "float16",
            itemsize: 2,
            le: |v| f16::from_f32(v).to_le_bytes().to_vec(),
            json: |v| json!(f16::from_f32(v).to_f64()),
        },
        Typed {
            datatype: "FP32",
            numpy: "float32",
            itemsize: 4,
            le: |v| v.to_le_bytes().to_vec(),
            json: |v| json!(v as f64),
        },
        Typed {
            datatype: "FP64",
            numpy: "float64",
            itemsize: 8,
            le: |v| (v as f64).to_le_bytes().to_vec(),
            json: |v| json!(v as f64),
        },
    ]
}

/// The JSON request for `rows` as `t`, flat or nested data.
fn json_request(t: &Typed, rows: &[[f32; 4]], nested: bool) -> Vec<u8> {
    let data: Value = if nested {
        rows.iter()
            .map(|r| r.iter().map(|&v| (t.json)(v)).collect::<Value>())
            .collect()
    } else {
        rows.iter().flatten().map(|&v| (t.json)(v)).collect()
    };
    json!({"id": "r1", "inputs": [{"name": "input", "shape": [rows.len(), 4], "datatype": t.datatype, "data": data}]})
        .to_string()
        .into_bytes()
}

/// The binary request for `rows` as `t` (and its JSON part's length), outputs binary too.
fn binary_request(t: &Typed, rows: &[[f32; 4]]) -> (Vec<u8>, usize) {
    let data: Vec<u8> = rows.iter().flatten().flat_map(|&v| (t.le)(v)).collect();
    assert_eq!(data.len(), rows.len() * 4 * t.itemsize);
    let head =
        json!({"inputs": [{"name": "input", "shape": [rows.len(), 4], "datatype": t.datatype,
        "parameters": {"binary_data_size": data.len()}}],
        "outputs": [{"name": "output", "parameters": {"binary_data": true}}]})
        .to_string();
    let mut body = head.clone().into_bytes();
    body.extend_from_slice(&data);
    (body, head.len())
}

/// The BentoML route's answer for the same rows sent as raw bytes of `numpy` dtype.
async fn bentoml_answer(s: &Server, model: &str, t: &Typed, rows: &[[f32; 4]]) -> (u16, Value) {
    let data: Vec<u8> = rows.iter().flatten().flat_map(|&v| (t.le)(v)).collect();
    let shape = format!("{},4", rows.len());
    let r = http(
        s.http,
        "POST",
        &format!("/{model}"),
        &[
            ("Content-Type", "application/octet-stream"),
            ("X-Numpy-Dtype", t.numpy),
            ("X-Numpy-Shape", &shape),
        ],
        &data,
    )
    .await;
    (r.status, serde_json::from_slice(&r.body).unwrap())
}

/// An OIP output's values as f32 (float32 outputs compare exactly; int64 class indices are
/// small), from JSON `data` or binary data of its datatype.
fn values(out: &Value, binary: Option<&[u8]>) -> Vec<f32> {
    values64(out, binary)
        .into_iter()
        .map(|v| v as f32)
        .collect()
}

fn values64(out: &Value, binary: Option<&[u8]>) -> Vec<f64> {
    match binary {
        None => out["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect(),
        Some(b) => match out["datatype"].as_str().unwrap() {
            "INT64" => b
                .chunks(8)
                .map(|c| i64::from_le_bytes(c.try_into().unwrap()) as f64)
                .collect(),
            "FP32" => b
                .chunks(4)
                .map(|c| f32::from_le_bytes(c.try_into().unwrap()) as f64)
                .collect(),
            other => panic!("unexpected datatype {other}"),
        },
    }
}

/// The BentoML route's JSON answer flattened (float32 values as BentoML writes them: the f32
/// widened to f64, so narrowing gives the f32 back).
fn flat(v: &Value) -> Vec<f32> {
    match v {
        Value::Array(a) => a.iter().flat_map(flat).collect(),
        other => vec![other.as_f64().unwrap() as f32],
    }
}

#[tokio::test]
async fn rest_metadata_health_and_readiness() {
    let s = Server::start(Limits::default()).await;
    let r = http(s.http, "GET", "/v2", &[], b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(
        r.json(),
        json!({"name": "iris_classifier", "version": env!("CARGO_PKG_VERSION"), "extensions": ["binary_tensor_data"]})
    );
    for path in [
        "/v2/health/live",
        "/v2/health/ready",
        "/v2/models/classify/ready",
        "/v2/models/predict_proba/versions/1/ready",
    ] {
        assert_eq!(
            http(s.http, "GET", path, &[], b"").await.status,
            200,
            "{path}"
        );
    }
    let want = json!({"name": "classify", "platform": "ndarray_descriptor",
        "inputs": [{"name": "input", "datatype": "FP32", "shape": [-1, 4]}],
        "outputs": [{"name": "output", "datatype": "INT64", "shape": [-1]}]});
    for path in ["/v2/models/classify", "/v2/models/classify/versions/1"] {
        let r = http(s.http, "GET", path, &[], b"").await;
        assert_eq!((r.status, r.json()), (200, want.clone()), "{path}");
    }
    let r = http(s.http, "GET", "/v2/models/predict_proba", &[], b"").await;
    assert_eq!(
        r.json()["outputs"],
        json!([{"name": "output", "datatype": "FP32", "shape": [-1, 3]}])
    );
    let r = http(s.http, "GET", "/v2/models/classify_batch", &[], b"").await;
    assert_eq!(r.json()["inputs"], want["inputs"]);
    for path in ["/v2/models/nope", "/v2/models/nope/ready"] {
        let r = http(s.http, "GET", path, &[], b"").await;
        assert_eq!(r.status, 404);
        assert_eq!(
            r.json(),
            json!({"error": "Request for unknown model: 'nope' is not found"})
        );
    }
    let r = http(s.http, "POST", "/v2/models/nope/infer", &[], b"{}").await;
    assert_eq!(
        (r.status, r.json()["error"].as_str()),
        (404, Some("Request for unknown model: 'nope' is not found"))
    );
    s.stop().await;
}

/// Every numeric datatype into every model, JSON flat, JSON nested and binary: the answer is
/// the BentoML route's for the same rows sent as raw bytes of that dtype.
#[tokio::test]
async fn rest_every_datatype_answers_as_the_bentoml_route() {
    let s = Server::start(Limits::default()).await;
    let rows: &[[f32; 4]] = &[ROWS[3], [1.0, 0.0, 1.0, 1.0]];
    for model in ["classify", "predict_proba", "classify_batch"] {
        for t in typed() {
            let (status, bento) = bentoml_answer(&s, model, &t, rows).await;
            assert_eq!(status, 200, "{model} {}: {bento}", t.datatype);
            let want = flat(&bento);
            for nested in [false, true] {
                let r = http(
                    s.http,
                    "POST",
                    &format!("/v2/models/{model}/infer"),
                    &[],
                    &json_request(&t, rows, nested),
                )
                .await;
                assert_eq!(
                    r.status,
                    200,
                    "{model} {} {}",
                    t.datatype,
                    String::from_utf8_lossy(&r.body)
                );
                assert_eq!(r.header("content-type"), Some("application/json"));
                let body = r.json();
                assert_eq!(body["model_name"], model);
                assert_eq!(body["id"], "r1");
                let out = &body["outputs"][0];
                assert_eq!(out["name"], "output");
                assert_eq!(
                    values(out, None),
                    want,
                    "{model} {} nested={nested}",
                    t.datatype
                );
            }
            let (body, head) = binary_request(&t, rows);
            let head = head.to_string();
            let r = http(
                s.http,
                "POST",
                &format!("/v2/models/{model}/versions/1/infer"),
                &[
                    ("Content-Type", "application/octet-stream"),
                    ("Inference-Header-Content-Length", &head),
                ],
                &body,
            )
            .await;
            assert_eq!(r.status, 200, "{model} {} binary", t.datatype);
            assert_eq!(r.header("content-type"), Some("application/octet-stream"));
            let json_part = r.json();
            let out = &json_part["outputs"][0];
            assert_eq!(out["parameters"]["binary_data_size"], r.binary().len());
            assert!(json_part.get("id").is_none(), "no id asked, none echoed");
            assert_eq!(
                values(out, Some(r.binary())),
                want,
                "{model} {} binary",
                t.datatype
            );
        }
    }
    s.stop().await;
}

/// The iris rows as float32 over every encoding, with `binary_data_output` deciding the
/// output's encoding when the request names no output.
#[tokio::test]
async fn rest_float32_rows_and_binary_data_output() {
    let s = Server::start(Limits::default()).await;
    let fp32 = &typed()[10];
    assert_eq!(fp32.datatype, "FP32");
    let bento = http(
        s.http,
        "POST",
        "/predict_proba",
        &[],
        serde_json::to_string(&ROWS).unwrap().as_bytes(),
    )
    .await;
    let want = flat(&serde_json::from_slice(&bento.body).unwrap());
    // A binary input, no outputs named, binary_data_output true (tritonclient's default).
    let data: Vec<u8> = ROWS
        .iter()
        .flatten()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    let head = json!({"id": "q", "parameters": {"binary_data_output": true},
        "inputs": [{"name": "input", "shape": [4, 4], "datatype": "FP32", "parameters": {"binary_data_size": 64}}]})
    .to_string();
    let mut body = head.clone().into_bytes();
    body.extend_from_slice(&data);
    let r = http(
        s.http,
        "POST",
        "/v2/models/predict_proba/infer",
        &[("Inference-Header-Content-Length", &head.len().to_string())],
        &body,
    )
    .await;
    assert_eq!(r.status, 200);
    let j = r.json();
    assert_eq!(j["id"], "q");
    assert_eq!(j["outputs"][0]["shape"], json!([4, 3]));
    assert_eq!(values(&j["outputs"][0], Some(r.binary())), want);
    // The same request asking for a JSON output overrides the default.
    let r2 = http(
        s.http,
        "POST",
        "/v2/models/predict_proba/infer",
        &[],
        &json_request(fp32, &ROWS, true),
    )
    .await;
    assert_eq!(values(&r2.json()["outputs"][0], None), want);
    s.stop().await;
}

/// Request headers, owned.
type Headers = Vec<(&'static str, String)>;

#[tokio::test]
async fn rest_errors_carry_the_bentoml_routes_messages() {
    let s = Server::start(Limits::default()).await;
    let post = |path: &'static str, body: Vec<u8>, headers: Vec<(&'static str, String)>| {
        let addr = s.http;
        async move {
            let h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            http(addr, "POST", path, &h, &body).await
        }
    };
    // BYTES is not same_kind-castable to float32: both models refuse it, with the message the
    // BentoML route gives a string array.
    let words = json!({"inputs": [{"name": "input", "shape": [1, 4], "datatype": "BYTES", "data": ["5.1", "3.5", "1.4", "0.2"]}]});
    let bento = http(
        s.http,
        "POST",
        "/classify",
        &[
            ("Content-Type", "application/octet-stream"),
            ("X-Numpy-Dtype", "<U3"),
            ("X-Numpy-Shape", "1,4"),
        ],
        &"5.1"
            .repeat(4)
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect::<Vec<u8>>(),
    )
    .await;
    assert_eq!(bento.status, 400);
    let message = r#"NumpyNdarray: Expecting ndarray of dtype "float32", but "<U3" was received."#;
    assert!(String::from_utf8_lossy(&bento.body).contains(&message.replace('"', "\\\"")));
    for model in ["classify", "predict_proba"] {
        let path: &'static str = if model == "classify" {
            "/v2/models/classify/infer"
        } else {
            "/v2/models/predict_proba/infer"
        };
        let r = post(path, words.to_string().into_bytes(), vec![]).await;
        assert_eq!(
            (r.status, r.json()),
            (400, json!({"error": message})),
            "{model}"
        );
        // BYTES in binary, length-prefixed.
        let mut bin = Vec::new();
        for w in ["5.1", "3.5", "1.4", "0.2"] {
            bin.extend_from_slice(&3u32.to_le_bytes());
            bin.extend_from_slice(w.as_bytes());
        }
        let head = json!({"inputs": [{"name": "input", "shape": [1, 4], "datatype": "BYTES", "parameters": {"binary_data_size": bin.len()}}]}).to_string();
        let mut body = head.clone().into_bytes();
        body.extend_from_slice(&bin);
        let r = post(
            path,
            body,
            vec![("Inference-Header-Content-Length", head.len().to_string())],
        )
        .await;
        assert_eq!(
            (r.status, r.json()),
            (400, json!({"error": message})),
            "{model} binary"
        );
    }
    // A shape the model cannot take: the BentoML route's message.
    let bento = http(s.http, "POST", "/classify", &[], b"[[1, 2, 3]]").await;
    let r = post("/v2/models/classify/infer", br#"{"inputs": [{"name": "input", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}"#.to_vec(), vec![]).await;
    let msg = r#"NumpyNdarray: Expecting ndarray of shape "(-1, 4)", but "(1, 3)" was received."#;
    assert_eq!((r.status, r.json()), (400, json!({"error": msg})));
    assert!(String::from_utf8_lossy(&bento.body).contains(&msg.replace('"', "\\\"")));
    // The framing and the request's own mistakes.
    let cases: Vec<(Vec<u8>, Headers, &str)> = vec![
        (b"{}".to_vec(), vec![("Inference-Header-Content-Length", "99".into())], "Inference-Header-Content-Length 99 is past the end of the 2-byte body"),
        (b"{}".to_vec(), vec![("Inference-Header-Content-Length", "x".into())], "invalid Inference-Header-Content-Length header"),
        (br#"{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}"#.to_vec(), vec![], "unexpected inference input 'x' for model 'classify' (its input is 'input')"),
        (br#"{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}], "outputs": [{"name": "probs"}]}"#.to_vec(), vec![], "unexpected inference output 'probs' for model 'classify' (its output is 'output')"),
        (br#"{"inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}"#.to_vec(), vec![], "input 'input': FP32 data of 4 elements does not match shape [2, 4] (8 elements)"),
        (br#"{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}"#.to_vec(), vec![], "invalid JSON in the inference request at byte 11: unterminated array"),
    ];
    for (body, headers, msg) in cases {
        let r = post("/v2/models/classify/infer", body, headers).await;
        assert_eq!((r.status, r.json()), (400, json!({"error": msg})));
    }
    s.stop().await;
}

/// Concurrent OIP requests to the batchable API each get their own rows back.
#[tokio::test]
async fn rest_batchable_model_answers_each_request() {
    let s = Server::start(Limits::default()).await;
    let fp32 = &typed()[10];
    let mut tasks = Vec::new();
    for i in 0..12usize {
        let body = json_request(fp32, &[ROWS[i % 3]], false);
        let addr = s.http;
        tasks.push(tokio::spawn(async move {
            let r = http(addr, "POST", "/v2/models/classify_batch/infer", &[], &body).await;
            (i, r.status, r.json())
        }));
    }
    for t in tasks {
        let (i, status, body) = t.await.unwrap();
        assert_eq!(status, 200);
        assert_eq!(body["outputs"][0]["data"], json!([i % 3]), "request {i}");
    }
    s.stop().await;
}

fn raw_request(model: &str, datatype: &str, shape: Vec<i64>, raw: Vec<u8>) -> ModelInferRequest {
    ModelInferRequest {
        model_name: model.into(),
        id: "g1".into(),
        inputs: vec![InferInputTensor {
            name: "input".into(),
            datatype: datatype.into(),
            shape,
            parameters: Default::default(),
            contents: None,
        }],
        outputs: vec![InferRequestedOutputTensor {
            name: "output".into(),
            parameters: Default::default(),
        }],
        raw_input_contents: vec![raw.into()],
        ..Default::default()
    }
}

#[tokio::test]
async fn grpc_inference_service_answers_as_bentoservice() {
    let s = Server::start(Limits::default()).await;
    let channel = s.channel().await;
    let mut oip = GrpcInferenceServiceClient::new(channel.clone());
    let mut bento = BentoServiceClient::new(channel);
    assert!(
        oip.server_live(ServerLiveRequest {})
            .await
            .unwrap()
            .into_inner()
            .live
    );
    assert!(
        oip.server_ready(ServerReadyRequest {})
            .await
            .unwrap()
            .into_inner()
            .ready
    );
    let ready = oip
        .model_ready(ModelReadyRequest {
            name: "classify".into(),
            version: String::new(),
        })
        .await
        .unwrap();
    assert!(ready.into_inner().ready);
    let md = oip
        .server_metadata(ServerMetadataRequest {})
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        (md.name.as_str(), md.extensions),
        ("iris_classifier", vec!["binary_tensor_data".to_string()])
    );
    let md = oip
        .model_metadata(ModelMetadataRequest {
            name: "predict_proba".into(),
            version: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(md.inputs[0].datatype, "FP32");
    assert_eq!(md.inputs[0].shape, vec![-1, 4]);
    assert_eq!(
        (md.outputs[0].name.as_str(), md.outputs[0].shape.clone()),
        ("output", vec![-1, 3])
    );
    let e = oip
        .model_metadata(ModelMetadataRequest {
            name: "nope".into(),
            version: String::new(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.message()),
        (
            Code::NotFound,
            "Request for unknown model: 'nope' is not found"
        )
    );

    let rows: &[[f32; 4]] = &ROWS;
    let le: Vec<u8> = rows
        .iter()
        .flatten()
        .flat_map(|v| v.to_le_bytes())
        .collect();
    for model in ["classify", "predict_proba", "classify_batch"] {
        // BentoService's answer for the same rows.
        let resp = bento
            .call(Request {
                api_name: model.into(),
                content: Some(request::Content::SerializedBytes(le.clone().into())),
            })
            .await
            .unwrap()
            .into_inner();
        let Some(response::Content::Ndarray(nd)) = resp.content else {
            panic!("ndarray")
        };
        let want: Vec<f64> = if nd.int64_values.is_empty() {
            nd.float_values.iter().map(|&v| v as f64).collect()
        } else {
            nd.int64_values.iter().map(|&v| v as f64).collect()
        };
        // Raw contents.
        let r = oip
            .model_infer(raw_request(model, "FP32", vec![4, 4], le.clone()))
            .await
            .unwrap()
            .into_inner();
        assert_eq!((r.model_name.as_str(), r.id.as_str()), (model, "g1"));
        let out = &r.outputs[0];
        let got: Vec<f64> = match out.datatype.as_str() {
            "INT64" => r.raw_output_contents[0]
                .chunks(8)
                .map(|c| i64::from_le_bytes(c.try_into().unwrap()) as f64)
                .collect(),
            "FP32" => r.raw_output_contents[0]
                .chunks(4)
                .map(|c| f32::from_le_bytes(c.try_into().unwrap()) as f64)
                .collect(),
            other => panic!("{other}"),
        };
        assert_eq!(got, want, "{model}");
        // Typed contents, as float64 (a same_kind cast).
        let mut typed_req = raw_request(model, "FP64", vec![4, 4], Vec::new());
        typed_req.raw_input_contents.clear();
        typed_req.inputs[0].contents = Some(InferTensorContents {
            fp64_contents: rows.iter().flatten().map(|&v| v as f64).collect(),
            ..Default::default()
        });
        let r2 = oip.model_infer(typed_req).await.unwrap().into_inner();
        assert_eq!(
            r2.raw_output_contents, r.raw_output_contents,
            "{model} typed"
        );
    }
    // Every numeric datatype in raw contents into predict_proba.
    let whole: &[[f32; 4]] = &[ROWS[3]];
    let want = {
        let r = oip
            .model_infer(raw_request(
                "predict_proba",
                "FP32",
                vec![1, 4],
                whole
                    .iter()
                    .flatten()
                    .flat_map(|v| v.to_le_bytes())
                    .collect(),
            ))
            .await
            .unwrap();
        r.into_inner().raw_output_contents
    };
    let bools = {
        let ones: Vec<u8> = [1.0f32; 4].iter().flat_map(|v| v.to_le_bytes()).collect();
        let r = oip
            .model_infer(raw_request("predict_proba", "FP32", vec![1, 4], ones))
            .await
            .unwrap();
        r.into_inner().raw_output_contents
    };
    for t in typed() {
        // The whole-number row is exact in every datatype; as BOOL it is all ones.
        let want = if t.datatype == "BOOL" { &bools } else { &want };
        let raw: Vec<u8> = whole.iter().flatten().flat_map(|&v| (t.le)(v)).collect();
        let r = oip
            .model_infer(raw_request("predict_proba", t.datatype, vec![1, 4], raw))
            .await;
        assert_eq!(
            &r.unwrap().into_inner().raw_output_contents,
            want,
            "{}",
            t.datatype
        );
    }
    // Errors: the BentoML messages, INVALID_ARGUMENT; an unknown model, NOT_FOUND.
    let mut bytes = Vec::new();
    for w in ["5.1", "3.5", "1.4", "0.2"] {
        bytes.extend_from_slice(&3u32.to_le_bytes());
        bytes.extend_from_slice(w.as_bytes());
    }
    let e = oip
        .model_infer(raw_request("classify", "BYTES", vec![1, 4], bytes))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(
        e.message(),
        r#"NumpyNdarray: Expecting ndarray of dtype "float32", but "<U3" was received."#
    );
    let e = oip
        .model_infer(raw_request("classify", "FP32", vec![1, 3], vec![0; 12]))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.message()),
        (
            Code::InvalidArgument,
            r#"NumpyNdarray: Expecting ndarray of shape "(-1, 4)", but "(1, 3)" was received."#
        )
    );
    let e = oip
        .model_infer(raw_request("classify", "FP32", vec![1, 4], vec![0; 12]))
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.message()),
        (
            Code::InvalidArgument,
            "input 'input': 12 bytes of FP32 data do not hold shape [1, 4] (16 bytes expected)"
        )
    );
    let e = oip
        .model_infer(raw_request("nope", "FP32", vec![1, 4], vec![0; 16]))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    s.stop().await;
}
