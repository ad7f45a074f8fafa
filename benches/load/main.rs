//! The load benchmark: the product's release server on a fresh large data
//! set, real signed-in sessions and API keys, 32 connections at once, each
//! page's throughput beside its own ceiling (the same read and template in
//! a bare handler), and the same report at two sizes to show growth.
//!
//!     cargo bench --bench load                          # 1,000 and 100,000 subscriptions, SQLite
//!     cargo bench --bench load -- --database postgres   # the same on PostgreSQL (TEST_POSTGRES_URL)
//!     cargo bench --bench load -- --subscriptions 100000 --only support --seconds 30
//!     cargo test --bench load -- --smoke                # a few seconds on the debug build (CI)
//!
//! BENCHMARKS.md says what it measures, how to read it and the latest figures.

mod ceiling;
mod client;
mod data;
mod report;
mod run;
mod server;

use std::time::Duration;

use anyhow::Context;
use support_contacts::db::DatabaseUrl;

pub struct Options {
    sizes: Vec<usize>,
    seconds: f64,
    connections: usize,
    postgres: Option<String>,
    smoke: bool,
    /// Only the pages whose name contains this, and nothing else.
    only: Option<String>,
}

fn options(mut args: impl Iterator<Item = String>) -> anyhow::Result<Options> {
    let mut options = Options {
        sizes: vec![1_000, 100_000],
        seconds: 5.0,
        connections: 32,
        postgres: None,
        smoke: false,
        only: None,
    };
    while let Some(arg) = args.next() {
        let mut value = || args.next().with_context(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "--subscriptions" => {
                options.sizes = value()?
                    .split(',')
                    .map(|n| n.trim().replace('_', "").parse())
                    .collect::<Result<_, _>>()
                    .context("--subscriptions takes numbers, comma-separated")?;
            }
            "--seconds" => options.seconds = value()?.parse().context("--seconds")?,
            "--connections" => options.connections = value()?.parse().context("--connections")?,
            "--database" => match value()?.as_str() {
                "sqlite" => options.postgres = None,
                "postgres" => {
                    options.postgres =
                        Some(std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| {
                            "postgres://postgres@127.0.0.1:5432/test".to_owned()
                        }))
                }
                other => anyhow::bail!("--database is sqlite or postgres, not {other:?}"),
            },
            "--smoke" => {
                options.smoke = true;
                options.sizes = vec![1_000];
                options.seconds = 0.3;
            }
            "--only" => options.only = Some(value()?),
            "--bench" => {} // what `cargo bench` passes
            other => anyhow::bail!("unknown argument {other:?}"),
        }
    }
    Ok(options)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().map(String::as_str) == Some("--serve-ceiling") {
        let url = args
            .nth(1)
            .context("--serve-ceiling needs a database URL")?;
        return ceiling::serve(&url);
    }
    let options = options(args)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let mut reports = Vec::new();
    for &size in &options.sizes {
        let database = Database::fresh(options.postgres.as_deref(), size)?;
        let report = runtime.block_on(run::at_size(&options, &database.url, size));
        database.drop_it();
        reports.push(report?);
    }
    report::print(&options, &reports);
    let failures: usize = reports.iter().map(report::Report::failures).sum();
    anyhow::ensure!(failures == 0, "{failures} requests failed");
    Ok(())
}

/// A database of its own for one size: a file in a temporary directory,
/// or a PostgreSQL database created for the run and dropped after it.
struct Database {
    url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String)>,
}

impl Database {
    fn fresh(postgres: Option<&str>, size: usize) -> anyhow::Result<Self> {
        match postgres {
            None => {
                let dir = tempfile::tempdir()?;
                let url = DatabaseUrl::Sqlite(dir.path().join("load.db"));
                Ok(Self {
                    url,
                    _dir: Some(dir),
                    postgres: None,
                })
            }
            Some(admin_url) => {
                use diesel::{Connection, RunQueryDsl, pg::PgConnection};
                let name = format!("sc_load_{}_{size}", std::process::id());
                let mut admin = PgConnection::establish(admin_url)
                    .with_context(|| format!("connecting to {admin_url}"))?;
                diesel::sql_query(format!("DROP DATABASE IF EXISTS {name}")).execute(&mut admin)?;
                diesel::sql_query(format!("CREATE DATABASE {name}")).execute(&mut admin)?;
                let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
                Ok(Self {
                    url: DatabaseUrl::parse(&format!("{base}/{name}"))?,
                    _dir: None,
                    postgres: Some((admin_url.to_owned(), name)),
                })
            }
        }
    }

    fn drop_it(&self) {
        if let Some((admin_url, name)) = &self.postgres {
            use diesel::{Connection, RunQueryDsl, pg::PgConnection};
            if let Ok(mut admin) = PgConnection::establish(admin_url) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut admin);
            }
        }
    }
}

/// How long each measurement runs.
pub fn window(options: &Options) -> Duration {
    Duration::from_secs_f64(options.seconds)
}
