//! The servers under load, each in its own process: the product's own
//! binary (release under `cargo bench`, debug under `cargo test --bench`),
//! and this benchmark again as the bare ceiling server.

use std::io::{BufRead, BufReader};
use std::net::{SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use support_contacts::config::SessionKey;
use support_contacts::db::DatabaseUrl;

pub struct Server {
    child: Child,
    pub addr: SocketAddr,
    /// From spawning to the first answer of `/readyz`.
    pub start_up: Duration,
}

impl Server {
    /// The product, on an existing database, as an operator runs it.
    pub fn product(url: &DatabaseUrl) -> anyhow::Result<Self> {
        let port = free_port()?;
        let addr: SocketAddr = format!("127.0.0.1:{port}").parse()?;
        let started = Instant::now();
        let child = Command::new(env!("CARGO_BIN_EXE_support-contacts"))
            .env("DATABASE_URL", url.as_str_for_child())
            .env("BIND_ADDR", addr.to_string())
            .env("PUBLIC_URL", format!("http://{addr}"))
            .env("SESSION_KEY", SessionKey::generate().to_base64())
            .env("SEED_DEMO", "0")
            // The benchmark measures pages, not the limits it would hit.
            .env("API_RATE_LIMIT_PER_KEY", "0")
            .env("API_RATE_LIMIT_PER_PARTNER", "0")
            .env_remove("METRICS_ADDR")
            // The sign-in storm comes from many addresses, named by the
            // load client as a proxy would name them.
            .env("TRUSTED_PROXIES", "127.0.0.1")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting the server")?;
        let mut server = Self {
            child,
            addr,
            start_up: Duration::ZERO,
        };
        server.start_up = server.wait_ready(started)?;
        Ok(server)
    }

    /// This benchmark's own executable serving the bare ceiling handlers.
    pub fn ceiling(url: &DatabaseUrl) -> anyhow::Result<Self> {
        let started = Instant::now();
        let mut child = Command::new(std::env::current_exe()?)
            .arg("--serve-ceiling")
            .arg(url.as_str_for_child())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting the ceiling server")?;
        let stdout = child.stdout.take().context("the ceiling server's output")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .with_context(|| format!("the ceiling server said {line:?}"))?
            .parse()?;
        let mut server = Self {
            child,
            addr,
            start_up: Duration::ZERO,
        };
        server.start_up = server.wait_ready(started)?;
        Ok(server)
    }

    fn wait_ready(&mut self, started: Instant) -> anyhow::Result<Duration> {
        loop {
            if let Some(status) = self.child.try_wait()? {
                anyhow::bail!("the server exited: {status}");
            }
            if ready(self.addr) {
                return Ok(started.elapsed());
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(60),
                "the server did not answer in a minute"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The most resident memory the process has held, in MiB (Linux).
    pub fn peak_memory_mib(&self) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024.0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// One blocking `GET /readyz`; true on a 200.
fn ready(addr: SocketAddr) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200))
    else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    if stream
        .write_all(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .is_err()
    {
        return false;
    }
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    answer.starts_with("HTTP/1.1 200")
}

/// How a database URL is written in an environment variable.
trait ForChild {
    fn as_str_for_child(&self) -> String;
}

impl ForChild for DatabaseUrl {
    fn as_str_for_child(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => path.display().to_string(),
            DatabaseUrl::Postgres(url) => url.clone(),
        }
    }
}
