//! `/v1/profiles/...`: the key's partner's profiles.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::auth::KeyHop;
use super::body;
use super::error::ApiError;
use crate::web::State;

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

/// `PUT /v1/profiles/support`: an admin agent's key sets how customers
/// reach the partner's support. `email`, `telephone` and `website` (in
/// PascalCase or camelCase); one left out keeps its value, `profileType`
/// and anything else are ignored. The answer is the profile as stored.
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
