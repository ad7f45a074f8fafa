//! Diesel queries, one file per aggregate. Every function takes a connection
//! and returns `QueryResult` of domain types; tenant scoping is in the SQL.

pub mod activity;
pub mod api_keys;
pub mod api_rate;
pub mod audit;
pub mod candidates;
pub mod customer_activity;
pub mod customer_list;
pub mod customers;
pub mod default_contacts;
pub mod directory;
pub mod gdap;
pub mod notifications;
pub mod outbox;
pub mod partners;
pub mod password_tokens;
pub mod relationship_list;
pub mod relationships;
pub mod requests;
pub mod resellers;
pub mod sessions;
pub mod subscriptions;
pub mod support;
pub mod support_counts;
pub mod throttle;
pub mod users;
pub mod vendor;

pub mod invitations;

/// A stored value that names nothing the product knows (a status, a kind,
/// a role): an error where it is read, never a default.
fn unknown(what: &str, value: &str) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(format!("unknown {what} {value:?}").into())
}

/// A stored state read into its type; a string this version does not know
/// is an error.
fn stored<T: TryFrom<String, Error = String>>(raw: String) -> diesel::QueryResult<T> {
    T::try_from(raw).map_err(|e| diesel::result::Error::DeserializationError(e.into()))
}

/// A new single-use link token: (what goes into the link, what is stored).
/// Only the SHA-256 of a token is ever kept.
fn new_token() -> (String, String) {
    use base64::Engine as _;
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let hash = digest(&raw);
    (raw, hash)
}

/// What is stored of a link token.
fn digest(raw: &str) -> String {
    use base64::Engine as _;
    use sha2::{Digest, Sha256};
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(raw.as_bytes()))
}

diesel::define_sql_function!(
    /// Lower-cases text; used for case-insensitive search on both backends.
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text
);

/// Escapes `%`, `_` and `\` so user input matches literally inside LIKE.
pub fn like_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::like_pattern("Wide"), "%wide%");
        assert_eq!(super::like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }
}
