//! Page latency at scale: the same pages, measured on the demo and on the
//! demo plus tens of thousands of customers, reported as percentiles and as
//! the ratio between the two. A page that scales holds a ratio near 1.
//!
//!     cargo bench --bench pages             # 20,000 more customers, 300 more resellers
//!     cargo bench --bench pages -- --customers 50000 --resellers 1000 --requests 300
//!
//! The app runs in this process on a SQLite file, over real HTTP on
//! 127.0.0.1, one request at a time (latency, not throughput).

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use support_contacts::config::{SeedDemo, SessionKey, Settings};
use support_contacts::db::{self, DatabaseUrl};
use support_contacts::demo::{self, CONTOSO, TREY_RESEARCH};
use support_contacts::domain::{
    Customer, Partner, PartnerKind, SubscriptionId, SupportProfile, SystemClock, TenantId,
};
use support_contacts::store::audit::Actor;
use support_contacts::store::{customers, partners, relationships, subscriptions};

const CONTOSO_ADMIN: &str = "admin@contoso-distribution.example";
const WWI_ADMIN: &str = "admin@wideworldimporters.example";

struct Options {
    customers: usize,
    resellers: usize,
    requests: usize,
}

fn options() -> anyhow::Result<Options> {
    let mut options = Options {
        customers: 20_000,
        resellers: 300,
        requests: 200,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || -> anyhow::Result<usize> {
            args.next()
                .with_context(|| format!("{arg} needs a number"))?
                .parse()
                .with_context(|| format!("{arg} needs a number"))
        };
        match arg.as_str() {
            "--customers" => options.customers = value()?,
            "--resellers" => options.resellers = value()?,
            "--requests" => options.requests = value()?,
            "--bench" => {} // what `cargo bench` passes
            other => anyhow::bail!("unknown argument {other:?}"),
        }
    }
    Ok(options)
}

fn main() -> anyhow::Result<()> {
    let options = options()?;
    actix_web::rt::System::new().block_on(async move {
        let small = measure(0, 0, options.requests).await?;
        let large = measure(options.customers, options.resellers, options.requests).await?;
        println!(
            "\n{} requests per page, one at a time; milliseconds. Demo: {} customers of Contoso; large: {} more, and {} more resellers authorized by Contoso.\n",
            options.requests, small.customers, options.customers, options.resellers
        );
        println!(
            "| page | demo p50 | demo p95 | demo p99 | large p50 | large p95 | large p99 | p50 ratio | p95 ratio |"
        );
        println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for ((name, a), (_, b)) in small.pages.iter().zip(&large.pages) {
            println!(
                "| {name} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.1} | {:.2} | {:.2} |",
                a.p50, a.p95, a.p99, b.p50, b.p95, b.p99,
                b.p50 / a.p50,
                b.p95 / a.p95
            );
        }
        Ok(())
    })
}

struct Percentiles {
    p50: f64,
    p95: f64,
    p99: f64,
}

fn percentiles(mut samples: Vec<Duration>) -> Percentiles {
    samples.sort();
    let at = |q: f64| {
        let index = ((samples.len() as f64 * q).ceil() as usize).clamp(1, samples.len()) - 1;
        samples[index].as_secs_f64() * 1000.0
    };
    Percentiles {
        p50: at(0.50),
        p95: at(0.95),
        p99: at(0.99),
    }
}

struct Measured {
    customers: i64,
    pages: Vec<(String, Percentiles)>,
}

/// The tenant id of the n-th extra customer.
fn extra_customer(n: usize) -> TenantId {
    TenantId::from_trusted(format!("bec0{:04x}-0000-4000-8000-{n:012x}", n >> 16))
}

