//! `/partner/customers/{customer_tenant_id}/gdap`: an admin agent asks the
//! customer for a granular delegated admin relationship. A form with
//! problems comes back with every one next to its field and what was typed;
//! a request made shows its approval link, once.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::app;
use crate::app::read;
use crate::domain::gdap::{
    AUTO_EXTEND_DAYS, DurationProblem, MAX_DAYS, MIN_DAYS, NewRelationship, Roles, parse_duration,
};
use crate::domain::{Customer, GdapId};
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::gdap::{RoleChoice, pairs_of, problem_message, role_choices, role_names, roles_of};
use crate::web::language::Ui;
use crate::web::partner::tenant_from_path;
use crate::web::{PageContext, State, render_status};

/// What the form holds, as typed.
#[derive(Debug, Clone)]
struct Typed {
    display_name: String,
    roles: Roles,
    duration: String,
    auto_extend: bool,
}

impl Default for Typed {
    fn default() -> Self {
        Self {
            display_name: String::new(),
            roles: Roles::NONE,
            duration: MAX_DAYS.to_string(),
            auto_extend: false,
        }
    }
}

/// Each field's problems, worded.
#[derive(Debug, Clone, Default)]
struct Problems {
    name: Vec<String>,
    roles: Vec<String>,
    duration: Vec<String>,
    auto_extend: Vec<String>,
}

impl Problems {
    fn is_empty(&self) -> bool {
        self.name.is_empty()
            && self.roles.is_empty()
            && self.duration.is_empty()
            && self.auto_extend.is_empty()
    }
}

#[derive(Template)]
#[template(path = "partner/gdap_request.html")]
struct FormPage {
    ctx: PageContext,
    customer: Customer,
    display_name: String,
    roles: Vec<RoleChoice>,
    duration: String,
    auto_extend: bool,
    /// Copied from this relationship's name.
    copied_from: Option<String>,
    problems: Problems,
    min_days: i64,
    max_days: i64,
    auto_extend_days: i64,
    can_manage: bool,
}

fn render_form(
    ui: &Ui,
    session: &Session,
    who: &PartnerUser,
    customer: Customer,
    typed: Typed,
    copied_from: Option<String>,
    codes: &[&str],
) -> Result<HttpResponse, AppError> {
    let ctx = PageContext::partner(ui, who, session, "customers")?;
    let mut problems = Problems::default();
    for code in codes {
        let words = problem_message(&ctx.t, code);
        match *code {
            "name_required" | "name_too_long" | "duplicate" => problems.name.push(words),
            "no_roles" | "unknown_role" => problems.roles.push(words),
            "duration_not_iso" | "duration_out_of_range" => problems.duration.push(words),
            _ => problems.auto_extend.push(words),
        }
    }
    let status = if problems.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = FormPage {
        roles: role_choices(&ctx.t, typed.roles),
        ctx,
        customer,
        display_name: typed.display_name,
        duration: typed.duration,
        auto_extend: typed.auto_extend,
        copied_from,
        problems,
        min_days: MIN_DAYS,
        max_days: MAX_DAYS,
        auto_extend_days: AUTO_EXTEND_DAYS,
        can_manage: who.user.is_admin_agent(),
    };
    render_status(status, &page)
}

#[derive(Debug, Deserialize)]
pub struct FromQuery {
    from: Option<String>,
}

/// `GET /partner/customers/{customer_tenant_id}/gdap`, prefilled from one of
/// the partner's relationships with `?from={gdap_id}`. One database hop.
#[tracing::instrument(skip_all)]
pub async fn form(
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
    query: web::Query<FromQuery>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path)?;
    // An id that is not one reads as nothing to copy.
    let from = query
        .from
        .as_deref()
        .and_then(|raw| GdapId::parse(raw).ok());
    let (who, (customer, copied)) = one_hop
        .load(move |conn, who| {
            Ok(read::gdap::request_form(
                conn,
                who.caller(),
                &customer,
                from.as_ref(),
            )?)
        })
        .await?;
    let (typed, copied_from) = match copied {
        Some(g) => (
            Typed {
                display_name: String::new(),
                roles: g.facts.roles,
                duration: g.duration_days.to_string(),
                auto_extend: g.facts.auto_extend,
            },
            Some(g.display_name),
        ),
        None => (Typed::default(), None),
    };
    render_form(&ui, &session, &who, customer, typed, copied_from, &[])
}

