//! `/v1/profiles/...`: the key's partner's profiles.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::KeyHop;
use super::body;
use super::error::ApiError;
use crate::web::State;

/// Partner Center's SupportProfile.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SupportProfile {
    email: String,
    telephone: String,
    website: String,
    #[schema(example = "support_profile")]
    profile_type: &'static str,
}

/// `GET /v1/profiles/support`: how the key's partner's customers reach its
/// support.
#[utoipa::path(
    get,
    path = "/v1/profiles/support",
    tag = "profiles",
    operation_id = "getSupportProfile",
    summary = "Get the partner's support profile",
    description = "How the partner's customers reach its support.",
    responses(
        (status = 200, description = "How the partner's customers reach its support.", body = SupportProfile),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn support(hop: KeyHop) -> Result<HttpResponse, ApiError> {
    let (who, ()) = hop.load(|_, _| Ok(())).await?;
    Ok(super::json(&SupportProfile::from(who.partner.support)))
}

impl From<crate::domain::SupportProfile> for SupportProfile {
    fn from(support: crate::domain::SupportProfile) -> Self {
        Self {
            email: support.email,
            telephone: support.telephone,
            website: support.website,
            profile_type: "support_profile",
        }
    }
}

/// The body of a support profile's PUT: any of its members, in PascalCase or
/// camelCase; `profileType` and anything else are ignored.
#[derive(ToSchema)]
#[schema(example = json!({"telephone": "+44 20 7946 0958"}))]
#[allow(dead_code)]
pub(crate) struct SupportProfileUpdate {
    /// An e-mail address.
    email: Option<String>,
    /// The same, in PascalCase.
    #[schema(rename = "Email")]
    email_pascal: Option<String>,
    /// `+` and 8 to 15 digits, which spaces, hyphens, dots or parentheses may group.
    telephone: Option<String>,
    /// The same, in PascalCase.
    #[schema(rename = "Telephone")]
    telephone_pascal: Option<String>,
    /// An `https://` address.
    website: Option<String>,
    /// The same, in PascalCase.
    #[schema(rename = "Website")]
    website_pascal: Option<String>,
}

/// `PUT /v1/profiles/support`: an admin agent's key sets how customers
/// reach the partner's support. `email`, `telephone` and `website` (in
/// PascalCase or camelCase); one left out keeps its value, `profileType`
/// and anything else are ignored. The answer is the profile as stored.
#[utoipa::path(
    put,
    path = "/v1/profiles/support",
    tag = "profiles",
    operation_id = "setSupportProfile",
    summary = "Set the partner's support profile",
    description = "An admin agent's key sets how the partner's customers reach its support: `email`, `telephone` (`+` and 8 to 15 digits) and `website` (`https://`), in PascalCase or camelCase. A member left out keeps its value; `profileType` and anything else are ignored.",
    request_body(content = SupportProfileUpdate, content_type = "application/json"),
    responses(
        (status = 200, description = "The support profile as stored.", body = SupportProfile),
        (status = 400, description = "A value customers could not use, named in the description, or a body that cannot be read (code 900400).", body = super::error::ErrorBody),
        (status = 403, description = "The key's user is not an admin agent (code 900403).", body = super::error::ErrorBody),
        (status = 413, description = "The body is over 16 KiB (code 900413).", body = super::error::ErrorBody),
        (status = 415, description = "The body is not sent as JSON (code 900415).", body = super::error::ErrorBody),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn set_support(
    hop: KeyHop,
    state: State,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let wanted = body::json_object(&req, payload).await.and_then(|object| {
        Ok([
            body::string_member(&object, ["Email", "email"])?,
            body::string_member(&object, ["Telephone", "telephone"])?,
            body::string_member(&object, ["Website", "website"])?,
        ])
    });
    let now = state.now();
    let (_, stored) = hop
        .load(move |conn, who| {
            let [email, telephone, website] = wanted?;
            let current = &who.partner.support;
            Ok(crate::app::partners::set_support_profile(
                conn,
                who.caller(),
                email.as_deref().unwrap_or(&current.email),
                telephone.as_deref().unwrap_or(&current.telephone),
                website.as_deref().unwrap_or(&current.website),
                now,
            )?)
        })
        .await?;
    Ok(super::json(&SupportProfile::from(stored)))
}
