//! Changes in words: one line per audit entry, the kinds of change the
//! Activity filter offers, and who made a change. The pages
//! (`partner/change_text.html`, `partials/actor.html`) and the Activity
//! export say them the same way.

use crate::app::read::{ChangeView, Person};
use crate::domain::activity::ChangeKind;
use crate::domain::audit::Action;
use crate::i18n::Tr;

/// What happened, in one line (the customer, the subscription and who did
/// it are said apart).
pub fn describe(t: &Tr, c: &ChangeView) -> String {
    let (from, to, detail) = (&c.from_name, &c.to_name, &c.detail);
    let Some(action) = Action::parse(&c.action) else {
        return c.action.clone();
    };
    match action {
        Action::SupportContactChanged => t.a2("change-support-contact", "from", from, "to", to),
        Action::SupportContactReverted => {
            t.a2("change-support-contact-reverted", "from", from, "to", to)
        }
        Action::DefaultContactSet => t.a2("change-default-contact-set", "from", from, "to", to),
        Action::DefaultContactCleared => {
            t.a2("change-default-contact-cleared", "from", from, "to", to)
        }
        // A creation that names where its contact was (rule 1's provider)
        // started on the customer's default instead.
        Action::SubscriptionCreated if !from.is_empty() => {
            t.a1("change-subscription-created-default", "to", to)
        }
        Action::SubscriptionCreated => t.a1("change-subscription-created", "to", to),
        Action::SubscriptionSuspended => t.get("change-subscription-suspended"),
        Action::SubscriptionReactivated => t.get("change-subscription-reactivated"),
        Action::RelationshipRemoved => t.a1("change-relationship-removed", "from", from),
        Action::DelegatedAdminRemoved => t.a1("change-dap-removed", "from", from),
        Action::AuthorizationStarted => {
            t.a2("change-authorization-started", "from", from, "to", to)
        }
        Action::AuthorizationEnded => t.a2("change-authorization-ended", "from", from, "to", to),
        Action::InvitationCreated => t.get("change-invitation-created"),
        Action::InvitationWithdrawn => t.get("change-invitation-withdrawn"),
        Action::RelationshipRequested => t.a1("change-relationship-requested", "detail", detail),
        Action::RequestRevoked => t.get("change-request-revoked"),
        Action::RequestLinkIssued => t.get("change-request-link"),
        // The answer's detail says whether the request asked for DAP.
        Action::RelationshipAccepted if detail.is_empty() => {
            t.a1("change-relationship-accepted", "to", to)
        }
        Action::RelationshipAccepted => t.a1("change-relationship-accepted-dap", "to", to),
        Action::RelationshipDeclined => t.a1("change-relationship-declined", "to", to),
        Action::UserCreated => t.a1("change-user-created", "detail", detail),
        Action::UserRoleChanged => t.a1("change-user-role", "detail", detail),
        Action::UserDisabled => t.a1("change-user-disabled", "detail", detail),
        Action::UserEnabled => t.a1("change-user-enabled", "detail", detail),
        Action::UserPasswordSet => t.a1("change-user-password", "detail", detail),
        Action::UserPasswordLinkIssued => t.a1("change-user-password-link", "detail", detail),
        Action::ApiKeyCreated => t.get("change-api-key-created"),
        Action::ApiKeyRevoked => t.get("change-api-key-revoked"),
        Action::SupportProfileChanged => t.get("change-support-profile"),
        Action::GdapRequested => t.a2("change-gdap-requested", "to", to, "detail", detail),
        Action::GdapApproved => t.a2("change-gdap-approved", "to", to, "detail", detail),
        Action::GdapDeclined => t.a2("change-gdap-declined", "to", to, "detail", detail),
        Action::GdapTerminated => t.a2("change-gdap-terminated", "to", to, "detail", detail),
        Action::GdapExpired => t.a2("change-gdap-expired", "to", to, "detail", detail),
        Action::GdapExtended => t.a2("change-gdap-extended", "to", to, "detail", detail),
        Action::GdapRolesRequired => t.a1("change-gdap-roles-required", "detail", detail),
        Action::SignInBlocked => t.a1("change-sign-in-blocked", "ip", client_ip(detail)),
        Action::SignInAddressBlocked => {
            t.a1("change-sign-in-address-blocked", "ip", client_ip(detail))
        }
        Action::CustomerCreated | Action::PartnerCreated | Action::AccessRefused => {
            c.action.clone()
        }
    }
}

/// The address a refused sign-in came from, as its audit row keeps it.
fn client_ip(detail: &str) -> &str {
    detail.strip_prefix("client_ip=").unwrap_or(detail)
}

