//! The partner's activity: every change to its subscriptions, relationships
//! and authorizations, newest first, whoever made it.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::app::read::{self, ChangeView};
use crate::error::AppError;
use crate::web::extract::PartnerPage;
use crate::web::language::Ui;
use crate::web::{PageContext, render};

pub const PER_PAGE: i64 = 50;

#[derive(Template)]
#[template(path = "partner/activity.html")]
struct ActivityPage {
    ctx: PageContext,
    entries: Vec<ChangeView>,
    page: i64,
    has_next: bool,
}

#[derive(Debug, Deserialize)]
pub struct ActivityQuery {
    page: Option<String>,
}

/// `GET /partner/activity?page=`. Pages are counted, not the entries: a
/// count would read a large partner's whole history on every page.
pub async fn show(
    ui: Ui,
    session: Session,
    page: PartnerPage,
    query: web::Query<ActivityQuery>,
) -> Result<HttpResponse, AppError> {
    // A page that is not a number shows the first; one past the end, none.
    let number = query
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, i64::from(i32::MAX) / PER_PAGE);
    let (who, (entries, has_next)) = page
        .load(move |conn, who| {
            let offset = (number - 1) * PER_PAGE;
            Ok(read::partner::activity(
                conn,
                who.caller(),
                offset,
                PER_PAGE,
            )?)
        })
        .await?;
    let ctx = PageContext::partner(&ui, &who, &session, "activity")?;
    render(&view(ctx, entries, number, has_next))
}

/// Page `page` of the activity, as the core read it.
pub fn view(
    ctx: PageContext,
    entries: Vec<ChangeView>,
    page: i64,
    has_next: bool,
) -> impl Template + use<> {
    ActivityPage {
        ctx,
        entries,
        page,
        has_next,
    }
}
