//! Many subscriptions of one provider at once, for bulk changes: read by id
//! and changed with a few set-based statements instead of one per row.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{SubscriptionRow, load};
use crate::db::DbConn;
use crate::db::schema::subscriptions;
use crate::domain::{Subscription, SubscriptionId, SubscriptionStatus, TenantId};
use crate::store::support_counts::{self, Deltas};

/// Ids bound in one statement: well under either backend's limit on
/// parameters (SQLite's is 32,766; PostgreSQL's 65,535).
pub const IDS_PER_STATEMENT: usize = 2_000;

/// The provider's subscriptions among `ids` (deleted ones too), in no
/// particular order; another provider's are not there.
pub fn current_of(
    conn: &mut DbConn,
    provider: &TenantId,
    ids: &[SubscriptionId],
) -> QueryResult<Vec<Subscription>> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let chunk: Vec<&str> = chunk.iter().map(SubscriptionId::as_str).collect();
        found.extend(load(
            subscriptions::table
                .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
                .filter(subscriptions::id.eq_any(chunk))
                .select(SubscriptionRow::as_select())
                .load(conn),
        )?);
    }
    Ok(found)
}

/// Makes `contact` the designated support contact of these live
/// subscriptions of `provider`, each only if it is still at the version
/// given with it (the one its caller read, in this transaction), and moves
/// each to its next version; one `UPDATE` per version and chunk of ids, and
/// the counts moved once. Answers the ids it changed: fewer than given when
/// someone changed one meanwhile (on PostgreSQL, between the caller's read
/// and this write).
pub fn set_support_contact_of(
    conn: &mut DbConn,
    provider: &TenantId,
    changes: &[&Subscription],
    contact: &TenantId,
    now: NaiveDateTime,
) -> QueryResult<HashSet<String>> {
    let mut by_version: BTreeMap<i32, Vec<&str>> = BTreeMap::new();
    for s in changes {
        by_version.entry(s.version).or_default().push(s.id.as_str());
    }
    let mut changed = HashSet::with_capacity(changes.len());
    for (version, ids) in &by_version {
        for chunk in ids.chunks(IDS_PER_STATEMENT) {
            let done: Vec<String> = diesel::update(
                subscriptions::table
                    .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
                    .filter(subscriptions::id.eq_any(chunk))
                    .filter(subscriptions::version.eq(version))
                    .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str())),
            )
            .set((
                subscriptions::support_contact_tenant_id.eq(contact.as_str()),
                subscriptions::version.eq(version + 1),
                subscriptions::updated_at.eq(now),
            ))
            .returning(subscriptions::id)
            .get_results(conn)?;
            changed.extend(done);
        }
    }
    let mut moved = Deltas::default();
    for s in changes.iter().filter(|s| changed.contains(s.id.as_str())) {
        moved.moved(&s.parties.support_contact, contact, 1);
    }
    support_counts::apply(conn, provider, &moved)?;
    Ok(changed)
}
