//! `/v1/customers` and `/v1/customers/{customer-tenant-id}`: the key's
//! partner's customers, as Partner Center's Customer resource.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::auth::KeyHop;
use super::collection::{self, Attributes, Collection, SelfLinks};
use super::error::{ApiError, ErrorBody};
use super::openapi::{ContinuationToken, CustomerPath};
use crate::app::read::api::{self as read, CustomerKey};
use crate::domain::{Customer, TenantId};

/// What Partner Center calls the licensing program of a partner's own
/// customers in the CSP program.
pub const RELATIONSHIP_TO_PARTNER: &str = "reseller";

/// Partner Center's CustomerCompanyProfile (the members this product keeps).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CustomerCompanyProfile)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CompanyProfile {
    tenant_id: String,
    domain: String,
    company_name: String,
    attributes: Attributes,
}

/// Partner Center's Customer (the members this product keeps).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Customer)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CustomerResource {
    /// The customer's tenant id.
    id: String,
    company_profile: CompanyProfile,
    #[schema(example = "reseller")]
    relationship_to_partner: &'static str,
    links: SelfLinks,
    attributes: Attributes,
}

impl From<Customer> for CustomerResource {
    fn from(c: Customer) -> Self {
        let id = c.tenant_id.into_string();
        Self {
            links: SelfLinks::get(format!("{}/customers/{id}", super::PREFIX)),
            company_profile: CompanyProfile {
                tenant_id: id.clone(),
                domain: c.domain,
                company_name: c.company_name,
                attributes: Attributes::of("CustomerCompanyProfile"),
            },
            id,
            relationship_to_partner: RELATIONSHIP_TO_PARTNER,
            attributes: Attributes::of("Customer"),
        }
    }
}

/// The list a customers token continues.
const LIST: &str = "customers";

/// The key of the last customer of a page, as its token holds it.
#[derive(Serialize, Deserialize)]
struct Key(String, String);

/// The query of a paged list.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Items per page: 1 to 1000, 100 when not given.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    pub size: Option<String>,
}

/// `GET /v1/customers`: a page of the partner's customers, by company name.
#[utoipa::path(
    get,
    path = "/v1/customers",
    tag = "customers",
    operation_id = "listCustomers",
    summary = "List customers",
    description = "A page of the partner's customers, those it has an active relationship with, by company name. `size` sets the page's length; `links.next` carries the token for the next page.",
    params(ListQuery, ContinuationToken),
    responses(
        (status = 200, description = "A page of the partner's customers (those it has an active relationship with), by company name.", body = Collection<CustomerResource>),
        (status = 400, description = "`size` is not a whole number from 1 to 1000, or the `MS-ContinuationToken` is not one this list gave out.", body = ErrorBody),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn list(
    hop: KeyHop,
    req: HttpRequest,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    // A malformed parameter is answered after the key is checked.
    let size = collection::page_size(query.size.as_deref());
    let after = collection::continuation::<Key>(&req, LIST);
    let (_, page) = hop
        .load(move |conn, who| {
            let (size, after) = (size?, after?);
            let after = after.map(|Key(company_name, tenant_id)| CustomerKey {
                company_name,
                tenant_id,
            });
            Ok(read::customers(conn, who.caller(), after.as_ref(), size)?)
        })
        .await?;
    page_answer(&req, page)
}

/// A page of customers as Partner Center's Collection, `links.next` naming the page after it.
pub fn page_answer(
    req: &HttpRequest,
    page: read::Page<Customer>,
) -> Result<HttpResponse, ApiError> {
    let next = match (page.more, page.items.last()) {
        (true, Some(last)) => Some(collection::encode_token(
            LIST,
            &Key(last.company_name.clone(), last.tenant_id.to_string()),
        )?),
        _ => None,
    };
    let items = page.items.into_iter().map(CustomerResource::from).collect();
    Ok(super::json(&Collection::page(
        items,
        collection::same_uri(req),
        next,
    )))
}

/// A customer id of the path: one that is not a GUID names no customer,
/// and is answered as any customer the partner has no relationship with.
pub fn customer_id(raw: &str) -> Result<TenantId, ApiError> {
    TenantId::parse(raw).map_err(|_| ApiError::NoRelationship)
}

/// The core's `NotFound` for a customer, in Partner Center's words: 20002.
pub fn no_relationship(e: crate::app::Error) -> ApiError {
    match e {
        crate::app::Error::NotFound => ApiError::NoRelationship,
        other => other.into(),
    }
}

/// `GET /v1/customers/{customer-tenant-id}`: 403 with code 20002 for a
/// customer the partner has no relationship with, existing or not.
#[utoipa::path(
    get,
    path = "/v1/customers/{customer_tenant_id}",
    tag = "customers",
    operation_id = "getCustomer",
    summary = "Get a customer",
    description = "One of the partner's customers. Any other customer, existing or not, is 403 with code 20002 (the same body).",
    params(CustomerPath),
    responses(
        (status = 200, description = "The customer.", body = CustomerResource),
        (status = 403, description = "Code 20002: the partner has no relationship with this customer, or there is no such customer.", body = ErrorBody),
        (status = 404, description = "The path cannot be read.", body = ErrorBody),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn get(hop: KeyHop, path: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let id = customer_id(&path);
    let (_, customer) = hop
        .load(move |conn, who| read::customer(conn, who.caller(), &id?).map_err(no_relationship))
        .await?;
    Ok(super::json(&CustomerResource::from(customer)))
}
