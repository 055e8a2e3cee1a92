//! axum integration: attach a [`NumpyNdarray`] to a handler as BentoML attaches it to an API.
//!
//! - [`Input`] is an extractor: it reads the request body (up to [`Limits::max_body_bytes`]),
//!   decodes it by its `Content-Type` and validates it against the API's input descriptor.
//! - [`Output`] is a responder: it validates the handler's array against the output descriptor
//!   and encodes it by the request's `Accept` header (JSON unless asked otherwise, byte for byte
//!   what BentoML answers).
//! - [`HttpError`] is the one place an [`Error`] becomes a status and a body, as BentoML's HTTP
//!   server does it.
//! - [`Service`] builds a whole BentoML-compatible router: the APIs plus `/docs.json`,
//!   `/healthz`, `/livez` and `/readyz`.
//! - [`Cors`] lets a page on another origin call the APIs over any transport and read the
//!   `X-Numpy-*` response headers (`Service::with_cors`, or [`Cors::layer`] on any router).
//!
//! Every request goes through the process's [`Guards`]: its body is counted against the
//! in-flight byte budget as it arrives (a declared length that does not fit is a 503 with
//! `Retry-After` before a byte is read), read under the body deadlines (a stalled or too slow
//! body is a 408), and the decoded array stays counted until the answer is written; a
//! [`Service`]'s handlers run through the model-call gate (503 when the queue is full or its
//! deadline passes). A CPU-bound model belongs off the async workers:
//! [`Service::blocking_api`] runs it on tokio's blocking pool.
//!
//! ```no_run
//! use axum::{Router, routing::post};
//! use ndarray_descriptor::{DType, NumpyNdarray, http::{Api, Input, Output}};
//!
//! async fn classify(input: Input) -> Output {
//!     let (x, reply) = input.into_parts();
//!     reply.respond(x) // the model goes here
//! }
//! let desc = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1, 4]).build()?;
//! let api = Api::new("classify", desc.clone(), desc);
//! let app: Router = Router::new().route("/classify", post(classify).with_state(api));
//! # Ok::<_, ndarray_descriptor::Error>(())
//! ```
//!
//! # Request bodies
//!
//! | `Content-Type` | decoded as |
//! |---|---|
//! | `application/octet-stream` | raw element bytes (numpy `tobytes()`), see below |
//! | `application/x-npy` | a `.npy` file (`np.save`) |
//! | anything else, or none | JSON, as BentoML reads every body (`curl -d` sends form type) |
//!
//! An `application/octet-stream` body is numpy `frombuffer(body, dtype).reshape(shape)`:
//!
//! - `X-Numpy-Dtype`: a numpy dtype spelling (`float32`, `<f4`, `>i8`, `U5`); default: the input
//!   descriptor's dtype (native byte order). Without either the request is a 400. A spelling
//!   numpy does not understand is a 422, as BentoML answers an invalid dtype.
//! - `X-Numpy-Byteorder`: `<` / `little`, `>` / `big` or `=` / `native`; overrides the byte
//!   order of the dtype (default: the dtype's own, native when it names none).
//! - `X-Numpy-Shape`: dimensions separated by commas, at most one `-1` (`2,4`, `-1,4`, `(2, 4)`
//!   and `[2,4]` also read; empty is a 0-d array); default: the input descriptor's shape with
//!   its `-1` inferred from the byte count, else a flat 1-D array.
//!
//! The array is then validated like any other (cast, reshape, enforce flags). Responses in
//! `application/octet-stream` are the array's bytes in its own byte order, described by the
//! same headers (`X-Numpy-Dtype: <i8`, `X-Numpy-Shape: 3`, `X-Numpy-Byteorder: little`).
//!
//! # Browsers
//!
//! A page reads an octet-stream response with `fetch` and `arrayBuffer()`, then views the bytes
//! as the typed array the `X-Numpy-Dtype` header names, swapping bytes when the
//! `X-Numpy-Byteorder` is not the platform's (the client in `clients/js/ndarray.js` does this).
//! A page served from another origin also needs [`Cors`]: its POST with a custom header is
//! preflighted, and the `X-Numpy-*` headers are hidden from scripts unless exposed.
//!
//! # Errors and statuses
//!
//! As BentoML's HTTP server: a client error answers its status (400 bad input, invalid argument
//! and limits; 422 an invalid dtype) with the JSON string body `"BentoService error handling API
//! request: <message>"`; anything else is a 500 with BentoML's fixed JSON string. The default
//! body limit is [`Limits::default`]'s `max_body_bytes`, 64 MiB; set it with
//! [`Api::with_limits`].

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{FromRef, FromRequest, Request};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde_json::{Map, Value, json};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::array::DynArray;
use crate::descriptor::NumpyNdarray;
use crate::dtype::{ByteOrder, DType};
use crate::error::{Error, Result};
use crate::guard::{Guards, Model, Reservation};
use crate::limits::Limits;
use crate::shape::ShapeSpec;
use crate::{npy, raw};

