//! The JSON transport, request side: a JSON body into a [`DynArray`] exactly as BentoML's
//! `NumpyNdarray.from_http_request` makes it.
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

mod convert;
pub(crate) mod decode;
mod encode;
mod python;

pub use encode::{EncodeOptions, JsonStyle, NonFinite};

use std::borrow::Cow;

use ndarray::{ArrayD, IxDyn};

use crate::array::DynArray;
use crate::descriptor::NumpyNdarray;
use crate::dtype::{DType, ScalarType};
use crate::element::Element;
use crate::error::{Error, Result};
use crate::limits::Limits;

use convert::Fail;
use decode::{FastElem, ParseError};

/// Options for [`decode_with`]: the [`Limits`] the decoder enforces.
///
/// ```
/// use ndarray_descriptor::{Limits, json::DecodeOptions};
/// let opts = DecodeOptions::new().with_limits(Limits::default().with_max_elements(10));
/// assert_eq!(opts.limits().max_elements, 10);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeOptions {
    limits: Limits,
}

impl DecodeOptions {
    /// Default options (default [`Limits`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Use `limits`.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }
}

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

/// [`decode`] with [`DecodeOptions`].
///
/// # Errors
/// As [`decode`].
pub fn decode_with(body: &[u8], dtype: Option<DType>, options: &DecodeOptions) -> Result<DynArray> {
    decode_impl(body, dtype, &options.limits)
}

impl NumpyNdarray {
    /// Decode a JSON request body as BentoML's `from_http_request` does: [`decode`] with this
    /// descriptor's dtype as the hint, then [`NumpyNdarray::validate`].
    ///
    /// ```
    /// use ndarray_descriptor::{DType, NumpyNdarray};
    /// let desc = NumpyNdarray::builder().dtype(DType::INT64).build()?;
    /// let arr = desc.from_json(b"[1.9, -1.9]")?;
    /// assert_eq!(arr.as_array::<i64>().unwrap().as_slice(), Some(&[1i64, -1][..]));
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`decode`], then as [`NumpyNdarray::validate`].
    pub fn from_json(&self, body: &[u8]) -> Result<DynArray> {
        self.from_json_with(body, &DecodeOptions::default())
    }

    /// [`NumpyNdarray::from_json`] with [`DecodeOptions`].
    ///
    /// # Errors
    /// As [`NumpyNdarray::from_json`].
    pub fn from_json_with(&self, body: &[u8], options: &DecodeOptions) -> Result<DynArray> {
        self.validate(decode_with(body, self.dtype(), options)?)
    }
}

/// Encode an array as the reference's response body, `json.dumps(arr.tolist())`: nested lists
/// with `", "` between items, floats as Python's `repr` of the value widened to f64
/// (`0.10000000149011612` for float32 `0.1`), `NaN` / `Infinity`, `ensure_ascii` strings, and a
/// 0-d array as a bare scalar. Validation is not applied here: see [`NumpyNdarray::to_json`].
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
    encode_with(arr, &EncodeOptions::default())
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
/// assert_eq!(json::encode_with(&arr, &compact)?, b"[0.1,Infinity]");
/// let null = compact.with_non_finite(NonFinite::Null);
/// assert_eq!(json::encode_with(&arr, &null)?, b"[0.1,null]");
/// let strict = compact.with_non_finite(NonFinite::Error);
/// assert_eq!(json::encode_with(&arr, &strict).unwrap_err().kind(), ErrorKind::InvalidArgument);
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
///
/// # Errors
/// As [`encode`]; with [`NonFinite::Error`], invalid argument when an element is NaN or
/// infinite (Python's `allow_nan=False` `ValueError`).
pub fn encode_with(arr: &DynArray, options: &EncodeOptions) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    encode::encode_into(arr, options, &mut out)?;
    Ok(out)
}

/// [`encode_with`] appending to `out`; on error `out` keeps its previous contents.
///
/// # Errors
/// As [`encode_with`].
pub fn encode_into_with(arr: &DynArray, options: &EncodeOptions, out: &mut Vec<u8>) -> Result<()> {
    encode::encode_into(arr, options, out)
}

