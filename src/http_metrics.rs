//! `GET /metrics` and the request recording of an [`http::Service`](crate::http::Service)
//! (feature `metrics`): BentoML's `HTTPTrafficMetricsMiddleware`, written as an axum layer.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::guard::Guards;
use crate::metrics::{CONTENT_TYPE, Metrics};

/// What the recording layer knows: the service, its routes' endpoint labels, the metrics.
#[derive(Clone)]
struct Recorder {
    service: Arc<str>,
    /// The paths the router serves, each its own `endpoint` label; any other path is `other`.
    endpoints: Arc<[Arc<str>]>,
    other: Arc<str>,
    metrics: Metrics,
}

/// Add `GET /metrics` to `router` and record every request but those to `/metrics`, as
/// BentoML's middleware does; `paths` are the routes the service serves (axum does not list
/// them), each its own `endpoint` label.
pub(crate) fn instrument(
    router: Router,
    service: &str,
    paths: Vec<String>,
    guards: &Guards,
) -> Router {
    let scrape = guards.clone();
    let router = router.route(
        "/metrics",
        get(move || {
            let text = scrape.metrics().render(&scrape);
            async move {
                (
                    [(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE))],
                    text,
                )
                    .into_response()
            }
        }),
    );
    let endpoints: Vec<Arc<str>> = paths.into_iter().map(Arc::from).collect();
    let recorder = Recorder {
        service: service.into(),
        endpoints: endpoints.into(),
        other: "other".into(),
        metrics: guards.metrics().clone(),
    };
    router.layer(axum::middleware::from_fn_with_state(recorder, record))
}

async fn record(State(rec): State<Recorder>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path == "/metrics" {
        return next.run(req).await;
    }
    let endpoint = rec
        .endpoints
        .iter()
        .find(|e| e.as_ref() == path)
        .unwrap_or(&rec.other)
        .clone();
    let request = rec.metrics.http_begin(&rec.service, &endpoint);
    let resp = next.run(req).await;
    request.finish(resp.status().as_u16());
    resp
}
