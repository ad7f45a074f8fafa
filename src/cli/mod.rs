//! Command-line subcommands that live in the library, so that the binary's
//! `main.rs` only names and dispatches them.

pub mod api_keys;
pub mod outbox;
pub mod partners;
pub mod users;

use crate::db;

/// The database a command works on: `--database-url`, `DATABASE_URL`, or
/// the embedded default.
pub fn database_url(raw: Option<String>) -> anyhow::Result<db::DatabaseUrl> {
    db::DatabaseUrl::parse(
        raw.as_deref()
            .unwrap_or(crate::config::DEFAULT_DATABASE_PATH),
    )
}
