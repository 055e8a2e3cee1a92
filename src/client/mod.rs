//! A client for BentoML-compatible services: BentoML's own `bentoml serve` (legacy
//! `NumpyNdarray` APIs) or a server built on this crate.
//!
//! [`Client`] reads the service's APIs and their descriptors (from `/docs.json` over HTTP, from
//! `ServiceMetadata` over gRPC), validates an input array against the API's input descriptor
//! before it is sent ([`NumpyNdarray::validate`]: a bad array fails at once with the message the
//! server would answer), sends it, and decodes the answer with the output descriptor.
//!
//! ```no_run
//! use ndarray::array;
//! use ndarray_descriptor::client::Client;
//!
//! # async fn run() -> ndarray_descriptor::Result<()> {
//! let client = Client::new("http://127.0.0.1:3000")?;
//! for api in client.apis().await?.iter() {
//!     println!("{}: {:?} -> {:?}", api.name, api.input.spec().args, api.output.spec().args);
//! }
//! let classes: ndarray::ArrayD<i64> = client
//!     .call_array("classify", array![[5.1f32, 3.5, 1.4, 0.2]].view())
//!     .await?;
//! assert_eq!(classes.as_slice(), Some(&[0i64][..]));
//! # Ok(())
//! # }
//! ```
//!
//! # Transports ([`Transport`])
//!
//! | transport | request | answer |
//! |---|---|---|
//! | [`Transport::Auto`] (default) | JSON until the server has answered in `.npy`, then `.npy` | `.npy` if the server offers it, else JSON |
//! | [`Transport::Json`] | JSON, `json.dumps(arr.tolist())` byte for byte | JSON |
//! | [`Transport::Npy`] | `application/x-npy` | `application/x-npy` |
//! | [`Transport::OctetStream`] | raw bytes with `X-Numpy-Dtype` / `X-Numpy-Shape` | the same |
//! | [`Transport::Grpc`] | `BentoService.Call` with `ndarray` or `serialized_bytes` (v1) | whichever the server answers |
//!
//! `Auto` negotiates rather than assumes: every request asks for `.npy` in its `Accept` header
//! (BentoML ignores `Accept` and answers JSON; a server of this crate answers `.npy`), and only
//! once an answer came back as `.npy` are request bodies sent as `.npy` too. `Npy` and
//! `OctetStream` are for servers known to be this crate's (BentoML would read their bodies as
//! JSON and refuse them).
//!
//! # Errors
//!
//! Every failure is a [`crate::Error`]; a server's answer maps to a kind by its status
//! and BentoML's body (`"BentoService error handling API request: <message>"` gives the
//! message):
//!
//! | HTTP | gRPC | kind |
//! |---|---|---|
//! | 400 | `INVALID_ARGUMENT` | [`ErrorKind::BadInput`] |
//! | 404 | `NOT_FOUND`, `UNIMPLEMENTED` | [`ErrorKind::InvalidArgument`] |
//! | 408 | `DEADLINE_EXCEEDED` | [`ErrorKind::Timeout`] |
//! | 422 | `FAILED_PRECONDITION` | [`ErrorKind::Unprocessable`] |
//! | 503 (its `Retry-After` in the message) | `UNAVAILABLE` | [`ErrorKind::Unavailable`] |
//! | — | `RESOURCE_EXHAUSTED` | [`ErrorKind::ResourceExhausted`] |
//! | 500 and anything else | `INTERNAL` and the rest | [`ErrorKind::Internal`] |
//!
//! A connection that cannot be made is [`ErrorKind::Unavailable`]; no answer within
//! [`ClientConfig::timeout`] is [`ErrorKind::Timeout`]; an answer over [`Limits`] (checked on
//! its declared length, then as it arrives, then by the decoder) is
//! [`ErrorKind::LimitExceeded`]; an answer that is not a valid array, or a connection lost
//! mid-answer, is [`ErrorKind::Internal`].
//!
//! # Retries
//!
//! Only where the request was certainly not run: a 503 (BentoML's and this crate's answer when
//! a request is shed before the model), gRPC `UNAVAILABLE` and `RESOURCE_EXHAUSTED`, and a
//! connection that could not be made. [`Retry`] sets how many and the backoff (doubling from
//! `initial_backoff`, at most `max_backoff`, and at least a 503's `Retry-After` up to that
//! bound). Requests reuse connections: HTTP/1.1 keep-alive through a pool, gRPC one HTTP/2
//! connection.

