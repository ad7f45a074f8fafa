//! A provider's resellers (a reseller sees the providers it authorized):
//! who they are, since when, what they support, and ending an authorization
//! with its consequence shown before it is made.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::tenant_from_path;
use crate::app;
use crate::app::authorizations::{self, Answered};
use crate::app::contacts::{self, AssignMany, BulkRefused, Direction};
use crate::domain::{PartnerKind, Subscription, SubscriptionId, TenantId};
use crate::error::AppError;
use crate::store;
use crate::store::partners::Authorization;
use crate::web::extract::PartnerUser;
use crate::web::language::Ui;
use crate::web::session::set_flash_count;
use crate::web::{PageContext, State, render, render_status, see_other};

#[derive(Template)]
#[template(path = "partner/resellers.html")]
struct ResellersPage {
    ctx: PageContext,
    /// A provider sees its resellers; a reseller, the providers it authorized.
    is_provider: bool,
    can_invite: bool,
    rows: Vec<(Authorization, i64)>,
    /// The provider's invitations that can still be accepted.
    invitations: Vec<store::invitations::Invitation>,
}

/// `GET /partner/resellers`.
pub async fn index(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
) -> Result<HttpResponse, AppError> {
    let partner = who.partner.tenant_id.clone();
    let is_provider = who.partner.kind == PartnerKind::IndirectProvider;
    let now = state.now();
    let (rows, invitations) = state
        .db(move |conn| {
            if is_provider {
                let counts = store::subscriptions::support_counts(conn, &partner)?;
                let rows = store::partners::resellers_of(conn, &partner)?
                    .into_iter()
                    .map(|a| {
                        let supported = counts.get(a.partner.tenant_id.as_str()).copied();
                        (a, supported.unwrap_or(0))
                    })
                    .collect();
                let open = store::invitations::open_for_provider(conn, &partner, now)?;
                Ok((rows, open))
            } else {
                let rows = store::partners::providers_authorized_by(conn, &partner)?
                    .into_iter()
                    .map(|a| (a, 0))
                    .collect();
                Ok((rows, Vec::new()))
            }
        })
        .await?;
    render(&ResellersPage {
        ctx: PageContext::partner(&ui, &who, &session, "resellers")?,
        is_provider,
        can_invite: is_provider && who.user.is_admin_agent(),
        rows,
        invitations,
    })
}

/// Each list on a reseller's page shows at most this many subscriptions (a
/// bulk change of them all stays within the route's 64 KiB); the next ones
/// show once these are changed.
const LIST_LIMIT: i64 = 500;

#[derive(Template)]
#[template(path = "partner/reseller.html")]
struct ResellerPage {
    ctx: PageContext,
    authorization: Authorization,
    /// What this reseller supports for the provider (the first
    /// [`LIST_LIMIT`]), and how many in all.
    supported: Vec<Row>,
    supported_total: i64,
    /// What it could support (DAP there) but does not, likewise.
    could: Vec<Row>,
    could_total: i64,
    can_manage: bool,
    error: Option<BulkProblem>,
}

/// Why a bulk change was refused, for the page to say.
enum BulkProblem {
    NoneSelected,
    /// This subscription changed, or stopped being eligible, meanwhile.
    Changed(String),
}

/// A subscription as these lists show it.
struct Row {
    company: String,
    subscription: Subscription,
    /// Its designated support contact's name.
    contact: String,
}

struct Loaded {
    authorization: Authorization,
    supported: Vec<Row>,
    supported_total: i64,
    could: Vec<Row>,
    could_total: i64,
}

async fn load(state: &State, who: &PartnerUser, reseller: TenantId) -> Result<Loaded, AppError> {
    let provider = who.partner.tenant_id.clone();
    state
        .db(move |conn| {
            let authorization = store::partners::reseller_of(conn, &provider, &reseller)?
                .ok_or(AppError::NotFound)?;
            let limit = Some(LIST_LIMIT);
            let supported = store::subscriptions::supported_by(conn, &provider, &reseller, limit)?;
            let could =
                store::subscriptions::could_be_supported_by(conn, &provider, &reseller, limit)?;
            let (supported_total, could_total) = (supported.total, could.total);
            let (supported, could) = (supported.rows, could.rows);
            let names = super::partner_names(
                conn,
                supported
                    .iter()
                    .chain(&could)
                    .map(|(_, s)| s.parties.support_contact.to_string()),
            )?;
            let rows = |list: Vec<(String, Subscription)>| -> Vec<Row> {
                list.into_iter()
                    .map(|(company, subscription)| Row {
                        contact: names
                            .get(subscription.parties.support_contact.as_str())
                            .map(|p| p.name.clone())
                            .unwrap_or_default(),
                        company,
                        subscription,
                    })
                    .collect()
            };
            let (supported, could) = (rows(supported), rows(could));
            Ok(Loaded {
                authorization,
                supported,
                supported_total,
                could,
                could_total,
            })
        })
        .await
}

