//! The main flows in a real browser: headless Chromium, driven over
//! WebDriver, walks them at a desktop's and a phone's width in both
//! languages, and the keyboard alone walks the main one. Every page reached
//! is checked: a screenshot under `target/screenshots/`, no console error,
//! no horizontal overflow, no axe-core violation of WCAG 2.0/2.1 A and AA,
//! and, at the end, its served HTML through the Nu Html Checker. Every
//! problem of every page is told together at the end.
//!
//! Needs chromedriver and Chromium, the checkers of `.ci/browser`
//! (`npm ci --prefix .ci/browser`) and Java; without them the test says so
//! on one line and passes, unless `SUPPORT_CONTACTS_REQUIRE_ALL_TESTS=1`.

mod driver;
mod flows;
mod inspect;
mod keyboard;
mod report;
mod tools;
mod vnu;

use std::time::Instant;

use fantoccini::Client;
use support_contacts::i18n::Lang;

use crate::helpers::{skip_or_fail, spawn_app};
use inspect::{Checks, Run, Viewport};
use report::{Check, Findings};

const DESKTOP: Viewport = Viewport {
    width: 1280,
    height: 800,
};
const PHONE: Viewport = Viewport {
    width: 390,
    height: 844,
};
/// The narrowest phones: each page of the phone walk is also measured at
/// this width for overflow.
const NARROWEST: &[u32] = &[360];

#[actix_web::test]
async fn the_main_flows_work_in_a_real_browser_at_desktop_and_phone_widths() {
    let tools = match tools::Tools::find() {
        Ok(tools) => tools,
        Err(missing) => {
            static SAID: std::sync::Once = std::sync::Once::new();
            let missing = missing.join("; ");
            skip_or_fail(
                &SAID,
                &format!("the browser test needs tools that are missing: {missing}"),
                &format!("the browser test was not run: missing {missing}"),
            );
            return;
        }
    };
    let started = Instant::now();
    let out = report::output_dir().expect("target/screenshots");
    let axe = std::fs::read_to_string(&tools.axe).expect("axe-core's source");
    let driver = driver::Chromedriver::start(&tools.chromedriver).expect("chromedriver starts");
    let client = driver
        .session(&tools.chromium)
        .await
        .expect("a headless Chromium session");

    // The walks run as a task of their own, so that the browser is closed
    // whatever happens to them.
    let walks = actix_web::rt::spawn(walk_all(client.clone(), axe, out.clone()));
    let walked = walks.await;
    let _ = client.close().await;
    drop(driver);
    let mut findings = match walked {
        Ok(findings) => findings,
        Err(failed) => match failed.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(failed) => panic!("the browser walks did not finish: {failed}"),
        },
    };
    vnu::check(&tools, &mut findings).expect("the Nu Html Checker runs");
    eprintln!(
        "browser test: {} page views, {} focus stops, {} pages' HTML checked, {:.1} s; screenshots in {}",
        findings.views,
        findings.focus_stops,
        findings.html.len(),
        started.elapsed().as_secs_f64(),
        out.display()
    );
    if let Some(report) = findings.report() {
        panic!("{report}");
    }
}

/// Each walk on an app of its own: the flows at each width in each
/// language, then the keyboard alone. A walk that cannot go on is a
/// problem, and the next walk still runs.
async fn walk_all(client: Client, axe: String, out: std::path::PathBuf) -> Findings {
    let checks = Checks {
        axe: &axe,
        out: &out,
    };
    let mut findings = Findings::default();
    for (viewport, narrower) in [(DESKTOP, &[][..]), (PHONE, NARROWEST)] {
        for lang in Lang::ALL {
            let app = spawn_app().await;
            let walked = async {
                let mut run = Run::start(
                    client.clone(),
                    app.base.clone(),
                    viewport,
                    narrower,
                    lang,
                    &checks,
                    &mut findings,
                )
                .await?;
                if run.lang == Lang::En && viewport.width == DESKTOP.width {
                    run.console_sees_blocked_scripts().await?;
                }
                let result = flows::walk(&mut run).await;
                let at = format!("{} flow at {} px, {}", run.flow, viewport.width, lang.tag());
                result.map_err(|e| e.context(at))
            }
            .await;
            if let Err(error) = walked {
                findings.add(Check::Flow, "walk", format!("{error:#}"));
            }
        }
    }
    let app = spawn_app().await;
    let walked = async {
        let mut run = Run::start(
            client.clone(),
            app.base.clone(),
            DESKTOP,
            &[],
            Lang::En,
            &checks,
            &mut findings,
        )
        .await?;
        keyboard::walk(&mut run).await
    }
    .await;
    if let Err(error) = walked {
        findings.add(
            Check::Flow,
            "keyboard walk at 1280 px, en-US",
            format!("{error:#}"),
        );
    }
    findings
}
