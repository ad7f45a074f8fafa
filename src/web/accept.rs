//! A customer answers a relationship request through its link: a signed-in
//! customer admin accepts or declines; with no organization for the domain
//! yet, the link creates it (and its first admin) and accepts in one step.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::extract::SignedIn;
use super::language::Ui;
use super::session::{self, set_flash};
use super::{PageContext, State, render_status, see_other};
use crate::app::requests::{self as relationships, AnswerError};
use crate::domain::request::RequestState;
use crate::domain::{Organization, Partner, TenantId};
use crate::error::AppError;
use crate::store;
use crate::store::audit::Actor;
use crate::store::requests::Request;

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

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &State,
    ui: &Ui,
    session: &Session,
    who: Option<&crate::domain::User>,
    token: String,
    form: Option<CreateForm>,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let lookup = token.clone();
    let viewer = who.map(|u| u.organization.clone());
    let (request, request_state, partner, via, existing) = state
        .db(move |conn| {
            let (request, request_state) = match relationships::request_for_link(conn, &lookup, now)
            {
                Ok(found) => found,
                Err(AnswerError::Unknown) => return Err(AppError::NotFound),
                Err(e) => return Err(AppError::internal(e)),
            };
            let partner = store::partners::get(
                conn,
                &TenantId::from_trusted(request.partner_tenant_id.clone()),
            )?
            .ok_or(AppError::NotFound)?;
            let via = match &request.via_provider_tenant_id {
                Some(v) => store::partners::get(conn, &TenantId::from_trusted(v.clone()))?,
                None => None,
            };
            let existing = store::customers::find_by_domain(conn, &request.customer_domain)?;
            let viewer_customer = match viewer {
                Some(Organization::Customer(c)) => store::customers::get(conn, &c)?,
                _ => None,
            };
            Ok((
                request,
                request_state,
                partner,
                via,
                (existing, viewer_customer),
            ))
        })
        .await?;
    let (existing, viewer_customer) = existing;
    let offer = if request_state != RequestState::Pending {
        Offer::Closed
    } else {
        match (who, viewer_customer) {
            (Some(_), Some(c)) if c.domain.eq_ignore_ascii_case(&request.customer_domain) => {
                Offer::Answer
            }
            (Some(_), _) => Offer::WrongAccount,
            (None, _) if existing.is_some() => Offer::SignIn,
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
        company: request.customer_company.clone(),
        ..CreateForm::default()
    });
    let view = AcceptPage {
        ctx: PageContext::signed_out(ui, session)?,
        token,
        state: request_state,
        request,
        partner,
        via,
        offer,
        form,
        error,
    };
    render_status(status, &view)
}

/// `GET /relationships/{token}`
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    who: Option<SignedIn>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let user = who.map(|w| w.0);
    page(
        &state,
        &ui,
        &session,
        user.as_ref(),
        path.into_inner(),
        None,
        None,
        StatusCode::OK,
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    action: Option<String>,
}

/// `POST /relationships/{token}`: accept or decline, as a customer admin.
pub async fn answer(
    state: State,
    ui: Ui,
    session: Session,
    who: SignedIn,
    path: web::Path<String>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    // An unknown link is not found, whatever was sent with it.
    let (now, t) = (state.now(), token.clone());
    state
        .db(
            move |conn| match relationships::request_for_link(conn, &t, now) {
                Ok(_) => Ok(()),
                Err(AnswerError::Unknown) => Err(AppError::NotFound),
                Err(e) => Err(AppError::internal(e)),
            },
        )
        .await?;
    let accept = match form.action.as_deref() {
        Some("accept") => true,
        Some("decline") => false,
        _ => return Err(AppError::BadRequest),
    };
    let user = who.0;
    let Organization::Customer(customer_id) = user.organization.clone() else {
        return page(
            &state,
            &ui,
            &session,
            Some(&user),
            token,
            None,
            None,
            StatusCode::FORBIDDEN,
        )
        .await;
    };
    let actor = Actor::for_user(&user);
    let (now, t) = (state.now(), token.clone());
    let outcome = state
        .db(move |conn| {
            let customer = store::customers::get(conn, &customer_id)?.ok_or(AppError::NotFound)?;
            Ok(relationships::answer(
                conn, &actor, &t, &customer, accept, now,
            ))
        })
        .await?;
    match outcome {
        Ok(_) => {
            set_flash(
                &session,
                if accept {
                    "request_accepted"
                } else {
                    "request_declined"
                },
                "",
            );
            Ok(see_other("/admin/partners"))
        }
        Err(AnswerError::Unknown) => Err(AppError::NotFound),
        Err(AnswerError::Database(e)) => Err(e.into()),
        Err(AnswerError::NotPending(_)) => {
            page(
                &state,
                &ui,
                &session,
                Some(&user),
                token,
                None,
                None,
                StatusCode::GONE,
            )
            .await
        }
        Err(_) => {
            page(
                &state,
                &ui,
                &session,
                Some(&user),
                token,
                None,
                None,
                StatusCode::FORBIDDEN,
            )
            .await
        }
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
            page(
                &state,
                &ui,
                &session,
                None,
                token,
                Some(form),
                Some(code),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
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
    let outcome = state
        .db(move |conn| {
            Ok(relationships::create_customer_and_accept(
                conn,
                &t,
                &f.company,
                &country,
                &f.email,
                &f.name,
                &f.password,
                now,
            ))
        })
        .await?;
    match outcome {
        Ok((user_id, _)) => {
            let lifetime = state.session_lifetime;
            let (user, sid) = state
                .db(move |conn| {
                    let user = store::users::get(conn, user_id)?
                        .ok_or_else(|| AppError::internal("the new admin is missing"))?;
                    let sid = crate::app::sign_in::start_session(conn, &user, lifetime, now)?;
                    Ok((user, sid))
                })
                .await?;
            session::sign_in(&session, &user, &sid, state.clock.now().timestamp())?;
            set_flash(&session, "organization_created", "");
            Ok(see_other("/admin/partners"))
        }
        Err(AnswerError::Unknown) => Err(AppError::NotFound),
        Err(AnswerError::Database(e)) => Err(e.into()),
        Err(AnswerError::NotPending(_)) => {
            page(
                &state,
                &ui,
                &session,
                None,
                token,
                Some(form),
                None,
                StatusCode::GONE,
            )
            .await
        }
        Err(AnswerError::DomainTaken) => refuse("domain_taken", form).await,
        Err(AnswerError::Account(e)) => refuse(e.code(), form).await,
        Err(AnswerError::OtherCustomer) => refuse("other", form).await,
    }
}
