//! View-level tests of the real app: each drives the user interface the way a
//! person would (navigation buttons, the import path field, the search box,
//! the compare pickers, the export form) against a fresh temporary library,
//! and saves a screenshot of every main view.
//!
//! Needs a display and a built app; see the harness in `src/lib.rs`.

use ferry_e2e::fantoccini::{Locator, elements::Element};
use ferry_e2e::{App, TIMEOUT, fixture, seed, skip_without_display};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// A WhatsApp chat with Dmitry and Elon; "Hello" is its first message.
const CHAT: &str = "whatsapp/android_en_dmy_24h_whatsjson.txt";

/// Lines an attacker could send; each must show up as plain text.
const HOSTILE: [&str; 5] = [
    "<img src=x onerror=\"window.__pwned=1\">",
    "<script>window.__pwned=1</script>",
    "javascript:window.__pwned=1",
    "<a href=\"javascript:window.__pwned=1\">click me</a>",
    "<svg onload=\"window.__pwned=1\"></svg><iframe src=\"javascript:window.__pwned=1\"></iframe>",
];

/// Runs `script` (which returns a boolean) until it is true.
async fn wait_js(app: &App, script: &str) -> anyhow::Result<()> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if app.client.execute(script, vec![]).await? == Value::Bool(true) {
            return Ok(());
        }
        anyhow::ensure!(Instant::now() < deadline, "timed out waiting for: {script}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn click(app: &App, css: &str) -> anyhow::Result<Element> {
    let el = app.wait_for(css).await?;
    el.click().await?;
    Ok(el)
}

/// Sets a form field's value and fires the events the views listen to.
async fn set_value(app: &App, css: &str, value: &str) -> anyhow::Result<()> {
    app.wait_for(css).await?;
    let script = "const el = document.querySelector(arguments[0]); el.value = arguments[1];
        el.dispatchEvent(new Event('input', { bubbles: true }));
        el.dispatchEvent(new Event('change', { bubbles: true }));";
    app.client
        .execute(script, vec![json!(css), json!(value)])
        .await?;
    Ok(())
}

async fn count(app: &App, css: &str) -> anyhow::Result<u64> {
    let n = app
        .client
        .execute(
            "return document.querySelectorAll(arguments[0]).length",
            vec![json!(css)],
        )
        .await?;
    Ok(n.as_u64().unwrap_or(0))
}

/// Imports `path` through the import view and returns the report's count of
/// new messages.
async fn import_through_view(app: &App, path: &str) -> anyhow::Result<u64> {
    click(app, "#nav-import").await?;
    app.wait_for("#import-path").await?.send_keys(path).await?;
    click(app, "#import-start").await?;
    let report = app.wait_for("#import-report[data-new-messages]").await?;
    let new = report.attr("data-new-messages").await?.unwrap_or_default();
    Ok(new.parse()?)
}

