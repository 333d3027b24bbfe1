//! Putting newest-first message lists into chronological order with bounded
//! memory.
//!
//! Meta and X write messages newest first. A [`Timeline`] collects items
//! with their time key and, when flushed, emits them oldest first (reversed,
//! then stably sorted by time, so equal times keep the export's relative
//! order read backwards). It holds at most `cap` items: when full it flushes
//! early, so a pathological file costs bounded memory at the price of
//! chunk-wise order (the library sorts by time anyway).

/// Default number of items held before an early flush. Meta splits threads
/// into files of about 10,000 messages, so real files never reach it.
pub const DEFAULT_CAP: usize = 200_000;

/// A bounded reorder buffer (see the module documentation).
#[derive(Debug)]
pub struct Timeline<T> {
    items: Vec<(i64, T)>,
    cap: usize,
}

impl<T> Timeline<T> {
    pub fn new(cap: usize) -> Self {
        Timeline {
            items: Vec::new(),
            cap: cap.max(1),
        }
    }

    /// Adds an item; flushes through `emit` first when the buffer is full.
    pub fn push<E>(
        &mut self,
        key: i64,
        item: T,
        emit: &mut dyn FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        if self.items.len() >= self.cap {
            self.flush(emit)?;
        }
        self.items.push((key, item));
        Ok(())
    }

    /// Emits everything held, oldest first.
    pub fn flush<E>(&mut self, emit: &mut dyn FnMut(T) -> Result<(), E>) -> Result<(), E> {
        self.items.reverse();
        self.items.sort_by_key(|(k, _)| *k);
        for (_, item) in self.items.drain(..) {
            emit(item)?;
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(cap: usize, input: &[(i64, &'static str)]) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut t = Timeline::new(cap);
        let mut emit = |s| -> Result<(), ()> {
            out.push(s);
            Ok(())
        };
        for (k, s) in input {
            t.push(*k, *s, &mut emit).unwrap();
        }
        t.flush(&mut emit).unwrap();
        out
    }

    #[test]
    fn newest_first_becomes_chronological() {
        assert_eq!(run(10, &[(3, "c"), (2, "b"), (1, "a")]), ["a", "b", "c"]);
    }

    #[test]
    fn equal_times_keep_reverse_export_order() {
        // The export lists the later of two same-millisecond messages first.
        assert_eq!(
            run(10, &[(2, "second"), (2, "first"), (1, "zero")]),
            ["zero", "first", "second"]
        );
    }

    #[test]
    fn out_of_order_entries_are_sorted() {
        assert_eq!(run(10, &[(1, "a"), (3, "c"), (2, "b")]), ["a", "b", "c"]);
    }

    #[test]
    fn full_buffer_flushes_in_chunks_and_loses_nothing() {
        let out = run(2, &[(5, "e"), (4, "d"), (3, "c"), (2, "b"), (1, "a")]);
        assert_eq!(out, ["d", "e", "b", "c", "a"]);
    }

    #[test]
    fn emit_error_stops() {
        let mut t = Timeline::new(10);
        t.push(1, 1, &mut |_| Ok::<(), ()>(())).unwrap();
        assert!(t.flush(&mut |_| Err::<(), &str>("stop")).is_err());
    }
}
