//! What people see around the pages: the layout, the subscription page's
//! choice and its guarded actions, static files.

use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::subscriptions;
use support_contacts::demo::{CONTOSO, PROSEWARE, WIDE_WORLD_IMPORTERS as WWI, WWI_OFFICE_365};

use crate::helpers::*;

fn status_of(app: &TestApp, id: &str) -> String {
    subscriptions::table
        .find(id)
        .select(subscriptions::status)
        .first(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn suspending_a_subscription_asks_first_and_only_the_confirmation_suspends() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let path = subscription_path(WWI, WWI_OFFICE_365);
    let page = contoso.get(&path).await;
    // Suspend sits in the page's overflow menu, not as its first button.
    assert_eq!(
        page.values("details.menu button[name=status]", "value"),
        ["suspended"]
    );
    assert!(page.values("button.danger", "class").is_empty());

    let status = format!("{path}/status");
    let token = page.csrf_token();
    let asked = contoso
        .post_form(&status, &[("csrf_token", &token), ("status", "suspended")])
        .await;
    assert_eq!(asked.status, StatusCode::OK);
    assert_eq!(asked.texts("h1"), ["Suspend Office 365 Business Premium?"]);
    assert_eq!(asked.values("button.danger", "value"), ["suspended"]);
    assert_eq!(status_of(&app, WWI_OFFICE_365), "active", "nothing yet");

    let done = contoso
        .post_form(
            &status,
            &[
                ("csrf_token", &asked.csrf_token()),
                ("status", "suspended"),
                ("confirmed", "yes"),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, WWI_OFFICE_365), "suspended");
    // Reactivating needs no confirmation, and is offered as it is.
    let suspended = contoso.get(&path).await;
    assert_eq!(
        suspended.values(".commands button[name=status]", "value"),
        ["active"]
    );
    let back = contoso
        .post_form(
            &status,
            &[
                ("csrf_token", &suspended.csrf_token()),
                ("status", "active"),
            ],
        )
        .await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    assert_eq!(status_of(&app, WWI_OFFICE_365), "active");
}

#[actix_web::test]
async fn the_helpdesk_is_not_asked_to_confirm_what_it_may_not_do() {
    let app = spawn_app().await;
    let helpdesk = app.signed_in(HELPDESK).await;
    let path = subscription_path(WWI, WWI_OFFICE_365);
    let page = helpdesk.get(&path).await;
    assert!(page.values(".commands", "class").is_empty());
    let asked = helpdesk
        .post_form(
            &format!("{path}/status"),
            &[("csrf_token", &page.csrf_token()), ("status", "suspended")],
        )
        .await;
    assert_eq!(asked.status, StatusCode::FORBIDDEN);
    assert_eq!(status_of(&app, WWI_OFFICE_365), "active");
}

#[actix_web::test]
async fn the_contact_is_chosen_from_cards_and_every_reseller_left_out_has_an_action() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let page = contoso.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    // One card per eligible partner, the current one checked, with the
    // support details the customer would see.
    let choices = page.options("support_contact");
    assert_eq!(choices.len(), 2, "{choices:?}");
    assert_eq!(
        page.values("input[name=support_contact][checked]", "value")
            .len(),
        1
    );
    let contoso_card = &choices.iter().find(|(v, _)| v == CONTOSO).unwrap().1;
    assert!(contoso_card.contains("you, the provider"), "{contoso_card}");
    assert!(
        contoso_card.contains('@'),
        "support e-mail shown: {contoso_card}"
    );
    // The form says Save, and saving waits for a change (with the script).
    assert_eq!(
        page.texts("form[data-save-when-changed] button[type=submit]"),
        ["Save"]
    );
    // The reseller whose authorization ended leads to its own page.
    let ended = page.values("tr[data-reason=not_authorized] a.request-action", "href");
    assert_eq!(ended, [format!("/partner/resellers/{PROSEWARE}")]);
    for row in page.texts(".not-eligible tbody tr") {
        assert!(row.split_whitespace().count() > 5, "{row}");
    }
    assert_eq!(
        page.texts(".not-eligible tbody tr").len(),
        page.values(".not-eligible a.request-action", "href").len(),
        "every row has an action"
    );
}

