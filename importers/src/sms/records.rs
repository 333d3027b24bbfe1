//! `<sms>`, `<mms>` (with `<part>`s and `<addr>`s) and `<call>` elements →
//! messages in rebuilt threads.
//!
//! - Direction: `sms@type` 1 received, 2 sent, 4 outbox, 5 failed, 6 queued
//!   (the last four are the phone owner's); 3 (draft) is skipped.
//!   `mms@msg_box` 1 received, 2/4 sent, 3 draft skipped. The sender of a
//!   received MMS is its `<addr type="137">`.
//! - Time: `date` is Unix milliseconds; a value below 10^11 (which as
//!   milliseconds would be before March 1973) is read as seconds.
//! - Parts: `text/plain` → text, `application/smil` → dropped, anything else
//!   → an attachment whose base64 `data` is decoded into the sink as it is
//!   read.
//! - Calls: a [`MessageKind::Call`] line in the 1:1 thread of the number.
//! - No native ids: the format has none that survive a restore, so the
//!   store deduplicates these messages by content.

use super::decode::{Base64Reader, Repairs, decode};
use super::phone::{self, OWN_TOKEN};
use super::threads::{ME, Member, Threads};
use super::xml::Attrs;
use crate::{ChatHandle, Sink, SinkError};
use chrono::{DateTime, FixedOffset, Offset, TimeZone, Utc};
use ferry_model::{Attachment, MediaKind, Message, MessageKind, Participant, Timestamp};

/// Values below this are seconds, not milliseconds (10^11 ms ≈ 1973-03-03).
pub const SECONDS_BELOW: i64 = 100_000_000_000;

/// A `date` attribute as a timestamp in the offset of `tz` at that instant.
pub fn timestamp(value: i64, tz: &chrono_tz::Tz) -> Option<Timestamp> {
    let millis = if value.unsigned_abs() < SECONDS_BELOW as u64 {
        value.checked_mul(1000)?
    } else {
        value
    };
    let utc = DateTime::<Utc>::from_timestamp_millis(millis)?;
    let offset: FixedOffset = tz.offset_from_utc_datetime(&utc.naive_utc()).fix();
    Some(Timestamp(utc.with_timezone(&offset)))
}

/// Decodes an optional attribute (`null` and absence are `None`).
pub fn text(a: &Attrs<'_>, name: &str, repairs: &mut Repairs) -> Option<String> {
    a.raw(name).map(|raw| decode(raw, repairs))
}

/// Who sent an SMS of this `type`, or `None` for drafts.
pub fn sms_is_mine(kind: i64) -> Option<bool> {
    match kind {
        3 => None,
        2 | 4 | 5 | 6 => Some(true),
        _ => Some(false),
    }
}

/// Who sent an MMS in this `msg_box`, or `None` for drafts.
pub fn mms_is_mine(msg_box: i64) -> Option<bool> {
    match msg_box {
        3 => None,
        2 | 4 => Some(true),
        _ => Some(false),
    }
}

/// The text of a call log line.
pub fn call_text(kind: i64, duration_secs: i64) -> String {
    let d = duration_secs.max(0);
    let length = if d >= 3600 {
        format!("{}:{:02}:{:02}", d / 3600, d / 60 % 60, d % 60)
    } else {
        format!("{}:{:02}", d / 60, d % 60)
    };
    match kind {
        1 => format!("Incoming call, {length}"),
        2 => format!("Outgoing call, {length}"),
        3 => "Missed call".to_owned(),
        4 => format!("Voicemail, {length}"),
        5 => "Rejected call".to_owned(),
        6 => "Blocked call".to_owned(),
        n => format!("Call (type {n}), {length}"),
    }
}

/// An MMS being read: its attributes, then its parts and addresses.
#[derive(Debug, Default)]
pub struct Mms {
    pub date: Option<i64>,
    pub msg_box: i64,
    pub address: Option<String>,
    pub contact: Option<String>,
    pub texts: Vec<String>,
    pub attachments: Vec<Attachment>,
    /// `(address, type)` of each `<addr>`.
    pub addrs: Vec<(String, i64)>,
}

