//! A partner's Activity: pages of the changes that concern it, filtered by
//! customer, kind and dates, counted up to a bound, and the whole of a
//! filter for its export; each change with the names of what it concerns
//! (customer, subscription) and of who made it. A subscription's history
//! and the dashboard's recent changes name them the same way.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDateTime;
use diesel::QueryResult;

use super::Entry;
use crate::app::{PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::activity::{ActivityFilter, ChangeKind, Cursor, Maker, Shown};
use crate::domain::audit::Action;
use crate::domain::subscription::partner_access;
use crate::domain::{Subscription, TenantId};
use crate::store;
use crate::store::activity::{Customers, Direction, Filter};
pub use crate::store::support::Total;

/// Counting stops past this many changes: the page then says "more than".
pub const COUNT_BOUND: i64 = 1_000;

/// A customer name prefix that matches at most this many customers is
/// looked up first, then each one's changes read through their own index;
/// past it, the partner's changes are walked newest first and each
/// customer's name checked (many customers match: their rows are near).
const FEW_CUSTOMERS: i64 = 20;

/// Who made a change, as a viewer sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub maker: Maker,
    /// The user's display name (an address for someone known only by it);
    /// empty for an operator or the system, which the page words itself.
    pub name: String,
    /// The address the change was made as (a user's, or the one tried at
    /// sign-in); empty for an operator or the system.
    pub email: String,
    /// The user's organization (a partner or a customer); empty when
    /// unknown, an operator or the system.
    pub organization: String,
    /// The organization is the viewer's own.
    pub own: bool,
}

impl Person {
    pub fn is_system(&self) -> bool {
        self.maker == Maker::System
    }

    pub fn is_operator(&self) -> bool {
        self.maker == Maker::Operator
    }
}

/// The name alone, for a page that does not word operators and the system.
impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.maker {
            Maker::System => f.write_str(crate::domain::activity::SYSTEM_ACTOR),
            Maker::Operator => f.write_str(crate::domain::activity::COMMAND_LINE_ACTOR),
            Maker::User(_) | Maker::Address => f.write_str(&self.name),
        }
    }
}

/// One audit entry, with names instead of ids.
#[derive(Debug, Clone)]
pub struct ChangeView {
    pub id: i32,
    pub at: NaiveDateTime,
    pub actor: Person,
    /// The stored action (`support_contact.changed`...).
    pub action: String,
    /// What the Activity filter files it under.
    pub kind: Option<ChangeKind>,
    /// Empty when the change concerns no customer.
    pub customer_id: String,
    pub customer_name: String,
    /// The viewer may open the customer's page.
    pub customer_open: bool,
    /// Empty when the change concerns no subscription.
    pub subscription_id: String,
    /// The subscription's offer name.
    pub subscription_name: String,
    /// The viewer may open the subscription's page.
    pub subscription_open: bool,
    pub from_name: String,
    pub to_name: String,
    pub detail: String,
}

