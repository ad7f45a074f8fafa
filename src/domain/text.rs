//! Text people type that the product keeps: each rule written once.

/// The longest name the product keeps, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Why a name is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    Missing,
    /// Longer than [`MAX_NAME_CHARS`], or with control characters.
    TooLong,
}

/// A name (a person's, a company's, a partner's, an offer's): trimmed, 1 to
/// 200 characters, no control characters.
pub fn name(raw: &str) -> Result<&str, NameProblem> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(NameProblem::Missing);
    }
    if name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(NameProblem::TooLong);
    }
    Ok(name)
}

/// An e-mail address as the product accepts one: something before the `@`,
/// a dotted domain after it, at most 320 bytes, no spaces or control
/// characters. (Whether mail reaches it is another matter.)
pub fn is_email_address(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && email.len() <= 320
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_one_to_two_hundred_characters() {
        assert_eq!(name("  Contoso  "), Ok("Contoso"));
        assert_eq!(name("   "), Err(NameProblem::Missing));
        assert_eq!(name(&"é".repeat(200)).map(str::len), Ok(400));
        assert_eq!(name(&"é".repeat(201)), Err(NameProblem::TooLong));
        assert_eq!(name("Con\u{7}toso"), Err(NameProblem::TooLong));
    }

    #[test]
    fn emails_are_checked_for_shape() {
        assert!(is_email_address("admin@contoso.example"));
        for bad in [
            "",
            "admin",
            "admin@",
            "@contoso.example",
            "admin@contoso",
            "a b@contoso.example",
            "admin@.example",
        ] {
            assert!(!is_email_address(bad), "{bad:?}");
        }
    }
}
