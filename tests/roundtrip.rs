//! Property tests: every array the JSON encoder writes, in every style and non-finite policy,
//! decodes (with the array's dtype as the hint, as a client that knows the descriptor does)
//! back to the same dtype, shape and values. NaN payloads are not kept (any NaN equals any
//! NaN); `NonFinite::Null` turns ±infinity into NaN; `NonFinite::Error` refuses non-finite
//! arrays.

use std::fmt::Debug;

use half::f16;
use ndarray::{ArrayD, IxDyn};
use ndarray_descriptor::json::{self, EncodeOptions, JsonStyle, NonFinite};
use ndarray_descriptor::{ArrayData, ByteOrder, DynArray, ErrorKind, Limits};
use proptest::prelude::*;

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

fn check(arr: &DynArray) -> Result<(), TestCaseError> {
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

fn order() -> impl Strategy<Value = ByteOrder> {
    prop_oneof![Just(ByteOrder::Little), Just(ByteOrder::Big)]
}

macro_rules! roundtrip {
    ($name:ident, $strategy:expr) => {
        proptest! {
            #[test]
            fn $name(a in arrays($strategy), big in order()) {
                check(&DynArray::from(a).with_byteorder(big))?;
            }
        }
    };
}

roundtrip!(bool_roundtrips, any::<bool>());
roundtrip!(int8_roundtrips, any::<i8>());
roundtrip!(int16_roundtrips, any::<i16>());
roundtrip!(int32_roundtrips, any::<i32>());
roundtrip!(int64_roundtrips, any::<i64>());
roundtrip!(uint8_roundtrips, any::<u8>());
roundtrip!(uint16_roundtrips, any::<u16>());
roundtrip!(uint32_roundtrips, any::<u32>());
roundtrip!(uint64_roundtrips, any::<u64>());
roundtrip!(float16_roundtrips, any::<u16>().prop_map(f16::from_bits));
roundtrip!(float32_roundtrips, proptest::num::f32::ANY);
roundtrip!(float64_roundtrips, proptest::num::f64::ANY);
// Values around the reference writer's fast-path boundaries (1e-4, 1e16).
roundtrip!(
    float64_boundaries_roundtrip,
    prop_oneof![
        (1e-5f64..1e-3),
        (1e15f64..1e17),
        (-1e17f64..-1e15),
        Just(1e-4),
        Just(1e16)
    ]
);
roundtrip!(
    float32_boundaries_roundtrip,
    prop_oneof![(1e-5f32..1e-3), (1e15f32..1e17), Just(1e-4), Just(1e16)]
);

proptest! {
    #[test]
    fn strings_roundtrip(a in arrays(any::<String>()), width in 0u32..6) {
        // numpy cannot hold trailing NULs in a fixed-width string; they are not data.
        let a = a.mapv(|s| s.trim_end_matches('\0').to_string());
        check(&DynArray::from_strings(a, width))?;
    }
}

#[test]
fn empty_arrays_roundtrip() {
    for shape in [&[0usize][..], &[2, 0], &[1, 2, 0]] {
        let a = ArrayD::<i32>::from_shape_vec(IxDyn(shape), vec![]).unwrap();
        check(&DynArray::from(a)).unwrap();
    }
}
