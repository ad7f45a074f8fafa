//! The API's one error, answered as JSON in Partner Center's shape:
//! `{"code": N, "description": "...", "data": [], "source": "support-contacts"}`.
//!
//! Codes of our own are 900000 plus the HTTP status, so that they cannot be
//! taken for one of Partner Center's (20002, 800015...), which the endpoints
//! that have them answer with instead:
//!
//! | status | code | when |
//! | --- | --- | --- |
//! | 400 | 900400 | a field or parameter is not acceptable |
//! | 401 | 900401 | no key, a malformed `Authorization` header, an unknown or revoked key, a disabled user |
//! | 403 | 900403 | the key's user may see this but not do it (a helpdesk agent's key writing) |
//! | 404 | 900404 | no such thing, or not this partner's |
//! | 405 | 900405 | the path does not answer this method |
//! | 409 | 900409 | changed meanwhile |
//! | 412 | 900412 | the `If-Match` ETag is no longer the resource's |
//! | 413 | 900413 | the body is too large |
//! | 415 | 900415 | the body is not sent as JSON |
//! | 429 | 900429 | past the key's or its partner's requests a minute (`Retry-After`: seconds to the minute's end) |
//! | 500 | 900500 | a fault of ours (logged, never described) |
//! | 503 | 900503 | the database is busy or unreachable: try again (`Retry-After`) |
//!
//! Partner Center's own codes:
//!
//! | status | code | when |
//! | --- | --- | --- |
//! | 403 | 20002 | the partner has no relationship with the customer (or there is no such customer) |
//! | 400 | 800015 | the MPN id or tenant id names no partner |
//! | 400 | 800016 | the partner is not an eligible indirect reseller for this subscription |

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError};

use crate::domain::rate_limit::{Refused, Scope};
use crate::error::AppError;

/// What every error body names as its source.
pub const SOURCE: &str = "support-contacts";

/// Why a request carries no usable key. The three are told apart in the
/// description only as far as the caller can act on it: a revoked key, an
/// unknown one and a disabled user's all read "not valid".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unauthenticated {
    /// No `Authorization` header.
    Missing,
    /// An `Authorization` header that is not `Bearer <key>`.
    Malformed,
    /// Unknown or revoked, or its user is disabled or gone.
    InvalidKey,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("unauthenticated: {0:?}")]
    Unauthenticated(Unauthenticated),
    #[error("not found")]
    NotFound,
    /// Partner Center's 20002: no relationship with this customer, whether
    /// or not it exists.
    #[error("no relationship with the customer")]
    NoRelationship,
    #[error("forbidden for this key's user")]
    Forbidden,
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: &'static str,
    },
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("changed meanwhile")]
    Conflict,
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("too many requests: {0:?}")]
    TooManyRequests(Refused),
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Partner Center's 800015: the field names no partner.
    #[error("{0} names no partner")]
    UnknownPartner(&'static str),
    /// Partner Center's 800016, with the reason.
    #[error("not an eligible indirect reseller: {0}")]
    NotEligible(String),
    #[error("precondition failed")]
    PreconditionFailed,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// A body that cannot be read as the endpoint's JSON, and why.
    #[error("malformed body: {0}")]
    MalformedBody(String),
    #[error("body over {limit} bytes")]
    BodyTooLarge { limit: usize },
    #[error("internal error: {0}")]
    Internal(String),
}

/// The body of every error, in Partner Center's shape.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    /// Partner Center's code (20002, 800015, 800016), or 900000 plus the
    /// HTTP status.
    #[schema(example = 20002)]
    code: u32,
    /// What went wrong, and what to do about it.
    description: String,
    /// Always empty.
    #[schema(value_type = Vec<String>, max_items = 0)]
    data: [(); 0],
    #[schema(example = "support-contacts")]
    source: &'static str,
}

impl ApiError {
    /// The code in the body (see the table above).
    pub fn code(&self) -> u32 {
        match self {
            Self::NoRelationship => 20_002,
            Self::UnknownPartner(_) => 800_015,
            Self::NotEligible(_) => 800_016,
            _ => 900_000 + u32::from(self.status_code().as_u16()),
        }
    }

    fn description(&self) -> String {
        match self {
            Self::Unauthenticated(Unauthenticated::Missing) => {
                "An API key is required: send it as 'Authorization: Bearer <key>'.".into()
            }
            Self::Unauthenticated(Unauthenticated::Malformed) => {
                "The Authorization header must be 'Bearer <key>'.".into()
            }
            Self::Unauthenticated(Unauthenticated::InvalidKey) => {
                "The API key is not valid: it is unknown or revoked, or its user is disabled."
                    .into()
            }
            Self::NotFound => "Not found.".into(),
            Self::NoRelationship => "The partner has no relationship with this customer.".into(),
            Self::Forbidden => "This key's user may not do this.".into(),
            Self::Invalid { field, problem } => format!("{field} is not acceptable: {problem}."),
            Self::BadRequest(what) => format!("The request is malformed: {what}."),
            Self::MethodNotAllowed => "This path does not answer this method.".into(),
            Self::Conflict => "It was changed meanwhile; read it again and retry.".into(),
            Self::PayloadTooLarge => "The request body is too large.".into(),
            Self::TooManyRequests(refused) => {
                let who = match refused.scope {
                    Scope::Key => "this API key",
                    Scope::Partner => "this partner's API keys together",
                };
                format!(
                    "Too many requests: {who} may make {} a minute. Try again in {} seconds.",
                    refused.limit, refused.retry_after
                )
            }
            Self::Unavailable(_) => "The service is busy; try again shortly.".into(),
            Self::Internal(_) => "Something went wrong on our side.".into(),
            Self::UnknownPartner(field) => format!("No partner has this {field}."),
            Self::NotEligible(reason) => reason.clone(),
            Self::PreconditionFailed => {
                "It changed since the ETag in If-Match was read: read it again and retry with its new ETag."
                    .into()
            }
            Self::UnsupportedMediaType => {
                "Send the body as JSON, with 'Content-Type: application/json'.".into()
            }
            Self::MalformedBody(why) => format!("The body cannot be read: {why}."),
            Self::BodyTooLarge { limit } => {
                format!("The request body is too large: at most {} KiB.", limit / 1024)
            }
        }
    }
}

