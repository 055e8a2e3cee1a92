//! The JSON transport: a request body into a [`DynArray`] exactly as BentoML's
//! `NumpyNdarray.from_http_request` makes it ([`decode`], [`NumpyNdarray::from_json`]), and an
//! array into the response body BentoML's `to_http_response` writes ([`encode`],
//! [`NumpyNdarray::to_json`]).
//!
//! A handler, decode → model → encode:
//!
//! ```
//! use ndarray::{ArrayD, Axis};
//! use ndarray_descriptor::{DType, Error, NumpyNdarray};
//!
//! fn handle(input: &NumpyNdarray, output: &NumpyNdarray, body: &[u8]) -> Result<Vec<u8>, Error> {
//!     let x: ArrayD<f32> = input.from_json(body)?.try_into()?; // validated: float32, (n, 4)
//!     let y = x.sum_axis(Axis(1)); // the model
//!     output.to_json(y.into()) // validate, then json.dumps(y.tolist())
//! }
//!
//! let input = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1, 4]).enforce_shape(true).build()?;
//! let output = NumpyNdarray::builder().dtype(DType::FLOAT32).build()?;
//! assert_eq!(handle(&input, &output, b"[[1, 2, 3, 4.5], [0.1, 0, 0, 0]]")?, b"[10.5, 0.10000000149011612]");
//! assert_eq!(handle(&input, &output, b"[1, 2, 3, 4]").unwrap_err().http_status(), 400);
//! # Ok::<_, ndarray_descriptor::Error>(())
//! ```
//!
//! ## Request side
//!
//! The reference runs `obj = json.loads(body)`, then `np.array(obj, dtype=descriptor dtype)`,
//! and if that raises `ValueError`, `np.array(obj)` without the dtype. This module does the same
//! in one pass over the bytes:
//!
//! - Python's JSON acceptance: `NaN` / `Infinity` / `-Infinity`, `1e400` as infinity, a UTF-8
//!   BOM, UTF-16 / UTF-32 bodies (detected as `json.detect_encoding` does), strict strings
//!   (no raw control characters), at most 4300 digits in an integer, duplicate keys;
//! - numpy's conversion with the dtype hint: floats truncate into integer dtypes, numeric
//!   strings parse as Python's `int()` / `float()` parse them, `null` is NaN in float dtypes,
//!   any non-empty string is true in `bool`, numbers become their Python `str()` in string
//!   dtypes; a `ValueError` there (e.g. `"abc"` into `float32`) falls back to numpy's inference
//!   without the hint, other failures (`300` into `uint8`, `null` into `int32`) are errors;
//! - numpy's inference without a hint (int64 / uint64 / float64 / bool / string promotion).
//!
//! Every failure is a typed [`Error`] with HTTP status 400: where the reference answers a 500
//! (a JSON syntax error, a ragged nest, an `OverflowError`), this crate answers bad input.
//! Object arrays (`null` without a float dtype, integers beyond 64 bits, JSON objects) are
//! bad input too.
//!
//! ```
//! use ndarray_descriptor::{DType, Limits, json};
//! let arr = json::decode(b"[[1, 2.5], [3, 4]]", Some(DType::FLOAT32), &Limits::default())?;
//! assert_eq!(arr.dtype(), DType::FLOAT32);
//! assert_eq!(arr.shape(), &[2, 2]);
//! // `"abc"` cannot be a float32: numpy retries without the dtype and makes a string array.
//! let arr = json::decode(br#"["abc", "de"]"#, Some(DType::FLOAT32), &Limits::default())?;
//! assert_eq!(arr.dtype().str(), "<U3");
//! # Ok::<_, ndarray_descriptor::Error>(())
//! ```
//!
//! ## Response side
//!
//! The reference runs `json.dumps(validate_array(arr).tolist())`. [`encode`] writes the same
//! bytes: `", "` between items, floats as Python's `repr` of the value widened to f64
//! (float32 `0.1` is `0.10000000149011612`), `NaN` / `Infinity` / `-Infinity`, `ensure_ascii`
//! strings, a 0-d array as a bare scalar. [`EncodeOptions`] adds what the reference cannot do:
//! [`JsonStyle::Compact`] (no spaces, shortest digits at the array's own precision, about half
//! the bytes for float32) and strict JSON for NaN / infinity ([`NonFinite::Error`],
//! [`NonFinite::Null`]). Every style decodes back, with the array's dtype as the hint, to the
//! same values. The writer makes one pass over the contiguous elements into one buffer sized
//! up front.
//!
//! ## Request path
//!
//! The files of this module in the order a request body goes through them: `charset.rs` (the
//! body as UTF-8 text: BOM, UTF-16 / UTF-32), then `fast.rs` (the common body, a rectangular
//! nest of numbers under a numeric hint or none, straight into a typed vector; it gives up on
//! anything else), and when it gives up `tree.rs` (any JSON into the nest's shape and its
//! scalars, as `src/python/object.rs` models what `json.loads` returns) and `convert.rs` (numpy's
//! conversion of those scalars, through the crate's one home of Python's `int()` / `float()` /
//! `str()` rules, `src/python/`). Both readers lex with `lex.rs` (the
//! grammar, strings, Python's error messages), whose number tokens `num.rs` turns into values
//! and whose digits `swar.rs` reads eight at a time, and discover the shape with `shape.rs`.
//! A response goes through `encode.rs`, with `repr32.rs` (float32) and `repr64.rs` (float64)
//! finding digits on the exact per-binade scales of `binade.rs`, and `stage.rs` laying them out
//! in Python's notation, a row at a time.
//!
//! [`NumpyNdarray::from_json`]: crate::NumpyNdarray::from_json
//! [`NumpyNdarray::to_json`]: crate::NumpyNdarray::to_json

