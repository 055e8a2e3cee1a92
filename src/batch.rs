//! Adaptive batching: concurrent requests of one API merged along a batch dimension into one
//! model call, as BentoML's batchable APIs (`batch_dim`, `max_batch_size`, `max_latency_ms`)
//! merge them with `batches_to_batch` and split the answer with `batch_to_batches`.
//!
//! An [`Api`](crate::http::Api) declared [`with_batching`](crate::http::Api::with_batching) is
//! served through a [`Batcher`]: each request is decoded and validated on its own, then queued;
//! requests of the same dtype and the same non-batch dimensions are concatenated along
//! [`Batching::batch_dim`], the handler runs once on the batch, and its output is split back
//! along the output's `batch_dim` by each request's row count, in order.
//!
//! ```
//! use std::time::Duration;
//! use ndarray_descriptor::{DType, NumpyNdarray, batch::Batching, http::Api};
//! let desc = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1, 4]).build()?;
//! let api = Api::new("classify_batch", desc.clone(), desc)
//!     .with_batching(Batching::new().max_batch_size(64).max_latency(Duration::from_millis(10)));
//! assert_eq!(api.batching().map(|b| b.get_max_batch_size()), Some(64));
//! # Ok::<_, ndarray_descriptor::Error>(())
//! ```
//!
//! # Rules
//!
//! - A batch never holds more than [`Batching::max_batch_size`] rows along `batch_dim`, each
//!   request's own rows counted (BentoML #3859, #3710).
//! - A request that cannot join a batch runs alone, exactly as an API without batching runs
//!   it (through the model-call gate, its whole array to the handler, its whole answer back):
//!   a 0-d array or one with fewer dimensions than `batch_dim + 1` (it has no batch
//!   dimension), one with zero rows along it (BentoML #3975, #4470: nothing to merge, and an
//!   empty batch must not reach a model with others' rows), and one with more rows than
//!   `max_batch_size` (never split, never merged: a batch is never over the limit because of
//!   it). Such calls are not counted in the rows-per-call histogram.
//! - Only requests of the same dtype (after validation) and the same non-batch dimensions are
//!   merged; the others wait for a batch of their own kind, oldest first.
//! - An output without `batch_dim`, or whose size along it differs from the batch's rows, is an
//!   internal error (a 500) naming the API, for every request of the batch: never a wrong
//!   answer.
//!
//! # Dispatch
//!
//! The batcher keeps a least-squares fit of the model's call time over the last
//! [`Batching::fit_window`] batches, `time = a + b·rows`, and the arrival rate of rows over the
//! last [`Batching::arrival_window`] requests. While fewer than
//! [`Batching::max_concurrent_batches`] batches of the API run, it looks at the oldest queued
//! request and the requests that fit in its batch (`n` rows), and runs that batch at once when
//! it is full (the next compatible request would not fit, or `n == max_batch_size`), when the
//! server is draining, when the oldest request has waited [`Batching::max_latency`], when fewer
//! than one more row is expected before that deadline, or when the rows expected by the
//! deadline (`m`) would not cut the predicted cost per row by at least [`Batching::min_gain`]
//! (`(a + b·m)/m > (1 − min_gain)·(a + b·n)/n`: a model whose time is all per-row gains
//! nothing by waiting), or when the batch holds its slot's share of the recent load: the most
//! rows the API held in the server (queued and running) at any of the last
//! [`Batching::arrival_window`] arrivals, at most `max_batch_size`, divided by
//! [`Batching::max_concurrent_batches`] and rounded up. With several slots, batches of a share
//! let the slots take turns, one running while the callers of another send their next rows.
//! With callers that each wait for their answer before sending again (a client pool, a
//! benchmark's connections), fewer than `max_batch_size` of them, the batch holding all that
//! are not running runs at once: no more rows can arrive before an answer goes out, and
//! waiting for the deadline would only add `max_latency` to every call. Otherwise it waits for
//! the next arrival or the deadline, whichever comes first. Before the first measured call the
//! fit is unknown and waiting is assumed to pay.
//!
//! Turns are kept apart: while a batch runs, another one that is ready only by the rules
//! above (its share, or waiting not paying) starts no sooner than [`Batching::stagger`] of an
//! even spacing after the latest start (`stagger × predicted time / max_concurrent_batches`;
//! only after a start predicted to take 2 ms or more: the timer ticks every millisecond).
//! Batches that start together answer their callers together, and the callers' next
//! requests then compete for the same CPU; started apart, each batch's callers come back
//! while the other batch runs. A full batch, the deadline and a drain do not wait for a turn.
//!
//! # Refusals
//!
//! - More than [`Batching::max_queued`] requests waiting: 503 with `Retry-After` (gRPC
//!   `UNAVAILABLE`), "the batch queue of API .. is full".
//! - A request predicted to wait past [`Batching::max_latency`] (the batches already queued
//!   ahead of it, priced with the fit, do not leave it room): 503 at once, "the latency budget
//!   .. cannot be met", instead of a late answer.
//! - The batch's concatenated array is reserved in the in-flight byte budget while the model
//!   runs, as a single request's array is; a batch that does not fit answers each of its
//!   requests with `RESOURCE_EXHAUSTED` (503).
//!
//! A handler error answers every request of its batch. A caller that goes away (a client
//! disconnect drops its future) loses only its own answer: its rows may still run, the others
//! get theirs. When the service is dropped, or the guards start draining, queued requests are
//! run at once, without waiting for more rows.

use std::collections::VecDeque;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::task::Poll;
use std::time::Duration;

use ndarray::{ArrayD, ArrayView, Axis, IxDyn, Slice};
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

use crate::array::{ArrayData, DynArray, dispatch};
use crate::dtype::DType;
use crate::element::Element;
use crate::error::{Error, Result};
use crate::guard::{Guards, Model, array_bytes};

/// How a batchable API merges requests: every knob of the batcher, with BentoML's names where
/// it has them. Build with [`Batching::new`] and the setters.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Batching {
    /// The dimension requests are concatenated along (default 0, BentoML's `batch_dim`).
    pub batch_dim: usize,
    /// The most rows along `batch_dim` one model call gets, each request's own rows counted
    /// (default 100, BentoML's `max_batch_size`; at least 1).
    pub max_batch_size: usize,
    /// The longest a request waits in the queue before its batch starts (default 10 ms).
    pub max_latency: Duration,
    /// Requests waiting at most; one more is answered 503 (default 1024).
    pub max_queued: usize,
    /// Batches of this API running at once (default 1; each also takes a slot of the
    /// model-call gate). Above 1, a batch starts as soon as it holds its share of the recent
    /// load (at most `max_batch_size`), so the batches take turns.
    pub max_concurrent_batches: usize,
    /// Recent calls the cost fit `time = a + b·rows` is made over (default 64, at least 2).
    pub fit_window: usize,
    /// Recent requests the arrival rate is measured over (default 32, at least 2).
    pub arrival_window: usize,
    /// The least relative cut of the predicted cost per row that makes waiting for more rows
    /// worth it (default 0.1; 0 waits whenever more rows are expected, 1 never waits).
    pub min_gain: f64,
    /// How far apart, with `max_concurrent_batches` above 1, the starts of batches that are
    /// not forced (full, at the deadline, draining) are kept: this fraction of an even spacing,
    /// the predicted time of the latest batch over `max_concurrent_batches` (default 1/3; 0
    /// starts them as soon as they are ready). The dispatcher's timer has tokio's millisecond
    /// resolution: a batch waiting for its turn starts at the next tick after it, so turns are
    /// kept only after a batch predicted to take at least 2 ms.
    pub stagger: f64,
}

