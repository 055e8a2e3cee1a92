//! The fuzz targets' bodies, shared by the libFuzzer crate in `fuzz/` (which includes this file
//! by path) and by `tests/regression.rs` (which replays every saved input through the same
//! function), so a crash found by fuzzing is replayed by `cargo test` exactly as it was found.
//!
//! Each function takes the fuzzer's raw bytes, must never panic on any input, and panics (an
//! `assert!`) only when a property is broken: a decode that succeeds must survive
//! decode → encode → decode unchanged (NaN payloads aside), and `validate` must be idempotent.
//!
//! Input layout, so that one byte string carries what the bytes cannot say themselves:
//! - `json`: byte 0 picks the dtype hint from [`DTYPES`] (0 = none), byte 1 the descriptor's
//!   shape from [`SHAPES`] and its enforce flags (bits 4 and 5); the rest is the body.
//! - `raw`: byte 0 picks the descriptor dtype (required: `serialized_bytes` needs one); the
//!   rest is the payload.
//! - `proto`, `npy`, `spec`: the whole input is the message / file / spec JSON.
//! - `tensors`: bytes 0 and 1 as for `json` (the field's dtype and shape), the rest a
//!   current-style body `{"x": ...}`, read both as JSON and as a URL-encoded form.
//! - `oip`: byte 0 picks the Open Inference Protocol decoder (mod 3): 0 a REST body with no
//!   binary data, 1 a REST body whose JSON part is as long as bytes 1–2 say (little-endian), 2 a
//!   gRPC `ModelInferRequest` message; the rest is the body or message.

#![allow(dead_code)]

use ndarray_descriptor::{ArrayData, ByteOrder, DType, DynArray, Limits, NumpyNdarray};

/// The dtypes a selector byte can pick (index + 1; 0 is "no dtype").
pub const DTYPES: &[&str] = &[
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float16",
    "float32", "float64", ">i2", ">i4", ">i8", ">u2", ">u4", ">u8", ">f2", ">f4", ">f8", "str",
    "<U1", "<U3", "<U8", ">U4",
];

/// The descriptor shapes a selector picks (index; `None` is no shape).
pub const SHAPES: &[Option<&[i64]>] = &[
    None,
    Some(&[-1]),
    Some(&[2, -1]),
    Some(&[-1, 2]),
    Some(&[3]),
    Some(&[2, 2]),
    Some(&[0]),
    Some(&[]),
    Some(&[1, -1, 1]),
    Some(&[-1, -1]),
    Some(&[4]),
    Some(&[2, 3]),
];

/// The limits every target decodes with: the defaults, so the configuration servers run with is
/// the one fuzzed.
pub fn limits() -> Limits {
    Limits::default()
}

/// The dtype selector byte `sel` picks (`None` for "no dtype").
pub fn dtype_of(sel: u8) -> Option<DType> {
    let i = usize::from(sel) % (DTYPES.len() + 1);
    if i == 0 {
        return None;
    }
    Some(DType::parse(DTYPES[i - 1]).expect("the DTYPES table holds valid spellings"))
}

/// The selector byte for `dtype` (0 when the table does not hold it), for seed writers.
pub fn dtype_selector(dtype: Option<DType>) -> u8 {
    let Some(dt) = dtype else { return 0 };
    (1..=DTYPES.len())
        .find(|&i| dtype_of(i as u8) == Some(dt))
        .map_or(0, |i| i as u8)
}

/// The descriptor a (dtype, shape/flags) selector pair picks.
pub fn descriptor(dsel: u8, ssel: u8) -> NumpyNdarray {
    let mut b = NumpyNdarray::builder()
        .enforce_dtype(ssel & 0x10 != 0)
        .enforce_shape(ssel & 0x20 != 0);
    if let Some(dt) = dtype_of(dsel) {
        b = b.dtype(dt);
    }
    if let Some(shape) = SHAPES[usize::from(ssel & 0x0f) % SHAPES.len()] {
        b = b.shape(shape.to_vec());
    }
    b.build().expect("table descriptors are valid")
}