mod binade;
mod charset;
mod convert;
mod encode;
mod fast;
mod lex;
mod num;
pub(crate) mod object;
mod repr32;
mod repr64;
mod shape;
mod stage;
mod swar;
mod tree;

pub use encode::{EncodeOptions, JsonStyle, NonFinite};

use crate::array::DynArray;
use crate::dtype::{DType, ScalarType};
use crate::error::{Error, Result};
use crate::limits::Limits;

use convert::Fail;
use tree::ParseError;

/// Decode a JSON request body into an array, with `dtype` as numpy's parse hint (the
/// descriptor's dtype), as the reference's `from_http_request` does before validation.
///
/// # Errors
/// Bad input (400) when the body is not JSON as Python reads it, not an array numpy can build
/// (ragged, more than 64 dimensions, an object array), or an element cannot be converted
/// (`OverflowError` / `TypeError` in the reference); limit exceeded (400) when `limits` are
/// passed.
pub fn decode(body: &[u8], dtype: Option<DType>, limits: &Limits) -> Result<DynArray> {
    decode_impl(body, dtype, limits)
}

/// Encode an array as the reference's response body, `json.dumps(arr.tolist())`: nested lists
/// with `", "` between items, floats as Python's `repr` of the value widened to f64
/// (`0.10000000149011612` for float32 `0.1`), `NaN` / `Infinity`, `ensure_ascii` strings, and a
/// 0-d array as a bare scalar. Validation is not applied here: see
/// [`NumpyNdarray::to_json`].
///
/// [`NumpyNdarray::to_json`]: crate::NumpyNdarray::to_json
///
/// ```
/// use ndarray_descriptor::{DynArray, json};
/// let arr = DynArray::from(ndarray::arr2(&[[0.1f32, 2.0], [f32::NAN, -1e-5]]).into_dyn());
/// assert_eq!(
///     json::encode(&arr)?,
///     b"[[0.10000000149011612, 2.0], [NaN, -9.999999747378752e-06]]"
/// );
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// Limit exceeded when the array has more than 64 dimensions (numpy's limit) or claims an
/// empty-list skeleton too large to address (`(2**62, 2**2, 0)`). With the default options
/// there is no other failure.
pub fn encode(arr: &DynArray) -> Result<Vec<u8>> {
    encode_using(arr, &EncodeOptions::default())
}

