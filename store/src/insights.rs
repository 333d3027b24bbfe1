//! Insights: message counts per month, per sender and per weekday x hour,
//! all from one pass over three narrow columns of the chat's messages.
//!
//! Local time is the message's own offset (`sent_at` is UTC milliseconds,
//! `sent_tz` the sender's offset in seconds), so "09:00" means nine in the
//! morning where the message was written. Calendar arithmetic is integer
//! math on local seconds (`civil_from_days`); the month of a day is computed
//! once per run of messages on that day. Senders are counted by participant
//! row id and resolved to display names at the end (the same person is a
//! participant row per chat, so counts are merged by name).

use crate::{Insights, Library, StoreError};
use rusqlite::params;
use std::collections::{BTreeMap, HashMap};

const SECS_PER_DAY: i64 = 86_400;

/// (year, month 1..=12) of a day counted from 1970-01-01 in the proleptic
/// Gregorian calendar (H. Hinnant's `civil_from_days`); `None` on overflow.
pub(crate) fn civil_from_days(days: i64) -> Option<(i64, i64)> {
    let z = days.checked_add(719_468)?;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = era.checked_mul(400)?.checked_add(yoe)?;
    Some((if month <= 2 { year + 1 } else { year }, month))
}

/// Running counts of one pass.
#[derive(Default)]
struct Tally {
    messages: u64,
    /// year * 12 + (month - 1) -> count.
    per_month: BTreeMap<i64, u64>,
    per_sender_id: HashMap<i64, u64>,
    hour_weekday: [[u64; 24]; 7],
    /// The last local day seen and its month key (rows come mostly in time order).
    day_cache: Option<(i64, Option<i64>)>,
}

impl Tally {
    fn add(&mut self, sent_at: i64, sent_tz: i64, sender: Option<i64>) {
        self.messages += 1;
        if let Some(id) = sender {
            *self.per_sender_id.entry(id).or_insert(0) += 1;
        }
        let Some(local) = sent_at.div_euclid(1000).checked_add(sent_tz) else {
            return;
        };
        let day = local.div_euclid(SECS_PER_DAY);
        let month = match self.day_cache {
            Some((d, month)) if d == day => month,
            _ => {
                // Years 0000-9999 only, as SQLite's strftime printed them.
                let month = civil_from_days(day)
                    .filter(|(y, _)| (0..=9999).contains(y))
                    .map(|(y, m)| y * 12 + m - 1);
                self.day_cache = Some((day, month));
                month
            }
        };
        let Some(month) = month else {
            return;
        };
        *self.per_month.entry(month).or_insert(0) += 1;
        // 1970-01-01 was a Thursday; rows start on Monday.
        let weekday = usize::try_from((day + 3).rem_euclid(7)).unwrap_or(0);
        let hour = usize::try_from(local.rem_euclid(SECS_PER_DAY) / 3600).unwrap_or(0);
        if let Some(cell) = self
            .hour_weekday
            .get_mut(weekday)
            .and_then(|r| r.get_mut(hour))
        {
            *cell += 1;
        }
    }
}

impl Library {
    /// Counts for one chat, or the whole library with `None`.
    pub fn insights(&self, chat: Option<i64>) -> Result<Insights, StoreError> {
        let mut tally = Tally::default();
        let mut scan = |rows: &mut rusqlite::Rows<'_>| -> Result<(), StoreError> {
            while let Some(r) = rows.next()? {
                tally.add(r.get(0)?, r.get(1)?, r.get(2)?);
            }
            Ok(())
        };
        match chat {
            None => {
                let mut stmt = self
                    .conn
                    .prepare_cached("SELECT sent_at, sent_tz, sender_id FROM messages")?;
                scan(&mut stmt.query([])?)?;
            }
            Some(chat) if self.holds_most_messages(chat)? => {
                // Reading the table in order beats an index walk plus a row
                // lookup per message; `+` keeps SQLite off the index.
                let mut stmt = self.conn.prepare_cached(
                    "SELECT sent_at, sent_tz, sender_id FROM messages WHERE +chat_id = ?1",
                )?;
                scan(&mut stmt.query([chat])?)?;
            }
            Some(chat) => {
                let mut stmt = self.conn.prepare_cached(
                    "SELECT sent_at, sent_tz, sender_id FROM messages WHERE chat_id = ?1",
                )?;
                scan(&mut stmt.query([chat])?)?;
            }
        }

        let (lo, hi) = chat.map_or((i64::MIN, i64::MAX), |c| (c, c));
        let mut by_name: HashMap<String, u64> = HashMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM participants WHERE chat_id BETWEEN ?1 AND ?2")?;
        let mut rows = stmt.query(params![lo, hi])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if let Some(n) = tally.per_sender_id.get(&id) {
                *by_name.entry(r.get(1)?).or_insert(0) += n;
            }
        }
        let mut per_sender: Vec<(String, u64)> = by_name.into_iter().collect();
        per_sender.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

        let per_month = tally
            .per_month
            .iter()
            .map(|(key, n)| {
                let (year, month) = (key.div_euclid(12), key.rem_euclid(12) + 1);
                (format!("{year:04}-{month:02}"), *n)
            })
            .collect();
        Ok(Insights {
            messages: tally.messages,
            per_month,
            per_sender,
            hour_weekday: tally.hour_weekday.iter().map(|r| r.to_vec()).collect(),
        })
    }

    /// Whether a chat holds at least a quarter of the library's messages.
    fn holds_most_messages(&self, chat: i64) -> Result<bool, StoreError> {
        let (this, all): (i64, i64) = self
            .conn
            .prepare_cached(
                "SELECT coalesce(sum(CASE WHEN id = ?1 THEN message_count END), 0),
                        coalesce(sum(message_count), 0) FROM chats",
            )?
            .query_row([chat], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(this.saturating_mul(4) >= all)
    }
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    /// Known days, around leap days, century rules and before the epoch.
    #[test]
    fn civil_from_days_table() {
        let cases = [
            (0, (1970, 1)),
            (-1, (1969, 12)),
            (31, (1970, 2)),
            (11_015, (2000, 2)), // 2000-02-28
            (11_016, (2000, 2)), // 2000-02-29 (leap: divisible by 400)
            (11_017, (2000, 3)),
            (19_782, (2024, 2)), // 2024-02-29
            (19_783, (2024, 3)),
            (-25_508, (1900, 3)), // 1900-03-01 (1900 is not a leap year)
            (-25_509, (1900, 2)),
            (-719_528, (0, 1)),      // 0000-01-01
            (2_932_896, (9999, 12)), // 9999-12-31
        ];
        for (days, expected) in cases {
            assert_eq!(civil_from_days(days), Some(expected), "day {days}");
        }
        assert_eq!(civil_from_days(i64::MAX), None);
    }
}