impl Mms {
    pub fn open(a: &Attrs<'_>, repairs: &mut Repairs) -> Self {
        Mms {
            date: a.int("date"),
            msg_box: a.int("msg_box").unwrap_or(1),
            address: text(a, "address", repairs),
            contact: text(a, "contact_name", repairs),
            ..Mms::default()
        }
    }

    /// The addresses of the thread: `address`, else the `<addr>` list.
    pub fn addresses(&self) -> Vec<&str> {
        match self.address.as_deref().map(phone::split_addresses) {
            Some(list) => {
                let v: Vec<&str> = list.collect();
                if v.is_empty() { self.addr_list() } else { v }
            }
            None => self.addr_list(),
        }
    }

    fn addr_list(&self) -> Vec<&str> {
        self.addrs.iter().map(|(a, _)| a.as_str()).collect()
    }

    /// The `<addr type="137">` (From), unless it is the own-number token.
    pub fn from(&self) -> Option<&str> {
        self.addrs
            .iter()
            .find(|(a, t)| *t == 137 && a.trim() != OWN_TOKEN)
            .map(|(a, _)| a.as_str())
    }
}

/// Counts of what could not be kept, for the summary warnings.
#[derive(Debug, Default)]
pub struct Losses {
    pub missing_data: u64,
}

/// Reads one `<part>` into the MMS: text, or an attachment stored via the sink.
pub fn part(
    mms: &mut Mms,
    a: &Attrs<'_>,
    repairs: &mut Repairs,
    losses: &mut Losses,
    sink: &mut dyn Sink,
) -> Result<(), SinkError> {
    let ct = text(a, "ct", repairs)
        .unwrap_or_default()
        .to_ascii_lowercase();
    if ct == "application/smil" {
        return Ok(());
    }
    if ct.starts_with("text/plain") {
        if let Some(t) = text(a, "text", repairs).filter(|t| !t.is_empty()) {
            mms.texts.push(t);
        }
        return Ok(());
    }
    let seq = a.int("seq").unwrap_or(0);
    let name = ["cl", "name", "fn"]
        .iter()
        .filter_map(|k| text(a, k, repairs))
        .find(|n| !n.trim().is_empty())
        .unwrap_or_else(|| format!("part-{seq}.{}", extension_of(&ct)));
    let mut att = Attachment::named(name.clone());
    att.media_kind = kind_of(&ct, &name);
    att.mime = Some(ct).filter(|c| !c.is_empty());
    let stored = if let Some(data) = a.raw("data") {
        Some(sink.media(&name, &mut Base64Reader::new(data))?)
    } else if let Some(t) = a.raw("text") {
        // vCards and other text parts carry their content in `text`.
        let content = decode(t, repairs);
        Some(sink.media(&name, &mut content.as_bytes())?)
    } else {
        losses.missing_data += 1;
        None
    };
    if let Some(s) = stored {
        att.content_hash = Some(s.content_hash);
        att.size = Some(s.size);
    }
    mms.attachments.push(att);
    Ok(())
}

fn kind_of(ct: &str, name: &str) -> MediaKind {
    match ct.split('/').next().unwrap_or_default() {
        _ if ct == "image/gif" => MediaKind::Gif,
        "image" => MediaKind::Image,
        "video" => MediaKind::Video,
        "audio" => MediaKind::Audio,
        _ if ct.contains("vcard") => MediaKind::Contact,
        _ => MediaKind::from_file_name(name),
    }
}

fn extension_of(ct: &str) -> &str {
    match ct {
        "image/jpeg" => "jpg",
        "text/x-vcard" | "text/vcard" => "vcf",
        _ => ct
            .rsplit('/')
            .next()
            .filter(|e| !e.is_empty() && e.bytes().all(|b| b.is_ascii_alphanumeric()))
            .unwrap_or("bin"),
    }
}

