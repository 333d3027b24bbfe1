//! `sms-xml`: an SMS Backup & Restore file for Android's SMS/MMS store.
//!
//! - 1:1 text -> `<sms>` (`type` 1 received / 2 sent); attachments or
//!   groups -> `<mms>` (`msg_box` 1/2, `m_type` 132/128) with a text part
//!   and base64 media parts, `address` = the other members joined by `~`,
//!   `<addrs>` with 137 (from) and 151 (to).
//! - Every member besides the user needs a phone number (participant
//!   phone, or `--phone "Name=+31..."`); otherwise the export stops with an
//!   error naming who lacks one.
//! - Dates in ms, `readable_date`, `contact_name`; every attribute escaped,
//!   characters outside the BMP written as two surrogate character
//!   references, the way the app itself writes them.
//! - System lines are skipped (SMS has none). Records are written to a
//!   temporary file first so the root element can carry the exact `count`.

use super::base64::encode_stream;
use crate::ExportError;
use crate::driver::{Ctx, Writer};
use crate::error::IoContext;
use crate::escape::xml_attr_into;
use crate::util::{create, degraded_notes, media_source};
use ferry_model::{ChatInfo, MessageKind, StoredMessage};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

pub(crate) struct SmsXmlWriter {
    path: PathBuf,
    tmp_path: PathBuf,
    tmp: Option<BufWriter<File>>,
    count: u64,
    last_date: i64,
    /// Other members of the current chat: (key, name, phone).
    others: Vec<(String, String, String)>,
    me_key: Option<String>,
    me_phone: Option<String>,
    buf: String,
}

impl SmsXmlWriter {
    pub fn new(ctx: &mut Ctx<'_>) -> Result<Self, ExportError> {
        let default_name = format!("sms-{}.xml", chrono::Utc::now().format("%Y%m%d%H%M%S"));
        let path = crate::util::single_file(&ctx.opts.out, "xml", &default_name);
        let mut tmp_name = path
            .file_name()
            .map(|n| n.to_os_string())
            .unwrap_or_default();
        tmp_name.push(".tmp");
        let tmp_path = path.with_file_name(tmp_name);
        let tmp = Some(create(&tmp_path)?);
        Ok(SmsXmlWriter {
            path,
            tmp_path,
            tmp,
            count: 0,
            last_date: 0,
            others: Vec::new(),
            me_key: None,
            me_phone: None,
            buf: String::new(),
        })
    }

    fn phone_for(ctx: &Ctx<'_>, name: &str, key: &str, own: Option<&str>) -> Option<String> {
        ctx.opts
            .phones
            .get(name)
            .or_else(|| ctx.opts.phones.get(key))
            .cloned()
            .or_else(|| own.map(str::to_owned))
            .filter(|p| !p.trim().is_empty())
    }

    fn write_tmp(&mut self) -> Result<(), ExportError> {
        let Some(t) = self.tmp.as_mut() else {
            return Err(ExportError::Misuse("write after finish"));
        };
        t.write_all(self.buf.as_bytes()).at(&self.tmp_path)
    }
}

/// ` name="value"` with the value escaped; counts dropped characters.
fn attr(ctx: &mut Ctx<'_>, buf: &mut String, name: &str, value: &str) {
    buf.push(' ');
    buf.push_str(name);
    buf.push_str("=\"");
    let dropped = xml_attr_into(buf, value);
    if dropped > 0 {
        ctx.summary.degrade_n(
            "character XML cannot hold (control character) removed",
            dropped,
        );
    }
    buf.push('"');
}

fn readable(ctx: &Ctx<'_>, m: &StoredMessage) -> String {
    ctx.local(&m.message.sent_at)
        .format("%b %-d, %Y %-I:%M:%S %p")
        .to_string()
}

