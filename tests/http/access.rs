//! Rule 7 and who may open what: each partner sees only its own subscriptions.

use reqwest::StatusCode;

use crate::helpers::*;

#[actix_web::test]
async fn rule_7_adatum_sees_only_its_own_subscription_of_wide_world_importers() {
    let app = spawn_app().await;
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let customer = adatum.get(&format!("/partner/customers/{WWI}")).await;
    assert_eq!(customer.status, StatusCode::OK);
    let rows = customer.texts("table.subscriptions tbody tr");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].contains("Exchange Online (Plan 1)"));
    assert!(!customer.body.contains("Office 365 Business Premium"));
    assert!(!customer.body.contains("Microsoft 365 E3"));

    // Contoso's subscription, asked for directly: 404 and none of its data.
    for sub in [WWI_OFFICE_365, WWI_M365_E3] {
        let page = adatum.get(&subscription_path(WWI, sub)).await;
        assert_eq!(page.status, StatusCode::NOT_FOUND);
        assert!(page.text().contains("Page not found"));
        assert!(!page.body.contains("Business Premium") && !page.body.contains(sub));
    }

    // And changing it: 404, nothing changed.
    let token = adatum.get("/partner").await.csrf_token();
    let page = adatum
        .post_form(
            &format!("{}/support-contact", subscription_path(WWI, WWI_OFFICE_365)),
            &[
                ("csrf_token", &token),
                ("version", "1"),
                ("support_contact", ADATUM),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert_eq!(app.stored_contact(WWI_OFFICE_365), (CONTOSO.to_owned(), 1));

    // Contoso, in turn, does not see Adatum's.
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    assert_eq!(
        contoso
            .get(&subscription_path(WWI, WWI_EXCHANGE))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let contoso_rows = contoso
        .get(&format!("/partner/customers/{WWI}"))
        .await
        .texts("table.subscriptions tbody tr");
    assert_eq!(contoso_rows.len(), 2, "{contoso_rows:?}");
}

#[actix_web::test]
async fn a_customer_without_a_relationship_is_not_found() {
    let app = spawn_app().await;
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    // Bellows College (demo index 1) works with Contoso only.
    let bellows = "5c0ffee0-0001-4000-8000-000000000001";
    let page = adatum.get(&format!("/partner/customers/{bellows}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("Bellows"));
    let list = adatum.get("/partner/customers?q=bellows").await;
    assert!(!list.body.contains("Bellows College"));
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    assert!(
        contoso
            .get("/partner/customers?q=bellows")
            .await
            .text()
            .contains("Bellows College")
    );
}

#[actix_web::test]
async fn a_reseller_views_what_it_supports_and_changes_nothing() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    assert_eq!(
        submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH))
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let trey = app.signed_in(TREY_ADMIN).await;
    let customer = trey.get(&format!("/partner/customers/{WWI}")).await;
    let rows = customer.texts("table.subscriptions tbody tr");
    assert_eq!(
        rows.len(),
        1,
        "only the subscription Trey supports: {rows:?}"
    );
    let page = trey.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.options("support_contact").is_empty(),
        "no form for a reseller"
    );
    assert!(
        page.text()
            .contains("only its provider, Contoso Distribution")
    );
    assert_eq!(
        trey.get(&subscription_path(WWI, WWI_M365_E3)).await.status,
        StatusCode::NOT_FOUND
    );

    let token = page.csrf_token();
    let refused = trey
        .post_form(
            &format!("{}/support-contact", subscription_path(WWI, WWI_OFFICE_365)),
            &[
                ("csrf_token", &token),
                ("version", "2"),
                ("support_contact", CONTOSO),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.stored_contact(WWI_OFFICE_365),
        (TREY_RESEARCH.to_owned(), 2)
    );
}

#[actix_web::test]
async fn customer_admins_and_partner_users_stay_in_their_own_area() {
    let app = spawn_app().await;
    let wwi = app.signed_in(WWI_ADMIN).await;
    for path in [
        "/partner".to_owned(),
        "/partner/customers".to_owned(),
        "/partner/activity?kind=all".to_owned(),
        "/partner/activity.csv?kind=all".to_owned(),
        "/partner/relationships".to_owned(),
        "/partner/relationships.csv".to_owned(),
        format!("/partner/customers/{WWI}"),
        subscription_path(WWI, WWI_OFFICE_365),
    ] {
        let page = wwi.get(&path).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        assert!(page.text().contains("Not allowed"), "{path}");
    }
    let token = wwi.get("/admin").await.csrf_token();
    let post = wwi
        .post_form(
            &format!("{}/support-contact", subscription_path(WWI, WWI_OFFICE_365)),
            &[
                ("csrf_token", &token),
                ("version", "1"),
                ("support_contact", TREY_RESEARCH),
            ],
        )
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    assert_eq!(app.stored_contact(WWI_OFFICE_365), (CONTOSO.to_owned(), 1));

    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    for path in [
        "/admin",
        "/admin/support",
        "/admin/activity?kind=all",
        "/admin/activity.csv?kind=all",
    ] {
        assert_eq!(
            contoso.get(path).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
}

#[actix_web::test]
async fn a_customer_admin_sees_only_their_own_support_page() {
    let app = spawn_app().await;
    let alpine = app.signed_in("admin@alpineskihouse.example").await;
    let support = alpine.get("/admin/support").await;
    assert_eq!(support.status, StatusCode::OK);
    assert!(
        !support.body.contains("Office 365 Business Premium"),
        "nothing of Wide World Importers"
    );
    assert!(!support.body.contains("Exchange Online (Plan 1)"));
    assert!(support.text().contains("Microsoft 365 Business Standard"));
    let home = alpine.get("/admin").await;
    assert!(home.text().contains("Alpine Ski House"));
    assert!(
        home.values("a", "href")
            .contains(&"/admin/support".to_owned())
    );
}

#[actix_web::test]
async fn a_review_page_belongs_to_its_partner() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let done = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    let review = done.location.unwrap();
    assert_eq!(contoso.get(&review).await.status, StatusCode::OK);
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let page = adatum.get(&review).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(!page.body.contains("Trey Research"));
    // A change id that belongs to another subscription is not found either.
    let change_id = review.rsplit('/').next().unwrap();
    let elsewhere = format!(
        "{}/changes/{change_id}",
        subscription_path(WWI, WWI_M365_E3)
    );
    assert_eq!(contoso.get(&elsewhere).await.status, StatusCode::NOT_FOUND);
}
