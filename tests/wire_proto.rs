//! Wire test of the protobuf transport against BentoML 1.4: the generated
//! `bentoml.grpc.{v1,v1alpha1}` types encode exactly the bytes BentoML writes (vectors from
//! `conformance/proto_encode.json`), their field numbers and the dtype tables agree with the
//! `.proto` files, `serialized_bytes` decodes without copying, and `proto::encode` refuses the
//! dtypes outside the reference's table with its message. Hostile protobuf input is in
//! `hostile.rs`.

use bytes::Bytes;
use ndarray_descriptor::proto::tables::ValuesField;
use ndarray_descriptor::proto::{v1, v1alpha1};
use prost::Message;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    assert!(s.len().is_multiple_of(2), "odd hex length");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

fn v1_array(dtype: v1::nd_array::DType, shape: &[i32]) -> v1::NdArray {
    v1::NdArray {
        dtype: dtype as i32,
        shape: shape.to_vec(),
        ..Default::default()
    }
}

/// The message from the brief: float32 `[1.0, 2.5]`, shape `[2]`. No vector has
/// exactly these values, so the expected bytes are spelled out field by field
/// from WIRE.md §2; the reference-produced vectors follow in the next test.
#[test]
fn v1_float_pair_matches_wire_md_layout() {
    let msg = v1::NdArray {
        float_values: vec![1.0, 2.5],
        ..v1_array(v1::nd_array::DType::DtypeFloat, &[2])
    };
    let expect = concat!(
        "0801",   // dtype (1, varint) = DTYPE_FLOAT
        "120102", // shape (2, packed) = [2]
        "1a08",   // float_values (3, packed), 8 bytes
        "0000803f0000",
        "2040", // 1.0f32, 2.5f32 little-endian
    );
    assert_eq!(hex(&msg.encode_to_vec()), expect);
    assert_eq!(msg.encoded_len(), expect.len() / 2);
}

/// Reference bytes (`expect_hex` of `SerializeToString(deterministic=True)`,
/// BentoML 1.4.39, protobuf 4.25.9 upb), one case per value field.
#[test]
fn v1_matches_reference_vectors() {
    use v1::nd_array::DType;
    let cases: Vec<(&str, v1::NdArray, &str)> = vec![
        (
            "pe/f4",
            v1::NdArray {
                float_values: vec![1.5, -2.25, 0.1],
                ..v1_array(DType::DtypeFloat, &[3])
            },
            "08011201031a0c0000c03f000010c0cdcccc3d",
        ),
        (
            "pe/f4_2x3",
            v1::NdArray {
                float_values: vec![0.0, 0.25, 0.5, 0.75, 1.0, 1.25],
                ..v1_array(DType::DtypeFloat, &[2, 3])
            },
            "0801120202031a18000000000000803e0000003f0000403f0000803f0000a03f",
        ),
        (
            "pe/f8",
            v1::NdArray {
                double_values: vec![1.5, -2.25, 0.1, 1e300],
                ..v1_array(DType::DtypeDouble, &[4])
            },
            "08021201042220000000000000f83f00000000000002c09a9999999999b93f9c7500883ce4377e",
        ),
        (
            "pe/i4",
            v1::NdArray {
                int32_values: vec![0, -1, i32::MAX, i32::MIN],
                ..v1_array(DType::DtypeInt32, &[4])
            },
            "08041201043a1a00ffffffffffffffffff01ffffffff0780808080f8ffffffff01",
        ),
        (
            "pe/i8",
            v1::NdArray {
                int64_values: vec![0, -1, i64::MAX, i64::MIN],
                ..v1_array(DType::DtypeInt64, &[4])
            },
            "0805120104421e00ffffffffffffffffff01ffffffffffffffff7f80808080808080808001",
        ),
        (
            "pe/u4",
            v1::NdArray {
                uint32_values: vec![0, 1, 128, u32::MAX],
                ..v1_array(DType::DtypeUint32, &[4])
            },
            "08061201044a0900018001ffffffff0f",
        ),
        (
            "pe/u8",
            v1::NdArray {
                uint64_values: vec![0, 127, 128, u64::MAX],
                ..v1_array(DType::DtypeUint64, &[4])
            },
            "0807120104520e007f8001ffffffffffffffffff01",
        ),
        (
            "pe/bool",
            v1::NdArray {
                bool_values: vec![true, false, true],
                ..v1_array(DType::DtypeBool, &[3])
            },
            "08031201033203010001",
        ),
        (
            "pe/0d_f8",
            v1::NdArray {
                double_values: vec![3.5],
                ..v1_array(DType::DtypeDouble, &[])
            },
            "080222080000000000000c40",
        ),
        (
            "pe/empty_i8_0x3",
            v1_array(DType::DtypeInt64, &[0, 3]),
            "080512020003",
        ),
    ];
    for (id, msg, expect) in cases {
        let bytes = msg.encode_to_vec();
        assert_eq!(hex(&bytes), expect, "{id}");
        assert_eq!(v1::NdArray::decode(&bytes[..]).unwrap(), msg, "{id}");

        // v1alpha1: same message, same bytes.
        let alpha = v1alpha1::NdArray::decode(&bytes[..]).unwrap();
        assert_eq!(hex(&alpha.encode_to_vec()), expect, "{id} (v1alpha1)");
        assert_eq!(alpha.dtype, msg.dtype, "{id}");
    }
}

