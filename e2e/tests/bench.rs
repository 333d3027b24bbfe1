//! Time to first paint of a large chat in the real app (not run by default):
//!
//! ```text
//! FERRY_BENCH_LIBRARY=/tmp/lib xvfb-run -a cargo test -p ferry-e2e --test bench \
//!     -- --ignored --nocapture
//! ```
//!
//! The library must hold the chat already (see `core/examples/first_page.rs`).
//! The page measures with `performance.now()`: from the click on the chat's
//! row in the library view to the first animation frame in which a message
//! of the timeline is in the document, and the IPC round trips of what the
//! chat view asks for (`list_chats`, and `chat_messages` for the first, a
//! middle and the newest page of 100 messages).

use ferry_e2e::{App, skip_without_display};
use serde_json::json;
use std::path::PathBuf;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "benchmark: needs FERRY_BENCH_LIBRARY with a large chat"]
async fn first_page_of_a_large_chat() -> anyhow::Result<()> {
    if skip_without_display() {
        return Ok(());
    }
    let dir = PathBuf::from(std::env::var_os("FERRY_BENCH_LIBRARY").expect("FERRY_BENCH_LIBRARY"));
    let app = App::start_on(&dir).await?;
    let chats = app.invoke("list_chats", json!({})).await?;
    let chat = chats
        .as_array()
        .and_then(|c| c.iter().max_by_key(|c| c["messages"].as_u64()))
        .cloned()
        .expect("a chat");
    let (id, n) = (
        chat["id"].as_i64().unwrap(),
        chat["messages"].as_u64().unwrap(),
    );
    println!("chat {id}: {n} messages");

    let ipc = r#"
        const [chat, offset, done] = arguments;
        const t0 = performance.now();
        window.__TAURI_INTERNALS__.invoke("chat_messages", { chat, offset, limit: 100 })
            .then(page => done({ ms: performance.now() - t0, count: page.length }),
                  err => done({ err }));
    "#;
    let list = r#"
        const done = arguments[0];
        const t0 = performance.now();
        window.__TAURI_INTERNALS__.invoke("list_chats", {})
            .then(chats => done({ ms: performance.now() - t0, count: chats.length }),
                  err => done({ err }));
    "#;
    for run in 0..3 {
        let r = app.client.execute_async(list, vec![]).await?;
        println!("IPC list_chats (run {run}): {r}");
    }
    let last = n.saturating_sub(200) / 200 * 200;
    for (label, offset) in [
        ("first page", 0),
        ("middle page", n / 2),
        ("last page", last),
    ] {
        for run in 0..3 {
            let r = app
                .client
                .execute_async(ipc, vec![json!(id), json!(offset)])
                .await?;
            println!("IPC chat_messages {label} (run {run}): {r}");
        }
    }

    let paint = r#"
        const [id, done] = arguments;
        const row = document.querySelector(`[data-testid=chat-row][data-chat-id="${id}"]`);
        const t0 = performance.now();
        row.click();
        let mounted = null;
        const tick = () => {
            if (mounted === null && document.querySelector('#chat-view')) {
                mounted = performance.now() - t0;
            }
            if (document.querySelector('#chat-view [data-testid=message]')) {
                done({ ms: performance.now() - t0, view_mounted_ms: mounted });
            } else if (performance.now() - t0 > 20000) {
                done({ err: 'no message painted within 20 s' });
            } else {
                requestAnimationFrame(tick);
            }
        };
        requestAnimationFrame(tick);
    "#;
    // The first open pays one-time costs (fonts, emoji glyphs); later opens
    // show what returning to the chat costs.
    for open in 0..3 {
        if open > 0 {
            app.wait_for("#nav-library").await?.click().await?;
        }
        app.wait_for(&format!("[data-testid=chat-row][data-chat-id=\"{id}\"]"))
            .await?;
        let r = app.client.execute_async(paint, vec![json!(id)]).await?;
        println!("click -> first message painted (open {open}): {r}");
        assert!(r.get("ms").is_some(), "{r}");
    }
    app.screenshot("bench-large-chat").await?;
    app.close().await
}
