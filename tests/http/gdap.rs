//! Granular delegated admin privileges over HTTP: a partner asks, the
//! customer's admin approves or declines through the link, either side
//! terminates, and a provider requires roles; each as rule 2 then sees it
//! on the subscription page.

use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::{audit_log, gdap_relationships};

use crate::fixtures::{Fixture, Tie, World};
use crate::helpers::*;

const TREY: &str = "Trey Research";

/// A provider, Trey Research (a relationship without DAP) and Wide World
/// Importers with two subscriptions.
fn world(app: &TestApp) -> World {
    Fixture::new(app)
        .provider("Contoso Distribution")
        .helpdesk()
        .reseller(TREY, Tie::NoDap)
        .customer("Wide World Importers")
        .subscriptions(&["Office 365 Business Premium", "Microsoft 365 E3"])
        .build()
}

fn gdap_rows(app: &TestApp) -> i64 {
    gdap_relationships::table
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

/// (status, end reason) of the relationship of that display name.
fn stored(app: &TestApp, name: &str) -> (String, Option<String>) {
    gdap_relationships::table
        .filter(gdap_relationships::display_name.eq(name))
        .select((gdap_relationships::status, gdap_relationships::end_reason))
        .first(&mut app.conn())
        .unwrap()
}

fn gdap_id(app: &TestApp, name: &str) -> String {
    gdap_relationships::table
        .filter(gdap_relationships::display_name.eq(name))
        .select(gdap_relationships::id)
        .first(&mut app.conn())
        .unwrap()
}

/// (subscription, detail) of every `support_contact.reverted` row.
fn reverted(app: &TestApp) -> Vec<(Option<String>, String)> {
    audit_log::table
        .filter(audit_log::action.eq("support_contact.reverted"))
        .order(audit_log::id)
        .select((audit_log::subscription_id, audit_log::detail))
        .load(&mut app.conn())
        .unwrap()
}

/// A form's fields, as sent.
type Fields = Vec<(&'static str, &'static str)>;

fn sorted(mut names: Vec<String>) -> Vec<String> {
    names.sort();
    names
}

fn both_subscriptions() -> Vec<String> {
    sorted(vec![
        "Office 365 Business Premium".to_owned(),
        "Microsoft 365 E3".to_owned(),
    ])
}

fn form_path(customer: &str) -> String {
    format!("/partner/customers/{customer}/gdap")
}

/// Sends the request form with these fields (the CSRF token added).
async fn ask(browser: &Browser, customer: &str, fields: &[(&str, &str)]) -> Page {
    let path = form_path(customer);
    let form = browser.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let token = form.csrf_token();
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    browser.post_form(&path, &all).await
}

/// The approval link's path, from the page that made the request.
fn link_path(made: &Page) -> String {
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let link = made.values("input#link", "value").pop().expect("the link");
    link.strip_prefix("http://127.0.0.1")
        .expect("an absolute link on the public address")
        .to_owned()
}

/// The reseller asks the customer for these roles; the link's path.
async fn request(app: &TestApp, world: &World, name: &str, roles: &[&str], days: &str) -> String {
    let trey = app.signed_in_as(&world.reseller(TREY).admin).await;
    let mut fields = vec![("display_name", name), ("duration_days", days)];
    fields.extend(roles.iter().map(|r| ("role", *r)));
    link_path(&ask(&trey, &world.customer().id, &fields).await)
}

/// The customer's admin answers through the link (`approve`, `decline`).
async fn answer(browser: &Browser, link: &str, action: &str) -> Page {
    let page = browser.get(link).await;
    let token = page.csrf_token();
    browser
        .post_form(link, &[("csrf_token", &token), ("action", action)])
        .await
}

async fn choices(browser: &Browser, world: &World, index: usize) -> Vec<String> {
    let path = subscription_path(&world.customer().id, world.subscription(index));
    browser
        .get(&path)
        .await
        .values("input[name=support_contact]", "value")
}

/// Trey holds an approved relationship with these roles, and the provider
/// makes it the contact of every subscription. The relationship's id.
async fn trey_supports_everything(app: &TestApp, world: &World, roles: &[&str]) -> String {
    let link = request(app, world, "Trey support", roles, "365").await;
    let wwi = app.signed_in_as(&world.customer().admin).await;
    assert_eq!(
        answer(&wwi, &link, "approve").await.status,
        StatusCode::SEE_OTHER
    );
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let trey_id = &world.reseller(TREY).id;
    for index in 0..world.customer().subscriptions.len() {
        let done = submit_contact(
            &contoso,
            &world.customer().id,
            world.subscription(index),
            Some(trey_id),
        )
        .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    }
    gdap_id(app, "Trey support")
}

#[actix_web::test]
async fn a_reseller_becomes_a_choice_once_the_customer_admin_approves_its_gdap_request() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let trey_id = world.reseller(TREY).id.clone();
    let contoso = app.signed_in_as(&world.provider.admin).await;
    assert!(!choices(&contoso, &world, 0).await.contains(&trey_id));

    let link = request(
        &app,
        &world,
        "Trey helpdesk",
        &["helpdesk-administrator", "service-support-administrator"],
        "P90D",
    )
    .await;
    assert!(link.starts_with("/gdap/"), "{link}");
    // Asked, not yet approved: still out, and the page says why.
    let page = contoso
        .get(&subscription_path(
            &world.customer().id,
            world.subscription(0),
        ))
        .await;
    assert!(
        page.texts("td.reason")
            .iter()
            .any(|r| r.contains("awaits the customer's approval")),
        "{:?}",
        page.texts("td.reason")
    );

    let wwi = app.signed_in_as(&world.customer().admin).await;
    let shown = wwi.get(&link).await;
    assert_eq!(shown.status, StatusCode::OK);
    assert_eq!(
        shown.texts("strong.role-name"),
        vec!["Helpdesk Administrator", "Service Support Administrator"]
    );
    assert!(
        shown.texts("span.role-about")[0]
            .contains("Resets passwords and handles service requests for users who are not admins")
    );
    let text = shown.text();
    assert!(text.contains(TREY) && text.contains(&world.reseller(TREY).mpn_id));
    assert!(text.contains("90 days"), "{text}");

    let approved = answer(&wwi, &link, "approve").await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);
    assert_eq!(approved.location.as_deref(), Some("/admin/partners"));
    let partners = wwi.get("/admin/partners").await;
    assert!(
        partners
            .texts("[role=status]")
            .join(" ")
            .contains("You approved")
    );
    let row = partners
        .texts("table.gdap-relationships tbody tr")
        .join(" ");
    assert!(row.contains(TREY) && row.contains("Active"), "{row}");
    assert_eq!(stored(&app, "Trey helpdesk").0, "active");

    assert!(choices(&contoso, &world, 0).await.contains(&trey_id));
    let trey = app.signed_in_as(&world.reseller(TREY).admin).await;
    let list = trey.get("/partner/gdap").await;
    assert_eq!(list.status, StatusCode::OK);
    let rows = list.texts("#all tbody tr").join(" ");
    assert!(
        rows.contains("Wide World Importers")
            && rows.contains("Helpdesk Administrator, Service Support Administrator")
            && rows.contains("Active"),
        "{rows}"
    );
}

