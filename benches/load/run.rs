//! One size of the benchmark: the data set, the two servers, and every
//! measurement the report shows.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use support_contacts::app;
use support_contacts::db::{self, DatabaseUrl};
use support_contacts::demo::{self, CONTOSO, TREY_RESEARCH};
use support_contacts::store::audit::Actor;

use super::client::{Client, Credentials, input_value};
use super::data::{self, CONTOSO_ADMIN, DataSet, WWI_ADMIN};
use super::report::{Measured, Page, Report, Stats};
use super::server::Server;
use super::{Options, window};

/// What a worker does, over and over, until the window closes.
#[derive(Clone)]
pub enum Action {
    /// GET one of these paths (in turn), expecting 200.
    Get(Arc<Vec<String>>),
    /// A browser changing a contact: open the subscription page, post its
    /// form with the page's token and version, follow the redirect.
    Assign(Arc<Vec<String>>),
    /// The same browser posting the form again and again, each time to the
    /// other contact with the version its last change left, following each
    /// redirect: the subscription page is opened once, not per change.
    Repost(Arc<Vec<String>>),
    /// A sign-in with a wrong password, as a storm of guesses sends them.
    WrongSignIn,
}

/// What a reposting worker knows of its form: token, version, current contact.
type KnownForm = Option<(String, u32, bool)>;

