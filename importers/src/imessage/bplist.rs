//! A small reader for Apple binary property lists (`bplist00`), enough for
//! `message.message_summary_info` (edit history and unsent parts).
//!
//! Layout: the magic `bplist00`, objects, a table of object offsets, and a
//! 32-byte trailer giving the offset and reference sizes, the object count,
//! the top object and where the offset table starts. Each object starts
//! with a marker byte: high nibble the type, low nibble a size (`0xF`: the
//! size follows as an integer object).
//!
//! Objects may be shared, so a hostile file could describe a huge tree in
//! a few bytes: nesting and the total number of values read are capped.

use std::collections::BTreeMap;

/// A property list value (the types Ferry reads; others become `Other`).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Real(f64),
    Data(Vec<u8>),
    String(String),
    Array(Vec<Value>),
    Dict(BTreeMap<String, Value>),
    Other,
}

impl Value {
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Dict(d) => d.get(key),
            _ => None,
        }
    }
}

/// Why a plist could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a readable binary plist: {0}")]
pub struct PlistError(&'static str);

const MAX_DEPTH: usize = 32;
const MAX_VALUES: usize = 100_000;

struct Reader<'a> {
    buf: &'a [u8],
    offsets: Vec<usize>,
    ref_size: usize,
    budget: usize,
}

fn be(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
}

/// Parses a binary plist.
pub fn parse(buf: &[u8]) -> Result<Value, PlistError> {
    if !buf.starts_with(b"bplist00") || buf.len() < 8 + 32 {
        return Err(PlistError("bad header"));
    }
    let t = &buf[buf.len() - 32..];
    let offset_size = usize::from(t[6]);
    let ref_size = usize::from(t[7]);
    let count = usize::try_from(be(&t[8..16])).map_err(|_| PlistError("object count"))?;
    let top = usize::try_from(be(&t[16..24])).map_err(|_| PlistError("top object"))?;
    let table = usize::try_from(be(&t[24..32])).map_err(|_| PlistError("offset table"))?;
    if !(1..=8).contains(&offset_size) || !(1..=8).contains(&ref_size) {
        return Err(PlistError("bad sizes"));
    }
    let table_len = count
        .checked_mul(offset_size)
        .ok_or(PlistError("offset table"))?;
    let table_bytes = table
        .checked_add(table_len)
        .and_then(|end| buf.get(table..end))
        .ok_or(PlistError("offset table out of bounds"))?;
    let offsets = table_bytes
        .chunks(offset_size)
        .map(|c| usize::try_from(be(c)).unwrap_or(usize::MAX))
        .collect();
    let mut r = Reader {
        buf,
        offsets,
        ref_size,
        budget: MAX_VALUES,
    };
    r.object(top, 0)
}

