//! The SMS Backup & Restore import reads the XML on a second thread and
//! hands records to the thread that owns the sink. These tests check that
//! this path gives exactly the sink calls of the sequential path (same
//! events, same order, same progress reports), on the fixtures and on a
//! generated backup that crosses many batch boundaries, and that errors
//! and cancellation still work.

mod event_log_support;

use event_log_support::EventLog;
use ferry_importers::ordered_pipeline::Mode;
use ferry_importers::sms::import::{Tuning, import_with};
use ferry_importers::{Detected, ImportOptions, Input};
use std::fmt::Write as _;
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/sms-backup-restore")
        .join(name);
    std::fs::read(p).unwrap()
}

fn found(entry: &str) -> Detected {
    Detected {
        format: "sms-xml".parse().unwrap(),
        entry: entry.into(),
        label: String::new(),
    }
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const ADDRESSES: &[&str] = &[
    "+1 312-555-0101",
    "+13125550101",
    "(312) 555.0102",
    "+13125550103",
    "22395",
    "Google",
    "",
    "null",
    "+1 312 555 0104",
    "+13125550105",
];

const BODIES: &[&str] = &[
    "plain text",
    "caf\u{e9} na\u{ef}ve",
    "&#55357;&#56832; pair",
    "lone &#55357;x",
    "&amp; &lt;b&gt; &quot;q&quot; &apos;a&apos;",
    "line&#10;break",
    "nul&#0;gone",
    "&unknown; & stray",
    "null",
    "",
    "\u{1f600} raw",
];

const NAMES: &[&str] = &[
    "Alice Example",
    "(Unknown)",
    "null",
    "Bob, Carol",
    "Zo\u{eb}",
];

/// An SMS backup with `n` elements of every kind, some broken on purpose.
pub fn generated(n: usize, seed: u64) -> Vec<u8> {
    let mut rng = Rng(seed | 1);
    let mut x = String::from(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"0\">\n",
    );
    let mut bytes: Vec<u8> = Vec::new();
    for i in 0..n {
        let date = match rng.below(40) {
            0 => "null".to_owned(),
            1 => "soon".to_owned(),
            2 => format!("{}", 1_600_000_000 + i),
            _ => format!("{}", 1_600_000_000_000u64 + i as u64 * 997),
        };
        match rng.below(20) {
            0..=13 => {
                let _ = writeln!(
                    x,
                    "  <sms protocol=\"0\" address=\"{}\" date=\"{date}\" type=\"{}\" subject=\"null\" body=\"{}\" toa=\"null\" read=\"1\" contact_name=\"{}\" />",
                    rng.pick(ADDRESSES),
                    rng.below(8),
                    rng.pick(BODIES),
                    rng.pick(NAMES)
                );
            }
            14 => {
                // Damaged attributes, invalid UTF-8 and an element the
                // importer ignores.
                x.push_str("  <sms address=\"+13125550101\" date=\"1600000000000\" body=\"bad ");
                bytes.extend_from_slice(x.as_bytes());
                x.clear();
                bytes.extend_from_slice(b"\xff\xfe");
                x.push_str("\" type=\"1\" broken attr=x />\n  <other a=\"1\"/>\n");
            }
            15 | 16 => {
                let _ = writeln!(
                    x,
                    "  <call number=\"{}\" duration=\"{}\" date=\"{date}\" type=\"{}\" contact_name=\"{}\" />",
                    rng.pick(ADDRESSES),
                    rng.below(5000),
                    rng.below(8),
                    rng.pick(NAMES)
                );
            }
            _ => {
                let msg_box = 1 + rng.below(4);
                let (a, b) = (rng.pick(ADDRESSES), rng.pick(ADDRESSES));
                let _ = writeln!(
                    x,
                    "  <mms date=\"{date}\" msg_box=\"{msg_box}\" address=\"{a}~{b}\" contact_name=\"{}\">\n    <parts>",
                    rng.pick(NAMES)
                );
                x.push_str(
                    "      <part seq=\"-1\" ct=\"application/smil\" text=\"&lt;smil/&gt;\" />\n",
                );
                let _ = writeln!(
                    x,
                    "      <part seq=\"0\" ct=\"text/plain\" text=\"{}\" />",
                    rng.pick(BODIES)
                );
                match rng.below(4) {
                    0 => x.push_str("      <part seq=\"1\" ct=\"image/jpeg\" cl=\"a.jpg\" data=\"/9j/4AAQ&#10;SkZJRg==\" />\n"),
                    1 => x.push_str("      <part seq=\"1\" ct=\"text/x-vcard\" name=\"null\" text=\"BEGIN:VCARD&#10;END:VCARD\" />\n"),
                    2 => x.push_str("      <part seq=\"2\" ct=\"image/png\" />\n"),
                    _ => {}
                }
                x.push_str("    </parts>\n    <addrs>\n");
                let from = if msg_box == 1 {
                    a
                } else {
                    "insert-address-token"
                };
                let _ = writeln!(
                    x,
                    "      <addr address=\"{from}\" type=\"137\" />\n      <addr address=\"{b}\" type=\"151\" />\n      <addr address=\"+13125550100\" type=\"151\" />\n    </addrs>\n  </mms>"
                );
            }
        }
    }
    x.push_str("</smses>\n");
    bytes.extend_from_slice(x.as_bytes());
    bytes
}

fn run(data: &[u8], options: &ImportOptions) -> (EventLog, Result<(), String>) {
    let input = Input::from_bytes("sms-gen.xml", data.to_vec());
    let mut sink = EventLog::new();
    let r = ferry_importers::import(&input, &found("sms-gen.xml"), options, &mut sink)
        .map_err(|e| e.to_string());
    (sink, r)
}

/// Writes the event log of the fixtures and a generated backup to the
/// file named by `FERRY_SMS_EVENT_DUMP` (for comparing two builds).
#[test]
#[ignore = "writes a dump for comparing builds"]
fn dump_events() {
    let Ok(path) = std::env::var("FERRY_SMS_EVENT_DUMP") else {
        return;
    };
    let mut out = String::new();
    let inputs = [
        fixture("sms-20231114164000.xml"),
        fixture("calls-20231114164000.xml"),
        generated(30_000, 7),
        generated(5_000, 99),
    ];
    for data in &inputs {
        let (log, r) = run(data, &ImportOptions::default());
        for e in &log.events {
            out.push_str(e);
            out.push('\n');
        }
        let _ = writeln!(out, "result {r:?}");
    }
    std::fs::write(path, out).unwrap();
}

/// Runs the import with the given stages; the log and the error text.
fn run_with(
    data: &[u8],
    options: &ImportOptions,
    mode: Mode,
    batch_records: usize,
    cancel_at_progress: Option<usize>,
) -> (Vec<String>, Result<(), String>) {
    let input = Input::from_bytes("sms-gen.xml", data.to_vec());
    let mut sink = EventLog::new();
    sink.cancel_at_progress = cancel_at_progress;
    let tuning = Tuning {
        mode,
        batch_records,
    };
    let r =
        import_with(&input, "sms-gen.xml", options, &mut sink, tuning).map_err(|e| e.to_string());
    (sink.events, r)
}

fn option_sets() -> Vec<ImportOptions> {
    let berlin = ImportOptions {
        tz: "Europe/Berlin".parse().unwrap(),
        ..ImportOptions::default()
    };
    let own_number = ImportOptions {
        me: Some("+1 312 555 0100".into()),
        ..ImportOptions::default()
    };
    vec![ImportOptions::default(), berlin, own_number]
}

/// Every input and option set: the threaded reader in batches of 1, 7 and
/// 2048 records gives the sink exactly the calls of the inline run.
fn assert_same_in_every_mode(data: &[u8], cancel_at_progress: Option<usize>) -> usize {
    let mut messages = 0;
    for options in option_sets() {
        let want = run_with(data, &options, Mode::Inline, 2048, cancel_at_progress);
        for batch in [1, 7, 2048] {
            let got = run_with(data, &options, Mode::Threaded, batch, cancel_at_progress);
            assert_eq!(got.1, want.1, "result, batch {batch}");
            assert_eq!(got.0.len(), want.0.len(), "event count, batch {batch}");
            for (i, (g, w)) in got.0.iter().zip(&want.0).enumerate() {
                assert_eq!(g, w, "event {i}, batch {batch}");
            }
        }
        messages = want.0.iter().filter(|e| e.starts_with("message ")).count();
    }
    messages
}

#[test]
fn threaded_reader_matches_inline_on_fixtures() {
    let sms = assert_same_in_every_mode(&fixture("sms-20231114164000.xml"), None);
    assert_eq!(sms, 6);
    let calls = assert_same_in_every_mode(&fixture("calls-20231114164000.xml"), None);
    assert_eq!(calls, 3);
}

#[test]
fn threaded_reader_matches_inline_on_a_generated_backup() {
    let data = generated(12_000, 7);
    let (events, r) = run_with(&data, &ImportOptions::default(), Mode::Inline, 2048, None);
    assert_eq!(r, Ok(()));
    // The generated backup exercises what it should.
    for kind in ["progress ", "skipped ", "media ", "warning ", "begin_chat "] {
        assert!(events.iter().any(|e| e.starts_with(kind)), "no {kind}");
    }
    assert!(events.iter().filter(|e| e.starts_with("progress ")).count() > 3);
    let messages = assert_same_in_every_mode(&data, None);
    assert!(messages > 9_000, "{messages}");
}

#[test]
fn default_tuning_threads_large_files_only() {
    assert_eq!(Tuning::for_size(1000).mode, Mode::Inline);
    assert_eq!(Tuning::for_size(64 << 20).mode, Mode::Threaded);
    // A file past the threshold through the public entry point.
    let data = generated(9_000, 3);
    assert!(data.len() as u64 >= ferry_importers::sms::import::THREADED_FROM);
    let (log, r) = run(&data, &ImportOptions::default());
    let want = run_with(&data, &ImportOptions::default(), Mode::Inline, 2048, None);
    assert_eq!((log.events, r), want);
}

#[test]
fn truncated_mid_record_is_an_error_naming_file_and_byte_in_every_mode() {
    let data = generated(6_000, 11);
    // Cut inside the attributes of an element in the second half.
    let text = String::from_utf8_lossy(&data);
    let at = text[text.len() / 2..].find("<sms ").unwrap() + text.len() / 2 + 20;
    let cut = &data[..at];
    let (events, r) = run_with(cut, &ImportOptions::default(), Mode::Threaded, 7, None);
    let err = r.unwrap_err();
    assert!(err.starts_with("sms-gen.xml"), "{err}");
    assert!(err.contains("byte"), "{err}");
    assert!(events.iter().filter(|e| e.starts_with("message ")).count() > 1000);
    assert_same_in_every_mode(cut, None);
}

#[test]
fn cancellation_from_progress_stops_every_mode_at_the_same_event() {
    let data = generated(20_000, 5);
    let (events, r) = run_with(&data, &ImportOptions::default(), Mode::Threaded, 7, Some(2));
    assert_eq!(r, Err("sms-gen.xml: cancelled".into()));
    assert!(
        events.last().unwrap().starts_with("progress "),
        "{:?}",
        events.last()
    );
    assert_same_in_every_mode(&data, Some(2));
}
