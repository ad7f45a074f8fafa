//! Signing in and out. A password check runs between two steps of the
//! core, off the database: [`admit`] decides (and counts) before any
//! hashing, [`failed`] or [`succeeded`] records the answer. Sessions are
//! stored, so [`sign_out`] ends one on every server at once.

use crate::domain::audit::Action;
use chrono::{Duration, NaiveDateTime};

use super::Result;
use crate::db::{self, DbConn};
use crate::domain::User;
use crate::store::audit::{self, Actor};
use crate::store::throttle::{self, Failed};
pub use crate::store::throttle::{Decision, Policies};
use crate::store::{sessions, users};

/// Someone tries to sign in as `account` from `ip`.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub account: String,
    pub ip: String,
}

/// What to do before checking the password.
#[derive(Debug, Clone)]
pub struct Admitted {
    pub decision: Decision,
    /// The enabled accounts of the address, one per organization, with
    /// their hashes: what the password is checked against.
    pub candidates: Vec<(User, String)>,
}

fn blocked(
    conn: &mut DbConn,
    attempt: &Attempt,
    action: Action,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    let actor = Actor {
        user_id: None,
        email: attempt.account.clone(),
        partner: None,
    };
    let detail = format!("client_ip={}", attempt.ip);
    audit::insert(
        conn,
        &actor,
        audit::NewEntry {
            action,
            customer: None,
            subscription: None,
            from_partner: None,
            to_partner: None,
            detail: &detail,
        },
        now,
    )
    .map(drop)
}

/// Decides, before any hashing, whether this attempt may check a password
/// (counting it if so); a block that starts now is audited once.
pub fn admit(
    conn: &mut DbConn,
    policies: &Policies,
    attempt: &Attempt,
    now: NaiveDateTime,
) -> Result<Admitted> {
    throttle::expire(conn, policies, now)?;
    let decision = db::write(conn, |conn| {
        let decision = throttle::admit(conn, policies, &attempt.account, &attempt.ip, now)?;
        match decision {
            Decision::AccountBlocked {
                blocked_now: true, ..
            } => blocked(conn, attempt, Action::SignInBlocked, now)?,
            Decision::AddressBlocked {
                blocked_now: true, ..
            } => blocked(conn, attempt, Action::SignInAddressBlocked, now)?,
            _ => {}
        }
        Ok::<_, diesel::result::Error>(decision)
    })?;
    let candidates = match decision {
        Decision::Check { .. } => users::find_for_sign_in(conn, &attempt.account)?,
        _ => Vec::new(),
    };
    Ok(Admitted {
        decision,
        candidates,
    })
}

/// The admitted check could not run (the queue was full): it no longer counts.
pub fn not_checked(conn: &mut DbConn, attempt: &Attempt) -> Result<()> {
    Ok(throttle::release(conn, &attempt.account, &attempt.ip)?)
}

/// The `number`th check failed: what it leads to, with any block that
/// starts now audited once.
pub fn failed(
    conn: &mut DbConn,
    policies: &Policies,
    attempt: &Attempt,
    number: i32,
    now: NaiveDateTime,
) -> Result<Failed> {
    Ok(db::write(conn, |conn| {
        let failed =
            throttle::record_failure(conn, policies, &attempt.account, &attempt.ip, number, now)?;
        if failed.account.blocked_now {
            blocked(conn, attempt, Action::SignInBlocked, now)?;
        }
        if failed.address_blocked_now {
            blocked(conn, attempt, Action::SignInAddressBlocked, now)?;
        }
        Ok::<_, diesel::result::Error>(failed)
    })?)
}

/// The password opened `user`'s account: the failures are forgotten and a
/// session lasting `lifetime` starts. Gives the session id for the cookie.
pub fn succeeded(
    conn: &mut DbConn,
    attempt: &Attempt,
    user: &User,
    lifetime: Duration,
    now: NaiveDateTime,
) -> Result<String> {
    throttle::succeeded(conn, &attempt.account, &attempt.ip)?;
    Ok(sessions::start(conn, user.id, now, now + lifetime)?)
}

/// A new organization's first admin is signed in right away.
pub fn start_session(
    conn: &mut DbConn,
    user: &User,
    lifetime: Duration,
    now: NaiveDateTime,
) -> Result<String> {
    Ok(sessions::start(conn, user.id, now, now + lifetime)?)
}

/// Signing out ends the stored session, wherever its cookie is.
pub fn sign_out(conn: &mut DbConn, session_id: &str) -> Result<()> {
    sessions::end(conn, session_id)?;
    Ok(())
}
