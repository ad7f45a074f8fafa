//! A partner ends relationships: its own (a provider, once nothing it sells
//! there is active), or a reseller's on its behalf.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::customer::{RelationshipProblem, refused_page};
use super::tenant_from_path;
use crate::app::relationships::{self, RelationshipError};
use crate::domain::relationship::RemovalRefused;
use crate::domain::{Customer, Partner, Subscription};
use crate::error::AppError;
use crate::store;
use crate::store::audit::Actor;
use crate::web::extract::PartnerUser;
use crate::web::language::Ui;
use crate::web::session::set_flash_count;
use crate::web::{PageContext, State, render, render_status, see_other};

/// `POST /partner/customers/{customer_tenant_id}/relationship`: ends this
/// partner's own relationship with the customer.
pub async fn remove_own(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path)?;
    let partner = who.partner.tenant_id.clone();
    let visible = {
        let (p, c) = (partner.clone(), customer.clone());
        state
            .db(move |conn| Ok(store::customers::get_for_partner(conn, &p, &c)?))
            .await?
    };
    let Some(found) = visible else {
        return Err(AppError::NotFound);
    };
    if !who.user.is_admin_agent() {
        return Err(AppError::Forbidden);
    }
    let (kind, actor, now, c) = (
        who.partner.kind,
        Actor::for_user(&who.user),
        state.now(),
        customer.clone(),
    );
    let outcome = state
        .db(move |conn| {
            Ok(relationships::partner_removes_own(
                conn, &actor, &partner, kind, &c, now,
            ))
        })
        .await?;
    match outcome {
        Ok(reverted) => {
            set_flash_count(
                &session,
                "relationship_removed",
                &found.company_name,
                reverted.len() as i64,
            );
            Ok(see_other("/partner/customers"))
        }
        Err(RelationshipError::Refused(RemovalRefused::ActiveSubscriptions(active))) => {
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
        Err(RelationshipError::Refused(RemovalRefused::ResellerCannotRemoveItself)) => {
            Err(AppError::Forbidden)
        }
        Err(RelationshipError::Refused(RemovalRefused::ResellerSharedWithAnotherProvider)) => {
            Err(AppError::Forbidden)
        }
        Err(RelationshipError::NotFound) => Err(AppError::NotFound),
        Err(e @ RelationshipError::PlanMismatch) => Err(AppError::internal(e)),
        Err(RelationshipError::Database(e)) => Err(e.into()),
    }
}

/// `POST /partner/customers/{customer_tenant_id}/resellers/{reseller_tenant_id}`:
/// a provider ends, on the customer's behalf, one of its resellers'
/// relationship with its customer, when that concerns no other provider.
pub async fn remove_reseller(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path.0)?;
    let reseller = tenant_from_path(&path.1)?;
    let provider = who.partner.tenant_id.clone();
    let may_act = who.user.is_admin_agent();
    let (actor, now) = (Actor::for_user(&who.user), state.now());
    let (found, partner, outcome) = state
        .db(move |conn| {
            // Not found unless both are this provider's: its customer, its reseller.
            let found = store::customers::get_for_partner(conn, &provider, &customer)?
                .ok_or(AppError::NotFound)?;
            let partner = store::partners::reseller_of(conn, &provider, &reseller)?
                .ok_or(AppError::NotFound)?
                .partner;
            if !may_act {
                return Err(AppError::Forbidden);
            }
            let outcome = relationships::provider_removes_reseller(
                conn, &actor, &provider, &customer, &reseller, now,
            );
            Ok((found, partner, outcome))
        })
        .await?;
    match outcome {
        Ok(reverted) => {
            set_flash_count(
                &session,
                "reseller_relationship_removed",
                &partner.name,
                reverted.len() as i64,
            );
            Ok(see_other(&format!(
                "/partner/customers/{}",
                found.tenant_id
            )))
        }
        Err(RelationshipError::Refused(RemovalRefused::ResellerSharedWithAnotherProvider)) => {
            render_status(
                StatusCode::CONFLICT,
                &ConfirmPage {
                    ctx: PageContext::partner(&ui, &who, &session, "customers")?,
                    customer: found,
                    reseller: Some(partner),
                    affected: Vec::new(),
                    still_active: Vec::new(),
                    shared: true,
                },
            )
        }
        Err(RelationshipError::NotFound) => Err(AppError::NotFound),
        Err(RelationshipError::Refused(_)) => Err(AppError::Forbidden),
        Err(e @ RelationshipError::PlanMismatch) => Err(AppError::internal(e)),
        Err(RelationshipError::Database(e)) => Err(e.into()),
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
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path)?;
    let partner = who.partner.tenant_id.clone();
    let kind = who.partner.kind;
    let (found, affected, still_active) = state
        .db(move |conn| {
            let found = store::customers::get_for_partner(conn, &partner, &customer)?
                .ok_or(AppError::NotFound)?;
            let affected = supported_at(conn, &customer, &partner)?;
            let transacted = store::subscriptions::list_transacted(conn, &partner, &customer)?;
            let still_active =
                match crate::domain::relationship::partner_may_remove_own(kind, &transacted) {
                    Err(RemovalRefused::ActiveSubscriptions(active)) => active,
                    Err(
                        RemovalRefused::ResellerCannotRemoveItself
                        | RemovalRefused::ResellerSharedWithAnotherProvider,
                    ) => {
                        return Err(AppError::Forbidden);
                    }
                    Ok(()) => Vec::new(),
                };
            Ok((found, affected, still_active))
        })
        .await?;
    if !who.user.is_admin_agent() {
        return Err(AppError::Forbidden);
    }
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
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path.0)?;
    let reseller = tenant_from_path(&path.1)?;
    let provider = who.partner.tenant_id.clone();
    let (found, partner, plan) = state
        .db(move |conn| {
            let found = store::customers::get_for_partner(conn, &provider, &customer)?
                .ok_or(AppError::NotFound)?;
            let partner = store::partners::reseller_of(conn, &provider, &reseller)?
                .ok_or(AppError::NotFound)?
                .partner;
            // The same plan the action carries out.
            let plan = relationships::plan_reseller_removal(conn, &provider, &customer, &reseller);
            Ok((found, partner, plan))
        })
        .await?;
    let (affected, shared) = match plan {
        Ok(affected) => (affected, false),
        Err(RelationshipError::Refused(RemovalRefused::ResellerSharedWithAnotherProvider)) => {
            (Vec::new(), true)
        }
        Err(RelationshipError::NotFound) => return Err(AppError::NotFound),
        Err(RelationshipError::Refused(_)) => return Err(AppError::Forbidden),
        Err(e @ RelationshipError::PlanMismatch) => return Err(AppError::internal(e)),
        Err(RelationshipError::Database(e)) => return Err(e.into()),
    };
    if !who.user.is_admin_agent() {
        return Err(AppError::Forbidden);
    }
    render(&ConfirmPage {
        ctx: PageContext::partner(&ui, &who, &session, "customers")?,
        customer: found,
        reseller: Some(partner),
        affected,
        still_active: Vec::new(),
        shared,
    })
}

/// The customer's live subscriptions `contact` supports without selling
/// them: the ones that go back when it leaves.
fn supported_at(
    conn: &mut crate::db::DbConn,
    customer: &crate::domain::TenantId,
    contact: &crate::domain::TenantId,
) -> Result<Vec<Subscription>, AppError> {
    Ok(
        store::subscriptions::list_live_for_customer(conn, customer)?
            .into_iter()
            .filter(|s| &s.parties.support_contact == contact && &s.parties.provider != contact)
            .collect(),
    )
}
