//! An entry's text decoded and classified: the part of assembly that needs
//! neither the sink nor the assembler's state, so either thread of the
//! pipeline can do it.
//!
//! Who does it is decided per batch by [`Decode`]: by default the splitter
//! decodes a batch when the assembler is behind (the channel between them is
//! full), which moves work off the thread that also feeds the sink. In a
//! real import that thread writes the library and is the busier one; in a
//! dry run the assembler keeps up and does the decoding itself, so the two
//! threads share the work either way.

use super::body::{self, Body};
use super::digits;
use super::entries::Entry;
use ferry_model::MessageKind;

/// Which thread decodes entries (tests force each side).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Decode {
    /// The splitter, for batches the assembler is not ready to take.
    #[default]
    WhenBehind,
    /// Always the splitter.
    OnSplitter,
    /// Always the assembler.
    OnAssembler,
}

/// What decoding an [`Entry`] yields.
#[derive(Debug)]
pub(crate) struct Decoded {
    /// Without invisible marks (and without an edited marker).
    pub text: String,
    /// The bytes were not UTF-8 (replaced by U+FFFD).
    pub bad_utf8: bool,
    /// A system line: no author, or a notice written in an author's name.
    pub system: bool,
    /// A system line announcing a group event (created, added, left, ...).
    pub group_event: bool,
    pub body: Body,
}

/// Decodes one entry whose bytes are in `bytes`.
pub(crate) fn decode(e: &Entry, bytes: &[u8]) -> Decoded {
    let raw = bytes.get(e.start..e.end).unwrap_or_default();
    let (mut text, marked, bad_utf8) = digits::decode_text(raw, e.text_start);
    if e.author.is_none() || body::is_authored_system(&text, marked) {
        let group_event = body::is_group_event(&text);
        let body = Body {
            kind: MessageKind::System,
            attachment: None,
            edited: false,
        };
        return Decoded {
            text,
            bad_utf8,
            system: true,
            group_event,
            body,
        };
    }
    let body = body::classify(&mut text, marked);
    Decoded {
        text,
        bad_utf8,
        system: false,
        group_event: false,
        body,
    }
}

/// Decodes every entry of a batch.
pub(crate) fn decode_all(entries: &[Entry], bytes: &[u8]) -> Vec<Decoded> {
    entries.iter().map(|e| decode(e, bytes)).collect()
}
