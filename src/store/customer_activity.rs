//! A customer's Audit as `customer_activity` files it (migration 020): the
//! audit rows a filter shows, a page at a time by key, and how many there
//! are up to a bound. Every query starts from the customer's own rows, and
//! each filter is a range of an index that begins with the customer: the
//! kind (`customer_activity_kind`), a subscription
//! (`customer_activity_subscription`), what people did
//! (`customer_activity_people`), or none (the primary key), newest first.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::activity::{Direction, beyond};
use super::audit::Entry;
use super::support::Total;
use crate::db::DbConn;
use crate::db::schema::{audit_log, customer_activity as ca};
use crate::domain::activity::{Cursor, Shown};
use crate::domain::{SubscriptionId, TenantId};

/// What a page or a count of a customer's Audit shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub shown: Shown,
    pub subscription: Option<SubscriptionId>,
    /// From this moment on, included.
    pub since: Option<NaiveDateTime>,
    /// Up to this moment, not included.
    pub until: Option<NaiveDateTime>,
}

/// Restricts a boxed query over `customer_activity` (alone or joined) to
/// the customer's rows the filter shows.
macro_rules! narrowed {
    ($query:expr, $customer:expr, $filter:expr) => {{
        let filter: &Filter = $filter;
        let mut query = $query.filter(ca::customer_tenant_id.eq($customer.as_str()));
        query = match filter.shown {
            Shown::People => query.filter(ca::by_person.eq(true)),
            Shown::Everything => query,
            Shown::Kind(kind) => query.filter(ca::kind.eq(kind.as_str())),
        };
        if let Some(subscription) = &filter.subscription {
            query = query.filter(ca::subscription_id.eq(subscription.as_str().to_owned()));
        }
        if let Some(since) = filter.since {
            query = query.filter(ca::occurred_at.ge(since));
        }
        if let Some(until) = filter.until {
            query = query.filter(ca::occurred_at.lt(until));
        }
        query
    }};
}

/// Up to `limit` of the customer's rows the filter shows, from `cursor`
/// (from the newest without one), with their audit entries: newest first
/// going older, oldest first going newer.
pub fn page(
    conn: &mut DbConn,
    customer: &TenantId,
    filter: &Filter,
    cursor: Option<(Cursor, Direction)>,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    let mut query = narrowed!(
        ca::table.inner_join(audit_log::table).into_boxed(),
        customer,
        filter
    );
    if let Some((cursor, direction)) = cursor {
        query = query.filter(beyond("customer_activity", cursor, direction));
    }
    query = match cursor {
        Some((_, Direction::Newer)) => query.order((ca::occurred_at.asc(), ca::audit_id.asc())),
        _ => query.order((ca::occurred_at.desc(), ca::audit_id.desc())),
    };
    query.limit(limit).select(Entry::as_select()).load(conn)
}

/// How many of the customer's rows the filter shows, counted up to
/// `bound` newest first.
pub fn count_up_to(
    conn: &mut DbConn,
    customer: &TenantId,
    filter: &Filter,
    bound: i64,
) -> QueryResult<Total> {
    let found = narrowed!(ca::table.into_boxed(), customer, filter)
        .order((ca::occurred_at.desc(), ca::audit_id.desc()))
        .select(ca::audit_id)
        .limit(bound + 1)
        .load::<i32>(conn)?
        .len() as i64;
    Ok(if found > bound {
        Total::MoreThan(bound)
    } else {
        Total::Exactly(found)
    })
}

/// Every row of `customer_activity`, in key order: for tests, which compare
/// what the trigger filed with what migration 020 files from the log.
pub type Filed = (String, NaiveDateTime, i32, String, Option<String>, bool);

pub fn all_filed(conn: &mut DbConn) -> QueryResult<Vec<Filed>> {
    ca::table
        .order((ca::customer_tenant_id, ca::occurred_at, ca::audit_id))
        .select((
            ca::customer_tenant_id,
            ca::occurred_at,
            ca::audit_id,
            ca::kind,
            ca::subscription_id,
            ca::by_person,
        ))
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{self, DatabaseUrl};

    #[test]
    fn migration_020_files_the_log_already_there_as_the_trigger_files_each_new_row() {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("before.db"));
        let mut conn = db::connect(&url).unwrap();
        db::migrate(&mut conn).unwrap();
        let now = chrono::Utc::now().naive_utc();
        crate::demo::seed(&mut conn, now).unwrap();
        let by_trigger = all_filed(&mut conn).unwrap();
        assert!(by_trigger.len() > 20);
        // Taken back and applied again: filed from the log as it is.
        db::revert_from(&mut conn, "20261203000020").unwrap();
        db::migrate(&mut conn).unwrap();
        assert_eq!(all_filed(&mut conn).unwrap(), by_trigger);
    }
}
