//! The `window.YTD.<name>.part<N> = [...]` wrapper of X archive files.
//!
//! Every `data/*.js` file of an X (Twitter) archive is one JavaScript
//! assignment of a JSON array. The global's name says what the file holds;
//! the JSON after the `=` is read by
//! [`parse_entry`](crate::meta::read::parse_entry) with
//! [`Prefix::Assignment`](crate::meta::read::Prefix::Assignment).

/// Which DM file a global names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DmKind {
    /// `direct_messages` (older archives: `direct_message`): one-to-one.
    Direct,
    /// `direct_messages_group` (`direct_message_group`).
    Group,
}

/// The global's name and part number from the first bytes of a file, e.g.
/// `("direct_messages", 0)`. `None` when the file does not start with a
/// `window.YTD.` assignment.
pub fn global(head: &[u8]) -> Option<(&str, u32)> {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = head.get(start..)?.strip_prefix(b"window.YTD.")?;
    let dot = rest.iter().position(|&b| b == b'.')?;
    let name = std::str::from_utf8(rest.get(..dot)?).ok()?;
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
        return None;
    }
    let rest = rest.get(dot + 1..)?.strip_prefix(b"part")?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let part = std::str::from_utf8(rest.get(..digits)?)
        .ok()?
        .parse()
        .ok()?;
    let after = rest.get(digits..)?;
    let eq = after.iter().position(|b| !b.is_ascii_whitespace())?;
    (after.get(eq) == Some(&b'=')).then_some((name, part))
}

/// The DM kind of a global name; headers files and others are `None`.
pub fn dm_kind(name: &str) -> Option<DmKind> {
    match name {
        "direct_messages" | "direct_message" => Some(DmKind::Direct),
        "direct_messages_group" | "direct_message_group" => Some(DmKind::Group),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_table() {
        type Case<'a> = (&'a str, &'a [u8], Option<(&'a str, u32)>);
        let cases: &[Case<'_>] = &[
            (
                "dm",
                b"window.YTD.direct_messages.part0 = [ {",
                Some(("direct_messages", 0)),
            ),
            (
                "group_part2",
                b"window.YTD.direct_messages_group.part2 = []",
                Some(("direct_messages_group", 2)),
            ),
            (
                "bom_and_space",
                b"\xEF\xBB\xBF  window.YTD.account.part0=[",
                Some(("account", 0)),
            ),
            ("no_equals", b"window.YTD.direct_messages.part0 [", None),
            ("no_part", b"window.YTD.direct_messages = [", None),
            ("thar", b"window.__THAR_CONFIG = {", None),
            ("json", b"[{\"dmConversation\":{}}]", None),
            ("truncated", b"window.YTD.direct_mess", None),
            ("empty", b"", None),
        ];
        for (name, head, want) in cases {
            assert_eq!(global(head), *want, "{name}");
        }
    }

    #[test]
    fn kinds() {
        assert_eq!(dm_kind("direct_messages"), Some(DmKind::Direct));
        assert_eq!(dm_kind("direct_message_group"), Some(DmKind::Group));
        assert_eq!(dm_kind("direct_message_headers"), None);
        assert_eq!(dm_kind("direct_message_group_headers"), None);
        assert_eq!(dm_kind("tweets"), None);
    }
}
