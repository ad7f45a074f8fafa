//! The REST API's rate limits: per key and per partner, counted in the
//! database in one-minute windows (shared by every server), 429 with
//! `Retry-After` past them, and nothing done or changed by a refused request.

use chrono::Duration;
use diesel::prelude::*;
use futures_util::future::join_all;
use reqwest::StatusCode;
use serde_json::{Value, json};
use support_contacts::db::schema::{api_keys, api_rate_windows};

use crate::helpers::*;

const PATH: &str = "/v1/profiles/support";

struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

async fn get(client: &reqwest::Client, base: &str, key: &str) -> Answer {
    let response = client
        .get(format!("{base}{PATH}"))
        .bearer_auth(key)
        .send()
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"));
    Answer {
        status,
        headers,
        body,
    }
}

/// Statuses of `n` requests made one after the other.
async fn statuses(app: &TestApp, key: &str, n: usize) -> Vec<u16> {
    let client = reqwest::Client::new();
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(get(&client, &app.base, key).await.status.as_u16());
    }
    out
}

/// A key acting as `email`, made by an operator; its secret.
fn key_for(app: &TestApp, email: &str, name: &str) -> String {
    app.api_key(email, name)
}

/// The demo app with these limits (requests a minute; 0: off).
async fn spawn_limited(per_key: u32, per_partner: u32) -> TestApp {
    spawn_with(|settings| {
        settings.api_rate_per_key = per_key;
        settings.api_rate_per_partner = per_partner;
    })
    .await
}

fn too_many(description: &str) -> Value {
    json!({
        "code": 900429,
        "description": description,
        "data": [],
        "source": "support-contacts",
    })
}

/// Every counter row: (scope, window start, requests).
fn counters(app: &TestApp) -> Vec<(String, chrono::NaiveDateTime, i32)> {
    api_rate_windows::table
        .order((api_rate_windows::scope, api_rate_windows::window_start))
        .select((
            api_rate_windows::scope,
            api_rate_windows::window_start,
            api_rate_windows::requests,
        ))
        .load(&mut app.conn())
        .unwrap()
}

fn requests_counted(app: &TestApp, scope_prefix: &str) -> i64 {
    counters(app)
        .into_iter()
        .filter(|(scope, _, _)| scope.starts_with(scope_prefix))
        .map(|(_, _, n)| i64::from(n))
        .sum()
}

