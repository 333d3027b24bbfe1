//! Streaming standard base64 (RFC 4648, with padding) for MMS parts, so a
//! large attachment never sits in memory whole.

use std::io::{self, Read, Write};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes 1 to 3 bytes into 4 characters.
fn encode_group(chunk: &[u8], out: &mut [u8; 4]) {
    let b0 = chunk.first().copied().unwrap_or(0);
    let b1 = chunk.get(1).copied().unwrap_or(0);
    let b2 = chunk.get(2).copied().unwrap_or(0);
    let n = (u32::from(b0) << 16) | (u32::from(b1) << 8) | u32::from(b2);
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = ALPHABET[((n >> (18 - 6 * i)) & 63) as usize];
    }
    if chunk.len() < 3 {
        out[3] = b'=';
    }
    if chunk.len() < 2 {
        out[2] = b'=';
    }
}

/// Copies `input` to `out` as base64; returns the number of input bytes.
pub(crate) fn encode_stream(input: &mut impl Read, out: &mut impl Write) -> io::Result<u64> {
    let mut buf = vec![0u8; 48 * 1024];
    let mut carry: Vec<u8> = Vec::with_capacity(3);
    let mut total = 0u64;
    let mut encoded = Vec::with_capacity(buf.len() / 3 * 4 + 8);
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        encoded.clear();
        let mut data: &[u8] = buf.get(..n).unwrap_or(&[]);
        if !carry.is_empty() {
            while carry.len() < 3 && !data.is_empty() {
                carry.push(data[0]);
                data = &data[1..];
            }
            if carry.len() == 3 {
                let mut g = [0u8; 4];
                encode_group(&carry, &mut g);
                encoded.extend_from_slice(&g);
                carry.clear();
            }
        }
        let whole = data.len() / 3 * 3;
        for chunk in data[..whole].chunks_exact(3) {
            let mut g = [0u8; 4];
            encode_group(chunk, &mut g);
            encoded.extend_from_slice(&g);
        }
        carry.extend_from_slice(&data[whole..]);
        out.write_all(&encoded)?;
    }
    if !carry.is_empty() {
        let mut g = [0u8; 4];
        encode_group(&carry, &mut g);
        out.write_all(&g)?;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(data: &[u8]) -> String {
        let mut out = Vec::new();
        encode_stream(&mut &data[..], &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rfc4648_test_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(enc(input.as_bytes()), want, "{input:?}");
        }
    }

    /// A reader that returns one byte per read exercises the carry logic.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((b, rest)), Some(slot)) => {
                    *slot = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn chunk_boundaries_do_not_change_the_output() {
        let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
        let mut out = Vec::new();
        encode_stream(&mut Trickle(&data), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), enc(&data));
    }
}
