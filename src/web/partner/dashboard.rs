use actix_session::Session;
use actix_web::HttpResponse;
use askama::Template;

use super::{ChangeView, change_views};
use crate::error::AppError;
use crate::store;
use crate::web::extract::PartnerPage;
use crate::web::language::Ui;
use crate::web::{PageContext, render};

#[derive(Template)]
#[template(path = "partner/dashboard.html")]
struct DashboardPage {
    ctx: PageContext,
    transacts: bool,
    customers: i64,
    subscriptions: i64,
    supported_by_resellers: i64,
    resellers: usize,
    recent: Vec<ChangeView>,
}

/// The partner's home: counts and recent changes. One database hop, the
/// session check included.
#[tracing::instrument(skip_all)]
pub async fn show(ui: Ui, session: Session, page: PartnerPage) -> Result<HttpResponse, AppError> {
    let (who, (customers, counts, resellers, recent)) = page
        .load(|conn, who| {
            let partner = &who.partner.tenant_id;
            let customers = store::customers::count_for_partner(conn, partner)?;
            let counts = store::subscriptions::counts_for_provider(conn, partner)?;
            let resellers = store::partners::authorized_resellers(conn, partner)?.len();
            let entries = store::audit::recent_for_partner(conn, partner, 10)?;
            Ok((customers, counts, resellers, change_views(conn, entries)?))
        })
        .await?;
    let page = DashboardPage {
        ctx: PageContext::partner(&ui, &who, &session, "dashboard")?,
        transacts: who.partner.kind.transacts(),
        customers,
        subscriptions: counts.subscriptions,
        supported_by_resellers: counts.supported_by_resellers,
        resellers,
        recent,
    };
    render(&page)
}