pub struct Worker {
    pub client: Client,
    pub plan: Vec<(&'static str, Action)>,
    /// Which of each list's paths this worker starts at (and owns, for
    /// assignments, so that two workers never change the same subscription).
    pub index: usize,
    pub stride: usize,
}

pub async fn at_size(options: &Options, url: &DatabaseUrl, size: usize) -> anyhow::Result<Report> {
    let started = Instant::now();
    let set = {
        let url = url.clone();
        tokio::task::spawn_blocking(move || data::build(&url, size)).await??
    };
    let built_in = started.elapsed();
    eprintln!(
        "{size} subscriptions: {} customers, {} resellers, built in {built_in:.1?}",
        set.customers, set.resellers
    );
    let product = Server::product(url)?;
    let ceiling = Server::ceiling(url)?;
    let key = api_key(url)?;
    let partner_sessions = sign_in_many(product.addr, CONTOSO_ADMIN, 4).await?;
    let admin_sessions = sign_in_many(product.addr, WWI_ADMIN, 2).await?;

    let mut pages = pages(&set);
    if let Some(only) = &options.only {
        pages.retain(|p| p.name.contains(only.as_str()));
    }
    let mut measured = Vec::new();
    for page in &pages {
        let credentials = |i: usize| match page.role {
            Role::Partner => partner_sessions[i % partner_sessions.len()].clone(),
            Role::CustomerAdmin => admin_sessions[i % admin_sessions.len()].clone(),
            Role::Api => Credentials::Bearer(key.clone()),
        };
        measured.push(
            against_ceiling(options, (product.addr, ceiling.addr), page, &credentials).await?,
        );
    }

    if options.only.is_some() {
        return Ok(Report {
            size: set.subscriptions,
            customers: set.customers,
            resellers: set.resellers,
            built_in,
            pages: measured,
            flows: BTreeMap::new(),
            storm_alone: BTreeMap::new(),
            storm: BTreeMap::new(),
            mixed: BTreeMap::new(),
            bulk: None,
            peak_memory: product.peak_memory_mib(),
            start_up: product.start_up,
        });
    }

    // Assignments through the form flow, each worker on subscriptions of its own.
    let assign = Arc::new(set.first_subscriptions());
    let n = options.connections;
    let flow = Action::Assign(assign.clone());
    let workers = alike(
        n,
        product.addr,
        &partner_sessions,
        "assign a contact (form flow)",
        flow,
    );
    let mut flows = drive(workers, window(options)).await;
    let repost = Action::Repost(assign.clone());
    let label = "assign a contact (post and follow)";
    let workers = alike(n, product.addr, &partner_sessions, label, repost);
    flows.extend(drive(workers, window(options)).await);

    // A storm of sign-ins beside customer admins on their Support page.
    let support = Arc::new(vec!["/admin/support".to_owned()]);
    let half = options.connections / 2;
    let support_page = || Action::Get(support.clone());
    let label = "customer admin: support";
    let alone = drive(
        alike(half, product.addr, &admin_sessions, label, support_page()),
        window(options),
    )
    .await;
    let mut stormy = alike(half, product.addr, &admin_sessions, label, support_page());
    stormy.extend((0..half).map(|i| Worker {
        client: Client::new(product.addr, Credentials::Cookies(BTreeMap::new())),
        plan: vec![("sign-in storm", Action::WrongSignIn)],
        index: i,
        stride: half,
    }));
    let storm = drive(stormy, window(options)).await;

    // Everything at once, as a working day mixes it.
    let mixed = drive(
        mixed_workers(
            options,
            product.addr,
            &set,
            &partner_sessions,
            &admin_sessions,
            &key,
        ),
        window(options) * 2,
    )
    .await;

    let bulk = bulk_change(product.addr, &partner_sessions[0], url).await?;
    let peak_memory = product.peak_memory_mib();
    let start_up = {
        drop(product);
        Server::product(url)?.start_up
    };
    Ok(Report {
        size: set.subscriptions,
        customers: set.customers,
        resellers: set.resellers,
        built_in,
        pages: measured,
        flows,
        storm_alone: alone,
        storm,
        mixed,
        bulk,
        peak_memory,
        start_up,
    })
}

#[derive(Clone, Copy)]
pub enum Role {
    Partner,
    CustomerAdmin,
    Api,
}

/// The pages measured against their ceilings.
fn pages(set: &DataSet) -> Vec<Page> {
    let subscription_pages: Vec<String> = set
        .subscription_paths
        .iter()
        .map(|(c, s)| format!("/partner/customers/{c}/subscriptions/{s}"))
        .collect();
    let customer_pages: Vec<String> = set
        .subscription_paths
        .iter()
        .map(|(c, _)| format!("/partner/customers/{c}"))
        .collect();
    let api_contacts: Vec<String> = set
        .subscription_paths
        .iter()
        .map(|(c, s)| format!("/v1/customers/{c}/subscriptions/{s}/supportcontact"))
        .collect();
    let one = |p: &str| vec![p.to_owned()];
    vec![
        Page::new("partner dashboard", Role::Partner, one("/partner")),
        Page::new("customers", Role::Partner, one("/partner/customers")),
        Page::new(
            "customers, search",
            Role::Partner,
            one(&format!("/partner/customers?q={}", set.narrow_search)),
        ),
        Page::new("customer", Role::Partner, customer_pages),
        Page::new("subscription", Role::Partner, subscription_pages),
        Page::new("activity", Role::Partner, one("/partner/activity")),
        Page::new(
            "customer admin: support",
            Role::CustomerAdmin,
            one("/admin/support"),
        ),
        Page::new("API: supportcontact GET", Role::Api, api_contacts),
        Page::new("API: customers", Role::Api, one("/v1/customers")),
    ]
}

/// How many slices each page's window is cut into, the product and its
/// ceiling taking turns: a machine that slows down for a second slows both
/// alike, instead of whichever happened to be measured then.
const ROUNDS: u32 = 5;

/// A page and its ceiling, in turns of a fifth of the window each.
async fn against_ceiling(
    options: &Options,
    (product, ceiling): (SocketAddr, SocketAddr),
    page: &Page,
    credentials: &dyn Fn(usize) -> Credentials,
) -> anyhow::Result<Measured> {
    let slice = window(options) / ROUNDS;
    let mut measured = Measured {
        name: page.name,
        product: Stats::default(),
        ceiling: page.bare.then(Stats::default),
        round_ratios: Vec::new(),
    };
    for _ in 0..ROUNDS {
        let ours = measure(options, slice, product, page, credentials).await?;
        if let Some(total) = &mut measured.ceiling {
            let bare = measure(options, slice, ceiling, page, credentials).await?;
            measured
                .round_ratios
                .push(ours.per_second() / bare.per_second().max(1e-9));
            total.extend(bare);
        }
        measured.product.extend(ours);
    }
    Ok(measured)
}

async fn measure(
    options: &Options,
    window: Duration,
    addr: SocketAddr,
    page: &Page,
    credentials: &dyn Fn(usize) -> Credentials,
) -> anyhow::Result<Stats> {
    let paths = Arc::new(page.paths.clone());
    let workers = (0..options.connections)
        .map(|i| Worker {
            client: Client::new(addr, credentials(i)),
            plan: vec![(page.name, Action::Get(paths.clone()))],
            index: i,
            stride: 1,
        })
        .collect();
    let mut by_label = drive(workers, window).await;
    by_label.remove(page.name).context("the page's figures")
}

/// `n` workers doing the same thing, each on a session of `sessions` in turn.
fn alike(
    n: usize,
    addr: SocketAddr,
    sessions: &[Credentials],
    label: &'static str,
    action: Action,
) -> Vec<Worker> {
    (0..n)
        .map(|i| Worker {
            client: Client::new(addr, sessions[i % sessions.len()].clone()),
            plan: vec![(label, action.clone())],
            index: i,
            stride: n,
        })
        .collect()
}

fn mixed_workers(
    options: &Options,
    addr: SocketAddr,
    set: &DataSet,
    partners: &[Credentials],
    admins: &[Credentials],
    key: &str,
) -> Vec<Worker> {
    let pages = pages(set);
    let by_name = |name: &str| {
        let page = pages
            .iter()
            .find(|p| p.name == name)
            .expect("a measured page");
        (page.name, Action::Get(Arc::new(page.paths.clone())))
    };
    let assign = Arc::new(set.first_subscriptions());
    let n = options.connections;
    (0..n)
        .map(|i| {
            // Half browse as partners (one in four of them also assigns),
            // a quarter are customer admins, a quarter scripts on the API.
            let (credentials, plan) = match i % 4 {
                0 | 1 => {
                    let mut plan = vec![
                        by_name("partner dashboard"),
                        by_name("customer"),
                        by_name("subscription"),
                        by_name("activity"),
                    ];
                    if i % 8 == 0 {
                        plan.push((
                            "assign a contact (form flow)",
                            Action::Assign(assign.clone()),
                        ));
                    }
                    (partners[i % partners.len()].clone(), plan)
                }
                2 => (
                    admins[i % admins.len()].clone(),
                    vec![by_name("customer admin: support")],
                ),
                _ => (
                    Credentials::Bearer(key.to_owned()),
                    vec![
                        by_name("API: supportcontact GET"),
                        by_name("API: customers"),
                    ],
                ),
            };
            Worker {
                client: Client::new(addr, credentials),
                plan,
                index: i,
                stride: n,
            }
        })
        .collect()
}

/// Runs the workers until `window` has passed; figures by label.
pub async fn drive(workers: Vec<Worker>, window: Duration) -> BTreeMap<&'static str, Stats> {
    let deadline = Instant::now() + window;
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for worker in workers {
        tasks.spawn(work(worker, deadline));
    }
    let mut all: BTreeMap<&'static str, Stats> = BTreeMap::new();
    while let Some(done) = tasks.join_next().await {
        let Ok(found) = done else { continue };
        for (label, stats) in found {
            all.entry(label).or_default().merge(stats);
        }
    }
    let elapsed = started.elapsed();
    for stats in all.values_mut() {
        stats.elapsed = elapsed;
    }
    all
}

