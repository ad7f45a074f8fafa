//! `support-contacts partners create | authorize | end-authorization`: an
//! operator manages partner organizations and who resells for whom.

use clap::Subcommand;

use super::database_url;
use crate::db;

#[derive(clap::Args)]
pub struct NewPartnerArgs {
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
pub enum PartnersCommand {
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

pub fn run(action: PartnersCommand, raw_url: Option<String>) -> anyhow::Result<()> {
    use crate::domain::TenantId;
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
    let actor = crate::store::audit::Actor::command_line();
    let now = chrono::Utc::now().naive_utc();
    let mut outcome = Ok(());
    db::prepare(&url, |conn, _| {
        use crate::app::authorizations as relationships;
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
    use crate::domain::{Partner, PartnerKind, SupportProfile, TenantId};
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
    let actor = crate::store::audit::Actor::command_line();
    let now = chrono::Utc::now().naive_utc();
    db::prepare(&url, |conn, _| {
        crate::app::partners::create(conn, &actor, &partner, now)
    })?;
    println!("{}", partner.tenant_id);
    Ok(())
}
