//! Which language a request is answered in, and the switcher that changes it.

use std::future::{Ready, ready};

use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::dev::Payload;
use actix_web::http::{Method, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::State;
use super::auth::safe_next;
use crate::error::AppError;
use crate::i18n::Lang;

/// The cookie that remembers the switcher's choice.
pub const COOKIE: &str = "lang";

/// The language of the request: the switcher's cookie, else the browser's
/// `Accept-Language`, else English.
pub fn language_of(req: &HttpRequest) -> Lang {
    req.cookie(COOKIE)
        .and_then(|c| Lang::from_tag(c.value()))
        .unwrap_or_else(|| {
            req.headers()
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .map(Lang::negotiate)
                .unwrap_or_default()
        })
}

/// The page to come back to after switching language: this page for a GET;
/// for a form that was sent, the page that showed the form.
fn page_path(req: &HttpRequest) -> String {
    if req.method() == Method::GET {
        return req
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str().to_owned())
            .unwrap_or_else(|| "/".to_owned());
    }
    let path = req.path();
    if path == "/login" {
        return path.to_owned();
    }
    match path.rsplit_once('/') {
        Some((parent, _)) if !parent.is_empty() => parent.to_owned(),
        _ => "/".to_owned(),
    }
}

/// What every page needs to know about how to speak to this request.
#[derive(Debug, Clone)]
pub struct Ui {
    pub lang: Lang,
    pub path: String,
}

impl Ui {
    pub fn of(req: &HttpRequest) -> Self {
        Self {
            lang: language_of(req),
            path: page_path(req),
        }
    }
}

impl FromRequest for Ui {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Ui::of(req)))
    }
}

#[derive(Debug, Deserialize)]
pub struct SwitchForm {
    lang: Option<String>,
    return_to: Option<String>,
}

/// `POST /language`: remembers the choice in a cookie and goes back.
pub async fn switch(
    state: State,
    user: Option<super::extract::SignedIn>,
    form: web::Form<SwitchForm>,
) -> Result<HttpResponse, AppError> {
    let lang = form
        .lang
        .as_deref()
        .and_then(Lang::from_tag)
        .ok_or(AppError::BadRequest)?;
    // A signed-in user's choice is theirs too: the e-mail they are sent
    // speaks it.
    if let Some(super::extract::SignedIn(user)) = user {
        state
            .db(move |conn| Ok(crate::app::notify::set_language(conn, user.id, lang)?))
            .await?;
    }
    let back = safe_next(form.return_to.as_deref()).unwrap_or_else(|| "/".to_owned());
    let cookie = Cookie::build(COOKIE, lang.tag())
        .path("/")
        .max_age(Duration::days(365))
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(state.secure_cookies)
        .finish();
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, back))
        .cookie(cookie)
        .finish())
}
