//! The resellers a provider could name as a customer's support contact,
//! with what the eligibility rule (rule 2) needs to know about each: read
//! from the small side (the customer's relationships, the provider's ended
//! authorizations, the requests for the customer's domain), so that a page
//! costs the same with ten resellers or a thousand.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::partners::{PartnerRow, get_many};
use crate::db::DbConn;
use crate::db::schema::{partners, relationships, reseller_authorizations};
use crate::domain::eligibility::{Candidate, GdapAccess, RelationshipFacts};
use crate::domain::states::{AuthorizationState, RelationshipState};
use crate::domain::{GdapId, Partner, TenantId};

type CandidateRow = (PartnerRow, String, Option<(String, bool)>);

fn candidate((row, authorization, relationship): CandidateRow) -> QueryResult<Candidate<Partner>> {
    let partner = Partner::try_from(row)?;
    Ok(Candidate {
        tenant_id: partner.tenant_id.clone(),
        partner,
        authorized_by_provider: super::stored::<AuthorizationState>(authorization)?
            == AuthorizationState::Active,
        relationship: relationship
            .map(|(state, delegated_admin)| {
                Ok::<_, diesel::result::Error>(RelationshipFacts {
                    active: super::stored::<RelationshipState>(state)? == RelationshipState::Active,
                    delegated_admin,
                    // Filled in by `with_gdap`.
                    gdap: GdapAccess::None,
                })
            })
            .transpose()?,
    })
}

/// The resellers that ever authorized this provider and either have a
/// relationship (in any state) with this customer or no longer authorize the
/// provider, with what the eligibility rule needs to know about each. Any
/// other reseller of the provider has no relationship with the customer, so
/// it cannot be eligible (rule 2). Both halves are read from the small side
/// (the customer's relationships; the provider's ended authorizations, by
/// index), so the cost does not grow with the number of current resellers.
pub fn contact_candidates(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    now: NaiveDateTime,
) -> QueryResult<Vec<Candidate<Partner>>> {
    let related: Vec<CandidateRow> = relationships::table
        .inner_join(
            reseller_authorizations::table
                .on(reseller_authorizations::reseller_tenant_id
                    .eq(relationships::partner_tenant_id)),
        )
        .filter(reseller_authorizations::provider_tenant_id.eq(provider.as_str()))
        .inner_join(partners::table.on(partners::tenant_id.eq(relationships::partner_tenant_id)))
        .filter(relationships::customer_tenant_id.eq(customer.as_str()))
        .select((
            PartnerRow::as_select(),
            reseller_authorizations::state,
            (relationships::state, relationships::delegated_admin).nullable(),
        ))
        .load(conn)?;
    let ended: Vec<CandidateRow> = reseller_authorizations::table
        .inner_join(
            partners::table.on(partners::tenant_id.eq(reseller_authorizations::reseller_tenant_id)),
        )
        .left_join(
            relationships::table.on(relationships::partner_tenant_id
                .eq(reseller_authorizations::reseller_tenant_id)
                .and(relationships::customer_tenant_id.eq(customer.as_str()))),
        )
        .filter(reseller_authorizations::provider_tenant_id.eq(provider.as_str()))
        .filter(reseller_authorizations::state.eq(AuthorizationState::Ended.as_str()))
        .filter(relationships::state.is_null())
        .select((
            PartnerRow::as_select(),
            reseller_authorizations::state,
            (relationships::state, relationships::delegated_admin).nullable(),
        ))
        .load(conn)?;
    let mut candidates = related
        .into_iter()
        .chain(ended)
        .map(candidate)
        .collect::<QueryResult<Vec<_>>>()?;
    candidates.sort_by(|a, b| {
        (&a.partner.name, a.tenant_id.as_str()).cmp(&(&b.partner.name, b.tenant_id.as_str()))
    });
    with_gdap(conn, provider, customer, candidates, now, None)
}

