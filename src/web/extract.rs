//! "Signed in as X", enforced by extractors: a handler that names one cannot
//! run for anyone else.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::session::{SESSION_EPOCH, USER_ID};
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
            let (Some(uid), Some(epoch)) = (uid, epoch) else {
                return Err(AppError::SignInRequired { next });
            };
            let user = state
                .db(move |conn| Ok(store::users::get(conn, uid)?))
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
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            let customer = state
                .db(move |conn| Ok(store::customers::get(conn, &tenant)?))
                .await?
                .ok_or_else(|| AppError::internal("a user's customer is missing"))?;
            Ok(CustomerAdmin { user, customer })
        })
    }
}
