//! What a new password must be.

pub const MIN_CHARS: usize = 12;
/// Long passphrases are welcome; past this, the input is not a password.
pub const MAX_CHARS: usize = 256;

/// Passwords of at least twelve characters that lists of leaked passwords
/// show again and again; one a line, compared without regard to case.
const COMMON: &str = include_str!("common-passwords.txt");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    Common,
    ContainsEmail,
}

impl PasswordProblem {
    pub fn code(self) -> &'static str {
        match self {
            Self::TooShort => "too_short",
            Self::TooLong => "too_long",
            Self::Common => "common",
            Self::ContainsEmail => "contains_email",
        }
    }
}

fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    if COMMON
        .lines()
        .map(str::trim)
        .any(|c| !c.is_empty() && c == lower)
    {
        return true;
    }
    // One character repeated, or a run of consecutive characters.
    let chars: Vec<char> = lower.chars().collect();
    let repeated = chars.windows(2).all(|w| w[0] == w[1]);
    let ascending = chars.windows(2).all(|w| w[1] as u32 == w[0] as u32 + 1);
    let descending = chars.windows(2).all(|w| w[0] as u32 == w[1] as u32 + 1);
    repeated || ascending || descending
}

/// Checks a new password for the account with this email.
pub fn check(password: &str, email: &str) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if is_common(password) {
        return Err(PasswordProblem::Common);
    }
    let local = email.split('@').next().unwrap_or("").trim().to_lowercase();
    if local.len() >= 4 && password.to_lowercase().contains(&local) && chars < local.len() + 8 {
        return Err(PasswordProblem::ContainsEmail);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_between_12_and_256_characters() {
        assert_eq!(
            check("short pass", "a@b.example"),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(
            check(&"x".repeat(11), "a@b.example"),
            Err(PasswordProblem::TooShort)
        );
        assert!(check("tidal-lantern-47", "a@b.example").is_ok());
        assert!(
            check(&"correct horse ".repeat(18), "a@b.example").is_ok(),
            "252 characters"
        );
        assert_eq!(
            check(&"y".repeat(257), "a@b.example"),
            Err(PasswordProblem::TooLong)
        );
        // Characters, not bytes.
        assert!(check("密碼很長很長很長很長很長好", "a@b.example").is_ok());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for common in [
            "password1234",
            "PASSWORD1234",
            "123456789012",
            "qwertyuiop123",
            "aaaaaaaaaaaa",
            "abcdefghijklm",
            "zyxwvutsrqpo",
        ] {
            assert_eq!(
                check(common, "a@b.example"),
                Err(PasswordProblem::Common),
                "{common}"
            );
        }
        assert!(COMMON.lines().count() > 100);
        assert!(
            COMMON.lines().all(|l| l.chars().count() >= MIN_CHARS),
            "shorter ones are refused anyway"
        );
    }

    #[test]
    fn the_email_is_not_a_password() {
        assert_eq!(
            check("admin.contoso2026", "admin.contoso@contoso.example"),
            Err(PasswordProblem::ContainsEmail)
        );
        assert!(check("demo-password-2026", "admin@contoso-distribution.example").is_ok());
    }
}
