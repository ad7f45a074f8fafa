//! Sign-in, sign-out, the return path, and CSRF.

use reqwest::StatusCode;

use crate::helpers::*;

#[actix_web::test]
async fn signed_out_pages_send_to_sign_in_and_come_back_after() {
    let app = spawn_app().await;
    let browser = app.browser();
    let page = browser.get("/partner/customers?q=wide").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.location.as_deref(),
        Some("/login?next=%2Fpartner%2Fcustomers%3Fq%3Dwide")
    );

    let signed_in = browser
        .sign_in(
            CONTOSO_ADMIN,
            DEMO_PASSWORD,
            Some("/partner/customers?q=wide"),
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    assert_eq!(
        signed_in.location.as_deref(),
        Some("/partner/customers?q=wide")
    );
    let back = browser.get("/partner/customers?q=wide").await;
    assert_eq!(back.status, StatusCode::OK);
    assert!(back.text().contains("Wide World Importers"));
}

#[actix_web::test]
async fn every_signed_out_page_redirects_to_sign_in() {
    let app = spawn_app().await;
    let browser = app.browser();
    for path in [
        "/partner".to_owned(),
        "/partner/customers".to_owned(),
        format!("/partner/customers/{WWI}"),
        subscription_path(WWI, WWI_OFFICE_365),
        format!("{}/changes/1", subscription_path(WWI, WWI_OFFICE_365)),
        "/admin".to_owned(),
        "/admin/support".to_owned(),
    ] {
        let page = browser.get(&path).await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
        assert!(
            page.location
                .as_deref()
                .unwrap()
                .starts_with("/login?next="),
            "{path}"
        );
    }
    assert_eq!(browser.get("/").await.location.as_deref(), Some("/login"));
}

