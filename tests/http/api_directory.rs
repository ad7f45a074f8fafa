//! The API's directory: customers, relationships, audit records and the
//! support-contact export, in Partner Center's shapes, paged by key.

use std::collections::HashSet;

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support_contacts::app::api_keys;
use support_contacts::db::schema::audit_log;

use crate::helpers::*;

/// Makes a key for a demo user on the command line and returns its secret.
fn key_of(app: &TestApp, email: &str) -> String {
    app.api_key(email, "Directory sync")
}

struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|_| panic!("not JSON: {}", self.text))
    }
}

async fn get(app: &TestApp, path: &str, key: &str, token: Option<&str>) -> Answer {
    let mut request = reqwest::Client::new()
        .get(format!("{}{path}", app.base))
        .bearer_auth(key);
    if let Some(token) = token {
        request = request.header("MS-ContinuationToken", token);
    }
    let response = request.send().await.unwrap();
    Answer {
        status: response.status(),
        headers: response.headers().clone(),
        text: response.text().await.unwrap(),
    }
}

/// Follows `links.next` from `path` to the end: every page's items, and
/// how many pages there were.
async fn all_pages(app: &TestApp, path: &str, key: &str) -> (Vec<Value>, usize) {
    let mut items = Vec::new();
    let mut pages = 0;
    let mut next: Option<(String, String)> = None;
    loop {
        let answer = match &next {
            None => get(app, path, key, None).await,
            Some((uri, token)) => get(app, uri, key, Some(token)).await,
        };
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        let body = answer.json();
        pages += 1;
        let page = body["items"].as_array().unwrap().clone();
        assert_eq!(body["totalCount"], json!(page.len()));
        assert_eq!(body["attributes"], json!({"objectType": "Collection"}));
        items.extend(page);
        match body.get("links") {
            None => return (items, pages),
            Some(links) => {
                let link = &links["next"];
                assert_eq!(link["method"], "GET");
                assert_eq!(link["headers"][0]["key"], "MS-ContinuationToken");
                next = Some((
                    link["uri"].as_str().unwrap().to_owned(),
                    link["headers"][0]["value"].as_str().unwrap().to_owned(),
                ));
            }
        }
    }
}

fn api_error(code: u32, description: &str) -> Value {
    json!({
        "code": code,
        "description": description,
        "data": [],
        "source": "support-contacts",
    })
}

fn no_relationship() -> Value {
    api_error(20002, "The partner has no relationship with this customer.")
}

fn wwi_customer() -> Value {
    json!({
        "id": WWI,
        "companyProfile": {
            "tenantId": WWI,
            "domain": "wideworldimporters.onmicrosoft.com",
            "companyName": "Wide World Importers",
            "attributes": {"objectType": "CustomerCompanyProfile"},
        },
        "relationshipToPartner": "reseller",
        "links": {"self": {"uri": format!("/v1/customers/{WWI}"), "method": "GET", "headers": []}},
        "attributes": {"objectType": "Customer"},
    })
}

