//! The partner's Relationships: every relationship across its customers
//! that it may see (its own, and its channel's, as each customer page
//! names them), with the partner's role and delegated access; filtered by
//! state, delegated access and customer name (a GET form, so that
//! bookmarks and the back button keep it), sorted by customer or by date,
//! counted, paged by key both ways, and exported as CSV with the same
//! filter.

use actix_session::Session;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use tokio::sync::{mpsc, oneshot};
use tracing::Instrument as _;

use crate::app::read::all_relationships::{
    self as read, Access, AccessKind, Filter, Key, Order, Paging, RelationshipPage,
    RelationshipRow, Role, Sort, Total,
};
use crate::domain::TenantId;
use crate::domain::states::RelationshipState;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::web::csv::{Chunk, Chunks, push_row};
use crate::web::extract::PartnerPage;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render};

pub const PER_PAGE: i64 = 50;
/// Rows read per query of an export.
const CHUNK: i64 = 500;
/// Chunks waiting for a slow reader of an export, at most.
const IN_FLIGHT: usize = 2;
/// As the customer list: longer searches are cut.
pub const CUSTOMER_MAX: usize = 200;
/// A tenant id as stored: a lower-case hyphenated GUID.
const TENANT_ID_LEN: usize = 36;
/// Longer than any cursor made here: a company name of 200 characters of
/// up to 4 bytes after two tenant ids.
const MAX_CURSOR_CHARS: usize = (2 * TENANT_ID_LEN + 800) * 4 / 3 + 4;
const CURSOR_TIME: &str = "%Y-%m-%dT%H:%M:%S%.f";

/// The list's filter and order as the query string gives them; a value
/// the page does not know is left out of it, and said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shape {
    /// `active` or `removed`; neither: both.
    pub state: Option<RelationshipState>,
    pub access: Option<AccessKind>,
    /// Part of a customer's company name or domain, as typed (trimmed).
    pub customer: String,
    pub sort: Sort,
}

impl Shape {
    /// The shape, the page's cursor and whether part of the query was not
    /// understood: the first value of each name; a query string that is
    /// not one is the list as it opens.
    fn from_query(query: &str) -> (Self, Option<Paging>, bool) {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let find = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_owned())
                .unwrap_or_default()
        };
        let mut unknown = false;
        let state = match find("state").as_str() {
            "" => None,
            "active" => Some(RelationshipState::Active),
            "removed" => Some(RelationshipState::Removed),
            _ => {
                unknown = true;
                None
            }
        };
        let access = match find("access").as_str() {
            "" => None,
            "legacy" => Some(AccessKind::Legacy),
            "gdap" => Some(AccessKind::Gdap),
            "none" => Some(AccessKind::None),
            _ => {
                unknown = true;
                None
            }
        };
        let sort = match find("sort").as_str() {
            "" | "customer" => Sort::Customer,
            "-customer" => Sort::CustomerDesc,
            "since" => Sort::Since,
            "-since" => Sort::SinceDesc,
            _ => {
                unknown = true;
                Sort::Customer
            }
        };
        let customer = find("customer").chars().take(CUSTOMER_MAX).collect();
        let shape = Self {
            state,
            access,
            customer,
            sort,
        };
        // A cursor that is not one, or not of this order, shows the first page.
        let order = sort.order();
        let paging = match (
            parse_cursor(&find("after"), order),
            parse_cursor(&find("before"), order),
        ) {
            (Some(key), _) => Some(Paging::After(key)),
            (None, Some(key)) => Some(Paging::Before(key)),
            (None, None) => None,
        };
        (shape, paging, unknown)
    }

    pub fn filter(&self) -> Filter {
        Filter {
            state: self.state,
            access: self.access,
            customer: (!self.customer.is_empty()).then(|| self.customer.clone()),
        }
    }

    pub fn state_value(&self) -> &'static str {
        match self.state {
            None => "",
            Some(RelationshipState::Active) => "active",
            Some(RelationshipState::Removed) => "removed",
        }
    }

    pub fn access_value(&self) -> &'static str {
        match self.access {
            None => "",
            Some(AccessKind::Legacy) => "legacy",
            Some(AccessKind::Gdap) => "gdap",
            Some(AccessKind::None) => "none",
        }
    }

    pub fn sort_value(&self) -> &'static str {
        sort_value(self.sort)
    }

    /// Whether anything narrows or orders the list otherwise than as it opens.
    pub fn narrows(&self) -> bool {
        *self != Self::default()
    }

    /// Whether anything narrows the list.
    pub fn filtered(&self) -> bool {
        self.state.is_some() || self.access.is_some() || !self.customer.is_empty()
    }

    /// The query parameters that say it, defaults left out, then `extra`.
    fn link(&self, path: &str, extra: Option<(&str, String)>) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("customer", self.customer.clone()),
            ("state", self.state_value().to_owned()),
            ("access", self.access_value().to_owned()),
            (
                "sort",
                if self.sort == Sort::Customer {
                    String::new()
                } else {
                    self.sort_value().to_owned()
                },
            ),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        pairs.extend(extra);
        if pairs.is_empty() {
            path.to_owned()
        } else {
            format!(
                "{path}?{}",
                serde_urlencoded::to_string(pairs).unwrap_or_default()
            )
        }
    }

    /// The first page in `sort`, the filter kept.
    fn sorted(&self, sort: Sort) -> String {
        Self {
            sort,
            ..self.clone()
        }
        .link(PATH, None)
    }
}

