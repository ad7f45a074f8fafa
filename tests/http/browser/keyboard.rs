//! The main flow with the keyboard alone: Tab to move, typing, arrows to
//! choose, Enter to follow and send, and at every stop of Tab a check that
//! the focused element shows its focus.

use std::collections::HashSet;

use anyhow::{Context, bail, ensure};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;

use super::flows::chosen_contact;
use super::inspect::{Run, query_has, submit_button};
use super::report::Check;
use crate::helpers::{
    CONTOSO_ADMIN, DEMO_PASSWORD, TREY_RESEARCH, WWI, WWI_OFFICE_365, subscription_path,
};

const DESCRIBE: &str = include_str!("describe.js");
const FOCUS: &str = include_str!("focus.js");

/// Presses of Tab after which an element counts as out of the keyboard's reach.
const MOST_TABS: usize = 80;

struct Keyboard<'r, 'a> {
    run: &'r mut Run<'a>,
    page: &'static str,
    /// (page, element) already reported, so a cycle of Tab says it once.
    reported: HashSet<(&'static str, String)>,
}

pub async fn walk(run: &mut Run<'_>) -> anyhow::Result<()> {
    run.flow = "keyboard";
    let mut keys = Keyboard {
        run,
        page: "sign-in",
        reported: HashSet::new(),
    };
    keys.run.open("/login").await?;
    // The e-mail field takes the focus as the page opens.
    keys.check_focus().await?;
    let email = keys.run.visible("input[name=email]").await?;
    keys.tab_to(&email, "the e-mail field").await?;
    keys.type_text(CONTOSO_ADMIN).await?;
    let password = keys.run.visible("input[name=password]").await?;
    keys.tab_to(&password, "the password field").await?;
    keys.type_text(DEMO_PASSWORD).await?;
    keys.enter_to("dashboard", "the dashboard", |u| u.path() == "/partner")
        .await?;

    let customers = keys.run.visible("a[href='/partner/customers']").await?;
    keys.tab_to(&customers, "the Customers link").await?;
    keys.enter_to("customers", "the customer list", |u| {
        u.path() == "/partner/customers"
    })
    .await?;

    let search = keys.run.visible("input[name=q]").await?;
    keys.tab_to(&search, "the search box").await?;
    keys.type_text("wide").await?;
    keys.enter_to("customers-search", "the customers found", |u| {
        query_has(u, "q", "wide")
    })
    .await?;

    let customer = format!("/partner/customers/{WWI}");
    let link = keys
        .run
        .visible(&format!("main a[href='{customer}']"))
        .await?;
    keys.tab_to(&link, "Wide World Importers").await?;
    keys.enter_to("customer", "the customer", |u| u.path() == customer)
        .await?;

    let subscription = subscription_path(WWI, WWI_OFFICE_365);
    let link = keys
        .run
        .visible(&format!("main a[href='{subscription}']"))
        .await?;
    keys.tab_to(&link, "Office 365 Business Premium").await?;
    keys.enter_to("subscription", "the subscription", |u| {
        u.path() == subscription
    })
    .await?;

    // A list takes the focus itself; of radio buttons, the chosen one does.
    let field = keys
        .run
        .visible("select[name=support_contact], input[name=support_contact]:checked")
        .await?;
    keys.tab_to(&field, "the support contact field").await?;
    let mut presses = 0;
    while chosen_contact(keys.run).await? != TREY_RESEARCH {
        if presses == 10 {
            bail!("the arrow keys do not reach Trey Research in the support contact field");
        }
        keys.press(Key::Down).await?;
        presses += 1;
    }
    let save = keys
        .run
        .visible(&submit_button("form[action$='/support-contact']"))
        .await?;
    keys.tab_to(&save, "the button that saves the contact")
        .await?;
    let review = format!("{subscription}/changes/");
    keys.enter_to("review", "the review", |u| u.path().starts_with(&review))
        .await?;

    let close = keys.run.link(&keys.run.tr.get("review-close")).await?;
    keys.tab_to(&close, "Close").await?;
    keys.enter_to("customer-closed", "the customer after Close", |u| {
        u.path() == customer
    })
    .await?;
    ensure!(
        keys.run.text().await?.contains("Trey Research"),
        "after the keyboard flow, the customer's page does not show Trey Research"
    );
    Ok(())
}

impl Keyboard<'_, '_> {
    async fn press(&self, key: Key) -> anyhow::Result<()> {
        let key = char::from(key);
        self.run
            .client
            .perform_actions(
                KeyActions::new("keyboard".into())
                    .then(KeyAction::Down { value: key })
                    .then(KeyAction::Up { value: key }),
            )
            .await?;
        Ok(())
    }

    async fn type_text(&self, text: &str) -> anyhow::Result<()> {
        let mut keys = KeyActions::new("keyboard".into());
        for c in text.chars() {
            keys = keys
                .then(KeyAction::Down { value: c })
                .then(KeyAction::Up { value: c });
        }
        self.run.client.perform_actions(keys).await?;
        Ok(())
    }

    /// Presses Tab until `target` has the focus, checking every element
    /// the focus stops on.
    async fn tab_to(&mut self, target: &Element, what: &str) -> anyhow::Result<()> {
        for _ in 0..MOST_TABS {
            if self.focused(target).await? {
                return Ok(());
            }
            self.press(Key::Tab).await?;
            self.check_focus().await?;
        }
        bail!(
            "{what} was not reached with {MOST_TABS} presses of Tab on {}",
            self.run.here().await
        )
    }

    async fn focused(&self, target: &Element) -> anyhow::Result<bool> {
        let same = self
            .run
            .client
            .execute(
                "return document.activeElement === arguments[0];",
                vec![serde_json::to_value(target)?],
            )
            .await?;
        Ok(same.as_bool() == Some(true))
    }

    async fn check_focus(&mut self) -> anyhow::Result<()> {
        let focus = self
            .run
            .client
            .execute(&format!("{DESCRIBE}\n{FOCUS}"), vec![])
            .await
            .context("looking at the focused element")?;
        self.run.findings.focus_stops += 1;
        if focus.is_null() || focus["shown"].as_bool() == Some(true) {
            return Ok(());
        }
        let what = focus["what"].as_str().unwrap_or("?").to_owned();
        if self.reported.insert((self.page, what.clone())) {
            let at = self.run.at(self.page);
            self.run.findings.add(
                Check::Focus,
                at,
                format!(
                    "{what} has the focus and nothing shows it ({})",
                    focus["style"].as_str().unwrap_or_default()
                ),
            );
        }
        Ok(())
    }

    /// Presses Enter on the focused element and waits for the page it leads to.
    async fn enter_to(
        &mut self,
        page: &'static str,
        what: &str,
        expected: impl Fn(&url::Url) -> bool,
    ) -> anyhow::Result<()> {
        self.run.leaving().await?;
        self.press(Key::Enter).await?;
        self.run.arrive(what, expected).await?;
        self.page = page;
        let at = self.run.at(page);
        self.run.console(at).await
    }
}
