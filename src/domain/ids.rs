use std::fmt;

use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a GUID")]
pub struct InvalidGuid;

/// Parses a GUID in any of the usual spellings and returns its canonical,
/// lower-case hyphenated form, the only one stored.
fn canonical_guid(raw: &str) -> Result<String, InvalidGuid> {
    let raw = raw.trim();
    if raw.len() > 45 {
        return Err(InvalidGuid);
    }
    Uuid::try_parse(raw)
        .map(|u| u.hyphenated().to_string())
        .map_err(|_| InvalidGuid)
}

macro_rules! guid_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            pub fn parse(raw: &str) -> Result<Self, InvalidGuid> {
                canonical_guid(raw).map(Self)
            }

            pub fn new_random() -> Self {
                Self(Uuid::new_v4().hyphenated().to_string())
            }

            /// For values read back from the database, which only holds canonical ids.
            pub fn from_trusted(stored: String) -> Self {
                Self(stored)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

guid_newtype!(
    /// The tenant id of a partner or a customer.
    TenantId
);
guid_newtype!(
    /// The id of a subscription.
    SubscriptionId
);
guid_newtype!(
    /// The id of a granular delegated admin relationship.
    GdapId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_canonicalised() {
        let id = TenantId::parse("  6F2A8C41-1D3B-4E5F-9A7B-0C1D2E3F4A5B ").unwrap();
        assert_eq!(id.as_str(), "6f2a8c41-1d3b-4e5f-9a7b-0c1d2e3f4a5b");
        let braced = TenantId::parse("{6f2a8c41-1d3b-4e5f-9a7b-0c1d2e3f4a5b}").unwrap();
        assert_eq!(braced, id);
    }

    #[test]
    fn non_guids_are_refused() {
        for bad in [
            "",
            "42",
            "not-a-guid",
            "6f2a8c41-1d3b-4e5f-9a7b-0c1d2e3f4a5",
            "../etc/passwd",
        ] {
            assert_eq!(SubscriptionId::parse(bad), Err(InvalidGuid), "{bad:?}");
        }
    }
}
