//! The large data set: the demo, then Contoso Distribution grown to
//! `subscriptions / 10` customers with ten subscriptions each, `/ 100`
//! more resellers, relationships, pending requests and an audit history
//! made by the core's own use-cases.

use anyhow::Context;
use diesel::connection::SimpleConnection;
use support_contacts::app::{self, PartnerCaller};
use support_contacts::db::{self, DatabaseUrl, DbConn};
use support_contacts::demo::{self, CONTOSO, TREY_RESEARCH};
use support_contacts::domain::{
    Customer, Partner, PartnerKind, SubscriptionId, SupportProfile, TenantId,
};
use support_contacts::store::audit::Actor;
use support_contacts::store::{self, customers, partners, relationships, requests, subscriptions};

pub const CONTOSO_ADMIN: &str = "admin@contoso-distribution.example";
pub const WWI_ADMIN: &str = "admin@wideworldimporters.example";

/// What the load scenarios need to know about the data set.
pub struct DataSet {
    pub customers: usize,
    pub subscriptions: usize,
    pub resellers: usize,
    /// `/partner/customers/{customer}/subscriptions/{subscription}` of the
    /// grown subscriptions, spread over the whole data set.
    pub subscription_paths: Vec<(String, String)>,
    /// A search that finds a handful of customers.
    pub narrow_search: String,
}

impl DataSet {
    /// The page of each customer's first subscription (Trey Research's to
    /// begin with): one per customer, for assignments that never collide.
    pub fn first_subscriptions(&self) -> Vec<String> {
        self.subscription_paths
            .iter()
            .filter(|(_, s)| s.contains("-4000-8000-"))
            .map(|(c, s)| format!("/partner/customers/{c}/subscriptions/{s}"))
            .collect()
    }
}

pub fn customer_id(n: usize) -> String {
    format!("c0570000-{:04x}-4000-8000-{n:012x}", n >> 16)
}

pub fn subscription_id(n: usize, k: usize) -> String {
    format!("5ab50000-{:04x}-4{k:03x}-8000-{n:012x}", n >> 16)
}

fn reseller_id(r: usize) -> String {
    format!("2e5e1100-{:04x}-4000-8000-{r:012x}", r >> 16)
}

const OFFERS: &[&str] = &[
    "Microsoft 365 Business Premium",
    "Microsoft 365 E3",
    "Exchange Online (Plan 1)",
    "Microsoft Teams Essentials",
    "Office 365 E1",
];

