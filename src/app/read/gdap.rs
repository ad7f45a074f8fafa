//! What the GDAP pages show: a partner's relationships, one of them with
//! what terminating it would send back, the request form, the approval
//! link, and a customer's relationships. Each scoped to the caller.

use chrono::NaiveDateTime;

use super::super::gdap::{self as core, Side};
use super::partner_names;
use crate::app::{CustomerCaller, Error, PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::gdap::{Roles, Status};
use crate::domain::relationship::Reversion;
use crate::domain::{Customer, GdapId, Partner, TenantId};
use crate::store;
use crate::store::gdap::Gdap;

/// Relationships a partner's GDAP page lists, at most.
pub const LIST_LIMIT: i64 = 300;
/// Expiring relationships the dashboard names, at most.
pub const DASHBOARD_EXPIRING: i64 = 5;
/// Relationships short of a provider's required roles the page lists, at
/// most.
pub const SHORT_LIMIT: i64 = 100;

/// One relationship as a list shows it: with the other side's name and its
/// status now.
#[derive(Debug, Clone)]
pub struct Listed {
    pub gdap: Gdap,
    /// The customer's company name (a partner's list) or the partner's name
    /// (a customer's list).
    pub other: String,
    pub status: Status,
}

/// A partner's GDAP page.
#[derive(Debug, Clone)]
pub struct PartnerGdaps {
    pub rows: Vec<Listed>,
    /// More than [`LIST_LIMIT`]: only the newest are listed.
    pub capped: bool,
    /// A provider: the roles it requires of its resellers' relationships.
    pub required: Option<Roles>,
    /// Active relationships that hold none of the roles a provider
    /// requires: a provider's resellers' ones with its customers, or a
    /// reseller's own under each of its providers.
    pub short: Vec<Short>,
}

/// An active relationship short of the roles a provider requires.
#[derive(Debug, Clone)]
pub struct Short {
    pub listed: Listed,
    pub reseller: Partner,
    pub provider: Partner,
    pub required: Roles,
}

fn short_found(
    conn: &mut DbConn,
    caller: &PartnerCaller<'_>,
    now: NaiveDateTime,
) -> Result<Vec<store::gdap::ShortOfRoles>> {
    let me = &caller.partner.tenant_id;
    Ok(if caller.partner.kind.transacts() {
        store::gdap::short_of_provider_roles(conn, me, now, SHORT_LIMIT)?
    } else {
        store::gdap::short_of_required_roles(conn, me, now, SHORT_LIMIT)?
    })
}

/// How many relationships the GDAP page lists as short of a provider's
/// required roles (the dashboard's count).
pub fn short_count(
    conn: &mut DbConn,
    caller: &PartnerCaller<'_>,
    now: NaiveDateTime,
) -> Result<usize> {
    Ok(short_found(conn, caller, now)?.len())
}

/// The relationships short of a provider's required roles the caller may
/// see, with the names they show.
fn short_of_roles(
    conn: &mut DbConn,
    caller: &PartnerCaller<'_>,
    now: NaiveDateTime,
) -> Result<Vec<Short>> {
    let found = short_found(conn, caller, now)?;
    let names = partner_names(
        conn,
        found
            .iter()
            .flat_map(|s| [s.gdap.partner.to_string(), s.provider.to_string()]),
    )?;
    let name = |id: &TenantId| {
        names
            .get(id.as_str())
            .cloned()
            .ok_or_else(|| Error::internal("a relationship's partner is gone"))
    };
    let mut out = Vec::with_capacity(found.len());
    let gdaps: Vec<Gdap> = found.iter().map(|s| s.gdap.clone()).collect();
    let listed = with_customer_names(conn, gdaps, now)?;
    for (s, listed) in found.into_iter().zip(listed) {
        out.push(Short {
            reseller: name(&s.gdap.partner)?,
            provider: name(&s.provider)?,
            required: s.required,
            listed,
        });
    }
    Ok(out)
}

fn with_customer_names(
    conn: &mut DbConn,
    found: Vec<Gdap>,
    now: NaiveDateTime,
) -> Result<Vec<Listed>> {
    let mut ids: Vec<&str> = found.iter().map(|g| g.customer.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let names = store::customers::names(conn, &ids)?;
    Ok(found
        .into_iter()
        .map(|gdap| Listed {
            other: names
                .get(gdap.customer.as_str())
                .cloned()
                .unwrap_or_else(|| gdap.customer.to_string()),
            status: gdap.facts.status_at(now),
            gdap,
        })
        .collect())
}

pub fn partner_list(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    now: NaiveDateTime,
) -> Result<PartnerGdaps> {
    let partner = &caller.partner.tenant_id;
    let mut found = store::gdap::list_for_partner(conn, partner, LIST_LIMIT + 1)?;
    let capped = found.len() as i64 > LIST_LIMIT;
    found.truncate(LIST_LIMIT as usize);
    let required = if caller.partner.kind.transacts() {
        Some(store::gdap::required_roles(conn, partner)?)
    } else {
        None
    };
    Ok(PartnerGdaps {
        rows: with_customer_names(conn, found, now)?,
        capped,
        required,
        short: short_of_roles(conn, &caller, now)?,
    })
}

/// The partner's relationships that end within 30 days without
/// auto-extend, soonest first, at most `limit`.
pub fn partner_expiring(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    now: NaiveDateTime,
    limit: i64,
) -> Result<Vec<Listed>> {
    let found = store::gdap::expiring_for_partner(conn, &caller.partner.tenant_id, now, limit)?;
    with_customer_names(conn, found, now)
}

/// One relationship, as either side sees it.
#[derive(Debug, Clone)]
pub struct One {
    pub gdap: Gdap,
    pub status: Status,
    pub customer: Customer,
    pub partner: Partner,
    /// Still in force or awaiting approval: it can be terminated.
    pub live: bool,
    /// The subscriptions whose contact would go back to their provider
    /// were it terminated now (empty once it has ended).
    pub would_revert: Vec<Reversion>,
}

fn one(conn: &mut DbConn, side: Side<'_>, id: &GdapId, now: NaiveDateTime) -> Result<One> {
    let gdap = core::get(conn, side, id)?;
    let status = gdap.facts.status_at(now);
    let live = matches!(
        status,
        Status::Active | Status::Expiring | Status::ApprovalPending
    );
    let would_revert = if live {
        core::would_revert(conn, side, id, now)?.1
    } else {
        Vec::new()
    };
    let customer = store::customers::get(conn, &gdap.customer)?
        .ok_or_else(|| Error::internal("a relationship's customer is gone"))?;
    let partner = store::partners::get(conn, &gdap.partner)?
        .ok_or_else(|| Error::internal("a relationship's partner is gone"))?;
    Ok(One {
        gdap,
        status,
        customer,
        partner,
        live,
        would_revert,
    })
}

pub fn partner_one(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    id: &GdapId,
    now: NaiveDateTime,
) -> Result<One> {
    one(conn, Side::Partner(caller), id, now)
}

pub fn customer_one(
    conn: &mut DbConn,
    caller: CustomerCaller<'_>,
    id: &GdapId,
    now: NaiveDateTime,
) -> Result<One> {
    one(conn, Side::Customer(caller), id, now)
}

/// What the request form needs: the customer (404 unless it is the
/// partner's), and the relationship to copy, when asked for one.
pub fn request_form(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    customer: &TenantId,
    from: Option<&GdapId>,
) -> Result<(Customer, Option<Gdap>)> {
    let found = store::customers::get_for_partner(conn, &caller.partner.tenant_id, customer)?
        .ok_or(Error::NotFound)?;
    let copied = match from {
        Some(id) => store::gdap::get_for_partner(conn, &caller.partner.tenant_id, id)?,
        None => None,
    };
    Ok((found, copied))
}

/// What an approval link shows a customer user: the request and who asks.
pub fn link(conn: &mut DbConn, caller: CustomerCaller<'_>, token: &str) -> Result<(Gdap, Partner)> {
    let gdap = core::by_link(conn, caller, token)?;
    let partner = store::partners::get(conn, &gdap.partner)?
        .ok_or_else(|| Error::internal("a relationship's partner is gone"))?;
    Ok((gdap, partner))
}

/// Whether a link is one that still awaits an answer, for someone who is
/// not a customer user: they are told to sign in as one.
pub fn link_is_open(conn: &mut DbConn, token: &str) -> Result<bool> {
    Ok(store::gdap::by_token(conn, token)?.is_some())
}

/// The customer's relationships, newest first, with each partner's name.
pub fn customer_list(
    conn: &mut DbConn,
    caller: CustomerCaller<'_>,
    now: NaiveDateTime,
) -> Result<Vec<Listed>> {
    let found = store::gdap::list_for_customer(conn, &caller.customer.tenant_id)?;
    let names = partner_names(conn, found.iter().map(|g| g.partner.to_string()))?;
    Ok(found
        .into_iter()
        .map(|gdap| Listed {
            other: names
                .get(gdap.partner.as_str())
                .map(|p| p.name.clone())
                .unwrap_or_else(|| gdap.partner.to_string()),
            status: gdap.facts.status_at(now),
            gdap,
        })
        .collect())
}
