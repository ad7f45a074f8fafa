//! `/v1/profiles/...`: the key's partner's profiles.

use actix_web::HttpResponse;
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::KeyHop;
use super::error::ApiError;

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
    let support = who.partner.support;
    Ok(super::json(&SupportProfile {
        email: support.email,
        telephone: support.telephone,
        website: support.website,
        profile_type: "support_profile",
    }))
}
