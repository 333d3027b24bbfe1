//! Reading the rebuilt database whatever its version: which tables and
//! columns exist, who the recipients are, and who "me" is.
//!
//! Signal-Android renamed much over the years: `sms` + `mms` became one
//! `message` table (database version 168), `part` became `attachment`,
//! `uuid` became `aci`, `recipient_ids` became `thread_recipient_id`.
//! [`Schema`] answers "which of these columns exists" so the queries can
//! be built for the database at hand.

use rusqlite::Connection;
use rusqlite::types::ValueRef;
use std::collections::{HashMap, HashSet};

/// Tables and their columns (lowercase).
#[derive(Debug, Default)]
pub struct Schema {
    tables: HashMap<String, HashSet<String>>,
}

impl Schema {
    pub fn read(conn: &Connection) -> rusqlite::Result<Schema> {
        let mut tables = HashMap::new();
        let names: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<_, _>>()?;
        for name in names {
            let mut cols = HashSet::new();
            let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
            let rows = stmt.query_map([&name], |r| r.get::<_, String>(0))?;
            for c in rows {
                cols.insert(c?.to_ascii_lowercase());
            }
            tables.insert(name.to_ascii_lowercase(), cols);
        }
        Ok(Schema { tables })
    }

    pub fn has_table(&self, t: &str) -> bool {
        self.tables.contains_key(t)
    }

    pub fn has(&self, t: &str, c: &str) -> bool {
        self.tables.get(t).is_some_and(|cols| cols.contains(c))
    }

