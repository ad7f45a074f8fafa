//! Bad ids and bad forms: a clear 4xx, never a 500, never someone else's data, nothing changed.

use reqwest::StatusCode;

use crate::helpers::*;

#[actix_web::test]
async fn malformed_and_unknown_ids_are_not_found() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let unknown = "0f0f0f0f-0000-4000-8000-000000000000";
    let cases = [
        "/partner/customers/not-a-guid".to_owned(),
        "/partner/customers/%3Cscript%3E".to_owned(),
        format!("/partner/customers/{unknown}"),
        format!("/partner/customers/{WWI}/subscriptions/42"),
        format!("/partner/customers/{WWI}/subscriptions/{unknown}"),
        format!("/partner/customers/{unknown}/subscriptions/{WWI_OFFICE_365}"),
        format!(
            "{}/changes/not-a-number",
            subscription_path(WWI, WWI_OFFICE_365)
        ),
        format!("{}/changes/999999", subscription_path(WWI, WWI_OFFICE_365)),
        format!("{}/changes/-1", subscription_path(WWI, WWI_OFFICE_365)),
        "/partner/nothing-here".to_owned(),
    ];
    for path in cases {
        let page = contoso.get(&path).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert!(
            page.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{path}"
        );
        assert!(page.text().contains("Page not found"), "{path}");
    }
    // Uppercase GUIDs are the same ids.
    let upper = contoso
        .get(&format!("/partner/customers/{}", WWI.to_uppercase()))
        .await;
    assert_eq!(upper.status, StatusCode::OK);
}

#[actix_web::test]
async fn a_missing_or_malformed_contact_gets_422_with_the_form_again() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let audit_before = app.audit_rows();
    let missing = submit_contact(&contoso, WWI, WWI_OFFICE_365, None).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        missing
            .texts("[role=alert]")
            .join(" ")
            .contains("Choose a designated support contact from the list.")
    );
    let empty = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some("")).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    for garbage in [
        "Trey Research",
        "4391507",
        "<script>alert(1)</script>",
        &"9".repeat(5000),
    ] {
        let page = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(garbage)).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{garbage}");
        assert!(
            page.texts("[role=alert]")
                .join(" ")
                .contains("not a partner in the list")
        );
        assert!(!page.body.contains("<script>alert(1)</script>"));
        assert_eq!(page.options("support_contact").len(), 2);
    }
    // A form without its version cannot be checked for conflicts: refused.
    let path = subscription_path(WWI, WWI_OFFICE_365);
    let token = contoso.get(&path).await.csrf_token();
    for version in [None, Some("abc")] {
        let mut fields = vec![
            ("csrf_token", token.as_str()),
            ("support_contact", TREY_RESEARCH),
        ];
        if let Some(v) = version {
            fields.push(("version", v));
        }
        let page = contoso
            .post_form(&format!("{path}/support-contact"), &fields)
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{version:?}");
        assert!(page.text().contains("The form was out of date"));
    }
    assert_eq!(app.stored_contact(WWI_OFFICE_365), (CONTOSO.to_owned(), 1));
    assert_eq!(app.audit_rows(), audit_before);
}

#[actix_web::test]
async fn oversized_and_garbled_forms_are_refused_cleanly() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let path = format!("{}/support-contact", subscription_path(WWI, WWI_OFFICE_365));
    let token = contoso.get("/partner").await.csrf_token();
    let huge = "x".repeat(200 * 1024);
    let page = contoso
        .post_form(
            &path,
            &[
                ("csrf_token", token.as_str()),
                ("version", "1"),
                ("support_contact", huge.as_str()),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::PAYLOAD_TOO_LARGE);

    let garbled = contoso
        .client
        .post(format!("{}{path}", contoso.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-csrf-token", token.as_str())
        .body(vec![0xffu8, 0xfe, b'=', 0x80])
        .send()
        .await
        .unwrap();
    assert!(garbled.status().is_client_error(), "{}", garbled.status());
    assert_eq!(app.stored_contact(WWI_OFFICE_365), (CONTOSO.to_owned(), 1));
}

#[actix_web::test]
async fn security_headers_are_on_every_response() {
    let app = spawn_app().await;
    let browser = app.browser();
    for path in ["/login", "/partner", "/nothing-here", "/static/app.css"] {
        let page = browser.get(path).await;
        let csp = page.headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"),
            "{path}"
        );
        assert_eq!(page.headers["x-content-type-options"], "nosniff", "{path}");
    }
}