async fn work(mut worker: Worker, deadline: Instant) -> BTreeMap<&'static str, Stats> {
    let mut stats: BTreeMap<&'static str, Stats> = BTreeMap::new();
    let mut turn = worker.index;
    let mut round = 0;
    let mut form = None;
    while Instant::now() < deadline {
        for (label, action) in worker.plan.clone() {
            let entry = stats.entry(label).or_default();
            let started = Instant::now();
            let outcome = match &action {
                Action::Get(paths) => {
                    let path = &paths[turn % paths.len()];
                    expect(worker.client.get(path).await, 200, path)
                }
                Action::Assign(paths) => {
                    // Only the paths this worker owns: index, index + stride, ...
                    let owned = paths
                        .len()
                        .saturating_sub(worker.index)
                        .div_ceil(worker.stride);
                    if owned == 0 {
                        return stats;
                    }
                    let path = &paths[worker.index + (round % owned) * worker.stride];
                    assign_once(&mut worker.client, path).await
                }
                Action::Repost(paths) => {
                    // One subscription of this worker's own, its form read once.
                    let Some(path) = paths.get(worker.index) else {
                        return stats;
                    };
                    repost(&mut worker.client, path, &mut form).await
                }
                Action::WrongSignIn => wrong_sign_in(&mut worker.client, turn).await,
            };
            entry.record(started.elapsed(), outcome);
        }
        turn += worker.stride;
        round += 1;
    }
    stats
}

