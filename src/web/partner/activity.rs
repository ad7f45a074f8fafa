//! The partner's Activity: every change that concerns it, newest first,
//! whoever made it; filtered by customer, kind and dates (a GET form, so
//! that bookmarks and the back button keep it), counted, paged by key, and
//! exported as CSV with the same filter.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use super::changes::{describe, kind_groups, kind_label, who};
use crate::app::read::ChangeView;
use crate::app::read::activity::{self as read, ActivityPage, Paging, Total};
use crate::domain::activity::{ActivityFilter, CUSTOMER_MAX, FilterProblem};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::web::activity_filter::{self, FilterForm, KindGroup};
use crate::web::csv::{self, push_row};
use crate::web::extract::PartnerPage;
use crate::web::language::Ui;
use crate::web::{PageContext, render_status};

pub const PER_PAGE: i64 = 50;
/// Rows read per query of an export.
pub const CHUNK: i64 = 500;

/// The filter's first field: a customer name prefix.
const SCOPE: &str = "customer";

/// The filter as the page opens: empty.
pub fn opening_form() -> FilterForm {
    FilterForm::from_query(SCOPE, "").0
}

fn parse(form: &FilterForm) -> Result<ActivityFilter, Vec<FilterProblem>> {
    ActivityFilter::parse(&form.scope, &form.kind, &form.from, &form.to)
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
        self.form.kind_selected(value)
    }

    fn narrowed(&self) -> bool {
        self.form.narrows()
    }

    fn date_type(&self, raw: &str) -> &'static str {
        activity_filter::date_type(raw)
    }

    fn total_words(&self, total: &Total) -> String {
        activity_filter::total_words(&self.ctx.t, total)
    }
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
    let (form, paging) = FilterForm::from_query(SCOPE, req.query_string());
    let parsed = parse(&form);
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
        groups: activity_filter::groups(&ctx.t, kind_groups(&ctx.t)),
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
    let (form, _) = FilterForm::from_query(SCOPE, req.query_string());
    let filter = match parse(&form) {
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
    let header = header_row(&t);
    csv::stream(page, "activity.csv", header, move |conn, who, send| {
        Ok(read::each_chunk(
            conn,
            who.caller(),
            &filter,
            CHUNK,
            |rows| send(csv_rows(&t, &rows)),
        )?)
    })
    .await
}
