//! The bulk lists of a reseller's page: the provider's live subscriptions a
//! partner supports, and those a reseller could support (rule 2b in SQL).
//! Each is ordered by customer name (lower-cased), customer, subscription
//! name and id; read a page at a time after a row's key, optionally only at
//! customers whose name begins with what was searched; counted up to a
//! bound; and read in full for a change to every row of it.

use diesel::dsl::exists;
use diesel::prelude::*;

use super::gdap::{DelegatedAccess, has_delegated_access};
use super::lower;
use super::subscriptions::SubscriptionRow;
use crate::db::DbConn;
use crate::db::schema::{customers, relationships, subscriptions};
use crate::domain::states::RelationshipState;
use crate::domain::{Subscription, SubscriptionId, SubscriptionStatus, TenantId};

/// One of the two lists, for one provider.
#[derive(Debug, Clone, Copy)]
pub enum List<'a> {
    /// The provider's live subscriptions whose contact is this partner.
    SupportedBy(&'a TenantId),
    /// The provider's live subscriptions at customers where this reseller
    /// holds an active relationship with delegated admin privileges (rule
    /// 2b; 2a, the authorization, is the caller's to check), and that it
    /// does not support already.
    CouldBeSupportedBy(&'a TenantId, DelegatedAccess),
}

/// Where a subscription sits in the lists' order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    name: String,
    customer: String,
    friendly_name: String,
    id: String,
}

/// The place in the lists' order of one of the provider's subscriptions
/// (whichever list it is in now, or none): where the next page starts.
pub fn key_of(
    conn: &mut DbConn,
    provider: &TenantId,
    id: &SubscriptionId,
) -> QueryResult<Option<Key>> {
    subscriptions::table
        .inner_join(customers::table)
        .filter(subscriptions::id.eq(id.as_str()))
        .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
        .select((
            lower(customers::company_name),
            customers::tenant_id,
            subscriptions::friendly_name,
            subscriptions::id,
        ))
        .first::<(String, String, String, String)>(conn)
        .optional()
        .map(|found| {
            found.map(|(name, customer, friendly_name, id)| Key {
                name,
                customer,
                friendly_name,
                id,
            })
        })
}

/// How a page is found. Both give the same rows (tested).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Customers in name order (an index), each checked for rows of the
    /// list, until the page is full: for a list with rows at many customers.
    WalkCustomers,
    /// The list's rows found through their own indexes, then sorted: for a
    /// short list.
    SortRows,
}

/// A list this long or longer is walked; a shorter one sorted. Either way
/// a page reads at most about this many rows.
pub const WALK_FROM: i64 = 1_000;

impl Plan {
    /// The plan for a list of `rows` rows (or at least that many).
    pub fn for_rows(rows: i64) -> Self {
        if rows >= WALK_FROM {
            Self::WalkCustomers
        } else {
            Self::SortRows
        }
    }
}

/// A page of a list: its rows with their customers' names, and whether
/// more follow.
#[derive(Debug, Clone)]
pub struct Page {
    pub rows: Vec<(String, Subscription)>,
    pub more: bool,
}

/// The statuses of live subscriptions, for an index that holds the status
/// before the contact.
fn live() -> [&'static str; 2] {
    [
        SubscriptionStatus::Active.as_str(),
        SubscriptionStatus::Suspended.as_str(),
    ]
}

const DELETED: SubscriptionStatus = SubscriptionStatus::Deleted;

/// The same text after any other that begins with it: the end of the
/// range of names that begin with a prefix.
pub(crate) const LAST_CHAR: &str = "\u{10FFFF}";

/// `LIKE` pattern for names that begin with `prefix`, wildcards escaped.
pub(crate) fn begins_with(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() + 1);
    for c in prefix.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Restricts a boxed query over subscriptions to the provider's rows of
/// the list, found through the list's own indexes.
macro_rules! in_list {
    ($query:expr, $provider:expr, $list:expr) => {{
        let query = $query.filter(subscriptions::provider_tenant_id.eq($provider.as_str()));
        match $list {
            List::SupportedBy(contact) => query
                .filter(subscriptions::status.eq_any(live()))
                .filter(subscriptions::support_contact_tenant_id.eq(contact.as_str())),
            List::CouldBeSupportedBy(reseller, access) => query
                .filter(subscriptions::status.ne(DELETED.as_str()))
                .filter(subscriptions::support_contact_tenant_id.ne(reseller.as_str()))
                .filter(
                    subscriptions::customer_tenant_id.eq_any(
                        relationships::table
                            .filter(relationships::partner_tenant_id.eq(reseller.as_str()))
                            .filter(relationships::state.eq(RelationshipState::Active.as_str()))
                            .filter(has_delegated_access!(access))
                            .select(relationships::customer_tenant_id),
                    ),
                ),
        }
    }};
}

/// The same, for rows at customers the query names already (found by the
/// walk, which checked the reseller's relationship there): the customer is
/// the index to use. The contact is compared as `contact || ''`, which no
/// index holds, so that SQLite, without statistics, does not read every
/// subscription of the contact through its index instead.
macro_rules! at_customers {
    ($query:expr, $provider:expr, $list:expr) => {{
        let query = $query
            .filter(subscriptions::provider_tenant_id.eq($provider.as_str()))
            .filter(subscriptions::status.ne(DELETED.as_str()));
        match $list {
            List::SupportedBy(contact) => query.filter(
                subscriptions::support_contact_tenant_id
                    .concat("")
                    .eq(contact.as_str()),
            ),
            List::CouldBeSupportedBy(reseller, _) => {
                query.filter(subscriptions::support_contact_tenant_id.ne(reseller.as_str()))
            }
        }
    }};
}

