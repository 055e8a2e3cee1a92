//! Conformance with BentoML's current service API (1.2+), from the ground truth recorded with
//! BentoML 1.4.39 in `tests/fixtures/bentoml_current/`:
//!
//! - every input case of `tensor_cases.json` (a field `x: Annotated[np.ndarray, Shape(..),
//!   DType(..)]` and a body `{"x": ...}`) through `Api::decode_tensors`: the array (dtype, shape,
//!   bits) or the exact 400 body;
//! - every output case through `Api::encode_tensors_output`: the exact response body;
//! - the reference service's `/schema.json` body, and its recorded POSTs replayed against the
//!   same service built with this crate, over a socket: status and body.
//!
//! Compatibility policy: where the reference answers 500 (numpy's `OverflowError` /
//! `TypeError`) or makes an object array (which this crate does not carry), the crate answers
//! 400 with a `value_error` entry carrying its message; those cases are checked for that rule.
//!
//! Prints `conformance current: N passed, M failed, K known` and fails on any unexpected
//! result (a known failure that passes is reported too, so the list stays honest).

use std::net::SocketAddr;
use std::time::Duration;

use half::f16;
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::http::{Api, Service, TensorField, Tensors};
use ndarray_descriptor::{
    ArrayData, DType, DynArray, Error, ErrorKind, NumpyNdarray, Result, ScalarType, StrArray,
};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/bentoml_current/"
);

/// Cases that do not pass yet, each with its reason (reviewed; keep short).
const KNOWN: &[(&str, &str)] = &[];

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: Vec<String>,
    known: usize,
    known_passing: Vec<String>,
}

impl Tally {
    fn check(&mut self, id: &str, outcome: std::result::Result<(), String>) {
        let known = KNOWN.iter().any(|(k, _)| *k == id);
        match (outcome, known) {
            (Ok(()), false) => self.passed += 1,
            (Ok(()), true) => self.known_passing.push(id.to_string()),
            (Err(_), true) => self.known += 1,
            (Err(why), false) => self.failed.push(format!("{id}: {why}")),
        }
    }
}

fn load(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("{FIXTURES}{name}")).expect("fixture");
    serde_json::from_str(&text).expect("fixture JSON")
}

fn descriptor(dtype: &Value, shape: &Value) -> NumpyNdarray {
    let mut b = NumpyNdarray::builder();
    if let Some(d) = dtype.as_str() {
        b = b.dtype_str(d);
    }
    if let Some(dims) = shape.as_array() {
        b = b.shape(dims.iter().map(|d| d.as_i64().unwrap()).collect::<Vec<_>>());
    }
    b.build().expect("descriptor")
}

/// The array as the fixture writes it: `dtype` (`dtype.str`), shape, and `bits` for floats or
/// `values` otherwise.
fn describe(arr: &DynArray) -> Value {
    fn v<T: Clone, U: Into<Value>>(a: &ArrayD<T>, f: impl Fn(T) -> U) -> Value {
        Value::Array(a.iter().cloned().map(|x| f(x).into()).collect())
    }
    let (key, values) = match arr.data() {
        ArrayData::Bool(a) => ("values", v(a, |x| x)),
        ArrayData::Int8(a) => ("values", v(a, |x| x)),
        ArrayData::Int16(a) => ("values", v(a, |x| x)),
        ArrayData::Int32(a) => ("values", v(a, |x| x)),
        ArrayData::Int64(a) => ("values", v(a, |x| x)),
        ArrayData::UInt8(a) => ("values", v(a, |x| x)),
        ArrayData::UInt16(a) => ("values", v(a, |x| x)),
        ArrayData::UInt32(a) => ("values", v(a, |x| x)),
        ArrayData::UInt64(a) => ("values", v(a, |x| x)),
        ArrayData::Float16(a) => ("bits", v(a, |x| format!("{:04x}", x.to_bits()))),
        ArrayData::Float32(a) => ("bits", v(a, |x| format!("{:08x}", x.to_bits()))),
        ArrayData::Float64(a) => ("bits", v(a, |x| format!("{:016x}", x.to_bits()))),
        ArrayData::Str(a) => ("values", Value::Array(a.iter().map(Value::from).collect())),
        #[allow(unreachable_patterns)]
        _ => ("values", Value::Null),
    };
    let mut m = serde_json::Map::new();
    m.insert("dtype".into(), arr.dtype().str().into());
    m.insert("shape".into(), arr.shape().to_vec().into());
    m.insert(key.into(), values);
    Value::Object(m)
}

