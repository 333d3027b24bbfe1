//! Slack workspace export: arbitrary bytes split at NUL bytes into
//! `users.json`, `channels.json` and one day file of `general`, written to
//! a scratch folder, then detected and imported.
#![no_main]

use ferry_importers::slack::SlackImporter;
use ferry_importers::{ImportOptions, Importer, Input, MemorySink};
use libfuzzer_sys::fuzz_target;

const USERS: &[u8] = br#"[{"id":"U1","name":"alice"}]"#;
const CHANNELS: &[u8] = br#"[{"id":"C1","name":"general","members":["U1"]}]"#;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |b| *b == 0);
    let (a, b, c) = (parts.next(), parts.next(), parts.next());
    let (users, channels, day) = match (a, b, c) {
        (Some(u), Some(ch), Some(d)) => (u, ch, d),
        (Some(d), _, _) => (USERS, CHANNELS, d),
        _ => return,
    };
    let dir = std::env::temp_dir().join(format!("ferry-fuzz-slack-{}", std::process::id()));
    let _ = std::fs::create_dir_all(dir.join("general"));
    let writes = [
        std::fs::write(dir.join("users.json"), users),
        std::fs::write(dir.join("channels.json"), channels),
        std::fs::write(dir.join("general/2024-01-01.json"), day),
    ];
    if writes.iter().any(Result::is_err) {
        return;
    }
    let Ok(input) = Input::open(&dir) else { return };
    for found in SlackImporter.detect(&input) {
        let mut sink = MemorySink::new();
        let _ = SlackImporter.import(&input, &found, &ImportOptions::default(), &mut sink);
    }
});
