//! Finding the phone's own number, which group MMS list among their
//! addresses but the export never names as such.
//!
//! A quick pass over the MMS (attributes of `<mms>` and `<addr>` only):
//! - recipients (`type` 151/130/129) of *received* MMS are candidates;
//! - senders (`type` 137) of received MMS, and recipients of *sent* MMS,
//!   are certainly someone else;
//! - the candidate seen most often that is never someone else wins; a tie
//!   means "unknown", and threads then keep every address.
//!
//! It runs only when the import meets its first MMS, so SMS-only files are
//! read once.

use super::phone::{OWN_TOKEN, normalise};
use super::xml::{Attrs, Tag, walk};
use crate::ImportError;
use std::collections::{HashMap, HashSet};
use std::io::BufRead;

/// Evidence gathered about addresses.
#[derive(Debug, Default)]
pub struct Evidence {
    candidates: HashMap<String, u64>,
    others: HashSet<String>,
}

impl Evidence {
    /// Records one `<addr>` of an MMS in box `msg_box`.
    pub fn addr(&mut self, msg_box: i64, address: &str, kind: i64) {
        if address.trim() == OWN_TOKEN {
            return;
        }
        let key = normalise(address);
        let received = msg_box == 1;
        match (received, kind) {
            (true, 137) | (false, 151 | 130 | 129) => {
                self.others.insert(key);
            }
            (true, 151 | 130 | 129) => *self.candidates.entry(key).or_default() += 1,
            _ => {}
        }
    }

    /// The own number, when the evidence names exactly one.
    pub fn own_number(&self) -> Option<String> {
        let mut best: Option<(&String, u64)> = None;
        let mut tie = false;
        for (k, &n) in &self.candidates {
            if self.others.contains(k) {
                continue;
            }
            match best {
                Some((_, b)) if n < b => {}
                Some((_, b)) if n == b => tie = true,
                _ => {
                    best = Some((k, n));
                    tie = false;
                }
            }
        }
        if tie {
            None
        } else {
            best.map(|(k, _)| k.clone())
        }
    }
}

/// Reads a whole SMS file for [`Evidence`].
pub fn scan<R: BufRead>(reader: R, location: &str) -> Result<Evidence, ImportError> {
    let mut ev = Evidence::default();
    let mut msg_box = 0;
    walk(reader, location, |tag, _| {
        if let Tag::Open { el, .. } = tag {
            match el.name().into_inner() {
                b"mms" => msg_box = Attrs::of(el).int("msg_box").unwrap_or(0),
                b"addr" => {
                    let a = Attrs::of(el);
                    let address = String::from_utf8_lossy(a.raw("address").unwrap_or_default());
                    ev.addr(msg_box, &address, a.int("type").unwrap_or(0));
                }
                _ => {}
            }
        }
        Ok(())
    })?;
    Ok(ev)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn own_number_evidence_table() {
        // (msg_box, address, type) triples → expected own number.
        type Addr = (i64, &'static str, i64);
        let cases: &[(&[Addr], Option<&str>)] = &[
            (&[], None),
            // Received from A to {B, me}; sent by me to {A, B}.
            (
                &[
                    (1, "A", 137),
                    (1, "B", 151),
                    (1, "ME", 151),
                    (2, OWN_TOKEN, 137),
                    (2, "A", 151),
                    (2, "B", 151),
                ],
                Some("ME"),
            ),
            // Only one received MMS: B and ME tie.
            (&[(1, "A", 137), (1, "B", 151), (1, "ME", 151)], None),
            // Two received from different senders: ME is in both.
            (
                &[
                    (1, "A", 137),
                    (1, "B", 151),
                    (1, "ME", 151),
                    (1, "B", 137),
                    (1, "A", 151),
                    (1, "ME", 151),
                ],
                Some("ME"),
            ),
        ];
        for (addrs, want) in cases {
            let mut ev = Evidence::default();
            for (b, a, t) in *addrs {
                ev.addr(*b, a, *t);
            }
            assert_eq!(ev.own_number().as_deref(), *want, "{addrs:?}");
        }
    }
}
