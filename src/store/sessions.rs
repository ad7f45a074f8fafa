//! Signed-in sessions. The cookie carries a random session id; only its hash
//! is stored. A session is current while its row exists and has not expired,
//! so signing out (deleting the row) ends it on every server at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::user_sessions as s;

/// Starts a session for `user_id` that lasts until `expires_at`; returns the
/// id for the cookie. Sessions that have expired, anyone's, are deleted on
/// the way, so the table holds only live ones.
pub fn start(
    conn: &mut DbConn,
    user_id: i32,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<String> {
    diesel::delete(s::table.filter(s::expires_at.le(now))).execute(conn)?;
    let (raw, hash) = super::new_token();
    diesel::insert_into(s::table)
        .values((
            s::id_hash.eq(hash),
            s::user_id.eq(user_id),
            s::created_at.eq(now),
            s::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(raw)
}

/// Ends one session. True when it was still there.
pub fn end(conn: &mut DbConn, session_id: &str) -> QueryResult<bool> {
    diesel::delete(s::table.find(super::digest(session_id)))
        .execute(conn)
        .map(|n| n > 0)
}

/// Live sessions of a user (for tests and operators).
pub fn count_for_user(conn: &mut DbConn, user_id: i32) -> QueryResult<i64> {
    s::table
        .filter(s::user_id.eq(user_id))
        .count()
        .get_result(conn)
}