mod grpc;
mod http;

use std::sync::Arc;
use std::time::Duration;

use ndarray::{ArrayD, ArrayView, Dimension};
use tokio::sync::OnceCell;

use crate::array::DynArray;
use crate::descriptor::NumpyNdarray;
use crate::element::Element;
use crate::error::{Error, ErrorKind, Result};
use crate::limits::Limits;

/// How the array travels ([`ClientConfig::transport`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Transport {
    /// HTTP: JSON, switching to `.npy` once the server shows it speaks it.
    #[default]
    Auto,
    /// HTTP with JSON bodies both ways, as BentoML's own clients send.
    Json,
    /// HTTP with `.npy` bodies both ways (a server of this crate).
    Npy,
    /// HTTP with raw element bytes and the `X-Numpy-*` headers (a server of this crate).
    OctetStream,
    /// gRPC `bentoml.grpc.v1.BentoService/Call`; the URL is the gRPC endpoint.
    Grpc(GrpcPayload),
}

/// The request field a gRPC call carries the array in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum GrpcPayload {
    /// `Request.ndarray`: a typed `NDArray` message with its dtype and shape.
    #[default]
    Ndarray,
    /// `Request.serialized_bytes`: the raw native-order bytes, read by the server as its input
    /// descriptor's dtype and shape.
    SerializedBytes,
}

/// When and how to try a request again (only where it was certainly not run; see the
/// [module docs](self#retries)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Retries after the first attempt (0: none).
    pub max_retries: u32,
    /// The wait before the first retry; it doubles for each next one.
    pub initial_backoff: Duration,
    /// The longest wait between attempts (a longer `Retry-After` is cut to it).
    pub max_backoff: Duration,
}

impl Default for Retry {
    /// 3 retries, waiting 100 ms, 200 ms, 400 ms (at most 2 s).
    fn default() -> Retry {
        Retry {
            max_retries: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
        }
    }
}

impl Retry {
    /// No retries.
    pub fn none() -> Retry {
        Retry {
            max_retries: 0,
            ..Retry::default()
        }
    }

    /// The wait before retry number `n` (0-based), at least `at_least` (a `Retry-After`).
    fn backoff(&self, n: u32, at_least: Option<Duration>) -> Duration {
        let doubled = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(n.min(31)).unwrap_or(u32::MAX));
        doubled
            .max(at_least.unwrap_or_default())
            .min(self.max_backoff)
    }
}

/// A [`Client`]'s settings.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClientConfig {
    /// The transport (default [`Transport::Auto`]).
    pub transport: Transport,
    /// The longest one attempt may take, answer body included (default 60 s).
    pub timeout: Duration,
    /// The longest connecting may take (default 5 s).
    pub connect_timeout: Duration,
    /// Retries (default [`Retry::default`]).
    pub retry: Retry,
    /// Bounds on every answer (body bytes, elements, depth), as on a request a server reads
    /// (default [`Limits::default`]).
    pub limits: Limits,
    /// Whether an input is validated against the API's input descriptor before it is sent
    /// (default true; off, the server's own answer to a bad array comes back).
    pub validate: bool,
    /// How long an idle pooled HTTP connection is kept (default 90 s).
    pub pool_idle_timeout: Duration,
    /// At most this many idle HTTP connections are kept (default 32).
    pub pool_max_idle: usize,
}

impl Default for ClientConfig {
    fn default() -> ClientConfig {
        ClientConfig {
            transport: Transport::Auto,
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(5),
            retry: Retry::default(),
            limits: Limits::default(),
            validate: true,
            pool_idle_timeout: Duration::from_secs(90),
            pool_max_idle: 32,
        }
    }
}

impl ClientConfig {
    /// With `transport`.
    pub fn with_transport(mut self, transport: Transport) -> Self {
        self.transport = transport;
        self
    }

