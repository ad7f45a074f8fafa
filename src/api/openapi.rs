//! The API's OpenAPI document, `GET /v1/openapi.json`, generated from the
//! handlers' `#[utoipa::path]` attributes and the `ToSchema` of the types
//! they answer with. Anyone may read it: it needs no key.
//!
//! What every operation shares is added here, once: the bearer key it needs
//! and the errors any request can meet (401 for the key, 500, 503). A test
//! checks that the document names every route of [`super::ROUTES`] with its
//! methods, and nothing else, so an endpoint cannot be added without it.

use std::sync::OnceLock;

use actix_web::HttpResponse;
use actix_web::http::header::{self, ContentType};
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};
use utoipa::{IntoParams, Modify, OpenApi, ToSchema};

use super::error::ErrorBody;

/// The name of the security scheme: `Authorization: Bearer <key>`.
pub const BEARER: &str = "bearer";

/// The path of the document itself.
pub const PATH: &str = "/v1/openapi.json";

/// The `MS-ContinuationToken` header of a paged list's request.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct ContinuationToken {
    /// The token of the page before's `links.next`, sent with the same path
    /// and query, for the page after it.
    #[param(rename = "MS-ContinuationToken", max_length = 4096)]
    pub token: Option<String>,
}

/// The `If-Match` header of a PUT.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
pub struct IfMatchHeader {
    /// The ETag read with the resource: the PUT applies only while it is
    /// still the resource's (else 412). `*`, or no header, applies to the
    /// resource as it is when the change is written.
    #[param(
        rename = "If-Match",
        example = "\"a1b2c3d4-0001-4000-8000-0000000000a1.1\""
    )]
    pub if_match: Option<String>,
}

/// A path that names a customer.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CustomerPath {
    /// The customer's tenant id.
    #[param(format = "uuid", example = "e8a1c4f7-2b5d-4e86-9a3c-1d2e3f4a5b10")]
    pub customer_tenant_id: String,
}

/// A path that names one of a customer's subscriptions.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SubscriptionPath {
    /// The customer's tenant id.
    #[param(format = "uuid", example = "e8a1c4f7-2b5d-4e86-9a3c-1d2e3f4a5b10")]
    pub customer_tenant_id: String,
    /// The subscription's id.
    #[param(format = "uuid", example = "a1b2c3d4-0001-4000-8000-0000000000a1")]
    pub subscription_id: String,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "support-contacts",
        description = "Designated support contacts for the cloud reseller channel, in Partner Center's paths and shapes. Every operation but this document needs an API key, sent as `Authorization: Bearer <key>`. Errors are JSON in Partner Center's shape: `code`, `description`, `data`, `source`.",
    ),
    paths(
        document,
        super::profiles::support,
        super::profiles::set_support,
        super::customers::list,
        super::customers::get,
        super::relationships::of_customer,
        super::relationships::list,
        super::gdap::list,
        super::gdap::get,
        super::audit::list,
        super::export::support_contacts,
        super::subscriptions::list,
        super::subscriptions::get,
        super::support_contact::get,
        super::support_contact::put,
    ),
    components(schemas(ErrorBody)),
    modifiers(&Shared),
    security(("bearer" = [])),
)]
struct ApiDoc;

/// What every operation shares: the key it needs and the errors any
/// request can meet.
struct Shared;

/// The errors every operation with a key can answer, by status.
const SHARED_ERRORS: [(&str, &str); 4] = [
    (
        "401",
        "No key, a malformed `Authorization` header, an unknown or revoked key, or a disabled user (code 900401, with `WWW-Authenticate: Bearer`).",
    ),
    (
        "429",
        "Past the key's or its partner's requests a minute: try again after `Retry-After` (code 900429).",
    ),
    (
        "500",
        "A fault of ours, logged and not described (code 900500).",
    ),
    (
        "503",
        "The database is busy or unreachable: try again after `Retry-After` (code 900503).",
    ),
];

fn error_response(description: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                .build(),
        )
        .build()
}

impl Modify for Shared {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API key, made on the API keys page or with `support-contacts api-keys create`.",
                    ))
                    .build(),
            ),
        );
        for (status, description) in SHARED_ERRORS {
            components
                .responses
                .insert(shared_name(status), RefOr::T(error_response(description)));
        }
        for (path, item) in openapi.paths.paths.iter_mut() {
            for operation in [&mut item.get, &mut item.put].into_iter().flatten() {
                if path == PATH {
                    // The document needs no key.
                    operation.security = Some(Vec::new());
                    add_shared(operation, &["500"]);
                } else {
                    add_shared(operation, &["401", "429", "500", "503"]);
                }
            }
        }
    }
}

