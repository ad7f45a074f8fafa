//! Keys for the REST API (`/v1`). A partner's admin agent makes and revokes
//! them on the page, an operator on the command line. A key acts as one
//! partner user, with that user's role as it is at each request: a helpdesk
//! agent's key reads and never writes, and a disabled user's keys stop
//! working. The secret is returned once, when the key is made; it is never
//! stored, logged or written to the audit log.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::{Error, PartnerCaller, Result};
use crate::db::{self, DbConn};
use crate::domain::audit::Action;
use crate::domain::text::{self, NameProblem};
use crate::domain::{Organization, Partner, TenantId, User};
use crate::store::api_keys::{self, ApiKey, NewKey};
use crate::store::audit::{self, Actor};
use crate::store::users;

pub use crate::store::api_keys::NewSecret;

/// What revoking did. Revoking a revoked key again changes nothing and
/// writes nothing, and is not an error: a second click, or a script run
/// twice, ends where it meant to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    Now,
    Already,
}

/// Who a request's key acts as: the key's user, with their partner.
#[derive(Debug, Clone)]
pub struct KeyHolder {
    pub key_id: String,
    pub user: User,
    pub partner: Partner,
}

impl KeyHolder {
    /// The same user, as the core names who acts.
    pub fn caller(&self) -> PartnerCaller<'_> {
        PartnerCaller {
            user: &self.user,
            partner: &self.partner,
        }
    }
}

/// One of the partner's keys as its list shows it: who it acts as and who
/// made it (none: an operator, on the command line).
#[derive(Debug, Clone)]
pub struct Listed {
    pub key: ApiKey,
    pub acts_as: String,
    pub created_by: Option<String>,
}

fn valid_name(raw: &str) -> Result<&str> {
    text::name(raw).map_err(|problem| match problem {
        NameProblem::Missing => Error::invalid("name", "missing"),
        NameProblem::TooLong => Error::invalid("name", "too_long"),
    })
}

/// The partner's admin agent makes a key that acts as themselves. The
/// secret is in the answer, and nowhere else ever again.
pub fn create(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    name: &str,
    now: NaiveDateTime,
) -> Result<NewSecret> {
    caller.must_be_admin()?;
    let name = valid_name(name)?;
    db::write(conn, |conn| {
        let new = NewKey {
            partner: &caller.partner.tenant_id,
            user_id: caller.user.id,
            name,
            created_by: Some(caller.user.id),
        };
        let created = api_keys::insert(conn, &new, now)?;
        caller.record(conn, Action::ApiKeyCreated, &created.id, now)?;
        Ok(created)
    })
}

/// The partner's keys, newest first, revoked ones too. Every user of the
/// partner sees them; only admin agents change them.
pub fn list(conn: &mut DbConn, caller: PartnerCaller<'_>) -> Result<Vec<Listed>> {
    let partner = &caller.partner.tenant_id;
    db::read(conn, |conn| {
        let keys = api_keys::for_partner(conn, partner)?;
        let people: HashMap<i32, String> =
            users::list_in_organization(conn, &Organization::Partner(partner.clone()))?
                .into_iter()
                .map(|u| (u.id, u.email))
                .collect();
        let email = |id: i32| people.get(&id).cloned().unwrap_or_else(|| id.to_string());
        Ok(keys
            .into_iter()
            .map(|key| Listed {
                acts_as: email(key.user_id),
                created_by: key.created_by.map(email),
                key,
            })
            .collect())
    })
    .map_err(Error::from)
}

/// The partner's admin agent revokes one of its keys: it stops working at
/// once. Not found unless it is this partner's key.
pub fn revoke(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    id: &str,
    now: NaiveDateTime,
) -> Result<Revoked> {
    let partner = &caller.partner.tenant_id;
    db::write(conn, |conn| {
        if api_keys::get(conn, partner, id)?.is_none() {
            return Err(Error::NotFound);
        }
        caller.must_be_admin()?;
        if !api_keys::revoke(conn, partner, id, now)? {
            return Ok(Revoked::Already);
        }
        caller.record(conn, Action::ApiKeyRevoked, id, now)?;
        Ok(Revoked::Now)
    })
}

