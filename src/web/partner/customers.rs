use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use crate::app::read::CustomerListItem;
use crate::app::read::customers::{self as read, CustomerKey, Listing, Start};
use crate::domain::TenantId;
use crate::error::AppError;
use crate::web::extract::PartnerPage;
use crate::web::language::Ui;
use crate::web::{PageContext, render};

pub const PER_PAGE: i64 = 25;
const MAX_SEARCH_CHARS: usize = 200;
/// A tenant id as stored: a lower-case hyphenated GUID.
const TENANT_ID_LEN: usize = 36;
/// Longer than any company name (200 characters of up to 4 bytes).
const MAX_CURSOR_BYTES: usize = TENANT_ID_LEN + 800;

#[derive(Template)]
#[template(path = "partner/customers.html")]
struct CustomersPage {
    ctx: PageContext,
    search: String,
    /// The filter and the order, as the form and the links give them.
    shape: Shape,
    /// A filter or an order the page does not know was asked for.
    unknown_shape: bool,
    items: Vec<CustomerListItem>,
    /// Customers in the list, or matching the search, when counted.
    total: Option<i64>,
    /// Positions of the first and last item, when known.
    positions: Option<(i64, i64)>,
    /// The first and the last customer the page covers (looked through,
    /// for a search that walks the list).
    span: Option<(String, String)>,
    first_link: Option<String>,
    prev_link: Option<String>,
    next_link: Option<String>,
    /// The first page in the other order, for the company column's heading.
    sort_link: String,
}

/// The list's search, filter and order. The cursors (`after`, `before`)
/// are read from the query string apart, so that no cursor, however
/// mangled or repeated, is an error; `page` (links from before pages went
/// by key) is ignored: the first page.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    /// `with` or `without` delegated admin privileges; anything else, all.
    delegated_admin: Option<String>,
    /// `name` (A to Z, the default) or `-name` (Z to A).
    sort: Option<String>,
}

/// The list's filter and order as the query string says them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    pub listing: Listing,
}

impl Shape {
    /// The shape the query asks for, and whether any of it was not
    /// understood (then that part is the default).
    fn of(query: &ListQuery) -> (Self, bool) {
        let mut unknown = false;
        let delegated_admin = match query.delegated_admin.as_deref().map(str::trim) {
            None | Some("") => None,
            Some("with") => Some(true),
            Some("without") => Some(false),
            Some(_) => {
                unknown = true;
                None
            }
        };
        let descending = match query.sort.as_deref().map(str::trim) {
            None | Some("") | Some("name") => false,
            Some("-name") => true,
            Some(_) => {
                unknown = true;
                false
            }
        };
        let listing = Listing {
            delegated_admin,
            descending,
        };
        (Self { listing }, unknown)
    }

    /// The query parameters that say it, defaults left out.
    fn params(&self) -> Vec<(&'static str, String)> {
        let mut params = Vec::new();
        if let Some(with) = self.listing.delegated_admin {
            params.push(("delegated_admin", self.access_value(with).to_owned()));
        }
        if self.listing.descending {
            params.push(("sort", "-name".to_owned()));
        }
        params
    }

    fn access_value(&self, with: bool) -> &'static str {
        if with { "with" } else { "without" }
    }

    /// The filter's value in the form: "", "with" or "without".
    pub fn access(&self) -> &'static str {
        self.listing
            .delegated_admin
            .map_or("", |with| self.access_value(with))
    }

    pub fn descending(&self) -> bool {
        self.listing.descending
    }

    /// Whether anything narrows the list.
    pub fn filtered(&self) -> bool {
        self.listing.delegated_admin.is_some()
    }
}

/// Where the page starts: after or before the customer a well-formed
/// cursor names (`after` first), else at the first page.
fn start(query_string: &str) -> Start {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query_string).unwrap_or_default();
    let find = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .and_then(|(_, v)| parse_cursor(v))
    };
    match (find("after"), find("before")) {
        (Some(key), _) => Start::After(key),
        (None, Some(key)) => Start::Before(key),
        (None, None) => Start::First,
    }
}