const PATH: &str = "/partner/relationships";
const CSV_PATH: &str = "/partner/relationships.csv";

fn sort_value(sort: Sort) -> &'static str {
    match sort {
        Sort::Customer => "customer",
        Sort::CustomerDesc => "-customer",
        Sort::Since => "since",
        Sort::SinceDesc => "-since",
    }
}

/// The cursor of a link: URL-safe base64 of the row's customer and partner
/// tenant ids, then its company name or its start, as its order needs.
fn cursor(key: &Key) -> String {
    let text = match key {
        Key::Customer {
            company_name,
            customer,
            partner,
        } => format!("{customer}{partner}{company_name}"),
        Key::Since {
            at,
            customer,
            partner,
        } => format!("{customer}{partner}{}", at.format(CURSOR_TIME)),
    };
    URL_SAFE_NO_PAD.encode(text)
}

/// A cursor read back in `order`; anything else (cut, altered, made up, of
/// the other order) is `None`.
fn parse_cursor(raw: &str, order: Order) -> Option<Key> {
    if raw.is_empty() || raw.len() > MAX_CURSOR_CHARS {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let id = |raw: &str| {
        TenantId::parse(raw)
            .ok()
            .filter(|id| id.as_str() == raw)
            .map(TenantId::into_string)
    };
    let customer = id(text.get(..TENANT_ID_LEN)?)?;
    let partner = id(text.get(TENANT_ID_LEN..2 * TENANT_ID_LEN)?)?;
    let rest = text.get(2 * TENANT_ID_LEN..)?;
    if rest.is_empty() {
        return None;
    }
    Some(match order {
        Order::Customer => Key::Customer {
            company_name: rest.to_owned(),
            customer,
            partner,
        },
        Order::Since => Key::Since {
            at: NaiveDateTime::parse_from_str(rest, CURSOR_TIME).ok()?,
            customer,
            partner,
        },
    })
}

#[derive(Template)]
#[template(path = "partner/relationships.html")]
struct RelationshipsPage {
    ctx: PageContext,
    shape: Shape,
    /// A filter or an order the page does not know was asked for.
    unknown_shape: bool,
    customer_max: usize,
    found: RelationshipPage,
    /// The page starts at a cursor (not the first page).
    paged: bool,
    first_link: String,
    prev_link: Option<String>,
    next_link: Option<String>,
    csv_link: String,
    /// The headings' links: the first page in their order, turned round
    /// when the list is in it already.
    customer_sort_link: String,
    since_sort_link: String,
}

impl RelationshipsPage {
    /// `aria-sort` of the customer or since heading.
    fn aria_sort(&self, order: &str) -> &'static str {
        let sort = self.shape.sort;
        let this = match order {
            "customer" => Order::Customer,
            _ => Order::Since,
        };
        if sort.order() != this {
            "none"
        } else if sort.descending() {
            "descending"
        } else {
            "ascending"
        }
    }

    /// "N relationships", or "more than N" past the count's bound.
    fn total_words(&self) -> String {
        let t = &self.ctx.t;
        match self.found.total {
            Total::Exactly(n) => t.count1("relationships-total", n, "number", t.number(n)),
            Total::MoreThan(n) => t.a1("relationships-total-more", "number", t.number(n)),
        }
    }

    fn role_words(&self, row: &RelationshipRow) -> String {
        role_words(&self.ctx.t, row.role)
    }

    fn state_words(&self, row: &RelationshipRow) -> String {
        state_words(&self.ctx.t, row.active)
    }
}

