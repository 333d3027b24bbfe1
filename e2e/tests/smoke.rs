//! Smoke test of the real app: the window opens, commands round-trip through
//! IPC against the library the harness gave the app, and the command-line
//! mode of the same binary filled that library.

use ferry_e2e::{App, fixture, seed, skip_without_display};
use serde_json::json;

const CHAT: &str = "whatsapp/android_dmy_24h_shortchat_pustur.txt";

#[tokio::test(flavor = "multi_thread")]
async fn window_opens_and_library_info_round_trips() -> anyhow::Result<()> {
    if skip_without_display() {
        return Ok(());
    }
    let app = App::start_with(|dir| seed(dir, &[fixture(CHAT)])).await?;
    assert_eq!(app.client.title().await?, "Ferry");

    let info = app.invoke("library_info", json!({})).await?;
    assert_eq!(
        info["dir"].as_str(),
        Some(app.library().to_str().unwrap()),
        "the app opened the library the harness gave it"
    );
    let messages = info["stats"]["messages"].as_u64().unwrap_or(0);
    assert!(messages > 0, "seeded messages are visible: {info}");

    let chats = app.invoke("list_chats", json!({})).await?;
    let chat = &chats[0];
    assert_eq!(chat["app"], "whatsapp");
    let page = app
        .invoke(
            "chat_messages",
            json!({ "chat": chat["id"], "offset": 0, "limit": 3 }),
        )
        .await?;
    assert_eq!(page.as_array().map(Vec::len), Some(3));
    assert_eq!(page[0]["chat_id"], chat["id"]);

    let insights = app
        .invoke("insights", json!({ "chat": chat["id"] }))
        .await?;
    assert_eq!(insights["messages"], chat["messages"]);

    // A failing command comes back as the typed error.
    let err = app
        .try_invoke(
            "set_settings",
            json!({ "settings": { "defaultTimeZone": "Mars/Olympus" } }),
        )
        .await?
        .expect_err("an unknown time zone is refused");
    assert_eq!(err["code"], "settings", "{err}");
    assert!(
        err["message"]
            .as_str()
            .is_some_and(|m| m.contains("Mars/Olympus"))
    );

    app.screenshot("smoke-window").await?;
    app.close().await
}