/// `application/json`: BentoML's (only) transport; the descriptor's
/// [`MIME_TYPE`](crate::MIME_TYPE).
pub const JSON: &str = crate::MIME_TYPE;
/// `application/octet-stream`: raw element bytes, described by the `X-Numpy-*` headers; the
/// raw transport's [`MEDIA_TYPE`](crate::raw::MEDIA_TYPE).
pub const OCTET_STREAM: &str = crate::raw::MEDIA_TYPE;
/// `application/x-npy`: a `.npy` file; the npy transport's [`MEDIA_TYPE`](crate::npy::MEDIA_TYPE).
pub const NPY: &str = crate::npy::MEDIA_TYPE;
/// Request/response header: the dtype of an `application/octet-stream` body.
pub const DTYPE_HEADER: &str = "x-numpy-dtype";
/// Request/response header: the shape of an `application/octet-stream` body.
pub const SHAPE_HEADER: &str = "x-numpy-shape";
/// Request/response header: the byte order of an `application/octet-stream` body.
pub const BYTEORDER_HEADER: &str = "x-numpy-byteorder";

/// `Retry-After` on a 503 (in-flight budget full, model queue full or past its deadline,
/// draining), in seconds.
pub const RETRY_AFTER_SECS: u64 = 1;

/// BentoML's body for an error that is not the client's (HTTP 500).
const INTERNAL_MESSAGE: &str = "An error has occurred in BentoML user code when handling this request, find the error details in server logs";

/// One API: its name (and route), input and output descriptors, limits and docs. Cheap to
/// clone (shared); it is the state [`Input`] reads (`post(handler).with_state(api)`, or any
/// state that implements `FromRef` for it).
#[derive(Debug, Clone)]
pub struct Api {
    inner: Arc<ApiInner>,
}

#[derive(Debug, Clone)]
struct ApiInner {
    name: String,
    route: String,
    input: NumpyNdarray,
    output: NumpyNdarray,
    limits: Limits,
    guards: Guards,
    doc: String,
    /// The handler a [`Service`] serves this API with; it rides in the state the router
    /// clones per request anyway, so the route captures nothing to clone.
    model: Option<Model>,
}

impl Api {
    /// An API named `name`, served at `/<name>`, with default [`Limits`] (64 MiB bodies).
    pub fn new(name: impl Into<String>, input: NumpyNdarray, output: NumpyNdarray) -> Api {
        let name = name.into();
        Api {
            inner: Arc::new(ApiInner {
                route: format!("/{name}"),
                name,
                input,
                output,
                limits: Limits::default(),
                guards: Guards::shared().clone(),
                doc: String::new(),
                model: None,
            }),
        }
    }

    fn edit(mut self, f: impl FnOnce(&mut ApiInner)) -> Api {
        // Builders run before the API is shared, so this never clones in practice.
        let mut inner = Arc::unwrap_or_clone(self.inner);
        f(&mut inner);
        self.inner = Arc::new(inner);
        self
    }

    /// Serve at `route` instead of `/<name>` (BentoML's `route=`; a leading `/` is added).
    pub fn with_route(self, route: impl Into<String>) -> Api {
        let route = route.into();
        let route = if route.starts_with('/') {
            route
        } else {
            format!("/{route}")
        };
        self.edit(|a| a.route = route)
    }

    /// Use `limits` for request bodies (`max_body_bytes`) and decoding.
    pub fn with_limits(self, limits: Limits) -> Api {
        self.edit(|a| a.limits = limits)
    }

    /// Count this API's requests against `guards` instead of [`Guards::shared`] (a
    /// [`Service`] sets its own on every API it serves).
    pub fn with_guards(self, guards: Guards) -> Api {
        self.edit(|a| a.guards = guards)
    }

    /// The guards in force.
    pub fn guards(&self) -> &Guards {
        &self.inner.guards
    }

    /// The API's documentation (the OpenAPI operation `description`).
    pub fn with_doc(self, doc: impl Into<String>) -> Api {
        let doc = doc.into();
        self.edit(|a| a.doc = doc)
    }

    /// The API name.
    pub fn name(&self) -> &str {
        &self.inner.name
    }

    /// The route, `/<name>` unless set.
    pub fn route(&self) -> &str {
        &self.inner.route
    }

    /// The input descriptor.
    pub fn input(&self) -> &NumpyNdarray {
        &self.inner.input
    }

