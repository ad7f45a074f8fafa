//! A page of the partner's customer list, whole or searched, walked by key
//! from a cursor: each page costs about the same on a list of a hundred
//! customers or a hundred thousand, first page or last.
//!
//! Three ways to a page, each scoped to the partner in its SQL:
//! - the whole list: one range of the list's index, and the kept count;
//! - a search the index answers (three characters or more, and at most
//!   [`SEARCH_INDEX_BOUND`] customers match): every match of the partner,
//!   counted, paged in memory;
//! - any other search: a walk of the list in name order that looks through
//!   at most [`SCAN_BOUND`] customers a page and says which ones it looked
//!   through; the next page goes on from there. No count: it would read the
//!   whole list.

mod walk;

use super::CustomerListItem;
use crate::app::{PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::TenantId;
use crate::domain::customer::Search;
use crate::store;
use crate::store::customer_list::Listed;
use walk::{REACH, walk};

pub use crate::store::customer_list::CustomerKey;

/// A search the index finds more customers for than this (of every
/// partner) is walked instead: up to it, the index's answer costs a few
/// milliseconds at most, whatever the number of customers.
pub const SEARCH_INDEX_BOUND: i64 = 250;
/// Customers a walked search looks through for one page.
pub const SCAN_BOUND: i64 = 2_000;

/// Where a page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    First,
    /// Just after this customer of the list (the "next" link).
    After(CustomerKey),
    /// Just before it (the "previous" link).
    Before(CustomerKey),
}

/// A page of the list and the way to the pages around it.
#[derive(Debug, Default)]
pub struct CustomerPage {
    pub items: Vec<CustomerListItem>,
    /// The partner's customers, or those matching the search; `None` for a
    /// walked search, which does not count.
    pub total: Option<i64>,
    /// The position of the first item in the list, when known.
    pub first_position: Option<i64>,
    /// The key the "previous" link starts before.
    pub previous: Option<CustomerKey>,
    /// The key the "next" link starts after.
    pub next: Option<CustomerKey>,
    /// The company names of the first and the last customer the page
    /// covers: for a walked search, the first and the last it looked through.
    pub span: Option<(String, String)>,
}

/// Which of the partner's customers a page lists, and in which order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Listing {
    /// Only the customers whose relationship has (`Some(true)`) or has not
    /// (`Some(false)`) delegated admin privileges.
    pub delegated_admin: Option<bool>,
    /// Company names from Z to A.
    pub descending: bool,
}

pub fn customers(
    conn: &mut DbConn,
    caller: PartnerCaller,
    search: Option<&str>,
    listing: Listing,
    start: Start,
    per_page: i64,
) -> Result<CustomerPage> {
    let partner = &caller.partner.tenant_id;
    Ok(crate::db::read(conn, |conn| {
        let (listed, mut page) = match search {
            None => whole_list(conn, partner, listing, start, per_page)?,
            Some(needle) => {
                match store::customer_list::search_index(conn, partner, needle, SEARCH_INDEX_BOUND)?
                {
                    Some(mut matches) => {
                        if let Some(with) = listing.delegated_admin {
                            matches.retain(|m| m.delegated_admin == with);
                        }
                        if listing.descending {
                            matches.reverse();
                        }
                        matched(&matches, &start, per_page)
                    }
                    None => {
                        let (listed, mut page) = walk(
                            conn,
                            partner,
                            Some(&Search::new(needle)),
                            listing,
                            start,
                            per_page,
                            REACH,
                        )?;
                        // Looked through the whole list: it knows how many match.
                        if page.previous.is_none() && page.next.is_none() {
                            page.total = Some(listed.len() as i64);
                        }
                        (listed, page)
                    }
                }
            }
        };
        page.items = store::customers::list_items(conn, partner, &listed)?;
        Ok(page)
    })?)
}

fn whole_list(
    conn: &mut DbConn,
    partner: &TenantId,
    listing: Listing,
    start: Start,
    per_page: i64,
) -> diesel::QueryResult<(Vec<Listed>, CustomerPage)> {
    let counts = store::customer_list::counts(conn, partner)?;
    let total = match listing.delegated_admin {
        None => counts.customers,
        Some(with) => counts.customers_by_access(with),
    };
    let (listed, mut page) = walk(conn, partner, None, listing, start, per_page, REACH)?;
    page.total = Some(total);
    Ok((listed, page))
}

/// A page of a search the index answered, from all of the partner's
/// matches in list order. A key that is not one of them starts at the first.
fn matched(matches: &[Listed], start: &Start, per_page: i64) -> (Vec<Listed>, CustomerPage) {
    let per_page = usize::try_from(per_page).unwrap_or(1).max(1);
    let at = |key: &CustomerKey| matches.iter().position(|m| m.key() == *key);
    let from = match start {
        Start::First => 0,
        Start::After(key) => at(key).map_or(0, |i| i + 1),
        Start::Before(key) => at(key).map_or(0, |i| i.saturating_sub(per_page)),
    };
    // Past the last match (a link older than the matches): the first page.
    let from = if from < matches.len() { from } else { 0 };
    let to = (from + per_page).min(matches.len());
    let shown = matches[from..to].to_vec();
    let page = CustomerPage {
        total: Some(matches.len() as i64),
        first_position: Some(from as i64 + 1),
        previous: (from > 0).then(|| matches[from].key()),
        next: (to < matches.len()).then(|| matches[to - 1].key()),
        ..CustomerPage::default()
    };
    (shown, page)
}
