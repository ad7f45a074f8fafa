//! The real binary as a server process, for tests that need several of them.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;

pub struct ServerProcess {
    child: Child,
    pub base: String,
    /// Every line the server logs, as it logs it.
    lines: tokio::sync::mpsc::UnboundedReceiver<String>,
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
        let (all_tx, all_rx) = tokio::sync::mpsc::unbounded_channel();
        std::thread::spawn(move || {
            let mut sent = false;
            // Keep reading to the end, so the server never blocks on a full pipe.
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = all_tx.send(line.clone());
                if !sent && let Some(url) = listening_url(&line) {
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
    /// panics when none comes within 30 seconds. Other tasks run meanwhile.
    pub async fn lines_until(&mut self, mut wanted: impl FnMut(&str) -> bool) -> Vec<String> {
        let mut seen = Vec::new();
        loop {
            let next =
                actix_web::rt::time::timeout(std::time::Duration::from_secs(30), self.lines.recv())
                    .await;
            let Ok(Some(line)) = next else {
                panic!("no such log line; saw {seen:#?}");
            };
            let done = wanted(&line);
            seen.push(line);
            if done {
                return seen;
            }
        }
    }
}

/// The address in the "serving" line, logged as text or as JSON.
fn listening_url(line: &str) -> Option<String> {
    if let Some(at) = line.find("listening=") {
        let rest = &line[at + "listening=".len()..];
        return rest.split_whitespace().next().map(str::to_owned);
    }
    let json: serde_json::Value = serde_json::from_str(line).ok()?;
    json["fields"]["listening"].as_str().map(str::to_owned)
}

impl ServerProcess {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGTERM: the orchestrator's "please stop".
    pub fn terminate(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM sent");
    }

    /// SIGKILL, then reaps the process: a crash, with no chance to clean up.
    pub fn kill_now(&mut self) {
        self.child.kill().expect("SIGKILL sent");
        self.child.wait().expect("the killed server is reaped");
    }

    /// Waits for the process to exit on its own.
    pub fn wait(&mut self) -> std::process::ExitStatus {
        self.child.wait().expect("the server exits")
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
