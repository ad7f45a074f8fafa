//! Every page in English and Traditional Chinese: from the browser's
//! Accept-Language, or from the switcher, remembered in a cookie.

use reqwest::StatusCode;

use crate::helpers::*;

/// A browser whose every request says it prefers Traditional Chinese.
fn chinese_browser(app: &TestApp) -> Browser {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "accept-language",
        "zh-TW,zh;q=0.9,en;q=0.5".parse().unwrap(),
    );
    Browser {
        base: app.base.clone(),
        client: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap(),
    }
}

fn assert_chinese(page: &Page, expected: &[&str]) {
    assert!(
        page.body.contains(r#"<html lang="zh-Hant-TW">"#),
        "{}",
        &page.body[..200.min(page.body.len())]
    );
    let text = page.text();
    for phrase in expected {
        assert!(text.contains(phrase), "{phrase:?} in {text}");
    }
}

#[actix_web::test]
async fn accept_language_zh_tw_renders_the_main_pages_in_traditional_chinese() {
    let app = spawn_app().await;
    let browser = chinese_browser(&app);

    let login = browser.get("/login").await;
    assert_chinese(&login, &["登入", "電子郵件", "密碼"]);
    let failed = browser.sign_in(CONTOSO_ADMIN, "wrong-password", None).await;
    assert_eq!(failed.status, StatusCode::UNAUTHORIZED);
    assert_chinese(&failed, &["此電子郵件與密碼不符合任何帳戶"]);
    assert_eq!(
        browser
            .sign_in(CONTOSO_ADMIN, DEMO_PASSWORD, None)
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    assert_chinese(
        &browser.get("/partner").await,
        &["儀表板", "位客戶", "最近的變更"],
    );
    assert_chinese(
        &browser.get("/partner/customers?q=wide").await,
        &[
            "依公司名稱或網域搜尋",
            "顯示第 1–1 筆，共 1 筆符合「wide」",
            "Wide World Importers",
        ],
    );
    assert_chinese(
        &browser.get(&format!("/partner/customers/{WWI}")).await,
        &["訂用帳戶", "新增訂用帳戶", "指定的支援連絡人", "使用中"],
    );

    assert_chinese(
        &browser.get("/partner/activity").await,
        &["活動", "變更類型", "訂用帳戶", "沒有變更"],
    );
    assert_chinese(
        &browser.get("/partner/resellers").await,
        &["您的轉銷商", "Trey Research", "自 2026"],
    );
    assert_chinese(
        &browser
            .get(&format!("/partner/resellers/{TREY_RESEARCH}"))
            .await,
        &[
            "此轉銷商為您支援的訂用帳戶",
            "Trey Research 可以支援的訂用帳戶",
            "將所選訂用帳戶改回由您支援",
            "結束此授權",
        ],
    );

    let subscription = browser.get(&subscription_path(WWI, WWI_OFFICE_365)).await;
    assert_chinese(
        &subscription,
        &["指定的支援連絡人", "未列在清單中的轉銷商", "處理方式"],
    );
    let reasons = subscription.texts(".not-eligible tbody tr").join(" ");
    assert!(
        reasons.contains("其與 Wide World Importers 的關係沒有委派存取權"),
        "{reasons}"
    );
    assert!(
        reasons.contains("與 Wide World Importers 沒有轉銷商關係"),
        "{reasons}"
    );
    assert!(reasons.contains("未授權於您之下"), "{reasons}");
    // Company and product names are not translated.
    assert!(
        subscription.options("support_contact")[0]
            .1
            .starts_with("Contoso Distribution")
    );

    let bad = submit_contact(&browser, WWI, WWI_OFFICE_365, Some(FABRIKAM)).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_chinese(&bad, &["此合作夥伴無法擔任此訂用帳戶的指定支援連絡人"]);

    let done = submit_contact(&browser, WWI, WWI_OFFICE_365, Some(TREY_RESEARCH)).await;
    let review = browser.get(&done.location.unwrap()).await;
    assert_chinese(
        &review,
        &[
            "檢閱變更",
            "先前的連絡人",
            "新的連絡人",
            "關閉",
            "2026年3月2日 09:30 UTC",
        ],
    );

    let missing = browser.get("/partner/customers/not-a-guid").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_chinese(&missing, &["找不到頁面"]);

    let admin = chinese_browser(&app);
    admin.sign_in(WWI_ADMIN, DEMO_PASSWORD, None).await;
    assert_chinese(&admin.get("/admin").await, &["系統管理", "支援"]);
    assert_chinese(
        &admin
            .get(&format!("/admin/partners/{TREY_RESEARCH}?action=delete"))
            .await,
        &[
            "要刪除合作夥伴 Trey Research 嗎？",
            "您的訂用帳戶會有哪些變更",
            "取消",
        ],
    );
    let support = admin.get("/admin/support").await;
    assert_chinese(
        &support,
        &[
            "如需訂用帳戶的協助",
            "每個訂用帳戶應連絡的對象",
            "電話",
            "網站",
        ],
    );
    assert!(support.text().contains("support@treyresearch.example"));
    let forbidden = admin.get("/partner").await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    assert_chinese(&forbidden, &["不允許"]);
}

#[actix_web::test]
async fn the_switcher_changes_the_language_and_remembers_it() {
    let app = spawn_app().await;
    let browser = app.signed_in(CONTOSO_ADMIN).await;
    let path = format!("/partner/customers/{WWI}");
    let english = browser.get(&path).await;
    assert!(english.body.contains(r#"<html lang="en-US">"#));
    assert!(english.text().contains("Add a subscription"));
    // The switcher is a form on every page, with the page to come back to.
    assert_eq!(
        english.values("form.languages input[name=return_to]", "value"),
        vec![path.clone()]
    );
    assert_eq!(
        english.values("form.languages button[name=lang]", "value"),
        vec!["en-US".to_owned(), "zh-TW".to_owned()]
    );

    let switched = browser
        .post_form(
            "/language",
            &[
                ("csrf_token", &english.csrf_token()),
                ("lang", "zh-TW"),
                ("return_to", &path),
            ],
        )
        .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.location.as_deref(), Some(path.as_str()));
    let cookie = switched.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("lang=zh-TW") && cookie.contains("Max-Age"),
        "{cookie}"
    );

    let chinese = browser.get(&path).await;
    assert_chinese(&chinese, &["新增訂用帳戶"]);
    // Remembered on other pages, and over the browser's own preference.
    let mut request = browser.client.get(format!("{}/partner", browser.base));
    request = request.header("accept-language", "en-US");
    let body = request.send().await.unwrap().text().await.unwrap();
    assert!(body.contains(r#"<html lang="zh-Hant-TW">"#));

    // And back.
    let back = browser
        .post_form(
            "/language",
            &[
                ("csrf_token", &chinese.csrf_token()),
                ("lang", "en-US"),
                ("return_to", "/partner"),
            ],
        )
        .await;
    assert_eq!(back.location.as_deref(), Some("/partner"));
    assert!(
        browser
            .get("/partner")
            .await
            .body
            .contains(r#"<html lang="en-US">"#)
    );
}

#[actix_web::test]
async fn the_switcher_refuses_bad_input_and_other_sites() {
    let app = spawn_app().await;
    let browser = app.browser();
    let login = browser.get("/login").await;
    let token = login.csrf_token();
    let unknown = browser
        .post_form(
            "/language",
            &[
                ("csrf_token", &token),
                ("lang", "xx-XX"),
                ("return_to", "/login"),
            ],
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(
        unknown
            .headers
            .get("set-cookie")
            .is_none_or(|c| !c.to_str().unwrap().starts_with("lang="))
    );
    let elsewhere = browser
        .post_form(
            "/language",
            &[
                ("csrf_token", &token),
                ("lang", "zh-TW"),
                ("return_to", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(elsewhere.location.as_deref(), Some("/"));
    let no_token = browser
        .post_form("/language", &[("lang", "zh-TW"), ("return_to", "/login")])
        .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    // Signed out, the sign-in page follows the choice.
    assert!(
        browser
            .get("/login")
            .await
            .body
            .contains(r#"<html lang="zh-Hant-TW">"#)
    );
}
