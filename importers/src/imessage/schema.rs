//! What this database version has, and the small tables read up front.
//!
//! Columns were added over macOS/iOS versions (`attributedBody`,
//! `date_edited`, `thread_originator_guid`, `associated_message_emoji`,
//! ...), so every optional column is probed with `PRAGMA table_info` and
//! replaced by `NULL` when absent. Handles (one row per address *and*
//! service) and chats are small and loaded into maps.

use ferry_model::{ChatKind, Participant};
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// The columns of each table that exist in this database.
#[derive(Debug, Default)]
pub struct Schema {
    columns: HashMap<String, HashSet<String>>,
}

impl Schema {
    pub fn read(conn: &Connection) -> rusqlite::Result<Schema> {
        let mut columns = HashMap::new();
        for table in [
            "message",
            "handle",
            "chat",
            "chat_handle_join",
            "attachment",
            "message_attachment_join",
        ] {
            let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
            let names = stmt
                .query_map([], |row| row.get::<_, String>(1))?
                .collect::<rusqlite::Result<HashSet<_>>>()?;
            columns.insert(table.to_owned(), names);
        }
        Ok(Schema { columns })
    }

    pub fn has(&self, table: &str, column: &str) -> bool {
        self.columns.get(table).is_some_and(|c| c.contains(column))
    }

    pub fn has_table(&self, table: &str) -> bool {
        self.columns.get(table).is_some_and(|c| !c.is_empty())
    }

    /// `alias.column` when it exists, else `NULL`.
    pub fn col(&self, table: &str, alias: &str, column: &str) -> String {
        if self.has(table, column) {
            format!("{alias}.{column}")
        } else {
            "NULL".to_owned()
        }
    }
}

/// One row of `handle`: an address (phone or e-mail) on one service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handle {
    pub address: String,
}

/// Every handle by row id.
pub fn handles(conn: &Connection) -> rusqlite::Result<HashMap<i64, Handle>> {
    let mut stmt = conn.prepare("SELECT ROWID, id FROM handle")?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, Option<String>>(1)?.unwrap_or_default(),
        ))
    })?;
    let mut map = HashMap::new();
    for row in rows {
        let (id, address) = row?;
        map.insert(id, Handle { address });
    }
    Ok(map)
}

/// The participant for an address: keyed by the address itself, so the
/// same person on iMessage and SMS is one participant.
pub fn participant(address: &str) -> Participant {
    let is_phone = address
        .chars()
        .all(|c| c.is_ascii_digit() || "+-() ".contains(c))
        && address.chars().any(|c| c.is_ascii_digit());
    Participant {
        key: address.to_owned(),
        name: address.to_owned(),
        phone: is_phone.then(|| address.to_owned()),
        handle: (!is_phone).then(|| address.to_owned()),
        native_id: Some(address.to_owned()),
        is_me: false,
    }
}

/// Key of the "me" participant (the owner of the database).
pub const ME: &str = "me";

/// The owner of the database, named after `--me` when given.
pub fn me(name: Option<&str>) -> Participant {
    Participant {
        key: ME.to_owned(),
        name: name.unwrap_or("Me").to_owned(),
        phone: None,
        handle: None,
        native_id: None,
        is_me: true,
    }
}

/// One row of `chat` plus its members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChatRow {
    pub guid: String,
    pub identifier: String,
    pub display_name: String,
    pub style: Option<i64>,
    /// Addresses of the members (without the owner), in row order.
    pub members: Vec<String>,
}

impl ChatRow {
    /// Group when the chat has more than one other member or Messages
    /// marks it as one (`style` 43; 45 is one-to-one).
    pub fn kind(&self) -> ChatKind {
        if self.members.len() > 1 || self.style == Some(43) {
            ChatKind::Group
        } else {
            ChatKind::Direct
        }
    }

    /// The group's name, else the members' addresses, else the identifier.
    pub fn title(&self) -> String {
        if !self.display_name.trim().is_empty() {
            return self.display_name.clone();
        }
        if !self.members.is_empty() {
            return self.members.join(", ");
        }
        if !self.identifier.is_empty() {
            return self.identifier.clone();
        }
        self.guid.clone()
    }
}

/// Every chat by row id, with members from `chat_handle_join`.
pub fn chats(
    conn: &Connection,
    schema: &Schema,
    handles: &HashMap<i64, Handle>,
) -> rusqlite::Result<HashMap<i64, ChatRow>> {
    let sql = format!(
        "SELECT c.ROWID, c.guid, {ident}, {name}, {style} FROM chat c",
        ident = schema.col("chat", "c", "chat_identifier"),
        name = schema.col("chat", "c", "display_name"),
        style = schema.col("chat", "c", "style"),
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            ChatRow {
                guid: row.get::<_, Option<String>>(1)?.unwrap_or_default(),
                identifier: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
                display_name: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
                style: row.get::<_, Option<i64>>(4).ok().flatten(),
                members: Vec::new(),
            },
        ))
    })?;
    let mut map = HashMap::new();
    for row in rows {
        let (id, chat) = row?;
        map.insert(id, chat);
    }
    if schema.has_table("chat_handle_join") {
        let mut stmt = conn.prepare(
            "SELECT chat_id, handle_id FROM chat_handle_join ORDER BY chat_id, handle_id",
        )?;
        let rows = stmt.query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)))?;
        for row in rows {
            let (chat, handle) = row?;
            if let (Some(c), Some(h)) = (map.get_mut(&chat), handles.get(&handle))
                && !c.members.contains(&h.address)
            {
                c.members.push(h.address.clone());
            }
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participants_from_addresses() {
        let p = participant("+15555550101");
        assert_eq!(p.phone.as_deref(), Some("+15555550101"));
        assert_eq!(p.handle, None);
        let p = participant("bob@example.org");
        assert_eq!(p.phone, None);
        assert_eq!(p.handle.as_deref(), Some("bob@example.org"));
        assert_eq!(participant("").phone, None);
    }

    #[test]
    fn chat_kind_and_title() {
        let mut c = ChatRow {
            guid: "iMessage;-;+1555".into(),
            identifier: "+1555".into(),
            display_name: String::new(),
            style: Some(45),
            members: vec!["+1555".into()],
        };
        assert_eq!(c.kind(), ChatKind::Direct);
        assert_eq!(c.title(), "+1555");
        c.members.push("bob@example.org".into());
        assert_eq!(c.kind(), ChatKind::Group);
        assert_eq!(c.title(), "+1555, bob@example.org");
        c.display_name = "Team".into();
        assert_eq!(c.title(), "Team");
        c.members.clear();
        c.style = Some(43);
        assert_eq!(c.kind(), ChatKind::Group);
    }
}
