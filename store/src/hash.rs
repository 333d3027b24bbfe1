//! Dedup keys: a small, stable 64-bit hash.
//!
//! The keys are stored in libraries, so the function must never change
//! between versions; it is defined here (not `std`'s hasher, whose output is
//! not guaranteed stable). It is a multiply-fold hash over 8-byte words
//! (in the style of wyhash) with length-prefixed fields, so `("ab", "c")` and
//! `("a", "bc")` differ. It is not cryptographic: a collision would make two
//! different messages look like one, which at 64 bits needs billions of
//! messages in one library by chance.

const P0: u64 = 0xa076_1d64_78bd_642f;
const P1: u64 = 0xe703_7ed1_a0b4_28db;
const P2: u64 = 0x8ebc_6af0_9c88_c6e3;

fn mum(a: u64, b: u64) -> u64 {
    let r = u128::from(a) * u128::from(b);
    (r as u64) ^ ((r >> 64) as u64)
}

/// Accumulates fields into a 64-bit key.
#[derive(Debug, Clone)]
pub(crate) struct KeyHasher {
    state: u64,
}

impl KeyHasher {
    /// A hasher for one kind of key (`domain` separates kinds).
    pub(crate) fn new(domain: u8) -> Self {
        KeyHasher {
            state: mum(u64::from(domain) ^ P0, P1),
        }
    }

    pub(crate) fn u64(&mut self, v: u64) -> &mut Self {
        self.state = mum(self.state ^ v ^ P2, P1);
        self
    }

    pub(crate) fn i64(&mut self, v: i64) -> &mut Self {
        self.u64(v as u64)
    }

    pub(crate) fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.u64(b.len() as u64);
        let mut chunks = b.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.state = mum(self.state ^ u64::from_le_bytes(w) ^ P0, P1);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.state = mum(self.state ^ u64::from_le_bytes(w) ^ P2, P0);
        }
        self
    }

    pub(crate) fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    pub(crate) fn opt_str(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.u64(1).str(s),
            None => self.u64(0),
        }
    }

    /// The key, as SQLite stores it.
    pub(crate) fn finish(&self) -> i64 {
        let h = mum(self.state ^ P0, P2);
        // murmur3 finaliser for a last avalanche
        let mut x = h;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^= x >> 33;
        x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        x ^= x >> 33;
        x as i64
    }
}

/// Domain of keys of messages with a native id.
pub(crate) const NATIVE: u8 = 1;
/// Domain of keys of messages without one (content + occurrence).
pub(crate) const CONTENT: u8 = 2;
/// Domain of the content key plus its occurrence number.
pub(crate) const OCCURRENCE: u8 = 3;

/// Dedup key of a message with a native id in a chat.
pub(crate) fn native_key(chat_id: i64, native_id: &str) -> i64 {
    KeyHasher::new(NATIVE).i64(chat_id).str(native_id).finish()
}

/// Dedup key of the `occurrence`-th identical content tuple.
pub(crate) fn occurrence_key(content_key: i64, occurrence: u32) -> i64 {
    KeyHasher::new(OCCURRENCE)
        .i64(content_key)
        .u64(u64::from(occurrence))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keys are persisted: these values must never change.
    #[test]
    fn keys_are_stable_across_versions() {
        assert_eq!(native_key(1, "42"), native_key(1, "42"));
        let pinned = [
            native_key(1, "42"),
            native_key(2, "42"),
            occurrence_key(7, 0),
            KeyHasher::new(CONTENT).str("hello, world").finish(),
        ];
        assert_eq!(pinned, PINNED);
    }

    const PINNED: [i64; 4] = [
        8026894721849953827,
        -2587523642758365511,
        -4467274217827075591,
        6710195176133463773,
    ];

    #[test]
    fn field_boundaries_matter() {
        let a = KeyHasher::new(CONTENT).str("ab").str("c").finish();
        let b = KeyHasher::new(CONTENT).str("a").str("bc").finish();
        assert_ne!(a, b);
        let c = KeyHasher::new(CONTENT).opt_str(None).str("").finish();
        let d = KeyHasher::new(CONTENT).opt_str(Some("")).finish();
        assert_ne!(c, d);
    }

    #[test]
    fn no_collisions_in_a_million_close_inputs() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..1_000_000u32 {
            let k = KeyHasher::new(CONTENT).str(&format!("ok {i}")).finish();
            assert!(seen.insert(k), "collision at {i}");
        }
    }
}
