use actix_session::Session;
use actix_web::{HttpResponse, web};
use askama::Template;

use super::{subscription_from_path, tenant_from_path};
use crate::app::read;
use crate::domain::{Customer, Partner, Subscription};
use crate::error::AppError;
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
    let (who, review) = page
        .load(move |conn, who| {
            Ok(read::partner::change_review(
                conn,
                who.caller(),
                &customer,
                &id,
                change_id,
            )?)
        })
        .await?;
    let read::partner::ChangeReview {
        customer,
        subscription,
        entry,
        actor,
        previous,
        new,
    } = review;
    let ctx = PageContext::partner(&ui, &who, &session, "customers")?;
    // Named as the subscription's history names people.
    let actor = if actor.is_system() || actor.is_operator() {
        super::changes::who(&ctx.t, &actor)
    } else if actor.own || actor.organization.is_empty() {
        actor.name
    } else {
        format!("{} · {}", actor.name, actor.organization)
    };
    let is_current = entry.to_partner_tenant_id.as_deref()
        == Some(subscription.parties.support_contact.as_str());
    let page = ReviewPage {
        ctx,
        customer,
        subscription,
        previous,
        new,
        actor,
        at: entry.occurred_at,
        is_current,
    };
    render(&page)
}