/// Build the fixture's array (`dtype`, `shape`, `bits` / `values`).
fn build(a: &Value) -> std::result::Result<DynArray, String> {
    let dtype = DType::parse(a["dtype"].as_str().unwrap()).map_err(|e| e.to_string())?;
    let shape: Vec<usize> = a["shape"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_u64().unwrap() as usize)
        .collect();
    let empty = Vec::new();
    let values = a["values"].as_array().unwrap_or(&empty);
    let bits: Vec<u64> = a["bits"]
        .as_array()
        .unwrap_or(&empty)
        .iter()
        .map(|b| u64::from_str_radix(b.as_str().unwrap(), 16).unwrap())
        .collect();
    fn arr<T>(shape: &[usize], v: Vec<T>) -> std::result::Result<ArrayD<T>, String> {
        ArrayD::from_shape_vec(IxDyn(shape), v).map_err(|e| e.to_string())
    }
    fn ints<T: TryFrom<i128>>(values: &[Value]) -> std::result::Result<Vec<T>, String> {
        values
            .iter()
            .map(|x| {
                let i = x
                    .as_i64()
                    .map(i128::from)
                    .or_else(|| x.as_u64().map(i128::from))
                    .ok_or(format!("not an integer: {x}"))?;
                T::try_from(i).map_err(|_| format!("out of range: {i}"))
            })
            .collect()
    }
    let data = match dtype.scalar() {
        ScalarType::Bool => ArrayData::Bool(arr(
            &shape,
            values
                .iter()
                .map(|x| x.as_bool().unwrap_or(false))
                .collect(),
        )?),
        ScalarType::Int8 => ArrayData::Int8(arr(&shape, ints(values)?)?),
        ScalarType::Int16 => ArrayData::Int16(arr(&shape, ints(values)?)?),
        ScalarType::Int32 => ArrayData::Int32(arr(&shape, ints(values)?)?),
        ScalarType::Int64 => ArrayData::Int64(arr(&shape, ints(values)?)?),
        ScalarType::UInt8 => ArrayData::UInt8(arr(&shape, ints(values)?)?),
        ScalarType::UInt16 => ArrayData::UInt16(arr(&shape, ints(values)?)?),
        ScalarType::UInt32 => ArrayData::UInt32(arr(&shape, ints(values)?)?),
        ScalarType::UInt64 => ArrayData::UInt64(arr(&shape, ints(values)?)?),
        ScalarType::Float16 => ArrayData::Float16(arr(
            &shape,
            bits.iter().map(|&b| f16::from_bits(b as u16)).collect(),
        )?),
        ScalarType::Float32 => ArrayData::Float32(arr(
            &shape,
            bits.iter().map(|&b| f32::from_bits(b as u32)).collect(),
        )?),
        ScalarType::Float64 => ArrayData::Float64(arr(
            &shape,
            bits.iter().map(|&b| f64::from_bits(b)).collect(),
        )?),
        ScalarType::Str => ArrayData::Str(
            StrArray::from_shape_iter(
                &shape,
                values.iter().map(|x| x.as_str().unwrap_or_default()),
            )
            .map_err(|e| e.to_string())?,
        ),
        #[allow(unreachable_patterns)]
        other => return Err(format!("no reader for {other:?}")),
    };
    DynArray::with_dtype(data, dtype).map_err(|e| e.to_string())
}

