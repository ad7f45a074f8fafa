use crate::domain::states::AuthorizationState;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{partners, reseller_authorizations};
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

/// The key of a partner in a list by name: name, then tenant id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameKey {
    pub name: String,
    pub tenant_id: String,
}

/// Up to `limit` of the partners tied to `partner` by an active
/// authorization, on the side `show` lists, after `after`, by name then
/// tenant id.
pub fn tied_after(
    conn: &mut DbConn,
    partner: &TenantId,
    show: Show,
    after: Option<&NameKey>,
    limit: i64,
) -> QueryResult<Vec<Partner>> {
    use reseller_authorizations as ra;
    // The same query from either side of the authorization: `$own` is the
    // partner's column, `$other` the listed partners'.
    macro_rules! page {
        ($own:expr, $other:expr) => {{
            let mut query = partners::table
                .inner_join(ra::table.on($other.eq(partners::tenant_id)))
                .filter($own.eq(partner.as_str()))
                .filter(ra::state.eq(AuthorizationState::Active.as_str()))
                .into_boxed();
            if let Some(key) = after {
                query = query.filter(partners::name.ge(key.name.clone()));
                query = query.filter(
                    partners::name.gt(key.name.clone()).or(partners::name
                        .eq(key.name.clone())
                        .and(partners::tenant_id.gt(key.tenant_id.clone()))),
                );
            }
            query
                .order((partners::name, partners::tenant_id))
                .limit(limit)
                .select(PartnerRow::as_select())
                .load::<PartnerRow>(conn)
        }};
    }
    match show {
        Show::Resellers => page!(ra::provider_tenant_id, ra::reseller_tenant_id),
        Show::Providers => page!(ra::reseller_tenant_id, ra::provider_tenant_id),
    }
    .and_then(|rows| rows.into_iter().map(Partner::try_from).collect())
}

pub use super::candidates::{
    contact_candidate, contact_candidates, contact_candidates_if_ended, related_resellers,
    requesting_resellers, unrelated_resellers,
};

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

/// Which side of an authorization a list shows: a provider's resellers,
/// or a reseller's providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
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
