//! The Relationships page (`/partner/relationships`) and its export: every
//! relationship across the partner's customers that the partner may see
//! (its own, and its channel's: a provider's authorized resellers, a
//! reseller's providers), with role, delegated access and state; filters,
//! sorting, paging by key both ways, and the CSV of what the filter shows.

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::relationships as r;
use support_contacts::demo::COHO_VINEYARD;

use crate::fixtures::{Fixture, Tie, more_customers};
use crate::helpers::*;

const PATH: &str = "/partner/relationships";

/// Each row's (customer, partner, role, access, state) as the page shows them.
fn rows(page: &Page) -> Vec<Vec<String>> {
    let html = page.html();
    let row = scraper::Selector::parse("table.relationships tbody tr").unwrap();
    let cell = scraper::Selector::parse("th, td").unwrap();
    html.select(&row)
        .map(|tr| {
            tr.select(&cell)
                .map(|c| {
                    c.text()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect()
        })
        .collect()
}

/// The rows of one customer, as (partner, role, access, state).
fn at(page: &Page, customer: &str) -> Vec<(String, String, String, String)> {
    rows(page)
        .into_iter()
        .filter(|r| r[0] == customer)
        .map(|r| (r[1].clone(), r[2].clone(), r[3].clone(), r[5].clone()))
        .collect()
}

fn partners_at(page: &Page, customer: &str) -> Vec<String> {
    let mut names: Vec<String> = at(page, customer)
        .into_iter()
        .map(|(p, ..)| p.split(" (MPN").next().unwrap().to_owned())
        .collect();
    names.sort();
    names
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

fn link(page: &Page, rel: &str) -> Option<String> {
    page.values(&format!("nav.pager a[rel={rel}]"), "href")
        .into_iter()
        .next()
}

fn set_state(app: &TestApp, customer: &str, partner: &str, state: &str) {
    diesel::update(
        r::table
            .filter(r::customer_tenant_id.eq(customer))
            .filter(r::partner_tenant_id.eq(partner)),
    )
    .set(r::state.eq(state))
    .execute(&mut app.conn())
    .unwrap();
}

#[actix_web::test]
async fn a_provider_sees_its_own_and_its_resellers_relationships_never_another_providers() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let page = contoso.get(&format!("{PATH}?customer=wide")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Relationships"));
    let wwi = at(&page, "Wide World Importers");
    // Contoso's own (legacy DAP), Trey Research's (GDAP, ending in 20 days)
    // and Fabrikam's (none); not Adatum (another provider) nor Proseware
    // (whose authorization of Contoso ended).
    assert_eq!(
        partners_at(&page, "Wide World Importers"),
        [
            "Contoso Distribution",
            "Fabrikam Solutions",
            "Trey Research"
        ],
        "{wwi:?}"
    );
    let of = |name: &str| wwi.iter().find(|r| r.0.starts_with(name)).unwrap().clone();
    let (partner, role, access, state) = of("Contoso Distribution");
    assert!(partner.contains("MPN"), "{partner}");
    assert_eq!((role.as_str(), access.as_str()), ("Provider", "Legacy DAP"));
    assert_eq!(state, "Active");
    let (_, role, access, _) = of("Trey Research");
    assert_eq!(role, "Reseller");
    let until = (app.now() + Duration::days(20))
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        access.starts_with("GDAP until") && access.contains(&until),
        "{access}"
    );
    assert_eq!(of("Fabrikam Solutions").2, "None");
    // Nor anywhere in the whole list.
    let everything = contoso.get(&format!("{PATH}.csv")).await;
    assert!(csv(&everything.body).len() > 50);
    for secret in ["Adatum", "Proseware", "Coho Vineyard", ADATUM, PROSEWARE] {
        assert!(!page.text().contains(secret), "{secret}");
        assert!(!everything.body.contains(secret), "{secret}");
    }
    // Each customer links to its page.
    assert!(
        page.values("table.relationships tbody th a", "href")
            .contains(&format!("/partner/customers/{WWI}"))
    );
    // Near Customers in the side navigation, the current page.
    let nav = page.values("nav a[aria-current=page]", "href");
    assert!(nav.contains(&PATH.to_owned()), "{nav:?}");
    assert!(page.texts("nav.crumbs").join(" ").contains("Dashboard"));
}

#[actix_web::test]
async fn a_reseller_sees_its_own_and_its_providers_relationships_at_its_customers_only() {
    let app = spawn_app().await;
    let trey = app.signed_in(TREY_ADMIN).await;
    let page = trey.get(PATH).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        partners_at(&page, "Wide World Importers"),
        ["Contoso Distribution", "Trey Research"]
    );
    let wwi = at(&page, "Wide World Importers");
    let contoso = wwi.iter().find(|r| r.0.starts_with("Contoso")).unwrap();
    assert_eq!(contoso.1, "Provider");
    // Not another reseller of its provider, nor another provider.
    for secret in ["Fabrikam", "Adatum", "Proseware", "Coho Vineyard"] {
        assert!(!page.text().contains(secret), "{secret}");
    }
    // Only customers Trey Research itself works with.
    let customers: std::collections::BTreeSet<String> =
        rows(&page).into_iter().map(|r| r[0].clone()).collect();
    let everywhere = app.signed_in(CONTOSO_ADMIN).await.get(PATH).await;
    let all: std::collections::BTreeSet<String> = rows(&everywhere)
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert!(customers.len() < all.len(), "{customers:?}");
    for customer in &customers {
        assert!(
            at(&page, customer)
                .iter()
                .any(|r| r.0.starts_with("Trey Research")),
            "{customer} is one of Trey Research's"
        );
    }
}

#[actix_web::test]
async fn another_provider_sees_none_of_contosos_channel() {
    let app = spawn_app().await;
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let page = adatum.get(PATH).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(partners_at(&page, "Wide World Importers"), ["Adatum Cloud"]);
    assert_eq!(partners_at(&page, "Coho Vineyard"), ["Adatum Cloud"]);
    for secret in ["Contoso", "Trey Research", "Fabrikam", "Bellows College"] {
        assert!(!page.text().contains(secret), "{secret}");
    }
    let export = adatum.get(&format!("{PATH}.csv")).await;
    assert_eq!(export.status, StatusCode::OK);
    for secret in ["Contoso", "Trey Research", "Fabrikam", "Bellows College"] {
        assert!(!export.body.contains(secret), "{secret}");
    }
    assert!(export.body.contains(COHO_VINEYARD));
}

#[actix_web::test]
async fn the_state_filter_shows_removed_relationships_or_active_ones() {
    let app = spawn_app().await;
    set_state(&app, WWI, FABRIKAM, "removed");
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let all = contoso.get(&format!("{PATH}?customer=wide")).await;
    let fabrikam = at(&all, "Wide World Importers")
        .into_iter()
        .find(|r| r.0.starts_with("Fabrikam"))
        .unwrap();
    assert_eq!(fabrikam.3, "Removed");

    let removed = contoso.get(&format!("{PATH}?state=removed")).await;
    let shown = rows(&removed);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0][1].starts_with("Fabrikam Solutions"));
    assert_eq!(removed.texts(".total"), ["One relationship"]);
    assert_eq!(
        removed.values("select[name=state] option[selected]", "value"),
        ["removed"]
    );

    let active = contoso
        .get(&format!("{PATH}?state=active&customer=wide"))
        .await;
    assert!(rows(&active).iter().all(|r| r[5] == "Active"));
    assert!(!partners_at(&active, "Wide World Importers").contains(&"Fabrikam Solutions".into()));
}

