//! Answers: [`Reply`] and [`Output`] encode the handler's array ([`Api::encode`]), and
//! [`HttpError`] turns an [`Error`] into BentoML's status and body.

use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::negotiate::{BYTEORDER_HEADER, DTYPE_HEADER, SHAPE_HEADER};
use super::{Api, Format, JSON, NPY, OCTET_STREAM};
use crate::array::DynArray;
use crate::dtype::ByteOrder;
use crate::error::{Error, Result};
use crate::guard::Reservation;
use crate::{npy, raw};

/// The request's bytes in the in-flight budget; shared by the [`Reply`] clones and released
/// when the last is dropped (once the answer is encoded).
type Held = Option<Arc<Reservation>>;

/// How to answer a request: the API (its output descriptor) and the format `Accept` chose.
#[derive(Debug, Clone)]
pub struct Reply {
    pub(super) api: Api,
    pub(super) format: Format,
    // Kept only to be dropped: the request's bytes leave the budget with the last reply.
    pub(super) _held: Held,
    pub(super) trace: Option<Trace>,
}

/// What the `debug` event of a request reports (made only when that level is on).
#[derive(Debug, Clone)]
pub(super) struct Trace {
    pub(super) id: String,
    pub(super) transport: &'static str,
    pub(super) dtype: String,
    pub(super) shape: Vec<usize>,
    pub(super) start: std::time::Instant,
    pub(super) decode: Duration,
    pub(super) model: Duration,
}

impl Trace {
    /// The request's id: its `X-Request-Id`, else a number of this process.
    pub(super) fn start(headers: &HeaderMap, format: Format) -> Trace {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(64).collect())
            .unwrap_or_else(|| {
                NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                    .to_string()
            });
        Trace {
            id,
            transport: format.metric_label(),
            dtype: String::new(),
            shape: Vec::new(),
            start: std::time::Instant::now(),
            decode: Duration::ZERO,
            model: Duration::ZERO,
        }
    }
}

impl Reply {
    /// A reply for `api` in `format` (for handlers that do not use [`Input`](super::Input)).
    pub fn new(api: Api, format: Format) -> Reply {
        Reply {
            api,
            format,
            _held: None,
            trace: None,
        }
    }

    /// The API answered.
    pub fn api(&self) -> &Api {
        &self.api
    }

    /// The response format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The responder for `arr`: validated against the output descriptor and encoded when the
    /// response is built; a failure there is answered as an [`HttpError`].
    pub fn respond(self, arr: impl Into<DynArray>) -> Output {
        Output {
            reply: self,
            array: arr.into(),
        }
    }
}

/// Responder: an array to validate against the API's output descriptor and encode in the
/// format the request's `Accept` asked for (see [`Reply::respond`]).
#[derive(Debug)]
pub struct Output {
    reply: Reply,
    array: DynArray,
}

impl IntoResponse for Output {
    fn into_response(self) -> Response {
        // The request's reservation (its decoded array) is released once this returns.
        let encode_start = self.reply.trace.as_ref().map(|_| std::time::Instant::now());
        let resp = match self.reply.api.encode(self.reply.format, self.array) {
            Ok(resp) => resp,
            Err(e) => HttpError(e).into_response(),
        };
        if let (Some(t), Some(e)) = (&self.reply.trace, encode_start) {
            tracing::debug!(
                request_id = %t.id,
                api = self.reply.api.name(),
                transport = t.transport,
                dtype = %t.dtype,
                shape = ?t.shape,
                status = resp.status().as_u16(),
                decode_us = t.decode.as_micros() as u64,
                model_us = t.model.as_micros() as u64,
                encode_us = e.elapsed().as_micros() as u64,
                total_us = t.start.elapsed().as_micros() as u64,
                "request"
            );
        }
        resp
    }
}