#[actix_web::test]
async fn a_customer_comes_in_partner_centers_shape_and_an_unrelated_one_is_20002() {
    let app = spawn_app().await;
    let contoso = key_of(&app, CONTOSO_ADMIN);
    let answer = get(&app, &format!("/v1/customers/{WWI}"), &contoso, None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.headers["content-type"], "application/json");
    assert_eq!(answer.json(), wwi_customer());
    // Any spelling of the GUID names the same customer.
    let upper = get(
        &app,
        &format!("/v1/customers/{}", WWI.to_uppercase()),
        &contoso,
        None,
    )
    .await;
    assert_eq!(upper.json(), wwi_customer());

    // Coho Vineyard is Adatum's alone; a random GUID is nobody's; the
    // answers are the same, on both paths.
    let coho = support_contacts::demo::COHO_VINEYARD;
    let random = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    for customer in [coho, random, "not-a-guid"] {
        for path in [
            format!("/v1/customers/{customer}"),
            format!("/v1/customers/{customer}/relationships"),
        ] {
            let refused = get(&app, &path, &contoso, None).await;
            assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
            assert_eq!(refused.json(), no_relationship(), "{path}");
        }
    }
    let adatum = key_of(&app, ADATUM_ADMIN);
    let own = get(&app, &format!("/v1/customers/{coho}"), &adatum, None).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.json()["companyProfile"]["companyName"], "Coho Vineyard");

    // Without a valid key, nothing is said about the customer.
    let bad_key = get(&app, &format!("/v1/customers/{coho}"), "sc_nope", None).await;
    assert_eq!(bad_key.status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn customers_come_a_page_at_a_time_each_once_by_name() {
    let app = spawn_app().await;
    let contoso = key_of(&app, CONTOSO_ADMIN);
    let whole = get(&app, "/v1/customers", &contoso, None).await.json();
    assert!(whole.get("links").is_none(), "{whole}");
    let names: Vec<&str> = whole["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["companyProfile"]["companyName"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 37);
    assert_eq!(whole["totalCount"], 37);
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(whole["items"].as_array().unwrap().contains(&wwi_customer()));

    let (paged, pages) = all_pages(&app, "/v1/customers?size=2", &contoso).await;
    assert_eq!(pages, 19);
    assert_eq!(paged, whole["items"].as_array().unwrap().clone());
    let ids: HashSet<&str> = paged.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 37, "each customer once");

    // Adatum's list holds only its own.
    let adatum = key_of(&app, ADATUM_ADMIN);
    let (theirs, pages) = all_pages(&app, "/v1/customers?size=2", &adatum).await;
    assert!(pages > 2);
    let coho = support_contacts::demo::COHO_VINEYARD;
    let theirs: HashSet<&str> = theirs.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert!(theirs.contains(coho) && theirs.contains(WWI));
    assert!(!ids.contains(coho));
    assert!(!theirs.contains("5c0ffee0-0001-4000-8000-000000000001"));

    // The first page's link, as the client gets it.
    let first = get(&app, "/v1/customers?size=2", &contoso, None)
        .await
        .json();
    let link = &first["links"]["next"];
    assert_eq!(link["uri"], "/v1/customers?size=2");
    let token = link["headers"][0]["value"].as_str().unwrap().to_owned();

    // A token altered, cut, or given to another list is refused.
    let tampered_description =
        "MS-ContinuationToken is not acceptable: it is not a token this list gave out.";
    let mut altered = token.clone().into_bytes();
    altered[5] = if altered[5] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).unwrap();
    for bad in [
        altered.as_str(),
        &token[..token.len() - 2],
        "garbage",
        "e30.AAAAAAAAAAAA",
    ] {
        let refused = get(&app, "/v1/customers?size=2", &contoso, Some(bad)).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(refused.json(), api_error(900400, tampered_description));
    }
    let elsewhere = get(
        &app,
        "/v1/auditrecords?startDate=2026-03-01",
        &contoso,
        Some(&token),
    )
    .await;
    assert_eq!(elsewhere.status, StatusCode::BAD_REQUEST);

    let size_description = "size is not acceptable: it must be a whole number from 1 to 1000.";
    for size in ["0", "1001", "-3", "two", ""] {
        let refused = get(&app, &format!("/v1/customers?size={size}"), &contoso, None).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{size}");
        assert_eq!(refused.json(), api_error(900400, size_description));
    }
}

fn relationship(id: &str, name: &str, mpn: &str, kind: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "mpnId": mpn,
        "location": "",
        "relationshipType": kind,
        "state": "active",
        "attributes": {"objectType": "PartnerRelationship"},
    })
}

fn collection(items: Vec<Value>) -> Value {
    json!({
        "totalCount": items.len(),
        "items": items,
        "attributes": {"objectType": "Collection"},
    })
}

