//! HTTP handlers, one folder per area, and what they share.

pub mod accept;
pub mod account;
pub mod activity_filter;
pub mod admin;
pub mod auth;
pub mod client;
pub mod csv;
pub mod errors;
pub mod extract;
pub mod flash;
pub mod form;
pub mod gdap;
pub mod health;
pub mod language;
pub mod logging;
pub mod notifications;
pub mod partner;
pub mod security;
pub mod session;
pub mod static_files;
pub mod users;

use std::sync::Arc;

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;

use crate::db::{DbConn, Pool};
use crate::domain::Clock;
use crate::error::AppError;
use crate::i18n::{Lang, Tr};
use crate::passwords::Verifier;
use language::Ui;

/// What every handler can reach.
pub struct AppState {
    pub pool: Pool,
    pub metrics: crate::metrics::Metrics,
    /// Set once shutdown has begun: `/readyz` then answers 503.
    pub stopping: Arc<std::sync::atomic::AtomicBool>,
    pub clock: Arc<dyn Clock>,
    pub verifier: Verifier,
    /// Cookies set by handlers are Secure when the site is served over https.
    pub secure_cookies: bool,
    pub session_idle: chrono::Duration,
    pub session_lifetime: chrono::Duration,
    pub trusted_proxies: Vec<std::net::IpAddr>,
    pub throttle: crate::app::sign_in::Policies,
    /// Requests a minute per API key and per partner.
    pub api_rate: crate::domain::rate_limit::RateLimits,
    /// Where users open the site, for links given to them to send on.
    pub public_url: String,
    /// The vendor's own support, for subscriptions bought from it directly.
    pub vendor: crate::domain::Partner,
}

impl AppState {
    pub fn now(&self) -> NaiveDateTime {
        self.clock.now().naive_utc()
    }

    /// Runs blocking diesel work (pool checkout included) off the async workers.
    pub async fn db<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        self.db_as(f).await
    }

    /// [`AppState::db`] for a handler with an error type of its own (the
    /// API's): the pool's and the blocking pool's failures come as `AppError`.
    pub async fn db_as<T, E, F>(&self, f: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        let metrics = self.metrics.clone();
        metrics.db_hop();
        // The request's span follows the work, so its logs carry the request id.
        let span = tracing::Span::current();
        web::block(move || {
            let _entered = span.enter();
            let mut conn = {
                let _waiting = metrics.waiting_for_connection();
                pool.get().map_err(|e| E::from(e.into()))?
            };
            f(&mut conn)
        })
        .await
        .map_err(|e| E::from(e.into()))?
    }
}

pub type State = web::Data<AppState>;

/// Declares every route once: the table that tests walk (`ROUTES`) and the
/// configuration the app serves (`routes`) come from the same lines, so a new
/// route cannot escape the access tests.
macro_rules! route_table {
    ($( $path:literal => { $( $method:ident : $handler:path ),+ $(,)? } ),* $(,)?) => {
        /// Every route: its path pattern and the methods it answers.
        pub const ROUTES: &[(&str, &[&str])] = &[ $( ($path, &[ $( stringify!($method) ),+ ]) ),* ];

        pub fn routes(cfg: &mut web::ServiceConfig) {
            $(
                cfg.service(
                    web::resource($path)
                        $( .route(web::$method().to($handler)) )+
                        .default_service(web::to(method_not_allowed)),
                );
            )*
        }
    };
}

