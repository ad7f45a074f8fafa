use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::safe_next;
use crate::app;
use crate::app::sign_in::Decision;
use crate::app::sign_in::{Admitted, Attempt};
use crate::domain::Organization;
use crate::domain::user::normalize_email;
use crate::error::AppError;
use crate::metrics::SignInFailure;
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
    /// Set while this account (or, with `blocked_address`, every account)
    /// is blocked from this address.
    blocked_until: Option<chrono::NaiveDateTime>,
    blocked_address: bool,
    /// Too many sign-ins at once: try again in a moment.
    busy: bool,
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
        blocked_address: false,
        busy: false,
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

/// Why the page refuses a sign-in, beyond wrong credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// This account, from this address, until then.
    AccountBlocked(chrono::NaiveDateTime),
    /// Every account from this address, until then.
    AddressBlocked(chrono::NaiveDateTime),
    /// Too many sign-ins in flight: try again in a moment.
    Busy,
}

/// Signing in. The throttle decides before any hashing, in one transaction
/// that counts the check it admits, so parallel attempts cannot run more
/// checks than it allows; a blocked account or address is refused even with
/// the right password. Each block is audited once, when it starts.
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
    let refuse = |refusal: Option<Refusal>| {
        let (status, blocked_until, blocked_address, busy) = match refusal {
            None => (StatusCode::UNAUTHORIZED, None, false, false),
            Some(Refusal::AccountBlocked(until)) => {
                (StatusCode::TOO_MANY_REQUESTS, Some(until), false, false)
            }
            Some(Refusal::AddressBlocked(until)) => {
                (StatusCode::TOO_MANY_REQUESTS, Some(until), true, false)
            }
            Some(Refusal::Busy) => (StatusCode::TOO_MANY_REQUESTS, None, false, true),
        };
        let page = LoginPage {
            ctx: PageContext::signed_out(&ui, &session)?,
            email: email.clone(),
            next: safe_next(next.as_deref()).unwrap_or_default(),
            failed: refusal.is_none(),
            blocked_until,
            blocked_address,
            busy,
        };
        let mut response = render_status(status, &page)?;
        if busy {
            response.headers_mut().insert(
                actix_web::http::header::RETRY_AFTER,
                actix_web::http::header::HeaderValue::from_static("1"),
            );
        }
        Ok(response)
    };

    // A few checks at a time from one address: a flood from one place
    // cannot fill the queue that everyone's sign-in waits in.
    let Some(_slot) = state.verifier.slot(&client) else {
        state.metrics.sign_in_failure(SignInFailure::Busy);
        tracing::warn!(client_ip = %client, "sign-in refused: too many at once from this address");
        return refuse(Some(Refusal::Busy));
    };

    let attempt = Attempt {
        account: account.clone(),
        ip: client.clone(),
    };
    let (policies, a) = (state.throttle.clone(), attempt.clone());
    let Admitted {
        decision,
        candidates: found,
    } = state
        .db(move |conn| Ok(app::sign_in::admit(conn, &policies, &a, now)?))
        .await?;
    let number = match decision {
        Decision::Check { attempt } => attempt,
        Decision::AccountBlocked { until, .. } => {
            state.metrics.sign_in_failure(SignInFailure::Blocked);
            tracing::warn!(client_ip = %client, "sign-in refused: account blocked from this address");
            return refuse(Some(Refusal::AccountBlocked(until)));
        }
        Decision::AddressBlocked { until, .. } => {
            state.metrics.sign_in_failure(SignInFailure::AddressBlocked);
            tracing::warn!(client_ip = %client, "sign-in refused: address blocked");
            return refuse(Some(Refusal::AddressBlocked(until)));
        }
    };
    let candidates: Vec<String> = found.iter().map(|(_, hash)| hash.clone()).collect();
    let Some(matched) = state.verifier.check(candidates, password).await else {
        // Not checked after all: the attempt is given back.
        let a = attempt.clone();
        state
            .db(move |conn| Ok(app::sign_in::not_checked(conn, &a)?))
            .await?;
        state.metrics.sign_in_failure(SignInFailure::Busy);
        tracing::warn!(client_ip = %client, "sign-in refused: too many checks queued");
        return refuse(Some(Refusal::Busy));
    };
    state.metrics.password_checked();
    // The account, in whichever organization, that this password opens.
    let user = matched
        .and_then(|i| found.into_iter().nth(i))
        .map(|(user, _)| user);

    let Some(user) = user else {
        let (policies, a) = (state.throttle.clone(), attempt.clone());
        let failed = state
            .db(move |conn| Ok(app::sign_in::failed(conn, &policies, &a, number, now)?))
            .await?;
        tracing::info!(client_ip = %client, failures = number, "sign-in refused");
        let outcome = failed.account;
        if !outcome.delay.is_zero() {
            actix_web::rt::time::sleep(outcome.delay).await;
        }
        return match outcome.state.blocked_until.filter(|until| *until > now) {
            Some(until) => {
                state.metrics.sign_in_failure(SignInFailure::Blocked);
                refuse(Some(Refusal::AccountBlocked(until)))
            }
            None => {
                state.metrics.sign_in_failure(SignInFailure::Credentials);
                refuse(None)
            }
        };
    };
    let (lifetime, signed) = (state.session_lifetime, user.clone());
    let sid = state
        .db(move |conn| {
            Ok(app::sign_in::succeeded(
                conn, &attempt, &signed, lifetime, now,
            )?)
        })
        .await?;

    session::sign_in(&session, &user, &sid, state.clock.now().timestamp())?;
    tracing::info!(user_id = user.id, "signed in");

    let home = match user.organization {
        Organization::Partner(_) => "/partner",
        Organization::Customer(_) => "/admin",
    };
    let target = safe_next(next.as_deref()).unwrap_or_else(|| home.to_owned());
    Ok(see_other(&target))
}
