//! Fixture builders: a test states the organizations it needs, on an empty
//! database, and they are made through the core's use-cases, the way an
//! operator and the organizations' own admins make them:
//!
//! ```ignore
//! let world = Fixture::new(&app)
//!     .provider("Contoso Distribution")
//!     .reseller("Trey Research", Tie::Dap)
//!     .customer("Wide World Importers")
//!     .subscriptions(&["Office 365 Business Premium", "Microsoft 365 E3"])
//!     .build();
//! let contoso = app.signed_in_as(&world.provider.admin).await;
//! ```
//!
//! Partners and their first admins come from `app::partners::create` and
//! `app::users::create` (the command line's `partners create` and `users
//! create`), authorizations from `app::authorizations`, the customer from
//! the provider's relationship request answered by its first admin
//! (`app::requests::create_customer_and_accept`), each reseller's
//! relationship from its own request answered by that admin, and
//! subscriptions from `app::subscriptions::add`.

use std::sync::atomic::{AtomicU32, Ordering};

use support_contacts::app;
use support_contacts::db::DbConn;
use support_contacts::domain::{
    Customer, Organization, Partner, PartnerKind, Role, SupportProfile, TenantId, User,
};
use support_contacts::store::audit::Actor;

use crate::helpers::Database;

/// Every fixture user's password.
pub const FIXTURE_PASSWORD: &str = "fixture-password-2026";

/// How a reseller stands with the world's customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tie {
    /// An active relationship with delegated admin privileges: with its
    /// provider's authorization, an eligible contact (rule 2).
    Dap,
    /// An active relationship without delegated admin privileges.
    NoDap,
    /// No relationship at all.
    Unrelated,
}

/// What a user signs in with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub email: String,
    pub password: String,
}

/// A partner organization the fixture made.
#[derive(Debug, Clone)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub mpn_id: String,
    /// Its admin agent.
    pub admin: Login,
    /// Its helpdesk agent, when asked for.
    pub helpdesk: Option<Login>,
}

/// The customer the fixture made (or joined).
#[derive(Debug, Clone)]
pub struct CustomerOrg {
    pub id: String,
    pub name: String,
    pub domain: String,
    /// Its first global admin.
    pub admin: Login,
    /// The ids of the subscriptions this fixture added, in the order given.
    pub subscriptions: Vec<String>,
}

/// What [`Fixture::build`] made.
#[derive(Debug, Clone)]
pub struct World {
    pub provider: Org,
    /// In the order given, former resellers included.
    pub resellers: Vec<Org>,
    customer: Option<CustomerOrg>,
}

impl World {
    /// The reseller of that name.
    pub fn reseller(&self, name: &str) -> &Org {
        self.resellers
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("the fixture has no reseller named {name}"))
    }

    pub fn customer(&self) -> &CustomerOrg {
        self.customer
            .as_ref()
            .expect("the fixture was given a customer")
    }

    /// The customer's subscription at `index`, in the order given.
    pub fn subscription(&self, index: usize) -> &str {
        &self.customer().subscriptions[index]
    }
}

#[derive(Debug, Clone)]
struct ResellerSpec {
    name: String,
    tie: Tie,
    /// Its authorization of the provider ended after the tie was made.
    ended: bool,
}

#[derive(Debug, Clone)]
enum CustomerSpec {
    New(String),
    Existing(CustomerOrg),
}

/// Says what a test needs; [`Fixture::build`] makes it.
pub struct Fixture<'a> {
    db: &'a dyn Database,
    provider: String,
    helpdesk: bool,
    resellers: Vec<ResellerSpec>,
    customer: Option<CustomerSpec>,
    offers: Vec<String>,
}

impl<'a> Fixture<'a> {
    /// A provider called "Contoso Distribution" unless named otherwise,
    /// and nothing else yet.
    pub fn new<D: Database>(db: &'a D) -> Self {
        Self {
            db,
            provider: "Contoso Distribution".to_owned(),
            helpdesk: false,
            resellers: Vec::new(),
            customer: None,
            offers: Vec::new(),
        }
    }

    /// The indirect provider at the centre of the world.
    pub fn provider(mut self, name: &str) -> Self {
        name.clone_into(&mut self.provider);
        self
    }

    /// The provider also has a helpdesk agent.
    pub fn helpdesk(mut self) -> Self {
        self.helpdesk = true;
        self
    }

    /// A reseller that has authorized the provider, tied to the customer so.
    pub fn reseller(mut self, name: &str, tie: Tie) -> Self {
        self.resellers.push(ResellerSpec {
            name: name.to_owned(),
            tie,
            ended: false,
        });
        self
    }

    /// A reseller whose authorization of the provider has ended, after its
    /// tie to the customer was made.
    pub fn former_reseller(mut self, name: &str, tie: Tie) -> Self {
        self.resellers.push(ResellerSpec {
            name: name.to_owned(),
            tie,
            ended: true,
        });
        self
    }

    /// A new customer, created by accepting the provider's request.
    pub fn customer(mut self, name: &str) -> Self {
        self.customer = Some(CustomerSpec::New(name.to_owned()));
        self
    }

