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
