//! A server that stays up under load and hostile clients: HTTP/1.1 for an
//! [`http::Service`](crate::http::Service) router and HTTP/2 for gRPC
//! ([`grpc::Servicer`](crate::grpc::Servicer) plus `grpc.health.v1.Health`), on listeners you
//! bind, with the connection-level bounds a per-request limit cannot give:
//!
//! - an HTTP/1 request head must arrive within `header_read_timeout`, counted from when the
//!   connection opened or its last answer was written (so it also bounds a kept-alive
//!   connection waiting for its next request);
//! - a connection with no request in flight for `idle_timeout` is closed (HTTP/1 keep-alive
//!   and HTTP/2 alike, a client that never sends its HTTP/2 preface included);
//! - at most `max_connections` are open at once over both listeners; past that a new
//!   connection is closed as soon as it is accepted;
//! - HTTP/2 pings every `http2_keepalive_interval` (a peer that does not answer within
//!   `http2_keepalive_timeout` is dropped) and at most `max_concurrent_streams` per connection;
//! - on the stop signal ([`shutdown_signal`]: SIGTERM or SIGINT) the server drains: `/readyz`
//!   answers 503 and gRPC health reports `NOT_SERVING` at once, it keeps accepting for
//!   `unready_delay` (so a load balancer sees the 503 before the port closes), then stops
//!   accepting, closes idle and half-open connections, lets in-flight requests finish and
//!   returns within `drain_timeout` even if a client never does.
//!
//! The request bodies, the in-flight byte budget and the model-call gate are the
//! [`Guards`]' (the same for both listeners).
//!
//! ```no_run
//! use ndarray_descriptor::{DType, DynArray, NumpyNdarray, Result};
//! use ndarray_descriptor::{grpc::Servicer, http::{Api, Service}, serve::{Server, ServerConfig}};
//!
//! fn model(x: DynArray) -> Result<DynArray> { Ok(x) } // CPU-bound inference
//!
//! # async fn run() -> std::result::Result<(), Box<dyn std::error::Error>> {
//! let desc = NumpyNdarray::builder().dtype(DType::FLOAT32).shape([-1, 4]).build()?;
//! let api = Api::new("classify", desc.clone(), desc.clone());
//! let router = Service::new("iris").blocking_api(api, model).router()?;
//! let servicer = Servicer::new("iris").blocking_api("classify", desc.clone(), desc, model);
//! Server::new(ServerConfig::default())
//!     .http(tokio::net::TcpListener::bind("127.0.0.1:3000").await?, router)
//!     .grpc(tokio::net::TcpListener::bind("127.0.0.1:3001").await?, servicer)
//!     .serve(ndarray_descriptor::serve::shutdown_signal())
//!     .await?;
//! # Ok(()) }
//! ```

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU8, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use atomic_waker::AtomicWaker;
use axum::Router;
use bytes::Bytes;
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::time::Instant;
use tonic::codegen::{Service, StdError};
use tonic::server::NamedService;
use tonic::service::Routes;
use tonic_health::ServingStatus;

use crate::grpc::{BentoServer, Servicer};
use crate::guard::Guards;

/// Connection-level settings of a [`Server`]. Each default is in the README's serving table
/// with its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerConfig {
    /// The longest a request head may take to arrive (default 30 s, hyper's own default; nginx
    /// has 60 s).
    pub header_read_timeout: Duration,
    /// The longest a connection may stay open with no request in flight (default 75 s,
    /// nginx's `keepalive_timeout`).
    pub idle_timeout: Duration,
    /// Most open connections over both listeners (default 10 000: far above what one replica
    /// serves usefully, far below the usual 65 536 open files).
    pub max_connections: usize,
    /// How long a drain waits for in-flight requests before closing what is left (default
    /// 25 s, inside Kubernetes' 30 s termination grace period).
    pub drain_timeout: Duration,
    /// How long after the stop signal the server keeps accepting while `/readyz` answers 503
    /// (default 0: stop accepting at once).
    pub unready_delay: Duration,
    /// HTTP/2 ping interval (default 20 s) ...
    pub http2_keepalive_interval: Duration,
    /// ... and how long a ping may go unanswered before the connection is dropped (default
    /// 20 s; tonic's and gRPC core's usual values).
    pub http2_keepalive_timeout: Duration,
    /// Concurrent HTTP/2 streams per connection (default 128, a gRPC server's common cap).
    pub max_concurrent_streams: u32,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            header_read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(75),
            max_connections: 10_000,
            drain_timeout: Duration::from_secs(25),
            unready_delay: Duration::ZERO,
            http2_keepalive_interval: Duration::from_secs(20),
            http2_keepalive_timeout: Duration::from_secs(20),
            max_concurrent_streams: 128,
        }
    }
}