fn expect(
    response: anyhow::Result<super::client::Response>,
    status: u16,
    what: &str,
) -> Result<super::client::Response, String> {
    match response {
        Ok(r) if r.status.as_u16() == status => Ok(r),
        Ok(r) => Err(format!(
            "{what}: {} {}",
            r.status,
            r.text().chars().take(200).collect::<String>()
        )),
        Err(e) => Err(format!("{what}: {e:#}")),
    }
}

/// Opens the subscription page, posts its form to the other contact, follows the redirect.
async fn assign_once(client: &mut Client, path: &str) -> Result<super::client::Response, String> {
    let page = expect(client.get(path).await, 200, path)?;
    let (token, version, current) = read_form(page.text())?;
    let next = if current == TREY_RESEARCH {
        CONTOSO
    } else {
        TREY_RESEARCH
    };
    let version = version.to_string();
    let action = format!("{path}/support-contact");
    let posted = client
        .post_form(
            &action,
            &[
                ("csrf_token", &token),
                ("version", &version),
                ("support_contact", next),
            ],
        )
        .await;
    let posted = expect(posted, 303, &action)?;
    let to = posted
        .location
        .clone()
        .ok_or("no Location after the change")?;
    expect(client.get(&to).await, 200, &to)
}

/// Posts the form of `path` to the other contact, reading the page only the first time.
async fn repost(
    client: &mut Client,
    path: &str,
    known: &mut KnownForm,
) -> Result<super::client::Response, String> {
    let (token, version, to_trey) = match known.take() {
        Some(form) => form,
        None => {
            let page = expect(client.get(path).await, 200, path)?;
            let (token, version, current) = read_form(page.text())?;
            (token, version, current != TREY_RESEARCH)
        }
    };
    let next = if to_trey { TREY_RESEARCH } else { CONTOSO };
    let action = format!("{path}/support-contact");
    let posted = client
        .post_form(
            &action,
            &[
                ("csrf_token", &token),
                ("version", &version.to_string()),
                ("support_contact", next),
            ],
        )
        .await;
    let posted = expect(posted, 303, &action)?;
    let to = posted
        .location
        .clone()
        .ok_or("no Location after the change")?;
    let review = expect(client.get(&to).await, 200, &to)?;
    *known = Some((token, version + 1, !to_trey));
    Ok(review)
}

/// The CSRF token, the version and the chosen contact of a subscription page's form.
fn read_form(html: &str) -> Result<(String, u32, String), String> {
    let token = input_value(html, "csrf_token").ok_or("no CSRF token on the page")?;
    let version = input_value(html, "version")
        .and_then(|v| v.parse().ok())
        .ok_or("no version on the page")?;
    // The checked card of the choice: `value="{tenant id}" checked`.
    let current = html
        .find("\" checked")
        .and_then(|end| html[..end].rfind("value=\"").map(|s| &html[s + 7..end]))
        .ok_or("no contact chosen on the page")?;
    Ok((token.to_owned(), version, current.to_owned()))
}

