use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
use support_contacts::cli::database_url;
use support_contacts::config::ServeArgs;
use support_contacts::domain::SystemClock;
use support_contacts::{Application, db, demo};

#[derive(Parser)]
#[command(
    name = "support-contacts",
    version,
    about = "Designated support contacts for the cloud reseller channel"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

/// `support-contacts` with no subcommand serves, configured by the environment.
#[derive(Parser)]
struct ServeOnly {
    #[command(flatten)]
    args: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (the default).
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate {
        #[arg(long, env = "DATABASE_URL")]
        database_url: Option<String>,
    },
    /// Copy a whole database into an empty one (SQLite to PostgreSQL, or back).
    Copy {
        /// The database to copy (a SQLite path or URL, or a postgres:// URL).
        #[arg(long)]
        from: String,
        /// The empty database to fill.
        #[arg(long)]
        to: String,
    },
    /// Write a consistent copy of the live SQLite database to PATH.
    Backup {
        /// The new file to write.
        path: std::path::PathBuf,
        #[arg(long, env = "DATABASE_URL")]
        database_url: Option<String>,
    },
    /// Manage partner organizations.
    Partners {
        #[command(subcommand)]
        action: support_contacts::cli::partners::PartnersCommand,
        #[arg(long, env = "DATABASE_URL", global = true)]
        database_url: Option<String>,
    },
    /// Manage users: the first admin of a new organization, passwords, disabling.
    Users {
        #[command(subcommand)]
        action: support_contacts::cli::users::UsersCommand,
        #[arg(long, env = "DATABASE_URL", global = true)]
        database_url: Option<String>,
    },
    /// E-mail not sent yet: waiting for its next attempt, or given up.
    Outbox {
        #[command(subcommand)]
        action: support_contacts::cli::outbox::OutboxCommand,
        #[arg(long, env = "DATABASE_URL", global = true)]
        database_url: Option<String>,
    },
    /// Manage keys for the REST API (/v1): each acts as one partner user.
    ApiKeys(support_contacts::cli::api_keys::ApiKeysArgs),
    /// Load data into an empty database.
    Seed {
        /// Load the demo organizations, users and subscriptions.
        #[arg(long)]
        demo: bool,
        #[arg(long, env = "DATABASE_URL")]
        database_url: Option<String>,
    },
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    if std::env::var("LOG_FORMAT").is_ok_and(|v| v == "json") {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
        tracing_subscriber::fmt()
            .with_ansi(ansi)
            .with_env_filter(filter)
            .init();
    }
}

fn main() -> anyhow::Result<()> {
    init_tracing();
    let cli = Cli::parse();
    let command = cli
        .command
        .unwrap_or_else(|| Command::Serve(ServeOnly::parse_from(["support-contacts"]).args));
    match command {
        Command::Serve(args) => serve(args),
        Command::Migrate { database_url: raw } => {
            let url = database_url(raw)?;
            db::prepare(&url, |_, _| Ok(()))?;
            tracing::info!(database = %url, "migrations applied");
            Ok(())
        }
        Command::Copy { from, to } => {
            let (from, to) = (db::DatabaseUrl::parse(&from)?, db::DatabaseUrl::parse(&to)?);
            let copied = support_contacts::copy::copy(&from, &to)?;
            for (table, rows) in &copied {
                tracing::info!(table, rows, "copied");
            }
            tracing::info!(from = %from, to = %to, "copy complete");
            Ok(())
        }
        Command::Users {
            action,
            database_url,
        } => support_contacts::cli::users::run(action, database_url),
        Command::Partners {
            action,
            database_url,
        } => support_contacts::cli::partners::run(action, database_url),
        Command::ApiKeys(args) => args.run(),
        Command::Outbox {
            action,
            database_url,
        } => support_contacts::cli::outbox::run(action, database_url),
        Command::Backup {
            path,
            database_url: raw,
        } => {
            let url = database_url(raw)?;
            db::backup(&url, &path)?;
            tracing::info!(backup = %path.display(), "backup written");
            Ok(())
        }
        Command::Seed {
            demo: load_demo,
            database_url: raw,
        } => {
            if !load_demo {
                anyhow::bail!("say what to load: `support-contacts seed --demo`");
            }
            let url = database_url(raw)?;
            db::prepare(&url, |conn, _| {
                demo::seed(conn, chrono::Utc::now().naive_utc())
            })?;
            tracing::info!(database = %url, "demo data loaded");
            Ok(())
        }
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    let settings = args.into_settings()?;
    let public_url = settings.public_url.clone();
    let database = settings.database_url.to_string();
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(settings, Arc::new(SystemClock))?;
        let listening = format!("http://{}", app.local_addr());
        tracing::info!(url = %public_url, %listening, database = %database, "support-contacts is serving; open the URL in a browser");
        if app.seeded_demo() {
            for (email, what) in demo::DEMO_USERS {
                tracing::info!(email, what, password = demo::DEMO_PASSWORD, "demo sign-in");
            }
        }
        let stopper = app.stopper();
        actix_web::rt::spawn(async move {
            wait_for_stop_signal().await;
            stopper.stop().await;
        });
        app.run_until_stopped().await.context("serving")?;
        tracing::info!("stopped");
        Ok(())
    })
}

/// SIGTERM (from an orchestrator) or SIGINT (Ctrl-C).
async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = terminate.recv() => tracing::info!("SIGTERM received"),
                    _ = tokio::signal::ctrl_c() => tracing::info!("SIGINT received"),
                }
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops gracefully");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