fn last_used(app: &TestApp, name: &str) -> Option<chrono::NaiveDateTime> {
    api_keys::table
        .filter(api_keys::name.eq(name))
        .select(api_keys::last_used_at)
        .first(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn a_key_past_its_limit_gets_429_with_retry_after_until_the_minute_ends() {
    let app = spawn_limited(3, 0).await;
    let key = key_for(&app, CONTOSO_ADMIN, "Nightly sync");
    let client = reqwest::Client::new();
    assert_eq!(statuses(&app, &key, 3).await, vec![200, 200, 200]);

    // The app's clock starts on the minute: 09:30:00.
    let refused = get(&client, &app.base, &key).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(refused.headers["retry-after"], "60");
    assert_eq!(refused.headers["content-type"], "application/json");
    assert_eq!(refused.headers["cache-control"], "no-store");
    assert_eq!(
        refused.body,
        too_many("Too many requests: this API key may make 3 a minute. Try again in 60 seconds.")
    );

    app.clock.advance(Duration::milliseconds(41_500));
    let later = get(&client, &app.base, &key).await;
    assert_eq!(later.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(later.headers["retry-after"], "19", "rounded up");

    // Refused requests are counted nowhere.
    assert_eq!(requests_counted(&app, "key:"), 3);
    assert_eq!(requests_counted(&app, "partner:"), 0, "that limit is off");

    // Another key of the same partner has a limit of its own.
    let other = key_for(&app, CONTOSO_ADMIN, "Reporting");
    assert_eq!(statuses(&app, &other, 3).await, vec![200, 200, 200]);

    // The next minute, the key is served again.
    app.clock.advance(Duration::milliseconds(18_500));
    assert_eq!(statuses(&app, &key, 4).await, vec![200, 200, 200, 429]);
}

#[actix_web::test]
async fn a_partners_limit_holds_across_its_keys_and_leaves_other_partners_alone() {
    let app = spawn_limited(0, 3).await;
    let first = key_for(&app, CONTOSO_ADMIN, "First");
    let second = key_for(&app, CONTOSO_ADMIN, "Second");
    let helpdesk = key_for(&app, HELPDESK, "Helpdesk");
    let adatum = key_for(&app, ADATUM_ADMIN, "Adatum");
    let client = reqwest::Client::new();

    assert_eq!(statuses(&app, &first, 2).await, vec![200, 200]);
    assert_eq!(statuses(&app, &second, 1).await, vec![200]);
    let partner_limit = too_many(
        "Too many requests: this partner's API keys together may make 3 a minute. Try again in 60 seconds.",
    );
    for key in [&first, &second, &helpdesk] {
        let refused = get(&client, &app.base, key).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(refused.headers["retry-after"], "60");
        assert_eq!(refused.body, partner_limit);
    }
    // The refused request changed nothing: the helpdesk key was never used.
    assert_eq!(last_used(&app, "Helpdesk"), None);
    assert_eq!(last_used(&app, "First"), Some(start_time().naive_utc()));

    // Another partner's keys are not affected.
    let answer = get(&client, &app.base, &adatum).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.body["email"], "support@adatum-cloud.example");
    assert_eq!(statuses(&app, &adatum, 2).await, vec![200, 200]);
    assert_eq!(statuses(&app, &adatum, 1).await, vec![429]);

    app.clock.advance(Duration::minutes(1));
    assert_eq!(statuses(&app, &helpdesk, 1).await, vec![200]);
    assert_eq!(
        last_used(&app, "Helpdesk"),
        Some(start_time().naive_utc() + Duration::minutes(1))
    );
}

#[actix_web::test]
async fn a_key_within_its_own_limit_is_still_held_to_its_partners() {
    let app = spawn_limited(2, 3).await;
    let first = key_for(&app, CONTOSO_ADMIN, "First");
    let second = key_for(&app, CONTOSO_ADMIN, "Second");
    let client = reqwest::Client::new();
    // The first key's refusal by its own limit takes nothing from the partner's.
    assert_eq!(statuses(&app, &first, 4).await, vec![200, 200, 429, 429]);
    assert_eq!(statuses(&app, &second, 1).await, vec![200]);
    let refused = get(&client, &app.base, &second).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(
        refused.body["description"]
            .as_str()
            .unwrap()
            .contains("this partner's API keys together may make 3 a minute"),
        "{}",
        refused.body
    );
    // Refused by the partner's limit, the second key's count is not taken either.
    let second_id: String = api_keys::table
        .filter(api_keys::name.eq("Second"))
        .select(api_keys::id)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(requests_counted(&app, &format!("key:{second_id}")), 1);
    assert_eq!(requests_counted(&app, "partner:"), 3);
}

#[actix_web::test]
async fn requests_with_a_bad_key_are_counted_against_nobody() {
    let app = spawn_limited(1, 1).await;
    let key = key_for(&app, CONTOSO_ADMIN, "Good");
    let client = reqwest::Client::new();
    for bad in [
        format!("{key}x"),
        "sc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(),
    ] {
        for _ in 0..3 {
            let answer = get(&client, &app.base, &bad).await;
            assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
            assert_eq!(answer.body["code"], 900401);
        }
    }
    assert!(counters(&app).is_empty());
    assert_eq!(statuses(&app, &key, 2).await, vec![200, 429]);
    // A bad key is told it is bad, not that someone else is over a limit.
    let bad = get(&client, &app.base, &format!("{key}x")).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn requests_at_once_are_counted_exactly() {
    let app = spawn_limited(10, 0).await;
    let key = key_for(&app, CONTOSO_ADMIN, "Parallel");
    let client = reqwest::Client::new();
    let answers = join_all((0..40).map(|_| get(&client, &app.base, &key))).await;
    let served = answers
        .iter()
        .filter(|a| a.status == StatusCode::OK)
        .count();
    let refused = answers
        .iter()
        .filter(|a| a.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((served, refused), (10, 30));
    assert_eq!(requests_counted(&app, "key:"), 10);
}

#[actix_web::test]
async fn a_second_server_on_the_same_database_shares_the_count() {
    let app = spawn_limited(4, 0).await;
    let second = app.second_server();
    let key = key_for(&app, CONTOSO_ADMIN, "Two servers");
    let client = reqwest::Client::new();
    for base in [&app.base, &second, &app.base, &second] {
        assert_eq!(get(&client, base, &key).await.status, StatusCode::OK);
    }
    for base in [&app.base, &second] {
        let refused = get(&client, base, &key).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{base}");
        assert_eq!(refused.headers["retry-after"], "60");
    }
}

#[actix_web::test]
async fn windows_that_are_over_are_deleted_as_new_ones_begin() {
    let app = spawn_limited(5, 50).await;
    let key = key_for(&app, CONTOSO_ADMIN, "Long running");
    let t0 = start_time().naive_utc();
    assert_eq!(statuses(&app, &key, 2).await, vec![200, 200]);
    app.clock.advance(Duration::minutes(1));
    assert_eq!(statuses(&app, &key, 1).await, vec![200]);
    app.clock.advance(Duration::minutes(1));
    assert_eq!(statuses(&app, &key, 1).await, vec![200]);
    let starts = |app: &TestApp| {
        let mut starts: Vec<_> = counters(app).into_iter().map(|(_, at, _)| at).collect();
        starts.sort();
        starts.dedup();
        starts
    };
    let minute = Duration::minutes(1);
    assert_eq!(starts(&app), vec![t0, t0 + minute, t0 + minute * 2]);
    // The fourth minute forgets the first.
    app.clock.advance(Duration::seconds(75));
    assert_eq!(statuses(&app, &key, 1).await, vec![200]);
    assert_eq!(
        starts(&app),
        vec![t0 + minute, t0 + minute * 2, t0 + minute * 3]
    );
    // Each window keeps its own count, key and partner.
    let rows: Vec<i32> = counters(&app).into_iter().map(|(_, _, n)| n).collect();
    assert_eq!(rows, vec![1, 1, 1, 1, 1, 1]);
}

#[actix_web::test]
async fn limits_of_zero_turn_counting_off() {
    let app = spawn_limited(0, 0).await;
    let key = key_for(&app, CONTOSO_ADMIN, "Unlimited");
    assert!(statuses(&app, &key, 20).await.iter().all(|s| *s == 200));
    assert!(counters(&app).is_empty());
}
