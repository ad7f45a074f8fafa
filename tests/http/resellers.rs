//! A provider's resellers: the list, one reseller with what it supports, and
//! ending its authorization, whose consequence (docs/domain.md: "provider-reseller
//! authorization ended") sends every contact it held back to the provider.

use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::{audit_log, subscriptions};
use support_contacts::demo::{FABRIKAM, NORTHWIND, PROSEWARE};

use crate::fixtures::{Fixture, Tie};
use crate::helpers::*;

fn supported_by(app: &TestApp, provider: &str, contact: &str) -> Vec<String> {
    subscriptions::table
        .filter(subscriptions::provider_tenant_id.eq(provider))
        .filter(subscriptions::support_contact_tenant_id.eq(contact))
        .filter(subscriptions::status.ne("deleted"))
        .select(subscriptions::id)
        .order(subscriptions::id)
        .load(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn a_provider_lists_its_resellers_with_what_each_supports_and_ended_ones_unlinked() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let page = contoso.get("/partner/resellers").await;
    assert_eq!(page.status, StatusCode::OK);
    let names = page.texts("table.authorizations tbody th");
    assert_eq!(
        names,
        [
            "Fabrikam Solutions",
            "Northwind Traders",
            "Trey Research",
            "Proseware Partners"
        ],
        "active ones by name, then ended ones"
    );
    let links = page.values("table.authorizations tbody th a", "href");
    assert_eq!(
        links,
        [FABRIKAM, NORTHWIND, TREY_RESEARCH].map(|r| format!("/partner/resellers/{r}")),
        "an ended authorization is listed, not linked"
    );
    let trey_row = page
        .texts("table.authorizations tbody tr")
        .into_iter()
        .find(|r| r.contains("Trey Research"))
        .unwrap();
    let held = supported_by(&app, CONTOSO, TREY_RESEARCH).len();
    assert!(held > 1);
    assert!(
        trey_row.contains(&format!("{held} subscriptions")),
        "{trey_row}"
    );
    assert!(
        page.texts("table.authorizations tbody tr.ended")[0].contains("Ended"),
        "Proseware shows when it ended"
    );
    // The dashboard's reseller count leads here.
    let dashboard = contoso.get("/partner").await;
    assert!(
        dashboard
            .values("a", "href")
            .contains(&"/partner/resellers".to_owned())
    );

    // Another provider's reseller, or an ended one, does not exist here.
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    for reseller in [TREY_RESEARCH, PROSEWARE] {
        let path = format!("/partner/resellers/{reseller}");
        assert_eq!(adatum.get(&path).await.status, StatusCode::NOT_FOUND);
        let refused = adatum
            .post_form(
                &path,
                &[
                    ("csrf_token", &page_token(&adatum).await),
                    ("action", "end"),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
    }
    assert_eq!(
        contoso
            .get(&format!("/partner/resellers/{PROSEWARE}"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    // A reseller sees the providers it authorized instead.
    let trey = app.signed_in(TREY_ADMIN).await;
    let providers = trey.get("/partner/resellers").await;
    assert_eq!(providers.status, StatusCode::OK);
    assert!(providers.text().contains("Your providers"));
    assert_eq!(
        providers.texts("table.authorizations tbody th"),
        ["Contoso Distribution"]
    );
}

async fn page_token(browser: &Browser) -> String {
    browser.get("/partner").await.csrf_token()
}

#[actix_web::test]
async fn ending_an_authorization_sends_every_contact_the_reseller_held_back_to_the_provider() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app)
        .provider("Contoso Distribution")
        .helpdesk()
        .reseller("Trey Research", Tie::Dap)
        .customer("Wide World Importers")
        .subscriptions(&["Office 365 Business Premium", "Microsoft 365 E3"])
        .build();
    let (wwi, office_365) = (&world.customer().id, world.subscription(0));
    let (contoso_id, trey_id) = (&world.provider.id, &world.reseller("Trey Research").id);
    let contoso = app.signed_in_as(&world.provider.admin).await;
    for subscription in &world.customer().subscriptions {
        let moved = submit_contact(&contoso, wwi, subscription, Some(trey_id)).await;
        assert_eq!(moved.status, StatusCode::SEE_OTHER);
    }
    let held = supported_by(&app, contoso_id, trey_id);
    assert!(held.contains(&office_365.to_owned()));

    // Before: what it supports, and what ending would do, in plain words.
    let path = format!("/partner/resellers/{trey_id}");
    let page = contoso.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.texts("table.supported tbody tr").len(), held.len());
    assert!(
        page.text().contains(&format!(
            "The {} subscriptions it supports for you go back to your support",
            held.len()
        )),
        "{}",
        page.text()
    );
    let token = page.csrf_token();

    // A helpdesk agent sees the page but cannot end anything.
    let helpdesk = app
        .signed_in_as(world.provider.helpdesk.as_ref().unwrap())
        .await;
    let seen = helpdesk.get(&path).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.values("input[name=action]", "value").is_empty());
    let refused = helpdesk
        .post_form(
            &path,
            &[("csrf_token", &seen.csrf_token()), ("action", "end")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    // Anything but "end" changes nothing either.
    let odd = contoso
        .post_form(&path, &[("csrf_token", &token), ("action", "pause")])
        .await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    assert_eq!(supported_by(&app, contoso_id, trey_id), held);

    let audit_before = app.audit_rows();
    let ended = contoso
        .post_form(&path, &[("csrf_token", &token), ("action", "end")])
        .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    assert_eq!(ended.location.as_deref(), Some("/partner/resellers"));
    let list = contoso.get("/partner/resellers").await;
    assert!(
        list.texts(".flash")[0].contains(&format!(
            "The authorization of Trey Research has ended. {} subscriptions went back to their provider's support.",
            held.len()
        )),
        "{:?}",
        list.texts(".flash")
    );

    // Every one of them is the provider's again, one audit row each, in the
    // same transaction as the authorization's own row.
    assert!(supported_by(&app, contoso_id, trey_id).is_empty());
    for id in &held {
        assert_eq!(&app.stored_contact(id).0, contoso_id);
    }
    let reverted: i64 = audit_log::table
        .filter(audit_log::action.eq("support_contact.reverted"))
        .filter(audit_log::detail.eq("reseller_authorization.ended"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(reverted, held.len() as i64);
    assert_eq!(app.audit_rows(), audit_before + 1 + held.len() as i64);

    // Trey Research is no longer a choice, and the page says why.
    let subscription = contoso.get(&subscription_path(wwi, office_365)).await;
    let options: Vec<String> = subscription
        .options("support_contact")
        .into_iter()
        .map(|(v, _)| v)
        .collect();
    assert_eq!(options, [contoso_id.as_str()]);
    let trey = subscription
        .texts(".not-eligible tbody tr")
        .into_iter()
        .find(|r| r.contains("Trey Research"))
        .unwrap();
    assert!(trey.contains("not authorized under you"), "{trey}");

    // It is listed as ended, and its page is gone; ending again finds nothing.
    let list = contoso.get("/partner/resellers").await;
    assert!(
        list.texts("table.authorizations tbody tr.ended")
            .iter()
            .any(|r| r.contains("Trey Research"))
    );
    assert_eq!(contoso.get(&path).await.status, StatusCode::NOT_FOUND);
    let again = contoso
        .post_form(&path, &[("csrf_token", &token), ("action", "end")])
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
}

/// The Contoso subscriptions Trey Research could support now (rule 2: DAP at
/// the customer; Trey has authorized Contoso), by the database.
fn could_support(app: &TestApp) -> Vec<String> {
    let with_dap: Vec<String> = with_delegated_access(&mut app.conn(), TREY_RESEARCH, app.now())
        .into_iter()
        .collect();
    subscriptions::table
        .filter(subscriptions::provider_tenant_id.eq(CONTOSO))
        .filter(subscriptions::status.ne("deleted"))
        .filter(subscriptions::support_contact_tenant_id.ne(TREY_RESEARCH))
        .filter(subscriptions::customer_tenant_id.eq_any(with_dap))
        .select(subscriptions::id)
        .order(subscriptions::id)
        .load(&mut app.conn())
        .unwrap()
}

fn ids_of(values: &[String]) -> Vec<String> {
    let mut ids: Vec<String> = values
        .iter()
        .map(|v| v.split_once(':').unwrap().0.to_owned())
        .collect();
    ids.sort();
    ids
}

#[actix_web::test]
async fn bulk_changes_move_many_subscriptions_to_a_reseller_and_back_each_audited() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let path = format!("/partner/resellers/{TREY_RESEARCH}");
    let page = contoso.get(&path).await;
    let could = page.values("table.could input[name=subscription]", "value");
    assert_eq!(ids_of(&could), could_support(&app));
    assert!(could.len() > 3, "{could:?}");
    let token = page.csrf_token();
    let changes = |app: &TestApp| -> i64 {
        audit_log::table
            .filter(audit_log::action.eq("support_contact.changed"))
            .count()
            .get_result(&mut app.conn())
            .unwrap()
    };
    let changes_before = changes(&app);

    // Two chosen by hand.
    let done = contoso
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("action", "assign"),
                ("scope", "selected"),
                ("subscription", &could[0]),
                ("subscription", &could[1]),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(done.location.as_deref(), Some(path.as_str()));
    let page = contoso.get(&path).await;
    assert_eq!(
        page.texts(".flash"),
        ["Trey Research is now the designated support contact of 2 more subscriptions."]
    );
    for value in &could[..2] {
        let id = value.split_once(':').unwrap().0;
        assert_eq!(app.stored_contact(id).0, TREY_RESEARCH);
    }
    assert_eq!(changes(&app), changes_before + 2, "one audit row each");

    // All the rest, with the button for all of them.
    let rest = page.values("table.could input[name=listed]", "value");
    assert_eq!(rest.len(), could.len() - 2);
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("action", "assign"),
        ("scope", "all"),
    ];
    fields.extend(rest.iter().map(|v| ("listed", v.as_str())));
    assert_eq!(
        contoso.post_form(&path, &fields).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(could_support(&app).is_empty());
    let page = contoso.get(&path).await;
    assert!(page.texts("table.could tbody tr").is_empty());
    assert_eq!(changes(&app), changes_before + could.len() as i64);

    // And every one of them back to Contoso at once.
    let supported = page.values("table.supported input[name=listed]", "value");
    assert_eq!(
        ids_of(&supported),
        supported_by(&app, CONTOSO, TREY_RESEARCH)
    );
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("action", "release"),
        ("scope", "all"),
    ];
    fields.extend(supported.iter().map(|v| ("listed", v.as_str())));
    assert_eq!(
        contoso.post_form(&path, &fields).await.status,
        StatusCode::SEE_OTHER
    );
    assert!(supported_by(&app, CONTOSO, TREY_RESEARCH).is_empty());
    assert!(
        contoso.get(&path).await.texts(".flash")[0].contains(&format!(
            "{} subscriptions went from Trey Research back to your support.",
            supported.len()
        ))
    );
}

#[actix_web::test]
async fn a_bulk_change_is_all_or_nothing_and_refuses_what_is_not_the_providers() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let path = format!("/partner/resellers/{TREY_RESEARCH}");
    let page = contoso.get(&path).await;
    let listed = page.values("table.could input[name=listed]", "value");
    let token = page.csrf_token();
    let all = |listed: &[String]| {
        let mut fields = vec![
            ("csrf_token".to_owned(), token.clone()),
            ("action".to_owned(), "assign".to_owned()),
            ("scope".to_owned(), "all".to_owned()),
        ];
        fields.extend(listed.iter().map(|v| ("listed".to_owned(), v.clone())));
        fields
    };
    let post = |fields: Vec<(String, String)>| {
        let (browser, path) = (&contoso, path.clone());
        async move {
            let pairs: Vec<(&str, &str)> = fields
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            browser.post_form(&path, &pairs).await
        }
    };

    // A colleague changes one of them meanwhile: the whole change is refused.
    let (victim, _) = listed.last().unwrap().split_once(':').unwrap();
    let customer: String = subscriptions::table
        .find(victim)
        .select(subscriptions::customer_tenant_id)
        .first(&mut app.conn())
        .unwrap();
    let colleague = app.signed_in(CONTOSO_ADMIN).await;
    let meanwhile = submit_contact(&colleague, &customer, victim, Some(TREY_RESEARCH)).await;
    assert_eq!(meanwhile.status, StatusCode::SEE_OTHER);
    let audit_before = app.audit_rows();
    let supported_before = supported_by(&app, CONTOSO, TREY_RESEARCH);
    let refused = post(all(&listed)).await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(
        refused.texts(".error")[0].contains("changed, or stopped being eligible"),
        "{:?}",
        refused.texts(".error")
    );
    assert_eq!(supported_by(&app, CONTOSO, TREY_RESEARCH), supported_before);
    assert!(listed[..listed.len() - 1].iter().all(|v| {
        let id = v.split_once(':').unwrap().0;
        app.stored_contact(id).0 == CONTOSO
    }));
    assert_eq!(app.audit_rows(), audit_before, "nothing written");

    // Nothing chosen: said so; a garbled line: a bad request; another
    // provider's subscription: not found. Nothing changes.
    let none = post(vec![
        ("csrf_token".to_owned(), token.clone()),
        ("action".to_owned(), "assign".to_owned()),
        ("scope".to_owned(), "selected".to_owned()),
    ])
    .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.texts(".error")[0].contains("Select at least one subscription"));
    let garbled = post(vec![
        ("csrf_token".to_owned(), token.clone()),
        ("action".to_owned(), "assign".to_owned()),
        ("subscription".to_owned(), "not-an-id:1".to_owned()),
    ])
    .await;
    assert_eq!(garbled.status, StatusCode::BAD_REQUEST);
    let foreign = post(all(&[format!("{WWI_EXCHANGE}:1")])).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.stored_contact(WWI_EXCHANGE).0,
        support_contacts::demo::ADATUM
    );
    assert_eq!(
        app.audit_rows(),
        audit_before + 1,
        "only the 404 was audited"
    );

    // A helpdesk agent sees the lists without boxes to tick, and cannot post.
    let helpdesk = app.signed_in(HELPDESK).await;
    let seen = helpdesk.get(&path).await;
    assert!(seen.values("input[name=subscription]", "value").is_empty());
    let forbidden = helpdesk
        .post_form(
            &path,
            &[
                ("csrf_token", &seen.csrf_token()),
                ("action", "assign"),
                ("subscription", &listed[0]),
            ],
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn a_reseller_ends_its_authorization_of_a_provider_and_its_contacts_go_back() {
    let app = spawn_app().await;
    let held = supported_by(&app, CONTOSO, TREY_RESEARCH);
    assert!(!held.is_empty());
    let trey = app.signed_in(TREY_ADMIN).await;
    let list = trey.get("/partner/resellers").await;
    let path = format!("/partner/providers/{CONTOSO}");
    assert_eq!(
        list.values("table.authorizations tbody th a", "href"),
        std::slice::from_ref(&path)
    );
    let page = trey.get(&path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text().contains(&format!(
            "The {} subscriptions you support for Contoso Distribution go back to its support",
            held.len()
        )),
        "{}",
        page.text()
    );
    // Anything but "end" is a bad request and changes nothing.
    let odd = trey
        .post_form(
            &path,
            &[("csrf_token", &page.csrf_token()), ("action", "pause")],
        )
        .await;
    assert_eq!(odd.status, StatusCode::BAD_REQUEST);
    assert_eq!(supported_by(&app, CONTOSO, TREY_RESEARCH), held);
    let done = trey
        .post_form(
            &path,
            &[("csrf_token", &page.csrf_token()), ("action", "end")],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert!(supported_by(&app, CONTOSO, TREY_RESEARCH).is_empty());
    for id in &held {
        assert_eq!(app.stored_contact(id).0, CONTOSO);
    }
    // Contoso sees it ended; Trey no longer has that provider.
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    assert!(
        contoso
            .get("/partner/resellers")
            .await
            .texts("table.authorizations tbody tr.ended")
            .iter()
            .any(|r| r.contains("Trey Research"))
    );
    assert_eq!(trey.get(&path).await.status, StatusCode::NOT_FOUND);
    // A provider has no providers.
    assert_eq!(
        contoso
            .get(&format!(
                "/partner/providers/{}",
                support_contacts::demo::ADATUM
            ))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[actix_web::test]
async fn a_provider_invites_a_reseller_whose_admin_accepts_once() {
    use support_contacts::db::schema::reseller_authorizations as ra;
    use support_contacts::demo::ADATUM;
    let app = spawn_app().await;
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let list = adatum.get("/partner/resellers").await;
    assert!(list.text().contains("Invite a reseller"));
    let made = adatum
        .post_form("/partner/resellers", &[("csrf_token", &list.csrf_token())])
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER);
    let link = adatum
        .get("/partner/resellers")
        .await
        .values(".flash input.copy", "value")
        .pop()
        .expect("the link, shown once");
    let path = link
        .strip_prefix("http://127.0.0.1")
        .expect("an address on this site")
        .to_owned();
    assert!(path.starts_with("/partner/invitations/"), "{path}");

    // Only a provider's admin makes invitations.
    for (who, email) in [("a helpdesk agent", HELPDESK), ("a reseller", TREY_ADMIN)] {
        let browser = app.signed_in(email).await;
        let token = browser.get("/partner").await.csrf_token();
        let refused = browser
            .post_form("/partner/resellers", &[("csrf_token", &token)])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{who}");
    }

    // Signed out, the link asks for a sign-in first.
    let stranger = app.browser();
    let redirected = stranger.get(&path).await;
    assert_eq!(redirected.status, StatusCode::SEE_OTHER);
    assert!(redirected.location.unwrap().starts_with("/login?next="));

    // A provider cannot accept it: it is for resellers.
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let seen = contoso.get(&path).await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(
        seen.text()
            .contains("Only an indirect reseller organization can accept")
    );
    assert!(
        seen.values(&format!("form[action='{path}']"), "action")
            .is_empty()
    );
    let refused = contoso
        .post_form(&path, &[("csrf_token", &seen.csrf_token())])
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Trey Research's admin accepts: Trey authorizes Adatum.
    let trey = app.signed_in(TREY_ADMIN).await;
    let page = trey.get(&path).await;
    assert_eq!(
        page.texts("h1"),
        ["Adatum Cloud invites you to be one of its resellers"]
    );
    let accepted = trey
        .post_form(&path, &[("csrf_token", &page.csrf_token())])
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert_eq!(
        trey.get("/partner/resellers").await.texts(".flash"),
        ["You are now a reseller of Adatum Cloud."]
    );
    let state: String = ra::table
        .find((ADATUM, TREY_RESEARCH))
        .select(ra::state)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(state, "active");
    let started: i64 = audit_log::table
        .filter(audit_log::action.eq("reseller_authorization.started"))
        .count()
        .get_result(&mut app.conn())
        .unwrap();
    assert_eq!(started, 1);
    assert!(
        adatum
            .get("/partner/resellers")
            .await
            .values("table.authorizations tbody th a", "href")
            .contains(&format!("/partner/resellers/{TREY_RESEARCH}"))
    );

    // Once only.
    let again = trey
        .post_form(&path, &[("csrf_token", &page.csrf_token())])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.text().contains("used already, or has expired"));

    // And not after 30 days.
    let list = adatum.get("/partner/resellers").await;
    adatum
        .post_form("/partner/resellers", &[("csrf_token", &list.csrf_token())])
        .await;
    let late = adatum
        .get("/partner/resellers")
        .await
        .values(".flash input.copy", "value")
        .pop()
        .unwrap();
    app.clock.advance(chrono::Duration::days(31));
    let trey_later = app.signed_in(TREY_ADMIN).await;
    let late_path = late.strip_prefix("http://127.0.0.1").unwrap();
    let expired = trey_later.get(late_path).await;
    assert!(expired.text().contains("used already, or has expired"));
    let refused = trey_later
        .post_form(late_path, &[("csrf_token", &expired.csrf_token())])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
}

#[actix_web::test]
async fn a_provider_sees_its_open_invitations_and_withdraws_one() {
    let app = spawn_app().await;
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let mut links = Vec::new();
    for _ in 0..2 {
        let token = adatum.get("/partner/resellers").await.csrf_token();
        let made = adatum
            .post_form("/partner/resellers", &[("csrf_token", &token)])
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER);
        let page = adatum.get("/partner/resellers").await;
        links.push(page.values(".flash input.copy", "value").pop().unwrap());
    }
    let page = adatum.get("/partner/resellers").await;
    let open = page.values("ul.invitations input[name=invitation]", "value");
    assert_eq!(open.len(), 2);
    assert!(page.texts("ul.invitations li")[0].contains("can be accepted until"));

    // Withdraw one: its link stops working at once; the other still works.
    let withdrawn = adatum
        .post_form(
            "/partner/resellers",
            &[
                ("csrf_token", &page.csrf_token()),
                ("action", "withdraw"),
                ("invitation", &open[0]),
            ],
        )
        .await;
    assert_eq!(withdrawn.status, StatusCode::SEE_OTHER);
    let page = adatum.get("/partner/resellers").await;
    assert_eq!(
        page.texts(".flash"),
        ["Invitation withdrawn: its link no longer works."]
    );
    assert_eq!(
        page.values("ul.invitations input[name=invitation]", "value"),
        std::slice::from_ref(&open[1])
    );
    let trey = app.signed_in(TREY_ADMIN).await;
    let mut closed = 0;
    for link in &links {
        let path = link.strip_prefix("http://127.0.0.1").unwrap();
        let seen = trey.get(path).await;
        let answer = trey
            .post_form(path, &[("csrf_token", &seen.csrf_token())])
            .await;
        if seen.text().contains("used already, or has expired") {
            closed += 1;
            assert_eq!(answer.status, StatusCode::CONFLICT);
        } else {
            assert_eq!(answer.status, StatusCode::SEE_OTHER);
        }
    }
    assert_eq!(closed, 1, "only the withdrawn link is closed");

    // Another provider cannot withdraw Adatum's; nor can a made-up id be.
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let token = contoso.get("/partner/resellers").await.csrf_token();
    for id in [open[1].as_str(), "no-such-invitation"] {
        let refused = contoso
            .post_form(
                "/partner/resellers",
                &[
                    ("csrf_token", &token),
                    ("action", "withdraw"),
                    ("invitation", id),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND, "{id}");
    }

    // Making and withdrawing invitations is audited, for Adatum only.
    let invitation_rows: Vec<(String, String, Option<String>)> = audit_log::table
        .filter(audit_log::action.like("reseller_invitation.%"))
        .order(audit_log::id)
        .select((
            audit_log::action,
            audit_log::actor_email,
            audit_log::partner_tenant_id,
        ))
        .load(&mut app.conn())
        .unwrap();
    let adatum = Some(support_contacts::demo::ADATUM.to_owned());
    let created = (
        "reseller_invitation.created".to_owned(),
        ADATUM_ADMIN.to_owned(),
        adatum.clone(),
    );
    assert_eq!(
        invitation_rows,
        [
            created.clone(),
            created,
            (
                "reseller_invitation.withdrawn".to_owned(),
                ADATUM_ADMIN.to_owned(),
                adatum
            ),
        ]
    );
}