impl Default for Batching {
    fn default() -> Self {
        Batching {
            batch_dim: 0,
            max_batch_size: 100,
            max_latency: Duration::from_millis(10),
            max_queued: 1024,
            max_concurrent_batches: 1,
            fit_window: 64,
            arrival_window: 32,
            min_gain: 0.1,
            stagger: 1.0 / 3.0,
        }
    }
}

impl Batching {
    /// The defaults (see each field).
    pub fn new() -> Batching {
        Batching::default()
    }

    /// Set [`Batching::batch_dim`].
    pub fn batch_dim(mut self, dim: usize) -> Batching {
        self.batch_dim = dim;
        self
    }

    /// Set [`Batching::max_batch_size`] (at least 1).
    pub fn max_batch_size(mut self, rows: usize) -> Batching {
        self.max_batch_size = rows.max(1);
        self
    }

    /// Set [`Batching::max_latency`].
    pub fn max_latency(mut self, d: Duration) -> Batching {
        self.max_latency = d;
        self
    }

    /// Set [`Batching::max_queued`].
    pub fn max_queued(mut self, n: usize) -> Batching {
        self.max_queued = n;
        self
    }

    /// Set [`Batching::max_concurrent_batches`] (at least 1).
    pub fn max_concurrent_batches(mut self, n: usize) -> Batching {
        self.max_concurrent_batches = n.max(1);
        self
    }

    /// Set [`Batching::fit_window`] (at least 2).
    pub fn fit_window(mut self, n: usize) -> Batching {
        self.fit_window = n.max(2);
        self
    }

    /// Set [`Batching::arrival_window`] (at least 2).
    pub fn arrival_window(mut self, n: usize) -> Batching {
        self.arrival_window = n.max(2);
        self
    }

    /// Set [`Batching::min_gain`] (clamped to 0..=1).
    pub fn min_gain(mut self, gain: f64) -> Batching {
        self.min_gain = fraction(gain);
        self
    }

    /// Set [`Batching::stagger`] (clamped to 0..=1).
    pub fn stagger(mut self, part: f64) -> Batching {
        self.stagger = fraction(part);
        self
    }

    /// [`Batching::max_batch_size`].
    pub fn get_max_batch_size(&self) -> usize {
        self.max_batch_size
    }
}

/// `f` clamped to 0..=1 (NaN is 0).
fn fraction(f: f64) -> f64 {
    if f.is_nan() { 0.0 } else { f.clamp(0.0, 1.0) }
}

/// How often a batch held for more rows looks at the draining flag.
const DRAIN_CHECK: Duration = Duration::from_millis(50);

/// The resolution of the dispatcher's timer (tokio's): a batch waiting for its turn starts
/// at the first tick after it. Turns are kept only for calls predicted to take at least two
/// ticks; a faster call's batch would wait longer than the call for a turn a fraction of it.
const TIMER_TICK: Duration = Duration::from_millis(1);

/// The least-squares fit `time = a + b·rows` of a model's recent calls (seconds).
#[derive(Debug, Clone)]
pub struct CostFit {
    samples: VecDeque<(f64, f64)>,
    window: usize,
    /// The fit over `samples`, made when a call is recorded (the dispatcher reads it on every
    /// decision).
    fit: Option<(f64, f64)>,
}

impl CostFit {
    /// An empty fit over the last `window` calls (at least 2).
    pub fn new(window: usize) -> CostFit {
        CostFit {
            samples: VecDeque::new(),
            window: window.max(2),
            fit: None,
        }
    }

    /// Record a call of `rows` rows that took `took`.
    pub fn record(&mut self, rows: usize, took: Duration) {
        if self.samples.len() == self.window {
            self.samples.pop_front();
        }
        self.samples.push_back((rows as f64, took.as_secs_f64()));
        self.fit = self.least_squares();
    }

    /// `(a, b)` in seconds and seconds per row, both at least 0; `None` before a first call.
    /// With calls of a single size only, `b` is 0 and `a` their mean time.
    pub fn coefficients(&self) -> Option<(f64, f64)> {
        self.fit
    }

    fn least_squares(&self) -> Option<(f64, f64)> {
        let k = self.samples.len() as f64;
        if k == 0.0 {
            return None;
        }
        let (sx, sy) = self
            .samples
            .iter()
            .fold((0.0, 0.0), |(sx, sy), &(x, y)| (sx + x, sy + y));
        let (mx, my) = (sx / k, sy / k);
        let (sxx, sxy) = self.samples.iter().fold((0.0, 0.0), |(sxx, sxy), &(x, y)| {
            (sxx + (x - mx) * (x - mx), sxy + (x - mx) * (y - my))
        });
        if sxx <= f64::EPSILON {
            return Some((my.max(0.0), 0.0));
        }
        let b = sxy / sxx;
        let a = my - b * mx;
        Some(if b < 0.0 {
            (my.max(0.0), 0.0)
        } else if a < 0.0 {
            (0.0, if mx > 0.0 { my / mx } else { b })
        } else {
            (a, b)
        })
    }

    /// The predicted time of a call on `rows` rows (`None` before a first call).
    pub fn predict(&self, rows: usize) -> Option<Duration> {
        let (a, b) = self.coefficients()?;
        Some(Duration::from_secs_f64((a + b * rows as f64).max(0.0)))
    }
}

/// What the batcher has seen: for tests and logs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchStats {
    /// Rows of each batched model call, in call order (the last 1024).
    pub rows_per_call: Vec<usize>,
    /// Requests run alone (no batch dimension, zero rows, or more rows than a batch holds).
    pub alone: usize,
    /// Requests refused (queue full or latency budget).
    pub refused: usize,
}

type Answer = oneshot::Sender<Result<DynArray>>;

/// A queued request.
struct Pending {
    array: DynArray,
    rows: usize,
    key: (DType, Vec<usize>),
    enqueued: Instant,
    answer: Answer,
}

/// One API's batcher: a queue and a task that forms batches and runs them through the model.
/// Cheap to clone (shared). The task starts with the first request and ends once every clone
/// is dropped and the queue is empty.
#[derive(Clone)]
pub struct Batcher {
    inner: Arc<Inner>,
}

struct Inner {
    name: String,
    config: Batching,
    model: Model,
    guards: Guards,
    queued: AtomicUsize,
    tx: OnceLock<mpsc::UnboundedSender<Pending>>,
    stats: Arc<Mutex<BatchStats>>,
}

impl std::fmt::Debug for Batcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Batcher")
            .field("api", &self.inner.name)
            .field("config", &self.inner.config)
            .field("queued", &self.queued())
            .finish_non_exhaustive()
    }
}

impl Batcher {
    /// A batcher for API `name` calling the async `handler` with each batch.
    pub fn from_async<F, Fut>(
        name: impl Into<String>,
        config: Batching,
        guards: Guards,
        handler: F,
    ) -> Batcher
    where
        F: Fn(DynArray) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<DynArray>> + Send + 'static,
    {
        Batcher::new(name.into(), config, guards, Model::from_async(handler))
    }

    /// A batcher for API `name` calling the blocking `model` with each batch (on tokio's
    /// blocking pool, as [`Service::blocking_api`](crate::http::Service::blocking_api) does).
    pub fn from_blocking<F>(
        name: impl Into<String>,
        config: Batching,
        guards: Guards,
        model: F,
    ) -> Batcher
    where
        F: Fn(DynArray) -> Result<DynArray> + Send + Sync + 'static,
    {
        Batcher::new(name.into(), config, guards, Model::from_blocking(model))
    }

