//! The partner's Activity: every change that concerns it, whoever made it,
//! named (customer, subscription, who), filtered, counted, paged by key and
//! exported; and nothing that concerns only others, whatever the filter.
//! What a page must show is worked out here from the audit log itself.

use std::collections::{BTreeSet, HashMap};

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::{activity_kinds, audit_log, customers, subscriptions};
use support_contacts::domain::activity::ChangeKind;
use support_contacts::domain::audit::Action;

use crate::fixtures::*;
use crate::helpers::*;

/// One audit row as the tests read it.
#[derive(Debug, Clone)]
struct Logged {
    id: i32,
    at: NaiveDateTime,
    kind: Option<ChangeKind>,
    customer_name: String,
    by_person: bool,
    /// The partners whose Activity it is in: whose user made it, whom it
    /// moved something from or to, and the provider of its subscription.
    concerns: BTreeSet<String>,
}

type AuditRow = (
    i32,
    NaiveDateTime,
    Option<i32>,
    String,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn logged(app: &TestApp) -> Vec<Logged> {
    let mut conn = app.conn();
    let rows: Vec<AuditRow> = audit_log::table
        .select((
            audit_log::id,
            audit_log::occurred_at,
            audit_log::actor_user_id,
            audit_log::actor_email,
            audit_log::partner_tenant_id,
            audit_log::action,
            audit_log::subscription_id,
            audit_log::from_partner_tenant_id,
            audit_log::to_partner_tenant_id,
            audit_log::customer_tenant_id,
        ))
        .load(&mut conn)
        .unwrap();
    let providers: HashMap<String, String> = subscriptions::table
        .select((subscriptions::id, subscriptions::provider_tenant_id))
        .load::<(String, String)>(&mut conn)
        .unwrap()
        .into_iter()
        .collect();
    let names: HashMap<String, String> = customers::table
        .select((customers::tenant_id, customers::company_name))
        .load::<(String, String)>(&mut conn)
        .unwrap()
        .into_iter()
        .collect();
    rows.into_iter()
        .map(
            |(id, at, user, email, partner, action, subscription, from, to, customer)| {
                let provider = subscription.and_then(|s| providers.get(&s).cloned());
                Logged {
                    id,
                    at,
                    kind: Action::parse(&action).and_then(ChangeKind::of),
                    customer_name: customer
                        .and_then(|c| names.get(&c).cloned())
                        .unwrap_or_default(),
                    by_person: user.is_some() || email != "system",
                    concerns: [partner, from, to, provider]
                        .into_iter()
                        .flatten()
                        .collect(),
                }
            },
        )
        .collect()
}

/// The ids of the changes `partner`'s Activity shows for a filter that
/// keeps `keep`, newest first.
fn expected(app: &TestApp, partner: &str, keep: impl Fn(&Logged) -> bool) -> Vec<i32> {
    let mut rows: Vec<Logged> = logged(app)
        .into_iter()
        .filter(|l| l.concerns.contains(partner) && l.kind.is_some() && keep(l))
        .collect();
    rows.sort_by_key(|l| std::cmp::Reverse((l.at, l.id)));
    rows.iter().map(|l| l.id).collect()
}

/// The ids of the changes a page shows, in its order.
fn shown(page: &Page) -> Vec<i32> {
    page.values("table.activity tbody tr", "id")
        .iter()
        .map(|id| id.strip_prefix("change-").unwrap().parse().unwrap())
        .collect()
}

/// A page's total, as it says it.
fn total(page: &Page) -> String {
    page.texts(".total").join(" ")
}

/// The cells of a CSV body, row by row (RFC 4180: quoted cells may hold
/// commas, doubled quotes and line breaks).
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

#[actix_web::test]
async fn rows_name_the_customer_the_subscription_and_who_made_it_by_name() {
    let app = spawn_app().await;
    trey_on_legacy_dap_at_wwi(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let moved = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    // WWI's admin takes Trey Research's admin privileges away: the contact reverts.
    let wwi = app.signed_in(WWI_ADMIN).await;
    let removed = wwi
        .submit(
            &format!("/admin/partners/{TREY_RESEARCH}?action=remove_dap"),
            &format!("/admin/partners/{TREY_RESEARCH}"),
            &[("action", "remove_dap")],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);

    // The provider: the revert by the customer's admin, then its own change.
    let page = contoso.get("/partner/activity").await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = page.texts("table.activity tbody tr");
    assert_eq!(
        shown(&page),
        expected(&app, CONTOSO, |l| l.by_person),
        "{rows:#?}"
    );
    assert!(
        rows[0].contains("Wide World Importers")
            && rows[0].contains("Office 365 Business Premium")
            && rows[0].contains(
                "Designated support contact back to the provider: Trey Research → Contoso Distribution"
            )
            && rows[0].contains("Wide World Importers Admin · Wide World Importers"),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].contains("Designated support contact: Contoso Distribution → Trey Research")
            && rows[1].contains("Contoso Admin · Contoso Distribution"),
        "{}",
        rows[1]
    );
    // People by name, never by address.
    let table = page.texts("table.activity").join(" ");
    assert!(!table.contains('@'), "{table}");
    let subscription = subscription_path(WWI, WWI_OFFICE_365);
    let customer = format!("/partner/customers/{WWI}");
    let links = page.values("table.activity a", "href");
    assert!(links.contains(&subscription) && links.contains(&customer));

    // The reseller: both rows, with the customer it still has a
    // relationship with linked, and the subscription it no longer supports
    // named but not linked.
    let trey = app.signed_in(TREY_ADMIN).await;
    let page = trey.get("/partner/activity").await;
    let rows = page.texts("table.activity tbody tr");
    assert!(rows[0].contains("Designated support contact back to the provider"));
    assert!(rows[1].contains("Delegated admin privileges of Trey Research removed"));
    assert!(
        rows.iter()
            .any(|r| r.contains("Contoso Distribution → Trey Research")
                && r.contains("Office 365 Business Premium"))
    );
    let links = page.values("table.activity a", "href");
    assert!(links.contains(&customer), "{links:?}");
    assert!(!links.contains(&subscription), "{links:?}");
    assert_eq!(trey.get(&subscription).await.status, StatusCode::NOT_FOUND);

    // Another provider sees none of it.
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let page = adatum.get("/partner/activity?kind=all").await;
    assert!(!page.text().contains("Trey Research"), "{}", page.text());
    assert_eq!(shown(&page), expected(&app, ADATUM, |_| true));
    assert!(!page.body.contains(WWI_OFFICE_365));
}

#[actix_web::test]
async fn what_nobody_made_is_left_out_until_its_kind_is_chosen() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    // The demo's rows were loaded by nobody: the page as it opens has none.
    let loaded = expected(&app, CONTOSO, |l| !l.by_person);
    assert!(loaded.len() > 10, "the demo was loaded by the system");
    let page = contoso.get("/partner/activity").await;
    assert!(shown(&page).is_empty());
    assert_eq!(total(&page), "No changes");
    assert!(
        page.text().contains(
            "Changes nobody made, such as the demo's data, show when you choose their kind"
        )
    );

    // A change by a person shows, alone.
    let moved = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let page = contoso.get("/partner/activity").await;
    assert_eq!(shown(&page), expected(&app, CONTOSO, |l| l.by_person));
    assert_eq!(shown(&page).len(), 1);
    assert_eq!(total(&page), "One change");
    assert!(!page.text().contains("System (nobody)"));

    // Choosing their kind shows the demo's subscriptions, made by nobody.
    let page = contoso
        .get("/partner/activity?kind=subscription_added")
        .await;
    let added = expected(&app, CONTOSO, |l| {
        l.kind == Some(ChangeKind::SubscriptionAdded)
    });
    let first = shown(&page);
    assert_eq!(first.len(), 50.min(added.len()));
    assert_eq!(first, added[..first.len()]);
    assert_eq!(total(&page), format!("{} changes", added.len()));
    for row in page.texts("table.activity tbody tr") {
        assert!(
            row.contains("Subscription added") && row.contains("System (nobody)"),
            "{row}"
        );
    }
    assert_eq!(
        page.values("select[name=kind] option[selected]", "value"),
        ["subscription_added"]
    );
    // And "every change" all of them.
    let everything = contoso.get("/partner/activity?kind=all").await;
    let all = expected(&app, CONTOSO, |_| true);
    assert_eq!(shown(&everything), all[..50.min(all.len())]);
}

