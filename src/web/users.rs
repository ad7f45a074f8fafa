//! Each organization manages its own people: partner admin agents under
//! /partner/users, customer admins under /admin/users. Helpdesk agents see
//! the list and change nothing. Every request makes one database hop.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::extract::{CustomerAdmin, OneHop, PartnerUser, SignedInAs};
use super::flash::Flash;
use super::form::choice;
use super::language::Ui;
use super::{PageContext, State, render_status, see_other};
use crate::app::read;
use crate::app::users::{self as accounts, AccountError};
use crate::domain::{Organization, Role, User};
use crate::error::AppError;

/// Who is managing which organization, from where.
pub struct Scope {
    organization: Organization,
    can_manage: bool,
    base: &'static str,
}

impl Scope {
    /// The roles this organization's users can have.
    fn roles(&self) -> Vec<Role> {
        match self.organization {
            Organization::Partner(_) => vec![Role::AdminAgent, Role::HelpdeskAgent],
            Organization::Customer(_) => vec![Role::CustomerAdmin],
        }
    }
}

/// A signed-in user who may see their organization's people.
pub trait Manages: SignedInAs {
    fn user(&self) -> &User;
    fn scope(&self) -> Scope;
    fn context(&self, ui: &Ui, session: &Session) -> Result<PageContext, AppError>;
}

impl Manages for PartnerUser {
    fn user(&self) -> &User {
        &self.user
    }

    fn scope(&self) -> Scope {
        Scope {
            organization: Organization::Partner(self.partner.tenant_id.clone()),
            can_manage: self.user.role == Role::AdminAgent,
            base: "/partner/users",
        }
    }

    fn context(&self, ui: &Ui, session: &Session) -> Result<PageContext, AppError> {
        PageContext::partner(ui, self, session, "users")
    }
}

impl Manages for CustomerAdmin {
    fn user(&self) -> &User {
        &self.user
    }

    fn scope(&self) -> Scope {
        Scope {
            organization: Organization::Customer(self.customer.tenant_id.clone()),
            can_manage: self.user.role == Role::CustomerAdmin,
            base: "/admin/users",
        }
    }