/// [`encode`] appending to `out`, so a caller can reuse one buffer across responses. On error
/// `out` keeps its previous contents.
///
/// ```
/// use ndarray_descriptor::{DynArray, json};
/// let mut body = Vec::with_capacity(64);
/// json::encode_into(&DynArray::from(ndarray::arr1(&[1u8, 2]).into_dyn()), &mut body)?;
/// assert_eq!(body, b"[1, 2]");
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// As [`encode`].
pub fn encode_into(arr: &DynArray, out: &mut Vec<u8>) -> Result<()> {
    encode::encode_into(arr, &EncodeOptions::default(), out)
}

/// [`encode`] with [`EncodeOptions`]: [`JsonStyle::Compact`] for shorter bodies,
/// [`NonFinite::Error`] or [`NonFinite::Null`] for strict JSON.
///
/// ```
/// use ndarray_descriptor::{DynArray, ErrorKind, json::{self, EncodeOptions, JsonStyle, NonFinite}};
/// let arr = DynArray::from(ndarray::arr1(&[0.1f32, f32::INFINITY]).into_dyn());
/// let compact = EncodeOptions::new().with_style(JsonStyle::Compact);
/// assert_eq!(json::encode_using(&arr, &compact)?, b"[0.1,Infinity]");
/// let null = compact.with_non_finite(NonFinite::Null);
/// assert_eq!(json::encode_using(&arr, &null)?, b"[0.1,null]");
/// let strict = compact.with_non_finite(NonFinite::Error);
/// assert_eq!(json::encode_using(&arr, &strict).unwrap_err().kind(), ErrorKind::InvalidArgument);
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// As [`encode`]; with [`NonFinite::Error`], invalid argument when an element is NaN or
/// infinite (Python's `allow_nan=False` `ValueError`).
pub fn encode_using(arr: &DynArray, options: &EncodeOptions) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    encode::encode_into(arr, options, &mut out)?;
    Ok(out)
}

/// [`encode_using`] appending to `out`; on error `out` keeps its previous contents.
///
/// # Errors
/// As [`encode_using`].
pub fn encode_into_using(arr: &DynArray, options: &EncodeOptions, out: &mut Vec<u8>) -> Result<()> {
    encode::encode_into(arr, options, out)
}

