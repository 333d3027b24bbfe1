//! Importers: recognise chat exports and parse them into [`ferry_model`] values.
//!
//! Importers are pure: they read bytes through an [`Input`] and push chats,
//! messages and media into a [`Sink`]. They never touch the library; the
//! caller (`ferry-core`) connects a sink to the store.
//!
//! Map:
//! - [`input`]: where bytes come from: a single file, a folder, or a zip
//!   opened safely (no `../` entries, capped sizes, junk ignored).
//! - [`sink`]: the [`Sink`] trait importers write into, and [`MemorySink`]
//!   for tests and dry runs.
//! - [`error`]: [`ImportError`], always naming the file and, where there is
//!   one, the position.
//! - [`options`]: [`ImportOptions`] (time zone, date order, who is "me").
//! - [`registry`]: the [`Format`]s, [`detect`] and [`import`].
//! - [`json_str`]: a JSON string field that borrows from the parse buffer.
//! - [`par_items`]: the elements of a long JSON array parsed on worker
//!   threads, applied to the sink in file order.
//! - [`ordered_pipeline`]: a reader thread feeding the sink's thread in order.
//! - one module per format (`whatsapp`, `meta` (Messenger, Instagram),
//!   `x_dms`, ...).
//! - one module per format (`whatsapp`, `discord`, `sms`, ...).

pub mod discord;
pub mod error;
pub mod google_chat;
pub mod imessage;
pub mod input;
pub mod json_end;
pub mod json_quick;
pub mod json_str;
pub mod kakaotalk;
pub mod line;
pub mod matrix;
pub mod meta;
pub mod options;
pub mod ordered_pipeline;
pub mod par_items;
pub mod registry;
pub mod signal;
pub mod sink;
pub mod slack;
pub mod sms;
pub mod telegram;
pub mod threema;
pub(crate) mod transcript;
pub mod whatsapp;
pub mod x_dms;

pub use error::{ImportError, ImportErrorKind, Position};
pub use input::{Input, InputError};
pub use options::{DateOrder, ImportOptions, Secret};
pub use registry::{Detected, Format, IMPORTERS, Importer, detect, import};
pub use sink::{ChatHandle, MemorySink, Sink, SinkError, StoredMedia, Warning};
