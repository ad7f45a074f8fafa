//! What ending a relationship (or its delegated admin privileges) may do,
//! and what it does to support contacts (docs/domain.md, rule 6 and the consequence
//! after rule 8).

use super::eligibility::{self, Candidate};
use super::{PartnerKind, Subscription, SubscriptionStatus, TenantId};

/// Why a removal is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RemovalRefused {
    /// A provider keeps its relationship while any of the customer's
    /// subscriptions with it is active: they must be suspended first.
    ActiveSubscriptions(Vec<Subscription>),
    /// A reseller cannot remove its own relationship; the customer or its
    /// provider can.
    ResellerCannotRemoveItself,
    /// The reseller also works with the customer through another provider:
    /// ending its relationship would change what that provider may do, so
    /// only the customer may end it.
    ResellerSharedWithAnotherProvider,
}

/// May `partner` (of `kind`) end its relationship with a customer, given the
/// customer's subscriptions that `partner` transacts?
pub fn partner_may_remove_own(
    kind: PartnerKind,
    transacted: &[Subscription],
) -> Result<(), RemovalRefused> {
    if kind == PartnerKind::IndirectReseller {
        return Err(RemovalRefused::ResellerCannotRemoveItself);
    }
    may_remove_provider(transacted)
}

/// The customer (or anyone) removing a provider: not while it has active subscriptions.
pub fn may_remove_provider(transacted: &[Subscription]) -> Result<(), RemovalRefused> {
    let active: Vec<Subscription> = transacted
        .iter()
        .filter(|s| s.status == SubscriptionStatus::Active)
        .cloned()
        .collect();
    if active.is_empty() {
        Ok(())
    } else {
        Err(RemovalRefused::ActiveSubscriptions(active))
    }
}

/// May `provider`, acting for the customer, end `reseller`'s relationship
/// with it (rule 6)? Only when the reseller works with that customer through
/// this provider alone: it supports none of another provider's subscriptions
/// there (`live`: the customer's subscriptions that are not deleted), and no
/// other provider of the customer counts on it (`shared_with_another_provider`).
/// Gives the subscriptions that would go back to this provider.
pub fn provider_may_remove_reseller(
    provider: &TenantId,
    reseller: &TenantId,
    live: &[Subscription],
    shared_with_another_provider: bool,
) -> Result<Vec<Subscription>, RemovalRefused> {
    let supported: Vec<&Subscription> = live
        .iter()
        .filter(|s| {
            &s.parties.support_contact == reseller
                && &s.parties.provider != reseller
                && s.status != SubscriptionStatus::Deleted
        })
        .collect();
    if shared_with_another_provider || supported.iter().any(|s| &s.parties.provider != provider) {
        return Err(RemovalRefused::ResellerSharedWithAnotherProvider);
    }
    Ok(supported.into_iter().cloned().collect())
}

/// One subscription whose contact goes back to its provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reversion {
    pub subscription: Subscription,
    pub from: TenantId,
    pub to: TenantId,
}

