use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::tenant_from_path;
use crate::app;
use crate::app::read::default_contact::DefaultChoices;
use crate::app::read::{self, SubscriptionRow};
use crate::app::subscriptions::{AddSubscription, ResellerRef};
use crate::domain::{Customer, Partner, TenantId};
use crate::error::AppError;
use crate::web::extract::{PartnerPage, PartnerUser};
use crate::web::flash::Flash;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render_status, see_other};

use crate::domain::text::MAX_NAME_CHARS;
const MAX_QUANTITY: i32 = 1_000_000;

#[derive(Template)]
#[template(path = "partner/customer.html")]
struct CustomerPage {
    ctx: PageContext,
    customer: Customer,
    subscriptions: Vec<SubscriptionRow>,
    can_add: bool,
    form: AddForm,
    errors: AddErrors,
    /// This partner's own relationship: with DAP or not.
    own_dap: bool,
    /// This provider's resellers that have a relationship with the customer: (reseller, DAP).
    reseller_relationships: Vec<(Partner, bool)>,
    is_reseller: bool,
    can_manage: bool,
    /// Active subscriptions this provider sells here: while there are any,
    /// the page says so instead of offering to end the relationship.
    active_here: usize,
    problem: Option<RelationshipProblem>,
    /// A provider: its default support contact for new subscriptions here.
    default_contact: Option<DefaultChoices>,
    /// The default's choice as shown checked: the one set (or the
    /// provider), or what the user sent.
    default_choice: String,
    default_error: Option<&'static str>,
}

impl CustomerPage {
    fn is_default_choice(&self, option: &Partner) -> bool {
        option.tenant_id.as_str() == self.default_choice
    }
}

/// Why ending the relationship was refused.
#[derive(Debug, Clone)]
pub enum RelationshipProblem {
    ActiveSubscriptions(Vec<crate::domain::Subscription>),
}

/// The add-subscription form as typed, kept to show again after an error.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AddForm {
    #[serde(default)]
    offer_name: String,
    #[serde(default)]
    friendly_name: String,
    #[serde(default)]
    quantity: String,
    #[serde(default)]
    reseller_of_record: String,
}

/// One code per field; the template words them.
#[derive(Debug, Clone, Default)]
struct AddErrors {
    offer_name: Option<&'static str>,
    friendly_name: Option<&'static str>,
    quantity: Option<&'static str>,
    reseller_of_record: Option<&'static str>,
}

impl AddErrors {
    fn any(&self) -> bool {
        self.offer_name.is_some()
            || self.friendly_name.is_some()
            || self.quantity.is_some()
            || self.reseller_of_record.is_some()
    }
}

type Loaded = read::partner::CustomerView;

/// The customer page again, saying why the relationship could not end.
pub async fn refused_page(
    state: &State,
    ui: &Ui,
    session: &Session,
    who: &PartnerUser,
    customer: TenantId,
    problem: RelationshipProblem,
) -> Result<HttpResponse, AppError> {
    let caller = who.clone();
    let now = state.now();
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
    page_with(
        ui,
        who,
        session,
        loaded,
        AddForm::default(),
        AddErrors::default(),
        StatusCode::CONFLICT,
        Some(problem),
    )
}

