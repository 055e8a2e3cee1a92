//! Prometheus metrics: BentoML's names, labels and buckets, so a dashboard or alert written for
//! a BentoML service works unchanged, plus the serving guards' own numbers.
//!
//! An [`http::Service`](crate::http::Service) answers `GET /metrics` in the Prometheus text
//! format. Families, as BentoML 1.4's legacy API server writes them:
//!
//! | family | type | labels |
//! |---|---|---|
//! | `bentoml_api_server_request_total` | counter | `endpoint`, `service_name`, `service_version`, `http_response_code` |
//! | `bentoml_api_server_request_duration_seconds` | histogram (0.005 … 10 s, BentoML's default buckets) | the same |
//! | `bentoml_api_server_request_in_progress` | gauge | `endpoint`, `service_name`, `service_version` |
//! | `bentoml_api_server_last_request_timestamp_seconds` | gauge | `service_name`, `service_version` |
//!
//! gRPC calls ([`grpc::Servicer`](crate::grpc::Servicer)) count in the first three with
//! `api_name` in place of `endpoint`, as BentoML's gRPC interceptor records them. `endpoint` is
//! the request path for the service's own routes and `other` for any other path (BentoML
//! records every path it is sent, so random paths grow its label set without bound);
//! `service_version` is `not available`, as BentoML writes it for a service without one.
//!
//! The crate's own, under `ndarray_`:
//!
//! | family | type | what |
//! |---|---|---|
//! | `ndarray_inflight_bytes` | gauge | bytes held in the in-flight budget now |
//! | `ndarray_inflight_bytes_limit` | gauge | the budget's capacity |
//! | `ndarray_model_calls_running` / `ndarray_model_calls_queued` | gauge | the model-call gate now |
//! | `ndarray_requests_refused_total` | counter | requests refused, by `reason`: `budget`, `queue_full`, `queue_timeout`, `latency_budget`, `body_timeout` |
//! | `ndarray_batch_rows` | histogram | rows of each batched model call, by `api` (batchable APIs, [`batch`](crate::batch)) |
//! | `ndarray_model_queue_wait_seconds` | histogram | how long calls that had to wait for a model slot waited |
//! | `ndarray_decoded_elements_total` / `ndarray_decoded_bytes_total` | counter | decoded request arrays, by `transport` (`json`, `octet_stream`, `npy`, `arrow_stream`, `proto`, `serialized_bytes`) and `dtype` |
//! | `ndarray_connections_open` | gauge | open connections (with [`serve::Server`](crate::serve)) |

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use prometheus::proto::{self, MetricFamily, MetricType};
use prometheus::{
    CounterVec, Encoder, Gauge, GaugeVec, Histogram, HistogramOpts, HistogramVec, IntCounterVec,
    IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::array::DynArray;
use crate::error::ErrorKind;

/// BentoML's duration buckets (`api_server.metrics.duration.buckets` in its default
/// configuration, Python prometheus_client's defaults); `+Inf` is implied.
pub const DURATION_BUCKETS: [f64; 14] = [
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
];

/// The buckets of `ndarray_batch_rows`: powers of two up to 1024 rows.
pub const BATCH_ROWS_BUCKETS: [f64; 11] = [
    1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0,
];

/// What BentoML writes for `service_version` when the service has none.
pub const NO_VERSION: &str = "not available";

/// The `Content-Type` of the text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// BentoML's infrastructure paths: counted, but not as the last request.
const SKIP_PATHS: [&str; 4] = ["/metrics", "/healthz", "/livez", "/readyz"];

/// The metrics of one process (or one group of services); cheap to clone. Every
/// [`Guards`](crate::guard::Guards) carries one.
#[derive(Clone)]
pub struct Metrics {
    inner: Arc<Inner>,
}

struct Inner {
    /// HTTP families and the crate's own.
    registry: Registry,
    /// gRPC families: BentoML gives them the HTTP families' names with other labels, which one
    /// registry refuses; the two are merged when rendered.
    grpc_registry: Registry,
    http_total: IntCounterVec,
    http_duration: HistogramVec,
    last_request: GaugeVec,
    grpc_total: IntCounterVec,
    grpc_duration: HistogramVec,
    grpc_in_progress: IntGaugeVec,
    refused: CounterVec,
    queue_wait: Histogram,
    batch_rows: HistogramVec,
    decoded_elements: CounterVec,
    decoded_bytes: CounterVec,
    gauges: Gauges,
    /// Every endpoint's sharded cells, summed when scraped.
    endpoints: Mutex<Vec<EndpointHandles>>,
}

/// Gauges read from the guards and the server when scraped.
struct Gauges {
    inflight: IntGauge,
    inflight_limit: IntGauge,
    running: IntGauge,
    queued: IntGauge,
    connections: IntGauge,
    connections_open: Arc<AtomicUsize>,
}

/// The statuses an endpoint keeps cells for; any other is counted through the label lookup.
const COMMON_STATUSES: [u16; 8] = [200, 400, 404, 408, 422, 500, 503, 405];

/// Cells per endpoint, one per core or so: a request writes only its own thread's shard, so
/// two cores never fight over one cache line (one shared line per counter cost a few percent
/// of one-row throughput). A scrape sums them.
const SHARDS: usize = 8;

/// One status's count, duration sum (nanoseconds) and per-bucket counts (not cumulative).
#[derive(Default)]
struct StatusCell {
    count: AtomicU64,
    sum_ns: AtomicU64,
    buckets: [AtomicU64; DURATION_BUCKETS.len()],
}

#[derive(Default)]
#[repr(align(128))]
struct Shard {
    started: AtomicU64,
    finished: AtomicU64,
    statuses: [StatusCell; COMMON_STATUSES.len()],
}

/// The recording cells of one endpoint of one service; cheap to clone.
#[derive(Clone)]
pub(crate) struct EndpointHandles(Arc<EndpointInner>);

struct EndpointInner {
    metrics_inner: Weak<Inner>,
    service: Box<str>,
    endpoint: Box<str>,
    last_request: Option<Gauge>,
    shards: Box<[Shard; SHARDS]>,
}

/// This thread's shard.
fn shard_index() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local!(static INDEX: usize = NEXT.fetch_add(1, Ordering::Relaxed) % SHARDS);
    INDEX.with(|i| *i)
}

