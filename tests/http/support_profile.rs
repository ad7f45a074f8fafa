//! The support profile page: what customers see of a partner's support,
//! previewed as they will see it, saved by an admin agent, audited.

use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::{audit_log, partners};

use crate::helpers::*;

const PATH: &str = "/partner/support-profile";

fn stored(app: &TestApp) -> (String, String, String) {
    partners::table
        .find(CONTOSO)
        .select((
            partners::support_email,
            partners::support_telephone,
            partners::support_website,
        ))
        .first(&mut app.conn())
        .unwrap()
}

fn profile_changes(app: &TestApp) -> Vec<String> {
    audit_log::table
        .filter(audit_log::action.eq("partner.support_profile_changed"))
        .select(audit_log::detail)
        .load(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn an_admin_previews_then_saves_the_support_profile_customers_see() {
    let app = spawn_app().await;
    let before = stored(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let page = contoso.get(PATH).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.values("input[name=email]", "value"),
        [before.0.as_str()]
    );
    assert_eq!(
        page.values("nav a[aria-current=page]", "href"),
        [PATH.to_owned()]
    );
    let token = page.csrf_token();
    let typed = [
        ("csrf_token", token.as_str()),
        ("email", "help@contoso-distribution.example"),
        ("telephone", "+1 (425) 555-0199"),
        ("website", "https://help.contoso-distribution.example/cloud"),
    ];

    // The preview shows it as the Support page will, and saves nothing.
    let mut preview = typed.to_vec();
    preview.push(("action", "preview"));
    let shown = contoso.post_form(PATH, &preview).await;
    assert_eq!(shown.status, StatusCode::OK);
    let card = shown.texts("section.contact-group dl.contact").join(" ");
    assert!(card.contains("help@contoso-distribution.example"), "{card}");
    assert!(card.contains("+1 (425) 555-0199"), "{card}");
    assert_eq!(
        shown.values("section.contact-group a[href^='tel:']", "href"),
        ["tel:+14255550199"]
    );
    assert!(shown.text().contains("it is not saved yet"));
    assert_eq!(stored(&app), before);
    assert!(profile_changes(&app).is_empty());

    // Saved: back on the page with a message, stored, audited with before and after.
    let mut save = typed.to_vec();
    save.push(("action", "save"));
    let saved = contoso.post_form(PATH, &save).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let after = contoso.get(PATH).await;
    assert!(
        after
            .texts("[role=status]")
            .join(" ")
            .contains("Support profile saved"),
        "{:?}",
        after.texts("[role=status]")
    );
    assert_eq!(
        stored(&app),
        (
            "help@contoso-distribution.example".to_owned(),
            "+1 (425) 555-0199".to_owned(),
            "https://help.contoso-distribution.example/cloud".to_owned()
        )
    );
    let changes = profile_changes(&app);
    assert_eq!(changes.len(), 1);
    assert!(changes[0].contains(&before.0) && changes[0].contains("help@contoso"));

    // The customer sees it.
    let wwi = app.signed_in(WWI_ADMIN).await;
    let support = wwi.get("/admin/support").await.text();
    assert!(
        support.contains("help@contoso-distribution.example"),
        "{support}"
    );
}

#[actix_web::test]
async fn every_bad_field_is_said_with_what_was_typed_kept_and_nothing_saved() {
    let app = spawn_app().await;
    let before = stored(&app);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let token = contoso.get(PATH).await.csrf_token();
    for action in ["save", "preview"] {
        let page = contoso
            .post_form(
                PATH,
                &[
                    ("csrf_token", &token),
                    ("email", "not an address"),
                    ("telephone", "555-0100"),
                    ("website", "http://insecure.example"),
                    ("action", action),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{action}");
        let errors = page.texts(".field-error").join(" ");
        for expected in [
            "Enter an e-mail address",
            "Enter an international number",
            "starting with https://",
        ] {
            assert!(errors.contains(expected), "{action}: {errors}");
        }
        assert_eq!(page.values("input[name=telephone]", "value"), ["555-0100"]);
        assert_eq!(page.values("[aria-invalid=true]", "id").len(), 3);
        assert!(page.texts("section.contact-group dl.contact").is_empty());
    }
    assert_eq!(stored(&app), before);
    assert!(profile_changes(&app).is_empty());
}

#[actix_web::test]
async fn a_helpdesk_agent_sees_the_profile_and_cannot_change_it() {
    let app = spawn_app().await;
    let before = stored(&app);
    let helpdesk = app.signed_in(HELPDESK).await;
    let page = helpdesk.get(PATH).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.values("form[action='/partner/support-profile']", "action")
            .is_empty()
    );
    assert!(page.text().contains(&before.0));
    let refused = helpdesk
        .post_form(
            PATH,
            &[
                ("csrf_token", &page.csrf_token()),
                ("email", "x@contoso-distribution.example"),
                ("telephone", "+1 425 555 0100"),
                ("website", "https://x.example"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&app), before);
}
