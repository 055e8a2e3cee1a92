//! Bounds that span requests: what one process holds and runs at once, shared by the HTTP
//! ([`http::Service`](crate::http::Service)) and gRPC ([`grpc::Servicer`](crate::grpc::Servicer))
//! sides of a service.
//!
//! [`Limits`](crate::Limits) bound one request; a server under many requests needs more:
//!
//! - a [`Budget`] of bytes in flight across all requests (request bodies as they arrive, gRPC
//!   messages, decoded arrays), so 400 slow uploads cannot add up to the machine's memory. A
//!   request that does not fit is answered 503 with `Retry-After` (gRPC `RESOURCE_EXHAUSTED`)
//!   before its body is read when it declares its length, or as soon as it outgrows the budget
//!   when it does not; its bytes are released on every exit path, a client disconnect included;
//! - a [`Gate`] on model calls: at most `max_concurrent_calls` handlers run at once, at most
//!   `max_queued_calls` wait, none waits longer than `queue_timeout`; the rest are shed with
//!   503 (gRPC `UNAVAILABLE`) at once instead of queueing without end. A blocking model
//!   (`blocking_api`) runs on tokio's blocking pool, or in place when its measured cost for the
//!   input's size is under `max_inline_call`;
//! - body read deadlines: a body that stalls for `body_idle_timeout`, or arrives slower than
//!   `min_body_rate` after `min_body_rate_grace`, is cut with 408;
//! - the draining flag a server sets on shutdown: `/readyz` answers 503 from then on.
//!
//! Every [`Api`](crate::http::Api) and [`Servicer`](crate::grpc::Servicer) uses
//! [`Guards::shared`], one set per process, unless given its own; so a service built the usual
//! way is bounded as a whole with no extra code.
//!
//! ```
//! use std::time::Duration;
//! use ndarray_descriptor::guard::{GuardConfig, Guards};
//! let guards = Guards::new(
//!     GuardConfig::default()
//!         .with_max_in_flight_bytes(256 << 20)
//!         .with_max_concurrent_calls(2)
//!         .with_queue_timeout(Duration::from_millis(500)),
//! );
//! let r = guards.budget().reserve(100 << 20)?;
//! assert_eq!(guards.budget().in_flight(), 100 << 20);
//! assert!(guards.budget().reserve(200 << 20).is_err()); // 503 with Retry-After
//! drop(r);
//! assert_eq!(guards.budget().in_flight(), 0);
//! # Ok::<_, ndarray_descriptor::Error>(())
//! ```

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::array::DynArray;
use crate::error::{Error, Result};

/// The settings of [`Guards`]; every field has a default chosen for one model server replica
/// (see the README's serving table for the reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct GuardConfig {
    /// Bytes all requests together may hold at once: bodies and messages as they arrive and
    /// the arrays decoded from them (default 1 GiB: 16 bodies at the 64 MiB
    /// [`Limits::max_body_bytes`](crate::Limits), and a small share of a machine that serves
    /// models).
    pub max_in_flight_bytes: usize,
    /// Handlers running at once (default: the number of CPUs, what a CPU-bound model uses).
    pub max_concurrent_calls: usize,
    /// Calls waiting for a handler slot (default 100, TorchServe's `job_queue_size`).
    pub max_queued_calls: usize,
    /// The longest a call waits for a handler slot before it is shed (default 1 s).
    pub queue_timeout: Duration,
    /// The longest a request body may stall between two reads (default 60 s, nginx's
    /// `client_body_timeout`).
    pub body_idle_timeout: Duration,
    /// Slowest accepted body, in bytes per second averaged from the start of the body once the
    /// grace period has passed (default 240 B/s, Kestrel's `MinRequestBodyDataRate`); 0 turns
    /// the check off.
    pub min_body_rate: u64,
    /// How long a body may arrive slower than `min_body_rate` at its start (default 5 s,
    /// Kestrel's grace period).
    pub min_body_rate_grace: Duration,
    /// A blocking model's call (`blocking_api`) whose measured cost for its input size is below
    /// this runs in place on the async worker; a longer one goes to tokio's blocking pool
    /// (default 50 µs, inside tokio's advice of 10–100 µs between awaits: handing a call of a
    /// few microseconds to another thread costs more than the call). Zero sends every call to
    /// the pool.
    pub max_inline_call: Duration,
}

