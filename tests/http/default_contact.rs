//! A provider's default support contact for new subscriptions at one
//! customer: set on the customer page among the partners eligible now
//! (rule 2), where new subscriptions start (rule 1 otherwise), and back to
//! the provider, audited, once the partner stops being eligible.

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::app;
use support_contacts::db::schema::{audit_log, default_contacts};
use support_contacts::domain::TenantId;
use support_contacts::store::audit::Actor;

use crate::fixtures::{Fixture, Tie, World};
use crate::helpers::*;

const TREY: &str = "Trey Research";
const FABRIKAM: &str = "Fabrikam Solutions";

/// A provider with a helpdesk agent, Trey Research (eligible: a
/// relationship with DAP), Fabrikam Solutions (a relationship without DAP)
/// and Wide World Importers with no subscription yet.
fn world(app: &TestApp) -> World {
    Fixture::new(app)
        .provider("Contoso Distribution")
        .helpdesk()
        .reseller(TREY, Tie::Dap)
        .reseller(FABRIKAM, Tie::NoDap)
        .customer("Wide World Importers")
        .build()
}

fn customer_path(customer: &str) -> String {
    format!("/partner/customers/{customer}")
}

fn default_path(customer: &str) -> String {
    format!("/partner/customers/{customer}/default-contact")
}

/// Every stored default: (provider, customer, contact).
fn stored_defaults(app: &TestApp) -> Vec<(String, String, String)> {
    default_contacts::table
        .order((
            default_contacts::provider_tenant_id,
            default_contacts::customer_tenant_id,
        ))
        .select((
            default_contacts::provider_tenant_id,
            default_contacts::customer_tenant_id,
            default_contacts::contact_tenant_id,
        ))
        .load(&mut app.conn())
        .unwrap()
}

/// An audit row as (customer, from, to, detail).
type Row = (Option<String>, Option<String>, Option<String>, String);

/// The rows of an action.
fn audited(app: &TestApp, action: &str) -> Vec<Row> {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .order(audit_log::id)
        .select((
            audit_log::customer_tenant_id,
            audit_log::from_partner_tenant_id,
            audit_log::to_partner_tenant_id,
            audit_log::detail,
        ))
        .load(&mut app.conn())
        .unwrap()
}

/// The creation row of a subscription: (from, to).
fn creation(app: &TestApp, subscription: &str) -> (Option<String>, Option<String>) {
    audit_log::table
        .filter(audit_log::action.eq("subscription.created"))
        .filter(audit_log::subscription_id.eq(subscription))
        .select((
            audit_log::from_partner_tenant_id,
            audit_log::to_partner_tenant_id,
        ))
        .first(&mut app.conn())
        .unwrap()
}

/// Chooses the default on the customer page, as a browser would.
async fn choose(browser: &Browser, customer: &str, contact: &str) -> Page {
    browser
        .submit(
            &customer_path(customer),
            &default_path(customer),
            &[("default_contact", contact)],
        )
        .await
}

