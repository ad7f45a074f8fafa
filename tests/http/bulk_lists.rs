//! A reseller's bulk lists at scale: each list a page at a time by key and
//! searchable by the beginning of the customer's name; the bulk change of
//! every matching subscription (the whole list, not only the page), with
//! each subscription's rules, audit rows and version; the provider's scope;
//! and the resellers list a page at a time with kept counts.

use std::collections::{BTreeMap, BTreeSet};

use diesel::prelude::*;
use futures_util::future::join_all;
use reqwest::StatusCode;
use support_contacts::db::schema::{audit_log, customers, subscriptions};
use support_contacts::domain::{
    Customer, Partner, PartnerKind, SubscriptionId, SubscriptionStatus, SupportProfile, TenantId,
};
use support_contacts::store;
use support_contacts::store::audit::Actor;

use crate::helpers::*;

const PAGE: usize = 50;
/// Customers the growth adds.
const GROWN: usize = 90;
/// The grown customers from this one on are "Birch ...", before it "Alder ...".
const FIRST_BIRCH: usize = 45;

fn tenant(id: &str) -> TenantId {
    TenantId::from_trusted(id.to_owned())
}

fn grown_customer(n: usize) -> String {
    format!("b0a40000-0000-4000-8000-{n:012x}")
}

fn grown_subscription(n: usize, k: usize) -> String {
    format!("b0a40001-000{k}-4000-8000-{n:012x}")
}

/// Adds `GROWN` customers of Contoso, two subscriptions each. Trey Research
/// holds DAP at most of them (none at every sixth, a relationship without
/// DAP at the next), and supports both subscriptions at every other one of
/// those. Every tenth also works with Adatum, which sells it a subscription
/// there. One subscription is suspended, one deleted.
fn grow(app: &TestApp) {
    let mut conn = app.conn();
    let now = app.now();
    let contoso = tenant(CONTOSO);
    let trey = tenant(TREY_RESEARCH);
    let adatum = tenant(ADATUM);
    support_contacts::db::write(&mut conn, |conn| -> QueryResult<()> {
        for n in 0..GROWN {
            let prefix = if n < FIRST_BIRCH { "Alder" } else { "Birch" };
            let customer = Customer {
                tenant_id: tenant(&grown_customer(n)),
                company_name: format!("{prefix} Holdings {n:03}"),
                domain: format!("grown{n:03}.onmicrosoft.com"),
                country: "US".to_owned(),
            };
            let id = &customer.tenant_id;
            store::customers::insert(conn, &customer, now)?;
            store::relationships::insert_active(conn, id, &contoso, true, now)?;
            let dap = n % 6 < 4;
            match n % 6 {
                4 => {}
                5 => store::relationships::insert_active(conn, id, &trey, false, now)?,
                _ => store::relationships::insert_active(conn, id, &trey, true, now)?,
            }
            for k in 0..2 {
                let sub = SubscriptionId::from_trusted(grown_subscription(n, k));
                let new = store::subscriptions::NewSubscription {
                    id: sub.clone(),
                    customer: id.clone(),
                    provider: contoso.clone(),
                    reseller_of_record: None,
                    offer_name: format!("Plan {k}"),
                    friendly_name: format!("Plan {k}"),
                    quantity: 5,
                };
                store::subscriptions::insert(conn, &Actor::system(), &new, now)?;
                if dap && n % 2 == 0 {
                    store::subscriptions::set_support_contact(
                        conn, &sub, &contoso, 1, &contoso, &trey, now,
                    )?;
                }
            }
            if n % 10 == 1 {
                store::relationships::insert_active(conn, id, &adatum, true, now)?;
                let new = store::subscriptions::NewSubscription {
                    id: SubscriptionId::from_trusted(grown_subscription(n, 2)),
                    customer: id.clone(),
                    provider: adatum.clone(),
                    reseller_of_record: None,
                    offer_name: "Adatum Plan".to_owned(),
                    friendly_name: "Adatum Plan".to_owned(),
                    quantity: 5,
                };
                store::subscriptions::insert(conn, &Actor::system(), &new, now)?;
            }
        }
        let suspended = SubscriptionId::from_trusted(grown_subscription(61, 0));
        let deleted = SubscriptionId::from_trusted(grown_subscription(63, 1));
        let (s, d) = (SubscriptionStatus::Suspended, SubscriptionStatus::Deleted);
        assert!(store::subscriptions::set_status(
            conn, &suspended, &contoso, 1, s, now
        )?);
        assert!(store::subscriptions::set_status(
            conn, &deleted, &contoso, 1, d, now
        )?);
        Ok(())
    })
    .unwrap();
}

