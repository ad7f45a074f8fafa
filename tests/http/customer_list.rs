//! The partner's customer list walked by key and searched through an index,
//! and the dashboard's kept counts: what a partner sees, page after page,
//! and what the database holds.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::{
    customers as c, relationships as r, reseller_authorizations as a, subscriptions as s,
};

use crate::fixtures::{Fixture, Org, Tie, more_customers};
use crate::helpers::*;

/// The customers' tenant ids on a page, in the order shown.
fn ids_on(page: &Page) -> Vec<String> {
    page.values("table tbody th a", "href")
        .into_iter()
        .map(|href| href.trim_start_matches("/partner/customers/").to_owned())
        .collect()
}

/// Follows the page's `rel` links (next or prev) to the end: every page's
/// ids, in the order visited.
async fn follow(browser: &Browser, first: &str, rel: &str) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut path = Some(first.to_owned());
    while let Some(at) = path {
        let page = browser.get(&at).await;
        assert_eq!(page.status, StatusCode::OK, "{at}");
        pages.push(ids_on(&page));
        assert!(pages.len() < 20, "the links go round in circles");
        path = page
            .values(&format!("nav.pager a[rel={rel}]"), "href")
            .into_iter()
            .next();
    }
    pages
}

/// The partner's customers (active relationships) by company name and
/// tenant id, as the database orders them, read from the relationships.
fn in_name_order(app: &TestApp, partner: &str) -> Vec<String> {
    c::table
        .inner_join(r::table)
        .filter(r::partner_tenant_id.eq(partner))
        .filter(r::state.eq("active"))
        .order((c::company_name, c::tenant_id))
        .select(c::tenant_id)
        .load(&mut app.conn())
        .unwrap()
}

/// A cursor as the list's links carry one.
fn cursor(tenant_id: &str, company_name: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{tenant_id}{company_name}"))
}

/// Numbered customers of `provider`: "<stem> 01", "<stem> 02"..., with
/// domains "<prefix>01.onmicrosoft.com"...
fn numbered(app: &TestApp, provider: &Org, stem: &str, prefix: &str, count: usize) {
    let names: Vec<(String, String)> = (1..=count)
        .map(|n| (format!("{stem} {n:02}"), format!("{prefix}{n:02}")))
        .collect();
    let refs: Vec<(&str, &str)> = names
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_str()))
        .collect();
    more_customers(app, provider, &refs);
}

#[actix_web::test]
async fn keyset_paging_reaches_every_customer_once_in_name_order_both_ways() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app).customer("Aardvark Supplies").build();
    // Made out of name order, three with one name (the tenant id orders them).
    let words = [
        "Wingtip",
        "Alpine",
        "Litware",
        "Coho",
        "Trey",
        "Bellows",
        "Margie",
        "Datum",
        "Nod",
        "Humongous",
        "Proseware",
        "Lucerne",
        "Graphic",
        "Fourth",
        "Southridge",
        "Tailspin",
    ];
    let mut made: Vec<(String, String)> = (0..57)
        .map(|n| {
            (
                format!("{} {n:02}", words[n * 7 % 16]),
                format!("cust{n:02}"),
            )
        })
        .collect();
    made.extend((0..3).map(|n| ("Same Name Holdings".to_owned(), format!("same{n}"))));
    let refs: Vec<(&str, &str)> = made.iter().map(|(n, d)| (n.as_str(), d.as_str())).collect();
    more_customers(&app, &world.provider, &refs);
    let expected = in_name_order(&app, &world.provider.id);
    assert_eq!(expected.len(), 61);

    let contoso = app.signed_in_as(&world.provider.admin).await;
    let first = contoso.get("/partner/customers").await;
    assert!(
        first.text().contains("Showing 1–25 of 61."),
        "{}",
        first.text()
    );
    let forward = follow(&contoso, "/partner/customers", "next").await;
    assert_eq!(
        forward.iter().map(Vec::len).collect::<Vec<_>>(),
        [25, 25, 11]
    );
    assert_eq!(
        forward.concat(),
        expected,
        "every customer once, in name order"
    );

    // From the last page back to the first by the "previous" links.
    let last = contoso
        .get("/partner/customers")
        .await
        .values("a[rel=next]", "href")[0]
        .clone();
    let last = contoso.get(&last).await.values("a[rel=next]", "href")[0].clone();
    let last_page = contoso.get(&last).await;
    assert!(
        last_page.text().contains("Showing 11 of 61: “"),
        "{}",
        last_page.text()
    );
    let mut backward = follow(&contoso, &last, "prev").await;
    backward.reverse();
    assert_eq!(
        backward.iter().map(Vec::len).collect::<Vec<_>>(),
        [25, 25, 11]
    );
    assert_eq!(backward.concat(), expected);
}

