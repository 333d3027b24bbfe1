//! Occurrence numbers for messages without a native id (see the dedup rule).

use std::collections::HashMap;

/// Counts earlier identical content tuples of one chat within an ingest.
///
/// Identical tuples share their `sent_at`, so while a chat's messages arrive
/// in chronological order only the tuples of the current instant are kept
/// (the map is cleared when time moves forward). Once a chat goes back in
/// time the map is never cleared again for that chat (exact, at 16 bytes per
/// distinct tuple). Both modes depend only on the input order, so importing
/// the same input again yields the same keys.
#[derive(Debug, Default)]
pub(crate) struct Occurrences {
    unordered: bool,
    current: Option<i64>,
    counts: HashMap<i64, u32, foldhash::fast::RandomState>,
}

impl Occurrences {
    /// The occurrence number of this tuple: how many identical ones came before.
    pub(crate) fn next(&mut self, sent_at: i64, content_key: i64) -> u32 {
        if !self.unordered {
            match self.current {
                Some(t) if sent_at < t => self.unordered = true,
                Some(t) if sent_at == t => {}
                _ => {
                    self.counts.clear();
                    self.current = Some(sent_at);
                }
            }
        }
        let n = self.counts.entry(content_key).or_insert(0);
        let occurrence = *n;
        *n = n.saturating_add(1);
        occurrence
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn occurrences_count_identical_tuples_at_one_instant() {
        let mut o = Occurrences::default();
        assert_eq!(o.next(10, 1), 0);
        assert_eq!(o.next(10, 1), 1);
        assert_eq!(o.next(10, 2), 0);
        assert_eq!(o.next(20, 1), 0);
        assert!(o.counts.len() == 1, "cleared when time moved on");
    }

    #[test]
    fn occurrences_stop_forgetting_once_time_goes_back() {
        let mut o = Occurrences::default();
        assert_eq!(o.next(20, 1), 0);
        assert_eq!(o.next(10, 2), 0);
        assert_eq!(o.next(30, 5), 0);
        assert_eq!(o.next(10, 2), 1);
        assert_eq!(o.next(20, 1), 1);
    }
}
