//! `GET /v1/supportcontacts.csv`: every subscription the key's partner
//! sees, with its customer and its designated support contact, as CSV
//! (RFC 4180, UTF-8, a header row), written and streamed as every export
//! of the product is (`web::csv`: cells that look like formulas
//! neutralized).
//!
//! The hop keeps its connection (and, on PostgreSQL, its snapshot) while a
//! slow reader catches up: every row comes from one consistent view.

use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::web::Bytes;
use tokio::sync::{mpsc, oneshot};
use tracing::Instrument as _;

use super::auth::KeyHop;
use super::error::ApiError;
use crate::app::read::api::{self as read, SupportRow};
use crate::web::csv::{Chunk, Chunks, push_row};

/// Rows read per query.
const CHUNK: usize = 500;
/// Chunks waiting for a slow reader, at most.
const IN_FLIGHT: usize = 2;

const COLUMNS: [&str; 11] = [
    "customerTenantId",
    "customerName",
    "customerDomain",
    "subscriptionId",
    "friendlyName",
    "offerName",
    "status",
    "quantity",
    "supportTenantId",
    "supportMpnId",
    "supportName",
];

fn header_row() -> Bytes {
    let mut out = String::new();
    push_row(&mut out, COLUMNS);
    Bytes::from(out)
}

fn rows(rows: &[SupportRow]) -> Bytes {
    let mut out = String::with_capacity(rows.len() * 256);
    for r in rows {
        let quantity = r.quantity.to_string();
        push_row(
            &mut out,
            [
                r.customer_tenant_id.as_str(),
                &r.company_name,
                &r.domain,
                &r.subscription_id,
                &r.friendly_name,
                &r.offer_name,
                &r.status,
                &quantity,
                &r.contact_tenant_id,
                &r.contact_mpn_id,
                &r.contact_name,
            ],
        );
    }
    Bytes::from(out)
}

/// `GET /v1/supportcontacts.csv`.
#[utoipa::path(
    get,
    path = "/v1/supportcontacts.csv",
    tag = "subscriptions",
    operation_id = "exportSupportContacts",
    summary = "Export every subscription's support contact as CSV",
    description = "Every subscription the partner sees, with its customer and its designated support contact, streamed as CSV.",
    responses(
        (status = 200, description = "Every subscription the partner sees, with its customer and designated support contact: RFC 4180 CSV, UTF-8, a header row (customerTenantId, customerName, customerDomain, subscriptionId, friendlyName, offerName, status, quantity, supportTenantId, supportMpnId, supportName). A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`.", body = String, content_type = "text/csv"),
    ),
)]
#[tracing::instrument(skip_all)]
pub async fn support_contacts(hop: KeyHop) -> Result<HttpResponse, ApiError> {
    let (tx, rx) = mpsc::channel::<Chunk>(IN_FLIGHT);
    let (started, key_accepted) = oneshot::channel::<()>();
    let work = hop.load(move |conn, who| {
        // The key is good: the answer is a 200 from here on.
        let _ = started.send(());
        if tx.blocking_send(Ok(header_row())).is_err() {
            return Ok(());
        }
        read::each_support_rows(conn, who.caller(), CHUNK, |chunk| {
            tx.blocking_send(Ok(rows(&chunk))).is_ok()
        })
        .map_err(|e| {
            let e = ApiError::from(e);
            tracing::error!(error = %e, "support contact export cut short");
            // The reader sees the body end in an error, not a short file.
            let _ = tx.blocking_send(Err(std::io::Error::other("export failed")));
            e
        })
    });
    let work = actix_web::rt::spawn(work.in_current_span());
    if key_accepted.await.is_err() {
        // The hop ended before reading: a refused key, or no database.
        return Err(match work.await {
            Ok(Err(e)) => e,
            Ok(Ok(_)) => ApiError::Internal("the export ended before it began".into()),
            Err(e) => ApiError::Internal(format!("the export stopped: {e}")),
        });
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            r#"attachment; filename="supportcontacts.csv""#,
        ))
        .body(Chunks(rx)))
}