#[actix_web::test]
async fn a_declined_request_leaves_the_reseller_out_and_its_link_works_once() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let trey_id = world.reseller(TREY).id.clone();
    let link = request(
        &app,
        &world,
        "Trey helpdesk",
        &["helpdesk-administrator"],
        "90",
    )
    .await;
    let wwi = app.signed_in_as(&world.customer().admin).await;
    let page = wwi.get(&link).await;
    let declined = wwi
        .post_form(
            &link,
            &[("csrf_token", &page.csrf_token()), ("action", "decline")],
        )
        .await;
    assert_eq!(declined.status, StatusCode::SEE_OTHER);
    assert_eq!(
        stored(&app, "Trey helpdesk"),
        ("terminated".to_owned(), Some("declined".to_owned()))
    );
    let contoso = app.signed_in_as(&world.provider.admin).await;
    assert!(!choices(&contoso, &world, 0).await.contains(&trey_id));
    let reasons = contoso
        .get(&subscription_path(
            &world.customer().id,
            world.subscription(0),
        ))
        .await
        .texts("td.reason")
        .join(" ");
    assert!(reasons.contains("GDAP"), "{reasons}");

    // The second answer: the link is spent, nothing changes.
    let again = wwi
        .post_form(
            &link,
            &[("csrf_token", &page.csrf_token()), ("action", "approve")],
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(again.text().contains("This link is not valid any more"));
    assert_eq!(stored(&app, "Trey helpdesk").0, "terminated");
    assert!(!choices(&contoso, &world, 0).await.contains(&trey_id));
    let reopened = wwi.get(&link).await;
    assert_eq!(reopened.status, StatusCode::NOT_FOUND);
    assert!(reopened.text().contains("This link is not valid any more"));
    assert!(reopened.values("button[name=action]", "value").is_empty());
}

