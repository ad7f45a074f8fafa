//! The customer list (search, pages) and adding a subscription (rule 1).

use reqwest::StatusCode;

use crate::fixtures::{Fixture, Tie};
use crate::helpers::*;

#[actix_web::test]
async fn customers_are_searched_by_name_or_domain_case_insensitively() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let by_name = contoso.get("/partner/customers?q=WIDE+world").await;
    let rows = by_name.texts("table tbody tr");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(
        rows[0].contains("Wide World Importers")
            && rows[0].contains("wideworldimporters.onmicrosoft.com")
    );

    let by_domain = contoso
        .get("/partner/customers?q=tailspintoys.onmicrosoft")
        .await;
    assert_eq!(by_domain.texts("table tbody tr").len(), 1);
    assert!(by_domain.text().contains("Tailspin Toys"));

    // Wildcards are matched literally.
    let percent = contoso.get("/partner/customers?q=%25").await;
    assert!(percent.texts("table tbody tr").is_empty());
    assert!(percent.text().contains("No customer matches “%”"));
    // The search is shown back, escaped.
    let script = contoso
        .get("/partner/customers?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(!script.body.contains("<script>alert(1)"));
    assert_eq!(
        script.values("input[name=q]", "value"),
        vec!["<script>alert(1)</script>".to_owned()]
    );
}

#[actix_web::test]
async fn customers_come_in_pages_walked_by_key() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let first = contoso.get("/partner/customers").await;
    let first_rows = first.texts("table tbody tr");
    assert_eq!(first_rows.len(), 25);
    assert!(
        first.text().contains("Showing 1–25 of 37"),
        "{}",
        first.text()
    );
    assert!(first.values("a[rel=prev]", "href").is_empty());
    let next = first.values("a[rel=next]", "href");
    assert_eq!(next.len(), 1);
    assert!(next[0].starts_with("/partner/customers?after="), "{next:?}");

    let second = contoso.get(&next[0]).await;
    let second_rows = second.texts("table tbody tr");
    assert_eq!(second_rows.len(), 12);
    assert!(
        second_rows.iter().all(|r| !first_rows.contains(r)),
        "pages do not overlap"
    );
    let names = second.texts("table tbody th");
    assert!(
        second.text().contains(&format!(
            "Showing 12 of 37: “{}” to “{}”.",
            names[0], names[11]
        )),
        "{}",
        second.text()
    );
    assert!(second.values("a[rel=next]", "href").is_empty());
    assert_eq!(
        second.values("a[rel=first]", "href"),
        vec!["/partner/customers".to_owned()]
    );
    let back = second.values("a[rel=prev]", "href");
    assert!(
        back[0].starts_with("/partner/customers?before="),
        "{back:?}"
    );
    let again = contoso.get(&back[0]).await;
    assert_eq!(again.texts("table tbody tr"), first_rows);
    assert!(again.text().contains("Showing 1–25 of 37"));

    // Links from when pages were numbered still answer: the first page.
    for old in ["?page=2", "?page=99", "?page=abc", "?page=-3"] {
        let page = contoso.get(&format!("/partner/customers{old}")).await;
        assert_eq!(page.status, StatusCode::OK, "{old}");
        assert_eq!(page.texts("table tbody tr"), first_rows, "{old}");
    }

    // Adatum has fewer customers: one page, no pager.
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let page = adatum.get("/partner/customers").await;
    assert_eq!(page.texts("table tbody tr").len(), 14);
    assert!(page.values("a[rel=next]", "href").is_empty());
    assert!(page.texts("nav.pager").is_empty());
}