/// Contoso and Adatum both sell to Wide World Importers; Contoso also to
/// Woodgrove Bank, Adatum also to Wide Open Logistics. Changes happen on
/// three days.
async fn two_providers_over_three_days() -> (TestApp, World, World, CustomerOrg, CustomerOrg) {
    let app = spawn_empty_app().await;
    let contoso = Fixture::new(&app)
        .provider("Contoso Distribution")
        .reseller("Trey Research", Tie::Dap)
        .customer("Wide World Importers")
        .subscriptions(&["Office 365 E3", "Visio Plan 2"])
        .build();
    let adatum = Fixture::new(&app)
        .provider("Adatum Cloud")
        .existing_customer(contoso.customer())
        .subscriptions(&["Exchange Online (Plan 1)"])
        .build();
    let woodgrove = more_customers(&app, &contoso.provider, &[("Woodgrove Bank", "woodgrove")])
        .pop()
        .unwrap();
    let wide_open = more_customers(
        &app,
        &adatum.provider,
        &[("Wide Open Logistics", "wideopen")],
    )
    .pop()
    .unwrap();

    // Day 2: Contoso makes Trey Research the contact of Office 365 E3;
    // Adatum suspends Exchange Online.
    app.clock.advance(Duration::days(1));
    let contoso_admin = app.signed_in_as(&contoso.provider.admin).await;
    let moved = submit_contact(
        &contoso_admin,
        &contoso.customer().id,
        contoso.subscription(0),
        Some(&contoso.reseller("Trey Research").id),
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let adatum_admin = app.signed_in_as(&adatum.provider.admin).await;
    let exchange = subscription_path(&adatum.customer().id, adatum.subscription(0));
    let suspended = adatum_admin
        .submit(
            &exchange,
            &format!("{exchange}/status"),
            &[("status", "suspended"), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(suspended.status, StatusCode::SEE_OTHER);

    // Day 3: each adds a subscription at its other customer (signed in
    // again: a day is past a session's idle limit).
    app.clock.advance(Duration::days(1));
    let contoso_admin = app.signed_in_as(&contoso.provider.admin).await;
    let adatum_admin = app.signed_in_as(&adatum.provider.admin).await;
    for (browser, customer, offer) in [
        (&contoso_admin, &woodgrove, "Power BI Pro"),
        (&adatum_admin, &wide_open, "Project Plan 3"),
    ] {
        let page = format!("/partner/customers/{}", customer.id);
        let added = browser
            .submit(
                &page,
                &format!("{page}/subscriptions"),
                &[("offer_name", offer), ("quantity", "2")],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    }
    (app, contoso, adatum, woodgrove, wide_open)
}

#[actix_web::test]
async fn each_filter_narrows_to_its_changes_and_never_shows_another_partners() {
    let (app, contoso, adatum, _, _) = two_providers_over_three_days().await;
    let browser = app.signed_in_as(&contoso.provider.admin).await;
    let (ours, theirs) = (&contoso.provider.id, &adatum.provider.id);
    let only_theirs: BTreeSet<i32> = logged(&app)
        .into_iter()
        .filter(|l| l.concerns.contains(theirs) && !l.concerns.contains(ours))
        .map(|l| l.id)
        .collect();
    assert!(only_theirs.len() >= 4, "Adatum did things of its own");
    fn day(n: i64) -> String {
        (start_time() + Duration::days(n))
            .format("%Y-%m-%d")
            .to_string()
    }
    fn on_day(l: &Logged, n: i64) -> bool {
        l.at.format("%Y-%m-%d").to_string() == day(n)
    }
    type Keep = Box<dyn Fn(&Logged) -> bool>;
    let cases: Vec<(String, Keep)> = vec![
        ("".into(), Box::new(|l: &Logged| l.by_person)),
        ("kind=all".into(), Box::new(|_: &Logged| true)),
        (
            // Any case; names that begin with it, not names that hold it.
            "customer=WIDE&kind=all".into(),
            Box::new(|l: &Logged| l.customer_name.to_lowercase().starts_with("wide")),
        ),
        (
            "customer=woodgrove".into(),
            Box::new(|l: &Logged| l.by_person && l.customer_name == "Woodgrove Bank"),
        ),
        ("customer=bank".into(), Box::new(|_: &Logged| false)),
        (
            "kind=contact_changed".into(),
            Box::new(|l: &Logged| l.kind == Some(ChangeKind::ContactChanged)),
        ),
        (
            "kind=subscription_status".into(),
            Box::new(|l: &Logged| l.kind == Some(ChangeKind::SubscriptionStatus)),
        ),
        (
            "kind=relationship_answered".into(),
            Box::new(|l: &Logged| l.kind == Some(ChangeKind::RelationshipAnswered)),
        ),
        (
            format!("kind=all&from={}&to={}", day(1), day(1)),
            Box::new(move |l: &Logged| on_day(l, 1)),
        ),
        (
            format!("from={}", day(1)),
            Box::new(move |l: &Logged| l.by_person && !on_day(l, 0)),
        ),
        (
            format!("kind=all&to={}", day(1)),
            Box::new(move |l: &Logged| !on_day(l, 2)),
        ),
        (
            format!("customer=wide&kind=subscription_added&from={}", day(0)),
            Box::new(|l: &Logged| {
                l.customer_name.starts_with("Wide") && l.kind == Some(ChangeKind::SubscriptionAdded)
            }),
        ),
    ];
    let mut narrowed_to_some = 0;
    for (query, keep) in cases {
        let page = browser.get(&format!("/partner/activity?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        let ids = shown(&page);
        assert_eq!(ids, expected(&app, ours, keep), "{query}");
        narrowed_to_some += usize::from(!ids.is_empty());
        assert!(ids.iter().all(|id| !only_theirs.contains(id)), "{query}");
        assert_eq!(
            total(&page),
            match ids.len() {
                0 => "No changes".to_owned(),
                1 => "One change".to_owned(),
                n => format!("{n} changes"),
            },
            "{query}"
        );
        // The export of the same filter holds the same changes.
        let export = browser.get(&format!("/partner/activity.csv?{query}")).await;
        assert_eq!(export.status, StatusCode::OK, "{query}");
        let exported: Vec<i32> = csv(&export.body)
            .iter()
            .skip(1)
            .map(|row| row[0].parse().unwrap())
            .collect();
        assert_eq!(exported, ids, "{query}");
    }
    // Every filter finds some but two: no customer name begins with "bank",
    // and only Adatum suspended anything (at a customer both serve).
    assert_eq!(narrowed_to_some, 10);
    // And Adatum, through the same filters, never sees Contoso's own.
    let adatum_browser = app.signed_in_as(&adatum.provider.admin).await;
    let woodgrove = adatum_browser
        .get("/partner/activity?customer=woodgrove&kind=all")
        .await;
    assert!(shown(&woodgrove).is_empty());
    let all = adatum_browser.get("/partner/activity?kind=all").await;
    assert_eq!(shown(&all), expected(&app, theirs, |_| true));
    assert!(!all.text().contains("Trey Research") && !all.text().contains("Visio"));
}

#[actix_web::test]
async fn bad_filter_input_is_said_on_the_page_with_the_filter_kept() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let long = "w".repeat(201);
    let long_query = format!("customer={long}");
    let cases = [
        (
            "from=yesterday&to=2026-02-30&customer=wide",
            vec!["“From” is not a date", "“To” is not a date"],
            vec![
                ("from", "yesterday"),
                ("to", "2026-02-30"),
                ("customer", "wide"),
            ],
        ),
        (
            "from=2026-03-05&to=2026-03-01&kind=contact_changed",
            vec!["“From” is after “To”"],
            vec![("from", "2026-03-05"), ("to", "2026-03-01")],
        ),
        (
            "kind=sign_in.blocked",
            vec!["Choose a kind of change from the list"],
            vec![],
        ),
        (
            long_query.as_str(),
            vec!["A customer name has at most 200 characters"],
            vec![("customer", long.as_str())],
        ),
    ];
    for (query, messages, kept) in cases {
        for path in ["/partner/activity", "/partner/activity.csv"] {
            let page = contoso.get(&format!("{path}?{query}")).await;
            assert_eq!(
                page.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{path}?{query}"
            );
            let problems = page.texts("#filter-problems").join(" ");
            for message in &messages {
                assert!(problems.contains(message), "{query}: {problems}");
            }
            for (field, value) in &kept {
                assert_eq!(
                    page.values(&format!("input[name={field}]"), "value"),
                    [*value],
                    "{query}"
                );
                // A date field holds what is not a date as text.
                if ["from", "to"].contains(field) {
                    let is_date = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok();
                    assert_eq!(
                        page.values(&format!("input[name={field}]"), "type"),
                        [if is_date { "date" } else { "text" }],
                        "{query}"
                    );
                }
            }
            assert!(!page.values("[aria-invalid=true]", "name").is_empty());
            assert!(shown(&page).is_empty(), "{query}");
        }
    }
    // The selected kind stays selected.
    let page = contoso
        .get("/partner/activity?kind=contact_changed&from=x")
        .await;
    assert_eq!(
        page.values("select[name=kind] option[selected]", "value"),
        ["contact_changed"]
    );
    // Cursors that are not ones, repeated fields, and old page numbers
    // show the newest page.
    for odd in [
        "after=nonsense",
        "before=2026-13-01T00:00:00_1",
        "page=7",
        "kind=all&kind=nonsense",
        "after=%FF%FE",
    ] {
        let page = contoso.get(&format!("/partner/activity?{odd}")).await;
        assert_eq!(page.status, StatusCode::OK, "{odd}");
    }
}

#[actix_web::test]
async fn pages_go_by_key_through_every_change_once_both_ways_with_the_filter_kept() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let everything = expected(&app, CONTOSO, |_| true);
    assert!(everything.len() > 50, "{} changes", everything.len());
    let first = "/partner/activity?kind=all".to_owned();
    let mut pages = Vec::new();
    let mut at = Some(first.clone());
    while let Some(path) = at {
        let page = contoso.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert_eq!(total(&page), format!("{} changes", everything.len()));
        let next = page.values("a[rel=next]", "href").pop();
        if let Some(next) = &next {
            assert!(
                next.starts_with("/partner/activity?kind=all&after="),
                "{next}"
            );
        }
        pages.push((path, shown(&page)));
        at = next;
    }
    assert!(pages.len() >= 2);
    assert!(
        pages[..pages.len() - 1]
            .iter()
            .all(|(_, ids)| ids.len() == 50)
    );
    let walked: Vec<i32> = pages.iter().flat_map(|(_, ids)| ids.clone()).collect();
    assert_eq!(walked, everything);

    // Back from the last page, each page as it was.
    let mut at = Some(pages.last().unwrap().0.clone());
    let mut back = Vec::new();
    while let Some(path) = at {
        let page = contoso.get(&path).await;
        back.push(shown(&page));
        at = page.values("a[rel=prev]", "href").pop();
        if let Some(prev) = &at {
            assert!(
                prev.starts_with("/partner/activity?kind=all&before="),
                "{prev}"
            );
        }
    }
    back.reverse();
    let forth: Vec<Vec<i32>> = pages.into_iter().map(|(_, ids)| ids).collect();
    assert_eq!(back, forth);

    // A filter is kept from page to page.
    let page = contoso
        .get("/partner/activity?kind=subscription_added&customer=a")
        .await;
    let ids = shown(&page);
    let expected_ids = expected(&app, CONTOSO, |l| {
        l.kind == Some(ChangeKind::SubscriptionAdded)
            && l.customer_name.to_lowercase().starts_with('a')
    });
    assert_eq!(ids, expected_ids[..ids.len()]);
    for link in page.values("nav.pager a", "href") {
        assert!(
            link.contains("customer=a&kind=subscription_added"),
            "{link}"
        );
    }
    assert!(
        page.values("a[download]", "href")
            == ["/partner/activity.csv?customer=a&kind=subscription_added"]
    );
}

#[actix_web::test]
async fn the_export_has_a_header_the_pages_rows_and_neutralized_cells() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app)
        .provider("Contoso Distribution")
        .customer("=HYPERLINK(\"https://evil.example\")")
        .build();
    // An agent whose name a spreadsheet would run.
    let agent = Login {
        email: "plus@contoso-distribution.example".into(),
        password: FIXTURE_PASSWORD.into(),
    };
    support_contacts::app::users::create(
        &mut app.conn(),
        &support_contacts::store::audit::Actor::command_line(),
        support_contacts::app::users::NewAccount {
            email: &agent.email,
            display_name: "+SUM(1,2)",
            organization: support_contacts::domain::Organization::Partner(
                support_contacts::domain::TenantId::parse(&world.provider.id).unwrap(),
            ),
            role: support_contacts::domain::Role::AdminAgent,
            password: &agent.password,
        },
        app.now(),
    )
    .unwrap();
    let browser = app.signed_in_as(&agent).await;
    let customer = format!("/partner/customers/{}", world.customer().id);
    let added = browser
        .submit(
            &customer,
            &format!("{customer}/subscriptions"),
            &[("offer_name", "@Risky Offer"), ("quantity", "1")],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);

    let page = browser.get("/partner/activity?kind=all").await;
    let export = browser.get("/partner/activity.csv?kind=all").await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        export.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("activity.csv")
    );
    let rows = csv(&export.body);
    assert_eq!(
        rows[0],
        [
            "Change ID",
            "When (UTC)",
            "Kind of change",
            "Change",
            "Customer",
            "Customer tenant ID",
            "Subscription",
            "Subscription ID",
            "By",
            "Organization"
        ]
    );
    // The same changes as the page, in its order.
    let ids: Vec<i32> = rows[1..].iter().map(|r| r[0].parse().unwrap()).collect();
    assert_eq!(ids, shown(&page));
    assert_eq!(ids, expected(&app, &world.provider.id, |_| true));
    // The new subscription, first: its cells neutralized.
    let newest = &rows[1];
    assert_eq!(newest[1], "2026-03-02T09:30:00Z");
    assert_eq!(newest[2], "Subscription added");
    assert_eq!(newest[4], "'=HYPERLINK(\"https://evil.example\")");
    assert_eq!(newest[5], world.customer().id);
    assert_eq!(newest[6], "'@Risky Offer");
    assert_eq!(newest[8], "'+SUM(1,2)");
    assert_eq!(newest[9], "Contoso Distribution");
    // And on the page the same, as text.
    let first = &page.texts("table.activity tbody tr")[0];
    assert!(
        first.contains("=HYPERLINK(\"https://evil.example\")")
            && first.contains("@Risky Offer")
            && first.contains("+SUM(1,2)"),
        "{first}"
    );
    // No cell of the export begins with a formula's first character.
    for row in &rows {
        for cell in row {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }

    // In Traditional Chinese, the header in that language.
    let zh = browser
        .client
        .get(format!("{}/partner/activity.csv?kind=all", app.base))
        .header("accept-language", "zh-TW")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(zh.starts_with("變更識別碼,時間 (UTC),變更類型"), "{zh}");

    // Signed out, the export sends to sign in.
    let stranger = app.browser().get("/partner/activity.csv").await;
    assert_eq!(stranger.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn another_partners_export_holds_none_of_ours() {
    let (app, contoso, adatum, _, _) = two_providers_over_three_days().await;
    let browser = app.signed_in_as(&adatum.provider.admin).await;
    let export = browser.get("/partner/activity.csv?kind=all").await;
    let ids: Vec<i32> = csv(&export.body)[1..]
        .iter()
        .map(|r| r[0].parse().unwrap())
        .collect();
    assert_eq!(ids, expected(&app, &adatum.provider.id, |_| true));
    for secret in [
        "Woodgrove",
        "Visio Plan 2",
        "Office 365 E3",
        "Trey Research",
    ] {
        assert!(!export.body.contains(secret), "{secret}");
    }
    assert!(!export.body.contains(contoso.subscription(0)));
}

#[actix_web::test]
async fn the_database_files_each_action_under_the_kind_the_domain_gives_it() {
    let app = spawn_empty_app().await;
    let filed: HashMap<String, String> = activity_kinds::table
        .select((activity_kinds::action, activity_kinds::kind))
        .load::<(String, String)>(&mut app.conn())
        .unwrap()
        .into_iter()
        .collect();
    for action in Action::ALL {
        assert_eq!(
            filed.get(action.as_str()).map(String::as_str),
            ChangeKind::of(action).map(ChangeKind::as_str),
            "{action}"
        );
    }
    assert_eq!(
        filed.len(),
        Action::ALL
            .iter()
            .filter(|a| ChangeKind::of(**a).is_some())
            .count()
    );
}

#[actix_web::test]
async fn the_history_and_the_review_name_people_by_display_name() {
    let app = spawn_app().await;
    trey_on_legacy_dap_at_wwi(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let moved = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    let review = contoso.get(&moved.location.unwrap()).await;
    assert_eq!(review.status, StatusCode::OK);
    let text = review.text();
    assert!(text.contains("Contoso Admin"), "{text}");
    assert!(!text.contains(CONTOSO_ADMIN), "{text}");

    // The customer's admin reverts it: the provider's history names them
    // with their organization, its own people without.
    let wwi = app.signed_in(WWI_ADMIN).await;
    let removed = wwi
        .submit(
            &format!("/admin/partners/{TREY_RESEARCH}?action=remove_dap"),
            &format!("/admin/partners/{TREY_RESEARCH}"),
            &[("action", "remove_dap")],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let page = contoso.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    let history = page.texts("section[aria-labelledby=history-heading] tbody tr");
    assert!(
        history[0].contains("Wide World Importers Admin · Wide World Importers"),
        "{history:#?}"
    );
    assert!(history[1].contains("Contoso Admin"), "{history:#?}");
    assert!(
        !history[1].contains("· Contoso Distribution"),
        "{history:#?}"
    );
    // The demo's own row: made by nobody.
    assert!(
        history.last().unwrap().contains("System (nobody)"),
        "{history:#?}"
    );
    assert!(history.iter().all(|row| !row.contains('@')), "{history:#?}");
}

/// Walks a filter's pages by their "Older" links, then back by "Newer":
/// the ids of each page, which must be the same both ways.
async fn walk(browser: &Browser, first: &str) -> Vec<i32> {
    let mut pages = Vec::new();
    let mut at = Some(first.to_owned());
    while let Some(path) = at {
        let page = browser.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        pages.push(shown(&page));
        at = page.values("a[rel=next]", "href").pop();
    }
    let mut back = vec![pages.last().unwrap().clone()];
    let mut last = browser.get(first).await;
    while let Some(next) = last.values("a[rel=next]", "href").pop() {
        last = browser.get(&next).await;
    }
    let mut at = last.values("a[rel=prev]", "href").pop();
    while let Some(path) = at {
        let page = browser.get(&path).await;
        back.push(shown(&page));
        at = page.values("a[rel=prev]", "href").pop();
    }
    back.reverse();
    assert_eq!(back, pages, "{first}: the same pages both ways");
    pages.concat()
}

#[actix_web::test]
async fn a_customer_prefix_pages_alike_whether_few_or_many_customers_match() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app).provider("Contoso Distribution").build();
    // Three "Northwind" customers with many changes each (read one by
    // one), and thirty "Fourth Coffee" ones (past the few that are: walked).
    let mut names: Vec<(String, String)> = ["North", "South", "East"]
        .iter()
        .map(|side| {
            (
                format!("Northwind {side}"),
                format!("northwind{}", side.to_lowercase()),
            )
        })
        .collect();
    names.extend((0..30).map(|n| {
        (
            format!("Fourth Coffee {n:02}"),
            format!("fourthcoffee{n:02}"),
        )
    }));
    let borrowed: Vec<(&str, &str)> = names
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    let made = more_customers(&app, &world.provider, &borrowed);
    let mut conn = app.conn();
    let (admin, partner) = partner_user(&mut conn, &world.provider, &world.provider.admin);
    for (i, customer) in made.iter().enumerate() {
        let count = if i < 3 { 25 } else { 2 };
        for n in 0..count {
            // A minute apart: the pages' order is by time, then by id.
            app.clock.advance(Duration::minutes(1));
            support_contacts::app::subscriptions::add(
                &mut conn,
                support_contacts::app::PartnerCaller {
                    user: &admin,
                    partner: &partner,
                },
                support_contacts::app::subscriptions::AddSubscription {
                    customer: support_contacts::domain::TenantId::parse(&customer.id).unwrap(),
                    offer_name: format!("Offer {n}"),
                    friendly_name: format!("Offer {n}"),
                    quantity: 1,
                    reseller_of_record: None,
                },
                app.now(),
            )
            .unwrap();
        }
    }
    drop(conn);
    let browser = app.signed_in_as(&world.provider.admin).await;
    // Few customers, many changes; many customers; ten of them.
    for (prefix, starts, at_least) in [
        ("northwind", "Northwind", 51),
        ("FOURTH", "Fourth Coffee", 51),
        ("fourth coffee 1", "Fourth Coffee 1", 30),
    ] {
        let first = format!("/partner/activity?customer={}", prefix.replace(' ', "+"));
        let ids = walk(&browser, &first).await;
        let wanted = expected(&app, &world.provider.id, |l| {
            l.by_person && l.customer_name.starts_with(starts)
        });
        assert!(
            wanted.len() >= at_least,
            "{prefix}: {} changes",
            wanted.len()
        );
        assert_eq!(ids, wanted, "{prefix}");
        let page = browser.get(&first).await;
        assert_eq!(
            total(&page),
            format!("{} changes", wanted.len()),
            "{prefix}"
        );
    }
}

#[actix_web::test]
async fn migration_015_files_the_log_already_there_on_postgresql_as_the_trigger_does() {
    use diesel_migrations::MigrationHarness;
    use support_contacts::db::{self, DatabaseUrl, DbConn};
    use support_contacts::store::activity::all_filed;
    let Some(admin) = postgres_or_skip() else {
        return;
    };
    let database = PostgresDatabase::create(&admin);
    let mut conn = db::connect(&DatabaseUrl::Postgres(database.url.clone())).unwrap();
    let DbConn::Postgres(pg) = &mut conn else {
        unreachable!("a PostgreSQL URL")
    };
    pg.run_pending_migrations(db::POSTGRES_MIGRATIONS).unwrap();
    support_contacts::demo::seed(&mut conn, start_time().naive_utc()).unwrap();
    let by_trigger = all_filed(&mut conn).unwrap();
    assert!(by_trigger.len() > 50);
    db::revert_from(&mut conn, "20261203000015").unwrap();
    db::migrate(&mut conn).unwrap();
    assert_eq!(all_filed(&mut conn).unwrap(), by_trigger);
}
