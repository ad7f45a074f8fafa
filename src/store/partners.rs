use crate::domain::states::{AuthorizationState, RelationshipState};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{partners, relationships, reseller_authorizations};
use crate::domain::eligibility::{Candidate, RelationshipFacts};
use crate::domain::{Partner, PartnerKind, SupportProfile, TenantId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = partners)]
pub(crate) struct PartnerRow {
    tenant_id: String,
    mpn_id: String,
    name: String,
    kind: String,
    support_email: String,
    support_telephone: String,
    support_website: String,
}

impl TryFrom<PartnerRow> for Partner {
    type Error = diesel::result::Error;

    fn try_from(row: PartnerRow) -> QueryResult<Self> {
        let kind = PartnerKind::parse(&row.kind)
            .ok_or_else(|| super::unknown("partner kind", &row.kind))?;
        Ok(Partner {
            tenant_id: TenantId::from_trusted(row.tenant_id),
            mpn_id: row.mpn_id,
            name: row.name,
            kind,
            support: SupportProfile {
                email: row.support_email,
                telephone: row.support_telephone,
                website: row.support_website,
            },
        })
    }
}

pub fn get(conn: &mut DbConn, tenant_id: &TenantId) -> QueryResult<Option<Partner>> {
    partners::table
        .find(tenant_id.as_str())
        .select(PartnerRow::as_select())
        .first(conn)
        .optional()
        .map(|row| row.map(Partner::try_from).transpose())?
}

/// The partner whose MPN id is `mpn_id` (unique), if any.
pub fn get_by_mpn(conn: &mut DbConn, mpn_id: &str) -> QueryResult<Option<Partner>> {
    partners::table
        .filter(partners::mpn_id.eq(mpn_id))
        .select(PartnerRow::as_select())
        .first(conn)
        .optional()
        .map(|row| row.map(Partner::try_from).transpose())?
}

