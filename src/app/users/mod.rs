//! Users of an organization: creating them (by invitation link or by an
//! operator), passwords, roles, disabling, with their audit trail; the
//! command line and the Users pages call these.

use crate::domain::audit::Action;
use chrono::NaiveDateTime;

use crate::db::{self, DbConn};
use crate::domain::password;
use crate::domain::text;
use crate::domain::user::normalize_email;
use crate::domain::{Organization, Role, User};
use crate::store::audit::{self, Actor};
use crate::store::users::NewUser;
use crate::store::{customers, partners, users};

mod error;
pub use error::AccountError;

/// How long a link to choose a password stays valid.
pub fn link_lifetime() -> chrono::Duration {
    chrono::Duration::hours(72)
}

/// Stored for a user who has not set a password yet: no password matches it.
const NO_PASSWORD: &str = "!";

/// Checks and hashes a new password of `email`'s account `user` (none: an
/// account about to be created), sharing the salt of the address's accounts
/// in other organizations.
fn hash_checked(
    conn: &mut DbConn,
    password: &str,
    email: &str,
    user: Option<i32>,
) -> Result<String, AccountError> {
    password::check(password, email).map_err(AccountError::WeakPassword)?;
    let sibling = users::sibling_password_hash(conn, email, user)?;
    crate::passwords::hash_for_address(password, sibling.as_deref())
        .map_err(|e| AccountError::Hashing(e.to_string()))
}

