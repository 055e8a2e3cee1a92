//! tonic integration: BentoML's `BentoService` (`bentoml.grpc.v1`) for [`NumpyNdarray`] APIs.
//!
//! A [`Servicer`] registers APIs by name, each with an input and an output descriptor and an
//! async handler from array to array, and implements the generated [`BentoService`] trait the
//! way BentoML's servicer does (`bentoml/_internal/server/grpc/servicer/v1`):
//!
//! - `Call` looks the API up by `Request.api_name`, decodes `Request.ndarray` (BentoML's
//!   `from_proto`) or `Request.serialized_bytes` (`np.frombuffer` with the input dtype), validates
//!   it, runs the handler and answers `Response.ndarray` (`to_proto`, after validating against
//!   the output descriptor);
//! - `ServiceMetadata` lists every API with its descriptors' specs
//!   (`{"descriptor_id": "bentoml.io.NumpyNdarray", "attributes": {"args": {...}}}`);
//! - errors become statuses in one place, [`status`], with BentoML's table: bad input, invalid
//!   argument and limits → `INVALID_ARGUMENT` with the message; an invalid dtype (HTTP 422) →
//!   `FAILED_PRECONDITION`; anything else → `INTERNAL` with BentoML's fixed text.
//!
//! ```no_run
//! use ndarray_descriptor::{DType, DynArray, NumpyNdarray, Result, grpc::Servicer};
//!
//! async fn classify(x: DynArray) -> Result<DynArray> {
//!     Ok(x) // the model goes here
//! }
//! let desc = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1, 4]).build()?;
//! let server = Servicer::new("iris_classifier")
//!     .api("classify", desc.clone(), desc, classify)
//!     .into_server(); // a BentoServiceServer: hand it to tonic::transport::Server
//! # Ok::<_, ndarray_descriptor::Error>(())
//! ```
//!
//! The largest message accepted (and sent) is [`Limits::max_body_bytes`], 64 MiB by default
//! (tonic's own default is 4 MiB); set it with [`Servicer::with_limits`], which also bounds the
//! `NDArray` and `serialized_bytes` conversions.
//!
//! Every call goes through the process's [`Guards`] (shared with the HTTP side by default): a
//! message's bytes count against the in-flight budget as they arrive, from its declared length
//! on (`RESOURCE_EXHAUSTED` when it does not fit, before the rest is read), then its decoded
//! array until the answer is encoded; handlers run through the model-call gate (`UNAVAILABLE`
//! when its queue is full or its deadline passes). [`Servicer::blocking_api`] runs a CPU-bound
//! model on tokio's blocking pool.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

use prost::Message;
use prost_types::value::Kind;
use tonic::codegen::{Bytes, Context, Poll, Service, StdError, http};
use tonic::server::NamedService;
use tonic::{Code, Status};

use crate::DESCRIPTOR_ID;
use crate::array::DynArray;
use crate::batch::{Batcher, Batching};
use crate::descriptor::NumpyNdarray;
use crate::error::{Error, ErrorKind, Result};
use crate::guard::{Guards, Model, Reservation};
use crate::limits::Limits;
use crate::proto::v1::bento_service_server::{BentoService, BentoServiceServer};
use crate::proto::v1::service_metadata_response::{DescriptorMetadata, InferenceApi};
use crate::proto::v1::{Request, Response, ServiceMetadataRequest, ServiceMetadataResponse};
use crate::proto::v1::{request, response};

/// BentoML's details for an error that is not the client's (`INTERNAL`).
const INTERNAL_MESSAGE: &str = "An error has occurred in BentoML user code when handling this request, find the error details in server logs.";

struct Api {
    name: String,
    doc: Option<String>,
    input: NumpyNdarray,
    output: NumpyNdarray,
    model: Model,
    /// The API's batcher, made at its first call (with the guards then in force) when the
    /// servicer has [`Batching`] for it.
    batcher: OnceLock<Batcher>,
}

/// A BentoML `BentoService` for [`NumpyNdarray`] APIs; see the [module docs](self).
pub struct Servicer {
    name: String,
    doc: String,
    apis: Vec<Api>,
    index: HashMap<String, usize>,
    limits: Limits,
    guards: Guards,
    /// Batchable APIs by name ([`Servicer::with_batching`]).
    batching: HashMap<String, Batching>,
    /// Whether the Open Inference Protocol's service is served beside `BentoService`.
    #[cfg(feature = "oip")]
    oip: bool,
}

impl fmt::Debug for Servicer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Servicer")
            .field("name", &self.name)
            .field(
                "apis",
                &self.apis.iter().map(|a| &a.name).collect::<Vec<_>>(),
            )
            .field("limits", &self.limits)
            .field("guards", &self.guards)
            .field("batching", &self.batching)
            .finish()
    }
}

