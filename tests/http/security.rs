//! What an attacker would try: a copied session cookie after sign-out,
//! parallel password guesses, a flood of guesses at many accounts, one
//! provider acting on another provider's subscriptions, and probing other
//! tenants' e-mail addresses.

use diesel::prelude::*;
use futures_util::future::join_all;
use reqwest::StatusCode;
use support_contacts::db::schema::{audit_log, relationships};

use crate::helpers::*;

/// `name=value` of the session cookie a response sets.
fn session_cookie(page: &Page) -> String {
    page.headers
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("sc_session="))
        .and_then(|v| v.split(';').next())
        .expect("the response sets the session cookie")
        .to_owned()
}

/// A client that always sends this cookie and never takes a new one: a
/// copy of a cookie, as a thief would replay it.
fn replaying(base: &str, cookie: &str) -> Browser {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(reqwest::header::COOKIE, cookie.parse().unwrap());
    Browser {
        base: base.to_owned(),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap(),
    }
}

fn audit_count(app: &TestApp, action: &str) -> i64 {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn signing_out_refuses_every_copy_of_the_session_cookie_on_every_server() {
    let app = spawn_app().await;
    let other_server = app.second_server();
    let browser = app.browser();
    let signed_in = browser.sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let cookie = session_cookie(&signed_in);
    let here = replaying(&app.base, &cookie);
    let there = replaying(&other_server, &cookie);

    // Before sign-out the copy works on both servers, and yields a form.
    let path = subscription_path(WWI, WWI_OFFICE_365);
    assert_eq!(here.get("/partner").await.status, StatusCode::OK);
    let form = there.get(&path).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.csrf_token();
    let version = form.values("input[name=version]", "value").pop().unwrap();

    let out = browser
        .post_form(
            "/logout",
            &[("csrf_token", &browser.get("/partner").await.csrf_token())],
        )
        .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);

    // After it, the copy is refused on every server, for reading and writing.
    for copy in [&here, &there] {
        let page = copy.get("/partner").await;
        assert_eq!(page.status, StatusCode::SEE_OTHER);
        assert!(page.location.unwrap().starts_with("/login"));
    }
    let before = app.stored_contact(WWI_OFFICE_365);
    let audit_before = app.audit_rows();
    let write = there
        .post_form(
            &format!("{path}/support-contact"),
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("support_contact", TREY_RESEARCH),
            ],
        )
        .await;
    assert_eq!(write.status, StatusCode::SEE_OTHER);
    assert!(write.location.unwrap().starts_with("/login"));
    assert_eq!(app.stored_contact(WWI_OFFICE_365), before);
    assert_eq!(app.audit_rows(), audit_before);

    // Signing in again works, with a new session.
    let again = app.signed_in(CONTOSO_ADMIN).await;
    assert_eq!(again.get("/partner").await.status, StatusCode::OK);
}

/// The demo behind a trusted proxy, with the metrics listener on.
async fn spawn_observed() -> TestApp {
    spawn_with(|s| {
        s.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
        s.metrics_addr = Some("127.0.0.1:0".parse().unwrap());
    })
    .await
}

/// Passwords hashed so far to check sign-ins.
async fn password_checks(app: &TestApp) -> f64 {
    counter(app, "support_contacts_password_checks_total").await
}

/// Posts the sign-in form many times at once from one browser.
async fn sign_in_all_at_once(browser: &Browser, attempts: &[(String, String)]) -> Vec<Page> {
    let token = browser.get("/login").await.csrf_token();
    join_all(attempts.iter().map(|(email, password)| {
        let token = token.clone();
        async move {
            browser
                .post_form(
                    "/login",
                    &[
                        ("csrf_token", token.as_str()),
                        ("email", email.as_str()),
                        ("password", password.as_str()),
                        ("next", ""),
                    ],
                )
                .await
        }
    }))
    .await
}