/// A duration as typed: days (`90`), or ISO 8601 (`P90D`, `P2W`, `P1Y`).
fn duration_of(raw: &str) -> Result<i64, DurationProblem> {
    let raw = raw.trim();
    if raw.starts_with(['P', 'p']) {
        return parse_duration(raw);
    }
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) || raw.len() > 6 {
        return Err(DurationProblem::NotIso);
    }
    let days: i64 = raw.parse().map_err(|_| DurationProblem::NotIso)?;
    if (MIN_DAYS..=MAX_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(DurationProblem::OutOfRange)
    }
}

/// What the POST came to.
enum Outcome {
    Made { id: GdapId, token: String },
    Refused(Vec<&'static str>),
}

#[derive(Template)]
#[template(path = "partner/gdap_requested.html")]
struct RequestedPage {
    ctx: PageContext,
    customer: Customer,
    id: String,
    link: String,
    display_name: String,
    roles: String,
    duration_days: i64,
}

/// `POST /partner/customers/{customer_tenant_id}/gdap`: checks every field
/// (422 with each problem), then asks; the answer shows the approval link
/// (200: the link is shown once, never put in a redirect). One hop.
#[tracing::instrument(skip_all)]
pub async fn submit(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path)?;
    let pairs = pairs_of(&body)?;
    let field = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (roles, unknown_role) = match roles_of(&pairs) {
        Ok(roles) => (roles, false),
        Err(known) => (known, true),
    };
    let typed = Typed {
        display_name: field("display_name"),
        roles,
        duration: field("duration_days"),
        auto_extend: !field("auto_extend").is_empty(),
    };
    let checked = NewRelationship::check(
        &typed.display_name,
        typed.roles,
        duration_of(&typed.duration),
        typed.auto_extend,
    );
    let now = state.now();
    let (who, (customer, outcome)) = one_hop
        .load(move |conn, who| {
            // Not the partner's customer: not found, whatever was typed.
            let (customer, _) = read::gdap::request_form(conn, who.caller(), &customer, None)?;
            if !who.user.is_admin_agent() {
                return Err(AppError::Forbidden);
            }
            let mut codes: Vec<&'static str> = match &checked {
                Ok(_) => Vec::new(),
                Err(problems) => problems.iter().map(|p| p.code()).collect(),
            };
            if unknown_role {
                codes.push("unknown_role");
            }
            let new = match checked {
                Ok(new) if codes.is_empty() => new,
                _ => return Ok((customer, Outcome::Refused(codes))),
            };
            let outcome =
                match app::gdap::request(conn, who.caller(), &customer.tenant_id, &new, now) {
                    Ok(made) => Outcome::Made {
                        id: made.id,
                        token: made.token,
                    },
                    Err(app::Error::Invalid {
                        problem: "duplicate",
                        ..
                    }) => Outcome::Refused(vec!["duplicate"]),
                    Err(e) => return Err(e.into()),
                };
            Ok((customer, outcome))
        })
        .await?;
    match outcome {
        Outcome::Refused(codes) => render_form(&ui, &session, &who, customer, typed, None, &codes),
        Outcome::Made { id, token } => {
            let ctx = PageContext::partner(&ui, &who, &session, "gdap")?;
            let page = RequestedPage {
                roles: role_names(&ctx.t, typed.roles),
                ctx,
                customer,
                id: id.to_string(),
                link: format!("{}/gdap/{token}", state.public_url),
                display_name: typed.display_name.trim().to_owned(),
                duration_days: duration_of(&typed.duration).unwrap_or_default(),
            };
            render_status(StatusCode::OK, &page)
        }
    }
}