#[test]
fn v1alpha1_builds_and_encodes_the_same_bytes() {
    let alpha = v1alpha1::NdArray {
        dtype: v1alpha1::nd_array::DType::DtypeFloat as i32,
        shape: vec![2],
        float_values: vec![1.0, 2.5],
        ..Default::default()
    };
    let v1 = v1::NdArray {
        float_values: vec![1.0, 2.5],
        ..v1_array(v1::nd_array::DType::DtypeFloat, &[2])
    };
    assert_eq!(alpha.encode_to_vec(), v1.encode_to_vec());

    let req = |content| v1alpha1::Request {
        api_name: "predict".into(),
        content: Some(content),
    };
    let v1_req = v1::Request {
        api_name: "predict".into(),
        content: Some(v1::request::Content::Ndarray(v1)),
    };
    assert_eq!(
        req(v1alpha1::request::Content::Ndarray(alpha)).encode_to_vec(),
        v1_req.encode_to_vec()
    );
}

#[test]
fn request_and_response_field_numbers() {
    let arr = v1::NdArray {
        float_values: vec![1.0, 2.5],
        ..v1_array(v1::nd_array::DType::DtypeFloat, &[2])
    };
    let arr_bytes = arr.encode_to_vec();
    let (arr_hex, arr_len) = (hex(&arr_bytes), arr_bytes.len());
    assert_eq!(arr_len, 15);
    let req = v1::Request {
        api_name: "f".into(),
        content: Some(v1::request::Content::Ndarray(arr.clone())),
    };
    // api_name 1 ("0a"), ndarray 3 ("1a").
    assert_eq!(
        hex(&req.encode_to_vec()),
        format!("0a01661a{arr_len:02x}{arr_hex}")
    );
    let resp = v1::Response {
        content: Some(v1::response::Content::Ndarray(arr)),
    };
    // ndarray 1 ("0a").
    assert_eq!(
        hex(&resp.encode_to_vec()),
        format!("0a{arr_len:02x}{arr_hex}")
    );
    let resp = v1::Response {
        content: Some(v1::response::Content::SerializedBytes(Bytes::from_static(
            b"\x01\x02",
        ))),
    };
    // serialized_bytes 2 ("12").
    assert_eq!(hex(&resp.encode_to_vec()), "12020102");
}

#[test]
fn serialized_bytes_decode_without_copying() {
    let payload: [u8; 8] = [0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0x40];
    let req = v1::Request {
        api_name: "predict".into(),
        content: Some(v1::request::Content::SerializedBytes(
            Bytes::copy_from_slice(&payload),
        )),
    };
    let wire = Bytes::from(req.encode_to_vec());
    // api_name 1, then serialized_bytes 2 ("12", length 8).
    assert_eq!(
        hex(&wire),
        concat!("0a07", "70726564696374", "1208", "0000803f00002040")
    );

    let decoded = v1::Request::decode(wire.clone()).unwrap();
    let Some(v1::request::Content::SerializedBytes(got)) = decoded.content else {
        panic!("expected serialized_bytes, got {:?}", decoded.content);
    };
    assert_eq!(&got[..], &payload[..]);
    // Zero-copy: the field is a slice of the input buffer, not a new allocation.
    let range = wire.as_ptr_range();
    assert!(range.contains(&got.as_ptr()), "serialized_bytes was copied");
    assert_eq!(got.as_ptr(), wire[wire.len() - 8..].as_ptr());

    // Same for v1alpha1.
    let decoded = v1alpha1::Request::decode(wire.clone()).unwrap();
    let Some(v1alpha1::request::Content::SerializedBytes(got)) = decoded.content else {
        panic!("expected serialized_bytes");
    };
    assert!(
        range.contains(&got.as_ptr()),
        "v1alpha1 serialized_bytes was copied"
    );
}

#[test]
fn tables_agree_with_generated_enum() {
    for f in ValuesField::ALL {
        let d = v1::nd_array::DType::try_from(f.dtype_enum()).unwrap();
        assert_eq!(d.as_str_name(), f.dtype_enum_name());
        let a = v1alpha1::nd_array::DType::try_from(f.dtype_enum()).unwrap();
        assert_eq!(a.as_str_name(), f.dtype_enum_name());
    }
    assert!(v1::nd_array::DType::try_from(9).is_err());
}

