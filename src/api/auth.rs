//! Who a `/v1` request acts as: the key in `Authorization: Bearer <key>`,
//! checked in the same blocking database hop as the endpoint's own reads.
//! Session cookies mean nothing here, which is why `/v1` needs no CSRF
//! token: a browser cannot be made to send a key it does not have.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest};

use super::error::{ApiError, Unauthenticated};
use crate::app::api_keys::KeyHolder;
use crate::app::api_rate::{self, Admission};
use crate::db::DbConn;
use crate::web::State;

/// Longer than any key we make; anything longer is not worth hashing.
const MAX_KEY_LEN: usize = 256;

/// A `/v1` request's key, not yet checked: the handler names this and passes
/// its reads to [`KeyHop::load`], so that the request makes one hop in all.
pub struct KeyHop {
    secret: String,
    state: State,
}

/// The key of an `Authorization` header of the form `Bearer <key>` (the
/// scheme in any case, RFC 6750's token characters), sent once.
fn bearer(req: &HttpRequest) -> Result<String, Unauthenticated> {
    let mut values = req.headers().get_all(header::AUTHORIZATION);
    let Some(value) = values.next() else {
        return Err(Unauthenticated::Missing);
    };
    if values.next().is_some() {
        return Err(Unauthenticated::Malformed);
    }
    let value = value.to_str().map_err(|_| Unauthenticated::Malformed)?;
    let (scheme, key) = value
        .trim()
        .split_once(' ')
        .ok_or(Unauthenticated::Malformed)?;
    let key = key.trim_start_matches(' ');
    let token_char = |c: char| c.is_ascii_alphanumeric() || "-._~+/=".contains(c);
    if !scheme.eq_ignore_ascii_case("bearer")
        || key.is_empty()
        || key.len() > MAX_KEY_LEN
        || !key.chars().all(token_char)
    {
        return Err(Unauthenticated::Malformed);
    }
    Ok(key.to_owned())
}

impl FromRequest for KeyHop {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req
            .app_data::<State>()
            .cloned()
            .ok_or_else(|| ApiError::Internal("application state missing".into()));
        std::future::ready(state.and_then(|state| {
            let secret = bearer(req).map_err(ApiError::Unauthenticated)?;
            Ok(KeyHop { secret, state })
        }))
    }
}

impl KeyHop {
    /// Who the key acts as, and what `read` returns, in one blocking hop. An
    /// unknown or revoked key, or one whose user is disabled or gone, is 401.
    /// The request is counted against its key's and its partner's rate
    /// limits before `read` runs; past one, it is 429 and `read` never runs.
    /// The request's time, as the use-cases take it.
    pub fn now(&self) -> chrono::NaiveDateTime {
        self.state.now()
    }

    pub async fn load<T, F>(self, read: F) -> Result<(KeyHolder, T), ApiError>
    where
        F: FnOnce(&mut DbConn, &KeyHolder) -> Result<T, ApiError> + Send + 'static,
        T: Send + 'static,
    {
        let (secret, now, limits) = (self.secret, self.state.now(), self.state.api_rate);
        self.state
            .db_as(move |conn| {
                let who = match api_rate::admit(conn, &secret, &limits, now)? {
                    Admission::Served(who) => *who,
                    Admission::InvalidKey => {
                        return Err(ApiError::Unauthenticated(Unauthenticated::InvalidKey));
                    }
                    Admission::Refused(refused) => return Err(ApiError::TooManyRequests(refused)),
                };
                let out = read(conn, &who)?;
                Ok((who, out))
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn parse(values: &[&str]) -> Result<String, Unauthenticated> {
        let mut req = TestRequest::default();
        for v in values {
            req = req.append_header((header::AUTHORIZATION, *v));
        }
        bearer(&req.to_http_request())
    }

    #[test]
    fn only_one_bearer_header_with_a_token_is_read() {
        assert_eq!(parse(&["Bearer sc_abc-DEF_1"]), Ok("sc_abc-DEF_1".into()));
        assert_eq!(parse(&["bearer  sc_x"]), Ok("sc_x".into()));
        assert_eq!(parse(&[]), Err(Unauthenticated::Missing));
        for bad in [
            "",
            "Bearer",
            "Bearer ",
            "Basic dXNlcjpwYXNz",
            "Bearer a b",
            "Bearer a\"b",
        ] {
            assert_eq!(parse(&[bad]), Err(Unauthenticated::Malformed), "{bad:?}");
        }
        let long = format!("Bearer {}", "a".repeat(MAX_KEY_LEN + 1));
        assert_eq!(parse(&[&long]), Err(Unauthenticated::Malformed));
        assert_eq!(
            parse(&["Bearer sc_a", "Bearer sc_b"]),
            Err(Unauthenticated::Malformed)
        );
    }
}
