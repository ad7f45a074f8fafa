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
use crate::store::throttle::Decision;
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

fn blocked_audit(
    conn: &mut crate::db::DbConn,
    action: &'static str,
    account: &str,
    ip: &str,
    now: chrono::NaiveDateTime,
) -> diesel::QueryResult<()> {
    let actor = store::audit::Actor {
        user_id: None,
        email: account.to_owned(),
        partner: None,
    };
    let detail = format!("client_ip={ip}");
    store::audit::insert(
        conn,
        &actor,
        store::audit::NewEntry {
            action,
            customer: None,
            subscription: None,
            from_partner: None,
            to_partner: None,
            detail: &detail,
        },
        now,
    )
    .map(drop)
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

    let (policies, lookup, ip) = (state.throttle.clone(), account.clone(), client.clone());
    let (found, decision) = state
        .db(move |conn| {
            store::throttle::expire(conn, &policies, now)?;
            let decision = crate::db::write(conn, |conn| {
                let decision = store::throttle::admit(conn, &policies, &lookup, &ip, now)?;
                match decision {
                    Decision::AccountBlocked {
                        blocked_now: true, ..
                    } => blocked_audit(conn, store::audit::SIGN_IN_BLOCKED, &lookup, &ip, now)?,
                    Decision::AddressBlocked {
                        blocked_now: true, ..
                    } => blocked_audit(
                        conn,
                        store::audit::SIGN_IN_ADDRESS_BLOCKED,
                        &lookup,
                        &ip,
                        now,
                    )?,
                    _ => {}
                }
                Ok::<_, diesel::result::Error>(decision)
            })?;
            let found = match decision {
                Decision::Check { .. } => store::users::find_for_sign_in(conn, &lookup)?,
                _ => Vec::new(),
            };
            Ok((found, decision))
        })
        .await?;
    let attempt = match decision {
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
        let (account, ip) = (account.clone(), client.clone());
        state
            .db(move |conn| Ok(store::throttle::release(conn, &account, &ip)?))
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
        let (policies, account, ip) = (state.throttle.clone(), account.clone(), client.clone());
        let failed = state
            .db(move |conn| {
                Ok(crate::db::write(conn, |conn| {
                    let failed = store::throttle::record_failure(
                        conn, &policies, &account, &ip, attempt, now,
                    )?;
                    if failed.account.blocked_now {
                        blocked_audit(conn, store::audit::SIGN_IN_BLOCKED, &account, &ip, now)?;
                    }
                    if failed.address_blocked_now {
                        let action = store::audit::SIGN_IN_ADDRESS_BLOCKED;
                        blocked_audit(conn, action, &account, &ip, now)?;
                    }
                    Ok::<_, diesel::result::Error>(failed)
                })?)
            })
            .await?;
        tracing::info!(client_ip = %client, failures = attempt, "sign-in refused");
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
    let (account, ip, lifetime, user_id) = (
        account.clone(),
        client.clone(),
        state.session_lifetime,
        user.id,
    );
    let sid = state
        .db(move |conn| {
            store::throttle::succeeded(conn, &account, &ip)?;
            Ok(store::sessions::start(conn, user_id, now, now + lifetime)?)
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
