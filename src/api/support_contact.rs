//! `/v1/customers/{customer}/subscriptions/{subscription}/supportcontact`:
//! a subscription's designated support contact, read and chosen (rule 2,
//! checked by `app::contacts`), as Partner Center's SupportContact.
//!
//! Both answers carry the subscription's `ETag`; a PUT whose `If-Match`
//! names another version is 412 and changes nothing. Without `If-Match` a
//! PUT applies to the subscription as it is when the change is written.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::auth::KeyHop;
use super::body;
use super::collection::{Attributes, SelfLinks};
use super::error::{ApiError, ErrorBody};
use super::openapi::{IfMatchHeader, SubscriptionPath};
use super::subscriptions::{customer_id, etag, known_subscription, related, subscription_id};
use crate::app::api_keys::KeyHolder;
use crate::app::contacts::{self, AssignAt};
use crate::app::read::api_subscriptions::{self as read, ContactOf, PartnerRef};
use crate::domain::eligibility::Ineligibility;
use crate::domain::{Partner, TenantId};
use crate::i18n::{Lang, Tr};
use crate::web::State;

/// Partner Center's SupportContact. `links.self` is this resource's path
/// under `/v1`, so that it can be followed against the same base URL.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SupportContact {
    /// The support contact's tenant id.
    support_tenant_id: String,
    /// Its MPN id.
    support_mpn_id: String,
    name: String,
    links: SelfLinks,
    attributes: Attributes,
}

// The handler reads these members itself (`contact_named`); this type
// only describes them to the OpenAPI document.
/// The body of a PUT: Partner Center's SupportContact, whose keys may be
/// PascalCase or camelCase. The contact is named by its tenant id or, when
/// the body gives none, by its MPN id; `name`, `links`, `attributes` and
/// any other member are read-only or unknown, and ignored.
#[derive(ToSchema)]
#[schema(as = SupportContactUpdate, example = json!({"SupportTenantId": "9a4c6e83-1b2d-4f57-a869-0b1c2d3e4f03"}))]
#[allow(dead_code)]
pub(crate) struct SupportContactUpdate {
    /// The new contact's tenant id (a GUID).
    #[schema(rename = "supportTenantId")]
    tenant_id: Option<String>,
    /// The same, in PascalCase.
    #[schema(rename = "SupportTenantId")]
    tenant_id_pascal: Option<String>,
    /// The new contact's MPN id, read when no tenant id is given.
    #[schema(rename = "supportMpnId")]
    mpn_id: Option<String>,
    /// The same, in PascalCase.
    #[schema(rename = "SupportMpnId")]
    mpn_id_pascal: Option<String>,
}

/// The answer of both methods: the stored contact and the subscription's ETag.
pub fn answer(found: ContactOf) -> Result<HttpResponse, ApiError> {
    let tag = etag(&found.subscription);
    let resource = SupportContact {
        support_tenant_id: found.contact.tenant_id.into_string(),
        support_mpn_id: found.contact.mpn_id,
        name: found.contact.name,
        links: SelfLinks::get(format!(
            "{}/customers/{}/subscriptions/{}/supportcontact",
            super::PREFIX,
            found.customer.tenant_id,
            found.subscription.id
        )),
        attributes: Attributes::of("SupportContact"),
    };
    let mut response = super::json(&resource);
    response.headers_mut().insert(
        header::ETAG,
        HeaderValue::from_str(&tag)
            .map_err(|_| ApiError::Internal("an ETag that is no header value".into()))?,
    );
    Ok(response)
}

