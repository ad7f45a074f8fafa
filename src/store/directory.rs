//! The partner's directory read page by page, for the REST API and its
//! export: customers, audit entries and the subscriptions it sees, each
//! walked by a unique key (never OFFSET), the partner in the SQL.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::Entry;
use super::partners::PartnerRow;
use crate::db::DbConn;
use crate::db::schema::{
    audit_log, customers, partners, relationships, reseller_authorizations, subscriptions,
};
use crate::domain::{Customer, Partner, TenantId};

/// Where a page of customers starts after: the last one shown, in the
/// list's order (company name, then tenant id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerKey {
    pub company_name: String,
    pub tenant_id: String,
}

/// Up to `limit` of the partner's customers (active relationships) after
/// `after`, by company name then tenant id.
pub fn customers_after(
    conn: &mut DbConn,
    partner: &TenantId,
    after: Option<&CustomerKey>,
    limit: i64,
) -> QueryResult<Vec<Customer>> {
    let own = relationships::table
        .filter(relationships::partner_tenant_id.eq(partner.as_str().to_owned()))
        .filter(relationships::state.eq("active"))
        .filter(relationships::customer_tenant_id.eq(customers::tenant_id))
        .select(relationships::customer_tenant_id);
    let mut query = customers::table
        .filter(diesel::dsl::exists(own))
        .into_boxed();
    if let Some(key) = after {
        // The first condition alone is an index range, where PostgreSQL
        // starts its ordered scan; the second picks the rows past the key.
        query = query.filter(customers::company_name.ge(key.company_name.clone()));
        query = query.filter(
            customers::company_name
                .gt(key.company_name.clone())
                .or(customers::company_name
                    .eq(key.company_name.clone())
                    .and(customers::tenant_id.gt(key.tenant_id.clone()))),
        );
    }
    let rows: Vec<(String, String, String, String)> = query
        .order((customers::company_name, customers::tenant_id))
        .limit(limit)
        .select((
            customers::tenant_id,
            customers::company_name,
            customers::domain,
            customers::country,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(tenant_id, company_name, domain, country)| Customer {
            tenant_id: TenantId::from_trusted(tenant_id),
            company_name,
            domain,
            country,
        })
        .collect())
}

