//! Fuzz target: X archive direct-message files (`window.YTD...` JavaScript
//! assignments), fed as a lone `direct-messages.js`.
#![no_main]

use ferry_importers::{ImportOptions, Input, MemorySink, detect, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::from_bytes("direct-messages.js", data.to_vec());
    for found in detect(&input, None) {
        let mut sink = MemorySink::new();
        let _ = import(&input, &found, &ImportOptions::default(), &mut sink);
    }
});
