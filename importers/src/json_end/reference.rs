//! The definition [`ValueEnd::scan`] must agree with, shared by the unit
//! tests and the `json_end` fuzz target (both include this file).

use super::ValueEnd;

/// The byte-by-byte reference the importers used before.
pub fn reference(bytes: &[u8]) -> Option<usize> {
    let (mut depth, mut in_str, mut esc) = (0u32, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// Feeds `bytes` in pieces of `piece` bytes.
pub fn pieces(bytes: &[u8], piece: usize) -> Option<usize> {
    let mut end = ValueEnd::new();
    let mut done = 0;
    for chunk in bytes.chunks(piece.max(1)) {
        if let Some(n) = end.scan(chunk) {
            return Some(done + n);
        }
        done += chunk.len();
    }
    None
}
