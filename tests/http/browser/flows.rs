//! The main flows, walked as a person walks them: through the forms,
//! following what each page offers, each page checked on arrival.

use anyhow::{Context, ensure};
use fantoccini::Locator;
use fantoccini::key::Key;
use support_contacts::i18n::Lang;

use super::inspect::{Run, query_has, submit_button};
use crate::helpers::{
    CONTOSO_ADMIN, DEMO_PASSWORD, FABRIKAM, TREY_RESEARCH, WWI, WWI_ADMIN, WWI_OFFICE_365,
    subscription_path,
};

/// Every flow, one after another on one app: the provider's admin chooses
/// a contact, makes a bulk change and asks for a relationship on a
/// reseller's behalf; the customer's admin accepts it, then reads the
/// Support page.
pub async fn walk(run: &mut Run<'_>) -> anyhow::Result<()> {
    run.flow = "assign";
    assign(run).await.context("choosing a support contact")?;
    run.flow = "bulk";
    bulk(run).await.context("a bulk change")?;
    run.flow = "request";
    request(run).await.context("a relationship request")?;
    run.flow = "support";
    support(run).await.context("the customer's Support page")?;
    Ok(())
}

/// Sign in, find the customer with the search box, open the subscription,
/// choose Trey Research, save, review, close.
async fn assign(run: &mut Run<'_>) -> anyhow::Result<()> {
    let url = run.open("/").await?;
    ensure!(
        url.path() == "/login",
        "a visitor of / is shown {}, not the sign-in page",
        url.path()
    );
    choose_language(run).await?;
    run.inspect("sign-in").await?;
    sign_in(run, CONTOSO_ADMIN, "the dashboard", |u| {
        u.path() == "/partner"
    })
    .await?;
    run.inspect("dashboard").await?;

    let customers = run.navigation("a[href='/partner/customers']").await?;
    run.click_to(&customers, "the customer list", |u| {
        u.path() == "/partner/customers"
    })
    .await?;
    run.inspect("customers").await?;

    run.type_into("input[name=q]", "wide").await?;
    run.leaving().await?;
    run.visible("input[name=q]")
        .await?
        .send_keys(&char::from(Key::Enter).to_string())
        .await?;
    run.arrive("the customers found by \"wide\"", |u| {
        u.path() == "/partner/customers" && query_has(u, "q", "wide")
    })
    .await?;
    run.inspect("customers-search").await?;

    let customer = format!("/partner/customers/{WWI}");
    let link = run.visible(&format!("main a[href='{customer}']")).await?;
    run.click_to(&link, "Wide World Importers", |u| u.path() == customer)
        .await?;
    run.inspect("customer").await?;

    let subscription = subscription_path(WWI, WWI_OFFICE_365);
    let link = run
        .visible(&format!("main a[href='{subscription}']"))
        .await?;
    run.click_to(&link, "Office 365 Business Premium", |u| {
        u.path() == subscription
    })
    .await?;
    run.inspect("subscription").await?;

    choose_contact(run, TREY_RESEARCH).await?;
    let save = run
        .visible(&submit_button("form[action$='/support-contact']"))
        .await?;
    let review = format!("{subscription}/changes/");
    run.click_to(&save, "the review of the change", |u| {
        u.path().starts_with(&review)
    })
    .await?;
    run.inspect("review").await?;
    ensure!(
        run.text().await?.contains("Trey Research"),
        "the review does not name Trey Research"
    );

    let close = run.link(&run.tr.get("review-close")).await?;
    run.click_to(&close, "the customer after Close", |u| u.path() == customer)
        .await?;
    // The customer's page was checked above; what matters here is the new contact.
    ensure!(
        run.text().await?.contains("Trey Research"),
        "after Close, the customer's page does not show Trey Research as a contact"
    );
    Ok(())
}

