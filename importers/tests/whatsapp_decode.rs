//! WhatsApp: decoding entries on the splitter's thread, on the assembler's,
//! or on whichever has time gives exactly the same sink calls (fixtures and
//! a generated chat of many batches, with a sink slow enough that the
//! splitter finds the assembler behind).

mod event_log_support;

use event_log_support::EventLog;
use ferry_importers::whatsapp::{Decode, import_with};
use ferry_importers::{Format, ImportOptions, Input, detect};
use std::path::{Path, PathBuf};

const MODES: [Decode; 3] = [Decode::OnAssembler, Decode::OnSplitter, Decode::WhenBehind];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/whatsapp")
}

/// The events of importing `input` with `decode`; `slow` makes the sink
/// sleep on its first message so the splitter's channel fills up.
fn events(input: &Input, decode: Decode, slow: bool) -> Vec<String> {
    let format: Format = "whatsapp".parse().unwrap();
    let found = detect(input, Some(format));
    assert_eq!(found.len(), 1);
    let mut log = EventLog::new();
    if slow {
        log.stall_first_message = Some(std::time::Duration::from_millis(150));
    }
    let result = import_with(
        input,
        &found[0],
        &ImportOptions::default(),
        &mut log,
        decode,
    );
    log.events.push(format!("result {result:?}"));
    log.events
}

#[test]
fn every_fixture_gives_the_same_events_whoever_decodes() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext != "txt" && ext != "zip" {
            continue;
        }
        let input = Input::open(&path).unwrap();
        let format: Format = "whatsapp".parse().unwrap();
        if detect(&input, Some(format)).len() != 1 {
            continue;
        }
        let want = events(&input, Decode::OnAssembler, false);
        for mode in MODES {
            assert_eq!(
                events(&input, mode, false),
                want,
                "{} {mode:?}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} fixtures");
}

/// Many batches of every kind of entry: plain and multi-line texts, system
/// lines with and without author, group events, attachments, omitted media,
/// deletions, edits, invisible marks and invalid UTF-8.
fn generated(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        let head = format!(
            "{:02}/03/2021, {:02}:{:02} - ",
            1 + i / 1440 % 28,
            i / 60 % 24,
            i % 60
        );
        out.extend_from_slice(head.as_bytes());
        let who = ["Alice", "Bob", "\u{200e}Carol"][i % 3];
        let body: Vec<u8> = match i % 11 {
            0 => format!("{who}: plain {i}").into_bytes(),
            1 => format!("{who}: first line {i}\n\nthird line\u{200f} after a blank").into_bytes(),
            2 => b"Messages and calls are end-to-end encrypted. No one outside of this chat can read them.".to_vec(),
            3 => format!("Alice added Dave{i}").into_bytes(),
            4 => format!("{who}: IMG-2021031{}-WA{i:04}.jpg (file attached)", i % 10).into_bytes(),
            5 => format!("{who}: <Media omitted>").into_bytes(),
            6 => format!("{who}: This message was deleted").into_bytes(),
            7 => format!("{who}: fixed it {i} <This message was edited>").into_bytes(),
            8 => {
                let mut b = format!("{who}: bad bytes ").into_bytes();
                b.extend_from_slice(&[0xff, 0xfe, b'!']);
                b
            }
            9 => format!("{who}: location: https://maps.google.com/?q={i}").into_bytes(),
            _ => format!("{who}: emoji 👩‍👩‍👧 {i} ‏").into_bytes(),
        };
        out.extend_from_slice(&body);
        out.push(b'\n');
    }
    out
}

#[test]
fn a_chat_of_many_batches_gives_the_same_events_whoever_decodes() {
    let data = generated(30_000);
    let input = Input::from_bytes("WhatsApp Chat with Alice.txt", data);
    let want = events(&input, Decode::OnAssembler, false);
    assert!(want.len() > 30_000, "{} events", want.len());
    for mode in MODES {
        for slow in [false, true] {
            assert_eq!(events(&input, mode, slow), want, "{mode:?} slow={slow}");
        }
    }
}
