//! Relationship requests (rule 3): what a request must name, and its states.

use chrono::NaiveDateTime;

use super::states::StoredRequestState;

/// How long a request link works unless said otherwise.
pub fn default_lifetime() -> chrono::Duration {
    chrono::Duration::days(30)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestState {
    Pending,
    Accepted,
    Declined,
    Revoked,
    Expired,
}

impl RequestState {
    /// The state as shown: a pending request past its expiry has expired.
    pub fn of(stored: StoredRequestState, expires_at: NaiveDateTime, now: NaiveDateTime) -> Self {
        match stored {
            StoredRequestState::Accepted => Self::Accepted,
            StoredRequestState::Declined => Self::Declined,
            StoredRequestState::Revoked => Self::Revoked,
            StoredRequestState::Pending if expires_at <= now => Self::Expired,
            StoredRequestState::Pending => Self::Pending,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Revoked => "revoked",
            Self::Expired => "expired",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestProblem {
    CompanyMissing,
    CompanyTooLong,
    DomainInvalid,
    /// A reseller names no provider, or one it has not authorized.
    ProviderInvalid,
    /// A reseller asks for legacy delegated admin privileges, which the
    /// channel no longer grants to resellers: they ask for a GDAP
    /// relationship once the customer has accepted.
    LegacyDapRetired,
    /// The address to e-mail the link to is not one.
    SendToInvalid,
}

impl RequestProblem {
    pub fn code(self) -> &'static str {
        match self {
            Self::CompanyMissing => "company_missing",
            Self::CompanyTooLong => "company_too_long",
            Self::DomainInvalid => "domain_invalid",
            Self::ProviderInvalid => "provider_invalid",
            Self::LegacyDapRetired => "legacy_dap_retired",
            Self::SendToInvalid => "send_to_invalid",
        }
    }
}

pub fn company(raw: &str) -> Result<String, RequestProblem> {
    match super::text::name(raw) {
        Ok(company) => Ok(company.to_owned()),
        Err(super::text::NameProblem::Missing) => Err(RequestProblem::CompanyMissing),
        Err(super::text::NameProblem::TooLong) => Err(RequestProblem::CompanyTooLong),
    }
}

/// A customer's primary domain, such as `wideworldimporters.onmicrosoft.com`.
pub fn domain(raw: &str) -> Result<String, RequestProblem> {
    let domain = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    let tld_ok = labels
        .last()
        .is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
    if domain.len() > 253 || labels.len() < 2 || !labels.iter().all(label_ok) || !tld_ok {
        return Err(RequestProblem::DomainInvalid);
    }
    Ok(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains_must_be_domains() {
        assert_eq!(
            domain(" WideWorldImporters.onmicrosoft.com. ").unwrap(),
            "wideworldimporters.onmicrosoft.com"
        );
        for bad in [
            "",
            "localhost",
            "wide world.com",
            "-wide.com",
            "wide-.com",
            "wide..com",
            "wide.c0m",
            "http://wide.com",
            &format!("{}.com", "a".repeat(64)),
        ] {
            assert_eq!(domain(bad), Err(RequestProblem::DomainInvalid), "{bad:?}");
        }
    }

    #[test]
    fn company_names_are_present_and_sane() {
        assert_eq!(
            company("  Wide World Importers "),
            Ok("Wide World Importers".to_owned())
        );
        assert_eq!(company("   "), Err(RequestProblem::CompanyMissing));
        assert_eq!(
            company(&"x".repeat(201)),
            Err(RequestProblem::CompanyTooLong)
        );
    }

    #[test]
    fn a_pending_request_expires_by_the_clock() {
        let at = |h| {
            NaiveDateTime::parse_from_str("2026-03-02 09:00:00", "%Y-%m-%d %H:%M:%S").unwrap()
                + chrono::Duration::hours(h)
        };
        assert_eq!(
            RequestState::of(StoredRequestState::Pending, at(10), at(9)),
            RequestState::Pending
        );
        assert_eq!(
            RequestState::of(StoredRequestState::Pending, at(10), at(10)),
            RequestState::Expired
        );
        assert_eq!(
            RequestState::of(StoredRequestState::Accepted, at(10), at(11)),
            RequestState::Accepted
        );
        assert_eq!(
            RequestState::of(StoredRequestState::Revoked, at(10), at(1)),
            RequestState::Revoked
        );
    }
}
