//! Rule 6 and its consequence: ending a relationship, or its delegated admin
//! privileges, sends every contact that stops being eligible back to its
//! provider, in the same transaction, audited one by one.

use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::audit_log;

use crate::fixtures::{Fixture, Tie};
use crate::helpers::*;

fn reverted_rows(app: &TestApp) -> Vec<(Option<String>, Option<String>, Option<String>)> {
    audit_log::table
        .filter(audit_log::action.eq("support_contact.reverted"))
        .order(audit_log::id)
        .select((
            audit_log::subscription_id,
            audit_log::from_partner_tenant_id,
            audit_log::to_partner_tenant_id,
        ))
        .load(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn removing_dap_sends_the_resellers_subscriptions_back_to_the_provider() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app)
        .provider("Contoso Distribution")
        .reseller("Trey Research", Tie::Dap)
        .reseller("Fabrikam Solutions", Tie::NoDap)
        .reseller("Northwind Traders", Tie::Unrelated)
        .customer("Wide World Importers")
        .subscriptions(&["Office 365 Business Premium", "Microsoft 365 E3"])
        .build();
    let (wwi_id, office_365) = (&world.customer().id, world.subscription(0));
    let (contoso_id, trey_id) = (&world.provider.id, &world.reseller("Trey Research").id);
    let contoso = app.signed_in_as(&world.provider.admin).await;
    assert_eq!(
        submit_contact(&contoso, wwi_id, office_365, Some(trey_id))
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let wwi = app.signed_in_as(&world.customer().admin).await;
    let partners = wwi.get("/admin/partners").await;
    assert_eq!(partners.status, StatusCode::OK);
    let rows = partners.texts("tbody tr");
    let trey = rows
        .iter()
        .find(|r| r.contains("Trey Research"))
        .expect("Trey listed");
    assert!(trey.contains("Reseller") && trey.contains("Yes"), "{trey}");
    assert!(
        rows.iter()
            .any(|r| r.contains("Contoso Distribution") && r.contains("Provider"))
    );
    assert!(
        !partners
            .texts("tbody tr")
            .iter()
            .any(|r| r.contains("Northwind Traders")),
        "no relationship, not listed"
    );

    let removed = wwi
        .post_form(
            &format!("/admin/partners/{trey_id}"),
            &[
                ("csrf_token", &partners.csrf_token()),
                ("action", "remove_dap"),
            ],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let after = wwi.get("/admin/partners").await;
    let flash = after.texts("[role=status]").join(" ");
    assert!(
        flash.contains("Trey Research no longer has admin privileges")
            && flash.contains("One subscription went back"),
        "{flash}"
    );
    assert!(
        after
            .texts("tbody tr")
            .iter()
            .any(|r| r.contains("Trey Research") && r.contains("No"))
    );

    // In the same transaction: the contact is back, and audited.
    assert_eq!(app.stored_contact(office_365), (contoso_id.clone(), 3));
    assert_eq!(
        reverted_rows(&app),
        vec![(
            Some(office_365.to_owned()),
            Some(trey_id.clone()),
            Some(contoso_id.clone())
        )]
    );
    let support = wwi
        .get("/admin/support")
        .await
        .texts("section.contact-group");
    assert!(support.iter().any(
        |g| g.starts_with("Contoso Distribution") && g.contains("Office 365 Business Premium")
    ));
    // Trey is now listed as not eligible, for want of DAP.
    let page = contoso.get(&subscription_path(wwi_id, office_365)).await;
    assert_eq!(page.options("support_contact").len(), 1);
    assert_eq!(
        page.values(".not-eligible tbody tr", "data-reason")
            .iter()
            .filter(|r| *r == "no_delegated_admin")
            .count(),
        2
    );
    let history = page.texts("section[aria-labelledby=history-heading] tbody tr");
    assert!(
        history[0].contains("back to the provider: Trey Research → Contoso Distribution"),
        "{history:?}"
    );
}

#[actix_web::test]
async fn a_provider_with_active_subscriptions_cannot_be_deleted_until_they_are_suspended() {
    let app = spawn_app().await;
    let wwi = app.signed_in(WWI_ADMIN).await;
    let token = wwi.get("/admin/partners").await.csrf_token();
    let refused = wwi
        .post_form(
            &format!("/admin/partners/{CONTOSO}"),
            &[("csrf_token", &token), ("action", "delete")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let alert = refused.texts("[role=alert]").join(" ");
    assert!(
        alert.contains("Contoso Distribution still has active subscriptions"),
        "{alert}"
    );
    assert!(alert.contains("Office 365 Business Premium") && alert.contains("Microsoft 365 E3"));
    assert!(
        !alert.contains("Exchange Online"),
        "Adatum's is not Contoso's"
    );

    // Contoso suspends both; then the customer can delete it.
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    for sub in [WWI_OFFICE_365, WWI_M365_E3] {
        let page = contoso.get(&subscription_path(WWI, sub)).await;
        let done = contoso
            .post_form(
                &format!("{}/status", subscription_path(WWI, sub)),
                &[
                    ("csrf_token", &page.csrf_token()),
                    ("status", "suspended"),
                    ("confirmed", "yes"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
    }
    // Suspended ones stay on the Support page, marked.
    let support = wwi.get("/admin/support").await;
    let contoso_group = support
        .texts("section.contact-group")
        .into_iter()
        .find(|g| g.starts_with("Contoso"))
        .unwrap();
    assert!(
        contoso_group.contains("Office 365 Business Premium suspended"),
        "{contoso_group}"
    );

    let deleted = wwi
        .post_form(
            &format!("/admin/partners/{CONTOSO}"),
            &[("csrf_token", &token), ("action", "delete")],
        )
        .await;
    assert_eq!(deleted.status, StatusCode::SEE_OTHER);
    assert!(
        !wwi.get("/admin/partners")
            .await
            .texts("tbody tr")
            .iter()
            .any(|r| r.contains("Contoso"))
    );
    // A partner without a relationship stops seeing the customer.
    assert_eq!(
        contoso
            .get(&format!("/partner/customers/{WWI}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(
        !contoso
            .get("/partner/customers?q=wide")
            .await
            .text()
            .contains("Wide World Importers")
    );
}

#[actix_web::test]
async fn rule_6_a_provider_ends_its_relationship_only_once_nothing_there_is_active() {
    let app = spawn_app().await;
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let page = adatum.get(&format!("/partner/customers/{WWI}")).await;
    assert!(page.text().contains("with delegated admin privileges"));
    let token = page.csrf_token();
    let refused = adatum
        .post_form(
            &format!("/partner/customers/{WWI}/relationship"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let alert = refused.texts("[role=alert]").join(" ");
    assert!(
        alert.contains("still active") && alert.contains("Exchange Online (Plan 1)"),
        "{alert}"
    );

    let suspended = adatum
        .post_form(
            &format!("{}/status", subscription_path(WWI, WWI_EXCHANGE)),
            &[
                ("csrf_token", &token),
                ("status", "suspended"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(suspended.status, StatusCode::SEE_OTHER);
    let removed = adatum
        .post_form(
            &format!("/partner/customers/{WWI}/relationship"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(removed.location.as_deref(), Some("/partner/customers"));
    assert_eq!(
        adatum
            .get(&format!("/partner/customers/{WWI}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn rule_6_a_reseller_cannot_end_its_own_relationship_but_its_provider_can() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app)
        .provider("Contoso Distribution")
        .reseller("Trey Research", Tie::Dap)
        .reseller("Fabrikam Solutions", Tie::NoDap)
        .customer("Wide World Importers")
        .subscriptions(&["Office 365 Business Premium", "Microsoft 365 E3"])
        .build();
    let adatum_world = Fixture::new(&app)
        .provider("Adatum Cloud")
        .existing_customer(world.customer())
        .subscriptions(&["Exchange Online (Plan 1)"])
        .build();
    let (wwi, m365_e3) = (&world.customer().id, world.subscription(1));
    let (trey_reseller, fabrikam) = (
        world.reseller("Trey Research"),
        &world.reseller("Fabrikam Solutions").id,
    );
    let contoso = app.signed_in_as(&world.provider.admin).await;
    submit_contact(&contoso, wwi, m365_e3, Some(&trey_reseller.id)).await;

    let trey = app.signed_in_as(&trey_reseller.admin).await;
    let page = trey.get(&format!("/partner/customers/{wwi}")).await;
    assert!(
        page.text()
            .contains("A reseller cannot end its own relationship")
    );
    let refused = trey
        .post_form(
            &format!("/partner/customers/{wwi}/relationship"),
            &[("csrf_token", &page.csrf_token())],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let customer = contoso.get(&format!("/partner/customers/{wwi}")).await;
    let resellers = customer.texts("table.reseller-relationships tbody tr");
    assert!(
        resellers
            .iter()
            .any(|r| r.contains("Trey Research") && r.contains("with delegated")),
        "{resellers:?}"
    );
    assert!(
        resellers
            .iter()
            .any(|r| r.contains("Fabrikam Solutions") && r.contains("without delegated"))
    );
    let ended = contoso
        .post_form(
            &format!("/partner/customers/{wwi}/resellers/{}", trey_reseller.id),
            &[("csrf_token", &customer.csrf_token())],
        )
        .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    assert_eq!(app.stored_contact(m365_e3).0, world.provider.id);
    assert_eq!(reverted_rows(&app).len(), 1);
    // Trey no longer sees the customer.
    assert_eq!(
        trey.get(&format!("/partner/customers/{wwi}")).await.status,
        StatusCode::NOT_FOUND
    );
    // And Adatum cannot end Contoso's resellers' relationships.
    let adatum = app.signed_in_as(&adatum_world.provider.admin).await;
    let token = adatum.get("/partner").await.csrf_token();
    let foreign = adatum
        .post_form(
            &format!("/partner/customers/{wwi}/resellers/{fabrikam}"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn removing_a_partner_is_confirmed_on_a_page_that_says_what_will_change() {
    let app = spawn_app().await;
    trey_on_legacy_dap_at_wwi(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let moved = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    let wwi = app.signed_in(WWI_ADMIN).await;

    // The list offers no one-click removal: each action opens its confirmation.
    let list = wwi.get("/admin/partners").await;
    let links = list.values("table.partners details.menu a", "href");
    for action in ["remove_dap", "delete"] {
        let link = format!("/admin/partners/{TREY_RESEARCH}?action={action}");
        assert!(links.contains(&link), "{link} in {links:?}");
    }
    assert!(
        list.values("form[action^='/admin/partners/']", "action")
            .is_empty()
    );

    let audit_before = app.audit_rows();
    let confirm = wwi
        .get(&format!(
            "/admin/partners/{TREY_RESEARCH}?action=remove_dap"
        ))
        .await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert_eq!(
        confirm.texts("h1"),
        ["Remove the admin privileges of Trey Research?"]
    );
    assert!(confirm.text().contains(
        "One subscription has Trey Research as its designated support contact. It goes back to its provider's support"
    ));
    assert_eq!(
        confirm.texts("ul.affected li"),
        ["Office 365 Business Premium (Office 365 Business Premium)"]
    );
    // Opening it changes nothing.
    assert_eq!(app.stored_contact(WWI_OFFICE_365).0, TREY_RESEARCH);
    assert_eq!(app.audit_rows(), audit_before);
    // Its form makes the change.
    assert_eq!(
        confirm.values("button[name=action]", "value"),
        ["remove_dap"]
    );
    let done = wwi
        .post_form(
            &format!("/admin/partners/{TREY_RESEARCH}"),
            &[
                ("csrf_token", &confirm.csrf_token()),
                ("action", "remove_dap"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(app.stored_contact(WWI_OFFICE_365).0, CONTOSO);
    // With no privileges left to remove, the link leads back to the list.
    let gone = wwi
        .get(&format!(
            "/admin/partners/{TREY_RESEARCH}?action=remove_dap"
        ))
        .await;
    assert_eq!(gone.location.as_deref(), Some("/admin/partners"));

    // Deleting a provider that still sells here is refused up front, with
    // what is still active, and nothing to press.
    let refused = wwi
        .get(&format!("/admin/partners/{CONTOSO}?action=delete"))
        .await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(!refused.texts("ul.still-active li").is_empty());
    assert!(refused.values("button[name=action]", "value").is_empty());

    // An unknown action is a bad request; a partner WWI does not work with, none.
    assert_eq!(
        wwi.get(&format!("/admin/partners/{TREY_RESEARCH}?action=explode"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        wwi.get(&format!(
            "/admin/partners/{}?action=delete",
            support_contacts::demo::NORTHWIND
        ))
        .await
        .status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn a_provider_confirms_ending_a_relationship_on_a_page_that_says_what_will_change() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let moved = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);

    let customer = contoso.get(&format!("/partner/customers/{WWI}")).await;
    let own = format!("/partner/customers/{WWI}/relationship");
    let trey = format!("/partner/customers/{WWI}/resellers/{TREY_RESEARCH}");
    let links = customer.values(".commands a, table.reseller-relationships a", "href");
    assert!(links.contains(&trey), "{links:?}");
    // While it sells active subscriptions there, the page says why it cannot
    // end its own relationship instead of offering to.
    assert!(!links.contains(&own), "{links:?}");
    assert!(customer.text().contains(
        "You cannot end this relationship yet: 2 subscriptions you sell here are active"
    ));
    assert!(
        customer
            .values("form.inline", "action")
            .iter()
            .all(|a| a != &own && a != &trey)
    );

    // Its own relationship: refused up front while it still sells there.
    let refused = contoso.get(&own).await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(!refused.texts("ul.still-active li").is_empty());
    assert!(
        refused
            .values(&format!("form[action='{own}']"), "action")
            .is_empty()
    );

    // A reseller cannot end its own relationship; a helpdesk agent, nothing.
    let reseller = app.signed_in(TREY_ADMIN).await;
    assert_eq!(reseller.get(&own).await.status, StatusCode::FORBIDDEN);
    let helpdesk = app.signed_in(HELPDESK).await;
    assert_eq!(helpdesk.get(&own).await.status, StatusCode::FORBIDDEN);

    // Trey Research's: the subscription it supports goes back, once confirmed.
    let confirm = contoso.get(&trey).await;
    assert_eq!(confirm.status, StatusCode::OK);
    assert_eq!(
        confirm.texts("h1"),
        ["End the relationship of Trey Research with Wide World Importers?"]
    );
    assert_eq!(
        confirm.texts("ul.affected li"),
        ["Office 365 Business Premium"]
    );
    assert_eq!(app.stored_contact(WWI_OFFICE_365).0, TREY_RESEARCH);
    let done = contoso
        .post_form(&trey, &[("csrf_token", &confirm.csrf_token())])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(app.stored_contact(WWI_OFFICE_365).0, CONTOSO);
    // The relationship has ended: its confirmation page is gone.
    assert_eq!(contoso.get(&trey).await.status, StatusCode::NOT_FOUND);
}
