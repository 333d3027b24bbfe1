//! The lines of a Threema chat export.
//!
//! - Current: `[14.11.2023, 22:13] Alice Example: text` (the date as the
//!   phone's locale prints it: `14.11.2023`, `2023-11-14`, `11/14/2023`;
//!   24- or 12-hour time, seconds optional). The sender ends at the first
//!   `: ` after the `]`; a line without one is a notice.
//! - Legacy Android (about 2016): `<<< 12. März 2016 um 14:22:01 MEZ: text`
//!   (received) and `>>> …` (sent): a spelled month, seconds, and a zone
//!   abbreviation whose offset is used when Ferry knows it.

use crate::transcript::dates::{self, NumDate};
use crate::whatsapp::clock;
use chrono::{NaiveDate, NaiveTime};

/// A current-format line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Current<'a> {
    pub date: NumDate,
    /// The date used dots (`14.11.2023`): day first in every locale.
    pub dotted: bool,
    pub time: NaiveTime,
    /// The time printed seconds (WhatsApp's iOS headers always do).
    pub seconds: bool,
    pub sender: Option<&'a str>,
    pub text: &'a str,
}

/// `[date, time] sender: text`.
pub(crate) fn current(line: &str) -> Option<Current<'_>> {
    let inner_rest = line.strip_prefix('[')?;
    let (stamp, rest) = inner_rest.split_once(']')?;
    let (d, t) = stamp.split_once(',')?;
    let (date, tail) = dates::numeric(d.trim())?;
    if !tail.is_empty() {
        return None;
    }
    let time = time(t)?;
    let rest = rest.strip_prefix(' ')?;
    let (sender, text) = match rest.split_once(": ") {
        Some((s, text)) if !s.trim().is_empty() => (Some(s), text),
        _ => match rest.strip_suffix(':') {
            Some(s) if !s.trim().is_empty() && !s.contains(": ") => (Some(s), ""),
            _ => (None, rest),
        },
    };
    Some(Current {
        date,
        dotted: d.contains('.'),
        time,
        seconds: t.matches(':').count() > 1,
        sender,
        text,
    })
}

/// `22:13`, `22:13:05`, `10:13 PM`, `10:13:05 PM`.
pub(crate) fn time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    let n = s
        .bytes()
        .take_while(|c| c.is_ascii_digit() || *c == b':')
        .count();
    let (hms, after) = s.split_at(n);
    let mut parts = hms.split(':');
    let h = parts.next()?;
    let m = parts.next()?;
    let sec = parts.next();
    if parts.next().is_some() || h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    if sec.is_some_and(|x| x.len() != 2) {
        return None;
    }
    let (hour, minute): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let second: u32 = match sec {
        Some(x) => x.parse().ok()?,
        None => 0,
    };
    let after = after.trim();
    let pm = match clock::marker(after.as_bytes()) {
        Some((pm, n)) if n == after.len() => Some(pm),
        None if after.is_empty() => None,
        _ => return None,
    };
    if pm.is_some() && hour > 12 {
        return None;
    }
    NaiveTime::from_hms_opt(clock::hour24(hour, pm), minute, second)
}

/// A legacy line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Legacy<'a> {
    /// `>>>`: sent by the exporter.
    pub outgoing: bool,
    pub date: NaiveDate,
    pub time: NaiveTime,
    /// Offset east of UTC in seconds, when the zone was recognised.
    pub offset: Option<i32>,
    /// The zone as printed (may be empty).
    pub zone: &'a str,
    pub text: &'a str,
}

