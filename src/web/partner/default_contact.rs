//! The provider's default support contact for new subscriptions at one
//! customer, set from the customer page.

use actix_session::Session;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::{customer, tenant_from_path};
use crate::app;
use crate::app::contacts::{DefaultSet, SetDefault};
use crate::app::read;
use crate::domain::TenantId;
use crate::error::AppError;
use crate::web::extract::PartnerPage;
use crate::web::flash::Flash;
use crate::web::language::Ui;
use crate::web::{State, see_other};

#[derive(Debug, Clone, Default, Deserialize)]
pub struct DefaultForm {
    /// A partner's tenant id; empty: the provider itself.
    #[serde(default)]
    default_contact: String,
}

/// Sets the default; a choice that is not eligible now (or names no
/// partner) shows the page again with it kept, 422, and changes nothing.
/// The session check and the change share one database hop; the page to
/// correct costs a second one.
#[tracing::instrument(skip_all)]
pub async fn set(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
    form: web::Form<DefaultForm>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path)?;
    let raw = form.into_inner().default_contact.trim().to_owned();
    let now = state.now();
    let contact = match raw.as_str() {
        "" => Ok(None),
        raw => TenantId::parse(raw).map(Some),
    };
    let who = match contact {
        Ok(contact) => {
            let input = SetDefault {
                customer: customer.clone(),
                contact,
            };
            let (who, done) = one_hop
                .load(move |conn, who| {
                    Ok(app::contacts::set_default(conn, who.caller(), &input, now))
                })
                .await?;
            match done {
                Ok(DefaultSet::Changed { contact } | DefaultSet::Unchanged { contact }) => {
                    tracing::info!(contact = %contact.tenant_id, "default support contact set");
                    Flash::DefaultContactSet { name: contact.name }.set(&session);
                    return Ok(see_other(&format!(
                        "/partner/customers/{customer}#default-heading"
                    )));
                }
                Err(app::Error::Invalid { .. }) => who,
                Err(e) => return Err(e.into()),
            }
        }
        Err(_) => {
            // Nothing to check it against: the page's own hop answers 404
            // or 403 first, as the change would.
            let (who, ()) = one_hop.load(|_, _| Ok(())).await?;
            who
        }
    };
    let caller = who.clone();
    let loaded = state
        .db(move |conn| {
            Ok(read::partner::customer(
                conn,
                caller.caller(),
                &customer,
                now,
            )?)
        })
        .await?;
    if !(who.partner.kind.transacts() && who.user.is_admin_agent()) {
        return Err(AppError::Forbidden);
    }
    customer::default_refused(&ui, &who, &session, loaded, raw, "not_eligible")
}
