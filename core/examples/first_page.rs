//! Time to the first page of a large chat, as the desktop app asks for it.
//!
//! ```text
//! FERRY_BENCH_LIBRARY=/tmp/lib [FERRY_BENCH_IMPORT=/tmp/android_1m.txt] \
//!     cargo run --release -p ferry-core --example first_page
//! ```
//!
//! With `FERRY_BENCH_IMPORT`, the export is imported first (timed) when the
//! library has no chat yet. Then, in a freshly opened library, it times what
//! the chat view does: open the library, list chats, read the first page
//! (100 messages) of the largest chat, a page in the middle, the last page,
//! the position of the middle instant (jump to date) and the chat's
//! insights. Each line shows the first (cold) call and the median of 5 more.

use ferry_core::{Cancel, Ferry, ImportOptions, ImportRequest};
use std::path::PathBuf;
use std::time::{Duration, Instant};

const PAGE: u64 = 100;

fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let out = f();
    (start.elapsed(), out)
}

fn report<T>(label: &str, mut f: impl FnMut() -> T) -> T {
    let (first, out) = time(&mut f);
    let mut rest: Vec<Duration> = (0..5).map(|_| time(&mut f).0).collect();
    rest.sort();
    println!(
        "{label:<40} first {:>9.2} ms   median of 5 {:>9.2} ms",
        first.as_secs_f64() * 1e3,
        rest[2].as_secs_f64() * 1e3
    );
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = PathBuf::from(
        std::env::var_os("FERRY_BENCH_LIBRARY").ok_or("set FERRY_BENCH_LIBRARY to a folder")?,
    );
    if let Some(import) = std::env::var_os("FERRY_BENCH_IMPORT") {
        let mut ferry = Ferry::open(&dir)?;
        if ferry.chats()?.is_empty() {
            let request = ImportRequest {
                paths: vec![PathBuf::from(import)],
                format: None,
                options: ImportOptions::default(),
                dry_run: false,
            };
            let (took, report) =
                time(|| ferry.import(&request, &ferry_core::progress::NoProgress, &Cancel::new()));
            let report = report?;
            let messages: u64 = report.sources.iter().map(|s| s.messages).sum();
            println!("import of {messages} messages: {:.1} s", took.as_secs_f64());
        }
    }

    let (open, ferry) = time(|| Ferry::open(&dir));
    let ferry = ferry?;
    println!(
        "{:<40} {:>15.2} ms",
        "open library",
        open.as_secs_f64() * 1e3
    );
    let chats = report("list chats", || ferry.chats())?;
    let chat = chats
        .iter()
        .max_by_key(|c| c.messages)
        .ok_or("the library has no chat")?;
    let n = chat.messages;
    println!("largest chat: {} messages", n);
    report("first page (offset 0, 100 messages)", || {
        ferry.messages(chat.id, 0, PAGE)
    })?;
    report(&format!("middle page (offset {})", n / 2), || {
        ferry.messages(chat.id, n / 2, PAGE)
    })?;
    report(
        &format!("last page (offset {})", n.saturating_sub(PAGE)),
        || ferry.messages(chat.id, n.saturating_sub(PAGE), PAGE),
    )?;
    let middle = ferry
        .messages(chat.id, n / 2, 1)?
        .first()
        .map(|m| m.message.sent_at.unix_millis())
        .ok_or("no middle message")?;
    report("position_at (middle instant)", || {
        ferry.position_at(chat.id, middle)
    })?;
    report("insights (the chat)", || ferry.insights(Some(chat.id)))?;
    Ok(())
}
