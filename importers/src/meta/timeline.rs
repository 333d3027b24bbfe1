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
        if self.items.windows(2).all(|w| w[0].0 >= w[1].0) {
            // Newest first throughout (the usual case): reversing and the
            // stable sort would give back-to-front order, so pop instead of
            // moving every (large) item twice more.
            let mut result = Ok(());
            while let Some((_, item)) = self.items.pop() {
                result = emit(item);
                if result.is_err() {
                    break;
                }
            }
            self.items.clear();
            return result;
        }
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

    #[test]
    fn emit_error_empties_the_buffer_on_both_paths() {
        for keys in [[3, 2, 1], [1, 3, 2]] {
            let mut t = Timeline::new(10);
            for k in keys {
                t.push(k, k, &mut |_| Ok::<(), ()>(())).unwrap();
            }
            let mut seen = Vec::new();
            let r = t.flush(&mut |v| {
                seen.push(v);
                if seen.len() == 2 { Err("stop") } else { Ok(()) }
            });
            assert_eq!(r, Err("stop"), "{keys:?}");
            assert_eq!(seen, [1, 2], "{keys:?}");
            assert!(t.is_empty(), "{keys:?}");
        }
    }

    /// The in-order shortcut and the general reverse-and-sort path give
    /// the same order, equal keys included.
    #[test]
    fn shortcut_matches_reverse_then_stable_sort() {
        let cases: &[&[(i64, &str)]] = &[
            &[(5, "e"), (5, "d"), (4, "c"), (4, "b"), (1, "a")],
            &[(5, "e"), (6, "f"), (4, "c"), (4, "b"), (1, "a")],
            &[(2, "x")],
            &[],
        ];
        for input in cases {
            let mut want: Vec<(i64, &str)> = input.iter().rev().copied().collect();
            want.sort_by_key(|(k, _)| *k);
            let want: Vec<&str> = want.into_iter().map(|(_, s)| s).collect();
            assert_eq!(run(100, input), want, "{input:?}");
        }
    }
}
