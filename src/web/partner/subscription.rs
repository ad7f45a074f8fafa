use crate::domain::audit::Action;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{subscription_from_path, tenant_from_path};
use crate::app;
use crate::app::contacts::{self, AssignContact, Assigned};
use crate::app::read::partner::RequestNote;
use crate::app::read::{self, ChangeView};
use crate::app::subscriptions::StatusSet;
use crate::domain::eligibility::Ineligibility;
use crate::domain::{
    Access, Customer, Partner, Subscription, SubscriptionId, SubscriptionStatus, TenantId,
};
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::flash::Flash;
use crate::web::form::choice;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render_status, see_other};

type NotEligible = (
    Partner,
    Ineligibility,
    Option<RequestNote>,
    Option<RequestAction>,
);

#[derive(Template)]
#[template(path = "partner/subscription.html")]
struct SubscriptionPage {
    ctx: PageContext,
    customer: Customer,
    subscription: Subscription,
    provider: Partner,
    contact: Partner,
    reseller: Option<Partner>,
    can_change: bool,
    eligible: Vec<Partner>,
    /// Not eligible for a reason worth reading first (no DAP yet, a request
    /// on its way, the authorization ended).
    ineligible: Vec<NotEligible>,
    /// Resellers with no relationship with this customer and no request:
    /// for a large provider, most of them; shown folded.
    unrelated: Vec<NotEligible>,
    /// How many resellers have no relationship with the customer (`unrelated` names the first few).
    unrelated_total: i64,
    selected: String,
    error: Option<&'static str>,
    latest_change: Option<ChangeView>,
    history: Vec<ChangeView>,
    /// The contact came from the provider's default for the customer, when
    /// the subscription was added.
    contact_from_default: bool,
}

impl SubscriptionPage {
    fn is_selected(&self, option: &Partner) -> bool {
        option.tenant_id.as_str() == self.selected
    }
}

/// Where the provider acts on a reseller's request: the request itself when
/// it goes through this provider, else a new request on the reseller's behalf.
#[derive(Debug, Clone)]
pub struct RequestAction {
    href: String,
    make: bool,
    /// The reseller's own page, where its authorization shows.
    reseller_page: bool,
}

type Loaded = read::partner::SubscriptionView;

/// What the provider can do about a reseller that is not eligible.
fn request_action(
    customer: &Customer,
    reseller: &Partner,
    reason: Ineligibility,
    note: Option<&RequestNote>,
) -> Option<RequestAction> {
    // Delegated access is now a GDAP relationship, the reseller's to ask
    // for (the reason says how), and an ended authorization the reseller's
    // to renew: both lead to the reseller's page, with its contacts.
    if reason.is_gdap()
        || reason == Ineligibility::NoDelegatedAdminPrivileges
        || reason == Ineligibility::NotAuthorizedUnderProvider
    {
        return Some(RequestAction {
            href: format!("/partner/resellers/{}", reseller.tenant_id),
            make: false,
            reseller_page: true,
        });
    }
    match note {
        Some(RequestNote {
            through_me: Some(id),
            ..
        }) => Some(RequestAction {
            href: format!("/partner/requests/{id}"),
            make: false,
            reseller_page: false,
        }),
        Some(_) => None,
        None => Some(RequestAction {
            href: format!(
                "/partner/requests?{}",
                serde_urlencoded::to_string([
                    ("for_reseller", reseller.tenant_id.as_str()),
                    ("company", customer.company_name.as_str()),
                    ("domain", customer.domain.as_str()),
                ])
                .unwrap_or_default()
            ),
            make: true,
            reseller_page: false,
        }),
    }
}

/// Everything the subscription page shows, for a caller known already.
async fn load(
    state: &State,
    who: &PartnerUser,
    customer: TenantId,
    id: SubscriptionId,
) -> Result<Loaded, AppError> {
    let (who, now) = (who.clone(), state.now());
    state
        .db(move |conn| {
            Ok(read::partner::subscription(
                conn,
                who.caller(),
                &customer,
                &id,
                now,
            )?)
        })
        .await
}

fn page(
    ui: &Ui,
    who: &PartnerUser,
    session: &Session,
    loaded: Loaded,
    selected: Option<String>,
    error: Option<&'static str>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let ctx = PageContext::partner(ui, who, session, "customers")?;
    render_status(status, &view_with(ctx, who, loaded, selected, error))
}

