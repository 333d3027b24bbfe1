//! Signal Android backup: arbitrary bytes through detection and import
//! (with a passphrase, so the header and first frames are exercised).
#![no_main]

use ferry_importers::signal::backup::SignalBackupImporter;
use ferry_importers::{ImportOptions, Importer, Input, MemorySink, Secret};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = Input::from_bytes("signal.backup", data.to_vec());
    let options = ImportOptions {
        passphrase: Some(Secret::new("123451234512345123451234512345")),
        ..ImportOptions::default()
    };
    for found in SignalBackupImporter.detect(&input) {
        let mut sink = MemorySink::new();
        let _ = SignalBackupImporter.import(&input, &found, &options, &mut sink);
    }
});
