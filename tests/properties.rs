//! Property tests (proptest) over random arrays and descriptors:
//!
//! * every transport's encode → decode is the identity for every dtype it carries (NaN
//!   payloads aside): raw `serialized_bytes` in either byte order, `.npy`, protobuf (and the
//!   dtypes protobuf refuses are exactly those outside the reference's field table);
//! * every array the JSON encoder writes, in every style and non-finite policy, decodes (with
//!   the array's dtype as the hint, as a client that knows the descriptor does) back to the
//!   same dtype, shape and values: NaN payloads are not kept (any NaN equals any NaN),
//!   `NonFinite::Null` turns ±infinity into NaN, `NonFinite::Error` refuses non-finite arrays,
//!   and an empty array keeps its shape when only its last dimension is zero;
//! * `validate` is idempotent, and decoders given a valid encoding with one byte replaced
//!   decode or fail with a typed client error.
//!
//! The properties over all dtypes run 64 cases each (to stay quick on two cores); the JSON
//! round trips per element type run proptest's default number of cases.

#[path = "harness/mod.rs"]
mod harness;

use std::fmt::Debug;

use half::f16;
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::json::{self, EncodeOptions, JsonStyle, NonFinite};
use ndarray_descriptor::{
    ArrayData, ByteOrder, DType, DynArray, ErrorKind, Limits, NumpyNdarray, ScalarType, npy, proto,
    raw,
};
use proptest::prelude::*;

use harness::same;

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(64)
}

/// A random array of `scalar` with `shape`: numbers from raw bits (so NaN, infinities,
/// subnormals, extremes all occur), strings from a mix of ASCII, controls, quotes and astral
/// characters (no trailing NUL: numpy's `U` drops those, so they cannot round-trip anywhere).
fn build(scalar: ScalarType, shape: &[usize], bits: &[u64], strings: &[String]) -> DynArray {
    let n: usize = shape.iter().product();
    let take = |i: usize| bits[i % bits.len()];
    fn arr<T>(shape: &[usize], v: Vec<T>) -> ArrayD<T> {
        ArrayD::from_shape_vec(IxDyn(shape), v).expect("n elements")
    }
    macro_rules! num {
        ($f:expr) => {
            DynArray::from(arr(shape, (0..n).map(|i| $f(take(i))).collect()))
        };
    }
    match scalar {
        ScalarType::Bool => num!(|b: u64| b & 1 == 1),
        ScalarType::Int8 => num!(|b: u64| b as i8),
        ScalarType::Int16 => num!(|b: u64| b as i16),
        ScalarType::Int32 => num!(|b: u64| b as i32),
        ScalarType::Int64 => num!(|b: u64| b as i64),
        ScalarType::UInt8 => num!(|b: u64| b as u8),
        ScalarType::UInt16 => num!(|b: u64| b as u16),
        ScalarType::UInt32 => num!(|b: u64| b as u32),
        ScalarType::UInt64 => num!(|b: u64| b),
        ScalarType::Float16 => num!(|b: u64| f16::from_bits(b as u16)),
        ScalarType::Float32 => num!(|b: u64| f32::from_bits(b as u32)),
        ScalarType::Float64 => num!(|b: u64| f64::from_bits(b)),
        ScalarType::Str => {
            let v: Vec<String> = (0..n).map(|i| strings[i % strings.len()].clone()).collect();
            let width = v
                .iter()
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
                .max(1);
            DynArray::from_strings(arr(shape, v), width as u32)
        }
        other => panic!("no generator for scalar type {other:?}"),
    }
}

fn scalar() -> impl Strategy<Value = ScalarType> {
    proptest::sample::select(ScalarType::ALL.to_vec())
}

fn order() -> impl Strategy<Value = ByteOrder> {
    prop_oneof![Just(ByteOrder::Little), Just(ByteOrder::Big)]
}

fn shape() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(0usize..4, 0..4)
}

fn text() -> impl Strategy<Value = String> {
    "[a-z0-9 \"\\\\\u{1}\u{1f}\u{7f}é\u{2028}😀\u{0}]{0,6}"
        .prop_map(|s| s.trim_end_matches('\0').to_string())
}

/// An array of any dtype and byte order.
fn array() -> impl Strategy<Value = DynArray> {
    (
        scalar(),
        order(),
        shape(),
        proptest::collection::vec(any::<u64>(), 1..16),
        proptest::collection::vec(text(), 1..4),
    )
        .prop_map(|(s, o, shape, bits, strings)| {
            build(s, &shape, &bits, &strings).with_byteorder(o)
        })
}

