use super::TenantId;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartnerKind {
    IndirectProvider,
    IndirectReseller,
    DirectBillPartner,
}

impl PartnerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IndirectProvider => "indirect_provider",
            Self::IndirectReseller => "indirect_reseller",
            Self::DirectBillPartner => "direct_bill_partner",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "indirect_provider" => Some(Self::IndirectProvider),
            "indirect_reseller" => Some(Self::IndirectReseller),
            "direct_bill_partner" => Some(Self::DirectBillPartner),
            _ => None,
        }
    }

    /// Only partners that transact subscriptions own them and pick their contacts.
    pub fn transacts(self) -> bool {
        matches!(self, Self::IndirectProvider | Self::DirectBillPartner)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupportProfile {
    pub email: String,
    pub telephone: String,
    pub website: String,
}

impl SupportProfile {
    /// The telephone number as a `tel:` link target: digits and a leading plus.
    pub fn telephone_href(&self) -> String {
        let mut href = String::from("tel:");
        for (i, c) in self.telephone.trim().chars().enumerate() {
            if c.is_ascii_digit() || (i == 0 && c == '+') {
                href.push(c);
            }
        }
        href
    }

    /// The website as a link target, only when it is a web address: anything
    /// else (a `javascript:` URL, say) is shown as text and never as a link.
    pub fn website_href(&self) -> Option<&str> {
        let lower = self.website.to_ascii_lowercase();
        (lower.starts_with("https://") || lower.starts_with("http://")).then_some(&self.website)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    pub tenant_id: TenantId,
    pub mpn_id: String,
    pub name: String,
    pub kind: PartnerKind,
    pub support: SupportProfile,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for kind in [
            PartnerKind::IndirectProvider,
            PartnerKind::IndirectReseller,
            PartnerKind::DirectBillPartner,
        ] {
            assert_eq!(PartnerKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(PartnerKind::parse("vendor"), None);
    }

    #[test]
    fn only_web_addresses_become_links() {
        let mut profile = SupportProfile {
            email: "help@example.com".into(),
            telephone: "+1 425 555 0100".into(),
            website: "https://support.example.com".into(),
        };
        assert_eq!(profile.website_href(), Some("https://support.example.com"));
        profile.website = "javascript:alert(1)".into();
        assert_eq!(profile.website_href(), None);
    }

    #[test]
    fn telephone_links_keep_only_digits() {
        let profile = SupportProfile {
            email: String::new(),
            telephone: "+1 (425) 555-0100".into(),
            website: String::new(),
        };
        assert_eq!(profile.telephone_href(), "tel:+14255550100");
    }
}