#[tokio::test(flavor = "multi_thread")]
async fn import_view_imports_a_fixture_and_the_chat_opens() -> anyhow::Result<()> {
    if skip_without_display() {
        return Ok(());
    }
    let app = App::start().await?;
    click(&app, "#nav-library").await?;
    app.wait_for(".empty-state").await?;
    app.screenshot("library-empty").await?;

    let path = fixture(CHAT);
    let new = import_through_view(&app, path.to_str().unwrap()).await?;
    assert!(new > 10, "the fixture's messages were imported: {new}");
    app.screenshot("import").await?;

    // Importing the same export again merges: nothing new.
    set_value(&app, "#import-path", path.to_str().unwrap()).await?;
    wait_js(
        &app,
        "return !document.querySelector('#import-start').disabled",
    )
    .await?;
    app.client
        .execute("document.querySelector('#import-report').remove()", vec![])
        .await?;
    click(&app, "#import-start").await?;
    let again = app.wait_for("#import-report[data-new-messages]").await?;
    assert_eq!(again.attr("data-new-messages").await?.as_deref(), Some("0"));

    click(&app, "#nav-library").await?;
    let row = app.wait_for("[data-testid=chat-row]").await?;
    assert_eq!(count(&app, "[data-testid=chat-row]").await?, 1);
    app.screenshot("library").await?;
    row.click().await?;
    app.wait_for("#chat-view [data-testid=message]").await?;
    let text = app.wait_for("#chat-view").await?.text().await?;
    assert!(text.contains("Hello"), "first message shown: {text}");
    assert!(text.contains("Dmitry S"), "sender shown");
    app.screenshot("chat").await?;
    app.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn search_hit_opens_its_chat_at_that_message() -> anyhow::Result<()> {
    if skip_without_display() {
        return Ok(());
    }
    let app = App::start_with(|dir| seed(dir, &[fixture(CHAT)])).await?;
    click(&app, "#nav-search").await?;
    app.wait_for("#search-input")
        .await?
        .send_keys("hello")
        .await?;
    click(&app, "#search-go").await?;
    app.wait_for("[data-testid=search-hit]").await?;
    // Let the search-as-you-type settle, so the hit is not redrawn under the click.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let hit = app.wait_for("[data-testid=search-hit]").await?;
    let marked = app
        .wait_for("[data-testid=search-hit] mark")
        .await?
        .text()
        .await?;
    assert_eq!(marked.to_lowercase(), "hello");
    let id = hit
        .attr("data-message-id")
        .await?
        .expect("hit names its message");
    app.screenshot("search").await?;
    hit.click().await?;
    let target = app
        .wait_for(&format!("#chat-view [data-message-id=\"{id}\"]"))
        .await?;
    assert!(
        target
            .attr("class")
            .await?
            .unwrap_or_default()
            .contains("highlight")
    );
    app.screenshot("search-hit-in-chat").await?;
    app.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn compare_two_apps_and_ask_the_advisor() -> anyhow::Result<()> {
    if skip_without_display() {
        return Ok(());
    }
    let app = App::start().await?;
    click(&app, "#nav-compare").await?;
    click(&app, "#compare-app-whatsapp").await?;
    click(&app, "#compare-app-signal").await?;
    let table = app.wait_for("#compare-table").await?;
    let heads = table.find_all(Locator::Css("thead th")).await?;
    let mut names = Vec::new();
    for th in heads {
        names.push(th.text().await?);
    }
    names.sort();
    assert_eq!(names, ["Criterion", "Signal", "WhatsApp"]);
    assert!(
        count(&app, "#compare-table tbody[data-group]").await? >= 3,
        "criteria grouped"
    );
    assert!(
        count(&app, "#compare-table td.cell").await? > 20,
        "cells filled"
    );
    set_value(&app, "#advise-from", "whatsapp").await?;
    set_value(&app, "#advise-to", "signal").await?;
    click(&app, "#advise-go").await?;
    let advice = app.wait_for("#advice").await?.text().await?;
    assert!(advice.contains("From WhatsApp to Signal"), "{advice}");
    app.screenshot("compare").await?;
    app.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn export_view_writes_a_chat_for_the_target_app() -> anyhow::Result<()> {
    if skip_without_display() {
        return Ok(());
    }
    let out = tempfile::tempdir()?;
    let app = App::start_with(|dir| seed(dir, &[fixture(CHAT)])).await?;
    click(&app, "#nav-export").await?;
    click(&app, ".export-chat").await?;
    set_value(&app, "#export-target", "app:telegram").await?;
    let plan = app
        .wait_for("#export-plan[data-format=whatsapp]")
        .await?
        .text()
        .await?;
    assert!(plan.contains("What is lost"), "{plan}");
    set_value(&app, "#export-renames", "Elon = Elon M.").await?;
    set_value(&app, "#export-out", out.path().to_str().unwrap()).await?;
    app.screenshot("export").await?;
    click(&app, "#export-start").await?;
    let summary = app.wait_for("#export-summary[data-messages]").await?;
    let messages: u64 = summary
        .attr("data-messages")
        .await?
        .unwrap_or_default()
        .parse()?;
    assert!(messages > 10);
    let written: Vec<_> = std::fs::read_dir(out.path())?.collect();
    assert!(!written.is_empty(), "the export wrote files");
    app.screenshot("export-done").await?;
    app.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_chat_is_shown_as_text_and_nothing_runs() -> anyhow::Result<()> {
    if skip_without_display() {
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("WhatsApp Chat with Mallory.txt");
    let mut lines = vec!["18/03/2022, 14:55 - Ana: hi".to_string()];
    for (i, h) in HOSTILE.iter().enumerate() {
        lines.push(format!("18/03/2022, 14:{:02} - Mallory: {h}", 56 + i));
    }
    lines.push(format!(
        "18/03/2022, 15:10 - {}: name as markup",
        HOSTILE[0]
    ));
    std::fs::write(&path, lines.join("\n") + "\n")?;

    let app = App::start().await?;
    let new = import_through_view(&app, path.to_str().unwrap()).await?;
    assert!(
        new > HOSTILE.len() as u64,
        "the hostile lines were imported: {new}"
    );
    click(&app, "#nav-library").await?;
    click(&app, "[data-testid=chat-row]").await?;
    app.wait_for("#chat-view [data-testid=message]").await?;
    wait_js(
        &app,
        &format!(
            "return document.querySelectorAll('#chat-view [data-testid=message]').length === {new}"
        ),
    )
    .await?;
    let text = app.wait_for("#chat-view").await?.text().await?;
    for h in HOSTILE {
        assert!(text.contains(h), "shown as text: {h}");
    }
    let dangerous =
        "#chat-view img, #chat-view script, #chat-view a, #chat-view svg, #chat-view iframe";
    assert_eq!(
        count(&app, dangerous).await?,
        0,
        "no element made from message text"
    );
    // Links are shown but not followed.
    let url = app.client.current_url().await?;
    for link in app
        .client
        .find_all(Locator::Css("#chat-view .link"))
        .await?
    {
        link.click().await?;
    }
    assert_eq!(
        app.client.current_url().await?,
        url,
        "the webview did not navigate"
    );

    click(&app, "#nav-search").await?;
    app.wait_for("#search-input")
        .await?
        .send_keys("onerror")
        .await?;
    click(&app, "#search-go").await?;
    app.wait_for("[data-testid=search-hit] mark").await?;
    assert_eq!(
        count(
            &app,
            "#search-view img, #search-view script, #search-view svg"
        )
        .await?,
        0
    );
    let pwned = app
        .client
        .execute("return typeof window.__pwned", vec![])
        .await?;
    assert_eq!(pwned, json!("undefined"), "no hostile script ran");
    app.screenshot("hostile-search").await?;
    app.close().await
}

#[tokio::test(flavor = "multi_thread")]
async fn insights_and_settings_views_render() -> anyhow::Result<()> {
    if skip_without_display() {
        return Ok(());
    }
    let app = App::start_with(|dir| seed(dir, &[fixture(CHAT)])).await?;
    click(&app, "#nav-insights").await?;
    app.wait_for("svg.months rect.bar").await?;
    assert_eq!(count(&app, "svg.heatmap rect.cell").await?, 7 * 24);
    assert!(count(&app, "svg.senders rect.bar").await? >= 2);
    app.screenshot("insights").await?;
    click(&app, "#nav-settings").await?;
    let lib = app.wait_for("#settings-library").await?;
    assert!(
        app.wait_for("#settings-view")
            .await?
            .text()
            .await?
            .contains("messages")
    );
    drop(lib);
    set_value(&app, "#settings-theme", "dark").await?;
    wait_js(
        &app,
        "return document.documentElement.dataset.theme === 'dark'",
    )
    .await?;
    app.screenshot("settings-dark").await?;
    app.close().await
}
