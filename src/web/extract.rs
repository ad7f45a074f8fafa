//! "Signed in as X", enforced by extractors: a handler that names one cannot
//! run for anyone else.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use super::session::{ISSUED_AT, SEEN_AT, SESSION_EPOCH, SESSION_ID, USER_ID};
use super::{State, return_path};
use crate::app;
use crate::app::session::{Claim, Org};
use crate::domain::{Customer, Partner, User};
use crate::error::AppError;

type Fut<T> = Pin<Box<dyn Future<Output = Result<T, AppError>>>>;

/// What the session cookie claims, after the checks the cookie alone
/// allows (present, within the absolute and idle limits); the database
/// checks the rest, in the same hop as the page's reads.
struct CookieClaim {
    claim: Claim,
    session: actix_session::Session,
    next: Option<String>,
}

fn cookie_claim(req: &HttpRequest, state: &State) -> Result<CookieClaim, AppError> {
    let session = req.get_session();
    let next = return_path(req);
    let uid = session.get::<i32>(USER_ID).ok().flatten();
    let epoch = session.get::<i32>(SESSION_EPOCH).ok().flatten();
    let sid = session.get::<String>(SESSION_ID).ok().flatten();
    let (Some(user_id), Some(epoch), Some(session_id)) = (uid, epoch, sid) else {
        return Err(AppError::SignInRequired { next });
    };
    let now = state.clock.now().timestamp();
    let issued = session.get::<i64>(ISSUED_AT).ok().flatten().unwrap_or(0);
    let seen = session.get::<i64>(SEEN_AT).ok().flatten().unwrap_or(0);
    if now - issued > state.session_lifetime.num_seconds()
        || now - seen > state.session_idle.num_seconds()
    {
        tracing::info!(user_id, "session expired");
        session.purge();
        return Err(AppError::SignInRequired { next });
    }
    // Written at most once a minute: every write is a new cookie.
    if now - seen >= 60 {
        let _ = session.insert(SEEN_AT, now);
    }
    Ok(CookieClaim {
        claim: Claim {
            user_id,
            session_id,
            epoch,
        },
        session,
        next,
    })
}

impl CookieClaim {
    /// Checks the claim and runs `read` in one blocking database hop. A claim
    /// that no longer holds (signed out anywhere, disabled, sessions ended)
    /// forgets the cookie and asks to sign in.
    async fn check<T, F>(self, state: &State, read: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut crate::db::DbConn, app::session::SignedIn) -> Result<T, AppError>
            + Send
            + 'static,
        T: Send + 'static,
    {
        let (claim, now) = (self.claim, state.now());
        let found = state
            .db(move |conn| match app::session::check(conn, &claim, now)? {
                Some(who) => read(conn, who).map(Some),
                None => Ok(None),
            })
            .await?;
        found.ok_or_else(|| {
            self.session.purge();
            AppError::SignInRequired { next: self.next }
        })
    }
}

/// Any signed-in, enabled user whose session is still current.
#[derive(Debug, Clone)]
pub struct SignedIn(pub User);

impl FromRequest for SignedIn {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<State>().cloned();
        let claimed = state
            .as_ref()
            .ok_or_else(|| AppError::internal("application state missing"))
            .and_then(|state| cookie_claim(req, state));
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            claimed?
                .check(&state, |_, who| Ok(SignedIn(who.user)))
                .await
        })
    }
}

/// A signed-in partner user, with their partner.
#[derive(Debug, Clone)]
pub struct PartnerUser {
    pub user: User,
    pub partner: Partner,
    /// Notices not seen yet (the header's count).
    pub unread: i64,
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

impl PartnerUser {
    fn from_signed_in(who: app::session::SignedIn) -> Result<Self, AppError> {
        match who.organization {
            Org::Partner(partner) => Ok(PartnerUser {
                user: who.user,
                partner,
                unread: who.unread,
            }),
            Org::Customer(_) => Err(AppError::Forbidden),
        }
    }
}

impl FromRequest for PartnerUser {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<State>().cloned();
        let claimed = state
            .as_ref()
            .ok_or_else(|| AppError::internal("application state missing"))
            .and_then(|state| cookie_claim(req, state));
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            claimed?
                .check(&state, |_, who| PartnerUser::from_signed_in(who))
                .await
        })
    }
}

/// A signed-in customer admin, with their customer.
#[derive(Debug, Clone)]
pub struct CustomerAdmin {
    pub user: User,
    pub customer: Customer,
    /// Notices not seen yet (the header's count).
    pub unread: i64,
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

impl CustomerAdmin {
    fn from_signed_in(who: app::session::SignedIn) -> Result<Self, AppError> {
        match who.organization {
            // Only a customer's global admins use the admin pages.
            Org::Customer(customer) if who.user.role == crate::domain::Role::CustomerAdmin => {
                Ok(CustomerAdmin {
                    user: who.user,
                    customer,
                    unread: who.unread,
                })
            }
            _ => Err(AppError::Forbidden),
        }
    }
}

impl FromRequest for CustomerAdmin {
    type Error = AppError;
    type Future = Fut<Self>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<State>().cloned();
        let claimed = state
            .as_ref()
            .ok_or_else(|| AppError::internal("application state missing"))
            .and_then(|state| cookie_claim(req, state));
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state missing"))?;
            claimed?
                .check(&state, |_, who| CustomerAdmin::from_signed_in(who))
                .await
        })
    }
}

