//! Several servers on one PostgreSQL, and moving a database between backends.
//! Skipped (with one line) where PostgreSQL does not answer.

use diesel::prelude::*;
use reqwest::StatusCode;
use support_contacts::db::schema::{audit_log, partners, subscriptions, users};
use support_contacts::db::{self, DatabaseUrl};

use crate::helpers::*;
use crate::process::ServerProcess;

fn session_key() -> String {
    support_contacts::config::SessionKey::generate().to_base64()
}

#[actix_web::test]
async fn two_servers_share_sessions_and_exactly_one_of_two_conflicting_changes_wins() {
    let Some(admin) = postgres_or_skip() else {
        return;
    };
    let database = PostgresDatabase::create(&admin);
    let key = session_key();
    let env = [
        ("DATABASE_URL", database.url.as_str()),
        ("SESSION_KEY", key.as_str()),
        ("SEED_DEMO", "1"),
    ];
    // Started together: migrations and the demo happen once, under the lock.
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| ServerProcess::start(&env));
        let b = s.spawn(|| ServerProcess::start(&env));
        (a.join().unwrap(), b.join().unwrap())
    });
    let url = DatabaseUrl::Postgres(database.url.clone());
    let mut conn = db::connect(&url).unwrap();
    let partner_rows: i64 = partners::table.count().get_result(&mut conn).unwrap();
    let user_rows: i64 = users::table.count().get_result(&mut conn).unwrap();
    assert_eq!(
        (partner_rows, user_rows),
        (6, 6),
        "the demo was loaded once"
    );

    // Signed in through A, the same cookie works on B.
    let browser = Browser::at(&a.base);
    assert_eq!(
        browser
            .sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let on_b = Browser {
        base: b.base.clone(),
        client: browser.client.clone(),
    };
    let page = on_b.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "the session started on A is valid on B"
    );
    let token = page.csrf_token();

    let audit_before: i64 = audit_log::table.count().get_result(&mut conn).unwrap();
    let path = format!("{}/support-contact", subscription_path(WWI, WWI_OFFICE_365));
    const ROUNDS: i32 = 8;
    for round in 0..ROUNDS {
        let version = (round + 1).to_string();
        let choice = if round % 2 == 0 {
            TREY_RESEARCH
        } else {
            CONTOSO
        };
        let send = |base: String| {
            let client = browser.client.clone();
            let fields = [
                ("csrf_token", token.clone()),
                ("version", version.clone()),
                ("support_contact", choice.to_owned()),
            ];
            let path = path.clone();
            async move {
                client
                    .post(format!("{base}{path}"))
                    .form(&fields)
                    .send()
                    .await
                    .unwrap()
                    .status()
            }
        };
        let (via_a, via_b) =
            futures_util::future::join(send(a.base.clone()), send(b.base.clone())).await;
        let mut statuses = [via_a, via_b];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::SEE_OTHER, StatusCode::CONFLICT],
            "round {round}: exactly one wins"
        );
        // The change made through one server is seen at once through the other.
        let seen_on_b = on_b.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
        assert_eq!(
            seen_on_b.values("input[name=version]", "value"),
            vec![(round + 2).to_string()]
        );
    }

    let (contact, version): (String, i32) = subscriptions::table
        .find(WWI_OFFICE_365)
        .select((
            subscriptions::support_contact_tenant_id,
            subscriptions::version,
        ))
        .first(&mut conn)
        .unwrap();
    assert_eq!(version, ROUNDS + 1);
    assert_eq!(contact, CONTOSO);
    // One audit row per change, chained: each starts where the last ended.
    let changes: Vec<(Option<String>, Option<String>)> = audit_log::table
        .filter(audit_log::subscription_id.eq(WWI_OFFICE_365))
        .filter(audit_log::action.eq("support_contact.changed"))
        .order(audit_log::id)
        .select((
            audit_log::from_partner_tenant_id,
            audit_log::to_partner_tenant_id,
        ))
        .load(&mut conn)
        .unwrap();
    assert_eq!(changes.len(), ROUNDS as usize);
    let audit_after: i64 = audit_log::table.count().get_result(&mut conn).unwrap();
    assert_eq!(audit_after - audit_before, i64::from(ROUNDS));
    let mut expected_from = CONTOSO.to_owned();
    for (from, to) in changes {
        assert_eq!(from.as_deref(), Some(expected_from.as_str()));
        expected_from = to.unwrap();
    }
    drop((a, b));
}

