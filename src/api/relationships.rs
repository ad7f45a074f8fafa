//! Partner Center's PartnerRelationship: `GET /v1/relationships` (the
//! partners tied to the key's partner) and
//! `GET /v1/customers/{customer-tenant-id}/relationships` (those of them
//! that work with the customer).
//!
//! `relationshipType` says how the key's partner stands to the partner
//! listed, in the words of the `relationship_type` that lists it:
//! `is_indirect_cloud_solution_provider_of` for a provider's resellers,
//! `is_indirect_reseller_of` for a reseller's providers.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::KeyHop;
use super::collection::{self, Attributes, Collection};
use super::customers::{customer_id, no_relationship};
use super::error::{ApiError, ErrorBody};
use super::openapi::{ContinuationToken, CustomerPath};
use crate::app::read::api::{self as read, NameKey, Tie};
use crate::domain::Partner;

/// Partner Center's PartnerRelationship: a partner tied to the key's.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct PartnerRelationship {
    /// The partner's tenant id.
    id: String,
    name: String,
    mpn_id: String,
    /// Where the partner is; this product keeps no location for partners.
    location: String,
    /// How the key's partner stands to this one.
    #[schema(value_type = String, example = "is_indirect_cloud_solution_provider_of")]
    relationship_type: &'static str,
    #[schema(example = "active")]
    state: &'static str,
    attributes: Attributes,
}

fn wire_name(tie: Tie) -> &'static str {
    match tie {
        Tie::ProviderOf => "is_indirect_cloud_solution_provider_of",
        Tie::ResellerOf => "is_indirect_reseller_of",
    }
}

fn items(tie: Tie, partners: Vec<Partner>) -> Vec<PartnerRelationship> {
    partners
        .into_iter()
        .map(|p| PartnerRelationship {
            id: p.tenant_id.into_string(),
            name: p.name,
            mpn_id: p.mpn_id,
            location: String::new(),
            relationship_type: wire_name(tie),
            state: "active",
            attributes: Attributes::of("PartnerRelationship"),
        })
        .collect()
}

/// Partner Center's `relationship_type`, in any case.
fn relationship_type(raw: Option<&str>) -> Result<Tie, ApiError> {
    let problem = "it must be IsIndirectCloudSolutionProviderOf or IsIndirectResellerOf";
    let invalid = ApiError::Invalid {
        field: "relationship_type",
        problem,
    };
    match raw.map(str::trim) {
        Some(t) if t.eq_ignore_ascii_case("IsIndirectCloudSolutionProviderOf") => {
            Ok(Tie::ProviderOf)
        }
        Some(t) if t.eq_ignore_ascii_case("IsIndirectResellerOf") => Ok(Tie::ResellerOf),
        _ => Err(invalid),
    }
}

/// The query of `GET /v1/relationships`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TypeQuery {
    /// `IsIndirectCloudSolutionProviderOf`: a provider's resellers;
    /// `IsIndirectResellerOf`: a reseller's providers (in any case).
    #[param(required = true, value_type = RelationshipType, inline)]
    relationship_type: Option<String>,
    /// Items per page: 1 to 1000, 100 when not given.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    size: Option<String>,
}

/// The key of the last partner of a page, as its token holds it.
#[derive(Serialize, Deserialize)]
struct Key(String, String);

/// The list a token continues: one per way of listing, so that a token
/// cannot carry over to the other.
fn list_name(tie: Tie) -> &'static str {
    match tie {
        Tie::ProviderOf => "relationships:IsIndirectCloudSolutionProviderOf",
        Tie::ResellerOf => "relationships:IsIndirectResellerOf",
    }
}

/// Which partners `GET /v1/relationships` lists.
#[derive(ToSchema)]
#[allow(dead_code)]
pub enum RelationshipType {
    IsIndirectCloudSolutionProviderOf,
    IsIndirectResellerOf,
}