#[actix_web::test]
async fn a_link_opened_by_another_customers_admin_changes_nothing() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let other = Fixture::new(&app)
        .provider("Adatum Distribution")
        .customer("Fourth Coffee")
        .build();
    let link = request(
        &app,
        &world,
        "Trey helpdesk",
        &["helpdesk-administrator"],
        "90",
    )
    .await;
    let fourth = app.signed_in_as(&other.customer().admin).await;
    let shown = fourth.get(&link).await;
    assert_eq!(shown.status, StatusCode::FORBIDDEN);
    assert!(
        shown
            .text()
            .contains("This link is for another organization")
    );
    assert!(!shown.text().contains("Helpdesk Administrator"));
    let sent = fourth
        .post_form(
            &link,
            &[("csrf_token", &shown.csrf_token()), ("action", "approve")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN);
    assert!(
        sent.text()
            .contains("This link is for another organization")
    );
    assert_eq!(stored(&app, "Trey helpdesk").0, "approvalPending");
    // The right admin can still answer it.
    let wwi = app.signed_in_as(&world.customer().admin).await;
    assert_eq!(
        answer(&wwi, &link, "approve").await.status,
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn only_a_signed_in_admin_of_the_customer_answers_a_link() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let link = request(
        &app,
        &world,
        "Trey helpdesk",
        &["helpdesk-administrator"],
        "90",
    )
    .await;
    // Signed out: sign in first, and come back to the link.
    let visitor = app.browser();
    let page = visitor.get(&link).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        page.location
            .as_deref()
            .unwrap()
            .starts_with("/login?next=%2Fgdap%2F")
    );
    // A partner user: told it is for the customer's admin; nothing changes.
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let page = contoso.get(&link).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(
        page.text()
            .contains("for an admin of the customer organization")
    );
    let sent = contoso
        .post_form(
            &link,
            &[("csrf_token", &page.csrf_token()), ("action", "approve")],
        )
        .await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&app, "Trey helpdesk").0, "approvalPending");
}

#[actix_web::test]
async fn a_request_unanswered_for_90_days_has_lapsed_and_cannot_be_approved() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let link = request(
        &app,
        &world,
        "Trey helpdesk",
        &["helpdesk-administrator"],
        "90",
    )
    .await;
    app.clock.advance(chrono::Duration::days(91));
    let wwi = app.signed_in_as(&world.customer().admin).await;
    let page = wwi.get(&link).await;
    let token = page.csrf_token();
    assert_eq!(page.status, StatusCode::GONE);
    assert!(page.text().contains("has lapsed"));
    let sent = wwi
        .post_form(&link, &[("csrf_token", &token), ("action", "approve")])
        .await;
    assert_eq!(sent.status, StatusCode::GONE);
    assert_eq!(stored(&app, "Trey helpdesk").0, "approvalPending");
}