/// The reseller's page: tick one subscription it could support and make it
/// its contact.
async fn bulk(run: &mut Run<'_>) -> anyhow::Result<()> {
    let resellers = run.navigation("a[href='/partner/resellers']").await?;
    run.click_to(&resellers, "the resellers", |u| {
        u.path() == "/partner/resellers"
    })
    .await?;
    run.inspect("resellers").await?;

    let reseller = format!("/partner/resellers/{TREY_RESEARCH}");
    let link = run.visible(&format!("main a[href='{reseller}']")).await?;
    run.click_to(&link, "Trey Research's page", |u| u.path() == reseller)
        .await?;
    run.inspect("reseller").await?;

    let could = "form:has(input[name=action][value=assign])";
    let tick = run
        .visible(&format!("{could} input[type=checkbox][name=subscription]"))
        .await?;
    let value = tick
        .attr("value")
        .await?
        .context("a row's box has no value")?;
    let subscription = value.split(':').next().unwrap_or_default().to_owned();
    tick.click().await?;
    let make = run
        .visible(&format!("{could} button[name=scope][value=selected]"))
        .await?;
    run.click_to(&make, "Trey Research's page after the change", |u| {
        u.path() == reseller
    })
    .await?;
    run.inspect("reseller-changed").await?;
    let supported = run
        .client
        .find_all(Locator::Css(&format!(
            "form:has(input[name=action][value=release]) input[name=subscription][value^='{subscription}:']"
        )))
        .await?;
    ensure!(
        supported.len() == 1,
        "the ticked subscription {subscription} is not among those Trey Research supports"
    );
    Ok(())
}

/// The provider asks Wide World Importers for a relationship on Fabrikam
/// Solutions' behalf; the customer's admin opens the link, signs
/// in and accepts.
async fn request(run: &mut Run<'_>) -> anyhow::Result<()> {
    let requests = run.navigation("a[href='/partner/requests']").await?;
    run.click_to(&requests, "the relationship requests", |u| {
        u.path() == "/partner/requests"
    })
    .await?;
    run.inspect("requests").await?;

    run.type_into("input[name=company]", "Wide World Importers")
        .await?;
    run.type_into("input[name=domain]", "wideworldimporters.onmicrosoft.com")
        .await?;
    run.visible("select[name=for_reseller]")
        .await?
        .select_by_value(FABRIKAM)
        .await?;
    let make = run
        .visible(&submit_button("form[action='/partner/requests']"))
        .await?;
    run.click_to(&make, "the new request and its link", |u| {
        u.path().starts_with("/partner/requests/")
    })
    .await?;
    run.inspect("request-link").await?;
    let link = run
        .visible("input#link")
        .await?
        .prop("value")
        .await?
        .context("the link field is empty")?;
    let answer = link
        .find("/relationships/")
        .map(|at| link[at..].to_owned())
        .with_context(|| format!("{link} is not a request's link"))?;

    let sign_out = run
        .navigation(&submit_button("form[action='/logout']"))
        .await?;
    run.click_to(&sign_out, "the sign-in page after signing out", |u| {
        u.path() == "/login"
    })
    .await?;

    // The customer's admin follows the link of the e-mail.
    run.open(&answer).await?;
    run.inspect("answer-signed-out").await?;
    let sign_in_link = run.visible("main a[href^='/login']").await?;
    run.click_to(&sign_in_link, "the sign-in page", |u| u.path() == "/login")
        .await?;
    sign_in(run, WWI_ADMIN, "the request again", |u| u.path() == answer).await?;
    run.inspect("answer").await?;
    let accept = run.visible("button[name=action][value=accept]").await?;
    run.click_to(&accept, "the customer's partners", |u| {
        u.path() == "/admin/partners"
    })
    .await?;
    run.inspect("partners").await?;
    ensure!(
        run.text().await?.contains("Fabrikam Solutions"),
        "the partners page does not list Fabrikam Solutions"
    );
    Ok(())
}

