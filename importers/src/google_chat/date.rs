//! Google Chat's prose dates: `Tuesday, November 14, 2023 at 10:13:20 PM UTC`.
//!
//! Newer Takeouts put a narrow no-break space (U+202F) before `AM`/`PM`;
//! every kind of space is folded to one ASCII space first. The zone is a
//! word at the end: `UTC`/`GMT` (what Takeout writes), `GMT+5:30`-style
//! offsets and a few common abbreviations are understood. Anything else
//! is reported as [`Prose::zone`] `None` and the caller decides.

use chrono::{FixedOffset, NaiveDateTime, TimeZone};

/// A parsed date: the wall-clock time and, when the zone was understood,
/// its offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prose {
    pub local: NaiveDateTime,
    /// Seconds east of UTC; `None` for an unknown zone name.
    pub zone: Option<i32>,
}

impl Prose {
    /// The instant, when the zone is known.
    pub fn utc_millis(&self) -> Option<i64> {
        let offset = FixedOffset::east_opt(self.zone?)?;
        let at = offset.from_local_datetime(&self.local).single()?;
        Some(at.timestamp_millis())
    }
}

/// Parses a Takeout date; `None` when it is not one.
pub fn parse(raw: &str) -> Option<Prose> {
    let norm = normalise(raw);
    let (rest, zone_word) = match norm.rsplit_once(' ') {
        Some((rest, last))
            if last.chars().any(|c| c.is_ascii_alphabetic()) && !is_meridiem(last) =>
        {
            (rest, Some(last))
        }
        _ => (norm.as_str(), None),
    };
    let rest = rest.replacen(" at ", " ", 1);
    let local = FORMATS
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(&rest, f).ok())?;
    let zone = match zone_word {
        None => Some(0),
        Some(z) => zone_offset(z),
    };
    Some(Prose { local, zone })
}

/// The shapes tried, weekday first (as Takeout writes) then without it.
const FORMATS: [&str; 6] = [
    "%A, %B %d, %Y %I:%M:%S %p",
    "%A, %B %d, %Y %H:%M:%S",
    "%B %d, %Y %I:%M:%S %p",
    "%B %d, %Y %H:%M:%S",
    "%A, %B %d, %Y %I:%M %p",
    "%A, %B %d, %Y %H:%M",
];

fn is_meridiem(w: &str) -> bool {
    w.eq_ignore_ascii_case("am") || w.eq_ignore_ascii_case("pm")
}

/// One ASCII space for every run of (Unicode) whitespace, trimmed.
fn normalise(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw.split(|c: char| c.is_whitespace() || c == '\u{202f}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Seconds east of UTC for a zone word.
fn zone_offset(z: &str) -> Option<i32> {
    let upper = z.to_ascii_uppercase();
    let hours = |h: i32| Some(h * 3600);
    match upper.as_str() {
        "UTC" | "GMT" | "Z" | "UT" => return Some(0),
        "PST" | "AKDT" => return hours(-8),
        "PDT" | "MST" => return hours(-7),
        "MDT" | "CST" => return hours(-6),
        "CDT" | "EST" => return hours(-5),
        "EDT" => return hours(-4),
        "BST" | "CET" | "WEST" => return hours(1),
        "CEST" | "EET" => return hours(2),
        "EEST" => return hours(3),
        "JST" | "KST" => return hours(9),
        _ => {}
    }
    let sign_at = upper.find(['+', '-'])?;
    let (base, off) = upper.split_at(sign_at);
    if !matches!(base, "UTC" | "GMT" | "") {
        return None;
    }
    let sign = if off.starts_with('-') { -1 } else { 1 };
    let digits = off.get(1..)?;
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if digits.len() > 2 => {
            let (h, m) = digits.split_at(digits.len() - 2);
            (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?)
        }
        None => (digits.parse::<i32>().ok()?, 0),
    };
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takeout_dates() {
        // (name, input, unix seconds or None when not a date, zone known)
        let cases: [(&str, &str, Option<i64>); 10] = [
            (
                "plain utc",
                "Tuesday, November 14, 2023 at 10:13:20 PM UTC",
                Some(1_700_000_000),
            ),
            (
                "narrow no-break space before PM",
                "Tuesday, November 14, 2023 at 10:13:20\u{202f}PM UTC",
                Some(1_700_000_000),
            ),
            (
                "no-break spaces everywhere",
                "Tuesday,\u{a0}November 14, 2023 at\u{a0}10:13:20 PM\u{a0}UTC",
                Some(1_700_000_000),
            ),
            (
                "morning single-digit hour",
                "Wednesday, November 15, 2023 at 9:00:00 AM UTC",
                Some(1_700_038_800),
            ),
            (
                "gmt offset",
                "Tuesday, November 14, 2023 at 11:13:20 PM GMT+1",
                Some(1_700_000_000),
            ),
            (
                "offset with minutes",
                "Wednesday, November 15, 2023 at 3:43:20 AM GMT+05:30",
                Some(1_700_000_000),
            ),
            (
                "abbreviation",
                "Tuesday, November 14, 2023 at 2:13:20 PM PST",
                Some(1_700_000_000),
            ),
            (
                "24-hour clock",
                "Tuesday, November 14, 2023 at 22:13:20 UTC",
                Some(1_700_000_000),
            ),
            ("not a date", "yesterday", None),
            (
                "impossible day",
                "Tuesday, February 30, 2023 at 1:00:00 PM UTC",
                None,
            ),
        ];
        for (name, raw, want) in cases {
            let got = parse(raw).and_then(|p| p.utc_millis()).map(|m| m / 1000);
            assert_eq!(got, want, "{name}");
        }
    }

    #[test]
    fn unknown_zone_keeps_the_wall_clock() {
        let p = parse("Tuesday, November 14, 2023 at 10:13:20 PM XYZT").unwrap();
        assert_eq!(p.zone, None);
        assert_eq!(p.local.to_string(), "2023-11-14 22:13:20");
    }
}