/// Seeds the demo and grows it to about `subscriptions` subscriptions.
/// Durability is turned down on this connection only: the server the load
/// runs against opens its own connections with the documented settings.
pub fn build(url: &DatabaseUrl, subscriptions: usize) -> anyhow::Result<DataSet> {
    let now = chrono::Utc::now().naive_utc();
    db::prepare(url, |conn, _| demo::seed(conn, now))?;
    let mut conn = db::connect(url)?;
    match &conn {
        DbConn::Sqlite(_) => conn.batch_execute("PRAGMA synchronous = OFF")?,
        DbConn::Postgres(_) => conn.batch_execute("SET synchronous_commit = off")?,
    }
    let customers = (subscriptions / 10).max(10);
    let resellers = (subscriptions / 100).max(5);
    let contoso = TenantId::from_trusted(CONTOSO.to_owned());
    let trey = TenantId::from_trusted(TREY_RESEARCH.to_owned());
    let actor = Actor {
        partner: Some(contoso.clone()),
        ..Actor::system()
    };

    let reseller_ids: Vec<TenantId> = (0..resellers)
        .map(|r| TenantId::from_trusted(reseller_id(r)))
        .collect();
    db::write(&mut conn, |conn| -> anyhow::Result<()> {
        for (r, id) in reseller_ids.iter().enumerate() {
            let reseller = Partner {
                tenant_id: id.clone(),
                mpn_id: format!("{}", 7_100_000 + r),
                name: format!("Reseller {r:05} Cloud"),
                kind: PartnerKind::IndirectReseller,
                support: SupportProfile {
                    email: format!("support@reseller{r:05}.example"),
                    telephone: "+15550100".to_owned(),
                    website: format!("https://reseller{r:05}.example"),
                },
            };
            partners::insert(conn, &reseller, now)?;
            partners::authorize_reseller(conn, &contoso, id, now)?;
        }
        Ok(())
    })?;

    let mut subscription_paths = Vec::new();
    for chunk in (0..customers).collect::<Vec<_>>().chunks(500) {
        db::write(&mut conn, |conn| -> anyhow::Result<()> {
            for &n in chunk {
                let tenant = TenantId::from_trusted(customer_id(n));
                let customer = Customer {
                    tenant_id: tenant.clone(),
                    company_name: format!("Customer {n:06} Holdings"),
                    domain: format!("customer{n:06}.onmicrosoft.com"),
                    country: "US".to_owned(),
                };
                customers::insert(conn, &customer, now)?;
                relationships::insert_active(conn, &tenant, &contoso, true, now)?;
                // Trey Research may support every customer; one more reseller
                // each, with delegated admin privileges for every other one.
                relationships::insert_active(conn, &tenant, &trey, true, now)?;
                let other = &reseller_ids[n % resellers];
                relationships::insert_active(conn, &tenant, other, n % 2 == 0, now)?;
                for k in 0..10 {
                    let id = subscription_id(n, k);
                    let offer = OFFERS[(n + k) % OFFERS.len()];
                    subscriptions::insert(
                        conn,
                        &actor,
                        &subscriptions::NewSubscription {
                            id: SubscriptionId::from_trusted(id.clone()),
                            customer: tenant.clone(),
                            provider: contoso.clone(),
                            reseller_of_record: (k < 3).then(|| trey.clone()),
                            offer_name: offer.to_owned(),
                            friendly_name: format!("{offer} ({k})"),
                            quantity: 5 + ((n + k) % 200) as i32,
                        },
                        now,
                    )?;
                    if k == 0 || n % 97 == 0 {
                        subscription_paths.push((customer_id(n), id));
                    }
                }
                if n % 20 == 0 {
                    requests::insert(
                        conn,
                        &requests::NewRequest {
                            partner: &contoso,
                            via_provider: None,
                            company: &format!("Prospect {n:06}"),
                            domain: &format!("prospect{n:06}.onmicrosoft.com"),
                            delegated_admin: false,
                            expires_at: now + chrono::Duration::days(30),
                        },
                        now,
                    )?;
                }
            }
            Ok(())
        })?;
    }

    // An audit history: three subscriptions of most customers go to Trey
    // Research, and a fourth to the customer's other reseller when it holds
    // delegated admin privileges, each through the core as an admin agent would.
    let (user, partner) = contoso_admin(&mut conn)?;
    let caller = PartnerCaller {
        user: &user,
        partner: &partner,
    };
    for n in 0..customers {
        let tenant = TenantId::from_trusted(customer_id(n));
        // The first thousand customers ("Customer 000…") keep theirs, for
        // the bulk change to move ten thousand subscriptions at once.
        let mut changes = if n < 1000 {
            Vec::new()
        } else {
            vec![(0, trey.clone()), (1, trey.clone()), (2, trey.clone())]
        };
        if n % 2 == 0 {
            changes.push((3, reseller_ids[n % resellers].clone()));
        }
        for (k, contact) in changes {
            app::contacts::assign(
                &mut conn,
                caller,
                &app::contacts::AssignContact {
                    customer: tenant.clone(),
                    subscription: SubscriptionId::from_trusted(subscription_id(n, k)),
                    version: 1,
                    contact,
                },
                now,
            )
            .map_err(|e| anyhow::anyhow!("assigning a contact: {e:?}"))?;
        }
    }
    // PostgreSQL plans from statistics that autovacuum gathers a minute or
    // so after a bulk load; measured before then, a page is planned as if
    // its tables were empty (the customer list took 30 ms instead of 0.3).
    // An operator loading data runs ANALYZE; so does the benchmark.
    if let DbConn::Postgres(_) = &conn {
        conn.batch_execute("ANALYZE")?;
    }
    Ok(DataSet {
        customers,
        subscriptions: customers * 10,
        resellers,
        subscription_paths,
        narrow_search: format!("{:05}", customers / 2 / 10),
    })
}

/// Contoso Distribution's admin agent, as the core names a caller.
pub fn contoso_admin(
    conn: &mut DbConn,
) -> anyhow::Result<(support_contacts::domain::User, Partner)> {
    let (user, _) = store::users::find_for_sign_in(conn, CONTOSO_ADMIN)?
        .into_iter()
        .next()
        .context("the demo's Contoso admin")?;
    let partner = partners::get(conn, &TenantId::from_trusted(CONTOSO.to_owned()))?
        .context("Contoso Distribution")?;
    Ok((user, partner))
}
