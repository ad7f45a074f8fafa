//! A partner's Activity as `partner_activity` files it (migration 015): the
//! audit rows a filter shows, a page at a time by key, and how many there
//! are up to a bound. Every query starts from the partner's own rows, and
//! each filter is a range of an index that begins with the partner: the
//! kind (`partner_activity_kind`), a few customers
//! (`partner_activity_customer`), or none (the primary key), newest first.

use chrono::NaiveDateTime;
use diesel::dsl::exists;
use diesel::prelude::*;

use super::audit::Entry;
use super::lower;
use super::support::{LAST_CHAR, Total, begins_with};
use crate::db::DbConn;
use crate::db::schema::{audit_log, customers, partner_activity as pa};
use crate::domain::TenantId;
use crate::domain::activity::{Cursor, Shown};

/// Which customers' rows a filter shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Customers {
    Any,
    /// These customers (found by name first, when they are few).
    Among(Vec<String>),
    /// Customers whose lower-cased name begins with this, looked up row
    /// by row while walking the partner's rows (when many customers match).
    Named(String),
}

/// What a page or a count of the activity shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub shown: Shown,
    pub customers: Customers,
    /// From this moment on, included.
    pub since: Option<NaiveDateTime>,
    /// Up to this moment, not included.
    pub until: Option<NaiveDateTime>,
}

/// Which way a page goes from its cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The rows before the cursor, newest first.
    Older,
    /// The rows after the cursor, oldest first.
    Newer,
}

/// Restricts a boxed query over `partner_activity` (alone or joined) to
/// the partner's rows the filter shows.
macro_rules! narrowed {
    ($query:expr, $partner:expr, $filter:expr) => {{
        let filter: &Filter = $filter;
        let mut query = $query.filter(pa::partner_tenant_id.eq($partner.as_str()));
        query = match filter.shown {
            Shown::People => query.filter(pa::by_person.eq(true)),
            Shown::Everything => query,
            Shown::Kind(kind) => query.filter(pa::kind.eq(kind.as_str())),
        };
        query = match &filter.customers {
            Customers::Any => query,
            Customers::Among(ids) => query.filter(pa::customer_tenant_id.eq_any(ids.clone())),
            Customers::Named(prefix) => query.filter(exists(
                customers::table
                    .filter(customers::tenant_id.nullable().eq(pa::customer_tenant_id))
                    .filter(lower(customers::company_name).ge(lower(prefix.clone())))
                    .filter(
                        lower(customers::company_name).lt(lower(prefix.clone()).concat(LAST_CHAR)),
                    )
                    .filter(
                        lower(customers::company_name)
                            .like(lower(begins_with(prefix)))
                            .escape('\\'),
                    ),
            )),
        };
        if let Some(since) = filter.since {
            query = query.filter(pa::occurred_at.ge(since));
        }
        if let Some(until) = filter.until {
            query = query.filter(pa::occurred_at.lt(until));
        }
        query
    }};
}

/// Up to `limit` of the partner's rows the filter shows, from `cursor`
/// (from the newest without one), with their audit entries: newest first
/// going older, oldest first going newer.
pub fn page(
    conn: &mut DbConn,
    partner: &TenantId,
    filter: &Filter,
    cursor: Option<(Cursor, Direction)>,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    let mut query = narrowed!(
        pa::table.inner_join(audit_log::table).into_boxed(),
        partner,
        filter
    );
    // The time alone first, so that the index's range starts there.
    query = match cursor {
        None => query,
        Some((Cursor { at, id }, Direction::Older)) => query
            .filter(pa::occurred_at.le(at))
            .filter(pa::occurred_at.lt(at).or(pa::audit_id.lt(id))),
        Some((Cursor { at, id }, Direction::Newer)) => query
            .filter(pa::occurred_at.ge(at))
            .filter(pa::occurred_at.gt(at).or(pa::audit_id.gt(id))),
    };
    query = match cursor {
        Some((_, Direction::Newer)) => query.order((pa::occurred_at.asc(), pa::audit_id.asc())),
        _ => query.order((pa::occurred_at.desc(), pa::audit_id.desc())),
    };
    query.limit(limit).select(Entry::as_select()).load(conn)
}

/// How many of the partner's rows the filter shows, counted up to `bound`.
pub fn count_up_to(
    conn: &mut DbConn,
    partner: &TenantId,
    filter: &Filter,
    bound: i64,
) -> QueryResult<Total> {
    let found: Vec<i32> = narrowed!(pa::table.into_boxed(), partner, filter)
        .select(pa::audit_id)
        .limit(bound + 1)
        .load(conn)?;
    let found = found.len() as i64;
    Ok(if found > bound {
        Total::MoreThan(bound)
    } else {
        Total::Exactly(found)
    })
}

/// Up to `limit` customers whose name begins with `prefix` (any case), by
/// name: a range of `customers_name_key`. Any customer: the activity they
/// narrow is the partner's own.
pub fn customers_named(conn: &mut DbConn, prefix: &str, limit: i64) -> QueryResult<Vec<String>> {
    customers::table
        .filter(lower(customers::company_name).ge(lower(prefix.to_owned())))
        .filter(lower(customers::company_name).lt(lower(prefix.to_owned()).concat(LAST_CHAR)))
        .filter(
            lower(customers::company_name)
                .like(lower(begins_with(prefix)))
                .escape('\\'),
        )
        .order((lower(customers::company_name), customers::tenant_id))
        .select(customers::tenant_id)
        .limit(limit)
        .load(conn)
}