/// Contoso's live subscriptions, with Trey Research's DAP at their customer
/// or not, their customer's name and contact: the truth the pages are held to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stored {
    company: String,
    contact: String,
    version: i32,
    trey_dap: bool,
}

fn contoso_live(app: &TestApp) -> BTreeMap<String, Stored> {
    let mut conn = app.conn();
    let with_dap = with_delegated_access(&mut conn, TREY_RESEARCH, app.now());
    subscriptions::table
        .inner_join(customers::table)
        .filter(subscriptions::provider_tenant_id.eq(CONTOSO))
        .filter(subscriptions::status.ne("deleted"))
        .select((
            subscriptions::id,
            subscriptions::customer_tenant_id,
            customers::company_name,
            subscriptions::support_contact_tenant_id,
            subscriptions::version,
        ))
        .load::<(String, String, String, String, i32)>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|(id, customer, company, contact, version)| {
            let trey_dap = with_dap.contains(&customer);
            let stored = Stored {
                company,
                contact,
                version,
                trey_dap,
            };
            (id, stored)
        })
        .collect()
}

/// The ids of one list, by the database; `begins`: the customer's name.
fn expected(app: &TestApp, supported: bool, begins: &str) -> BTreeSet<String> {
    contoso_live(app)
        .into_iter()
        .filter(|(_, s)| s.company.to_lowercase().starts_with(&begins.to_lowercase()))
        .filter(|(_, s)| {
            if supported {
                s.contact == TREY_RESEARCH
            } else {
                s.trey_dap && s.contact != TREY_RESEARCH
            }
        })
        .map(|(id, _)| id)
        .collect()
}

fn ids(values: Vec<String>) -> Vec<String> {
    values
        .into_iter()
        .map(|v| v.split_once(':').unwrap().0.to_owned())
        .collect()
}

/// Every row of one list, following its "Next" links from `start`: each
/// page's ids in order, and the last page.
async fn walk(browser: &Browser, start: &str, list: &str) -> (Vec<String>, Page) {
    let mut seen = Vec::new();
    let mut path = start.to_owned();
    loop {
        let page = browser.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let rows = ids(page.values(&format!("table.{list} input[name=listed]"), "value"));
        assert!(rows.len() <= PAGE, "{path}: {} rows", rows.len());
        seen.extend(rows);
        let next = page.values(&format!("nav.{list}-pager a[rel=next]"), "href");
        match next.first() {
            Some(next) => path = next.clone(),
            None => return (seen, page),
        }
        assert!(seen.len() < 10_000, "the walk ends");
    }
}

/// The kept counts are what counting every subscription gives.
fn counts_are_kept(app: &TestApp) {
    let mut conn = app.conn();
    let counted: Vec<(String, String, i64)> = subscriptions::table
        .filter(subscriptions::status.ne("deleted"))
        .group_by((
            subscriptions::provider_tenant_id,
            subscriptions::support_contact_tenant_id,
        ))
        .select((
            subscriptions::provider_tenant_id,
            subscriptions::support_contact_tenant_id,
            diesel::dsl::count_star(),
        ))
        .order((
            subscriptions::provider_tenant_id,
            subscriptions::support_contact_tenant_id,
        ))
        .load(&mut conn)
        .unwrap();
    let kept = store::support_counts::all(&mut conn).unwrap();
    assert_eq!(kept, counted, "kept counts");
}

