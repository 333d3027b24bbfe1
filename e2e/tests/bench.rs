//! Time to first paint of a large chat in the real app (not run by default):
//!
//! ```text
//! FERRY_BENCH_LIBRARY=/tmp/lib xvfb-run -a cargo test -p ferry-e2e --test bench \
//!     -- --ignored --nocapture
//! ```
//!
//! The library must hold the chat already (see `core/examples/first_page.rs`).
//! The page measures with `performance.now()`: from the click on the chat's
//! row in the library view until a message of the timeline has been in the
//! document for a whole rendered frame (the frame callback after the first
//! frame that began with a message present), with the page's `ferry:` User
//! Timing marks (view start, first page in, first draw) as the breakdown;
//! the IPC round trips of what the chat view asks for (`list_chats`, and
//! `chat_messages` for the first, a middle and the newest page of 100
//! messages); and the frame intervals while the wheel scrolls the timeline.

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

    // A message counts as painted at the animation frame after the first one
    // that began with the message in the document: that frame's rendering
    // update drew it, and the next frame callback runs once it was shown.
    // (A view that inserts its rows inside a frame callback is counted one
    // frame late by this rule, never early.) A MutationObserver notes when
    // the message entered the document, and the page's `ferry:` User Timing
    // marks tell where the time went.
    let paint = r#"
        const [id, done] = arguments;
        const row = document.querySelector(`[data-testid=chat-row][data-chat-id="${id}"]`);
        const sel = '#chat-view [data-testid=message]';
        performance.clearMarks();
        let inserted = null;
        const seen = () => {
            if (inserted === null && document.querySelector(sel)) inserted = performance.now();
        };
        const observer = new MutationObserver(seen);
        observer.observe(document.body, { childList: true, subtree: true });
        const t0 = performance.now();
        row.click();
        seen();
        let mounted = null;
        let framed = null;
        const frames = [];
        const rel = (t) => Math.round(t - t0);
        const tick = () => {
            const now = performance.now();
            frames.push(rel(now));
            if (mounted === null && document.querySelector('#chat-view')) mounted = now - t0;
            if (framed !== null) {
                observer.disconnect();
                const marks = performance.getEntriesByType('mark')
                    .filter((m) => m.name.startsWith('ferry:') && m.startTime >= t0)
                    .map((m) => `${m.name.slice(6)}@${rel(m.startTime)}`);
                done({ ms: now - t0, in_dom_ms: inserted - t0, frame_with_message_ms: framed - t0,
                       view_mounted_ms: mounted, frames, marks });
                return;
            }
            if (document.querySelector(sel)) framed = now;
            if (now - t0 > 20000) {
                observer.disconnect();
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
    let scroll = r#"
        const done = arguments[0];
        const tl = document.querySelector('#chat-view .timeline');
        const times = [];
        let n = 0;
        const step = () => {
            times.push(performance.now());
            if (++n > 60) {
                const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
                const q = (p) => Math.round(gaps[Math.min(gaps.length - 1, Math.floor(p * gaps.length))]);
                done({ frames: gaps.length, median_ms: q(0.5), p95_ms: q(0.95), max_ms: q(1),
                       over_33ms: gaps.filter((g) => g > 33.4).length,
                       shown: document.querySelectorAll('#chat-view [data-testid=message]').length });
                return;
            }
            tl.dispatchEvent(new WheelEvent('wheel', { deltaY: -120, bubbles: true, cancelable: true }));
            requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
    "#;
    let r = app.client.execute_async(scroll, vec![]).await?;
    println!("wheel scroll, 60 frames of 120 px towards older messages: {r}");
    app.screenshot("bench-large-chat").await?;
    app.close().await
}
