//! A small decoder for NeXTSTEP/Apple "typedstream" archives, as stored in
//! `message.attributedBody` (an archived `NSAttributedString`).
//!
//! Only what Ferry needs is kept: the text of the first `NSString` (or
//! subclass) in the archive, which is the attributed string's text. The
//! rest of the stream (attribute dictionaries, numbers, data blobs) is
//! parsed to stay in step and then dropped.
//!
//! The format, as far as used here:
//! - header: version byte (4), the signature `streamtyped` as a
//!   length-prefixed string, and a system version integer (1000);
//! - integers: one signed byte, or `0x81` + i16 LE, or `0x82` + i32 LE;
//!   `0x83` introduces a float, `0x84` "new", `0x85` nil, `0x86` end of
//!   an object; other values reference earlier entries (value + 110);
//! - a stream is a sequence of *groups*: a type string (new or a reference
//!   to a shared string) followed by one value per type character;
//! - objects (`@`) are new (class chain, then groups up to `0x86`), nil or
//!   a reference; classes are a shared name, a version and a superclass;
//! - `+` is a length-prefixed byte string (the text), `*` a shared string,
//!   `[Nc]` N raw bytes.
//!
//! Every read is bounds-checked and nesting is capped, so arbitrary bytes
//! end in an error, never a panic.

/// Why a blob could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TypedStreamError {
    #[error("not a typedstream (bad header)")]
    BadHeader,
    #[error("typedstream ends early at byte {0}")]
    Truncated(usize),
    #[error("unexpected byte {byte:#04x} at {at} in a typedstream")]
    Unexpected { byte: u8, at: usize },
    #[error("typedstream nests too deeply at byte {0}")]
    TooDeep(usize),
    #[error("typedstream reference {index} at byte {at} points nowhere")]
    BadReference { index: i64, at: usize },
    #[error("unsupported typedstream type {ty:?} at byte {at}")]
    UnsupportedType { ty: char, at: usize },
}

const NEW: u8 = 0x84;
const NIL: u8 = 0x85;
const END: u8 = 0x86;
const I16: u8 = 0x81;
const I32: u8 = 0x82;
const FLOAT: u8 = 0x83;
/// References are written as `index - 110` (so index 0 is byte `0x92`).
const REFERENCE_BASE: i64 = 110;
const MAX_DEPTH: usize = 64;

/// What a reference in the object table points at.
#[derive(Debug, Clone)]
enum Shared {
    /// A class: its name (index into the string table) and superclass.
    Class { name: usize, parent: Option<usize> },
    /// An object instance and its class.
    Object { class: Option<usize> },
}

struct Decoder<'a> {
    buf: &'a [u8],
    pos: usize,
    strings: Vec<&'a [u8]>,
    objects: Vec<Shared>,
    text: Option<String>,
}

/// The text of an `attributedBody` blob. `Ok(None)` when the archive holds
/// no string; an error when the bytes are not a typedstream. When the
/// stream breaks after the text was read, the text is still returned.
pub fn decode_text(blob: &[u8]) -> Result<Option<String>, TypedStreamError> {
    let mut d = Decoder {
        buf: blob,
        pos: 0,
        strings: Vec::new(),
        objects: Vec::new(),
        text: None,
    };
    d.header()?;
    let result = d.groups(0, false);
    match (result, d.text) {
        (_, Some(text)) => Ok(Some(text)),
        (Ok(()), None) => Ok(None),
        (Err(e), None) => Err(e),
    }
}

impl<'a> Decoder<'a> {
    fn byte(&mut self) -> Result<u8, TypedStreamError> {
        let b = *self
            .buf
            .get(self.pos)
            .ok_or(TypedStreamError::Truncated(self.pos))?;
        self.pos += 1;
        Ok(b)
    }

    fn peek(&self) -> Option<u8> {
        self.buf.get(self.pos).copied()
    }

