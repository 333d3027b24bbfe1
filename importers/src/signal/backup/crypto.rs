//! Key derivation and the encrypted frame stream of an Android backup.
//!
//! - [`derive_keys`]: passphrase + salt -> AES key and HMAC key
//!   (SHA-512 iterated 250,000 times, then HKDF-SHA256 "Backup Export").
//! - [`FrameReader`]: reads the clear header, then decrypts and
//!   authenticates one frame at a time (AES-256-CTR, 10-byte truncated
//!   HMAC-SHA256), keeping the per-frame counter IV.
//! - [`BlobReader`]: a `Read` over an attachment/avatar/sticker blob that
//!   decrypts while it is read and checks the blob's MAC at its end.

use super::proto::{BackupFrame, Header};
use aes::Aes256;
use ctr::cipher::{KeyIvInit, StreamCipher};
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use prost::Message as _;
use sha2::{Digest, Sha256, Sha512};
use std::io::{self, Read};

type Aes256Ctr = ctr::Ctr128BE<Aes256>;
type HmacSha256 = Hmac<Sha256>;

/// Iterations of SHA-512 Signal uses to stretch the passphrase.
pub const KDF_ITERATIONS: u32 = 250_000;
/// Length of the truncated MAC after every frame and blob.
const MAC_LEN: usize = 10;
/// Largest frame accepted: larger lengths come from a wrong key or damage.
const MAX_FRAME: u32 = 128 << 20;
/// Largest header frame (it holds a 16-byte IV and a 32-byte salt).
const MAX_HEADER: u32 = 4096;
/// Frame format versions this reader understands (0: clear lengths,
/// 1: encrypted lengths).
const MAX_VERSION: u32 = 1;

/// Where and why the stream could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StreamError {
    #[error("not a Signal backup: {0}")]
    NotABackup(String),
    #[error("unsupported backup format version {0}")]
    Version(u32),
    #[error("the backup ends early (truncated) in frame {frame}")]
    Truncated { frame: u64, offset: u64 },
    #[error("MAC mismatch in frame {frame}")]
    BadMac { frame: u64, offset: u64 },
    #[error("impossible frame length {length} in frame {frame}")]
    BadLength {
        frame: u64,
        offset: u64,
        length: u32,
    },
    #[error("undecodable frame {frame}: {msg}")]
    Decode {
        frame: u64,
        offset: u64,
        msg: String,
    },
    #[error("read failed: {0}")]
    Io(#[source] io::Error, u64),
}

impl StreamError {
    /// Byte offset of the start of the failing frame, when known.
    pub fn offset(&self) -> Option<u64> {
        match self {
            StreamError::Truncated { offset, .. }
            | StreamError::BadMac { offset, .. }
            | StreamError::BadLength { offset, .. }
            | StreamError::Decode { offset, .. }
            | StreamError::Io(_, offset) => Some(*offset),
            StreamError::NotABackup(_) | StreamError::Version(_) => None,
        }
    }

    /// The frame that failed (0 = the clear header), when it is one.
    pub fn frame(&self) -> Option<u64> {
        match self {
            StreamError::Truncated { frame, .. }
            | StreamError::BadMac { frame, .. }
            | StreamError::BadLength { frame, .. }
            | StreamError::Decode { frame, .. } => Some(*frame),
            _ => None,
        }
    }

    /// Whether the failure is what a wrong key produces (bad MAC or an
    /// absurd decrypted length).
    pub fn is_authentication(&self) -> bool {
        matches!(
            self,
            StreamError::BadMac { .. } | StreamError::BadLength { .. }
        )
    }
}

/// The two keys derived from the passphrase.
#[derive(Clone)]
pub struct Keys {
    cipher: [u8; 32],
    /// The 32-byte MAC key zero-padded to SHA-256's 64-byte block, which is
    /// exactly how HMAC treats a short key.
    mac_block: [u8; 64],
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Keys(<redacted>)")
    }
}

/// The passphrase's digits (Signal shows it in groups of five; spaces and
/// dashes are not part of it).
pub fn normalise_passphrase(raw: &str) -> String {
    raw.chars().filter(char::is_ascii_digit).collect()
}

/// Stretches the passphrase: `h = SHA-512(salt? || h || passphrase)`,
/// 250,000 times, starting from `h = passphrase` (the salt only enters the
/// first round), then HKDF-SHA256 over the first 32 bytes.
pub fn derive_keys(passphrase: &str, salt: Option<&[u8]>, iterations: u32) -> Keys {
    let input = passphrase.as_bytes();
    let mut hasher = Sha512::new();
    if let Some(salt) = salt {
        hasher.update(salt);
    }
    let mut hash = [0u8; 64];
    hasher.update(input);
    hasher.update(input);
    hash.copy_from_slice(&hasher.finalize_reset());
    for _ in 1..iterations {
        hasher.update(hash);
        hasher.update(input);
        hash.copy_from_slice(&hasher.finalize_reset());
    }
    let hk = hkdf::Hkdf::<Sha256>::new(None, &hash[..32]);
    let mut okm = [0u8; 64];
    // 64 bytes is far below HKDF-SHA256's 8160-byte limit.
    if hk.expand(b"Backup Export", &mut okm).is_err() {
        okm = [0u8; 64];
    }
    let mut keys = Keys {
        cipher: [0; 32],
        mac_block: [0; 64],
    };
    keys.cipher.copy_from_slice(&okm[..32]);
    keys.mac_block[..32].copy_from_slice(&okm[32..]);
    keys
}