impl Default for GuardConfig {
    fn default() -> Self {
        GuardConfig {
            max_in_flight_bytes: 1 << 30,
            max_concurrent_calls: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_queued_calls: 100,
            queue_timeout: Duration::from_secs(1),
            body_idle_timeout: Duration::from_secs(60),
            min_body_rate: 240,
            min_body_rate_grace: Duration::from_secs(5),
            max_inline_call: Duration::from_micros(50),
        }
    }
}

impl GuardConfig {
    /// Set [`GuardConfig::max_in_flight_bytes`].
    pub fn with_max_in_flight_bytes(mut self, n: usize) -> Self {
        self.max_in_flight_bytes = n;
        self
    }

    /// Set [`GuardConfig::max_concurrent_calls`] (at least 1).
    pub fn with_max_concurrent_calls(mut self, n: usize) -> Self {
        self.max_concurrent_calls = n.max(1);
        self
    }

    /// Set [`GuardConfig::max_queued_calls`].
    pub fn with_max_queued_calls(mut self, n: usize) -> Self {
        self.max_queued_calls = n;
        self
    }

    /// Set [`GuardConfig::queue_timeout`].
    pub fn with_queue_timeout(mut self, d: Duration) -> Self {
        self.queue_timeout = d;
        self
    }

    /// Set [`GuardConfig::body_idle_timeout`].
    pub fn with_body_idle_timeout(mut self, d: Duration) -> Self {
        self.body_idle_timeout = d;
        self
    }

    /// Set [`GuardConfig::max_inline_call`].
    pub fn with_max_inline_call(mut self, d: Duration) -> Self {
        self.max_inline_call = d;
        self
    }

    /// Set [`GuardConfig::min_body_rate`] (bytes per second; 0 = off) and its grace period.
    pub fn with_min_body_rate(mut self, bytes_per_sec: u64, grace: Duration) -> Self {
        self.min_body_rate = bytes_per_sec;
        self.min_body_rate_grace = grace;
        self
    }
}

/// The guards of one process (or one group of services): a [`Budget`], a [`Gate`], the body
/// deadlines and the draining flag. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Guards {
    inner: Arc<GuardsInner>,
}

struct GuardsInner {
    config: GuardConfig,
    budget: Budget,
    gate: Gate,
    draining: AtomicBool,
    #[cfg(feature = "metrics")]
    metrics: crate::metrics::Metrics,
}

impl fmt::Debug for Guards {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Guards")
            .field("config", &self.inner.config)
            .field("in_flight_bytes", &self.inner.budget.in_flight())
            .field("running_calls", &self.inner.gate.running())
            .field("queued_calls", &self.inner.gate.queued())
            .field("draining", &self.is_draining())
            .finish()
    }
}

impl Default for Guards {
    fn default() -> Self {
        Guards::shared().clone()
    }
}

impl Guards {
    /// New guards with their own budget and gate.
    pub fn new(config: GuardConfig) -> Guards {
        Guards {
            inner: Arc::new(GuardsInner {
                config,
                budget: Budget::new(config.max_in_flight_bytes),
                gate: Gate::new(
                    config.max_concurrent_calls,
                    config.max_queued_calls,
                    config.queue_timeout,
                ),
                draining: AtomicBool::new(false),
                #[cfg(feature = "metrics")]
                metrics: crate::metrics::Metrics::new(),
            }),
        }
    }