/// Adds a subscription through the customer page's form; its id.
async fn add(browser: &Browser, customer: &str, offer: &str) -> String {
    let path = customer_path(customer);
    let done = browser
        .submit(
            &path,
            &format!("{path}/subscriptions"),
            &[("offer_name", offer), ("quantity", "5")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let location = done.location.expect("the new subscription's page");
    location.rsplit('/').next().unwrap().to_owned()
}

#[actix_web::test]
async fn rule_1_new_subscriptions_start_on_the_default_and_their_creation_says_so() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let (wwi, contoso_id) = (&world.customer().id, &world.provider.id);
    let trey_id = &world.reseller(TREY).id;
    let contoso = app.signed_in_as(&world.provider.admin).await;

    // The choices: the provider itself, then the eligible resellers only.
    let page = contoso.get(&customer_path(wwi)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.values("input[name=default_contact]", "value"),
        vec!["".to_owned(), trey_id.clone()]
    );
    assert_eq!(
        page.values("input[name=default_contact][checked]", "value"),
        vec!["".to_owned()]
    );

    let done = choose(&contoso, wwi, trey_id).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let after = contoso.get(&customer_path(wwi)).await;
    let flash = after.texts("[role=status]").join(" ");
    assert!(
        flash.contains("New subscriptions for this customer now start with Trey Research"),
        "{flash}"
    );
    assert_eq!(
        after.values("input[name=default_contact][checked]", "value"),
        vec![trey_id.clone()]
    );
    assert_eq!(
        stored_defaults(&app),
        vec![(contoso_id.clone(), wwi.clone(), trey_id.clone())]
    );
    assert_eq!(
        audited(&app, "support_contact.default_set"),
        vec![(
            Some(wwi.clone()),
            Some(contoso_id.clone()),
            Some(trey_id.clone()),
            String::new()
        )]
    );

    // A new subscription starts on Trey; its creation names where rule 1
    // would have put it.
    let office = add(&contoso, wwi, "Office 365 E3").await;
    assert_eq!(app.stored_contact(&office).0, *trey_id);
    assert_eq!(
        creation(&app, &office),
        (Some(contoso_id.clone()), Some(trey_id.clone()))
    );
    let page = contoso.get(&subscription_path(wwi, &office)).await;
    let source = page.texts(".contact-from-default").join(" ");
    assert!(
        source.contains("Trey Research is the contact this subscription started with"),
        "{source}"
    );
    let history = page.texts("section[aria-labelledby=history-heading] tbody tr");
    assert!(
        history
            .iter()
            .any(|r| r.contains("supported by Trey Research (the customer's default")),
        "{history:?}"
    );

    // Back to the provider itself: the next one starts on Contoso.
    let done = choose(&contoso, wwi, "").await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(stored_defaults(&app).is_empty());
    assert_eq!(
        audited(&app, "support_contact.default_set")[1],
        (
            Some(wwi.clone()),
            Some(trey_id.clone()),
            Some(contoso_id.clone()),
            String::new()
        )
    );
    let teams = add(&contoso, wwi, "Teams Essentials").await;
    assert_eq!(app.stored_contact(&teams).0, *contoso_id);
    assert_eq!(creation(&app, &teams), (None, Some(contoso_id.clone())));
    let page = contoso.get(&subscription_path(wwi, &teams)).await;
    assert!(page.texts(".contact-from-default").is_empty());
    // The first one keeps its contact.
    assert_eq!(app.stored_contact(&office).0, *trey_id);
}

#[actix_web::test]
async fn an_ineligible_or_unknown_default_is_refused_with_the_choice_kept_and_nothing_changed() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let wwi = &world.customer().id;
    let (trey_id, fabrikam_id) = (&world.reseller(TREY).id, &world.reseller(FABRIKAM).id);
    let contoso = app.signed_in_as(&world.provider.admin).await;
    assert_eq!(
        choose(&contoso, wwi, trey_id).await.status,
        StatusCode::SEE_OTHER
    );
    let defaults = stored_defaults(&app);
    let rows = app.audit_rows();

    // Fabrikam has no delegated admin access; the other two name no reseller.
    let unknown = "0b9e9a3c-5d6f-4a1b-8c2d-3e4f5a6b7c8d";
    for choice in [fabrikam_id.as_str(), unknown, "not-a-tenant-id"] {
        let refused = choose(&contoso, wwi, choice).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{choice}: {}",
            refused.body
        );
        let error = refused.texts(".default-contact [role=alert]").join(" ");
        assert!(
            error.contains("not an eligible support contact for Wide World Importers"),
            "{choice}: {error}"
        );
        // What was sent stays chosen: no other choice shows as checked.
        assert!(
            refused
                .values("input[name=default_contact][checked]", "value")
                .is_empty(),
            "{choice}"
        );
        assert_eq!(stored_defaults(&app), defaults, "{choice}");
        assert_eq!(app.audit_rows(), rows, "{choice}");
    }
}

