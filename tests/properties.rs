//! Properties over random arrays and descriptors (proptest, 64 cases each to stay quick on two
//! cores): every transport's encode → decode is the identity for every dtype it carries (NaN
//! payloads aside), and `validate` is idempotent.

#[path = "harness/mod.rs"]
mod harness;

use half::f16;
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::{
    ByteOrder, DType, DynArray, Limits, NumpyNdarray, ScalarType, json, npy, proto, raw,
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
    fn json_roundtrips_with_the_dtype_as_hint(a in array()) {
        let text = json::encode(&a).unwrap();
        let back = json::decode(&text, Some(a.dtype()), &Limits::default()).unwrap();
        // JSON cannot say "shape (0, 3)": `[]` is shape (0,). Only a trailing zero survives.
        let zero = a.shape().iter().position(|&d| d == 0);
        if zero.is_some_and(|i| i + 1 != a.ndim()) {
            prop_assert_eq!(back.len(), 0);
        } else {
            prop_assert!(same(&a, &back), "{a:?} -> {} -> {back:?}", String::from_utf8_lossy(&text));
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