impl Servicer {
    /// A service named `name` (BentoML's service name, reported by `ServiceMetadata`), with no
    /// APIs and default [`Limits`].
    pub fn new(name: impl Into<String>) -> Servicer {
        Servicer {
            name: name.into(),
            doc: String::new(),
            apis: Vec::new(),
            index: HashMap::new(),
            limits: Limits::default(),
            guards: Guards::shared().clone(),
            batching: HashMap::new(),
            #[cfg(feature = "oip")]
            oip: false,
        }
    }

    /// Also serve the APIs over the Open Inference Protocol (KServe v2 / Triton):
    /// [`Servicer::into_servers`] then gives `inference.GRPCInferenceService` beside
    /// `BentoService`, sharing this servicer's APIs, limits, guards and batchers; each API is a
    /// model named after it, with the input tensor `input` and the output tensor `output` (see
    /// [`oip`](crate::oip)). [`serve::Server::grpc`](crate::serve) serves both.
    #[cfg(feature = "oip")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oip")))]
    pub fn with_oip(mut self) -> Servicer {
        self.oip = true;
        self
    }

    /// Serve the API `name` with adaptive batching, as
    /// [`http::Api::with_batching`](crate::http::Api::with_batching) does over HTTP: concurrent
    /// `Call`s are merged along [`Batching::batch_dim`] into one model call and each gets its
    /// rows back (see [`batch`](crate::batch)). Applies whether `name` is registered before or
    /// after this call.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ndarray_descriptor::{NumpyNdarray, batch::Batching, grpc::Servicer};
    /// let desc = NumpyNdarray::new();
    /// let servicer = Servicer::new("svc")
    ///     .blocking_api("classify", desc.clone(), desc, Ok)
    ///     .with_batching("classify", Batching::new().max_latency(Duration::from_millis(5)));
    /// # let _ = servicer;
    /// ```
    pub fn with_batching(mut self, name: impl Into<String>, batching: Batching) -> Servicer {
        self.batching.insert(name.into(), batching);
        self
    }

    /// Count calls against `guards` and run handlers through their gate (default
    /// [`Guards::shared`]; give an [`http::Service`](crate::http::Service) the same to share
    /// the budget and the gate with HTTP).
    pub fn with_guards(mut self, guards: Guards) -> Servicer {
        self.guards = guards;
        self
    }

    /// The guards in force.
    pub fn guards(&self) -> &Guards {
        &self.guards
    }

    /// The service documentation `ServiceMetadata` reports.
    pub fn with_doc(mut self, doc: impl Into<String>) -> Servicer {
        self.doc = doc.into();
        self
    }

    /// Use `limits`: `max_body_bytes` is the largest message, in and out; the rest bound
    /// `NDArray` and `serialized_bytes` decoding.
    pub fn with_limits(mut self, limits: Limits) -> Servicer {
        self.limits = limits;
        self
    }

    /// Register the API `name`: requests are decoded and validated with `input`, answered by
    /// `handler`, and its array validated and encoded with `output`. A second API of the same
    /// name replaces the first.
    pub fn api<F, Fut>(
        self,
        name: impl Into<String>,
        input: NumpyNdarray,
        output: NumpyNdarray,
        handler: F,
    ) -> Servicer
    where
        F: Fn(DynArray) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<DynArray>> + Send + 'static,
    {
        self.api_with_doc(name, None, input, output, handler)
    }

    /// Register the API `name` answered by a blocking `model` (CPU-bound inference), run on
    /// tokio's blocking pool so the async workers stay free; see
    /// [`http::Service::blocking_api`](crate::http::Service::blocking_api).
    pub fn blocking_api<F>(
        self,
        name: impl Into<String>,
        input: NumpyNdarray,
        output: NumpyNdarray,
        model: F,
    ) -> Servicer
    where
        F: Fn(DynArray) -> Result<DynArray> + Send + Sync + 'static,
    {
        self.register(
            name.into(),
            None,
            input,
            output,
            Model::from_blocking(model),
        )
    }

    /// [`Servicer::api`] with the API's documentation (`InferenceAPI.docs`).
    pub fn api_with_doc<F, Fut>(
        self,
        name: impl Into<String>,
        doc: Option<String>,
        input: NumpyNdarray,
        output: NumpyNdarray,
        handler: F,
    ) -> Servicer
    where
        F: Fn(DynArray) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<DynArray>> + Send + 'static,
    {
        self.register(name.into(), doc, input, output, Model::from_async(handler))
    }

