//! `/gdap/{token}`: a customer admin opens the link a partner sent, sees
//! what the partner asks for in plain words, and approves or declines it.
//! Signed out: sign in first (and come back here). Anyone else, or a link
//! that is used, lapsed or for another organization: a page that says so,
//! and nothing changes.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::{Duration, NaiveDateTime};
use serde::Deserialize;

use super::{RoleWords, role_words};
use crate::app;
use crate::app::gdap::Answer;
use crate::app::gdap::Relationship as Gdap;
use crate::app::read;
use crate::app::session::{Org, SignedIn};
use crate::domain::Partner;
use crate::domain::gdap::{AUTO_EXTEND_DAYS, Status};
use crate::error::AppError;
use crate::web::extract::{CustomerAdmin, OneHop, PartnerUser, SignedInAs};
use crate::web::flash::Flash;
use crate::web::form::choice;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render_status, see_other};

/// Who opened the link.
pub enum Viewer {
    Customer(CustomerAdmin),
    Partner(PartnerUser),
}

impl SignedInAs for Viewer {
    fn from_signed_in(who: SignedIn) -> Result<Self, AppError> {
        match who.organization {
            Org::Partner(_) => {
                <PartnerUser as SignedInAs>::from_signed_in(who).map(Viewer::Partner)
            }
            Org::Customer(_) => {
                <CustomerAdmin as SignedInAs>::from_signed_in(who).map(Viewer::Customer)
            }
        }
    }
}

impl Viewer {
    fn context(&self, ui: &Ui, session: &Session) -> Result<PageContext, AppError> {
        match self {
            Viewer::Customer(who) => PageContext::admin(ui, who, session, "partners"),
            Viewer::Partner(who) => PageContext::partner(ui, who, session, ""),
        }
    }
}

/// What the link leads to.
enum Found {
    /// Awaiting the answer of this customer.
    Open(Box<Gdap>, Partner),
    /// Unanswered for 90 days.
    Lapsed(Box<Gdap>, Partner),
    /// Unknown, or answered already.
    NotValid,
    /// For another customer.
    OtherOrganization,
    /// Open, but the viewer is a partner user.
    CustomersOnly,
}

impl Found {
    fn status(&self) -> StatusCode {
        match self {
            Found::Open(..) => StatusCode::OK,
            Found::Lapsed(..) => StatusCode::GONE,
            Found::NotValid => StatusCode::NOT_FOUND,
            Found::OtherOrganization | Found::CustomersOnly => StatusCode::FORBIDDEN,
        }
    }
}

/// The link as `viewer` may see it, at `now`.
fn find(
    conn: &mut crate::db::DbConn,
    viewer: &Viewer,
    token: &str,
    now: NaiveDateTime,
) -> Result<Found, AppError> {
    let who = match viewer {
        Viewer::Partner(_) => {
            return Ok(if read::gdap::link_is_open(conn, token)? {
                Found::CustomersOnly
            } else {
                Found::NotValid
            });
        }
        Viewer::Customer(who) => who,
    };
    match read::gdap::link(conn, who.caller(), token) {
        Ok((gdap, partner)) if gdap.facts.status_at(now) == Status::ApprovalPending => {
            Ok(Found::Open(Box::new(gdap), partner))
        }
        Ok((gdap, partner)) => Ok(Found::Lapsed(Box::new(gdap), partner)),
        Err(app::Error::NotFound) => Ok(Found::NotValid),
        Err(app::Error::Invalid { field: "link", .. }) => Ok(Found::OtherOrganization),
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "gdap/link.html")]
struct LinkPage {
    ctx: PageContext,
    token: String,
    /// "open", "lapsed", "not_valid", "other_organization", "customers_only".
    state: &'static str,
    partner: Option<Partner>,
    gdap: Option<Gdap>,
    roles: Vec<RoleWords>,
    /// The end date it would have if approved now.
    end_if_approved: Option<NaiveDateTime>,
    auto_extend_days: i64,
    can_answer: bool,
}

