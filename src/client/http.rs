//! The HTTP transport: `/docs.json` for the API list, `POST /<api>` for a call, BentoML's
//! error bodies back into [`Error`]s.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use hyper::{HeaderMap, Request, StatusCode, Uri};
use hyper_util::client::legacy::Client as Pool;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use serde_json::Value;

use super::{ApiInfo, ClientConfig, Failure, Transport, bad_answer};
use crate::array::DynArray;
use crate::descriptor::{DESCRIPTOR_ID, NumpyNdarray};
use crate::dtype::{ByteOrder, DType};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::{json, npy, raw};

const JSON: &str = crate::MIME_TYPE;
const NPY: &str = npy::MEDIA_TYPE;
const OCTET_STREAM: &str = raw::MEDIA_TYPE;
const DTYPE_HEADER: &str = "x-numpy-dtype";
const SHAPE_HEADER: &str = "x-numpy-shape";
const BYTEORDER_HEADER: &str = "x-numpy-byteorder";
/// `Accept` under [`Transport::Auto`]: `.npy` from a server that has it, JSON from any other
/// (BentoML ignores `Accept`).
const ACCEPT_AUTO: &str = "application/x-npy, application/json;q=0.5";
/// BentoML's prefix of a client error's message (`"BentoService error handling API request: "`).
const BENTOML_PREFIX: &str = "BentoService error handling API request: ";
/// At most this much of an error body that is not BentoML's JSON string goes into a message.
const MAX_ERROR_TEXT: usize = 512;

/// The pooled HTTP/1.1 client of one service.
#[derive(Debug)]
pub(super) struct HttpTransport {
    base: String,
    transport: Transport,
    limits: Limits,
    pool: Pool<HttpConnector, Full<Bytes>>,
    /// Under [`Transport::Auto`]: the server has answered in `.npy`, so it reads `.npy` too.
    speaks_npy: AtomicBool,
}

