//! SMS Backup & Restore (SyncTech, Android) XML: `sms-*.xml` with `<sms>`
//! and `<mms>` elements, and `calls-*.xml` with `<call>` elements.
//!
//! Map:
//! - [`import`]: the streaming import of one file.
//! - [`xml`]: quick-xml pull loop with raw attribute values.
//! - [`decode`]: entity and surrogate-pair repair; streaming base64.
//! - [`records`]: sms/mms/call elements → messages.
//! - [`threads`]: conversations rebuilt from normalised addresses.
//! - [`phone`]: number normalisation.
//! - [`scan`]: finding the phone's own number for group threads.
//!
//! Format notes: `docs/formats/sms-backup-restore.md`.

pub mod decode;
pub mod import;
pub mod phone;
pub mod records;
pub mod scan;
pub mod threads;
pub mod xml;

use crate::{Detected, Format, ImportError, ImportOptions, Importer, Input, Sink};
use ferry_model::App;

/// Bytes read from a candidate file to find its root element.
const SNIFF_BYTES: usize = 4096;

/// Which kind of backup a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    Messages,
    Calls,
}

/// The root element of an SMS Backup & Restore file, skipping the XML
/// declaration, comments, processing instructions and a doctype.
pub fn root_of(head: &[u8]) -> Option<Root> {
    let mut s = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(head);
    loop {
        let start = s.iter().position(|b| !b.is_ascii_whitespace())?;
        s = &s[start..];
        let end_marker: &[u8] = if s.starts_with(b"<?") {
            b"?>"
        } else if s.starts_with(b"<!--") {
            b"-->"
        } else if s.starts_with(b"<!") {
            b">"
        } else {
            break;
        };
        let end = memchr::memmem::find(s, end_marker)?;
        s = &s[end + end_marker.len()..];
    }
    let root = |name: &[u8]| {
        s.strip_prefix(name).is_some_and(|rest| {
            matches!(
                rest.first(),
                Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')
            )
        })
    };
    if root(b"<smses") {
        Some(Root::Messages)
    } else if root(b"<calls") {
        Some(Root::Calls)
    } else {
        None
    }
}

/// The SMS Backup & Restore importer.
#[derive(Debug)]
pub struct SmsXmlImporter;

impl Importer for SmsXmlImporter {
    fn id(&self) -> &'static str {
        "sms-xml"
    }

    fn app(&self) -> App {
        App::Sms
    }

    fn description(&self) -> &'static str {
        "SMS Backup & Restore XML (Android): sms-*.xml with MMS media, calls-*.xml"
    }

    fn detect(&self, input: &Input) -> Vec<Detected> {
        let single = input.entries().len() == 1;
        input
            .entries()
            .iter()
            .filter(|e| single || e.name.to_ascii_lowercase().ends_with(".xml"))
            .filter_map(|e| {
                let head = input.head(&e.name, SNIFF_BYTES).ok()?;
                let what = match root_of(&head)? {
                    Root::Messages => "messages",
                    Root::Calls => "call log",
                };
                Some(Detected {
                    format: Format::of(&SmsXmlImporter),
                    entry: e.name.clone(),
                    label: format!("SMS Backup & Restore {what} ({})", e.file_name()),
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
        import::import(input, &found.entry, options, sink)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots() {
        for (head, want) in [
            (&b"<?xml version='1.0'?>\n<!-- x -->\n<?xml-stylesheet href='sms.xsl'?>\n<smses count=\"1\">"[..], Some(Root::Messages)),
            (b"\xef\xbb\xbf<calls>", Some(Root::Calls)),
            (b"<smses/>", Some(Root::Messages)),
            (b"<!DOCTYPE smses><smses>", Some(Root::Messages)),
            (b"<smsesx>", None),
            (b"<html>", None),
            (b"<!-- unterminated", None),
            (b"", None),
            (b"{\"guild\":{}}", None),
        ] {
            assert_eq!(root_of(head), want, "{}", String::from_utf8_lossy(head));
        }
    }
}
