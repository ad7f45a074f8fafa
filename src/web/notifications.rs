//! `/partner/notifications` and `/admin/notifications`: what the product
//! told the signed-in user's organization, newest first, the unseen ones
//! marked; one button marks them all as read.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::app::notify::{self, Listed};
use crate::domain::TenantId;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::web::extract::{CustomerAdminPage, PartnerPage};
use crate::web::flash::Flash;
use crate::web::language::Ui;
use crate::web::{PageContext, render_status, see_other};

/// One notice as the list shows it.
pub struct Row {
    pub title: String,
    pub lines: Vec<String>,
    pub more: Option<String>,
    pub path: String,
    pub at: NaiveDateTime,
    pub unread: bool,
}

fn rows(t: &Tr, listed: Vec<Listed>, customer_side: bool) -> Vec<Row> {
    listed
        .into_iter()
        .map(|l| {
            let (lines, more) = l.notice.lines(t);
            Row {
                title: l.notice.title(t),
                lines,
                more: (more > 0).then(|| t.count("notifications-more", more)),
                path: l.notice.path(customer_side),
                at: l.at,
                unread: l.unread,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "notifications.html")]
struct ListPage {
    ctx: PageContext,
    rows: Vec<Row>,
    /// The link to older notices, when there are more.
    older: Option<String>,
}

#[derive(Deserialize)]
pub struct ListQuery {
    before: Option<i32>,
}

/// Reads the organization's notices and what the user has seen, in the
/// page's one database hop.
fn read(
    conn: &mut crate::db::DbConn,
    user: i32,
    tenant: &TenantId,
    before: Option<i32>,
) -> Result<(Vec<Listed>, bool), AppError> {
    Ok(notify::list(conn, user, tenant, before)?)
}

fn page(ctx: PageContext, found: (Vec<Listed>, bool), customer_side: bool) -> ListPage {
    let (listed, more) = found;
    let older = listed
        .last()
        .filter(|_| more)
        .map(|l| format!("{}?before={}", ctx.notifications_path(), l.id));
    ListPage {
        rows: rows(&ctx.t, listed, customer_side),
        older,
        ctx,
    }
}

/// `GET /partner/notifications`: one database hop.
pub async fn partner_list(
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let before = query.before;
    let (who, found) = one_hop
        .load(move |conn, who| read(conn, who.user.id, &who.partner.tenant_id, before))
        .await?;
    let ctx = PageContext::partner(&ui, &who, &session, "notifications")?;
    render_status(StatusCode::OK, &page(ctx, found, false))
}

/// `GET /admin/notifications`: one database hop.
pub async fn admin_list(
    ui: Ui,
    session: Session,
    one_hop: CustomerAdminPage,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let before = query.before;
    let (who, found) = one_hop
        .load(move |conn, who| read(conn, who.user.id, &who.customer.tenant_id, before))
        .await?;
    let ctx = PageContext::admin(&ui, &who, &session, "notifications")?;
    render_status(StatusCode::OK, &page(ctx, found, true))
}

/// `POST /partner/notifications`: every notice read.
pub async fn partner_read(
    session: Session,
    one_hop: PartnerPage,
) -> Result<HttpResponse, AppError> {
    one_hop
        .load(|conn, who| {
            Ok(notify::mark_read(
                conn,
                who.user.id,
                &who.partner.tenant_id,
            )?)
        })
        .await?;
    Flash::NotificationsRead.set(&session);
    Ok(see_other("/partner/notifications"))
}

/// `POST /admin/notifications`: every notice read.
pub async fn admin_read(
    session: Session,
    one_hop: CustomerAdminPage,
) -> Result<HttpResponse, AppError> {
    one_hop
        .load(|conn, who| {
            Ok(notify::mark_read(
                conn,
                who.user.id,
                &who.customer.tenant_id,
            )?)
        })
        .await?;
    Flash::NotificationsRead.set(&session);
    Ok(see_other("/admin/notifications"))
}