impl HttpTransport {
    pub(super) fn new(base: &str, transport: Transport, config: &ClientConfig) -> Result<Self> {
        // Checked once here, so every request URI built from it parses.
        base.parse::<Uri>()
            .map_err(|e| Error::invalid_argument(format!("invalid service URL {base:?}: {e}")))?;
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(config.connect_timeout));
        connector.set_nodelay(true);
        let pool = Pool::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .pool_idle_timeout(config.pool_idle_timeout)
            .pool_max_idle_per_host(config.pool_max_idle)
            .build(connector);
        Ok(HttpTransport {
            base: base.to_string(),
            transport,
            limits: config.limits,
            pool,
            speaks_npy: AtomicBool::new(false),
        })
    }

    /// The APIs `/docs.json` lists.
    pub(super) async fn apis(&self) -> Result<Arc<[ApiInfo]>, Failure> {
        let req = Request::get(self.uri("/docs.json")?)
            .header(ACCEPT, JSON)
            .body(Full::default())
            .map_err(|e| Error::invalid_argument(format!("request: {e}")))?;
        let (_, body) = self.send(req).await?;
        let doc: Value = serde_json::from_slice(&body)
            .map_err(|e| Error::internal(format!("/docs.json is not JSON: {e}")))?;
        Ok(apis_of(&doc)?.into())
    }

    /// One call of `api` with the (validated) `input`.
    pub(super) async fn call(&self, api: &ApiInfo, input: &DynArray) -> Result<DynArray, Failure> {
        let npy_now = self.transport == Transport::Npy
            || (self.transport == Transport::Auto && self.speaks_npy.load(Ordering::Relaxed));
        let mut req = Request::post(self.uri(&api.route)?);
        let body = if npy_now {
            req = req.header(CONTENT_TYPE, NPY).header(ACCEPT, NPY);
            npy::encode(input)?
        } else if self.transport == Transport::OctetStream {
            let dtype = input.dtype();
            req = req
                .header(CONTENT_TYPE, OCTET_STREAM)
                .header(ACCEPT, OCTET_STREAM)
                .header(DTYPE_HEADER, dtype.str())
                .header(SHAPE_HEADER, shape_text(input.shape()));
            raw::encode(input, dtype.order())?
        } else {
            let accept = if self.transport == Transport::Auto {
                ACCEPT_AUTO
            } else {
                JSON
            };
            req = req.header(CONTENT_TYPE, JSON).header(ACCEPT, accept);
            json::encode(input)?
        };
        let req = req
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| Error::invalid_argument(format!("request: {e}")))?;
        let (headers, body) = self.send(req).await?;
        let media = media_type(&headers);
        let out = &api.output;
        let answer = if media.eq_ignore_ascii_case(NPY) {
            if self.transport == Transport::Auto {
                self.speaks_npy.store(true, Ordering::Relaxed);
            }
            out.from_npy_with(&body, &self.limits)
        } else if media.eq_ignore_ascii_case(OCTET_STREAM) {
            from_octet_stream(out, &headers, &body, &self.limits)
        } else {
            out.from_json_with(&body, &self.limits)
        };
        Ok(answer.map_err(bad_answer)?)
    }

    fn uri(&self, path: &str) -> Result<Uri> {
        format!("{}{path}", self.base)
            .parse()
            .map_err(|e| Error::invalid_argument(format!("invalid route {path:?}: {e}")))
    }

    /// Send `req`; a 2xx answer's headers and body (bounded by the limits), else the failure
    /// its status and body map to.
    async fn send(&self, req: Request<Full<Bytes>>) -> Result<(HeaderMap, Vec<u8>), Failure> {
        let uri = req.uri().clone();
        let resp = self.pool.request(req).await.map_err(|e| {
            if e.is_connect() {
                // Nothing was sent: another attempt is safe.
                Failure {
                    error: Error::unavailable(format!("cannot connect to {uri}: {}", chain(&e))),
                    retryable: true,
                    retry_after: None,
                }
            } else {
                Failure::final_(Error::internal(format!(
                    "request to {uri} failed: {}",
                    chain(&e)
                )))
            }
        })?;
        let (parts, body) = resp.into_parts();
        let body = read_body(body, &parts.headers, &self.limits).await?;
        if parts.status.is_success() {
            return Ok((parts.headers, body));
        }
        Err(status_failure(parts.status, &parts.headers, &body))
    }
}

/// The body of an answer, at most `limits.max_body_bytes`: a larger declared length is refused
/// before a byte is read, and the count is checked as frames arrive.
async fn read_body(
    mut body: hyper::body::Incoming,
    headers: &HeaderMap,
    limits: &Limits,
) -> Result<Vec<u8>> {
    let declared = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let max = limits.max_body_bytes;
    let too_big = |n: u64| {
        Error::limit_exceeded(format!(
            "answer body of {n} bytes exceeds the limit of {max} bytes"
        ))
    };
    if let Some(n) = declared.filter(|&n| n > max as u64) {
        return Err(too_big(n));
    }
    // Preallocate only what is declared and allowed.
    let mut buf = Vec::with_capacity(declared.map_or(0, |n| n as usize));
    while let Some(frame) = body.frame().await {
        let frame =
            frame.map_err(|e| Error::internal(format!("the answer broke off: {}", chain(&e))))?;
        if let Ok(data) = frame.into_data() {
            let total = buf.len().saturating_add(data.len());
            if total > max {
                return Err(too_big(total as u64));
            }
            buf.extend_from_slice(&data);
        }
    }
    Ok(buf)
}

/// The failure an error status and its body stand for (see the module docs' table).
pub(super) fn status_failure(status: StatusCode, headers: &HeaderMap, body: &[u8]) -> Failure {
    let message = error_message(status, body);
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(Duration::from_secs);
    let error = match status.as_u16() {
        400 => Error::bad_input(message),
        404 | 405 => Error::invalid_argument(message),
        408 => Error::timeout(message),
        422 => Error::unprocessable(message),
        503 => Error::unavailable(match retry_after {
            Some(d) => format!("{message} (Retry-After: {} s)", d.as_secs()),
            None => message,
        }),
        401..=499 => Error::bad_input(message),
        _ => Error::internal(message),
    };
    Failure {
        retryable: status == StatusCode::SERVICE_UNAVAILABLE,
        error,
        retry_after,
    }
}

