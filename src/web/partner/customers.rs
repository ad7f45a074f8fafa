use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::app::read::{self, CustomerListItem};
use crate::error::AppError;
use crate::web::extract::PartnerPage;
use crate::web::language::Ui;
use crate::web::{PageContext, render};

pub const PER_PAGE: i64 = 25;
const MAX_SEARCH_CHARS: usize = 200;

#[derive(Template)]
#[template(path = "partner/customers.html")]
struct CustomersPage {
    ctx: PageContext,
    search: String,
    items: Vec<CustomerListItem>,
    total: i64,
    page: i64,
    pages: i64,
    first_shown: i64,
    last_shown: i64,
    prev_link: Option<String>,
    next_link: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    page: Option<String>,
}

fn page_link(search: &str, page: i64) -> String {
    let mut params = Vec::new();
    if !search.is_empty() {
        params.push(("q", search.to_owned()));
    }
    if page > 1 {
        params.push(("page", page.to_string()));
    }
    if params.is_empty() {
        "/partner/customers".to_owned()
    } else {
        format!(
            "/partner/customers?{}",
            serde_urlencoded::to_string(params).unwrap_or_default()
        )
    }
}

#[tracing::instrument(skip_all)]
pub async fn list(
    ui: Ui,
    session: Session,
    page: PartnerPage,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, AppError> {
    let search: String = query
        .q
        .as_deref()
        .unwrap_or("")
        .trim()
        .chars()
        .take(MAX_SEARCH_CHARS)
        .collect();
    // A page number that is not a number, or past the end, shows the nearest page.
    let requested = query
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, i64::from(u32::MAX));

    let needle = search.clone();
    let (who, result) = page
        .load(move |conn, who| {
            let needle = (!needle.is_empty()).then_some(needle.as_str());
            Ok(read::partner::customers(
                conn,
                who.caller(),
                needle,
                requested,
                PER_PAGE,
            )?)
        })
        .await?;
    let page = result.page;

    let pages = ((result.total + PER_PAGE - 1) / PER_PAGE).max(1);
    let first_shown = if result.total == 0 {
        0
    } else {
        (page - 1) * PER_PAGE + 1
    };
    let last_shown = (page - 1) * PER_PAGE + result.items.len() as i64;
    let view = CustomersPage {
        ctx: PageContext::partner(&ui, &who, &session, "customers")?,
        prev_link: (page > 1).then(|| page_link(&search, page - 1)),
        next_link: (page < pages).then(|| page_link(&search, page + 1)),
        search,
        items: result.items,
        total: result.total,
        page,
        pages,
        first_shown,
        last_shown,
    };
    render(&view)
}