#[actix_web::test]
async fn the_list_keeps_to_customers_with_or_without_delegated_admin_privileges_either_way_round() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app).customer("Aardvark Supplies").build();
    numbered(&app, &world.provider, "Numbered", "num", 89);
    let provider = world.provider.id.as_str();
    let all = in_name_order(&app, provider);
    assert_eq!(all.len(), 90);
    // Every third customer without delegated admin privileges.
    let without: Vec<String> = all.iter().step_by(3).cloned().collect();
    let with: Vec<String> = all
        .iter()
        .filter(|id| !without.contains(id))
        .cloned()
        .collect();
    let set_dap = |ids: &[String], dap: bool| {
        diesel::update(
            r::table
                .filter(r::partner_tenant_id.eq(provider))
                .filter(r::customer_tenant_id.eq_any(ids)),
        )
        .set(r::delegated_admin.eq(dap))
        .execute(&mut app.conn())
        .unwrap();
    };
    set_dap(&without, false);
    set_dap(&with, true);
    let reversed = |ids: &[String]| ids.iter().rev().cloned().collect::<Vec<_>>();
    let contoso = app.signed_in_as(&world.provider.admin).await;

    for (query, expected, total) in [
        ("delegated_admin=without", without.clone(), 30),
        ("delegated_admin=with", with.clone(), 60),
        ("sort=-name", reversed(&all), 90),
        ("delegated_admin=without&sort=-name", reversed(&without), 30),
        ("delegated_admin=with&sort=name", with.clone(), 60),
    ] {
        let first = format!("/partner/customers?{query}");
        let page = contoso.get(&first).await;
        let shown = expected.len().min(25);
        assert!(
            page.text()
                .contains(&format!("Showing 1–{shown} of {total}.")),
            "{query}: {}",
            page.text()
        );
        let forward = follow(&contoso, &first, "next").await;
        assert_eq!(forward.concat(), expected, "{query}: forward");
        // Back from the last page by the "previous" links.
        let mut last = first.clone();
        while let Some(next) = contoso
            .get(&last)
            .await
            .values("nav.pager a[rel=next]", "href")
            .first()
        {
            last = next.clone();
        }
        let mut backward = follow(&contoso, &last, "prev").await;
        backward.reverse();
        assert_eq!(backward.concat(), expected, "{query}: back");
    }

    // The form says what is shown; the heading turns the order round and
    // keeps the filter.
    let page = contoso
        .get("/partner/customers?delegated_admin=without&sort=-name")
        .await;
    assert_eq!(
        page.values("#delegated_admin option[selected]", "value"),
        ["without"]
    );
    assert_eq!(page.values("#sort option[selected]", "value"), ["-name"]);
    assert_eq!(
        page.values("th[aria-sort=descending] a.sort", "href"),
        ["/partner/customers?delegated_admin=without"]
    );
    let page = contoso.get("/partner/customers?delegated_admin=with").await;
    assert_eq!(
        page.values("th[aria-sort=ascending] a.sort", "href"),
        ["/partner/customers?delegated_admin=with&sort=-name"]
    );

    // A search within the filter: the index answers it.
    let tens: Vec<String> = all
        .iter()
        .zip(0..)
        .filter(|(_, n)| (10..=19).contains(n))
        .map(|(id, _)| id.clone())
        .collect();
    let page = contoso
        .get("/partner/customers?q=Numbered%201&delegated_admin=without&sort=-name")
        .await;
    let expected: Vec<String> = tens
        .iter()
        .rev()
        .filter(|id| without.contains(id))
        .cloned()
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(ids_on(&page), expected);

    // None of them fits: said so, not "no customers yet".
    set_dap(&without, true);
    let none = contoso
        .get("/partner/customers?delegated_admin=without")
        .await;
    assert!(
        none.text()
            .contains("None of your customers fits this filter."),
        "{}",
        none.text()
    );
    assert!(ids_on(&none).is_empty());

    // A filter the page does not know: said, and the whole list shown.
    let odd = contoso
        .get("/partner/customers?delegated_admin=maybe&sort=size")
        .await;
    assert_eq!(odd.status, StatusCode::OK);
    assert!(
        odd.text()
            .contains("asks for a filter or an order this page does not have"),
        "{}",
        odd.text()
    );
    assert!(odd.text().contains("Showing 1–25 of 90."), "{}", odd.text());
}

