use crate::domain::audit::Action;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::{self, Actor};
use super::support_counts::{self, Deltas};
use crate::db::schema::subscriptions;
use crate::db::{self, DbConn};
use crate::domain::subscription::initial_support_contact;
use crate::domain::{Parties, Subscription, SubscriptionId, SubscriptionStatus, TenantId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = subscriptions)]
pub(super) struct SubscriptionRow {
    id: String,
    customer_tenant_id: String,
    provider_tenant_id: String,
    reseller_tenant_id: Option<String>,
    support_contact_tenant_id: String,
    offer_name: String,
    friendly_name: String,
    quantity: i32,
    status: String,
    version: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl TryFrom<SubscriptionRow> for Subscription {
    type Error = diesel::result::Error;

    fn try_from(row: SubscriptionRow) -> QueryResult<Self> {
        let status = SubscriptionStatus::parse(&row.status)
            .ok_or_else(|| super::unknown("subscription status", &row.status))?;
        Ok(Subscription {
            id: SubscriptionId::from_trusted(row.id),
            customer: TenantId::from_trusted(row.customer_tenant_id),
            parties: Parties {
                provider: TenantId::from_trusted(row.provider_tenant_id),
                reseller_of_record: row.reseller_tenant_id.map(TenantId::from_trusted),
                support_contact: TenantId::from_trusted(row.support_contact_tenant_id),
            },
            offer_name: row.offer_name,
            friendly_name: row.friendly_name,
            quantity: row.quantity,
            status,
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

fn load(rows: QueryResult<Vec<SubscriptionRow>>) -> QueryResult<Vec<Subscription>> {
    rows?.into_iter().map(Subscription::try_from).collect()
}

/// Rule 7 in SQL: the subscriptions of this customer that the partner
/// transacts, resells or supports (see `domain::subscription::partner_access`).
type Boxed<'a> = subscriptions::BoxedQuery<'a, db::Backend>;

fn visible_to<'a>(partner: &'a TenantId, customer: &'a TenantId) -> Boxed<'a> {
    subscriptions::table
        .filter(subscriptions::customer_tenant_id.eq(customer.as_str()))
        .filter(
            subscriptions::provider_tenant_id
                .eq(partner.as_str())
                .or(subscriptions::reseller_tenant_id.eq(partner.as_str()))
                .or(subscriptions::support_contact_tenant_id.eq(partner.as_str())),
        )
        .into_boxed()
}

pub fn list_for_partner_customer(
    conn: &mut DbConn,
    partner: &TenantId,
    customer: &TenantId,
) -> QueryResult<Vec<Subscription>> {
    load(
        visible_to(partner, customer)
            .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str()))
            .order((subscriptions::friendly_name, subscriptions::id))
            .select(SubscriptionRow::as_select())
            .load(conn),
    )
}

/// A page of the same list, walked by key: the `limit` subscriptions after
/// `after` (a friendly name and an id), by name then id.
pub fn page_for_partner_customer(
    conn: &mut DbConn,
    partner: &TenantId,
    customer: &TenantId,
    after: Option<(&str, &str)>,
    limit: i64,
) -> QueryResult<Vec<Subscription>> {
    let mut query = visible_to(partner, customer)
        .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str()));
    if let Some((name, id)) = after {
        query = query.filter(subscriptions::friendly_name.ge(name.to_owned()));
        query = query.filter(
            subscriptions::friendly_name
                .gt(name.to_owned())
                .or(subscriptions::friendly_name
                    .eq(name.to_owned())
                    .and(subscriptions::id.gt(id.to_owned()))),
        );
    }
    load(
        query
            .order((subscriptions::friendly_name, subscriptions::id))
            .limit(limit)
            .select(SubscriptionRow::as_select())
            .load(conn),
    )
}

pub fn get_for_partner(
    conn: &mut DbConn,
    partner: &TenantId,
    customer: &TenantId,
    id: &SubscriptionId,
) -> QueryResult<Option<Subscription>> {
    visible_to(partner, customer)
        .filter(subscriptions::id.eq(id.as_str()))
        .select(SubscriptionRow::as_select())
        .first(conn)
        .optional()?
        .map(Subscription::try_from)
        .transpose()
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ProviderCounts {
    pub subscriptions: i64,
    pub supported_by_resellers: i64,
}

/// The provider's subscriptions counted afresh from the rows: what the
/// kept counts (`customer_list::counts`, which the dashboard reads) must
/// always equal.
pub fn counts_for_provider(conn: &mut DbConn, provider: &TenantId) -> QueryResult<ProviderCounts> {
    let base = || {
        subscriptions::table
            .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
            .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str()))
    };
    use diesel::dsl::{case_when, count, count_star};
    // One pass over the (provider, status, support contact) index.
    let by_reseller = case_when(
        subscriptions::support_contact_tenant_id.ne(provider.as_str()),
        subscriptions::id,
    );
    let (subscriptions, supported_by_resellers) = base()
        .select((count_star(), count(by_reseller)))
        .first(conn)?;
    Ok(ProviderCounts {
        subscriptions,
        supported_by_resellers,
    })
}

