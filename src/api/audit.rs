//! `GET /v1/auditrecords?startDate=...&endDate=...`: the key's partner's
//! activity as Partner Center's AuditRecord, oldest first, a page at a
//! time, support-contact changes included (Partner Center's own log has
//! none).
//!
//! | our entry | `resourceType` | `operationType` | old and new values |
//! | --- | --- | --- | --- |
//! | `subscription.created` | `subscription` | `create_subscription` | -, the subscription |
//! | `subscription.suspended`, `.reactivated` | `subscription` | `update_subscription` | its status before and after |
//! | `support_contact.changed`, `.reverted` | `subscription` | `update_subscription_support_contact` | the SupportContact before and after |
//! | `relationship.removed` | `partner_customer_relationship` | `remove_partner_customer_relationship` | the partner, - |
//! | `relationship.delegated_admin_removed` | `partner_customer_dap` | `remove_partner_customer_dap` | the partner, - |
//! | `reseller_authorization.started` | `partner_relationship` | `create_partner_relationship` | -, both partners |
//! | `reseller_authorization.ended` | `partner_relationship` | `remove_partner_relationship` | both partners, - |
//!
//! Values are JSON documents in strings, as Partner Center's are. Every
//! record carries our own name of the entry in `customizedData` (`Action`),
//! with the subscription's id and the entry's detail when it has them.

use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, SecondsFormat};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use utoipa::{IntoParams, ToSchema};

use super::auth::KeyHop;
use super::collection::{self, Attributes, Collection};
use super::error::{ApiError, ErrorBody};
use super::openapi::ContinuationToken;
use crate::app::read::api::{self as read, AuditItem};
use crate::domain::Partner;
use crate::domain::audit::Action;
use crate::web::State;

/// The longest range one request may ask for.
pub const MAX_RANGE_DAYS: i64 = 90;

const LIST: &str = "auditrecords";

/// One of a record's `customizedData`.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct KeyValue {
    #[schema(example = "Action")]
    key: &'static str,
    value: String,
}

/// Partner Center's AuditRecord.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AuditRecord {
    id: String,
    /// The key's partner's tenant id.
    partner_id: String,
    /// The customer's tenant id, when the entry is about one.
    #[schema(required = true)]
    customer_id: Option<String>,
    #[schema(required = true)]
    customer_name: Option<String>,
    /// The email of the user who did it.
    user_principal_name: String,
    #[schema(example = "subscription")]
    resource_type: &'static str,
    /// A JSON document, as a string.
    #[schema(required = true)]
    resource_old_value: Option<String>,
    /// A JSON document, as a string.
    #[schema(required = true)]
    resource_new_value: Option<String>,
    #[schema(example = "update_subscription_support_contact")]
    operation_type: &'static str,
    #[schema(example = "succeeded")]
    operation_status: &'static str,
    /// When, UTC, ISO 8601.
    #[schema(format = DateTime)]
    operation_date: String,
    customized_data: Vec<KeyValue>,
    attributes: Attributes,
}

/// A partner as a value names it: known by the caller's reads, or by its
/// id alone.
fn partner_value(known: &Option<Partner>, id: &Option<String>) -> Value {
    match known {
        Some(p) => json!({"id": p.tenant_id.as_str(), "name": p.name, "mpnId": p.mpn_id}),
        None => json!({"id": id}),
    }
}

/// A support contact as Partner Center's SupportContact names it.
fn contact_value(known: &Option<Partner>, id: &Option<String>) -> Option<Value> {
    let id = id.as_ref()?;
    Some(match known {
        Some(p) => json!({
            "supportTenantId": p.tenant_id.as_str(),
            "supportMpnId": p.mpn_id,
            "name": p.name,
        }),
        None => json!({"supportTenantId": id}),
    })
}

