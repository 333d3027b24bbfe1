//! Lines of a transcript as text: a thin layer over the streaming splitter
//! of the WhatsApp importer that strips a leading BOM, replaces invalid
//! UTF-8 (remembering the first line where it happened), counts lines and
//! reports progress to the sink about once per mebibyte.

use crate::whatsapp::lines::{LineError, Lines};
use crate::{ImportError, InputError, Position, Sink};
use std::borrow::Cow;
use std::io::Read;

/// Longest line accepted (a longer one is an error naming it).
pub(crate) const MAX_LINE: usize = 16 << 20;

/// How often progress is reported, in bytes.
const PROGRESS_STEP: u64 = 1 << 20;

/// A transcript's lines, one at a time.
pub(crate) struct TextLines<R> {
    lines: Lines<R>,
    file: String,
    /// 1-based number of the line last returned.
    pub no: u64,
    total: u64,
    next_progress: u64,
    /// First line that held invalid UTF-8.
    pub bad_utf8: Option<u64>,
}

impl<R: Read> TextLines<R> {
    pub fn new(reader: R, file: &str, total: u64) -> Self {
        TextLines {
            lines: Lines::new(reader, MAX_LINE, total),
            file: file.to_owned(),
            no: 0,
            total,
            next_progress: PROGRESS_STEP,
            bad_utf8: None,
        }
    }

    /// The next line without its terminator, or `None` at the end.
    pub fn next_line(&mut self) -> Result<Option<Cow<'_, str>>, ImportError> {
        let no = self.no + 1;
        let raw = match self.lines.next_line() {
            Ok(Some(raw)) => raw,
            Ok(None) => return Ok(None),
            Err(LineError::Io(source)) => {
                let path = self.file.clone();
                return Err(ImportError::at(
                    self.file.clone(),
                    Position::line(no),
                    InputError::Io { path, source },
                ));
            }
            Err(LineError::TooLong(max)) => {
                return Err(ImportError::malformed(
                    self.file.clone(),
                    Position::line(no),
                    format!("line longer than {max} bytes"),
                ));
            }
        };
        self.no = no;
        let raw = if no == 1 {
            raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw)
        } else {
            raw
        };
        let text = String::from_utf8_lossy(raw);
        if matches!(text, Cow::Owned(_)) && self.bad_utf8.is_none() {
            self.bad_utf8 = Some(no);
        }
        Ok(Some(text))
    }

    /// Reports progress when another step has been read.
    pub fn tick(&mut self, sink: &mut dyn Sink) -> Result<(), ImportError> {
        let done = self.lines.consumed();
        if done >= self.next_progress {
            self.next_progress = done + PROGRESS_STEP;
            sink.progress(done, self.total)
                .map_err(|e| ImportError::new(self.file.clone(), e))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_crlf_and_bad_bytes() {
        let data = b"\xEF\xBB\xBFa\r\nb\xFFc\r\n\r\nd".to_vec();
        let mut l = TextLines::new(&data[..], "f.txt", 0);
        let mut got = Vec::new();
        while let Some(x) = l.next_line().unwrap() {
            got.push(x.into_owned());
        }
        assert_eq!(got, ["a", "b\u{FFFD}c", "", "d"]);
        assert_eq!(l.bad_utf8, Some(2));
        assert_eq!(l.no, 4);
    }

    #[test]
    fn over_long_line_names_its_line() {
        let mut data = b"ok\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', MAX_LINE + 10));
        let mut l = TextLines::new(&data[..], "f.txt", 0);
        assert!(l.next_line().unwrap().is_some());
        let e = l.next_line().unwrap_err();
        assert!(e.to_string().starts_with("f.txt: line 2"), "{e}");
    }
}
