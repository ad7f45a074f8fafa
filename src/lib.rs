//! support-contacts: designated support contacts for the cloud reseller channel.

pub mod api;
pub mod app;
pub mod cli;
pub mod config;
pub mod copy;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod metrics;
pub mod passwords;
pub mod store;
pub mod web;

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web as aw};
use anyhow::Context;

use crate::config::Settings;
use crate::domain::Clock;
use crate::error::AppError;
use crate::web::AppState;

/// At most this many password hashes are computed at once: one per two
/// cores, each slot busy at most half the time (`passwords::Verifier`).
fn hashing_slots() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

/// The opened database and the bound, not yet running, HTTP server.
pub struct Application {
    server: Server,
    local_addr: std::net::SocketAddr,
    metrics_server: Option<(Server, std::net::SocketAddr)>,
    stopping: Arc<AtomicBool>,
    shutdown_timeout: std::time::Duration,
    pool: db::Pool,
    seeded_demo: bool,
    clock: Arc<dyn Clock>,
    job_interval: Option<std::time::Duration>,
    mailer: Option<(mail::Mailer, std::time::Duration)>,
}

impl Application {
    /// Opens (and migrates) the database, seeds the demo when the settings
    /// say so, and binds the listener. Tests call this with port 0.
    pub fn build(settings: Settings, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        let mut seeded_demo = false;
        let seed_demo = settings.seed_demo;
        let url = settings.database_url.clone();
        let now = clock.now().naive_utc();
        db::prepare(&settings.database_url, |conn, fresh| {
            if seed_demo.applies(&url, fresh) && demo::is_empty(conn)? {
                demo::seed(conn, now)?;
                seeded_demo = true;
            }
            Ok(())
        })?;
        let pool = db::pool(
            &settings.database_url,
            &db::PoolOptions {
                max_size: settings.pool_size,
                checkout_timeout: settings.pool_timeout,
            },
        )?;
        let listener = TcpListener::bind(settings.bind_addr)
            .with_context(|| format!("binding {}", settings.bind_addr))?;
        let local_addr = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let (job_clock, job_interval) = (clock.clone(), settings.job_interval);
        let mailer = match &settings.mail {
            Some(m) => Some((
                mail::Mailer::new(&m.smtp_url, &m.from, &settings.public_url)?,
                m.interval,
            )),
            None => None,
        };
        let state = aw::Data::new(AppState {
            pool: pool.clone(),
            metrics: metrics::Metrics::new(),
            stopping: stopping.clone(),
            clock,
            verifier: passwords::Verifier::new(hashing_slots()),
            secure_cookies: settings.secure_cookies(),
            session_idle: settings.session_idle,
            session_lifetime: settings.session_lifetime,
            trusted_proxies: settings.trusted_proxies.clone(),
            throttle: crate::store::throttle::Policies::standard(),
            api_rate: domain::rate_limit::RateLimits {
                per_key: settings.api_rate_per_key,
                per_partner: settings.api_rate_per_partner,
            },
            public_url: settings.public_url.clone(),
            vendor: domain::Partner {
                tenant_id: domain::TenantId::from_trusted(String::new()),
                mpn_id: String::new(),
                name: settings.vendor.name.clone(),
                kind: domain::PartnerKind::DirectBillPartner,
                support: domain::SupportProfile {
                    email: settings.vendor.email.clone(),
                    telephone: settings.vendor.telephone.clone(),
                    website: settings.vendor.website.clone(),
                },
            },
        });
        let metrics_server = match settings.metrics_addr {
            Some(addr) => Some(metrics_server(addr, state.clone())?),
            None => None,
        };
        let shutdown_timeout = settings.shutdown_timeout;
        let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
        let blocking_threads = (settings.pool_size as usize).div_ceil(workers).max(2);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(form_config())
                .app_data(aw::PayloadConfig::new(web::session::FORM_LIMIT))
                .app_data(aw::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()))
                .app_data(
                    aw::QueryConfig::default().error_handler(|_, _| AppError::BadRequest.into()),
                )
                // Routes are tried in order: the API (one prefix to test)
                // first, so an API request does not try every page's pattern.
                .configure(api::routes)
                .configure(web::routes)
                .configure(web::static_files::routes)
                .default_service(aw::to(web::not_found))
                .wrap(from_fn(web::session::csrf_guard))
                .wrap(from_fn(web::errors::localize))
                .wrap(web::session::middleware(&settings))
                .wrap(web::security::headers(settings.secure_cookies()))
                .wrap(from_fn(web::logging::count_request))
                .wrap(tracing_actix_web::TracingLogger::<web::logging::RouteSpans>::new())
        })
        .workers(workers)
        // Every blocking task waits for a pooled connection: more threads
        // than connections only queue there, each holding memory of its own.
        .worker_max_blocking_threads(blocking_threads)
        // Signals are the binary's business (`Application::stopper`), not the library's.
        .disable_signals()
        .shutdown_timeout(shutdown_timeout.as_secs())
        .listen(listener)?
        .run();
        Ok(Self {
            server,
            local_addr,
            metrics_server,
            stopping,
            shutdown_timeout,
            pool,
            seeded_demo,
            clock: job_clock,
            job_interval,
            mailer,
        })
    }

    pub fn port(&self) -> u16 {
        self.local_addr.port()
    }

    /// The address actually bound (the port is chosen by the system for port 0).
    pub fn local_addr(&self) -> std::net::SocketAddr {
        self.local_addr
    }

    /// Where `/metrics` is served, when it is.
    pub fn metrics_addr(&self) -> Option<std::net::SocketAddr> {
        self.metrics_server.as_ref().map(|(_, addr)| *addr)
    }

    /// What stops the servers gracefully (on SIGTERM, say).
    pub fn stopper(&self) -> Stopper {
        Stopper {
            server: self.server.handle(),
            metrics: self.metrics_server.as_ref().map(|(s, _)| s.handle()),
            stopping: self.stopping.clone(),
            timeout: self.shutdown_timeout,
        }
    }

    pub fn pool(&self) -> db::Pool {
        self.pool.clone()
    }

    pub fn seeded_demo(&self) -> bool {
        self.seeded_demo
    }

    /// Serves until stopped; the metrics listener stops with the public
    /// one, and the GDAP job with both.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let metrics = self.metrics_server.map(|(server, _)| {
            let handle = server.handle();
            actix_web::rt::spawn(server);
            handle
        });
        let job = self.job_interval.map(|every| {
            actix_web::rt::spawn(jobs::every(every, self.pool.clone(), self.clock.clone()))
        });
        let sender = self.mailer.map(|(mailer, every)| {
            actix_web::rt::spawn(mail::every(every, self.pool.clone(), self.clock, mailer))
        });
        let served = self.server.await;
        for task in [job, sender].into_iter().flatten() {
            task.abort();
        }
        if let Some(metrics) = metrics {
            metrics.stop(true).await;
        }
        served
    }
}

