//! The `debug` event of a request: its id, transport, array and the time each stage took.
//!
//! Made only when that level is on: [`Input`](super::Input) starts it and notes the decoded
//! array, a [`Service`](super::Service) route times the model under a span that carries the
//! request's id, and [`Output`](super::Output) reports it once the answer is encoded.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::http::HeaderMap;
use tracing::Instrument;

use super::{Format, LOG_TARGET};
use crate::array::DynArray;

/// What the `debug` event of a request reports.
#[derive(Debug, Clone)]
pub(super) struct Trace {
    id: String,
    transport: &'static str,
    dtype: String,
    shape: Vec<usize>,
    start: Instant,
    decode: Duration,
    model: Duration,
}

impl Trace {
    /// The trace of a request in `format` when `debug` events are on, else `None`. Its id is
    /// its `X-Request-Id`, else a number of this process.
    pub(super) fn start(headers: &HeaderMap, format: Format) -> Option<Trace> {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        if !tracing::enabled!(target: LOG_TARGET, tracing::Level::DEBUG) {
            return None;
        }
        let id = headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(64).collect())
            .unwrap_or_else(|| NEXT.fetch_add(1, Ordering::Relaxed).to_string());
        Some(Trace {
            id,
            transport: format.metric_label(),
            dtype: String::new(),
            shape: Vec::new(),
            start: Instant::now(),
            decode: Duration::ZERO,
            model: Duration::ZERO,
        })
    }

    /// The body is read and decoded to `array`.
    pub(super) fn decoded(&mut self, array: &DynArray) {
        self.decode = self.start.elapsed();
        self.dtype = array.dtype().str();
        self.shape = array.shape().to_vec();
    }

    /// Run `call`, the model of `api`, in a span with the request's id (so what the model logs
    /// carries it) and time it.
    pub(super) async fn model<F: Future>(&mut self, api: &str, call: F) -> F::Output {
        let span = tracing::debug_span!(target: LOG_TARGET, "request", request_id = %self.id, api);
        let start = Instant::now();
        let out = call.instrument(span).await;
        self.model = start.elapsed();
        out
    }

    /// The event, once the answer of `api` is built with `status`; encoding began at
    /// `encode_start`.
    pub(super) fn report(&self, api: &str, status: u16, encode_start: Instant) {
        tracing::debug!(
            target: LOG_TARGET,
            request_id = %self.id,
            api,
            transport = self.transport,
            dtype = %self.dtype,
            shape = ?self.shape,
            status,
            decode_us = self.decode.as_micros() as u64,
            model_us = self.model.as_micros() as u64,
            encode_us = encode_start.elapsed().as_micros() as u64,
            total_us = self.start.elapsed().as_micros() as u64,
            "request"
        );
    }
}
