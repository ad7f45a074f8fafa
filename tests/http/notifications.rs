//! Notifications: a change tells the organizations it concerns in the
//! product (a list, an unread count in the header) and their people by
//! e-mail, written to the outbox in the change's transaction and sent over
//! a real SMTP server, in each reader's language, with retries, backoff and
//! each e-mail sent once.

use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::{notifications, outbox};
use support_contacts::mail::{Mailer, Sent, send_due};

use crate::helpers::*;
use crate::smtp::{SmtpServer, nobody_listening};

/// The outbox's e-mail to an address: (language, sent, attempts).
fn mail_to(app: &TestApp, address: &str) -> Vec<(String, bool, i32)> {
    outbox::table
        .filter(outbox::recipient.eq(address))
        .order(outbox::id)
        .select((
            outbox::language,
            outbox::sent_at.is_not_null(),
            outbox::attempts,
        ))
        .load(&mut app.conn())
        .unwrap()
}

fn unsent(app: &TestApp) -> i64 {
    outbox::table
        .filter(outbox::sent_at.is_null())
        .count()
        .get_result(&mut app.conn())
        .unwrap()
}

fn mailer(url: &str) -> Mailer {
    Mailer::new(
        url,
        "support-contacts <noreply@example.test>",
        "https://contacts.example.test",
    )
    .unwrap()
}

/// Everything waiting is sent (the outbox of the demo included): the
/// outbox holds nothing unsent afterwards.
async fn send_everything(app: &TestApp, server: &SmtpServer) -> Sent {
    let mut all = Sent::default();
    loop {
        let run = send_due(&app.pool, &mailer(&server.url), app.now())
            .await
            .unwrap();
        all.sent += run.sent;
        if run == Sent::default() {
            return all;
        }
    }
}

async fn switch_language(browser: &Browser, lang: &str) {
    let page = browser.get("/partner").await;
    let switched = browser
        .post_form(
            "/language",
            &[
                ("csrf_token", &page.csrf_token()),
                ("lang", lang),
                ("return_to", "/partner"),
            ],
        )
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn a_new_contact_is_told_in_the_product_and_by_email_in_each_readers_language() {
    let app = spawn_app().await;
    let server = SmtpServer::start();
    send_everything(&app, &server).await;
    let before = server.arrived().len();

    // Trey's admin reads the product in Traditional Chinese.
    let trey = app.signed_in(TREY_ADMIN).await;
    switch_language(&trey, "zh-TW").await;
    let unread_before = trey.get("/partner").await.texts("header .badge");

    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let done = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);

    // In the outbox, in the same transaction as the change.
    assert_eq!(mail_to(&app, TREY_ADMIN).last().unwrap().0, "zh-TW");
    assert_eq!(mail_to(&app, WWI_ADMIN).last().unwrap().0, "en-US");
    // The provider that made the change is not told of it.
    assert!(mail_to(&app, CONTOSO_ADMIN).is_empty());

    // In the product: the count in the header, the notice in the list.
    let dashboard = trey.get("/partner").await;
    assert_ne!(dashboard.texts("header .badge"), unread_before);
    let list = trey.get("/partner/notifications").await;
    assert_eq!(list.status, StatusCode::OK);
    let newest = list
        .texts("ol.notifications > li")
        .first()
        .cloned()
        .unwrap();
    assert!(
        newest.contains("Trey Research") && newest.contains("Office 365 Business Premium"),
        "{newest}"
    );
    assert!(newest.contains("新"), "marked unread: {newest}");
    let read = trey
        .post_form(
            "/partner/notifications",
            &[("csrf_token", &list.csrf_token())],
        )
        .await;
    assert_eq!(read.status, StatusCode::SEE_OTHER);
    let after = trey.get("/partner/notifications").await;
    assert!(after.texts("header .badge").is_empty());
    assert!(after.texts("li.unread").is_empty());

    // The customer's admin sees it on their own list.
    let wwi = app.signed_in(WWI_ADMIN).await;
    let theirs = wwi.get("/admin/notifications").await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(
        theirs.texts("ol.notifications > li")[0]
            .contains("The designated support contact of one of your subscriptions changed"),
        "{:?}",
        theirs.texts("ol.notifications > li")
    );

    // Nobody else's: the provider's list does not show the reseller's notice.
    let contoso_list = contoso.get("/partner/notifications").await;
    assert_eq!(contoso_list.status, StatusCode::OK);
    assert!(
        !contoso_list
            .text()
            .contains("is now the designated support contact")
    );

    // Over SMTP: each in its reader's language, plain text and HTML, with
    // the link to the product.
    let sent = send_everything(&app, &server).await;
    assert!(sent.sent >= 2, "{sent:?}");
    let arrived = server.arrived()[before..].to_vec();
    let to_trey = arrived
        .iter()
        .find(|m| m.to == [TREY_ADMIN])
        .expect("Trey's admin got it");
    assert_eq!(
        to_trey.subject,
        "Trey Research 現在是 1 個訂用帳戶的指定支援連絡人"
    );
    assert!(
        to_trey
            .text
            .contains("Wide World Importers 的 Office 365 Business Premium")
    );
    let link = format!(
        "https://contacts.example.test/partner/customers/{WWI}/subscriptions/{WWI_OFFICE_365}"
    );
    assert!(to_trey.text.contains(&link), "{}", to_trey.text);
    assert!(
        to_trey.html.contains(&format!("href=\"{link}\"")),
        "{}",
        to_trey.html
    );
    let to_wwi = arrived
        .iter()
        .find(|m| m.to == [WWI_ADMIN])
        .expect("the customer's admin got it");
    assert_eq!(
        to_wwi.subject,
        "The designated support contact of one of your subscriptions changed"
    );
    assert!(
        to_wwi
            .text
            .contains("Office 365 Business Premium at Wide World Importers: Contoso Distribution → Trey Research"),
        "{}",
        to_wwi.text
    );
    assert!(mail_to(&app, TREY_ADMIN).iter().all(|m| m.1));
}

