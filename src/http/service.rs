//! [`Service`]: the APIs with their handlers, the probes and `/docs.json` in one router; each
//! API's route runs its handler through the model-call gate.

use std::future::Future;

use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, get, post};
use serde_json::Value;

use super::docs::DOCS_PATH;
use super::respond::{content_type, with_retry_after};
use super::{Api, Cors, HttpError, Input, JSON};
use crate::array::DynArray;
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
    /// draining); with [`Service::with_cors`], its layer wraps them all.
    ///
    /// # Errors
    /// As [`Service::openapi`], which is rendered once here.
    pub fn router(self) -> Result<Router> {
        let docs = serde_json::to_vec(&self.openapi()?)
            .map_err(|e| Error::internal(format!("cannot write the OpenAPI document: {e}")))?;
        let docs = axum::body::Bytes::from(docs);
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
            Some(t) => t.model(api.name(), call).await,
            None => call.await,
        };
        let y = y.inspect_err(|e| api.guards().note(e))?;
        reply.trace = trace;
        Ok::<_, HttpError>(reply.respond(y))
    })
    .with_state(api)
}

/// The probes' media type, as BentoML's.
const TEXT_PLAIN: &str = "text/plain; charset=utf-8";