impl NumpyNdarray {
    /// Encode a handler's array as BentoML's `to_http_response` does:
    /// [`NumpyNdarray::validate`], then [`encode`] (`json.dumps(validate_array(arr).tolist())`).
    /// The body's media type is `application/json` ([`MIME_TYPE`](crate::MIME_TYPE)).
    ///
    /// ```
    /// use ndarray_descriptor::{DType, DynArray, NumpyNdarray};
    /// let desc = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1, 2]).build()?;
    /// let out = DynArray::from(ndarray::arr1(&[1i64, 2, 3, 4]).into_dyn());
    /// assert_eq!(desc.to_json(out)?, b"[[1.0, 2.0], [3.0, 4.0]]");
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`NumpyNdarray::validate`] (an enforce flag the array does not meet), then as
    /// [`encode`].
    pub fn to_json(&self, arr: DynArray) -> Result<Vec<u8>> {
        self.to_json_with(arr, &EncodeOptions::default())
    }

    /// [`NumpyNdarray::to_json`] with [`EncodeOptions`].
    ///
    /// # Errors
    /// As [`NumpyNdarray::to_json`], then as [`encode_with`].
    pub fn to_json_with(&self, arr: DynArray, options: &EncodeOptions) -> Result<Vec<u8>> {
        encode_with(&self.validate(arr)?, options)
    }
}