/// Restricts a boxed query over customers to names that begin with
/// `search`, both lower-cased by the database: a range of the
/// `customers_name_key` index, and `LIKE` to be exact.
macro_rules! named {
    ($query:expr, $search:expr) => {{
        match $search {
            None => $query,
            Some(prefix) => $query
                .filter(lower(customers::company_name).ge(lower(prefix)))
                .filter(lower(customers::company_name).lt(lower(prefix).concat(LAST_CHAR)))
                .filter(
                    lower(customers::company_name)
                        .like(lower(begins_with(prefix)))
                        .escape('\\'),
                ),
        }
    }};
}

/// A page of the list: the `limit` rows after `after` (from the start
/// without one), at customers whose name begins with `search` if given.
pub fn page(
    conn: &mut DbConn,
    provider: &TenantId,
    list: List<'_>,
    search: Option<&str>,
    after: Option<&Key>,
    limit: i64,
    plan: Plan,
) -> QueryResult<Page> {
    let customers_walked = match plan {
        Plan::SortRows => None,
        Plan::WalkCustomers => Some(walk(conn, provider, list, search, after, limit)?),
    };
    let name = lower(customers::company_name);
    let joined = subscriptions::table
        .inner_join(customers::table)
        .into_boxed();
    let mut query = match customers_walked {
        // The walk found these customers among the list's own.
        Some(walked) => at_customers!(joined, provider, list)
            .filter(subscriptions::customer_tenant_id.eq_any(walked)),
        None => in_list!(joined, provider, list),
    };
    query = named!(query, search);
    if let Some(key) = after {
        query = query.filter(name.ge(key.name.clone())).filter(
            name.gt(key.name.clone())
                .or(customers::tenant_id.gt(key.customer.clone()))
                .or(customers::tenant_id.eq(key.customer.clone()).and(
                    subscriptions::friendly_name
                        .gt(key.friendly_name.clone())
                        .or(subscriptions::friendly_name
                            .eq(key.friendly_name.clone())
                            .and(subscriptions::id.gt(key.id.clone()))),
                )),
        );
    }
    let mut rows: Vec<(String, SubscriptionRow)> = query
        .order((
            name,
            customers::tenant_id,
            subscriptions::friendly_name,
            subscriptions::id,
        ))
        .limit(limit + 1)
        .select((customers::company_name, SubscriptionRow::as_select()))
        .load(conn)?;
    let more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    Ok(Page {
        rows: rows
            .into_iter()
            .map(|(company, row)| Ok((company, Subscription::try_from(row)?)))
            .collect::<QueryResult<_>>()?,
        more,
    })
}

/// The customers of the next page, in name order from the key's customer:
/// enough of them that, each holding at least one row of the list, they
/// hold the page and one row more, or all that are left.
fn walk(
    conn: &mut DbConn,
    provider: &TenantId,
    list: List<'_>,
    search: Option<&str>,
    after: Option<&Key>,
    limit: i64,
) -> QueryResult<Vec<String>> {
    let name = lower(customers::company_name);
    let mut query = customers::table.into_boxed();
    // Each customer's rows through the customer index (see `at_customers`).
    query = match list {
        List::SupportedBy(contact) => query.filter(exists(
            subscriptions::table
                .filter(subscriptions::customer_tenant_id.eq(customers::tenant_id))
                .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
                .filter(subscriptions::status.ne(DELETED.as_str()))
                .filter(
                    subscriptions::support_contact_tenant_id
                        .concat("")
                        .eq(contact.as_str()),
                ),
        )),
        List::CouldBeSupportedBy(reseller, access) => query
            .filter(exists(
                relationships::table
                    .filter(relationships::customer_tenant_id.eq(customers::tenant_id))
                    .filter(relationships::partner_tenant_id.eq(reseller.as_str()))
                    .filter(relationships::state.eq(RelationshipState::Active.as_str()))
                    .filter(has_delegated_access!(access)),
            ))
            .filter(exists(
                subscriptions::table
                    .filter(subscriptions::customer_tenant_id.eq(customers::tenant_id))
                    .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
                    .filter(subscriptions::status.ne(DELETED.as_str()))
                    .filter(subscriptions::support_contact_tenant_id.ne(reseller.as_str())),
            )),
    };
    query = named!(query, search);
    if let Some(key) = after {
        query = query.filter(name.ge(key.name.clone())).filter(
            name.gt(key.name.clone())
                .or(customers::tenant_id.ge(key.customer.clone())),
        );
    }
    // The key's own customer may hold no row after the key: one more.
    query
        .order((name, customers::tenant_id))
        .limit(limit + 2)
        .select(customers::tenant_id)
        .load(conn)
}

mod whole;

pub use whole::{Total, all_of, count_up_to, customers_supported_by, lock_all_of};

#[cfg(test)]
mod tests;