impl ServerConfig {
    /// Set [`ServerConfig::header_read_timeout`].
    pub fn with_header_read_timeout(mut self, d: Duration) -> Self {
        self.header_read_timeout = d;
        self
    }

    /// Set [`ServerConfig::idle_timeout`].
    pub fn with_idle_timeout(mut self, d: Duration) -> Self {
        self.idle_timeout = d;
        self
    }

    /// Set [`ServerConfig::max_connections`].
    pub fn with_max_connections(mut self, n: usize) -> Self {
        self.max_connections = n;
        self
    }

    /// Set [`ServerConfig::drain_timeout`].
    pub fn with_drain_timeout(mut self, d: Duration) -> Self {
        self.drain_timeout = d;
        self
    }

    /// Set [`ServerConfig::unready_delay`].
    pub fn with_unready_delay(mut self, d: Duration) -> Self {
        self.unready_delay = d;
        self
    }

    /// Set the HTTP/2 keepalive ping interval and timeout.
    pub fn with_http2_keepalive(mut self, interval: Duration, timeout: Duration) -> Self {
        self.http2_keepalive_interval = interval;
        self.http2_keepalive_timeout = timeout;
        self
    }

    /// Set [`ServerConfig::max_concurrent_streams`].
    pub fn with_max_concurrent_streams(mut self, n: u32) -> Self {
        self.max_concurrent_streams = n;
        self
    }
}

/// HTTP and gRPC listeners served under one [`ServerConfig`] and one set of [`Guards`]; see
/// the [module docs](self).
pub struct Server {
    config: ServerConfig,
    guards: Guards,
    http: Option<(TcpListener, Router)>,
    grpc: Option<(TcpListener, Routes, Vec<&'static str>)>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("config", &self.config)
            .field("guards", &self.guards)
            .field(
                "http",
                &self.http.as_ref().map(|(l, _)| l.local_addr().ok()),
            )
            .field(
                "grpc",
                &self.grpc.as_ref().map(|(l, ..)| l.local_addr().ok()),
            )
            .finish()
    }
}

impl Server {
    /// A server with `config` and the process's [`Guards::shared`].
    pub fn new(config: ServerConfig) -> Server {
        Server {
            config,
            guards: Guards::shared().clone(),
            http: None,
            grpc: None,
        }
    }

    /// Drain with `guards` (their draining flag is the one `/readyz` reads: give the server the
    /// guards the [`Service`](crate::http::Service) was given).
    pub fn with_guards(mut self, guards: Guards) -> Server {
        self.guards = guards;
        self
    }

    /// Serve `router` over HTTP/1.1 on `listener`.
    pub fn http(mut self, listener: TcpListener, router: Router) -> Server {
        self.http = Some((listener, router));
        self
    }

    /// Serve `servicer` (BentoML's `BentoService`) and `grpc.health.v1.Health` over HTTP/2 on
    /// `listener`.
    ///
    /// A servicer built [`with_oip`](Servicer::with_oip) also serves
    /// `inference.GRPCInferenceService` (the Open Inference Protocol) on the same listener,
    /// reported by gRPC health too.
    pub fn grpc(self, listener: TcpListener, servicer: Servicer) -> Server {
        #[cfg(feature = "oip")]
        {
            let (bento, oip) = servicer.into_servers();
            let mut routes = Routes::new(bento);
            let mut names = vec![<BentoServer as NamedService>::NAME];
            if let Some(oip) = oip {
                routes = routes.add_service(oip);
                names.push(<crate::oip::InferenceServer as NamedService>::NAME);
            }
            self.grpc_routes(listener, routes, names)
        }
        #[cfg(not(feature = "oip"))]
        {
            let server = servicer.into_server();
            self.grpc_routes(
                listener,
                Routes::new(server),
                vec![<BentoServer as NamedService>::NAME],
            )
        }
    }