    fn context(&self, ui: &Ui, session: &Session) -> Result<PageContext, AppError> {
        PageContext::admin(ui, self, session, "users")
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

fn render_list(
    ctx: PageContext,
    me: &User,
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
        me: me.id,
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

fn render_show<W: Manages>(
    ctx: PageContext,
    who: &W,
    user: User,
    error: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let scope = who.scope();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = ShowPage {
        ctx,
        base: scope.base,
        is_me: user.id == who.user().id,
        user,
        can_manage: scope.can_manage,
        roles: scope.roles(),
        error,
    };
    render_status(status, &page)
}

#[derive(Debug, Deserialize)]
pub struct UpdateForm {
    #[serde(default, deserialize_with = "choice")]
    action: Option<MemberChange>,
    role: Option<String>,
}

/// What an admin does to someone of their organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberChange {
    /// A new link to choose a password.
    Link,
    /// A new role, named by the `role` field.
    Role,
    Disable,
    Enable,
}

fn user_id(raw: &str) -> Result<i32, AppError> {
    raw.parse::<i32>()
        .ok()
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

/// `GET /partner/users`, `GET /admin/users`.
pub async fn list<W: Manages>(
    ui: Ui,
    session: Session,
    one_hop: OneHop<W>,
) -> Result<HttpResponse, AppError> {
    let (who, users) = one_hop
        .load(|conn, who| Ok(read::users::list(conn, who.user())?))
        .await?;
    let ctx = who.context(&ui, &session)?;
    render_list(
        ctx,
        who.user(),
        who.scope(),
        users,
        AddForm::default(),
        None,
    )
}

/// What adding someone did, in the request's one hop.
enum Added {
    Invited {
        id: i32,
        token: String,
    },
    /// The list again, with what is wrong with the form.
    Refused(&'static str, Vec<User>),
}

/// `POST /partner/users`, `POST /admin/users`: invites someone, whose link
/// to choose a password is shown once.
pub async fn add<W: Manages>(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: OneHop<W>,
    form: web::Form<AddForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.into_inner();
    let (typed, now) = (form.clone(), state.now());
    let (who, added) = one_hop
        .load(move |conn, who| {
            let scope = who.scope();
            if !scope.can_manage {
                return Err(AppError::Forbidden);
            }
            let refused = |conn: &mut crate::db::DbConn, code| {
                Ok(Added::Refused(code, read::users::list(conn, who.user())?))
            };
            let role = Role::parse(typed.role.trim()).filter(|r| scope.roles().contains(r));
            let Some(role) = role else {
                return refused(conn, "bad_role");
            };
            match accounts::invite(conn, who.user(), &typed.email, &typed.name, role, now) {
                Ok((id, token)) => Ok(Added::Invited { id, token }),
                Err(AccountError::Database(e)) => Err(e.into()),
                Err(AccountError::Forbidden) => Err(AppError::Forbidden),
                Err(e) => refused(conn, e.code()),
            }
        })
        .await?;
    let scope = who.scope();
    match added {
        Added::Invited { id, token } => {
            let link = link(&state, &token);
            Flash::UserInvited { link }.set(&session);
            Ok(see_other(&format!("{}/{id}", scope.base)))
        }
        Added::Refused(code, users) => {
            let ctx = who.context(&ui, &session)?;
            render_list(ctx, who.user(), scope, users, form, Some(code))
        }
    }
}

/// `GET /partner/users/{user_id}`, `GET /admin/users/{user_id}`.
pub async fn show<W: Manages>(
    ui: Ui,
    session: Session,
    one_hop: OneHop<W>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = user_id(&path)?;
    let (who, user) = one_hop
        .load(move |conn, who| Ok(read::users::member(conn, who.user(), id)?))
        .await?;
    let ctx = who.context(&ui, &session)?;
    render_show(ctx, &who, user, None)
}

/// What a change to someone did, in the request's one hop.
enum Updated {
    Link(String),
    Saved(String),
    /// The page again, with what is wrong.
    Refused(&'static str, User),
}

/// `POST /partner/users/{user_id}`, `POST /admin/users/{user_id}` with
/// `action` = `link`, `role` (and `role`), `disable` or `enable`.
pub async fn update<W: Manages>(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: OneHop<W>,
    path: web::Path<String>,
    form: web::Form<UpdateForm>,
) -> Result<HttpResponse, AppError> {
    let user_id = user_id(&path)?;
    let (form, now) = (form.into_inner(), state.now());
    let (who, updated) = one_hop
        .load(move |conn, who| {
            let user = read::users::member(conn, who.user(), user_id)?;
            let scope = who.scope();
            if !scope.can_manage {
                return Err(AppError::Forbidden);
            }
            let (role, disabled) = match form.action {
                Some(MemberChange::Link) => {
                    return match accounts::new_link(conn, who.user(), user_id, now) {
                        Ok(token) => Ok(Updated::Link(token)),
                        Err(AccountError::NotInOrganization) => Err(AppError::NotFound),
                        Err(AccountError::Forbidden) => Err(AppError::Forbidden),
                        Err(AccountError::Database(e)) => Err(e.into()),
                        Err(other) => Err(AppError::internal(other)),
                    };
                }
                Some(MemberChange::Role) => {
                    let roles = scope.roles();
                    match form
                        .role
                        .as_deref()
                        .and_then(Role::parse)
                        .filter(|r| roles.contains(r))
                    {
                        Some(role) => (role, user.disabled),
                        None => return Ok(Updated::Refused("bad_role", user)),
                    }
                }
                Some(MemberChange::Disable) => (user.role, true),
                Some(MemberChange::Enable) => (user.role, false),
                None => return Err(AppError::BadRequest),
            };
            match accounts::update_member(conn, who.user(), user_id, role, disabled, now) {
                Ok(()) => Ok(Updated::Saved(user.display_name)),
                Err(AccountError::NotInOrganization) => Err(AppError::NotFound),
                Err(AccountError::Forbidden) => Err(AppError::Forbidden),
                Err(AccountError::Database(e)) => Err(e.into()),
                Err(e) => {
                    let user = read::users::member(conn, who.user(), user_id)?;
                    Ok(Updated::Refused(e.code(), user))
                }
            }
        })
        .await?;
    let here = format!("{}/{user_id}", who.scope().base);
    match updated {
        Updated::Link(token) => {
            let link = link(&state, &token);
            Flash::LinkIssued { link }.set(&session);
            Ok(see_other(&here))
        }
        Updated::Saved(name) => {
            Flash::UserUpdated { name }.set(&session);
            Ok(see_other(&here))
        }
        Updated::Refused(code, user) => {
            let ctx = who.context(&ui, &session)?;
            render_show(ctx, &who, user, Some(code))
        }
    }
}
