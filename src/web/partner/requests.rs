//! Relationship requests, partner side: make one (a link and an e-mail text
//! to send), see them all with their state, revoke, or renew the link.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::app;
use crate::app::read;
use crate::app::read::requests::{RequestRow, Requests};
use crate::app::requests::Ask;
use crate::app::requests::Changed;
use crate::domain::request::{RequestProblem, RequestState};
use crate::domain::{Partner, PartnerKind, TenantId};
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::flash::Flash;
use crate::web::form::choice;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render_status, see_other};

#[derive(Template)]
#[template(path = "partner/requests.html")]
struct RequestsPage {
    ctx: PageContext,
    rows: Vec<RequestRow>,
    can_manage: bool,
    is_reseller: bool,
    providers: Vec<Partner>,
    resellers: Vec<Partner>,
    form: NewForm,
    error: Option<&'static str>,
}

impl RequestsPage {
    fn reseller_selected(&self, p: &Partner) -> bool {
        self.form.for_reseller.as_deref() == Some(p.tenant_id.as_str())
    }

    fn provider_selected(&self, p: &Partner) -> bool {
        self.form.via_provider.as_deref() == Some(p.tenant_id.as_str())
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewForm {
    #[serde(default)]
    company: String,
    #[serde(default)]
    domain: String,
    delegated_admin: Option<String>,
    via_provider: Option<String>,
    /// A provider asking on behalf of one of its resellers.
    for_reseller: Option<String>,
    /// An address to e-mail the link to (optional).
    #[serde(default)]
    send_to: String,
}

fn render_list(
    ui: &Ui,
    session: &Session,
    who: &PartnerUser,
    listed: Requests,
    form: NewForm,
    error: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let page = RequestsPage {
        ctx: PageContext::partner(ui, who, session, "requests")?,
        rows: listed.rows,
        can_manage: who.user.is_admin_agent(),
        is_reseller: who.partner.kind == PartnerKind::IndirectReseller,
        providers: listed.providers,
        resellers: listed.resellers,
        form,
        error,
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render_status(status, &page)
}

/// The list again, with the form as it was sent and what is wrong with it.
async fn list(
    state: &State,
    ui: &Ui,
    session: &Session,
    who: &PartnerUser,
    form: NewForm,
    error: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let (w, now) = (who.clone(), state.now());
    let listed = state
        .db(move |conn| Ok(read::requests::list(conn, w.caller(), now)?))
        .await?;
    render_list(ui, session, who, listed, form, error)
}

/// `GET /partner/requests`, the form prefilled from the query (`company`,
/// `domain`, `for_reseller`) when a page links here to make a request.
/// One database hop, the session check included.
pub async fn index(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    prefill: web::Query<NewForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let (who, listed) = one_hop
        .load(move |conn, who| Ok(read::requests::list(conn, who.caller(), now)?))
        .await?;
    render_list(&ui, &session, &who, listed, prefill.into_inner(), None)
}

/// A tenant id typed in a form: absent, or one that parses.
fn optional_tenant(raw: Option<&str>) -> Result<Option<TenantId>, ()> {
    match raw.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(raw) => TenantId::parse(raw).map(Some).map_err(drop),
    }
}

/// `POST /partner/requests`: the session check and the request share one
/// database hop; a form to correct costs a second one.
pub async fn create(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    form: web::Form<NewForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let now = state.now();
    let parsed = optional_tenant(form.via_provider.as_deref())
        .and_then(|via| Ok((via, optional_tenant(form.for_reseller.as_deref())?)));
    let (who, problem) = match parsed {
        Err(()) => (Ok(one_hop), RequestProblem::ProviderInvalid),
        Ok((via_provider, for_reseller)) => {
            let ask = Ask {
                company: form.company.clone(),
                domain: form.domain.clone(),
                delegated_admin: form.delegated_admin.is_some(),
                via_provider,
                for_reseller,
                send_to: Some(form.send_to.trim())
                    .filter(|a| !a.is_empty())
                    .map(|address| app::requests::Recipient {
                        address: address.to_owned(),
                        language: ui.lang,
                    }),
            };
            let (who, outcome) = one_hop
                .load(move |conn, who| {
                    Ok(app::requests::partner_asks(conn, who.caller(), &ask, now)?)
                })
                .await?;
            match outcome {
                Ok((id, token)) => {
                    let link = link(&state, &token);
                    Flash::RequestLink { link }.set(&session);
                    return Ok(see_other(&format!("/partner/requests/{id}")));
                }
                Err(problem) => (Err(who), problem),
            }
        }
    };
    let who = match who {
        Err(who) => who,
        Ok(one_hop) => {
            // Only an admin agent hears what is wrong with the form.
            let (who, listed) = one_hop
                .load(move |conn, who| Ok(read::requests::list(conn, who.caller(), now)?))
                .await?;
            if !who.user.is_admin_agent() {
                return Err(AppError::Forbidden);
            }
            return render_list(&ui, &session, &who, listed, form, Some(problem.code()));
        }
    };
    list(&state, &ui, &session, &who, form, Some(problem.code())).await
}

fn link(state: &State, token: &str) -> String {
    format!("{}/relationships/{token}", state.public_url)
}

#[derive(Template)]
#[template(path = "partner/request.html")]
struct RequestPage {
    ctx: PageContext,
    row: RequestRow,
    partner_name: String,
    can_manage: bool,
    link: Option<String>,
}

/// One database hop, the session check included.
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let now = state.now();
    let (who, row) = one_hop
        .load(move |conn, who| Ok(read::requests::one(conn, who.caller(), &id, now)?))
        .await?;
    let mut ctx = PageContext::partner(&ui, &who, &session, "requests")?;
    // The link is shown once, right after it is made.
    let link = ctx
        .flash
        .take_if(|f| matches!(f, Flash::RequestLink { .. }))
        .and_then(|f| f.link().map(str::to_owned));
    let page = RequestPage {
        ctx,
        partner_name: row.from_name.clone(),
        row,
        can_manage: who.user.is_admin_agent(),
        link,
    };
    render_status(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub struct RequestAction {
    #[serde(default, deserialize_with = "choice")]
    action: Option<RequestChange>,
}

/// What a partner does to one of its pending requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestChange {
    Revoke,
    NewLink,
}

pub async fn update(
    state: State,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
    form: web::Form<RequestAction>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (now, here) = (state.now(), format!("/partner/requests/{id}"));
    match form.action {
        Some(RequestChange::Revoke) => {
            let (_, changed) = one_hop
                .load(move |conn, who| Ok(app::requests::revoke(conn, who.caller(), &id, now)?))
                .await?;
            match changed {
                Changed::Done(()) => Flash::RequestRevoked.set(&session),
                Changed::NotPending => Flash::RequestClosed.set(&session),
            }
            Ok(see_other(&here))
        }
        Some(RequestChange::NewLink) => {
            let (_, changed) = one_hop
                .load(move |conn, who| Ok(app::requests::new_link(conn, who.caller(), &id, now)?))
                .await?;
            match changed {
                Changed::Done(token) => {
                    let link = link(&state, &token);
                    Flash::RequestLink { link }.set(&session);
                }
                Changed::NotPending => Flash::RequestClosed.set(&session),
            }
            Ok(see_other(&here))
        }
        None => {
            // Someone else's request is not found, whatever was asked of it.
            one_hop
                .load(move |conn, who| Ok(app::requests::own(conn, &who.caller(), &id)?))
                .await?;
            Err(AppError::BadRequest)
        }
    }
}