/// The policy rule for what the reference answers 500 or makes an object array of: a 400
/// body whose entries are all `value_error`s.
fn policy_400(body: &str) -> std::result::Result<(), String> {
    let v: Value = serde_json::from_str(body).map_err(|e| format!("{e}: {body}"))?;
    let detail = v["detail"].as_array().ok_or(format!("no detail: {body}"))?;
    if !detail.is_empty() && detail.iter().all(|d| d["type"] == "value_error") {
        Ok(())
    } else {
        Err(format!("expected value_error entries, got {body}"))
    }
}

fn input_case(case: &Value) -> std::result::Result<(), String> {
    let desc = descriptor(&case["dtype"], &case["shape"]);
    let api = Api::tensors(
        "t",
        [TensorField::new("x", desc.clone())],
        NumpyNdarray::new(),
    );
    let got = api.decode_tensors(case["body"].as_str().unwrap().as_bytes());
    if let Some(schema) = case.get("field_schema") {
        let mine = desc.tensor_schema(Some("X"));
        if &mine != schema {
            return Err(format!("field schema {mine} != {schema}"));
        }
    }
    let object = case["array"]["dtype"] == "|O";
    match (case["status"].as_u64().unwrap(), got) {
        (200, Ok(t)) if !object => {
            let arr = t.get("x").unwrap();
            let want = &case["array"];
            let mine = describe(arr);
            let key = if want.get("bits").is_some() {
                "bits"
            } else {
                "values"
            };
            for k in ["dtype", "shape", key] {
                if mine[k] != want[k] {
                    return Err(format!("{k}: got {} want {}", mine[k], want[k]));
                }
            }
            Ok(())
        }
        (200, Err(e)) if object => policy_400(&e.body()),
        (400, Err(e)) => {
            let want = case["response_body"].as_str().unwrap();
            if e.body() == want {
                Ok(())
            } else {
                Err(format!("got {} want {want}", e.body()))
            }
        }
        (500, Err(e)) => policy_400(&e.body()),
        (status, Ok(t)) => Err(format!(
            "want {status}, got an array {}",
            describe(t.get("x").unwrap())
        )),
        (status, Err(e)) => Err(format!("want {status}, got {}", e.body())),
    }
}

fn output_case(case: &Value) -> std::result::Result<(), String> {
    if case["array"]["dtype"] == "|O" {
        // An object array (Python ints beyond 64 bits, dicts) is not something a handler can
        // return here: the crate carries no object dtype, which is what is checked.
        return match DType::parse("|O") {
            Err(e) if e.kind() == ErrorKind::UnsupportedDtype => Ok(()),
            other => Err(format!(
                "an object dtype should be unsupported, got {other:?}"
            )),
        };
    }
    let arr = build(&case["array"])?;
    let api = Api::tensors("t", [], NumpyNdarray::new());
    let body = api.encode_tensors_output(&arr).map_err(|e| e.to_string())?;
    let want = case["response_body"].as_str().unwrap();
    let body = String::from_utf8(body).map_err(|e| e.to_string())?;
    if body == want {
        Ok(())
    } else {
        Err(format!("got {body} want {want}"))
    }
}

// The reference service (`reference_service.py`), built with the crate.

const C: [f32; 3] = [-3.0, 0.0, 3.0];
const B: [f32; 3] = [15.0, 0.0, -21.0];

fn scores_of(x: &DynArray) -> Result<ndarray::Array2<f32>> {
    let x = x
        .as_array::<f32>()
        .ok_or_else(|| Error::internal("not float32"))?;
    let n = x.shape()[0];
    Ok(ndarray::Array2::from_shape_fn((n, 3), |(i, k)| {
        let t = x[[i, 2]] + x[[i, 3]];
        t * C[k] + B[k]
    }))
}

fn argmax(s: &ndarray::Array2<f32>) -> DynArray {
    let classes: Vec<i64> = s
        .rows()
        .into_iter()
        .map(|row| {
            // numpy's argmax: the first maximum, a NaN wins at its index.
            let mut best = 0;
            for (i, &v) in row.iter().enumerate() {
                if v.is_nan() {
                    return i as i64;
                }
                if v > row[best] {
                    best = i;
                }
            }
            best as i64
        })
        .collect();
    DynArray::from(ndarray::Array1::from(classes).into_dyn())
}