/// `GET .../supportcontact`: the subscription's designated support contact.
#[utoipa::path(
    get,
    path = "/v1/customers/{customer_tenant_id}/subscriptions/{subscription_id}/supportcontact",
    tag = "subscriptions",
    operation_id = "getSupportContact",
    summary = "Get a subscription's support contact",
    description = "The subscription's designated support contact, with the subscription's `ETag`.",
    params(SubscriptionPath),
    responses(
        (status = 200, description = "The subscription's designated support contact.", body = SupportContact, headers(
            ("ETag" = String, description = "The subscription's entity tag: send it back in `If-Match`."),
        )),
        (status = 403, description = "Code 20002: the partner has no relationship with this customer, or there is no such customer.", body = ErrorBody),
        (status = 404, description = "No such subscription among those the partner sees at this customer.", body = ErrorBody),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn get(hop: KeyHop, path: web::Path<(String, String)>) -> Result<HttpResponse, ApiError> {
    let (customer, subscription) = path.into_inner();
    let (customer, subscription) = (customer_id(&customer), subscription_id(&subscription));
    let (_, found) = hop
        .load(move |conn, who| read_contact(conn, who, customer?, subscription))
        .await?;
    answer(found)
}

/// What a GET reads: the subscription's contact; 20002 before 404.
pub fn read_contact(
    conn: &mut crate::db::DbConn,
    who: &KeyHolder,
    customer: TenantId,
    subscription: Option<crate::domain::SubscriptionId>,
) -> Result<ContactOf, ApiError> {
    let subscription = known_subscription(conn, who, &customer, subscription)?;
    related(read::support_contact(
        conn,
        who.caller(),
        &customer,
        &subscription,
    )?)
}

/// What a PUT's `If-Match` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum IfMatch {
    /// `*`: whatever the current version is.
    Any,
    /// One of these strong entity tags, quoted.
    Tags(Vec<String>),
}

/// Every `If-Match` header, as one list. A weak tag never matches (RFC 9110
/// compares strongly); an unquoted one is taken as if quoted.
fn if_match(req: &HttpRequest) -> Option<IfMatch> {
    let mut values = req.headers().get_all(header::IF_MATCH).peekable();
    values.peek()?;
    let mut tags = Vec::new();
    for value in values {
        let Ok(value) = value.to_str() else {
            continue;
        };
        for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            if item == "*" {
                return Some(IfMatch::Any);
            }
            if item.starts_with("W/") {
                continue;
            }
            if item.len() >= 2 && item.starts_with('"') && item.ends_with('"') {
                tags.push(item.to_owned());
            } else {
                tags.push(format!("\"{item}\""));
            }
        }
    }
    Some(IfMatch::Tags(tags))
}

/// How the body names the new contact: by tenant id, or by MPN id when it
/// gives no tenant id. The name, `links`, `attributes` and any other member
/// are read-only or unknown, and ignored.
fn contact_named(
    object: &serde_json::Map<String, serde_json::Value>,
) -> Result<PartnerRef, ApiError> {
    // Both are read, so that either one of the wrong type is refused even
    // when the other names the contact.
    let tenant = body::string_member(object, ["SupportTenantId", "supportTenantId"])?;
    let mpn = body::string_member(object, ["SupportMpnId", "supportMpnId"])?;
    if let Some(tenant) = tenant {
        return TenantId::parse(&tenant)
            .map(PartnerRef::Tenant)
            .map_err(|_| ApiError::Invalid {
                field: "supportTenantId",
                problem: "it is not a GUID",
            });
    }
    match mpn {
        Some(mpn) => Ok(PartnerRef::Mpn(mpn)),
        None => Err(ApiError::Invalid {
            field: "the body",
            problem: "name the support contact by supportTenantId or supportMpnId",
        }),
    }
}

