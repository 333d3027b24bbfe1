//! KakaoTalk for macOS "Export chats" CSV: a `Date,User,Message` header,
//! then one RFC 4180 record per message (`2020-12-31 23:59:59`, the
//! sender, the text with its line breaks quoted). A leading BOM is
//! skipped; line breaks inside a text become `\n`; invalid UTF-8 is
//! replaced and reported once.

use super::body;
use crate::ImportError;
use crate::transcript::emit::Emitter;
use crate::whatsapp::media::MediaFiles;
use chrono::NaiveDateTime;
use ferry_model::Message;
use std::io::{BufRead, BufReader, Read};

/// Whether the first line is the CSV header this export writes.
pub(crate) fn is_header(line: &str) -> bool {
    let cols: Vec<String> = line
        .trim()
        .split(',')
        .map(|c| c.trim().trim_matches('"').to_owned())
        .collect();
    cols == ["Date", "User", "Message"]
}

/// Reads every record into the emitter; returns the first line that held
/// invalid UTF-8.
pub(crate) fn run(
    r: &mut dyn Read,
    out: &mut Emitter<'_>,
    files: &MediaFiles<'_>,
    total: u64,
) -> Result<Option<u64>, ImportError> {
    let mut buf = BufReader::new(r);
    let bom = buf
        .fill_buf()
        .map_err(|e| io_err(out, e))?
        .starts_with("\u{feff}".as_bytes());
    if bom {
        buf.consume(3);
    }
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(buf);
    let mut record = csv::ByteRecord::new();
    let mut bad_utf8 = None;
    let mut next_progress = 1u64 << 20;
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => return Ok(bad_utf8),
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                return Err(out.err(line, format!("unreadable CSV: {e}")));
            }
        }
        let line = record.position().map_or(0, csv::Position::line);
        let mut field = |i: usize| {
            let raw = record.get(i).unwrap_or_default();
            let s = String::from_utf8_lossy(raw);
            if matches!(s, std::borrow::Cow::Owned(_)) {
                bad_utf8.get_or_insert(line);
            }
            s.into_owned()
        };
        if record.len() < 3 {
            let location = format!("{}:{line}", out.file);
            out.sink()
                .skipped(location, format!("record with {} field(s)", record.len()));
            continue;
        }
        let (date, user, text) = (field(0), field(1), field(2).replace("\r\n", "\n"));
        let local = NaiveDateTime::parse_from_str(date.trim(), "%Y-%m-%d %H:%M:%S")
            .map_err(|_| out.err(line, format!("bad date {date:?}")))?;
        let at = out.instant(local, line)?;
        let user = user.trim();
        let sender = if user.is_empty() {
            None
        } else {
            Some(out.person(user)?)
        };
        let b = body::classify(&text, sender.is_some());
        let mut m = Message::text(sender, at, text);
        m.kind = b.kind;
        if let Some(mut a) = b.attachment {
            out.attach(files, &mut a, line)?;
            m.attachments.push(a);
        }
        out.message(m)?;
        let done = rdr.position().byte();
        if done >= next_progress {
            next_progress = done + (1 << 20);
            out.sink()
                .progress(done, total)
                .map_err(|e| out.sink_err(e))?;
        }
    }
}

fn io_err(out: &Emitter<'_>, source: std::io::Error) -> ImportError {
    let path = out.file.clone();
    ImportError::new(out.file.clone(), crate::InputError::Io { path, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_spellings() {
        assert!(is_header("Date,User,Message"));
        assert!(is_header("\"Date\",\"User\",\"Message\"\r"));
        assert!(!is_header("Date,User"));
        assert!(!is_header("Date,Author,Content"));
    }
}