/// Counts bytes read, for positions in errors and progress.
#[derive(Debug)]
struct Counting<R> {
    inner: R,
    pos: u64,
}

impl<R: Read> Counting<R> {
    /// Fills `buf` completely; `Ok(false)` when the stream ended first.
    fn fill(&mut self, buf: &mut [u8]) -> io::Result<bool> {
        let mut done = 0;
        while done < buf.len() {
            match self.inner.read(&mut buf[done..]) {
                Ok(0) => return Ok(false),
                Ok(n) => {
                    done += n;
                    self.pos += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }
}

/// Parses the clear header frame from the start of a file: the header,
/// and how many bytes it took. Used by detection too.
pub fn parse_header(head: &[u8]) -> Result<(Header, usize), StreamError> {
    let not = |m: &str| StreamError::NotABackup(m.to_owned());
    let len_bytes: [u8; 4] = head
        .get(..4)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| not("too short"))?;
    let len = u32::from_be_bytes(len_bytes);
    if len == 0 || len > MAX_HEADER {
        return Err(not("no header frame"));
    }
    let end = 4 + len as usize;
    let body = head
        .get(4..end)
        .ok_or_else(|| not("header frame cut short"))?;
    let frame = BackupFrame::decode(body).map_err(|_| not("header frame is not protobuf"))?;
    let header = frame
        .header
        .ok_or_else(|| not("first frame is not a header"))?;
    if header.iv.as_ref().map(Vec::len) != Some(16) {
        return Err(not("header has no 16-byte IV"));
    }
    if header.salt.as_ref().is_some_and(|s| s.len() != 32) {
        return Err(not("header salt is not 32 bytes"));
    }
    Ok((header, end))
}

/// Decrypts and authenticates the frames of a backup, in order.
pub struct FrameReader<R> {
    input: Counting<R>,
    keys: Keys,
    iv: [u8; 16],
    counter: u32,
    version: u32,
    /// Number of the next frame (the header was frame 0).
    frame: u64,
}

impl<R> std::fmt::Debug for FrameReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FrameReader")
            .field("frame", &self.frame)
            .field("version", &self.version)
            .finish_non_exhaustive()
    }
}

impl<R: Read> FrameReader<R> {
    /// Reads the header and derives the keys from `passphrase` (digits only).
    pub fn open(inner: R, passphrase: &str, iterations: u32) -> Result<Self, StreamError> {
        let mut input = Counting { inner, pos: 0 };
        let mut len = [0u8; 4];
        if !input.fill(&mut len).map_err(|e| StreamError::Io(e, 0))? {
            return Err(StreamError::NotABackup("too short".into()));
        }
        let n = u32::from_be_bytes(len);
        if n == 0 || n > MAX_HEADER {
            return Err(StreamError::NotABackup("no header frame".into()));
        }
        let mut head = vec![0u8; 4 + n as usize];
        head[..4].copy_from_slice(&len);
        if !input
            .fill(&mut head[4..])
            .map_err(|e| StreamError::Io(e, 4))?
        {
            return Err(StreamError::Truncated {
                frame: 0,
                offset: 0,
            });
        }
        let (header, _) = parse_header(&head)?;
        let version = header.version.unwrap_or(0);
        if version > MAX_VERSION {
            return Err(StreamError::Version(version));
        }
        let mut iv = [0u8; 16];
        iv.copy_from_slice(header.iv.as_deref().unwrap_or(&[0; 16]));
        let counter = u32::from_be_bytes([iv[0], iv[1], iv[2], iv[3]]);
        let keys = derive_keys(passphrase, header.salt.as_deref(), iterations);
        Ok(FrameReader {
            input,
            keys,
            iv,
            counter,
            version,
            frame: 1,
        })
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> u64 {
        self.input.pos
    }

    /// The frame format version from the header.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// Number of the frame read last.
    pub fn frame_number(&self) -> u64 {
        self.frame.saturating_sub(1)
    }

    fn next_iv(&mut self) -> [u8; 16] {
        self.iv[..4].copy_from_slice(&self.counter.to_be_bytes());
        self.counter = self.counter.wrapping_add(1);
        self.iv
    }

    fn mac(&self) -> HmacSha256 {
        <HmacSha256 as KeyInit>::new(&self.keys.mac_block.into())
    }

    /// The next frame, decrypted and verified. `Ok(None)` at a clean end
    /// of file exactly between frames.
    pub fn next_frame(&mut self) -> Result<Option<BackupFrame>, StreamError> {
        let frame = self.frame;
        let offset = self.input.pos;
        let truncated = StreamError::Truncated { frame, offset };
        let mut len = [0u8; 4];
        match self.input.fill(&mut len) {
            Ok(true) => {}
            Ok(false) if self.input.pos == offset => return Ok(None),
            Ok(false) => return Err(truncated),
            Err(e) => return Err(StreamError::Io(e, offset)),
        }
        let iv = self.next_iv();
        let mut cipher = Aes256Ctr::new(&self.keys.cipher.into(), &iv.into());
        let mut mac = self.mac();
        let length = if self.version >= 1 {
            mac.update(&len);
            let mut plain = len;
            cipher.apply_keystream(&mut plain);
            u32::from_be_bytes(plain)
        } else {
            u32::from_be_bytes(len)
        };
        if (length as usize) < MAC_LEN || length > MAX_FRAME {
            return Err(StreamError::BadLength {
                frame,
                offset,
                length,
            });
        }
        let mut body = vec![0u8; length as usize];
        match self.input.fill(&mut body) {
            Ok(true) => {}
            Ok(false) => return Err(truncated),
            Err(e) => return Err(StreamError::Io(e, offset)),
        }
        let split = body.len() - MAC_LEN;
        let (data, theirs) = body.split_at_mut(split);
        mac.update(data);
        if mac.verify_truncated_left(theirs).is_err() {
            return Err(StreamError::BadMac { frame, offset });
        }
        cipher.apply_keystream(data);
        self.frame += 1;
        BackupFrame::decode(&*data)
            .map(Some)
            .map_err(|e| StreamError::Decode {
                frame,
                offset,
                msg: e.to_string(),
            })
    }

    /// A reader over the blob of `length` bytes that follows an
    /// attachment, avatar or sticker frame.
    pub fn blob(&mut self, length: u32) -> BlobReader<'_, R> {
        let iv = self.next_iv();
        let cipher = Aes256Ctr::new(&self.keys.cipher.into(), &iv.into());
        let mut mac = self.mac();
        mac.update(&iv);
        let offset = self.input.pos;
        BlobReader {
            frame: self.frame.saturating_sub(1),
            offset,
            remaining: u64::from(length),
            cipher,
            mac: Some(mac),
            reader: self,
            failure: None,
        }
    }
}

