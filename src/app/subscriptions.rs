//! Subscriptions a provider transacts: adding one (rule 1: it starts with
//! the provider as its designated support contact, or with the provider's
//! default for the customer while that is eligible), suspending and
//! reactivating.

use crate::domain::audit::Action;
use chrono::NaiveDateTime;

use super::{Error, PartnerCaller, Result};
use crate::db::{self, DbConn};
use crate::domain::subscription::partner_access;
use crate::domain::{Access, Subscription, SubscriptionId, SubscriptionStatus, TenantId};
use crate::store::audit;
use crate::store::subscriptions::{self, NewSubscription};
use crate::store::{customers, partners};

/// A new subscription of one of the provider's customers.
#[derive(Debug, Clone)]
pub struct AddSubscription {
    pub customer: TenantId,
    pub offer_name: String,
    pub friendly_name: String,
    pub quantity: i32,
    pub reseller_of_record: Option<ResellerRef>,
}

/// A reseller as a form names it: by tenant id, or by the MPN ID partners
/// quote to each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResellerRef {
    TenantId(TenantId),
    MpnId(String),
}

/// A provider's admin adds a subscription it transacts for one of its
/// customers. Gives the new subscription's id.
pub fn add(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    input: AddSubscription,
    now: NaiveDateTime,
) -> Result<SubscriptionId> {
    let provider = &caller.partner.tenant_id;
    db::write(conn, |conn| {
        if customers::get_for_partner(conn, provider, &input.customer)?.is_none() {
            return Err(Error::NotFound);
        }
        if !caller.partner.kind.transacts() {
            return Err(Error::Forbidden);
        }
        caller.must_be_admin()?;
        let reseller_of_record = match &input.reseller_of_record {
            None => None,
            Some(named) => Some(current_reseller(conn, provider, named)?),
        };
        let new = NewSubscription {
            id: SubscriptionId::new_random(),
            customer: input.customer.clone(),
            provider: provider.clone(),
            reseller_of_record,
            offer_name: input.offer_name.clone(),
            friendly_name: input.friendly_name.clone(),
            quantity: input.quantity,
        };
        let default = super::contacts::for_new_subscription(conn, provider, &input.customer, now)?;
        subscriptions::insert_starting_on(conn, &caller.actor(), &new, default.as_ref(), now)?;
        Ok(new.id)
    })
}

/// The tenant id of the reseller named, when it is one of the provider's
/// current resellers; any other partner, or none, is refused alike.
fn current_reseller(
    conn: &mut DbConn,
    provider: &TenantId,
    named: &ResellerRef,
) -> Result<TenantId> {
    let tenant_id = match named {
        ResellerRef::TenantId(id) => Some(id.clone()),
        ResellerRef::MpnId(mpn) => partners::get_by_mpn(conn, mpn)?.map(|p| p.tenant_id),
    };
    match tenant_id {
        Some(id) if partners::reseller_of(conn, provider, &id)?.is_some() => Ok(id),
        _ => Err(Error::invalid("reseller_of_record", "not_your_reseller")),
    }
}

/// What setting a status did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusSet {
    Changed(Box<Subscription>),
    /// It had that status already.
    Unchanged,
}

/// A provider's admin suspends or reactivates a subscription it transacts.
pub fn set_status(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    customer: &TenantId,
    id: &SubscriptionId,
    status: SubscriptionStatus,
    now: NaiveDateTime,
) -> Result<StatusSet> {
    let provider = &caller.partner.tenant_id;
    db::write(conn, |conn| {
        let current =
            subscriptions::get_for_partner(conn, provider, customer, id)?.ok_or(Error::NotFound)?;
        caller.must_be_admin()?;
        match partner_access(provider, &current.parties) {
            Some(Access::Manage) if current.status != SubscriptionStatus::Deleted => {}
            Some(_) => return Err(Error::Forbidden),
            None => return Err(Error::NotFound),
        }
        if status == SubscriptionStatus::Deleted {
            return Err(Error::invalid("status", "not_allowed"));
        }
        if current.status == status {
            return Ok(StatusSet::Unchanged);
        }
        if !subscriptions::set_status(conn, id, provider, current.version, status, now)? {
            return Err(Error::Conflict { by: None, at: None });
        }
        let action = match status {
            SubscriptionStatus::Suspended => Action::SubscriptionSuspended,
            _ => Action::SubscriptionReactivated,
        };
        audit::insert(
            conn,
            &caller.actor(),
            audit::NewEntry {
                action,
                customer: Some(customer),
                subscription: Some(id),
                from_partner: None,
                to_partner: None,
                detail: "",
            },
            now,
        )?;
        Ok(StatusSet::Changed(Box::new(Subscription {
            status,
            version: current.version + 1,
            ..current
        })))
    })
}
