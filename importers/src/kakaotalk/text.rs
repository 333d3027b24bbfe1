//! The lines of a KakaoTalk text export.
//!
//! - PC (Windows): `[Name] [오후 11:59] text` / `[Name] [11:59 PM] text`
//!   under day separators `--------------- 2020년 12월 31일 목요일 ---------------`
//!   or `--------------- Thursday, December 31, 2020 ---------------`.
//! - Mobile: every line dated, `2020년 12월 31일 오후 11:59, 홍길동 : text`
//!   (Android), `2020. 12. 31. 오후 11:59, 홍길동 : text` (iOS),
//!   `December 31, 2020 at 11:59 PM, John : text` (English); a dated line
//!   without ` : ` is a notice, a date and time alone is a day header.
//! - Under a day separator, `오후 11:59, 홍길동 : text` (time only).

use crate::transcript::dates;
use crate::whatsapp::clock;
use chrono::{NaiveDate, NaiveTime};

/// Title line wordings: (prefix, suffix).
const TITLES: &[(&str, &str)] = &[
    ("", " 님과 카카오톡 대화"),
    ("", "님과 카카오톡 대화"),
    ("Chat with ", ""),
    ("KakaoTalk Chats with ", ""),
    ("Talk_", ""),
];

/// The chat's name from the title line.
pub(crate) fn title(line: &str) -> Option<String> {
    let line = line.trim();
    TITLES.iter().find_map(|(pre, suf)| {
        let name = line.strip_prefix(pre)?.strip_suffix(suf)?.trim();
        (!name.is_empty() && (!pre.is_empty() || !suf.is_empty())).then(|| name.to_owned())
    })
}

/// The "saved on" line under the title.
pub(crate) fn is_saved_line(line: &str) -> bool {
    let l = line.trim();
    l.starts_with("저장한 날짜") || l.starts_with("Date Saved")
}

/// One parsed line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Line<'a> {
    /// A day separator (PC) or a mobile day header.
    Day(NaiveDate),
    /// A message or notice; `day` is `None` for time-only lines.
    Message {
        day: Option<NaiveDate>,
        time: NaiveTime,
        sender: Option<&'a str>,
        text: &'a str,
    },
}

/// Classifies a line; `None` for a continuation (or anything else).
pub(crate) fn parse(line: &str) -> Option<Line<'_>> {
    if let Some(d) = separator(line) {
        return Some(Line::Day(d));
    }
    if line.starts_with('[') {
        return pc(line);
    }
    mobile(line)
}

fn separator(line: &str) -> Option<NaiveDate> {
    let inner = line.trim().strip_prefix("-----")?.trim_start_matches('-');
    let inner = inner
        .trim_end()
        .strip_suffix("-----")?
        .trim_end_matches('-');
    let (d, rest) = date(inner.trim())?;
    // What follows is a weekday name (or nothing).
    let rest = rest.trim().trim_start_matches(',').trim();
    (rest.is_empty() || dates::weekday(rest).is_some()).then_some(d)
}

/// `[Name] [오후 11:59] text`: the name may hold brackets, so every `] [`
/// is tried until one is followed by a time and `]`.
fn pc(line: &str) -> Option<Line<'_>> {
    let body = line.strip_prefix('[')?;
    let mut from = 0;
    while let Some(i) = body.get(from..)?.find("] [") {
        let at = from + i;
        let after = body.get(at + 3..)?;
        if let Some((t, rest)) = after.split_once(']')
            && let Some(time) = time(t)
        {
            let text = rest.strip_prefix(' ').unwrap_or(rest);
            let sender = body.get(..at)?;
            return Some(Line::Message {
                day: None,
                time,
                sender: Some(sender),
                text,
            });
        }
        from = at + 3;
    }
    None
}