/// The customer's admin, signed in, opens Home, then Support.
async fn support(run: &mut Run<'_>) -> anyhow::Result<()> {
    let home = run.navigation("a[href='/admin']").await?;
    run.click_to(&home, "the customer's home", |u| u.path() == "/admin")
        .await?;
    run.inspect("home").await?;
    let support = run.navigation("a[href='/admin/support']").await?;
    run.click_to(&support, "the Support page", |u| {
        u.path() == "/admin/support"
    })
    .await?;
    run.inspect("support").await?;
    let text = run.text().await?;
    ensure!(
        text.contains("Trey Research") && text.contains("Office 365 Business Premium"),
        "the Support page does not say that Trey Research supports Office 365 Business Premium"
    );
    // The box narrows the table as one types; a heading sorts it.
    let find = run.visible("input[data-filter-table]").await?;
    find.send_keys("exchange").await?;
    let shown = products(run).await?;
    ensure!(
        shown == ["Exchange Online (Plan 1)"],
        "typing \"exchange\" left {shown:?} in the Support table"
    );
    find.clear().await?;
    find.send_keys(" ").await?;
    let all = products(run).await?;
    let by_product = run.visible("#support-table th button.sort").await?;
    by_product.click().await?;
    by_product.click().await?;
    let descending = products(run).await?;
    let mut expected = all.clone();
    expected.sort();
    expected.reverse();
    ensure!(
        all.len() > 2 && descending == expected,
        "sorting the Support table by product, descending, gave {descending:?} from {all:?}"
    );
    Ok(())
}

/// The products the Support table shows, in its order.
async fn products(run: &Run<'_>) -> anyhow::Result<Vec<String>> {
    let value = run
        .client
        .execute(
            "return Array.from(document.querySelectorAll('#support-table tbody tr'))\
               .filter(function (r) { return !r.hidden; })\
               .map(function (r) { return r.cells[0].firstChild.textContent.trim(); });",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

/// Switches the sign-in page to the walk's language with the switch in its
/// header (English is what the browser asks for).
async fn choose_language(run: &mut Run<'_>) -> anyhow::Result<()> {
    if run.lang != Lang::En {
        let switch = run
            .navigation(&format!(
                "form[action='/language'] button[value='{}']",
                run.lang.tag()
            ))
            .await?;
        run.click_to(&switch, "the sign-in page in the chosen language", |u| {
            u.path() == "/login"
        })
        .await?;
    }
    let lang = run
        .client
        .execute("return document.documentElement.lang;", vec![])
        .await?;
    ensure!(
        lang.as_str() == Some(run.lang.html_lang()),
        "the page's language is {lang}, not {}",
        run.lang.html_lang()
    );
    Ok(())
}

/// Fills in the sign-in form and sends it.
async fn sign_in(
    run: &mut Run<'_>,
    email: &str,
    what: &str,
    expected: impl Fn(&url::Url) -> bool,
) -> anyhow::Result<()> {
    run.type_into("input[name=email]", email).await?;
    run.type_into("input[name=password]", DEMO_PASSWORD).await?;
    let submit = run.visible(&submit_button("form[action='/login']")).await?;
    run.click_to(&submit, what, expected)
        .await
        .with_context(|| format!("signing in as {email}"))?;
    Ok(())
}

/// Chooses the support contact on the subscription page: from the list, or
/// (radio buttons) by clicking the choice or its label.
pub async fn choose_contact(run: &Run<'_>, tenant: &str) -> anyhow::Result<()> {
    let field = run
        .client
        .find(Locator::Css("[name=support_contact]"))
        .await
        .context("the page has no support contact field")?;
    if field.tag_name().await? == "select" {
        field.select_by_value(tenant).await?;
    } else {
        let choice = run
            .client
            .find(Locator::Css(&format!(
                "input[name=support_contact][value='{tenant}']"
            )))
            .await
            .with_context(|| format!("{tenant} is not a choice"))?;
        if choice.is_displayed().await? {
            choice.click().await?;
        } else {
            let id = choice
                .attr("id")
                .await?
                .context("a hidden choice without an id")?;
            run.visible(&format!("label[for='{id}']"))
                .await?
                .click()
                .await?;
        }
    }
    ensure!(
        chosen_contact(run).await? == tenant,
        "choosing {tenant} did not change the form"
    );
    Ok(())
}

/// The support contact the form would send.
pub async fn chosen_contact(run: &Run<'_>) -> anyhow::Result<String> {
    let value = run
        .client
        .execute(
            "var f = document.querySelector('[name=support_contact]'); \
             return f ? f.form.elements['support_contact'].value : null;",
            vec![],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}
