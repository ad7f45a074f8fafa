//! Time moves contacts: GDAP relationships that reach their end expire (or
//! auto-extend) with nobody clicking, and a reseller that stops being
//! eligible gives its subscriptions back to their provider, once, however
//! many servers run the job.

use chrono::Duration;
use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::app::gdap::{self, JobRun};
use support_contacts::db::schema::{audit_log as a, gdap_relationships as g, relationships as r};
use support_contacts::domain::gdap::{NewRelationship, Role, Roles};
use support_contacts::domain::{GdapId, TenantId};

use crate::helpers::*;

/// Trey Research's GDAP relationship with Wide World Importers (the demo's:
/// it ends in 20 days): its id.
fn trey_at_wwi(app: &TestApp) -> String {
    g::table
        .filter(g::partner_tenant_id.eq(TREY_RESEARCH))
        .filter(g::customer_tenant_id.eq(WWI))
        .select(g::id)
        .first(&mut app.conn())
        .unwrap()
}

fn status_of(app: &TestApp, id: &str) -> (String, Option<chrono::NaiveDateTime>) {
    g::table
        .find(id)
        .select((g::status, g::end_at))
        .first(&mut app.conn())
        .unwrap()
}

/// The audit rows of an action, as (subscription, detail).
fn audited(app: &TestApp, action: &str) -> Vec<(Option<String>, String)> {
    a::table
        .filter(a::action.eq(action))
        .order(a::id)
        .select((a::subscription_id, a::detail))
        .load(&mut app.conn())
        .unwrap()
}

fn run_job(app: &TestApp) -> JobRun {
    gdap::run_due(&mut app.conn(), app.now()).unwrap()
}

#[actix_web::test]
async fn rule_2_expiry_at_the_end_date_sends_the_resellers_contacts_back_once() {
    let app = spawn_app().await;
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let chosen = submit_contact(&contoso, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER, "{}", chosen.body);
    assert_eq!(app.stored_contact(WWI_OFFICE_365).0, TREY_RESEARCH);
    let id = trey_at_wwi(&app);

    // Nothing is due before the end but the last day's warning.
    app.clock.advance(Duration::days(19));
    assert_eq!(
        run_job(&app),
        JobRun {
            warned: 1,
            ..JobRun::default()
        }
    );
    assert_eq!(status_of(&app, &id).0, "active");

    // Past the end, before the job runs: already not a choice, with the date.
    app.clock.advance(Duration::days(2));
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let page = contoso.get(&subscription_path(WWI, WWI_M365_E3)).await;
    let choices = page.values("input[name=support_contact]", "value");
    assert!(!choices.contains(&TREY_RESEARCH.to_owned()), "{choices:?}");
    let trey = page
        .texts("tr[data-reason=gdap_expired]")
        .into_iter()
        .find(|row| row.contains("Trey Research"))
        .unwrap_or_else(|| panic!("{:?}", page.texts(".not-eligible tbody tr")));
    assert!(trey.contains("ended on"), "{trey}");

    let run = run_job(&app);
    assert_eq!(
        run,
        JobRun {
            expired: 1,
            reverted: 1,
            ..JobRun::default()
        }
    );
    assert_eq!(status_of(&app, &id).0, "expired");
    assert_eq!(app.stored_contact(WWI_OFFICE_365).0, CONTOSO);
    assert_eq!(
        audited(&app, "support_contact.reverted"),
        [(Some(WWI_OFFICE_365.to_owned()), "gdap.expired".to_owned())]
    );
    assert_eq!(audited(&app, "gdap.expired").len(), 1);

    // Again: nothing left to do, nothing written.
    let rows = app.audit_rows();
    assert_eq!(run_job(&app), JobRun::default());
    assert_eq!(app.audit_rows(), rows);

    // The customer sees its provider again.
    let wwi = app.signed_in(WWI_ADMIN).await;
    let support = wwi.get("/admin/support").await.text();
    assert!(support.contains("Contoso Distribution"), "{support}");
}