fn reference_service() -> Service {
    let features = NumpyNdarray::builder()
        .dtype(DType::FLOAT32)
        .shape([-1, 4])
        .build()
        .unwrap();
    let out = |d: DType| NumpyNdarray::builder().dtype(d).build().unwrap();
    let field = || [TensorField::new("input", features.clone())];
    let classify = |x: DynArray| -> Result<DynArray> { Ok(argmax(&scores_of(&x)?)) };
    let pair_fields = [
        TensorField::new(
            "a",
            NumpyNdarray::builder()
                .dtype(DType::FLOAT64)
                .shape([-1])
                .build()
                .unwrap(),
        ),
        TensorField::new(
            "b",
            NumpyNdarray::builder()
                .dtype(DType::INT32)
                .shape([2, -1])
                .build()
                .unwrap(),
        ),
    ];
    Service::new("iris_classifier")
        .blocking_api(
            Api::tensors("classify", field(), out(DType::INT64)),
            classify,
        )
        .blocking_api(
            Api::tensors("classify_batch", field(), out(DType::INT64)).with_batchable(true),
            classify,
        )
        .blocking_api(
            Api::tensors("scores", field(), out(DType::FLOAT32)),
            |x: DynArray| Ok(DynArray::from(scores_of(&x)?.into_dyn())),
        )
        .blocking_tensors_api(
            Api::tensors("pair", pair_fields, out(DType::FLOAT64)),
            |mut t: Tensors| {
                let a = t.take("a").unwrap();
                let b = t.take("b").unwrap();
                let mut v: Vec<f64> = a.as_array::<f64>().unwrap().iter().copied().collect();
                v.extend(b.as_array::<i32>().unwrap().iter().map(|&x| f64::from(x)));
                Ok(DynArray::from(ndarray::Array1::from(v).into_dyn()))
            },
        )
        .api(
            Api::tensors(
                "echo",
                [TensorField::new("x", NumpyNdarray::new())],
                NumpyNdarray::new(),
            ),
            |x: DynArray| async move { Ok(x) },
        )
}

/// Send the recorded request as it was sent (headers and body) on a fresh connection.
async fn replay(addr: SocketAddr, req: &Value) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut head = format!(
        "{} {} HTTP/1.1\r\n",
        req["method"].as_str().unwrap(),
        req["path"].as_str().unwrap()
    );
    for h in req["headers"].as_array().unwrap() {
        let (k, v) = (h[0].as_str().unwrap(), h[1].as_str().unwrap());
        if k.eq_ignore_ascii_case("connection") {
            continue;
        }
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    let body = match req["body"].as_str() {
        Some(b) => b.as_bytes().to_vec(),
        None => req["body_hex"]
            .as_str()
            .map(|h| {
                (0..h.len())
                    .step_by(2)
                    .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                    .collect()
            })
            .unwrap_or_default(),
    };
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut raw))
        .await
        .expect("answer in time")
        .unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let status = std::str::from_utf8(&raw[..split]).unwrap()[9..12]
        .parse()
        .unwrap();
    (status, raw[split + 4..].to_vec())
}

