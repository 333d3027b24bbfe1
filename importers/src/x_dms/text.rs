//! Small pure conversions for X DMs: reaction keys to emoji, `createdAt`
//! to a [`Timestamp`], and t.co link expansion.

use super::raw::RawUrl;
use crate::ImportOptions;
use crate::meta::read::at_millis;
use chrono::DateTime;
use ferry_model::Timestamp;

/// The emoji for a reaction key; unknown keys are kept as they are.
pub fn reaction_emoji(key: &str) -> &str {
    match key {
        "like" | "heart" => "❤️",
        "funny" | "laugh" => "😂",
        "surprised" | "wow" => "😲",
        "sad" | "cry" => "😢",
        "angry" => "😠",
        "agree" | "thumbs_up" => "👍",
        "disagree" | "thumbs_down" => "👎",
        "hot" | "excited" | "fire" => "🔥",
        other => other,
    }
}

/// Parses `createdAt` (ISO 8601 with offset, usually `Z`) into the zone.
pub fn parse_time(s: &str, options: &ImportOptions) -> Option<Timestamp> {
    let t = DateTime::parse_from_rfc3339(s.trim()).ok()?;
    at_millis(t.timestamp_millis(), options.tz)
}

/// The text with t.co links expanded (see the module documentation).
pub fn expand_text(text: String, urls: &[RawUrl<'_>]) -> String {
    let mut out = text;
    let before = out.len();
    for u in urls {
        let (Some(url), Some(expanded)) = (u.url.as_deref(), u.expanded.as_deref()) else {
            continue;
        };
        if url.is_empty() || !out.contains(url) {
            continue;
        }
        let with = if expanded.contains("/messages/media/") {
            ""
        } else {
            expanded
        };
        out = out.replace(url, with);
    }
    if out.len() != before {
        out.truncate(out.trim_end().len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reaction_table() {
        for (key, want) in [
            ("like", "❤️"),
            ("funny", "😂"),
            ("surprised", "😲"),
            ("sad", "😢"),
            ("agree", "👍"),
            ("disagree", "👎"),
            ("hot", "🔥"),
            ("excited", "🔥"),
            ("🙏", "🙏"),
            ("brandnew", "brandnew"),
        ] {
            assert_eq!(reaction_emoji(key), want, "{key}");
        }
    }

    #[test]
    fn time_table() {
        let berlin = ImportOptions {
            tz: "Europe/Berlin".parse().unwrap(),
            ..ImportOptions::default()
        };
        let t = |s: &str| parse_time(s, &berlin).map(|t| t.to_rfc3339());
        assert_eq!(
            t("2024-03-06T18:02:11.120Z").as_deref(),
            Some("2024-03-06T19:02:11.120+01:00")
        );
        assert_eq!(
            t("2024-07-01T00:00:00+02:00").as_deref(),
            Some("2024-07-01T00:00:00+02:00")
        );
        assert_eq!(
            t(" 2024-03-06T18:02:11Z ").as_deref(),
            Some("2024-03-06T19:02:11+01:00")
        );
        assert_eq!(t("Tue Mar 05 14:02:11 +0000 2024"), None);
        assert_eq!(t(""), None);
    }

    #[test]
    fn expand_table() {
        let url = |u: &'static str, e: &'static str| RawUrl {
            url: Some(u.into()),
            expanded: Some(e.into()),
        };
        let cases: &[(&str, &str, Vec<RawUrl<'_>>, &str)] = &[
            ("no_urls", "hi https://t.co/x", vec![], "hi https://t.co/x"),
            (
                "expanded",
                "see https://t.co/a now",
                vec![url("https://t.co/a", "https://example.org/a")],
                "see https://example.org/a now",
            ),
            (
                "media_link_removed",
                "map https://t.co/m",
                vec![url(
                    "https://t.co/m",
                    "https://twitter.com/messages/media/1",
                )],
                "map",
            ),
            (
                "two_links",
                "https://t.co/a https://t.co/b",
                vec![url("https://t.co/a", "A"), url("https://t.co/b", "B")],
                "A B",
            ),
            (
                "url_not_in_text",
                "plain",
                vec![url("https://t.co/zz", "Z")],
                "plain",
            ),
            ("empty_url_ignored", "keep", vec![url("", "X")], "keep"),
        ];
        for (name, text, urls, want) in cases {
            assert_eq!(expand_text((*text).to_owned(), urls), *want, "{name}");
        }
    }
}
