//! Notices filed under the organization they concern, each user's read
//! marker, and who of an organization hears of a change by e-mail.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{notifications as n, users};
use crate::domain::{Role, TenantId};

/// One notice as stored: its id, its body (JSON) and when it was filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub id: i32,
    pub body: String,
    pub created_at: NaiveDateTime,
}

pub fn insert(
    conn: &mut DbConn,
    tenant: &TenantId,
    kind: &str,
    body: &str,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(n::table)
        .values((
            n::tenant_id.eq(tenant.as_str()),
            n::kind.eq(kind),
            n::body.eq(body),
            n::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// How many of the organization's notices the user has not seen, counted
/// up to `cap` (one range of the tenant's index).
pub fn unread(conn: &mut DbConn, user: i32, tenant: &TenantId, cap: i64) -> QueryResult<i64> {
    let seen = users::table
        .find(user)
        .select(users::notifications_seen)
        .single_value()
        .assume_not_null();
    let ids: Vec<i32> = n::table
        .filter(n::tenant_id.eq(tenant.as_str()))
        .filter(n::id.gt(seen))
        .select(n::id)
        .limit(cap)
        .load(conn)?;
    Ok(ids.len() as i64)
}

/// The organization's notices, newest first, older than `before` when
/// given, at most `limit`.
pub fn list(
    conn: &mut DbConn,
    tenant: &TenantId,
    before: Option<i32>,
    limit: i64,
) -> QueryResult<Vec<Stored>> {
    let mut query = n::table
        .filter(n::tenant_id.eq(tenant.as_str()))
        .into_boxed();
    if let Some(before) = before {
        query = query.filter(n::id.lt(before));
    }
    Ok(query
        .order(n::id.desc())
        .limit(limit)
        .select((n::id, n::body, n::created_at))
        .load::<(i32, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(id, body, created_at)| Stored {
            id,
            body,
            created_at,
        })
        .collect())
}

/// The newest notice of the organization, if any.
pub fn newest(conn: &mut DbConn, tenant: &TenantId) -> QueryResult<Option<i32>> {
    n::table
        .filter(n::tenant_id.eq(tenant.as_str()))
        .select(diesel::dsl::max(n::id))
        .first(conn)
}

/// What the user has seen: up to `id` (never back).
pub fn mark_seen(conn: &mut DbConn, user: i32, id: i32) -> QueryResult<()> {
    diesel::update(
        users::table
            .filter(users::id.eq(user))
            .filter(users::notifications_seen.lt(id)),
    )
    .set(users::notifications_seen.eq(id))
    .execute(conn)
    .map(drop)
}

/// The enabled users of an organization who hear of its changes by e-mail
/// (a partner's admin agents, a customer's admins), with the language each
/// reads: (address, language tag).
pub fn recipients(conn: &mut DbConn, tenant: &TenantId) -> QueryResult<Vec<(String, String)>> {
    users::table
        .filter(
            users::partner_tenant_id
                .eq(tenant.as_str())
                .and(users::role.eq(Role::AdminAgent.as_str()))
                .or(users::customer_tenant_id
                    .eq(tenant.as_str())
                    .and(users::role.eq(Role::CustomerAdmin.as_str()))),
        )
        .filter(users::disabled.eq(false))
        .order(users::id)
        .select((users::email, users::language))
        .load(conn)
}

/// The language a user reads the product and its e-mail in.
pub fn set_language(conn: &mut DbConn, user: i32, tag: &str) -> QueryResult<()> {
    diesel::update(users::table.find(user))
        .set(users::language.eq(tag))
        .execute(conn)
        .map(drop)
}

/// The language of a user, by address (the first account of it), if one
/// has the address.
pub fn language_of(conn: &mut DbConn, email: &str) -> QueryResult<Option<String>> {
    users::table
        .filter(users::email.eq(crate::domain::user::normalize_email(email)))
        .order(users::id)
        .select(users::language)
        .first(conn)
        .optional()
}
