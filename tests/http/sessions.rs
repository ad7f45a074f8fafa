//! Roles, session lifetimes, revocation, sign-in throttling, https cookies.

use chrono::Duration;
use reqwest::StatusCode;
use support_contacts::app::users as accounts;
use support_contacts::config::SeedDemo;
use support_contacts::store::audit::Actor;

use crate::helpers::*;

#[actix_web::test]
async fn a_helpdesk_agent_sees_the_same_pages_and_changes_nothing() {
    let app = spawn_app().await;
    let helpdesk = app.signed_in(HELPDESK).await;
    let page = helpdesk.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Contoso Distribution"));
    assert!(
        page.options("support_contact").is_empty(),
        "no change controls"
    );
    let customer = helpdesk.get(&format!("/partner/customers/{WWI}")).await;
    assert!(customer.values("input[name=offer_name]", "name").is_empty());

    let token = page.csrf_token();
    let assign = helpdesk
        .post_form(
            &format!("{}/support-contact", subscription_path(WWI, WWI_OFFICE_365)),
            &[
                ("csrf_token", &token),
                ("version", "1"),
                ("support_contact", TREY_RESEARCH),
            ],
        )
        .await;
    assert_eq!(assign.status, StatusCode::FORBIDDEN);
    let before = app.subscription_count();
    let add = helpdesk
        .post_form(
            &format!("/partner/customers/{WWI}/subscriptions"),
            &[
                ("csrf_token", &token),
                ("offer_name", "Visio Plan 2"),
                ("quantity", "1"),
            ],
        )
        .await;
    assert_eq!(add.status, StatusCode::FORBIDDEN);
    assert_eq!(app.stored_contact(WWI_OFFICE_365), (CONTOSO.to_owned(), 1));
    assert_eq!(app.subscription_count(), before);
}

#[actix_web::test]
async fn an_idle_session_ends_and_so_does_an_old_one() {
    let app = spawn_app().await;
    let browser = app.signed_in(CONTOSO_ADMIN).await;
    // Used every 50 minutes, it lives on...
    for _ in 0..3 {
        app.clock.advance(Duration::minutes(50));
        assert_eq!(browser.get("/partner").await.status, StatusCode::OK);
    }
    // ...until 61 minutes pass unused.
    app.clock.advance(Duration::minutes(61));
    let idle = browser.get("/partner").await;
    assert_eq!(idle.status, StatusCode::SEE_OTHER);
    assert!(idle.location.unwrap().starts_with("/login"));

    let browser = app.signed_in(CONTOSO_ADMIN).await;
    for _ in 0..14 {
        app.clock.advance(Duration::minutes(50));
        assert_eq!(browser.get("/partner").await.status, StatusCode::OK);
    }
    // 12 hours after sign-in, however busy.
    app.clock.advance(Duration::minutes(50));
    assert_eq!(browser.get("/partner").await.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn disabling_a_user_or_setting_a_password_ends_their_sessions_at_once() {
    let app = spawn_app().await;
    let admin = Actor::command_line();
    let now = start_time().naive_utc();

    let browser = app.signed_in(CONTOSO_ADMIN).await;
    accounts::set_password(
        &mut app.conn(),
        &admin,
        CONTOSO_ADMIN,
        None,
        "a-new-long-passphrase",
        now,
    )
    .unwrap();
    assert_eq!(
        browser.get("/partner").await.status,
        StatusCode::SEE_OTHER,
        "the old session ended"
    );
    assert_eq!(
        app.browser()
            .sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.browser()
            .sign_in(CONTOSO_ADMIN, "a-new-long-passphrase", None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let adatum = app.signed_in(ADATUM_ADMIN).await;
    accounts::set_disabled(&mut app.conn(), &admin, ADATUM_ADMIN, None, true, now).unwrap();
    assert_eq!(adatum.get("/partner").await.status, StatusCode::SEE_OTHER);
    let refused = app
        .browser()
        .sign_in(ADATUM_ADMIN, DEMO_PASSWORD, None)
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNAUTHORIZED,
        "a disabled user gets the same answer as a wrong password"
    );
    accounts::set_disabled(&mut app.conn(), &admin, ADATUM_ADMIN, None, false, now).unwrap();
    assert_eq!(
        app.browser()
            .sign_in(ADATUM_ADMIN, DEMO_PASSWORD, None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn repeated_failures_block_one_account_from_one_address_only() {
    let app = spawn_behind_proxy().await;
    let attacker = from_address(&app, "203.0.113.9");
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(
            attacker
                .sign_in(CONTOSO_ADMIN, "guess-number-n", None)
                .await
                .status,
        );
    }
    assert_eq!(
        statuses,
        [
            StatusCode::UNAUTHORIZED,
            StatusCode::UNAUTHORIZED,
            StatusCode::UNAUTHORIZED,
            StatusCode::UNAUTHORIZED,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    // Blocked: even the right password is refused, with a clear message.
    let blocked = attacker.sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        blocked
            .texts("[role=alert]")
            .join(" ")
            .contains("Sign-in is blocked until 2026-03-02 09:45 UTC")
    );

    // The admin, from their own office, is not locked out; other accounts are free.
    let office = from_address(&app, "198.51.100.20");
    assert_eq!(
        office
            .sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        attacker
            .sign_in(ADATUM_ADMIN, DEMO_PASSWORD, None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // The block is audited, once.
    use diesel::prelude::*;
    use support_contacts::db::schema::audit_log;
    let blocks: Vec<String> = audit_log::table
        .filter(audit_log::action.eq("sign_in.blocked"))
        .select(audit_log::detail)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(blocks, vec!["client_ip=203.0.113.9".to_owned()]);

    // And it ends.
    app.clock.advance(Duration::minutes(16));
    let later = from_address(&app, "203.0.113.9");
    assert_eq!(
        later
            .sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn behind_https_cookies_are_secure_host_prefixed_and_hsts_is_sent() {
    let app =
        spawn_with(|settings| settings.public_url = "https://support.example.com".into()).await;
    let page = app.browser().get("/login").await;
    let cookie = page.headers["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("__Host-sc_session="), "{cookie}");
    assert!(cookie.contains("Secure") && cookie.contains("HttpOnly") && cookie.contains("Path=/"));
    assert!(!cookie.contains("Domain="));
    let hsts = page.headers["strict-transport-security"].to_str().unwrap();
    assert!(hsts.starts_with("max-age=31536000"));

    let plain = spawn_app_with(SeedDemo::Never).await;
    assert!(
        plain
            .browser()
            .get("/login")
            .await
            .headers
            .get("strict-transport-security")
            .is_none()
    );
}