route_table! {
    "/" => { get: home },
    "/healthz" => { get: health::healthz },
    "/readyz" => { get: health::readyz },
    "/login" => { get: auth::login::form, post: auth::login::submit },
    "/logout" => { post: auth::logout::submit },
    "/language" => { post: language::switch },
    "/partner" => { get: partner::dashboard::show },
    "/partner/customers" => { get: partner::customers::list },
    "/partner/activity" => { get: partner::activity::show },
    "/partner/activity.csv" => { get: partner::activity::export },
    "/partner/relationships" => { get: partner::relationships::show },
    "/partner/relationships.csv" => { get: partner::relationships::export },
    "/partner/customers/{customer_tenant_id}" => { get: partner::customer::show },
    "/partner/customers/{customer_tenant_id}/subscriptions" => {
        post: partner::customer::add_subscription,
    },
    "/partner/customers/{customer_tenant_id}/default-contact" => {
        post: partner::default_contact::set,
    },
    "/partner/customers/{customer_tenant_id}/subscriptions/{subscription_id}" => {
        get: partner::subscription::show,
    },
    "/partner/customers/{customer_tenant_id}/subscriptions/{subscription_id}/support-contact" => {
        post: partner::subscription::assign,
    },
    "/partner/customers/{customer_tenant_id}/subscriptions/{subscription_id}/changes/{change_id}" => {
        get: partner::review::show,
    },
    "/partner/customers/{customer_tenant_id}/subscriptions/{subscription_id}/status" => {
        post: partner::subscription::set_status,
    },
    "/partner/customers/{customer_tenant_id}/gdap" => {
        get: partner::gdap_request::form,
        post: partner::gdap_request::submit,
    },
    "/partner/customers/{customer_tenant_id}/relationship" => {
        get: partner::relationship::confirm_own,
        post: partner::relationship::remove_own,
    },
    "/partner/customers/{customer_tenant_id}/resellers/{reseller_tenant_id}" => {
        get: partner::relationship::confirm_reseller,
        post: partner::relationship::remove_reseller,
    },
    "/partner/resellers" => {
        get: partner::resellers::index,
        post: partner::resellers::invite,
    },
    "/partner/invitations/{token}" => {
        get: partner::resellers::invitation,
        post: partner::resellers::accept_invitation,
    },
    "/partner/resellers/{reseller_tenant_id}" => {
        get: partner::resellers::show,
        post: partner::resellers::update,
    },
    "/partner/providers/{provider_tenant_id}" => {
        get: partner::resellers::provider_show,
        post: partner::resellers::provider_update,
    },
    "/partner/users" => {
        get: users::list::<extract::PartnerUser>,
        post: users::add::<extract::PartnerUser>,
    },
    "/partner/users/{user_id}" => {
        get: users::show::<extract::PartnerUser>,
        post: users::update::<extract::PartnerUser>,
    },
    "/partner/gdap" => { get: partner::gdap::list },
    "/partner/gdap/required-roles" => { post: partner::gdap::require_roles },
    "/partner/gdap/{gdap_id}" => { get: partner::gdap::show },
    "/partner/gdap/{gdap_id}/terminate" => { post: partner::gdap::terminate },
    "/partner/api-keys" => { get: partner::api_keys::index, post: partner::api_keys::update },
    "/partner/notifications" => {
        get: notifications::partner_list,
        post: notifications::partner_read,
    },
    "/partner/support-profile" => {
        get: partner::support_profile::show,
        post: partner::support_profile::update,
    },
    "/partner/requests" => { get: partner::requests::index, post: partner::requests::create },
    "/partner/requests/{request_id}" => {
        get: partner::requests::show,
        post: partner::requests::update,
    },
    "/relationships/{token}" => { get: accept::show, post: accept::answer },
    "/relationships/{token}/organization" => { post: accept::create },
    "/gdap/{token}" => { get: gdap::link::show, post: gdap::link::answer },
    "/admin" => { get: admin::home::show },
    "/admin/support" => { get: admin::support::show },
    "/admin/activity" => { get: admin::activity::show },
    "/admin/activity.csv" => { get: admin::activity::export },
    "/admin/partners" => { get: admin::partners::show },
    "/admin/partners/{partner_tenant_id}" => {
        get: admin::partners::confirm,
        post: admin::partners::update,
    },
    "/admin/requests/{request_id}" => { post: admin::partners::answer_request },
    "/admin/notifications" => {
        get: notifications::admin_list,
        post: notifications::admin_read,
    },
    "/admin/gdap/{gdap_id}" => { get: admin::gdap::confirm, post: admin::gdap::terminate },
    "/admin/users" => {
        get: users::list::<extract::CustomerAdmin>,
        post: users::add::<extract::CustomerAdmin>,
    },
    "/admin/users/{user_id}" => {
        get: users::show::<extract::CustomerAdmin>,
        post: users::update::<extract::CustomerAdmin>,
    },
    "/account/password" => { get: account::form, post: account::change },
    "/set-password/{token}" => { get: account::set_form, post: account::set_submit },
}

async fn method_not_allowed() -> Result<HttpResponse, AppError> {
    Err(AppError::MethodNotAllowed)
}

/// `/` sends each user to their own home.
async fn home(user: Option<extract::SignedIn>) -> HttpResponse {
    let target = match user.map(|u| u.0.organization) {
        Some(crate::domain::Organization::Partner(_)) => "/partner",
        Some(crate::domain::Organization::Customer(_)) => "/admin",
        None => "/login",
    };
    see_other(target)
}

pub async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

pub fn render<T: Template>(page: &T) -> Result<HttpResponse, AppError> {
    render_status(StatusCode::OK, page)
}

pub fn render_status<T: Template>(status: StatusCode, page: &T) -> Result<HttpResponse, AppError> {
    let body = page.render()?;
    Ok(HttpResponse::build(status)
        .content_type(ContentType::html())
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}

/// Which navigation the layout shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    SignedOut,
    Partner,
    Admin,
}

