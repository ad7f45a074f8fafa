//! Connections to either backend, the pool, migrations, and the
//! write-transaction helper. Backend-specific SQL lives here and nowhere else.

pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::ManageConnection;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryResult, RunQueryDsl};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

/// One connection type for both backends: the store is written once against it.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

pub type Backend = MultiBackend;
pub type Pool = diesel::r2d2::Pool<Manager>;
pub type PooledConn = diesel::r2d2::PooledConnection<Manager>;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Held while migrating and seeding, so that servers starting together on
/// one PostgreSQL do both once.
const STARTUP_LOCK_KEY: i64 = 0x5c_0c_0a_7a_c7;

/// Where the database lives, parsed from `DATABASE_URL`.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl std::fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self}")
    }
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> anyhow::Result<Self> {
        let raw = raw.trim();
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(Self::Postgres(raw.to_owned()));
        }
        let path = raw
            .strip_prefix("sqlite://")
            .or_else(|| raw.strip_prefix("sqlite:"))
            .unwrap_or(raw);
        if path.is_empty() || path == ":memory:" {
            anyhow::bail!(
                "DATABASE_URL must name a database file or a postgres:// URL (in-memory databases are not shared between connections)"
            );
        }
        if path.contains("://") {
            anyhow::bail!("DATABASE_URL must be a file path, a sqlite:// URL or a postgres:// URL");
        }
        Ok(Self::Sqlite(PathBuf::from(path)))
    }

    /// The folder that holds a SQLite file, for files kept beside it.
    pub fn directory(&self) -> Option<&Path> {
        match self {
            Self::Sqlite(path) => path.parent(),
            Self::Postgres(_) => None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self, Self::Postgres(_))
    }
}

/// Displays the URL without its password.
impl std::fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "sqlite://{}", path.display()),
            Self::Postgres(url) => f.write_str(&redact_password(url)),
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some((userinfo, host)) = rest.rsplit_once('@') else {
        return url.to_owned();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

fn sqlite_path(path: &Path) -> anyhow::Result<&str> {
    path.to_str()
        .context("the database path must be valid UTF-8")
}

/// One connection, set up as pooled ones are.
pub fn connect(url: &DatabaseUrl) -> diesel::ConnectionResult<DbConn> {
    match url {
        DatabaseUrl::Postgres(url) => PgConnection::establish(url).map(DbConn::Postgres),
        DatabaseUrl::Sqlite(path) => {
            let path = path.to_str().ok_or_else(|| {
                diesel::ConnectionError::InvalidConnectionUrl("path is not UTF-8".into())
            })?;
            let mut conn = SqliteConnection::establish(path)?;
            // synchronous = FULL: a committed transaction survives a power
            // loss, not only a process crash; writes here are human-paced.
            conn.batch_execute(
                "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
            )
            .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConn::Sqlite(conn))
        }
    }
}

/// Makes pooled connections of the right backend, set up for this app.
#[derive(Debug)]
pub struct Manager {
    url: DatabaseUrl,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConn, Self::Error> {
        connect(&self.url).map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        <DbConn as Connection>::TransactionManager::is_broken_transaction_manager(conn)
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
            checkout_timeout: Duration::from_secs(5),
        }
    }
}

pub fn pool(url: &DatabaseUrl, options: &PoolOptions) -> anyhow::Result<Pool> {
    diesel::r2d2::Pool::builder()
        .max_size(options.max_size)
        .min_idle(Some(1))
        .connection_timeout(options.checkout_timeout)
        .build(Manager { url: url.clone() })
        .with_context(|| format!("connecting to {url}"))
}

