use std::collections::HashMap;

use crate::domain::SubscriptionStatus;
use crate::domain::states::RelationshipState;
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

#[derive(Debug, Clone)]
pub struct CustomerPage {
    pub items: Vec<CustomerListItem>,
    pub total: i64,
}

/// The partner's customers (active relationships), optionally matching a
/// search on company name or domain, one page at a time, by company name.
///
/// Two equivalent queries, chosen by how much of the table is the partner's:
/// a large provider's page walks the customers in name order (an index) and
/// stops after the page, instead of sorting all of its customers; a partner
/// with a few customers among many sorts just its own. The page numbers,
/// rows and order are the same either way (tested).
pub fn list_for_partner(
    conn: &mut DbConn,
    partner: &TenantId,
    search: Option<&str>,
    offset: i64,
    limit: i64,
) -> QueryResult<CustomerPage> {
    let own = count_for_partner(conn, partner)?;
    let everyone: i64 = customers::table.count().get_result(conn)?;
    let plan = Plan::choose(own, everyone);
    list_with_plan(conn, partner, search, offset, limit, plan, own)
}

/// How [`list_for_partner`] finds a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    /// Customers in name order, each checked for a relationship.
    WalkCustomers,
    /// The partner's relationships, joined and sorted.
    SortOwn,
}

impl Plan {
    /// Walking is cheaper when the partner holds a good share of all customers.
    fn choose(own: i64, everyone: i64) -> Self {
        if own * 4 >= everyone {
            Self::WalkCustomers
        } else {
            Self::SortOwn
        }
    }
}

fn list_with_plan(
    conn: &mut DbConn,
    partner: &TenantId,
    search: Option<&str>,
    offset: i64,
    limit: i64,
    plan: Plan,
    own_total: i64,
) -> QueryResult<CustomerPage> {
    let pattern = search.map(like_pattern);
    let matching = |query: customers::BoxedQuery<'static, crate::db::Backend>| match &pattern {
        Some(pattern) => query.filter(
            lower(customers::company_name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(customers::domain).like(pattern.clone()).escape('\\')),
        ),
        None => query,
    };
    let own = || {
        relationships::table
            .filter(relationships::partner_tenant_id.eq(partner.as_str().to_owned()))
            .filter(relationships::state.eq(RelationshipState::Active.as_str()))
            .select(relationships::customer_tenant_id)
    };
    let scoped = || match plan {
        Plan::WalkCustomers => matching(
            customers::table
                .filter(diesel::dsl::exists(own().filter(
                    relationships::customer_tenant_id.eq(customers::tenant_id),
                )))
                .into_boxed(),
        ),
        Plan::SortOwn => matching(
            customers::table
                .filter(customers::tenant_id.eq_any(own()))
                .into_boxed(),
        ),
    };
    let total = match search {
        // Unsearched, the total is the partner's count the caller has already.
        None => own_total,
        Some(_) => scoped().count().get_result(conn)?,
    };
    let rows: Vec<CustomerRow> = scoped()
        .order((customers::company_name, customers::tenant_id))
        .offset(offset)
        .limit(limit)
        .select(CustomerRow::as_select())
        .load(conn)?;

    let ids: Vec<&str> = rows.iter().map(|c| c.tenant_id.as_str()).collect();
    let delegated_admin: HashMap<String, bool> = relationships::table
        .filter(relationships::customer_tenant_id.eq_any(&ids))
        .filter(relationships::partner_tenant_id.eq(partner.as_str()))
        .select((
            relationships::customer_tenant_id,
            relationships::delegated_admin,
        ))
        .load::<(String, bool)>(conn)?
        .into_iter()
        .collect();
    let counts: HashMap<String, i64> = subscriptions::table
        .filter(subscriptions::customer_tenant_id.eq_any(&ids))
        .filter(subscriptions::provider_tenant_id.eq(partner.as_str()))
        .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str()))
        .group_by(subscriptions::customer_tenant_id)
        .select((subscriptions::customer_tenant_id, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();

    let items = rows
        .into_iter()
        .map(|row| CustomerListItem {
            delegated_admin: delegated_admin
                .get(&row.tenant_id)
                .copied()
                .unwrap_or(false),
            subscriptions: counts.get(&row.tenant_id).copied().unwrap_or(0),
            customer: row.into(),
        })
        .collect();
    Ok(CustomerPage { items, total })
}

pub fn count_for_partner(conn: &mut DbConn, partner: &TenantId) -> QueryResult<i64> {
    relationships::table
        .filter(relationships::partner_tenant_id.eq(partner.as_str()))
        .filter(relationships::state.eq(RelationshipState::Active.as_str()))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{self, DatabaseUrl};
    use crate::demo;

    #[test]
    fn a_partner_with_a_good_share_of_all_customers_walks_them_in_name_order() {
        assert_eq!(Plan::choose(20_000, 20_040), Plan::WalkCustomers);
        assert_eq!(Plan::choose(250, 1_000), Plan::WalkCustomers);
        assert_eq!(Plan::choose(249, 1_000), Plan::SortOwn);
        assert_eq!(Plan::choose(0, 0), Plan::WalkCustomers);
    }

    #[test]
    fn both_plans_give_the_same_pages() {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("plans.db"));
        let now = chrono::Utc::now().naive_utc();
        db::prepare(&url, |conn, _| demo::seed(conn, now)).unwrap();
        let mut conn = db::connect(&url).unwrap();
        let shown = |page: CustomerPage| {
            let items: Vec<_> = page
                .items
                .into_iter()
                .map(|i| (i.customer.tenant_id, i.delegated_admin, i.subscriptions))
                .collect();
            (page.total, items)
        };
        for partner in [demo::CONTOSO, demo::ADATUM, demo::TREY_RESEARCH] {
            let partner = TenantId::from_trusted(partner.to_owned());
            for search in [None, Some("wide"), Some("co"), Some("nothing matches this")] {
                for offset in [0, 5, 30] {
                    let own = count_for_partner(&mut conn, &partner).unwrap();
                    let mut page = |plan| {
                        shown(
                            list_with_plan(&mut conn, &partner, search, offset, 10, plan, own)
                                .unwrap(),
                        )
                    };
                    let (walked, sorted) = (page(Plan::WalkCustomers), page(Plan::SortOwn));
                    assert_eq!(walked, sorted, "{partner} {search:?} {offset}");
                    if offset == 0 && search.is_none() {
                        assert!(!walked.1.is_empty(), "{partner} has customers");
                    }
                }
            }
        }
    }
}
