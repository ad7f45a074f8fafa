use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::{self, Actor};
use super::partners;
use crate::db::schema::subscriptions;
use crate::db::{self, DbConn};
use crate::domain::eligibility;
use crate::domain::subscription::{initial_support_contact, partner_access};
use crate::domain::{Access, Parties, Subscription, SubscriptionId, SubscriptionStatus, TenantId};

#[derive(Queryable, Selectable)]
#[diesel(table_name = subscriptions)]
struct SubscriptionRow {
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

impl From<SubscriptionRow> for Subscription {
    fn from(row: SubscriptionRow) -> Self {
        Subscription {
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
            status: SubscriptionStatus::parse(&row.status).unwrap_or(SubscriptionStatus::Deleted),
            version: row.version,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

fn load(rows: QueryResult<Vec<SubscriptionRow>>) -> QueryResult<Vec<Subscription>> {
    rows.map(|rows| rows.into_iter().map(Subscription::from).collect())
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
            .filter(subscriptions::status.ne("deleted"))
            .order((subscriptions::friendly_name, subscriptions::id))
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
        .optional()
        .map(|row| row.map(Subscription::from))
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ProviderCounts {
    pub subscriptions: i64,
    pub supported_by_resellers: i64,
}

pub fn counts_for_provider(conn: &mut DbConn, provider: &TenantId) -> QueryResult<ProviderCounts> {
    let base = || {
        subscriptions::table
            .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
            .filter(subscriptions::status.ne("deleted"))
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
/// its audit row. Runs inside the caller's write transaction.
pub fn insert(
    conn: &mut DbConn,
    actor: &Actor,
    new: &NewSubscription,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let contact = initial_support_contact(&new.provider);
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
    audit::insert(
        conn,
        actor,
        audit::NewEntry {
            action: audit::SUBSCRIPTION_CREATED,
            customer: Some(&new.customer),
            subscription: Some(&new.id),
            from_partner: None,
            to_partner: Some(&contact),
            detail: &new.offer_name,
        },
        now,
    )?;
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum AssignError {
    #[error("no such subscription for this partner")]
    NotFound,
    #[error("this partner may view the subscription but not change it")]
    ReadOnly,
    #[error("the subscription changed since the form was loaded")]
    Stale(Box<Subscription>),
    #[error("the chosen partner is already the designated support contact")]
    Unchanged,
    #[error("the chosen partner is not an eligible support contact")]
    NotEligible,
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// A subscription this provider may change (rule 7): someone else's is not
/// found, one it only sees or a deleted one is read-only.
fn managed(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    id: &SubscriptionId,
) -> Result<Subscription, AssignError> {
    let current = get_for_partner(conn, provider, customer, id)?.ok_or(AssignError::NotFound)?;
    match partner_access(provider, &current.parties) {
        Some(Access::Manage) if current.status != SubscriptionStatus::Deleted => Ok(current),
        Some(_) => Err(AssignError::ReadOnly),
        None => Err(AssignError::NotFound),
    }
}

#[derive(Debug, Clone)]
pub struct Assignment {
    pub change_id: i32,
    pub subscription: Subscription,
}

/// Rule 2, enforced where it counts: in the write transaction, against the
/// rows as they are now, with the version checked in the UPDATE itself.
#[allow(clippy::too_many_arguments)]
pub fn assign_support_contact(
    conn: &mut DbConn,
    actor: &Actor,
    provider: &TenantId,
    customer: &TenantId,
    id: &SubscriptionId,
    expected_version: i32,
    contact: &TenantId,
    now: NaiveDateTime,
) -> Result<Assignment, AssignError> {
    db::write(conn, |conn| {
        let current = managed(conn, provider, customer, id)?;
        if current.version != expected_version {
            return Err(AssignError::Stale(Box::new(current)));
        }
        if &current.parties.support_contact == contact {
            return Err(AssignError::Unchanged);
        }
        let candidates = partners::contact_candidates(conn, provider, customer)?
            .into_iter()
            .map(|c| eligibility::Candidate {
                partner: (),
                tenant_id: c.tenant_id,
                authorized_by_provider: c.authorized_by_provider,
                relationship: c.relationship,
            })
            .collect();
        if !eligibility::evaluate((), provider, candidates).is_eligible(contact) {
            return Err(AssignError::NotEligible);
        }

        let updated = diesel::update(
            subscriptions::table
                .filter(subscriptions::id.eq(id.as_str()))
                .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
                .filter(subscriptions::version.eq(expected_version)),
        )
        .set((
            subscriptions::support_contact_tenant_id.eq(contact.as_str()),
            subscriptions::version.eq(expected_version + 1),
            subscriptions::updated_at.eq(now),
        ))
        .execute(conn)?;
        if updated != 1 {
            return Err(AssignError::Stale(Box::new(current)));
        }
        let change_id = audit::insert(
            conn,
            actor,
            audit::NewEntry {
                action: audit::SUPPORT_CONTACT_CHANGED,
                customer: Some(customer),
                subscription: Some(id),
                from_partner: Some(&current.parties.support_contact),
                to_partner: Some(contact),
                detail: "",
            },
            now,
        )?;
        let subscription = Subscription {
            parties: Parties {
                support_contact: contact.clone(),
                ..current.parties
            },
            version: expected_version + 1,
            updated_at: now,
            ..current
        };
        Ok(Assignment {
            change_id,
            subscription,
        })
    })
}

/// Every subscription of the customer that is not deleted, from every partner.
pub fn list_live_for_customer(
    conn: &mut DbConn,
    customer: &TenantId,
) -> QueryResult<Vec<Subscription>> {
    load(
        subscriptions::table
            .filter(subscriptions::customer_tenant_id.eq(customer.as_str()))
            .filter(subscriptions::status.ne("deleted"))
            .order((subscriptions::friendly_name, subscriptions::id))
            .select(SubscriptionRow::as_select())
            .load(conn),
    )
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
            .filter(subscriptions::status.ne("deleted"))
            .order((subscriptions::friendly_name, subscriptions::id))
            .select(SubscriptionRow::as_select())
            .load(conn),
    )
}

pub const CONTACT_REVERTED: &str = "support_contact.reverted";

/// The one place that puts support contacts back to their provider when
/// they stop being eligible: every path that ends a relationship, DAP or an
/// authorization calls it inside its own transaction, after the change.
pub fn revert_ineligible_contacts(
    conn: &mut DbConn,
    actor: &Actor,
    customer: &TenantId,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<Vec<crate::domain::relationship::Reversion>> {
    use std::collections::HashMap;
    let live = list_live_for_customer(conn, customer)?;
    let mut candidates: HashMap<TenantId, Vec<eligibility::Candidate<()>>> = HashMap::new();
    for provider in live.iter().map(|s| s.parties.provider.clone()) {
        if let std::collections::hash_map::Entry::Vacant(slot) = candidates.entry(provider) {
            let found = partners::contact_candidates(conn, slot.key(), customer)?
                .into_iter()
                .map(|c| eligibility::Candidate {
                    partner: (),
                    tenant_id: c.tenant_id,
                    authorized_by_provider: c.authorized_by_provider,
                    relationship: c.relationship,
                })
                .collect();
            slot.insert(found);
        }
    }
    let reversions = crate::domain::relationship::reversions(&live, |provider| {
        candidates.get(provider).cloned().unwrap_or_default()
    });
    for r in &reversions {
        let s = &r.subscription;
        diesel::update(
            subscriptions::table
                .filter(subscriptions::id.eq(s.id.as_str()))
                .filter(subscriptions::version.eq(s.version)),
        )
        .set((
            subscriptions::support_contact_tenant_id.eq(r.to.as_str()),
            subscriptions::version.eq(s.version + 1),
            subscriptions::updated_at.eq(now),
        ))
        .execute(conn)?;
        audit::insert(
            conn,
            actor,
            audit::NewEntry {
                action: CONTACT_REVERTED,
                customer: Some(customer),
                subscription: Some(&s.id),
                from_partner: Some(&r.from),
                to_partner: Some(&r.to),
                detail: reason,
            },
            now,
        )?;
    }
    Ok(reversions)
}

pub const SUBSCRIPTION_SUSPENDED: &str = "subscription.suspended";
pub const SUBSCRIPTION_REACTIVATED: &str = "subscription.reactivated";

/// Suspends or reactivates a subscription the provider transacts.
pub fn set_status(
    conn: &mut DbConn,
    actor: &Actor,
    provider: &TenantId,
    customer: &TenantId,
    id: &SubscriptionId,
    status: SubscriptionStatus,
    now: NaiveDateTime,
) -> Result<Subscription, AssignError> {
    db::write(conn, |conn| {
        let current = managed(conn, provider, customer, id)?;
        if current.status == status {
            return Err(AssignError::Unchanged);
        }
        diesel::update(subscriptions::table.filter(subscriptions::id.eq(id.as_str())))
            .set((
                subscriptions::status.eq(status.as_str()),
                subscriptions::version.eq(current.version + 1),
                subscriptions::updated_at.eq(now),
            ))
            .execute(conn)?;
        let action = match status {
            SubscriptionStatus::Suspended => SUBSCRIPTION_SUSPENDED,
            _ => SUBSCRIPTION_REACTIVATED,
        };
        audit::insert(
            conn,
            actor,
            audit::NewEntry {
                action,
                customer: Some(customer),
                subscription: Some(id),
                from_partner: None,
                to_partner: None,
                detail: "",
            },
            now,
        )?;
        Ok(Subscription {
            status,
            version: current.version + 1,
            ..current
        })
    })
}

/// A page of a longer list: the first rows, and how many there are in all.
#[derive(Debug, Clone)]
pub struct Listed<T> {
    pub rows: Vec<T>,
    pub total: i64,
}

/// The first `limit` rows (all, when none) of a subscriptions-with-customers
/// query, by customer name then subscription name, and how many there are.
macro_rules! listed_with_customers {
    ($conn:expr, $query:expr, $limit:expr) => {{
        use crate::db::schema::customers;
        let total: i64 = $query().count().get_result($conn)?;
        let mut page = $query()
            .order((
                customers::company_name,
                subscriptions::friendly_name,
                subscriptions::id,
            ))
            .select((customers::company_name, SubscriptionRow::as_select()));
        if let Some(limit) = $limit {
            page = page.limit(limit);
        }
        let rows: Vec<(String, SubscriptionRow)> = page.load($conn)?;
        Ok(Listed {
            rows: rows
                .into_iter()
                .map(|(name, row)| (name, row.into()))
                .collect(),
            total,
        })
    }};
}

/// The provider's live subscriptions whose designated support contact is
/// `contact`, with their customers' names: the first `limit` (all when none).
pub fn supported_by(
    conn: &mut DbConn,
    provider: &TenantId,
    contact: &TenantId,
    limit: Option<i64>,
) -> QueryResult<Listed<(String, Subscription)>> {
    let mine = || {
        subscriptions::table
            .inner_join(crate::db::schema::customers::table)
            .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
            .filter(subscriptions::support_contact_tenant_id.eq(contact.as_str()))
            .filter(subscriptions::status.ne("deleted"))
            .into_boxed()
    };
    listed_with_customers!(conn, mine, limit)
}

/// The provider's live subscriptions that `reseller` could support but does
/// not: at customers where it holds an active relationship with DAP (rule 2b;
/// rule 2a, the authorization, is the caller's to check), with the
/// customers' names: the first `limit` (all when none).
pub fn could_be_supported_by(
    conn: &mut DbConn,
    provider: &TenantId,
    reseller: &TenantId,
    limit: Option<i64>,
) -> QueryResult<Listed<(String, Subscription)>> {
    use crate::db::schema::relationships;
    let could = || {
        let with_dap = relationships::table
            .filter(relationships::partner_tenant_id.eq(reseller.as_str().to_owned()))
            .filter(relationships::state.eq("active"))
            .filter(relationships::delegated_admin.eq(true))
            .select(relationships::customer_tenant_id);
        subscriptions::table
            .inner_join(crate::db::schema::customers::table)
            .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
            .filter(subscriptions::status.ne("deleted"))
            .filter(subscriptions::support_contact_tenant_id.ne(reseller.as_str()))
            .filter(subscriptions::customer_tenant_id.eq_any(with_dap))
            .into_boxed()
    };
    listed_with_customers!(conn, could, limit)
}

/// How many of the provider's live subscriptions each partner supports.
pub fn support_counts(
    conn: &mut DbConn,
    provider: &TenantId,
) -> QueryResult<std::collections::HashMap<String, i64>> {
    Ok(subscriptions::table
        .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
        .filter(subscriptions::status.ne("deleted"))
        .group_by(subscriptions::support_contact_tenant_id)
        .select((
            subscriptions::support_contact_tenant_id,
            diesel::dsl::count_star(),
        ))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect())
}

/// What a bulk change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BulkOutcome {
    pub changed: usize,
    /// Already had that contact: nothing to do.
    pub unchanged: usize,
}

/// Why a bulk change was refused: the first subscription that could not
/// change, and why (none: the database itself failed).
#[derive(Debug)]
pub struct BulkError {
    pub subscription: Option<SubscriptionId>,
    pub error: AssignError,
}

impl From<diesel::result::Error> for BulkError {
    fn from(e: diesel::result::Error) -> Self {
        Self {
            subscription: None,
            error: AssignError::Database(e),
        }
    }
}

/// Gives each (subscription, version the user saw) of this provider the same
/// designated support contact, each checked as one assignment is (rule 2,
/// version in the UPDATE, one audit row each), all in one transaction: the
/// first refusal undoes the others and is returned with its subscription.
pub fn assign_many(
    conn: &mut DbConn,
    actor: &Actor,
    provider: &TenantId,
    items: &[(SubscriptionId, i32)],
    contact: &TenantId,
    now: NaiveDateTime,
) -> Result<BulkOutcome, BulkError> {
    db::write(conn, |conn| {
        let mut outcome = BulkOutcome {
            changed: 0,
            unchanged: 0,
        };
        for (id, version) in items {
            let refused = |error| BulkError {
                subscription: Some(id.clone()),
                error,
            };
            let customer: Option<String> = subscriptions::table
                .find(id.as_str())
                .filter(subscriptions::provider_tenant_id.eq(provider.as_str()))
                .select(subscriptions::customer_tenant_id)
                .first(conn)
                .optional()?;
            let customer =
                TenantId::from_trusted(customer.ok_or_else(|| refused(AssignError::NotFound))?);
            match assign_support_contact(
                conn, actor, provider, &customer, id, *version, contact, now,
            ) {
                Ok(_) => outcome.changed += 1,
                Err(AssignError::Unchanged) => outcome.unchanged += 1,
                Err(e) => return Err(refused(e)),
            }
        }
        Ok(outcome)
    })
}