#[actix_web::test]
async fn auto_extend_moves_the_end_by_180_days_and_the_reseller_stays_a_choice() {
    let app = spawn_app().await;
    let id = trey_at_wwi(&app);
    diesel::update(g::table.find(&id))
        .set(g::auto_extend.eq(true))
        .execute(&mut app.conn())
        .unwrap();
    let (_, end) = status_of(&app, &id);
    let end = end.unwrap();
    app.clock.advance(Duration::days(21));
    let run = run_job(&app);
    assert_eq!(
        run,
        JobRun {
            extended: 1,
            ..JobRun::default()
        }
    );
    assert_eq!(
        status_of(&app, &id),
        ("active".to_owned(), Some(end + Duration::days(180)))
    );
    assert_eq!(audited(&app, "gdap.extended").len(), 1);
    let contoso = app.signed_in(CONTOSO_ADMIN).await;
    let page = contoso.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    assert!(
        page.values("input[name=support_contact]", "value")
            .contains(&TREY_RESEARCH.to_owned())
    );
    assert_eq!(run_job(&app), JobRun::default(), "extended once");
}

#[actix_web::test]
async fn an_unanswered_request_lapses_after_90_days_and_its_link_stops_working() {
    let app = spawn_app().await;
    let customer = TenantId::parse(WWI).unwrap();
    let id = GdapId::new_random();
    let new = NewRelationship::check(
        "Fabrikam helpdesk",
        Roles::NONE.with(Role::HelpdeskAdministrator),
        Ok(365),
        false,
    )
    .unwrap();
    let token = support_contacts::store::gdap::insert(
        &mut app.conn(),
        &id,
        &TenantId::parse(FABRIKAM).unwrap(),
        &customer,
        &new,
        app.now(),
    )
    .unwrap();
    app.clock.advance(Duration::days(89));
    assert_eq!(run_job(&app).lapsed, 0);
    assert_eq!(status_of(&app, id.as_str()).0, "approvalPending");
    app.clock.advance(Duration::days(1));
    assert_eq!(run_job(&app).lapsed, 1);
    assert_eq!(status_of(&app, id.as_str()).0, "expired");
    assert!(
        support_contacts::store::gdap::by_token(&mut app.conn(), &token)
            .unwrap()
            .is_none(),
        "the link is used up"
    );
}

