//! Content negotiation: the media types, the [`Format`]s a request's `Content-Type` and
//! `Accept` pick, [`Api::decode`], and the `X-Numpy-*` headers that describe raw element bytes
//! (read from a request here, written on an answer for [`Api::encode`]).

use axum::http::{HeaderMap, HeaderValue, header};

use super::Api;
use crate::array::DynArray;
use crate::descriptor::NumpyNdarray;
use crate::dtype::{ByteOrder, DType};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::raw;
use crate::shape::ShapeSpec;

/// `application/json`: BentoML's (only) transport; the descriptor's
/// [`MIME_TYPE`](crate::MIME_TYPE).
pub const JSON: &str = crate::MIME_TYPE;
/// `application/octet-stream`: raw element bytes, described by the `X-Numpy-*` headers; the
/// raw transport's [`MEDIA_TYPE`](crate::raw::MEDIA_TYPE).
pub const OCTET_STREAM: &str = crate::raw::MEDIA_TYPE;
/// `application/x-npy`: a `.npy` file; the npy transport's [`MEDIA_TYPE`](crate::npy::MEDIA_TYPE).
pub const NPY: &str = crate::npy::MEDIA_TYPE;
/// `application/vnd.apache.arrow.stream`: an Arrow IPC stream (feature `arrow`); the arrow
/// transport's [`MEDIA_TYPE`](crate::arrow::MEDIA_TYPE). An addition: BentoML has no Arrow
/// transport over HTTP.
#[cfg(feature = "arrow")]
#[cfg_attr(docsrs, doc(cfg(feature = "arrow")))]
pub const ARROW_STREAM: &str = crate::arrow::MEDIA_TYPE;
/// Request/response header: the dtype of an `application/octet-stream` body.
pub const DTYPE_HEADER: &str = "x-numpy-dtype";
/// Request/response header: the shape of an `application/octet-stream` body.
pub const SHAPE_HEADER: &str = "x-numpy-shape";
/// Request/response header: the byte order of an `application/octet-stream` body.
pub const BYTEORDER_HEADER: &str = "x-numpy-byteorder";

/// The transports [`Input`](super::Input) reads and [`Output`](super::Output) writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// `application/json` (BentoML's).
    Json,
    /// `application/octet-stream`: raw element bytes.
    OctetStream,
    /// `application/x-npy`: a `.npy` file.
    Npy,
    /// `application/vnd.apache.arrow.stream`: an Arrow IPC stream (feature `arrow`). A body
    /// is read as BentoML's `from_arrow` reads a batch (every batch, concatenated along the
    /// rows); an answer is `to_arrow`'s batch (one column `output`).
    #[cfg(feature = "arrow")]
    #[cfg_attr(docsrs, doc(cfg(feature = "arrow")))]
    ArrowStream,
}

/// A request's two formats: its body's (by `Content-Type`, which must be ASCII text) and its
/// answer's (by `Accept`, JSON when it is not text).
pub(super) fn request_formats(headers: &HeaderMap) -> Result<(Format, Format)> {
    let body = Format::from_content_type(header_str(headers, header::CONTENT_TYPE.as_str())?);
    let answer = Format::from_accept(header_str(headers, header::ACCEPT.as_str()).ok().flatten());
    Ok((body, answer))
}

impl Format {
    const ALL: &[Format] = &[
        Format::Json,
        Format::OctetStream,
        Format::Npy,
        #[cfg(feature = "arrow")]
        Format::ArrowStream,
    ];

    /// The request format for a `Content-Type` value: octet-stream, npy (and, with the `arrow`
    /// feature, the Arrow stream) by name, JSON for
    /// anything else (BentoML parses every body as JSON, whatever its type).
    pub fn from_content_type(value: Option<&str>) -> Format {
        value
            .and_then(|v| Format::from_media_type(media_type(v)))
            .unwrap_or(Format::Json)
    }