/// Setting exactly one field yields one record with the table's field number and wire type
/// (`dtype` a varint, `shape` and every value field length-delimited), and prost reads each
/// value field's unpacked form, one element with its own wire type, into that field.
#[test]
fn tables_agree_with_generated_field_numbers() {
    use ndarray_descriptor::proto::tables::{
        DTYPE_FIELD_NUMBER, SHAPE_FIELD_NUMBER, WIRE_FIXED32, WIRE_FIXED64, WIRE_LEN, WIRE_VARINT,
    };
    let key = |field: u32, wire: u32| (field << 3) | wire;
    let first = |m: v1::NdArray| u32::from(m.encode_to_vec()[0]);
    assert_eq!(
        first(v1_array(v1::nd_array::DType::DtypeFloat, &[])),
        key(DTYPE_FIELD_NUMBER, WIRE_VARINT)
    );
    assert_eq!(
        first(v1_array(v1::nd_array::DType::DtypeUnspecified, &[2])),
        key(SHAPE_FIELD_NUMBER, WIRE_LEN)
    );
    let values = |m: &v1::NdArray, f: ValuesField| match f {
        ValuesField::Float => m.float_values.len(),
        ValuesField::Double => m.double_values.len(),
        ValuesField::String => m.string_values.len(),
        ValuesField::Bool => m.bool_values.len(),
        ValuesField::Int32 => m.int32_values.len(),
        ValuesField::Int64 => m.int64_values.len(),
        ValuesField::Uint32 => m.uint32_values.len(),
        ValuesField::Uint64 => m.uint64_values.len(),
    };
    for f in ValuesField::ALL {
        let mut m = v1::NdArray::default();
        let (wire, element): (u32, &[u8]) = match f {
            ValuesField::Float => {
                m.float_values.push(1.0);
                (WIRE_FIXED32, &[0, 0, 0x80, 0x3f])
            }
            ValuesField::Double => {
                m.double_values.push(1.0);
                (WIRE_FIXED64, &[0, 0, 0, 0, 0, 0, 0xf0, 0x3f])
            }
            ValuesField::String => {
                m.string_values.push("a".into());
                (WIRE_LEN, b"\x01a")
            }
            ValuesField::Bool => {
                m.bool_values.push(true);
                (WIRE_VARINT, &[1])
            }
            ValuesField::Int32 => {
                m.int32_values.push(1);
                (WIRE_VARINT, &[1])
            }
            ValuesField::Int64 => {
                m.int64_values.push(1);
                (WIRE_VARINT, &[1])
            }
            ValuesField::Uint32 => {
                m.uint32_values.push(1);
                (WIRE_VARINT, &[1])
            }
            ValuesField::Uint64 => {
                m.uint64_values.push(1);
                (WIRE_VARINT, &[1])
            }
        };
        // Every value field is length-delimited (packed or string).
        let packed = m.encode_to_vec();
        assert_eq!(
            u32::from(packed[0]),
            key(f.field_number(), WIRE_LEN),
            "{f:?}"
        );
        let mut unpacked = vec![key(f.field_number(), wire) as u8];
        unpacked.extend_from_slice(element);
        let back = v1::NdArray::decode(&unpacked[..]).unwrap();
        assert_eq!(back, m, "{f:?}");
        assert_eq!(values(&back, f), 1, "{f:?}");
    }
}

/// Every byte string the reference wrote (`expect_hex` in proto_encode, and
/// `message_hex` of encoder-made proto_decode cases) parses as our v1 and
/// v1alpha1 `NDArray` and re-encodes to the same bytes.
///
/// Vectors come from `NDARRAY_CONFORMANCE_DIR`, else `tests/conformance/vectors/` (committed
/// with the crate, so it is always there).
#[test]
fn reference_bytes_round_trip() {
    let dir = std::env::var_os("NDARRAY_CONFORMANCE_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/vectors")
        });
    let mut checked = 0;
    for (file, key) in [
        ("proto_encode.json", "expect_hex"),
        ("proto_decode.json", "message_hex"),
    ] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            if file == "proto_decode.json" && case["origin"] != "encoder" {
                continue;
            }
            let Some(h) = case[key].as_str() else {
                continue;
            };
            let id = case["id"].as_str().unwrap();
            let bytes = unhex(h);
            let m = v1::NdArray::decode(&bytes[..]).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(hex(&m.encode_to_vec()), h, "{id}");
            let a = v1alpha1::NdArray::decode(&bytes[..]).unwrap_or_else(|e| panic!("{id}: {e}"));
            assert_eq!(hex(&a.encode_to_vec()), h, "{id} (v1alpha1)");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} cases checked");
    eprintln!("{checked} reference messages round-tripped");
}

#[test]
fn encode_refuses_dtypes_outside_the_table() {
    use ndarray::{ArrayD, IxDyn};
    use ndarray_descriptor::{DynArray, ErrorKind, proto};
    let cases: Vec<(DynArray, &str)> = vec![
        (DynArray::from(ArrayD::<i8>::zeros(IxDyn(&[2]))), "int8"),
        (DynArray::from(ArrayD::<u16>::zeros(IxDyn(&[2]))), "uint16"),
        (
            DynArray::from(ArrayD::from_elem(IxDyn(&[2]), half::f16::ZERO)),
            "float16",
        ),
        (
            DynArray::from(ArrayD::from_elem(IxDyn(&[2]), "héllo".to_string())),
            "<U5",
        ),
    ];
    for (arr, shown) in cases {
        let e = proto::encode(&arr).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadInput);
        assert_eq!(
            e.message(),
            format!("Unsupported dtype '{shown}' for response message.")
        );
    }
}
