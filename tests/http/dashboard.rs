//! The partner's dashboard: a reseller's own (whose subscriptions it is
//! the designated support contact of, its pending requests), the recent
//! changes as its Activity opens, and a menu that names what each partner
//! has.

use std::collections::BTreeMap;

use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::{partners, subscriptions};
use support_contacts::domain::TenantId;

use crate::fixtures::*;
use crate::helpers::*;

/// The ids of the changes a page's table shows, in its order.
fn shown(page: &Page) -> Vec<String> {
    page.values("table.activity tbody tr", "id")
}

/// The name of the partner menu's item that opens `/partner/resellers`.
fn resellers_item(page: &Page) -> String {
    page.texts("details.side nav a[href='/partner/resellers']")
        .join("")
}

#[actix_web::test]
async fn a_resellers_dashboard_says_whose_subscriptions_it_supports_and_what_it_asked_for() {
    let app = spawn_app().await;
    // Trey Research also authorizes Adatum, which makes it the contact of
    // Wide World Importers' Exchange Online.
    support_contacts::app::authorizations::authorize_reseller(
        &mut app.conn(),
        &support_contacts::store::audit::Actor::command_line(),
        &TenantId::parse(ADATUM).unwrap(),
        &TenantId::parse(TREY_RESEARCH).unwrap(),
        app.now(),
    )
    .unwrap();
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let moved = submit_contact(&adatum, WWI, WWI_EXCHANGE, Some(TREY_RESEARCH)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let trey = app.signed_in(TREY_ADMIN).await;
    let asked = trey
        .submit(
            "/partner/requests",
            "/partner/requests",
            &[
                ("company", "Litware"),
                ("domain", "litware.onmicrosoft.com"),
                ("via_provider", CONTOSO),
            ],
        )
        .await;
    assert_eq!(asked.status, StatusCode::SEE_OTHER, "{}", asked.body);

    let page = trey.get("/partner").await;
    assert_eq!(page.status, StatusCode::OK);
    // Per provider, as the subscriptions are.
    let supported: Vec<(String, String)> = subscriptions::table
        .inner_join(partners::table.on(partners::tenant_id.eq(subscriptions::provider_tenant_id)))
        .filter(subscriptions::support_contact_tenant_id.eq(TREY_RESEARCH))
        .filter(subscriptions::status.ne("deleted"))
        .select((partners::name, subscriptions::id))
        .load(&mut app.conn())
        .unwrap();
    let mut per_provider: BTreeMap<String, usize> = BTreeMap::new();
    for (provider, _) in &supported {
        *per_provider.entry(provider.clone()).or_default() += 1;
    }
    assert_eq!(per_provider.len(), 2, "{per_provider:?}");
    assert_eq!(per_provider["Adatum Cloud"], 1);
    let expected: Vec<String> = per_provider
        .iter()
        .map(|(name, n)| match n {
            1 => format!("{name} one subscription"),
            n => format!("{name} {n} subscriptions"),
        })
        .collect();
    assert_eq!(page.texts("table.supports tbody tr"), expected);
    let links = page.values("table.supports a", "href");
    assert_eq!(
        links,
        [
            format!("/partner/providers/{ADATUM}"),
            format!("/partner/providers/{CONTOSO}")
        ]
    );
    assert_eq!(
        page.texts(".stats .supports strong"),
        [supported.len().to_string()]
    );
    // Its pending request, linked, and how many.
    assert_eq!(page.texts(".stats .pending strong"), ["1"]);
    let pending = page.texts(".pending-requests li");
    assert_eq!(pending.len(), 1);
    assert!(
        pending[0].contains("Litware")
            && pending[0].contains("litware.onmicrosoft.com")
            && !pending[0].contains("delegated admin privileges"),
        "{pending:?}"
    );
    assert!(page.values(".pending-requests a", "href")[0].starts_with("/partner/requests/"));
    // The recent changes: its Activity as it opens, the change Adatum made
    // first among what it did not make itself.
    let activity = trey.get("/partner/activity").await;
    let recent = shown(&page);
    assert!(!recent.is_empty());
    assert_eq!(recent, shown(&activity)[..recent.len()]);
    let rows = page.texts("table.activity tbody tr");
    assert!(
        rows.iter().any(
            |r| r.contains("Designated support contact: Adatum Cloud → Trey Research")
                && r.contains("Wide World Importers")
                && r.contains("Exchange Online (Plan 1)")
                && r.contains("Adatum Admin · Adatum Cloud")
        ),
        "{rows:#?}"
    );
    let text = page.text();
    assert!(
        !text.contains("Open a customer, then a subscription"),
        "{text}"
    );
    assert_eq!(resellers_item(&page), "Providers");
}

#[actix_web::test]
async fn a_reseller_with_nothing_yet_is_told_what_to_do() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app)
        .provider("Contoso Distribution")
        .reseller("Trey Research", Tie::Unrelated)
        .build();
    let trey = app
        .signed_in_as(&world.reseller("Trey Research").admin)
        .await;
    let page = trey.get("/partner").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(
        text.contains("You are not the designated support contact of any subscription yet"),
        "{text}"
    );
    assert!(
        text.contains("None of your relationship requests is waiting for an answer"),
        "{text}"
    );
    assert_eq!(page.texts(".stats .supports strong"), ["0"]);
    assert_eq!(page.texts(".stats .pending strong"), ["0"]);
    assert!(
        page.values("a", "href")
            .contains(&"/partner/requests".to_owned())
    );
    assert!(page.texts("table.supports").is_empty());
    assert!(
        !text.contains("Open a customer, then a subscription"),
        "{text}"
    );
}