#[actix_web::test]
async fn a_providers_resellers_come_a_page_at_a_time_each_once_by_name() {
    let app = spawn_app().await;
    let contoso = key_of(&app, CONTOSO_ADMIN);
    let resellers = "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf";
    let whole = get(&app, resellers, &contoso, None).await.json();
    assert!(whole.get("links").is_none(), "{whole}");
    assert_eq!(whole["totalCount"], 3);

    let (paged, pages) = all_pages(&app, &format!("{resellers}&size=1"), &contoso).await;
    assert_eq!(pages, 3);
    assert_eq!(paged, whole["items"].as_array().unwrap().clone());

    // The token of one way of listing is not taken by the other, nor by
    // another partner's list of the same kind for more than its own.
    let first = get(&app, &format!("{resellers}&size=1"), &contoso, None)
        .await
        .json();
    let link = &first["links"]["next"];
    assert_eq!(link["uri"], format!("{resellers}&size=1"));
    let token = link["headers"][0]["value"].as_str().unwrap().to_owned();
    let providers = "/v1/relationships?relationship_type=IsIndirectResellerOf&size=1";
    let refused = get(&app, providers, &contoso, Some(&token)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
    assert_eq!(
        refused.json(),
        api_error(
            900400,
            "MS-ContinuationToken is not acceptable: it is not a token this list gave out."
        )
    );
    let adatum = key_of(&app, ADATUM_ADMIN);
    let theirs = get(&app, &format!("{resellers}&size=1"), &adatum, Some(&token)).await;
    assert_eq!(theirs.status, StatusCode::OK, "{}", theirs.text);
    assert_eq!(theirs.json(), collection(vec![]));

    for size in ["0", "1001", "one"] {
        let refused = get(&app, &format!("{resellers}&size={size}"), &contoso, None).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{size}");
        assert_eq!(
            refused.json(),
            api_error(
                900400,
                "size is not acceptable: it must be a whole number from 1 to 1000."
            )
        );
    }
}

#[actix_web::test]
async fn relationships_both_ways_and_a_customers_partners() {
    let app = spawn_app().await;
    let contoso = key_of(&app, CONTOSO_ADMIN);
    let trey = key_of(&app, TREY_ADMIN);
    let provider_of = "is_indirect_cloud_solution_provider_of";
    let reseller_of = "is_indirect_reseller_of";
    let trey_research = relationship(TREY_RESEARCH, "Trey Research", "4391507", provider_of);

    // Contoso's resellers (Proseware's authorization has ended).
    let resellers = get(
        &app,
        "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf",
        &contoso,
        None,
    )
    .await;
    assert_eq!(resellers.status, StatusCode::OK, "{}", resellers.text);
    assert_eq!(
        resellers.json(),
        collection(vec![
            relationship(FABRIKAM, "Fabrikam Solutions", "5102934", provider_of),
            relationship(NORTHWIND, "Northwind Traders", "6283015", provider_of),
            trey_research.clone(),
        ])
    );
    // Trey Research's providers.
    let contoso_distribution =
        relationship(CONTOSO, "Contoso Distribution", "5120481", reseller_of);
    let providers = get(
        &app,
        "/v1/relationships?relationship_type=IsIndirectResellerOf",
        &trey,
        None,
    )
    .await;
    assert_eq!(
        providers.json(),
        collection(vec![contoso_distribution.clone()])
    );
    // A provider is nobody's reseller.
    let none = get(
        &app,
        "/v1/relationships?relationship_type=IsIndirectResellerOf",
        &contoso,
        None,
    )
    .await;
    assert_eq!(none.json(), collection(vec![]));

    let bad = api_error(
        900400,
        "relationship_type is not acceptable: it must be IsIndirectCloudSolutionProviderOf or IsIndirectResellerOf.",
    );
    for query in [
        "",
        "?relationship_type=",
        "?relationship_type=None",
        "?type=IsIndirectResellerOf",
    ] {
        let refused = get(&app, &format!("/v1/relationships{query}"), &contoso, None).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(refused.json(), bad, "{query}");
    }

    // Wide World Importers' partners as each sees them: Contoso its
    // resellers there, Trey Research its provider there.
    let path = format!("/v1/customers/{WWI}/relationships");
    let seen_by_contoso = get(&app, &path, &contoso, None).await;
    assert_eq!(seen_by_contoso.status, StatusCode::OK);
    assert_eq!(
        seen_by_contoso.json(),
        collection(vec![
            relationship(FABRIKAM, "Fabrikam Solutions", "5102934", provider_of),
            trey_research,
        ])
    );
    assert_eq!(
        get(&app, &path, &trey, None).await.json(),
        collection(vec![contoso_distribution])
    );
    // Adatum authorized no reseller.
    let adatum = key_of(&app, ADATUM_ADMIN);
    assert_eq!(
        get(&app, &path, &adatum, None).await.json(),
        collection(vec![])
    );
}

fn contact(id: &str, mpn: &str, name: &str) -> String {
    json!({"supportTenantId": id, "supportMpnId": mpn, "name": name}).to_string()
}

#[actix_web::test]
async fn audit_records_include_support_contact_changes_within_the_range() {
    let app = spawn_app().await;
    let contoso = key_of(&app, CONTOSO_ADMIN);
    let helpdesk = key_of(&app, HELPDESK);

    app.clock.advance(chrono::Duration::days(1));
    let browser = app.signed_in(CONTOSO_ADMIN).await;
    let moved = submit_contact(&browser, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    let id: i32 = audit_log::table
        .filter(audit_log::action.eq("support_contact.changed"))
        .filter(audit_log::subscription_id.eq(WWI_OFFICE_365))
        .select(audit_log::id)
        .first(&mut app.conn())
        .unwrap();

    let change = json!({
        "id": id.to_string(),
        "partnerId": CONTOSO,
        "customerId": WWI,
        "customerName": "Wide World Importers",
        "userPrincipalName": CONTOSO_ADMIN,
        "resourceType": "subscription",
        "resourceOldValue": contact(CONTOSO, "5120481", "Contoso Distribution"),
        "resourceNewValue": contact(TREY_RESEARCH, "4391507", "Trey Research"),
        "operationType": "update_subscription_support_contact",
        "operationStatus": "succeeded",
        "operationDate": "2026-03-03T09:30:00Z",
        "customizedData": [
            {"key": "Action", "value": "support_contact.changed"},
            {"key": "SubscriptionId", "value": WWI_OFFICE_365},
        ],
        "attributes": {"objectType": "AuditRecord"},
    });
    // A helpdesk agent's key reads it too.
    for key in [&contoso, &helpdesk] {
        let today = get(&app, "/v1/auditrecords?startDate=2026-03-03", key, None).await;
        assert_eq!(today.status, StatusCode::OK, "{}", today.text);
        assert_eq!(today.json(), collection(vec![change.clone()]));
    }
    let within = get(
        &app,
        "/v1/auditrecords?startDate=2026-03-03T09:00:00Z&endDate=2026-03-03T10:00:00Z",
        &contoso,
        None,
    )
    .await;
    assert_eq!(within.json(), collection(vec![change.clone()]));

    // The day before holds the demo's own rows, not the change; paged.
    let (before, pages) = all_pages(
        &app,
        "/v1/auditrecords?startDate=2026-03-02&endDate=2026-03-02&size=2",
        &contoso,
    )
    .await;
    assert!(pages > 2 && before.len() > 4, "{pages} {}", before.len());
    let ids: Vec<i64> = before
        .iter()
        .map(|r| r["id"].as_str().unwrap().parse().unwrap())
        .collect();
    let mut ascending = ids.clone();
    ascending.sort();
    ascending.dedup();
    assert_eq!(ids, ascending, "oldest first, each once");
    assert!(!ids.contains(&i64::from(id)));
    assert!(before.iter().all(|r| r["partnerId"] == CONTOSO));
    let (whole, _) = all_pages(
        &app,
        "/v1/auditrecords?startDate=2026-03-02&endDate=2026-03-02",
        &contoso,
    )
    .await;
    assert_eq!(whole, before);

    // Adatum's log has nothing of Contoso's change.
    let adatum = key_of(&app, ADATUM_ADMIN);
    let theirs = get(&app, "/v1/auditrecords?startDate=2026-03-03", &adatum, None).await;
    assert_eq!(theirs.json(), collection(vec![]));

    let cases = [
        ("", "startDate is not acceptable: it is required."),
        (
            "?startDate=yesterday",
            "startDate is not acceptable: it must be an ISO 8601 date or date and time.",
        ),
        (
            "?startDate=2026-03-01&endDate=03%2F02%2F2026",
            "endDate is not acceptable: it must be an ISO 8601 date or date and time.",
        ),
        (
            "?startDate=2026-03-03&endDate=2026-03-01",
            "endDate is not acceptable: it must come after startDate.",
        ),
        (
            "?startDate=2025-12-01&endDate=2026-03-02",
            "endDate is not acceptable: the range may span 90 days at most.",
        ),
        (
            "?startDate=2025-11-01",
            "endDate is not acceptable: the range may span 90 days at most.",
        ),
    ];
    for (query, description) in cases {
        let refused = get(&app, &format!("/v1/auditrecords{query}"), &contoso, None).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{query}");
        assert_eq!(refused.json(), api_error(900400, description), "{query}");
    }
}

/// The export's rows as cells (no cell of the demo spans lines).
fn csv_rows(text: &str) -> Vec<String> {
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[actix_web::test]
async fn the_export_lists_what_the_partner_sees_with_formulas_neutralized() {
    let app = spawn_app().await;
    let contoso = key_of(&app, CONTOSO_ADMIN);
    let now = start_time().naive_utc();
    let holder = api_keys::authenticate(&mut app.conn(), &contoso, now)
        .unwrap()
        .unwrap();
    let wwi = support_contacts::domain::TenantId::parse(WWI).unwrap();
    let added = support_contacts::app::subscriptions::add(
        &mut app.conn(),
        holder.caller(),
        support_contacts::app::subscriptions::AddSubscription {
            customer: wwi,
            offer_name: "Microsoft 365 E5".into(),
            friendly_name: "=HYPERLINK(\"https://evil.example\",\"Open\")".into(),
            quantity: 3,
            reseller_of_record: None,
        },
        now,
    )
    .unwrap();

    let answer = get(&app, "/v1/supportcontacts.csv", &contoso, None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.headers["content-type"], "text/csv; charset=utf-8");
    assert_eq!(answer.headers["cache-control"], "no-store");
    let rows = csv_rows(&answer.text);
    assert_eq!(
        rows[0],
        "customerTenantId,customerName,customerDomain,subscriptionId,friendlyName,offerName,\
         status,quantity,supportTenantId,supportMpnId,supportName"
    );
    let injected = format!(
        "{WWI},Wide World Importers,wideworldimporters.onmicrosoft.com,{added},\
         \"'=HYPERLINK(\"\"https://evil.example\"\",\"\"Open\"\")\",Microsoft 365 E5,active,3,\
         {CONTOSO},5120481,Contoso Distribution"
    );
    assert!(rows.contains(&injected), "{rows:#?}");
    let office = format!(
        "{WWI},Wide World Importers,wideworldimporters.onmicrosoft.com,{WWI_OFFICE_365},\
         Office 365 Business Premium,Office 365 Business Premium,active,25,\
         {CONTOSO},5120481,Contoso Distribution"
    );
    assert!(rows.contains(&office), "{rows:#?}");
    // A name with a comma is quoted.
    assert!(
        rows.iter().any(|r| r.contains(",\"Litware, Inc.\",")),
        "{rows:#?}"
    );
    // Every subscription Contoso sees, once; none of Adatum's.
    let contoso_subscriptions: i64 = support_contacts::db::schema::subscriptions::table
        .filter(support_contacts::db::schema::subscriptions::provider_tenant_id.eq(CONTOSO))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(rows.len() as i64 - 1, contoso_subscriptions);
    assert!(!answer.text.contains(WWI_EXCHANGE));
    let unique: HashSet<&String> = rows.iter().collect();
    assert_eq!(unique.len(), rows.len());

    // Adatum, which shares Wide World Importers with Contoso, sees none of
    // Contoso's rows.
    let adatum = key_of(&app, ADATUM_ADMIN);
    let theirs = get(&app, "/v1/supportcontacts.csv", &adatum, None).await;
    assert_eq!(theirs.status, StatusCode::OK);
    let their_rows = csv_rows(&theirs.text);
    assert_eq!(their_rows[0], rows[0]);
    assert!(their_rows.len() > 1);
    assert!(
        their_rows
            .iter()
            .skip(1)
            .all(|r| !r.contains("Contoso Distribution"))
    );
    assert!(!theirs.text.contains(WWI_OFFICE_365) && !theirs.text.contains(&added.to_string()));
    assert!(theirs.text.contains(WWI_EXCHANGE));

    // A helpdesk agent's key reads it; no key is refused as JSON.
    let helpdesk = key_of(&app, HELPDESK);
    let read = get(&app, "/v1/supportcontacts.csv", &helpdesk, None).await;
    assert_eq!(read.text, answer.text);
    let refused = get(&app, "/v1/supportcontacts.csv", "sc_unknown", None).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["code"], 900401);
}

#[actix_web::test]
async fn every_directory_request_makes_one_database_hop() {
    let app = spawn_with(|s| s.metrics_addr = Some("127.0.0.1:0".parse().unwrap())).await;
    let contoso = key_of(&app, CONTOSO_ADMIN);
    let first = get(&app, "/v1/customers?size=2", &contoso, None)
        .await
        .json();
    let token = first["links"]["next"]["headers"][0]["value"]
        .as_str()
        .unwrap()
        .to_owned();
    let paths = [
        "/v1/customers".to_owned(),
        format!("/v1/customers/{WWI}"),
        format!("/v1/customers/{WWI}/relationships"),
        "/v1/relationships?relationship_type=IsIndirectCloudSolutionProviderOf".to_owned(),
        "/v1/auditrecords?startDate=2026-03-02&size=2".to_owned(),
        "/v1/supportcontacts.csv".to_owned(),
    ];
    for path in &paths {
        let before = db_hops(&app).await;
        let answer = get(&app, path, &contoso, None).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(db_hops(&app).await - before, 1.0, "{path}");
    }
    let before = db_hops(&app).await;
    let next = get(&app, "/v1/customers?size=2", &contoso, Some(&token)).await;
    assert_eq!(next.status, StatusCode::OK);
    assert_eq!(db_hops(&app).await - before, 1.0);
}