/// BentoML's message: a JSON string body without its `BentoService error handling API
/// request: ` prefix; any other body as (at most [`MAX_ERROR_TEXT`] bytes of) text, with the
/// status.
fn error_message(status: StatusCode, body: &[u8]) -> String {
    if let Ok(Value::String(s)) = serde_json::from_slice::<Value>(body) {
        return match s.strip_prefix(BENTOML_PREFIX) {
            Some(rest) => rest.to_string(),
            None => s,
        };
    }
    let text = String::from_utf8_lossy(&body[..body.len().min(MAX_ERROR_TEXT)]);
    let text = text.trim();
    if text.is_empty() {
        format!("HTTP {status}")
    } else {
        format!("HTTP {status}: {text}")
    }
}

/// The media type of the answer's `Content-Type` (no parameters); empty without one.
fn media_type(headers: &HeaderMap) -> &str {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map_or("", |v| v.split(';').next().unwrap_or("").trim())
}

/// `X-Numpy-Shape` for `shape`: dimensions separated by commas (empty for 0-d).
fn shape_text(shape: &[usize]) -> String {
    shape
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// An `application/octet-stream` answer: raw bytes whose dtype, byte order and shape the
/// `X-Numpy-*` headers give, then validated by the output descriptor.
fn from_octet_stream(
    out: &NumpyNdarray,
    headers: &HeaderMap,
    body: &[u8],
    limits: &Limits,
) -> Result<DynArray> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let mut dtype = match header(DTYPE_HEADER) {
        Some(spelling) => DType::parse(spelling)?,
        None => out
            .dtype()
            .ok_or_else(|| Error::bad_input("an octet-stream answer without X-Numpy-Dtype"))?,
    };
    match header(BYTEORDER_HEADER).map(str::trim) {
        Some("<" | "little") => dtype = dtype.with_byteorder(ByteOrder::Little),
        Some(">" | "big") => dtype = dtype.with_byteorder(ByteOrder::Big),
        _ => {}
    }
    let flat = raw::decode(body, dtype, limits)?;
    let shape: Vec<i64> = match header(SHAPE_HEADER).map(str::trim) {
        None => return out.validate(flat),
        Some("") => Vec::new(),
        Some(text) => text
            .split(',')
            .map(|d| d.trim().parse::<i64>())
            .collect::<Result<_, _>>()
            .map_err(|_| Error::bad_input(format!("invalid X-Numpy-Shape {text:?}")))?,
    };
    // The descriptor's own reshape (numpy's `reshape`), then the output descriptor's checks.
    let arr = NumpyNdarray::builder()
        .shape(shape.clone())
        .build()?
        .validate(flat)?;
    if arr
        .shape()
        .iter()
        .map(|&d| d as i64)
        .ne(shape.iter().copied())
    {
        return Err(Error::bad_input(format!(
            "{} elements do not make X-Numpy-Shape {shape:?}",
            arr.len()
        )));
    }
    out.validate(arr)
}

