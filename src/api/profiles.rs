//! `/v1/profiles/...`: the key's partner's profiles.

use actix_web::HttpResponse;
use serde::Serialize;

use super::auth::KeyHop;
use super::error::ApiError;

/// Partner Center's SupportProfile.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SupportProfile {
    email: String,
    telephone: String,
    website: String,
    profile_type: &'static str,
}

/// `GET /v1/profiles/support`: how the key's partner's customers reach its
/// support.
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