fn decode_impl(body: &[u8], dtype: Option<DType>, limits: &Limits) -> Result<DynArray> {
    limits.check_body(body.len())?;
    let (text, utf8_body) = charset::body_text(body)?;
    let text: &[u8] = &text;
    match dtype {
        Some(dt) => {
            if let Some(arr) = fast::with_hint(text, dt, limits) {
                return Ok(arr);
            }
        }
        None => {
            if let Some(arr) = fast::without_hint(text, limits) {
                return Ok(arr);
            }
        }
    }
    let parsed = match tree::parse(text, limits) {
        Ok(p) => p,
        Err(e) => {
            // Python decodes the whole body before it parses: a UTF-8 error comes first.
            if utf8_body && let Err(u) = std::str::from_utf8(text) {
                return Err(charset::utf8_error(text, u));
            }
            return Err(match e {
                ParseError::Syntax(s) => lex::json_error(text, s),
                ParseError::Utf8 => Error::bad_input("invalid UTF-8 in a JSON string"),
                ParseError::Other(e) => e,
            });
        }
    };
    match dtype {
        None => convert::infer(parsed, text),
        Some(dt) if dt.scalar() == ScalarType::Str => convert::strings(parsed, text, dt),
        Some(dt) => match convert::with_hint(&parsed, text, dt) {
            Ok(arr) => Ok(arr),
            Err(Fail::Value) => convert::infer(parsed, text),
            Err(Fail::Other(e)) => Err(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    fn dec(body: &str, dtype: Option<&str>) -> Result<DynArray> {
        let dt = dtype.map(|d| DType::parse(d).unwrap());
        decode(body.as_bytes(), dt, &Limits::default())
    }

    #[test]
    fn hint_conversion_and_fallback() {
        let a = dec(r#"["1.5", " 12 ", "nan"]"#, Some("float32")).unwrap();
        assert_eq!(a.dtype(), DType::FLOAT32);
        let a = dec(r#"["1.5", "2"]"#, Some("int32")).unwrap();
        assert_eq!(a.dtype().str(), "<U3", "ValueError → np.array(obj)");
        let a = dec(r#"[" 12 ", "+5", "1_000", "\u0661\u0662"]"#, Some("int16")).unwrap();
        assert_eq!(
            a.as_array::<i16>().unwrap().as_slice(),
            Some(&[12i16, 5, 1000, 12][..])
        );
        assert_eq!(dec("[300]", Some("uint8")).unwrap_err().http_status(), 400);
        assert_eq!(dec("[null]", Some("int64")).unwrap_err().http_status(), 400);
        assert_eq!(
            dec("[Infinity, NaN]", Some("int32"))
                .unwrap_err()
                .http_status(),
            400
        );
        let a = dec("[NaN, Infinity]", Some("int32")).unwrap();
        assert_eq!(a.dtype(), DType::FLOAT64, "NaN first: ValueError, retried");
        let a = dec(r#"["False", "", 0, null, {}]"#, Some("bool")).unwrap();
        assert_eq!(
            a.as_array::<bool>().unwrap().as_slice(),
            Some(&[true, false, false, false, false][..])
        );
        let a = dec(r#"[1e16, true, null, {"a": [1, "x"]}]"#, Some("str")).unwrap();
        let s = a.as_strings().unwrap();
        assert_eq!(&s[[0]], "1e+16");
        assert_eq!(&s[[1]], "True");
        assert_eq!(&s[[2]], "None");
        assert_eq!(&s[[3]], "{'a': [1, 'x']}");
        assert_eq!(a.dtype().str(), "<U15");
        let a = dec(r#"[12345, "abcdef"]"#, Some("U3")).unwrap();
        assert_eq!(&a.as_strings().unwrap()[[0]], "123");
        let a = dec("[1.5, 2]", Some(">f4")).unwrap();
        assert_eq!(a.dtype().str(), ">f4");
    }

    #[test]
    fn inference_without_hint() {
        let s = |b: &str| dec(b, None).map(|a| a.dtype().str());
        assert_eq!(s("[1, 2]").unwrap(), "<i8");
        assert_eq!(s("[true, 9223372036854775808]").unwrap(), "<u8");
        assert_eq!(s("[1, 9223372036854775808]").unwrap(), "<f8");
        assert_eq!(s(r#"["a", -1, 9223372036854775808]"#).unwrap(), "<U21");
        assert_eq!(s(r#"[9223372036854775808, -1, "a"]"#).unwrap(), "<U32");
        assert_eq!(s(r#"["a", true]"#).unwrap(), "<U5");
        assert_eq!(s("[]").unwrap(), "<f8");
        assert_eq!(s("[[], []]").unwrap(), "<f8");
        assert_eq!(dec("[]", None).unwrap().shape(), &[0]);
        assert_eq!(dec("5", None).unwrap().shape(), &[] as &[usize]);
        for object in [
            "[1, null]",
            "{}",
            "[18446744073709551616]",
            r#"["a", null]"#,
        ] {
            assert_eq!(
                dec(object, None).unwrap_err().kind(),
                ErrorKind::BadInput,
                "{object}"
            );
        }
    }

    #[test]
    fn python_json_acceptance() {
        assert!(dec("[NaN, Infinity, -Infinity]", None).is_ok());
        for bad in [
            "[nan]",
            "[inf]",
            "[1, 2,]",
            "[01]",
            "['a']",
            "[1] [2]",
            "",
            "[1.]",
            "[.5]",
            "[+1]",
            "[\"a\tb\"]",
            "[\"\\x\"]",
            "{\"a\" 1}",
            "[-]",
            "[1e]",
        ] {
            let e = dec(bad, None).unwrap_err();
            assert_eq!(e.http_status(), 400, "{bad}");
        }
        assert_eq!(
            dec("[1, 2,]", None).unwrap_err().message(),
            "Expecting value: line 1 column 7 (char 6)"
        );
        assert_eq!(
            dec("[1] [2]", None).unwrap_err().message(),
            "Extra data: line 1 column 5 (char 4)"
        );
        // 4300 digits parse, 4301 do not (CPython's int digit limit).
        assert!(dec(&format!("[{}]", "9".repeat(4300)), Some("float64")).is_err());
        assert!(dec(&format!("[{}]", "1".repeat(4300)), Some("bool")).is_ok());
        assert!(dec(&format!("[{}]", "1".repeat(4301)), Some("bool")).is_err());
        // Duplicate keys: the last value wins in the first key's place.
        let a = dec(r#"{"a": 1, "b": 2, "a": 3}"#, Some("str")).unwrap();
        assert_eq!(&a.as_strings().unwrap()[[]], "{'a': 3, 'b': 2}");
        // A lone surrogate escape is a valid Python str: true in bool, a ValueError for
        // numbers (then the str retry), and no Rust string can hold it.
        assert!(
            dec(r#"["\ud800"]"#, Some("bool"))
                .unwrap()
                .as_array::<bool>()
                .unwrap()[[0]]
        );
        assert!(dec(r#"["\ud800"]"#, Some("float32")).is_err());
        assert!(dec(r#"["\udc00x"]"#, Some("str")).is_err());
        assert!(dec(r#"["\ud83d\ude00"]"#, Some("str")).is_ok());
        // Invalid UTF-8 is Python's UnicodeDecodeError.
        let e = decode(b"[\"\xff\"]", None, &Limits::default()).unwrap_err();
        assert!(
            e.message().contains("can't decode byte 0xff"),
            "{}",
            e.message()
        );
    }

    #[test]
    fn ragged_and_too_deep_nests() {
        for ragged in [
            "[[1], [1, 2]]",
            "[[1, 2], 3]",
            "[[], [1]]",
            r#"[[1, 2], "ab"]"#,
        ] {
            let e = dec(ragged, Some("float32")).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::BadInput, "{ragged}");
            assert!(e.message().contains("inhomogeneous"), "{}", e.message());
        }
        let d64 = format!("{}1{}", "[".repeat(64), "]".repeat(64));
        assert_eq!(dec(&d64, None).unwrap().ndim(), 64);
        let d65 = format!("{}1{}", "[".repeat(65), "]".repeat(65));
        assert!(
            dec(&d65, None)
                .unwrap_err()
                .message()
                .contains("maximum number")
        );
        // Deep nesting is refused by the depth limit, without recursion.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(dec(&deep, None).unwrap_err().http_status(), 400);
        let deep_obj = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
        assert_eq!(dec(&deep_obj, Some("str")).unwrap_err().http_status(), 400);
        let nested_obj = format!("{}1{}", "{\"a\":".repeat(50), "}".repeat(50));
        assert!(
            dec(&nested_obj, Some("bool"))
                .unwrap()
                .as_array::<bool>()
                .unwrap()[[]]
        );
    }

    #[test]
    fn limits_are_enforced() {
        let opts = Limits::default()
            .with_max_elements(3)
            .with_max_depth(2)
            .with_max_body_bytes(64);
        let e = decode(b"[1, 2, 3, 4]", Some(DType::FLOAT32), &opts).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        let e = decode(b"[\"a\", 2, 3, 4]", None, &opts).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        let e = decode(b"[[[1]]]", None, &opts).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        let e = decode(&[b' '; 65], None, &opts).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::LimitExceeded);
        assert!(decode(b"[[1, 2, 3]]", Some(DType::INT8), &opts).is_ok());
    }

    #[test]
    fn no_panics_on_truncations() {
        let body = br#"[{"a": [1, "x\u00e9\ud83d\ude00"], "b": -1.5e-3}, [NaN, -Infinity, 1e400]]"#;
        for cut in 0..body.len() {
            for dt in [
                None,
                Some(DType::FLOAT32),
                Some(DType::STR),
                Some(DType::BOOL),
            ] {
                let _ = decode(&body[..cut], dt, &Limits::default());
            }
        }
    }
}
