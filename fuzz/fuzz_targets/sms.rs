//! Fuzz target for the SMS Backup & Restore importer: arbitrary bytes must
//! never panic or hang.

#![no_main]

use ferry_importers::{Detected, ImportOptions, Input, MemorySink, detect, import};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::from_bytes("sms-20231114164000.xml", data.to_vec());
    for found in detect(&input, None) {
        let _ = import(&input, &found, &ImportOptions::default(), &mut MemorySink::new());
    }
    let Ok(format) = "sms-xml".parse() else { return };
    let forced = Detected {
        format,
        entry: "sms-20231114164000.xml".to_owned(),
        label: String::new(),
    };
    let _ = import(&input, &forced, &ImportOptions::default(), &mut MemorySink::new());
});
