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
