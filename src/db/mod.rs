//! Connection pool, connection setup, migrations, and the write-transaction helper.

pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use diesel::connection::SimpleConnection;
use diesel::r2d2::{ConnectionManager, CustomizeConnection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryResult};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// The connection type every store function takes. The PostgreSQL backend
/// turns this into a `MultiConnection` enum; the store does not change.
pub type DbConn = SqliteConnection;
pub type Backend = diesel::sqlite::Sqlite;
pub type Pool = diesel::r2d2::Pool<ConnectionManager<DbConn>>;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");

/// Where the database lives, parsed from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> anyhow::Result<Self> {
        let raw = raw.trim();
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            anyhow::bail!(
                "this build serves SQLite only: DATABASE_URL must be a file path or a sqlite:// URL"
            );
        }
        let path = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
            .unwrap_or(raw);
        if path.is_empty() || path == ":memory:" {
            anyhow::bail!(
                "DATABASE_URL must name a database file (in-memory databases are not shared between connections)"
            );
        }
        Ok(Self::Sqlite(PathBuf::from(path)))
    }

    /// The folder that holds the database file, for files kept beside it.
    pub fn directory(&self) -> Option<&Path> {
        match self {
            Self::Sqlite(path) => path.parent(),
        }
    }
}

impl std::fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
        }
    }
}

/// Applied on every new pooled connection.
#[derive(Debug, Clone, Copy)]
struct SqlitePragmas;

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        // synchronous = FULL: a transaction that committed survives a power
        // loss, not only a process crash; writes here are human-paced.
        conn.batch_execute(
            "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
        )
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

#[derive(Debug, Clone)]
pub struct PoolOptions {
    pub max_size: u32,
    pub checkout_timeout: Duration,
}

impl Default for PoolOptions {
    fn default() -> Self {
        Self {
            max_size: 8,
            checkout_timeout: Duration::from_secs(10),
        }
    }
}

/// An opened, migrated database.
pub struct Database {
    pub pool: Pool,
    /// True when this start found no applied migration: a new, empty database.
    pub freshly_created: bool,
}

/// Creates the file (and its folder) if needed, sets WAL once, runs the
/// embedded migrations, and builds the pool.
pub fn open(url: &DatabaseUrl, options: &PoolOptions) -> anyhow::Result<Database> {
    let DatabaseUrl::Sqlite(path) = url;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the database folder {}", dir.display()))?;
    }
    let path_str = path
        .to_str()
        .context("the database path must be valid UTF-8")?
        .to_owned();

    let freshly_created = {
        let mut conn = SqliteConnection::establish(&path_str)
            .with_context(|| format!("opening {}", path.display()))?;
        conn.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL;")?;
        migrate(&mut conn)?
    };

    let manager = ConnectionManager::<SqliteConnection>::new(path_str);
    let pool = diesel::r2d2::Pool::builder()
        .max_size(options.max_size)
        .connection_timeout(options.checkout_timeout)
        .connection_customizer(Box::new(SqlitePragmas))
        .build(manager)
        .context("building the connection pool")?;
    Ok(Database {
        pool,
        freshly_created,
    })
}

/// Runs pending migrations; returns whether the database had none applied before.
pub fn migrate(conn: &mut DbConn) -> anyhow::Result<bool> {
    let fresh = conn
        .applied_migrations()
        .map_err(|e| anyhow::anyhow!("reading applied migrations: {e}"))?
        .is_empty();
    conn.run_pending_migrations(SQLITE_MIGRATIONS)
        .map_err(|e| anyhow::anyhow!("running migrations: {e}"))?;
    Ok(fresh)
}

/// Every write goes through here: one transaction, opened for writing up
/// front (IMMEDIATE on SQLite), so that a read-then-write never fails half
/// way with "database is locked" and the busy timeout queues writers instead.
pub fn write<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let nested = AnsiTransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .map_err(E::from)?
        .is_some();
    if nested {
        // Already inside the caller's write transaction: a savepoint.
        conn.transaction(f)
    } else {
        conn.immediate_transaction(f)
    }
}

/// Reads that must see one consistent snapshot.
pub fn read<T, F>(conn: &mut DbConn, f: F) -> QueryResult<T>
where
    F: FnOnce(&mut DbConn) -> QueryResult<T>,
{
    conn.transaction(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_paths_are_understood() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/app.db").unwrap(),
            DatabaseUrl::Sqlite("data/app.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("/var/lib/sc/app.db").unwrap(),
            DatabaseUrl::Sqlite("/var/lib/sc/app.db".into())
        );
        assert!(DatabaseUrl::parse(":memory:").is_err());
        assert!(DatabaseUrl::parse("").is_err());
    }
}
