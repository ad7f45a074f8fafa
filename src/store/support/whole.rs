//! A whole list at once: counted up to a bound, taken and read in full for
//! a change to every row of it, and the customers where a partner supports
//! any.

use diesel::dsl::exists;
use diesel::prelude::*;

use super::{DELETED, LAST_CHAR, List, begins_with, live};
use crate::db::DbConn;
use crate::db::schema::{customers, relationships, subscriptions};
use crate::domain::states::RelationshipState;
use crate::domain::{Subscription, TenantId};
use crate::store::gdap::has_delegated_access;
use crate::store::lower;
use crate::store::subscriptions::SubscriptionRow;

/// How many rows a list has, counted up to a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    Exactly(i64),
    /// More than this many: counting stopped there.
    MoreThan(i64),
}

impl Total {
    /// At least this many rows.
    pub fn at_least(self) -> i64 {
        match self {
            Self::Exactly(n) => n,
            Self::MoreThan(n) => n + 1,
        }
    }
}

/// The rows of the list (at customers whose name begins with `search`),
/// counted up to `bound`.
pub fn count_up_to(
    conn: &mut DbConn,
    provider: &TenantId,
    list: List<'_>,
    search: Option<&str>,
    bound: i64,
) -> QueryResult<Total> {
    let found = match (list, search) {
        // The customers where the reseller could support anything, from its
        // own relationships (an index) and stopping at the bound; then
        // their rows. Neither reads the provider's other subscriptions.
        (List::CouldBeSupportedBy(reseller, access), None) => {
            let at: Vec<String> = relationships::table
                .filter(relationships::partner_tenant_id.eq(reseller.as_str()))
                .filter(relationships::state.eq(RelationshipState::Active.as_str()))
                .filter(has_delegated_access!(access))
                .filter(exists(
                    subscriptions::table
                        .filter(
                            subscriptions::customer_tenant_id.eq(relationships::customer_tenant_id),
                        )
                        .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
                        .filter(subscriptions::status.ne(DELETED.as_str()))
                        .filter(subscriptions::support_contact_tenant_id.ne(reseller.as_str())),
                ))
                .select(relationships::customer_tenant_id)
                .limit(bound + 1)
                .load(conn)?;
            if at.len() as i64 > bound {
                return Ok(Total::MoreThan(bound));
            }
            subscriptions::table
                .filter(subscriptions::customer_tenant_id.eq_any(&at))
                .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
                .filter(subscriptions::status.ne(DELETED.as_str()))
                .filter(subscriptions::support_contact_tenant_id.ne(reseller.as_str()))
                .select(subscriptions::id)
                .limit(bound + 1)
                .load::<String>(conn)?
        }
        _ => {
            let query = in_list!(
                subscriptions::table
                    .inner_join(customers::table)
                    .into_boxed(),
                provider,
                list
            );
            named!(query, search)
                .select(subscriptions::id)
                .limit(bound + 1)
                .load::<String>(conn)?
        }
    };
    let n = found.len() as i64;
    Ok(if n > bound {
        Total::MoreThan(bound)
    } else {
        Total::Exactly(n)
    })
}

/// Takes every row of the list (at customers whose name begins with
/// `search`) for the rest of the caller's write transaction, changing
/// nothing: a transaction that changes one of them meanwhile waits until
/// this one ends, and this one's later reads see them as the last
/// committed change left them. On PostgreSQL the rows are locked (`FOR NO
/// KEY UPDATE`, what an `UPDATE` of them takes); a SQLite write transaction
/// holds the whole database from its start already.
pub fn lock_all_of(
    conn: &mut DbConn,
    provider: &TenantId,
    list: List<'_>,
    search: Option<&str>,
) -> QueryResult<()> {
    let DbConn::Postgres(conn) = conn else {
        return Ok(());
    };
    let query = in_list!(
        subscriptions::table
            .inner_join(customers::table)
            .into_boxed(),
        provider,
        list
    );
    let rows = named!(query, search).select(subscriptions::id);
    subscriptions::table
        .filter(subscriptions::id.eq_any(rows))
        .select(subscriptions::id)
        .for_no_key_update()
        .load::<String>(conn)
        .map(drop)
}

/// Every row of the list (at customers whose name begins with `search`),
/// in no particular order: what a change to all of them changes.
pub fn all_of(
    conn: &mut DbConn,
    provider: &TenantId,
    list: List<'_>,
    search: Option<&str>,
) -> QueryResult<Vec<Subscription>> {
    let query = in_list!(
        subscriptions::table
            .inner_join(customers::table)
            .into_boxed(),
        provider,
        list
    );
    named!(query, search)
        .select(SubscriptionRow::as_select())
        .load::<SubscriptionRow>(conn)?
        .into_iter()
        .map(Subscription::try_from)
        .collect()
}

/// The customers at which `contact` supports live subscriptions of the
/// provider.
pub fn customers_supported_by(
    conn: &mut DbConn,
    provider: &TenantId,
    contact: &TenantId,
) -> QueryResult<Vec<TenantId>> {
    Ok(subscriptions::table
        .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
        .filter(subscriptions::status.eq_any(live()))
        .filter(subscriptions::support_contact_tenant_id.eq(contact.as_str()))
        .select(subscriptions::customer_tenant_id)
        .distinct()
        .order(subscriptions::customer_tenant_id)
        .load::<String>(conn)?
        .into_iter()
        .map(TenantId::from_trusted)
        .collect())
}
