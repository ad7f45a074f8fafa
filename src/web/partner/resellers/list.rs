//! `/partner/resellers`: a provider's resellers with what each supports, a
//! page at a time, or a reseller's providers, and the provider's open
//! invitations.

use actix_session::Session;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;

use crate::app::read::{self, Authorization};
use crate::domain::states::AuthorizationState;
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
    /// The state asked for: "", "active" or "ended".
    state: &'static str,
    /// A state this page does not know was asked for.
    unknown_state: bool,
}

/// Resellers on one page.
pub const PER_PAGE: i64 = 50;

/// The reseller a page starts after: `after`, the last one of the page
/// before. Anything else (malformed, not one of the caller's) is the first
/// page.
fn after_of(pairs: &[(String, String)]) -> Option<TenantId> {
    let raw = &pairs.iter().rfind(|(name, _)| name == "after")?.1;
    TenantId::parse(raw.trim()).ok()
}

/// The authorizations asked for: `state=active` or `ended`, all without;
/// `Err` for a state the page does not know (then all are shown).
fn state_of(pairs: &[(String, String)]) -> Result<Option<AuthorizationState>, ()> {
    match pairs.iter().rfind(|(name, _)| name == "state") {
        None => Ok(None),
        Some((_, raw)) => match raw.trim() {
            "" => Ok(None),
            "active" => Ok(Some(AuthorizationState::Active)),
            "ended" => Ok(Some(AuthorizationState::Ended)),
            _ => Err(()),
        },
    }
}

/// `GET /partner/resellers`, `?state=active|ended` for one kind, and
/// `&after={reseller_tenant_id}` for the page after that reseller. One
/// database hop, the session check included.
pub async fn index(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    request: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(request.query_string()).unwrap_or_default();
    let after = after_of(&pairs);
    let (only, unknown_state) = match state_of(&pairs) {
        Ok(only) => (only, false),
        Err(()) => (None, true),
    };
    let later = after.is_some();
    let (who, found) = one_hop
        .load(move |conn, who| {
            let after = after.as_ref();
            Ok(read::resellers::list(
                conn,
                who.caller(),
                only,
                after,
                PER_PAGE,
                now,
            )?)
        })
        .await?;
    let ctx = PageContext::partner(&ui, &who, &session, "resellers")?;
    let shown = Shown {
        state: only,
        unknown_state,
        later,
    };
    render(&view(ctx, &who, found, shown))
}

/// What the list was asked to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct Shown {
    pub state: Option<AuthorizationState>,
    pub unknown_state: bool,
    /// Not the first page.
    pub later: bool,
}

/// The resellers list for what the core read, as `shown` asked.
pub fn view(
    ctx: PageContext,
    who: &PartnerUser,
    found: read::resellers::Resellers,
    shown: Shown,
) -> impl Template + use<> {
    let read::resellers::Resellers {
        rows,
        next,
        invitations,
    } = found;
    let is_provider = who.partner.kind == PartnerKind::IndirectProvider;
    let state = shown.state.map_or("", |s| s.as_str());
    let first = if state.is_empty() {
        "/partner/resellers".to_owned()
    } else {
        format!("/partner/resellers?state={state}")
    };
    let join = if state.is_empty() { '?' } else { '&' };
    ResellersPage {
        ctx,
        is_provider,
        can_invite: is_provider && who.user.is_admin_agent(),
        rows,
        invitations,
        next_link: next.map(|last| format!("{first}{join}after={last}")),
        first_link: shown.later.then_some(first),
        state,
        unknown_state: shown.unknown_state,
    }
}
