//! `/partner/api-keys`: the partner's keys for the REST API. Admin agents
//! make and revoke them; helpdesk agents see the list. A new key's secret is
//! shown in the answer to the POST that made it, and never again: it is
//! neither kept in the session nor put in a link.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use crate::app;
use crate::app::api_keys::Listed;
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::language::Ui;
use crate::web::{PageContext, State, render_status, see_other};

const PATH: &str = "/partner/api-keys";

#[derive(Template)]
#[template(path = "partner/api_keys.html")]
struct ApiKeysPage {
    ctx: PageContext,
    keys: Vec<Listed>,
    can_manage: bool,
    /// The key just made (its name and secret), in this one answer.
    made: Option<(String, String)>,
    /// The name typed, when it was refused.
    name: String,
    /// Why the name was refused (`missing`, `too_long`).
    error: Option<&'static str>,
}

impl ApiKeysPage {
    fn new(
        ui: &Ui,
        session: &Session,
        who: &PartnerUser,
        keys: Vec<Listed>,
    ) -> Result<Self, AppError> {
        Ok(Self {
            ctx: PageContext::partner(ui, who, session, "api-keys")?,
            keys,
            can_manage: who.user.is_admin_agent(),
            made: None,
            name: String::new(),
            error: None,
        })
    }
}

/// `GET /partner/api-keys`: one database hop, the session check included.
#[tracing::instrument(skip_all)]
pub async fn index(
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
) -> Result<HttpResponse, AppError> {
    let (who, keys) = one_hop
        .load(|conn, who| Ok(app::api_keys::list(conn, who.caller())?))
        .await?;
    render_status(
        StatusCode::OK,
        &ApiKeysPage::new(&ui, &session, &who, keys)?,
    )
}

#[derive(Debug, Deserialize)]
pub struct KeyForm {
    /// Absent: create.
    #[serde(default)]
    action: Option<KeyChange>,
    #[serde(default)]
    name: String,
    key: Option<String>,
}

/// What an admin does on the API keys page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyChange {
    Create,
    Revoke,
}

/// `POST /partner/api-keys`: an admin agent makes a key (the answer shows
/// it, once), or, with `action=revoke` and `key`, revokes one.
#[tracing::instrument(skip_all)]
pub async fn update(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    form: web::Form<KeyForm>,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let form = form.into_inner();
    match form.action {
        None | Some(KeyChange::Create) => {
            let name = form.name;
            let typed = name.clone();
            let (who, (made, keys)) = one_hop
                .load(move |conn, who| {
                    let made = match app::api_keys::create(conn, who.caller(), &name, now) {
                        Ok(made) => Ok((name.trim().to_owned(), made.secret)),
                        Err(app::Error::Invalid { problem, .. }) => Err(problem),
                        Err(
                            e @ (app::Error::NotFound
                            | app::Error::Forbidden
                            | app::Error::Conflict { .. }
                            | app::Error::Unavailable(_)
                            | app::Error::Internal(_)),
                        ) => return Err(e.into()),
                    };
                    let keys = app::api_keys::list(conn, who.caller())?;
                    Ok((made, keys))
                })
                .await?;
            let mut page = ApiKeysPage::new(&ui, &session, &who, keys)?;
            let status = match made {
                Ok(made) => {
                    page.made = Some(made);
                    StatusCode::OK
                }
                Err(problem) => {
                    page.error = Some(problem);
                    page.name = typed;
                    StatusCode::UNPROCESSABLE_ENTITY
                }
            };
            render_status(status, &page)
        }
        Some(KeyChange::Revoke) => {
            let id = form.key.ok_or(AppError::BadRequest)?;
            one_hop
                .load(move |conn, who| Ok(app::api_keys::revoke(conn, who.caller(), &id, now)?))
                .await?;
            crate::web::flash::Flash::ApiKeyRevoked.set(&session);
            Ok(see_other(PATH))
        }
    }
}
