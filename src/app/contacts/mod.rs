//! Designated support contacts: choosing one (rule 2), many at once, and
//! sending them back to their provider when they stop being eligible (the
//! consequence written after rule 8).

use crate::domain::audit::Action;
use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::{Error, PartnerCaller, Result};
use crate::db::{self, DbConn};
use crate::domain::eligibility::{self, Candidate};
use crate::domain::relationship::{self, Reversion};
use crate::domain::subscription::partner_access;
use crate::domain::{Access, Partner, Subscription, SubscriptionId, SubscriptionStatus, TenantId};
use crate::store::audit::{self, Actor};
use crate::store::{partners, subscriptions};

mod bulk;
mod defaults;

pub use bulk::{
    AssignMany, AssignMatching, BulkDone, BulkRefused, Direction, assign_many, assign_matching,
};
pub use defaults::{DefaultSet, SetDefault, and_defaults_of, for_new_subscription, set_default};

/// Make `contact` the designated support contact of one subscription, as
/// the user saw it at `version`.
#[derive(Debug, Clone)]
pub struct AssignContact {
    pub customer: TenantId,
    pub subscription: SubscriptionId,
    pub version: i32,
    pub contact: TenantId,
}

/// What an assignment did.
#[derive(Debug, Clone)]
pub enum Assigned {
    /// Changed; `change_id` is its audit row, which the review page shows.
    Changed { change_id: i32 },
    /// The contact was already this partner: nothing to do.
    Unchanged { contact: Partner },
}

/// A subscription the caller's partner may change (rule 7): someone else's
/// is not found; one it only sees, or a deleted one, is not its to change.
fn managed(
    conn: &mut DbConn,
    caller: &PartnerCaller<'_>,
    customer: &TenantId,
    id: &SubscriptionId,
) -> Result<Subscription> {
    let provider = &caller.partner.tenant_id;
    let current =
        subscriptions::get_for_partner(conn, provider, customer, id)?.ok_or(Error::NotFound)?;
    caller.must_be_admin()?;
    match partner_access(provider, &current.parties) {
        Some(Access::Manage) if current.status != SubscriptionStatus::Deleted => Ok(current),
        Some(_) => Err(Error::Forbidden),
        None => Err(Error::NotFound),
    }
}

/// Who changed the subscription last, and when: for the conflict answer.
fn conflict(conn: &mut DbConn, id: &SubscriptionId) -> Result<Error> {
    let last = audit::for_subscription(conn, id, 1)?.pop();
    Ok(Error::Conflict {
        by: last.as_ref().map(|e| e.actor_email.clone()),
        at: last.map(|e| e.occurred_at),
    })
}

/// Is `contact` one of the choices rule 2 gives `provider` for this customer?
fn is_eligible(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    contact: &TenantId,
    now: NaiveDateTime,
) -> Result<bool> {
    let candidates = partners::contact_candidates(conn, provider, customer, now)?;
    Ok(eligibility::evaluate((), provider, without_partners(candidates)).is_eligible(contact))
}

pub(crate) fn without_partners(candidates: Vec<Candidate<Partner>>) -> Vec<Candidate<()>> {
    candidates
        .into_iter()
        .map(|c| Candidate {
            partner: (),
            tenant_id: c.tenant_id,
            authorized_by_provider: c.authorized_by_provider,
            relationship: c.relationship,
        })
        .collect()
}

/// Rule 2, applied to a subscription the caller manages, inside the caller's
/// transaction: the version the user saw, the choice checked against the
/// rows as they are now, the version checked again in the UPDATE.
fn apply(
    conn: &mut DbConn,
    actor: &Actor,
    current: &Subscription,
    version: i32,
    contact: &TenantId,
    now: NaiveDateTime,
) -> Result<Assigned> {
    if current.version != version {
        return Err(conflict(conn, &current.id)?);
    }
    let provider = &current.parties.provider;
    if &current.parties.support_contact == contact {
        let contact = partners::get(conn, contact)?
            .ok_or_else(|| Error::internal("a subscription names an unknown partner"))?;
        return Ok(Assigned::Unchanged { contact });
    }
    if !is_eligible(conn, provider, &current.customer, contact, now)? {
        return Err(Error::invalid("support_contact", "not_eligible"));
    }
    let from = &current.parties.support_contact;
    if !subscriptions::set_support_contact(
        conn,
        &current.id,
        provider,
        version,
        from,
        contact,
        now,
    )? {
        return Err(conflict(conn, &current.id)?);
    }
    let change_id = audit::insert(
        conn,
        actor,
        audit::NewEntry {
            action: Action::SupportContactChanged,
            customer: Some(&current.customer),
            subscription: Some(&current.id),
            from_partner: Some(&current.parties.support_contact),
            to_partner: Some(contact),
            detail: "",
        },
        now,
    )?;
    super::notify::contacts_moved(
        conn,
        &[super::notify::Moved {
            subscription: current,
            from,
            to: contact,
        }],
        false,
        now,
    )?;
    Ok(Assigned::Changed { change_id })
}