/// `<<< 12. März 2016 um 14:22:01 MEZ: text`, `>>> March 12, 2016 at
/// 2:22:01 PM CET: text`.
pub(crate) fn legacy(line: &str) -> Option<Legacy<'_>> {
    let (outgoing, rest) = match line.get(..4) {
        Some(">>> ") => (true, line.get(4..)?),
        Some("<<< ") => (false, line.get(4..)?),
        _ => return None,
    };
    // The time is the first token with two colons.
    let mut pos = 0;
    let mut found = None;
    for tok in rest.split(' ') {
        let core = tok.trim_end_matches(':');
        if core.bytes().filter(|c| *c == b':').count() == 2
            && core.bytes().all(|c| c.is_ascii_digit() || c == b':')
        {
            found = Some((pos, pos + core.len()));
            break;
        }
        pos += tok.len() + 1;
    }
    let (t_start, t_end) = found?;
    let date = legacy_date(rest.get(..t_start)?)?;
    let clock_part = rest.get(t_start..t_end)?;
    let after = rest.get(t_end..)?;
    // Header ends at the first `: ` (or a final `:`) after the time.
    let (tail, text) = match after.find(": ") {
        Some(i) => (after.get(..i)?, after.get(i + 2..)?),
        None => (after.strip_suffix(':')?, ""),
    };
    let tail = tail.trim();
    let (pm, zone) = match clock::marker(tail.as_bytes()) {
        Some((pm, n)) => (Some(pm), tail.get(n..)?.trim()),
        None => (None, tail),
    };
    let mut hms = clock_part.split(':').map(|x| x.parse::<u32>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if pm.is_some() && h > 12 {
        return None;
    }
    let time = NaiveTime::from_hms_opt(clock::hour24(h, pm), m, s)?;
    Some(Legacy {
        outgoing,
        date,
        time,
        offset: zone_offset(zone),
        zone,
        text,
    })
}

/// `12. März 2016 um`, `March 12, 2016 at`, `12 de marzo de 2016 a las`:
/// a day, a month name and a four-digit year in any order; other words
/// are connectors.
fn legacy_date(s: &str) -> Option<NaiveDate> {
    let (mut day, mut month, mut year) = (None, None, None);
    for tok in s.split_whitespace() {
        let t = tok.trim_end_matches(['.', ',']);
        if t.len() == 4 && t.bytes().all(|c| c.is_ascii_digit()) {
            year = Some(t.parse::<i32>().ok()?);
        } else if !t.is_empty() && t.len() <= 2 && t.bytes().all(|c| c.is_ascii_digit()) {
            day = Some(t.parse::<u32>().ok()?);
        } else if let Some(m) = dates::month(t) {
            month = Some(m);
        }
    }
    NaiveDate::from_ymd_opt(year?, month?, day?)
}

/// Offsets of the zone names legacy exports print.
fn zone_offset(zone: &str) -> Option<i32> {
    const H: i32 = 3600;
    Some(match zone {
        "UTC" | "GMT" | "WEZ" | "WET" => 0,
        "MEZ" | "CET" | "WESZ" | "WEST" | "BST" => H,
        "MESZ" | "CEST" | "OEZ" | "EET" => 2 * H,
        "OESZ" | "EEST" | "MSK" => 3 * H,
        "EST" => -5 * H,
        "EDT" => -4 * H,
        "CST" => -6 * H,
        "CDT" => -5 * H,
        "MST" => -7 * H,
        "MDT" => -6 * H,
        "PST" => -8 * H,
        "PDT" => -7 * H,
        _ => return gmt_offset(zone),
    })
}

