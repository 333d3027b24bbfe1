//! `message.message_summary_info`: a binary plist that iOS 16+/macOS 13+
//! write for edited and unsent messages.
//!
//! - `ec`: edit history per message part (`"0"`, `"1"`, ...), each a list
//!   of `{t: typedstream bytes, d: seconds since 2001}`, oldest first;
//! - `rp`: the parts that were unsent (retracted).
//!
//! Ferry keeps the latest text of each edited part (used when the row's
//! own text is empty) and whether anything was unsent; older versions are
//! not kept.

use super::bplist::{self, Value};
use super::typedstream;

/// What the summary says about a message.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The latest text of every edited part, in part order.
    pub edited_text: Option<String>,
    /// Whether the history lists edits.
    pub edited: bool,
    /// Whether any part was unsent.
    pub retracted: bool,
}

/// Reads a summary blob; unreadable blobs say nothing.
pub fn read(blob: &[u8]) -> Summary {
    let Ok(root) = bplist::parse(blob) else {
        return Summary::default();
    };
    let mut summary = Summary {
        retracted: matches!(root.get("rp"), Some(Value::Array(a)) if !a.is_empty()),
        ..Summary::default()
    };
    let Some(Value::Dict(edits)) = root.get("ec") else {
        return summary;
    };
    let mut parts: Vec<(i64, &Value)> = edits
        .iter()
        .filter_map(|(k, v)| Some((k.parse().ok()?, v)))
        .collect();
    parts.sort_by_key(|(k, _)| *k);
    let mut texts = Vec::new();
    for (_, history) in parts {
        let Value::Array(versions) = history else {
            continue;
        };
        summary.edited |= !versions.is_empty();
        let latest = versions.iter().rev().find_map(|v| match v.get("t") {
            Some(Value::Data(t)) => typedstream::decode_text(t).ok().flatten(),
            _ => None,
        });
        if let Some(t) = latest {
            texts.push(t);
        }
    }
    if !texts.is_empty() {
        summary.edited_text = Some(texts.join("\n"));
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_blob_says_nothing() {
        assert_eq!(read(b"not a plist"), Summary::default());
        assert_eq!(read(b""), Summary::default());
    }
}
