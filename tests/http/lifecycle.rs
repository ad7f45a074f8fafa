//! The real binary through crashes, shutdowns and its logs: nothing
//! acknowledged is lost to `kill -9`, SIGTERM lets the request in flight
//! finish, and `LOG_FORMAT=json` writes one JSON object per line.

use std::collections::HashMap;

use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::{audit_log, subscriptions};
use support_contacts::db::{self, DatabaseUrl};

use crate::helpers::*;
use crate::process::ServerProcess;

/// A subscription as the database holds it.
#[derive(Debug, Clone)]
struct Stored {
    customer: String,
    contact: String,
    version: i32,
}

/// Subscriptions Contoso may move between itself and Trey Research (which
/// holds DAP with their customers): the ones the stream below toggles.
fn toggled_subscriptions(path: &std::path::Path, count: i64) -> HashMap<String, Stored> {
    let mut conn = db::connect(&DatabaseUrl::Sqlite(path.to_owned())).unwrap();
    subscriptions::table
        .filter(subscriptions::provider_tenant_id.eq(CONTOSO))
        .filter(subscriptions::reseller_tenant_id.eq(TREY_RESEARCH))
        .filter(subscriptions::status.eq("active"))
        .order(subscriptions::id)
        .limit(count)
        .select((
            subscriptions::id,
            subscriptions::customer_tenant_id,
            subscriptions::support_contact_tenant_id,
            subscriptions::version,
        ))
        .load::<(String, String, String, i32)>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|(id, customer, contact, version)| {
            (
                id,
                Stored {
                    customer,
                    contact,
                    version,
                },
            )
        })
        .collect()
}

fn other_contact(contact: &str) -> &'static str {
    if contact == CONTOSO {
        TREY_RESEARCH
    } else {
        CONTOSO
    }
}

/// What the server said to one assignment in the stream.
enum Answer {
    /// 303: the change is acknowledged, at this version.
    Acknowledged { subscription: String, version: i32 },
    /// Anything else the server answered (never expected).
    Refused(StatusCode),
}

