//! When the demo is loaded, and what it holds.

use reqwest::StatusCode;
use support_contacts::config::SeedDemo;

use crate::helpers::*;

#[actix_web::test]
async fn seed_demo_0_leaves_a_new_database_empty() {
    let app = spawn_app_with(SeedDemo::Never).await;
    assert_eq!(app.subscription_count(), 0);
    let page = app
        .browser()
        .sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None)
        .await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn the_demo_goes_only_into_an_empty_database() {
    let app = spawn_app().await;
    let before = app.subscription_count();
    let err = support_contacts::demo::seed(&mut app.conn(), start_time().naive_utc()).unwrap_err();
    assert!(err.to_string().contains("already holds data"), "{err}");
    assert_eq!(app.subscription_count(), before);
}

#[actix_web::test]
async fn every_demo_user_signs_in_with_the_demo_password() {
    let app = spawn_app().await;
    for (email, _) in support_contacts::demo::DEMO_USERS {
        let page = app.browser().sign_in(email, DEMO_PASSWORD, None).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{email}");
    }
}