    fn register(
        mut self,
        name: String,
        doc: Option<String>,
        input: NumpyNdarray,
        output: NumpyNdarray,
        model: Model,
    ) -> Servicer {
        let api = Api {
            name: name.clone(),
            doc,
            input,
            output,
            model,
            batcher: OnceLock::new(),
        };
        match self.index.get(&name) {
            Some(&i) => self.apis[i] = api,
            None => {
                self.index.insert(name, self.apis.len());
                self.apis.push(api);
            }
        }
        self
    }

    /// The tonic service (hand it to `tonic::transport::Server::add_service`, a
    /// `tonic::service::Routes`, or [`serve::Server`](crate::serve)): the generated
    /// `BentoServiceServer` with the message size limits set from [`Limits::max_body_bytes`],
    /// whose request bodies are counted against the guards' in-flight budget as they arrive.
    pub fn into_server(self) -> BentoServer {
        let max = self.limits.max_body_bytes;
        let guards = self.guards.clone();
        BentoServer {
            inner: BentoServiceServer::new(self)
                .max_decoding_message_size(max)
                .max_encoding_message_size(max),
            guards,
            max_message: max,
        }
    }

    /// `BentoService` and, when [`Servicer::with_oip`] is set, `GRPCInferenceService`: two
    /// tonic services over the same APIs, limits, guards and batchers.
    #[cfg(feature = "oip")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oip")))]
    pub fn into_servers(self) -> (BentoServer, Option<crate::oip::InferenceServer>) {
        let max = self.limits.max_body_bytes;
        let guards = self.guards.clone();
        let oip = self.oip;
        let shared = std::sync::Arc::new(self);
        let bento = BentoServer {
            inner: BentoServiceServer::from_arc(shared.clone())
                .max_decoding_message_size(max)
                .max_encoding_message_size(max),
            guards,
            max_message: max,
        };
        let oip = oip.then(|| crate::oip::InferenceServer::new(shared));
        (bento, oip)
    }

    /// The service name.
    #[cfg(feature = "oip")]
    pub(crate) fn service_name(&self) -> &str {
        &self.name
    }

    /// The limits in force.
    #[cfg(feature = "oip")]
    pub(crate) fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The API `name` as an OIP model, with its index for [`Servicer::run_api`].
    #[cfg(feature = "oip")]
    pub(crate) fn oip_model(&self, name: &str) -> Option<(usize, crate::oip::Model<'_>)> {
        let &i = self.index.get(name)?;
        let api = &self.apis[i];
        Some((
            i,
            crate::oip::Model {
                name: &api.name,
                input_name: crate::oip::INPUT_NAME,
                input: &api.input,
                output: &api.output,
            },
        ))
    }

    /// Run the API at `index` on its validated input, through its batcher when it has one,
    /// else through the model-call gate.
    async fn run_api(&self, index: usize, input: DynArray) -> Result<DynArray> {
        let api = &self.apis[index];
        match self.batching.get(&api.name) {
            Some(&batching) => {
                let batcher = api.batcher.get_or_init(|| {
                    Batcher::new(
                        api.name.clone(),
                        batching,
                        self.guards.clone(),
                        api.model.clone(),
                    )
                });
                batcher.submit(input).await
            }
            None => api.model.call(input, &self.guards).await,
        }
    }

    /// [`Servicer::run_api`] for the OIP service.
    #[cfg(feature = "oip")]
    pub(crate) async fn run_model(&self, index: usize, input: DynArray) -> Result<DynArray> {
        self.run_api(index, input).await
    }

    /// BentoML's `Call` without the transport: decode, validate, run the handler, encode.
    ///
    /// # Errors
    /// Invalid argument for an unknown `api_name` (`given 'api_name' is not defined in
    /// <service>`), no content (`"field" cannot be empty.`) or a content other than `ndarray`
    /// / `serialized_bytes` (BentoML's messages); the decoders', `validate`'s and the handler's
    /// errors.
    pub async fn call_api(&self, request: Request) -> Result<Response> {
        self.call_timed(request, &mut None).await
    }

