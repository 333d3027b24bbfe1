//! Library and chat statistics in one streaming pass over the messages.

use crate::read::timestamp;
use crate::{Library, Stats, StoreError};
use chrono::{Datelike, Timelike};
use rusqlite::params;
use std::collections::HashMap;

impl Library {
    /// Counts for one chat, or the whole library with `None`.
    pub fn stats(&self, chat: Option<i64>) -> Result<Stats, StoreError> {
        let (lo, hi) = chat.map_or((i64::MIN, i64::MAX), |c| (c, c));
        let mut stats = Stats {
            messages: 0,
            attachments: 0,
            attachment_bytes: 0,
            first: None,
            last: None,
            per_sender: Vec::new(),
            per_month: Vec::new(),
            per_kind: Vec::new(),
            hour_weekday: [[0; 24]; 7],
        };
        let (count, bytes): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT count(*), coalesce(sum(a.size), 0) FROM attachments a
                 JOIN messages m ON m.id = a.message_id WHERE m.chat_id BETWEEN ?1 AND ?2",
            )?
            .query_row(params![lo, hi], |r| Ok((r.get(0)?, r.get(1)?)))?;
        stats.attachments = u64::try_from(count).unwrap_or(0);
        stats.attachment_bytes = u64::try_from(bytes).unwrap_or(0);

        let mut per_sender: HashMap<Option<i64>, u64> = HashMap::new();
        let mut per_month: HashMap<(i32, u32), u64> = HashMap::new();
        let mut per_kind: HashMap<String, u64> = HashMap::new();
        let mut first: Option<(i64, i64, i64)> = None;
        let mut last: Option<(i64, i64, i64)> = None;
        // One chat: its index range; the whole library: a plain table scan.
        let mut stmt = self.conn.prepare_cached(if chat.is_some() {
            "SELECT id, sent_at, sent_tz, kind, sender_id FROM messages
             WHERE chat_id BETWEEN ?1 AND ?2"
        } else {
            "SELECT id, sent_at, sent_tz, kind, sender_id FROM messages NOT INDEXED
             WHERE ?1 <= ?2"
        })?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let at: i64 = r.get(1)?;
            let tz: i64 = r.get(2)?;
            stats.messages += 1;
            if first.is_none_or(|f| at < f.0) {
                first = Some((at, tz, id));
            }
            if last.is_none_or(|l| at >= l.0) {
                last = Some((at, tz, id));
            }
            let local = timestamp("messages", id, at, tz)?.0;
            *per_month.entry((local.year(), local.month())).or_default() += 1;
            let weekday = local.weekday().num_days_from_monday() as usize;
            let hour = local.hour() as usize;
            if let Some(cell) = stats
                .hour_weekday
                .get_mut(weekday)
                .and_then(|d| d.get_mut(hour))
            {
                *cell += 1;
            }
            let kind = r.get_ref(3)?.as_str().map_err(rusqlite::Error::from)?;
            match per_kind.get_mut(kind) {
                Some(n) => *n += 1,
                None => {
                    per_kind.insert(kind.to_owned(), 1);
                }
            }
            *per_sender.entry(r.get(4)?).or_default() += 1;
        }
        drop(rows);
        stats.first = first
            .map(|(at, tz, id)| timestamp("messages", id, at, tz))
            .transpose()?;
        stats.last = last
            .map(|(at, tz, id)| timestamp("messages", id, at, tz))
            .transpose()?;

        // Senders by display name (the same person may be a participant of several chats).
        let mut by_name: HashMap<String, u64> = HashMap::new();
        let mut name_of = self
            .conn
            .prepare_cached("SELECT name FROM participants WHERE id = ?1")?;
        for (sender, n) in per_sender {
            let Some(id) = sender else { continue };
            let name: String = name_of.query_row([id], |r| r.get(0))?;
            *by_name.entry(name).or_default() += n;
        }
        stats.per_sender = sorted_desc(by_name);
        stats.per_kind = sorted_desc(per_kind);
        let mut months: Vec<_> = per_month.into_iter().collect();
        months.sort_unstable();
        stats.per_month = months
            .into_iter()
            .map(|((y, m), n)| (format!("{y:04}-{m:02}"), n))
            .collect();
        Ok(stats)
    }
}

fn sorted_desc(map: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<_> = map.into_iter().collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}
