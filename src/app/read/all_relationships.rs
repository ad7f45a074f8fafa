//! The partner's Relationships page: every relationship of its customers
//! that it may see (its own, and those of the partners of its channel, as
//! the customer page names them), filtered, sorted, paged by key and
//! counted up to a bound; and the whole of a filter for its export.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::QueryResult;

use crate::app::{PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::eligibility::GdapAccess;
use crate::domain::gdap::{Facts, Roles};
use crate::domain::states::RelationshipState;
use crate::store;
use crate::store::relationship_list::Listed;
pub use crate::store::relationship_list::{AccessKind, Filter, Key, Order};
pub use crate::store::support::Total;

/// Counting stops past this many relationships: the page then says "more than".
pub const COUNT_BOUND: i64 = 1_000;

/// The list's order: a column and its direction.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Customers from A to Z.
    #[default]
    Customer,
    /// From Z to A.
    CustomerDesc,
    /// The oldest relationships first.
    Since,
    /// The newest first.
    SinceDesc,
}

impl Sort {
    pub fn order(self) -> Order {
        match self {
            Self::Customer | Self::CustomerDesc => Order::Customer,
            Self::Since | Self::SinceDesc => Order::Since,
        }
    }

    pub fn descending(self) -> bool {
        matches!(self, Self::CustomerDesc | Self::SinceDesc)
    }
}

/// Which page of a filter's relationships.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Paging {
    First,
    /// The page after this row (the "next" link).
    After(Key),
    /// The page before it (the "previous" link).
    Before(Key),
}

/// The partner's side in a relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Provider,
    Reseller,
}

/// What a relationship gives the partner in the customer's tenant, at the
/// time of the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Delegated admin privileges from before GDAP.
    Legacy,
    /// An active GDAP relationship, until then (the latest to end).
    Gdap(Option<NaiveDateTime>),
    None,
}

/// One relationship as the page and the export show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelationshipRow {
    pub customer_id: String,
    pub customer_name: String,
    pub partner_id: String,
    pub partner_name: String,
    pub mpn_id: String,
    pub role: Role,
    pub access: Access,
    pub since: NaiveDateTime,
    pub active: bool,
    /// Where a page starts from this row.
    pub key: Key,
}

/// One page of the relationships.
#[derive(Debug, Clone)]
pub struct RelationshipPage {
    pub rows: Vec<RelationshipRow>,
    pub total: Total,
    /// Where the previous page ends (before its first row), when there is one.
    pub previous: Option<Key>,
    /// Where the next page starts (after its last row), when there is one.
    pub next: Option<Key>,
}

/// A page of what the filter shows, in `sort`, with the total.
pub fn page(
    conn: &mut DbConn,
    caller: PartnerCaller,
    filter: &Filter,
    sort: Sort,
    paging: Paging,
    per_page: i64,
    now: NaiveDateTime,
) -> Result<RelationshipPage> {
    let partner = &caller.partner.tenant_id;
    let order = sort.order();
    Ok(crate::db::read(conn, |conn| {
        let channel = store::relationship_list::channel(conn, partner)?;
        let read = |conn: &mut DbConn, descending: bool, from: Option<&Key>| {
            store::relationship_list::page(
                conn,
                partner,
                &channel,
                filter,
                order,
                descending,
                from,
                per_page + 1,
                now,
            )
        };
        let first = |conn: &mut DbConn| -> QueryResult<(Vec<Listed>, Option<Key>, Option<Key>)> {
            let mut rows = read(conn, sort.descending(), None)?;
            let more = rows.len() as i64 > per_page;
            rows.truncate(per_page as usize);
            let next = more.then(|| rows.last().map(|r| r.key(order))).flatten();
            Ok((rows, None, next))
        };
        let (rows, previous, next) = match &paging {
            Paging::First => first(conn)?,
            Paging::After(key) => {
                let mut rows = read(conn, sort.descending(), Some(key))?;
                let more = rows.len() as i64 > per_page;
                rows.truncate(per_page as usize);
                let previous = rows.first().map(|r| r.key(order));
                let next = more.then(|| rows.last().map(|r| r.key(order))).flatten();
                (rows, previous, next)
            }
            Paging::Before(key) => {
                let mut rows = read(conn, !sort.descending(), Some(key))?;
                if rows.len() as i64 > per_page {
                    rows.truncate(per_page as usize);
                    rows.reverse();
                    let previous = rows.first().map(|r| r.key(order));
                    let next = rows.last().map(|r| r.key(order));
                    (rows, previous, next)
                } else {
                    // Back at the start: the first page, full.
                    first(conn)?
                }
            }
        };
        // A first page with nothing after it is the whole of it: counted.
        let total = if previous.is_none() && next.is_none() {
            Total::Exactly(rows.len() as i64)
        } else {
            store::relationship_list::count_up_to(
                conn,
                partner,
                &channel,
                filter,
                COUNT_BOUND,
                now,
            )?
        };
        Ok(RelationshipPage {
            rows: described(conn, rows, order, now)?,
            total,
            previous,
            next,
        })
    })?)
}