#[actix_web::test]
async fn the_access_filter_tells_legacy_dap_gdap_and_none_apart_at_the_time_of_the_request() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let legacy = contoso
        .get(&format!("{PATH}?access=legacy&customer=wide"))
        .await;
    assert!(rows(&legacy).iter().all(|r| r[3] == "Legacy DAP"));
    assert!(partners_at(&legacy, "Wide World Importers") == ["Contoso Distribution"]);

    let gdap = contoso.get(&format!("{PATH}?access=gdap")).await;
    // Fewer than a page: every one of them.
    assert!(link(&gdap, "next").is_none());
    let shown = rows(&gdap);
    assert!(!shown.is_empty());
    assert!(
        shown.iter().all(|r| r[3].starts_with("GDAP until")),
        "{shown:?}"
    );
    assert_eq!(
        partners_at(&gdap, "Wide World Importers"),
        ["Trey Research"]
    );
    // Trey Research's GDAP relationship at Best For You Organics expired
    // ten days ago: none.
    assert!(at(&gdap, "Best For You Organics Company").is_empty());

    let none = contoso.get(&format!("{PATH}?access=none")).await;
    assert!(rows(&none).iter().all(|r| r[3] == "None"));
    assert_eq!(
        partners_at(&none, "Best For You Organics Company"),
        ["Trey Research"]
    );
    let none = contoso
        .get(&format!("{PATH}?access=none&customer=wide"))
        .await;
    assert_eq!(
        partners_at(&none, "Wide World Importers"),
        ["Fabrikam Solutions"]
    );

    // Past its end, a GDAP relationship has ended for the page at once,
    // before the job writes it so.
    app.clock.advance(Duration::days(21));
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let later = contoso
        .get(&format!("{PATH}?access=none&customer=wide"))
        .await;
    assert_eq!(
        partners_at(&later, "Wide World Importers"),
        ["Fabrikam Solutions", "Trey Research"]
    );
    let gdap = contoso
        .get(&format!("{PATH}?access=gdap&customer=wide"))
        .await;
    assert!(rows(&gdap).is_empty());
}

