//! Timestamps as Discord exports write them.
//!
//! - DiscordChatExporter: ISO 8601 with the exporting machine's offset
//!   (`2024-05-01T09:00:00.123+02:00`, .NET round-trip `…00.1230000+02:00`
//!   in CSV). The offset is kept as written.
//! - Data package: UTC instants, `2021-03-01 12:00:00.123000+00:00` in the
//!   CSV layout and `2021-03-01 12:00:00` (no offset, still UTC) in the
//!   JSON layout. They are shown in the offset of [`ImportOptions::tz`] at
//!   that instant.

use crate::ImportOptions;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use ferry_model::Timestamp;

/// An ISO 8601 / RFC 3339 timestamp with offset, offset kept.
pub fn parse_iso(s: &str) -> Option<Timestamp> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .ok()
        .or_else(|| DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f%:z").ok())
        .map(Timestamp)
}

/// A data-package timestamp (UTC, with or without an explicit offset, `T`
/// or space between date and time), shown in the zone of `options`.
pub fn parse_package(s: &str, options: &ImportOptions) -> Option<Timestamp> {
    let s = s.trim();
    let utc: DateTime<Utc> = if let Some(naive) = plain_utc(s) {
        Utc.from_utc_datetime(&naive)
    } else if let Some(t) = parse_iso(s) {
        t.0.with_timezone(&Utc)
    } else if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f%:z") {
        t.with_timezone(&Utc)
    } else {
        let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f")
            .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f"))
            .ok()?;
        Utc.from_utc_datetime(&naive)
    };
    Some(in_zone(utc, options))
}

/// `YYYY-MM-DD hh:mm:ss` exactly, the JSON layout's form, read without
/// chrono's format parser (which was most of that importer's time); any
/// other form, or an impossible date or time, is left to the general path.
fn plain_utc(s: &str) -> Option<NaiveDateTime> {
    let b = s.as_bytes();
    let shape = b.len() == 19
        && b.get(4) == Some(&b'-')
        && b.get(7) == Some(&b'-')
        && b.get(10) == Some(&b' ')
        && b.get(13) == Some(&b':')
        && b.get(16) == Some(&b':');
    if !shape {
        return None;
    }
    let n = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |v, &d| {
            d.is_ascii_digit().then(|| v * 10 + u32::from(d - b'0'))
        })
    };
    let year = i32::try_from(n(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, n(5, 7)?, n(8, 10)?)?.and_hms_opt(
        n(11, 13)?,
        n(14, 16)?,
        n(17, 19)?,
    )
}

/// The instant shown in the offset `options.tz` had at that moment.
pub fn in_zone(utc: DateTime<Utc>, options: &ImportOptions) -> Timestamp {
    let offset: FixedOffset = options.tz.offset_from_utc_datetime(&utc.naive_utc()).fix();
    Timestamp(utc.with_timezone(&offset))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_variants() {
        let berlin = ImportOptions {
            tz: chrono_tz::Europe::Berlin,
            ..ImportOptions::default()
        };
        let utc = ImportOptions::default();
        for (input, opts, want) in [
            (
                "2021-03-01 12:00:00.123000+00:00",
                &utc,
                "2021-03-01T12:00:00.123+00:00",
            ),
            (
                "2021-03-02 08:30:00.5+00:00",
                &utc,
                "2021-03-02T08:30:00.500+00:00",
            ),
            ("2021-03-01 12:00:00", &utc, "2021-03-01T12:00:00+00:00"),
            ("2021-03-01 12:00:00", &berlin, "2021-03-01T13:00:00+01:00"),
            ("2021-07-01T12:00:00Z", &berlin, "2021-07-01T14:00:00+02:00"),
        ] {
            let t = parse_package(input, opts).unwrap();
            assert_eq!(t.to_rfc3339(), want, "{input}");
        }
    }

    #[test]
    fn the_plain_form_reads_as_chrono_reads_it() {
        for s in [
            "2021-03-01 12:00:00",
            "1999-12-31 23:59:59",
            "2024-02-29 00:00:00",
            "2023-02-29 00:00:00",
            "2021-13-01 00:00:00",
            "2021-03-01 24:00:00",
            "2021-03-01 23:59:60",
            "2021-3-01 12:00:00",
            "2021-03-01T12:00:00",
            "2021-03-01 12:00:0x",
            "+021-03-01 12:00:00",
            "2021-03-01 12:00:00.5",
        ] {
            let chrono = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").ok();
            if let Some(fast) = plain_utc(s) {
                assert_eq!(Some(fast), chrono, "{s}");
            }
            let opts = ImportOptions::default();
            let general = chrono
                .or_else(|| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").ok())
                .map(|n| in_zone(Utc.from_utc_datetime(&n), &opts));
            assert_eq!(parse_package(s, &opts), general, "{s}");
        }
        assert!(plain_utc("2021-03-01 12:00:00").is_some());
    }

    #[test]
    fn dce_offsets_are_kept() {
        let t = parse_iso("2024-05-01T09:00:00.1230000+02:00").unwrap();
        assert_eq!(t.to_rfc3339(), "2024-05-01T09:00:00.123+02:00");
        assert!(parse_iso("5/1/2024 9:00 AM").is_none());
        assert!(parse_iso("").is_none());
    }
}