/// What a change turned from and into, when it says: a subscription's
/// support contact, a user's role. `None` for the rest.
pub fn before_after(t: &Tr, c: &ChangeView) -> Option<(String, String)> {
    match Action::parse(&c.action)? {
        Action::SupportContactChanged | Action::SupportContactReverted => {
            Some((c.from_name.clone(), c.to_name.clone()))
        }
        // Stored as "ann@example.com: helpdesk_agent -> admin_agent".
        Action::UserRoleChanged => {
            let (_, roles) = c.detail.rsplit_once(": ")?;
            let (before, after) = roles.split_once(" -> ")?;
            let role = |raw: &str| match crate::domain::Role::parse(raw) {
                Some(crate::domain::Role::AdminAgent) => t.get("role-admin-agent"),
                Some(crate::domain::Role::HelpdeskAgent) => t.get("role-helpdesk-agent"),
                Some(crate::domain::Role::CustomerAdmin) => t.get("role-customer-admin"),
                None => raw.to_owned(),
            };
            Some((role(before), role(after)))
        }
        _ => None,
    }
}

/// A kind of change, as the filter's select and the export name it.
pub fn kind_label(t: &Tr, kind: ChangeKind) -> String {
    match kind {
        ChangeKind::ContactChanged => t.get("activity-kind-contact-changed"),
        ChangeKind::ContactReverted => t.get("activity-kind-contact-reverted"),
        ChangeKind::SubscriptionAdded => t.get("activity-kind-subscription-added"),
        ChangeKind::SubscriptionStatus => t.get("activity-kind-subscription-status"),
        ChangeKind::RelationshipRequested => t.get("activity-kind-relationship-requested"),
        ChangeKind::RelationshipAnswered => t.get("activity-kind-relationship-answered"),
        ChangeKind::RelationshipEnded => t.get("activity-kind-relationship-ended"),
        ChangeKind::Authorizations => t.get("activity-kind-authorizations"),
        ChangeKind::Users => t.get("activity-kind-users"),
        ChangeKind::ApiKeys => t.get("activity-kind-api-keys"),
        ChangeKind::SupportProfile => t.get("activity-kind-support-profile"),
        ChangeKind::Gdap => t.get("activity-kind-gdap"),
        ChangeKind::SignIns => t.get("activity-kind-sign-ins"),
    }
}

/// The kinds in the select's groups: subscriptions, relationships, the
/// partner's own organization.
pub fn kind_groups(t: &Tr) -> [(String, Vec<ChangeKind>); 3] {
    use ChangeKind::*;
    [
        (
            t.get("activity-group-subscriptions"),
            vec![
                ContactChanged,
                ContactReverted,
                SubscriptionAdded,
                SubscriptionStatus,
            ],
        ),
        (
            t.get("activity-group-relationships"),
            vec![
                RelationshipRequested,
                RelationshipAnswered,
                RelationshipEnded,
                Gdap,
            ],
        ),
        (
            t.get("activity-group-organization"),
            vec![Authorizations, Users, ApiKeys, SupportProfile],
        ),
    ]
}

/// The kinds in a customer's Audit select: its subscriptions, its
/// relationships, its own organization (users and refused sign-ins).
pub fn customer_kind_groups(t: &Tr) -> [(String, Vec<ChangeKind>); 3] {
    kind_groups(t).map(|(label, kinds)| {
        let mut kinds: Vec<ChangeKind> = kinds.into_iter().filter(|k| k.for_customers()).collect();
        if kinds.contains(&ChangeKind::Users) {
            kinds.push(ChangeKind::SignIns);
        }
        (label, kinds)
    })
}

/// Who made a change: a person by name, an operator, or nobody.
pub fn who(t: &Tr, person: &Person) -> String {
    if person.is_system() {
        t.get("actor-system")
    } else if person.is_operator() {
        t.get("actor-operator")
    } else {
        person.name.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_in_one_group_of_the_select() {
        let t = Tr::default();
        let grouped: Vec<ChangeKind> = kind_groups(&t)
            .into_iter()
            .flat_map(|(_, kinds)| kinds)
            .collect();
        let partners: Vec<ChangeKind> = ChangeKind::ALL
            .into_iter()
            .filter(|k| k.for_partners())
            .collect();
        assert_eq!(grouped.len(), partners.len());
        for kind in ChangeKind::ALL {
            assert_eq!(grouped.contains(&kind), kind.for_partners(), "{kind:?}");
            assert!(!kind_label(&t, kind).starts_with("activity-"), "{kind:?}");
        }
    }

    #[test]
    fn every_kind_a_customer_audits_is_in_one_group_of_its_select() {
        let t = Tr::default();
        let grouped: Vec<ChangeKind> = customer_kind_groups(&t)
            .into_iter()
            .flat_map(|(_, kinds)| kinds)
            .collect();
        for kind in ChangeKind::ALL {
            let times = grouped.iter().filter(|k| **k == kind).count();
            assert_eq!(times, usize::from(kind.for_customers()), "{kind:?}");
        }
    }
}
