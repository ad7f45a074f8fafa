//! Microsoft Graph's delegatedAdminRelationship: the key's partner's
//! granular delegated admin relationships, `GET /v1/delegatedAdminRelationships`
//! and `GET /v1/delegatedAdminRelationships/{id}`, in Graph's field names
//! and its collection shape (`value`).

use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};

use super::auth::KeyHop;
use super::error::{ApiError, ErrorBody};
use crate::app::gdap::Relationship as Gdap;
use crate::app::gdap::{self, Side};
use crate::domain::GdapId;
use crate::domain::gdap::{AUTO_EXTEND_DAYS, iso_days};

/// The most one answer lists: a partner's relationships, newest first.
const MOST: i64 = 1_000;

/// Graph's delegatedAdminRelationship.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DelegatedAdminRelationship {
    id: String,
    display_name: String,
    /// ISO 8601, from `P1D` to `P730D`.
    #[schema(example = "P730D")]
    duration: String,
    customer: RelationshipCustomer,
    access_details: AccessDetails,
    /// approvalPending, active, expiring (30 days or less left, no
    /// auto-extend), expired or terminated.
    #[schema(example = "active")]
    status: &'static str,
    created_date_time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    activated_date_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date_time: Option<String>,
    /// `P180D`, or `PT0S` when it does not auto-extend.
    #[schema(example = "PT0S")]
    auto_extend_duration: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RelationshipCustomer {
    tenant_id: String,
    display_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AccessDetails {
    unified_roles: Vec<UnifiedRole>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct UnifiedRole {
    #[schema(example = "729827e3-9c14-49f7-bb1b-9608f156bbb8")]
    role_definition_id: &'static str,
}

/// Graph's collection: the items in `value`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Relationships {
    value: Vec<DelegatedAdminRelationship>,
}

/// Graph writes times as ISO 8601 in UTC.
fn iso(at: NaiveDateTime) -> String {
    at.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn resource(gdap: Gdap, customer: String, now: NaiveDateTime) -> DelegatedAdminRelationship {
    DelegatedAdminRelationship {
        id: gdap.id.to_string(),
        display_name: gdap.display_name,
        duration: iso_days(gdap.duration_days),
        customer: RelationshipCustomer {
            tenant_id: gdap.customer.to_string(),
            display_name: customer,
        },
        access_details: AccessDetails {
            unified_roles: gdap
                .facts
                .roles
                .iter()
                .map(|r| UnifiedRole {
                    role_definition_id: r.definition_id(),
                })
                .collect(),
        },
        status: gdap.facts.status_at(now).as_str(),
        created_date_time: iso(gdap.facts.created_at),
        activated_date_time: gdap.activated_at.map(iso),
        end_date_time: gdap.facts.end_at.map(iso),
        auto_extend_duration: if gdap.facts.auto_extend {
            iso_days(AUTO_EXTEND_DAYS)
        } else {
            "PT0S".to_owned()
        },
    }
}

/// `GET /v1/delegatedAdminRelationships`: the partner's relationships.
#[utoipa::path(
    get,
    path = "/v1/delegatedAdminRelationships",
    tag = "gdap",
    operation_id = "listDelegatedAdminRelationships",
    summary = "List the partner's granular delegated admin relationships",
    description = "The partner's GDAP relationships with its customers, newest first (at most 1,000), in Microsoft Graph's delegatedAdminRelationship shape.",
    responses(
        (status = 200, description = "The partner's relationships, newest first.", body = Relationships),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn list(hop: KeyHop) -> Result<HttpResponse, ApiError> {
    let now = hop.now();
    let (_, (found, names)) = hop
        .load(move |conn, who| {
            let found = gdap::of_partner(conn, who.caller(), MOST)?;
            let names = gdap::customer_names(conn, &found)?;
            Ok((found, names))
        })
        .await?;
    let value = found
        .into_iter()
        .map(|g| {
            let name = names.get(g.customer.as_str()).cloned().unwrap_or_default();
            resource(g, name, now)
        })
        .collect();
    Ok(super::json(&Relationships { value }))
}

/// A path that names one relationship.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RelationshipPath {
    /// The relationship's id.
    #[param(format = "uuid")]
    pub delegated_admin_relationship_id: String,
}

/// `GET /v1/delegatedAdminRelationships/{id}`: one of the partner's
/// relationships; 404 for any other.
#[utoipa::path(
    get,
    path = "/v1/delegatedAdminRelationships/{delegated_admin_relationship_id}",
    tag = "gdap",
    operation_id = "getDelegatedAdminRelationship",
    summary = "Get one granular delegated admin relationship",
    description = "One of the partner's GDAP relationships, in Microsoft Graph's delegatedAdminRelationship shape.",
    params(RelationshipPath),
    responses(
        (status = 200, description = "The relationship.", body = DelegatedAdminRelationship),
        (status = 404, description = "The partner has no relationship with this id.", body = ErrorBody),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn get(hop: KeyHop, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let now = hop.now();
    let id = GdapId::parse(&path).map_err(|_| ApiError::NotFound);
    let (_, (found, names)) = hop
        .load(move |conn, who| {
            let found = gdap::get(conn, Side::Partner(who.caller()), &id?)?;
            let names = gdap::customer_names(conn, std::slice::from_ref(&found))?;
            Ok((found, names))
        })
        .await?;
    let name = names
        .get(found.customer.as_str())
        .cloned()
        .unwrap_or_default();
    Ok(super::json(&resource(found, name, now)))
}