#[actix_web::test]
async fn a_search_finds_part_of_a_name_or_a_domain_in_any_case_accents_as_typed() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app).customer("Wide World Importers").build();
    more_customers(
        &app,
        &world.provider,
        &[
            ("École Tartine", "tartinefr"),
            ("Café Lumière", "lumiere"),
            ("Northwind Traders", "nwtraders"),
            ("Fourth Coffee", "fourthcoffee"),
            ("50% Off Outlet", "fiftyoff"),
        ],
    );
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let found = async |q: &str| {
        let page = contoso
            .get(&format!(
                "/partner/customers?{}",
                serde_urlencoded::to_string([("q", q)]).unwrap()
            ))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{q}");
        let mut names = page.texts("table tbody th");
        names.sort();
        (names, page.text())
    };
    // Three characters or more: through the index.
    let (names, text) = found("wide WORLD").await;
    assert_eq!(names, ["Wide World Importers"]);
    assert!(
        text.contains("Showing 1–1 of 1 matching “wide WORLD”."),
        "{text}"
    );
    assert_eq!(found("TRADERS.onMicrosoft").await.0, ["Northwind Traders"]);
    assert_eq!(found("ÉCOLE").await.0, ["École Tartine"]);
    assert_eq!(found("école").await.0, ["École Tartine"]);
    assert_eq!(found("LUMIÈRE").await.0, ["Café Lumière"]);
    let (names, text) = found("ecole").await;
    assert!(names.is_empty(), "accents are letters of their own");
    assert!(text.contains("No customer matches “ecole”."), "{text}");
    // Search syntax is text like any other.
    for literal in [
        "a\"b",
        "\"wide\" OR \"coffee\"",
        "wide*",
        "NEAR(wide world)",
    ] {
        assert!(found(literal).await.0.is_empty(), "{literal}");
    }
    // One or two characters: a walk of the list, the same rule.
    assert_eq!(found("é").await.0, ["Café Lumière", "École Tartine"]);
    assert_eq!(found("É").await.0, ["Café Lumière", "École Tartine"]);
    assert_eq!(found("50").await.0, ["50% Off Outlet"]);
    assert_eq!(found("%").await.0, ["50% Off Outlet"], "no wildcard");
    let (names, text) = found("0%").await;
    assert_eq!(names, ["50% Off Outlet"]);
    assert!(text.contains("Showing 1–1 of 1 matching “0%”."), "{text}");
}

#[actix_web::test]
async fn short_searches_page_through_every_match_once() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app).customer("Alpine Ski House").build();
    numbered(&app, &world.provider, "Tailspin", "ts", 30);
    numbered(&app, &world.provider, "Alpine", "al", 10);
    let tailspins: Vec<String> = in_name_order(&app, &world.provider.id)
        .into_iter()
        .skip(11)
        .collect();
    let contoso = app.signed_in_as(&world.provider.admin).await;

    let first = contoso.get("/partner/customers?q=ta").await;
    assert!(
        first.text().contains(
            "Showing 25 matching “ta” among your customers from “Alpine 01” to “Tailspin 25”."
        ),
        "{}",
        first.text()
    );
    let pages = follow(&contoso, "/partner/customers?q=ta", "next").await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [25, 5]);
    assert_eq!(pages.concat(), tailspins);
    // The links keep the search.
    let next = first.values("a[rel=next]", "href");
    assert!(
        next[0].starts_with("/partner/customers?q=ta&after="),
        "{next:?}"
    );
    let second = contoso.get(&next[0]).await;
    let back = contoso.get(&second.values("a[rel=prev]", "href")[0]).await;
    assert_eq!(ids_on(&back), pages[0]);
}