    /// [`Servicer::call_api`], filling `times` (decode, model, encode; and the input's dtype
    /// and shape) when it is `Some`, for the debug event of the call.
    async fn call_timed(
        &self,
        request: Request,
        times: &mut Option<CallTimes>,
    ) -> Result<Response> {
        let Some(&index) = self.index.get(&request.api_name) else {
            return Err(Error::invalid_argument(format!(
                "given 'api_name' is not defined in {}",
                self.name
            )));
        };
        let api = &self.apis[index];
        // The decoded message, then the array decoded from it, stay in the in-flight budget
        // until the answer is encoded.
        let message_bytes = request.encoded_len();
        let mut held = self.guards.budget().reserve(message_bytes)?;
        let input = match request.content {
            None => return Err(Error::invalid_argument("\"field\" cannot be empty.")),
            Some(request::Content::Ndarray(msg)) => {
                let x = api.input.from_proto_message_with(&msg, &self.limits)?;
                self.guards.decoded("proto", &x);
                x
            }
            Some(request::Content::SerializedBytes(bytes)) => {
                let x = api.input.from_serialized_bytes_with(&bytes, &self.limits)?;
                self.guards.decoded("serialized_bytes", &x);
                x
            }
            Some(other) => {
                let field = match other {
                    request::Content::Dataframe(_) => "dataframe",
                    request::Content::Series(_) => "series",
                    request::Content::File(_) => "file",
                    request::Content::Text(_) => "text",
                    request::Content::Json(_) => "json",
                    request::Content::Multipart(_) => "multipart",
                    request::Content::Ndarray(_) | request::Content::SerializedBytes(_) => "",
                };
                return Err(Error::invalid_argument(format!(
                    "'NumpyNdarray' accepts one of the following fields: \
                     'ndarray,serialized_bytes' got '{field}' instead."
                )));
            }
        };
        held.hold_decoded(message_bytes, &input)?;
        let mark = times.as_mut().map(|t| {
            t.decode = t.start.elapsed();
            t.dtype = input.dtype().str();
            t.shape = input.shape().to_vec();
            std::time::Instant::now()
        });
        let output = self.run_api(index, input).await?;
        let mark = match (times.as_mut(), mark) {
            (Some(t), Some(m)) => {
                t.model = m.elapsed();
                Some(std::time::Instant::now())
            }
            _ => None,
        };
        let msg = api.output.to_proto_message(output)?;
        if let (Some(t), Some(m)) = (times.as_mut(), mark) {
            t.encode = m.elapsed();
        }
        drop(held);
        Ok(Response {
            content: Some(response::Content::Ndarray(msg)),
        })
    }

    /// BentoML's `ServiceMetadata` answer: the service name and docs, and per API its name,
    /// docs and the input and output descriptors' specs.
    pub fn metadata(&self) -> ServiceMetadataResponse {
        ServiceMetadataResponse {
            name: self.name.clone(),
            docs: self.doc.clone(),
            apis: self
                .apis
                .iter()
                .map(|api| InferenceApi {
                    name: api.name.clone(),
                    input: Some(descriptor_metadata(&api.input)),
                    output: Some(descriptor_metadata(&api.output)),
                    docs: api.doc.clone(),
                })
                .collect(),
        }
    }
}

/// What a call's debug event reports.
#[derive(Debug)]
struct CallTimes {
    start: std::time::Instant,
    decode: std::time::Duration,
    model: std::time::Duration,
    encode: std::time::Duration,
    dtype: String,
    shape: Vec<usize>,
}

/// The tonic service of a [`Servicer`] ([`Servicer::into_server`]): BentoML's `BentoService`
/// whose request bodies count against the in-flight budget as they arrive. A message that
/// declares (in its 5-byte gRPC prefix) more than the budget has room for is refused with
/// `RESOURCE_EXHAUSTED` before the rest of it is read.
#[derive(Clone)]
pub struct BentoServer {
    inner: BentoServiceServer<Servicer>,
    guards: Guards,
    max_message: usize,
}

impl fmt::Debug for BentoServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BentoServer")
            .field("guards", &self.guards)
            .field("max_message", &self.max_message)
            .finish()
    }
}

impl NamedService for BentoServer {
    const NAME: &'static str = <BentoServiceServer<Servicer> as NamedService>::NAME;
}

impl<B> Service<http::Request<B>> for BentoServer
where
    B: http_body::Body<Data = Bytes> + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = std::convert::Infallible;
    type Future = <BentoServiceServer<Servicer> as Service<http::Request<BudgetBody<B>>>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<std::result::Result<(), Self::Error>> {
        Service::<http::Request<BudgetBody<B>>>::poll_ready(&mut self.inner, cx)
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        let (guards, max) = (&self.guards, self.max_message);
        let req = req.map(|body| BudgetBody::new(body, guards, max));
        self.inner.call(req)
    }
}

/// A gRPC request body counted against the in-flight budget: its bytes as they arrive, and from
/// the first message's prefix on, the length it declares.
pub struct BudgetBody<B> {
    inner: Pin<Box<B>>,
    held: Option<Reservation>,
    guards: Guards,
    max_message: usize,
    received: usize,
    prefix: [u8; 5],
    prefix_len: usize,
    declared: usize,
    failed: bool,
}

impl<B> fmt::Debug for BudgetBody<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BudgetBody")
            .field("received", &self.received)
            .field("declared", &self.declared)
            .finish()
    }
}