    pub(crate) fn new(name: String, config: Batching, guards: Guards, model: Model) -> Batcher {
        Batcher {
            inner: Arc::new(Inner {
                name,
                config,
                model,
                guards,
                queued: AtomicUsize::new(0),
                tx: OnceLock::new(),
                stats: Arc::new(Mutex::new(BatchStats::default())),
            }),
        }
    }

    /// The settings.
    pub fn config(&self) -> &Batching {
        &self.inner.config
    }

    /// Requests waiting now.
    pub fn queued(&self) -> usize {
        self.inner.queued.load(Ordering::Relaxed)
    }

    /// What the batcher has done so far.
    pub fn stats(&self) -> BatchStats {
        self.inner
            .stats
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default()
    }

    /// Answer `x` (one request's validated array) with its rows of a batched model call, or
    /// alone (see the [module](self) rules). Must run inside a tokio runtime.
    ///
    /// # Errors
    /// The handler's error; [`ErrorKind::Unavailable`](crate::ErrorKind::Unavailable) when the
    /// queue is full or the latency budget cannot be met;
    /// [`ErrorKind::ResourceExhausted`](crate::ErrorKind::ResourceExhausted) when the batch
    /// does not fit in the in-flight budget; [`ErrorKind::Internal`](crate::ErrorKind::Internal)
    /// when the output does not split back.
    pub async fn submit(&self, x: DynArray) -> Result<DynArray> {
        let inner = &self.inner;
        let dim = inner.config.batch_dim;
        let rows = match x.shape().get(dim) {
            Some(&r) if r > 0 && r <= inner.config.max_batch_size => r,
            _ => {
                if let Ok(mut s) = inner.stats.lock() {
                    s.alone += 1;
                }
                return inner.model.call(x, &inner.guards).await;
            }
        };
        let admitted = inner
            .queued
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |q| {
                (q < inner.config.max_queued).then_some(q + 1)
            });
        if admitted.is_err() {
            self.count_refused();
            return Err(Error::unavailable(format!(
                "the server is overloaded: the batch queue of API {} is full ({} requests \
                 waiting); retry later",
                inner.name, inner.config.max_queued
            )));
        }
        let mut key_shape = x.shape().to_vec();
        key_shape.remove(dim);
        let (answer, answered) = oneshot::channel();
        let pending = Pending {
            key: (x.dtype(), key_shape),
            array: x,
            rows,
            enqueued: Instant::now(),
            answer,
        };
        let tx = inner.tx.get_or_init(|| {
            let (tx, rx) = mpsc::unbounded_channel();
            tokio::spawn(Dispatcher::new(self, rx).run());
            tx
        });
        if tx.send(pending).is_err() {
            inner.queued.fetch_sub(1, Ordering::AcqRel);
            return Err(Error::unavailable("the batcher has stopped; retry later"));
        }
        answered
            .await
            .unwrap_or_else(|_| Err(Error::internal("the batch was lost before it answered")))
    }

    fn count_refused(&self) {
        if let Ok(mut s) = self.inner.stats.lock() {
            s.refused += 1;
        }
    }
}

/// One recent arrival, as the dispatcher saw it.
#[derive(Debug, Clone, Copy)]
struct Arrival {
    at: Instant,
    rows: usize,
    /// Rows of the API in the server (queued and running) once it was queued.
    in_server: usize,
}

/// The task that owns the queue. It holds no sender of its own queue: when the [`Batcher`]'s
/// clones are all gone the channel closes, the queue drains and the task ends.
struct Dispatcher {
    inner: Arc<Inner>,
    rx: mpsc::UnboundedReceiver<Pending>,
    closed: bool,
    queue: VecDeque<Pending>,
    /// The recent arrivals: when, their rows, and the rows in the server (queued and running)
    /// once each arrived.
    arrivals: VecDeque<Arrival>,
    fit: CostFit,
    running: usize,
    /// Rows in the running batches and in the queue.
    running_rows: usize,
    queued_rows: usize,
    /// Predicted end of the latest running batch.
    busy_until: Option<Instant>,
    /// The earliest a batch that is not forced may start while others run (see
    /// [`Batching::stagger`]).
    next_turn: Option<Instant>,
    done_tx: mpsc::UnboundedSender<(usize, Duration)>,
    done_rx: mpsc::UnboundedReceiver<(usize, Duration)>,
}

impl Dispatcher {
    fn new(b: &Batcher, rx: mpsc::UnboundedReceiver<Pending>) -> Dispatcher {
        let (done_tx, done_rx) = mpsc::unbounded_channel();
        // The task keeps the shared state, not a Batcher: holding one would keep the queue open.
        Dispatcher {
            inner: b.inner.clone(),
            rx,
            closed: false,
            queue: VecDeque::new(),
            arrivals: VecDeque::new(),
            fit: CostFit::new(b.inner.config.fit_window),
            running: 0,
            running_rows: 0,
            queued_rows: 0,
            busy_until: None,
            next_turn: None,
            done_tx,
            done_rx,
        }
    }

