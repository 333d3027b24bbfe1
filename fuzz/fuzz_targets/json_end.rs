//! Fuzz target: the JSON value-end scan that the Telegram, Discord and X
//! importers cut arrays with. Differential: fed in pieces of several sizes,
//! it must stop exactly where a byte-by-byte scan stops.
#![no_main]

use ferry_importers::json_end::ValueEnd;
use libfuzzer_sys::fuzz_target;

/// The plain byte-by-byte scan (strings, escapes inside strings, nesting).
fn reference(bytes: &[u8]) -> Option<usize> {
    let (mut depth, mut in_string, mut escape) = (0u32, false, false);
    for (i, &b) in bytes.iter().enumerate() {
        if in_string {
            if escape {
                escape = false;
            } else if b == b'\\' {
                escape = true;
            } else if b == b'"' {
                in_string = false;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
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

fn in_pieces(bytes: &[u8], piece: usize) -> Option<usize> {
    let mut end = ValueEnd::new();
    let mut done = 0;
    for chunk in bytes.chunks(piece) {
        if let Some(n) = end.scan(chunk) {
            return Some(done + n);
        }
        done += chunk.len();
    }
    None
}

fuzz_target!(|data: &[u8]| {
    let want = reference(data);
    for piece in [1, 7, 63, 64, 65, 200, 4096] {
        assert_eq!(in_pieces(data, piece), want, "pieces of {piece}");
    }
});
