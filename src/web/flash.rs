//! The message shown once after an action: what happened, as a type. It
//! travels in the session cookie to the page the action redirects to, which
//! words it in the viewer's language.

use actix_session::Session;
use serde::{Deserialize, Serialize};

use crate::i18n::Tr;

const FLASH: &str = "flash";

/// What just happened. Stored tagged by `code`; a stored message this
/// version does not know is dropped, never shown as another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Flash {
    SubscriptionAdded {
        name: String,
    },
    ContactUnchanged {
        name: String,
    },
    SubscriptionSuspended {
        name: String,
    },
    SubscriptionReactivated {
        name: String,
    },
    UserInvited {
        link: String,
    },
    LinkIssued {
        link: String,
    },
    UserUpdated {
        name: String,
    },
    PartnerDapRemoved {
        name: String,
        reverted: usize,
    },
    PartnerRemoved {
        name: String,
        reverted: usize,
    },
    BulkAssigned {
        name: String,
        count: usize,
    },
    BulkReleased {
        name: String,
        count: usize,
    },
    InvitationCreated {
        link: String,
    },
    InvitationWithdrawn,
    InvitationAccepted {
        provider: String,
    },
    AuthorizationEnded {
        name: String,
        reverted: usize,
    },
    RelationshipRemoved {
        name: String,
        reverted: usize,
    },
    ResellerRelationshipRemoved {
        name: String,
        reverted: usize,
    },
    /// A relationship request's link, shown once on the request's page.
    RequestLink {
        link: String,
    },
    RequestRevoked,
    RequestClosed,
    RequestAccepted,
    RequestDeclined,
    OrganizationCreated,
    PasswordChanged,
    ApiKeyRevoked,
    SupportProfileSaved,
    NotificationsRead,
    GdapRolesRequired {
        reverted: usize,
    },
    GdapTerminated {
        name: String,
        reverted: usize,
    },
    GdapAlreadyEnded,
    GdapApproved {
        partner: String,
    },
    GdapDeclined {
        partner: String,
    },
    PasswordSet {
        email: String,
    },
    DefaultContactSet {
        name: String,
    },
}

impl Flash {
    /// Keeps the message for the next page.
    pub fn set(self, session: &Session) {
        if let Err(e) = session.insert(FLASH, self) {
            tracing::warn!(error = %e, "could not keep a flash message");
        }
    }

    /// The message kept for this page, once.
    pub fn take(session: &Session) -> Option<Self> {
        let flash = session.get::<Flash>(FLASH).ok().flatten();
        session.remove(FLASH);
        flash
    }

    /// What the message says, in the viewer's language.
    pub fn message(&self, t: &Tr) -> String {
        let reverted =
            |text: String, n: &usize| format!("{text} {}", t.count("flash-contacts-reverted", *n));
        match self {
            Self::SubscriptionAdded { name } => t.a1("flash-subscription-added", "name", name),
            Self::DefaultContactSet { name } => t.a1("flash-default-contact-set", "name", name),
            Self::ContactUnchanged { name } => t.a1("flash-contact-unchanged", "name", name),
            Self::SubscriptionSuspended { name } => {
                t.a1("flash-subscription-suspended", "name", name)
            }
            Self::SubscriptionReactivated { name } => {
                t.a1("flash-subscription-reactivated", "name", name)
            }
            Self::UserInvited { .. } => t.get("flash-user-invited"),
            Self::LinkIssued { .. } => t.get("flash-link-issued"),
            Self::UserUpdated { name } => t.a1("flash-user-updated", "name", name),
            Self::PartnerDapRemoved { name, reverted: n } => {
                reverted(t.a1("flash-partner-dap-removed", "name", name), n)
            }
            Self::PartnerRemoved { name, reverted: n } => {
                reverted(t.a1("flash-partner-removed", "name", name), n)
            }
            Self::BulkAssigned { name, count } => {
                t.count1("flash-bulk-assigned", *count, "name", name)
            }
            Self::BulkReleased { name, count } => {
                t.count1("flash-bulk-released", *count, "name", name)
            }
            Self::InvitationCreated { .. } => t.get("flash-invitation-created"),
            Self::InvitationWithdrawn => t.get("flash-invitation-withdrawn"),
            Self::InvitationAccepted { provider } => {
                t.a1("flash-invitation-accepted", "provider", provider)
            }
            Self::AuthorizationEnded { name, reverted: n } => {
                reverted(t.a1("flash-authorization-ended", "name", name), n)
            }
            Self::RelationshipRemoved { name, reverted: n } => {
                reverted(t.a1("flash-relationship-removed", "name", name), n)
            }
            Self::ResellerRelationshipRemoved { name, reverted: n } => {
                reverted(t.a1("flash-reseller-relationship-removed", "name", name), n)
            }
            Self::RequestLink { .. } => String::new(),
            Self::RequestRevoked => t.get("flash-request-revoked"),
            Self::RequestClosed => t.get("flash-request-closed"),
            Self::RequestAccepted => t.get("flash-request-accepted"),
            Self::RequestDeclined => t.get("flash-request-declined"),
            Self::OrganizationCreated => t.get("flash-organization-created"),
            Self::PasswordChanged => t.get("flash-password-changed"),
            Self::PasswordSet { email } => t.a1("flash-password-set", "email", email),
            Self::ApiKeyRevoked => t.get("flash-api-key-revoked"),
            Self::SupportProfileSaved => t.get("flash-support-profile-saved"),
            Self::NotificationsRead => t.get("flash-notifications-read"),
            Self::GdapRolesRequired { reverted: n } => {
                reverted(t.get("flash-gdap-roles-required"), n)
            }
            Self::GdapTerminated { name, reverted: n } => {
                reverted(t.a1("flash-gdap-terminated", "name", name), n)
            }
            Self::GdapAlreadyEnded => t.get("flash-gdap-already-ended"),
            Self::GdapApproved { partner } => t.a1("flash-gdap-approved", "partner", partner),
            Self::GdapDeclined { partner } => t.a1("flash-gdap-declined", "partner", partner),
        }
    }

    /// A link the message offers to copy (shown once: only its hash is kept).
    pub fn link(&self) -> Option<&str> {
        match self {
            Self::UserInvited { link }
            | Self::LinkIssued { link }
            | Self::InvitationCreated { link }
            | Self::RequestLink { link } => Some(link),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flash_is_stored_under_its_code_and_read_back_the_same() {
        let flash = Flash::BulkAssigned {
            name: "Trey Research".into(),
            count: 3,
        };
        let stored = serde_json::to_value(&flash).unwrap();
        assert_eq!(stored["code"], "bulk_assigned");
        assert_eq!(serde_json::from_value::<Flash>(stored).unwrap(), flash);
    }

    #[test]
    fn a_code_this_version_does_not_know_is_refused() {
        let stored = serde_json::json!({"code": "something_else", "name": "x"});
        assert!(serde_json::from_value::<Flash>(stored).is_err());
    }
}
