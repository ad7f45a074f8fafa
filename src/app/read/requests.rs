//! What the partner's requests pages show.

use chrono::NaiveDateTime;

use super::{Request, partner_names};
use crate::app::{Error, PartnerCaller, Result};
use crate::db::DbConn;
use crate::domain::Partner;
use crate::domain::request::RequestState;
use crate::store;

/// A request as listed, with names and its state now.
pub struct RequestRow {
    pub request: Request,
    pub state: RequestState,
    pub via_name: Option<String>,
    /// Who asks: this partner, or one of its resellers.
    pub from_name: String,
}

/// The partner's requests, and the partners a new request may name.
pub struct Requests {
    pub rows: Vec<RequestRow>,
    pub providers: Vec<Partner>,
    pub resellers: Vec<Partner>,
}

pub fn list(conn: &mut DbConn, caller: PartnerCaller, now: NaiveDateTime) -> Result<Requests> {
    let partner = &caller.partner.tenant_id;
    let requests = store::requests::list_for_partner(conn, partner)?;
    let providers = store::partners::providers_of(conn, partner)?;
    let resellers = store::partners::authorized_resellers(conn, partner)?;
    let rows = rows(conn, requests, now)?;
    Ok(Requests {
        rows,
        providers,
        resellers,
    })
}

fn rows(conn: &mut DbConn, requests: Vec<Request>, now: NaiveDateTime) -> Result<Vec<RequestRow>> {
    let names = partner_names(
        conn,
        requests.iter().flat_map(|r| {
            [
                Some(r.partner_tenant_id.clone()),
                r.via_provider_tenant_id.clone(),
            ]
            .into_iter()
            .flatten()
        }),
    )?;
    let name = |id: &str| {
        names
            .get(id)
            .map(|p| p.name.clone())
            .unwrap_or_else(|| id.to_owned())
    };
    Ok(requests
        .into_iter()
        .map(|request| RequestRow {
            state: request.state_at(now),
            via_name: request.via_provider_tenant_id.as_deref().map(name),
            from_name: name(&request.partner_tenant_id),
            request,
        })
        .collect())
}

/// One of the partner's requests (its own, or one through it).
pub fn one(
    conn: &mut DbConn,
    caller: PartnerCaller,
    id: &str,
    now: NaiveDateTime,
) -> Result<RequestRow> {
    let request = store::requests::get_for_partner(conn, &caller.partner.tenant_id, id)?
        .ok_or(Error::NotFound)?;
    rows(conn, vec![request], now)?
        .pop()
        .ok_or_else(|| Error::internal("a request went missing"))
}

/// What a relationship request's link page shows to whoever opens it.
pub struct Link {
    pub request: Request,
    pub state: RequestState,
    pub partner: Partner,
    /// The provider a reseller's request goes through.
    pub via: Option<Partner>,
    /// A customer organization has the request's domain already.
    pub domain_taken: bool,
    /// The signed-in viewer's customer organization, if they belong to one.
    pub viewer_customer: Option<crate::domain::Customer>,
}

/// The request behind a link; `NotFound` for a link that never was.
pub fn link(
    conn: &mut DbConn,
    token: &str,
    viewer: Option<&crate::domain::User>,
    now: NaiveDateTime,
) -> Result<Link> {
    use crate::app::requests::{AnswerError, request_for_link};
    let (request, state) = match request_for_link(conn, token, now) {
        Ok(found) => found,
        Err(AnswerError::Unknown) => return Err(Error::NotFound),
        Err(AnswerError::Database(e)) => return Err(e.into()),
        Err(e) => return Err(Error::internal(e)),
    };
    let named = |id: &str| crate::domain::TenantId::from_trusted(id.to_owned());
    let partner =
        store::partners::get(conn, &named(&request.partner_tenant_id))?.ok_or(Error::NotFound)?;
    let via = match &request.via_provider_tenant_id {
        Some(v) => store::partners::get(conn, &named(v))?,
        None => None,
    };
    let domain_taken = store::customers::find_by_domain(conn, &request.customer_domain)?.is_some();
    let viewer_customer = match viewer.map(|u| &u.organization) {
        Some(crate::domain::Organization::Customer(c)) => store::customers::get(conn, c)?,
        _ => None,
    };
    Ok(Link {
        request,
        state,
        partner,
        via,
        domain_taken,
        viewer_customer,
    })
}
