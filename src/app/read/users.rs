//! What the Users pages show: the people of the viewer's own organization.

use crate::app::{Error, Result};
use crate::db::DbConn;
use crate::domain::User;
use crate::store;

/// Everyone in the viewer's organization.
pub fn list(conn: &mut DbConn, viewer: &User) -> Result<Vec<User>> {
    Ok(store::users::list_in_organization(
        conn,
        &viewer.organization,
    )?)
}

/// One person of the viewer's organization; `NotFound` for anyone else.
pub fn member(conn: &mut DbConn, viewer: &User, id: i32) -> Result<User> {
    store::users::get_in_organization(conn, &viewer.organization, id)?.ok_or(Error::NotFound)
}
