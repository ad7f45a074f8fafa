//! The REST API's request counters (`api_rate_windows`): one row per thing
//! counted and one-minute window. A request adds itself with one upsert that
//! answers the new count, so requests arriving at once on any number of
//! servers are counted one after the other: the row stays locked until the
//! transaction that counted ends.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::api_rate_windows as w;

/// Counts one more request of `scope` in the window that starts at
/// `window_start`, and answers the count with it included:
/// `INSERT ... ON CONFLICT (scope, window_start) DO UPDATE SET requests =
/// requests + 1 RETURNING requests`, which both backends speak (SQLite
/// since 3.35). Diesel builds it for each backend's own connection, not for
/// the connection over both, hence the one query written for either.
pub fn count(conn: &mut DbConn, scope: &str, window_start: NaiveDateTime) -> QueryResult<i64> {
    macro_rules! upsert {
        ($conn:expr) => {
            diesel::insert_into(w::table)
                .values((
                    w::scope.eq(scope),
                    w::window_start.eq(window_start),
                    w::requests.eq(1),
                ))
                .on_conflict((w::scope, w::window_start))
                .do_update()
                .set(w::requests.eq(w::requests + 1))
                .returning(w::requests)
                .get_result::<i32>($conn)
        };
    }
    match conn {
        DbConn::Postgres(c) => upsert!(c),
        DbConn::Sqlite(c) => upsert!(c),
    }
    .map(i64::from)
}

/// Deletes the windows that started before `before`.
pub fn forget_before(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(w::table.filter(w::window_start.lt(before))).execute(conn)
}

/// The count of `scope` in the window that starts at `window_start`, for
/// tests and operators.
pub fn current(
    conn: &mut DbConn,
    scope: &str,
    window_start: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    w::table
        .find((scope, window_start))
        .select(w::requests)
        .first::<i32>(conn)
        .optional()
        .map(|n| n.map(i64::from))
}

/// Rows kept, for tests and operators.
pub fn row_count(conn: &mut DbConn) -> QueryResult<i64> {
    w::table.count().get_result(conn)
}
