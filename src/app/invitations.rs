//! A provider invites its resellers: single-use links a reseller's admin
//! accepts to authorize the provider (rule 2a).

use crate::domain::audit::Action;
use chrono::NaiveDateTime;

use super::{Error, PartnerCaller, Result};
use crate::db::{self, DbConn};
use crate::domain::PartnerKind;
use crate::store::invitations;

/// How long an invitation link works.
pub fn lifetime() -> chrono::Duration {
    chrono::Duration::days(30)
}

fn may_invite(caller: &PartnerCaller<'_>) -> Result<()> {
    if caller.partner.kind != PartnerKind::IndirectProvider {
        return Err(Error::Forbidden);
    }
    caller.must_be_admin()
}

/// A provider's admin makes an invitation; the link's token is returned
/// once (only its hash is kept).
pub fn create(conn: &mut DbConn, caller: PartnerCaller<'_>, now: NaiveDateTime) -> Result<String> {
    may_invite(&caller)?;
    db::write(conn, |conn| {
        let provider = &caller.partner.tenant_id;
        let (id, token) = invitations::insert(conn, provider, now, now + lifetime())?;
        caller.record(conn, Action::InvitationCreated, &id, now)?;
        Ok(token)
    })
}

/// A provider's admin withdraws one of its open invitations: its link stops
/// working at once. Not found unless it is this provider's and still open.
pub fn withdraw(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    id: &str,
    now: NaiveDateTime,
) -> Result<()> {
    may_invite(&caller)?;
    db::write(conn, |conn| {
        if !invitations::withdraw(conn, &caller.partner.tenant_id, id, now)? {
            return Err(Error::NotFound);
        }
        caller.record(conn, Action::InvitationWithdrawn, id, now)?;
        Ok(())
    })
}
