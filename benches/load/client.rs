//! A lean HTTP/1.1 client for the load: one keep-alive connection per
//! worker, with its own cookies as a browser keeps them, or an API key.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use anyhow::Context;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;

pub struct Response {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: Bytes,
}

impl Response {
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap_or("")
    }
}

/// How a worker proves who it is.
#[derive(Clone, Debug)]
pub enum Credentials {
    /// A browser's cookies after signing in (possibly none).
    Cookies(BTreeMap<String, String>),
    Bearer(String),
}

pub struct Client {
    addr: SocketAddr,
    sender: Option<SendRequest<Full<Bytes>>>,
    credentials: Credentials,
    /// `X-Forwarded-For`, for a server that trusts this client as its proxy.
    pub forwarded_for: Option<String>,
}

impl Client {
    pub fn new(addr: SocketAddr, credentials: Credentials) -> Self {
        Self {
            addr,
            sender: None,
            credentials,
            forwarded_for: None,
        }
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    async fn connection(&mut self) -> anyhow::Result<&mut SendRequest<Full<Bytes>>> {
        let usable = self.sender.as_ref().is_some_and(|s| !s.is_closed());
        if !usable {
            let stream = tokio::net::TcpStream::connect(self.addr).await?;
            stream.set_nodelay(true)?;
            let (sender, connection) = http1::handshake(TokioIo::new(stream)).await?;
            tokio::spawn(async move {
                let _ = connection.await;
            });
            self.sender = Some(sender);
        }
        let sender = self.sender.as_mut().context("a connection")?;
        sender.ready().await?;
        Ok(sender)
    }

    pub async fn get(&mut self, path: &str) -> anyhow::Result<Response> {
        self.send(Method::GET, path, None).await
    }

    pub async fn post_form(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
    ) -> anyhow::Result<Response> {
        let body = serde_urlencoded::to_string(form)?;
        self.send(
            Method::POST,
            path,
            Some(("application/x-www-form-urlencoded", body.into_bytes())),
        )
        .await
    }

    async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<(&'static str, Vec<u8>)>,
    ) -> anyhow::Result<Response> {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, self.addr.to_string());
        if let Some(address) = &self.forwarded_for {
            request = request.header("x-forwarded-for", address);
        }
        match &self.credentials {
            Credentials::Cookies(jar) if !jar.is_empty() => {
                let cookie = jar
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect::<Vec<_>>()
                    .join("; ");
                request = request.header(header::COOKIE, cookie);
            }
            Credentials::Cookies(_) => {}
            Credentials::Bearer(key) => {
                request = request.header(header::AUTHORIZATION, format!("Bearer {key}"));
            }
        }
        let body = match body {
            Some((content_type, bytes)) => {
                request = request.header(header::CONTENT_TYPE, content_type);
                Full::new(Bytes::from(bytes))
            }
            None => Full::new(Bytes::new()),
        };
        let request = request.body(body)?;
        let response = self.connection().await?.send_request(request).await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await?.to_bytes();
        if let Credentials::Cookies(jar) = &mut self.credentials {
            for set in headers.get_all(header::SET_COOKIE) {
                remember(jar, set);
            }
        }
        let location = headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok(Response {
            status,
            location,
            body,
        })
    }
}

/// Keeps or forgets a cookie as a browser would for `Set-Cookie`.
fn remember(jar: &mut BTreeMap<String, String>, set: &HeaderValue) {
    let Ok(set) = set.to_str() else { return };
    let mut parts = set.split(';');
    let Some((name, value)) = parts.next().and_then(|p| p.trim().split_once('=')) else {
        return;
    };
    let expired = parts.any(|p| {
        let p = p.trim().to_ascii_lowercase();
        p == "max-age=0" || p.starts_with("expires=thu, 01 jan 1970")
    });
    if expired || value.is_empty() {
        jar.remove(name);
    } else {
        jar.insert(name.to_owned(), value.to_owned());
    }
}

/// The value of the first `<input name="{name}" value="...">` on a page.
pub fn input_value<'a>(page: &'a str, name: &str) -> Option<&'a str> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker)? + marker.len();
    let end = page[start..].find('"')? + start;
    Some(&page[start..end])
}
