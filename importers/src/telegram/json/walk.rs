//! Walks `result.json` and hands every message to the sink as soon as it is
//! read: memory holds one message at a time, never the file or a chat.
//!
//! The [`Scanner`] steps through the outer structure; each message (and
//! each small value Ferry needs, such as a chat's `name`) is parsed by
//! serde_json from the scanner's buffer into [`RawMessage`].
//!
//! The root is either a chat (single-chat export: `name`, `type`, `id`,
//! `messages`) or an account (`personal_information`, `chats.list[]`,
//! `left_chats.list[]`); one routine handles both shapes. A chat is opened
//! in the sink when its `messages` key arrives (Telegram writes `name`,
//! `type` and `id` before it).

use super::convert::{ChatState, Ctx, Named, Prep, Prepared};
use super::raw::{PersonalInfo, scalar_text};
use super::scan::{self, ScanError, Scanner};
use crate::SinkError;
use crate::par_items::{self, Batch, ItemPos, Par};
use crate::telegram::common::{chat_kind, chat_title};
use ferry_model::{App, Chat};
use serde::de::DeserializeOwned;
use std::io::Read;

/// Messages between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

/// Why a walk stopped.
#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error(transparent)]
    Scan(#[from] ScanError),
    #[error(transparent)]
    Sink(#[from] SinkError),
}

impl WalkError {
    pub fn offset(&self) -> Option<u64> {
        match self {
            WalkError::Scan(e) => e.offset(),
            WalkError::Sink(_) => None,
        }
    }
}

/// The state of one walk over a file.
#[derive(Debug)]
pub struct Walk<'a, R> {
    pub ctx: Ctx<'a>,
    scan: Scanner<R>,
    key_buf: Vec<u8>,
    pub chats: u64,
    pub messages: u64,
    /// Size of the file, for progress.
    total: u64,
    /// How message arrays are parsed.
    pub par: Par,
}

#[derive(Debug, Default)]
struct ChatMeta {
    name: Option<String>,
    ty: Option<String>,
    id: Option<String>,
}

impl<'a, R: Read> Walk<'a, R> {
    pub fn new(ctx: Ctx<'a>, reader: R, total: u64) -> Self {
        Walk {
            ctx,
            scan: Scanner::new(reader),
            key_buf: Vec::new(),
            chats: 0,
            messages: 0,
            total,
            par: Par::auto(),
        }
    }

    /// Bytes read so far.
    pub fn bytes_read(&self) -> u64 {
        self.scan.bytes_read()
    }

    /// Reads the whole file.
    pub fn run(&mut self) -> Result<(), WalkError> {
        self.scan.expect(b'{', "a JSON object")?;
        self.object(true)?;
        match self.scan.peek()? {
            None => Ok(()),
            Some(b) => Err(ScanError::Unexpected {
                expected: "the end of the file",
                found: format!("byte 0x{b:02x}"),
                at: self.scan.offset(),
            }
            .into()),
        }
    }

    /// The members of a chat object or of the root, after its `{`.
    fn object(&mut self, root: bool) -> Result<(), WalkError> {
        let mut meta = ChatMeta::default();
        let mut chat: Option<ChatState> = None;
        let mut first = true;
        while self.scan.next_member(first, b'}')? {
            first = false;
            let key = self.scan.key(&mut self.key_buf)?;
            match key.as_str() {
                "name" => meta.name = self.value::<Option<String>>()?,
                "type" => meta.ty = self.value::<Option<String>>()?,
                "id" => meta.id = scalar_text(&self.value::<serde_json::Value>()?),
                "messages" => {
                    let state = match chat.as_mut() {
                        Some(s) => s,
                        None => chat.insert(self.begin(&meta)?),
                    };
                    self.messages(state)?;
                }
                "personal_information" if root => {
                    let p: PersonalInfo = self.value()?;
                    self.set_me(p);
                }
                "chats" | "left_chats" if root => self.chat_list()?,
                _ => self.scan.skip_value()?,
            }
        }
        // A chat without a `messages` key is still a chat (an empty one).
        if chat.is_none() && (!root || meta.ty.is_some()) {
            self.begin(&meta)?;
        }
        Ok(())
    }

    /// Parses the next value with serde.
    fn value<T: DeserializeOwned>(&mut self) -> Result<T, WalkError> {
        Ok(self.scan.parse()?)
    }

    /// `\x` escapes repaired so far.
    pub fn repaired(&self) -> u64 {
        self.scan.repaired
    }

