//! One message object of `result.json` as the export writes it, before it
//! becomes a [`ferry_model::Message`] (see [`super::convert`]).
//!
//! Only the keys Ferry uses are kept; unknown keys are skipped, so newer
//! exports with new fields still load. Fields whose type changed between
//! Telegram versions accept every form seen (`from_id` as `"user123"` or
//! as a bare number; `date_unixtime` as a string or a number).

use super::text::Text;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use std::borrow::Cow;
use std::fmt;

/// A message, a service message or an unsupported placeholder. Strings
/// borrow from the read buffer where they have no escapes.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawMessage<'a> {
    pub id: Option<i64>,
    #[serde(rename = "type")]
    #[serde(borrow)]
    pub ty: Option<Str<'a>>,
    #[serde(borrow)]
    pub date: Option<Str<'a>>,
    #[serde(borrow)]
    pub date_unixtime: Option<Lenient<'a>>,
    #[serde(borrow)]
    pub edited: Option<Str<'a>>,
    #[serde(borrow)]
    pub edited_unixtime: Option<Lenient<'a>>,
    #[serde(borrow)]
    pub from: Option<Str<'a>>,
    #[serde(borrow)]
    pub from_id: Option<PeerId<'a>>,
    #[serde(borrow)]
    pub actor: Option<Str<'a>>,
    #[serde(borrow)]
    pub actor_id: Option<PeerId<'a>>,
    #[serde(borrow)]
    pub action: Option<Str<'a>>,
    #[serde(borrow)]
    pub title: Option<Str<'a>>,
    #[serde(borrow)]
    pub members: Option<Vec<Option<Str<'a>>>>,
    pub message_id: Option<i64>,
    pub duration_seconds: Option<i64>,
    pub duration: Option<i64>,
    #[serde(borrow)]
    pub discard_reason: Option<Str<'a>>,
    pub period: Option<i64>,
    #[serde(borrow)]
    pub inviter: Option<Str<'a>>,
    #[serde(borrow)]
    pub author: Option<Str<'a>>,
    #[serde(borrow, deserialize_with = "present")]
    pub forwarded_from: Option<Option<Str<'a>>>,
    #[serde(borrow)]
    pub saved_from: Option<Str<'a>>,
    pub reply_to_message_id: Option<i64>,
    #[serde(borrow)]
    pub reply_to_peer_id: Option<PeerId<'a>>,
    #[serde(borrow)]
    pub via_bot: Option<Str<'a>>,
    #[serde(borrow)]
    pub photo: Option<Str<'a>>,
    pub photo_file_size: Option<u64>,
    #[serde(borrow)]
    pub file: Option<Str<'a>>,
    #[serde(borrow)]
    pub file_name: Option<Str<'a>>,
    pub file_size: Option<u64>,
    #[serde(borrow)]
    pub media_type: Option<Str<'a>>,
    #[serde(borrow)]
    pub mime_type: Option<Str<'a>>,
    #[serde(borrow)]
    pub sticker_emoji: Option<Str<'a>>,
    #[serde(borrow)]
    pub performer: Option<Str<'a>>,
    pub contact_information: Option<ContactInfo>,
    #[serde(borrow)]
    pub contact_vcard: Option<Str<'a>>,
    pub contact_vcard_file_size: Option<u64>,
    pub location_information: Option<LocationInfo>,
    #[serde(borrow)]
    pub place_name: Option<Str<'a>>,
    #[serde(borrow)]
    pub address: Option<Str<'a>>,
    pub poll: Option<Poll>,
    pub text: Text,
    #[serde(borrow)]
    pub reactions: Option<Vec<RawReaction<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ContactInfo {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone_number: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LocationInfo {
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Poll {
    pub question: Text,
    pub closed: Option<bool>,
    pub total_voters: Option<u64>,
    pub answers: Vec<PollAnswer>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PollAnswer {
    pub text: Text,
    pub voters: Option<u64>,
    pub chosen: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawReaction<'a> {
    #[serde(rename = "type", borrow)]
    pub ty: Option<Str<'a>>,
    pub count: Option<u64>,
    #[serde(borrow)]
    pub emoji: Option<Str<'a>>,
    #[serde(borrow)]
    pub document_id: Option<Lenient<'a>>,
    #[serde(borrow)]
    pub recent: Option<Vec<RawReactor<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawReactor<'a> {
    #[serde(borrow)]
    pub from: Option<Str<'a>>,
    #[serde(borrow)]
    pub from_id: Option<PeerId<'a>>,
    #[serde(borrow)]
    pub date: Option<Str<'a>>,
    #[serde(borrow)]
    pub date_unixtime: Option<Lenient<'a>>,
}

/// `personal_information` of a full-account export.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PersonalInfo {
    pub user_id: Option<serde_json::Value>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone_number: Option<String>,
    pub username: Option<String>,
}

/// A JSON scalar as text (`123`, `"123"`); `None` for null, objects, arrays.
pub fn scalar_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A string that borrows from the input when it can.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Str<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A peer id as a participant key: `"user123"`, `"channel123"`, `"chat123"`;
/// bare numbers (exports before 2021) become `"user123"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerId<'a>(pub Cow<'a, str>);

impl PeerId<'_> {
    /// The numeric part (`"channel123"` -> `"123"`).
    pub fn number(&self) -> &str {
        self.0.trim_start_matches(|c: char| c.is_ascii_alphabetic())
    }
}

impl<'a> PeerId<'a> {
    /// The key for a peer id read as text (bare numbers are users).
    pub fn from_text(s: Cow<'a, str>) -> Self {
        if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            PeerId(Cow::Owned(format!("user{s}")))
        } else {
            PeerId(s)
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for PeerId<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Lenient::deserialize(d).map(|l| PeerId::from_text(l.0))
    }
}

/// A scalar read as text: strings as they are, numbers and booleans
/// printed, `null` empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lenient<'a>(pub Cow<'a, str>);

impl Lenient<'_> {
    pub fn as_i64(&self) -> Option<i64> {
        self.0.trim().parse().ok()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Lenient<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Lenient<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or a number")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Lenient<'de>, E> {
                Ok(Lenient(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Lenient<'de>, E> {
                Ok(Lenient(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Lenient<'de>, E> {
                Ok(Lenient(Cow::Owned(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Lenient<'de>, E> {
                Ok(Lenient(Cow::Owned(v.to_string())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Lenient<'de>, E> {
                Ok(Lenient(Cow::Owned(v.to_string())))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Lenient<'de>, E> {
                Ok(Lenient(Cow::Owned(v.to_string())))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Lenient<'de>, E> {
                Ok(Lenient(Cow::Owned(v.to_string())))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Lenient<'de>, E> {
                Ok(Lenient::default())
            }
        }
        d.deserialize_any(V)
    }
}

/// Tells "key absent" (`None`) from `"key": null` (`Some(None)`).
fn present<'de: 'a, 'a, D: Deserializer<'de>>(d: D) -> Result<Option<Option<Str<'a>>>, D::Error> {
    Option::<Str<'a>>::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peer_ids_of_every_era() {
        for (json, want) in [
            (r#""user123""#, "user123"),
            (r#""channel1292077344""#, "channel1292077344"),
            ("22222222", "user22222222"),
            (r#""44""#, "user44"),
        ] {
            assert_eq!(serde_json::from_str::<PeerId<'_>>(json).unwrap().0, want);
        }
        assert_eq!(PeerId(Cow::Borrowed("channel12")).number(), "12");
    }

    #[test]
    fn forwarded_from_null_differs_from_absent() {
        let m: RawMessage<'_> = serde_json::from_str(r#"{"forwarded_from": null}"#).unwrap();
        assert!(matches!(m.forwarded_from, Some(None)));
        let m: RawMessage<'_> = serde_json::from_str(r#"{}"#).unwrap();
        assert!(m.forwarded_from.is_none());
    }

    #[test]
    fn unixtime_as_string_or_number() {
        for json in [
            r#"{"date_unixtime": "1711587600"}"#,
            r#"{"date_unixtime": 1711587600}"#,
        ] {
            let m: RawMessage<'_> = serde_json::from_str(json).unwrap();
            assert_eq!(
                m.date_unixtime.and_then(|u| u.as_i64()),
                Some(1_711_587_600)
            );
        }
    }
}