#[actix_web::test]
async fn two_hundred_parallel_guesses_get_no_more_password_checks_than_the_limit() {
    let app = spawn_observed().await;
    let attacker = from_address(&app, "203.0.113.9");
    let guesses: Vec<(String, String)> = (0..200)
        .map(|i| (CONTOSO_ADMIN.to_owned(), format!("wrong-guess-{i}")))
        .collect();
    let pages = sign_in_all_at_once(&attacker, &guesses).await;
    let unauthorized = pages
        .iter()
        .filter(|p| p.status == StatusCode::UNAUTHORIZED)
        .count();
    assert!(
        pages.iter().all(|p| matches!(
            p.status,
            StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
        )),
        "every guess is refused"
    );
    // The fifth failure starts the block: at most four plain refusals.
    assert!(
        unauthorized <= 4,
        "{unauthorized} guesses were answered 401"
    );
    let checks = password_checks(&app).await;
    assert!(checks <= 5.0, "{checks} passwords were checked");

    // Guessing on, one at a time, reaches the block at the fifth check in all.
    let mut sequential = 0;
    loop {
        let page = attacker
            .sign_in(CONTOSO_ADMIN, "one-more-guess", None)
            .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
        sequential += 1;
        assert!(sequential <= 5, "never blocked");
    }
    assert_eq!(password_checks(&app).await, 5.0);

    // Blocked: the right password, from the same address, is refused too.
    let right = attacker.sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(right.text().contains("Sign-in is blocked until"));
    assert_eq!(password_checks(&app).await, 5.0, "and not even checked");
    assert_eq!(audit_count(&app, "sign_in.blocked"), 1);

    // The account's owner, elsewhere, is not locked out.
    let office = from_address(&app, "198.51.100.20");
    let signed_in = office.sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn a_flood_of_guesses_at_many_accounts_is_refused_before_hashing_with_bounded_rows() {
    use support_contacts::store::throttle;
    let app = spawn_observed().await;
    let flood = from_address(&app, "203.0.113.66");
    let guesses: Vec<(String, String)> = (0..300)
        .map(|i| {
            (
                format!("nobody-{i}@flood.example"),
                "guess-guess-guess".into(),
            )
        })
        .collect();
    let pages = sign_in_all_at_once(&flood, &guesses).await;
    assert!(pages.iter().all(|p| matches!(
        p.status,
        StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS
    )));
    // At most a few at a time from one address reach the hashing queue.
    let busy = pages
        .iter()
        .filter(|p| p.text().contains("Too many sign-ins at once"))
        .count();
    assert!(busy > 0, "the flood was not held back");
    assert!(password_checks(&app).await <= 50.0);

    // One at a time, the address reaches its limit of 50 failed checks,
    // then is refused before any hashing, whatever the account.
    let mut refused_at = None;
    for i in 0..60 {
        let page = flood
            .sign_in(&format!("someone-{i}@flood.example"), "guess-guess", None)
            .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(
                page.text()
                    .contains("Too many failed sign-ins from your network"),
                "{}",
                page.text()
            );
            refused_at = Some(i);
            break;
        }
        assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    }
    assert!(refused_at.is_some(), "the address was never blocked");
    assert_eq!(password_checks(&app).await, 50.0);
    let right = flood.sign_in(ADATUM_ADMIN, DEMO_PASSWORD, None).await;
    assert_eq!(right.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(password_checks(&app).await, 50.0);

    // One audit row for the whole flood; no row per refusal.
    assert_eq!(audit_count(&app, "sign_in.address_blocked"), 1);
    assert_eq!(audit_count(&app, "sign_in.blocked"), 0);
    let (accounts, addresses) = throttle::row_counts(&mut app.conn()).unwrap();
    assert!(accounts <= 50, "{accounts} rows for accounts");
    assert_eq!(addresses, 1);

    // Everyone else signs in as usual.
    let office = from_address(&app, "198.51.100.20");
    let signed_in = office.sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);

    // Rows whose window and block are over are deleted.
    app.clock.advance(chrono::Duration::minutes(16));
    let later = from_address(&app, "198.51.100.21");
    let signed_in = later.sign_in(ADATUM_ADMIN, DEMO_PASSWORD, None).await;
    assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
    let (accounts, addresses) = throttle::row_counts(&mut app.conn()).unwrap();
    assert_eq!(accounts, 0);
    assert_eq!(addresses, 1, "the address that just signed in");
}