#[actix_web::test]
async fn rule_1_a_new_subscription_is_supported_by_its_provider() {
    let app = spawn_empty_app().await;
    let world = Fixture::new(&app)
        .provider("Contoso Distribution")
        .reseller("Trey Research", Tie::Dap)
        .reseller("Fabrikam Solutions", Tie::NoDap)
        .reseller("Northwind Traders", Tie::Unrelated)
        .customer("Wide World Importers")
        .build();
    let trey = world.reseller("Trey Research");
    let contoso = app.signed_in_as(&world.provider.admin).await;
    let customer_path = format!("/partner/customers/{}", world.customer().id);
    let page = contoso.get(&customer_path).await;
    // The resellers this customer works with are offered by MPN ID.
    let fabrikam = world.reseller("Fabrikam Solutions");
    assert_eq!(
        page.values("datalist#reseller-choices option", "value"),
        [fabrikam.mpn_id.as_str(), trey.mpn_id.as_str()]
    );
    assert_eq!(
        page.values("datalist#reseller-choices option", "label"),
        ["Fabrikam Solutions", "Trey Research"]
    );
    let added = contoso
        .post_form(
            &format!("{customer_path}/subscriptions"),
            &[
                ("csrf_token", &page.csrf_token()),
                ("offer_name", "Microsoft 365 E5"),
                ("friendly_name", "E5 for the Taipei office"),
                ("quantity", "12"),
                ("reseller_of_record", &format!(" {} ", trey.mpn_id)),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let location = added.location.unwrap();
    let new_id = location.rsplit('/').next().unwrap().to_owned();
    assert_eq!(app.stored_contact(&new_id), (world.provider.id.clone(), 1));
    assert_eq!(reseller_of_record(&app, &new_id), Some(trey.id.clone()));
    let shown = contoso.get(&location).await;
    assert!(
        shown
            .texts("[role=status]")
            .join(" ")
            .contains("Subscription “E5 for the Taipei office” added")
    );
    assert_eq!(
        shown.values("input[name=support_contact][checked]", "value"),
        [world.provider.id.as_str()],
        "the provider is the chosen contact"
    );
    let contact = shown.texts("label.choice .pill").join(" ");
    assert_eq!(contact, "current");
    assert!(
        shown
            .text()
            .contains(&format!("Trey Research (MPN {})", trey.mpn_id)),
        "reseller of record shown"
    );
    let history = shown.texts("section[aria-labelledby=history-heading] tbody tr");
    assert_eq!(history.len(), 1);
    assert!(history[0].contains("Subscription added, supported by Contoso Distribution"));
    assert!(history[0].contains(&format!("Admin of {}", world.provider.name)));
    assert!(!history[0].contains(&world.provider.admin.email));

    // The customer sees it at once, supported by Contoso.
    let wwi = app.signed_in_as(&world.customer().admin).await;
    let groups = wwi
        .get("/admin/support")
        .await
        .texts("section.contact-group");
    let contoso_group = groups
        .iter()
        .find(|g| g.starts_with("Contoso Distribution"))
        .unwrap();
    assert!(contoso_group.contains("E5 for the Taipei office"));
    // Scripts name it by tenant id, any current reseller, related or not.
    let northwind = world.reseller("Northwind Traders");
    let by_id = contoso
        .post_form(
            &format!("{customer_path}/subscriptions"),
            &[
                ("csrf_token", &page.csrf_token()),
                ("offer_name", "Visio Plan 2"),
                ("quantity", "1"),
                ("reseller_of_record", &northwind.id),
            ],
        )
        .await;
    assert_eq!(by_id.status, StatusCode::SEE_OTHER, "{}", by_id.body);
    let by_id = by_id.location.unwrap();
    assert_eq!(
        reseller_of_record(&app, by_id.rsplit('/').next().unwrap()),
        Some(northwind.id.clone())
    );
}

#[actix_web::test]
async fn a_bad_new_subscription_is_shown_again_with_its_errors() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let customer_path = format!("/partner/customers/{WWI}");
    let token = contoso.get(&customer_path).await.csrf_token();
    let before = app.subscription_count();
    let audit_before = app.audit_rows();
    let cases: [(&str, &str, &str, &str, &str); 8] = [
        ("", "", "5", "", "Enter the offer name"),
        (
            "Visio Plan 2",
            "",
            "0",
            "",
            "Enter a number from 1 to 1,000,000.",
        ),
        (
            "Visio Plan 2",
            "",
            "ten",
            "",
            "Enter a whole number of licenses.",
        ),
        (
            "Visio Plan 2",
            "",
            "2000000",
            "",
            "Enter a number from 1 to 1,000,000.",
        ),
        (
            "Visio Plan 2",
            "",
            "5",
            PROSEWARE,
            "This is not one of your current resellers.",
        ),
        (
            "Visio Plan 2",
            "",
            "5",
            ADATUM,
            "This is not one of your current resellers.",
        ),
        (
            "Visio Plan 2",
            "",
            "5",
            "5239874",
            "This is not one of your current resellers.",
        ),
        (
            "Visio Plan 2",
            "",
            "5",
            "Trey Research",
            "This is not one of your current resellers.",
        ),
    ];
    for (offer, friendly, quantity, reseller, message) in cases {
        let page = contoso
            .post_form(
                &format!("{customer_path}/subscriptions"),
                &[
                    ("csrf_token", &token),
                    ("offer_name", offer),
                    ("friendly_name", friendly),
                    ("quantity", quantity),
                    ("reseller_of_record", reseller),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(
            page.texts(".field-error").join(" ").contains(message),
            "{message}: {:?}",
            page.texts(".field-error")
        );
        // What was typed is kept.
        assert_eq!(
            page.values("input[name=offer_name]", "value"),
            vec![offer.to_owned()]
        );
        assert_eq!(
            page.values("input[name=quantity]", "value"),
            vec![quantity.to_owned()]
        );
        assert_eq!(
            page.values("input[name=reseller_of_record]", "value"),
            vec![reseller.to_owned()]
        );
    }
    let too_long = "n".repeat(201);
    let page = contoso
        .post_form(
            &format!("{customer_path}/subscriptions"),
            &[
                ("csrf_token", &token),
                ("offer_name", &too_long),
                ("quantity", "1"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.subscription_count(), before);
    assert_eq!(app.audit_rows(), audit_before);
}

#[actix_web::test]
async fn markup_in_names_is_stored_as_typed_and_shown_escaped() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let customer_path = format!("/partner/customers/{WWI}");
    let token = contoso.get(&customer_path).await.csrf_token();
    let name = "<script>alert('x')</script> & \"Co\"";
    let added = contoso
        .post_form(
            &format!("{customer_path}/subscriptions"),
            &[
                ("csrf_token", &token),
                ("offer_name", name),
                ("quantity", "1"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    let page = contoso.get(&customer_path).await;
    assert!(!page.body.contains("<script>alert"));
    assert!(
        page.texts("table tbody th").contains(&name.to_owned()),
        "shown as typed"
    );
}

#[actix_web::test]
async fn only_providers_add_subscriptions() {
    let app = spawn_app().await;
    let trey = app.signed_in(TREY_ADMIN).await;
    let customer_path = format!("/partner/customers/{WWI}");
    let page = trey.get(&customer_path).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.values("input[name=offer_name]", "name").is_empty(),
        "no add form for a reseller"
    );
    let before = app.subscription_count();
    let refused = trey
        .post_form(
            &format!("{customer_path}/subscriptions"),
            &[
                ("csrf_token", &page.csrf_token()),
                ("offer_name", "Visio"),
                ("quantity", "1"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(app.subscription_count(), before);
}

#[actix_web::test]
async fn the_dashboard_counts_what_the_database_holds_and_follows_a_change() {
    use diesel::prelude::*;
    use support_contacts::db::schema::subscriptions as s;
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let counted = |conn: &mut support_contacts::db::PooledConn| -> (i64, i64) {
        let live = s::table
            .filter(s::provider_tenant_id.eq(CONTOSO))
            .filter(s::status.ne("deleted"));
        (
            live.count().get_result(conn).unwrap(),
            live.filter(s::support_contact_tenant_id.ne(CONTOSO))
                .count()
                .get_result(conn)
                .unwrap(),
        )
    };
    let stats = |page: &Page| page.texts(".stats li strong");

    let (all, by_resellers) = counted(&mut app.conn());
    assert!(all > by_resellers && by_resellers > 0);
    let page = contoso.get("/partner").await;
    assert_eq!(
        stats(&page)[1..3],
        [all.to_string(), by_resellers.to_string()]
    );

    // WWI's Office 365 moves to Trey Research: one more supported by a reseller.
    let done = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let page = contoso.get("/partner").await;
    assert_eq!(
        stats(&page)[1..3],
        [all.to_string(), (by_resellers + 1).to_string()]
    );
}

/// The reseller of record a subscription was stored with.
fn reseller_of_record(app: &TestApp, subscription: &str) -> Option<String> {
    use diesel::prelude::*;
    use support_contacts::db::schema::subscriptions as s;
    s::table
        .find(subscription)
        .select(s::reseller_tenant_id)
        .first(&mut app.conn())
        .unwrap()
}