/// Who a page is for, built from the checked session.
pub trait SignedInAs: Sized + Send + 'static {
    fn from_signed_in(who: app::session::SignedIn) -> Result<Self, AppError>;
}

impl SignedInAs for PartnerUser {
    fn from_signed_in(who: app::session::SignedIn) -> Result<Self, AppError> {
        PartnerUser::from_signed_in(who)
    }
}

impl SignedInAs for CustomerAdmin {
    fn from_signed_in(who: app::session::SignedIn) -> Result<Self, AppError> {
        CustomerAdmin::from_signed_in(who)
    }
}

impl SignedInAs for SignedIn {
    fn from_signed_in(who: app::session::SignedIn) -> Result<Self, AppError> {
        Ok(SignedIn(who.user))
    }
}

/// A page whose reads share the session check's database hop: the handler
/// names this instead of [`PartnerUser`] or [`CustomerAdmin`] and passes its
/// reads to [`OneHop::load`], so the request makes one hop in all.
pub struct OneHop<W> {
    claimed: Result<CookieClaim, AppError>,
    state: Option<State>,
    who: std::marker::PhantomData<W>,
}

pub type PartnerPage = OneHop<PartnerUser>;
pub type CustomerAdminPage = OneHop<CustomerAdmin>;

impl<W> FromRequest for OneHop<W> {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<State>().cloned();
        let claimed = state
            .as_ref()
            .ok_or_else(|| AppError::internal("application state missing"))
            .and_then(|state| cookie_claim(req, state));
        std::future::ready(Ok(OneHop {
            claimed,
            state,
            who: std::marker::PhantomData,
        }))
    }
}

impl<W: SignedInAs> OneHop<W> {
    /// The signed-in user and what `read` returns, in one blocking hop.
    pub async fn load<T, F>(self, read: F) -> Result<(W, T), AppError>
    where
        F: FnOnce(&mut crate::db::DbConn, &W) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let state = self
            .state
            .ok_or_else(|| AppError::internal("application state missing"))?;
        self.claimed?
            .check(&state, move |conn, who| {
                let who = W::from_signed_in(who)?;
                let out = read(conn, &who)?;
                Ok((who, out))
            })
            .await
    }
}

/// A page anyone may open, signed in or not (a link sent by e-mail): the
/// session check, when there is a session, shares the page's database hop.
/// A session that no longer holds is forgotten and the page shows as to
/// someone signed out.
pub struct Visitor {
    claimed: Option<CookieClaim>,
    state: Option<State>,
}

impl FromRequest for Visitor {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<State>().cloned();
        let claimed = state
            .as_ref()
            .and_then(|state| cookie_claim(req, state).ok());
        std::future::ready(Ok(Visitor { claimed, state }))
    }
}

impl Visitor {
    /// The signed-in user, if any, and what `read` returns, in one hop.
    pub async fn load<T, F>(self, read: F) -> Result<(Option<User>, T), AppError>
    where
        F: FnOnce(&mut crate::db::DbConn, Option<&User>) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let state = self
            .state
            .ok_or_else(|| AppError::internal("application state missing"))?;
        let Some(claimed) = self.claimed else {
            let out = state.db(move |conn| read(conn, None)).await?;
            return Ok((None, out));
        };
        let (claim, now) = (claimed.claim, state.now());
        let (user, out, lapsed) = state
            .db(move |conn| match app::session::check(conn, &claim, now)? {
                Some(who) => {
                    let out = read(conn, Some(&who.user))?;
                    Ok((Some(who.user), out, false))
                }
                None => Ok((None, read(conn, None)?, true)),
            })
            .await?;
        if lapsed {
            claimed.session.purge();
        }
        Ok((user, out))
    }
}

/// Who the layout of a page that any request can end on (an error page)
/// names: the area, the user's name and organization, when the session still
/// holds; none otherwise. Never asks to sign in and never fails.
pub async fn layout_of(req: &HttpRequest) -> Option<(super::Area, String, String)> {
    let state = req.app_data::<State>()?.clone();
    req.get_session().get::<i32>(USER_ID).ok().flatten()?;
    let claimed = cookie_claim(req, &state).ok()?;
    claimed
        .check(&state, |_, who| {
            let name = who.user.display_name.clone();
            Ok(match &who.organization {
                Org::Partner(p) => (super::Area::Partner, name, p.name.clone()),
                Org::Customer(c) if who.user.role == crate::domain::Role::CustomerAdmin => {
                    (super::Area::Admin, name, c.company_name.clone())
                }
                Org::Customer(c) => (super::Area::SignedOut, name, c.company_name.clone()),
            })
        })
        .await
        .ok()
}
