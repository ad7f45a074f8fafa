use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::safe_next;
use crate::domain::Organization;
use crate::error::AppError;
use crate::store;
use crate::web::language::Ui;
use crate::web::session::{self, SESSION_EPOCH, USER_ID};
use crate::web::{PageContext, State, render, render_status, see_other};

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    ctx: PageContext,
    email: String,
    next: String,
    failed: bool,
}

#[derive(Debug, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn form(
    ui: Ui,
    query: web::Query<LoginQuery>,
    session: Session,
) -> Result<HttpResponse, AppError> {
    let page = LoginPage {
        ctx: PageContext::signed_out(&ui, &session)?,
        email: String::new(),
        next: safe_next(query.next.as_deref()).unwrap_or_default(),
        failed: false,
    };
    render(&page)
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

#[tracing::instrument(skip_all)]
pub async fn submit(
    state: State,
    ui: Ui,
    session: Session,
    form: web::Form<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let LoginForm {
        email,
        password,
        next,
    } = form.into_inner();
    let lookup = email.clone();
    let found = state
        .db(move |conn| Ok(store::users::find_for_sign_in(conn, &lookup)?))
        .await?;
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let verified = state.verifier.verify(hash, password).await;
    let user = user.filter(|u| verified && !u.disabled);

    let Some(user) = user else {
        tracing::info!("sign-in refused");
        let page = LoginPage {
            ctx: PageContext::signed_out(&ui, &session)?,
            email,
            next: safe_next(next.as_deref()).unwrap_or_default(),
            failed: true,
        };
        return render_status(StatusCode::UNAUTHORIZED, &page);
    };

    // A new session id at sign-in: a cookie planted before cannot ride along.
    session.renew();
    session
        .insert(USER_ID, user.id)
        .map_err(AppError::internal)?;
    session
        .insert(SESSION_EPOCH, user.session_epoch)
        .map_err(AppError::internal)?;
    session::rotate_csrf_token(&session)?;
    tracing::info!(user_id = user.id, "signed in");

    let home = match user.organization {
        Organization::Partner(_) => "/partner",
        Organization::Customer(_) => "/admin",
    };
    let target = safe_next(next.as_deref()).unwrap_or_else(|| home.to_owned());
    Ok(see_other(&target))
}
