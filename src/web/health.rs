//! For load balancers and orchestrators: is the process alive, is it ready.

use actix_web::HttpResponse;
use actix_web::http::header;

use super::State;

/// `GET /healthz`: the process answers; the database is not asked.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("text/plain; charset=utf-8")
        .body("ok\n")
}

/// `GET /readyz`: the database answers and has every migration applied.
pub async fn readyz(state: State) -> HttpResponse {
    let ready = state
        .db(|conn| Ok(crate::db::ready(conn)))
        .await
        .unwrap_or(false);
    let mut response = if ready {
        HttpResponse::Ok()
    } else {
        HttpResponse::ServiceUnavailable()
    };
    response
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("text/plain; charset=utf-8")
        .body(if ready { "ready\n" } else { "not ready\n" })
}
