//! The append-only audit log: every change that matters to a customer writes
//! one row here, in the same transaction as the change.

use crate::domain::audit::Action;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::audit_log;
use crate::domain::{SubscriptionId, TenantId};

/// Who did it: a signed-in user, or the system (seeding, the command line).
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i32>,
    pub email: String,
    pub partner: Option<TenantId>,
}

impl Actor {
    /// A signed-in user, on behalf of their organization (the partner, for
    /// partner users; the customer is the entry's subject otherwise).
    pub fn for_user(user: &crate::domain::User) -> Self {
        Self {
            user_id: Some(user.id),
            email: user.email.clone(),
            partner: match &user.organization {
                crate::domain::Organization::Partner(p) => Some(p.clone()),
                crate::domain::Organization::Customer(_) => None,
            },
        }
    }

    pub fn command_line() -> Self {
        Self {
            user_id: None,
            email: "command line".into(),
            partner: None,
        }
    }

    pub fn system() -> Self {
        Self {
            user_id: None,
            email: "system".into(),
            partner: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    pub action: Action,
    pub customer: Option<&'a TenantId>,
    pub subscription: Option<&'a SubscriptionId>,
    pub from_partner: Option<&'a TenantId>,
    pub to_partner: Option<&'a TenantId>,
    pub detail: &'a str,
}

pub fn insert(
    conn: &mut DbConn,
    actor: &Actor,
    entry: NewEntry<'_>,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::occurred_at.eq(now),
            audit_log::actor_user_id.eq(actor.user_id),
            audit_log::actor_email.eq(&actor.email),
            audit_log::partner_tenant_id.eq(actor.partner.as_ref().map(TenantId::as_str)),
            audit_log::customer_tenant_id.eq(entry.customer.map(TenantId::as_str)),
            audit_log::action.eq(entry.action.as_str()),
            audit_log::subscription_id.eq(entry.subscription.map(SubscriptionId::as_str)),
            audit_log::from_partner_tenant_id.eq(entry.from_partner.map(TenantId::as_str)),
            audit_log::to_partner_tenant_id.eq(entry.to_partner.map(TenantId::as_str)),
            audit_log::detail.eq(entry.detail),
        ))
        .returning(audit_log::id)
        .get_result(conn)
}

/// Rows in one `INSERT`: ten values each, well under either backend's
/// limit on parameters.
const ENTRIES_PER_STATEMENT: usize = 1_000;

/// Inserts many entries by the same actor at the same time, a batch of rows
/// per statement, in the order given.
pub fn insert_many(
    conn: &mut DbConn,
    actor: &Actor,
    entries: &[NewEntry<'_>],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let partner = actor.partner.as_ref().map(TenantId::as_str);
    let mut inserted = 0;
    for chunk in entries.chunks(ENTRIES_PER_STATEMENT) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|entry| {
                (
                    audit_log::occurred_at.eq(now),
                    audit_log::actor_user_id.eq(actor.user_id),
                    audit_log::actor_email.eq(&actor.email),
                    audit_log::partner_tenant_id.eq(partner),
                    audit_log::customer_tenant_id.eq(entry.customer.map(TenantId::as_str)),
                    audit_log::action.eq(entry.action.as_str()),
                    audit_log::subscription_id.eq(entry.subscription.map(SubscriptionId::as_str)),
                    audit_log::from_partner_tenant_id.eq(entry.from_partner.map(TenantId::as_str)),
                    audit_log::to_partner_tenant_id.eq(entry.to_partner.map(TenantId::as_str)),
                    audit_log::detail.eq(entry.detail),
                )
            })
            .collect();
        // Diesel builds a many-row insert for each backend's own connection,
        // not for the connection over both: the same query, written for either.
        inserted += match conn {
            DbConn::Postgres(c) => diesel::insert_into(audit_log::table)
                .values(rows)
                .execute(c)?,
            DbConn::Sqlite(c) => diesel::insert_into(audit_log::table)
                .values(rows)
                .execute(c)?,
        };
    }
    Ok(inserted)
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct Entry {
    pub id: i32,
    pub occurred_at: NaiveDateTime,
    pub actor_user_id: Option<i32>,
    pub actor_email: String,
    pub partner_tenant_id: Option<String>,
    pub customer_tenant_id: Option<String>,
    pub action: String,
    pub subscription_id: Option<String>,
    pub from_partner_tenant_id: Option<String>,
    pub to_partner_tenant_id: Option<String>,
    pub detail: String,
}

/// One support-contact change made by this partner, for its review page.
pub fn support_contact_change(
    conn: &mut DbConn,
    partner: &TenantId,
    customer: &TenantId,
    subscription: &SubscriptionId,
    id: i32,
) -> QueryResult<Option<Entry>> {
    audit_log::table
        .filter(audit_log::id.eq(id))
        .filter(audit_log::action.eq(Action::SupportContactChanged.as_str()))
        .filter(audit_log::partner_tenant_id.eq(partner.as_str()))
        .filter(audit_log::customer_tenant_id.eq(customer.as_str()))
        .filter(audit_log::subscription_id.eq(subscription.as_str()))
        .select(Entry::as_select())
        .first(conn)
        .optional()
}

/// The history of one subscription, newest first. Callers check first that
/// the viewer may see the subscription.
pub fn for_subscription(
    conn: &mut DbConn,
    subscription: &SubscriptionId,
    limit: i64,
) -> QueryResult<Vec<Entry>> {
    audit_log::table
        .filter(audit_log::subscription_id.eq(subscription.as_str()))
        .order(audit_log::id.desc())
        .limit(limit)
        .select(Entry::as_select())
        .load(conn)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    audit_log::table.count().get_result(conn)
}

/// The partner's activity as the API's audit records give it: what its
/// users did, what happened to it (a relationship or authorization ended by
/// the other side, a contact moved from or to it), and every change to the
/// subscriptions it transacts, of the kinds in `Action::ACTIVITY`. (The
/// Activity page reads `partner_activity`, see `store::activity`.)
pub(super) fn activity_of(
    partner: &TenantId,
) -> audit_log::BoxedQuery<'static, crate::db::Backend> {
    use crate::db::schema::subscriptions;
    let partner = partner.as_str().to_owned();
    let transacted = subscriptions::table
        .filter(subscriptions::provider_tenant_id.eq(partner.clone()))
        .select(subscriptions::id.nullable());
    audit_log::table
        .filter(audit_log::action.eq_any(Action::strs(Action::ACTIVITY)))
        .filter(
            audit_log::partner_tenant_id
                .eq(partner.clone())
                .or(audit_log::from_partner_tenant_id.eq(partner.clone()))
                .or(audit_log::to_partner_tenant_id.eq(partner))
                .or(audit_log::subscription_id.eq_any(transacted)),
        )
        .into_boxed()
}