    async fn run(mut self) {
        let sleep = tokio::time::sleep(Duration::ZERO);
        tokio::pin!(sleep);
        loop {
            let wake = self.dispatch();
            if self.closed && self.queue.is_empty() && self.running == 0 {
                return;
            }
            if let Some(at) = wake {
                sleep.as_mut().reset(at);
            }
            enum Event {
                Request(Option<Pending>),
                Done((usize, Duration)),
                Tick,
            }
            let closed = self.closed;
            // A finished batch is seen before the requests its answers brought back (it is
            // reported before they are answered), so the rows in the server are counted right.
            let event = std::future::poll_fn(|cx| {
                if let Poll::Ready(Some(d)) = self.done_rx.poll_recv(cx) {
                    return Poll::Ready(Event::Done(d));
                }
                if !closed && let Poll::Ready(p) = self.rx.poll_recv(cx) {
                    return Poll::Ready(Event::Request(p));
                }
                if wake.is_some() && sleep.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Event::Tick);
                }
                Poll::Pending
            })
            .await;
            match event {
                Event::Request(Some(p)) => {
                    self.arrive(p);
                    // Whatever else has arrived (and finished) is seen before the next
                    // decision.
                    loop {
                        while let Ok(d) = self.done_rx.try_recv() {
                            self.finished(d);
                        }
                        let Ok(p) = self.rx.try_recv() else { break };
                        self.arrive(p);
                    }
                }
                Event::Request(None) => self.closed = true,
                Event::Done(d) => self.finished(d),
                Event::Tick => {}
            }
        }
    }

    /// A batch of `rows` rows that took `took` has finished.
    fn finished(&mut self, (rows, took): (usize, Duration)) {
        self.running -= 1;
        self.running_rows -= rows;
        if self.running == 0 {
            self.busy_until = None;
        }
        self.fit.record(rows, took);
    }

    /// Admit `p`, or answer it with 503 when the batches ahead of it leave it no room in the
    /// latency budget.
    fn arrive(&mut self, p: Pending) {
        let now = Instant::now();
        let window = self.inner.config.arrival_window;
        if self.arrivals.len() == window {
            self.arrivals.pop_front();
        }
        let late = self
            .predicted_start(p.rows)
            .filter(|&start| start > now + self.inner.config.max_latency);
        // A refused request counts in the arrival rate, not in the rows the server holds.
        let admitted_rows = if late.is_some() { 0 } else { p.rows };
        self.arrivals.push_back(Arrival {
            at: now,
            rows: p.rows,
            in_server: self.queued_rows + self.running_rows + admitted_rows,
        });
        if let Some(start) = late {
            self.inner.queued.fetch_sub(1, Ordering::AcqRel);
            let wait = start - now;
            Batcher {
                inner: self.inner.clone(),
            }
            .count_refused();
            let _ = p.answer.send(Err(Error::unavailable(format!(
                "the server is overloaded: the latency budget of API {} ({:?}) cannot be \
                     met, the batches queued ahead need about {:?}; retry later",
                self.inner.name, self.inner.config.max_latency, wait
            ))));
            return;
        }
        self.queued_rows += p.rows;
        self.queue.push_back(p);
    }

    /// The most rows the server held for this API (queued and running) at any of the recent
    /// arrivals: the load its callers put on it lately.
    fn recent_load(&self) -> usize {
        self.arrivals.iter().map(|a| a.in_server).max().unwrap_or(0)
    }

    /// When a request of `rows` rows arriving now is predicted to start: after the running
    /// batches and the full batches the queue holds ahead of it (`None` before the fit knows
    /// the model's cost).
    fn predicted_start(&self, rows: usize) -> Option<Instant> {
        let cfg = &self.inner.config;
        let full = self.fit.predict(cfg.max_batch_size)?;
        let now = Instant::now();
        let free = self.busy_until.filter(|&t| t > now).unwrap_or(now);
        let ahead = self.queued_rows + rows;
        // Batches that must run before the one holding this request.
        let batches_ahead = ahead.div_ceil(cfg.max_batch_size).saturating_sub(1);
        let rounds = batches_ahead.div_ceil(cfg.max_concurrent_batches);
        let rounds = u32::try_from(rounds).unwrap_or(u32::MAX);
        Some(free + full.saturating_mul(rounds))
    }

    /// The expected arrival rate, rows per second, over the recent arrivals up to now.
    fn arrival_rate(&self, now: Instant) -> f64 {
        let Some(&Arrival { at: first, .. }) = self.arrivals.front() else {
            return 0.0;
        };
        let span = (now - first).as_secs_f64();
        if self.arrivals.len() < 2 {
            return 0.0;
        }
        if span <= 0.0 {
            return f64::INFINITY; // several at the same instant
        }
        // The first arrival opens the span; the rows after it arrived within it.
        let rows: usize = self.arrivals.iter().skip(1).map(|a| a.rows).sum();
        rows as f64 / span
    }

    /// Run every batch that should run now; the next moment to look again, if any.
    fn dispatch(&mut self) -> Option<Instant> {
        let cfg = self.inner.config;
        loop {
            if self.queue.is_empty() || self.running >= cfg.max_concurrent_batches {
                return None;
            }
            let (rows, full) = self.candidate(None);
            let now = Instant::now();
            let deadline = self.queue[0].enqueued + cfg.max_latency;
            let forced = full || self.closed || self.inner.guards.is_draining() || now >= deadline;
            // A batch of its slot's share of the recent load (at most max_batch_size) is ready
            // now. With max_concurrent_batches above 1 the slots take turns (one runs while
            // the other's callers send their next rows) instead of all waiting to fill one
            // batch; and callers that each wait for their answer before sending again (fewer
            // of them than max_batch_size) are not kept waiting for rows that cannot come
            // until an answer goes out.
            let load = self.recent_load().min(cfg.max_batch_size);
            let at_share = rows >= load.div_ceil(cfg.max_concurrent_batches).max(1);
            let ready = at_share || !self.waiting_pays(rows, deadline - now, now);
            // ... and starts once its turn has come (Batching::stagger).
            let turn = self.next_turn.filter(|&t| self.running > 0 && t > now);
            if !(forced || (ready && turn.is_none())) {
                // Looked at again on the next arrival, at the deadline (or the turn), and
                // every DRAIN_CHECK meanwhile, so a drain does not wait for the deadline.
                let wake = deadline.min(now + DRAIN_CHECK);
                return Some(match turn {
                    Some(t) if ready => wake.min(t),
                    _ => wake,
                });
            }
            let mut take = Vec::with_capacity(self.queue.len().min(cfg.max_batch_size));
            self.candidate(Some(&mut take));
            self.launch(take, rows);
        }
    }

    /// The oldest request and the compatible ones after it that fit: their rows, and whether
    /// the batch is full; their positions go to `take` when one is given (only when the batch
    /// runs: the dispatcher looks on every arrival, and most looks do not run it).
    fn candidate(&self, mut take: Option<&mut Vec<usize>>) -> (usize, bool) {
        let max = self.inner.config.max_batch_size;
        let head = &self.queue[0];
        let mut rows = 0;
        let mut full = false;
        for (i, p) in self.queue.iter().enumerate() {
            if full {
                break;
            }
            if p.key != head.key {
                continue;
            }
            if rows + p.rows > max {
                full = true;
                break;
            }
            if let Some(take) = take.as_deref_mut() {
                take.push(i);
            }
            rows += p.rows;
            full = rows >= max;
        }
        (rows, full)
    }

    /// Whether holding a batch of `rows` rows for up to `left` is expected to pay.
    fn waiting_pays(&self, rows: usize, left: Duration, now: Instant) -> bool {
        let cfg = &self.inner.config;
        let expected = self.arrival_rate(now) * left.as_secs_f64();
        if expected < 1.0 {
            return false;
        }
        let Some((a, b)) = self.fit.coefficients() else {
            return true; // unmeasured: assume batching pays
        };
        let m = (rows as f64 + expected).min(cfg.max_batch_size as f64);
        let n = rows as f64;
        let per_row_now = (a + b * n) / n;
        let per_row_then = (a + b * m) / m;
        per_row_then <= (1.0 - cfg.min_gain) * per_row_now
    }

    /// Take the requests at `take` out of the queue and run them as one batch.
    fn launch(&mut self, take: Vec<usize>, rows: usize) {
        let mut members = Vec::with_capacity(take.len());
        for &i in take.iter().rev() {
            if let Some(p) = self.queue.remove(i) {
                members.push(p);
            }
        }
        members.reverse();
        self.inner.queued.fetch_sub(members.len(), Ordering::AcqRel);
        self.running += 1;
        self.running_rows += rows;
        self.queued_rows -= rows;
        let now = Instant::now();
        let predicted = self.fit.predict(rows).unwrap_or_default();
        let end = now + predicted;
        let cfg = &self.inner.config;
        let spacing = predicted.as_secs_f64() / cfg.max_concurrent_batches as f64;
        self.next_turn = (predicted >= 2 * TIMER_TICK)
            .then(|| now + Duration::from_secs_f64(spacing * cfg.stagger));
        self.busy_until = Some(self.busy_until.map_or(end, |t| t.max(end)));
        if let Ok(mut s) = self.inner.stats.lock() {
            if s.rows_per_call.len() == 1024 {
                s.rows_per_call.remove(0);
            }
            s.rows_per_call.push(rows);
        }
        #[cfg(feature = "metrics")]
        self.inner
            .guards
            .metrics()
            .batch_rows(&self.inner.name, rows);
        let inner = self.inner.clone();
        let done = self.done_tx.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            run_batch(&inner, members, move || {
                let _ = done.send((rows, started.elapsed()));
            })
            .await;
        });
    }
}

