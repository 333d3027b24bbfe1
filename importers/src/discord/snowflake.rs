//! Discord ids ("snowflakes"): 64-bit integers that exceed 2^53, so they
//! never go through `f64`.
//!
//! DiscordChatExporter writes them as JSON strings; the newer data package
//! writes message ids as bare JSON numbers. [`Snowflake`] accepts both and
//! keeps the decimal digits exactly; a number that only fits a float (a
//! fraction, an exponent, or beyond `u64`) is refused instead of rounded.

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

/// A Discord id as decimal text, exactly as the export wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Snowflake(pub String);

impl Snowflake {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the id is empty or Discord's "no id" (`0`).
    pub fn is_unset(&self) -> bool {
        self.0.is_empty() || self.0 == "0"
    }
}

impl<'de> de::Deserialize<'de> for Snowflake {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(SnowflakeVisitor)
    }
}

struct SnowflakeVisitor;

impl Visitor<'_> for SnowflakeVisitor {
    type Value = Snowflake;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Discord id (string or integer)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Snowflake, E> {
        Ok(Snowflake(v.trim().to_owned()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Snowflake, E> {
        Ok(Snowflake(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Snowflake, E> {
        Ok(Snowflake(v.to_string()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Snowflake, E> {
        Ok(Snowflake(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Snowflake, E> {
        Err(E::custom(format_args!(
            "id {v} is not an integer that fits 64 bits; refusing to round it"
        )))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Snowflake, E> {
        Ok(Snowflake::default())
    }
}

/// Deserialises an optional id where `null` and absence mean "none".
pub fn opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Snowflake>, D::Error> {
    let s: Option<Snowflake> = de::Deserialize::deserialize(d)?;
    Ok(s.filter(|s| !s.0.is_empty()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_beyond_2_pow_53_stay_exact() {
        // 2^53 + 1 is the first integer an f64 cannot hold.
        for (json, want) in [
            ("\"9007199254740993\"", "9007199254740993"),
            ("9007199254740993", "9007199254740993"),
            ("1234567890123456789", "1234567890123456789"),
            ("18446744073709551615", "18446744073709551615"),
            ("\" 42 \"", "42"),
            ("null", ""),
        ] {
            let s: Snowflake = serde_json::from_str(json).unwrap();
            assert_eq!(s.as_str(), want, "{json}");
        }
    }

    #[test]
    fn float_ids_are_refused_not_rounded() {
        for json in ["1.5", "1e20", "18446744073709551616"] {
            assert!(serde_json::from_str::<Snowflake>(json).is_err(), "{json}");
        }
    }
}
