//! The settings as flags and environment variables give them.

use super::*;

#[test]
fn trusted_proxies_are_addresses() {
    assert!(parse_proxies("").unwrap().is_empty());
    assert_eq!(parse_proxies(" 10.0.0.5, ::1 ").unwrap().len(), 2);
    assert!(parse_proxies("10.0.0.0/8").is_err());
}

#[test]
fn metrics_are_off_when_metrics_addr_is_unset_or_empty() {
    assert_eq!(parse_metrics_addr(None).unwrap(), None);
    assert_eq!(parse_metrics_addr(Some(" ")).unwrap(), None);
    assert_eq!(
        parse_metrics_addr(Some("127.0.0.1:9464")).unwrap(),
        Some(SocketAddr::from(([127, 0, 0, 1], 9464)))
    );
    assert!(parse_metrics_addr(Some("9464")).is_err());
}

#[test]
fn seed_demo_follows_the_documented_table() {
    let sqlite = DatabaseUrl::Sqlite("x.db".into());
    assert!(SeedDemo::parse(None).unwrap().applies(&sqlite, true));
    assert!(!SeedDemo::parse(None).unwrap().applies(&sqlite, false));
    assert!(SeedDemo::parse(Some("1")).unwrap().applies(&sqlite, true));
    assert!(!SeedDemo::parse(Some("0")).unwrap().applies(&sqlite, true));
    assert!(SeedDemo::parse(Some("maybe")).is_err());
}

#[test]
fn a_generated_session_key_is_kept_beside_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite(dir.path().join("app.db"));
    let first = SessionKey::load_or_create_beside(&url).unwrap();
    let second = SessionKey::load_or_create_beside(&url).unwrap();
    assert_eq!(first.bytes(), second.bytes(), "restarts keep sessions");
    assert!(dir.path().join(SESSION_KEY_FILE).exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(SESSION_KEY_FILE))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "only the owner reads the key");
    }
}

#[test]
fn short_or_garbled_session_keys_are_refused() {
    assert!(SessionKey::from_base64("c2hvcnQ=").is_err());
    assert!(SessionKey::from_base64("%%%").is_err());
    let key = SessionKey::generate();
    assert_eq!(
        SessionKey::from_base64(&key.to_base64()).unwrap().bytes(),
        key.bytes()
    );
}

/// `serve` with these flags, the rest as the environment leaves them.
fn serve(flags: &[&str]) -> Result<ServeArgs, clap::Error> {
    use clap::Parser;
    #[derive(clap::Parser)]
    struct Command {
        #[command(flatten)]
        serve: ServeArgs,
    }
    let argv = std::iter::once("support-contacts").chain(flags.iter().copied());
    Command::try_parse_from(argv).map(|c| c.serve)
}

#[test]
fn api_rate_limits_default_to_partner_centers_and_zero_turns_one_off() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("app.db");
    let key = SessionKey::generate().to_base64();
    let base = [
        "--database-url",
        database.to_str().unwrap(),
        "--session-key",
        &key,
    ];
    if std::env::var_os("API_RATE_LIMIT_PER_KEY").is_none()
        && std::env::var_os("API_RATE_LIMIT_PER_PARTNER").is_none()
    {
        let settings = serve(&base).unwrap().into_settings().unwrap();
        assert_eq!(
            (settings.api_rate_per_key, settings.api_rate_per_partner),
            (300, 500)
        );
    }
    let mut flags = base.to_vec();
    flags.extend(["--api-rate-limit-per-key", "0"]);
    flags.extend(["--api-rate-limit-per-partner", "20"]);
    let settings = serve(&flags).unwrap().into_settings().unwrap();
    assert_eq!(
        (settings.api_rate_per_key, settings.api_rate_per_partner),
        (0, 20)
    );
    let mut negative = base.to_vec();
    negative.extend(["--api-rate-limit-per-key", "-1"]);
    assert!(serve(&negative).is_err(), "not a count");
}