/// Decrypts one blob while it is read; at its end reads and checks the MAC.
pub struct BlobReader<'a, R> {
    reader: &'a mut FrameReader<R>,
    frame: u64,
    offset: u64,
    remaining: u64,
    cipher: Aes256Ctr,
    /// `None` once the MAC has been checked.
    mac: Option<HmacSha256>,
    failure: Option<StreamError>,
}

impl<R> std::fmt::Debug for BlobReader<'_, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BlobReader")
            .field("frame", &self.frame)
            .field("remaining", &self.remaining)
            .finish_non_exhaustive()
    }
}

impl<R: Read> BlobReader<'_, R> {
    fn check_mac(&mut self) -> Result<(), StreamError> {
        let Some(mac) = self.mac.take() else {
            return Ok(());
        };
        let mut theirs = [0u8; MAC_LEN];
        let truncated = StreamError::Truncated {
            frame: self.frame,
            offset: self.offset,
        };
        match self.reader.input.fill(&mut theirs) {
            Ok(true) => {}
            Ok(false) => return Err(truncated),
            Err(e) => return Err(StreamError::Io(e, self.offset)),
        }
        mac.verify_truncated_left(&theirs)
            .map_err(|_| StreamError::BadMac {
                frame: self.frame,
                offset: self.offset,
            })
    }

    /// Reads what the consumer left, checks the MAC, and reports the first
    /// failure seen while reading.
    pub fn finish(mut self) -> Result<(), StreamError> {
        if let Some(e) = self.failure.take() {
            return Err(e);
        }
        io::copy(&mut self, &mut io::sink()).ok();
        if let Some(e) = self.failure.take() {
            return Err(e);
        }
        self.check_mac()
    }

    fn fail(&mut self, e: StreamError) -> io::Error {
        let err = io::Error::new(io::ErrorKind::InvalidData, e.to_string());
        self.failure.get_or_insert(e);
        err
    }
}

impl<R: Read> Read for BlobReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.failure.is_some() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "blob unreadable",
            ));
        }
        if self.remaining == 0 {
            return match self.check_mac() {
                Ok(()) => Ok(0),
                Err(e) => Err(self.fail(e)),
            };
        }
        let want = buf
            .len()
            .min(usize::try_from(self.remaining).unwrap_or(usize::MAX));
        let n = match self.reader.input.inner.read(&mut buf[..want]) {
            Ok(0) => {
                let e = StreamError::Truncated {
                    frame: self.frame,
                    offset: self.offset,
                };
                return Err(self.fail(e));
            }
            Ok(n) => n,
            Err(e) => return Err(e),
        };
        self.reader.input.pos += n as u64;
        self.remaining -= n as u64;
        let chunk = &mut buf[..n];
        if let Some(mac) = self.mac.as_mut() {
            mac.update(chunk);
        }
        self.cipher.apply_keystream(chunk);
        Ok(n)
    }
}
