//! The command line, run as the real binary.

use std::process::Command;

fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_support-contacts"));
    command
        .env_remove("DATABASE_URL")
        .env_remove("SEED_DEMO")
        .env("RUST_LOG", "warn");
    command
}

#[test]
fn migrate_then_seed_demo_then_refuse_a_second_seed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("nested").join("cli.db");
    let url = format!("sqlite://{}", db.display());

    let migrate = binary()
        .args(["migrate", "--database-url", &url])
        .output()
        .unwrap();
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );
    assert!(db.exists(), "the file and its folder are created");

    let seed = binary()
        .args(["seed", "--demo"])
        .env("DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        seed.status.success(),
        "{}",
        String::from_utf8_lossy(&seed.stderr)
    );

    let again = binary()
        .args(["seed", "--demo", "--database-url", &url])
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds data"));

    let bare = binary()
        .args(["seed", "--database-url", &url])
        .output()
        .unwrap();
    assert!(!bare.status.success());
    assert!(String::from_utf8_lossy(&bare.stderr).contains("seed --demo"));
}

#[test]
fn a_bad_configuration_is_refused_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("x.db").display());
    let cases = [
        (
            vec!["serve", "--database-url", &url, "--session-key", "c2hvcnQ="],
            "at least 64 bytes",
        ),
        (
            vec!["serve", "--database-url", &url, "--seed-demo", "maybe"],
            "SEED_DEMO must be 0 or 1",
        ),
        (
            vec!["serve", "--database-url", &url, "--public-url", "ftp://x"],
            "PUBLIC_URL must start with",
        ),
    ];
    let postgres = ["serve", "--database-url", "postgres://app@127.0.0.1:1/none"];
    let output = binary()
        .args(postgres)
        .env_remove("SESSION_KEY")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("SESSION_KEY is required with PostgreSQL"),
        "{stderr}"
    );
    assert!(
        stderr.contains("head -c 64 /dev/urandom | base64"),
        "{stderr}"
    );
    for (args, message) in cases {
        let output = binary().args(&args).output().unwrap();
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}

