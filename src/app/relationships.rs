//! Ending relationships and delegated admin privileges, from either side
//! (rule 6), with their consequence applied in the same transaction: every
//! contact that stops being eligible goes back to its provider, audited one
//! by one. Each removal has one plan: the confirmation page shows it and the
//! action carries it out; if the action would change anything else, it
//! changes nothing.

use crate::domain::audit::Action;
use chrono::NaiveDateTime;

use super::{CustomerCaller, Error, PartnerCaller, Result};
use crate::db::{self, DbConn};
use crate::domain::relationship::{self, RemovalRefused, Reversion};
use crate::domain::{Subscription, TenantId};
use crate::store::audit::{self, Actor};
use crate::store::{customers, partners, relationships, subscriptions};

/// What a removal would do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// It may go ahead: these subscriptions go back to their provider.
    Allowed(Vec<Subscription>),
    /// The rules refuse it, for this reason.
    Refused(RemovalRefused),
}

/// What a removal did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ended {
    Done(Vec<Reversion>),
    Refused(RemovalRefused),
}

/// The audit row of a relationship or authorization change: `partner` is
/// the one it happened to; `to` the provider, for an authorization.
pub(super) fn record(
    conn: &mut DbConn,
    actor: &Actor,
    action: Action,
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

/// The customer's live subscriptions `partner` supports without selling
/// them: the ones that go back when it stops being eligible there.
fn supported_by(
    conn: &mut DbConn,
    customer: &TenantId,
    partner: &TenantId,
) -> Result<Vec<Subscription>> {
    Ok(subscriptions::list_live_for_customer(conn, customer)?
        .into_iter()
        .filter(|s| &s.parties.support_contact == partner && &s.parties.provider != partner)
        .collect())
}

/// Carries out an allowed plan: `change` ends what it ends (false: it was
/// not there any more), then the contacts go back, audited with `reason`.
/// Exactly the planned subscriptions must go back; otherwise nothing does.
fn carry_out<F>(
    conn: &mut DbConn,
    actor: &Actor,
    customer: &TenantId,
    plan: Plan,
    reason: Action,
    now: NaiveDateTime,
    change: F,
) -> Result<Ended>
where
    F: FnOnce(&mut DbConn) -> Result<bool>,
{
    let planned = match plan {
        Plan::Allowed(planned) => planned,
        Plan::Refused(why) => return Ok(Ended::Refused(why)),
    };
    if !change(conn)? {
        return Err(Error::NotFound);
    }
    let now_reverted = super::contacts::revert_ineligible(conn, actor, customer, reason, now)?;
    let mut done: Vec<&str> = now_reverted
        .iter()
        .map(|r| r.subscription.id.as_str())
        .collect();
    let mut listed: Vec<&str> = planned.iter().map(|s| s.id.as_str()).collect();
    done.sort_unstable();
    listed.sort_unstable();
    if done != listed {
        return Err(Error::internal(
            "a removal would change other subscriptions than the ones it listed",
        ));
    }
    Ok(Ended::Done(now_reverted))
}

// ---- The customer's side: its Partners page -------------------------------

/// What the customer removing `partner`'s admin privileges (`delete` false)
/// or the partner itself (`delete` true) would do. Not found unless the
/// customer works with that partner.
pub fn plan_customer_removal(
    conn: &mut DbConn,
    caller: CustomerCaller<'_>,
    partner: &TenantId,
    delete: bool,
) -> Result<Plan> {
    let customer = &caller.customer.tenant_id;
    if relationships::active_dap(conn, customer, partner)?.is_none() {
        return Err(Error::NotFound);
    }
    caller.must_be_admin()?;
    if delete {
        let transacted = subscriptions::list_transacted(conn, partner, customer)?;
        if let Err(why) = relationship::may_remove_provider(&transacted) {
            return Ok(Plan::Refused(why));
        }
    }
    Ok(Plan::Allowed(supported_by(conn, customer, partner)?))
}

/// The customer takes away a partner's delegated admin privileges.
pub fn customer_removes_dap(
    conn: &mut DbConn,
    caller: CustomerCaller<'_>,
    partner: &TenantId,
    now: NaiveDateTime,
) -> Result<Ended> {
    let customer = &caller.customer.tenant_id;
    let actor = caller.actor();
    db::write(conn, |conn| {
        let plan = plan_customer_removal(conn, caller, partner, false)?;
        carry_out(
            conn,
            &actor,
            customer,
            plan,
            Action::DelegatedAdminRemoved,
            now,
            |conn| {
                if !relationships::remove_delegated_admin(conn, customer, partner, now)? {
                    return Ok(false);
                }
                record(
                    conn,
                    &actor,
                    Action::DelegatedAdminRemoved,
                    Some(customer),
                    partner,
                    None,
                    now,
                )?;
                Ok(true)
            },
        )
    })
}

/// Ends a relationship and audits it.
fn end(
    conn: &mut DbConn,
    actor: &Actor,
    customer: &TenantId,
    partner: &TenantId,
    now: NaiveDateTime,
) -> Result<bool> {
    if !relationships::remove(conn, customer, partner, now)? {
        return Ok(false);
    }
    record(
        conn,
        actor,
        Action::RelationshipRemoved,
        Some(customer),
        partner,
        None,
        now,
    )?;
    Ok(true)
}

/// The customer deletes a partner: refused for a provider that still has
/// active subscriptions with it.
pub fn customer_removes_partner(
    conn: &mut DbConn,
    caller: CustomerCaller<'_>,
    partner: &TenantId,
    now: NaiveDateTime,
) -> Result<Ended> {
    let customer = &caller.customer.tenant_id;
    let actor = caller.actor();
    db::write(conn, |conn| {
        let plan = plan_customer_removal(conn, caller, partner, true)?;
        carry_out(
            conn,
            &actor,
            customer,
            plan,
            Action::RelationshipRemoved,
            now,
            |conn| end(conn, &actor, customer, partner, now),
        )
    })
}

// ---- The partner's side ------------------------------------------------------

/// What a partner ending its own relationship with a customer would do.
/// Not found unless it is the partner's customer.
pub fn plan_own_removal(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    customer: &TenantId,
) -> Result<Plan> {
    let partner = &caller.partner.tenant_id;
    if customers::get_for_partner(conn, partner, customer)?.is_none()
        || relationships::active_dap(conn, customer, partner)?.is_none()
    {
        return Err(Error::NotFound);
    }
    caller.must_be_admin()?;
    let transacted = subscriptions::list_transacted(conn, partner, customer)?;
    if let Err(why) = relationship::partner_may_remove_own(caller.partner.kind, &transacted) {
        return Ok(Plan::Refused(why));
    }
    Ok(Plan::Allowed(supported_by(conn, customer, partner)?))
}

/// A partner ends its own relationship with a customer (rule 6).
pub fn partner_removes_own(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    customer: &TenantId,
    now: NaiveDateTime,
) -> Result<Ended> {
    let actor = caller.actor();
    let partner = &caller.partner.tenant_id;
    db::write(conn, |conn| {
        let plan = plan_own_removal(conn, caller, customer)?;
        carry_out(
            conn,
            &actor,
            customer,
            plan,
            Action::RelationshipRemoved,
            now,
            |conn| end(conn, &actor, customer, partner, now),
        )
    })
}

/// What a provider ending one of its resellers' relationship with one of
/// its customers, acting for the customer, would do. Not found unless both
/// are the provider's (its customer, its reseller) and the relationship is
/// active. Refused when the reseller also works with that customer through
/// another provider: then it concerns more than this provider, and only the
/// customer may end it.
pub fn plan_reseller_removal(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    customer: &TenantId,
    reseller: &TenantId,
) -> Result<Plan> {
    let provider = &caller.partner.tenant_id;
    let own_customer = customers::get_for_partner(conn, provider, customer)?.is_some()
        && relationships::is_active(conn, customer, provider)?;
    let own_reseller = partners::reseller_of(conn, provider, reseller)?.is_some();
    if !own_customer || !own_reseller || !relationships::is_active(conn, customer, reseller)? {
        return Err(Error::NotFound);
    }
    caller.must_be_admin()?;
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
    Ok(
        match relationship::provider_may_remove_reseller(provider, reseller, &live, shared) {
            Ok(affected) => Plan::Allowed(affected),
            Err(why) => Plan::Refused(why),
        },
    )
}

/// A provider ends, acting for the customer, the relationship of one of its
/// resellers with one of its customers (see [`plan_reseller_removal`]).
pub fn provider_removes_reseller(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    customer: &TenantId,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> Result<Ended> {
    let actor = caller.actor();
    db::write(conn, |conn| {
        let plan = plan_reseller_removal(conn, caller, customer, reseller)?;
        carry_out(
            conn,
            &actor,
            customer,
            plan,
            Action::RelationshipRemoved,
            now,
            |conn| end(conn, &actor, customer, reseller, now),
        )
    })
}
