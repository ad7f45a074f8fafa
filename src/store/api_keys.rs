//! Keys for the REST API. A key is a random secret shown once; only its
//! SHA-256 is kept, with a few of its first characters to tell keys apart.
//! Every list and revocation names the partner in its SQL.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::partners::PartnerRow;
use super::users::UserRow;
use crate::db::DbConn;
use crate::db::schema::api_keys as k;
use crate::db::schema::partners;
use crate::domain::{Partner, TenantId, User};

/// What every key begins with, so that one found in a log or a repository
/// is recognised for what it is.
pub const SECRET_START: &str = "sc_";
/// How much of the secret is kept in the clear: the start and 8 characters
/// of the random part (48 of its 256 bits).
const PREFIX_CHARS: usize = SECRET_START.len() + 8;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = k)]
pub struct ApiKey {
    pub id: String,
    pub partner_tenant_id: String,
    /// The user the key acts as.
    pub user_id: i32,
    pub name: String,
    pub prefix: String,
    pub created_at: NaiveDateTime,
    /// Who made it on the page; none when an operator did, on the command line.
    pub created_by: Option<i32>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// What each request needs of its key: which one it is, and when it was
/// last recorded as used. Every `/v1` request reads it, so it is no wider.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = k)]
pub struct LiveKey {
    pub id: String,
    pub last_used_at: Option<NaiveDateTime>,
}

/// A new key, as its maker sees it once.
pub struct NewSecret {
    pub id: String,
    pub secret: String,
}

impl std::fmt::Debug for NewSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewSecret")
            .field("id", &self.id)
            .field("secret", &"[redacted]")
            .finish()
    }
}

#[derive(Debug, Clone)]
pub struct NewKey<'a> {
    pub partner: &'a TenantId,
    pub user_id: i32,
    pub name: &'a str,
    pub created_by: Option<i32>,
}

pub fn insert(conn: &mut DbConn, new: &NewKey<'_>, now: NaiveDateTime) -> QueryResult<NewSecret> {
    let (random, _) = super::new_token();
    let secret = format!("{SECRET_START}{random}");
    let id = uuid::Uuid::new_v4().to_string();
    diesel::insert_into(k::table)
        .values((
            k::id.eq(&id),
            k::partner_tenant_id.eq(new.partner.as_str()),
            k::user_id.eq(new.user_id),
            k::name.eq(new.name),
            k::secret_hash.eq(super::digest(&secret)),
            k::prefix.eq(&secret[..PREFIX_CHARS]),
            k::created_at.eq(now),
            k::created_by.eq(new.created_by),
        ))
        .execute(conn)?;
    Ok(NewSecret { id, secret })
}

/// The key a secret opens, unless it was revoked, with the user it acts as
/// and its partner: one read for every `/v1` request.
pub fn find_live_holder(
    conn: &mut DbConn,
    secret: &str,
) -> QueryResult<Option<(LiveKey, User, Partner)>> {
    use crate::db::schema::users;
    let row = k::table
        .inner_join(users::table.on(users::id.eq(k::user_id)))
        .inner_join(partners::table)
        .filter(k::secret_hash.eq(super::digest(secret)))
        .filter(k::revoked_at.is_null())
        .select((
            LiveKey::as_select(),
            UserRow::as_select(),
            PartnerRow::as_select(),
        ))
        .first::<(LiveKey, UserRow, PartnerRow)>(conn)
        .optional()?;
    row.map(|(key, user, partner)| Ok((key, user.into_user()?, Partner::try_from(partner)?)))
        .transpose()
}

/// Records a use at `now`, unless one was recorded less than a minute
/// before: a busy key writes once a minute, not once a request.
pub fn touch(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> QueryResult<bool> {
    let a_minute_ago = now - chrono::Duration::seconds(60);
    diesel::update(
        k::table.find(id).filter(
            k::last_used_at
                .is_null()
                .or(k::last_used_at.lt(a_minute_ago)),
        ),
    )
    .set(k::last_used_at.eq(Some(now)))
    .execute(conn)
    .map(|n| n == 1)
}

/// The partner's keys, newest first.
pub fn for_partner(conn: &mut DbConn, partner: &TenantId) -> QueryResult<Vec<ApiKey>> {
    k::table
        .filter(k::partner_tenant_id.eq(partner.as_str()))
        .order((k::created_at.desc(), k::id))
        .select(ApiKey::as_select())
        .load(conn)
}

/// The keys that act as one of the partner's users, newest first.
pub fn for_user(conn: &mut DbConn, partner: &TenantId, user_id: i32) -> QueryResult<Vec<ApiKey>> {
    k::table
        .filter(k::partner_tenant_id.eq(partner.as_str()))
        .filter(k::user_id.eq(user_id))
        .order((k::created_at.desc(), k::id))
        .select(ApiKey::as_select())
        .load(conn)
}

/// One of the partner's keys.
pub fn get(conn: &mut DbConn, partner: &TenantId, id: &str) -> QueryResult<Option<ApiKey>> {
    k::table
        .find(id)
        .filter(k::partner_tenant_id.eq(partner.as_str()))
        .select(ApiKey::as_select())
        .first(conn)
        .optional()
}

/// Whose key this is, for an operator who names it by id alone.
pub fn partner_of(conn: &mut DbConn, id: &str) -> QueryResult<Option<TenantId>> {
    k::table
        .find(id)
        .select(k::partner_tenant_id)
        .first::<String>(conn)
        .optional()
        .map(|p| p.map(TenantId::from_trusted))
}

/// Revokes one of the partner's keys now: it stops working at once. False
/// when there is no such key or it was revoked already.
pub fn revoke(
    conn: &mut DbConn,
    partner: &TenantId,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        k::table
            .find(id)
            .filter(k::partner_tenant_id.eq(partner.as_str()))
            .filter(k::revoked_at.is_null()),
    )
    .set(k::revoked_at.eq(Some(now)))
    .execute(conn)
    .map(|n| n == 1)
}