/// The cursor of a link: the customer a page starts after or before, as
/// URL-safe base64 of its tenant id followed by its company name.
fn cursor(key: &CustomerKey) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}{}", key.tenant_id, key.company_name))
}

/// A cursor read back; anything else (cut, altered, made up) is `None`.
fn parse_cursor(raw: &str) -> Option<CustomerKey> {
    if raw.len() > MAX_CURSOR_BYTES * 4 / 3 + 4 {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (id, name) = text.split_at_checked(TENANT_ID_LEN)?;
    let id = TenantId::parse(id).ok()?;
    (id.as_str() == text.get(..TENANT_ID_LEN)? && !name.is_empty()).then(|| CustomerKey {
        company_name: name.to_owned(),
        tenant_id: id.into_string(),
    })
}

fn link(search: &str, shape: &Shape, at: Option<(&str, &CustomerKey)>) -> String {
    let mut params = Vec::new();
    if !search.is_empty() {
        params.push(("q", search.to_owned()));
    }
    params.extend(shape.params());
    if let Some((side, key)) = at {
        params.push((side, cursor(key)));
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
    req: HttpRequest,
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
    let (shape, unknown_shape) = Shape::of(&query);
    // A cursor that cannot be read shows the first page, never an error.
    let start = start(req.query_string());

    let needle = search.clone();
    let (who, found) = page
        .load(move |conn, who| {
            let needle = (!needle.is_empty()).then_some(needle.as_str());
            Ok(read::customers(
                conn,
                who.caller(),
                needle,
                shape.listing,
                start,
                PER_PAGE,
            )?)
        })
        .await?;

    let ctx = PageContext::partner(&ui, &who, &session, "customers")?;
    render(&view(ctx, search, shape, unknown_shape, found))
}

/// The list page for what the core found for `search` in `shape`.
pub fn view(
    ctx: PageContext,
    search: String,
    shape: Shape,
    unknown_shape: bool,
    found: read::CustomerPage,
) -> impl Template {
    let shown = found.items.len() as i64;
    let positions = match (found.total, found.first_position) {
        (Some(_), Some(first)) if shown > 0 => Some((first, first + shown - 1)),
        _ => None,
    };
    // An empty page names what it looked through only when there is more
    // to look through; otherwise nothing matches at all.
    let span = found
        .span
        .filter(|_| shown > 0 || found.previous.is_some() || found.next.is_some());
    CustomersPage {
        ctx,
        first_link: found
            .previous
            .is_some()
            .then(|| link(&search, &shape, None)),
        prev_link: found
            .previous
            .as_ref()
            .map(|key| link(&search, &shape, Some(("before", key)))),
        next_link: found
            .next
            .as_ref()
            .map(|key| link(&search, &shape, Some(("after", key)))),
        sort_link: link(
            &search,
            &Shape {
                listing: Listing {
                    descending: !shape.listing.descending,
                    ..shape.listing
                },
            },
            None,
        ),
        search,
        shape,
        unknown_shape,
        items: found.items,
        total: found.total,
        positions,
        span,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str) -> CustomerKey {
        CustomerKey {
            company_name: name.to_owned(),
            tenant_id: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0".to_owned(),
        }
    }

    #[test]
    fn a_cursor_reads_back_as_the_key_it_was_made_from() {
        for name in ["Wide World Importers", "École & “Co” <b>", "a"] {
            assert_eq!(parse_cursor(&cursor(&key(name))), Some(key(name)));
        }
    }

    #[test]
    fn a_cursor_that_was_not_made_here_reads_as_none() {
        let made = cursor(&key("Contoso"));
        let raw = |s: &str| URL_SAFE_NO_PAD.encode(s);
        for bad in [
            "",
            "!!!",
            &made[..made.len() - 3],
            &format!("{made}=="),
            &raw("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0"),
            &raw("not-a-guid-at-all-not-a-guid-at-all-Contoso"),
            &raw("0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0Contoso"),
            &"A".repeat(5000),
        ] {
            assert_eq!(parse_cursor(bad), None, "{bad:?}");
        }
    }
}