#[actix_web::test]
async fn the_customer_filter_finds_part_of_a_name_or_domain_in_any_case_and_links_keep_it() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let page = contoso
        .get(&format!("{PATH}?customer=WORLD+imp&access=none"))
        .await;
    let shown = rows(&page);
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0][0], "Wide World Importers");
    assert_eq!(page.values("input[name=customer]", "value"), ["WORLD imp"]);
    // The headings' links and the export keep the filter.
    for href in page.values("th a.sort", "href") {
        assert!(
            href.contains("customer=WORLD+imp") && href.contains("access=none"),
            "{href}"
        );
    }
    assert_eq!(
        page.values("a[download]", "href"),
        ["/partner/relationships.csv?customer=WORLD+imp&access=none"]
    );
    let by_domain = contoso
        .get(&format!("{PATH}?customer=wideworldimporters.ONMICROSOFT"))
        .await;
    assert_eq!(
        partners_at(&by_domain, "Wide World Importers"),
        [
            "Contoso Distribution",
            "Fabrikam Solutions",
            "Trey Research"
        ]
    );
    let nothing = contoso
        .get(&format!("{PATH}?customer=no+such+customer"))
        .await;
    assert!(rows(&nothing).is_empty());
    assert!(
        nothing
            .text()
            .contains("No relationship matches this filter.")
    );
}

/// A provider with `n` customers of its own, named so that their order is
/// known, and the world it made.
async fn provider_with_customers(app: &TestApp, n: usize) -> (crate::fixtures::World, Vec<String>) {
    let world = Fixture::new(app)
        .reseller("Trey Research", Tie::Dap)
        .customer("Customer 000")
        .build();
    let names: Vec<(String, String)> = (1..n)
        .map(|i| (format!("Customer {i:03}"), format!("customer{i:03}")))
        .collect();
    let borrowed: Vec<(&str, &str)> = names
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    more_customers(app, &world.provider, &borrowed);
    let mut all: Vec<String> = std::iter::once("Customer 000".to_owned())
        .chain(names.into_iter().map(|(name, _)| name))
        .collect();
    all.sort();
    (world, all)
}