#[actix_web::test]
async fn a_request_with_bad_input_shows_every_problem_keeps_what_was_typed_and_stores_nothing() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let trey = app.signed_in_as(&world.reseller(TREY).admin).await;
    let wwi = &world.customer().id;
    let out_of_range = "must be from 1 day to 2 years";
    let cases: Vec<(Fields, Vec<&str>)> = vec![
        (
            vec![
                ("display_name", "Zero days"),
                ("role", "helpdesk-administrator"),
                ("duration_days", "0"),
            ],
            vec![out_of_range],
        ),
        (
            vec![
                ("display_name", "Too long"),
                ("role", "helpdesk-administrator"),
                ("duration_days", "731"),
            ],
            vec![out_of_range],
        ),
        (
            vec![
                ("display_name", "Three years"),
                ("role", "helpdesk-administrator"),
                ("duration_days", "P3Y"),
            ],
            vec![out_of_range],
        ),
        (
            vec![
                ("display_name", "Words"),
                ("role", "helpdesk-administrator"),
                ("duration_days", "ninety"),
            ],
            vec!["as a number of days, or as an ISO 8601 duration"],
        ),
        (
            vec![
                ("display_name", "Janitor"),
                ("role", "janitor"),
                ("role", "helpdesk-administrator"),
                ("duration_days", "90"),
            ],
            vec!["not one this form offers"],
        ),
        (
            vec![("display_name", "No role"), ("duration_days", "90")],
            vec!["Choose at least one role"],
        ),
        (
            vec![
                ("display_name", "Everything"),
                ("role", "global-administrator"),
                ("duration_days", "90"),
                ("auto_extend", "1"),
            ],
            vec!["Auto-extend is not allowed with Global Administrator"],
        ),
        (
            vec![
                ("display_name", "   "),
                ("role", "helpdesk-administrator"),
                ("duration_days", "90"),
            ],
            vec!["Give the relationship a display name"],
        ),
        (
            vec![
                ("display_name", ""),
                ("duration_days", "P3Y"),
                ("role", "global-administrator"),
                ("auto_extend", "1"),
            ],
            vec![
                "Give the relationship a display name",
                out_of_range,
                "Auto-extend is not allowed with Global Administrator",
            ],
        ),
    ];
    for (fields, messages) in &cases {
        let page = ask(&trey, wwi, fields).await;
        assert_eq!(
            page.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{fields:?}: {}",
            page.body
        );
        let said = page.texts(".field-error").join(" | ");
        for message in messages {
            assert!(said.contains(message), "{fields:?}: {said}");
        }
        assert_eq!(said.matches(" | ").count() + 1, messages.len(), "{said}");
        let typed = |name: &str| {
            fields
                .iter()
                .rev()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| *v)
                .unwrap_or_default()
        };
        assert_eq!(
            page.values("input[name=display_name]", "value"),
            vec![typed("display_name")]
        );
        assert_eq!(
            page.values("input[name=duration_days]", "value"),
            vec![typed("duration_days")]
        );
        let known: Vec<&str> = fields
            .iter()
            .filter(|(k, v)| *k == "role" && *v != "janitor")
            .map(|(_, v)| *v)
            .collect();
        assert_eq!(
            page.values("input[name=role][checked]", "value"),
            known,
            "{fields:?}"
        );
        assert_eq!(
            page.values("input[name=auto_extend][checked]", "value")
                .len(),
            usize::from(!typed("auto_extend").is_empty())
        );
        assert_eq!(gdap_rows(&app), 0, "{fields:?}");
    }

    // A name the partner already uses.
    let fields = [
        ("display_name", "Trey helpdesk"),
        ("role", "helpdesk-administrator"),
        ("duration_days", "P2W"),
    ];
    link_path(&ask(&trey, wwi, &fields).await);
    let stored_days: i32 = gdap_relationships::table
        .select(gdap_relationships::duration_days)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(stored_days, 14);
    let again = ask(&trey, wwi, &fields).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        again
            .texts(".field-error")
            .join(" ")
            .contains("already have a relationship with this display name")
    );
    assert_eq!(
        again.values("input[name=display_name]", "value"),
        vec!["Trey helpdesk"]
    );
    assert_eq!(gdap_rows(&app), 1);
}

