//! What the customer page shows of the provider's default support contact
//! for new subscriptions there: the choices rule 2 gives now, and the one
//! set.

use chrono::NaiveDateTime;

use crate::app::{PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::eligibility;
use crate::domain::{Partner, TenantId};
use crate::store;

/// The default's form, for a provider.
#[derive(Debug, Clone)]
pub struct DefaultChoices {
    /// The provider first, then the resellers eligible now (rule 2).
    pub eligible: Vec<Partner>,
    /// The default set, if any (`None`: the provider itself).
    pub current: Option<Partner>,
}

impl DefaultChoices {
    /// Whether new subscriptions start on the default set: it is still
    /// among the choices (a GDAP relationship past its end is no longer,
    /// before the job records it).
    pub fn current_applies(&self) -> bool {
        self.current
            .as_ref()
            .is_some_and(|c| self.eligible.iter().any(|p| p.tenant_id == c.tenant_id))
    }
}

/// The choices for the caller's default at `customer`, when the caller is
/// a provider (resellers have none). The customer is the caller's to see:
/// the page read it first.
pub fn choices(
    conn: &mut DbConn,
    caller: &PartnerCaller,
    customer: &TenantId,
    now: NaiveDateTime,
) -> Result<Option<DefaultChoices>> {
    if !caller.partner.kind.transacts() {
        return Ok(None);
    }
    let provider = &caller.partner.tenant_id;
    let candidates = store::partners::contact_candidates(conn, provider, customer, now)?;
    let eligible = eligibility::evaluate(caller.partner.clone(), provider, candidates).eligible;
    let current = match store::default_contacts::get(conn, provider, customer)? {
        Some(id) => store::partners::get(conn, &id)?,
        None => None,
    };
    Ok(Some(DefaultChoices { eligible, current }))
}
