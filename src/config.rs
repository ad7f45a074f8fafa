//! One typed settings struct, read once from flags and environment variables.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::db::DatabaseUrl;
use crate::domain::rate_limit::RateLimits;

pub const DEFAULT_DATABASE_PATH: &str = "data/support-contacts.db";
const SESSION_KEY_FILE: &str = "session.key";
const MIN_SESSION_KEY_BYTES: usize = 64;

/// When `serve` loads the demo data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeedDemo {
    /// Unset: only into a SQLite database this start has just created.
    FreshSqlite,
    /// `SEED_DEMO=1`: into any database this start has just created.
    FreshAny,
    /// `SEED_DEMO=0`: never.
    Never,
}

impl SeedDemo {
    pub fn parse(raw: Option<&str>) -> anyhow::Result<Self> {
        match raw.map(str::trim) {
            None | Some("") => Ok(Self::FreshSqlite),
            Some("1") | Some("true") | Some("yes") => Ok(Self::FreshAny),
            Some("0") | Some("false") | Some("no") => Ok(Self::Never),
            Some(other) => anyhow::bail!("SEED_DEMO must be 0 or 1, not {other:?}"),
        }
    }

    pub fn applies(self, url: &DatabaseUrl, freshly_created: bool) -> bool {
        freshly_created
            && match self {
                Self::Never => false,
                Self::FreshAny => true,
                Self::FreshSqlite => matches!(url, DatabaseUrl::Sqlite(_)),
            }
    }
}

#[derive(Clone)]
pub struct Settings {
    pub database_url: DatabaseUrl,
    pub bind_addr: SocketAddr,
    pub public_url: String,
    pub session_key: SessionKey,
    pub seed_demo: SeedDemo,
    pub pool_size: u32,
    /// How long a request waits for a database connection before a 503.
    pub pool_timeout: std::time::Duration,
    /// A session unused this long ends.
    pub session_idle: chrono::Duration,
    /// A session ends this long after sign-in, used or not.
    pub session_lifetime: chrono::Duration,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Who supports subscriptions bought directly from the vendor.
    pub vendor: VendorSupport,
    /// After SIGTERM, how long requests in flight have to finish.
    pub shutdown_timeout: std::time::Duration,
    /// Where `GET /metrics` is served; nowhere when unset.
    pub metrics_addr: Option<SocketAddr>,
    /// Requests a minute to `/v1` per API key; 0: no limit.
    pub api_rate_per_key: u32,
    /// Requests a minute to `/v1` per partner, all its keys together; 0: no limit.
    pub api_rate_per_partner: u32,
    /// How often the server expires and extends GDAP relationships that
    /// reached their date; never when `None` (another server, or the
    /// `gdap run-due` command, does it).
    pub job_interval: Option<std::time::Duration>,
    /// Where the outbox is sent; `None`: it is kept, not sent.
    pub mail: Option<MailSettings>,
}

/// Sending the outbox over SMTP.
#[derive(Clone)]
pub struct MailSettings {
    /// May carry a password: never logged.
    pub smtp_url: String,
    pub from: String,
    pub interval: std::time::Duration,
}

/// The sender of e-mail when `MAIL_FROM` is not set.
pub const DEFAULT_MAIL_FROM: &str = "support-contacts <support-contacts@localhost>";
/// The outbox is looked at every few seconds unless told otherwise.
pub const DEFAULT_MAIL_INTERVAL_SECONDS: u64 = 5;

/// The vendor's own support, shown for subscriptions bought from it directly.
#[derive(Debug, Clone)]
pub struct VendorSupport {
    pub name: String,
    pub email: String,
    pub telephone: String,
    pub website: String,
}

impl Default for VendorSupport {
    fn default() -> Self {
        Self {
            name: "Microsoft".to_owned(),
            email: String::new(),
            telephone: "+1 800 642 7676".to_owned(),
            website: "https://support.microsoft.com".to_owned(),
        }
    }
}

impl Settings {
    /// The defaults, for a database and a key.
    pub fn new(database_url: DatabaseUrl, session_key: SessionKey) -> Self {
        Self {
            database_url,
            bind_addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: "http://127.0.0.1:8080".to_owned(),
            session_key,
            seed_demo: SeedDemo::FreshSqlite,
            pool_size: 8,
            pool_timeout: std::time::Duration::from_secs(5),
            session_idle: chrono::Duration::minutes(60),
            session_lifetime: chrono::Duration::hours(12),
            trusted_proxies: Vec::new(),
            vendor: VendorSupport::default(),
            shutdown_timeout: std::time::Duration::from_secs(30),
            metrics_addr: None,
            api_rate_per_key: RateLimits::DEFAULT_PER_KEY,
            api_rate_per_partner: RateLimits::DEFAULT_PER_PARTNER,
            job_interval: Some(std::time::Duration::from_secs(DEFAULT_JOB_INTERVAL_SECONDS)),
            mail: None,
        }
    }
}

