use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::users;
use crate::domain::user::normalize_email;
use crate::domain::{Organization, Role, TenantId, User};

#[derive(Queryable, Selectable)]
#[diesel(table_name = users)]
pub(crate) struct UserRow {
    id: i32,
    email: String,
    display_name: String,
    partner_tenant_id: Option<String>,
    customer_tenant_id: Option<String>,
    role: String,
    disabled: bool,
    session_epoch: i32,
}

impl UserRow {
    pub(crate) fn into_user(self) -> QueryResult<User> {
        let organization = match (self.partner_tenant_id, self.customer_tenant_id) {
            (Some(p), None) => Organization::Partner(TenantId::from_trusted(p)),
            (None, Some(c)) => Organization::Customer(TenantId::from_trusted(c)),
            _ => return Err(super::unknown("organization of user", &self.id.to_string())),
        };
        let role = Role::parse(&self.role).ok_or_else(|| super::unknown("role", &self.role))?;
        Ok(User {
            id: self.id,
            email: self.email,
            display_name: self.display_name,
            organization,
            role,
            disabled: self.disabled,
            session_epoch: self.session_epoch,
        })
    }
}

pub fn get(conn: &mut DbConn, id: i32) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()
        .and_then(|row| row.map(UserRow::into_user).transpose())
}

/// The user of a session that is current at `now` (see `store::sessions`):
/// none once the session was ended or has expired.
pub fn get_signed_in(
    conn: &mut DbConn,
    id: i32,
    session_id: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<User>> {
    use crate::db::schema::user_sessions as s;
    users::table
        .inner_join(s::table)
        .filter(users::id.eq(id))
        .filter(s::id_hash.eq(super::digest(session_id)))
        .filter(s::expires_at.gt(now))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
        .and_then(|row| row.map(UserRow::into_user).transpose())
}

/// The enabled accounts of an address, one per organization at most, with
/// their password hashes, oldest first: signing in finds which one the
/// password opens.
pub fn find_for_sign_in(conn: &mut DbConn, email: &str) -> QueryResult<Vec<(User, String)>> {
    users::table
        .filter(users::email.eq(normalize_email(email)))
        .filter(users::disabled.eq(false))
        .order(users::id)
        .select((UserRow::as_select(), users::password_hash))
        .load::<(UserRow, String)>(conn)?
        .into_iter()
        .map(|(row, hash)| Ok((row.into_user()?, hash)))
        .collect()
}

/// The password hash of another account with this address (in another
/// organization), if one has a password: a new password of the address
/// shares its salt (`passwords::hash_for_address`).
pub fn sibling_password_hash(
    conn: &mut DbConn,
    email: &str,
    except: Option<i32>,
) -> QueryResult<Option<String>> {
    let mut query = users::table
        .filter(users::email.eq(normalize_email(email)))
        .filter(users::password_hash.like("$%"))
        .order(users::id)
        .select(users::password_hash)
        .into_boxed();
    if let Some(id) = except {
        query = query.filter(users::id.ne(id));
    }
    query.first(conn).optional()
}

#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub organization: &'a Organization,
    pub role: Role,
}

pub fn insert(conn: &mut DbConn, new: &NewUser<'_>, now: NaiveDateTime) -> QueryResult<i32> {
    let (partner, customer) = match new.organization {
        Organization::Partner(p) => (Some(p.as_str()), None),
        Organization::Customer(c) => (None, Some(c.as_str())),
    };
    diesel::insert_into(users::table)
        .values((
            users::email.eq(normalize_email(new.email)),
            users::display_name.eq(new.display_name),
            users::password_hash.eq(new.password_hash),
            users::partner_tenant_id.eq(partner),
            users::customer_tenant_id.eq(customer),
            users::role.eq(new.role.as_str()),
            users::disabled.eq(false),
            users::session_epoch.eq(0),
            users::created_at.eq(now),
        ))
        .returning(users::id)
        .get_result(conn)
}

