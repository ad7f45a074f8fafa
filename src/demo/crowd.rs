//! The demo's crowd: customers beyond the worked example, so that lists,
//! search and paging have something to show.

use chrono::NaiveDateTime;

use super::{TREY_RESEARCH, id};
use crate::db::DbConn;
use crate::domain::{Customer, SubscriptionId, TenantId};
use crate::store::audit::Actor;
use crate::store::subscriptions::NewSubscription;
use crate::store::{customers, relationships, subscriptions};

pub(super) const OTHER_CUSTOMERS: &[(&str, &str)] = &[
    ("Alpine Ski House", "CH"),
    ("Bellows College", "US"),
    ("Best For You Organics Company", "US"),
    ("Blue Yonder Airlines", "US"),
    ("City Power & Light", "US"),
    ("Coho Winery", "US"),
    ("Consolidated Messenger", "GB"),
    ("Fincher Architects", "GB"),
    ("First Up Consultants", "CA"),
    ("Fourth Coffee", "US"),
    ("Graphic Design Institute", "DE"),
    ("Humongous Insurance", "US"),
    ("Lamna Healthcare Company", "US"),
    ("Liberty's Delightful Sweets", "US"),
    ("Litware, Inc.", "US"),
    ("Lucerne Publishing", "CH"),
    ("Margie's Travel", "AU"),
    ("Munson's Pickles and Preserves Farm", "US"),
    ("Nod Publishers", "IE"),
    ("Olympia Sports", "GR"),
    ("Relecloud", "US"),
    ("School of Fine Art", "FR"),
    ("Southridge Video", "US"),
    ("Tailspin Toys", "US"),
    ("The Phone Company", "GB"),
    ("VanArsdel, Ltd.", "NL"),
    ("Wingtip Toys", "US"),
    ("Woodgrove Bank", "US"),
    ("Adventure Works Cycles", "US"),
    ("Boulder Innovations", "US"),
    ("Datum Corporation", "US"),
    ("Gotham Harbor Freight", "US"),
    ("Jade Dragon Trading", "TW"),
    ("Formosa Precision Optics", "TW"),
    ("Kaohsiung Marine Supply", "TW"),
    ("Taipei Lantern Studio", "TW"),
];

pub(super) const OFFERS: &[&str] = &[
    "Microsoft 365 Business Standard",
    "Microsoft 365 E3",
    "Office 365 E1",
    "Microsoft Teams Essentials",
    "Exchange Online (Plan 1)",
    "Microsoft 365 Business Premium",
];

pub(super) fn domain_of(company: &str) -> String {
    let slug: String = company
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    format!("{slug}.onmicrosoft.com")
}

pub(super) fn other_customer_id(index: usize) -> TenantId {
    TenantId::from_trusted(format!("5c0ffee0-{index:04x}-4000-8000-{index:012x}"))
}

pub(super) fn other_subscription_id(customer: usize, n: usize) -> SubscriptionId {
    SubscriptionId::from_trusted(format!(
        "b0b0{customer:04x}-{n:04x}-4000-8000-{:012x}",
        customer * 10 + n
    ))
}

/// The crowd's customers, their relationships (Contoso with DAP everywhere,
/// Trey Research at every other one, with DAP at every fourth, Adatum at
/// every third) and one to three subscriptions each.
pub(super) fn load(
    conn: &mut DbConn,
    contoso: &TenantId,
    adatum: &TenantId,
    system: &Actor,
    now: NaiveDateTime,
) -> anyhow::Result<()> {
    for (index, (company, country)) in OTHER_CUSTOMERS.iter().enumerate() {
        let customer = Customer {
            tenant_id: other_customer_id(index),
            company_name: (*company).to_owned(),
            domain: domain_of(company),
            country: (*country).to_owned(),
        };
        customers::insert(conn, &customer, now)?;
        relationships::insert_active(conn, &customer.tenant_id, contoso, true, now)?;
        let trey_has_dap = index % 4 == 0;
        if index % 2 == 0 {
            relationships::insert_active(
                conn,
                &customer.tenant_id,
                &id(TREY_RESEARCH),
                trey_has_dap,
                now,
            )?;
        }
        if index == 2 {
            // What a lapsed reseller looks like: Trey Research's GDAP
            // relationship here expired ten days ago.
            super::approved_gdap(
                conn,
                &id(TREY_RESEARCH),
                &customer.tenant_id,
                &format!("Trey Research for {company}")
                    .chars()
                    .take(crate::domain::gdap::MAX_NAME_CHARS)
                    .collect::<String>(),
                now - chrono::Duration::days(crate::domain::gdap::MAX_DAYS + 10),
                now,
            )?;
        }
        if index % 3 == 0 {
            relationships::insert_active(conn, &customer.tenant_id, adatum, true, now)?;
        }
        for n in 0..(1 + index % 3) {
            let provider = if index % 3 == 0 && n == 1 {
                adatum
            } else {
                contoso
            };
            let offer = OFFERS[(index + n) % OFFERS.len()];
            let new = NewSubscription {
                id: other_subscription_id(index, n),
                customer: customer.tenant_id.clone(),
                provider: provider.clone(),
                reseller_of_record: (provider == contoso && trey_has_dap)
                    .then(|| id(TREY_RESEARCH)),
                offer_name: offer.into(),
                friendly_name: offer.into(),
                quantity: 5 + ((index * 7 + n * 3) % 60) as i32,
            };
            subscriptions::insert(
                conn,
                &Actor {
                    partner: Some(provider.clone()),
                    ..system.clone()
                },
                &new,
                now,
            )?;
            if trey_has_dap && provider == contoso && n == 0 {
                let changer = Actor {
                    partner: Some(contoso.clone()),
                    ..system.clone()
                };
                let assignment = crate::app::contacts::AssignContact {
                    customer: customer.tenant_id.clone(),
                    subscription: new.id.clone(),
                    version: 1,
                    contact: id(TREY_RESEARCH),
                };
                crate::app::contacts::assign_as_operator(
                    conn,
                    &changer,
                    contoso,
                    &customer.tenant_id,
                    &assignment,
                    now,
                )
                .map_err(|e| anyhow::anyhow!("demo assignment: {e}"))?;
            }
        }
    }
    Ok(())
}