/// Trey Research's relationships without delegated access (no legacy DAP,
/// no GDAP): the crowd's customers where it can be given some.
fn trey_without_access(app: &TestApp) -> Vec<String> {
    let with_gdap: Vec<String> = g::table
        .filter(g::partner_tenant_id.eq(TREY_RESEARCH))
        .select(g::customer_tenant_id)
        .load(&mut app.conn())
        .unwrap();
    r::table
        .filter(r::partner_tenant_id.eq(TREY_RESEARCH))
        .filter(r::state.eq("active"))
        .filter(r::delegated_admin.eq(false))
        .filter(r::customer_tenant_id.ne_all(with_gdap))
        .order(r::customer_tenant_id)
        .select(r::customer_tenant_id)
        .load(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn two_servers_running_the_job_at_once_change_each_relationship_once() {
    let app = spawn_app().await;
    let customers = trey_without_access(&app);
    assert!(customers.len() >= 5, "{customers:?}");
    let trey = TenantId::parse(TREY_RESEARCH).unwrap();
    let contoso = TenantId::parse(CONTOSO).unwrap();
    // A GDAP relationship at each, approved a year ago for a year and five
    // days, and Trey made the contact of Contoso's subscriptions there.
    let approved = app.now() - Duration::days(365);
    let mut assigned = 0;
    for (n, customer) in customers.iter().enumerate() {
        let customer = TenantId::parse(customer).unwrap();
        let new = NewRelationship::check(
            &format!("Trey crowd {n}"),
            Roles::NONE.with(Role::ServiceSupportAdministrator),
            Ok(370),
            false,
        )
        .unwrap();
        let id = GdapId::new_random();
        let mut conn = app.conn();
        support_contacts::store::gdap::insert(&mut conn, &id, &trey, &customer, &new, approved)
            .unwrap();
        let made = support_contacts::store::gdap::get_for_partner(&mut conn, &trey, &id)
            .unwrap()
            .unwrap();
        support_contacts::store::gdap::approve(&mut conn, &made, approved).unwrap();
        for s in
            support_contacts::store::subscriptions::list_transacted(&mut conn, &contoso, &customer)
                .unwrap()
        {
            let assignment = support_contacts::app::contacts::AssignContact {
                customer: customer.clone(),
                subscription: s.id.clone(),
                version: s.version,
                contact: trey.clone(),
            };
            support_contacts::app::contacts::assign_as_operator(
                &mut conn,
                &support_contacts::store::audit::Actor::command_line(),
                &contoso,
                &customer,
                &assignment,
                app.now(),
            )
            .unwrap();
            assigned += 1;
        }
    }
    assert!(assigned >= customers.len());
    // Past every end (Wide World Importers' too), both servers at once.
    app.clock.advance(Duration::days(21));
    let now = app.now();
    let barrier = std::sync::Barrier::new(2);
    let runs: Vec<JobRun> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let (app, barrier) = (&app, &barrier);
                scope.spawn(move || {
                    let mut conn = app.conn();
                    barrier.wait();
                    gdap::run_due(&mut conn, now).unwrap()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let expired: usize = runs.iter().map(|r| r.expired).sum();
    let reverted: usize = runs.iter().map(|r| r.reverted).sum();
    assert_eq!(expired, customers.len() + 1, "{runs:?}");
    assert_eq!(reverted, assigned, "{runs:?}");
    assert_eq!(audited(&app, "gdap.expired").len(), customers.len() + 1);
    let reverted_rows = audited(&app, "support_contact.reverted");
    assert_eq!(reverted_rows.len(), assigned);
    let mut subscriptions: Vec<_> = reverted_rows.iter().map(|(s, _)| s.clone()).collect();
    subscriptions.sort();
    subscriptions.dedup();
    assert_eq!(subscriptions.len(), assigned, "each subscription once");
    assert_eq!(run_job(&app), JobRun::default());
}

/// `GET` or `PUT` with a key; the status and the JSON body.
async fn api(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    key: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let client = reqwest::Client::new();
    let mut request = client
        .request(method, format!("{}{path}", app.base))
        .bearer_auth(key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap())
}

#[actix_web::test]
async fn the_api_lists_relationships_in_graphs_shape_and_800016_says_when_gdap_is_the_cause() {
    let app = spawn_app().await;
    let trey = app.api_key(TREY_ADMIN, "gdap");
    let (status, body) = api(
        &app,
        reqwest::Method::GET,
        "/v1/delegatedAdminRelationships",
        &trey,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let at_wwi = body["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["customer"]["tenantId"] == WWI)
        .expect("the relationship with Wide World Importers")
        .clone();
    assert_eq!(at_wwi["status"], "expiring", "20 days left");
    assert_eq!(at_wwi["duration"], "P730D");
    assert_eq!(at_wwi["autoExtendDuration"], "PT0S");
    assert_eq!(at_wwi["customer"]["displayName"], "Wide World Importers");
    let roles: Vec<&str> = at_wwi["accessDetails"]["unifiedRoles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["roleDefinitionId"].as_str().unwrap())
        .collect();
    assert!(roles.contains(&Role::HelpdeskAdministrator.definition_id()));
    assert!(at_wwi["endDateTime"].as_str().unwrap().ends_with('Z'));
    let id = at_wwi["id"].as_str().unwrap().to_owned();
    let one = format!("/v1/delegatedAdminRelationships/{id}");
    let (status, body) = api(&app, reqwest::Method::GET, &one, &trey, None).await;
    assert_eq!(
        (status, body["displayName"].clone()),
        (StatusCode::OK, at_wwi["displayName"].clone())
    );
    // Another partner's relationship is not there for it.
    let contoso = app.api_key(CONTOSO_ADMIN, "gdap");
    let (status, _) = api(&app, reqwest::Method::GET, &one, &contoso, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Past its end: expired, and the provider's PUT says GDAP is the cause.
    app.clock.advance(Duration::days(21));
    let (_, body) = api(&app, reqwest::Method::GET, &one, &trey, None).await;
    assert_eq!(body["status"], "expired");
    let path = format!("/v1/customers/{WWI}/subscriptions/{WWI_OFFICE_365}/supportcontact");
    let (status, body) = api(
        &app,
        reqwest::Method::PUT,
        &path,
        &contoso,
        Some(serde_json::json!({"supportTenantId": TREY_RESEARCH})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], 800016);
    let description = body["description"].as_str().unwrap();
    assert!(
        description.contains("its GDAP relationship with Wide World Importers ended on"),
        "{description}"
    );
    assert_eq!(app.stored_contact(WWI_OFFICE_365).0, CONTOSO);
}