/// Stops an [`Application`]: `/readyz` answers 503 at once, no new connection
/// is accepted, and requests in flight get the shutdown timeout to finish.
#[derive(Clone)]
pub struct Stopper {
    server: actix_web::dev::ServerHandle,
    metrics: Option<actix_web::dev::ServerHandle>,
    stopping: Arc<AtomicBool>,
    timeout: std::time::Duration,
}

impl Stopper {
    pub async fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        tracing::info!(
            timeout_seconds = self.timeout.as_secs(),
            "shutting down: not ready, no new connections, finishing requests in flight"
        );
        self.server.stop(true).await;
        if let Some(metrics) = &self.metrics {
            metrics.stop(true).await;
        }
    }
}

/// `GET /metrics` alone, on its own address, so it never shows on the public port.
fn metrics_server(
    addr: std::net::SocketAddr,
    state: aw::Data<AppState>,
) -> anyhow::Result<(Server, std::net::SocketAddr)> {
    let listener =
        TcpListener::bind(addr).with_context(|| format!("binding METRICS_ADDR {addr}"))?;
    let local_addr = listener.local_addr()?;
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .route("/metrics", aw::get().to(web::health::metrics))
    })
    .workers(1)
    .disable_signals()
    .shutdown_timeout(1)
    .listen(listener)?
    .run();
    Ok((server, local_addr))
}

fn form_config() -> aw::FormConfig {
    aw::FormConfig::default()
        .limit(web::session::FORM_LIMIT)
        .error_handler(|err, _| {
            let app_error = match err {
                actix_web::error::UrlencodedError::Overflow { .. } => AppError::PayloadTooLarge,
                _ => AppError::BadRequest,
            };
            app_error.into()
        })
}
