//! The bulk form on a reseller's page: make it the contact of many
//! subscriptions, give many back, or end its authorization.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::reseller::{BulkProblem, load, reseller_page};
use crate::app;
use crate::app::authorizations::{self};
use crate::app::contacts::{self, AssignMany, BulkRefused, Direction};
use crate::domain::{SubscriptionId, TenantId};
use crate::error::AppError;
use crate::store;
use crate::web::extract::PartnerUser;
use crate::web::language::Ui;
use crate::web::partner::tenant_from_path;
use crate::web::session::set_flash_count;
use crate::web::{State, see_other};

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
pub(super) async fn end(
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
