//! Invitations from a provider to a reseller: a single-use link; whoever
//! accepts it for a reseller organization authorizes the provider.

use crate::domain::states::InvitationState;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{digest, new_token};
use crate::db::DbConn;
use crate::db::schema::reseller_invitations as i;
use crate::domain::TenantId;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = i)]
pub struct Invitation {
    pub id: String,
    pub provider_tenant_id: String,
    #[diesel(deserialize_as = String)]
    pub state: InvitationState,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub accepted_at: Option<NaiveDateTime>,
    pub reseller_tenant_id: Option<String>,
}

impl Invitation {
    pub fn is_open(&self, now: NaiveDateTime) -> bool {
        self.state == InvitationState::Pending && now < self.expires_at
    }
}

/// A new invitation; returns its id and the token for its link.
pub fn insert(
    conn: &mut DbConn,
    provider: &TenantId,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<(String, String)> {
    let (raw, hash) = new_token();
    let id = uuid::Uuid::new_v4().to_string();
    diesel::insert_into(i::table)
        .values((
            i::id.eq(&id),
            i::token_hash.eq(hash),
            i::provider_tenant_id.eq(provider.as_str()),
            i::state.eq(InvitationState::Pending.as_str()),
            i::created_at.eq(now),
            i::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok((id, raw))
}

pub fn get_by_token(conn: &mut DbConn, raw: &str) -> QueryResult<Option<Invitation>> {
    i::table
        .filter(i::token_hash.eq(digest(raw)))
        .select(Invitation::as_select())
        .first(conn)
        .optional()
}

/// Marks a pending invitation accepted by `reseller`; false when it was not pending.
pub fn accept(
    conn: &mut DbConn,
    id: &str,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        i::table
            .find(id)
            .filter(i::state.eq(InvitationState::Pending.as_str())),
    )
    .set((
        i::state.eq(InvitationState::Accepted.as_str()),
        i::accepted_at.eq(Some(now)),
        i::reseller_tenant_id.eq(Some(reseller.as_str())),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// The provider's invitations that can still be accepted, newest first.
pub fn open_for_provider(
    conn: &mut DbConn,
    provider: &TenantId,
    now: NaiveDateTime,
) -> QueryResult<Vec<Invitation>> {
    i::table
        .filter(i::provider_tenant_id.eq(provider.as_str()))
        .filter(i::state.eq(InvitationState::Pending.as_str()))
        .filter(i::expires_at.gt(now))
        .order((i::created_at.desc(), i::id))
        .select(Invitation::as_select())
        .load(conn)
}

/// Withdraws one of the provider's open invitations: its link stops working
/// now. False when there is no such open invitation.
pub fn withdraw(
    conn: &mut DbConn,
    provider: &TenantId,
    id: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        i::table
            .find(id)
            .filter(i::provider_tenant_id.eq(provider.as_str()))
            .filter(i::state.eq(InvitationState::Pending.as_str()))
            .filter(i::expires_at.gt(now)),
    )
    .set(i::expires_at.eq(now))
    .execute(conn)
    .map(|n| n == 1)
}