#[actix_web::test]
async fn parallel_guesses_through_two_servers_share_one_count() {
    use support_contacts::db::schema::sign_in_throttle as t;
    let app = spawn_behind_proxy().await;
    let other = app.second_server();
    let here = from_address(&app, "203.0.113.10");
    let mut there = from_address(&app, "203.0.113.10");
    there.base = other;
    let guesses: Vec<(String, String)> = (0..60)
        .map(|i| (ADATUM_ADMIN.to_owned(), format!("wrong-guess-{i}")))
        .collect();
    let both = join_all([
        sign_in_all_at_once(&here, &guesses),
        sign_in_all_at_once(&there, &guesses),
    ])
    .await;
    let unauthorized = both
        .iter()
        .flatten()
        .filter(|p| p.status == StatusCode::UNAUTHORIZED)
        .count();
    assert!(
        unauthorized <= 4,
        "{unauthorized} guesses were answered 401"
    );
    let counted: i32 = t::table
        .filter(t::email.eq(ADATUM_ADMIN))
        .select(t::failures)
        .first(&mut app.conn())
        .unwrap();
    assert!(counted <= 5, "{counted} checks were admitted");
    assert!(audit_count(&app, "sign_in.blocked") <= 1);
}

/// Adatum invites Trey Research to be one of its resellers; Trey accepts.
async fn adatum_gets_trey_as_reseller(app: &TestApp) {
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let list = adatum.get("/partner/resellers").await;
    let made = adatum
        .post_form("/partner/resellers", &[("csrf_token", &list.csrf_token())])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let link = adatum
        .get("/partner/resellers")
        .await
        .values(".flash input.copy", "value")
        .pop()
        .expect("the invitation link");
    let path = link.strip_prefix("http://127.0.0.1").unwrap().to_owned();
    let trey = app.signed_in(TREY_ADMIN).await;
    let page = trey.get(&path).await;
    let accepted = trey
        .post_form(&path, &[("csrf_token", &page.csrf_token())])
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
}

