//! Running the service: an exhausted pool answers 503 promptly, never hangs.

use reqwest::StatusCode;
use support_contacts::config::SeedDemo;

use crate::helpers::*;

#[actix_web::test]
async fn an_exhausted_pool_answers_503_with_retry_after() {
    let app = spawn_configured(SeedDemo::FreshAny, 1, std::time::Duration::from_millis(300)).await;
    let browser = app.signed_in(CONTOSO_ADMIN).await;
    // Hold the only connection, as a long request would.
    let held = app.pool.get().unwrap();
    let page = browser.get("/partner").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.headers["retry-after"], "5");
    assert!(page.text().contains("Busy, try again"));
    drop(held);
    assert_eq!(browser.get("/partner").await.status, StatusCode::OK);
}

#[actix_web::test]
async fn health_and_readiness_answer_without_signing_in() {
    let app = spawn_app().await;
    let browser = app.browser();
    let health = browser.get("/healthz").await;
    assert_eq!(
        (health.status, health.body.as_str()),
        (StatusCode::OK, "ok\n")
    );
    let ready = browser.get("/readyz").await;
    assert_eq!(
        (ready.status, ready.body.as_str()),
        (StatusCode::OK, "ready\n")
    );
    // With the database out of reach, alive but not ready.
    let held: Vec<_> = (0..4).map(|_| app.pool.get().unwrap()).collect();
    assert_eq!(browser.get("/healthz").await.status, StatusCode::OK);
    drop(held);
}

#[actix_web::test]
async fn an_exhausted_pool_is_not_ready() {
    let app = spawn_configured(SeedDemo::Never, 1, std::time::Duration::from_millis(200)).await;
    let held = app.pool.get().unwrap();
    let page = app.browser().get("/readyz").await;
    assert_eq!(page.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.body, "not ready\n");
    drop(held);
    assert_eq!(app.browser().get("/readyz").await.status, StatusCode::OK);
}
