//! The REST API under `/v1`, in Partner Center's paths and shapes, for the
//! scripts partners already have. A handler names [`auth::KeyHop`] (the key
//! is checked in the same database hop as its reads), makes one call to the
//! core, and answers JSON; every error is an [`error::ApiError`], as JSON.

pub mod audit;
pub mod auth;
pub mod body;
pub mod collection;
pub mod customers;
pub mod error;
pub mod export;
pub mod gdap;
pub mod openapi;
pub mod profiles;
pub mod relationships;
pub mod subscriptions;
pub mod support_contact;

use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError, web};
use serde::Serialize;

use error::ApiError;

/// Where the API lives. The CSRF guard leaves these paths alone: they do not
/// read the session (see `web::session::csrf_guard`).
pub const PREFIX: &str = "/v1";

/// Whether a request path is the API's.
pub fn is_api_path(path: &str) -> bool {
    path.strip_prefix(PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Declares the API's routes once, as `web::route_table!` does the pages'.
macro_rules! api_routes {
    ($( $path:literal => { $( $method:ident : $handler:path ),+ $(,)? } ),* $(,)?) => {
        /// Every route under [`PREFIX`]: its path pattern and its methods.
        pub const ROUTES: &[(&str, &[&str])] = &[ $( (concat!("/v1", $path), &[ $( stringify!($method) ),+ ]) ),* ];

        pub fn routes(cfg: &mut web::ServiceConfig) {
            cfg.service(
                web::scope(PREFIX)
                    .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()))
                    .app_data(web::QueryConfig::default().error_handler(|_, _| {
                        ApiError::BadRequest("a query parameter cannot be read").into()
                    }))
                    $(
                        .service({
                            let allow = [ $( stringify!($method) ),+ ]
                                .map(str::to_ascii_uppercase)
                                .join(", ");
                            web::resource($path)
                                $( .route(web::$method().to($handler)) )+
                                .default_service(web::to(move || method_not_allowed(allow.clone())))
                        })
                    )*
                    .default_service(web::to(not_found)),
            );
        }
    };
}

// Every route here is in the OpenAPI document too (a test of
// `api::openapi` checks it): give its handler a `#[utoipa::path]` and name
// it in `openapi::ApiDoc`. Resources are tried in this order, each pattern
// with a parameter by a regular expression: the busiest come first.
api_routes! {
    "/customers/{customer_tenant_id}/subscriptions/{subscription_id}/supportcontact" => {
        get: support_contact::get,
        put: support_contact::put,
    },
    "/customers/{customer_tenant_id}/subscriptions/{subscription_id}" => { get: subscriptions::get },
    "/customers/{customer_tenant_id}/subscriptions" => { get: subscriptions::list },
    "/openapi.json" => { get: openapi::document },
    "/profiles/support" => { get: profiles::support, put: profiles::set_support },
    "/customers" => { get: customers::list },
    "/customers/{customer_tenant_id}" => { get: customers::get },
    "/customers/{customer_tenant_id}/relationships" => { get: relationships::of_customer },
    "/relationships" => { get: relationships::list },
    "/delegatedAdminRelationships" => { get: gdap::list },
    "/delegatedAdminRelationships/{delegated_admin_relationship_id}" => { get: gdap::get },
    "/auditrecords" => { get: audit::list },
    "/supportcontacts.csv" => { get: export::support_contacts },
}

/// 405, with the methods the path does answer in `Allow` (RFC 9110).
async fn method_not_allowed(allow: String) -> HttpResponse {
    let mut response = ApiError::MethodNotAllowed.error_response();
    if let Ok(value) = header::HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

async fn not_found() -> Result<HttpResponse, ApiError> {
    Err(ApiError::NotFound)
}

/// A 200 answer with `value` as its JSON body, never cached.
pub fn json<T: Serialize>(value: &T) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(value)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_api_prefix_is_the_api() {
        for path in ["/v1", "/v1/", "/v1/profiles/support"] {
            assert!(super::is_api_path(path), "{path}");
        }
        for path in ["/", "/v1x", "/v10/profiles", "/partner/v1", "/V1/profiles"] {
            assert!(!super::is_api_path(path), "{path}");
        }
    }
}
