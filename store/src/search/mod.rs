//! Full-text search: [`crate::Library::search`] and the index behind it.
//!
//! - `tokenize`: what a token is (shared by index, query and highlights).
//! - `query`: user input -> FTS5 expression; snippets and highlight ranges.
//! - `index`: building the index after commit (`update_search_index`).
//!
//! The FTS5 table is contentless (`content=''`): it stores only the token
//! lists, the text lives once in `messages`. Snippets and highlights are
//! computed from the original text with the same tokenizer, so highlight
//! ranges always point at what the user sees. Results are newest first.
//! Messages not yet indexed are not found ([`crate::Library::index_pending`]
//! says how many there are).

mod index;
mod query;
mod tokenize;

use crate::read::{parse_app, timestamp};
use crate::{Library, SearchHit, SearchQuery, StoreError};
use rusqlite::types::Value;

impl Library {
    /// Messages matching `q`, newest first. See [`SearchQuery`] for the syntax.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>, StoreError> {
        let terms = query::parse(&q.text);
        let mut conditions: Vec<String> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        let from = if terms.is_empty() {
            "messages m".to_owned()
        } else {
            values.push(Value::Text(query::fts_expression(&terms)));
            conditions.push(format!("search_index MATCH ?{}", values.len()));
            "search_index s JOIN messages m ON m.id = s.rowid".to_owned()
        };
        if let Some(chat) = q.chat {
            values.push(Value::Integer(chat));
            conditions.push(format!("m.chat_id = ?{}", values.len()));
        }
        if let Some(app) = q.app {
            values.push(Value::Text(app.id().to_owned()));
            conditions.push(format!("c.app = ?{}", values.len()));
        }
        if let Some(since) = q.since {
            values.push(Value::Integer(since));
            conditions.push(format!("m.sent_at >= ?{}", values.len()));
        }
        if let Some(until) = q.until {
            values.push(Value::Integer(until));
            conditions.push(format!("m.sent_at < ?{}", values.len()));
        }
        if let Some(sender) = &q.sender {
            let ids = self.participants_named(sender)?;
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
            conditions.push(format!("m.sender_id IN ({list})"));
        }
        values.push(Value::Integer(i64::try_from(q.limit).unwrap_or(i64::MAX)));
        let limit = values.len();
        values.push(Value::Integer(i64::try_from(q.offset).unwrap_or(i64::MAX)));
        let offset = values.len();
        let where_clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        // Sort only (sent_at, id) of the matches, then fetch the page's rows.
        let join_chats = if q.app.is_some() {
            "JOIN chats c ON c.id = m.chat_id"
        } else {
            ""
        };
        let sql = format!(
            "SELECT m.id, m.chat_id, c.title, c.app, m.sent_at, m.sent_tz, p.name, m.text
             FROM (SELECT m.id AS id FROM {from} {join_chats} {where_clause}
                   ORDER BY m.sent_at DESC, m.id DESC LIMIT ?{limit} OFFSET ?{offset}) AS page
             JOIN messages m ON m.id = page.id
             JOIN chats c ON c.id = m.chat_id
             LEFT JOIN participants p ON p.id = m.sender_id
             ORDER BY m.sent_at DESC, m.id DESC"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, i64>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, Option<String>>(6)?,
                r.get::<_, String>(7)?,
            ))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (message_id, chat_id, chat_title, app, at, tz, sender, text) = row?;
            let ranges = query::highlight_ranges(&text, &terms);
            let (snippet, highlights) = query::snippet(&text, &ranges);
            hits.push(SearchHit {
                message_id,
                chat_id,
                chat_title,
                app: parse_app("chats", chat_id, &app)?,
                sent_at: timestamp("messages", message_id, at, tz)?,
                sender,
                snippet,
                highlights,
            });
        }
        Ok(hits)
    }

    /// Row ids of participants whose display name equals `name`, ignoring case.
    fn participants_named(&self, name: &str) -> Result<Vec<i64>, StoreError> {
        let wanted = name.trim().to_lowercase();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM participants")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
        let mut ids = Vec::new();
        for row in rows {
            let (id, n) = row?;
            if n.to_lowercase() == wanted {
                ids.push(id);
            }
        }
        Ok(ids)
    }
}
