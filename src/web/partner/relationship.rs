//! A partner ends relationships: its own (a provider, once nothing it sells
//! there is active), or a reseller's on its behalf.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::customer::{RelationshipProblem, refused_page};
use super::tenant_from_path;
use crate::app::read;
use crate::app::relationships::{self, Ended, Plan};
use crate::domain::relationship::RemovalRefused;
use crate::domain::{Customer, Partner, Subscription};
use crate::error::AppError;
use crate::web::extract::PartnerPage;
use crate::web::flash::Flash;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render, render_status, see_other};

/// `POST /partner/customers/{customer_tenant_id}/relationship`: ends this
/// partner's own relationship with the customer.
pub async fn remove_own(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path)?;
    let (c, now) = (customer.clone(), state.now());
    let (who, (found, ended)) = one_hop
        .load(move |conn, who| {
            let ended = relationships::partner_removes_own(conn, who.caller(), &c, now)?;
            let (found, _) = read::relationships::ended_between(conn, &c, &who.partner.tenant_id)?;
            Ok((found, ended))
        })
        .await?;
    match ended {
        Ended::Done(reverted) => {
            Flash::RelationshipRemoved {
                name: found.company_name,
                reverted: reverted.len(),
            }
            .set(&session);
            Ok(see_other("/partner/customers"))
        }
        Ended::Refused(RemovalRefused::ActiveSubscriptions(active)) => {
            refused_page(
                &state,
                &ui,
                &session,
                &who,
                customer,
                RelationshipProblem::ActiveSubscriptions(active),
            )
            .await
        }
        Ended::Refused(
            RemovalRefused::ResellerCannotRemoveItself
            | RemovalRefused::ResellerSharedWithAnotherProvider,
        ) => Err(AppError::Forbidden),
    }
}

/// `POST /partner/customers/{customer_tenant_id}/resellers/{reseller_tenant_id}`:
/// a provider ends, acting for the customer, one of its resellers'
/// relationship with its customer, when that concerns no other provider.
pub async fn remove_reseller(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path.0)?;
    let reseller = tenant_from_path(&path.1)?;
    let now = state.now();
    let (who, (found, partner, ended)) = one_hop
        .load(move |conn, who| {
            let ended = relationships::provider_removes_reseller(
                conn,
                who.caller(),
                &customer,
                &reseller,
                now,
            )?;
            let (found, partner) = read::relationships::ended_between(conn, &customer, &reseller)?;
            Ok((found, partner, ended))
        })
        .await?;
    match ended {
        Ended::Done(reverted) => {
            Flash::ResellerRelationshipRemoved {
                name: partner.name,
                reverted: reverted.len(),
            }
            .set(&session);
            Ok(see_other(&format!(
                "/partner/customers/{}",
                found.tenant_id
            )))
        }
        Ended::Refused(RemovalRefused::ResellerSharedWithAnotherProvider) => render_status(
            StatusCode::CONFLICT,
            &ConfirmPage {
                ctx: PageContext::partner(&ui, &who, &session, "customers")?,
                customer: found,
                reseller: Some(partner),
                affected: Vec::new(),
                still_active: Vec::new(),
                shared: true,
            },
        ),
        Ended::Refused(_) => Err(AppError::Forbidden),
    }
}

#[derive(Template)]
#[template(path = "partner/relationship_confirm.html")]
struct ConfirmPage {
    ctx: PageContext,
    customer: Customer,
    /// The reseller whose relationship would end; none: this partner's own.
    reseller: Option<Partner>,
    /// Subscriptions whose support contact goes back to their provider.
    affected: Vec<Subscription>,
    /// Active subscriptions this provider still sells there: ending is refused.
    still_active: Vec<Subscription>,
    /// The reseller also works with the customer through another provider:
    /// only the customer may end its relationship.
    shared: bool,
}

/// `GET /partner/customers/{customer_tenant_id}/relationship`: what ending
/// this partner's own relationship with the customer would do.
pub async fn confirm_own(
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path)?;
    let (who, (found, plan)) = one_hop
        // The same plan the action carries out.
        .load(move |conn, who| {
            Ok(read::relationships::own_removal(
                conn,
                who.caller(),
                &customer,
            )?)
        })
        .await?;
    let (affected, still_active) = match plan {
        Plan::Allowed(affected) => (affected, Vec::new()),
        Plan::Refused(RemovalRefused::ActiveSubscriptions(active)) => (Vec::new(), active),
        Plan::Refused(_) => return Err(AppError::Forbidden),
    };
    render(&ConfirmPage {
        ctx: PageContext::partner(&ui, &who, &session, "customers")?,
        customer: found,
        reseller: None,
        affected,
        still_active,
        shared: false,
    })
}

/// `GET /partner/customers/{customer_tenant_id}/resellers/{reseller_tenant_id}`:
/// what ending a reseller's relationship with the customer would do.
pub async fn confirm_reseller(
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path.0)?;
    let reseller = tenant_from_path(&path.1)?;
    let (who, (found, partner, plan)) = one_hop
        // The same plan the action carries out.
        .load(move |conn, who| {
            Ok(read::relationships::reseller_removal(
                conn,
                who.caller(),
                &customer,
                &reseller,
            )?)
        })
        .await?;
    let (affected, shared) = match plan {
        Plan::Allowed(affected) => (affected, false),
        Plan::Refused(RemovalRefused::ResellerSharedWithAnotherProvider) => (Vec::new(), true),
        Plan::Refused(_) => return Err(AppError::Forbidden),
    };
    render(&ConfirmPage {
        ctx: PageContext::partner(&ui, &who, &session, "customers")?,
        customer: found,
        reseller: Some(partner),
        affected,
        still_active: Vec::new(),
        shared,
    })
}
