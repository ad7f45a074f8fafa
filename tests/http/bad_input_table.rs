//! Bad input, row by row: every row is a request a browser or a script could
//! send, and the status it must get. Never a 500, never a change it should
//! not make.

use reqwest::{Method, StatusCode};

use crate::helpers::*;

/// (method, path, content type, body, expected status)
type Row = (&'static str, String, &'static str, String, u16);

const FORM: &str = "application/x-www-form-urlencoded";

#[actix_web::test]
async fn every_row_of_bad_input_gets_its_4xx_and_nothing_changes() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let token = contoso.get("/partner").await.csrf_token();
    let sub = subscription_path(WWI, WWI_OFFICE_365);
    let assign = format!("{sub}/support-contact");
    let add = format!("/partner/customers/{WWI}/subscriptions");
    let coho = support_contacts::demo::COHO_VINEYARD;
    let big = "x".repeat(70 * 1024);
    // Over the sign-in form's limit (4 KiB), under the other forms' (16 KiB).
    let medium = "x".repeat(6 * 1024);
    let f = |s: &str| s.to_owned();
    let bulk = format!("/partner/resellers/{TREY_RESEARCH}");
    let rows: Vec<Row> = vec![
        // A bulk change may be larger than other forms (64 KiB), not more.
        (
            "POST",
            bulk.clone(),
            FORM,
            format!("action=assign&scope=all&listed={}", "x".repeat(20 * 1024)),
            400,
        ),
        (
            "POST",
            bulk.clone(),
            FORM,
            format!("action=assign&scope=all&listed={big}"),
            413,
        ),
        ("POST", bulk.clone(), FORM, f("action=explode"), 400),
        (
            "POST",
            f("/login"),
            FORM,
            format!("email={medium}&password=x"),
            413,
        ),
        ("POST", f("/language"), FORM, format!("lang={medium}"), 413),
        (
            "POST",
            assign.clone(),
            FORM,
            format!("version=1&support_contact={medium}"),
            422,
        ),
        (
            "POST",
            assign.clone(),
            FORM,
            format!("version=1&support_contact={}", "x".repeat(17 * 1024)),
            413,
        ),
        ("GET", f("/partner/customers/%00"), "", f(""), 404),
        (
            "GET",
            f("/partner/customers/'%20OR%201=1%20--"),
            "",
            f(""),
            404,
        ),
        (
            "GET",
            format!("/partner/customers/{WWI}/subscriptions/%2e%2e"),
            "",
            f(""),
            404,
        ),
        (
            "GET",
            f("/partner/customers?page=99999999999999999999"),
            "",
            f(""),
            200,
        ),
        (
            "GET",
            format!("/partner/customers?q={}", "w".repeat(5000)),
            "",
            f(""),
            200,
        ),
        ("GET", f("/partner/customers?page%5B%5D=1"), "", f(""), 200),
        ("GET", f("/partner/customers?q=%ff"), "", f(""), 200),
        ("GET", format!("{sub}/changes/99999999999"), "", f(""), 404),
        ("GET", f("/admin"), "", f(""), 403),
        ("GET", f("/nothing/here"), "", f(""), 404),
        ("GET", f("/static/../Cargo.toml"), "", f(""), 404),
        ("GET", f("/set-password/%20"), "", f(""), 404),
        ("GET", f("/logout"), "", f(""), 405),
        ("DELETE", f("/partner"), "", f(""), 405),
        ("PUT", f("/login"), "", f(""), 405),
        ("PATCH", format!("/partner/customers/{WWI}"), "", f(""), 405),
        (
            "POST",
            assign.clone(),
            FORM,
            f("version=1&support_contact="),
            422,
        ),
        (
            "POST",
            assign.clone(),
            FORM,
            f("version=1&support_contact=%3Cscript%3E"),
            422,
        ),
        (
            "POST",
            assign.clone(),
            FORM,
            f("version=1&support_contact=%ff%fe"),
            400,
        ),
        (
            "POST",
            assign.clone(),
            "application/json",
            format!("{{\"support_contact\":\"{TREY_RESEARCH}\"}}"),
            400,
        ),
        (
            "POST",
            assign.clone(),
            "text/plain",
            f("support_contact=x"),
            400,
        ),
        ("POST", assign.clone(), FORM, f(""), 422),
        (
            "POST",
            assign.clone(),
            FORM,
            format!("version=-1&support_contact={TREY_RESEARCH}"),
            409,
        ),
        (
            "POST",
            assign.clone(),
            FORM,
            format!("version=99999999999&support_contact={TREY_RESEARCH}"),
            422,
        ),
        (
            "POST",
            assign.clone(),
            FORM,
            format!("version=1&support_contact={TREY_RESEARCH}&support_contact={CONTOSO}"),
            400,
        ),
        (
            "POST",
            assign.clone(),
            FORM,
            format!("version=1&support_contact={big}"),
            413,
        ),
        (
            "POST",
            assign.clone(),
            FORM,
            format!("version=1&support_contact={FABRIKAM}"),
            422,
        ),
        (
            "POST",
            add.clone(),
            FORM,
            f("offer_name=Visio&quantity=1e3"),
            422,
        ),
        (
            "POST",
            add.clone(),
            FORM,
            f("offer_name=Visio&quantity=-5"),
            422,
        ),
        (
            "POST",
            add.clone(),
            FORM,
            f("offer_name=Visio&quantity=99999999999999999999"),
            422,
        ),
        (
            "POST",
            add.clone(),
            FORM,
            f("offer_name=Visio&quantity="),
            422,
        ),
        (
            "POST",
            add.clone(),
            FORM,
            f("offer_name=%20%20%20&quantity=1"),
            422,
        ),
        (
            "POST",
            add.clone(),
            FORM,
            f("offer_name=Visio&quantity=1&reseller_of_record=not-a-guid"),
            422,
        ),
        (
            "POST",
            add.clone(),
            FORM,
            format!("offer_name=Visio&quantity=1&reseller_of_record={PROSEWARE}"),
            422,
        ),
        (
            "POST",
            add.clone(),
            "application/json",
            f("{\"offer_name\":\"Visio\"}"),
            400,
        ),
        (
            "POST",
            f("/partner/customers/not-a-guid/subscriptions"),
            FORM,
            f("offer_name=Visio&quantity=1"),
            404,
        ),
        (
            "POST",
            format!("/partner/customers/{coho}/subscriptions"),
            FORM,
            f("offer_name=Visio&quantity=1"),
            404,
        ),
        (
            "POST",
            format!("{sub}/status"),
            FORM,
            f("status=deleted"),
            400,
        ),
        ("POST", f("/login"), "application/json", f("{}"), 400),
        (
            "POST",
            f("/login"),
            FORM,
            format!("email={big}&password=x"),
            413,
        ),
        (
            "POST",
            f("/language"),
            FORM,
            f("lang=xx-XX&return_to=/"),
            400,
        ),
        (
            "POST",
            f("/language"),
            FORM,
            f("lang=zh-TW&return_to=//evil.example"),
            303,
        ),
        (
            "POST",
            f("/partner/users"),
            FORM,
            f("name=&email=x%40contoso.example&role=admin_agent"),
            422,
        ),
        (
            "POST",
            f("/partner/users"),
            FORM,
            f("name=X&email=x%40contoso.example&role=customer_admin"),
            422,
        ),
        (
            "POST",
            f("/partner/users"),
            FORM,
            f("name=X&email=not-an-email&role=admin_agent"),
            422,
        ),
        (
            "POST",
            f("/partner/users/abc"),
            FORM,
            f("action=disable"),
            404,
        ),
        (
            "POST",
            f("/partner/users/0"),
            FORM,
            f("action=disable"),
            404,
        ),
        (
            "POST",
            f("/partner/users/-1"),
            FORM,
            f("action=disable"),
            404,
        ),
        (
            "POST",
            f("/partner/users/1"),
            FORM,
            f("action=explode"),
            400,
        ),
        (
            "POST",
            f("/partner/requests"),
            FORM,
            f("company=&domain=x.onmicrosoft.com"),
            422,
        ),
        (
            "POST",
            f("/partner/requests"),
            FORM,
            f("company=X&domain=localhost"),
            422,
        ),
        (
            "POST",
            f("/partner/requests"),
            FORM,
            format!("company=X&domain={}.com", "a".repeat(300)),
            422,
        ),
        (
            "POST",
            f("/partner/requests/0f0f0f0f-1111-4000-8000-000000000000"),
            FORM,
            f("action=revoke"),
            404,
        ),
        (
            "POST",
            format!("/admin/partners/{TREY_RESEARCH}"),
            FORM,
            f("action=delete"),
            403,
        ),
        (
            "POST",
            f("/relationships/garbage"),
            FORM,
            f("action=accept"),
            404,
        ),
        (
            "POST",
            f("/account/password"),
            FORM,
            f("current=x&password=a-long-new-passphrase&confirm=another-long-one"),
            422,
        ),
    ];
    assert!(rows.len() >= 50, "{} rows", rows.len());

    let before = app.stored_contact(WWI_OFFICE_365);
    let subscriptions_before = app.subscription_count();
    for (method, path, content_type, body, expected) in rows {
        let mut request = contoso
            .client
            .request(
                Method::from_bytes(method.as_bytes()).unwrap(),
                format!("{}{path}", contoso.base),
            )
            .header("x-csrf-token", token.as_str());
        if !content_type.is_empty() {
            request = request.header("content-type", content_type);
        }
        let response = request
            .body(body.clone().into_bytes())
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        let shown = format!(
            "{method} {} {}",
            &path[..path.len().min(100)],
            body.get(..80).unwrap_or(&body)
        );
        assert_eq!(
            status.as_u16(),
            expected,
            "{shown}: {}",
            &text[..text.len().min(300)]
        );
        assert!(status != StatusCode::INTERNAL_SERVER_ERROR, "{shown}");
        assert!(
            !text.contains("<script>"),
            "{shown} echoes markup unescaped"
        );
    }
    // Bodies that are not UTF-8 at all, sent raw (not percent-encoded).
    let raw_rows: Vec<(&str, String, Vec<u8>, u16)> = vec![
        (
            "POST",
            assign.clone(),
            b"version=1&support_contact=\xff\xfe\x80".to_vec(),
            400,
        ),
        (
            "POST",
            add.clone(),
            b"offer_name=\xc3\x28&quantity=3".to_vec(),
            400,
        ),
        (
            "POST",
            f("/partner/requests"),
            b"company=\xf0\x28\x8c\x28&domain=x.example".to_vec(),
            400,
        ),
        ("POST", f("/language"), b"lang=\xff".to_vec(), 400),
        (
            "POST",
            add.clone(),
            b"offer_name=%C3%28&quantity=3".to_vec(),
            400,
        ),
    ];
    for (method, path, body, expected) in raw_rows {
        let response = contoso
            .client
            .request(
                Method::from_bytes(method.as_bytes()).unwrap(),
                format!("{}{path}", contoso.base),
            )
            .header("x-csrf-token", token.as_str())
            .header("content-type", FORM)
            .body(body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let text = response.text().await.unwrap();
        assert_eq!(status.as_u16(), expected, "{method} {path} with raw bytes");
        assert!(
            text.contains("<!DOCTYPE html>"),
            "a page explains the refusal"
        );
    }
    assert_eq!(
        app.stored_contact(WWI_OFFICE_365),
        before,
        "no row changed the contact"
    );
    assert_eq!(
        app.subscription_count(),
        subscriptions_before,
        "no row added a subscription"
    );
}