impl Writer for SmsXmlWriter {
    fn begin_chat(&mut self, ctx: &mut Ctx<'_>, chat: &ChatInfo) -> Result<(), ExportError> {
        let me: Vec<_> = chat.participants.iter().filter(|m| ctx.is_me(m)).collect();
        if me.is_empty() {
            let candidates: Vec<String> = chat
                .participants
                .iter()
                .map(|m| m.participant.name.clone())
                .collect();
            return Err(ExportError::UnknownMe {
                chat: chat.title.clone(),
                candidates: candidates.join(", "),
            });
        }
        self.me_key = me.first().map(|m| m.participant.key.clone());
        self.me_phone = me.first().and_then(|m| {
            Self::phone_for(
                ctx,
                &m.participant.name,
                &m.participant.key,
                m.participant.phone.as_deref(),
            )
        });
        self.others.clear();
        let mut missing = Vec::new();
        for m in chat.participants.iter().filter(|m| !ctx.is_me(m)) {
            let p = &m.participant;
            match Self::phone_for(ctx, &p.name, &p.key, p.phone.as_deref()) {
                Some(phone) => self.others.push((p.key.clone(), ctx.member_name(m), phone)),
                None => missing.push(p.name.clone()),
            }
        }
        if !missing.is_empty() {
            return Err(ExportError::MissingPhone {
                chat: chat.title.clone(),
                participants: missing,
            });
        }
        if self.others.is_empty() {
            return Err(ExportError::NoRecipient {
                chat: chat.title.clone(),
            });
        }
        let hint = if self.others.len() == 1 {
            "Android: a text thread with one number".to_owned()
        } else {
            format!(
                "Android: a group MMS thread of {} numbers (the group name is not kept)",
                self.others.len()
            )
        };
        if let Some(s) = ctx.chat_summary() {
            s.target_hint = Some(hint);
        }
        Ok(())
    }

    fn message(&mut self, ctx: &mut Ctx<'_>, m: &StoredMessage) -> Result<(), ExportError> {
        let msg = &m.message;
        if msg.kind == MessageKind::System {
            ctx.summary.degrade("system line skipped (SMS has none)");
            return Ok(());
        }
        let from_me = m.sender_is_me
            || (msg.sender.is_some() && msg.sender.as_deref() == self.me_key.as_deref());
        let notes = if ctx.opts.degrade_to_text {
            degraded_notes(ctx, m)
        } else {
            Default::default()
        };
        let mut text = String::new();
        for line in [&notes.forwarded, &notes.reply].into_iter().flatten() {
            text.push_str(line);
            text.push('\n');
        }
        text.push_str(&msg.text);
        if notes.edited {
            text.push_str(" (edited)");
        }
        if let Some(r) = &notes.reactions {
            text.push('\n');
            text.push_str(r);
        }
        let mut media = Vec::new();
        for a in &msg.attachments {
            match media_source(ctx, a) {
                Some(path) => media.push((a, path)),
                None => {
                    ctx.summary
                        .degrade("attachment not in the library: named in the text");
                    if !text.is_empty() {
                        text.push('\n');
                    }
                    text.push_str(&format!("({} not included)", a.file_name));
                }
            }
        }
        if text.is_empty() && media.is_empty() {
            ctx.summary.degrade("empty message skipped");
            return Ok(());
        }
        let date = msg.sent_at.unix_millis();
        self.last_date = self.last_date.max(date);
        let sender_key = msg.sender.as_deref();
        let group = self.others.len() > 1;
        self.buf.clear();
        let mut b = std::mem::take(&mut self.buf);
        if !group && media.is_empty() {
            let Some((_, name, phone)) = self.others.first().cloned() else {
                return Err(ExportError::Misuse("message before begin_chat"));
            };
            b.push_str("  <sms protocol=\"0\"");
            attr(ctx, &mut b, "address", &phone);
            attr(ctx, &mut b, "date", &date.to_string());
            attr(ctx, &mut b, "type", if from_me { "2" } else { "1" });
            b.push_str(" subject=\"null\"");
            attr(ctx, &mut b, "body", &text);
            b.push_str(" toa=\"null\" sc_toa=\"null\" service_center=\"null\" read=\"1\" status=\"-1\" locked=\"0\" date_sent=\"0\"");
            attr(ctx, &mut b, "readable_date", &readable(ctx, m));
            attr(ctx, &mut b, "contact_name", &name);
            b.push_str(" />\n");
            self.buf = b;
            self.write_tmp()?;
        } else {
            let addresses: Vec<String> = self.others.iter().map(|(_, _, p)| p.clone()).collect();
            let names: Vec<String> = self.others.iter().map(|(_, n, _)| n.clone()).collect();
            b.push_str("  <mms");
            attr(ctx, &mut b, "date", &date.to_string());
            b.push_str(" ct_t=\"application/vnd.wap.multipart.related\"");
            attr(ctx, &mut b, "msg_box", if from_me { "2" } else { "1" });
            attr(ctx, &mut b, "address", &addresses.join("~"));
            attr(ctx, &mut b, "m_type", if from_me { "128" } else { "132" });
            attr(
                ctx,
                &mut b,
                "text_only",
                if media.is_empty() { "1" } else { "0" },
            );
            b.push_str(
                " sub=\"null\" read=\"1\" seen=\"1\" locked=\"0\" date_sent=\"0\" m_id=\"null\"",
            );
            attr(ctx, &mut b, "readable_date", &readable(ctx, m));
            attr(ctx, &mut b, "contact_name", &names.join(", "));
            b.push_str(">\n    <parts>\n");
            if !text.is_empty() {
                b.push_str("      <part seq=\"0\" ct=\"text/plain\" name=\"null\" chset=\"106\" cd=\"null\" fn=\"null\" cid=\"&lt;text000000&gt;\" cl=\"text000000.txt\" ctt_s=\"null\" ctt_t=\"null\"");
                attr(ctx, &mut b, "text", &text);
                b.push_str(" />\n");
            }
            self.buf = b;
            self.write_tmp()?;
            for (a, path) in &media {
                let mut b = std::mem::take(&mut self.buf);
                b.clear();
                let mime = a.mime.clone().unwrap_or_else(|| guess_mime(a));
                b.push_str("      <part seq=\"0\"");
                attr(ctx, &mut b, "ct", &mime);
                attr(ctx, &mut b, "name", &a.file_name);
                b.push_str(" chset=\"null\" cd=\"null\" fn=\"null\"");
                attr(ctx, &mut b, "cid", &format!("<{}>", a.file_name));
                attr(ctx, &mut b, "cl", &a.file_name);
                b.push_str(" ctt_s=\"null\" ctt_t=\"null\" text=\"null\" data=\"");
                self.buf = b;
                self.write_tmp()?;
                let mut f = File::open(path).at(path)?;
                let Some(t) = self.tmp.as_mut() else {
                    return Err(ExportError::Misuse("write after finish"));
                };
                encode_stream(&mut f, t).at(path)?;
                t.write_all(b"\" />\n").at(&self.tmp_path)?;
                ctx.summary.attachments_written += 1;
            }
            let mut b = std::mem::take(&mut self.buf);
            b.clear();
            b.push_str("    </parts>\n    <addrs>\n");
            let from = if from_me {
                self.me_phone
                    .clone()
                    .unwrap_or_else(|| "insert-address-token".to_owned())
            } else {
                self.others
                    .iter()
                    .find(|(k, _, _)| Some(k.as_str()) == sender_key)
                    .map(|(_, _, p)| p.clone())
                    .unwrap_or_else(|| addresses.first().cloned().unwrap_or_default())
            };
            b.push_str("      <addr");
            attr(ctx, &mut b, "address", &from);
            b.push_str(" type=\"137\" charset=\"106\" />\n");
            let mut to: Vec<String> = addresses.iter().filter(|p| **p != from).cloned().collect();
            if !from_me && let Some(mine) = &self.me_phone {
                to.push(mine.clone());
            }
            for p in to {
                b.push_str("      <addr");
                attr(ctx, &mut b, "address", &p);
                b.push_str(" type=\"151\" charset=\"106\" />\n");
            }
            b.push_str("    </addrs>\n  </mms>\n");
            self.buf = b;
            self.write_tmp()?;
        }
        self.count += 1;
        let sender = ctx.sender(m);
        ctx.recent.put(m.id, sender.as_deref(), &msg.text, 0);
        Ok(())
    }

