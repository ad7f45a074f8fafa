//! Rule 3: a reseller missing from the list gets there by a request that the
//! customer accepts.

use reqwest::StatusCode;
use support_contacts::app::users::{self as accounts, NewAccount};
use support_contacts::domain::{Organization, Role, TenantId};
use support_contacts::store::audit::Actor;

use crate::helpers::*;

const FABRIKAM_ADMIN: &str = "admin@fabrikam-solutions.example";

fn add_fabrikam_admin(app: &TestApp) {
    accounts::create(
        &mut app.conn(),
        &Actor::command_line(),
        NewAccount {
            email: FABRIKAM_ADMIN,
            display_name: "Fabrikam Admin",
            organization: Organization::Partner(TenantId::parse(FABRIKAM).unwrap()),
            role: Role::AdminAgent,
            password: DEMO_PASSWORD,
        },
        start_time().naive_utc(),
    )
    .unwrap();
}

fn request_count(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use support_contacts::db::schema::relationship_requests as r;
    r::table.count().get_result(&mut app.conn()).unwrap()
}

/// Makes a request through the page and returns the link shown once.
async fn request_link(browser: &Browser, fields: &[(&str, &str)]) -> (String, Page) {
    let page = browser.get("/partner/requests").await;
    let mut all = vec![("csrf_token", page.csrf_token())];
    all.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
    let form: Vec<(&str, &str)> = all.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let made = browser.post_form("/partner/requests", &form).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let shown = browser.get(&made.location.unwrap()).await;
    let link = shown
        .values("input#link", "value")
        .pop()
        .expect("the link is shown");
    let path = link[link.find("/relationships/").unwrap()..].to_owned();
    (path, shown)
}

