//! What the audit log records: every kind of entry, named once. Stored as
//! the same strings as ever (`support_contact.changed`...); a stored string
//! that names no kind is an error where it is read, never a default.

/// One kind of audit entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    SubscriptionCreated,
    SubscriptionSuspended,
    SubscriptionReactivated,
    SupportContactChanged,
    SupportContactReverted,
    DefaultContactSet,
    DefaultContactCleared,
    RelationshipRequested,
    RequestRevoked,
    RequestLinkIssued,
    RelationshipAccepted,
    RelationshipDeclined,
    RelationshipRemoved,
    DelegatedAdminRemoved,
    CustomerCreated,
    AuthorizationStarted,
    AuthorizationEnded,
    InvitationCreated,
    InvitationWithdrawn,
    ApiKeyCreated,
    ApiKeyRevoked,
    UserCreated,
    UserPasswordSet,
    UserDisabled,
    UserEnabled,
    UserRoleChanged,
    UserPasswordLinkIssued,
    PartnerCreated,
    SupportProfileChanged,
    GdapRequested,
    GdapApproved,
    GdapDeclined,
    GdapTerminated,
    GdapExpired,
    GdapExtended,
    GdapRolesRequired,
    SignInBlocked,
    SignInAddressBlocked,
    AccessRefused,
}

impl Action {
    pub const ALL: [Action; 39] = [
        Self::SubscriptionCreated,
        Self::SubscriptionSuspended,
        Self::SubscriptionReactivated,
        Self::SupportContactChanged,
        Self::SupportContactReverted,
        Self::DefaultContactSet,
        Self::DefaultContactCleared,
        Self::RelationshipRequested,
        Self::RequestRevoked,
        Self::RequestLinkIssued,
        Self::RelationshipAccepted,
        Self::RelationshipDeclined,
        Self::RelationshipRemoved,
        Self::DelegatedAdminRemoved,
        Self::CustomerCreated,
        Self::AuthorizationStarted,
        Self::AuthorizationEnded,
        Self::InvitationCreated,
        Self::InvitationWithdrawn,
        Self::ApiKeyCreated,
        Self::ApiKeyRevoked,
        Self::UserCreated,
        Self::UserPasswordSet,
        Self::UserDisabled,
        Self::UserEnabled,
        Self::UserRoleChanged,
        Self::UserPasswordLinkIssued,
        Self::PartnerCreated,
        Self::SupportProfileChanged,
        Self::GdapRequested,
        Self::GdapApproved,
        Self::GdapDeclined,
        Self::GdapTerminated,
        Self::GdapExpired,
        Self::GdapExtended,
        Self::GdapRolesRequired,
        Self::SignInBlocked,
        Self::SignInAddressBlocked,
        Self::AccessRefused,
    ];

    /// What the API's audit records give: changes to subscriptions,
    /// relationships and authorizations (not sign-ins, refusals, user
    /// management or API keys). The Activity page shows more: every action
    /// `activity::ChangeKind::of` files under a kind.
    pub const ACTIVITY: [Action; 9] = [
        Self::SubscriptionCreated,
        Self::SupportContactChanged,
        Self::SupportContactReverted,
        Self::SubscriptionSuspended,
        Self::SubscriptionReactivated,
        Self::RelationshipRemoved,
        Self::DelegatedAdminRemoved,
        Self::AuthorizationStarted,
        Self::AuthorizationEnded,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SubscriptionCreated => "subscription.created",
            Self::SubscriptionSuspended => "subscription.suspended",
            Self::SubscriptionReactivated => "subscription.reactivated",
            Self::SupportContactChanged => "support_contact.changed",
            Self::SupportContactReverted => "support_contact.reverted",
            Self::DefaultContactSet => "support_contact.default_set",
            Self::DefaultContactCleared => "support_contact.default_cleared",
            Self::RelationshipRequested => "relationship.requested",
            Self::RequestRevoked => "relationship.request_revoked",
            Self::RequestLinkIssued => "relationship.request_link_issued",
            Self::RelationshipAccepted => "relationship.accepted",
            Self::RelationshipDeclined => "relationship.declined",
            Self::RelationshipRemoved => "relationship.removed",
            Self::DelegatedAdminRemoved => "relationship.delegated_admin_removed",
            Self::CustomerCreated => "customer.created",
            Self::AuthorizationStarted => "reseller_authorization.started",
            Self::AuthorizationEnded => "reseller_authorization.ended",
            Self::InvitationCreated => "reseller_invitation.created",
            Self::InvitationWithdrawn => "reseller_invitation.withdrawn",
            Self::ApiKeyCreated => "api_key.created",
            Self::ApiKeyRevoked => "api_key.revoked",
            Self::UserCreated => "user.created",
            Self::UserPasswordSet => "user.password_set",
            Self::UserDisabled => "user.disabled",
            Self::UserEnabled => "user.enabled",
            Self::UserRoleChanged => "user.role_changed",
            Self::UserPasswordLinkIssued => "user.password_link_issued",
            Self::PartnerCreated => "partner.created",
            Self::SupportProfileChanged => "partner.support_profile_changed",
            Self::GdapRequested => "gdap.requested",
            Self::GdapApproved => "gdap.approved",
            Self::GdapDeclined => "gdap.declined",
            Self::GdapTerminated => "gdap.terminated",
            Self::GdapExpired => "gdap.expired",
            Self::GdapExtended => "gdap.extended",
            Self::GdapRolesRequired => "partner.gdap_roles_required",
            Self::SignInBlocked => "sign_in.blocked",
            Self::SignInAddressBlocked => "sign_in.address_blocked",
            Self::AccessRefused => "access.refused",
        }
    }

    pub fn parse(stored: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == stored)
    }

    /// The stored strings of several kinds, for a query's `IN (...)`.
    pub fn strs<const N: usize>(actions: [Action; N]) -> [&'static str; N] {
        actions.map(Action::as_str)
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Action;

    #[test]
    fn every_action_is_stored_as_its_own_string_and_read_back() {
        let mut seen = std::collections::HashSet::new();
        for action in Action::ALL {
            assert!(seen.insert(action.as_str()), "{action} twice");
            assert_eq!(Action::parse(action.as_str()), Some(action));
        }
        assert_eq!(Action::parse("support_contact.changed "), None);
        assert_eq!(Action::parse("unknown.kind"), None);
    }
}
