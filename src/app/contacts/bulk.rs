//! Bulk changes on a reseller's page: one of the provider's resellers made
//! the designated support contact of many subscriptions, or many given back
//! to the provider. All or nothing, in one transaction, each subscription
//! checked as one assignment is (rule 7's access, its version, rule 2), and
//! written with a few set-based statements whatever their number.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDateTime;

use super::conflict;
use crate::app::{Error, PartnerCaller};
use crate::db::{self, DbConn};
use crate::domain::audit::Action;
use crate::domain::eligibility::{self, Candidate};
use crate::domain::subscription::partner_access;
use crate::domain::{Access, Subscription, SubscriptionId, SubscriptionStatus, TenantId};
use crate::store::audit::{self, Actor};
use crate::store::gdap::DelegatedAccess;
use crate::store::support::{self, List};
use crate::store::{partners, relationships, subscriptions};

/// Which way a bulk change goes, for one of the provider's resellers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Make the reseller the contact.
    ToReseller,
    /// Give the contact back to the provider.
    ToProvider,
}

impl Direction {
    /// The bulk list whose rows this change applies to: what the reseller
    /// could support, or what it supports.
    fn list(self, reseller: &TenantId, access: DelegatedAccess) -> List<'_> {
        match self {
            Self::ToReseller => List::CouldBeSupportedBy(reseller, access),
            Self::ToProvider => List::SupportedBy(reseller),
        }
    }
}

/// Many subscriptions (each with the version the user saw) at once.
#[derive(Debug, Clone)]
pub struct AssignMany {
    pub reseller: TenantId,
    pub direction: Direction,
    pub items: Vec<(SubscriptionId, i32)>,
}

/// Every subscription of one of the reseller's bulk lists (only at
/// customers whose name begins with `search`, when given), on every page,
/// as they are when the change is made.
#[derive(Debug, Clone)]
pub struct AssignMatching {
    pub reseller: TenantId,
    pub direction: Direction,
    pub search: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkDone {
    pub changed: usize,
    pub unchanged: usize,
}

/// A bulk change that was refused as a whole because of one subscription.
#[derive(Debug)]
pub struct BulkRefused {
    pub subscription: Option<SubscriptionId>,
    pub error: Error,
}

impl From<Error> for BulkRefused {
    fn from(error: Error) -> Self {
        Self {
            subscription: None,
            error,
        }
    }
}

impl From<diesel::result::Error> for BulkRefused {
    fn from(e: diesel::result::Error) -> Self {
        Error::from(e).into()
    }
}

type Bulk<T> = std::result::Result<T, BulkRefused>;

/// A provider's admin makes one of its resellers the contact of the chosen
/// subscriptions, or gives them back to itself. Each is checked as one
/// assignment is, in the order given; the first refusal names its
/// subscription and nothing changes.
pub fn assign_many(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    input: &AssignMany,
    now: NaiveDateTime,
) -> Bulk<BulkDone> {
    let provider = &caller.partner.tenant_id;
    db::write(conn, |conn| {
        let contact = contact_for(conn, &caller, &input.reseller, input.direction)?;
        let mut seen = HashSet::with_capacity(input.items.len());
        let items: Vec<&(SubscriptionId, i32)> = input
            .items
            .iter()
            .filter(|(id, _)| seen.insert(id.as_str()))
            .collect();
        let ids: Vec<SubscriptionId> = items.iter().map(|(id, _)| id.clone()).collect();
        let found: HashMap<String, Subscription> = subscriptions::current_of(conn, provider, &ids)?
            .into_iter()
            .map(|s| (s.id.to_string(), s))
            .collect();
        let eligible = eligible_at(
            conn,
            provider,
            &input.reseller,
            contact,
            found.values(),
            now,
        )?;
        let mut changing = Vec::with_capacity(items.len());
        let mut unchanged = 0;
        for (id, version) in items {
            let refused = |error| BulkRefused {
                subscription: Some(id.clone()),
                error,
            };
            // Not the provider's (or no such subscription): not found.
            let current = found
                .get(id.as_str())
                .ok_or_else(|| refused(Error::NotFound))?;
            match partner_access(provider, &current.parties) {
                Some(Access::Manage) if current.status != SubscriptionStatus::Deleted => {}
                Some(_) => return Err(refused(Error::Forbidden)),
                None => return Err(refused(Error::NotFound)),
            }
            if current.version != *version {
                return Err(refused(conflict(conn, &current.id)?));
            }
            if &current.parties.support_contact == contact {
                unchanged += 1;
                continue;
            }
            if !eligible.contains(current.customer.as_str()) {
                return Err(refused(Error::invalid("support_contact", "not_eligible")));
            }
            changing.push(current);
        }
        let changed = change(conn, &caller.actor(), provider, &changing, contact, now)?;
        Ok(BulkDone { changed, unchanged })
    })
}

/// A provider's admin applies a bulk change to every subscription of the
/// list (what the reseller could support, or what it supports), taken and
/// read again inside the transaction: each one the provider manages, live,
/// not supported by the contact already, and eligible under rule 2 now.
pub fn assign_matching(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    input: &AssignMatching,
    now: NaiveDateTime,
) -> Bulk<BulkDone> {
    let provider = &caller.partner.tenant_id;
    db::write(conn, |conn| {
        let contact = contact_for(conn, &caller, &input.reseller, input.direction)?;
        let access = DelegatedAccess::of(conn, provider, now)?;
        let list = input.direction.list(&input.reseller, access);
        let search = input.search.as_deref();
        // Held until the end, so that what is read next is what is written.
        support::lock_all_of(conn, provider, list, search)?;
        let rows = support::all_of(conn, provider, list, search)?;
        let eligible = eligible_at(conn, provider, &input.reseller, contact, rows.iter(), now)?;
        let changing: Vec<&Subscription> = rows
            .iter()
            .filter(|s| {
                partner_access(provider, &s.parties) == Some(Access::Manage)
                    && s.status != SubscriptionStatus::Deleted
                    && &s.parties.support_contact != contact
                    && eligible.contains(s.customer.as_str())
            })
            .collect();
        let unchanged = rows.len() - changing.len();
        let changed = change(conn, &caller.actor(), provider, &changing, contact, now)?;
        Ok(BulkDone { changed, unchanged })
    })
}

/// The contact a bulk change sets, once the caller may make it: not found
/// unless the reseller is one of the caller's current resellers, then
/// forbidden unless the caller is an admin.
fn contact_for<'a>(
    conn: &mut DbConn,
    caller: &'a PartnerCaller<'_>,
    reseller: &'a TenantId,
    direction: Direction,
) -> Bulk<&'a TenantId> {
    let provider = &caller.partner.tenant_id;
    if partners::reseller_of(conn, provider, reseller)?.is_none() {
        return Err(Error::NotFound.into());
    }
    caller.must_be_admin()?;
    Ok(match direction {
        Direction::ToReseller => reseller,
        Direction::ToProvider => provider,
    })
}

