//! Turning raw header fields into instants.
//!
//! - Day/month order: decided once for the whole file ([`Evidence`]): a
//!   four-digit (or > 31, or era) first field means year-month-day; any
//!   first field > 12 means day-month; any second field > 12 means
//!   month-day. When no date in the file decides, the caller falls back to
//!   the user's choice and says so. (Ordering heuristics such as "dates
//!   should increase" are deliberately not used: exports are not
//!   chronological and short files give false confidence.)
//! - Dates that do not exist (31/02, month 13 under a forced order) are an
//!   error naming the line; nothing is silently shifted.
//! - Local wall-clock times become instants through the chosen zone: a
//!   time in a spring-forward gap is moved forward by the gap (02:30 in a
//!   02:00→03:00 gap becomes 03:30), an ambiguous fall-back time takes the
//!   earlier instant (the first of the two occurrences).

use super::digits::gregorian_year;
use super::header::{Header, RawDate};
use crate::DateOrder;
use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use chrono_tz::Tz;
use ferry_model::Timestamp;

/// What the dates seen so far say about the order.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Evidence {
    year_first: bool,
    day_first: bool,
    month_first: bool,
}

impl Evidence {
    pub fn add(&mut self, d: &RawDate) {
        if year_first(d) {
            self.year_first = true;
        } else if d.fields[0] > 12 {
            self.day_first = true;
        } else if d.fields[1] > 12 {
            self.month_first = true;
        }
    }

    /// The order, once the evidence decides it. Year-first wins outright.
    /// Callers stop collecting once an order is decided, so a later date
    /// that contradicts it surfaces as an impossible date, with its line.
    pub fn decided(&self) -> Option<DateOrder> {
        if self.year_first {
            return Some(DateOrder::Ymd);
        }
        match (self.day_first, self.month_first) {
            (true, false) => Some(DateOrder::Dmy),
            (false, true) => Some(DateOrder::Mdy),
            _ => None,
        }
    }
}

fn year_first(d: &RawDate) -> bool {
    d.digits[0] >= 3 || d.fields[0] > 31
}

/// The calendar date of raw fields under an order; `None` when it does not
/// exist.
pub(crate) fn date_of(d: &RawDate, order: DateOrder) -> Option<NaiveDate> {
    let [a, b, c] = d.fields;
    let (y, yd, m, day) = match order {
        DateOrder::Dmy => (c, d.digits[2], b, a),
        DateOrder::Mdy => (c, d.digits[2], a, b),
        DateOrder::Ymd => (a, d.digits[0], b, c),
    };
    let year = gregorian_year(y, yd, d.era)?;
    NaiveDate::from_ymd_opt(year, m, day)
}

/// The wall-clock time of a header; `None` when it does not exist.
pub(crate) fn time_of(h: &Header) -> Option<NaiveTime> {
    NaiveTime::from_hms_opt(h.hour24(), h.minute, h.second)
}

/// Local times to instants in one zone, with a one-hour cache (zones
/// change offsets on the hour or half hour at most once per hour; the
/// cache is used only when the whole hour maps to one offset).
#[derive(Debug)]
pub(crate) struct Clock {
    tz: Tz,
    utc: bool,
    cached: Option<(NaiveDate, u32, FixedOffset)>,
}

impl Clock {
    pub fn new(tz: Tz) -> Self {
        Clock {
            tz,
            utc: tz == Tz::UTC,
            cached: None,
        }
    }

    fn single(&self, local: NaiveDateTime) -> Option<FixedOffset> {
        match self.tz.offset_from_local_datetime(&local) {
            LocalResult::Single(o) => Some(o.fix()),
            _ => None,
        }
    }