    /// The output descriptor.
    pub fn output(&self) -> &NumpyNdarray {
        &self.inner.output
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    /// Decode a request body of media type `format` (with its `X-Numpy-*` headers) and validate
    /// it against the input descriptor.
    ///
    /// # Errors
    /// The transport's decode errors, the header errors described in the [module
    /// docs](self), and [`NumpyNdarray::validate`]'s.
    pub fn decode(&self, format: Format, headers: &HeaderMap, body: &[u8]) -> Result<DynArray> {
        let limits = &self.inner.limits;
        limits.check_body(body.len())?;
        let input = &self.inner.input;
        match format {
            Format::Json => input.from_json_with(body, limits),
            Format::Npy => input.from_npy_with(body, limits),
            Format::OctetStream => {
                input.validate(decode_octet_stream(input, headers, body, limits)?)
            }
        }
    }

    /// Validate `arr` against the output descriptor and encode it as `format`.
    ///
    /// # Errors
    /// [`NumpyNdarray::validate`]'s errors and the encoder's.
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

/// The transports [`Input`] reads and [`Output`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// `application/json` (BentoML's).
    Json,
    /// `application/octet-stream`: raw element bytes.
    OctetStream,
    /// `application/x-npy`: a `.npy` file.
    Npy,
}

impl Format {
    /// The `transport` label of the decoded-array metrics.
    pub(crate) fn metric_label(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::OctetStream => "octet_stream",
            Format::Npy => "npy",
        }
    }

    /// The media type.
    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Json => JSON,
            Format::OctetStream => OCTET_STREAM,
            Format::Npy => NPY,
        }
    }

    /// The request format for a `Content-Type` value: octet-stream and npy by name, JSON for
    /// anything else (BentoML parses every body as JSON, whatever its type).
    pub fn from_content_type(value: Option<&str>) -> Format {
        match value.map(media_type) {
            Some(m) if m.eq_ignore_ascii_case(OCTET_STREAM) => Format::OctetStream,
            Some(m) if m.eq_ignore_ascii_case(NPY) => Format::Npy,
            _ => Format::Json,
        }
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
            let mut parts = item.split(';');
            let media = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| {
                    let (k, v) = p.split_once('=')?;
                    (k.trim().eq_ignore_ascii_case("q")).then(|| v.trim().parse::<f32>().ok())?
                })
                .next()
                .unwrap_or(1.0);
            let format = if media.eq_ignore_ascii_case(JSON)
                || media == "*/*"
                || media.eq_ignore_ascii_case("application/*")
            {
                Format::Json
            } else if media.eq_ignore_ascii_case(OCTET_STREAM) {
                Format::OctetStream
            } else if media.eq_ignore_ascii_case(NPY) {
                Format::Npy
            } else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, format));
            }
        }
        best.map_or(Format::Json, |(_, f)| f)
    }
}

