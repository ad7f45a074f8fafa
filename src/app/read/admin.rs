//! What a customer admin's pages show.

use std::collections::HashMap;

use super::{VendorSubscription, partner_names};
use crate::app::{CustomerCaller, Result};
use crate::db::DbConn;
use crate::domain::{Partner, Subscription};
use crate::store;

/// The Support page (rules 5, 7 and 8): the customer's live subscriptions
/// from every partner with the partners they name, and those bought
/// directly from the vendor.
pub struct Support {
    pub subscriptions: Vec<Subscription>,
    pub partners: HashMap<String, Partner>,
    pub direct: Vec<VendorSubscription>,
}

pub fn support(conn: &mut DbConn, caller: CustomerCaller) -> Result<Support> {
    let customer = &caller.customer.tenant_id;
    let direct = store::vendor::list_live_for_customer(conn, customer)?;
    let subscriptions = store::subscriptions::list_live_for_customer(conn, customer)?;
    let partners = partner_names(
        conn,
        subscriptions.iter().flat_map(|s| {
            [
                s.parties.support_contact.to_string(),
                s.parties.provider.to_string(),
            ]
        }),
    )?;
    Ok(Support {
        subscriptions,
        partners,
        direct,
    })
}
