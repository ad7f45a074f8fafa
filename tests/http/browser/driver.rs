//! chromedriver on a port of its own, a headless Chromium session through
//! it, and the two Chromium commands WebDriver has no word for: the logs and
//! the DevTools protocol.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, anyhow, bail};
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use serde_json::{Value, json};

/// A chromedriver process, ended when this is dropped.
pub struct Chromedriver {
    child: Child,
    pub url: String,
}

impl Chromedriver {
    /// Starts chromedriver on a port the system chooses, and waits for the
    /// line that says which.
    pub fn start(program: &Path) -> anyhow::Result<Self> {
        let mut child = Command::new(program)
            .arg("--port=0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", program.display()))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        // Reads the port, then keeps the pipe drained so chromedriver never blocks on it.
        std::thread::spawn(move || {
            let mut port_tx = Some(port_tx);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let port = line
                    .split_once("started successfully on port ")
                    .and_then(|(_, rest)| rest.trim_end_matches('.').trim().parse::<u16>().ok());
                if let Some(port) = port
                    && let Some(tx) = port_tx.take()
                {
                    let _ = tx.send(port);
                }
            }
        });
        let mut driver = Self {
            child,
            url: String::new(),
        };
        let port = port_rx.recv_timeout(Duration::from_secs(20)).map_err(|_| {
            let exited = driver.child.try_wait().ok().flatten();
            anyhow!("chromedriver did not say which port it listens on (exit status: {exited:?})")
        })?;
        driver.url = format!("http://127.0.0.1:{port}");
        Ok(driver)
    }

    /// A new headless Chromium, with its console and network logged for
    /// [`logs`] and [`served_html`].
    pub async fn session(&self, chromium: &Path) -> anyhow::Result<Client> {
        let capabilities = json!({
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": { "pageLoad": 30_000, "script": 30_000 },
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new",
                    // Chromium refuses its sandbox to root, as CI runs.
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-extensions",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    // As on phones: scrollbars take no width from the page.
                    "--hide-scrollbars",
                    "--lang=en-US",
                    "--window-size=1280,800",
                ],
            },
            "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
            "goog:perfLoggingPrefs": { "enableNetwork": true, "enablePage": false },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("an object")
        };
        let capabilities: Capabilities = capabilities;
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.url)
            .await
            .context("a Chromium session through chromedriver")?;
        Ok(client)
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A command of chromedriver's own: POST `session/{id}/{path}` with `body`.
#[derive(Debug)]
struct ChromeCommand {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for ChromeCommand {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/{}",
            session_id.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

/// One entry of a chromedriver log.
#[derive(Debug, serde::Deserialize)]
pub struct LogEntry {
    pub level: String,
    pub message: String,
    #[serde(default)]
    pub source: Option<String>,
}

/// The entries of a log (`browser`: the console; `performance`: DevTools
/// events) since it was last read.
pub async fn logs(client: &Client, kind: &str) -> anyhow::Result<Vec<LogEntry>> {
    let value = client
        .issue_cmd(ChromeCommand {
            path: "se/log",
            body: json!({ "type": kind }),
        })
        .await
        .with_context(|| format!("reading the {kind} log"))?;
    Ok(serde_json::from_value(value)?)
}

/// One command of the Chrome DevTools protocol, on the page's target.
pub async fn devtools(client: &Client, command: &str, params: Value) -> anyhow::Result<Value> {
    client
        .issue_cmd(ChromeCommand {
            path: "goog/cdp/execute",
            body: json!({ "cmd": command, "params": params }),
        })
        .await
        .with_context(|| format!("DevTools {command}"))
}

/// What the server sent for the document at `url`, as the browser received
/// it (from the network events of the performance log, which this read
/// empties): its status and body.
pub async fn served_html(client: &Client, url: &url::Url) -> anyhow::Result<(u16, String)> {
    let mut wanted = url.clone();
    wanted.set_fragment(None);
    let mut found = None;
    for entry in logs(client, "performance").await? {
        let event: Value = serde_json::from_str(&entry.message)?;
        let event = &event["message"];
        if event["method"] != "Network.responseReceived" || event["params"]["type"] != "Document" {
            continue;
        }
        let response = &event["params"]["response"];
        if response["url"].as_str() == Some(wanted.as_str()) {
            let status = response["status"].as_u64().unwrap_or_default();
            found = Some((event["params"]["requestId"].clone(), status));
        }
    }
    let Some((request, status)) = found else {
        bail!("the browser logged no document response for {wanted}");
    };
    let body = devtools(
        client,
        "Network.getResponseBody",
        json!({ "requestId": request }),
    )
    .await?;
    if body["base64Encoded"].as_bool() == Some(true) {
        bail!("the document {wanted} came as binary");
    }
    let html = body["body"]
        .as_str()
        .ok_or_else(|| anyhow!("no body for {wanted}"))?;
    Ok((u16::try_from(status).unwrap_or(0), html.to_owned()))
}
