//! The access matrix: every route that carries an id, as every kind of user,
//! with other tenants' ids, by GET and by POST. Built from the app's own route
//! table, so a new route is covered, or this test says what it lacks.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::{audit_log, subscriptions};
use support_contacts::demo::{ALPINE_SKI_HOUSE, COHO_BUSINESS_BASIC, COHO_VINEYARD};
use support_contacts::web::ROUTES;

use crate::helpers::*;

const ALPINE_ADMIN: &str = "admin@alpineskihouse.example";
/// Bellows College works with Contoso only.
const BELLOWS: &str = "5c0ffee0-0001-4000-8000-000000000001";
const BELLOWS_SUBSCRIPTION: &str = "b0b00001-0000-4000-8000-00000000000a";
const ALPINE_SUBSCRIPTION: &str = "b0b00000-0000-4000-8000-000000000000";

/// Someone else's ids, and words of theirs that must never show.
struct Foreign {
    ids: HashMap<&'static str, String>,
    secrets: Vec<&'static str>,
    /// Ids here that the user may see (a customer shared by two partners):
    /// routes that carry only these are not asked for.
    shared: Vec<&'static str>,
}

impl Foreign {
    /// Another organization's user.
    fn user(mut self, id: i32) -> Self {
        self.ids.insert("user_id", id.to_string());
        self
    }

    fn sharing(mut self, name: &'static str) -> Self {
        self.shared.push(name);
        self
    }

    fn covers(&self, pattern: &str) -> bool {
        params(pattern).iter().any(|p| !self.shared.contains(p))
    }
}

fn params(pattern: &str) -> Vec<&str> {
    pattern
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
        .collect()
}

fn foreign(
    customer: &str,
    subscription: &str,
    change: &str,
    secrets: Vec<&'static str>,
) -> Foreign {
    let ids = HashMap::from([
        ("customer_tenant_id", customer.to_owned()),
        ("subscription_id", subscription.to_owned()),
        ("change_id", change.to_owned()),
        // A link nobody was given.
        (
            "token",
            "bm90LWEtcmVhbC10b2tlbi1hdC1hbGwtYXQtYWxs".to_owned(),
        ),
        // A partner none of the customers here works with.
        ("partner_tenant_id", NORTHWIND.to_owned()),
        // Nobody's reseller any more.
        ("reseller_tenant_id", PROSEWARE.to_owned()),
        // A provider no reseller here has authorized.
        (
            "provider_tenant_id",
            support_contacts::demo::ADATUM.to_owned(),
        ),
        // A request nobody made.
        (
            "request_id",
            "0f0f0f0f-1111-4000-8000-000000000000".to_owned(),
        ),
        // A GDAP relationship nobody has.
        ("gdap_id", "0f0f0f0f-2222-4000-8000-000000000000".to_owned()),
    ]);
    Foreign {
        ids,
        secrets,
        shared: Vec::new(),
    }
}

fn fill(pattern: &str, ids: &HashMap<&'static str, String>) -> String {
    let mut path = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').unwrap() + open;
        let name = &rest[open + 1..close];
        let value = ids.get(name).unwrap_or_else(|| {
            panic!("route {pattern} has a parameter {{{name}}} that the access matrix does not know: give it foreign values in tests/http/matrix.rs")
        });
        path.push_str(&rest[..open]);
        path.push_str(value);
        rest = &rest[close + 1..];
    }
    path.push_str(rest);
    path
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Partner,
    Customer,
}