#[actix_web::test]
async fn a_forged_cursor_or_a_garbage_page_shows_the_first_page() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app).customer("Alpine Ski House").build();
    numbered(&app, &world.provider, "Tailspin", "ts", 30);
    let other = Fixture::new(&app)
        .provider("Adatum Cloud")
        .customer("Bellows College")
        .build();
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let first = ids_on(&contoso.get("/partner/customers").await);
    let order = in_name_order(&app, &world.provider.id);
    let name_of = |id: &str| -> String {
        c::table
            .find(id)
            .select(c::company_name)
            .first(&mut app.conn())
            .unwrap()
    };

    // A cursor made as the links make them starts after its customer...
    let fifth = &order[4];
    let after_fifth = contoso
        .get(&format!(
            "/partner/customers?after={}",
            cursor(fifth, &name_of(fifth))
        ))
        .await;
    assert_eq!(ids_on(&after_fifth)[0], order[5]);

    // ...and anything else shows the first page.
    let bellows = &other.customer().id;
    let forged = [
        "after=garbage".to_owned(),
        "before=%25%25%25".to_owned(),
        "after=".to_owned(),
        "after=x&after=y&before=z".to_owned(),
        format!("after={}", cursor(bellows, "Bellows College")),
        format!("before={}", cursor(bellows, "Bellows College")),
        format!("after={}", cursor(fifth, "Tailspin 99")),
        format!("after={}", cursor(&fifth.to_uppercase(), &name_of(fifth))),
        format!("after={}", &cursor(fifth, &name_of(fifth))[..20]),
        "page=abc".to_owned(),
        "page=99999999999999999999".to_owned(),
        "page=2&page=3".to_owned(),
    ];
    for query in &forged {
        let page = contoso.get(&format!("/partner/customers?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        assert_eq!(ids_on(&page), first, "{query}");
        assert!(page.text().contains("Showing 1–25 of 31."), "{query}");
    }
    // A search keeps its words and starts again at its first page.
    let page = contoso
        .get(&format!(
            "/partner/customers?q=tailspin&after={}",
            cursor(bellows, "Bellows College")
        ))
        .await;
    assert!(
        page.text()
            .contains("Showing 1–25 of 30 matching “tailspin”.")
    );
}

#[actix_web::test]
async fn another_partners_customers_never_appear_through_search_or_cursors() {
    let app = spawn_empty_app().await;
    let contoso = Fixture::new(&app).customer("Shared Alpha 00").build();
    numbered(&app, &contoso.provider, "Shared Alpha", "sa", 29);
    // Adatum works with one of Contoso's customers, and with its own.
    let adatum = Fixture::new(&app)
        .provider("Adatum Cloud")
        .existing_customer(contoso.customer())
        .build();
    numbered(&app, &adatum.provider, "Shared Beta", "sb", 29);
    let theirs = in_name_order(&app, &adatum.provider.id);
    let ours = in_name_order(&app, &contoso.provider.id);
    assert_eq!((ours.len(), theirs.len()), (30, 30));
    assert!(theirs.contains(&contoso.customer().id));

    let browser = app.signed_in_as(&contoso.provider.admin).await;
    for start in [
        "/partner/customers",
        "/partner/customers?q=shared",
        "/partner/customers?q=SHARED+",
        "/partner/customers?q=sh",
        "/partner/customers?q=s",
        "/partner/customers?q=onmicrosoft.com",
    ] {
        let pages = follow(&browser, start, "next").await;
        assert_eq!(pages.concat(), ours, "{start}");
    }
    for beta in ["beta", "sb0", "b"] {
        let page = browser.get(&format!("/partner/customers?q={beta}")).await;
        assert!(ids_on(&page).is_empty(), "{beta}");
    }
    // Adatum's own link to its second page, followed by Contoso: Contoso's first.
    let adatum_browser = app.signed_in_as(&adatum.provider.admin).await;
    let link = adatum_browser
        .get("/partner/customers?q=shared")
        .await
        .values("a[rel=next]", "href")[0]
        .clone();
    let page = browser.get(&link).await;
    assert_eq!(ids_on(&page), ours[..25]);
    // Adatum finds the customer it shares, and only that one of Contoso's.
    let page = adatum_browser.get("/partner/customers?q=alpha").await;
    assert_eq!(ids_on(&page), [contoso.customer().id.clone()]);
    let page = adatum_browser.get("/partner/customers?q=al").await;
    assert_eq!(ids_on(&page), [contoso.customer().id.clone()]);
}

/// [customers, subscriptions, supported by resellers, resellers] as the
/// dashboard shows them.
async fn dashboard(browser: &Browser) -> Vec<i64> {
    browser
        .get("/partner")
        .await
        .texts(".stats li strong")
        .iter()
        .map(|n| n.replace(',', "").parse().unwrap())
        .collect()
}

/// The dashboard's four counted afresh from the rows, and the customers
/// with delegated admin privileges.
fn counted(conn: &mut support_contacts::db::DbConn, partner: &str) -> Vec<i64> {
    let live = || {
        s::table
            .filter(s::provider_tenant_id.eq(partner))
            .filter(s::status.ne("deleted"))
    };
    vec![
        r::table
            .filter(r::partner_tenant_id.eq(partner))
            .filter(r::state.eq("active"))
            .count()
            .get_result(conn)
            .unwrap(),
        live().count().get_result(conn).unwrap(),
        live()
            .filter(s::support_contact_tenant_id.ne(partner))
            .count()
            .get_result(conn)
            .unwrap(),
        a::table
            .filter(a::provider_tenant_id.eq(partner))
            .filter(a::state.eq("active"))
            .count()
            .get_result(conn)
            .unwrap(),
        r::table
            .filter(r::partner_tenant_id.eq(partner))
            .filter(r::state.eq("active"))
            .filter(r::delegated_admin.eq(true))
            .count()
            .get_result(conn)
            .unwrap(),
    ]
}

/// The five as kept, in the order [`counted`] counts them.
fn kept(conn: &mut support_contacts::db::DbConn, partner: &str) -> Vec<i64> {
    let kept = support_contacts::store::customer_list::counts(
        conn,
        &support_contacts::domain::TenantId::parse(partner).unwrap(),
    )
    .unwrap();
    vec![
        kept.customers,
        kept.subscriptions,
        kept.supported_by_resellers,
        kept.resellers,
        kept.customers_with_delegated_admin,
    ]
}

#[actix_web::test]
async fn the_dashboard_counts_follow_each_change_in_the_same_transaction() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app)
        .reseller("Trey Research", Tie::Dap)
        .reseller("Fabrikam Solutions", Tie::Unrelated)
        .customer("Wide World Importers")
        .subscriptions(&["Office 365 Business Premium", "Microsoft 365 E3"])
        .build();
    let (provider, wwi) = (&world.provider.id, &world.customer().id);
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let check = async |expected: [i64; 4], after: &str| {
        assert_eq!(dashboard(&contoso).await, expected, "after {after}");
        let counted = counted(&mut app.conn(), provider);
        assert_eq!(counted[..4], expected, "after {after}");
        assert_eq!(kept(&mut app.conn(), provider), counted, "after {after}");
    };
    check([1, 2, 0, 2], "the fixture").await;

    let trey = &world.reseller("Trey Research").id;
    let moved = submit_contact(&contoso, wwi, world.subscription(0), Some(trey)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    check([1, 2, 1, 2], "a contact moved to a reseller").await;

    let page = contoso.get(&format!("/partner/customers/{wwi}")).await;
    let suspended = contoso
        .post_form(
            &format!("{}/status", subscription_path(wwi, world.subscription(1))),
            &[
                ("csrf_token", &page.csrf_token()),
                ("status", "suspended"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(suspended.status, StatusCode::SEE_OTHER);
    check([1, 2, 1, 2], "a suspension (suspended ones count)").await;

    let added = contoso
        .post_form(
            &format!("/partner/customers/{wwi}/subscriptions"),
            &[
                ("csrf_token", &page.csrf_token()),
                ("offer_name", "Visio Plan 2"),
                ("quantity", "3"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    check([1, 3, 1, 2], "a subscription added").await;

    let new = more_customers(&app, &world.provider, &[("Tailspin Toys", "tailspintoys")]);
    check([2, 3, 1, 2], "a customer accepted").await;

    // The customer takes Trey's admin privileges: its subscription goes back.
    let customer = app.signed_in_as(&world.customer().admin).await;
    let partners = customer.get("/admin/partners").await;
    let removed = customer
        .post_form(
            &format!("/admin/partners/{trey}"),
            &[
                ("csrf_token", &partners.csrf_token()),
                ("action", "remove_dap"),
            ],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    check([2, 3, 0, 2], "a contact sent back to the provider").await;

    let fabrikam = &world.reseller("Fabrikam Solutions").id;
    support_contacts::app::authorizations::end_authorization(
        &mut app.conn(),
        &support_contacts::store::audit::Actor::command_line(),
        &support_contacts::domain::TenantId::parse(provider).unwrap(),
        &support_contacts::domain::TenantId::parse(fabrikam).unwrap(),
        app.now(),
    )
    .unwrap();
    check([2, 3, 0, 1], "an authorization ended").await;

    let ended = contoso
        .post_form(
            &format!("/partner/customers/{}/relationship", new[0].id),
            &[("csrf_token", &page.csrf_token())],
        )
        .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    check([1, 3, 0, 1], "a relationship ended").await;
    let list = contoso.get("/partner/customers").await;
    assert!(list.text().contains("Showing 1–1 of 1."), "{}", list.text());
}

#[actix_web::test]
async fn the_list_shows_each_customers_country_and_delegated_admin_privileges_as_they_are_now() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app)
        .reseller("Trey Research", Tie::Dap)
        .customer("Wide World Importers")
        .subscriptions(&["Office 365 Business Premium"])
        .build();
    let trey = world.reseller("Trey Research");
    let reseller = app.signed_in_as(&trey.admin).await;
    let cells = async || {
        reseller
            .get("/partner/customers")
            .await
            .texts("table tbody tr td")
    };
    assert_eq!(
        cells().await,
        ["wideworldimporters.onmicrosoft.com", "US", "Yes", "0"]
    );

    let customer = app.signed_in_as(&world.customer().admin).await;
    let partners = customer.get("/admin/partners").await;
    let removed = customer
        .post_form(
            &format!("/admin/partners/{}", trey.id),
            &[
                ("csrf_token", &partners.csrf_token()),
                ("action", "remove_dap"),
            ],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        cells().await,
        ["wideworldimporters.onmicrosoft.com", "US", "No", "0"]
    );
    // The provider's own row: its relationship and its subscription.
    let provider = app.signed_in_as(&world.provider.admin).await;
    let row = provider
        .get("/partner/customers")
        .await
        .texts("table tbody tr td");
    assert_eq!(row[3], "1");
}

#[actix_web::test]
async fn kept_counts_are_the_rows_counted_for_every_demo_partner() {
    let app = spawn_app().await;
    let partners: Vec<String> = support_contacts::db::schema::partners::table
        .select(support_contacts::db::schema::partners::tenant_id)
        .load(&mut app.conn())
        .unwrap();
    assert!(partners.len() > 5);
    for partner in &partners {
        assert_eq!(
            kept(&mut app.conn(), partner),
            counted(&mut app.conn(), partner),
            "{partner}"
        );
        // The list holds each of the partner's customers once.
        let listed = support_contacts::store::customer_list::walk(
            &mut app.conn(),
            &support_contacts::domain::TenantId::parse(partner).unwrap(),
            None,
            None,
            support_contacts::store::customer_list::Direction::Forward,
            10_000,
        )
        .unwrap();
        assert_eq!(
            listed.into_iter().map(|l| l.tenant_id).collect::<Vec<_>>(),
            in_name_order(&app, partner),
            "{partner}"
        );
    }
}

#[actix_web::test]
async fn migration_012_fills_the_list_and_the_counts_from_the_rows_already_there_on_postgresql() {
    use diesel_migrations::MigrationHarness;
    use support_contacts::db::{self, DatabaseUrl, DbConn};
    let Some(admin) = postgres_or_skip() else {
        return;
    };
    let database = PostgresDatabase::create(&admin);
    let mut conn = db::connect(&DatabaseUrl::Postgres(database.url.clone())).unwrap();
    let DbConn::Postgres(pg) = &mut conn else {
        unreachable!("a PostgreSQL URL")
    };
    // The demo written by today's code, then every migration from 012 on
    // taken back: the rows are there, the list and counts are not.
    pg.run_pending_migrations(db::POSTGRES_MIGRATIONS).unwrap();
    support_contacts::demo::seed(&mut conn, start_time().naive_utc()).unwrap();
    db::revert_from(&mut conn, "20261203000012").unwrap();
    db::migrate(&mut conn).unwrap();

    let partners: Vec<String> = support_contacts::db::schema::partners::table
        .select(support_contacts::db::schema::partners::tenant_id)
        .load(&mut conn)
        .unwrap();
    for partner in &partners {
        assert_eq!(
            kept(&mut conn, partner),
            counted(&mut conn, partner),
            "{partner}"
        );
    }
    let found = support_contacts::store::customer_list::search_index(
        &mut conn,
        &support_contacts::domain::TenantId::parse(CONTOSO).unwrap(),
        "WIDE world",
        10,
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        found
            .iter()
            .map(|l| l.tenant_id.as_str())
            .collect::<Vec<_>>(),
        [WWI]
    );
}
