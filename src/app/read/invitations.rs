//! What an invitation's link page shows.

use super::Invitation;
use crate::app::{Error, Result};
use crate::db::DbConn;
use crate::domain::{Partner, TenantId};
use crate::store;

/// The invitation behind a link, and the provider that made it; `NotFound`
/// for a link that never was. Any signed-in partner user may open it.
pub fn by_link(conn: &mut DbConn, token: &str) -> Result<(Invitation, Partner)> {
    let invitation = store::invitations::get_by_token(conn, token)?.ok_or(Error::NotFound)?;
    let provider = store::partners::get(
        conn,
        &TenantId::from_trusted(invitation.provider_tenant_id.clone()),
    )?
    .ok_or(Error::NotFound)?;
    Ok((invitation, provider))
}
