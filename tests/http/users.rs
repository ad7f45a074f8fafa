//! Organizations manage their own people: invitations by one-time link,
//! roles, disabling, and everyone's own password.

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::audit_log;

use crate::helpers::*;

/// The one-time link shown after adding a user or asking for a new link.
fn shown_link(page: &Page) -> String {
    let link = page
        .values("input.copy", "value")
        .pop()
        .expect("the link is shown");
    let at = link.find("/set-password/").expect("a set-password link");
    link[at..].to_owned()
}

fn actions(app: &TestApp) -> Vec<String> {
    audit_log::table
        .filter(audit_log::action.like("user.%"))
        .order(audit_log::id)
        .select(audit_log::action)
        .load(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn an_admin_invites_a_user_who_sets_a_password_through_a_one_time_link() {
    let app = spawn_app().await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let list = admin.get("/partner/users").await;
    assert_eq!(list.status, StatusCode::OK);
    let rows = list.texts("tbody tr");
    assert!(
        rows.iter()
            .any(|r| r.contains(CONTOSO_ADMIN) && r.contains("Admin agent")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains(HELPDESK) && r.contains("Helpdesk agent"))
    );
    assert!(
        !list.body.contains("admin@adatum-cloud.example"),
        "only Contoso's people"
    );

    let added = admin
        .post_form(
            "/partner/users",
            &[
                ("csrf_token", &list.csrf_token()),
                ("name", "Mei-Ling Chen"),
                ("email", "Mei-Ling@Contoso-Distribution.example"),
                ("role", "helpdesk_agent"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let user_page = admin.get(&added.location.unwrap()).await;
    assert!(
        user_page
            .text()
            .contains("mei-ling@contoso-distribution.example")
    );
    let link = shown_link(&user_page);

    // The new user, in their own browser.
    let newcomer = app.browser();
    let form = newcomer.get(&link).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.text()
            .contains("Choose a password for mei-ling@contoso-distribution.example")
    );
    let token = form.csrf_token();
    for (password, confirm, message) in [
        ("short", "short", "at least 12 characters"),
        ("password1234", "password1234", "too common"),
        ("lantern-over-harbor", "lantern-over-harbour", "differ"),
    ] {
        let page = newcomer
            .post_form(
                &link,
                &[
                    ("csrf_token", &token),
                    ("password", password),
                    ("confirm", confirm),
                ],
            )
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(
            page.texts("[role=alert]").join(" ").contains(message),
            "{message}: {:?}",
            page.texts("[role=alert]")
        );
    }
    let set = newcomer
        .post_form(
            &link,
            &[
                ("csrf_token", &token),
                ("password", "lantern-over-harbor"),
                ("confirm", "lantern-over-harbor"),
            ],
        )
        .await;
    assert_eq!(set.status, StatusCode::SEE_OTHER);
    assert_eq!(set.location.as_deref(), Some("/login"));
    assert!(
        newcomer
            .get("/login")
            .await
            .texts("[role=status]")
            .join(" ")
            .contains("Your password is set")
    );
    assert_eq!(
        newcomer
            .sign_in(
                "mei-ling@contoso-distribution.example",
                "lantern-over-harbor",
                None
            )
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    // A helpdesk agent sees pages and changes nothing.
    assert_eq!(
        newcomer
            .get(&subscription_path(WWI, WWI_OFFICE_365))
            .await
            .options("support_contact")
            .len(),
        0
    );

    // The link works once.
    let again = app.browser().get(&link).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    assert!(
        again
            .text()
            .contains("This link has been used, has expired")
    );
    assert_eq!(actions(&app), vec!["user.created", "user.password_set"]);
}

#[actix_web::test]
async fn links_expire_and_a_new_link_replaces_the_old() {
    let app = spawn_app().await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let list = admin.get("/partner/users").await;
    let added = admin
        .post_form(
            "/partner/users",
            &[
                ("csrf_token", &list.csrf_token()),
                ("name", "Ops"),
                ("email", "ops@contoso-distribution.example"),
                ("role", "admin_agent"),
            ],
        )
        .await;
    let user_path = added.location.unwrap();
    let page = admin.get(&user_path).await;
    let first = shown_link(&page);
    let renewed = admin
        .post_form(
            &user_path,
            &[("csrf_token", &page.csrf_token()), ("action", "link")],
        )
        .await;
    assert_eq!(renewed.status, StatusCode::SEE_OTHER);
    let second = shown_link(&admin.get(&user_path).await);
    assert_ne!(first, second);
    assert_eq!(
        app.browser().get(&first).await.status,
        StatusCode::NOT_FOUND,
        "the old link stopped working"
    );
    assert_eq!(app.browser().get(&second).await.status, StatusCode::OK);
    app.clock.advance(Duration::hours(73));
    assert_eq!(
        app.browser().get(&second).await.status,
        StatusCode::NOT_FOUND,
        "expired after 72 hours"
    );
}

#[actix_web::test]
async fn roles_change_users_are_disabled_and_the_last_admin_stays() {
    let app = spawn_app().await;
    let admin = app.signed_in(CONTOSO_ADMIN).await;
    let helpdesk = app.signed_in(HELPDESK).await;
    let list = admin.get("/partner/users").await;
    let links = list.values("tbody a", "href");
    let helpdesk_path = links
        .iter()
        .find(|l| list.body.contains(l.as_str()))
        .cloned();
    let helpdesk_path = list
        .html()
        .select(&scraper::Selector::parse("tbody tr").unwrap())
        .find(|row| row.text().collect::<String>().contains(HELPDESK))
        .and_then(|row| row.select(&scraper::Selector::parse("a").unwrap()).next())
        .and_then(|a| a.value().attr("href").map(str::to_owned))
        .or(helpdesk_path)
        .unwrap();
    let token = list.csrf_token();

    // The helpdesk agent sees the list, with no forms, and cannot change anyone.
    let seen = helpdesk.get("/partner/users").await;
    assert_eq!(seen.status, StatusCode::OK);
    assert!(seen.values("input[name=email]", "name").is_empty());
    let helpdesk_token = seen.csrf_token();
    let refused = helpdesk
        .post_form(
            &helpdesk_path,
            &[
                ("csrf_token", &helpdesk_token),
                ("action", "role"),
                ("role", "admin_agent"),
            ],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    // Promoted: their session ends at once, and they come back as an admin agent.
    let promoted = admin
        .post_form(
            &helpdesk_path,
            &[
                ("csrf_token", &token),
                ("action", "role"),
                ("role", "admin_agent"),
            ],
        )
        .await;
    assert_eq!(promoted.status, StatusCode::SEE_OTHER);
    assert_eq!(helpdesk.get("/partner").await.status, StatusCode::SEE_OTHER);
    let helpdesk = app.signed_in(HELPDESK).await;
    assert_eq!(
        helpdesk
            .get(&subscription_path(WWI, WWI_OFFICE_365))
            .await
            .options("support_contact")
            .len(),
        2
    );

    // Disabled: out at once, and cannot sign in.
    let disabled = admin
        .post_form(
            &helpdesk_path,
            &[("csrf_token", &token), ("action", "disable")],
        )
        .await;
    assert_eq!(disabled.status, StatusCode::SEE_OTHER);
    assert_eq!(helpdesk.get("/partner").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.browser()
            .sign_in(HELPDESK, DEMO_PASSWORD, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert!(
        admin
            .get("/partner/users")
            .await
            .texts("tbody tr")
            .iter()
            .any(|r| r.contains(HELPDESK) && r.contains("Disabled"))
    );

    // The only enabled admin cannot demote or disable themselves.
    let me = admin
        .get("/partner/users")
        .await
        .values("tbody tr th a", "href")[0]
        .clone();
    let me_page = admin.get(&me).await;
    assert!(
        me_page.text().contains(CONTOSO_ADMIN),
        "the list is by name; Contoso Admin comes first"
    );
    let demote = admin
        .post_form(
            &me,
            &[
                ("csrf_token", &token),
                ("action", "role"),
                ("role", "helpdesk_agent"),
            ],
        )
        .await;
    assert_eq!(demote.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        demote
            .texts("[role=alert]")
            .join(" ")
            .contains("without an enabled admin")
    );
    let disable_self = admin
        .post_form(&me, &[("csrf_token", &token), ("action", "disable")])
        .await;
    assert_eq!(disable_self.status, StatusCode::UNPROCESSABLE_ENTITY);

    let enabled = admin
        .post_form(
            &helpdesk_path,
            &[("csrf_token", &token), ("action", "enable")],
        )
        .await;
    assert_eq!(enabled.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.browser()
            .sign_in(HELPDESK, DEMO_PASSWORD, None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        actions(&app),
        vec!["user.role_changed", "user.disabled", "user.enabled"]
    );
}

#[actix_web::test]
async fn a_customer_admin_manages_their_own_tenants_admins() {
    let app = spawn_app().await;
    let admin = app.signed_in(WWI_ADMIN).await;
    let list = admin.get("/admin/users").await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.texts("tbody tr").len(), 1);
    let bad = admin
        .post_form(
            "/admin/users",
            &[
                ("csrf_token", &list.csrf_token()),
                ("name", "IT"),
                ("email", "not-an-email"),
                ("role", "customer_admin"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.texts("[role=alert]").join(" ").contains("valid email"));
    assert_eq!(
        bad.values("input[name=name]", "value"),
        vec!["IT".to_owned()],
        "what was typed is kept"
    );
    let partner_role = admin
        .post_form(
            "/admin/users",
            &[
                ("csrf_token", &list.csrf_token()),
                ("name", "IT"),
                ("email", "it@wideworldimporters.example"),
                ("role", "admin_agent"),
            ],
        )
        .await;
    assert_eq!(partner_role.status, StatusCode::UNPROCESSABLE_ENTITY);
    let taken = admin
        .post_form(
            "/admin/users",
            &[
                ("csrf_token", &list.csrf_token()),
                ("name", "IT"),
                ("email", WWI_ADMIN),
                ("role", "customer_admin"),
            ],
        )
        .await;
    assert!(
        taken
            .texts("[role=alert]")
            .join(" ")
            .contains("exists already")
    );
    let added = admin
        .post_form(
            "/admin/users",
            &[
                ("csrf_token", &list.csrf_token()),
                ("name", "IT"),
                ("email", "it@wideworldimporters.example"),
                ("role", "customer_admin"),
            ],
        )
        .await;
    assert_eq!(added.status, StatusCode::SEE_OTHER);
    assert_eq!(admin.get("/admin/users").await.texts("tbody tr").len(), 2);
    // Nobody else sees them.
    let alpine = app.signed_in("admin@alpineskihouse.example").await;
    assert!(
        !alpine
            .get("/admin/users")
            .await
            .body
            .contains("it@wideworldimporters.example")
    );
}

#[actix_web::test]
async fn everyone_changes_their_own_password_with_the_current_one() {
    let app = spawn_app().await;
    let browser = app.signed_in(WWI_ADMIN).await;
    let elsewhere = app.signed_in(WWI_ADMIN).await;
    let form = browser.get("/account/password").await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form.csrf_token();
    let wrong = browser
        .post_form(
            "/account/password",
            &[
                ("csrf_token", &token),
                ("current", "not-it-at-all"),
                ("password", "harbor-lantern-sky"),
                ("confirm", "harbor-lantern-sky"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .texts("[role=alert]")
            .join(" ")
            .contains("current password is wrong")
    );
    let changed = browser
        .post_form(
            "/account/password",
            &[
                ("csrf_token", &token),
                ("current", DEMO_PASSWORD),
                ("password", "harbor-lantern-sky"),
                ("confirm", "harbor-lantern-sky"),
            ],
        )
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER);
    // This session goes on; the other one ended.
    assert_eq!(browser.get("/admin").await.status, StatusCode::OK);
    assert_eq!(elsewhere.get("/admin").await.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.browser()
            .sign_in(WWI_ADMIN, "harbor-lantern-sky", None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(actions(&app), vec!["user.password_set"]);
}
