//! Rules 2, 4 and 5 end to end: choose a contact, review it, see it as the customer.

use reqwest::StatusCode;

use crate::fixtures::{Fixture, Tie, World};
use crate::helpers::*;

/// Contoso with Trey Research (DAP), Fabrikam Solutions (a relationship
/// without DAP), Northwind Traders (no relationship) and Proseware Partners
/// (its authorization ended), at Wide World Importers, which holds two Contoso
/// subscriptions and one of Adatum Cloud, another provider.
async fn wide_world() -> (TestApp, World, World) {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app)
        .provider("Contoso Distribution")
        .reseller("Trey Research", Tie::Dap)
        .reseller("Fabrikam Solutions", Tie::NoDap)
        .reseller("Northwind Traders", Tie::Unrelated)
        .former_reseller("Proseware Partners", Tie::Dap)
        .customer("Wide World Importers")
        .subscriptions(&["Office 365 Business Premium", "Microsoft 365 E3"])
        .build();
    let adatum = Fixture::new(&app)
        .provider("Adatum Cloud")
        .existing_customer(world.customer())
        .subscriptions(&["Exchange Online (Plan 1)"])
        .build();
    (app, world, adatum)
}

#[actix_web::test]
async fn rule_4_and_5_provider_assigns_trey_research_and_the_customer_sees_it() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;

    // Dashboard → Customers → Wide World Importers → Office 365 Business Premium
    let dashboard = contoso.get("/partner").await;
    assert_eq!(dashboard.status, StatusCode::OK);
    assert!(
        dashboard
            .values("a", "href")
            .contains(&"/partner/customers".to_owned())
    );

    let customers = contoso.get("/partner/customers?q=wide").await;
    let wwi_link = format!("/partner/customers/{WWI}");
    assert!(
        customers.values("a", "href").contains(&wwi_link),
        "{}",
        customers.body
    );
    assert!(customers.text().contains("Wide World Importers"));

    let customer = contoso.get(&wwi_link).await;
    assert_eq!(customer.status, StatusCode::OK);
    let sub_link = subscription_path(WWI, WWI_OFFICE_365);
    assert!(customer.values("a", "href").contains(&sub_link));

    let page = contoso.get(&sub_link).await;
    assert_eq!(page.status, StatusCode::OK);
    let options = page.options("support_contact");
    let values: Vec<&str> = options.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(
        values,
        vec![CONTOSO, TREY_RESEARCH],
        "only the provider and Trey Research are eligible"
    );
    assert!(options[0].1.contains("Contoso Distribution"));
    assert!(options[1].1.contains("Trey Research"));

    // Below the list: each ineligible reseller, with its reason and what to do.
    let reasons = page.texts(".not-eligible tbody tr");
    let fabrikam = reasons
        .iter()
        .find(|r| r.contains("Fabrikam Solutions"))
        .expect("Fabrikam named");
    assert!(
        fabrikam.contains(
            "no delegated access: neither delegated admin privileges nor an active granular"
        ),
        "{fabrikam}"
    );
    let northwind = reasons
        .iter()
        .find(|r| r.contains("Northwind Traders"))
        .expect("Northwind named");
    assert!(
        northwind.contains("no reseller relationship"),
        "{northwind}"
    );
    assert!(northwind.contains("have Northwind Traders send Wide World Importers"));
    let proseware = reasons
        .iter()
        .find(|r| r.contains("Proseware Partners"))
        .expect("Proseware named");
    assert!(
        proseware.contains("not authorized under you"),
        "{proseware}"
    );

    // Submit → review
    let audit_before = app.audit_rows();
    let submitted = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER);
    let review_path = submitted.location.clone().unwrap();
    assert!(
        review_path.starts_with(&format!("{sub_link}/changes/")),
        "{review_path}"
    );
    assert_eq!(
        app.stored_contact(WWI_OFFICE_365),
        (TREY_RESEARCH.to_owned(), 2)
    );
    assert_eq!(
        app.audit_rows(),
        audit_before + 1,
        "one audit row per assignment"
    );

    let review = contoso.get(&review_path).await;
    assert_eq!(review.status, StatusCode::OK);
    let previous = review
        .texts("section[aria-labelledby=previous-heading]")
        .join(" ");
    let new = review
        .texts("section[aria-labelledby=new-heading]")
        .join(" ");
    assert!(
        previous.contains("Contoso Distribution")
            && previous.contains("support@contoso-distribution.example")
    );
    assert!(
        new.contains("Trey Research")
            && new.contains("support@treyresearch.example")
            && new.contains("+1 206 555 0142")
    );
    // Who made it, by name, not by address.
    assert!(review.text().contains("Contoso Admin"));
    assert!(!review.text().contains("admin@contoso-distribution.example"));
    assert!(
        review.text().contains("2026-03-02 09:30 UTC"),
        "the time comes from the app's clock"
    );
    // Close goes back to the customer's subscriptions.
    let close = review.values("a.button", "href");
    assert_eq!(close, vec![wwi_link.clone()]);
    let back = contoso.get(&wwi_link).await;
    let row = back
        .texts("tbody tr")
        .into_iter()
        .find(|r| r.contains("Office 365 Business Premium"))
        .unwrap();
    assert!(row.contains("Trey Research"), "{row}");

    // The customer admin sees whom to call, per subscription.
    let wwi = app.signed_in(WWI_ADMIN).await;
    let support = wwi.get("/admin/support").await;
    assert_eq!(support.status, StatusCode::OK);
    let groups = support.texts("section.contact-group");
    let group_of = |subscription: &str| {
        groups
            .iter()
            .find(|g| g.contains(subscription))
            .unwrap_or_else(|| panic!("{subscription} listed"))
            .clone()
    };
    let trey = group_of("Office 365 Business Premium");
    assert!(trey.starts_with("Trey Research"));
    assert!(trey.contains("support@treyresearch.example") && trey.contains("+1 206 555 0142"));
    assert!(!trey.contains("Microsoft 365 E3"));
    let contoso_group = group_of("Microsoft 365 E3");
    assert!(contoso_group.starts_with("Contoso Distribution"));
    assert!(contoso_group.contains("support@contoso-distribution.example"));
    let adatum = group_of("Exchange Online (Plan 1)");
    assert!(adatum.starts_with("Adatum Cloud"));
    assert!(adatum.contains("support@adatum-cloud.example") && adatum.contains("+44 20 7946 0321"));
    assert!(
        support
            .values("a", "href")
            .contains(&"mailto:support@treyresearch.example".to_owned())
    );
}