    /// The instant of a local wall-clock time (see the module notes for
    /// gaps and overlaps). `None` only for dates outside chrono's range.
    pub fn instant(&mut self, local: NaiveDateTime) -> Option<Timestamp> {
        use chrono::Timelike;
        if self.utc {
            return Some(Timestamp(local.and_utc().fixed_offset()));
        }
        let (date, hour) = (local.date(), local.hour());
        if let Some((d, h, off)) = self.cached
            && d == date
            && h == hour
        {
            return with_offset(local, off);
        }
        let hour_start = local.with_minute(0)?.with_second(0)?;
        let hour_end = local.with_minute(59)?.with_second(59)?;
        if let (Some(a), Some(b)) = (self.single(hour_start), self.single(hour_end))
            && a == b
        {
            self.cached = Some((date, hour, a));
            return with_offset(local, a);
        }
        match self.tz.offset_from_local_datetime(&local) {
            LocalResult::Single(o) => with_offset(local, o.fix()),
            LocalResult::Ambiguous(first, second) => {
                // The earlier instant is the one with the larger offset.
                let (a, b) = (first.fix(), second.fix());
                let off = if a.local_minus_utc() >= b.local_minus_utc() {
                    a
                } else {
                    b
                };
                with_offset(local, off)
            }
            LocalResult::None => {
                // In a gap: read the time with the offset in force before
                // the gap, then show that instant in the offset after it.
                let before = self
                    .tz
                    .offset_from_utc_datetime(&(local - chrono::Duration::hours(24)))
                    .fix();
                let utc = local - chrono::Duration::seconds(i64::from(before.local_minus_utc()));
                let after = self.tz.offset_from_utc_datetime(&utc).fix();
                Some(Timestamp(after.from_utc_datetime(&utc)))
            }
        }
    }
}

fn with_offset(local: NaiveDateTime, off: FixedOffset) -> Option<Timestamp> {
    off.from_local_datetime(&local).single().map(Timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::whatsapp::digits::Era;

    fn raw(fields: [u32; 3], digits: [u8; 3]) -> RawDate {
        RawDate {
            fields,
            digits,
            era: Era::Gregorian,
        }
    }

    #[test]
    fn evidence_decides() {
        let mut e = Evidence::default();
        e.add(&raw([12, 9, 20], [2, 1, 2]));
        assert_eq!(e.decided(), None);
        e.add(&raw([13, 9, 20], [2, 1, 2]));
        assert_eq!(e.decided(), Some(DateOrder::Dmy));
        let mut e = Evidence::default();
        e.add(&raw([3, 27, 22], [1, 2, 2]));
        assert_eq!(e.decided(), Some(DateOrder::Mdy));
        let mut e = Evidence::default();
        e.add(&raw([2019, 1, 1], [4, 2, 2]));
        assert_eq!(e.decided(), Some(DateOrder::Ymd));
        let mut e = Evidence::default();
        e.add(&raw([13, 1, 20], [2, 1, 2]));
        e.add(&raw([1, 13, 20], [2, 1, 2]));
        assert_eq!(e.decided(), None, "contradictory dates decide nothing");
    }

    #[test]
    fn impossible_dates_are_none() {
        assert_eq!(
            date_of(&raw([31, 2, 2020], [2, 1, 4]), DateOrder::Dmy),
            None
        );
        assert_eq!(date_of(&raw([13, 3, 22], [2, 1, 2]), DateOrder::Mdy), None);
        assert_eq!(
            date_of(&raw([29, 2, 2020], [2, 1, 4]), DateOrder::Dmy),
            NaiveDate::from_ymd_opt(2020, 2, 29)
        );
    }

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn dst_gap_moves_forward_and_overlap_takes_earlier() {
        let mut c = Clock::new(chrono_tz::Europe::Berlin);
        let t = c.instant(local("2024-03-31 02:30:00")).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-03-31T03:30:00+02:00");
        let t = c.instant(local("2024-10-27 02:30:00")).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-10-27T02:30:00+02:00");
        let t = c.instant(local("2024-07-01 12:00:00")).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-07-01T12:00:00+02:00");
        // Cached hour, then the next: still right.
        let t = c.instant(local("2024-07-01 12:59:59")).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-07-01T12:59:59+02:00");
        let t = c.instant(local("2024-01-01 00:00:00")).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-01-01T00:00:00+01:00");
        let mut u = Clock::new(Tz::UTC);
        assert_eq!(
            u.instant(local("2024-03-31 02:30:00"))
                .unwrap()
                .to_rfc3339(),
            "2024-03-31T02:30:00+00:00"
        );
    }
}