#[actix_web::test]
async fn keyset_paging_of_both_bulk_lists_reaches_every_row_once_and_a_bad_cursor_is_the_first_page()
 {
    let app = spawn_app().await;
    grow(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let path = format!("/partner/resellers/{TREY_RESEARCH}");
    for (list, supported) in [("supported", true), ("could", false)] {
        let truth = expected(&app, supported, "");
        assert!(truth.len() > PAGE + 5, "{list}: {} rows", truth.len());
        let (rows, last) = walk(&contoso, &path, list).await;
        let once: BTreeSet<String> = rows.iter().cloned().collect();
        assert_eq!(once.len(), rows.len(), "{list}: no row twice");
        assert_eq!(once, truth, "{list}: every row");
        // By customer name, then subscription name.
        let live = contoso_live(&app);
        let names: Vec<String> = rows
            .iter()
            .map(|id| live[id].company.to_lowercase())
            .collect();
        assert!(names.is_sorted(), "{list}: by customer name");
        // The count says how many in all; the last page leads back to the first.
        let count = last.texts(&format!("#{list} .list-count")).join(" ");
        assert!(count.contains(&format!("of {}", truth.len())), "{count}");
        assert_eq!(
            last.values(&format!("nav.{list}-pager a"), "href"),
            [format!("{path}#{list}")]
        );
    }

    // Each list's link keeps the other list where it is.
    let first = contoso.get(&path).await;
    let next_could = first.values("nav.could-pager a[rel=next]", "href")[0].clone();
    let second = contoso.get(&next_could).await;
    let next_supported = second.values("nav.supported-pager a[rel=next]", "href")[0].clone();
    assert!(next_supported.contains("could_after="), "{next_supported}");
    let both = contoso.get(&next_supported).await;
    assert_eq!(
        both.values("table.could input[name=listed]", "value"),
        second.values("table.could input[name=listed]", "value")
    );
    assert_ne!(
        both.values("table.supported input[name=listed]", "value"),
        second.values("table.supported input[name=listed]", "value")
    );

    // A cursor that is not an id, not Contoso's, or nobody's: the first page.
    let first_rows = first.values("table.could input[name=listed]", "value");
    let adatum_sub = grown_subscription(1, 2);
    for cursor in [
        "not-an-id",
        adatum_sub.as_str(),
        "0badc0de-0000-4000-8000-000000000000",
        "",
    ] {
        let page = contoso
            .get(&format!(
                "{path}?could_after={cursor}&supported_after={cursor}"
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{cursor}");
        assert_eq!(
            page.values("table.could input[name=listed]", "value"),
            first_rows,
            "{cursor}"
        );
        assert!(
            page.values("nav.could-pager a:not([rel])", "href")
                .is_empty()
        );
    }
    let garbled = contoso.get(&format!("{path}?%zz=%&q")).await;
    assert_eq!(garbled.status, StatusCode::OK);
    assert_eq!(
        garbled.values("table.could input[name=listed]", "value"),
        first_rows
    );
}

#[actix_web::test]
async fn each_bulk_list_finds_customers_by_the_beginning_of_their_name() {
    let app = spawn_app().await;
    grow(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let path = format!("/partner/resellers/{TREY_RESEARCH}");
    for (search, begins) in [
        ("alder", "alder"),
        ("  BIRCH holdings 06 ", "birch holdings 06"),
        ("Birch", "birch"),
    ] {
        let query = serde_urlencoded::to_string([("q", search)]).unwrap();
        for (list, supported) in [("supported", true), ("could", false)] {
            let (rows, last) = walk(&contoso, &format!("{path}?{query}"), list).await;
            let found: BTreeSet<String> = rows.iter().cloned().collect();
            assert_eq!(found.len(), rows.len());
            assert_eq!(found, expected(&app, supported, begins), "{list} {search}");
            assert!(!found.is_empty(), "{list} {search}");
            assert_eq!(
                last.values("input[name=q]", "value")[0],
                search.trim(),
                "the search box keeps it"
            );
        }
    }
    // The middle of a name, or wildcards, find nothing, and the page says so.
    for search in ["oldings", "%", "_irch"] {
        let query = serde_urlencoded::to_string([("q", search)]).unwrap();
        let page = contoso.get(&format!("{path}?{query}")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.values("input[name=listed]", "value").is_empty());
        let empty = page.texts("p.empty");
        assert_eq!(empty.len(), 2, "{empty:?}");
        assert!(empty[0].contains("whose name begins with"), "{empty:?}");
    }
}

/// The audit rows written after `after`: (action, subscription, from, to,
/// actor, partner, customer).
type AuditRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
);

fn audit_after(app: &TestApp, after: i32) -> Vec<AuditRow> {
    audit_log::table
        .filter(audit_log::id.gt(after))
        .order(audit_log::id)
        .select((
            audit_log::action,
            audit_log::subscription_id,
            audit_log::from_partner_tenant_id,
            audit_log::to_partner_tenant_id,
            audit_log::actor_email,
            audit_log::partner_tenant_id,
            audit_log::customer_tenant_id,
        ))
        .load(&mut app.conn())
        .unwrap()
}

fn last_audit(app: &TestApp) -> i32 {
    audit_log::table
        .select(diesel::dsl::max(audit_log::id))
        .first::<Option<i32>>(&mut app.conn())
        .unwrap()
        .unwrap_or(0)
}

/// Every subscription, as stored: (contact, version, status).
fn everything(app: &TestApp) -> BTreeMap<String, (String, i32, String)> {
    subscriptions::table
        .select((
            subscriptions::id,
            subscriptions::support_contact_tenant_id,
            subscriptions::version,
            subscriptions::status,
        ))
        .load::<(String, String, i32, String)>(&mut app.conn())
        .unwrap()
        .into_iter()
        .map(|(id, contact, version, status)| (id, (contact, version, status)))
        .collect()
}

#[actix_web::test]
async fn all_matching_changes_exactly_the_matching_eligible_subscriptions_one_audit_row_each() {
    let app = spawn_app().await;
    grow(&app);
    counts_are_kept(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let path = format!("/partner/resellers/{TREY_RESEARCH}");
    let page = contoso.get(&format!("{path}?q=birch")).await;
    let matching = expected(&app, false, "birch");
    assert!(matching.len() > 10, "{matching:?}");
    // The page says what the button does, and to how many.
    let button = page
        .texts("table.could ~ p.actions button[value=matching]")
        .join("");
    assert_eq!(
        button,
        format!(
            "Make Trey Research the support contact of all {} matching",
            matching.len()
        )
    );
    assert!(
        page.texts("#could .matching-note")[0].contains("whose name begins with “birch”"),
        "{:?}",
        page.texts("#could .matching-note")
    );

    let before = everything(&app);
    let live = contoso_live(&app);
    let audit_before = last_audit(&app);
    let done = contoso
        .post_form(
            &path,
            &[
                ("csrf_token", &page.csrf_token()),
                ("action", "assign"),
                ("scope", "matching"),
                ("q", "birch"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location.as_deref(), Some(path.as_str()));
    let after = contoso.get(&path).await;
    assert_eq!(
        after.texts(".flash"),
        [format!(
            "Trey Research is now the designated support contact of {} more subscriptions.",
            matching.len()
        )]
    );

    // Exactly those changed, each to its next version; nothing else did.
    let now = everything(&app);
    for (id, (contact, version, status)) in &before {
        if matching.contains(id) {
            assert_eq!(
                now[id],
                (TREY_RESEARCH.to_owned(), version + 1, status.clone())
            );
        } else {
            assert_eq!(
                &now[id],
                &(contact.clone(), *version, status.clone()),
                "{id}"
            );
        }
    }
    // One audit row each, from the contact it had.
    let written = audit_after(&app, audit_before);
    assert_eq!(written.len(), matching.len());
    let audited: BTreeSet<String> = written.iter().map(|r| r.1.clone().unwrap()).collect();
    assert_eq!(audited, matching);
    for (action, subscription, from, to, actor, partner, customer) in &written {
        let id = subscription.as_ref().unwrap();
        assert_eq!(action, "support_contact.changed");
        assert_eq!(from.as_deref(), Some(live[id].contact.as_str()));
        assert_eq!(to.as_deref(), Some(TREY_RESEARCH));
        assert_eq!(actor, CONTOSO_ADMIN);
        assert_eq!(partner.as_deref(), Some(CONTOSO));
        assert!(customer.as_ref().unwrap().starts_with("b0a40000"));
    }
    counts_are_kept(&app);
    assert!(expected(&app, false, "birch").is_empty());

    // And every one Trey Research supports for Contoso back, on every page.
    let supported = expected(&app, true, "");
    assert!(supported.len() > PAGE);
    let page = contoso.get(&path).await;
    let button = page.texts("table.supported ~ p.actions button[value=matching]");
    assert_eq!(
        button,
        [format!("Make all {} matching yours again", supported.len())]
    );
    let audit_before = last_audit(&app);
    let done = contoso
        .post_form(
            &path,
            &[
                ("csrf_token", &page.csrf_token()),
                ("action", "release"),
                ("scope", "matching"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert!(expected(&app, true, "").is_empty());
    assert_eq!(audit_after(&app, audit_before).len(), supported.len());
    assert_eq!(
        contoso.get(&path).await.texts(".flash"),
        [format!(
            "{} subscriptions went from Trey Research back to your support.",
            supported.len()
        )]
    );
    counts_are_kept(&app);
    let list = contoso.get("/partner/resellers").await;
    let trey_row = list
        .texts("table.authorizations tbody tr")
        .into_iter()
        .find(|r| r.contains("Trey Research"))
        .unwrap();
    assert!(trey_row.contains("no subscription"), "{trey_row}");
}

#[actix_web::test]
async fn another_providers_subscriptions_are_never_touched_even_with_forged_ids() {
    let app = spawn_app().await;
    grow(&app);
    let adatum_subs: Vec<String> = subscriptions::table
        .filter(subscriptions::provider_tenant_id.eq(ADATUM))
        .select(subscriptions::id)
        .load(&mut app.conn())
        .unwrap();
    let theirs = |app: &TestApp| -> Vec<(String, String, i32, String)> {
        let all = everything(app);
        adatum_subs
            .iter()
            .map(|id| {
                let (c, v, s) = all[id].clone();
                (id.clone(), c, v, s)
            })
            .collect()
    };
    let untouched = theirs(&app);
    let adatum_audit = |app: &TestApp| -> i64 {
        audit_log::table
            .filter(audit_log::subscription_id.eq_any(&adatum_subs))
            .count()
            .get_result(&mut app.conn())
            .unwrap()
    };
    let adatum_rows = adatum_audit(&app);
    // Adatum's subscriptions at customers where Trey Research holds DAP.
    let at_trey_dap = grown_subscription(1, 2);
    assert!(adatum_subs.contains(&at_trey_dap));

    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let path = format!("/partner/resellers/{TREY_RESEARCH}");
    let page = contoso.get(&path).await;
    let token = page.csrf_token();
    let ours = page.values("table.could input[name=listed]", "value");
    // Forged: one of Adatum's, alone or among Contoso's, chosen or listed.
    for scope in ["selected", "all"] {
        let field = if scope == "all" {
            "listed"
        } else {
            "subscription"
        };
        for (action, value) in [
            ("assign", format!("{at_trey_dap}:1")),
            ("release", format!("{at_trey_dap}:1")),
        ] {
            let fields = [
                ("csrf_token", token.as_str()),
                ("action", action),
                ("scope", scope),
                (field, ours[0].as_str()),
                (field, value.as_str()),
            ];
            let refused = contoso.post_form(&path, &fields).await;
            assert_eq!(refused.status, StatusCode::NOT_FOUND, "{scope} {action}");
        }
    }
    let (first_id, first_version) = ours[0].split_once(':').unwrap();
    assert_eq!(
        app.stored_contact(first_id).1.to_string(),
        first_version,
        "nothing changed"
    );
    // All matching: Contoso's change, Adatum's stay.
    for (action, q) in [("assign", ""), ("release", ""), ("assign", "alder")] {
        let done = contoso
            .post_form(
                &path,
                &[
                    ("csrf_token", token.as_str()),
                    ("action", action),
                    ("scope", "matching"),
                    ("q", q),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{action}");
    }
    assert!(!expected(&app, true, "alder").is_empty());
    // Adatum cannot reach Contoso's reseller page, whatever it posts.
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let adatum_token = adatum.get("/partner").await.csrf_token();
    for scope in ["matching", "selected"] {
        let refused = adatum
            .post_form(
                &path,
                &[
                    ("csrf_token", adatum_token.as_str()),
                    ("action", "assign"),
                    ("scope", scope),
                    ("subscription", ours[1].as_str()),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{scope}");
    }
    assert_eq!(theirs(&app), untouched);
    assert_eq!(adatum_audit(&app), adatum_rows);
    counts_are_kept(&app);
}

#[actix_web::test]
async fn a_bulk_change_of_all_matching_and_single_assignments_at_once_lose_no_update() {
    let app = spawn_app().await;
    grow(&app);
    let path = format!("/partner/resellers/{TREY_RESEARCH}");
    let bulk = app.signed_in(CONTOSO_ADMIN).await;
    let token = bulk.get(&path).await.csrf_token();
    // Single assignments of subscriptions the bulk change also moves, each
    // from a page read before any of it.
    let singles: Vec<(String, String)> = (0..GROWN)
        .filter(|n| n % 6 < 4)
        .take(8)
        .map(|n| (grown_customer(n), grown_subscription(n, 1)))
        .collect();
    let mut browsers = Vec::new();
    for _ in &singles {
        browsers.push(app.signed_in(CONTOSO_ADMIN).await);
    }
    let mut forms = Vec::new();
    for ((customer, sub), browser) in singles.iter().zip(&browsers) {
        let page = browser.get(&subscription_path(customer, sub)).await;
        let version = page.values("input[name=version]", "value")[0].clone();
        let (contact, _) = app.stored_contact(sub);
        let to = if contact == CONTOSO {
            TREY_RESEARCH
        } else {
            CONTOSO
        };
        forms.push((page.csrf_token(), version, to));
    }
    let before = everything(&app);
    let audit_before = last_audit(&app);
    let bulk_fields = |action: &'static str| {
        vec![
            ("csrf_token", token.clone()),
            ("action", action.to_owned()),
            ("scope", "matching".to_owned()),
        ]
    };
    let mut requests: Vec<std::pin::Pin<Box<dyn std::future::Future<Output = Page> + '_>>> =
        Vec::new();
    for action in ["assign", "release", "assign"] {
        let fields = bulk_fields(action);
        let (browser, path) = (&bulk, path.clone());
        requests.push(Box::pin(async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            browser.post_form(&path, &pairs).await
        }));
    }
    for (((customer, sub), browser), (csrf, version, to)) in
        singles.iter().zip(&browsers).zip(&forms)
    {
        requests.push(Box::pin(async move {
            let fields = [
                ("csrf_token", csrf.as_str()),
                ("version", version.as_str()),
                ("support_contact", *to),
            ];
            let path = format!("{}/support-contact", subscription_path(customer, sub));
            browser.post_form(&path, &fields).await
        }));
    }
    let answers = join_all(requests).await;
    for answer in &answers {
        assert!(
            [StatusCode::SEE_OTHER, StatusCode::CONFLICT].contains(&answer.status),
            "{}: {}",
            answer.status,
            answer.body
        );
    }
    assert!(
        answers[..3]
            .iter()
            .any(|a| a.status == StatusCode::SEE_OTHER)
    );

    // Every change is in the audit log, one after the other: each starts
    // from the contact the one before left, and moved the version once.
    let written = audit_after(&app, audit_before);
    let mut by_subscription: BTreeMap<String, Vec<&AuditRow>> = BTreeMap::new();
    for row in &written {
        assert_eq!(row.0, "support_contact.changed");
        by_subscription
            .entry(row.1.clone().unwrap())
            .or_default()
            .push(row);
    }
    let now = everything(&app);
    for (id, (contact, version, status)) in &now {
        let changes = by_subscription.get(id).map_or(&[][..], Vec::as_slice);
        let (was, was_version, was_status) = &before[id];
        assert_eq!(status, was_status);
        assert_eq!(*version, was_version + changes.len() as i32, "{id}");
        let mut at = was.clone();
        for change in changes {
            assert_eq!(change.2.as_deref(), Some(at.as_str()), "{id}");
            at = change.3.clone().unwrap();
        }
        assert_eq!(&at, contact, "{id}: the last change is what is stored");
    }
    assert!(
        by_subscription
            .keys()
            .any(|id| singles.iter().any(|(_, s)| s == id))
    );
    counts_are_kept(&app);
}

#[actix_web::test]
async fn the_resellers_list_pages_by_key_through_every_reseller_once_with_kept_counts() {
    let app = spawn_app().await;
    {
        let mut conn = app.conn();
        let now = app.now();
        let contoso = tenant(CONTOSO);
        for r in 0..120 {
            let reseller = Partner {
                tenant_id: tenant(&format!("2e5e0000-0000-4000-8000-{r:012x}")),
                mpn_id: format!("{}", 7_100_000 + r),
                name: format!("Reseller {r:03}"),
                kind: PartnerKind::IndirectReseller,
                support: SupportProfile {
                    email: format!("support@reseller{r:03}.example"),
                    telephone: "+1 555 0100".to_owned(),
                    website: format!("https://reseller{r:03}.example"),
                },
            };
            store::partners::insert(&mut conn, &reseller, now).unwrap();
            store::partners::authorize_reseller(&mut conn, &contoso, &reseller.tenant_id, now)
                .unwrap();
        }
    }
    grow(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let (names, rows) = every_reseller_from(&contoso, "/partner/resellers").await;
    assert_eq!(
        names.len() as i64,
        resellers_of_contoso(&app),
        "every reseller, once"
    );
    let unique: BTreeSet<&String> = names.iter().collect();
    assert_eq!(unique.len(), names.len());
    // Current ones by name, the ended one last.
    assert_eq!(names.last().map(String::as_str), Some("Proseware Partners"));
    let current = &names[..names.len() - 1];
    assert!(current.is_sorted(), "{current:?}");
    let trey = rows.iter().find(|r| r.contains("Trey Research")).unwrap();
    let supports = contoso_live(&app)
        .values()
        .filter(|s| s.contact == TREY_RESEARCH)
        .count();
    assert!(
        trey.contains(&format!("{supports} subscriptions")),
        "{trey}"
    );

    // Current only, or ended only, page after page.
    let (current_only, _) = every_reseller_from(&contoso, "/partner/resellers?state=active").await;
    assert_eq!(current_only, current);
    let (ended_only, _) = every_reseller_from(&contoso, "/partner/resellers?state=ended").await;
    assert_eq!(ended_only, ["Proseware Partners"]);
    let page = contoso.get("/partner/resellers?state=ended").await;
    assert_eq!(page.values("#state option[selected]", "value"), ["ended"]);
    // A state the page does not have: said, and every reseller shown.
    let odd = contoso.get("/partner/resellers?state=pending").await;
    assert_eq!(odd.status, StatusCode::OK);
    assert!(
        odd.text()
            .contains("asks for an authorization state this page does not have"),
        "{}",
        odd.text()
    );
    assert_eq!(odd.values("#state option[selected]", "value"), [""]);

    // A bad `after` is the first page.
    let first = contoso.get("/partner/resellers").await;
    for after in ["nonsense", ADATUM, "0badc0de-0000-4000-8000-000000000000"] {
        let page = contoso
            .get(&format!("/partner/resellers?after={after}"))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert_eq!(
            page.texts("table.authorizations tbody th"),
            first.texts("table.authorizations tbody th"),
            "{after}"
        );
    }
}

/// Every reseller's name and row from `path` on, by the "next" links.
async fn every_reseller_from(browser: &Browser, path: &str) -> (Vec<String>, Vec<String>) {
    let mut path = path.to_owned();
    let (mut names, mut rows) = (Vec::new(), Vec::new());
    loop {
        let page = browser.get(&path).await;
        assert_eq!(page.status, StatusCode::OK);
        let here = page.texts("table.authorizations tbody th");
        assert!(here.len() <= PAGE);
        names.extend(here);
        rows.extend(page.texts("table.authorizations tbody tr"));
        assert!(names.len() < 1_000, "the links go round in circles");
        match page.values("nav.pager a[rel=next]", "href").first() {
            Some(next) => path = next.clone(),
            None => return (names, rows),
        }
    }
}

/// How many resellers Contoso has, current or not.
fn resellers_of_contoso(app: &TestApp) -> i64 {
    use support_contacts::db::schema::reseller_authorizations as ra;
    ra::table
        .filter(ra::provider_tenant_id.eq(CONTOSO))
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

/// Milliseconds at the 50th and 95th percentile of `n` requests for `path`.
async fn timed(browser: &Browser, path: &str, n: usize) -> (f64, f64) {
    let mut samples = Vec::with_capacity(n);
    for _ in 0..n + 5 {
        let started = std::time::Instant::now();
        let page = browser.get(path).await;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(page.status, StatusCode::OK, "{path}");
    }
    let mut samples = samples.split_off(5);
    samples.sort_by(f64::total_cmp);
    (samples[n / 2], samples[n * 95 / 100])
}

/// Prints how long the resellers pages take with 40,000 subscriptions more
/// (20,000 customers, Trey Research with DAP at half of them), and how long
/// a bulk change of 10,000 of them takes over HTTP, each way; asserts what
/// it changed, never how fast. Run it on a release build: `cargo test
/// --release --test http -- --ignored ten_thousand --nocapture`.
#[actix_web::test]
#[ignore = "a measurement: run it on a release build"]
async fn ten_thousand_subscriptions_in_one_bulk_change() {
    let app = spawn_app().await;
    let customers = 20_000;
    let started = std::time::Instant::now();
    {
        let mut conn = app.conn();
        let now = app.now();
        let (contoso, trey) = (tenant(CONTOSO), tenant(TREY_RESEARCH));
        support_contacts::db::write(&mut conn, |conn| -> QueryResult<()> {
            for n in 0..customers {
                let customer = Customer {
                    tenant_id: tenant(&format!("7e400000-0000-4000-8000-{n:012x}")),
                    company_name: format!("Large Customer {n:05}"),
                    domain: format!("large{n:05}.onmicrosoft.com"),
                    country: "US".to_owned(),
                };
                let id = &customer.tenant_id;
                store::customers::insert(conn, &customer, now)?;
                store::relationships::insert_active(conn, id, &contoso, true, now)?;
                if n % 2 == 0 {
                    store::relationships::insert_active(conn, id, &trey, true, now)?;
                }
                for k in 0..2 {
                    let new = store::subscriptions::NewSubscription {
                        id: SubscriptionId::from_trusted(format!(
                            "7e400001-000{k}-4000-8000-{n:012x}"
                        )),
                        customer: id.clone(),
                        provider: contoso.clone(),
                        reseller_of_record: None,
                        offer_name: format!("Plan {k}"),
                        friendly_name: format!("Plan {k}"),
                        quantity: 5,
                    };
                    store::subscriptions::insert(conn, &Actor::system(), &new, now)?;
                }
            }
            Ok(())
        })
        .unwrap();
    }
    eprintln!("grown in {:.1?}", started.elapsed());
    if suite_on_postgres() {
        // What autovacuum would do soon after so many new rows. (SQLite keeps
        // no statistics unless asked, and the product never asks.)
        diesel::sql_query("ANALYZE")
            .execute(&mut app.conn())
            .unwrap();
    }
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let path = format!("/partner/resellers/{TREY_RESEARCH}");
    let report = |what: &str, (p50, p95): (f64, f64)| {
        eprintln!("{what}: p50 {p50:.1} ms, p95 {p95:.1} ms");
    };
    report("resellers", timed(&contoso, "/partner/resellers", 50).await);
    report("reseller page", timed(&contoso, &path, 50).await);
    // Customers 00000 to 09999, Trey Research at every other: 10,000.
    let search = "large customer 0";
    let page = contoso.get(&format!("{path}?q={search}")).await;
    assert_eq!(
        page.texts("#could button[value=matching]"),
        ["Make Trey Research the support contact of all matching (more than 1,000)"]
    );
    let token = page.csrf_token();
    let audit_before = last_audit(&app);
    for (action, to) in [("assign", TREY_RESEARCH), ("release", CONTOSO)] {
        let started = std::time::Instant::now();
        let done = contoso
            .post_form(
                &path,
                &[
                    ("csrf_token", token.as_str()),
                    ("action", action),
                    ("scope", "matching"),
                    ("q", search),
                ],
            )
            .await;
        let took = started.elapsed();
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        eprintln!("bulk change ({action}) of 10,000 subscriptions: {took:.1?}");
        let moved: i64 = subscriptions::table
            .filter(subscriptions::id.like("7e400001-%"))
            .filter(subscriptions::support_contact_tenant_id.eq(to))
            .count()
            .get_result(&mut app.conn())
            .unwrap();
        assert_eq!(moved, if to == CONTOSO { 40_000 } else { 10_000 });
        if action == "assign" {
            report(
                "reseller page, 10,000 supported",
                timed(&contoso, &path, 50).await,
            );
            report(
                "resellers, 10,000 supported",
                timed(&contoso, "/partner/resellers", 50).await,
            );
        }
    }
    assert_eq!(audit_after(&app, audit_before).len(), 20_000);
    counts_are_kept(&app);
}