/// What the layout of every page needs.
#[derive(Debug, Clone)]
pub struct PageContext {
    pub area: Area,
    pub user_name: String,
    pub organization_name: String,
    pub csrf_token: String,
    pub flash: Option<flash::Flash>,
    /// The nav entry to mark as current.
    pub current: &'static str,
    /// Messages in the viewer's language.
    pub t: Tr,
    /// This page, for the language switcher to come back to.
    pub path: String,
    /// A partner that resells only (an indirect reseller): its "Resellers"
    /// menu item is its providers.
    pub reseller: bool,
    /// Notices the user has not seen (the header's count).
    pub unread: i64,
}

impl PageContext {
    fn new(
        ui: &Ui,
        session: &Session,
        area: Area,
        current: &'static str,
    ) -> Result<Self, AppError> {
        Ok(Self {
            area,
            user_name: String::new(),
            organization_name: String::new(),
            csrf_token: session::csrf_token(session)?,
            flash: flash::Flash::take(session),
            current,
            t: Tr::new(ui.lang),
            path: ui.path.clone(),
            reseller: false,
            unread: 0,
        })
    }

    /// For an error page: no navigation, any flash kept for the next page,
    /// and the language switcher leading home rather than back to the error.
    pub fn error_page(
        ui: &Ui,
        session: &Session,
        layout: Option<(Area, String, String)>,
    ) -> Result<Self, AppError> {
        let (area, user_name, organization_name) =
            layout.unwrap_or((Area::SignedOut, String::new(), String::new()));
        Ok(Self {
            area,
            user_name,
            organization_name,
            csrf_token: session::csrf_token(session)?,
            flash: None,
            current: "",
            t: Tr::new(ui.lang),
            path: "/".to_owned(),
            reseller: false,
            unread: 0,
        })
    }

    pub fn signed_out(ui: &Ui, session: &Session) -> Result<Self, AppError> {
        Self::new(ui, session, Area::SignedOut, "")
    }

    pub fn partner(
        ui: &Ui,
        who: &extract::PartnerUser,
        session: &Session,
        current: &'static str,
    ) -> Result<Self, AppError> {
        Ok(Self {
            user_name: who.user.display_name.clone(),
            organization_name: who.partner.name.clone(),
            reseller: !who.partner.kind.transacts(),
            unread: who.unread,
            ..Self::new(ui, session, Area::Partner, current)?
        })
    }

    pub fn admin(
        ui: &Ui,
        who: &extract::CustomerAdmin,
        session: &Session,
        current: &'static str,
    ) -> Result<Self, AppError> {
        Ok(Self {
            user_name: who.user.display_name.clone(),
            organization_name: who.customer.company_name.clone(),
            unread: who.unread,
            ..Self::new(ui, session, Area::Admin, current)?
        })
    }

    /// The notification list of the viewer's area.
    pub fn notifications_path(&self) -> &'static str {
        if self.is_admin() {
            "/admin/notifications"
        } else {
            "/partner/notifications"
        }
    }

    /// The unread count as the header shows it.
    pub fn unread_shown(&self) -> String {
        if self.unread >= crate::app::notify::UNREAD_CAP {
            format!("{}+", crate::app::notify::UNREAD_CAP - 1)
        } else {
            self.t.number(self.unread)
        }
    }

    pub fn is_partner(&self) -> bool {
        self.area == Area::Partner
    }

    pub fn is_admin(&self) -> bool {
        self.area == Area::Admin
    }

    /// The side navigation and the user menu: for signed-in partners and
    /// customer admins.
    pub fn has_navigation(&self) -> bool {
        self.is_partner() || self.is_admin()
    }

    /// The first letter of the user's name, for the user menu's badge.
    pub fn initial(&self) -> String {
        self.user_name
            .chars()
            .find(|c| c.is_alphanumeric())
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default()
    }

    /// Where a static file is served, under its fingerprinted name.
    pub fn asset(&self, file: &str) -> &'static str {
        static_files::href(file)
    }

    pub fn languages(&self) -> [Lang; 2] {
        Lang::ALL
    }

    pub fn is_current_language(&self, lang: &Lang) -> bool {
        self.t.lang == *lang
    }
}

/// The path and query of a GET request, to come back to after signing in.
pub fn return_path(req: &HttpRequest) -> Option<String> {
    (req.method() == actix_web::http::Method::GET).then(|| {
        req.uri()
            .path_and_query()
            .map(|pq| pq.as_str().to_owned())
            .unwrap_or_else(|| req.path().to_owned())
    })
}
