//! Rule 2: who may be a subscription's designated support contact.
//!
//! The provider itself always may. A reseller may when it is one of the
//! provider's resellers (an active authorization), has an active
//! relationship with the customer, and has delegated access to the
//! customer: either legacy delegated admin privileges (DAP) on that
//! relationship, or an active granular (GDAP) relationship that includes
//! at least one of the roles the provider requires (any, when it requires
//! none).

use chrono::NaiveDateTime;

use super::TenantId;
use super::gdap::{self, Roles};

/// Why one of the provider's resellers cannot be chosen. Ordered: the first
/// that applies is the one to fix first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ineligibility {
    /// Its authorization of this provider has ended (or never existed).
    NotAuthorizedUnderProvider,
    /// The customer has not accepted it as a reseller (or removed it).
    NoRelationshipWithCustomer,
    /// The relationship has no delegated access: no legacy DAP, no GDAP.
    NoDelegatedAdminPrivileges,
    /// A GDAP relationship awaits the customer's approval.
    GdapPending,
    /// Its GDAP relationships are active, but none has a role the provider requires.
    GdapWithoutRequiredRole,
    /// Its last GDAP relationship ended (expired or terminated) then.
    GdapEnded(NaiveDateTime),
}

impl Ineligibility {
    /// A stable code for templates and the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::NotAuthorizedUnderProvider => "not_authorized",
            Self::NoRelationshipWithCustomer => "no_relationship",
            Self::NoDelegatedAdminPrivileges => "no_delegated_admin",
            Self::GdapPending => "gdap_pending",
            Self::GdapWithoutRequiredRole => "gdap_without_required_role",
            Self::GdapEnded(_) => "gdap_expired",
        }
    }

    /// Whether the cause is granular delegated admin privileges.
    pub fn is_gdap(self) -> bool {
        matches!(
            self,
            Self::GdapPending | Self::GdapWithoutRequiredRole | Self::GdapEnded(_)
        )
    }
}

/// What a reseller's GDAP relationships with a customer give it, for one
/// provider, at one time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GdapAccess {
    /// An active relationship with a role the provider requires (or with
    /// any role, when it requires none).
    Granted,
    /// A request awaits the customer's approval.
    Pending,
    /// Active relationships, none with a role the provider requires.
    WithoutRequiredRole,
    /// The latest to end ended then.
    Ended(NaiveDateTime),
    #[default]
    None,
}

