//! The REST inference request and response bodies, with the binary tensor data extension:
//! [`decode_request`] and [`encode_response`].

use std::ops::Range;

use serde_json::{Map, Value};

use super::skim::{array_items, object_fields};
use super::tensor::{decode_binary, decode_json, encode_binary, encode_json};
use super::{Datatype, InferInput, InferOutput, InferRequest, RequestedOutput};
use crate::error::{Error, Result};
use crate::limits::Limits;

/// The header giving the length of the JSON part of a body followed by binary tensor data.
pub const HEADER_LENGTH: &str = "inference-header-content-length";

/// Decode a REST inference request body: the JSON object (all of `body`, or its first
/// `header_length` bytes when the `Inference-Header-Content-Length` header gives one), and the
/// binary tensor data after it, taken in input order by each input's `binary_data_size`.
///
/// ```
/// use ndarray_descriptor::{DType, Limits, oip::decode_request};
/// let json = br#"{"id": "7", "inputs": [{"name": "input", "shape": [1, 2], "datatype": "FP32",
///     "parameters": {"binary_data_size": 8}}], "parameters": {"binary_data_output": true}}"#;
/// let mut body = json.to_vec();
/// body.extend([1.5f32, 2.5].iter().flat_map(|v| v.to_le_bytes()));
/// let req = decode_request(&body, Some(json.len()), &Limits::default())?;
/// assert_eq!(req.id.as_deref(), Some("7"));
/// assert!(req.binary_data_output()?);
/// assert_eq!(req.inputs[0].data.dtype(), DType::FLOAT32);
/// assert_eq!(req.inputs[0].data.shape(), &[1, 2]);
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// [`ErrorKind::BadInput`](crate::ErrorKind::BadInput), with what and where, for: a header
/// length past the end of the body; JSON that is not an inference request (`inputs` missing, a
/// field of the wrong type, a parameter that is not a string, number or boolean); an input with
/// both `data` and `binary_data_size`, or neither; binary sizes that run past the binary data or
/// do not add up to it; a parameter of an extension the crate does not serve (shared memory,
/// classification); and the tensor decoders' errors ([`decode_json`], [`decode_binary`]).
/// Limit errors as the tensor decoders'.
pub fn decode_request(
    body: &[u8],
    header_length: Option<usize>,
    limits: &Limits,
) -> Result<InferRequest> {
    limits.check_body(body.len())?;
    let (json, binary) = match header_length {
        None => (body, &body[body.len()..]),
        Some(h) if h <= body.len() => body.split_at(h),
        Some(h) => {
            return Err(Error::bad_input(format!(
                "Inference-Header-Content-Length {h} is past the end of the {}-byte body",
                body.len()
            )));
        }
    };
    let mut id = None;
    let mut parameters = Map::new();
    let mut inputs_span = None;
    let mut outputs = None;
    for (key, span) in object_fields(json, 0)? {
        let text = &json[span.clone()];
        match &*key {
            "id" => id = Some(parse::<String>(text, "'id'", "a string")?),
            "parameters" => parameters = parse_parameters(text, "the request")?,
            "inputs" => inputs_span = Some(span),
            "outputs" => outputs = Some(parse_outputs(text)?),
            _ => ignore(text, &key)?,
        }
    }
    let inputs_span =
        inputs_span.ok_or_else(|| Error::bad_input("the inference request has no 'inputs'"))?;
    let mut binary_left = binary;
    let mut inputs = Vec::new();
    for item in array_items(&json[inputs_span.clone()], inputs_span.start)? {
        let item = (inputs_span.start + item.start)..(inputs_span.start + item.end);
        inputs.push(decode_input(
            json,
            item,
            &mut binary_left,
            header_length.is_some(),
            limits,
        )?);
    }
    if !binary_left.is_empty() {
        return Err(Error::bad_input(format!(
            "the request has {} bytes of binary data but its inputs' binary_data_size add up to {}",
            binary.len(),
            binary.len() - binary_left.len()
        )));
    }
    check_extensions(&parameters, "the request")?;
    Ok(InferRequest {
        id,
        parameters,
        inputs,
        outputs,
    })
}