/// Company names of customers by tenant id, for showing names next to ids
/// the caller may already see.
pub fn customer_names(conn: &mut DbConn, ids: &[&str]) -> QueryResult<HashMap<String, String>> {
    Ok(customers::table
        .filter(customers::tenant_id.eq_any(ids))
        .select((customers::tenant_id, customers::company_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// Which side of a provider–reseller authorization the other partners are on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The partner is the provider; the others are its resellers.
    Resellers,
    /// The partner is the reseller; the others are its providers.
    Providers,
}

/// The customer's partners (active relationships) that are tied to
/// `partner` by an active authorization on the given side, by name.
pub fn customer_partners_tied_to(
    conn: &mut DbConn,
    customer: &TenantId,
    partner: &TenantId,
    side: Side,
) -> QueryResult<Vec<Partner>> {
    let me = partner.as_str().to_owned();
    let related = || {
        relationships::table
            .inner_join(partners::table)
            .filter(relationships::customer_tenant_id.eq(customer.as_str().to_owned()))
            .filter(relationships::state.eq("active"))
    };
    let active = reseller_authorizations::state.eq("active");
    let rows: Vec<PartnerRow> = match side {
        Side::Resellers => related()
            .filter(
                partners::tenant_id.eq_any(
                    reseller_authorizations::table
                        .filter(reseller_authorizations::provider_tenant_id.eq(me))
                        .filter(active)
                        .select(reseller_authorizations::reseller_tenant_id),
                ),
            )
            .order((partners::name, partners::tenant_id))
            .select(PartnerRow::as_select())
            .load(conn)?,
        Side::Providers => related()
            .filter(
                partners::tenant_id.eq_any(
                    reseller_authorizations::table
                        .filter(reseller_authorizations::reseller_tenant_id.eq(me))
                        .filter(active)
                        .select(reseller_authorizations::provider_tenant_id),
                ),
            )
            .order((partners::name, partners::tenant_id))
            .select(PartnerRow::as_select())
            .load(conn)?,
    };
    rows.into_iter().map(Partner::try_from).collect()
}

/// Up to `limit` entries of the partner's activity (see `audit::activity_of`)
/// that happened in `[from, to]`, after the entry `after`, oldest first.
pub fn activity_after(
    conn: &mut DbConn,
    partner: &TenantId,
    from: NaiveDateTime,
    to: NaiveDateTime,
    after: Option<i32>,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    let mut query = super::audit::activity_of(partner)
        .filter(audit_log::occurred_at.ge(from))
        .filter(audit_log::occurred_at.le(to));
    if let Some(after) = after {
        query = query.filter(audit_log::id.gt(after));
    }
    query
        .order(audit_log::id)
        .limit(limit)
        .select(Entry::as_select())
        .load(conn)
}

/// Where a page of the support-contact export starts after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportRowKey {
    pub company_name: String,
    pub customer_tenant_id: String,
    pub subscription_id: String,
}

/// A subscription the partner sees, with its customer and its designated
/// support contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportRow {
    pub customer_tenant_id: String,
    pub company_name: String,
    pub domain: String,
    pub subscription_id: String,
    pub friendly_name: String,
    pub offer_name: String,
    pub status: String,
    pub quantity: i32,
    pub contact_tenant_id: String,
    pub contact_mpn_id: String,
    pub contact_name: String,
}

impl SupportRow {
    pub fn key(&self) -> SupportRowKey {
        SupportRowKey {
            company_name: self.company_name.clone(),
            customer_tenant_id: self.customer_tenant_id.clone(),
            subscription_id: self.subscription_id.clone(),
        }
    }
}

/// Up to `limit` of the subscriptions the partner sees (rule 7: it
/// transacts, resells or supports them; deleted ones left out) after
/// `after`, by customer name, customer and subscription id.
pub fn support_rows_after(
    conn: &mut DbConn,
    partner: &TenantId,
    after: Option<&SupportRowKey>,
    limit: i64,
) -> QueryResult<Vec<SupportRow>> {
    let me = partner.as_str().to_owned();
    let mut query = subscriptions::table
        .inner_join(customers::table)
        .inner_join(
            partners::table.on(partners::tenant_id.eq(subscriptions::support_contact_tenant_id)),
        )
        .filter(
            subscriptions::provider_tenant_id
                .eq(me.clone())
                .or(subscriptions::reseller_tenant_id.eq(me.clone()))
                .or(subscriptions::support_contact_tenant_id.eq(me)),
        )
        .filter(subscriptions::status.ne("deleted"))
        .into_boxed();
    if let Some(key) = after {
        let (name, customer, id) = (
            key.company_name.clone(),
            key.customer_tenant_id.clone(),
            key.subscription_id.clone(),
        );
        query = query.filter(customers::company_name.ge(name.clone()));
        query = query.filter(
            customers::company_name
                .gt(name.clone())
                .or(customers::company_name.eq(name).and(
                    subscriptions::customer_tenant_id.gt(customer.clone()).or(
                        subscriptions::customer_tenant_id
                            .eq(customer)
                            .and(subscriptions::id.gt(id)),
                    ),
                )),
        );
    }
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        i32,
        String,
        String,
        String,
    );
    let rows: Vec<Row> = query
        .order((
            customers::company_name,
            subscriptions::customer_tenant_id,
            subscriptions::id,
        ))
        .limit(limit)
        .select((
            subscriptions::customer_tenant_id,
            customers::company_name,
            customers::domain,
            subscriptions::id,
            subscriptions::friendly_name,
            subscriptions::offer_name,
            subscriptions::status,
            subscriptions::quantity,
            partners::tenant_id,
            partners::mpn_id,
            partners::name,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| SupportRow {
            customer_tenant_id: r.0,
            company_name: r.1,
            domain: r.2,
            subscription_id: r.3,
            friendly_name: r.4,
            offer_name: r.5,
            status: r.6,
            quantity: r.7,
            contact_tenant_id: r.8,
            contact_mpn_id: r.9,
            contact_name: r.10,
        })
        .collect())
}
