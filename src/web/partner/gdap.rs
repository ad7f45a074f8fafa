//! `/partner/gdap`: the partner's granular delegated admin relationships,
//! the roles a provider requires of its resellers' ones, and one
//! relationship with the way to terminate it.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::app;
use crate::app::gdap::Side;
use crate::app::read;
use crate::app::read::gdap::One;
use crate::domain::gdap::Status;
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::flash::Flash;
use crate::web::gdap::{
    RoleChoice, Row, Shown, TerminateForm, Terminated, id_from_path, pairs_of, role_choices,
    role_names, roles_of, rows, shown,
};
use crate::web::language::Ui;
use crate::web::{PageContext, State, render_status, see_other};

const PATH: &str = "/partner/gdap";

#[derive(Template)]
#[template(path = "partner/gdap_list.html")]
struct ListPage {
    ctx: PageContext,
    rows: Vec<Row>,
    expiring: Vec<Row>,
    pending: Vec<Row>,
    capped: bool,
    limit: i64,
    /// A provider's admin: the required roles as a form.
    required_form: Option<Vec<RoleChoice>>,
    /// A provider: the roles it requires, in words (empty: any role).
    required_words: Option<String>,
    /// Active relationships short of the roles a provider requires.
    short: Vec<ShortRow>,
    /// The caller is a provider: the short ones are its resellers'.
    is_provider: bool,
}

/// A relationship short of a provider's required roles, as listed.
struct ShortRow {
    id: String,
    display_name: String,
    customer: String,
    customer_id: String,
    reseller: String,
    reseller_id: String,
    provider: String,
    roles: String,
    required: String,
    end_at: Option<chrono::NaiveDateTime>,
}

fn short_rows(t: &crate::i18n::Tr, short: Vec<read::gdap::Short>) -> Vec<ShortRow> {
    short
        .into_iter()
        .map(|s| ShortRow {
            id: s.listed.gdap.id.to_string(),
            customer_id: s.listed.gdap.customer.to_string(),
            roles: role_names(t, s.listed.gdap.facts.roles),
            required: role_names(t, s.required),
            end_at: s.listed.gdap.facts.end_at,
            display_name: s.listed.gdap.display_name,
            customer: s.listed.other,
            reseller_id: s.reseller.tenant_id.to_string(),
            reseller: s.reseller.name,
            provider: s.provider.name,
        })
        .collect()
}

/// `GET /partner/gdap`: one database hop, the session check included.
#[tracing::instrument(skip_all)]
pub async fn list(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let (who, found) = one_hop
        .load(move |conn, who| Ok(read::gdap::partner_list(conn, who.caller(), now)?))
        .await?;
    let ctx = PageContext::partner(&ui, &who, &session, "gdap")?;
    let rows = rows(&ctx.t, found.rows);
    let pick = |status: Status| -> Vec<Row> {
        rows.iter()
            .filter(|r| r.status == status)
            .cloned()
            .collect()
    };
    let (expiring, pending) = (pick(Status::Expiring), pick(Status::ApprovalPending));
    let required_form = found
        .required
        .filter(|_| who.user.is_admin_agent())
        .map(|roles| role_choices(&ctx.t, roles));
    let required_words = found.required.map(|roles| role_names(&ctx.t, roles));
    let short = short_rows(&ctx.t, found.short);
    let is_provider = found.required.is_some();
    let page = ListPage {
        ctx,
        rows,
        expiring,
        pending,
        capped: found.capped,
        limit: read::gdap::LIST_LIMIT,
        required_form,
        required_words,
        short,
        is_provider,
    };
    render_status(StatusCode::OK, &page)
}

/// `POST /partner/gdap/required-roles`: a provider's admin sets the roles
/// it requires (`role`, repeated; none: any role will do). Contacts that
/// stop being eligible go back to the provider; the flash says how many.
#[tracing::instrument(skip_all)]
pub async fn require_roles(
    state: State,
    session: Session,
    one_hop: PartnerPage,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let roles = roles_of(&pairs_of(&body)?).map_err(|_| AppError::BadRequest)?;
    let now = state.now();
    let (_, reverted) = one_hop
        .load(move |conn, who| Ok(app::gdap::require_roles(conn, who.caller(), roles, now)?))
        .await?;
    Flash::GdapRolesRequired { reverted }.set(&session);
    Ok(see_other(PATH))
}

#[derive(Template)]
#[template(path = "partner/gdap.html")]
struct OnePage {
    ctx: PageContext,
    gdap: Shown,
    can_manage: bool,
    /// The confirmation was sent without `confirmed=yes`: it shows open.
    asked: bool,
}

fn render_one(
    ui: &Ui,
    session: &Session,
    who: &PartnerUser,
    one: One,
    asked: bool,
) -> Result<HttpResponse, AppError> {
    let ctx = PageContext::partner(ui, who, session, "gdap")?;
    let page = OnePage {
        gdap: shown(&ctx.t, one),
        ctx,
        can_manage: who.user.is_admin_agent(),
        asked,
    };
    render_status(StatusCode::OK, &page)
}

/// `GET /partner/gdap/{gdap_id}`: one database hop, the session check included.
#[tracing::instrument(skip_all)]
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id_from_path(&path)?;
    let now = state.now();
    let (who, one) = one_hop
        .load(move |conn, who| Ok(read::gdap::partner_one(conn, who.caller(), &id, now)?))
        .await?;
    render_one(&ui, &session, &who, one, false)
}

/// `POST /partner/gdap/{gdap_id}/terminate` with `confirmed=yes`: an admin
/// agent terminates it (or withdraws the request); without the
/// confirmation, the page again and nothing changes.
#[tracing::instrument(skip_all)]
pub async fn terminate(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
    form: web::Form<TerminateForm>,
) -> Result<HttpResponse, AppError> {
    let id = id_from_path(&path)?;
    let here = format!("{PATH}/{id}");
    let confirmed = form.is_confirmed();
    let now = state.now();
    let (who, done) = one_hop
        .load(move |conn, who| {
            if !confirmed {
                let one = read::gdap::partner_one(conn, who.caller(), &id, now)?;
                return Ok(Terminated::Ask(Box::new(one)));
            }
            match app::gdap::terminate(conn, Side::Partner(who.caller()), &id, now) {
                Ok((gdap, reverted)) => Ok(Terminated::Done {
                    name: gdap.display_name,
                    reverted: reverted.len(),
                }),
                Err(app::Error::Invalid { .. }) => Ok(Terminated::AlreadyEnded),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    match done {
        Terminated::Done { name, reverted } => {
            Flash::GdapTerminated { name, reverted }.set(&session);
            Ok(see_other(&here))
        }
        Terminated::AlreadyEnded => {
            Flash::GdapAlreadyEnded.set(&session);
            Ok(see_other(&here))
        }
        Terminated::Ask(one) => render_one(&ui, &session, &who, *one, true),
    }
}
