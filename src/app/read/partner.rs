//! What the partner's own pages show: the dashboard, a customer, a
//! subscription and the review of a change (the customer list is
//! `read::customers`, the activity `read::activity`).

use std::collections::HashMap;

use chrono::NaiveDateTime;

use super::{
    ChangeView, Entry, Person, Request, SubscriptionRow, change_views, partner_names,
    subscription_rows,
};
use crate::app::{Error, PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::eligibility::{self, Ineligibility};
use crate::domain::request::RequestState;
use crate::domain::subscription::partner_access;
use crate::domain::{
    Access, Customer, Partner, Subscription, SubscriptionId, SubscriptionStatus, TenantId,
};
use crate::store;

/// The dashboard's counts and the latest changes.
pub struct Dashboard {
    pub customers: i64,
    pub subscriptions: i64,
    pub supported_by_resellers: i64,
    pub resellers: i64,
    /// The first rows of the partner's Activity as it opens.
    pub recent: Vec<ChangeView>,
    /// A reseller: the providers whose subscriptions it is the designated
    /// support contact of, with how many of each, by provider name.
    pub supports: Vec<(Partner, i64)>,
    /// A reseller: its newest pending relationship requests.
    pub pending: Vec<Request>,
    /// A reseller: how many relationship requests of its own are pending.
    pub pending_total: i64,
    /// GDAP relationships that end within 30 days without auto-extend.
    pub gdap_expiring: Vec<super::gdap::Listed>,
    /// Active GDAP relationships short of a provider's required roles (at
    /// most `gdap::SHORT_LIMIT` counted).
    pub gdap_short: usize,
}

/// How many recent changes the dashboard shows.
pub const RECENT: i64 = 10;
/// How many pending requests a reseller's dashboard names.
pub const PENDING_SHOWN: i64 = 5;

pub fn dashboard(
    conn: &mut DbConn,
    caller: PartnerCaller,
    now: NaiveDateTime,
) -> Result<Dashboard> {
    let partner = &caller.partner.tenant_id;
    // Kept counts: one row, however many customers and subscriptions.
    let counts = store::customer_list::counts(conn, partner)?;
    let recent = super::activity::recent(conn, caller, RECENT)?;
    let (supports, pending, pending_total) = if caller.partner.kind.transacts() {
        (Vec::new(), Vec::new(), 0)
    } else {
        let counted = store::support_counts::supported_by(conn, partner)?;
        let names = partner_names(conn, counted.iter().map(|(p, _)| p.clone()))?;
        let mut supports: Vec<(Partner, i64)> = counted
            .into_iter()
            .filter_map(|(p, n)| Some((names.get(&p)?.clone(), n)))
            .collect();
        supports.sort_by(|a, b| {
            a.0.name
                .cmp(&b.0.name)
                .then(a.0.tenant_id.cmp(&b.0.tenant_id))
        });
        let (pending, total) = store::requests::pending_of(conn, partner, now, PENDING_SHOWN)?;
        (supports, pending, total)
    };
    Ok(Dashboard {
        customers: counts.customers,
        subscriptions: counts.subscriptions,
        supported_by_resellers: counts.supported_by_resellers,
        resellers: counts.resellers,
        recent,
        supports,
        pending,
        pending_total,
        gdap_expiring: super::gdap::partner_expiring(
            conn,
            caller,
            now,
            super::gdap::DASHBOARD_EXPIRING,
        )?,
        gdap_short: super::gdap::short_count(conn, &caller, now)?,
    })
}

/// Everything a customer's page shows to one partner.
pub struct CustomerView {
    pub customer: Customer,
    pub subscriptions: Vec<SubscriptionRow>,
    /// This partner's own relationship: with DAP or not.
    pub own_dap: bool,
    /// This provider's resellers that have a relationship with the customer: (reseller, DAP).
    pub reseller_relationships: Vec<(Partner, bool)>,
    /// Active subscriptions this provider sells here.
    pub active_here: usize,
    /// A provider: its default support contact here, and the choices.
    pub default_contact: Option<super::default_contact::DefaultChoices>,
}

pub fn customer(
    conn: &mut DbConn,
    caller: PartnerCaller,
    customer: &TenantId,
    now: NaiveDateTime,
) -> Result<CustomerView> {
    let partner = &caller.partner.tenant_id;
    let customer =
        store::customers::get_for_partner(conn, partner, customer)?.ok_or(Error::NotFound)?;
    let subscriptions =
        store::subscriptions::list_for_partner_customer(conn, partner, &customer.tenant_id)?;
    let active_here = subscriptions
        .iter()
        .filter(|s| s.parties.provider == *partner && s.status == SubscriptionStatus::Active)
        .count();
    let subscriptions = subscription_rows(conn, &subscriptions)?;
    let own_dap =
        store::relationships::active_dap(conn, &customer.tenant_id, partner)?.unwrap_or(false);
    let reseller_relationships =
        store::partners::related_resellers(conn, partner, &customer.tenant_id)?;
    let default_contact = super::default_contact::choices(conn, &caller, &customer.tenant_id, now)?;
    Ok(CustomerView {
        default_contact,
        customer,
        subscriptions,
        own_dap,
        reseller_relationships,
        active_here,
    })
}

/// The latest request of a reseller that is not eligible yet.
#[derive(Debug, Clone)]
pub struct RequestNote {
    /// Pending since `at`; otherwise expired at `at`.
    pub pending: bool,
    pub at: NaiveDateTime,
    /// The request's id when it goes through this provider, which may act on it.
    pub through_me: Option<String>,
}

/// A reseller that cannot be chosen, why, and its latest request.
pub type NotEligible = (Partner, Ineligibility, Option<RequestNote>);

/// Everything the subscription page shows.
pub struct SubscriptionView {
    pub customer: Customer,
    pub subscription: Subscription,
    pub provider: Partner,
    pub contact: Partner,
    pub reseller: Option<Partner>,
    pub access: Access,
    pub eligible: Vec<Partner>,
    pub ineligible: Vec<NotEligible>,
    /// How many of the provider's resellers have no relationship with the
    /// customer and asked for none; `ineligible` holds the first few.
    pub unrelated_total: i64,
    pub history: Vec<ChangeView>,
    /// The contact is the one the subscription started on from its
    /// provider's default for the customer (its creation's audit row says).
    pub contact_from_default: bool,
}

const HISTORY_LIMIT: i64 = 20;
/// How many resellers without a relationship the subscription page names.
pub const UNRELATED_SHOWN: i64 = 10;

pub fn subscription(
    conn: &mut DbConn,
    caller: PartnerCaller,
    customer: &TenantId,
    id: &SubscriptionId,
    now: NaiveDateTime,
) -> Result<SubscriptionView> {
    let partner = caller.partner.tenant_id.clone();
    let found = crate::db::read(conn, |conn| {
        Ok((
            store::customers::get_for_partner(conn, &partner, customer)?,
            store::subscriptions::get_for_partner(conn, &partner, customer, id)?,
        ))
    })?;
    let (Some(customer), Some(subscription)) = found else {
        return Err(Error::NotFound);
    };
    let access = partner_access(&partner, &subscription.parties).ok_or(Error::NotFound)?;
    let parties = &subscription.parties;
    let mut names = partner_names(
        conn,
        [
            Some(parties.provider.to_string()),
            Some(parties.support_contact.to_string()),
            parties.reseller_of_record.as_ref().map(TenantId::to_string),
        ]
        .into_iter()
        .flatten(),
    )?;
    let missing = || Error::internal("a subscription names an unknown partner");
    let provider = names
        .get(parties.provider.as_str())
        .cloned()
        .ok_or_else(missing)?;
    let contact = names
        .get(parties.support_contact.as_str())
        .cloned()
        .ok_or_else(missing)?;
    let reseller = parties
        .reseller_of_record
        .as_ref()
        .and_then(|r| names.remove(r.as_str()));
    let mut unrelated_total = 0;
    let (eligible, ineligible) = if access == Access::Manage {
        let tenant = &customer.tenant_id;
        let mut candidates = store::partners::contact_candidates(conn, &partner, tenant, now)?;
        // Resellers with no relationship cannot be eligible: those that asked
        // for one, then the first few others by name, and how many in all.
        let requesting =
            store::partners::requesting_resellers(conn, &partner, tenant, &customer.domain)?;
        let (first, total) =
            store::partners::unrelated_resellers(conn, &partner, tenant, UNRELATED_SHOWN)?;
        unrelated_total = total - requesting.len() as i64;
        let asked: Vec<TenantId> = requesting.iter().map(|p| p.tenant_id.clone()).collect();
        let first = first.into_iter().filter(|p| !asked.contains(&p.tenant_id));
        candidates.extend(requesting.into_iter().chain(first).map(|partner| {
            eligibility::Candidate {
                tenant_id: partner.tenant_id.clone(),
                partner,
                authorized_by_provider: true,
                relationship: None,
            }
        }));
        let result = eligibility::evaluate(caller.partner.clone(), &partner, candidates);
        let asked: Vec<&str> = result
            .ineligible
            .iter()
            .map(|(p, _)| p.tenant_id.as_str())
            .collect();
        let mut requests = store::requests::latest_for_each(conn, &asked, &customer.domain)?;
        let ineligible = result
            .ineligible
            .into_iter()
            .map(|(p, reason)| {
                if reason == Ineligibility::NotAuthorizedUnderProvider {
                    return (p, reason, None);
                }
                let latest = requests.remove(p.tenant_id.as_str());
                let note = latest.and_then(|r| {
                    let (pending, at) = match r.state_at(now) {
                        RequestState::Pending => (true, r.created_at),
                        RequestState::Expired => (false, r.expires_at),
                        _ => return None,
                    };
                    let through_me = (r.via_provider_tenant_id.as_deref()
                        == Some(partner.as_str()))
                    .then_some(r.id);
                    Some(RequestNote {
                        pending,
                        at,
                        through_me,
                    })
                });
                (p, reason, note)
            })
            .collect();
        (result.eligible, ineligible)
    } else {
        (Vec::new(), Vec::new())
    };
    let entries = store::audit::for_subscription(conn, &subscription.id, HISTORY_LIMIT)?;
    let history = change_views(conn, &partner, entries)?;
    let contact_from_default =
        store::default_contacts::contact_from_default(conn, &subscription.id)?;
    Ok(SubscriptionView {
        contact_from_default,
        customer,
        subscription,
        provider,
        contact,
        reseller,
        access,
        eligible,
        ineligible,
        unrelated_total,
        history,
    })
}

/// A support-contact change as the review page shows it.
pub struct ChangeReview {
    pub customer: Customer,
    pub subscription: Subscription,
    pub entry: Entry,
    /// Who made it.
    pub actor: Person,
    pub previous: Option<Partner>,
    pub new: Option<Partner>,
}

pub fn change_review(
    conn: &mut DbConn,
    caller: PartnerCaller,
    customer: &TenantId,
    id: &SubscriptionId,
    change_id: i32,
) -> Result<ChangeReview> {
    let partner = &caller.partner.tenant_id;
    let customer =
        store::customers::get_for_partner(conn, partner, customer)?.ok_or(Error::NotFound)?;
    let subscription =
        store::subscriptions::get_for_partner(conn, partner, &customer.tenant_id, id)?
            .ok_or(Error::NotFound)?;
    let entry = store::audit::support_contact_change(
        conn,
        partner,
        &customer.tenant_id,
        &subscription.id,
        change_id,
    )?
    .ok_or(Error::NotFound)?;
    let names: HashMap<String, Partner> = partner_names(
        conn,
        [
            entry.from_partner_tenant_id.clone(),
            entry.to_partner_tenant_id.clone(),
        ]
        .into_iter()
        .flatten(),
    )?;
    let take = |id: &Option<String>| id.as_ref().and_then(|id| names.get(id).cloned());
    let previous = take(&entry.from_partner_tenant_id);
    let new = take(&entry.to_partner_tenant_id);
    let actor = change_views(conn, partner, vec![entry.clone()])?
        .pop()
        .map(|c| c.actor)
        .ok_or_else(|| Error::internal("a change without its view"))?;
    Ok(ChangeReview {
        customer,
        subscription,
        entry,
        actor,
        previous,
        new,
    })
}

/// A subscription this partner sees, or `NotFound`.
pub fn visible_subscription(
    conn: &mut DbConn,
    caller: PartnerCaller,
    customer: &TenantId,
    id: &SubscriptionId,
) -> Result<Subscription> {
    store::subscriptions::get_for_partner(conn, &caller.partner.tenant_id, customer, id)?
        .ok_or(Error::NotFound)
}
