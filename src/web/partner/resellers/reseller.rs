//! `/partner/resellers/{reseller_tenant_id}`: one reseller, with the
//! subscriptions it supports and those it could support (the bulk lists),
//! each a page at a time and searchable by the customer's name.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::app::read::resellers::{BulkList, ListsQuery, Total};
use crate::app::read::{self, Authorization};
use crate::domain::{SubscriptionId, TenantId};
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::language::Ui;
use crate::web::partner::tenant_from_path;
use crate::web::{PageContext, State, render_status};

/// Each list on a reseller's page shows this many subscriptions at a time
/// (a change of all of them stays well within the route's 64 KiB); the
/// rest a page further on, or all at once with "all matching".
pub(super) const LIST_LIMIT: i64 = 50;

/// Longer searches are cut here.
pub(super) const MAX_SEARCH_CHARS: usize = 200;

#[derive(Template)]
#[template(path = "partner/reseller.html")]
struct ResellerPage {
    ctx: PageContext,
    authorization: Authorization,
    /// How many subscriptions it supports for the provider in all.
    supports: i64,
    /// What this reseller supports for the provider, a page of it.
    supported: BulkList,
    /// What it could support (DAP there) but does not, likewise.
    could: BulkList,
    /// What was searched ("" for nothing).
    search: String,
    links: Links,
    can_manage: bool,
    error: Option<BulkProblem>,
}

/// Where each list's pager leads: its next page, and back to its first.
struct Links {
    supported_next: Option<String>,
    supported_first: Option<String>,
    could_next: Option<String>,
    could_first: Option<String>,
}

/// Why a bulk change was refused, for the page to say.
pub(super) enum BulkProblem {
    NoneSelected,
    /// This subscription changed, or stopped being eligible, meanwhile.
    Changed(String),
}

pub(super) type Loaded = read::resellers::Reseller;

/// The query parameters: `q` (customers whose name begins with it), and
/// each list's cursor, `supported_after` and `could_after` (the last
/// subscription shown). Anything malformed is ignored: the first page.
#[derive(Debug, Default)]
pub struct ResellerQuery {
    q: Option<String>,
    supported_after: Option<String>,
    could_after: Option<String>,
}

/// What was searched, trimmed and cut to length; none when blank.
pub(super) fn search_of(raw: Option<&str>) -> Option<String> {
    let search: String = raw?.trim().chars().take(MAX_SEARCH_CHARS).collect();
    (!search.is_empty()).then_some(search)
}

impl ResellerQuery {
    /// Read leniently: a query string that does not decode is no query, and
    /// of a parameter given twice the last counts.
    pub fn parse(raw: &str) -> Self {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).unwrap_or_default();
        let mut query = Self::default();
        for (name, value) in pairs {
            match name.as_str() {
                "q" => query.q = Some(value),
                "supported_after" => query.supported_after = Some(value),
                "could_after" => query.could_after = Some(value),
                _ => {}
            }
        }
        query
    }

    fn lists(&self) -> ListsQuery {
        let cursor = |raw: &Option<String>| {
            raw.as_deref()
                .and_then(|id| SubscriptionId::parse(id.trim()).ok())
        };
        ListsQuery {
            search: search_of(self.q.as_deref()),
            supported_after: cursor(&self.supported_after),
            could_after: cursor(&self.could_after),
            limit: LIST_LIMIT,
        }
    }
}

/// The first pages of both lists, for `search`.
pub fn first_pages(search: Option<String>) -> ListsQuery {
    ListsQuery {
        search,
        limit: LIST_LIMIT,
        ..ListsQuery::default()
    }
}

/// One of the provider's resellers with its two bulk lists, for a caller
/// known already.
pub(super) async fn load(
    state: &State,
    who: &PartnerUser,
    reseller: TenantId,
    query: ListsQuery,
) -> Result<Loaded, AppError> {
    let (who, now) = (who.clone(), state.now());
    state
        .db(move |conn| read(conn, &who, &reseller, &query, now))
        .await
}

pub(super) fn read(
    conn: &mut crate::db::DbConn,
    who: &PartnerUser,
    reseller: &TenantId,
    query: &ListsQuery,
    now: chrono::NaiveDateTime,
) -> Result<Loaded, AppError> {
    Ok(read::resellers::reseller(
        conn,
        who.caller(),
        reseller,
        query,
        now,
    )?)
}

/// The page's address with these parameters, at one of its lists.
fn link(
    reseller: &TenantId,
    search: &str,
    supported_after: Option<&SubscriptionId>,
    could_after: Option<&SubscriptionId>,
    at: &str,
) -> String {
    let mut params: Vec<(&str, &str)> = Vec::new();
    if !search.is_empty() {
        params.push(("q", search));
    }
    if let Some(id) = supported_after {
        params.push(("supported_after", id.as_str()));
    }
    if let Some(id) = could_after {
        params.push(("could_after", id.as_str()));
    }
    let query = serde_urlencoded::to_string(&params).unwrap_or_default();
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    };
    format!("/partner/resellers/{reseller}{query}#{at}")
}

pub(super) fn reseller_page(
    ui: &Ui,
    who: &PartnerUser,
    session: &Session,
    loaded: Loaded,
    query: &ListsQuery,
    error: Option<BulkProblem>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let ctx = PageContext::partner(ui, who, session, "resellers")?;
    render_status(status, &view_with(ctx, who, loaded, query, error))
}

/// One reseller's page, for what the core read with `query`.
pub fn view(
    ctx: PageContext,
    who: &PartnerUser,
    loaded: Loaded,
    query: &ListsQuery,
) -> impl Template + use<> {
    view_with(ctx, who, loaded, query, None)
}

fn view_with(
    ctx: PageContext,
    who: &PartnerUser,
    loaded: Loaded,
    query: &ListsQuery,
    error: Option<BulkProblem>,
) -> ResellerPage {
    let id = &loaded.authorization.partner.tenant_id;
    let search = query.search.clone().unwrap_or_default();
    // Each list's links keep the other list where it is.
    let (s_at, c_at) = (query.supported_after.as_ref(), query.could_after.as_ref());
    let links = Links {
        supported_next: (loaded.supported.next.as_ref())
            .map(|next| link(id, &search, Some(next), c_at, "supported")),
        supported_first: loaded
            .supported
            .later
            .then(|| link(id, &search, None, c_at, "supported")),
        could_next: (loaded.could.next.as_ref())
            .map(|next| link(id, &search, s_at, Some(next), "could")),
        could_first: loaded
            .could
            .later
            .then(|| link(id, &search, s_at, None, "could")),
    };
    ResellerPage {
        ctx,
        can_manage: who.user.is_admin_agent(),
        authorization: loaded.authorization,
        supports: loaded.supports,
        supported: loaded.supported,
        could: loaded.could,
        search,
        links,
        error,
    }
}

/// `GET /partner/resellers/{reseller_tenant_id}`: one of this provider's
/// current resellers: what it supports, what it could, bulk changes of
/// either, and what ending its authorization would do. A reseller whose
/// authorization ended is listed, not shown: it is nobody's reseller here
/// any more.
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let reseller = tenant_from_path(&path)?;
    let query = ResellerQuery::parse(request.query_string()).lists();
    let (asked, now) = (query.clone(), state.now());
    let (who, loaded) = one_hop
        .load(move |conn, who| read(conn, who, &reseller, &asked, now))
        .await?;
    reseller_page(&ui, &who, &session, loaded, &query, None, StatusCode::OK)
}
