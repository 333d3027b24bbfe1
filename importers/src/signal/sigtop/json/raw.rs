//! The message objects of a sigtop JSON file as serde reads them: only the
//! keys Ferry uses, strings borrowed from the line where they have no
//! escapes. Desktop renamed some keys over time; both spellings are here.

use crate::json_str::JsonStr;
use serde::Deserialize;

pub(super) type S<'a> = Option<JsonStr<'a>>;

#[derive(Debug, Deserialize)]
pub(super) struct Raw<'a> {
    #[serde(rename = "conversationId", borrow)]
    pub(super) conversation_id: S<'a>,
    #[serde(rename = "type", borrow)]
    pub(super) ty: S<'a>,
    #[serde(borrow)]
    pub(super) body: S<'a>,
    pub(super) sent_at: Option<i64>,
    pub(super) timestamp: Option<i64>,
    #[serde(rename = "sourceServiceId", borrow)]
    pub(super) source_service_id: S<'a>,
    #[serde(rename = "sourceUuid", borrow)]
    pub(super) source_uuid: S<'a>,
    #[serde(borrow)]
    pub(super) source: S<'a>,
    #[serde(default, borrow)]
    pub(super) attachments: Vec<RawAttachment<'a>>,
    #[serde(default, borrow)]
    pub(super) reactions: Vec<RawReaction<'a>>,
    #[serde(borrow)]
    pub(super) quote: Option<RawQuote<'a>>,
    #[serde(rename = "editHistory", default, borrow)]
    pub(super) edit_history: Vec<RawEdit<'a>>,
    #[serde(rename = "editMessageTimestamp")]
    pub(super) edit_message_timestamp: Option<i64>,
    #[serde(rename = "deletedForEveryone")]
    pub(super) deleted_for_everyone: Option<bool>,
    #[serde(borrow)]
    pub(super) sticker: Option<RawSticker<'a>>,
    #[serde(rename = "expirationTimerUpdate")]
    pub(super) expiration_timer_update: Option<TimerUpdate>,
    #[serde(rename = "callHistoryDetails")]
    pub(super) call_history_details: Option<CallDetails>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RawAttachment<'a> {
    #[serde(rename = "contentType", borrow)]
    pub(super) content_type: S<'a>,
    #[serde(rename = "fileName", borrow)]
    pub(super) file_name: S<'a>,
    pub(super) size: Option<u64>,
    #[serde(borrow)]
    pub(super) path: S<'a>,
    #[serde(default)]
    pub(super) flags: Option<u32>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RawReaction<'a> {
    #[serde(borrow)]
    pub(super) emoji: S<'a>,
    #[serde(rename = "fromId", borrow)]
    pub(super) from_id: S<'a>,
    pub(super) timestamp: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RawQuote<'a> {
    pub(super) id: Option<i64>,
    #[serde(rename = "authorAci", borrow)]
    pub(super) author_aci: S<'a>,
    #[serde(rename = "authorUuid", borrow)]
    pub(super) author_uuid: S<'a>,
    #[serde(borrow)]
    pub(super) author: S<'a>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RawEdit<'a> {
    #[serde(borrow)]
    #[allow(dead_code)]
    pub(super) body: S<'a>,
    pub(super) timestamp: Option<i64>,
}

#[derive(Debug, Deserialize)]
pub(super) struct RawSticker<'a> {
    #[serde(rename = "packId", borrow)]
    pub(super) pack_id: S<'a>,
    #[serde(rename = "stickerId")]
    pub(super) sticker_id: Option<i64>,
    #[serde(borrow)]
    pub(super) emoji: S<'a>,
}

#[derive(Debug, Deserialize)]
pub(super) struct TimerUpdate {
    #[serde(rename = "expireTimer")]
    pub(super) expire_timer: Option<u64>,
}

#[derive(Debug, Deserialize)]
pub(super) struct CallDetails {
    #[serde(rename = "wasIncoming")]
    pub(super) was_incoming: Option<bool>,
    #[serde(rename = "wasVideoCall")]
    pub(super) was_video_call: Option<bool>,
    #[serde(rename = "wasDeclined")]
    pub(super) was_declined: Option<bool>,
    #[serde(rename = "acceptedTime")]
    pub(super) accepted_time: Option<i64>,
}
