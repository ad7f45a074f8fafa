//! One log line per request: request id, method, route pattern (never the
//! raw path, which carries tenant ids), status and duration. No bodies, no
//! headers, so no passwords, tokens or cookies.

use std::time::Instant;

use actix_web::Error;
use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};

struct Started(Instant);

/// The request's route pattern, found once (finding it walks the routes)
/// and read by the span, the metrics and the form size limit.
#[derive(Clone)]
pub struct Route(pub String);

/// The route pattern of `request`, from the request's extensions when the
/// logger put it there.
pub fn route_of(request: &ServiceRequest) -> String {
    if let Some(route) = request.extensions().get::<Route>() {
        return route.0.clone();
    }
    request
        .match_pattern()
        .unwrap_or_else(|| crate::metrics::UNMATCHED_ROUTE.to_owned())
}

pub struct RouteSpans;

impl RootSpanBuilder for RouteSpans {
    fn on_request_start(request: &ServiceRequest) -> Span {
        request.extensions_mut().insert(Started(Instant::now()));
        let route = route_of(request);
        request.extensions_mut().insert(Route(route.clone()));
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        let span = tracing::info_span!(
            "request",
            request_id = %request_id,
            method = %request.method(),
            route = %route,
        );
        tracing::debug!(parent: &span, "request started");
        span
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let (status, elapsed) = match outcome {
            Ok(response) => (
                response.status().as_u16(),
                response
                    .request()
                    .extensions()
                    .get::<Started>()
                    .map(|s| s.0.elapsed()),
            ),
            Err(error) => (error.as_response_error().status_code().as_u16(), None),
        };
        let duration_ms = elapsed
            .map(|d| d.as_secs_f64() * 1000.0)
            .unwrap_or_default();
        let _entered = span.enter();
        tracing::info!(
            status,
            duration_ms = format!("{duration_ms:.1}"),
            "request handled"
        );
    }
}

/// Counts every answered request for `/metrics`: route pattern, method,
/// status and latency.
pub async fn count_request(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let metrics = request
        .app_data::<super::State>()
        .map(|state| state.metrics.clone());
    let route = route_of(&request);
    let method = request.method().clone();
    let outcome = next.call(request).await;
    if let Some(metrics) = metrics {
        let status = match &outcome {
            Ok(response) => response.status(),
            Err(error) => error.as_response_error().status_code(),
        };
        metrics.request(&route, method.as_str(), status.as_u16(), started.elapsed());
    }
    outcome
}