/// The subscription page for what the core read, as `show` renders it.
pub fn view(ctx: PageContext, who: &PartnerUser, loaded: Loaded) -> impl Template + use<> {
    view_with(ctx, who, loaded, None, None)
}

fn view_with(
    ctx: PageContext,
    who: &PartnerUser,
    loaded: Loaded,
    selected: Option<String>,
    error: Option<&'static str>,
) -> SubscriptionPage {
    let can_change = loaded.access == Access::Manage
        && who.user.is_admin_agent()
        && loaded.subscription.status != crate::domain::SubscriptionStatus::Deleted;
    let latest_change = loaded
        .history
        .iter()
        .find(|c| c.action == Action::SupportContactChanged.as_str())
        .cloned();
    let customer = &loaded.customer;
    let (unrelated, ineligible) = loaded
        .ineligible
        .into_iter()
        .map(|(p, reason, note)| {
            let action = request_action(customer, &p, reason, note.as_ref());
            (p, reason, note, action)
        })
        .partition(|(_, reason, note, _): &NotEligible| {
            *reason == Ineligibility::NoRelationshipWithCustomer && note.is_none()
        });
    SubscriptionPage {
        ctx,
        selected: selected
            .unwrap_or_else(|| loaded.subscription.parties.support_contact.to_string()),
        customer: loaded.customer,
        subscription: loaded.subscription,
        provider: loaded.provider,
        contact: loaded.contact,
        reseller: loaded.reseller,
        can_change,
        eligible: loaded.eligible,
        ineligible,
        unrelated,
        unrelated_total: loaded.unrelated_total,
        error,
        latest_change,
        history: loaded.history,
        contact_from_default: loaded.contact_from_default,
    }
}

/// The subscription page: one database hop, the session check included.
#[tracing::instrument(skip_all)]
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path.0)?;
    let id = subscription_from_path(&path.1)?;
    let now = state.now();
    let (who, loaded) = one_hop
        .load(move |conn, who| {
            Ok(read::partner::subscription(
                conn,
                who.caller(),
                &customer,
                &id,
                now,
            )?)
        })
        .await?;
    page(&ui, &who, &session, loaded, None, None, StatusCode::OK)
}

#[derive(Debug, Deserialize)]
pub struct AssignForm {
    support_contact: Option<String>,
    version: Option<String>,
}

