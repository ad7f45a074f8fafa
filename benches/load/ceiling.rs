//! The ceiling of each measured page: the page's own read (the core's read
//! function) and its own template (the page module's `view`), served by a
//! plain actix-web handler with no session, no middleware and no CSRF, for
//! callers fixed at start-up, on a pool opened as the product opens it.
//! A page's throughput in the product divided by its throughput here is
//! the share of its own stack that the page reaches.

use std::sync::Arc;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use anyhow::Context;
use support_contacts::api::{customers as api_customers, support_contact};
use support_contacts::app::api_keys::KeyHolder;
use support_contacts::app::read;
use support_contacts::app::read::customers::Start;
use support_contacts::config::{SessionKey, Settings};
use support_contacts::db::{self, DatabaseUrl, Pool};
use support_contacts::demo::WIDE_WORLD_IMPORTERS;
use support_contacts::domain::{Partner, PartnerKind, SubscriptionId, SupportProfile, TenantId};
use support_contacts::i18n::{Lang, Tr};
use support_contacts::store;
use support_contacts::web::extract::{CustomerAdmin, PartnerUser};
use support_contacts::web::partner::resellers::{list as resellers_list, reseller};
use support_contacts::web::partner::{activity, customer, customers, dashboard, subscription};
use support_contacts::web::{Area, PageContext, admin, render};

use super::data::{self, WWI_ADMIN};

struct Bare {
    pool: Pool,
    partner: PartnerUser,
    admin: CustomerAdmin,
    key: KeyHolder,
    vendor: Partner,
}

type Shared = web::Data<Arc<Bare>>;

/// Serves the ceiling handlers until killed; prints the address first.
pub fn serve(url: &str) -> anyhow::Result<()> {
    let url = DatabaseUrl::parse(url)?;
    let settings = Settings::new(url.clone(), SessionKey::generate());
    let pool = db::pool(
        &url,
        &db::PoolOptions {
            max_size: settings.pool_size,
            checkout_timeout: settings.pool_timeout,
        },
    )?;
    let mut conn = pool.get()?;
    let (user, partner) = data::contoso_admin(&mut conn)?;
    let (admin_user, _) = store::users::find_for_sign_in(&mut conn, WWI_ADMIN)?
        .into_iter()
        .next()
        .context("the demo's customer admin")?;
    let wwi = store::customers::get(
        &mut conn,
        &TenantId::from_trusted(WIDE_WORLD_IMPORTERS.to_owned()),
    )?
    .context("Wide World Importers")?;
    drop(conn);
    let bare = Arc::new(Bare {
        pool,
        key: KeyHolder {
            key_id: String::new(),
            user: user.clone(),
            partner: partner.clone(),
        },
        partner: PartnerUser {
            user,
            partner,
            unread: 0,
        },
        admin: CustomerAdmin {
            user: admin_user,
            customer: wwi,
            unread: 0,
        },
        vendor: Partner {
            tenant_id: TenantId::from_trusted(String::new()),
            mpn_id: String::new(),
            name: settings.vendor.name.clone(),
            kind: PartnerKind::DirectBillPartner,
            support: SupportProfile {
                email: settings.vendor.email.clone(),
                telephone: settings.vendor.telephone.clone(),
                website: settings.vendor.website.clone(),
            },
        },
    });
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let blocking_threads = (settings.pool_size as usize).div_ceil(workers).max(2);
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    println!("listening on {}", listener.local_addr()?);
    actix_web::rt::System::new().block_on(async move {
        HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(bare.clone()))
                .route("/readyz", web::get().to(HttpResponse::Ok))
                .route("/partner", web::get().to(dashboard_page))
                .route("/partner/activity", web::get().to(activity_page))
                .route("/partner/customers", web::get().to(customers_page))
                .route("/partner/resellers", web::get().to(resellers_page))
                .route(
                    "/partner/resellers/{reseller}",
                    web::get().to(reseller_page),
                )
                .route(
                    "/partner/customers/{customer}",
                    web::get().to(customer_page),
                )
                .route(
                    "/partner/customers/{customer}/subscriptions/{subscription}",
                    web::get().to(subscription_page),
                )
                .route("/admin/support", web::get().to(support_page))
                .route("/v1/customers", web::get().to(api_customer_list))
                .route(
                    "/v1/customers/{customer}/subscriptions/{subscription}/supportcontact",
                    web::get().to(api_support_contact),
                )
        })
        // As the product sets them.
        .workers(workers)
        .worker_max_blocking_threads(blocking_threads)
        .disable_signals()
        .listen(listener)?
        .run()
        .await
    })?;
    Ok(())
}

