//! Fast printing of local times. Writers print a time for every message;
//! chrono's `format` parses its pattern on every call, so the hot paths use
//! these fixed layouts instead.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

/// The calendar fields of a local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Clock {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
    /// Offset east of UTC in seconds.
    pub offset: i32,
}

impl Clock {
    pub fn of(dt: &DateTime<FixedOffset>) -> Self {
        let n = dt.naive_local();
        Clock {
            year: n.year(),
            month: n.month(),
            day: n.day(),
            hour: n.hour(),
            minute: n.minute(),
            second: n.second(),
            offset: dt.offset().local_minus_utc(),
        }
    }

    /// `YYYY-MM-DD`.
    pub fn push_date(&self, out: &mut String) {
        push_year(out, self.year);
        out.push('-');
        push2(out, self.month);
        out.push('-');
        push2(out, self.day);
    }

    /// `HH:MM`.
    pub fn push_hm(&self, out: &mut String) {
        push2(out, self.hour);
        out.push(':');
        push2(out, self.minute);
    }

    /// `HH:MM:SS`.
    pub fn push_hms(&self, out: &mut String) {
        self.push_hm(out);
        out.push(':');
        push2(out, self.second);
    }

    /// `YYYY-MM-DDTHH:MM:SS+hh:mm` (RFC 3339, whole seconds).
    pub fn push_rfc3339(&self, out: &mut String) {
        self.push_date(out);
        out.push('T');
        self.push_hms(out);
        let off = self.offset;
        out.push(if off < 0 { '-' } else { '+' });
        let a = off.unsigned_abs();
        push2(out, a / 3600);
        out.push(':');
        push2(out, a % 3600 / 60);
    }

    /// RFC 3339 with milliseconds when the instant has any
    /// (`2024-01-02T03:04:05.678+01:00`), as [`ferry_model::Timestamp`]
    /// serialises millisecond instants.
    #[cfg(test)]
    pub fn rfc3339_of(dt: &DateTime<FixedOffset>) -> String {
        let mut out = String::with_capacity(29);
        Self::push_rfc3339_of(&mut out, dt);
        out
    }

    /// RFC 3339 with milliseconds when the instant has any
    /// (`2024-01-02T03:04:05.678+01:00`) appended to `out`, as
    /// [`ferry_model::Timestamp`] serialises millisecond instants.
    pub fn push_rfc3339_of(out: &mut String, dt: &DateTime<FixedOffset>) {
        let start = out.len();
        let c = Clock::of(dt);
        c.push_date(out);
        out.push('T');
        c.push_hms(out);
        let nanos = dt.timestamp_subsec_nanos();
        if nanos != 0 {
            let ms = nanos / 1_000_000;
            if ms * 1_000_000 == nanos {
                out.push('.');
                push2(out, ms / 10);
                out.push(char::from(b'0' + (ms % 10) as u8));
            } else {
                // Finer than milliseconds: let chrono print it exactly.
                out.truncate(start);
                out.push_str(&dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false));
                return;
            }
        }
        let off = c.offset;
        out.push(if off < 0 { '-' } else { '+' });
        let a = off.unsigned_abs();
        push2(out, a / 3600);
        out.push(':');
        push2(out, a % 3600 / 60);
    }

    /// `dd/mm/yyyy, HH:MM:SS` (WhatsApp iOS, en-GB).
    pub fn push_whatsapp(&self, out: &mut String) {
        push2(out, self.day);
        out.push('/');
        push2(out, self.month);
        out.push('/');
        push_year(out, self.year);
        out.push_str(", ");
        self.push_hms(out);
    }
}

fn push2(out: &mut String, v: u32) {
    let v = v % 100;
    out.push(char::from(b'0' + (v / 10) as u8));
    out.push(char::from(b'0' + (v % 10) as u8));
}

fn push_year(out: &mut String, y: i32) {
    if (0..=9999).contains(&y) {
        let y = y as u32;
        push2(out, y / 100);
        push2(out, y % 100);
    } else {
        out.push_str(&y.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn layouts_match_chrono() {
        for (offset, (y, mo, d, h, mi, s)) in [
            (3600, (2024, 1, 2, 3, 4, 5)),
            (-5 * 3600 - 1800, (1999, 12, 31, 23, 59, 59)),
            (0, (2000, 2, 29, 0, 0, 0)),
        ] {
            let dt = FixedOffset::east_opt(offset)
                .unwrap()
                .with_ymd_and_hms(y, mo, d, h, mi, s)
                .unwrap();
            let c = Clock::of(&dt);
            let mut out = String::new();
            c.push_rfc3339(&mut out);
            assert_eq!(out, dt.to_rfc3339());
            assert_eq!(Clock::rfc3339_of(&dt), dt.to_rfc3339());
            let ms = dt + chrono::Duration::milliseconds(7);
            assert_eq!(
                Clock::rfc3339_of(&ms),
                ms.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
            );
            out.clear();
            c.push_whatsapp(&mut out);
            assert_eq!(out, dt.format("%d/%m/%Y, %H:%M:%S").to_string());
            out.clear();
            c.push_date(&mut out);
            out.push(' ');
            c.push_hm(&mut out);
            assert_eq!(out, dt.format("%Y-%m-%d %H:%M").to_string());
        }
    }
}