fn role_words(t: &Tr, role: Role) -> String {
    match role {
        Role::Provider => t.get("relationships-role-provider"),
        Role::Reseller => t.get("relationships-role-reseller"),
    }
}

fn state_words(t: &Tr, active: bool) -> String {
    if active {
        t.get("relationships-state-active")
    } else {
        t.get("relationships-state-removed")
    }
}

/// `GET /partner/relationships?customer=&state=&access=&sort=&after=|before=`.
/// A filter the page does not know is said, and the list shown without it.
#[tracing::instrument(skip_all)]
pub async fn show(
    ui: Ui,
    session: Session,
    page: PartnerPage,
    state: State,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (shape, paging, unknown_shape) = Shape::from_query(req.query_string());
    let now = state.now();
    let filter = shape.filter();
    let sort = shape.sort;
    let paged = paging.is_some();
    let (who, found) = page
        .load(move |conn, who| {
            Ok(read::page(
                conn,
                who.caller(),
                &filter,
                sort,
                paging.unwrap_or(Paging::First),
                PER_PAGE,
                now,
            )?)
        })
        .await?;
    let ctx = PageContext::partner(&ui, &who, &session, "relationships")?;
    render(&view(ctx, shape, unknown_shape, found, paged))
}

/// The page for what the core read.
pub fn view(
    ctx: PageContext,
    shape: Shape,
    unknown_shape: bool,
    found: RelationshipPage,
    paged: bool,
) -> impl Template + use<> {
    let turn = |asc: Sort, desc: Sort| {
        if shape.sort == asc {
            shape.sorted(desc)
        } else {
            shape.sorted(asc)
        }
    };
    RelationshipsPage {
        customer_sort_link: turn(Sort::Customer, Sort::CustomerDesc),
        since_sort_link: turn(Sort::SinceDesc, Sort::Since),
        first_link: shape.link(PATH, None),
        prev_link: found
            .previous
            .as_ref()
            .map(|key| shape.link(PATH, Some(("before", cursor(key))))),
        next_link: found
            .next
            .as_ref()
            .map(|key| shape.link(PATH, Some(("after", cursor(key))))),
        csv_link: shape.link(CSV_PATH, None),
        ctx,
        shape,
        unknown_shape,
        customer_max: CUSTOMER_MAX,
        found,
        paged,
    }
}

/// The export's header row, in the viewer's language.
fn header_row(t: &Tr) -> Bytes {
    let words = [
        t.get("csv-customer"),
        t.get("csv-customer-id"),
        t.get("relationships-csv-partner"),
        t.get("relationships-csv-mpn"),
        t.get("relationships-csv-role"),
        t.get("relationships-csv-access"),
        t.get("relationships-csv-until"),
        t.get("relationships-csv-since"),
        t.get("relationships-csv-state"),
    ];
    let mut out = String::new();
    push_row(&mut out, words.iter().map(String::as_str));
    Bytes::from(out)
}

/// One chunk of the export: a row per relationship, a cell per column.
fn csv_rows(t: &Tr, rows: &[RelationshipRow]) -> Bytes {
    let mut out = String::with_capacity(rows.len() * 200);
    for row in rows {
        let (access, until) = match row.access {
            Access::Legacy => (t.get("relationships-access-legacy"), String::new()),
            Access::Gdap(until) => (
                t.get("relationships-access-gdap"),
                until.map(|u| t.iso(&u)).unwrap_or_default(),
            ),
            Access::None => (t.get("relationships-access-none"), String::new()),
        };
        push_row(
            &mut out,
            [
                row.customer_name.as_str(),
                &row.customer_id,
                &row.partner_name,
                &row.mpn_id,
                &role_words(t, row.role),
                &access,
                &until,
                &t.iso(&row.since),
                &state_words(t, row.active),
            ],
        );
    }
    Bytes::from(out)
}

