//! "Signed in as X", enforced by extractors: a handler that names one cannot
//! run for anyone else.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::session::{ISSUED_AT, SEEN_AT, SESSION_EPOCH, SESSION_ID, USER_ID};
use super::{State, return_path};
use crate::domain::{Customer, Organization, Partner, User};
use crate::error::AppError;
use crate::store;

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

/// Any signed-in, enabled user whose session is still current.
#[derive(Debug, Clone)]
pub struct SignedIn(pub User);

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let session = req.get_session();
        let state = req.app_data::<State>().cloned();
        let next = return_path(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            let uid = session.get::<i32>(USER_ID).ok().flatten();
            let epoch = session.get::<i32>(SESSION_EPOCH).ok().flatten();
            let sid = session.get::<String>(SESSION_ID).ok().flatten();
            let (Some(uid), Some(epoch), Some(sid)) = (uid, epoch, sid) else {
                return Err(AppError::SignInRequired { next });
            };
            let now = state.clock.now().timestamp();
            let issued = session.get::<i64>(ISSUED_AT).ok().flatten().unwrap_or(0);
            let seen = session.get::<i64>(SEEN_AT).ok().flatten().unwrap_or(0);
            if now - issued > state.session_lifetime.num_seconds()
                || now - seen > state.session_idle.num_seconds()
            {
                tracing::info!(user_id = uid, "session expired");
                session.purge();
                return Err(AppError::SignInRequired { next });
            }
            // Written at most once a minute: every write is a new cookie.
            if now - seen >= 60 {
                let _ = session.insert(SEEN_AT, now);
            }
            // The stored session must still be there: signing out on any
            // server ends it for a copy of this cookie too.
            let at = state.now();
            let user = state
                .db(move |conn| Ok(store::users::get_signed_in(conn, uid, &sid, at)?))
                .await?;
            match user {
                Some(user) if !user.disabled && user.session_epoch == epoch => Ok(SignedIn(user)),
                _ => {
                    session.purge();
                    Err(AppError::SignInRequired { next })
                }
            }
        })
    }
}

/// A signed-in partner user, with their partner.
#[derive(Debug, Clone)]
pub struct PartnerUser {
    pub user: User,
    pub partner: Partner,
}

impl PartnerUser {
    /// The same user, as the core names who acts.
    pub fn caller(&self) -> crate::app::PartnerCaller<'_> {
        crate::app::PartnerCaller {
            user: &self.user,
            partner: &self.partner,
        }
    }
}

impl FromRequest for PartnerUser {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let signed_in = SignedIn::from_request(req, payload);
        let state = req.app_data::<State>().cloned();
        Box::pin(async move {
            let SignedIn(user) = signed_in.await?;
            let Organization::Partner(tenant) = user.organization.clone() else {
                return Err(AppError::Forbidden);
            };
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            let partner = state
                .db(move |conn| Ok(store::partners::get(conn, &tenant)?))
                .await?
                .ok_or_else(|| AppError::internal("a user's partner is missing"))?;
            Ok(PartnerUser { user, partner })
        })
    }
}

/// A signed-in customer admin, with their customer.
#[derive(Debug, Clone)]
pub struct CustomerAdmin {
    pub user: User,
    pub customer: Customer,
}

impl CustomerAdmin {
    /// The same user, as the core names who acts.
    pub fn caller(&self) -> crate::app::CustomerCaller<'_> {
        crate::app::CustomerCaller {
            user: &self.user,
            customer: &self.customer,
        }
    }
}

impl FromRequest for CustomerAdmin {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let signed_in = SignedIn::from_request(req, payload);
        let state = req.app_data::<State>().cloned();
        Box::pin(async move {
            let SignedIn(user) = signed_in.await?;
            let Organization::Customer(tenant) = user.organization.clone() else {
                return Err(AppError::Forbidden);
            };
            // Only a customer's global admins use the admin pages.
            if user.role != crate::domain::Role::CustomerAdmin {
                return Err(AppError::Forbidden);
            }
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            let customer = state
                .db(move |conn| Ok(store::customers::get(conn, &tenant)?))
                .await?
                .ok_or_else(|| AppError::internal("a user's customer is missing"))?;
            Ok(CustomerAdmin { user, customer })
        })
    }
}
