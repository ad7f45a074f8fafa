//! Provider–reseller authorizations: a reseller authorizes a provider (by
//! accepting its invitation, or through an operator) and either side ends
//! it; ending sends every contact the reseller held for that provider back.

use crate::domain::audit::Action;
use chrono::NaiveDateTime;

use super::relationships::record;
use crate::db::{self, DbConn};
use crate::domain::relationship::Reversion;
use crate::domain::{PartnerKind, TenantId};
use crate::store::audit::Actor;
use crate::store::{partners, support};

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
            Action::AuthorizationStarted,
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
            Action::AuthorizationEnded,
            None,
            reseller,
            Some(provider),
            now,
        )?;
        let customers = support::customers_supported_by(conn, provider, reseller)?;
        // Where the reseller is the provider's default, it stops being one.
        let customers =
            crate::app::contacts::and_defaults_of(conn, provider, Some(reseller), customers)?;
        let mut reverted = Vec::new();
        for customer in &customers {
            reverted.extend(crate::app::contacts::revert_ineligible(
                conn,
                actor,
                customer,
                Action::AuthorizationEnded,
                now,
            )?);
        }
        Ok(reverted)
    })
}

/// A partner's admin ends an authorization from its side: a provider with
/// one of its resellers, a reseller with one of its providers. Not found
/// unless `other` is on the other side of an active authorization; `None`
/// when it ended meanwhile.
pub fn end_by_partner(
    conn: &mut DbConn,
    caller: crate::app::PartnerCaller<'_>,
    other: &TenantId,
    now: NaiveDateTime,
) -> crate::app::Result<Option<Vec<Reversion>>> {
    use crate::app::Error;
    let me = &caller.partner.tenant_id;
    let (provider, reseller) = match caller.partner.kind {
        PartnerKind::IndirectProvider => (me, other),
        PartnerKind::IndirectReseller => (other, me),
        PartnerKind::DirectBillPartner => return Err(Error::NotFound),
    };
    db::write(conn, |conn| {
        if partners::reseller_of(conn, provider, reseller)?.is_none() {
            return Err(Error::NotFound);
        }
        caller.must_be_admin()?;
        match end_authorization(conn, &caller.actor(), provider, reseller, now) {
            Ok(reverted) => Ok(Some(reverted)),
            Err(AuthorizationError::NotActive) => Ok(None),
            Err(AuthorizationError::Database(e)) => Err(e.into()),
            Err(
                AuthorizationError::NotFound
                | AuthorizationError::NotAProvider(_)
                | AuthorizationError::NotAReseller(_)
                | AuthorizationError::AlreadyActive,
            ) => Err(Error::NotFound),
        }
    })
}

/// What answering an invitation did.
#[derive(Debug, Clone)]
pub enum Answered {
    /// The reseller now authorizes this provider.
    Accepted(crate::domain::Partner),
    /// The link was used, withdrawn or expired, or the authorization exists.
    Closed,
}

/// A reseller's admin accepts a provider's invitation for their reseller.
/// Not found for an unknown link; forbidden for anyone but a reseller's admin.
pub fn accept_invitation_by(
    conn: &mut DbConn,
    caller: crate::app::PartnerCaller<'_>,
    token: &str,
    now: NaiveDateTime,
) -> crate::app::Result<Answered> {
    use crate::app::Error;
    db::write(conn, |conn| {
        if crate::store::invitations::get_by_token(conn, token)?.is_none() {
            return Err(Error::NotFound);
        }
        if caller.partner.kind != PartnerKind::IndirectReseller {
            return Err(Error::Forbidden);
        }
        caller.must_be_admin()?;
        let reseller = &caller.partner.tenant_id;
        match accept_invitation(conn, &caller.actor(), token, reseller, now) {
            Ok(provider) => {
                let provider = partners::get(conn, &provider)?
                    .ok_or_else(|| Error::internal("an invitation names an unknown provider"))?;
                Ok(Answered::Accepted(provider))
            }
            Err(InvitationError::NotFound) => Err(Error::NotFound),
            Err(
                InvitationError::Closed
                | InvitationError::Authorization(AuthorizationError::AlreadyActive),
            ) => Ok(Answered::Closed),
            Err(InvitationError::Authorization(AuthorizationError::Database(e))) => Err(e.into()),
            Err(InvitationError::Authorization(
                AuthorizationError::NotFound
                | AuthorizationError::NotAProvider(_)
                | AuthorizationError::NotAReseller(_)
                | AuthorizationError::NotActive,
            )) => Err(Error::Forbidden),
        }
    })
}
