//! The partner's activity page: every change that concerns it, whoever made
//! it, and nothing that concerns only others.

use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::subscriptions;

use crate::helpers::*;

#[actix_web::test]
async fn activity_shows_every_change_that_concerns_the_partner_and_nothing_else() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let moved = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    // WWI's admin takes Trey Research's admin privileges away: the contact reverts.
    let wwi = app.signed_in(WWI_ADMIN).await;
    let confirm = wwi
        .get(&format!(
            "/admin/partners/{TREY_RESEARCH}?action=remove_dap"
        ))
        .await;
    let removed = wwi
        .post_form(
            &format!("/admin/partners/{TREY_RESEARCH}"),
            &[
                ("csrf_token", &confirm.csrf_token()),
                ("action", "remove_dap"),
            ],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);

    // The provider: its own change, and the revert on its subscription made
    // by the customer's admin.
    let page = contoso.get("/partner/activity").await;
    assert_eq!(page.status, StatusCode::OK);
    let rows = page.texts("table.activity tbody tr");
    assert!(
        rows[0].contains(WWI_ADMIN)
            && rows[0].contains(
                "Designated support contact back to the provider: Trey Research → Contoso Distribution"
            ),
        "{}",
        rows[0]
    );
    assert!(
        rows[1].contains(CONTOSO_ADMIN)
            && rows[1].contains("Designated support contact: Contoso Distribution → Trey Research"),
        "{}",
        rows[1]
    );

    // The reseller: what happened to it, including the customer's own action.
    let trey = app.signed_in(TREY_ADMIN).await;
    let rows = trey
        .get("/partner/activity")
        .await
        .texts("table.activity tbody tr");
    assert!(rows[0].contains("Designated support contact back to the provider"));
    assert!(rows[1].contains("Delegated admin privileges of Trey Research removed"));
    assert!(
        rows.iter()
            .any(|r| r.contains("Contoso Distribution → Trey Research"))
    );

    // Another provider sees none of it: only its own subscriptions' entries.
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let page = adatum.get("/partner/activity").await;
    assert!(!page.text().contains("Trey Research"), "{}", page.text());
    let own: Vec<String> = subscriptions::table
        .filter(subscriptions::provider_tenant_id.eq(support_contacts::demo::ADATUM))
        .select(subscriptions::id)
        .load(&mut app.conn())
        .unwrap();
    let links = page.values("table.activity a", "href");
    assert!(!links.is_empty());
    for link in links {
        assert!(own.iter().any(|id| link.ends_with(id.as_str())), "{link}");
    }
}

#[actix_web::test]
async fn activity_pages_through_everything_and_any_page_number_shows_a_page() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let first = contoso.get("/partner/activity").await;
    assert_eq!(first.texts("table.activity tbody tr").len(), 50);
    let next = first.values("a[rel=next]", "href");
    assert_eq!(next, ["/partner/activity?page=2"]);
    let second = contoso.get("/partner/activity?page=2").await;
    assert!(!second.texts("table.activity tbody tr").is_empty());
    // Each page its own entries.
    let on_first = first.values("table.activity a", "href");
    assert!(
        second
            .values("table.activity a", "href")
            .iter()
            .all(|link| !on_first.contains(link))
    );
    let far = contoso.get("/partner/activity?page=9999").await;
    assert_eq!(far.status, StatusCode::OK);
    assert!(
        far.values("a[rel=next]", "href").is_empty(),
        "the last page"
    );
    for odd in ["abc", "-3", "0", "99999999999999999999"] {
        let page = contoso.get(&format!("/partner/activity?page={odd}")).await;
        assert_eq!(page.status, StatusCode::OK, "page={odd}");
    }
}