impl EndpointHandles {
    /// Start recording a request.
    pub(crate) fn begin(&self) -> HttpRequest {
        let h = &self.0;
        if let Some(g) = &h.last_request {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or(Duration::ZERO)
                .as_secs_f64();
            // Written at most once a millisecond: every core writes this one line otherwise.
            if now - g.get() >= 1e-3 {
                g.set(now);
            }
        }
        h.shards[shard_index()]
            .started
            .fetch_add(1, Ordering::Relaxed);
        HttpRequest {
            handles: self.clone(),
            start: std::time::Instant::now(),
        }
    }

    /// The samples of the three request families, summed over the shards.
    fn samples(
        &self,
        total: &mut Vec<proto::Metric>,
        duration: &mut Vec<proto::Metric>,
        in_progress: &mut Vec<proto::Metric>,
    ) {
        let h = &self.0;
        let load = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let started: u64 = h.shards.iter().map(|s| load(&s.started)).sum();
        let finished: u64 = h.shards.iter().map(|s| load(&s.finished)).sum();
        let labels = |code: Option<u16>| {
            let mut l = vec![pair("endpoint", &h.endpoint)];
            if let Some(code) = code {
                l.push(pair("http_response_code", &code.to_string()));
            }
            l.push(pair("service_name", &h.service));
            l.push(pair("service_version", NO_VERSION));
            l
        };
        if started == 0 {
            return; // BentoML's families show an endpoint once it has been called
        }
        let mut g = proto::Metric::default();
        g.set_label(labels(None));
        let mut gv = proto::Gauge::default();
        gv.set_value(started.saturating_sub(finished) as f64);
        g.set_gauge(gv);
        in_progress.push(g);
        for (i, &code) in COMMON_STATUSES.iter().enumerate() {
            let count: u64 = h.shards.iter().map(|s| load(&s.statuses[i].count)).sum();
            if count == 0 {
                continue;
            }
            let sum_ns: u64 = h.shards.iter().map(|s| load(&s.statuses[i].sum_ns)).sum();
            let mut c = proto::Metric::default();
            c.set_label(labels(Some(code)));
            let mut cv = proto::Counter::default();
            cv.set_value(count as f64);
            c.set_counter(cv);
            total.push(c);
            let mut cumulative = 0;
            let buckets = DURATION_BUCKETS
                .iter()
                .enumerate()
                .map(|(b, &le)| {
                    cumulative += h
                        .shards
                        .iter()
                        .map(|s| load(&s.statuses[i].buckets[b]))
                        .sum::<u64>();
                    let mut bucket = proto::Bucket::default();
                    bucket.set_upper_bound(le);
                    bucket.set_cumulative_count(cumulative);
                    bucket
                })
                .collect();
            let mut hv = proto::Histogram::default();
            hv.set_sample_count(count);
            hv.set_sample_sum(sum_ns as f64 / 1e9);
            hv.set_bucket(buckets);
            let mut d = proto::Metric::default();
            d.set_label(labels(Some(code)));
            d.set_histogram(hv);
            duration.push(d);
        }
    }
}