/// A provider's admin chooses the designated support contact of one of its
/// subscriptions (rule 2), audited.
pub fn assign(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    input: &AssignContact,
    now: NaiveDateTime,
) -> Result<Assigned> {
    db::write(conn, |conn| {
        let current = managed(conn, &caller, &input.customer, &input.subscription)?;
        apply(
            conn,
            &caller.actor(),
            &current,
            input.version,
            &input.contact,
            now,
        )
    })
}

/// Make `contact` the designated support contact of one subscription, at
/// the version the caller names, or, when it names none, at the version
/// that is current when the write transaction reads it.
#[derive(Debug, Clone)]
pub struct AssignAt {
    pub customer: TenantId,
    pub subscription: SubscriptionId,
    /// `None`: whatever version the subscription is at.
    pub version: Option<i32>,
    pub contact: TenantId,
}

/// [`assign`], with the version optional. Without one, the transaction
/// first takes the subscription's row for itself (`lock_for_change`), then
/// reads it: the version it applies to is the one current while it holds
/// the row, so a change committed meanwhile is never overwritten unseen and
/// never turns into a conflict.
pub fn assign_at(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    input: &AssignAt,
    now: NaiveDateTime,
) -> Result<Assigned> {
    db::write(conn, |conn| {
        if input.version.is_none() {
            subscriptions::lock_for_change(conn, &input.subscription, &caller.partner.tenant_id)?;
        }
        let current = managed(conn, &caller, &input.customer, &input.subscription)?;
        let version = input.version.unwrap_or(current.version);
        apply(
            conn,
            &caller.actor(),
            &current,
            version,
            &input.contact,
            now,
        )
    })
}

/// An operator (the command line, the demo) assigns a contact, with the
/// same rule and audit as a provider's admin; `actor` names who.
pub fn assign_as_operator(
    conn: &mut DbConn,
    actor: &Actor,
    provider: &TenantId,
    customer: &TenantId,
    input: &AssignContact,
    now: NaiveDateTime,
) -> Result<Assigned> {
    db::write(conn, |conn| {
        let current =
            subscriptions::get_for_partner(conn, provider, customer, &input.subscription)?
                .filter(|s| &s.parties.provider == provider)
                .ok_or(Error::NotFound)?;
        apply(conn, actor, &current, input.version, &input.contact, now)
    })
}

/// The one place that puts support contacts back to their provider when
/// they stop being eligible: every use-case that ends a relationship, DAP or
/// an authorization calls it in its own transaction, after the change, and
/// each reversion is audited with `reason`.
pub fn revert_ineligible(
    conn: &mut DbConn,
    actor: &Actor,
    customer: &TenantId,
    reason: Action,
    now: NaiveDateTime,
) -> diesel::QueryResult<Vec<Reversion>> {
    let live = subscriptions::list_live_for_customer(conn, customer)?;
    let mut candidates: HashMap<TenantId, Vec<Candidate<()>>> = HashMap::new();
    for provider in live.iter().map(|s| s.parties.provider.clone()) {
        if let std::collections::hash_map::Entry::Vacant(slot) = candidates.entry(provider) {
            let found = partners::contact_candidates(conn, slot.key(), customer, now)?;
            slot.insert(without_partners(found));
        }
    }
    let reversions = relationship::reversions(&live, |provider| {
        candidates.get(provider).cloned().unwrap_or_default()
    });
    for r in &reversions {
        let s = &r.subscription;
        subscriptions::set_support_contact(
            conn,
            &s.id,
            &s.parties.provider,
            s.version,
            &s.parties.support_contact,
            &r.to,
            now,
        )?;
        audit::insert(
            conn,
            actor,
            audit::NewEntry {
                action: Action::SupportContactReverted,
                customer: Some(customer),
                subscription: Some(&s.id),
                from_partner: Some(&r.from),
                to_partner: Some(&r.to),
                detail: reason.as_str(),
            },
            now,
        )?;
    }
    defaults::clear_ineligible(conn, actor, customer, reason, now)?;
    let moved: Vec<super::notify::Moved<'_>> = reversions
        .iter()
        .map(|r| super::notify::Moved {
            subscription: &r.subscription,
            from: &r.from,
            to: &r.to,
        })
        .collect();
    super::notify::contacts_moved(conn, &moved, true, now)?;
    Ok(reversions)
}
