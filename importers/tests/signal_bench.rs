//! Throughput of the Signal importers, parse-only (a sink that counts and
//! drops). Ignored by default; run in release:
//!
//! ```sh
//! python3 bench/gen_signal.py --messages 1000000 --out bench/out/signal
//! cargo test --release -p ferry-importers --test signal_bench -- --ignored --nocapture
//! ```
//!
//! `FERRY_SIGNAL_BENCH` overrides the folder the generator wrote.

use ferry_importers::signal::backup::SignalBackupImporter;
use ferry_importers::signal::backup::crypto::{KDF_ITERATIONS, derive_keys};
use ferry_importers::signal::signal_export::SignalExportImporter;
use ferry_importers::signal::sigtop::SigtopImporter;
use ferry_importers::{
    ChatHandle, ImportOptions, Importer, Input, Secret, Sink, SinkError, StoredMedia, Warning,
};
use ferry_model::{Chat, ChatKind, Message, Participant};
use std::io::Read;
use std::path::PathBuf;
use std::time::Instant;

#[path = "signal_support/writer.rs"]
mod writer;

/// Counts messages; keeps nothing.
#[derive(Default)]
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
        std::hint::black_box(m);
        self.messages += 1;
        Ok(())
    }
    fn media(&mut self, _: &str, r: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        let n = std::io::copy(r, &mut std::io::sink())?;
        self.media_bytes += n;
        Ok(StoredMedia {
            content_hash: String::new(),
            size: n,
        })
    }
    fn warning(&mut self, _: Warning) {}
    fn skipped(&mut self, _: String, _: String) {}
    fn progress(&mut self, _: u64, _: u64) -> Result<(), SinkError> {
        Ok(())
    }
}

fn bench_dir() -> PathBuf {
    std::env::var_os("FERRY_SIGNAL_BENCH")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../bench/out/signal"))
        })
}

fn time_import(importer: &dyn Importer, path: PathBuf, label: &str) {
    let input = Input::open(&path).unwrap_or_else(|e| panic!("{e}: run bench/gen_signal.py first"));
    let found = importer.detect(&input);
    assert_eq!(found.len(), 1, "{label}: {found:?}");
    let mut sink = Counting::default();
    let start = Instant::now();
    importer
        .import(&input, &found[0], &ImportOptions::default(), &mut sink)
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    let size = input.entries()[0].size as f64 / 1e6;
    println!(
        "{label}: {} messages, {size:.0} MB in {secs:.2} s = {:.0} messages/s, {:.0} MB/s",
        sink.messages,
        sink.messages as f64 / secs,
        size / secs
    );
    assert!(sink.messages > 0);
}

#[test]
#[ignore]
fn sigtop_json_throughput() {
    let p = bench_dir().join("sigtop/Alice_Example_(+31600000001).json");
    time_import(&SigtopImporter, p, "sigtop JSON");
}

#[test]
#[ignore]
fn signal_export_json_throughput() {
    let p = bench_dir().join("signal-export/Alice/data.json");
    time_import(&SignalExportImporter, p, "signal-export data.json");
}

#[test]
#[ignore]
fn backup_key_derivation_and_throughput() {
    let start = Instant::now();
    let keys = derive_keys(
        "123451234512345123451234512345",
        Some(&[0x5a; 32]),
        KDF_ITERATIONS,
    );
    let kdf = start.elapsed().as_secs_f64();
    std::hint::black_box(keys);
    println!("backup key derivation ({KDF_ITERATIONS} x SHA-512 + HKDF): {kdf:.3} s");

    use writer::Param::{Int, Null, Owned, Text};
    let n: i64 = std::env::var("FERRY_SIGNAL_BENCH_BACKUP_MESSAGES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let mut w = writer::Writer::new("123451234512345123451234512345", 1);
    w.db_version(215)
        .sql("CREATE TABLE recipient (_id INTEGER PRIMARY KEY, e164 TEXT, aci TEXT, profile_given_name TEXT)", &[])
        .sql("CREATE TABLE thread (_id INTEGER PRIMARY KEY, recipient_id INTEGER)", &[])
        .sql("CREATE TABLE message (_id INTEGER PRIMARY KEY, date_sent INTEGER, thread_id INTEGER, from_recipient_id INTEGER, type INTEGER, body TEXT, quote_id INTEGER, quote_author INTEGER)", &[])
        .sql("CREATE TABLE attachment (_id INTEGER PRIMARY KEY, message_id INTEGER, content_type TEXT, file_name TEXT, data_size INTEGER)", &[])
        .sql("CREATE TABLE reaction (_id INTEGER PRIMARY KEY, message_id INTEGER, author_id INTEGER, emoji TEXT, date_sent INTEGER)", &[])
        .sql("INSERT INTO recipient VALUES (?,?,?,?)", &[Int(1), Text("+1"), Text("self"), Text("Me")])
        .sql("INSERT INTO recipient VALUES (?,?,?,?)", &[Int(2), Text("+2"), Text("alice"), Text("Alice")])
        .sql("INSERT INTO thread VALUES (?,?)", &[Int(1), Int(2)]);
    for i in 1..=n {
        let from = if i % 2 == 0 { 1 } else { 2 };
        let ty = if from == 1 {
            23 | 0xA0_0000
        } else {
            20 | 0xA0_0000
        };
        let quote = if i % 12 == 0 {
            Int(1_700_000_000_000 + (i - 5) * 1000)
        } else {
            Int(0)
        };
        w.sql(
            "INSERT INTO message VALUES (?,?,?,?,?,?,?,?)",
            &[
                Int(i),
                Int(1_700_000_000_000 + i * 1000),
                Int(1),
                Int(from),
                Int(ty),
                Owned(format!("message number {i} with some ordinary words in it")),
                quote,
                if i % 12 == 0 { Int(2) } else { Null },
            ],
        );
        if i % 7 == 0 {
            w.sql(
                "INSERT INTO reaction VALUES (?,?,?,?,?)",
                &[
                    Int(i),
                    Int(i),
                    Int(1),
                    Text("👍"),
                    Int(1_700_000_000_000 + i * 1000 + 500),
                ],
            );
        }
        if i % 50 == 0 {
            w.sql(
                "INSERT INTO attachment VALUES (?,?,?,?,?)",
                &[
                    Int(i),
                    Int(i),
                    Text("image/jpeg"),
                    Owned(format!("IMG_{i}.jpg")),
                    Int(20_000),
                ],
            )
            .attachment(i as u64, &vec![0xAB; 20_000]);
        }
    }
    let data = w.end();
    let mb = data.len() as f64 / 1e6;
    let input = Input::from_bytes("bench.backup", data);
    let found = SignalBackupImporter.detect(&input);
    let options = ImportOptions {
        passphrase: Some(Secret::new("123451234512345123451234512345")),
        ..ImportOptions::default()
    };
    let mut sink = Counting::default();
    let start = Instant::now();
    SignalBackupImporter
        .import(&input, &found[0], &options, &mut sink)
        .unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "backup: {} messages, {mb:.0} MB ({} MB attachments) in {secs:.2} s total; \
         {:.0} messages/s after key derivation",
        sink.messages,
        sink.media_bytes / 1_000_000,
        sink.messages as f64 / (secs - kdf).max(1e-9)
    );
    assert_eq!(sink.messages, n as u64);
}
