//! Ending relationships and delegated admin privileges, from either side,
//! with their consequence applied in the same transaction: every contact that
//! stops being eligible goes back to its provider, audited one by one.

use chrono::NaiveDateTime;

use crate::db::{self, DbConn};
use crate::domain::relationship::{self, RemovalRefused, Reversion};
use crate::domain::{PartnerKind, TenantId};
use crate::store::audit::{self, Actor};
use crate::store::{partners, relationships, subscriptions};

pub const DAP_REMOVED: &str = "relationship.delegated_admin_removed";
pub const RELATIONSHIP_REMOVED: &str = "relationship.removed";

#[derive(Debug, thiserror::Error)]
pub enum RelationshipError {
    #[error("no active relationship")]
    NotFound,
    #[error("refused: {0:?}")]
    Refused(RemovalRefused),
    #[error("the removal would change other subscriptions than the ones it listed")]
    PlanMismatch,
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// The audit row of a relationship or authorization change: `partner` is
/// the one it happened to; `to` the provider, for an authorization.
fn record(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    customer: Option<&TenantId>,
    partner: &TenantId,
    to: Option<&TenantId>,
    now: NaiveDateTime,
) -> diesel::QueryResult<()> {
    audit::insert(
        conn,
        actor,
        audit::NewEntry {
            action,
            customer,
            subscription: None,
            from_partner: Some(partner),
            to_partner: to,
            detail: "",
        },
        now,
    )
    .map(drop)
}

/// The customer takes away a partner's delegated admin privileges.
pub fn remove_delegated_admin(
    conn: &mut DbConn,
    actor: &Actor,
    customer: &TenantId,
    partner: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, RelationshipError> {
    db::write(conn, |conn| {
        if !relationships::remove_delegated_admin(conn, customer, partner, now)? {
            return Err(RelationshipError::NotFound);
        }
        record(conn, actor, DAP_REMOVED, Some(customer), partner, None, now)?;
        Ok(crate::app::contacts::revert_ineligible(
            conn,
            actor,
            customer,
            DAP_REMOVED,
            now,
        )?)
    })
}

/// Ends a relationship once the rules allow it, and reverts the contacts.
fn end(
    conn: &mut DbConn,
    actor: &Actor,
    customer: &TenantId,
    partner: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, RelationshipError> {
    if !relationships::remove(conn, customer, partner, now)? {
        return Err(RelationshipError::NotFound);
    }
    record(
        conn,
        actor,
        RELATIONSHIP_REMOVED,
        Some(customer),
        partner,
        None,
        now,
    )?;
    Ok(crate::app::contacts::revert_ineligible(
        conn,
        actor,
        customer,
        RELATIONSHIP_REMOVED,
        now,
    )?)
}

/// The customer deletes a partner: refused for a provider that still has
/// active subscriptions with it.
pub fn customer_removes_partner(
    conn: &mut DbConn,
    actor: &Actor,
    customer: &TenantId,
    partner: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, RelationshipError> {
    db::write(conn, |conn| {
        if relationships::active_dap(conn, customer, partner)?.is_none() {
            return Err(RelationshipError::NotFound);
        }
        let transacted = subscriptions::list_transacted(conn, partner, customer)?;
        relationship::may_remove_provider(&transacted).map_err(RelationshipError::Refused)?;
        end(conn, actor, customer, partner, now)
    })
}

/// A partner ends its own relationship with a customer (rule 6).
pub fn partner_removes_own(
    conn: &mut DbConn,
    actor: &Actor,
    partner: &TenantId,
    kind: PartnerKind,
    customer: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, RelationshipError> {
    db::write(conn, |conn| {
        if relationships::active_dap(conn, customer, partner)?.is_none() {
            return Err(RelationshipError::NotFound);
        }
        let transacted = subscriptions::list_transacted(conn, partner, customer)?;
        relationship::partner_may_remove_own(kind, &transacted)
            .map_err(RelationshipError::Refused)?;
        end(conn, actor, customer, partner, now)
    })
}

/// What a provider ending a reseller's relationship with a customer, on
/// the customer's behalf, would do: the subscriptions that go back to the
/// provider, or why it may not. The confirmation page shows this plan and
/// the action carries out this plan, in its own transaction.
pub fn plan_reseller_removal(
    conn: &mut DbConn,
    provider: &TenantId,
    customer: &TenantId,
    reseller: &TenantId,
) -> Result<Vec<crate::domain::Subscription>, RelationshipError> {
    let own_customer = relationships::is_active(conn, customer, provider)?;
    let own_reseller = partners::reseller_of(conn, provider, reseller)?.is_some();
    if !own_customer || !own_reseller || !relationships::is_active(conn, customer, reseller)? {
        return Err(RelationshipError::NotFound);
    }
    let live = subscriptions::list_live_for_customer(conn, customer)?;
    let mut shared = false;
    for other in partners::providers_of(conn, reseller)? {
        if &other.tenant_id == provider {
            continue;
        }
        let sells_there = live.iter().any(|s| s.parties.provider == other.tenant_id);
        if sells_there || relationships::is_active(conn, customer, &other.tenant_id)? {
            shared = true;
            break;
        }
    }
    relationship::provider_may_remove_reseller(provider, reseller, &live, shared)
        .map_err(RelationshipError::Refused)
}

/// A provider ends, on the customer's behalf, the relationship of one of its
/// own resellers with one of its own customers, when that concerns no other
/// provider (see [`plan_reseller_removal`]). Exactly the planned
/// subscriptions go back to the provider; anything else rolls it all back.
pub fn provider_removes_reseller(
    conn: &mut DbConn,
    actor: &Actor,
    provider: &TenantId,
    customer: &TenantId,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, RelationshipError> {
    db::write(conn, |conn| {
        let planned = plan_reseller_removal(conn, provider, customer, reseller)?;
        let reverted = end(conn, actor, customer, reseller, now)?;
        let mut done: Vec<&str> = reverted
            .iter()
            .map(|r| r.subscription.id.as_str())
            .collect();
        let mut plan: Vec<&str> = planned.iter().map(|s| s.id.as_str()).collect();
        done.sort_unstable();
        plan.sort_unstable();
        if done != plan {
            return Err(RelationshipError::PlanMismatch);
        }
        Ok(reverted)
    })
}

pub const AUTHORIZATION_STARTED: &str = "reseller_authorization.started";
pub const AUTHORIZATION_ENDED: &str = "reseller_authorization.ended";

#[derive(Debug, thiserror::Error)]
pub enum AuthorizationError {
    #[error("no such partner")]
    NotFound,
    #[error("{0} is not an indirect provider")]
    NotAProvider(String),
    #[error("{0} is not an indirect reseller")]
    NotAReseller(String),
    #[error("the reseller has authorized this provider already")]
    AlreadyActive,
    #[error("no active authorization")]
    NotActive,
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// A reseller authorizes a provider: it becomes one of the provider's
/// resellers (rule 2a), again if it had been before.
pub fn authorize_reseller(
    conn: &mut DbConn,
    actor: &Actor,
    provider: &TenantId,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> Result<(), AuthorizationError> {
    db::write(conn, |conn| {
        let found = partners::get_many(conn, &[provider.as_str(), reseller.as_str()])?;
        let kind_of = |id: &TenantId| {
            found
                .iter()
                .find(|p| &p.tenant_id == id)
                .map(|p| p.kind)
                .ok_or(AuthorizationError::NotFound)
        };
        if kind_of(provider)? != PartnerKind::IndirectProvider {
            return Err(AuthorizationError::NotAProvider(provider.to_string()));
        }
        if kind_of(reseller)? != PartnerKind::IndirectReseller {
            return Err(AuthorizationError::NotAReseller(reseller.to_string()));
        }
        if !partners::start_authorization(conn, provider, reseller, now)? {
            return Err(AuthorizationError::AlreadyActive);
        }
        record(
            conn,
            actor,
            AUTHORIZATION_STARTED,
            None,
            reseller,
            Some(provider),
            now,
        )?;
        Ok(())
    })
}

#[derive(Debug, thiserror::Error)]
pub enum InvitationError {
    #[error("no such invitation")]
    NotFound,
    #[error("the invitation was used already, or has expired")]
    Closed,
    #[error(transparent)]
    Authorization(#[from] AuthorizationError),
}

impl From<diesel::result::Error> for InvitationError {
    fn from(e: diesel::result::Error) -> Self {
        Self::Authorization(AuthorizationError::Database(e))
    }
}

/// A reseller accepts a provider's invitation: it authorizes the provider,
/// and the link is used up, in one transaction. Returns the provider.
pub fn accept_invitation(
    conn: &mut DbConn,
    actor: &Actor,
    token: &str,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> Result<TenantId, InvitationError> {
    use crate::store::invitations;
    db::write(conn, |conn| {
        let invitation =
            invitations::get_by_token(conn, token)?.ok_or(InvitationError::NotFound)?;
        if !invitation.is_open(now) {
            return Err(InvitationError::Closed);
        }
        let provider = TenantId::from_trusted(invitation.provider_tenant_id.clone());
        authorize_reseller(conn, actor, &provider, reseller, now)?;
        if !invitations::accept(conn, &invitation.id, reseller, now)? {
            return Err(InvitationError::Closed);
        }
        Ok(provider)
    })
}

/// The provider–reseller authorization ends (either side may end it): the
/// reseller stops being eligible for every customer of the provider, so each
/// subscription it supported goes back to the provider, in this transaction.
pub fn end_authorization(
    conn: &mut DbConn,
    actor: &Actor,
    provider: &TenantId,
    reseller: &TenantId,
    now: NaiveDateTime,
) -> Result<Vec<Reversion>, AuthorizationError> {
    db::write(conn, |conn| {
        if !partners::end_authorization(conn, provider, reseller, now)? {
            return Err(AuthorizationError::NotActive);
        }
        record(
            conn,
            actor,
            AUTHORIZATION_ENDED,
            None,
            reseller,
            Some(provider),
            now,
        )?;
        let mut customers: Vec<TenantId> = Vec::new();
        for (_, subscription) in subscriptions::supported_by(conn, provider, reseller, None)?.rows {
            if !customers.contains(&subscription.customer) {
                customers.push(subscription.customer);
            }
        }
        let mut reverted = Vec::new();
        for customer in &customers {
            reverted.extend(crate::app::contacts::revert_ineligible(
                conn,
                actor,
                customer,
                AUTHORIZATION_ENDED,
                now,
            )?);
        }
        Ok(reverted)
    })
}

pub const REQUEST_CREATED: &str = "relationship.requested";
pub const REQUEST_ACCEPTED: &str = "relationship.accepted";
pub const REQUEST_DECLINED: &str = "relationship.declined";
pub const CUSTOMER_CREATED: &str = "customer.created";

use crate::domain::request::{self, RequestProblem, RequestState};
use crate::store::requests::{self, NewRequest, Request};

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
    now: NaiveDateTime,
) -> diesel::QueryResult<Result<(String, String), RequestProblem>> {
    let (company, domain) = match (request::company(company), request::domain(domain)) {
        (Ok(c), Ok(d)) => (c, d),
        (Err(p), _) | (_, Err(p)) => return Ok(Err(p)),
    };
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
                action: REQUEST_CREATED,
                customer: None,
                subscription: None,
                from_partner: None,
                to_partner: Some(&partner.tenant_id),
                detail: &detail,
            },
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
    Account(#[from] crate::accounts::AccountError),
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
            REQUEST_ACCEPTED
        } else {
            REQUEST_DECLINED
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
        .map_err(|_| AnswerError::Account(crate::accounts::AccountError::BadName))?;
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
                action: CUSTOMER_CREATED,
                customer: Some(&customer.tenant_id),
                subscription: None,
                from_partner: None,
                to_partner: None,
                detail: &customer.domain,
            },
            now,
        )?;
        let user_id = crate::accounts::create(
            conn,
            &system,
            crate::accounts::NewAccount {
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
