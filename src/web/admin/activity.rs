//! A customer admin's Audit: what happened in their tenant, newest first,
//! whoever did it (their partners, their own admins, an operator):
//! support contacts changed or reverted on their subscriptions,
//! relationships and GDAP relationships requested, answered and ended,
//! their users added and changed, sign-ins refused to them. Filtered by
//! subscription, kind and dates (a GET form, as a partner's Activity),
//! counted, paged by key, and exported as CSV with the same filter.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::app::read::ChangeView;
use crate::app::read::activity::{ActivityPage, Paging, Total};
use crate::app::read::audit::{self as read, AuditPage, SubscriptionChoice};
use crate::domain::activity::{AuditFilter, FilterProblem};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::web::activity_filter::{self, FilterForm, KindGroup};
use crate::web::csv::{self, push_row};
use crate::web::extract::CustomerAdminPage;
use crate::web::language::Ui;
use crate::web::partner::activity::{CHUNK, PER_PAGE};
use crate::web::partner::changes::{before_after, customer_kind_groups, describe, kind_label};
use crate::web::{PageContext, render_status};

const PATH: &str = "/admin/activity";
/// The filter's first field: a subscription id.
const SCOPE: &str = "subscription";

fn parse(form: &FilterForm) -> Result<AuditFilter, Vec<FilterProblem>> {
    AuditFilter::parse(&form.scope, &form.kind, &form.from, &form.to)
}

/// One row as the page shows it: the change, and what it turned from and
/// into when it says.
struct Row {
    change: ChangeView,
    before_after: Option<(String, String)>,
}

#[derive(Template)]
#[template(path = "admin/activity.html")]
struct AuditTemplate {
    ctx: PageContext,
    form: FilterForm,
    problems: Vec<FilterProblem>,
    groups: Vec<KindGroup>,
    /// The customer's subscriptions to choose from; empty when they are
    /// too many: the id is typed.
    subscriptions: Vec<SubscriptionChoice>,
    /// What the filter shows: none when the filter has problems.
    found: Option<ActivityPage>,
    rows: Vec<Row>,
    /// The page starts at a cursor (not the newest).
    paged: bool,
    newest_link: String,
    newer_link: Option<String>,
    older_link: Option<String>,
    csv_link: String,
}

impl AuditTemplate {
    fn has(&self, problem: FilterProblem) -> bool {
        self.problems.contains(&problem)
    }

    fn kind_selected(&self, value: &str) -> bool {
        self.form.kind_selected(value)
    }

    fn subscription_selected(&self, id: &str) -> bool {
        self.form.scope.trim().eq_ignore_ascii_case(id)
    }

    /// The subscription typed is none of the choices (an old bookmark):
    /// kept as a choice of its own so that the filter shows as it was sent.
    fn other_subscription(&self) -> Option<&str> {
        let typed = self.form.scope.trim();
        (!typed.is_empty()
            && !self
                .subscriptions
                .iter()
                .any(|s| self.subscription_selected(&s.id)))
        .then_some(typed)
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

/// `GET /admin/activity?subscription=&kind=&from=&to=&after=|before=`. A
/// filter with problems is the form again with each said (422), nothing
/// read but the session and the subscriptions to choose from.
#[tracing::instrument(skip_all)]
pub async fn show(
    ui: Ui,
    session: Session,
    page: CustomerAdminPage,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (form, paging) = FilterForm::from_query(SCOPE, req.query_string());
    let parsed = parse(&form);
    let filter = parsed.clone().ok();
    let (who, loaded) = page
        .load(move |conn, who| {
            let paging = paging.unwrap_or(Paging::Newest);
            Ok(read::page(
                conn,
                who.caller(),
                filter.as_ref(),
                paging,
                PER_PAGE,
            )?)
        })
        .await?;
    let ctx = PageContext::admin(&ui, &who, &session, "activity")?;
    let problems = parsed.err().unwrap_or_default();
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(status, &view(ctx, form, problems, loaded, paging.is_some()))
}

/// The page for what the core read (nothing found when the filter has
/// problems).
fn view(
    ctx: PageContext,
    form: FilterForm,
    problems: Vec<FilterProblem>,
    loaded: AuditPage,
    paged: bool,
) -> AuditTemplate {
    let mut found = loaded.found;
    let newer_link = found
        .as_ref()
        .and_then(|f| f.newer)
        .map(|c| form.link(PATH, Some(("before", c.to_param()))));
    let older_link = found
        .as_ref()
        .and_then(|f| f.older)
        .map(|c| form.link(PATH, Some(("after", c.to_param()))));
    let rows = found
        .as_mut()
        .map(|f| std::mem::take(&mut f.rows))
        .unwrap_or_default()
        .into_iter()
        .map(|change| Row {
            before_after: before_after(&ctx.t, &change),
            change,
        })
        .collect();
    AuditTemplate {
        groups: activity_filter::groups(&ctx.t, customer_kind_groups(&ctx.t)),
        ctx,
        newest_link: form.link(PATH, None),
        csv_link: form.link("/admin/activity.csv", None),
        newer_link,
        older_link,
        form,
        problems,
        subscriptions: loaded.subscriptions,
        found,
        rows,
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
        t.get("csv-subscription"),
        t.get("csv-subscription-id"),
        t.get("csv-before"),
        t.get("csv-after"),
        t.get("csv-by"),
        t.get("csv-email"),
        t.get("csv-organization"),
    ];
    let mut out = String::new();
    push_row(&mut out, words.iter().map(String::as_str));
    Bytes::from(out)
}

/// Who made a change, as the export names them: a person, an operator, or
/// nobody.
fn who(t: &Tr, c: &ChangeView) -> String {
    crate::web::partner::changes::who(t, &c.actor)
}

/// One chunk of the export: the page's rows, a cell per column.
fn csv_rows(t: &Tr, rows: &[ChangeView]) -> Bytes {
    let mut out = String::with_capacity(rows.len() * 256);
    for c in rows {
        let kind = c.kind.map(|k| kind_label(t, k)).unwrap_or_default();
        let (before, after) = before_after(t, c).unwrap_or_default();
        let organization = if c.actor.is_operator() {
            t.get("actor-operator")
        } else {
            c.actor.organization.clone()
        };
        push_row(
            &mut out,
            [
                c.id.to_string().as_str(),
                &t.iso(&c.at),
                &kind,
                &describe(t, c),
                &c.subscription_name,
                &c.subscription_id,
                &before,
                &after,
                &who(t, c),
                &c.actor.email,
                &organization,
            ],
        );
    }
    Bytes::from(out)
}

/// `GET /admin/activity.csv?subscription=&kind=&from=&to=`: every change the
/// same filter shows, newest first, streamed (cursors are ignored: the
/// whole filter). A filter with problems is the Audit page saying them.
#[tracing::instrument(skip_all)]
pub async fn export(
    ui: Ui,
    session: Session,
    page: CustomerAdminPage,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let (form, _) = FilterForm::from_query(SCOPE, req.query_string());
    let filter = match parse(&form) {
        Ok(filter) => filter,
        Err(problems) => {
            let (who, loaded) = page
                .load(|conn, who| {
                    Ok(read::page(
                        conn,
                        who.caller(),
                        None,
                        Paging::Newest,
                        PER_PAGE,
                    )?)
                })
                .await?;
            let ctx = PageContext::admin(&ui, &who, &session, "activity")?;
            return render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &view(ctx, form, problems, loaded, false),
            );
        }
    };
    let t = Tr::new(ui.lang);
    let header = header_row(&t);
    csv::stream(page, "audit.csv", header, move |conn, who, send| {
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
