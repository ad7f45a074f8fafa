//! A real app on a fresh database per test, spoken to over HTTP with a cookie jar.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;
use scraper::{Html, Selector};
use support_contacts::Application;
use support_contacts::config::{SeedDemo, SessionKey, Settings};
use support_contacts::db::schema::{audit_log, subscriptions};
use support_contacts::db::{DatabaseUrl, Pool};
use support_contacts::domain::FixedClock;

pub use support_contacts::demo::{
    ADATUM, CONTOSO, DEMO_PASSWORD, FABRIKAM, NORTHWIND, PROSEWARE, TREY_RESEARCH,
    WIDE_WORLD_IMPORTERS as WWI, WWI_EXCHANGE, WWI_M365_E3, WWI_OFFICE_365,
};

pub const CONTOSO_ADMIN: &str = "admin@contoso-distribution.example";
pub const ADATUM_ADMIN: &str = "admin@adatum-cloud.example";
pub const TREY_ADMIN: &str = "admin@treyresearch.example";
pub const HELPDESK: &str = "helpdesk@contoso-distribution.example";
pub const WWI_ADMIN: &str = "admin@wideworldimporters.example";

/// The time every test app starts at.
pub fn start_time() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-03-02T09:30:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

pub struct TestApp {
    pub base: String,
    /// What a second server on the same database needs.
    pub settings: Settings,
    /// `http://…` of the metrics listener, when METRICS_ADDR is set.
    pub metrics_base: Option<String>,
    pub pool: Pool,
    pub clock: Arc<FixedClock>,
    _db: TestDatabase,
}

/// A database of the test's own, removed when the test ends.
pub enum TestDatabase {
    Sqlite(tempfile::TempDir),
    Postgres(PostgresDatabase),
}

impl TestDatabase {
    /// A new, empty database on the suite's backend.
    pub fn fresh() -> Self {
        if suite_on_postgres() {
            let admin = postgres_or_skip().expect("the suite runs on PostgreSQL");
            Self::Postgres(PostgresDatabase::create(&admin))
        } else {
            Self::Sqlite(tempfile::tempdir().expect("temp dir"))
        }
    }

    pub fn url(&self) -> DatabaseUrl {
        match self {
            Self::Sqlite(dir) => DatabaseUrl::Sqlite(dir.path().join("test.db")),
            Self::Postgres(db) => DatabaseUrl::Postgres(db.url.clone()),
        }
    }
}

/// Which backend the HTTP suite runs on: `SUPPORT_CONTACTS_TEST_DATABASE=postgres`
/// runs it on PostgreSQL (one new database per test), anything else on SQLite.
pub fn suite_on_postgres() -> bool {
    std::env::var("SUPPORT_CONTACTS_TEST_DATABASE").is_ok_and(|v| v == "postgres")
}

/// The server the PostgreSQL tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// The PostgreSQL admin URL when the server answers. Otherwise the test is
/// skipped with one line on the terminal, or fails when CI requires every test.
pub fn postgres_or_skip() -> Option<String> {
    use diesel::Connection;
    let url = postgres_admin_url();
    match diesel::PgConnection::establish(&url) {
        Ok(_) => Some(url),
        Err(e) => {
            static SAID: std::sync::Once = std::sync::Once::new();
            skip_or_fail(
                &SAID,
                &format!("PostgreSQL is required but {url} does not answer: {e}"),
                &format!(
                    "the PostgreSQL tests were not run: {url} does not answer (set TEST_POSTGRES_URL)"
                ),
            );
            None
        }
    }
}

/// What a test does when an outside tool it needs is missing: with
/// `SUPPORT_CONTACTS_REQUIRE_ALL_TESTS=1` (CI) it fails with `failure`;
/// otherwise it says `note` on one line, once per run however many tests
/// share `said`, and the caller returns (the test is skipped).
pub fn skip_or_fail(said: &std::sync::Once, failure: &str, note: &str) {
    if std::env::var("SUPPORT_CONTACTS_REQUIRE_ALL_TESTS").is_ok_and(|v| v == "1") {
        panic!("{failure} (SUPPORT_CONTACTS_REQUIRE_ALL_TESTS=1)");
    }
    said.call_once(|| {
        use std::io::Write;
        // Written past the test harness's capture.
        let _ = writeln!(std::io::stderr(), "note: {note}");
    });
}