/// The partner user an operator names by address, in `partner` when given:
/// an address may be a user of several organizations.
fn partner_user(conn: &mut DbConn, email: &str, partner: Option<&TenantId>) -> Result<User> {
    if let Some(partner) = partner {
        let organization = Organization::Partner(partner.clone());
        return users::find_in_organization(conn, &organization, email)?.ok_or(Error::NotFound);
    }
    let mut found: Vec<User> = users::find_all_by_email(conn, email)?
        .into_iter()
        .filter(|u| matches!(u.organization, Organization::Partner(_)))
        .collect();
    match found.len() {
        0 => Err(Error::NotFound),
        1 => Ok(found.remove(0)),
        _ => Err(Error::invalid("user", "ambiguous")),
    }
}

fn partner_of(user: &User) -> Result<&TenantId> {
    match &user.organization {
        Organization::Partner(p) => Ok(p),
        Organization::Customer(_) => Err(Error::NotFound),
    }
}

/// An operator makes a key for a partner user, named by address (and by
/// partner, when the address is a user of several). Returns the user and
/// the new key.
pub fn create_as_operator(
    conn: &mut DbConn,
    actor: &Actor,
    email: &str,
    partner: Option<&TenantId>,
    name: &str,
    now: NaiveDateTime,
) -> Result<(User, NewSecret)> {
    let name = valid_name(name)?;
    db::write(conn, |conn| {
        let user = partner_user(conn, email, partner)?;
        if user.disabled {
            return Err(Error::invalid("user", "disabled"));
        }
        let partner = partner_of(&user)?.clone();
        let new = NewKey {
            partner: &partner,
            user_id: user.id,
            name,
            created_by: None,
        };
        let created = api_keys::insert(conn, &new, now)?;
        record(
            conn,
            actor,
            Action::ApiKeyCreated,
            &partner,
            &created.id,
            now,
        )?;
        Ok((user, created))
    })
}

/// The keys that act as a partner user, for an operator.
pub fn list_as_operator(
    conn: &mut DbConn,
    email: &str,
    partner: Option<&TenantId>,
) -> Result<(User, Vec<ApiKey>)> {
    let user = partner_user(conn, email, partner)?;
    let keys = api_keys::for_user(conn, partner_of(&user)?, user.id)?;
    Ok((user, keys))
}

/// An operator revokes a key by its id, whoever's it is.
pub fn revoke_as_operator(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    now: NaiveDateTime,
) -> Result<Revoked> {
    db::write(conn, |conn| {
        let partner = api_keys::partner_of(conn, id)?.ok_or(Error::NotFound)?;
        if !api_keys::revoke(conn, &partner, id, now)? {
            return Ok(Revoked::Already);
        }
        record(conn, actor, Action::ApiKeyRevoked, &partner, id, now)?;
        Ok(Revoked::Now)
    })
}

fn record(
    conn: &mut DbConn,
    actor: &Actor,
    action: Action,
    partner: &TenantId,
    id: &str,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    let entry = audit::NewEntry {
        action,
        customer: None,
        subscription: None,
        from_partner: None,
        to_partner: Some(partner),
        detail: id,
    };
    audit::insert(conn, actor, entry, now).map(drop)
}

/// Who `secret` acts as at `now`, if anyone: none for an unknown or revoked
/// key, a disabled user, or a user who is no longer one of the key's
/// partner's. Records the use, at most once a minute per key.
pub fn authenticate(
    conn: &mut DbConn,
    secret: &str,
    now: NaiveDateTime,
) -> Result<Option<KeyHolder>> {
    let Some((key, user, partner)) = api_keys::find_live_holder(conn, secret)? else {
        return Ok(None);
    };
    if user.disabled || user.organization != Organization::Partner(partner.tenant_id.clone()) {
        tracing::info!(key_id = %key.id, "API key of a disabled or departed user refused");
        return Ok(None);
    }
    // The update names the minute again, so two requests at once write once.
    if key
        .last_used_at
        .is_none_or(|at| at < now - chrono::Duration::seconds(60))
    {
        api_keys::touch(conn, &key.id, now)?;
    }
    Ok(Some(KeyHolder {
        key_id: key.id,
        user,
        partner,
    }))
}