/// The media type of a `Content-Type` / `Accept` item, without parameters.
fn media_type(value: &str) -> &str {
    value.split(';').next().unwrap_or("").trim()
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h str>> {
    headers
        .get(name)
        .map(|v| {
            v.to_str()
                .map_err(|_| Error::bad_input(format!("the {name} header is not ASCII text")))
        })
        .transpose()
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

/// Extractor: the request's array, decoded by `Content-Type` and validated against the
/// [`Api`]'s input descriptor, plus the [`Reply`] that answers in the format `Accept` asks for.
///
/// The handler's state must give the [`Api`] (`Api: FromRef<S>`); the rejection is an
/// [`HttpError`].
#[derive(Debug)]
pub struct Input {
    array: DynArray,
    reply: Reply,
}

/// The request's bytes in the in-flight budget; shared by the [`Reply`] clones and released
/// when the last is dropped (once the answer is encoded).
type Held = Option<Arc<Reservation>>;

impl Input {
    /// The validated array.
    pub fn array(&self) -> &DynArray {
        &self.array
    }

    /// The array and the reply handle.
    pub fn into_parts(self) -> (DynArray, Reply) {
        (self.array, self.reply)
    }

    /// Answer with `arr` (see [`Reply::respond`]).
    pub fn respond(self, arr: impl Into<DynArray>) -> Output {
        self.reply.respond(arr)
    }
}

impl<S> FromRequest<S> for Input
where
    S: Send + Sync,
    Api: FromRef<S>,
{
    type Rejection = HttpError;

    async fn from_request(req: Request, state: &S) -> std::result::Result<Self, Self::Rejection> {
        let api = Api::from_ref(state);
        let (parts, body) = req.into_parts();
        let format = Format::from_content_type(header_str(&parts.headers, "content-type")?);
        let accept = Format::from_accept(header_str(&parts.headers, "accept").ok().flatten());
        let mut trace =
            tracing::enabled!(tracing::Level::DEBUG).then(|| Trace::start(&parts.headers, format));
        let guards = api.guards();
        let mut held = guards.budget().reserve(0)?;
        let body = read_body(body, &parts.headers, api.limits(), guards, &mut held)
            .await
            .inspect_err(|e| guards.note(e))?;
        let array = api.decode(format, &parts.headers, &body)?;
        guards.decoded(format.metric_label(), &array);
        if let Some(t) = &mut trace {
            t.decode = t.start.elapsed();
            t.dtype = array.dtype().str();
            t.shape = array.shape().to_vec();
        }
        held.hold_decoded(body.len(), &array)?;
        drop(body);
        Ok(Input {
            array,
            reply: Reply {
                api,
                format: accept,
                _held: Some(Arc::new(held)),
                trace,
            },
        })
    }
}

/// Read the whole body under the guards: a declared `Content-Length` is checked against
/// `max_body_bytes` and reserved in the budget before a byte is read; every frame then counts
/// against both as it arrives, and each must come before [`Guards`]' body deadlines.
async fn read_body(
    mut body: Body,
    headers: &HeaderMap,
    limits: &Limits,
    guards: &Guards,
    held: &mut Reservation,
) -> Result<axum::body::Bytes> {
    use http_body::Body as _;
    let limit = limits.max_body_bytes;
    let too_big =
        || Error::limit_exceeded(format!("request body exceeds the limit of {limit} bytes"));
    let declared = match headers.get(header::CONTENT_LENGTH) {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|t| t.trim().parse::<usize>().ok())
                .ok_or_else(|| Error::bad_input("invalid Content-Length header"))?,
        ),
    };
    if let Some(n) = declared {
        if n > limit {
            return Err(too_big());
        }
        held.resize(n)?;
    }
    let config = guards.config();
    let start = tokio::time::Instant::now();
    // The first frame is kept as it came: most bodies arrive whole, and are then not copied.
    let mut first: Option<axum::body::Bytes> = None;
    let mut rest: Vec<u8> = Vec::new();
    let mut received = 0usize;
    loop {
        let mut frame = std::pin::pin!(std::future::poll_fn(|cx| {
            Pin::new(&mut body).poll_frame(cx)
        }));
        // A frame already here needs no timer: most bodies arrive with their head, and arming
        // one per request costs a few percent of one-row throughput.
        let ready = std::future::poll_fn(|cx| Poll::Ready(frame.as_mut().poll(cx))).await;
        let frame = match ready {
            Poll::Ready(f) => Ok(f),
            Poll::Pending => {
                let (deadline, by_rate) =
                    crate::guard::next_frame_deadline(config, start, received);
                tokio::time::timeout_at(deadline, frame)
                    .await
                    .map_err(|_| crate::guard::body_timeout(config, received, by_rate))
            }
        };
        let frame = match frame? {
            None => break,
            Some(Err(e)) => {
                return Err(Error::bad_input(format!(
                    "failed to read the request body: {e}"
                )));
            }
            Some(Ok(frame)) => frame,
        };
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        let total = received.checked_add(data.len()).filter(|&t| t <= limit);
        let total = total.ok_or_else(too_big)?;
        if total > held.bytes() {
            held.resize(total)?;
        }
        received = total;
        match first.take() {
            None if rest.is_empty() => first = Some(data),
            taken => {
                if let Some(f) = taken {
                    grow(&mut rest, f.len() + data.len(), declared);
                    rest.extend_from_slice(&f);
                }
                grow(&mut rest, data.len(), declared);
                rest.extend_from_slice(&data);
            }
        }
    }
    Ok(first.unwrap_or_else(|| rest.into()))
}

/// Room for `more` bytes, doubling but never past a declared length the body keeps to (its
/// bytes are already reserved), so the buffer holds no more than the budget counts.
fn grow(buf: &mut Vec<u8>, more: usize, declared: Option<usize>) {
    let need = buf.len() + more;
    if need <= buf.capacity() {
        return;
    }
    let mut cap = need.max(buf.capacity() * 2);
    if let Some(d) = declared.filter(|&d| need <= d) {
        cap = cap.min(d);
    }
    buf.reserve_exact(cap - buf.len());
}

/// How to answer a request: the API (its output descriptor) and the format `Accept` chose.
#[derive(Debug, Clone)]
pub struct Reply {
    api: Api,
    format: Format,
    // Kept only to be dropped: the request's bytes leave the budget with the last reply.
    _held: Held,
    trace: Option<Trace>,
}

/// What the `debug` event of a request reports (made only when that level is on).
#[derive(Debug, Clone)]
struct Trace {
    id: String,
    transport: &'static str,
    dtype: String,
    shape: Vec<usize>,
    start: std::time::Instant,
    decode: Duration,
    model: Duration,
}