/// Saves the designated support contact and leads to the review of the change.
#[tracing::instrument(skip_all)]
pub async fn assign(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<(String, String)>,
    form: web::Form<AssignForm>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path.0)?;
    let id = subscription_from_path(&path.1)?;
    let form = form.into_inner();
    let typed = form.support_contact.clone().map(|s| s.trim().to_owned());
    let now = state.now();

    let input = match (typed.as_deref(), form.version.as_deref()) {
        (None | Some(""), _) => Err("missing"),
        (Some(raw), version) => match (
            TenantId::parse(raw),
            version.and_then(|v| v.trim().parse::<i32>().ok()),
        ) {
            (Err(_), _) => Err("malformed"),
            (Ok(_), None) => Err("stale_form"),
            (Ok(contact), Some(version)) => Ok(AssignContact {
                customer: customer.clone(),
                subscription: id.clone(),
                version,
                contact,
            }),
        },
    };
    let input = match input {
        Ok(input) => input,
        Err(code) => {
            // Nothing to ask the core: still 404 for what is not this
            // partner's, 403 for a helpdesk agent; the page again otherwise.
            let (c, i) = (customer.clone(), id.clone());
            let (who, loaded) = one_hop
                .load(move |conn, who| {
                    Ok(read::partner::subscription(
                        conn,
                        who.caller(),
                        &c,
                        &i,
                        now,
                    )?)
                })
                .await?;
            if !who.user.is_admin_agent() {
                return Err(AppError::Forbidden);
            }
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return page(&ui, &who, &session, loaded, typed, Some(code), status);
        }
    };
    // The session check and the assignment share one database hop.
    let (who, outcome) = one_hop
        .load(move |conn, who| Ok(contacts::assign(conn, who.caller(), &input, now)))
        .await?;
    let refuse = |code: &'static str, status: StatusCode| {
        let (state, ui, who, session, customer, id, typed) = (
            state.clone(),
            ui.clone(),
            who.clone(),
            session.clone(),
            customer.clone(),
            id.clone(),
            typed.clone(),
        );
        async move {
            let loaded = load(&state, &who, customer, id).await?;
            page(&ui, &who, &session, loaded, typed, Some(code), status)
        }
    };
    match outcome {
        Ok(Assigned::Changed { change_id }) => {
            state.metrics.assignment();
            tracing::info!(subscription_id = %id, change_id, "support contact changed");
            Ok(see_other(&format!(
                "/partner/customers/{customer}/subscriptions/{id}/changes/{change_id}"
            )))
        }
        Ok(Assigned::Unchanged { contact }) => {
            let name = contact.name;
            Flash::ContactUnchanged { name }.set(&session);
            Ok(see_other(&format!(
                "/partner/customers/{customer}/subscriptions/{id}"
            )))
        }
        Err(app::Error::Invalid { problem, .. }) => {
            refuse(problem, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(app::Error::Conflict { .. }) => refuse("conflict", StatusCode::CONFLICT).await,
        Err(
            e @ (app::Error::NotFound
            | app::Error::Forbidden
            | app::Error::Unavailable(_)
            | app::Error::Internal(_)),
        ) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct StatusForm {
    /// `suspended` or `active`; the subscription status it asks for.
    #[serde(default, deserialize_with = "choice")]
    status: Option<Settable>,
    /// `yes` once the confirmation page was seen: suspending asks first.
    #[serde(default)]
    confirmed: Option<String>,
}

#[derive(Template)]
#[template(path = "partner/suspend_confirm.html")]
struct SuspendConfirm {
    ctx: PageContext,
    customer: Customer,
    subscription: Subscription,
    contact: Partner,
}

/// The statuses a provider sets by hand (deleted is not one of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Settable {
    Suspended,
    Active,
}

/// Suspends or reactivates a subscription this provider transacts.
#[tracing::instrument(skip_all)]
pub async fn set_status(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<(String, String)>,
    form: web::Form<StatusForm>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path.0)?;
    let id = subscription_from_path(&path.1)?;
    if form.status == Some(Settable::Suspended) && form.confirmed.as_deref() != Some("yes") {
        return confirm_suspension(&state, &ui, &session, one_hop, customer, id).await;
    }
    let status = form.status.map(|s| match s {
        Settable::Suspended => SubscriptionStatus::Suspended,
        Settable::Active => SubscriptionStatus::Active,
    });
    let (c, i, now) = (customer.clone(), id.clone(), state.now());
    let (_, outcome) = one_hop
        .load(move |conn, who| {
            // Someone else's subscription does not exist, whatever was sent.
            let Some(status) = status else {
                read::partner::visible_subscription(conn, who.caller(), &c, &i)?;
                return Err(if who.user.is_admin_agent() {
                    AppError::BadRequest
                } else {
                    AppError::Forbidden
                });
            };
            Ok(app::subscriptions::set_status(
                conn,
                who.caller(),
                &c,
                &i,
                status,
                now,
            )?)
        })
        .await?;
    let back = format!("/partner/customers/{customer}/subscriptions/{id}");
    if let StatusSet::Changed(subscription) = outcome {
        let name = subscription.friendly_name;
        match subscription.status {
            SubscriptionStatus::Suspended => Flash::SubscriptionSuspended { name },
            _ => Flash::SubscriptionReactivated { name },
        }
        .set(&session);
    }
    Ok(see_other(&back))
}

/// Suspending asks first: what it does, with a button that does it.
async fn confirm_suspension(
    state: &State,
    ui: &Ui,
    session: &Session,
    one_hop: PartnerPage,
    customer: TenantId,
    id: SubscriptionId,
) -> Result<HttpResponse, AppError> {
    let now = state.now();
    let (who, loaded) = one_hop
        .load(move |conn, who| {
            let loaded = read::partner::subscription(conn, who.caller(), &customer, &id, now)?;
            if !who.user.is_admin_agent() || loaded.access != Access::Manage {
                return Err(AppError::Forbidden);
            }
            Ok(loaded)
        })
        .await?;
    if loaded.subscription.status != SubscriptionStatus::Active {
        // Suspended already, or deleted: nothing to ask.
        return Ok(see_other(&format!(
            "/partner/customers/{}/subscriptions/{}",
            loaded.customer.tenant_id, loaded.subscription.id
        )));
    }
    let ctx = PageContext::partner(ui, &who, session, "customers")?;
    render_status(
        StatusCode::OK,
        &SuspendConfirm {
            ctx,
            customer: loaded.customer,
            subscription: loaded.subscription,
            contact: loaded.contact,
        },
    )
}
