//! The parse-only benchmark shared by `discord_bench` and `sms_bench`: a sink
//! that counts and keeps nothing, peak RSS, and the ignored `parse_speed` test
//! over `FERRY_BENCH_FILE` (whatever format it is, detected by content).

use ferry_importers::{ChatHandle, ImportOptions, Input, Sink, SinkError, StoredMedia, Warning};
use ferry_model::{Chat, ChatKind, Message, Participant};
use std::io::Read;
use std::time::Instant;

/// Counts what arrives and keeps nothing, so memory reflects the importer.
#[derive(Debug, Default)]
struct Counting {
    chats: u32,
    messages: u64,
    media_bytes: u64,
}

impl Sink for Counting {
    fn begin_chat(&mut self, _: Chat) -> Result<ChatHandle, SinkError> {
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
        std::hint::black_box(m);
        Ok(())
    }
    fn media(&mut self, _: &str, r: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        let size = std::io::copy(r, &mut std::io::sink())?;
        self.media_bytes += size;
        Ok(StoredMedia {
            content_hash: String::new(),
            size,
        })
    }
    fn warning(&mut self, _: Warning) {}
    fn skipped(&mut self, _: String, _: String) {}
    fn progress(&mut self, _: u64, _: u64) -> Result<(), SinkError> {
        Ok(())
    }
}

fn peak_rss_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map(|kib| format!("{} MiB", kib / 1024))
        .unwrap_or_else(|| "n/a".into())
}

#[test]
#[ignore = "benchmark: needs FERRY_BENCH_FILE"]
fn parse_speed() {
    let Ok(path) = std::env::var("FERRY_BENCH_FILE") else {
        eprintln!("set FERRY_BENCH_FILE to a generated export");
        return;
    };
    let input = Input::open(std::path::Path::new(&path)).unwrap();
    let found = ferry_importers::detect(&input, None);
    assert!(!found.is_empty(), "nothing detected in {path}");
    let bytes: u64 = input.entries().iter().map(|e| e.size).sum();
    let mut sink = Counting::default();
    let start = Instant::now();
    for f in &found {
        ferry_importers::import(&input, f, &ImportOptions::default(), &mut sink).unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{}: {} messages in {:.2} s = {:.0} messages/s, {:.0} MB/s, media {} bytes, peak RSS {}",
        found[0].format,
        sink.messages,
        secs,
        sink.messages as f64 / secs,
        bytes as f64 / secs / 1e6,
        sink.media_bytes,
        peak_rss_mib()
    );
}
