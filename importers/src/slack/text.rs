//! Slack's message markup ("mrkdwn") to plain text, and reaction names to
//! emoji.
//!
//! In `text`, Slack writes mentions and links in angle brackets and
//! escapes `&`, `<`, `>` as HTML entities:
//! - `<@U123>` → `@Name` (the user's display name; `@U123` when unknown),
//!   `<@U123|alice>` → `@alice`;
//! - `<#C123|general>` → `#general`, `<#C123>` → `#<channel name>`;
//! - `<!here>`, `<!channel>`, `<!everyone>` → `@here`...,
//!   `<!subteam^S1|@team>` → `@team`, `<!date^...|fallback>` → fallback;
//! - `<https://x|label>` → `label (https://x)`, `<https://x>` → `https://x`;
//! - `&amp;` `&lt;` `&gt;` → `&` `<` `>`.
//!
//! Bold/italic markers (`*`, `_`, `~`) and `:shortcode:` emoji in text are
//! kept as written.

use std::collections::HashMap;

/// Renders `raw` with names from `user_name` and `channel_name`.
pub fn render(
    raw: &str,
    user_name: &dyn Fn(&str) -> Option<String>,
    channel_name: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(open) = rest.find('<') {
        out.push_str(&unescape(&rest[..open]));
        let after = &rest[open + 1..];
        let Some(close) = after.find('>') else {
            out.push_str(&unescape(&rest[open..]));
            return out;
        };
        out.push_str(&token(&after[..close], user_name, channel_name));
        rest = &after[close + 1..];
    }
    out.push_str(&unescape(rest));
    out
}

fn token(
    inner: &str,
    user_name: &dyn Fn(&str) -> Option<String>,
    channel_name: &dyn Fn(&str) -> Option<String>,
) -> String {
    let (target, label) = match inner.split_once('|') {
        Some((t, l)) => (t, Some(unescape(l))),
        None => (inner, None),
    };
    if let Some(id) = target.strip_prefix('@') {
        let name = label
            .filter(|l| !l.is_empty())
            .or_else(|| user_name(id))
            .unwrap_or_else(|| id.to_owned());
        return format!("@{}", name.trim_start_matches('@'));
    }
    if let Some(id) = target.strip_prefix('#') {
        let name = label
            .filter(|l| !l.is_empty())
            .or_else(|| channel_name(id))
            .unwrap_or_else(|| id.to_owned());
        return format!("#{name}");
    }
    if let Some(special) = target.strip_prefix('!') {
        if let Some(l) = label.filter(|l| !l.is_empty()) {
            return l;
        }
        let word = special.split('^').next().unwrap_or(special);
        return format!("@{word}");
    }
    let url = unescape(target);
    match label {
        Some(l) if !l.is_empty() && l != url && url.strip_prefix("mailto:") != Some(l.as_str()) => {
            format!("{l} ({url})")
        }
        Some(l) if !l.is_empty() => l,
        _ => url
            .strip_prefix("mailto:")
            .map_or(url.clone(), str::to_owned),
    }
}

/// Undoes Slack's three HTML entities.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The emoji for a reaction name such as `+1` or `heart::skin-tone-3`;
/// names without a known emoji (custom workspace emoji) stay `:name:`.
pub fn reaction_emoji(name: &str) -> String {
    let (base, tone) = match name.split_once("::skin-tone-") {
        Some((b, t)) => (b, t.parse::<u32>().ok()),
        None => (name, None),
    };
    let Some(emoji) = shortcodes().get(base) else {
        return format!(":{name}:");
    };
    let mut s = (*emoji).to_owned();
    // Skin tones 2-6 are the modifiers U+1F3FB..U+1F3FF.
    if let Some(c) = tone
        .filter(|t| (2..=6).contains(t))
        .and_then(|t| char::from_u32(0x1F3FB + t - 2))
    {
        s = s.trim_end_matches('\u{fe0f}').to_owned();
        s.push(c);
    }
    s
}

