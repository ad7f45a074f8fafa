//! Every relationship a partner may see across its customers, as the
//! Relationships page and its export read them: for each customer of the
//! partner's list (`partner_customers`, its active relationships), that
//! customer's relationships with the partner and with the partners of its
//! channel (the resellers that authorized a provider, the providers a
//! reseller authorized; authorizations in force), as the customer page
//! names them.
//!
//! In customer order a page is a range of the partner's list from the
//! cursor's customer on, each customer's relationships read by the primary
//! key of `relationships`; in the order of their start, a range of each
//! channel partner's relationships by date (`relationships_partner_since`),
//! those of the partner's customers kept. Counting stops past a bound.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::{exists, sql};
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::query_builder::QueryFragment;
use diesel::sql_types::{Bool, Text, Timestamp};

use super::lower;
use super::support::Total;
use crate::db::schema::{
    customers as c, gdap_relationships as g, partner_customers as pc, relationships as r,
    reseller_authorizations as ra,
};
use crate::db::{Backend, DbConn};
use crate::domain::gdap::Stored;
use crate::domain::states::{AuthorizationState, RelationshipState};
use crate::domain::{Partner, TenantId};

/// Which relationships a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub state: Option<RelationshipState>,
    pub access: Option<AccessKind>,
    /// Part of the customer's company name or domain, any case.
    pub customer: Option<String>,
}

/// Delegated access as the filter names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessKind {
    /// Delegated admin privileges from before GDAP.
    Legacy,
    /// No legacy DAP, and an active GDAP relationship not past its end.
    Gdap,
    /// Neither.
    None,
}

/// Where a page starts from, in the order it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// By customer name, then the customer and partner tenant ids.
    Customer {
        company_name: String,
        customer: String,
        partner: String,
    },
    /// By the relationship's start, then the customer and partner tenant ids.
    Since {
        at: NaiveDateTime,
        customer: String,
        partner: String,
    },
}

/// The order a list is read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Customer,
    Since,
}

/// One relationship as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub company_name: String,
    pub customer: String,
    pub partner: Partner,
    pub state: RelationshipState,
    pub delegated_admin: bool,
    pub since: NaiveDateTime,
}

impl Listed {
    /// The row's key in `order`.
    pub fn key(&self, order: Order) -> Key {
        match order {
            Order::Customer => Key::Customer {
                company_name: self.company_name.clone(),
                customer: self.customer.clone(),
                partner: self.partner.tenant_id.to_string(),
            },
            Order::Since => Key::Since {
                at: self.since,
                customer: self.customer.clone(),
                partner: self.partner.tenant_id.to_string(),
            },
        }
    }
}

