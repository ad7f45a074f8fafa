//! Lists in Partner Center's shape: `{"totalCount", "items", "attributes":
//! {"objectType": "Collection"}}` and, when more follow, `links.next`, whose
//! `MS-ContinuationToken` header the client sends back (with the same uri)
//! for the next page.
//!
//! Pages are walked by key: the token holds the key of the last item shown,
//! as base64url of a small JSON document followed by a checksum of it, so
//! that a token that was altered or cut is refused (400) instead of quietly
//! starting elsewhere. The key only ever narrows a query that is scoped to
//! the key's partner in its SQL: a token names nothing another partner owns.

use actix_web::HttpRequest;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use super::error::ApiError;

/// The header that carries a continuation token, both ways.
pub const CONTINUATION_HEADER: &str = "MS-ContinuationToken";

/// Items per page when `size` is not given.
pub const DEFAULT_SIZE: usize = 100;
/// The largest `size` accepted.
pub const MAX_SIZE: usize = 1000;

/// `{"objectType": "..."}`: what kind of resource this is.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Attributes {
    pub object_type: &'static str,
}

impl Attributes {
    pub const fn of(object_type: &'static str) -> Self {
        Self { object_type }
    }
}

/// A header a link asks to be sent.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LinkHeader {
    pub key: &'static str,
    pub value: String,
}

/// A link: where, how, and which headers to send.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Link {
    /// The path under the API's base URL, with its query string.
    pub uri: String,
    #[schema(example = "GET")]
    pub method: &'static str,
    pub headers: Vec<LinkHeader>,
}

impl Link {
    /// A plain `GET` of `uri`.
    pub fn get(uri: String) -> Self {
        Self {
            uri,
            method: "GET",
            headers: Vec::new(),
        }
    }
}

/// The links of a Collection: `next` when more items follow.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Links {
    pub next: Link,
}

/// The links of a resource: `self`, where it is read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SelfLinks {
    #[serde(rename = "self")]
    pub this: Link,
}

impl SelfLinks {
    /// A `GET` of `uri`.
    pub fn get(uri: String) -> Self {
        Self {
            this: Link::get(uri),
        }
    }
}

/// A Partner Center Collection of `T`. `totalCount` counts the items of
/// this page, as Partner Center's does.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Collection<T> {
    pub total_count: usize,
    pub items: Vec<T>,
    /// Present when more items follow: `links.next` carries the
    /// `MS-ContinuationToken` to send for them.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(nullable = false)]
    pub links: Option<Links>,
    pub attributes: Attributes,
}

impl<T> Collection<T> {
    /// A whole list, with nothing after it.
    pub fn all(items: Vec<T>) -> Self {
        Self {
            total_count: items.len(),
            items,
            links: None,
            attributes: Attributes::of("Collection"),
        }
    }

    /// One page; `next` is the token of the page after it, if any, fetched
    /// from `uri`.
    pub fn page(items: Vec<T>, uri: String, next: Option<String>) -> Self {
        let links = next.map(|token| Links {
            next: Link {
                uri,
                method: "GET",
                headers: vec![LinkHeader {
                    key: CONTINUATION_HEADER,
                    value: token,
                }],
            },
        });
        Self {
            links,
            ..Self::all(items)
        }
    }
}

/// The page size asked for in `size`, or the default.
pub fn page_size(raw: Option<&str>) -> Result<usize, ApiError> {
    let Some(raw) = raw else {
        return Ok(DEFAULT_SIZE);
    };
    match raw.trim().parse::<usize>() {
        Ok(size) if (1..=MAX_SIZE).contains(&size) => Ok(size),
        _ => Err(ApiError::Invalid {
            field: "size",
            problem: "it must be a whole number from 1 to 1000",
        }),
    }
}

/// What a token holds: which list it continues, and the key to go on after.
#[derive(Serialize, Deserialize)]
struct Payload<K> {
    list: String,
    after: K,
}

const TAMPERED: ApiError = ApiError::Invalid {
    field: "MS-ContinuationToken",
    problem: "it is not a token this list gave out",
};

fn checksum(payload: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(&Sha256::digest(payload)[..9])
}

/// The token that continues `list` after `key`.
pub fn encode_token<K: Serialize>(list: &str, key: &K) -> Result<String, ApiError> {
    let payload = serde_json::to_vec(&Payload {
        list: list.to_owned(),
        after: key,
    })
    .map_err(|e| ApiError::Internal(format!("continuation token: {e}")))?;
    Ok(format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(&payload),
        checksum(&payload)
    ))
}

/// The key a token of `list` continues after; 400 for anything else.
pub fn decode_token<K: DeserializeOwned>(list: &str, token: &str) -> Result<K, ApiError> {
    let (body, sum) = token.trim().split_once('.').ok_or(TAMPERED)?;
    let payload = URL_SAFE_NO_PAD.decode(body).map_err(|_| TAMPERED)?;
    if checksum(&payload) != sum {
        return Err(TAMPERED);
    }
    let decoded: Payload<K> = serde_json::from_slice(&payload).map_err(|_| TAMPERED)?;
    if decoded.list != list {
        return Err(TAMPERED);
    }
    Ok(decoded.after)
}

/// The key of the request's `MS-ContinuationToken` header, when it has one.
pub fn continuation<K: DeserializeOwned>(
    req: &HttpRequest,
    list: &str,
) -> Result<Option<K>, ApiError> {
    let mut values = req.headers().get_all(CONTINUATION_HEADER);
    let Some(value) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(TAMPERED);
    }
    let token = value.to_str().map_err(|_| TAMPERED)?;
    if token.len() > 4096 {
        return Err(TAMPERED);
    }
    decode_token(list, token).map(Some)
}

/// The request's path and query string, as the next page's uri.
pub fn same_uri(req: &HttpRequest) -> String {
    match req.query_string() {
        "" => req.path().to_owned(),
        query => format!("{}?{query}", req.path()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_gives_back_its_key_and_nothing_else_is_taken() {
        let key = ("Fourth Coffee".to_owned(), "5c0ffee0".to_owned());
        let token = encode_token("customers", &key).unwrap();
        assert!(
            token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
            "{token}"
        );
        let back: (String, String) = decode_token("customers", &token).unwrap();
        assert_eq!(back, key);

        assert!(decode_token::<(String, String)>("auditrecords", &token).is_err());
        let mut altered = token.clone().into_bytes();
        altered[3] = if altered[3] == b'A' { b'B' } else { b'A' };
        let altered = String::from_utf8(altered).unwrap();
        assert!(decode_token::<(String, String)>("customers", &altered).is_err());
        for bad in ["", ".", "abc", "abc.def", &token[..token.len() - 1]] {
            assert!(
                decode_token::<(String, String)>("customers", bad).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_size_is_a_whole_number_within_bounds() {
        assert_eq!(page_size(None).unwrap(), DEFAULT_SIZE);
        assert_eq!(page_size(Some("2")).unwrap(), 2);
        assert_eq!(page_size(Some("1000")).unwrap(), 1000);
        for bad in ["0", "1001", "-1", "ten", "", "2.5"] {
            assert!(page_size(Some(bad)).is_err(), "{bad}");
        }
    }
}