/// Whose page names the changes: what it links and what is its own.
#[derive(Debug, Clone, Copy)]
pub(super) enum Viewer<'a> {
    /// A partner: customers and subscriptions linked when its pages would
    /// open.
    Partner(&'a TenantId),
    /// A customer's admin: nothing linked (their pages are not per change).
    Customer(&'a TenantId),
}

/// Names what these entries concern and who made them, as `viewer` may
/// see them: customers and subscriptions linked when its pages would open,
/// people by display name and organization. A handful of queries however
/// many entries.
pub fn change_views(
    conn: &mut DbConn,
    viewer: &TenantId,
    entries: Vec<Entry>,
) -> Result<Vec<ChangeView>> {
    Ok(named(conn, Viewer::Partner(viewer), entries)?)
}

fn distinct<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

pub(super) fn named(
    conn: &mut DbConn,
    viewer: Viewer<'_>,
    entries: Vec<Entry>,
) -> QueryResult<Vec<ChangeView>> {
    if entries.is_empty() {
        return Ok(Vec::new());
    }
    let mut user_ids: Vec<i32> = entries.iter().filter_map(|e| e.actor_user_id).collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let people: HashMap<i32, store::users::Person> = store::users::people(conn, &user_ids)?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let subscription_ids = distinct(entries.iter().filter_map(|e| e.subscription_id.as_deref()));
    let subscriptions: HashMap<String, Subscription> =
        store::subscriptions::by_ids(conn, &subscription_ids)?
            .into_iter()
            .map(|s| (s.id.as_str().to_owned(), s))
            .collect();
    let row_customers = distinct(
        entries
            .iter()
            .filter_map(|e| e.customer_tenant_id.as_deref()),
    );
    let customer_ids = distinct(
        row_customers.iter().copied().chain(
            people
                .values()
                .filter_map(|p| p.customer_tenant_id.as_deref()),
        ),
    );
    let customers = store::customers::names(conn, &customer_ids)?;
    let openable = match viewer {
        Viewer::Partner(partner) => {
            store::relationships::active_among(conn, partner, &row_customers)?
        }
        Viewer::Customer(_) => Default::default(),
    };
    let partner_ids = distinct(
        entries
            .iter()
            .flat_map(|e| [&e.from_partner_tenant_id, &e.to_partner_tenant_id])
            .flatten()
            .map(String::as_str)
            .chain(
                people
                    .values()
                    .filter_map(|p| p.partner_tenant_id.as_deref()),
            ),
    );
    let partners: HashMap<String, String> = store::partners::get_many(conn, &partner_ids)?
        .into_iter()
        .map(|p| (p.tenant_id.into_string(), p.name))
        .collect();
    let partner_name = |id: &Option<String>| {
        id.as_ref()
            .map(|id| partners.get(id).cloned().unwrap_or_else(|| id.clone()))
            .unwrap_or_default()
    };
    let person = |e: &Entry| {
        let maker = Maker::of(e.actor_user_id, &e.actor_email);
        let (name, organization, own) = match maker {
            Maker::User(id) => match people.get(&id) {
                Some(p) => match (&p.partner_tenant_id, &p.customer_tenant_id) {
                    (Some(partner), _) => (
                        p.display_name.clone(),
                        partner_name(&Some(partner.clone())),
                        matches!(viewer, Viewer::Partner(v) if partner == v.as_str()),
                    ),
                    (None, Some(customer)) => (
                        p.display_name.clone(),
                        customers.get(customer).cloned().unwrap_or_default(),
                        matches!(viewer, Viewer::Customer(v) if customer == v.as_str()),
                    ),
                    (None, None) => (p.display_name.clone(), String::new(), false),
                },
                // Users are disabled, never deleted: this is not expected.
                None => (e.actor_email.clone(), String::new(), false),
            },
            Maker::Address => (e.actor_email.clone(), String::new(), false),
            Maker::Operator | Maker::System => (String::new(), String::new(), false),
        };
        let email = match maker {
            Maker::User(_) | Maker::Address => e.actor_email.clone(),
            Maker::Operator | Maker::System => String::new(),
        };
        Person {
            maker,
            name,
            email,
            organization,
            own,
        }
    };
    Ok(entries
        .into_iter()
        .map(|e| {
            let customer_id = e.customer_tenant_id.clone().unwrap_or_default();
            let customer_open = openable.contains(&customer_id);
            let subscription = e
                .subscription_id
                .as_deref()
                .and_then(|id| subscriptions.get(id));
            ChangeView {
                id: e.id,
                at: e.occurred_at,
                actor: person(&e),
                kind: Action::parse(&e.action).and_then(|a| match viewer {
                    Viewer::Partner(_) => ChangeKind::of(a),
                    Viewer::Customer(_) => ChangeKind::of_customer(a),
                }),
                customer_name: customers.get(&customer_id).cloned().unwrap_or_default(),
                subscription_name: subscription
                    .map(|s| s.offer_name.clone())
                    .unwrap_or_default(),
                // Its page opens when the viewer sees both the customer and
                // the subscription (rule 7).
                subscription_open: customer_open
                    && subscription.is_some_and(|s| match viewer {
                        Viewer::Partner(partner) => {
                            s.customer.as_str() == customer_id
                                && partner_access(partner, &s.parties).is_some()
                        }
                        Viewer::Customer(_) => false,
                    }),
                customer_open,
                customer_id,
                subscription_id: e.subscription_id.unwrap_or_default(),
                from_name: partner_name(&e.from_partner_tenant_id),
                to_name: partner_name(&e.to_partner_tenant_id),
                action: e.action,
                detail: e.detail,
            }
        })
        .collect())
}

/// Which page of a filter's changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// The newest changes.
    Newest,
    /// The changes before this one (older).
    Older(Cursor),
    /// The changes after this one (newer).
    Newer(Cursor),
}

/// One page of a filter's changes, newest first.
#[derive(Debug, Clone)]
pub struct ActivityPage {
    pub rows: Vec<ChangeView>,
    /// How many changes the filter shows in all, up to [`COUNT_BOUND`].
    pub total: Total,
    /// Where the page of newer changes ends, when there are newer ones.
    pub newer: Option<Cursor>,
    /// Where the page of older changes starts, when there are older ones.
    pub older: Option<Cursor>,
}

/// The filter as the store reads it; `None` when no customer's name
/// begins with the one asked for.
fn resolve(conn: &mut DbConn, filter: &ActivityFilter) -> QueryResult<Option<Filter>> {
    let customers = match &filter.customer {
        None => Customers::Any,
        Some(prefix) => {
            let found = store::activity::customers_named(conn, prefix, FEW_CUSTOMERS + 1)?;
            if found.is_empty() {
                return Ok(None);
            }
            if found.len() as i64 > FEW_CUSTOMERS {
                Customers::Named(prefix.clone())
            } else {
                Customers::Among(found)
            }
        }
    };
    Ok(Some(Filter {
        shown: filter.shown,
        customers,
        since: filter.since(),
        until: filter.until(),
    }))
}

