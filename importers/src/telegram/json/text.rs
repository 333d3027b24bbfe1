//! The `text` field: a plain string, or an array of plain strings and
//! entity objects (`{"type": "bold", "text": "..."}`), flattened to plain
//! text while it is parsed (no intermediate tree).
//!
//! Flattening rule: the runs are concatenated in order. A `text_link`
//! whose visible text differs from its target keeps the target after it in
//! parentheses (`click here (https://example.org/)`), so the link is not
//! lost; every other entity keeps only its visible text.

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// Message text, flattened.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> de::Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor).map(Text)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or an array of text parts")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<String, A::Error> {
        let mut out = String::new();
        while seq.next_element_seed(PartSeed(&mut out))?.is_some() {}
        Ok(out)
    }
}

/// Appends one element of a text array to the buffer.
struct PartSeed<'a>(&'a mut String);

impl<'de> de::DeserializeSeed<'de> for PartSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PartSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or a text entity object")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<(), E> {
        self.0.push_str(v);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut ty: Option<String> = None;
        let mut text: Option<String> = None;
        let mut href: Option<String> = None;
        while let Some(key) = map.next_key::<EntityKey>()? {
            match key {
                EntityKey::Type => ty = map.next_value::<Option<String>>()?,
                EntityKey::Text => {
                    text = Some(map.next_value::<super::raw::Lenient<'_>>()?.0.into_owned())
                }
                EntityKey::Href => href = map.next_value::<Option<String>>()?,
                EntityKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let text = text.unwrap_or_default();
        self.0.push_str(&text);
        if ty.as_deref() == Some("text_link")
            && let Some(href) = href.filter(|h| !h.is_empty() && h.trim() != text.trim())
        {
            self.0.push_str(" (");
            self.0.push_str(&href);
            self.0.push(')');
        }
        Ok(())
    }
}

enum EntityKey {
    Type,
    Text,
    Href,
    Other,
}

impl<'de> de::Deserialize<'de> for EntityKey {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = EntityKey;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an entity key")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EntityKey, E> {
                Ok(match v {
                    "type" => EntityKey::Type,
                    "text" => EntityKey::Text,
                    "href" => EntityKey::Href,
                    _ => EntityKey::Other,
                })
            }
        }
        d.deserialize_identifier(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(json: &str) -> String {
        serde_json::from_str::<Text>(json).unwrap().0
    }

    #[test]
    fn table_of_text_shapes() {
        for (name, json, want) in [
            ("plain string", r#""hello""#, "hello"),
            ("empty string", r#""""#, ""),
            ("null", "null", ""),
            ("array of strings", r#"["a", "b"]"#, "ab"),
            (
                "entities and strings",
                r#"[{"type":"bold","text":"bold"}," ",{"type":"italic","text":"it"}]"#,
                "bold it",
            ),
            (
                "text_link keeps its target",
                r#"[{"type":"text_link","text":"click here","href":"https://example.org/"}]"#,
                "click here (https://example.org/)",
            ),
            (
                "text_link equal to its target",
                r#"[{"type":"text_link","text":"https://e.org","href":"https://e.org"}]"#,
                "https://e.org",
            ),
            (
                "mention_name keeps visible text",
                r#"[{"type":"mention_name","text":"Bob","user_id":1}]"#,
                "Bob",
            ),
            ("entity without text", r#"[{"type":"bold"}]"#, ""),
            ("numeric text", r#"[{"type":"plain","text":12}]"#, "12"),
        ] {
            assert_eq!(flat(json), want, "{name}");
        }
    }

    #[test]
    fn wrong_types_are_errors_not_panics() {
        for bad in ["12", "true", "{}", "[1]", "[[\"a\"]]"] {
            assert!(serde_json::from_str::<Text>(bad).is_err(), "{bad}");
        }
    }
}
