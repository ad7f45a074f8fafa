use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::{partner_names, subscription_from_path, tenant_from_path};
use crate::domain::{Customer, Partner, Subscription};
use crate::error::AppError;
use crate::store;
use crate::web::extract::PartnerPage;
use crate::web::language::Ui;
use crate::web::{PageContext, render};

#[derive(Template)]
#[template(path = "partner/review.html")]
struct ReviewPage {
    ctx: PageContext,
    customer: Customer,
    subscription: Subscription,
    previous: Option<Partner>,
    new: Option<Partner>,
    actor: String,
    at: chrono::NaiveDateTime,
    is_current: bool,
}

/// The review step after a change: previous and new contact side by side,
/// then Close back to the customer's subscriptions.
#[tracing::instrument(skip_all)]
pub async fn show(
    ui: Ui,
    session: Session,
    page: PartnerPage,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path.0)?;
    let id = subscription_from_path(&path.1)?;
    let change_id: i32 = path.2.parse().map_err(|_| AppError::NotFound)?;
    let (who, (customer, subscription, entry, mut names)) = page
        .load(move |conn, who| {
            let partner = who.partner.tenant_id.clone();
            let customer = store::customers::get_for_partner(conn, &partner, &customer)?
                .ok_or(AppError::NotFound)?;
            let subscription =
                store::subscriptions::get_for_partner(conn, &partner, &customer.tenant_id, &id)?
                    .ok_or(AppError::NotFound)?;
            let entry = store::audit::support_contact_change(
                conn,
                &partner,
                &customer.tenant_id,
                &subscription.id,
                change_id,
            )?
            .ok_or(AppError::NotFound)?;
            let names = partner_names(
                conn,
                [
                    entry.from_partner_tenant_id.clone(),
                    entry.to_partner_tenant_id.clone(),
                ]
                .into_iter()
                .flatten(),
            )?;
            Ok((customer, subscription, entry, names))
        })
        .await?;
    let take = |id: &Option<String>, names: &mut std::collections::HashMap<String, Partner>| {
        id.as_ref().and_then(|id| names.get(id).cloned())
    };
    let previous = take(&entry.from_partner_tenant_id, &mut names);
    let new = take(&entry.to_partner_tenant_id, &mut names);
    let is_current = entry.to_partner_tenant_id.as_deref()
        == Some(subscription.parties.support_contact.as_str());
    let page = ReviewPage {
        ctx: PageContext::partner(&ui, &who, &session, "customers")?,
        customer,
        subscription,
        previous,
        new,
        actor: entry.actor_email,
        at: entry.occurred_at,
        is_current,
    };
    render(&page)
}
