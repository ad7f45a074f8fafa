//! The partner's Activity: every change that concerns it, newest first,
//! whoever made it; filtered by customer, kind and dates (a GET form, so
//! that bookmarks and the back button keep it), counted, paged by key, and
//! exported as CSV with the same filter.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use tokio::sync::{mpsc, oneshot};
use tracing::Instrument as _;

use super::changes::{describe, kind_groups, kind_label, who};
use crate::app::read::ChangeView;
use crate::app::read::activity::{self as read, ActivityPage, Paging, Total};
use crate::domain::activity::{ActivityFilter, CUSTOMER_MAX, Cursor, FilterProblem};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::web::csv::{Chunk, Chunks, push_row};
use crate::web::extract::PartnerPage;
use crate::web::language::Ui;
use crate::web::{PageContext, render_status};

pub const PER_PAGE: i64 = 50;
/// Rows read per query of an export.
const CHUNK: i64 = 500;
/// Chunks waiting for a slow reader of an export, at most.
const IN_FLIGHT: usize = 2;

/// The filter's fields as sent, shown again as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterForm {
    pub customer: String,
    pub kind: String,
    pub from: String,
    pub to: String,
}

impl FilterForm {
    /// The filter's fields and the page's cursors from a query string: the
    /// first of each name; a query string that is not one is an empty
    /// filter (the page as it opens), and `page=` of older links is ignored.
    pub fn from_query(query: &str) -> (Self, Option<Paging>) {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
        let find = |name: &str| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let form = Self {
            customer: find("customer"),
            kind: find("kind"),
            from: find("from"),
            to: find("to"),
        };
        // A cursor that is not one shows the newest page.
        let paging = match (
            Cursor::parse(&find("after")),
            Cursor::parse(&find("before")),
        ) {
            (Some(c), _) => Some(Paging::Older(c)),
            (None, Some(c)) => Some(Paging::Newer(c)),
            (None, None) => None,
        };
        (form, paging)
    }

    pub fn parse(&self) -> Result<ActivityFilter, Vec<FilterProblem>> {
        ActivityFilter::parse(&self.customer, &self.kind, &self.from, &self.to)
    }

    /// The query string of this filter (fields left empty left out), then
    /// `extra`.
    fn query(&self, extra: Option<(&str, String)>) -> String {
        let mut pairs: Vec<(&str, String)> = [
            ("customer", self.customer.trim()),
            ("kind", self.kind.trim()),
            ("from", self.from.trim()),
            ("to", self.to.trim()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k, v.to_owned()))
        .collect();
        pairs.extend(extra);
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    fn link(&self, path: &str, extra: Option<(&str, String)>) -> String {
        let query = self.query(extra);
        if query.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{query}")
        }
    }

    /// Anything but the page as it opens.
    fn narrows(&self) -> bool {
        *self != Self::default()
    }
}

/// One choice of the kind select.
pub struct KindChoice {
    pub value: &'static str,
    pub label: String,
}

/// A group of the kind select.
pub struct KindGroup {
    pub label: String,
    pub choices: Vec<KindChoice>,
}

#[derive(Template)]
#[template(path = "partner/activity.html")]
struct ActivityTemplate {
    ctx: PageContext,
    form: FilterForm,
    problems: Vec<FilterProblem>,
    groups: Vec<KindGroup>,
    customer_max: usize,
    /// What the filter shows: none when the filter has problems.
    found: Option<ActivityPage>,
    /// The page starts at a cursor (not the newest).
    paged: bool,
    newest_link: String,
    newer_link: Option<String>,
    older_link: Option<String>,
    csv_link: String,
}

impl ActivityTemplate {
    fn has(&self, problem: FilterProblem) -> bool {
        self.problems.contains(&problem)
    }

    fn kind_selected(&self, value: &str) -> bool {
        self.form.kind.trim() == value
    }

    fn narrowed(&self) -> bool {
        self.form.narrows()
    }

    /// A date field's type: a date picker, or text for what was typed when
    /// it is not a date (a date input cannot hold it, and the filter is
    /// shown as it was sent).
    fn date_type(&self, raw: &str) -> &'static str {
        let raw = raw.trim();
        if raw.is_empty() || chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d").is_ok() {
            "date"
        } else {
            "text"
        }
    }

    /// "N changes", or "more than N" past the count's bound.
    fn total_words(&self, total: &Total) -> String {
        let t = &self.ctx.t;
        match *total {
            Total::Exactly(n) => t.count1("activity-total", n, "number", t.number(n)),
            Total::MoreThan(n) => t.a1("activity-total-more", "number", t.number(n)),
        }
    }
}

/// The kind select's groups, in the viewer's language.
fn groups(t: &Tr) -> Vec<KindGroup> {
    kind_groups(t)
        .into_iter()
        .map(|(label, kinds)| KindGroup {
            label,
            choices: kinds
                .into_iter()
                .map(|kind| KindChoice {
                    value: kind.as_str(),
                    label: kind_label(t, kind),
                })
                .collect(),
        })
        .collect()
}

