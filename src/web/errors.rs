//! Error pages, rendered in one place in the viewer's language: handlers,
//! extractors and middleware only return an [`AppError`].

use actix_session::SessionExt;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use askama::Template;

use super::PageContext;
use super::language::Ui;
use crate::error::AppError;

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
    let page = PageContext::error_page(&ui, &req.get_session()).map(|ctx| ErrorPage {
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