impl<B> BudgetBody<B> {
    /// `body`, counted against `guards`' budget; a message over `max_message` bytes is left
    /// for tonic to refuse.
    pub(crate) fn new(body: B, guards: &Guards, max_message: usize) -> BudgetBody<B> {
        BudgetBody {
            inner: Box::pin(body),
            held: guards.budget().reserve(0).ok(),
            guards: guards.clone(),
            max_message,
            received: 0,
            prefix: [0; 5],
            prefix_len: 0,
            declared: 0,
            failed: false,
        }
    }

    /// Count `data`; the error is the status to answer with.
    fn count(&mut self, data: &[u8]) -> std::result::Result<(), Status> {
        self.received = self.received.saturating_add(data.len());
        if self.prefix_len < 5 {
            let take = data.len().min(5 - self.prefix_len);
            self.prefix[self.prefix_len..self.prefix_len + take].copy_from_slice(&data[..take]);
            self.prefix_len += take;
            if self.prefix_len == 5 {
                let len = u32::from_be_bytes([
                    self.prefix[1],
                    self.prefix[2],
                    self.prefix[3],
                    self.prefix[4],
                ]) as usize;
                // A length over the message limit is tonic's to refuse (OUT_OF_RANGE).
                if len <= self.max_message {
                    self.declared = len + 5;
                }
            }
        }
        let want = self.received.max(self.declared);
        match &mut self.held {
            Some(held) if want > held.bytes() => held.resize(want).map_err(|e| status(&e)),
            _ => Ok(()),
        }
    }
}

