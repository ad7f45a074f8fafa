//! The access matrix of `/v1`: every route in the API's own route table, with
//! every kind of key, given another tenant's ids. Nothing of theirs shows,
//! nothing changes, and the answer is 403 (20002, for a customer the partner
//! has no relationship with) or 404, as JSON. A new route is covered, or this
//! test says what it lacks.

use reqwest::StatusCode;
use serde_json::{Value, json};
use support_contacts::api::ROUTES;
use support_contacts::demo::{ADATUM, COHO_BUSINESS_BASIC, COHO_VINEYARD};

use crate::helpers::*;

/// Bellows College works with Contoso only.
const BELLOWS: &str = "5c0ffee0-0001-4000-8000-000000000001";
const BELLOWS_SUBSCRIPTION: &str = "b0b00001-0000-4000-8000-00000000000a";

struct Key {
    who: &'static str,
    secret: String,
    /// The partner's own tenant id, which a PUT names as the contact.
    partner: &'static str,
    /// A customer the partner has no relationship with, and its subscription.
    customer: &'static str,
    subscription: &'static str,
    /// Words of that customer's that must never show.
    secrets: [&'static str; 1],
    /// One of the partner's own customers.
    own_customer: &'static str,
}

fn key_for(app: &TestApp, email: &str) -> String {
    app.api_key(email, "Matrix")
}

/// A path of the table with these ids in it.
fn fill(pattern: &str, customer: &str, subscription: &str) -> String {
    pattern
        .replace("{customer_tenant_id}", customer)
        .replace("{customer_id}", customer)
        .replace("{subscription_id}", subscription)
}

/// What a list route needs to answer at all.
fn with_query(path: &str) -> String {
    match path {
        "/v1/auditrecords" => format!("{path}?startDate=2026-01-01"),
        "/v1/relationships" => {
            format!("{path}?relationship_type=IsIndirectCloudSolutionProviderOf")
        }
        _ => path.to_owned(),
    }
}

async fn send(app: &TestApp, method: &str, path: &str, key: &Key) -> (StatusCode, String, String) {
    let client = reqwest::Client::new();
    let url = format!("{}{path}", app.base);
    let request = match method {
        "get" => client.get(url),
        "put" => client
            .put(url)
            .json(&json!({"SupportTenantId": key.partner})),
        other => panic!("the matrix does not send {other}: teach it"),
    };
    let answer = request.bearer_auth(&key.secret).send().await.unwrap();
    let status = answer.status();
    let kind = answer
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, answer.text().await.unwrap())
}

#[actix_web::test]
async fn every_api_route_refuses_other_tenants_ids_to_every_kind_of_key() {
    let app = spawn_app().await;
    let keys = [
        Key {
            who: "provider admin",
            secret: key_for(&app, "admin@contoso-distribution.example"),
            partner: CONTOSO,
            customer: COHO_VINEYARD,
            subscription: COHO_BUSINESS_BASIC,
            secrets: ["Coho Vineyard"],
            own_customer: WWI,
        },
        Key {
            who: "provider helpdesk",
            secret: key_for(&app, HELPDESK),
            partner: CONTOSO,
            customer: COHO_VINEYARD,
            subscription: COHO_BUSINESS_BASIC,
            secrets: ["Coho Vineyard"],
            own_customer: WWI,
        },
        Key {
            who: "another provider",
            secret: key_for(&app, ADATUM_ADMIN),
            partner: ADATUM,
            customer: BELLOWS,
            subscription: BELLOWS_SUBSCRIPTION,
            secrets: ["Bellows College"],
            own_customer: COHO_VINEYARD,
        },
        Key {
            who: "reseller",
            secret: key_for(&app, TREY_ADMIN),
            partner: TREY_RESEARCH,
            customer: COHO_VINEYARD,
            subscription: COHO_BUSINESS_BASIC,
            secrets: ["Coho Vineyard"],
            own_customer: WWI,
        },
    ];
    let audit_before = app.audit_rows();
    let coho_before = app.stored_contact(COHO_BUSINESS_BASIC);
    let bellows_before = app.stored_contact(BELLOWS_SUBSCRIPTION);
    let mut asked = 0;
    for key in &keys {
        for (pattern, methods) in ROUTES {
            let carries_ids = pattern.contains('{');
            for method in *methods {
                let paths = if carries_ids {
                    // Their customer; and, when the route names a
                    // subscription, their subscription under one's own customer.
                    let mut paths = vec![fill(pattern, key.customer, key.subscription)];
                    if pattern.contains("{subscription_id}") {
                        paths.push(fill(pattern, key.own_customer, key.subscription));
                    }
                    paths
                } else if *method == "get" {
                    vec![with_query(pattern)]
                } else {
                    continue;
                };
                for path in paths {
                    let (status, kind, body) = send(&app, method, &path, key).await;
                    asked += 1;
                    let what = format!("{} {method} {path}: {status} {body}", key.who);
                    if carries_ids {
                        assert!(
                            status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND,
                            "{what}"
                        );
                        assert!(kind.starts_with("application/json"), "{what}");
                        let error: Value = serde_json::from_str(&body).unwrap();
                        if path.contains(key.customer) {
                            assert_eq!(error["code"], 20002, "{what}");
                        }
                    } else {
                        assert!(status.is_success(), "{what}");
                    }
                    for secret in key.secrets {
                        assert!(!body.contains(secret), "{what} shows {secret}");
                    }
                }
            }
        }
    }
    assert!(asked >= 4 * ROUTES.len(), "{asked} requests");
    assert_eq!(app.audit_rows(), audit_before, "an audit row was written");
    assert_eq!(app.stored_contact(COHO_BUSINESS_BASIC), coho_before);
    assert_eq!(app.stored_contact(BELLOWS_SUBSCRIPTION), bellows_before);
}
