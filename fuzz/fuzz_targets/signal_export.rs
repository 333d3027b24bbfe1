//! signal-export data.json and chat.md: arbitrary bytes through detection
//! and import. The first byte picks which file the bytes are.
#![no_main]

use ferry_importers::signal::signal_export::SignalExportImporter;
use ferry_importers::{ImportOptions, Importer, Input, MemorySink};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let name = if first % 2 == 0 { "data.json" } else { "chat.md" };
    let input = Input::from_bytes(name, rest.to_vec());
    let options = ImportOptions::default();
    for found in SignalExportImporter.detect(&input) {
        let mut sink = MemorySink::new();
        let _ = SignalExportImporter.import(&input, &found, &options, &mut sink);
    }
});