fn with_stdin(mut command: Command, input: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn users_create_set_password_and_disable_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("users.db").display());
    let seed = binary()
        .args(["seed", "--demo", "--database-url", &url])
        .output()
        .unwrap();
    assert!(seed.status.success());
    let contoso = support_contacts::demo::CONTOSO;

    let users = |args: &[&str], stdin: &str| {
        let mut command = binary();
        command
            .arg("users")
            .args(args)
            .args(["--database-url", &url]);
        with_stdin(command, stdin)
    };
    let weak = users(
        &[
            "create",
            "--email",
            "ops@contoso-distribution.example",
            "--name",
            "Ops",
            "--role",
            "admin_agent",
            "--partner",
            contoso,
        ],
        "password1234\n",
    );
    assert!(!weak.status.success());
    assert!(String::from_utf8_lossy(&weak.stderr).contains("commonly used password"));

    let created = users(
        &[
            "create",
            "--email",
            "Ops@Contoso-Distribution.example",
            "--name",
            "Ops",
            "--role",
            "admin_agent",
            "--partner",
            contoso,
        ],
        "violet-harbor-compass\n",
    );
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let again = users(
        &[
            "create",
            "--email",
            "ops@contoso-distribution.example",
            "--name",
            "Ops",
            "--role",
            "admin_agent",
            "--partner",
            contoso,
        ],
        "violet-harbor-compass\n",
    );
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));
    let wrong_role = users(
        &[
            "create",
            "--email",
            "x@contoso-distribution.example",
            "--name",
            "X",
            "--role",
            "customer_admin",
            "--partner",
            contoso,
        ],
        "violet-harbor-compass\n",
    );
    assert!(String::from_utf8_lossy(&wrong_role.stderr).contains("does not fit a partner user"));
    let short = users(
        &[
            "set-password",
            "--email",
            "ops@contoso-distribution.example",
        ],
        "short\n",
    );
    assert!(String::from_utf8_lossy(&short.stderr).contains("at least 12 characters"));
    let set = users(
        &[
            "set-password",
            "--email",
            "ops@contoso-distribution.example",
        ],
        "amber-meadow-lighthouse\n",
    );
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    // The address may be a user of another organization too; then the
    // organization is named.
    let elsewhere = users(
        &[
            "create",
            "--email",
            "ops@contoso-distribution.example",
            "--name",
            "Ops at Adatum",
            "--role",
            "helpdesk_agent",
            "--partner",
            support_contacts::demo::ADATUM,
        ],
        "cobalt-river-station\n",
    );
    assert!(
        elsewhere.status.success(),
        "{}",
        String::from_utf8_lossy(&elsewhere.stderr)
    );
    let ambiguous = users(
        &["disable", "--email", "ops@contoso-distribution.example"],
        "",
    );
    assert!(!ambiguous.status.success());
    assert!(
        String::from_utf8_lossy(&ambiguous.stderr).contains("a user of several organizations"),
        "{}",
        String::from_utf8_lossy(&ambiguous.stderr)
    );
    let disabled = users(
        &[
            "disable",
            "--email",
            "ops@contoso-distribution.example",
            "--partner",
            contoso,
        ],
        "",
    );
    assert!(disabled.status.success());
    let unknown = users(
        &["disable", "--email", "nobody@contoso-distribution.example"],
        "",
    );
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no user has the email"));

    // What happened is in the database, and audited.
    use diesel::prelude::*;
    use support_contacts::db::schema::{audit_log, users as u};
    let mut conn =
        support_contacts::db::connect(&support_contacts::db::DatabaseUrl::parse(&url).unwrap())
            .unwrap();
    let (disabled_flag, epoch): (bool, i32) = u::table
        .filter(u::email.eq("ops@contoso-distribution.example"))
        .filter(u::partner_tenant_id.eq(contoso))
        .select((u::disabled, u::session_epoch))
        .first(&mut conn)
        .unwrap();
    assert!(disabled_flag);
    assert_eq!(epoch, 2, "a new password and disabling both end sessions");
    let actions: Vec<String> = audit_log::table
        .filter(audit_log::action.like("user.%"))
        .order(audit_log::id)
        .select(audit_log::action)
        .load(&mut conn)
        .unwrap();
    assert_eq!(
        actions,
        vec![
            "user.created",
            "user.password_set",
            "user.created",
            "user.disabled"
        ]
    );
}

#[test]
fn the_first_admin_of_a_new_partner_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("new.db").display());
    let create = |extra: &[&str]| {
        let mut args = vec![
            "partners",
            "create",
            "--database-url",
            &url,
            "--name",
            "Litware Distribution",
            "--kind",
            "indirect_provider",
            "--support-email",
            "Support@Litware.example",
            "--support-telephone",
            "+1 425 555 0199",
            "--support-website",
            "https://support.litware.example",
        ];
        args.extend_from_slice(extra);
        binary().args(&args).output().unwrap()
    };
    let bad_mpn = create(&["--mpn-id", "12ab"]);
    assert!(String::from_utf8_lossy(&bad_mpn.stderr).contains("--mpn-id must be 6 to 10 digits"));
    let created = create(&["--mpn-id", "7654321"]);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let tenant = String::from_utf8(created.stdout).unwrap().trim().to_owned();
    assert!(
        support_contacts::domain::TenantId::parse(&tenant).is_ok(),
        "{tenant}"
    );
    let duplicate = create(&["--mpn-id", "7654321"]);
    assert!(String::from_utf8_lossy(&duplicate.stderr).contains("MPN id 7654321 exists already"));

    let mut command = binary();
    command.args([
        "users",
        "create",
        "--database-url",
        &url,
        "--email",
        "admin@litware.example",
        "--name",
        "Litware Admin",
        "--role",
        "admin_agent",
        "--partner",
        &tenant,
    ]);
    let admin = with_stdin(command, "a-long-first-passphrase\n");
    assert!(
        admin.status.success(),
        "{}",
        String::from_utf8_lossy(&admin.stderr)
    );
    let mut conn =
        support_contacts::db::connect(&support_contacts::db::DatabaseUrl::parse(&url).unwrap())
            .unwrap();
    let (user, hash) =
        support_contacts::store::users::find_for_sign_in(&mut conn, "admin@litware.example")
            .unwrap()
            .pop()
            .unwrap();
    assert_eq!(
        user.organization,
        support_contacts::domain::Organization::Partner(
            support_contacts::domain::TenantId::parse(&tenant).unwrap()
        )
    );
    assert!(support_contacts::passwords::verify(
        &hash,
        "a-long-first-passphrase"
    ));
}