/// One item of `inputs`: its fields, then its data from JSON or the next binary bytes.
fn decode_input(
    json: &[u8],
    item: Range<usize>,
    binary: &mut &[u8],
    has_header: bool,
    limits: &Limits,
) -> Result<InferInput> {
    let (mut name, mut shape, mut datatype, mut parameters, mut data) =
        (None, None, None, Map::new(), None);
    for (key, span) in object_fields(&json[item.clone()], item.start)? {
        let span = (item.start + span.start)..(item.start + span.end);
        let text = &json[span.clone()];
        match &*key {
            "name" => name = Some(parse::<String>(text, "an input's 'name'", "a string")?),
            "shape" => {
                shape = Some(parse::<Vec<u64>>(
                    text,
                    "an input's 'shape'",
                    "a list of non-negative integers",
                )?)
            }
            "datatype" => {
                let s = parse::<String>(text, "an input's 'datatype'", "a string")?;
                datatype = Some(Datatype::parse(&s)?);
            }
            "parameters" => parameters = parse_parameters(text, "an input")?,
            "data" => data = Some(span),
            _ => ignore(text, &key)?,
        }
    }
    let name = name.ok_or_else(|| Error::bad_input("an input has no 'name'"))?;
    let missing = |what: &str| Error::bad_input(format!("input '{name}' has no '{what}'"));
    let shape = shape.ok_or_else(|| missing("shape"))?;
    let datatype = datatype.ok_or_else(|| missing("datatype"))?;
    let shape: Vec<usize> = shape
        .iter()
        .map(|&d| usize::try_from(d))
        .collect::<std::result::Result<_, _>>()
        .map_err(|_| {
            Error::limit_exceeded(format!("input '{name}': shape {shape:?} is too big"))
        })?;
    check_extensions(&parameters, &format!("input '{name}'"))?;
    let in_context = |e: Error| Error::new(e.kind(), format!("input '{name}': {}", e.message()));
    let size = match parameters.get("binary_data_size") {
        None => None,
        Some(v) => Some(
            v.as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| {
                    Error::bad_input(format!(
                        "input '{name}': binary_data_size must be a non-negative integer, got {v}"
                    ))
                })?,
        ),
    };
    let data = match (data, size) {
        (Some(_), Some(_)) => {
            return Err(Error::bad_input(format!(
                "input '{name}' has both 'data' and binary_data_size"
            )));
        }
        (None, None) => return Err(missing("data")),
        (Some(span), None) => {
            decode_json(&json[span], datatype, &shape, limits).map_err(in_context)?
        }
        (None, Some(size)) => {
            if !has_header {
                return Err(Error::bad_input(format!(
                    "input '{name}' has binary_data_size but the request has no \
                     Inference-Header-Content-Length header"
                )));
            }
            if size > binary.len() {
                return Err(Error::bad_input(format!(
                    "input '{name}': binary_data_size {size} is past the end of the binary data \
                     ({} bytes left)",
                    binary.len()
                )));
            }
            let (bytes, rest) = binary.split_at(size);
            *binary = rest;
            decode_binary(bytes, datatype, &shape, limits).map_err(in_context)?
        }
    };
    Ok(InferInput {
        name,
        datatype,
        parameters,
        data,
    })
}

fn parse<'de, T: serde::Deserialize<'de>>(text: &'de [u8], what: &str, want: &str) -> Result<T> {
    serde_json::from_slice(text).map_err(|e| {
        if e.is_data() {
            Error::bad_input(format!("{what} must be {want}"))
        } else {
            Error::bad_input(format!("invalid JSON in {what}: {e}"))
        }
    })
}

/// A field the protocol does not define: checked to be JSON, then ignored.
fn ignore(text: &[u8], key: &str) -> Result<()> {
    serde_json::from_slice::<serde::de::IgnoredAny>(text)
        .map(drop)
        .map_err(|e| Error::bad_input(format!("invalid JSON in '{key}': {e}")))
}