#[actix_web::test]
async fn only_a_providers_admin_sets_a_default_and_only_for_its_own_customers() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let wwi = &world.customer().id;
    let trey_id = &world.reseller(TREY).id;
    let other = Fixture::new(&app)
        .provider("Adatum Cloud")
        .customer("Coho Winery")
        .build();
    let rows = app.audit_rows();

    // The helpdesk agent sees the default, without a form, and may not post.
    let helpdesk = app
        .signed_in_as(world.provider.helpdesk.as_ref().unwrap())
        .await;
    let page = helpdesk.get(&customer_path(wwi)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.values("input[name=default_contact]", "value")
            .is_empty()
    );
    assert!(
        page.texts(".default-contact")
            .join(" ")
            .contains("New subscriptions start with you, their provider")
    );
    let token = page.csrf_token();
    let refused = helpdesk
        .post_form(
            &default_path(wwi),
            &[("csrf_token", &token), ("default_contact", trey_id)],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // A reseller has no default to set.
    let trey = app.signed_in_as(&world.reseller(TREY).admin).await;
    let page = trey.get(&customer_path(wwi)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.texts(".default-contact").is_empty());
    let refused = trey
        .post_form(
            &default_path(wwi),
            &[("csrf_token", &page.csrf_token()), ("default_contact", "")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Another provider's customer is not found, whatever the choice.
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let token = contoso.get(&customer_path(wwi)).await.csrf_token();
    for choice in [trey_id.as_str(), "", "not-a-tenant-id"] {
        let refused = contoso
            .post_form(
                &default_path(&other.customer().id),
                &[("csrf_token", &token), ("default_contact", choice)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{choice}");
    }

    assert!(stored_defaults(&app).is_empty());
    // Refusals may be recorded; no default was.
    assert!(audited(&app, "support_contact.default_set").is_empty());
    assert!(app.audit_rows() >= rows);
}

#[actix_web::test]
async fn the_default_goes_back_to_the_provider_when_the_customer_removes_its_dap() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let (wwi, contoso_id) = (&world.customer().id, &world.provider.id);
    let trey_id = &world.reseller(TREY).id;
    let contoso = app.signed_in_as(&world.provider.admin).await;
    assert_eq!(
        choose(&contoso, wwi, trey_id).await.status,
        StatusCode::SEE_OTHER
    );

    let customer = app.signed_in_as(&world.customer().admin).await;
    let partners = customer.get("/admin/partners").await;
    let removed = customer
        .post_form(
            &format!("/admin/partners/{trey_id}"),
            &[
                ("csrf_token", &partners.csrf_token()),
                ("action", "remove_dap"),
            ],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER, "{}", removed.body);

    // In the same transaction: the default is gone, and audited with why.
    assert!(stored_defaults(&app).is_empty());
    assert_eq!(
        audited(&app, "support_contact.default_cleared"),
        vec![(
            Some(wwi.clone()),
            Some(trey_id.clone()),
            Some(contoso_id.clone()),
            "relationship.delegated_admin_removed".to_owned()
        )]
    );
    let office = add(&contoso, wwi, "Office 365 E3").await;
    assert_eq!(app.stored_contact(&office).0, *contoso_id);
    assert_eq!(creation(&app, &office), (None, Some(contoso_id.clone())));

    // The provider's Activity says so.
    let activity = contoso.get("/partner/activity").await.text();
    assert!(
        activity.contains(
            "Default support contact for new subscriptions back to the provider, no longer eligible: Trey Research → Contoso Distribution"
        ),
        "{activity}"
    );
}

#[actix_web::test]
async fn the_default_goes_back_to_the_provider_when_its_gdap_relationship_expires() {
    // The demo: Trey Research's GDAP relationship with Wide World Importers
    // ends in 20 days.
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    assert_eq!(
        choose(&contoso, WWI, TREY_RESEARCH).await.status,
        StatusCode::SEE_OTHER
    );
    let before_end = add(&contoso, WWI, "Visio Plan 2").await;
    assert_eq!(app.stored_contact(&before_end).0, TREY_RESEARCH);

    // Past the end, before the job runs: no longer eligible, so a new
    // subscription starts on the provider, and the page says why.
    app.clock.advance(Duration::days(21));
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let page = contoso.get(&customer_path(WWI)).await;
    assert!(
        page.texts(".default-contact .notice")
            .join(" ")
            .contains("Trey Research is the default but is not eligible now")
    );
    let after_end = add(&contoso, WWI, "Project Plan 3").await;
    assert_eq!(app.stored_contact(&after_end).0, CONTOSO);
    assert_eq!(creation(&app, &after_end), (None, Some(CONTOSO.to_owned())));

    // The job records the expiry, and the default goes back with it.
    app::gdap::run_due(&mut app.conn(), app.now()).unwrap();
    assert!(
        stored_defaults(&app)
            .iter()
            .all(
                |(provider, customer, _)| (provider.as_str(), customer.as_str()) != (CONTOSO, WWI)
            )
    );
    let cleared = audited(&app, "support_contact.default_cleared");
    assert_eq!(
        cleared,
        vec![(
            Some(WWI.to_owned()),
            Some(TREY_RESEARCH.to_owned()),
            Some(CONTOSO.to_owned()),
            "gdap.expired".to_owned()
        )]
    );
}

#[actix_web::test]
async fn the_default_goes_back_when_the_reseller_authorization_ends_even_with_nothing_supported() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let (wwi, contoso_id) = (&world.customer().id, &world.provider.id);
    let trey_id = &world.reseller(TREY).id;
    let contoso = app.signed_in_as(&world.provider.admin).await;
    assert_eq!(
        choose(&contoso, wwi, trey_id).await.status,
        StatusCode::SEE_OTHER
    );
    // No subscription has Trey as its contact: only the default ties them.
    app::authorizations::end_authorization(
        &mut app.conn(),
        &Actor::command_line(),
        &TenantId::parse(contoso_id).unwrap(),
        &TenantId::parse(trey_id).unwrap(),
        app.now(),
    )
    .unwrap();
    assert!(stored_defaults(&app).is_empty());
    assert_eq!(
        audited(&app, "support_contact.default_cleared"),
        vec![(
            Some(wwi.clone()),
            Some(trey_id.clone()),
            Some(contoso_id.clone()),
            "reseller_authorization.ended".to_owned()
        )]
    );
}