/// Equal dtype, shape and elements, floats compared bit for bit except that any NaN equals any
/// NaN (no transport promises NaN payloads).
pub fn same(a: &DynArray, b: &DynArray) -> bool {
    fn eq<T: PartialEq>(x: &ndarray::ArrayD<T>, y: &ndarray::ArrayD<T>) -> bool {
        x == y
    }
    fn feq<T: Copy, B: PartialEq>(
        x: &ndarray::ArrayD<T>,
        y: &ndarray::ArrayD<T>,
        nan: impl Fn(T) -> bool,
        bits: impl Fn(T) -> B,
    ) -> bool {
        x.shape() == y.shape()
            && x.iter()
                .zip(y.iter())
                .all(|(&p, &q)| (nan(p) && nan(q)) || bits(p) == bits(q))
    }
    if a.dtype() != b.dtype() || a.shape() != b.shape() {
        return false;
    }
    match (a.data(), b.data()) {
        (ArrayData::Float16(x), ArrayData::Float16(y)) => {
            feq(x, y, |v: half::f16| v.is_nan(), half::f16::to_bits)
        }
        (ArrayData::Float32(x), ArrayData::Float32(y)) => feq(x, y, f32::is_nan, f32::to_bits),
        (ArrayData::Float64(x), ArrayData::Float64(y)) => feq(x, y, f64::is_nan, f64::to_bits),
        (ArrayData::Bool(x), ArrayData::Bool(y)) => eq(x, y),
        (ArrayData::Int8(x), ArrayData::Int8(y)) => eq(x, y),
        (ArrayData::Int16(x), ArrayData::Int16(y)) => eq(x, y),
        (ArrayData::Int32(x), ArrayData::Int32(y)) => eq(x, y),
        (ArrayData::Int64(x), ArrayData::Int64(y)) => eq(x, y),
        (ArrayData::UInt8(x), ArrayData::UInt8(y)) => eq(x, y),
        (ArrayData::UInt16(x), ArrayData::UInt16(y)) => eq(x, y),
        (ArrayData::UInt32(x), ArrayData::UInt32(y)) => eq(x, y),
        (ArrayData::UInt64(x), ArrayData::UInt64(y)) => eq(x, y),
        (ArrayData::Str(x), ArrayData::Str(y)) => x == y,
        _ => false,
    }
}

/// `validate` applied twice gives what it gave once.
fn check_validate_idempotent(desc: &NumpyNdarray, arr: DynArray) {
    if let Ok(once) = desc.validate(arr) {
        let twice = desc
            .validate(once.clone())
            .expect("validate accepted its own output");
        assert!(
            same(&once, &twice),
            "validate is not idempotent: {once:?} then {twice:?}"
        );
    }
}

/// JSON has no way to say "shape (0, 3)": `[]` reads back as shape (0,). An array with a zero
/// dimension round-trips only up to that dimension's position.
fn json_shape_survives(shape: &[usize]) -> bool {
    match shape.iter().position(|&d| d == 0) {
        Some(i) => i + 1 == shape.len(),
        None => true,
    }
}

/// The JSON body target: `json::decode` with a hint, `NumpyNdarray::from_json`, and the round
/// trip through `json::encode`.
pub fn json(data: &[u8]) {
    let [dsel, ssel, body @ ..] = data else {
        return;
    };
    let desc = descriptor(*dsel, *ssel);
    let limits = limits();
    let Ok(arr) = ndarray_descriptor::json::decode(body, desc.dtype(), &limits) else {
        return;
    };
    if json_shape_survives(arr.shape()) {
        let text = ndarray_descriptor::json::encode(&arr).expect("a decoded array encodes");
        let back = ndarray_descriptor::json::decode(&text, Some(arr.dtype()), &limits)
            .expect("the encoder's output decodes");
        assert!(
            same(&arr, &back),
            "JSON round trip changed the array: {arr:?} -> {} -> {back:?}",
            String::from_utf8_lossy(&text)
        );
    }
    check_validate_idempotent(&desc, arr);
}