/// The one user with this address, in `organization` when given. An
/// address may be a user of several organizations; then it must be given.
fn one_user(
    conn: &mut DbConn,
    email: &str,
    organization: Option<&Organization>,
) -> Result<crate::domain::User, AccountError> {
    if let Some(organization) = organization {
        return users::find_in_organization(conn, organization, email)?
            .ok_or_else(|| AccountError::UnknownUser(email.to_owned()));
    }
    let mut all = users::find_all_by_email(conn, email)?;
    match all.len() {
        0 => Err(AccountError::UnknownUser(email.to_owned())),
        1 => Ok(all.remove(0)),
        _ => Err(AccountError::Ambiguous {
            email: email.to_owned(),
            organizations: all
                .iter()
                .map(|u| match &u.organization {
                    Organization::Partner(t) | Organization::Customer(t) => t.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
        }),
    }
}

fn check_identity(
    email: &str,
    name: &str,
    organization: &Organization,
    role: Role,
) -> Result<(), AccountError> {
    if !text::is_email_address(email) {
        return Err(AccountError::BadEmail(email.to_owned()));
    }
    text::name(name).map_err(|_| AccountError::BadName)?;
    let (kind, role_fits) = match organization {
        Organization::Partner(_) => (
            "partner",
            matches!(role, Role::AdminAgent | Role::HelpdeskAgent),
        ),
        Organization::Customer(_) => ("customer", role == Role::CustomerAdmin),
    };
    if !role_fits {
        return Err(AccountError::RoleMismatch {
            role: role.as_str(),
            kind,
        });
    }
    Ok(())
}

/// Only an organization's admins manage its people: a partner's admin
/// agents, a customer's global admins; helpdesk agents only look.
fn must_manage(manager: &User) -> Result<(), AccountError> {
    let admin = match manager.organization {
        Organization::Partner(_) => manager.role == Role::AdminAgent,
        Organization::Customer(_) => manager.role == Role::CustomerAdmin,
    };
    if admin && !manager.disabled {
        Ok(())
    } else {
        Err(AccountError::Forbidden)
    }
}

/// An admin adds a user to their own organization: the user gets a
/// one-time link to set their password. Returns the user id and the link token.
pub fn invite(
    conn: &mut DbConn,
    manager: &User,
    email: &str,
    name: &str,
    role: Role,
    now: NaiveDateTime,
) -> Result<(i32, String), AccountError> {
    must_manage(manager)?;
    let (actor, organization) = (&Actor::for_user(manager), &manager.organization);
    let email = normalize_email(email);
    let name = name.trim();
    check_identity(&email, name, organization, role)?;
    db::write(conn, |conn| {
        // Only this organization's own users are looked at: other
        // organizations may have this address too, and nothing says so.
        if users::find_in_organization(conn, organization, &email)?.is_some() {
            return Err(AccountError::EmailTaken(email.clone()));
        }
        let id = users::insert(
            conn,
            &NewUser {
                email: &email,
                display_name: name,
                password_hash: NO_PASSWORD,
                organization,
                role,
            },
            now,
        )?;
        let token = crate::store::password_tokens::issue(conn, id, now, link_lifetime())?;
        let detail = format!("{email} as {}", role.as_str());
        audit::insert(
            conn,
            actor,
            user_entry(Action::UserCreated, organization, &detail),
            now,
        )?;
        Ok((id, token))
    })
}

/// A new set-password link for a user of the organization (earlier ones stop working).
pub fn new_link(
    conn: &mut DbConn,
    manager: &User,
    user_id: i32,
    now: NaiveDateTime,
) -> Result<String, AccountError> {
    let (actor, organization) = (&Actor::for_user(manager), &manager.organization);
    db::write(conn, |conn| {
        let user = users::get_in_organization(conn, organization, user_id)?
            .ok_or(AccountError::NotInOrganization)?;
        must_manage(manager)?;
        let token = crate::store::password_tokens::issue(conn, user.id, now, link_lifetime())?;
        audit::insert(
            conn,
            actor,
            user_entry(Action::UserPasswordLinkIssued, organization, &user.email),
            now,
        )?;
        Ok(token)
    })
}

/// Changes a user's role or enabled state, never leaving the organization
/// without an admin. Their sessions end, so the change applies at once.
pub fn update_member(
    conn: &mut DbConn,
    manager: &User,
    user_id: i32,
    role: Role,
    disabled: bool,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    let (actor, organization) = (&Actor::for_user(manager), &manager.organization);
    db::write(conn, |conn| {
        let user = users::get_in_organization(conn, organization, user_id)?
            .ok_or(AccountError::NotInOrganization)?;
        must_manage(manager)?;
        check_identity(&user.email, &user.display_name, organization, role)?;
        let members = users::list_in_organization(conn, organization)?;
        if crate::domain::user::leaves_no_admin(&members, user.id, role, disabled) {
            return Err(AccountError::LastAdmin);
        }
        if role != user.role {
            users::set_role(conn, user.id, role)?;
            let detail = format!(
                "{}: {} -> {}",
                user.email,
                user.role.as_str(),
                role.as_str()
            );
            audit::insert(
                conn,
                actor,
                user_entry(Action::UserRoleChanged, organization, &detail),
                now,
            )?;
        }
        if disabled != user.disabled {
            users::set_disabled(conn, user.id, disabled)?;
            let action = if disabled {
                Action::UserDisabled
            } else {
                Action::UserEnabled
            };
            audit::insert(
                conn,
                actor,
                user_entry(action, organization, &user.email),
                now,
            )?;
        }
        Ok(())
    })
}

/// Sets the password through a one-time link; the link is then used up.
pub fn set_password_with_link(
    conn: &mut DbConn,
    token: &str,
    password: &str,
    now: NaiveDateTime,
) -> Result<String, AccountError> {
    let user_id = crate::store::password_tokens::valid_user(conn, token, now)?
        .ok_or(AccountError::BadLink)?;
    let user = users::get(conn, user_id)?.ok_or(AccountError::BadLink)?;
    let hash = hash_checked(conn, password, &user.email, Some(user.id))?;
    db::write(conn, |conn| {
        if !crate::store::password_tokens::consume(conn, token, now)? {
            return Err(AccountError::BadLink);
        }
        users::set_password_hash(conn, user.id, &hash)?;
        let actor = Actor {
            user_id: Some(user.id),
            email: user.email.clone(),
            partner: None,
        };
        audit::insert(
            conn,
            &actor,
            user_entry(Action::UserPasswordSet, &user.organization, &user.email),
            now,
        )?;
        Ok(user.email.clone())
    })
}

/// A signed-in user changes their own password; `current_ok` is the
/// verification of the current one, done off the async workers by the caller.
pub fn change_own_password(
    conn: &mut DbConn,
    user_id: i32,
    current_ok: bool,
    password: &str,
    now: NaiveDateTime,
) -> Result<i32, AccountError> {
    if !current_ok {
        return Err(AccountError::WrongCurrentPassword);
    }
    let user = users::get(conn, user_id)?.ok_or(AccountError::NotInOrganization)?;
    let hash = hash_checked(conn, password, &user.email, Some(user.id))?;
    db::write(conn, |conn| {
        users::set_password_hash(conn, user.id, &hash)?;
        let actor = Actor {
            user_id: Some(user.id),
            email: user.email.clone(),
            partner: None,
        };
        audit::insert(
            conn,
            &actor,
            user_entry(Action::UserPasswordSet, &user.organization, &user.email),
            now,
        )?;
        Ok(user.session_epoch + 1)
    })
}

pub struct NewAccount<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub organization: Organization,
    pub role: Role,
    pub password: &'a str,
}

/// Creates a user in an existing organization, with an audit row.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    new: NewAccount<'_>,
    now: NaiveDateTime,
) -> Result<i32, AccountError> {
    let email = normalize_email(new.email);
    let name = new.display_name.trim();
    check_identity(&email, name, &new.organization, new.role)?;
    let hash = hash_checked(conn, new.password, &email, None)?;
    db::write(conn, |conn| {
        let exists = match &new.organization {
            Organization::Partner(p) => partners::get(conn, p)?.is_some(),
            Organization::Customer(c) => customers::get(conn, c)?.is_some(),
        };
        if !exists {
            let id = match &new.organization {
                Organization::Partner(p) | Organization::Customer(p) => p.to_string(),
            };
            return Err(AccountError::UnknownOrganization(id));
        }
        if users::find_in_organization(conn, &new.organization, &email)?.is_some() {
            return Err(AccountError::EmailTaken(email.clone()));
        }
        let id = users::insert(
            conn,
            &NewUser {
                email: &email,
                display_name: name,
                password_hash: &hash,
                organization: &new.organization,
                role: new.role,
            },
            now,
        )?;
        let detail = format!("{email} as {}", new.role.as_str());
        audit::insert(
            conn,
            actor,
            user_entry(Action::UserCreated, &new.organization, &detail),
            now,
        )?;
        Ok(id)
    })
}

