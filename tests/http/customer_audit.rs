//! A customer admin's Audit log (`/admin/activity`): what happened in their
//! tenant, whoever did it, named (who, with address and organization, what,
//! before and after), filtered by subscription, kind and dates, counted,
//! paged by key and exported; and nothing of another tenant, whatever the
//! filter.

use std::collections::HashMap;

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::{audit_log, customer_activity, customer_activity_kinds};
use support_contacts::domain::activity::ChangeKind;
use support_contacts::domain::audit::Action;

use crate::fixtures::*;
use crate::helpers::*;

/// The ids of the changes a page shows, in its order.
fn shown(page: &Page) -> Vec<i32> {
    page.values("table.activity tbody tr", "id")
        .iter()
        .map(|id| id.strip_prefix("change-").unwrap().parse().unwrap())
        .collect()
}

fn total(page: &Page) -> String {
    page.texts(".total").join(" ")
}

/// The ids of the audit rows filed under `customer`, newest first, that
/// `keep` keeps (by action and subscription), as the log holds them.
fn filed(app: &TestApp, customer: &str, keep: impl Fn(&str, Option<&str>) -> bool) -> Vec<i32> {
    let rows: Vec<(i32, String, Option<String>)> = customer_activity::table
        .inner_join(audit_log::table)
        .filter(customer_activity::customer_tenant_id.eq(customer))
        .order((
            customer_activity::occurred_at.desc(),
            customer_activity::audit_id.desc(),
        ))
        .select((audit_log::id, audit_log::action, audit_log::subscription_id))
        .load(&mut app.conn())
        .unwrap();
    rows.into_iter()
        .filter(|(_, action, subscription)| keep(action, subscription.as_deref()))
        .map(|(id, _, _)| id)
        .collect()
}

/// The cells of a CSV body, row by row (RFC 4180).
fn csv(body: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell) = (Vec::new(), String::new());
    let mut chars = body.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') if chars.peek() == Some(&'\n') => {
                chars.next();
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    assert!(
        cell.is_empty() && row.is_empty(),
        "the body ends its last row"
    );
    rows
}

/// A provider, a reseller with delegated admin privileges and a customer
/// with two subscriptions.
fn world(app: &TestApp, provider: &str, reseller: &str, customer: &str) -> World {
    Fixture::new(app)
        .provider(provider)
        .reseller(reseller, Tie::Dap)
        .customer(customer)
        .subscriptions(&["Office 365 E3", "Visio Plan 2"])
        .build()
}

#[actix_web::test]
async fn a_customer_admin_sees_a_partners_contact_change_by_name_with_before_and_after() {
    let app = spawn_empty_app().await;
    let world = world(
        &app,
        "Contoso Distribution",
        "Trey Research",
        "Wide World Importers",
    );
    let provider = app.signed_in_as(&world.provider.admin).await;
    let trey = world.reseller("Trey Research");
    let moved = submit_contact(
        &provider,
        &world.customer().id,
        world.subscription(0),
        Some(&trey.id),
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);

    let admin = app.signed_in_as(&world.customer().admin).await;
    let page = admin.get("/admin/activity").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.values("nav a[aria-current=page]", "href"),
        ["/admin/activity"]
    );
    let customer = &world.customer().id;
    assert_eq!(
        shown(&page),
        filed(&app, customer, |_, _| true)[..shown(&page).len()]
    );
    let newest = &page.texts("table.activity tbody tr")[0];
    assert!(
        newest.contains("Office 365 E3")
            && newest.contains("Designated support contact: Contoso Distribution → Trey Research")
            && newest.contains("Admin of Contoso Distribution")
            && newest.contains("<admin@contoso-distribution.example>")
            && newest.contains("· Contoso Distribution"),
        "{newest}"
    );
    assert_eq!(page.texts("tbody tr td.before")[0], "Contoso Distribution");
    assert_eq!(page.texts("tbody tr td.after")[0], "Trey Research");
    // When: the instant for the viewer's time zone, UTC as text.
    let when = page.values("tbody tr time", "datetime");
    assert!(when[0].ends_with('Z'), "{when:?}");

    // The relationship the customer's admin accepted, with the reseller's
    // name.
    let answered = admin
        .get("/admin/activity?kind=relationship_answered")
        .await;
    let rows = answered.texts("table.activity tbody tr");
    assert!(
        rows.iter().any(|r| r
            .contains("Relationship with Trey Research accepted, with delegated admin privileges")),
        "{rows:#?}"
    );
    assert_eq!(
        shown(&answered),
        filed(&app, customer, |a, _| {
            a == "relationship.accepted" || a == "relationship.declined"
        })
    );

    // In Traditional Chinese, the same page in that language.
    let zh = admin
        .client
        .get(format!("{}/admin/activity", app.base))
        .header("accept-language", "zh-TW")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(zh.contains("稽核記錄") && zh.contains("變更前"), "{zh}");
}