/// Creates what is missing (the SQLite file and its folder), runs the
/// embedded migrations, then `after_migrate` with whether the database was
/// new, all under a lock that other servers starting at once wait for.
pub fn prepare<F>(url: &DatabaseUrl, after_migrate: F) -> anyhow::Result<()>
where
    F: FnOnce(&mut DbConn, bool) -> anyhow::Result<()>,
{
    if let DatabaseUrl::Sqlite(path) = url {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating the database folder {}", dir.display()))?;
        }
        sqlite_path(path)?;
    }
    let mut conn = connect(url).with_context(|| format!("connecting to {url}"))?;
    match &mut conn {
        DbConn::Sqlite(c) => {
            // WAL is a property of the file: set once, kept by every connection.
            c.batch_execute("PRAGMA journal_mode = WAL;")?;
        }
        DbConn::Postgres(c) => {
            diesel::sql_query(format!("SELECT pg_advisory_lock({STARTUP_LOCK_KEY})")).execute(c)?;
        }
    }
    let result = migrate(&mut conn).and_then(|fresh| after_migrate(&mut conn, fresh));
    if let DbConn::Postgres(c) = &mut conn {
        diesel::sql_query(format!("SELECT pg_advisory_unlock({STARTUP_LOCK_KEY})")).execute(c)?;
    }
    result
}

/// The database answers and every embedded migration is applied.
pub fn ready(conn: &mut DbConn) -> bool {
    if conn.batch_execute("SELECT 1").is_err() {
        return false;
    }
    let pending = match conn {
        DbConn::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
        DbConn::Postgres(c) => c.has_pending_migration(POSTGRES_MIGRATIONS),
    };
    matches!(pending, Ok(false))
}

/// Writes a consistent copy of a live SQLite database to `target`, which must
/// not exist yet, without stopping the server (`VACUUM INTO`).
pub fn backup(url: &DatabaseUrl, target: &Path) -> anyhow::Result<()> {
    let DatabaseUrl::Sqlite(_) = url else {
        anyhow::bail!(
            "backup copies SQLite databases; for PostgreSQL use pg_dump (see the README)"
        );
    };
    if target.exists() {
        anyhow::bail!("{} exists already; choose a new file", target.display());
    }
    let target = target
        .to_str()
        .context("the backup path must be valid UTF-8")?
        .replace('\'', "''");
    let mut conn = connect(url).with_context(|| format!("connecting to {url}"))?;
    conn.batch_execute(&format!("VACUUM INTO '{target}'"))
        .context("writing the backup")?;
    Ok(())
}

/// Runs pending migrations; returns whether the database had none applied before.
pub fn migrate(conn: &mut DbConn) -> anyhow::Result<bool> {
    fn run<C: MigrationHarness<B>, B: diesel::backend::Backend>(
        conn: &mut C,
        migrations: EmbeddedMigrations,
    ) -> anyhow::Result<bool> {
        let fresh = conn
            .applied_migrations()
            .map_err(|e| anyhow::anyhow!("reading applied migrations: {e}"))?
            .is_empty();
        conn.run_pending_migrations(migrations)
            .map_err(|e| anyhow::anyhow!("running migrations: {e}"))?;
        Ok(fresh)
    }
    match conn {
        DbConn::Sqlite(c) => run(c, SQLITE_MIGRATIONS),
        DbConn::Postgres(c) => run(c, POSTGRES_MIGRATIONS),
    }
}

/// Takes back every applied migration from `version` on (its digits, e.g.
/// `20261203000012`), newest first: a database as it was before that
/// migration, for the tests that check a migration fills its tables from
/// rows already there.
pub fn revert_from(conn: &mut DbConn, version: &str) -> anyhow::Result<()> {
    fn run<C: MigrationHarness<B>, B: diesel::backend::Backend>(
        conn: &mut C,
        migrations: fn() -> EmbeddedMigrations,
        version: &str,
    ) -> anyhow::Result<()> {
        loop {
            let applied = conn
                .applied_migrations()
                .map_err(|e| anyhow::anyhow!("reading applied migrations: {e}"))?;
            let latest = applied.iter().max().map(|v| v.to_string().replace('-', ""));
            match latest {
                Some(latest) if latest.as_str() >= version => {
                    conn.revert_last_migration(migrations())
                        .map_err(|e| anyhow::anyhow!("reverting {latest}: {e}"))?;
                }
                _ => return Ok(()),
            }
        }
    }
    match conn {
        DbConn::Sqlite(c) => run(c, || SQLITE_MIGRATIONS, version),
        DbConn::Postgres(c) => run(c, || POSTGRES_MIGRATIONS, version),
    }
}