    /// The response format for an `Accept` value: the supported type with the highest `q`
    /// (the first listed on a tie); JSON when none is listed, for `*/*`, and when nothing listed
    /// is supported (BentoML ignores `Accept` and always answers JSON).
    pub fn from_accept(value: Option<&str>) -> Format {
        let Some(value) = value else {
            return Format::Json;
        };
        let mut best: Option<(f32, Format)> = None;
        for item in value.split(',') {
            let media = media_type(item);
            let q = item
                .split(';')
                .skip(1)
                .filter_map(|p| {
                    let (k, v) = p.split_once('=')?;
                    (k.trim().eq_ignore_ascii_case("q")).then(|| v.trim().parse::<f32>().ok())?
                })
                .next()
                .unwrap_or(1.0);
            let format = match Format::from_media_type(media) {
                Some(format) => format,
                None if media == "*/*" || media.eq_ignore_ascii_case("application/*") => {
                    Format::Json
                }
                None => continue,
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, format));
            }
        }
        best.map_or(Format::Json, |(_, f)| f)
    }

    /// The format whose media type is `media` (ASCII case ignored).
    fn from_media_type(media: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| media.eq_ignore_ascii_case(f.mime_type()))
    }

    /// The media type.
    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Json => JSON,
            Format::OctetStream => OCTET_STREAM,
            Format::Npy => NPY,
            #[cfg(feature = "arrow")]
            Format::ArrowStream => ARROW_STREAM,
        }
    }

    /// The `transport` label of the decoded-array metrics.
    pub(crate) fn metric_label(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::OctetStream => "octet_stream",
            Format::Npy => "npy",
            #[cfg(feature = "arrow")]
            Format::ArrowStream => "arrow_stream",
        }
    }
}

/// The media type of a `Content-Type` / `Accept` item, without parameters.
fn media_type(value: &str) -> &str {
    value.split(';').next().unwrap_or("").trim()
}

/// The header `name` as text; a bad-input error when it is not ASCII.
fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>> {
    headers
        .get(name)
        .map(|v| {
            v.to_str()
                .map_err(|_| Error::bad_input(format!("the {name} header is not ASCII text")))
        })
        .transpose()
}

impl Api {
    /// Decode a request body of media type `format` (with its `X-Numpy-*` headers) and validate
    /// it against the input descriptor.
    ///
    /// # Errors
    /// The transport's decode errors, the header errors described in the [module
    /// docs](super), and [`NumpyNdarray::validate`]'s.
    pub fn decode(&self, format: Format, headers: &HeaderMap, body: &[u8]) -> Result<DynArray> {
        let limits = &self.inner.limits;
        limits.check_body(body.len())?;
        let input = &self.inner.input;
        match format {
            Format::Json => input.from_json_with(body, limits),
            Format::Npy => input.from_npy_with(body, limits),
            #[cfg(feature = "arrow")]
            Format::ArrowStream => input.from_arrow_stream_with(body, limits),
            Format::OctetStream => {
                input.validate(decode_octet_stream(input, headers, body, limits)?)
            }
        }
    }
}

/// `frombuffer(body, dtype).reshape(shape)` with dtype, byte order and shape from the headers
/// or the descriptor (see the module docs).
fn decode_octet_stream(
    input: &NumpyNdarray,
    headers: &HeaderMap,
    body: &[u8],
    limits: &Limits,
) -> Result<DynArray> {
    let dtype = match header_str(headers, DTYPE_HEADER)? {
        Some(spelling) => DType::parse(spelling.trim())?,
        None => input.dtype().ok_or_else(|| {
            Error::bad_input(format!(
                "an {OCTET_STREAM} body needs a dtype: send the X-Numpy-Dtype header"
            ))
        })?,
    };
    let dtype = match header_str(headers, BYTEORDER_HEADER)? {
        None => dtype,
        Some(order) => {
            let order = match order.trim() {
                "<" | "little" => ByteOrder::Little,
                ">" | "big" => ByteOrder::Big,
                "=" | "native" => ByteOrder::NATIVE,
                // numpy's "not applicable" order: nothing to change.
                "|" => dtype.order(),
                other => {
                    return Err(Error::bad_input(format!(
                        "invalid X-Numpy-Byteorder header {other:?}: expected '<', '>', '=', \
                         'little', 'big' or 'native'"
                    )));
                }
            };
            if dtype.scalar().has_byteorder() {
                dtype.with_byteorder(order)
            } else {
                dtype
            }
        }
    };
    let flat = raw::decode(body, dtype, limits)?;
    match header_str(headers, SHAPE_HEADER)? {
        Some(text) => {
            let spec = parse_shape(text)?;
            let target = spec.reshape_target(flat.len())?;
            flat.into_shape(&target)
        }
        // Only a shape the bytes fit is applied here; any other mismatch is validate's call.
        None => match input.shape().map(|s| s.reshape_target(flat.len())) {
            Some(Ok(target)) => flat.into_shape(&target),
            _ => Ok(flat),
        },
    }
}

