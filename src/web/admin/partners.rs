//! The customer's Partners page: every partner it works with, and the two
//! ways to end that trust: remove admin privileges, or delete the partner.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::app::relationships::{self, RelationshipError};
use crate::app::requests as request_answers;
use crate::domain::relationship::RemovalRefused;
use crate::domain::{PartnerKind, Subscription, TenantId};
use crate::error::AppError;
use crate::store;
use crate::store::audit::Actor;
use crate::store::relationships::CustomerPartner;
use crate::web::extract::CustomerAdmin;
use crate::web::language::Ui;
use crate::web::session::set_flash_count;
use crate::web::{PageContext, State, render_status, see_other};

#[derive(Template)]
#[template(path = "admin/partners.html")]
struct PartnersPage {
    ctx: PageContext,
    partners: Vec<CustomerPartner>,
    /// Pending requests naming this customer: (request, partner name, through provider).
    pending: Vec<(store::requests::Request, String, Option<String>)>,
    refused_name: String,
    still_active: Vec<Subscription>,
}

impl PartnersPage {
    fn is_provider(&self, p: &CustomerPartner) -> bool {
        p.partner.kind != PartnerKind::IndirectReseller
    }
}

async fn page(
    state: &State,
    ui: &Ui,
    session: &Session,
    who: &CustomerAdmin,
    refused: Option<(String, Vec<Subscription>)>,
) -> Result<HttpResponse, AppError> {
    let customer = who.customer.tenant_id.clone();
    let domain = who.customer.domain.clone();
    let now = state.now();
    let (partners, pending) = state
        .db(move |conn| {
            let partners = store::relationships::list_for_customer(conn, &customer)?;
            let requests = store::requests::pending_for_domain(conn, &domain, now)?;
            let ids: Vec<&str> = requests
                .iter()
                .flat_map(|r| {
                    std::iter::once(r.partner_tenant_id.as_str())
                        .chain(r.via_provider_tenant_id.as_deref())
                })
                .collect();
            let names: std::collections::HashMap<String, String> =
                store::partners::get_many(conn, &ids)?
                    .into_iter()
                    .map(|p| (p.tenant_id.to_string(), p.name))
                    .collect();
            let name_of = |id: &str| names.get(id).cloned().unwrap_or_default();
            let pending = requests
                .into_iter()
                .map(|request| {
                    let partner = name_of(&request.partner_tenant_id);
                    let via = request.via_provider_tenant_id.as_deref().map(name_of);
                    (request, partner, via)
                })
                .collect::<Vec<_>>();
            Ok((partners, pending))
        })
        .await?;
    let status = if refused.is_some() {
        StatusCode::CONFLICT
    } else {
        StatusCode::OK
    };
    let (refused_name, still_active) = refused.unwrap_or_default();
    let view = PartnersPage {
        ctx: PageContext::admin(ui, who, session, "partners")?,
        partners,
        pending,
        refused_name,
        still_active,
    };
    render_status(status, &view)
}

pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    who: CustomerAdmin,
) -> Result<HttpResponse, AppError> {
    page(&state, &ui, &session, &who, None).await
}

#[derive(Debug, Deserialize)]
pub struct PartnerAction {
    action: Option<String>,
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
    state: State,
    ui: Ui,
    session: Session,
    who: CustomerAdmin,
    path: web::Path<String>,
    query: web::Query<PartnerAction>,
) -> Result<HttpResponse, AppError> {
    let partner = TenantId::parse(&path).map_err(|_| AppError::NotFound)?;
    let customer = who.customer.tenant_id.clone();
    let (partner, dap, affected, still_active) = state
        .db(move |conn| {
            // A partner this customer does not work with does not exist here.
            let dap = store::relationships::active_dap(conn, &customer, &partner)?
                .ok_or(AppError::NotFound)?;
            let found = store::partners::get(conn, &partner)?.ok_or(AppError::NotFound)?;
            let affected = store::subscriptions::list_live_for_customer(conn, &customer)?
                .into_iter()
                .filter(|s| s.parties.support_contact == partner && s.parties.provider != partner)
                .collect();
            let transacted = store::subscriptions::list_transacted(conn, &partner, &customer)?;
            let still_active = match crate::domain::relationship::may_remove_provider(&transacted) {
                Err(RemovalRefused::ActiveSubscriptions(active)) => active,
                _ => Vec::new(),
            };
            Ok((found, dap, affected, still_active))
        })
        .await?;
    let delete = match query.action.as_deref() {
        Some("remove_dap") => false,
        Some("delete") => true,
        _ => return Err(AppError::BadRequest),
    };
    if !delete && !dap {
        // No privileges left to remove: back to the list, which says so.
        return Ok(see_other("/admin/partners"));
    }
    render_status(
        StatusCode::OK,
        &ConfirmPage {
            ctx: PageContext::admin(&ui, &who, &session, "partners")?,
            partner,
            delete,
            affected,
            still_active: if delete { still_active } else { Vec::new() },
        },
    )
}