pub struct PostgresDatabase {
    admin_url: String,
    name: String,
    pub url: String,
}

impl PostgresDatabase {
    pub fn create(admin_url: &str) -> Self {
        use diesel::{Connection, RunQueryDsl};
        let name = format!("sc_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = diesel::PgConnection::establish(admin_url).expect("PostgreSQL answers");
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut admin)
            .expect("create a test database");
        let (server, _) = admin_url
            .rsplit_once('/')
            .expect("a URL with a database name");
        Self {
            admin_url: admin_url.to_owned(),
            url: format!("{server}/{name}"),
            name,
        }
    }
}

impl Drop for PostgresDatabase {
    fn drop(&mut self) {
        use diesel::{Connection, RunQueryDsl};
        if let Ok(mut admin) = diesel::PgConnection::establish(&self.admin_url) {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .execute(&mut admin);
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(SeedDemo::FreshAny).await
}

/// The app on a database with no demo in it: the test builds what it needs
/// with `fixtures::Fixture`.
pub async fn spawn_empty_app() -> TestApp {
    spawn_app_with(SeedDemo::Never).await
}

/// A migrated, empty database on the suite's backend, with no server: for
/// calling the core's use-cases directly.
pub struct TestDb {
    pub pool: Pool,
    pub clock: Arc<FixedClock>,
    _db: TestDatabase,
}

pub fn test_database() -> TestDb {
    let db = TestDatabase::fresh();
    let url = db.url();
    support_contacts::db::prepare(&url, |_, _| Ok(())).expect("migrations run");
    let pool = support_contacts::db::pool(
        &url,
        &support_contacts::db::PoolOptions {
            max_size: 2,
            ..Default::default()
        },
    )
    .expect("pool");
    TestDb {
        pool,
        clock: Arc::new(FixedClock::new(start_time())),
        _db: db,
    }
}

/// What fixtures and audit checks need of a test's database, with or
/// without a server in front of it.
pub trait Database {
    fn pool(&self) -> &Pool;
    fn clock(&self) -> &FixedClock;

    fn conn(&self) -> support_contacts::db::PooledConn {
        self.pool().get().expect("connection")
    }

    /// The app's time now, as the use-cases take it.
    fn now(&self) -> chrono::NaiveDateTime {
        use support_contacts::domain::Clock;
        self.clock().now().naive_utc()
    }

    /// A key for the REST API acting as `email`, made by an operator (as
    /// `support-contacts api-keys create` does); its secret.
    fn api_key(&self, email: &str, name: &str) -> String {
        let (_, made) = support_contacts::app::api_keys::create_as_operator(
            &mut self.conn(),
            &support_contacts::store::audit::Actor::command_line(),
            email,
            None,
            name,
            self.now(),
        )
        .expect("an API key");
        made.secret
    }

    /// (support contact, version) of a subscription, as stored.
    fn stored_contact(&self, subscription: &str) -> (String, i32) {
        subscriptions::table
            .find(subscription)
            .select((
                subscriptions::support_contact_tenant_id,
                subscriptions::version,
            ))
            .first(&mut self.conn())
            .expect("subscription exists")
    }

    fn audit_rows(&self) -> i64 {
        audit_log::table
            .count()
            .get_result(&mut self.conn())
            .unwrap()
    }

    fn subscription_count(&self) -> i64 {
        subscriptions::table
            .count()
            .get_result(&mut self.conn())
            .unwrap()
    }
}

impl Database for TestDb {
    fn pool(&self) -> &Pool {
        &self.pool
    }
    fn clock(&self) -> &FixedClock {
        &self.clock
    }
}

impl Database for TestApp {
    fn pool(&self) -> &Pool {
        &self.pool
    }
    fn clock(&self) -> &FixedClock {
        &self.clock
    }
}

pub async fn spawn_app_with(seed_demo: SeedDemo) -> TestApp {
    spawn_configured(seed_demo, 4, std::time::Duration::from_secs(5)).await
}

pub async fn spawn_configured(
    seed_demo: SeedDemo,
    pool_size: u32,
    pool_timeout: std::time::Duration,
) -> TestApp {
    spawn_with(|settings| {
        settings.seed_demo = seed_demo;
        settings.pool_size = pool_size;
        settings.pool_timeout = pool_timeout;
    })
    .await
}

/// The demo app, with settings changed by `configure`.
pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let db = TestDatabase::fresh();
    let mut settings = Settings {
        bind_addr: "127.0.0.1:0".parse().unwrap(),
        public_url: "http://127.0.0.1".into(),
        seed_demo: SeedDemo::FreshAny,
        pool_size: 4,
        // Tests run the GDAP job themselves, at the time they set.
        job_interval: None,
        ..Settings::new(db.url(), SessionKey::generate())
    };
    configure(&mut settings);
    let clock = Arc::new(FixedClock::new(start_time()));
    let app = Application::build(settings.clone(), clock.clone()).expect("app builds");
    let base = format!("http://127.0.0.1:{}", app.port());
    let pool = app.pool();
    let metrics_base = app.metrics_addr().map(|addr| format!("http://{addr}"));
    actix_web::rt::spawn(app.run_until_stopped());
    TestApp {
        base,
        settings,
        metrics_base,
        pool,
        clock,
        _db: db,
    }
}

impl TestApp {
    /// Another server on this app's database, with the same session key:
    /// what a second instance behind a load balancer is. Its address.
    pub fn second_server(&self) -> String {
        let settings = Settings {
            seed_demo: SeedDemo::Never,
            metrics_addr: None,
            ..self.settings.clone()
        };
        let app = Application::build(settings, self.clock.clone()).expect("app builds");
        let base = format!("http://127.0.0.1:{}", app.port());
        actix_web::rt::spawn(app.run_until_stopped());
        base
    }