/// Why `contact` cannot be chosen, worded as the subscription page words it.
fn not_eligible(
    reason: Option<Ineligibility>,
    contact: &Partner,
    provider: &Partner,
    customer: &str,
) -> ApiError {
    let t = Tr::new(Lang::En);
    let reseller = &contact.name;
    let (why, todo) = match reason {
        None => {
            return ApiError::NotEligible(t.a1("assign-error-not-eligible", "customer", customer));
        }
        Some(Ineligibility::NotAuthorizedUnderProvider) => (
            t.a1("reason-not-authorized", "provider", &provider.name),
            t.a1("todo-not-authorized", "reseller", reseller),
        ),
        Some(Ineligibility::NoRelationshipWithCustomer) => (
            t.a1("reason-no-relationship", "customer", customer),
            t.a2(
                "todo-no-relationship",
                "reseller",
                reseller,
                "customer",
                customer,
            ),
        ),
        Some(Ineligibility::NoDelegatedAdminPrivileges) => (
            t.a1("reason-no-delegated-admin", "customer", customer),
            t.a2(
                "todo-no-delegated-admin",
                "reseller",
                reseller,
                "customer",
                customer,
            ),
        ),
        Some(Ineligibility::GdapPending) => (
            t.a1("reason-gdap-pending", "customer", customer),
            t.a2(
                "todo-gdap-pending",
                "reseller",
                reseller,
                "customer",
                customer,
            ),
        ),
        Some(Ineligibility::GdapWithoutRequiredRole) => (
            t.a1("reason-gdap-without-role", "customer", customer),
            t.a2(
                "todo-gdap-without-role",
                "reseller",
                reseller,
                "customer",
                customer,
            ),
        ),
        Some(Ineligibility::GdapEnded(at)) => (
            t.a2(
                "reason-gdap-ended",
                "customer",
                customer,
                "when",
                at.format("%Y-%m-%d %H:%M UTC").to_string(),
            ),
            t.a2(
                "todo-gdap-ended",
                "reseller",
                reseller,
                "customer",
                customer,
            ),
        ),
    };
    ApiError::NotEligible(format!(
        "{reseller} (MPN {}) is not an eligible indirect reseller for this subscription: {why} {} {todo}",
        contact.mpn_id,
        t.get("what-to-do"),
    ))
}

