//! What the API's subscription and support-contact resources read: a
//! customer only through an active relationship of the caller's partner,
//! the subscriptions the partner sees there (rule 7), their contacts, the
//! partner a request names, and why a partner cannot be a contact (rule 2,
//! as the subscription page explains it). Nothing here writes.

use super::partner_names;
use crate::app::{Error, PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::eligibility::Ineligibility;
use crate::domain::{Customer, Partner, Subscription, SubscriptionId, TenantId};
use crate::store;

/// What a request about one customer finds: nothing at all when the
/// caller's partner has no active relationship with the customer, whether
/// or not the customer exists, so that the answer reveals nothing.
#[derive(Debug)]
pub enum AtCustomer<T> {
    Unrelated,
    Related(T),
}

/// A subscription with the MPN id of its reseller of record, if it has one.
#[derive(Debug, Clone)]
pub struct SubscriptionItem {
    pub subscription: Subscription,
    pub reseller_mpn_id: Option<String>,
}

/// A subscription, its customer and its designated support contact.
#[derive(Debug, Clone)]
pub struct ContactOf {
    pub customer: Customer,
    pub subscription: Subscription,
    pub contact: Partner,
}

/// The customer, when the caller's partner has an active relationship with it.
pub fn related_customer(
    conn: &mut DbConn,
    caller: PartnerCaller,
    customer: &TenantId,
) -> Result<AtCustomer<Customer>> {
    let found = store::customers::get_for_partner(conn, &caller.partner.tenant_id, customer)?;
    Ok(found.map_or(AtCustomer::Unrelated, AtCustomer::Related))
}

fn with_resellers(
    conn: &mut DbConn,
    subscriptions: Vec<Subscription>,
) -> Result<Vec<SubscriptionItem>> {
    let names = partner_names(
        conn,
        subscriptions
            .iter()
            .filter_map(|s| s.parties.reseller_of_record.as_ref())
            .map(TenantId::to_string),
    )?;
    Ok(subscriptions
        .into_iter()
        .map(|subscription| SubscriptionItem {
            reseller_mpn_id: subscription
                .parties
                .reseller_of_record
                .as_ref()
                .and_then(|r| names.get(r.as_str()))
                .map(|p| p.mpn_id.clone()),
            subscription,
        })
        .collect())
}

/// Where a page of subscriptions starts: after this friendly name and id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SubscriptionKey {
    pub friendly_name: String,
    pub id: String,
}

/// A page of the customer's subscriptions the caller's partner sees, not
/// deleted, by name then id (as its customer page lists them), and whether
/// more follow.
pub fn subscriptions(
    conn: &mut DbConn,
    caller: PartnerCaller,
    customer: &TenantId,
    after: Option<&SubscriptionKey>,
    size: usize,
) -> Result<AtCustomer<(Vec<SubscriptionItem>, bool)>> {
    let partner = caller.partner.tenant_id.clone();
    let after = after.map(|k| (k.friendly_name.as_str(), k.id.as_str()));
    let limit = i64::try_from(size).unwrap_or(i64::MAX - 1) + 1;
    let found = crate::db::read(conn, |conn| {
        if store::customers::get_for_partner(conn, &partner, customer)?.is_none() {
            return Ok(None);
        }
        store::subscriptions::page_for_partner_customer(conn, &partner, customer, after, limit)
            .map(Some)
    })?;
    match found {
        None => Ok(AtCustomer::Unrelated),
        Some(mut list) => {
            let more = list.len() > size;
            list.truncate(size);
            Ok(AtCustomer::Related((with_resellers(conn, list)?, more)))
        }
    }
}

/// Reads the customer and one subscription of it the partner sees in one
/// snapshot: `Unrelated` without a relationship, `NotFound` without the
/// subscription.
fn customer_and_subscription(
    conn: &mut DbConn,
    caller: PartnerCaller,
    customer: &TenantId,
    id: &SubscriptionId,
) -> Result<AtCustomer<(Customer, Subscription)>> {
    let partner = caller.partner.tenant_id.clone();
    let found = crate::db::read(conn, |conn| {
        let Some(customer) = store::customers::get_for_partner(conn, &partner, customer)? else {
            return Ok(None);
        };
        let subscription =
            store::subscriptions::get_for_partner(conn, &partner, &customer.tenant_id, id)?;
        Ok(Some((customer, subscription)))
    })?;
    match found {
        None => Ok(AtCustomer::Unrelated),
        Some((customer, Some(subscription))) => Ok(AtCustomer::Related((customer, subscription))),
        Some((_, None)) => Err(Error::NotFound),
    }
}

/// One subscription of the customer that the caller's partner sees
/// (deleted ones too), or `NotFound`.
pub fn subscription(
    conn: &mut DbConn,
    caller: PartnerCaller,
    customer: &TenantId,
    id: &SubscriptionId,
) -> Result<AtCustomer<SubscriptionItem>> {
    match customer_and_subscription(conn, caller, customer, id)? {
        AtCustomer::Unrelated => Ok(AtCustomer::Unrelated),
        AtCustomer::Related((_, subscription)) => {
            let mut items = with_resellers(conn, vec![subscription])?;
            let item = items
                .pop()
                .ok_or_else(|| Error::internal("a subscription went missing"))?;
            Ok(AtCustomer::Related(item))
        }
    }
}

/// The designated support contact of one subscription the caller's partner
/// sees, or `NotFound`.
pub fn support_contact(
    conn: &mut DbConn,
    caller: PartnerCaller,
    customer: &TenantId,
    id: &SubscriptionId,
) -> Result<AtCustomer<ContactOf>> {
    match customer_and_subscription(conn, caller, customer, id)? {
        AtCustomer::Unrelated => Ok(AtCustomer::Unrelated),
        AtCustomer::Related((customer, subscription)) => {
            let contact = store::partners::get(conn, &subscription.parties.support_contact)?
                .ok_or_else(|| Error::internal("a subscription names an unknown partner"))?;
            Ok(AtCustomer::Related(ContactOf {
                customer,
                subscription,
                contact,
            }))
        }
    }
}

/// How a request names a partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerRef {
    Tenant(TenantId),
    Mpn(String),
}

/// The partner `name` names, if any.
pub fn partner(conn: &mut DbConn, name: &PartnerRef) -> Result<Option<Partner>> {
    Ok(match name {
        PartnerRef::Tenant(id) => store::partners::get(conn, id)?,
        PartnerRef::Mpn(mpn) => store::partners::get_by_mpn(conn, mpn)?,
    })
}

/// Why `contact` cannot be the designated support contact of `provider`'s
/// subscriptions at `customer`, as the subscription page gives it; `None`
/// when it is not one of the provider's resellers at all (or is eligible).
pub fn ineligibility(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    contact: &TenantId,
    now: chrono::NaiveDateTime,
) -> Result<Option<Ineligibility>> {
    let Some(candidate) =
        store::partners::contact_candidate(conn, provider, customer, contact, now)?
    else {
        return Ok(None);
    };
    Ok(candidate.ineligibility())
}
