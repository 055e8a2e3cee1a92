//! axum integration: attach a [`NumpyNdarray`] to a handler as BentoML attaches it to an API.
//!
//! - [`Input`] is an extractor: it reads the request body (up to [`Limits::max_body_bytes`]),
//!   decodes it by its `Content-Type` and validates it against the API's input descriptor.
//! - [`Output`] is a responder: it validates the handler's array against the output descriptor
//!   and encodes it by the request's `Accept` header (JSON unless asked otherwise, byte for byte
//!   what BentoML answers).
//! - [`HttpError`] is the one place an [`Error`](crate::Error) becomes a status and a body, as BentoML's HTTP
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
//! | `application/vnd.apache.arrow.stream` | (feature `arrow`) an Arrow IPC stream, see below |
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
//! # Arrow IPC streams (feature `arrow`)
//!
//! An addition for batch inference (BentoML's HTTP server has no Arrow transport; its
//! `run_in_spark` posts JSON): a body in `application/vnd.apache.arrow.stream` is decoded as
//! BentoML's `from_arrow` decodes a Spark batch, `batch.to_pandas().to_numpy()` (rows × columns;
//! the batches of a stream with several are concatenated along the rows first), then validated
//! against the input descriptor ([`NumpyNdarray::from_arrow_stream_with`]). `Accept:
//! application/vnd.apache.arrow.stream` answers with `to_arrow`'s batch as a stream: one
//! nullable column named `output`, an N-d array as an `arrow.fixed_shape_tensor` column. The
//! body limit, the `max_elements` limit (checked on the batches' `rows × columns` before the
//! array is allocated), the guards and the errors are those of every other format; a malformed
//! stream is a 400.
//!
//! [`Service`] also serves `GET /spark_schema/<api>` for each API whose output descriptor has
//! one: [`NumpyNdarray::spark_schema`]'s JSON (`StructType.json()`, a field `out`), so a Spark
//! job builds its `mapInArrow` output schema from the running service. An output descriptor
//! with no Spark schema (no dtype, not 1-D, an unsigned dtype, ...) answers 400 with
//! BentoML's message.
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
//!
//! # Request path
//!
//! A JSON request to a [`Service`] API, file by file; each file reads top-down in call order.
//!
//! 1. `extract.rs`: axum runs the [`Input`] extractor. It picks the body's and the answer's
//!    [`Format`] and reads the body under the guards.
//! 2. `negotiate.rs`: [`Api::decode`] decodes the body by its format (the `X-Numpy-*` headers
//!    describe a raw one) and validates it against the input descriptor. For JSON that is
//!    [`NumpyNdarray::from_json_with`] (`src/descriptor/io.rs`): `json::decode` (its own request
//!    path is in `src/json/mod.rs`), then [`NumpyNdarray::validate`] (`src/descriptor/mod.rs`).
//! 3. `service.rs`: the API's route runs the handler through the model-call gate (a handler
//!    of your own router takes the [`Input`] itself).
//! 4. `respond.rs`: [`Reply::respond`] wraps the handler's array in an [`Output`], which
//!    [`Api::encode`] validates against the output descriptor and encodes by the format
//!    `Accept` chose; any failure on the way is answered as an [`HttpError`].
//!
//! Beside the path: `mod.rs` holds [`Api`], `trace.rs` the request's `debug` event, `cors.rs`
//! [`Cors`] and `docs.rs` the OpenAPI document behind `/docs.json`.
//!
//! An API with [`TensorField`]s (BentoML's current service API, 1.2+) is routed by
//! `service.rs` before step 1: a body whose first non-whitespace byte is `{` (any body, for an
//! [`Api::tensors`] API) is read by `tensor.rs` ([`Api::decode_tensors`]: one structural scan of
//! the object, then each field as `np.array(value, dtype).reshape(shape)`), the handler runs
//! through the same gate, and the answer is [`Api::encode_tensors_output`]'s; errors are
//! pydantic's body ([`ValidationError`]). Any other body takes the path above unchanged.
//! `tensor.rs` also writes `/schema.json`.

mod cors;
mod docs;
mod extract;
mod negotiate;
#[cfg(feature = "oip")]
mod oip;
mod respond;
mod service;
mod tensor;
mod trace;

pub use cors::Cors;
pub use extract::Input;
#[cfg(feature = "arrow")]
pub use negotiate::ARROW_STREAM;
pub use negotiate::{
    BYTEORDER_HEADER, DTYPE_HEADER, Format, JSON, NPY, OCTET_STREAM, SHAPE_HEADER,
};
pub use respond::{HttpError, Output, RETRY_AFTER_SECS, Reply};
pub use service::Service;
pub use tensor::{TensorField, Tensors, ValidationDetail, ValidationError};

use std::sync::Arc;

use crate::batch::{Batcher, Batching};
use crate::descriptor::NumpyNdarray;
use crate::guard::{Guards, Model};
use crate::limits::Limits;

/// The target of this module's log events and spans (`RUST_LOG=ndarray_descriptor::http=debug`
/// turns on the per-request event), whichever of its files writes them.
const LOG_TARGET: &str = "ndarray_descriptor::http";

/// One API: its name (and route), input and output descriptors, limits and docs. Cheap to
/// clone (shared); it is the state [`Input`] reads (`post(handler).with_state(api)`, or any
/// state that implements `FromRef` for it).
#[derive(Debug, Clone)]
pub struct Api {
    inner: Arc<ApiInner>,
}

#[derive(Clone)]
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
    /// Named tensor fields of BentoML's current service API (empty: legacy only).
    tensor_fields: Arc<[TensorField]>,
    /// Whether legacy bodies are read with `input` (false for [`Api::tensors`]).
    legacy: bool,
    /// `batchable` in `/schema.json`.
    batchable: bool,
    /// How requests are merged into batches ([`Api::with_batching`]).
    batching: Option<Batching>,
    /// The batcher a [`Service`] serves a batchable API with (set with `model`).
    batcher: Option<Batcher>,
    /// A handler of all the named fields (`Service::tensors_api`).
    tensors_model: Option<tensor::TensorsFn>,
}

impl std::fmt::Debug for ApiInner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiInner")
            .field("name", &self.name)
            .field("route", &self.route)
            .field("input", &self.input)
            .field("output", &self.output)
            .field("limits", &self.limits)
            .field("tensor_fields", &self.tensor_fields)
            .field("legacy", &self.legacy)
            .field("batchable", &self.batchable)
            .field("batching", &self.batching)
            .finish_non_exhaustive()
    }
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
                tensor_fields: Arc::new([]),
                legacy: true,
                batchable: false,
                batching: None,
                batcher: None,
                tensors_model: None,
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

    /// Serve this API with adaptive batching: concurrent requests merged along
    /// [`Batching::batch_dim`] into one model call (see [`batch`](crate::batch)). Also marks
    /// it `batchable` in `/schema.json`. Takes effect in a [`Service`]; a handler of your own
    /// router can use a [`Batcher`] directly.
    pub fn with_batching(self, batching: Batching) -> Api {
        self.edit(|a| {
            a.batching = Some(batching);
            a.batchable = true;
        })
    }

    /// The batching settings, if the API is batchable.
    pub fn batching(&self) -> Option<&Batching> {
        self.inner.batching.as_ref()
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
}

#[cfg(test)]
fn f32_desc() -> NumpyNdarray {
    NumpyNdarray::builder()
        .dtype(crate::DType::FLOAT32)
        .shape([-1, 2])
        .build()
        .unwrap()
}