/// The same elements under the other byte-order label (decoders label what they were told).
fn relabel(arr: DynArray, like: &DynArray) -> DynArray {
    arr.with_byteorder(like.dtype().order())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn raw_roundtrips_in_both_byte_orders(a in array(), o in order()) {
        let limits = Limits::default();
        let bytes = raw::encode(&a, o).unwrap();
        let dt = a.dtype().with_byteorder(o);
        if a.dtype().itemsize() == 0 {
            return Ok(());
        }
        let back = raw::decode(&bytes, dt, &limits).unwrap().into_shape(a.shape()).unwrap();
        prop_assert!(same(&a, &relabel(back, &a)), "{a:?}");
    }

    #[test]
    fn npy_roundtrips(a in array()) {
        let back = npy::decode(&npy::encode(&a).unwrap(), &Limits::default()).unwrap();
        prop_assert!(same(&a, &back), "{a:?} -> {back:?}");
    }

    #[test]
    fn proto_roundtrips_where_the_dtype_is_carried(a in array()) {
        match proto::encode(&a) {
            Ok(bytes) => {
                let back = proto::decode(&bytes, &Limits::default()).unwrap();
                // A 0-d array is written without a shape (the reference's `shape=[]`) and reads
                // back 1-D, as in BentoML.
                let back = if a.ndim() == 0 { back.into_shape(&[]).unwrap() } else { back };
                prop_assert!(same(&a, &relabel(back, &a)), "{a:?}");
            }
            Err(e) => {
                // The reference's dtype → field map (to_proto) holds the seven native dtypes
                // below: not float16, int8/int16, uint8/uint16, strings, nor `>i4` and friends.
                prop_assert!(e.is_client_error(), "{}", e.message());
                let carried = a.dtype().is_native()
                    && matches!(
                        a.dtype().scalar(),
                        ScalarType::Bool
                            | ScalarType::Int32
                            | ScalarType::Int64
                            | ScalarType::UInt32
                            | ScalarType::UInt64
                            | ScalarType::Float32
                            | ScalarType::Float64
                    );
                prop_assert!(!carried, "{:?} refused: {}", a.dtype(), e.message());
            }
        }
    }

    #[test]
    fn validate_is_idempotent(
        a in array(),
        dsel in any::<u8>(),
        dims in proptest::option::of(proptest::collection::vec(-1i64..4, 0..4)),
        enforce_dtype in any::<bool>(),
        enforce_shape in any::<bool>(),
    ) {
        let mut b = NumpyNdarray::builder().enforce_dtype(enforce_dtype).enforce_shape(enforce_shape);
        if let Some(dt) = harness::dtype_of(dsel) {
            b = b.dtype(dt);
        }
        if let Some(d) = dims {
            b = b.shape(d);
        }
        let desc = b.build().unwrap();
        if let Ok(once) = desc.validate(a) {
            let twice = desc.validate(once.clone());
            prop_assert!(twice.is_ok(), "validate refused its own output: {:?}", twice.err());
            prop_assert!(same(&once, &twice.unwrap()));
        }
    }

    #[test]
    fn decoders_never_panic_on_mutated_encodings(a in array(), at in any::<usize>(), byte in any::<u8>()) {
        // One byte of a valid encoding replaced: a clean decode or a typed client error.
        let limits = Limits::default();
        for mut bytes in [npy::encode(&a).unwrap(), json::encode(&a).unwrap()] {
            if bytes.is_empty() {
                continue;
            }
            let i = at % bytes.len();
            bytes[i] = byte;
            if let Err(e) = npy::decode(&bytes, &limits) {
                prop_assert!(e.is_client_error(), "{}", e.message());
            }
            if let Err(e) = json::decode(&bytes, Some(a.dtype()), &limits) {
                prop_assert!(e.is_client_error(), "{}", e.message());
            }
            if let Err(e) = proto::decode(&bytes, &limits) {
                prop_assert!(e.is_client_error(), "{}", e.message());
            }
        }
    }
}

// --- JSON: every style and non-finite policy ------------------------------------------

/// Arrays of 0 to 3 dimensions (0-d included), each dimension 1 to 3 long.
fn arrays<T: Debug + Clone + 'static>(
    elem: impl Strategy<Value = T> + Clone + 'static,
) -> impl Strategy<Value = ArrayD<T>> {
    prop::collection::vec(1usize..4, 0..4).prop_flat_map(move |shape| {
        let n: usize = shape.iter().product();
        prop::collection::vec(elem.clone(), n)
            .prop_map(move |v| ArrayD::from_shape_vec(IxDyn(&shape), v).unwrap())
    })
}

fn options() -> Vec<EncodeOptions> {
    let mut v = Vec::new();
    for style in [JsonStyle::Reference, JsonStyle::Compact] {
        for nf in [NonFinite::Tokens, NonFinite::Error, NonFinite::Null] {
            v.push(EncodeOptions::new().with_style(style).with_non_finite(nf));
        }
    }
    v
}

/// What decoding the encoded text must give back, element by element.
fn same_float(want: f64, got: f64, nf: NonFinite) -> bool {
    if want.is_nan() || (nf == NonFinite::Null && want.is_infinite()) {
        got.is_nan()
    } else {
        want.to_bits() == got.to_bits()
    }
}

fn floats(a: &ArrayData) -> Option<Vec<f64>> {
    match a {
        ArrayData::Float16(x) => Some(x.iter().map(|v| f64::from(*v)).collect()),
        ArrayData::Float32(x) => Some(x.iter().map(|v| f64::from(*v)).collect()),
        ArrayData::Float64(x) => Some(x.iter().copied().collect()),
        _ => None,
    }
}

