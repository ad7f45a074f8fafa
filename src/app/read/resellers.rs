//! What the resellers pages show: a provider's resellers (a reseller's
//! providers), one reseller with its bulk lists, one provider.

use chrono::NaiveDateTime;

use super::{Authorization, Invitation, partner_names};
use crate::app::{Error, PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::states::AuthorizationState;
use crate::domain::{PartnerKind, Subscription, SubscriptionId, TenantId};
use crate::store;
use crate::store::support::{List, Plan};

pub use crate::store::support::Total;

/// An authorization and how many subscriptions the reseller supports.
pub type Supporting = (Authorization, i64);

/// The resellers page: a page of a provider's resellers with how many
/// subscriptions each supports (kept counts), and its invitations still
/// open; for a reseller, every provider it authorized.
pub struct Resellers {
    pub rows: Vec<Supporting>,
    /// The last reseller shown, when more follow: where the next page starts.
    pub next: Option<TenantId>,
    pub invitations: Vec<Invitation>,
}

/// `state`: only the authorizations in it (all without); `after`: the
/// reseller the page starts after (one that is not the caller's starts
/// from the beginning); `limit`: how many.
pub fn list(
    conn: &mut DbConn,
    caller: PartnerCaller,
    state: Option<AuthorizationState>,
    after: Option<&TenantId>,
    limit: i64,
    now: NaiveDateTime,
) -> Result<Resellers> {
    let partner = &caller.partner.tenant_id;
    if caller.partner.kind != PartnerKind::IndirectProvider {
        let rows = store::partners::providers_authorized_by(conn, partner)?
            .into_iter()
            .filter(|a| state.is_none_or(|only| (only == AuthorizationState::Active) == a.active))
            .map(|a| (a, 0))
            .collect();
        return Ok(Resellers {
            rows,
            next: None,
            invitations: Vec::new(),
        });
    }
    let page = store::resellers::page(conn, partner, state, after, limit)?;
    let ids: Vec<&str> = page
        .rows
        .iter()
        .map(|a| a.partner.tenant_id.as_str())
        .collect();
    let counts = store::support_counts::for_contacts(conn, partner, &ids)?;
    let next = page
        .more
        .then(|| page.rows.last().map(|a| a.partner.tenant_id.clone()))
        .flatten();
    let rows = page
        .rows
        .into_iter()
        .map(|a| {
            let supported = counts.get(a.partner.tenant_id.as_str()).copied();
            (a, supported.unwrap_or(0))
        })
        .collect();
    let invitations = store::invitations::open_for_provider(conn, partner, now)?;
    Ok(Resellers {
        rows,
        next,
        invitations,
    })
}

/// A subscription as the bulk lists show it.
pub struct Row {
    pub company: String,
    pub subscription: Subscription,
    /// Its designated support contact's name.
    pub contact: String,
}

/// What a reseller's page asks of its two lists: customers whose name
/// begins with `search`; each list's page after its own row.
#[derive(Debug, Clone, Default)]
pub struct ListsQuery {
    pub search: Option<String>,
    pub supported_after: Option<SubscriptionId>,
    pub could_after: Option<SubscriptionId>,
    /// Rows per page of each list.
    pub limit: i64,
}

/// Lists are counted up to this many rows; past it, a page says "more
/// than".
pub const COUNT_BOUND: i64 = 1_000;

/// A page of one bulk list.
pub struct BulkList {
    pub rows: Vec<Row>,
    /// How many rows the whole list has (for the search, if any).
    pub total: Total,
    /// The last row shown, when more follow: where the next page starts.
    pub next: Option<SubscriptionId>,
    /// This page starts after a row: it is not the first.
    pub later: bool,
}

/// One of the provider's current resellers, with a page of what it
/// supports and of what it could support.
pub struct Reseller {
    pub authorization: Authorization,
    /// How many of the provider's subscriptions it supports in all.
    pub supports: i64,
    pub supported: BulkList,
    pub could: BulkList,
}

pub fn reseller(
    conn: &mut DbConn,
    caller: PartnerCaller,
    reseller: &TenantId,
    query: &ListsQuery,
    now: NaiveDateTime,
) -> Result<Reseller> {
    let authorization = reseller_of(conn, caller, reseller)?;
    let provider = &caller.partner.tenant_id;
    let supports = store::support_counts::of(conn, provider, reseller)?;
    let search = query.search.as_deref();
    let supported_total = match search {
        None => Total::Exactly(supports),
        Some(_) => store::support::count_up_to(
            conn,
            provider,
            List::SupportedBy(reseller),
            search,
            COUNT_BOUND,
        )?,
    };
    let supported = one_list(
        conn,
        provider,
        List::SupportedBy(reseller),
        query,
        query.supported_after.as_ref(),
        supported_total,
    )?;
    let access = store::gdap::DelegatedAccess::of(conn, provider, now)?;
    let list = List::CouldBeSupportedBy(reseller, access);
    let could_total = store::support::count_up_to(conn, provider, list, search, COUNT_BOUND)?;
    let could = one_list(
        conn,
        provider,
        list,
        query,
        query.could_after.as_ref(),
        could_total,
    )?;
    let names = partner_names(
        conn,
        supported
            .rows
            .iter()
            .chain(&could.rows)
            .map(|(_, s)| s.parties.support_contact.to_string()),
    )?;
    let with_names = |page: Paged| -> BulkList {
        let rows = page
            .rows
            .into_iter()
            .map(|(company, subscription)| Row {
                contact: names
                    .get(subscription.parties.support_contact.as_str())
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                company,
                subscription,
            })
            .collect();
        BulkList {
            rows,
            total: page.total,
            next: page.next,
            later: page.later,
        }
    };
    Ok(Reseller {
        authorization,
        supports,
        supported: with_names(supported),
        could: with_names(could),
    })
}

/// A page of one list before the contacts' names are added.
struct Paged {
    rows: Vec<(String, Subscription)>,
    total: Total,
    next: Option<SubscriptionId>,
    later: bool,
}

fn one_list(
    conn: &mut DbConn,
    provider: &TenantId,
    list: List<'_>,
    query: &ListsQuery,
    after: Option<&SubscriptionId>,
    total: Total,
) -> Result<Paged> {
    // A row that is not the provider's starts the list from the beginning.
    let key = match after {
        Some(id) => store::support::key_of(conn, provider, id)?,
        None => None,
    };
    let plan = Plan::for_rows(total.at_least());
    let search = query.search.as_deref();
    let page = store::support::page(
        conn,
        provider,
        list,
        search,
        key.as_ref(),
        query.limit,
        plan,
    )?;
    let next = page
        .more
        .then(|| page.rows.last().map(|(_, s)| s.id.clone()))
        .flatten();
    Ok(Paged {
        rows: page.rows,
        total,
        next,
        later: key.is_some(),
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
    let supported = store::support_counts::of(conn, provider, reseller)?;
    Ok((authorization, supported))
}