    /// Serve any tonic `routes` over HTTP/2 on `listener`, with `grpc.health.v1.Health`
    /// reporting `services` (and the server as a whole, `""`) as `SERVING` until the drain.
    pub fn grpc_routes(
        mut self,
        listener: TcpListener,
        routes: Routes,
        services: Vec<&'static str>,
    ) -> Server {
        self.grpc = Some((listener, routes, services));
        self
    }

    /// Serve until `stop` completes, then drain (see the [module docs](self)).
    ///
    /// # Errors
    /// Only what the listeners' local addresses report; accept errors (e.g. out of file
    /// descriptors) are logged and retried.
    pub async fn serve(self, stop: impl Future<Output = ()> + Send) -> std::io::Result<()> {
        let Server {
            config,
            guards,
            http,
            grpc,
        } = self;
        #[cfg(feature = "metrics")]
        let conns = Arc::new(Connections {
            count: guards.metrics().connections(),
            ..Connections::default()
        });
        #[cfg(not(feature = "metrics"))]
        let conns = Arc::new(Connections::default());
        // A tick of an eighth of the shortest idle limit, at most a second: a connection is
        // closed between its limit and its limit plus one tick.
        let shortest = config.idle_timeout.min(config.header_read_timeout);
        let tick = (shortest / 8).clamp(Duration::from_millis(10), Duration::from_secs(1));
        let reaper = tokio::spawn(reap_idle(conns.clone(), tick));
        let (accepting_tx, accepting) = watch::channel(true);
        let mut loops = Vec::new();
        if let Some((listener, router)) = http {
            tracing::info!("HTTP listening on http://{}", listener.local_addr()?);
            let ctx = Ctx {
                config,
                conns: conns.clone(),
                accepting: accepting.clone(),
            };
            loops.push(tokio::spawn(accept_loop(
                listener,
                ctx,
                Proto::Http1(router),
            )));
        }
        let mut health = None;
        if let Some((listener, routes, services)) = grpc {
            tracing::info!("gRPC listening on {}", listener.local_addr()?);
            let (reporter, health_server) = tonic_health::server::health_reporter();
            for name in &services {
                reporter
                    .set_service_status(name, ServingStatus::Serving)
                    .await;
            }
            let ctx = Ctx {
                config,
                conns: conns.clone(),
                accepting: accepting.clone(),
            };
            let routes = routes.add_service(health_server);
            loops.push(tokio::spawn(accept_loop(listener, ctx, Proto::H2(routes))));
            health = Some((reporter, services));
        }

        stop.await;
        tracing::info!(
            in_flight_connections = conns.len(),
            "stop signal: draining (readiness 503, health NOT_SERVING)"
        );
        guards.start_draining();
        if let Some((reporter, services)) = &health {
            for name in services.iter().copied().chain([""]) {
                reporter
                    .set_service_status(name, ServingStatus::NotServing)
                    .await;
            }
        }
        tokio::time::sleep(config.unready_delay).await;
        let _ = accepting_tx.send(false);
        for l in loops {
            let _ = l.await;
        }
        conns.drain_all();
        let deadline = Instant::now() + config.drain_timeout;
        while conns.len() > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        reaper.abort();
        let left = conns.abort_all();
        if left > 0 {
            tracing::warn!(
                connections = left,
                "drain deadline passed: closed connections still in flight"
            );
        }
        tracing::info!("stopped");
        Ok(())
    }
}