    /// With the per-attempt `timeout`.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// With the `connect_timeout`.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// With `retry`.
    pub fn with_retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    /// With answer `limits`.
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Validate inputs before sending them (`true`, the default) or not.
    pub fn with_validate(mut self, on: bool) -> Self {
        self.validate = on;
        self
    }
}

/// One API of a service: its name, route and descriptors.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiInfo {
    /// The API's name (BentoML's `x-bentoml-name`; the gRPC `api_name`).
    pub name: String,
    /// Its HTTP route (`/<name>` unless the service set another); empty over gRPC.
    pub route: String,
    /// The input descriptor, read from the service's spec ([`NumpyNdarray::from_spec`]).
    pub input: NumpyNdarray,
    /// The output descriptor.
    pub output: NumpyNdarray,
    /// The API's documentation.
    pub doc: String,
}

/// A client of one BentoML-compatible service. Cheap to clone: clones share the connections and
/// the API list, and calls may run concurrently.
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    url: String,
    config: ClientConfig,
    backend: Backend,
    apis: OnceCell<Arc<[ApiInfo]>>,
}

#[derive(Debug)]
enum Backend {
    Http(Box<http::HttpTransport>),
    Grpc(Box<grpc::GrpcTransport>),
}

impl Client {
    /// A client of the service at `url` (`http://host:port`, optionally with a path prefix)
    /// with the default [`ClientConfig`]. Nothing is sent until the first call.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`] for a URL that is not `http://` (TLS is not built in).
    pub fn new(url: &str) -> Result<Client> {
        Client::with_config(url, ClientConfig::default())
    }

