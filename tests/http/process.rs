//! The real binary as a server process, for tests that need several of them.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

pub struct ServerProcess {
    child: Child,
    pub base: String,
    /// Every line the server logs, as it logs it.
    lines: mpsc::Receiver<String>,
}

impl ServerProcess {
    /// Starts `support-contacts serve` on a free port and waits for the line
    /// that says where it listens.
    pub fn start(envs: &[(&str, &str)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_support-contacts"));
        command
            .arg("serve")
            .env_remove("DATABASE_URL")
            .env_remove("SEED_DEMO")
            .env_remove("SESSION_KEY")
            .env("BIND_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in envs {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("the server starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        let (all_tx, all_rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut sent = false;
            // Keep reading to the end, so the server never blocks on a full pipe.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = all_tx.send(line.clone());
                if !sent && let Some(at) = line.find("listening=") {
                    let url = line[at + "listening=".len()..]
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_owned();
                    let _ = tx.send(url);
                    sent = true;
                }
            }
        });
        let base = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the server says where it listens");
        Self {
            child,
            base,
            lines: all_rx,
        }
    }

    /// Every line logged until one matches `wanted` (which is included);
    /// panics when none comes within 30 seconds.
    pub fn lines_until(&self, wanted: impl Fn(&str) -> bool) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            let line = self
                .lines
                .recv_timeout(std::time::Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no such log line; saw {seen:#?}"));
            let done = wanted(&line);
            seen.push(line);
            if done {
                return seen;
            }
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
