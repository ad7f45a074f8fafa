//! Each organization manages its own people: partner admin agents under
//! /partner/users, customer admins under /admin/users. Helpdesk agents see
//! the list and change nothing.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::extract::{CustomerAdmin, CustomerAdminPage, PartnerPage, PartnerUser};
use super::language::Ui;
use super::session::set_flash;
use super::{PageContext, State, render_status, see_other};
use crate::app::users::{self as accounts, AccountError};
use crate::domain::{Organization, Role, User};
use crate::error::AppError;
use crate::store;

/// Who is managing which organization, from where.
struct Scope {
    organization: Organization,
    actor: User,
    can_manage: bool,
    base: &'static str,
}

impl Scope {
    fn partner(who: &PartnerUser) -> Self {
        Self {
            organization: Organization::Partner(who.partner.tenant_id.clone()),
            can_manage: who.user.role == Role::AdminAgent,
            actor: who.user.clone(),
            base: "/partner/users",
        }
    }

    fn customer(who: &CustomerAdmin) -> Self {
        Self {
            organization: Organization::Customer(who.customer.tenant_id.clone()),
            can_manage: who.user.role == Role::CustomerAdmin,
            actor: who.user.clone(),
            base: "/admin/users",
        }
    }

    /// The roles this organization's users can have.
    fn roles(&self) -> Vec<Role> {
        match self.organization {
            Organization::Partner(_) => vec![Role::AdminAgent, Role::HelpdeskAgent],
            Organization::Customer(_) => vec![Role::CustomerAdmin],
        }
    }
}

#[derive(Template)]
#[template(path = "users/list.html")]
struct ListPage {
    ctx: PageContext,
    base: &'static str,
    users: Vec<User>,
    me: i32,
    can_manage: bool,
    roles: Vec<Role>,
    form: AddForm,
    error: Option<&'static str>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
}

impl ListPage {
    fn role_selected(&self, role: &Role) -> bool {
        self.form.role == role.as_str()
    }
}

async fn list(
    state: &State,
    ctx: PageContext,
    scope: Scope,
    form: AddForm,
    error: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let organization = scope.organization.clone();
    let users = state
        .db(move |conn| Ok(store::users::list_in_organization(conn, &organization)?))
        .await?;
    render_list(ctx, scope, users, form, error)
}

fn render_list(
    ctx: PageContext,
    scope: Scope,
    users: Vec<User>,
    form: AddForm,
    error: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ListPage {
        ctx,
        base: scope.base,
        users,
        me: scope.actor.id,
        can_manage: scope.can_manage,
        roles: scope.roles(),
        form,
        error,
    };
    render_status(status, &page)
}

fn link(state: &State, token: &str) -> String {
    format!("{}/set-password/{token}", state.public_url)
}

async fn add(
    state: &State,
    session: &Session,
    ctx: PageContext,
    scope: Scope,
    form: AddForm,
) -> Result<HttpResponse, AppError> {
    if !scope.can_manage {
        return Err(AppError::Forbidden);
    }
    let roles = scope.roles();
    let Some(role) = Role::parse(form.role.trim()).filter(|r| roles.contains(r)) else {
        return list(state, ctx, scope, form, Some("bad_role")).await;
    };
    let (manager, now) = (scope.actor.clone(), state.now());
    let (email, name) = (form.email.clone(), form.name.clone());
    let outcome = state
        .db(move |conn| Ok(accounts::invite(conn, &manager, &email, &name, role, now)))
        .await?;
    match outcome {
        Ok((id, token)) => {
            set_flash(session, "user_invited", &link(state, &token));
            Ok(see_other(&format!("{}/{id}", scope.base)))
        }
        Err(AccountError::Database(e)) => Err(e.into()),
        Err(AccountError::Forbidden) => Err(AppError::Forbidden),
        Err(e) => list(state, ctx, scope, form, Some(e.code())).await,
    }
}

#[derive(Template)]
#[template(path = "users/show.html")]
struct ShowPage {
    ctx: PageContext,
    base: &'static str,
    user: User,
    is_me: bool,
    can_manage: bool,
    roles: Vec<Role>,
    error: Option<&'static str>,
}