/// A `parameters` object: every value a string, a number or a boolean, as the protocol says.
fn parse_parameters(text: &[u8], owner: &str) -> Result<Map<String, Value>> {
    let map: Map<String, Value> = parse(text, &format!("the parameters of {owner}"), "an object")?;
    for (k, v) in &map {
        if !matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_)) {
            return Err(Error::bad_input(format!(
                "parameter '{k}' of {owner} must be a string, a number or a boolean"
            )));
        }
    }
    Ok(map)
}

fn parse_outputs(text: &[u8]) -> Result<Vec<RequestedOutput>> {
    #[derive(serde::Deserialize)]
    struct Raw {
        name: String,
        #[serde(default)]
        parameters: Option<Value>,
    }
    let raw: Vec<Raw> = parse(text, "'outputs'", "a list of objects with a 'name'")?;
    raw.into_iter()
        .map(|o| {
            let owner = format!("output '{}'", o.name);
            let parameters = match o.parameters {
                None => Map::new(),
                Some(v) => parse_parameters(v.to_string().as_bytes(), &owner)?,
            };
            check_extensions(&parameters, &owner)?;
            let binary_data = match parameters.get("binary_data") {
                None => None,
                Some(Value::Bool(b)) => Some(*b),
                Some(v) => {
                    return Err(Error::bad_input(format!(
                        "{owner}: binary_data must be a boolean, got {v}"
                    )));
                }
            };
            Ok(RequestedOutput {
                name: o.name,
                binary_data,
                parameters,
            })
        })
        .collect()
}

/// Parameters of protocol extensions the crate does not serve are refused, not ignored: the
/// client would otherwise read an answer it did not ask for.
pub(super) fn check_extensions(parameters: &Map<String, Value>, owner: &str) -> Result<()> {
    for key in parameters.keys() {
        if key.starts_with("shared_memory_") {
            return Err(Error::bad_input(format!(
                "{owner}: the shared memory extension is not supported (parameter '{key}')"
            )));
        }
        if key == "classification" {
            return Err(Error::bad_input(format!(
                "{owner}: the classification extension is not supported"
            )));
        }
    }
    Ok(())
}

/// A REST inference response: the body, and the length of its JSON part when binary tensor
/// data follows it (the `Inference-Header-Content-Length` to answer with; the body's media type
/// is then `application/octet-stream`, else `application/json`).
#[derive(Debug, Clone, PartialEq)]
pub struct EncodedResponse {
    /// The whole body.
    pub body: Vec<u8>,
    /// The JSON part's length, when binary data follows it.
    pub header_length: Option<usize>,
}

