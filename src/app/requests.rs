//! A partner's own relationship requests, after they are made: revoking one,
//! or giving it a new link (rule 3).

use chrono::NaiveDateTime;

use super::{Error, PartnerCaller, Result};
use crate::db::{self, DbConn};
use crate::store::{audit, requests};

pub const REQUEST_REVOKED: &str = "relationship.request_revoked";
pub const REQUEST_LINK_ISSUED: &str = "relationship.request_link_issued";

fn record(
    conn: &mut DbConn,
    caller: &PartnerCaller<'_>,
    action: &str,
    id: &str,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    audit::insert(
        conn,
        &caller.actor(),
        audit::NewEntry {
            action,
            customer: None,
            subscription: None,
            from_partner: None,
            to_partner: Some(&caller.partner.tenant_id),
            detail: id,
        },
        now,
    )
    .map(drop)
}

/// The request must be the caller's partner's (404 otherwise), and the
/// caller its admin (403).
pub fn own(conn: &mut DbConn, caller: &PartnerCaller<'_>, id: &str) -> Result<()> {
    if requests::get_for_partner(conn, &caller.partner.tenant_id, id)?.is_none() {
        return Err(Error::NotFound);
    }
    caller.must_be_admin()
}

/// What became of a request that was asked to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed<T> {
    Done(T),
    /// It was no longer pending (answered, revoked or expired meanwhile).
    NotPending,
}

/// Revokes one of the partner's pending requests: its link stops working.
pub fn revoke(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    id: &str,
    now: NaiveDateTime,
) -> Result<Changed<()>> {
    db::write(conn, |conn| {
        own(conn, &caller, id)?;
        if !requests::revoke(conn, &caller.partner.tenant_id, id, now)? {
            return Ok(Changed::NotPending);
        }
        record(conn, &caller, REQUEST_REVOKED, id, now)?;
        Ok(Changed::Done(()))
    })
}

/// A new link for one of the partner's pending requests, valid for the
/// usual lifetime from now; the old link stops working. Gives the token.
pub fn new_link(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    id: &str,
    now: NaiveDateTime,
) -> Result<Changed<String>> {
    db::write(conn, |conn| {
        own(conn, &caller, id)?;
        let expires = now + crate::domain::request::default_lifetime();
        let Some(token) = requests::rekey(conn, &caller.partner.tenant_id, id, expires)? else {
            return Ok(Changed::NotPending);
        };
        record(conn, &caller, REQUEST_LINK_ISSUED, id, now)?;
        Ok(Changed::Done(token))
    })
}
