//! What the relationship pages show: the customer's partners and the
//! requests waiting for its answer, and the confirmation pages of removals,
//! which read the same plan the action carries out.

use chrono::NaiveDateTime;

use super::{CustomerPartner, Request};
use crate::app::relationships::{self, Plan};
use crate::app::{CustomerCaller, Error, PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::{Customer, Partner, TenantId};
use crate::store;

/// A request naming the customer, with the names it shows.
pub struct PendingRequest {
    pub request: Request,
    pub partner_name: String,
    /// The provider it goes through, for a reseller's request.
    pub via_name: Option<String>,
}

/// The customer's partners and the requests waiting for an answer.
pub fn customer_partners(
    conn: &mut DbConn,
    caller: CustomerCaller,
    now: NaiveDateTime,
) -> Result<(Vec<CustomerPartner>, Vec<PendingRequest>)> {
    let customer = caller.customer;
    let partners = store::relationships::list_for_customer(conn, &customer.tenant_id)?;
    let requests = store::requests::pending_for_domain(conn, &customer.domain, now)?;
    let ids: Vec<&str> = requests
        .iter()
        .flat_map(|r| {
            std::iter::once(r.partner_tenant_id.as_str()).chain(r.via_provider_tenant_id.as_deref())
        })
        .collect();
    let names: std::collections::HashMap<String, String> = store::partners::get_many(conn, &ids)?
        .into_iter()
        .map(|p| (p.tenant_id.to_string(), p.name))
        .collect();
    let name_of = |id: &str| names.get(id).cloned().unwrap_or_default();
    let pending = requests
        .into_iter()
        .map(|request| PendingRequest {
            partner_name: name_of(&request.partner_tenant_id),
            via_name: request.via_provider_tenant_id.as_deref().map(name_of),
            request,
        })
        .collect();
    Ok((partners, pending))
}

/// A partner the customer works with, and whether it holds DAP; `NotFound`
/// for any other.
pub fn partner_of_customer(
    conn: &mut DbConn,
    caller: CustomerCaller,
    partner: &TenantId,
) -> Result<(Partner, bool)> {
    let customer = &caller.customer.tenant_id;
    let dap = store::relationships::active_dap(conn, customer, partner)?.ok_or(Error::NotFound)?;
    let found = store::partners::get(conn, partner)?.ok_or(Error::NotFound)?;
    Ok((found, dap))
}

/// A request that names the caller's customer; `NotFound` for any other.
pub fn request_for_customer(
    conn: &mut DbConn,
    caller: CustomerCaller,
    id: &str,
) -> Result<Request> {
    store::requests::get_for_domain(conn, &caller.customer.domain, id)?.ok_or(Error::NotFound)
}

/// The confirmation page of a partner ending its own relationship.
pub fn own_removal(
    conn: &mut DbConn,
    caller: PartnerCaller,
    customer: &TenantId,
) -> Result<(Customer, Plan)> {
    let found = store::customers::get_for_partner(conn, &caller.partner.tenant_id, customer)?
        .ok_or(Error::NotFound)?;
    let plan = relationships::plan_own_removal(conn, caller, customer)?;
    Ok((found, plan))
}

/// The confirmation page of a provider ending a reseller's relationship.
pub fn reseller_removal(
    conn: &mut DbConn,
    caller: PartnerCaller,
    customer: &TenantId,
    reseller: &TenantId,
) -> Result<(Customer, Partner, Plan)> {
    // The plan checks access first.
    let plan = relationships::plan_reseller_removal(conn, caller, customer, reseller)?;
    let (found, partner) = ended_between(conn, customer, reseller)?;
    Ok((found, partner, plan))
}

/// The customer and the partner of a relationship the caller has just been
/// allowed to end (by the use-case that ended it), for the message that
/// follows: the relationship that made them visible may be gone.
pub fn ended_between(
    conn: &mut DbConn,
    customer: &TenantId,
    partner: &TenantId,
) -> Result<(Customer, Partner)> {
    let found = store::customers::get(conn, customer)?.ok_or(Error::NotFound)?;
    let partner = store::partners::get(conn, partner)?.ok_or(Error::NotFound)?;
    Ok((found, partner))
}
