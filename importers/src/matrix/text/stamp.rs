//! The timestamps at the start of Element's plain-text lines.
//!
//! Element prints each event as `<time> - <text>`, the time written by the
//! browser in its own locale: `11/14/2023, 2:13:20 PM` (en-US),
//! `14.11.2023, 23:13:20` (de-DE), `14/11/2023, 23:13:20` (en-GB),
//! `2023-11-14 23:13:20` (sv-SE), `2023. 11. 14. 오후 11:13:20` (ko-KR), or,
//! in newer versions, `Tue, Nov 14 2023 22:13:20` / `Tue, 14 Nov 2023,
//! 22:13:20`. The parser is therefore token based: a clock `H:MM:SS`
//! (seconds are always there, which also tells these lines from
//! WhatsApp's), an optional AM/PM marker, and a date of three numbers or
//! two numbers and an English month name. Whether `01/02/2023` is day-first
//! or month-first is decided for the whole file (see [`super`]).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The date part as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateParts {
    /// Year first, or a month written as a word: no ambiguity.
    Known { year: i32, month: u32, day: u32 },
    /// `p/q/year`: day-month or month-day, decided per file.
    Ambiguous { p: u32, q: u32, year: i32 },
}

/// A parsed line timestamp, not yet placed in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub date: DateParts,
    pub time: NaiveTime,
}

impl Stamp {
    /// The wall-clock time; `day_first` decides ambiguous dates.
    pub fn local(&self, day_first: bool) -> Option<NaiveDateTime> {
        let (y, m, d) = match self.date {
            DateParts::Known { year, month, day } => (year, month, day),
            DateParts::Ambiguous { p, q, year } if day_first => (year, q, p),
            DateParts::Ambiguous { p, q, year } => (year, p, q),
        };
        Some(NaiveDate::from_ymd_opt(y, m, d)?.and_time(self.time))
    }
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Splits a line into `(stamp, rest)` at the first ` - ` when what comes
/// before it is a timestamp.
pub fn split_line(line: &str) -> Option<(Stamp, &str)> {
    let at = line.find(" - ")?;
    if at > 64 {
        return None;
    }
    let stamp = parse(line.get(..at)?)?;
    Some((stamp, line.get(at + 3..)?))
}

/// Parses one timestamp; `None` when it is not one.
pub fn parse(s: &str) -> Option<Stamp> {
    let (time, pm, rest) = clock(s)?;
    let mut numbers: Vec<(u32, usize)> = Vec::new();
    let mut month = None;
    for token in rest
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        if token.chars().all(|c| c.is_ascii_digit()) {
            numbers.push((token.parse().ok()?, token.len()));
        } else if let Some(m) = month_of(token) {
            if month.replace(m).is_some() {
                return None;
            }
        } else if !is_filler(token) {
            return None;
        }
    }
    let date = match (month, numbers.as_slice()) {
        (Some(month), [(a, la), (b, lb)]) => {
            let (day, year) = match (*la, *lb) {
                (4, _) => (*b, *a as i32),
                (_, 4) => (*a, *b as i32),
                _ => return None,
            };
            DateParts::Known { year, month, day }
        }
        (None, [(a, 4), (b, _), (c, _)]) => DateParts::Known {
            year: *a as i32,
            month: *b,
            day: *c,
        },
        (None, [(p, _), (q, _), (y, 4)]) => DateParts::Ambiguous {
            p: *p,
            q: *q,
            year: *y as i32,
        },
        _ => return None,
    };
    let hour = match pm {
        None => time.0,
        Some(_) if !(1..=12).contains(&time.0) => return None,
        Some(true) => time.0 % 12 + 12,
        Some(false) => time.0 % 12,
    };
    let time = NaiveTime::from_hms_opt(hour, time.1, time.2)?;
    let stamp = Stamp { date, time };
    // Reject impossible dates in every reading.
    (stamp.local(true).is_some() || stamp.local(false).is_some()).then_some(stamp)
}

/// A clock reading: `(hour, minute, second)`, AM (`Some(false)`) / PM
/// (`Some(true)`) when marked, and the rest of the stamp without both.
type Clock = ((u32, u32, u32), Option<bool>, String);

/// Finds `H:MM:SS` and an AM/PM marker.
fn clock(s: &str) -> Option<Clock> {
    let bytes = s.as_bytes();
    let colon = s.find(':')?;
    let start = bytes
        .get(..colon)?
        .iter()
        .rposition(|b| !b.is_ascii_digit())
        .map_or(0, |i| i + 1);
    let clock = s.get(start..)?;
    let end = clock
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(clock.len());
    let parts: Vec<&str> = clock.get(..end)?.split(':').collect();
    let [h, m, sec] = parts.as_slice() else {
        return None;
    };
    if h.is_empty() || h.len() > 2 || m.len() != 2 || sec.len() != 2 {
        return None;
    }
    let hms = (h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?);
    let mut rest = format!("{} {}", s.get(..start)?, clock.get(end..)?);
    let mut pm = None;
    for (marker, is_pm) in MERIDIEMS {
        if let Some(i) = find_word(&rest, marker) {
            pm = Some(is_pm);
            rest.replace_range(i..i + marker.len(), " ");
            break;
        }
    }
    Some((hms, pm, rest))
}