    /// The process-wide guards with [`GuardConfig::default`], used by every API and servicer
    /// not given others: one budget and one gate for the whole process.
    pub fn shared() -> &'static Guards {
        static SHARED: OnceLock<Guards> = OnceLock::new();
        SHARED.get_or_init(|| Guards::new(GuardConfig::default()))
    }

    /// The settings.
    pub fn config(&self) -> &GuardConfig {
        &self.inner.config
    }

    /// The in-flight byte budget.
    pub fn budget(&self) -> &Budget {
        &self.inner.budget
    }

    /// The metrics these guards' services record (feature `metrics`).
    #[cfg(feature = "metrics")]
    #[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
    pub fn metrics(&self) -> &crate::metrics::Metrics {
        &self.inner.metrics
    }

    /// Count `err` if it is one of the guards' refusals (with feature `metrics`; else nothing).
    pub(crate) fn note(&self, err: &Error) {
        #[cfg(feature = "metrics")]
        self.inner.metrics.refused(err.kind(), err.message());
        #[cfg(not(feature = "metrics"))]
        let _ = err;
    }

    /// Count a decoded request array (with feature `metrics`; else nothing).
    pub(crate) fn decoded(&self, transport: &str, arr: &DynArray) {
        #[cfg(feature = "metrics")]
        self.inner.metrics.decoded(transport, arr);
        #[cfg(not(feature = "metrics"))]
        let _ = (transport, arr);
    }

    /// The gate on model calls.
    pub fn gate(&self) -> &Gate {
        &self.inner.gate
    }

    /// Mark the service as draining: readiness probes answer 503 from now on.
    pub fn start_draining(&self) {
        self.inner.draining.store(true, Ordering::SeqCst);
    }

    /// Whether [`Guards::start_draining`] was called.
    pub fn is_draining(&self) -> bool {
        self.inner.draining.load(Ordering::SeqCst)
    }
}

/// The memory an array holds, at most: its `nbytes`, plus the offsets of a string array (whose
/// UTF-8 text is never more than numpy's 4 bytes per character of the width).
pub(crate) fn array_bytes(arr: &DynArray) -> usize {
    let offsets = match arr.data() {
        crate::array::ArrayData::Str(s) => s.offsets().len().saturating_mul(size_of::<usize>()),
        _ => 0,
    };
    arr.nbytes().saturating_add(offsets)
}

/// Bytes in flight across requests, with a fixed capacity. Reserving is one atomic
/// compare-and-swap; a [`Reservation`] gives its bytes back when dropped.
#[derive(Clone)]
pub struct Budget {
    inner: Arc<BudgetInner>,
}

struct BudgetInner {
    capacity: usize,
    used: AtomicUsize,
    peak: AtomicUsize,
}

impl fmt::Debug for Budget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Budget")
            .field("capacity", &self.capacity())
            .field("in_flight", &self.in_flight())
            .finish()
    }
}

impl Budget {
    /// A budget of `capacity` bytes.
    pub fn new(capacity: usize) -> Budget {
        Budget {
            inner: Arc::new(BudgetInner {
                capacity,
                used: AtomicUsize::new(0),
                peak: AtomicUsize::new(0),
            }),
        }
    }

    /// The capacity in bytes.
    pub fn capacity(&self) -> usize {
        self.inner.capacity
    }

    /// Bytes reserved now.
    pub fn in_flight(&self) -> usize {
        self.inner.used.load(Ordering::Relaxed)
    }

    /// The most bytes ever reserved at once.
    pub fn peak(&self) -> usize {
        self.inner.peak.load(Ordering::Relaxed)
    }

    /// Reserve `bytes`.
    ///
    /// # Errors
    /// [`ErrorKind::ResourceExhausted`](crate::ErrorKind::ResourceExhausted) if they do not fit
    /// beside what is reserved now.
    pub fn reserve(&self, bytes: usize) -> Result<Reservation> {
        let mut r = Reservation {
            budget: self.clone(),
            bytes: 0,
        };
        r.resize(bytes)?;
        Ok(r)
    }

    fn try_add(&self, bytes: usize) -> Result<()> {
        let cap = self.inner.capacity;
        match self
            .inner
            .used
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |u| {
                u.checked_add(bytes).filter(|&t| t <= cap)
            }) {
            Ok(before) => {
                self.inner.peak.fetch_max(before + bytes, Ordering::Relaxed);
                Ok(())
            }
            Err(used) => Err(Error::resource_exhausted(format!(
                "the server is busy: {bytes} more bytes do not fit in its in-flight budget \
                 ({used} of {cap} bytes in use); retry later"
            ))),
        }
    }

    fn release(&self, bytes: usize) {
        self.inner.used.fetch_sub(bytes, Ordering::AcqRel);
    }
}

/// Bytes held in a [`Budget`]; released when dropped.
#[derive(Debug)]
pub struct Reservation {
    budget: Budget,
    bytes: usize,
}

