//! A user's own password: changed when signed in (current password
//! required), or set through a one-time link from an admin.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::extract::{OneHop, SignedIn};
use super::flash::Flash;
use super::language::Ui;
use super::session::SESSION_EPOCH;
use super::{Area, PageContext, State, render_status, see_other};
use crate::app::read;
use crate::app::users::{self as accounts, AccountError};
use crate::domain::Organization;
use crate::error::AppError;

#[derive(Template)]
#[template(path = "account/password.html")]
struct ChangePage {
    ctx: PageContext,
    error: Option<&'static str>,
}

fn context(
    ui: &Ui,
    session: &Session,
    user: &crate::domain::User,
) -> Result<PageContext, AppError> {
    let mut ctx = PageContext::signed_out(ui, session)?;
    ctx.area = match user.organization {
        Organization::Partner(_) => Area::Partner,
        Organization::Customer(_) => Area::Admin,
    };
    ctx.user_name = user.display_name.clone();
    ctx.current = "account";
    Ok(ctx)
}

pub async fn form(ui: Ui, session: Session, who: SignedIn) -> Result<HttpResponse, AppError> {
    let page = ChangePage {
        ctx: context(&ui, &session, &who.0)?,
        error: None,
    };
    render_status(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn change(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: OneHop<SignedIn>,
    form: web::Form<ChangeForm>,
) -> Result<HttpResponse, AppError> {
    // The session check and the stored hash in one hop; the new password
    // is saved in a second, after the hash is checked off the pool.
    let (who, stored) = one_hop
        .load(|conn, who| Ok(read::account::own_password_hash(conn, &who.0)?))
        .await?;
    let user = who.0;
    let ChangeForm {
        current,
        password,
        confirm,
    } = form.into_inner();
    let refuse = |code: &'static str| {
        let page = ChangePage {
            ctx: context(&ui, &session, &user)?,
            error: Some(code),
        };
        render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    };
    if password != confirm {
        return refuse("mismatch");
    }
    let id = user.id;
    let current_ok = state.verifier.verify(stored, current).await;
    let now = state.now();
    let outcome = state
        .db(move |conn| {
            Ok(accounts::change_own_password(
                conn, id, current_ok, &password, now,
            ))
        })
        .await?;
    match outcome {
        Ok(epoch) => {
            // Every other session of this user ends; this one goes on.
            session.renew();
            session
                .insert(SESSION_EPOCH, epoch)
                .map_err(AppError::internal)?;
            Flash::PasswordChanged.set(&session);
            Ok(see_other("/"))
        }
        Err(AccountError::Database(e)) => Err(e.into()),
        Err(e) => refuse(e.code()),
    }
}

#[derive(Template)]
#[template(path = "account/set_password.html")]
struct SetPage {
    ctx: PageContext,
    token: String,
    valid: bool,
    email: String,
    error: Option<&'static str>,
}

async fn set_page(
    state: &State,
    ui: &Ui,
    session: &Session,
    token: String,
    error: Option<&'static str>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let lookup = token.clone();
    let user = state
        .db(move |conn| Ok(read::account::link_user(conn, &lookup, now)?))
        .await?;
    let status = match (&user, error) {
        (None, _) => StatusCode::NOT_FOUND,
        (Some(_), Some(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        (Some(_), None) => StatusCode::OK,
    };
    let page = SetPage {
        ctx: PageContext::signed_out(ui, session)?,
        valid: user.is_some(),
        email: user.map(|u| u.email).unwrap_or_default(),
        token,
        error,
    };
    render_status(status, &page)
}

/// `GET /set-password/{token}`: no sign-in; the link is the proof.
pub async fn set_form(
    state: State,
    ui: Ui,
    session: Session,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    set_page(&state, &ui, &session, path.into_inner(), None).await
}

#[derive(Deserialize)]
pub struct SetForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

pub async fn set_submit(
    state: State,
    ui: Ui,
    session: Session,
    path: web::Path<String>,
    form: web::Form<SetForm>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let SetForm { password, confirm } = form.into_inner();
    if password != confirm {
        return set_page(&state, &ui, &session, token, Some("mismatch")).await;
    }
    let now = state.now();
    let used = token.clone();
    let outcome = state
        .db(move |conn| {
            Ok(accounts::set_password_with_link(
                conn, &used, &password, now,
            ))
        })
        .await?;
    match outcome {
        Ok(email) => {
            Flash::PasswordSet { email }.set(&session);
            Ok(see_other("/login"))
        }
        Err(AccountError::Database(e)) => Err(e.into()),
        Err(e) => set_page(&state, &ui, &session, token, Some(e.code())).await,
    }
}