    /// A client of the service at `url` with `config`; over [`Transport::Grpc`] `url` is the
    /// gRPC endpoint (`http://host:grpc_port`).
    ///
    /// # Errors
    /// As [`Client::new`].
    pub fn with_config(url: &str, config: ClientConfig) -> Result<Client> {
        let url = url.trim_end_matches('/').to_string();
        if !url.starts_with("http://") {
            return Err(Error::invalid_argument(format!(
                "unsupported service URL {url:?}: only http:// is supported"
            )));
        }
        let backend = match config.transport {
            Transport::Grpc(payload) => {
                Backend::Grpc(Box::new(grpc::GrpcTransport::new(&url, payload, &config)?))
            }
            transport => Backend::Http(Box::new(http::HttpTransport::new(
                &url, transport, &config,
            )?)),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                url,
                config,
                backend,
                apis: OnceCell::new(),
            }),
        })
    }

    /// The service URL.
    pub fn url(&self) -> &str {
        &self.inner.url
    }

    /// The settings.
    pub fn config(&self) -> &ClientConfig {
        &self.inner.config
    }

    /// The service's `NumpyNdarray → NumpyNdarray` APIs, read once (from `/docs.json` over
    /// HTTP, `ServiceMetadata` over gRPC) and kept. APIs with other descriptors, or whose spec
    /// [`NumpyNdarray::from_spec`] cannot read, are left out.
    ///
    /// # Errors
    /// The service's answer as an error (see the [module docs](self#errors)); an answer that is
    /// not such a document is [`ErrorKind::Internal`].
    pub async fn apis(&self) -> Result<Arc<[ApiInfo]>> {
        let inner = &self.inner;
        let apis = inner
            .apis
            .get_or_try_init(|| {
                self.with_retries(|| async {
                    match &inner.backend {
                        Backend::Http(h) => h.apis().await,
                        Backend::Grpc(g) => g.apis().await,
                    }
                })
            })
            .await?;
        Ok(apis.clone())
    }

    /// The API named `name`.
    ///
    /// # Errors
    /// [`ErrorKind::InvalidArgument`] when the service has no such API, and [`Client::apis`]'s
    /// errors.
    pub async fn api(&self, name: &str) -> Result<ApiInfo> {
        let apis = self.apis().await?;
        apis.iter()
            .find(|a| a.name == name)
            .cloned()
            .ok_or_else(|| {
                Error::invalid_argument(format!(
                    "the service at {} has no NumpyNdarray API named {name:?} (it has: {})",
                    self.inner.url,
                    apis.iter()
                        .map(|a| a.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
    }

    /// Call the API `api` with `input`: validated against its input descriptor (unless
    /// [`ClientConfig::validate`] is off), sent, and the answer decoded and validated with its
    /// output descriptor.
    ///
    /// # Errors
    /// The input descriptor's validation error (the server's own message for it), then the
    /// errors of the [module docs](self#errors).
    pub async fn call(&self, api: &str, input: DynArray) -> Result<DynArray> {
        let info = self.api(api).await?;
        let input = if self.inner.config.validate {
            info.input.validate(input)?
        } else {
            input
        };
        let info = &info;
        let input = &input;
        self.with_retries(|| async move {
            match &self.inner.backend {
                Backend::Http(h) => h.call(info, input).await,
                Backend::Grpc(g) => g.call(info, input).await,
            }
        })
        .await
    }

    /// [`Client::call`] with a typed array in and out: `ArrayView<T>` in, `ArrayD<U>` out.
    ///
    /// # Errors
    /// [`Client::call`]'s, and [`ErrorKind::BadInput`] when the answer is not of `U`'s dtype.
    pub async fn call_array<T: Element, U: Element, D: Dimension>(
        &self,
        api: &str,
        input: ArrayView<'_, T, D>,
    ) -> Result<ArrayD<U>> {
        let input = DynArray::from(input.to_owned().into_dyn());
        self.call(api, input).await?.try_into()
    }

    /// Run `attempt` until it succeeds, fails for good, or the retries are spent.
    async fn with_retries<T, F, Fut>(&self, mut attempt: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T, Failure>>,
    {
        let retry = self.inner.config.retry;
        let timeout = self.inner.config.timeout;
        let mut n = 0;
        loop {
            let failure = match tokio::time::timeout(timeout, attempt()).await {
                Ok(Ok(v)) => return Ok(v),
                Ok(Err(f)) => f,
                Err(_) => Failure::final_(Error::timeout(format!(
                    "no answer from {} within {timeout:?}",
                    self.inner.url
                ))),
            };
            if !failure.retryable || n >= retry.max_retries {
                return Err(failure.error);
            }
            tokio::time::sleep(retry.backoff(n, failure.retry_after)).await;
            n += 1;
        }
    }
}

/// An attempt's failure: the error, whether the request certainly did not run (so another
/// attempt is safe), and how long the server asked to wait.
#[derive(Debug)]
struct Failure {
    error: Error,
    retryable: bool,
    retry_after: Option<Duration>,
}

impl Failure {
    /// A failure not worth retrying.
    fn final_(error: Error) -> Failure {
        Failure {
            error,
            retryable: false,
            retry_after: None,
        }
    }
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        Failure::final_(error)
    }
}

/// An answer's array that cannot be read: the server's fault, not the caller's input, so it is
/// [`ErrorKind::Internal`] (a limit stays [`ErrorKind::LimitExceeded`]).
fn bad_answer(e: Error) -> Error {
    if e.kind() == ErrorKind::LimitExceeded {
        return Error::limit_exceeded(format!("answer: {}", e.message()));
    }
    Error::internal(format!(
        "the service's answer is not a valid array: {}",
        e.message()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_bound_and_honours_retry_after() {
        let r = Retry::default();
        assert_eq!(r.backoff(0, None), Duration::from_millis(100));
        assert_eq!(r.backoff(2, None), Duration::from_millis(400));
        assert_eq!(r.backoff(40, None), Duration::from_secs(2));
        assert_eq!(
            r.backoff(0, Some(Duration::from_secs(1))),
            Duration::from_secs(1)
        );
        assert_eq!(
            r.backoff(0, Some(Duration::from_secs(9))),
            Duration::from_secs(2)
        );
    }

    #[test]
    fn only_http_urls() {
        assert_eq!(
            Client::new("https://x").unwrap_err().kind(),
            ErrorKind::InvalidArgument
        );
        assert_eq!(
            Client::new("http://127.0.0.1:1/").unwrap().url(),
            "http://127.0.0.1:1"
        );
    }
}
