use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{like_pattern, lower};
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
        .filter(relationships::state.eq("active"))
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

#[derive(Debug, Clone)]
pub struct CustomerPage {
    pub items: Vec<CustomerListItem>,
    pub total: i64,
}

/// The partner's customers (active relationships), optionally matching a
/// search on company name or domain, one page at a time, by company name.
pub fn list_for_partner(
    conn: &mut DbConn,
    partner: &TenantId,
    search: Option<&str>,
    offset: i64,
    limit: i64,
) -> QueryResult<CustomerPage> {
    let scoped = || {
        let mut query = customers::table
            .inner_join(relationships::table)
            .filter(relationships::partner_tenant_id.eq(partner.as_str()))
            .filter(relationships::state.eq("active"))
            .into_boxed();
        if let Some(needle) = search {
            let pattern = like_pattern(needle);
            query = query.filter(
                lower(customers::company_name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(customers::domain).like(pattern).escape('\\')),
            );
        }
        query
    };
    let total = scoped().count().get_result(conn)?;
    let rows: Vec<(CustomerRow, bool)> = scoped()
        .order((customers::company_name, customers::tenant_id))
        .offset(offset)
        .limit(limit)
        .select((CustomerRow::as_select(), relationships::delegated_admin))
        .load(conn)?;

    let ids: Vec<&str> = rows.iter().map(|(c, _)| c.tenant_id.as_str()).collect();
    let counts: HashMap<String, i64> = subscriptions::table
        .filter(subscriptions::customer_tenant_id.eq_any(&ids))
        .filter(subscriptions::provider_tenant_id.eq(partner.as_str()))
        .filter(subscriptions::status.ne("deleted"))
        .group_by(subscriptions::customer_tenant_id)
        .select((subscriptions::customer_tenant_id, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();

    let items = rows
        .into_iter()
        .map(|(row, delegated_admin)| {
            let subscriptions = counts.get(&row.tenant_id).copied().unwrap_or(0);
            CustomerListItem {
                customer: row.into(),
                delegated_admin,
                subscriptions,
            }
        })
        .collect();
    Ok(CustomerPage { items, total })
}

pub fn count_for_partner(conn: &mut DbConn, partner: &TenantId) -> QueryResult<i64> {
    relationships::table
        .filter(relationships::partner_tenant_id.eq(partner.as_str()))
        .filter(relationships::state.eq("active"))
        .count()
        .get_result(conn)
}

pub fn find_by_domain(conn: &mut DbConn, domain: &str) -> QueryResult<Option<Customer>> {
    customers::table
        .filter(customers::domain.eq(domain.trim().to_ascii_lowercase()))
        .select(CustomerRow::as_select())
        .first(conn)
        .optional()
        .map(|row| row.map(Customer::from))
}
