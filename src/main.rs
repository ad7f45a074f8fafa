use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand};
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

#[derive(Subcommand)]
enum UsersCommand {
    /// Create a user in an existing partner or customer organization. The
    /// password is read from standard input (first line), or asked for.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin_agent or helpdesk_agent for a partner; customer_admin for a customer.
        #[arg(long)]
        role: String,
        /// The partner's tenant id.
        #[arg(
            long,
            conflicts_with = "customer",
            required_unless_present = "customer"
        )]
        partner: Option<String>,
        /// The customer's tenant id.
        #[arg(long)]
        customer: Option<String>,
    },
    /// Disable a user: their sessions end at once and they cannot sign in.
    Disable(WhichUser),
    /// Enable a disabled user again.
    Enable(WhichUser),
    /// Set a user's password (read like `create`'s); their sessions end.
    SetPassword(WhichUser),
}

/// One user: an address is unique within an organization, so when it is a
/// user of several, the organization is named too.
#[derive(clap::Args)]
struct WhichUser {
    #[arg(long)]
    email: String,
    /// The partner's tenant id, when the address is a user of several organizations.
    #[arg(long, conflicts_with = "customer")]
    partner: Option<String>,
    /// The customer's tenant id, likewise.
    #[arg(long)]
    customer: Option<String>,
}

#[derive(clap::Args)]
struct NewPartnerArgs {
    #[arg(long)]
    name: String,
    #[arg(long)]
    mpn_id: String,
    /// indirect_provider, indirect_reseller or direct_bill_partner.
    #[arg(long)]
    kind: String,
    #[arg(long)]
    support_email: String,
    #[arg(long)]
    support_telephone: String,
    #[arg(long)]
    support_website: String,
    /// The partner's tenant id, when it has one already (a new one otherwise).
    #[arg(long)]
    tenant_id: Option<String>,
}

#[derive(Subcommand)]
enum PartnersCommand {
    /// Create a partner organization; prints its tenant id.
    Create(NewPartnerArgs),
    /// Record that a reseller has authorized a provider: the reseller becomes
    /// one of the provider's resellers.
    Authorize {
        /// The indirect provider's tenant id.
        #[arg(long)]
        provider: String,
        /// The indirect reseller's tenant id.
        #[arg(long)]
        reseller: String,
    },
    /// End a reseller's authorization of a provider; every subscription of
    /// the provider the reseller supported goes back to the provider.
    EndAuthorization {
        #[arg(long)]
        provider: String,
        #[arg(long)]
        reseller: String,
    },
}

fn partners(action: PartnersCommand, raw_url: Option<String>) -> anyhow::Result<()> {
    use support_contacts::domain::TenantId;
    let parse_tenant = |raw: &str| {
        TenantId::parse(raw).map_err(|_| anyhow::anyhow!("{raw:?} is not a tenant id (a GUID)"))
    };
    let (provider, reseller, start) = match action {
        PartnersCommand::Authorize { provider, reseller } => (provider, reseller, true),
        PartnersCommand::EndAuthorization { provider, reseller } => (provider, reseller, false),
        PartnersCommand::Create(new) => return create_partner(new, raw_url),
    };
    let (provider, reseller) = (parse_tenant(&provider)?, parse_tenant(&reseller)?);
    let url = database_url(raw_url)?;
    let actor = support_contacts::store::audit::Actor::command_line();
    let now = chrono::Utc::now().naive_utc();
    let mut outcome = Ok(());
    db::prepare(&url, |conn, _| {
        use support_contacts::app::authorizations as relationships;
        outcome = if start {
            relationships::authorize_reseller(conn, &actor, &provider, &reseller, now)
                .map(|()| println!("{reseller} is now a reseller of {provider}"))
                .map_err(Into::into)
        } else {
            relationships::end_authorization(conn, &actor, &provider, &reseller, now)
                .map(|reverted| {
                    println!(
                        "ended; {} subscription(s) went back to the provider's support",
                        reverted.len()
                    )
                })
                .map_err(Into::into)
        };
        Ok(())
    })?;
    outcome
}

