//! A partner ends relationships: its own (a provider, once nothing it sells
//! there is active), or a reseller's on its behalf.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::customer::{RelationshipProblem, refused_page};
use super::tenant_from_path;
use crate::domain::relationship::RemovalRefused;
use crate::domain::{Customer, Partner, Subscription};
use crate::error::AppError;
use crate::relationships::{self, RelationshipError};
use crate::store;
use crate::store::audit::Actor;
use crate::web::extract::PartnerUser;
use crate::web::language::Ui;
use crate::web::session::set_flash_count;
use crate::web::{PageContext, State, render, see_other};

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
    if !who.user.may_change_support_contacts() {
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
        Err(RelationshipError::NotFound) => Err(AppError::NotFound),
        Err(RelationshipError::Database(e)) => Err(e.into()),
    }
}

/// `POST /partner/customers/{customer_tenant_id}/resellers/{reseller_tenant_id}`:
/// a provider ends one of its resellers' relationship with its customer.
pub async fn remove_reseller(
    state: State,
    session: Session,
    who: PartnerUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path.0)?;
    let reseller = tenant_from_path(&path.1)?;
    let provider = who.partner.tenant_id.clone();
    let (p, c, r) = (provider.clone(), customer.clone(), reseller.clone());
    // Not found unless both are this provider's: its customer, its reseller.
    let found = state
        .db(move |conn| {
            let customer = store::customers::get_for_partner(conn, &p, &c)?;
            let own_reseller = store::partners::authorized_resellers(conn, &p)?
                .iter()
                .any(|x| x.tenant_id == r);
            Ok(customer.filter(|_| own_reseller))
        })
        .await?
        .ok_or(AppError::NotFound)?;
    if !who.user.may_change_support_contacts() {
        return Err(AppError::Forbidden);
    }
    let (actor, now, c, r) = (
        Actor::for_user(&who.user),
        state.now(),
        customer.clone(),
        reseller.clone(),
    );
    let outcome = state
        .db(move |conn| {
            let name = store::partners::get(conn, &r)?
                .map(|x| x.name)
                .unwrap_or_default();
            Ok((
                name,
                relationships::provider_removes_reseller(conn, &actor, &provider, &c, &r, now),
            ))
        })
        .await?;
    match outcome {
        (name, Ok(reverted)) => {
            set_flash_count(
                &session,
                "reseller_relationship_removed",
                &name,
                reverted.len() as i64,
            );
            Ok(see_other(&format!(
                "/partner/customers/{}",
                found.tenant_id
            )))
        }
        (_, Err(RelationshipError::NotFound)) => Err(AppError::NotFound),
        (_, Err(RelationshipError::Refused(_))) => Err(AppError::Forbidden),
        (_, Err(RelationshipError::Database(e))) => Err(e.into()),
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
            let affected = supported_at(conn, &customer, &partner, None)?;
            let transacted = store::subscriptions::list_transacted(conn, &partner, &customer)?;
            let still_active =
                match crate::domain::relationship::partner_may_remove_own(kind, &transacted) {
                    Err(RemovalRefused::ActiveSubscriptions(active)) => active,
                    Err(RemovalRefused::ResellerCannotRemoveItself) => {
                        return Err(AppError::Forbidden);
                    }
                    Ok(()) => Vec::new(),
                };
            Ok((found, affected, still_active))
        })
        .await?;
    if !who.user.may_change_support_contacts() {
        return Err(AppError::Forbidden);
    }
    render(&ConfirmPage {
        ctx: PageContext::partner(&ui, &who, &session, "customers")?,
        customer: found,
        reseller: None,
        affected,
        still_active,
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
    let (found, partner, affected) = state
        .db(move |conn| {
            let found = store::customers::get_for_partner(conn, &provider, &customer)?
                .ok_or(AppError::NotFound)?;
            let partner = store::partners::reseller_of(conn, &provider, &reseller)?
                .ok_or(AppError::NotFound)?
                .partner;
            if !store::relationships::is_active(conn, &customer, &reseller)? {
                return Err(AppError::NotFound);
            }
            let affected = supported_at(conn, &customer, &reseller, Some(&provider))?;
            Ok((found, partner, affected))
        })
        .await?;
    if !who.user.may_change_support_contacts() {
        return Err(AppError::Forbidden);
    }
    render(&ConfirmPage {
        ctx: PageContext::partner(&ui, &who, &session, "customers")?,
        customer: found,
        reseller: Some(partner),
        affected,
        still_active: Vec::new(),
    })
}

/// The customer's live subscriptions `contact` supports without selling them
/// (of `provider` only, when given): the ones that go back when it leaves.
fn supported_at(
    conn: &mut crate::db::DbConn,
    customer: &crate::domain::TenantId,
    contact: &crate::domain::TenantId,
    provider: Option<&crate::domain::TenantId>,
) -> Result<Vec<Subscription>, AppError> {
    Ok(
        store::subscriptions::list_live_for_customer(conn, customer)?
            .into_iter()
            .filter(|s| {
                &s.parties.support_contact == contact
                    && &s.parties.provider != contact
                    && provider.is_none_or(|p| &s.parties.provider == p)
            })
            .collect(),
    )
}