fn reseller_page(
    ui: &Ui,
    who: &PartnerUser,
    session: &Session,
    loaded: Loaded,
    error: Option<BulkProblem>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    render_status(
        status,
        &ResellerPage {
            ctx: PageContext::partner(ui, who, session, "resellers")?,
            can_manage: who.user.is_admin_agent(),
            authorization: loaded.authorization,
            supported: loaded.supported,
            supported_total: loaded.supported_total,
            could: loaded.could,
            could_total: loaded.could_total,
            error,
        },
    )
}

/// `GET /partner/resellers/{reseller_tenant_id}`: one of this provider's
/// current resellers: what it supports, what it could, bulk changes of
/// either, and what ending its authorization would do. A reseller whose
/// authorization ended is listed, not shown: it is nobody's reseller here
/// any more.
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let reseller = tenant_from_path(&path)?;
    let loaded = load(&state, &who, reseller).await?;
    reseller_page(&ui, &who, &session, loaded, None, StatusCode::OK)
}

/// The form's fields: `action`, `scope` (`all` for every listed subscription,
/// else the checked ones), `subscription` and `listed` (repeated, each
/// `{subscription_id}:{version}`).
struct BulkForm {
    action: Option<String>,
    all: bool,
    checked: Vec<String>,
    listed: Vec<String>,
}

impl BulkForm {
    fn parse(body: &[u8]) -> Result<Self, AppError> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|_| AppError::BadRequest)?;
        let values = |name: &str| -> Vec<String> {
            pairs
                .iter()
                .filter(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .collect()
        };
        Ok(Self {
            action: values("action").pop(),
            all: values("scope").pop().as_deref() == Some("all"),
            checked: values("subscription"),
            listed: values("listed"),
        })
    }

    /// The chosen (subscription, version) pairs; a malformed one is a bad request.
    fn items(&self) -> Result<Vec<(SubscriptionId, i32)>, AppError> {
        let chosen = if self.all {
            &self.listed
        } else {
            &self.checked
        };
        let mut items: Vec<(SubscriptionId, i32)> = Vec::with_capacity(chosen.len());
        for raw in chosen {
            let (id, version) = raw.split_once(':').ok_or(AppError::BadRequest)?;
            let id = SubscriptionId::parse(id).map_err(|_| AppError::BadRequest)?;
            let version = version.parse().map_err(|_| AppError::BadRequest)?;
            if !items.iter().any(|(seen, _)| seen == &id) {
                items.push((id, version));
            }
        }
        Ok(items)
    }
}

/// `POST /partner/resellers/{reseller_tenant_id}`: `action=end` ends the
/// authorization (the reseller's contacts go back to this provider);
/// `action=assign` makes the reseller the contact of the chosen
/// subscriptions, `action=release` gives the chosen ones back to this
/// provider, all or nothing.
pub async fn update(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let reseller = tenant_from_path(&path)?;
    let provider = who.partner.tenant_id.clone();
    let (p, r) = (provider.clone(), reseller.clone());
    let found = state
        .db(move |conn| Ok(store::partners::reseller_of(conn, &p, &r)?))
        .await?
        .ok_or(AppError::NotFound)?;
    if !who.user.is_admin_agent() {
        return Err(AppError::Forbidden);
    }
    let form = BulkForm::parse(&body)?;
    let direction = match form.action.as_deref() {
        Some("end") => {
            return end(&state, &session, &who, reseller, &found.partner.name).await;
        }
        Some("assign") => Direction::ToReseller,
        Some("release") => Direction::ToProvider,
        _ => return Err(AppError::BadRequest),
    };
    let items = form.items()?;
    if items.is_empty() {
        let loaded = load(&state, &who, reseller).await?;
        return reseller_page(
            &ui,
            &who,
            &session,
            loaded,
            Some(BulkProblem::NoneSelected),
            StatusCode::UNPROCESSABLE_ENTITY,
        );
    }
    let input = AssignMany {
        reseller: reseller.clone(),
        direction,
        items,
    };
    let (caller, now) = (who.clone(), state.now());
    let outcome = state
        .db(move |conn| Ok(contacts::assign_many(conn, caller.caller(), &input, now)))
        .await?;
    match outcome {
        Ok(done) => {
            let code = match direction {
                Direction::ToReseller => "bulk_assigned",
                Direction::ToProvider => "bulk_released",
            };
            set_flash_count(&session, code, &found.partner.name, done.changed as i64);
            Ok(see_other(&format!(
                "/partner/resellers/{}",
                found.partner.tenant_id
            )))
        }
        Err(BulkRefused {
            error:
                e @ (app::Error::NotFound
                | app::Error::Forbidden
                | app::Error::Unavailable(_)
                | app::Error::Internal(_)),
            subscription,
        }) => Err(match (e, subscription) {
            // One of the items is not this provider's to change.
            (app::Error::Forbidden, Some(_)) => AppError::NotFound,
            (e, _) => e.into(),
        }),
        Err(BulkRefused {
            error: app::Error::Invalid { .. } | app::Error::Conflict { .. },
            subscription,
        }) => {
            let loaded = load(&state, &who, reseller).await?;
            let name = subscription
                .and_then(|id| {
                    loaded
                        .supported
                        .iter()
                        .chain(&loaded.could)
                        .find(|row| row.subscription.id == id)
                        .map(|row| format!("{} ({})", row.subscription.friendly_name, row.company))
                        .or(Some(id.to_string()))
                })
                .unwrap_or_default();
            reseller_page(
                &ui,
                &who,
                &session,
                loaded,
                Some(BulkProblem::Changed(name)),
                StatusCode::CONFLICT,
            )
        }
    }
}

