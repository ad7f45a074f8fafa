//! One-time links to set a password: the raw token goes into the link, only
//! its SHA-256 is stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{digest, new_token};
use crate::db::DbConn;
use crate::db::schema::password_tokens as t;

/// A new link for the user; links issued before it stop working.
pub fn issue(
    conn: &mut DbConn,
    user_id: i32,
    now: NaiveDateTime,
    valid_for: chrono::Duration,
) -> QueryResult<String> {
    diesel::update(
        t::table
            .filter(t::user_id.eq(user_id))
            .filter(t::used_at.is_null()),
    )
    .set(t::used_at.eq(Some(now)))
    .execute(conn)?;
    let (raw, hash) = new_token();
    diesel::insert_into(t::table)
        .values((
            t::token_hash.eq(hash),
            t::user_id.eq(user_id),
            t::created_at.eq(now),
            t::expires_at.eq(now + valid_for),
        ))
        .execute(conn)?;
    Ok(raw)
}

/// The user a still-valid link belongs to.
pub fn valid_user(conn: &mut DbConn, raw: &str, now: NaiveDateTime) -> QueryResult<Option<i32>> {
    if raw.len() > 100 {
        return Ok(None);
    }
    t::table
        .filter(t::token_hash.eq(digest(raw)))
        .filter(t::used_at.is_null())
        .filter(t::expires_at.gt(now))
        .select(t::user_id)
        .first(conn)
        .optional()
}

/// Uses the link up; false when it was used (or expired) meanwhile.
pub fn consume(conn: &mut DbConn, raw: &str, now: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(
        t::table
            .filter(t::token_hash.eq(digest(raw)))
            .filter(t::used_at.is_null())
            .filter(t::expires_at.gt(now)),
    )
    .set(t::used_at.eq(Some(now)))
    .execute(conn)
    .map(|n| n == 1)
}