/// The customer page again with the default-contact form refused: the
/// user's choice kept, the problem said, 422.
pub fn default_refused(
    ui: &Ui,
    who: &PartnerUser,
    session: &Session,
    loaded: Loaded,
    choice: String,
    problem: &'static str,
) -> Result<HttpResponse, AppError> {
    let ctx = PageContext::partner(ui, who, session, "customers")?;
    let mut page = view_with(
        ctx,
        who,
        loaded,
        AddForm::default(),
        AddErrors::default(),
        None,
    );
    page.default_choice = choice;
    page.default_error = Some(problem);
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

fn page(
    ui: &Ui,
    who: &PartnerUser,
    session: &Session,
    loaded: Loaded,
    form: AddForm,
    errors: AddErrors,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    page_with(ui, who, session, loaded, form, errors, status, None)
}

#[allow(clippy::too_many_arguments)]
fn page_with(
    ui: &Ui,
    who: &PartnerUser,
    session: &Session,
    loaded: Loaded,
    form: AddForm,
    errors: AddErrors,
    status: StatusCode,
    problem: Option<RelationshipProblem>,
) -> Result<HttpResponse, AppError> {
    let ctx = PageContext::partner(ui, who, session, "customers")?;
    render_status(status, &view_with(ctx, who, loaded, form, errors, problem))
}

/// The customer page for what the core read, as `show` renders it.
pub fn view(ctx: PageContext, who: &PartnerUser, loaded: Loaded) -> impl Template + use<> {
    view_with(
        ctx,
        who,
        loaded,
        AddForm::default(),
        AddErrors::default(),
        None,
    )
}

fn view_with(
    ctx: PageContext,
    who: &PartnerUser,
    loaded: Loaded,
    form: AddForm,
    errors: AddErrors,
    problem: Option<RelationshipProblem>,
) -> CustomerPage {
    let default_choice = match &loaded.default_contact {
        Some(DefaultChoices {
            current: Some(c), ..
        }) => c.tenant_id.to_string(),
        _ => who.partner.tenant_id.to_string(),
    };
    CustomerPage {
        default_contact: loaded.default_contact,
        default_choice,
        default_error: None,
        own_dap: loaded.own_dap,
        reseller_relationships: loaded.reseller_relationships,
        is_reseller: who.partner.kind == crate::domain::PartnerKind::IndirectReseller,
        can_manage: who.user.is_admin_agent(),
        active_here: loaded.active_here,
        problem,
        ctx,
        customer: loaded.customer,
        subscriptions: loaded.subscriptions,
        can_add: who.partner.kind.transacts() && who.user.is_admin_agent(),
        form,
        errors,
    }
}

/// The customer page: one database hop, the session check included.
#[tracing::instrument(skip_all)]
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path)?;
    let now = state.now();
    let (who, loaded) = one_hop
        .load(move |conn, who| Ok(read::partner::customer(conn, who.caller(), &customer, now)?))
        .await?;
    page(
        &ui,
        &who,
        &session,
        loaded,
        AddForm::default(),
        AddErrors::default(),
        StatusCode::OK,
    )
}

#[derive(Debug)]
struct ValidSubscription {
    offer_name: String,
    friendly_name: String,
    quantity: i32,
    reseller_of_record: Option<ResellerRef>,
}

fn validate(form: &AddForm) -> Result<ValidSubscription, AddErrors> {
    let mut errors = AddErrors::default();
    let offer_name = form.offer_name.trim();
    if offer_name.is_empty() {
        errors.offer_name = Some("required");
    } else if offer_name.chars().count() > MAX_NAME_CHARS {
        errors.offer_name = Some("too_long");
    }
    let friendly_name = form.friendly_name.trim();
    if friendly_name.chars().count() > MAX_NAME_CHARS {
        errors.friendly_name = Some("too_long");
    }
    let quantity = match form.quantity.trim().parse::<i64>() {
        Ok(q) if (1..=i64::from(MAX_QUANTITY)).contains(&q) => q as i32,
        Ok(_) => {
            errors.quantity = Some("out_of_range");
            0
        }
        Err(_) => {
            errors.quantity = Some("not_a_number");
            0
        }
    };
    // A tenant id (as scripts and older forms send) or an MPN ID (as people
    // type); whether it is one of the provider's resellers is the core's to say.
    let reseller_of_record = match form.reseller_of_record.trim() {
        "" => None,
        raw if is_mpn_id(raw) => Some(ResellerRef::MpnId(raw.to_owned())),
        raw => match TenantId::parse(raw) {
            Ok(id) => Some(ResellerRef::TenantId(id)),
            Err(_) => {
                errors.reseller_of_record = Some("not_your_reseller");
                None
            }
        },
    };
    if errors.any() {
        return Err(errors);
    }
    Ok(ValidSubscription {
        friendly_name: if friendly_name.is_empty() {
            offer_name.to_owned()
        } else {
            friendly_name.to_owned()
        },
        offer_name: offer_name.to_owned(),
        quantity,
        reseller_of_record,
    })
}

/// Whether a reseller's name in the form is an MPN ID: digits only.
fn is_mpn_id(raw: &str) -> bool {
    (1..=MAX_MPN_DIGITS).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_digit())
}

/// Longer than any MPN ID (seven digits today).
const MAX_MPN_DIGITS: usize = 20;

