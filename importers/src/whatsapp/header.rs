//! Recognising the timestamp header that starts every entry.
//!
//! One tolerant, allocation-free scanner covers every shape seen in real
//! exports (see `docs/formats/whatsapp.md`):
//!
//! ```text
//! 23/03/2022, 13:31 - Name: text          Android
//! [3/27/22, 21:41:35] Name: text          iOS
//! [3/18/22 14:56:00] Name: text           iOS, no comma
//! [14:56:01, 3/18/22] Name: text          time first (Vietnamese)
//! 12.07.2017, 22:35:22: Name: text        old exports
//! 13. 6. 2018. 21:25:15 - Name: text      spaces after the dots
//! 1.5.2020 klo 21.25 - Name: text         a word between date and time
//! [١٨‏/٣‏/٢٠٢٢، ٢:٥٦:٠٠ م] Name: text   Arabic-Indic digits, marks inside
//! [3/18/R4, 14:56:01] / [3/18/2565 BE, …] Japanese / Buddhist eras
//! ```
//!
//! The scanner only reads the fields; which field is the day is decided
//! for the whole file elsewhere (`order`). The first header found fixes the
//! file's [`Shape`]; later lines count as headers only when they have the
//! same shape, so a user typing a date at the start of a line does not
//! split a message.

use super::clock;
use super::digits::{self, Era, decode, japanese_era, mark_len, space_len};

/// How a file writes its headers; frozen from the first header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    pub bracket: bool,
    pub time_first: bool,
    /// `/`, `.` or `-`.
    pub date_sep: u8,
    pub end: End,
}

/// What closes the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    /// `] ` (iOS).
    Bracket,
    /// ` - ` (Android).
    Dash,
    /// `: ` right after the time (old exports).
    Colon,
}

/// The three date fields in written order, before the day/month decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawDate {
    pub fields: [u32; 3],
    pub digits: [u8; 3],
    /// Era of the year field (first field for year-first dates, else third).
    pub era: Era,
}

/// A parsed header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Header {
    pub shape: Shape,
    pub date: RawDate,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    pub pm: Option<bool>,
    /// Byte offset in the line where the author / system text starts.
    pub rest: usize,
}

impl Header {
    /// Hour on a 24-hour clock (see [`clock::hour24`]).
    pub fn hour24(&self) -> u32 {
        clock::hour24(self.hour, self.pm)
    }
}

struct Cur<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    fn rest(&self) -> &'a [u8] {
        self.b.get(self.i..).unwrap_or(&[])
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn skip_marks(&mut self) {
        while let Some(n) = mark_len(self.rest()) {
            self.i += n;
        }
    }

    /// Skips spaces and marks; returns how many spaces were seen.
    fn skip_spaces(&mut self) -> usize {
        let mut n = 0;
        loop {
            if let Some(k) = space_len(self.rest()) {
                self.i += k;
                n += 1;
            } else if let Some(k) = mark_len(self.rest()) {
                self.i += k;
            } else {
                return n;
            }
        }
    }

    /// A run of 1..=4 decimal digits in any script: (value, digit count).
    fn number(&mut self) -> Option<(u32, u8)> {
        let mut value = 0u32;
        let mut count = 0u8;
        loop {
            let b = self.rest();
            let (v, len) = match b.first() {
                Some(c) if c.is_ascii_digit() => (u32::from(c - b'0'), 1),
                Some(c) if *c >= 0x80 => match decode(b) {
                    Some((ch, len)) => match digits::digit_value(ch) {
                        Some(v) => (v, len),
                        None => break,
                    },
                    None => break,
                },
                _ => break,
            };
            if count == 4 {
                return None;
            }
            value = value * 10 + v;
            count += 1;
            self.i += len;
        }
        (count > 0).then_some((value, count))
    }

    /// A year field that may carry a Japanese era prefix (`R4`, `令和4`).
    fn year_or_number(&mut self) -> Option<(u32, u8, Era)> {
        if let Some((base, len)) = japanese_era(self.rest()) {
            self.i += len;
            if let Some(rest) = self.rest().strip_prefix("元".as_bytes()) {
                self.i = self.b.len() - rest.len();
                return Some((1, 1, Era::Japanese(base)));
            }
            let (v, d) = self.number()?;
            return Some((v, d, Era::Japanese(base)));
        }
        let (v, d) = self.number()?;
        Some((v, d, Era::Gregorian))
    }
}

