//! One walk through the app at one window size in one language, and the
//! checks made on every page it reaches.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::{Value, json};
use support_contacts::i18n::{Lang, Tr};

use super::driver;
use super::report::{Check, Findings, PageView, SavedHtml};

/// How long a page may take to come after a click, on a busy machine.
const PATIENCE: Duration = Duration::from_secs(20);
/// How often a condition waited for is looked at again.
const POLL: Duration = Duration::from_millis(50);

const DESCRIBE: &str = include_str!("describe.js");
const OVERFLOW: &str = include_str!("overflow.js");
const AXE_RUN: &str = include_str!("axe.js");

#[derive(Clone, Copy, Debug)]
pub struct Viewport {
    pub width: u32,
    pub height: u32,
}

/// What the checks need besides the page: the axe-core source and the
/// folder of screenshots.
pub struct Checks<'a> {
    pub axe: &'a str,
    pub out: &'a Path,
}

/// A walk through a freshly started app in one browser tab.
pub struct Run<'a> {
    pub client: Client,
    pub base: String,
    pub viewport: Viewport,
    /// Narrower windows at which each page is also checked for overflow.
    narrower: &'static [u32],
    pub lang: Lang,
    pub tr: Tr,
    pub flow: &'static str,
    checks: &'a Checks<'a>,
    pub findings: &'a mut Findings,
}