/// Adds a subscription this provider transacts; it starts with the provider
/// as its designated support contact (rule 1). The session check and the
/// addition share one database hop; a form to correct costs a second one.
#[tracing::instrument(skip_all)]
pub async fn add_subscription(
    state: State,
    ui: Ui,
    session: Session,
    one_hop: PartnerPage,
    path: web::Path<String>,
    form: web::Form<AddForm>,
) -> Result<HttpResponse, AppError> {
    let customer = tenant_from_path(&path)?;
    let form = form.into_inner();
    let now = state.now();
    let (who, errors) = match validate(&form) {
        Ok(valid) => {
            let input = AddSubscription {
                customer: customer.clone(),
                offer_name: valid.offer_name,
                friendly_name: valid.friendly_name.clone(),
                quantity: valid.quantity,
                reseller_of_record: valid.reseller_of_record,
            };
            let (who, added) = one_hop
                .load(move |conn, who| Ok(app::subscriptions::add(conn, who.caller(), input, now)))
                .await?;
            match added {
                Ok(id) => {
                    tracing::info!(subscription_id = %id, "subscription added");
                    let name = valid.friendly_name;
                    Flash::SubscriptionAdded { name }.set(&session);
                    return Ok(see_other(&format!(
                        "/partner/customers/{customer}/subscriptions/{id}"
                    )));
                }
                Err(app::Error::Invalid { problem, .. }) => {
                    let errors = AddErrors {
                        reseller_of_record: Some(problem),
                        ..AddErrors::default()
                    };
                    (Err(who), errors)
                }
                Err(
                    e @ (app::Error::NotFound
                    | app::Error::Forbidden
                    | app::Error::Conflict { .. }
                    | app::Error::Unavailable(_)
                    | app::Error::Internal(_)),
                ) => return Err(e.into()),
            }
        }
        Err(errors) => (Ok(one_hop), errors),
    };
    // The page again with the problems: still 404 for a customer that is
    // not this partner's, 403 for who may not add.
    let (who, loaded) = match who {
        Ok(one_hop) => {
            one_hop
                .load(move |conn, who| {
                    Ok(read::partner::customer(conn, who.caller(), &customer, now)?)
                })
                .await?
        }
        Err(who) => {
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
            (who, loaded)
        }
    };
    if !(who.partner.kind.transacts() && who.user.is_admin_agent()) {
        return Err(AppError::Forbidden);
    }
    page(
        &ui,
        &who,
        &session,
        loaded,
        form,
        errors,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(offer: &str, friendly: &str, quantity: &str, reseller: &str) -> AddForm {
        AddForm {
            offer_name: offer.into(),
            friendly_name: friendly.into(),
            quantity: quantity.into(),
            reseller_of_record: reseller.into(),
        }
    }

    #[test]
    fn a_valid_form_defaults_the_friendly_name() {
        let valid = validate(&form(" Microsoft 365 E5 ", "", "10", "")).unwrap();
        assert_eq!(valid.offer_name, "Microsoft 365 E5");
        assert_eq!(valid.friendly_name, "Microsoft 365 E5");
        assert_eq!(valid.quantity, 10);
        assert_eq!(valid.reseller_of_record, None);
    }

    #[test]
    fn each_bad_field_gets_its_code() {
        let errors = validate(&form("", &"x".repeat(201), "0", "not-a-guid")).unwrap_err();
        assert_eq!(errors.offer_name, Some("required"));
        assert_eq!(errors.friendly_name, Some("too_long"));
        assert_eq!(errors.quantity, Some("out_of_range"));
        assert_eq!(errors.reseller_of_record, Some("not_your_reseller"));
        let errors = validate(&form("A", "", "ten", "")).unwrap_err();
        assert_eq!(errors.quantity, Some("not_a_number"));
    }

    #[test]
    fn a_reseller_of_record_is_named_by_mpn_id_or_by_tenant_id() {
        let named = |raw: &str| validate(&form("A", "", "1", raw)).map(|v| v.reseller_of_record);
        assert_eq!(
            named(" 7654321 ").unwrap(),
            Some(ResellerRef::MpnId("7654321".into()))
        );
        let id = "0b9e9a3c-5d6f-4a1b-8c2d-3e4f5a6b7c8d";
        assert_eq!(
            named(id).unwrap(),
            Some(ResellerRef::TenantId(TenantId::parse(id).unwrap()))
        );
        for bad in ["Trey Research", "12a", &"1".repeat(21)] {
            assert_eq!(
                named(bad).unwrap_err().reseller_of_record,
                Some("not_your_reseller"),
                "{bad}"
            );
        }
    }
}