fn pair(name: &str, value: &str) -> proto::LabelPair {
    let mut p = proto::LabelPair::default();
    p.set_name(name.to_string());
    p.set_value(value.to_string());
    p
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Metrics").finish_non_exhaustive()
    }
}

fn must<T>(r: prometheus::Result<T>) -> T {
    // Every name, label set and bucket list below is a constant: only a typo fails here, and
    // the unit tests build them.
    r.unwrap_or_else(|e| panic!("metric definition: {e}"))
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// A new set of metric families, all zero.
    pub fn new() -> Metrics {
        let registry = Registry::new();
        let grpc_registry = Registry::new();
        let ns = "bentoml_api_server";
        let http_labels = [
            "endpoint",
            "service_name",
            "service_version",
            "http_response_code",
        ];
        let grpc_labels = [
            "api_name",
            "service_name",
            "service_version",
            "http_response_code",
        ];
        let buckets = DURATION_BUCKETS.to_vec();
        let counter = |reg: &Registry, name: &str, help: &str, labels: &[&str]| {
            let c = must(IntCounterVec::new(
                Opts::new(name, help).namespace(ns),
                labels,
            ));
            must(reg.register(Box::new(c.clone())));
            c
        };
        let histogram = |reg: &Registry, help: &str, labels: &[&str]| {
            let opts = HistogramOpts::new("request_duration_seconds", help)
                .namespace(ns)
                .buckets(buckets.clone());
            let h = must(HistogramVec::new(opts, labels));
            must(reg.register(Box::new(h.clone())));
            h
        };
        let in_progress = |reg: &Registry, help: &str, labels: &[&str]| {
            let g = must(IntGaugeVec::new(
                Opts::new("request_in_progress", help).namespace(ns),
                labels,
            ));
            must(reg.register(Box::new(g.clone())));
            g
        };
        let http_total = counter(
            &registry,
            "request_total",
            "Total number of HTTP requests",
            &http_labels,
        );
        let http_duration = histogram(
            &registry,
            "API HTTP request duration in seconds",
            &http_labels,
        );
        let last_request = must(GaugeVec::new(
            Opts::new(
                "last_request_timestamp_seconds",
                "Timestamp of the last received request",
            )
            .namespace(ns),
            &["service_name", "service_version"],
        ));
        must(registry.register(Box::new(last_request.clone())));
        let grpc_total = counter(
            &grpc_registry,
            "request_total",
            "Total number of GRPC requests",
            &grpc_labels,
        );
        let grpc_duration = histogram(
            &grpc_registry,
            "API GRPC request duration in seconds",
            &grpc_labels,
        );
        let grpc_in_progress = in_progress(
            &grpc_registry,
            "Total number of GRPC requests in progress now",
            &grpc_labels[..3],
        );
        let own_counter = |name: &str, help: &str, labels: &[&str]| {
            let c = must(CounterVec::new(Opts::new(name, help), labels));
            must(registry.register(Box::new(c.clone())));
            c
        };
        let refused = own_counter(
            "ndarray_requests_refused_total",
            "Requests refused by the serving guards, by reason",
            &["reason"],
        );
        let decoded_elements = own_counter(
            "ndarray_decoded_elements_total",
            "Elements of decoded request arrays",
            &["transport", "dtype"],
        );
        let decoded_bytes = own_counter(
            "ndarray_decoded_bytes_total",
            "Bytes (numpy nbytes) of decoded request arrays",
            &["transport", "dtype"],
        );
        let queue_wait = must(Histogram::with_opts(
            HistogramOpts::new(
                "ndarray_model_queue_wait_seconds",
                "Time calls that found every model slot busy waited for one",
            )
            .buckets(DURATION_BUCKETS.to_vec()),
        ));
        must(registry.register(Box::new(queue_wait.clone())));
        let batch_rows = must(HistogramVec::new(
            HistogramOpts::new(
                "ndarray_batch_rows",
                "Rows of each batched model call of a batchable API",
            )
            .buckets(BATCH_ROWS_BUCKETS.to_vec()),
            &["api"],
        ));
        must(registry.register(Box::new(batch_rows.clone())));
        let gauge = |name: &str, help: &str| {
            let g = must(IntGauge::new(name, help));
            must(registry.register(Box::new(g.clone())));
            g
        };
        let gauges = Gauges {
            inflight: gauge(
                "ndarray_inflight_bytes",
                "Bytes held in the in-flight budget",
            ),
            inflight_limit: gauge(
                "ndarray_inflight_bytes_limit",
                "Capacity of the in-flight budget",
            ),
            running: gauge("ndarray_model_calls_running", "Model calls running"),
            queued: gauge(
                "ndarray_model_calls_queued",
                "Model calls waiting for a slot",
            ),
            connections: gauge("ndarray_connections_open", "Open connections"),
            connections_open: Arc::new(AtomicUsize::new(0)),
        };
        Metrics {
            inner: Arc::new(Inner {
                registry,
                grpc_registry,
                http_total,
                http_duration,
                last_request,
                grpc_total,
                grpc_duration,
                grpc_in_progress,
                refused,
                queue_wait,
                batch_rows,
                decoded_elements,
                decoded_bytes,
                gauges,
                endpoints: Mutex::new(Vec::new()),
            }),
        }
    }

    /// The text exposition of every family, with the guards' gauges read now.
    pub fn render(&self, guards: &crate::guard::Guards) -> String {
        let g = &self.inner.gauges;
        let budget = guards.budget();
        g.inflight.set(to_i64(budget.in_flight()));
        g.inflight_limit.set(to_i64(budget.capacity()));
        g.running.set(to_i64(guards.gate().running()));
        g.queued.set(to_i64(guards.gate().queued()));
        g.connections
            .set(to_i64(g.connections_open.load(Ordering::Relaxed)));
        let mut families = self.inner.registry.gather();
        let (mut total, mut duration, mut in_progress) = (Vec::new(), Vec::new(), Vec::new());
        let endpoints = self
            .inner
            .endpoints
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        for e in &endpoints {
            e.samples(&mut total, &mut duration, &mut in_progress);
        }
        for (name, help, kind, metrics) in [
            (
                "bentoml_api_server_request_total",
                "Total number of HTTP requests",
                MetricType::COUNTER,
                total,
            ),
            (
                "bentoml_api_server_request_duration_seconds",
                "API HTTP request duration in seconds",
                MetricType::HISTOGRAM,
                duration,
            ),
            (
                "bentoml_api_server_request_in_progress",
                "Total number of HTTP requests in progress now",
                MetricType::GAUGE,
                in_progress,
            ),
        ] {
            merge(&mut families, name, help, kind, metrics);
        }
        for grpc in self.inner.grpc_registry.gather() {
            let (name, help, kind) = (
                grpc.name().to_string(),
                grpc.help().to_string(),
                grpc.get_field_type(),
            );
            merge(
                &mut families,
                &name,
                &help,
                kind,
                grpc.get_metric().to_vec(),
            );
        }
        families.sort_by(|a, b| a.name().cmp(b.name()));
        let mut out = Vec::new();
        // Writing to a Vec cannot fail; a family the encoder refuses is left out.
        let _ = TextEncoder::new().encode(&families, &mut out);
        python_le(&String::from_utf8(out).unwrap_or_default())
    }

    /// The counter of open connections a server keeps up to date.
    pub(crate) fn connections(&self) -> Arc<AtomicUsize> {
        self.inner.gauges.connections_open.clone()
    }

    /// The recording cells of `endpoint` (a route, or `other`) of `service`, made once so a
    /// request costs no label lookup. Asking twice for the same pair gives the same cells.
    pub(crate) fn endpoint(&self, service: &str, endpoint: &str) -> EndpointHandles {
        let inner = &self.inner;
        let mut all = inner.endpoints.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(h) = all
            .iter()
            .find(|h| &*h.0.service == service && &*h.0.endpoint == endpoint)
        {
            return h.clone();
        }
        let h = EndpointHandles(Arc::new(EndpointInner {
            metrics_inner: Arc::downgrade(&self.inner),
            service: service.into(),
            endpoint: endpoint.into(),
            last_request: (!SKIP_PATHS.contains(&endpoint))
                .then(|| inner.last_request.with_label_values(&[service, NO_VERSION])),
            shards: Box::default(),
        }));
        all.push(h.clone());
        h
    }

    /// Record a gRPC call of `api` on `service` that ended with `http_status` (BentoML's
    /// mapping of the gRPC code) after `elapsed`.
    pub(crate) fn grpc_record(
        &self,
        service: &str,
        api: &str,
        http_status: u16,
        elapsed: Duration,
    ) {
        let code = http_status.to_string();
        let labels = [api, service, NO_VERSION, code.as_str()];
        self.inner.grpc_total.with_label_values(&labels).inc();
        self.inner
            .grpc_duration
            .with_label_values(&labels)
            .observe(elapsed.as_secs_f64());
    }

    /// The in-progress gauge of a gRPC call.
    pub(crate) fn grpc_in_progress(&self, service: &str, api: &str) -> InProgress {
        let g = self
            .inner
            .grpc_in_progress
            .with_label_values(&[api, service, NO_VERSION]);
        g.inc();
        InProgress(g)
    }

    /// Count a refusal by the guards, by the error it was answered with.
    pub(crate) fn refused(&self, kind: ErrorKind, message: &str) {
        let reason = match kind {
            ErrorKind::ResourceExhausted => "budget",
            ErrorKind::Unavailable if message.contains("queue is full") => "queue_full",
            ErrorKind::Unavailable if message.contains("queue timeout") => "queue_timeout",
            ErrorKind::Unavailable if message.contains("latency budget") => "latency_budget",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Timeout => "body_timeout",
            _ => return,
        };
        self.inner.refused.with_label_values(&[reason]).inc();
    }

    /// Record how long a call waited for a model slot.
    pub(crate) fn queue_wait(&self, waited: Duration) {
        self.inner.queue_wait.observe(waited.as_secs_f64());
    }

    /// Record the rows of one batched model call of API `api`.
    pub(crate) fn batch_rows(&self, api: &str, rows: usize) {
        self.inner
            .batch_rows
            .with_label_values(&[api])
            .observe(rows as f64);
    }

    /// Count a decoded request array.
    pub(crate) fn decoded(&self, transport: &str, arr: &DynArray) {
        let dtype = arr.dtype().name();
        let labels = [transport, dtype.as_str()];
        self.inner
            .decoded_elements
            .with_label_values(&labels)
            .inc_by(arr.len() as f64);
        self.inner
            .decoded_bytes
            .with_label_values(&labels)
            .inc_by(arr.nbytes() as f64);
    }
}

