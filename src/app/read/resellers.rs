//! What the resellers pages show: a provider's resellers (a reseller's
//! providers), one reseller with its bulk lists, one provider.

use chrono::NaiveDateTime;

use super::{Authorization, Invitation, partner_names};
use crate::app::{Error, PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::{PartnerKind, Subscription, TenantId};
use crate::store;

/// An authorization and how many subscriptions the reseller supports.
pub type Supporting = (Authorization, i64);

/// A provider's resellers with how many subscriptions each supports, and
/// its invitations still open; for a reseller, the providers it authorized.
pub fn list(
    conn: &mut DbConn,
    caller: PartnerCaller,
    now: NaiveDateTime,
) -> Result<(Vec<Supporting>, Vec<Invitation>)> {
    let partner = &caller.partner.tenant_id;
    if caller.partner.kind == PartnerKind::IndirectProvider {
        let counts = store::subscriptions::support_counts(conn, partner)?;
        let rows = store::partners::resellers_of(conn, partner)?
            .into_iter()
            .map(|a| {
                let supported = counts.get(a.partner.tenant_id.as_str()).copied();
                (a, supported.unwrap_or(0))
            })
            .collect();
        let open = store::invitations::open_for_provider(conn, partner, now)?;
        Ok((rows, open))
    } else {
        let rows = store::partners::providers_authorized_by(conn, partner)?
            .into_iter()
            .map(|a| (a, 0))
            .collect();
        Ok((rows, Vec::new()))
    }
}

/// A subscription as the bulk lists show it.
pub struct Row {
    pub company: String,
    pub subscription: Subscription,
    /// Its designated support contact's name.
    pub contact: String,
}

/// One of the provider's current resellers, with what it supports and what
/// it could support (the first `limit` of each, and how many in all).
pub struct Reseller {
    pub authorization: Authorization,
    pub supported: Vec<Row>,
    pub supported_total: i64,
    pub could: Vec<Row>,
    pub could_total: i64,
}

pub fn reseller(
    conn: &mut DbConn,
    caller: PartnerCaller,
    reseller: &TenantId,
    limit: i64,
) -> Result<Reseller> {
    let authorization = reseller_of(conn, caller, reseller)?;
    let provider = &caller.partner.tenant_id;
    let limit = Some(limit);
    let supported = store::subscriptions::supported_by(conn, provider, reseller, limit)?;
    let could = store::subscriptions::could_be_supported_by(conn, provider, reseller, limit)?;
    let (supported_total, could_total) = (supported.total, could.total);
    let (supported, could) = (supported.rows, could.rows);
    let names = partner_names(
        conn,
        supported
            .iter()
            .chain(&could)
            .map(|(_, s)| s.parties.support_contact.to_string()),
    )?;
    let rows = |list: Vec<(String, Subscription)>| -> Vec<Row> {
        list.into_iter()
            .map(|(company, subscription)| Row {
                contact: names
                    .get(subscription.parties.support_contact.as_str())
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                company,
                subscription,
            })
            .collect()
    };
    Ok(Reseller {
        authorization,
        supported: rows(supported),
        supported_total,
        could: rows(could),
        could_total,
    })
}

/// One of the provider's current resellers; `NotFound` for any other.
pub fn reseller_of(
    conn: &mut DbConn,
    caller: PartnerCaller,
    reseller: &TenantId,
) -> Result<Authorization> {
    store::partners::reseller_of(conn, &caller.partner.tenant_id, reseller)?.ok_or(Error::NotFound)
}

/// A provider the caller (a reseller) authorized, and how many of its
/// subscriptions the reseller supports; `NotFound` for any other.
pub fn provider(
    conn: &mut DbConn,
    caller: PartnerCaller,
    provider: &TenantId,
) -> Result<(Authorization, i64)> {
    let reseller = &caller.partner.tenant_id;
    let authorization =
        store::partners::provider_of(conn, reseller, provider)?.ok_or(Error::NotFound)?;
    let supported = store::subscriptions::supported_by(conn, provider, reseller, Some(0))?;
    Ok((authorization, supported.total))
}