impl Reader<'_> {
    fn slice(&self, at: usize, len: usize) -> Result<&[u8], PlistError> {
        at.checked_add(len)
            .and_then(|end| self.buf.get(at..end))
            .ok_or(PlistError("object out of bounds"))
    }

    /// The size in a marker's low nibble, or the integer after it; returns
    /// the size and where the content starts.
    fn size(&self, marker: u8, at: usize) -> Result<(usize, usize), PlistError> {
        let low = marker & 0x0f;
        if low != 0x0f {
            return Ok((usize::from(low), at + 1));
        }
        let int_marker = *self.slice(at + 1, 1)?.first().ok_or(PlistError("size"))?;
        if int_marker & 0xf0 != 0x10 {
            return Err(PlistError("size is not an integer"));
        }
        let n = 1usize << (int_marker & 0x0f).min(3);
        let v = be(self.slice(at + 2, n)?);
        Ok((
            usize::try_from(v).map_err(|_| PlistError("size"))?,
            at + 2 + n,
        ))
    }

    fn refs(&self, at: usize, n: usize) -> Result<Vec<usize>, PlistError> {
        let bytes = self.slice(at, n.checked_mul(self.ref_size).ok_or(PlistError("refs"))?)?;
        Ok(bytes
            .chunks(self.ref_size)
            .map(|c| usize::try_from(be(c)).unwrap_or(usize::MAX))
            .collect())
    }

    fn object(&mut self, index: usize, depth: usize) -> Result<Value, PlistError> {
        if depth > MAX_DEPTH {
            return Err(PlistError("nested too deeply"));
        }
        self.budget = self
            .budget
            .checked_sub(1)
            .ok_or(PlistError("too many values"))?;
        let at = *self.offsets.get(index).ok_or(PlistError("bad reference"))?;
        let marker = *self.slice(at, 1)?.first().ok_or(PlistError("marker"))?;
        Ok(match marker >> 4 {
            0x0 => match marker {
                0x08 => Value::Bool(false),
                0x09 => Value::Bool(true),
                _ => Value::Other,
            },
            0x1 => {
                let n = 1usize << (marker & 0x0f).min(3);
                let b = self.slice(at + 1, n)?;
                Value::Int(be(b) as i64)
            }
            0x2 | 0x3 => {
                let n = if marker == 0x33 {
                    8
                } else {
                    1usize << (marker & 0x0f).min(3)
                };
                let b = self.slice(at + 1, n)?;
                match n {
                    4 => Value::Real(f64::from(f32::from_bits(be(b) as u32))),
                    8 => Value::Real(f64::from_bits(be(b))),
                    _ => Value::Other,
                }
            }
            0x4 => {
                let (len, start) = self.size(marker, at)?;
                Value::Data(self.slice(start, len)?.to_vec())
            }
            0x5 => {
                let (len, start) = self.size(marker, at)?;
                Value::String(String::from_utf8_lossy(self.slice(start, len)?).into_owned())
            }
            0x6 => {
                let (len, start) = self.size(marker, at)?;
                let b = self.slice(start, len.checked_mul(2).ok_or(PlistError("string"))?)?;
                let units: Vec<u16> = b
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
                    .collect();
                Value::String(String::from_utf16_lossy(&units))
            }
            0xA => {
                let (n, start) = self.size(marker, at)?;
                let refs = self.refs(start, n)?;
                let mut items = Vec::with_capacity(refs.len().min(1024));
                for r in refs {
                    items.push(self.object(r, depth + 1)?);
                }
                Value::Array(items)
            }
            0xD => {
                let (n, start) = self.size(marker, at)?;
                let keys = self.refs(start, n)?;
                let values = self.refs(start + n * self.ref_size, n)?;
                let mut dict = BTreeMap::new();
                for (k, v) in keys.into_iter().zip(values) {
                    let Value::String(key) = self.object(k, depth + 1)? else {
                        return Err(PlistError("dictionary key is not a string"));
                    };
                    let value = self.object(v, depth + 1)?;
                    dict.insert(key, value);
                }
                Value::Dict(dict)
            }
            _ => Value::Other,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plist with one dictionary `{"a": 1}`.
    fn tiny() -> Vec<u8> {
        let mut v = b"bplist00".to_vec();
        v.extend_from_slice(&[0xD1, 0x01, 0x02]); // object 0 at 8: dict 1
        v.extend_from_slice(&[0x51, b'a']); // object 1 at 11: "a"
        v.extend_from_slice(&[0x10, 0x01]); // object 2 at 13: 1
        let table = v.len();
        v.extend_from_slice(&[8, 11, 13]);
        v.extend_from_slice(&[0, 0, 0, 0, 0, 0, 1, 1]);
        v.extend_from_slice(&3u64.to_be_bytes());
        v.extend_from_slice(&0u64.to_be_bytes());
        v.extend_from_slice(&(table as u64).to_be_bytes());
        v
    }

    #[test]
    fn reads_a_dictionary() {
        let v = parse(&tiny()).unwrap();
        assert_eq!(v.get("a"), Some(&Value::Int(1)));
    }

    #[test]
    fn malformed_variants_are_errors() {
        let good = tiny();
        let mut self_ref = good.clone();
        self_ref[10] = 0x00; // the dict's value is the dict itself
        let mut bad_offset = good.clone();
        let n = bad_offset.len();
        bad_offset[n - 1] = 0xff;
        for (name, bytes) in [
            ("empty", Vec::new()),
            ("magic only", b"bplist00".to_vec()),
            ("truncated", good[..good.len() - 1].to_vec()),
            ("offset table out of bounds", bad_offset),
        ] {
            assert!(parse(&bytes).is_err(), "{name}");
        }
        // A dictionary that contains itself ends at the depth cap.
        assert!(parse(&self_ref).is_err());
    }
}
