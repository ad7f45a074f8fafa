//! The core: one function per thing a user or an operator does. Each one
//! runs in one transaction (`db::write`), checks access (404 when the thing
//! is not the caller's to see, 403 when they may see it but not do this),
//! validates its input, applies the domain rule and writes its audit rows,
//! and answers with [`Error`] when it cannot. The pages, the command line
//! and scheduled work call these functions; nothing else writes.
//!
//! See ARCHITECTURE.md for the layers and how to add a use-case.

pub mod api_keys;
pub mod api_rate;
pub mod authorizations;
pub mod contacts;
pub mod error;
pub mod gdap;
pub mod invitations;
pub mod notify;
pub mod partners;
pub mod read;
pub mod refusals;
pub mod relationships;
pub mod requests;
pub mod session;
pub mod sign_in;
pub mod subscriptions;
pub mod users;

pub use error::Error;

use crate::domain::{Customer, Partner, Role, User};
pub use crate::store::audit::Actor;

pub type Result<T> = std::result::Result<T, Error>;

/// A signed-in partner user acting for their partner.
#[derive(Debug, Clone, Copy)]
pub struct PartnerCaller<'a> {
    pub user: &'a User,
    pub partner: &'a Partner,
}

impl PartnerCaller<'_> {
    /// Who the audit log names.
    pub fn actor(&self) -> Actor {
        Actor::for_user(self.user)
    }

    /// The audit row of something the partner did to one of its own things
    /// (an invitation, a request), named by its id.
    pub(crate) fn record(
        &self,
        conn: &mut crate::db::DbConn,
        action: crate::domain::audit::Action,
        id: &str,
        now: chrono::NaiveDateTime,
    ) -> diesel::QueryResult<()> {
        crate::store::audit::insert(
            conn,
            &self.actor(),
            crate::store::audit::NewEntry {
                action,
                customer: None,
                subscription: None,
                from_partner: None,
                to_partner: Some(&self.partner.tenant_id),
                detail: id,
            },
            now,
        )
        .map(drop)
    }

    /// Changes need an admin agent; helpdesk agents only look.
    pub fn must_be_admin(&self) -> Result<()> {
        if self.user.is_admin_agent() {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}

/// A signed-in user of a customer acting for it.
#[derive(Debug, Clone, Copy)]
pub struct CustomerCaller<'a> {
    pub user: &'a User,
    pub customer: &'a Customer,
}

impl CustomerCaller<'_> {
    pub fn actor(&self) -> Actor {
        Actor::for_user(self.user)
    }

    /// Changes need one of the customer's global admins.
    pub fn must_be_admin(&self) -> Result<()> {
        if self.user.role == Role::CustomerAdmin && !self.user.disabled {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }
}