/// The user with this address in this organization.
pub fn find_in_organization(
    conn: &mut DbConn,
    organization: &Organization,
    email: &str,
) -> QueryResult<Option<User>> {
    let query = users::table
        .filter(users::email.eq(normalize_email(email)))
        .into_boxed();
    let query = match organization {
        Organization::Partner(p) => query.filter(users::partner_tenant_id.eq(p.as_str())),
        Organization::Customer(c) => query.filter(users::customer_tenant_id.eq(c.as_str())),
    };
    query
        .select(UserRow::as_select())
        .first(conn)
        .optional()
        .and_then(|row| row.map(UserRow::into_user).transpose())
}

/// Every user with this address, one per organization, oldest first: for
/// the command line, which names the organization when there are several.
pub fn find_all_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Vec<User>> {
    users::table
        .filter(users::email.eq(normalize_email(email)))
        .order(users::id)
        .select(UserRow::as_select())
        .load(conn)
        .and_then(|rows| rows.into_iter().map(UserRow::into_user).collect())
}

/// A new password; every session the user had ends.
pub fn set_password_hash(conn: &mut DbConn, id: i32, hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::session_epoch.eq(users::session_epoch + 1),
        ))
        .execute(conn)
}

/// Disables or enables a user; either way every session the user had ends.
pub fn set_disabled(conn: &mut DbConn, id: i32, disabled: bool) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::disabled.eq(disabled),
            users::session_epoch.eq(users::session_epoch + 1),
        ))
        .execute(conn)
}

/// A user of this organization only: the scoping is in the query.
pub fn get_in_organization(
    conn: &mut DbConn,
    organization: &Organization,
    id: i32,
) -> QueryResult<Option<User>> {
    let query = users::table.find(id).into_boxed();
    let query = match organization {
        Organization::Partner(p) => query.filter(users::partner_tenant_id.eq(p.as_str())),
        Organization::Customer(c) => query.filter(users::customer_tenant_id.eq(c.as_str())),
    };
    query
        .select(UserRow::as_select())
        .first(conn)
        .optional()
        .and_then(|row| row.map(UserRow::into_user).transpose())
}

/// Everyone in this organization, by name.
pub fn list_in_organization(
    conn: &mut DbConn,
    organization: &Organization,
) -> QueryResult<Vec<User>> {
    let query = users::table.into_boxed();
    let query = match organization {
        Organization::Partner(p) => query.filter(users::partner_tenant_id.eq(p.as_str())),
        Organization::Customer(c) => query.filter(users::customer_tenant_id.eq(c.as_str())),
    };
    query
        .order((users::display_name, users::id))
        .select(UserRow::as_select())
        .load(conn)
        .and_then(|rows| rows.into_iter().map(UserRow::into_user).collect())
}

pub fn set_role(conn: &mut DbConn, id: i32, role: crate::domain::Role) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((
            users::role.eq(role.as_str()),
            users::session_epoch.eq(users::session_epoch + 1),
        ))
        .execute(conn)
}

/// The stored hash, to check a user's current password.
pub fn password_hash(conn: &mut DbConn, id: i32) -> QueryResult<Option<String>> {
    users::table
        .find(id)
        .select(users::password_hash)
        .first(conn)
        .optional()
}

/// How a user is named next to what they did: their display name and
/// organization (a partner's or a customer's tenant id).
#[derive(Debug, Clone, Queryable)]
pub struct Person {
    pub id: i32,
    pub display_name: String,
    pub partner_tenant_id: Option<String>,
    pub customer_tenant_id: Option<String>,
}

/// These users, by id, for naming the actors of audit rows a caller may
/// see.
pub fn people(conn: &mut DbConn, ids: &[i32]) -> QueryResult<Vec<Person>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    users::table
        .filter(users::id.eq_any(ids))
        .select((
            users::id,
            users::display_name,
            users::partner_tenant_id,
            users::customer_tenant_id,
        ))
        .load(conn)
}

/// The newest notice of their organization the user has seen.
pub fn notifications_seen(conn: &mut DbConn, user: i32) -> QueryResult<i32> {
    users::table
        .find(user)
        .select(users::notifications_seen)
        .first(conn)
}
