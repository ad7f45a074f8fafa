use actix_web::HttpResponse;
use actix_web::http::header;

/// The stylesheet is compiled into the binary: the product is one file.
const STYLESHEET: &str = include_str!("../../static/app.css");
const LOCAL_TIME_SCRIPT: &str = include_str!("../../static/local-time.js");

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLESHEET)
}

pub async fn local_time_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(LOCAL_TIME_SCRIPT)
}
