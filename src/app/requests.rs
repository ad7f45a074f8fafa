//! Relationship requests (rule 3): a partner asks, the customer's admin
//! answers through a single-use link (creating the customer's organization
//! when nobody holds its domain yet), and the partner may revoke a request
//! or give it a new link.

use crate::domain::audit::Action;
use chrono::NaiveDateTime;

use super::{Error, PartnerCaller};
use crate::db::{self, DbConn};
use crate::domain::request::{self, RequestProblem, RequestState};
use crate::domain::{PartnerKind, TenantId};
use crate::store::audit::{self, Actor};
use crate::store::relationships;
use crate::store::requests::{self, NewRequest, Request};

/// The request must be the caller's partner's (404 otherwise), and the
/// caller its admin (403).
pub fn own(conn: &mut DbConn, caller: &PartnerCaller<'_>, id: &str) -> super::Result<()> {
    if requests::get_for_partner(conn, &caller.partner.tenant_id, id)?.is_none() {
        return Err(Error::NotFound);
    }
    caller.must_be_admin()
}

/// What became of a request that was asked to change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changed<T> {
    Done(T),
    /// It was no longer pending (answered, revoked or expired meanwhile).
    NotPending,
}

/// Revokes one of the partner's pending requests: its link stops working.
pub fn revoke(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    id: &str,
    now: NaiveDateTime,
) -> super::Result<Changed<()>> {
    db::write(conn, |conn| {
        own(conn, &caller, id)?;
        if !requests::revoke(conn, &caller.partner.tenant_id, id, now)? {
            return Ok(Changed::NotPending);
        }
        caller.record(conn, Action::RequestRevoked, id, now)?;
        Ok(Changed::Done(()))
    })
}

/// A new link for one of the partner's pending requests, valid for the
/// usual lifetime from now; the old link stops working. Gives the token.
pub fn new_link(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    id: &str,
    now: NaiveDateTime,
) -> super::Result<Changed<String>> {
    db::write(conn, |conn| {
        own(conn, &caller, id)?;
        let expires = now + crate::domain::request::default_lifetime();
        let Some(token) = requests::rekey(conn, &caller.partner.tenant_id, id, expires)? else {
            return Ok(Changed::NotPending);
        };
        caller.record(conn, Action::RequestLinkIssued, id, now)?;
        Ok(Changed::Done(token))
    })
}

/// What a partner's admin asks for on the requests page.
#[derive(Debug, Clone)]
pub struct Ask {
    pub company: String,
    pub domain: String,
    pub delegated_admin: bool,
    /// A reseller names the provider it works through.
    pub via_provider: Option<TenantId>,
    /// A provider asks on behalf of one of its resellers.
    pub for_reseller: Option<TenantId>,
    /// An address the product e-mails the link to, in this language unless
    /// the address has an account with its own.
    pub send_to: Option<Recipient>,
}

/// Where a request's link is e-mailed.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub address: String,
    pub language: crate::i18n::Lang,
}

/// A partner's admin asks a customer for a relationship, for itself or, as
/// a provider, for one of its resellers (through itself). Gives the
/// request's id and the link's token, or what is wrong with the input.
pub fn partner_asks(
    conn: &mut DbConn,
    caller: PartnerCaller<'_>,
    ask: &Ask,
    now: NaiveDateTime,
) -> super::Result<Result<(String, String), RequestProblem>> {
    caller.must_be_admin()?;
    let (partner, via) = match &ask.for_reseller {
        None => (caller.partner.clone(), ask.via_provider.clone()),
        Some(_) if ask.via_provider.is_some() => return Ok(Err(RequestProblem::ProviderInvalid)),
        Some(reseller) => {
            // One of the provider's current resellers, read by its key.
            let provider = &caller.partner.tenant_id;
            match crate::store::partners::reseller_of(conn, provider, reseller)? {
                Some(authorization) => (authorization.partner, Some(provider.clone())),
                None => return Ok(Err(RequestProblem::ProviderInvalid)),
            }
        }
    };
    Ok(create_request(
        conn,
        &caller.actor(),
        &partner,
        via.as_ref(),
        &ask.company,
        &ask.domain,
        ask.delegated_admin,
        ask.send_to.as_ref(),
        now,
    )?)
}