pub fn get_many(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<Partner>> {
    partners::table
        .filter(partners::tenant_id.eq_any(ids))
        .select(PartnerRow::as_select())
        .load(conn)
        .and_then(|rows| rows.into_iter().map(Partner::try_from).collect())
}

pub fn insert(conn: &mut DbConn, partner: &Partner, now: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(partners::table)
        .values((
            partners::tenant_id.eq(partner.tenant_id.as_str()),
            partners::mpn_id.eq(&partner.mpn_id),
            partners::name.eq(&partner.name),
            partners::kind.eq(partner.kind.as_str()),
            partners::support_email.eq(&partner.support.email),
            partners::support_telephone.eq(&partner.support.telephone),
            partners::support_website.eq(&partner.support.website),
            partners::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// Sets the partner's support profile.
pub fn set_support(
    conn: &mut DbConn,
    partner: &TenantId,
    support: &SupportProfile,
) -> QueryResult<()> {
    diesel::update(partners::table.find(partner.as_str()))
        .set((
            partners::support_email.eq(&support.email),
            partners::support_telephone.eq(&support.telephone),
            partners::support_website.eq(&support.website),
        ))
        .execute(conn)
        .map(drop)
}

pub fn authorize_reseller(
    conn: &mut DbConn,
    provider: &TenantId,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(reseller_authorizations::table)
        .values((
            reseller_authorizations::provider_tenant_id.eq(provider.as_str()),
            reseller_authorizations::reseller_tenant_id.eq(reseller.as_str()),
            reseller_authorizations::state.eq(AuthorizationState::Active.as_str()),
            reseller_authorizations::created_at.eq(now),
        ))
        .execute(conn)
        .map(drop)
}

/// The provider's resellers with an active authorization, by name.
pub fn authorized_resellers(conn: &mut DbConn, provider: &TenantId) -> QueryResult<Vec<Partner>> {
    reseller_authorizations::table
        .inner_join(
            partners::table.on(partners::tenant_id.eq(reseller_authorizations::reseller_tenant_id)),
        )
        .filter(reseller_authorizations::provider_tenant_id.eq(provider.as_str()))
        .filter(reseller_authorizations::state.eq(AuthorizationState::Active.as_str()))
        .order((partners::name, partners::tenant_id))
        .select(PartnerRow::as_select())
        .load(conn)
        .and_then(|rows| rows.into_iter().map(Partner::try_from).collect())
}

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
    row.map(candidate).transpose()
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

/// The providers this reseller has authorized (active).
pub fn providers_of(conn: &mut DbConn, reseller: &TenantId) -> QueryResult<Vec<Partner>> {
    reseller_authorizations::table
        .inner_join(
            partners::table.on(partners::tenant_id.eq(reseller_authorizations::provider_tenant_id)),
        )
        .filter(reseller_authorizations::reseller_tenant_id.eq(reseller.as_str()))
        .filter(reseller_authorizations::state.eq(AuthorizationState::Active.as_str()))
        .order((partners::name, partners::tenant_id))
        .select(PartnerRow::as_select())
        .load(conn)
        .and_then(|rows| rows.into_iter().map(Partner::try_from).collect())
}

/// A provider–reseller authorization, from either side.
#[derive(Debug, Clone)]
pub struct Authorization {
    /// The other side: the reseller for a provider, the provider for a reseller.
    pub partner: Partner,
    pub active: bool,
    pub since: NaiveDateTime,
    pub ended_at: Option<NaiveDateTime>,
}

/// Which side of an authorization a list shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Show {
    Resellers,
    Providers,
}

/// Authorizations matching the given provider and/or reseller, showing the
/// side asked for; active ones first, then by name.
fn authorizations(
    conn: &mut DbConn,
    provider: Option<&TenantId>,
    reseller: Option<&TenantId>,
    active_only: bool,
    show: Show,
) -> QueryResult<Vec<Authorization>> {
    let mut query = reseller_authorizations::table.into_boxed();
    if let Some(provider) = provider {
        query = query.filter(reseller_authorizations::provider_tenant_id.eq(provider.as_str()));
    }
    if let Some(reseller) = reseller {
        query = query.filter(reseller_authorizations::reseller_tenant_id.eq(reseller.as_str()));
    }
    if active_only {
        query =
            query.filter(reseller_authorizations::state.eq(AuthorizationState::Active.as_str()));
    }
    let rows: Vec<(String, String, String, NaiveDateTime, Option<NaiveDateTime>)> = query
        .select((
            reseller_authorizations::provider_tenant_id,
            reseller_authorizations::reseller_tenant_id,
            reseller_authorizations::state,
            reseller_authorizations::created_at,
            reseller_authorizations::ended_at,
        ))
        .load(conn)?;
    // The other side of each authorization.
    let other = |(p, r, ..): &(String, String, String, NaiveDateTime, Option<NaiveDateTime>)| {
        if show == Show::Resellers {
            r.clone()
        } else {
            p.clone()
        }
    };
    let ids: Vec<String> = rows.iter().map(other).collect();
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let mut partners: std::collections::HashMap<String, Partner> = get_many(conn, &ids)?
        .into_iter()
        .map(|p| (p.tenant_id.to_string(), p))
        .collect();
    let mut found: Vec<Authorization> = rows
        .iter()
        .filter_map(|row| Some((partners.remove(&other(row))?, row)))
        .map(|(partner, row)| {
            Ok(Authorization {
                partner,
                active: super::stored::<AuthorizationState>(row.2.clone())?
                    == AuthorizationState::Active,
                since: row.3,
                ended_at: row.4,
            })
        })
        .collect::<QueryResult<_>>()?;
    found.sort_by(|a, b| {
        (!a.active, &a.partner.name, a.partner.tenant_id.as_str()).cmp(&(
            !b.active,
            &b.partner.name,
            b.partner.tenant_id.as_str(),
        ))
    });
    Ok(found)
}

/// Every reseller that has authorized this provider, active ones first, by name.
pub fn resellers_of(conn: &mut DbConn, provider: &TenantId) -> QueryResult<Vec<Authorization>> {
    authorizations(conn, Some(provider), None, false, Show::Resellers)
}

/// Every provider this reseller has authorized, active ones first, by name.
pub fn providers_authorized_by(
    conn: &mut DbConn,
    reseller: &TenantId,
) -> QueryResult<Vec<Authorization>> {
    authorizations(conn, None, Some(reseller), false, Show::Providers)
}

/// One current reseller of this provider (active authorization), or none.
pub fn reseller_of(
    conn: &mut DbConn,
    provider: &TenantId,
    reseller: &TenantId,
) -> QueryResult<Option<Authorization>> {
    Ok(authorizations(conn, Some(provider), Some(reseller), true, Show::Resellers)?.pop())
}

/// One provider this reseller currently authorizes, or none.
pub fn provider_of(
    conn: &mut DbConn,
    reseller: &TenantId,
    provider: &TenantId,
) -> QueryResult<Option<Authorization>> {
    Ok(authorizations(conn, Some(provider), Some(reseller), true, Show::Providers)?.pop())
}

/// Starts (or starts again) an authorization; false when it is active already.
pub fn start_authorization(
    conn: &mut DbConn,
    provider: &TenantId,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let restarted = diesel::update(
        reseller_authorizations::table
            .find((provider.as_str(), reseller.as_str()))
            .filter(reseller_authorizations::state.eq(AuthorizationState::Ended.as_str())),
    )
    .set((
        reseller_authorizations::state.eq(AuthorizationState::Active.as_str()),
        reseller_authorizations::created_at.eq(now),
        reseller_authorizations::ended_at.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    if restarted == 1 {
        return Ok(true);
    }
    let exists: bool = diesel::select(diesel::dsl::exists(
        reseller_authorizations::table.find((provider.as_str(), reseller.as_str())),
    ))
    .get_result(conn)?;
    if exists {
        return Ok(false);
    }
    authorize_reseller(conn, provider, reseller, now)?;
    Ok(true)
}

/// Ends an active authorization; false when there was none.
pub fn end_authorization(
    conn: &mut DbConn,
    provider: &TenantId,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        reseller_authorizations::table
            .find((provider.as_str(), reseller.as_str()))
            .filter(reseller_authorizations::state.eq(AuthorizationState::Active.as_str())),
    )
    .set((
        reseller_authorizations::state.eq(AuthorizationState::Ended.as_str()),
        reseller_authorizations::ended_at.eq(Some(now)),
    ))
    .execute(conn)
    .map(|n| n == 1)
}