impl Trace {
    /// The request's id: its `X-Request-Id`, else a number of this process.
    fn start(headers: &HeaderMap, format: Format) -> Trace {
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
    /// A reply for `api` in `format` (for handlers that do not use [`Input`]).
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

/// Cross-origin resource sharing for pages on other origins: which origins may call the
/// service, answered with the headers a browser needs before it lets a script send an array and
/// read the answer.
///
/// - Preflight (`OPTIONS` with `Access-Control-Request-Method`) is answered for `GET` and `POST`
///   with the request headers `Content-Type`, `Accept` and the three `X-Numpy-*` headers (an
///   octet-stream POST with its dtype and shape is never a "simple" request).
/// - Every answer, errors included, carries `Access-Control-Allow-Origin` for an allowed origin
///   and `Access-Control-Expose-Headers: x-numpy-dtype, x-numpy-shape, x-numpy-byteorder`;
///   without that header a script sees none of the three.
/// - No credentials: the APIs take no cookies, so `*` is a valid choice.
///
/// ```
/// use ndarray_descriptor::http::Cors;
/// let any = Cors::any();
/// let two = Cors::origins(["https://app.example.com", "http://localhost:8080"])?;
/// let from_flag = Cors::parse("https://app.example.com, http://localhost:8080")?;
/// let layer = two.layer(); // for a router that is not a `Service`: `router.layer(layer)`
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Cors {
    /// Exact origins; `None` is any origin (`*`).
    origins: Option<Vec<HeaderValue>>,
    max_age: Duration,
}

impl Cors {
    /// Any origin may call (`Access-Control-Allow-Origin: *`).
    pub fn any() -> Cors {
        Cors {
            origins: None,
            max_age: Duration::from_secs(600),
        }
    }

    /// Only these origins may call (`scheme://host[:port]`, as a browser sends `Origin`); the
    /// matching one is echoed back, with `Vary: Origin`.
    ///
    /// # Errors
    /// Invalid argument for an empty list, `*` among others, or an entry that is not an origin
    /// (no `scheme://`, a path or trailing `/`, spaces or non-ASCII text): a browser's `Origin`
    /// header never matches such an entry, so it would silently allow nothing.
    pub fn origins<I, S>(origins: I) -> Result<Cors>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let origins = origins
            .into_iter()
            .map(|o| parse_origin(o.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        if origins.is_empty() {
            return Err(Error::invalid_argument(
                "CORS needs at least one origin (or `*` for any)",
            ));
        }
        Ok(Cors {
            origins: Some(origins),
            ..Cors::any()
        })
    }

    /// `*` for any origin, else origins separated by commas (for a flag or an environment
    /// variable).
    ///
    /// # Errors
    /// As [`Cors::origins`].
    pub fn parse(spec: &str) -> Result<Cors> {
        if spec.trim() == "*" {
            return Ok(Cors::any());
        }
        Cors::origins(spec.split(',').map(str::trim).filter(|o| !o.is_empty()))
    }

    /// How long a browser may cache a preflight answer (`Access-Control-Max-Age`; default 600 s).
    pub fn with_max_age(mut self, max_age: Duration) -> Cors {
        self.max_age = max_age;
        self
    }

    /// The allowed origins; `None` when any origin is.
    pub fn allowed_origins(&self) -> Option<Vec<&str>> {
        self.origins
            .as_ref()
            .map(|list| list.iter().filter_map(|o| o.to_str().ok()).collect())
    }

    /// The tower layer that answers preflights and adds the headers (tower-http's `CorsLayer`).
    pub fn layer(&self) -> CorsLayer {
        let numpy = [DTYPE_HEADER, SHAPE_HEADER, BYTEORDER_HEADER].map(HeaderName::from_static);
        let origin = match &self.origins {
            None => AllowOrigin::any(),
            Some(list) => AllowOrigin::list(list.iter().cloned()),
        };
        CorsLayer::new()
            .allow_origin(origin)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers(
                [header::CONTENT_TYPE, header::ACCEPT]
                    .into_iter()
                    .chain(numpy.iter().cloned())
                    .collect::<Vec<_>>(),
            )
            .expose_headers(numpy.to_vec())
            .max_age(self.max_age)
    }
}

/// One `Origin` value: `scheme://host[:port]`, nothing after the authority.
fn parse_origin(text: &str) -> Result<HeaderValue> {
    let bad = |why: &str| {
        Error::invalid_argument(format!(
            "invalid CORS origin {text:?}: {why} (expected scheme://host[:port], e.g. \
             http://localhost:8080, or `*` alone for any origin)"
        ))
    };
    if text == "*" {
        return Err(bad("`*` cannot be listed with other origins"));
    }
    let Some((scheme, authority)) = text.split_once("://") else {
        return Err(bad("no scheme"));
    };
    if scheme.is_empty() || authority.is_empty() {
        return Err(bad("no scheme or host"));
    }
    if authority.contains('/') {
        return Err(bad("an origin has no path, not even a trailing /"));
    }
    if !text.is_ascii()
        || text
            .chars()
            .any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
    {
        return Err(bad("spaces or non-ASCII text"));
    }
    HeaderValue::from_str(text).map_err(|_| bad("not a header value"))
}

/// A BentoML-compatible HTTP service: APIs with async handlers from array to array, served
/// with `/docs.json` (the OpenAPI document BentoML's `generate_spec` writes), `/healthz`,
/// `/livez` and `/readyz`.
///
/// ```no_run
/// use ndarray_descriptor::{DynArray, NumpyNdarray, Result, http::{Api, Service}};
/// async fn echo(x: DynArray) -> Result<DynArray> { Ok(x) }
/// let api = Api::new("echo", NumpyNdarray::new(), NumpyNdarray::new());
/// let app: axum::Router = Service::new("demo").api(api, echo).router()?;
/// # Ok::<_, ndarray_descriptor::Error>(())
/// ```
pub struct Service {
    name: String,
    doc: Option<String>,
    apis: Vec<(Api, Model)>,
    cors: Option<Cors>,
    guards: Guards,
}

impl std::fmt::Debug for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Service")
            .field("name", &self.name)
            .field(
                "apis",
                &self.apis.iter().map(|(a, _)| a.name()).collect::<Vec<_>>(),
            )
            .field("cors", &self.cors)
            .field("guards", &self.guards)
            .finish()
    }
}

impl Service {
    /// A service named `name` (BentoML's service name: the OpenAPI title and operation ids).
    pub fn new(name: impl Into<String>) -> Service {
        Service {
            name: name.into(),
            doc: None,
            apis: Vec::new(),
            cors: None,
            guards: Guards::shared().clone(),
        }
    }

