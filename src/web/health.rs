//! For load balancers and orchestrators: is the process alive, is it ready.

use actix_web::HttpResponse;
use actix_web::http::header;

use std::sync::atomic::Ordering;

use super::State;

/// `GET /healthz`: the process answers; the database is not asked.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("text/plain; charset=utf-8")
        .body("ok\n")
}

/// `GET /readyz`: the database answers and has every migration applied, and
/// the server is not shutting down (a probe that was waiting for the
/// database when shutdown began is told so too).
pub async fn readyz(state: State) -> HttpResponse {
    let database_ready = state
        .db(|conn| Ok(crate::db::ready(conn)))
        .await
        .unwrap_or(false);
    let stopping = state.stopping.load(Ordering::SeqCst);
    let (mut response, body) = match (database_ready, stopping) {
        (_, true) => (HttpResponse::ServiceUnavailable(), "shutting down\n"),
        (false, false) => (HttpResponse::ServiceUnavailable(), "not ready\n"),
        (true, false) => (HttpResponse::Ok(), "ready\n"),
    };
    response
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("text/plain; charset=utf-8")
        .body(body)
}

/// `GET /metrics` on `METRICS_ADDR`: Prometheus text format.
pub async fn metrics(state: State) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type(prometheus::TEXT_FORMAT)
        .body(state.metrics.render(state.pool.state()))
}