/// The `NumpyNdarray → NumpyNdarray` APIs of an OpenAPI document as BentoML (and this crate's
/// `http::Service`) write it: each `post` operation whose request body and `200` response carry
/// an `x-bentoml-io-descriptor` of [`DESCRIPTOR_ID`].
pub(super) fn apis_of(doc: &Value) -> Result<Vec<ApiInfo>> {
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| Error::internal("/docs.json has no \"paths\" object"))?;
    let mut apis = Vec::new();
    for (route, item) in paths {
        let Some(op) = item.get("post") else { continue };
        let spec = |v: Option<&Value>| {
            v.and_then(|v| v.get("x-bentoml-io-descriptor"))
                .filter(|s| s.get("id").and_then(Value::as_str) == Some(DESCRIPTOR_ID))
                .and_then(|s| match NumpyNdarray::from_spec(s) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        tracing::warn!(route, "descriptor left out: {e}");
                        None
                    }
                })
        };
        let input = spec(op.get("requestBody"));
        let output = spec(op.pointer("/responses/200"));
        let (Some(input), Some(output)) = (input, output) else {
            continue;
        };
        let name = op
            .get("x-bentoml-name")
            .and_then(Value::as_str)
            .unwrap_or_else(|| route.trim_start_matches('/'));
        apis.push(ApiInfo {
            name: name.to_string(),
            route: route.clone(),
            input,
            output,
            doc: op
                .get("description")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        });
    }
    Ok(apis)
}

/// An error with its sources, `a: b: c`.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    // Bounded: error chains are short, but never trust a cycle.
    for _ in 0..8 {
        let Some(s) = source else { break };
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;

    #[test]
    fn bentoml_bodies_become_kinds_and_messages() {
        let h = HeaderMap::new();
        let f = status_failure(
            StatusCode::BAD_REQUEST,
            &h,
            br#""BentoService error handling API request: NumpyNdarray: bad \"x\"""#,
        );
        assert_eq!(f.error.kind(), ErrorKind::BadInput);
        assert_eq!(f.error.message(), "NumpyNdarray: bad \"x\"");
        assert!(!f.retryable);
        let f = status_failure(StatusCode::UNPROCESSABLE_ENTITY, &h, b"\"u\"");
        assert_eq!(f.error.kind(), ErrorKind::Unprocessable);
        let f = status_failure(StatusCode::NOT_FOUND, &h, b"Not Found");
        assert_eq!(f.error.kind(), ErrorKind::InvalidArgument);
        assert_eq!(f.error.message(), "HTTP 404 Not Found: Not Found");
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, "1".parse().unwrap());
        let f = status_failure(StatusCode::SERVICE_UNAVAILABLE, &h, b"\"busy\"");
        assert_eq!(f.error.kind(), ErrorKind::Unavailable);
        assert_eq!(f.error.message(), "busy (Retry-After: 1 s)");
        assert!(f.retryable);
        assert_eq!(f.retry_after, Some(Duration::from_secs(1)));
        let f = status_failure(StatusCode::BAD_GATEWAY, &HeaderMap::new(), &[0xff; 4096]);
        assert_eq!(f.error.kind(), ErrorKind::Internal);
        // Each invalid byte is one U+FFFD (3 bytes) in the message.
        assert!(f.error.message().len() < 4 * MAX_ERROR_TEXT);
    }

    #[test]
    fn docs_list_numpy_apis_only() {
        let doc = serde_json::json!({"paths": {
            "/healthz": {"get": {}},
            "/x": {"post": {
                "x-bentoml-name": "x",
                "requestBody": {"x-bentoml-io-descriptor": {"id": DESCRIPTOR_ID,
                    "args": {"dtype": "float32", "shape": [-1, 4], "enforce_dtype": true, "enforce_shape": false}}},
                "responses": {"200": {"x-bentoml-io-descriptor": {"id": DESCRIPTOR_ID,
                    "args": {"dtype": "int64", "shape": [-1], "enforce_dtype": false, "enforce_shape": false}}}}}},
            "/t": {"post": {
                "requestBody": {"x-bentoml-io-descriptor": {"id": "bentoml.io.Text", "args": {}}},
                "responses": {"200": {}}}},
        }});
        let apis = apis_of(&doc).unwrap();
        assert_eq!(apis.len(), 1);
        assert_eq!(apis[0].name, "x");
        assert_eq!(apis[0].input.dtype(), Some(DType::FLOAT32));
        assert!(apis[0].input.enforce_dtype());
        assert_eq!(apis[0].output.dtype(), Some(DType::INT64));
        assert_eq!(
            apis_of(&serde_json::json!([])).unwrap_err().kind(),
            ErrorKind::Internal
        );
    }
}