/// Every subscription whose designated support contact is no longer
/// eligible, with the provider it goes back to. `candidates_for` gives, for
/// a provider, its resellers as they stand now (after the change).
pub fn reversions<F>(subscriptions: &[Subscription], mut candidates_for: F) -> Vec<Reversion>
where
    F: FnMut(&TenantId) -> Vec<Candidate<()>>,
{
    let mut out = Vec::new();
    for s in subscriptions {
        let provider = &s.parties.provider;
        let contact = &s.parties.support_contact;
        if contact == provider || s.status == SubscriptionStatus::Deleted {
            continue;
        }
        let eligible = eligibility::evaluate((), provider, candidates_for(provider));
        if !eligible.is_eligible(contact) {
            out.push(Reversion {
                subscription: s.clone(),
                from: contact.clone(),
                to: provider.clone(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;
    use crate::domain::eligibility::RelationshipFacts;
    use crate::domain::{Parties, SubscriptionId};

    fn id(n: u8) -> TenantId {
        TenantId::parse(&format!("00000000-0000-4000-8000-0000000000{n:02}")).unwrap()
    }

    fn subscription(n: u8, provider: u8, contact: u8, status: SubscriptionStatus) -> Subscription {
        let at = NaiveDateTime::parse_from_str("2026-03-02 09:30:00", "%Y-%m-%d %H:%M:%S").unwrap();
        Subscription {
            id: SubscriptionId::parse(&format!("10000000-0000-4000-8000-0000000000{n:02}"))
                .unwrap(),
            customer: id(99),
            parties: Parties {
                provider: id(provider),
                reseller_of_record: None,
                support_contact: id(contact),
            },
            offer_name: format!("Offer {n}"),
            friendly_name: format!("Offer {n}"),
            quantity: 1,
            status,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }

    fn reseller(n: u8, authorized: bool, dap: Option<bool>) -> Candidate<()> {
        Candidate {
            partner: (),
            tenant_id: id(n),
            authorized_by_provider: authorized,
            relationship: dap.map(|d| RelationshipFacts {
                active: true,
                delegated_admin: d,
                gdap: crate::domain::eligibility::GdapAccess::None,
            }),
        }
    }

    #[test]
    fn rule_6_a_provider_with_active_subscriptions_cannot_remove_its_relationship() {
        let subs = vec![
            subscription(1, 1, 1, SubscriptionStatus::Active),
            subscription(2, 1, 1, SubscriptionStatus::Suspended),
        ];
        match partner_may_remove_own(PartnerKind::IndirectProvider, &subs) {
            Err(RemovalRefused::ActiveSubscriptions(active)) => {
                assert_eq!(active.len(), 1);
                assert_eq!(active[0].friendly_name, "Offer 1");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rule_6_once_suspended_the_provider_may_remove_it() {
        let subs = vec![subscription(1, 1, 1, SubscriptionStatus::Suspended)];
        assert_eq!(
            partner_may_remove_own(PartnerKind::IndirectProvider, &subs),
            Ok(())
        );
        assert_eq!(
            partner_may_remove_own(PartnerKind::IndirectProvider, &[]),
            Ok(())
        );
    }

    #[test]
    fn rule_6_a_reseller_cannot_remove_its_own_relationship() {
        assert_eq!(
            partner_may_remove_own(PartnerKind::IndirectReseller, &[]),
            Err(RemovalRefused::ResellerCannotRemoveItself)
        );
    }

    #[test]
    fn rule_6_a_provider_ends_a_reseller_relationship_that_concerns_only_itself() {
        let subs = vec![
            subscription(1, 1, 3, SubscriptionStatus::Active),
            subscription(2, 1, 3, SubscriptionStatus::Suspended),
            subscription(3, 1, 1, SubscriptionStatus::Active),
        ];
        let back = provider_may_remove_reseller(&id(1), &id(3), &subs, false).unwrap();
        let names: Vec<&str> = back.iter().map(|s| s.friendly_name.as_str()).collect();
        assert_eq!(names, ["Offer 1", "Offer 2"]);
    }

    #[test]
    fn rule_6_a_provider_cannot_end_a_reseller_relationship_another_provider_relies_on() {
        // Provider 2 made reseller 3 the contact of its subscription.
        let subs = vec![
            subscription(1, 1, 3, SubscriptionStatus::Active),
            subscription(2, 2, 3, SubscriptionStatus::Active),
        ];
        assert_eq!(
            provider_may_remove_reseller(&id(1), &id(3), &subs, false),
            Err(RemovalRefused::ResellerSharedWithAnotherProvider)
        );
        // Provider 2 supports nothing through it yet, but counts on it.
        let own = vec![subscription(1, 1, 3, SubscriptionStatus::Active)];
        assert_eq!(
            provider_may_remove_reseller(&id(1), &id(3), &own, true),
            Err(RemovalRefused::ResellerSharedWithAnotherProvider)
        );
    }

    #[test]
    fn a_contact_that_lost_dap_goes_back_to_the_provider() {
        let subs = vec![
            subscription(1, 1, 3, SubscriptionStatus::Active),
            subscription(2, 1, 4, SubscriptionStatus::Active),
            subscription(3, 1, 1, SubscriptionStatus::Active),
            subscription(4, 1, 3, SubscriptionStatus::Suspended),
        ];
        // Reseller 3 lost DAP; reseller 4 keeps it.
        let result = reversions(&subs, |_| {
            vec![
                reseller(3, true, Some(false)),
                reseller(4, true, Some(true)),
            ]
        });
        let moved: Vec<&str> = result
            .iter()
            .map(|r| r.subscription.friendly_name.as_str())
            .collect();
        assert_eq!(moved, vec!["Offer 1", "Offer 4"], "suspended ones too");
        assert!(result.iter().all(|r| r.from == id(3) && r.to == id(1)));
    }

    #[test]
    fn removed_relationships_and_ended_authorizations_revert_too() {
        let subs = vec![
            subscription(1, 1, 3, SubscriptionStatus::Active),
            subscription(2, 1, 4, SubscriptionStatus::Active),
        ];
        let result = reversions(&subs, |_| {
            vec![reseller(3, true, None), reseller(4, false, Some(true))]
        });
        assert_eq!(result.len(), 2);
    }

    #[test]
    fn nothing_moves_while_everyone_is_eligible() {
        let subs = vec![subscription(1, 1, 3, SubscriptionStatus::Active)];
        assert!(reversions(&subs, |_| vec![reseller(3, true, Some(true))]).is_empty());
    }
}
