//! A bounded cache of the latest messages of a chat, so writers can show a
//! reply's target (its sender, an excerpt, the page it is on) without keeping
//! the whole chat in memory. Replies to older messages fall back to a
//! message-id reference.

use std::collections::{HashMap, VecDeque};

/// How many recent messages are remembered per chat.
pub(crate) const DEFAULT_CAPACITY: usize = 20_000;

/// Longest excerpt kept, in characters.
const EXCERPT_CHARS: usize = 80;

/// What is remembered about a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recent {
    pub sender: Option<String>,
    pub excerpt: String,
    /// Writer-defined location (HTML page number, exported id...).
    pub page: u64,
}

#[derive(Debug)]
pub(crate) struct RecentCache {
    cap: usize,
    map: HashMap<i64, Recent>,
    order: VecDeque<i64>,
}

impl RecentCache {
    pub fn new(cap: usize) -> Self {
        RecentCache {
            cap: cap.max(1),
            map: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    pub fn clear(&mut self) {
        self.map.clear();
        self.order.clear();
    }

    pub fn get(&self, id: i64) -> Option<&Recent> {
        self.map.get(&id)
    }

    /// Remembers a message, forgetting the oldest beyond capacity.
    pub fn put(&mut self, id: i64, sender: Option<String>, text: &str, page: u64) {
        if self.map.len() >= self.cap
            && let Some(old) = self.order.pop_front()
        {
            self.map.remove(&old);
        }
        let excerpt = excerpt(text);
        if self
            .map
            .insert(
                id,
                Recent {
                    sender,
                    excerpt,
                    page,
                },
            )
            .is_none()
        {
            self.order.push_back(id);
        }
    }
}

/// The first line of a text, cut to [`EXCERPT_CHARS`] characters with `…`.
pub(crate) fn excerpt(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut out: String = line.chars().take(EXCERPT_CHARS).collect();
    if out.len() < line.len() || text.lines().nth(1).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgets_the_oldest_beyond_capacity() {
        let mut c = RecentCache::new(2);
        c.put(1, None, "a", 0);
        c.put(2, None, "b", 0);
        c.put(3, None, "c", 0);
        assert!(c.get(1).is_none());
        assert_eq!(c.get(3).map(|r| r.excerpt.as_str()), Some("c"));
        assert_eq!(c.map.len(), 2);
    }

    #[test]
    fn excerpts_are_one_short_line() {
        assert_eq!(excerpt("hello\nworld"), "hello…");
        assert_eq!(excerpt("short"), "short");
        assert_eq!(excerpt(&"é".repeat(100)).chars().count(), 81);
        assert_eq!(excerpt(""), "");
    }
}