#[actix_web::test]
async fn pages_go_by_key_both_ways_in_each_order_with_a_count() {
    let app = spawn_empty_app().await;
    let (world, names) = provider_with_customers(&app, 56).await;
    let provider = app.signed_in_as(&world.provider.admin).await;
    // 56 of the provider's own, and Trey Research's at Customer 000: 57.
    let first = provider.get(PATH).await;
    assert_eq!(first.texts(".total"), ["57 relationships"]);
    let one = rows(&first);
    assert_eq!(one.len(), 50);
    assert_eq!(one[0][0], "Customer 000");
    assert_eq!(one[1][0], "Customer 000");
    assert_eq!(
        first.values("th[aria-sort]", "aria-sort"),
        ["ascending", "none"]
    );
    assert!(link(&first, "prev").is_none());
    let next = link(&first, "next").expect("a next page");
    assert!(
        !next.contains("offset") && next.contains("after="),
        "{next}"
    );

    let second = provider.get(&next).await;
    let two = rows(&second);
    assert_eq!(two.len(), 7);
    assert_eq!(two.last().unwrap()[0], names[55]);
    assert!(link(&second, "next").is_none());
    let mut seen: Vec<String> = one.iter().chain(&two).map(|r| r[0].clone()).collect();
    seen.dedup();
    assert_eq!(seen, names, "every customer once, in order");

    // Back: the first page again, the same rows.
    let back = provider.get(&link(&second, "prev").unwrap()).await;
    assert_eq!(rows(&back), one);
    assert_eq!(link(&back, "first").as_deref(), Some(PATH));

    // Z to A, by the heading's link.
    let heading = first.values("th a.sort", "href");
    assert_eq!(heading[0], "/partner/relationships?sort=-customer");
    let reversed = provider.get(&heading[0]).await;
    assert_eq!(rows(&reversed)[0][0], names[55]);
    assert_eq!(
        reversed.values("th[aria-sort]", "aria-sort"),
        ["descending", "none"]
    );
    let rest = provider.get(&link(&reversed, "next").unwrap()).await;
    assert_eq!(rows(&rest).last().unwrap()[0], "Customer 000");
    assert!(link(&rest, "next").is_none());
    let again = provider.get(&link(&rest, "prev").unwrap()).await;
    assert_eq!(rows(&again), rows(&reversed));
}

#[actix_web::test]
async fn the_since_order_sorts_by_when_each_relationship_began_and_pages_both_ways() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app).customer("Old Customer").build();
    let mut made = Vec::new();
    for i in 0..52 {
        app.clock.advance(Duration::minutes(1));
        let name = format!("Later {i:02}");
        let prefix = format!("later{i:02}");
        more_customers(&app, &world.provider, &[(name.as_str(), prefix.as_str())]);
        made.push(name);
    }
    let provider = app.signed_in_as(&world.provider.admin).await;
    let newest = provider.get(&format!("{PATH}?sort=-since")).await;
    let one = rows(&newest);
    assert_eq!(one[0][0], "Later 51");
    assert_eq!(one[1][0], "Later 50");
    assert_eq!(
        newest.values("th[aria-sort]", "aria-sort"),
        ["none", "descending"]
    );
    let older = provider.get(&link(&newest, "next").unwrap()).await;
    let two = rows(&older);
    assert_eq!(
        two.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(),
        ["Later 01", "Later 00", "Old Customer"]
    );
    assert!(link(&older, "next").is_none());
    let back = provider.get(&link(&older, "prev").unwrap()).await;
    assert_eq!(rows(&back), one);
    // The heading turns the order round.
    let oldest = provider.get(&newest.values("th a.sort", "href")[1]).await;
    assert_eq!(rows(&oldest)[0][0], "Old Customer");
    assert_eq!(
        oldest.values("th[aria-sort]", "aria-sort"),
        ["none", "ascending"]
    );
}

#[actix_web::test]
async fn filter_values_the_page_does_not_know_are_said_and_ignored() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let whole = contoso.get(PATH).await;
    let page = contoso
        .get(&format!("{PATH}?state=gone&access=everything&sort=price"))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.texts("[role=alert]")
            .join(" ")
            .contains("asks for a filter or an order this page does not have")
    );
    assert_eq!(rows(&page), rows(&whole));
    assert!(!whole.body.contains("role=\"alert\""));
    // A cursor that is not one: the first page.
    let mangled = contoso
        .get(&format!("{PATH}?after=%21%21%21&before=x"))
        .await;
    assert_eq!(mangled.status, StatusCode::OK);
    assert_eq!(rows(&mangled), rows(&whole));
    // The export leaves them out the same way.
    let export = contoso.get(&format!("{PATH}.csv?state=gone")).await;
    assert_eq!(export.status, StatusCode::OK);
    let plain = contoso.get(&format!("{PATH}.csv")).await;
    assert_eq!(export.body, plain.body);
}