/// Ends the authorization with `other` (this partner's reseller, or its
/// provider), says so with what went back, and returns to the list.
async fn end(
    state: &State,
    session: &Session,
    who: &PartnerUser,
    other: TenantId,
    other_name: &str,
) -> Result<HttpResponse, AppError> {
    let (caller, now) = (who.clone(), state.now());
    let ended = state
        .db(move |conn| {
            Ok(authorizations::end_by_partner(
                conn,
                caller.caller(),
                &other,
                now,
            )?)
        })
        .await?;
    // None: ended meanwhile (another tab, a colleague): nothing more to do.
    if let Some(reverted) = ended {
        set_flash_count(
            session,
            "authorization_ended",
            other_name,
            reverted.len() as i64,
        );
    }
    Ok(see_other("/partner/resellers"))
}

#[derive(Template)]
#[template(path = "partner/provider.html")]
struct ProviderPage {
    ctx: PageContext,
    authorization: Authorization,
    /// How many of the provider's subscriptions this reseller supports.
    supported: i64,
    can_manage: bool,
}

/// A reseller's provider, as the reseller sees it; not found otherwise.
async fn own_provider(
    state: &State,
    who: &PartnerUser,
    provider: TenantId,
) -> Result<(Authorization, i64), AppError> {
    let reseller = who.partner.tenant_id.clone();
    state
        .db(move |conn| {
            let authorization = store::partners::provider_of(conn, &reseller, &provider)?
                .ok_or(AppError::NotFound)?;
            let supported =
                store::subscriptions::supported_by(conn, &provider, &reseller, Some(0))?;
            Ok((authorization, supported.total))
        })
        .await
}

/// `GET /partner/providers/{provider_tenant_id}`: a provider this reseller
/// authorized, and what ending that authorization would do.
pub async fn provider_show(
    state: State,
    ui: Ui,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let provider = tenant_from_path(&path)?;
    let (authorization, supported) = own_provider(&state, &who, provider).await?;
    render(&ProviderPage {
        ctx: PageContext::partner(&ui, &who, &session, "resellers")?,
        can_manage: who.user.is_admin_agent(),
        authorization,
        supported,
    })
}

#[derive(Debug, serde::Deserialize)]
pub struct EndForm {
    action: Option<String>,
}

/// `POST /partner/providers/{provider_tenant_id}` with `action=end`: the
/// reseller withdraws its authorization; the subscriptions it supported for
/// that provider go back to the provider.
pub async fn provider_update(
    state: State,
    session: Session,
    who: PartnerUser,
    path: web::Path<String>,
    form: web::Form<EndForm>,
) -> Result<HttpResponse, AppError> {
    let provider = tenant_from_path(&path)?;
    let (found, _) = own_provider(&state, &who, provider.clone()).await?;
    if !who.user.is_admin_agent() {
        return Err(AppError::Forbidden);
    }
    if form.action.as_deref() != Some("end") {
        return Err(AppError::BadRequest);
    }
    end(&state, &session, &who, provider, &found.partner.name).await
}

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
