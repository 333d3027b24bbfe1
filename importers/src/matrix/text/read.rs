//! Reading the text export: bounded lines, the room's name from file
//! names, and attached files in the zip.

use crate::{ImportError, Input, Position, SinkError};
use std::io::{BufRead, BufReader, Read};

/// Longest line kept whole; longer lines are cut (and reported).
pub const MAX_LINE: usize = 1 << 20;

/// Where the reader is (for callbacks).
#[derive(Debug, Default)]
pub struct Lines {
    line_no: u64,
    consumed: u64,
}

impl Lines {
    /// 1-based number of the current line.
    pub fn line_no(&self) -> u64 {
        self.line_no
    }

    /// Bytes read so far.
    pub fn consumed(&self) -> u64 {
        self.consumed
    }
}

/// Calls `f` with every line of `entry` (terminators and a leading BOM
/// removed, invalid UTF-8 replaced).
pub fn each_line(
    input: &Input,
    entry: &str,
    file: &str,
    f: &mut dyn FnMut(&Lines, &str) -> Result<(), SinkError>,
) -> Result<(), ImportError> {
    let result = input
        .with_entry(entry, |r| walk(r, f))
        .map_err(|e| ImportError::new(file, e))?;
    result.map_err(|(line, e)| match e {
        Stop::Io(io) => ImportError::malformed(file, Position::line(line), io.to_string()),
        Stop::Sink(s) => ImportError::at(file, Position::line(line), s),
    })
}

enum Stop {
    Io(std::io::Error),
    Sink(SinkError),
}

fn walk(
    r: &mut dyn Read,
    f: &mut dyn FnMut(&Lines, &str) -> Result<(), SinkError>,
) -> Result<(), (u64, Stop)> {
    let mut reader = BufReader::with_capacity(64 * 1024, r);
    let mut state = Lines::default();
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let at = state.line_no + 1;
        let n = (&mut reader)
            .take(MAX_LINE as u64)
            .read_until(b'\n', &mut buf)
            .map_err(|e| (at, Stop::Io(e)))?;
        if n == 0 {
            return Ok(());
        }
        state.consumed += n as u64;
        if buf.len() >= MAX_LINE && buf.last() != Some(&b'\n') {
            state.consumed += skip_rest(&mut reader).map_err(|e| (at, Stop::Io(e)))?;
        }
        state.line_no = at;
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        let text = String::from_utf8_lossy(&buf);
        let line = if at == 1 {
            text.trim_start_matches('\u{feff}')
        } else {
            &text
        };
        f(&state, line).map_err(|e| (at, Stop::Sink(e)))?;
    }
}

/// Skips to the end of an over-long line; returns the bytes skipped.
fn skip_rest(reader: &mut dyn BufRead) -> std::io::Result<u64> {
    let mut skipped = 0u64;
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(skipped);
        }
        match chunk.iter().position(|b| *b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(skipped + i as u64 + 1);
            }
            None => {
                let n = chunk.len();
                reader.consume(n);
                skipped += n as u64;
            }
        }
    }
}

/// The room's name: from `matrix - <Room> - Chat Export - <time>.txt`
/// (Element's file name, also with `_` for spaces), else from the zip or
/// folder holding `export.txt`, else the file's own name.
pub fn title(input: &Input, entry: &str) -> String {
    let file = entry.rsplit('/').next().unwrap_or(entry);
    if let Some(name) = room_from_file_name(file) {
        return name;
    }
    let container = match entry.rsplit_once('/') {
        Some((dir, _)) => dir.rsplit('/').next().map(str::to_owned),
        None if input.is_zip() || input.path().is_dir() => input
            .path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
        None => None,
    };
    if let Some(name) = container.as_deref().and_then(room_from_file_name) {
        return name;
    }
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    if stem.is_empty() || stem == "export" {
        "Matrix room".to_owned()
    } else {
        stem.to_owned()
    }
}

/// `Room` out of `matrix - Room - Chat Export - 2023-11-15T10-00-00.000Z.txt`.
pub fn room_from_file_name(file: &str) -> Option<String> {
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    // Browsers and file systems sometimes replace spaces with `_`.
    let stem = if stem.contains("_-_") {
        stem.replace('_', " ")
    } else {
        stem.to_owned()
    };
    let parts: Vec<&str> = stem.split(" - ").collect();
    if parts.len() < 4 || !parts.first()?.eq_ignore_ascii_case("matrix") {
        return None;
    }
    let name = parts.get(1..parts.len() - 2)?.join(" - ");
    (!name.trim().is_empty()).then_some(name)
}

/// The entry holding an attached file: Element names it
/// `<folder>/<stem>-<date><.ext>` in the zip; the first entry (other than
/// the text itself) whose name starts with the file's stem and ends with its
/// extension.
pub fn find_media(input: &Input, text_entry: &str, name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) if !s.is_empty() => (s, format!(".{e}")),
        _ => (name, String::new()),
    };
    input
        .entries()
        .iter()
        .filter(|e| e.name != text_entry)
        .find(|e| {
            let f = e.file_name();
            f == name || (f.starts_with(stem) && f.ends_with(&ext) && f.len() > name.len())
        })
        .map(|e| e.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn room_names_from_file_names() {
        for (file, want) in [
            (
                "matrix - Ferry Test Room - Chat Export - 2023-11-15T10-00-00.000Z.txt",
                Some("Ferry Test Room"),
            ),
            (
                "matrix_-_Ferry_Test_Room_-_Chat_Export_-_2023-11-15T10-00-00.000Z.txt",
                Some("Ferry Test Room"),
            ),
            ("matrix - A - B - Chat Export - 2023.txt", Some("A - B")),
            ("matrix - Chat Export - 2023.txt", None),
            ("export.txt", None),
            ("notes.txt", None),
        ] {
            assert_eq!(room_from_file_name(file).as_deref(), want, "{file}");
        }
    }
}
