//! `/partner/resellers`: a provider's resellers with what each supports, a
//! page at a time, or a reseller's providers, and the provider's open
//! invitations.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::app::read::{self, Authorization};
use crate::domain::{PartnerKind, TenantId};
use crate::error::AppError;
use crate::web::extract::PartnerPage;
use crate::web::extract::PartnerUser;
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
    /// The next page of resellers, when there is one.
    next_link: Option<String>,
    /// The first page, when this is a later one.
    first_link: Option<String>,
}

/// Resellers on one page.
pub const PER_PAGE: i64 = 50;

/// The reseller a page starts after: `after`, the last one of the page
/// before. Anything else (malformed, not one of the caller's) is the first
/// page.
fn after_of(query: &str) -> Option<TenantId> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let raw = pairs.into_iter().rfind(|(name, _)| name == "after")?.1;
    TenantId::parse(raw.trim()).ok()
}

/// `GET /partner/resellers`, and `?after={reseller_tenant_id}` for the
/// page after that reseller. One database hop, the session check included.
pub async fn index(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let after = after_of(request.query_string());
    let later = after.is_some();
    let (who, found) = one_hop
        .load(move |conn, who| {
            let after = after.as_ref();
            Ok(read::resellers::list(
                conn,
                who.caller(),
                after,
                PER_PAGE,
                now,
            )?)
        })
        .await?;
    let ctx = PageContext::partner(&ui, &who, &session, "resellers")?;
    render(&view(ctx, &who, found, later))
}

/// The resellers list for what the core read; `later` when it is not the first page.
pub fn view(
    ctx: PageContext,
    who: &PartnerUser,
    found: read::resellers::Resellers,
    later: bool,
) -> impl Template + use<> {
    let read::resellers::Resellers {
        rows,
        next,
        invitations,
    } = found;
    let is_provider = who.partner.kind == PartnerKind::IndirectProvider;
    ResellersPage {
        ctx,
        is_provider,
        can_invite: is_provider && who.user.is_admin_agent(),
        rows,
        invitations,
        next_link: next.map(|last| format!("/partner/resellers?after={last}")),
        first_link: later.then(|| "/partner/resellers".to_owned()),
    }
}
