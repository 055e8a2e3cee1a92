//! [`Service`]: the APIs with their handlers, the probes and `/docs.json` in one router; each
//! API's route runs its handler through the model-call gate.

use std::future::Future;

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, get, post};
use serde_json::Value;

use axum::extract::Request;
use axum::response::Response;

use super::docs::DOCS_PATH;
use super::negotiate::request_formats;
use super::respond::{content_type, with_retry_after};
use super::tensor::{Tensors, TensorsFn, current_error, is_form, refuses_pickle, schema_json};
use super::trace::Trace;
use super::{Api, Cors, HttpError, Input, JSON};
use crate::array::DynArray;
use crate::batch::Batcher;
use crate::error::{Error, Result};
use crate::guard::{Guards, Model};

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
    /// Whether the router also serves the Open Inference Protocol under `/v2`.
    #[cfg(feature = "oip")]
    oip: bool,
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
            #[cfg(feature = "oip")]
            oip: false,
        }
    }

    /// Also serve the APIs over the Open Inference Protocol's REST API (KServe v2 / Triton)
    /// under `/v2` on the same router: `GET /v2`, `/v2/health/live`, `/v2/health/ready`,
    /// `GET /v2/models/{name}[/versions/{v}]`, `.../ready` and `POST .../infer`. Each API is a
    /// model named after it (any version is accepted: models are not versioned), its input
    /// tensor named after its one tensor field (else `input`), its output tensor `output`;
    /// requests go through the same guards, model-call gate and batcher as the API's own route.
    /// See [`oip`](crate::oip).
    ///
    /// ```no_run
    /// use ndarray_descriptor::{DynArray, NumpyNdarray, Result, http::{Api, Service}};
    /// fn model(x: DynArray) -> Result<DynArray> { Ok(x) }
    /// let api = Api::new("echo", NumpyNdarray::new(), NumpyNdarray::new());
    /// let app: axum::Router = Service::new("demo").blocking_api(api, model).with_oip().router()?;
    /// // POST /v2/models/echo/infer now answers tritonclient's InferenceServerClient.infer
    /// # Ok::<_, ndarray_descriptor::Error>(())
    /// ```
    #[cfg(feature = "oip")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oip")))]
    pub fn with_oip(mut self) -> Service {
        self.oip = true;
        self
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

    /// Add a current-style `api` (see [`Api::tensors`] and [`Api::with_tensor_fields`]) whose
    /// `handler` takes every named field ([`Tensors`], in the API's field order). A legacy
    /// body (when the API has a legacy descriptor) comes as one field, named after the first
    /// declared one. The handler runs once the model-call gate lets it, on the async workers.
    ///
    /// An API with a single tensor field can also be served by [`Service::api`] or
    /// [`Service::blocking_api`]: its handler then gets that field's array.
    pub fn tensors_api<F, Fut>(mut self, api: Api, handler: F) -> Service
    where
        F: Fn(Tensors) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<DynArray>> + Send + 'static,
    {
        let handler = std::sync::Arc::new(handler);
        let first = api
            .tensor_fields()
            .first()
            .map(|f| f.name().to_string())
            .unwrap_or_default();
        let h = handler.clone();
        let model = Model::from_async(move |x: DynArray| h(Tensors::new([(first.clone(), x)])));
        let all: TensorsFn = std::sync::Arc::new(move |t| Box::pin(handler(t)));
        let api = api.edit(|a| a.tensors_model = Some(all));
        self.apis.push((api, model));
        self
    }

    /// [`Service::tensors_api`] with a blocking `model`, run on tokio's blocking pool.
    pub fn blocking_tensors_api<F>(self, api: Api, model: F) -> Service
    where
        F: Fn(Tensors) -> Result<DynArray> + Send + Sync + 'static,
    {
        let model = std::sync::Arc::new(model);
        self.tensors_api(api, move |t: Tensors| {
            let model = model.clone();
            async move {
                tokio::task::spawn_blocking(move || model(t))
                    .await
                    .map_err(|e| Error::internal(format!("the model call failed: {e}")))?
            }
        })
    }

    /// BentoML's `/schema.json` for the APIs with tensor fields (what `bentoml.SyncHTTPClient`
    /// reads to learn the routes and their fields), byte for byte BentoML's layout.
    pub fn schema_json(&self) -> String {
        schema_json(&self.name, self.apis.iter().map(|(a, _)| a))
    }

    /// The OpenAPI document, laid out as BentoML's `generate_spec` lays it out (the same paths,
    /// operations, tags, error schemas and descriptor parts; `/metrics` is not listed since it
    /// is not served).
    ///
    /// # Errors
    /// As [`NumpyNdarray::openapi_request_body`](crate::NumpyNdarray::openapi_request_body) (a
    /// sample holding NaN cannot be described).
    pub fn openapi(&self) -> Result<Value> {
        super::docs::document(
            &self.name,
            self.doc.as_deref(),
            self.apis.iter().map(|(a, _)| a),
        )
    }

    /// The router: every API, `GET /docs.json`, and the probes `/healthz`, `/livez`, `/readyz`
    /// (200 with the body `"\n"`, as BentoML's; `/readyz` answers 503 once the guards are
    /// draining); with the `arrow` feature, `GET /spark_schema/<api name>` for each API (its
    /// output descriptor's [`spark_schema`](crate::NumpyNdarray::spark_schema) JSON, or a 400
    /// with BentoML's message when it has none); with [`Service::with_cors`], its layer wraps
    /// them all.
    ///
    /// # Errors
    /// As [`Service::openapi`], which is rendered once here.
    pub fn router(self) -> Result<Router> {
        let docs = serde_json::to_vec(&self.openapi()?)
            .map_err(|e| Error::internal(format!("cannot write the OpenAPI document: {e}")))?;
        let docs = axum::body::Bytes::from(docs);
        let schema = self
            .apis
            .iter()
            .any(|(a, _)| !a.tensor_fields().is_empty())
            .then(|| axum::body::Bytes::from(self.schema_json()));
        for (api, _) in &self.apis {
            if api.inner.batching.is_some() && api.inner.tensors_model.is_some() {
                return Err(Error::invalid_argument(format!(
                    "API {} is batchable: serve it with Service::api or Service::blocking_api \
                     (a handler of one array)",
                    api.name()
                )));
            }
            if api.tensor_fields().len() > 1 && api.inner.tensors_model.is_none() {
                return Err(Error::invalid_argument(format!(
                    "API {} declares {} tensor fields: serve it with Service::tensors_api",
                    api.name(),
                    api.tensor_fields().len()
                )));
            }
        }
        let probe = || async { (content_type(TEXT_PLAIN), "\n") };
        let guards = self.guards.clone();
        let ready = move || {
            let draining = guards.is_draining();
            async move {
                if draining {
                    with_retry_after(
                        (
                            StatusCode::SERVICE_UNAVAILABLE,
                            content_type(TEXT_PLAIN),
                            "Service is shutting down.",
                        )
                            .into_response(),
                    )
                } else {
                    probe().await.into_response()
                }
            }
        };
        let mut router = Router::new()
            .route(
                DOCS_PATH,
                get(move || async move { (content_type(JSON), docs) }),
            )
            .route("/healthz", get(probe))
            .route("/livez", get(probe))
            .route("/readyz", get(ready));
        if let Some(schema) = schema {
            router = router.route(
                SCHEMA_PATH,
                get(move || async move { (content_type(JSON), schema) }),
            );
        }
        #[cfg(feature = "arrow")]
        for (api, _) in &self.apis {
            router = router.route(&format!("{SPARK_SCHEMA_PREFIX}{}", api.name()), {
                // spark_schema's errors are all InvalidArgument; the message is kept.
                let answer = api
                    .output()
                    .spark_schema()
                    .map(|s| s.json())
                    .map_err(|e| e.message().to_string());
                get(move || {
                    let answer = answer.clone();
                    async move {
                        match answer {
                            Ok(json) => (content_type(JSON), json).into_response(),
                            Err(m) => HttpError(Error::invalid_argument(m)).into_response(),
                        }
                    }
                })
            });
        }
        #[cfg(feature = "metrics")]
        #[cfg_attr(not(feature = "oip"), allow(unused_mut))]
        let mut api_paths: Vec<String> = self
            .apis
            .iter()
            .map(|(a, _)| a.route().to_string())
            .collect();
        #[cfg(feature = "oip")]
        let mut oip_models = Vec::new();
        for (api, model) in self.apis {
            let guards = self.guards.clone();
            let api = api.edit(|a| {
                a.batcher = a
                    .batching
                    .map(|b| Batcher::new(a.name.clone(), b, guards.clone(), model.clone()));
                a.guards = guards;
                a.model = Some(model);
            });
            let route = api.route().to_string();
            #[cfg(feature = "oip")]
            if self.oip && api.inner.tensors_model.is_none() {
                oip_models.push(api.clone());
            }
            if api.tensor_fields().is_empty() {
                router = router.route(&route, api_route(api));
            } else {
                router = router.route(&route, tensor_route(api));
            }
        }
        #[cfg(feature = "oip")]
        if self.oip {
            #[cfg(feature = "metrics")]
            api_paths.extend(super::oip::infer_paths(&oip_models));
            let models = super::oip::Models::new(&self.name, oip_models, self.guards.clone());
            router = router.merge(super::oip::routes(models));
        }
        // Starlette's answers (BentoML's server), bodies included: axum's own are empty.
        router = router
            .fallback(|| async { (StatusCode::NOT_FOUND, content_type(TEXT_PLAIN), "Not Found") })
            .method_not_allowed_fallback(|| async {
                (
                    StatusCode::METHOD_NOT_ALLOWED,
                    content_type(TEXT_PLAIN),
                    "Method Not Allowed",
                )
            });
        #[cfg(feature = "metrics")]
        {
            let paths = super::docs::INFRA
                .iter()
                .map(|(p, _)| p.to_string())
                .chain([DOCS_PATH.to_string()])
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
    post(legacy_call).with_state(api)
}

/// The legacy path: the [`Input`] extractor has decoded and validated the body.
async fn legacy_call(input: Input) -> Result<super::Output, HttpError> {
    {
        let (x, mut reply) = input.into_parts();
        let mut trace = reply.trace.take();
        let api = reply.api();
        let model =
            api.inner.model.as_ref().ok_or_else(|| {
                HttpError(Error::internal(format!("no handler for {}", api.name())))
            })?;
        let call = call_model(api, model, x);
        let y = match &mut trace {
            Some(t) => t.model(api.name(), call).await,
            None => call.await,
        };
        let y = y.inspect_err(|e| api.guards().note(e))?;
        reply.trace = trace;
        Ok::<_, HttpError>(reply.respond(y))
    }
}

/// The API's model on `x`: through its batcher when it is batchable, else one call.
pub(super) async fn call_model(api: &Api, model: &Model, x: DynArray) -> Result<DynArray> {
    match &api.inner.batcher {
        Some(b) => b.submit(x).await,
        None => model.call(x, api.guards()).await,
    }
}

/// `POST` for an API with tensor fields: a body whose first non-whitespace byte is `{` (or any
/// body, for an API without a legacy descriptor) is the current style; anything else goes the
/// legacy way, through the [`Input`] extractor, exactly as [`api_route`] serves it.
fn tensor_route(api: Api) -> MethodRouter {
    post(move |req: Request| {
        let api = api.clone();
        async move { tensor_call(api, req).await }
    })
}

async fn tensor_call(api: Api, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let guards = api.guards().clone();
    let mut held = match guards.budget().reserve(0) {
        Ok(h) => h,
        Err(e) => return HttpError(e).into_response(),
    };
    let body =
        match super::extract::read_body(body, &parts.headers, api.limits(), &guards, &mut held)
            .await
        {
            Ok(b) => b,
            Err(e) => {
                guards.note(&e);
                return HttpError(e).into_response();
            }
        };
    let first = body
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if api.has_legacy() && first != Some(&b'{') {
        // The legacy way, on the body already read and counted.
        let formats = match request_formats(&parts.headers) {
            Ok(f) => f,
            Err(e) => return HttpError(e).into_response(),
        };
        let trace = Trace::start(&parts.headers, formats.0);
        return match Input::from_body(api, &parts.headers, formats, trace, body, held) {
            Ok(input) => legacy_call(input).await.into_response(),
            Err(e) => e.into_response(),
        };
    }
    if let Some(refused) = refuses_pickle(&parts.headers) {
        return refused;
    }
    let decoded = if is_form(&parts.headers) {
        api.decode_tensor_form(&body)
    } else {
        api.decode_tensors(&body)
    };
    let tensors = match decoded {
        Ok(t) => t,
        Err(v) => {
            guards.note(&Error::bad_input(""));
            return v.into_response();
        }
    };
    drop(body);
    for (_, a) in tensors.fields_ref() {
        guards.decoded("json", a);
    }
    let y = match &api.inner.tensors_model {
        Some(f) => match guards.gate().enter().await {
            Ok(_slot) => f(tensors).await,
            Err(e) => Err(e),
        },
        None => {
            let model = api.inner.model.as_ref();
            match (model, tensors.into_vec().pop()) {
                (Some(m), Some((_, x))) => call_model(&api, m, x).await,
                _ => Err(Error::internal(format!("no handler for {}", api.name()))),
            }
        }
    };
    drop(held);
    let y = match y {
        Ok(y) => y,
        Err(e) => {
            guards.note(&e);
            return current_error(e);
        }
    };
    match api.encode_tensors_output(&y) {
        Ok(bytes) => (content_type(JSON), bytes).into_response(),
        Err(e) => current_error(e),
    }
}

/// Where a [`Service`] serves each API's Spark output schema (feature `arrow`):
/// `GET /spark_schema/<api name>` answers [`NumpyNdarray::spark_schema`]'s JSON.
///
/// [`NumpyNdarray::spark_schema`]: crate::NumpyNdarray::spark_schema
#[cfg(feature = "arrow")]
const SPARK_SCHEMA_PREFIX: &str = "/spark_schema/";

/// Where a [`Service`] with tensor-field APIs serves BentoML's `/schema.json`.
const SCHEMA_PATH: &str = "/schema.json";

/// The probes' media type, as BentoML's.
const TEXT_PLAIN: &str = "text/plain; charset=utf-8";
