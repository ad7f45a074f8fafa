//! Error pages, rendered in one place in the viewer's language: handlers,
//! extractors and middleware only return an [`AppError`].

use actix_session::SessionExt;
use actix_web::HttpRequest;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use askama::Template;

use super::language::Ui;
use super::session::USER_ID;
use super::{PageContext, State};
use crate::error::AppError;

/// A signed-in user refused a page or a change: logged, and kept in the
/// audit log with what was asked for.
async fn audit_refusal(req: &HttpRequest, status: StatusCode) {
    let Some(uid) = req.get_session().get::<i32>(USER_ID).ok().flatten() else {
        return;
    };
    let Some(state) = req.app_data::<State>().cloned() else {
        return;
    };
    let detail = format!("{} {} {}", status.as_u16(), req.method(), req.path());
    tracing::warn!(user_id = uid, %detail, "access refused");
    let now = state.now();
    let result = state
        .db(move |conn| Ok(crate::app::refusals::record(conn, uid, &detail, now)?))
        .await;
    if let Err(e) = result {
        tracing::error!(error = %e, "could not audit a refusal");
    }
}

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage {
    ctx: PageContext,
    status: u16,
    kind: &'static str,
}

pub async fn localize(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let kind = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
        .and_then(AppError::page_kind);
    let Some(kind) = kind else {
        return Ok(res.map_into_boxed_body());
    };
    let (req, response) = res.into_parts();
    let ui = Ui::of(&req);
    let status = response.status();
    // A stale form (CSRF) is a mishap more often than an attack: logged only.
    if matches!(status, StatusCode::FORBIDDEN | StatusCode::NOT_FOUND) && kind != "csrf" {
        audit_refusal(&req, status).await;
    }
    // A signed-in user keeps the navigation and the way to sign out.
    let layout = if status == StatusCode::SERVICE_UNAVAILABLE || kind == "internal" {
        None
    } else {
        crate::web::extract::layout_of(&req).await
    };
    let page = PageContext::error_page(&ui, &req.get_session(), layout).map(|ctx| ErrorPage {
        ctx,
        status: status.as_u16(),
        kind,
    });
    let html = match page.as_ref().map(Template::render) {
        Ok(Ok(html)) => html,
        _ => status.canonical_reason().unwrap_or("Error").to_owned(),
    };
    let mut response = response.set_body(BoxBody::new(html));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(ServiceResponse::new(req, response))
}