/// Adds `count` customers of Contoso, every other one also with Trey
/// Research (holding DAP), each with two subscriptions, and `resellers`
/// resellers authorized by Contoso, every tenth one related (without DAP) to
/// every hundredth customer, in one transaction.
fn grow(url: &DatabaseUrl, count: usize, resellers: usize) -> anyhow::Result<()> {
    let mut conn = db::connect(url)?;
    let now = chrono::Utc::now().naive_utc();
    let contoso = TenantId::from_trusted(CONTOSO.to_owned());
    let trey = TenantId::from_trusted(TREY_RESEARCH.to_owned());
    let actor = Actor {
        partner: Some(contoso.clone()),
        ..Actor::system()
    };
    db::write(&mut conn, |conn| -> anyhow::Result<()> {
        let mut related = Vec::new();
        for r in 0..resellers {
            let reseller = Partner {
                tenant_id: TenantId::from_trusted(format!(
                    "2e5e{:04x}-0000-4000-8000-{r:012x}",
                    r >> 16
                )),
                mpn_id: format!("{}", 7_000_000 + r),
                name: format!("Reseller {r:05}"),
                kind: PartnerKind::IndirectReseller,
                support: SupportProfile {
                    email: format!("support@reseller{r:05}.example"),
                    telephone: "+1 555 0100".to_owned(),
                    website: format!("https://reseller{r:05}.example"),
                },
            };
            partners::insert(conn, &reseller, now)?;
            partners::authorize_reseller(conn, &contoso, &reseller.tenant_id, now)?;
            if r % 10 == 0 {
                related.push(reseller.tenant_id);
            }
        }
        for n in 0..count {
            let customer = Customer {
                tenant_id: extra_customer(n),
                company_name: format!("Customer {n:06} Holdings"),
                domain: format!("customer{n:06}.onmicrosoft.com"),
                country: "US".to_owned(),
            };
            customers::insert(conn, &customer, now)?;
            relationships::insert_active(conn, &customer.tenant_id, &contoso, true, now)?;
            if n % 100 == 0 {
                for reseller in &related {
                    relationships::insert_active(conn, &customer.tenant_id, reseller, false, now)?;
                }
            }
            let with_trey = n % 2 == 0;
            if with_trey {
                relationships::insert_active(conn, &customer.tenant_id, &trey, true, now)?;
            }
            for k in 0..2 {
                let offer = if k == 0 {
                    "Microsoft 365 Business Premium"
                } else {
                    "Exchange Online (Plan 1)"
                };
                subscriptions::insert(
                    conn,
                    &actor,
                    &subscriptions::NewSubscription {
                        id: SubscriptionId::from_trusted(format!(
                            "5ab0{:04x}-000{k}-4000-8000-{n:012x}",
                            n >> 16
                        )),
                        customer: customer.tenant_id.clone(),
                        provider: contoso.clone(),
                        reseller_of_record: with_trey.then(|| trey.clone()),
                        offer_name: offer.to_owned(),
                        friendly_name: offer.to_owned(),
                        quantity: 10 + (n % 40) as i32,
                    },
                    now,
                )?;
            }
        }
        Ok(())
    })
}