#[actix_web::test]
async fn the_menu_names_a_resellers_providers_and_a_providers_resellers_in_both_languages() {
    let app = spawn_app().await;
    for (email, english, chinese) in [
        (TREY_ADMIN, "Providers", "提供者"),
        (CONTOSO_ADMIN, "Resellers", "轉銷商"),
    ] {
        let browser = app.signed_in(email).await;
        for path in ["/partner", "/partner/resellers", "/partner/activity"] {
            let page = browser.get(path).await;
            assert_eq!(resellers_item(&page), english, "{email} {path}");
        }
        let response = browser
            .client
            .get(format!("{}/partner", app.base))
            .header("accept-language", "zh-TW")
            .send()
            .await
            .unwrap();
        let page = Page {
            status: response.status(),
            location: None,
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        };
        assert!(page.body.contains(r#"<html lang="zh-Hant-TW">"#));
        assert_eq!(resellers_item(&page), chinese, "{email}");
    }
    // The page it opens says the same.
    let trey = app.signed_in(TREY_ADMIN).await;
    assert!(
        trey.get("/partner/resellers")
            .await
            .texts("h1")
            .contains(&"Your providers".to_owned())
    );
}

#[actix_web::test]
async fn a_providers_recent_changes_are_its_activity_as_it_opens() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let empty = contoso.get("/partner").await;
    assert!(
        empty
            .text()
            .contains("No changes yet. Open a customer, then a subscription")
    );
    for (subscription, contact) in [
        (WWI_OFFICE_365, TREY_RESEARCH),
        (WWI_M365_E3, TREY_RESEARCH),
        (WWI_OFFICE_365, CONTOSO),
    ] {
        let moved = submit_contact(&contoso, WWI, subscription, Some(contact)).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER);
    }
    let page = contoso.get("/partner").await;
    let activity = contoso.get("/partner/activity").await;
    assert_eq!(shown(&page).len(), 3);
    assert_eq!(shown(&page), shown(&activity));
    let rows = page.texts("table.activity tbody tr");
    assert!(
        rows[0].contains("Trey Research → Contoso Distribution")
            && rows[0].contains("Office 365 Business Premium")
            && rows[0].contains("Contoso Admin"),
        "{rows:#?}"
    );
    // A provider's dashboard keeps its counts, and none of a reseller's.
    assert!(page.texts("table.supports").is_empty());
    assert!(page.texts(".pending-requests").is_empty());
    assert_eq!(page.texts(".stats li").len(), 4);
}
