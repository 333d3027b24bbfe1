//! Arbitrary bytes through KakaoTalk (text and CSV) detection and import (as a loose
//! file, and forced even when detection says no). Property: no panic, no
//! hang; errors name the file.

#![no_main]

use ferry_importers::{Detected, Format, ImportOptions, Input, MemorySink, detect, import};
use libfuzzer_sys::fuzz_target;

const FORMATS: &[&str] = &["kakaotalk", "kakaotalk-csv"];

fuzz_target!(|data: &[u8]| {
    let input = Input::from_bytes("chat.txt", data.to_vec());
    for id in FORMATS {
        let format: Format = id.parse().expect("format is registered");
        let found = detect(&input, Some(format));
        let forced = Detected {
            format,
            entry: "chat.txt".into(),
            label: "fuzz".into(),
        };
        for f in found.iter().chain(std::iter::once(&forced)) {
            let mut sink = MemorySink::new();
            if let Err(e) = import(&input, f, &ImportOptions::default(), &mut sink) {
                assert!(e.to_string().starts_with("chat.txt"));
            }
        }
    }
});