    /// Count every API's requests against `guards` and run its handlers through their gate
    /// (default [`Guards::shared`], one set for the whole process; give a
    /// [`grpc::Servicer`](crate::grpc::Servicer) the same guards to share them with gRPC).
    pub fn with_guards(mut self, guards: Guards) -> Service {
        self.guards = guards;
        self
    }

    /// Answer cross-origin requests from `cors`'s origins on every route (default: none, so only
    /// pages served by the same origin can read the answers).
    pub fn with_cors(mut self, cors: Cors) -> Service {
        self.cors = Some(cors);
        self
    }

    /// The service documentation (the OpenAPI `info.description`).
    pub fn with_doc(mut self, doc: impl Into<String>) -> Service {
        self.doc = Some(doc.into());
        self
    }

    /// Add `api`, answered by `handler` (the decoded, validated input → the output array),
    /// as `POST <route>`. The handler runs once the model-call gate lets it (see [`Guards`]);
    /// it runs on the async workers, so it must not block them: a CPU-bound model goes in
    /// [`Service::blocking_api`].
    pub fn api<F, Fut>(mut self, api: Api, handler: F) -> Service
    where
        F: Fn(DynArray) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<DynArray>> + Send + 'static,
    {
        self.apis.push((api, Model::from_async(handler)));
        self
    }

    /// Add `api` answered by a blocking `model` (CPU-bound inference: `ort`, `tract`,
    /// `candle` on the CPU, `ndarray` math), run on tokio's blocking pool so the async workers
    /// keep reading requests and answering probes meanwhile. At most
    /// [`GuardConfig::max_concurrent_calls`](crate::guard::GuardConfig) run at once (one per
    /// CPU by default). A call whose measured cost for its input size is under
    /// [`GuardConfig::max_inline_call`](crate::guard::GuardConfig) (50 µs) runs in place
    /// instead: handing a call of microseconds to another thread costs more than the call.
    ///
    /// ```no_run
    /// use ndarray_descriptor::{DynArray, NumpyNdarray, Result, http::{Api, Service}};
    /// fn model(x: DynArray) -> Result<DynArray> { Ok(x) } // heavy math here
    /// let api = Api::new("predict", NumpyNdarray::new(), NumpyNdarray::new());
    /// let app: axum::Router = Service::new("demo").blocking_api(api, model).router()?;
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    pub fn blocking_api<F>(mut self, api: Api, model: F) -> Service
    where
        F: Fn(DynArray) -> Result<DynArray> + Send + Sync + 'static,
    {
        self.apis.push((api, Model::from_blocking(model)));
        self
    }

    /// The OpenAPI document, laid out as BentoML's `generate_spec` lays it out (the same paths,
    /// operations, tags, error schemas and descriptor parts; `/metrics` is not listed since it
    /// is not served).
    ///
    /// # Errors
    /// As [`NumpyNdarray::openapi_request_body`] (a sample holding NaN cannot be described).
    pub fn openapi(&self) -> Result<Value> {
        let mut paths = Map::new();
        #[cfg(feature = "metrics")]
        let infra = INFRA.iter().chain([&METRICS_PATH]);
        #[cfg(not(feature = "metrics"))]
        let infra = INFRA.iter();
        for (path, description) in infra {
            paths.insert(
                path.to_string(),
                json!({"get": {
                    "responses": {"200": {"description": "Successful Response"}},
                    "tags": ["Infrastructure"],
                    "description": description,
                }}),
            );
        }
        for (api, _) in &self.apis {
            let mut responses = Map::new();
            responses.insert("200".into(), api.output().openapi_responses()?);
            for (code, title, description) in ERRORS {
                responses.insert(
                    code.to_string(),
                    json!({"description": description, "content": {JSON: {"schema": {
                        "$ref": format!("#/components/schemas/{title}")}}}}),
                );
            }
            paths.insert(
                api.route().to_string(),
                json!({"post": {
                    "responses": responses,
                    "tags": ["Service APIs"],
                    "consumes": [api.input().mime_type()],
                    "produces": [api.output().mime_type()],
                    "x-bentoml-name": api.name(),
                    "summary": "InferenceAPI(NumpyNdarray \u{2192} NumpyNdarray)",
                    "description": api.inner.doc,
                    "requestBody": api.input().openapi_request_body()?,
                    "operationId": format!("{}__{}", self.name, api.name()),
                }}),
            );
        }
        let schemas: BTreeMap<&str, Value> = ERRORS
            .iter()
            .map(|(_, title, description)| {
                (
                    *title,
                    json!({
                        "type": "object",
                        "title": title,
                        "required": ["error"],
                        "properties": {
                            "error": {"type": "string", "title": "Message"},
                            "detail": {"type": "string", "title": "Error Detail"},
                        },
                        "description": description,
                    }),
                )
            })
            .collect();
        Ok(json!({
            "openapi": "3.0.2",
            "info": {
                "title": self.name,
                "version": "None",
                "description": self.doc.clone().unwrap_or_else(|| self.default_doc()),
                "contact": {"name": "BentoML Team", "email": "contact@bentoml.com"},
            },
            "paths": paths,
            "servers": [{"url": "."}],
            "tags": [
                {"name": "Service APIs", "description": "BentoML Service API endpoints for inference."},
                {"name": "Infrastructure", "description": "Common infrastructure endpoints for observability."},
            ],
            "components": {"schemas": schemas},
        }))
    }