/// Completes on SIGTERM (what Kubernetes, systemd and docker send) or SIGINT (Ctrl-C); on
/// platforms without SIGTERM, on Ctrl-C alone. If no handler can be installed, never.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => tracing::info!("SIGTERM received"),
                    _ = int.recv() => tracing::info!("SIGINT received"),
                }
            }
            _ => std::future::pending::<()>().await,
        }
    }
    #[cfg(not(unix))]
    {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// What one accept loop serves.
enum Proto {
    Http1(Router),
    H2(Routes),
}

/// What every accept loop and connection task shares.
#[derive(Clone)]
struct Ctx {
    config: ServerConfig,
    conns: Arc<Connections>,
    accepting: watch::Receiver<bool>,
}

/// Open connections over both listeners, each with a handle to abort its task and its
/// [`Activity`] to ask it to close, and the reaper's clock.
#[derive(Default)]
struct Connections {
    next: AtomicU64,
    clock: Arc<AtomicU64>,
    /// How many are open, for the metrics (the guards' `ndarray_connections_open`).
    count: Arc<AtomicUsize>,
    open: Mutex<HashMap<u64, (tokio::task::AbortHandle, Arc<Activity>)>>,
}

impl Connections {
    fn len(&self) -> usize {
        self.open.lock().map_or(0, |m| m.len())
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<u64, (tokio::task::AbortHandle, Arc<Activity>)>> {
        match self.open.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Ask every connection to drain: those with nothing in flight close at once, the others
    /// after their in-flight requests.
    fn drain_all(&self) {
        for (_, activity) in self.lock().values() {
            activity.request(DRAIN);
        }
    }

    fn abort_all(&self) -> usize {
        let mut open = self.lock();
        let n = open.len();
        for (_, (h, _)) in open.drain() {
            h.abort();
        }
        n
    }
}

/// Removes a connection from [`Connections`] when its task ends, however it ends.
struct Registered(Arc<Connections>, u64);

impl Drop for Registered {
    fn drop(&mut self) {
        if let Ok(mut m) = self.0.open.lock() {
            m.remove(&self.1);
            self.0.count.store(m.len(), Ordering::Relaxed);
        }
    }
}

/// Wait until `rx` holds `value` (or its sender is gone).
async fn wait_until(rx: &mut watch::Receiver<bool>, value: bool) {
    let _ = rx.wait_for(|v| *v == value).await.map(|_| ());
}

async fn accept_loop(listener: TcpListener, mut ctx: Ctx, proto: Proto) {
    let proto = Arc::new(proto);
    loop {
        let accepted = tokio::select! {
            r = listener.accept() => r,
            _ = wait_until(&mut ctx.accepting, false) => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors or a connection reset before accept: keep serving.
                tracing::warn!("accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let conns = ctx.conns.clone();
        let mut open = conns.lock();
        if open.len() >= ctx.config.max_connections {
            drop(open);
            tracing::debug!(
                max = ctx.config.max_connections,
                "connection refused: at the connection cap"
            );
            drop(stream);
            continue;
        }
        let id = conns.next.fetch_add(1, Ordering::Relaxed);
        let idle_limit = match &*proto {
            // An HTTP/1 connection with nothing in flight is waiting for a head.
            Proto::Http1(_) => ctx.config.idle_timeout.min(ctx.config.header_read_timeout),
            Proto::H2(_) => ctx.config.idle_timeout,
        };
        let activity = Arc::new(Activity::new(conns.clock.clone(), idle_limit));
        let task = tokio::spawn(serve_connection(
            stream,
            ctx.config,
            proto.clone(),
            activity.clone(),
            Registered(conns.clone(), id),
        ));
        open.insert(id, (task.abort_handle(), activity));
        conns.count.store(open.len(), Ordering::Relaxed);
    }
}

async fn serve_connection(
    stream: TcpStream,
    config: ServerConfig,
    proto: Arc<Proto>,
    activity: Arc<Activity>,
    registered: Registered,
) {
    let _registered = registered;
    let _ = stream.set_nodelay(true);
    let io = TokioIo::new(stream);
    match &*proto {
        Proto::Http1(router) => {
            let svc = TowerToHyperService::new(Tracked {
                inner: router.clone(),
                activity: activity.clone(),
            });
            // The head timeout is the reaper's idle limit, not hyper's timer: an HTTP/1
            // connection waits for a head exactly while no request is in flight, and the
            // reaper costs nothing per request, where hyper arms a new timer for every head
            // (a fifth of one-row throughput).
            let conn = hyper::server::conn::http1::Builder::new().serve_connection(io, svc);
            drive(conn, activity).await;
        }
        Proto::H2(routes) => {
            let svc = TowerToHyperService::new(Tracked {
                inner: routes.clone(),
                activity: activity.clone(),
            });
            let conn = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                .timer(TokioTimer::new())
                .keep_alive_interval(config.http2_keepalive_interval)
                .keep_alive_timeout(config.http2_keepalive_timeout)
                .max_concurrent_streams(config.max_concurrent_streams)
                .serve_connection(io, svc);
            drive(conn, activity).await;
        }
    }
}

/// hyper's two connection types, for [`drive`].
trait GracefulConnection: Future<Output = hyper::Result<()>> {
    /// Whether an idle connection is closed with a GOAWAY first (HTTP/2: a client's request
    /// racing the close is then refused cleanly, not cut), rather than dropped.
    const GOAWAY: bool;
    fn shutdown(self: Pin<&mut Self>);
}

impl<I, S> GracefulConnection for hyper::server::conn::http1::Connection<I, S>
where
    S: hyper::service::HttpService<Incoming>,
    S::ResBody: 'static,
    <S::ResBody as http_body::Body>::Error: Into<StdError>,
    I: hyper::rt::Read + hyper::rt::Write + Unpin + 'static,
{
    // An HTTP/1 connection with nothing in flight may be mid-head (half-open): only dropping
    // it closes it.
    const GOAWAY: bool = false;
    fn shutdown(self: Pin<&mut Self>) {
        self.graceful_shutdown();
    }
}

impl<I, S, B> GracefulConnection for hyper::server::conn::http2::Connection<I, S, TokioExecutor>
where
    S: hyper::service::HttpService<Incoming, ResBody = B>,
    S::Error: Into<StdError>,
    I: hyper::rt::Read + hyper::rt::Write + Unpin,
    B: http_body::Body + 'static,
    B::Error: Into<StdError>,
    TokioExecutor: hyper::rt::bounds::Http2ServerConnExec<S::Future, B>,
{
    const GOAWAY: bool = true;
    fn shutdown(self: Pin<&mut Self>) {
        self.graceful_shutdown();
    }
}

/// Run one connection to its end, closing it when the reaper finds it idle (for HTTP/1, a head
/// not read within the head timeout is that too), and when asked to drain: at once when
/// nothing is in flight, else gracefully (in-flight requests finish, no new ones).
///
/// The connection's task polls only the connection and one atomic flag (woken through a
/// waker): selecting over a shared shutdown channel and an idle timer on every wake-up cost a
/// tenth of one-row throughput.
async fn drive<C: GracefulConnection>(conn: C, activity: Arc<Activity>) {
    let mut conn = std::pin::pin!(conn);
    let mut shutting_down = false;
    std::future::poll_fn(|cx| {
        // Idle, or drained with nothing in flight: drop it, or for HTTP/2 send a GOAWAY first
        // and drop it if it is still there at the next request (a peer that never finished
        // its handshake does not answer one).
        let close_idle = |conn: Pin<&mut C>, shutting_down: &mut bool| {
            if !C::GOAWAY || *shutting_down {
                return true;
            }
            conn.shutdown();
            *shutting_down = true;
            false
        };
        activity.waker.register(cx.waker());
        match activity.close.load(Ordering::Acquire) {
            NONE => {}
            CLOSE_IF_IDLE if activity.in_flight() == 0 => {
                tracing::debug!("closing a connection idle for {:?}", activity.idle_limit);
                if close_idle(conn.as_mut(), &mut shutting_down) {
                    return Poll::Ready(());
                }
                // The reaper asks again next tick if it is still there.
                activity.close.store(NONE, Ordering::Release);
            }
            CLOSE_IF_IDLE => {
                // A request began after the reaper looked: not idle after all.
                let _ = activity.close.compare_exchange(
                    CLOSE_IF_IDLE,
                    NONE,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                );
            }
            // Drained with nothing in flight.
            _ if activity.in_flight() == 0 && close_idle(conn.as_mut(), &mut shutting_down) => {
                return Poll::Ready(());
            }
            _ if activity.in_flight() == 0 => {}
            _ if !shutting_down => {
                conn.as_mut().shutdown();
                shutting_down = true;
            }
            _ => {}
        }
        match conn.as_mut().poll(cx) {
            Poll::Ready(Err(e)) => {
                tracing::debug!("connection closed: {e}");
                Poll::Ready(())
            }
            Poll::Ready(Ok(())) => Poll::Ready(()),
            Poll::Pending => Poll::Pending,
        }
    })
    .await
}

/// Every `tick`, ask each connection that has had nothing in flight for its idle limit to
/// close. One task for the whole server, so a connection needs no timer of its own.
async fn reap_idle(conns: Arc<Connections>, tick: Duration) {
    let mut interval = tokio::time::interval(tick);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        interval.tick().await;
        let now = conns.clock.fetch_add(1, Ordering::Relaxed) + 1;
        for (_, activity) in conns.lock().values() {
            if activity.is_idle(now, tick) {
                activity.request(CLOSE_IF_IDLE);
            }
        }
    }
}

/// Requests in flight on one connection (a request counts until its response body has been
/// written), when the last one ended (in reaper ticks), and the close requests the reaper and
/// the drain send it.
struct Activity {
    in_flight: AtomicUsize,
    idle_since: AtomicU64,
    /// How long this connection may sit with nothing in flight.
    idle_limit: Duration,
    clock: Arc<AtomicU64>,
    /// [`NONE`], [`CLOSE_IF_IDLE`] or [`DRAIN`]; [`drive`] reads it when woken through `waker`.
    close: AtomicU8,
    waker: AtomicWaker,
}

const NONE: u8 = 0;
const CLOSE_IF_IDLE: u8 = 1;
const DRAIN: u8 = 2;

impl Activity {
    fn new(clock: Arc<AtomicU64>, idle_limit: Duration) -> Activity {
        Activity {
            in_flight: AtomicUsize::new(0),
            idle_since: AtomicU64::new(clock.load(Ordering::Relaxed)),
            idle_limit,
            clock,
            close: AtomicU8::new(NONE),
            waker: AtomicWaker::new(),
        }
    }

    fn request(&self, what: u8) {
        self.close.fetch_max(what, Ordering::AcqRel);
        self.waker.wake();
    }

    fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Acquire)
    }

    /// Whether nothing has been in flight for `idle_limit`, at reaper tick `now`.
    fn is_idle(&self, now: u64, tick: Duration) -> bool {
        let ticks = now.saturating_sub(self.idle_since.load(Ordering::Acquire));
        self.in_flight() == 0
            && tick.saturating_mul(u32::try_from(ticks).unwrap_or(u32::MAX)) >= self.idle_limit
    }

    fn begin(self: &Arc<Self>) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        InFlight(self.clone())
    }
}

/// One request in flight; dropped with its response body.
struct InFlight(Arc<Activity>);

impl Drop for InFlight {
    fn drop(&mut self) {
        let a = &self.0;
        // The reaper's tick, not the clock: a read of a line written a few times a second.
        a.idle_since
            .store(a.clock.load(Ordering::Relaxed), Ordering::Release);
        a.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A service whose requests are counted in the connection's [`Activity`].
#[derive(Clone)]
struct Tracked<S> {
    inner: S,
    activity: Arc<Activity>,
}

impl<S, B> Service<Request<Incoming>> for Tracked<S>
where
    S: Service<Request<Incoming>, Response = Response<B>, Error = Infallible>,
{
    type Response = Response<TrackedBody<B>>;
    type Error = Infallible;
    type Future = TrackedFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<Incoming>) -> Self::Future {
        TrackedFuture {
            in_flight: Some(self.activity.begin()),
            inner: self.inner.call(req),
        }
    }
}

pin_project_lite::pin_project! {
    /// [`Tracked`]'s response future: hands the in-flight count to the response body.
    struct TrackedFuture<F> {
        #[pin]
        inner: F,
        in_flight: Option<InFlight>,
    }
}

impl<F, B> Future for TrackedFuture<F>
where
    F: Future<Output = Result<Response<B>, Infallible>>,
{
    type Output = Result<Response<TrackedBody<B>>, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let resp = match this.inner.poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Ok(r)) => r,
            Poll::Ready(Err(e)) => match e {},
        };
        let in_flight = this.in_flight.take();
        Poll::Ready(Ok(resp.map(|inner| TrackedBody {
            inner,
            _in_flight: in_flight,
        })))
    }
}

pin_project_lite::pin_project! {
    /// A response body that keeps its request counted in flight until it is written or
    /// dropped.
    struct TrackedBody<B> {
        #[pin]
        inner: B,
        _in_flight: Option<InFlight>,
    }
}

impl<B> http_body::Body for TrackedBody<B>
where
    B: http_body::Body<Data = Bytes>,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, B::Error>>> {
        self.project().inner.poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}