pub(super) fn entry(action: Action, detail: &str) -> audit::NewEntry<'_> {
    audit::NewEntry {
        action,
        customer: None,
        subscription: None,
        from_partner: None,
        to_partner: None,
        detail,
    }
}

/// The audit row of a change to a user of `organization`: a customer's
/// user's rows name the customer, whose Audit page shows them.
fn user_entry<'a>(
    action: Action,
    organization: &'a Organization,
    detail: &'a str,
) -> audit::NewEntry<'a> {
    audit::NewEntry {
        action,
        customer: match organization {
            Organization::Customer(customer) => Some(customer),
            Organization::Partner(_) => None,
        },
        subscription: None,
        from_partner: None,
        to_partner: None,
        detail,
    }
}

/// Sets a user's password; their existing sessions end. `organization`
/// names which user when the address has several.
pub fn set_password(
    conn: &mut DbConn,
    actor: &Actor,
    email: &str,
    organization: Option<&Organization>,
    password: &str,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    let email = normalize_email(email);
    let user = one_user(conn, &email, organization)?;
    let hash = hash_checked(conn, password, &email, Some(user.id))?;
    db::write(conn, |conn| {
        users::set_password_hash(conn, user.id, &hash)?;
        audit::insert(
            conn,
            actor,
            user_entry(Action::UserPasswordSet, &user.organization, &email),
            now,
        )?;
        Ok(())
    })
}

/// Disables (or enables again) a user; their existing sessions end at once.
pub fn set_disabled(
    conn: &mut DbConn,
    actor: &Actor,
    email: &str,
    organization: Option<&Organization>,
    disabled: bool,
    now: NaiveDateTime,
) -> Result<(), AccountError> {
    let email = normalize_email(email);
    db::write(conn, |conn| {
        let user = one_user(conn, &email, organization)?;
        users::set_disabled(conn, user.id, disabled)?;
        let action = if disabled {
            Action::UserDisabled
        } else {
            Action::UserEnabled
        };
        audit::insert(
            conn,
            actor,
            user_entry(action, &user.organization, &email),
            now,
        )?;
        Ok(())
    })
}
