//! A customer answers a relationship request through its link: a signed-in
//! customer admin accepts or declines; with no organization for the domain
//! yet, the link creates it (and its first admin) and accepts in one step.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::extract::{OneHop, SignedIn, Visitor};
use super::flash::Flash;
use super::form::{Answer, choice};
use super::language::Ui;
use super::session;
use super::{PageContext, State, render_status, see_other};
use crate::app::Actor;
use crate::app::read::requests::Link;
use crate::app::read::{self, Request};
use crate::app::requests::{self as relationships, AnswerError};
use crate::domain::request::RequestState;
use crate::domain::{Partner, User};
use crate::error::AppError;

/// What the page can offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Offer {
    /// A customer admin of the named organization: accept or decline.
    Answer,
    /// Signed out, and the organization exists: sign in first.
    SignIn,
    /// Signed out, and no organization has the domain: create it.
    Create,
    /// Signed in as someone who cannot answer it.
    WrongAccount,
    /// Nothing to do: used, expired, revoked.
    Closed,
}

#[derive(Template)]
#[template(path = "accept/request.html")]
struct AcceptPage {
    ctx: PageContext,
    token: String,
    request: Request,
    state: RequestState,
    partner: Partner,
    via: Option<Partner>,
    offer: Offer,
    form: CreateForm,
    error: Option<&'static str>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct CreateForm {
    #[serde(default)]
    company: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

/// The page as the viewer sees it.
#[allow(clippy::too_many_arguments)]
fn render_link(
    ui: &Ui,
    session: &Session,
    who: Option<&User>,
    token: String,
    link: Link,
    form: Option<CreateForm>,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let offer = if link.state != RequestState::Pending {
        Offer::Closed
    } else {
        match (who, &link.viewer_customer) {
            (Some(_), Some(c)) if c.domain.eq_ignore_ascii_case(&link.request.customer_domain) => {
                Offer::Answer
            }
            (Some(_), _) => Offer::WrongAccount,
            (None, _) if link.domain_taken => Offer::SignIn,
            (None, _) => Offer::Create,
        }
    };
    let status = match (offer, status) {
        (_, s) if s != StatusCode::OK => s,
        (Offer::Closed, _) => StatusCode::GONE,
        (Offer::WrongAccount, _) => StatusCode::FORBIDDEN,
        _ => StatusCode::OK,
    };
    let form = form.unwrap_or_else(|| CreateForm {
        company: link.request.customer_company.clone(),
        ..CreateForm::default()
    });
    let view = AcceptPage {
        ctx: PageContext::signed_out(ui, session)?,
        token,
        state: link.state,
        request: link.request,
        partner: link.partner,
        via: link.via,
        offer,
        form,
        error,
    };
    render_status(status, &view)
}

/// The page again for someone signed out, after a refused form.
async fn signed_out_page(
    state: &State,
    ui: &Ui,
    session: &Session,
    token: String,
    form: CreateForm,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (lookup, now) = (token.clone(), state.now());
    let link = state
        .db(move |conn| Ok(read::requests::link(conn, &lookup, None, now)?))
        .await?;
    render_link(ui, session, None, token, link, Some(form), error, status)
}

/// `GET /relationships/{token}`: one database hop, the session check
/// (when signed in) included.
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    visitor: Visitor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let (lookup, now) = (token.clone(), state.now());
    let (user, link) = visitor
        .load(move |conn, who| Ok(read::requests::link(conn, &lookup, who, now)?))
        .await?;
    render_link(
        &ui,
        &session,
        user.as_ref(),
        token,
        link,
        None,
        None,
        StatusCode::OK,
    )
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default, deserialize_with = "choice")]
    action: Option<Answer>,
}

/// What answering did, in the request's one hop.
enum Answered {
    Done,
    /// The page again, with this status.
    Page(Box<Link>, StatusCode),
}