/// Encode `arr` with every [`options`] and decode it back with its dtype as the hint.
fn check_json(arr: &DynArray) -> Result<(), TestCaseError> {
    for opts in options() {
        let body = json::encode_using(arr, &opts);
        let non_finite = floats(arr.data()).is_some_and(|v| v.iter().any(|f| !f.is_finite()));
        if opts.non_finite() == NonFinite::Error && non_finite {
            let err = body.expect_err("a non-finite element under NonFinite::Error");
            prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument);
            continue;
        }
        let body = body.map_err(|e| TestCaseError::fail(format!("encode: {}", e.message())))?;
        prop_assert!(body.is_ascii() || opts.style() == JsonStyle::Compact);
        let text = String::from_utf8_lossy(&body).into_owned();
        let back = json::decode(&body, Some(arr.dtype()), &Limits::default()).map_err(|e| {
            TestCaseError::fail(format!("{opts:?}: decode of {text}: {}", e.message()))
        })?;
        prop_assert_eq!(back.dtype(), arr.dtype(), "{:?}: {}", opts, text);
        prop_assert_eq!(back.shape(), arr.shape(), "{:?}: {}", opts, text);
        match (floats(arr.data()), floats(back.data())) {
            (Some(want), Some(got)) => {
                for (w, g) in want.iter().zip(&got) {
                    prop_assert!(
                        same_float(*w, *g, opts.non_finite()),
                        "{:?}: {} read back as {} in {}",
                        opts,
                        w,
                        g,
                        text
                    );
                }
            }
            _ => prop_assert_eq!(back.data(), arr.data(), "{:?}: {}", opts, text),
        }
    }
    Ok(())
}

macro_rules! json_roundtrip {
    ($name:ident, $strategy:expr) => {
        proptest! {
            #[test]
            fn $name(a in arrays($strategy), big in order()) {
                check_json(&DynArray::from(a).with_byteorder(big))?;
            }
        }
    };
}

json_roundtrip!(json_bool_roundtrips, any::<bool>());
json_roundtrip!(json_int8_roundtrips, any::<i8>());
json_roundtrip!(json_int16_roundtrips, any::<i16>());
json_roundtrip!(json_int32_roundtrips, any::<i32>());
json_roundtrip!(json_int64_roundtrips, any::<i64>());
json_roundtrip!(json_uint8_roundtrips, any::<u8>());
json_roundtrip!(json_uint16_roundtrips, any::<u16>());
json_roundtrip!(json_uint32_roundtrips, any::<u32>());
json_roundtrip!(json_uint64_roundtrips, any::<u64>());
json_roundtrip!(
    json_float16_roundtrips,
    any::<u16>().prop_map(f16::from_bits)
);
json_roundtrip!(json_float32_roundtrips, proptest::num::f32::ANY);
json_roundtrip!(json_float64_roundtrips, proptest::num::f64::ANY);
// Values around the reference writer's fast-path boundaries (1e-4, 1e16).
json_roundtrip!(
    json_float64_boundaries_roundtrip,
    prop_oneof![
        (1e-5f64..1e-3),
        (1e15f64..1e17),
        (-1e17f64..-1e15),
        Just(1e-4),
        Just(1e16)
    ]
);
json_roundtrip!(
    json_float32_boundaries_roundtrip,
    prop_oneof![(1e-5f32..1e-3), (1e15f32..1e17), Just(1e-4), Just(1e16)]
);

proptest! {
    #[test]
    fn json_strings_roundtrip(a in arrays(prop_oneof![any::<String>(), text()]), width in 0u32..6) {
        // numpy cannot hold trailing NULs in a fixed-width string; they are not data.
        let a = a.mapv(|s| s.trim_end_matches('\0').to_string());
        check_json(&DynArray::from_strings(a, width))?;
    }
}

#[test]
fn json_empty_arrays_roundtrip() {
    for s in ScalarType::ALL {
        for shape in [&[0usize][..], &[2, 0], &[1, 2, 0]] {
            check_json(&build(s, shape, &[0], &["x".to_string()]))
                .unwrap_or_else(|e| panic!("{s:?} {shape:?}: {e}"));
        }
        // JSON cannot say "shape (0, 3)": `[]` is shape (0,). Only a trailing zero survives.
        for shape in [&[0usize, 3][..], &[2, 0, 1]] {
            let a = build(s, shape, &[0], &["x".to_string()]);
            let text = json::encode(&a).unwrap();
            let back = json::decode(&text, Some(a.dtype()), &Limits::default()).unwrap();
            assert_eq!(back.len(), 0, "{s:?} {shape:?}");
        }
    }
}

#[test]
fn build_makes_the_dtype_asked_for() {
    for s in ScalarType::ALL {
        let a = build(s, &[2], &[1, 2], &["x".to_string()]);
        assert_eq!(a.dtype().scalar(), s);
        assert_eq!(a.shape(), &[2]);
    }
    assert_eq!(
        build(ScalarType::Str, &[1], &[0], &["abc".into()]).dtype(),
        DType::parse("<U3").unwrap()
    );
}