impl<B> http_body::Body for BudgetBody<B>
where
    B: http_body::Body<Data = Bytes>,
    B::Error: Into<StdError>,
{
    type Data = Bytes;
    type Error = StdError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<std::result::Result<http_body::Frame<Bytes>, StdError>>> {
        let this = &mut *self;
        if this.failed {
            return Poll::Ready(None);
        }
        match this.inner.as_mut().poll_frame(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(Err(st)) = frame.data_ref().map(|data| this.count(data)) {
                    this.failed = true;
                    this.guards
                        .note(&Error::resource_exhausted(st.message().to_string()));
                    // Nothing more of this body is read; its bytes leave the budget now.
                    this.held = None;
                    return Poll::Ready(Some(Err(Box::new(st))));
                }
                Poll::Ready(Some(Ok(frame)))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.failed || self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// BentoML's `make_descriptor_spec`: the spec's `id` as `descriptor_id`, every other key of the
/// spec (just `args`) as a `google.protobuf.Struct` field (`ParseDict`: numbers are doubles,
/// `None` is `null_value`).
fn descriptor_metadata(desc: &NumpyNdarray) -> DescriptorMetadata {
    let spec = desc.to_spec();
    let fields = spec
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| k.as_str() != "id")
        .map(|(k, v)| (k.clone(), to_proto_value(v)))
        .collect::<BTreeMap<_, _>>();
    DescriptorMetadata {
        descriptor_id: Some(DESCRIPTOR_ID.to_string()),
        attributes: Some(prost_types::Struct { fields }),
    }
}

fn to_proto_value(v: &serde_json::Value) -> prost_types::Value {
    use serde_json::Value as J;
    let kind = match v {
        J::Null => Kind::NullValue(0),
        J::Bool(b) => Kind::BoolValue(*b),
        J::Number(n) => Kind::NumberValue(n.as_f64().unwrap_or(f64::NAN)),
        J::String(s) => Kind::StringValue(s.clone()),
        J::Array(a) => Kind::ListValue(prost_types::ListValue {
            values: a.iter().map(to_proto_value).collect(),
        }),
        J::Object(o) => Kind::StructValue(prost_types::Struct {
            fields: o
                .iter()
                .map(|(k, v)| (k.clone(), to_proto_value(v)))
                .collect(),
        }),
    };
    prost_types::Value { kind: Some(kind) }
}

/// The HTTP status BentoML's metrics record for a gRPC code (`to_http_status`: the reverse of
/// its HTTP → gRPC table, where the last of several statuses mapped to one code wins; any
/// other code is 500).
#[cfg(feature = "metrics")]
fn http_status_of(code: Code) -> u16 {
    match code {
        Code::Ok => 200,
        Code::Unauthenticated => 401,
        Code::PermissionDenied => 403,
        Code::Unimplemented | Code::NotFound => 404,
        Code::Unavailable => 503,
        Code::DeadlineExceeded => 504,
        Code::InvalidArgument => 400,
        Code::FailedPrecondition => 422,
        _ => 500,
    }
}

/// The gRPC status for `err`, as BentoML's servicer answers it: the error's HTTP status through
/// BentoML's `http_status_to_grpc_status_map` (400 → `INVALID_ARGUMENT`, 422 →
/// `FAILED_PRECONDITION`) with the message as details; 500 → `INTERNAL` with BentoML's fixed
/// details (the message is only logged). The serving guards' kinds have codes of their own:
/// a full in-flight budget → `RESOURCE_EXHAUSTED`, a shed call → `UNAVAILABLE`, a body too
/// slow → `DEADLINE_EXCEEDED`.
pub fn status(err: &Error) -> Status {
    let code = code_of(err.kind());
    if code == Code::Internal {
        Status::new(code, INTERNAL_MESSAGE)
    } else {
        Status::new(code, err.message())
    }
}

/// The gRPC code of a kind: [`ErrorKind::grpc_code_name`] is the one table (BentoML's HTTP →
/// gRPC map applied to each kind's status, plus the serving guards' own codes).
fn code_of(kind: ErrorKind) -> Code {
    match kind.grpc_code_name() {
        "INVALID_ARGUMENT" => Code::InvalidArgument,
        "FAILED_PRECONDITION" => Code::FailedPrecondition,
        "RESOURCE_EXHAUSTED" => Code::ResourceExhausted,
        "UNAVAILABLE" => Code::Unavailable,
        "DEADLINE_EXCEEDED" => Code::DeadlineExceeded,
        "NOT_FOUND" => Code::NotFound,
        _ => Code::Internal,
    }
}

#[tonic::async_trait]
impl BentoService for Servicer {
    async fn call(
        &self,
        request: tonic::Request<Request>,
    ) -> std::result::Result<tonic::Response<Response>, Status> {
        let trace = tracing::enabled!(tracing::Level::DEBUG).then(|| {
            let id = request
                .metadata()
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(|s| s.chars().take(64).collect::<String>());
            (id, std::time::Instant::now())
        });
        let request = request.into_inner();
        let api_name = request.api_name.clone();
        let transport = match &request.content {
            Some(request::Content::Ndarray(_)) => "proto",
            Some(request::Content::SerializedBytes(_)) => "serialized_bytes",
            _ => "other",
        };
        #[cfg(feature = "metrics")]
        let (start, metric_api, _in_progress) = {
            // An unknown name is `other`: a client must not grow the label set.
            let api = if self.index.contains_key(&api_name) {
                api_name.as_str()
            } else {
                "other"
            };
            let gauge = self.guards.metrics().grpc_in_progress(&self.name, api);
            (std::time::Instant::now(), api.to_string(), gauge)
        };
        let mut times = trace.as_ref().map(|(_, start)| CallTimes {
            start: *start,
            decode: std::time::Duration::ZERO,
            model: std::time::Duration::ZERO,
            encode: std::time::Duration::ZERO,
            dtype: String::new(),
            shape: Vec::new(),
        });
        let result = self.call_timed(request, &mut times).await;
        #[cfg(feature = "metrics")]
        {
            let code = match &result {
                Ok(_) => 200,
                Err(e) => http_status_of(status(e).code()),
            };
            self.guards
                .metrics()
                .grpc_record(&self.name, &metric_api, code, start.elapsed());
        }
        if let Some((id, start)) = &trace {
            let code = match &result {
                Ok(_) => Code::Ok,
                Err(e) => status(e).code(),
            };
            let t = times.as_ref();
            let us = |d: Option<std::time::Duration>| d.map_or(0, |d| d.as_micros() as u64);
            tracing::debug!(
                request_id = id.as_deref().unwrap_or(""),
                api = %api_name,
                transport,
                dtype = t.map_or("", |t| t.dtype.as_str()),
                shape = ?t.map(|t| &t.shape),
                code = ?code,
                decode_us = us(t.map(|t| t.decode)),
                model_us = us(t.map(|t| t.model)),
                encode_us = us(t.map(|t| t.encode)),
                total_us = start.elapsed().as_micros() as u64,
                "grpc call"
            );
        }
        match result {
            Ok(resp) => Ok(tonic::Response::new(resp)),
            Err(e) => {
                self.guards.note(&e);
                if e.is_client_error() || e.is_retryable() {
                    tracing::info!(api = %api_name, kind = %e.kind(), "{}", e.message());
                } else {
                    tracing::error!(api = %api_name, kind = %e.kind(), "{}", e.message());
                }
                Err(status(&e))
            }
        }
    }

    async fn service_metadata(
        &self,
        _request: tonic::Request<ServiceMetadataRequest>,
    ) -> std::result::Result<tonic::Response<ServiceMetadataResponse>, Status> {
        Ok(tonic::Response::new(self.metadata()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::proto::v1::NdArray;

    fn servicer() -> Servicer {
        let input = NumpyNdarray::builder()
            .dtype(DType::FLOAT32)
            .shape([-1, 2])
            .enforce_shape(true)
            .build()
            .unwrap();
        Servicer::new("svc").api("echo", input, NumpyNdarray::new(), |x| async move { Ok(x) })
    }

    fn block_on<F: Future>(f: F) -> F::Output {
        // The handlers here never wait, so one poll finishes them.
        let mut f = std::pin::pin!(f);
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        match f.as_mut().poll(&mut cx) {
            std::task::Poll::Ready(v) => v,
            std::task::Poll::Pending => panic!("pending"),
        }
    }

    #[test]
    fn call_decodes_both_fields() {
        let s = servicer();
        let req = Request {
            api_name: "echo".into(),
            content: Some(request::Content::Ndarray(NdArray {
                dtype: 1,
                shape: vec![1, 2],
                float_values: vec![1.0, 2.0],
                ..Default::default()
            })),
        };
        let Some(response::Content::Ndarray(out)) = block_on(s.call_api(req)).unwrap().content
        else {
            panic!("no ndarray")
        };
        assert_eq!(out.shape, vec![1, 2]);
        assert_eq!(out.float_values, vec![1.0, 2.0]);
        let bytes: Vec<u8> = [1.0f32, 2.0, 3.0, 4.0]
            .iter()
            .flat_map(|v| v.to_ne_bytes())
            .collect();
        let req = Request {
            api_name: "echo".into(),
            content: Some(request::Content::SerializedBytes(bytes.into())),
        };
        // A flat (4,) array does not match the enforced (-1, 2): BentoML's BadInput.
        let err = block_on(s.call_api(req)).unwrap_err();
        assert_eq!(status(&err).code(), Code::InvalidArgument);
        assert_eq!(
            err.message(),
            "NumpyNdarray: Expecting ndarray of shape \"(-1, 2)\", but \"(4,)\" was received."
        );
    }

    #[test]
    fn request_errors_are_bentoml_messages() {
        let s = servicer();
        let err = block_on(s.call_api(Request {
            api_name: "nope".into(),
            content: None,
        }))
        .unwrap_err();
        assert_eq!(err.message(), "given 'api_name' is not defined in svc");
        let err = block_on(s.call_api(Request {
            api_name: "echo".into(),
            content: None,
        }))
        .unwrap_err();
        assert_eq!(err.message(), "\"field\" cannot be empty.");
        let err = block_on(s.call_api(Request {
            api_name: "echo".into(),
            content: Some(request::Content::Text("x".into())),
        }))
        .unwrap_err();
        assert_eq!(
            err.message(),
            "'NumpyNdarray' accepts one of the following fields: 'ndarray,serialized_bytes' got 'text' instead."
        );
        assert_eq!(status(&err).code(), Code::InvalidArgument);
    }

    #[test]
    fn with_limits_reaches_the_ndarray_conversion() {
        // Four elements fit; eight do not, in either content field.
        let s = servicer().with_limits(Limits::default().with_max_elements(4));
        let call = |content| {
            block_on(s.call_api(Request {
                api_name: "echo".into(),
                content: Some(content),
            }))
        };
        let msg = |n: usize| NdArray {
            dtype: 1,
            shape: vec![n as i32 / 2, 2],
            float_values: (0..n).map(|i| i as f32).collect(),
            ..Default::default()
        };
        assert!(call(request::Content::Ndarray(msg(4))).is_ok());
        let err = call(request::Content::Ndarray(msg(8))).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::LimitExceeded, "{}", err.message());
        assert_eq!(status(&err).code(), Code::InvalidArgument);
        let bytes: Vec<u8> = (0..8).flat_map(|i| (i as f32).to_ne_bytes()).collect();
        let err = call(request::Content::SerializedBytes(bytes.into())).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::LimitExceeded, "{}", err.message());
    }

    #[test]
    fn every_kind_has_the_code_its_table_names() {
        use ErrorKind::*;
        for kind in [
            BadInput,
            InvalidArgument,
            Unprocessable,
            UnsupportedDtype,
            LimitExceeded,
            Internal,
            ResourceExhausted,
            Unavailable,
            Timeout,
            NotFound,
        ] {
            let code = code_of(kind);
            // tonic's Debug name is the gRPC name in UpperCamel case.
            let camel: String = kind
                .grpc_code_name()
                .split('_')
                .map(|w| w[..1].to_string() + &w[1..].to_ascii_lowercase())
                .collect();
            assert_eq!(format!("{code:?}"), camel, "{kind:?}");
        }
    }

    #[test]
    fn guard_errors_have_their_own_codes() {
        assert_eq!(
            status(&Error::resource_exhausted("full")).code(),
            Code::ResourceExhausted
        );
        assert_eq!(
            status(&Error::unavailable("shed")).code(),
            Code::Unavailable
        );
        assert_eq!(
            status(&Error::timeout("slow")).code(),
            Code::DeadlineExceeded
        );
        assert_eq!(status(&Error::unavailable("shed")).message(), "shed");
    }

    #[test]
    fn a_call_over_the_budget_is_refused_and_releases() {
        use crate::guard::{GuardConfig, Guards};
        let guards = Guards::new(GuardConfig::default().with_max_in_flight_bytes(16));
        let s = servicer().with_guards(guards.clone());
        let req = Request {
            api_name: "echo".into(),
            content: Some(request::Content::Ndarray(NdArray {
                dtype: 1,
                shape: vec![4, 2],
                float_values: vec![0.0; 8],
                ..Default::default()
            })),
        };
        let err = block_on(s.call_api(req)).unwrap_err();
        assert_eq!(status(&err).code(), Code::ResourceExhausted);
        assert_eq!(guards.budget().in_flight(), 0);
    }

    #[test]
    fn statuses_follow_bentoml_table() {
        assert_eq!(
            status(&Error::unprocessable("x")).code(),
            Code::FailedPrecondition
        );
        let st = status(&Error::internal("secret"));
        assert_eq!(st.code(), Code::Internal);
        assert_eq!(st.message(), INTERNAL_MESSAGE);
        assert_eq!(
            status(&Error::limit_exceeded("big")).code(),
            Code::InvalidArgument
        );
    }

    #[test]
    fn metadata_carries_specs() {
        let md = servicer().metadata();
        assert_eq!(md.name, "svc");
        let input = md.apis[0].input.as_ref().unwrap();
        assert_eq!(input.descriptor_id.as_deref(), Some(DESCRIPTOR_ID));
        let args = &input.attributes.as_ref().unwrap().fields["args"];
        let Some(Kind::StructValue(args)) = &args.kind else {
            panic!("args not a struct")
        };
        assert_eq!(
            args.fields["dtype"].kind,
            Some(Kind::StringValue("float32".into()))
        );
        let Some(Kind::ListValue(shape)) = &args.fields["shape"].kind else {
            panic!("shape not a list")
        };
        assert_eq!(shape.values[0].kind, Some(Kind::NumberValue(-1.0)));
        let output = md.apis[0].output.as_ref().unwrap();
        let Some(Kind::StructValue(args)) =
            &output.attributes.as_ref().unwrap().fields["args"].kind
        else {
            panic!()
        };
        assert_eq!(args.fields["dtype"].kind, Some(Kind::NullValue(0)));
    }

    /// Concurrent `Call`s to a batchable API share model calls and each gets its own rows.
    #[test]
    fn batchable_calls_share_model_calls() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = calls.clone();
        let input = NumpyNdarray::builder()
            .dtype(DType::FLOAT32)
            .shape([-1, 2])
            .build()
            .unwrap();
        let s = Arc::new(
            Servicer::new("svc")
                .with_batching(
                    "double",
                    Batching::new()
                        .max_batch_size(8)
                        .max_latency(std::time::Duration::from_millis(20)),
                )
                .api("double", input, NumpyNdarray::new(), move |x: DynArray| {
                    let counted = counted.clone();
                    async move {
                        counted.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
                        let a = x.as_array::<f32>().unwrap().mapv(|v| v * 2.0);
                        Ok(DynArray::from(a))
                    }
                }),
        );
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap();
        let answers = rt.block_on(async {
            let tasks: Vec<_> = (0..16)
                .map(|i| {
                    let s = s.clone();
                    tokio::spawn(async move {
                        let req = Request {
                            api_name: "double".into(),
                            content: Some(request::Content::Ndarray(NdArray {
                                dtype: 1,
                                shape: vec![1, 2],
                                float_values: vec![i as f32, -(i as f32)],
                                ..Default::default()
                            })),
                        };
                        s.call_api(req).await.map_err(|e| e.message().to_string())
                    })
                })
                .collect();
            let mut out = Vec::new();
            for t in tasks {
                out.push(t.await.unwrap());
            }
            out
        });
        for (i, a) in answers.into_iter().enumerate() {
            let Some(response::Content::Ndarray(nd)) = a.unwrap().content else {
                panic!("an ndarray answer");
            };
            assert_eq!(nd.float_values, [2.0 * i as f32, -2.0 * i as f32]);
        }
        let n = calls.load(Ordering::SeqCst);
        assert!(
            (2..16).contains(&n),
            "16 one-row calls at 8 rows a batch took {n} model calls"
        );
    }
}