/// `GET /partner/activity?customer=&kind=&from=&to=&after=|before=`. A
/// filter with problems is the form again with each said (422), nothing
/// read but the session.
#[tracing::instrument(skip_all)]
pub async fn show(
    ui: Ui,
    session: Session,
    page: PartnerPage,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (form, paging) = FilterForm::from_query(req.query_string());
    let parsed = form.parse();
    let filter = parsed.clone().ok();
    let (who, found) = page
        .load(move |conn, who| {
            let Some(filter) = filter else {
                return Ok(None);
            };
            let paging = paging.unwrap_or(Paging::Newest);
            Ok(Some(read::page(
                conn,
                who.caller(),
                &filter,
                paging,
                PER_PAGE,
            )?))
        })
        .await?;
    let ctx = PageContext::partner(&ui, &who, &session, "activity")?;
    let problems = parsed.err().unwrap_or_default();
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(status, &view(ctx, form, problems, found, paging.is_some()))
}

/// The page for what the core read (`None` when the filter has problems).
pub fn view(
    ctx: PageContext,
    form: FilterForm,
    problems: Vec<FilterProblem>,
    found: Option<ActivityPage>,
    paged: bool,
) -> impl Template + use<> {
    let newer_link = found
        .as_ref()
        .and_then(|f| f.newer)
        .map(|c| form.link("/partner/activity", Some(("before", c.to_param()))));
    let older_link = found
        .as_ref()
        .and_then(|f| f.older)
        .map(|c| form.link("/partner/activity", Some(("after", c.to_param()))));
    ActivityTemplate {
        groups: groups(&ctx.t),
        ctx,
        newest_link: form.link("/partner/activity", None),
        csv_link: form.link("/partner/activity.csv", None),
        newer_link,
        older_link,
        form,
        problems,
        customer_max: CUSTOMER_MAX,
        found,
        paged,
    }
}

/// The export's header row, in the viewer's language.
fn header_row(t: &Tr) -> Bytes {
    let words = [
        t.get("csv-id"),
        t.get("csv-when"),
        t.get("csv-kind"),
        t.get("csv-change"),
        t.get("csv-customer"),
        t.get("csv-customer-id"),
        t.get("csv-subscription"),
        t.get("csv-subscription-id"),
        t.get("csv-by"),
        t.get("csv-organization"),
    ];
    let mut out = String::new();
    push_row(&mut out, words.iter().map(String::as_str));
    Bytes::from(out)
}

/// One chunk of the export: the page's rows, a cell per column.
fn csv_rows(t: &Tr, rows: &[ChangeView]) -> Bytes {
    let mut out = String::with_capacity(rows.len() * 256);
    for c in rows {
        let kind = c.kind.map(|k| kind_label(t, k)).unwrap_or_default();
        push_row(
            &mut out,
            [
                c.id.to_string().as_str(),
                &t.iso(&c.at),
                &kind,
                &describe(t, c),
                &c.customer_name,
                &c.customer_id,
                &c.subscription_name,
                &c.subscription_id,
                &who(t, &c.actor),
                &c.actor.organization,
            ],
        );
    }
    Bytes::from(out)
}

/// `GET /partner/activity.csv?customer=&kind=&from=&to=`: every change the
/// same filter shows, newest first, streamed (cursors are ignored: the
/// whole filter). A filter with problems is the Activity page saying them.
#[tracing::instrument(skip_all)]
pub async fn export(
    ui: Ui,
    session: Session,
    page: PartnerPage,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (form, _) = FilterForm::from_query(req.query_string());
    let filter = match form.parse() {
        Ok(filter) => filter,
        Err(problems) => {
            let (who, ()) = page.load(|_, _| Ok(())).await?;
            let ctx = PageContext::partner(&ui, &who, &session, "activity")?;
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &view(ctx, form, problems, None, false),
            );
        }
    };
    let t = Tr::new(ui.lang);
    let (tx, rx) = mpsc::channel::<Chunk>(IN_FLIGHT);
    let (started, signed_in) = oneshot::channel::<()>();
    let work = page.load(move |conn, who| {
        // The session holds: the answer is a 200 from here on.
        let _ = started.send(());
        if tx.blocking_send(Ok(header_row(&t))).is_err() {
            return Ok(());
        }
        read::each_chunk(conn, who.caller(), &filter, CHUNK, |rows| {
            tx.blocking_send(Ok(csv_rows(&t, &rows))).is_ok()
        })
        .map_err(|e| {
            let e = AppError::from(e);
            tracing::error!(error = %e, "activity export cut short");
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
            r#"attachment; filename="activity.csv""#,
        ))
        .body(Chunks(rx)))
}