    /// The first of `candidates` that `t` has.
    pub fn pick(&self, t: &str, candidates: &[&'static str]) -> Option<&'static str> {
        candidates.iter().copied().find(|c| self.has(t, c))
    }

    /// A select expression: the first existing candidate, else `NULL`.
    pub fn expr(&self, t: &str, candidates: &[&'static str]) -> &'static str {
        self.pick(t, candidates).unwrap_or("NULL")
    }
}

/// A row of the `recipient` table, reduced to what Ferry needs.
#[derive(Debug, Clone, Default)]
pub struct Recipient {
    pub id: i64,
    pub aci: Option<String>,
    pub phone: Option<String>,
    pub group_id: Option<String>,
    pub username: Option<String>,
    pub name: Option<String>,
}

impl Recipient {
    /// The identity that stays the same across backups (row ids do not):
    /// group id, ACI, phone number, username, and only as a last resort
    /// the row id.
    pub fn key(&self) -> String {
        self.group_id
            .clone()
            .or_else(|| self.aci.clone())
            .or_else(|| self.phone.clone())
            .or_else(|| self.username.clone())
            .unwrap_or_else(|| format!("recipient:{}", self.id))
    }

    pub fn is_group(&self) -> bool {
        self.group_id.is_some()
    }

    /// What to call the recipient.
    pub fn display(&self) -> String {
        self.name
            .clone()
            .or_else(|| self.phone.clone())
            .or_else(|| self.username.clone())
            .or_else(|| self.aci.clone())
            .unwrap_or_else(|| format!("Recipient {}", self.id))
    }
}

fn text(v: ValueRef<'_>) -> Option<String> {
    match v {
        ValueRef::Text(t) => {
            let s = String::from_utf8_lossy(t).trim().to_owned();
            (!s.is_empty()).then_some(s)
        }
        ValueRef::Integer(i) => Some(i.to_string()),
        _ => None,
    }
}

/// Every recipient by row id (a few thousand at most: contacts, groups).
pub fn recipients(conn: &Connection, schema: &Schema) -> rusqlite::Result<HashMap<i64, Recipient>> {
    let mut out = HashMap::new();
    if !schema.has_table("recipient") {
        return Ok(out);
    }
    let mut stmt = conn.prepare("SELECT * FROM recipient")?;
    let names: Vec<String> = stmt
        .column_names()
        .iter()
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let idx = |n: &str| names.iter().position(|c| c == n);
    let pick = |cands: &[&str]| cands.iter().filter_map(|c| idx(c)).collect::<Vec<_>>();
    let id_col = idx("_id");
    let aci_cols = pick(&["aci", "service_id", "uuid"]);
    let phone_cols = pick(&["e164", "phone"]);
    let group_cols = pick(&["group_id"]);
    let user_cols = pick(&["username"]);
    let name_cols = pick(&[
        "nickname_joined_name",
        "system_joined_name",
        "system_display_name",
        "profile_joined_name",
        "signal_profile_name",
    ]);
    let given = idx("profile_given_name");
    let family = idx("profile_family_name");
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let get = |cols: &[usize]| {
            cols.iter()
                .find_map(|&i| row.get_ref(i).ok().and_then(text))
        };
        let Some(id) = id_col.and_then(|i| row.get::<_, i64>(i).ok()) else {
            continue;
        };
        let profile = [given, family]
            .iter()
            .flatten()
            .filter_map(|&i| row.get_ref(i).ok().and_then(text))
            .collect::<Vec<_>>()
            .join(" ");
        let name = get(&name_cols).or_else(|| (!profile.is_empty()).then_some(profile));
        out.insert(
            id,
            Recipient {
                id,
                aci: get(&aci_cols),
                phone: get(&phone_cols),
                group_id: get(&group_cols),
                username: get(&user_cols),
                name,
            },
        );
    }
    Ok(out)
}

/// A group's title and member recipient ids, by group id.
pub type Groups = HashMap<String, (Option<String>, Vec<i64>)>;

/// Group titles and member recipient ids, by group id.
pub fn groups(conn: &Connection, schema: &Schema) -> rusqlite::Result<Groups> {
    let mut out: Groups = HashMap::new();
    if !schema.has("groups", "group_id") {
        return Ok(out);
    }
    let title = schema.expr("groups", &["title"]);
    let members = schema.expr("groups", &["members"]);
    let sql = format!("SELECT group_id, {title}, {members} FROM groups");
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let Some(gid) = row.get_ref(0).ok().and_then(text) else {
            continue;
        };
        let title = row.get_ref(1).ok().and_then(text);
        // Before `group_membership`, members were a comma-separated list.
        let ids = row
            .get_ref(2)
            .ok()
            .and_then(text)
            .map(|m| m.split(',').filter_map(|s| s.trim().parse().ok()).collect())
            .unwrap_or_default();
        out.insert(gid, (title, ids));
    }
    if schema.has("group_membership", "group_id") && schema.has("group_membership", "recipient_id")
    {
        let mut stmt = conn.prepare("SELECT group_id, recipient_id FROM group_membership")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let (Some(gid), Ok(rid)) = (row.get_ref(0).ok().and_then(text), row.get::<_, i64>(1))
            else {
                continue;
            };
            let entry = out.entry(gid).or_default();
            if !entry.1.contains(&rid) {
                entry.1.push(rid);
            }
        }
    }
    Ok(out)
}

/// What the backup says about its owner, collected from key-value and
/// preference frames while the stream is read.
#[derive(Debug, Default, Clone)]
pub struct Account {
    pub aci: Option<String>,
    pub phone: Option<String>,
}

impl Account {
    /// Notes a key-value or preference entry that names the owner.
    pub fn note(&mut self, key: &str, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        match key {
            "account.aci" | "pref_local_uuid" => self.aci = Some(value.to_owned()),
            "account.e164" | "pref_local_number" => self.phone = Some(value.to_owned()),
            _ => {}
        }
    }
}

/// The owner's recipient row id: from the account data when the backup
/// has it, else the author of most outgoing messages (in databases where
/// messages name their author).
pub fn self_id(
    conn: &Connection,
    schema: &Schema,
    recipients: &HashMap<i64, Recipient>,
    account: &Account,
    me: Option<&str>,
) -> Option<i64> {
    let by_account = recipients.values().find(|r| {
        (account.aci.is_some()
            && r.aci.as_deref().map(str::to_ascii_lowercase)
                == account.aci.as_deref().map(str::to_ascii_lowercase))
            || (account.phone.is_some() && r.phone == account.phone)
    });
    if let Some(r) = by_account {
        return Some(r.id);
    }
    if schema.has("message", "from_recipient_id") && schema.has("message", "type") {
        // Base types 21-26 are outgoing messages.
        let found = conn
            .query_row(
                "SELECT from_recipient_id FROM message WHERE (type & 31) BETWEEN 21 AND 26 \
                 GROUP BY from_recipient_id ORDER BY count(*) DESC LIMIT 1",
                [],
                |r| r.get::<_, i64>(0),
            )
            .ok();
        if found.is_some() {
            return found;
        }
    }
    let me = me?;
    recipients
        .values()
        .find(|r| r.phone.as_deref() == Some(me) || r.name.as_deref() == Some(me))
        .map(|r| r.id)
}
