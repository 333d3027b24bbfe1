//! sigtop (`sigtop export-messages`): one file per conversation, read from
//! Signal Desktop's database.
//!
//! Map:
//! - [`json`]: `-f json`, Signal Desktop's own message objects, one per line.
//! - [`text`]: `-f text` (the default), labelled records with RFC 2822 dates.
//!
//! Both share the chat title (the file name, or the `Conversation:` line),
//! how the title's "Name (+phone)" detail names the other person, and how a
//! chat opens (`begin_chat`: direct, with the exporter as `me`). JSON lines
//! are parsed on worker threads ([`import_with`] takes the [`Par`]).

pub mod json;
pub mod text;

use crate::par_items::Par;
use crate::{Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};
use ferry_model::App;

/// The sigtop importer (JSON and text).
#[derive(Debug)]
pub struct SigtopImporter;

/// Bytes read from each candidate file to recognise it.
const SNIFF: usize = 4096;

/// Which of sigtop's layouts a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Json,
    Text,
}

fn layout(head: &[u8]) -> Option<Layout> {
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start_matches('\u{feff}');
    if t.starts_with("Conversation: ") && (t.contains("\nType: ") || t.lines().count() <= 2) {
        return Some(Layout::Text);
    }
    let t = t.trim_start();
    if let Some(rest) = t.strip_prefix('[') {
        let rest = rest.trim_start();
        // Desktop writes `conversationId` and `type` before the body, so
        // they are within the sniffed bytes even when a body is long.
        if rest.starts_with('{') && rest.contains("\"conversationId\"") && rest.contains("\"type\"")
        {
            return Some(Layout::Json);
        }
    }
    None
}

impl Importer for SigtopImporter {
    fn id(&self) -> &'static str {
        "sigtop"
    }

    fn app(&self) -> App {
        App::Signal
    }

    fn description(&self) -> &'static str {
        "Signal Desktop messages exported by sigtop (JSON or text, one file per chat)"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        input
            .entries()
            .iter()
            .filter(|e| {
                let n = e.name.to_ascii_lowercase();
                n.ends_with(".json") || n.ends_with(".txt")
            })
            .filter_map(|e| {
                let head = input.head(&e.name, SNIFF).ok()?;
                layout(&head)?;
                Some(Detected {
                    format: Format::of(&SigtopImporter),
                    entry: e.name.clone(),
                    label: format!("Signal chat {} (sigtop)", title_from_file(e.file_name())),
                })
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
        import_with(input, found, options, sink, Par::auto())
    }
}

/// [`SigtopImporter`]'s import with JSON lines parsed as `par` says
/// ([`Par::SEQUENTIAL`] parses on the calling thread; the sink sees the same
/// calls either way).
pub fn import_with(
    input: &Input,
    found: &Detected,
    options: &ImportOptions,
    sink: &mut dyn Sink,
    par: Par,
) -> Result<(), ImportError> {
    {
        let file = input.describe(&found.entry);
        let head = input
            .head(&found.entry, SNIFF)
            .map_err(|e| ImportError::new(file.clone(), e))?;
        let title = title_from_file(found.entry.rsplit('/').next().unwrap_or(&found.entry));
        let total = input.entry(&found.entry).map(|e| e.size).unwrap_or(0);
        let layout = layout(&head).unwrap_or(Layout::Json);
        input
            .with_entry(&found.entry, |r| match layout {
                Layout::Json => json::import(r, &file, &title, total, options, sink, &par),
                Layout::Text => text::import(r, &file, total, options, sink),
            })
            .map_err(|e| ImportError::new(file.clone(), e))?
    }
}

/// Opens a sigtop chat (direct until a second author shows up) with the
/// exporter as participant `me`; both layouts start their chat this way.
fn begin_chat(
    sink: &mut dyn Sink,
    chat: ferry_model::Chat,
    file: &str,
    options: &ImportOptions,
) -> Result<crate::ChatHandle, ImportError> {
    let h = sink
        .begin_chat(chat)
        .map_err(|e| ImportError::new(file, e))?;
    let me = ferry_model::Participant {
        key: "me".into(),
        is_me: true,
        ..ferry_model::Participant::named(options.me.as_deref().unwrap_or("Me"))
    };
    sink.participant(h, me)
        .map_err(|e| ImportError::new(file, e))?;
    Ok(h)
}

/// sigtop names files after the conversation, with unsafe characters and
/// spaces replaced by `_`: `Alice_Example_(+31600000001).json`.
pub fn title_from_file(file_name: &str) -> String {
    let stem = file_name
        .rsplit_once('.')
        .map(|(s, _)| s)
        .unwrap_or(file_name);
    stem.replace('_', " ").trim().to_owned()
}

/// Splits sigtop's detailed display name `Name (detail)` into the name and
/// the detail (a phone number or username).
pub fn split_detail(title: &str) -> (&str, Option<&str>) {
    if let Some(open) = title.rfind(" (")
        && let Some(detail) = title[open + 2..].strip_suffix(')')
    {
        return (&title[..open], Some(detail));
    }
    (title, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_details() {
        assert_eq!(
            title_from_file("Alice_Example_(+31600000001).json"),
            "Alice Example (+31600000001)"
        );
        assert_eq!(
            split_detail("Alice Example (+31600000001)"),
            ("Alice Example", Some("+31600000001"))
        );
        assert_eq!(split_detail("Family"), ("Family", None));
        assert_eq!(split_detail("a (b) c"), ("a (b) c", None));
    }

    #[test]
    fn layouts() {
        assert_eq!(
            layout(b"Conversation: A\n\nFrom: You\nType: outgoing\n"),
            Some(Layout::Text)
        );
        assert_eq!(
            layout(b"[\n{\"id\":\"x\",\"conversationId\":\"c\",\"type\":\"incoming\",\"sent_at\":1}\n]"),
            Some(Layout::Json)
        );
        assert_eq!(layout(b"[1,2,3]"), None);
        assert_eq!(layout(b"{\"date\": \"x\"}"), None);
        assert_eq!(layout(b"Conversations: many\nType: x"), None);
    }
}