#[actix_web::test]
async fn the_export_is_the_filter_as_csv_with_a_header_row_and_neutralized_cells() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app)
        .helpdesk()
        .reseller("=HYPERLINK(\"x\") Resale", Tie::Dap)
        .customer("Fourth Coffee")
        .build();
    more_customers(
        &app,
        &world.provider,
        &[("=1+2 Evil, Inc.", "evil"), ("Litware", "litware")],
    );
    let reseller = world.resellers[0].clone();
    let provider = app.signed_in_as(&world.provider.admin).await;
    let export = provider.get(&format!("{PATH}.csv")).await;
    assert_eq!(export.status, StatusCode::OK);
    assert_eq!(export.headers["content-type"], "text/csv; charset=utf-8");
    assert!(
        export.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("filename=\"relationships.csv\"")
    );
    let table = csv(&export.body);
    assert_eq!(
        table[0],
        [
            "Customer",
            "Customer tenant ID",
            "Partner",
            "Partner MPN ID",
            "Role",
            "Delegated access",
            "Delegated access until (UTC)",
            "Since (UTC)",
            "State"
        ]
    );
    // In customer order: the formula-like name first, neutralized.
    assert_eq!(table.len(), 1 + 4, "{table:?}");
    assert_eq!(table[1][0], "'=1+2 Evil, Inc.");
    assert_eq!(table[1][2], world.provider.name);
    assert_eq!(table[1][3], world.provider.mpn_id);
    assert_eq!(table[1][4], "Provider");
    assert_eq!(table[1][5], "None");
    assert_eq!(table[1][8], "Active");
    let fourth: Vec<&Vec<String>> = table.iter().filter(|r| r[0] == "Fourth Coffee").collect();
    assert_eq!(fourth.len(), 2);
    let theirs = fourth.iter().find(|r| r[3] == reseller.mpn_id).unwrap();
    assert_eq!(theirs[2], "'=HYPERLINK(\"x\") Resale");
    assert_eq!(theirs[1], world.customer().id);
    assert_eq!(
        (theirs[4].as_str(), theirs[5].as_str()),
        ("Reseller", "Legacy DAP")
    );
    assert_eq!(
        theirs[7],
        app.now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
    );
    assert!(export.body.contains("\"'=1+2 Evil, Inc.\""));

    // The filter applies; cursors do not.
    let filtered = provider
        .get(&format!("{PATH}.csv?access=legacy&after=whatever"))
        .await;
    let table = csv(&filtered.body);
    assert_eq!(table.len(), 2, "{table:?}");
    assert_eq!(table[1][3], reseller.mpn_id);

    // A helpdesk agent reads it too; the page says the same as the export.
    let helpdesk = app
        .signed_in_as(world.provider.helpdesk.as_ref().unwrap())
        .await;
    let page = helpdesk.get(PATH).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(rows(&page).len(), 4);
    assert_eq!(helpdesk.get(&format!("{PATH}.csv")).await.body, export.body);

    // Another provider's export holds none of it.
    let other = Fixture::new(&app)
        .provider("Other Provider")
        .customer("Other Customer")
        .build();
    let stranger = app.signed_in_as(&other.provider.admin).await;
    let theirs = stranger.get(&format!("{PATH}.csv")).await;
    let table = csv(&theirs.body);
    assert_eq!(table.len(), 2, "{table:?}");
    assert_eq!(table[1][0], "Other Customer");
    for secret in ["Evil", "Fourth Coffee", "Litware", "Resale"] {
        assert!(!theirs.body.contains(secret), "{secret}");
    }
}

#[actix_web::test]
async fn customer_admins_and_signed_out_visitors_get_neither_page_nor_export() {
    let app = spawn_app().await;
    let wwi = app.signed_in(WWI_ADMIN).await;
    for path in [PATH.to_owned(), format!("{PATH}.csv")] {
        let page = wwi.get(&path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        assert!(!page.body.contains("Fabrikam"), "{path}");
        let out = app.browser().get(&path).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER, "{path}");
        assert!(out.location.unwrap().starts_with("/login?next="));
    }
    let helpdesk = app.signed_in(HELPDESK).await;
    let page = helpdesk.get(PATH).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Trey Research"));
}