/// Concatenate the members, call the model once, report the batch finished (`done`), then
/// answer each member with its rows.
async fn run_batch(inner: &Inner, members: Vec<Pending>, done: impl FnOnce()) {
    let dim = inner.config.batch_dim;
    let total: usize = members.iter().map(|p| p.rows).sum();
    let bytes: usize = members.iter().map(|p| array_bytes(&p.array)).sum();
    let parts = async {
        let _held = inner.guards.budget().reserve(bytes)?;
        let batch = if members.len() == 1 {
            members[0].array.clone()
        } else {
            concatenate(members.iter().map(|p| &p.array), dim)?
        };
        let y = inner.model.call(batch, &inner.guards).await?;
        split(&inner.name, y, dim, total, members.iter().map(|p| p.rows))
    }
    .await;
    answer(members, parts, done);
}

/// Report the batch finished, then send each member its part (or the batch's error).
fn answer(members: Vec<Pending>, parts: Result<Vec<DynArray>>, done: impl FnOnce()) {
    done();
    match parts {
        Ok(parts) => {
            for (p, part) in members.into_iter().zip(parts) {
                // A caller that went away drops its receiver: its answer is dropped here.
                let _ = p.answer.send(Ok(part));
            }
        }
        Err(e) => {
            for p in members {
                let _ = p.answer.send(Err(Error::new(e.kind(), e.message())));
            }
        }
    }
}

/// `np.concatenate(arrays, axis=dim)` of arrays of one dtype and the same other dimensions.
///
/// # Errors
/// [`ErrorKind::Internal`](crate::ErrorKind::Internal) if they are not (the batcher only merges compatible arrays).
pub fn concatenate<'a>(
    arrays: impl IntoIterator<Item = &'a DynArray>,
    dim: usize,
) -> Result<DynArray> {
    let arrays: Vec<&DynArray> = arrays.into_iter().collect();
    let Some(first) = arrays.first() else {
        return Err(Error::internal("nothing to concatenate"));
    };
    let dtype = first.dtype();
    if arrays.iter().any(|a| a.dtype() != dtype) {
        return Err(Error::internal(
            "cannot concatenate arrays of different dtypes",
        ));
    }
    fn typed<T: Element>(_: &ArrayD<T>, arrays: &[&DynArray], dim: usize) -> Result<ArrayData> {
        let views: Vec<ArrayView<'_, T, IxDyn>> = arrays
            .iter()
            .filter_map(|a| a.as_array::<T>().map(|a| a.view()))
            .collect();
        // Along the first dimension of row-major arrays (a batch of requests, as decoded),
        // the result is their elements one after another: one allocation, a copy each.
        if dim == 0 && views.len() == arrays.len() {
            let slices: Option<Vec<&[T]>> = views.iter().map(|v| v.as_slice()).collect();
            let rest = &views[0].shape()[1..];
            if let Some(slices) = slices
                && views
                    .iter()
                    .all(|v| v.ndim() > 0 && &v.shape()[1..] == rest)
            {
                let mut shape = views[0].shape().to_vec();
                shape[0] = views.iter().map(|v| v.shape()[0]).sum();
                let mut data = Vec::with_capacity(slices.iter().map(|s| s.len()).sum());
                for s in slices {
                    data.extend_from_slice(s);
                }
                let out = ArrayD::from_shape_vec(IxDyn(&shape), data)
                    .map_err(|e| Error::internal(format!("cannot concatenate: {e}")))?;
                return Ok(T::wrap(out));
            }
        }
        let out = ndarray::concatenate(Axis(dim), &views).map_err(|e| {
            Error::internal(format!("cannot concatenate along dimension {dim}: {e}"))
        })?;
        Ok(T::wrap(out))
    }
    let data = dispatch!(first.data(), a => typed(a, &arrays, dim)?, _s => {
        let strings: Vec<&crate::StrArray> = arrays.iter().filter_map(|a| a.as_strings()).collect();
        ArrayData::Str(crate::StrArray::concatenate(&strings, dim)?)
    });
    DynArray::with_dtype(data, dtype)
}

