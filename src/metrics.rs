//! Prometheus metrics: what the app counts, and the text it serves on
//! `METRICS_ADDR` (never on the public port).
//!
//! Each running app has its own registry, so several apps in one process
//! (the tests) never mix their numbers.

use std::sync::Arc;
use std::time::Duration;

use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts, Registry,
    TextEncoder,
};

/// Request latency buckets, in seconds: from a cached page to a slow write.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// The label for requests that matched no route: one series, whatever the path.
pub const UNMATCHED_ROUTE: &str = "(unmatched)";

#[derive(Clone)]
pub struct Metrics(Arc<Inner>);

struct Inner {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_in_use: IntGauge,
    pool_idle: IntGauge,
    pool_waiting: IntGauge,
    assignments: IntCounter,
    sign_in_failures: IntCounterVec,
    password_checks: IntCounter,
    db_hops: IntCounter,
}

/// Why a sign-in was refused (never who tried).
#[derive(Debug, Clone, Copy)]
pub enum SignInFailure {
    /// Unknown account, wrong password or disabled user: one answer for all three.
    Credentials,
    /// The account is blocked from this address for a while.
    Blocked,
    /// The client's address is blocked, whatever the account.
    AddressBlocked,
    /// Too many sign-ins in flight (from this address, or in all).
    Busy,
}

impl SignInFailure {
    fn label(self) -> &'static str {
        match self {
            Self::Credentials => "credentials",
            Self::Blocked => "blocked",
            Self::AddressBlocked => "address_blocked",
            Self::Busy => "busy",
        }
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("support_contacts".to_owned()), None)
            .expect("a valid metrics prefix");
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered."),
            &["route", "method", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "http_request_duration_seconds",
                "Time from request to response, by route.",
            )
            .buckets(LATENCY_BUCKETS.to_vec()),
            &["route"],
        )
        .expect("valid metric");
        let pool_in_use = IntGauge::new(
            "db_pool_connections_in_use",
            "Database connections checked out of the pool.",
        )
        .expect("valid metric");
        let pool_idle = IntGauge::new(
            "db_pool_connections_idle",
            "Open database connections waiting in the pool.",
        )
        .expect("valid metric");
        let pool_waiting = IntGauge::new(
            "db_pool_waiting",
            "Requests waiting for a database connection.",
        )
        .expect("valid metric");
        let assignments = IntCounter::new(
            "support_contact_assignments_total",
            "Designated support contacts changed by users.",
        )
        .expect("valid metric");
        let sign_in_failures = IntCounterVec::new(
            Opts::new("sign_in_failures_total", "Sign-ins refused, by reason."),
            &["reason"],
        )
        .expect("valid metric");
        let password_checks = IntCounter::new(
            "password_checks_total",
            "Passwords hashed to check a sign-in.",
        )
        .expect("valid metric");
        let db_hops = IntCounter::new(
            "db_hops_total",
            "Trips to the database through the blocking pool (a page makes one).",
        )
        .expect("valid metric");
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(pool_in_use.clone()),
            Box::new(pool_idle.clone()),
            Box::new(pool_waiting.clone()),
            Box::new(assignments.clone()),
            Box::new(sign_in_failures.clone()),
            Box::new(password_checks.clone()),
            Box::new(db_hops.clone()),
        ] {
            registry.register(collector).expect("each metric once");
        }
        // Every reason shows from the start, at zero.
        for reason in [
            SignInFailure::Credentials,
            SignInFailure::Blocked,
            SignInFailure::AddressBlocked,
            SignInFailure::Busy,
        ] {
            sign_in_failures.with_label_values(&[reason.label()]);
        }
        Self(Arc::new(Inner {
            registry,
            requests,
            latency,
            pool_in_use,
            pool_idle,
            pool_waiting,
            assignments,
            sign_in_failures,
            password_checks,
            db_hops,
        }))
    }

    /// One answered request. `route` is the route pattern, never the raw path.
    pub fn request(&self, route: &str, method: &str, status: u16, elapsed: Duration) {
        let method = match method {
            "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS" => method,
            _ => "other",
        };
        self.0
            .requests
            .with_label_values(&[route, method, &status.to_string()])
            .inc();
        self.0
            .latency
            .with_label_values(&[route])
            .observe(elapsed.as_secs_f64());
    }

    pub fn assignment(&self) {
        self.0.assignments.inc();
    }

    pub fn sign_in_failure(&self, reason: SignInFailure) {
        self.0
            .sign_in_failures
            .with_label_values(&[reason.label()])
            .inc();
    }

    pub fn db_hop(&self) {
        self.0.db_hops.inc();
    }

    pub fn password_checked(&self) {
        self.0.password_checks.inc();
    }

    /// Counts a request waiting for a connection until the guard drops.
    pub fn waiting_for_connection(&self) -> WaitingGuard {
        self.0.pool_waiting.inc();
        WaitingGuard(self.0.pool_waiting.clone())
    }

    /// The text exposition format, with the pool read as it is now.
    pub fn render(&self, pool: diesel::r2d2::State) -> String {
        let idle = i64::from(pool.idle_connections);
        self.0.pool_idle.set(idle);
        self.0.pool_in_use.set(i64::from(pool.connections) - idle);
        let mut out = Vec::new();
        TextEncoder::new()
            .encode(&self.0.registry.gather(), &mut out)
            .expect("metrics encode to text");
        String::from_utf8(out).expect("metrics text is UTF-8")
    }
}

/// See [`Metrics::waiting_for_connection`].
pub struct WaitingGuard(IntGauge);

impl Drop for WaitingGuard {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool_state() -> diesel::r2d2::State {
        // r2d2 builds its State only itself: take one from a real, small pool.
        let url = crate::db::DatabaseUrl::Sqlite(":memory:".into());
        let pool = crate::db::pool(
            &url,
            &crate::db::PoolOptions {
                max_size: 1,
                ..Default::default()
            },
        )
        .unwrap();
        pool.state()
    }

    #[test]
    fn requests_are_counted_by_route_method_and_status_with_latency() {
        let metrics = Metrics::new();
        let route = "/partner/customers/{customer_tenant_id}";
        metrics.request(route, "GET", 200, Duration::from_millis(3));
        metrics.request(route, "GET", 200, Duration::from_millis(30));
        metrics.request(route, "BREW", 405, Duration::from_millis(1));
        let text = metrics.render(pool_state());
        assert!(text.contains(&format!(
            "support_contacts_http_requests_total{{method=\"GET\",route=\"{route}\",status=\"200\"}} 2"
        )));
        assert!(text.contains(&format!(
            "support_contacts_http_requests_total{{method=\"other\",route=\"{route}\",status=\"405\"}} 1"
        )));
        assert!(text.contains(&format!(
            "support_contacts_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"0.005\"}} 2"
        )));
        assert!(text.contains(&format!(
            "support_contacts_http_request_duration_seconds_count{{route=\"{route}\"}} 3"
        )));
    }

    #[test]
    fn waiting_is_counted_while_the_guard_lives() {
        let metrics = Metrics::new();
        let guard = metrics.waiting_for_connection();
        assert!(
            metrics
                .render(pool_state())
                .contains("support_contacts_db_pool_waiting 1")
        );
        drop(guard);
        assert!(
            metrics
                .render(pool_state())
                .contains("support_contacts_db_pool_waiting 0")
        );
    }
}