#[actix_web::test]
async fn rule_3_a_reseller_asks_the_customer_accepts_approves_gdap_and_it_appears_in_the_list() {
    let app = spawn_app().await;
    add_fabrikam_admin(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let is_choice = |page: &Page| {
        page.values("input[name=support_contact]", "value")
            .iter()
            .any(|v| v == FABRIKAM)
    };
    let path = subscription_path(WWI, WWI_OFFICE_365);
    assert!(!is_choice(&contoso.get(&path).await));

    // Legacy delegated admin privileges are no longer given to a reseller:
    // the form says so, keeps what was typed and stores nothing.
    let fabrikam = app.signed_in(FABRIKAM_ADMIN).await;
    let form = fabrikam.get("/partner/requests").await;
    assert!(
        form.values("input[name=delegated_admin]", "name")
            .is_empty()
    );
    let requests_before = request_count(&app);
    let refused = fabrikam
        .post_form(
            "/partner/requests",
            &[
                ("csrf_token", &form.csrf_token()),
                ("company", "Wide World Importers"),
                ("domain", "wideworldimporters.onmicrosoft.com"),
                ("via_provider", CONTOSO),
                ("delegated_admin", "1"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .texts("p.error")
            .join(" ")
            .contains("GDAP relationship"),
        "{:?}",
        refused.texts("p.error")
    );
    assert_eq!(
        refused.values("input[name=company]", "value"),
        ["Wide World Importers"]
    );
    assert_eq!(request_count(&app), requests_before);

    let (link, shown) = request_link(
        &fabrikam,
        &[
            ("company", "Wide World Importers"),
            ("domain", "WideWorldImporters.onmicrosoft.com"),
            ("via_provider", CONTOSO),
        ],
    )
    .await;
    let email = shown.texts("textarea#email-text").join(" ");
    assert!(
        email.contains("Fabrikam Solutions would like to become a partner of Wide World Importers")
    );
    assert!(!email.contains("delegated admin privileges"), "{email}");
    assert!(email.contains(&link));
    assert!(shown.text().contains("Pending"));

    let wwi = app.signed_in(WWI_ADMIN).await;
    let offer = wwi.get(&link).await;
    assert_eq!(offer.status, StatusCode::OK);
    let facts = offer.texts("dl.facts").join(" ");
    assert!(
        facts.contains("Fabrikam Solutions") && facts.contains("Contoso Distribution"),
        "{facts}"
    );
    let accepted = wwi
        .post_form(
            &link,
            &[("csrf_token", &offer.csrf_token()), ("action", "accept")],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    assert!(
        wwi.get("/admin/partners")
            .await
            .texts("tbody tr")
            .iter()
            .any(|r| r.contains("Fabrikam Solutions"))
    );
    assert!(
        fabrikam
            .get("/partner/requests")
            .await
            .texts("tbody tr")
            .iter()
            .any(|r| r.contains("Accepted"))
    );
    // Related, without delegated access: not yet a choice (rule 2).
    assert!(!is_choice(&contoso.get(&path).await));

    // Fabrikam asks for a GDAP relationship; the customer's admin approves.
    let gdap_form = format!("/partner/customers/{WWI}/gdap");
    let asked = fabrikam.get(&gdap_form).await;
    assert_eq!(asked.status, StatusCode::OK, "{}", asked.body);
    let made = fabrikam
        .post_form(
            &gdap_form,
            &[
                ("csrf_token", &asked.csrf_token()),
                ("display_name", "Fabrikam helpdesk"),
                ("duration_days", "365"),
                ("role", "helpdesk-administrator"),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    let gdap_link = made.values("input#link", "value").pop().expect("the link");
    let gdap_link = gdap_link[gdap_link.find("/gdap/").unwrap()..].to_owned();
    let approval = wwi.get(&gdap_link).await;
    let approved = wwi
        .post_form(
            &gdap_link,
            &[
                ("csrf_token", &approval.csrf_token()),
                ("action", "approve"),
            ],
        )
        .await;
    assert_eq!(approved.status, StatusCode::SEE_OTHER);

    // Fabrikam is now a choice for Contoso.
    assert!(is_choice(&contoso.get(&path).await));

    // A used link changes nothing, however often it is sent.
    let again = wwi
        .post_form(
            &link,
            &[("csrf_token", &offer.csrf_token()), ("action", "decline")],
        )
        .await;
    assert_eq!(again.status, StatusCode::GONE);
    assert!(again.text().contains("answered already"));
    assert!(
        wwi.get("/admin/partners")
            .await
            .texts("tbody tr")
            .iter()
            .any(|r| r.contains("Fabrikam Solutions"))
    );
}

#[actix_web::test]
async fn a_link_for_a_new_domain_creates_the_organization_and_accepts_in_one_step() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let (link, _) = request_link(
        &contoso,
        &[
            ("company", "Munson's Farm Shop"),
            ("domain", "munsonsfarm.onmicrosoft.com"),
            ("delegated_admin", "1"),
        ],
    )
    .await;

    let newcomer = app.browser();
    let offer = newcomer.get(&link).await;
    assert_eq!(offer.status, StatusCode::OK);
    assert_eq!(
        offer.values("input[name=company]", "value"),
        vec!["Munson's Farm Shop".to_owned()]
    );
    let token = offer.csrf_token();
    let create = |country: &'static str, password: &'static str| {
        let (newcomer, link, token) = (&newcomer, link.clone(), token.clone());
        async move {
            newcomer
                .post_form(
                    &format!("{link}/organization"),
                    &[
                        ("csrf_token", token.as_str()),
                        ("company", "Munson's Farm Shop"),
                        ("country", country),
                        ("name", "Pat Munson"),
                        ("email", "pat@munsonsfarm.example"),
                        ("password", password),
                        ("confirm", password),
                    ],
                )
                .await
        }
    };
    let bad_country = create("USA", "orchard-lantern-river").await;
    assert_eq!(bad_country.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad_country
            .texts("[role=alert]")
            .join(" ")
            .contains("two-letter country code")
    );
    let weak = create("US", "password1234").await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        weak.values("input[name=email]", "value"),
        vec!["pat@munsonsfarm.example".to_owned()],
        "input kept"
    );
    let created = create("US", "orchard-lantern-river").await;
    assert_eq!(created.status, StatusCode::SEE_OTHER, "{}", created.body);
    let partners = newcomer.get("/admin/partners").await;
    assert_eq!(
        partners.status,
        StatusCode::OK,
        "the new admin is signed in"
    );
    assert!(
        partners
            .texts("tbody tr")
            .iter()
            .any(|r| r.contains("Contoso Distribution") && r.contains("Yes"))
    );

    // Contoso now has the customer; the link cannot make a second one.
    assert!(
        contoso
            .get("/partner/customers?q=munson")
            .await
            .text()
            .contains("Munson's Farm Shop")
    );
    let fresh = newcomer.get(&link).await;
    assert_eq!(fresh.status, StatusCode::GONE, "the link is used");
    let twice = newcomer
        .post_form(
            &format!("{link}/organization"),
            &[
                ("csrf_token", fresh.csrf_token().as_str()),
                ("company", "Munson's Farm Shop"),
                ("country", "US"),
                ("name", "Pat"),
                ("email", "pat2@munsonsfarm.example"),
                ("password", "orchard-lantern-river"),
                ("confirm", "orchard-lantern-river"),
            ],
        )
        .await;
    assert_eq!(twice.status, StatusCode::GONE);
    let customers = contoso
        .get("/partner/customers?q=munsonsfarm.onmicrosoft")
        .await
        .texts("tbody tr");
    assert_eq!(customers.len(), 1);
}

#[actix_web::test]
async fn a_known_domain_asks_to_sign_in_and_another_tenants_admin_cannot_answer() {
    let app = spawn_app().await;
    let adatum = app.signed_in(ADATUM_ADMIN).await;
    let (link, _) = request_link(
        &adatum,
        &[
            ("company", "Bellows College"),
            ("domain", "bellowscollege.onmicrosoft.com"),
        ],
    )
    .await;
    let signed_out = app.browser().get(&link).await;
    assert_eq!(signed_out.status, StatusCode::OK);
    assert!(
        signed_out.values("input[name=password]", "name").is_empty(),
        "no way to claim a taken domain"
    );
    assert!(
        signed_out
            .text()
            .contains("Sign in as a global admin of Bellows College")
    );
    let wwi = app.signed_in(WWI_ADMIN).await;
    let wrong = wwi.get(&link).await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let refused = wwi
        .post_form(
            &link,
            &[("csrf_token", &wrong.csrf_token()), ("action", "accept")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(!wwi.get("/admin/partners").await.body.contains("bellows"));
    // Claiming the domain by the creation form is refused too.
    let claim = app
        .browser()
        .post_form(
            &format!("{link}/organization"),
            &[
                ("csrf_token", &signed_out.csrf_token()),
                ("company", "Not Bellows"),
                ("country", "US"),
                ("name", "X"),
                ("email", "x@evil.example"),
                ("password", "orchard-lantern-river"),
                ("confirm", "orchard-lantern-river"),
            ],
        )
        .await;
    assert_eq!(
        claim.status,
        StatusCode::FORBIDDEN,
        "a fresh browser has no session token for that form"
    );
}

#[actix_web::test]
async fn requests_are_revoked_expire_and_get_new_links() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let (link, shown) = request_link(
        &contoso,
        &[
            ("company", "Nod Publishers"),
            ("domain", "nodpublishers.onmicrosoft.com"),
        ],
    )
    .await;
    let request_path = shown.values("form.inline", "action").pop().unwrap();
    let revoked = contoso
        .post_form(
            &request_path,
            &[("csrf_token", &shown.csrf_token()), ("action", "revoke")],
        )
        .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let closed = app.browser().get(&link).await;
    assert_eq!(closed.status, StatusCode::GONE);
    assert!(closed.text().contains("revoked"));

    let (link, shown) = request_link(
        &contoso,
        &[
            ("company", "Nod Publishers"),
            ("domain", "nodpublishers.onmicrosoft.com"),
        ],
    )
    .await;
    app.clock.advance(chrono::Duration::days(31));
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let expired = app.browser().get(&link).await;
    assert_eq!(expired.status, StatusCode::GONE);
    assert!(expired.text().contains("expired"));
    let request_path = shown.values("form.inline", "action").pop().unwrap();
    let page = contoso.get(&request_path).await;
    assert!(page.text().contains("Expired"));
    let renewed = contoso
        .post_form(
            &request_path,
            &[("csrf_token", &page.csrf_token()), ("action", "new_link")],
        )
        .await;
    assert_eq!(renewed.status, StatusCode::SEE_OTHER);
    let new_link = contoso
        .get(&request_path)
        .await
        .values("input#link", "value")
        .pop()
        .unwrap();
    let new_path = &new_link[new_link.find("/relationships/").unwrap()..];
    assert_eq!(app.browser().get(new_path).await.status, StatusCode::OK);
    assert_eq!(
        app.browser().get(&link).await.status,
        StatusCode::NOT_FOUND,
        "the old link is gone"
    );

    // Each is audited, as done by Contoso's admin for Contoso.
    use diesel::prelude::*;
    use support_contacts::db::schema::audit_log as a;
    let rows: Vec<(String, String, Option<String>)> = a::table
        .filter(a::action.like("relationship.request%"))
        .order(a::id)
        .select((a::action, a::actor_email, a::to_partner_tenant_id))
        .load(&mut app.conn())
        .unwrap();
    let contoso_id = Some(CONTOSO.to_owned());
    assert_eq!(
        rows,
        [
            (
                "relationship.requested".to_owned(),
                CONTOSO_ADMIN.to_owned(),
                contoso_id.clone()
            ),
            (
                "relationship.request_revoked".to_owned(),
                CONTOSO_ADMIN.to_owned(),
                contoso_id.clone()
            ),
            (
                "relationship.requested".to_owned(),
                CONTOSO_ADMIN.to_owned(),
                contoso_id.clone()
            ),
            (
                "relationship.request_link_issued".to_owned(),
                CONTOSO_ADMIN.to_owned(),
                contoso_id
            ),
        ]
    );
}

#[actix_web::test]
async fn bad_requests_are_shown_again_and_change_nothing() {
    let app = spawn_app().await;
    add_fabrikam_admin(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let fabrikam = app.signed_in(FABRIKAM_ADMIN).await;
    type Case<'a> = (&'a Browser, Vec<(&'a str, &'a str)>, &'a str);
    let cases: [Case; 5] = [
        (
            &contoso,
            vec![("company", ""), ("domain", "x.onmicrosoft.com")],
            "company name",
        ),
        (
            &contoso,
            vec![("company", "X"), ("domain", "not a domain")],
            "customer's domain",
        ),
        (
            &contoso,
            vec![
                ("company", "X"),
                ("domain", "x.onmicrosoft.com"),
                ("via_provider", ADATUM),
            ],
            "providers you work through",
        ),
        (
            &fabrikam,
            vec![("company", "X"), ("domain", "x.onmicrosoft.com")],
            "providers you work through",
        ),
        (
            &fabrikam,
            vec![
                ("company", "X"),
                ("domain", "x.onmicrosoft.com"),
                ("via_provider", ADATUM),
            ],
            "providers you work through",
        ),
    ];
    for (browser, fields, message) in cases {
        let page = browser.get("/partner/requests").await;
        let mut form = vec![("csrf_token", page.csrf_token())];
        form.extend(fields.iter().map(|(k, v)| (*k, (*v).to_owned())));
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused = browser.post_form("/partner/requests", &form).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{message}"
        );
        assert!(
            refused.texts("[role=alert]").join(" ").contains(message),
            "{message}: {:?}",
            refused.texts("[role=alert]")
        );
        assert_eq!(
            refused.texts("tbody tr"),
            page.texts("tbody tr"),
            "nothing was made"
        );
    }
}

#[actix_web::test]
async fn the_not_eligible_list_says_when_a_request_is_pending_or_expired() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let page = contoso.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    let northwind = page
        .texts(".not-eligible tbody tr")
        .into_iter()
        .find(|r| r.contains("Northwind Traders"))
        .unwrap();
    assert!(
        northwind.contains("no reseller relationship"),
        "{northwind}"
    );
    assert!(
        northwind.contains(
            "Request pending: Northwind Traders sent the customer a request on 2026-03-02 09:30 UTC"
        ),
        "{northwind}"
    );
    let fabrikam = page
        .texts(".not-eligible tbody tr")
        .into_iter()
        .find(|r| r.contains("Fabrikam"))
        .unwrap();
    assert!(
        !fabrikam.contains("Request"),
        "no request from Fabrikam: {fabrikam}"
    );

    app.clock.advance(chrono::Duration::days(31));
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let later = contoso.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    let northwind = later
        .texts(".not-eligible tbody tr")
        .into_iter()
        .find(|r| r.contains("Northwind Traders"))
        .unwrap();
    assert!(
        northwind.contains(
            "Request expired: the request of Northwind Traders expired on 2026-04-01 09:30 UTC"
        ),
        "{northwind}"
    );
}

#[actix_web::test]
async fn rule_8_a_subscription_bought_from_the_vendor_shows_the_vendors_support() {
    let app = spawn_app().await;
    let wwi = app.signed_in(WWI_ADMIN).await;
    let support = wwi.get("/admin/support").await;
    let vendor = support.texts("section.vendor").join(" ");
    assert!(vendor.starts_with("Microsoft"), "{vendor}");
    assert!(
        vendor.contains("Power BI Pro")
            && vendor.contains("+1 800 642 7676")
            && vendor.contains("https://support.microsoft.com")
    );
    // Partners never see it.
    for who in [CONTOSO_ADMIN, ADATUM_ADMIN] {
        let partner = app.signed_in(who).await;
        assert!(
            !partner
                .get(&format!("/partner/customers/{WWI}"))
                .await
                .body
                .contains("Power BI Pro"),
            "{who}"
        );
    }
    // The vendor's support is configurable.
    let custom = spawn_with(|settings| {
        settings.vendor.name = "Contoso Cloud Vendor".into();
        settings.vendor.telephone = "+886 2 5550 0000".into();
    })
    .await;
    let page = custom
        .signed_in(WWI_ADMIN)
        .await
        .get("/admin/support")
        .await;
    let vendor = page.texts("section.vendor").join(" ");
    assert!(
        vendor.starts_with("Contoso Cloud Vendor") && vendor.contains("+886 2 5550 0000"),
        "{vendor}"
    );
}

#[actix_web::test]
async fn request_accept_assign_remove_dap_and_the_subscription_is_back_on_the_provider() {
    let app = spawn_app().await;
    add_fabrikam_admin(&app);
    let fabrikam = app.signed_in(FABRIKAM_ADMIN).await;
    request_link(
        &fabrikam,
        &[
            ("company", "Wide World Importers"),
            ("domain", "wideworldimporters.onmicrosoft.com"),
            ("via_provider", CONTOSO),
        ],
    )
    .await;
    // A request made before resellers stopped getting legacy delegated
    // admin privileges, still pending: it grants what it asked for.
    {
        use diesel::prelude::*;
        use support_contacts::db::schema::relationship_requests as r;
        diesel::update(r::table.filter(r::partner_tenant_id.eq(FABRIKAM)))
            .set(r::delegated_admin.eq(true))
            .execute(&mut app.conn())
            .unwrap();
    }

    // The customer sees the pending requests on its Partners page, and accepts there.
    let wwi = app.signed_in(WWI_ADMIN).await;
    let partners = wwi.get("/admin/partners").await;
    let pending = partners.texts("ul.pending-requests li");
    assert!(
        pending.iter().any(|p| p.contains("Northwind Traders")),
        "the demo's own pending request"
    );
    let fabrikam_row = pending
        .iter()
        .position(|p| p.contains("Fabrikam Solutions"))
        .expect("Fabrikam's request");
    assert!(pending[fabrikam_row].contains("asking for delegated admin privileges"));
    let action = partners.values("ul.pending-requests li form", "action")[fabrikam_row].clone();
    let accepted = wwi
        .post_form(
            &action,
            &[("csrf_token", &partners.csrf_token()), ("action", "accept")],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER);
    let double = wwi
        .post_form(
            &action,
            &[("csrf_token", &partners.csrf_token()), ("action", "accept")],
        )
        .await;
    assert_eq!(
        double.status,
        StatusCode::SEE_OTHER,
        "a double submit changes nothing"
    );

    // Now eligible: Contoso assigns it.
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let assigned = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(FABRIKAM)).await;
    assert_eq!(assigned.status, StatusCode::SEE_OTHER);
    let support = wwi
        .get("/admin/support")
        .await
        .texts("section.contact-group");
    assert!(
        support
            .iter()
            .any(|g| g.starts_with("Fabrikam Solutions")
                && g.contains("Office 365 Business Premium"))
    );

    // The customer removes Fabrikam's DAP: the subscription is back on Contoso.
    let partners = wwi.get("/admin/partners").await;
    let removed = wwi
        .post_form(
            &format!("/admin/partners/{FABRIKAM}"),
            &[
                ("csrf_token", &partners.csrf_token()),
                ("action", "remove_dap"),
            ],
        )
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    assert_eq!(app.stored_contact(WWI_OFFICE_365).0, CONTOSO);
    use diesel::prelude::*;
    use support_contacts::db::schema::audit_log;
    let reverted: Vec<(Option<String>, Option<String>)> = audit_log::table
        .filter(audit_log::action.eq("support_contact.reverted"))
        .select((
            audit_log::from_partner_tenant_id,
            audit_log::to_partner_tenant_id,
        ))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(
        reverted,
        vec![(Some(FABRIKAM.to_owned()), Some(CONTOSO.to_owned()))]
    );
    let support = wwi
        .get("/admin/support")
        .await
        .texts("section.contact-group");
    assert!(support.iter().any(
        |g| g.starts_with("Contoso Distribution") && g.contains("Office 365 Business Premium")
    ));
    assert!(!support.iter().any(|g| g.starts_with("Fabrikam")));
}

#[actix_web::test]
async fn a_reseller_cannot_name_itself_as_its_provider() {
    let app = spawn_app().await;
    add_fabrikam_admin(&app);
    let fabrikam = app.signed_in(FABRIKAM_ADMIN).await;
    let page = fabrikam.get("/partner/requests").await;
    let refused = fabrikam
        .post_form(
            "/partner/requests",
            &[
                ("csrf_token", &page.csrf_token()),
                ("company", "X"),
                ("domain", "x.onmicrosoft.com"),
                ("via_provider", FABRIKAM),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.values("input[name=company]", "value"),
        vec!["X".to_owned()]
    );
}

#[actix_web::test]
async fn the_provider_follows_the_not_eligible_list_to_make_or_resend_a_request() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let page = contoso.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    let actions: Vec<String> = page.values("a.request-action", "href");
    let see = actions
        .iter()
        .find(|h| h.starts_with("/partner/requests/"))
        .expect("Northwind's pending request, through Contoso");
    let seen = contoso.get(see).await;
    assert!(
        seen.text().contains("Northwind Traders"),
        "{see} {} {}",
        seen.status,
        seen.text()
    );
    // Fabrikam has a relationship without delegated access: that is a GDAP
    // relationship for Fabrikam to ask for, so its row leads to its page.
    assert!(
        actions.contains(&format!("/partner/resellers/{FABRIKAM}")),
        "{actions:?}"
    );
    let make = format!(
        "/partner/requests?for_reseller={FABRIKAM}&company=Wide+World+Importers\
         &domain=wideworldimporters.onmicrosoft.com"
    );

    // Made on Fabrikam's behalf, prefilled.
    let form = contoso.get(&make).await;
    assert_eq!(
        form.values("input[name=domain]", "value"),
        vec!["wideworldimporters.onmicrosoft.com".to_owned()]
    );
    assert_eq!(
        form.values("select[name=for_reseller] option[selected]", "value"),
        vec![FABRIKAM.to_owned()]
    );
    let made = contoso
        .post_form(
            "/partner/requests",
            &[
                ("csrf_token", &form.csrf_token()),
                ("company", "Wide World Importers"),
                ("domain", "wideworldimporters.onmicrosoft.com"),
                ("for_reseller", FABRIKAM),
                ("delegated_admin", "1"),
            ],
        )
        .await;
    // Not with legacy delegated admin privileges, which resellers no
    // longer get, even through their provider.
    assert_eq!(made.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(made.texts("p.error").join(" ").contains("GDAP"));
    let made = contoso
        .post_form(
            "/partner/requests",
            &[
                ("csrf_token", &form.csrf_token()),
                ("company", "Wide World Importers"),
                ("domain", "wideworldimporters.onmicrosoft.com"),
                ("for_reseller", FABRIKAM),
            ],
        )
        .await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let shown = contoso.get(&made.location.unwrap()).await;
    let email = shown.texts("textarea#email-text").join(" ");
    assert!(
        email.contains("Fabrikam Solutions would like to become a partner of Wide World Importers"),
        "{email}"
    );

    let wwi = app.signed_in(WWI_ADMIN).await;
    let pending = wwi
        .get("/admin/partners")
        .await
        .texts("ul.pending-requests li");
    assert!(
        pending
            .iter()
            .any(|p| p.contains("Fabrikam Solutions") && p.contains("Contoso Distribution")),
        "{pending:?}"
    );

    // Expired: the same link offers to resend.
    app.clock.advance(chrono::Duration::days(31));
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let later = contoso.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    assert!(
        later
            .texts("a.request-action")
            .iter()
            .any(|t| t == "Resend it with a new link"),
        "{:?}",
        later.texts("a.request-action")
    );
}

#[actix_web::test]
async fn a_request_state_nobody_knows_cannot_be_stored() {
    use diesel::prelude::*;
    use support_contacts::db::schema::relationship_requests as r;
    let app = spawn_app().await;
    // Northwind's request to Wide World Importers, in a state no version
    // writes: the database refuses it, so no page ever reads it as pending
    // (and reading one would be an error: `domain::states`).
    let refused = diesel::update(r::table.filter(r::partner_tenant_id.eq(NORTHWIND)))
        .set(r::state.eq("archived"))
        .execute(&mut app.conn());
    assert!(refused.is_err(), "{refused:?}");
    let wwi = app.signed_in(WWI_ADMIN).await;
    let page = wwi.get("/admin/partners").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Northwind"));
}
