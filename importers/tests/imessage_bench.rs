//! Throughput and memory of the Messages database importer on a generated
//! database (a sink that counts and drops). Ignored by default; run:
//!
//! ```sh
//! cargo test --release -p ferry-importers --test imessage_bench -- --ignored --nocapture
//! ```
//!
//! `FERRY_IMESSAGE_BENCH_MESSAGES` sets the number of messages (default
//! 200,000). The database is the fixture's schema with generated rows:
//! half the texts only in `attributedBody`, one tapback per 20 messages.

use ferry_importers::imessage::IMessageImporter;
use ferry_importers::{
    ChatHandle, ImportOptions, Importer, Input, Sink, SinkError, StoredMedia, Warning,
};
use ferry_model::{Chat, ChatKind, Message, Participant};
use std::io::Read;
use std::path::Path;
use std::time::Instant;

/// Counts messages and reactions; keeps nothing.
#[derive(Default)]
struct Counting {
    messages: u64,
    reactions: u64,
}

impl Sink for Counting {
    fn begin_chat(&mut self, _: Chat) -> Result<ChatHandle, SinkError> {
        Ok(ChatHandle(0))
    }
    fn participant(&mut self, _: ChatHandle, _: Participant) -> Result<(), SinkError> {
        Ok(())
    }
    fn set_chat_kind(&mut self, _: ChatHandle, _: ChatKind) -> Result<(), SinkError> {
        Ok(())
    }
    fn message(&mut self, _: ChatHandle, m: Message) -> Result<(), SinkError> {
        self.messages += 1;
        self.reactions += m.reactions.len() as u64;
        std::hint::black_box(m);
        Ok(())
    }
    fn media(&mut self, _: &str, r: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        let size = std::io::copy(r, &mut std::io::sink())?;
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

/// Peak resident memory so far, in MiB (Linux only; 0 elsewhere).
fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib / 1024)
}

fn generate(path: &Path, messages: i64) {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/imessage/synthetic_chat.db");
    let body = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures/imessage/typedstream/AttributedBodyTextOnly.bin"),
    )
    .unwrap();
    std::fs::copy(fixture, path).unwrap();
    let mut conn = rusqlite::Connection::open(path).unwrap();
    let tx = conn.transaction().unwrap();
    {
        let mut msg = tx
            .prepare(
                "INSERT INTO message (ROWID, guid, text, attributedBody, handle_id, is_from_me, date,
                   associated_message_guid, associated_message_type)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .unwrap();
        let mut join = tx
            .prepare("INSERT INTO chat_message_join VALUES (?1, ?2, ?3)")
            .unwrap();
        for i in 0..messages {
            let row = 1000 + i;
            let date = 721_692_800_000_000_000 + i * 1_000_000_000;
            let tapback = i % 20 == 19;
            let (text, blob) = if i % 2 == 0 {
                (
                    Some(format!("message number {i} with some ordinary text")),
                    None,
                )
            } else {
                (None, Some(body.clone()))
            };
            let target = tapback.then(|| format!("p:0/G{}", i - 1));
            msg.execute(rusqlite::params![
                row,
                format!("G{i}"),
                text,
                blob,
                1 + i % 3,
                i % 2,
                date,
                target,
                if tapback { 2001 } else { 0 },
            ])
            .unwrap();
            join.execute(rusqlite::params![1 + i % 3, row, date])
                .unwrap();
        }
    }
    tx.commit().unwrap();
}

#[test]
#[ignore = "benchmark: run with --ignored --release"]
fn imessage_throughput() {
    let messages: i64 = std::env::var("FERRY_IMESSAGE_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chat.db");
    generate(&db, messages);
    let size = std::fs::metadata(&db).unwrap().len();
    let before = peak_mib();
    let input = Input::open(&db).unwrap();
    let found = IMessageImporter.detect(&input);
    let mut sink = Counting::default();
    let start = Instant::now();
    IMessageImporter
        .import(&input, &found[0], &ImportOptions::default(), &mut sink)
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "imessage: {} messages ({} reactions) from {:.1} MiB in {secs:.2} s = {:.0} msg/s; \
         peak RSS {} MiB before import, {} MiB after",
        sink.messages,
        sink.reactions,
        size as f64 / 1_048_576.0,
        sink.messages as f64 / secs,
        before,
        peak_mib(),
    );
    assert!(sink.messages >= (messages - messages / 20) as u64);
}
