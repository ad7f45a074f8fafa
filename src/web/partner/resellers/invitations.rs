//! Invitations: a provider's admin makes or withdraws a link; a reseller's
//! admin opens it and accepts.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::app;
use crate::app::authorizations::{self, Answered};
use crate::domain::{PartnerKind, TenantId};
use crate::error::AppError;
use crate::store;
use crate::web::extract::PartnerUser;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render_status, see_other};

#[derive(Debug, serde::Deserialize)]
pub struct InviteForm {
    action: Option<String>,
    invitation: Option<String>,
}

/// `POST /partner/resellers`: a provider's admin makes an invitation link
/// for a reseller (the page shows it once, to send), or, with
/// `action=withdraw` and `invitation`, withdraws an open one.
pub async fn invite(
    state: State,
    session: Session,
    who: PartnerUser,
    form: web::Form<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let action = form.into_inner();
    match action.action.as_deref() {
        None | Some("invite") => {
            let who2 = who.clone();
            let token = state
                .db(move |conn| Ok(app::invitations::create(conn, who2.caller(), now)?))
                .await?;
            let link = format!("{}/partner/invitations/{token}", state.public_url);
            crate::web::session::set_flash(&session, "invitation_created", &link);
        }
        Some("withdraw") => {
            let id = action.invitation.ok_or(AppError::BadRequest)?;
            state
                .db(move |conn| Ok(app::invitations::withdraw(conn, who.caller(), &id, now)?))
                .await?;
            crate::web::session::set_flash(&session, "invitation_withdrawn", "");
        }
        Some(_) => return Err(AppError::BadRequest),
    }
    Ok(see_other("/partner/resellers"))
}

#[derive(Template)]
#[template(path = "partner/invitation.html")]
struct InvitationPage {
    ctx: PageContext,
    provider: crate::domain::Partner,
    token: String,
    /// Still pending and not expired.
    open: bool,
    /// This organization is a reseller and this user may accept for it.
    may_accept: bool,
    is_reseller: bool,
}

async fn invitation_page(
    state: &State,
    ui: &Ui,
    session: &Session,
    who: &PartnerUser,
    token: String,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let (now, t) = (state.now(), token.clone());
    let (invitation, provider) = state
        .db(move |conn| {
            let invitation =
                store::invitations::get_by_token(conn, &t)?.ok_or(AppError::NotFound)?;
            let provider = store::partners::get(
                conn,
                &TenantId::from_trusted(invitation.provider_tenant_id.clone()),
            )?
            .ok_or(AppError::NotFound)?;
            Ok((invitation, provider))
        })
        .await?;
    let is_reseller = who.partner.kind == PartnerKind::IndirectReseller;
    render_status(
        status,
        &InvitationPage {
            ctx: PageContext::partner(ui, who, session, "resellers")?,
            open: invitation.is_open(now),
            may_accept: is_reseller && who.user.is_admin_agent(),
            is_reseller,
            provider,
            token,
        },
    )
}

/// `GET /partner/invitations/{token}`: a provider's invitation, as the
/// signed-in partner user who opened the link sees it.
pub async fn invitation(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    invitation_page(
        &state,
        &ui,
        &session,
        &who,
        path.into_inner(),
        StatusCode::OK,
    )
    .await
}

/// `POST /partner/invitations/{token}`: a reseller's admin accepts: the
/// reseller authorizes the provider.
pub async fn accept_invitation(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let token = path.into_inner();
    let (caller, now, t) = (who.clone(), state.now(), token.clone());
    let answered = state
        .db(move |conn| {
            Ok(authorizations::accept_invitation_by(
                conn,
                caller.caller(),
                &t,
                now,
            )?)
        })
        .await?;
    match answered {
        Answered::Accepted(provider) => {
            crate::web::session::set_flash(&session, "invitation_accepted", &provider.name);
            Ok(see_other("/partner/resellers"))
        }
        Answered::Closed => {
            invitation_page(&state, &ui, &session, &who, token, StatusCode::CONFLICT).await
        }
    }
}
