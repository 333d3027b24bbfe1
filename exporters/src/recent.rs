//! A bounded cache of the latest messages of a chat, so writers can show a
//! reply's target (its sender, an excerpt, the page it is on) without keeping
//! the whole chat in memory. Replies to older messages fall back to a
//! message-id reference.
//!
//! It is a ring of reusable slots plus an id -> slot index, so remembering a
//! message allocates nothing once the ring is full.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// How many recent messages are remembered per chat.
pub(crate) const DEFAULT_CAPACITY: usize = 5_000;

/// Longest excerpt kept, in characters.
const EXCERPT_CHARS: usize = 80;

/// What is remembered about a message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Recent {
    id: i64,
    pub sender: Option<String>,
    pub excerpt: String,
    /// Writer-defined location (HTML page number, ...).
    pub page: u64,
}

/// Hashes message ids (already well spread) with one multiplication.
#[derive(Debug, Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn write_i64(&mut self, n: i64) {
        self.0 = (n as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
    }
}

#[derive(Debug)]
pub(crate) struct RecentCache {
    cap: usize,
    slots: Vec<Recent>,
    next: usize,
    index: HashMap<i64, usize, BuildHasherDefault<IdHasher>>,
}

impl RecentCache {
    pub fn new(cap: usize) -> Self {
        RecentCache {
            cap: cap.max(1),
            slots: Vec::new(),
            next: 0,
            index: HashMap::default(),
        }
    }

    pub fn clear(&mut self) {
        self.slots.clear();
        self.next = 0;
        self.index.clear();
    }

    pub fn get(&self, id: i64) -> Option<&Recent> {
        let slot = self.slots.get(*self.index.get(&id)?)?;
        (slot.id == id).then_some(slot)
    }

    /// Remembers a message, forgetting the oldest beyond capacity.
    pub fn put(&mut self, id: i64, sender: Option<&str>, text: &str, page: u64) {
        let i = self.next;
        self.next = (self.next + 1) % self.cap;
        if i >= self.slots.len() {
            self.slots.push(Recent::default());
        } else if let Some(old) = self.slots.get(i)
            && self.index.get(&old.id) == Some(&i)
        {
            self.index.remove(&old.id);
        }
        let Some(slot) = self.slots.get_mut(i) else {
            return;
        };
        slot.id = id;
        slot.page = page;
        match (sender, slot.sender.as_mut()) {
            (Some(s), Some(kept)) => {
                kept.clear();
                kept.push_str(s);
            }
            (Some(s), None) => slot.sender = Some(s.to_owned()),
            (None, _) => slot.sender = None,
        }
        slot.excerpt.clear();
        excerpt_into(&mut slot.excerpt, text);
        self.index.insert(id, i);
    }
}

/// The first line of a text, cut to [`EXCERPT_CHARS`] characters, with `…`
/// when anything was cut.
pub(crate) fn excerpt_into(out: &mut String, text: &str) {
    let (line, more_lines) = match text.find('\n') {
        Some(nl) => (&text[..nl], true),
        None => (text, false),
    };
    let line = line.strip_suffix('\r').unwrap_or(line);
    let cut = if line.len() <= EXCERPT_CHARS {
        None
    } else if line
        .as_bytes()
        .get(..EXCERPT_CHARS)
        .is_some_and(<[u8]>::is_ascii)
    {
        // As many characters as bytes, and more follow.
        Some(EXCERPT_CHARS)
    } else {
        line.char_indices().nth(EXCERPT_CHARS).map(|(at, _)| at)
    };
    match cut {
        Some(at) => out.push_str(&line[..at]),
        None => out.push_str(line),
    }
    if cut.is_some() || more_lines {
        out.push('…');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt(text: &str) -> String {
        let mut s = String::new();
        excerpt_into(&mut s, text);
        s
    }

    #[test]
    fn forgets_the_oldest_beyond_capacity() {
        let mut c = RecentCache::new(2);
        c.put(1, None, "a", 0);
        c.put(2, Some("Ann"), "b", 0);
        c.put(3, None, "c", 7);
        assert!(c.get(1).is_none());
        assert_eq!(c.get(2).and_then(|r| r.sender.as_deref()), Some("Ann"));
        assert_eq!(
            c.get(3).map(|r| (r.excerpt.as_str(), r.page)),
            Some(("c", 7))
        );
        assert_eq!(c.index.len(), 2);
        c.clear();
        assert!(c.get(3).is_none());
    }

    #[test]
    fn a_repeated_id_keeps_its_latest_value() {
        let mut c = RecentCache::new(2);
        c.put(1, None, "old", 0);
        c.put(1, None, "new", 0);
        assert_eq!(c.get(1).map(|r| r.excerpt.as_str()), Some("new"));
        // Reusing the slot that held the stale copy must not forget the live one.
        c.put(2, None, "x", 0);
        assert_eq!(c.get(1).map(|r| r.excerpt.as_str()), Some("new"));
        assert_eq!(c.get(2).map(|r| r.excerpt.as_str()), Some("x"));
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt("hello\nworld"), "hello…");
        assert_eq!(excerpt("crlf\r\nx"), "crlf…");
        assert_eq!(excerpt("short"), "short");
        assert_eq!(excerpt(&"é".repeat(100)).chars().count(), 81);
        assert_eq!(excerpt(&"é".repeat(50)), "é".repeat(50));
        assert_eq!(excerpt(""), "");
    }

    #[test]
    fn excerpts_cut_ascii_and_mixed_lines_at_the_same_character() {
        let x = |n: usize| "x".repeat(n);
        for (text, want) in [
            (x(80), x(80)),
            (x(81), x(80) + "…"),
            (x(79) + "é", x(79) + "é"),
            (x(79) + "éy", x(79) + "é…"),
            (x(80) + "é", x(80) + "…"),
            (x(81) + "\nmore", x(80) + "…"),
            ("é".repeat(81), "é".repeat(80) + "…"),
        ] {
            assert_eq!(excerpt(&text), want, "{text:?}");
            let by_chars: String = text.lines().next().unwrap_or("").chars().take(80).collect();
            assert!(want.starts_with(&by_chars), "{text:?}");
        }
    }

    #[test]
    fn ids_in_order_and_scattered_ids_are_all_found() {
        let mut c = RecentCache::new(1000);
        let ids: Vec<i64> = (0..3000)
            .map(|i: i64| if i % 7 == 0 { i * 1_000_003 } else { i })
            .chain([i64::MIN, i64::MAX, -1, 1 << 57, (1 << 57) + 1])
            .collect();
        for &id in &ids {
            c.put(id, None, &id.to_string(), 0);
        }
        for (age, &id) in ids.iter().rev().enumerate() {
            let found = c.get(id).map(|r| r.excerpt.clone());
            if age < 1000 {
                assert_eq!(found, Some(id.to_string()), "{id}");
            } else if !ids[ids.len() - 1000..].contains(&id) {
                assert_eq!(found, None, "{id}");
            }
        }
        assert_eq!(c.index.len(), 1000);
    }
}
