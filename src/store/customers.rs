use std::collections::HashMap;

use crate::domain::SubscriptionStatus;
use crate::domain::states::RelationshipState;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::customer_list::Listed;
use crate::db::DbConn;
use crate::db::schema::{customers, relationships, subscriptions};
use crate::domain::{Customer, TenantId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = customers)]
struct CustomerRow {
    tenant_id: String,
    company_name: String,
    domain: String,
    country: String,
}

impl From<CustomerRow> for Customer {
    fn from(row: CustomerRow) -> Self {
        Customer {
            tenant_id: TenantId::from_trusted(row.tenant_id),
            company_name: row.company_name,
            domain: row.domain,
            country: row.country,
        }
    }
}

pub fn insert(conn: &mut DbConn, customer: &Customer, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(customers::table)
        .values((
            customers::tenant_id.eq(customer.tenant_id.as_str()),
            customers::company_name.eq(&customer.company_name),
            customers::domain.eq(&customer.domain),
            customers::country.eq(&customer.country),
            customers::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// A customer by id, without any partner scoping: for its own admins only.
pub fn get(conn: &mut DbConn, tenant_id: &TenantId) -> QueryResult<Option<Customer>> {
    customers::table
        .find(tenant_id.as_str())
        .select(CustomerRow::as_select())
        .first(conn)
        .optional()
        .map(|row| row.map(Customer::from))
}

/// The customer, only if the partner has an active relationship with it.
pub fn get_for_partner(
    conn: &mut DbConn,
    partner: &TenantId,
    customer: &TenantId,
) -> QueryResult<Option<Customer>> {
    customers::table
        .inner_join(relationships::table)
        .filter(customers::tenant_id.eq(customer.as_str()))
        .filter(relationships::partner_tenant_id.eq(partner.as_str()))
        .filter(relationships::state.eq(RelationshipState::Active.as_str()))
        .select(CustomerRow::as_select())
        .first(conn)
        .optional()
        .map(|row| row.map(Customer::from))
}

#[derive(Debug, Clone)]
pub struct CustomerListItem {
    pub customer: Customer,
    pub delegated_admin: bool,
    /// Active and suspended subscriptions this partner transacts for the customer.
    pub subscriptions: i64,
}

/// What the list shows of each of these customers of the partner, in the
/// order given: the list's own row and the number of the partner's
/// subscriptions there, one query for the page whatever the list's length.
pub fn list_items(
    conn: &mut DbConn,
    partner: &TenantId,
    listed: &[Listed],
) -> QueryResult<Vec<CustomerListItem>> {
    let ids: Vec<&str> = listed.iter().map(|l| l.tenant_id.as_str()).collect();
    let counts: HashMap<String, i64> = subscriptions::table
        .filter(subscriptions::customer_tenant_id.eq_any(&ids))
        .filter(subscriptions::provider_tenant_id.eq(partner.as_str()))
        .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str()))
        .group_by(subscriptions::customer_tenant_id)
        .select((subscriptions::customer_tenant_id, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    Ok(listed
        .iter()
        .map(|l| CustomerListItem {
            customer: Customer {
                tenant_id: TenantId::from_trusted(l.tenant_id.clone()),
                company_name: l.company_name.clone(),
                domain: l.domain.clone(),
                country: l.country.clone(),
            },
            delegated_admin: l.delegated_admin,
            subscriptions: counts.get(&l.tenant_id).copied().unwrap_or(0),
        })
        .collect())
}

/// The partner's customers (active relationships), as kept.
pub fn count_for_partner(conn: &mut DbConn, partner: &TenantId) -> QueryResult<i64> {
    Ok(super::customer_list::counts(conn, partner)?.customers)
}

pub fn find_by_domain(conn: &mut DbConn, domain: &str) -> QueryResult<Option<Customer>> {
    customers::table
        .filter(customers::domain.eq(domain.trim().to_ascii_lowercase()))
        .select(CustomerRow::as_select())
        .first(conn)
        .optional()
        .map(|row| row.map(Customer::from))
}

/// Customers' names by tenant id, for showing names next to ids taken from
/// a partner's own rows.
pub fn names(conn: &mut DbConn, ids: &[&str]) -> QueryResult<HashMap<String, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(customers::table
        .filter(customers::tenant_id.eq_any(ids))
        .select((customers::tenant_id, customers::company_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}