/// The ISO 8601 form of a stored UTC time.
pub fn iso8601(at: NaiveDateTime) -> String {
    at.and_utc().to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn record(partner_id: &str, item: AuditItem) -> AuditRecord {
    let AuditItem {
        entry,
        customer_name,
        from,
        to,
    } = item;
    let action = Action::parse(&entry.action);
    let subscription = || json!({"id": entry.subscription_id});
    let status = |s: &str| json!({"id": entry.subscription_id, "status": s});
    let partners = || {
        json!({
            "indirectReseller": partner_value(&from, &entry.from_partner_tenant_id),
            "indirectProvider": partner_value(&to, &entry.to_partner_tenant_id),
        })
    };
    let (resource_type, operation_type, old, new): (_, _, Option<Value>, Option<Value>) =
        match action {
            Some(Action::SubscriptionCreated) => {
                let mut value = subscription();
                value["offerName"] = json!(entry.detail);
                ("subscription", "create_subscription", None, Some(value))
            }
            Some(Action::SubscriptionSuspended) => (
                "subscription",
                "update_subscription",
                Some(status("active")),
                Some(status("suspended")),
            ),
            Some(Action::SubscriptionReactivated) => (
                "subscription",
                "update_subscription",
                Some(status("suspended")),
                Some(status("active")),
            ),
            Some(Action::SupportContactChanged | Action::SupportContactReverted) => (
                "subscription",
                "update_subscription_support_contact",
                contact_value(&from, &entry.from_partner_tenant_id),
                contact_value(&to, &entry.to_partner_tenant_id),
            ),
            Some(Action::RelationshipRemoved) => (
                "partner_customer_relationship",
                "remove_partner_customer_relationship",
                Some(partner_value(&from, &entry.from_partner_tenant_id)),
                None,
            ),
            Some(Action::DelegatedAdminRemoved) => (
                "partner_customer_dap",
                "remove_partner_customer_dap",
                Some(partner_value(&from, &entry.from_partner_tenant_id)),
                None,
            ),
            Some(Action::AuthorizationStarted) => (
                "partner_relationship",
                "create_partner_relationship",
                None,
                Some(partners()),
            ),
            Some(Action::AuthorizationEnded) => (
                "partner_relationship",
                "remove_partner_relationship",
                Some(partners()),
                None,
            ),
            // The activity holds only the kinds above.
            _ => ("partner", "other", None, None),
        };
    let mut customized_data = vec![KeyValue {
        key: "Action",
        value: entry.action.clone(),
    }];
    if let Some(id) = &entry.subscription_id {
        customized_data.push(KeyValue {
            key: "SubscriptionId",
            value: id.clone(),
        });
    }
    if !entry.detail.is_empty() {
        customized_data.push(KeyValue {
            key: "Detail",
            value: entry.detail.clone(),
        });
    }
    AuditRecord {
        id: entry.id.to_string(),
        partner_id: partner_id.to_owned(),
        customer_id: entry.customer_tenant_id,
        customer_name,
        user_principal_name: entry.actor_email,
        resource_type,
        resource_old_value: old.map(|v| v.to_string()),
        resource_new_value: new.map(|v| v.to_string()),
        operation_type,
        operation_status: "succeeded",
        operation_date: iso8601(entry.occurred_at),
        customized_data,
        attributes: Attributes::of("AuditRecord"),
    }
}

/// Which end of the range a date is: a day alone starts at its midnight,
/// and ends at its last microsecond (the whole day is in the range).
#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Start,
    End,
}

/// An ISO 8601 date (`2026-03-02`) or date and time (`2026-03-02T09:30:00Z`,
/// with an offset, or without one for UTC).
fn parse_date(raw: &str, end: End) -> Option<NaiveDateTime> {
    let raw = raw.trim();
    if let Ok(day) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        let midnight = day.and_hms_opt(0, 0, 0)?;
        return Some(match end {
            End::Start => midnight,
            End::End => midnight + Duration::days(1) - Duration::microseconds(1),
        });
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Some(at.naive_utc());
    }
    NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f").ok()
}

/// The range `[from, to]` of a request; `endDate` defaults to `now`.
fn range(
    start: Option<&str>,
    end: Option<&str>,
    now: NaiveDateTime,
) -> Result<(NaiveDateTime, NaiveDateTime), ApiError> {
    let bad = |field| ApiError::Invalid {
        field,
        problem: "it must be an ISO 8601 date or date and time",
    };
    let from = parse_date(
        start.ok_or(ApiError::Invalid {
            field: "startDate",
            problem: "it is required",
        })?,
        End::Start,
    )
    .ok_or(bad("startDate"))?;
    let to = match end {
        Some(raw) => parse_date(raw, End::End).ok_or(bad("endDate"))?,
        None => now,
    };
    if to < from {
        return Err(ApiError::Invalid {
            field: "endDate",
            problem: "it must come after startDate",
        });
    }
    if to - from > Duration::days(MAX_RANGE_DAYS) {
        return Err(ApiError::Invalid {
            field: "endDate",
            problem: "the range may span 90 days at most",
        });
    }
    Ok((from, to))
}