#[actix_web::test]
async fn the_return_path_never_leaves_the_site() {
    let app = spawn_app().await;
    for next in [
        "https://evil.example/",
        "//evil.example/partner",
        "/\\evil.example",
        "javascript:alert(1)",
    ] {
        let browser = app.browser();
        // Even posted directly, bypassing the sign-in page's own filtering.
        let form = browser.get("/login").await;
        let page = browser
            .post_form(
                "/login",
                &[
                    ("csrf_token", &form.csrf_token()),
                    ("email", CONTOSO_ADMIN),
                    ("password", DEMO_PASSWORD),
                    ("next", next),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{next}");
        assert_eq!(page.location.as_deref(), Some("/partner"), "{next}");
    }
}

#[actix_web::test]
async fn each_user_lands_on_their_own_home() {
    let app = spawn_app().await;
    let partner = app
        .browser()
        .sign_in(ADATUM_ADMIN, DEMO_PASSWORD, None)
        .await;
    assert_eq!(partner.location.as_deref(), Some("/partner"));
    let admin = app.browser().sign_in(WWI_ADMIN, DEMO_PASSWORD, None).await;
    assert_eq!(admin.location.as_deref(), Some("/admin"));
    let signed_in = app.signed_in(WWI_ADMIN).await;
    assert_eq!(signed_in.get("/").await.location.as_deref(), Some("/admin"));
}

#[actix_web::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let wrong_password = app
        .browser()
        .sign_in(CONTOSO_ADMIN, "not-the-password", None)
        .await;
    let unknown_email = app
        .browser()
        .sign_in("nobody@contoso-distribution.example", DEMO_PASSWORD, None)
        .await;
    for page in [&wrong_password, &unknown_email] {
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            page.texts("[role=alert]"),
            vec![
                "That email and password do not match an account. Check both and try again."
                    .to_owned()
            ]
        );
    }
    // The email typed is kept; the password is not.
    assert_eq!(
        wrong_password.values("input[name=email]", "value"),
        vec![CONTOSO_ADMIN.to_owned()]
    );
    assert!(
        wrong_password
            .values("input[name=password]", "value")
            .is_empty()
    );
    // Emails match whatever their case.
    let browser = app.browser();
    let page = browser
        .sign_in("  Admin@Contoso-Distribution.EXAMPLE ", DEMO_PASSWORD, None)
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    let browser = app.signed_in(CONTOSO_ADMIN).await;
    let page = browser.get("/partner").await;
    let token = page.csrf_token();
    let out = browser
        .post_form("/logout", &[("csrf_token", &token)])
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(out.location.as_deref(), Some("/login"));
    assert_eq!(browser.get("/partner").await.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn the_session_cookie_is_http_only_and_renewed_at_sign_in() {
    let app = spawn_app().await;
    let browser = app.browser();
    let login = browser.get("/login").await;
    let before = login
        .headers
        .get("set-cookie")
        .expect("a session for the CSRF token")
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        before.contains("HttpOnly") && before.contains("SameSite=Lax"),
        "{before}"
    );
    let signed_in = browser
        .post_form(
            "/login",
            &[
                ("csrf_token", &login.csrf_token()),
                ("email", CONTOSO_ADMIN),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    let after = signed_in
        .headers
        .get("set-cookie")
        .expect("a new cookie at sign-in")
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(before.split(';').next(), after.split(';').next());
    // The CSRF token seen before signing in no longer works.
    let stale = browser
        .post_form(
            &format!("{}/support-contact", subscription_path(WWI, WWI_OFFICE_365)),
            &[
                ("csrf_token", &login.csrf_token()),
                ("version", "1"),
                ("support_contact", TREY_RESEARCH),
            ],
        )
        .await;
    assert_eq!(stale.status, StatusCode::FORBIDDEN);
    assert_eq!(app.stored_contact(WWI_OFFICE_365), (CONTOSO.to_owned(), 1));
}

#[actix_web::test]
async fn posts_without_a_valid_csrf_token_get_403_and_change_nothing() {
    let app = spawn_app().await;
    let browser = app.signed_in(CONTOSO_ADMIN).await;
    let path = format!("{}/support-contact", subscription_path(WWI, WWI_OFFICE_365));
    let audit_before = app.audit_rows();
    for token in [None, Some(""), Some("forged-token")] {
        let mut fields = vec![("version", "1"), ("support_contact", TREY_RESEARCH)];
        if let Some(token) = token {
            fields.push(("csrf_token", token));
        }
        let page = browser.post_form(&path, &fields).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{token:?}");
        assert!(page.text().contains("This form has expired"), "{token:?}");
    }
    // Sign-in and add-subscription forms are covered by the same check.
    let login = app
        .browser()
        .post_form(
            "/login",
            &[("email", CONTOSO_ADMIN), ("password", DEMO_PASSWORD)],
        )
        .await;
    assert_eq!(login.status, StatusCode::FORBIDDEN);
    let subscriptions_before = app.subscription_count();
    let add = browser
        .post_form(
            &format!("/partner/customers/{WWI}/subscriptions"),
            &[("offer_name", "Visio Plan 2"), ("quantity", "3")],
        )
        .await;
    assert_eq!(add.status, StatusCode::FORBIDDEN);
    assert_eq!(app.subscription_count(), subscriptions_before);
    assert_eq!(app.stored_contact(WWI_OFFICE_365), (CONTOSO.to_owned(), 1));
    assert_eq!(app.audit_rows(), audit_before);
}

#[actix_web::test]
async fn the_token_is_also_accepted_in_a_header() {
    let app = spawn_app().await;
    let browser = app.signed_in(CONTOSO_ADMIN).await;
    let path = subscription_path(WWI, WWI_OFFICE_365);
    let token = browser.get(&path).await.csrf_token();
    let response = browser
        .client
        .post(format!("{}{path}/support-contact", browser.base))
        .header("X-CSRF-Token", token)
        .form(&[("version", "1"), ("support_contact", TREY_RESEARCH)])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.stored_contact(WWI_OFFICE_365),
        (TREY_RESEARCH.to_owned(), 2)
    );
}
