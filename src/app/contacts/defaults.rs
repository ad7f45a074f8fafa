//! A provider's default support contact at one customer: the eligible
//! partner its new subscriptions there start with instead of itself (rule 1
//! with a default). Setting it checks rule 2 now; adding a subscription
//! checks it again; and when the partner stops being eligible the default
//! goes back to the provider in the same transaction, audited.

use chrono::NaiveDateTime;

use super::{Error, PartnerCaller, Result, without_partners};
use crate::db::{self, DbConn};
use crate::domain::audit::Action;
use crate::domain::eligibility;
use crate::domain::{Partner, TenantId};
use crate::store::audit::{self, Actor};
use crate::store::{customers, default_contacts, partners};

/// Make `contact` the partner the caller's new subscriptions at `customer`
/// start with; `None` (or the provider itself): the provider, rule 1.
#[derive(Debug, Clone)]
pub struct SetDefault {
    pub customer: TenantId,
    pub contact: Option<TenantId>,
}

/// What setting a default did; `contact` is the default now (the provider
/// when none is set).
#[derive(Debug, Clone)]
pub enum DefaultSet {
    Changed { contact: Partner },
    Unchanged { contact: Partner },
}

/// A provider's admin sets (or clears) its default support contact for one
/// of its customers: 404 for a customer that is not its own, 403 for a
/// reseller or a helpdesk agent; the choice must be eligible now (rule 2).
/// Audited with before and after (the provider when there was none).
pub fn set_default(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    input: &SetDefault,
    now: NaiveDateTime,
) -> Result<DefaultSet> {
    let provider = &caller.partner.tenant_id;
    let customer = &input.customer;
    db::write(conn, |conn| {
        if customers::get_for_partner(conn, provider, customer)?.is_none() {
            return Err(Error::NotFound);
        }
        if !caller.partner.kind.transacts() {
            return Err(Error::Forbidden);
        }
        caller.must_be_admin()?;
        let wanted = input.contact.as_ref().filter(|c| *c != provider);
        if let Some(contact) = wanted
            && !super::is_eligible(conn, provider, customer, contact, now)?
        {
            return Err(Error::invalid("default_contact", "not_eligible"));
        }
        let before = default_contacts::get(conn, provider, customer)?;
        let to = wanted.unwrap_or(provider).clone();
        let named = partners::get(conn, &to)?
            .ok_or_else(|| Error::internal("a default names an unknown partner"))?;
        if before.as_ref() == wanted {
            return Ok(DefaultSet::Unchanged { contact: named });
        }
        match wanted {
            Some(contact) => {
                let actor = caller.actor();
                default_contacts::set(conn, provider, customer, contact, &actor.email, now)?
            }
            None => {
                default_contacts::clear(conn, provider, customer)?;
            }
        }
        audit::insert(
            conn,
            &caller.actor(),
            audit::NewEntry {
                action: Action::DefaultContactSet,
                customer: Some(customer),
                subscription: None,
                from_partner: Some(before.as_ref().unwrap_or(provider)),
                to_partner: Some(&to),
                detail: "",
            },
            now,
        )?;
        Ok(DefaultSet::Changed { contact: named })
    })
}

/// The contact a new subscription of `provider` at `customer` starts
/// with, inside the caller's transaction: its default when one is set and
/// still eligible now; `None` (rule 1: the provider) otherwise.
pub fn for_new_subscription(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    now: NaiveDateTime,
) -> diesel::QueryResult<Option<TenantId>> {
    let Some(contact) = default_contacts::get(conn, provider, customer)? else {
        return Ok(None);
    };
    Ok(eligible(conn, provider, customer, &contact, now)?.then_some(contact))
}

fn eligible(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    contact: &TenantId,
    now: NaiveDateTime,
) -> diesel::QueryResult<bool> {
    let candidates = partners::contact_candidates(conn, provider, customer, now)?;
    Ok(eligibility::evaluate((), provider, without_partners(candidates)).is_eligible(contact))
}

/// Called by `revert_ineligible`, in its transaction: every default at
/// `customer` whose partner is no longer eligible goes back to its
/// provider, audited with `reason`. Gives how many.
pub(super) fn clear_ineligible(
    conn: &mut DbConn,
    actor: &Actor,
    customer: &TenantId,
    reason: Action,
    now: NaiveDateTime,
) -> diesel::QueryResult<usize> {
    let mut cleared = 0;
    for (provider, contact) in default_contacts::for_customer(conn, customer)? {
        if eligible(conn, &provider, customer, &contact, now)? {
            continue;
        }
        default_contacts::clear(conn, &provider, customer)?;
        audit::insert(
            conn,
            actor,
            audit::NewEntry {
                action: Action::DefaultContactCleared,
                customer: Some(customer),
                subscription: None,
                from_partner: Some(&contact),
                to_partner: Some(&provider),
                detail: reason.as_str(),
            },
            now,
        )?;
        cleared += 1;
    }
    Ok(cleared)
}

/// `customers` (ascending) with every customer at which `provider` has a
/// default naming `contact` (any, when `None`): what a provider-wide end of
/// eligibility passes to `revert_ineligible`.
pub fn and_defaults_of(
    conn: &mut DbConn,
    provider: &TenantId,
    contact: Option<&TenantId>,
    mut customers: Vec<TenantId>,
) -> diesel::QueryResult<Vec<TenantId>> {
    customers.extend(default_contacts::customers_of(conn, provider, contact)?);
    customers.sort();
    customers.dedup();
    Ok(customers)
}