/// Every relationship the filter shows, in `sort`, `chunk` at a time, to
/// `sink` until it answers false; in one read transaction, so that the
/// export is one consistent view.
pub fn each_chunk(
    conn: &mut DbConn,
    caller: PartnerCaller,
    filter: &Filter,
    sort: Sort,
    chunk: i64,
    now: NaiveDateTime,
    mut sink: impl FnMut(Vec<RelationshipRow>) -> bool,
) -> Result<()> {
    let partner = &caller.partner.tenant_id;
    let order = sort.order();
    crate::db::read(conn, |conn| {
        let channel = store::relationship_list::channel(conn, partner)?;
        let mut from: Option<Key> = None;
        loop {
            let mut rows = store::relationship_list::page(
                conn,
                partner,
                &channel,
                filter,
                order,
                sort.descending(),
                from.as_ref(),
                chunk + 1,
                now,
            )?;
            let more = rows.len() as i64 > chunk;
            rows.truncate(chunk as usize);
            from = rows.last().map(|r| r.key(order));
            if !sink(described(conn, rows, order, now)?) || !more {
                return Ok(());
            }
        }
    })?;
    Ok(())
}

/// The rows with their role and their delegated access at `now`: legacy
/// DAP first, else an active GDAP relationship (judged as every page
/// judges it: past its end it has expired), whatever its roles.
fn described(
    conn: &mut DbConn,
    rows: Vec<Listed>,
    order: Order,
    now: NaiveDateTime,
) -> QueryResult<Vec<RelationshipRow>> {
    let pairs: Vec<(&str, &str)> = rows
        .iter()
        .filter(|r| !r.delegated_admin)
        .map(|r| (r.customer.as_str(), r.partner.tenant_id.as_str()))
        .collect();
    let gdap: HashMap<(String, String), Vec<Facts>> = if pairs.is_empty() {
        HashMap::new()
    } else {
        store::gdap::facts_for_pairs(conn, &pairs)?
    };
    Ok(rows
        .into_iter()
        .map(|row| {
            let access = if row.delegated_admin {
                Access::Legacy
            } else {
                let pair = (row.customer.clone(), row.partner.tenant_id.to_string());
                let facts = gdap.get(&pair).map_or(&[][..], Vec::as_slice);
                match GdapAccess::of(facts, Roles::NONE, now) {
                    GdapAccess::Granted => Access::Gdap(
                        facts
                            .iter()
                            .filter(|f| f.status_at(now).grants_access())
                            .filter_map(|f| f.end_at)
                            .max(),
                    ),
                    _ => Access::None,
                }
            };
            RelationshipRow {
                key: row.key(order),
                role: if row.partner.kind.transacts() {
                    Role::Provider
                } else {
                    Role::Reseller
                },
                access,
                since: row.since,
                active: row.state == RelationshipState::Active,
                customer_id: row.customer,
                customer_name: row.company_name,
                partner_id: row.partner.tenant_id.into_string(),
                partner_name: row.partner.name,
                mpn_id: row.partner.mpn_id,
            }
        })
        .collect())
}
