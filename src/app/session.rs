//! Who is signed in: the session cookie's claim, checked against the stored
//! session, the user and their organization together, so that a page can do
//! it in the same database hop as its own reads.

use chrono::NaiveDateTime;

use super::Result;
use crate::db::DbConn;
use crate::domain::{Customer, Organization, Partner, User};
use crate::store::{customers, partners, users};

/// What the session cookie says: this user, this stored session, this epoch.
#[derive(Debug, Clone)]
pub struct Claim {
    pub user_id: i32,
    pub session_id: String,
    pub epoch: i32,
}

/// The organization a signed-in user acts for.
#[derive(Debug, Clone)]
pub enum Org {
    Partner(Partner),
    Customer(Customer),
}

#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub organization: Org,
    /// Notices of their organization the user has not seen (up to
    /// `notify::UNREAD_CAP`), for the header.
    pub unread: i64,
}

/// The signed-in user, if the claim still holds at `now`: the stored session
/// exists and has not expired (signing out deletes it), the user is enabled,
/// and their sessions were not ended since (a new password, a new role,
/// disabling: the epoch moved on).
pub fn check(conn: &mut DbConn, claim: &Claim, now: NaiveDateTime) -> Result<Option<SignedIn>> {
    let Some(user) = users::get_signed_in(conn, claim.user_id, &claim.session_id, now)? else {
        return Ok(None);
    };
    if user.disabled || user.session_epoch != claim.epoch {
        return Ok(None);
    }
    let missing = || super::Error::internal("a user's organization is missing");
    let organization = match &user.organization {
        Organization::Partner(p) => Org::Partner(partners::get(conn, p)?.ok_or_else(missing)?),
        Organization::Customer(c) => Org::Customer(customers::get(conn, c)?.ok_or_else(missing)?),
    };
    let tenant = match &user.organization {
        Organization::Partner(p) | Organization::Customer(p) => p,
    };
    let unread = super::notify::unread(conn, user.id, tenant)?;
    Ok(Some(SignedIn {
        user,
        organization,
        unread,
    }))
}
