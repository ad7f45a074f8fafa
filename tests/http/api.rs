//! The REST API under /v1 and its keys: made and revoked on the page,
//! presented as `Authorization: Bearer`, never a session cookie.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support_contacts::db::schema::{api_keys, audit_log};

use crate::helpers::*;

const KEYS: &str = "/partner/api-keys";

/// What an API client sees: no cookies, no redirects followed.
struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn call(app: &TestApp, method: reqwest::Method, path: &str, auth: Option<&str>) -> Answer {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut request = client.request(method, format!("{}{path}", app.base));
    if let Some(auth) = auth {
        request = request.header("authorization", auth);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    Answer {
        status,
        headers,
        body,
    }
}

async fn get_with_key(app: &TestApp, path: &str, key: &str) -> Answer {
    call(
        app,
        reqwest::Method::GET,
        path,
        Some(&format!("Bearer {key}")),
    )
    .await
}

/// Makes a key on the page as a browser would; the answer shows it once.
async fn make_key(browser: &Browser, name: &str) -> Page {
    let page = browser.get(KEYS).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    browser
        .post_form(
            KEYS,
            &[
                ("csrf_token", &page.csrf_token()),
                ("action", "create"),
                ("name", name),
            ],
        )
        .await
}

/// Makes a key and returns its secret.
async fn new_key(browser: &Browser, name: &str) -> String {
    let made = make_key(browser, name).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let secret = made.values("input.secret", "value");
    assert_eq!(secret.len(), 1, "the new key is shown once: {}", made.body);
    secret[0].clone()
}

async fn revoke(browser: &Browser, id: &str) -> Page {
    let page = browser.get(KEYS).await;
    browser
        .post_form(
            KEYS,
            &[
                ("csrf_token", &page.csrf_token()),
                ("action", "revoke"),
                ("key", id),
            ],
        )
        .await
}

/// (id, name, revoked) of every stored key, oldest first.
fn stored_keys(app: &TestApp) -> Vec<(String, String, bool)> {
    api_keys::table
        .order((api_keys::created_at, api_keys::id))
        .select((
            api_keys::id,
            api_keys::name,
            api_keys::revoked_at.is_not_null(),
        ))
        .load::<(String, String, bool)>(&mut app.conn())
        .unwrap()
        .into_iter()
        .collect()
}

fn key_id_of_name(app: &TestApp, name: &str) -> String {
    api_keys::table
        .filter(api_keys::name.eq(name))
        .select(api_keys::id)
        .first(&mut app.conn())
        .unwrap()
}

/// (actor, action, to partner, detail) of the API key rows of the audit log.
fn key_audit(app: &TestApp) -> Vec<(String, String, Option<String>, String)> {
    audit_log::table
        .filter(audit_log::action.like("api_key.%"))
        .order(audit_log::id)
        .select((
            audit_log::actor_email,
            audit_log::action,
            audit_log::to_partner_tenant_id,
            audit_log::detail,
        ))
        .load(&mut app.conn())
        .unwrap()
}

/// Every cell of the audit log, as text.
fn whole_audit_log(app: &TestApp) -> String {
    type Row = (
        String,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
    );
    let rows: Vec<Row> = audit_log::table
        .select((
            audit_log::actor_email,
            audit_log::partner_tenant_id,
            audit_log::customer_tenant_id,
            audit_log::action,
            audit_log::subscription_id,
            audit_log::from_partner_tenant_id,
            audit_log::to_partner_tenant_id,
            audit_log::detail,
        ))
        .load(&mut app.conn())
        .unwrap();
    format!("{rows:?}")
}

fn contoso_profile() -> Value {
    json!({
        "email": "support@contoso-distribution.example",
        "telephone": "+1 425 555 0100",
        "website": "https://support.contoso-distribution.example",
        "profileType": "support_profile",
    })
}

#[actix_web::test]
async fn an_admin_makes_a_key_on_the_page_and_reads_the_support_profile_with_it() {
    let app = spawn_app().await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;

    let made = make_key(&admin, "  Nightly sync  ").await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    assert_eq!(made.headers["cache-control"], "no-store");
    let secret = made.values("input.secret", "value").pop().unwrap();
    assert!(secret.starts_with("sc_") && secret.len() > 40, "{secret}");
    assert!(made.text().contains(r#"Key "Nightly sync" made"#));
    let row = made.texts("table.api-keys tbody tr");
    assert_eq!(row.len(), 1);
    assert!(
        row[0].starts_with(&format!("Nightly sync {}…", &secret[..11])),
        "{row:?}"
    );
    assert!(
        row[0].contains(&format!(
            "{CONTOSO_ADMIN} 2026-03-02 09:30 UTC by {CONTOSO_ADMIN} Never Active"
        )),
        "{row:?}"
    );

    // Shown once: neither the list nor anything stored holds it.
    let list = admin.get(KEYS).await;
    assert!(!list.body.contains(&secret));
    assert!(list.values("input.secret", "value").is_empty());
    let stored: Vec<(String, String)> = api_keys::table
        .select((api_keys::secret_hash, api_keys::prefix))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert!(!stored[0].0.contains(&secret[3..]) && stored[0].1 == secret[..11]);

    let answer = get_with_key(&app, "/v1/profiles/support", &secret).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.headers["content-type"], "application/json");
    assert_eq!(answer.body, contoso_profile());

    // The page says when it was last used.
    app.clock.advance(chrono::Duration::minutes(3));
    let list = admin.get(KEYS).await;
    let row = list.texts("table.api-keys tbody tr").pop().unwrap();
    assert!(
        row.contains(&format!("by {CONTOSO_ADMIN} 2026-03-02 09:30 UTC Active")),
        "{row}"
    );

    let id = key_id_of_name(&app, "Nightly sync");
    assert_eq!(
        key_audit(&app),
        vec![(
            CONTOSO_ADMIN.to_owned(),
            "api_key.created".to_owned(),
            Some(CONTOSO.to_owned()),
            id
        )]
    );
    assert!(!whole_audit_log(&app).contains(&secret[3..]));
}

#[actix_web::test]
async fn a_name_is_required_and_kept_when_refused() {
    let app = spawn_app().await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let missing = make_key(&admin, "   ").await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.text().contains("Give the key a name."));
    let long = "k".repeat(201);
    let too_long = make_key(&admin, &long).await;
    assert_eq!(too_long.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(too_long.values("input[name=name]", "value"), vec![long]);
    assert!(too_long.values("input.secret", "value").is_empty());
    assert!(stored_keys(&app).is_empty());
    assert!(key_audit(&app).is_empty());
}

fn unauthorized(description: &str) -> Value {
    json!({
        "code": 900401,
        "description": description,
        "data": [],
        "source": "support-contacts",
    })
}

#[actix_web::test]
async fn every_request_without_a_valid_key_is_refused_with_401_as_json() {
    let app = spawn_app().await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let secret = new_key(&admin, "Reporting").await;
    let path = "/v1/profiles/support";

    let missing = "An API key is required: send it as 'Authorization: Bearer <key>'.";
    let malformed = "The Authorization header must be 'Bearer <key>'.";
    let invalid = "The API key is not valid: it is unknown or revoked, or its user is disabled.";
    let cases: Vec<(Option<String>, &str, &str)> = vec![
        (None, missing, r#"Bearer realm="support-contacts""#),
        (Some("Bearer".into()), malformed, "invalid_request"),
        (
            Some(format!("Basic {secret}")),
            malformed,
            "invalid_request",
        ),
        (
            Some(format!("Bearer {secret} extra")),
            malformed,
            "invalid_request",
        ),
        (
            Some(format!("Bearer \"{secret}\"")),
            malformed,
            "invalid_request",
        ),
        (Some(secret.clone()), malformed, "invalid_request"),
        (
            Some("Bearer sc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".into()),
            invalid,
            "invalid_token",
        ),
        (
            Some(format!("Bearer {}x", secret)),
            invalid,
            "invalid_token",
        ),
    ];
    for (auth, description, challenge) in cases {
        let answer = call(&app, reqwest::Method::GET, path, auth.as_deref()).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(answer.body, unauthorized(description), "{auth:?}");
        let www = answer.headers["www-authenticate"].to_str().unwrap();
        assert!(
            www.starts_with("Bearer ") && www.contains(challenge),
            "{auth:?}: {www}"
        );
    }
    // The scheme's case does not matter.
    let lower = call(
        &app,
        reqwest::Method::GET,
        path,
        Some(&format!("bearer {secret}")),
    )
    .await;
    assert_eq!(lower.status, StatusCode::OK);

    // Revoking takes effect at once; revoking again changes nothing.
    assert_eq!(
        get_with_key(&app, path, &secret).await.status,
        StatusCode::OK
    );
    let id = key_id_of_name(&app, "Reporting");
    let revoked = revoke(&admin, &id).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let after = get_with_key(&app, path, &secret).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.body, unauthorized(invalid));
    let list = admin.get(KEYS).await;
    assert!(list.text().contains("API key revoked: it no longer works."));
    assert!(list.text().contains("Revoked 2026-03-02 09:30 UTC"));
    assert!(
        list.values("input[name=key]", "value").is_empty(),
        "no revoke button left"
    );
    assert_eq!(revoke(&admin, &id).await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        stored_keys(&app),
        vec![(id.clone(), "Reporting".into(), true)]
    );
    let actions: Vec<String> = key_audit(&app).into_iter().map(|r| r.1).collect();
    assert_eq!(actions, vec!["api_key.created", "api_key.revoked"]);
    assert_eq!(
        key_audit(&app)[1],
        (
            CONTOSO_ADMIN.to_owned(),
            "api_key.revoked".to_owned(),
            Some(CONTOSO.to_owned()),
            id
        )
    );
    assert!(!whole_audit_log(&app).contains(&secret[3..]));
}

#[actix_web::test]
async fn a_disabled_users_keys_stop_working_and_a_helpdesk_key_reads() {
    let app = spawn_app().await;
    let actor = support_contacts::store::audit::Actor::command_line();
    let now = start_time().naive_utc();
    let (_, made) = support_contacts::app::api_keys::create_as_operator(
        &mut app.conn(),
        &actor,
        HELPDESK,
        None,
        "Helpdesk dashboard",
        now,
    )
    .unwrap();
    let path = "/v1/profiles/support";
    let answer = get_with_key(&app, path, &made.secret).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, contoso_profile());

    // The key acts as its user, with their role: a helpdesk agent's key
    // reads, and the core refuses it every change.
    let holder = support_contacts::app::api_keys::authenticate(&mut app.conn(), &made.secret, now)
        .unwrap()
        .expect("the key opens");
    assert_eq!(holder.user.email, HELPDESK);
    assert!(matches!(
        support_contacts::app::api_keys::create(&mut app.conn(), holder.caller(), "More", now),
        Err(support_contacts::app::Error::Forbidden)
    ));
    assert!(matches!(
        support_contacts::app::invitations::create(&mut app.conn(), holder.caller(), now),
        Err(support_contacts::app::Error::Forbidden)
    ));

    support_contacts::app::users::set_disabled(&mut app.conn(), &actor, HELPDESK, None, true, now)
        .unwrap();
    let refused = get_with_key(&app, path, &made.secret).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.body["code"], 900401);

    support_contacts::app::users::set_disabled(&mut app.conn(), &actor, HELPDESK, None, false, now)
        .unwrap();
    assert_eq!(
        get_with_key(&app, path, &made.secret).await.status,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn a_session_cookie_means_nothing_on_v1_and_v1_needs_no_csrf_token() {
    let app = spawn_app().await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    // Signed in, the browser's cookie is no key.
    let with_cookie = admin.get("/v1/profiles/support").await;
    assert_eq!(with_cookie.status, StatusCode::UNAUTHORIZED);
    let body: Value = serde_json::from_str(&with_cookie.body).unwrap();
    assert_eq!(body["code"], 900401);
    assert!(with_cookie.headers.get("set-cookie").is_none());

    // No CSRF token is asked for: the answers are the API's, as JSON.
    let post = admin.post_form("/v1/profiles/support", &[("x", "1")]).await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED, "{}", post.body);
    assert_eq!(post.headers["allow"], "GET, PUT");
    let body: Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(
        body,
        json!({
            "code": 900405,
            "description": "This path does not answer this method.",
            "data": [],
            "source": "support-contacts",
        })
    );
    let unknown = call(&app, reqwest::Method::GET, "/v1/nothing/here", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.body["code"], 900404);
    // The pages still ask for one.
    let page_post = admin.post_form(KEYS, &[("name", "No token")]).await;
    assert_eq!(page_post.status, StatusCode::FORBIDDEN);
    assert!(stored_keys(&app).is_empty());
}

#[actix_web::test]
async fn a_helpdesk_agent_sees_the_keys_and_makes_or_revokes_none() {
    let app = spawn_app().await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let secret = new_key(&admin, "Admin's script").await;
    let id = key_id_of_name(&app, "Admin's script");
    let audit_before = key_audit(&app);

    let helpdesk = app.signed_in(HELPDESK).await;
    let page = helpdesk.get(KEYS).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Admin's script"));
    assert!(
        page.text()
            .contains("Only admin agents make and revoke keys.")
    );
    assert!(
        page.values("input[name=name]", "value").is_empty(),
        "no form to make one"
    );
    assert!(
        page.values("input[name=key]", "value").is_empty(),
        "no revoke button"
    );

    let token = page.csrf_token();
    let create = helpdesk
        .post_form(
            KEYS,
            &[
                ("csrf_token", &token),
                ("action", "create"),
                ("name", "Mine"),
            ],
        )
        .await;
    assert_eq!(create.status, StatusCode::FORBIDDEN);
    let revoke = helpdesk
        .post_form(
            KEYS,
            &[("csrf_token", &token), ("action", "revoke"), ("key", &id)],
        )
        .await;
    assert_eq!(revoke.status, StatusCode::FORBIDDEN);

    assert_eq!(
        stored_keys(&app),
        vec![(id, "Admin's script".into(), false)]
    );
    assert_eq!(key_audit(&app), audit_before);
    let answer = get_with_key(&app, "/v1/profiles/support", &secret).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[actix_web::test]
async fn a_key_sees_only_its_own_partner_and_partners_see_only_their_keys() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let contoso_key = new_key(&contoso, "Contoso sync").await;
    let adatum_key = new_key(&adatum, "Adatum sync").await;

    let path = "/v1/profiles/support";
    assert_eq!(
        get_with_key(&app, path, &contoso_key).await.body,
        contoso_profile()
    );
    assert_eq!(
        get_with_key(&app, path, &adatum_key).await.body,
        json!({
            "email": "support@adatum-cloud.example",
            "telephone": "+44 20 7946 0321",
            "website": "https://support.adatum-cloud.example",
            "profileType": "support_profile",
        })
    );

    let adatum_page = adatum.get(KEYS).await;
    assert!(adatum_page.text().contains("Adatum sync"));
    assert!(!adatum_page.text().contains("Contoso sync"));
    assert!(!adatum_page.text().contains(CONTOSO_ADMIN));

    // Another partner's key is not there to revoke.
    let contoso_id = key_id_of_name(&app, "Contoso sync");
    let refused = revoke(&adatum, &contoso_id).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(
        get_with_key(&app, path, &contoso_key).await.status,
        StatusCode::OK
    );
    let revoked: Vec<bool> = stored_keys(&app).into_iter().map(|k| k.2).collect();
    assert_eq!(revoked, vec![false, false]);
}

fn last_used(app: &TestApp) -> Option<chrono::NaiveDateTime> {
    api_keys::table
        .select(api_keys::last_used_at)
        .first(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn the_last_use_is_written_at_most_once_a_minute() {
    let app = spawn_app().await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let secret = new_key(&admin, "Busy script").await;
    let path = "/v1/profiles/support";
    assert_eq!(last_used(&app), None);

    let t0 = start_time().naive_utc();
    assert_eq!(
        get_with_key(&app, path, &secret).await.status,
        StatusCode::OK
    );
    assert_eq!(last_used(&app), Some(t0));

    app.clock.advance(chrono::Duration::seconds(30));
    assert_eq!(
        get_with_key(&app, path, &secret).await.status,
        StatusCode::OK
    );
    app.clock.advance(chrono::Duration::seconds(29));
    assert_eq!(
        get_with_key(&app, path, &secret).await.status,
        StatusCode::OK
    );
    assert_eq!(last_used(&app), Some(t0), "not again within the minute");

    app.clock.advance(chrono::Duration::seconds(2));
    assert_eq!(
        get_with_key(&app, path, &secret).await.status,
        StatusCode::OK
    );
    assert_eq!(last_used(&app), Some(t0 + chrono::Duration::seconds(61)));
}

#[actix_web::test]
async fn the_openapi_document_needs_no_key_and_names_every_route() {
    let app = spawn_app().await;
    for auth in [None, Some("Bearer sc_not_a_key"), Some("Basic x")] {
        let doc = call(&app, reqwest::Method::GET, "/v1/openapi.json", auth).await;
        assert_eq!(doc.status, StatusCode::OK, "{auth:?}");
        assert!(
            doc.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
        assert!(doc.body["openapi"].as_str().unwrap().starts_with("3."));
        for (path, methods) in support_contacts::api::ROUTES {
            for method in *methods {
                assert!(
                    doc.body["paths"][path].get(method).is_some(),
                    "{method} {path} is not in the document"
                );
            }
        }
    }
    let post = call(&app, reqwest::Method::POST, "/v1/openapi.json", None).await;
    assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(post.headers["allow"], "GET");
}
