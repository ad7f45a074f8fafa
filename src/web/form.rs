//! What the forms' fields name, as types: every form's `action` (and the
//! like) parses into an enum of the choices it offers.

use serde::de::value::{Error as ValueError, StrDeserializer};
use serde::{Deserialize, Deserializer};

/// A field that names one of a fixed set of choices. Absent or unknown reads
/// as `None`, so that a handler still answers 404 for what is not the
/// caller's before 400 for a choice it does not offer.
pub fn choice<'de, D, T>(fields: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> Deserialize<'a>,
{
    let raw: Option<String> = Option::deserialize(fields)?;
    Ok(raw.and_then(|raw| T::deserialize(StrDeserializer::<ValueError>::new(raw.trim())).ok()))
}

/// Accept or decline a relationship request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Accept,
    Decline,
}

impl Answer {
    pub fn accepts(self) -> bool {
        self == Self::Accept
    }
}

/// `action` of a form that only ends something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum End {
    End,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct Form {
        #[serde(default, deserialize_with = "choice")]
        action: Option<Answer>,
    }

    fn parse(body: &str) -> Option<Answer> {
        serde_urlencoded::from_str::<Form>(body).unwrap().action
    }

    #[test]
    fn a_choice_parses_and_anything_else_is_none() {
        assert_eq!(parse("action=accept"), Some(Answer::Accept));
        assert_eq!(parse("action=decline"), Some(Answer::Decline));
        assert_eq!(parse("action=Accept"), None);
        assert_eq!(parse("action="), None);
        assert_eq!(parse(""), None);
    }
}