/// The partner and the partners of its channel: the resellers that have
/// authorized it, the providers it has authorized (authorizations in force).
pub fn channel(conn: &mut DbConn, partner: &TenantId) -> QueryResult<Vec<String>> {
    let mut ids: Vec<String> = ra::table
        .filter(ra::provider_tenant_id.eq(partner.as_str()))
        .filter(ra::state.eq(AuthorizationState::Active.as_str()))
        .select(ra::reseller_tenant_id)
        .load(conn)?;
    ids.extend(
        ra::table
            .filter(ra::reseller_tenant_id.eq(partner.as_str()))
            .filter(ra::state.eq(AuthorizationState::Active.as_str()))
            .select(ra::provider_tenant_id)
            .load::<String>(conn)?,
    );
    ids.push(partner.as_str().to_owned());
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Narrows a boxed query over `relationships` (joined to what holds the
/// customer's name and domain, `$name` and `$domain`) to what the filter shows.
macro_rules! narrowed {
    ($query:expr, $filter:expr, $now:expr, $name:expr, $domain:expr) => {{
        let filter: &Filter = $filter;
        let now: NaiveDateTime = $now;
        let mut query = $query;
        if let Some(state) = filter.state {
            query = query.filter(r::state.eq(state.as_str()));
        }
        let granular = || {
            exists(
                g::table
                    .filter(g::customer_tenant_id.eq(r::customer_tenant_id))
                    .filter(g::partner_tenant_id.eq(r::partner_tenant_id))
                    .filter(g::status.eq(Stored::Active.as_str()))
                    .filter(
                        g::end_at
                            .is_null()
                            .or(g::end_at.assume_not_null().gt(now))
                            .or(g::auto_extend.eq(true)),
                    ),
            )
        };
        query = match filter.access {
            None => query,
            Some(AccessKind::Legacy) => query.filter(r::delegated_admin.eq(true)),
            Some(AccessKind::Gdap) => query
                .filter(r::delegated_admin.eq(false))
                .filter(granular()),
            Some(AccessKind::None) => query
                .filter(r::delegated_admin.eq(false))
                .filter(diesel::dsl::not(granular())),
        };
        if let Some(needle) = &filter.customer {
            let pattern = contains(needle);
            query = query.filter(
                lower($name)
                    .like(lower(pattern.clone()))
                    .escape('\\')
                    .or(lower($domain).like(lower(pattern)).escape('\\')),
            );
        }
        query
    }};
}

/// In customer order: the partner's list from its key on, each customer's
/// relationships by the primary key of `relationships`. The channel's test
/// is an expression of the partner column, so that no planner reads the
/// channel's relationships by partner instead (all of a large provider's).
macro_rules! by_customer {
    ($me:expr, $channel:expr, $filter:expr, $now:expr) => {{
        let me: &str = $me;
        let channel: &[String] = $channel;
        let query = pc::table
            .inner_join(r::table.on(r::customer_tenant_id.eq(pc::customer_tenant_id)))
            .filter(pc::partner_tenant_id.eq(me.to_owned()))
            .filter(r::partner_tenant_id.concat("").eq_any(channel.to_vec()))
            .into_boxed();
        narrowed!(query, $filter, $now, pc::company_name, pc::domain)
    }};
}

/// In the order of their start: the channel's relationships by
/// `relationships_partner_since` (migration 019), those of the partner's
/// customers kept (`partner_customers_customer`).
macro_rules! by_since {
    ($me:expr, $channel:expr, $filter:expr, $now:expr) => {{
        let me: &str = $me;
        let channel: &[String] = $channel;
        let query = r::table
            .inner_join(c::table.on(c::tenant_id.eq(r::customer_tenant_id)))
            .filter(r::partner_tenant_id.eq_any(channel.to_vec()))
            .filter(exists(
                pc::table
                    .filter(pc::customer_tenant_id.eq(r::customer_tenant_id))
                    .filter(pc::partner_tenant_id.eq(me.to_owned())),
            ))
            .into_boxed();
        narrowed!(query, $filter, $now, c::company_name, c::domain)
    }};
}

/// `LIKE` pattern for text that holds `needle`, wildcards escaped; lowered
/// in SQL on both sides, so that each backend folds case its own way.
fn contains(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The comparisons that go past a key, `descending` or not.
fn operators(descending: bool) -> (&'static str, &'static str) {
    if descending {
        (") <= (", ") < (")
    } else {
        (") >= (", ") > (")
    }
}

/// The rows past a key in customer order, as row-value comparisons: the
/// customer's pair alone first, which both backends seek the list's key
/// to, then the whole key.
fn past_customer(
    company_name: &str,
    customer: &str,
    partner: &str,
    descending: bool,
) -> SqlLiteral<Bool, impl QueryFragment<Backend>> {
    let (at_least, past) = operators(descending);
    sql::<Bool>("(partner_customers.company_name, partner_customers.customer_tenant_id")
        .sql(at_least)
        .bind::<Text, _>(company_name.to_owned())
        .sql(", ")
        .bind::<Text, _>(customer.to_owned())
        .sql(
            ") AND (partner_customers.company_name, partner_customers.customer_tenant_id, \
             relationships.partner_tenant_id",
        )
        .sql(past)
        .bind::<Text, _>(company_name.to_owned())
        .sql(", ")
        .bind::<Text, _>(customer.to_owned())
        .sql(", ")
        .bind::<Text, _>(partner.to_owned())
        .sql(")")
}

/// The rows past a key in the order of their start.
fn past_since(
    at: NaiveDateTime,
    customer: &str,
    partner: &str,
    descending: bool,
) -> SqlLiteral<Bool, impl QueryFragment<Backend>> {
    let (at_least, past) = operators(descending);
    sql::<Bool>("(relationships.created_at")
        .sql(at_least)
        .bind::<Timestamp, _>(at)
        .sql(
            ") AND (relationships.created_at, relationships.customer_tenant_id, \
             relationships.partner_tenant_id",
        )
        .sql(past)
        .bind::<Timestamp, _>(at)
        .sql(", ")
        .bind::<Text, _>(customer.to_owned())
        .sql(", ")
        .bind::<Text, _>(partner.to_owned())
        .sql(")")
}

/// Up to `limit` of the partner's relationships the filter shows, in
/// `order` (`descending` or not), from past `from` or from the start;
/// `channel` as [`channel`] gives it.
#[allow(clippy::too_many_arguments)]
pub fn page(
    conn: &mut DbConn,
    partner: &TenantId,
    channel: &[String],
    filter: &Filter,
    order: Order,
    descending: bool,
    from: Option<&Key>,
    limit: i64,
    now: NaiveDateTime,
) -> QueryResult<Vec<Listed>> {
    type Row = (String, String, String, String, bool, NaiveDateTime);
    let rows: Vec<Row> = match order {
        Order::Customer => {
            let mut query = by_customer!(partner.as_str(), channel, filter, now);
            if let Some(Key::Customer {
                company_name,
                customer,
                partner,
            }) = from
            {
                query = query.filter(past_customer(company_name, customer, partner, descending));
            }
            query = if descending {
                query.order((
                    pc::company_name.desc(),
                    pc::customer_tenant_id.desc(),
                    r::partner_tenant_id.desc(),
                ))
            } else {
                query.order((
                    pc::company_name.asc(),
                    pc::customer_tenant_id.asc(),
                    r::partner_tenant_id.asc(),
                ))
            };
            query
                .select((
                    pc::company_name,
                    pc::customer_tenant_id,
                    r::partner_tenant_id,
                    r::state,
                    r::delegated_admin,
                    r::created_at,
                ))
                .limit(limit)
                .load(conn)?
        }
        Order::Since => {
            let mut query = by_since!(partner.as_str(), channel, filter, now);
            if let Some(Key::Since {
                at,
                customer,
                partner,
            }) = from
            {
                query = query.filter(past_since(*at, customer, partner, descending));
            }
            query = if descending {
                query.order((
                    r::created_at.desc(),
                    r::customer_tenant_id.desc(),
                    r::partner_tenant_id.desc(),
                ))
            } else {
                query.order((
                    r::created_at.asc(),
                    r::customer_tenant_id.asc(),
                    r::partner_tenant_id.asc(),
                ))
            };
            query
                .select((
                    c::company_name,
                    r::customer_tenant_id,
                    r::partner_tenant_id,
                    r::state,
                    r::delegated_admin,
                    r::created_at,
                ))
                .limit(limit)
                .load(conn)?
        }
    };
    let mut ids: Vec<&str> = rows.iter().map(|row| row.2.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let partners: HashMap<String, Partner> = super::partners::get_many(conn, &ids)?
        .into_iter()
        .map(|p| (p.tenant_id.as_str().to_owned(), p))
        .collect();
    rows.into_iter()
        .map(
            |(company_name, customer, partner, state, delegated_admin, since)| {
                let found = partners
                    .get(&partner)
                    .cloned()
                    .ok_or_else(|| super::unknown("partner", &partner))?;
                Ok(Listed {
                    company_name,
                    customer,
                    partner: found,
                    state: super::stored(state)?,
                    delegated_admin,
                    since,
                })
            },
        )
        .collect()
}

/// How many of the partner's relationships the filter shows, counted up to
/// `bound` in customer order.
pub fn count_up_to(
    conn: &mut DbConn,
    partner: &TenantId,
    channel: &[String],
    filter: &Filter,
    bound: i64,
    now: NaiveDateTime,
) -> QueryResult<Total> {
    let found = by_customer!(partner.as_str(), channel, filter, now)
        .order((
            pc::company_name.asc(),
            pc::customer_tenant_id.asc(),
            r::partner_tenant_id.asc(),
        ))
        .select(r::partner_tenant_id)
        .limit(bound + 1)
        .load::<String>(conn)?
        .len() as i64;
    Ok(if found > bound {
        Total::MoreThan(bound)
    } else {
        Total::Exactly(found)
    })
}