fn user_id(app: &TestApp, email: &str) -> i32 {
    use support_contacts::db::schema::users;
    users::table
        .filter(users::email.eq(email))
        .select(users::id)
        .first(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn no_user_reaches_another_tenants_ids_on_any_route() {
    let app = spawn_app().await;
    let (contoso_admin, adatum_admin) = (user_id(&app, CONTOSO_ADMIN), user_id(&app, ADATUM_ADMIN));
    let (wwi_admin, alpine_admin) = (user_id(&app, WWI_ADMIN), user_id(&app, ALPINE_ADMIN));
    // One change by Contoso, so that there is a change id to ask for.
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let done = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    let change = done
        .location
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();

    let users: Vec<(&str, Kind, Vec<Foreign>)> = vec![
        (
            CONTOSO_ADMIN,
            Kind::Partner,
            vec![
                foreign(
                    WWI,
                    WWI_EXCHANGE,
                    &change,
                    vec!["Exchange Online (Plan 1)", "Adatum Admin"],
                )
                .user(adatum_admin)
                .sharing("customer_tenant_id"),
                foreign(
                    COHO_VINEYARD,
                    COHO_BUSINESS_BASIC,
                    &change,
                    vec!["Coho Vineyard", "Business Basic"],
                )
                .user(wwi_admin),
            ],
        ),
        (
            HELPDESK,
            Kind::Partner,
            vec![
                foreign(
                    WWI,
                    WWI_EXCHANGE,
                    &change,
                    vec!["Exchange Online (Plan 1)", "Adatum Admin"],
                )
                .user(adatum_admin)
                .sharing("customer_tenant_id"),
                foreign(
                    COHO_VINEYARD,
                    COHO_BUSINESS_BASIC,
                    &change,
                    vec!["Coho Vineyard", "Business Basic"],
                )
                .user(alpine_admin),
            ],
        ),
        (
            ADATUM_ADMIN,
            Kind::Partner,
            vec![
                foreign(
                    WWI,
                    WWI_OFFICE_365,
                    &change,
                    vec![
                        "Office 365 Business Premium",
                        "Trey Research",
                        "Contoso Admin",
                    ],
                )
                .user(contoso_admin)
                .sharing("customer_tenant_id"),
                foreign(
                    BELLOWS,
                    BELLOWS_SUBSCRIPTION,
                    &change,
                    vec!["Bellows College", "Microsoft 365 E3"],
                )
                .user(wwi_admin),
            ],
        ),
        (
            TREY_ADMIN,
            Kind::Partner,
            vec![
                foreign(
                    WWI,
                    WWI_M365_E3,
                    &change,
                    vec!["Microsoft 365 E3", "Contoso Admin"],
                )
                .user(contoso_admin)
                .sharing("customer_tenant_id"),
                foreign(
                    COHO_VINEYARD,
                    COHO_BUSINESS_BASIC,
                    &change,
                    vec!["Coho Vineyard", "Business Basic"],
                )
                .user(adatum_admin),
            ],
        ),
        (
            WWI_ADMIN,
            Kind::Customer,
            vec![
                foreign(
                    ALPINE_SKI_HOUSE,
                    ALPINE_SUBSCRIPTION,
                    &change,
                    vec!["Alpine Ski House"],
                )
                .user(alpine_admin),
                foreign(WWI, WWI_OFFICE_365, &change, vec!["Contoso Admin"]).user(contoso_admin),
            ],
        ),
        (
            ALPINE_ADMIN,
            Kind::Customer,
            vec![
                foreign(
                    WWI,
                    WWI_OFFICE_365,
                    &change,
                    vec!["Wide World Importers", "Office 365 Business Premium"],
                )
                .user(wwi_admin),
            ],
        ),
    ];

    let with_ids: Vec<(&str, &[&str])> = ROUTES
        .iter()
        .copied()
        .filter(|(p, _)| p.contains('{'))
        .collect();
    assert!(with_ids.len() >= 4, "the route table is read");

    let contacts_before: Vec<(String, String, i32)> = subscriptions::table
        .order(subscriptions::id)
        .select((
            subscriptions::id,
            subscriptions::support_contact_tenant_id,
            subscriptions::version,
        ))
        .load(&mut app.conn())
        .unwrap();
    let changes_before: i64 = audit_log::table
        .filter(audit_log::action.ne("access.refused"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();

    let mut checked = 0;
    for (email, kind, foreigners) in &users {
        let browser = app.signed_in(email).await;
        let token = browser.get("/").await;
        let home = token.location.clone().unwrap();
        let token = browser.get(&home).await.csrf_token();
        for other in foreigners {
            for (pattern, methods) in &with_ids {
                if !other.covers(pattern) {
                    continue;
                }
                let path = fill(pattern, &other.ids);
                for method in ["get", "post"] {
                    let page = if method == "get" {
                        browser.get(&path).await
                    } else {
                        browser
                            .post_form(
                                &path,
                                &[
                                    ("csrf_token", token.as_str()),
                                    ("version", "2"),
                                    ("support_contact", CONTOSO),
                                    ("default_contact", TREY_RESEARCH),
                                    ("offer_name", "Matrix probe"),
                                    ("quantity", "1"),
                                ],
                            )
                            .await
                    };
                    let expected = if !methods.contains(&method) {
                        StatusCode::METHOD_NOT_ALLOWED
                    } else if (*kind == Kind::Customer && pattern.starts_with("/partner"))
                        || (*kind == Kind::Partner && pattern.starts_with("/admin"))
                    {
                        StatusCode::FORBIDDEN
                    } else {
                        StatusCode::NOT_FOUND
                    };
                    assert_eq!(page.status, expected, "{email} {method} {path}");
                    for secret in &other.secrets {
                        assert!(
                            !page.body.contains(secret),
                            "{email} {method} {path} shows {secret:?}"
                        );
                    }
                    checked += 1;
                }
            }
        }
        // Every refusal is on record with what was asked for.
        let refusals: i64 = audit_log::table
            .filter(audit_log::action.eq("access.refused"))
            .filter(audit_log::actor_email.eq(*email))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert!(refusals > 0, "{email}'s refusals are audited");
    }
    assert!(checked >= 6 * 4 * 2, "{checked} requests checked");

    // Nothing changed anywhere.
    let contacts_after: Vec<(String, String, i32)> = subscriptions::table
        .order(subscriptions::id)
        .select((
            subscriptions::id,
            subscriptions::support_contact_tenant_id,
            subscriptions::version,
        ))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(contacts_before, contacts_after);
    let changes_after: i64 = audit_log::table
        .filter(audit_log::action.ne("access.refused"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(changes_before, changes_after);
}

#[actix_web::test]
async fn signed_out_every_page_with_an_id_sends_to_sign_in() {
    let app = spawn_app().await;
    let browser = app.browser();
    let ids = foreign(WWI, WWI_OFFICE_365, "1", vec![]).user(1).ids;
    // The one page a link opens without signing in.
    let public = |pattern: &str| {
        pattern.starts_with("/set-password/") || pattern.starts_with("/relationships/")
    };
    for (pattern, methods) in ROUTES.iter().filter(|(p, _)| p.contains('{') && !public(p)) {
        let path = fill(pattern, &ids);
        let page = browser.get(&path).await;
        if methods.contains(&"get") {
            assert_eq!(page.status, StatusCode::SEE_OTHER, "{path}");
            assert!(page.location.unwrap().starts_with("/login?next="), "{path}");
        } else {
            assert_eq!(page.status, StatusCode::METHOD_NOT_ALLOWED, "{path}");
        }
        assert!(!page.body.contains("Office 365"), "{path}");
    }
}

/// The lists that span all of a partner's customers, without an id in
/// their path: each user gets its own organization's rows or a refusal,
/// never another's; no method but GET.
#[actix_web::test]
async fn lists_across_customers_answer_each_user_with_its_own_rows_only() {
    let app = spawn_app().await;
    let lists = ["/partner/relationships", "/partner/relationships.csv"];
    for list in lists {
        assert!(
            ROUTES.iter().any(|(p, m)| *p == list && *m == ["get"]),
            "{list} is a GET route"
        );
    }
    let users: Vec<(&str, StatusCode, Vec<&str>)> = vec![
        (
            CONTOSO_ADMIN,
            StatusCode::OK,
            vec!["Adatum Cloud", "Coho Vineyard", "Proseware", ADATUM],
        ),
        (
            HELPDESK,
            StatusCode::OK,
            vec!["Adatum Cloud", "Coho Vineyard", "Proseware", ADATUM],
        ),
        (
            ADATUM_ADMIN,
            StatusCode::OK,
            vec!["Contoso Distribution", "Trey Research", "Fabrikam", BELLOWS],
        ),
        (
            TREY_ADMIN,
            StatusCode::OK,
            vec!["Fabrikam", "Adatum Cloud", "Proseware", "Coho Vineyard"],
        ),
        (
            WWI_ADMIN,
            StatusCode::FORBIDDEN,
            vec!["Trey Research", "Fabrikam"],
        ),
        (
            ALPINE_ADMIN,
            StatusCode::FORBIDDEN,
            vec!["Wide World Importers", "Trey Research"],
        ),
    ];
    for (email, expected, secrets) in &users {
        let browser = app.signed_in(email).await;
        let home = browser.get("/").await.location.unwrap();
        let token = browser.get(&home).await.csrf_token();
        for list in lists {
            let page = browser.get(list).await;
            assert_eq!(page.status, *expected, "{email} GET {list}");
            for secret in secrets {
                assert!(
                    !page.body.contains(secret),
                    "{email} GET {list} shows {secret:?}"
                );
            }
            let post = browser
                .post_form(list, &[("csrf_token", token.as_str())])
                .await;
            assert_eq!(
                post.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{email} POST {list}"
            );
        }
    }
}

#[actix_web::test]
async fn every_page_without_an_id_answers_its_own_area_and_refuses_the_other() {
    let app = spawn_app().await;
    let partner = app.signed_in(CONTOSO_ADMIN).await;
    let customer = app.signed_in(WWI_ADMIN).await;
    let pages: Vec<&str> = ROUTES
        .iter()
        .filter(|(p, methods)| {
            !p.contains('{')
                && methods.contains(&"get")
                && (p.starts_with("/admin") || p.starts_with("/partner"))
        })
        .map(|(p, _)| *p)
        .collect();
    assert!(pages.contains(&"/admin/activity") && pages.contains(&"/admin/activity.csv"));
    for path in pages {
        let (own, other) = if path.starts_with("/admin") {
            (&customer, &partner)
        } else {
            (&partner, &customer)
        };
        assert_eq!(own.get(path).await.status, StatusCode::OK, "{path}");
        let refused = other.get(path).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{path}");
        assert!(refused.text().contains("Not allowed"), "{path}");
        let stranger = app.browser().get(path).await;
        assert_eq!(stranger.status, StatusCode::SEE_OTHER, "{path}");
    }
    // A customer's audit log, whatever its filter, holds nothing of another
    // customer's.
    for path in [
        "/admin/activity?kind=all".to_owned(),
        "/admin/activity.csv?kind=all".to_owned(),
        format!("/admin/activity?kind=all&subscription={ALPINE_SUBSCRIPTION}"),
    ] {
        let page = customer.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(!page.body.contains("Alpine Ski House"), "{path}");
        assert!(
            page.values("table.activity tbody tr", "id").is_empty()
                || !path.contains("subscription="),
            "{path}"
        );
    }
}
