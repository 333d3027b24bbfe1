//! Dates as transcripts print them.
//!
//! Numeric dates (`01/02/2024`, `14.11.2023`, `2024-01-02`, `2020. 12. 31.`)
//! are read into three fields. A date whose first field has four digits is
//! year-month-day on its own. For the others, day/month order is decided
//! once per file, the way the WhatsApp importer does it: a first field
//! above 12 means day-month, a second field above 12 means month-day, and
//! (new here) a weekday printed next to the date decides too when only one
//! reading falls on that weekday. A forced order always wins; a file whose
//! dates never decide is read in the default order with a warning.

use crate::DateOrder;
use chrono::{Datelike, NaiveDate, Weekday};

/// A numeric date as printed, not yet ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NumDate {
    pub fields: [u32; 3],
    pub digits: [u8; 3],
    /// A weekday printed next to the date, when there was one.
    pub weekday: Option<Weekday>,
}

impl NumDate {
    /// Whether the date is year-first whatever the file's order.
    pub fn year_first(&self) -> bool {
        self.digits[0] >= 3 || self.fields[0] > 31
    }

    /// The calendar date under an order (year-first dates ignore it);
    /// `None` when it does not exist.
    pub fn date(&self, order: DateOrder) -> Option<NaiveDate> {
        let [a, b, c] = self.fields;
        let order = if self.year_first() {
            DateOrder::Ymd
        } else {
            order
        };
        let (y, yd, m, d) = match order {
            DateOrder::Dmy => (c, self.digits[2], b, a),
            DateOrder::Mdy => (c, self.digits[2], a, b),
            DateOrder::Ymd => (a, self.digits[0], b, c),
        };
        NaiveDate::from_ymd_opt(full_year(y, yd)?, m, d)
    }
}

/// A year as printed: two digits mean 20xx.
pub(crate) fn full_year(y: u32, digits: u8) -> Option<i32> {
    let y = if digits <= 2 { y + 2000 } else { y };
    i32::try_from(y).ok().filter(|y| (1970..=9999).contains(y))
}

/// Reads a run of ASCII digits (at most 4) at the start of `s`.
fn number(s: &str) -> Option<(u32, u8, &str)> {
    let n = s.bytes().take_while(u8::is_ascii_digit).count();
    if n == 0 || n > 4 {
        return None;
    }
    let v = s.get(..n)?.parse().ok()?;
    Some((v, n as u8, s.get(n..)?))
}

/// A numeric date at the start of `s`: three numbers separated by one of
/// `/ . -` (the same both times), optionally followed by spaces (`2020. 12.
/// 31.`); a trailing `.` after the third number is taken too. Returns the
/// date and the rest of `s`.
pub(crate) fn numeric(s: &str) -> Option<(NumDate, &str)> {
    let (a, da, rest) = number(s)?;
    let sep = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '/' | '.' | '-'))?;
    let rest = rest.get(1..)?.trim_start_matches(' ');
    let (b, db, rest) = number(rest)?;
    let rest = rest.strip_prefix(sep)?.trim_start_matches(' ');
    let (c, dc, mut rest) = number(rest)?;
    if sep == '.' {
        rest = rest.strip_prefix('.').unwrap_or(rest);
    }
    if db > 2 || (da > 2 && dc > 2) {
        return None;
    }
    let date = NumDate {
        fields: [a, b, c],
        digits: [da, db, dc],
        weekday: None,
    };
    Some((date, rest))
}

/// What the dates of a file say about day/month order.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Evidence {
    day_first: bool,
    month_first: bool,
    /// Some date needed an order.
    pub ambiguous: bool,
}

impl Evidence {
    pub fn add(&mut self, d: &NumDate) {
        if d.year_first() {
            return;
        }
        self.ambiguous = true;
        let [a, b, _] = d.fields;
        if a > 12 {
            self.day_first = true;
        } else if b > 12 {
            self.month_first = true;
        } else if let Some(wd) = d.weekday {
            let dmy = d.date(DateOrder::Dmy).map(|x| x.weekday()) == Some(wd);
            let mdy = d.date(DateOrder::Mdy).map(|x| x.weekday()) == Some(wd);
            match (dmy, mdy) {
                (true, false) => self.day_first = true,
                (false, true) => self.month_first = true,
                _ => {}
            }
        }
    }

