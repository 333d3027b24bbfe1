//! The protobuf messages of the Android backup stream, written by hand with
//! `prost` derives (field numbers and types follow Signal-Android's
//! `Backups.proto`, proto2). Only the fields Ferry reads are declared;
//! unknown fields are skipped by the decoder.

/// One frame of the stream: exactly one of the fields is set.
#[derive(Clone, PartialEq, prost::Message)]
pub struct BackupFrame {
    #[prost(message, optional, tag = "1")]
    pub header: Option<Header>,
    #[prost(message, optional, tag = "2")]
    pub statement: Option<SqlStatement>,
    #[prost(message, optional, tag = "3")]
    pub preference: Option<SharedPreference>,
    #[prost(message, optional, tag = "4")]
    pub attachment: Option<AttachmentFrame>,
    #[prost(message, optional, tag = "5")]
    pub version: Option<DatabaseVersion>,
    #[prost(bool, optional, tag = "6")]
    pub end: Option<bool>,
    #[prost(message, optional, tag = "7")]
    pub avatar: Option<Avatar>,
    #[prost(message, optional, tag = "8")]
    pub sticker: Option<Sticker>,
    #[prost(message, optional, tag = "9")]
    pub key_value: Option<KeyValue>,
}

/// The clear-text first frame: counter IV, key-derivation salt, frame format.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Header {
    #[prost(bytes = "vec", optional, tag = "1")]
    pub iv: Option<Vec<u8>>,
    #[prost(bytes = "vec", optional, tag = "2")]
    pub salt: Option<Vec<u8>>,
    #[prost(uint32, optional, tag = "3")]
    pub version: Option<u32>,
}

/// One SQL statement with its bound parameters.
#[derive(Clone, PartialEq, prost::Message)]
pub struct SqlStatement {
    #[prost(string, optional, tag = "1")]
    pub statement: Option<String>,
    #[prost(message, repeated, tag = "2")]
    pub parameters: Vec<SqlParameter>,
}

/// A bound value; exactly one field is set. Integers are Java `long`s
/// written as `uint64` (negative values arrive two's-complement).
#[derive(Clone, PartialEq, prost::Message)]
pub struct SqlParameter {
    #[prost(string, optional, tag = "1")]
    pub string_paramter: Option<String>,
    #[prost(uint64, optional, tag = "2")]
    pub integer_parameter: Option<u64>,
    #[prost(double, optional, tag = "3")]
    pub double_parameter: Option<f64>,
    #[prost(bytes = "vec", optional, tag = "4")]
    pub blob_parameter: Option<Vec<u8>>,
    #[prost(bool, optional, tag = "5")]
    pub nullparameter: Option<bool>,
}

/// An Android shared preference (`file`, `key`, `value`).
#[derive(Clone, PartialEq, prost::Message)]
pub struct SharedPreference {
    #[prost(string, optional, tag = "1")]
    pub file: Option<String>,
    #[prost(string, optional, tag = "2")]
    pub key: Option<String>,
    #[prost(string, optional, tag = "3")]
    pub value: Option<String>,
}

/// Announces an attachment blob of `length` bytes right after this frame.
#[derive(Clone, PartialEq, prost::Message)]
pub struct AttachmentFrame {
    #[prost(uint64, optional, tag = "1")]
    pub row_id: Option<u64>,
    #[prost(uint64, optional, tag = "2")]
    pub attachment_id: Option<u64>,
    #[prost(uint32, optional, tag = "3")]
    pub length: Option<u32>,
}

/// Announces a sticker image blob.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Sticker {
    #[prost(uint64, optional, tag = "1")]
    pub row_id: Option<u64>,
    #[prost(uint32, optional, tag = "2")]
    pub length: Option<u32>,
}

/// Announces a profile picture blob.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Avatar {
    #[prost(string, optional, tag = "1")]
    pub name: Option<String>,
    #[prost(uint32, optional, tag = "2")]
    pub length: Option<u32>,
    #[prost(string, optional, tag = "3")]
    pub recipient_id: Option<String>,
}

/// The Android database's schema version.
#[derive(Clone, PartialEq, prost::Message)]
pub struct DatabaseVersion {
    #[prost(uint32, optional, tag = "1")]
    pub version: Option<u32>,
}

/// One entry of Signal's key-value store (account data such as `account.aci`).
#[derive(Clone, PartialEq, prost::Message)]
pub struct KeyValue {
    #[prost(string, optional, tag = "1")]
    pub key: Option<String>,
    #[prost(bytes = "vec", optional, tag = "2")]
    pub blob_value: Option<Vec<u8>>,
    #[prost(bool, optional, tag = "3")]
    pub boolean_value: Option<bool>,
    #[prost(float, optional, tag = "4")]
    pub float_value: Option<f32>,
    #[prost(int32, optional, tag = "5")]
    pub integer_value: Option<i32>,
    #[prost(int64, optional, tag = "6")]
    pub long_value: Option<i64>,
    #[prost(string, optional, tag = "7")]
    pub string_value: Option<String>,
}