/// `GMT+01:00`, `GMT+1`, `UTC-05:30`.
fn gmt_offset(zone: &str) -> Option<i32> {
    let rest = zone
        .strip_prefix("GMT")
        .or_else(|| zone.strip_prefix("UTC"))?;
    let sign = match rest.chars().next()? {
        '+' => 1,
        '-' | '−' => -1,
        _ => return None,
    };
    let digits = rest.get(rest.chars().next()?.len_utf8()..)?;
    let (h, m) = digits.split_once(':').unwrap_or((digits, "0"));
    let (h, m): (i32, i32) = (h.parse().ok()?, m.parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hms(h: u32, m: u32, s: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, s).unwrap()
    }

    #[test]
    fn current_lines() {
        for (line, fields, t, sender, text) in [
            (
                "[14.11.2023, 22:13] Alice Example: Hallo!",
                [14, 11, 2023],
                hms(22, 13, 0),
                Some("Alice Example"),
                "Hallo!",
            ),
            (
                "[2023-11-14, 22:13] Ich: a: b",
                [2023, 11, 14],
                hms(22, 13, 0),
                Some("Ich"),
                "a: b",
            ),
            (
                "[11/14/2023, 10:13 PM] Me: hi",
                [11, 14, 2023],
                hms(22, 13, 0),
                Some("Me"),
                "hi",
            ),
            (
                "[14.11.23, 22:13:05] Bob: x",
                [14, 11, 23],
                hms(22, 13, 5),
                Some("Bob"),
                "x",
            ),
            (
                "[14.11.2023, 22:13] Bob:",
                [14, 11, 2023],
                hms(22, 13, 0),
                Some("Bob"),
                "",
            ),
            (
                "[14.11.2023, 22:13] Gruppe erstellt",
                [14, 11, 2023],
                hms(22, 13, 0),
                None,
                "Gruppe erstellt",
            ),
        ] {
            let c = current(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(
                (c.date.fields, c.time, c.sender, c.text),
                (fields, t, sender, text),
                "{line}"
            );
        }
        assert!(current("[14.11.2023, 22:13] A: b").unwrap().dotted);
        assert!(!current("[14.11.2023, 22:13] A: b").unwrap().seconds);
        assert!(current("[14.11.23, 22:13:05] A: b").unwrap().seconds);
        for bad in [
            "[14.11.2023 22:13] A: b",
            "[x, 22:13] A: b",
            "14.11.2023, 22:13 A: b",
            "[14.11.2023, 25:13] A: b",
            "[14.11.2023, 22:13]A: b",
        ] {
            assert_eq!(current(bad), None, "{bad}");
        }
    }

    #[test]
    fn legacy_lines() {
        let l = legacy("<<< 12. März 2016 um 14:22:01 MEZ: Hallo").unwrap();
        assert!(!l.outgoing);
        assert_eq!(l.date, NaiveDate::from_ymd_opt(2016, 3, 12).unwrap());
        assert_eq!(
            (l.time, l.offset, l.zone, l.text),
            (hms(14, 22, 1), Some(3600), "MEZ", "Hallo")
        );
        let l = legacy(">>> 3. Juli 2016 um 09:05:00 MESZ: Bild (a1b2.jpg)").unwrap();
        assert!(l.outgoing);
        assert_eq!((l.offset, l.text), (Some(7200), "Bild (a1b2.jpg)"));
        let l = legacy(">>> March 12, 2016 at 2:22:01 PM CET: hi: there").unwrap();
        assert_eq!(
            (l.time, l.offset, l.text),
            (hms(14, 22, 1), Some(3600), "hi: there")
        );
        let l = legacy("<<< 12 de marzo de 2016 a las 14:22:01 GMT+01:00: hola").unwrap();
        assert_eq!((l.offset, l.text), (Some(3600), "hola"));
        let l = legacy("<<< 12. März 2016 um 14:22:01 XYZ: x").unwrap();
        assert_eq!((l.offset, l.zone), (None, "XYZ"));
        let l = legacy("<<< 12. März 2016 um 14:22:01: x").unwrap();
        assert_eq!((l.offset, l.zone, l.text), (None, "", "x"));
        for bad in [
            "<<<12. März 2016 um 14:22:01 MEZ: x",
            "<<< 12. Foo 2016 um 14:22:01 MEZ: x",
            "<<< 31. Februar 2016 um 14:22:01 MEZ: x",
            "<<< 12. März 2016 um 14:22 MEZ: x",
            "=== x",
        ] {
            assert_eq!(legacy(bad), None, "{bad}");
        }
    }

    #[test]
    fn zones() {
        assert_eq!(zone_offset("GMT+1"), Some(3600));
        assert_eq!(zone_offset("UTC-05:30"), Some(-(5 * 3600 + 30 * 60)));
        assert_eq!(zone_offset("GMT+99"), None);
        assert_eq!(zone_offset(""), None);
    }
}
