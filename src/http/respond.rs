//! Answers: the handler's array goes back through [`Reply::respond`] as an [`Output`], which
//! [`Api::encode`] validates and encodes in the format `Accept` chose; [`HttpError`] is the one
//! place an [`Error`] becomes a status and a body.

use std::sync::Arc;
use std::time::Instant;

use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::negotiate::write_numpy_headers;
use super::trace::Trace;
use super::{Api, Format, JSON, LOG_TARGET};
use crate::array::DynArray;
use crate::error::{Error, Result};
use crate::guard::Reservation;
use crate::{npy, raw};

/// How to answer a request: the API (its output descriptor) and the format `Accept` chose.
#[derive(Debug, Clone)]
pub struct Reply {
    api: Api,
    format: Format,
    // Kept only to be dropped: the request's bytes leave the budget with the last reply.
    _held: Held,
    /// Taken by a [`Service`](super::Service) route while it times the model.
    pub(super) trace: Option<Trace>,
}

/// The request's bytes in the in-flight budget; shared by the [`Reply`] clones and released
/// when the last is dropped (once the answer is encoded).
type Held = Option<Arc<Reservation>>;

impl Reply {
    /// The reply [`Input`](super::Input) makes: it holds the request's reservation `held`.
    pub(super) fn holding(
        api: Api,
        format: Format,
        held: Reservation,
        trace: Option<Trace>,
    ) -> Reply {
        Reply {
            api,
            format,
            _held: Some(Arc::new(held)),
            trace,
        }
    }

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
        let Output { reply, array } = self;
        let encode_start = reply.trace.as_ref().map(|_| Instant::now());
        let resp = match reply.api.encode(reply.format, array) {
            Ok(resp) => resp,
            Err(e) => HttpError(e).into_response(),
        };
        if let (Some(t), Some(start)) = (&reply.trace, encode_start) {
            t.report(reply.api.name(), resp.status().as_u16(), start);
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
        let mut numpy = HeaderMap::new();
        let body = match format {
            Format::Json => output.to_json(arr)?,
            Format::Npy => npy::encode(&output.validate(arr)?)?,
            Format::OctetStream => {
                let arr = output.validate(arr)?;
                let body = raw::encode(&arr, arr.dtype().order())?;
                write_numpy_headers(&mut numpy, &arr);
                body
            }
            #[cfg(feature = "arrow")]
            Format::ArrowStream => output.to_arrow_stream(arr)?,
        };
        let mut resp = (content_type(format.mime_type()), body).into_response();
        resp.headers_mut().extend(numpy);
        Ok(resp)
    }
}

/// The `Content-Type` header of an answer in `media_type`.
pub(super) fn content_type(media_type: &'static str) -> [(HeaderName, HeaderValue); 1] {
    [(header::CONTENT_TYPE, HeaderValue::from_static(media_type))]
}

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
        let (code, kind, message) = (status.as_u16(), err.kind(), err.message());
        let text = if status.is_client_error() || err.is_retryable() {
            tracing::info!(target: LOG_TARGET, status = code, kind = %kind, "{message}");
            format!("BentoService error handling API request: {message}")
        } else {
            tracing::error!(target: LOG_TARGET, status = code, kind = %kind, "{message}");
            INTERNAL_MESSAGE.to_string()
        };
        // A JSON string: serde_json escapes exactly what Python's json.dumps(ensure_ascii=False)
        // escapes (quote, backslash, control characters).
        let body = serde_json::to_string(&text).unwrap_or_else(|_| "\"\"".to_string());
        let resp = (status, content_type(JSON), body).into_response();
        if err.is_retryable() {
            with_retry_after(resp)
        } else {
            resp
        }
    }
}

/// BentoML's body for an error that is not the client's (HTTP 500).
const INTERNAL_MESSAGE: &str = "An error has occurred in BentoML user code when handling this request, find the error details in server logs";

/// `Retry-After` on a 503 (in-flight budget full, model queue full or past its deadline,
/// draining), in seconds.
pub const RETRY_AFTER_SECS: u64 = 1;

/// `resp` telling the client when to try again ([`RETRY_AFTER_SECS`]).
pub(super) fn with_retry_after(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    resp
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
