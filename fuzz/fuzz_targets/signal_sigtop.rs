//! sigtop JSON and text: arbitrary bytes through detection and import. The
//! first byte picks the file name (and so the layout sniffed first).
#![no_main]

use ferry_importers::signal::sigtop::SigtopImporter;
use ferry_importers::{ImportOptions, Importer, Input, MemorySink};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let name = if first % 2 == 0 { "Chat_(+1).json" } else { "Chat_(+1).txt" };
    let input = Input::from_bytes(name, rest.to_vec());
    for found in SigtopImporter.detect(&input) {
        let mut sink = MemorySink::new();
        let _ = SigtopImporter.import(&input, &found, &ImportOptions::default(), &mut sink);
    }
});
