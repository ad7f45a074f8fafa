//! Relationship requests, partner side: make one (a link and an e-mail text
//! to send), see them all with their state, revoke, or renew the link.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::app;
use crate::app::requests::Changed;
use crate::domain::request::RequestState;
use crate::domain::{Partner, PartnerKind, TenantId};
use crate::error::AppError;
use crate::store;
use crate::store::audit::Actor;
use crate::store::requests::Request;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::language::Ui;
use crate::web::session::set_flash;
use crate::web::{PageContext, State, render_status, see_other};

/// A request as listed, with names and its state now.
pub struct RequestRow {
    pub request: Request,
    pub state: RequestState,
    pub via_name: Option<String>,
    /// Who asks: this partner, or one of its resellers.
    pub from_name: String,
}

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
}

type Listed = (Vec<RequestRow>, Vec<Partner>, Vec<Partner>);

/// The partner's requests, with the names they mention, and the partners a
/// new request may name.
fn read(
    conn: &mut crate::db::DbConn,
    who: &PartnerUser,
    now: chrono::NaiveDateTime,
) -> Result<Listed, AppError> {
    let partner = &who.partner.tenant_id;
    let requests = store::requests::list_for_partner(conn, partner)?;
    let providers = store::partners::providers_of(conn, partner)?;
    let resellers = store::partners::authorized_resellers(conn, partner)?;
    let names = super::partner_names(
        conn,
        requests.iter().flat_map(|r| {
            [
                Some(r.partner_tenant_id.clone()),
                r.via_provider_tenant_id.clone(),
            ]
            .into_iter()
            .flatten()
        }),
    )?;
    let name = |id: &str| {
        names
            .get(id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    let rows = requests
        .into_iter()
        .map(|request| RequestRow {
            state: request.state_at(now),
            via_name: request.via_provider_tenant_id.as_deref().map(name),
            from_name: name(&request.partner_tenant_id),
            request,
        })
        .collect();
    Ok((rows, providers, resellers))
}

fn render_list(
    ui: &Ui,
    session: &Session,
    who: &PartnerUser,
    (rows, providers, resellers): Listed,
    form: NewForm,
    error: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let page = RequestsPage {
        ctx: PageContext::partner(ui, who, session, "requests")?,
        rows,
        can_manage: who.user.is_admin_agent(),
        is_reseller: who.partner.kind == PartnerKind::IndirectReseller,
        providers,
        resellers,
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
    let listed = state.db(move |conn| read(conn, &w, now)).await?;
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
    let (who, listed) = one_hop.load(move |conn, who| read(conn, who, now)).await?;
    render_list(&ui, &session, &who, listed, prefill.into_inner(), None)
}

pub async fn create(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    form: web::Form<NewForm>,
) -> Result<HttpResponse, AppError> {
    if !who.user.is_admin_agent() {
        return Err(AppError::Forbidden);
    }
    let form = form.into_inner();
    let via = match form
        .via_provider
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => None,
        Some(raw) => match TenantId::parse(raw) {
            Ok(id) => Some(id),
            Err(_) => {
                return list(&state, &ui, &session, &who, form, Some("provider_invalid")).await;
            }
        },
    };
    let on_behalf = match form
        .for_reseller
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        None => None,
        Some(raw) => match TenantId::parse(raw) {
            Ok(id) if via.is_none() => Some(id),
            _ => return list(&state, &ui, &session, &who, form, Some("provider_invalid")).await,
        },
    };
    let dap = form.delegated_admin.is_some();
    let (actor, now) = (Actor::for_user(&who.user), state.now());
    // On behalf of a reseller, the request is the reseller's, through this provider.
    let (partner, via) = match on_behalf {
        None => (who.partner.clone(), via),
        Some(reseller) => {
            let provider = who.partner.tenant_id.clone();
            let found = state
                .db(move |conn| {
                    Ok(store::partners::authorized_resellers(conn, &provider)?
                        .into_iter()
                        .find(|r| r.tenant_id == reseller))
                })
                .await?;
            match found {
                Some(reseller) => (reseller, Some(who.partner.tenant_id.clone())),
                None => {
                    return list(&state, &ui, &session, &who, form, Some("provider_invalid")).await;
                }
            }
        }
    };
    let (company, domain) = (form.company.clone(), form.domain.clone());
    let outcome = state
        .db(move |conn| {
            Ok(app::requests::create_request(
                conn,
                &actor,
                &partner,
                via.as_ref(),
                &company,
                &domain,
                dap,
                now,
            )?)
        })
        .await?;
    match outcome {
        Ok((id, token)) => {
            set_flash(&session, "request_link", &link(&state, &token));
            Ok(see_other(&format!("/partner/requests/{id}")))
        }
        Err(problem) => list(&state, &ui, &session, &who, form, Some(problem.code())).await,
    }
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
    let (who, (request, via_name, from_name)) = one_hop
        .load(move |conn, who| {
            let partner = who.partner.tenant_id.clone();
            let request =
                store::requests::get_for_partner(conn, &partner, &id)?.ok_or(AppError::NotFound)?;
            let via_name = match &request.via_provider_tenant_id {
                Some(v) => {
                    store::partners::get(conn, &TenantId::from_trusted(v.clone()))?.map(|p| p.name)
                }
                None => None,
            };
            let from = TenantId::from_trusted(request.partner_tenant_id.clone());
            let from_name = store::partners::get(conn, &from)?
                .map(|p| p.name)
                .unwrap_or_default();
            Ok((request, via_name, from_name))
        })
        .await?;
    let mut ctx = PageContext::partner(&ui, &who, &session, "requests")?;
    // The link is shown once, right after it is made.
    let link = ctx
        .flash
        .take_if(|f| f.code == "request_link")
        .map(|f| f.subject);
    let page = RequestPage {
        ctx,
        partner_name: from_name.clone(),
        row: RequestRow {
            state: request.state_at(now),
            via_name,
            from_name,
            request,
        },
        can_manage: who.user.is_admin_agent(),
        link,
    };
    render_status(StatusCode::OK, &page)
}

#[derive(Debug, Deserialize)]
pub struct RequestAction {
    action: Option<String>,
}

pub async fn update(
    state: State,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
    form: web::Form<RequestAction>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (now, here) = (state.now(), format!("/partner/requests/{id}"));
    match form.action.as_deref() {
        Some("revoke") => {
            let changed = state
                .db(move |conn| Ok(app::requests::revoke(conn, who.caller(), &id, now)?))
                .await?;
            match changed {
                Changed::Done(()) => set_flash(&session, "request_revoked", ""),
                Changed::NotPending => set_flash(&session, "request_closed", ""),
            }
            Ok(see_other(&here))
        }
        Some("new_link") => {
            let changed = state
                .db(move |conn| Ok(app::requests::new_link(conn, who.caller(), &id, now)?))
                .await?;
            match changed {
                Changed::Done(token) => {
                    set_flash(&session, "request_link", &link(&state, &token));
                }
                Changed::NotPending => set_flash(&session, "request_closed", ""),
            }
            Ok(see_other(&here))
        }
        _ => {
            // Someone else's request is not found, whatever was asked of it.
            state
                .db(move |conn| Ok(app::requests::own(conn, &who.caller(), &id)?))
                .await?;
            Err(AppError::BadRequest)
        }
    }
}