/// The `serialized_bytes` target: `raw::decode` with the selected dtype; encoding in the
/// dtype's own byte order gives the payload back byte for byte (bool: non-zero bytes are
/// `True`, written back as 1).
pub fn raw(data: &[u8]) {
    let [dsel, payload @ ..] = data else { return };
    // serialized_bytes requires a dtype: selector 0 also means the first table entry.
    let dt = dtype_of(*dsel).unwrap_or(DType::BOOL);
    let limits = limits();
    let Ok(arr) = ndarray_descriptor::raw::decode(payload, dt, &limits) else {
        return;
    };
    let out = ndarray_descriptor::raw::encode(&arr, dt.order()).expect("a decoded array encodes");
    if dt.scalar() == ndarray_descriptor::ScalarType::Bool {
        let norm: Vec<u8> = payload.iter().map(|&b| u8::from(b != 0)).collect();
        assert_eq!(out, norm, "raw bool round trip");
    } else {
        assert_eq!(out, payload, "raw round trip changed the bytes");
    }
    let back = ndarray_descriptor::raw::decode(&out, dt, &limits).expect("re-decode");
    assert!(same(&arr, &back), "raw round trip changed the array");
    let desc = NumpyNdarray::builder().dtype(dt).build().expect("valid");
    check_validate_idempotent(&desc, arr);
}

/// The `NDArray` protobuf target: `proto::decode`, and the round trip through
/// `proto::encode`.
pub fn proto(data: &[u8]) {
    let limits = limits();
    let Ok(arr) = ndarray_descriptor::proto::decode(data, &limits) else {
        return;
    };
    let bytes = match ndarray_descriptor::proto::encode(&arr) {
        Ok(bytes) => bytes,
        // string_values are read but never written: the reference's to_proto has no field for
        // a `U` dtype (its dtype → field map is numeric and bool only).
        Err(e) => {
            assert_eq!(
                arr.dtype().scalar(),
                ndarray_descriptor::ScalarType::Str,
                "a decoded {} array does not encode: {}",
                arr.dtype(),
                e.message()
            );
            return;
        }
    };
    let back =
        ndarray_descriptor::proto::decode(&bytes, &limits).expect("the encoder's output decodes");
    assert!(
        same(&arr, &back),
        "proto round trip changed the array: {arr:?} -> {back:?}"
    );
}

/// The `.npy` target: `npy::decode`, and the round trip through `npy::encode`.
pub fn npy(data: &[u8]) {
    let limits = limits();
    let Ok(arr) = ndarray_descriptor::npy::decode(data, &limits) else {
        return;
    };
    let bytes = ndarray_descriptor::npy::encode(&arr).expect("a decoded array encodes");
    let back =
        ndarray_descriptor::npy::decode(&bytes, &limits).expect("the encoder's output decodes");
    assert!(
        same(&arr, &back),
        "npy round trip changed the array: {arr:?} -> {back:?}"
    );
    // Both byte orders of the raw transport carry the decoded elements too.
    for order in [ByteOrder::Little, ByteOrder::Big] {
        let raw = ndarray_descriptor::raw::encode(&arr, order).expect("encodes");
        let dt = arr.dtype().with_byteorder(order);
        if dt.itemsize() == 0 {
            continue;
        }
        let flat = ndarray_descriptor::raw::decode(&raw, dt, &limits).expect("decodes");
        let back = flat.into_shape(arr.shape()).expect("same size");
        let back = if order == arr.dtype().order() {
            back
        } else {
            back.with_byteorder(arr.dtype().order())
        };
        assert!(
            same(&arr, &back),
            "raw {order:?} round trip of an npy array"
        );
    }
}

/// The `from_spec` target: a spec that builds writes a spec that builds the same descriptor
/// (when numpy's `dtype.name` can be read back, which `str256` and byte orders cannot).
pub fn spec(data: &[u8]) {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let Ok(desc) = NumpyNdarray::from_spec(&value) else {
        return;
    };
    let written = desc.to_spec();
    if let Ok(again) = NumpyNdarray::from_spec(&written) {
        assert_eq!(
            again.to_spec(),
            written,
            "to_spec / from_spec is not stable"
        );
        assert_eq!(again.shape(), desc.shape());
        assert_eq!(again.enforce_dtype(), desc.enforce_dtype());
        assert_eq!(again.enforce_shape(), desc.enforce_shape());
    }
    let typed = serde_json::to_value(desc.spec()).expect("a Spec serialises");
    assert_eq!(typed, written, "Spec and to_spec disagree");
}