#[actix_web::test]
async fn terminating_from_the_partner_side_sends_the_resellers_subscriptions_back() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let id = trey_supports_everything(&app, &world, &["helpdesk-administrator"]).await;
    let trey = app.signed_in_as(&world.reseller(TREY).admin).await;
    let path = format!("/partner/gdap/{id}");
    let page = trey.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    let listed = page.texts("#terminate ul.going li");
    assert_eq!(sorted(listed.clone()), both_subscriptions());

    // Without the confirmation: the page again, nothing changed.
    let unconfirmed = trey
        .post_form(
            &format!("{path}/terminate"),
            &[("csrf_token", &page.csrf_token())],
        )
        .await;
    assert_eq!(unconfirmed.status, StatusCode::OK);
    assert_eq!(unconfirmed.texts("#terminate ul.going li"), listed);
    assert_eq!(stored(&app, "Trey support").0, "active");
    assert!(reverted(&app).is_empty());

    let done = trey
        .post_form(
            &format!("{path}/terminate"),
            &[("csrf_token", &page.csrf_token()), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location.as_deref(), Some(path.as_str()));
    let after = trey.get(&path).await;
    let flash = after.texts("[role=status]").join(" ");
    assert!(
        flash.contains("Trey support is terminated")
            && flash.contains("2 subscriptions went back to their provider"),
        "{flash}"
    );
    assert!(
        after
            .texts("dd.ended")
            .join(" ")
            .contains("Terminated by the partner")
    );
    assert_eq!(
        stored(&app, "Trey support"),
        (
            "terminated".to_owned(),
            Some("terminated_by_partner".to_owned())
        )
    );
    let expected: Vec<(Option<String>, String)> = (0..2)
        .map(|i| {
            (
                Some(world.subscription(i).to_owned()),
                "gdap.terminated".to_owned(),
            )
        })
        .collect();
    let mut rows = reverted(&app);
    rows.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(rows, expected_sorted);
    for i in 0..2 {
        assert_eq!(
            app.stored_contact(world.subscription(i)).0,
            world.provider.id
        );
    }
    // Ended: nothing left to terminate.
    assert!(after.texts("#terminate").is_empty());
}

#[actix_web::test]
async fn terminating_from_the_customer_side_sends_the_resellers_subscriptions_back() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let id = trey_supports_everything(&app, &world, &["helpdesk-administrator"]).await;
    let wwi = app.signed_in_as(&world.customer().admin).await;
    let partners = wwi.get("/admin/partners").await;
    let path = format!("/admin/gdap/{id}");
    assert_eq!(partners.values("a.terminate", "href"), vec![path.clone()]);
    let confirm = wwi.get(&path).await;
    assert_eq!(confirm.status, StatusCode::OK);
    let listed = confirm.texts("ul.going li");
    assert_eq!(sorted(listed.clone()), both_subscriptions());

    let unconfirmed = wwi
        .post_form(&path, &[("csrf_token", &confirm.csrf_token())])
        .await;
    assert_eq!(unconfirmed.status, StatusCode::OK);
    assert_eq!(unconfirmed.texts("ul.going li"), listed);
    assert_eq!(stored(&app, "Trey support").0, "active");
    assert!(reverted(&app).is_empty());

    let done = wwi
        .post_form(
            &path,
            &[("csrf_token", &confirm.csrf_token()), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location.as_deref(), Some("/admin/partners"));
    let after = wwi.get("/admin/partners").await;
    assert!(
        after
            .texts("[role=status]")
            .join(" ")
            .contains("2 subscriptions went back to their provider")
    );
    let row = after.texts("table.gdap-relationships tbody tr").join(" ");
    assert!(row.contains("Terminated"), "{row}");
    assert!(after.values("a.terminate", "href").is_empty());
    assert_eq!(
        stored(&app, "Trey support").1.as_deref(),
        Some("terminated_by_customer")
    );
    let details: Vec<String> = reverted(&app).into_iter().map(|(_, d)| d).collect();
    assert_eq!(details, vec!["gdap.terminated", "gdap.terminated"]);
    for i in 0..2 {
        assert_eq!(
            app.stored_contact(world.subscription(i)).0,
            world.provider.id
        );
    }
}