#[actix_web::test]
async fn a_signed_in_user_who_meets_a_missing_page_keeps_the_navigation() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let missing = contoso
        .get("/partner/customers/00000000-0000-4000-8000-00000000dead")
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(
        missing
            .values("details.side nav a", "href")
            .contains(&"/partner/customers".to_owned())
    );
    assert_eq!(missing.values("form.who", "action"), ["/logout"]);
    assert!(missing.text().contains("Contoso Distribution"));

    let stranger = app.browser().get("/no-such-page").await;
    assert_eq!(stranger.status, StatusCode::NOT_FOUND);
    assert!(stranger.values("details.side", "class").is_empty());
    assert!(stranger.values("form.who", "action").is_empty());
}

#[actix_web::test]
async fn static_files_have_fingerprinted_names_long_caching_and_gzip() {
    let app = spawn_app().await;
    let login = app.browser().get("/login").await;
    let css = login.values("link[rel=stylesheet]", "href");
    let js = login.values("script[src]", "src");
    let icon = login.values("link[rel=icon]", "href");
    for href in [&css[0], &js[0], &icon[0]] {
        assert!(
            href.starts_with("/static/") && href.matches('.').count() == 2,
            "{href}"
        );
    }
    let client = reqwest::Client::new();
    let get = |path: String, gzip: bool| {
        let request = client.get(format!("{}{path}", app.base));
        let request = if gzip {
            request.header("Accept-Encoding", "gzip")
        } else {
            request
        };
        async move { request.send().await.unwrap() }
    };
    let plain = get(css[0].clone(), false).await;
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(
        plain.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(plain.headers().get("content-encoding").is_none());
    let text = plain.text().await.unwrap();
    assert!(text.contains("prefers-color-scheme: dark"));

    let zipped = get(css[0].clone(), true).await;
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let bytes = zipped.bytes().await.unwrap();
    assert!(
        bytes.len() < text.len() / 2,
        "{} of {}",
        bytes.len(),
        text.len()
    );
    let mut unzipped = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut unzipped)
        .unwrap();
    assert_eq!(unzipped, text);

    // The plain names still answer, briefly cached; others are not found.
    let old = get("/static/local-time.js".into(), false).await;
    assert_eq!(old.status(), StatusCode::OK);
    assert_eq!(old.headers()["cache-control"], "public, max-age=300");
    assert_eq!(
        get("/static/app.0123456789ab.css".into(), false)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get("/favicon.ico".into(), false).await.status(),
        StatusCode::OK
    );
    // Nothing outside the compiled-in files is reachable.
    for probe in ["/static/../Cargo.toml", "/static/%2e%2e%2fCargo.toml"] {
        assert_eq!(
            get(probe.into(), false).await.status(),
            StatusCode::NOT_FOUND
        );
    }
}

#[actix_web::test]
async fn destructive_actions_wait_in_menus_and_say_why_they_cannot_be_done() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    // Wide World Importers holds active Contoso subscriptions: ending the
    // relationship is offered disabled, with the reason, in the menu.
    let customer = contoso.get(&format!("/partner/customers/{WWI}")).await;
    assert!(
        customer
            .values("a.button.danger, button.danger", "class")
            .is_empty()
    );
    let blocked = customer.texts(".commands details.menu [aria-disabled=true]");
    assert_eq!(blocked.len(), 1, "{blocked:?}");
    assert!(
        blocked[0].contains("You cannot end this relationship yet"),
        "{blocked:?}"
    );
    assert!(customer.values("a.end-relationship", "href").is_empty());
    // Ending a reseller's relationship is one item of that row's menu.
    assert!(
        customer
            .values("table.reseller-relationships details.menu a", "href")
            .iter()
            .all(|h| h.starts_with(&format!("/partner/customers/{WWI}/resellers/")))
    );

    // A reseller's authorization ends from a section the menu opens.
    let reseller = contoso
        .get(&format!(
            "/partner/resellers/{}",
            support_contacts::demo::TREY_RESEARCH
        ))
        .await;
    assert_eq!(
        reseller.values(".commands details.menu a", "href"),
        ["#end-authorization"]
    );
    assert_eq!(
        reseller.values("section.danger-zone", "id"),
        ["end-authorization"]
    );
}
