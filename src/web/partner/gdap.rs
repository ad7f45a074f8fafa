//! `/partner/gdap`: the partner's granular delegated admin relationships,
//! the roles a provider requires of its resellers' ones, and one
//! relationship with the way to terminate it.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::NaiveDateTime;
use serde::Deserialize;

use crate::app;
use crate::app::gdap::Side;
use crate::app::read;
use crate::app::read::gdap::One;
use crate::domain::gdap::{Role, Roles, Status};
use crate::domain::relationship::Reversion;
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::flash::Flash;
use crate::web::gdap::{
    RoleChoice, RoleWords, Row, end_reason, id_from_path, role_choices, role_words, rows,
    status_class, status_label,
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
    let required_words = found
        .required
        .map(|roles| crate::web::gdap::role_names(&ctx.t, roles));
    let page = ListPage {
        ctx,
        rows,
        expiring,
        pending,
        capped: found.capped,
        limit: read::gdap::LIST_LIMIT,
        required_form,
        required_words,
    };
    render_status(StatusCode::OK, &page)
}

/// The `role` fields of a form (repeated, each a slug); an unknown one is
/// returned as `Err` with the roles that were known.
pub fn roles_of(pairs: &[(String, String)]) -> Result<Roles, Roles> {
    let mut known = Roles::NONE;
    let mut unknown = false;
    for (_, value) in pairs.iter().filter(|(k, _)| k == "role") {
        match Role::parse(value) {
            Some(role) => known = known.with(role),
            None => unknown = true,
        }
    }
    if unknown { Err(known) } else { Ok(known) }
}

pub fn pairs_of(body: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    serde_urlencoded::from_bytes(body).map_err(|_| AppError::BadRequest)
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

/// A subscription that would go back, as the confirmation lists it.
pub struct Going {
    pub customer: String,
    pub id: String,
    pub name: String,
}

pub fn going(reversions: &[Reversion]) -> Vec<Going> {
    reversions
        .iter()
        .map(|r| Going {
            customer: r.subscription.customer.to_string(),
            id: r.subscription.id.to_string(),
            name: r.subscription.friendly_name.clone(),
        })
        .collect()
}

/// One relationship as its page shows it, to either side.
pub struct Shown {
    pub id: String,
    pub customer_id: String,
    pub customer: String,
    pub partner: String,
    pub partner_mpn: String,
    pub display_name: String,
    pub roles: Vec<RoleWords>,
    pub status_label: String,
    pub status_class: &'static str,
    pub created_at: NaiveDateTime,
    pub activated_at: Option<NaiveDateTime>,
    pub end_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
    pub ended_how: Option<String>,
    pub duration_days: i64,
    pub auto_extend: bool,
    pub live: bool,
    pub going: Vec<Going>,
}

pub fn shown(t: &crate::i18n::Tr, one: One) -> Shown {
    let g = one.gdap;
    Shown {
        id: g.id.to_string(),
        customer_id: one.customer.tenant_id.to_string(),
        customer: one.customer.company_name,
        partner: one.partner.name,
        partner_mpn: one.partner.mpn_id,
        roles: role_words(t, g.facts.roles),
        status_label: status_label(t, one.status),
        status_class: status_class(one.status),
        created_at: g.facts.created_at,
        activated_at: g.activated_at,
        end_at: g.facts.end_at,
        ended_at: g.facts.ended_at,
        ended_how: g.end_reason.as_deref().map(|r| end_reason(t, r)),
        duration_days: g.duration_days,
        auto_extend: g.facts.auto_extend,
        live: one.live,
        going: going(&one.would_revert),
        display_name: g.display_name,
    }
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

#[derive(Debug, Deserialize)]
pub struct TerminateForm {
    #[serde(default)]
    confirmed: String,
}

impl TerminateForm {
    pub fn is_confirmed(&self) -> bool {
        self.confirmed.trim() == "yes"
    }
}

/// What a terminate form did.
pub enum Terminated {
    Done {
        name: String,
        reverted: usize,
    },
    AlreadyEnded,
    /// Not confirmed: the confirmation again.
    Ask(Box<One>),
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