/// A sign-in with a wrong password for one of many addresses.
async fn wrong_sign_in(
    client: &mut Client,
    turn: usize,
) -> Result<super::client::Response, String> {
    let page = expect(client.get("/login").await, 200, "/login")?;
    let token = input_value(page.text(), "csrf_token")
        .ok_or("no CSRF token on /login")?
        .to_owned();
    let email = format!("nobody{turn}@example.com");
    // From a different address each time, as a botnet guesses: every guess
    // is hashed (or turned away when the hashing queue is full).
    client.forwarded_for = Some(format!(
        "10.{}.{}.{}",
        (turn >> 16) & 0xff,
        (turn >> 8) & 0xff,
        turn & 0xff
    ));
    let answer = client
        .post_form(
            "/login",
            &[
                ("csrf_token", &token),
                ("email", &email),
                ("password", "not the password"),
            ],
        )
        .await
        .map_err(|e| format!("/login: {e:#}"))?;
    // Refused (200 with the form again), or throttled (429): both are the
    // product doing its job; anything else is not.
    match answer.status.as_u16() {
        200 | 401 | 429 => Ok(answer),
        other => Err(format!("/login answered {other}")),
    }
}

/// A bulk change through a reseller's page: every subscription of the
/// customers named "Customer 000…" (10,000 at 100,000 subscriptions) made
/// Trey Research's, with the form's "all matching" button. How many changed
/// is read from the database, before and after.
async fn bulk_change(
    addr: SocketAddr,
    session: &Credentials,
    url: &DatabaseUrl,
) -> anyhow::Result<Option<(usize, Duration)>> {
    let supported_by_trey = || -> anyhow::Result<i64> {
        use diesel::prelude::*;
        use support_contacts::db::schema::subscriptions as s;
        let mut conn = db::connect(url)?;
        Ok(s::table
            .filter(s::support_contact_tenant_id.eq(TREY_RESEARCH))
            .count()
            .get_result(&mut conn)?)
    };
    let before = supported_by_trey()?;
    let mut client = Client::new(addr, session.clone());
    let path = format!("/partner/resellers/{TREY_RESEARCH}");
    let page = client.get(&format!("{path}?q=Customer%20000")).await?;
    anyhow::ensure!(page.status.as_u16() == 200, "{path}: {}", page.status);
    let token = input_value(page.text(), "csrf_token")
        .context("a CSRF token on the reseller's page")?
        .to_owned();
    let started = Instant::now();
    let answer = client
        .post_form(
            &path,
            &[
                ("csrf_token", &token),
                ("action", "assign"),
                ("q", "Customer 000"),
                ("scope", "matching"),
            ],
        )
        .await?;
    let took = started.elapsed();
    anyhow::ensure!(
        answer.status.as_u16() == 303,
        "the bulk change: {} {}",
        answer.status,
        answer.text().chars().take(300).collect::<String>()
    );
    let changed = supported_by_trey()? - before;
    anyhow::ensure!(changed > 0, "the bulk change changed nothing");
    Ok(Some((changed as usize, took)))
}

async fn sign_in(addr: SocketAddr, email: &str) -> anyhow::Result<Credentials> {
    let mut client = Client::new(addr, Credentials::Cookies(BTreeMap::new()));
    let page = client.get("/login").await?;
    let token = input_value(page.text(), "csrf_token")
        .context("a CSRF token on /login")?
        .to_owned();
    let answer = client
        .post_form(
            "/login",
            &[
                ("csrf_token", &token),
                ("email", email),
                ("password", demo::DEMO_PASSWORD),
            ],
        )
        .await?;
    anyhow::ensure!(
        answer.status.as_u16() == 303,
        "signing in as {email}: {}",
        answer.status
    );
    Ok(client.credentials().clone())
}

async fn sign_in_many(addr: SocketAddr, email: &str, n: usize) -> anyhow::Result<Vec<Credentials>> {
    let mut sessions = Vec::new();
    for _ in 0..n {
        sessions.push(sign_in(addr, email).await?);
    }
    Ok(sessions)
}

/// A key for Contoso's admin agent, made as an operator makes one.
fn api_key(url: &DatabaseUrl) -> anyhow::Result<String> {
    let mut conn = db::connect(url)?;
    let (_, key) = app::api_keys::create_as_operator(
        &mut conn,
        &Actor::command_line(),
        CONTOSO_ADMIN,
        None,
        "load benchmark",
        chrono::Utc::now().naive_utc(),
    )
    .map_err(|e| anyhow::anyhow!("making an API key: {e:?}"))?;
    Ok(key.secret)
}