    fn set_me(&mut self, p: PersonalInfo) {
        let me = &mut self.ctx.me;
        me.key = p
            .user_id
            .as_ref()
            .and_then(scalar_text)
            .filter(|u| !u.is_empty())
            .map(|u| format!("user{u}"));
        let name: Vec<&str> = [p.first_name.as_deref(), p.last_name.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        me.name = (!name.is_empty()).then(|| name.join(" "));
        me.phone = p.phone_number.filter(|s| !s.is_empty());
        me.handle = p.username.filter(|s| !s.is_empty());
    }

    /// `{"about": ..., "list": [chat, ...]}` of `chats` and `left_chats`.
    fn chat_list(&mut self) -> Result<(), WalkError> {
        if self.scan.peek()? != Some(b'{') {
            return Ok(self.scan.skip_value()?);
        }
        self.scan.expect(b'{', "'{'")?;
        let mut first = true;
        while self.scan.next_member(first, b'}')? {
            first = false;
            let key = self.scan.key(&mut self.key_buf)?;
            if key != "list" || self.scan.peek()? != Some(b'[') {
                self.scan.skip_value()?;
                continue;
            }
            self.scan.expect(b'[', "'['")?;
            let mut first_chat = true;
            while self.scan.next_member(first_chat, b']')? {
                first_chat = false;
                if self.scan.peek()? == Some(b'{') {
                    self.scan.expect(b'{', "'{'")?;
                    self.object(false)?;
                } else {
                    self.scan.skip_value()?;
                }
            }
        }
        Ok(())
    }

    /// `messages: [...]` of one chat: the elements are cut out here, parsed
    /// and prepared by [`par_items`] workers, and sent on in file order.
    fn messages(&mut self, chat: &mut ChatState) -> Result<(), WalkError> {
        if self.scan.peek()? != Some(b'[') {
            return Ok(self.scan.skip_value()?);
        }
        self.scan.expect(b'[', "'['")?;
        let Walk {
            ctx,
            scan,
            messages,
            total,
            par,
            ..
        } = self;
        let file = ctx.file.clone();
        let chat_id = chat.id.clone();
        let prep = Prep {
            options: ctx.options,
            file: &file,
            chat_id: chat_id.as_deref(),
        };
        let mut repaired = 0;
        let mut first = true;
        let fill = |batch: &mut Batch| -> Result<bool, WalkError> {
            loop {
                if !scan.next_member(first, b']')? {
                    return Ok(false);
                }
                first = false;
                match scan.peek()? {
                    Some(b'{') => {}
                    found => return Err(scan.unexpected("a message object", found).into()),
                }
                let at = scan.offset();
                let start = batch.bytes.len();
                scan.copy_value(&mut batch.bytes)?;
                let end = scan.offset();
                batch.close_item(start, ItemPos { at, end });
                if batch.is_full() {
                    return Ok(true);
                }
            }
        };
        let parse = |named: &mut Named, bytes: &[u8], pos: ItemPos| {
            scan::parse_message(bytes, pos.at, |raw| prep.prepare(raw, named))
        };
        let apply = |parsed: Result<(Prepared, u64), ScanError>, pos: ItemPos| {
            let (prepared, fixed) = parsed?;
            repaired += fixed;
            if let Some(msg) = ctx.apply(prepared, chat)? {
                ctx.sink.message(chat.handle, msg)?;
                *messages += 1;
                if messages.is_multiple_of(PROGRESS_EVERY) {
                    ctx.sink.progress(pos.end, (*total).max(pos.end))?;
                }
            }
            Ok(())
        };
        let result = par_items::run(par, fill, parse, apply);
        scan.repaired += repaired;
        result
    }

    fn begin(&mut self, meta: &ChatMeta) -> Result<ChatState, SinkError> {
        let ty = meta.ty.as_deref().unwrap_or("");
        let mut chat = Chat::new(
            App::Telegram,
            chat_title(meta.name.as_deref(), ty),
            chat_kind(ty),
        );
        chat.native_id = meta.id.clone();
        let handle = self.ctx.sink.begin_chat(chat)?;
        self.chats += 1;
        let mut state = ChatState::new(handle, meta.id.clone());
        if let Some(key) = self.ctx.me.key.clone() {
            let name = self.ctx.me.name.clone();
            self.ctx.participant(&mut state, &key, name.as_deref())?;
        }
        if let ("personal_chat" | "bot_chat", Some(id)) = (ty, &meta.id) {
            let key = format!("user{id}");
            self.ctx
                .participant(&mut state, &key, meta.name.as_deref())?;
        }
        Ok(state)
    }
}
