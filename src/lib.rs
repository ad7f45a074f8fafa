//! support-contacts: designated support contacts for the cloud reseller channel.

pub mod accounts;
pub mod config;
pub mod copy;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod passwords;
pub mod relationships;
pub mod store;
pub mod web;

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web as aw};
use anyhow::Context;

use crate::config::Settings;
use crate::domain::Clock;
use crate::error::AppError;
use crate::web::AppState;

/// At most this many password hashes are computed at once.
const MAX_CONCURRENT_HASHES: usize = 2;

/// The opened database and the bound, not yet running, HTTP server.
pub struct Application {
    server: Server,
    local_addr: std::net::SocketAddr,
    pool: db::Pool,
    seeded_demo: bool,
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
        let state = aw::Data::new(AppState {
            pool: pool.clone(),
            clock,
            verifier: passwords::Verifier::new(MAX_CONCURRENT_HASHES),
            secure_cookies: settings.secure_cookies(),
            session_idle: settings.session_idle,
            session_lifetime: settings.session_lifetime,
            trusted_proxies: settings.trusted_proxies.clone(),
            throttle: Default::default(),
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
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(form_config())
                .app_data(aw::PayloadConfig::new(web::session::FORM_LIMIT))
                .app_data(aw::PathConfig::default().error_handler(|_, _| AppError::NotFound.into()))
                .app_data(
                    aw::QueryConfig::default().error_handler(|_, _| AppError::BadRequest.into()),
                )
                .configure(web::routes)
                .default_service(aw::to(web::not_found))
                .wrap(from_fn(web::session::csrf_guard))
                .wrap(from_fn(web::errors::localize))
                .wrap(web::session::middleware(&settings))
                .wrap(web::security::headers(settings.secure_cookies()))
                .wrap(tracing_actix_web::TracingLogger::<web::logging::RouteSpans>::new())
        })
        .listen(listener)?
        .run();
        Ok(Self {
            server,
            local_addr,
            pool,
            seeded_demo,
        })
    }

    pub fn port(&self) -> u16 {
        self.local_addr.port()
    }

    /// The address actually bound (the port is chosen by the system for port 0).
    pub fn local_addr(&self) -> std::net::SocketAddr {
        self.local_addr
    }

    pub fn pool(&self) -> db::Pool {
        self.pool.clone()
    }

    pub fn seeded_demo(&self) -> bool {
        self.seeded_demo
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
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
