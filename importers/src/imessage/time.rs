//! Apple's timestamps: seconds or nanoseconds since 2001-01-01 00:00 UTC.
//!
//! Databases before macOS 10.13 store seconds; newer ones nanoseconds.
//! A value above 10^11 cannot be seconds (that would be year 5170), so it
//! is read as nanoseconds. `0` means "not set".

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use ferry_model::Timestamp;

/// Seconds between the Unix epoch and 2001-01-01 00:00:00 UTC.
pub const APPLE_EPOCH: i64 = 978_307_200;
const NANOS_THRESHOLD: i64 = 100_000_000_000;

/// The instant of an Apple date column, shown in the offset `tz` had then.
/// `None` for `0` (unset) and for values out of range.
pub fn apple_time(value: i64, tz: Tz) -> Option<Timestamp> {
    if value == 0 {
        return None;
    }
    let (secs, nanos) = if value.checked_abs()? > NANOS_THRESHOLD {
        (
            value.div_euclid(1_000_000_000),
            value.rem_euclid(1_000_000_000),
        )
    } else {
        (value, 0)
    };
    let unix = secs.checked_add(APPLE_EPOCH)?;
    let utc = DateTime::<Utc>::from_timestamp(unix, u32::try_from(nanos).ok()?)?;
    let offset = tz.offset_from_utc_datetime(&utc.naive_utc()).fix();
    Some(Timestamp(utc.with_timezone(&offset)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apple_time_variants() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        for (name, value, tz, expected) in [
            (
                "nanoseconds",
                721_692_800_000_000_000,
                Tz::UTC,
                Some("2023-11-14T22:13:20+00:00"),
            ),
            (
                "seconds",
                721_692_800,
                Tz::UTC,
                Some("2023-11-14T22:13:20+00:00"),
            ),
            (
                "nanos keep sub-second",
                721_692_800_123_000_000,
                Tz::UTC,
                Some("2023-11-14T22:13:20.123+00:00"),
            ),
            (
                "winter offset",
                721_692_800,
                berlin,
                Some("2023-11-14T23:13:20+01:00"),
            ),
            (
                "summer offset",
                709_977_600,
                berlin,
                Some("2023-07-02T10:00:00+02:00"),
            ),
            ("epoch itself is unset", 0, Tz::UTC, None),
            (
                "before 2001",
                -31_622_400,
                Tz::UTC,
                Some("2000-01-01T00:00:00+00:00"),
            ),
            ("i64::MIN", i64::MIN, Tz::UTC, None),
            (
                "i64::MAX nanos",
                i64::MAX,
                Tz::UTC,
                Some("2293-04-11T23:47:16.854775807+00:00"),
            ),
        ] {
            assert_eq!(
                apple_time(value, tz).map(|t| t.to_rfc3339()).as_deref(),
                expected,
                "{name}"
            );
        }
    }
}
