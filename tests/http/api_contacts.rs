//! The API's subscriptions and support contacts: Partner Center's shapes,
//! the ETag and `If-Match`, rule 2 through the core, and every refusal in
//! Partner Center's error shape with nothing changed.

use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support_contacts::db::schema::{audit_log, subscriptions};
use support_contacts::demo::{ALPINE_SKI_HOUSE, COHO_BUSINESS_BASIC, COHO_VINEYARD};

use crate::helpers::*;

/// Alpine Ski House's one subscription: Contoso's, resold and supported by Trey Research.
const ALPINE_SUBSCRIPTION: &str = "b0b00000-0000-4000-8000-000000000000";
const TREY_MPN: &str = "4391507";
const CONTOSO_MPN: &str = "5120481";

/// What an API client sees.
struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Answer {
    fn etag(&self) -> String {
        self.headers
            .get("etag")
            .expect("an ETag header")
            .to_str()
            .unwrap()
            .to_owned()
    }
}

/// A key for a demo user, made as an operator does on the command line.
fn key_for(app: &TestApp, email: &str) -> String {
    app.api_key(email, "API tests")
}

/// A request with optional key, headers and body (content type, bytes).
async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    key: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<(&str, Vec<u8>)>,
) -> Answer {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut request = client.request(method, format!("{}{path}", app.base));
    if let Some(key) = key {
        request = request.bearer_auth(key);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some((content_type, bytes)) = body {
        if !content_type.is_empty() {
            request = request.header("content-type", content_type);
        }
        request = request.body(bytes);
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

async fn get(app: &TestApp, path: &str, key: &str) -> Answer {
    send(app, Method::GET, path, Some(key), &[], None).await
}

async fn put(app: &TestApp, path: &str, key: &str, if_match: Option<&str>, body: Value) -> Answer {
    let headers: Vec<(&str, &str)> = if_match.map(|m| ("if-match", m)).into_iter().collect();
    send(
        app,
        Method::PUT,
        path,
        Some(key),
        &headers,
        Some(("application/json", body.to_string().into_bytes())),
    )
    .await
}

fn subscriptions_of(customer: &str) -> String {
    format!("/v1/customers/{customer}/subscriptions")
}

fn subscription(customer: &str, id: &str) -> String {
    format!("/v1/customers/{customer}/subscriptions/{id}")
}

fn contact_path(customer: &str, id: &str) -> String {
    format!("/v1/customers/{customer}/subscriptions/{id}/supportcontact")
}

fn etag(id: &str, version: i32) -> String {
    format!("\"{id}.{version}\"")
}

fn support_contact(customer: &str, id: &str, tenant: &str, mpn: &str, name: &str) -> Value {
    json!({
        "supportTenantId": tenant,
        "supportMpnId": mpn,
        "name": name,
        "links": {
            "self": {
                "uri": contact_path(customer, id),
                "method": "GET",
                "headers": [],
            }
        },
        "attributes": {"objectType": "SupportContact"},
    })
}

fn contoso_contact(customer: &str, id: &str) -> Value {
    support_contact(customer, id, CONTOSO, CONTOSO_MPN, "Contoso Distribution")
}

fn trey_contact(customer: &str, id: &str) -> Value {
    support_contact(customer, id, TREY_RESEARCH, TREY_MPN, "Trey Research")
}

fn error(code: u32, description: &str) -> Value {
    json!({
        "code": code,
        "description": description,
        "data": [],
        "source": "support-contacts",
    })
}

/// Every subscription row and every audit row, to compare before and after.
fn state(app: &TestApp) -> String {
    let subs: Vec<(String, String, i32, String, chrono::NaiveDateTime)> = subscriptions::table
        .order(subscriptions::id)
        .select((
            subscriptions::id,
            subscriptions::support_contact_tenant_id,
            subscriptions::version,
            subscriptions::status,
            subscriptions::updated_at,
        ))
        .load(&mut app.conn())
        .unwrap();
    type AuditRow = (
        i32,
        String,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
    );
    let audit: Vec<AuditRow> = audit_log::table
        .order(audit_log::id)
        .select((
            audit_log::id,
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
    format!("{subs:?}\n{audit:?}")
}

/// (actor, partner, customer, action, subscription, from, to, detail) of
/// the support-contact changes, oldest first.
type Change = (
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

fn changes_of(app: &TestApp, id: &str) -> Vec<Change> {
    audit_log::table
        .filter(audit_log::action.eq("support_contact.changed"))
        .filter(audit_log::subscription_id.eq(id))
        .order(audit_log::id)
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
        .unwrap()
}

fn contact_of(app: &TestApp, id: &str) -> (String, i32) {
    subscriptions::table
        .find(id)
        .select((
            subscriptions::support_contact_tenant_id,
            subscriptions::version,
        ))
        .first(&mut app.conn())
        .unwrap()
}

fn wwi_subscription(id: &str, name: &str, quantity: i32, version: i32) -> Value {
    json!({
        "id": id,
        "offerId": "",
        "offerName": name,
        "friendlyName": name,
        "quantity": quantity,
        "unitType": "Licenses",
        "creationDate": "2026-03-02T09:30:00Z",
        "status": "active",
        "partnerId": "",
        "autoRenewEnabled": true,
        "billingType": "license",
        "attributes": {"etag": etag(id, version), "objectType": "Subscription"},
    })
}

#[actix_web::test]
async fn subscriptions_come_as_partner_centers_collection_and_resource() {
    let app = spawn_app().await;
    let key = key_for(&app, CONTOSO_ADMIN);

    let list = get(&app, &subscriptions_of(WWI), &key).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.headers["content-type"], "application/json");
    assert_eq!(list.headers["cache-control"], "no-store");
    assert_eq!(
        list.body,
        json!({
            "totalCount": 2,
            "items": [
                wwi_subscription(WWI_M365_E3, "Microsoft 365 E3", 40, 1),
                wwi_subscription(WWI_OFFICE_365, "Office 365 Business Premium", 25, 1),
            ],
            "attributes": {"objectType": "Collection"},
        })
    );

    let one = get(&app, &subscription(WWI, WWI_OFFICE_365), &key).await;
    assert_eq!(one.status, StatusCode::OK);
    assert_eq!(
        one.body,
        wwi_subscription(WWI_OFFICE_365, "Office 365 Business Premium", 25, 1)
    );
    assert_eq!(one.etag(), one.body["attributes"]["etag"]);

    // partnerId is the reseller of record's MPN id; the contact's change
    // moved the version.
    let alpine = get(
        &app,
        &subscription(ALPINE_SKI_HOUSE, ALPINE_SUBSCRIPTION),
        &key,
    )
    .await;
    assert_eq!(alpine.status, StatusCode::OK);
    assert_eq!(
        alpine.body,
        json!({
            "id": ALPINE_SUBSCRIPTION,
            "offerId": "",
            "offerName": "Microsoft 365 Business Standard",
            "friendlyName": "Microsoft 365 Business Standard",
            "quantity": 5,
            "unitType": "Licenses",
            "creationDate": "2026-03-02T09:30:00Z",
            "status": "active",
            "partnerId": TREY_MPN,
            "autoRenewEnabled": true,
            "billingType": "license",
            "attributes": {"etag": etag(ALPINE_SUBSCRIPTION, 2), "objectType": "Subscription"},
        })
    );
    assert_eq!(alpine.etag(), etag(ALPINE_SUBSCRIPTION, 2));

    // Ids in any spelling, as Partner Center takes them.
    let upper = get(
        &app,
        &subscription(&WWI.to_uppercase(), &WWI_OFFICE_365.to_uppercase()),
        &key,
    )
    .await;
    assert_eq!(upper.status, StatusCode::OK);
    assert_eq!(upper.body, one.body);

    // A reseller sees what it resells or supports.
    let trey = key_for(&app, TREY_ADMIN);
    let at_alpine = get(&app, &subscriptions_of(ALPINE_SKI_HOUSE), &trey).await;
    assert_eq!(at_alpine.body["totalCount"], 1);
    assert_eq!(at_alpine.body["items"][0], alpine.body);
    let at_wwi = get(&app, &subscriptions_of(WWI), &trey).await;
    assert_eq!(
        at_wwi.body,
        json!({"totalCount": 0, "items": [], "attributes": {"objectType": "Collection"}})
    );
}

#[actix_web::test]
async fn the_support_contact_comes_as_partner_centers_resource() {
    let app = spawn_app().await;
    let key = key_for(&app, CONTOSO_ADMIN);
    let answer = get(&app, &contact_path(WWI, WWI_OFFICE_365), &key).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body, contoso_contact(WWI, WWI_OFFICE_365));
    assert_eq!(answer.etag(), etag(WWI_OFFICE_365, 1));

    let alpine = get(
        &app,
        &contact_path(ALPINE_SKI_HOUSE, ALPINE_SUBSCRIPTION),
        &key,
    )
    .await;
    assert_eq!(
        alpine.body,
        trey_contact(ALPINE_SKI_HOUSE, ALPINE_SUBSCRIPTION)
    );
    // The supporting reseller and a helpdesk agent read it too.
    for email in [TREY_ADMIN, HELPDESK] {
        let other = key_for(&app, email);
        let seen = get(
            &app,
            &contact_path(ALPINE_SKI_HOUSE, ALPINE_SUBSCRIPTION),
            &other,
        )
        .await;
        assert_eq!(seen.status, StatusCode::OK, "{email}");
        assert_eq!(seen.body, alpine.body, "{email}");
    }
}

#[actix_web::test]
async fn a_put_with_the_etag_it_read_changes_the_contact_and_an_old_one_is_412() {
    let app = spawn_app().await;
    let key = key_for(&app, CONTOSO_ADMIN);
    let path = contact_path(WWI, WWI_OFFICE_365);

    let read = get(&app, &subscription(WWI, WWI_OFFICE_365), &key).await;
    let first = read.etag();
    assert_eq!(first, read.body["attributes"]["etag"]);

    // PascalCase, as Partner Center's SDKs send it, with the read-only
    // members they send back and anything else: ignored.
    let changed = put(
        &app,
        &path,
        &key,
        Some(&first),
        json!({
            "SupportTenantId": TREY_RESEARCH,
            "SupportMpnId": "not looked at when a tenant id is given",
            "Name": "Not Trey's name",
            "Links": {"Self": {"Uri": "/elsewhere", "Method": "DELETE", "Headers": []}},
            "links": {"self": {"uri": "/elsewhere", "method": "DELETE", "headers": []}},
            "Attributes": {"ObjectType": "Something"},
            "attributes": {"objectType": "Something", "etag": "x"},
            "Unknown": [1, 2, 3],
        }),
    )
    .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.body);
    assert_eq!(changed.body, trey_contact(WWI, WWI_OFFICE_365));
    let second = changed.etag();
    assert_ne!(second, first);
    assert_eq!(second, etag(WWI_OFFICE_365, 2));
    let again = get(&app, &subscription(WWI, WWI_OFFICE_365), &key).await;
    assert_eq!(again.body["attributes"]["etag"], second.as_str());
    assert_eq!(
        get(&app, &path, &key).await.body,
        trey_contact(WWI, WWI_OFFICE_365)
    );

    // The same audit row as the page writes: compare with a change made on
    // the subscription page.
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let page = submit_contact(&admin, WWI, WWI_M365_E3, Some(TREY_RESEARCH)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let by_api = changes_of(&app, WWI_OFFICE_365);
    let mut by_page = changes_of(&app, WWI_M365_E3);
    assert_eq!(by_page.len(), 1);
    by_page[0].4 = Some(WWI_OFFICE_365.to_owned());
    assert_eq!(by_api, by_page);
    assert_eq!(
        by_api,
        vec![(
            CONTOSO_ADMIN.to_owned(),
            Some(CONTOSO.to_owned()),
            Some(WWI.to_owned()),
            "support_contact.changed".to_owned(),
            Some(WWI_OFFICE_365.to_owned()),
            Some(CONTOSO.to_owned()),
            Some(TREY_RESEARCH.to_owned()),
            String::new(),
        )]
    );

    // The ETag read before the change no longer matches: nothing changes.
    let before = state(&app);
    let stale = put(
        &app,
        &path,
        &key,
        Some(&first),
        json!({"supportTenantId": CONTOSO}),
    )
    .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        stale.body,
        error(
            900412,
            "It changed since the ETag in If-Match was read: read it again and retry with its new ETag."
        )
    );
    for other in [
        "\"nonsense\"",
        "W/\"a1b2c3d4-0001-4000-8000-0000000000a1.2\"",
        &etag(WWI_M365_E3, 2),
        "",
    ] {
        let refused = put(
            &app,
            &path,
            &key,
            Some(other),
            json!({"supportTenantId": CONTOSO}),
        )
        .await;
        assert_eq!(refused.status, StatusCode::PRECONDITION_FAILED, "{other}");
    }
    assert_eq!(state(&app), before);

    // camelCase, by MPN id, with the current ETag among others.
    let list = format!("\"other\", {second}");
    let back = put(
        &app,
        &path,
        &key,
        Some(&list),
        json!({"supportMpnId": CONTOSO_MPN, "name": "ignored"}),
    )
    .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.body);
    assert_eq!(back.body, contoso_contact(WWI, WWI_OFFICE_365));
    assert_eq!(back.etag(), etag(WWI_OFFICE_365, 3));

    // Without If-Match, or with `*`, it applies to the current version.
    let unconditional = put(
        &app,
        &path,
        &key,
        None,
        json!({"supportTenantId": TREY_RESEARCH}),
    )
    .await;
    assert_eq!(
        unconditional.status,
        StatusCode::OK,
        "{}",
        unconditional.body
    );
    assert_eq!(unconditional.etag(), etag(WWI_OFFICE_365, 4));
    let any = put(
        &app,
        &path,
        &key,
        Some("*"),
        json!({"SupportTenantId": CONTOSO}),
    )
    .await;
    assert_eq!(any.status, StatusCode::OK, "{}", any.body);
    assert_eq!(any.etag(), etag(WWI_OFFICE_365, 5));

    // The contact it already has: nothing to change, nothing audited.
    let before = state(&app);
    let same = put(
        &app,
        &path,
        &key,
        Some(&any.etag()),
        json!({"supportTenantId": CONTOSO}),
    )
    .await;
    assert_eq!(same.status, StatusCode::OK);
    assert_eq!(same.body, contoso_contact(WWI, WWI_OFFICE_365));
    assert_eq!(same.etag(), any.etag());
    assert_eq!(state(&app), before);
    assert_eq!(changes_of(&app, WWI_OFFICE_365).len(), 4);
}

#[actix_web::test]
async fn a_status_change_moves_the_etag() {
    let app = spawn_app().await;
    let key = key_for(&app, CONTOSO_ADMIN);
    let read = get(&app, &subscription(WWI, WWI_OFFICE_365), &key).await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let suspended = admin
        .submit(
            &subscription_path(WWI, WWI_OFFICE_365),
            &format!("{}/status", subscription_path(WWI, WWI_OFFICE_365)),
            &[("status", "suspended"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(
        suspended.status,
        StatusCode::SEE_OTHER,
        "{}",
        suspended.body
    );
    let after = get(&app, &subscription(WWI, WWI_OFFICE_365), &key).await;
    assert_eq!(after.body["status"], "suspended");
    assert_ne!(after.etag(), read.etag());
    let stale = put(
        &app,
        &contact_path(WWI, WWI_OFFICE_365),
        &key,
        Some(&read.etag()),
        json!({"supportTenantId": TREY_RESEARCH}),
    )
    .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(contact_of(&app, WWI_OFFICE_365).0, CONTOSO);
}

#[actix_web::test]
async fn puts_without_if_match_at_once_all_apply_one_after_the_other() {
    let app = spawn_app().await;
    let key = key_for(&app, CONTOSO_ADMIN);
    let path = contact_path(WWI, WWI_OFFICE_365);
    let bodies: Vec<Value> = (0..8)
        .map(|i| {
            let to = if i % 2 == 0 { TREY_RESEARCH } else { CONTOSO };
            json!({"supportTenantId": to})
        })
        .collect();
    let answers =
        futures_util::future::join_all(bodies.into_iter().map(|b| put(&app, &path, &key, None, b)))
            .await;
    for answer in &answers {
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    }
    let (contact, version) = contact_of(&app, WWI_OFFICE_365);
    let changes = changes_of(&app, WWI_OFFICE_365);
    assert_eq!(version, 1 + changes.len() as i32);
    assert_eq!(changes.last().unwrap().6.as_deref(), Some(contact.as_str()));
    // Each change starts from the contact the one before left.
    let mut from = CONTOSO.to_owned();
    for change in &changes {
        assert_eq!(change.5.as_deref(), Some(from.as_str()));
        from = change.6.clone().unwrap();
    }
}

#[actix_web::test]
async fn a_customer_without_a_relationship_is_20002_whether_or_not_it_exists() {
    let app = spawn_app().await;
    let key = key_for(&app, CONTOSO_ADMIN);
    let before = state(&app);
    let refused = error(20002, "The partner has no relationship with this customer.");
    let nowhere = "0badc0de-0000-4000-8000-000000000000";
    for customer in [COHO_VINEYARD, nowhere, "not-a-guid"] {
        for sub in [COHO_BUSINESS_BASIC, WWI_OFFICE_365, nowhere, "not-a-guid"] {
            let paths = [subscription(customer, sub), contact_path(customer, sub)];
            for path in paths {
                let answer = get(&app, &path, &key).await;
                assert_eq!(answer.status, StatusCode::FORBIDDEN, "{path}");
                assert_eq!(answer.body, refused, "{path}");
                let changed = put(
                    &app,
                    &contact_path(customer, sub),
                    &key,
                    None,
                    json!({"supportTenantId": CONTOSO}),
                )
                .await;
                assert_eq!(changed.status, StatusCode::FORBIDDEN, "{path}");
                assert_eq!(changed.body, refused, "{path}");
            }
        }
        let list = get(&app, &subscriptions_of(customer), &key).await;
        assert_eq!(list.status, StatusCode::FORBIDDEN);
        assert_eq!(list.body, refused);
    }
    assert_eq!(state(&app), before);
}

#[actix_web::test]
async fn another_partners_subscription_at_a_related_customer_is_404() {
    let app = spawn_app().await;
    // Adatum works with Wide World Importers but sells only Exchange there.
    let adatum = key_for(&app, ADATUM_ADMIN);
    let contoso = key_for(&app, CONTOSO_ADMIN);
    let before = state(&app);
    let not_found = error(900404, "Not found.");
    let nowhere = "0badc0de-0000-4000-8000-000000000000";
    for sub in [WWI_OFFICE_365, WWI_M365_E3, nowhere, "not-a-guid"] {
        for path in [subscription(WWI, sub), contact_path(WWI, sub)] {
            let answer = get(&app, &path, &adatum).await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
            assert_eq!(answer.body, not_found, "{path}");
        }
        let changed = put(
            &app,
            &contact_path(WWI, sub),
            &adatum,
            Some("*"),
            json!({"supportTenantId": ADATUM}),
        )
        .await;
        assert_eq!(changed.status, StatusCode::NOT_FOUND, "{sub}");
        assert_eq!(changed.body, not_found, "{sub}");
    }
    let list = get(&app, &subscriptions_of(WWI), &adatum).await;
    let ids: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![WWI_EXCHANGE]);
    // And the other way round: Contoso does not reach Adatum's.
    let answer = get(&app, &contact_path(WWI, WWI_EXCHANGE), &contoso).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    let changed = put(
        &app,
        &contact_path(WWI, WWI_EXCHANGE),
        &contoso,
        None,
        json!({"supportTenantId": CONTOSO}),
    )
    .await;
    assert_eq!(changed.status, StatusCode::NOT_FOUND);
    let coho = get(&app, &subscriptions_of(COHO_VINEYARD), &adatum).await;
    assert_eq!(coho.body["totalCount"], 1);
    assert_eq!(state(&app), before);
}

#[actix_web::test]
async fn a_contact_that_names_no_partner_is_800015_and_an_ineligible_one_800016_with_the_reason() {
    let app = spawn_app().await;
    let key = key_for(&app, CONTOSO_ADMIN);
    let path = contact_path(WWI, WWI_OFFICE_365);
    let before = state(&app);

    let unknown_tenant = error(800015, "No partner has this supportTenantId.");
    let unknown_mpn = error(800015, "No partner has this supportMpnId.");
    let cases = [
        (
            json!({"SupportTenantId": "0badc0de-0000-4000-8000-000000000000"}),
            &unknown_tenant,
        ),
        // A customer is no partner.
        (json!({"supportTenantId": WWI}), &unknown_tenant),
        (json!({"SupportMpnId": "0000000"}), &unknown_mpn),
        (
            json!({"supportMpnId": "0000000", "supportTenantId": null}),
            &unknown_mpn,
        ),
    ];
    for (body, expected) in cases {
        let answer = put(&app, &path, &key, None, body.clone()).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(&answer.body, expected, "{body}");
    }

    let not_eligible = |description: &str| error(800016, description);
    let cases = [
        (
            FABRIKAM,
            not_eligible(
                "Fabrikam Solutions (MPN 5102934) is not an eligible indirect reseller for this subscription: \
                 its relationship with Wide World Importers has no delegated access: neither delegated \
                 admin privileges nor an active granular delegated admin (GDAP) relationship. \
                 What to do: have Fabrikam Solutions ask Wide World Importers for a GDAP relationship \
                 from its GDAP page; once a customer admin approves it, Fabrikam Solutions appears in the list.",
            ),
        ),
        (
            NORTHWIND,
            not_eligible(
                "Northwind Traders (MPN 6283015) is not an eligible indirect reseller for this subscription: \
                 no reseller relationship with Wide World Importers. \
                 What to do: have Northwind Traders send Wide World Importers a reseller relationship request \
                 that includes delegated admin privileges; once a customer admin accepts it, \
                 Northwind Traders appears in the list.",
            ),
        ),
        (
            PROSEWARE,
            not_eligible(
                "Proseware Partners (MPN 6730218) is not an eligible indirect reseller for this subscription: \
                 not authorized under you. Its authorization of Contoso Distribution as its indirect provider \
                 has ended. What to do: ask Proseware Partners to authorize you again as its indirect provider.",
            ),
        ),
        (
            ADATUM,
            not_eligible(
                "That partner cannot be this subscription's designated support contact: only you and your \
                 resellers with delegated admin privileges for Wide World Importers can. Nothing was changed.",
            ),
        ),
    ];
    for (partner, expected) in cases {
        let answer = put(&app, &path, &key, None, json!({"SupportTenantId": partner})).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{partner}");
        assert_eq!(answer.body, expected, "{partner}");
    }
    // By MPN id, the same.
    let by_mpn = put(&app, &path, &key, None, json!({"supportMpnId": "5102934"})).await;
    assert_eq!(by_mpn.status, StatusCode::BAD_REQUEST);
    assert_eq!(by_mpn.body["code"], 800016);
    assert_eq!(state(&app), before);
}

#[actix_web::test]
async fn a_helpdesk_key_reads_and_changes_nothing_nor_does_a_reseller_that_only_supports() {
    let app = spawn_app().await;
    let helpdesk = key_for(&app, HELPDESK);
    let trey = key_for(&app, TREY_ADMIN);
    let path = contact_path(WWI, WWI_OFFICE_365);
    let before = state(&app);
    let read = get(&app, &path, &helpdesk).await;
    assert_eq!(read.status, StatusCode::OK);
    let refused = error(900403, "This key's user may not do this.");
    for if_match in [None, Some(read.etag())] {
        let answer = put(
            &app,
            &path,
            &helpdesk,
            if_match.as_deref(),
            json!({"SupportTenantId": TREY_RESEARCH}),
        )
        .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN);
        assert_eq!(answer.body, refused);
    }
    // Trey Research supports Alpine Ski House's subscription; only its
    // provider chooses the contact.
    let answer = put(
        &app,
        &contact_path(ALPINE_SKI_HOUSE, ALPINE_SUBSCRIPTION),
        &trey,
        None,
        json!({"SupportTenantId": CONTOSO}),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(answer.body, refused);
    assert_eq!(state(&app), before);
}

#[actix_web::test]
async fn bodies_that_cannot_be_read_are_400_415_413_and_a_missing_key_401_first() {
    let app = spawn_app().await;
    let key = key_for(&app, CONTOSO_ADMIN);
    let path = contact_path(WWI, WWI_OFFICE_365);
    let before = state(&app);
    let json_type = "application/json";
    let cases: Vec<(&str, Vec<u8>, StatusCode, Value)> = vec![
        (
            json_type,
            b"{\"SupportTenantId\": ".to_vec(),
            StatusCode::BAD_REQUEST,
            error(
                900400,
                "The body cannot be read: it is not valid JSON (EOF while parsing a value at line 1 column 20).",
            ),
        ),
        (
            json_type,
            Vec::new(),
            StatusCode::BAD_REQUEST,
            error(
                900400,
                "The body cannot be read: it is empty; send a JSON object.",
            ),
        ),
        (
            json_type,
            format!("[\"{TREY_RESEARCH}\"]").into_bytes(),
            StatusCode::BAD_REQUEST,
            error(900400, "The body cannot be read: it must be a JSON object."),
        ),
        (
            json_type,
            b"{\"SupportTenantId\": 42}".to_vec(),
            StatusCode::BAD_REQUEST,
            error(
                900400,
                "The body cannot be read: SupportTenantId must be a string.",
            ),
        ),
        (
            json_type,
            format!(
                "{{\"SupportTenantId\": \"{TREY_RESEARCH}\", \"supportTenantId\": \"{CONTOSO}\"}}"
            )
            .into_bytes(),
            StatusCode::BAD_REQUEST,
            error(
                900400,
                "The body cannot be read: SupportTenantId and supportTenantId differ.",
            ),
        ),
        (
            json_type,
            b"{\"SupportTenantId\": \"trey\"}".to_vec(),
            StatusCode::BAD_REQUEST,
            error(
                900400,
                "supportTenantId is not acceptable: it is not a GUID.",
            ),
        ),
        (
            json_type,
            b"{\"Name\": \"Trey Research\"}".to_vec(),
            StatusCode::BAD_REQUEST,
            error(
                900400,
                "the body is not acceptable: name the support contact by supportTenantId or supportMpnId.",
            ),
        ),
        (
            "text/plain",
            format!("{{\"SupportTenantId\": \"{TREY_RESEARCH}\"}}").into_bytes(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            error(
                900415,
                "Send the body as JSON, with 'Content-Type: application/json'.",
            ),
        ),
        (
            "application/x-www-form-urlencoded",
            format!("SupportTenantId={TREY_RESEARCH}").into_bytes(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            error(
                900415,
                "Send the body as JSON, with 'Content-Type: application/json'.",
            ),
        ),
        (
            "",
            format!("{{\"SupportTenantId\": \"{TREY_RESEARCH}\"}}").into_bytes(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            error(
                900415,
                "Send the body as JSON, with 'Content-Type: application/json'.",
            ),
        ),
        (
            json_type,
            format!(
                "{{\"SupportTenantId\": \"{TREY_RESEARCH}\", \"padding\": \"{}\"}}",
                "x".repeat(16 * 1024)
            )
            .into_bytes(),
            StatusCode::PAYLOAD_TOO_LARGE,
            error(900413, "The request body is too large: at most 16 KiB."),
        ),
    ];
    for (content_type, body, status, expected) in cases {
        let answer = send(
            &app,
            Method::PUT,
            &path,
            Some(&key),
            &[],
            Some((content_type, body.clone())),
        )
        .await;
        let shown = String::from_utf8_lossy(&body[..body.len().min(80)]).into_owned();
        assert_eq!(answer.status, status, "{content_type} {shown}");
        assert_eq!(answer.body, expected, "{content_type} {shown}");
        assert_eq!(answer.headers["content-type"], "application/json");

        // Without a key, the key is what is missing.
        let keyless = send(
            &app,
            Method::PUT,
            &path,
            None,
            &[],
            Some((content_type, body)),
        )
        .await;
        assert_eq!(keyless.status, StatusCode::UNAUTHORIZED, "{shown}");
        assert_eq!(keyless.body["code"], 900401);
    }
    let other_method = send(&app, Method::DELETE, &path, Some(&key), &[], None).await;
    assert_eq!(other_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(other_method.body["code"], 900405);
    assert_eq!(other_method.headers["allow"], "GET, PUT");
    assert_eq!(state(&app), before);
}

#[actix_web::test]
async fn every_request_is_one_database_hop() {
    let app = spawn_with(|s| s.metrics_addr = Some("127.0.0.1:0".parse().unwrap())).await;
    let key = key_for(&app, CONTOSO_ADMIN);
    let path = contact_path(WWI, WWI_OFFICE_365);
    for read in [
        subscriptions_of(WWI),
        subscription(WWI, WWI_OFFICE_365),
        path.clone(),
        contact_path(COHO_VINEYARD, COHO_BUSINESS_BASIC),
        contact_path(WWI, WWI_EXCHANGE),
    ] {
        let before = db_hops(&app).await;
        get(&app, &read, &key).await;
        assert_eq!(db_hops(&app).await - before, 1.0, "{read}");
    }
    for (body, if_match) in [
        (
            json!({"SupportTenantId": TREY_RESEARCH}),
            Some(etag(WWI_OFFICE_365, 1)),
        ),
        (
            json!({"SupportTenantId": CONTOSO}),
            Some(etag(WWI_OFFICE_365, 1)),
        ),
        (json!({"SupportTenantId": FABRIKAM}), None),
        (json!({"SupportMpnId": "0"}), None),
        (json!({"SupportTenantId": CONTOSO}), None),
    ] {
        let before = db_hops(&app).await;
        put(&app, &path, &key, if_match.as_deref(), body.clone()).await;
        assert_eq!(db_hops(&app).await - before, 1.0, "{body}");
    }
}

#[actix_web::test]
async fn the_core_applies_an_assignment_without_a_version_to_the_current_one() {
    use support_contacts::app::contacts::{AssignAt, Assigned, assign_at};
    use support_contacts::app::{Error, api_keys};
    use support_contacts::domain::{SubscriptionId, TenantId};

    let app = spawn_app().await;
    let now = start_time().naive_utc();
    let holder = |email: &str| {
        let key = key_for(&app, email);
        api_keys::authenticate(&mut app.conn(), &key, now)
            .unwrap()
            .expect("the key opens")
    };
    let (admin, helpdesk) = (holder(CONTOSO_ADMIN), holder(HELPDESK));
    let input = |version: Option<i32>, contact: &str| AssignAt {
        customer: TenantId::parse(WWI).unwrap(),
        subscription: SubscriptionId::parse(WWI_OFFICE_365).unwrap(),
        version,
        contact: TenantId::parse(contact).unwrap(),
    };

    let done = assign_at(
        &mut app.conn(),
        admin.caller(),
        &input(None, TREY_RESEARCH),
        now,
    );
    assert!(matches!(done, Ok(Assigned::Changed { .. })), "{done:?}");
    assert_eq!(
        contact_of(&app, WWI_OFFICE_365),
        (TREY_RESEARCH.to_owned(), 2)
    );

    let before = state(&app);
    let stale = assign_at(
        &mut app.conn(),
        admin.caller(),
        &input(Some(1), CONTOSO),
        now,
    );
    assert!(matches!(stale, Err(Error::Conflict { .. })), "{stale:?}");
    let refused = assign_at(
        &mut app.conn(),
        helpdesk.caller(),
        &input(None, CONTOSO),
        now,
    );
    assert!(matches!(refused, Err(Error::Forbidden)), "{refused:?}");
    let ineligible = assign_at(&mut app.conn(), admin.caller(), &input(None, FABRIKAM), now);
    assert!(
        matches!(
            ineligible,
            Err(Error::Invalid {
                field: "support_contact",
                ..
            })
        ),
        "{ineligible:?}"
    );
    assert_eq!(state(&app), before);

    let done = assign_at(
        &mut app.conn(),
        admin.caller(),
        &input(Some(2), CONTOSO),
        now,
    );
    assert!(matches!(done, Ok(Assigned::Changed { .. })), "{done:?}");
    assert_eq!(contact_of(&app, WWI_OFFICE_365), (CONTOSO.to_owned(), 3));
}

#[actix_web::test]
async fn a_customers_subscriptions_come_in_pages_walked_by_key() {
    let app = spawn_app().await;
    let key = key_for(&app, CONTOSO_ADMIN);
    let whole = get(&app, &subscriptions_of(WWI), &key).await;
    assert_eq!(whole.status, StatusCode::OK);
    let all: Vec<Value> = whole.body["items"].as_array().unwrap().clone();
    assert!(all.len() >= 2, "{}", whole.body);
    assert!(whole.body.get("links").is_none(), "one page: no next");

    // One at a time: every subscription exactly once, in the same order.
    let path = format!("{}?size=1", subscriptions_of(WWI));
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let headers: Vec<(&str, &str)> = token
            .as_deref()
            .map(|t| ("MS-ContinuationToken", t))
            .into_iter()
            .collect();
        let page = send(&app, Method::GET, &path, Some(&key), &headers, None).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        let items = page.body["items"].as_array().unwrap();
        assert_eq!(items.len(), 1);
        assert_eq!(page.body["totalCount"], 1);
        seen.extend(items.iter().cloned());
        match page.body["links"]["next"]["headers"][0]["value"].as_str() {
            Some(next) => {
                assert_eq!(page.body["links"]["next"]["uri"], path.as_str());
                token = Some(next.to_owned());
            }
            None => break,
        }
    }
    assert_eq!(seen, all);

    // A token of another list, or one that was altered, is refused.
    let customers = send(
        &app,
        Method::GET,
        "/v1/customers?size=1",
        Some(&key),
        &[],
        None,
    )
    .await;
    let foreign = customers.body["links"]["next"]["headers"][0]["value"]
        .as_str()
        .unwrap()
        .to_owned();
    for bad in [foreign.as_str(), "eyJub3QiOiJ0aGlzIn0.AAAA"] {
        let refused = send(
            &app,
            Method::GET,
            &path,
            Some(&key),
            &[("MS-ContinuationToken", bad)],
            None,
        )
        .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.body);
    }
}

fn stored_support(app: &TestApp, partner: &str) -> (String, String, String) {
    use diesel::prelude::*;
    use support_contacts::db::schema::partners;
    partners::table
        .find(partner)
        .select((
            partners::support_email,
            partners::support_telephone,
            partners::support_website,
        ))
        .first(&mut app.conn())
        .unwrap()
}

fn profile_changes(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use support_contacts::db::schema::audit_log;
    audit_log::table
        .filter(audit_log::action.eq("partner.support_profile_changed"))
        .select(audit_log::detail)
        .load(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn an_admins_key_sets_the_support_profile_and_the_change_is_audited_with_before_and_after() {
    let app = spawn_app().await;
    let key = key_for(&app, CONTOSO_ADMIN);
    let before = stored_support(&app, CONTOSO);
    // Partner Center's SDKs send the resource back: camelCase, read-only
    // members included; one member left out keeps its value.
    let body = json!({
        "email": "Help@Contoso-Distribution.example",
        "Telephone": "+44 20 7946 0958",
        "profileType": "support_profile",
        "attributes": {"objectType": "SupportProfile"},
    });
    let set = put(&app, "/v1/profiles/support", &key, None, body).await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let expected = json!({
        "email": "help@contoso-distribution.example",
        "telephone": "+44 20 7946 0958",
        "website": before.2,
        "profileType": "support_profile",
    });
    assert_eq!(set.body, expected);
    assert_eq!(get(&app, "/v1/profiles/support", &key).await.body, expected);
    assert_eq!(
        stored_support(&app, CONTOSO),
        (
            "help@contoso-distribution.example".to_owned(),
            "+44 20 7946 0958".to_owned(),
            before.2.clone()
        )
    );
    let changes = profile_changes(&app);
    assert_eq!(changes.len(), 1);
    let detail: Value = serde_json::from_str(&changes[0]).unwrap();
    assert_eq!(detail["before"]["telephone"], before.1.as_str());
    assert_eq!(detail["after"]["telephone"], "+44 20 7946 0958");

    // The same again changes nothing and writes nothing.
    let again = put(&app, "/v1/profiles/support", &key, None, expected.clone()).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(profile_changes(&app).len(), 1);
}

#[actix_web::test]
async fn a_support_profile_that_customers_could_not_use_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    let key = key_for(&app, CONTOSO_ADMIN);
    let helpdesk = key_for(&app, HELPDESK);
    let before = stored_support(&app, CONTOSO);
    let audit = app.audit_rows();
    for (body, field) in [
        (json!({"email": "not an address"}), "email"),
        (json!({"telephone": "555-0100"}), "telephone"),
        (json!({"telephone": "+1 2"}), "telephone"),
        (
            json!({"website": "http://support.contoso.example"}),
            "website",
        ),
        (json!({"website": "javascript:alert(1)"}), "website"),
        (json!({"website": "https://"}), "website"),
    ] {
        let refused = put(&app, "/v1/profiles/support", &key, None, body.clone()).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(refused.body["code"], 900400, "{body}");
        let description = refused.body["description"].as_str().unwrap();
        assert!(description.starts_with(field), "{body}: {description}");
    }
    let refused = put(
        &app,
        "/v1/profiles/support",
        &helpdesk,
        None,
        json!({"telephone": "+1 425 555 0199"}),
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
    assert_eq!(stored_support(&app, CONTOSO), before);
    assert_eq!(app.audit_rows(), audit);
}