fn context(area: Area, who: (&str, &str), current: &'static str, req: &HttpRequest) -> PageContext {
    PageContext {
        area,
        user_name: who.0.to_owned(),
        organization_name: who.1.to_owned(),
        csrf_token: "c".repeat(43),
        flash: None,
        current,
        t: Tr::new(Lang::En),
        path: req.path().to_owned(),
        reseller: false,
        unread: 0,
    }
}

fn partner_context(bare: &Bare, current: &'static str, req: &HttpRequest) -> PageContext {
    let who = (
        bare.partner.user.display_name.as_str(),
        bare.partner.partner.name.as_str(),
    );
    context(Area::Partner, who, current, req)
}

/// Runs `f` on a pooled connection off the async workers, as the product does.
async fn hop<T, F>(bare: &Shared, f: F) -> Result<T, HttpResponse>
where
    F: FnOnce(&mut db::DbConn, &Bare) -> anyhow::Result<T> + Send + 'static,
    T: Send + 'static,
{
    let bare = bare.get_ref().clone();
    web::block(move || {
        let mut conn = bare.pool.get()?;
        f(&mut conn, &bare)
    })
    .await
    .map_err(|e| HttpResponse::InternalServerError().body(e.to_string()))?
    .map_err(|e| HttpResponse::InternalServerError().body(format!("{e:?}")))
}

fn html(page: Result<HttpResponse, support_contacts::error::AppError>) -> HttpResponse {
    page.unwrap_or_else(|_| HttpResponse::InternalServerError().finish())
}

fn core<T>(r: support_contacts::app::Result<T>) -> anyhow::Result<T> {
    r.map_err(|e| anyhow::anyhow!("{e:?}"))
}

async fn dashboard_page(bare: Shared, req: HttpRequest) -> HttpResponse {
    let now = chrono::Utc::now().naive_utc();
    match hop(&bare, move |conn, b| {
        core(read::partner::dashboard(conn, b.partner.caller(), now))
    })
    .await
    {
        Ok(found) => html(render(&dashboard::view(
            partner_context(&bare, "dashboard", &req),
            &bare.partner,
            found,
        ))),
        Err(e) => e,
    }
}

async fn activity_page(bare: Shared, req: HttpRequest) -> HttpResponse {
    let per_page = activity::PER_PAGE;
    match hop(&bare, move |conn, b| {
        core(read::activity::page(
            conn,
            b.partner.caller(),
            &Default::default(),
            read::activity::Paging::Newest,
            per_page,
        ))
    })
    .await
    {
        Ok(found) => html(render(&activity::view(
            partner_context(&bare, "activity", &req),
            activity::opening_form(),
            Vec::new(),
            Some(found),
            false,
        ))),
        Err(e) => e,
    }
}

async fn customer_page(bare: Shared, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let id = TenantId::from_trusted(path.into_inner());
    let now = chrono::Utc::now().naive_utc();
    match hop(&bare, move |conn, b| {
        core(read::partner::customer(conn, b.partner.caller(), &id, now))
    })
    .await
    {
        Ok(loaded) => html(render(&customer::view(
            partner_context(&bare, "customers", &req),
            &bare.partner,
            loaded,
        ))),
        Err(e) => e,
    }
}

