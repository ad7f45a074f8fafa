//! The bulk form on a reseller's page: make it the contact of many
//! subscriptions, give many back, or end its authorization.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::reseller::{BulkProblem, first_pages, load, read, reseller_page, search_of};
use crate::app;
use crate::app::authorizations;
use crate::app::contacts::{self, AssignMany, AssignMatching, BulkRefused, Direction};
use crate::app::read as reads;
use crate::domain::SubscriptionId;
use crate::error::AppError;
use crate::web::extract::PartnerPage;
use crate::web::flash::Flash;
use crate::web::language::Ui;
use crate::web::partner::tenant_from_path;
use crate::web::{State, see_other};

/// What the bulk form's buttons ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BulkAction {
    /// End the reseller's authorization.
    End,
    /// Make the reseller the contact of the chosen subscriptions.
    Assign,
    /// Give the chosen ones back to the provider.
    Release,
}

impl BulkAction {
    fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "end" => Some(Self::End),
            "assign" => Some(Self::Assign),
            "release" => Some(Self::Release),
            _ => None,
        }
    }
}

/// The form's fields: `action`, `scope` (`all` for every subscription
/// listed on the page, `matching` for every one of the list on every page,
/// else the checked ones), `subscription` and `listed` (repeated, each
/// `{subscription_id}:{version}`), and `q`, the list's search.
struct BulkForm {
    action: Option<BulkAction>,
    all: bool,
    matching: bool,
    checked: Vec<String>,
    listed: Vec<String>,
    search: Option<String>,
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
        let scope = values("scope").pop();
        let scope = scope.as_deref().map(str::trim);
        Ok(Self {
            action: values("action").pop().and_then(|a| BulkAction::parse(&a)),
            all: scope == Some("all"),
            matching: scope == Some("matching"),
            checked: values("subscription"),
            listed: values("listed"),
            search: search_of(values("q").pop().as_deref()),
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
/// provider, all or nothing; with `scope=matching`, every subscription of
/// that list (at customers whose name begins with `q`), on every page.
pub async fn update(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let reseller = tenant_from_path(&path)?;
    let form = BulkForm::parse(&body);
    // A page shown again shows the lists' first pages, for the same search.
    let lists = first_pages(form.as_ref().ok().and_then(|f| f.search.clone()));
    let (r, now) = (reseller.clone(), state.now());
    // The session check, the access checks and the change: one hop.
    let (who, (found, outcome)) = one_hop
        .load(move |conn, who| {
            let found = reads::resellers::reseller_of(conn, who.caller(), &r)?;
            if !who.user.is_admin_agent() {
                return Err(AppError::Forbidden);
            }
            let form = form?;
            let direction = match form.action {
                Some(BulkAction::End) => {
                    let ended = authorizations::end_by_partner(conn, who.caller(), &r, now)?;
                    return Ok((found, Outcome::Ended(ended)));
                }
                Some(BulkAction::Assign) => Direction::ToReseller,
                Some(BulkAction::Release) => Direction::ToProvider,
                None => return Err(AppError::BadRequest),
            };
            if form.matching {
                let input = AssignMatching {
                    reseller: r,
                    direction,
                    search: form.search,
                };
                let outcome = contacts::assign_matching(conn, who.caller(), &input, now);
                return Ok((found, Outcome::Bulk(direction, outcome)));
            }
            let items = form.items()?;
            if items.is_empty() {
                let page = read(conn, who, &r, &first_pages(form.search.clone()), now)?;
                return Ok((found, Outcome::NoneSelected(Box::new(page))));
            }
            let input = AssignMany {
                reseller: r,
                direction,
                items,
            };
            let outcome = contacts::assign_many(conn, who.caller(), &input, now);
            Ok((found, Outcome::Bulk(direction, outcome)))
        })
        .await?;
    let (direction, outcome) = match outcome {
        Outcome::Ended(ended) => return Ok(ended_page(&session, &found.partner.name, ended)),
        Outcome::NoneSelected(loaded) => {
            return reseller_page(
                &ui,
                &who,
                &session,
                *loaded,
                &lists,
                Some(BulkProblem::NoneSelected),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
        Outcome::Bulk(direction, outcome) => (direction, outcome),
    };
    match outcome {
        Ok(done) => {
            let (name, count) = (found.partner.name.clone(), done.changed);
            match direction {
                Direction::ToReseller => Flash::BulkAssigned { name, count },
                Direction::ToProvider => Flash::BulkReleased { name, count },
            }
            .set(&session);
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
            let loaded = load(&state, &who, reseller, lists.clone()).await?;
            let name = subscription
                .and_then(|id| {
                    loaded
                        .supported
                        .rows
                        .iter()
                        .chain(&loaded.could.rows)
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
                &lists,
                Some(BulkProblem::Changed(name)),
                StatusCode::CONFLICT,
            )
        }
    }
}

/// What the bulk form did, in the request's one hop.
enum Outcome {
    Ended(Option<Vec<crate::domain::relationship::Reversion>>),
    NoneSelected(Box<super::reseller::Loaded>),
    Bulk(Direction, Result<contacts::BulkDone, BulkRefused>),
}

/// After an authorization ended (this partner's reseller, or its provider):
/// says so with what went back, and returns to the list.
pub(super) fn ended_page(
    session: &Session,
    other_name: &str,
    ended: Option<Vec<crate::domain::relationship::Reversion>>,
) -> HttpResponse {
    // None: ended meanwhile (another tab, a colleague): nothing more to do.
    if let Some(reverted) = ended {
        Flash::AuthorizationEnded {
            name: other_name.to_owned(),
            reverted: reverted.len(),
        }
        .set(session);
    }
    see_other("/partner/resellers")
}