/// Encode a REST inference response: `{"model_name", "id" (when the request had one),
/// "outputs": [...]}`, each output's data as a flat JSON `data` array or, when it is binary, as
/// `"parameters": {"binary_data_size": n}` with its bytes after the JSON, in output order.
/// There is no `model_version`: models are not versioned (the protocol asks such servers to
/// leave it out).
///
/// ```
/// use ndarray_descriptor::{DynArray, oip::{InferOutput, encode_response}};
/// let y = DynArray::from(ndarray::arr1(&[0i64, 2]).into_dyn());
/// let out = encode_response("classify", Some("7"), vec![InferOutput::new("output", y, false)])?;
/// assert_eq!(
///     out.body,
///     br#"{"model_name":"classify","id":"7","outputs":[{"name":"output","datatype":"INT64","shape":[2],"data":[0,2]}]}"#
/// );
/// assert_eq!(out.header_length, None);
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// As [`encode_json`] and [`encode_binary`].
pub fn encode_response(
    model_name: &str,
    id: Option<&str>,
    outputs: Vec<InferOutput>,
) -> Result<EncodedResponse> {
    let mut body = Vec::with_capacity(128);
    let mut binary = Vec::new();
    body.extend_from_slice(br#"{"model_name":"#);
    write_str(&mut body, model_name);
    if let Some(id) = id {
        body.extend_from_slice(br#","id":"#);
        write_str(&mut body, id);
    }
    body.extend_from_slice(br#","outputs":["#);
    let mut any_binary = false;
    for (i, out) in outputs.into_iter().enumerate() {
        if i > 0 {
            body.push(b',');
        }
        body.extend_from_slice(br#"{"name":"#);
        write_str(&mut body, &out.name);
        let datatype = Datatype::of(out.data.dtype()).map_or("", Datatype::as_str);
        body.extend_from_slice(br#","datatype":""#);
        body.extend_from_slice(datatype.as_bytes());
        body.extend_from_slice(br#"","shape":["#);
        for (j, d) in out.data.shape().iter().enumerate() {
            if j > 0 {
                body.push(b',');
            }
            body.extend_from_slice(itoa::Buffer::new().format(*d).as_bytes());
        }
        body.push(b']');
        if out.binary {
            any_binary = true;
            let before = binary.len();
            encode_binary(&out.data, &mut binary)?;
            body.extend_from_slice(br#","parameters":{"binary_data_size":"#);
            body.extend_from_slice(itoa::Buffer::new().format(binary.len() - before).as_bytes());
            body.extend_from_slice(b"}}");
        } else {
            body.extend_from_slice(br#","data":"#);
            encode_json(out.data, &mut body)?;
            body.push(b'}');
        }
    }
    body.extend_from_slice(b"]}");
    // An empty binary output (size 0) still makes the body a binary-extension body.
    if !any_binary {
        return Ok(EncodedResponse {
            body,
            header_length: None,
        });
    }
    let header_length = body.len();
    body.extend_from_slice(&binary);
    Ok(EncodedResponse {
        body,
        header_length: Some(header_length),
    })
}

fn write_str(out: &mut Vec<u8>, s: &str) {
    // serde_json's string writer: escapes what JSON requires, nothing else.
    serde_json::to_writer(&mut *out, s).expect("writing to a Vec cannot fail");
}

/// The REST error body: `{"error": "<message>"}`.
pub fn error_body(message: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(message.len() + 16);
    out.extend_from_slice(br#"{"error":"#);
    write_str(&mut out, message);
    out.push(b'}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::DynArray;
    use crate::dtype::DType;
    use crate::error::ErrorKind;

    fn lim() -> Limits {
        Limits::default()
    }

    /// A body of `json` followed by `binary`, with its header length.
    fn framed(json: &str, binary: &[u8]) -> (Vec<u8>, Option<usize>) {
        let mut body = json.as_bytes().to_vec();
        body.extend_from_slice(binary);
        (body, Some(json.len()))
    }

    fn f32_bytes(v: &[f32]) -> Vec<u8> {
        v.iter().flat_map(|x| x.to_le_bytes()).collect()
    }

    #[test]
    fn json_flat_and_nested_and_binary_give_the_same_array() {
        let flat = decode_request(
            br#"{"inputs": [{"name": "input", "shape": [2, 2], "datatype": "FP32", "data": [1, 2, 3, 4]}]}"#,
            None,
            &lim(),
        )
        .unwrap();
        let nested = decode_request(
            br#"{"inputs": [{"datatype": "FP32", "data": [[1, 2], [3, 4]], "shape": [2, 2], "name": "input"}]}"#,
            None,
            &lim(),
        )
        .unwrap();
        let (body, h) = framed(
            r#"{"inputs": [{"name": "input", "shape": [2, 2], "datatype": "FP32", "parameters": {"binary_data_size": 16}}]}"#,
            &f32_bytes(&[1.0, 2.0, 3.0, 4.0]),
        );
        let binary = decode_request(&body, h, &lim()).unwrap();
        assert_eq!(flat.inputs[0].data, nested.inputs[0].data);
        assert_eq!(flat.inputs[0].data, binary.inputs[0].data);
        assert_eq!(flat.inputs[0].data.dtype(), DType::FLOAT32);
        assert_eq!(binary.inputs[0].parameters["binary_data_size"], 16);
    }

    #[test]
    fn several_binary_inputs_are_taken_in_order_and_json_mixes_in() {
        let json = r#"{"id": "x", "model_name": "m", "inputs": [
            {"name": "a", "shape": [2], "datatype": "INT16", "parameters": {"binary_data_size": 4}},
            {"name": "b", "shape": [1], "datatype": "BOOL", "data": [true]},
            {"name": "c", "shape": [2], "datatype": "BYTES", "parameters": {"binary_data_size": 11}}],
            "outputs": [{"name": "output", "parameters": {"binary_data": true}}],
            "parameters": {"binary_data_output": false, "priority": 1, "tag": "t"}}"#;
        let mut bin = vec![1, 0, 2, 0];
        bin.extend_from_slice(b"\x03\0\0\0abc\0\0\0\0");
        let (body, h) = framed(json, &bin);
        let r = decode_request(&body, h, &lim()).unwrap();
        assert_eq!(r.id.as_deref(), Some("x"));
        assert_eq!(r.inputs.len(), 3);
        assert_eq!(
            r.inputs[0].data.as_array::<i16>().unwrap().as_slice(),
            Some(&[1i16, 2][..])
        );
        assert_eq!(
            r.inputs[1].data.as_array::<bool>().unwrap().as_slice(),
            Some(&[true][..])
        );
        let c = r.inputs[2].data.as_strings().unwrap();
        assert_eq!(c.iter().collect::<Vec<_>>(), ["abc", ""]);
        let outs = r.outputs.as_ref().unwrap();
        assert_eq!(
            (outs[0].name.as_str(), outs[0].binary_data),
            ("output", Some(true))
        );
        assert!(!r.binary_data_output().unwrap());
    }

    /// Every way the framing can break is a bad-input error naming what is wrong.
    #[test]
    fn broken_framing_is_a_clear_error() {
        let one = |size: &str| {
            format!(
                r#"{{"inputs": [{{"name": "input", "shape": [2], "datatype": "FP32", "parameters": {{"binary_data_size": {size}}}}}]}}"#
            )
        };
        let eight = f32_bytes(&[1.0, 2.0]);
        let cases: Vec<(Vec<u8>, Option<usize>, String)> = vec![
            (b"{}".to_vec(), Some(3), "Inference-Header-Content-Length 3 is past the end of the 2-byte body".into()),
            (
                framed(&one("8"), &eight[..4]).0,
                framed(&one("8"), &eight[..4]).1,
                "input 'input': binary_data_size 8 is past the end of the binary data (4 bytes left)".into(),
            ),
            (
                framed(&one("4"), &eight).0,
                framed(&one("4"), &eight).1,
                "input 'input': 4 bytes of FP32 data do not hold shape [2] (8 bytes expected)".into(),
            ),
            (
                framed(&one("8"), &[eight.clone(), vec![0; 3]].concat()).0,
                framed(&one("8"), &eight).1,
                "the request has 11 bytes of binary data but its inputs' binary_data_size add up to 8".into(),
            ),
            (
                one("8").into_bytes(),
                None,
                "input 'input' has binary_data_size but the request has no Inference-Header-Content-Length header".into(),
            ),
            (
                one("-8").into_bytes(),
                Some(one("-8").len()),
                "input 'input': binary_data_size must be a non-negative integer, got -8".into(),
            ),
            (
                br#"{"inputs": [{"name": "input", "shape": [1], "datatype": "FP32", "data": [1], "parameters": {"binary_data_size": 4}}]}"#.to_vec(),
                None,
                "input 'input' has both 'data' and binary_data_size".into(),
            ),
            (
                br#"{"inputs": [{"name": "input", "shape": [1], "datatype": "FP32"}]}"#.to_vec(),
                None,
                "input 'input' has no 'data'".into(),
            ),
            (br#"{"outputs": []}"#.to_vec(), None, "the inference request has no 'inputs'".into()),
            (
                br#"{"inputs": [], "parameters": {"a": [1]}}"#.to_vec(),
                None,
                "parameter 'a' of the request must be a string, a number or a boolean".into(),
            ),
            (
                br#"{"inputs": [{"name": "input", "shape": [-1], "datatype": "FP32", "data": []}]}"#.to_vec(),
                None,
                "an input's 'shape' must be a list of non-negative integers".into(),
            ),
            (
                br#"{"inputs": [{"name": "input", "shape": [1], "datatype": "FP33", "data": [1]}]}"#.to_vec(),
                None,
                "unknown datatype 'FP33'".into(),
            ),
            (
                br#"{"inputs": [{"name": "input", "shape": [1], "datatype": "FP32", "data": [1], "parameters": {"shared_memory_region": "r"}}]}"#.to_vec(),
                None,
                "input 'input': the shared memory extension is not supported (parameter 'shared_memory_region')".into(),
            ),
            (
                br#"{"inputs": [], "outputs": [{"name": "output", "parameters": {"classification": 3}}]}"#.to_vec(),
                None,
                "output 'output': the classification extension is not supported".into(),
            ),
            (
                br#"{"id": 5, "inputs": []}"#.to_vec(),
                None,
                "'id' must be a string".into(),
            ),
            (
                br#"{"inputs": [{"name": "input", "shape": [1], "datatype": "FP32", "data": [1, }]}]}"#.to_vec(),
                None,
                "invalid JSON in the inference request at byte 78: unexpected text after the value".into(),
            ),
            (
                br#"{"inputs": [{"name": "input", "shape": [1], "datatype": "FP32", "data": [1, x]}]}"#.to_vec(),
                None,
                "input 'input': ".into(),
            ),
        ];
        for (body, h, msg) in cases {
            let e = decode_request(&body, h, &lim()).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::BadInput, "{msg}");
            assert!(
                e.message() == msg || (msg.ends_with(": ") && e.message().starts_with(&msg)),
                "{}\n  got: {}",
                msg,
                e.message()
            );
        }
    }

    #[test]
    fn shapes_past_the_limits_are_refused_before_allocating() {
        let body = br#"{"inputs": [{"name": "input", "shape": [4294967296, 4294967296, 4294967296], "datatype": "BYTES", "parameters": {"binary_data_size": 4}}]}"#;
        let mut with = body.to_vec();
        with.extend_from_slice(&[0; 4]);
        let e = decode_request(&with, Some(body.len()), &lim()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded, "{}", e.message());
        let small = lim().with_max_elements(3);
        let e = decode_request(
            br#"{"inputs": [{"name": "input", "shape": [4], "datatype": "INT8", "data": [1, 2, 3, 4]}]}"#,
            None,
            &small,
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
    }

    #[test]
    fn responses_in_json_and_binary() {
        let y = DynArray::from(ndarray::arr2(&[[0.5f32, 1.0]]).into_dyn());
        let out = encode_response(
            "m",
            None,
            vec![InferOutput::new("output", y.clone(), false)],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out.body).unwrap(),
            r#"{"model_name":"m","outputs":[{"name":"output","datatype":"FP32","shape":[1,2],"data":[0.5,1.0]}]}"#
        );
        let out =
            encode_response("m", Some("q\""), vec![InferOutput::new("output", y, true)]).unwrap();
        let h = out.header_length.unwrap();
        assert_eq!(
            std::str::from_utf8(&out.body[..h]).unwrap(),
            r#"{"model_name":"m","id":"q\"","outputs":[{"name":"output","datatype":"FP32","shape":[1,2],"parameters":{"binary_data_size":8}}]}"#
        );
        assert_eq!(&out.body[h..], &f32_bytes(&[0.5, 1.0])[..]);
        let empty = DynArray::from(ndarray::ArrayD::<i64>::zeros(vec![0]));
        let out =
            encode_response("m", None, vec![InferOutput::new("output", empty, true)]).unwrap();
        assert_eq!(
            out.header_length,
            Some(out.body.len()),
            "an empty binary output"
        );
        assert_eq!(error_body("a \"b\""), br#"{"error":"a \"b\""}"#);
    }
}
