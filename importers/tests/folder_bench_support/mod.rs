//! The parse-only benchmark shared by `meta_bench` and `x_dms_bench`:
//! detection plus import of a generated export folder into a sink that
//! counts and drops what it gets (no storage).

use ferry_importers::{
    ChatHandle, ImportOptions, Input, Sink, SinkError, StoredMedia, Warning, detect, import,
};
use ferry_model::{Chat, ChatKind, Message, Participant};
use std::io::Read;
use std::time::Instant;

/// Counts messages and drops everything.
#[derive(Default)]
pub struct Counting {
    chats: u32,
    messages: u64,
    warnings: u64,
}

impl Sink for Counting {
    fn begin_chat(&mut self, _: Chat) -> Result<ChatHandle, SinkError> {
        self.chats += 1;
        Ok(ChatHandle(self.chats - 1))
    }
    fn participant(&mut self, _: ChatHandle, _: Participant) -> Result<(), SinkError> {
        Ok(())
    }
    fn set_chat_kind(&mut self, _: ChatHandle, _: ChatKind) -> Result<(), SinkError> {
        Ok(())
    }
    fn message(&mut self, _: ChatHandle, m: Message) -> Result<(), SinkError> {
        self.messages += 1;
        std::hint::black_box(m);
        Ok(())
    }
    fn media(&mut self, _: &str, r: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        let size = std::io::copy(r, &mut std::io::sink())?;
        Ok(StoredMedia {
            content_hash: String::new(),
            size,
        })
    }
    fn warning(&mut self, _: Warning) {
        self.warnings += 1;
    }
    fn skipped(&mut self, _: String, _: String) {}
    fn progress(&mut self, _: u64, _: u64) -> Result<(), SinkError> {
        Ok(())
    }
}

/// Imports every export found in the folder named by `env_var` and prints
/// messages per second; `unit` names what a chat is (threads, conversations).
pub fn run(label: &str, unit: &str, env_var: &str, generator: &str) {
    let Ok(dir) = std::env::var(env_var) else {
        panic!("set {env_var} to a folder made by {generator}");
    };
    let input = Input::open(std::path::Path::new(&dir)).unwrap();
    let bytes: u64 = input.entries().iter().map(|e| e.size).sum();
    let start = Instant::now();
    let found = detect(&input, None);
    let mut sink = Counting::default();
    for d in &found {
        import(&input, d, &ImportOptions::default(), &mut sink).unwrap();
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{label}: {} {unit}, {} messages, {:.1} MB in {:.2} s = {:.0} messages/s, {:.0} MB/s",
        sink.chats,
        sink.messages,
        bytes as f64 / 1e6,
        secs,
        sink.messages as f64 / secs,
        bytes as f64 / 1e6 / secs
    );
    assert!(sink.messages > 0);
}