fn create_partner(new: NewPartnerArgs, raw_url: Option<String>) -> anyhow::Result<()> {
    use support_contacts::domain::{Partner, PartnerKind, SupportProfile, TenantId};
    let NewPartnerArgs {
        name,
        mpn_id,
        kind,
        support_email,
        support_telephone,
        support_website,
        tenant_id,
    } = new;
    let kind = PartnerKind::parse(&kind).ok_or_else(|| {
        anyhow::anyhow!(
            "--kind must be indirect_provider, indirect_reseller or direct_bill_partner"
        )
    })?;
    let tenant_id = match tenant_id {
        Some(raw) => TenantId::parse(&raw)
            .map_err(|_| anyhow::anyhow!("{raw:?} is not a tenant id (a GUID)"))?,
        None => TenantId::new_random(),
    };
    let partner = Partner {
        tenant_id,
        mpn_id: mpn_id.trim().to_owned(),
        name: name.trim().to_owned(),
        kind,
        support: SupportProfile {
            email: support_email.trim().to_lowercase(),
            telephone: support_telephone.trim().to_owned(),
            website: support_website.trim().to_owned(),
        },
    };
    let url = database_url(raw_url)?;
    let actor = support_contacts::store::audit::Actor::command_line();
    let now = chrono::Utc::now().naive_utc();
    db::prepare(&url, |conn, _| {
        support_contacts::app::partners::create(conn, &actor, &partner, now)
    })?;
    println!("{}", partner.tenant_id);
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal};
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("New password: ")?;
        let again = rpassword::prompt_password("Again: ")?;
        anyhow::ensure!(first == again, "the two passwords differ");
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn which_organization(
    which: &WhichUser,
) -> anyhow::Result<Option<support_contacts::domain::Organization>> {
    use support_contacts::domain::{Organization, TenantId};
    let parse = |raw: &str| {
        TenantId::parse(raw).map_err(|_| anyhow::anyhow!("{raw:?} is not a tenant id (a GUID)"))
    };
    Ok(match (&which.partner, &which.customer) {
        (Some(p), _) => Some(Organization::Partner(parse(p)?)),
        (None, Some(c)) => Some(Organization::Customer(parse(c)?)),
        (None, None) => None,
    })
}

fn users(action: UsersCommand, raw_url: Option<String>) -> anyhow::Result<()> {
    use support_contacts::app::users as accounts;
    use support_contacts::domain::{Organization, Role, TenantId};
    let url = database_url(raw_url)?;
    let actor = support_contacts::store::audit::Actor::command_line();
    let now = chrono::Utc::now().naive_utc();
    let parse_tenant = |raw: &str| {
        TenantId::parse(raw).map_err(|_| anyhow::anyhow!("{raw:?} is not a tenant id (a GUID)"))
    };
    let mut result = Ok(());
    db::prepare(&url, |conn, _| {
        result = match action {
            UsersCommand::Create {
                email,
                name,
                role,
                partner,
                customer,
            } => {
                let role = Role::parse(&role).ok_or_else(|| {
                    anyhow::anyhow!("--role must be admin_agent, helpdesk_agent or customer_admin")
                })?;
                let organization = match (partner, customer) {
                    (Some(p), None) => Organization::Partner(parse_tenant(&p)?),
                    (None, Some(c)) => Organization::Customer(parse_tenant(&c)?),
                    _ => anyhow::bail!("give exactly one of --partner and --customer"),
                };
                let password = read_password()?;
                let new = accounts::NewAccount {
                    email: &email,
                    display_name: &name,
                    organization,
                    role,
                    password: &password,
                };
                accounts::create(conn, &actor, new, now)
                    .map(|id| tracing::info!(user_id = id, "user created"))
                    .map_err(Into::into)
            }
            UsersCommand::Disable(which) => {
                let organization = which_organization(&which)?;
                accounts::set_disabled(conn, &actor, &which.email, organization.as_ref(), true, now)
                    .map_err(Into::into)
            }
            UsersCommand::Enable(which) => {
                let organization = which_organization(&which)?;
                accounts::set_disabled(
                    conn,
                    &actor,
                    &which.email,
                    organization.as_ref(),
                    false,
                    now,
                )
                .map_err(Into::into)
            }
            UsersCommand::SetPassword(which) => {
                let organization = which_organization(&which)?;
                let password = read_password()?;
                accounts::set_password(
                    conn,
                    &actor,
                    &which.email,
                    organization.as_ref(),
                    &password,
                    now,
                )
                .map_err(Into::into)
            }
        };
        Ok(())
    })?;
    result
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
        action: PartnersCommand,
        #[arg(long, env = "DATABASE_URL", global = true)]
        database_url: Option<String>,
    },
    /// Manage users: the first admin of a new organization, passwords, disabling.
    Users {
        #[command(subcommand)]
        action: UsersCommand,
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

fn database_url(raw: Option<String>) -> anyhow::Result<db::DatabaseUrl> {
    db::DatabaseUrl::parse(
        raw.as_deref()
            .unwrap_or(support_contacts::config::DEFAULT_DATABASE_PATH),
    )
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
        } => users(action, database_url),
        Command::Partners {
            action,
            database_url,
        } => partners(action, database_url),
        Command::ApiKeys(args) => args.run(),
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