fn date(c: &mut Cur<'_>) -> Option<(RawDate, u8)> {
    let (f0, d0, e0) = c.year_or_number()?;
    c.skip_marks();
    let sep = c.peek().filter(|s| matches!(s, b'/' | b'.' | b'-'))?;
    c.i += 1;
    // `13. 6. 2018.`: spaces after dotted separators.
    if sep == b'.' {
        c.skip_spaces();
    }
    c.skip_marks();
    let (f1, d1) = c.number()?;
    c.skip_marks();
    if !c.eat(sep) {
        return None;
    }
    if sep == b'.' {
        c.skip_spaces();
    }
    c.skip_marks();
    let (f2, d2, e2) = c.year_or_number()?;
    if sep == b'.' {
        c.eat(b'.');
    }
    let mut era = if e0 != Era::Gregorian { e0 } else { e2 };
    // ` BE`: Buddhist era suffix.
    let save = c.i;
    if c.skip_spaces() > 0 && c.rest().starts_with(b"BE") {
        c.i += 2;
        era = Era::Buddhist;
    } else {
        c.i = save;
    }
    let date = RawDate {
        fields: [f0, f1, f2],
        digits: [d0, d1, d2],
        era,
    };
    Some((date, sep))
}

struct Time {
    hour: u32,
    minute: u32,
    second: u32,
    pm: Option<bool>,
}

fn time(c: &mut Cur<'_>) -> Option<Time> {
    let mut pm = None;
    if let Some((p, n)) = clock::marker(c.rest()) {
        pm = Some(p);
        c.i += n;
        c.skip_spaces();
    }
    let (hour, dh) = c.number()?;
    let sep = c.peek().filter(|s| matches!(s, b':' | b'.'))?;
    c.i += 1;
    let (minute, dm) = c.number()?;
    if dh > 2 || dm != 2 {
        return None;
    }
    let mut second = 0;
    let save = c.i;
    if c.eat(sep) {
        match c.number() {
            Some((s, 2)) => second = s,
            _ => c.i = save,
        }
    }
    if pm.is_none() {
        let save = c.i;
        c.skip_spaces();
        match clock::marker(c.rest()) {
            Some((p, n)) => {
                pm = Some(p);
                c.i += n;
            }
            None => c.i = save,
        }
    }
    Some(Time {
        hour,
        minute,
        second,
        pm,
    })
}

/// Between date and time: optional comma (`,` or Arabic `،`), spaces, and
/// possibly one short word (`à`, `klo`, `um`).
fn date_time_gap(c: &mut Cur<'_>) -> Option<()> {
    c.skip_marks();
    let comma = c.eat(b',') || {
        let r = c.rest();
        if r.starts_with("،".as_bytes()) {
            c.i += 2;
            true
        } else {
            false
        }
    };
    let spaces = c.skip_spaces();
    if !comma && spaces == 0 {
        return None;
    }
    // A word of letters followed by a space, unless it is an AM/PM marker.
    let r = c.rest();
    if clock::marker(r).is_none() && r.first().is_some_and(|b| !b.is_ascii_digit()) {
        let mut j = 0;
        while j < r.len() && j <= 8 && r[j] != b' ' {
            if r[j].is_ascii_digit() || r[j] == b'[' || r[j] == b']' {
                return Some(()); // not a word; let `time` decide
            }
            j += 1;
        }
        if j > 0 && j <= 8 && r.get(j) == Some(&b' ') {
            c.i += j;
            c.skip_spaces();
        }
    }
    Some(())
}