fn shortcodes() -> &'static HashMap<&'static str, &'static str> {
    static MAP: std::sync::OnceLock<HashMap<&'static str, &'static str>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        [
            ("+1", "👍"),
            ("thumbsup", "👍"),
            ("-1", "👎"),
            ("thumbsdown", "👎"),
            ("heart", "❤️"),
            ("joy", "😂"),
            ("laughing", "😆"),
            ("smile", "😄"),
            ("slightly_smiling_face", "🙂"),
            ("grinning", "😀"),
            ("wink", "😉"),
            ("sweat_smile", "😅"),
            ("rolling_on_the_floor_laughing", "🤣"),
            ("heart_eyes", "😍"),
            ("thinking_face", "🤔"),
            ("cry", "😢"),
            ("sob", "😭"),
            ("open_mouth", "😮"),
            ("scream", "😱"),
            ("rage", "😡"),
            ("tada", "🎉"),
            ("fire", "🔥"),
            ("eyes", "👀"),
            ("pray", "🙏"),
            ("clap", "👏"),
            ("raised_hands", "🙌"),
            ("muscle", "💪"),
            ("wave", "👋"),
            ("ok_hand", "👌"),
            ("100", "💯"),
            ("rocket", "🚀"),
            ("white_check_mark", "✅"),
            ("heavy_check_mark", "✔️"),
            ("x", "❌"),
            ("warning", "⚠️"),
            ("star", "⭐"),
            ("sparkles", "✨"),
            ("bulb", "💡"),
            ("point_up", "☝️"),
            ("exclamation", "❗"),
            ("question", "❓"),
            ("bangbang", "‼️"),
            ("pizza", "🍕"),
            ("coffee", "☕"),
            ("beers", "🍻"),
        ]
        .into_iter()
        .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn users(id: &str) -> Option<String> {
        (id == "U1").then(|| "Alice Example".to_owned())
    }

    fn channels(id: &str) -> Option<String> {
        (id == "C1").then(|| "general".to_owned())
    }

    #[test]
    fn render_variants() {
        for (name, raw, expected) in [
            ("plain", "hello", "hello"),
            ("mention", "hi <@U1>!", "hi @Alice Example!"),
            ("unknown mention", "hi <@U9>", "hi @U9"),
            ("labelled mention", "hi <@U9|bob>", "hi @bob"),
            ("channel", "see <#C1>", "see #general"),
            ("labelled channel", "see <#C2|random>", "see #random"),
            ("here", "<!here> lunch", "@here lunch"),
            ("subteam", "<!subteam^S1|@devs> ping", "@devs ping"),
            ("link", "<https://x.org>", "https://x.org"),
            (
                "labelled link",
                "<https://x.org|docs>",
                "docs (https://x.org)",
            ),
            ("mailto", "<mailto:a@b.c|a@b.c>", "a@b.c"),
            ("entities", "a &amp; b &lt;3 &gt;", "a & b <3 >"),
            ("double escape kept once", "&amp;lt;", "&lt;"),
            ("unclosed", "a <b", "a <b"),
            (
                "link with entity",
                "<https://x.org/?a=1&amp;b=2>",
                "https://x.org/?a=1&b=2",
            ),
        ] {
            assert_eq!(render(raw, &users, &channels), expected, "{name}");
        }
    }

    #[test]
    fn reaction_emoji_variants() {
        for (name, raw, expected) in [
            ("thumbs", "+1", "👍"),
            ("heart", "heart", "❤️"),
            ("skin tone", "+1::skin-tone-3", "👍🏼"),
            ("heart with tone", "heart::skin-tone-3", "❤🏼"),
            ("custom", "partyparrot", ":partyparrot:"),
            ("bad tone", "+1::skin-tone-9", "👍"),
        ] {
            assert_eq!(reaction_emoji(raw), expected, "{name}");
        }
    }
}
