//! Parse-only throughput of the Telegram importers.
//!
//! ```sh
//! cargo run --release -p ferry-importers --example telegram_bench -- path/to/result.json
//! ```
//!
//! Imports every Telegram export found at the path into a sink that counts
//! and drops what it receives, then prints messages per second and the
//! process's peak resident memory (`VmHWM` from `/proc/self/status`).

use ferry_importers::{
    ChatHandle, ImportOptions, Input, Sink, SinkError, StoredMedia, Warning, detect, import,
};
use ferry_model::{Chat, ChatKind, Message, Participant};
use std::io::Read;
use std::time::Instant;

/// Counts what it is given and keeps nothing.
#[derive(Debug, Default)]
struct CountingSink {
    chats: u32,
    messages: u64,
    text_bytes: u64,
    warnings: u64,
}

impl Sink for CountingSink {
    fn begin_chat(&mut self, _chat: Chat) -> Result<ChatHandle, SinkError> {
        self.chats += 1;
        Ok(ChatHandle(self.chats - 1))
    }
    fn participant(&mut self, _: ChatHandle, _: Participant) -> Result<(), SinkError> {
        Ok(())
    }
    fn set_chat_kind(&mut self, _: ChatHandle, _: ChatKind) -> Result<(), SinkError> {
        Ok(())
    }
    fn message(&mut self, _: ChatHandle, m: Message) -> Result<(), SinkError> {
        self.messages += 1;
        self.text_bytes += m.text.len() as u64;
        Ok(())
    }
    fn media(&mut self, _: &str, content: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        let size = std::io::copy(content, &mut std::io::sink())?;
        Ok(StoredMedia {
            content_hash: String::new(),
            size,
        })
    }
    fn warning(&mut self, _: Warning) {
        self.warnings += 1;
    }
    fn skipped(&mut self, _: String, _: String) {}
    fn progress(&mut self, _: u64, _: u64) -> Result<(), SinkError> {
        Ok(())
    }
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: telegram_bench <export path>")?;
    let input = Input::open(std::path::Path::new(&path))?;
    let found: Vec<_> = detect(&input, None)
        .into_iter()
        .filter(|d| d.format.app() == ferry_model::App::Telegram)
        .collect();
    if found.is_empty() {
        return Err("no Telegram export found".into());
    }
    let mut sink = CountingSink::default();
    let options = ImportOptions {
        tz: "Europe/Berlin".parse().map_err(|e| format!("{e}"))?,
        ..ImportOptions::default()
    };
    let start = Instant::now();
    for d in &found {
        import(&input, d, &options, &mut sink)?;
    }
    let secs = start.elapsed().as_secs_f64();
    let bytes: u64 = found
        .iter()
        .filter_map(|d| input.entry(&d.entry).map(|e| e.size))
        .sum();
    println!("exports:        {}", found.len());
    println!("chats:          {}", sink.chats);
    println!("messages:       {}", sink.messages);
    println!("warnings:       {}", sink.warnings);
    println!("seconds:        {secs:.3}");
    println!("messages/s:     {:.0}", sink.messages as f64 / secs);
    println!("MB/s:           {:.1}", bytes as f64 / secs / 1e6);
    match peak_rss_kib() {
        Some(k) => println!("peak RSS (MiB): {:.1}", k as f64 / 1024.0),
        None => println!("peak RSS: unavailable"),
    }
    Ok(())
}
