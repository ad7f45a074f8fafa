use std::collections::BTreeMap;

use actix_session::Session;
use actix_web::HttpResponse;
use askama::Template;

use crate::app::{CustomerCaller, read};
use crate::domain::{Partner, Subscription};
use crate::error::AppError;
use crate::web::extract::CustomerAdminPage;
use crate::web::language::Ui;
use crate::web::{PageContext, State, render};

/// One designated support contact and the subscriptions it supports.
struct ContactGroup {
    contact: Partner,
    subscriptions: Vec<SupportedSubscription>,
}

struct SupportedSubscription {
    friendly_name: String,
    offer_name: String,
    provider_name: String,
    suspended: bool,
}

/// One line of the page's table: a product and whom to call for it.
struct SupportRow {
    friendly_name: String,
    offer_name: String,
    suspended: bool,
    contact: Partner,
    provider_name: String,
}

#[derive(Template)]
#[template(path = "admin/support.html")]
struct SupportPage {
    ctx: PageContext,
    /// Every subscription, by name, with its contact's details.
    rows: Vec<SupportRow>,
    groups: Vec<ContactGroup>,
    /// Bought directly from the vendor: its own support (rule 8).
    vendor: Option<ContactGroup>,
}

fn group(
    subscriptions: Vec<Subscription>,
    partners: &std::collections::HashMap<String, Partner>,
) -> Vec<ContactGroup> {
    let mut groups: BTreeMap<(String, String), ContactGroup> = BTreeMap::new();
    for s in subscriptions {
        let Some(contact) = partners.get(s.parties.support_contact.as_str()) else {
            continue;
        };
        let provider_name = partners
            .get(s.parties.provider.as_str())
            .map(|p| p.name.clone())
            .unwrap_or_default();
        groups
            .entry((contact.name.clone(), contact.tenant_id.to_string()))
            .or_insert_with(|| ContactGroup {
                contact: contact.clone(),
                subscriptions: Vec::new(),
            })
            .subscriptions
            .push(SupportedSubscription {
                friendly_name: s.friendly_name,
                offer_name: s.offer_name,
                suspended: s.status == crate::domain::SubscriptionStatus::Suspended,
                provider_name,
            });
    }
    groups.into_values().collect()
}

/// The page's reads, grouped by contact.
pub struct Loaded {
    direct: Vec<read::VendorSubscription>,
    groups: Vec<ContactGroup>,
}

/// The page's reads: what `show` runs in the session check's hop.
pub fn load(conn: &mut crate::db::DbConn, caller: CustomerCaller) -> crate::app::Result<Loaded> {
    let found = read::admin::support(conn, caller)?;
    Ok(Loaded {
        direct: found.direct,
        groups: group(found.subscriptions, &found.partners),
    })
}

/// The page for what `load` read; `vendor` supports what was bought directly.
pub fn view(ctx: PageContext, vendor: &Partner, loaded: Loaded) -> impl Template + use<> {
    let vendor_group = (!loaded.direct.is_empty()).then(|| ContactGroup {
        contact: vendor.clone(),
        subscriptions: loaded
            .direct
            .into_iter()
            .map(|s| SupportedSubscription {
                suspended: s.status == "suspended",
                friendly_name: s.friendly_name,
                offer_name: s.offer_name,
                provider_name: vendor.name.clone(),
            })
            .collect(),
    });
    let mut rows: Vec<SupportRow> = loaded
        .groups
        .iter()
        .chain(vendor_group.iter())
        .flat_map(|g| {
            g.subscriptions.iter().map(|s| SupportRow {
                friendly_name: s.friendly_name.clone(),
                offer_name: s.offer_name.clone(),
                suspended: s.suspended,
                contact: g.contact.clone(),
                provider_name: s.provider_name.clone(),
            })
        })
        .collect();
    rows.sort_by_cached_key(|r| (r.friendly_name.to_lowercase(), r.contact.name.clone()));
    SupportPage {
        ctx,
        rows,
        groups: loaded.groups,
        vendor: vendor_group,
    }
}

/// Rule 5: whom to call for each active or suspended subscription, from every partner
/// (rule 7), grouped by contact. One database hop, the session check included.
#[tracing::instrument(skip_all)]
pub async fn show(
    state: State,
    ui: Ui,
    session: Session,
    page: CustomerAdminPage,
) -> Result<HttpResponse, AppError> {
    let (who, loaded) = page.load(|conn, who| Ok(load(conn, who.caller())?)).await?;
    let ctx = PageContext::admin(&ui, &who, &session, "support")?;
    render(&view(ctx, &state.vendor, loaded))
}
