//! Granular delegated admin relationships: each scoped in its SQL to the
//! partner that asked for it or the customer that answers it.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{gdap_relationships as g, partners};
use crate::domain::gdap::{self, Facts, NewRelationship, Roles, Stored};
use crate::domain::states::AuthorizationState;
use crate::domain::{GdapId, TenantId};

/// One relationship as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gdap {
    pub id: GdapId,
    pub partner: TenantId,
    pub customer: TenantId,
    pub display_name: String,
    pub duration_days: i64,
    pub facts: Facts,
    pub activated_at: Option<NaiveDateTime>,
    pub end_reason: Option<String>,
}

type Row = (
    String,
    String,
    String,
    String,
    i32,
    i32,
    bool,
    String,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<String>,
);

macro_rules! columns {
    () => {
        (
            g::id,
            g::partner_tenant_id,
            g::customer_tenant_id,
            g::display_name,
            g::roles,
            g::duration_days,
            g::auto_extend,
            g::status,
            g::created_at,
            g::activated_at,
            g::end_at,
            g::ended_at,
            g::end_reason,
        )
    };
}

fn read(row: Row) -> QueryResult<Gdap> {
    let (id, partner, customer, display_name, roles, days, auto_extend, status, created_at) = (
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8,
    );
    let stored = Stored::parse(&status).ok_or_else(|| super::unknown("GDAP status", &status))?;
    Ok(Gdap {
        id: GdapId::from_trusted(id),
        partner: TenantId::from_trusted(partner),
        customer: TenantId::from_trusted(customer),
        display_name,
        duration_days: days.into(),
        facts: Facts {
            stored,
            roles: Roles::from_bits(roles),
            auto_extend,
            created_at,
            end_at: row.10,
            ended_at: row.11,
        },
        activated_at: row.9,
        end_reason: row.12,
    })
}

fn read_all(rows: Vec<Row>) -> QueryResult<Vec<Gdap>> {
    rows.into_iter().map(read).collect()
}

/// Whether the partner already has a relationship of this display name.
pub fn name_taken(conn: &mut DbConn, partner: &TenantId, name: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        g::table
            .filter(g::partner_tenant_id.eq(partner.as_str()))
            .filter(g::display_name.eq(name)),
    ))
    .get_result(conn)
}

