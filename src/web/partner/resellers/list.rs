//! `/partner/resellers`: a provider's resellers with what each supports, or
//! a reseller's providers, and the provider's open invitations.

use actix_session::Session;
use actix_web::HttpResponse;
use askama::Template;

use crate::app::read::{self, Authorization};
use crate::domain::PartnerKind;
use crate::error::AppError;
use crate::web::extract::PartnerPage;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render};

#[derive(Template)]
#[template(path = "partner/resellers.html")]
struct ResellersPage {
    ctx: PageContext,
    /// A provider sees its resellers; a reseller, the providers it authorized.
    is_provider: bool,
    can_invite: bool,
    rows: Vec<(Authorization, i64)>,
    /// The provider's invitations that can still be accepted.
    invitations: Vec<read::Invitation>,
}

/// `GET /partner/resellers`.
/// One database hop, the session check included.
pub async fn index(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let (who, (rows, invitations)) = one_hop
        .load(move |conn, who| Ok(read::resellers::list(conn, who.caller(), now)?))
        .await?;
    let is_provider = who.partner.kind == PartnerKind::IndirectProvider;
    render(&ResellersPage {
        ctx: PageContext::partner(&ui, &who, &session, "resellers")?,
        is_provider,
        can_invite: is_provider && who.user.is_admin_agent(),
        rows,
        invitations,
    })
}