    /// The order once the evidence decides it (contradictions decide nothing).
    pub fn decided(&self) -> Option<DateOrder> {
        match (self.day_first, self.month_first) {
            (true, false) => Some(DateOrder::Dmy),
            (false, true) => Some(DateOrder::Mdy),
            _ => None,
        }
    }
}

/// The order to read a file in, and a warning when it was a guess.
pub(crate) fn resolve(
    forced: Option<DateOrder>,
    evidence: &Evidence,
    default: DateOrder,
) -> (DateOrder, Option<String>) {
    if let Some(o) = forced {
        return (o, None);
    }
    if let Some(o) = evidence.decided() {
        return (o, None);
    }
    if !evidence.ambiguous {
        return (default, None);
    }
    let shown = match default {
        DateOrder::Dmy => "dd/mm",
        DateOrder::Mdy => "mm/dd",
        DateOrder::Ymd => "yyyy/mm/dd",
    };
    let msg = format!("could not tell day/month order; read as {shown} (use --date-order)");
    (default, Some(msg))
}

/// A weekday name or abbreviation (English, German, French, Spanish,
/// Japanese/Chinese/Korean one-character forms, Chinese `周X`/`星期X`).
pub(crate) fn weekday(s: &str) -> Option<Weekday> {
    use Weekday::*;
    let t = s.trim().trim_end_matches('.').to_lowercase();
    let t = t
        .strip_prefix("周")
        .or_else(|| t.strip_prefix("星期"))
        .or_else(|| t.strip_prefix("週"))
        .unwrap_or(&t);
    let t = t
        .strip_suffix("曜日")
        .or_else(|| t.strip_suffix("요일"))
        .unwrap_or(t);
    Some(match t {
        "mon" | "monday" | "mo" | "montag" | "lun" | "lundi" | "lunes" | "月" | "一" | "월" => {
            Mon
        }
        "tue" | "tues" | "tuesday" | "di" | "dienstag" | "mar" | "mardi" | "martes" | "火"
        | "二" | "화" => Tue,
        "wed" | "wednesday" | "mi" | "mittwoch" | "mer" | "mercredi" | "miércoles"
        | "miercoles" | "mié" | "水" | "三" | "수" => Wed,
        "thu" | "thur" | "thurs" | "thursday" | "do" | "donnerstag" | "jeu" | "jeudi"
        | "jueves" | "jue" | "木" | "四" | "목" => Thu,
        "fri" | "friday" | "fr" | "freitag" | "ven" | "vendredi" | "viernes" | "vie" | "金"
        | "五" | "금" => Fri,
        "sat" | "saturday" | "sa" | "samstag" | "sam" | "samedi" | "sábado" | "sabado" | "sáb"
        | "土" | "六" | "토" => Sat,
        "sun" | "sunday" | "so" | "sonntag" | "dim" | "dimanche" | "domingo" | "dom" | "日"
        | "天" | "일" => Sun,
        _ => return None,
    })
}

