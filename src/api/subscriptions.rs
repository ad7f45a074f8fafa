//! `/v1/customers/{customer}/subscriptions...`: the subscriptions the key's
//! partner sees at one of its customers, as Partner Center's Subscription.

use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::{HttpRequest, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::KeyHop;
use super::collection::{self, Collection};
pub(crate) use super::customers::customer_id;
use super::error::{ApiError, ErrorBody};
use super::openapi::{CustomerPath, SubscriptionPath};
use crate::app::read::api_subscriptions::{
    self as read, AtCustomer, SubscriptionItem, SubscriptionKey,
};
use crate::domain::{Subscription, SubscriptionId, TenantId};

/// A Subscription's attributes: its ETag and `objectType`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SubscriptionAttributes)]
#[serde(rename_all = "camelCase")]
struct Attributes {
    /// The same as the `ETag` header; it changes with every change to the
    /// subscription or its support contact.
    #[schema(example = "\"a1b2c3d4-0001-4000-8000-0000000000a1.1\"")]
    etag: String,
    #[schema(example = "Subscription")]
    object_type: &'static str,
}

/// The subset of Partner Center's Subscription that scripts read.
///
/// The product does not store offer ids, units, renewal or billing, so
/// these are constants: `offerId` is `""` (no catalog id is kept; the offer
/// is named by `offerName`), `unitType` is `"Licenses"`, `autoRenewEnabled`
/// is `true` and `billingType` is `"license"` (seat-based, as every offer
/// the product holds is). `partnerId` is the MPN id of the reseller of
/// record, `""` when there is none.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Subscription)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SubscriptionResource {
    id: String,
    offer_id: &'static str,
    offer_name: String,
    friendly_name: String,
    quantity: i32,
    unit_type: &'static str,
    /// When it was created, UTC, ISO 8601.
    #[schema(format = DateTime)]
    creation_date: String,
    #[schema(example = "active")]
    status: &'static str,
    partner_id: String,
    auto_renew_enabled: bool,
    billing_type: &'static str,
    attributes: Attributes,
}

/// The subscription's entity tag, quoted: its id and version. Every change
/// to the subscription (its status, its support contact) moves the version,
/// and so the tag.
pub(crate) fn etag(subscription: &Subscription) -> String {
    format!("\"{}.{}\"", subscription.id, subscription.version)
}