fn relationship_state(app: &TestApp, customer: &str, partner: &str) -> String {
    relationships::table
        .find((customer, partner))
        .select(relationships::state)
        .first(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn rule_6_a_provider_cannot_end_a_reseller_relationship_that_another_provider_uses() {
    let app = spawn_app().await;
    adatum_gets_trey_as_reseller(&app).await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let moved = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);

    // Adatum's confirmation says why it may not, and offers no button.
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let path = format!("/partner/customers/{WWI}/resellers/{TREY_RESEARCH}");
    let confirm = adatum.get(&path).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert!(
        confirm
            .text()
            .contains("also works with Wide World Importers through another provider"),
        "{}",
        confirm.text()
    );
    assert!(
        confirm
            .values(&format!("form[action='{path}']"), "action")
            .is_empty()
    );
    // It reveals nothing of Contoso's subscriptions.
    assert!(!confirm.body.contains(WWI_OFFICE_365));
    assert!(!confirm.text().contains("Office 365 Business Premium"));

    // Posting anyway changes nothing, and reveals nothing.
    let audit_before = app.audit_rows();
    let refused = adatum
        .post_form(&path, &[("csrf_token", &confirm.csrf_token())])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(!refused.body.contains(WWI_OFFICE_365));
    assert_eq!(app.stored_contact(WWI_OFFICE_365).0, TREY_RESEARCH);
    assert_eq!(relationship_state(&app, WWI, TREY_RESEARCH), "active");
    assert_eq!(app.audit_rows(), audit_before);
    let activity = adatum.get("/partner/activity").await;
    assert!(!activity.body.contains(WWI_OFFICE_365));

    // The customer still decides: its admin can remove Trey Research.
    let wwi = app.signed_in(WWI_ADMIN).await;
    let partners = wwi.get("/admin/partners").await;
    assert!(partners.text().contains("Trey Research"));
}

#[actix_web::test]
async fn rule_6_what_the_confirmation_lists_is_exactly_what_goes_back() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    for subscription in [WWI_OFFICE_365, WWI_M365_E3] {
        let moved = submit_contact(&contoso, WWI, subscription, Some(TREY_RESEARCH)).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER);
    }
    let path = format!("/partner/customers/{WWI}/resellers/{TREY_RESEARCH}");
    let confirm = contoso.get(&path).await;
    let prefix = format!("/partner/customers/{WWI}/subscriptions/");
    let mut listed: Vec<String> = confirm
        .values("ul.affected li a", "href")
        .iter()
        .map(|href| href.strip_prefix(&prefix).unwrap().to_owned())
        .collect();
    listed.sort();
    assert_eq!(listed.len(), 2);

    let done = contoso
        .post_form(&path, &[("csrf_token", &confirm.csrf_token())])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let mut reverted: Vec<String> = audit_log::table
        .filter(audit_log::action.eq("support_contact.reverted"))
        .select(audit_log::subscription_id.assume_not_null())
        .load(&mut app.conn())
        .unwrap();
    reverted.sort();
    assert_eq!(reverted, listed);
    for id in &listed {
        assert_eq!(app.stored_contact(id).0, CONTOSO);
    }
    assert_eq!(relationship_state(&app, WWI, TREY_RESEARCH), "removed");
}

/// Adds a user on an organization's Users page (`/partner/users` or
/// `/admin/users`); gives the response and the set-password link shown.
async fn add_user(
    browser: &Browser,
    page: &str,
    email: &str,
    role: &str,
) -> (Page, Option<String>) {
    let list = browser.get(page).await;
    let added = browser
        .post_form(
            page,
            &[
                ("csrf_token", &list.csrf_token()),
                ("name", "New colleague"),
                ("email", email),
                ("role", role),
            ],
        )
        .await;
    let link = match &added.location {
        Some(location) => browser
            .get(location)
            .await
            .values("input.copy", "value")
            .pop()
            .map(|link| link[link.find("/set-password/").unwrap()..].to_owned()),
        None => None,
    };
    (added, link)
}

async fn set_password(app: &TestApp, link: &str, password: &str) {
    let browser = app.browser();
    let form = browser.get(link).await;
    let set = browser
        .post_form(
            link,
            &[
                ("csrf_token", &form.csrf_token()),
                ("password", password),
                ("confirm", password),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.text());
}

#[actix_web::test]
async fn adding_a_user_reveals_no_other_organization_and_takes_no_address_from_it() {
    let app = spawn_app().await;
    let wwi = app.signed_in(WWI_ADMIN).await;
    // An address Adatum uses and one it does not use yet get the same answer.
    let (known, known_link) = add_user(&wwi, "/admin/users", ADATUM_ADMIN, "customer_admin").await;
    let (unused, _) = add_user(
        &wwi,
        "/admin/users",
        "new-hire@adatum-cloud.example",
        "customer_admin",
    )
    .await;
    for page in [&known, &unused] {
        assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.text());
    }
    // The same address twice in one organization is refused, as before.
    let (again, _) = add_user(&wwi, "/admin/users", ADATUM_ADMIN, "customer_admin").await;
    assert!(again.text().contains("exists already"));

    // Adatum still adds the address Wide World Importers added first.
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let (added, link) = add_user(
        &adatum,
        "/partner/users",
        "new-hire@adatum-cloud.example",
        "helpdesk_agent",
    )
    .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.text());
    set_password(&app, &link.unwrap(), "harbour-lights-at-dawn").await;
    let hire = app.browser();
    let signed_in = hire
        .sign_in(
            "new-hire@adatum-cloud.example",
            "harbour-lights-at-dawn",
            None,
        )
        .await;
    assert_eq!(signed_in.location.as_deref(), Some("/partner"));
    assert!(hire.get("/partner").await.text().contains("Adatum Cloud"));

    // Whoever holds Wide World Importers' link for Adatum's admin address
    // gets an account there, and Adatum's admin keeps theirs: each password
    // opens its own organization.
    set_password(&app, &known_link.unwrap(), "a-copied-link-password").await;
    let prober = app.browser();
    let there = prober
        .sign_in(ADATUM_ADMIN, "a-copied-link-password", None)
        .await;
    assert_eq!(there.location.as_deref(), Some("/admin"));
    assert!(
        prober
            .get("/admin")
            .await
            .text()
            .contains("Wide World Importers")
    );
    let owner = app.browser();
    let home = owner.sign_in(ADATUM_ADMIN, DEMO_PASSWORD, None).await;
    assert_eq!(home.location.as_deref(), Some("/partner"));
    assert!(owner.get("/partner").await.text().contains("Adatum Cloud"));
}

