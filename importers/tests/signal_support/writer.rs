//! A minimal writer of Signal Android backups for tests and benchmarks:
//! the same key derivation, counters, encryption and MACs as the app,
//! implemented independently of the importer's reader.

#![allow(dead_code)]

use aes::Aes256;
use ctr::cipher::{KeyIvInit, StreamCipher};
use ferry_importers::signal::backup::proto::{
    AttachmentFrame, Avatar, BackupFrame, DatabaseVersion, Header, KeyValue, SharedPreference,
    SqlParameter, SqlStatement,
};
use hmac::{Hmac, Mac};
use prost::Message as _;
use sha2::{Digest, Sha256, Sha512};

type Ctr = ctr::Ctr128BE<Aes256>;

/// A bound SQL value.
#[derive(Debug, Clone)]
pub enum Param {
    Int(i64),
    Text(&'static str),
    Owned(String),
    Null,
}

pub struct Writer {
    pub out: Vec<u8>,
    cipher_key: [u8; 32],
    mac_key: [u8; 32],
    iv: [u8; 16],
    counter: u32,
    version: u32,
}

fn keys(pass: &str, salt: &[u8]) -> ([u8; 32], [u8; 32]) {
    let mut h: Vec<u8> = pass.as_bytes().to_vec();
    for i in 0..250_000 {
        let mut d = Sha512::new();
        if i == 0 {
            d.update(salt);
        }
        d.update(&h);
        d.update(pass.as_bytes());
        h = d.finalize().to_vec();
    }
    let hk = hkdf::Hkdf::<Sha256>::new(None, &h[..32]);
    let mut okm = [0u8; 64];
    hk.expand(b"Backup Export", &mut okm).unwrap();
    let (mut c, mut m) = ([0u8; 32], [0u8; 32]);
    c.copy_from_slice(&okm[..32]);
    m.copy_from_slice(&okm[32..]);
    (c, m)
}

impl Writer {
    /// Starts a backup: the clear header, keys from `pass` (30 digits).
    pub fn new(pass: &str, version: u32) -> Writer {
        let salt = [0x5a; 32];
        let mut iv = [0x11; 16];
        iv[..4].copy_from_slice(&7u32.to_be_bytes());
        let header = BackupFrame {
            header: Some(Header {
                iv: Some(iv.to_vec()),
                salt: Some(salt.to_vec()),
                version: (version > 0).then_some(version),
            }),
            ..BackupFrame::default()
        };
        let body = header.encode_to_vec();
        let mut out = (body.len() as u32).to_be_bytes().to_vec();
        out.extend_from_slice(&body);
        let (cipher_key, mac_key) = keys(pass, &salt);
        Writer {
            out,
            cipher_key,
            mac_key,
            iv,
            counter: 7,
            version,
        }
    }

    fn next_iv(&mut self) -> [u8; 16] {
        self.iv[..4].copy_from_slice(&self.counter.to_be_bytes());
        self.counter += 1;
        self.iv
    }

    fn mac(&self) -> Hmac<Sha256> {
        <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key).unwrap()
    }

    pub fn frame(&mut self, frame: BackupFrame) -> &mut Self {
        let plain = frame.encode_to_vec();
        let iv = self.next_iv();
        let mut c = Ctr::new(&self.cipher_key.into(), &iv.into());
        let len = (plain.len() as u32 + 10).to_be_bytes();
        let mut mac = self.mac();
        if self.version >= 1 {
            let mut enc_len = len;
            c.apply_keystream(&mut enc_len);
            mac.update(&enc_len);
            self.out.extend_from_slice(&enc_len);
        } else {
            self.out.extend_from_slice(&len);
        }
        let mut body = plain;
        c.apply_keystream(&mut body);
        mac.update(&body);
        self.out.extend_from_slice(&body);
        self.out
            .extend_from_slice(&mac.finalize().into_bytes()[..10]);
        self
    }

    fn blob(&mut self, data: &[u8]) {
        let iv = self.next_iv();
        let mut c = Ctr::new(&self.cipher_key.into(), &iv.into());
        let mut mac = self.mac();
        mac.update(&iv);
        let mut body = data.to_vec();
        c.apply_keystream(&mut body);
        mac.update(&body);
        self.out.extend_from_slice(&body);
        self.out
            .extend_from_slice(&mac.finalize().into_bytes()[..10]);
    }

    pub fn sql(&mut self, sql: &str, params: &[Param]) -> &mut Self {
        let parameters = params
            .iter()
            .map(|p| match p {
                Param::Int(i) => SqlParameter {
                    integer_parameter: Some(*i as u64),
                    ..Default::default()
                },
                Param::Text(s) => SqlParameter {
                    string_paramter: Some((*s).to_owned()),
                    ..Default::default()
                },
                Param::Owned(s) => SqlParameter {
                    string_paramter: Some(s.clone()),
                    ..Default::default()
                },
                Param::Null => SqlParameter {
                    nullparameter: Some(true),
                    ..Default::default()
                },
            })
            .collect();
        self.frame(BackupFrame {
            statement: Some(SqlStatement {
                statement: Some(sql.to_owned()),
                parameters,
            }),
            ..Default::default()
        })
    }

    pub fn db_version(&mut self, v: u32) -> &mut Self {
        self.frame(BackupFrame {
            version: Some(DatabaseVersion { version: Some(v) }),
            ..Default::default()
        })
    }

    pub fn preference(&mut self, key: &str, value: &str) -> &mut Self {
        self.frame(BackupFrame {
            preference: Some(SharedPreference {
                file: Some("org.thoughtcrime.securesms_preferences".into()),
                key: Some(key.into()),
                value: Some(value.into()),
            }),
            ..Default::default()
        })
    }

    pub fn key_value(&mut self, key: &str, value: &str) -> &mut Self {
        self.frame(BackupFrame {
            key_value: Some(KeyValue {
                key: Some(key.into()),
                string_value: Some(value.into()),
                ..Default::default()
            }),
            ..Default::default()
        })
    }

    pub fn attachment(&mut self, row_id: u64, data: &[u8]) -> &mut Self {
        self.frame(BackupFrame {
            attachment: Some(AttachmentFrame {
                row_id: Some(row_id),
                attachment_id: Some(row_id),
                length: Some(data.len() as u32),
            }),
            ..Default::default()
        });
        self.blob(data);
        self
    }

    pub fn avatar(&mut self, name: &str, data: &[u8]) -> &mut Self {
        self.frame(BackupFrame {
            avatar: Some(Avatar {
                name: Some(name.into()),
                length: Some(data.len() as u32),
                recipient_id: Some(name.into()),
            }),
            ..Default::default()
        });
        self.blob(data);
        self
    }

    pub fn end(&mut self) -> Vec<u8> {
        self.frame(BackupFrame {
            end: Some(true),
            ..Default::default()
        });
        std::mem::take(&mut self.out)
    }
}