/// `POST /relationships/{token}`: accept or decline, as a customer admin.
/// The session check and the answer share one database hop.
pub async fn answer(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: OneHop<SignedIn>,
    path: web::Path<String>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let accept = form.action.map(Answer::accepts);
    let (t, now) = (token.clone(), state.now());
    let (who, (accept, answered)) = one_hop
        .load(move |conn, who| {
            let user = &who.0;
            // An unknown link is not found, whatever was sent with it.
            let link = read::requests::link(conn, &t, Some(user), now)?;
            let accept = accept.ok_or(AppError::BadRequest)?;
            let Some(customer) = link.viewer_customer.clone() else {
                return Ok((
                    accept,
                    Answered::Page(Box::new(link), StatusCode::FORBIDDEN),
                ));
            };
            let actor = Actor::for_user(user);
            let status = match relationships::answer(conn, &actor, &t, &customer, accept, now) {
                Ok(_) => return Ok((accept, Answered::Done)),
                Err(AnswerError::Unknown) => return Err(AppError::NotFound),
                Err(AnswerError::Database(e)) => return Err(e.into()),
                Err(AnswerError::NotPending(_)) => StatusCode::GONE,
                Err(
                    AnswerError::OtherCustomer | AnswerError::DomainTaken | AnswerError::Account(_),
                ) => StatusCode::FORBIDDEN,
            };
            let link = read::requests::link(conn, &t, Some(user), now)?;
            Ok((accept, Answered::Page(Box::new(link), status)))
        })
        .await?;
    match answered {
        Answered::Done => {
            if accept {
                Flash::RequestAccepted
            } else {
                Flash::RequestDeclined
            }
            .set(&session);
            Ok(see_other("/admin/partners"))
        }
        Answered::Page(link, status) => render_link(
            &ui,
            &session,
            Some(&who.0),
            token,
            *link,
            None,
            None,
            status,
        ),
    }
}

/// `POST /relationships/{token}/organization`: create the customer, its first
/// admin, and accept; then the new admin is signed in.
pub async fn create(
    state: State,
    ui: Ui,
    session: Session,
    path: web::Path<String>,
    form: web::Form<CreateForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let form = form.into_inner();
    let refuse = |code: &'static str, form: CreateForm| {
        let (state, ui, session, token) =
            (state.clone(), ui.clone(), session.clone(), token.clone());
        async move {
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            signed_out_page(&state, &ui, &session, token, form, Some(code), status).await
        }
    };
    if form.password != form.confirm {
        return refuse("mismatch", form).await;
    }
    let country = form.country.trim().to_ascii_uppercase();
    if country.len() != 2 || !country.chars().all(|c| c.is_ascii_alphabetic()) {
        return refuse("country", form).await;
    }
    let (now, t, f) = (state.now(), token.clone(), form.clone());
    let lifetime = state.session_lifetime;
    // The organization, its admin, the acceptance and the new session: one hop.
    let outcome = state
        .db(move |conn| {
            let created = relationships::create_customer_and_accept(
                conn,
                &t,
                &f.company,
                &country,
                &f.email,
                &f.name,
                &f.password,
                now,
            );
            Ok(match created {
                Ok((user_id, _)) => {
                    let user = read::account::created_user(conn, user_id)?;
                    let sid = crate::app::sign_in::start_session(conn, &user, lifetime, now)?;
                    Ok((user, sid))
                }
                Err(e) => Err(e),
            })
        })
        .await?;
    match outcome {
        Ok((user, sid)) => {
            session::sign_in(&session, &user, &sid, state.clock.now().timestamp())?;
            Flash::OrganizationCreated.set(&session);
            Ok(see_other("/admin/partners"))
        }
        Err(AnswerError::Unknown) => Err(AppError::NotFound),
        Err(AnswerError::Database(e)) => Err(e.into()),
        Err(AnswerError::NotPending(_)) => {
            signed_out_page(&state, &ui, &session, token, form, None, StatusCode::GONE).await
        }
        Err(AnswerError::DomainTaken) => refuse("domain_taken", form).await,
        Err(AnswerError::Account(e)) => refuse(e.code(), form).await,
        Err(AnswerError::OtherCustomer) => refuse("other", form).await,
    }
}