/// Parses the header at the start of `line` (without its line terminator).
pub(crate) fn parse(line: &[u8]) -> Option<Header> {
    let mut c = Cur { b: line, i: 0 };
    c.skip_marks();
    let bracket = c.eat(b'[');
    c.skip_marks();
    // Fast reject: a header starts with a digit (any script) or a
    // Japanese era (`R4/…`, `令和4/…`).
    let first = c.peek()?;
    let digit_first = first.is_ascii_digit()
        || (first >= 0x80
            && decode(c.rest()).is_some_and(|(ch, _)| digits::digit_value(ch).is_some()));
    if !digit_first && japanese_era(c.rest()).is_none() {
        return None;
    }
    let start = c.i;
    let (date, tm, date_sep, time_first) = match date(&mut c) {
        Some((d, sep)) => {
            date_time_gap(&mut c)?;
            (d, time(&mut c)?, sep, false)
        }
        None => {
            c.i = start;
            let t = time(&mut c)?;
            c.skip_marks();
            let comma = c.eat(b',');
            if !comma && c.skip_spaces() == 0 {
                return None;
            }
            c.skip_spaces();
            let (d, sep) = date(&mut c)?;
            (d, t, sep, true)
        }
    };
    c.skip_marks();
    let end = if bracket {
        if !c.eat(b']') {
            return None;
        }
        // One space normally; tolerate none or several.
        c.skip_spaces();
        End::Bracket
    } else {
        let save = c.i;
        c.skip_spaces();
        if c.eat(b'-') {
            // ` - ` then the author; the line may end right after the dash.
            if c.peek().is_some() && c.skip_spaces() == 0 {
                return None;
            }
            End::Dash
        } else {
            c.i = save;
            if !c.eat(b':') || (c.peek().is_some() && c.skip_spaces() == 0) {
                return None;
            }
            End::Colon
        }
    };
    if tm.minute > 59 || tm.second > 59 {
        return None;
    }
    Some(Header {
        shape: Shape {
            bracket,
            time_first,
            date_sep,
            end,
        },
        date,
        hour: tm.hour,
        minute: tm.minute,
        second: tm.second,
        pm: tm.pm,
        rest: c.i,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Header {
        parse(s.as_bytes()).unwrap_or_else(|| panic!("no header in {s:?}"))
    }

    #[test]
    fn android_and_ios_basics() {
        let x = h("23/03/2022, 13:31 - Dmitry S: Hello");
        assert_eq!(x.date.fields, [23, 3, 2022]);
        assert_eq!((x.hour, x.minute, x.second), (13, 31, 0));
        assert_eq!(
            &"23/03/2022, 13:31 - Dmitry S: Hello"[x.rest..],
            "Dmitry S: Hello"
        );
        assert_eq!(x.shape.end, End::Dash);
        let s = "\u{200E}[3/27/22, 21:41:55] Dmitry S: x";
        let x = h(s);
        assert_eq!(x.date.fields, [3, 27, 22]);
        assert_eq!(x.second, 55);
        assert!(x.shape.bracket);
        assert_eq!(&s[x.rest..], "Dmitry S: x");
    }

    #[test]
    fn odd_shapes() {
        let x = h("[14:56:01, 3/18/22] Elon: hi");
        assert!(x.shape.time_first);
        assert_eq!(x.date.fields, [3, 18, 22]);
        let x = h("13. 6. 2018. 21:25:15 - A: b");
        assert_eq!(x.date.fields, [13, 6, 2018]);
        let x = h("1.5.2020 klo 21.25 - A: b");
        assert_eq!((x.hour, x.minute), (21, 25));
        let x = h("12.07.2017, 22:35:22: Johannes Gruber: Was it good?");
        assert_eq!(x.shape.end, End::Colon);
        let x = h("[3/18/R4, 14:56:01] E: x");
        assert_eq!(x.date.era, Era::Japanese(2018));
        let x = h("[3/18/2565 BE, 14:56:01] E: x");
        assert_eq!(x.date.era, Era::Buddhist);
        let x = h("[١٨\u{200F}/٣\u{200F}/٢٠٢٢، ٢:٥٦:٠٠\u{00A0}م] A: x");
        assert_eq!(x.date.fields, [18, 3, 2022]);
        assert_eq!(x.hour24(), 14);
        let x = h("1/2/21, 1:05\u{202F}PM - A: x");
        assert_eq!(x.hour24(), 13);
        let x = h("3/6/23, 6:12 a. m. - A: x");
        assert_eq!(x.hour24(), 6);
        let x = h("2022/12/24 午後2:05 - A: x");
        assert_eq!(x.hour24(), 14);
    }

    #[test]
    fn non_headers() {
        for s in [
            "",
            "hello",
            "[",
            "- 12/12/2020",
            "23/03/2022 hello",
            "23/03/2022, 13:31 Dmitry",
            "[23/03/2022, 13:31 Dmitry",
            "12:30",
            "23/03/2022, 13:61 - A: b",
        ] {
            assert!(parse(s.as_bytes()).is_none(), "{s:?}");
        }
    }
}