/// The core's errors as the API answers them, in one place.
impl From<crate::app::Error> for ApiError {
    fn from(e: crate::app::Error) -> Self {
        use crate::app::Error;
        match e {
            Error::NotFound => Self::NotFound,
            Error::Forbidden => Self::Forbidden,
            Error::Invalid { field, problem } => Self::Invalid { field, problem },
            Error::Conflict { .. } => Self::Conflict,
            Error::Unavailable(cause) => Self::Unavailable(cause),
            Error::Internal(cause) => Self::Internal(cause),
        }
    }
}

/// What the shared plumbing (the pool, the blocking pool, actix's
/// extractors) answers with, as the API words it.
impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => Self::NotFound,
            AppError::Forbidden | AppError::Csrf => Self::Forbidden,
            AppError::SignInRequired { .. } => Self::Unauthenticated(Unauthenticated::Missing),
            AppError::BadRequest => Self::BadRequest("it cannot be read"),
            AppError::MethodNotAllowed => Self::MethodNotAllowed,
            AppError::PayloadTooLarge => Self::PayloadTooLarge,
            AppError::Conflict => Self::Conflict,
            AppError::Unavailable(cause) => Self::Unavailable(cause),
            AppError::Internal(cause) => Self::Internal(cause),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        crate::app::Error::from(e).into()
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Forbidden | Self::NoRelationship => StatusCode::FORBIDDEN,
            Self::Invalid { .. }
            | Self::BadRequest(_)
            | Self::UnknownPartner(_)
            | Self::NotEligible(_)
            | Self::MalformedBody(_) => StatusCode::BAD_REQUEST,
            Self::PreconditionFailed => StatusCode::PRECONDITION_FAILED,
            Self::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::BodyTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict => StatusCode::CONFLICT,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            Self::Internal(cause) => tracing::error!(%cause, "API request failed"),
            Self::Unavailable(cause) => tracing::warn!(%cause, "database unavailable"),
            Self::Unauthenticated(why) => tracing::info!(?why, "API request without a valid key"),
            Self::Forbidden => tracing::warn!("API request refused"),
            _ => {}
        }
        let body = ErrorBody {
            code: self.code(),
            description: self.description(),
            data: [],
            source: SOURCE,
        };
        let mut response = HttpResponse::build(self.status_code());
        response
            .content_type(ContentType::json())
            .insert_header((header::CACHE_CONTROL, "no-store"));
        match self {
            Self::Unauthenticated(why) => {
                // RFC 6750: no error code when no credentials came at all.
                let challenge = match why {
                    Unauthenticated::Missing => r#"Bearer realm="support-contacts""#,
                    Unauthenticated::Malformed => {
                        r#"Bearer realm="support-contacts", error="invalid_request""#
                    }
                    Unauthenticated::InvalidKey => {
                        r#"Bearer realm="support-contacts", error="invalid_token""#
                    }
                };
                response.insert_header((header::WWW_AUTHENTICATE, challenge));
            }
            Self::Unavailable(_) => {
                response.insert_header((header::RETRY_AFTER, "5"));
            }
            Self::TooManyRequests(refused) => {
                response.insert_header((header::RETRY_AFTER, refused.retry_after.to_string()));
            }
            _ => {}
        }
        response.json(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_ours_and_follow_the_status() {
        assert_eq!(
            ApiError::Unauthenticated(Unauthenticated::Missing).code(),
            900_401
        );
        assert_eq!(ApiError::NotFound.code(), 900_404);
        assert_eq!(ApiError::from(crate::app::Error::Forbidden).code(), 900_403);
        assert_eq!(
            ApiError::from(crate::app::Error::invalid("name", "missing")).code(),
            900_400
        );
    }

    #[test]
    fn partner_centers_codes_keep_their_numbers() {
        let cases = [
            (ApiError::NoRelationship, 403, 20_002),
            (ApiError::UnknownPartner("supportMpnId"), 400, 800_015),
            (ApiError::NotEligible("why".into()), 400, 800_016),
            (ApiError::PreconditionFailed, 412, 900_412),
            (ApiError::UnsupportedMediaType, 415, 900_415),
            (ApiError::MalformedBody("why".into()), 400, 900_400),
            (ApiError::BodyTooLarge { limit: 16 * 1024 }, 413, 900_413),
        ];
        for (error, status, code) in cases {
            assert_eq!(error.status_code().as_u16(), status, "{error}");
            assert_eq!(error.code(), code, "{error}");
        }
    }

    #[test]
    fn a_refusal_past_a_rate_limit_is_429_and_says_when_to_retry() {
        let refused = ApiError::TooManyRequests(Refused {
            scope: Scope::Partner,
            limit: 500,
            retry_after: 17,
        });
        assert_eq!(refused.code(), 900_429);
        let response = refused.error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "17");
        assert_eq!(
            refused.description(),
            "Too many requests: this partner's API keys together may make 500 a minute. Try again in 17 seconds."
        );
    }
}