#[actix_web::test]
async fn assigning_back_to_the_provider_is_allowed_and_audited() {
    let (app, world, _) = wide_world().await;
    let (wwi, m365_e3) = (&world.customer().id, world.subscription(1));
    let (contoso_id, trey) = (&world.provider.id, &world.reseller("Trey Research").id);
    let contoso = app.signed_in_as(&world.provider.admin).await;
    assert_eq!(
        submit_contact(&contoso, wwi, m365_e3, Some(trey))
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    app.clock.advance(chrono::Duration::hours(26));
    // A day later, a new session.
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let back = submit_contact(&contoso, wwi, m365_e3, Some(contoso_id)).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(app.stored_contact(m365_e3), (contoso_id.clone(), 3));
    let history = contoso
        .get(&subscription_path(wwi, m365_e3))
        .await
        .texts("section[aria-labelledby=history-heading] tbody tr");
    assert!(
        history[0].contains("Trey Research → Contoso Distribution"),
        "{history:?}"
    );
    assert!(history[0].contains("2026-03-03 11:30 UTC"), "{history:?}");
    assert!(history[1].contains("2026-03-02 09:30 UTC"), "{history:?}");
    assert!(
        history[1].contains("Contoso Distribution → Trey Research"),
        "{history:?}"
    );
}

#[actix_web::test]
async fn rule_2_ineligible_choices_get_422_and_change_nothing() {
    let (app, world, adatum) = wide_world().await;
    let (wwi, office_365) = (&world.customer().id, world.subscription(0));
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let audit_before = app.audit_rows();
    let not_in_list = [
        (
            world.reseller("Fabrikam Solutions").id.as_str(),
            "relationship without DAP",
        ),
        (
            world.reseller("Northwind Traders").id.as_str(),
            "no relationship",
        ),
        (
            world.reseller("Proseware Partners").id.as_str(),
            "authorization ended",
        ),
        (adatum.provider.id.as_str(), "another provider"),
        ("0f0f0f0f-0000-4000-8000-000000000000", "unknown partner"),
    ];
    for (choice, why) in not_in_list {
        let page = submit_contact(&contoso, wwi, office_365, Some(choice)).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        let alert = page.texts("[role=alert]").join(" ");
        assert!(
            alert.contains("cannot be this subscription's designated support contact"),
            "{why}: {alert}"
        );
        // The form is shown again, with the valid options.
        assert_eq!(page.options("support_contact").len(), 2, "{why}");
    }
    assert_eq!(
        app.stored_contact(office_365),
        (world.provider.id.clone(), 1)
    );
    assert_eq!(app.audit_rows(), audit_before);
}

#[actix_web::test]
async fn choosing_the_current_contact_changes_nothing_and_says_so() {
    let (app, world, _) = wide_world().await;
    let (wwi, office_365) = (&world.customer().id, world.subscription(0));
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let audit_before = app.audit_rows();
    let page = submit_contact(&contoso, wwi, office_365, Some(&world.provider.id)).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(
        page.location.as_deref(),
        Some(subscription_path(wwi, office_365).as_str())
    );
    let after = contoso.get(&subscription_path(wwi, office_365)).await;
    assert!(
        after
            .texts("[role=status]")
            .join(" ")
            .contains("Nothing changed: Contoso Distribution already is")
    );
    assert_eq!(
        app.stored_contact(office_365),
        (world.provider.id.clone(), 1)
    );
    assert_eq!(app.audit_rows(), audit_before);
}

#[actix_web::test]
async fn a_stale_form_gets_409_and_the_first_change_stays() {
    let (app, world, _) = wide_world().await;
    let office_365 = world.subscription(0);
    let (contoso_id, trey) = (&world.provider.id, &world.reseller("Trey Research").id);
    let first = app.signed_in_as(&world.provider.admin).await;
    let second = app.signed_in_as(&world.provider.admin).await;
    let path = subscription_path(&world.customer().id, office_365);
    let first_form = first.get(&path).await;
    let second_form = second.get(&path).await;

    let submit = |browser: &Browser, form: &Page, choice: &str| {
        let token = form.csrf_token();
        let version = form.values("input[name=version]", "value").pop().unwrap();
        let path = format!("{path}/support-contact");
        let choice = choice.to_owned();
        let client = browser.client.clone();
        let base = browser.base.clone();
        async move {
            client
                .post(format!("{base}{path}"))
                .form(&[
                    ("csrf_token", token),
                    ("version", version),
                    ("support_contact", choice),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let won = submit(&first, &first_form, trey).await;
    assert_eq!(won.status(), StatusCode::SEE_OTHER);
    let lost = submit(&second, &second_form, contoso_id).await;
    assert_eq!(lost.status(), StatusCode::CONFLICT);
    let body = lost.text().await.unwrap();
    assert!(body.contains("Someone changed this subscription while you were choosing"));
    assert!(body.contains("now Trey Research"));
    assert_eq!(app.stored_contact(office_365), (trey.clone(), 2));
}

#[actix_web::test]
async fn of_two_racing_submits_of_the_same_form_exactly_one_wins() {
    let (app, world, _) = wide_world().await;
    let office_365 = world.subscription(0);
    let (contoso_id, trey) = (&world.provider.id, &world.reseller("Trey Research").id);
    let path = subscription_path(&world.customer().id, office_365);
    for round in 0..4 {
        let first = app.signed_in_as(&world.provider.admin).await;
        let second = app.signed_in_as(&world.provider.admin).await;
        let (first_form, second_form) = (first.get(&path).await, second.get(&path).await);
        let (_, version_before) = app.stored_contact(office_365);
        let send = |browser: &Browser, form: &Page, choice: &str| {
            let request = browser
                .client
                .post(format!("{}{path}/support-contact", browser.base))
                .form(&[
                    ("csrf_token", form.csrf_token()),
                    (
                        "version",
                        form.values("input[name=version]", "value").pop().unwrap(),
                    ),
                    ("support_contact", choice.to_owned()),
                ]);
            async move { request.send().await.unwrap() }
        };
        // Each wants a different contact than the one now set.
        let (current, _) = app.stored_contact(office_365);
        let choice = if &current == contoso_id {
            trey
        } else {
            contoso_id
        };
        let (a, b) = futures_util::future::join(
            send(&first, &first_form, choice),
            send(&second, &second_form, choice),
        )
        .await;
        let mut statuses = [a.status(), b.status()];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::SEE_OTHER, StatusCode::CONFLICT],
            "round {round}"
        );
        let loser = if a.status() == StatusCode::CONFLICT {
            a
        } else {
            b
        };
        let page = loser.text().await.unwrap();
        assert!(
            page.contains(&format!("set by Admin of {}", world.provider.name)),
            "round {round}: who: {page}"
        );
        assert_eq!(
            app.stored_contact(office_365),
            (choice.to_owned(), version_before + 1),
            "round {round}: one change, the winner's"
        );
    }
}

#[actix_web::test]
async fn resellers_with_no_tie_to_the_customer_are_listed_folded_below_the_ones_worth_reading() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    // Bellows College works with Contoso only.
    let bellows = "5c0ffee0-0001-4000-8000-000000000001";
    let page = contoso
        .get(&subscription_path(
            bellows,
            "b0b00001-0000-4000-8000-00000000000a",
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // Proseware's authorization ended: that reason is shown first.
    assert_eq!(
        page.values(".not-eligible > table.reasons tbody tr", "data-reason"),
        ["not_authorized"]
    );
    assert_eq!(
        page.texts(".not-eligible details.unrelated > summary"),
        ["3 more of your resellers have no relationship with Bellows College"]
    );
    let folded = page
        .texts(".not-eligible details.unrelated tbody tr")
        .join(" ");
    for reseller in ["Trey Research", "Fabrikam Solutions", "Northwind Traders"] {
        assert!(folded.contains(reseller), "{reseller} in {folded}");
    }
    assert!(
        page.values(".not-eligible details.unrelated", "open") == [""],
        "a short fold starts open"
    );

    // Wide World Importers: every reseller has a tie or a request; no fold.
    let wwi = contoso.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    assert!(wwi.texts(".not-eligible details").is_empty());
}

#[actix_web::test]
async fn rule_2_a_provider_with_many_resellers_sees_the_first_few_unrelated_ones_and_how_many_more()
{
    let app = spawn_empty_app().await;
    let mut fixture = Fixture::new(&app)
        .provider("Contoso Distribution")
        .reseller("Trey Research", Tie::Dap);
    for n in 0..14 {
        fixture = fixture.reseller(&format!("Unrelated Reseller {n:02}"), Tie::Unrelated);
    }
    let world = fixture
        .customer("Wide World Importers")
        .subscriptions(&["Office 365 Business Premium"])
        .build();
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let page = contoso
        .get(&subscription_path(
            &world.customer().id,
            world.subscription(0),
        ))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    // Trey Research can be chosen; none of the unrelated ones can.
    let options = page.values("input[name=support_contact]", "value");
    assert_eq!(options.len(), 2, "the provider and Trey Research");
    assert!(options.contains(&world.reseller("Trey Research").id));
    // Ten of them are named, the count covers all fourteen.
    let named = page.values(".unrelated tbody tr", "data-reason");
    assert_eq!(named, vec!["no_relationship".to_owned(); 10]);
    assert!(
        page.text()
            .contains("14 more of your resellers have no relationship")
    );
    assert!(page.text().contains("4 more are not listed here"));
}