    /// A customer another fixture made: its admin accepts this provider's
    /// request (several partners, one customer: rule 7).
    pub fn existing_customer(mut self, customer: &CustomerOrg) -> Self {
        let mut joined = customer.clone();
        joined.subscriptions.clear();
        self.customer = Some(CustomerSpec::Existing(joined));
        self
    }

    /// Subscriptions the provider adds for the customer, one per offer name.
    pub fn subscriptions(mut self, offers: &[&str]) -> Self {
        self.offers.extend(offers.iter().map(|o| (*o).to_owned()));
        self
    }

    pub fn build(self) -> World {
        let db = self.db;
        let mut conn = db.conn();
        let conn: &mut DbConn = &mut conn;
        let now = db.now();
        let provider = make_partner(
            conn,
            &self.provider,
            PartnerKind::IndirectProvider,
            self.helpdesk,
            now,
        );
        let provider_id = tenant(&provider.id);
        let operator = Actor::command_line();
        let mut resellers = Vec::new();
        for spec in &self.resellers {
            let reseller =
                make_partner(conn, &spec.name, PartnerKind::IndirectReseller, false, now);
            app::authorizations::authorize_reseller(
                conn,
                &operator,
                &provider_id,
                &tenant(&reseller.id),
                now,
            )
            .expect("the reseller authorizes the provider");
            resellers.push(reseller);
        }
        if self.customer.is_none() {
            assert!(self.offers.is_empty(), "subscriptions need a customer");
            assert!(
                self.resellers.iter().all(|r| r.tie == Tie::Unrelated),
                "a tie needs a customer"
            );
        }
        let customer = self.customer.map(|spec| {
            let mut customer = match spec {
                CustomerSpec::New(name) => new_customer(conn, &provider, &name, now),
                CustomerSpec::Existing(existing) => {
                    relate(conn, &provider, None, &existing, false, now);
                    existing
                }
            };
            let (admin, partner) = partner_user(conn, &provider, &provider.admin);
            for offer in &self.offers {
                let id = app::subscriptions::add(
                    conn,
                    app::PartnerCaller {
                        user: &admin,
                        partner: &partner,
                    },
                    app::subscriptions::AddSubscription {
                        customer: tenant(&customer.id),
                        offer_name: offer.clone(),
                        friendly_name: offer.clone(),
                        quantity: 10,
                        reseller_of_record: None,
                    },
                    now,
                )
                .expect("the provider adds a subscription");
                customer.subscriptions.push(id.as_str().to_owned());
            }
            for (spec, reseller) in self.resellers.iter().zip(&resellers) {
                match spec.tie {
                    Tie::Dap => relate(conn, reseller, Some(&provider), &customer, true, now),
                    Tie::NoDap => relate(conn, reseller, Some(&provider), &customer, false, now),
                    Tie::Unrelated => {}
                }
            }
            customer
        });
        for (spec, reseller) in self.resellers.iter().zip(&resellers) {
            if spec.ended {
                app::authorizations::end_authorization(
                    conn,
                    &operator,
                    &provider_id,
                    &tenant(&reseller.id),
                    now,
                )
                .expect("the authorization ends");
            }
        }
        World {
            provider,
            resellers,
            customer,
        }
    }
}

fn tenant(id: &str) -> TenantId {
    TenantId::parse(id).expect("a tenant id")
}

