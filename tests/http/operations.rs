//! Running the service: an exhausted pool answers 503 promptly, never hangs;
//! health, readiness and metrics.

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

async fn scrape(base: &str) -> String {
    let response = reqwest::get(format!("{base}/metrics")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    response.text().await.unwrap()
}

/// The value of one sample line (`name{labels} value`) in a scrape.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[actix_web::test]
async fn metrics_count_requests_assignments_and_failed_sign_ins_on_their_own_port_only() {
    let app = spawn_with(|s| s.metrics_addr = Some("127.0.0.1:0".parse().unwrap())).await;
    let metrics = app.metrics_base.clone().expect("METRICS_ADDR is served");

    // Never on the public port.
    assert_eq!(
        app.browser().get("/metrics").await.status,
        StatusCode::NOT_FOUND
    );
    // Only /metrics on the metrics port.
    assert_eq!(
        reqwest::get(format!("{metrics}/partner"))
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );

    let before = scrape(&metrics).await;
    let failures = r#"support_contacts_sign_in_failures_total{reason="credentials"}"#;
    assert_eq!(sample(&before, failures), Some(0.0));
    assert_eq!(
        sample(
            &before,
            "support_contacts_support_contact_assignments_total"
        ),
        Some(0.0)
    );

    let stranger = app.browser();
    let refused = stranger
        .sign_in(CONTOSO_ADMIN, "not-the-demo-password", None)
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    let browser = app.signed_in(CONTOSO_ADMIN).await;
    let done = submit_contact(&browser, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);

    let after = scrape(&metrics).await;
    assert_eq!(sample(&after, failures), Some(1.0));
    assert_eq!(
        sample(&after, "support_contacts_support_contact_assignments_total"),
        Some(1.0)
    );
    let route =
        "/partner/customers/{customer_tenant_id}/subscriptions/{subscription_id}/support-contact";
    assert_eq!(
        sample(
            &after,
            &format!(
                r#"support_contacts_http_requests_total{{method="POST",route="{route}",status="303"}}"#
            )
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &after,
            &format!(r#"support_contacts_http_request_duration_seconds_count{{route="{route}"}}"#)
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &after,
            r#"support_contacts_http_requests_total{method="POST",route="/login",status="401"}"#
        ),
        Some(1.0)
    );
    // Raw paths (with tenant ids) never become labels.
    assert!(!after.contains(WWI), "a raw path became a label");
    assert!(sample(&after, "support_contacts_db_pool_connections_idle").is_some());
    assert_eq!(
        sample(&after, "support_contacts_db_pool_connections_in_use"),
        Some(0.0)
    );
    assert_eq!(
        sample(&after, "support_contacts_db_pool_waiting"),
        Some(0.0)
    );
}

#[actix_web::test]
async fn metrics_are_off_unless_an_address_is_given() {
    let app = spawn_app().await;
    assert!(app.metrics_base.is_none());
    assert_eq!(
        app.browser().get("/metrics").await.status,
        StatusCode::NOT_FOUND
    );
}
