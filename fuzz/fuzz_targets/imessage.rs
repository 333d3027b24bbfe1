//! Messages database importer: arbitrary bytes through the attributedBody
//! decoder, the summary plist reader, and detection + import of a
//! `chat.db`. The first byte picks which.
#![no_main]

use ferry_importers::imessage::{IMessageImporter, bplist, summary, typedstream};
use ferry_importers::{Detected, Format, ImportOptions, Importer, Input, MemorySink};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    match first % 4 {
        0 | 1 => {
            let _ = typedstream::decode_text(rest);
        }
        2 => {
            let _ = bplist::parse(rest);
            let _ = summary::read(rest);
        }
        _ => {
            let input = Input::from_bytes("chat.db", rest.to_vec());
            let mut found = IMessageImporter.detect(&input);
            found.push(Detected {
                format: Format::of(&IMessageImporter),
                entry: "chat.db".to_owned(),
                label: String::new(),
            });
            for f in &found {
                let mut sink = MemorySink::new();
                let _ = IMessageImporter.import(&input, f, &ImportOptions::default(), &mut sink);
            }
        }
    }
});
