//! The partner's activity: every change to its subscriptions, relationships
//! and authorizations, newest first, whoever made it.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{ChangeView, change_views};
use crate::error::AppError;
use crate::store;
use crate::web::extract::PartnerUser;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render};

pub const PER_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "partner/activity.html")]
struct ActivityPage {
    ctx: PageContext,
    entries: Vec<ChangeView>,
    total: i64,
    page: i64,
    pages: i64,
}

#[derive(Debug, Deserialize)]
pub struct ActivityQuery {
    page: Option<String>,
}

/// `GET /partner/activity?page=`.
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    query: web::Query<ActivityQuery>,
) -> Result<HttpResponse, AppError> {
    // A page that is not a number, or past the end, shows the nearest one.
    let requested = query
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, i64::from(i32::MAX));
    let partner = who.partner.tenant_id.clone();
    let (entries, total, page) = state
        .db(move |conn| {
            let total = store::audit::activity_count(conn, &partner)?;
            let last = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
            let page = requested.min(last);
            let entries =
                store::audit::activity_page(conn, &partner, (page - 1) * PER_PAGE, PER_PAGE)?;
            Ok((change_views(conn, entries)?, total, page))
        })
        .await?;
    render(&ActivityPage {
        ctx: PageContext::partner(&ui, &who, &session, "activity")?,
        entries,
        total,
        page,
        pages: ((total + PER_PAGE - 1) / PER_PAGE).max(1),
    })
}
