//! Fuzz target: Messenger / Instagram DYI threads and the Messenger E2EE
//! export, fed as a lone `message_1.json` and as a lone E2EE thread file.
#![no_main]

use ferry_importers::{ImportOptions, Input, MemorySink, detect, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["message_1.json", "Dana_Kim_12.json"] {
        let input = Input::from_bytes(name, data.to_vec());
        for found in detect(&input, None) {
            let mut sink = MemorySink::new();
            let _ = import(&input, &found, &ImportOptions::default(), &mut sink);
        }
    }
});
