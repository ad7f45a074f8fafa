//! Read models: one function per page, returning everything the page shows.
//! Each runs on the connection of the request's one database hop, after the
//! session check, and scopes every query to the caller's tenant in its SQL.
//! Nothing here writes.

pub mod account;
pub mod activity;
pub mod admin;
pub mod all_relationships;
pub mod api;
pub mod api_subscriptions;
pub mod audit;
pub mod customers;
pub mod default_contact;
pub mod gdap;
pub mod invitations;
pub mod partner;
pub mod relationships;
pub mod requests;
pub mod resellers;
pub mod users;

use std::collections::HashMap;

use crate::db::DbConn;
use crate::domain::{Partner, Subscription, TenantId};
use crate::store;

pub use crate::store::audit::Entry;
pub use crate::store::customers::CustomerListItem;
pub use crate::store::invitations::Invitation;
pub use crate::store::partners::Authorization;
pub use crate::store::relationships::CustomerPartner;
pub use crate::store::requests::Request;
pub use crate::store::vendor::VendorSubscription;
pub use activity::{ChangeView, Person, change_views};

use super::Result;

/// Partners by tenant id, for showing names next to ids.
pub fn partner_names(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = String>,
) -> Result<HashMap<String, Partner>> {
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
) -> Result<Vec<SubscriptionRow>> {
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