    /// BentoML's generated README table of APIs.
    fn default_doc(&self) -> String {
        let mut doc = format!(
            "# {}\n\nThis is a Machine Learning Service created with BentoML.\n\
             | InferenceAPI | Input | Output |\n| ------------ | ----- | ------ |\n",
            self.name
        );
        for (api, _) in &self.apis {
            doc.push_str(&format!(
                "| POST [`{}`](#operations-Service_APIs-{}__{}) | NumpyNdarray | NumpyNdarray |\n",
                api.route(),
                self.name,
                api.name()
            ));
        }
        doc
    }

    /// The router: every API, `GET /docs.json`, and the probes `/healthz`, `/livez`, `/readyz`
    /// (200 with the body `"\n"`, as BentoML's; `/readyz` answers 503 once the guards are
    /// draining); with [`Service::with_cors`], its layer wraps them all.
    ///
    /// # Errors
    /// As [`Service::openapi`], which is rendered once here.
    pub fn router(self) -> Result<Router> {
        let docs = serde_json::to_vec(&self.openapi()?)
            .map_err(|e| Error::internal(format!("cannot write the OpenAPI document: {e}")))?;
        let docs = axum::body::Bytes::from(docs);
        let probe = || async { ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "\n") };
        let guards = self.guards.clone();
        let ready = move || {
            let draining = guards.is_draining();
            async move {
                if draining {
                    let mut resp = (
                        StatusCode::SERVICE_UNAVAILABLE,
                        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                        "Service is shutting down.",
                    )
                        .into_response();
                    resp.headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
                    resp
                } else {
                    probe().await.into_response()
                }
            }
        };
        let mut router = Router::new()
            .route(
                "/docs.json",
                get(move || async move {
                    (
                        [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))],
                        docs,
                    )
                }),
            )
            .route("/healthz", get(probe))
            .route("/livez", get(probe))
            .route("/readyz", get(ready));
        #[cfg(feature = "metrics")]
        let api_paths: Vec<String> = self
            .apis
            .iter()
            .map(|(a, _)| a.route().to_string())
            .collect();
        for (api, model) in self.apis {
            let guards = self.guards.clone();
            let api = api.edit(|a| {
                a.guards = guards;
                a.model = Some(model);
            });
            let route = api.route().to_string();
            router = router.route(&route, api_route(api));
        }
        #[cfg(feature = "metrics")]
        {
            let paths = INFRA
                .iter()
                .map(|(p, _)| p.to_string())
                .chain(["/docs.json".to_string()])
                .chain(api_paths)
                .collect();
            router = crate::http_metrics::instrument(router, &self.name, paths, &self.guards);
        }
        if let Some(cors) = &self.cors {
            router = router.layer(cors.layer());
        }
        Ok(router)
    }
}

/// `POST` for one API: the extractor decodes under the guards, the gate admits the handler.
fn api_route(api: Api) -> MethodRouter {
    post(|input: Input| async move {
        let (x, mut reply) = input.into_parts();
        let mut trace = reply.trace.take();
        let api = reply.api();
        let model =
            api.inner.model.as_ref().ok_or_else(|| {
                HttpError(Error::internal(format!("no handler for {}", api.name())))
            })?;
        let call = model.call(x, api.guards());
        let y = match &mut trace {
            // A span around the model, so what it logs carries the request's id.
            Some(t) => {
                use tracing::Instrument;
                let span = tracing::debug_span!("request", request_id = %t.id, api = api.name());
                let start = std::time::Instant::now();
                let y = call.instrument(span).await;
                t.model = start.elapsed();
                y
            }
            None => call.await,
        };
        let y = y.inspect_err(|e| api.guards().note(e))?;
        reply.trace = trace;
        Ok::<_, HttpError>(reply.respond(y))
    })
    .with_state(api)
}