#[actix_web::test]
async fn a_refusing_or_absent_smtp_server_leads_to_retries_with_backoff_and_nothing_is_lost() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    let waiting = unsent(&app);
    assert!(waiting >= 2);

    // Nobody listens: every e-mail is tried again later.
    let down = send_due(&app.pool, &mailer(&nobody_listening()), app.now())
        .await
        .unwrap();
    assert_eq!(down.sent, 0);
    assert_eq!(unsent(&app), waiting);
    assert!(mail_to(&app, TREY_ADMIN).iter().all(|m| !m.1 && m.2 == 1));
    // Not again before its time (a minute after the first attempt).
    let early = send_due(&app.pool, &mailer(&nobody_listening()), app.now())
        .await
        .unwrap();
    assert_eq!(early, Sent::default());

    // The server answers, but refuses for now: tried again, two minutes on.
    let server = SmtpServer::start();
    server.refuse(true);
    app.clock.advance(chrono::Duration::minutes(1));
    let refused = send_due(&app.pool, &mailer(&server.url), app.now())
        .await
        .unwrap();
    assert_eq!(refused.sent, 0);
    assert!(refused.retried > 0);
    assert!(mail_to(&app, TREY_ADMIN).iter().all(|m| !m.1 && m.2 == 2));
    let unread_error: Vec<Option<String>> = outbox::table
        .filter(outbox::recipient.eq(TREY_ADMIN))
        .select(outbox::last_error)
        .load(&mut app.conn())
        .unwrap();
    assert!(
        unread_error
            .iter()
            .all(|e| e.as_deref().is_some_and(|e| e.contains("451")))
    );

    // Accepted at last: each sent once, nothing lost.
    server.refuse(false);
    app.clock.advance(chrono::Duration::minutes(2));
    let sent = send_everything(&app, &server).await;
    assert_eq!(sent.sent as i64, waiting);
    assert_eq!(server.arrived().len() as i64, waiting);
    assert_eq!(unsent(&app), 0);
    assert_eq!(send_everything(&app, &server).await, Sent::default());
}

#[actix_web::test]
async fn two_servers_sending_at_once_send_each_email_once() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    for (subscription, contact) in [
        (WWI_OFFICE_365, TREY_RESEARCH),
        (WWI_OFFICE_365, CONTOSO),
        (WWI_OFFICE_365, TREY_RESEARCH),
    ] {
        let done = submit_contact(&contoso, WWI, subscription, Some(contact)).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER);
    }
    let waiting = unsent(&app);
    let server = SmtpServer::start();
    let (one, two) = (mailer(&server.url), mailer(&server.url));
    let now = app.now();
    let (a, b) = futures_util::future::join(
        send_due(&app.pool, &one, now),
        send_due(&app.pool, &two, now),
    )
    .await;
    let (a, b) = (a.unwrap(), b.unwrap());
    let rest = send_everything(&app, &server).await;
    assert_eq!((a.sent + b.sent + rest.sent) as i64, waiting);
    assert_eq!(server.arrived().len() as i64, waiting, "each e-mail once");
    assert_eq!(unsent(&app), 0);
}