fn shared_name(status: &str) -> String {
    format!("Error{status}")
}

fn add_shared(operation: &mut Operation, statuses: &[&str]) {
    for status in statuses {
        operation.responses.responses.insert(
            (*status).to_owned(),
            RefOr::Ref(Ref::new(format!(
                "#/components/responses/{}",
                shared_name(status)
            ))),
        );
    }
}

/// The document, as JSON, made once.
pub fn json() -> &'static str {
    static JSON: OnceLock<String> = OnceLock::new();
    JSON.get_or_init(|| {
        ApiDoc::openapi()
            .to_pretty_json()
            .expect("the OpenAPI document serializes")
    })
}

/// `GET /v1/openapi.json`: this API's OpenAPI document.
#[utoipa::path(
    get,
    path = "/v1/openapi.json",
    tag = "openapi",
    operation_id = "getOpenApiDocument",
    summary = "This document",
    description = "The API's OpenAPI document. It needs no key.",
    responses(
        (status = 200, description = "This document.", content_type = "application/json", body = Object),
    ),
)]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok()
        .content_type(ContentType::json())
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .body(json())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::collections::BTreeSet;

    fn doc() -> Value {
        serde_json::from_str(json()).unwrap()
    }

    #[test]
    fn the_document_names_every_route_with_its_methods_and_nothing_else() {
        let doc = doc();
        let documented: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .filter(|k| ["get", "put", "post", "delete", "patch"].contains(&k.as_str()))
                    .map(move |method| (path.clone(), method.clone()))
            })
            .collect();
        let routed: BTreeSet<(String, String)> = super::super::ROUTES
            .iter()
            .flat_map(|(path, methods)| {
                methods
                    .iter()
                    .map(move |m| ((*path).to_owned(), (*m).to_owned()))
            })
            .collect();
        assert_eq!(documented, routed);
    }

    #[test]
    fn every_operation_says_what_it_answers_and_what_it_needs() {
        let doc = doc();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        assert_eq!(
            doc["components"]["securitySchemes"][BEARER]["scheme"],
            "bearer"
        );
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let at = format!("{method} {path}");
                for words in ["summary", "description"] {
                    assert!(
                        operation[words].as_str().is_some_and(|s| !s.is_empty()),
                        "{at}"
                    );
                }
                let responses = operation["responses"].as_object().unwrap();
                assert!(responses.contains_key("200"), "{at}");
                assert!(responses.contains_key("500"), "{at}");
                for (status, response) in responses {
                    if status != "200" {
                        let error = response.get("$ref").is_some()
                            || response["content"]["application/json"]["schema"]["$ref"]
                                == "#/components/schemas/Error";
                        assert!(error, "{at} {status} is not an Error");
                    }
                }
                if path == PATH {
                    assert_eq!(operation["security"], serde_json::json!([]), "{at}");
                } else {
                    assert!(operation.get("security").is_none(), "{at}");
                    assert!(responses.contains_key("401"), "{at}");
                    assert!(responses.contains_key("503"), "{at}");
                }
            }
        }
        assert_eq!(doc["security"], serde_json::json!([{ BEARER: [] }]));
    }

    /// Every `$ref` of `value`.
    fn refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
        match value {
            Value::Object(map) => {
                for (key, v) in map {
                    match (key.as_str(), v) {
                        ("$ref", Value::String(r)) => out.push(r),
                        _ => refs(v, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves() {
        let doc = doc();
        let mut found = Vec::new();
        refs(&doc, &mut found);
        assert!(!found.is_empty());
        for r in found {
            let pointer = r.strip_prefix('#').unwrap_or_else(|| panic!("{r}"));
            assert!(doc.pointer(pointer).is_some(), "{r} resolves to nothing");
        }
    }

    #[test]
    fn the_export_is_csv() {
        let doc = doc();
        let content =
            &doc["paths"]["/v1/supportcontacts.csv"]["get"]["responses"]["200"]["content"];
        assert!(content.get("text/csv").is_some(), "{content}");
    }
}