#[actix_web::test]
async fn every_acknowledged_assignment_survives_kill_9_and_the_database_stays_intact() {
    if suite_on_postgres() {
        // This is about the embedded SQLite file; it runs in the SQLite pass.
        return;
    }
    const ROUNDS: usize = 3;
    const WRITERS: i64 = 6;
    const ACKNOWLEDGED_BEFORE_KILL: usize = 30;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    let path_text = path.to_str().unwrap().to_owned();
    let env = [("DATABASE_URL", path_text.as_str())];

    for round in 0..ROUNDS {
        let mut server = ServerProcess::start(&env);
        let before = toggled_subscriptions(&path, WRITERS);
        assert_eq!(before.len(), WRITERS as usize);
        let browser = Browser::at(&server.base);
        let signed_in = browser.sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None).await;
        assert_eq!(signed_in.status, StatusCode::SEE_OTHER);
        let token = browser.get("/partner").await.csrf_token();

        // One writer per subscription, each sending its next change as soon
        // as the last was answered, until the server dies under it.
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut writers = Vec::new();
        for (id, stored) in &before {
            let (tx, client, token) = (tx.clone(), browser.client.clone(), token.clone());
            let url = format!(
                "{}{}/support-contact",
                server.base,
                subscription_path(&stored.customer, id)
            );
            let (id, mut stored) = (id.clone(), stored.clone());
            writers.push(actix_web::rt::spawn(async move {
                loop {
                    let next = other_contact(&stored.contact);
                    let version = stored.version.to_string();
                    let sent = client
                        .post(&url)
                        .form(&[
                            ("csrf_token", token.as_str()),
                            ("version", version.as_str()),
                            ("support_contact", next),
                        ])
                        .send()
                        .await;
                    let Ok(response) = sent else {
                        return; // the server is gone
                    };
                    if response.status() != StatusCode::SEE_OTHER {
                        let _ = tx.send(Answer::Refused(response.status()));
                        return;
                    }
                    stored.version += 1;
                    stored.contact = next.to_owned();
                    let _ = tx.send(Answer::Acknowledged {
                        subscription: id.clone(),
                        version: stored.version,
                    });
                }
            }));
        }
        drop(tx);

        let mut acknowledged: HashMap<String, i32> = HashMap::new();
        let mut count = 0;
        while count < ACKNOWLEDGED_BEFORE_KILL {
            match rx.recv().await.expect("the writers keep going") {
                Answer::Acknowledged {
                    subscription,
                    version,
                } => {
                    acknowledged.insert(subscription, version);
                    count += 1;
                }
                Answer::Refused(status) => panic!("round {round}: an assignment got {status}"),
            }
        }
        // Mid-stream: every writer has a request in flight or about to be.
        server.kill_now();
        for writer in writers {
            writer.await.unwrap();
        }
        while let Ok(answer) = rx.try_recv() {
            match answer {
                Answer::Acknowledged {
                    subscription,
                    version,
                } => {
                    acknowledged.insert(subscription, version);
                }
                Answer::Refused(status) => {
                    panic!("round {round}: an assignment got {status}")
                }
            }
        }

        let mut conn = db::connect(&DatabaseUrl::Sqlite(path.clone())).unwrap();
        #[derive(QueryableByName)]
        struct Check {
            #[diesel(sql_type = diesel::sql_types::Text)]
            integrity_check: String,
        }
        let checks: Vec<Check> = diesel::sql_query("PRAGMA integrity_check")
            .load(&mut conn)
            .unwrap();
        let checks: Vec<String> = checks.into_iter().map(|c| c.integrity_check).collect();
        assert_eq!(checks, ["ok"], "round {round}: integrity_check");

        let after = toggled_subscriptions(&path, WRITERS);
        for (id, stored) in &after {
            let last_acknowledged = acknowledged.get(id).copied().unwrap_or(before[id].version);
            // Each writer had at most one change in flight when the server
            // died: it may or may not have committed; the rest must have.
            assert!(
                stored.version == last_acknowledged || stored.version == last_acknowledged + 1,
                "round {round}: {id} holds version {} after version {last_acknowledged} was acknowledged",
                stored.version
            );
            let expected_contact = if (stored.version - before[id].version) % 2 == 0 {
                before[id].contact.as_str()
            } else {
                other_contact(&before[id].contact)
            };
            assert_eq!(stored.contact, expected_contact, "round {round}: {id}");
            // The audit row is written in the same transaction: one per change.
            let changes: i64 = audit_log::table
                .filter(audit_log::subscription_id.eq(id))
                .filter(audit_log::action.eq("support_contact.changed"))
                .count()
                .get_result(&mut conn)
                .unwrap();
            assert_eq!(
                changes,
                i64::from(stored.version - 1),
                "round {round}: {id}: one audit row per version"
            );
        }
        assert!(
            acknowledged.len() > 1,
            "round {round}: the writers ran side by side"
        );
    }

    // After the last crash the server starts, is ready, and shows the last change.
    let server = ServerProcess::start(&env);
    let browser = Browser::at(&server.base);
    assert_eq!(browser.get("/readyz").await.status, StatusCode::OK);
    browser.sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None).await;
    let (id, stored) = toggled_subscriptions(&path, 1).into_iter().next().unwrap();
    let page = browser.get(&subscription_path(&stored.customer, &id)).await;
    assert_eq!(
        page.values("input[name=version]", "value"),
        [stored.version.to_string()]
    );
}