#[test]
fn backup_writes_a_consistent_copy_of_the_live_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("live.db").display());
    assert!(
        binary()
            .args(["seed", "--demo", "--database-url", &url])
            .output()
            .unwrap()
            .status
            .success()
    );
    let target = dir.path().join("copy's backup.db");
    let backup = binary()
        .args(["backup", target.to_str().unwrap(), "--database-url", &url])
        .output()
        .unwrap();
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let again = binary()
        .args(["backup", target.to_str().unwrap(), "--database-url", &url])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists already"));

    use support_contacts::db::{self, DatabaseUrl};
    let live =
        support_contacts::copy::dump(&mut db::connect(&DatabaseUrl::parse(&url).unwrap()).unwrap())
            .unwrap();
    let copy =
        support_contacts::copy::dump(&mut db::connect(&DatabaseUrl::Sqlite(target)).unwrap())
            .unwrap();
    assert_eq!(live, copy);

    let postgres = binary()
        .args([
            "backup",
            "/tmp/x.db",
            "--database-url",
            "postgres://app@127.0.0.1:1/none",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&postgres.stderr).contains("pg_dump"));
}

#[actix_web::test]
async fn each_request_is_logged_by_route_pattern_without_ids_or_secrets() {
    use crate::helpers::{Browser, CONTOSO, WWI};
    use crate::process::ServerProcess;
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("logs.db").display());
    assert!(
        binary()
            .args(["seed", "--demo", "--database-url", &url])
            .output()
            .unwrap()
            .status
            .success()
    );
    let secret = "a-secret-only-this-test-knows";
    let mut command = binary();
    command.args([
        "users",
        "create",
        "--database-url",
        &url,
        "--email",
        "logs@contoso-distribution.example",
        "--name",
        "Logs",
        "--role",
        "admin_agent",
        "--partner",
        CONTOSO,
    ]);
    assert!(with_stdin(command, &format!("{secret}\n")).status.success());

    let mut server = ServerProcess::start(&[("DATABASE_URL", url.as_str()), ("SEED_DEMO", "0")]);
    let browser = Browser::at(&server.base);
    let signed_in = browser
        .sign_in("logs@contoso-distribution.example", secret, None)
        .await;
    assert_eq!(signed_in.status, reqwest::StatusCode::SEE_OTHER);
    let cookie = signed_in.headers["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let cookie_value = cookie.split_once('=').unwrap().1.to_owned();
    assert_eq!(
        browser
            .get(&format!("/partner/customers/{WWI}"))
            .await
            .status,
        reqwest::StatusCode::OK
    );

    let lines = server
        .lines_until(|l| {
            l.contains("route=/partner/customers/{customer_tenant_id}") && l.contains("status=200")
        })
        .await;
    let line = lines.last().unwrap();
    assert!(
        line.contains("request_id=")
            && line.contains("method=GET")
            && line.contains("duration_ms="),
        "{line}"
    );
    assert!(lines.iter().any(|l| l.contains("route=/login")
        && l.contains("method=POST")
        && l.contains("status=303")));
    for l in &lines {
        assert!(
            !l.contains(WWI),
            "a raw path with a tenant id was logged: {l}"
        );
        assert!(!l.contains(secret), "a password was logged: {l}");
        assert!(
            !l.contains(&cookie_value),
            "a session cookie was logged: {l}"
        );
    }
}