/// A partner asks a customer for a relationship; a reseller names the
/// provider it works through, which it must have authorized.
#[allow(clippy::too_many_arguments)]
pub fn create_request(
    conn: &mut DbConn,
    actor: &Actor,
    partner: &crate::domain::Partner,
    via_provider: Option<&TenantId>,
    company: &str,
    domain: &str,
    delegated_admin: bool,
    send_to: Option<&Recipient>,
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(String, String), RequestProblem>> {
    let (company, domain) = match (request::company(company), request::domain(domain)) {
        (Ok(c), Ok(d)) => (c, d),
        (Err(p), _) | (_, Err(p)) => return Ok(Err(p)),
    };
    if send_to.is_some_and(|r| !crate::domain::text::is_email_address(r.address.trim())) {
        return Ok(Err(RequestProblem::SendToInvalid));
    }
    db::write(conn, |conn| {
        let via = match (partner.kind, via_provider) {
            // A provider asking on behalf of one of its resellers.
            (_, Some(provider))
                if actor.partner.as_ref() == Some(provider)
                    && partner.kind == PartnerKind::IndirectReseller =>
            {
                let mine = crate::store::partners::providers_of(conn, &partner.tenant_id)?;
                if !mine.iter().any(|p| &p.tenant_id == provider) {
                    return Ok(Err(RequestProblem::ProviderInvalid));
                }
                Some(provider)
            }
            (PartnerKind::IndirectReseller, Some(provider)) => {
                let mine = crate::store::partners::providers_of(conn, &partner.tenant_id)?;
                if !mine.iter().any(|p| &p.tenant_id == provider) {
                    return Ok(Err(RequestProblem::ProviderInvalid));
                }
                Some(provider)
            }
            (PartnerKind::IndirectReseller, None) | (_, Some(_)) => {
                return Ok(Err(RequestProblem::ProviderInvalid));
            }
            (_, None) => None,
        };
        if delegated_admin && partner.kind == PartnerKind::IndirectReseller {
            return Ok(Err(RequestProblem::LegacyDapRetired));
        }
        let new = NewRequest {
            partner: &partner.tenant_id,
            via_provider: via,
            company: &company,
            domain: &domain,
            delegated_admin,
            expires_at: now + request::default_lifetime(),
        };
        let made = requests::insert(conn, &new, now)?;
        let detail = format!(
            "{company} ({domain}){}",
            if delegated_admin { ", with DAP" } else { "" }
        );
        audit::insert(
            conn,
            actor,
            audit::NewEntry {
                action: Action::RelationshipRequested,
                customer: None,
                subscription: None,
                from_partner: None,
                to_partner: Some(&partner.tenant_id),
                detail: &detail,
            },
            now,
        )?;
        super::notify::relationship_requested(
            conn,
            &partner.name,
            &company,
            &domain,
            &format!("/relationships/{}", made.1),
            send_to.map(|r| r.address.trim()),
            send_to.map(|r| r.language).unwrap_or_default(),
            now,
        )?;
        Ok(Ok(made))
    })
}

#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    #[error("the link is unknown")]
    Unknown,
    #[error("the request is {0:?}")]
    NotPending(RequestState),
    #[error("the request names another organization")]
    OtherCustomer,
    #[error("a customer with this domain exists already")]
    DomainTaken,
    #[error(transparent)]
    Account(#[from] crate::app::users::AccountError),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// The request behind a link, and its state now.
pub fn request_for_link(
    conn: &mut DbConn,
    token: &str,
    now: NaiveDateTime,
) -> Result<(Request, RequestState), AnswerError> {
    let request = requests::get_by_token(conn, token)?.ok_or(AnswerError::Unknown)?;
    let state = request.state_at(now);
    Ok((request, state))
}

/// A customer admin accepts or declines. Accepting makes the relationship
/// (and the provider's, for a reseller that works through one). A double
/// submit changes nothing the second time.
pub fn answer(
    conn: &mut DbConn,
    actor: &Actor,
    token: &str,
    customer: &crate::domain::Customer,
    accept: bool,
    now: NaiveDateTime,
) -> Result<Request, AnswerError> {
    db::write(conn, |conn| {
        let (request, _) = request_for_link(conn, token, now)?;
        answer_request(conn, actor, request, customer, accept, now)
    })
}

/// The same, for a request the customer admin picked from its Partners page.
pub fn answer_by_id(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    customer: &crate::domain::Customer,
    accept: bool,
    now: NaiveDateTime,
) -> Result<Request, AnswerError> {
    db::write(conn, |conn| {
        let request =
            requests::get_for_domain(conn, &customer.domain, id)?.ok_or(AnswerError::Unknown)?;
        answer_request(conn, actor, request, customer, accept, now)
    })
}

fn answer_request(
    conn: &mut DbConn,
    actor: &Actor,
    request: Request,
    customer: &crate::domain::Customer,
    accept: bool,
    now: NaiveDateTime,
) -> Result<Request, AnswerError> {
    {
        let state = request.state_at(now);
        if state != RequestState::Pending {
            return Err(AnswerError::NotPending(state));
        }
        if !request
            .customer_domain
            .eq_ignore_ascii_case(&customer.domain)
        {
            return Err(AnswerError::OtherCustomer);
        }
        let decided = if accept { "accepted" } else { "declined" };
        if !requests::decide(conn, &request.id, decided, Some(&customer.tenant_id), now)? {
            // Answered meanwhile (a double submit): nothing more to do.
            return Err(AnswerError::NotPending(RequestState::Accepted));
        }
        let partner = TenantId::from_trusted(request.partner_tenant_id.clone());
        if accept {
            relationships::accept(
                conn,
                &customer.tenant_id,
                &partner,
                request.delegated_admin,
                now,
            )?;
            if let Some(provider) = &request.via_provider_tenant_id {
                let provider = TenantId::from_trusted(provider.clone());
                if !relationships::is_active(conn, &customer.tenant_id, &provider)? {
                    relationships::accept(conn, &customer.tenant_id, &provider, false, now)?;
                }
            }
        }
        let action = if accept {
            Action::RelationshipAccepted
        } else {
            Action::RelationshipDeclined
        };
        let detail = if request.delegated_admin {
            "with DAP"
        } else {
            ""
        };
        audit::insert(
            conn,
            actor,
            audit::NewEntry {
                action,
                customer: Some(&customer.tenant_id),
                subscription: None,
                from_partner: None,
                to_partner: Some(&partner),
                detail,
            },
            now,
        )?;
        Ok(request)
    }
}

/// No customer has the request's domain yet: create the organization and
/// its first admin, and accept, in one transaction. Returns the new user id.
#[allow(clippy::too_many_arguments)]
pub fn create_customer_and_accept(
    conn: &mut DbConn,
    token: &str,
    company: &str,
    country: &str,
    admin_email: &str,
    admin_name: &str,
    password: &str,
    now: NaiveDateTime,
) -> Result<(i32, Request), AnswerError> {
    let company = request::company(company)
        .map_err(|_| AnswerError::Account(crate::app::users::AccountError::BadName))?;
    db::write(conn, |conn| {
        let (request, state) = request_for_link(conn, token, now)?;
        if state != RequestState::Pending {
            return Err(AnswerError::NotPending(state));
        }
        if crate::store::customers::find_by_domain(conn, &request.customer_domain)?.is_some() {
            return Err(AnswerError::DomainTaken);
        }
        let customer = crate::domain::Customer {
            tenant_id: TenantId::new_random(),
            company_name: company.clone(),
            domain: request.customer_domain.clone(),
            country: country.trim().to_ascii_uppercase(),
        };
        crate::store::customers::insert(conn, &customer, now)?;
        let system = Actor {
            user_id: None,
            email: admin_email.trim().to_lowercase(),
            partner: None,
        };
        audit::insert(
            conn,
            &system,
            audit::NewEntry {
                action: Action::CustomerCreated,
                customer: Some(&customer.tenant_id),
                subscription: None,
                from_partner: None,
                to_partner: None,
                detail: &customer.domain,
            },
            now,
        )?;
        let user_id = crate::app::users::create(
            conn,
            &system,
            crate::app::users::NewAccount {
                email: admin_email,
                display_name: admin_name,
                organization: crate::domain::Organization::Customer(customer.tenant_id.clone()),
                role: crate::domain::Role::CustomerAdmin,
                password,
            },
            now,
        )?;
        let actor = Actor {
            user_id: Some(user_id),
            ..system
        };
        let request = answer(conn, &actor, token, &customer, true, now)?;
        Ok((user_id, request))
    })
}