/// Add `metrics` to the family `name`, making it if the registry had no sample of it.
fn merge(
    families: &mut Vec<MetricFamily>,
    name: &str,
    help: &str,
    kind: MetricType,
    metrics: Vec<proto::Metric>,
) {
    if metrics.is_empty() {
        return;
    }
    match families.iter_mut().find(|f| f.name() == name) {
        Some(f) => f.mut_metric().extend(metrics),
        None => {
            let mut f = MetricFamily::default();
            f.set_name(name.to_string());
            f.set_help(help.to_string());
            f.set_field_type(kind);
            f.set_metric(metrics);
            families.push(f);
        }
    }
}

/// Bucket bounds as Python's prometheus_client writes them (`le="1.0"`, not `le="1"`): `le` is
/// a label, so Prometheus keeps `1` and `1.0` as two series, and a query summing BentoML's and
/// ours by `le` would split.
fn python_le(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(i) = rest.find("le=\"") {
        let (head, tail) = rest.split_at(i + 4);
        out.push_str(head);
        let end = tail.find('"').unwrap_or(tail.len());
        let value = &tail[..end];
        out.push_str(value);
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(".0");
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// An HTTP request being recorded; [`HttpRequest::finish`] counts it with its status, and
/// dropping it without (the client went away) counts it as no longer in progress.
pub(crate) struct HttpRequest {
    handles: EndpointHandles,
    start: std::time::Instant,
}

impl HttpRequest {
    pub(crate) fn finish(self, status: u16) {
        let h = &self.handles.0;
        let elapsed = self.start.elapsed();
        match COMMON_STATUSES.iter().position(|&s| s == status) {
            Some(i) => {
                let cell = &h.shards[shard_index()].statuses[i];
                cell.count.fetch_add(1, Ordering::Relaxed);
                let ns = u64::try_from(elapsed.as_nanos()).unwrap_or(u64::MAX);
                cell.sum_ns.fetch_add(ns, Ordering::Relaxed);
                let secs = elapsed.as_secs_f64();
                if let Some(b) = DURATION_BUCKETS.iter().position(|&le| secs <= le) {
                    cell.buckets[b].fetch_add(1, Ordering::Relaxed);
                }
            }
            None => {
                if let Some(inner) = h.metrics_inner.upgrade() {
                    let code = status.to_string();
                    let labels = [&*h.endpoint, &*h.service, NO_VERSION, code.as_str()];
                    inner.http_total.with_label_values(&labels).inc();
                    inner
                        .http_duration
                        .with_label_values(&labels)
                        .observe(elapsed.as_secs_f64());
                }
            }
        }
    }
}

impl Drop for HttpRequest {
    fn drop(&mut self) {
        self.handles.0.shards[shard_index()]
            .finished
            .fetch_add(1, Ordering::Relaxed);
    }
}

/// A gauge incremented while a call runs.
pub(crate) struct InProgress(IntGauge);

impl Drop for InProgress {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::guard::{GuardConfig, Guards};

    #[test]
    fn families_render_with_bentoml_names_and_labels() {
        let m = Metrics::new();
        let ep = m.endpoint("iris_classifier", "/classify");
        ep.begin().finish(200);
        ep.begin().finish(400);
        ep.begin().finish(418); // a status without handles at hand
        m.grpc_record("iris_classifier", "classify", 200, Duration::from_millis(2));
        m.refused(ErrorKind::Unavailable, "the model's queue is full");
        let guards = Guards::new(GuardConfig::default().with_max_in_flight_bytes(1000));
        let text = m.render(&guards);
        for line in [
            "# TYPE bentoml_api_server_request_total counter",
            "bentoml_api_server_request_total{endpoint=\"/classify\",http_response_code=\"200\",service_name=\"iris_classifier\",service_version=\"not available\"} 1",
            "bentoml_api_server_request_total{endpoint=\"/classify\",http_response_code=\"400\",service_name=\"iris_classifier\",service_version=\"not available\"} 1",
            "bentoml_api_server_request_total{api_name=\"classify\",http_response_code=\"200\",service_name=\"iris_classifier\",service_version=\"not available\"} 1",
            "# TYPE bentoml_api_server_request_duration_seconds histogram",
            "bentoml_api_server_request_duration_seconds_bucket{endpoint=\"/classify\",http_response_code=\"200\",service_name=\"iris_classifier\",service_version=\"not available\",le=\"0.005\"} 1",
            "bentoml_api_server_request_in_progress{endpoint=\"/classify\",service_name=\"iris_classifier\",service_version=\"not available\"} 0",
            "# TYPE bentoml_api_server_last_request_timestamp_seconds gauge",
            "ndarray_requests_refused_total{reason=\"queue_full\"} 1",
            "bentoml_api_server_request_total{endpoint=\"/classify\",http_response_code=\"418\",service_name=\"iris_classifier\",service_version=\"not available\"} 1",
            "ndarray_inflight_bytes_limit 1000",
        ] {
            assert!(
                text.lines().any(|l| l == line),
                "missing {line:?} in\n{text}"
            );
        }
        for le in ["le=\"0.005\"", "le=\"1.0\"", "le=\"10.0\"", "le=\"+Inf\""] {
            assert!(text.contains(le), "no {le} in\n{text}");
        }
        assert!(
            !text.contains("le=\"1\""),
            "integer bounds spelled as Python does"
        );
        assert_eq!(
            python_le("a{le=\"5\"} 1\nb{x=\"7\",le=\"+Inf\"} 2"),
            "a{le=\"5.0\"} 1\nb{x=\"7\",le=\"+Inf\"} 2"
        );
        assert_eq!(
            text.matches("# TYPE bentoml_api_server_request_total")
                .count(),
            1,
            "HTTP and gRPC samples share one family"
        );
    }
}