/// The GDAP job runs once a minute unless told otherwise.
pub const DEFAULT_JOB_INTERVAL_SECONDS: u64 = 60;

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("database_url", &self.database_url.to_string())
            .field("bind_addr", &self.bind_addr)
            .field("public_url", &self.public_url)
            .field("session_key", &"<redacted>")
            .field("seed_demo", &self.seed_demo)
            .field("pool_size", &self.pool_size)
            .field("pool_timeout", &self.pool_timeout)
            .field("session_idle", &self.session_idle)
            .field("session_lifetime", &self.session_lifetime)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("shutdown_timeout", &self.shutdown_timeout)
            .field("metrics_addr", &self.metrics_addr)
            .field("api_rate_per_key", &self.api_rate_per_key)
            .field("api_rate_per_partner", &self.api_rate_per_partner)
            .field("job_interval", &self.job_interval)
            .field("mail", &self.mail.as_ref().map(|m| (&m.from, m.interval)))
            .finish()
    }
}

impl Settings {
    /// Cookies are Secure (and `__Host-` prefixed) when the site is served over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.to_ascii_lowercase().starts_with("https://")
    }
}

/// The key that encrypts session cookies. Never printed.
#[derive(Clone)]
pub struct SessionKey(Vec<u8>);

impl SessionKey {
    pub fn from_base64(raw: &str) -> anyhow::Result<Self> {
        let bytes = BASE64
            .decode(raw.trim())
            .context("SESSION_KEY must be base64")?;
        if bytes.len() < MIN_SESSION_KEY_BYTES {
            anyhow::bail!(
                "SESSION_KEY must hold at least {MIN_SESSION_KEY_BYTES} bytes (it holds {}); make one with: head -c 64 /dev/urandom | base64 -w0",
                bytes.len()
            );
        }
        Ok(Self(bytes))
    }

    pub fn generate() -> Self {
        use rand::RngCore;
        let mut bytes = vec![0u8; MIN_SESSION_KEY_BYTES];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn to_base64(&self) -> String {
        BASE64.encode(&self.0)
    }

    pub fn bytes(&self) -> &[u8] {
        &self.0
    }

    /// Reads the key kept beside the database, or makes and keeps one, so
    /// that restarts keep everyone signed in.
    pub fn load_or_create_beside(url: &DatabaseUrl) -> anyhow::Result<Self> {
        let dir = url
            .directory()
            .filter(|d| !d.as_os_str().is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."));
        let path = dir.join(SESSION_KEY_FILE);
        if let Ok(existing) = std::fs::read_to_string(&path) {
            return Self::from_base64(&existing)
                .with_context(|| format!("reading the session key in {}", path.display()));
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let key = Self::generate();
        write_private(&path, key.to_base64().as_bytes())
            .with_context(|| format!("keeping the session key in {}", path.display()))?;
        Ok(key)
    }
}

#[cfg(unix)]
fn write_private(path: &std::path::Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &std::path::Path, contents: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, contents)
}

/// The raw values, as flags and environment variables give them.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// A SQLite file path or sqlite:// URL.
    #[arg(long, env = "DATABASE_URL")]
    pub database_url: Option<String>,
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8080")]
    pub bind_addr: SocketAddr,
    /// The address users open; https makes cookies Secure.
    #[arg(long, env = "PUBLIC_URL", default_value = "http://127.0.0.1:8080")]
    pub public_url: String,
    /// Base64 of at least 64 random bytes.
    #[arg(long, env = "SESSION_KEY", hide_env_values = true)]
    pub session_key: Option<String>,
    /// 1: load the demo into any new database; 0: never; unset: new SQLite only.
    #[arg(long, env = "SEED_DEMO")]
    pub seed_demo: Option<String>,
    #[arg(long, env = "DATABASE_POOL_SIZE", default_value_t = 8)]
    pub pool_size: u32,
    /// Seconds a request waits for a free database connection before a 503.
    #[arg(long, env = "DATABASE_POOL_TIMEOUT", default_value_t = 5)]
    pub pool_timeout: u64,
    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "SESSION_IDLE_MINUTES", default_value_t = 60)]
    pub session_idle_minutes: u32,
    /// Hours after sign-in after which a session ends, used or not.
    #[arg(long, env = "SESSION_LIFETIME_HOURS", default_value_t = 12)]
    pub session_lifetime_hours: u32,
    /// Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed.
    #[arg(long, env = "TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// The vendor whose own support covers subscriptions bought from it directly.
    #[arg(long, env = "VENDOR_NAME", default_value = "Microsoft")]
    pub vendor_name: String,
    #[arg(long, env = "VENDOR_SUPPORT_EMAIL", default_value = "")]
    pub vendor_support_email: String,
    #[arg(
        long,
        env = "VENDOR_SUPPORT_TELEPHONE",
        default_value = "+1 800 642 7676"
    )]
    pub vendor_support_telephone: String,
    #[arg(
        long,
        env = "VENDOR_SUPPORT_WEBSITE",
        default_value = "https://support.microsoft.com"
    )]
    pub vendor_support_website: String,
    /// Seconds that requests in flight get to finish after SIGTERM.
    #[arg(long, env = "SHUTDOWN_TIMEOUT", default_value_t = 30)]
    pub shutdown_timeout: u64,
    /// Serve Prometheus metrics at http://METRICS_ADDR/metrics (off when unset).
    #[arg(long, env = "METRICS_ADDR")]
    pub metrics_addr: Option<String>,
    /// Requests a minute to /v1 per API key (0: no limit).
    #[arg(long, env = "API_RATE_LIMIT_PER_KEY", default_value_t = RateLimits::DEFAULT_PER_KEY)]
    pub api_rate_limit_per_key: u32,
    /// Requests a minute to /v1 per partner, all its keys together (0: no limit).
    #[arg(long, env = "API_RATE_LIMIT_PER_PARTNER", default_value_t = RateLimits::DEFAULT_PER_PARTNER)]
    pub api_rate_limit_per_partner: u32,
    /// Seconds between two runs of the job that expires and extends GDAP
    /// relationships (0: this server does not run it).
    #[arg(long, env = "JOB_INTERVAL_SECONDS", default_value_t = DEFAULT_JOB_INTERVAL_SECONDS)]
    pub job_interval_seconds: u64,
    /// The SMTP server the outbox is sent through (`smtp://host:25`,
    /// `smtps://user:password@host:465`); unset: e-mail stays in the outbox.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of every e-mail.
    #[arg(long, env = "MAIL_FROM", default_value = DEFAULT_MAIL_FROM)]
    pub mail_from: String,
    /// Seconds between two looks at the outbox.
    #[arg(long, env = "MAIL_INTERVAL_SECONDS", default_value_t = DEFAULT_MAIL_INTERVAL_SECONDS)]
    pub mail_interval_seconds: u64,
}

