//! A customer's Audit: pages of what happened in its tenant (changes to its
//! subscriptions and relationships, to its users, sign-ins refused to
//! them), filtered by subscription, kind and dates, counted up to a bound,
//! and the whole of a filter for its export; each change with the names of
//! what it concerns and of who made it, as a partner's Activity names them.

use super::activity::{
    ActivityPage, COUNT_BOUND, ChangeView, Paging, Total, Viewer, cursor_of, named, turn_page,
};
use crate::app::{CustomerCaller, Result};
use crate::db::DbConn;
use crate::domain::activity::{AuditFilter, Cursor};
use crate::store;
use crate::store::activity::Direction;
use crate::store::customer_activity::Filter;

/// A customer with more subscriptions than this chooses one by its id
/// rather than from a list.
pub const CHOICES_MAX: i64 = 200;

/// One of the customer's subscriptions, as the filter offers it.
#[derive(Debug, Clone)]
pub struct SubscriptionChoice {
    pub id: String,
    pub friendly_name: String,
    pub offer_name: String,
}

/// The Audit page: what the filter shows (none when it has problems), and
/// the customer's subscriptions to choose from (none past
/// [`CHOICES_MAX`]: the id is typed).
#[derive(Debug, Clone)]
pub struct AuditPage {
    pub found: Option<ActivityPage>,
    pub subscriptions: Vec<SubscriptionChoice>,
}

fn store_filter(filter: &AuditFilter) -> Filter {
    Filter {
        shown: filter.shown,
        subscription: filter.subscription.clone(),
        since: filter.since(),
        until: filter.until(),
    }
}

/// The page for a filter (`None`: it has problems, only the choices are
/// read), in one read transaction.
pub fn page(
    conn: &mut DbConn,
    caller: CustomerCaller,
    filter: Option<&AuditFilter>,
    paging: Paging,
    per_page: i64,
) -> Result<AuditPage> {
    let customer = &caller.customer.tenant_id;
    Ok(crate::db::read(conn, |conn| {
        let mut names = store::subscriptions::names_for_customer(conn, customer, CHOICES_MAX + 1)?;
        if names.len() as i64 > CHOICES_MAX {
            names.clear();
        }
        let subscriptions = names
            .into_iter()
            .map(|(id, friendly_name, offer_name)| SubscriptionChoice {
                id,
                friendly_name,
                offer_name,
            })
            .collect();
        let Some(filter) = filter else {
            return Ok::<_, diesel::result::Error>(AuditPage {
                found: None,
                subscriptions,
            });
        };
        let filter = store_filter(filter);
        let (entries, newer, older) = turn_page(paging, per_page, |cursor, limit| {
            store::customer_activity::page(conn, customer, &filter, cursor, limit)
        })?;
        // A newest page with nothing older is the whole of it: counted.
        let total = if paging == Paging::Newest && older.is_none() {
            Total::Exactly(entries.len() as i64)
        } else {
            store::customer_activity::count_up_to(conn, customer, &filter, COUNT_BOUND)?
        };
        Ok(AuditPage {
            found: Some(ActivityPage {
                rows: named(conn, Viewer::Customer(customer), entries)?,
                total,
                newer,
                older,
            }),
            subscriptions,
        })
    })?)
}

/// Every change the filter shows, newest first, `chunk` at a time, to
/// `sink` until it answers false; in one read transaction, so that the
/// export is one consistent view.
pub fn each_chunk(
    conn: &mut DbConn,
    caller: CustomerCaller,
    filter: &AuditFilter,
    chunk: i64,
    mut sink: impl FnMut(Vec<ChangeView>) -> bool,
) -> Result<()> {
    let customer = &caller.customer.tenant_id;
    let filter = store_filter(filter);
    crate::db::read(conn, |conn| {
        let mut from: Option<Cursor> = None;
        loop {
            let mut entries = store::customer_activity::page(
                conn,
                customer,
                &filter,
                from.map(|c| (c, Direction::Older)),
                chunk + 1,
            )?;
            let more = entries.len() as i64 > chunk;
            entries.truncate(chunk as usize);
            from = entries.last().map(cursor_of);
            let rows = named(conn, Viewer::Customer(customer), entries)?;
            if !sink(rows) || !more {
                return Ok::<_, diesel::result::Error>(());
            }
        }
    })?;
    Ok(())
}