fn render(
    ui: &Ui,
    session: &Session,
    viewer: &Viewer,
    token: String,
    found: Found,
    now: NaiveDateTime,
) -> Result<HttpResponse, AppError> {
    let ctx = viewer.context(ui, session)?;
    let status = found.status();
    let (state, gdap, partner) = match found {
        Found::Open(g, p) => ("open", Some(*g), Some(p)),
        Found::Lapsed(g, p) => ("lapsed", Some(*g), Some(p)),
        Found::NotValid => ("not_valid", None, None),
        Found::OtherOrganization => ("other_organization", None, None),
        Found::CustomersOnly => ("customers_only", None, None),
    };
    let roles = gdap
        .as_ref()
        .map(|g| role_words(&ctx.t, g.facts.roles))
        .unwrap_or_default();
    let end_if_approved = gdap.as_ref().map(|g| now + Duration::days(g.duration_days));
    let page = LinkPage {
        can_answer: state == "open" && matches!(viewer, Viewer::Customer(_)),
        ctx,
        token,
        state,
        partner,
        gdap,
        roles,
        end_if_approved,
        auto_extend_days: AUTO_EXTEND_DAYS,
    };
    render_status(status, &page)
}

/// `GET /gdap/{token}`: one database hop, the session check included.
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: OneHop<Viewer>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let (t, now) = (token.clone(), state.now());
    let (viewer, found) = one_hop
        .load(move |conn, viewer| find(conn, viewer, &t, now))
        .await?;
    render(&ui, &session, &viewer, token, found, now)
}

#[derive(Debug, Deserialize)]
pub struct AnswerForm {
    #[serde(default, deserialize_with = "choice")]
    action: Option<LinkAction>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkAction {
    Approve,
    Decline,
}

/// What answering did.
enum Answered {
    Done { partner: String, approved: bool },
    Page(Found),
}

/// `POST /gdap/{token}` with `action=approve|decline`, as a customer admin.
/// The session check and the answer share one database hop.
pub async fn answer(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: OneHop<Viewer>,
    path: web::Path<String>,
    form: web::Form<AnswerForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let action = form.action;
    let (t, now) = (token.clone(), state.now());
    let (viewer, answered) = one_hop
        .load(move |conn, viewer| {
            let who = match (viewer, action) {
                (Viewer::Customer(who), Some(_)) => who,
                // Not found before a bad request: the link is looked up first.
                _ => {
                    let found = find(conn, viewer, &t, now)?;
                    if matches!(found, Found::Open(..)) {
                        return Err(AppError::BadRequest);
                    }
                    return Ok(Answered::Page(found));
                }
            };
            let approved = action == Some(LinkAction::Approve);
            let answer = if approved {
                Answer::Approve
            } else {
                Answer::Decline
            };
            match app::gdap::answer(conn, who.caller(), &t, answer, now) {
                Ok(gdap) => {
                    let names = read::partner_names(conn, [gdap.partner.to_string()])?;
                    let partner = names
                        .get(gdap.partner.as_str())
                        .map(|p| p.name.clone())
                        .unwrap_or_default();
                    Ok(Answered::Done { partner, approved })
                }
                Err(app::Error::NotFound) => Ok(Answered::Page(Found::NotValid)),
                Err(app::Error::Invalid { problem, .. }) => Ok(Answered::Page(match problem {
                    "other_customer" => Found::OtherOrganization,
                    "used" => Found::NotValid,
                    _ => find(conn, viewer, &t, now)?,
                })),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    match answered {
        Answered::Done { partner, approved } => {
            if approved {
                Flash::GdapApproved { partner }
            } else {
                Flash::GdapDeclined { partner }
            }
            .set(&session);
            Ok(see_other("/admin/partners"))
        }
        Answered::Page(found) => render(&ui, &session, &viewer, token, found, now),
    }
}