/// Dated (or time-only) mobile lines.
fn mobile(line: &str) -> Option<Line<'_>> {
    let (day, rest) = match date(line) {
        Some((d, rest)) => (
            Some(d),
            rest.trim_start().trim_start_matches("at ").trim_start(),
        ),
        None => (None, line),
    };
    let rest = rest.trim_start_matches(',').trim_start();
    // The time runs to the first comma (or the end of a day header).
    let (t, after) = match rest.split_once(',') {
        Some((t, after)) => (t, Some(after)),
        None => (rest, None),
    };
    let time = time(t)?;
    // Without a date, only the `오전 9:23` shape counts: a bare `12:30, `
    // is too common at the start of a continuation line.
    if day.is_none() && t.trim().bytes().all(|c| c.is_ascii_digit() || c == b':') {
        return None;
    }
    let Some(after) = after else {
        return day.map(Line::Day);
    };
    let after = after.strip_prefix(' ').unwrap_or(after);
    let (sender, text) = match after.split_once(" : ") {
        Some((s, text)) if !s.trim().is_empty() => (Some(s.trim()), text),
        _ => (None, after),
    };
    Some(Line::Message {
        day,
        time,
        sender,
        text,
    })
}

/// A date at the start of `s`: `2020년 12월 31일`, `2020. 12. 31.`,
/// `Thursday, December 31, 2020`, `December 31, 2020`, `Dec 31, 2020`.
pub(crate) fn date(s: &str) -> Option<(NaiveDate, &str)> {
    if let Some(r) = korean(s) {
        return Some(r);
    }
    if let Some((d, rest)) = dates::numeric(s)
        && d.year_first()
    {
        return Some((d.date(crate::DateOrder::Ymd)?, rest));
    }
    english(s)
}

fn korean(s: &str) -> Option<(NaiveDate, &str)> {
    let (y, rest) = s.split_once('년')?;
    let (m, rest) = rest.split_once('월')?;
    let (d, rest) = rest.split_once('일')?;
    let num = |x: &str| x.trim().parse::<u32>().ok();
    let y = i32::try_from(num(y)?).ok()?;
    Some((NaiveDate::from_ymd_opt(y, num(m)?, num(d)?)?, rest))
}

/// `[Weekday, ]Month D, YYYY` and what follows.
fn english(s: &str) -> Option<(NaiveDate, &str)> {
    let mut s = s.trim_start();
    if let Some((w, rest)) = s.split_once(", ")
        && dates::weekday(w).is_some()
    {
        s = rest;
    }
    let (mon, rest) = s.split_once(' ')?;
    let m = dates::month(mon)?;
    let (d, rest) = rest.split_once(", ")?;
    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
    if n != 4 {
        return None;
    }
    let y: i32 = rest.get(..n)?.parse().ok()?;
    let d: u32 = d.trim().parse().ok()?;
    Some((NaiveDate::from_ymd_opt(y, m, d)?, rest.get(n..)?))
}