async fn show(
    state: &State,
    ctx: PageContext,
    scope: Scope,
    user_id: i32,
    error: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let organization = scope.organization.clone();
    let user = state
        .db(move |conn| {
            Ok(store::users::get_in_organization(
                conn,
                &organization,
                user_id,
            )?)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ShowPage {
        ctx,
        base: scope.base,
        is_me: user.id == scope.actor.id,
        user,
        can_manage: scope.can_manage,
        roles: scope.roles(),
        error,
    };
    render_status(status, &page)
}

#[derive(Debug, Deserialize)]
pub struct UpdateForm {
    action: Option<String>,
    role: Option<String>,
}

async fn update(
    state: &State,
    session: &Session,
    ctx: PageContext,
    scope: Scope,
    user_id: i32,
    form: UpdateForm,
) -> Result<HttpResponse, AppError> {
    let organization = scope.organization.clone();
    let user = state
        .db(move |conn| {
            Ok(store::users::get_in_organization(
                conn,
                &organization,
                user_id,
            )?)
        })
        .await?
        .ok_or(AppError::NotFound)?;
    if !scope.can_manage {
        return Err(AppError::Forbidden);
    }
    let (manager, now) = (scope.actor.clone(), state.now());
    let here = format!("{}/{user_id}", scope.base);
    let (role, disabled) = match form.action.as_deref() {
        Some("link") => {
            let token = state
                .db(move |conn| Ok(accounts::new_link(conn, &manager, user_id, now)))
                .await?
                .map_err(|e| match e {
                    AccountError::NotInOrganization => AppError::NotFound,
                    AccountError::Forbidden => AppError::Forbidden,
                    other => AppError::internal(other),
                })?;
            set_flash(session, "link_issued", &link(state, &token));
            return Ok(see_other(&here));
        }
        Some("role") => {
            let roles = scope.roles();
            match form
                .role
                .as_deref()
                .and_then(Role::parse)
                .filter(|r| roles.contains(r))
            {
                Some(role) => (role, user.disabled),
                None => return show(state, ctx, scope, user_id, Some("bad_role")).await,
            }
        }
        Some("disable") => (user.role, true),
        Some("enable") => (user.role, false),
        _ => return Err(AppError::BadRequest),
    };
    let outcome = state
        .db(move |conn| {
            Ok(accounts::update_member(
                conn, &manager, user_id, role, disabled, now,
            ))
        })
        .await?;
    match outcome {
        Ok(()) => {
            set_flash(session, "user_updated", &user.display_name);
            Ok(see_other(&here))
        }
        Err(AccountError::NotInOrganization) => Err(AppError::NotFound),
        Err(AccountError::Forbidden) => Err(AppError::Forbidden),
        Err(AccountError::Database(e)) => Err(e.into()),
        Err(e) => show(state, ctx, scope, user_id, Some(e.code())).await,
    }
}

fn user_id(raw: &str) -> Result<i32, AppError> {
    raw.parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

/// One database hop, the session check included.
pub async fn partner_list(
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
) -> Result<HttpResponse, AppError> {
    let (who, users) = one_hop
        .load(|conn, who| {
            let organization = Organization::Partner(who.partner.tenant_id.clone());
            Ok(store::users::list_in_organization(conn, &organization)?)
        })
        .await?;
    let ctx = PageContext::partner(&ui, &who, &session, "users")?;
    render_list(ctx, Scope::partner(&who), users, AddForm::default(), None)
}

pub async fn partner_add(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    form: web::Form<AddForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageContext::partner(&ui, &who, &session, "users")?;
    add(
        &state,
        &session,
        ctx,
        Scope::partner(&who),
        form.into_inner(),
    )
    .await
}

pub async fn partner_show(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = user_id(&path)?;
    let ctx = PageContext::partner(&ui, &who, &session, "users")?;
    show(&state, ctx, Scope::partner(&who), id, None).await
}

pub async fn partner_update(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
    form: web::Form<UpdateForm>,
) -> Result<HttpResponse, AppError> {
    let id = user_id(&path)?;
    let ctx = PageContext::partner(&ui, &who, &session, "users")?;
    update(
        &state,
        &session,
        ctx,
        Scope::partner(&who),
        id,
        form.into_inner(),
    )
    .await
}

/// One database hop, the session check included.
pub async fn admin_list(
    ui: Ui,
    session: Session,
    one_hop: CustomerAdminPage,
) -> Result<HttpResponse, AppError> {
    let (who, users) = one_hop
        .load(|conn, who| {
            let organization = Organization::Customer(who.customer.tenant_id.clone());
            Ok(store::users::list_in_organization(conn, &organization)?)
        })
        .await?;
    let ctx = PageContext::admin(&ui, &who, &session, "users")?;
    render_list(ctx, Scope::customer(&who), users, AddForm::default(), None)
}

pub async fn admin_add(
    state: State,
    ui: Ui,
    session: Session,
    who: CustomerAdmin,
    form: web::Form<AddForm>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageContext::admin(&ui, &who, &session, "users")?;
    add(
        &state,
        &session,
        ctx,
        Scope::customer(&who),
        form.into_inner(),
    )
    .await
}

pub async fn admin_show(
    state: State,
    ui: Ui,
    session: Session,
    who: CustomerAdmin,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = user_id(&path)?;
    let ctx = PageContext::admin(&ui, &who, &session, "users")?;
    show(&state, ctx, Scope::customer(&who), id, None).await
}

pub async fn admin_update(
    state: State,
    ui: Ui,
    session: Session,
    who: CustomerAdmin,
    path: web::Path<String>,
    form: web::Form<UpdateForm>,
) -> Result<HttpResponse, AppError> {
    let id = user_id(&path)?;
    let ctx = PageContext::admin(&ui, &who, &session, "users")?;
    update(
        &state,
        &session,
        ctx,
        Scope::customer(&who),
        id,
        form.into_inner(),
    )
    .await
}