#[actix_web::test]
async fn users_changed_and_sign_ins_refused_show_for_their_customer_only() {
    let app = spawn_empty_app().await;
    let ours = world(
        &app,
        "Contoso Distribution",
        "Trey Research",
        "Wide World Importers",
    );
    let theirs = world(&app, "Adatum Cloud", "Proseware", "Alpine Ski House");
    // Our admin adds a colleague.
    let (manager, _) = customer_user(&mut app.conn(), ours.customer());
    support_contacts::app::users::invite(
        &mut app.conn(),
        &manager,
        "ann@wideworldimporters.example",
        "Ann Colleague",
        support_contacts::domain::Role::CustomerAdmin,
        app.now(),
    )
    .unwrap();
    // Someone guesses our admin's password until the account is blocked
    // (our admin signed in before).
    let admin = app.signed_in_as(&ours.customer().admin).await;
    let attacker = from_address(&app, "203.0.113.9");
    let mut tries = 0;
    loop {
        let page = attacker
            .sign_in(&ours.customer().admin.email, "not-the-password", None)
            .await;
        if page.status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        tries += 1;
        assert!(tries <= 10, "never blocked");
    }

    let users = admin.get("/admin/activity?kind=users").await;
    let rows = users.texts("table.activity tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains("User added: ann@wideworldimporters.example")),
        "{rows:#?}"
    );
    let refused = admin.get("/admin/activity?kind=sign_ins").await;
    let rows = refused.texts("table.activity tbody tr");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert!(
        rows[0].contains("Sign-in to this account refused")
            && rows[0].contains(&ours.customer().admin.email),
        "{}",
        rows[0]
    );

    // The other customer sees none of it, under any filter.
    let other = app.signed_in_as(&theirs.customer().admin).await;
    for path in [
        "/admin/activity?kind=all".to_owned(),
        "/admin/activity?kind=sign_ins".to_owned(),
        "/admin/activity.csv?kind=all".to_owned(),
        format!(
            "/admin/activity?kind=all&subscription={}",
            ours.subscription(0)
        ),
        format!(
            "/admin/activity.csv?kind=all&subscription={}",
            ours.subscription(0)
        ),
    ] {
        let page = other.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        for secret in [
            "Wide World Importers",
            "ann@wideworldimporters",
            "Sign-in to this account",
            "Contoso Distribution",
            "Trey Research",
            ours.subscription(0),
            ours.subscription(1),
        ] {
            // What was typed is shown again as typed, nothing more.
            if !path.contains(secret) {
                assert!(!page.body.contains(secret), "{path} shows {secret}");
            }
        }
    }
    // Another tenant's subscription, typed: nothing, said so.
    let typed = other
        .get(&format!(
            "/admin/activity?kind=all&subscription={}",
            ours.subscription(0)
        ))
        .await;
    assert!(shown(&typed).is_empty());
    assert!(typed.text().contains("No change matches this filter."));
}

