//! `GET /metrics` and the request recording of an [`http::Service`](crate::http::Service)
//! (feature `metrics`): BentoML's `HTTPTrafficMetricsMiddleware`, as a tower layer whose
//! per-request work is a table lookup and a few atomic operations (the label handles of every
//! route are found once, when the router is built).

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_layer::Layer;
use tower_service::Service;

use crate::guard::Guards;
use crate::metrics::{CONTENT_TYPE, EndpointHandles};

/// Add `GET /metrics` to `router` and record every request but those to `/metrics`, as
/// BentoML's middleware does; `paths` are the routes the service serves (axum does not list
/// them), each its own `endpoint` label, and any other path is `other`.
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
    let metrics = guards.metrics();
    let endpoints = paths
        .iter()
        .map(|p| (p.clone(), metrics.endpoint(service, p)))
        .collect();
    let table = Arc::new(Table {
        endpoints,
        other: metrics.endpoint(service, "other"),
    });
    router.layer(RecordLayer(table))
}

/// Each served path with its label handles.
struct Table {
    endpoints: Vec<(String, EndpointHandles)>,
    other: EndpointHandles,
}

#[derive(Clone)]
struct RecordLayer(Arc<Table>);

impl<S> Layer<S> for RecordLayer {
    type Service = Record<S>;
    fn layer(&self, inner: S) -> Record<S> {
        Record {
            inner,
            table: self.0.clone(),
        }
    }
}

#[derive(Clone)]
struct Record<S> {
    inner: S,
    table: Arc<Table>,
}

impl<S> Service<Request> for Record<S>
where
    S: Service<Request, Response = Response, Error = Infallible>,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Recorded<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        let path = req.uri().path();
        let handles = if path == "/metrics" {
            None
        } else {
            let t = &*self.table;
            let h = t
                .endpoints
                .iter()
                .find(|(p, _)| p == path)
                .map_or(&t.other, |(_, h)| h);
            Some(h.begin())
        };
        Recorded {
            inner: self.inner.call(req),
            request: handles,
        }
    }
}

pin_project_lite::pin_project! {
    /// The inner response future; the request is counted with its status when it completes.
    struct Recorded<F> {
        #[pin]
        inner: F,
        request: Option<crate::metrics::HttpRequest>,
    }
}

impl<F> Future for Recorded<F>
where
    F: Future<Output = Result<Response, Infallible>>,
{
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let resp = match this.inner.poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Ok(r)) => r,
            Poll::Ready(Err(e)) => match e {},
        };
        if let Some(r) = this.request.take() {
            r.finish(resp.status().as_u16());
        }
        Poll::Ready(Ok(resp))
    }
}
