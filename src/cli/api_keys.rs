//! `support-contacts api-keys create | list | revoke`: an operator's keys
//! for the REST API, made for a partner user and acting as them.

use anyhow::anyhow;
use chrono::NaiveDateTime;

use crate::app::Error;
use crate::app::api_keys::{self, Revoked};
use crate::db::{self, DatabaseUrl};
use crate::domain::TenantId;
use crate::store::audit::Actor;

#[derive(clap::Args)]
pub struct ApiKeysArgs {
    #[command(subcommand)]
    action: ApiKeysCommand,
    #[arg(long, env = "DATABASE_URL", global = true)]
    database_url: Option<String>,
}

#[derive(clap::Subcommand)]
pub enum ApiKeysCommand {
    /// Make a key that acts as a partner user, with their role. Prints the
    /// key, alone, on standard output: it is shown this once (only its hash
    /// is kept).
    Create {
        /// The partner user's e-mail address.
        #[arg(long)]
        user: String,
        /// What the key is for (1 to 200 characters).
        #[arg(long)]
        name: String,
        /// The partner's tenant id, when the address is a user of several partners.
        #[arg(long)]
        partner: Option<String>,
    },
    /// The keys that act as a partner user, newest first, one a line,
    /// tab-separated: id, prefix, name, created, last used, revoked ("-"
    /// for never).
    List {
        #[arg(long)]
        user: String,
        #[arg(long)]
        partner: Option<String>,
    },
    /// Revoke a key by its id: it stops working at once. Revoking a revoked
    /// key changes nothing.
    Revoke { id: String },
}

impl ApiKeysArgs {
    pub fn run(self) -> anyhow::Result<()> {
        run(self.action, &super::database_url(self.database_url)?)
    }
}

fn tenant(raw: Option<&str>) -> anyhow::Result<Option<TenantId>> {
    raw.map(|raw| TenantId::parse(raw).map_err(|_| anyhow!("{raw:?} is not a tenant id (a GUID)")))
        .transpose()
}

/// The core's refusal, in the operator's words.
fn explain(e: Error, user: &str) -> anyhow::Error {
    match e {
        Error::NotFound => anyhow!("no partner user has the address {user}"),
        Error::Invalid {
            field: "user",
            problem: "ambiguous",
        } => anyhow!("{user} is a user of several partners: name one with --partner"),
        Error::Invalid {
            field: "user",
            problem: "disabled",
        } => anyhow!("{user} is disabled: enable them first"),
        Error::Invalid { field: "name", .. } => {
            anyhow!("--name must be 1 to 200 characters, without control characters")
        }
        other => other.into(),
    }
}

fn when(at: Option<NaiveDateTime>) -> String {
    at.map_or_else(
        || "-".to_owned(),
        |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    )
}

pub fn run(action: ApiKeysCommand, url: &DatabaseUrl) -> anyhow::Result<()> {
    let actor = Actor::command_line();
    let now = chrono::Utc::now().naive_utc();
    db::prepare(url, |conn, _| match action {
        ApiKeysCommand::Create {
            user,
            name,
            partner,
        } => {
            let partner = tenant(partner.as_deref())?;
            let (holder, created) =
                api_keys::create_as_operator(conn, &actor, &user, partner.as_ref(), &name, now)
                    .map_err(|e| explain(e, &user))?;
            tracing::info!(key_id = %created.id, user_id = holder.id, "API key created");
            println!("{}", created.secret);
            Ok(())
        }
        ApiKeysCommand::List { user, partner } => {
            let partner = tenant(partner.as_deref())?;
            let (_, keys) = api_keys::list_as_operator(conn, &user, partner.as_ref())
                .map_err(|e| explain(e, &user))?;
            for key in keys {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    key.id,
                    key.prefix,
                    key.name,
                    when(Some(key.created_at)),
                    when(key.last_used_at),
                    when(key.revoked_at)
                );
            }
            Ok(())
        }
        ApiKeysCommand::Revoke { id } => {
            match api_keys::revoke_as_operator(conn, &actor, &id, now) {
                Ok(Revoked::Now) => println!("revoked {id}"),
                Ok(Revoked::Already) => println!("{id} was revoked already"),
                Err(Error::NotFound) => anyhow::bail!("no API key has the id {id}"),
                Err(e) => return Err(e.into()),
            }
            Ok(())
        }
    })
}
