//! `/partner/providers/{provider_tenant_id}`: a reseller's provider, and
//! ending its authorization from the reseller's side.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::bulk::ended_page;
use crate::app::authorizations;
use crate::app::read::{self, Authorization};
use crate::error::AppError;
use crate::web::extract::PartnerPage;
use crate::web::form::{End, choice};
use crate::web::language::Ui;
use crate::web::partner::tenant_from_path;
use crate::web::{PageContext, State, render};

#[derive(Template)]
#[template(path = "partner/provider.html")]
struct ProviderPage {
    ctx: PageContext,
    authorization: Authorization,
    /// How many of the provider's subscriptions this reseller supports.
    supported: i64,
    can_manage: bool,
}

/// `GET /partner/providers/{provider_tenant_id}`: a provider this reseller
/// authorized, and what ending that authorization would do.
pub async fn provider_show(
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let provider = tenant_from_path(&path)?;
    let (who, (authorization, supported)) = one_hop
        .load(move |conn, who| Ok(read::resellers::provider(conn, who.caller(), &provider)?))
        .await?;
    render(&ProviderPage {
        ctx: PageContext::partner(&ui, &who, &session, "resellers")?,
        can_manage: who.user.is_admin_agent(),
        authorization,
        supported,
    })
}

#[derive(Debug, serde::Deserialize)]
pub struct EndForm {
    #[serde(default, deserialize_with = "choice")]
    action: Option<End>,
}

/// `POST /partner/providers/{provider_tenant_id}` with `action=end`: the
/// reseller withdraws its authorization; the subscriptions it supported for
/// that provider go back to the provider.
pub async fn provider_update(
    state: State,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
    form: web::Form<EndForm>,
) -> Result<HttpResponse, AppError> {
    let provider = tenant_from_path(&path)?;
    let asked_to_end = form.action == Some(End::End);
    let now = state.now();
    let (_, (name, ended)) = one_hop
        .load(move |conn, who| {
            let (found, _) = read::resellers::provider(conn, who.caller(), &provider)?;
            if !who.user.is_admin_agent() {
                return Err(AppError::Forbidden);
            }
            if !asked_to_end {
                return Err(AppError::BadRequest);
            }
            let ended = authorizations::end_by_partner(conn, who.caller(), &provider, now)?;
            Ok((found.partner.name, ended))
        })
        .await?;
    Ok(ended_page(&session, &name, ended))
}