/// Places a finished MMS in its thread. Returns `false` for drafts.
pub fn emit_mms(
    mms: Mms,
    sent_at: Timestamp,
    threads: &mut Threads,
    sink: &mut dyn Sink,
) -> Result<bool, SinkError> {
    let Some(mine) = mms_is_mine(mms.msg_box) else {
        return Ok(false);
    };
    let members = threads.members(mms.addresses().into_iter());
    let chat = threads.chat(&members, mms.contact.as_deref(), sink)?;
    let sender = if mine {
        ME.to_owned()
    } else {
        received_from(&mms, &members, threads, chat, sink)?
    };
    let mut m = Message::text(Some(sender), sent_at, mms.texts.join("\n"));
    if !mms.attachments.is_empty() {
        m.kind = MessageKind::Media;
    }
    m.attachments = mms.attachments;
    sink.message(chat, m)?;
    Ok(true)
}

/// The sender key of a received MMS, added to the chat if it is new there.
fn received_from(
    mms: &Mms,
    members: &[Member],
    threads: &Threads,
    chat: ChatHandle,
    sink: &mut dyn Sink,
) -> Result<String, SinkError> {
    let Some(raw) = mms.from() else {
        return Ok(members
            .first()
            .map(|m| m.key.clone())
            .unwrap_or_else(|| ME.to_owned()));
    };
    let key = phone::normalise(raw);
    if Some(key.as_str()) == threads.own() {
        return Ok(ME.to_owned());
    }
    if !members.iter().any(|m| m.key == key) {
        let mut p = Participant::named(raw.trim());
        p.key = key.clone();
        p.phone = Some(raw.trim().to_owned());
        sink.participant(chat, p)?;
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_or_milliseconds() {
        let utc = chrono_tz::UTC;
        for (v, want) in [
            (1_700_000_000_000, "2023-11-14T22:13:20+00:00"),
            (1_700_000_000, "2023-11-14T22:13:20+00:00"),
            (100_000_000_000, "1973-03-03T09:46:40+00:00"),
            (0, "1970-01-01T00:00:00+00:00"),
        ] {
            assert_eq!(timestamp(v, &utc).unwrap().to_rfc3339(), want, "{v}");
        }
        assert!(timestamp(i64::MAX, &utc).is_none());
        assert!(timestamp(i64::MIN, &utc).is_none());
        let berlin = timestamp(1_700_000_000_000, &chrono_tz::Europe::Berlin).unwrap();
        assert_eq!(berlin.to_rfc3339(), "2023-11-14T23:13:20+01:00");
    }

    #[test]
    fn directions() {
        let sms: Vec<_> = (0..=7).map(sms_is_mine).collect();
        assert_eq!(
            sms,
            [
                Some(false),
                Some(false),
                Some(true),
                None,
                Some(true),
                Some(true),
                Some(true),
                Some(false)
            ]
        );
        assert_eq!(mms_is_mine(1), Some(false));
        assert_eq!(mms_is_mine(2), Some(true));
        assert_eq!(mms_is_mine(3), None);
    }

    #[test]
    fn call_texts() {
        for (kind, secs, want) in [
            (1, 125, "Incoming call, 2:05"),
            (2, 3725, "Outgoing call, 1:02:05"),
            (3, 0, "Missed call"),
            (4, 7, "Voicemail, 0:07"),
            (5, 0, "Rejected call"),
            (6, 0, "Blocked call"),
            (9, -5, "Call (type 9), 0:00"),
        ] {
            assert_eq!(call_text(kind, secs), want);
        }
    }

    #[test]
    fn part_kinds_and_extensions() {
        assert_eq!(kind_of("image/gif", "x"), MediaKind::Gif);
        assert_eq!(kind_of("image/png", "x"), MediaKind::Image);
        assert_eq!(kind_of("text/x-vcard", "x"), MediaKind::Contact);
        assert_eq!(kind_of("application/pdf", "a.pdf"), MediaKind::Document);
        assert_eq!(extension_of("image/jpeg"), "jpg");
        assert_eq!(extension_of("audio/amr"), "amr");
        assert_eq!(extension_of("application/vnd.x+y"), "bin");
    }
}