/// A customer whose two subscriptions change on three days.
async fn three_days() -> (TestApp, World) {
    let app = spawn_empty_app().await;
    let world = world(
        &app,
        "Contoso Distribution",
        "Trey Research",
        "Wide World Importers",
    );
    let trey = world.reseller("Trey Research").id.clone();
    // Day 2: the provider makes Trey Research the contact of the first.
    app.clock.advance(Duration::days(1));
    let provider = app.signed_in_as(&world.provider.admin).await;
    let customer = world.customer().id.clone();
    let moved = submit_contact(&provider, &customer, world.subscription(0), Some(&trey)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    // Day 3: it suspends the second.
    app.clock.advance(Duration::days(1));
    let provider = app.signed_in_as(&world.provider.admin).await;
    let path = subscription_path(&customer, world.subscription(1));
    let suspended = provider
        .submit(
            &path,
            &format!("{path}/status"),
            &[("status", "suspended"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(suspended.status, StatusCode::SEE_OTHER);
    (app, world)
}

#[actix_web::test]
async fn filters_narrow_by_subscription_kind_and_days_and_are_kept_in_links() {
    let (app, world) = three_days().await;
    let customer = world.customer().id.clone();
    let (first, second) = (
        world.subscription(0).to_owned(),
        world.subscription(1).to_owned(),
    );
    let admin = app.signed_in_as(&world.customer().admin).await;

    // The select offers the customer's subscriptions.
    let page = admin.get("/admin/activity?kind=all").await;
    let offered = page.values("select[name=subscription] option", "value");
    assert!(
        offered.contains(&first) && offered.contains(&second),
        "{offered:?}"
    );
    assert_eq!(offered[0], "", "all subscriptions first");

    let by_subscription = admin
        .get(&format!("/admin/activity?kind=all&subscription={second}"))
        .await;
    let ids = shown(&by_subscription);
    assert!(!ids.is_empty());
    assert_eq!(
        ids,
        filed(&app, &customer, |_, s| s == Some(second.as_str()))
    );
    assert_eq!(
        by_subscription.values("select[name=subscription] option[selected]", "value"),
        std::slice::from_ref(&second)
    );
    assert_eq!(
        by_subscription.values("a[download]", "href"),
        [format!(
            "/admin/activity.csv?subscription={second}&kind=all"
        )]
    );

    let by_kind = admin.get("/admin/activity?kind=subscription_status").await;
    let rows = by_kind.texts("table.activity tbody tr");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert!(rows[0].contains("Subscription suspended") && rows[0].contains("Visio Plan 2"));
    assert_eq!(total(&by_kind), "One change");

    // Day 2 alone: the contact change, not the suspension nor day 1.
    let day2 = (start_time() + Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let by_day = admin
        .get(&format!("/admin/activity?kind=all&from={day2}&to={day2}"))
        .await;
    let rows = by_day.texts("table.activity tbody tr");
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert!(rows[0].contains("Contoso Distribution → Trey Research"));
    let day3 = (start_time() + Duration::days(2))
        .format("%Y-%m-%d")
        .to_string();
    let since = admin
        .get(&format!("/admin/activity?kind=all&from={day3}"))
        .await;
    assert_eq!(
        shown(&since),
        filed(&app, &customer, |a, _| a == "subscription.suspended")
    );

    // A bad date: said, the form kept as typed, no list shown (422).
    let bad = admin
        .get("/admin/activity?kind=all&from=yesterday&subscription=nope")
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problems = bad.texts("#filter-problems li");
    assert!(
        problems.iter().any(|p| p.contains("“From” is not a date"))
            && problems.iter().any(|p| p.contains("not a subscription ID")),
        "{problems:?}"
    );
    assert!(shown(&bad).is_empty());
    assert!(
        bad.texts(".total").is_empty(),
        "no count of a filter not applied"
    );
    assert_eq!(bad.values("input[name=from]", "value"), ["yesterday"]);
    let export = admin.get("/admin/activity.csv?from=2026-13-01").await;
    assert_eq!(export.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(export.text().contains("“From” is not a date"));
}

#[actix_web::test]
async fn pages_go_by_key_through_every_change_once_both_ways_with_the_filter_kept() {
    let app = spawn_empty_app().await;
    let world = world(
        &app,
        "Contoso Distribution",
        "Trey Research",
        "Wide World Importers",
    );
    let customer = world.customer().id.clone();
    let (provider_id, trey) = (
        world.provider.id.clone(),
        world.reseller("Trey Research").id.clone(),
    );
    let provider = app.signed_in_as(&world.provider.admin).await;
    // Back and forth, all at the same instant: the key's id breaks ties.
    for turn in 0..60 {
        let to = if turn % 2 == 0 { &trey } else { &provider_id };
        let moved = submit_contact(&provider, &customer, world.subscription(0), Some(to)).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER);
    }
    let everything = filed(&app, &customer, |_, _| true);
    assert!(everything.len() > 50, "{}", everything.len());
    let admin = app.signed_in_as(&world.customer().admin).await;
    let mut pages = Vec::new();
    let mut at = Some("/admin/activity?kind=all".to_owned());
    while let Some(path) = at {
        let page = admin.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(total(&page), format!("{} changes", everything.len()));
        let next = page.values("a[rel=next]", "href").pop();
        if let Some(next) = &next {
            assert!(
                next.starts_with("/admin/activity?kind=all&after="),
                "{next}"
            );
        }
        pages.push((path, shown(&page)));
        at = next;
    }
    assert!(pages.len() >= 2);
    let walked: Vec<i32> = pages.iter().flat_map(|(_, ids)| ids.clone()).collect();
    assert_eq!(walked, everything);
    // Back from the last page, each page as it was.
    let mut at = Some(pages.last().unwrap().0.clone());
    let mut back = Vec::new();
    while let Some(path) = at {
        let page = admin.get(&path).await;
        back.push(shown(&page));
        at = page.values("a[rel=prev]", "href").pop();
    }
    back.reverse();
    let forth: Vec<Vec<i32>> = pages.into_iter().map(|(_, ids)| ids).collect();
    assert_eq!(back, forth);
    // A filter is kept from page to page.
    let page = admin
        .get(&format!(
            "/admin/activity?kind=contact_changed&subscription={}",
            world.subscription(0)
        ))
        .await;
    let links = page.values("nav.pager a", "href");
    assert!(!links.is_empty());
    for link in links {
        assert!(
            link.contains(&format!(
                "subscription={}&kind=contact_changed",
                world.subscription(0)
            )),
            "{link}"
        );
    }
}

#[actix_web::test]
async fn the_export_has_a_header_the_pages_rows_and_neutralized_cells() {
    let app = spawn_empty_app().await;
    let world = world(&app, "=Contoso", "+Trey", "@Wide World Importers");
    let provider = app.signed_in_as(&world.provider.admin).await;
    let customer = world.customer().id.clone();
    let moved = submit_contact(
        &provider,
        &customer,
        world.subscription(0),
        Some(&world.reseller("+Trey").id),
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);

    let admin = app.signed_in_as(&world.customer().admin).await;
    let page = admin.get("/admin/activity?kind=all").await;
    let export = admin.get("/admin/activity.csv?kind=all").await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        export.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("audit.csv")
    );
    let rows = csv(&export.body);
    assert_eq!(
        rows[0],
        [
            "Change ID",
            "When (UTC)",
            "Kind of change",
            "Change",
            "Subscription",
            "Subscription ID",
            "Before",
            "After",
            "By",
            "E-mail",
            "Organization"
        ]
    );
    let ids: Vec<i32> = rows[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(ids, filed(&app, &customer, |_, _| true));
    assert_eq!(ids[..shown(&page).len()], shown(&page));
    let newest = &rows[1];
    assert_eq!(newest[1], "2026-03-02T09:30:00Z");
    assert_eq!(newest[2], "Support contact changed");
    assert_eq!(newest[3], "Designated support contact: =Contoso → +Trey");
    assert_eq!(newest[4], "Office 365 E3");
    assert_eq!(newest[5], world.subscription(0));
    assert_eq!(newest[6], "'=Contoso");
    assert_eq!(newest[7], "'+Trey");
    assert_eq!(newest[8], "Admin of =Contoso");
    assert_eq!(newest[9], world.provider.admin.email);
    assert_eq!(newest[10], "'=Contoso");
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    // On the page, the same names as text.
    assert_eq!(page.texts("tbody tr td.before")[0], "=Contoso");

    // In Traditional Chinese, the header in that language.
    let zh = admin
        .client
        .get(format!("{}/admin/activity.csv?kind=all", app.base))
        .header("accept-language", "zh-TW")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(zh.starts_with("變更識別碼,時間 (UTC),變更類型"), "{zh}");

    // Signed out, the page and the export send to sign in; a partner's
    // user is refused them.
    for path in ["/admin/activity", "/admin/activity.csv"] {
        let stranger = app.browser().get(path).await;
        assert_eq!(stranger.status, StatusCode::SEE_OTHER, "{path}");
        assert!(stranger.location.unwrap().starts_with("/login?next="));
        let partner = provider.get(path).await;
        assert_eq!(partner.status, StatusCode::FORBIDDEN, "{path}");
        assert!(!partner.body.contains(&customer));
    }
}

#[actix_web::test]
async fn the_database_files_each_action_under_the_customer_kind_the_domain_gives_it() {
    let app = spawn_empty_app().await;
    let filed: HashMap<String, String> = customer_activity_kinds::table
        .select((
            customer_activity_kinds::action,
            customer_activity_kinds::kind,
        ))
        .load::<(String, String)>(&mut app.conn())
        .unwrap()
        .into_iter()
        .collect();
    for action in Action::ALL {
        assert_eq!(
            filed.get(action.as_str()).map(String::as_str),
            ChangeKind::of_customer(action).map(ChangeKind::as_str),
            "{action}"
        );
    }
}

#[actix_web::test]
async fn migration_020_files_the_log_already_there_on_postgresql_as_the_trigger_does() {
    use support_contacts::db::{self, DatabaseUrl};
    use support_contacts::store::customer_activity::all_filed;
    let Some(admin) = postgres_or_skip() else {
        return;
    };
    let database = PostgresDatabase::create(&admin);
    let mut conn = db::connect(&DatabaseUrl::Postgres(database.url.clone())).unwrap();
    db::migrate(&mut conn).unwrap();
    support_contacts::demo::seed(&mut conn, start_time().naive_utc()).unwrap();
    let by_trigger = all_filed(&mut conn).unwrap();
    assert!(by_trigger.len() > 20);
    db::revert_from(&mut conn, "20261203000020").unwrap();
    db::migrate(&mut conn).unwrap();
    assert_eq!(all_filed(&mut conn).unwrap(), by_trigger);
}
