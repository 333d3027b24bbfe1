//! Sixty-four bytes at a time: one bit per byte for quotes, backslashes and
//! brackets, then the string state of every byte from a running XOR of the
//! quote bits, so that only brackets outside strings are visited one by
//! one. Within arrays of objects (the importers' case) that skips the
//! quotes of every key and string value, which the word-wide scan stops at.
//!
//! The masks come from 16-byte vector compares (`wide`: SSE2 on x86-64,
//! NEON on aarch64, plain loops elsewhere); no `unsafe` here.

use wide::u8x16;

/// Bytes per block.
pub(super) const BLOCK: usize = 64;

/// One bit per byte of a block for each byte class the scan needs.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Masks {
    quotes: u64,
    backslashes: u64,
    opens: u64,
    closes: u64,
}

#[inline(always)]
fn masks(block: &[u8; BLOCK]) -> Masks {
    let quote = u8x16::splat(b'"');
    let backslash = u8x16::splat(b'\\');
    let (brace, bracket) = (u8x16::splat(b'{'), u8x16::splat(b'['));
    let (close_brace, close_bracket) = (u8x16::splat(b'}'), u8x16::splat(b']'));
    let mut m = Masks::default();
    for (c, lane) in block.chunks_exact(16).enumerate() {
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(lane);
        let v = u8x16::new(bytes);
        let at = 16 * c;
        m.quotes |= u64::from(v.simd_eq(quote).to_bitmask()) << at;
        m.backslashes |= u64::from(v.simd_eq(backslash).to_bitmask()) << at;
        m.opens |= u64::from((v.simd_eq(brace) | v.simd_eq(bracket)).to_bitmask()) << at;
        m.closes |=
            u64::from((v.simd_eq(close_brace) | v.simd_eq(close_bracket)).to_bitmask()) << at;
    }
    m
}

/// Bit `k` set when an odd number of bits of `m` are set at `0..=k`.
#[inline(always)]
fn prefix_xor(mut m: u64) -> u64 {
    m ^= m << 1;
    m ^= m << 2;
    m ^= m << 4;
    m ^= m << 8;
    m ^= m << 16;
    m ^= m << 32;
    m
}

/// The escape pairs of a block: bits of the bytes a backslash escapes, and
/// whether the block's last byte is a backslash that escapes the next
/// block's first. `escaped_first`: the first byte is escaped by the
/// previous block. Also returns the backslashes that start an escape.
#[inline]
fn escapes(backslashes: u64, escaped_first: bool) -> (u64, u64, bool) {
    let mut escaped = u64::from(escaped_first);
    let mut left = backslashes & !escaped;
    let mut starts = 0u64;
    let mut carry = false;
    while left != 0 {
        let k = left.trailing_zeros();
        starts |= 1 << k;
        left &= left - 1;
        if k == 63 {
            carry = true;
        } else {
            escaped |= 1 << (k + 1);
            left &= !(1 << (k + 1));
        }
    }
    (escaped, starts, carry)
}

/// What one block did.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Step {
    /// The value ends with byte `n - 1` of the block.
    End(usize),
    /// The whole block belongs to the value; the state is updated.
    Whole,
    /// A backslash outside a string (not JSON): the block must be scanned
    /// byte by byte, which gives such bytes their literal meaning. The
    /// state is unchanged.
    Literal,
}

/// Scans one block of a value that is open (`depth > 0`). `in_string` and
/// `escape` are the state before the block and are updated with `depth`.
#[inline]
pub(super) fn step(
    block: &[u8; BLOCK],
    depth: &mut u32,
    in_string: &mut bool,
    escape: &mut bool,
) -> Step {
    let Masks {
        quotes,
        backslashes,
        opens,
        closes,
    } = masks(block);
    let (escaped, starts, carry) = if backslashes == 0 && !*escape {
        (0, 0, false)
    } else {
        escapes(backslashes, *escape)
    };
    let quotes = quotes & !escaped;
    // Set on the bytes inside a string, the opening quote included and the
    // closing one not.
    let inside = prefix_xor(quotes) ^ if *in_string { !0 } else { 0 };
    if starts & !inside != 0 {
        return Step::Literal;
    }
    let mut brackets = (opens | closes) & !inside;
    let mut d = *depth;
    while brackets != 0 {
        let k = brackets.trailing_zeros();
        brackets &= brackets - 1;
        if opens >> k & 1 == 1 {
            d += 1;
        } else {
            d -= 1;
            if d == 0 {
                *depth = 0;
                *in_string = false;
                *escape = false;
                return Step::End(k as usize + 1);
            }
        }
    }
    *depth = d;
    *in_string = inside >> 63 == 1;
    *escape = carry;
    Step::Whole
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_xor_marks_the_bytes_between_quote_pairs() {
        assert_eq!(prefix_xor(0b1001), 0b0111);
        assert_eq!(prefix_xor(0b1), !0);
        assert_eq!(prefix_xor(0), 0);
    }

    #[test]
    fn escape_pairs_in_a_block() {
        // `\\` then `\"`: backslashes at 0, 1, 3; escaped 1 and 4.
        let (escaped, starts, carry) = escapes(0b1011, false);
        assert_eq!((escaped, starts, carry), (0b10010, 0b1001, false));
        // Escaped from the previous block: byte 0 is not an escape start.
        let (escaped, starts, carry) = escapes(0b11, true);
        assert_eq!((escaped, starts, carry), (0b101, 0b10, false));
        // A backslash as the last byte escapes the next block's first.
        let (_, starts, carry) = escapes(1 << 63, false);
        assert_eq!((starts, carry), (1 << 63, true));
    }

    #[test]
    fn masks_find_every_byte() {
        let mut block = [b' '; BLOCK];
        for k in [0, 7, 8, 31, 32, 63] {
            block[k] = b'"';
        }
        block[15] = b'\\';
        block[16] = b'{';
        block[47] = b'[';
        block[48] = b'}';
        block[62] = b']';
        let m = masks(&block);
        assert_eq!(m.quotes, 1 | 1 << 7 | 1 << 8 | 1 << 31 | 1 << 32 | 1 << 63);
        assert_eq!(m.backslashes, 1 << 15);
        assert_eq!(m.opens, 1 << 16 | 1 << 47);
        assert_eq!(m.closes, 1 << 48 | 1 << 62);
    }
}