impl Reservation {
    /// The bytes held.
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// Hold `bytes` instead of [`Reservation::bytes`]: shrinking always succeeds.
    ///
    /// # Errors
    /// [`ErrorKind::ResourceExhausted`](crate::ErrorKind::ResourceExhausted) if growing does
    /// not fit; the reservation is then unchanged.
    pub fn resize(&mut self, bytes: usize) -> Result<()> {
        // Each change is one atomic operation on a line every core shares: none when nothing
        // changes.
        if bytes > self.bytes {
            self.budget.try_add(bytes - self.bytes)?;
        } else if bytes < self.bytes {
            self.budget.release(self.bytes - bytes);
        }
        self.bytes = bytes;
        Ok(())
    }
}

impl Reservation {
    /// Hold `arr`, decoded from `source_bytes` of body or message, in place of them: both are
    /// counted while both exist, then only the array, except that a source under 64 KiB stays
    /// counted until the answer (one shared atomic operation less per request, for at most
    /// 64 KiB per request in flight).
    pub(crate) fn hold_decoded(&mut self, source_bytes: usize, arr: &DynArray) -> Result<()> {
        let array_bytes = array_bytes(arr);
        self.resize(source_bytes.saturating_add(array_bytes))?;
        if source_bytes >= 64 << 10 {
            self.resize(array_bytes)?;
        }
        Ok(())
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if self.bytes > 0 {
            self.budget.release(self.bytes);
        }
    }
}

/// A bound on model calls: `max_concurrent_calls` run, `max_queued_calls` wait at most
/// `queue_timeout`, the rest are shed at once.
#[derive(Clone)]
pub struct Gate {
    inner: Arc<GateInner>,
}

struct GateInner {
    slots: Semaphore,
    max_concurrent: usize,
    max_queued: usize,
    queue_timeout: Duration,
    queued: AtomicUsize,
}

impl fmt::Debug for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Gate")
            .field("running", &self.running())
            .field("queued", &self.queued())
            .finish()
    }
}

impl Gate {
    /// A gate of `max_concurrent` slots (at least 1) and a queue of `max_queued` waiting at
    /// most `queue_timeout`.
    pub fn new(max_concurrent: usize, max_queued: usize, queue_timeout: Duration) -> Gate {
        let max_concurrent = max_concurrent.clamp(1, Semaphore::MAX_PERMITS);
        Gate {
            inner: Arc::new(GateInner {
                slots: Semaphore::new(max_concurrent),
                max_concurrent,
                max_queued,
                queue_timeout,
                queued: AtomicUsize::new(0),
            }),
        }
    }

    /// Calls running now.
    pub fn running(&self) -> usize {
        self.inner.max_concurrent - self.inner.slots.available_permits()
    }

    /// Calls waiting now.
    pub fn queued(&self) -> usize {
        self.inner.queued.load(Ordering::Relaxed)
    }

    /// Wait for a slot: at once when one is free, else in the queue.
    ///
    /// # Errors
    /// [`ErrorKind::Unavailable`](crate::ErrorKind::Unavailable) when the queue is full or the
    /// queue deadline passes first.
    pub async fn enter(&self) -> Result<GatePermit<'_>> {
        self.enter_timed().await.map(|(p, _)| p)
    }

    /// [`Gate::enter`], and how long the call waited when it had to.
    async fn enter_timed(&self) -> Result<(GatePermit<'_>, Option<Duration>)> {
        let inner = &self.inner;
        // The permit borrows the gate: no reference count to touch on the way in and out.
        if let Ok(p) = inner.slots.try_acquire() {
            return Ok((GatePermit(p), None));
        }
        let start = tokio::time::Instant::now();
        let shed = |why: &str| {
            Error::unavailable(format!(
                "the server is overloaded: {why} ({} calls running, {} waiting); retry later",
                inner.max_concurrent, inner.max_queued
            ))
        };
        let queued = inner
            .queued
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |q| {
                (q < inner.max_queued).then_some(q + 1)
            });
        if queued.is_err() {
            return Err(shed("the model's queue is full"));
        }
        // Leaves the queue on every path, the caller's future being dropped included.
        struct Queued<'a>(&'a AtomicUsize);
        impl Drop for Queued<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::AcqRel);
            }
        }
        let _queued = Queued(&inner.queued);
        match tokio::time::timeout(inner.queue_timeout, inner.slots.acquire()).await {
            Ok(Ok(p)) => Ok((GatePermit(p), Some(start.elapsed()))),
            Ok(Err(_)) => Err(shed("the gate is closed")),
            Err(_) => Err(shed(&format!(
                "no model slot within the queue timeout of {:?}",
                inner.queue_timeout
            ))),
        }
    }
}

