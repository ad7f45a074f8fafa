//! The stylesheet, the script and the icon. They are compiled into the binary
//! (the product is one file) and served under names that carry a digest of
//! their content, `/static/app.<digest>.css`, so that browsers keep them for
//! a year without asking again: a release that changes a file changes its
//! name. Each is gzipped once, on first use, and sent compressed to clients
//! that accept it. The plain names (`/static/app.css`) still answer, for
//! bookmarks and old pages, with a short cache.

use std::io::Write;
use std::sync::LazyLock;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

use crate::error::AppError;

struct Source {
    /// The plain name under /static/.
    file: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const SOURCES: [Source; 3] = [
    Source {
        file: "app.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../../static/app.css"),
    },
    Source {
        file: "app.js",
        content_type: "text/javascript; charset=utf-8",
        body: include_bytes!("../../static/app.js"),
    },
    Source {
        file: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../../static/favicon.svg"),
    },
];

/// Older names that pages of earlier releases link to.
const ALIASES: [(&str, &str); 1] = [("local-time.js", "app.js")];

struct Asset {
    source: &'static Source,
    /// `app.1a2b3c4d5e6f.css`
    fingerprinted: String,
    href: String,
    etag: String,
    /// Shared by every answer: cloning it counts a reference.
    gzip: Option<web::Bytes>,
}

static ASSETS: LazyLock<Vec<Asset>> = LazyLock::new(|| SOURCES.iter().map(prepare).collect());

fn prepare(source: &'static Source) -> Asset {
    let digest = Sha256::digest(source.body);
    let short: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    let (stem, ext) = source.file.rsplit_once('.').unwrap_or((source.file, ""));
    let fingerprinted = format!("{stem}.{short}.{ext}");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let gzip = encoder
        .write_all(source.body)
        .and_then(|()| encoder.finish())
        .ok()
        .filter(|gz| gz.len() < source.body.len())
        .map(web::Bytes::from);
    Asset {
        source,
        href: format!("/static/{fingerprinted}"),
        etag: format!("\"{short}\""),
        fingerprinted,
        gzip,
    }
}

/// The address of a static file (by its plain name) for a page to link to.
pub fn href(file: &str) -> &'static str {
    ASSETS
        .iter()
        .find(|a| a.source.file == file)
        .map_or("", |a| a.href.as_str())
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/static/{file}", web::get().to(serve))
        .route("/favicon.ico", web::get().to(favicon));
}

async fn serve(req: HttpRequest, file: web::Path<String>) -> Result<HttpResponse, AppError> {
    let file = file.as_str();
    if let Some(asset) = ASSETS.iter().find(|a| a.fingerprinted == file) {
        return Ok(respond(&req, asset, "public, max-age=31536000, immutable"));
    }
    let plain = ALIASES
        .iter()
        .find(|(old, _)| *old == file)
        .map_or(file, |(_, new)| *new);
    ASSETS
        .iter()
        .find(|a| a.source.file == plain)
        .map(|asset| respond(&req, asset, "public, max-age=300"))
        .ok_or(AppError::NotFound)
}

async fn favicon(req: HttpRequest) -> HttpResponse {
    let icon = ASSETS
        .iter()
        .find(|a| a.source.file == "favicon.svg")
        .expect("the icon is one of the assets");
    respond(&req, icon, "public, max-age=86400")
}

fn respond(req: &HttpRequest, asset: &Asset, cache: &'static str) -> HttpResponse {
    let headers = req.headers();
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == asset.etag.as_bytes())
    {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, asset.etag.as_str()))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish();
    }
    let mut response = HttpResponse::Ok();
    response
        .content_type(asset.source.content_type)
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::ETAG, asset.etag.as_str()))
        .insert_header((header::VARY, "Accept-Encoding"));
    match &asset.gzip {
        Some(gzip) if accepts_gzip(headers.get(header::ACCEPT_ENCODING)) => response
            .insert_header((header::CONTENT_ENCODING, "gzip"))
            .body(gzip.clone()),
        _ => response.body(asset.source.body),
    }
}

/// Whether `Accept-Encoding` names gzip (or `*`) without `q=0`.
fn accepts_gzip(value: Option<&HeaderValue>) -> bool {
    let Some(value) = value.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    value.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let coding = parts.next().unwrap_or("");
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_asset_has_a_name_that_changes_with_its_content() {
        for source in &SOURCES {
            let asset = prepare(source);
            assert!(asset.href.starts_with("/static/"), "{}", asset.href);
            assert_ne!(asset.fingerprinted, source.file);
            assert_eq!(href(source.file), asset.href);
        }
        let changed = Source {
            file: "app.css",
            content_type: "text/css",
            body: b"body { margin: 1px }",
        };
        let leaked: &'static Source = Box::leak(Box::new(changed));
        assert_ne!(
            prepare(leaked).fingerprinted,
            prepare(&SOURCES[0]).fingerprinted
        );
        assert_eq!(href("nothing.css"), "");
    }

    #[test]
    fn gzip_is_sent_only_when_accepted() {
        let yes = ["gzip", "br, gzip;q=0.5", "*", "deflate, GZIP"];
        let no = ["", "br", "gzip;q=0", "identity", "gzip ;q=0.0"];
        for v in yes {
            assert!(accepts_gzip(Some(&HeaderValue::from_static(v))), "{v}");
        }
        for v in no {
            assert!(!accepts_gzip(Some(&HeaderValue::from_static(v))), "{v}");
        }
        assert!(!accepts_gzip(None));
    }
}
