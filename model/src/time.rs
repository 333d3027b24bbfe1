//! Instants with the offset that applied where and when they happened.

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use serde::{Deserialize, Serialize};

/// An instant plus the UTC offset of the sender's clock at that instant.
///
/// Serialised as RFC 3339 with offset (`2024-03-01T09:15:00+01:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(transparent)]
pub struct Timestamp(pub DateTime<FixedOffset>);

impl Timestamp {
    /// From Unix seconds and an offset in seconds east of UTC. `None` when
    /// either is out of range.
    pub fn from_unix(secs: i64, offset_secs: i32) -> Option<Self> {
        Self::from_unix_millis(secs.checked_mul(1000)?, offset_secs)
    }

    /// From Unix milliseconds and an offset in seconds east of UTC.
    pub fn from_unix_millis(millis: i64, offset_secs: i32) -> Option<Self> {
        let offset = FixedOffset::east_opt(offset_secs)?;
        let utc = DateTime::<Utc>::from_timestamp_millis(millis)?;
        Some(Timestamp(utc.with_timezone(&offset)))
    }

    /// Milliseconds since the Unix epoch (UTC).
    pub fn unix_millis(&self) -> i64 {
        self.0.timestamp_millis()
    }

    /// The offset east of UTC, in seconds.
    pub fn offset_secs(&self) -> i32 {
        self.0.offset().local_minus_utc()
    }

    /// The same instant shown in another offset.
    pub fn with_offset(&self, offset: FixedOffset) -> Self {
        Timestamp(offset.from_utc_datetime(&self.0.naive_utc()))
    }

    /// RFC 3339 with offset, seconds always shown.
    pub fn to_rfc3339(&self) -> String {
        self.0.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_offset_it_was_given() {
        let t = Timestamp::from_unix(1_700_000_000, 3600).unwrap();
        assert_eq!(t.to_rfc3339(), "2023-11-14T23:13:20+01:00");
        assert_eq!(t.offset_secs(), 3600);
        assert_eq!(t.unix_millis(), 1_700_000_000_000);
    }

    #[test]
    fn out_of_range_offset_is_none() {
        assert!(Timestamp::from_unix(0, 24 * 3600).is_none());
    }

    #[test]
    fn serde_is_rfc3339() {
        let t = Timestamp::from_unix_millis(1_700_000_000_123, -5 * 3600).unwrap();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2023-11-14T17:13:20.123-05:00\"");
        let back: Timestamp = serde_json::from_str(&json).unwrap();
        assert_eq!(back, t);
    }
}
