//! The customer's Partners page: every partner it works with, and the two
//! ways to end that trust: remove admin privileges, or delete the partner.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::app::read::gdap::Listed;
use crate::app::read::relationships::PendingRequest;
use crate::app::read::{self, CustomerPartner};
use crate::app::relationships::{self, Ended, Plan};
use crate::app::requests as request_answers;
use crate::domain::relationship::RemovalRefused;
use crate::domain::{PartnerKind, Subscription, TenantId};
use crate::error::AppError;
use crate::web::extract::{CustomerAdmin, CustomerAdminPage};
use crate::web::flash::Flash;
use crate::web::form::{Answer, choice};
use crate::web::gdap::{Row as GdapRow, rows as gdap_rows};
use crate::web::language::Ui;
use crate::web::{PageContext, State, render_status, see_other};

#[derive(Template)]
#[template(path = "admin/partners.html")]
struct PartnersPage {
    ctx: PageContext,
    partners: Vec<CustomerPartner>,
    /// Pending requests naming this customer: (request, partner name, through provider).
    pending: Vec<PendingRequest>,
    refused_name: String,
    still_active: Vec<Subscription>,
    /// The customer's GDAP relationships, newest first.
    gdaps: Vec<GdapRow>,
}

impl PartnersPage {
    fn is_provider(&self, p: &CustomerPartner) -> bool {
        p.partner.kind != PartnerKind::IndirectReseller
    }
}

type Loaded = ((Vec<CustomerPartner>, Vec<PendingRequest>), Vec<Listed>);

/// What the page reads, in the request's one hop.
fn load(
    conn: &mut crate::db::DbConn,
    who: &CustomerAdmin,
    now: chrono::NaiveDateTime,
) -> Result<Loaded, AppError> {
    Ok((
        read::relationships::customer_partners(conn, who.caller(), now)?,
        read::gdap::customer_list(conn, who.caller(), now)?,
    ))
}

fn render_page(
    ui: &Ui,
    session: &Session,
    who: &CustomerAdmin,
    ((partners, pending), gdaps): Loaded,
    refused: Option<(String, Vec<Subscription>)>,
) -> Result<HttpResponse, AppError> {
    let status = if refused.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let (refused_name, still_active) = refused.unwrap_or_default();
    let ctx = PageContext::admin(ui, who, session, "partners")?;
    let view = PartnersPage {
        gdaps: gdap_rows(&ctx.t, gdaps),
        ctx,
        partners,
        pending,
        refused_name,
        still_active,
    };
    render_status(status, &view)
}

/// The Partners page again, saying why a partner could not be deleted.
async fn page(
    state: &State,
    ui: &Ui,
    session: &Session,
    who: &CustomerAdmin,
    refused: Option<(String, Vec<Subscription>)>,
) -> Result<HttpResponse, AppError> {
    let (w, now) = (who.clone(), state.now());
    let loaded = state.db(move |conn| load(conn, &w, now)).await?;
    render_page(ui, session, who, loaded, refused)
}

/// `GET /admin/partners`: one database hop, the session check included.
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: CustomerAdminPage,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let (who, loaded) = one_hop.load(move |conn, who| load(conn, who, now)).await?;
    render_page(&ui, &session, &who, loaded, None)
}

/// What the customer does to a partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Removal {
    /// Remove its admin privileges (DAP) only.
    RemoveDap,
    /// End the relationship.
    Delete,
}

#[derive(Debug, Deserialize)]
pub struct PartnerAction {
    #[serde(default, deserialize_with = "choice")]
    action: Option<Removal>,
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default, deserialize_with = "choice")]
    action: Option<Answer>,
}

#[derive(Template)]
#[template(path = "admin/partner_confirm.html")]
struct ConfirmPage {
    ctx: PageContext,
    partner: crate::domain::Partner,
    /// Delete the partner; otherwise remove its admin privileges.
    delete: bool,
    /// Subscriptions it is the designated support contact of: they go back.
    affected: Vec<Subscription>,
    /// Active subscriptions a provider still transacts: deleting it is refused.
    still_active: Vec<Subscription>,
}