async fn wire(tally: &mut Tally) {
    let wire = load("wire.json");
    let service = reference_service();
    let recorded = wire["gets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["name"] == "GET /schema.json")
        .expect("the recorded /schema.json");
    let mut want = recorded["response"]["body"].as_str().unwrap().to_string();
    // The reference service also has APIs whose input is not made of tensor fields (a `str`
    // field); the crate's rebuild serves only the tensor APIs. Those routes come out of the
    // recorded text itself, so the rest is still compared byte for byte.
    let others = non_tensor_routes(&serde_json::from_str(&want).unwrap());
    for name in &others {
        want = without_route(&want, name);
    }
    let mine = service.schema_json();
    let check = if mine == want {
        Ok(())
    } else {
        Err(format!("got {mine}\nwant {want}"))
    };
    tally.check("wire/GET /schema.json", check);

    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = service.router().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, router).await });
    // The schema over the wire, as the client fetches it.
    let (status, body) = replay(
        addr,
        &serde_json::json!({"method": "GET", "path": "/schema.json", "headers": [], "body": ""}),
    )
    .await;
    tally.check(
        "wire/GET /schema.json over HTTP",
        if status == 200 && body == mine.as_bytes() {
            Ok(())
        } else {
            Err(format!("{status} {}", String::from_utf8_lossy(&body)))
        },
    );
    // The probes and the routing answers, status and body (`/schema.json` is checked above;
    // `/docs.json` is compared by its own rules in the serving tests).
    for get in wire["gets"].as_array().unwrap() {
        let name = get["name"].as_str().unwrap();
        if name.ends_with("/schema.json") || name.ends_with("/docs.json") {
            continue;
        }
        let (status, body) = replay(addr, &get["request"]).await;
        let want_status = get["response"]["status"].as_u64().unwrap() as u16;
        let want_body = get["response"]["body"].as_str().unwrap_or_default();
        let check = if status == want_status && body == want_body.as_bytes() {
            Ok(())
        } else {
            Err(format!(
                "got {status} {}, want {want_status} {want_body}",
                String::from_utf8_lossy(&body)
            ))
        };
        tally.check(&format!("wire/{name}"), check);
    }
    let untyped_routes = untyped_routes(&serde_json::from_str(&want).unwrap());
    let mut skipped = 0;
    for post in wire["posts"].as_array().unwrap() {
        let name = post["name"].as_str().unwrap();
        let route = post["request"]["path"]
            .as_str()
            .unwrap()
            .trim_start_matches('/');
        if others.iter().any(|o| o == route) {
            skipped += 1;
            continue;
        }
        let (status, body) = replay(addr, &post["request"]).await;
        let want_status = post["response"]["status"].as_u64().unwrap() as u16;
        let want_body = post["response"]["body"].as_str().unwrap_or_default();
        let body = String::from_utf8_lossy(&body).to_string();
        // Where the reference's numpy made an object array (a field without a dtype holding
        // `null`, a JSON object or an integer beyond 64 bits), the policy's 400 applies.
        let object = untyped_routes.iter().any(|r| r == route)
            && post["request"]["body"]
                .as_str()
                .is_some_and(numpy_makes_object);
        let check = if want_status == 500 || object {
            if status == 400 {
                policy_400(&body)
            } else {
                Err(format!("want the policy's 400, got {status} {body}"))
            }
        } else if status == want_status && body == want_body {
            Ok(())
        } else {
            Err(format!(
                "got {status} {body}, want {want_status} {want_body}"
            ))
        };
        tally.check(&format!("wire/{name}"), check);
    }
    server.abort();
    println!(
        "conformance current: {skipped} recorded posts to APIs that are not tensor APIs ({}) \
         not replayed",
        others.join(", ")
    );
}

/// The routes of a `/schema.json` whose input has a field that is not a tensor.
fn non_tensor_routes(schema: &Value) -> Vec<String> {
    routes_where(schema, |p| p["type"] != "tensor")
}

/// The routes of a `/schema.json` with a tensor field that declares no dtype (numpy infers
/// one, an object array included).
fn untyped_routes(schema: &Value) -> Vec<String> {
    routes_where(schema, |p| {
        p["type"] == "tensor" && p.get("dtype").is_none()
    })
}

fn routes_where(schema: &Value, field: impl Fn(&Value) -> bool) -> Vec<String> {
    schema["routes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            r["input"]["properties"]
                .as_object()
                .is_some_and(|p| p.values().any(&field))
        })
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect()
}

