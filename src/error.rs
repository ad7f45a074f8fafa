//! One error type for handlers: it renders the HTML error page, logs causes,
//! and never shows them.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("forbidden for this user")]
    Forbidden,
    #[error("missing or invalid CSRF token")]
    Csrf,
    #[error("sign-in required")]
    SignInRequired { next: Option<String> },
    #[error("bad request")]
    BadRequest,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("changed meanwhile")]
    Conflict,
    #[error("database unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    /// Which error page to show; None for a redirect.
    pub fn page_kind(&self) -> Option<&'static str> {
        Some(match self {
            Self::NotFound => "not_found",
            Self::Forbidden => "forbidden",
            Self::Csrf => "csrf",
            Self::SignInRequired { .. } => return None,
            Self::BadRequest => "bad_request",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::PayloadTooLarge => "too_large",
            Self::Conflict => "conflict",
            Self::Unavailable(_) => "unavailable",
            Self::Internal(_) => "internal",
        })
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        crate::app::Error::from(e).into()
    }
}

/// The core's errors as HTTP, in one place. A page that can say more (a
/// form with the field's message, a conflict page naming who changed what)
/// matches the core's error itself before it comes to this.
impl From<crate::app::Error> for AppError {
    fn from(e: crate::app::Error) -> Self {
        use crate::app::Error;
        match e {
            Error::NotFound => Self::NotFound,
            Error::Forbidden => Self::Forbidden,
            Error::Invalid { .. } => Self::BadRequest,
            Error::Conflict { .. } => Self::Conflict,
            Error::Unavailable(cause) => Self::Unavailable(cause),
            Error::Internal(cause) => Self::Internal(cause),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        Self::Unavailable(e.to_string())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        Self::Internal(e.to_string())
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        Self::Internal(format!("rendering a template: {e}"))
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden | Self::Csrf => StatusCode::FORBIDDEN,
            Self::SignInRequired { .. } => StatusCode::SEE_OTHER,
            Self::BadRequest => StatusCode::BAD_REQUEST,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Conflict => StatusCode::CONFLICT,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => tracing::error!(%cause, "request failed"),
            Self::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            Self::Csrf | Self::Forbidden => tracing::warn!(error = %self, "request refused"),
            _ => {}
        }
        if let Self::SignInRequired { next } = self {
            let location = match next {
                Some(next) => format!(
                    "/login?{}",
                    serde_urlencoded::to_string([("next", next.as_str())]).unwrap_or_default()
                ),
                None => "/login".to_owned(),
            };
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, location))
                .finish();
        }
        // The body is replaced by the localized error page (web::errors).
        let status = self.status_code();
        let mut response = HttpResponse::build(status);
        response.content_type(ContentType::plaintext());
        if matches!(self, Self::Unavailable(_)) {
            response.insert_header((header::RETRY_AFTER, "5"));
        }
        response.body(status.canonical_reason().unwrap_or("Error"))
    }
}