#[test]
fn copy_moves_everything_from_sqlite_to_postgresql_and_back() {
    let Some(admin) = postgres_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = DatabaseUrl::Sqlite(dir.path().join("demo.db"));
    let now = start_time().naive_utc();
    db::prepare(&sqlite, |conn, _| support_contacts::demo::seed(conn, now)).unwrap();
    // An API key goes along, and keeps working.
    let (_, key) = support_contacts::app::api_keys::create_as_operator(
        &mut db::connect(&sqlite).unwrap(),
        &support_contacts::store::audit::Actor::command_line(),
        "admin@contoso-distribution.example",
        None,
        "Moved along",
        now,
    )
    .unwrap();
    // A default support contact goes along too.
    {
        use support_contacts::demo::{CONTOSO, TREY_RESEARCH, WIDE_WORLD_IMPORTERS};
        use support_contacts::domain::TenantId;
        let id = |raw: &str| TenantId::parse(raw).unwrap();
        support_contacts::store::default_contacts::set(
            &mut db::connect(&sqlite).unwrap(),
            &id(CONTOSO),
            &id(WIDE_WORLD_IMPORTERS),
            &id(TREY_RESEARCH),
            "admin@contoso-distribution.example",
            now,
        )
        .unwrap();
    }
    let postgres = PostgresDatabase::create(&admin);
    let pg = DatabaseUrl::Postgres(postgres.url.clone());

    let run = |from: &DatabaseUrl, to: &DatabaseUrl| {
        std::process::Command::new(env!("CARGO_BIN_EXE_support-contacts"))
            .args(["copy", "--from", &from.to_string(), "--to", &to_arg(to)])
            .env("RUST_LOG", "warn")
            .output()
            .unwrap()
    };
    fn to_arg(url: &DatabaseUrl) -> String {
        match url {
            DatabaseUrl::Postgres(raw) => raw.clone(),
            other => other.to_string(),
        }
    }
    let copied = run(&sqlite, &pg);
    assert!(
        copied.status.success(),
        "{}",
        String::from_utf8_lossy(&copied.stderr)
    );

    let source = support_contacts::copy::dump(&mut db::connect(&sqlite).unwrap()).unwrap();
    let target = support_contacts::copy::dump(&mut db::connect(&pg).unwrap()).unwrap();
    assert_eq!(source.len(), 17);
    assert_eq!(source["api_keys"].len(), 1);
    assert_eq!(source["default_contacts"].len(), 1);
    assert!(source["audit_log"].len() > 50 && source["customers"].len() > 30);
    for (table, rows) in &source {
        assert_eq!(&target[table], rows, "{table} copied exactly");
    }

    let opened = support_contacts::app::api_keys::authenticate(
        &mut db::connect(&pg).unwrap(),
        &key.secret,
        now,
    )
    .unwrap();
    assert_eq!(opened.map(|holder| holder.key_id), Some(key.id));

    // A non-empty target is refused, and left as it was.
    let again = run(&sqlite, &pg);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds data"));

    // New rows on the target continue the ids.
    let mut conn = db::connect(&pg).unwrap();
    let next = support_contacts::store::audit::insert(
        &mut conn,
        &support_contacts::store::audit::Actor::system(),
        support_contacts::store::audit::NewEntry {
            action: support_contacts::domain::audit::Action::PartnerCreated,
            customer: None,
            subscription: None,
            from_partner: None,
            to_partner: None,
            detail: "a row after the copy",
        },
        now,
    )
    .unwrap();
    assert_eq!(next as usize, source["audit_log"].len() + 1);

    // And back to a new SQLite file.
    let back = DatabaseUrl::Sqlite(dir.path().join("back.db"));
    let returned = run(&pg, &back);
    assert!(
        returned.status.success(),
        "{}",
        String::from_utf8_lossy(&returned.stderr)
    );
    let round_trip = support_contacts::copy::dump(&mut db::connect(&back).unwrap()).unwrap();
    let now_on_pg = support_contacts::copy::dump(&mut db::connect(&pg).unwrap()).unwrap();
    assert_eq!(round_trip, now_on_pg);
}