/// `POST /admin/partners/{partner_tenant_id}` with `action` = `remove_dap` or `delete`.
pub async fn update(
    state: State,
    ui: Ui,
    session: Session,
    who: CustomerAdmin,
    path: web::Path<String>,
    form: web::Form<PartnerAction>,
) -> Result<HttpResponse, AppError> {
    let partner = TenantId::parse(&path).map_err(|_| AppError::NotFound)?;
    let customer = who.customer.tenant_id.clone();
    let actor = Actor::for_user(&who.user);
    let now = state.now();
    // A partner this customer does not work with does not exist here.
    let (c, p) = (customer.clone(), partner.clone());
    state
        .db(move |conn| {
            store::relationships::active_dap(conn, &c, &p)?
                .map(drop)
                .ok_or(AppError::NotFound)
        })
        .await?;
    let delete = match form.action.as_deref() {
        Some("remove_dap") => false,
        Some("delete") => true,
        _ => return Err(AppError::BadRequest),
    };
    let (c, p) = (customer.clone(), partner.clone());
    let outcome = state
        .db(move |conn| {
            let name = store::partners::get(conn, &p)?
                .map(|x| x.name)
                .unwrap_or_default();
            let result = if delete {
                relationships::customer_removes_partner(conn, &actor, &c, &p, now)
            } else {
                relationships::remove_delegated_admin(conn, &actor, &c, &p, now)
            };
            Ok((name, result))
        })
        .await?;
    match outcome {
        (name, Ok(reverted)) => {
            let code = if delete {
                "partner_removed"
            } else {
                "partner_dap_removed"
            };
            set_flash_count(&session, code, &name, reverted.len() as i64);
            Ok(see_other("/admin/partners"))
        }
        (_, Err(RelationshipError::NotFound)) => Err(AppError::NotFound),
        (name, Err(RelationshipError::Refused(RemovalRefused::ActiveSubscriptions(active)))) => {
            page(&state, &ui, &session, &who, Some((name, active))).await
        }
        (_, Err(RelationshipError::Refused(_))) => Err(AppError::Forbidden),
        (_, Err(e @ RelationshipError::PlanMismatch)) => Err(AppError::internal(e)),
        (_, Err(RelationshipError::Database(e))) => Err(e.into()),
    }
}

/// `POST /admin/requests/{request_id}`: accept or decline a pending request
/// that names this customer, from the Partners page.
pub async fn answer_request(
    state: State,
    session: Session,
    who: CustomerAdmin,
    path: web::Path<String>,
    form: web::Form<PartnerAction>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let (domain, i) = (who.customer.domain.clone(), id.clone());
    state
        .db(move |conn| {
            store::requests::get_for_domain(conn, &domain, &i)?
                .map(drop)
                .ok_or(AppError::NotFound)
        })
        .await?;
    let accept = match form.action.as_deref() {
        Some("accept") => true,
        Some("decline") => false,
        _ => return Err(AppError::BadRequest),
    };
    let actor = Actor::for_user(&who.user);
    let (customer, now) = (who.customer.clone(), state.now());
    let outcome = state
        .db(move |conn| {
            Ok(request_answers::answer_by_id(
                conn, &actor, &id, &customer, accept, now,
            ))
        })
        .await?;
    match outcome {
        Ok(_) => {
            let code = if accept {
                "request_accepted"
            } else {
                "request_declined"
            };
            set_flash_count(&session, code, "", 0);
            Ok(see_other("/admin/partners"))
        }
        Err(request_answers::AnswerError::Unknown) => Err(AppError::NotFound),
        Err(request_answers::AnswerError::Database(e)) => Err(e.into()),
        Err(_) => {
            set_flash_count(&session, "request_closed", "", 0);
            Ok(see_other("/admin/partners"))
        }
    }
}
