//! WhatsApp "Export chat": the text transcript (`WhatsApp Chat with X.txt`,
//! iOS `_chat.txt`), alone, in a folder, or in a zip with media files.
//!
//! Map:
//! - [`detect`]: which `.txt` entries are chats (by content) and their names.
//! - [`header`]: the timestamp header that starts each entry; [`clock`]:
//!   12/24-hour times and AM/PM spellings; [`digits`]: Unicode digits,
//!   invisible marks, eras.
//! - [`order`]: day/month order for the whole file, impossible dates, and
//!   local time → instant through the chosen zone (DST gaps/overlaps).
//! - [`lines`]: streaming line splitting.
//! - [`body`] + [`locale`]: what a body is (attachment, placeholder,
//!   deletion, location, poll, call, system notice, edited marker), with
//!   the localized tables.
//! - [`media`]: media files next to the chat, streamed into the sink.
//! - [`entries`]: lines → parsed entries (a thread of its own);
//!   [`decoded`]: an entry's text decoded and classified, on whichever
//!   thread has time; [`assemble`]: entries → messages, participants,
//!   media, chat kind.
//!
//! Decisions (also in `docs/formats/whatsapp.md`): entries keep file order;
//! an impossible date or time is an error naming the line; invalid UTF-8 is
//! replaced (U+FFFD) with one warning; WhatsApp has no message or chat ids,
//! so `native_id`s stay `None` and the store deduplicates by content.

mod assemble;
mod body;
pub(crate) mod clock;
mod decoded;
mod detect;
mod digits;
mod entries;
mod header;
pub(crate) mod lines;
mod locale;
pub(crate) mod media;
pub(crate) mod order;

use crate::{Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};
use assemble::Job;
use ferry_model::{App, Chat, ChatKind};
use lines::{LineError, Lines};
use order::Evidence;

pub use decoded::Decode;

/// The WhatsApp importer.
#[derive(Debug)]
pub struct WhatsAppImporter;

impl Importer for WhatsAppImporter {
    fn id(&self) -> &'static str {
        "whatsapp"
    }

    fn app(&self) -> App {
        App::WhatsApp
    }

    fn description(&self) -> &'static str {
        "WhatsApp \"Export chat\" (.txt, or .zip with media)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        detect::chats(input)
            .into_iter()
            .map(|(entry, label)| Detected {
                format: Format::of(&WhatsAppImporter),
                entry,
                label,
            })
            .collect()
    }

    fn import(
        &self,
        input: &Input,
        found: &Detected,
        options: &ImportOptions,
        sink: &mut dyn Sink,
    ) -> Result<(), ImportError> {
        import_with(input, found, options, sink, Decode::default())
    }
}

/// [`WhatsAppImporter::import`] with the choice of which pipeline thread
/// decodes entries (the sink calls are the same for every choice).
pub fn import_with(
    input: &Input,
    found: &Detected,
    options: &ImportOptions,
    sink: &mut dyn Sink,
    decode: Decode,
) -> Result<(), ImportError> {
    let file = input.describe(&found.entry);
    let total = input.entry(&found.entry).map_or(0, |e| e.size);
    let chat = sink
        .begin_chat(Chat::new(
            App::WhatsApp,
            found.label.clone(),
            ChatKind::Direct,
        ))
        .map_err(|e| ImportError::new(file.clone(), e))?;
    let prescan = || prescan(input, &found.entry, &file, total);
    let job = Job {
        file: file.clone(),
        options,
        chat,
        total,
        media: media::MediaFiles::new(input, &found.entry),
        prescan: &prescan,
    };
    // Two stages: a thread splits lines, headers and authors while this
    // one (which owns the sink) assembles and stores; decoding goes to
    // whichever has time (see `decoded`). The bounded channel keeps memory
    // flat and stops the splitter when assembly fails or is cancelled.
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel(4);
        let (back, spares) = std::sync::mpsc::sync_channel(4);
        let splitter_file = file.clone();
        scope.spawn(move || {
            let read = input.with_entry(&found.entry, |r| {
                entries::split(r, &splitter_file, total, &tx, &spares, decode)
            });
            if let Err(e) = read {
                let _ = tx.send(entries::Batch::Failed(ImportError::new(splitter_file, e)));
            }
        });
        assemble::run(job, &rx, &back, sink)
    })
}

/// Reads every header of the file to decide the day/month order.
fn prescan(input: &Input, entry: &str, file: &str, size: u64) -> Result<Evidence, ImportError> {
    input
        .with_entry(entry, |r| {
            let mut lines = Lines::new(r, usize::MAX >> 1, size);
            let mut evidence = Evidence::default();
            let mut shape = None;
            let mut no = 0u64;
            loop {
                no += 1;
                let line = match lines.next_line() {
                    Ok(Some(l)) => l,
                    Ok(None) => return Ok(evidence),
                    Err(LineError::Io(e)) => {
                        return Err(ImportError::at(
                            file,
                            crate::Position::line(no),
                            crate::InputError::Io {
                                path: file.to_owned(),
                                source: e,
                            },
                        ));
                    }
                    Err(LineError::TooLong(_)) => return Ok(evidence),
                };
                if let Some(h) = header::parse(line)
                    && *shape.get_or_insert(h.shape) == h.shape
                {
                    evidence.add(&h.date);
                    if evidence.decided().is_some() {
                        return Ok(evidence);
                    }
                }
            }
        })
        .map_err(|e| ImportError::new(file, e))?
}
