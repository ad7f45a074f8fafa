use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::relationships;
use crate::domain::TenantId;

/// Records that the customer accepted the partner (with or without DAP).
pub fn insert_active(
    conn: &mut DbConn,
    customer: &TenantId,
    partner: &TenantId,
    delegated_admin: bool,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(relationships::table)
        .values((
            relationships::customer_tenant_id.eq(customer.as_str()),
            relationships::partner_tenant_id.eq(partner.as_str()),
            relationships::state.eq("active"),
            relationships::delegated_admin.eq(delegated_admin),
            relationships::created_at.eq(now),
            relationships::updated_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Whether the partner has an active relationship with the customer.
pub fn is_active(conn: &mut DbConn, customer: &TenantId, partner: &TenantId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        relationships::table
            .filter(relationships::customer_tenant_id.eq(customer.as_str()))
            .filter(relationships::partner_tenant_id.eq(partner.as_str()))
            .filter(relationships::state.eq("active")),
    ))
    .get_result(conn)
}
