//! The fields of one Google Chat message that need more than a lookup:
//! people (`creator`, `members`), `reactions` and `annotations`.

use ferry_model::{Message, MessageKind, Participant, Reaction};
use serde_json::Value;

/// A person (`{name, email, user_type}`) as a participant keyed by e-mail
/// (else name).
pub fn person(v: &Value) -> Option<Participant> {
    let s = |k: &str| v.get(k).and_then(Value::as_str).filter(|s| !s.is_empty());
    let email = s("email");
    let name = s("name").or(email)?;
    let mut p = Participant::named(name);
    if let Some(email) = email {
        p.key = email.to_owned();
        p.handle = Some(email.to_owned());
    }
    Some(p)
}

/// A string field of a JSON object.
pub fn str_of<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

/// `reactions[]`: one reaction per reactor.
pub fn reactions(m: &Value) -> Vec<Reaction> {
    let mut out = Vec::new();
    for r in m
        .get("reactions")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let emoji = r.get("emoji");
        let custom = emoji.and_then(|e| e.get("custom_emoji"));
        let Some(emoji) = emoji
            .and_then(|e| str_of(e, "unicode"))
            .map(str::to_owned)
            .or_else(|| {
                let c = custom?;
                let name = str_of(c, "short_code")
                    .or_else(|| str_of(c, "name"))
                    .or_else(|| str_of(c, "uid"))?;
                Some(if name.starts_with(':') {
                    name.to_owned()
                } else {
                    format!(":{name}:")
                })
            })
        else {
            continue;
        };
        let by: Vec<&str> = r
            .get("reactor_emails")
            .and_then(Value::as_array)
            .map(|l| l.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if by.is_empty() {
            out.push(Reaction {
                emoji: emoji.clone(),
                by: None,
                at: None,
            });
        }
        for who in by {
            out.push(Reaction {
                emoji: emoji.clone(),
                by: Some(who.to_owned()),
                at: None,
            });
        }
    }
    out
}

/// Annotations that say what a message without text was: a Meet call or a
/// Drive file.
pub fn annotate(m: &Value, msg: &mut Message) {
    for a in m
        .get("annotations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(call) = a.get("video_call_metadata") {
            msg.kind = MessageKind::Call;
            if msg.text.is_empty() {
                let url = call
                    .get("meeting_space")
                    .and_then(|s| str_of(s, "meeting_url").or_else(|| str_of(s, "meeting_code")));
                msg.text = match url {
                    Some(u) => format!("Video call {u}"),
                    None => "Video call".to_owned(),
                };
            }
        } else if let Some(drive) = a.get("drive_metadata")
            && msg.text.is_empty()
            && let Some(title) = str_of(drive, "title")
        {
            msg.text = format!("Google Drive: {title}");
        }
    }
}