/// BentoML's infrastructure endpoints and their OpenAPI descriptions (`INFRA_DECRIPTION`).
const INFRA: [(&str, &str); 3] = [
    (
        "/healthz",
        "Health check endpoint. Expecting an empty response with status code <code>200</code> when the service is in health state. The <code>/healthz</code> endpoint is <b>deprecated</b>. (since Kubernetes v1.16)",
    ),
    (
        "/livez",
        "Health check endpoint for Kubernetes. Healthy endpoint responses with a <code>200</code> OK status.",
    ),
    (
        "/readyz",
        "A <code>200</code> OK status from <code>/readyz</code> endpoint indicated the service is ready to accept traffic. From that point and onward, Kubernetes will use <code>/livez</code> endpoint to perform periodic health checks.",
    ),
];

/// BentoML's `/metrics` entry, listed when it is served (feature `metrics`).
#[cfg(feature = "metrics")]
const METRICS_PATH: (&str, &str) = (
    "/metrics",
    "Prometheus metrics endpoint. The <code>/metrics</code> responses with a <code>200</code>. The output can then be used by a Prometheus sidecar to scrape the metrics of the service.",
);

/// The error responses BentoML lists on every API: status, schema title, description.
const ERRORS: [(u16, &str, &str); 3] = [
    (400, "InvalidArgument", "Bad Request"),
    (404, "NotFound", "Not Found"),
    (500, "InternalServerError", "Internal Server Error"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_picks_the_transport() {
        assert_eq!(Format::from_content_type(None), Format::Json);
        assert_eq!(
            Format::from_content_type(Some("application/x-www-form-urlencoded")),
            Format::Json
        );
        assert_eq!(
            Format::from_content_type(Some("Application/Octet-Stream; x=1")),
            Format::OctetStream
        );
        assert_eq!(
            Format::from_content_type(Some("application/x-npy")),
            Format::Npy
        );
    }

    #[test]
    fn accept_negotiation() {
        assert_eq!(Format::from_accept(None), Format::Json);
        assert_eq!(Format::from_accept(Some("*/*")), Format::Json);
        assert_eq!(Format::from_accept(Some("text/html")), Format::Json);
        assert_eq!(Format::from_accept(Some("application/x-npy")), Format::Npy);
        assert_eq!(
            Format::from_accept(Some("application/json;q=0.5, application/octet-stream")),
            Format::OctetStream
        );
        assert_eq!(
            Format::from_accept(Some("application/x-npy;q=0, */*;q=0.1")),
            Format::Json
        );
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

    fn f32_desc() -> NumpyNdarray {
        NumpyNdarray::builder()
            .dtype(DType::FLOAT32)
            .shape([-1, 2])
            .build()
            .unwrap()
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

    #[test]
    fn body_buffer_grows_to_the_declared_length_and_no_further() {
        let mut buf = Vec::new();
        grow(&mut buf, 10, Some(25));
        buf.extend_from_slice(&[0; 10]);
        grow(&mut buf, 15, Some(25));
        assert_eq!(buf.capacity(), 25);
        // An undeclared body doubles.
        let mut buf = vec![0u8; 16];
        grow(&mut buf, 1, None);
        assert_eq!(buf.capacity(), 32);
    }

    #[test]
    fn openapi_lists_apis_and_probes() {
        let api = Api::new("classify", f32_desc(), NumpyNdarray::new());
        let svc = Service::new("svc").api(api, |x: DynArray| async move { Ok(x) });
        let doc = svc.openapi().unwrap();
        let op = &doc["paths"]["/classify"]["post"];
        assert_eq!(op["operationId"], "svc__classify");
        assert_eq!(
            op["requestBody"]["x-bentoml-io-descriptor"]["args"]["shape"],
            json!([-1, 2])
        );
        assert_eq!(
            op["responses"]["400"]["content"][JSON]["schema"]["$ref"],
            "#/components/schemas/InvalidArgument"
        );
        assert!(doc["paths"]["/readyz"]["get"].is_object());
    }

    #[test]
    fn cors_origins_are_checked() {
        assert_eq!(Cors::parse("*").unwrap().allowed_origins(), None);
        let cors = Cors::parse(" https://a.example, http://localhost:8080 ,").unwrap();
        assert_eq!(
            cors.allowed_origins(),
            Some(vec!["https://a.example", "http://localhost:8080"])
        );
        for (bad, why) in [
            ("", "at least one origin"),
            ("https://a.example/", "no path"),
            ("a.example", "no scheme"),
            ("https://", "no scheme or host"),
            ("https://a.example, *", "cannot be listed"),
            ("https://a b", "spaces"),
            ("https://é.example", "non-ASCII"),
        ] {
            let err = Cors::parse(bad).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::InvalidArgument, "{bad}");
            assert!(err.message().contains(why), "{bad}: {}", err.message());
        }
    }
}
