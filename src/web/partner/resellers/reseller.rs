//! `/partner/resellers/{reseller_tenant_id}`: one reseller, with the
//! subscriptions it supports and those it could support (the bulk lists).

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::app::read::{self, Authorization};
use crate::domain::TenantId;
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::language::Ui;
use crate::web::partner::tenant_from_path;
use crate::web::{PageContext, State, render_status};

/// Each list on a reseller's page shows at most this many subscriptions (a
/// bulk change of them all stays within the route's 64 KiB); the next ones
/// show once these are changed.
const LIST_LIMIT: i64 = 500;

#[derive(Template)]
#[template(path = "partner/reseller.html")]
struct ResellerPage {
    ctx: PageContext,
    authorization: Authorization,
    /// What this reseller supports for the provider (the first
    /// [`LIST_LIMIT`]), and how many in all.
    supported: Vec<Row>,
    supported_total: i64,
    /// What it could support (DAP there) but does not, likewise.
    could: Vec<Row>,
    could_total: i64,
    can_manage: bool,
    error: Option<BulkProblem>,
}

/// Why a bulk change was refused, for the page to say.
pub(super) enum BulkProblem {
    NoneSelected,
    /// This subscription changed, or stopped being eligible, meanwhile.
    Changed(String),
}

pub(super) use crate::app::read::resellers::Row;
pub(super) type Loaded = read::resellers::Reseller;

/// One of the provider's resellers with its two bulk lists, for a caller
/// known already.
pub(super) async fn load(
    state: &State,
    who: &PartnerUser,
    reseller: TenantId,
) -> Result<Loaded, AppError> {
    let who = who.clone();
    state.db(move |conn| read(conn, &who, &reseller)).await
}

pub(super) fn read(
    conn: &mut crate::db::DbConn,
    who: &PartnerUser,
    reseller: &TenantId,
) -> Result<Loaded, AppError> {
    Ok(read::resellers::reseller(
        conn,
        who.caller(),
        reseller,
        LIST_LIMIT,
    )?)
}

pub(super) fn reseller_page(
    ui: &Ui,
    who: &PartnerUser,
    session: &Session,
    loaded: Loaded,
    error: Option<BulkProblem>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    render_status(
        status,
        &ResellerPage {
            ctx: PageContext::partner(ui, who, session, "resellers")?,
            can_manage: who.user.is_admin_agent(),
            authorization: loaded.authorization,
            supported: loaded.supported,
            supported_total: loaded.supported_total,
            could: loaded.could,
            could_total: loaded.could_total,
            error,
        },
    )
}

/// `GET /partner/resellers/{reseller_tenant_id}`: one of this provider's
/// current resellers: what it supports, what it could, bulk changes of
/// either, and what ending its authorization would do. A reseller whose
/// authorization ended is listed, not shown: it is nobody's reseller here
/// any more.
pub async fn show(
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let reseller = tenant_from_path(&path)?;
    let (who, loaded) = one_hop
        .load(move |conn, who| read(conn, who, &reseller))
        .await?;
    reseller_page(&ui, &who, &session, loaded, None, StatusCode::OK)
}
