//! Arbitrary bytes as an Element (Matrix) plain-text export: detect, then
//! import into a memory sink. The property: never panic, never hang.
#![no_main]

use ferry_importers::{Detected, Format, ImportOptions, Input, MemorySink, detect, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = "matrix - Room - Chat Export - 2023-11-15T10-00-00.000Z.txt";
    let input = Input::from_bytes(name, data.to_vec());
    let _ = detect(&input, None);
    let Ok(format) = "matrix-txt".parse::<Format>() else {
        return;
    };
    let found = Detected {
        format,
        entry: name.to_owned(),
        label: String::new(),
    };
    let mut sink = MemorySink::new();
    let _ = import(&input, &found, &ImportOptions::default(), &mut sink);
});