#[derive(Debug, Clone)]
pub struct NewSubscription {
    pub id: SubscriptionId,
    pub customer: TenantId,
    pub provider: TenantId,
    pub reseller_of_record: Option<TenantId>,
    pub offer_name: String,
    pub friendly_name: String,
    pub quantity: i32,
}

/// Inserts an active subscription supported by its provider (rule 1), with
/// its audit row and its count. Runs inside the caller's write transaction.
pub fn insert(
    conn: &mut DbConn,
    actor: &Actor,
    new: &NewSubscription,
    now: NaiveDateTime,
) -> QueryResult<()> {
    insert_starting_on(conn, actor, new, None, now)
}

/// [`insert`], starting on the provider's default contact for the
/// customer when it names one (still eligible: the caller's to check). Its
/// creation entry then names rule 1's contact, the provider, as `from`: the
/// contact came from the default.
pub fn insert_starting_on(
    conn: &mut DbConn,
    actor: &Actor,
    new: &NewSubscription,
    default: Option<&TenantId>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let rule_1 = initial_support_contact(&new.provider);
    let contact = default.cloned().unwrap_or_else(|| rule_1.clone());
    diesel::insert_into(subscriptions::table)
        .values((
            subscriptions::id.eq(new.id.as_str()),
            subscriptions::customer_tenant_id.eq(new.customer.as_str()),
            subscriptions::provider_tenant_id.eq(new.provider.as_str()),
            subscriptions::reseller_tenant_id
                .eq(new.reseller_of_record.as_ref().map(TenantId::as_str)),
            subscriptions::support_contact_tenant_id.eq(contact.as_str()),
            subscriptions::offer_name.eq(&new.offer_name),
            subscriptions::friendly_name.eq(&new.friendly_name),
            subscriptions::quantity.eq(new.quantity),
            subscriptions::status.eq(SubscriptionStatus::Active.as_str()),
            subscriptions::version.eq(1),
            subscriptions::created_at.eq(now),
            subscriptions::updated_at.eq(now),
        ))
        .execute(conn)?;
    let mut counted = Deltas::default();
    counted.add(&contact, 1);
    support_counts::apply(conn, &new.provider, &counted)?;
    audit::insert(
        conn,
        actor,
        audit::NewEntry {
            action: Action::SubscriptionCreated,
            customer: Some(&new.customer),
            subscription: Some(&new.id),
            from_partner: default.map(|_| &rule_1),
            to_partner: Some(&contact),
            detail: &new.offer_name,
        },
        now,
    )?;
    Ok(())
}

/// Sets the designated support contact of a live subscription of
/// `provider` from `from` (its contact at `version`) to `contact`, if it is
/// still at `version`; moves it to the next version, and the count from one
/// to the other. False when someone changed it meanwhile.
pub fn set_support_contact(
    conn: &mut DbConn,
    id: &SubscriptionId,
    provider: &TenantId,
    version: i32,
    from: &TenantId,
    contact: &TenantId,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let changed = diesel::update(
        subscriptions::table
            .filter(subscriptions::id.eq(id.as_str()))
            .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
            .filter(subscriptions::version.eq(version))
            .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str())),
    )
    .set((
        subscriptions::support_contact_tenant_id.eq(contact.as_str()),
        subscriptions::version.eq(version + 1),
        subscriptions::updated_at.eq(now),
    ))
    .execute(conn)?
        == 1;
    if changed {
        let mut moved = Deltas::default();
        moved.moved(from, contact, 1);
        support_counts::apply(conn, provider, &moved)?;
    }
    Ok(changed)
}

/// Takes the row of a subscription of `provider` for the rest of the
/// caller's write transaction, changing nothing: another transaction that
/// changes it waits until this one ends, and this one's later reads see the
/// row as the last committed change left it.
pub fn lock_for_change(
    conn: &mut DbConn,
    id: &SubscriptionId,
    provider: &TenantId,
) -> QueryResult<()> {
    diesel::update(
        subscriptions::table
            .filter(subscriptions::id.eq(id.as_str()))
            .filter(subscriptions::provider_tenant_id.eq(provider.as_str())),
    )
    .set(subscriptions::version.eq(subscriptions::version))
    .execute(conn)
    .map(drop)
}

