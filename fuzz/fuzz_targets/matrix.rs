//! Arbitrary bytes as an Element (Matrix) `export.json`: detect, then import into a
//! memory sink. The property: never panic, never hang.
#![no_main]

use ferry_importers::{Detected, Format, ImportOptions, Input, MemorySink, detect, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::from_bytes("export.json", data.to_vec());
    let _ = detect(&input, None);
    let Ok(format) = "matrix".parse::<Format>() else {
        return;
    };
    let found = Detected {
        format,
        entry: "export.json".to_owned(),
        label: String::new(),
    };
    let mut sink = MemorySink::new();
    let _ = import(&input, &found, &ImportOptions::default(), &mut sink);
});
