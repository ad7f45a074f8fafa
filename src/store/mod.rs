//! Diesel queries, one file per aggregate. Every function takes a connection
//! and returns `QueryResult` of domain types; tenant scoping is in the SQL.

pub mod audit;
pub mod customers;
pub mod partners;
pub mod password_tokens;
pub mod relationships;
pub mod requests;
pub mod subscriptions;
pub mod throttle;
pub mod users;
pub mod vendor;

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