/// `GET /v1/relationships?relationship_type=...`: a page of a provider's
/// resellers (`IsIndirectCloudSolutionProviderOf`) or of a reseller's
/// providers (`IsIndirectResellerOf`), those with an active authorization,
/// by name.
#[utoipa::path(
    get,
    path = "/v1/relationships",
    tag = "relationships",
    operation_id = "listPartnerRelationships",
    summary = "List the partner's resellers or providers",
    description = "A page of a provider's resellers (`IsIndirectCloudSolutionProviderOf`) or of a reseller's providers (`IsIndirectResellerOf`), those with an active authorization, by name. `size` sets the page's length; `links.next` carries the token for the next page.",
    params(TypeQuery, ContinuationToken),
    responses(
        (status = 200, description = "A page of the partners tied to the key's partner by an active authorization, by name.", body = Collection<PartnerRelationship>),
        (status = 400, description = "`relationship_type` is missing or is neither of the two, `size` is not a whole number from 1 to 1000, or the `MS-ContinuationToken` is not one this list gave out.", body = ErrorBody),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn list(
    hop: KeyHop,
    req: HttpRequest,
    query: web::Query<TypeQuery>,
) -> Result<HttpResponse, ApiError> {
    // A malformed parameter is answered after the key is checked.
    let tie = relationship_type(query.relationship_type.as_deref());
    let size = collection::page_size(query.size.as_deref());
    let after = match &tie {
        Ok(tie) => collection::continuation::<Key>(&req, list_name(*tie)),
        Err(_) => Ok(None),
    };
    let (_, (tie, page)) = hop
        .load(move |conn, who| {
            let (tie, size, after) = (tie?, size?, after?);
            let after = after.map(|Key(name, tenant_id)| NameKey { name, tenant_id });
            let page = read::partners_tied(conn, who.caller(), tie, after.as_ref(), size)?;
            Ok((tie, page))
        })
        .await?;
    let next = match (page.more, page.items.last()) {
        (true, Some(last)) => Some(collection::encode_token(
            list_name(tie),
            &Key(last.name.clone(), last.tenant_id.to_string()),
        )?),
        _ => None,
    };
    Ok(super::json(&Collection::page(
        items(tie, page.items),
        collection::same_uri(&req),
        next,
    )))
}

/// `GET /v1/customers/{customer-tenant-id}/relationships`: the customer's
/// partners tied to the key's partner; 20002 for a customer it has no
/// relationship with.
#[utoipa::path(
    get,
    path = "/v1/customers/{customer_tenant_id}/relationships",
    tag = "relationships",
    operation_id = "listCustomerRelationships",
    summary = "List a customer's partners tied to the partner",
    description = "The customer's partners tied to the key's partner: a provider's resellers there, or a reseller's providers there.",
    params(CustomerPath),
    responses(
        (status = 200, description = "The customer's partners tied to the key's partner: a provider's resellers there, or a reseller's providers there.", body = Collection<PartnerRelationship>),
        (status = 403, description = "Code 20002: the partner has no relationship with this customer, or there is no such customer.", body = ErrorBody),
        (status = 404, description = "The path cannot be read.", body = ErrorBody),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn of_customer(hop: KeyHop, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = customer_id(&path);
    let (_, (tie, partners)) = hop
        .load(move |conn, who| {
            read::customer_partners(conn, who.caller(), &id?).map_err(no_relationship)
        })
        .await?;
    Ok(super::json(&Collection::all(items(tie, partners))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_types_are_partner_centers_in_any_case() {
        assert_eq!(
            relationship_type(Some("IsIndirectCloudSolutionProviderOf")).unwrap(),
            Tie::ProviderOf
        );
        assert_eq!(
            relationship_type(Some("isindirectreselleRof")).unwrap(),
            Tie::ResellerOf
        );
        for bad in [
            None,
            Some(""),
            Some("None"),
            Some("is_indirect_reseller_of"),
        ] {
            assert!(relationship_type(bad).is_err(), "{bad:?}");
        }
    }
}