/// `2,4`, `-1,4`, `(2, 4)`, `[2,4]`, `(4,)`; empty (or `()`) is a 0-d shape.
fn parse_shape(text: &str) -> Result<ShapeSpec> {
    let bad = || {
        Error::bad_input(format!(
            "invalid X-Numpy-Shape header {text:?}: expected integers separated by commas, e.g. 2,4"
        ))
    };
    let t = text.trim();
    let t = t
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .or_else(|| t.strip_prefix('[').and_then(|s| s.strip_suffix(']')))
        .unwrap_or(t)
        .trim();
    if t.is_empty() {
        return Ok(ShapeSpec::new(Vec::new()));
    }
    let t = t.strip_suffix(',').unwrap_or(t);
    let dims = t
        .split(',')
        .map(|d| d.trim().parse::<i64>().map_err(|_| bad()))
        .collect::<Result<Vec<_>>>()?;
    Ok(ShapeSpec::new(dims))
}

/// Describe `arr`'s raw bytes in `headers`: its dtype, its shape and, for a dtype that has one,
/// its byte order (as the request headers spell them: `<i8`, `3`, `little`).
pub(super) fn write_numpy_headers(headers: &mut HeaderMap, arr: &DynArray) {
    let dtype = arr.dtype();
    let shape = arr
        .shape()
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",");
    for (name, value) in [(DTYPE_HEADER, dtype.str()), (SHAPE_HEADER, shape)] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    }
    if dtype.scalar().has_byteorder() {
        let order = match dtype.order() {
            ByteOrder::Little => "little",
            ByteOrder::Big => "big",
        };
        headers.insert(BYTEORDER_HEADER, HeaderValue::from_static(order));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(feature = "arrow")]
    use crate::arrow::RecordBatch;
    use crate::http::f32_desc;

    #[test]
    fn content_type_picks_the_transport() {
        for (value, format) in [
            (None, Format::Json),
            (Some("application/x-www-form-urlencoded"), Format::Json),
            (Some("Application/Octet-Stream; x=1"), Format::OctetStream),
            (Some("application/x-npy"), Format::Npy),
        ] {
            assert_eq!(Format::from_content_type(value), format, "{value:?}");
        }
    }

    #[test]
    fn accept_negotiation() {
        let cases = [
            (None, Format::Json),
            (Some("*/*"), Format::Json),
            (Some("text/html"), Format::Json),
            (Some("application/x-npy"), Format::Npy),
            (
                Some("application/json;q=0.5, application/octet-stream"),
                Format::OctetStream,
            ),
            (Some("application/x-npy;q=0, */*;q=0.1"), Format::Json),
            (
                Some("application/*;q=0.2, application/x-npy;q=0.1"),
                Format::Json,
            ),
            (
                Some("application/x-npy, application/octet-stream"),
                Format::Npy,
            ),
        ];
        for (value, format) in cases {
            assert_eq!(Format::from_accept(value), format, "{value:?}");
        }
    }

    #[cfg(feature = "arrow")]
    #[test]
    fn arrow_stream_is_negotiated() {
        let t = "application/vnd.apache.arrow.stream";
        assert_eq!(Format::from_content_type(Some(t)), Format::ArrowStream);
        assert_eq!(Format::from_accept(Some(t)), Format::ArrowStream);
        assert_eq!(
            Format::from_accept(Some(
                "application/json;q=0.9, application/vnd.apache.arrow.stream"
            )),
            Format::ArrowStream
        );
        assert_eq!(Format::ArrowStream.mime_type(), ARROW_STREAM);
    }

    #[cfg(feature = "arrow")]
    #[test]
    fn arrow_stream_round_trip_and_errors() {
        let api = Api::new("a", f32_desc(), f32_desc());
        let x = DynArray::from(ndarray::arr2(&[[1.0f64, 2.0], [3.0, 4.0]]).into_dyn());
        let batch = RecordBatch::try_from_iter([
            (
                "a",
                std::sync::Arc::new(arrow_array::Float64Array::from(vec![1.0, 3.0])) as _,
            ),
            (
                "b",
                std::sync::Arc::new(arrow_array::Float64Array::from(vec![2.0, 4.0])) as _,
            ),
        ])
        .unwrap();
        let body = crate::arrow::to_ipc_stream(&batch).unwrap();
        let got = api
            .decode(Format::ArrowStream, &HeaderMap::new(), &body)
            .unwrap();
        // Validated: cast to the descriptor's float32.
        assert_eq!(got.dtype(), DType::FLOAT32);
        assert_eq!(got.shape(), x.shape());
        let err = api
            .decode(
                Format::ArrowStream,
                &HeaderMap::new(),
                &body[..body.len() / 2],
            )
            .unwrap_err();
        assert_eq!(err.http_status(), 400);
        let small = api
            .clone()
            .with_limits(Limits::default().with_max_elements(3));
        let err = small
            .decode(Format::ArrowStream, &HeaderMap::new(), &body)
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::LimitExceeded);
    }

    #[test]
    fn shape_header_spellings() {
        for (text, dims) in [
            ("2,4", vec![2, 4]),
            ("(2, 4)", vec![2, 4]),
            ("[-1,4]", vec![-1, 4]),
            ("(4,)", vec![4]),
            ("", vec![]),
            ("()", vec![]),
        ] {
            assert_eq!(parse_shape(text).unwrap().dims(), &dims[..], "{text}");
        }
        for bad in ["2,,4", "a", "2;4", ","] {
            assert_eq!(
                parse_shape(bad).unwrap_err().kind(),
                crate::ErrorKind::BadInput,
                "{bad}"
            );
        }
    }

    #[test]
    fn octet_stream_headers() {
        let api = Api::new("a", f32_desc(), NumpyNdarray::new());
        let body: Vec<u8> = [1.0f32, 2.0, 3.0, 4.0]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        let mut h = HeaderMap::new();
        h.insert(BYTEORDER_HEADER, HeaderValue::from_static("big"));
        let arr = api.decode(Format::OctetStream, &h, &body).unwrap();
        assert_eq!(arr.shape(), &[2, 2]);
        assert_eq!(arr.dtype(), DType::FLOAT32);
        assert_eq!(
            arr.as_array::<f32>()
                .unwrap()
                .iter()
                .copied()
                .collect::<Vec<_>>(),
            vec![1.0, 2.0, 3.0, 4.0]
        );
        h.insert(DTYPE_HEADER, HeaderValue::from_static("float33"));
        let err = api.decode(Format::OctetStream, &h, &body).unwrap_err();
        assert_eq!(err.http_status(), 422);
        let untyped = Api::new("b", NumpyNdarray::new(), NumpyNdarray::new());
        let err = untyped
            .decode(Format::OctetStream, &HeaderMap::new(), &body)
            .unwrap_err();
        assert_eq!(err.http_status(), 400);
        let mut h = HeaderMap::new();
        h.insert(SHAPE_HEADER, HeaderValue::from_static("3,-1"));
        let err = api.decode(Format::OctetStream, &h, &body).unwrap_err();
        assert!(
            err.message().contains("cannot reshape"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn body_limit_applies_to_every_transport() {
        let api = Api::new("a", f32_desc(), NumpyNdarray::new())
            .with_limits(Limits::default().with_max_body_bytes(4));
        let err = api
            .decode(Format::Json, &HeaderMap::new(), b"[1, 2, 3]")
            .unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::LimitExceeded);
        assert_eq!(err.http_status(), 400);
    }
}