/// The same, as they would stand were the GDAP relationship `ended`
/// terminated now.
pub fn contact_candidates_if_ended(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    ended: &GdapId,
    now: NaiveDateTime,
) -> QueryResult<Vec<Candidate<Partner>>> {
    let mut candidates = contact_candidates(conn, provider, customer, now)?;
    for c in &mut candidates {
        if let Some(r) = &mut c.relationship {
            r.gdap = GdapAccess::None;
        }
    }
    with_gdap(conn, provider, customer, candidates, now, Some(ended))
}

/// Fills in what each candidate's GDAP relationships with the customer
/// give it under this provider's required roles, at `now`.
fn with_gdap(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    mut candidates: Vec<Candidate<Partner>>,
    now: NaiveDateTime,
    ended: Option<&GdapId>,
) -> QueryResult<Vec<Candidate<Partner>>> {
    let related: Vec<String> = candidates
        .iter()
        .filter(|c| c.relationship.is_some())
        .map(|c| c.tenant_id.to_string())
        .collect();
    let related: Vec<&str> = related.iter().map(String::as_str).collect();
    let facts = super::gdap::facts_with_customer(conn, customer, &related, ended)?;
    if facts.is_empty() {
        return Ok(candidates);
    }
    let required = super::gdap::required_roles(conn, provider)?;
    for c in &mut candidates {
        if let Some(relationship) = &mut c.relationship {
            let theirs = facts
                .get(c.tenant_id.as_str())
                .map_or(&[][..], Vec::as_slice);
            relationship.gdap = GdapAccess::of(theirs, required, now);
        }
    }
    Ok(candidates)
}