/// The customers, among those of `subscriptions`, at which rule 2 lets
/// `contact` (the provider, or its current reseller `reseller`) be the
/// designated support contact now.
fn eligible_at<'s>(
    conn: &mut DbConn,
    provider: &TenantId,
    reseller: &TenantId,
    contact: &TenantId,
    subscriptions: impl Iterator<Item = &'s Subscription>,
    now: NaiveDateTime,
) -> Bulk<HashSet<String>> {
    let mut customers: Vec<&TenantId> = subscriptions.map(|s| &s.customer).collect();
    customers.sort();
    customers.dedup();
    let facts = relationships::facts_with(conn, provider, reseller, &customers, now)?;
    Ok(customers
        .into_iter()
        .filter(|customer| {
            // Its authorization is current: `contact_for` checked it.
            let candidate = Candidate {
                partner: (),
                tenant_id: reseller.clone(),
                authorized_by_provider: true,
                relationship: facts.get(customer.as_str()).copied(),
            };
            eligibility::evaluate((), provider, vec![candidate]).is_eligible(contact)
        })
        .map(|customer| customer.to_string())
        .collect())
}

/// Writes the change of every one of `changing` (read in this transaction)
/// to `contact`, and an audit row for each, in batches. One changed
/// meanwhile (PostgreSQL: a commit between the read and the write) refuses
/// the whole change, naming it.
fn change(
    conn: &mut DbConn,
    actor: &Actor,
    provider: &TenantId,
    changing: &[&Subscription],
    contact: &TenantId,
    now: NaiveDateTime,
) -> Bulk<usize> {
    if changing.is_empty() {
        return Ok(0);
    }
    let changed = subscriptions::set_support_contact_of(conn, provider, changing, contact, now)?;
    if let Some(missed) = changing.iter().find(|s| !changed.contains(s.id.as_str())) {
        return Err(BulkRefused {
            subscription: Some(missed.id.clone()),
            error: conflict(conn, &missed.id)?,
        });
    }
    let entries: Vec<audit::NewEntry<'_>> = changing
        .iter()
        .map(|s| audit::NewEntry {
            action: Action::SupportContactChanged,
            customer: Some(&s.customer),
            subscription: Some(&s.id),
            from_partner: Some(&s.parties.support_contact),
            to_partner: Some(contact),
            detail: "",
        })
        .collect();
    audit::insert_many(conn, actor, &entries, now)?;
    let moved: Vec<super::super::notify::Moved<'_>> = changing
        .iter()
        .map(|s| super::super::notify::Moved {
            subscription: s,
            from: &s.parties.support_contact,
            to: contact,
        })
        .collect();
    super::super::notify::contacts_moved(conn, &moved, false, now)?;
    Ok(changing.len())
}