impl ServeArgs {
    pub fn database_url(&self) -> anyhow::Result<DatabaseUrl> {
        DatabaseUrl::parse(
            self.database_url
                .as_deref()
                .unwrap_or(DEFAULT_DATABASE_PATH),
        )
    }

    pub fn into_settings(self) -> anyhow::Result<Settings> {
        let database_url = self.database_url()?;
        let session_key = match (self.session_key.as_deref(), &database_url) {
            (Some(raw), _) => SessionKey::from_base64(raw)?,
            (None, DatabaseUrl::Sqlite(_)) => SessionKey::load_or_create_beside(&database_url)?,
            (None, DatabaseUrl::Postgres(_)) => anyhow::bail!(
                "SESSION_KEY is required with PostgreSQL: every server behind the load balancer must share it. Make one with: head -c 64 /dev/urandom | base64 -w0"
            ),
        };
        let public_url = self.public_url.trim_end_matches('/').to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            anyhow::bail!("PUBLIC_URL must start with http:// or https://, not {public_url:?}");
        }
        Ok(Settings {
            database_url,
            bind_addr: self.bind_addr,
            public_url: public_url.clone(),
            session_key,
            seed_demo: SeedDemo::parse(self.seed_demo.as_deref())?,
            pool_size: self.pool_size.max(1),
            pool_timeout: std::time::Duration::from_secs(self.pool_timeout.clamp(1, 600)),
            session_idle: chrono::Duration::minutes(i64::from(
                self.session_idle_minutes.clamp(1, 24 * 60),
            )),
            session_lifetime: chrono::Duration::hours(i64::from(
                self.session_lifetime_hours.clamp(1, 24 * 30),
            )),
            trusted_proxies: parse_proxies(&self.trusted_proxies)?,
            vendor: VendorSupport {
                name: self.vendor_name.trim().to_owned(),
                email: self.vendor_support_email.trim().to_owned(),
                telephone: self.vendor_support_telephone.trim().to_owned(),
                website: self.vendor_support_website.trim().to_owned(),
            },
            shutdown_timeout: std::time::Duration::from_secs(self.shutdown_timeout.min(3600)),
            metrics_addr: parse_metrics_addr(self.metrics_addr.as_deref())?,
            api_rate_per_key: self.api_rate_limit_per_key,
            api_rate_per_partner: self.api_rate_limit_per_partner,
            job_interval: (self.job_interval_seconds > 0)
                .then(|| std::time::Duration::from_secs(self.job_interval_seconds.min(86_400))),
            mail: match self.smtp_url.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(url) => {
                    crate::mail::Mailer::new(url, &self.mail_from, &public_url)?;
                    Some(MailSettings {
                        smtp_url: url.to_owned(),
                        from: self.mail_from.trim().to_owned(),
                        interval: std::time::Duration::from_secs(
                            self.mail_interval_seconds.clamp(1, 3600),
                        ),
                    })
                }
            },
        })
    }
}

/// Unset or empty: no metrics listener.
fn parse_metrics_addr(raw: Option<&str>) -> anyhow::Result<Option<SocketAddr>> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(addr) => addr.parse().map(Some).with_context(|| {
            format!("METRICS_ADDR must be an address and port such as 127.0.0.1:9464, not {addr:?}")
        }),
    }
}

fn parse_proxies(raw: &str) -> anyhow::Result<Vec<std::net::IpAddr>> {
    raw.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse()
                .with_context(|| format!("TRUSTED_PROXIES: {p:?} is not an IP address"))
        })
        .collect()
}

#[cfg(test)]
mod tests;
