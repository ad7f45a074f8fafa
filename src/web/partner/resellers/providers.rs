//! `/partner/providers/{provider_tenant_id}`: a reseller's provider, and
//! ending its authorization from the reseller's side.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::bulk::end;
use crate::domain::TenantId;
use crate::error::AppError;
use crate::store;
use crate::store::partners::Authorization;
use crate::web::extract::{PartnerPage, PartnerUser};
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

/// A reseller's provider, as the reseller sees it; not found otherwise.
async fn own_provider(
    state: &State,
    who: &PartnerUser,
    provider: TenantId,
) -> Result<(Authorization, i64), AppError> {
    let who = who.clone();
    state.db(move |conn| read(conn, &who, provider)).await
}

fn read(
    conn: &mut crate::db::DbConn,
    who: &PartnerUser,
    provider: TenantId,
) -> Result<(Authorization, i64), AppError> {
    let reseller = &who.partner.tenant_id;
    let authorization =
        store::partners::provider_of(conn, reseller, &provider)?.ok_or(AppError::NotFound)?;
    let supported = store::subscriptions::supported_by(conn, &provider, reseller, Some(0))?;
    Ok((authorization, supported.total))
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
        .load(move |conn, who| read(conn, who, provider))
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
    action: Option<String>,
}

/// `POST /partner/providers/{provider_tenant_id}` with `action=end`: the
/// reseller withdraws its authorization; the subscriptions it supported for
/// that provider go back to the provider.
pub async fn provider_update(
    state: State,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
    form: web::Form<EndForm>,
) -> Result<HttpResponse, AppError> {
    let provider = tenant_from_path(&path)?;
    let (found, _) = own_provider(&state, &who, provider.clone()).await?;
    if !who.user.is_admin_agent() {
        return Err(AppError::Forbidden);
    }
    if form.action.as_deref() != Some("end") {
        return Err(AppError::BadRequest);
    }
    end(&state, &session, &who, provider, &found.partner.name).await
}