/// A new request awaiting the customer's approval; gives the link token.
pub fn insert(
    conn: &mut DbConn,
    id: &GdapId,
    partner: &TenantId,
    customer: &TenantId,
    new: &NewRelationship,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let (raw, hash) = super::new_token();
    diesel::insert_into(g::table)
        .values((
            g::id.eq(id.as_str()),
            g::partner_tenant_id.eq(partner.as_str()),
            g::customer_tenant_id.eq(customer.as_str()),
            g::display_name.eq(&new.display_name),
            g::roles.eq(new.roles.bits()),
            g::duration_days.eq(new.duration_days as i32),
            g::auto_extend.eq(new.auto_extend),
            g::status.eq(Stored::ApprovalPending.as_str()),
            g::approval_token_hash.eq(hash),
            g::created_at.eq(now),
            g::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(raw)
}

/// The relationship an approval link names, while the link is unused.
pub fn by_token(conn: &mut DbConn, raw: &str) -> QueryResult<Option<Gdap>> {
    g::table
        .filter(g::approval_token_hash.eq(super::digest(raw)))
        .select(columns!())
        .first::<Row>(conn)
        .optional()?
        .map(read)
        .transpose()
}

/// One of the partner's relationships.
pub fn get_for_partner(
    conn: &mut DbConn,
    partner: &TenantId,
    id: &GdapId,
) -> QueryResult<Option<Gdap>> {
    g::table
        .filter(g::id.eq(id.as_str()))
        .filter(g::partner_tenant_id.eq(partner.as_str()))
        .select(columns!())
        .first::<Row>(conn)
        .optional()?
        .map(read)
        .transpose()
}

/// One of the customer's relationships.
pub fn get_for_customer(
    conn: &mut DbConn,
    customer: &TenantId,
    id: &GdapId,
) -> QueryResult<Option<Gdap>> {
    g::table
        .filter(g::id.eq(id.as_str()))
        .filter(g::customer_tenant_id.eq(customer.as_str()))
        .select(columns!())
        .first::<Row>(conn)
        .optional()?
        .map(read)
        .transpose()
}

/// The partner's relationships, newest first, at most `limit`.
pub fn list_for_partner(
    conn: &mut DbConn,
    partner: &TenantId,
    limit: i64,
) -> QueryResult<Vec<Gdap>> {
    read_all(
        g::table
            .filter(g::partner_tenant_id.eq(partner.as_str()))
            .order((g::created_at.desc(), g::id.desc()))
            .limit(limit)
            .select(columns!())
            .load(conn)?,
    )
}

/// The partner's active relationships that end within the warning period
/// without auto-extend (and have not ended yet), soonest first.
pub fn expiring_for_partner(
    conn: &mut DbConn,
    partner: &TenantId,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<Gdap>> {
    let soon = now + Duration::days(gdap::WARNING_DAYS[0]);
    read_all(
        g::table
            .filter(g::partner_tenant_id.eq(partner.as_str()))
            .filter(g::status.eq(Stored::Active.as_str()))
            .filter(g::auto_extend.eq(false))
            .filter(g::end_at.gt(now))
            .filter(g::end_at.le(soon))
            .order((g::end_at.asc(), g::id.asc()))
            .limit(limit)
            .select(columns!())
            .load(conn)?,
    )
}

/// The partner's relationships with one customer, newest first.
pub fn for_pair(
    conn: &mut DbConn,
    partner: &TenantId,
    customer: &TenantId,
) -> QueryResult<Vec<Gdap>> {
    read_all(
        g::table
            .filter(g::customer_tenant_id.eq(customer.as_str()))
            .filter(g::partner_tenant_id.eq(partner.as_str()))
            .order((g::created_at.desc(), g::id.desc()))
            .select(columns!())
            .load(conn)?,
    )
}

/// Every relationship of the customer, newest first.
pub fn list_for_customer(conn: &mut DbConn, customer: &TenantId) -> QueryResult<Vec<Gdap>> {
    read_all(
        g::table
            .filter(g::customer_tenant_id.eq(customer.as_str()))
            .order((g::created_at.desc(), g::id.desc()))
            .select(columns!())
            .load(conn)?,
    )
}

/// What rule 2 needs of these partners' relationships with the customer,
/// by partner tenant id.
pub fn facts_with_customer(
    conn: &mut DbConn,
    customer: &TenantId,
    partners: &[&str],
    ended: Option<&GdapId>,
) -> QueryResult<HashMap<String, Vec<Facts>>> {
    let mut out: HashMap<String, Vec<Facts>> = HashMap::new();
    if partners.is_empty() {
        return Ok(out);
    }
    for chunk in partners.chunks(super::subscriptions::IDS_PER_STATEMENT) {
        let rows: Vec<Row> = g::table
            .filter(g::customer_tenant_id.eq(customer.as_str()))
            .filter(g::partner_tenant_id.eq_any(chunk))
            .select(columns!())
            .load(conn)?;
        for mut row in read_all(rows)? {
            // As it would be once terminated: for "what would go back".
            if ended == Some(&row.id) {
                row.facts.stored = Stored::Terminated;
            }
            out.entry(row.partner.to_string())
                .or_default()
                .push(row.facts);
        }
    }
    Ok(out)
}

/// What rule 2 needs of one partner's relationships with these customers,
/// by customer tenant id.
pub fn facts_with_customers(
    conn: &mut DbConn,
    partner: &TenantId,
    customers: &[&str],
) -> QueryResult<HashMap<String, Vec<Facts>>> {
    let mut out: HashMap<String, Vec<Facts>> = HashMap::new();
    for chunk in customers.chunks(super::subscriptions::IDS_PER_STATEMENT) {
        let rows: Vec<Row> = g::table
            .filter(g::partner_tenant_id.eq(partner.as_str()))
            .filter(g::customer_tenant_id.eq_any(chunk))
            .select(columns!())
            .load(conn)?;
        for row in read_all(rows)? {
            out.entry(row.customer.to_string())
                .or_default()
                .push(row.facts);
        }
    }
    Ok(out)
}

/// What these customers' relationships with these partners are, by
/// (customer, partner) tenant ids: for a page of relationships, each pair
/// read through `gdap_relationships_pair`.
pub fn facts_for_pairs(
    conn: &mut DbConn,
    pairs: &[(&str, &str)],
) -> QueryResult<HashMap<(String, String), Vec<Facts>>> {
    let mut out: HashMap<(String, String), Vec<Facts>> = HashMap::new();
    let mut customers: Vec<&str> = pairs.iter().map(|(c, _)| *c).collect();
    customers.sort_unstable();
    customers.dedup();
    for chunk in customers.chunks(super::subscriptions::IDS_PER_STATEMENT) {
        let rows: Vec<Row> = g::table
            .filter(g::customer_tenant_id.eq_any(chunk))
            .select(columns!())
            .load(conn)?;
        for row in read_all(rows)? {
            let pair = (row.customer.to_string(), row.partner.to_string());
            if pairs.contains(&(pair.0.as_str(), pair.1.as_str())) {
                out.entry(pair).or_default().push(row.facts);
            }
        }
    }
    Ok(out)
}

/// The roles a provider requires of a reseller's GDAP relationship.
pub fn required_roles(conn: &mut DbConn, provider: &TenantId) -> QueryResult<Roles> {
    let bits: Option<i32> = partners::table
        .find(provider.as_str())
        .select(partners::required_gdap_roles)
        .first(conn)
        .optional()?;
    Ok(Roles::from_bits(bits.unwrap_or(0)))
}

pub fn set_required_roles(conn: &mut DbConn, provider: &TenantId, roles: Roles) -> QueryResult<()> {
    diesel::update(partners::table.find(provider.as_str()))
        .set(partners::required_gdap_roles.eq(roles.bits()))
        .execute(conn)
        .map(drop)
}

/// An active relationship of a reseller that holds none of the roles a
/// provider it works through requires: it does not give the reseller
/// delegated access under that provider (rule 2).
#[derive(Debug, Clone)]
pub struct ShortOfRoles {
    pub gdap: Gdap,
    pub provider: TenantId,
    pub required: Roles,
}

/// Active relationships, not past their end (or auto-extending), whose
/// roles meet none of `required`, at customers `provider` has an active
/// relationship with.
macro_rules! short_of {
    ($provider:expr, $required:expr, $now:expr) => {{
        use $crate::db::schema::relationships as r;
        g::table
            .filter(g::status.eq(Stored::Active.as_str()))
            .filter(
                g::end_at
                    .assume_not_null()
                    .gt($now)
                    .or(g::auto_extend.eq(true)),
            )
            .filter(
                BitAnd::new(
                    g::roles,
                    diesel::IntoSql::into_sql::<diesel::sql_types::Integer>($required.bits()),
                )
                .eq(0),
            )
            .filter(
                g::customer_tenant_id.eq_any(
                    r::table
                        .filter(r::partner_tenant_id.eq($provider.as_str()))
                        .filter(
                            r::state.eq($crate::domain::states::RelationshipState::Active.as_str()),
                        )
                        .select(r::customer_tenant_id),
                ),
            )
    }};
}

/// A provider's view: its active resellers' relationships with its own
/// customers that lack every role it requires (none when it requires
/// none), soonest end first, at most `limit`.
pub fn short_of_provider_roles(
    conn: &mut DbConn,
    provider: &TenantId,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<ShortOfRoles>> {
    use crate::db::schema::reseller_authorizations as a;
    let required = required_roles(conn, provider)?;
    if required.is_empty() {
        return Ok(Vec::new());
    }
    let found = short_of!(provider, required, now)
        .filter(
            g::partner_tenant_id.eq_any(
                a::table
                    .filter(a::provider_tenant_id.eq(provider.as_str()))
                    .filter(a::state.eq(AuthorizationState::Active.as_str()))
                    .select(a::reseller_tenant_id),
            ),
        )
        .order((g::end_at.asc(), g::id.asc()))
        .limit(limit)
        .select(columns!())
        .load(conn)?;
    read_all(found).map(|all| {
        all.into_iter()
            .map(|gdap| ShortOfRoles {
                gdap,
                provider: provider.clone(),
                required,
            })
            .collect()
    })
}

/// A reseller's view: its relationships that lack every role one of the
/// providers it works through requires, at that provider's customers;
/// soonest end first, at most `limit`.
pub fn short_of_required_roles(
    conn: &mut DbConn,
    reseller: &TenantId,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<ShortOfRoles>> {
    use crate::db::schema::reseller_authorizations as a;
    let providers: Vec<(String, i32)> = a::table
        .inner_join(partners::table.on(partners::tenant_id.eq(a::provider_tenant_id)))
        .filter(a::reseller_tenant_id.eq(reseller.as_str()))
        .filter(a::state.eq(AuthorizationState::Active.as_str()))
        .filter(partners::required_gdap_roles.ne(0))
        .order(a::provider_tenant_id.asc())
        .select((a::provider_tenant_id, partners::required_gdap_roles))
        .load(conn)?;
    let mut out = Vec::new();
    for (provider, bits) in providers {
        let provider = TenantId::from_trusted(provider);
        let required = Roles::from_bits(bits);
        let found = short_of!(provider, required, now)
            .filter(g::partner_tenant_id.eq(reseller.as_str()))
            .order((g::end_at.asc(), g::id.asc()))
            .limit(limit)
            .select(columns!())
            .load(conn)?;
        out.extend(read_all(found)?.into_iter().map(|gdap| ShortOfRoles {
            gdap,
            provider: provider.clone(),
            required,
        }));
    }
    out.sort_by(|x, y| (x.gdap.facts.end_at, &x.gdap.id).cmp(&(y.gdap.facts.end_at, &y.gdap.id)));
    out.truncate(limit.max(0) as usize);
    Ok(out)
}

/// Active relationships without auto-extend that end within the first
/// warning period and may still be owed a warning, with the nearest
/// warning given so far; soonest end first.
pub fn to_warn(
    conn: &mut DbConn,
    now: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<(Gdap, Option<i64>)>> {
    let soon = now + Duration::days(gdap::WARNING_DAYS[0]);
    let last = gdap::WARNING_DAYS[gdap::WARNING_DAYS.len() - 1] as i32;
    let rows: Vec<(Row, Option<i32>)> = g::table
        .filter(g::status.eq(Stored::Active.as_str()))
        .filter(g::auto_extend.eq(false))
        .filter(g::end_at.gt(now))
        .filter(g::end_at.le(soon))
        .filter(g::warned_days.is_null().or(g::warned_days.gt(last)))
        .order((g::end_at.asc(), g::id.asc()))
        .limit(limit)
        .select((columns!(), g::warned_days))
        .load(conn)?;
    rows.into_iter()
        .map(|(row, warned)| Ok((read(row)?, warned.map(i64::from))))
        .collect()
}

/// Writes that the `days` warning was given, unless it (or a nearer one)
/// was already: true when this call wrote it, so one server gives it.
pub fn mark_warned(conn: &mut DbConn, id: &GdapId, days: i64) -> QueryResult<bool> {
    let days = days as i32;
    let changed = diesel::update(
        g::table
            .filter(g::id.eq(id.as_str()))
            .filter(g::status.eq(Stored::Active.as_str()))
            .filter(g::warned_days.is_null().or(g::warned_days.gt(days))),
    )
    .set(g::warned_days.eq(days))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The customer approves: active from `now` for its duration; the link is
/// used up. False when it was no longer awaiting approval.
pub fn approve(conn: &mut DbConn, gdap: &Gdap, now: NaiveDateTime) -> QueryResult<bool> {
    let end = now + Duration::days(gdap.duration_days);
    let changed = diesel::update(
        g::table
            .filter(g::id.eq(gdap.id.as_str()))
            .filter(g::status.eq(Stored::ApprovalPending.as_str())),
    )
    .set((
        g::status.eq(Stored::Active.as_str()),
        g::approval_token_hash.eq(None::<String>),
        g::activated_at.eq(now),
        g::end_at.eq(end),
        g::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Ends it (`to`: expired or terminated) for `reason`, when it is still in
/// `from`; the link, if any, is used up. False when it was not.
pub fn end(
    conn: &mut DbConn,
    id: &GdapId,
    from: Stored,
    to: Stored,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        g::table
            .filter(g::id.eq(id.as_str()))
            .filter(g::status.eq(from.as_str())),
    )
    .set((
        g::status.eq(to.as_str()),
        g::approval_token_hash.eq(None::<String>),
        g::ended_at.eq(now),
        g::end_reason.eq(reason),
        g::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Auto-extension: the end moves on by 180 days, when it is still `end`.
pub fn extend(conn: &mut DbConn, gdap: &Gdap, now: NaiveDateTime) -> QueryResult<bool> {
    let Some(end) = gdap.facts.end_at else {
        return Ok(false);
    };
    let changed = diesel::update(
        g::table
            .filter(g::id.eq(gdap.id.as_str()))
            .filter(g::status.eq(Stored::Active.as_str()))
            .filter(g::end_at.eq(end)),
    )
    .set((
        g::end_at.eq(end + Duration::days(gdap::AUTO_EXTEND_DAYS)),
        g::updated_at.eq(now),
        g::warned_days.eq(None::<i32>),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The ids of up to `limit` relationships that have reached a date by
/// `now`: active past their end, or requests unanswered for 90 days.
pub fn due(conn: &mut DbConn, now: NaiveDateTime, limit: i64) -> QueryResult<Vec<GdapId>> {
    let lapse = now - Duration::days(gdap::APPROVAL_DAYS);
    let mut ids: Vec<String> = g::table
        .filter(g::status.eq(Stored::Active.as_str()))
        .filter(g::end_at.le(now))
        .order(g::end_at)
        .limit(limit)
        .select(g::id)
        .load(conn)?;
    let room = limit - ids.len() as i64;
    if room > 0 {
        ids.extend(
            g::table
                .filter(g::status.eq(Stored::ApprovalPending.as_str()))
                .filter(g::created_at.le(lapse))
                .order(g::created_at)
                .limit(room)
                .select(g::id)
                .load::<String>(conn)?,
        );
    }
    Ok(ids.into_iter().map(GdapId::from_trusted).collect())
}

/// One relationship, locked for the rest of the transaction on PostgreSQL
/// (another server's job waits, then sees what this one wrote); SQLite
/// writes one transaction at a time anyway.
pub fn lock(conn: &mut DbConn, id: &GdapId) -> QueryResult<Option<Gdap>> {
    let query = g::table.filter(g::id.eq(id.as_str())).select(columns!());
    let row: Option<Row> = match conn {
        DbConn::Postgres(pg) => query.for_update().first(pg).optional()?,
        DbConn::Sqlite(_) => query.first(conn).optional()?,
    };
    row.map(read).transpose()
}

diesel::infix_operator!(BitAnd, " & ", diesel::sql_types::Integer);

/// What counts as delegated access in a list's SQL: legacy DAP, or an
/// active GDAP relationship (not past its end, unless it auto-extends)
/// with one of `roles`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DelegatedAccess {
    pub now: NaiveDateTime,
    /// Any one of these roles will do (every role, when none is required).
    pub roles: i32,
}

impl DelegatedAccess {
    pub fn new(required: Roles, now: NaiveDateTime) -> Self {
        let roles = if required.is_empty() {
            Roles::from_bits(-1)
        } else {
            required
        };
        Self {
            now,
            roles: roles.bits(),
        }
    }

    /// As judged by `provider`'s required roles.
    pub fn of(conn: &mut DbConn, provider: &TenantId, now: NaiveDateTime) -> QueryResult<Self> {
        Ok(Self::new(required_roles(conn, provider)?, now))
    }
}

/// `relationships.delegated_admin OR EXISTS (an active GDAP relationship of
/// the same partner and customer with one of the roles)`, for a query over
/// `relationships`.
macro_rules! has_delegated_access {
    ($access:expr) => {{
        use $crate::db::schema::gdap_relationships as g;
        let access: $crate::store::gdap::DelegatedAccess = $access;
        relationships::delegated_admin
            .eq(true)
            .or(diesel::dsl::exists(
                g::table
                    .filter(g::customer_tenant_id.eq(relationships::customer_tenant_id))
                    .filter(g::partner_tenant_id.eq(relationships::partner_tenant_id))
                    .filter(g::status.eq($crate::domain::gdap::Stored::Active.as_str()))
                    .filter(
                        g::end_at
                            .assume_not_null()
                            .gt(access.now)
                            .or(g::auto_extend.eq(true)),
                    )
                    .filter(
                        $crate::store::gdap::BitAnd::new(
                            g::roles,
                            diesel::IntoSql::into_sql::<diesel::sql_types::Integer>(access.roles),
                        )
                        .ne(0),
                    ),
            ))
    }};
}
pub(crate) use has_delegated_access;
