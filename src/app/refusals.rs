//! Refusals of signed-in users (403 and 404 answers), kept in the audit log
//! with what was asked for, so that probing shows in it.

use crate::domain::audit::Action;
use chrono::NaiveDateTime;

use super::Result;
use crate::db::DbConn;
use crate::store::{audit, users};

/// Records that user `user_id` was refused `what` (status, method, path).
pub fn record(conn: &mut DbConn, user_id: i32, what: &str, now: NaiveDateTime) -> Result<()> {
    let Some(user) = users::get(conn, user_id)? else {
        return Ok(());
    };
    audit::insert(
        conn,
        &audit::Actor::for_user(&user),
        audit::NewEntry {
            action: Action::AccessRefused,
            customer: None,
            subscription: None,
            from_partner: None,
            to_partner: None,
            detail: what,
        },
        now,
    )?;
    Ok(())
}
