//! The JSON body of a `/v1` request, read by the handler itself so that
//! each way it can be wrong is answered in the API's shape: not sent as
//! JSON is 415, larger than [`JSON_LIMIT`] is 413, not a JSON object is 400,
//! each with a description that says what to fix.
//!
//! The handler reads the body before its database hop and hands the
//! outcome to the hop, which answers a missing or invalid key (401) first.

use actix_web::http::header;
use actix_web::{HttpMessage, HttpRequest, mime, web};
use serde_json::{Map, Value};

use super::error::ApiError;

/// The largest JSON body `/v1` reads.
pub const JSON_LIMIT: usize = 16 * 1024;

/// Whether the request says its body is JSON: `application/json` or any
/// `application/*+json`, with any parameters.
fn is_json(req: &HttpRequest) -> bool {
    if req.headers().get(header::CONTENT_TYPE).is_none() {
        return false;
    }
    match req.mime_type() {
        Ok(Some(mime)) => {
            mime.type_() == mime::APPLICATION
                && (mime.subtype() == mime::JSON || mime.suffix() == Some(mime::JSON))
        }
        _ => false,
    }
}

/// Reads the body as one JSON object, at most [`JSON_LIMIT`] bytes.
pub async fn json_object(
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<Map<String, Value>, ApiError> {
    if !is_json(req) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let bytes = payload
        .to_bytes_limited(JSON_LIMIT)
        .await
        .map_err(|_| ApiError::BodyTooLarge { limit: JSON_LIMIT })?
        .map_err(|_| ApiError::MalformedBody("it did not arrive whole".into()))?;
    parse_object(&bytes)
}

fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::MalformedBody(
            "it is empty; send a JSON object".into(),
        ));
    }
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| ApiError::MalformedBody(format!("it is not valid JSON ({e})")))?;
    match value {
        Value::Object(object) => Ok(object),
        _ => Err(ApiError::MalformedBody("it must be a JSON object".into())),
    }
}

/// A string member that may be spelled in either of `names` (Partner
/// Center's PascalCase and camelCase); `null`, missing and blank are none.
/// Spelled twice with different values, or not a string, is a 400.
pub fn string_member(
    object: &Map<String, Value>,
    names: [&'static str; 2],
) -> Result<Option<String>, ApiError> {
    let mut found: Option<String> = None;
    for name in names {
        let value = match object.get(name) {
            None | Some(Value::Null) => continue,
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(_) => {
                return Err(ApiError::MalformedBody(format!("{name} must be a string")));
            }
        };
        if value.is_empty() {
            continue;
        }
        match &found {
            Some(earlier) if *earlier != value => {
                return Err(ApiError::MalformedBody(format!(
                    "{} and {} differ",
                    names[0], names[1]
                )));
            }
            _ => found = Some(value),
        }
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(o) => o,
            _ => unreachable!(),
        }
    }

    #[test]
    fn only_json_content_types_are_json() {
        for ok in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/merge-patch+json",
        ] {
            let req = TestRequest::default()
                .insert_header((header::CONTENT_TYPE, ok))
                .to_http_request();
            assert!(is_json(&req), "{ok}");
        }
        for bad in [
            "text/plain",
            "application/x-www-form-urlencoded",
            "text/json",
            "application/jsonx",
            "",
        ] {
            let req = TestRequest::default()
                .insert_header((header::CONTENT_TYPE, bad))
                .to_http_request();
            assert!(!is_json(&req), "{bad}");
        }
        assert!(!is_json(&TestRequest::default().to_http_request()));
    }

    #[test]
    fn a_body_is_one_json_object() {
        assert!(parse_object(br#" {"a": 1} "#).is_ok());
        for bad in [
            &b""[..],
            b"  ",
            b"[1]",
            b"\"x\"",
            b"{",
            b"{\"a\":}",
            b"\xff",
        ] {
            assert!(
                matches!(parse_object(bad), Err(ApiError::MalformedBody(_))),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn members_are_read_in_either_casing() {
        let names = ["SupportTenantId", "supportTenantId"];
        let read = |v: Value| string_member(&object(v), names);
        assert_eq!(
            read(json!({"SupportTenantId": " x "})).unwrap(),
            Some("x".into())
        );
        assert_eq!(
            read(json!({"supportTenantId": "x"})).unwrap(),
            Some("x".into())
        );
        assert_eq!(
            read(json!({"SupportTenantId": "x", "supportTenantId": "x"})).unwrap(),
            Some("x".into())
        );
        assert_eq!(read(json!({"supportTenantId": null})).unwrap(), None);
        assert_eq!(read(json!({"supportTenantId": ""})).unwrap(), None);
        assert_eq!(read(json!({"SUPPORTTENANTID": "x"})).unwrap(), None);
        assert!(read(json!({"supportTenantId": 5})).is_err());
        assert!(read(json!({"SupportTenantId": "x", "supportTenantId": "y"})).is_err());
    }
}