/// "Contoso Distribution" → "contoso-distribution".
fn slug(name: &str) -> String {
    name.split_whitespace()
        .map(|word| {
            word.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// A new MPN id, unique in this test process (and so in each test's database).
fn next_mpn_id() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(5_100_000);
    NEXT.fetch_add(1, Ordering::Relaxed).to_string()
}

fn login(local: &str, domain: &str) -> Login {
    Login {
        email: format!("{local}@{domain}"),
        password: FIXTURE_PASSWORD.to_owned(),
    }
}

/// A partner organization and its admin, as an operator makes them.
fn make_partner(
    conn: &mut DbConn,
    name: &str,
    kind: PartnerKind,
    helpdesk: bool,
    now: chrono::NaiveDateTime,
) -> Org {
    let domain = format!("{}.example", slug(name));
    let partner = Partner {
        tenant_id: TenantId::new_random(),
        mpn_id: next_mpn_id(),
        name: name.to_owned(),
        kind,
        support: SupportProfile {
            email: format!("support@{domain}"),
            telephone: "+1 425 555 0100".to_owned(),
            website: format!("https://{domain}"),
        },
    };
    let operator = Actor::command_line();
    app::partners::create(conn, &operator, &partner, now).expect("the partner is created");
    let organization = Organization::Partner(partner.tenant_id.clone());
    let mut add_user = |login: &Login, role: Role, display_name: &str| {
        app::users::create(
            conn,
            &operator,
            app::users::NewAccount {
                email: &login.email,
                display_name,
                organization: organization.clone(),
                role,
                password: &login.password,
            },
            now,
        )
        .expect("the user is created");
    };
    let admin = login("admin", &domain);
    add_user(&admin, Role::AdminAgent, &format!("Admin of {name}"));
    let helpdesk = helpdesk.then(|| {
        let agent = login("helpdesk", &domain);
        add_user(&agent, Role::HelpdeskAgent, &format!("Helpdesk of {name}"));
        agent
    });
    Org {
        id: partner.tenant_id.into_string(),
        name: name.to_owned(),
        mpn_id: partner.mpn_id,
        admin,
        helpdesk,
    }
}

/// The provider asks a customer nobody holds yet for a relationship; its
/// first admin creates the organization and accepts.
fn new_customer(
    conn: &mut DbConn,
    provider: &Org,
    name: &str,
    now: chrono::NaiveDateTime,
) -> CustomerOrg {
    let compact = slug(name).replace('-', "");
    new_customer_at(conn, provider, name, &compact, now)
}

/// More customers of `provider`, one per (company name, domain prefix),
/// each made as [`Fixture::customer`] makes its customer; the domain is
/// `<prefix>.onmicrosoft.com`, so that names may repeat.
pub fn more_customers<D: Database>(
    db: &D,
    provider: &Org,
    customers: &[(&str, &str)],
) -> Vec<CustomerOrg> {
    let mut conn = db.conn();
    let now = db.now();
    customers
        .iter()
        .map(|(name, prefix)| new_customer_at(&mut conn, provider, name, prefix, now))
        .collect()
}

fn new_customer_at(
    conn: &mut DbConn,
    provider: &Org,
    name: &str,
    compact: &str,
    now: chrono::NaiveDateTime,
) -> CustomerOrg {
    let domain = format!("{compact}.onmicrosoft.com");
    let token = request(conn, provider, None, name, &domain, false, now);
    let admin = login("admin", &format!("{compact}.example"));
    let (_, accepted) = app::requests::create_customer_and_accept(
        conn,
        &token,
        name,
        "US",
        &admin.email,
        &format!("Admin of {name}"),
        &admin.password,
        now,
    )
    .expect("the customer's first admin accepts");
    let customer =
        support_contacts::store::customers::find_by_domain(conn, &accepted.customer_domain)
            .expect("database")
            .expect("the customer exists");
    CustomerOrg {
        id: customer.tenant_id.into_string(),
        name: name.to_owned(),
        domain,
        admin,
        subscriptions: Vec::new(),
    }
}

/// `partner` (a reseller through `via`, or a provider) asks for a
/// relationship; gives the link's token.
fn request(
    conn: &mut DbConn,
    partner: &Org,
    via: Option<&Org>,
    company: &str,
    domain: &str,
    delegated_admin: bool,
    now: chrono::NaiveDateTime,
) -> String {
    let (user, asking) = partner_user(conn, partner, &partner.admin);
    let via = via.map(|p| tenant(&p.id));
    let (id, token) = app::requests::create_request(
        conn,
        &Actor::for_user(&user),
        &asking,
        via.as_ref(),
        company,
        domain,
        false,
        None,
        now,
    )
    .expect("database")
    .expect("a valid request");
    if delegated_admin {
        // A request from before resellers stopped getting legacy delegated
        // admin privileges: accepted, it grants them.
        use diesel::prelude::*;
        use support_contacts::db::schema::relationship_requests as r;
        diesel::update(r::table.find(id.as_str()))
            .set(r::delegated_admin.eq(true))
            .execute(conn)
            .expect("database");
    }
    token
}

/// `partner` asks the customer for a relationship and its admin accepts.
fn relate(
    conn: &mut DbConn,
    partner: &Org,
    via: Option<&Org>,
    customer: &CustomerOrg,
    delegated_admin: bool,
    now: chrono::NaiveDateTime,
) {
    let token = request(
        conn,
        partner,
        via,
        &customer.name,
        &customer.domain,
        delegated_admin,
        now,
    );
    let (admin, held) = customer_user(conn, customer);
    app::requests::answer(conn, &Actor::for_user(&admin), &token, &held, true, now)
        .expect("the customer's admin accepts");
}

/// A partner's user, with their partner: what a `PartnerCaller` borrows.
pub fn partner_user(conn: &mut DbConn, org: &Org, login: &Login) -> (User, Partner) {
    use support_contacts::store::{partners, users};
    let id = tenant(&org.id);
    let user = users::find_in_organization(conn, &Organization::Partner(id.clone()), &login.email)
        .expect("database")
        .expect("the user exists");
    let partner = partners::get(conn, &id)
        .expect("database")
        .expect("the partner exists");
    (user, partner)
}

/// The customer's admin, with the customer: what a `CustomerCaller` borrows.
pub fn customer_user(conn: &mut DbConn, customer: &CustomerOrg) -> (User, Customer) {
    use support_contacts::store::{customers, users};
    let id = tenant(&customer.id);
    let user = users::find_in_organization(
        conn,
        &Organization::Customer(id.clone()),
        &customer.admin.email,
    )
    .expect("database")
    .expect("the user exists");
    let held = customers::get(conn, &id)
        .expect("database")
        .expect("the customer exists");
    (user, held)
}