/// A running call's slot in a [`Gate`]; freed when dropped.
#[derive(Debug)]
pub struct GatePermit<'a>(#[allow(dead_code)] SemaphorePermit<'a>);

type BoxFuture = Pin<Box<dyn Future<Output = Result<DynArray>> + Send>>;
type AsyncFn = Arc<dyn Fn(DynArray) -> BoxFuture + Send + Sync>;
type BlockingFn = Arc<dyn Fn(DynArray) -> Result<DynArray> + Send + Sync>;

/// An API's model as a service holds it: an async handler, or a blocking function with the
/// measured cost of its calls.
#[derive(Clone)]
pub(crate) enum Model {
    Async(AsyncFn),
    Blocking(BlockingFn, Arc<CallCost>),
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Model::Async(_) => "Model::Async",
            Model::Blocking(..) => "Model::Blocking",
        })
    }
}

impl Model {
    pub(crate) fn from_async<F, Fut>(handler: F) -> Model
    where
        F: Fn(DynArray) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<DynArray>> + Send + 'static,
    {
        Model::Async(Arc::new(move |x| Box::pin(handler(x)) as BoxFuture))
    }

    pub(crate) fn from_blocking<F>(model: F) -> Model
    where
        F: Fn(DynArray) -> Result<DynArray> + Send + Sync + 'static,
    {
        Model::Blocking(Arc::new(model), Arc::new(CallCost::default()))
    }

    /// Call the model once the gate admits it. A blocking model runs in place when its
    /// measured cost for an input this size is under [`GuardConfig::max_inline_call`], else
    /// on tokio's blocking pool (always, until a first call has been measured).
    pub(crate) async fn call(&self, x: DynArray, guards: &Guards) -> Result<DynArray> {
        let _slot = match guards.gate().enter_timed().await {
            Ok((slot, _waited)) => {
                #[cfg(feature = "metrics")]
                if let Some(w) = _waited {
                    guards.metrics().queue_wait(w);
                }
                slot
            }
            Err(e) => return Err(e),
        };
        match self {
            Model::Async(f) => f(x).await,
            Model::Blocking(f, cost) => {
                let elements = x.len().max(1);
                let inline = cost
                    .estimate(elements)
                    .is_some_and(|d| d < guards.config().max_inline_call);
                if inline {
                    cost.timed(elements, || f(x))
                } else {
                    let (f, cost) = (f.clone(), cost.clone());
                    run_blocking(move || cost.timed(elements, || f(x))).await
                }
            }
        }
    }
}

/// The running average of a blocking model's time per input element (nanoseconds, as f64
/// bits), so a call can be priced before it runs.
#[derive(Default)]
pub(crate) struct CallCost {
    ns_per_element: AtomicU64,
}

impl CallCost {
    fn estimate(&self, elements: usize) -> Option<Duration> {
        let bits = self.ns_per_element.load(Ordering::Relaxed);
        (bits != 0).then(|| Duration::from_secs_f64(f64::from_bits(bits) * elements as f64 / 1e9))
    }