#[actix_web::test]
async fn rule_6_what_the_customer_confirms_is_exactly_what_goes_back() {
    let app = spawn_app().await;
    trey_on_legacy_dap_at_wwi(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    for subscription in [WWI_OFFICE_365, WWI_M365_E3] {
        let moved = submit_contact(&contoso, WWI, subscription, Some(TREY_RESEARCH)).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER);
    }
    let wwi = app.signed_in(WWI_ADMIN).await;
    let path = format!("/admin/partners/{TREY_RESEARCH}");
    let confirm = wwi.get(&format!("{path}?action=remove_dap")).await;
    assert_eq!(confirm.status, StatusCode::OK);
    let mut listed = confirm.texts("ul.affected li");
    listed.sort();
    assert_eq!(
        listed,
        [
            "Microsoft 365 E3 (Microsoft 365 E3)",
            "Office 365 Business Premium (Office 365 Business Premium)"
        ]
    );
    let done = wwi
        .post_form(
            &path,
            &[
                ("csrf_token", &confirm.csrf_token()),
                ("action", "remove_dap"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let mut reverted: Vec<String> = audit_log::table
        .filter(audit_log::action.eq("support_contact.reverted"))
        .select(audit_log::subscription_id.assume_not_null())
        .load(&mut app.conn())
        .unwrap();
    reverted.sort();
    let mut expected = vec![WWI_OFFICE_365.to_owned(), WWI_M365_E3.to_owned()];
    expected.sort();
    assert_eq!(reverted, expected);
}

#[actix_web::test]
async fn pages_check_the_session_and_read_in_one_database_hop() {
    let app = spawn_observed().await;
    trey_on_legacy_dap_at_wwi(&app);
    let wwi = app.signed_in(WWI_ADMIN).await;
    let before = db_hops(&app).await;
    let page = wwi.get("/admin/support").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Contoso Distribution"));
    assert!(page.text().contains("Exchange Online"));
    assert_eq!(db_hops(&app).await - before, 1.0);
    let confirm = format!("/admin/partners/{TREY_RESEARCH}?action=remove_dap");
    for path in [
        "/admin",
        "/admin/partners",
        "/admin/users",
        "/admin/activity",
        "/admin/activity?kind=all&from=2026-03-01",
        "/admin/activity.csv?kind=all",
        confirm.as_str(),
    ] {
        let before = db_hops(&app).await;
        assert_eq!(wwi.get(path).await.status, StatusCode::OK, "{path}");
        assert_eq!(db_hops(&app).await - before, 1.0, "{path}");
    }

    // So do the partner's pages.
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    for path in [
        "/partner".to_owned(),
        "/partner/activity".to_owned(),
        "/partner/activity?customer=wide&kind=all&from=2026-03-01".to_owned(),
        "/partner/activity.csv?kind=all".to_owned(),
        "/partner/relationships?customer=wide&access=gdap&sort=-since".to_owned(),
        "/partner/relationships.csv?state=active".to_owned(),
        "/partner/customers?q=wide".to_owned(),
        format!("/partner/customers/{WWI}"),
        subscription_path(WWI, WWI_OFFICE_365),
        "/partner/resellers".to_owned(),
        "/partner/requests".to_owned(),
        "/partner/users".to_owned(),
        "/partner/api-keys".to_owned(),
        format!("/partner/customers/{WWI}/relationship"),
        format!("/partner/customers/{WWI}/resellers/{TREY_RESEARCH}"),
        format!("/partner/resellers/{TREY_RESEARCH}"),
    ] {
        let path = path.as_str();
        let before = db_hops(&app).await;
        let page = contoso.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(db_hops(&app).await - before, 1.0, "{path}");
    }

    // And an assignment: the session check and the change share one hop
    // (the page that carries the form is one more).
    let path = subscription_path(WWI, WWI_OFFICE_365);
    let before = db_hops(&app).await;
    let done = contoso
        .submit(
            &path,
            &format!("{path}/support-contact"),
            &[("support_contact", TREY_RESEARCH)],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(db_hops(&app).await - before, 2.0);
    assert_eq!(app.stored_contact(WWI_OFFICE_365).0, TREY_RESEARCH);

    // A reseller's view of its provider.
    let trey = app.signed_in(TREY_ADMIN).await;
    let before = db_hops(&app).await;
    let provider = trey.get(&format!("/partner/providers/{CONTOSO}")).await;
    assert_eq!(provider.status, StatusCode::OK);
    assert_eq!(db_hops(&app).await - before, 1.0);

    // Every form: the page that carries it is one hop, the POST one more.
    let customer = format!("/partner/customers/{WWI}");
    type Form<'a> = (&'a str, String, Vec<(&'a str, &'a str)>);
    let forms: [Form; 3] = [
        (
            customer.as_str(),
            format!("{customer}/subscriptions"),
            vec![("offer_name", "Visio Plan 2"), ("quantity", "3")],
        ),
        (
            "/partner/requests",
            "/partner/requests".to_owned(),
            vec![
                ("company", "Litware"),
                ("domain", "litware.onmicrosoft.com"),
            ],
        ),
        (
            "/partner/users",
            "/partner/users".to_owned(),
            vec![
                ("name", "Pat Doe"),
                ("email", "pat@contoso-distribution.example"),
                ("role", "helpdesk_agent"),
            ],
        ),
    ];
    let mut made = Vec::new();
    for (page, action, fields) in forms {
        let before = db_hops(&app).await;
        let done = contoso.submit(page, &action, &fields).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{action}");
        assert_eq!(db_hops(&app).await - before, 2.0, "{action}");
        made.push(done.location.expect("a redirect"));
    }
    // What they made: a subscription, a request, a user; each its page.
    for path in &made {
        let before = db_hops(&app).await;
        assert_eq!(contoso.get(path).await.status, StatusCode::OK, "{path}");
        assert_eq!(db_hops(&app).await - before, 1.0, "{path}");
    }
    let request = made[1].as_str();
    let before = db_hops(&app).await;
    let revoked = contoso
        .submit(request, request, &[("action", "revoke")])
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    assert_eq!(db_hops(&app).await - before, 2.0);

    // A customer admin removes a partner's admin privileges.
    let before = db_hops(&app).await;
    let removed = wwi
        .submit(
            &format!("/admin/partners/{TREY_RESEARCH}?action=remove_dap"),
            &format!("/admin/partners/{TREY_RESEARCH}"),
            &[("action", "remove_dap")],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(db_hops(&app).await - before, 2.0);

    // An API request: the key's check and the endpoint's reads share one hop.
    let key = app.api_key(CONTOSO_ADMIN, "Hop counter");
    let before = db_hops(&app).await;
    let answer = reqwest::Client::new()
        .get(format!("{}/v1/profiles/support", app.base))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(db_hops(&app).await - before, 1.0);
}
