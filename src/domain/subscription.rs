use super::TenantId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionStatus {
    Active,
    Suspended,
    Deleted,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "active" => Some(Self::Active),
            "suspended" => Some(Self::Suspended),
            "deleted" => Some(Self::Deleted),
            _ => None,
        }
    }
}

/// Who transacts a subscription, who is its reseller of record, who supports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parties {
    pub provider: TenantId,
    pub reseller_of_record: Option<TenantId>,
    pub support_contact: TenantId,
}

/// Rule 1: a new subscription's designated support contact is its provider.
pub fn initial_support_contact(provider: &TenantId) -> TenantId {
    provider.clone()
}

/// What a partner may do with a subscription.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The partner transacts it: it sees it and chooses its support contact.
    Manage,
    /// The partner is its reseller of record or its designated support
    /// contact: it sees it, and changes nothing.
    View,
}

/// Rule 7: each partner sees only its own subscriptions. The store applies
/// the same predicate in SQL; this is the rule it implements.
pub fn partner_access(partner: &TenantId, parties: &Parties) -> Option<Access> {
    if &parties.provider == partner {
        Some(Access::Manage)
    } else if parties.reseller_of_record.as_ref() == Some(partner)
        || &parties.support_contact == partner
    {
        Some(Access::View)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> TenantId {
        TenantId::parse(&format!("00000000-0000-4000-8000-0000000000{n:02}")).unwrap()
    }

    #[test]
    fn rule_1_a_new_subscription_is_supported_by_its_provider() {
        assert_eq!(initial_support_contact(&id(1)), id(1));
    }

    #[test]
    fn rule_7_the_provider_manages_its_own_subscription() {
        let parties = Parties {
            provider: id(1),
            reseller_of_record: None,
            support_contact: id(1),
        };
        assert_eq!(partner_access(&id(1), &parties), Some(Access::Manage));
    }

    #[test]
    fn rule_7_another_provider_does_not_see_it() {
        let parties = Parties {
            provider: id(1),
            reseller_of_record: Some(id(3)),
            support_contact: id(3),
        };
        assert_eq!(partner_access(&id(2), &parties), None);
    }

    #[test]
    fn rule_7_reseller_of_record_and_contact_only_view() {
        let parties = Parties {
            provider: id(1),
            reseller_of_record: Some(id(3)),
            support_contact: id(4),
        };
        assert_eq!(partner_access(&id(3), &parties), Some(Access::View));
        assert_eq!(partner_access(&id(4), &parties), Some(Access::View));
    }

    #[test]
    fn statuses_round_trip() {
        for s in [
            SubscriptionStatus::Active,
            SubscriptionStatus::Suspended,
            SubscriptionStatus::Deleted,
        ] {
            assert_eq!(SubscriptionStatus::parse(s.as_str()), Some(s));
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub id: super::SubscriptionId,
    pub customer: TenantId,
    pub parties: Parties,
    pub offer_name: String,
    pub friendly_name: String,
    pub quantity: i32,
    pub status: SubscriptionStatus,
    pub version: i32,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}