#[actix_web::test]
async fn sigterm_lets_requests_in_flight_finish_answers_not_ready_and_exits_0() {
    if suite_on_postgres() {
        return; // one server process on SQLite is enough to show it
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shutdown.db");
    let path_text = path.to_str().unwrap().to_owned();
    let mut server = ServerProcess::start(&[
        ("DATABASE_URL", path_text.as_str()),
        ("SHUTDOWN_TIMEOUT", "30"),
        // One connection: the readiness probe below queues behind the assignment.
        ("DATABASE_POOL_SIZE", "1"),
        ("DATABASE_POOL_TIMEOUT", "60"),
        (
            "RUST_LOG",
            "info,support_contacts::web::logging=debug,support_contacts::db=debug",
        ),
    ]);
    let browser = Browser::at(&server.base);
    browser.sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None).await;
    let page = browser.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    let (token, version) = (
        page.csrf_token(),
        page.values("input[name=version]", "value").pop().unwrap(),
    );

    // A slow request: another process holds SQLite's write lock, so the
    // assignment waits for it (within the busy timeout), holding the only
    // database connection.
    let mut holder = db::connect(&DatabaseUrl::Sqlite(path.clone())).unwrap();
    diesel::connection::SimpleConnection::batch_execute(&mut holder, "BEGIN IMMEDIATE").unwrap();
    let assignment = {
        let client = browser.client.clone();
        let url = format!(
            "{}{}/support-contact",
            server.base,
            subscription_path(WWI, WWI_OFFICE_365)
        );
        actix_web::rt::spawn(async move {
            let response = client
                .post(url)
                .form(&[
                    ("csrf_token", token.as_str()),
                    ("version", version.as_str()),
                    ("support_contact", TREY_RESEARCH),
                ])
                .send()
                .await?;
            Ok::<_, reqwest::Error>(response.status())
        })
    };
    server
        .lines_until(|l| l.contains("waiting for the write lock") && l.contains("/support-contact"))
        .await;
    // A load balancer's probe, on a connection of its own, queued for that
    // database connection.
    let probe = {
        let url = format!("{}/readyz", server.base);
        actix_web::rt::spawn(async move {
            let response = reqwest::get(url).await?;
            Ok::<_, reqwest::Error>((response.status(), response.text().await?))
        })
    };
    server
        .lines_until(|l| l.contains("request started") && l.contains("/readyz"))
        .await;

    server.terminate();
    server.lines_until(|l| l.contains("shutting down")).await;
    // The lock goes: both requests in flight complete.
    diesel::connection::SimpleConnection::batch_execute(&mut holder, "COMMIT").unwrap();
    assert_eq!(
        assignment
            .await
            .unwrap()
            .expect("the assignment is answered"),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        probe.await.unwrap().expect("the probe is answered"),
        (
            StatusCode::SERVICE_UNAVAILABLE,
            "shutting down\n".to_owned()
        ),
        "not ready once shutdown has begun"
    );

    let status = server.wait();
    assert!(status.success(), "exit status {status:?}");
    let contact: String = subscriptions::table
        .find(WWI_OFFICE_365)
        .select(subscriptions::support_contact_tenant_id)
        .first(&mut holder)
        .unwrap();
    assert_eq!(
        contact, TREY_RESEARCH,
        "the change made during shutdown is kept"
    );
}

#[actix_web::test]
async fn json_logs_are_one_object_per_line_with_the_request_fields() {
    if suite_on_postgres() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("json.db");
    let path_text = path.to_str().unwrap().to_owned();
    let mut server =
        ServerProcess::start(&[("DATABASE_URL", path_text.as_str()), ("LOG_FORMAT", "json")]);
    let browser = Browser::at(&server.base);
    let refused = browser
        .sign_in(CONTOSO_ADMIN, "not-the-password-at-all", None)
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);

    let lines = server
        .lines_until(|l| {
            serde_json::from_str::<serde_json::Value>(l).is_ok_and(|v| {
                v["fields"]["message"] == "request handled" && v["fields"]["status"] == 401
            })
        })
        .await;
    let objects: Vec<serde_json::Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let handled = objects.last().unwrap();
    assert_eq!(handled["fields"]["status"], 401);
    assert_eq!(handled["span"]["route"], "/login");
    assert_eq!(handled["span"]["method"], "POST");
    assert!(
        handled["span"]["request_id"]
            .as_str()
            .is_some_and(|id| !id.is_empty())
    );
    assert!(handled["fields"]["duration_ms"].is_string());
    for line in &lines {
        assert!(
            !line.contains("not-the-password-at-all"),
            "a password was logged: {line}"
        );
    }
}