/// AM/PM markers, longest first.
const MERIDIEMS: [(&str, bool); 12] = [
    ("a.m.", false),
    ("p.m.", true),
    ("AM", false),
    ("PM", true),
    ("am", false),
    ("pm", true),
    ("오전", false),
    ("오후", true),
    ("午前", false),
    ("午後", true),
    ("上午", false),
    ("下午", true),
];

/// Position of `w` in `s` as a whole word (not inside another word).
fn find_word(s: &str, w: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = s.get(from..)?.find(w) {
        let at = from + i;
        let before = s.get(..at)?.chars().next_back();
        let after = s.get(at + w.len()..)?.chars().next();
        let alpha = |c: Option<char>| c.is_some_and(|c| c.is_alphabetic());
        if !alpha(before) && !alpha(after) {
            return Some(at);
        }
        from = at + w.len();
    }
    None
}

/// An English month name or abbreviation (`Nov`, `November`).
fn month_of(token: &str) -> Option<u32> {
    let lower = token.to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    let i = MONTHS.iter().position(|m| *m == prefix)?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let name = full.get(i)?;
    (name.starts_with(lower.as_str()) || lower == "sept").then_some(i as u32 + 1)
}

/// Words that may stand around a date: weekday names and `at`.
fn is_filler(token: &str) -> bool {
    let lower = token.to_ascii_lowercase();
    const DAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    lower == "at" || (lower.len() >= 3 && DAYS.iter().any(|d| d.starts_with(lower.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (locale, stamp, wall clock when day-first, wall clock when month-first)
    #[test]
    fn locales() {
        let cases = [
            (
                "en-US",
                "11/14/2023, 2:13:20 PM",
                None,
                Some("2023-11-14 14:13:20"),
            ),
            (
                "de-DE",
                "14.11.2023, 23:13:20",
                Some("2023-11-14 23:13:20"),
                None,
            ),
            (
                "en-GB",
                "14/11/2023, 23:13:20",
                Some("2023-11-14 23:13:20"),
                None,
            ),
            (
                "ambiguous",
                "01/02/2023, 09:00:00",
                Some("2023-02-01 09:00:00"),
                Some("2023-01-02 09:00:00"),
            ),
            (
                "sv-SE",
                "2023-11-14 23:13:20",
                Some("2023-11-14 23:13:20"),
                Some("2023-11-14 23:13:20"),
            ),
            (
                "ja-JP",
                "2023/11/14 23:13:20",
                Some("2023-11-14 23:13:20"),
                Some("2023-11-14 23:13:20"),
            ),
            (
                "ko-KR",
                "2023. 11. 14. 오후 11:13:20",
                Some("2023-11-14 23:13:20"),
                Some("2023-11-14 23:13:20"),
            ),
            (
                "full date 12h",
                "Tue, Nov 14 2023 10:13:20 PM",
                Some("2023-11-14 22:13:20"),
                Some("2023-11-14 22:13:20"),
            ),
            (
                "full date day first",
                "Tue, 14 Nov 2023, 22:13:20",
                Some("2023-11-14 22:13:20"),
                Some("2023-11-14 22:13:20"),
            ),
            (
                "midnight 12 AM",
                "11/14/2023, 12:00:05 AM",
                None,
                Some("2023-11-14 00:00:05"),
            ),
            (
                "noon 12 PM",
                "11/14/2023, 12:00:05 PM",
                None,
                Some("2023-11-14 12:00:05"),
            ),
            (
                "lower-case p.m.",
                "14/11/2023, 10:13:20 p.m.",
                Some("2023-11-14 22:13:20"),
                None,
            ),
        ];
        for (name, s, dmy, mdy) in cases {
            let st = parse(s).unwrap_or_else(|| panic!("{name}: not parsed"));
            let show = |d| st.local(d).map(|t| t.to_string());
            assert_eq!(show(true).as_deref(), dmy, "{name} day-first");
            assert_eq!(show(false).as_deref(), mdy, "{name} month-first");
        }
    }

    #[test]
    fn not_stamps() {
        for (name, s) in [
            ("whatsapp without seconds", "14/11/2023, 22:13"),
            ("no date", "22:13:20"),
            ("words", "Alice said at 10:13:20"),
            ("13 PM", "11/14/2023, 13:13:20 PM"),
            ("month 13 both ways", "13/13/2023, 10:00:00"),
            ("two months", "Nov Dec 2023 10:00:00"),
            ("empty", ""),
            ("colon only", ":"),
        ] {
            assert_eq!(parse(s), None, "{name}");
        }
    }

    #[test]
    fn lines_split_at_the_first_dash() {
        let (st, rest) = split_line("14-11-2023 23:13:20 - Alice: a - b").unwrap();
        assert_eq!(rest, "Alice: a - b");
        assert_eq!(st.local(true).unwrap().to_string(), "2023-11-14 23:13:20");
        assert!(split_line("just text - here").is_none());
    }
}
