//! A provider's resellers a page at a time, by key: current authorizations
//! first, then ended ones, each by name then tenant id.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::partners::{Authorization, PartnerRow};
use crate::db::DbConn;
use crate::db::schema::{partners, reseller_authorizations as ra};
use crate::domain::states::AuthorizationState;
use crate::domain::{Partner, TenantId};

/// A page of the provider's resellers, and whether more follow.
#[derive(Debug, Clone)]
pub struct ResellerPage {
    pub rows: Vec<Authorization>,
    pub more: bool,
}

type Row = (PartnerRow, NaiveDateTime, Option<NaiveDateTime>);

/// The `limit` resellers of `provider` that follow the reseller `after` in
/// the list's order (from the start when it is none, or not one of the
/// provider's resellers); with `state`, only the authorizations in it.
pub fn page(
    conn: &mut DbConn,
    provider: &TenantId,
    state: Option<AuthorizationState>,
    after: Option<&TenantId>,
    limit: i64,
) -> QueryResult<ResellerPage> {
    // The key's place: its state, then its name and id.
    let key: Option<(String, String, String)> = match after {
        None => None,
        Some(reseller) => ra::table
            .inner_join(partners::table.on(partners::tenant_id.eq(ra::reseller_tenant_id)))
            .filter(ra::provider_tenant_id.eq(provider.as_str()))
            .filter(ra::reseller_tenant_id.eq(reseller.as_str()))
            .select((ra::state, partners::name, partners::tenant_id))
            .first(conn)
            .optional()?,
    };
    // A key outside the state asked for starts from the beginning.
    let key = key.filter(|(at, ..)| state.is_none_or(|only| only.as_str() == at));
    let segments = [AuthorizationState::Active, AuthorizationState::Ended];
    let start = match &key {
        Some((state, ..)) if state == AuthorizationState::Ended.as_str() => 1,
        _ => 0,
    };
    let mut rows: Vec<Authorization> = Vec::new();
    let segments = segments.iter().enumerate().skip(start);
    for (index, state) in segments.filter(|(_, s)| state.is_none_or(|only| only == **s)) {
        let wanted = limit + 1 - rows.len() as i64;
        if wanted <= 0 {
            break;
        }
        let mut query = ra::table
            .inner_join(partners::table.on(partners::tenant_id.eq(ra::reseller_tenant_id)))
            .filter(ra::provider_tenant_id.eq(provider.as_str()))
            .filter(ra::state.eq(state.as_str()))
            .into_boxed();
        if let Some((_, name, id)) = key.as_ref().filter(|_| index == start) {
            query = query.filter(partners::name.ge(name.clone()));
            query = query.filter(
                partners::name.gt(name.clone()).or(partners::name
                    .eq(name.clone())
                    .and(partners::tenant_id.gt(id.clone()))),
            );
        }
        let found: Vec<Row> = query
            .order((partners::name, partners::tenant_id))
            .limit(wanted)
            .select((PartnerRow::as_select(), ra::created_at, ra::ended_at))
            .load(conn)?;
        for (partner, since, ended_at) in found {
            rows.push(Authorization {
                partner: Partner::try_from(partner)?,
                active: *state == AuthorizationState::Active,
                since,
                ended_at,
            });
        }
    }
    let more = rows.len() as i64 > limit;
    rows.truncate(limit.max(0) as usize);
    Ok(ResellerPage { rows, more })
}
