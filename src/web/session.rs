//! The session cookie, the CSRF check every unsafe request passes through,
//! and the helpers that sign a user in (flash messages: `web::flash`).

use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::CookieSessionStore;
use actix_session::{Session, SessionExt, SessionMiddleware};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

use crate::config::Settings;
use crate::error::AppError;

pub const USER_ID: &str = "uid";
/// The id of the stored session (made by `app::sign_in::start_session`): signing out deletes it.
pub const SESSION_ID: &str = "sid";
pub const SESSION_EPOCH: &str = "epoch";
/// When the session was signed in, and last used (Unix seconds).
pub const ISSUED_AT: &str = "issued";
pub const SEEN_AT: &str = "seen";
const CSRF: &str = "csrf";
/// The form field (or `X-CSRF-Token` header) that carries the token.
pub const CSRF_FIELD: &str = "csrf_token";
const CSRF_HEADER: &str = "x-csrf-token";
/// The most any route reads of a request body; each route's own limit
/// ([`form_limit`]) is at most this. A larger body is refused before it is
/// read whole.
pub const FORM_LIMIT: usize = 64 * 1024;

/// The largest form body a route takes (413 above it). Sign-in, sign-out and
/// the language switch carry a few short fields; a bulk change, a line per
/// subscription; the other forms, at most a few names, addresses and notes.
pub fn form_limit(route: &str) -> usize {
    match route {
        "/login" | "/logout" | "/language" => 4 * 1024,
        // A bulk change lists every subscription it covers.
        "/partner/resellers/{reseller_tenant_id}" => FORM_LIMIT,
        _ => 16 * 1024,
    }
}

pub fn middleware(settings: &Settings) -> SessionMiddleware<CookieSessionStore> {
    let secure = settings.secure_cookies();
    let name = if secure {
        "__Host-sc_session"
    } else {
        "sc_session"
    };
    SessionMiddleware::builder(
        CookieSessionStore::default(),
        Key::from(settings.session_key.bytes()),
    )
    .cookie_name(name.to_owned())
    .cookie_secure(secure)
    .cookie_http_only(true)
    .cookie_same_site(SameSite::Lax)
    .cookie_path("/".to_owned())
    .cookie_content_security(CookieContentSecurity::Private)
    .session_lifecycle(PersistentSession::default().session_ttl(
        actix_web::cookie::time::Duration::seconds(settings.session_lifetime.num_seconds()),
    ))
    .build()
}

fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The session's CSRF token, made on first use.
pub fn csrf_token(session: &Session) -> Result<String, AppError> {
    if let Ok(Some(token)) = session.get::<String>(CSRF) {
        return Ok(token);
    }
    let token = random_token();
    session.insert(CSRF, &token).map_err(AppError::internal)?;
    Ok(token)
}

/// A new token, after signing in: a token seen before sign-in is not reused.
pub fn rotate_csrf_token(session: &Session) -> Result<(), AppError> {
    session
        .insert(CSRF, random_token())
        .map_err(AppError::internal)
}

/// Signs `user` in to the stored session `session_id` (made by
/// `app::sign_in::start_session`): a new session id (a cookie planted before
/// cannot ride along), the user's session epoch, the times the limits count
/// from, and a new CSRF token.
pub fn sign_in(
    session: &Session,
    user: &crate::domain::User,
    session_id: &str,
    now_unix: i64,
) -> Result<(), AppError> {
    session.renew();
    session
        .insert(USER_ID, user.id)
        .map_err(AppError::internal)?;
    session
        .insert(SESSION_ID, session_id)
        .map_err(AppError::internal)?;
    session
        .insert(SESSION_EPOCH, user.session_epoch)
        .map_err(AppError::internal)?;
    session
        .insert(ISSUED_AT, now_unix)
        .map_err(AppError::internal)?;
    session
        .insert(SEEN_AT, now_unix)
        .map_err(AppError::internal)?;
    rotate_csrf_token(session)
}

fn same_token(expected: &str, presented: &str) -> bool {
    expected.len() == presented.len()
        && expected
            .bytes()
            .zip(presented.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

fn form_field(body: &[u8], name: &str) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

fn is_form(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        })
}

/// A form body whose every name and value is UTF-8 once percent-decoded.
/// Browsers send nothing else; anything else would be stored mangled
/// (decoders replace bad bytes), so it is refused instead.
fn well_formed_form(body: &[u8]) -> bool {
    std::str::from_utf8(body).is_ok_and(|text| {
        text.split('&')
            .flat_map(|pair| pair.split('='))
            .all(|part| {
                percent_encoding::percent_decode_str(part)
                    .decode_utf8()
                    .is_ok()
            })
    })
}

/// Every request that may change something carries the session's token, in
/// the form body or a header; nothing reaches a handler without it. Form
/// bodies are read here once: too large is 413, not UTF-8 is 400. The one
/// exception is the API under `/v1` (`api::is_api_path`), which ignores
/// the session.
pub async fn csrf_guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    // The API authenticates each request by its key and never by the
    // session cookie, so a forged cross-site request carries nothing it
    // could use: there is no token to check (and no form body to read).
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS)
        || crate::api::is_api_path(req.path())
    {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_left_body);
    }
    let form_body = if is_form(&req) {
        let limit = form_limit(&super::logging::route_of(&req));
        let body = match req.extract::<Bytes>().await {
            Ok(body) if body.len() <= limit => body,
            _ => {
                let err = AppError::PayloadTooLarge;
                return Ok(req.error_response(err).map_into_right_body());
            }
        };
        let (_, mut payload) = actix_http::h1::Payload::create(true);
        payload.unread_data(body.clone());
        req.set_payload(payload.into());
        Some(body)
    } else {
        None
    };
    let expected: Option<String> = req.get_session().get(CSRF).ok().flatten();
    let presented = match req.headers().get(CSRF_HEADER) {
        Some(value) => value.to_str().ok().map(str::to_owned),
        None => form_body
            .as_deref()
            .and_then(|body| form_field(body, CSRF_FIELD)),
    };
    let valid = matches!((expected, presented), (Some(e), Some(p)) if same_token(&e, &p));
    if !valid {
        return Ok(req.error_response(AppError::Csrf).map_into_right_body());
    }
    if form_body.is_some_and(|body| !well_formed_form(&body)) {
        return Ok(req
            .error_response(AppError::BadRequest)
            .map_into_right_body());
    }
    next.call(req)
        .await
        .map(ServiceResponse::map_into_left_body)
}

#[cfg(test)]
mod tests {
    #[test]
    fn forms_must_be_utf8_raw_and_percent_decoded() {
        use super::well_formed_form;
        assert!(well_formed_form(b"a=1&b=caf%C3%A9&c=+x+&d="));
        assert!(well_formed_form("name=Caf\u{e9}".as_bytes()));
        assert!(well_formed_form(b""));
        assert!(!well_formed_form(b"a=\xff"));
        assert!(!well_formed_form(b"a=%ff%fe"));
        assert!(!well_formed_form(b"%C3%28=1"));
    }

    use super::*;

    #[test]
    fn tokens_compare_exactly() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
        assert!(!same_token("abc", ""));
    }

    #[test]
    fn the_token_is_found_among_form_fields() {
        assert_eq!(
            form_field(b"support_contact=x&csrf_token=t%2Bk", CSRF_FIELD),
            Some("t+k".to_owned())
        );
        assert_eq!(form_field(b"support_contact=x", CSRF_FIELD), None);
        assert_eq!(form_field(&[0xff, 0xfe], CSRF_FIELD), None);
    }
}