    fn bytes(&mut self, n: usize) -> Result<&'a [u8], TypedStreamError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.buf.len())
            .ok_or(TypedStreamError::Truncated(self.buf.len()))?;
        let s = &self.buf[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// An integer whose first byte is `first`.
    fn int_from(&mut self, first: u8) -> Result<i64, TypedStreamError> {
        match first {
            I16 => {
                let b = self.bytes(2)?;
                Ok(i64::from(i16::from_le_bytes([b[0], b[1]])))
            }
            I32 => {
                let b = self.bytes(4)?;
                Ok(i64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]])))
            }
            b => Ok(i64::from(b as i8)),
        }
    }

    fn int(&mut self) -> Result<i64, TypedStreamError> {
        let first = self.byte()?;
        self.int_from(first)
    }

    fn length(&mut self) -> Result<usize, TypedStreamError> {
        let at = self.pos;
        let n = self.int()?;
        usize::try_from(n).map_err(|_| TypedStreamError::Unexpected {
            byte: self.buf.get(at).copied().unwrap_or(0),
            at,
        })
    }

    fn header(&mut self) -> Result<(), TypedStreamError> {
        let bad = |_| TypedStreamError::BadHeader;
        let version = self.byte().map_err(bad)?;
        let len = self.length().map_err(bad)?;
        let signature = self.bytes(len).map_err(bad)?;
        let _system = self.int().map_err(bad)?;
        if version != 4 || signature != b"streamtyped" {
            return Err(TypedStreamError::BadHeader);
        }
        Ok(())
    }

    /// The index a reference byte sequence starting with `first` names.
    fn reference(&mut self, first: u8) -> Result<usize, TypedStreamError> {
        let at = self.pos.saturating_sub(1);
        let raw = self.int_from(first)?;
        let index = raw + REFERENCE_BASE;
        usize::try_from(index).map_err(|_| TypedStreamError::BadReference { index, at })
    }

    /// A shared string: new (`0x84`, length, bytes), nil, or a reference.
    fn shared_string(&mut self) -> Result<Option<usize>, TypedStreamError> {
        let at = self.pos;
        match self.byte()? {
            NEW => {
                let len = self.length()?;
                let s = self.bytes(len)?;
                self.strings.push(s);
                Ok(Some(self.strings.len() - 1))
            }
            NIL => Ok(None),
            b @ (END | FLOAT) => Err(TypedStreamError::Unexpected { byte: b, at }),
            b => {
                let index = self.reference(b)?;
                if index < self.strings.len() {
                    Ok(Some(index))
                } else {
                    Err(TypedStreamError::BadReference {
                        index: index as i64,
                        at,
                    })
                }
            }
        }
    }

    /// Groups until the end of the buffer (top level) or an `0x86` (inside
    /// an object, `in_object`), recording text for `NSString` objects.
    fn groups(&mut self, depth: usize, in_object: bool) -> Result<(), TypedStreamError> {
        self.groups_of(depth, in_object, false)
    }

    fn groups_of(
        &mut self,
        depth: usize,
        in_object: bool,
        is_string: bool,
    ) -> Result<(), TypedStreamError> {
        loop {
            match self.peek() {
                None if !in_object => return Ok(()),
                None => return Err(TypedStreamError::Truncated(self.pos)),
                Some(END) if in_object => {
                    self.pos += 1;
                    return Ok(());
                }
                Some(_) => {}
            }
            let at = self.pos;
            let ty = self
                .shared_string()?
                .and_then(|i| self.strings.get(i).copied())
                .ok_or(TypedStreamError::Unexpected { byte: NIL, at })?;
            self.values(ty, depth, is_string)?;
        }
    }

    /// One value per type character of `ty`.
    fn values(&mut self, ty: &[u8], depth: usize, is_string: bool) -> Result<(), TypedStreamError> {
        let mut i = 0;
        while let Some(&c) = ty.get(i) {
            let at = self.pos;
            match c {
                b'@' => self.object(depth + 1)?,
                b'+' => {
                    let len = self.length()?;
                    let s = self.bytes(len)?;
                    if is_string && self.text.is_none() {
                        self.text = Some(String::from_utf8_lossy(s).into_owned());
                    }
                }
                b'*' => {
                    if self.byte()? != NEW {
                        return Err(TypedStreamError::Unexpected {
                            byte: self.buf.get(at).copied().unwrap_or(0),
                            at,
                        });
                    }
                    self.shared_string()?;
                }
                b'c' | b'C' | b's' | b'S' | b'i' | b'I' | b'l' | b'L' | b'q' | b'Q' => {
                    self.int()?;
                }
                b'f' | b'd' => {
                    let first = self.byte()?;
                    if first == FLOAT {
                        self.bytes(if c == b'f' { 4 } else { 8 })?;
                    } else {
                        self.int_from(first)?;
                    }
                }
                b'[' => {
                    // `[<count><type>]`, e.g. `[582c]`: raw bytes for chars.
                    let close = ty[i..]
                        .iter()
                        .position(|&b| b == b']')
                        .map(|p| p + i)
                        .ok_or(TypedStreamError::UnsupportedType { ty: '[', at })?;
                    let inner = &ty[i + 1..close];
                    let digits = inner.iter().take_while(|b| b.is_ascii_digit()).count();
                    let count: usize = std::str::from_utf8(&inner[..digits])
                        .ok()
                        .and_then(|s| s.parse().ok())
                        .ok_or(TypedStreamError::UnsupportedType { ty: '[', at })?;
                    match &inner[digits..] {
                        b"c" | b"C" => {
                            self.bytes(count)?;
                        }
                        _ => return Err(TypedStreamError::UnsupportedType { ty: '[', at }),
                    }
                    i = close;
                }
                other => {
                    return Err(TypedStreamError::UnsupportedType {
                        ty: char::from(other),
                        at,
                    });
                }
            }
            i += 1;
        }
        Ok(())
    }

    /// An object: new (class chain, then its groups), nil, or a reference.
    fn object(&mut self, depth: usize) -> Result<(), TypedStreamError> {
        let at = self.pos;
        if depth > MAX_DEPTH {
            return Err(TypedStreamError::TooDeep(at));
        }
        match self.byte()? {
            NEW => {
                self.objects.push(Shared::Object { class: None });
                let slot = self.objects.len() - 1;
                let class = self.class(depth)?;
                if let Some(Shared::Object { class: c }) = self.objects.get_mut(slot) {
                    *c = class;
                }
                let is_string = class.is_some_and(|c| self.is_string_class(c));
                self.groups_of(depth, true, is_string)
            }
            NIL => Ok(()),
            b @ (END | FLOAT) => Err(TypedStreamError::Unexpected { byte: b, at }),
            b => {
                let index = self.reference(b)?;
                if index < self.objects.len() {
                    Ok(())
                } else {
                    Err(TypedStreamError::BadReference {
                        index: index as i64,
                        at,
                    })
                }
            }
        }
    }

    /// A class: new (name, version, superclass), nil, or a reference.
    fn class(&mut self, depth: usize) -> Result<Option<usize>, TypedStreamError> {
        let at = self.pos;
        if depth > MAX_DEPTH {
            return Err(TypedStreamError::TooDeep(at));
        }
        match self.byte()? {
            NEW => {
                let name = self
                    .shared_string()?
                    .ok_or(TypedStreamError::Unexpected { byte: NIL, at })?;
                let _version = self.int()?;
                self.objects.push(Shared::Class { name, parent: None });
                let slot = self.objects.len() - 1;
                let parent = self.class(depth + 1)?;
                if let Some(Shared::Class { parent: p, .. }) = self.objects.get_mut(slot) {
                    *p = parent;
                }
                Ok(Some(slot))
            }
            NIL => Ok(None),
            b @ (END | FLOAT) => Err(TypedStreamError::Unexpected { byte: b, at }),
            b => {
                let index = self.reference(b)?;
                match self.objects.get(index) {
                    Some(Shared::Class { .. }) => Ok(Some(index)),
                    _ => Err(TypedStreamError::BadReference {
                        index: index as i64,
                        at,
                    }),
                }
            }
        }
    }

    /// Whether a class is `NSString` or inherits from it.
    fn is_string_class(&self, mut class: usize) -> bool {
        // The chain is finite (parents always come later in the table, or
        // are references); cap the walk anyway.
        for _ in 0..MAX_DEPTH {
            match self.objects.get(class) {
                Some(Shared::Class { name, parent }) => {
                    let n = self.strings.get(*name).copied().unwrap_or_default();
                    if n == b"NSString" || n == b"NSMutableString" {
                        return true;
                    }
                    match parent {
                        Some(p) => class = *p,
                        None => return false,
                    }
                }
                _ => return false,
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stream(body: &[u8]) -> Vec<u8> {
        let mut v = b"\x04\x0bstreamtyped\x81\xe8\x03".to_vec();
        v.extend_from_slice(body);
        v
    }

    #[test]
    fn minimal_string_object() {
        // "@" type, new NSString object (superclass nil), "+" "hi", end.
        let blob = stream(b"\x84\x01@\x84\x84\x84\x08NSString\x01\x85\x84\x01+\x02hi\x86");
        assert_eq!(decode_text(&blob), Ok(Some("hi".to_owned())));
    }

    #[test]
    fn long_string_uses_i16_length() {
        let text = "x".repeat(300);
        let mut body = b"\x84\x01@\x84\x84\x84\x08NSString\x01\x85\x84\x01+\x81".to_vec();
        body.extend_from_slice(&300i16.to_le_bytes());
        body.extend_from_slice(text.as_bytes());
        body.push(0x86);
        assert_eq!(decode_text(&stream(&body)), Ok(Some(text)));
    }

    #[test]
    fn malformed_variants_are_errors() {
        for (name, blob) in [
            ("empty", Vec::new()),
            (
                "wrong signature",
                b"\x04\x0bstreamtypex\x81\xe8\x03".to_vec(),
            ),
            ("bplist", b"bplist00\xd4\x01".to_vec()),
            (
                "truncated string",
                stream(b"\x84\x01@\x84\x84\x84\x08NSString\x01\x85\x84\x01+\x09hi"),
            ),
            ("dangling reference", stream(b"\x84\x01@\x84\x99")),
            ("negative length", stream(b"\x84\xf0")),
            ("unknown type", stream(b"\x84\x01^\x00")),
        ] {
            assert!(decode_text(&blob).is_err(), "{name}");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let mut body = b"\x84\x01@".to_vec();
        for _ in 0..10_000 {
            body.extend_from_slice(b"\x84\x84\x84\x01A\x00\x85\x92");
        }
        assert!(matches!(
            decode_text(&stream(&body)),
            Err(TypedStreamError::TooDeep(_))
        ));
    }

    #[test]
    fn header_only_has_no_text() {
        assert_eq!(decode_text(&stream(b"")), Ok(None));
    }
}