    fn timed<T>(&self, elements: usize, f: impl FnOnce() -> T) -> T {
        // One call in 16 is timed once an estimate exists: reading the clock twice per call
        // is a measurable share of a call that takes microseconds.
        thread_local!(static CALLS: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
        let n = CALLS.with(|c| {
            let n = c.get().wrapping_add(1);
            c.set(n);
            n
        });
        if !n.is_multiple_of(16) && self.ns_per_element.load(Ordering::Relaxed) != 0 {
            return f();
        }
        let start = std::time::Instant::now();
        let out = f();
        let sample = start.elapsed().as_nanos() as f64 / elements as f64;
        // An exponential average (weight 1/8), so one slow call moves it but does not set it.
        let old = f64::from_bits(self.ns_per_element.load(Ordering::Relaxed));
        let new = if old == 0.0 {
            sample
        } else {
            old + (sample - old) / 8.0
        };
        // Written only when it moves by more than 1/16 (a sample more than half away from the
        // average): every core reads this line on every call, and a write on each would bounce
        // it between them. The estimate only has to tell microseconds from milliseconds.
        if old == 0.0 || (new - old).abs() > old / 16.0 {
            self.ns_per_element
                .store(new.max(f64::MIN_POSITIVE).to_bits(), Ordering::Relaxed);
        }
        out
    }
}

/// Run `f` on tokio's blocking pool; a panic in it is an internal error, not a lost worker.
async fn run_blocking<T, F>(f: F) -> Result<T>
where
    F: FnOnce() -> Result<T> + Send + 'static,
    T: Send + 'static,
{
    match tokio::task::spawn_blocking(f).await {
        Ok(r) => r,
        Err(e) => Err(Error::internal(format!(
            "the model panicked or was cancelled: {e}"
        ))),
    }
}

#[cfg(feature = "axum")]
/// When a body that has delivered `received` bytes since `start` must deliver its next frame:
/// the earlier of the idle deadline and the moment its average rate would fall below the
/// minimum (after the grace period).
pub(crate) fn next_frame_deadline(
    config: &GuardConfig,
    start: tokio::time::Instant,
    received: usize,
) -> (tokio::time::Instant, bool) {
    let idle = tokio::time::Instant::now() + config.body_idle_timeout;
    if config.min_body_rate == 0 {
        return (idle, false);
    }
    let earned = Duration::from_secs_f64(received as f64 / config.min_body_rate as f64);
    let rate = start + config.min_body_rate_grace + earned;
    if rate < idle {
        (rate, true)
    } else {
        (idle, false)
    }
}

#[cfg(feature = "axum")]
/// The error for a body that missed [`next_frame_deadline`].
pub(crate) fn body_timeout(config: &GuardConfig, received: usize, by_rate: bool) -> Error {
    if by_rate {
        Error::timeout(format!(
            "request body too slow: {received} bytes arrived, below the minimum of {} bytes/s \
             after {:?}",
            config.min_body_rate, config.min_body_rate_grace
        ))
    } else {
        Error::timeout(format!(
            "request body stalled: no bytes for {:?} after {received} bytes",
            config.body_idle_timeout
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    #[test]
    fn budget_reserves_resizes_and_releases() {
        let b = Budget::new(100);
        let mut r = b.reserve(60).unwrap();
        assert_eq!(b.in_flight(), 60);
        let err = b.reserve(41).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ResourceExhausted);
        assert_eq!(err.http_status(), 503);
        assert!(
            err.message().contains("60 of 100 bytes"),
            "{}",
            err.message()
        );
        assert!(r.resize(101).is_err());
        assert_eq!(r.bytes(), 60, "a failed grow leaves the reservation");
        r.resize(10).unwrap();
        let r2 = b.reserve(90).unwrap();
        assert_eq!(b.in_flight(), 100);
        drop(r);
        drop(r2);
        assert_eq!(b.in_flight(), 0);
        assert_eq!(b.peak(), 100);
        assert!(b.reserve(usize::MAX).is_err(), "no overflow");
    }

    #[test]
    fn budget_is_exact_under_threads() {
        let b = Budget::new(1000);
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let b = b.clone();
                std::thread::spawn(move || {
                    for _ in 0..10_000 {
                        if let Ok(mut r) = b.reserve(7) {
                            let _ = r.resize(300);
                        }
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(b.in_flight(), 0);
        assert!(b.peak() <= 1000);
    }

    fn run<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn gate_runs_queues_and_sheds() {
        run(async {
            let gate = Gate::new(1, 1, Duration::from_secs(1));
            let first = gate.enter().await.unwrap();
            assert_eq!(gate.running(), 1);
            // One may wait; the next is shed at once. The waiter holds its slot until told.
            let (release, released) = tokio::sync::oneshot::channel::<()>();
            let (admitted, got_in) = tokio::sync::oneshot::channel::<bool>();
            let waiter = {
                let gate = gate.clone();
                tokio::spawn(async move {
                    let slot = gate.enter().await;
                    let _ = admitted.send(slot.is_ok());
                    let _ = released.await;
                })
            };
            tokio::task::yield_now().await;
            assert_eq!(gate.queued(), 1);
            let err = gate.enter().await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Unavailable);
            assert!(err.message().contains("queue is full"), "{}", err.message());
            drop(first);
            assert!(got_in.await.unwrap(), "the waiter gets the freed slot");
            assert_eq!((gate.running(), gate.queued()), (1, 0));
            // A waiter past the queue deadline is shed too.
            let late = gate.enter().await.unwrap_err();
            assert!(
                late.message().contains("queue timeout"),
                "{}",
                late.message()
            );
            assert_eq!(gate.queued(), 0);
            let _ = release.send(());
            waiter.await.unwrap();
            assert_eq!(gate.running(), 0);
        });
    }

    #[test]
    fn a_cancelled_waiter_leaves_the_queue() {
        run(async {
            let gate = Gate::new(1, 1, Duration::from_secs(60));
            let _held = gate.enter().await.unwrap();
            let fut = gate.enter();
            let r = tokio::time::timeout(Duration::from_millis(10), fut).await;
            assert!(r.is_err());
            assert_eq!(gate.queued(), 0);
        });
    }

    #[test]
    fn a_blocking_model_runs_in_place_only_when_measured_cheap() {
        // Each call answers whether it ran on the caller's thread (the one named below; the
        // blocking pool's threads have tokio's names).
        fn on_thread() -> Model {
            Model::from_blocking(|_x: DynArray| {
                let here = std::thread::current().name() == Some("the-runtime");
                Ok(DynArray::from(ndarray::ArrayD::from_elem(vec![1], here)))
            })
        }
        let in_place =
            |r: Result<DynArray>| *r.unwrap().as_array::<bool>().unwrap().first().unwrap();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let x = || DynArray::from(ndarray::ArrayD::from_elem(vec![4], 1.0f32));
        std::thread::Builder::new()
            .name("the-runtime".into())
            .spawn(move || {
                rt.block_on(async {
                    let guards = Guards::new(GuardConfig::default());
                    let cheap = on_thread();
                    // Unmeasured: the pool; measured cheap: in place.
                    assert!(!in_place(cheap.call(x(), &guards).await));
                    assert!(in_place(cheap.call(x(), &guards).await));
                    // Zero sends every call to the pool.
                    let never =
                        Guards::new(GuardConfig::default().with_max_inline_call(Duration::ZERO));
                    assert!(!in_place(cheap.call(x(), &never).await));
                    // A model measured slow stays on the pool.
                    let slow = Model::from_blocking(|_x: DynArray| {
                        std::thread::sleep(Duration::from_millis(2));
                        let here = std::thread::current().name() == Some("the-runtime");
                        Ok(DynArray::from(ndarray::ArrayD::from_elem(vec![1], here)))
                    });
                    assert!(!in_place(slow.call(x(), &guards).await));
                    assert!(!in_place(slow.call(x(), &guards).await));
                    // A panic is an internal error, and the gate slot comes back.
                    let boom =
                        Model::from_blocking(|_x: DynArray| -> Result<DynArray> { panic!("boom") });
                    let err = boom.call(x(), &guards).await.unwrap_err();
                    assert_eq!(err.kind(), ErrorKind::Internal);
                    assert_eq!(guards.gate().running(), 0);
                })
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[cfg(feature = "axum")]
    #[test]
    fn body_deadline_is_the_earlier_of_idle_and_rate() {
        run(async {
            let config = GuardConfig::default()
                .with_body_idle_timeout(Duration::from_secs(60))
                .with_min_body_rate(100, Duration::from_secs(5));
            let start = tokio::time::Instant::now();
            let (d, by_rate) = next_frame_deadline(&config, start, 0);
            assert!(by_rate);
            assert_eq!(d - start, Duration::from_secs(5));
            let (d, by_rate) = next_frame_deadline(&config, start, 1000);
            assert!(by_rate);
            assert_eq!(d - start, Duration::from_secs(15));
            let (d, by_rate) = next_frame_deadline(&config, start, 100_000);
            assert!(!by_rate);
            assert_eq!(d - start, Duration::from_secs(60));
            let off = config.with_min_body_rate(0, Duration::ZERO);
            assert!(!next_frame_deadline(&off, start, 0).1);
        });
    }
}