async fn subscription_page(
    bare: Shared,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (c, s) = path.into_inner();
    let (c, s) = (TenantId::from_trusted(c), SubscriptionId::from_trusted(s));
    let now = chrono::Utc::now().naive_utc();
    match hop(&bare, move |conn, b| {
        core(read::partner::subscription(
            conn,
            b.partner.caller(),
            &c,
            &s,
            now,
        ))
    })
    .await
    {
        Ok(loaded) => html(render(&subscription::view(
            partner_context(&bare, "customers", &req),
            &bare.partner,
            loaded,
        ))),
        Err(e) => e,
    }
}

async fn support_page(bare: Shared, req: HttpRequest) -> HttpResponse {
    match hop(&bare, |conn, b| {
        core(admin::support::load(conn, b.admin.caller()))
    })
    .await
    {
        Ok(loaded) => {
            let who = (
                bare.admin.user.display_name.as_str(),
                bare.admin.customer.company_name.as_str(),
            );
            let ctx = context(Area::Admin, who, "support", &req);
            html(render(&admin::support::view(ctx, &bare.vendor, loaded)))
        }
        Err(e) => e,
    }
}

async fn api_customer_list(bare: Shared, req: HttpRequest) -> HttpResponse {
    match hop(&bare, |conn, b| {
        core(read::api::customers(conn, b.key.caller(), None, 100))
    })
    .await
    {
        Ok(page) => api_customers::page_answer(&req, page)
            .unwrap_or_else(|_| HttpResponse::InternalServerError().finish()),
        Err(e) => e,
    }
}

async fn api_support_contact(bare: Shared, path: web::Path<(String, String)>) -> HttpResponse {
    let (c, s) = path.into_inner();
    let (c, s) = (TenantId::from_trusted(c), SubscriptionId::from_trusted(s));
    match hop(&bare, move |conn, b| {
        support_contact::read_contact(conn, &b.key, c, Some(s))
            .map_err(|e| anyhow::anyhow!("{e:?}"))
    })
    .await
    {
        Ok(found) => support_contact::answer(found)
            .unwrap_or_else(|_| HttpResponse::InternalServerError().finish()),
        Err(e) => e,
    }
}

#[derive(serde::Deserialize)]
struct Search {
    q: Option<String>,
}

async fn customers_page(bare: Shared, req: HttpRequest, query: web::Query<Search>) -> HttpResponse {
    let search = query.into_inner().q.unwrap_or_default();
    let needle = search.clone();
    match hop(&bare, move |conn, b| {
        let needle = (!needle.is_empty()).then_some(needle.as_str());
        core(read::customers::customers(
            conn,
            b.partner.caller(),
            needle,
            Default::default(),
            Start::First,
            customers::PER_PAGE,
        ))
    })
    .await
    {
        Ok(found) => html(render(&customers::view(
            partner_context(&bare, "customers", &req),
            search,
            Default::default(),
            false,
            found,
        ))),
        Err(e) => e,
    }
}

async fn resellers_page(bare: Shared, req: HttpRequest) -> HttpResponse {
    let now = chrono::Utc::now().naive_utc();
    match hop(&bare, move |conn, b| {
        core(read::resellers::list(
            conn,
            b.partner.caller(),
            None,
            None,
            resellers_list::PER_PAGE,
            now,
        ))
    })
    .await
    {
        Ok(found) => html(render(&resellers_list::view(
            partner_context(&bare, "resellers", &req),
            &bare.partner,
            found,
            Default::default(),
        ))),
        Err(e) => e,
    }
}

async fn reseller_page(bare: Shared, req: HttpRequest, path: web::Path<String>) -> HttpResponse {
    let id = TenantId::from_trusted(path.into_inner());
    let query = reseller::first_pages(None);
    let asked = query.clone();
    match hop(&bare, move |conn, b| {
        core(read::resellers::reseller(
            conn,
            b.partner.caller(),
            &id,
            &asked,
            chrono::Utc::now().naive_utc(),
        ))
    })
    .await
    {
        Ok(loaded) => html(render(&reseller::view(
            partner_context(&bare, "resellers", &req),
            &bare.partner,
            loaded,
            &query,
        ))),
        Err(e) => e,
    }
}
