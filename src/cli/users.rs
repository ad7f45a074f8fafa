//! `support-contacts users create | disable | enable | set-password`: an
//! operator manages people (the first admin of a new organization, say).

use clap::Subcommand;

use super::database_url;
use crate::db;

#[derive(Subcommand)]
pub enum UsersCommand {
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
pub struct WhichUser {
    #[arg(long)]
    email: String,
    /// The partner's tenant id, when the address is a user of several organizations.
    #[arg(long, conflicts_with = "customer")]
    partner: Option<String>,
    /// The customer's tenant id, likewise.
    #[arg(long)]
    customer: Option<String>,
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

fn which_organization(which: &WhichUser) -> anyhow::Result<Option<crate::domain::Organization>> {
    use crate::domain::{Organization, TenantId};
    let parse = |raw: &str| {
        TenantId::parse(raw).map_err(|_| anyhow::anyhow!("{raw:?} is not a tenant id (a GUID)"))
    };
    Ok(match (&which.partner, &which.customer) {
        (Some(p), _) => Some(Organization::Partner(parse(p)?)),
        (None, Some(c)) => Some(Organization::Customer(parse(c)?)),
        (None, None) => None,
    })
}

pub fn run(action: UsersCommand, raw_url: Option<String>) -> anyhow::Result<()> {
    use crate::app::users as accounts;
    use crate::domain::{Organization, Role, TenantId};
    let url = database_url(raw_url)?;
    let actor = crate::store::audit::Actor::command_line();
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