    /// A browser: its own cookie jar, redirects not followed so they can be asserted.
    pub fn browser(&self) -> Browser {
        Browser::at(&self.base)
    }

    /// A browser signed in as the given demo user.
    pub async fn signed_in(&self, email: &str) -> Browser {
        let browser = self.browser();
        let response = browser.sign_in(email, DEMO_PASSWORD, None).await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "sign-in of {email}: {}",
            response.body
        );
        browser
    }

    /// A browser signed in with a fixture's login.
    pub async fn signed_in_as(&self, login: &crate::fixtures::Login) -> Browser {
        let browser = self.browser();
        let response = browser.sign_in(&login.email, &login.password, None).await;
        assert_eq!(
            response.status,
            StatusCode::SEE_OTHER,
            "sign-in of {}: {}",
            login.email,
            response.body
        );
        browser
    }
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Page {
    pub fn html(&self) -> Html {
        Html::parse_document(&self.body)
    }

    /// The text of every element matching the selector, whitespace collapsed.
    pub fn texts(&self, selector: &str) -> Vec<String> {
        let selector = Selector::parse(selector).unwrap();
        self.html()
            .select(&selector)
            .map(|e| {
                e.text()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    pub fn text(&self) -> String {
        self.texts("body").join(" ")
    }

    /// The value attribute of every element matching the selector.
    pub fn values(&self, selector: &str, attribute: &str) -> Vec<String> {
        let selector = Selector::parse(selector).unwrap();
        self.html()
            .select(&selector)
            .filter_map(|e| e.value().attr(attribute).map(str::to_owned))
            .collect()
    }

    pub fn csrf_token(&self) -> String {
        self.values("input[name=csrf_token]", "value")
            .into_iter()
            .next()
            .expect("a page with a form carries a CSRF token")
    }

    /// (value, label) of each choice of a field: the options of a select,
    /// or the radio buttons of that name with the text of their labels.
    pub fn options(&self, name: &str) -> Vec<(String, String)> {
        let html = self.html();
        let option = Selector::parse(&format!("select[name={name}] option")).unwrap();
        let radio = Selector::parse(&format!("input[type=radio][name={name}]")).unwrap();
        let text = |e: scraper::ElementRef| e.text().collect::<Vec<_>>().join(" ");
        let options: Vec<(String, String)> = html
            .select(&option)
            .map(|o| {
                let value = o.value().attr("value").unwrap_or_default().to_owned();
                (value, text(o).trim().to_owned())
            })
            .collect();
        if !options.is_empty() {
            return options;
        }
        html.select(&radio)
            .map(|r| {
                let value = r.value().attr("value").unwrap_or_default().to_owned();
                let label = r
                    .ancestors()
                    .filter_map(scraper::ElementRef::wrap)
                    .find(|a| a.value().name() == "label")
                    .map(|l| text(l).split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default();
                (value, label)
            })
            .collect()
    }
}

pub struct Browser {
    pub base: String,
    pub client: reqwest::Client,
}

impl Browser {
    /// A browser for a server at `base`: its own cookie jar, redirects not followed.
    pub fn at(base: &str) -> Self {
        Self {
            base: base.to_owned(),
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
        }
    }

    async fn page(response: reqwest::Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let location = headers
            .get(reqwest::header::LOCATION)
            .map(|v| v.to_str().unwrap().to_owned());
        Page {
            status,
            location,
            headers,
            body: response.text().await.unwrap(),
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        Self::page(
            self.client
                .get(format!("{}{path}", self.base))
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        Self::page(
            self.client
                .post(format!("{}{path}", self.base))
                .form(fields)
                .send()
                .await
                .unwrap(),
        )
        .await
    }

    /// Opens `page_path`, finds the form that posts to `action`, and submits
    /// it as a browser would: its hidden fields (the CSRF token, a version...)
    /// and the values of its checked boxes and selects as they are, with
    /// `fields` set on top. Panics when the page has no such form.
    pub async fn submit(&self, page_path: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.get(page_path).await;
        assert_eq!(page.status, StatusCode::OK, "{page_path}: {}", page.body);
        let html = page.html();
        let form_selector = Selector::parse(&format!("form[action='{action}']")).unwrap();
        let form = html
            .select(&form_selector)
            .next()
            .unwrap_or_else(|| panic!("{page_path} has no form posting to {action}"));
        let mut values: Vec<(String, String)> = Vec::new();
        let inputs = Selector::parse("input[name], select[name], textarea[name]").unwrap();
        for input in form.select(&inputs) {
            let element = input.value();
            let name = element.attr("name").unwrap_or_default().to_owned();
            let value = match element.name() {
                "input" => {
                    let kind = element.attr("type").unwrap_or("text");
                    if matches!(kind, "checkbox" | "radio") && element.attr("checked").is_none() {
                        continue;
                    }
                    if matches!(kind, "submit" | "button") {
                        continue;
                    }
                    element.attr("value").unwrap_or_default().to_owned()
                }
                "select" => {
                    let selected = Selector::parse("option[selected]").unwrap();
                    input
                        .select(&selected)
                        .next()
                        .and_then(|o| o.value().attr("value"))
                        .unwrap_or_default()
                        .to_owned()
                }
                _ => input.text().collect(),
            };
            values.push((name, value));
        }
        for (name, value) in fields {
            values.retain(|(n, _)| n != name);
            values.push(((*name).to_owned(), (*value).to_owned()));
        }
        let borrowed: Vec<(&str, &str)> = values
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        self.post_form(action, &borrowed).await
    }

    /// Opens the sign-in page as a browser would, then submits it.
    pub async fn sign_in(&self, email: &str, password: &str, next: Option<&str>) -> Page {
        let path = match next {
            Some(next) => format!(
                "/login?{}",
                serde_urlencoded::to_string([("next", next)]).unwrap()
            ),
            None => "/login".to_owned(),
        };
        let form = self.get(&path).await;
        assert_eq!(form.status, StatusCode::OK);
        let token = form.csrf_token();
        let next_field = form
            .values("input[name=next]", "value")
            .pop()
            .unwrap_or_default();
        self.post_form(
            "/login",
            &[
                ("csrf_token", &token),
                ("email", email),
                ("password", password),
                ("next", &next_field),
            ],
        )
        .await
    }
}

/// A browser whose requests come, through the trusted proxy, from `address`.
pub fn from_address(app: &TestApp, address: &str) -> Browser {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", address.parse().unwrap());
    Browser {
        base: app.base.clone(),
        client: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap(),
    }
}

/// The demo app behind a reverse proxy on 127.0.0.1, whose
/// `X-Forwarded-For` names the client.
pub async fn spawn_behind_proxy() -> TestApp {
    spawn_with(|settings| settings.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]).await
}

pub fn subscription_path(customer: &str, subscription: &str) -> String {
    format!("/partner/customers/{customer}/subscriptions/{subscription}")
}

/// Opens the subscription page, then submits its form with the given choice.
pub async fn submit_contact(
    browser: &Browser,
    customer: &str,
    subscription: &str,
    choice: Option<&str>,
) -> Page {
    let path = subscription_path(customer, subscription);
    let page = browser.get(&path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let token = page.csrf_token();
    let version = page
        .values("input[name=version]", "value")
        .pop()
        .expect("version field");
    let mut fields = vec![
        ("csrf_token", token.as_str()),
        ("version", version.as_str()),
    ];
    if let Some(choice) = choice {
        fields.push(("support_contact", choice));
    }
    browser
        .post_form(&format!("{path}/support-contact"), &fields)
        .await
}

/// One counter's value now, from the metrics listener.
pub async fn counter(app: &TestApp, name: &str) -> f64 {
    let base = app.metrics_base.as_deref().expect("metrics are served");
    let text = reqwest::get(format!("{base}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no {name} in the metrics"))
}

/// The blocking database hops counted so far (the app needs its metrics
/// listener: `metrics_addr`).
pub async fn db_hops(app: &TestApp) -> f64 {
    counter(app, "support_contacts_db_hops_total").await
}

/// The customers at which `partner` has delegated access now, counted from
/// the rows: an active relationship with legacy delegated admin privileges,
/// or an active GDAP relationship not past its end.
pub fn with_delegated_access(
    conn: &mut support_contacts::db::DbConn,
    partner: &str,
    now: chrono::NaiveDateTime,
) -> std::collections::BTreeSet<String> {
    use support_contacts::db::schema::{gdap_relationships as g, relationships as r};
    let related: Vec<(String, bool)> = r::table
        .filter(r::partner_tenant_id.eq(partner))
        .filter(r::state.eq("active"))
        .select((r::customer_tenant_id, r::delegated_admin))
        .load(conn)
        .unwrap();
    let granular: std::collections::BTreeSet<String> = g::table
        .filter(g::partner_tenant_id.eq(partner))
        .filter(g::status.eq("active"))
        .filter(g::end_at.gt(now))
        .select(g::customer_tenant_id)
        .load::<String>(conn)
        .unwrap()
        .into_iter()
        .collect();
    related
        .into_iter()
        .filter(|(customer, dap)| *dap || granular.contains(customer))
        .map(|(customer, _)| customer)
        .collect()
}

/// The demo as it was before granular delegated admin privileges: Trey
/// Research's relationship with Wide World Importers carries legacy DAP,
/// and its GDAP relationship there is gone. For the tests of what taking
/// legacy DAP away does.
pub fn trey_on_legacy_dap_at_wwi(app: &TestApp) {
    use support_contacts::db::schema::{gdap_relationships as g, relationships as r};
    let mut conn = app.conn();
    diesel::update(
        r::table
            .filter(r::partner_tenant_id.eq(TREY_RESEARCH))
            .filter(r::customer_tenant_id.eq(WWI)),
    )
    .set(r::delegated_admin.eq(true))
    .execute(&mut conn)
    .unwrap();
    diesel::delete(
        g::table
            .filter(g::partner_tenant_id.eq(TREY_RESEARCH))
            .filter(g::customer_tenant_id.eq(WWI)),
    )
    .execute(&mut conn)
    .unwrap();
}
