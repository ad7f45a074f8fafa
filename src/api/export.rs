//! `GET /v1/supportcontacts.csv`: every subscription the key's partner
//! sees, with its customer and its designated support contact, as CSV
//! (RFC 4180, UTF-8, a header row).
//!
//! The rows are read a chunk at a time inside the request's one database
//! hop and streamed as they come: at most a few chunks are held in memory,
//! and a reader that goes away stops the reading. The hop keeps its
//! connection (and, on PostgreSQL, its snapshot) while a slow reader
//! catches up: every row comes from one consistent view. A cell that a spreadsheet
//! would take for a formula (it begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) gets a leading single quote, so that opening the file
//! runs nothing a customer or partner name carried in.

use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::HttpResponse;
use actix_web::body::{BodySize, MessageBody};
use actix_web::http::header;
use actix_web::web::Bytes;
use tokio::sync::{mpsc, oneshot};
use tracing::Instrument as _;

use super::auth::KeyHop;
use super::error::ApiError;
use crate::app::read::api::{self as read, SupportRow};

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

/// Whether a spreadsheet would read the cell as a formula.
fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Appends one cell: neutralized, then quoted when it holds a comma, a
/// quote or a line break (quotes doubled).
fn push_cell(out: &mut String, cell: &str) {
    let neutral = looks_like_formula(cell);
    let quoted = cell.contains([',', '"', '\n', '\r']);
    if quoted {
        out.push('"');
    }
    if neutral {
        out.push('\'');
    }
    if quoted {
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell);
    }
    out.push_str("\r\n");
}

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

type Chunk = Result<Bytes, std::io::Error>;

/// The response body: chunks as the database hop sends them.
struct Chunks(mpsc::Receiver<Chunk>);

impl MessageBody for Chunks {
    type Error = std::io::Error;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Chunk>> {
        self.get_mut().0.poll_recv(cx)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(raw: &str) -> String {
        let mut out = String::new();
        push_cell(&mut out, raw);
        out
    }

    #[test]
    fn a_cell_that_begins_like_a_formula_gets_a_leading_quote() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("=1+2"), "'=1+2");
        assert_eq!(cell("+1 425 555 0100"), "'+1 425 555 0100");
        assert_eq!(cell("-2"), "'-2");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tcmd"), "'\tcmd");
        assert_eq!(cell("\rcmd"), "\"'\rcmd\"");
        // Only the first character counts.
        assert_eq!(cell("Office 365 E1"), "Office 365 E1");
        assert_eq!(cell("a=b"), "a=b");
        assert_eq!(cell(" =b"), " =b");
        assert_eq!(cell(""), "");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(cell("Litware, Inc."), "\"Litware, Inc.\"");
        assert_eq!(cell("Margie's \"Travel\""), "\"Margie's \"\"Travel\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("ünïcödé"), "ünïcödé");
        let mut out = String::new();
        push_row(&mut out, ["a", "b,c", "=d"]);
        assert_eq!(out, "a,\"b,c\",'=d\r\n");
    }
}
