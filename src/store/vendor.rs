//! Subscriptions bought directly from the vendor (rule 8).

use crate::domain::SubscriptionStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::vendor_subscriptions as v;
use crate::domain::TenantId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = v)]
pub struct VendorSubscription {
    pub id: String,
    pub customer_tenant_id: String,
    pub offer_name: String,
    pub friendly_name: String,
    pub quantity: i32,
    pub status: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(
    conn: &mut DbConn,
    customer: &TenantId,
    offer_name: &str,
    quantity: i32,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let id = uuid::Uuid::new_v4().hyphenated().to_string();
    diesel::insert_into(v::table)
        .values((
            v::id.eq(&id),
            v::customer_tenant_id.eq(customer.as_str()),
            v::offer_name.eq(offer_name),
            v::friendly_name.eq(offer_name),
            v::quantity.eq(quantity),
            v::status.eq(SubscriptionStatus::Active.as_str()),
            v::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// The customer's vendor subscriptions that are active or suspended.
pub fn list_live_for_customer(
    conn: &mut DbConn,
    customer: &TenantId,
) -> QueryResult<Vec<VendorSubscription>> {
    v::table
        .filter(v::customer_tenant_id.eq(customer.as_str()))
        .filter(v::status.ne(SubscriptionStatus::Deleted.as_str()))
        .order((v::friendly_name, v::id))
        .select(VendorSubscription::as_select())
        .load(conn)
}
