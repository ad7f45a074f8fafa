//! The partner a provider's new subscriptions at a customer start with
//! (`default_contacts`), one row per provider and customer; no row: the
//! provider itself (rule 1). Every query names the provider or the
//! customer it reads.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{audit_log, default_contacts};
use crate::domain::audit::Action;
use crate::domain::{SubscriptionId, TenantId};

/// The default contact `provider` set for `customer`, if any.
pub fn get(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
) -> QueryResult<Option<TenantId>> {
    Ok(default_contacts::table
        .filter(default_contacts::provider_tenant_id.eq(provider.as_str()))
        .filter(default_contacts::customer_tenant_id.eq(customer.as_str()))
        .select(default_contacts::contact_tenant_id)
        .first::<String>(conn)
        .optional()?
        .map(TenantId::from_trusted))
}

/// Every provider's default at `customer`: (provider, contact).
pub fn for_customer(
    conn: &mut DbConn,
    customer: &TenantId,
) -> QueryResult<Vec<(TenantId, TenantId)>> {
    Ok(default_contacts::table
        .filter(default_contacts::customer_tenant_id.eq(customer.as_str()))
        .order(default_contacts::provider_tenant_id)
        .select((
            default_contacts::provider_tenant_id,
            default_contacts::contact_tenant_id,
        ))
        .load::<(String, String)>(conn)?
        .into_iter()
        .map(|(p, c)| (TenantId::from_trusted(p), TenantId::from_trusted(c)))
        .collect())
}

/// Sets (or replaces) `provider`'s default at `customer`, inside the
/// caller's write transaction (the multi-backend connection has no upsert).
pub fn set(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    contact: &TenantId,
    set_by: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let updated = diesel::update(
        default_contacts::table
            .filter(default_contacts::provider_tenant_id.eq(provider.as_str()))
            .filter(default_contacts::customer_tenant_id.eq(customer.as_str())),
    )
    .set((
        default_contacts::contact_tenant_id.eq(contact.as_str()),
        default_contacts::set_at.eq(now),
        default_contacts::set_by.eq(set_by),
    ))
    .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(default_contacts::table)
            .values((
                default_contacts::provider_tenant_id.eq(provider.as_str()),
                default_contacts::customer_tenant_id.eq(customer.as_str()),
                default_contacts::contact_tenant_id.eq(contact.as_str()),
                default_contacts::set_at.eq(now),
                default_contacts::set_by.eq(set_by),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Removes `provider`'s default at `customer`; true when there was one.
pub fn clear(conn: &mut DbConn, provider: &TenantId, customer: &TenantId) -> QueryResult<bool> {
    let deleted = diesel::delete(
        default_contacts::table
            .filter(default_contacts::provider_tenant_id.eq(provider.as_str()))
            .filter(default_contacts::customer_tenant_id.eq(customer.as_str())),
    )
    .execute(conn)?;
    Ok(deleted > 0)
}

/// Whether the subscription's current contact is the one it started on
/// from a default: its latest contact entry is its creation, and that
/// creation names rule 1's contact (the provider) as where it would have
/// been.
pub fn contact_from_default(conn: &mut DbConn, subscription: &SubscriptionId) -> QueryResult<bool> {
    let latest = audit_log::table
        .filter(audit_log::subscription_id.eq(subscription.as_str()))
        .filter(audit_log::action.eq_any([
            Action::SubscriptionCreated.as_str(),
            Action::SupportContactChanged.as_str(),
            Action::SupportContactReverted.as_str(),
        ]))
        .order(audit_log::id.desc())
        .select((audit_log::action, audit_log::from_partner_tenant_id))
        .first::<(String, Option<String>)>(conn)
        .optional()?;
    Ok(matches!(latest, Some((action, Some(_))) if action == Action::SubscriptionCreated.as_str()))
}

/// The customers at which `provider` has a default (naming `contact`,
/// when given): those a provider-wide change (an authorization ended, a
/// requirement raised) must check, besides the ones with subscriptions.
pub fn customers_of(
    conn: &mut DbConn,
    provider: &TenantId,
    contact: Option<&TenantId>,
) -> QueryResult<Vec<TenantId>> {
    let mut query = default_contacts::table
        .filter(default_contacts::provider_tenant_id.eq(provider.as_str()))
        .select(default_contacts::customer_tenant_id)
        .order(default_contacts::customer_tenant_id)
        .into_boxed();
    if let Some(contact) = contact {
        query = query.filter(default_contacts::contact_tenant_id.eq(contact.as_str().to_owned()));
    }
    Ok(query
        .load::<String>(conn)?
        .into_iter()
        .map(TenantId::from_trusted)
        .collect())
}
