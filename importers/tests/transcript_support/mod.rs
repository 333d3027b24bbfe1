//! Helpers shared by the LINE, KakaoTalk and Threema tests: fixtures,
//! forced imports, deterministic noise and a summary of what a sink got.

#![allow(dead_code)]

use ferry_importers::{Detected, ImportError, ImportOptions, Input, MemorySink, import};
use std::path::Path;

/// A fixture's bytes (`fixtures/<rel>`).
pub fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fixtures")
            .join(rel),
    )
    .unwrap()
}

/// Options with a time zone.
pub fn in_zone(tz: &str) -> ImportOptions {
    ImportOptions {
        tz: tz.parse().unwrap(),
        ..ImportOptions::default()
    }
}

/// Imports `data` named `name` with `format`, whatever detection says.
pub fn force(
    format: &str,
    name: &str,
    data: Vec<u8>,
    options: &ImportOptions,
) -> (Result<(), ImportError>, MemorySink) {
    let input = Input::from_bytes(name, data);
    let found = Detected {
        format: format.parse().unwrap(),
        entry: name.to_owned(),
        label: String::new(),
    };
    let mut sink = MemorySink::new();
    let r = import(&input, &found, options, &mut sink);
    (r, sink)
}

/// Imports and expects success.
pub fn ok(format: &str, name: &str, data: &str, options: &ImportOptions) -> MemorySink {
    let (r, sink) = force(format, name, data.as_bytes().to_vec(), options);
    r.unwrap_or_else(|e| panic!("{e}"));
    sink
}

/// xorshift: deterministic noise without a dependency.
pub fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// `(sender, rfc3339, kind, text)` of every message of the first chat.
pub fn rows(sink: &MemorySink) -> Vec<(Option<String>, String, &'static str, String)> {
    sink.messages[0]
        .iter()
        .map(|m| {
            (
                m.sender.clone(),
                m.sent_at.to_rfc3339(),
                m.kind.as_str(),
                m.text.clone(),
            )
        })
        .collect()
}

/// `(key, is_me)` of the first chat's participants.
pub fn people(sink: &MemorySink) -> Vec<(String, bool)> {
    sink.chats[0]
        .participants
        .iter()
        .map(|p| (p.key.clone(), p.is_me))
        .collect()
}

/// Malformed input must not panic: random bytes (half of them behind a
/// plausible first line), every truncation of `sample`, invalid UTF-8 and
/// a huge line. Errors must name the file.
pub fn survives_garbage(format: &str, name: &str, plausible: &str, sample: &[u8]) {
    let check = |data: Vec<u8>| {
        let (r, _) = force(format, name, data, &ImportOptions::default());
        if let Err(e) = r {
            assert!(e.to_string().starts_with(name), "{e}");
        }
    };
    for seed in 1..200u64 {
        let mut data = noise(seed, (seed as usize * 37) % 3000);
        if seed % 2 == 0 {
            let mut head = plausible.as_bytes().to_vec();
            head.append(&mut data);
            data = head;
        }
        check(data);
    }
    for n in 0..sample.len() {
        check(sample[..n].to_vec());
    }
    let mut bad = sample.to_vec();
    for i in (0..bad.len()).step_by(7) {
        bad[i] = 0xFF;
    }
    check(bad);
    let mut huge = plausible.as_bytes().to_vec();
    huge.extend(std::iter::repeat_n(b'x', 3 << 20));
    huge.extend(b"\n");
    huge.extend(plausible.as_bytes());
    check(huge);
    // Lines of only separators and brackets.
    check(b"\t\t\t\n[\n]\n<<< \n>>> :\n--------------- ---------------\n\"\n\"\"\n".to_vec());
}

/// Whether `format` leaves every text fixture of other formats alone.
pub fn claims_no_other_fixture(format: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    for dir in [
        "whatsapp",
        "matrix-element",
        "line",
        "kakaotalk",
        "threema",
        "signal",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let own = match format {
                "kakaotalk" | "kakaotalk-csv" => dir == "kakaotalk",
                other => dir == other,
            };
            if own || !(name.ends_with(".txt") || name.ends_with(".csv")) {
                continue;
            }
            let input = Input::from_bytes(&name, std::fs::read(e.path()).unwrap());
            let found = ferry_importers::detect(&input, format.parse().ok());
            assert!(found.is_empty(), "{format} claims {dir}/{name}");
        }
    }
}