/// The query of `GET /v1/auditrecords`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RangeQuery {
    /// Where the range begins: an ISO 8601 date (the whole day) or date and
    /// time (UTC when it has no offset).
    #[serde(rename = "startDate")]
    #[param(required = true, example = "2026-03-01")]
    start_date: Option<String>,
    /// Where it ends (the same forms), at most 90 days after `startDate`;
    /// now when not given.
    #[serde(rename = "endDate")]
    #[param(example = "2026-03-31")]
    end_date: Option<String>,
    /// Items per page: 1 to 1000, 100 when not given.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 1000)]
    size: Option<String>,
}

/// `GET /v1/auditrecords`: a page of the partner's activity in the range.
#[utoipa::path(
    get,
    path = "/v1/auditrecords",
    tag = "auditrecords",
    operation_id = "listAuditRecords",
    summary = "List audit records",
    description = "A page of the partner's activity in the range, oldest first, support-contact changes included (values are JSON documents in strings).",
    params(RangeQuery, ContinuationToken),
    responses(
        (status = 200, description = "A page of the partner's activity in the range, oldest first, support-contact changes included.", body = Collection<AuditRecord>),
        (status = 400, description = "`startDate` is missing, a date is not ISO 8601, the range is reversed or longer than 90 days, `size` is out of bounds, or the `MS-ContinuationToken` is not one this list gave out.", body = ErrorBody),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn list(
    hop: KeyHop,
    state: State,
    req: HttpRequest,
    query: web::Query<RangeQuery>,
) -> Result<HttpResponse, ApiError> {
    // A malformed parameter is answered after the key is checked.
    let range = range(
        query.start_date.as_deref(),
        query.end_date.as_deref(),
        state.now(),
    );
    let size = collection::page_size(query.size.as_deref());
    let after = collection::continuation::<i32>(&req, LIST);
    let (who, page) = hop
        .load(move |conn, who| {
            let ((from, to), size, after) = (range?, size?, after?);
            Ok(read::audit_records(
                conn,
                who.caller(),
                from,
                to,
                after,
                size,
            )?)
        })
        .await?;
    let next = match (page.more, page.items.last()) {
        (true, Some(last)) => Some(collection::encode_token(LIST, &last.entry.id)?),
        _ => None,
    };
    let partner = who.partner.tenant_id.as_str();
    let items = page
        .items
        .into_iter()
        .map(|item| record(partner, item))
        .collect();
    Ok(super::json(&Collection::page(
        items,
        collection::same_uri(&req),
        next,
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(raw: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn dates_are_iso_8601_and_a_day_alone_is_all_of_it() {
        let now = at("2026-03-02 09:30:00");
        assert_eq!(
            range(Some("2026-03-01"), Some("2026-03-02"), now).unwrap(),
            (
                at("2026-03-01 00:00:00"),
                at("2026-03-03 00:00:00") - Duration::microseconds(1)
            )
        );
        assert_eq!(
            range(Some("2026-03-01T10:00:00+02:00"), None, now).unwrap(),
            (at("2026-03-01 08:00:00"), now)
        );
        assert_eq!(
            range(
                Some("2026-03-01T10:00:00"),
                Some("2026-03-01T11:00:00Z"),
                now
            )
            .unwrap(),
            (at("2026-03-01 10:00:00"), at("2026-03-01 11:00:00"))
        );
        assert_eq!(
            range(Some("2025-12-03"), Some("2026-03-02"), now)
                .unwrap()
                .0,
            at("2025-12-03 00:00:00"),
            "90 days exactly"
        );
    }

    #[test]
    fn a_bad_date_a_reversed_or_too_long_range_is_refused() {
        let now = at("2026-03-02 09:30:00");
        for (start, end) in [
            (None, None),
            (Some("yesterday"), None),
            (Some("2026-02-30"), None),
            (Some("2026-03-01"), Some("03/02/2026")),
            (Some("2026-03-02"), Some("2026-03-01")),
            (Some("2025-12-02"), Some("2026-03-02")),
            (Some("2025-01-01"), None),
        ] {
            assert!(range(start, end, now).is_err(), "{start:?} {end:?}");
        }
    }
}
