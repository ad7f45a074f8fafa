//! The states rows are stored in, as types. Each is stored as the same
//! string as always; a stored string this version does not know is an
//! error where it is read, never a default.

macro_rules! stored {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &[Self] = &[$(Self::$variant),+];

            /// As stored.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            pub fn parse(raw: &str) -> Option<Self> {
                match raw {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = String;

            fn try_from(raw: String) -> Result<Self, String> {
                Self::parse(&raw)
                    .ok_or_else(|| format!(concat!("unknown ", stringify!($name), " {:?}"), raw))
            }
        }
    };
}

stored! {
    /// A customer's relationship with a partner.
    RelationshipState {
        Active => "active",
        /// Ended by the customer, or by the partner.
        Removed => "removed",
    }
}

stored! {
    /// A reseller's authorization of a provider.
    AuthorizationState {
        Active => "active",
        Ended => "ended",
    }
}

stored! {
    /// A relationship request as stored; whether a pending one has expired
    /// depends on the time (`request::RequestState`).
    StoredRequestState {
        Pending => "pending",
        Accepted => "accepted",
        Declined => "declined",
        Revoked => "revoked",
    }
}

stored! {
    /// A provider's invitation to a reseller. Withdrawing one expires it.
    InvitationState {
        Pending => "pending",
        Accepted => "accepted",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_state_reads_back_as_stored_and_nothing_else_reads() {
        for state in RelationshipState::ALL {
            assert_eq!(RelationshipState::parse(state.as_str()), Some(*state));
        }
        for state in AuthorizationState::ALL {
            assert_eq!(AuthorizationState::parse(state.as_str()), Some(*state));
        }
        for state in StoredRequestState::ALL {
            let read = StoredRequestState::try_from(state.as_str().to_owned());
            assert_eq!(read, Ok(*state));
        }
        for state in InvitationState::ALL {
            assert_eq!(InvitationState::parse(state.as_str()), Some(*state));
        }
        assert!(StoredRequestState::try_from("expired".to_owned()).is_err());
        assert_eq!(RelationshipState::parse("Active"), None);
    }
}