/// A month name or abbreviation (English, German, French, Spanish); 1-12.
pub(crate) fn month(s: &str) -> Option<u32> {
    let t = s.trim().trim_end_matches('.').to_lowercase();
    const NAMES: [&[&str]; 12] = [
        &[
            "january", "jan", "januar", "jän", "janvier", "janv", "enero", "ene",
        ],
        &[
            "february", "feb", "februar", "février", "fevrier", "févr", "fév", "febrero",
        ],
        &["march", "mar", "märz", "maerz", "mars", "marzo", "mär"],
        &["april", "apr", "avril", "avr", "abril", "abr"],
        &["may", "mai", "mayo"],
        &["june", "jun", "juni", "juin", "junio"],
        &["july", "jul", "juli", "juillet", "juil", "julio"],
        &["august", "aug", "août", "aout", "agosto", "ago"],
        &["september", "sep", "sept", "septembre", "septiembre"],
        &["october", "oct", "oktober", "okt", "octobre", "octubre"],
        &["november", "nov", "novembre", "noviembre"],
        &[
            "december",
            "dec",
            "dezember",
            "dez",
            "décembre",
            "decembre",
            "déc",
            "diciembre",
            "dic",
        ],
    ];
    NAMES
        .iter()
        .position(|names| names.contains(&t.as_str()))
        .and_then(|i| u32::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NumDate {
        numeric(s).unwrap().0
    }

    #[test]
    fn numeric_shapes() {
        for (s, fields, rest) in [
            ("01/02/2024", [1, 2, 2024], ""),
            ("1/4/2024 x", [1, 4, 2024], " x"),
            ("2024.01.02 Tuesday", [2024, 1, 2], " Tuesday"),
            ("2025/04/18(金)", [2025, 4, 18], "(金)"),
            ("14.11.2023, 22:13", [14, 11, 2023], ", 22:13"),
            ("2020. 12. 31. 오후", [2020, 12, 31], " 오후"),
            ("2023-11-14", [2023, 11, 14], ""),
        ] {
            let (got, r) = numeric(s).unwrap();
            assert_eq!((got.fields, r), (fields, rest), "{s}");
        }
        for bad in [
            "1/2",
            "12345/1/1",
            "1/2.2024",
            "a/b/c",
            "",
            "1//2",
            "2024/123/1",
        ] {
            assert!(numeric(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn order_evidence_and_weekdays() {
        let mut e = Evidence::default();
        e.add(&d("01/02/2024"));
        assert_eq!(e.decided(), None);
        assert!(e.ambiguous);
        // 01/02/2024 on a Tuesday is January 2nd (1 February was a Thursday).
        let mut tue = d("01/02/2024");
        tue.weekday = Some(Weekday::Tue);
        e.add(&tue);
        assert_eq!(e.decided(), Some(DateOrder::Mdy));
        let mut e = Evidence::default();
        e.add(&d("14.11.2023"));
        assert_eq!(e.decided(), Some(DateOrder::Dmy));
        let mut e = Evidence::default();
        e.add(&d("2024/01/02"));
        assert!(!e.ambiguous, "year-first dates need no order");
        let mut e = Evidence::default();
        e.add(&d("13/01/2024"));
        e.add(&d("01/13/2024"));
        assert_eq!(e.decided(), None, "contradictions decide nothing");
    }

    #[test]
    fn resolve_prefers_forced_then_evidence_then_default_with_warning() {
        let mut e = Evidence::default();
        e.add(&d("01/02/2024"));
        let (o, w) = resolve(None, &e, DateOrder::Dmy);
        assert_eq!(o, DateOrder::Dmy);
        assert!(w.unwrap().contains("dd/mm"));
        assert_eq!(
            resolve(Some(DateOrder::Mdy), &e, DateOrder::Dmy),
            (DateOrder::Mdy, None)
        );
        assert_eq!(resolve(None, &Evidence::default(), DateOrder::Dmy).1, None);
    }

    #[test]
    fn dates_under_orders() {
        let x = d("01/02/2024");
        assert_eq!(x.date(DateOrder::Mdy), NaiveDate::from_ymd_opt(2024, 1, 2));
        assert_eq!(x.date(DateOrder::Dmy), NaiveDate::from_ymd_opt(2024, 2, 1));
        assert_eq!(
            d("2024.01.02").date(DateOrder::Dmy),
            NaiveDate::from_ymd_opt(2024, 1, 2)
        );
        assert_eq!(d("31/02/2024").date(DateOrder::Dmy), None);
        assert_eq!(
            d("1/2/24").date(DateOrder::Dmy),
            NaiveDate::from_ymd_opt(2024, 2, 1)
        );
    }

    #[test]
    fn names() {
        for (s, w) in [
            ("Tue", Weekday::Tue),
            ("Tuesday", Weekday::Tue),
            ("金", Weekday::Fri),
            ("周五", Weekday::Fri),
            ("목요일", Weekday::Thu),
            ("Di.", Weekday::Tue),
        ] {
            assert_eq!(weekday(s), Some(w), "{s}");
        }
        assert_eq!(weekday("Tuesdays"), None);
        for (s, m) in [
            ("März", 3),
            ("March", 3),
            ("déc.", 12),
            ("Agosto", 8),
            ("may", 5),
        ] {
            assert_eq!(month(s), Some(m), "{s}");
        }
        assert_eq!(month("Mayo2"), None);
    }
}
