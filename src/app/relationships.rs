//! Ending relationships and delegated admin privileges, from either side,
//! with their consequence applied in the same transaction: every contact that
//! stops being eligible goes back to its provider, audited one by one.

use chrono::NaiveDateTime;

use crate::db::{self, DbConn};
use crate::domain::relationship::{self, RemovalRefused, Reversion};
use crate::domain::{PartnerKind, TenantId};
use crate::store::audit::{self, Actor};
use crate::store::{partners, relationships, subscriptions};

pub const DAP_REMOVED: &str = "relationship.delegated_admin_removed";
pub const RELATIONSHIP_REMOVED: &str = "relationship.removed";

#[derive(Debug, thiserror::Error)]
pub enum RelationshipError {
    #[error("no active relationship")]
    NotFound,
    #[error("refused: {0:?}")]
    Refused(RemovalRefused),
    #[error("the removal would change other subscriptions than the ones it listed")]
    PlanMismatch,
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// The audit row of a relationship or authorization change: `partner` is
/// the one it happened to; `to` the provider, for an authorization.
pub(super) fn record(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    customer: Option<&TenantId>,
    partner: &TenantId,
    to: Option<&TenantId>,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    audit::insert(
        conn,
        actor,
        audit::NewEntry {
            action,
            customer,
            subscription: None,
            from_partner: Some(partner),
            to_partner: to,
            detail: "",
        },
        now,
    )
    .map(drop)
}

/// The customer takes away a partner's delegated admin privileges.
pub fn remove_delegated_admin(
    conn: &mut DbConn,
    actor: &Actor,
    customer: &TenantId,
    partner: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, RelationshipError> {
    db::write(conn, |conn| {
        if !relationships::remove_delegated_admin(conn, customer, partner, now)? {
            return Err(RelationshipError::NotFound);
        }
        record(conn, actor, DAP_REMOVED, Some(customer), partner, None, now)?;
        Ok(crate::app::contacts::revert_ineligible(
            conn,
            actor,
            customer,
            DAP_REMOVED,
            now,
        )?)
    })
}

/// Ends a relationship once the rules allow it, and reverts the contacts.
fn end(
    conn: &mut DbConn,
    actor: &Actor,
    customer: &TenantId,
    partner: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, RelationshipError> {
    if !relationships::remove(conn, customer, partner, now)? {
        return Err(RelationshipError::NotFound);
    }
    record(
        conn,
        actor,
        RELATIONSHIP_REMOVED,
        Some(customer),
        partner,
        None,
        now,
    )?;
    Ok(crate::app::contacts::revert_ineligible(
        conn,
        actor,
        customer,
        RELATIONSHIP_REMOVED,
        now,
    )?)
}

/// The customer deletes a partner: refused for a provider that still has
/// active subscriptions with it.
pub fn customer_removes_partner(
    conn: &mut DbConn,
    actor: &Actor,
    customer: &TenantId,
    partner: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, RelationshipError> {
    db::write(conn, |conn| {
        if relationships::active_dap(conn, customer, partner)?.is_none() {
            return Err(RelationshipError::NotFound);
        }
        let transacted = subscriptions::list_transacted(conn, partner, customer)?;
        relationship::may_remove_provider(&transacted).map_err(RelationshipError::Refused)?;
        end(conn, actor, customer, partner, now)
    })
}

/// A partner ends its own relationship with a customer (rule 6).
pub fn partner_removes_own(
    conn: &mut DbConn,
    actor: &Actor,
    partner: &TenantId,
    kind: PartnerKind,
    customer: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, RelationshipError> {
    db::write(conn, |conn| {
        if relationships::active_dap(conn, customer, partner)?.is_none() {
            return Err(RelationshipError::NotFound);
        }
        let transacted = subscriptions::list_transacted(conn, partner, customer)?;
        relationship::partner_may_remove_own(kind, &transacted)
            .map_err(RelationshipError::Refused)?;
        end(conn, actor, customer, partner, now)
    })
}

/// What a provider ending a reseller's relationship with a customer, on
/// the customer's behalf, would do: the subscriptions that go back to the
/// provider, or why it may not. The confirmation page shows this plan and
/// the action carries out this plan, in its own transaction.
pub fn plan_reseller_removal(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    reseller: &TenantId,
) -> Result<Vec<crate::domain::Subscription>, RelationshipError> {
    let own_customer = relationships::is_active(conn, customer, provider)?;
    let own_reseller = partners::reseller_of(conn, provider, reseller)?.is_some();
    if !own_customer || !own_reseller || !relationships::is_active(conn, customer, reseller)? {
        return Err(RelationshipError::NotFound);
    }
    let live = subscriptions::list_live_for_customer(conn, customer)?;
    let mut shared = false;
    for other in partners::providers_of(conn, reseller)? {
        if &other.tenant_id == provider {
            continue;
        }
        let sells_there = live.iter().any(|s| s.parties.provider == other.tenant_id);
        if sells_there || relationships::is_active(conn, customer, &other.tenant_id)? {
            shared = true;
            break;
        }
    }
    relationship::provider_may_remove_reseller(provider, reseller, &live, shared)
        .map_err(RelationshipError::Refused)
}

/// A provider ends, on the customer's behalf, the relationship of one of its
/// own resellers with one of its own customers, when that concerns no other
/// provider (see [`plan_reseller_removal`]). Exactly the planned
/// subscriptions go back to the provider; anything else rolls it all back.
pub fn provider_removes_reseller(
    conn: &mut DbConn,
    actor: &Actor,
    provider: &TenantId,
    customer: &TenantId,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, RelationshipError> {
    db::write(conn, |conn| {
        let planned = plan_reseller_removal(conn, provider, customer, reseller)?;
        let reverted = end(conn, actor, customer, reseller, now)?;
        let mut done: Vec<&str> = reverted
            .iter()
            .map(|r| r.subscription.id.as_str())
            .collect();
        let mut plan: Vec<&str> = planned.iter().map(|s| s.id.as_str()).collect();
        done.sort_unstable();
        plan.sort_unstable();
        if done != plan {
            return Err(RelationshipError::PlanMismatch);
        }
        Ok(reverted)
    })
}
