pub mod activity;
pub mod api_keys;
pub mod customer;
pub mod customers;
pub mod dashboard;
pub mod relationship;
pub mod requests;
pub mod resellers;
pub mod review;
pub mod subscription;

use std::collections::HashMap;

use crate::db::DbConn;
use crate::domain::{Partner, Subscription, SubscriptionId, TenantId};
use crate::error::AppError;
use crate::store;
use crate::store::audit::Entry;

/// Path segments are ids: anything that is not a GUID does not exist.
pub fn tenant_from_path(raw: &str) -> Result<TenantId, AppError> {
    TenantId::parse(raw).map_err(|_| AppError::NotFound)
}

pub fn subscription_from_path(raw: &str) -> Result<SubscriptionId, AppError> {
    SubscriptionId::parse(raw).map_err(|_| AppError::NotFound)
}

/// Partners by tenant id, for showing names next to ids.
pub fn partner_names(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, Partner>, AppError> {
    let mut ids: Vec<String> = ids.into_iter().collect();
    ids.sort();
    ids.dedup();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    Ok(store::partners::get_many(conn, &refs)?
        .into_iter()
        .map(|p| (p.tenant_id.as_str().to_owned(), p))
        .collect())
}

/// A subscription as listed in a table.
#[derive(Debug, Clone)]
pub struct SubscriptionRow {
    pub id: String,
    pub friendly_name: String,
    pub offer_name: String,
    pub quantity: i32,
    pub status: &'static str,
    pub contact_name: String,
    pub contact_is_provider: bool,
    pub reseller_name: Option<String>,
}

pub fn subscription_rows(
    conn: &mut DbConn,
    subscriptions: &[Subscription],
) -> Result<Vec<SubscriptionRow>, AppError> {
    let names = partner_names(
        conn,
        subscriptions.iter().flat_map(|s| {
            let mut ids = vec![s.parties.support_contact.to_string()];
            ids.extend(
                s.parties
                    .reseller_of_record
                    .as_ref()
                    .map(TenantId::to_string),
            );
            ids
        }),
    )?;
    let name_of = |id: &TenantId| {
        names
            .get(id.as_str())
            .map(|p| p.name.clone())
            .unwrap_or_else(|| id.to_string())
    };
    Ok(subscriptions
        .iter()
        .map(|s| SubscriptionRow {
            id: s.id.to_string(),
            friendly_name: s.friendly_name.clone(),
            offer_name: s.offer_name.clone(),
            quantity: s.quantity,
            status: s.status.as_str(),
            contact_name: name_of(&s.parties.support_contact),
            contact_is_provider: s.parties.support_contact == s.parties.provider,
            reseller_name: s.parties.reseller_of_record.as_ref().map(&name_of),
        })
        .collect())
}

/// One audit entry, with names instead of ids.
#[derive(Debug, Clone)]
pub struct ChangeView {
    pub id: i32,
    pub at: chrono::NaiveDateTime,
    pub actor: String,
    pub action: String,
    pub customer_id: String,
    pub subscription_id: String,
    pub from_name: String,
    pub to_name: String,
}

pub fn change_views(conn: &mut DbConn, entries: Vec<Entry>) -> Result<Vec<ChangeView>, AppError> {
    let names = partner_names(
        conn,
        entries.iter().flat_map(|e| {
            [
                e.from_partner_tenant_id.clone(),
                e.to_partner_tenant_id.clone(),
            ]
            .into_iter()
            .flatten()
        }),
    )?;
    let name_of = |id: &Option<String>| {
        id.as_ref()
            .map(|id| {
                names
                    .get(id)
                    .map(|p| p.name.clone())
                    .unwrap_or_else(|| id.clone())
            })
            .unwrap_or_default()
    };
    Ok(entries
        .into_iter()
        .map(|e| ChangeView {
            id: e.id,
            at: e.occurred_at,
            from_name: name_of(&e.from_partner_tenant_id),
            to_name: name_of(&e.to_partner_tenant_id),
            actor: e.actor_email,
            action: e.action,
            customer_id: e.customer_tenant_id.unwrap_or_default(),
            subscription_id: e.subscription_id.unwrap_or_default(),
        })
        .collect())
}
