//! A real SMTP server for the e-mail tests, on a free port of the loopback:
//! the protocol from the `mailin` library, the socket and what arrived the
//! test's own. It accepts, or refuses every message for now (451), as the
//! test sets it (at each recipient, as a full mailbox would).

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, TcpListener};
use std::sync::{Arc, Mutex};

use mailin::{Action, Handler, Response, SessionBuilder};

/// One message as the server took it.
#[derive(Debug, Clone)]
pub struct Arrived {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Clone, Default)]
struct Shared {
    arrived: Arc<Mutex<Vec<Arrived>>>,
    refusing: Arc<Mutex<bool>>,
}

#[derive(Clone)]
struct Session {
    shared: Shared,
    to: Vec<String>,
    data: Vec<u8>,
}

impl Handler for Session {
    fn rcpt(&mut self, _to: &str) -> Response {
        if *self.shared.refusing.lock().unwrap() {
            return Response::custom(451, "Try again later".to_owned());
        }
        mailin::response::OK
    }

    fn data_start(&mut self, _: &str, _: &str, _: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        mailin::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let parsed = mail_parser::MessageParser::default()
            .parse(&self.data)
            .expect("a message that parses");
        self.shared.arrived.lock().unwrap().push(Arrived {
            to: self.to.clone(),
            subject: parsed.subject().unwrap_or_default().to_owned(),
            text: parsed.body_text(0).unwrap_or_default().into_owned(),
            html: parsed.body_html(0).unwrap_or_default().into_owned(),
        });
        mailin::response::OK
    }
}

pub struct SmtpServer {
    pub url: String,
    shared: Shared,
}

impl SmtpServer {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let shared = Shared::default();
        let serving = shared.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let shared = serving.clone();
                std::thread::spawn(move || {
                    let _ = converse(stream, shared);
                });
            }
        });
        Self { url, shared }
    }

    pub fn refuse(&self, refusing: bool) {
        *self.shared.refusing.lock().unwrap() = refusing;
    }

    pub fn arrived(&self) -> Vec<Arrived> {
        self.shared.arrived.lock().unwrap().clone()
    }
}

fn converse(stream: std::net::TcpStream, shared: Shared) -> std::io::Result<()> {
    let mut out = stream.try_clone()?;
    let mut input = BufReader::new(stream);
    let handler = Session {
        shared,
        to: Vec::new(),
        data: Vec::new(),
    };
    let mut session = SessionBuilder::new("test-smtp").build(IpAddr::from([127, 0, 0, 1]), handler);
    session.greeting().write_to(&mut out)?;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        let response = session.process(&line);
        match response.action {
            Action::NoReply => {}
            Action::Close => {
                response.write_to(&mut out)?;
                return Ok(());
            }
            _ => response.write_to(&mut out)?,
        }
        out.flush()?;
    }
}

/// An SMTP address nothing listens on.
pub fn nobody_listening() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    drop(listener);
    url
}
