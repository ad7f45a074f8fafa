use actix_session::Session;
use actix_web::HttpResponse;
use askama::Template;

use crate::app::read::{self, ChangeView, Request};
use crate::domain::Partner;
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::language::Ui;
use crate::web::{PageContext, State, render};

#[derive(Template)]
#[template(path = "partner/dashboard.html")]
struct DashboardPage {
    ctx: PageContext,
    transacts: bool,
    customers: i64,
    subscriptions: i64,
    supported_by_resellers: i64,
    resellers: i64,
    recent: Vec<ChangeView>,
    /// A reseller: the providers whose subscriptions it supports, and how many.
    supports: Vec<(Partner, i64)>,
    supports_total: i64,
    pending: Vec<Request>,
    pending_total: i64,
    gdap_expiring: Vec<crate::web::gdap::Row>,
    gdap_short: usize,
}

/// The partner's home: counts and recent changes; a reseller's also says
/// whose subscriptions it supports and which of its requests are pending.
/// One database hop, the session check included.
#[tracing::instrument(skip_all)]
pub async fn show(
    ui: Ui,
    session: Session,
    page: PartnerPage,
    state: State,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let (who, found) = page
        .load(move |conn, who| Ok(read::partner::dashboard(conn, who.caller(), now)?))
        .await?;
    let ctx = PageContext::partner(&ui, &who, &session, "dashboard")?;
    render(&view(ctx, &who, found))
}

/// The dashboard for what the core read.
pub fn view(
    ctx: PageContext,
    who: &PartnerUser,
    found: read::partner::Dashboard,
) -> impl Template + use<> {
    DashboardPage {
        transacts: who.partner.kind.transacts(),
        customers: found.customers,
        subscriptions: found.subscriptions,
        supported_by_resellers: found.supported_by_resellers,
        resellers: found.resellers,
        recent: found.recent,
        supports_total: found.supports.iter().map(|(_, n)| n).sum(),
        supports: found.supports,
        pending: found.pending,
        pending_total: found.pending_total,
        gdap_expiring: crate::web::gdap::rows(&ctx.t, found.gdap_expiring),
        gdap_short: found.gdap_short,
        ctx,
    }
}
