//! Fuzz target for the Discord importers (DCE JSON, DCE CSV, data-package
//! message rows): arbitrary bytes must never panic or hang.

#![no_main]

use ferry_importers::{Detected, ImportOptions, Input, MemorySink, detect, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks how the bytes are named, so that every importer
    // (and detection by name and by content) gets exercised.
    let (name, format, entry) = match data.first().map(|b| b % 4) {
        Some(0) => ("export.json", "discord-dce", "export.json"),
        Some(1) => ("export.csv", "discord-dce-csv", "export.csv"),
        Some(2) => ("messages/c1/messages.json", "discord-package", "messages"),
        _ => ("messages/c1/messages.csv", "discord-package", "messages"),
    };
    let body = data.get(1..).unwrap_or_default().to_vec();
    let input = Input::from_bytes(name, body);
    for found in detect(&input, None) {
        let _ = import(&input, &found, &ImportOptions::default(), &mut MemorySink::new());
    }
    let Ok(format) = format.parse() else { return };
    let forced = Detected {
        format,
        entry: entry.to_owned(),
        label: String::new(),
    };
    let _ = import(&input, &forced, &ImportOptions::default(), &mut MemorySink::new());
});