impl<'a> Run<'a> {
    /// A walk at `viewport` in `lang` through the app at `base`: the browser
    /// forgets the cookies of earlier walks and takes the window's size.
    pub async fn start(
        client: Client,
        base: String,
        viewport: Viewport,
        narrower: &'static [u32],
        lang: Lang,
        checks: &'a Checks<'a>,
        findings: &'a mut Findings,
    ) -> anyhow::Result<Self> {
        let run = Self {
            client,
            base,
            viewport,
            narrower,
            lang,
            tr: Tr::new(lang),
            flow: "",
            checks,
            findings,
        };
        // Every app of the test listens on 127.0.0.1: cookies are shared across ports.
        run.client.goto(&run.url("/healthz")).await?;
        run.client.delete_all_cookies().await?;
        run.window(viewport.width, viewport.height).await?;
        // Whatever the console and the network said before this walk is not its own.
        driver::logs(&run.client, "browser").await?;
        driver::logs(&run.client, "performance").await?;
        Ok(run)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Where the report names the current flow's step.
    pub fn at(&self, page: &'static str) -> PageView {
        PageView {
            flow: self.flow,
            page,
            width: self.viewport.width,
            lang: self.lang,
        }
    }

    /// Makes the page's window (the layout viewport) exactly this size:
    /// Chromium keeps its own window at least 500 pixels wide.
    async fn window(&self, width: u32, height: u32) -> anyhow::Result<()> {
        driver::devtools(
            &self.client,
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await?;
        Ok(())
    }

    // ---- getting around, as a person does ----

    /// Opens a path as a person does who types it or follows a link from
    /// elsewhere (an e-mail), and waits for the page.
    pub async fn open(&self, path: &str) -> anyhow::Result<url::Url> {
        self.client
            .goto(&self.url(path))
            .await
            .with_context(|| format!("opening {path}"))?;
        self.arrive(&format!("the page at {path}"), |_| true).await
    }

    /// The first element matching `css` that a person can see.
    pub async fn visible(&self, css: &str) -> anyhow::Result<Element> {
        self.visible_at(Locator::Css(css)).await
    }

    /// The first element `locator` finds that a person can see.
    pub async fn visible_at(&self, locator: Locator<'_>) -> anyhow::Result<Element> {
        for element in self.client.find_all(locator).await? {
            if element.is_displayed().await? {
                return Ok(element);
            }
        }
        bail!("no visible {locator:?} on {}", self.here().await)
    }

    /// The visible link of the main content whose text is `text`.
    pub async fn link(&self, text: &str) -> anyhow::Result<Element> {
        self.visible_at(Locator::XPath(&format!(
            "//main//a[normalize-space()={}]",
            xpath_string(text)
        )))
        .await
    }

    /// A link or button of the site's navigation, opening a collapsed menu
    /// first when that is how the page shows it.
    pub async fn navigation(&self, css: &str) -> anyhow::Result<Element> {
        if let Ok(found) = self.visible(css).await {
            return Ok(found);
        }
        // The side navigation (a menu on a phone), then the user's menu.
        let toggles = [
            "details.side:not([open]) > summary",
            "details.user-menu:not([open]) > summary",
        ];
        for toggles in toggles {
            if let Ok(toggle) = self.visible(toggles).await {
                toggle.click().await?;
                if let Ok(found) = self.visible(css).await {
                    return Ok(found);
                }
            }
        }
        bail!(
            "no visible {css}, and no menu that shows it, on {}",
            self.here().await
        )
    }

    /// Clicks `element`, then waits for the new page that `expected` accepts.
    pub async fn click_to(
        &self,
        element: &Element,
        what: &str,
        expected: impl Fn(&url::Url) -> bool,
    ) -> anyhow::Result<url::Url> {
        self.leaving().await?;
        element
            .click()
            .await
            .with_context(|| format!("clicking on the way to {what}"))?;
        self.arrive(what, expected).await
    }

    /// Marks the current document, so that [`Self::arrive`] knows it from
    /// the next one even at the same address.
    pub async fn leaving(&self) -> anyhow::Result<()> {
        self.client
            .execute("window.__walkLeft = true;", vec![])
            .await?;
        Ok(())
    }

    /// Waits until a new document has loaded whose address `expected`
    /// accepts; fails, saying where the browser is instead, after a while.
    pub async fn arrive(
        &self,
        what: &str,
        expected: impl Fn(&url::Url) -> bool,
    ) -> anyhow::Result<url::Url> {
        let started = Instant::now();
        loop {
            let state = self
                .client
                .execute(
                    "return [location.href, document.readyState, window.__walkLeft === true];",
                    vec![],
                )
                .await;
            // A navigation under way can refuse a script for a moment.
            if let Ok(Value::Array(state)) = state {
                let href = state[0].as_str().unwrap_or_default();
                let loaded = state[1] == "complete" && state[2] == false;
                if let Ok(url) = url::Url::parse(href)
                    && loaded
                    && expected(&url)
                {
                    return Ok(url);
                }
            }
            if started.elapsed() > PATIENCE {
                bail!(
                    "waited {} s for {what}; the browser shows {}",
                    PATIENCE.as_secs(),
                    self.here().await
                );
            }
            tokio::time::sleep(POLL).await;
        }
    }

    /// Where the browser is, with the page's main heading, for messages.
    pub async fn here(&self) -> String {
        let heading = self
            .client
            .execute(
                "var h = document.querySelector('h1'); return h ? h.innerText : '';",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let url = self
            .client
            .current_url()
            .await
            .map(|u| u.as_str().replacen(&self.base, "", 1))
            .unwrap_or_default();
        format!("{url} (\"{heading}\")")
    }

    /// Types into a field as a person does: click, then the keys.
    pub async fn type_into(&self, css: &str, text: &str) -> anyhow::Result<()> {
        let field = self.visible(css).await?;
        field.click().await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// The page's visible text.
    pub async fn text(&self) -> anyhow::Result<String> {
        Ok(self.client.find(Locator::Css("body")).await?.text().await?)
    }

    // ---- the checks ----

    /// Every check of the page the browser shows, saved and reported as
    /// `page` of the current flow. A check that cannot be made at all is an
    /// error; what a check finds is a problem in the findings.
    pub async fn inspect(&mut self, page: &'static str) -> anyhow::Result<()> {
        let view = self.at(page);
        let url = self.client.current_url().await?;
        self.findings.views += 1;

        let (status, html) = driver::served_html(&self.client, &url).await?;
        if status >= 400 {
            self.findings.add(
                Check::Flow,
                &view,
                format!("the server answered {status} for {}", url.path()),
            );
        }
        let html_name = format!("{}-{}-{}.html", view.flow, view.page, view.lang.tag());
        if !self
            .findings
            .html
            .iter()
            .any(|saved| saved.path.ends_with(&html_name))
        {
            let path = self.checks.out.join(&html_name);
            std::fs::write(&path, html)?;
            self.findings.html.push(SavedHtml {
                path,
                at: format!("{}/{}, {}", view.flow, view.page, view.lang.tag()),
            });
        }

        self.screenshot(&view.file_stem()).await?;
        self.overflow(&view).await?;
        self.axe(&view).await?;
        for &width in self.narrower {
            let narrower = PageView {
                width,
                ..view.clone()
            };
            self.window(width, self.viewport.height).await?;
            self.overflow(&narrower).await?;
            self.findings.views += 1;
        }
        if !self.narrower.is_empty() {
            self.window(self.viewport.width, self.viewport.height)
                .await?;
        }
        self.console(&view).await
    }

    /// The whole page, not only the part in the window.
    async fn screenshot(&self, stem: &str) -> anyhow::Result<()> {
        let shot = driver::devtools(
            &self.client,
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true, "optimizeForSpeed": true }),
        )
        .await?;
        let data = shot["data"]
            .as_str()
            .ok_or_else(|| anyhow!("no screenshot data"))?;
        use base64::Engine;
        let png = base64::engine::general_purpose::STANDARD.decode(data)?;
        std::fs::write(self.checks.out.join(format!("{stem}.png")), png)?;
        Ok(())
    }

    async fn overflow(&mut self, view: &PageView) -> anyhow::Result<()> {
        let found = self
            .client
            .execute(&format!("{DESCRIBE}\n{OVERFLOW}"), vec![])
            .await
            .context("measuring the page's width")?;
        let (wide, limit) = (found["wide"].as_i64(), found["limit"].as_i64());
        if let (Some(wide), Some(limit)) = (wide, limit)
            && wide > limit
        {
            let sticking: Vec<&str> = found["sticking"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            self.findings.add(
                Check::Overflow,
                view,
                format!(
                    "the page is {wide} px wide in a {limit} px window; sticking out: {}",
                    sticking.join(", ")
                ),
            );
        }
        Ok(())
    }

    async fn axe(&mut self, view: &PageView) -> anyhow::Result<()> {
        let injected = self
            .client
            .execute("return typeof window.axe === 'object';", vec![])
            .await?;
        if injected != Value::Bool(true) {
            self.client
                .execute(self.checks.axe, vec![])
                .await
                .context("injecting axe-core")?;
        }
        let result = self
            .client
            .execute_async(AXE_RUN, vec![])
            .await
            .context("running axe-core")?;
        if let Some(error) = result["error"].as_str() {
            bail!("axe-core failed on {view}: {error}");
        }
        if result["rules"].as_u64().unwrap_or(0) == 0 {
            bail!("axe-core ran no rule on {view}");
        }
        for violation in result["violations"].as_array().into_iter().flatten() {
            let targets: Vec<&str> = violation["targets"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let shown: Vec<&str> = targets.iter().take(6).copied().collect();
            let more = targets.len().saturating_sub(shown.len());
            self.findings.add(
                Check::Axe,
                view,
                format!(
                    "{} ({}): {}; {} element(s): {}{}",
                    violation["id"].as_str().unwrap_or("?"),
                    violation["impact"].as_str().unwrap_or("?"),
                    violation["help"].as_str().unwrap_or("?"),
                    targets.len(),
                    shown.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ),
            );
        }
        Ok(())
    }

    /// Proves that the console check sees what the Content-Security-Policy
    /// blocks (were it blind, every page would pass it): a script written
    /// into the sign-in page must be refused, and said so as an error.
    pub async fn console_sees_blocked_scripts(&self) -> anyhow::Result<()> {
        self.open("/login").await?;
        driver::logs(&self.client, "browser").await?;
        let ran = self
            .client
            .execute(
                "var s = document.createElement('script'); \
                 s.textContent = 'window.__inlineRan = true;'; \
                 document.body.appendChild(s); return window.__inlineRan === true;",
                vec![],
            )
            .await?;
        if ran == Value::Bool(true) {
            bail!("the Content-Security-Policy let an inline script run");
        }
        let started = Instant::now();
        loop {
            let said = driver::logs(&self.client, "browser").await?;
            if said
                .iter()
                .any(|e| e.level == "SEVERE" && e.message.contains("Content Security Policy"))
            {
                break;
            }
            if started.elapsed() > PATIENCE {
                bail!(
                    "a script blocked by the Content-Security-Policy did not reach the console log"
                );
            }
            tokio::time::sleep(POLL).await;
        }
        driver::logs(&self.client, "performance").await?;
        Ok(())
    }

    /// The console's errors since the last look (a blocked resource or
    /// script of the Content-Security-Policy is one).
    pub async fn console(&mut self, at: impl std::fmt::Display) -> anyhow::Result<()> {
        for entry in driver::logs(&self.client, "browser").await? {
            if entry.level == "SEVERE" {
                self.findings.add(
                    Check::Console,
                    &at,
                    format!(
                        "[{}] {}",
                        entry.source.as_deref().unwrap_or("console"),
                        entry.message.replace(&self.base, "")
                    ),
                );
            }
        }
        Ok(())
    }
}

/// `text` as an XPath string literal.
fn xpath_string(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else {
        let parts: Vec<String> = text.split('\'').map(|p| format!("'{p}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// The CSS selector of the buttons that submit the form `form` selects.
pub fn submit_button(form: &str) -> String {
    format!("{form} button:not([type]), {form} button[type=submit], {form} input[type=submit]")
}

/// Whether the address's query has `key` = `value`.
pub fn query_has(url: &url::Url, key: &str, value: &str) -> bool {
    url.query_pairs().any(|(k, v)| k == key && v == value)
}
