//! Insights: message counts per month, per sender and per weekday x hour,
//! each computed by one `GROUP BY` in SQLite (no message rows reach Rust).
//!
//! Local time is the message's own offset (`sent_at` is UTC milliseconds,
//! `sent_tz` the sender's offset in seconds), so "09:00" means nine in the
//! morning where the message was written.

use crate::{Insights, Library, StoreError};
use rusqlite::params;

/// Local unix seconds (floored, also before 1970) of a message row `m`.
const LOCAL_SECS: &str = "((m.sent_at - ((m.sent_at % 1000) + 1000) % 1000) / 1000 + m.sent_tz)";

impl Library {
    /// Counts for one chat, or the whole library with `None`.
    pub fn insights(&self, chat: Option<i64>) -> Result<Insights, StoreError> {
        let (lo, hi) = chat.map_or((i64::MIN, i64::MAX), |c| (c, c));
        let count = |n: i64| u64::try_from(n).unwrap_or(0);

        let messages: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM messages m WHERE m.chat_id BETWEEN ?1 AND ?2")?
            .query_row(params![lo, hi], |r| r.get(0))?;

        let mut per_month = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT strftime('%Y-%m', {LOCAL_SECS}, 'unixepoch') AS month, count(*)
             FROM messages m WHERE m.chat_id BETWEEN ?1 AND ?2
             GROUP BY month ORDER BY month"
        ))?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            let month: Option<String> = r.get(0)?;
            per_month.push((month.unwrap_or_default(), count(r.get(1)?)));
        }
        drop(rows);

        // By display name: the same person is a participant row per chat.
        let mut per_sender = Vec::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.name, count(*) AS n FROM messages m
             JOIN participants p ON p.id = m.sender_id
             WHERE m.chat_id BETWEEN ?1 AND ?2
             GROUP BY p.name ORDER BY n DESC, p.name",
        )?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            per_sender.push((r.get(0)?, count(r.get(1)?)));
        }
        drop(rows);

        // strftime('%w') is 0 for Sunday; rows here start on Monday.
        let mut hour_weekday = vec![vec![0u64; 24]; 7];
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT (CAST(strftime('%w', {LOCAL_SECS}, 'unixepoch') AS INTEGER) + 6) % 7 AS wd,
                    CAST(strftime('%H', {LOCAL_SECS}, 'unixepoch') AS INTEGER) AS hr, count(*)
             FROM messages m WHERE m.chat_id BETWEEN ?1 AND ?2
             GROUP BY wd, hr"
        ))?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            let (wd, hr): (Option<i64>, Option<i64>) = (r.get(0)?, r.get(1)?);
            let cell = wd
                .and_then(|w| usize::try_from(w).ok())
                .zip(hr.and_then(|h| usize::try_from(h).ok()))
                .and_then(|(w, h)| hour_weekday.get_mut(w)?.get_mut(h));
            if let Some(cell) = cell {
                *cell += count(r.get(2)?);
            }
        }
        drop(rows);

        Ok(Insights {
            messages: count(messages),
            per_month,
            per_sender,
            hour_weekday,
        })
    }
}