/// Split `y` along `dim` into consecutive parts of `rows` each (which sum to `total`).
fn split(
    api: &str,
    y: DynArray,
    dim: usize,
    total: usize,
    rows: impl Iterator<Item = usize>,
) -> Result<Vec<DynArray>> {
    let got = y.shape().get(dim).copied();
    if got != Some(total) {
        let got = match got {
            Some(n) => format!("{n} rows"),
            None => format!("a {}-d array", y.ndim()),
        };
        return Err(Error::internal(format!(
            "API {api}: the model answered {got} along batch_dim {dim} for a batch of {total} \
             rows; a batchable API's output must keep the input's batch size"
        )));
    }
    let dtype = y.dtype();
    let mut out = Vec::new();
    let mut at = 0;
    for n in rows {
        let data = dispatch!(y.data(), a => {
            let part = a.slice_axis(Axis(dim), Slice::from(at..at + n)).to_owned();
            Element::wrap(part)
        }, s => ArrayData::Str(s.slice_axis(dim, at, at + n)?));
        out.push(DynArray::with_dtype(data, dtype)?);
        at += n;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::guard::GuardConfig;
    use std::sync::Mutex as StdMutex;

    fn run<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap()
            .block_on(f)
    }

    fn guards() -> Guards {
        Guards::new(GuardConfig::default())
    }

    /// `rows` rows of 4 columns, every element `id * 1000 + row`.
    fn rows(id: usize, rows: usize) -> DynArray {
        let a = ArrayD::from_shape_fn(vec![rows, 4], |ix| (id * 1000 + ix[0]) as f32);
        DynArray::from(a)
    }

    /// A model that records each call's shape and start, takes 2 ms plus 50 µs per row, and
    /// answers its input.
    /// Each call's input shape and start.
    type Calls = Arc<StdMutex<Vec<(Vec<usize>, Instant)>>>;

    fn recording(calls: Calls) -> Model {
        recording_for(calls, 2000)
    }

    /// [`recording`] with a call taking `base_us` plus 50 µs per row.
    fn recording_for(calls: Calls, base_us: u64) -> Model {
        Model::from_async(move |x: DynArray| {
            let calls = calls.clone();
            async move {
                let n = x.shape().first().copied().unwrap_or(1);
                calls
                    .lock()
                    .unwrap()
                    .push((x.shape().to_vec(), Instant::now()));
                tokio::time::sleep(Duration::from_micros(base_us + 50 * n as u64)).await;
                Ok(x)
            }
        })
    }

    #[test]
    fn batches_never_exceed_the_limit_and_each_request_gets_its_rows_in_order() {
        run(async {
            let calls = Arc::new(StdMutex::new(Vec::new()));
            // A budget long enough for the whole burst: none is refused here.
            let cfg = Batching::new()
                .max_batch_size(8)
                .max_latency(Duration::from_secs(1));
            let b = Batcher::new("b".into(), cfg, guards(), recording(calls.clone()));
            let mut tasks = Vec::new();
            for id in 0..60 {
                let n = 1 + (id * 7) % 5; // 1..=5 rows: some never fit beside others
                let b = b.clone();
                tasks.push(tokio::spawn(
                    async move { (id, n, b.submit(rows(id, n)).await) },
                ));
                if id % 10 == 9 {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
            }
            let mut total = 0;
            for t in tasks {
                let (id, n, y) = t.await.unwrap();
                assert_eq!(y.unwrap(), rows(id, n), "request {id} got other rows");
                total += n;
            }
            let calls = calls.lock().unwrap();
            assert!(calls.iter().all(|(s, _)| s[0] <= 8), "{calls:?}");
            assert_eq!(calls.iter().map(|(s, _)| s[0]).sum::<usize>(), total);
            assert!(
                calls.len() < 60,
                "requests were merged: {} calls",
                calls.len()
            );
            let stats = b.stats();
            assert!(stats.rows_per_call.iter().all(|&r| r <= 8));
            assert_eq!(stats.alone, 0);
        });
    }

    #[test]
    fn zero_d_zero_rows_and_oversized_requests_run_alone() {
        run(async {
            let calls = Arc::new(StdMutex::new(Vec::new()));
            let cfg = Batching::new().max_batch_size(4);
            let b = Batcher::new("b".into(), cfg, guards(), recording(calls.clone()));
            let scalar = DynArray::from(ArrayD::from_elem(vec![], 7.0f32));
            let empty = DynArray::from(ArrayD::<f32>::zeros(vec![0, 4]));
            let big = rows(1, 5);
            let (s, e, g, one, two) = tokio::join!(
                b.submit(scalar.clone()),
                b.submit(empty.clone()),
                b.submit(big.clone()),
                b.submit(rows(2, 1)),
                b.submit(rows(3, 1)),
            );
            assert_eq!(s.unwrap(), scalar);
            assert_eq!(e.unwrap(), empty);
            assert_eq!(g.unwrap(), big);
            assert_eq!((one.unwrap(), two.unwrap()), (rows(2, 1), rows(3, 1)));
            let shapes: Vec<Vec<usize>> = calls
                .lock()
                .unwrap()
                .iter()
                .map(|(s, _)| s.clone())
                .collect();
            assert!(shapes.contains(&vec![]), "{shapes:?}");
            assert!(shapes.contains(&vec![0, 4]));
            assert!(shapes.contains(&vec![5, 4]), "oversized: alone and whole");
            assert!(
                shapes.contains(&vec![2, 4]),
                "the two one-row requests merged"
            );
            assert_eq!(b.stats().alone, 3);
            assert_eq!(b.stats().rows_per_call, [2]);
        });
    }

    #[test]
    fn mixed_shapes_and_dtypes_are_not_merged() {
        run(async {
            let calls = Arc::new(StdMutex::new(Vec::new()));
            let b = Batcher::new(
                "b".into(),
                Batching::new(),
                guards(),
                recording(calls.clone()),
            );
            let f64s = DynArray::from(ArrayD::<f64>::zeros(vec![1, 4]));
            let wide = DynArray::from(ArrayD::<f32>::zeros(vec![1, 3]));
            let (a, c, d, e) = tokio::join!(
                b.submit(rows(1, 1)),
                b.submit(f64s.clone()),
                b.submit(wide.clone()),
                b.submit(rows(2, 2)),
            );
            assert_eq!(a.unwrap(), rows(1, 1));
            assert_eq!(c.unwrap(), f64s);
            assert_eq!(d.unwrap(), wide);
            assert_eq!(e.unwrap(), rows(2, 2));
            let mut shapes: Vec<Vec<usize>> = calls
                .lock()
                .unwrap()
                .iter()
                .map(|(s, _)| s.clone())
                .collect();
            shapes.sort();
            assert_eq!(shapes, [vec![1, 3], vec![1, 4], vec![3, 4]]);
        });
    }

    #[test]
    fn a_handler_error_and_a_wrong_output_size_reach_every_member() {
        run(async {
            let failing = Model::from_async(|_x: DynArray| async {
                Err::<DynArray, _>(Error::bad_input("the model refuses"))
            });
            let b = Batcher::new("b".into(), Batching::new(), guards(), failing);
            let (x, y, z) = tokio::join!(
                b.submit(rows(1, 1)),
                b.submit(rows(2, 2)),
                b.submit(rows(3, 1))
            );
            for r in [x, y, z] {
                let e = r.unwrap_err();
                assert_eq!(
                    (e.kind(), e.message()),
                    (ErrorKind::BadInput, "the model refuses")
                );
            }
            // One row back for a batch of three: a 500 naming the API, for each.
            let first_row = Model::from_async(|x: DynArray| async move {
                let a = x.as_array::<f32>().unwrap();
                Ok(DynArray::from(
                    a.slice_axis(Axis(0), Slice::from(0..1)).to_owned(),
                ))
            });
            let b = Batcher::new(
                "classify_batch".into(),
                Batching::new(),
                guards(),
                first_row,
            );
            let (x, y) = tokio::join!(b.submit(rows(1, 1)), b.submit(rows(2, 2)));
            for r in [x, y] {
                let e = r.unwrap_err();
                assert_eq!(e.kind(), ErrorKind::Internal);
                assert_eq!(e.http_status(), 500);
                assert!(
                    e.message().contains("API classify_batch"),
                    "{}",
                    e.message()
                );
            }
        });
    }

    /// A blocking model's answers and a panic in it reach every member.
    #[test]
    fn a_blocking_model_answers_every_member_and_a_panic_is_an_internal_error() {
        run(async {
            let echo = Batcher::from_blocking("b", Batching::new(), guards(), Ok);
            let (x, y) = tokio::join!(echo.submit(rows(1, 1)), echo.submit(rows(2, 3)));
            assert_eq!((x.unwrap(), y.unwrap()), (rows(1, 1), rows(2, 3)));
            assert_eq!(echo.stats().rows_per_call, [4]);
            let panics = Batcher::from_blocking("b", Batching::new(), guards(), |_x: DynArray| {
                if true {
                    panic!("boom");
                }
                Ok(DynArray::from(ArrayD::<f32>::zeros(vec![1])))
            });
            let (x, y) = tokio::join!(panics.submit(rows(1, 1)), panics.submit(rows(2, 2)));
            for r in [x, y] {
                let e = r.unwrap_err();
                assert_eq!(e.kind(), ErrorKind::Internal);
                assert!(e.message().contains("panicked"), "{}", e.message());
            }
        });
    }

    #[test]
    fn a_caller_that_goes_away_costs_the_others_nothing() {
        run(async {
            let calls = Arc::new(StdMutex::new(Vec::new()));
            let cfg = Batching::new().max_latency(Duration::from_millis(10));
            let b = Batcher::new("b".into(), cfg, guards(), recording(calls.clone()));
            let spawn = |id: usize| {
                let b = b.clone();
                tokio::spawn(async move { b.submit(rows(id, 1)).await })
            };
            let (one, gone, three) = (spawn(1), spawn(2), spawn(3));
            tokio::task::yield_now().await;
            tokio::task::yield_now().await;
            gone.abort();
            assert!(gone.await.unwrap_err().is_cancelled());
            assert_eq!(one.await.unwrap().unwrap(), rows(1, 1));
            assert_eq!(three.await.unwrap().unwrap(), rows(3, 1));
            assert_eq!(b.queued(), 0);
        });
    }

    #[test]
    fn the_latency_budget_holds_under_a_modelled_call_cost() {
        run(async {
            let calls = Arc::new(StdMutex::new(Vec::new()));
            let budget = Duration::from_millis(10);
            let cfg = Batching::new().max_batch_size(64).max_latency(budget);
            let b = Batcher::new("b".into(), cfg, guards(), recording(calls.clone()));
            // One one-row request every 500 µs for 200 ms: each records when it was sent.
            let mut tasks = Vec::new();
            for id in 0..400 {
                let b = b.clone();
                let sent = Instant::now();
                tasks.push(tokio::spawn(async move {
                    let y = b.submit(rows(id, 1)).await.unwrap();
                    (sent, y)
                }));
                tokio::time::sleep(Duration::from_micros(500)).await;
            }
            let mut waits = Vec::new();
            for t in tasks {
                let (sent, y) = t.await.unwrap();
                let id = (*y.as_array::<f32>().unwrap().first().unwrap() as usize) / 1000;
                waits.push((id, sent));
            }
            // Each request's batch started within the budget of its arrival: the batch that
            // held request `id` is the first call started at or after it was sent.
            let calls = calls.lock().unwrap();
            for (id, sent) in waits {
                let start = calls
                    .iter()
                    .map(|&(_, t)| t)
                    .filter(|&t| t >= sent)
                    .min()
                    .unwrap();
                assert!(
                    start - sent <= budget,
                    "request {id} waited {:?}",
                    start - sent
                );
            }
            // And batching happened: far fewer calls than requests.
            assert!(calls.len() < 400 / 4, "{} calls", calls.len());
            assert_eq!(b.stats().refused, 0);
        });
    }

    #[test]
    fn a_full_queue_and_a_blown_latency_budget_are_refused_with_503() {
        run(async {
            let (release, gate) = tokio::sync::watch::channel(false);
            let slow = Model::from_async(move |x: DynArray| {
                let mut gate = gate.clone();
                async move {
                    let _ = gate.wait_for(|&open| open).await;
                    Ok(x)
                }
            });
            let cfg = Batching::new().max_batch_size(1).max_queued(2);
            let b = Batcher::new("b".into(), cfg, guards(), slow);
            let spawn = |id: usize| {
                let b = b.clone();
                tokio::spawn(async move { b.submit(rows(id, 1)).await })
            };
            let running = spawn(1);
            tokio::task::yield_now().await;
            let queued = (spawn(2), spawn(3));
            tokio::task::yield_now().await;
            tokio::task::yield_now().await;
            let e = b.submit(rows(4, 1)).await.unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Unavailable);
            assert_eq!(e.http_status(), 503);
            assert!(
                e.message().contains("queue of API b is full"),
                "{}",
                e.message()
            );
            release.send(true).unwrap();
            running.await.unwrap().unwrap();
            queued.0.await.unwrap().unwrap();
            queued.1.await.unwrap().unwrap();

            // A model measured at 20 ms a call: with one batch ahead, a newcomer cannot start
            // within a 10 ms budget and is told at once.
            let slow = Model::from_async(|x: DynArray| async move {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok(x)
            });
            let cfg = Batching::new()
                .max_batch_size(1)
                .max_latency(Duration::from_millis(10));
            let b = Batcher::new("b".into(), cfg, guards(), slow);
            b.submit(rows(1, 1)).await.unwrap(); // measured
            let (x, y, z) = tokio::join!(
                b.submit(rows(1, 1)),
                b.submit(rows(2, 1)),
                b.submit(rows(3, 1))
            );
            assert!(x.is_ok());
            let refused: Vec<Error> = [y, z].into_iter().filter_map(|r| r.err()).collect();
            assert!(!refused.is_empty());
            for e in refused {
                assert_eq!(e.kind(), ErrorKind::Unavailable);
                assert!(e.message().contains("latency budget"), "{}", e.message());
            }
        });
    }

    #[test]
    fn a_drain_runs_held_requests_at_once() {
        run(async {
            let calls = Arc::new(StdMutex::new(Vec::new()));
            let cfg = Batching::new().max_latency(Duration::from_secs(10));
            let g = guards();
            let b = Batcher::new("b".into(), cfg, g.clone(), recording(calls.clone()));
            let spawn = |id: usize| {
                let b = b.clone();
                tokio::spawn(async move { b.submit(rows(id, 1)).await })
            };
            // Eight callers at once first: two are then fewer than the load the API has
            // seen, and their batch is held for more rows.
            let eight: Vec<_> = (10..18).map(spawn).collect();
            for t in eight {
                t.await.unwrap().unwrap();
            }
            let start = Instant::now();
            let (x, y) = (spawn(1), spawn(2));
            tokio::time::sleep(Duration::from_millis(1)).await;
            assert_eq!(b.queued(), 2, "held for more rows");
            g.start_draining();
            assert_eq!(x.await.unwrap().unwrap(), rows(1, 1));
            assert_eq!(y.await.unwrap().unwrap(), rows(2, 1));
            assert!(
                start.elapsed() < Duration::from_millis(100),
                "{:?}",
                start.elapsed()
            );
        });
    }

    #[test]
    fn the_cost_fit_is_least_squares_and_never_negative() {
        let mut fit = CostFit::new(8);
        assert_eq!(fit.coefficients(), None);
        for n in [1usize, 2, 4, 8] {
            fit.record(n, Duration::from_micros(2000 + 100 * n as u64));
        }
        let (a, b) = fit.coefficients().unwrap();
        assert!(
            (a - 0.002).abs() < 1e-9 && (b - 0.0001).abs() < 1e-9,
            "{a} {b}"
        );
        let mut same = CostFit::new(4);
        same.record(3, Duration::from_millis(3));
        assert_eq!(same.coefficients(), Some((0.003, 0.0)));
        let mut falling = CostFit::new(4);
        falling.record(1, Duration::from_millis(5));
        falling.record(10, Duration::from_millis(1));
        let (a, b) = falling.coefficients().unwrap();
        assert!(a > 0.0 && b == 0.0);
    }

    #[test]
    fn concatenate_and_split_round_trip_along_any_dimension() {
        let a = DynArray::from(ArrayD::from_shape_fn(vec![2, 1, 3], |ix| ix[2] as i64));
        let c = DynArray::from(ArrayD::from_shape_fn(vec![2, 2, 3], |ix| 10 + ix[1] as i64));
        let cat = concatenate([&a, &c], 1).unwrap();
        assert_eq!(cat.shape(), &[2, 3, 3]);
        let parts = split("x", cat, 1, 3, [1, 2].into_iter()).unwrap();
        assert_eq!(parts, [a.clone(), c]);
        let f = DynArray::from(ArrayD::<f32>::zeros(vec![2, 1, 3]));
        assert_eq!(
            concatenate([&a, &f], 1).unwrap_err().kind(),
            ErrorKind::Internal
        );
        // Along the first dimension: the elements one after another (a transposed array in
        // its logical order), as ndarray's concatenate gives them; other dimensions must agree.
        let t = DynArray::from(
            ArrayD::from_shape_fn(vec![3, 1, 2], |ix| 100 + 10 * ix[0] as i64 + ix[2] as i64)
                .reversed_axes(),
        );
        let cat = concatenate([&a, &t, &a], 0).unwrap();
        assert_eq!(cat.shape(), &[6, 1, 3]);
        let want = ndarray::concatenate(
            Axis(0),
            &[
                a.as_array::<i64>().unwrap().view(),
                t.as_array::<i64>().unwrap().view(),
                a.as_array::<i64>().unwrap().view(),
            ],
        )
        .unwrap();
        assert_eq!(cat, DynArray::from(want));
        let parts = split("x", cat, 0, 6, [2, 2, 2].into_iter()).unwrap();
        assert_eq!(parts, [a.clone(), t.clone(), a.clone()]);
        let wide = DynArray::from(ArrayD::<i64>::zeros(vec![1, 2, 3]));
        assert_eq!(
            concatenate([&a, &wide], 0).unwrap_err().kind(),
            ErrorKind::Internal
        );
    }

    /// Callers that each wait for their answer before sending again, fewer of them than
    /// `max_batch_size`: once they are all in the server, no more rows can come before an
    /// answer goes out, so their batch runs at once instead of waiting for `max_latency`.
    #[test]
    fn closed_loop_callers_fewer_than_a_full_batch_do_not_wait_for_the_deadline() {
        for slots in [1, 2] {
            run(async move {
                let calls = Arc::new(StdMutex::new(Vec::new()));
                let budget = Duration::from_millis(50);
                let cfg = Batching::new()
                    .max_batch_size(64)
                    .max_concurrent_batches(slots)
                    .max_latency(budget);
                let b = Batcher::new("b".into(), cfg, guards(), recording(calls.clone()));
                let (callers, rounds) = (10, 20);
                let t0 = Instant::now();
                let mut tasks = Vec::new();
                for id in 0..callers {
                    let b = b.clone();
                    tasks.push(tokio::spawn(async move {
                        for round in 0..rounds {
                            let x = rows(id * 100 + round, 1);
                            assert_eq!(b.submit(x.clone()).await.unwrap(), x);
                        }
                    }));
                }
                for t in tasks {
                    t.await.unwrap();
                }
                let took = t0.elapsed();
                let calls = calls.lock().unwrap();
                let sizes: Vec<usize> = calls.iter().map(|(s, _)| s[0]).collect();
                assert_eq!(sizes.iter().sum::<usize>(), callers * rounds);
                // Each round is one model call per slot (2 ms + 50 µs a row), never a deadline.
                assert!(
                    took < Duration::from_millis(5) * rounds as u32,
                    "{slots} slot(s): {rounds} rounds took {took:?}; batches {sizes:?}"
                );
                // No batch is smaller than a slot's share of the callers.
                let share = callers / slots;
                assert!(
                    sizes.iter().all(|&n| n >= share),
                    "{slots} slot(s): batches {sizes:?}"
                );
            });
        }
    }

    /// With two batches allowed at once, a batch of its share of `max_batch_size` starts at
    /// once, while the other runs; with one allowed, it waits until the first is done.
    #[test]
    fn a_spare_slot_runs_its_share_while_another_batch_runs() {
        for (slots, starts_at_once) in [(2, true), (1, false)] {
            run(async move {
                let calls = Arc::new(StdMutex::new(Vec::new()));
                let cfg = Batching::new()
                    .max_batch_size(8)
                    .max_concurrent_batches(slots)
                    .max_latency(Duration::from_millis(50));
                let b = Batcher::new("b".into(), cfg, guards(), recording(calls.clone()));
                // 8 rows fill the first batch at once; 4 more (the second slot's share)
                // arrive while it runs (it takes 2.4 ms).
                let mut tasks = Vec::new();
                for id in 0..8 {
                    let b = b.clone();
                    tasks.push(tokio::spawn(async move { b.submit(rows(id, 1)).await }));
                }
                tokio::time::sleep(Duration::from_micros(100)).await;
                let t0 = Instant::now();
                for id in 8..12 {
                    let b = b.clone();
                    tasks.push(tokio::spawn(async move { b.submit(rows(id, 1)).await }));
                }
                for t in tasks {
                    t.await.unwrap().unwrap();
                }
                let calls = calls.lock().unwrap();
                assert_eq!(calls.len(), 2, "{slots} slot(s): {calls:?}");
                assert_eq!((calls[0].0[0], calls[1].0[0]), (8, 4));
                let waited = calls[1].1 - t0;
                assert_eq!(
                    waited < Duration::from_millis(1),
                    starts_at_once,
                    "{slots} slot(s): the second batch started {waited:?} after its rows"
                );
            });
        }
    }

    /// With two slots, a batch of its share that is ready while another runs starts no sooner
    /// than `stagger` of an even spacing after the other started (the fit's 3 ms, as the
    /// paused clock's millisecond timer measured the 2.4 ms call, over two slots, a third of
    /// it: 0.5 ms; the timer then fires on its next millisecond); with `stagger(0.0)` it
    /// starts at once.
    #[test]
    fn the_turns_of_two_slots_are_kept_apart() {
        let (zero, ms) = (Duration::ZERO, Duration::from_millis(1));
        for (stagger, base_us, least, most) in [
            (1.0 / 3.0, 2000, Duration::from_micros(400), 2 * ms),
            (0.0, 2000, zero, zero),
            // A call under two timer ticks (100 µs, which the paused clock's timer measures as
            // 1 ms): no turn is kept.
            (1.0 / 3.0, 100, zero, zero),
        ] {
            run(async move {
                let calls = Arc::new(StdMutex::new(Vec::new()));
                let cfg = Batching::new()
                    .max_batch_size(8)
                    .max_concurrent_batches(2)
                    .max_latency(Duration::from_millis(50))
                    .stagger(stagger);
                let model = recording_for(calls.clone(), base_us);
                let b = Batcher::new("b".into(), cfg, guards(), model);
                let submit_all = |ids: std::ops::Range<usize>| {
                    ids.map(|id| {
                        let b = b.clone();
                        tokio::spawn(async move { b.submit(rows(id, 1)).await })
                    })
                    .collect::<Vec<_>>()
                };
                // Eight callers: one full batch teaches the fit the model's time (2.4 ms for
                // 8 rows) and makes the recent load 8, a share 4.
                for t in submit_all(0..8) {
                    t.await.unwrap().unwrap();
                }
                // Two shares, one after the other at the same instant: the first starts at
                // once, the second at its turn.
                let mut tasks = submit_all(8..12);
                while calls.lock().unwrap().len() < 2 {
                    tokio::task::yield_now().await;
                }
                tasks.extend(submit_all(12..16));
                for t in tasks {
                    t.await.unwrap().unwrap();
                }
                let calls = calls.lock().unwrap();
                let sizes: Vec<usize> = calls.iter().map(|c| c.0[0]).collect();
                assert_eq!(sizes, [8, 4, 4], "stagger {stagger}");
                let apart = calls[2].1 - calls[1].1;
                assert!(
                    apart >= least && apart <= most,
                    "stagger {stagger}, {base_us} µs: the second share started {apart:?} after \
                     the first"
                );
            });
        }
    }

    /// A full batch starts at once even when a share's turn has not come.
    #[test]
    fn a_full_batch_does_not_wait_for_its_turn() {
        run(async {
            let calls = Arc::new(StdMutex::new(Vec::new()));
            let cfg = Batching::new()
                .max_batch_size(4)
                .max_concurrent_batches(2)
                .max_latency(Duration::from_millis(50))
                .stagger(1.0);
            let b = Batcher::new("b".into(), cfg, guards(), recording(calls.clone()));
            let submit = |id: usize| {
                let b = b.clone();
                tokio::spawn(async move { b.submit(rows(id, 4)).await })
            };
            // A first call teaches the fit (2.2 ms for 4 rows): a turn then lasts 1.1 ms.
            submit(0).await.unwrap().unwrap();
            let (x, y) = (submit(1), submit(2));
            let (x, y) = (x.await.unwrap(), y.await.unwrap());
            assert_eq!((x.unwrap(), y.unwrap()), (rows(1, 4), rows(2, 4)));
            let calls = calls.lock().unwrap();
            assert_eq!(calls.len(), 3);
            assert_eq!(calls[2].1, calls[1].1, "two full batches start together");
        });
    }
}