/// `PUT .../supportcontact`: makes the partner the body names the
/// subscription's designated support contact, through
/// `app::contacts::assign_at` (rule 2, audited), and answers the stored
/// contact with the new ETag. In order: 401 (the key), then the body (415,
/// 413, 400), 403 code 20002 (no relationship with the customer), 404 (not
/// a subscription the partner sees), 412 (`If-Match`), 400 code 800015
/// (names no partner), then the core's: 403 (a helpdesk agent, a partner
/// that only sees it), 400 code 800016 (not eligible, and why).
#[utoipa::path(
    put,
    path = "/v1/customers/{customer_tenant_id}/subscriptions/{subscription_id}/supportcontact",
    tag = "subscriptions",
    operation_id = "updateSupportContact",
    summary = "Choose a subscription's support contact",
    description = "Makes the partner the body names the subscription's designated support contact (audited, as on the subscription page) and answers the contact as stored, with the new `ETag`. Send the `ETag` read before in `If-Match` so that the change applies only to what was read. Refusals change nothing; they come in this order: 401, the body (415, 413, 400), 403 code 20002, 404, 412, 400 code 800015, 403, 400 code 800016.",
    params(SubscriptionPath, IfMatchHeader),
    request_body(
        content = SupportContactUpdate,
        content_type = "application/json",
        description = "The new support contact, by `supportTenantId` or `supportMpnId` (PascalCase or camelCase). At most 16 KiB.",
    ),
    responses(
        (status = 200, description = "The support contact as stored.", body = SupportContact, headers(
            ("ETag" = String, description = "The subscription's new entity tag."),
        )),
        (status = 400, description = "The body is not a JSON object, names no contact or a malformed tenant id (900400); the tenant id or MPN id names no partner (800015); the partner is not an eligible indirect reseller for this subscription, and why (800016).", body = ErrorBody),
        (status = 403, description = "Code 20002: the partner has no relationship with this customer, or there is no such customer. Code 900403: the key's user may not change it (a helpdesk agent, or a partner that only sees it).", body = ErrorBody),
        (status = 404, description = "No such subscription among those the partner sees at this customer.", body = ErrorBody),
        (status = 409, description = "It was changed meanwhile; read it again and retry.", body = ErrorBody),
        (status = 412, description = "`If-Match` no longer names the subscription's ETag: nothing changed.", body = ErrorBody),
        (status = 413, description = "The body is over 16 KiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as `application/json`.", body = ErrorBody),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn put(
    hop: KeyHop,
    state: State,
    req: HttpRequest,
    path: web::Path<(String, String)>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let (customer, subscription) = path.into_inner();
    let (customer, subscription) = (customer_id(&customer), subscription_id(&subscription));
    let precondition = if_match(&req);
    let named = body::json_object(&req, payload)
        .await
        .and_then(|object| contact_named(&object));
    let now = state.now();
    let (_, found) = hop
        .load(move |conn, who| {
            let named = named?;
            let caller = who.caller();
            let customer = customer?;
            let subscription = known_subscription(conn, who, &customer, subscription)?;
            let current = related(read::support_contact(
                conn,
                caller,
                &customer,
                &subscription,
            )?)?;
            let version = match precondition {
                None | Some(IfMatch::Any) => None,
                Some(IfMatch::Tags(tags)) => {
                    if !tags.contains(&etag(&current.subscription)) {
                        return Err(ApiError::PreconditionFailed);
                    }
                    Some(current.subscription.version)
                }
            };
            let field = match named {
                PartnerRef::Tenant(_) => "supportTenantId",
                PartnerRef::Mpn(_) => "supportMpnId",
            };
            let contact = read::partner(conn, &named)?.ok_or(ApiError::UnknownPartner(field))?;
            let input = AssignAt {
                customer: customer.clone(),
                subscription: subscription.clone(),
                version,
                contact: contact.tenant_id.clone(),
            };
            match contacts::assign_at(conn, caller, &input, now) {
                Ok(_) => {}
                Err(crate::app::Error::Conflict { .. }) if version.is_some() => {
                    return Err(ApiError::PreconditionFailed);
                }
                Err(crate::app::Error::Invalid {
                    field: "support_contact",
                    ..
                }) => {
                    let provider = &current.subscription.parties.provider;
                    let reason =
                        read::ineligibility(conn, provider, &customer, &contact.tenant_id, now)?;
                    return Err(not_eligible(
                        reason,
                        &contact,
                        caller.partner,
                        &current.customer.company_name,
                    ));
                }
                Err(e) => return Err(e.into()),
            }
            related(read::support_contact(
                conn,
                caller,
                &customer,
                &subscription,
            )?)
        })
        .await?;
    answer(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn parse(values: &[&str]) -> Option<IfMatch> {
        let mut req = TestRequest::default();
        for v in values {
            req = req.append_header((header::IF_MATCH, *v));
        }
        if_match(&req.to_http_request())
    }

    #[test]
    fn if_match_is_a_list_of_strong_tags_or_any() {
        assert_eq!(parse(&[]), None);
        assert_eq!(parse(&["*"]), Some(IfMatch::Any));
        assert_eq!(
            parse(&[r#""a.1", W/"a.2""#, "a.3"]),
            Some(IfMatch::Tags(vec![r#""a.1""#.into(), r#""a.3""#.into()]))
        );
        assert_eq!(
            parse(&[r#""a.1""#, r#""a.4""#]),
            Some(IfMatch::Tags(vec![r#""a.1""#.into(), r#""a.4""#.into()]))
        );
        assert_eq!(parse(&[""]), Some(IfMatch::Tags(vec![])));
    }

    #[test]
    fn the_contact_is_named_by_tenant_id_then_mpn_id() {
        let object = |v: serde_json::Value| v.as_object().unwrap().clone();
        let tenant = "6b1f3a52-8c7e-4d21-9f0a-3c5e7d9b1a01";
        assert_eq!(
            contact_named(&object(serde_json::json!({
                "SupportTenantId": tenant.to_uppercase(),
                "SupportMpnId": "999",
                "Name": "Ignored",
            })))
            .unwrap(),
            PartnerRef::Tenant(TenantId::parse(tenant).unwrap())
        );
        assert_eq!(
            contact_named(&object(serde_json::json!({"supportMpnId": "5120481"}))).unwrap(),
            PartnerRef::Mpn("5120481".into())
        );
        assert!(matches!(
            contact_named(&object(serde_json::json!({"supportTenantId": "nope"}))),
            Err(ApiError::Invalid {
                field: "supportTenantId",
                ..
            })
        ));
        assert!(matches!(
            contact_named(&object(serde_json::json!({"name": "Contoso"}))),
            Err(ApiError::Invalid { .. })
        ));
        for wrong in [
            serde_json::json!({"supportTenantId": tenant, "supportMpnId": {}}),
            serde_json::json!({"SupportMpnId": "5120481", "SupportTenantId": 5}),
        ] {
            assert!(
                matches!(
                    contact_named(&object(wrong.clone())),
                    Err(ApiError::MalformedBody(_))
                ),
                "{wrong}"
            );
        }
    }
}
