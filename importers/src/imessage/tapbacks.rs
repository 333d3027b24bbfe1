//! Tapbacks: reactions stored as rows of their own, folded into the
//! message they target.
//!
//! A tapback row has `associated_message_type` 2000-2006 (added: love,
//! like, dislike, laugh, emphasis, question, custom emoji) or 3000-3006
//! (the same removed), and `associated_message_guid` `p:<part>/<guid>` or
//! `bp:<guid>` naming the target. Tapback rows are few compared with
//! messages, so they are read first, in date order, into a map keyed by
//! target guid; each person keeps at most one tapback per message (a new
//! one replaces the old, a removal clears it), as in Messages itself.

use super::schema::{self, Handle, Schema};
use super::time::apple_time;
use chrono_tz::Tz;
use ferry_model::Reaction;
use rusqlite::Connection;
use std::collections::HashMap;

/// The target guid of an `associated_message_guid` value.
pub fn target_guid(associated: &str) -> &str {
    if let Some(rest) = associated.strip_prefix("p:") {
        return rest.split_once('/').map_or(rest, |(_, guid)| guid);
    }
    associated.strip_prefix("bp:").unwrap_or(associated)
}

/// The emoji of a classic tapback (type modulo 1000).
pub fn emoji(kind: i64) -> Option<&'static str> {
    Some(match kind {
        0 => "❤️",
        1 => "👍",
        2 => "👎",
        3 => "😂",
        4 => "‼️",
        5 => "❓",
        _ => return None,
    })
}

/// Whether an `associated_message_type` is a tapback add or removal.
pub fn is_tapback(kind: i64) -> bool {
    (2000..=2006).contains(&kind) || (3000..=3006).contains(&kind)
}

/// Final reactions per target guid.
pub fn load(
    conn: &Connection,
    schema: &Schema,
    handles: &HashMap<i64, Handle>,
    tz: Tz,
) -> rusqlite::Result<HashMap<String, Vec<Reaction>>> {
    let mut map: HashMap<String, Vec<Reaction>> = HashMap::new();
    if !schema.has("message", "associated_message_type")
        || !schema.has("message", "associated_message_guid")
    {
        return Ok(map);
    }
    let sql = format!(
        "SELECT m.associated_message_type, m.associated_message_guid, {from_me}, {handle}, \
         m.date, {emoji} FROM message m \
         WHERE m.associated_message_type BETWEEN 2000 AND 3999 \
         ORDER BY m.date, m.ROWID",
        from_me = schema.col("message", "m", "is_from_me"),
        handle = schema.col("message", "m", "handle_id"),
        emoji = schema.col("message", "m", "associated_message_emoji"),
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let kind = row.get::<_, Option<i64>>(0).ok().flatten().unwrap_or(0);
        if !is_tapback(kind) {
            continue;
        }
        let Some(associated) = row.get::<_, Option<String>>(1).ok().flatten() else {
            continue;
        };
        let from_me = row.get::<_, Option<i64>>(2).ok().flatten().unwrap_or(0) != 0;
        let handle = row.get::<_, Option<i64>>(3).ok().flatten().unwrap_or(0);
        let by = if from_me {
            Some(schema::ME.to_owned())
        } else {
            handles.get(&handle).map(|h| h.address.clone())
        };
        let at = row
            .get::<_, Option<i64>>(4)
            .ok()
            .flatten()
            .and_then(|d| apple_time(d, tz));
        let custom = row.get::<_, Option<String>>(5).ok().flatten();
        let reactions = map.entry(target_guid(&associated).to_owned()).or_default();
        // One tapback per person: any new one or a removal replaces theirs.
        reactions.retain(|r| r.by != by);
        if kind < 3000 {
            let emoji = match kind % 1000 {
                6 => custom.filter(|e| !e.is_empty()),
                k => emoji(k).map(str::to_owned),
            };
            if let Some(emoji) = emoji {
                reactions.push(Reaction { emoji, by, at });
            }
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_guid_variants() {
        for (name, value, expected) in [
            ("part 0", "p:0/AAAA-1", "AAAA-1"),
            ("part 2", "p:2/AAAA-1", "AAAA-1"),
            ("balloon", "bp:AAAA-1", "AAAA-1"),
            ("bare", "AAAA-1", "AAAA-1"),
            ("part without slash", "p:AAAA", "AAAA"),
        ] {
            assert_eq!(target_guid(value), expected, "{name}");
        }
    }

    #[test]
    fn tapback_kinds() {
        assert_eq!(emoji(0), Some("❤️"));
        assert_eq!(emoji(5), Some("❓"));
        assert_eq!(emoji(6), None);
        assert!(is_tapback(2000) && is_tapback(3005) && is_tapback(2006));
        assert!(!is_tapback(1000) && !is_tapback(0) && !is_tapback(2007));
    }
}