    fn end_chat(&mut self, _ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        Ok(())
    }

    fn finish(&mut self, ctx: &mut Ctx<'_>) -> Result<(), ExportError> {
        let Some(mut tmp) = self.tmp.take() else {
            return Ok(());
        };
        tmp.flush().at(&self.tmp_path)?;
        drop(tmp);
        let mut out = create(&self.path)?;
        let head = format!(
            "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n\
             <!--File Created By Ferry in the SMS Backup & Restore format-->\n\
             <smses count=\"{}\" backup_date=\"{}\" type=\"full\">\n",
            self.count, self.last_date
        );
        out.write_all(head.as_bytes()).at(&self.path)?;
        let mut src = File::open(&self.tmp_path).at(&self.tmp_path)?;
        std::io::copy(&mut src, &mut out).at(&self.path)?;
        out.write_all(b"</smses>\n").at(&self.path)?;
        out.flush().at(&self.path)?;
        std::fs::remove_file(&self.tmp_path).at(&self.tmp_path)?;
        ctx.summary.file(self.path.clone());
        Ok(())
    }
}

fn guess_mime(a: &ferry_model::Attachment) -> String {
    match crate::util::media_ext(a).as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "heic" => "image/heic",
        "mp4" | "m4v" => "video/mp4",
        "3gp" => "video/3gpp",
        "mov" => "video/quicktime",
        "opus" | "ogg" | "oga" => "audio/ogg",
        "mp3" => "audio/mpeg",
        "m4a" => "audio/mp4",
        "amr" => "audio/amr",
        "vcf" => "text/x-vcard",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
    .to_owned()
}
