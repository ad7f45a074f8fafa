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
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

fn record(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    customer: &TenantId,
    partner: &TenantId,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    audit::insert(
        conn,
        actor,
        audit::NewEntry {
            action,
            customer: Some(customer),
            subscription: None,
            from_partner: Some(partner),
            to_partner: None,
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
        record(conn, actor, DAP_REMOVED, customer, partner, now)?;
        Ok(subscriptions::revert_ineligible_contacts(
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
    record(conn, actor, RELATIONSHIP_REMOVED, customer, partner, now)?;
    Ok(subscriptions::revert_ineligible_contacts(
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

/// A provider ends, on its behalf, the relationship of one of its own
/// resellers with one of its own customers.
pub fn provider_removes_reseller(
    conn: &mut DbConn,
    actor: &Actor,
    provider: &TenantId,
    customer: &TenantId,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, RelationshipError> {
    db::write(conn, |conn| {
        let own_customer = relationships::is_active(conn, customer, provider)?;
        let own_reseller = partners::authorized_resellers(conn, provider)?
            .iter()
            .any(|r| &r.tenant_id == reseller);
        if !own_customer || !own_reseller {
            return Err(RelationshipError::NotFound);
        }
        end(conn, actor, customer, reseller, now)
    })
}
