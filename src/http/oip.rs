//! The Open Inference Protocol's REST routes on a [`Service`](super::Service) router
//! ([`Service::with_oip`](super::Service::with_oip)): the service's APIs as models, each
//! request read under the same guards and answered through the same model call (gate, batcher)
//! as the API's BentoML route.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::Api;
use super::extract::read_body;
use super::respond::with_retry_after;
use super::service::call_model;
use crate::array::DynArray;
use crate::error::{Error, ErrorKind, Result};
use crate::guard::Guards;
use crate::oip::{self, Model};

/// What the routes share: the service name, its models by name, its guards.
pub(super) struct Models {
    service: String,
    apis: Vec<Api>,
    index: HashMap<String, usize>,
    guards: Guards,
}

impl Models {
    pub(super) fn new(service: &str, apis: Vec<Api>, guards: Guards) -> Models {
        let index = apis
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name().to_string(), i))
            .collect();
        Models {
            service: service.to_string(),
            apis,
            index,
            guards,
        }
    }

    fn find(&self, name: &str) -> Result<&Api> {
        self.index
            .get(name)
            .map(|&i| &self.apis[i])
            .ok_or_else(|| oip::unknown_model(name))
    }
}

/// The model an API is: its input tensor is its one tensor field (name and descriptor) when it
/// declares one, else `input` with the API's input descriptor.
fn model_of(api: &Api) -> Model<'_> {
    match api.tensor_fields() {
        [field] => Model {
            name: api.name(),
            input_name: field.name(),
            input: field.descriptor(),
            output: api.output(),
        },
        _ => Model {
            name: api.name(),
            input_name: oip::INPUT_NAME,
            input: api.input(),
            output: api.output(),
        },
    }
}

/// The paths of the infer routes, for the metrics' endpoint labels.
#[cfg(feature = "metrics")]
pub(super) fn infer_paths(apis: &[Api]) -> Vec<String> {
    apis.iter()
        .map(|a| format!("/v2/models/{}/infer", a.name()))
        .collect()
}

/// The `/v2` routes.
pub(super) fn routes(models: Models) -> Router {
    let state = Arc::new(models);
    Router::new()
        .route("/v2", get(server_metadata))
        .route("/v2/health/live", get(|| async { StatusCode::OK }))
        .route("/v2/health/ready", get(server_ready))
        .route("/v2/models/{name}", get(model_metadata))
        .route(
            "/v2/models/{name}/versions/{version}",
            get(model_metadata_v),
        )
        .route("/v2/models/{name}/ready", get(model_ready))
        .route(
            "/v2/models/{name}/versions/{version}/ready",
            get(model_ready_v),
        )
        .route("/v2/models/{name}/infer", post(infer))
        .route("/v2/models/{name}/versions/{version}/infer", post(infer_v))
        .with_state(state)
}

type Shared = State<Arc<Models>>;

fn json(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))],
        body,
    )
        .into_response()
}

const JSON: &str = "application/json";

/// An error as the protocol answers it: its status and `{"error": "<message>"}` (an internal
/// error's details stay in the log, as on the BentoML routes).
fn error(e: &Error) -> Response {
    let status = StatusCode::from_u16(e.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = if e.kind() == ErrorKind::Internal {
        tracing::error!(target: "ndarray_descriptor::http", "{}", e.message());
        "internal server error"
    } else {
        e.message()
    };
    let resp = json(status, oip::error_body(message));
    if e.is_retryable() {
        with_retry_after(resp)
    } else {
        resp
    }
}

async fn server_metadata(State(m): Shared) -> Response {
    let body = serde_json::json!({
        "name": m.service,
        "version": env!("CARGO_PKG_VERSION"),
        "extensions": oip::EXTENSIONS,
    });
    json(StatusCode::OK, body.to_string().into_bytes())
}

async fn server_ready(State(m): Shared) -> StatusCode {
    if m.guards.is_draining() {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::OK
    }
}

async fn model_metadata(State(m): Shared, Path(name): Path<String>) -> Response {
    match m.find(&name) {
        Ok(api) => match serde_json::to_vec(&model_of(api).metadata()) {
            Ok(body) => json(StatusCode::OK, body),
            Err(e) => error(&Error::internal(format!("model metadata: {e}"))),
        },
        Err(e) => error(&e),
    }
}

async fn model_metadata_v(m: Shared, Path((name, _)): Path<(String, String)>) -> Response {
    model_metadata(m, Path(name)).await
}

async fn model_ready(State(m): Shared, Path(name): Path<String>) -> Response {
    match m.find(&name) {
        Ok(_) if m.guards.is_draining() => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Ok(_) => StatusCode::OK.into_response(),
        Err(e) => error(&e),
    }
}

async fn model_ready_v(m: Shared, Path((name, _)): Path<(String, String)>) -> Response {
    model_ready(m, Path(name)).await
}

async fn infer_v(
    m: Shared,
    Path((name, _)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    infer(m, Path(name), headers, body).await
}

async fn infer(
    State(m): Shared,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let api = match m.find(&name) {
        Ok(api) => api.clone(),
        Err(e) => return error(&e),
    };
    let guards = api.guards().clone();
    match infer_api(&api, &headers, body).await {
        Ok(resp) => resp,
        Err(e) => {
            guards.note(&e);
            if e.is_client_error() || e.is_retryable() {
                tracing::info!(target: "ndarray_descriptor::http", model = %name, kind = %e.kind(), "{}", e.message());
            }
            error(&e)
        }
    }
}

/// Read, decode, validate, run and answer one request to `api`'s model.
async fn infer_api(api: &Api, headers: &HeaderMap, body: Body) -> Result<Response> {
    let guards = api.guards();
    let mut held = guards.budget().reserve(0)?;
    let body = read_body(body, headers, api.limits(), guards, &mut held).await?;
    let header_length = match headers.get(oip::HEADER_LENGTH) {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|t| t.trim().parse::<usize>().ok())
                .ok_or_else(|| {
                    Error::bad_input("invalid Inference-Header-Content-Length header")
                })?,
        ),
    };
    let model = model_of(api);
    let mut req = oip::decode_request(&body, header_length, api.limits())?;
    let binary_default = req.binary_data_output()?;
    let x: DynArray = model.take_input(&mut req)?;
    guards.decoded("oip", &x);
    held.hold_decoded(body.len(), &x)?;
    drop(body);
    let handler = api
        .inner
        .model
        .as_ref()
        .ok_or_else(|| Error::internal(format!("no handler for {}", api.name())))?;
    let y = call_model(api, handler, x).await?;
    let outputs = model.answer(y, req.outputs.as_deref(), binary_default)?;
    let encoded = oip::encode_response(api.name(), req.id.as_deref(), outputs)?;
    drop(held);
    Ok(match encoded.header_length {
        None => json(StatusCode::OK, encoded.body),
        Some(n) => {
            let mut resp = (
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static(super::OCTET_STREAM),
                )],
                encoded.body,
            )
                .into_response();
            resp.headers_mut()
                .insert(oip::HEADER_LENGTH, HeaderValue::from(n));
            resp
        }
    })
}