/// Sets the status of a subscription of `provider`, if it is still at
/// `version`; a subscription deleted, or no longer deleted, leaves or joins
/// its contact's count. False when someone changed it meanwhile.
pub fn set_status(
    conn: &mut DbConn,
    id: &SubscriptionId,
    provider: &TenantId,
    version: i32,
    status: SubscriptionStatus,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let seen = || {
        subscriptions::table
            .filter(subscriptions::id.eq(id.as_str()))
            .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
            .filter(subscriptions::version.eq(version))
    };
    let Some((before, contact)) = seen()
        .select((
            subscriptions::status,
            subscriptions::support_contact_tenant_id,
        ))
        .first::<(String, String)>(conn)
        .optional()?
    else {
        return Ok(false);
    };
    let changed = diesel::update(seen())
        .set((
            subscriptions::status.eq(status.as_str()),
            subscriptions::version.eq(version + 1),
            subscriptions::updated_at.eq(now),
        ))
        .execute(conn)?
        == 1;
    let deleted = SubscriptionStatus::Deleted.as_str();
    let joins = match (before == deleted, status == SubscriptionStatus::Deleted) {
        (true, false) => 1,
        (false, true) => -1,
        _ => 0,
    };
    if changed && joins != 0 {
        let mut counted = Deltas::default();
        counted.add(&TenantId::from_trusted(contact), joins);
        support_counts::apply(conn, provider, &counted)?;
    }
    Ok(changed)
}

/// The customer of one of the provider's subscriptions.
pub fn customer_of(
    conn: &mut DbConn,
    provider: &TenantId,
    id: &SubscriptionId,
) -> QueryResult<Option<TenantId>> {
    subscriptions::table
        .find(id.as_str())
        .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
        .select(subscriptions::customer_tenant_id)
        .first::<String>(conn)
        .optional()
        .map(|c| c.map(TenantId::from_trusted))
}

/// These subscriptions, by id: for naming the subscriptions of audit rows
/// filed under a partner (it transacts, supports or supported them); the
/// caller decides from their parties which ones the partner may open.
pub fn by_ids(conn: &mut DbConn, ids: &[&str]) -> QueryResult<Vec<Subscription>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    load(
        subscriptions::table
            .filter(subscriptions::id.eq_any(ids))
            .select(SubscriptionRow::as_select())
            .load(conn),
    )
}

/// Every subscription of the customer that is not deleted, from every partner.
pub fn list_live_for_customer(
    conn: &mut DbConn,
    customer: &TenantId,
) -> QueryResult<Vec<Subscription>> {
    load(
        subscriptions::table
            .filter(subscriptions::customer_tenant_id.eq(customer.as_str()))
            .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str()))
            .order((subscriptions::friendly_name, subscriptions::id))
            .select(SubscriptionRow::as_select())
            .load(conn),
    )
}

/// Up to `limit` of the customer's subscriptions, deleted ones too (their
/// history stays), by name: (id, friendly name, offer name), for choosing
/// one.
pub fn names_for_customer(
    conn: &mut DbConn,
    customer: &TenantId,
    limit: i64,
) -> QueryResult<Vec<(String, String, String)>> {
    subscriptions::table
        .filter(subscriptions::customer_tenant_id.eq(customer.as_str()))
        .order((subscriptions::friendly_name, subscriptions::id))
        .select((
            subscriptions::id,
            subscriptions::friendly_name,
            subscriptions::offer_name,
        ))
        .limit(limit)
        .load(conn)
}

/// The customers at which a reseller supports one of the provider's live
/// subscriptions.
pub fn customers_supported_by_resellers(
    conn: &mut DbConn,
    provider: &TenantId,
) -> QueryResult<Vec<TenantId>> {
    let ids: Vec<String> = subscriptions::table
        .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
        .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str()))
        .filter(subscriptions::support_contact_tenant_id.ne(provider.as_str()))
        .select(subscriptions::customer_tenant_id)
        .distinct()
        .load(conn)?;
    Ok(ids.into_iter().map(TenantId::from_trusted).collect())
}

/// The customer's subscriptions this provider transacts, not deleted.
pub fn list_transacted(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
) -> QueryResult<Vec<Subscription>> {
    load(
        subscriptions::table
            .filter(subscriptions::customer_tenant_id.eq(customer.as_str()))
            .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
            .filter(subscriptions::status.ne(SubscriptionStatus::Deleted.as_str()))
            .order((subscriptions::friendly_name, subscriptions::id))
            .select(SubscriptionRow::as_select())
            .load(conn),
    )
}

mod many;

pub use many::{IDS_PER_STATEMENT, current_of, set_support_contact_of};

#[cfg(test)]
mod tests {
    use super::*;

    fn row(status: &str) -> SubscriptionRow {
        let at = chrono::NaiveDateTime::default();
        SubscriptionRow {
            id: "10000000-0000-4000-8000-000000000001".into(),
            customer_tenant_id: "00000000-0000-4000-8000-000000000099".into(),
            provider_tenant_id: "00000000-0000-4000-8000-000000000001".into(),
            reseller_tenant_id: None,
            support_contact_tenant_id: "00000000-0000-4000-8000-000000000001".into(),
            offer_name: "Offer".into(),
            friendly_name: "Offer".into(),
            quantity: 1,
            status: status.into(),
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }

    #[test]
    fn a_stored_status_nobody_knows_is_an_error_not_a_deleted_subscription() {
        assert_eq!(
            Subscription::try_from(row("suspended")).unwrap().status,
            SubscriptionStatus::Suspended
        );
        assert!(Subscription::try_from(row("archived")).is_err());
    }
}
