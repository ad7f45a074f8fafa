//! How many live (not deleted) subscriptions of each provider each partner
//! supports: `support_counts`, one row per provider and contact. The writes
//! of this store that add a subscription or change its contact or status
//! keep it, in the caller's transaction; pages read it instead of counting.

use std::collections::{BTreeMap, HashMap};

use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::support_counts as sc;
use crate::domain::TenantId;

/// Changes to one provider's counts, by contact.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deltas(BTreeMap<String, i32>);

impl Deltas {
    pub fn add(&mut self, contact: &TenantId, n: i32) {
        *self.0.entry(contact.as_str().to_owned()).or_default() += n;
    }

    /// `n` subscriptions went from one contact to another.
    pub fn moved(&mut self, from: &TenantId, to: &TenantId, n: i32) {
        self.add(from, -n);
        self.add(to, n);
    }
}

/// Applies one provider's changes. Rows are changed in the order of the
/// contacts' ids, so that two transactions changing the same counts on
/// PostgreSQL wait for each other instead of deadlocking.
pub fn apply(conn: &mut DbConn, provider: &TenantId, deltas: &Deltas) -> QueryResult<()> {
    for (contact, &n) in deltas.0.iter().filter(|(_, n)| **n != 0) {
        // Diesel builds an upsert for each backend's own connection, not for
        // the connection over both: the same query, written for either.
        macro_rules! upsert {
            ($conn:expr) => {
                diesel::insert_into(sc::table)
                    .values((
                        sc::provider_tenant_id.eq(provider.as_str()),
                        sc::contact_tenant_id.eq(contact.as_str()),
                        sc::subscriptions.eq(n),
                    ))
                    .on_conflict((sc::provider_tenant_id, sc::contact_tenant_id))
                    .do_update()
                    .set(sc::subscriptions.eq(sc::subscriptions + n))
                    .execute($conn)
            };
        }
        match conn {
            DbConn::Postgres(c) => upsert!(c),
            DbConn::Sqlite(c) => upsert!(c),
        }?;
    }
    Ok(())
}

/// How many of the provider's live subscriptions `contact` supports.
pub fn of(conn: &mut DbConn, provider: &TenantId, contact: &TenantId) -> QueryResult<i64> {
    Ok(sc::table
        .find((provider.as_str(), contact.as_str()))
        .select(sc::subscriptions)
        .first::<i32>(conn)
        .optional()?
        .map_or(0, i64::from))
}

/// The same for several contacts at once, by tenant id (none: 0).
pub fn for_contacts(
    conn: &mut DbConn,
    provider: &TenantId,
    contacts: &[&str],
) -> QueryResult<HashMap<String, i64>> {
    Ok(sc::table
        .filter(sc::provider_tenant_id.eq(provider.as_str()))
        .filter(sc::contact_tenant_id.eq_any(contacts))
        .select((sc::contact_tenant_id, sc::subscriptions))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .map(|(contact, n)| (contact, i64::from(n)))
        .collect())
}

/// The providers whose live subscriptions `contact` supports, with how
/// many of each (none left out when it supports some): a reseller's
/// dashboard, through `support_counts_contact`.
pub fn supported_by(conn: &mut DbConn, contact: &TenantId) -> QueryResult<Vec<(String, i64)>> {
    Ok(sc::table
        .filter(sc::contact_tenant_id.eq(contact.as_str()))
        .filter(sc::provider_tenant_id.ne(contact.as_str()))
        .filter(sc::subscriptions.gt(0))
        .select((sc::provider_tenant_id, sc::subscriptions))
        .load::<(String, i32)>(conn)?
        .into_iter()
        .map(|(provider, n)| (provider, i64::from(n)))
        .collect())
}

/// Counts every subscription again: after rows were copied in bulk, not
/// through this store's writes.
pub fn recount(conn: &mut DbConn) -> QueryResult<()> {
    diesel::delete(sc::table).execute(conn)?;
    diesel::sql_query(
        "INSERT INTO support_counts (provider_tenant_id, contact_tenant_id, subscriptions) \
         SELECT provider_tenant_id, support_contact_tenant_id, COUNT(*) FROM subscriptions \
         WHERE status <> 'deleted' \
         GROUP BY provider_tenant_id, support_contact_tenant_id",
    )
    .execute(conn)
    .map(drop)
}

/// Every kept count that is not zero, as (provider, contact, count), in
/// order: for tests, which compare it with a count over every subscription.
pub fn all(conn: &mut DbConn) -> QueryResult<Vec<(String, String, i64)>> {
    Ok(sc::table
        .filter(sc::subscriptions.ne(0))
        .order((sc::provider_tenant_id, sc::contact_tenant_id))
        .select((
            sc::provider_tenant_id,
            sc::contact_tenant_id,
            sc::subscriptions,
        ))
        .load::<(String, String, i32)>(conn)?
        .into_iter()
        .map(|(p, c, n)| (p, c, i64::from(n)))
        .collect())
}