/// `text` (a compact `/schema.json` body) without the route named `name`: its object in
/// `routes` and its entry in `paths`, every other byte as it was.
fn without_route(text: &str, name: &str) -> String {
    let start = text
        .find(&format!("{{\"name\":\"{name}\","))
        .expect("the route's object");
    // The matching brace, skipping strings.
    let (mut depth, mut in_str, mut esc, mut end) = (0i32, false, false, start);
    for (i, c) in text[start..].char_indices() {
        match (in_str, esc, c) {
            (true, true, _) => esc = false,
            (true, false, '\\') => esc = true,
            (true, false, '"') => in_str = false,
            (false, _, '"') => in_str = true,
            (false, _, '{') => depth += 1,
            (false, _, '}') => {
                depth -= 1;
                if depth == 0 {
                    end = start + i + 1;
                    break;
                }
            }
            _ => {}
        }
    }
    let mut out = if text[end..].starts_with(',') {
        format!("{}{}", &text[..start], &text[end + 1..])
    } else {
        format!("{}{}", text[..start].trim_end_matches(','), &text[end..])
    };
    for entry in [
        format!(",\"/{name}\":{{\"mounted\":false}}"),
        format!("\"/{name}\":{{\"mounted\":false}},"),
    ] {
        if out.contains(&entry) {
            out = out.replacen(&entry, "", 1);
            break;
        }
    }
    out
}

/// Whether numpy's `np.array(value)` of some field in this JSON body is an object array: the
/// body holds `null`, a JSON object below the top level, or an integer literal outside both
/// int64 and uint64.
fn numpy_makes_object(body: &str) -> bool {
    let v: Value = match serde_json::from_str(body) {
        Ok(v) => v,
        Err(_) => return false,
    };
    fn nested(v: &Value) -> bool {
        match v {
            Value::Null | Value::Object(_) => true,
            Value::Array(items) => items.iter().any(nested),
            _ => false,
        }
    }
    let fields_nested = v.as_object().is_some_and(|m| m.values().any(nested));
    fields_nested || big_int_literal(body)
}

/// Whether the JSON text has an integer literal (no fraction, no exponent) beyond 64 bits.
fn big_int_literal(text: &str) -> bool {
    let b = text.as_bytes();
    let (mut i, mut in_str) = (0, false);
    while i < b.len() {
        let c = b[i];
        if in_str {
            match c {
                b'\\' => i += 1,
                b'"' => in_str = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if c == b'"' {
            in_str = true;
            i += 1;
            continue;
        }
        if c == b'-' || c.is_ascii_digit() {
            let start = i;
            i += 1;
            while i < b.len()
                && (b[i].is_ascii_digit() || matches!(b[i], b'.' | b'e' | b'E' | b'+' | b'-'))
            {
                i += 1;
            }
            let tok = &text[start..i];
            if !tok.contains(['.', 'e', 'E']) {
                let fits = tok.parse::<i64>().is_ok() || tok.parse::<u64>().is_ok();
                if !fits {
                    return true;
                }
            }
            continue;
        }
        i += 1;
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conformance_current() {
    let cases = load("tensor_cases.json");
    let mut tally = Tally::default();
    for case in cases["input_cases"].as_array().unwrap() {
        let id = format!(
            "input/{}/{}/{}",
            case["dtype"],
            case["shape"],
            case["input"].as_str().unwrap()
        );
        tally.check(&id, input_case(case));
    }
    for case in cases["output_cases"].as_array().unwrap() {
        let id = format!("output/{}", case["label"].as_str().unwrap());
        tally.check(&id, output_case(case));
    }
    wire(&mut tally).await;
    println!(
        "conformance current: {} passed, {} failed, {} known",
        tally.passed,
        tally.failed.len(),
        tally.known
    );
    for f in tally.failed.iter().take(40) {
        println!("FAIL {f}");
    }
    for k in &tally.known_passing {
        println!("KNOWN BUT PASSING {k}");
    }
    assert!(
        tally.failed.is_empty() && tally.known_passing.is_empty(),
        "{} failed, {} known failures pass",
        tally.failed.len(),
        tally.known_passing.len()
    );
}