#[test]
fn authorizations_start_and_end_from_the_command_line() {
    use diesel::prelude::*;
    use support_contacts::db::schema::{reseller_authorizations as ra, subscriptions as s};
    use support_contacts::demo::{ADATUM, CONTOSO, FABRIKAM, TREY_RESEARCH};
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("auth.db").display());
    assert!(
        binary()
            .args(["seed", "--demo", "--database-url", &url])
            .status()
            .unwrap()
            .success()
    );
    let run = |action: &str, provider: &str, reseller: &str| {
        binary()
            .args([
                "partners",
                action,
                "--database-url",
                &url,
                "--provider",
                provider,
                "--reseller",
                reseller,
            ])
            .output()
            .unwrap()
    };
    let mut conn =
        support_contacts::db::connect(&support_contacts::db::DatabaseUrl::parse(&url).unwrap())
            .unwrap();
    let state = |conn: &mut support_contacts::db::DbConn, provider: &str, reseller: &str| {
        ra::table
            .find((provider, reseller))
            .select(ra::state)
            .first::<String>(conn)
            .optional()
            .unwrap()
    };

    // Fabrikam authorizes Adatum too.
    let started = run("authorize", ADATUM, FABRIKAM);
    assert!(started.status.success(), "{started:?}");
    assert_eq!(
        state(&mut conn, ADATUM, FABRIKAM).as_deref(),
        Some("active")
    );
    let twice = run("authorize", ADATUM, FABRIKAM);
    assert!(!twice.status.success());
    assert!(String::from_utf8_lossy(&twice.stderr).contains("authorized this provider already"));
    // Kinds are checked: a reseller cannot be a provider, nor the other way round.
    let wrong = run("authorize", TREY_RESEARCH, FABRIKAM);
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("is not an indirect provider"));
    let wrong = run("authorize", ADATUM, CONTOSO);
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("is not an indirect reseller"));
    let garbled = run("authorize", "not-a-guid", FABRIKAM);
    assert!(String::from_utf8_lossy(&garbled.stderr).contains("is not a tenant id"));

    // Ending Trey Research's authorization of Contoso sends its contacts back.
    let held: i64 = s::table
        .filter(s::provider_tenant_id.eq(CONTOSO))
        .filter(s::support_contact_tenant_id.eq(TREY_RESEARCH))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert!(held > 0);
    let ended = run("end-authorization", CONTOSO, TREY_RESEARCH);
    assert!(ended.status.success(), "{ended:?}");
    assert!(
        String::from_utf8_lossy(&ended.stdout)
            .contains(&format!("{held} subscription(s) went back"))
    );
    let left: i64 = s::table
        .filter(s::support_contact_tenant_id.eq(TREY_RESEARCH))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(left, 0);
    assert_eq!(
        state(&mut conn, CONTOSO, TREY_RESEARCH).as_deref(),
        Some("ended")
    );
    let again = run("end-authorization", CONTOSO, TREY_RESEARCH);
    assert!(String::from_utf8_lossy(&again.stderr).contains("no active authorization"));
    // And it can start again.
    assert!(run("authorize", CONTOSO, TREY_RESEARCH).status.success());
    assert_eq!(
        state(&mut conn, CONTOSO, TREY_RESEARCH).as_deref(),
        Some("active")
    );
}

