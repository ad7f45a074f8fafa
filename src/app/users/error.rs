//! What can go wrong with an account, as the pages and the command line
//! word it.

use crate::domain::password::PasswordProblem;

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("no user has the email {0}")]
    UnknownUser(String),
    #[error(
        "{email} is a user of several organizations ({organizations}): name one with --partner or --customer"
    )]
    Ambiguous {
        email: String,
        organizations: String,
    },
    #[error("a user with the email {0} exists already in this organization")]
    EmailTaken(String),
    #[error("{0:?} is not an email address")]
    BadEmail(String),
    #[error("the organization {0} does not exist")]
    UnknownOrganization(String),
    #[error("the role {role} does not fit a {kind} user")]
    RoleMismatch {
        role: &'static str,
        kind: &'static str,
    },
    #[error("the password is not acceptable: {}", describe(*.0))]
    WeakPassword(PasswordProblem),
    #[error("the name must be 1 to 200 characters")]
    BadName,
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    #[error("hashing the password: {0}")]
    Hashing(String),
    #[error("no such user in this organization")]
    NotInOrganization,
    #[error("only an admin of the organization manages its people")]
    Forbidden,
    #[error("the organization would have no admin left")]
    LastAdmin,
    #[error("the link is used, expired or unknown")]
    BadLink,
    #[error("the current password is wrong")]
    WrongCurrentPassword,
}

impl AccountError {
    /// A stable code for the pages, which word it.
    pub fn code(&self) -> &'static str {
        match self {
            Self::EmailTaken(_) => "email_taken",
            Self::BadEmail(_) => "bad_email",
            Self::BadName => "bad_name",
            Self::RoleMismatch { .. } => "bad_role",
            Self::WeakPassword(p) => p.code(),
            Self::LastAdmin => "last_admin",
            Self::BadLink => "bad_link",
            Self::WrongCurrentPassword => "wrong_current",
            Self::UnknownUser(_) | Self::NotInOrganization => "not_found",
            Self::Ambiguous { .. } => "ambiguous",
            Self::UnknownOrganization(_) => "unknown_organization",
            Self::Forbidden => "forbidden",
            Self::Database(_) | Self::Hashing(_) => "other",
        }
    }
}

/// How long a set-password link works.
fn describe(problem: PasswordProblem) -> &'static str {
    match problem {
        PasswordProblem::TooShort => "it must be at least 12 characters long",
        PasswordProblem::TooLong => "it must be at most 256 characters long",
        PasswordProblem::Common => "it is a commonly used password",
        PasswordProblem::ContainsEmail => "it is too close to the email address",
    }
}