#[actix_web::test]
async fn a_helpdesk_agent_can_neither_ask_for_nor_terminate_a_relationship() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let wwi_id = &world.customer().id;
    let helpdesk = app
        .signed_in_as(world.provider.helpdesk.as_ref().unwrap())
        .await;
    let form = helpdesk.get(&form_path(wwi_id)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text().contains("Only admin agents can ask"));
    assert!(form.values("input[name=display_name]", "value").is_empty());
    let sent = helpdesk
        .post_form(
            &form_path(wwi_id),
            &[
                ("csrf_token", &form.csrf_token()),
                ("display_name", "Helpdesk's own"),
                ("role", "helpdesk-administrator"),
                ("duration_days", "90"),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::FORBIDDEN);
    assert_eq!(gdap_rows(&app), 0);

    // The provider's admin asks, the customer approves.
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let made = ask(
        &contoso,
        wwi_id,
        &[
            ("display_name", "Contoso support"),
            ("role", "service-support-administrator"),
            ("duration_days", "90"),
        ],
    )
    .await;
    let wwi = app.signed_in_as(&world.customer().admin).await;
    answer(&wwi, &link_path(&made), "approve").await;
    let id = gdap_id(&app, "Contoso support");
    let page = helpdesk.get(&format!("/partner/gdap/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.texts("#terminate").is_empty());
    let refused = helpdesk
        .post_form(
            &format!("/partner/gdap/{id}/terminate"),
            &[("csrf_token", &page.csrf_token()), ("confirmed", "yes")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&app, "Contoso support").0, "active");
    // Nor does it set the roles the provider requires.
    let list = helpdesk.get("/partner/gdap").await;
    assert!(list.values("input[name=role]", "value").is_empty());
    let refused = helpdesk
        .post_form(
            "/partner/gdap/required-roles",
            &[
                ("csrf_token", &list.csrf_token()),
                ("role", "global-administrator"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_provider_requiring_a_role_drops_resellers_whose_gdap_lacks_it() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let trey_id = world.reseller(TREY).id.clone();
    trey_supports_everything(&app, &world, &["helpdesk-administrator"]).await;
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let list = contoso.get("/partner/gdap").await;
    assert_eq!(list.values("input[name=role]", "value").len(), 12);
    assert!(list.values("input[name=role][checked]", "value").is_empty());
    // Nothing is required yet: nothing is short of it.
    assert!(list.texts("#short tbody tr").is_empty());
    let saved = contoso
        .post_form(
            "/partner/gdap/required-roles",
            &[
                ("csrf_token", &list.csrf_token()),
                ("role", "service-support-administrator"),
            ],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);
    let after = contoso.get("/partner/gdap").await;
    assert!(
        after
            .texts("[role=status]")
            .join(" ")
            .contains("2 subscriptions went back to their provider")
    );
    assert_eq!(
        after.values("input[name=role][checked]", "value"),
        vec!["service-support-administrator"]
    );
    // The dashboard counts what the GDAP page lists.
    assert_eq!(
        contoso.get("/partner").await.texts(".gdap-short a"),
        ["1 active relationship is missing the roles a provider requires"]
    );
    for i in 0..2 {
        assert_eq!(
            app.stored_contact(world.subscription(i)).0,
            world.provider.id
        );
    }
    assert_eq!(reverted(&app).len(), 2);
    // The GDAP page singles the relationship out, for the provider...
    let short = after.texts("#short tbody tr");
    assert_eq!(short.len(), 1, "{short:?}");
    for said in [
        "Trey support",
        world.customer().name.as_str(),
        world.reseller(TREY).name.as_str(),
        "Helpdesk Administrator",
        "Service Support Administrator",
    ] {
        assert!(short[0].contains(said), "{said}: {short:?}");
    }
    // ... and for the reseller, with the way to ask again.
    let trey = app.signed_in_as(&world.reseller(TREY).admin).await;
    let own = trey.get("/partner/gdap").await;
    let short = own.texts("#short tbody tr");
    assert_eq!(short.len(), 1, "{short:?}");
    assert!(short[0].contains(&world.provider.name), "{short:?}");
    let trey_gdap = gdap_id(&app, "Trey support");
    assert_eq!(
        own.values("#short a[href*='?from=']", "href"),
        [format!(
            "/partner/customers/{}/gdap?from={trey_gdap}",
            world.customer().id
        )]
    );
    let page = contoso
        .get(&subscription_path(
            &world.customer().id,
            world.subscription(0),
        ))
        .await;
    assert!(
        !page
            .values("input[name=support_contact]", "value")
            .contains(&trey_id)
    );
    let reasons = page.texts("td.reason").join(" ");
    assert!(
        reasons.contains("include none of the roles you require"),
        "{reasons}"
    );
    // An unknown role is not saved.
    let bad = contoso
        .post_form(
            "/partner/gdap/required-roles",
            &[("csrf_token", &list.csrf_token()), ("role", "janitor")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn the_partner_page_and_dashboard_single_out_expiring_and_pending_relationships() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let soon = request(&app, &world, "Trey short", &["global-reader"], "20").await;
    app.clock.advance(chrono::Duration::minutes(1));
    request(
        &app,
        &world,
        "Trey waiting",
        &["license-administrator"],
        "90",
    )
    .await;
    let wwi = app.signed_in_as(&world.customer().admin).await;
    answer(&wwi, &soon, "approve").await;
    let trey = app.signed_in_as(&world.reseller(TREY).admin).await;
    let list = trey.get("/partner/gdap").await;
    assert_eq!(list.texts("#expiring tbody th"), vec!["Trey short"]);
    assert_eq!(list.texts("#pending tbody th"), vec!["Trey waiting"]);
    assert_eq!(
        list.texts("#all tbody th"),
        vec!["Trey waiting", "Trey short"]
    );
    // A reseller sets no required roles.
    assert!(list.texts("#required-roles").is_empty());
    let dashboard = trey.get("/partner").await;
    assert_eq!(dashboard.texts(".gdap-expiring li a"), vec!["Trey short"]);
    // Past its end it is no longer expiring: the tile goes.
    app.clock.advance(chrono::Duration::days(21));
    let dashboard = trey.get("/partner").await;
    assert!(dashboard.texts(".gdap-expiring").is_empty());
}

#[actix_web::test]
async fn a_new_request_can_repeat_the_roles_of_an_earlier_one() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    request(
        &app,
        &world,
        "Trey first",
        &["user-administrator", "license-administrator"],
        "120",
    )
    .await;
    let id = gdap_id(&app, "Trey first");
    let trey = app.signed_in_as(&world.reseller(TREY).admin).await;
    let page = trey.get(&format!("/partner/gdap/{id}")).await;
    let href = format!("{}?from={id}", form_path(&world.customer().id));
    assert!(page.values("a", "href").contains(&href));
    let form = trey.get(&href).await;
    assert_eq!(
        form.values("input[name=role][checked]", "value"),
        vec!["user-administrator", "license-administrator"]
    );
    assert_eq!(
        form.values("input[name=duration_days]", "value"),
        vec!["120"]
    );
    // The customer page leads to the form too.
    let customer = trey
        .get(&format!("/partner/customers/{}", world.customer().id))
        .await;
    assert!(
        customer
            .values("a.ask-gdap", "href")
            .contains(&form_path(&world.customer().id))
    );
}

#[actix_web::test]
async fn gdap_pages_and_forms_check_the_session_and_do_their_work_in_one_database_hop() {
    let app = spawn_with(|s| {
        s.seed_demo = support_contacts::config::SeedDemo::Never;
        s.metrics_addr = Some("127.0.0.1:0".parse().unwrap());
    })
    .await;
    let world = world(&app);
    let link = request(&app, &world, "Trey pending", &["global-reader"], "90").await;
    let id = trey_supports_everything(&app, &world, &["helpdesk-administrator"]).await;
    let trey = app.signed_in_as(&world.reseller(TREY).admin).await;
    let wwi = app.signed_in_as(&world.customer().admin).await;
    let form = form_path(&world.customer().id);
    for (browser, path) in [
        (&trey, "/partner/gdap".to_owned()),
        (&trey, format!("/partner/gdap/{id}")),
        (&trey, form.clone()),
        (&trey, format!("{form}?from={id}")),
        (&trey, "/partner".to_owned()),
        (&wwi, link.clone()),
        (&wwi, "/admin/partners".to_owned()),
        (&wwi, format!("/admin/gdap/{id}")),
    ] {
        let before = db_hops(&app).await;
        assert_eq!(browser.get(&path).await.status, StatusCode::OK, "{path}");
        assert_eq!(db_hops(&app).await - before, 1.0, "{path}");
    }
    let token = trey.get(&form).await.csrf_token();
    for (fields, status) in [
        (vec![("display_name", "")], StatusCode::UNPROCESSABLE_ENTITY),
        (
            vec![
                ("display_name", "Trey again"),
                ("role", "global-reader"),
                ("duration_days", "30"),
            ],
            StatusCode::OK,
        ),
    ] {
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend(fields);
        let before = db_hops(&app).await;
        assert_eq!(trey.post_form(&form, &all).await.status, status);
        assert_eq!(db_hops(&app).await - before, 1.0, "{all:?}");
    }
    let before = db_hops(&app).await;
    let ask = trey
        .post_form(
            &format!("/partner/gdap/{id}/terminate"),
            &[("csrf_token", &token)],
        )
        .await;
    assert_eq!(ask.status, StatusCode::OK);
    assert_eq!(db_hops(&app).await - before, 1.0);
}

#[actix_web::test]
async fn gdap_forms_without_their_csrf_token_change_nothing() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let link = request(
        &app,
        &world,
        "Trey helpdesk",
        &["helpdesk-administrator"],
        "90",
    )
    .await;
    let wwi = app.signed_in_as(&world.customer().admin).await;
    assert_eq!(wwi.get(&link).await.status, StatusCode::OK);
    let forged = wwi.post_form(&link, &[("action", "approve")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&app, "Trey helpdesk").0, "approvalPending");
    let trey = app.signed_in_as(&world.reseller(TREY).admin).await;
    let forged = trey
        .post_form(
            &form_path(&world.customer().id),
            &[
                ("display_name", "Forged"),
                ("role", "global-administrator"),
                ("duration_days", "730"),
            ],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let id = gdap_id(&app, "Trey helpdesk");
    let forged = trey
        .post_form(
            &format!("/partner/gdap/{id}/terminate"),
            &[("confirmed", "yes")],
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(gdap_rows(&app), 1);
    assert_eq!(stored(&app, "Trey helpdesk").0, "approvalPending");
}

#[actix_web::test]
async fn the_approval_page_speaks_the_viewers_language() {
    let app = spawn_empty_app().await;
    let world = world(&app);
    let link = request(
        &app,
        &world,
        "Trey helpdesk",
        &["helpdesk-administrator"],
        "90",
    )
    .await;
    let wwi = app.signed_in_as(&world.customer().admin).await;
    let english = wwi.get(&link).await;
    let switched = wwi
        .post_form(
            "/language",
            &[
                ("csrf_token", &english.csrf_token()),
                ("lang", "zh-TW"),
                ("return_to", &link),
            ],
        )
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    let chinese = wwi.get(&link).await;
    assert_eq!(
        chinese.texts("strong.role-name"),
        vec!["技術支援中心系統管理員"]
    );
    assert_eq!(chinese.texts("button[name=action]"), vec!["核准", "拒絕"]);
    assert!(chinese.text().contains("90 天"));
}