/// `GET /admin/partners/{partner_tenant_id}?action=remove_dap|delete`: what
/// the action will do, before it is done; the form on it makes the change.
pub async fn confirm(
    ui: Ui,
    session: Session,
    one_hop: CustomerAdminPage,
    path: web::Path<String>,
    query: web::Query<PartnerAction>,
) -> Result<HttpResponse, AppError> {
    let partner = TenantId::parse(&path).map_err(|_| AppError::NotFound)?;
    let delete = query.action.map(|a| a == Removal::Delete);
    let (who, (partner, dap, plan)) = one_hop
        .load(move |conn, caller| {
            // A partner this customer does not work with does not exist here.
            let (found, dap) =
                read::relationships::partner_of_customer(conn, caller.caller(), &partner)?;
            let Some(delete) = delete else {
                return Err(AppError::BadRequest);
            };
            // The same plan the action carries out.
            let plan = if !delete && !dap {
                None
            } else {
                Some(relationships::plan_customer_removal(
                    conn,
                    caller.caller(),
                    &partner,
                    delete,
                )?)
            };
            Ok((found, dap, plan))
        })
        .await?;
    let delete = delete.unwrap_or_default();
    let Some(plan) = plan.filter(|_| delete || dap) else {
        // No privileges left to remove: back to the list, which says so.
        return Ok(see_other("/admin/partners"));
    };
    let (affected, still_active) = match plan {
        Plan::Allowed(affected) => (affected, Vec::new()),
        Plan::Refused(RemovalRefused::ActiveSubscriptions(active)) => (Vec::new(), active),
        Plan::Refused(_) => return Err(AppError::Forbidden),
    };
    render_status(
        StatusCode::OK,
        &ConfirmPage {
            ctx: PageContext::admin(&ui, &who, &session, "partners")?,
            partner,
            delete,
            affected,
            still_active,
        },
    )
}

/// `POST /admin/partners/{partner_tenant_id}` with `action` = `remove_dap` or `delete`.
pub async fn update(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: CustomerAdminPage,
    path: web::Path<String>,
    form: web::Form<PartnerAction>,
) -> Result<HttpResponse, AppError> {
    let partner = TenantId::parse(&path).map_err(|_| AppError::NotFound)?;
    let delete = form.action.map(|a| a == Removal::Delete);
    let now = state.now();
    let (who, (name, ended)) = one_hop
        .load(move |conn, who| {
            let caller = who.caller();
            let Some(delete) = delete else {
                // Nothing to do, but still not found unless it is a partner here.
                relationships::plan_customer_removal(conn, caller, &partner, false)?;
                return Err(AppError::BadRequest);
            };
            let ended = if delete {
                relationships::customer_removes_partner(conn, caller, &partner, now)?
            } else {
                relationships::customer_removes_dap(conn, caller, &partner, now)?
            };
            let customer = &caller.customer.tenant_id;
            let (_, found) = read::relationships::ended_between(conn, customer, &partner)?;
            Ok((found.name, ended))
        })
        .await?;
    match ended {
        Ended::Done(reverted) => {
            let reverted = reverted.len();
            if delete == Some(true) {
                Flash::PartnerRemoved { name, reverted }
            } else {
                Flash::PartnerDapRemoved { name, reverted }
            }
            .set(&session);
            Ok(see_other("/admin/partners"))
        }
        Ended::Refused(RemovalRefused::ActiveSubscriptions(active)) => {
            page(&state, &ui, &session, &who, Some((name, active))).await
        }
        Ended::Refused(_) => Err(AppError::Forbidden),
    }
}

/// `POST /admin/requests/{request_id}`: accept or decline a pending request
/// that names this customer, from the Partners page.
pub async fn answer_request(
    state: State,
    session: Session,
    one_hop: CustomerAdminPage,
    path: web::Path<String>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let accept = form.action.map(Answer::accepts);
    let now = state.now();
    let (_, (accept, outcome)) = one_hop
        .load(move |conn, who| {
            // Not found before a bad action: a request for someone else
            // does not exist here.
            read::relationships::request_for_customer(conn, who.caller(), &id)?;
            let accept = accept.ok_or(AppError::BadRequest)?;
            let actor = who.caller().actor();
            let outcome =
                request_answers::answer_by_id(conn, &actor, &id, &who.customer, accept, now);
            Ok((accept, outcome))
        })
        .await?;
    match outcome {
        Ok(_) => {
            if accept {
                Flash::RequestAccepted
            } else {
                Flash::RequestDeclined
            }
            .set(&session);
            Ok(see_other("/admin/partners"))
        }
        Err(request_answers::AnswerError::Unknown) => Err(AppError::NotFound),
        Err(request_answers::AnswerError::Database(e)) => Err(e.into()),
        Err(
            request_answers::AnswerError::NotPending(_)
            | request_answers::AnswerError::OtherCustomer
            | request_answers::AnswerError::DomainTaken
            | request_answers::AnswerError::Account(_),
        ) => {
            Flash::RequestClosed.set(&session);
            Ok(see_other("/admin/partners"))
        }
    }
}
