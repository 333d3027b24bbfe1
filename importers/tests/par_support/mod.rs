//! Shared by the `*_par` tests: a sink that records every call in order,
//! and the parse configurations compared against the sequential one.

#![allow(dead_code)]

use ferry_importers::par_items::Par;
use ferry_importers::{ChatHandle, ImportError, Sink, SinkError, StoredMedia, Warning};
use ferry_model::{Chat, ChatKind, Message, Participant};
use std::io::Read;

/// Every sink call, in order, as text.
#[derive(Debug, Default)]
pub struct EventSink {
    pub events: Vec<String>,
    chats: u32,
    /// Answer the n-th progress call (1-based) with `Cancelled`.
    pub cancel_at_progress: Option<usize>,
    progress_calls: usize,
}

impl EventSink {
    pub fn messages(&self) -> usize {
        self.events
            .iter()
            .filter(|e| e.starts_with("message"))
            .count()
    }
}

impl Sink for EventSink {
    fn begin_chat(&mut self, chat: Chat) -> Result<ChatHandle, SinkError> {
        self.events.push(format!("begin_chat {chat:?}"));
        self.chats += 1;
        Ok(ChatHandle(self.chats - 1))
    }
    fn participant(&mut self, chat: ChatHandle, p: Participant) -> Result<(), SinkError> {
        self.events.push(format!("participant {chat:?} {p:?}"));
        Ok(())
    }
    fn set_chat_kind(&mut self, chat: ChatHandle, kind: ChatKind) -> Result<(), SinkError> {
        self.events.push(format!("set_chat_kind {chat:?} {kind:?}"));
        Ok(())
    }
    fn message(&mut self, chat: ChatHandle, m: Message) -> Result<(), SinkError> {
        self.events.push(format!("message {chat:?} {m:?}"));
        Ok(())
    }
    fn media(&mut self, name: &str, content: &mut dyn Read) -> Result<StoredMedia, SinkError> {
        let mut bytes = Vec::new();
        content.read_to_end(&mut bytes)?;
        self.events.push(format!("media {name} {}", bytes.len()));
        Ok(StoredMedia {
            content_hash: format!("len{}", bytes.len()),
            size: bytes.len() as u64,
        })
    }
    fn warning(&mut self, w: Warning) {
        self.events.push(format!("warning {w:?}"));
    }
    fn skipped(&mut self, location: String, reason: String) {
        self.events.push(format!("skipped {location} {reason}"));
    }
    fn progress(&mut self, done: u64, total: u64) -> Result<(), SinkError> {
        self.events.push(format!("progress {done}/{total}"));
        self.progress_calls += 1;
        if self.cancel_at_progress == Some(self.progress_calls) {
            return Err(SinkError::Cancelled);
        }
        Ok(())
    }
}

/// Parallel configurations whose batches are small enough that every
/// fixture spans several of them.
pub fn parallel_configs() -> Vec<Par> {
    let small = |workers, depth, batch_items, batch_bytes| Par {
        workers,
        depth,
        batch_items,
        batch_bytes,
    };
    vec![
        small(0, 1, 2, 1 << 20),
        small(1, 1, 1, 1 << 20),
        small(2, 2, 3, 1 << 20),
        small(3, 1, 7, 200),
        Par::auto(),
    ]
}

/// What one import produced: its sink calls and its result.
pub type Outcome = (Vec<String>, Result<(), String>);

/// Runs `import` sequentially and in every parallel configuration and
/// checks that the sink saw the same calls and the same result; returns
/// the sequential outcome.
pub fn same_in_parallel(
    what: &str,
    cancel_at_progress: Option<usize>,
    import: impl Fn(&mut EventSink, Par) -> Result<(), ImportError>,
) -> Outcome {
    let run = |par: Par| {
        let mut sink = EventSink {
            cancel_at_progress,
            ..EventSink::default()
        };
        let r = import(&mut sink, par).map_err(|e| format!("{e:?}"));
        (sink.events, r)
    };
    let want = run(Par::SEQUENTIAL);
    for par in parallel_configs() {
        let got = run(par);
        assert_eq!(got.1, want.1, "{what}: result with {par:?}");
        assert_eq!(
            got.0.len(),
            want.0.len(),
            "{what}: event count with {par:?}"
        );
        for (i, (g, w)) in got.0.iter().zip(&want.0).enumerate() {
            assert_eq!(g, w, "{what}: event {i} with {par:?}");
        }
    }
    want
}
