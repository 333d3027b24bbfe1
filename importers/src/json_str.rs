//! [`JsonStr`]: a JSON string field that borrows from the bytes being
//! parsed when the string has no escapes, and owns a copy only when it does.
//!
//! serde's own `Cow<str>` borrows only as a bare field: inside an `Option`
//! or a `Vec` it always allocates. Streaming importers parse one message at
//! a time from a buffer, so most of their strings can be borrowed.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

/// A string borrowed from the input where possible.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct JsonStr<'a>(pub Cow<'a, str>);

impl JsonStr<'_> {
    /// The text as an owned `String` (copies only when borrowed).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'a> From<&'a str> for JsonStr<'a> {
    fn from(s: &'a str) -> Self {
        JsonStr(Cow::Borrowed(s))
    }
}

impl std::ops::Deref for JsonStr<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for JsonStr<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = JsonStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<JsonStr<'de>, E> {
                Ok(JsonStr(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<JsonStr<'de>, E> {
                Ok(JsonStr(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<JsonStr<'de>, E> {
                Ok(JsonStr(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borrows_plain_strings_and_owns_escaped_ones() {
        let json = r#"{"a": "plain", "b": "esc\"aped", "c": null, "d": ["x", "y\n"]}"#;
        #[derive(serde::Deserialize)]
        struct T<'a> {
            #[serde(borrow)]
            a: Option<JsonStr<'a>>,
            #[serde(borrow)]
            b: Option<JsonStr<'a>>,
            #[serde(borrow)]
            c: Option<JsonStr<'a>>,
            #[serde(borrow)]
            d: Vec<JsonStr<'a>>,
        }
        let t: T<'_> = serde_json::from_str(json).unwrap();
        assert!(matches!(
            t.a.as_ref().map(|s| &s.0),
            Some(Cow::Borrowed("plain"))
        ));
        assert!(matches!(t.b.as_ref().map(|s| &s.0), Some(Cow::Owned(s)) if s == "esc\"aped"));
        assert!(t.c.is_none());
        assert!(matches!(
            t.d.first().map(|s| &s.0),
            Some(Cow::Borrowed("x"))
        ));
        assert_eq!(t.d.get(1).map(|s| &**s), Some("y\n"));
        assert!(serde_json::from_str::<JsonStr<'_>>("12").is_err());
    }

    #[test]
    fn serde_cow_inside_option_does_not_borrow() {
        // Why this type exists: the derive borrows only bare `Cow` fields.
        #[derive(serde::Deserialize)]
        struct T<'a> {
            #[serde(borrow)]
            a: Option<Cow<'a, str>>,
        }
        let t: T<'_> = serde_json::from_str(r#"{"a": "plain"}"#).unwrap();
        assert!(matches!(t.a, Some(Cow::Owned(_))));
    }
}
