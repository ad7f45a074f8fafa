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
    /// A support profile as a partner's admin sets it: an e-mail address; an
    /// international telephone number (`+`, then 8 to 15 digits, which
    /// spaces, hyphens, dots or parentheses may group); an `https://` website
    /// with a host. At most 200 characters each. The problem names the field.
    pub fn parse(
        email: &str,
        telephone: &str,
        website: &str,
    ) -> Result<Self, (&'static str, &'static str)> {
        Self::check(email, telephone, website).map_err(|problems| problems[0])
    }

    /// The same, with every field's problem at once (field, problem), in
    /// the form's order.
    pub fn check(
        email: &str,
        telephone: &str,
        website: &str,
    ) -> Result<Self, Vec<(&'static str, &'static str)>> {
        let (email, telephone, website) = (email.trim(), telephone.trim(), website.trim());
        let too_long = |s: &str| s.chars().count() > 200;
        let mut problems = Vec::new();
        if !super::text::is_email_address(email) || too_long(email) {
            problems.push(("email", "not_an_email_address"));
        }
        let digits = telephone.chars().filter(char::is_ascii_digit).count();
        let grouped = telephone.strip_prefix('+').is_some_and(|rest| {
            rest.chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'))
        });
        if !grouped || !(8..=15).contains(&digits) || too_long(telephone) {
            problems.push(("telephone", "not_an_international_number"));
        }
        let host = website
            .strip_prefix("https://")
            .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
        let valid_host = host.is_some_and(|h| {
            h.contains('.')
                && !h.starts_with('.')
                && !h.ends_with('.')
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'))
        });
        if !valid_host || website.contains(char::is_whitespace) || too_long(website) {
            problems.push(("website", "not_an_https_address"));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Self {
            email: email.to_lowercase(),
            telephone: telephone.to_owned(),
            website: website.to_owned(),
        })
    }

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
    fn a_support_profile_is_an_address_an_international_number_and_an_https_site() {
        let ok = SupportProfile::parse(
            " Help@Example.COM ",
            "+1 (425) 555-0100",
            "https://support.example.com/help",
        )
        .unwrap();
        assert_eq!(ok.email, "help@example.com");
        assert_eq!(ok.telephone, "+1 (425) 555-0100");
        for (email, telephone, website, field) in [
            ("nope", "+14255550100", "https://a.example", "email"),
            (
                "a@b.example",
                "4255550100",
                "https://a.example",
                "telephone",
            ),
            ("a@b.example", "+1234567", "https://a.example", "telephone"),
            (
                "a@b.example",
                "+1234567890123456",
                "https://a.example",
                "telephone",
            ),
            (
                "a@b.example",
                "+1 425 555 0100 ext 2",
                "https://a.example",
                "telephone",
            ),
            ("a@b.example", "+14255550100", "http://a.example", "website"),
            (
                "a@b.example",
                "+14255550100",
                "https://localhost",
                "website",
            ),
            (
                "a@b.example",
                "+14255550100",
                "https://a.example/x y",
                "website",
            ),
            (
                "a@b.example",
                "+14255550100",
                "javascript:alert(1)",
                "website",
            ),
        ] {
            let refused = SupportProfile::parse(email, telephone, website).unwrap_err();
            assert_eq!(refused.0, field, "{email} {telephone} {website}");
        }
    }

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
