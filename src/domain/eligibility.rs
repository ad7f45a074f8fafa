//! Rule 2: who may be a subscription's designated support contact.
//!
//! The provider itself always may. A reseller may when it is one of the
//! provider's resellers (an active authorization) and has an active
//! relationship with the customer that includes delegated admin privileges.

use super::TenantId;

/// Why one of the provider's resellers cannot be chosen. Ordered: the first
/// that applies is the one to fix first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ineligibility {
    /// Its authorization of this provider has ended (or never existed).
    NotAuthorizedUnderProvider,
    /// The customer has not accepted it as a reseller (or removed it).
    NoRelationshipWithCustomer,
    /// The relationship exists without delegated admin privileges.
    NoDelegatedAdminPrivileges,
}

impl Ineligibility {
    /// A stable code for templates and the API.
    pub fn code(self) -> &'static str {
        match self {
            Self::NotAuthorizedUnderProvider => "not_authorized",
            Self::NoRelationshipWithCustomer => "no_relationship",
            Self::NoDelegatedAdminPrivileges => "no_delegated_admin",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelationshipFacts {
    pub active: bool,
    pub delegated_admin: bool,
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
            Some(RelationshipFacts {
                active: true,
                delegated_admin: true,
            }) => None,
            Some(RelationshipFacts {
                active: true,
                delegated_admin: false,
            }) => Some(Ineligibility::NoDelegatedAdminPrivileges),
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
}
