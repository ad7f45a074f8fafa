//! A partner's Activity as `partner_activity` files it (migration 015): the
//! audit rows a filter shows, a page at a time by key, and how many there
//! are up to a bound. Every query starts from the partner's own rows, and
//! each filter is a range of an index that begins with the partner: the
//! kind (`partner_activity_kind`), a few customers
//! (`partner_activity_customer`), or none (the primary key), newest first.

use chrono::NaiveDateTime;
use diesel::dsl::{exists, sql};
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::query_builder::QueryFragment;
use diesel::sql_types::{Bool, Integer, Timestamp};

use super::audit::Entry;
use super::lower;
use super::support::{LAST_CHAR, Total, begins_with};
use crate::db::schema::{audit_log, customers, partner_activity as pa};
use crate::db::{Backend, DbConn};
use crate::domain::TenantId;
use crate::domain::activity::{Cursor, Shown};

/// Which customers' rows a filter shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Customers {
    Any,
    /// These customers (found by name first, when they are few), each
    /// read apart through its own range of `partner_activity_customer`.
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
/// the partner's rows the filter shows, at the one customer `$one` when
/// the filter names a few (each read apart, see [`page`]).
macro_rules! narrowed {
    ($query:expr, $partner:expr, $filter:expr, $one:expr) => {{
        let filter: &Filter = $filter;
        let one: Option<&str> = $one;
        let mut query = $query.filter(pa::partner_tenant_id.eq($partner.as_str()));
        query = match filter.shown {
            Shown::People => query.filter(pa::by_person.eq(true)),
            Shown::Everything => query,
            Shown::Kind(kind) => query.filter(pa::kind.eq(kind.as_str())),
        };
        query = match (&filter.customers, one) {
            (_, Some(customer)) => query.filter(pa::customer_tenant_id.eq(customer.to_owned())),
            (Customers::Any, None) => query,
            // Never read whole: see `page` and `count_up_to`.
            (Customers::Among(ids), None) => {
                query.filter(pa::customer_tenant_id.eq_any(ids.clone()))
            }
            (Customers::Named(prefix), None) => query.filter(exists(
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
/// going older, oldest first going newer. A few customers are read one by
/// one, each a range of `partner_activity_customer` in the page's order
/// (a list of them would be read whole, then sorted), and merged.
pub fn page(
    conn: &mut DbConn,
    partner: &TenantId,
    filter: &Filter,
    cursor: Option<(Cursor, Direction)>,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    let Customers::Among(ids) = &filter.customers else {
        return page_at(conn, partner, filter, None, cursor, limit);
    };
    let mut entries = Vec::new();
    for id in ids {
        entries.extend(page_at(conn, partner, filter, Some(id), cursor, limit)?);
    }
    let key = |e: &Entry| (e.occurred_at, e.id);
    match cursor {
        Some((_, Direction::Newer)) => entries.sort_by_key(key),
        _ => entries.sort_by_key(|e| std::cmp::Reverse(key(e))),
    }
    entries.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(entries)
}

fn page_at(
    conn: &mut DbConn,
    partner: &TenantId,
    filter: &Filter,
    customer: Option<&str>,
    cursor: Option<(Cursor, Direction)>,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    let mut query = narrowed!(
        pa::table.inner_join(audit_log::table).into_boxed(),
        partner,
        filter,
        customer
    );
    if let Some((cursor, direction)) = cursor {
        query = query.filter(beyond("partner_activity", cursor, direction));
    }
    query = match cursor {
        Some((_, Direction::Newer)) => query.order((pa::occurred_at.asc(), pa::audit_id.asc())),
        _ => query.order((pa::occurred_at.desc(), pa::audit_id.desc())),
    };
    query.limit(limit).select(Entry::as_select()).load(conn)
}

/// The rows of `table` (`partner_activity`, `customer_activity`) past
/// `cursor` going `direction`, as one comparison of (time, audit id)
/// pairs: both backends seek an index to it, however many rows share a
/// time (a bulk change writes thousands at once), where the same test
/// spelled with `OR` would read through them.
pub(super) fn beyond(
    table: &'static str,
    cursor: Cursor,
    direction: Direction,
) -> SqlLiteral<Bool, impl QueryFragment<Backend>> {
    let operator = match direction {
        Direction::Older => ") < (",
        Direction::Newer => ") > (",
    };
    sql::<Bool>(&format!("({table}.occurred_at, {table}.audit_id"))
        .sql(operator)
        .bind::<Timestamp, _>(cursor.at)
        .sql(", ")
        .bind::<Integer, _>(cursor.id)
        .sql(")")
}

/// How many of the partner's rows the filter shows, counted up to `bound`
/// newest first (where the Activity's rows are), a few customers one by one.
pub fn count_up_to(
    conn: &mut DbConn,
    partner: &TenantId,
    filter: &Filter,
    bound: i64,
) -> QueryResult<Total> {
    let count_at = |conn: &mut DbConn, customer: Option<&str>, bound: i64| {
        narrowed!(pa::table.into_boxed(), partner, filter, customer)
            .order((pa::occurred_at.desc(), pa::audit_id.desc()))
            .select(pa::audit_id)
            .limit(bound + 1)
            .load::<i32>(conn)
            .map(|found| found.len() as i64)
    };
    let found = match &filter.customers {
        Customers::Among(ids) => {
            let mut found = 0;
            for id in ids {
                found += count_at(conn, Some(id), bound - found)?;
                if found > bound {
                    break;
                }
            }
            found
        }
        _ => count_at(conn, None, bound)?,
    };
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

/// Every row of `partner_activity`, in key order: for tests, which compare
/// what the trigger filed with what migration 015 files from the log.
pub type Filed = (String, NaiveDateTime, i32, String, Option<String>, bool);

pub fn all_filed(conn: &mut DbConn) -> QueryResult<Vec<Filed>> {
    pa::table
        .order((pa::partner_tenant_id, pa::occurred_at, pa::audit_id))
        .select((
            pa::partner_tenant_id,
            pa::occurred_at,
            pa::audit_id,
            pa::kind,
            pa::customer_tenant_id,
            pa::by_person,
        ))
        .load(conn)
}

#[cfg(test)]
mod tests {
    use diesel_migrations::MigrationHarness;

    use super::*;
    use crate::db::{self, DatabaseUrl};
    use crate::demo;

    #[test]
    fn migration_015_files_the_log_already_there_as_the_trigger_files_each_new_row() {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("before.db"));
        let mut conn = db::connect(&url).unwrap();
        let DbConn::Sqlite(sqlite) = &mut conn else {
            unreachable!("a SQLite URL")
        };
        sqlite
            .run_pending_migrations(db::SQLITE_MIGRATIONS)
            .unwrap();
        let now = chrono::Utc::now().naive_utc();
        crate::demo::seed(&mut conn, now).unwrap();
        // And a change a person made.
        let (user, _) =
            crate::store::users::find_for_sign_in(&mut conn, "admin@contoso-distribution.example")
                .unwrap()
                .remove(0);
        let id = |raw: &str| TenantId::from_trusted(raw.to_owned());
        let partner = crate::store::partners::get(&mut conn, &id(demo::CONTOSO))
            .unwrap()
            .unwrap();
        crate::app::contacts::assign(
            &mut conn,
            crate::app::PartnerCaller {
                user: &user,
                partner: &partner,
            },
            &crate::app::contacts::AssignContact {
                customer: id(demo::WIDE_WORLD_IMPORTERS),
                subscription: crate::domain::SubscriptionId::from_trusted(
                    demo::WWI_OFFICE_365.to_owned(),
                ),
                version: 1,
                contact: id(demo::TREY_RESEARCH),
            },
            now,
        )
        .unwrap();
        let by_trigger = all_filed(&mut conn).unwrap();
        assert!(by_trigger.len() > 50);
        assert!(by_trigger.iter().any(|f| f.5) && by_trigger.iter().any(|f| !f.5));
        // Taken back and applied again: filed from the log as it is.
        db::revert_from(&mut conn, "20261203000015").unwrap();
        db::migrate(&mut conn).unwrap();
        assert_eq!(all_filed(&mut conn).unwrap(), by_trigger);
    }
}
