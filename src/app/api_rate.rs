//! A `/v1` request's key, checked and counted against the rate limits in one
//! write transaction, before the endpoint does anything. The counters are
//! rows of the database, so every server on one PostgreSQL shares them; the
//! upsert that counts keeps its row locked until the transaction ends, so
//! requests arriving at once are counted one after the other and no more
//! than the limit are served. A refused request is rolled back whole: it is
//! counted nowhere, and leaves the key's last use as it was. A request whose
//! key is not valid is counted against nobody.

use chrono::NaiveDateTime;

use super::api_keys::{self, KeyHolder};
use super::{Error, Result};
use crate::db::{self, DbConn};
use crate::domain::rate_limit::{self, RateLimits, Refused, Scope, Window};
use crate::store::api_rate;

/// What a request's key may do now.
#[derive(Debug, Clone)]
pub enum Admission {
    /// Go on, as this key's user.
    Served(Box<KeyHolder>),
    /// Unknown or revoked, or its user is disabled or gone.
    InvalidKey,
    /// Past a limit: nothing more is done.
    Refused(Refused),
}

/// Why the counting transaction is rolled back.
enum Undo {
    Refused(Refused),
    Failed(Error),
}

impl From<Error> for Undo {
    fn from(e: Error) -> Self {
        Self::Failed(e)
    }
}

impl From<diesel::result::Error> for Undo {
    fn from(e: diesel::result::Error) -> Self {
        Self::Failed(e.into())
    }
}

/// Checks `secret` and counts the request against its key's and its
/// partner's limits, the key's first (a key past its own limit takes
/// nothing from its partner's).
pub fn admit(
    conn: &mut DbConn,
    secret: &str,
    limits: &RateLimits,
    now: NaiveDateTime,
) -> Result<Admission> {
    if limits.is_off() {
        return Ok(match api_keys::authenticate(conn, secret, now)? {
            Some(holder) => Admission::Served(Box::new(holder)),
            None => Admission::InvalidKey,
        });
    }
    let window = Window::at(now);
    let counted = db::write(conn, |conn| {
        let Some(holder) = api_keys::authenticate(conn, secret, now)? else {
            return Ok(None);
        };
        let mut opened_a_window = false;
        let counters = [
            (Scope::Key, holder.key_id.as_str()),
            (Scope::Partner, holder.partner.tenant_id.as_str()),
        ];
        for (scope, id) in counters {
            if limits.of(scope).is_none() {
                continue;
            }
            let count = api_rate::count(conn, &scope.counter(id), window.start)?;
            rate_limit::decide(limits, scope, count, window, now).map_err(Undo::Refused)?;
            opened_a_window |= count == 1;
        }
        Ok(Some((holder, opened_a_window)))
    });
    match counted {
        Ok(None) => Ok(Admission::InvalidKey),
        Ok(Some((holder, opened_a_window))) => {
            // Now and then, outside the transaction that holds the counters:
            // the first request of a new window clears the old ones.
            if opened_a_window {
                api_rate::forget_before(conn, window.forgotten_before())?;
            }
            Ok(Admission::Served(Box::new(holder)))
        }
        Err(Undo::Refused(refused)) => {
            tracing::info!(
                scope = ?refused.scope,
                limit = refused.limit,
                "API request over its rate limit refused"
            );
            Ok(Admission::Refused(refused))
        }
        Err(Undo::Failed(e)) => Err(e),
    }
}