/// A page of the changes the filter shows, with the total.
pub fn page(
    conn: &mut DbConn,
    caller: PartnerCaller,
    filter: &ActivityFilter,
    paging: Paging,
    per_page: i64,
) -> Result<ActivityPage> {
    let partner = &caller.partner.tenant_id;
    let found = crate::db::read(conn, |conn| {
        let Some(filter) = resolve(conn, filter)? else {
            return Ok(None);
        };
        let (entries, newer, older) = turn_page(paging, per_page, |cursor, limit| {
            store::activity::page(conn, partner, &filter, cursor, limit)
        })?;
        // A newest page with nothing older is the whole of it: counted.
        let total = if paging == Paging::Newest && older.is_none() {
            Total::Exactly(entries.len() as i64)
        } else {
            store::activity::count_up_to(conn, partner, &filter, COUNT_BOUND)?
        };
        Ok(Some(ActivityPage {
            rows: named(conn, Viewer::Partner(partner), entries)?,
            total,
            newer,
            older,
        }))
    })?;
    Ok(found.unwrap_or(ActivityPage {
        rows: Vec::new(),
        total: Total::Exactly(0),
        newer: None,
        older: None,
    }))
}

/// One page of rows read by key through `fetch(cursor, limit)`, newest
/// first, with where the newer and the older pages start (when there are
/// any): what a partner's Activity and a customer's Audit page through.
pub(super) fn turn_page(
    paging: Paging,
    per_page: i64,
    mut fetch: impl FnMut(Option<(Cursor, Direction)>, i64) -> QueryResult<Vec<Entry>>,
) -> QueryResult<(Vec<Entry>, Option<Cursor>, Option<Cursor>)> {
    let from = match paging {
        Paging::Newest => None,
        Paging::Older(from) => Some((from, Direction::Older)),
        Paging::Newer(from) => Some((from, Direction::Newer)),
    };
    let mut entries = fetch(from, per_page + 1)?;
    let more = entries.len() as i64 > per_page;
    entries.truncate(per_page as usize);
    match from {
        Some((_, Direction::Older)) => {
            let newer = entries.first().map(cursor_of);
            let older = more.then(|| entries.last().map(cursor_of)).flatten();
            Ok((entries, newer, older))
        }
        Some((_, Direction::Newer)) if more => {
            entries.reverse();
            let newer = entries.first().map(cursor_of);
            let older = entries.last().map(cursor_of);
            Ok((entries, newer, older))
        }
        // Back at the newest (from a newer page): that page, full.
        Some((_, Direction::Newer)) => turn_page(Paging::Newest, per_page, fetch),
        None => {
            let older = more.then(|| entries.last().map(cursor_of)).flatten();
            Ok((entries, None, older))
        }
    }
}

pub(super) fn cursor_of(entry: &Entry) -> Cursor {
    Cursor {
        at: entry.occurred_at,
        id: entry.id,
    }
}

/// The newest changes people made that concern the partner: the first
/// rows of its Activity as it opens.
pub fn recent(conn: &mut DbConn, caller: PartnerCaller, count: i64) -> Result<Vec<ChangeView>> {
    let partner = &caller.partner.tenant_id;
    let filter = Filter {
        shown: Shown::People,
        customers: Customers::Any,
        since: None,
        until: None,
    };
    let entries = store::activity::page(conn, partner, &filter, None, count)?;
    change_views(conn, partner, entries)
}

/// Every change the filter shows, newest first, `chunk` at a time, to
/// `sink` until it answers false; in one read transaction, so that the
/// export is one consistent view.
pub fn each_chunk(
    conn: &mut DbConn,
    caller: PartnerCaller,
    filter: &ActivityFilter,
    chunk: i64,
    mut sink: impl FnMut(Vec<ChangeView>) -> bool,
) -> Result<()> {
    let partner = &caller.partner.tenant_id;
    crate::db::read(conn, |conn| {
        let Some(filter) = resolve(conn, filter)? else {
            return Ok(());
        };
        let mut from: Option<Cursor> = None;
        loop {
            let mut entries = store::activity::page(
                conn,
                partner,
                &filter,
                from.map(|c| (c, Direction::Older)),
                chunk + 1,
            )?;
            let more = entries.len() as i64 > chunk;
            entries.truncate(chunk as usize);
            from = entries.last().map(cursor_of);
            let rows = named(conn, Viewer::Partner(partner), entries)?;
            if !sink(rows) || !more {
                return Ok(());
            }
        }
    })?;
    Ok(())
}
