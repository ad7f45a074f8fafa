//! The one error of the core. Every use-case answers with it; the web layer
//! maps it to HTTP in one place (`error::AppError`'s `From`), the command
//! line to an exit code in one place (`Error::exit_code`).

use chrono::NaiveDateTime;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The thing is not the caller's to see (or does not exist): the same
    /// answer for both, so nothing leaks across tenants.
    #[error("not found")]
    NotFound,
    /// The caller may see it, but not do this.
    #[error("not allowed for this user")]
    Forbidden,
    /// A field of the input is not acceptable; `problem` is a stable code the
    /// pages word.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: &'static str,
    },
    /// Someone else changed it first (who and when, when known).
    #[error("changed meanwhile")]
    Conflict {
        by: Option<String>,
        at: Option<NaiveDateTime>,
    },
    /// The database is busy or gone: try again.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// A bug or a broken invariant; logged, never shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn invalid(field: &'static str, problem: &'static str) -> Self {
        Self::Invalid { field, problem }
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    /// The command line's exit code: 2 for what the operator asked wrongly,
    /// 3 for a conflict, 75 (EX_TEMPFAIL) to try again, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::NotFound | Self::Forbidden | Self::Invalid { .. } => 2,
            Self::Conflict { .. } => 3,
            Self::Unavailable(_) => 75,
            Self::Internal(_) => 1,
        }
    }
}

impl From<diesel::result::Error> for Error {
    fn from(e: diesel::result::Error) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as Db};
        match &e {
            Db::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                Self::Unavailable(e.to_string())
            }
            Db::DatabaseError(_, info) if info.message().contains("database is locked") => {
                Self::Unavailable(e.to_string())
            }
            Db::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                Self::Unavailable(e.to_string())
            }
            _ => Self::Internal(e.to_string()),
        }
    }
}