async fn measure(extra: usize, resellers: usize, requests: usize) -> anyhow::Result<Measured> {
    let dir = tempfile::tempdir()?;
    let url = DatabaseUrl::Sqlite(dir.path().join("bench.db"));
    db::prepare(&url, |conn, _| {
        demo::seed(conn, chrono::Utc::now().naive_utc())
    })?;
    let started = Instant::now();
    grow(&url, extra, resellers)?;
    if extra > 0 {
        eprintln!("added {extra} customers in {:.1?}", started.elapsed());
    }
    let settings = Settings {
        bind_addr: "127.0.0.1:0".parse()?,
        seed_demo: SeedDemo::Never,
        ..Settings::new(url.clone(), SessionKey::generate())
    };
    let app = support_contacts::Application::build(settings, Arc::new(SystemClock))?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let mut conn = db::connect(&url)?;
    let customers =
        customers::count_for_partner(&mut conn, &TenantId::from_trusted(CONTOSO.into()))?;
    actix_web::rt::spawn(app.run_until_stopped());

    let partner = signed_in(&base, CONTOSO_ADMIN).await?;
    let customer_admin = signed_in(&base, WWI_ADMIN).await?;
    // A customer at the end of the alphabet and one in the middle of the list.
    let (customer, subscription) = if extra > 0 {
        let n = extra / 2 - (extra / 2) % 100; // Trey Research holds DAP; resellers related
        (
            extra_customer(n).to_string(),
            format!("5ab0{:04x}-0000-4000-8000-{n:012x}", n >> 16),
        )
    } else {
        (
            demo::WIDE_WORLD_IMPORTERS.to_owned(),
            demo::WWI_OFFICE_365.to_owned(),
        )
    };
    let last_page = (customers + 24) / 25;
    let subscription_path = format!("/partner/customers/{customer}/subscriptions/{subscription}");
    let pages: Vec<(&str, String)> = vec![
        ("partner dashboard", "/partner".into()),
        ("customers, first page", "/partner/customers".into()),
        (
            "customers, last page",
            format!("/partner/customers?page={last_page}"),
        ),
        (
            "customers, search (few hits)",
            "/partner/customers?q=wide%20world".into(),
        ),
        (
            "customers, search (many hits)",
            "/partner/customers?q=holdings".into(),
        ),
        ("customer", format!("/partner/customers/{customer}")),
        ("subscription", subscription_path.clone()),
        ("activity, first page", "/partner/activity".into()),
        ("resellers", "/partner/resellers".into()),
        (
            "reseller, with its bulk lists",
            format!("/partner/resellers/{TREY_RESEARCH}"),
        ),
        ("customer admin: support", "/admin/support".into()),
    ];

    let mut measured = Vec::new();
    for (name, path) in pages {
        let client = if name.starts_with("customer admin") {
            &customer_admin
        } else {
            &partner
        };
        let url = format!("{base}{path}");
        let mut samples = Vec::with_capacity(requests);
        for i in 0..requests + 10 {
            let start = Instant::now();
            let response = client.get(&url).send().await?;
            let status = response.status();
            response.bytes().await?;
            anyhow::ensure!(status.is_success(), "{path}: {status}");
            if i >= 10 {
                samples.push(start.elapsed());
            }
        }
        measured.push((name.to_owned(), percentiles(samples)));
    }

    // Writes: change the contact back and forth, each from a freshly read version.
    let mut samples = Vec::with_capacity(requests);
    let token = csrf_token(&partner, &format!("{base}{subscription_path}")).await?;
    for i in 0..requests {
        let (contact, version): (String, i32) = {
            use diesel::prelude::*;
            use support_contacts::db::schema::subscriptions as s;
            s::table
                .find(&subscription)
                .select((s::support_contact_tenant_id, s::version))
                .first(&mut conn)?
        };
        let next = if contact == CONTOSO {
            TREY_RESEARCH
        } else {
            CONTOSO
        };
        let start = Instant::now();
        let response = partner
            .post(format!("{base}{subscription_path}/support-contact"))
            .form(&[
                ("csrf_token", token.as_str()),
                ("version", &version.to_string()),
                ("support_contact", next),
            ])
            .send()
            .await?;
        let status = response.status();
        response.bytes().await?;
        anyhow::ensure!(status.as_u16() == 303, "assignment {i}: {status}");
        samples.push(start.elapsed());
    }
    measured.push(("assign a contact (POST)".to_owned(), percentiles(samples)));
    Ok(Measured {
        customers,
        pages: measured,
    })
}

async fn signed_in(base: &str, email: &str) -> anyhow::Result<reqwest::Client> {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let token = csrf_token(&client, &format!("{base}/login")).await?;
    let response = client
        .post(format!("{base}/login"))
        .form(&[
            ("csrf_token", token.as_str()),
            ("email", email),
            ("password", demo::DEMO_PASSWORD),
        ])
        .send()
        .await?;
    anyhow::ensure!(response.status().as_u16() == 303, "sign-in as {email}");
    Ok(client)
}

async fn csrf_token(client: &reqwest::Client, url: &str) -> anyhow::Result<String> {
    let page = client.get(url).send().await?.text().await?;
    let html = scraper::Html::parse_document(&page);
    let selector = scraper::Selector::parse("input[name=csrf_token]").expect("a selector");
    html.select(&selector)
        .next()
        .and_then(|input| input.value().attr("value"))
        .map(str::to_owned)
        .context("a CSRF token on the page")
}
