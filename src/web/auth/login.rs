use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::safe_next;
use crate::domain::Organization;
use crate::domain::user::normalize_email;
use crate::error::AppError;
use crate::metrics::SignInFailure;
use crate::store;
use crate::web::client::client_ip;
use crate::web::language::Ui;
use crate::web::session;
use crate::web::{PageContext, State, render, render_status, see_other};

#[derive(Template)]
#[template(path = "auth/login.html")]
struct LoginPage {
    ctx: PageContext,
    email: String,
    next: String,
    failed: bool,
    /// Set while this account is blocked from this address.
    blocked_until: Option<chrono::NaiveDateTime>,
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
        blocked_until: None,
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
    req: actix_web::HttpRequest,
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
    let account = normalize_email(&email);
    let client = client_ip(&req, &state.trusted_proxies);
    let now = state.now();
    let refuse = |status: StatusCode, blocked_until: Option<chrono::NaiveDateTime>| {
        let page = LoginPage {
            ctx: PageContext::signed_out(&ui, &session)?,
            email: email.clone(),
            next: safe_next(next.as_deref()).unwrap_or_default(),
            failed: blocked_until.is_none(),
            blocked_until,
        };
        render_status(status, &page)
    };

    let (lookup, ip) = (account.clone(), client.clone());
    let (found, throttled) = state
        .db(move |conn| {
            Ok((
                store::users::find_for_sign_in(conn, &lookup)?,
                store::throttle::get(conn, &lookup, &ip)?,
            ))
        })
        .await?;
    if let Some(until) = state.throttle.blocked_until(throttled.as_ref(), now) {
        state.metrics.sign_in_failure(SignInFailure::Blocked);
        tracing::warn!(client_ip = %client, "sign-in refused: account blocked from this address");
        return refuse(StatusCode::TOO_MANY_REQUESTS, Some(until));
    }
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), Some(hash)),
        None => (None, None),
    };
    let verified = state.verifier.verify(hash, password).await;
    let user = user.filter(|u| verified && !u.disabled);

    let Some(user) = user else {
        let (policy, account, ip) = (state.throttle.clone(), account.clone(), client.clone());
        let outcome = state
            .db(move |conn| {
                let outcome = store::throttle::record_failure(conn, &policy, &account, &ip, now)?;
                if outcome.blocked_now {
                    let actor = store::audit::Actor {
                        user_id: None,
                        email: account.clone(),
                        partner: None,
                    };
                    let detail = format!("client_ip={ip}");
                    store::audit::insert(
                        conn,
                        &actor,
                        store::audit::NewEntry {
                            action: store::audit::SIGN_IN_BLOCKED,
                            customer: None,
                            subscription: None,
                            from_partner: None,
                            to_partner: None,
                            detail: &detail,
                        },
                        now,
                    )?;
                }
                Ok(outcome)
            })
            .await?;
        tracing::info!(client_ip = %client, failures = outcome.state.failures, "sign-in refused");
        if !outcome.delay.is_zero() {
            actix_web::rt::time::sleep(outcome.delay).await;
        }
        return match outcome.state.blocked_until {
            Some(until) => {
                state.metrics.sign_in_failure(SignInFailure::Blocked);
                refuse(StatusCode::TOO_MANY_REQUESTS, Some(until))
            }
            None => {
                state.metrics.sign_in_failure(SignInFailure::Credentials);
                refuse(StatusCode::UNAUTHORIZED, None)
            }
        };
    };
    if throttled.is_some() {
        let (account, ip) = (account.clone(), client.clone());
        state
            .db(move |conn| Ok(store::throttle::clear(conn, &account, &ip)?))
            .await?;
    }

    session::sign_in(&session, &user, state.clock.now().timestamp())?;
    tracing::info!(user_id = user.id, "signed in");

    let home = match user.organization {
        Organization::Partner(_) => "/partner",
        Organization::Customer(_) => "/admin",
    };
    let target = safe_next(next.as_deref()).unwrap_or_else(|| home.to_owned());
    Ok(see_other(&target))
}
