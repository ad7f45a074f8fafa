//! Relationship requests: the link's token is stored only as its hash.

use crate::domain::states::StoredRequestState;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{digest, new_token};
use crate::db::DbConn;
use crate::db::schema::relationship_requests as r;
use crate::domain::TenantId;
use crate::domain::request::RequestState;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = r)]
pub struct Request {
    pub id: String,
    pub partner_tenant_id: String,
    pub via_provider_tenant_id: Option<String>,
    pub customer_company: String,
    pub customer_domain: String,
    pub delegated_admin: bool,
    #[diesel(deserialize_as = String)]
    pub state: StoredRequestState,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
    pub customer_tenant_id: Option<String>,
}

impl Request {
    pub fn state_at(&self, now: NaiveDateTime) -> RequestState {
        RequestState::of(self.state, self.expires_at, now)
    }
}

pub struct NewRequest<'a> {
    pub partner: &'a TenantId,
    pub via_provider: Option<&'a TenantId>,
    pub company: &'a str,
    pub domain: &'a str,
    pub delegated_admin: bool,
    pub expires_at: NaiveDateTime,
}

/// Returns the request id and the link token.
pub fn insert(
    conn: &mut DbConn,
    new: &NewRequest<'_>,
    now: NaiveDateTime,
) -> QueryResult<(String, String)> {
    let id = uuid::Uuid::new_v4().hyphenated().to_string();
    let (raw, hash) = new_token();
    diesel::insert_into(r::table)
        .values((
            r::id.eq(&id),
            r::token_hash.eq(hash),
            r::partner_tenant_id.eq(new.partner.as_str()),
            r::via_provider_tenant_id.eq(new.via_provider.map(TenantId::as_str)),
            r::customer_company.eq(new.company),
            r::customer_domain.eq(new.domain),
            r::delegated_admin.eq(new.delegated_admin),
            r::state.eq(StoredRequestState::Pending.as_str()),
            r::created_at.eq(now),
            r::expires_at.eq(new.expires_at),
        ))
        .execute(conn)?;
    Ok((id, raw))
}

/// The partner's requests, and those its resellers make through it.
pub fn list_for_partner(conn: &mut DbConn, partner: &TenantId) -> QueryResult<Vec<Request>> {
    r::table
        .filter(
            r::partner_tenant_id
                .eq(partner.as_str())
                .or(r::via_provider_tenant_id.eq(partner.as_str())),
        )
        .order(r::created_at.desc())
        .select(Request::as_select())
        .load(conn)
}

pub fn get_for_partner(
    conn: &mut DbConn,
    partner: &TenantId,
    id: &str,
) -> QueryResult<Option<Request>> {
    r::table
        .find(id)
        .filter(
            r::partner_tenant_id
                .eq(partner.as_str())
                .or(r::via_provider_tenant_id.eq(partner.as_str())),
        )
        .select(Request::as_select())
        .first(conn)
        .optional()
}

pub fn get_by_token(conn: &mut DbConn, raw: &str) -> QueryResult<Option<Request>> {
    if raw.len() > 100 {
        return Ok(None);
    }
    r::table
        .filter(r::token_hash.eq(digest(raw)))
        .select(Request::as_select())
        .first(conn)
        .optional()
}

/// A new link for a pending request, with a new expiry; the old link dies.
pub fn rekey(
    conn: &mut DbConn,
    partner: &TenantId,
    id: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<Option<String>> {
    let (raw, hash) = new_token();
    let n = diesel::update(
        r::table
            .find(id)
            .filter(r::partner_tenant_id.eq(partner.as_str()))
            .filter(r::state.eq(StoredRequestState::Pending.as_str())),
    )
    .set((r::token_hash.eq(hash), r::expires_at.eq(expires_at)))
    .execute(conn)?;
    Ok((n == 1).then_some(raw))
}

/// Moves a pending, unexpired request to `state`; false if it was not.
pub fn decide(
    conn: &mut DbConn,
    id: &str,
    state: &str,
    customer: Option<&TenantId>,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        r::table
            .find(id)
            .filter(r::state.eq(StoredRequestState::Pending.as_str()))
            .filter(r::expires_at.gt(now)),
    )
    .set((
        r::state.eq(state),
        r::decided_at.eq(Some(now)),
        r::customer_tenant_id.eq(customer.map(TenantId::as_str)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Revoking works on pending requests, expired or not.
pub fn revoke(
    conn: &mut DbConn,
    partner: &TenantId,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        r::table
            .find(id)
            .filter(r::partner_tenant_id.eq(partner.as_str()))
            .filter(r::state.eq(StoredRequestState::Pending.as_str())),
    )
    .set((
        r::state.eq(StoredRequestState::Revoked.as_str()),
        r::decided_at.eq(Some(now)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// The newest request from each of `partners` to the customer with this
/// domain, in one query (a customer's domain is named by few requests).
pub fn latest_for_each(
    conn: &mut DbConn,
    partners: &[&str],
    domain: &str,
) -> QueryResult<std::collections::HashMap<String, Request>> {
    let wanted: std::collections::HashSet<&str> = partners.iter().copied().collect();
    let mut latest = std::collections::HashMap::new();
    let newest_first: Vec<Request> = r::table
        .filter(r::customer_domain.eq(domain))
        .order((r::created_at.desc(), r::id.desc()))
        .select(Request::as_select())
        .load(conn)?;
    for request in newest_first {
        if wanted.contains(request.partner_tenant_id.as_str()) {
            latest
                .entry(request.partner_tenant_id.clone())
                .or_insert(request);
        }
    }
    Ok(latest)
}

/// The partner's own pending, unexpired requests, newest first, up to
/// `limit`; and how many there are in all.
pub fn pending_of(
    conn: &mut DbConn,
    partner: &TenantId,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<(Vec<Request>, i64)> {
    let pending = || {
        r::table
            .filter(r::partner_tenant_id.eq(partner.as_str()))
            .filter(r::state.eq(StoredRequestState::Pending.as_str()))
            .filter(r::expires_at.gt(now))
    };
    let total = pending().count().get_result(conn)?;
    let newest = pending()
        .order((r::created_at.desc(), r::id.desc()))
        .limit(limit)
        .select(Request::as_select())
        .load(conn)?;
    Ok((newest, total))
}

/// Pending, unexpired requests naming this customer's domain.
pub fn pending_for_domain(
    conn: &mut DbConn,
    domain: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<Request>> {
    r::table
        .filter(r::customer_domain.eq(domain))
        .filter(r::state.eq(StoredRequestState::Pending.as_str()))
        .filter(r::expires_at.gt(now))
        .order(r::created_at.desc())
        .select(Request::as_select())
        .load(conn)
}

pub fn get_for_domain(conn: &mut DbConn, domain: &str, id: &str) -> QueryResult<Option<Request>> {
    r::table
        .find(id)
        .filter(r::customer_domain.eq(domain))
        .select(Request::as_select())
        .first(conn)
        .optional()
}
