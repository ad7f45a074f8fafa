//! A provider's resellers (a reseller sees the providers it authorized):
//! who they are, since when, what they support, and ending an authorization
//! with its consequence shown before it is made.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::tenant_from_path;
use crate::domain::{PartnerKind, Subscription};
use crate::error::AppError;
use crate::relationships::{self, AuthorizationError};
use crate::store;
use crate::store::audit::Actor;
use crate::store::partners::Authorization;
use crate::web::extract::PartnerUser;
use crate::web::language::Ui;
use crate::web::session::set_flash_count;
use crate::web::{PageContext, State, render, see_other};

#[derive(Template)]
#[template(path = "partner/resellers.html")]
struct ResellersPage {
    ctx: PageContext,
    /// A provider sees its resellers; a reseller, the providers it authorized.
    is_provider: bool,
    rows: Vec<(Authorization, i64)>,
}

/// `GET /partner/resellers`.
pub async fn index(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
) -> Result<HttpResponse, AppError> {
    let partner = who.partner.tenant_id.clone();
    let is_provider = who.partner.kind == PartnerKind::IndirectProvider;
    let rows = state
        .db(move |conn| {
            if is_provider {
                let counts = store::subscriptions::support_counts(conn, &partner)?;
                Ok(store::partners::resellers_of(conn, &partner)?
                    .into_iter()
                    .map(|a| {
                        let supported = counts.get(a.partner.tenant_id.as_str()).copied();
                        (a, supported.unwrap_or(0))
                    })
                    .collect())
            } else {
                Ok(store::partners::providers_authorized_by(conn, &partner)?
                    .into_iter()
                    .map(|a| (a, 0))
                    .collect())
            }
        })
        .await?;
    render(&ResellersPage {
        ctx: PageContext::partner(&ui, &who, &session, "resellers")?,
        is_provider,
        rows,
    })
}

#[derive(Template)]
#[template(path = "partner/reseller.html")]
struct ResellerPage {
    ctx: PageContext,
    authorization: Authorization,
    /// (customer name, subscription) this reseller supports for the provider.
    supported: Vec<(String, Subscription)>,
    can_manage: bool,
}

/// `GET /partner/resellers/{reseller_tenant_id}`: one of this provider's
/// current resellers, and what ending its authorization would do. A
/// reseller whose authorization ended is listed, not shown: it is nobody's
/// reseller here any more.
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let reseller = tenant_from_path(&path)?;
    let provider = who.partner.tenant_id.clone();
    let (authorization, supported) = state
        .db(move |conn| {
            let authorization = store::partners::reseller_of(conn, &provider, &reseller)?
                .ok_or(AppError::NotFound)?;
            let supported = store::subscriptions::supported_by(conn, &provider, &reseller)?;
            Ok((authorization, supported))
        })
        .await?;
    render(&ResellerPage {
        ctx: PageContext::partner(&ui, &who, &session, "resellers")?,
        can_manage: who.user.may_change_support_contacts(),
        authorization,
        supported,
    })
}

#[derive(Debug, Deserialize)]
pub struct UpdateForm {
    action: Option<String>,
}

/// `POST /partner/resellers/{reseller_tenant_id}` with `action=end`: ends the
/// authorization; the reseller's contacts go back to this provider.
pub async fn update(
    state: State,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
    form: web::Form<UpdateForm>,
) -> Result<HttpResponse, AppError> {
    let reseller = tenant_from_path(&path)?;
    let provider = who.partner.tenant_id.clone();
    let (p, r) = (provider.clone(), reseller.clone());
    let found = state
        .db(move |conn| Ok(store::partners::reseller_of(conn, &p, &r)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if !who.user.may_change_support_contacts() {
        return Err(AppError::Forbidden);
    }
    if form.action.as_deref() != Some("end") {
        return Err(AppError::BadRequest);
    }
    let actor = Actor::for_user(&who.user);
    let now = state.now();
    let outcome = state
        .db(move |conn| {
            Ok(relationships::end_authorization(
                conn, &actor, &provider, &reseller, now,
            ))
        })
        .await?;
    match outcome {
        Ok(reverted) => {
            set_flash_count(
                &session,
                "authorization_ended",
                &found.partner.name,
                reverted.len() as i64,
            );
            Ok(see_other("/partner/resellers"))
        }
        // Ended meanwhile (another tab, a colleague): nothing more to do.
        Err(AuthorizationError::NotActive) => Ok(see_other("/partner/resellers")),
        Err(AuthorizationError::Database(e)) => Err(e.into()),
        Err(_) => Err(AppError::NotFound),
    }
}
