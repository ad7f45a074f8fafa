//! What the account pages read: the signed-in user's own password, a
//! set-password link's user, a user just created.

use chrono::NaiveDateTime;

use crate::app::{Error, Result};
use crate::db::DbConn;
use crate::domain::User;
use crate::store;

/// The stored hash of the user's own password, to check the current one.
pub fn own_password_hash(conn: &mut DbConn, user: &User) -> Result<Option<String>> {
    Ok(store::users::password_hash(conn, user.id)?)
}

/// The user a set-password link is for, while it is valid.
pub fn link_user(conn: &mut DbConn, token: &str, now: NaiveDateTime) -> Result<Option<User>> {
    match store::password_tokens::valid_user(conn, token, now)? {
        Some(id) => Ok(store::users::get(conn, id)?),
        None => Ok(None),
    }
}

/// A user a use-case has just created in this hop (to sign them in).
pub fn created_user(conn: &mut DbConn, id: i32) -> Result<User> {
    store::users::get(conn, id)?.ok_or_else(|| Error::internal("a new user is missing"))
}