impl GdapAccess {
    /// What these relationships give at `now`, when the provider requires
    /// one of `required` (none: any role).
    pub fn of(relationships: &[gdap::Facts], required: Roles, now: NaiveDateTime) -> Self {
        let statuses: Vec<(gdap::Status, &gdap::Facts)> = relationships
            .iter()
            .map(|r| (r.status_at(now), r))
            .collect();
        let granting = || statuses.iter().filter(|(s, _)| s.grants_access());
        if granting().any(|(_, r)| r.roles.meets(required)) {
            return Self::Granted;
        }
        if statuses
            .iter()
            .any(|(s, _)| *s == gdap::Status::ApprovalPending)
        {
            return Self::Pending;
        }
        if granting().next().is_some() {
            return Self::WithoutRequiredRole;
        }
        statuses
            .iter()
            .filter_map(|(s, r)| match s {
                gdap::Status::Expired | gdap::Status::Terminated => {
                    r.ended_at.or(r.end_at).or(Some(r.approval_lapses_at()))
                }
                _ => None,
            })
            .max()
            .map_or(Self::None, Self::Ended)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationshipFacts {
    pub active: bool,
    pub delegated_admin: bool,
    pub gdap: GdapAccess,
}

/// What the store knows about one reseller, for one provider and one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate<P> {
    pub partner: P,
    pub tenant_id: TenantId,
    pub authorized_by_provider: bool,
    pub relationship: Option<RelationshipFacts>,
}

impl<P> Candidate<P> {
    pub fn ineligibility(&self) -> Option<Ineligibility> {
        if !self.authorized_by_provider {
            return Some(Ineligibility::NotAuthorizedUnderProvider);
        }
        match self.relationship {
            Some(facts) if facts.active => {
                if facts.delegated_admin {
                    return None;
                }
                match facts.gdap {
                    GdapAccess::Granted => None,
                    GdapAccess::Pending => Some(Ineligibility::GdapPending),
                    GdapAccess::WithoutRequiredRole => Some(Ineligibility::GdapWithoutRequiredRole),
                    GdapAccess::Ended(at) => Some(Ineligibility::GdapEnded(at)),
                    GdapAccess::None => Some(Ineligibility::NoDelegatedAdminPrivileges),
                }
            }
            _ => Some(Ineligibility::NoRelationshipWithCustomer),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Eligibility<P> {
    /// The provider first, then eligible resellers, in the order given.
    pub eligible: Vec<P>,
    pub ineligible: Vec<(P, Ineligibility)>,
    eligible_ids: Vec<TenantId>,
}

impl<P> Eligibility<P> {
    pub fn is_eligible(&self, tenant_id: &TenantId) -> bool {
        self.eligible_ids.contains(tenant_id)
    }
}

/// Sorts the provider and its resellers into choosable and not, with a reason each.
pub fn evaluate<P>(
    provider: P,
    provider_id: &TenantId,
    candidates: Vec<Candidate<P>>,
) -> Eligibility<P> {
    let mut eligible = vec![provider];
    let mut eligible_ids = vec![provider_id.clone()];
    let mut ineligible = Vec::new();
    for candidate in candidates {
        if &candidate.tenant_id == provider_id {
            continue;
        }
        match candidate.ineligibility() {
            None => {
                eligible_ids.push(candidate.tenant_id);
                eligible.push(candidate.partner);
            }
            Some(reason) => ineligible.push((candidate.partner, reason)),
        }
    }
    Eligibility {
        eligible,
        ineligible,
        eligible_ids,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> TenantId {
        TenantId::parse(&format!("00000000-0000-4000-8000-0000000000{n:02}")).unwrap()
    }

    fn candidate(
        n: u8,
        authorized: bool,
        relationship: Option<(bool, bool)>,
    ) -> Candidate<&'static str> {
        let names = [
            "provider",
            "trey",
            "fabrikam",
            "northwind",
            "litware",
            "proseware",
        ];
        Candidate {
            partner: names[n as usize],
            tenant_id: id(n),
            authorized_by_provider: authorized,
            relationship: relationship.map(|(active, delegated_admin)| RelationshipFacts {
                active,
                delegated_admin,
                gdap: GdapAccess::None,
            }),
        }
    }

    #[test]
    fn rule_2_the_provider_is_always_eligible_and_listed_first() {
        let result = evaluate(
            "provider",
            &id(0),
            vec![candidate(1, true, Some((true, true)))],
        );
        assert_eq!(result.eligible, vec!["provider", "trey"]);
        assert!(result.is_eligible(&id(0)));
    }

    #[test]
    fn rule_2_a_reseller_with_dap_under_this_provider_is_eligible() {
        let result = evaluate(
            "provider",
            &id(0),
            vec![candidate(1, true, Some((true, true)))],
        );
        assert!(result.is_eligible(&id(1)));
        assert!(result.ineligible.is_empty());
    }

    #[test]
    fn rule_2_a_relationship_without_dap_is_not_enough() {
        let result = evaluate(
            "provider",
            &id(0),
            vec![candidate(2, true, Some((true, false)))],
        );
        assert!(!result.is_eligible(&id(2)));
        assert_eq!(
            result.ineligible,
            vec![("fabrikam", Ineligibility::NoDelegatedAdminPrivileges)]
        );
    }

    #[test]
    fn rule_2_no_relationship_with_the_customer() {
        let result = evaluate("provider", &id(0), vec![candidate(3, true, None)]);
        assert_eq!(
            result.ineligible,
            vec![("northwind", Ineligibility::NoRelationshipWithCustomer)]
        );
    }

    #[test]
    fn rule_2_a_removed_relationship_counts_as_none_even_with_dap() {
        let result = evaluate(
            "provider",
            &id(0),
            vec![candidate(4, true, Some((false, true)))],
        );
        assert_eq!(
            result.ineligible,
            vec![("litware", Ineligibility::NoRelationshipWithCustomer)]
        );
    }

    #[test]
    fn rule_2_a_reseller_not_authorized_under_this_provider_is_not_eligible_even_with_dap() {
        let result = evaluate(
            "provider",
            &id(0),
            vec![candidate(5, false, Some((true, true)))],
        );
        assert!(!result.is_eligible(&id(5)));
        assert_eq!(
            result.ineligible,
            vec![("proseware", Ineligibility::NotAuthorizedUnderProvider)]
        );
    }

    #[test]
    fn rule_2_unknown_partners_are_never_eligible() {
        let result = evaluate(
            "provider",
            &id(0),
            vec![candidate(1, true, Some((true, true)))],
        );
        assert!(!result.is_eligible(&id(9)));
    }

    #[test]
    fn the_provider_listed_as_its_own_candidate_is_not_doubled() {
        let result = evaluate(
            "provider",
            &id(0),
            vec![candidate(0, true, Some((true, true)))],
        );
        assert_eq!(result.eligible, vec!["provider"]);
        assert!(result.ineligible.is_empty());
    }

    #[test]
    fn reasons_have_stable_codes() {
        assert_eq!(
            Ineligibility::NotAuthorizedUnderProvider.code(),
            "not_authorized"
        );
        assert_eq!(
            Ineligibility::NoRelationshipWithCustomer.code(),
            "no_relationship"
        );
        assert_eq!(
            Ineligibility::NoDelegatedAdminPrivileges.code(),
            "no_delegated_admin"
        );
    }

    /// Rule 2 with delegated access from GDAP: one row per combination of
    /// authorization, relationship, legacy DAP, GDAP relationships (status,
    /// end date, roles) and the provider's required roles.
    /// A row of the table below: what it is, authorized, the reseller
    /// relationship (active, legacy DAP), its GDAP relationships, the
    /// provider's required roles, and the answer.
    type Case = (
        &'static str,
        bool,
        Option<(bool, bool)>,
        Vec<crate::domain::gdap::Facts>,
        Roles,
        Option<Ineligibility>,
    );

    #[test]
    fn rule_2_delegated_access_comes_from_legacy_dap_or_an_active_gdap_relationship() {
        use crate::domain::gdap::{Facts, Role, Stored};
        use chrono::{Duration, NaiveDate};
        let now = NaiveDate::from_ymd_opt(2026, 12, 3)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let helpdesk = Roles::NONE.with(Role::HelpdeskAdministrator);
        let support = Roles::NONE.with(Role::ServiceSupportAdministrator);
        let gdap = |stored, roles, end_in_days: Option<i64>| Facts {
            stored,
            roles,
            auto_extend: false,
            created_at: now - Duration::days(10),
            end_at: end_in_days.map(|d| now + Duration::days(d)),
            ended_at: None,
        };
        let active = |roles, days| gdap(Stored::Active, roles, Some(days));
        let ended_on = now - Duration::days(2);
        let cases: Vec<Case> = vec![
            (
                "legacy DAP, no GDAP",
                true,
                Some((true, true)),
                vec![],
                Roles::NONE,
                None,
            ),
            (
                "legacy DAP ignores the required roles",
                true,
                Some((true, true)),
                vec![],
                support,
                None,
            ),
            (
                "active GDAP, nothing required",
                true,
                Some((true, false)),
                vec![active(helpdesk, 20)],
                Roles::NONE,
                None,
            ),
            (
                "active GDAP with a required role",
                true,
                Some((true, false)),
                vec![active(helpdesk, 20)],
                helpdesk.with(Role::GlobalAdministrator),
                None,
            ),
            (
                "active GDAP without the required role",
                true,
                Some((true, false)),
                vec![active(helpdesk, 20)],
                support,
                Some(Ineligibility::GdapWithoutRequiredRole),
            ),
            (
                "one of two GDAP relationships has the role",
                true,
                Some((true, false)),
                vec![active(helpdesk, 20), active(support, 5)],
                support,
                None,
            ),
            (
                "GDAP past its end, not yet written expired",
                true,
                Some((true, false)),
                vec![active(helpdesk, -2)],
                Roles::NONE,
                Some(Ineligibility::GdapEnded(ended_on)),
            ),
            (
                "GDAP written expired",
                true,
                Some((true, false)),
                vec![Facts {
                    ended_at: Some(ended_on),
                    ..gdap(Stored::Expired, helpdesk, Some(-2))
                }],
                Roles::NONE,
                Some(Ineligibility::GdapEnded(ended_on)),
            ),
            (
                "GDAP terminated",
                true,
                Some((true, false)),
                vec![Facts {
                    ended_at: Some(ended_on),
                    ..gdap(Stored::Terminated, helpdesk, Some(200))
                }],
                Roles::NONE,
                Some(Ineligibility::GdapEnded(ended_on)),
            ),
            (
                "GDAP awaiting approval",
                true,
                Some((true, false)),
                vec![gdap(Stored::ApprovalPending, helpdesk, None)],
                Roles::NONE,
                Some(Ineligibility::GdapPending),
            ),
            (
                "a pending request beats an old expiry",
                true,
                Some((true, false)),
                vec![
                    active(helpdesk, -2),
                    gdap(Stored::ApprovalPending, helpdesk, None),
                ],
                Roles::NONE,
                Some(Ineligibility::GdapPending),
            ),
            (
                "neither DAP nor GDAP",
                true,
                Some((true, false)),
                vec![],
                Roles::NONE,
                Some(Ineligibility::NoDelegatedAdminPrivileges),
            ),
            (
                "GDAP without a reseller relationship",
                true,
                None,
                vec![active(helpdesk, 20)],
                Roles::NONE,
                Some(Ineligibility::NoRelationshipWithCustomer),
            ),
            (
                "GDAP with a removed relationship",
                true,
                Some((false, false)),
                vec![active(helpdesk, 20)],
                Roles::NONE,
                Some(Ineligibility::NoRelationshipWithCustomer),
            ),
            (
                "GDAP without the authorization",
                false,
                Some((true, false)),
                vec![active(helpdesk, 20)],
                Roles::NONE,
                Some(Ineligibility::NotAuthorizedUnderProvider),
            ),
        ];
        for (name, authorized, relationship, relationships, required, expected) in cases {
            let candidate = Candidate {
                partner: (),
                tenant_id: id(1),
                authorized_by_provider: authorized,
                relationship: relationship.map(|(active, delegated_admin)| RelationshipFacts {
                    active,
                    delegated_admin,
                    gdap: GdapAccess::of(&relationships, required, now),
                }),
            };
            assert_eq!(candidate.ineligibility(), expected, "{name}");
            let result = evaluate((), &id(0), vec![candidate]);
            assert_eq!(result.is_eligible(&id(1)), expected.is_none(), "{name}");
        }
    }
}