/// Every write goes through here: one transaction, opened for writing up
/// front (IMMEDIATE on SQLite), so that a read-then-write never fails half
/// way with "database is locked" and the busy timeout queues writers instead.
/// Inside a transaction already, it nests as a savepoint.
pub fn write<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let begin = match conn {
        DbConn::Sqlite(_) => Some("BEGIN IMMEDIATE"),
        DbConn::Postgres(_) => None,
    };
    tracing::debug!("write transaction: waiting for the write lock");
    transaction_with(conn, begin, f)
}

/// Reads that must see one consistent snapshot.
pub fn read<T, F>(conn: &mut DbConn, f: F) -> QueryResult<T>
where
    F: FnOnce(&mut DbConn) -> QueryResult<T>,
{
    let begin = match conn {
        DbConn::Sqlite(_) => None,
        DbConn::Postgres(_) => Some("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY"),
    };
    transaction_with(conn, begin, f)
}

/// A transaction opened with `begin` when it is the outermost one; diesel's
/// own bookkeeping (savepoints, commit, rollback) as usual otherwise.
fn transaction_with<T, E, F>(conn: &mut DbConn, begin: Option<&str>, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    type Tm = <DbConn as Connection>::TransactionManager;
    let nested = Tm::transaction_manager_status_mut(conn)
        .transaction_depth()
        .map_err(E::from)?
        .is_some();
    let Some(begin) = begin.filter(|_| !nested) else {
        return conn.transaction(f);
    };
    match conn {
        DbConn::Sqlite(inner) => AnsiTransactionManager::begin_transaction_sql(inner, begin),
        DbConn::Postgres(inner) => AnsiTransactionManager::begin_transaction_sql(inner, begin),
    }
    .map_err(E::from)?;
    match f(conn) {
        Ok(value) => {
            Tm::commit_transaction(conn).map_err(E::from)?;
            Ok(value)
        }
        Err(error) => {
            if let Err(rollback) = Tm::rollback_transaction(conn) {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(error)
        }
    }
}

/// After rows were inserted with their ids given (a copy), the next
/// generated ids must follow them. SQLite does this by itself.
pub fn after_bulk_insert(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Postgres(c) = conn {
        for table in ["users", "audit_log", "notifications", "outbox"] {
            diesel::sql_query(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            ))
            .execute(c)?;
        }
    }
    Ok(())
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
        assert!(
            DatabaseUrl::parse("postgres://u:p@db:5432/sc")
                .unwrap()
                .is_postgres()
        );
        assert!(
            DatabaseUrl::parse("postgresql://db/sc")
                .unwrap()
                .is_postgres()
        );
        assert!(DatabaseUrl::parse(":memory:").is_err());
        assert!(DatabaseUrl::parse("").is_err());
        assert!(DatabaseUrl::parse("mysql://db/sc").is_err());
    }

    #[test]
    fn passwords_never_show_in_displayed_urls() {
        let url = DatabaseUrl::parse("postgres://app:s3cret@db.internal:5432/sc").unwrap();
        assert_eq!(url.to_string(), "postgres://app:***@db.internal:5432/sc");
        assert!(!format!("{url:?}").contains("s3cret"));
        let no_password = DatabaseUrl::parse("postgres://app@db/sc").unwrap();
        assert_eq!(no_password.to_string(), "postgres://app@db/sc");
    }

    /// `.cargo/config.toml` builds the bundled SQLite with its query planner
    /// stability guarantee: without it, every statement with a bound LIMIT
    /// (every `.first()`) is planned again on each run, cache or not.
    #[test]
    fn sqlite_keeps_its_plans() {
        #[derive(diesel::QueryableByName)]
        struct CompileOption {
            #[diesel(sql_type = diesel::sql_types::Text)]
            compile_options: String,
        }
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let options = diesel::sql_query("PRAGMA compile_options")
            .load::<CompileOption>(&mut conn)
            .unwrap();
        assert!(
            options.iter().any(|o| o.compile_options == "ENABLE_QPSG"),
            "SQLite was built without ENABLE_QPSG: build from the repository, \
             whose .cargo/config.toml sets LIBSQLITE3_FLAGS"
        );
    }
}