impl Api {
    /// Validate `arr` against the output descriptor and encode it as `format`.
    ///
    /// # Errors
    /// [`NumpyNdarray::validate`](crate::NumpyNdarray::validate)'s errors and the encoder's.
    pub fn encode(&self, format: Format, arr: DynArray) -> Result<Response> {
        let output = &self.inner.output;
        Ok(match format {
            Format::Json => {
                let body = output.to_json(arr)?;
                (
                    [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))],
                    body,
                )
                    .into_response()
            }
            Format::Npy => {
                let arr = output.validate(arr)?;
                let body = npy::encode(&arr)?;
                (
                    [(header::CONTENT_TYPE, HeaderValue::from_static(NPY))],
                    body,
                )
                    .into_response()
            }
            Format::OctetStream => {
                let arr = output.validate(arr)?;
                let dtype = arr.dtype();
                let body = raw::encode(&arr, dtype.order())?;
                let shape = arr
                    .shape()
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                let mut resp = body.into_response();
                let h = resp.headers_mut();
                h.insert(header::CONTENT_TYPE, HeaderValue::from_static(OCTET_STREAM));
                for (name, value) in [(DTYPE_HEADER, dtype.str()), (SHAPE_HEADER, shape)] {
                    if let Ok(v) = HeaderValue::from_str(&value) {
                        h.insert(name, v);
                    }
                }
                if dtype.scalar().has_byteorder() {
                    let order = match dtype.order() {
                        ByteOrder::Little => "little",
                        ByteOrder::Big => "big",
                    };
                    h.insert(BYTEORDER_HEADER, HeaderValue::from_static(order));
                }
                resp
            }
        })
    }
}

/// `Retry-After` on a 503 (in-flight budget full, model queue full or past its deadline,
/// draining), in seconds.
pub const RETRY_AFTER_SECS: u64 = 1;

/// BentoML's body for an error that is not the client's (HTTP 500).
const INTERNAL_MESSAGE: &str = "An error has occurred in BentoML user code when handling this request, find the error details in server logs";

/// An error answered as BentoML's HTTP server answers it. This is the one place an [`Error`]
/// becomes an HTTP status and body:
///
/// - a 4xx kind (bad input, invalid argument, limits, unsupported dtype: 400; an invalid dtype
///   spelling: 422) → that status, body `"BentoService error handling API request: <message>"`
///   (a JSON string, as starlette's `JSONResponse` writes it);
/// - otherwise → 500 with BentoML's fixed JSON string, and the message only in the log.
#[derive(Debug)]
pub struct HttpError(pub Error);

impl From<Error> for HttpError {
    fn from(e: Error) -> Self {
        HttpError(e)
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        let err = self.0;
        let status =
            StatusCode::from_u16(err.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let text = if status.is_client_error() || err.is_retryable() {
            tracing::info!(status = status.as_u16(), kind = %err.kind(), "{}", err.message());
            format!("BentoService error handling API request: {}", err.message())
        } else {
            tracing::error!(status = status.as_u16(), kind = %err.kind(), "{}", err.message());
            INTERNAL_MESSAGE.to_string()
        };
        // A JSON string: serde_json escapes exactly what Python's json.dumps(ensure_ascii=False)
        // escapes (quote, backslash, control characters).
        let body = serde_json::to_string(&text).unwrap_or_else(|_| "\"\"".to_string());
        let mut resp = (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))],
            body,
        )
            .into_response();
        if err.is_retryable() {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
        }
        resp
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_are_bentoml_json_strings() {
        let resp = HttpError(Error::bad_input("bad \"x\"\n")).into_response();
        assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
        let resp = HttpError(Error::unprocessable("u")).into_response();
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let resp = HttpError(Error::internal("secret")).into_response();
        assert_eq!(resp.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            serde_json::to_string(INTERNAL_MESSAGE).unwrap(),
            "\"An error has occurred in BentoML user code when handling this request, find the error details in server logs\""
        );
    }

    #[test]
    fn retryable_errors_carry_retry_after_and_their_message() {
        let resp = HttpError(Error::resource_exhausted("busy")).into_response();
        assert_eq!(resp.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(resp.headers()[header::RETRY_AFTER], "1");
        let resp = HttpError(Error::timeout("slow")).into_response();
        assert_eq!(resp.status(), StatusCode::REQUEST_TIMEOUT);
        assert!(resp.headers().get(header::RETRY_AFTER).is_none());
    }
}
