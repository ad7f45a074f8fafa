//! E-mail waiting to go out. A sender claims rows with a conditional
//! UPDATE, so that of several servers one sends each; it then marks each
//! sent, or puts it back for a later attempt, or gives it up.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::outbox as o;

/// One e-mail as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Mail {
    pub id: i32,
    pub recipient: String,
    pub language: String,
    pub body: String,
    pub created_at: NaiveDateTime,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
    pub last_error: Option<String>,
}

macro_rules! columns {
    () => {
        (
            o::id,
            o::recipient,
            o::language,
            o::body,
            o::created_at,
            o::attempts,
            o::next_attempt_at,
            o::sent_at,
            o::failed_at,
            o::last_error,
        )
    };
}

pub fn insert(
    conn: &mut DbConn,
    recipient: &str,
    language: &str,
    body: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(o::table)
        .values((
            o::recipient.eq(recipient),
            o::language.eq(language),
            o::body.eq(body),
            o::created_at.eq(now),
            o::next_attempt_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// The ids of up to `limit` e-mails due at `now` that no sender holds.
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<i32>> {
    o::table
        .filter(o::sent_at.is_null())
        .filter(o::failed_at.is_null())
        .filter(o::next_attempt_at.le(now))
        .filter(o::claimed_until.is_null().or(o::claimed_until.lt(now)))
        .order((o::next_attempt_at.asc(), o::id.asc()))
        .limit(limit)
        .select(o::id)
        .load(conn)
}

/// Claims one due e-mail for `claim` until `until`: the e-mail, or nothing
/// when another sender holds it or it is no longer due.
pub fn claim(
    conn: &mut DbConn,
    id: i32,
    claim: &str,
    now: NaiveDateTime,
    until: NaiveDateTime,
) -> QueryResult<Option<Mail>> {
    let won = diesel::update(
        o::table
            .filter(o::id.eq(id))
            .filter(o::sent_at.is_null())
            .filter(o::failed_at.is_null())
            .filter(o::next_attempt_at.le(now))
            .filter(o::claimed_until.is_null().or(o::claimed_until.lt(now))),
    )
    .set((o::claim.eq(claim), o::claimed_until.eq(until)))
    .execute(conn)?;
    if won == 0 {
        return Ok(None);
    }
    o::table.find(id).select(columns!()).first(conn).optional()
}

/// Sent, its body now `kept`: true when `claim` still held it.
pub fn sent(
    conn: &mut DbConn,
    id: i32,
    claim: &str,
    kept: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let done = diesel::update(
        o::table
            .filter(o::id.eq(id))
            .filter(o::claim.eq(claim))
            .filter(o::sent_at.is_null()),
    )
    .set((
        o::sent_at.eq(now),
        o::body.eq(kept),
        o::attempts.eq(o::attempts + 1),
        o::claim.eq(None::<String>),
        o::claimed_until.eq(None::<NaiveDateTime>),
        o::last_error.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(done == 1)
}

/// Not sent: the attempt counted and the error kept; tried again at
/// `next`, or given up (`failed_at`) when `next` is none.
pub fn not_sent(
    conn: &mut DbConn,
    id: i32,
    claim: &str,
    error: &str,
    next: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let target = o::table
        .filter(o::id.eq(id))
        .filter(o::claim.eq(claim))
        .filter(o::sent_at.is_null());
    let done = match next {
        Some(next) => diesel::update(target)
            .set((
                o::attempts.eq(o::attempts + 1),
                o::next_attempt_at.eq(next),
                o::claim.eq(None::<String>),
                o::claimed_until.eq(None::<NaiveDateTime>),
                o::last_error.eq(error),
            ))
            .execute(conn)?,
        None => diesel::update(target)
            .set((
                o::attempts.eq(o::attempts + 1),
                o::failed_at.eq(now),
                o::claim.eq(None::<String>),
                o::claimed_until.eq(None::<NaiveDateTime>),
                o::last_error.eq(error),
            ))
            .execute(conn)?,
    };
    Ok(done == 1)
}

/// What operators see: e-mail not sent yet (waiting or given up), oldest
/// first, at most `limit`.
pub fn unsent(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<Mail>> {
    o::table
        .filter(o::sent_at.is_null())
        .order(o::id.asc())
        .limit(limit)
        .select(columns!())
        .load(conn)
}

/// Every e-mail to an address, oldest first (tests and operators).
pub fn to_recipient(conn: &mut DbConn, recipient: &str) -> QueryResult<Vec<Mail>> {
    o::table
        .filter(o::recipient.eq(recipient))
        .order(o::id.asc())
        .select(columns!())
        .load(conn)
}