fn decode_impl(body: &[u8], dtype: Option<DType>, limits: &Limits) -> Result<DynArray> {
    limits.check_body(body.len())?;
    let (text, utf8_body) = body_text(body)?;
    let text: &[u8] = &text;
    if let Some(dt) = dtype
        && let Some(arr) = fast_dispatch(text, dt, limits)
    {
        return Ok(arr);
    }
    let parsed = match decode::parse(text, limits) {
        Ok(p) => p,
        Err(e) => {
            // Python decodes the whole body before it parses: a UTF-8 error comes first.
            if utf8_body && let Err(u) = std::str::from_utf8(text) {
                return Err(utf8_error(text, u));
            }
            return Err(match e {
                ParseError::Syntax(s) => decode::json_error(text, s),
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

fn fast_typed<T: FastElem + Element>(
    text: &[u8],
    dtype: DType,
    limits: &Limits,
) -> Option<DynArray> {
    let (shape, data) = decode::fast::<T>(text, limits)?;
    let a = ArrayD::from_shape_vec(IxDyn(&shape), data).ok()?;
    DynArray::with_dtype(T::wrap(a), dtype).ok()
}

/// The fast reader for a numeric or bool hint; `None` for string hints or when the body needs
/// the general reader.
fn fast_dispatch(text: &[u8], dtype: DType, limits: &Limits) -> Option<DynArray> {
    use ScalarType::*;
    match dtype.scalar() {
        Bool => fast_typed::<bool>(text, dtype, limits),
        Int8 => fast_typed::<i8>(text, dtype, limits),
        Int16 => fast_typed::<i16>(text, dtype, limits),
        Int32 => fast_typed::<i32>(text, dtype, limits),
        Int64 => fast_typed::<i64>(text, dtype, limits),
        UInt8 => fast_typed::<u8>(text, dtype, limits),
        UInt16 => fast_typed::<u16>(text, dtype, limits),
        UInt32 => fast_typed::<u32>(text, dtype, limits),
        UInt64 => fast_typed::<u64>(text, dtype, limits),
        Float16 => fast_typed::<half::f16>(text, dtype, limits),
        Float32 => fast_typed::<f32>(text, dtype, limits),
        Float64 => fast_typed::<f64>(text, dtype, limits),
        Str => None,
    }
}

/// Python's `json.detect_encoding` and the decode `json.loads` does on bytes: UTF-32 / UTF-16
/// by BOM, a UTF-8 BOM skipped, else UTF-16 / UTF-32 by the position of zero bytes among the
/// first four, else UTF-8. Returns UTF-8 text (borrowed when the body is UTF-8, which is then
/// validated where it matters: inside strings) and whether the body was UTF-8.
fn body_text(b: &[u8]) -> Result<(Cow<'_, [u8]>, bool)> {
    const UTF32_LE: &[u8] = &[0xff, 0xfe, 0, 0];
    const UTF32_BE: &[u8] = &[0, 0, 0xfe, 0xff];
    let (enc, skip) = if b.starts_with(UTF32_LE) {
        (Enc::Utf32Le, 4)
    } else if b.starts_with(UTF32_BE) {
        (Enc::Utf32Be, 4)
    } else if b.starts_with(&[0xff, 0xfe]) {
        (Enc::Utf16Le, 2)
    } else if b.starts_with(&[0xfe, 0xff]) {
        (Enc::Utf16Be, 2)
    } else if b.starts_with(&[0xef, 0xbb, 0xbf]) {
        return Ok((Cow::Borrowed(&b[3..]), true));
    } else if b.len() >= 4 {
        if b[0] == 0 {
            (
                if b[1] != 0 {
                    Enc::Utf16Be
                } else {
                    Enc::Utf32Be
                },
                0,
            )
        } else if b[1] == 0 {
            (
                if b[2] != 0 || b[3] != 0 {
                    Enc::Utf16Le
                } else {
                    Enc::Utf32Le
                },
                0,
            )
        } else {
            return Ok((Cow::Borrowed(b), true));
        }
    } else if b.len() == 2 && b[0] == 0 {
        (Enc::Utf16Be, 0)
    } else if b.len() == 2 && b[1] == 0 {
        (Enc::Utf16Le, 0)
    } else {
        return Ok((Cow::Borrowed(b), true));
    };
    let s = decode_wide(&b[skip..], enc)?;
    Ok((Cow::Owned(s.into_bytes()), false))
}

#[derive(Clone, Copy)]
enum Enc {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

fn decode_wide(b: &[u8], enc: Enc) -> Result<String> {
    let name = match enc {
        Enc::Utf16Le => "utf-16-le",
        Enc::Utf16Be => "utf-16-be",
        Enc::Utf32Le => "utf-32-le",
        Enc::Utf32Be => "utf-32-be",
    };
    let bad = |pos: usize, why: &str| {
        Error::bad_input(format!(
            "'{name}' codec can't decode bytes in position {pos}: {why}"
        ))
    };
    match enc {
        Enc::Utf16Le | Enc::Utf16Be => {
            if !b.len().is_multiple_of(2) {
                return Err(bad(b.len() - 1, "truncated data"));
            }
            let units = b.chunks_exact(2).map(|c| match enc {
                Enc::Utf16Le => u16::from_le_bytes([c[0], c[1]]),
                _ => u16::from_be_bytes([c[0], c[1]]),
            });
            let mut out = String::with_capacity(b.len() / 2);
            for (i, c) in char::decode_utf16(units).enumerate() {
                // Python's surrogatepass would keep a lone surrogate; a Rust string cannot.
                out.push(c.map_err(|_| bad(2 * i, "illegal UTF-16 surrogate"))?);
            }
            Ok(out)
        }
        Enc::Utf32Le | Enc::Utf32Be => {
            if !b.len().is_multiple_of(4) {
                return Err(bad(b.len() - b.len() % 4, "truncated data"));
            }
            let mut out = String::with_capacity(b.len() / 4);
            for (i, c) in b.chunks_exact(4).enumerate() {
                let v = match enc {
                    Enc::Utf32Le => u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    _ => u32::from_be_bytes([c[0], c[1], c[2], c[3]]),
                };
                out.push(char::from_u32(v).ok_or_else(|| bad(4 * i, "code point not in range"))?);
            }
            Ok(out)
        }
    }
}

/// Python's `UnicodeDecodeError` text for a body that is not UTF-8.
fn utf8_error(text: &[u8], e: std::str::Utf8Error) -> Error {
    let pos = e.valid_up_to();
    let byte = text.get(pos).copied().unwrap_or(0);
    let why = match e.error_len() {
        None => "unexpected end of data",
        Some(_) if (0x80..0xc2).contains(&byte) || byte >= 0xf5 => "invalid start byte",
        Some(_) => "invalid continuation byte",
    };
    Error::bad_input(format!(
        "'utf-8' codec can't decode byte 0x{byte:02x} in position {pos}: {why}"
    ))
}