/// The current-style body target: a JSON object body (and the same bytes as a URL-encoded
/// form) through `Api::decode_tensors` for one tensor field `x` of the selected dtype and
/// shape. Either the field's array or pydantic's error entries, never a panic; an array read
/// back from its own JSON in a body is the same array.
pub fn tensors(data: &[u8]) {
    use ndarray_descriptor::http::{Api, TensorField};
    let [dsel, ssel, body @ ..] = data else {
        return;
    };
    let api = Api::tensors(
        "t",
        [TensorField::new("x", descriptor(*dsel, *ssel))],
        NumpyNdarray::new(),
    );
    let _ = api.decode_tensor_form(body);
    let Ok(mut fields) = api.decode_tensors(body) else {
        return;
    };
    let arr = fields.take("x").expect("a decoded body holds its field");
    if json_shape_survives(arr.shape()) {
        let text = ndarray_descriptor::json::encode(&arr).expect("a decoded array encodes");
        let again = [&b"{\"x\": "[..], &text, b"}"].concat();
        let back = api
            .decode_tensors(&again)
            .unwrap_or_else(|e| panic!("the field's own JSON decodes: {}", e.body()))
            .take("x")
            .expect("the field");
        assert!(
            same(&arr, &back),
            "tensor field round trip changed the array: {arr:?} -> {} -> {back:?}",
            String::from_utf8_lossy(&again)
        );
    }
}

/// The Open Inference Protocol target: the REST decoder (with or without binary data) or the
/// gRPC one. Either a request or an error, never a panic; every decoded input's data survives
/// binary encode → decode, and JSON encode → decode, unchanged.
pub fn oip(data: &[u8]) {
    use ndarray_descriptor::oip::{self, Datatype};
    let [sel, rest @ ..] = data else {
        return;
    };
    let limits = Limits::default().with_max_elements(1 << 20);
    let decoded = match sel % 3 {
        0 => oip::decode_request(rest, None, &limits),
        1 => {
            let [a, b, body @ ..] = rest else {
                return;
            };
            let header = usize::from(u16::from_le_bytes([*a, *b]));
            oip::decode_request(body, Some(header), &limits)
        }
        _ => {
            use prost::Message;
            let Ok(msg) = oip::inference::ModelInferRequest::decode(rest) else {
                return;
            };
            oip::decode_infer_request(&msg, &limits)
        }
    };
    let Ok(req) = decoded else {
        return;
    };
    for input in req.inputs {
        let arr = input.data;
        let mut bytes = Vec::new();
        let datatype = oip::encode_binary(&arr, &mut bytes).expect("a decoded array encodes");
        // BF16 is read as float32: its array is written back as FP32.
        let expected = if input.datatype == Datatype::Bf16 {
            Datatype::Fp32
        } else {
            input.datatype
        };
        assert_eq!(datatype, expected, "the datatype changed");
        let back = oip::decode_binary(&bytes, datatype, arr.shape(), &limits)
            .expect("an array's own binary data decodes");
        assert!(
            same(&arr, &back),
            "binary round trip changed {arr:?} into {back:?}"
        );
        let mut text = Vec::new();
        oip::encode_json(arr.clone(), &mut text).expect("a decoded array encodes as JSON");
        let back = oip::decode_json(&text, datatype, arr.shape(), &limits)
            .unwrap_or_else(|e| panic!("its own JSON decodes: {}", e.message()));
        assert!(
            same(&arr, &back),
            "JSON round trip changed {arr:?} into {back:?}"
        );
    }
}

/// Run the target called `name` on `data`; `false` if there is no such target.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "json" => json(data),
        "raw" => raw(data),
        "proto" => proto(data),
        "npy" => npy(data),
        "spec" => spec(data),
        "tensors" => tensors(data),
        "oip" => oip(data),
        _ => return false,
    }
    true
}