#[test]
fn api_keys_are_made_listed_and_revoked_from_the_command_line() {
    use diesel::prelude::*;
    use support_contacts::db::schema::audit_log;
    use support_contacts::db::{self, DatabaseUrl};

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keys.db");
    let url = format!("sqlite://{}", path.display());
    let seed = binary()
        .args(["seed", "--demo", "--database-url", &url])
        .output()
        .unwrap();
    assert!(seed.status.success());
    let keys = |args: &[&str]| {
        binary()
            .arg("api-keys")
            .args(args)
            .args(["--database-url", &url])
            .output()
            .unwrap()
    };
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();

    let created = keys(&[
        "create",
        "--user",
        "Helpdesk@Contoso-Distribution.example",
        "--name",
        "Monitoring",
    ]);
    assert!(created.status.success(), "{}", text(&created.stderr));
    // Only the key on standard output, for a script to capture.
    let stdout = text(&created.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout:?}");
    let secret = stdout.trim_end().to_owned();
    assert!(secret.starts_with("sc_") && !secret.contains(char::is_whitespace));

    let mut conn = db::connect(&DatabaseUrl::Sqlite(path.clone())).unwrap();
    let now = chrono::Utc::now().naive_utc();
    let holder = support_contacts::app::api_keys::authenticate(&mut conn, &secret, now)
        .unwrap()
        .expect("the key opens");
    assert_eq!(holder.user.email, "helpdesk@contoso-distribution.example");
    assert_eq!(
        holder.partner.tenant_id.as_str(),
        support_contacts::demo::CONTOSO
    );

    let listed = keys(&["list", "--user", "helpdesk@contoso-distribution.example"]);
    assert!(listed.status.success(), "{}", text(&listed.stderr));
    let line = text(&listed.stdout);
    let cells: Vec<&str> = line.trim_end().split('\t').collect();
    assert_eq!(cells.len(), 6, "{line:?}");
    assert_eq!(cells[0], holder.key_id);
    assert_eq!(cells[1], &secret[..11]);
    assert_eq!(cells[2], "Monitoring");
    assert_ne!(cells[4], "-", "used once above");
    assert_eq!(cells[5], "-");
    assert!(!line.contains(&secret));

    let revoked = keys(&["revoke", &holder.key_id]);
    assert!(revoked.status.success(), "{}", text(&revoked.stderr));
    assert_eq!(
        text(&revoked.stdout),
        format!("revoked {}\n", holder.key_id)
    );
    assert!(
        support_contacts::app::api_keys::authenticate(&mut conn, &secret, now)
            .unwrap()
            .is_none()
    );
    let again = keys(&["revoke", &holder.key_id]);
    assert!(again.status.success());
    assert!(text(&again.stdout).contains("revoked already"));

    let rows: Vec<(String, String, Option<String>, String)> = audit_log::table
        .filter(audit_log::action.like("api_key.%"))
        .order(audit_log::id)
        .select((
            audit_log::actor_email,
            audit_log::action,
            audit_log::to_partner_tenant_id,
            audit_log::detail,
        ))
        .load(&mut conn)
        .unwrap();
    let contoso = Some(support_contacts::demo::CONTOSO.to_owned());
    assert_eq!(
        rows,
        vec![
            (
                "command line".to_owned(),
                "api_key.created".to_owned(),
                contoso.clone(),
                holder.key_id.clone()
            ),
            (
                "command line".to_owned(),
                "api_key.revoked".to_owned(),
                contoso,
                holder.key_id.clone()
            ),
        ]
    );

    for (args, message) in [
        (
            vec!["create", "--user", "nobody@example.com", "--name", "X"],
            "no partner user has the address nobody@example.com",
        ),
        (
            vec![
                "create",
                "--user",
                "admin@wideworldimporters.example",
                "--name",
                "X",
            ],
            "no partner user has the address",
        ),
        (
            vec![
                "create",
                "--user",
                "admin@contoso-distribution.example",
                "--name",
                " ",
            ],
            "--name must be 1 to 200 characters",
        ),
        (
            vec!["revoke", "not-a-key"],
            "no API key has the id not-a-key",
        ),
    ] {
        let output = keys(&args);
        assert!(!output.status.success(), "{args:?}");
        assert!(
            text(&output.stderr).contains(message),
            "{args:?}: {}",
            text(&output.stderr)
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}
