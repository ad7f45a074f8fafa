//! CSV as the product writes it (RFC 4180, UTF-8, a header row), for every
//! export: the API's support contacts and a partner's Activity. A cell that
//! a spreadsheet would take for a formula (it begins with `=`, `+`, `-`,
//! `@`, a tab or a carriage return) gets a leading single quote, so that
//! opening the file runs nothing a customer or partner name carried in.
//!
//! An export is streamed: its rows are read a chunk at a time inside the
//! request's one database hop and sent as they come ([`Chunks`]), so that
//! at most a few chunks are held in memory and a reader that goes away
//! stops the reading.

use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::HttpResponse;
use actix_web::body::{BodySize, MessageBody};
use actix_web::http::header;
use actix_web::web::Bytes;
use tokio::sync::{mpsc, oneshot};
use tracing::Instrument as _;

use crate::db::DbConn;
use crate::error::AppError;
use crate::web::extract::{OneHop, SignedInAs};

/// Whether a spreadsheet would read the cell as a formula.
fn looks_like_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// Appends one cell: neutralized, then quoted when it holds a comma, a
/// quote or a line break (quotes doubled).
pub fn push_cell(out: &mut String, cell: &str) {
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

/// Appends one row of cells, ended by CR LF.
pub fn push_row<'a>(out: &mut String, cells: impl IntoIterator<Item = &'a str>) {
    for (i, cell) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_cell(out, cell);
    }
    out.push_str("\r\n");
}

/// One piece of a streamed body, or the error that cut it short.
pub type Chunk = Result<Bytes, std::io::Error>;

/// A streamed response body: chunks as the database hop sends them.
pub struct Chunks(pub mpsc::Receiver<Chunk>);

impl MessageBody for Chunks {
    type Error = std::io::Error;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Chunk>> {
        self.get_mut().0.poll_recv(cx)
    }
}

/// Chunks waiting for a slow reader of an export, at most.
const IN_FLIGHT: usize = 2;

/// An export as a page's one hop streams it: the session checked, then
/// `header`, then each chunk `rows` hands to its sender (which answers
/// false once the reader has gone: stop reading), as `filename`. Before
/// the first byte the answer is the hop's error (no session, no
/// database); after it, an error ends the body in an error, not a short
/// file.
pub async fn stream<W, F>(
    page: OneHop<W>,
    filename: &'static str,
    header: Bytes,
    rows: F,
) -> Result<HttpResponse, AppError>
where
    W: SignedInAs,
    F: FnOnce(&mut DbConn, &W, &mut dyn FnMut(Bytes) -> bool) -> Result<(), AppError>
        + Send
        + 'static,
{
    let (tx, rx) = mpsc::channel::<Chunk>(IN_FLIGHT);
    let (started, signed_in) = oneshot::channel::<()>();
    let work = page.load(move |conn, who| {
        // The session holds: the answer is a 200 from here on.
        let _ = started.send(());
        if tx.blocking_send(Ok(header)).is_err() {
            return Ok(());
        }
        let mut send = |bytes: Bytes| tx.blocking_send(Ok(bytes)).is_ok();
        rows(conn, who, &mut send).map_err(|e| {
            tracing::error!(error = %e, filename, "export cut short");
            // The reader sees the body end in an error, not a short file.
            let _ = tx.blocking_send(Err(std::io::Error::other("export failed")));
            e
        })
    });
    let work = actix_web::rt::spawn(work.in_current_span());
    if signed_in.await.is_err() {
        // The hop ended before reading: no session, or no database.
        return Err(match work.await {
            Ok(Err(e)) => e,
            Ok(Ok(_)) => AppError::internal("the export ended before it began"),
            Err(e) => AppError::internal(format!("the export stopped: {e}")),
        });
    }
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(r#"attachment; filename="{filename}""#),
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