/// `GET /partner/relationships.csv?customer=&state=&access=&sort=`: every
/// relationship the same filter shows, in the same order, streamed
/// (cursors are ignored: the whole filter; a value the page does not know
/// is left out, as the page leaves it out).
#[tracing::instrument(skip_all)]
pub async fn export(
    ui: Ui,
    page: PartnerPage,
    state: State,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (shape, _, _) = Shape::from_query(req.query_string());
    let now = state.now();
    let filter = shape.filter();
    let sort = shape.sort;
    let t = Tr::new(ui.lang);
    let (tx, rx) = mpsc::channel::<Chunk>(IN_FLIGHT);
    let (started, signed_in) = oneshot::channel::<()>();
    let work = page.load(move |conn, who| {
        // The session holds: the answer is a 200 from here on.
        let _ = started.send(());
        if tx.blocking_send(Ok(header_row(&t))).is_err() {
            return Ok(());
        }
        read::each_chunk(conn, who.caller(), &filter, sort, CHUNK, now, |rows| {
            tx.blocking_send(Ok(csv_rows(&t, &rows))).is_ok()
        })
        .map_err(|e| {
            let e = AppError::from(e);
            tracing::error!(error = %e, "relationships export cut short");
            // The reader sees the body end in an error, not a short file.
            let _ = tx.blocking_send(Err(std::io::Error::other("export failed")));
            e
        })
    });
    let work = actix_web::rt::spawn(work.in_current_span());
    if signed_in.await.is_err() {
        // The hop ended before reading: no session, or no database.
        return Err(match work.await {
            Ok(Err(e)) => e,
            Ok(Ok(_)) => AppError::internal("the export ended before it began"),
            Err(e) => AppError::internal(format!("the export stopped: {e}")),
        });
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            r#"attachment; filename="relationships.csv""#,
        ))
        .body(Chunks(rx)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUSTOMER: &str = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
    const PARTNER: &str = "1f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";

    fn by_name(name: &str) -> Key {
        Key::Customer {
            company_name: name.to_owned(),
            customer: CUSTOMER.to_owned(),
            partner: PARTNER.to_owned(),
        }
    }

    #[test]
    fn a_cursor_reads_back_as_the_key_it_was_made_from_in_its_order() {
        for name in ["Wide World Importers", "École & “Co” <b>", "=1+2", "a"] {
            assert_eq!(
                parse_cursor(&cursor(&by_name(name)), Order::Customer),
                Some(by_name(name))
            );
        }
        let at = chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_micro_opt(10, 11, 12, 345_678)
            .unwrap();
        let since = Key::Since {
            at,
            customer: CUSTOMER.to_owned(),
            partner: PARTNER.to_owned(),
        };
        assert_eq!(parse_cursor(&cursor(&since), Order::Since), Some(since));
    }

    #[test]
    fn a_cursor_that_was_not_made_here_or_for_this_order_reads_as_none() {
        let made = cursor(&by_name("Contoso"));
        let raw = |s: &str| URL_SAFE_NO_PAD.encode(s);
        for bad in [
            "",
            "!!!",
            &made[..made.len() - 3],
            &format!("{made}=="),
            &raw(&format!("{CUSTOMER}{PARTNER}")),
            &raw(&format!("{}{PARTNER}Contoso", CUSTOMER.to_uppercase())),
            &raw("not-a-guid-at-all-not-a-guid-at-all-Contoso"),
            &"A".repeat(5000),
        ] {
            assert_eq!(parse_cursor(bad, Order::Customer), None, "{bad:?}");
        }
        // A name is not a time.
        assert_eq!(parse_cursor(&made, Order::Since), None);
    }

    #[test]
    fn a_filter_the_page_does_not_know_is_said_and_left_out() {
        let (shape, paging, unknown) =
            Shape::from_query("state=gone&access=legacy&sort=price&customer=%20wide%20");
        assert!(unknown);
        assert_eq!(paging, None);
        assert_eq!(shape.state, None);
        assert_eq!(shape.access, Some(AccessKind::Legacy));
        assert_eq!(shape.sort, Sort::Customer);
        assert_eq!(shape.customer, "wide");
        assert_eq!(
            shape.link(PATH, None),
            "/partner/relationships?customer=wide&access=legacy"
        );
        let (known, _, unknown) = Shape::from_query("state=removed&sort=-since");
        assert!(!unknown);
        assert_eq!(known.state, Some(RelationshipState::Removed));
        assert_eq!(known.sort, Sort::SinceDesc);
    }
}