/// `오후 11:59`, `11:59 PM`, `23:59`.
pub(crate) fn time(s: &str) -> Option<NaiveTime> {
    let s = s.trim();
    let (pm_before, start) = match clock::marker(s.as_bytes()) {
        Some((pm, n)) => (Some(pm), n),
        None => (None, 0),
    };
    let rest = s.get(start..)?.trim_start();
    let n = rest
        .bytes()
        .take_while(|c| c.is_ascii_digit() || *c == b':')
        .count();
    let (hm, after) = rest.split_at(n);
    let (h, m) = hm.split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (hour, minute): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    let after = after.trim();
    let pm_after = match clock::marker(after.as_bytes()) {
        Some((pm, n)) if n == after.len() => Some(pm),
        None if after.is_empty() => None,
        _ => return None,
    };
    let pm = match (pm_before, pm_after) {
        (Some(_), Some(_)) => return None,
        (a, b) => a.or(b),
    };
    if pm.is_some() && hour > 12 {
        return None;
    }
    NaiveTime::from_hms_opt(clock::hour24(hour, pm), minute, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn titles() {
        assert_eq!(
            title("홍길동 님과 카카오톡 대화").as_deref(),
            Some("홍길동")
        );
        assert_eq!(title("Chat with John Doe").as_deref(), Some("John Doe"));
        assert_eq!(title("KakaoTalk Chats with Team").as_deref(), Some("Team"));
        assert_eq!(title("Hello there"), None);
        assert!(is_saved_line("저장한 날짜 : 2021-01-01 00:10:00"));
        assert!(is_saved_line("Date Saved : 2020-12-31 23:59:59"));
    }

    #[test]
    fn day_lines() {
        for (line, d) in [
            (
                "--------------- 2020년 12월 31일 목요일 ---------------",
                ymd(2020, 12, 31),
            ),
            (
                "--------------- Thursday, December 31, 2020 ---------------",
                ymd(2020, 12, 31),
            ),
            (
                "--------------- Friday, January 1, 2021 ---------------",
                ymd(2021, 1, 1),
            ),
            ("2020년 12월 31일 오후 11:58", ymd(2020, 12, 31)),
        ] {
            assert_eq!(parse(line), Some(Line::Day(d)), "{line}");
        }
    }

    #[test]
    fn message_lines() {
        let m = |day, time, sender, text| Line::Message {
            day,
            time,
            sender,
            text,
        };
        for (line, want) in [
            (
                "[John Doe] [11:58 PM] Happy new year!",
                m(None, hm(23, 58), Some("John Doe"), "Happy new year!"),
            ),
            (
                "[홍길동] [오전 12:05] 사진",
                m(None, hm(0, 5), Some("홍길동"), "사진"),
            ),
            (
                "[A] [B] [오후 1:05] x",
                m(None, hm(13, 5), Some("A] [B"), "x"),
            ),
            ("[나] [오후 11:59] ", m(None, hm(23, 59), Some("나"), "")),
            (
                "2020년 12월 31일 오후 11:59, 나 : 감사합니다",
                m(
                    Some(ymd(2020, 12, 31)),
                    hm(23, 59),
                    Some("나"),
                    "감사합니다",
                ),
            ),
            (
                "2021년 1월 1일 오전 12:05, 홍길동 : a : b",
                m(Some(ymd(2021, 1, 1)), hm(0, 5), Some("홍길동"), "a : b"),
            ),
            (
                "2020. 12. 31. 오후 11:59, 홍길동 : 메시지",
                m(
                    Some(ymd(2020, 12, 31)),
                    hm(23, 59),
                    Some("홍길동"),
                    "메시지",
                ),
            ),
            (
                "December 31, 2020 at 11:59 PM, John : Hi",
                m(Some(ymd(2020, 12, 31)), hm(23, 59), Some("John"), "Hi"),
            ),
            (
                "Dec 31, 2020, 11:59 PM, John : Hi",
                m(Some(ymd(2020, 12, 31)), hm(23, 59), Some("John"), "Hi"),
            ),
            (
                "2017년 10월 10일 오후 5:03, 홍길동님이 들어왔습니다.",
                m(
                    Some(ymd(2017, 10, 10)),
                    hm(17, 3),
                    None,
                    "홍길동님이 들어왔습니다.",
                ),
            ),
            (
                "오전 9:23, 홍길동 : 오늘 몇시에 와?",
                m(None, hm(9, 23), Some("홍길동"), "오늘 몇시에 와?"),
            ),
        ] {
            assert_eq!(parse(line), Some(want), "{line}");
        }
        for cont in [
            "줄바꿈된 두 번째 줄",
            "and your family 🎆",
            "[not a] message",
            "2020년 13월 1일 오후 1:00, a : b",
            "",
            "-----",
        ] {
            assert_eq!(parse(cont), None, "{cont}");
        }
    }

    #[test]
    fn times() {
        for (s, t) in [
            ("오후 11:59", hm(23, 59)),
            ("오전 12:05", hm(0, 5)),
            ("11:59 PM", hm(23, 59)),
            ("23:59", hm(23, 59)),
            ("오후 12:00", hm(12, 0)),
        ] {
            assert_eq!(time(s), Some(t), "{s}");
        }
        for bad in ["오후 13:00", "25:00", "1:5", "오후", ""] {
            assert_eq!(time(bad), None, "{bad}");
        }
    }
}
