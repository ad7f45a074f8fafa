//! Invitations: a provider's admin makes or withdraws a link; a reseller's
//! admin opens it and accepts.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::app;
use crate::app::authorizations::{self, Answered};
use crate::app::read;
use crate::domain::PartnerKind;
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::flash::Flash;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render_status, see_other};

#[derive(Debug, serde::Deserialize)]
pub struct InviteForm {
    /// Absent: invite.
    #[serde(default)]
    action: Option<Invitation>,
    invitation: Option<String>,
}

/// What a provider does on its resellers page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Invitation {
    Invite,
    Withdraw,
}

/// `POST /partner/resellers`: a provider's admin makes an invitation link
/// for a reseller (the page shows it once, to send), or, with
/// `action=withdraw` and `invitation`, withdraws an open one.
pub async fn invite(
    state: State,
    session: Session,
    one_hop: PartnerPage,
    form: web::Form<InviteForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let form = form.into_inner();
    let (_, done) = one_hop
        .load(move |conn, who| match form.action {
            None | Some(Invitation::Invite) => Ok(Invited::Link(app::invitations::create(
                conn,
                who.caller(),
                now,
            )?)),
            Some(Invitation::Withdraw) => {
                let id = form.invitation.as_deref().ok_or(AppError::BadRequest)?;
                app::invitations::withdraw(conn, who.caller(), id, now)?;
                Ok(Invited::Withdrawn)
            }
        })
        .await?;
    match done {
        Invited::Link(token) => {
            let link = format!("{}/partner/invitations/{token}", state.public_url);
            Flash::InvitationCreated { link }.set(&session);
        }
        Invited::Withdrawn => Flash::InvitationWithdrawn.set(&session),
    }
    Ok(see_other("/partner/resellers"))
}

enum Invited {
    Link(String),
    Withdrawn,
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

fn invitation_page(
    ui: &Ui,
    session: &Session,
    who: &PartnerUser,
    (invitation, provider): (read::Invitation, crate::domain::Partner),
    token: String,
    status: StatusCode,
    now: chrono::NaiveDateTime,
) -> Result<HttpResponse, AppError> {
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
/// signed-in partner user who opened the link sees it. One database hop.
pub async fn invitation(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (token, now) = (path.into_inner(), state.now());
    let t = token.clone();
    let (who, found) = one_hop
        .load(move |conn, _| Ok(read::invitations::by_link(conn, &t)?))
        .await?;
    invitation_page(&ui, &session, &who, found, token, StatusCode::OK, now)
}

/// `POST /partner/invitations/{token}`: a reseller's admin accepts: the
/// reseller authorizes the provider. The session check and the answer
/// share one database hop.
pub async fn accept_invitation(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (token, now) = (path.into_inner(), state.now());
    let t = token.clone();
    let (who, answered) = one_hop
        .load(move |conn, who| {
            match authorizations::accept_invitation_by(conn, who.caller(), &t, now)? {
                Answered::Accepted(provider) => Ok(Ok(provider)),
                Answered::Closed => Ok(Err(read::invitations::by_link(conn, &t)?)),
            }
        })
        .await?;
    match answered {
        Ok(provider) => {
            let provider = provider.name;
            Flash::InvitationAccepted { provider }.set(&session);
            Ok(see_other("/partner/resellers"))
        }
        Err(found) => invitation_page(&ui, &session, &who, found, token, StatusCode::CONFLICT, now),
    }
}
