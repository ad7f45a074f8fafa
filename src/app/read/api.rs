//! What the REST API's directory endpoints read: the partner's customers,
//! the partners tied to it, its audit entries and the subscriptions it sees.
//! Lists come a page at a time, after the key of the last item shown.

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::{Entry, partner_names};
use crate::app::{Error, PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::{Customer, Partner, PartnerKind, TenantId};
use crate::store;
use crate::store::directory::Side;
use crate::store::partners::Show;

pub use crate::store::directory::{CustomerKey, SupportRow, SupportRowKey};
pub use crate::store::partners::NameKey;

/// A page of a list, and whether another follows it.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub more: bool,
}

impl<T> Page<T> {
    /// Reads `size + 1` items to learn whether there is more, and keeps `size`.
    fn of(mut items: Vec<T>, size: usize) -> Self {
        let more = items.len() > size;
        items.truncate(size);
        Self { items, more }
    }
}

fn one_more(size: usize) -> i64 {
    i64::try_from(size).unwrap_or(i64::MAX - 1) + 1
}

/// A page of the partner's customers, by company name.
pub fn customers(
    conn: &mut DbConn,
    caller: PartnerCaller,
    after: Option<&CustomerKey>,
    size: usize,
) -> Result<Page<Customer>> {
    let partner = &caller.partner.tenant_id;
    let found = store::directory::customers_after(conn, partner, after, one_more(size))?;
    Ok(Page::of(found, size))
}

/// A customer the partner has an active relationship with; `NotFound`
/// for any other, existing or not.
pub fn customer(conn: &mut DbConn, caller: PartnerCaller, id: &TenantId) -> Result<Customer> {
    store::customers::get_for_partner(conn, &caller.partner.tenant_id, id)?.ok_or(Error::NotFound)
}

/// How the caller stands to a partner it lists: the provider of its
/// resellers, or the reseller of its providers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tie {
    /// The caller is the indirect provider of the partner listed.
    ProviderOf,
    /// The caller is an indirect reseller of the partner listed.
    ResellerOf,
}

impl Tie {
    fn side(self) -> Side {
        match self {
            Self::ProviderOf => Side::Resellers,
            Self::ResellerOf => Side::Providers,
        }
    }
}

/// The customer's partners the caller may see: a provider its resellers
/// that work with the customer, a reseller its providers that do. The
/// customer must be the caller's (`NotFound` otherwise).
pub fn customer_partners(
    conn: &mut DbConn,
    caller: PartnerCaller,
    id: &TenantId,
) -> Result<(Tie, Vec<Partner>)> {
    let customer = customer(conn, caller, id)?;
    let partner = &caller.partner.tenant_id;
    let tie = match caller.partner.kind {
        PartnerKind::IndirectProvider => Tie::ProviderOf,
        PartnerKind::IndirectReseller => Tie::ResellerOf,
        PartnerKind::DirectBillPartner => return Ok((Tie::ProviderOf, Vec::new())),
    };
    let found = store::directory::customer_partners_tied_to(
        conn,
        &customer.tenant_id,
        partner,
        tie.side(),
    )?;
    Ok((tie, found))
}

/// A page of the partners tied to the caller the given way (active
/// authorizations), by name: a provider's resellers, or a reseller's
/// providers.
pub fn partners_tied(
    conn: &mut DbConn,
    caller: PartnerCaller,
    tie: Tie,
    after: Option<&NameKey>,
    size: usize,
) -> Result<Page<Partner>> {
    let show = match tie {
        Tie::ProviderOf => Show::Resellers,
        Tie::ResellerOf => Show::Providers,
    };
    let partner = &caller.partner.tenant_id;
    let found = store::partners::tied_after(conn, partner, show, after, one_more(size))?;
    Ok(Page::of(found, size))
}

/// An audit entry with the names of what it speaks of.
#[derive(Debug, Clone)]
pub struct AuditItem {
    pub entry: Entry,
    pub customer_name: Option<String>,
    pub from: Option<Partner>,
    pub to: Option<Partner>,
}

/// A page of the partner's activity in `[from, to]`, oldest first.
pub fn audit_records(
    conn: &mut DbConn,
    caller: PartnerCaller,
    from: NaiveDateTime,
    to: NaiveDateTime,
    after: Option<i32>,
    size: usize,
) -> Result<Page<AuditItem>> {
    let partner = &caller.partner.tenant_id;
    let entries = store::directory::activity_after(conn, partner, from, to, after, one_more(size))?;
    let page = Page::of(entries, size);
    let customer_ids: Vec<&str> = page
        .items
        .iter()
        .filter_map(|e| e.customer_tenant_id.as_deref())
        .collect();
    let customers = store::directory::customer_names(conn, &customer_ids)?;
    let partners: HashMap<String, Partner> = partner_names(
        conn,
        page.items.iter().flat_map(|e| {
            [
                e.from_partner_tenant_id.clone(),
                e.to_partner_tenant_id.clone(),
            ]
            .into_iter()
            .flatten()
        }),
    )?;
    let partner_of = |id: &Option<String>| id.as_ref().and_then(|id| partners.get(id).cloned());
    let items = page
        .items
        .into_iter()
        .map(|entry| AuditItem {
            customer_name: entry
                .customer_tenant_id
                .as_ref()
                .and_then(|id| customers.get(id).cloned()),
            from: partner_of(&entry.from_partner_tenant_id),
            to: partner_of(&entry.to_partner_tenant_id),
            entry,
        })
        .collect();
    Ok(Page {
        items,
        more: page.more,
    })
}

/// Every subscription the partner sees, `chunk` at a time, handed to
/// `sink` in order from one consistent snapshot; `sink` answers whether to
/// go on (false: the reader has gone, stop).
pub fn each_support_rows(
    conn: &mut DbConn,
    caller: PartnerCaller,
    chunk: usize,
    mut sink: impl FnMut(Vec<SupportRow>) -> bool,
) -> Result<()> {
    let partner = &caller.partner.tenant_id;
    crate::db::read(conn, |conn| {
        let mut after: Option<SupportRowKey> = None;
        loop {
            let page = Page::of(
                store::directory::support_rows_after(
                    conn,
                    partner,
                    after.as_ref(),
                    one_more(chunk),
                )?,
                chunk,
            );
            after = page.items.last().map(SupportRow::key);
            if !sink(page.items) || !page.more {
                return Ok(());
            }
        }
    })?;
    Ok(())
}