#[actix_web::test]
async fn a_request_link_goes_by_email_to_the_address_given_and_a_bad_one_is_refused() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let form = contoso.get("/partner/requests").await;
    let fields = |send_to: &'static str| {
        vec![
            ("company", "Wide World Importers"),
            ("domain", "wideworldimporters.onmicrosoft.com"),
            ("send_to", send_to),
        ]
    };
    let mut bad = vec![("csrf_token", form.csrf_token())];
    bad.extend(
        fields("not an address")
            .into_iter()
            .map(|(k, v)| (k, v.to_owned())),
    );
    let bad: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = contoso.post_form("/partner/requests", &bad).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused
            .texts("p.error")
            .join(" ")
            .contains("e-mail address")
    );
    assert_eq!(
        refused.values("input[name=send_to]", "value"),
        ["not an address"]
    );
    assert!(mail_to(&app, "not an address").is_empty());

    let address = "it@wideworldimporters.example";
    let mut good = vec![("csrf_token", form.csrf_token())];
    good.extend(fields(address).into_iter().map(|(k, v)| (k, v.to_owned())));
    let good: Vec<(&str, &str)> = good.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let made = contoso.post_form("/partner/requests", &good).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let shown = contoso.get(&made.location.unwrap()).await;
    let link = shown.values("input#link", "value").pop().unwrap();
    let path = &link[link.find("/relationships/").unwrap()..];

    let server = SmtpServer::start();
    send_everything(&app, &server).await;
    let got = server
        .arrived()
        .into_iter()
        .find(|m| m.to == [address])
        .expect("the address given got the link");
    assert_eq!(
        got.subject,
        "Contoso Distribution asks Wide World Importers for a relationship"
    );
    assert!(
        got.text
            .contains(&format!("https://contacts.example.test{path}")),
        "{}",
        got.text
    );
    // The customer the product knows sees it in its list, without the link.
    let bodies: Vec<String> = notifications::table
        .filter(notifications::tenant_id.eq(WWI))
        .filter(notifications::kind.eq("relationship_requested"))
        .select(notifications::body)
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(bodies.len(), 1);
    assert!(!bodies[0].contains("/relationships/"), "{}", bodies[0]);
    // Once sent, the outbox keeps no link that works once.
    let kept: Vec<String> = outbox::table
        .filter(outbox::recipient.eq(address))
        .select(outbox::body)
        .load(&mut app.conn())
        .unwrap();
    assert!(
        kept.iter().all(|b| !b.contains("/relationships/")),
        "{kept:?}"
    );
}

#[actix_web::test]
async fn partners_are_warned_30_7_and_1_days_before_a_gdap_relationship_ends_once_each() {
    use support_contacts::app::gdap::run_due;
    let app = spawn_app().await;
    let trey_mail = || mail_to(&app, TREY_ADMIN).len();
    let before = trey_mail();
    // The demo's relationship of Trey Research with Wide World Importers
    // ends in 20 days, without auto-extend.
    let run = run_due(&mut app.conn(), app.now()).unwrap();
    assert_eq!(run.warned, 1, "{run:?}");
    assert_eq!(trey_mail(), before + 1);
    assert_eq!(run_due(&mut app.conn(), app.now()).unwrap().warned, 0);

    app.clock.advance(chrono::Duration::days(14));
    assert_eq!(run_due(&mut app.conn(), app.now()).unwrap().warned, 1);
    assert_eq!(run_due(&mut app.conn(), app.now()).unwrap().warned, 0);
    app.clock
        .advance(chrono::Duration::days(5) + chrono::Duration::hours(12));
    assert_eq!(run_due(&mut app.conn(), app.now()).unwrap().warned, 1);
    assert_eq!(trey_mail(), before + 3);

    let trey = app.signed_in(TREY_ADMIN).await;
    let list = trey.get("/partner/notifications").await;
    let said = list.texts("ol.notifications > li");
    assert!(
        said[0].contains("with Wide World Importers ends in 1 day"),
        "{said:?}"
    );
    assert!(said[1].contains("ends in 6 days"), "{said:?}");
    assert!(said[2].contains("ends in 20 days"), "{said:?}");
}