/// One reseller of this provider, related to the customer or not, with what
/// the eligibility rule needs to know about it; `None` when it never
/// authorized the provider.
pub fn contact_candidate(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> QueryResult<Option<Candidate<Partner>>> {
    let row: Option<CandidateRow> = reseller_authorizations::table
        .inner_join(
            partners::table.on(partners::tenant_id.eq(reseller_authorizations::reseller_tenant_id)),
        )
        .left_join(
            relationships::table.on(relationships::partner_tenant_id
                .eq(reseller_authorizations::reseller_tenant_id)
                .and(relationships::customer_tenant_id.eq(customer.as_str()))),
        )
        .filter(reseller_authorizations::provider_tenant_id.eq(provider.as_str()))
        .filter(reseller_authorizations::reseller_tenant_id.eq(reseller.as_str()))
        .select((
            PartnerRow::as_select(),
            reseller_authorizations::state,
            (relationships::state, relationships::delegated_admin).nullable(),
        ))
        .first(conn)
        .optional()?;
    let Some(found) = row.map(candidate).transpose()? else {
        return Ok(None);
    };
    Ok(with_gdap(conn, provider, customer, vec![found], now, None)?.pop())
}

/// The provider's current resellers with no relationship with the customer:
/// a few of them (`limit`, the first by tenant id, then sorted by name), and
/// how many there are in all: the current ones counted on an index, less
/// those related to the customer.
pub fn unrelated_resellers(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    limit: i64,
) -> QueryResult<(Vec<Partner>, i64)> {
    let active = AuthorizationState::Active.as_str();
    let current: i64 = reseller_authorizations::table
        .filter(reseller_authorizations::provider_tenant_id.eq(provider.as_str()))
        .filter(reseller_authorizations::state.eq(active))
        .count()
        .get_result(conn)?;
    // Read from the customer's side, as `contact_candidates` reads it.
    let related_states: Vec<String> = relationships::table
        .inner_join(
            reseller_authorizations::table
                .on(reseller_authorizations::reseller_tenant_id
                    .eq(relationships::partner_tenant_id)),
        )
        .inner_join(partners::table.on(partners::tenant_id.eq(relationships::partner_tenant_id)))
        .filter(reseller_authorizations::provider_tenant_id.eq(provider.as_str()))
        .filter(relationships::customer_tenant_id.eq(customer.as_str()))
        .select(reseller_authorizations::state)
        .load(conn)?;
    let related = related_states
        .iter()
        .filter(|s| s.as_str() == active)
        .count() as i64;
    let related_to_customer = relationships::table
        .filter(relationships::customer_tenant_id.eq(customer.as_str()))
        .filter(relationships::partner_tenant_id.eq(reseller_authorizations::reseller_tenant_id));
    let mut first: Vec<Partner> = reseller_authorizations::table
        .inner_join(
            partners::table.on(partners::tenant_id.eq(reseller_authorizations::reseller_tenant_id)),
        )
        .filter(reseller_authorizations::provider_tenant_id.eq(provider.as_str()))
        .filter(reseller_authorizations::state.eq(active))
        .filter(diesel::dsl::not(diesel::dsl::exists(related_to_customer)))
        .order(reseller_authorizations::reseller_tenant_id)
        .limit(limit)
        .select(PartnerRow::as_select())
        .load(conn)?
        .into_iter()
        .map(Partner::try_from)
        .collect::<QueryResult<_>>()?;
    first.sort_by(|a, b| (&a.name, a.tenant_id.as_str()).cmp(&(&b.name, b.tenant_id.as_str())));
    Ok((first, current - related))
}

/// The provider's current resellers, unrelated to the customer, that asked
/// it (through a relationship request for `domain`) for a relationship:
/// read from the requests for the domain.
pub fn requesting_resellers(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    domain: &str,
) -> QueryResult<Vec<Partner>> {
    use crate::db::schema::relationship_requests as r;
    let related_to_customer = relationships::table
        .filter(relationships::customer_tenant_id.eq(customer.as_str()))
        .filter(relationships::partner_tenant_id.eq(r::partner_tenant_id));
    let ids: Vec<String> = r::table
        .inner_join(
            reseller_authorizations::table
                .on(reseller_authorizations::reseller_tenant_id.eq(r::partner_tenant_id)),
        )
        .filter(reseller_authorizations::provider_tenant_id.eq(provider.as_str()))
        .filter(r::customer_domain.eq(domain))
        .filter(reseller_authorizations::state.eq(AuthorizationState::Active.as_str()))
        .filter(diesel::dsl::not(diesel::dsl::exists(related_to_customer)))
        .select(r::partner_tenant_id)
        .distinct()
        .load(conn)?;
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut found = get_many(conn, &ids)?;
    found.sort_by(|a, b| (&a.name, a.tenant_id.as_str()).cmp(&(&b.name, b.tenant_id.as_str())));
    Ok(found)
}

/// The provider's current resellers that have an active relationship with
/// the customer, with whether it has delegated admin privileges, by name:
/// read from the customer's relationships, however many resellers the
/// provider has.
pub fn related_resellers(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
) -> QueryResult<Vec<(Partner, bool)>> {
    let rows: Vec<(PartnerRow, bool)> = relationships::table
        .inner_join(
            reseller_authorizations::table
                .on(reseller_authorizations::reseller_tenant_id
                    .eq(relationships::partner_tenant_id)),
        )
        .inner_join(partners::table.on(partners::tenant_id.eq(relationships::partner_tenant_id)))
        .filter(relationships::customer_tenant_id.eq(customer.as_str()))
        .filter(relationships::state.eq(RelationshipState::Active.as_str()))
        .filter(reseller_authorizations::provider_tenant_id.eq(provider.as_str()))
        .filter(reseller_authorizations::state.eq(AuthorizationState::Active.as_str()))
        .order((partners::name, partners::tenant_id))
        .select((PartnerRow::as_select(), relationships::delegated_admin))
        .load(conn)?;
    rows.into_iter()
        .map(|(row, dap)| Ok((Partner::try_from(row)?, dap)))
        .collect()
}