/// A timestamp as Partner Center writes one (UTC, ISO 8601).
pub(crate) fn iso(at: &chrono::NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

impl From<SubscriptionItem> for SubscriptionResource {
    fn from(item: SubscriptionItem) -> Self {
        let s = item.subscription;
        Self {
            attributes: Attributes {
                etag: etag(&s),
                object_type: "Subscription",
            },
            id: s.id.into_string(),
            offer_id: "",
            offer_name: s.offer_name,
            friendly_name: s.friendly_name,
            quantity: s.quantity,
            unit_type: "Licenses",
            creation_date: iso(&s.created_at),
            status: s.status.as_str(),
            partner_id: item.reseller_mpn_id.unwrap_or_default(),
            auto_renew_enabled: true,
            billing_type: "license",
        }
    }
}

/// The subscription in a path: one that is not a GUID is not found.
pub(crate) fn subscription_id(raw: &str) -> Option<SubscriptionId> {
    SubscriptionId::parse(raw).ok()
}

/// 20002 for a customer the partner has no relationship with.
pub(crate) fn related<T>(found: AtCustomer<T>) -> Result<T, ApiError> {
    match found {
        AtCustomer::Unrelated => Err(ApiError::NoRelationship),
        AtCustomer::Related(t) => Ok(t),
    }
}

/// The subscription of a path that names one; 20002 before 404 when not.
pub(crate) fn known_subscription(
    conn: &mut crate::db::DbConn,
    who: &crate::app::api_keys::KeyHolder,
    customer: &TenantId,
    subscription: Option<SubscriptionId>,
) -> Result<SubscriptionId, ApiError> {
    match subscription {
        Some(id) => Ok(id),
        None => {
            related(read::related_customer(conn, who.caller(), customer)?)?;
            Err(ApiError::NotFound)
        }
    }
}

/// `GET /v1/customers/{customer}/subscriptions`: the customer's
/// subscriptions the key's partner sees (rule 7), not deleted, by name.
#[utoipa::path(
    get,
    path = "/v1/customers/{customer_tenant_id}/subscriptions",
    tag = "subscriptions",
    operation_id = "listSubscriptions",
    summary = "List a customer's subscriptions",
    description = "The customer's subscriptions that the partner sees, not deleted, by name.",
    params(CustomerPath, super::customers::ListQuery, super::openapi::ContinuationToken),
    responses(
        (status = 200, description = "A page of the customer's subscriptions that the partner sees, not deleted, by name; `links.next` carries the token for the next page.", body = Collection<SubscriptionResource>),
        (status = 400, description = "`size` is not a whole number from 1 to 1000, or the `MS-ContinuationToken` is not one this list gave out.", body = ErrorBody),
        (status = 403, description = "Code 20002: the partner has no relationship with this customer, or there is no such customer.", body = ErrorBody),
        (status = 404, description = "The path cannot be read.", body = ErrorBody),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn list(
    hop: KeyHop,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let customer = customer_id(&path.into_inner());
    // A malformed parameter is answered after the key and the customer.
    let size = collection::page_size(query.size.as_deref());
    let after = collection::continuation::<SubscriptionKey>(&req, LIST);
    let (_, (items, more)) = hop
        .load(move |conn, who| {
            let customer = customer?;
            let page = read::subscriptions(
                conn,
                who.caller(),
                &customer,
                after.as_ref().ok().and_then(Option::as_ref),
                *size.as_ref().unwrap_or(&collection::DEFAULT_SIZE),
            )?;
            let page = related(page)?;
            size?;
            after?;
            Ok(page)
        })
        .await?;
    let next = match (more, items.last()) {
        (true, Some(last)) => Some(collection::encode_token(
            LIST,
            &SubscriptionKey {
                friendly_name: last.subscription.friendly_name.clone(),
                id: last.subscription.id.to_string(),
            },
        )?),
        _ => None,
    };
    let items: Vec<SubscriptionResource> = items.into_iter().map(Into::into).collect();
    Ok(super::json(&Collection::page(
        items,
        collection::same_uri(&req),
        next,
    )))
}

/// The list a subscriptions token continues.
const LIST: &str = "subscriptions";

use super::customers::ListQuery;

/// `GET /v1/customers/{customer}/subscriptions/{subscription}`: one
/// subscription the key's partner sees, with its ETag.
#[utoipa::path(
    get,
    path = "/v1/customers/{customer_tenant_id}/subscriptions/{subscription_id}",
    tag = "subscriptions",
    operation_id = "getSubscription",
    summary = "Get a subscription",
    description = "One subscription the partner sees, with its `ETag`.",
    params(SubscriptionPath),
    responses(
        (status = 200, description = "The subscription.", body = SubscriptionResource, headers(
            ("ETag" = String, description = "The subscription's entity tag, as in `attributes.etag`."),
        )),
        (status = 403, description = "Code 20002: the partner has no relationship with this customer, or there is no such customer.", body = ErrorBody),
        (status = 404, description = "No such subscription among those the partner sees at this customer.", body = ErrorBody),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn get(hop: KeyHop, path: web::Path<(String, String)>) -> Result<HttpResponse, ApiError> {
    let (customer, subscription) = path.into_inner();
    let (customer, subscription) = (customer_id(&customer), subscription_id(&subscription));
    let (_, item) = hop
        .load(move |conn, who| {
            let customer = customer?;
            let subscription = known_subscription(conn, who, &customer, subscription)?;
            related(read::subscription(
                conn,
                who.caller(),
                &customer,
                &subscription,
            )?)
        })
        .await?;
    let resource = SubscriptionResource::from(item);
    let mut response = super::json(&resource);
    response.headers_mut().insert(
        header::ETAG,
        header::HeaderValue::from_str(&resource.attributes.etag)
            .map_err(|_| ApiError::Internal("an ETag that is no header value".into()))?,
    );
    Ok(response)
}
